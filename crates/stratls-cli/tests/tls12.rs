//! The command over TLS 1.2: `stratls client --tls1_2` against `openssl s_server -www` and
//! `gnutls-serv --http`; `openssl s_client`, `gnutls-cli` and `curl`, each limited to TLS 1.2,
//! against `stratls server --www`; and the RSA key exchange behind `--dangerous-rsa-kx`.
//! A test whose peer tool is missing prints a note and passes without running.

use std::process::Command;

use crate::common::{ChildGuard, cert, free_port, have, run, spawn, stratls, wait_for_port};

const GET: &[u8] = b"GET / HTTP/1.0\r\n\r\n";

fn skip_without(program: &str) -> bool {
    if have(program) {
        return false;
    }
    println!("note: {program} is not installed; skipping (.ci/run installs it)");
    true
}

/// `stratls client --tls1_2` to 127.0.0.1:`port` for `localhost`, trusting the test root.
fn tls12_client(port: u16) -> Command {
    let mut cmd = stratls();
    cmd.arg("client")
        .arg(format!("127.0.0.1:{port}"))
        .args(["--servername", "localhost"])
        .args(["--cafile", &cert("ca.pem")])
        .arg("--tls1_2");
    cmd
}

/// `stratls server --www` with the `kind` test chain on a free port, plus `extra`.
fn www_server(kind: &str, extra: &[&str]) -> (ChildGuard, u16) {
    let port = free_port();
    let child = spawn(
        stratls()
            .arg("server")
            .args(["--cert", &cert(&format!("server-{kind}.chain.pem"))])
            .args(["--key", &cert(&format!("server-{kind}.key"))])
            .args(["--accept", &format!("127.0.0.1:{port}")])
            .arg("--www")
            .args(extra),
    );
    wait_for_port(port);
    (child, port)
}

/// `openssl s_client -tls1_2` to our server, verifying it, sending a GET, plus `extra`.
fn s_client12(port: u16, extra: &[&str]) -> crate::common::Finished {
    run(
        Command::new("openssl")
            .args(["s_client", "-tls1_2", "-quiet"])
            .args(["-connect", &format!("127.0.0.1:{port}")])
            .args(["-CAfile", &cert("ca.pem")])
            .args(["-servername", "localhost", "-verify_return_error"])
            .args(extra),
        GET,
    )
}

