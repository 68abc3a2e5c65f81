//! The events that carry records and secrets: only for a config that asked through
//! `dangerous()`, each secret equal to the key log's and, with RFC 8448's key shares, to the
//! RFC's key schedule; every record in order, its plaintext the messages it carried.

use std::sync::{Arc, Mutex};

use stratls_codec::{CipherSuite, NamedGroup};
use stratls_crypto::{ActiveKeyExchange, CryptoError, KxGroup, Shared};
use stratls_handshake::{
    ClientConfig, Direction, Event, KeyPhase, Observer, SecretKind, ServerConfig, Side,
};
use stratls_keyschedule::keylog::MemoryKeyLog;
use stratls_record::RecordCopy;
use stratls_test_support::*;

/// What an observer saw, owned.
#[derive(Debug, Default)]
pub struct Seen {
    pub secrets: Vec<(SecretKind, Vec<u8>, Option<Vec<u8>>)>,
    pub records: Vec<(Direction, RecordCopy)>,
    /// Handshake messages: direction and encoding.
    pub messages: Vec<(Direction, Vec<u8>)>,
}

#[derive(Debug, Default)]
pub struct Collect(pub Mutex<Seen>);

impl Observer for Collect {
    fn on_event(&self, event: &Event<'_>) {
        let mut seen = self.0.lock().expect("lock");
        match event {
            Event::Secret {
                kind,
                value,
                transcript_hash,
            } => seen
                .secrets
                .push((*kind, value.to_vec(), transcript_hash.map(<[u8]>::to_vec))),
            Event::Record { direction, record } => {
                seen.records.push((*direction, (*record).clone()))
            }
            Event::Handshake {
                direction, encoded, ..
            } => seen.messages.push((*direction, encoded.to_vec())),
            _ => {}
        }
    }
}

