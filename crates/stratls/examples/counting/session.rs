//! One TLS 1.3 connection between a client and a server that each run on their own counting
//! provider, driven in memory: no sockets, no threads, the same counts on every run.
//!
//! Parameters are pinned so that the counts follow from the protocol: TLS 1.3 only,
//! TLS_AES_128_GCM_SHA256, x25519, the ECDSA P-256 test server whose chain is
//! leaf ← intermediate (ECDSA) ← root (RSA), no client certificate.

use std::error::Error;

use stratls::pki::pem::{certificates_from_file, private_key_from_file};
use stratls::{
    CipherSuite, ClientConfig, Connection, NamedGroup, Negotiated, RootStore, ServerConfig,
    ServerName, Status, Versions,
};

use super::{Counts, counting_provider};

/// The test certificates of the repository.
const CERTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/certs");

/// More rounds than any exchange of this session needs (a handshake settles in three).
const MAX_ROUNDS: usize = 16;

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

    let server_config = ServerConfig::builder_with_provider(server_provider)
        .with_single_cert(
            certificates_from_file(format!("{CERTS}/server-ecdsa.chain.pem"))?,
            private_key_from_file(format!("{CERTS}/server-ecdsa.key"))?,
        )
        .with_versions(Versions::TLS13_ONLY)
        .with_cipher_suites(vec![CipherSuite::TLS13_AES_128_GCM_SHA256])
        .with_groups(vec![NamedGroup::X25519])
        .build()?;
    let mut roots = RootStore::new();
    roots.add_pem(&std::fs::read(format!("{CERTS}/ca.pem"))?)?;
    let client_config = ClientConfig::builder_with_provider(client_provider)
        .with_root_certificates(roots)
        .with_versions(Versions::TLS13_ONLY)
        .with_cipher_suites(vec![CipherSuite::TLS13_AES_128_GCM_SHA256])
        .with_groups(vec![NamedGroup::X25519])
        .build()?;

    let name = ServerName::try_from("localhost".to_string())?;
    let mut client = Connection::client(client_config.inner().clone(), name)?;
    let mut server = Connection::server(server_config.inner().clone())?;

    pump(&mut client, &mut server)?;
    if client.status() != Status::Established || server.status() != Status::Established {
        return Err("the handshake did not complete".into());
    }

    client.write(message)?;
    pump(&mut client, &mut server)?;
    let received = drain(&mut server);
    server.write(&received)?;
    pump(&mut client, &mut server)?;
    let echoed = drain(&mut client);

    client.close();
    pump(&mut client, &mut server)?;
    server.close();
    pump(&mut client, &mut server)?;
    if client.status() != Status::PeerClosed || server.status() != Status::PeerClosed {
        return Err("close_notify did not arrive on both sides".into());
    }

    Ok(Outcome {
        client: client_counters.snapshot(),
        server: server_counters.snapshot(),
        negotiated: client.negotiated().clone(),
        echoed,
    })
}

/// Moves TLS bytes both ways until neither side has any to send.
fn pump(client: &mut Connection, server: &mut Connection) -> Result<(), Box<dyn Error>> {
    for _ in 0..MAX_ROUNDS {
        let to_server = client.take_tls();
        let to_client = server.take_tls();
        if to_server.is_empty() && to_client.is_empty() {
            return Ok(());
        }
        deliver(server, &to_server)?;
        deliver(client, &to_client)?;
    }
    Err("the connections did not settle".into())
}

/// Feeds `data` to `conn`.
fn deliver(conn: &mut Connection, data: &[u8]) -> Result<(), Box<dyn Error>> {
    let mut rest = data;
    while !rest.is_empty() {
        let taken = conn.read_tls(rest)?;
        if taken == 0 {
            return Err("the received-plaintext buffer is full".into());
        }
        rest = rest.get(taken..).unwrap_or_default();
    }
    Ok(())
}

/// Reads every plaintext byte waiting in `conn`.
fn drain(conn: &mut Connection) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = conn.read(&mut buf);
        if n == 0 {
            return out;
        }
        out.extend_from_slice(buf.get(..n).unwrap_or_default());
    }
}
