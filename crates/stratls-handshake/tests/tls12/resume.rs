//! TLS 1.2 resumption in memory: session tickets (RFC 5077) and session IDs (RFC 5246
//! §7.4.1.2) across every suite, the abbreviated handshake, the extended master secret rule
//! (RFC 7627 §5.3), and every reason a session is not resumed.

use std::sync::Arc;
use std::time::Duration;

use stratls_codec::extensions::{ClientExtension, ServerExtension};
use stratls_codec::handshake::ServerHello;
use stratls_codec::{CipherSuite, HandshakeMessage, ParseContext, ProtocolVersion};
use stratls_crypto::Secret;
use stratls_handshake::UnixTime;
use stratls_handshake::resumption::{
    AeadTicketer, MemoryTls12Sessions, NoTls12Sessions, SessionState, Ticketer, Tls12SessionStore,
};
use stratls_handshake::{
    ClientConfig, Connection, Error, FixedTime, Incompatibility, Misbehaviour, ServerConfig, Status,
};
use stratls_test_support::configs::client_cert;
use stratls_test_support::*;

use super::{ECDSA_SUITES, RSA_SUITES, first_hello};

/// How the server lets the client resume.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Ticket,
    SessionId,
}

fn server_for(mode: Mode, cert: &str) -> ServerConfig {
    let mut server = tls12_server_config(cert);
    match mode {
        Mode::Ticket => server.session_ids = None,
        Mode::SessionId => server.ticketer = None,
    }
    server
}

/// One handshake of `client` with `server`; the pair, established.
fn connect(client: &ClientConfig, server: &ServerConfig) -> Pair {
    let mut pair = Pair::new(client.clone(), server.clone());
    pair.handshake();
    pair
}

fn resumed(pair: &Pair) -> bool {
    let c = pair.client.negotiated().expect("established").resumed;
    let s = pair.server.negotiated().expect("established").resumed;
    assert_eq!(c, s, "both sides agree whether they resumed");
    c
}

fn held(client: &ClientConfig) -> stratls_handshake::resumption::Tls12Session {
    client.tls12_sessions.get("localhost").expect("a session")
}

#[test]
fn every_suite_resumes_by_ticket_and_by_session_id() {
    let mut n = 0;
    for mode in [Mode::Ticket, Mode::SessionId] {
        for (suites, cert) in [(RSA_SUITES, "server-rsa"), (ECDSA_SUITES, "server-ecdsa")] {
            for s in suites {
                n += 1;
                let mut client = tls12_client_config();
                client.shared.cipher_suites = vec![s];
                client.client_cert = None;
                let server = server_for(mode, cert);
                let first = connect(&client, &server);
                assert!(!resumed(&first), "{mode:?} {s:?}");
                let chain = first.client.negotiated().unwrap().peer_certificates.clone();
                let session = held(&client);
                assert_eq!(session.ticket.is_some(), mode == Mode::Ticket, "{s:?}");
                assert_eq!(session.session_id.is_empty(), mode == Mode::Ticket, "{s:?}");
                for round in 0..3 {
                    let mut again = connect(&client, &server);
                    let what = format!("{mode:?} {s:?} round {round}");
                    assert!(resumed(&again), "{what}");
                    for side in [&again.client, &again.server] {
                        let got = side.negotiated().unwrap();
                        assert_eq!(side.status(), Status::Established, "{what}");
                        assert_eq!(got.cipher_suite, Some(s), "{what}");
                        assert_eq!(got.version, Some(ProtocolVersion::TLSv1_2), "{what}");
                        assert!(got.extended_master_secret, "{what}");
                        // No key exchange, no signature in an abbreviated handshake.
                        assert_eq!(got.group, None, "{what}");
                        assert_eq!(got.peer_signature_scheme, None, "{what}");
                    }
                    // The client keeps the server's identity from the full handshake.
                    assert_eq!(
                        again.client.negotiated().unwrap().peer_certificates,
                        chain,
                        "{what}"
                    );
                    again.exchange_data(3000);
                    // The exporter works: the session has the extended master secret.
                    let a = again
                        .client
                        .export_keying_material(b"EXPERIMENTAL r", None, 32);
                    let b = again
                        .server
                        .export_keying_material(b"EXPERIMENTAL r", None, 32);
                    assert_eq!(a.expect("exported"), b.expect("exported"), "{what}");
                }
            }
        }
    }
    assert_eq!(n, 12);
}