impl Collect {
    pub fn secret(&self, kind: SecretKind) -> Option<Vec<u8>> {
        let seen = self.0.lock().expect("lock");
        seen.secrets
            .iter()
            .find(|(k, _, _)| *k == kind)
            .map(|(_, v, _)| v.clone())
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// The value of `label` in a key log.
fn logged(log: &MemoryKeyLog, label: &str) -> Option<String> {
    log.lines().iter().find_map(|l| {
        let mut parts = l.split_whitespace();
        (parts.next() == Some(label)).then(|| parts.nth(1).unwrap_or_default().to_string())
    })
}

fn observed(client: &mut ClientConfig, server: &mut ServerConfig) -> (Arc<Collect>, Arc<Collect>) {
    let (c, s) = (Arc::new(Collect::default()), Arc::new(Collect::default()));
    client.shared.observer = Some(c.clone());
    client.shared.dangerous_secret_events = true;
    server.shared.observer = Some(s.clone());
    server.shared.dangerous_secret_events = true;
    (c, s)
}

#[test]
fn without_dangerous_no_secret_or_record_reaches_the_observer() {
    let mut client = client_config();
    let mut server = server_config("server-ecdsa");
    let (c, s) = observed(&mut client, &mut server);
    client.shared.dangerous_secret_events = false;
    server.shared.dangerous_secret_events = false;
    let mut pair = Pair::new(client, server);
    pair.handshake();
    pair.exchange_data(100);
    for seen in [&c, &s] {
        let seen = seen.0.lock().expect("lock");
        assert!(
            !seen.messages.is_empty(),
            "the observer did get the messages"
        );
        assert!(seen.secrets.is_empty(), "{:?}", seen.secrets.len());
        assert!(seen.records.is_empty());
    }
}

#[test]
fn tls13_secrets_are_the_key_log_s_on_both_sides() {
    let mut client = client_config();
    let mut server = server_config("server-ecdsa");
    let (c, s) = observed(&mut client, &mut server);
    let log = Arc::new(MemoryKeyLog::new());
    client.shared.key_log = Some(log.clone());
    let mut pair = Pair::new(client, server);
    pair.handshake();
    for (label, writer, phase) in [
        (
            "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
            Side::Client,
            KeyPhase::Handshake,
        ),
        (
            "SERVER_HANDSHAKE_TRAFFIC_SECRET",
            Side::Server,
            KeyPhase::Handshake,
        ),
        (
            "CLIENT_TRAFFIC_SECRET_0",
            Side::Client,
            KeyPhase::Application,
        ),
        (
            "SERVER_TRAFFIC_SECRET_0",
            Side::Server,
            KeyPhase::Application,
        ),
    ] {
        let want = logged(&log, label).expect(label);
        for side in [&c, &s] {
            let got = side.secret(SecretKind::TrafficSecret { writer, phase });
            assert_eq!(got.map(|v| hex(&v)), Some(want.clone()), "{label}");
        }
    }
    let exporter = c
        .secret(SecretKind::ExporterMasterSecret)
        .expect("exporter");
    assert_eq!(Some(hex(&exporter)), logged(&log, "EXPORTER_SECRET"));
    for kind in [
        SecretKind::SharedSecret,
        SecretKind::EarlySecret,
        SecretKind::HandshakeSecret,
        SecretKind::MasterSecret,
    ] {
        let v = c.secret(kind).expect("reported");
        assert_eq!(
            Some(v),
            s.secret(kind),
            "{kind:?} is the same on both sides"
        );
    }
}

#[test]
fn tls12_secrets_are_the_key_log_s_on_both_sides() {
    let mut client = tls12_client_config();
    let mut server = tls12_server_config("server-ecdsa");
    let (c, s) = observed(&mut client, &mut server);
    let log = Arc::new(MemoryKeyLog::new());
    client.shared.key_log = Some(log.clone());
    let mut pair = Pair::new(client, server);
    pair.handshake();
    let master = SecretKind::Tls12MasterSecret { extended: true };
    let want = logged(&log, "CLIENT_RANDOM").expect("logged");
    for side in [&c, &s] {
        assert_eq!(side.secret(master).map(|v| hex(&v)), Some(want.clone()));
        let premaster = side.secret(SecretKind::PremasterSecret).expect("premaster");
        assert_eq!(Some(premaster), s.secret(SecretKind::PremasterSecret));
    }
    let session_hash =
        c.0.lock()
            .expect("lock")
            .secrets
            .iter()
            .find(|(k, _, _)| *k == master)
            .and_then(|(_, _, h)| h.clone());
    assert_eq!(
        session_hash.map(|h| h.len()),
        Some(32),
        "SHA-256 session hash"
    );
}

/// A key-exchange group whose share has a fixed private key.
#[derive(Debug)]
struct Rfc8448Kx(&'static [u8; 32]);

impl KxGroup for Rfc8448Kx {
    fn group(&self) -> NamedGroup {
        NamedGroup::X25519
    }

    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, CryptoError> {
        stratls_rustcrypto::test_kit::X25519.from_private_key(self.0)
    }
}

/// RFC 8448 §3's x25519 private keys.
static CLIENT_KEY: [u8; 32] = [
    0x49, 0xaf, 0x42, 0xba, 0x7f, 0x79, 0x94, 0x85, 0x2d, 0x71, 0x3e, 0xf2, 0x78, 0x4b, 0xcb, 0xca,
    0xa7, 0x91, 0x1d, 0xe2, 0x6a, 0xdc, 0x56, 0x42, 0xcb, 0x63, 0x45, 0x40, 0xe7, 0xea, 0x50, 0x05,
];
static SERVER_KEY: [u8; 32] = [
    0xb1, 0x58, 0x0e, 0xea, 0xdf, 0x6d, 0xd5, 0x89, 0xb8, 0xef, 0x4f, 0x2d, 0x56, 0x52, 0x57, 0x8c,
    0xc8, 0x10, 0xe9, 0x98, 0x01, 0x91, 0xec, 0x8d, 0x05, 0x83, 0x08, 0xce, 0xa2, 0x16, 0xa2, 0x1e,
];
static CLIENT_KX: Rfc8448Kx = Rfc8448Kx(&CLIENT_KEY);
static SERVER_KX: Rfc8448Kx = Rfc8448Kx(&SERVER_KEY);
static CLIENT_GROUPS: [Shared<dyn KxGroup>; 1] = [Shared::Static(&CLIENT_KX)];
static SERVER_GROUPS: [Shared<dyn KxGroup>; 1] = [Shared::Static(&SERVER_KX)];

/// With RFC 8448 §3's key shares and suite, the steps of the key schedule that depend on the
/// shared secret alone (not on the transcript, whose hellos differ) are the RFC's.
#[test]
fn with_rfc8448_key_shares_the_schedule_is_the_rfc_s() {
    let mut client = configs::client_config_with(stratls_crypto::CryptoProvider {
        kx_groups: Shared::Static(&CLIENT_GROUPS),
        ..provider()
    });
    client.shared.cipher_suites = vec![CipherSuite::TLS13_AES_128_GCM_SHA256];
    let mut server = configs::server_config_with(
        stratls_crypto::CryptoProvider {
            kx_groups: Shared::Static(&SERVER_GROUPS),
            ..provider()
        },
        "server-ecdsa",
    );
    let (c, s) = observed(&mut client, &mut server);
    Pair::new(client, server).handshake();
    for (kind, rfc) in [
        (
            SecretKind::SharedSecret,
            "8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d",
        ),
        (
            SecretKind::EarlySecret,
            "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a",
        ),
        (
            SecretKind::HandshakeSecret,
            "1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac",
        ),
        (
            SecretKind::MasterSecret,
            "18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919",
        ),
    ] {
        for side in [&c, &s] {
            assert_eq!(side.secret(kind), Some(unhex(rfc)), "{kind:?}");
        }
    }
}

/// Every record each side sent, in order, is exactly what it put on the wire; each protected
/// record's plaintext holds the messages it carried, and both sides agree on every record.
#[test]
fn records_are_the_wire_in_order_and_their_plaintext_the_messages() {
    for tls12 in [false, true] {
        let (mut client, mut server) = if tls12 {
            (tls12_client_config(), tls12_server_config("server-ecdsa"))
        } else {
            (client_config(), server_config("server-ecdsa"))
        };
        let (c, s) = observed(&mut client, &mut server);
        let mut pair = Pair::new(client, server);
        let mut crossed = [Vec::new(), Vec::new()];
        let mut tap = |side: Side, bytes: &mut Vec<u8>| {
            crossed[usize::from(side == Side::Server)].extend_from_slice(bytes);
        };
        pair.pump_tapped(&mut tap).expect("handshake");
        assert_eq!(pair.client.write(&[7; 3000]).expect("write"), 3000);
        assert_eq!(pair.server.write(&[9; 3000]).expect("write"), 3000);
        pair.client.close();
        pair.pump_tapped(&mut tap).expect("data and close");
        assert_eq!(drain(&mut pair.server).len(), 3000);
        for (side, seen, peer) in [(Side::Client, &c, &s), (Side::Server, &s, &c)] {
            let seen = seen.0.lock().expect("lock");
            let peer = peer.0.lock().expect("lock");
            let wire: Vec<u8> = seen
                .records
                .iter()
                .filter(|(d, _)| *d == Direction::Sent)
                .flat_map(|(_, r)| r.wire.clone())
                .collect();
            assert_eq!(
                wire,
                crossed[usize::from(side == Side::Server)],
                "{side:?} tls12={tls12}: the records are the wire"
            );
            let received: Vec<&RecordCopy> = peer
                .records
                .iter()
                .filter(|(d, _)| *d == Direction::Received)
                .map(|(_, r)| r)
                .collect();
            let sent: Vec<&RecordCopy> = seen
                .records
                .iter()
                .filter(|(d, _)| *d == Direction::Sent)
                .map(|(_, r)| r)
                .collect();
            assert_eq!(
                sent, received,
                "{side:?}: the peer saw the same records, opened alike"
            );
            let handshake: Vec<u8> = sent
                .iter()
                .filter_map(|r| r.opened.as_ref())
                .filter(|o| o.content_type == stratls_codec::ContentType::Handshake)
                .flat_map(|o| o.content.clone())
                .collect();
            let protected_messages: Vec<u8> = seen
                .messages
                .iter()
                .filter(|(d, _)| *d == Direction::Sent)
                .flat_map(|(_, m)| m.clone())
                .collect();
            assert!(
                protected_messages.ends_with(&handshake) && !handshake.is_empty(),
                "{side:?} tls12={tls12}: the protected records carry the last messages sent"
            );
        }
    }
}
