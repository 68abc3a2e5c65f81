//! Client and server configuration: [`ClientConfig`] and [`ServerConfig`], the options they
//! share ([`SharedConfig`]), and their typestate builders (`builder.rs`), whose `build()`
//! refuses a configuration mistake with a [`ConfigError`].

mod builder;
mod check;
mod error;

pub use self::builder::{
    ClientConfigBuilder, ClientReady, ConfigBuilder, DangerousConfigBuilder, ExternalPskOnly,
    ServerConfigBuilder, ServerReady, WantsClientAuth, WantsClientCert, WantsServerCert,
    WantsVerifier,
};
pub use self::error::ConfigError;

use std::sync::Arc;
use std::time::Duration;

use stratls_codec::PskKeyExchangeMode;
use stratls_crypto::{
    CipherSuite, CryptoProvider, NamedGroup, Shared, Tls12CipherSuite, Tls12KeyExchange,
    Tls13CipherSuite,
};
use stratls_keyschedule::keylog::KeyLog;

use crate::observer::Observer;
use crate::psk::ExternalPsk;
use crate::resumption::{AntiReplay, Ticketer};
use crate::tickets::TicketStore;
use crate::verify::{
    ClientCertVerifier, ResolvesClientCert, ResolvesServerCert, ServerCertVerifier, TimeProvider,
};

/// Which protocol versions a side offers or accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Versions {
    /// TLS 1.3 (RFC 8446).
    pub tls13: bool,
    /// TLS 1.2 (RFC 5246).
    pub tls12: bool,
}

impl Versions {
    /// TLS 1.3 only.
    pub const TLS13_ONLY: Self = Self {
        tls13: true,
        tls12: false,
    };
    /// TLS 1.2 only.
    pub const TLS12_ONLY: Self = Self {
        tls13: false,
        tls12: true,
    };
    /// Both.
    pub const BOTH: Self = Self {
        tls13: true,
        tls12: true,
    };
}

/// Limits against a peer that tries to make us work or hold memory without bound.
///
/// docs/security.md lists each default with the test that shows it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest handshake message body accepted (default 64 KiB): the ceiling of a Certificate
    /// and its chain, and of every other message but two: a ClientHello may be as long as its
    /// vectors' RFC bounds allow (131,396 bytes, `MAX_CLIENT_HELLO_LEN`) and a Finished is
    /// exactly its verify_data (Hash.length, or 12 bytes in TLS 1.2). Each is checked from the
    /// message header, before the body is buffered.
    pub max_handshake_len: usize,
    /// Records in a row that carry no application data: empty application data, padding
    /// only, change_cipher_spec, and alerts other than close_notify (TLS 1.2 warnings,
    /// user_canceled). Only a record with application data starts the count over (default
    /// 32).
    pub max_records_without_data: usize,
    /// Post-handshake messages that make us work (KeyUpdate, refused TLS 1.2 renegotiation
    /// requests) in a row without application data between them (default 32).
    pub max_key_updates_in_row: u32,
    /// Received plaintext held for the application before `read_tls` stops taking bytes
    /// (default 256 KiB). It is charged with the memory the plaintext holds: short record
    /// contents are copied together and count their length, a content of half a record or
    /// more is kept in its receive buffer and counts a whole one.
    pub max_received_plaintext: usize,
    /// Plaintext accepted by `write` before the handshake completes (default 64 KiB).
    pub max_early_plaintext: usize,
    /// Queued TLS output under which `write` takes plaintext once established (default
    /// 64 KiB): a caller that does not drain `pending_tls` gets short writes, not a growing
    /// buffer. What the connection queues on its own (a KeyUpdate answering the peer's, a
    /// TLS 1.2 no_renegotiation warning, a final alert) stays under it too: `write` leaves
    /// room for them, and one such answer at most waits in the queue at a time.
    pub max_pending_tls: usize,
    /// Early data (0-RTT) a server skips when it declines what a client offers (RFC 8446
    /// §4.2.10) (default 64 KiB).
    pub max_skipped_early_data: usize,
    /// TLS 1.3 NewSessionTicket messages a client takes from one connection (default 8):
    /// each costs a key derivation and a place in the ticket store; later ones are read and
    /// ignored (RFC 8446 §4.6.1 lets a client ignore tickets), not refused.
    pub max_tickets: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_handshake_len: 64 * 1024,
            max_records_without_data: 32,
            max_key_updates_in_row: 32,
            max_received_plaintext: 256 * 1024,
            max_early_plaintext: 64 * 1024,
            max_pending_tls: 64 * 1024,
            max_skipped_early_data: 64 * 1024,
            max_tickets: 8,
        }
    }
}

