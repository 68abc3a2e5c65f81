//! rustls with its ring provider, restricted to the same version, suite and group as stratls,
//! keeping and issuing what the case resumes by and nothing else: a client and a server
//! connection driven against each other in memory, each side's calls timed.

use std::io::{Read, Write};
use std::sync::Arc;

use rustls::client::{Resumption, Tls12Resumption};
use rustls::crypto::{CryptoProvider, ring};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::server::{NoServerSessionStorage, ServerSessionMemoryCache, WebPkiClientVerifier};
use rustls::{ClientConnection, HandshakeKind, RootCertStore, ServerConnection};

use crate::cases::{Case, Resumption as How, SERVER_NAME};
use crate::contender::{Agreed, Clock, Contender, WRITE_SIZE};

/// rustls configured for one case.
#[derive(Debug)]
pub struct Rustls {
    /// The client configuration.
    pub client: Arc<rustls::ClientConfig>,
    /// The server configuration.
    pub server: Arc<rustls::ServerConfig>,
    /// The name the client connects to.
    pub name: ServerName<'static>,
    /// Whether every handshake must resume (a resumption case, primed by one full handshake).
    pub resume: bool,
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
        let ca = case.ca_path();
        for cert in CertificateDer::pem_file_iter(&ca).map_err(|e| format!("root: {e}"))? {
            let cert = cert.map_err(|e| format!("root: {e}"))?;
            roots.add(cert).map_err(|e| format!("root: {e}"))?;
        }
        let roots = Arc::new(roots);
        let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
            .with_protocol_versions(&[version])
            .map_err(|e| format!("rustls client config: {e}"))?
            .with_root_certificates(roots.clone());
        let mut client = if case.client_auth {
            let (chain, key) = chain_and_key(&case.client_chain_path(), &case.client_key_path())?;
            builder
                .with_client_auth_cert(chain, key)
                .map_err(|e| format!("rustls client cert: {e}"))?
        } else {
            builder.with_no_client_auth()
        };

        let (chain, key) = chain_and_key(&case.chain_path(), &case.key_path())?;
        let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
            .with_protocol_versions(&[version])
            .map_err(|e| format!("rustls server config: {e}"))?;
        let builder = if case.client_auth {
            let verifier = WebPkiClientVerifier::builder_with_provider(roots, provider)
                .build()
                .map_err(|e| format!("rustls client verifier: {e}"))?;
            builder.with_client_cert_verifier(verifier)
        } else {
            builder.with_no_client_auth()
        };
        let mut server = builder
            .with_single_cert(chain, key)
            .map_err(|e| format!("rustls server cert: {e}"))?;
        match case.resumption() {
            None => {
                client.resumption = Resumption::disabled();
                server.send_tls13_tickets = 0;
                server.session_storage = Arc::new(NoServerSessionStorage {});
            }
            Some(How::Tls13Ticket) => {
                // Stateless tickets, sealed by the ticketer, as stratls's server issues them
                // (without a ticketer rustls keeps TLS 1.3 sessions in its cache instead).
                client.resumption = Resumption::in_memory_sessions(8);
                server.ticketer = ring::Ticketer::new().map_err(|e| format!("ticketer: {e}"))?;
                server.send_tls13_tickets = 2;
                server.session_storage = Arc::new(NoServerSessionStorage {});
            }
            Some(How::Tls12Ticket) => {
                client.resumption = Resumption::in_memory_sessions(8)
                    .tls12_resumption(Tls12Resumption::SessionIdOrTickets);
                server.ticketer = ring::Ticketer::new().map_err(|e| format!("ticketer: {e}"))?;
                server.session_storage = Arc::new(NoServerSessionStorage {});
            }
            Some(How::Tls12SessionId) => {
                client.resumption = Resumption::in_memory_sessions(8)
                    .tls12_resumption(Tls12Resumption::SessionIdOrTickets);
                server.session_storage = ServerSessionMemoryCache::new(256);
            }
        }

        let name = ServerName::try_from(SERVER_NAME).map_err(|e| e.to_string())?;
        let rustls = Self {
            client: Arc::new(client),
            server: Arc::new(server),
            name,
            resume: false,
        };
        if case.resumption().is_none() {
            return Ok(rustls);
        }
        let first = rustls.handshake(&mut Clock::default())?;
        if Self::agreed(&first).resumed {
            return Err("rustls: the first handshake resumed".into());
        }
        Ok(Self {
            resume: true,
            ..rustls
        })
    }
}

