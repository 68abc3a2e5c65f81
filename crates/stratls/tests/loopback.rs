//! The facade over real TCP on 127.0.0.1: connect, accept, echo, close; and a failure.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use stratls::{
    ClientConfig, ConfigError, RootStore, ServerConfig, ServerConfigBuilder, Versions,
    WantsServerCert, certificates_from_file, private_key_from_file,
};

#[path = "../examples/sans_io/memory.rs"]
mod memory;
#[path = "../examples/pinned_verifier/pinned.rs"]
mod pinned;

fn certs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/certs")
}

fn roots() -> RootStore {
    let mut r = RootStore::new();
    r.add_pem(&std::fs::read(certs().join("ca.pem")).expect("ca"))
        .expect("parse");
    r
}

fn server_config(name: &str, b: ServerConfigBuilder<WantsServerCert>) -> Arc<ServerConfig> {
    let config = b
        .with_single_cert(
            certificates_from_file(certs().join(format!("{name}.chain.pem"))).expect("chain"),
            private_key_from_file(certs().join(format!("{name}.key"))).expect("key"),
        )
        .build()
        .expect("server config");
    Arc::new(config)
}

/// Serves one connection: echoes until close_notify, then closes.
fn serve_once(config: Arc<ServerConfig>) -> (u16, thread::JoinHandle<std::io::Result<Vec<u8>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let handle = thread::spawn(move || {
        let (tcp, _) = listener.accept()?;
        tcp.set_read_timeout(Some(Duration::from_secs(10)))?;
        let mut tls = stratls::accept(config, tcp)?;
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = tls.read(&mut buf)?;
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n]);
            tls.write_all(&buf[..n])?;
        }
        tls.close()?;
        Ok(got)
    });
    (port, handle)
}

#[test]
fn echo_over_tcp() {
    let (port, server) = serve_once(server_config(
        "server-ecdsa",
        stratls::server_config().with_no_client_auth(),
    ));
    let config = stratls::client_config()
        .with_root_certificates(roots())
        .with_no_client_auth()
        .build()
        .expect("client config");
    let tcp = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    tcp.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut tls = stratls::connect(Arc::new(config), "localhost", tcp).expect("handshake");
    assert_eq!(
        tls.connection().negotiated().expect("established").version,
        Some(stratls::codec::ProtocolVersion::TLSv1_3)
    );
    let message: Vec<u8> = (0..100_000u32).map(|i| (i % 256) as u8).collect();
    tls.write_all(&message).expect("write");
    let mut echoed = vec![0u8; message.len()];
    tls.read_exact(&mut echoed).expect("echo");
    assert_eq!(echoed, message);
    tls.close().expect("close");
    let mut rest = Vec::new();
    tls.read_to_end(&mut rest).expect("server's close_notify");
    assert!(rest.is_empty());
    assert_eq!(server.join().expect("thread").expect("server"), message);
}

#[test]
fn client_certificate_over_tcp() {
    let (port, server) = serve_once(server_config(
        "server-rsa",
        stratls::server_config().with_required_client_cert(roots()),
    ));
    let config = stratls::client_config()
        .with_root_certificates(roots())
        .with_client_auth_cert(
            certificates_from_file(certs().join("client-ed25519.chain.pem")).expect("chain"),
            private_key_from_file(certs().join("client-ed25519.key")).expect("key"),
        )
        .build()
        .expect("client config");
    let tcp = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let mut tls = stratls::connect(Arc::new(config), "127.0.0.1", tcp).expect("handshake");
    tls.write_all(b"hello").expect("write");
    let mut back = [0u8; 5];
    tls.read_exact(&mut back).expect("read");
    assert_eq!(&back, b"hello");
    tls.close().expect("close");
    assert_eq!(server.join().expect("thread").expect("server"), b"hello");
}