#[test]
fn client_fetches_a_page_from_openssl_s_server_tls12() {
    if skip_without("openssl") {
        return;
    }
    let port = free_port();
    let _server = spawn(
        Command::new("openssl")
            .args(["s_server", "-www", "-tls1_2", "-quiet"])
            .args(["-accept", &port.to_string()])
            .args(["-cert", &cert("server-rsa.pem")])
            .args(["-cert_chain", &cert("intermediate.pem")])
            .args(["-key", &cert("server-rsa.key")]),
    );
    wait_for_port(port);
    let r = run(&mut tls12_client(port), GET);
    assert!(r.status.success(), "{}", r.stderr);
    // s_server -www answers with its own status page, which names the protocol.
    assert!(r.stdout.starts_with("HTTP/1.0 200 ok"), "{}", r.stdout);
    assert!(r.stdout.contains("TLSv1.2"), "{}", r.stdout);
    assert!(
        r.stderr
            .contains("TLSv1.2, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("extended master secret"), "{}", r.stderr);
}

#[test]
fn client_fetches_a_page_from_gnutls_serv() {
    if skip_without("gnutls-serv") {
        return;
    }
    let port = free_port();
    let _server = spawn(
        Command::new("gnutls-serv")
            .args(["--http", "--disable-client-cert"])
            .args(["--port", &port.to_string()])
            .args(["--x509certfile", &cert("server-ecdsa.chain.pem")])
            .args(["--x509keyfile", &cert("server-ecdsa.key")])
            .args(["--priority", "NORMAL:-VERS-ALL:+VERS-TLS1.2"]),
    );
    wait_for_port(port);
    let r = run(&mut tls12_client(port), GET);
    assert!(r.status.success(), "{}", r.stderr);
    // gnutls-serv --http describes the session in its page.
    assert!(r.stdout.starts_with("HTTP/1.0 200 OK"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("<TD>Protocol version:</TD><TD>TLS1.2</TD>"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("ECDHE_ECDSA_AES_128_GCM_SHA256"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr
            .contains("TLSv1.2, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
        "{}",
        r.stderr
    );
}

#[test]
fn www_page_for_openssl_s_client_tls12() {
    if skip_without("openssl") {
        return;
    }
    let (_server, port) = www_server("ecdsa", &[]);
    let r = s_client12(port, &[]);
    assert!(
        r.stdout.contains("HTTP/1.0 200 OK"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );
    assert!(r.stdout.contains("<td>TLSv1.2</td>"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("<td>TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256</td>"),
        "{}",
        r.stdout
    );
}

#[test]
fn www_page_for_gnutls_cli() {
    if skip_without("gnutls-cli") {
        return;
    }
    let (_server, port) = www_server("rsa", &[]);
    let r = run(
        Command::new("gnutls-cli")
            .args(["--priority", "NORMAL:-VERS-ALL:+VERS-TLS1.2"])
            .args(["--x509cafile", &cert("ca.pem")])
            .args(["--sni-hostname", "localhost"])
            .args(["--verify-hostname", "localhost"])
            .args(["--port", &port.to_string()])
            .arg("--crlf")
            .arg("127.0.0.1"),
        b"GET / HTTP/1.0\n\n",
    );
    assert!(
        r.stdout.contains("HTTP/1.0 200 OK"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );
    assert!(r.stdout.contains("<td>TLSv1.2</td>"), "{}", r.stdout);
    assert!(r.stdout.contains("<td>TLS_ECDHE_RSA_WITH_"), "{}", r.stdout);
}

#[test]
fn www_page_for_curl_tls12() {
    if skip_without("curl") {
        return;
    }
    let (_server, port) = www_server("ecdsa", &[]);
    let r = run(
        Command::new("curl")
            .args(["--silent", "--show-error", "--max-time", "10"])
            .args(["--tls-max", "1.2"])
            .args(["--cacert", &cert("ca.pem")])
            .arg(format!("https://localhost:{port}/")),
        b"",
    );
    assert!(r.status.success(), "curl: {}", r.stderr);
    assert!(r.stdout.contains("<td>TLSv1.2</td>"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("<td>TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256</td>"),
        "{}",
        r.stdout
    );
}

#[test]
fn rsa_key_exchange_only_with_the_dangerous_flag() {
    if skip_without("openssl") {
        return;
    }
    let rsa_kx = ["-cipher", "AES128-GCM-SHA256"];
    let (_server, port) = www_server("rsa", &["--dangerous-rsa-kx", "--tls1_2"]);
    let r = s_client12(port, &rsa_kx);
    assert!(
        r.stdout.contains("HTTP/1.0 200 OK"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );
    assert!(r.stdout.contains("<td>TLSv1.2</td>"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("<td>TLS_RSA_WITH_AES_128_GCM_SHA256</td>"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("<tr><th>Key exchange group</th><td>none</td></tr>"),
        "{}",
        r.stdout
    );

    let (_server, port) = www_server("rsa", &["--tls1_2"]);
    let r = s_client12(port, &rsa_kx);
    assert!(!r.status.success(), "{}", r.stdout);
    assert!(!r.stdout.contains("HTTP/1.0"), "{}", r.stdout);
    assert!(r.stderr.contains("handshake failure"), "{}", r.stderr);
}

/// OpenSSL's configuration that turns the extended master secret off (OpenSSL 3.0 has no
/// command-line switch for it).
fn no_ems_config() -> String {
    format!(
        "{}/../../tests/conf/openssl-no-ems.cnf",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn a_client_without_extended_master_secret_is_served_unless_require_ems() {
    if skip_without("openssl") {
        return;
    }
    let (_server, port) = www_server("ecdsa", &["--tls1_2"]);
    let r = run(
        Command::new("openssl")
            .env("OPENSSL_CONF", no_ems_config())
            .args(["s_client", "-tls1_2", "-quiet"])
            .args(["-connect", &format!("127.0.0.1:{port}")])
            .args(["-CAfile", &cert("ca.pem")])
            .args(["-servername", "localhost", "-verify_return_error"]),
        GET,
    );
    assert!(
        r.stdout.contains("HTTP/1.0 200 OK"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );
    assert!(
        r.stdout
            .contains("<tr><th>Extended master secret</th><td>no</td></tr>"),
        "{}",
        r.stdout
    );

    let (_server, port) = www_server("ecdsa", &["--tls1_2", "--require-ems"]);
    let r = run(
        Command::new("openssl")
            .env("OPENSSL_CONF", no_ems_config())
            .args(["s_client", "-tls1_2", "-quiet"])
            .args(["-connect", &format!("127.0.0.1:{port}")])
            .args(["-CAfile", &cert("ca.pem")])
            .args(["-servername", "localhost", "-verify_return_error"]),
        GET,
    );
    assert!(!r.stdout.contains("HTTP/1.0"), "{}", r.stdout);
    assert!(r.stderr.contains("handshake failure"), "{}", r.stderr);
}
