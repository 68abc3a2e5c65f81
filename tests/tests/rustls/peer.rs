//! rustls configurations from the same certificate tree, a rustls echo server on a thread, and
//! the 1 MiB transfer check shared by both directions.

use std::io::{self, Read, Write};
use std::sync::Arc;
use std::thread::{self, JoinHandle};

use rustls::crypto::{CryptoProvider, SupportedKxGroup, ring};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConnection, StreamOwned, SupportedCipherSuite};
use stratls::codec::{CipherSuite, NamedGroup};
use stratls_tests::TIMEOUT;
use stratls_tests::certs::{Identity, KeyKind, ca_path};
use stratls_tests::serve::{accept_within, listen};

/// rustls's implementation of `suite` in its ring provider.
pub fn rustls_suite(suite: CipherSuite) -> SupportedCipherSuite {
    ring::ALL_CIPHER_SUITES
        .iter()
        .copied()
        .find(|s| u16::from(s.suite()) == suite.to_u16())
        .unwrap_or_else(|| panic!("rustls has no {suite:?}"))
}

/// rustls's implementation of `group` in its ring provider.
pub fn rustls_group(group: NamedGroup) -> &'static dyn SupportedKxGroup {
    ring::ALL_KX_GROUPS
        .iter()
        .copied()
        .find(|g| u16::from(g.name()) == group.to_u16())
        .unwrap_or_else(|| panic!("rustls has no {group:?}"))
}

/// What a rustls peer offers or accepts. Empty lists mean ring's defaults.
#[derive(Debug, Clone, Default)]
pub struct RustlsOptions {
    /// Cipher suites, in preference order.
    pub suites: Vec<CipherSuite>,
    /// Groups, in preference order (a client sends a key share for the first).
    pub groups: Vec<NamedGroup>,
    /// ALPN protocols, in preference order.
    pub alpn: Vec<&'static str>,
    /// A server's certificate key type (ECDSA when unset); a client's certificate, if any.
    pub cert: Option<KeyKind>,
    /// A server requires a client certificate chaining to the tree's root.
    pub require_client_cert: bool,
    /// TLS 1.2 only (TLS 1.3 only when false).
    pub tls12: bool,
}

impl RustlsOptions {
    fn provider(&self) -> Arc<CryptoProvider> {
        let mut provider = ring::default_provider();
        if !self.suites.is_empty() {
            provider.cipher_suites = self.suites.iter().map(|s| rustls_suite(*s)).collect();
        }
        if !self.groups.is_empty() {
            provider.kx_groups = self.groups.iter().map(|g| rustls_group(*g)).collect();
        }
        Arc::new(provider)
    }

    fn versions(&self) -> &'static [&'static rustls::SupportedProtocolVersion] {
        static TLS12: [&rustls::SupportedProtocolVersion; 1] = [&rustls::version::TLS12];
        static TLS13: [&rustls::SupportedProtocolVersion; 1] = [&rustls::version::TLS13];
        if self.tls12 { &TLS12 } else { &TLS13 }
    }

    fn alpn(&self) -> Vec<Vec<u8>> {
        self.alpn.iter().map(|p| p.as_bytes().to_vec()).collect()
    }

    /// A rustls server configuration (TLS 1.3, or TLS 1.2 with `tls12`).
    pub fn server_config(&self) -> Arc<rustls::ServerConfig> {
        let provider = self.provider();
        let id = Identity::server(self.cert.unwrap_or(KeyKind::Ecdsa));
        let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
            .with_protocol_versions(self.versions())
            .expect("rustls protocol versions");
        let builder = if self.require_client_cert {
            let verifier = WebPkiClientVerifier::builder_with_provider(roots(), provider)
                .build()
                .expect("rustls client verifier");
            builder.with_client_cert_verifier(verifier)
        } else {
            builder.with_no_client_auth()
        };
        let mut config = builder
            .with_single_cert(chain(id), key(id))
            .expect("rustls server cert");
        config.alpn_protocols = self.alpn();
        Arc::new(config)
    }

    /// A rustls client configuration (TLS 1.3, or TLS 1.2 with `tls12`) trusting the tree's
    /// root.
    pub fn client_config(&self) -> Arc<rustls::ClientConfig> {
        let builder = rustls::ClientConfig::builder_with_provider(self.provider())
            .with_protocol_versions(self.versions())
            .expect("rustls protocol versions")
            .with_root_certificates(roots());
        let mut config = match self.cert {
            Some(kind) => {
                let id = Identity::client(kind);
                builder
                    .with_client_auth_cert(chain(id), key(id))
                    .expect("rustls client cert")
            }
            None => builder.with_no_client_auth(),
        };
        config.alpn_protocols = self.alpn();
        Arc::new(config)
    }
}

