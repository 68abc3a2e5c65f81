//! TLS 1.2 with rustls, both ways: each ECDHE suite rustls has (all six of ours) with both
//! groups, client authentication with each key type, and the 1 MiB echo.

use std::io::{Read, Write};
use std::net::TcpStream;

use rustls::pki_types::ServerName;
use rustls::{ClientConnection, StreamOwned};
use stratls::codec::ProtocolVersion;
use stratls::{Negotiated, Stream, Versions};
use stratls_tests::certs::{Identity, KeyKind};
use stratls_tests::config::{ClientOptions, ServerOptions};
use stratls_tests::serve::{EchoServer, Served, connect_local};
use stratls_tests::suites::{GROUPS, TLS12_ECDHE_SUITES};

use crate::peer::{RustlsEchoServer, RustlsOptions, RustlsServed, echo_in_chunks, pattern};

type RustlsStream = StreamOwned<ClientConnection, TcpStream>;

/// rustls's code point for TLS 1.2.
const RUSTLS_TLS12: u16 = 0x0303;

/// A stratls client of `client` against a rustls server of `server`: runs `exchange`, closes,
/// returns both views.
fn to_rustls(
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

/// A rustls client of `client` against a stratls server of `server`: runs `exchange`,
/// closes, returns what `exchange` saw and what our server saw.
fn from_rustls<T>(
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

fn hello(tls: &mut (impl Read + Write)) {
    tls.write_all(b"hello over tls12").expect("write");
    let mut back = [0u8; 16];
    tls.read_exact(&mut back).expect("read");
    assert_eq!(&back, b"hello over tls12");
}

fn rustls12() -> RustlsOptions {
    RustlsOptions {
        tls12: true,
        ..RustlsOptions::default()
    }
}

#[test]
fn stratls_client_each_suite_and_group() {
    for suite in TLS12_ECDHE_SUITES {
        for group in GROUPS {
            let server = RustlsOptions {
                suites: vec![suite.suite],
                groups: vec![group.group],
                cert: Some(suite.cert),
                ..rustls12()
            };
            let (n, served) = to_rustls(&server, &ClientOptions::new(Versions::TLS12_ONLY), hello);
            let case = format!("{} {}", suite.name, group.openssl);
            assert_eq!(n.version, Some(ProtocolVersion::TLSv1_2), "{case}");
            assert_eq!(n.cipher_suite, Some(suite.suite), "{case}");
            assert_eq!(n.group, Some(group.group), "{case}");
            assert!(n.extended_master_secret, "{case}");
            assert_eq!(
                n.peer_certificates,
                Identity::server(suite.cert).chain(),
                "{case}"
            );
            assert_eq!(served.version, Some(RUSTLS_TLS12), "{case}");
            assert_eq!(served.suite, Some(suite.suite.to_u16()), "{case}");
            assert_eq!(served.group, Some(group.group.to_u16()), "{case}");
            assert_eq!(served.received, b"hello over tls12", "{case}");
        }
    }
}

#[test]
fn rustls_client_each_suite_and_group() {
    for suite in TLS12_ECDHE_SUITES {
        for group in GROUPS {
            // rustls offers every group (its supported_groups then also name P-256, the curve
            // of the ECDSA certificate, RFC 8422 §5.1.1); our server picks.
            let client = RustlsOptions {
                suites: vec![suite.suite],
                groups: GROUPS.map(|g| g.group).to_vec(),
                ..rustls12()
            };
            let mut server = ServerOptions::new(Versions::TLS12_ONLY, suite.cert);
            server.groups = vec![group.group];
            let (seen, served) = from_rustls(&server, &client, |tls| {
                hello(tls);
                (
                    tls.conn.protocol_version().map(u16::from),
                    tls.conn
                        .negotiated_cipher_suite()
                        .map(|s| u16::from(s.suite())),
                    tls.conn
                        .negotiated_key_exchange_group()
                        .map(|g| u16::from(g.name())),
                )
            });
            let case = format!("{} {}", suite.name, group.openssl);
            let n = &served.negotiated;
            assert_eq!(n.version, Some(ProtocolVersion::TLSv1_2), "{case}");
            assert_eq!(n.cipher_suite, Some(suite.suite), "{case}");
            assert_eq!(n.group, Some(group.group), "{case}");
            assert!(n.extended_master_secret, "{case}");
            assert_eq!(
                seen,
                (
                    Some(RUSTLS_TLS12),
                    Some(suite.suite.to_u16()),
                    Some(group.group.to_u16())
                ),
                "{case}"
            );
            assert_eq!(served.received, b"hello over tls12", "{case}");
        }
    }
}

#[test]
fn stratls_client_certificate_of_each_key_type() {
    for kind in KeyKind::ALL {
        let server = RustlsOptions {
            require_client_cert: true,
            cert: Some(KeyKind::Rsa),
            ..rustls12()
        };
        let mut client = ClientOptions::new(Versions::TLS12_ONLY);
        client.client_cert = Some(kind);
        let (n, served) = to_rustls(&server, &client, hello);
        assert!(n.client_auth_requested, "{kind:?}");
        assert_eq!(n.version, Some(ProtocolVersion::TLSv1_2), "{kind:?}");
        let ours = Identity::client(kind).chain();
        assert_eq!(
            served.peer_certificates.first().map(|c| c.as_ref()),
            ours.first().map(|c| c.as_ref()),
            "{kind:?}"
        );
    }
}

#[test]
fn rustls_client_certificate_of_each_key_type() {
    for kind in KeyKind::ALL {
        let mut server = ServerOptions::new(Versions::TLS12_ONLY, KeyKind::Ecdsa);
        server.require_client_cert = true;
        let client = RustlsOptions {
            cert: Some(kind),
            ..rustls12()
        };
        let (_, served) = from_rustls(&server, &client, hello);
        assert!(served.negotiated.client_auth_requested, "{kind:?}");
        assert_eq!(
            served.negotiated.peer_certificates,
            Identity::client(kind).chain(),
            "{kind:?}"
        );
    }
}

#[test]
fn stratls_client_one_mebibyte_echoed_byte_for_byte() {
    let data = pattern(1 << 20);
    let (n, served) = to_rustls(
        &rustls12(),
        &ClientOptions::new(Versions::TLS12_ONLY),
        |tls| echo_in_chunks(tls, &data, 16 * 1024),
    );
    assert_eq!(n.version, Some(ProtocolVersion::TLSv1_2));
    assert!(served.received == data, "rustls received different bytes");
}

#[test]
fn rustls_client_one_mebibyte_echoed_byte_for_byte() {
    let data = pattern(1 << 20);
    let server = ServerOptions::new(Versions::TLS12_ONLY, KeyKind::Rsa);
    let (_, served) = from_rustls(&server, &rustls12(), |tls| {
        echo_in_chunks(tls, &data, 16 * 1024);
    });
    assert_eq!(served.negotiated.version, Some(ProtocolVersion::TLSv1_2));
    assert!(
        served.received == data,
        "our server received different bytes"
    );
}

#[test]
fn a_stratls_client_resumes_with_a_rustls_server() {
    // rustls's server keeps sessions by session ID by default and issues no tickets.
    let server = rustls12().server_config();
    let client = ClientOptions::new(Versions::TLS12_ONLY).build();
    let mut resumed = Vec::new();
    for _ in 0..2 {
        let peer = RustlsEchoServer::spawn(server.clone());
        let tcp = connect_local(peer.port).expect("connect");
        let mut tls = stratls::connect(client.clone(), "localhost", tcp).expect("handshake");
        hello(&mut tls);
        let n = tls.connection().negotiated().cloned().expect("established");
        assert_eq!(
            n.peer_certificates,
            Identity::server(KeyKind::Ecdsa).chain()
        );
        resumed.push(n.resumed);
        tls.close().expect("close");
        let mut rest = Vec::new();
        let _ = tls.read_to_end(&mut rest);
        peer.join().expect("rustls server");
    }
    assert_eq!(resumed, [false, true]);
}

#[test]
fn a_rustls_client_resumes_with_a_stratls_server() {
    let client = rustls12().client_config();
    let config = ServerOptions::new(Versions::TLS12_ONLY, KeyKind::Ecdsa).build();
    let ours = stratls_tests::serve::EchoServers::spawn(config, 2).expect("listen");
    let mut kinds = Vec::new();
    for _ in 0..2 {
        let tcp = connect_local(ours.port).expect("connect");
        let name = ServerName::try_from("localhost").expect("name");
        let conn = ClientConnection::new(client.clone(), name).expect("rustls client");
        let mut tls = StreamOwned::new(conn, tcp);
        while tls.conn.is_handshaking() {
            tls.conn
                .complete_io(&mut tls.sock)
                .unwrap_or_else(|e| panic!("rustls handshake: {e}"));
        }
        hello(&mut tls);
        kinds.push(tls.conn.handshake_kind());
        tls.conn.send_close_notify();
        tls.flush().expect("close_notify");
        let mut rest = Vec::new();
        let _ = tls.read_to_end(&mut rest);
    }
    assert_eq!(
        kinds,
        [
            Some(rustls::HandshakeKind::Full),
            Some(rustls::HandshakeKind::Resumed)
        ]
    );
    let agreed = ours.join().expect("stratls server");
    assert_eq!(
        agreed.iter().map(|n| n.resumed).collect::<Vec<_>>(),
        [false, true]
    );
}
