//! stratls client → `gnutls-serv --echo`.

use std::io::Write;
use std::net::TcpStream;

use stratls::codec::{AlertDescription, ProtocolVersion};
use stratls::{Negotiated, Stream, Versions};
use stratls_tests::TIMEOUT;
use stratls_tests::certs::{Identity, KeyKind};
use stratls_tests::config::ClientOptions;
use stratls_tests::gnutls::{self, RunningServ, Serv, priority12};
use stratls_tests::serve::{connect_local, read_line, tls_error};
use stratls_tests::suites::{GROUPS, Suite12, TLS12_ECDHE_SUITES, TLS12_RSA_KX_SUITES, X25519};

/// What gnutls-serv prints once a connection's handshake is done (the last line of its
/// summary).
const SUMMARY_END: &str = "- Options:";

/// Connects, checks one line comes back, closes; returns what was negotiated and the server's
/// summary of the connection.
fn exchange(server: &RunningServ, options: &ClientOptions) -> Result<(Negotiated, String), String> {
    let fail = |what: String| format!("{what}\n{}", server.peer.transcript());
    let tcp = connect_local(server.port).map_err(|e| fail(format!("connect: {e}")))?;
    let mut tls = stratls::connect(options.build(), "localhost", tcp)
        .map_err(|e| fail(format!("handshake: {e}")))?;
    echo(&mut tls, "hello from stratls").map_err(fail)?;
    let negotiated = tls.connection().negotiated().cloned().expect("established");
    tls.close().map_err(|e| fail(format!("close: {e}")))?;
    let summary = server
        .peer
        .wait_stdout(|out| out.contains(SUMMARY_END), TIMEOUT)
        .ok_or_else(|| fail("gnutls-serv printed no summary".into()))?;
    Ok((negotiated, summary))
}

