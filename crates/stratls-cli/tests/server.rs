//! `stratls server`, answered by the library's own client, by `openssl s_client`, by `curl`,
//! and by `stratls client`.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::common::{
    ChildGuard, cert, finish, free_port, have, run, spawn, stratls, wait_for_port,
};

/// Starts `stratls server` with the ECDSA test certificate on a free port, plus `extra`.
fn server(extra: &[&str]) -> (ChildGuard, u16) {
    server_with("server-ecdsa", extra)
}

/// Starts `stratls server` with the test certificate `name` on a free port, plus `extra`.
fn server_with(name: &str, extra: &[&str]) -> (ChildGuard, u16) {
    let port = free_port();
    let child = spawn(
        stratls()
            .arg("server")
            .args(["--cert", &cert(&format!("{name}.chain.pem"))])
            .args(["--key", &cert(&format!("{name}.key"))])
            .args(["--accept", &format!("127.0.0.1:{port}")])
            .args(extra),
    );
    wait_for_port(port);
    (child, port)
}

fn library_client(port: u16, alpn: Option<&[u8]>) -> stratls::Stream<TcpStream> {
    let mut roots = stratls::RootStore::new();
    roots
        .add_pem(&std::fs::read(cert("ca.pem")).expect("ca"))
        .expect("roots");
    let mut b = stratls::client_config()
        .with_root_certificates(roots)
        .with_no_client_auth();
    if let Some(p) = alpn {
        b = b.with_alpn_protocols(vec![p.to_vec()]);
    }
    let config = b.build().expect("config");
    let tcp = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    tcp.set_read_timeout(Some(crate::common::DEADLINE))
        .expect("timeout");
    stratls::connect(std::sync::Arc::new(config), "localhost", tcp).expect("handshake")
}

#[test]
fn www_page_for_the_library_client() {
    let (_server, port) = server(&["--www", "--alpn", "http/1.1"]);
    let mut tls = library_client(port, Some(b"http/1.1"));
    tls.write_all(b"GET / HTTP/1.0\r\n\r\n").expect("request");
    let mut page = Vec::new();
    // The server ends with close_notify, so the page ends cleanly.
    tls.read_to_end(&mut page).expect("page and close_notify");
    let page = String::from_utf8(page).expect("utf-8");
    assert!(page.starts_with("HTTP/1.0 200 OK\r\n"), "{page}");
    assert!(page.contains("Content-Type: text/html"), "{page}");
    assert!(page.contains("<td>TLSv1.3</td>"), "{page}");
    assert!(page.contains("<td>TLS_AES_128_GCM_SHA256</td>"), "{page}");
    assert!(page.contains("<td>X25519MLKEM768</td>"), "{page}");
    assert!(page.contains("<th>ALPN</th><td>http/1.1</td>"), "{page}");
    assert!(page.contains("<th>SNI</th><td>localhost</td>"), "{page}");
    assert!(page.contains("not asked for"), "{page}");
}

#[test]
fn www_page_names_the_suite_chosen_from_the_servers_list() {
    let (_server, port) = server(&["--www", "--ciphersuites", "TLS_CHACHA20_POLY1305_SHA256"]);
    let mut tls = library_client(port, None);
    tls.write_all(b"GET /anything HTTP/1.0\r\n\r\n")
        .expect("request");
    let mut page = String::new();
    tls.read_to_string(&mut page).expect("page");
    assert!(
        page.contains("<td>TLS_CHACHA20_POLY1305_SHA256</td>"),
        "{page}"
    );
}

