//! `openssl s_client -tls1_3` → stratls server (`accept` on a thread of the test): every
//! suite × group × server key type, client authentication, a forced HelloRetryRequest, ALPN
//! and KeyUpdate. Lines typed to s_client's standard input travel to our echo server and come
//! back on its standard output.

use std::sync::Arc;

use stratls::Versions;
use stratls::codec::{AlertDescription, NamedGroup, ProtocolVersion};
use stratls_tests::TIMEOUT;
use stratls_tests::certs::{Identity, KeyKind};
use stratls_tests::config::ServerOptions;
use stratls_tests::observe::{KeyUpdateCount, KeyUpdates};
use stratls_tests::openssl::{self, SClient};
use stratls_tests::peer::PeerProcess;
use stratls_tests::serve::{EchoServer, Served, tls_error};
use stratls_tests::suites::{GROUPS, SECP256R1, Suite, TLS13_SUITES, X25519};

const TLS13: &str = "-tls1_3";

#[path = "openssl_client/pki.rs"]
mod pki;
#[path = "openssl_client/resume.rs"]
mod resume;

/// Types `line` into s_client and waits until everything typed so far came back.
fn echo_line(client: &mut PeerProcess, line: &str, expected: &mut String) -> Result<(), String> {
    let typed = format!("{line}\n");
    client
        .write_stdin(typed.as_bytes())
        .map_err(|e| format!("s_client stdin: {e}\n{}", client.transcript()))?;
    expected.push_str(&typed);
    client
        .wait_stdout(|out| out == expected.as_str(), TIMEOUT)
        .map(drop)
        .ok_or_else(|| format!("no echo of {line:?}\n{}", client.transcript()))
}

/// Ends s_client (end of its input makes it send close_notify and exit) and the server.
fn finish(mut client: PeerProcess, server: EchoServer) -> Result<(Served, PeerProcess), String> {
    client.close_stdin();
    if client.wait_exit(TIMEOUT).is_none() {
        return Err(format!("s_client did not exit\n{}", client.transcript()));
    }
    let served = server
        .join()
        .map_err(|e| format!("server: {e}\n{}", client.transcript()))?;
    Ok((served, client))
}

/// Serves `options` to an s_client started from `client`, echoes `lines`, ends both.
fn session(
    options: &ServerOptions,
    client: impl FnOnce(u16) -> SClient,
    lines: &[&str],
) -> Result<(Served, PeerProcess), String> {
    let server = EchoServer::spawn(options.build()).map_err(|e| format!("listen: {e}"))?;
    let mut peer = client(server.port)
        .spawn()
        .map_err(|e| format!("s_client: {e}"))?;
    let mut expected = String::new();
    for line in lines {
        echo_line(&mut peer, line, &mut expected)?;
    }
    finish(peer, server)
}

