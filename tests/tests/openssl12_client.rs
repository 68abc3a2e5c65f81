//! `openssl s_client -tls1_2` → stratls server (`accept` on a thread of the test): the six
//! ECDHE suites with both groups, client authentication, the extended master secret (and a
//! client without it), the RSA key exchange, and the downgrade sentinel a server able to do
//! TLS 1.3 writes when it answers TLS 1.2. Lines typed to s_client travel to our echo server
//! and come back on its standard output.

use stratls::Versions;
use stratls::codec::{AlertDescription, NamedGroup, ProtocolVersion};
use stratls_tests::TIMEOUT;
use stratls_tests::certs::{Identity, KeyKind};
use stratls_tests::config::ServerOptions;
use stratls_tests::openssl::{self, SClient, server_hello_random};
use stratls_tests::peer::PeerProcess;
use stratls_tests::serve::{EchoServer, Served, tls_error};
use stratls_tests::suites::{GROUPS, Suite12, TLS12_ECDHE_SUITES, TLS12_RSA_KX_SUITES, X25519};

const TLS12: &str = "-tls1_2";

/// The last eight bytes of a TLS 1.3-capable server's random when it negotiates TLS 1.2
/// (RFC 8446 §4.1.3).
const DOWNGRADE_TLS12: &[u8] = b"DOWNGRD\x01";

/// Serves `options` to an s_client made by `client` for the server's port, echoes `line`,
/// ends both.
fn session(
    options: &ServerOptions,
    client: impl FnOnce(u16) -> SClient,
    line: &str,
) -> Result<(Served, PeerProcess), String> {
    let server = EchoServer::spawn(options.build()).map_err(|e| format!("listen: {e}"))?;
    let mut peer = client(server.port)
        .spawn()
        .map_err(|e| format!("s_client: {e}"))?;
    let typed = format!("{line}\n");
    peer.write_stdin(typed.as_bytes())
        .map_err(|e| format!("s_client stdin: {e}\n{}", peer.transcript()))?;
    if peer
        .wait_stdout(|out| out.contains(&typed), TIMEOUT)
        .is_none()
    {
        return Err(format!("no echo of {line:?}\n{}", peer.transcript()));
    }
    // End of input makes s_client send close_notify and exit.
    peer.close_stdin();
    if peer.wait_exit(TIMEOUT).is_none() {
        return Err(format!("s_client did not exit\n{}", peer.transcript()));
    }
    let served = server
        .join()
        .map_err(|e| format!("server: {e}\n{}", peer.transcript()))?;
    Ok((served, peer))
}

/// s_client for TLS 1.2 to `port`.
fn s_client(port: u16) -> SClient {
    SClient::new(TLS12, port)
}