#[test]
fn untrusted_server_fails_with_the_error_and_the_alert() {
    let (port, server) = serve_once(server_config(
        "server-ecdsa",
        stratls::server_config().with_no_client_auth(),
    ));
    let mut other_roots = RootStore::new();
    other_roots
        .add_pem(&std::fs::read(certs().join("untrusted-ca.pem")).expect("ca"))
        .expect("parse");
    let config = stratls::client_config()
        .with_root_certificates(other_roots)
        .with_no_client_auth()
        .build()
        .expect("config");
    let tcp = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let err = stratls::connect(Arc::new(config), "localhost", tcp).expect_err("untrusted");
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
    let inner = err
        .get_ref()
        .and_then(|e| e.downcast_ref::<stratls::Error>())
        .expect("stratls error");
    assert_eq!(
        inner.alert(),
        Some(stratls::codec::AlertDescription::UnknownCa)
    );
    let server_err = server
        .join()
        .expect("thread")
        .expect_err("server sees the alert");
    assert!(
        server_err.to_string().contains("unknown_ca"),
        "{server_err}"
    );
}

#[test]
fn configs_refuse_empty_roots_and_chains() {
    let client = stratls::client_config()
        .with_root_certificates(RootStore::new())
        .with_no_client_auth()
        .build();
    assert_eq!(client.err(), Some(ConfigError::EmptyRootStore));
    let key = private_key_from_file(certs().join("server-ecdsa.key")).expect("key");
    let server = stratls::server_config()
        .with_no_client_auth()
        .with_single_cert(Vec::new(), key)
        .build();
    assert_eq!(server.err(), Some(ConfigError::EmptyCertificateChain));
}

#[test]
fn the_facade_and_the_handshake_layer_hold_one_config_type() {
    let config: stratls::handshake::ClientConfig = stratls::client_config()
        .with_root_certificates(roots())
        .with_no_client_auth()
        .build()
        .expect("client config");
    let config: Arc<ClientConfig> = Arc::new(config);
    let name = stratls::ServerName::try_from("localhost").expect("name");
    let conn = stratls::Connection::client(config.clone(), name).expect("sans-IO client");
    assert!(conn.is_handshaking());
}

#[test]
fn tls12_and_the_dangerous_rsa_key_exchange_over_tcp() {
    // The RSA key-exchange suites are not in the default provider's list: a provider that lists
    // them, and both dangerous switches, are needed.
    use stratls::crypto::Shared;
    static TLS12: [Shared<stratls::crypto::Tls12CipherSuite>; 1] = [Shared::Static(
        &stratls::rustcrypto::TLS_RSA_WITH_AES_128_GCM_SHA256,
    )];
    let provider = stratls::crypto::CryptoProvider {
        tls12_cipher_suites: Shared::Static(&TLS12),
        ..stratls::default_provider()
    };
    let server = stratls::server_config_with_provider(provider.clone())
        .with_versions(Versions::TLS12_ONLY)
        .dangerous()
        .with_rsa_key_exchange()
        .with_no_client_auth();
    let (port, handle) = serve_once(server_config("server-rsa", server));
    let client = stratls::client_config_with_provider(provider.clone())
        .with_root_certificates(roots())
        .with_no_client_auth()
        .with_versions(Versions::TLS12_ONLY)
        .dangerous()
        .with_rsa_key_exchange()
        .build()
        .expect("client config");
    let tcp = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let mut tls = stratls::connect(Arc::new(client), "localhost", tcp).expect("handshake");
    let n = tls.connection().negotiated().expect("established");
    assert_eq!(n.version, Some(stratls::codec::ProtocolVersion::TLSv1_2));
    assert_eq!(
        n.cipher_suite,
        Some(stratls::codec::CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256)
    );
    tls.write_all(b"legacy").expect("write");
    let mut back = [0u8; 6];
    tls.read_exact(&mut back).expect("read");
    tls.close().expect("close");
    assert_eq!(handle.join().expect("thread").expect("server"), b"legacy");

    // Without the switch, the same client has no suite to offer at all (the RSA suites are
    // the provider's only TLS 1.2 suites here), and building it says so.
    let safe_client = stratls::client_config_with_provider(provider)
        .with_root_certificates(roots())
        .with_no_client_auth()
        .with_versions(Versions::TLS12_ONLY)
        .build();
    assert_eq!(safe_client.err(), Some(ConfigError::NoUsableCipherSuite));
}

