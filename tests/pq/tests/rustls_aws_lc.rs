//! X25519MLKEM768 against rustls with its aws-lc-rs provider (AWS-LC's ML-KEM), both ways, on
//! 127.0.0.1: stratls client → rustls server and rustls client → stratls server, with each
//! side's default groups, with the hybrid alone, and through a HelloRetryRequest for it. Both
//! sides report the group; data goes through each connection.

use std::io::{self, Read, Write};
use std::sync::Arc;
use std::thread;

use rustls::crypto::{CryptoProvider, SupportedKxGroup, aws_lc_rs};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::{ClientConnection, RootCertStore, ServerConnection, StreamOwned};
use stratls::Versions;
use stratls::codec::{NamedGroup, ProtocolVersion};
use stratls_tests::TIMEOUT;
use stratls_tests::certs::{Identity, KeyKind, ca_path};
use stratls_tests::config::{ClientOptions, ServerOptions};
use stratls_tests::serve::{EchoServer, accept_within, connect_local, listen};

const HYBRID: u16 = 0x11ec;
const X25519: u16 = 0x001d;

/// aws-lc-rs's groups, or only `groups` (by code point) in that order.
fn provider(groups: &[u16]) -> Arc<CryptoProvider> {
    let mut provider = aws_lc_rs::default_provider();
    if !groups.is_empty() {
        provider.kx_groups = groups
            .iter()
            .map(|id| {
                aws_lc_rs::ALL_KX_GROUPS
                    .iter()
                    .copied()
                    .find(|g| u16::from(g.name()) == *id)
                    .unwrap_or_else(|| panic!("aws-lc-rs has no group {id:#06x}"))
            })
            .collect::<Vec<&'static dyn SupportedKxGroup>>();
    }
    Arc::new(provider)
}

fn roots() -> Arc<RootCertStore> {
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(ca_path()).expect("ca.pem") {
        roots.add(cert.expect("ca.pem")).expect("root");
    }
    Arc::new(roots)
}

fn rustls_server(groups: &[u16]) -> Arc<rustls::ServerConfig> {
    let id = Identity::server(KeyKind::Ecdsa);
    let chain = CertificateDer::pem_file_iter(id.chain_path())
        .expect("chain")
        .collect::<Result<Vec<_>, _>>()
        .expect("chain");
    let key = PrivateKeyDer::from_pem_file(id.key_path()).expect("key");
    let config = rustls::ServerConfig::builder_with_provider(provider(groups))
        .with_protocol_versions(&[&rustls::version::TLS13])
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("server cert");
    Arc::new(config)
}

fn rustls_client(groups: &[u16]) -> Arc<rustls::ClientConfig> {
    let config = rustls::ClientConfig::builder_with_provider(provider(groups))
        .with_protocol_versions(&[&rustls::version::TLS13])
        .expect("versions")
        .with_root_certificates(roots())
        .with_no_client_auth();
    Arc::new(config)
}

/// stratls client (`groups` empty: the defaults) → rustls server with `server_groups`: what
/// stratls negotiated and the group rustls reports.
fn to_rustls(server_groups: &[u16], groups: &[NamedGroup]) -> (stratls::Negotiated, Option<u16>) {
    let config = rustls_server(server_groups);
    let (listener, port) = listen().expect("listen");
    let server = thread::spawn(move || -> io::Result<Option<u16>> {
        let tcp = accept_within(&listener, TIMEOUT)?;
        let conn = ServerConnection::new(config).map_err(io::Error::other)?;
        let mut tls = StreamOwned::new(conn, tcp);
        let mut buf = [0u8; 64];
        let n = tls.read(&mut buf)?;
        tls.write_all(&buf[..n])?;
        tls.flush()?;
        Ok(tls
            .conn
            .negotiated_key_exchange_group()
            .map(|g| g.name().into()))
    });
    let mut options = ClientOptions::new(Versions::BOTH);
    options.groups = groups.to_vec();
    let tcp = connect_local(port).expect("connect");
    let mut tls = stratls::connect(options.build(), "localhost", tcp).expect("handshake");
    tls.write_all(b"hello aws-lc-rs").expect("write");
    let mut back = [0u8; 15];
    tls.read_exact(&mut back).expect("echo");
    assert_eq!(&back, b"hello aws-lc-rs");
    let negotiated = tls.connection().negotiated().cloned().expect("established");
    let group = server
        .join()
        .expect("server thread")
        .expect("rustls server");
    (negotiated, group)
}