/// The options a client and a server share: one struct in both configs and both builders.
///
/// The builders set these with their shared methods (`with_versions`, `with_cipher_suites`,
/// ..., `dangerous()`); the fields stay public so that a built config can still be adjusted
/// (a per-connection observer, say). A field changed after `build()` is not checked again:
/// what makes a connection impossible is refused when it starts (`Error::Config`).
#[derive(Debug, Clone)]
pub struct SharedConfig {
    /// Versions offered (client) or accepted (server).
    pub versions: Versions,
    /// Cipher suites, by IANA code point, in preference order; empty means every suite of
    /// the provider in its order.
    pub cipher_suites: Vec<CipherSuite>,
    /// Key-exchange groups, in preference order; empty means the provider's. A client's first
    /// one gets a key share in the first ClientHello, and when that one is a TLS 1.3-only
    /// hybrid (X25519MLKEM768), so does the first classical group after it.
    pub groups: Vec<NamedGroup>,
    /// ALPN protocols, in preference order. A server with none ignores the client's ALPN.
    pub alpn: Vec<Vec<u8>>,
    /// Where traffic secrets go (NSS key log), if anywhere.
    pub key_log: Option<Arc<dyn KeyLog>>,
    /// Receives the connection's events.
    pub observer: Option<Arc<dyn Observer>>,
    /// Also report to the observer every record with its plaintext, and every secret as it is
    /// derived (`Event::Record`, `Event::Secret`; default false). Whoever sees these events
    /// can decrypt the connection: set it only for a connection that protects nothing, as a
    /// teaching page does.
    pub dangerous_secret_events: bool,
    /// The clock for certificate validity: the only time the connection sees.
    pub time: Arc<dyn TimeProvider>,
    /// Limits on the peer.
    pub limits: Limits,
    /// TLS 1.2: also offer (client) or accept (server) the RSA key-exchange suites the
    /// provider lists (default false). They have no forward secrecy: whoever gets the server's
    /// private key later can decrypt every recorded session; and the server's decryption is
    /// the target of padding-oracle attacks.
    pub dangerous_enable_rsa_key_exchange: bool,
    /// TLS 1.2: refuse a peer that does not negotiate the extended master secret (RFC 7627)
    /// with `handshake_failure` (default false). The extended master secret is always offered
    /// (client) and always taken when offered (server); by default a peer without it is
    /// accepted, as the widespread implementations do, and its session's master secret is not
    /// bound to the handshake, so such a connection exports no keying material (RFC 7627
    /// §5.4).
    pub tls12_require_extended_master_secret: bool,
}

impl SharedConfig {
    /// The defaults with `time` as the clock: TLS 1.3 and TLS 1.2, every suite and group of
    /// the provider (without RSA key exchange), no ALPN, the TLS 1.2 extended master secret
    /// offered and taken but not required, no key log, no observer, the default limits.
    pub fn new(time: Arc<dyn TimeProvider>) -> Self {
        Self {
            versions: Versions::BOTH,
            cipher_suites: Vec::new(),
            groups: Vec::new(),
            alpn: Vec::new(),
            key_log: None,
            observer: None,
            dangerous_secret_events: false,
            time,
            limits: Limits::default(),
            dangerous_enable_rsa_key_exchange: false,
            tls12_require_extended_master_secret: false,
        }
    }
}

