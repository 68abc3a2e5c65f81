//! Integrity of the whole handshake, byte by byte: with deterministic randomness both sides
//! produce the same bytes on every run, so a recorded handshake can be replayed with one byte
//! changed. Every change must make the handshake fail (with an alert, never a panic), except
//! in the few header bytes TLS itself ignores.

use stratls_crypto::CryptoProvider;
use stratls_handshake::{ClientConfig, Error, ServerConfig, Side, Status, Versions};
use stratls_test_support::deterministic::{self, CLIENT_GROUPS, CLIENT_RANDOM, SERVER_GROUPS};
use stratls_test_support::records::split;
use stratls_test_support::*;

fn configs(versions: Versions) -> (ClientConfig, ServerConfig) {
    // Ed25519 signatures are deterministic; the client lists x25519 alone, which an ECDSA
    // P-256 certificate would not suit in TLS 1.2 (RFC 8422 §5.1.1).
    let client_provider: CryptoProvider =
        deterministic::provider(&CLIENT_RANDOM, &CLIENT_GROUPS[..1]);
    let mut client = configs::client_config_with(client_provider);
    client.shared.versions = versions;
    configs::client_cert(&mut client, "client-ed25519");
    let server_provider = CryptoProvider {
        kx_groups: stratls_crypto::Shared::Static(&SERVER_GROUPS[..1]),
        ..deterministic::server_provider()
    };
    let mut server = configs::server_config_with(server_provider, "server-ed25519");
    server.shared.versions = versions;
    require_client_auth(&mut server);
    (client, server)
}

/// Which way a flight went (true: to the server), and its bytes.
type Flight = (bool, Vec<u8>);

/// Runs one handshake plus one message each way, changing byte `mutate` (an index into the
/// concatenation of every flight) with `xor`. Returns the flights as sent and whether both
/// sides completed without an error and delivered the data.
fn run(versions: Versions, mutate: Option<(usize, u8)>) -> (Vec<Flight>, bool) {
    // Each run starts the random sequences over, so that replays match byte for byte.
    deterministic::reset();
    let (client, server) = configs(versions);
    let mut pair = Pair::new(client, server);
    let mut flights = Vec::new();
    let mut offset = 0usize;
    let mut tap = |from: Side, bytes: &mut Vec<u8>| {
        if let Some((at, xor)) =
            mutate.filter(|(at, _)| (offset..offset + bytes.len()).contains(at))
        {
            bytes[at - offset] ^= xor;
        }
        offset += bytes.len();
        flights.push((from == Side::Client, bytes.clone()));
    };
    let mut result = pair.pump_tapped(&mut tap);
    let established = |pair: &Pair| {
        pair.client.status() == Status::Established && pair.server.status() == Status::Established
    };
    if result.is_ok() && established(&pair) {
        pair.client.write(b"ping").expect("client write");
        pair.server.write(b"pong").expect("server write");
        result = pair.pump_tapped(&mut tap);
    }
    if let Err(failure) = &result {
        for (side, conn) in [(Side::Client, &pair.client), (Side::Server, &pair.server)] {
            if let Some(e) = failure.error(side) {
                assert_eq!(conn.status(), Status::Failed);
                // A failure of ours always names its alert; the peer's alert is reported as
                // such.
                assert!(
                    e.alert().is_some() || matches!(e, Error::AlertReceived(_)),
                    "{e:?}"
                );
            }
        }
    }
    // A changed length leaves the receiver waiting for bytes that never come: the data then
    // does not arrive, which is noticed too.
    let delivered = drain(&mut pair.server) == b"ping" && drain(&mut pair.client) == b"pong";
    let done = result.is_ok() && delivered && established(&pair);
    (flights, done)
}

/// The positions of record-header version bytes, which TLS 1.3 ignores (RFC 8446 §5.1) and a
/// TLS 1.2 AEAD record authenticates only through its own fields.
fn header_version_bytes(flights: &[Flight]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut base = 0;
    for (_, bytes) in flights {
        for record in split(bytes) {
            out.push(base + record.offset + 1);
            out.push(base + record.offset + 2);
        }
        base += bytes.len();
    }
    out
}

fn every_byte_matters(versions: Versions) {
    let (reference, ok) = run(versions, None);
    assert!(ok, "the unchanged handshake completes");
    let (again, _) = run(versions, None);
    assert_eq!(reference, again, "the handshake is deterministic");
    let total: usize = reference.iter().map(|(_, b)| b.len()).sum();
    let ignorable = header_version_bytes(&reference);
    let mut tried = 0;
    let mut survived = Vec::new();
    // Every position, with a few different changes; a stride keeps the run short.
    for at in (0..total).step_by(3) {
        let xor = [0x01, 0x80, 0xff][at % 3];
        let (_, ok) = run(versions, Some((at, xor)));
        tried += 1;
        if ok && !ignorable.contains(&at) {
            survived.push(at);
        }
    }
    assert!(tried > 300, "{tried}");
    assert!(
        survived.is_empty(),
        "changes at {survived:?} went unnoticed ({tried} tried of {total} bytes)"
    );
}

#[test]
fn tls13_every_byte_matters() {
    every_byte_matters(Versions::TLS13_ONLY);
}

#[test]
fn tls12_every_byte_matters() {
    every_byte_matters(Versions::TLS12_ONLY);
}
