//! TLS 1.3 resumption in memory: tickets issued and stored, offered and resumed, and every
//! way a ticket is refused.

use std::sync::Arc;
use std::time::Duration;

use stratls_codec::{AlertDescription, CipherSuite, NamedGroup};
use stratls_handshake::resumption::{AeadTicketer, SessionCache};
use stratls_handshake::{
    ClientConfig, Error, FixedTime, MemoryTicketStore, ServerConfig, TicketStore, UnixTime,
};
use stratls_test_support::*;

const SUITES: [CipherSuite; 3] = [
    CipherSuite::TLS13_AES_128_GCM_SHA256,
    CipherSuite::TLS13_AES_256_GCM_SHA384,
    CipherSuite::TLS13_CHACHA20_POLY1305_SHA256,
];

fn tls13_client(store: &Arc<MemoryTicketStore>) -> ClientConfig {
    let mut c = client_config();
    c.shared.versions = stratls_handshake::Versions::TLS13_ONLY;
    c.ticket_store = store.clone();
    c
}

fn later(secs: u64) -> Arc<FixedTime> {
    Arc::new(FixedTime(UnixTime::since_unix_epoch(Duration::from_secs(
        1_811_808_000 + secs,
    ))))
}

/// One connection: the handshake, then both sides' `resumed` and the client's peer chain
/// length.
fn connect(client: &ClientConfig, server: &ServerConfig) -> (bool, bool, usize) {
    let mut pair = Pair::new(client.clone(), server.clone());
    pair.handshake();
    pair.exchange_data(100);
    let c = pair.client.negotiated().expect("client established");
    let s = pair.server.negotiated().expect("server established");
    (c.resumed, s.resumed, c.peer_certificates.len())
}

#[test]
fn every_suite_resumes_with_the_original_chain_and_gets_one_more_ticket() {
    for suite in SUITES {
        let store = Arc::new(MemoryTicketStore::new(16));
        let mut client = tls13_client(&store);
        client.shared.cipher_suites = vec![suite];
        client.shared.alpn = vec![b"h2".to_vec()];
        let mut server = server_config("server-ecdsa");
        server.shared.alpn = vec![b"h2".to_vec()];
        assert_eq!(connect(&client, &server), (false, false, 2), "{suite:?}");
        assert_eq!(store.len(), 2, "two tickets by default ({suite:?})");
        let mut pair = Pair::new(client.clone(), server.clone());
        pair.handshake();
        let c = pair.client.negotiated().unwrap();
        let s = pair.server.negotiated().unwrap();
        assert!(c.resumed && s.resumed, "{suite:?}");
        assert_eq!(
            c.peer_certificates.len(),
            2,
            "the original chain ({suite:?})"
        );
        assert_eq!(c.cipher_suite, Some(suite));
        assert_eq!(c.alpn.as_deref(), Some(&b"h2"[..]));
        assert_eq!(s.server_name.as_deref(), Some("localhost"));
        assert_eq!(
            c.peer_signature_scheme, None,
            "no signature in a resumption"
        );
        pair.exchange_data(1000);
        assert_eq!(
            store.len(),
            1 + 3,
            "one ticket used, three more after a resumption"
        );
    }
}

#[test]
fn the_client_identity_of_the_original_session_is_kept() {
    let store = Arc::new(MemoryTicketStore::new(4));
    let mut client = tls13_client(&store);
    client.client_cert = Some(Arc::new(stratls_handshake::SingleCert(certified(
        "client-ecdsa",
    ))));
    let mut server = server_config("server-ed25519");
    require_client_auth(&mut server);
    connect(&client, &server);
    let mut pair = Pair::new(client, server);
    pair.handshake();
    let s = pair.server.negotiated().unwrap();
    assert!(s.resumed);
    assert_eq!(
        s.peer_certificates.len(),
        2,
        "the client's chain from the ticket"
    );
}

#[test]
fn a_ticket_from_another_server_config_gives_a_full_handshake() {
    let store = Arc::new(MemoryTicketStore::new(4));
    let client = tls13_client(&store);
    let server = server_config("server-ecdsa");
    connect(&client, &server);
    let other = server_config("server-ecdsa");
    assert_eq!(connect(&client, &other), (false, false, 2));
    let mut none = server_config("server-ecdsa");
    none.ticketer = None;
    assert_eq!(connect(&client, &none), (false, false, 2));
    // `none` issued no ticket; the one from `other` is still there.
    assert_eq!(store.len(), 2 + 2 - 1 - 1);
}