#[test]
fn a_resumed_ticket_is_renewed_and_the_new_one_resumes() {
    let client = tls12_client_config();
    let server = server_for(Mode::Ticket, "server-ecdsa");
    connect(&client, &server);
    let first = held(&client).ticket.expect("a ticket");
    assert!(resumed(&connect(&client, &server)));
    let second = held(&client).ticket.expect("a ticket");
    assert_ne!(
        first, second,
        "a new ticket after the abbreviated handshake"
    );
    assert!(resumed(&connect(&client, &server)));
}

#[test]
fn the_client_keeps_the_original_client_identity_on_the_server() {
    for mode in [Mode::Ticket, Mode::SessionId] {
        let mut client = tls12_client_config();
        client_cert(&mut client, "client-ecdsa");
        let mut server = server_for(mode, "server-ecdsa");
        require_client_auth(&mut server);
        let first = connect(&client, &server);
        let chain = first.server.negotiated().unwrap().peer_certificates.clone();
        assert_eq!(chain.len(), 2);
        let again = connect(&client, &server);
        assert!(resumed(&again), "{mode:?}");
        assert_eq!(again.server.negotiated().unwrap().peer_certificates, chain);
    }
}

#[test]
fn a_session_without_a_client_certificate_is_not_resumed_once_one_is_required() {
    let client = tls12_client_config();
    let server = server_for(Mode::Ticket, "server-ecdsa");
    connect(&client, &server);
    let mut strict = server.clone();
    require_client_auth(&mut strict);
    let failure = Pair::new(client, strict)
        .pump()
        .expect_err("no certificate");
    assert_eq!(
        failure.server,
        Some(Error::PeerIncompatible(
            Incompatibility::NoClientCertificate
        ))
    );
}

#[test]
fn a_ticket_or_session_id_from_another_server_config_gets_a_full_handshake() {
    for mode in [Mode::Ticket, Mode::SessionId] {
        let client = tls12_client_config();
        // Each config has its own random ticket keys and its own session-ID cache.
        let one = server_for(mode, "server-ecdsa");
        let other = server_for(mode, "server-ecdsa");
        connect(&client, &one);
        let pair = connect(&client, &other);
        assert!(!resumed(&pair), "{mode:?}");
        // The full handshake replaced the held session: the other server resumes it.
        assert!(resumed(&connect(&client, &other)), "{mode:?}");
    }
}

#[test]
fn expired_sessions_get_a_full_handshake() {
    for mode in [Mode::Ticket, Mode::SessionId] {
        let client = tls12_client_config();
        let mut server = server_for(mode, "server-ecdsa");
        server.ticket_lifetime = 60;
        connect(&client, &server);
        let base = time().0.as_secs();
        let mut later = server.clone();
        later.shared.time = Arc::new(FixedTime(UnixTime::since_unix_epoch(Duration::from_secs(
            base + 61,
        ))));
        assert!(!resumed(&connect(&client, &later)), "{mode:?}");
        // One second earlier it still resumes.
        let mut server = server_for(mode, "server-ecdsa");
        server.ticket_lifetime = 60;
        connect(&client, &server);
        let mut within = server.clone();
        within.shared.time = Arc::new(FixedTime(UnixTime::since_unix_epoch(Duration::from_secs(
            base + 59,
        ))));
        assert!(resumed(&connect(&client, &within)), "{mode:?}");
    }
}

#[test]
fn the_client_does_not_offer_a_session_past_its_lifetime() {
    let client = tls12_client_config();
    let server = server_for(Mode::Ticket, "server-ecdsa");
    connect(&client, &server);
    let mut late = client.clone();
    late.shared.time = Arc::new(FixedTime(UnixTime::since_unix_epoch(Duration::from_secs(
        time().0.as_secs() + 7200,
    ))));
    let (_, hello) = first_hello(late);
    assert!(
        hello
            .extensions
            .contains(&ClientExtension::SessionTicket(Vec::new())),
        "asks for a new ticket, offers none: {hello:?}"
    );
}

