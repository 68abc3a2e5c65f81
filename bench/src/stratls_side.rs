//! stratls through its facade, with the ring provider or the default (pure Rust) one: a client
//! and a server `Connection` driven against each other in memory, each side's calls timed.

use std::sync::Arc;

use stratls::handshake::MemoryTicketStore;
use stratls::handshake::bytes::BytesMut;
use stratls::handshake::resumption::{MemorySessionIds, MemoryTls12Sessions, NoTls12Sessions};
use stratls::{ClientConfig, Connection, RootStore, ServerConfig, ServerName, Versions};

use crate::cases::{Case, Resumption, SERVER_NAME};
use crate::contender::{Agreed, Clock, Contender, WRITE_SIZE};

/// stratls configured for one case.
#[derive(Debug)]
pub struct Stratls {
    /// The client configuration.
    pub client: Arc<ClientConfig>,
    /// The server configuration.
    pub server: Arc<ServerConfig>,
    /// The name the client connects to.
    pub name: ServerName<'static>,
    /// The name in reports: `stratls`, or `stratls x25519` as the baseline of a case rustls
    /// cannot run.
    pub label: &'static str,
    /// Whether every handshake must resume (a resumption case, primed by one full handshake).
    pub resume: bool,
    /// Whether bulk transfers keep the connections' buffers (`Connection::keep_buffers`), hand
    /// the server its records in the buffer the transport read them into
    /// (`Connection::read_tls_buf`) instead of copying them in with `Connection::read_tls`,
    /// and read the plaintext in place (`Connection::read_buf` and `consume`) instead of
    /// copying it out with `Connection::read`.
    pub in_place: bool,
}

/// A stratls client and server.
#[derive(Debug)]
pub struct StratlsPair {
    /// The client.
    pub client: Connection,
    /// The server.
    pub server: Connection,
    /// Whether the server reads in place ([`Stratls::in_place`]).
    pub in_place: bool,
    /// The server's transport buffer when it reads in place: what the client sent is read
    /// into it, and the server takes its records from it.
    pub inbox: BytesMut,
}

impl Stratls {
    /// Client and server configurations restricted to the case's version, suite and group.
    pub fn new(case: &Case) -> Result<Self, String> {
        Self::with_provider(case, stratls::default_provider(), "stratls")
    }

    /// stratls with `provider`, reported as `label`. A full-handshake or bulk case keeps no
    /// session on either side and issues no ticket; a resumption case keeps what it resumes
    /// by, and is primed with one full handshake.
    pub fn with_provider(
        case: &Case,
        provider: stratls::crypto::CryptoProvider,
        label: &'static str,
    ) -> Result<Self, String> {
        let versions = match case.version {
            stratls::codec::ProtocolVersion::TLSv1_2 => Versions::TLS12_ONLY,
            _ => Versions::TLS13_ONLY,
        };
        let roots = || -> Result<RootStore, String> {
            let mut roots = RootStore::new();
            let ca = std::fs::read(case.ca_path())
                .map_err(|e| format!("{}: {e}", case.ca_path().display()))?;
            roots.add_pem(&ca).map_err(|e| format!("root: {e}"))?;
            Ok(roots)
        };
        let builder =
            stratls::client_config_with_provider(provider.clone()).with_root_certificates(roots()?);
        let builder = if case.client_auth {
            let chain = stratls::certificates_from_file(case.client_chain_path())
                .map_err(|e| format!("{}: {e}", case.client_chain_path().display()))?;
            let key = stratls::private_key_from_file(case.client_key_path())
                .map_err(|e| format!("{}: {e}", case.client_key_path().display()))?;
            builder.with_client_auth_cert(chain, key)
        } else {
            builder.with_no_client_auth()
        };
        let mut client = builder
            .with_versions(versions)
            .with_cipher_suites(vec![case.suite])
            .with_groups(client_groups(case.group))
            .build()
            .map_err(|e| format!("stratls client config: {e}"))?;
        let chain = stratls::certificates_from_file(case.chain_path())
            .map_err(|e| format!("{}: {e}", case.chain_path().display()))?;
        let key = stratls::private_key_from_file(case.key_path())
            .map_err(|e| format!("{}: {e}", case.key_path().display()))?;
        let builder = stratls::server_config_with_provider(provider);
        let builder = if case.client_auth {
            builder.with_required_client_cert(roots()?)
        } else {
            builder.with_no_client_auth()
        };
        let mut server = builder
            .with_single_cert(chain, key)
            .with_versions(versions)
            .with_cipher_suites(vec![case.suite])
            .with_groups(vec![case.group])
            .build()
            .map_err(|e| format!("stratls server config: {e}"))?;
        resumption(case.resumption(), &mut client, &mut server);
        let name = ServerName::try_from(SERVER_NAME.to_string()).map_err(|e| e.to_string())?;
        let stratls = Self {
            client: Arc::new(client),
            server: Arc::new(server),
            name,
            label,
            resume: false,
            in_place: false,
        };
        if case.resumption().is_none() {
            return Ok(stratls);
        }
        let first = stratls.handshake(&mut Clock::default())?;
        if Self::agreed(&first).resumed {
            return Err("stratls: the first handshake resumed".into());
        }
        Ok(Self {
            resume: true,
            ..stratls
        })
    }
}