#[test]
fn a_fleet_sharing_keys_resumes_on_any_member() {
    let store = Arc::new(MemoryTicketStore::new(4));
    let client = tls13_client(&store);
    let keys: &[&[u8]] = &[&[5u8; 80]];
    let mut a = server_config("server-ecdsa");
    a.ticketer = Some(Arc::new(
        AeadTicketer::from_key_records(&provider(), keys).unwrap(),
    ));
    let mut b = server_config("server-ecdsa");
    b.ticketer = Some(Arc::new(
        AeadTicketer::from_key_records(&provider(), keys).unwrap(),
    ));
    connect(&client, &a);
    assert_eq!(connect(&client, &b), (true, true, 2));
}

#[test]
fn an_expired_ticket_gives_a_full_handshake() {
    let store = Arc::new(MemoryTicketStore::new(4));
    let client = tls13_client(&store);
    let mut server = server_config("server-ecdsa");
    server.ticket_lifetime = 60;
    connect(&client, &server);
    let mut later_server = server.clone();
    later_server.shared.time = later(61);
    assert_eq!(connect(&client, &later_server), (false, false, 2));
    // Within its lifetime it resumes.
    while store.take("localhost").is_some() {}
    connect(&client, &server);
    let mut soon = server.clone();
    soon.shared.time = later(30);
    assert_eq!(connect(&client, &soon), (true, true, 2));
}

#[test]
fn a_corrupted_ticket_gives_a_full_handshake() {
    let store = Arc::new(MemoryTicketStore::new(4));
    let client = tls13_client(&store);
    let server = server_config("server-ecdsa");
    connect(&client, &server);
    let mut both = [
        store.take("localhost").unwrap(),
        store.take("localhost").unwrap(),
    ];
    for t in &mut both {
        let last = t.ticket.len() - 1;
        t.ticket[last] ^= 0x80;
    }
    for t in both {
        store.put(t);
    }
    assert_eq!(connect(&client, &server), (false, false, 2));
}

#[test]
fn a_wrong_binder_is_decrypt_error() {
    let store = Arc::new(MemoryTicketStore::new(4));
    let client = tls13_client(&store);
    let server = server_config("server-ecdsa");
    connect(&client, &server);
    let mut t = store.take("localhost").unwrap();
    t.psk.as_mut_bytes()[0] ^= 1;
    store.put(t);
    let mut pair = Pair::new(client, server);
    let failure = pair.pump().expect_err("the binder does not verify");
    assert_eq!(failure.server, Some(Error::BadBinder));
    assert_eq!(
        Error::BadBinder.alert(),
        Some(AlertDescription::DecryptError)
    );
}

#[test]
fn a_ticket_whose_hash_is_not_the_chosen_suites_is_passed_over() {
    let store = Arc::new(MemoryTicketStore::new(4));
    let mut client = tls13_client(&store);
    client.shared.cipher_suites = vec![
        CipherSuite::TLS13_AES_128_GCM_SHA256,
        CipherSuite::TLS13_AES_256_GCM_SHA384,
    ];
    let mut sha256 = server_config("server-ecdsa");
    sha256.shared.cipher_suites = vec![CipherSuite::TLS13_AES_128_GCM_SHA256];
    connect(&client, &sha256);
    let mut sha384 = server_config("server-ecdsa");
    sha384.shared.cipher_suites = vec![CipherSuite::TLS13_AES_256_GCM_SHA384];
    sha384.ticketer = sha256.ticketer.clone();
    assert_eq!(connect(&client, &sha384), (false, false, 2));
    // Drop the two SHA-384 tickets that connection gave; a SHA-256 one is left.
    store.take("localhost");
    store.take("localhost");
    // A suite of the same hash resumes.
    let mut chacha = server_config("server-ecdsa");
    chacha.shared.cipher_suites = vec![CipherSuite::TLS13_CHACHA20_POLY1305_SHA256];
    chacha.ticketer = sha256.ticketer.clone();
    client
        .shared
        .cipher_suites
        .push(CipherSuite::TLS13_CHACHA20_POLY1305_SHA256);
    assert_eq!(connect(&client, &chacha), (true, true, 2));
}

#[test]
fn after_a_hello_retry_the_binder_is_computed_again() {
    let store = Arc::new(MemoryTicketStore::new(4));
    let mut client = tls13_client(&store);
    client.shared.groups = vec![NamedGroup::Secp256r1, NamedGroup::X25519];
    let mut server = server_config("server-ecdsa");
    server.shared.groups = vec![NamedGroup::X25519];
    connect(&client, &server);
    let mut pair = Pair::new(client, server);
    pair.handshake();
    let c = pair.client.negotiated().unwrap();
    assert!(c.hello_retry && c.resumed);
    assert!(pair.server.negotiated().unwrap().resumed);
}