fn roots() -> Arc<RootCertStore> {
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(ca_path()).expect("ca.pem") {
        roots.add(cert.expect("ca.pem")).expect("root");
    }
    Arc::new(roots)
}

fn chain(id: Identity) -> Vec<CertificateDer<'static>> {
    CertificateDer::pem_file_iter(id.chain_path())
        .expect("chain")
        .collect::<Result<_, _>>()
        .expect("chain")
}

fn key(id: Identity) -> PrivateKeyDer<'static> {
    PrivateKeyDer::from_pem_file(id.key_path()).expect("key")
}

/// What the rustls echo server saw.
#[derive(Debug)]
pub struct RustlsServed {
    /// The protocol version it agreed.
    pub version: Option<u16>,
    /// The suite it chose.
    pub suite: Option<u16>,
    /// The group it chose.
    pub group: Option<u16>,
    /// The ALPN protocol agreed.
    pub alpn: Option<Vec<u8>>,
    /// The client's certificate chain, if it sent one.
    pub peer_certificates: Vec<CertificateDer<'static>>,
    /// Every byte received (and echoed).
    pub received: Vec<u8>,
}

/// A rustls server on a thread of the test, for one connection, echoing until the client
/// closes.
#[derive(Debug)]
pub struct RustlsEchoServer {
    /// The port it listens on (127.0.0.1).
    pub port: u16,
    handle: JoinHandle<io::Result<RustlsServed>>,
}

impl RustlsEchoServer {
    /// Listens and serves one connection with `config` on a new thread.
    pub fn spawn(config: Arc<rustls::ServerConfig>) -> Self {
        let (listener, port) = listen().expect("listen");
        let handle = thread::spawn(move || {
            let tcp = accept_within(&listener, TIMEOUT)?;
            let conn = ServerConnection::new(config).map_err(io::Error::other)?;
            let mut tls = StreamOwned::new(conn, tcp);
            while tls.conn.is_handshaking() {
                tls.conn.complete_io(&mut tls.sock)?;
            }
            let mut received = Vec::new();
            let mut buf = [0u8; 16 * 1024];
            loop {
                let n = tls.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                received.extend_from_slice(&buf[..n]);
                tls.write_all(&buf[..n])?;
            }
            tls.conn.send_close_notify();
            // The client may be gone after its own close_notify; nothing to check here.
            let _ = tls.flush();
            Ok(RustlsServed {
                version: tls.conn.protocol_version().map(u16::from),
                suite: tls.conn.negotiated_cipher_suite().map(|s| s.suite().into()),
                group: tls
                    .conn
                    .negotiated_key_exchange_group()
                    .map(|g| g.name().into()),
                alpn: tls.conn.alpn_protocol().map(<[u8]>::to_vec),
                peer_certificates: tls
                    .conn
                    .peer_certificates()
                    .map(<[_]>::to_vec)
                    .unwrap_or_default(),
                received,
            })
        });
        Self { port, handle }
    }

    /// Waits for the connection to end; the server's result.
    pub fn join(self) -> io::Result<RustlsServed> {
        self.handle
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("rustls server thread panicked")))
    }
}

/// The bytes of the 1 MiB transfer: a pattern whose period (251) is no power of two, so a
/// lost, repeated or reordered chunk shows.
pub fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

/// Sends `data` through an echoing peer in chunks of `chunk` bytes, reading each chunk back
/// before sending the next, and checks every byte.
pub fn echo_in_chunks(tls: &mut (impl Read + Write), data: &[u8], chunk: usize) {
    let mut back = vec![0u8; chunk];
    for (i, piece) in data.chunks(chunk).enumerate() {
        tls.write_all(piece)
            .unwrap_or_else(|e| panic!("write chunk {i}: {e}"));
        let back = &mut back[..piece.len()];
        tls.read_exact(back)
            .unwrap_or_else(|e| panic!("read chunk {i}: {e}"));
        assert!(back == piece, "chunk {i} came back different");
    }
}
