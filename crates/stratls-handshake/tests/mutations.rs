//! Integrity of the whole handshake, byte by byte: with deterministic randomness both sides
//! produce the same bytes on every run, so a recorded handshake can be replayed with one byte
//! changed. Every change must make the handshake fail (with an alert, never a panic), except
//! in the few header bytes TLS itself ignores.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use common::*;
use stratls_crypto::{
    ActiveKeyExchange, CryptoError, CryptoProvider, KxGroup, NamedGroup, SecureRandom, Shared,
};
use stratls_handshake::{ClientConfig, Connection, ServerConfig, Status, Versions};

/// Random bytes from a counter: the same sequence for every connection built from it.
#[derive(Debug)]
struct CountingRandom(AtomicU64);

impl SecureRandom for CountingRandom {
    fn fill(&self, buf: &mut [u8]) -> Result<(), CryptoError> {
        for b in buf {
            *b = (self.0.fetch_add(1, Ordering::Relaxed) % 251) as u8 ^ 0x5a;
        }
        Ok(())
    }
}

/// x25519 with a fixed private key.
#[derive(Debug)]
struct FixedX25519([u8; 32]);

impl KxGroup for FixedX25519 {
    fn group(&self) -> NamedGroup {
        NamedGroup::X25519
    }

    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, CryptoError> {
        stratls_rustcrypto::test_kit::X25519.from_private_key(&self.0)
    }
}

static CLIENT_KX: FixedX25519 = FixedX25519([0x11; 32]);
static SERVER_KX: FixedX25519 = FixedX25519([0x22; 32]);
static CLIENT_GROUPS: [Shared<dyn KxGroup>; 1] = [Shared::Static(&CLIENT_KX)];
static SERVER_GROUPS: [Shared<dyn KxGroup>; 1] = [Shared::Static(&SERVER_KX)];

fn deterministic(groups: &'static [Shared<dyn KxGroup>]) -> CryptoProvider {
    // Each connection gets its own counter so that replays match byte for byte; it goes with
    // the provider's last user.
    let random = Arc::new(CountingRandom(AtomicU64::new(0)));
    CryptoProvider {
        kx_groups: Shared::Static(groups),
        random: Shared::Arc(random),
        ..provider()
    }
}

fn configs(versions: Versions) -> (ClientConfig, ServerConfig) {
    let mut client = client_config();
    client.provider = deterministic(&CLIENT_GROUPS);
    client.versions = versions;
    client.client_cert = Some(Arc::new(stratls_handshake::SingleCert(certified(
        "client-ed25519",
    ))));
    // Ed25519 signatures are deterministic; the client lists x25519 alone, which an ECDSA
    // P-256 certificate would not suit in TLS 1.2 (RFC 8422 §5.1.1).
    let mut server = server_config("server-ed25519");
    server.provider = deterministic(&SERVER_GROUPS);
    server.versions = versions;
    require_client_auth(&mut server);
    (client, server)
}

/// Which way a flight went, and its bytes.
type Flight = (bool, Vec<u8>);

/// Runs one handshake plus one message each way, changing byte `mutate` (an index into the
/// concatenation of every flight) with `xor`. Returns the flights as sent and whether both
/// sides completed without an error and delivered the data.
fn run(versions: Versions, mutate: Option<(usize, u8)>) -> (Vec<Flight>, bool) {
    let (client, server) = configs(versions);
    let mut c = Connection::client(Arc::new(client), name("localhost")).expect("client");
    let mut s = Connection::server(Arc::new(server)).expect("server");
    let mut flights = Vec::new();
    let mut offset = 0usize;
    let mut ok = true;
    let mut wrote = false;
    for _ in 0..32 {
        if !wrote && c.status() == Status::Established && s.status() == Status::Established {
            c.write(b"ping").expect("client write");
            s.write(b"pong").expect("server write");
            wrote = true;
        }
        let c2s = c.take_tls();
        let s2c = s.take_tls();
        if c2s.is_empty() && s2c.is_empty() {
            break;
        }
        for (to_server, mut bytes) in [(true, c2s), (false, s2c)] {
            if bytes.is_empty() {
                continue;
            }
            if let Some((at, xor)) =
                mutate.filter(|(at, _)| (offset..offset + bytes.len()).contains(at))
            {
                bytes[at - offset] ^= xor;
            }
            offset += bytes.len();
            let target = if to_server { &mut s } else { &mut c };
            match target.read_tls(&bytes) {
                Ok(n) => assert_eq!(n, bytes.len(), "small flights fit the buffer"),
                Err(e) => {
                    ok = false;
                    assert_eq!(target.status(), Status::Failed);
                    // A failure of ours always names its alert; the peer's alert is reported
                    // as such.
                    assert!(
                        e.alert().is_some()
                            || matches!(e, stratls_handshake::Error::AlertReceived(_)),
                        "{e:?}"
                    );
                }
            }
            flights.push((to_server, bytes));
        }
    }
    // A changed length leaves the receiver waiting for bytes that never come: the data then
    // does not arrive, which is noticed too.
    let delivered = drain(&mut s) == b"ping" && drain(&mut c) == b"pong";
    let done =
        ok && delivered && c.status() == Status::Established && s.status() == Status::Established;
    (flights, done)
}

/// The positions of record-header version bytes, which TLS 1.3 ignores (RFC 8446 §5.1) and a
/// TLS 1.2 AEAD record authenticates only through its own fields.
fn header_version_bytes(flights: &[Flight]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut base = 0;
    for (_, bytes) in flights {
        let mut i = 0;
        while i + 5 <= bytes.len() {
            out.push(base + i + 1);
            out.push(base + i + 2);
            i += 5 + usize::from(u16::from_be_bytes([bytes[i + 3], bytes[i + 4]]));
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