/// Runs `suites` with both groups, each with the certificate type its suite needs; failures
/// are reported together.
fn suite_matrix(suites: &[Suite12]) {
    if openssl::skip() {
        return;
    }
    let mut failures = Vec::new();
    let both_groups = stratls_tests::suites::openssl_groups();
    for suite in suites {
        for group in GROUPS {
            let case = format!("{} {}", suite.name, group.openssl);
            // Our server picks the group; s_client offers all three, so its supported_groups
            // also name P-256, the curve of the ECDSA certificate (RFC 8422 §5.1.1).
            let mut options = ServerOptions::new(Versions::TLS12_ONLY, suite.cert);
            options.groups = vec![group.group];
            let client = |port| {
                s_client(port)
                    .opt("-cipher", suite.openssl)
                    .opt("-groups", &both_groups)
            };
            let (served, client) = match session(&options, client, "hello from openssl") {
                Ok(r) => r,
                Err(e) => {
                    failures.push(format!("{case}: {e}"));
                    continue;
                }
            };
            let n = &served.negotiated;
            let summary = client.stderr();
            let checks = [
                (n.version == Some(ProtocolVersion::TLSv1_2), "version"),
                (n.cipher_suite == Some(suite.suite), "suite"),
                (n.group == Some(group.group), "group"),
                (n.extended_master_secret, "extended master secret"),
                (served.received == b"hello from openssl\n", "data"),
                (
                    summary.contains("Protocol version: TLSv1.2"),
                    "s_client version",
                ),
                (
                    summary.contains(&format!("Ciphersuite: {}", suite.openssl)),
                    "suite seen by s_client",
                ),
                (
                    summary.contains(&format!("Server Temp Key: {}", temp_key(group.openssl))),
                    "group seen by s_client",
                ),
                (summary.contains("Verification: OK"), "verification"),
                (
                    summary.contains(&suite.cert.server_subject()),
                    "certificate seen by s_client",
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

/// How s_client's summary names the server's ephemeral key for an OpenSSL group name.
fn temp_key(group: &str) -> &str {
    match group {
        "P-256" => "ECDH, prime256v1",
        "P-384" => "ECDH, secp384r1",
        other => other,
    }
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
        let mut options = ServerOptions::new(Versions::TLS12_ONLY, KeyKind::Ecdsa);
        options.require_client_cert = true;
        let client = |port| s_client(port).client_cert(Identity::client(kind));
        let (served, _) = session(&options, client, "with a client certificate")
            .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        let n = &served.negotiated;
        assert!(n.client_auth_requested, "{kind:?}");
        assert_eq!(n.version, Some(ProtocolVersion::TLSv1_2), "{kind:?}");
        assert_eq!(
            n.peer_certificates,
            Identity::client(kind).chain(),
            "{kind:?}"
        );
    }
}

#[test]
fn missing_client_certificate_is_refused() {
    if openssl::skip() {
        return;
    }
    let mut options = ServerOptions::new(Versions::TLS12_ONLY, KeyKind::Rsa);
    options.require_client_cert = true;
    let server = EchoServer::spawn(options.build()).expect("listen");
    let mut client = SClient::new(TLS12, server.port).spawn().expect("s_client");
    let err = server.join().expect_err("a certificate is required");
    let alert = tls_error(&err).and_then(stratls::Error::alert);
    assert_eq!(
        alert,
        Some(AlertDescription::HandshakeFailure),
        "{err}\n{}",
        client.transcript()
    );
    client.close_stdin();
    let summary = client
        .wait_stderr(|e| e.contains("handshake failure"), TIMEOUT)
        .unwrap_or_else(|| panic!("s_client did not see the alert\n{}", client.transcript()));
    assert!(summary.contains("alert"), "{summary}");
}

#[test]
fn a_client_without_extended_master_secret_is_refused_with_handshake_failure_when_required() {
    if openssl::skip() {
        return;
    }
    let mut options = ServerOptions::new(Versions::TLS12_ONLY, KeyKind::Ecdsa);
    options.require_ems = true;
    let server = EchoServer::spawn(options.build()).expect("listen");
    let mut client = SClient::new(TLS12, server.port)
        .no_ems()
        .spawn()
        .expect("s_client");
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
        .wait_stderr(|e| e.contains("handshake failure"), TIMEOUT)
        .unwrap_or_else(|| panic!("s_client did not see the alert\n{}", client.transcript()));
}

#[test]
fn a_client_without_extended_master_secret_is_accepted_by_default_and_exports_nothing() {
    if openssl::skip() {
        return;
    }
    let options = ServerOptions::new(Versions::TLS12_ONLY, KeyKind::Rsa);
    let (served, _) = session(&options, |port| s_client(port).no_ems(), "no ems")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!served.negotiated.extended_master_secret);
    assert!(!served.exports, "RFC 7627 §5.4");
    assert_eq!(served.received, b"no ems\n");
}

#[test]
fn rsa_key_exchange_with_the_dangerous_switch() {
    if openssl::skip() {
        return;
    }
    for suite in TLS12_RSA_KX_SUITES {
        let mut options = ServerOptions::new(Versions::TLS12_ONLY, KeyKind::Rsa);
        options.rsa_key_exchange = true;
        let (served, client) = session(
            &options,
            |port| s_client(port).opt("-cipher", suite.openssl),
            "rsa",
        )
        .unwrap_or_else(|e| panic!("{}: {e}", suite.name));
        let n = &served.negotiated;
        assert_eq!(n.cipher_suite, Some(suite.suite), "{n:?}");
        assert_eq!(n.group, None, "{n:?}");
        assert!(n.extended_master_secret, "{n:?}");
        assert!(
            client
                .stderr()
                .contains(&format!("Ciphersuite: {}", suite.openssl)),
            "{}",
            client.transcript()
        );
    }
}

#[test]
fn rsa_key_exchange_is_refused_without_the_switch() {
    if openssl::skip() {
        return;
    }
    let options = ServerOptions::new(Versions::TLS12_ONLY, KeyKind::Rsa);
    let server = EchoServer::spawn(options.build()).expect("listen");
    let mut client = SClient::new(TLS12, server.port)
        .opt("-cipher", TLS12_RSA_KX_SUITES[0].openssl)
        .spawn()
        .expect("s_client");
    let err = server.join().expect_err("no common suite");
    assert_eq!(
        tls_error(&err).and_then(stratls::Error::alert),
        Some(AlertDescription::HandshakeFailure),
        "{err}"
    );
    client.close_stdin();
    client
        .wait_stderr(|e| e.contains("handshake failure"), TIMEOUT)
        .unwrap_or_else(|| panic!("s_client did not see the alert\n{}", client.transcript()));
}

/// A stratls server accepting both versions answers a TLS 1.2-only client with TLS 1.2 and
/// the RFC 8446 §4.1.3 sentinel in its random (s_client, limited to TLS 1.2, does not look for
/// it); a server accepting TLS 1.2 only writes no sentinel.
#[test]
fn the_downgrade_sentinel_only_from_a_server_able_to_do_tls13() {
    if openssl::skip() {
        return;
    }
    for (versions, sentinel) in [(Versions::BOTH, true), (Versions::TLS12_ONLY, false)] {
        let options = ServerOptions::new(versions, KeyKind::Ecdsa);
        let (served, client) = session(&options, |port| s_client(port).arg("-msg"), "sentinel")
            .unwrap_or_else(|e| panic!("{versions:?}: {e}"));
        assert_eq!(
            served.negotiated.version,
            Some(ProtocolVersion::TLSv1_2),
            "{versions:?}"
        );
        let random = server_hello_random(&client.stdout())
            .unwrap_or_else(|| panic!("no ServerHello in\n{}", client.transcript()));
        assert_eq!(&random[24..] == DOWNGRADE_TLS12, sentinel, "{versions:?}");
    }
}

/// RFC 8422 §5.1.1: a server negotiates an ECC suite only if it can complete the handshake
/// with the curves the client listed, its certificate's curve included (§5.3). A client that
/// lists x25519 alone cannot take a P-256 ECDSA certificate, so a server holding only that
/// certificate has no ECDHE_ECDSA suite to offer it and refuses with handshake_failure.
#[test]
fn an_ecdsa_certificate_on_a_curve_the_client_did_not_list_is_not_used() {
    if openssl::skip() {
        return;
    }
    let options = ServerOptions::new(Versions::TLS12_ONLY, KeyKind::Ecdsa);
    let server = EchoServer::spawn(options.build()).expect("listen");
    let mut client = SClient::new(TLS12, server.port)
        .opt("-groups", X25519.openssl)
        .spawn()
        .expect("s_client");
    let err = server
        .join()
        .expect_err("no suite fits the client's curves");
    client.close_stdin();
    assert_eq!(
        tls_error(&err).and_then(stratls::Error::alert),
        Some(AlertDescription::HandshakeFailure),
        "{err}\n{}",
        client.transcript()
    );
}

#[test]
fn a_p384_server_certificate_verified_by_s_client() {
    if openssl::skip() {
        return;
    }
    // ECDHE over secp384r1, signed by the P-384 certificate's key.
    let mut options = ServerOptions::new(Versions::TLS12_ONLY, KeyKind::EcdsaP384);
    options.groups = vec![NamedGroup::Secp384r1];
    let client = |port| {
        s_client(port)
            .opt("-cipher", "ECDHE-ECDSA-AES256-GCM-SHA384")
            .opt("-groups", "P-384")
    };
    let (served, client) =
        session(&options, client, "hello over P-384").unwrap_or_else(|e| panic!("{e}"));
    let summary = client.stderr();
    let n = &served.negotiated;
    assert_eq!(n.version, Some(ProtocolVersion::TLSv1_2), "{summary}");
    assert_eq!(n.group, Some(NamedGroup::Secp384r1), "{summary}");
    assert_eq!(
        n.cipher_suite,
        Some(stratls::codec::CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384)
    );
    assert_eq!(
        n.own_signature_scheme,
        Some(stratls::codec::SignatureScheme::ECDSA_SECP384R1_SHA384),
        "{summary}"
    );
    assert!(summary.contains("Verification: OK"), "{summary}");
    assert!(summary.contains("Hash used: SHA384"), "{summary}");
    assert!(
        summary.contains("Server Temp Key: ECDH, secp384r1"),
        "{summary}"
    );
    assert!(
        summary.contains(&KeyKind::EcdsaP384.server_subject()),
        "{summary}"
    );
}
