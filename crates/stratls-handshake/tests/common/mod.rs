//! A client and a server driven against each other in memory: no threads, no sockets.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use stratls_crypto::CryptoProvider;
use stratls_handshake::{
    CertifiedKey, ClientAuth, ClientConfig, Connection, Error, Event, FixedTime, Observer,
    ServerConfig, SingleCert, webpki_verifier,
};
use stratls_pki::pem::{certificates_from_file, private_key_from_file};
use stratls_pki::{RootStore, ServerName, UnixTime};

pub fn provider() -> CryptoProvider {
    stratls_rustcrypto::PROVIDER
}

pub fn cert_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/certs")
}

/// 2027-06-01: inside the validity of the test tree.
pub fn time() -> Arc<FixedTime> {
    Arc::new(FixedTime(UnixTime::since_unix_epoch(Duration::from_secs(
        1_811_808_000,
    ))))
}

pub fn certified(name: &str) -> Arc<CertifiedKey> {
    let chain_file = cert_dir().join(format!("{name}.chain.pem"));
    let chain_file = if chain_file.exists() {
        chain_file
    } else {
        cert_dir().join(format!("{name}.pem"))
    };
    let chain = certificates_from_file(chain_file).expect("chain");
    let key = private_key_from_file(cert_dir().join(format!("{name}.key"))).expect("key");
    let key = provider()
        .key_loader
        .load_private_key(&key)
        .expect("key loads");
    Arc::new(CertifiedKey { chain, key })
}

pub fn roots(file: &str) -> RootStore {
    let mut store = RootStore::new();
    store
        .add_pem(&std::fs::read(cert_dir().join(file)).expect("roots"))
        .expect("roots parse");
    store
}

pub fn client_config() -> ClientConfig {
    ClientConfig::new(
        provider(),
        webpki_verifier(roots("ca.pem"), &provider()),
        time(),
    )
}

pub fn server_config(cert: &str) -> ServerConfig {
    ServerConfig::new(provider(), Arc::new(SingleCert(certified(cert))), time())
}

pub fn require_client_auth(config: &mut ServerConfig) {
    config.client_auth = ClientAuth::Required(webpki_verifier(roots("ca.pem"), &provider()));
}

pub fn name(n: &str) -> ServerName<'static> {
    ServerName::try_from(n.to_string()).expect("name")
}

/// The two ends of an in-memory connection.
pub struct Pair {
    pub client: Connection,
    pub server: Connection,
}

/// What went wrong, and on which side, when a pair stops.
#[derive(Debug)]
pub struct Failure {
    pub client: Option<Error>,
    pub server: Option<Error>,
}

impl Pair {
    pub fn new(client: ClientConfig, server: ServerConfig) -> Self {
        Self::with_name(client, server, "localhost")
    }

    pub fn with_name(client: ClientConfig, server: ServerConfig, server_name: &str) -> Self {
        Self {
            client: Connection::client(Arc::new(client), name(server_name)).expect("client starts"),
            server: Connection::server(Arc::new(server)).expect("server starts"),
        }
    }

    /// Moves bytes both ways until neither side has anything to send. `chunk` bounds how many
    /// bytes go over in one delivery (1 delivers byte by byte).
    pub fn pump_chunked(&mut self, chunk: usize) -> Result<(), Failure> {
        // Each round moves at least one byte or stops, and the data is finite.
        for _ in 0..1_000_000 {
            let c2s = self.client.take_tls();
            let s2c = self.server.take_tls();
            if c2s.is_empty() && s2c.is_empty() {
                return Ok(());
            }
            let server_result = deliver(&mut self.server, &c2s, chunk);
            let client_result = deliver(&mut self.client, &s2c, chunk);
            if server_result.is_err() || client_result.is_err() {
                // Let the alert of the failing side reach the other one.
                let c2s = self.client.take_tls();
                let s2c = self.server.take_tls();
                let server = server_result
                    .err()
                    .or_else(|| deliver(&mut self.server, &c2s, chunk).err());
                let client = client_result
                    .err()
                    .or_else(|| deliver(&mut self.client, &s2c, chunk).err());
                return Err(Failure { client, server });
            }
        }
        panic!("pump did not settle");
    }

