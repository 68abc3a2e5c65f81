//! `stratls server --www` and the client's close_notify: the server answers it with its own and
//! closes (RFC 8446 §6.1, RFC 5246 §7.2.1), and writes nothing else unless a GET came first;
//! a GET that close_notify follows at once is still answered.

use std::io::{Read, Write};
use std::net::TcpStream;

use crate::common::{self, ChildGuard, cert, free_port, spawn, stratls, wait_for_port};

/// `stratls server --www` with the ECDSA test certificate on a free port.
fn www_server() -> (ChildGuard, u16) {
    let port = free_port();
    let child = spawn(
        stratls()
            .arg("server")
            .args(["--cert", &cert("server-ecdsa.chain.pem")])
            .args(["--key", &cert("server-ecdsa.key")])
            .args(["--accept", &format!("127.0.0.1:{port}")])
            .arg("--www"),
    );
    wait_for_port(port);
    (child, port)
}

/// A library client of `versions` to the server, after its handshake.
fn connect(port: u16, versions: stratls::Versions) -> stratls::Stream<TcpStream> {
    let mut roots = stratls::RootStore::new();
    roots
        .add_pem(&std::fs::read(cert("ca.pem")).expect("ca"))
        .expect("roots");
    let config = stratls::client_config()
        .with_root_certificates(roots)
        .with_no_client_auth()
        .with_versions(versions)
        .build()
        .expect("config");
    let tcp = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    tcp.set_read_timeout(Some(common::DEADLINE))
        .expect("timeout");
    stratls::connect(std::sync::Arc::new(config), "localhost", tcp).expect("handshake")
}

/// Sends `request` and close_notify in one write; returns what the server sent back until its
/// close_notify (`read_to_end` fails on an end without one).
fn close_after(port: u16, versions: stratls::Versions, request: &[u8]) -> Vec<u8> {
    let mut tls = connect(port, versions);
    let conn = tls.connection_mut();
    assert_eq!(conn.write(request).expect("request"), request.len());
    conn.close();
    tls.flush().expect("request and close_notify");
    let mut answer = Vec::new();
    tls.read_to_end(&mut answer)
        .expect("the server's close_notify ends the stream");
    answer
}

#[test]
fn close_notify_without_a_get_is_answered_with_close_notify_only() {
    let (_server, port) = www_server();
    for versions in [stratls::Versions::TLS13_ONLY, stratls::Versions::TLS12_ONLY] {
        for request in [&b""[..], b"\r\n", b"junk", b"POST / HTTP/1.0\r\n\r\n"] {
            let answer = close_after(port, versions, request);
            assert!(
                answer.is_empty(),
                "{versions:?} {request:?}: {}",
                String::from_utf8_lossy(&answer)
            );
        }
    }
}

#[test]
fn a_get_that_close_notify_follows_is_answered_then_closed() {
    let (_server, port) = www_server();
    for versions in [stratls::Versions::TLS13_ONLY, stratls::Versions::TLS12_ONLY] {
        for request in [&b"GET / HTTP/1.0\r\n\r\n"[..], b"GET / HTTP/1.0\r\n"] {
            let answer = close_after(port, versions, request);
            let page = String::from_utf8(answer).expect("utf-8");
            assert!(
                page.starts_with("HTTP/1.0 200 OK\r\n"),
                "{versions:?} {request:?}: {page}"
            );
        }
    }
}
