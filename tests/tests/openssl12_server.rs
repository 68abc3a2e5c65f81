//! stratls client → `openssl s_server -tls1_2`: the six ECDHE suites with both groups, client
//! authentication, the extended master secret (and a server without it), the RSA key
//! exchange, and a client offering both versions to a server that does TLS 1.2 only. The
//! server answers each line with the line reversed (`-rev`), so every case checks data in both
//! directions.

use std::io::Write;
use std::net::TcpStream;

use stratls::codec::{AlertDescription, CipherSuite, ProtocolVersion};
use stratls::{Negotiated, Stream, Versions};
use stratls_tests::TIMEOUT;
use stratls_tests::certs::{Identity, KeyKind};
use stratls_tests::config::ClientOptions;
use stratls_tests::openssl::{self, RunningServer, SServer};
use stratls_tests::serve::{connect_local, read_line, tls_error};
use stratls_tests::suites::{GROUPS, Suite12, TLS12_ECDHE_SUITES, TLS12_RSA_KX_SUITES};

const TLS12: &str = "-tls1_2";

/// The last eight bytes of a TLS 1.3-capable server's random when it negotiates TLS 1.2
/// (RFC 8446 §4.1.3).
const DOWNGRADE_TLS12: &[u8] = b"DOWNGRD\x01";

fn reversed(line: &str) -> Vec<u8> {
    let mut r: Vec<u8> = line.bytes().rev().collect();
    r.push(b'\n');
    r
}

