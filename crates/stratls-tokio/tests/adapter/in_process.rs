//! Client and server in one process: data both ways, half-close, truncation, the lazy
//! acceptor, back-pressure.

use std::sync::Arc;
use std::time::Duration;

use stratls::ProtocolVersion;
use stratls_handshake::{Limits, Versions};
use stratls_tokio::{LazyConfigAcceptor, TlsStream};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::common::*;

/// Sends `len` bytes each way at once and checks them; then the client shuts down, the
/// server reads the end (close_notify) and still answers, and the client reads that answer
/// and the server's close_notify.
async fn exchange<A, B>(mut client: TlsStream<A>, mut server: TlsStream<B>, len: usize)
where
    A: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    B: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let up = pattern(1, len);
    let down = pattern(2, len);
    let server_task = {
        let (up, down) = (up.clone(), down.clone());
        tokio::spawn(async move {
            let (mut r, mut w) = tokio::io::split(&mut server);
            let (got, ()) = tokio::join!(
                async {
                    let mut got = vec![0; up.len()];
                    r.read_exact(&mut got).await.expect("server reads");
                    got
                },
                async { w.write_all(&down).await.expect("server writes") }
            );
            assert!(got == up, "the server got other bytes");
            // The client's close_notify: the end of its stream.
            let mut rest = Vec::new();
            server.read_to_end(&mut rest).await.expect("close_notify");
            assert!(rest.is_empty());
            // Half-closed: the server still writes.
            server.write_all(b"after your close").await.expect("after");
            server.shutdown().await.expect("server shutdown");
        })
    };
    let (mut r, mut w) = tokio::io::split(&mut client);
    let (got, ()) = tokio::join!(
        async {
            let mut got = vec![0; down.len()];
            r.read_exact(&mut got).await.expect("client reads");
            got
        },
        async { w.write_all(&up).await.expect("client writes") }
    );
    assert!(got == down, "the client got other bytes");
    client.shutdown().await.expect("client shutdown");
    let mut rest = Vec::new();
    client.read_to_end(&mut rest).await.expect("to the end");
    assert_eq!(rest, b"after your close");
    server_task.await.expect("server task");
}

#[test]
fn duplex_both_versions() {
    runtime().block_on(async {
        for (versions, expected) in [
            (Versions::TLS13_ONLY, ProtocolVersion::TLSv1_3),
            (Versions::TLS12_ONLY, ProtocolVersion::TLSv1_2),
        ] {
            // A small pipe, so that both sides wait on each other many times.
            let (a, b) = tokio::io::duplex(4096);
            let acceptor = acceptor(versions);
            let server = tokio::spawn(async move { acceptor.accept(b).await });
            let client = connector(versions)
                .connect(stratls_test_support::name("localhost"), a)
                .await
                .expect("client handshake");
            let server = server.await.expect("task").expect("server handshake");
            for n in [client.connection(), server.connection()] {
                let n = n.negotiated().expect("negotiated");
                assert_eq!(n.version, Some(expected));
                assert_eq!(n.alpn.as_deref(), Some(b"http/1.1".as_slice()));
            }
            exchange(client, server, 300_000).await;
        }
    });
}

/// Reads of every size split records anywhere: an incomplete record waits for the bytes that
/// follow it, in the same allocation or moved to a new one, and every byte arrives in order.
/// The server echoes; the client reads while it writes (through a pipe smaller than the
/// server's tickets, the server's handshake ends only when the client reads them).
#[test]
fn records_split_by_reads_of_every_size() {
    runtime().block_on(async {
        for (pipe, len) in [(1, 20_000), (5, 40_000), (6, 40_000), (16_410, 200_000)] {
            let (a, b) = tokio::io::duplex(pipe);
            let acceptor = acceptor(Versions::TLS13_ONLY);
            let server = tokio::spawn(async move {
                let mut server = acceptor.accept(b).await.expect("server handshake");
                let (mut r, mut w) = tokio::io::split(&mut server);
                tokio::io::copy(&mut r, &mut w).await.expect("echo");
                server.shutdown().await.expect("server shutdown");
            });
            let mut client = connector(Versions::TLS13_ONLY)
                .connect(stratls_test_support::name("localhost"), a)
                .await
                .expect("client handshake");
            let up = pattern(3, len);
            let (mut r, mut w) = tokio::io::split(&mut client);
            let (got, ()) = tokio::join!(
                async {
                    let mut got = vec![0; len];
                    r.read_exact(&mut got).await.expect("client reads");
                    got
                },
                async {
                    w.write_all(&up).await.expect("client writes");
                    w.shutdown().await.expect("client shutdown");
                }
            );
            assert!(got == up, "pipe {pipe}: the echo differs");
            let mut rest = Vec::new();
            client.read_to_end(&mut rest).await.expect("close_notify");
            assert!(rest.is_empty(), "pipe {pipe}");
            server.await.expect("server task");
        }
    });
}

#[test]
fn tcp() {
    runtime().block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let acceptor = acceptor(Versions::BOTH);
        let server = tokio::spawn(async move {
            let (tcp, _) = listener.accept().await.expect("accept");
            acceptor.accept(tcp).await
        });
        let tcp = TcpStream::connect(addr).await.expect("connect");
        let client = connector(Versions::BOTH)
            .connect(stratls_test_support::name("localhost"), tcp)
            .await
            .expect("client handshake");
        let server = server.await.expect("task").expect("server handshake");
        exchange(client, server, 1 << 20).await;
    });
}