/// A legitimate store of well over a hundred roots — the Mozilla set of webpki-roots, and the
/// platform's store through `native_roots` — is taken whole, and `webpki_roots()` holds every
/// Mozilla root (every key type has a verifier),
/// and a client config builds from it without a word. The loading times are printed (run
/// with `--nocapture`); nothing is asserted about them.
#[test]
fn a_config_from_a_full_store_builds() {
    let started = std::time::Instant::now();
    let mut mozilla = RootStore::new();
    let report = mozilla.add_trust_anchors(webpki_roots::TLS_SERVER_ROOTS);
    let loaded = started.elapsed();
    assert_eq!(report.skipped, vec![]);
    assert_eq!(mozilla.len(), webpki_roots::TLS_SERVER_ROOTS.len());
    assert_eq!(stratls::webpki_roots().len(), mozilla.len());
    let started = std::time::Instant::now();
    stratls::client_config()
        .with_root_certificates(mozilla)
        .with_no_client_auth()
        .build()
        .expect("a config from the Mozilla roots");
    println!(
        "webpki-roots: {} anchors loaded in {loaded:?}, config built in {:?}",
        report.added,
        started.elapsed()
    );

    let started = std::time::Instant::now();
    let native = stratls::native_roots();
    let loaded = started.elapsed();
    if native.store.is_empty() {
        println!(
            "note: no platform trust store here ({:?})",
            native.load_errors
        );
        return;
    }
    let count = native.store.len();
    let skipped = native.added.skipped.len();
    let started = std::time::Instant::now();
    stratls::client_config()
        .with_root_certificates(native.store)
        .with_no_client_auth()
        .build()
        .expect("a config from the platform store");
    println!(
        "platform store: {count} roots loaded in {loaded:?} ({skipped} skipped: {:?}), \
         config built in {:?}",
        native.added.skipped,
        started.elapsed()
    );
}

fn client_config(roots: RootStore, versions: Versions) -> Arc<ClientConfig> {
    let config = stratls::client_config()
        .with_root_certificates(roots)
        .with_no_client_auth()
        .with_versions(versions)
        .build()
        .expect("client config");
    Arc::new(config)
}

/// The `sans_io` example's driver: both versions, a message each way (one larger than the
/// record size and the send buffer), and close_notify each way, over two `Vec<u8>`s.
#[test]
fn sans_io_over_two_buffers() {
    use stratls::{Connection, ProtocolVersion};
    // TLS 1.3: the client's hello, the server's flight, the client's Finished, and the
    // server's two tickets, which it sends once it has read that Finished.
    for (versions, version, flights) in [
        (Versions::TLS13_ONLY, ProtocolVersion::TLSv1_3, 4),
        (Versions::TLS12_ONLY, ProtocolVersion::TLSv1_2, 4),
    ] {
        let name = stratls::ServerName::try_from("localhost")
            .expect("name")
            .to_owned();
        let mut client =
            Connection::client(client_config(roots(), versions), name).expect("client");
        let server_config = server_config(
            "server-ecdsa",
            stratls::server_config().with_no_client_auth(),
        );
        let mut server = Connection::server(server_config).expect("server");
        let mut link = memory::Link::default();
        let rounds = link.pump(&mut client, &mut server).expect("handshake");
        assert_eq!(rounds, flights, "{version:?}: one round per flight");
        assert!(!client.is_handshaking() && !server.is_handshaking());
        let negotiated = client.negotiated().expect("established");
        assert_eq!(negotiated.version, Some(version));

        let big: Vec<u8> = (0..40_000u32).map(|i| (i % 251) as u8).collect();
        let mut sent = 0;
        let mut got = Vec::new();
        // The send buffer is bounded: write what it takes, pump, read, and go on.
        for _ in 0..memory::MAX_ROUNDS {
            sent += client.write(&big[sent..]).expect("write");
            link.pump(&mut client, &mut server).expect("data");
            got.extend(memory::read_all(&mut server).expect("read").0);
            if sent == big.len() {
                break;
            }
        }
        assert!(got == big, "{version:?}: 40,000 bytes intact");
        assert_eq!(server.write(b"pong").expect("write"), 4);
        link.pump(&mut client, &mut server).expect("data");
        assert_eq!(
            memory::read_all(&mut client).expect("read"),
            (b"pong".to_vec(), false)
        );

        client.close();
        server.close();
        link.pump(&mut client, &mut server).expect("close");
        assert_eq!(
            memory::read_all(&mut server).expect("read"),
            (Vec::new(), true)
        );
        assert_eq!(
            memory::read_all(&mut client).expect("read"),
            (Vec::new(), true)
        );
    }
}