#[test]
fn a_ticket_is_used_once_and_a_single_use_cache_refuses_it_again() {
    let store = Arc::new(MemoryTicketStore::new(4));
    let client = tls13_client(&store);
    let mut server = server_config("server-ecdsa");
    server.tickets = 1;
    server.ticketer = Some(Arc::new(SessionCache::new(&provider(), 64)));
    connect(&client, &server);
    let t = store.take("localhost").unwrap();
    let copy = stratls_handshake::StoredTicket {
        server_name: t.server_name.clone(),
        cipher_suite: t.cipher_suite,
        ticket: t.ticket.clone(),
        psk: t.psk.duplicate(),
        lifetime: t.lifetime,
        age_add: t.age_add,
        max_early_data: t.max_early_data,
        received: t.received,
        peer_chain: t.peer_chain.clone(),
        alpn: t.alpn.clone(),
    };
    store.put(t);
    assert_eq!(connect(&client, &server), (true, true, 2));
    assert_eq!(store.len(), 2, "the used ticket is gone, two new ones came");
    while store.take("localhost").is_some() {}
    store.put(copy);
    assert_eq!(
        connect(&client, &server),
        (false, false, 2),
        "the cache opened that ticket once"
    );
}

#[test]
fn a_ticket_flood_is_capped_on_both_sides() {
    let store = Arc::new(MemoryTicketStore::new(64));
    let client = tls13_client(&store);
    let mut server = server_config("server-ecdsa");
    server.tickets = 1000;
    connect(&client, &server);
    // The server sends 16 at most; the client takes `max_tickets` (8) of them.
    assert_eq!(store.len(), client.shared.limits.max_tickets);
}

#[test]
fn rotated_ticket_keys_still_resume_with_the_previous_key() {
    let store = Arc::new(MemoryTicketStore::new(8));
    let client = tls13_client(&store);
    let mut server = server_config("server-ecdsa");
    server.ticketer = Some(Arc::new(
        AeadTicketer::new(&provider(), Duration::from_secs(100)).unwrap(),
    ));
    connect(&client, &server);
    let mut next = server.clone();
    next.shared.time = later(150);
    assert_eq!(connect(&client, &next), (true, true, 2), "previous key");
    let mut much_later = server.clone();
    much_later.shared.time = later(400);
    // The client's clock has not moved, so it still offers; the server retired the keys.
    store.take("localhost");
    assert_eq!(connect(&client, &much_later), (false, false, 2));
}

/// Replaces the first occurrence of `from` in `bytes` by `to` (same length).
fn patch(bytes: &mut [u8], from: &[u8], to: &[u8]) -> bool {
    match bytes.windows(from.len()).position(|w| w == from) {
        Some(at) => {
            bytes[at..at + to.len()].copy_from_slice(to);
            true
        }
        None => false,
    }
}

#[test]
fn a_server_that_selects_an_identity_not_offered_is_illegal_parameter() {
    let store = Arc::new(MemoryTicketStore::new(4));
    let client = tls13_client(&store);
    let server = server_config("server-ecdsa");
    connect(&client, &server);
    let mut pair = Pair::new(client, server);
    let mut patched = false;
    let failure = pair
        .pump_tapped(|side, bytes| {
            // ServerHello's pre_shared_key: type 41, length 2, selected_identity 0 -> 1.
            if side == stratls_handshake::Side::Server && !patched {
                patched = patch(bytes, &[0, 41, 0, 2, 0, 0], &[0, 41, 0, 2, 0, 1]);
            }
        })
        .expect_err("index 1 of one identity");
    assert!(patched, "the server resumed");
    let err = failure.client.expect("the client refuses");
    assert_eq!(
        err.alert(),
        Some(AlertDescription::IllegalParameter),
        "{err:?}"
    );
}

#[test]
fn a_pre_shared_key_without_psk_key_exchange_modes_is_missing_extension() {
    let store = Arc::new(MemoryTicketStore::new(4));
    let client = tls13_client(&store);
    let server = server_config("server-ecdsa");
    connect(&client, &server);
    let mut pair = Pair::new(client, server);
    let mut patched = false;
    let failure = pair
        .pump_tapped(|side, bytes| {
            // psk_key_exchange_modes (45) with one mode (psk_dhe_ke) becomes an unknown type.
            if side == stratls_handshake::Side::Client && !patched {
                patched = patch(bytes, &[0, 45, 0, 2, 1, 1], &[0x0a, 0x0a, 0, 2, 1, 1]);
            }
        })
        .expect_err("modes are required with a PSK");
    assert!(patched);
    let err = failure.server.expect("the server refuses");
    assert_eq!(
        err.alert(),
        Some(AlertDescription::MissingExtension),
        "{err:?}"
    );
}

