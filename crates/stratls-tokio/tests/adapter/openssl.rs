//! Real OpenSSL peers: the tokio client against `openssl s_server`, and `openssl s_client`
//! against the tokio server, in TLS 1.3 and TLS 1.2.

use std::sync::Arc;

use stratls_handshake::Versions;
use stratls_tests::certs::{Identity, KeyKind};
use stratls_tests::openssl::{self, SClient, SServer};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

use crate::common::*;

#[test]
fn the_tokio_client_against_s_server() {
    if openssl::skip() {
        return;
    }
    runtime().block_on(async {
        for (flag, versions) in [
            ("-tls1_3", Versions::TLS13_ONLY),
            ("-tls1_2", Versions::TLS12_ONLY),
        ] {
            let server = SServer::new(flag, Identity::server(KeyKind::Ecdsa))
                .spawn()
                .expect("s_server");
            let tcp = TcpStream::connect(("127.0.0.1", server.port))
                .await
                .expect("connect");
            let mut tls = connector(versions)
                .connect(stratls_test_support::name("localhost"), tcp)
                .await
                .unwrap_or_else(|e| panic!("{flag}: {e}\n{}", server.peer.transcript()));
            // s_server -rev answers each line reversed.
            tls.write_all(b"hello from tokio\n").await.expect("write");
            let mut reader = BufReader::new(&mut tls);
            let mut line = String::new();
            tokio::time::timeout(TIMEOUT, reader.read_line(&mut line))
                .await
                .expect("an answer in time")
                .expect("read");
            assert_eq!(line, "oikot morf olleh\n", "{flag}");
            tls.shutdown().await.expect("shutdown");
        }
    });
}

#[test]
fn s_client_against_the_tokio_server() {
    if openssl::skip() {
        return;
    }
    runtime().block_on(async {
        for flag in ["-tls1_3", "-tls1_2"] {
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
            let port = listener.local_addr().expect("addr").port();
            let mut config = stratls_test_support::server_config("server-ecdsa");
            config.shared.versions = Versions::BOTH;
            let acceptor = stratls_tokio::TlsAcceptor::from(Arc::new(config));
            let server = tokio::spawn(async move {
                let (tcp, _) = listener.accept().await.expect("accept");
                let mut tls = acceptor.accept(tcp).await.expect("server handshake");
                // Echo one line in upper case, then close.
                let mut line = Vec::new();
                let mut byte = [0u8; 1];
                while line.last() != Some(&b'\n') && line.len() < 1024 {
                    if tls.read(&mut byte).await.expect("read") == 0 {
                        break;
                    }
                    line.push(byte[0]);
                }
                let negotiated = tls.connection().negotiated().cloned().expect("negotiated");
                tls.write_all(&line.to_ascii_uppercase())
                    .await
                    .expect("write");
                tls.shutdown().await.expect("shutdown");
                negotiated
            });
            let mut client = SClient::new(flag, port).spawn().expect("s_client");
            client.write_stdin(b"ping from s_client\n").expect("stdin");
            let out = tokio::task::spawn_blocking(move || {
                let out = client.wait_stdout(|o| o.contains("PING FROM S_CLIENT"), TIMEOUT);
                (out, client.transcript())
            })
            .await
            .expect("wait");
            assert!(out.0.is_some(), "{flag}: no answer\n{}", out.1);
            let negotiated = tokio::time::timeout(TIMEOUT, server)
                .await
                .expect("server ends")
                .expect("server task");
            let expected = if flag == "-tls1_3" {
                stratls::ProtocolVersion::TLSv1_3
            } else {
                stratls::ProtocolVersion::TLSv1_2
            };
            assert_eq!(negotiated.version, Some(expected));
        }
    });
}
