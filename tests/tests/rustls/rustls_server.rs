//! stratls client → rustls server.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;

use stratls::codec::{CipherSuite, NamedGroup, ProtocolVersion};
use stratls::{Negotiated, Stream, Versions};
use stratls_tests::certs::{Identity, KeyKind};
use stratls_tests::config::ClientOptions;
use stratls_tests::observe::{KeyUpdateCount, KeyUpdates};
use stratls_tests::serve::connect_local;
use stratls_tests::suites::{GROUPS, SECP256R1, TLS13_SUITES, X25519};

use crate::peer::{RustlsEchoServer, RustlsOptions, RustlsServed, echo_in_chunks, pattern};

/// Connects to a rustls server of `server`, runs `exchange`, closes, and returns both views.
fn session(
    server: &RustlsOptions,
    client: &ClientOptions,
    exchange: impl FnOnce(&mut Stream<TcpStream>),
) -> (Negotiated, RustlsServed) {
    let peer = RustlsEchoServer::spawn(server.server_config());
    let tcp = connect_local(peer.port).expect("connect");
    let mut tls = stratls::connect(client.build(), "localhost", tcp).expect("handshake");
    exchange(&mut tls);
    tls.close().expect("close");
    let mut rest = Vec::new();
    tls.read_to_end(&mut rest)
        .expect("rustls's close_notify ends the stream");
    assert!(rest.is_empty());
    let negotiated = tls.connection().negotiated().cloned().expect("established");
    (negotiated, peer.join().expect("rustls server"))
}

fn hello(tls: &mut Stream<TcpStream>) {
    tls.write_all(b"hello rustls").expect("write");
    let mut back = [0u8; 12];
    tls.read_exact(&mut back).expect("read");
    assert_eq!(&back, b"hello rustls");
}

fn tls13_client() -> ClientOptions {
    ClientOptions::new(Versions::TLS13_ONLY)
}

#[test]
fn each_suite_and_group() {
    for suite in TLS13_SUITES {
        for group in GROUPS {
            let server = RustlsOptions {
                suites: vec![suite.suite],
                groups: vec![group.group],
                ..RustlsOptions::default()
            };
            let mut client = tls13_client();
            client.groups = vec![group.group];
            let (n, served) = session(&server, &client, hello);
            let case = format!("{} {}", suite.name, group.openssl);
            assert_eq!(n.version, Some(ProtocolVersion::TLSv1_3), "{case}");
            assert_eq!(n.cipher_suite, Some(suite.suite), "{case}");
            assert_eq!(n.group, Some(group.group), "{case}");
            assert!(!n.hello_retry, "{case}");
            assert_eq!(served.suite, Some(suite.suite.to_u16()), "{case}");
            assert_eq!(served.group, Some(group.group.to_u16()), "{case}");
            assert_eq!(served.received, b"hello rustls", "{case}");
        }
    }
}

#[test]
fn each_server_key_type() {
    for kind in KeyKind::ALL {
        let server = RustlsOptions {
            cert: Some(kind),
            ..RustlsOptions::default()
        };
        let (n, _) = session(&server, &tls13_client(), hello);
        assert_eq!(
            n.peer_certificates,
            Identity::server(kind).chain(),
            "{kind:?}"
        );
    }
}

#[test]
fn client_certificate_of_each_key_type() {
    for kind in KeyKind::ALL {
        let server = RustlsOptions {
            require_client_cert: true,
            ..RustlsOptions::default()
        };
        let mut client = tls13_client();
        client.client_cert = Some(kind);
        let (n, served) = session(&server, &client, hello);
        assert!(n.client_auth_requested, "{kind:?}");
        let ours = Identity::client(kind).chain();
        assert_eq!(
            served.peer_certificates.first().map(|c| c.as_ref()),
            ours.first().map(|c| c.as_ref()),
            "{kind:?}"
        );
    }
}

#[test]
fn hello_retry_when_rustls_wants_p256() {
    let server = RustlsOptions {
        groups: vec![SECP256R1.group],
        ..RustlsOptions::default()
    };
    let mut client = tls13_client();
    client.groups = vec![X25519.group, SECP256R1.group];
    let (n, served) = session(&server, &client, hello);
    assert!(n.hello_retry);
    assert_eq!(n.group, Some(NamedGroup::Secp256r1));
    assert_eq!(served.group, Some(NamedGroup::Secp256r1.to_u16()));
}

#[test]
fn alpn_follows_the_rustls_server_preference() {
    let server = RustlsOptions {
        alpn: vec!["h2", "http/1.1"],
        ..RustlsOptions::default()
    };
    let mut client = tls13_client();
    client.alpn = vec!["http/1.1", "h2"];
    let (n, served) = session(&server, &client, hello);
    assert_eq!(n.alpn.as_deref(), Some(&b"h2"[..]));
    assert_eq!(served.alpn.as_deref(), Some(&b"h2"[..]));
}

#[test]
fn key_updates_mid_stream() {
    let updates = Arc::new(KeyUpdates::default());
    let server = RustlsOptions {
        suites: vec![CipherSuite::TLS13_AES_256_GCM_SHA384],
        ..RustlsOptions::default()
    };
    let mut client = tls13_client();
    client.observer = Some(updates.clone());
    let (_, served) = session(&server, &client, |tls| {
        hello(tls);
        // Requested twice (rustls answers each), then once without a request.
        for request in [true, true, false] {
            tls.connection_mut()
                .update_keys(request)
                .expect("update_keys");
            hello(tls);
        }
    });
    assert_eq!(
        updates.count(),
        KeyUpdateCount {
            sent: 3,
            received: 2
        }
    );
    assert_eq!(served.received, b"hello rustls".repeat(4));
}

#[test]
fn one_mebibyte_echoed_byte_for_byte() {
    let data = pattern(1 << 20);
    let (_, served) = session(&RustlsOptions::default(), &tls13_client(), |tls| {
        echo_in_chunks(tls, &data, 16 * 1024);
    });
    assert!(served.received == data, "rustls received different bytes");
}
