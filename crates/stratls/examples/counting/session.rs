//! One TLS 1.3 connection between a client and a server that each run on their own counting
//! provider, driven in memory by the tests' `Pair` (stratls-test-support): no sockets, no
//! threads, the same counts on every run.
//!
//! Parameters are pinned so that the counts follow from the protocol: TLS 1.3 only,
//! TLS_AES_128_GCM_SHA256, x25519, the ECDSA P-256 test server whose chain is
//! leaf ← intermediate (ECDSA) ← root (RSA), no client certificate.

use std::error::Error;
use std::sync::Arc;

use stratls::{CipherSuite, NamedGroup};
use stratls::{Connection, Negotiated, ServerName, Status, Versions};
use stratls_test_support::{Pair, certs, drain};

use super::{Counts, counting_provider};

/// What one session did.
#[derive(Debug)]
pub struct Outcome {
    /// The client provider's counts.
    pub client: Counts,
    /// The server provider's counts.
    pub server: Counts,
    /// What the client negotiated.
    pub negotiated: Negotiated,
    /// The message as the server echoed it back.
    pub echoed: Vec<u8>,
}

/// Runs one connection: handshake, `message` from client to server, the server's echo back,
/// close_notify from the client, then from the server.
pub fn run_session(message: &[u8]) -> Result<Outcome, Box<dyn Error>> {
    let (client_provider, client_counters) = counting_provider(stratls::default_provider());
    let (server_provider, server_counters) = counting_provider(stratls::default_provider());

    let server_config = stratls::server_config_with_provider(server_provider)
        .with_no_client_auth()
        .with_single_cert(certs::chain("server-ecdsa"), certs::key("server-ecdsa"))
        .with_versions(Versions::TLS13_ONLY)
        .with_cipher_suites(vec![CipherSuite::TLS13_AES_128_GCM_SHA256])
        .with_groups(vec![NamedGroup::X25519])
        .build()?;
    let client_config = stratls::client_config_with_provider(client_provider)
        .with_root_certificates(certs::roots("ca.pem"))
        .with_no_client_auth()
        .with_versions(Versions::TLS13_ONLY)
        .with_cipher_suites(vec![CipherSuite::TLS13_AES_128_GCM_SHA256])
        .with_groups(vec![NamedGroup::X25519])
        .build()?;

    let name = ServerName::try_from("localhost".to_string())?;
    let mut pair = Pair::from_connections(
        Connection::client(Arc::new(client_config), name)?,
        Connection::server(Arc::new(server_config))?,
    );

    pair.pump()?;
    if pair.client.status() != Status::Established || pair.server.status() != Status::Established {
        return Err("the handshake did not complete".into());
    }

    pair.client.write(message)?;
    pair.pump()?;
    let received = drain(&mut pair.server);
    pair.server.write(&received)?;
    pair.pump()?;
    let echoed = drain(&mut pair.client);

    pair.client.close();
    pair.pump()?;
    pair.server.close();
    pair.pump()?;
    if pair.client.status() != Status::PeerClosed || pair.server.status() != Status::PeerClosed {
        return Err("close_notify did not arrive on both sides".into());
    }

    Ok(Outcome {
        client: client_counters.snapshot(),
        server: server_counters.snapshot(),
        negotiated: pair
            .client
            .negotiated()
            .cloned()
            .ok_or("the client is not established")?,
        echoed,
    })
}
