//! Peers that stop half-way: the handshake ends with an error after its deadline, or at once
//! when the transport ends. The order of events is checked, not wall-clock figures.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use stratls_handshake::Versions;
use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};

use crate::common::*;

const DEADLINE: Duration = Duration::from_millis(300);

#[derive(Debug, PartialEq, Eq)]
enum Step {
    PeerGotHello,
    ThirdOfTheDeadline,
    Failed(std::io::ErrorKind),
    LongAfter,
}

fn log(steps: &Arc<Mutex<Vec<Step>>>, step: Step) {
    steps.lock().expect("log").push(step);
}

#[test]
fn a_server_that_goes_silent_times_the_client_out() {
    runtime().block_on(async {
        let steps = Arc::new(Mutex::new(Vec::new()));
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let peer = {
            let steps = steps.clone();
            tokio::spawn(async move {
                let (mut tcp, _) = listener.accept().await.expect("accept");
                let mut buf = [0u8; 5];
                tcp.read_exact(&mut buf).await.expect("a record header");
                assert_eq!(buf[0], 22, "a handshake record");
                log(&steps, Step::PeerGotHello);
                // Holds the socket open, answering nothing, until the test ends.
                tokio::time::sleep(TIMEOUT).await;
                drop(tcp);
            })
        };
        let timers = {
            let steps = steps.clone();
            tokio::spawn(async move {
                tokio::time::sleep(DEADLINE / 3).await;
                log(&steps, Step::ThirdOfTheDeadline);
                tokio::time::sleep(DEADLINE * 30).await;
                log(&steps, Step::LongAfter);
            })
        };
        let tcp = TcpStream::connect(addr).await.expect("connect");
        let result = connector(Versions::BOTH)
            .with_handshake_timeout(DEADLINE)
            .connect(stratls_test_support::name("localhost"), tcp)
            .await;
        let e = result.expect_err("timed out");
        log(&steps, Step::Failed(e.kind()));
        timers.abort();
        peer.abort();
        let steps = steps.lock().expect("log");
        assert_eq!(
            *steps,
            [
                Step::PeerGotHello,
                Step::ThirdOfTheDeadline,
                Step::Failed(std::io::ErrorKind::TimedOut)
            ]
        );
    });
}

#[test]
fn a_client_that_vanishes_mid_handshake_ends_the_accept() {
    runtime().block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let acceptor = acceptor(Versions::BOTH).with_handshake_timeout(DEADLINE);
        let server = tokio::spawn(async move {
            let mut results = Vec::new();
            for _ in 0..2 {
                let (tcp, _) = listener.accept().await.expect("accept");
                results.push(acceptor.accept(tcp).await.map(|_| ()));
            }
            results
        });
        // The first client sends half of a ClientHello and closes; the second sends half and
        // goes silent.
        let mut client = stratls_handshake::Connection::client(
            Arc::new(client(Versions::BOTH)),
            stratls_test_support::name("localhost"),
        )
        .expect("client");
        let hello = client.take_tls();
        let half = &hello[..hello.len() / 2];
        {
            use tokio::io::AsyncWriteExt;
            let mut tcp = TcpStream::connect(addr).await.expect("connect");
            tcp.write_all(half).await.expect("write");
            drop(tcp);
            let mut silent = TcpStream::connect(addr).await.expect("connect");
            silent.write_all(half).await.expect("write");
            let results = tokio::time::timeout(TIMEOUT, server)
                .await
                .expect("the accepts end")
                .expect("task");
            let kinds: Vec<_> = results
                .iter()
                .map(|r| r.as_ref().expect_err("failed").kind())
                .collect();
            assert_eq!(
                kinds,
                [
                    std::io::ErrorKind::UnexpectedEof,
                    std::io::ErrorKind::TimedOut
                ]
            );
            // The silent client's socket was dropped by the server: it reads the end.
            let mut rest = Vec::new();
            let read = tokio::time::timeout(TIMEOUT, silent.read_to_end(&mut rest)).await;
            assert!(read.expect("the server closed").is_ok());
        }
    });
}