    pub fn pump(&mut self) -> Result<(), Failure> {
        self.pump_chunked(usize::MAX)
    }

    pub fn handshake(&mut self) {
        self.pump().expect("handshake completes");
        assert!(!self.client.is_handshaking(), "client still handshaking");
        assert!(!self.server.is_handshaking(), "server still handshaking");
    }
}

/// Feeds `data` to `conn` in pieces of at most `chunk` bytes, reading plaintext away as it goes.
fn deliver(conn: &mut Connection, data: &[u8], chunk: usize) -> Result<(), Error> {
    let mut rest = data;
    while !rest.is_empty() {
        let piece = &rest[..rest.len().min(chunk)];
        let taken = conn.read_tls(piece)?;
        rest = &rest[taken..];
        if taken == 0 {
            // The plaintext buffer is full: this harness's caller reads it with `drain`.
            return Err(Error::Api("plaintext buffer full in test harness"));
        }
    }
    Ok(())
}

/// Reads all buffered plaintext.
pub fn drain(conn: &mut Connection) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = conn.read(&mut buf);
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&buf[..n]);
    }
}

/// Records every event as a line of text.
#[derive(Debug, Default)]
pub struct Recorder(pub Mutex<Vec<String>>);

impl Observer for Recorder {
    fn on_event(&self, event: &Event<'_>) {
        let line = match event {
            Event::Handshake {
                direction, message, ..
            } => format!("{direction:?} {:?}", message.typ()),
            other => format!("{other:?}"),
        };
        self.0.lock().expect("lock").push(line);
    }
}

/// Splits TLS bytes into whole records (header and body), in order.
pub fn records(mut bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while bytes.len() >= 5 {
        let len = 5 + usize::from(u16::from_be_bytes([bytes[3], bytes[4]]));
        let (record, rest) = bytes.split_at(len.min(bytes.len()));
        out.push(record.to_vec());
        bytes = rest;
    }
    out
}

/// The handshake type of a plaintext handshake record (its first message).
pub fn handshake_type(record: &[u8]) -> Option<u8> {
    (record.first() == Some(&22))
        .then(|| record.get(5).copied())
        .flatten()
}

/// A plaintext handshake record holding `message` (header included).
pub fn handshake_record(message: &[u8]) -> Vec<u8> {
    let mut r = vec![22, 3, 3];
    r.extend_from_slice(&(message.len() as u16).to_be_bytes());
    r.extend_from_slice(message);
    r
}

/// The ChangeCipherSpec record.
pub const CCS_RECORD: [u8; 6] = [20, 3, 3, 0, 1, 1];

/// A client that speaks only TLS 1.2.
pub fn tls12_client_config() -> ClientConfig {
    let mut c = client_config();
    c.versions = stratls_handshake::Versions::TLS12_ONLY;
    c
}

/// A server that speaks only TLS 1.2.
pub fn tls12_server_config(cert: &str) -> ServerConfig {
    let mut s = server_config(cert);
    s.versions = stratls_handshake::Versions::TLS12_ONLY;
    s
}

/// Sends `len` bytes each way and checks they arrive byte for byte.
pub fn exchange_data(pair: &mut Pair, len: usize) {
    let to_server: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
    let to_client: Vec<u8> = (0..len).map(|i| (i * 13 + 1) as u8).collect();
    let mut got_server = Vec::new();
    let mut got_client = Vec::new();
    let (mut sent_s, mut sent_c) = (0, 0);
    for _ in 0..100_000 {
        // At most 64 KiB a round, so that the receiver's plaintext buffer never fills.
        let s_end = (sent_s + 65536).min(len);
        let c_end = (sent_c + 65536).min(len);
        sent_s += pair
            .client
            .write(&to_server[sent_s..s_end])
            .expect("client write");
        sent_c += pair
            .server
            .write(&to_client[sent_c..c_end])
            .expect("server write");
        pair.pump().expect("data flows");
        got_server.extend(drain(&mut pair.server));
        got_client.extend(drain(&mut pair.client));
        if got_server.len() >= len && got_client.len() >= len {
            break;
        }
    }
    assert_eq!(got_server, to_server, "client to server");
    assert_eq!(got_client, to_client, "server to client");
}
