//! `stratls client` against `openssl s_server`, and its failures.

use std::process::Command;

use crate::common::{ChildGuard, cert, free_port, have, run, spawn, stratls, wait_for_port};

/// `openssl s_server -www` with the RSA test chain, TLS 1.3 only.
fn openssl_www() -> Option<(ChildGuard, u16)> {
    if !have("openssl") {
        println!("note: openssl is not installed; skipping (.ci/run installs it)");
        return None;
    }
    let port = free_port();
    let child = spawn(
        Command::new("openssl")
            .arg("s_server")
            .args(["-www", "-tls1_3", "-quiet"])
            .args(["-accept", &port.to_string()])
            .args(["-cert", &cert("server-rsa.pem")])
            .args(["-cert_chain", &cert("server-rsa.chain.pem")])
            .args(["-key", &cert("server-rsa.key")]),
    );
    wait_for_port(port);
    Some((child, port))
}

#[test]
fn fetches_a_page_from_openssl_s_server() {
    let Some((_server, port)) = openssl_www() else {
        return;
    };
    let keylog = std::env::temp_dir().join(format!("stratls-cli-keylog-{port}.txt"));
    let r = run(
        stratls()
            .arg("client")
            .arg(format!("127.0.0.1:{port}"))
            .args(["--servername", "localhost"])
            .args(["--cafile", &cert("ca.pem")])
            .args(["--keylogfile", &keylog.display().to_string()]),
        b"GET / HTTP/1.0\r\n\r\n",
    );
    assert!(r.status.success(), "{}", r.stderr);
    // s_server -www answers with its own status page, which names the protocol.
    assert!(r.stdout.starts_with("HTTP/1.0 200 ok"), "{}", r.stdout);
    assert!(r.stdout.contains("TLSv1.3"), "{}", r.stdout);
    assert!(
        r.stderr.contains("TLSv1.3, TLS_AES_128_GCM_SHA256"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("peer signature rsa_pss_rsae_"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("CN=stratls test server (rsa)"),
        "{}",
        r.stderr
    );
    let log = std::fs::read_to_string(&keylog).expect("key log");
    let _ = std::fs::remove_file(&keylog);
    for label in [
        "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
        "SERVER_HANDSHAKE_TRAFFIC_SECRET",
        "CLIENT_TRAFFIC_SECRET_0",
        "SERVER_TRAFFIC_SECRET_0",
    ] {
        assert!(log.contains(label), "{log}");
    }
}

#[test]
fn trace_shows_the_decoded_messages() {
    let Some((_server, port)) = openssl_www() else {
        return;
    };
    let r = run(
        stratls()
            .arg("client")
            .arg(format!("localhost:{port}"))
            .args(["--cafile", &cert("ca.pem")])
            .args(["--ciphersuites", "TLS_AES_256_GCM_SHA384"])
            .args(["--groups", "P-256"])
            .arg("--trace"),
        b"GET / HTTP/1.0\r\n\r\n",
    );
    assert!(r.status.success(), "{}", r.stderr);
    for needle in [
        "-> ClientHello",
        "cipher suites: TLS_AES_256_GCM_SHA384",
        "key share: secp256r1",
        "<- ServerHello",
        "<- EncryptedExtensions",
        "<- Certificate ",
        "<- CertificateVerify",
        "<- Finished",
        "-> Finished",
        "established: TLSv1.3, TLS_AES_256_GCM_SHA384, secp256r1",
    ] {
        assert!(r.stderr.contains(needle), "no {needle:?} in:\n{}", r.stderr);
    }
}

#[test]
fn an_untrusted_server_fails_in_one_line_naming_the_alert() {
    let Some((_server, port)) = openssl_www() else {
        return;
    };
    let r = run(
        stratls()
            .arg("client")
            .arg(format!("localhost:{port}"))
            .args(["--cafile", &cert("untrusted-ca.pem")]),
        b"",
    );
    assert_eq!(r.status.code(), Some(1));
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.starts_with("stratls: handshake with"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("unknown_ca"), "{}", r.stderr);
}

#[test]
fn unknown_names_are_usage_errors_listing_the_known_ones() {
    let r = run(
        stratls()
            .args(["client", "localhost:1"])
            .args(["--ciphersuites", "TLS_AES_128_GCM_SHA256:RC4-MD5"]),
        b"",
    );
    assert_eq!(r.status.code(), Some(2));
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("unknown cipher suite \"RC4-MD5\""),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("ECDHE-RSA-AES128-GCM-SHA256"),
        "{}",
        r.stderr
    );

    let r = run(
        stratls()
            .args(["server", "--cert", "c", "--key", "k"])
            .args(["--groups", "x448"]),
        b"",
    );
    assert_eq!(r.status.code(), Some(2));
    assert!(r.stderr.contains("unknown group \"x448\""), "{}", r.stderr);
    assert!(r.stderr.contains("prime256v1"), "{}", r.stderr);
}

#[test]
fn nothing_listening_is_one_line() {
    let port = free_port();
    let r = run(
        stratls()
            .arg("client")
            .arg(format!("127.0.0.1:{port}"))
            .args(["--cafile", &cert("ca.pem")]),
        b"",
    );
    assert_eq!(r.status.code(), Some(1));
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("connecting to 127.0.0.1:"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_configuration_without_a_usable_suite_fails_before_connecting() {
    // Nothing listens on the port: the configuration is refused first.
    let port = free_port();
    let r = run(
        stratls()
            .arg("client")
            .arg(format!("127.0.0.1:{port}"))
            .args(["--cafile", &cert("ca.pem")])
            .args(["--tls1_3", "--ciphersuites", "ECDHE-RSA-AES128-GCM-SHA256"]),
        b"",
    );
    assert_eq!(r.status.code(), Some(1));
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("configuration: no cipher suite is left for the enabled protocol versions"),
        "{}",
        r.stderr
    );
}
