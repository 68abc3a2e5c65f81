//! HTTPS: curl over HTTP/2 and HTTP/1.1 against the `https_server` example's server, the
//! hyper-util connector against that server (HTTP/2 end to end) and against
//! `openssl s_server -www`, and a stalled client that stalls nobody else.

use std::process::Command;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use stratls_tests::certs::{Identity, KeyKind, ca_path};
use stratls_tests::peer::PeerProcess;
use stratls_tokio::TlsAcceptor;
use stratls_tokio::hyper::HttpsConnector;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

use crate::common::*;

/// Starts the axum example's server on a free port; returns the port.
async fn start_axum() -> u16 {
    let mut config = stratls_test_support::server_config("server-ecdsa");
    config.shared.alpn = crate::serve::alpn();
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(crate::axum_serve::serve(
        listener,
        TlsAcceptor::from(Arc::new(config)),
        crate::axum_serve::app(),
    ));
    port
}

/// Starts the example's server on a free port; returns the port.
async fn start_server() -> u16 {
    let mut config = stratls_test_support::server_config("server-ecdsa");
    config.shared.alpn = crate::serve::alpn();
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(crate::serve::serve(
        listener,
        TlsAcceptor::from(Arc::new(config)),
    ));
    port
}

/// Runs curl against `https://localhost:port/path` with `flag`; returns its stdout.
async fn curl(port: u16, flag: &'static str, path: &str) -> String {
    let url = format!("https://localhost:{port}{path}");
    let resolve = format!("localhost:{port}:127.0.0.1");
    tokio::task::spawn_blocking(move || {
        let out = Command::new("curl")
            .args(["-sS", "--max-time", "30", flag, "--cacert"])
            .arg(ca_path())
            .args([
                "--resolve",
                &resolve,
                "-w",
                "version=%{http_version}\n",
                &url,
            ])
            .output()
            .expect("curl runs");
        assert!(
            out.status.success(),
            "curl {flag}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("text")
    })
    .await
    .expect("curl task")
}

fn curl_available() -> bool {
    Command::new("curl").arg("--version").output().is_ok()
}

fn client(alpn: &[&[u8]]) -> Client<HttpsConnector, Empty<Bytes>> {
    let mut config = stratls_test_support::client_config();
    config.shared.alpn = alpn.iter().map(|p| p.to_vec()).collect();
    Client::builder(TokioExecutor::new()).build(HttpsConnector::new(config))
}

async fn get(client: &Client<HttpsConnector, Empty<Bytes>>, url: &str) -> (hyper::Version, String) {
    let response = tokio::time::timeout(TIMEOUT, client.get(url.parse().expect("uri")))
        .await
        .expect("an answer in time")
        .expect("a response");
    assert!(response.status().is_success());
    let version = response.version();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (version, String::from_utf8(body.to_vec()).expect("text"))
}

#[test]
fn curl_over_http2_and_http1() {
    if !curl_available() {
        eprintln!("curl not found: skipped");
        return;
    }
    runtime().block_on(async {
        let port = start_server().await;
        let h2 = curl(port, "--http2", "/two").await;
        assert_eq!(h2, "hello from stratls over HTTP/2.0 for /two\nversion=2\n");
        let h1 = curl(port, "--http1.1", "/one").await;
        assert_eq!(
            h1,
            "hello from stratls over HTTP/1.1 for /one\nversion=1.1\n"
        );
    });
}

#[test]
fn curl_and_the_connector_against_axum() {
    runtime().block_on(async {
        let port = start_axum().await;
        if curl_available() {
            let h2 = curl(port, "--http2", "/").await;
            assert_eq!(h2, "hello from axum over HTTP/2.0\nversion=2\n");
            let h1 = curl(port, "--http1.1", "/").await;
            assert_eq!(h1, "hello from axum over HTTP/1.1\nversion=1.1\n");
        }
        let url = format!("https://localhost:{port}/");
        let (version, body) = get(&client(&[]), &url).await;
        assert_eq!(version, hyper::Version::HTTP_2);
        assert_eq!(body, "hello from axum over HTTP/2.0\n");
    });
}

#[test]
fn the_connector_speaks_http2_end_to_end_and_http1_when_asked() {
    runtime().block_on(async {
        let port = start_server().await;
        // A client that sends half a ClientHello and stops: the server's accept loop goes on.
        let mut stalled = TcpStream::connect(("127.0.0.1", port))
            .await
            .expect("connect");
        stalled
            .write_all(&[22, 3, 1, 0, 200, 1])
            .await
            .expect("write");
        let url = format!("https://localhost:{port}/path");
        let (version, body) = get(&client(&[]), &url).await;
        assert_eq!(version, hyper::Version::HTTP_2);
        assert_eq!(body, "hello from stratls over HTTP/2.0 for /path\n");
        let (version, body) = get(&client(&[b"http/1.1"]), &url).await;
        assert_eq!(version, hyper::Version::HTTP_11);
        assert_eq!(body, "hello from stratls over HTTP/1.1 for /path\n");
        drop(stalled);
    });
}

#[test]
fn the_connector_against_s_server_www() {
    if stratls_tests::openssl::skip() {
        return;
    }
    // A free port for s_server: bound, read and released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let id = Identity::server(KeyKind::Ecdsa);
    let mut command = Command::new("openssl");
    command
        .args(["s_server", "-accept"])
        .arg(format!("127.0.0.1:{port}"))
        .args(["-naccept", "1", "-www", "-cert"])
        .arg(id.cert_path())
        .arg("-key")
        .arg(id.key_path())
        .arg("-cert_chain")
        .arg(stratls_tests::certs::intermediate_path());
    let server = PeerProcess::spawn("openssl s_server -www", command).expect("s_server");
    assert!(
        server
            .wait_stdout(|o| o.contains("ACCEPT"), stratls_tests::TIMEOUT)
            .is_some(),
        "s_server did not start\n{}",
        server.transcript()
    );
    runtime().block_on(async {
        let (version, body) = get(&client(&[]), &format!("https://localhost:{port}/")).await;
        // s_server names no ALPN protocol: HTTP/1.x, and its page lists the session.
        assert_ne!(version, hyper::Version::HTTP_2);
        assert!(body.contains("Ciphers supported"), "{body}");
    });
}

/// The TLS error somewhere in `error`'s chain of sources.
fn tls_error_in<'a>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a stratls::Error> {
    let mut next = Some(error);
    while let Some(e) = next {
        if let Some(tls) = e.downcast_ref::<stratls::Error>() {
            return Some(tls);
        }
        // An io::Error's `source()` skips the error it carries: that one is `get_ref()`.
        next = match e.downcast_ref::<std::io::Error>() {
            Some(io) => io.get_ref().map(|inner| inner as _),
            None => e.source(),
        };
    }
    None
}

