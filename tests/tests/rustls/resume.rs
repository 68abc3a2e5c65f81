//! TLS 1.3 resumption with rustls, both ways: a full handshake, then a resumed one with a
//! ticket of the first, on one config per side.

use std::io::{Read, Write};
use std::sync::Arc;

use rustls::pki_types::ServerName;
use rustls::{ClientConnection, HandshakeKind, StreamOwned};
use stratls::codec::ProtocolVersion;
use stratls::{MemoryTicketStore, Versions};
use stratls_tests::certs::KeyKind;
use stratls_tests::config::{ClientOptions, ServerOptions};
use stratls_tests::serve::{EchoServer, connect_local};

use crate::peer::{RustlsEchoServer, RustlsOptions};

#[test]
fn the_stratls_client_resumes_with_a_rustls_server() {
    // TLS 1.3 only (`tls12` false).
    let server = RustlsOptions::default().server_config();
    let store = Arc::new(MemoryTicketStore::new(8));
    let mut client = (*ClientOptions::new(Versions::TLS13_ONLY).build()).clone();
    client.ticket_store = store.clone();
    let client = Arc::new(client);
    let mut resumed = Vec::new();
    for _ in 0..2 {
        let peer = RustlsEchoServer::spawn(server.clone());
        let tcp = connect_local(peer.port).expect("connect");
        let mut tls = stratls::connect(client.clone(), "localhost", tcp).expect("handshake");
        tls.write_all(b"again").expect("write");
        let mut back = [0u8; 5];
        tls.read_exact(&mut back).expect("read");
        assert_eq!(&back, b"again");
        let n = tls.connection().negotiated().cloned().expect("established");
        assert_eq!(n.version, Some(ProtocolVersion::TLSv1_3));
        resumed.push((n.resumed, n.peer_certificates.len()));
        tls.close().expect("close");
        let mut rest = Vec::new();
        let _ = tls.read_to_end(&mut rest);
        peer.join().expect("rustls server");
    }
    assert_eq!(
        resumed,
        [(false, 2), (true, 2)],
        "the original chain is kept"
    );
}

#[test]
fn a_rustls_client_resumes_with_the_stratls_server() {
    let server = ServerOptions::new(Versions::TLS13_ONLY, KeyKind::Ecdsa).build();
    let client = RustlsOptions::default().client_config();
    let mut kinds = Vec::new();
    let mut ours = Vec::new();
    for _ in 0..2 {
        let echo = EchoServer::spawn(server.clone()).expect("listen");
        let tcp = connect_local(echo.port).expect("connect");
        let name = ServerName::try_from("localhost").expect("name");
        let conn = ClientConnection::new(client.clone(), name).expect("rustls client");
        let mut tls = StreamOwned::new(conn, tcp);
        tls.write_all(b"hello stratls").expect("write");
        let mut back = [0u8; 13];
        tls.read_exact(&mut back)
            .expect("read (and the tickets before it)");
        kinds.push(tls.conn.handshake_kind());
        tls.conn.send_close_notify();
        tls.flush().expect("close_notify");
        let mut rest = Vec::new();
        let _ = tls.read_to_end(&mut rest);
        ours.push(echo.join().expect("stratls server").negotiated.resumed);
    }
    assert_eq!(
        kinds,
        [Some(HandshakeKind::Full), Some(HandshakeKind::Resumed)]
    );
    assert_eq!(ours, [false, true]);
}
