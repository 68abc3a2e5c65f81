//! rustls client → stratls server.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;

use rustls::pki_types::ServerName;
use rustls::{ClientConnection, HandshakeKind, StreamOwned};
use stratls::Versions;
use stratls::codec::{CipherSuite, NamedGroup, ProtocolVersion};
use stratls_tests::certs::{Identity, KeyKind};
use stratls_tests::config::ServerOptions;
use stratls_tests::observe::{KeyUpdateCount, KeyUpdates};
use stratls_tests::serve::{EchoServer, Served, connect_local};
use stratls_tests::suites::{GROUPS, SECP256R1, TLS13_SUITES, X25519};

use crate::peer::{RustlsOptions, echo_in_chunks, pattern};

type RustlsStream = StreamOwned<ClientConnection, TcpStream>;

/// Connects a rustls client of `client` to a stratls server of `server`, runs `exchange`,
/// closes, and returns what each side saw.
fn session<T>(
    server: &ServerOptions,
    client: &RustlsOptions,
    exchange: impl FnOnce(&mut RustlsStream) -> T,
) -> (T, Served) {
    let ours = EchoServer::spawn(server.build()).expect("listen");
    let tcp = connect_local(ours.port).expect("connect");
    let name = ServerName::try_from("localhost").expect("name");
    let conn = ClientConnection::new(client.client_config(), name).expect("rustls client");
    let mut tls = StreamOwned::new(conn, tcp);
    while tls.conn.is_handshaking() {
        tls.conn
            .complete_io(&mut tls.sock)
            .unwrap_or_else(|e| panic!("rustls handshake: {e}"));
    }
    let seen = exchange(&mut tls);
    tls.conn.send_close_notify();
    tls.flush().expect("close_notify");
    let mut rest = Vec::new();
    tls.read_to_end(&mut rest)
        .expect("our close_notify ends the stream");
    assert!(rest.is_empty());
    (seen, ours.join().expect("stratls server"))
}

fn hello(tls: &mut RustlsStream) {
    tls.write_all(b"hello stratls").expect("write");
    let mut back = [0u8; 13];
    tls.read_exact(&mut back).expect("read");
    assert_eq!(&back, b"hello stratls");
}

fn server(kind: KeyKind) -> ServerOptions {
    ServerOptions::new(Versions::TLS13_ONLY, kind)
}

#[test]
fn each_suite_and_group() {
    for suite in TLS13_SUITES {
        for group in GROUPS {
            let client = RustlsOptions {
                suites: vec![suite.suite],
                groups: vec![group.group],
                ..RustlsOptions::default()
            };
            let case = format!("{} {}", suite.name, group.openssl);
            let ((rustls_suite, rustls_group), served) =
                session(&server(KeyKind::Ecdsa), &client, |tls| {
                    hello(tls);
                    (
                        tls.conn
                            .negotiated_cipher_suite()
                            .map(|s| u16::from(s.suite())),
                        tls.conn
                            .negotiated_key_exchange_group()
                            .map(|g| u16::from(g.name())),
                    )
                });
            let n = &served.negotiated;
            assert_eq!(n.version, Some(ProtocolVersion::TLSv1_3), "{case}");
            assert_eq!(n.cipher_suite, Some(suite.suite), "{case}");
            assert_eq!(n.group, Some(group.group), "{case}");
            assert!(!n.hello_retry, "{case}");
            assert_eq!(rustls_suite, Some(suite.suite.to_u16()), "{case}");
            assert_eq!(rustls_group, Some(group.group.to_u16()), "{case}");
            assert_eq!(served.received, b"hello stratls", "{case}");
        }
    }
}

#[test]
fn each_server_key_type() {
    for kind in KeyKind::ALL {
        let (chain, _) = session(&server(kind), &RustlsOptions::default(), |tls| {
            hello(tls);
            tls.conn
                .peer_certificates()
                .map(|c| c.iter().map(|c| c.to_vec()).collect::<Vec<_>>())
                .unwrap_or_default()
        });
        let ours: Vec<Vec<u8>> = Identity::server(kind)
            .chain()
            .iter()
            .map(|c| c.to_vec())
            .collect();
        assert_eq!(chain, ours, "{kind:?}");
    }
}

#[test]
fn client_certificate_of_each_key_type() {
    for kind in KeyKind::ALL {
        let mut options = server(KeyKind::Rsa);
        options.require_client_cert = true;
        let client = RustlsOptions {
            cert: Some(kind),
            ..RustlsOptions::default()
        };
        let (_, served) = session(&options, &client, hello);
        assert!(served.negotiated.client_auth_requested, "{kind:?}");
        assert_eq!(
            served.negotiated.peer_certificates,
            Identity::client(kind).chain(),
            "{kind:?}"
        );
    }
}

#[test]
fn hello_retry_when_our_server_wants_p256() {
    let mut options = server(KeyKind::Ecdsa);
    options.groups = vec![SECP256R1.group];
    let client = RustlsOptions {
        groups: vec![X25519.group, SECP256R1.group],
        ..RustlsOptions::default()
    };
    let (kind, served) = session(&options, &client, |tls| {
        hello(tls);
        tls.conn.handshake_kind()
    });
    assert_eq!(kind, Some(HandshakeKind::FullWithHelloRetryRequest));
    assert!(served.negotiated.hello_retry);
    assert_eq!(served.negotiated.group, Some(NamedGroup::Secp256r1));
}

#[test]
fn alpn_follows_our_server_preference() {
    let mut options = server(KeyKind::Ecdsa);
    options.alpn = vec!["h2", "http/1.1"];
    let client = RustlsOptions {
        alpn: vec!["http/1.1", "h2"],
        ..RustlsOptions::default()
    };
    let (alpn, served) = session(&options, &client, |tls| {
        hello(tls);
        tls.conn.alpn_protocol().map(<[u8]>::to_vec)
    });
    assert_eq!(alpn.as_deref(), Some(&b"h2"[..]));
    assert_eq!(served.negotiated.alpn.as_deref(), Some(&b"h2"[..]));
}

#[test]
fn key_updates_from_rustls_mid_stream() {
    let updates = Arc::new(KeyUpdates::default());
    let mut options = server(KeyKind::Ed25519);
    options.observer = Some(updates.clone());
    let client = RustlsOptions {
        suites: vec![CipherSuite::TLS13_CHACHA20_POLY1305_SHA256],
        ..RustlsOptions::default()
    };
    let (_, served) = session(&options, &client, |tls| {
        hello(tls);
        // rustls's refresh asks for our update too, which we answer with our own.
        for _ in 0..2 {
            tls.conn
                .refresh_traffic_keys()
                .expect("refresh_traffic_keys");
            hello(tls);
        }
    });
    assert_eq!(
        updates.count(),
        KeyUpdateCount {
            sent: 2,
            received: 2
        }
    );
    assert_eq!(served.received, b"hello stratls".repeat(3));
}

#[test]
fn one_mebibyte_echoed_byte_for_byte() {
    let data = pattern(1 << 20);
    let (_, served) = session(&server(KeyKind::Ecdsa), &RustlsOptions::default(), |tls| {
        echo_in_chunks(tls, &data, 16 * 1024);
    });
    assert!(
        served.received == data,
        "our server received different bytes"
    );
}