pub(crate) fn echo(tls: &mut Stream<TcpStream>, line: &str) -> Result<(), String> {
    tls.write_all(format!("{line}\n").as_bytes())
        .map_err(|e| format!("write: {e}"))?;
    let back = read_line(tls, 4096).map_err(|e| format!("read: {e}"))?;
    if back != format!("{line}\n").as_bytes() {
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

/// gnutls-serv with `suite` and `group` only, serving the certificate `suite` needs.
fn serv(suite: &Suite12, group: &str, extra: &[&str]) -> Serv {
    let priority = priority12(&[suite.gnutls_kx], &[suite.gnutls_cipher], &[group], extra);
    Serv::new(&priority, Identity::server(suite.cert))
}

/// Each of `suites` with each group, the server limited to that pair; failures are reported
/// together.
fn suite_matrix(suites: &[Suite12]) {
    if gnutls::skip() {
        return;
    }
    let mut failures = Vec::new();
    for suite in suites {
        for group in GROUPS {
            let case = format!("{} {}", suite.name, group.openssl);
            let result = serv(suite, group.gnutls, &[])
                .spawn()
                .map_err(|e| e.to_string())
                .and_then(|server| exchange(&server, &tls12_client()));
            let (n, summary) = match result {
                Ok(r) => r,
                Err(e) => {
                    failures.push(format!("{case}: {e}"));
                    continue;
                }
            };
            let curve = group.gnutls.trim_start_matches("GROUP-");
            let checks = [
                (n.version == Some(ProtocolVersion::TLSv1_2), "version"),
                (n.cipher_suite == Some(suite.suite), "suite"),
                (n.group == Some(group.group), "group"),
                (n.extended_master_secret, "extended master secret"),
                (
                    n.peer_certificates == Identity::server(suite.cert).chain(),
                    "chain",
                ),
                (
                    summary.contains(&format!("(ECDHE-{curve})")),
                    "group at gnutls",
                ),
                (
                    summary.contains(&format!("Cipher: {}", suite.gnutls_cipher)),
                    "cipher at gnutls",
                ),
                (
                    summary.contains("Options: extended master secret"),
                    "EMS at gnutls",
                ),
            ];
            for (ok, what) in checks {
                if !ok {
                    failures.push(format!("{case}: wrong {what}: {n:?}\n{summary}"));
                }
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
    if gnutls::skip() {
        return;
    }
    for kind in KeyKind::ALL {
        let server = serv(&TLS12_ECDHE_SUITES[3], X25519.gnutls, &[])
            .require_client_cert()
            .spawn()
            .expect("gnutls-serv");
        let mut options = tls12_client();
        options.client_cert = Some(kind);
        let (n, summary) = exchange(&server, &options).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        assert!(n.client_auth_requested, "{kind:?}");
        assert!(
            summary.contains("The certificate is trusted")
                && summary.contains(&format!("Subject: CN={}", kind.client_subject())),
            "{kind:?}: gnutls-serv did not verify our certificate\n{summary}"
        );
    }
}

#[test]
fn a_server_without_extended_master_secret_is_refused_with_handshake_failure_when_required() {
    if gnutls::skip() {
        return;
    }
    let server = serv(&TLS12_ECDHE_SUITES[0], X25519.gnutls, &["%NO_SESSION_HASH"])
        .spawn()
        .expect("gnutls-serv");
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
fn a_server_without_extended_master_secret_is_accepted_by_default() {
    if gnutls::skip() {
        return;
    }
    let server = serv(&TLS12_ECDHE_SUITES[4], X25519.gnutls, &["%NO_SESSION_HASH"])
        .spawn()
        .expect("gnutls-serv");
    let (n, summary) = exchange(&server, &tls12_client()).unwrap_or_else(|e| panic!("{e}"));
    assert!(!n.extended_master_secret, "{n:?}");
    assert!(!summary.contains("extended master secret"), "{summary}");
}

#[test]
fn rsa_key_exchange_with_the_dangerous_switch() {
    if gnutls::skip() {
        return;
    }
    for suite in TLS12_RSA_KX_SUITES {
        let server = serv(&suite, X25519.gnutls, &[])
            .spawn()
            .expect("gnutls-serv");
        let mut options = tls12_client();
        options.rsa_key_exchange = true;
        let (n, summary) =
            exchange(&server, &options).unwrap_or_else(|e| panic!("{}: {e}", suite.name));
        assert_eq!(n.cipher_suite, Some(suite.suite), "{n:?}");
        assert_eq!(n.group, None, "{n:?}");
        assert!(n.extended_master_secret, "{n:?}");
        assert!(summary.contains("Key Exchange: RSA"), "{summary}");
    }
}

#[test]
fn rsa_key_exchange_only_server_has_no_suite_in_common_without_the_switch() {
    if gnutls::skip() {
        return;
    }
    let server = serv(&TLS12_RSA_KX_SUITES[0], X25519.gnutls, &[])
        .spawn()
        .expect("gnutls-serv");
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

/// `gnutls-serv` limited to TLS 1.3 and otherwise as it comes, serving the ECDSA chain.
fn serv13() -> Serv {
    Serv::new(
        "NORMAL:-VERS-ALL:+VERS-TLS1.3",
        Identity::server(KeyKind::Ecdsa),
    )
}

#[test]
fn tls13_client_authentication_asked_for_by_a_default_gnutls_serv() {
    // GnuTLS's TLS 1.3 CertificateRequest carries an empty status_request (RFC 8446
    // §4.4.2.1) next to signature_algorithms.
    if gnutls::skip() {
        return;
    }
    for kind in KeyKind::ALL {
        let server = serv13().require_client_cert().spawn().expect("gnutls-serv");
        let mut options = ClientOptions::new(Versions::TLS13_ONLY);
        options.client_cert = Some(kind);
        let (n, summary) = exchange(&server, &options).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        assert_eq!(n.version, Some(ProtocolVersion::TLSv1_3), "{kind:?}");
        assert!(n.client_auth_requested, "{kind:?}");
        assert!(
            summary.contains("The certificate is trusted")
                && summary.contains(&format!("Subject: CN={}", kind.client_subject())),
            "{kind:?}: gnutls-serv did not verify our certificate\n{summary}"
        );
    }
    // Asked for, not required: a client without a certificate sends an empty one.
    let server = serv13().request_client_cert().spawn().expect("gnutls-serv");
    let (n, _) = exchange(&server, &ClientOptions::new(Versions::TLS13_ONLY))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(n.client_auth_requested, "{n:?}");
    assert_eq!(n.version, Some(ProtocolVersion::TLSv1_3));
}

#[test]
fn tls13_each_group_and_the_default_client() {
    if gnutls::skip() {
        return;
    }
    // gnutls-serv limited to one group. Our client offering that group alone gets it in one
    // round trip; the default client (shares for X25519MLKEM768 and x25519) gets x25519 in one
    // round trip, and secp256r1 / secp384r1 through a HelloRetryRequest.
    for group in GROUPS {
        let priority = format!("NORMAL:-VERS-ALL:+VERS-TLS1.3:-GROUP-ALL:+{}", group.gnutls);
        let serv13 = || {
            Serv::new(&priority, Identity::server(KeyKind::Ecdsa))
                .spawn()
                .expect("gnutls-serv")
        };
        let mut options = ClientOptions::new(Versions::TLS13_ONLY);
        options.groups = vec![group.group];
        let (n, summary) =
            exchange(&serv13(), &options).unwrap_or_else(|e| panic!("{}: {e}", group.gnutls));
        assert_eq!(
            n.version,
            Some(ProtocolVersion::TLSv1_3),
            "{}",
            group.gnutls
        );
        assert_eq!(n.group, Some(group.group), "{}", group.gnutls);
        assert!(!n.hello_retry, "{}", group.gnutls);
        let curve = group.gnutls.trim_start_matches("GROUP-");
        assert!(summary.contains(curve), "{curve}\n{summary}");

        let (n, _) = exchange(&serv13(), &ClientOptions::new(Versions::BOTH))
            .unwrap_or_else(|e| panic!("default client, {}: {e}", group.gnutls));
        assert_eq!(
            n.version,
            Some(ProtocolVersion::TLSv1_3),
            "{}",
            group.gnutls
        );
        assert_eq!(n.group, Some(group.group), "{}", group.gnutls);
        assert_eq!(
            n.hello_retry,
            group.group != X25519.group,
            "{}",
            group.gnutls
        );
    }
}
