//! A thousand connections at once on one runtime, each handshake off the accept loop, with
//! every byte checked.

use std::sync::Arc;

use stratls_handshake::Versions;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::{Barrier, Semaphore};

use crate::common::*;

const CONNECTIONS: usize = 1000;
const LEN: usize = 2048;

#[test]
fn a_thousand_connections_at_once() {
    runtime().block_on(async {
        // A backlog above the number of connections, so that none is refused while the
        // accept loop is busy.
        let socket = TcpSocket::new_v4().expect("socket");
        socket
            .bind("127.0.0.1:0".parse().expect("address"))
            .expect("bind");
        let listener = socket.listen(4096).expect("listen");
        let addr = listener.local_addr().expect("addr");
        let acceptor = acceptor(Versions::BOTH);
        // The echo server: one task per connection, so no handshake holds the loop.
        let server = tokio::spawn(async move {
            let mut tasks = Vec::with_capacity(CONNECTIONS);
            for _ in 0..CONNECTIONS {
                let (tcp, _) = listener.accept().await.expect("accept");
                let acceptor = acceptor.clone();
                tasks.push(tokio::spawn(async move {
                    let mut tls = acceptor.accept(tcp).await.expect("server handshake");
                    let mut buf = vec![0; LEN];
                    tls.read_exact(&mut buf).await.expect("server read");
                    tls.write_all(&buf).await.expect("server write");
                    tls.shutdown().await.expect("server shutdown");
                }));
            }
            for t in tasks {
                t.await.expect("server task");
            }
        });
        // Every client is started at once. The semaphore only spreads the TCP connects (a
        // permit is held while connecting); the barrier holds every client after its
        // handshake until all of them have one, so all the connections are open together.
        let connecting = Arc::new(Semaphore::new(100));
        let all_up = Arc::new(Barrier::new(CONNECTIONS));
        let connector = connector(Versions::BOTH);
        let mut clients = Vec::with_capacity(CONNECTIONS);
        for i in 0..CONNECTIONS {
            let connector = connector.clone();
            let (connecting, all_up) = (connecting.clone(), all_up.clone());
            clients.push(tokio::spawn(async move {
                let permit = connecting.acquire_owned().await.expect("permit");
                let tcp = TcpStream::connect(addr).await.expect("connect");
                drop(permit);
                let mut tls = connector
                    .connect(stratls_test_support::name("localhost"), tcp)
                    .await
                    .expect("client handshake");
                all_up.wait().await;
                let data = pattern(i as u64, LEN);
                tls.write_all(&data).await.expect("client write");
                let mut got = Vec::new();
                tls.read_to_end(&mut got).await.expect("client read");
                assert!(got == data, "connection {i} got other bytes");
                tls.shutdown().await.expect("client shutdown");
            }));
        }
        let all = async {
            for c in clients {
                c.await.expect("client task");
            }
            server.await.expect("server");
        };
        let started = std::time::Instant::now();
        tokio::time::timeout(TIMEOUT * 5, all)
            .await
            .expect("every connection ends in time");
        eprintln!("{CONNECTIONS} connections in {:?}", started.elapsed());
    });
}
