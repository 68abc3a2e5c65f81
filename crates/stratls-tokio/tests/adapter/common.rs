//! Configs, pattern data and the runtime every test uses.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use stratls_handshake::{ClientConfig, Error, ServerConfig, Versions};
use stratls_tokio::{TlsAcceptor, TlsConnector};

/// The longest any test waits for one thing; far above what it takes.
pub const TIMEOUT: Duration = Duration::from_secs(60);

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

pub fn client(versions: Versions) -> ClientConfig {
    let mut config = stratls_test_support::client_config();
    config.shared.versions = versions;
    config.shared.alpn = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    config
}

pub fn server(versions: Versions) -> ServerConfig {
    let mut config = stratls_test_support::server_config("server-ecdsa");
    config.shared.versions = versions;
    config.shared.alpn = vec![b"http/1.1".to_vec()];
    config
}

pub fn connector(versions: Versions) -> TlsConnector {
    TlsConnector::from(Arc::new(client(versions)))
}

pub fn acceptor(versions: Versions) -> TlsAcceptor {
    TlsAcceptor::from(Arc::new(server(versions)))
}

/// `len` bytes of a pattern that depends on `seed`, so that a byte out of place shows.
pub fn pattern(seed: u64, len: usize) -> Vec<u8> {
    (0..len as u64)
        .map(|i| (i.wrapping_mul(31).wrapping_add(seed.wrapping_mul(131)) % 251) as u8)
        .collect()
}

/// The TLS error inside an adapter error.
pub fn tls_error(e: &io::Error) -> Option<&Error> {
    e.get_ref().and_then(|e| e.downcast_ref::<Error>())
}