/// Connects, checks one line comes back reversed, closes; returns what was negotiated.
fn exchange(server: &mut RunningServer, options: &ClientOptions) -> Result<Negotiated, String> {
    let fail =
        |what: String, server: &RunningServer| format!("{what}\n{}", server.peer.transcript());
    let mut tls = handshake(server, options).map_err(|e| fail(e, server))?;
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

fn handshake(server: &RunningServer, options: &ClientOptions) -> Result<Stream<TcpStream>, String> {
    let tcp = connect_local(server.port).map_err(|e| format!("connect: {e}"))?;
    stratls::connect(options.build(), "localhost", tcp).map_err(|e| format!("handshake: {e}"))
}

/// Sends `line` and checks the server answers it reversed.
fn round_trip(tls: &mut Stream<TcpStream>, line: &str) -> Result<(), String> {
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

fn tls12_client() -> ClientOptions {
    ClientOptions::new(Versions::TLS12_ONLY)
}

/// Runs `suites` against both groups, each with the certificate type its suite signs with;
/// all failures are reported together.
fn suite_matrix(suites: &[Suite12]) {
    if openssl::skip() {
        return;
    }
    let mut failures = Vec::new();
    for suite in suites {
        for group in GROUPS {
            let case = format!("{} {}", suite.name, group.openssl);
            let started = SServer::new(TLS12, Identity::server(suite.cert))
                .opt("-cipher", suite.openssl)
                .opt("-groups", group.openssl)
                .spawn();
            let mut server = match started {
                Ok(s) => s,
                Err(e) => {
                    failures.push(format!("{case}: {e}"));
                    continue;
                }
            };
            // The client offers both groups and the server's `-groups` picks. In TLS 1.2 the
            // client's supported_groups also names the curves it accepts in the server's
            // ECDSA certificate (RFC 8422 §5.1), so a client offering x25519 alone is refused
            // by OpenSSL when the certificate is a P-256 one.
            let options = tls12_client();
            match exchange(&mut server, &options) {
                Ok(n) => {
                    let expected = Identity::server(suite.cert).chain();
                    let checks = [
                        (n.version == Some(ProtocolVersion::TLSv1_2), "version"),
                        (n.cipher_suite == Some(suite.suite), "suite"),
                        (n.group == Some(group.group), "group"),
                        (n.extended_master_secret, "extended master secret"),
                        (!n.client_auth_requested, "no client auth"),
                        (n.peer_certificates == expected, "server chain"),
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
fn ecdhe_ecdsa_suites_with_each_group() {
    suite_matrix(&TLS12_ECDHE_SUITES[..3]);
}

#[test]
fn ecdhe_rsa_suites_with_each_group() {
    suite_matrix(&TLS12_ECDHE_SUITES[3..]);
}

#[test]
fn client_certificate_of_each_key_type() {
    if openssl::skip() {
        return;
    }
    for kind in KeyKind::ALL {
        let mut server = SServer::new(TLS12, Identity::server(KeyKind::Rsa))
            .require_client_cert()
            .spawn()
            .expect("s_server");
        let mut options = tls12_client();
        options.client_cert = Some(kind);
        let n = exchange(&mut server, &options).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        assert!(n.client_auth_requested, "{kind:?}");
        assert_eq!(n.version, Some(ProtocolVersion::TLSv1_2));
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
fn missing_client_certificate_is_refused_by_openssl() {
    if openssl::skip() {
        return;
    }
    let server = SServer::new(TLS12, Identity::server(KeyKind::Ecdsa))
        .require_client_cert()
        .spawn()
        .expect("s_server");
    // In TLS 1.2 the server judges the (empty) Certificate before the client's Finished, so
    // the refusal ends the handshake; OpenSSL answers with handshake_failure (TLS 1.2 has no
    // certificate_required alert).
    let tcp = connect_local(server.port).expect("connect");
    let err = stratls::connect(tls12_client().build(), "localhost", tcp)
        .expect_err("the server requires a certificate");
    assert!(
        matches!(
            tls_error(&err),
            Some(stratls::Error::AlertReceived(
                AlertDescription::HandshakeFailure
            ))
        ),
        "{err}\n{}",
        server.peer.transcript()
    );
}

#[test]
fn a_server_without_extended_master_secret_is_refused_with_handshake_failure_when_required() {
    if openssl::skip() {
        return;
    }
    let server = SServer::new(TLS12, Identity::server(KeyKind::Ecdsa))
        .no_ems()
        .spawn()
        .expect("s_server");
    let tcp = connect_local(server.port).expect("connect");
    let mut options = tls12_client();
    options.require_ems = true;
    let err = stratls::connect(options.build(), "localhost", tcp)
        .expect_err("the extended master secret is required");
    assert_eq!(
        tls_error(&err).and_then(stratls::Error::alert),
        Some(AlertDescription::HandshakeFailure),
        "{err}\n{}",
        server.peer.transcript()
    );
}

#[test]
fn a_server_without_extended_master_secret_is_accepted_by_default_and_exports_nothing() {
    if openssl::skip() {
        return;
    }
    let server = SServer::new(TLS12, Identity::server(KeyKind::Rsa))
        .no_ems()
        .spawn()
        .expect("s_server");
    let mut tls = handshake(&server, &tls12_client()).unwrap_or_else(|e| panic!("{e}"));
    round_trip(&mut tls, "no ems").unwrap_or_else(|e| panic!("{e}"));
    let n = tls.connection().negotiated().cloned().expect("established");
    assert!(!n.extended_master_secret, "{n:?}");
    assert_eq!(n.version, Some(ProtocolVersion::TLSv1_2));
    // RFC 7627 §5.4: no keying material from a master secret not bound to the handshake.
    tls.connection()
        .export_keying_material(b"EXPERIMENTAL stratls", None, 16)
        .expect_err("the exporter is disabled");
}

#[test]
fn rsa_key_exchange_with_the_dangerous_switch() {
    if openssl::skip() {
        return;
    }
    for suite in TLS12_RSA_KX_SUITES {
        let mut server = SServer::new(TLS12, Identity::server(KeyKind::Rsa))
            .opt("-cipher", suite.openssl)
            .spawn()
            .expect("s_server");
        let mut options = tls12_client();
        options.rsa_key_exchange = true;
        let n = exchange(&mut server, &options).unwrap_or_else(|e| panic!("{}: {e}", suite.name));
        assert_eq!(n.cipher_suite, Some(suite.suite), "{n:?}");
        assert_eq!(n.group, None, "no ephemeral key exchange: {n:?}");
        assert!(n.extended_master_secret, "{n:?}");
    }
}

#[test]
fn rsa_key_exchange_only_server_has_no_suite_in_common_without_the_switch() {
    if openssl::skip() {
        return;
    }
    let server = SServer::new(TLS12, Identity::server(KeyKind::Rsa))
        .opt("-cipher", TLS12_RSA_KX_SUITES[0].openssl)
        .spawn()
        .expect("s_server");
    let tcp = connect_local(server.port).expect("connect");
    let err =
        stratls::connect(tls12_client().build(), "localhost", tcp).expect_err("no common suite");
    assert!(
        matches!(
            tls_error(&err),
            Some(stratls::Error::AlertReceived(
                AlertDescription::HandshakeFailure
            ))
        ),
        "{err}\n{}",
        server.peer.transcript()
    );
}

/// `s_server -tls1_2` is built with TLS 1.3 but limited to TLS 1.2 by its configuration.
/// OpenSSL writes the RFC 8446 §4.1.3 downgrade sentinel only when the server's own
/// configuration allows TLS 1.3, so this server does not, and a client offering both versions
/// gets TLS 1.2 without a downgrade alarm. That is what the RFC asks: the sentinel tells a
/// TLS 1.3 client that a server able to do TLS 1.3 was made to answer with less.
#[test]
fn a_client_offering_both_versions_gets_tls12_from_a_tls12_only_server() {
    if openssl::skip() {
        return;
    }
    let mut server = SServer::new(TLS12, Identity::server(KeyKind::Ecdsa))
        .arg("-msg")
        .spawn()
        .expect("s_server");
    let options = ClientOptions::new(Versions::BOTH);
    let n = exchange(&mut server, &options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(n.version, Some(ProtocolVersion::TLSv1_2), "{n:?}");
    assert_eq!(
        n.cipher_suite,
        Some(CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256),
        "{n:?}"
    );
    assert!(n.extended_master_secret);
    let random = openssl::server_hello_random(&server.peer.stdout())
        .unwrap_or_else(|| panic!("no ServerHello in\n{}", server.peer.transcript()));
    assert_ne!(
        &random[24..],
        DOWNGRADE_TLS12,
        "s_server wrote the sentinel"
    );
}
