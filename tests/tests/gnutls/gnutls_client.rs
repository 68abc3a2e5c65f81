//! `gnutls-cli` → stratls server (`accept` on a thread of the test). Lines typed to gnutls-cli
//! travel to our echo server and come back on its standard output, after its summary of the
//! handshake.

use stratls::Versions;
use stratls::codec::{AlertDescription, ProtocolVersion};
use stratls_tests::TIMEOUT;
use stratls_tests::certs::{Identity, KeyKind};
use stratls_tests::config::ServerOptions;
use stratls_tests::gnutls::{self, Cli, priority12};
use stratls_tests::peer::PeerProcess;
use stratls_tests::serve::{EchoServer, Served, tls_error};
use stratls_tests::suites::{
    GROUPS, SECP256R1, SECP384R1, Suite12, TLS12_ECDHE_SUITES, TLS12_RSA_KX_SUITES, X25519,
};

/// Every group, so the client's supported_groups always name P-256, the curve of the ECDSA
/// certificate (RFC 8422 §5.1.1); the tests pick the group on our server.
const BOTH_GROUPS: [&str; 3] = [X25519.gnutls, SECP256R1.gnutls, SECP384R1.gnutls];

/// How gnutls-cli reports a handshake_failure alert (40) from the server.
const HANDSHAKE_FAILURE_RECEIVED: &str = "Received alert [40]";

/// gnutls-cli with `suite` only (and `extra` priority keywords), to `port`.
fn cli(suite: &Suite12, extra: &[&str], port: u16) -> Cli {
    let priority = priority12(
        &[suite.gnutls_kx],
        &[suite.gnutls_cipher],
        &BOTH_GROUPS,
        extra,
    );
    Cli::new(&priority, port)
}

/// Serves `options` to a gnutls-cli made by `client` for the server's port, echoes `line`,
/// ends both.
fn session(
    options: &ServerOptions,
    client: impl FnOnce(u16) -> Cli,
    line: &str,
) -> Result<(Served, PeerProcess), String> {
    let server = EchoServer::spawn(options.build()).map_err(|e| format!("listen: {e}"))?;
    let mut peer = client(server.port)
        .spawn()
        .map_err(|e| format!("gnutls-cli: {e}"))?;
    let typed = format!("{line}\n");
    peer.write_stdin(typed.as_bytes())
        .map_err(|e| format!("gnutls-cli stdin: {e}\n{}", peer.transcript()))?;
    let echoed = |out: &str| {
        out.split_once("Simple Client Mode:")
            .is_some_and(|(_, data)| data.contains(&typed))
    };
    if peer.wait_stdout(echoed, TIMEOUT).is_none() {
        return Err(format!("no echo of {line:?}\n{}", peer.transcript()));
    }
    // End of input makes gnutls-cli close the connection and exit.
    peer.close_stdin();
    if peer.wait_exit(TIMEOUT).is_none() {
        return Err(format!("gnutls-cli did not exit\n{}", peer.transcript()));
    }
    let served = server
        .join()
        .map_err(|e| format!("server: {e}\n{}", peer.transcript()))?;
    Ok((served, peer))
}