#[test]
fn www_page_for_openssl_s_client() {
    if !have("openssl") {
        println!("note: openssl is not installed; skipping (.ci/run installs it)");
        return;
    }
    let (_server, port) = server(&["--www"]);
    let r = run(
        std::process::Command::new("openssl")
            .arg("s_client")
            .args(["-connect", &format!("127.0.0.1:{port}")])
            .args(["-CAfile", &cert("ca.pem")])
            .args(["-servername", "localhost"])
            .args(["-verify_return_error", "-quiet"]),
        b"GET / HTTP/1.0\r\n\r\n",
    );
    assert!(
        r.stdout.contains("HTTP/1.0 200 OK"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );
    assert!(r.stdout.contains("<td>TLSv1.3</td>"), "{}", r.stdout);
    assert!(r.stdout.contains("<td>TLS_AES_"), "{}", r.stdout);
}

#[test]
fn www_page_for_curl() {
    if !have("curl") {
        println!("note: curl is not installed; skipping (.ci/run installs it)");
        return;
    }
    let (_server, port) = server(&["--www"]);
    let r = run(
        std::process::Command::new("curl")
            .args(["--silent", "--show-error", "--max-time", "10"])
            .args(["--cacert", &cert("ca.pem")])
            .arg(format!("https://localhost:{port}/")),
        b"",
    );
    assert!(r.status.success(), "curl: {}", r.stderr);
    assert!(r.stdout.contains("<td>TLSv1.3</td>"), "{}", r.stdout);
    assert!(r.stdout.contains("<td>TLS_AES_"), "{}", r.stdout);
}

#[test]
fn a_p384_certificate_for_curl_and_s_client() {
    // ECDSA P-384 signing, and secp384r1 as the only group (TLS 1.3 and TLS 1.2).
    let (_server, port) = server_with("server-p384", &["--www", "--groups", "P-384"]);
    if have("curl") {
        for version in ["--tlsv1.3", "--tlsv1.2"] {
            let r = run(
                std::process::Command::new("curl")
                    .args(["--silent", "--show-error", "--max-time", "10"])
                    .args([version, "--tls-max", &version[6..]])
                    .args(["--cacert", &cert("ca.pem")])
                    .arg(format!("https://localhost:{port}/")),
                b"",
            );
            assert!(r.status.success(), "curl {version}: {}", r.stderr);
            assert!(r.stdout.contains("<td>secp384r1</td>"), "{}", r.stdout);
            let tls = if version == "--tlsv1.3" {
                "TLSv1.3"
            } else {
                "TLSv1.2"
            };
            assert!(
                r.stdout.contains(&format!("<td>{tls}</td>")),
                "{}",
                r.stdout
            );
        }
    } else {
        println!("note: curl is not installed; skipping it (.ci/run installs it)");
    }
    if have("openssl") {
        let r = run(
            std::process::Command::new("openssl")
                .arg("s_client")
                .args(["-connect", &format!("127.0.0.1:{port}")])
                .args(["-CAfile", &cert("ca.pem")])
                .args(["-servername", "localhost", "-verify_hostname", "localhost"])
                .args(["-verify_return_error", "-quiet"]),
            b"GET / HTTP/1.0\r\n\r\n",
        );
        assert!(
            r.stdout.contains("HTTP/1.0 200 OK"),
            "{}\n{}",
            r.stdout,
            r.stderr
        );
        assert!(r.stdout.contains("<td>secp384r1</td>"), "{}", r.stdout);
    } else {
        println!("note: openssl is not installed; skipping it (.ci/run installs it)");
    }
}

#[test]
fn echo_server_and_the_stratls_client() {
    let (_server, port) = server(&[]);
    let r = run(
        stratls()
            .arg("client")
            .arg(format!("127.0.0.1:{port}"))
            .args(["--servername", "localhost"])
            .args(["--cafile", &cert("ca.pem")]),
        b"ping over stratls\n",
    );
    assert!(r.status.success(), "{}", r.stderr);
    assert_eq!(r.stdout, "ping over stratls\n");
    assert!(r.stderr.contains("connected to 127.0.0.1:"), "{}", r.stderr);
    assert!(r.stderr.contains("TLSv1.3"), "{}", r.stderr);
    assert!(r.stderr.contains("close_notify"), "{}", r.stderr);
}

#[test]
fn required_client_certificate() {
    let (_server, port) = server(&["--www", "--verify-client", &cert("ca.pem")]);
    let client = |with_cert: bool| {
        let mut cmd = stratls();
        cmd.arg("client")
            .arg(format!("localhost:{port}"))
            .args(["--cafile", &cert("ca.pem")]);
        if with_cert {
            cmd.args(["--cert", &cert("client-ecdsa.chain.pem")])
                .args(["--key", &cert("client-ecdsa.key")]);
        }
        run(&mut cmd, b"GET / HTTP/1.0\r\n\r\n")
    };
    let ok = client(true);
    assert!(ok.status.success(), "{}", ok.stderr);
    assert!(
        ok.stdout.contains("CN=stratls test client (ecdsa)"),
        "{}",
        ok.stdout
    );
    let refused = client(false);
    assert!(!refused.status.success());
    assert_eq!(
        refused
            .stderr
            .lines()
            .filter(|l| l.starts_with("stratls:"))
            .count(),
        1
    );
    assert!(
        refused.stderr.contains("certificate_required"),
        "{}",
        refused.stderr
    );
}

#[test]
fn a_silent_client_does_not_stop_others() {
    let (_server, port) = server(&[]);
    // Connect and say nothing; a second client is still served.
    let _silent = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    std::thread::sleep(Duration::from_millis(50));
    let mut tls = library_client(port, None);
    tls.write_all(b"hi").expect("write");
    let mut back = [0u8; 2];
    tls.read_exact(&mut back).expect("echo");
    assert_eq!(&back, b"hi");
}

#[test]
fn bad_key_file_is_one_line_and_a_failure() {
    let r = run(
        stratls()
            .arg("server")
            .args(["--cert", &cert("server-ecdsa.chain.pem")])
            .args(["--key", "/nonexistent/key.pem"])
            .args(["--accept", "127.0.0.1:0"]),
        b"",
    );
    assert_eq!(r.status.code(), Some(1));
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("/nonexistent/key.pem"), "{}", r.stderr);
}

