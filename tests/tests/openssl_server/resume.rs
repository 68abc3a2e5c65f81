//! The stratls client resuming with `openssl s_server` (two connections to one server), and
//! an external PSK against `s_server -nocert -psk`.

use std::sync::Arc;

use stratls::{MemoryTicketStore, TicketStore, Versions};
use stratls_tests::TIMEOUT;
use stratls_tests::certs::{Identity, KeyKind};
use stratls_tests::config::ClientOptions;
use stratls_tests::openssl::{self, SServer};
use stratls_tests::serve::connect_local;

use super::{exchange_with, round_trip};

#[test]
fn the_stratls_client_resumes_with_s_server() {
    if openssl::skip() {
        return;
    }
    let mut server = SServer::new("-tls1_3", Identity::server(KeyKind::Ecdsa))
        .opt("-naccept", "2")
        .spawn()
        .expect("s_server");
    let store = Arc::new(MemoryTicketStore::new(8));
    let mut config = (*ClientOptions::new(Versions::TLS13_ONLY).build()).clone();
    config.ticket_store = store.clone();
    let config = Arc::new(config);
    let mut resumed = Vec::new();
    for i in 0..2 {
        let tcp = connect_local(server.port).expect("connect");
        let mut tls = stratls::connect(config.clone(), "localhost", tcp)
            .unwrap_or_else(|e| panic!("handshake {i}: {e}\n{}", server.peer.transcript()));
        round_trip(&mut tls, "resume me").expect("data");
        resumed.push(tls.connection().negotiated().expect("established").resumed);
        tls.close().expect("close");
        if i == 0 {
            assert!(!store.is_empty(), "s_server sent tickets");
        }
    }
    assert!(
        server.peer.wait_exit(TIMEOUT).is_some(),
        "s_server exits after two"
    );
    assert_eq!(resumed, [false, true], "{}", server.peer.transcript());
}

#[test]
fn the_stratls_client_uses_an_external_psk_with_s_server() {
    if openssl::skip() {
        return;
    }
    let mut server = SServer::new("-tls1_3", Identity::server(KeyKind::Ecdsa))
        .arg("-nocert")
        .opt("-psk", &"a5".repeat(32))
        .opt("-psk_identity", "stratls-test")
        .spawn()
        .expect("s_server");
    let mut config = (*ClientOptions::new(Versions::TLS13_ONLY).build()).clone();
    config.external_psk = Some(Arc::new(
        stratls::ExternalPsk::new(
            b"stratls-test".to_vec(),
            stratls::crypto::Secret::from_slice(&[0xa5; 32]),
            stratls::crypto::HashAlgorithm::Sha256,
        )
        .expect("psk"),
    ));
    let n = exchange_with(&mut server, Arc::new(config)).expect("a PSK handshake");
    assert_eq!(n.psk_identity.as_deref(), Some(&b"stratls-test"[..]));
    assert!(n.peer_certificates.is_empty(), "no Certificate");
}

#[test]
fn the_stratls_client_sends_early_data_that_s_server_accepts() {
    if openssl::skip() {
        return;
    }
    let mut server = SServer::new("-tls1_3", Identity::server(KeyKind::Ecdsa))
        .printing()
        .arg("-early_data")
        .opt("-naccept", "2")
        .spawn()
        .expect("s_server");
    let store = Arc::new(MemoryTicketStore::new(8));
    let mut config = (*ClientOptions::new(Versions::TLS13_ONLY).build()).clone();
    config.ticket_store = store.clone();
    config.enable_early_data = true;
    let config = Arc::new(config);
    let fail = |what: String, server: &openssl::RunningServer| {
        format!("{what}\n{}", server.peer.transcript())
    };
    // The first connection brings the tickets (they follow the handshake).
    let tcp = connect_local(server.port).expect("connect");
    let mut tls = stratls::connect(config.clone(), "localhost", tcp)
        .unwrap_or_else(|e| panic!("{}", fail(format!("handshake 1: {e}"), &server)));
    std::io::Write::write_all(&mut tls, b"first\n").expect("write");
    let seen = server
        .peer
        .wait_stdout(|out| out.contains("first"), TIMEOUT);
    assert!(seen.is_some(), "{}", fail("no data".into(), &server));
    // The tickets came after the handshake; s_server answers nothing, so read them with a
    // short timeout, a bounded number of times.
    tls.get_mut()
        .set_read_timeout(Some(std::time::Duration::from_millis(200)))
        .expect("timeout");
    let mut buf = [0u8; 64];
    for _ in 0..25 {
        if !store.is_empty() {
            break;
        }
        let _ = std::io::Read::read(&mut tls, &mut buf);
    }
    tls.close().expect("close");
    let ticket = store.take("localhost").expect("s_server sent a ticket");
    assert!(ticket.max_early_data.is_some_and(|n| n > 0), "{ticket:?}");
    store.put(ticket);
    // The second sends its request as 0-RTT data.
    let mut conn = stratls::Connection::client(
        config,
        stratls::ServerName::try_from("localhost").expect("name"),
    )
    .expect("client");
    let early = b"early hello\n";
    assert_eq!(
        conn.write_early_data_replayable(early).expect("offered"),
        early.len()
    );
    let tcp = connect_local(server.port).expect("connect");
    let mut tls = stratls::Stream::new(conn, tcp);
    tls.handshake()
        .unwrap_or_else(|e| panic!("{}", fail(format!("handshake 2: {e}"), &server)));
    let n = tls.connection().negotiated().cloned().expect("established");
    assert!(n.resumed);
    assert_eq!(
        n.early_data,
        stratls::EarlyData::Accepted,
        "{}",
        server.peer.transcript()
    );
    let seen = server
        .peer
        .wait_stdout(|out| out.contains("early hello"), TIMEOUT);
    assert!(seen.is_some(), "{}", fail("no early data".into(), &server));
    tls.close().expect("close");
    assert!(server.peer.wait_exit(TIMEOUT).is_some(), "s_server exits");
}