/// The choices of a client, built and checked by [`ClientConfig::builder`].
///
/// The public fields may be adjusted after `build()`; they are not checked again (a
/// connection refuses what cannot work with `Error::Config` when it starts).
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// The crypto provider.
    pub provider: CryptoProvider,
    /// The options shared with servers.
    pub shared: SharedConfig,
    /// Verifies the server's certificate: web PKI against the builder's roots, or a custom
    /// verifier set through the builder's `dangerous()` (and only there).
    pub(crate) verifier: Arc<dyn ServerCertVerifier>,
    /// The client certificate, if the server asks for one.
    pub client_cert: Option<Arc<dyn ResolvesClientCert>>,
    /// Where NewSessionTicket messages go.
    pub ticket_store: Arc<dyn TicketStore>,
    /// Where TLS 1.2 sessions are kept to be resumed, by ticket or session ID (default: a
    /// [`MemoryTls12Sessions`] for 32 server names; [`NoTls12Sessions`] resumes nothing).
    ///
    /// [`MemoryTls12Sessions`]: crate::resumption::MemoryTls12Sessions
    /// [`NoTls12Sessions`]: crate::resumption::NoTls12Sessions
    pub tls12_sessions: Arc<dyn crate::resumption::Tls12SessionStore>,
    /// Send SNI when the server name is a DNS name (default true).
    pub enable_sni: bool,
    /// TLS 1.3 middlebox compatibility mode (RFC 8446 §D.4): a non-empty legacy_session_id and
    /// a ChangeCipherSpec before the second flight (default true).
    pub middlebox_compat: bool,
    /// An external PSK to offer in TLS 1.3 (default none). When set, it is offered instead of
    /// a stored ticket, with the first offered suite of its hash; a server that takes it sends
    /// no certificate, one that does not makes a full handshake verified as usual.
    pub external_psk: Option<Arc<ExternalPsk>>,
    /// TLS 1.3 0-RTT (default false): when the ticket offered allows early data
    /// (max_early_data_size above 0), its suite is offered and its ALPN protocol is among
    /// ours, the ClientHello carries early_data and
    /// [`Connection::write_early_data_replayable`](crate::Connection::write_early_data_replayable)
    /// sends data before the handshake completes. Early data can be replayed by an attacker
    /// (RFC 8446 §8): send only requests that are safe to repeat.
    pub enable_early_data: bool,
    /// The PSK key-exchange modes offered with a ticket or an external PSK, in the order of
    /// preference (default: psk_dhe_ke alone). Adding psk_ke lets a server that allows it
    /// resume without a fresh (EC)DHE exchange: cheaper, and without forward secrecy for
    /// the resumed connection (RFC 8446 §4.2.9, §E.5). An empty list offers no PSK.
    pub psk_key_exchange_modes: Vec<PskKeyExchangeMode>,
}

impl ClientConfig {
    /// The TLS 1.3 suites offered, in order (none when TLS 1.3 is off).
    pub(crate) fn tls13_suites(&self) -> impl Iterator<Item = &Shared<Tls13CipherSuite>> + Clone {
        tls13_suites(&self.provider, &self.shared)
    }

    /// The TLS 1.2 suites offered, in order (none when TLS 1.2 is off).
    pub(crate) fn tls12_suites(&self) -> impl Iterator<Item = &Shared<Tls12CipherSuite>> + Clone {
        // The client encrypts the premaster secret with the provider's RSA key transport.
        let rsa = self.shared.dangerous_enable_rsa_key_exchange
            && self.provider.rsa_key_transport.is_some();
        tls12_suites(&self.provider, &self.shared, rsa)
    }

    /// The groups offered, in order.
    pub(crate) fn groups(&self) -> impl Iterator<Item = NamedGroup> + Clone {
        select_groups(&self.provider, &self.shared.groups)
    }

    /// Whether the ClientHello offers TLS 1.3 (a TLS 1.3 suite is enabled).
    pub(crate) fn offers_tls13(&self) -> bool {
        self.tls13_suites().next().is_some()
    }

    /// Whether the ClientHello offers TLS 1.2 (a TLS 1.2 suite is enabled).
    pub(crate) fn offers_tls12(&self) -> bool {
        self.tls12_suites().next().is_some()
    }
}

/// Whether and how a server asks for client certificates.
#[derive(Debug, Clone, Default)]
pub enum ClientAuth {
    /// No CertificateRequest.
    #[default]
    None,
    /// Ask; accept a client without a certificate, verify one that is sent.
    Optional(Arc<dyn ClientCertVerifier>),
    /// Ask and require a valid certificate (`certificate_required` otherwise).
    Required(Arc<dyn ClientCertVerifier>),
}