#[test]
fn corrupted_tickets_and_unknown_session_ids_get_a_full_handshake() {
    let client = tls12_client_config();
    let server = server_for(Mode::Ticket, "server-ecdsa");
    connect(&client, &server);
    let mut session = held(&client);
    let len = session.ticket.as_ref().unwrap().len();
    for at in [0, 16, len / 2, len - 1] {
        let mut s = session.copy();
        s.ticket.as_mut().unwrap()[at] ^= 1;
        client.tls12_sessions.put(s);
        assert!(!resumed(&connect(&client, &server)), "byte {at}");
    }
    // A truncated ticket and an empty-looking one.
    session = held(&client);
    session.ticket.as_mut().unwrap().truncate(10);
    client.tls12_sessions.put(session);
    assert!(!resumed(&connect(&client, &server)));

    let server = server_for(Mode::SessionId, "server-ecdsa");
    connect(&client, &server);
    let mut s = held(&client);
    s.session_id[0] ^= 1;
    client.tls12_sessions.put(s);
    assert!(!resumed(&connect(&client, &server)));
}

/// A session the server's own ticketer sealed, put in the client's store as a ticket.
fn planted(server: &ServerConfig, client: &ClientConfig, ems: bool, version: ProtocolVersion) {
    let first = connect(client, server);
    let suite = first.client.negotiated().unwrap().cipher_suite.unwrap();
    let mut session = held(client);
    let state = SessionState {
        version,
        cipher_suite: suite,
        secret: Secret::from_slice(session.master_secret.as_bytes()),
        extended_master_secret: ems,
        alpn: None,
        server_name: Some("localhost".into()),
        peer_chain: Vec::new(),
        created: time().0.as_secs(),
        lifetime: 3600,
        age_add: 0,
        max_early_data: 0,
    };
    let ticketer = server.ticketer.as_ref().unwrap();
    session.ticket = Some(state.seal(ticketer.as_ref(), time().0).expect("sealed"));
    client.tls12_sessions.put(session);
}

#[test]
fn a_server_never_resumes_a_session_without_the_extended_master_secret() {
    let client = tls12_client_config();
    let server = server_for(Mode::Ticket, "server-ecdsa");
    // The same state with the extended master secret resumes: the test is sound.
    planted(&server, &client, true, ProtocolVersion::TLSv1_2);
    assert!(resumed(&connect(&client, &server)));
    planted(&server, &client, false, ProtocolVersion::TLSv1_2);
    assert!(!resumed(&connect(&client, &server)));
    // Nor a TLS 1.3 session offered as a TLS 1.2 ticket.
    planted(&server, &client, true, ProtocolVersion::TLSv1_3);
    assert!(!resumed(&connect(&client, &server)));
}

#[test]
fn a_server_keeps_no_session_of_a_client_without_the_extended_master_secret() {
    for mode in [Mode::Ticket, Mode::SessionId] {
        let (_, mut hello) = first_hello(tls12_client_config());
        assert!(
            hello
                .extensions
                .contains(&ClientExtension::SessionTicket(Vec::new()))
        );
        let with_ems = hello.clone();
        hello
            .extensions
            .retain(|e| *e != ClientExtension::ExtendedMasterSecret);
        let answer = |hello| {
            let record = handshake_record(&HandshakeMessage::ClientHello(hello).to_vec());
            let config = server_for(mode, "server-ecdsa");
            let mut server = Connection::server(Arc::new(config)).expect("server");
            server.read_tls(&record).expect("accepted");
            let flight = server.take_tls();
            let (message, _) = HandshakeMessage::parse_framed(&flight[5..], ParseContext::Tls13)
                .expect("a ServerHello");
            let HandshakeMessage::ServerHello(sh) = message else {
                panic!("not a ServerHello");
            };
            sh
        };
        let offers = |sh: &ServerHello| {
            sh.extensions.contains(&ServerExtension::SessionTicket)
                || !sh.legacy_session_id_echo.is_empty()
        };
        assert!(offers(&answer(with_ems)), "{mode:?}");
        assert!(!offers(&answer(hello)), "{mode:?}");
    }
}

/// A client holding a session, its ClientHello, and a ServerHello that resumes it.
fn resuming_client(suite: CipherSuite, ems: bool) -> Result<(), Error> {
    let client = tls12_client_config();
    let server = server_for(Mode::Ticket, "server-ecdsa");
    connect(&client, &server);
    let (mut conn, hello) = first_hello(client);
    let mut extensions = vec![ServerExtension::RenegotiationInfo(Vec::new())];
    if ems {
        extensions.push(ServerExtension::ExtendedMasterSecret);
    }
    let sh = HandshakeMessage::ServerHello(ServerHello {
        legacy_version: ProtocolVersion::TLSv1_2,
        random: [7; 32],
        legacy_session_id_echo: hello.legacy_session_id.clone(),
        cipher_suite: suite,
        legacy_compression_method: 0,
        extensions,
    });
    let result = conn.read_tls(&handshake_record(&sh.to_vec()));
    if result.is_err() {
        let alert = records::plaintext_alert(&conn.take_tls());
        let expected = match result {
            Err(Error::PeerIncompatible(_)) => Some((2, 40)),
            _ => Some((2, 47)),
        };
        assert_eq!(alert, expected, "{result:?}");
    }
    result.map(|_| ())
}