/// A client that does not trust the server fails in the pump with `unknown_ca`, and its
/// alert, left on the wire, tells the server why.
#[test]
fn sans_io_failure_leaves_the_alert_on_the_wire() {
    use stratls::Connection;
    let mut other_roots = RootStore::new();
    other_roots
        .add_pem(&std::fs::read(certs().join("untrusted-ca.pem")).expect("ca"))
        .expect("parse");
    let name = stratls::ServerName::try_from("localhost")
        .expect("name")
        .to_owned();
    let mut client =
        Connection::client(client_config(other_roots, Versions::TLS13_ONLY), name).expect("client");
    let server_config = server_config(
        "server-ecdsa",
        stratls::server_config().with_no_client_auth(),
    );
    let mut server = Connection::server(server_config).expect("server");
    let mut link = memory::Link::default();
    let err = link.pump(&mut client, &mut server).expect_err("untrusted");
    assert_eq!(
        err.alert(),
        Some(stratls::codec::AlertDescription::UnknownCa)
    );
    let server_err = server.read_tls(&link.to_server).expect_err("the alert");
    assert!(
        server_err.to_string().contains("unknown_ca"),
        "{server_err}"
    );
}

/// The `pinned_verifier` example's verifier over TCP: the pinned certificate gets through
/// with no root store at all, any other is `unknown_ca`.
#[test]
fn a_pinned_certificate_and_no_other() {
    let pinned_client = |cert: &str| {
        let chain = certificates_from_file(certs().join(cert)).expect("cert");
        let config = stratls::client_config()
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(pinned::Pinned(chain[0].clone())))
            .with_no_client_auth()
            .build()
            .expect("config");
        Arc::new(config)
    };
    let config = server_config(
        "server-ecdsa",
        stratls::server_config().with_no_client_auth(),
    );
    let (port, server) = serve_once(config.clone());
    let tcp = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let mut tls =
        stratls::connect(pinned_client("server-ecdsa.pem"), "localhost", tcp).expect("pinned");
    tls.write_all(b"pinned").expect("write");
    let mut echo = [0u8; 6];
    tls.read_exact(&mut echo).expect("echo");
    assert_eq!(&echo, b"pinned");
    tls.close().expect("close");
    assert_eq!(server.join().expect("thread").expect("served"), b"pinned");

    let (port, server) = serve_once(config);
    let tcp = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let err = stratls::connect(pinned_client("server-rsa.pem"), "localhost", tcp)
        .expect_err("another certificate");
    let inner = err
        .get_ref()
        .and_then(|e| e.downcast_ref::<stratls::Error>())
        .expect("stratls error");
    assert_eq!(
        inner.alert(),
        Some(stratls::codec::AlertDescription::UnknownCa)
    );
    let server_err = server.join().expect("thread").expect_err("alert");
    assert!(
        server_err.to_string().contains("unknown_ca"),
        "{server_err}"
    );
}