/// The choices of a server, built and checked by [`ServerConfig::builder`].
///
/// The public fields may be adjusted after `build()`; they are not checked again (a
/// connection refuses what cannot work with `Error::Config` when it starts).
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The crypto provider.
    pub provider: CryptoProvider,
    /// The options shared with clients.
    pub shared: SharedConfig,
    /// Choose by the server's preference order (default) or the client's.
    pub prefer_server_order: bool,
    /// Picks the certificate for each connection.
    pub cert_resolver: Arc<dyn ResolvesServerCert>,
    /// Client authentication.
    pub client_auth: ClientAuth,
    /// Seals and opens the session tickets this server issues (default: an [`AeadTicketer`]
    /// with random keys rotated every 12 hours, `DEFAULT_ROTATION`); `None` issues no
    /// ticket and resumes nothing. Share one ticketer (or keys from a file) across the
    /// configs of a fleet so that any member resumes the sessions of another.
    ///
    /// [`AeadTicketer`]: crate::resumption::AeadTicketer
    pub ticketer: Option<Arc<dyn Ticketer>>,
    /// TLS 1.3: NewSessionTicket messages sent after a full handshake (default 2, as OpenSSL
    /// and rustls do); one more is sent after a resumed handshake, so that a client that
    /// uses each ticket once keeps one in hand.
    pub tickets: usize,
    /// Lifetime of the tickets issued, in seconds (default 7,200: 2 hours). A value above
    /// 7 days (`MAX_TICKET_LIFETIME`, RFC 8446 §4.6.1) is issued as 7 days.
    pub ticket_lifetime: u32,
    /// External PSKs a TLS 1.3 client may use, by identity (default none). A client that
    /// offers one of them with a binder that verifies is authenticated by it, and this server
    /// sends no certificate.
    pub external_psks: Vec<Arc<ExternalPsk>>,
    /// TLS 1.2: where sessions are kept by session ID (default: a [`MemorySessionIds`] of
    /// 1,024 sessions, `DEFAULT_SESSION_IDS`); `None` assigns no session ID. A session is kept
    /// only when it has the extended master secret (RFC 7627 §5.3) and no ticket was issued
    /// for it.
    ///
    /// [`MemorySessionIds`]: crate::resumption::MemorySessionIds
    pub session_ids: Option<Arc<dyn crate::resumption::SessionIdStore>>,
    /// TLS 1.3 0-RTT: the most early data accepted on a resumed connection, in bytes (default
    /// 0: early data is never accepted, and skipped). When above 0, the tickets issued say so
    /// and early data is accepted only under every condition of RFC 8446 §4.2.10 and
    /// §8: the first PSK offered, a ticket that allowed it, the ticket's suite and ALPN
    /// protocol, no HelloRetryRequest, a ticket age within
    /// [`ServerConfig::early_data_window`], and a single-use record: the
    /// [`ServerConfig::anti_replay`] store, or a single-use ticketer
    /// ([`SessionCache`](crate::resumption::SessionCache)). With neither, tickets do not offer
    /// 0-RTT. Early data can be replayed: docs/security.md, "0-RTT replay policy".
    pub max_early_data_size: u32,
    /// Where the ClientHellos whose early data was accepted are recorded, so that each is
    /// accepted once (default none). See [`MemoryAntiReplay`](crate::resumption::MemoryAntiReplay).
    pub anti_replay: Option<Arc<dyn AntiReplay>>,
    /// How far the client's view of a ticket's age may differ from the server's for its early
    /// data to be accepted (default 10 s, `DEFAULT_EARLY_DATA_WINDOW`; RFC 8446 §8.3).
    pub early_data_window: Duration,
    /// Accept psk_ke, resumption without (EC)DHE, when the client prefers it (default false:
    /// psk_dhe_ke only). A psk_ke connection has no forward secrecy (RFC 8446 §E.5).
    pub accept_psk_ke: bool,
}

/// The age window of [`ServerConfig::early_data_window`] by default.
pub const DEFAULT_EARLY_DATA_WINDOW: Duration = Duration::from_secs(10);

/// The ticket lifetime of [`ServerConfig::ticket_lifetime`] by default: 2 hours.
pub const DEFAULT_TICKET_LIFETIME: u32 = 7200;
/// The count of [`ServerConfig::tickets`] by default.
pub const DEFAULT_TICKETS: usize = 2;

impl ServerConfig {
    /// The TLS 1.3 suites accepted, in order (none when TLS 1.3 is off).
    pub(crate) fn tls13_suites(&self) -> impl Iterator<Item = &Shared<Tls13CipherSuite>> + Clone {
        tls13_suites(&self.provider, &self.shared)
    }

