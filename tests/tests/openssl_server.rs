//! stratls client → `openssl s_server -tls1_3`: every suite × group × server key type, client
//! authentication, a forced HelloRetryRequest, ALPN and KeyUpdate; and (module `pki`) the chain
//! shapes and key types of the public web, in TLS 1.3 and TLS 1.2. The server answers each
//! line with the line reversed (`-rev`), so every case checks data in both directions.

use std::io::Write;
use std::sync::Arc;

use stratls::codec::{AlertDescription, CipherSuite, NamedGroup, ProtocolVersion};
use stratls::{Negotiated, Stream};
use stratls_tests::TIMEOUT;
use stratls_tests::certs::{Identity, KeyKind};
use stratls_tests::config::ClientOptions;
use stratls_tests::observe::KeyUpdates;
use stratls_tests::openssl::{self, RunningServer, SServer};
use stratls_tests::serve::{connect_local, read_line, tls_error};
use stratls_tests::suites::{GROUPS, SECP256R1, Suite, TLS13_SUITES, X25519};

const TLS13: &str = "-tls1_3";

fn reversed(line: &str) -> Vec<u8> {
    let mut r: Vec<u8> = line.bytes().rev().collect();
    r.push(b'\n');
    r
}

#[path = "openssl_server/pki.rs"]
mod pki;
#[path = "openssl_server/resume.rs"]
mod resume;

/// Connects, checks one line comes back reversed, closes; returns what was negotiated.
fn exchange(server: &mut RunningServer, options: &ClientOptions) -> Result<Negotiated, String> {
    exchange_with(server, options.build())
}

/// [`exchange`] with a config of its own.
fn exchange_with(
    server: &mut RunningServer,
    config: Arc<stratls::ClientConfig>,
) -> Result<Negotiated, String> {
    let fail =
        |what: String, server: &RunningServer| format!("{what}\n{}", server.peer.transcript());
    let tcp = connect_local(server.port).map_err(|e| fail(format!("connect: {e}"), server))?;
    let mut tls = stratls::connect(config, "localhost", tcp)
        .map_err(|e| fail(format!("handshake: {e}"), server))?;
    round_trip(&mut tls, "hello from stratls").map_err(|e| fail(e, server))?;
    let negotiated = tls.connection().negotiated().cloned().expect("established");
    tls.close()
        .map_err(|e| fail(format!("close: {e}"), server))?;
    drop(tls);
    if server.peer.wait_exit(TIMEOUT).is_none() {
        return Err(fail(
            "s_server did not exit after the connection".into(),
            server,
        ));
    }
    Ok(negotiated)
}

/// Sends `line` and checks the server answers it reversed.
fn round_trip(tls: &mut Stream<std::net::TcpStream>, line: &str) -> Result<(), String> {
    tls.write_all(format!("{line}\n").as_bytes())
        .map_err(|e| format!("write: {e}"))?;
    let back = read_line(tls, 4096).map_err(|e| format!("read: {e}"))?;
    if back != reversed(line) {
        return Err(format!(
            "sent {line:?}, got {:?}",
            String::from_utf8_lossy(&back)
        ));
    }
    Ok(())
}