/// rustls client with `client_groups` → stratls server (`groups` empty: the defaults): what
/// stratls negotiated and the group rustls reports.
fn from_rustls(client_groups: &[u16], groups: &[NamedGroup]) -> (stratls::Negotiated, Option<u16>) {
    let mut options = ServerOptions::new(Versions::BOTH, KeyKind::Ecdsa);
    options.groups = groups.to_vec();
    let server = EchoServer::spawn(options.build()).expect("listen");
    let tcp = connect_local(server.port).expect("connect");
    let conn = ClientConnection::new(
        rustls_client(client_groups),
        "localhost".try_into().expect("name"),
    )
    .expect("rustls client");
    let mut tls = StreamOwned::new(conn, tcp);
    tls.write_all(b"hello stratls").expect("write");
    let mut back = [0u8; 13];
    tls.read_exact(&mut back).expect("echo");
    assert_eq!(&back, b"hello stratls");
    let group = tls
        .conn
        .negotiated_key_exchange_group()
        .map(|g| g.name().into());
    tls.conn.send_close_notify();
    tls.flush().expect("close_notify");
    let served = server.join().expect("stratls server");
    assert_eq!(served.received, b"hello stratls");
    (served.negotiated, group)
}

#[test]
fn the_default_stratls_client_gets_the_hybrid_from_rustls() {
    let (n, theirs) = to_rustls(&[], &[]);
    assert_eq!(n.version, Some(ProtocolVersion::TLSv1_3));
    assert_eq!(n.group, Some(NamedGroup::X25519MLKEM768));
    assert!(!n.hello_retry, "both shares were sent: no retry");
    assert_eq!(theirs, Some(HYBRID));
}

#[test]
fn the_default_rustls_client_gets_the_hybrid_from_stratls() {
    let (n, theirs) = from_rustls(&[], &[]);
    assert_eq!(n.version, Some(ProtocolVersion::TLSv1_3));
    assert_eq!(n.group, Some(NamedGroup::X25519MLKEM768));
    assert!(!n.hello_retry);
    assert_eq!(theirs, Some(HYBRID));
}

#[test]
fn the_hybrid_alone_both_ways() {
    let (n, theirs) = to_rustls(&[HYBRID], &[NamedGroup::X25519MLKEM768]);
    assert_eq!(
        (n.group, n.hello_retry),
        (Some(NamedGroup::X25519MLKEM768), false)
    );
    assert_eq!(theirs, Some(HYBRID));
    let (n, theirs) = from_rustls(&[HYBRID], &[NamedGroup::X25519MLKEM768]);
    assert_eq!(
        (n.group, n.hello_retry),
        (Some(NamedGroup::X25519MLKEM768), false)
    );
    assert_eq!(theirs, Some(HYBRID));
}

#[test]
fn a_hello_retry_request_for_the_hybrid_both_ways() {
    // Our client leads with x25519; the rustls server takes the hybrid only and asks for it.
    let (n, theirs) = to_rustls(&[HYBRID], &[NamedGroup::X25519, NamedGroup::X25519MLKEM768]);
    assert_eq!(
        (n.group, n.hello_retry),
        (Some(NamedGroup::X25519MLKEM768), true)
    );
    assert_eq!(theirs, Some(HYBRID));
    // The rustls client leads with x25519; our server takes the hybrid only and asks for it.
    let (n, theirs) = from_rustls(&[X25519, HYBRID], &[NamedGroup::X25519MLKEM768]);
    assert_eq!(
        (n.group, n.hello_retry),
        (Some(NamedGroup::X25519MLKEM768), true)
    );
    assert_eq!(theirs, Some(HYBRID));
}

#[test]
fn without_the_hybrid_on_one_side_x25519_in_one_round_trip() {
    let (n, theirs) = to_rustls(&[X25519], &[]);
    assert_eq!((n.group, n.hello_retry), (Some(NamedGroup::X25519), false));
    assert_eq!(theirs, Some(X25519));
    let (n, theirs) = from_rustls(&[], &[NamedGroup::X25519, NamedGroup::Secp256r1]);
    assert_eq!((n.group, n.hello_retry), (Some(NamedGroup::X25519), false));
    assert_eq!(theirs, Some(X25519));
}