    /// The TLS 1.2 suites accepted, in order (none when TLS 1.2 is off).
    pub(crate) fn tls12_suites(&self) -> impl Iterator<Item = &Shared<Tls12CipherSuite>> + Clone {
        let rsa = self.shared.dangerous_enable_rsa_key_exchange;
        tls12_suites(&self.provider, &self.shared, rsa)
    }

    /// The groups accepted, in order.
    pub(crate) fn groups(&self) -> impl Iterator<Item = NamedGroup> + Clone {
        select_groups(&self.provider, &self.shared.groups)
    }

    /// Whether TLS 1.3 is accepted (a TLS 1.3 suite is enabled).
    pub(crate) fn accepts_tls13(&self) -> bool {
        self.tls13_suites().next().is_some()
    }

    /// Whether TLS 1.2 is accepted (a TLS 1.2 suite is enabled).
    pub(crate) fn accepts_tls12(&self) -> bool {
        self.tls12_suites().next().is_some()
    }

    /// The lifetime given to the tickets issued: [`ServerConfig::ticket_lifetime`], at most
    /// 7 days.
    pub fn issued_ticket_lifetime(&self) -> u32 {
        self.ticket_lifetime
            .min(crate::resumption::MAX_TICKET_LIFETIME)
    }

    /// The max_early_data_size the tickets issued carry: [`ServerConfig::max_early_data_size`]
    /// when a single-use record makes 0-RTT acceptable, 0 otherwise.
    pub(crate) fn offered_early_data(&self) -> u32 {
        let single_use =
            self.anti_replay.is_some() || self.ticketer.as_ref().is_some_and(|t| t.single_use());
        if single_use {
            self.max_early_data_size
        } else {
            0
        }
    }
}

// The lists are worked out from the config each time they are needed, without allocating: a
// config's public fields may change after `build()`, so nothing derived from them is kept.

/// The TLS 1.3 suites of `shared` (none when TLS 1.3 is off).
fn tls13_suites<'a>(
    provider: &'a CryptoProvider,
    shared: &'a SharedConfig,
) -> impl Iterator<Item = &'a Shared<Tls13CipherSuite>> + Clone {
    let wanted: &[CipherSuite] = if shared.versions.tls13 {
        &shared.cipher_suites
    } else {
        &[]
    };
    // Every suite of the provider when none is named.
    let all = if shared.versions.tls13 && wanted.is_empty() {
        provider.tls13_cipher_suites.len()
    } else {
        0
    };
    provider.tls13_cipher_suites[..all].iter().chain(
        wanted
            .iter()
            .filter_map(move |id| provider.tls13_suite(*id)),
    )
}

/// The TLS 1.2 suites of `shared` (none when TLS 1.2 is off); RSA key exchange only if
/// `allow_rsa`.
fn tls12_suites<'a>(
    provider: &'a CryptoProvider,
    shared: &'a SharedConfig,
    allow_rsa: bool,
) -> impl Iterator<Item = &'a Shared<Tls12CipherSuite>> + Clone {
    let usable = move |s: &&Shared<Tls12CipherSuite>| match s.kx {
        Tls12KeyExchange::Ecdhe => true,
        Tls12KeyExchange::Rsa => allow_rsa,
        _ => false,
    };
    let wanted: &[CipherSuite] = if shared.versions.tls12 {
        &shared.cipher_suites
    } else {
        &[]
    };
    let all = if shared.versions.tls12 && wanted.is_empty() {
        provider.tls12_cipher_suites.len()
    } else {
        0
    };
    provider.tls12_cipher_suites[..all]
        .iter()
        .chain(
            wanted
                .iter()
                .filter_map(move |id| provider.tls12_suite(*id)),
        )
        .filter(usable)
}

fn select_groups<'a>(
    provider: &'a CryptoProvider,
    wanted: &'a [NamedGroup],
) -> impl Iterator<Item = NamedGroup> + Clone {
    let all = if wanted.is_empty() {
        provider.kx_groups.len()
    } else {
        0
    };
    provider.kx_groups[..all].iter().map(|g| g.group()).chain(
        wanted
            .iter()
            .copied()
            .filter(move |g| provider.kx_group(*g).is_some()),
    )
}
