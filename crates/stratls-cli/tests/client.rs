//! `stratls client` against `openssl s_server`, and its failures.

use std::process::Command;

use crate::common::{ChildGuard, cert, free_port, have, run, spawn, stratls, wait_for_port};

/// `openssl s_server -www` with the RSA test chain, TLS 1.3 only.
fn openssl_www() -> Option<(ChildGuard, u16)> {
    openssl_www_serving(
        "server-rsa.pem",
        "server-rsa.key",
        Some("server-rsa.chain.pem"),
    )
}

/// `openssl s_server -www`, TLS 1.3 only, serving the tree's `cert` and `key`.
fn openssl_www_serving(
    cert_file: &str,
    key_file: &str,
    chain_file: Option<&str>,
) -> Option<(ChildGuard, u16)> {
    if !have("openssl") {
        println!("note: openssl is not installed; skipping (.ci/run installs it)");
        return None;
    }
    let port = free_port();
    let mut command = Command::new("openssl");
    command
        .arg("s_server")
        .args(["-www", "-tls1_3", "-quiet"])
        .args(["-accept", &port.to_string()])
        .args(["-cert", &cert(cert_file)])
        .args(["-key", &cert(key_file)]);
    if let Some(chain) = chain_file {
        command.args(["-cert_chain", &cert(chain)]);
    }
    let child = spawn(&mut command);
    wait_for_port(port);
    Some((child, port))
}

/// Without `--cafile` the command trusts the system store, which it loads through the
/// library's `native_roots` (here the file `SSL_CERT_FILE` names, as on any Unix).
#[test]
fn the_system_store_is_the_default() {
    let Some((_server, port)) = openssl_www() else {
        return;
    };
    let r = run(
        stratls()
            .arg("client")
            .arg(format!("127.0.0.1:{port}"))
            .args(["--servername", "localhost"])
            .env("SSL_CERT_FILE", cert("ca.pem"))
            .env_remove("SSL_CERT_DIR"),
        b"GET / HTTP/1.0\r\n\r\n",
    );
    assert!(r.status.success(), "{}", r.stderr);
    assert!(r.stdout.starts_with("HTTP/1.0 200 ok"), "{}", r.stdout);
    // A system store without our root: the server is unknown.
    let r = run(
        stratls()
            .arg("client")
            .arg(format!("127.0.0.1:{port}"))
            .args(["--servername", "localhost"])
            .env("SSL_CERT_FILE", cert("untrusted-ca.pem"))
            .env_remove("SSL_CERT_DIR"),
        b"",
    );
    assert_eq!(r.status.code(), Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("unknown_ca"), "{}", r.stderr);
}

/// A self-signed certificate marked CA:TRUE (what `openssl req -x509` makes) given as the
/// `--cafile` of the server presenting it connects, as with curl and gnutls-cli: the verifier's
/// explicitly-trusted rule.
#[test]
fn a_self_signed_certificate_given_as_cafile_connects() {
    let Some((_server, port)) =
        openssl_www_serving("pki/selfsigned.pem", "pki/selfsigned.key", None)
    else {
        return;
    };
    let r = run(
        stratls()
            .arg("client")
            .arg(format!("127.0.0.1:{port}"))
            .args(["--servername", "localhost"])
            .args(["--cafile", &cert("pki/selfsigned.pem")]),
        b"GET / HTTP/1.0\r\n\r\n",
    );
    assert!(r.status.success(), "{}", r.stderr);
    assert!(r.stdout.starts_with("HTTP/1.0 200 ok"), "{}", r.stdout);
    // Under another name it is still refused.
    let r = run(
        stratls()
            .arg("client")
            .arg(format!("127.0.0.1:{port}"))
            .args(["--servername", "example.com"])
            .args(["--cafile", &cert("pki/selfsigned.pem")]),
        b"",
    );
    assert_eq!(r.status.code(), Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("bad_certificate"), "{}", r.stderr);
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