#[test]
fn the_server_issues_tickets_and_the_client_reconnects_five_times_resumed() {
    let (_server, port) = server(&[]);
    let r = run(
        stratls()
            .arg("client")
            .arg(format!("127.0.0.1:{port}"))
            .args(["--servername", "localhost"])
            .args(["--cafile", &cert("ca.pem")])
            .arg("--reconnect"),
        b"",
    );
    assert!(r.status.success(), "{}", r.stderr);
    assert!(r.stderr.contains("connection 1: new,"), "{}", r.stderr);
    for i in 2..=6 {
        assert!(
            r.stderr.contains(&format!("connection {i}: resumed,")),
            "{}",
            r.stderr
        );
    }
    assert!(
        r.stderr.contains("5 of 5 reconnections resumed"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_external_psk_between_the_stratls_client_and_server() {
    let (_server, port) = server(&["--psk", "0102030405060708", "--psk-identity", "cli-test"]);
    let r = run(
        stratls()
            .arg("client")
            .arg(format!("127.0.0.1:{port}"))
            .args(["--servername", "localhost"])
            .args(["--cafile", &cert("ca.pem")])
            .args(["--psk", "0102030405060708", "--psk-identity", "cli-test"]),
        b"over a psk\n",
    );
    assert!(r.status.success(), "{}", r.stderr);
    assert_eq!(r.stdout, "over a psk\n");
    assert!(r.stderr.contains("external PSK cli-test"), "{}", r.stderr);
}

#[test]
fn sess_out_then_sess_in_resumes() {
    let (_server, port) = server(&[]);
    let dir = crate::illustrate::scratch("sess");
    let file = dir.join("session.bin");
    let client = |flag: &str| {
        run(
            stratls()
                .arg("client")
                .arg(format!("127.0.0.1:{port}"))
                .args(["--servername", "localhost"])
                .args(["--cafile", &cert("ca.pem")])
                .arg(flag)
                .arg(&file),
            b"ticket please\n",
        )
    };
    let first = client("--sess-out");
    assert!(first.status.success(), "{}", first.stderr);
    assert!(
        first.stderr.contains("session written to"),
        "{}",
        first.stderr
    );
    assert!(!first.stderr.contains(", resumed"), "{}", first.stderr);
    let second = client("--sess-in");
    assert!(second.status.success(), "{}", second.stderr);
    assert_eq!(second.stdout, "ticket please\n");
    assert!(second.stderr.contains(", resumed"), "{}", second.stderr);
}

#[test]
fn early_data_with_sess_in_is_accepted_printed_and_echoed() {
    let (server, port) = server(&["--early-data"]);
    let dir = crate::illustrate::scratch("early");
    let file = dir.join("session.bin");
    let early = dir.join("early.txt");
    std::fs::write(&early, "GET / early\n").expect("early file");
    let client = |extra: &[&std::ffi::OsStr], input: &[u8]| {
        run(
            stratls()
                .arg("client")
                .arg(format!("127.0.0.1:{port}"))
                .args(["--servername", "localhost"])
                .args(["--cafile", &cert("ca.pem")])
                .args(extra),
            input,
        )
    };
    let first = client(
        &["--sess-out".as_ref(), file.as_os_str()],
        b"ticket please\n",
    );
    assert!(first.status.success(), "{}", first.stderr);
    assert!(!first.stderr.contains("early data"), "{}", first.stderr);
    let second = client(
        &[
            "--sess-in".as_ref(),
            file.as_os_str(),
            "--early-data".as_ref(),
            early.as_os_str(),
        ],
        b"",
    );
    assert!(second.status.success(), "{}", second.stderr);
    assert!(
        second
            .stderr
            .contains("early data: 12 of 12 bytes sent as 0-RTT"),
        "{}",
        second.stderr
    );
    assert!(
        second.stderr.contains("resumed, early data accepted"),
        "{}",
        second.stderr
    );
    assert_eq!(second.stdout, "GET / early\n", "echoed");
    // The server printed it (stopped by its process id to read what it wrote).
    let mut server = server;
    let _ = server.0.kill();
    let served = finish(server, b"");
    assert!(
        served
            .stdout
            .contains("early data received (12 bytes):\nGET / early\n"),
        "{}",
        served.stdout
    );
    // Without a ticket that allows it, nothing goes early.
    let (_plain, plain_port) = server_with("server-ecdsa", &[]);
    let r = run(
        stratls()
            .arg("client")
            .arg(format!("127.0.0.1:{plain_port}"))
            .args(["--servername", "localhost"])
            .args(["--cafile", &cert("ca.pem")])
            .arg("--early-data")
            .arg(&early),
        b"",
    );
    assert!(r.status.success(), "{}", r.stderr);
    assert!(r.stderr.contains("early data not sent"), "{}", r.stderr);
}