/// What each side keeps to resume by: nothing for a full-handshake case; for a TLS 1.3
/// ticket, a ticket store and one ticket per full handshake (the server issues two after
/// each resumed one, as rustls is set to); for a TLS 1.2 ticket, the default ticketer and
/// session store; for a TLS 1.2 session ID, the server's session cache and no ticketer.
fn resumption(how: Option<Resumption>, client: &mut ClientConfig, server: &mut ServerConfig) {
    match how {
        None => {
            client.tls12_sessions = Arc::new(NoTls12Sessions);
            server.ticketer = None;
            server.tickets = 0;
            server.session_ids = None;
        }
        Some(Resumption::Tls13Ticket) => {
            client.ticket_store = Arc::new(MemoryTicketStore::new(8));
            server.tickets = 1;
        }
        Some(Resumption::Tls12Ticket) => {
            client.tls12_sessions = Arc::new(MemoryTls12Sessions::new(8));
            server.session_ids = None;
        }
        Some(Resumption::Tls12SessionId) => {
            client.tls12_sessions = Arc::new(MemoryTls12Sessions::new(8));
            server.ticketer = None;
            server.session_ids = Some(Arc::new(MemorySessionIds::new(256)));
        }
    }
}

impl Contender for Stratls {
    type Pair = StratlsPair;

    fn name(&self) -> &'static str {
        self.label
    }

    fn handshake(&self, clock: &mut Clock) -> Result<StratlsPair, String> {
        let (config, name) = (Arc::clone(&self.client), self.name.clone());
        let client = clock
            .client(|| Connection::client(config, name))
            .map_err(|e| format!("stratls client: {e}"))?;
        let config = Arc::clone(&self.server);
        let server = clock
            .server(|| Connection::server(config))
            .map_err(|e| format!("stratls server: {e}"))?;
        let mut pair = StratlsPair {
            client,
            server,
            in_place: self.in_place,
            inbox: BytesMut::new(),
        };
        if self.in_place {
            pair.client.keep_buffers(true);
            pair.server.keep_buffers(true);
        }
        // A handshake is a few flights, tickets included; more rounds means it is stuck.
        for _ in 0..16 {
            let moved = pair.deliver_from_client(clock)? + pair.deliver_from_server(clock)?;
            if moved == 0 {
                break;
            }
        }
        if pair.client.is_handshaking() || pair.server.is_handshaking() {
            return Err("stratls handshake did not complete".into());
        }
        if self.resume && !Self::agreed(&pair).resumed {
            return Err("stratls: the handshake did not resume".into());
        }
        Ok(pair)
    }

    fn agreed(pair: &StratlsPair) -> Agreed {
        let n = pair.client.negotiated().cloned().unwrap_or_default();
        let client_cert = pair
            .server
            .negotiated()
            .is_some_and(|s| !s.peer_certificates.is_empty());
        Agreed {
            version: n.version.map(|v| v.to_u16()),
            suite: n.cipher_suite.map(|s| s.to_u16()),
            group: n.group.map(|g| g.to_u16()),
            resumed: n.resumed,
            client_cert,
        }
    }

    fn transfer(
        pair: &mut StratlsPair,
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
                .client(|| client.write(piece))
                .map_err(|e| format!("stratls write: {e}"))?;
            sent += n;
            pair.deliver_from_client(clock)?;
            let server = &mut pair.server;
            let mut filled = 0;
            if pair.in_place {
                // The plaintext is used where it lies; only the last write's is copied out, for
                // the caller to check.
                let last = sent >= total;
                while filled < n {
                    let got = clock.server(|| {
                        let piece = std::hint::black_box(server.read_buf());
                        let len = piece.len().min(n - filled);
                        if last {
                            sink[filled..filled + len].copy_from_slice(&piece[..len]);
                        }
                        server.consume(len)
                    });
                    if got == 0 {
                        break;
                    }
                    filled += got;
                }
                delivered += filled;
                continue;
            }
            while filled < n {
                match clock.server(|| server.read(&mut sink[filled..])) {
                    Ok(stratls::handshake::Read::Data(got)) => filled += got,
                    Ok(_) => break,
                    Err(e) => return Err(format!("stratls read: {e}")),
                }
            }
            delivered += filled;
        }
        Ok(delivered)
    }
}