#[test]
fn a_tls12_session_ticket_in_a_tls13_hello_is_ignored() {
    use stratls_codec::HandshakeMessage;
    use stratls_codec::extensions::ClientExtension;
    use stratls_codec::handshake::ParseContext;
    let mut client = stratls_handshake::Connection::client(
        Arc::new(tls13_client(&Arc::new(MemoryTicketStore::new(1)))),
        name("localhost"),
    )
    .unwrap();
    let flight = client.take_tls();
    let record = &split_records(&flight)[0];
    let (msg, _) = HandshakeMessage::parse_framed(&record[5..], ParseContext::Tls13).unwrap();
    let HandshakeMessage::ClientHello(mut hello) = msg else {
        panic!("a ClientHello");
    };
    hello
        .extensions
        .insert(0, ClientExtension::SessionTicket(vec![0xAB; 100]));
    let mut server =
        stratls_handshake::Connection::server(Arc::new(server_config("server-ecdsa"))).unwrap();
    server
        .read_tls(&handshake_record(
            &HandshakeMessage::ClientHello(hello).to_vec(),
        ))
        .expect("the TLS 1.2 ticket is ignored");
    let answer = server.take_tls();
    assert_eq!(handshake_type(&answer), Some(2), "a ServerHello");
}

fn external(identity: &[u8], key: &[u8]) -> Arc<stratls_handshake::ExternalPsk> {
    Arc::new(
        stratls_handshake::ExternalPsk::new(
            identity.to_vec(),
            stratls_crypto::Secret::from_slice(key),
            stratls_crypto::HashAlgorithm::Sha256,
        )
        .expect("a valid PSK"),
    )
}

#[test]
fn an_external_psk_handshake_sends_no_certificate_on_every_sha256_suite() {
    for suite in [
        CipherSuite::TLS13_AES_128_GCM_SHA256,
        CipherSuite::TLS13_CHACHA20_POLY1305_SHA256,
    ] {
        let store = Arc::new(MemoryTicketStore::new(4));
        let mut client = tls13_client(&store);
        client.shared.cipher_suites = vec![suite];
        client.external_psk = Some(external(b"client1", &[0x1a; 32]));
        let mut server = server_config("server-ecdsa");
        server.external_psks = vec![
            external(b"other", &[2; 32]),
            external(b"client1", &[0x1a; 32]),
        ];
        let mut pair = Pair::new(client, server);
        pair.handshake();
        pair.exchange_data(500);
        for side in [&pair.client, &pair.server] {
            let n = side.negotiated().unwrap();
            assert_eq!(
                n.psk_identity.as_deref(),
                Some(&b"client1"[..]),
                "{suite:?}"
            );
            assert!(n.peer_certificates.is_empty(), "no Certificate ({suite:?})");
            assert_eq!(n.peer_signature_scheme, None);
            assert_eq!(n.own_signature_scheme, None, "no CertificateVerify");
            assert!(!n.resumed);
        }
    }
}

#[test]
fn an_external_psk_with_the_wrong_key_is_decrypt_error_and_an_unknown_one_a_full_handshake() {
    let store = Arc::new(MemoryTicketStore::new(4));
    let mut client = tls13_client(&store);
    client.external_psk = Some(external(b"client1", &[0x1a; 32]));
    let mut server = server_config("server-ecdsa");
    server.external_psks = vec![external(b"client1", &[0x1b; 32])];
    let mut pair = Pair::new(client.clone(), server);
    let failure = pair.pump().expect_err("another key");
    assert_eq!(failure.server, Some(Error::BadBinder));
    // A server that does not know the identity verifies itself with its certificate.
    let mut unknown = server_config("server-ecdsa");
    unknown.external_psks = vec![external(b"client2", &[0x1a; 32])];
    assert_eq!(connect(&client, &unknown), (false, false, 2));
}

#[test]
fn a_session_without_a_client_certificate_does_not_resume_where_one_is_required() {
    let store = Arc::new(MemoryTicketStore::new(4));
    let mut client = tls13_client(&store);
    client.client_cert = Some(Arc::new(stratls_handshake::SingleCert(certified(
        "client-ecdsa",
    ))));
    let open = server_config("server-ecdsa");
    connect(&client, &open);
    let mut strict = server_config("server-ecdsa");
    strict.ticketer = open.ticketer.clone();
    require_client_auth(&mut strict);
    let mut pair = Pair::new(client, strict);
    pair.handshake();
    let s = pair.server.negotiated().unwrap();
    assert!(!s.resumed, "a full handshake with the client's certificate");
    assert_eq!(s.peer_certificates.len(), 2);
}

mod early;