/// The connectors with roots built in trust those roots, not the test CA: the local server's
/// chain ends in `unknown_ca`. (The machine has no route to a server a public root signed.)
#[test]
fn the_connectors_with_public_roots_do_not_trust_the_test_ca() {
    runtime().block_on(async {
        let port = start_server().await;
        let url: hyper::Uri = format!("https://localhost:{port}/").parse().expect("uri");
        let mut connectors = vec![(
            "webpki",
            HttpsConnector::with_webpki_roots().expect("webpki"),
        )];
        match HttpsConnector::with_native_roots() {
            Ok(native) => connectors.push(("native", native)),
            // A machine without a trust store: the error says so.
            Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::NotFound, "{e}"),
        }
        for (name, connector) in connectors {
            let client: Client<_, Empty<Bytes>> =
                Client::builder(TokioExecutor::new()).build(connector);
            let err = tokio::time::timeout(TIMEOUT, client.get(url.clone()))
                .await
                .expect("an answer in time")
                .expect_err("the test CA is not a public root");
            let tls = tls_error_in(&err).unwrap_or_else(|| panic!("{name}: {err:?}"));
            assert!(
                matches!(
                    tls,
                    stratls::Error::InvalidCertificate(stratls::pki::PkiError::UnknownIssuer)
                ),
                "{name}: {tls:?}"
            );
        }
    });
}