/// Runs one suite against both groups and every server key type; all failures are reported
/// together.
fn suite_matrix(suite: Suite) {
    if openssl::skip() {
        return;
    }
    let mut failures = Vec::new();
    for group in GROUPS {
        for kind in KeyKind::ALL {
            let case = format!("{} {} {}", suite.name, group.openssl, kind.name());
            let started = SServer::new(TLS13, Identity::server(kind))
                .opt("-ciphersuites", suite.name)
                .opt("-groups", group.openssl)
                .spawn();
            let mut server = match started {
                Ok(s) => s,
                Err(e) => {
                    failures.push(format!("{case}: {e}"));
                    continue;
                }
            };
            let mut options = ClientOptions::new(stratls::Versions::TLS13_ONLY);
            options.groups = vec![group.group];
            match exchange(&mut server, &options) {
                Ok(n) => {
                    let expected = Identity::server(kind).chain();
                    let checks = [
                        (n.version == Some(ProtocolVersion::TLSv1_3), "version"),
                        (n.cipher_suite == Some(suite.suite), "suite"),
                        (n.group == Some(group.group), "group"),
                        (!n.hello_retry, "no HelloRetryRequest"),
                        (
                            n.peer_certificates.first() == expected.first(),
                            "server cert",
                        ),
                    ];
                    for (ok, what) in checks {
                        if !ok {
                            failures.push(format!("{case}: wrong {what}: {n:?}"));
                        }
                    }
                }
                Err(e) => failures.push(format!("{case}: {e}")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn aes_128_gcm_with_each_group_and_server_key() {
    suite_matrix(TLS13_SUITES[0]);
}

#[test]
fn aes_256_gcm_with_each_group_and_server_key() {
    suite_matrix(TLS13_SUITES[1]);
}

#[test]
fn chacha20_poly1305_with_each_group_and_server_key() {
    suite_matrix(TLS13_SUITES[2]);
}

#[test]
fn client_certificate_of_each_key_type() {
    if openssl::skip() {
        return;
    }
    for kind in KeyKind::ALL {
        let mut server = SServer::new(TLS13, Identity::server(KeyKind::Ecdsa))
            .require_client_cert()
            .spawn()
            .expect("s_server");
        let mut options = ClientOptions::new(stratls::Versions::TLS13_ONLY);
        options.client_cert = Some(kind);
        let n = exchange(&mut server, &options).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        assert!(n.client_auth_requested, "{kind:?}");
        // s_server reports the connection (and the peer it verified) on standard error.
        let out = server.peer.stderr();
        assert!(
            out.contains(&kind.client_subject()) && out.contains("Verification: OK"),
            "{kind:?}: s_server did not verify our certificate\n{}",
            server.peer.transcript()
        );
    }
}

#[test]
fn missing_client_certificate_is_refused_with_certificate_required() {
    if openssl::skip() {
        return;
    }
    let server = SServer::new(TLS13, Identity::server(KeyKind::Rsa))
        .require_client_cert()
        .spawn()
        .expect("s_server");
    let options = ClientOptions::new(stratls::Versions::TLS13_ONLY);
    let tcp = connect_local(server.port).expect("connect");
    // In TLS 1.3 the client finishes its handshake before the server judges its (empty)
    // certificate; the refusal arrives as an alert on the first read.
    let result = stratls::connect(options.build(), "localhost", tcp).and_then(|mut tls| {
        assert!(
            tls.connection()
                .negotiated()
                .expect("established")
                .client_auth_requested
        );
        tls.write_all(b"anyone there?\n")?;
        read_line(&mut tls, 4096)
    });
    let err = result.expect_err("the server requires a certificate");
    assert!(
        matches!(
            tls_error(&err),
            Some(stratls::Error::AlertReceived(
                AlertDescription::CertificateRequired
            ))
        ),
        "{err}\n{}",
        server.peer.transcript()
    );
}

#[test]
fn hello_retry_when_the_server_wants_p256() {
    if openssl::skip() {
        return;
    }
    let mut server = SServer::new(TLS13, Identity::server(KeyKind::Ecdsa))
        .opt("-groups", SECP256R1.openssl)
        .spawn()
        .expect("s_server");
    let mut options = ClientOptions::new(stratls::Versions::TLS13_ONLY);
    options.groups = vec![X25519.group, SECP256R1.group];
    let n = exchange(&mut server, &options).unwrap_or_else(|e| panic!("{e}"));
    assert!(n.hello_retry, "{n:?}");
    assert_eq!(n.group, Some(NamedGroup::Secp256r1));
}

#[test]
fn alpn_follows_the_server_preference() {
    if openssl::skip() {
        return;
    }
    let cases: [(&[&str], &[u8]); 2] = [(&["http/1.1", "h2"], b"h2"), (&["http/1.1"], b"http/1.1")];
    for (offered, expected) in cases {
        let mut server = SServer::new(TLS13, Identity::server(KeyKind::Ecdsa))
            .opt("-alpn", "h2,http/1.1")
            .spawn()
            .expect("s_server");
        let mut options = ClientOptions::new(stratls::Versions::TLS13_ONLY);
        options.alpn = offered.to_vec();
        let n = exchange(&mut server, &options).unwrap_or_else(|e| panic!("{offered:?}: {e}"));
        assert_eq!(n.alpn.as_deref(), Some(expected), "offered {offered:?}");
    }
}

#[test]
fn alpn_without_a_common_protocol_is_refused_by_openssl() {
    if openssl::skip() {
        return;
    }
    let server = SServer::new(TLS13, Identity::server(KeyKind::Ecdsa))
        .opt("-alpn", "h2,http/1.1")
        .spawn()
        .expect("s_server");
    let mut options = ClientOptions::new(stratls::Versions::TLS13_ONLY);
    options.alpn = vec!["spdy/3"];
    let tcp = connect_local(server.port).expect("connect");
    let err = stratls::connect(options.build(), "localhost", tcp).expect_err("no common ALPN");
    assert!(
        matches!(
            tls_error(&err),
            Some(stratls::Error::AlertReceived(
                AlertDescription::NoApplicationProtocol
            ))
        ),
        "{err}\n{}",
        server.peer.transcript()
    );
}

#[test]
fn key_updates_mid_stream() {
    if openssl::skip() {
        return;
    }
    let server = SServer::new(TLS13, Identity::server(KeyKind::Rsa))
        .opt("-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256")
        .spawn()
        .expect("s_server");
    let updates = Arc::new(KeyUpdates::default());
    let mut options = ClientOptions::new(stratls::Versions::TLS13_ONLY);
    options.observer = Some(updates.clone());
    let tcp = connect_local(server.port).expect("connect");
    let mut tls = stratls::connect(options.build(), "localhost", tcp).expect("handshake");
    assert_eq!(
        tls.connection()
            .negotiated()
            .expect("established")
            .cipher_suite,
        Some(CipherSuite::TLS13_CHACHA20_POLY1305_SHA256)
    );
    let check = |r: Result<(), String>, server: &RunningServer| {
        r.unwrap_or_else(|e| panic!("{e}\n{}", server.peer.transcript()));
    };
    check(round_trip(&mut tls, "before any update"), &server);
    // Requested, not requested, requested: OpenSSL answers the two requests with its own.
    // (s_server's `-rev` loop sleeps one second whenever a read yields no data, as after a
    // KeyUpdate record, so each of these rounds takes about a second.)
    for (i, request) in [true, false, true].into_iter().enumerate() {
        tls.connection_mut()
            .update_keys(request)
            .expect("update_keys");
        check(round_trip(&mut tls, &format!("after update {i}")), &server);
    }
    assert_eq!(
        updates.count(),
        stratls_tests::observe::KeyUpdateCount {
            sent: 3,
            received: 2
        }
    );
    tls.close().expect("close");
}

#[test]
fn tickets_from_s_server_are_kept_with_their_resumption_psk() {
    if openssl::skip() {
        return;
    }
    // s_server sends two NewSessionTickets after a TLS 1.3 handshake by default.
    let mut server = SServer::new(TLS13, Identity::server(KeyKind::Ecdsa))
        .opt("-ciphersuites", "TLS_AES_256_GCM_SHA384")
        .spawn()
        .expect("s_server");
    let store = Arc::new(stratls::handshake::MemoryTicketStore::new(8));
    let mut config = (*ClientOptions::new(stratls::Versions::TLS13_ONLY).build()).clone();
    config.ticket_store = store.clone();
    let tcp = connect_local(server.port).expect("connect");
    let mut tls = stratls::connect(Arc::new(config), "localhost", tcp).expect("handshake");
    // The tickets come after the server's Finished; the answer to a line is behind them.
    round_trip(&mut tls, "tickets, please").expect("round trip");
    tls.close().expect("close");
    drop(tls);
    let _ = server.peer.wait_exit(TIMEOUT);
    assert_eq!(store.len(), 2, "{}", server.peer.transcript());
    for _ in 0..2 {
        let ticket =
            stratls::TicketStore::take(&*store, "localhost").expect("a ticket for the name");
        assert_eq!(ticket.cipher_suite, CipherSuite::TLS13_AES_256_GCM_SHA384);
        // The resumption PSK is as long as the suite's hash (RFC 8446 §4.6.1).
        assert_eq!(ticket.psk.as_bytes().len(), 48);
        assert!(!ticket.ticket.is_empty());
        assert!(ticket.lifetime > 0 && ticket.lifetime <= 7 * 24 * 3600);
    }
    assert!(
        stratls::TicketStore::take(&*store, "localhost").is_none(),
        "each ticket is taken once"
    );
    assert!(store.is_empty());
}

#[test]
fn the_default_client_takes_x25519_from_openssl_without_a_retry() {
    if openssl::skip() {
        return;
    }
    // OpenSSL 3.0 has no ML-KEM: with its default groups it answers our second share, the
    // x25519 one, in one round trip. `-msg` shows every message it received.
    for (protocol, versions, version) in [
        (TLS13, stratls::Versions::BOTH, ProtocolVersion::TLSv1_3),
        ("-tls1_2", stratls::Versions::BOTH, ProtocolVersion::TLSv1_2),
    ] {
        let mut server = SServer::new(protocol, Identity::server(KeyKind::Ecdsa))
            .arg("-msg")
            .spawn()
            .expect("s_server");
        let n = exchange(&mut server, &ClientOptions::new(versions))
            .unwrap_or_else(|e| panic!("{protocol}: {e}"));
        let trace = server.peer.stdout();
        assert_eq!(n.version, Some(version), "{protocol}");
        assert_eq!(n.group, Some(NamedGroup::X25519), "{protocol}: {n:?}");
        assert!(!n.hello_retry, "{protocol}: {n:?}");
        assert_eq!(
            trace.matches(", ClientHello").count(),
            1,
            "{protocol}: one ClientHello\n{trace}"
        );
        assert!(!trace.contains("HelloRetryRequest"), "{protocol}\n{trace}");
    }
}