#[test]
fn a_transport_that_ends_without_close_notify_is_unexpected_eof() {
    runtime().block_on(async {
        let (a, b) = tokio::io::duplex(1 << 16);
        let acceptor = acceptor(Versions::BOTH);
        let server = tokio::spawn(async move { acceptor.accept(b).await });
        let mut client = connector(Versions::BOTH)
            .connect(stratls_test_support::name("localhost"), a)
            .await
            .expect("client");
        let mut server = server.await.expect("task").expect("server");
        server.write_all(b"partial").await.expect("write");
        server.flush().await.expect("flush");
        // The transport goes away with no close_notify.
        drop(server.into_inner());
        let mut got = vec![0; 7];
        client.read_exact(&mut got).await.expect("what was sent");
        assert_eq!(got, b"partial");
        let e = client.read(&mut [0; 8]).await.expect_err("truncated");
        assert_eq!(e.kind(), std::io::ErrorKind::UnexpectedEof);
        assert_eq!(tls_error(&e), Some(&stratls_handshake::Error::Truncated));
    });
}

#[test]
fn the_lazy_acceptor_chooses_the_config_by_the_name_asked_for() {
    runtime().block_on(async {
        for (name, cert) in [("localhost", "server-ecdsa"), ("127.0.0.1", "server-rsa")] {
            let (a, b) = tokio::io::duplex(1 << 16);
            let server = tokio::spawn(async move {
                let start = LazyConfigAcceptor::new(b).await.expect("hello");
                let asked = start.client_hello().server_name();
                assert_eq!(start.client_hello().alpn()[0], b"h2");
                let cert = match asked.as_deref() {
                    Some("localhost") => "server-ecdsa",
                    _ => "server-rsa",
                };
                let config = Arc::new(stratls_test_support::server_config(cert));
                let mut tls = start.into_stream(config).await.expect("server handshake");
                tls.write_all(cert.as_bytes()).await.expect("write");
                tls.shutdown().await.expect("shutdown");
            });
            let mut client = connector(Versions::BOTH)
                .connect(stratls_test_support::name(name), a)
                .await
                .expect("client handshake");
            let mut got = String::new();
            client.read_to_string(&mut got).await.expect("read");
            assert_eq!(got, cert);
            server.await.expect("server task");
        }
    });
}

#[test]
fn the_lazy_acceptor_answers_a_non_tls_client_with_an_alert() {
    runtime().block_on(async {
        let (mut a, b) = tokio::io::duplex(1 << 16);
        let server = tokio::spawn(async move { LazyConfigAcceptor::new(b).await.map(|_| ()) });
        a.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .expect("write");
        let e = server.await.expect("task").expect_err("refused");
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidData);
        let alert = tls_error(&e).and_then(|e| e.alert()).expect("an alert");
        let mut got = Vec::new();
        a.read_to_end(&mut got).await.expect("read");
        // One fatal plaintext alert record naming the same description.
        assert_eq!(got, [21, 3, 3, 0, 2, 2, alert.to_u8()]);
    });
}

#[test]
fn a_peer_that_never_reads_keeps_the_writer_under_the_limit() {
    runtime().block_on(async {
        const PIPE: usize = 8 * 1024;
        let (a, b) = tokio::io::duplex(PIPE);
        let acceptor = acceptor(Versions::BOTH);
        let server = tokio::spawn(async move { acceptor.accept(b).await });
        let client = connector(Versions::BOTH)
            .connect(stratls_test_support::name("localhost"), a)
            .await
            .expect("client");
        let mut server = server.await.expect("task").expect("server");
        // The client never reads from here on: the server writes until a write stays pending.
        let chunk = pattern(3, 16 * 1024);
        let mut accepted = 0usize;
        let mut blocked = false;
        for _ in 0..10_000 {
            match tokio::time::timeout(Duration::from_millis(200), server.write(&chunk)).await {
                Ok(Ok(n)) => accepted += n,
                Ok(Err(e)) => panic!("write failed: {e}"),
                Err(_) => {
                    blocked = true;
                    break;
                }
            }
        }
        assert!(blocked, "the writer never waited");
        let limit = Limits::default().max_pending_tls;
        let queued = server.connection().pending_tls().len();
        assert!(
            queued <= limit,
            "{queued} bytes queued over a limit of {limit}"
        );
        // What the writer took is what sits in the pipe plus what is queued, plus the record
        // overhead of that much data: nothing else was held.
        assert!(
            accepted <= PIPE + limit,
            "{accepted} bytes taken for a pipe of {PIPE} and a limit of {limit}"
        );
        eprintln!("writer blocked after taking {accepted} bytes, {queued} queued");
        drop(client);
    });
}

#[test]
fn a_reader_answers_the_peers_key_update() {
    runtime().block_on(async {
        let (a, b) = tokio::io::duplex(1 << 16);
        let acceptor = acceptor(Versions::TLS13_ONLY);
        let server = tokio::spawn(async move { acceptor.accept(b).await });
        let mut client = connector(Versions::TLS13_ONLY)
            .connect(stratls_test_support::name("localhost"), a)
            .await
            .expect("client");
        let mut server = server.await.expect("task").expect("server");
        for round in 0..3u8 {
            // The client asks the server to update its keys too; the server only reads, and
            // its answer goes out from that read.
            client
                .connection_mut()
                .update_keys(true)
                .expect("key update");
            client.write_all(&[round]).await.expect("write");
            client.flush().await.expect("flush");
            let mut got = [0u8; 1];
            server.read_exact(&mut got).await.expect("server reads");
            assert_eq!(got, [round]);
            assert!(
                !server.connection().wants_write(),
                "the answer is still queued"
            );
            // The server's next record is under its new keys: the client reads it only if it
            // got the answer first.
            server.write_all(&[round + 100]).await.expect("write back");
            server.flush().await.expect("flush back");
            client.read_exact(&mut got).await.expect("client reads");
            assert_eq!(got, [round + 100]);
        }
    });
}