/// Runs one suite with both groups and every server key type; failures are reported together.
fn suite_matrix(suite: Suite) {
    if openssl::skip() {
        return;
    }
    let mut failures = Vec::new();
    for group in GROUPS {
        for kind in KeyKind::ALL {
            let case = format!("{} {} {}", suite.name, group.openssl, kind.name());
            let options = ServerOptions::new(Versions::TLS13_ONLY, kind);
            let result = session(
                &options,
                |port| {
                    SClient::new(TLS13, port)
                        .opt("-ciphersuites", suite.name)
                        .opt("-groups", group.openssl)
                },
                &["hello from openssl", "second line"],
            );
            let (served, client) = match result {
                Ok(r) => r,
                Err(e) => {
                    failures.push(format!("{case}: {e}"));
                    continue;
                }
            };
            let n = &served.negotiated;
            let summary = client.stderr();
            let checks = [
                (n.version == Some(ProtocolVersion::TLSv1_3), "version"),
                (n.cipher_suite == Some(suite.suite), "suite"),
                (n.group == Some(group.group), "group"),
                (!n.hello_retry, "no HelloRetryRequest"),
                (
                    served.received == b"hello from openssl\nsecond line\n",
                    "data",
                ),
                (
                    summary.contains("Verification: OK"),
                    "verification by s_client",
                ),
                (
                    summary.contains(&format!("Ciphersuite: {}", suite.name)),
                    "suite seen by s_client",
                ),
                (
                    summary.contains(&kind.server_subject()),
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
        let mut options = ServerOptions::new(Versions::TLS13_ONLY, KeyKind::Rsa);
        options.require_client_cert = true;
        let (served, _) = session(
            &options,
            |port| SClient::new(TLS13, port).client_cert(Identity::client(kind)),
            &["with a client certificate"],
        )
        .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        let expected = Identity::client(kind).chain();
        assert_eq!(
            served.negotiated.peer_certificates.first(),
            expected.first(),
            "{kind:?}"
        );
        assert!(served.negotiated.client_auth_requested);
    }
}

#[test]
fn missing_client_certificate_is_refused_with_certificate_required() {
    if openssl::skip() {
        return;
    }
    let mut options = ServerOptions::new(Versions::TLS13_ONLY, KeyKind::Ecdsa);
    options.require_client_cert = true;
    let server = EchoServer::spawn(options.build()).expect("listen");
    let mut client = SClient::new(TLS13, server.port).spawn().expect("s_client");
    let err = server.join().expect_err("a certificate is required");
    assert!(
        matches!(
            tls_error(&err).and_then(stratls::Error::alert),
            Some(AlertDescription::CertificateRequired)
        ),
        "{err}"
    );
    client.close_stdin();
    let summary = client
        .wait_stderr(|e| e.contains("certificate required"), TIMEOUT)
        .unwrap_or_else(|| panic!("s_client did not see the alert\n{}", client.transcript()));
    assert!(summary.contains("alert"), "{summary}");
}

#[test]
fn hello_retry_when_our_server_wants_p256() {
    if openssl::skip() {
        return;
    }
    let mut options = ServerOptions::new(Versions::TLS13_ONLY, KeyKind::Ecdsa);
    options.groups = vec![SECP256R1.group];
    // s_client sends a key share for its first group only.
    let groups = format!("{}:{}", X25519.openssl, SECP256R1.openssl);
    let (served, client) = session(
        &options,
        |port| SClient::new(TLS13, port).opt("-groups", &groups),
        &["after a retry"],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(served.negotiated.hello_retry, "{:?}", served.negotiated);
    assert_eq!(served.negotiated.group, Some(NamedGroup::Secp256r1));
    assert!(
        client
            .stderr()
            .contains("Server Temp Key: ECDH, prime256v1"),
        "{}",
        client.transcript()
    );
}

#[test]
fn alpn_follows_our_server_preference() {
    if openssl::skip() {
        return;
    }
    let mut options = ServerOptions::new(Versions::TLS13_ONLY, KeyKind::Ed25519);
    options.alpn = vec!["h2", "http/1.1"];
    for (offered, expected) in [("http/1.1,h2", "h2"), ("http/1.1", "http/1.1")] {
        let (served, _) = session(
            &options,
            |port| SClient::new(TLS13, port).opt("-alpn", offered),
            &["alpn"],
        )
        .unwrap_or_else(|e| panic!("{offered}: {e}"));
        assert_eq!(
            served.negotiated.alpn.as_deref(),
            Some(expected.as_bytes()),
            "offered {offered}"
        );
    }
}

#[test]
fn key_updates_typed_to_s_client() {
    if openssl::skip() {
        return;
    }
    let updates = Arc::new(KeyUpdates::default());
    let mut options = ServerOptions::new(Versions::TLS13_ONLY, KeyKind::Ecdsa);
    options.observer = Some(updates.clone());
    let server = EchoServer::spawn(options.build()).expect("listen");
    let mut client = SClient::new(TLS13, server.port).spawn().expect("s_client");
    let mut expected = String::new();
    let step = |r: Result<(), String>| r.unwrap_or_else(|e| panic!("{e}"));
    step(echo_line(&mut client, "before", &mut expected));
    // `K`: KeyUpdate with update_requested, which our server answers with its own; `k`: without.
    for (command, received) in [("K\n", 1), ("k\n", 2)] {
        client.write_stdin(command.as_bytes()).expect("stdin");
        let count = updates.wait_received(received, TIMEOUT);
        assert_eq!(count.received, received, "{}", client.transcript());
        step(echo_line(
            &mut client,
            &format!("after update {received}"),
            &mut expected,
        ));
    }
    let (served, client) = finish(client, server).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        updates.count(),
        KeyUpdateCount {
            sent: 1,
            received: 2
        }
    );
    assert_eq!(served.received, expected.as_bytes());
    assert_eq!(client.stderr().matches("KEYUPDATE").count(), 2);
}

#[test]
fn a_p384_server_certificate_verified_by_s_client() {
    if openssl::skip() {
        return;
    }
    let options = ServerOptions::new(Versions::TLS13_ONLY, KeyKind::EcdsaP384);
    let (served, client) = session(
        &options,
        |port| SClient::new(TLS13, port).opt("-sigalgs", "ECDSA+SHA384"),
        &["hello over P-384"],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let summary = client.stderr();
    assert_eq!(
        served.negotiated.own_signature_scheme,
        Some(stratls::codec::SignatureScheme::ECDSA_SECP384R1_SHA384),
        "{summary}"
    );
    assert!(summary.contains("Verification: OK"), "{summary}");
    assert!(
        summary.contains(&KeyKind::EcdsaP384.server_subject()),
        "{summary}"
    );
    assert_eq!(served.received, b"hello over P-384\n");
}