#[test]
fn a_client_refuses_a_resumption_without_the_extended_master_secret_or_with_another_suite() {
    let held = CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    // The right suite with the extended master secret: the client waits for the server's
    // ChangeCipherSpec.
    resuming_client(held, true).expect("resumes");
    assert_eq!(
        resuming_client(held, false).expect_err("no extended master secret"),
        Error::PeerIncompatible(Incompatibility::NoExtendedMasterSecret)
    );
    assert_eq!(
        resuming_client(CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, true)
            .expect_err("another suite"),
        Error::PeerMisbehaved(Misbehaviour::UnofferedCipherSuite)
    );
}

#[test]
fn key_rotation_keeps_the_previous_key_and_then_retires_it() {
    let k1 = [1u8; 80];
    let k2 = [2u8; 80];
    let ticketer = Arc::new(AeadTicketer::from_key_records(&provider(), &[&k1]).unwrap());
    let mut server = server_for(Mode::Ticket, "server-ecdsa");
    server.ticketer = Some(ticketer.clone() as Arc<dyn Ticketer>);
    let client = tls12_client_config();
    connect(&client, &server);
    // A new key seals; the old one still opens.
    ticketer.replace_keys(&[&k2, &k1]).unwrap();
    assert!(resumed(&connect(&client, &server)));
    // The renewed ticket is under the new key: it resumes once the old key is retired.
    ticketer.replace_keys(&[&k2]).unwrap();
    assert!(resumed(&connect(&client, &server)));
    // A ticket under a retired key gets a full handshake (and a ticket under the new key).
    ticketer.replace_keys(&[&k1]).unwrap();
    assert!(!resumed(&connect(&client, &server)));
    assert!(resumed(&connect(&client, &server)));
}

#[test]
fn a_fleet_sharing_ticket_keys_resumes_on_any_member() {
    let k = [9u8; 48];
    let member = |ids| {
        let mut s = server_for(Mode::Ticket, "server-ecdsa");
        s.ticketer = Some(Arc::new(
            AeadTicketer::from_key_records(&provider(), &[&k]).unwrap(),
        ));
        if ids {
            s.session_ids = None;
        }
        s
    };
    let client = tls12_client_config();
    connect(&client, &member(true));
    assert!(resumed(&connect(&client, &member(true))));
}

#[test]
fn a_client_without_a_session_store_resumes_nothing_and_asks_for_no_ticket() {
    let mut client = tls12_client_config();
    client.tls12_sessions = Arc::new(NoTls12Sessions);
    let (_, hello) = first_hello(client.clone());
    assert!(
        !hello
            .extensions
            .iter()
            .any(|e| matches!(e, ClientExtension::SessionTicket(_)))
    );
    let server = tls12_server_config("server-ecdsa");
    connect(&client, &server);
    assert!(!resumed(&connect(&client, &server)));
}

#[test]
fn the_client_store_is_bounded_by_server_names() {
    let store = Arc::new(MemoryTls12Sessions::new(2));
    let mut client = tls12_client_config();
    client.tls12_sessions = store.clone();
    let server = tls12_server_config("server-ecdsa");
    connect(&client, &server);
    let session = held(&client);
    for name in ["a.example", "b.example", "c.example"] {
        let mut s = session.copy();
        s.server_name = name.into();
        store.put(s);
    }
    assert_eq!(store.len(), 2);
    assert!(store.get("localhost").is_none());
    assert!(store.get("c.example").is_some());
    // The same name twice is held once.
    store.put(store.get("c.example").unwrap());
    assert_eq!(store.len(), 2);
}

#[test]
fn a_tls13_client_resumes_over_tls12_by_session_id_and_ticket() {
    for mode in [Mode::Ticket, Mode::SessionId] {
        // A client that offers both versions to a TLS 1.2 server.
        let client = client_config();
        let server = server_for(mode, "server-ecdsa");
        connect(&client, &server);
        assert!(resumed(&connect(&client, &server)), "{mode:?}");
    }
}