/// Each of `suites` with each group (chosen by our server); failures are reported together.
fn suite_matrix(suites: &[Suite12]) {
    if gnutls::skip() {
        return;
    }
    let mut failures = Vec::new();
    for suite in suites {
        for group in GROUPS {
            let case = format!("{} {}", suite.name, group.openssl);
            let mut options = ServerOptions::new(Versions::TLS12_ONLY, suite.cert);
            options.groups = vec![group.group];
            let (served, client) =
                match session(&options, |port| cli(suite, &[], port), "hello from gnutls") {
                    Ok(r) => r,
                    Err(e) => {
                        failures.push(format!("{case}: {e}"));
                        continue;
                    }
                };
            let n = &served.negotiated;
            let out = client.stdout();
            let curve = group.gnutls.trim_start_matches("GROUP-");
            let checks = [
                (n.version == Some(ProtocolVersion::TLSv1_2), "version"),
                (n.cipher_suite == Some(suite.suite), "suite"),
                (n.group == Some(group.group), "group"),
                (n.extended_master_secret, "extended master secret"),
                (served.received == b"hello from gnutls\n", "data"),
                (out.contains("The certificate is trusted"), "verification"),
                (
                    out.contains(&format!("(TLS1.2-X.509)-(ECDHE-{curve})"))
                        && out.contains(&format!("-({})", suite.gnutls_cipher)),
                    "description at gnutls",
                ),
                (
                    out.contains("Options: extended master secret"),
                    "EMS at gnutls",
                ),
            ];
            for (ok, what) in checks {
                if !ok {
                    failures.push(format!("{case}: wrong {what}: {n:?}\n{out}"));
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
        let mut options = ServerOptions::new(Versions::TLS12_ONLY, KeyKind::Ecdsa);
        options.require_client_cert = true;
        let client =
            |port| cli(&TLS12_ECDHE_SUITES[0], &[], port).client_cert(Identity::client(kind));
        let (served, _) = session(&options, client, "with a client certificate")
            .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        let n = &served.negotiated;
        assert!(n.client_auth_requested, "{kind:?}");
        assert_eq!(
            n.peer_certificates,
            Identity::client(kind).chain(),
            "{kind:?}"
        );
    }
}

#[test]
fn a_client_without_extended_master_secret_is_refused_with_handshake_failure_when_required() {
    if gnutls::skip() {
        return;
    }
    let mut options = ServerOptions::new(Versions::TLS12_ONLY, KeyKind::Rsa);
    options.require_ems = true;
    let server = EchoServer::spawn(options.build()).expect("listen");
    let mut client = cli(&TLS12_ECDHE_SUITES[3], &["%NO_SESSION_HASH"], server.port)
        .spawn()
        .expect("gnutls-cli");
    let err = server
        .join()
        .expect_err("the extended master secret is required");
    assert_eq!(
        tls_error(&err).and_then(stratls::Error::alert),
        Some(AlertDescription::HandshakeFailure),
        "{err}"
    );
    client.close_stdin();
    client
        .wait_stdout(|out| out.contains(HANDSHAKE_FAILURE_RECEIVED), TIMEOUT)
        .unwrap_or_else(|| panic!("gnutls-cli did not see the alert\n{}", client.transcript()));
}

#[test]
fn a_client_without_extended_master_secret_is_accepted_by_default_and_exports_nothing() {
    if gnutls::skip() {
        return;
    }
    let options = ServerOptions::new(Versions::TLS12_ONLY, KeyKind::Ecdsa);
    let client = |port| cli(&TLS12_ECDHE_SUITES[2], &["%NO_SESSION_HASH"], port);
    let (served, _) = session(&options, client, "no ems").unwrap_or_else(|e| panic!("{e}"));
    assert!(!served.negotiated.extended_master_secret);
    assert!(!served.exports, "RFC 7627 §5.4");
    assert_eq!(served.received, b"no ems\n");
}

#[test]
fn rsa_key_exchange_with_the_dangerous_switch() {
    if gnutls::skip() {
        return;
    }
    for suite in TLS12_RSA_KX_SUITES {
        let mut options = ServerOptions::new(Versions::TLS12_ONLY, KeyKind::Rsa);
        options.rsa_key_exchange = true;
        let (served, client) = session(&options, |port| cli(&suite, &[], port), "rsa")
            .unwrap_or_else(|e| panic!("{}: {e}", suite.name));
        let n = &served.negotiated;
        assert_eq!(n.cipher_suite, Some(suite.suite), "{n:?}");
        assert_eq!(n.group, None, "{n:?}");
        assert!(n.extended_master_secret, "{n:?}");
        let out = client.stdout();
        assert!(out.contains("(TLS1.2-X.509)-(RSA)"), "{out}");
    }
}

#[test]
fn rsa_key_exchange_is_refused_without_the_switch() {
    if gnutls::skip() {
        return;
    }
    let options = ServerOptions::new(Versions::TLS12_ONLY, KeyKind::Rsa);
    let server = EchoServer::spawn(options.build()).expect("listen");
    let mut client = cli(&TLS12_RSA_KX_SUITES[1], &[], server.port)
        .spawn()
        .expect("gnutls-cli");
    let err = server.join().expect_err("no common suite");
    assert_eq!(
        tls_error(&err).and_then(stratls::Error::alert),
        Some(AlertDescription::HandshakeFailure),
        "{err}"
    );
    client.close_stdin();
    client
        .wait_stdout(|out| out.contains(HANDSHAKE_FAILURE_RECEIVED), TIMEOUT)
        .unwrap_or_else(|| panic!("gnutls-cli did not see the alert\n{}", client.transcript()));
}

#[test]
fn tls13_each_group_from_gnutls_cli() {
    if gnutls::skip() {
        return;
    }
    // gnutls-cli offers one group; our default server (X25519MLKEM768 first) takes it.
    for group in GROUPS {
        let priority = format!("NORMAL:-VERS-ALL:+VERS-TLS1.3:-GROUP-ALL:+{}", group.gnutls);
        let options = ServerOptions::new(Versions::BOTH, KeyKind::Ecdsa);
        let (served, client) = session(
            &options,
            |port| Cli::new(&priority, port),
            "hello from gnutls",
        )
        .unwrap_or_else(|e| panic!("{}: {e}", group.gnutls));
        let n = &served.negotiated;
        assert_eq!(
            n.version,
            Some(ProtocolVersion::TLSv1_3),
            "{}",
            group.gnutls
        );
        assert_eq!(n.group, Some(group.group), "{}", group.gnutls);
        assert!(!n.hello_retry, "{}", group.gnutls);
        let out = client.stdout();
        let curve = group.gnutls.trim_start_matches("GROUP-");
        assert!(out.contains(curve), "{curve}\n{out}");
    }
}