impl StratlsPair {
    /// Moves what the client has queued to the server; returns how many bytes crossed.
    fn deliver_from_client(&mut self, clock: &mut Clock) -> Result<usize, String> {
        if self.in_place {
            return self.deliver_from_client_in_place(clock);
        }
        let mut moved = 0;
        loop {
            let pending = self.client.pending_tls();
            if pending.is_empty() {
                return Ok(moved);
            }
            let server = &mut self.server;
            let taken = clock
                .server(|| server.read_tls(pending))
                .map_err(|e| format!("stratls server read_tls: {e}"))?;
            if taken == 0 {
                return Err("stratls server took no bytes".into());
            }
            let client = &mut self.client;
            clock.client(|| client.consume_tls(taken));
            moved += taken;
        }
    }

    /// [`StratlsPair::deliver_from_client`] into the server's transport buffer, from which
    /// the server takes the records without copying them. Appending to that buffer stands for
    /// the transport's read and is not timed, as no row times its transport.
    fn deliver_from_client_in_place(&mut self, clock: &mut Clock) -> Result<usize, String> {
        let pending = self.client.pending_tls();
        let sent = pending.len();
        if sent == 0 {
            return Ok(0);
        }
        self.inbox.extend_from_slice(pending);
        let client = &mut self.client;
        clock.client(|| client.consume_tls(sent));
        let (server, inbox) = (&mut self.server, &mut self.inbox);
        let taken = clock
            .server(|| server.read_tls_buf(inbox))
            .map_err(|e| format!("stratls server read_tls_buf: {e}"))?;
        if taken == 0 {
            return Err("stratls server took no bytes".into());
        }
        Ok(taken)
    }

    /// Moves what the server has queued to the client; returns how many bytes crossed.
    fn deliver_from_server(&mut self, clock: &mut Clock) -> Result<usize, String> {
        let mut moved = 0;
        loop {
            let pending = self.server.pending_tls();
            if pending.is_empty() {
                return Ok(moved);
            }
            let client = &mut self.client;
            let taken = clock
                .client(|| client.read_tls(pending))
                .map_err(|e| format!("stratls client read_tls: {e}"))?;
            if taken == 0 {
                return Err("stratls client took no bytes".into());
            }
            let server = &mut self.server;
            clock.server(|| server.consume_tls(taken));
            moved += taken;
        }
    }
}

/// The case's group first (it gets the key share), then secp256r1: a TLS 1.2 server may use a
/// P-256 ECDSA certificate only with a client that lists that curve (RFC 8422 §5.1.1). The
/// server accepts the case's group alone, so that is the group negotiated.
fn client_groups(group: stratls::NamedGroup) -> Vec<stratls::NamedGroup> {
    let p256 = stratls::NamedGroup::Secp256r1;
    // The hybrid is TLS 1.3 only: listing it alone keeps the client to one key share (a
    // classical group after it would get a second one).
    if group == p256 || group == stratls::NamedGroup::X25519MLKEM768 {
        vec![group]
    } else {
        vec![group, p256]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::{CASES, Work};
    use crate::contender::check;

    /// Reading in place with kept buffers delivers every bulk case's data intact, on both
    /// providers.
    #[test]
    fn the_in_place_transfer_delivers_the_data() {
        for case in CASES.iter().filter(|c| c.work == Work::Bulk) {
            for provider in [stratls::ring_provider(), stratls::default_provider()] {
                let s = Stratls {
                    in_place: true,
                    ..Stratls::with_provider(case, provider, "in place").expect("config")
                };
                check(&s, case.agreed()).unwrap_or_else(|e| panic!("{}: {e}", case.name));
            }
        }
    }
}
