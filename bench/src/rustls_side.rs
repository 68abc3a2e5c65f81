//! rustls with its ring provider, restricted to the same version, suite and group as stratls,
//! issuing no session tickets (stratls's server issues none): a client and a server connection
//! driven against each other in memory.

use std::io::{Read, Write};
use std::sync::Arc;

use rustls::client::Resumption;
use rustls::crypto::{CryptoProvider, ring};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::{ClientConnection, ConnectionCommon, RootCertStore, ServerConnection};

use crate::cases::{Case, SERVER_NAME, ca_path};
use crate::contender::{Agreed, Contender, WRITE_SIZE};

/// rustls configured for one case.
#[derive(Debug)]
pub struct Rustls {
    /// The client configuration.
    pub client: Arc<rustls::ClientConfig>,
    /// The server configuration.
    pub server: Arc<rustls::ServerConfig>,
    /// The name the client connects to.
    pub name: ServerName<'static>,
}

impl Rustls {
    /// Client and server configurations restricted to the case's version, suite and group.
    pub fn new(case: &Case) -> Result<Self, String> {
        let mut provider = ring::default_provider();
        provider.cipher_suites = ring::ALL_CIPHER_SUITES
            .iter()
            .copied()
            .filter(|s| u16::from(s.suite()) == case.suite.to_u16())
            .collect();
        provider.kx_groups = ring::ALL_KX_GROUPS
            .iter()
            .copied()
            .filter(|g| u16::from(g.name()) == case.group.to_u16())
            .collect();
        if provider.cipher_suites.is_empty() || provider.kx_groups.is_empty() {
            return Err(format!("rustls/ring lacks {}", case.describe()));
        }
        let provider: Arc<CryptoProvider> = Arc::new(provider);
        let version: &'static rustls::SupportedProtocolVersion = match case.version {
            stratls::codec::ProtocolVersion::TLSv1_2 => &rustls::version::TLS12,
            _ => &rustls::version::TLS13,
        };

        let mut roots = RootCertStore::empty();
        for cert in CertificateDer::pem_file_iter(ca_path()).map_err(|e| format!("ca.pem: {e}"))? {
            let cert = cert.map_err(|e| format!("ca.pem: {e}"))?;
            roots.add(cert).map_err(|e| format!("ca.pem: {e}"))?;
        }
        let mut client = rustls::ClientConfig::builder_with_provider(provider.clone())
            .with_protocol_versions(&[version])
            .map_err(|e| format!("rustls client config: {e}"))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        client.resumption = Resumption::disabled();

        let chain = CertificateDer::pem_file_iter(case.chain_path())
            .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
            .map_err(|e| format!("{}: {e}", case.chain_path().display()))?;
        let key = PrivateKeyDer::from_pem_file(case.key_path())
            .map_err(|e| format!("{}: {e}", case.key_path().display()))?;
        let mut server = rustls::ServerConfig::builder_with_provider(provider)
            .with_protocol_versions(&[version])
            .map_err(|e| format!("rustls server config: {e}"))?
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .map_err(|e| format!("rustls server cert: {e}"))?;
        server.send_tls13_tickets = 0;

        let name = ServerName::try_from(SERVER_NAME).map_err(|e| e.to_string())?;
        Ok(Self {
            client: Arc::new(client),
            server: Arc::new(server),
            name,
        })
    }
}

/// A rustls client and server, and the buffer that carries TLS bytes between them.
#[derive(Debug)]
pub struct RustlsPair {
    client: ClientConnection,
    server: ServerConnection,
    wire: Vec<u8>,
}

impl Contender for Rustls {
    type Pair = RustlsPair;

    fn name(&self) -> &'static str {
        "rustls"
    }

    fn handshake(&self) -> Result<RustlsPair, String> {
        let client = ClientConnection::new(self.client.clone(), self.name.clone())
            .map_err(|e| format!("rustls client: {e}"))?;
        let server = ServerConnection::new(self.server.clone())
            .map_err(|e| format!("rustls server: {e}"))?;
        let mut pair = RustlsPair {
            client,
            server,
            wire: Vec::with_capacity(2 * WRITE_SIZE),
        };
        // A full handshake is a few flights; more rounds than this means it is stuck.
        for _ in 0..16 {
            let RustlsPair {
                client,
                server,
                wire,
            } = &mut pair;
            let moved = deliver(&mut **client, &mut **server, wire)?
                + deliver(&mut **server, &mut **client, wire)?;
            if moved == 0 {
                break;
            }
        }
        if pair.client.is_handshaking() || pair.server.is_handshaking() {
            return Err("rustls handshake did not complete".into());
        }
        Ok(pair)
    }

    fn agreed(pair: &RustlsPair) -> Agreed {
        let c = &pair.client;
        Agreed {
            version: c.protocol_version().map(u16::from),
            suite: c.negotiated_cipher_suite().map(|s| u16::from(s.suite())),
            group: c
                .negotiated_key_exchange_group()
                .map(|g| u16::from(g.name())),
        }
    }

    fn transfer(
        pair: &mut RustlsPair,
        data: &[u8],
        total: usize,
        sink: &mut [u8],
    ) -> Result<usize, String> {
        let chunk = data.get(..WRITE_SIZE).ok_or("payload too short")?;
        let sink = sink.get_mut(..WRITE_SIZE).ok_or("sink too short")?;
        let mut delivered = 0;
        let mut sent = 0;
        while sent < total {
            let piece = &chunk[..WRITE_SIZE.min(total - sent)];
            let n = pair
                .client
                .writer()
                .write(piece)
                .map_err(|e| format!("rustls write: {e}"))?;
            sent += n;
            let RustlsPair {
                client,
                server,
                wire,
            } = pair;
            deliver(&mut **client, &mut **server, wire)?;
            let mut filled = 0;
            while filled < n {
                match server.reader().read(&mut sink[filled..]) {
                    Ok(0) => break,
                    Ok(got) => filled += got,
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                    Err(e) => return Err(format!("rustls read: {e}")),
                }
            }
            delivered += filled;
        }
        Ok(delivered)
    }
}

/// Moves every byte `from` has queued into `to` through `wire`; returns how many moved.
fn deliver<F, T>(
    from: &mut ConnectionCommon<F>,
    to: &mut ConnectionCommon<T>,
    wire: &mut Vec<u8>,
) -> Result<usize, String> {
    let mut moved = 0;
    while from.wants_write() {
        wire.clear();
        from.write_tls(wire)
            .map_err(|e| format!("rustls write_tls: {e}"))?;
        let mut rest = wire.as_slice();
        while !rest.is_empty() {
            let taken = to
                .read_tls(&mut rest)
                .map_err(|e| format!("rustls read_tls: {e}"))?;
            if taken == 0 {
                return Err("rustls receiver full".into());
            }
            to.process_new_packets()
                .map_err(|e| format!("rustls process_new_packets: {e}"))?;
            moved += taken;
        }
    }
    Ok(moved)
}