/// A chain (end entity first) and its key, from PEM files.
fn chain_and_key(
    chain: &std::path::Path,
    key: &std::path::Path,
) -> Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>), String> {
    let certs = CertificateDer::pem_file_iter(chain)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| format!("{}: {e}", chain.display()))?;
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| format!("{}: {e}", key.display()))?;
    Ok((certs, key))
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

    fn handshake(&self, clock: &mut Clock) -> Result<RustlsPair, String> {
        let (config, name) = (self.client.clone(), self.name.clone());
        let client = clock
            .client(|| ClientConnection::new(config, name))
            .map_err(|e| format!("rustls client: {e}"))?;
        let config = self.server.clone();
        let server = clock
            .server(|| ServerConnection::new(config))
            .map_err(|e| format!("rustls server: {e}"))?;
        let mut pair = RustlsPair {
            client,
            server,
            wire: Vec::with_capacity(2 * WRITE_SIZE),
        };
        // A handshake is a few flights, tickets included; more rounds means it is stuck.
        for _ in 0..16 {
            let moved = pair.deliver_from_client(clock)? + pair.deliver_from_server(clock)?;
            if moved == 0 {
                break;
            }
        }
        if pair.client.is_handshaking() || pair.server.is_handshaking() {
            return Err("rustls handshake did not complete".into());
        }
        if self.resume && !Self::agreed(&pair).resumed {
            return Err("rustls: the handshake did not resume".into());
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
            resumed: c.handshake_kind() == Some(HandshakeKind::Resumed),
            client_cert: pair
                .server
                .peer_certificates()
                .is_some_and(|c| !c.is_empty()),
        }
    }

    fn transfer(
        pair: &mut RustlsPair,
        data: &[u8],
        total: usize,
        sink: &mut [u8],
        clock: &mut Clock,
    ) -> Result<usize, String> {
        let chunk = data.get(..WRITE_SIZE).ok_or("payload too short")?;
        let sink = sink.get_mut(..WRITE_SIZE).ok_or("sink too short")?;
        let mut delivered = 0;
        let mut sent = 0;
        while sent < total {
            let piece = &chunk[..WRITE_SIZE.min(total - sent)];
            let client = &mut pair.client;
            let n = clock
                .client(|| client.writer().write(piece))
                .map_err(|e| format!("rustls write: {e}"))?;
            sent += n;
            pair.deliver_from_client(clock)?;
            let server = &mut pair.server;
            let mut filled = 0;
            while filled < n {
                match clock.server(|| server.reader().read(&mut sink[filled..])) {
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

impl RustlsPair {
    /// Moves what the client has queued to the server; returns how many bytes crossed.
    fn deliver_from_client(&mut self, clock: &mut Clock) -> Result<usize, String> {
        let mut moved = 0;
        while self.client.wants_write() {
            self.wire.clear();
            let (client, wire) = (&mut self.client, &mut self.wire);
            clock
                .client(|| client.write_tls(wire))
                .map_err(|e| format!("rustls write_tls: {e}"))?;
            let mut rest = self.wire.as_slice();
            let server = &mut self.server;
            while !rest.is_empty() {
                let taken = clock
                    .server(|| {
                        let taken = server.read_tls(&mut rest)?;
                        server
                            .process_new_packets()
                            .map_err(std::io::Error::other)?;
                        Ok::<_, std::io::Error>(taken)
                    })
                    .map_err(|e| format!("rustls server read_tls: {e}"))?;
                if taken == 0 {
                    return Err("rustls server full".into());
                }
                moved += taken;
            }
        }
        Ok(moved)
    }

    /// Moves what the server has queued to the client; returns how many bytes crossed.
    fn deliver_from_server(&mut self, clock: &mut Clock) -> Result<usize, String> {
        let mut moved = 0;
        while self.server.wants_write() {
            self.wire.clear();
            let (server, wire) = (&mut self.server, &mut self.wire);
            clock
                .server(|| server.write_tls(wire))
                .map_err(|e| format!("rustls write_tls: {e}"))?;
            let mut rest = self.wire.as_slice();
            let client = &mut self.client;
            while !rest.is_empty() {
                let taken = clock
                    .client(|| {
                        let taken = client.read_tls(&mut rest)?;
                        client
                            .process_new_packets()
                            .map_err(std::io::Error::other)?;
                        Ok::<_, std::io::Error>(taken)
                    })
                    .map_err(|e| format!("rustls client read_tls: {e}"))?;
                if taken == 0 {
                    return Err("rustls client full".into());
                }
                moved += taken;
            }
        }
        Ok(moved)
    }
}
