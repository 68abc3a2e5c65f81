//! Client and server configuration.

use std::sync::Arc;

use stratls_crypto::{
    CipherSuite, CryptoProvider, NamedGroup, Shared, Tls12CipherSuite, Tls12KeyExchange,
    Tls13CipherSuite,
};
use stratls_keyschedule::keylog::KeyLog;

use crate::observer::Observer;
use crate::tickets::{NoTicketStore, TicketStore};
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest handshake message accepted (default 64 KiB).
    pub max_handshake_len: usize,
    /// Records without content in a row (empty application data, padding only) (default 32).
    pub max_empty_records: usize,
    /// Post-handshake messages that make us work (KeyUpdate, refused TLS 1.2 renegotiation
    /// requests) in a row without application data between them (default 32).
    pub max_key_updates_in_row: u32,
    /// Received plaintext held for the application before `read_tls` stops taking bytes
    /// (default 256 KiB).
    pub max_received_plaintext: usize,
    /// Plaintext accepted by `write` before the handshake completes (default 64 KiB).
    pub max_early_plaintext: usize,
    /// Warning alerts in a row (TLS 1.2) (default 8).
    pub max_warning_alerts: u32,
    /// Early data (0-RTT) a server skips when a client offers it, as stratls never accepts it
    /// (RFC 8446 §4.2.10) (default 64 KiB).
    pub max_skipped_early_data: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_handshake_len: 64 * 1024,
            max_empty_records: 32,
            max_key_updates_in_row: 32,
            max_received_plaintext: 256 * 1024,
            max_early_plaintext: 64 * 1024,
            max_warning_alerts: 8,
            max_skipped_early_data: 64 * 1024,
        }
    }
}

/// The choices of a client.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// The crypto provider.
    pub provider: CryptoProvider,
    /// Versions offered.
    pub versions: Versions,
    /// Cipher suites offered, in preference order; empty means every suite of the provider in
    /// its order.
    pub cipher_suites: Vec<CipherSuite>,
    /// Key-exchange groups offered, in preference order; empty means the provider's. The first
    /// one gets a key share in the first ClientHello.
    pub groups: Vec<NamedGroup>,
    /// ALPN protocols offered, in preference order.
    pub alpn: Vec<Vec<u8>>,
    /// Verifies the server's certificate.
    pub verifier: Arc<dyn ServerCertVerifier>,
    /// The client certificate, if the server asks for one.
    pub client_cert: Option<Arc<dyn ResolvesClientCert>>,
    /// Where traffic secrets go (NSS key log), if anywhere.
    pub key_log: Option<Arc<dyn KeyLog>>,
    /// Where NewSessionTicket messages go.
    pub ticket_store: Arc<dyn TicketStore>,
    /// The clock for certificate validity.
    pub time: Arc<dyn TimeProvider>,
    /// Send SNI when the server name is a DNS name (default true).
    pub enable_sni: bool,
    /// TLS 1.3 middlebox compatibility mode (RFC 8446 §D.4): a non-empty legacy_session_id and
    /// a ChangeCipherSpec before the second flight (default true).
    pub middlebox_compat: bool,
    /// TLS 1.2: offer the extended master secret (RFC 7627) (default true). Without it the
    /// master secret is not bound to the handshake; turn it off only to talk to, or to test
    /// against, peers that predate RFC 7627.
    pub tls12_offer_extended_master_secret: bool,
    /// TLS 1.2: refuse a server that does not negotiate the extended master secret, with
    /// `handshake_failure` (default true).
    pub tls12_require_extended_master_secret: bool,
    /// TLS 1.2: also offer the RSA key-exchange suites the provider lists (default false).
    /// They have no forward secrecy: whoever gets the server's private key later can decrypt
    /// every recorded session.
    pub dangerous_enable_rsa_key_exchange: bool,
    /// Limits on the peer.
    pub limits: Limits,
    /// Receives the connection's events.
    pub observer: Option<Arc<dyn Observer>>,
}

impl ClientConfig {
    /// A client with the defaults: TLS 1.3 and TLS 1.2, every suite and group of `provider`
    /// (without RSA key exchange), the extended master secret required in TLS 1.2, SNI and
    /// middlebox compatibility on, no client certificate, no key log.
    pub fn new(
        provider: CryptoProvider,
        verifier: Arc<dyn ServerCertVerifier>,
        time: Arc<dyn TimeProvider>,
    ) -> Self {
        Self {
            provider,
            versions: Versions::BOTH,
            cipher_suites: Vec::new(),
            groups: Vec::new(),
            alpn: Vec::new(),
            verifier,
            client_cert: None,
            key_log: None,
            ticket_store: Arc::new(NoTicketStore),
            time,
            enable_sni: true,
            middlebox_compat: true,
            tls12_offer_extended_master_secret: true,
            tls12_require_extended_master_secret: true,
            dangerous_enable_rsa_key_exchange: false,
            limits: Limits::default(),
            observer: None,
        }
    }

    /// The TLS 1.3 suites offered, in order (none when TLS 1.3 is off).
    pub(crate) fn tls13_suites(&self) -> Vec<Shared<Tls13CipherSuite>> {
        if !self.versions.tls13 {
            return Vec::new();
        }
        select_suites(&self.provider, &self.cipher_suites)
    }

    /// The TLS 1.2 suites offered, in order (none when TLS 1.2 is off).
    pub(crate) fn tls12_suites(&self) -> Vec<Shared<Tls12CipherSuite>> {
        if !self.versions.tls12 {
            return Vec::new();
        }
        // The client encrypts the premaster secret with the provider's RSA key transport.
        let rsa =
            self.dangerous_enable_rsa_key_exchange && self.provider.rsa_key_transport.is_some();
        select_tls12_suites(&self.provider, &self.cipher_suites, rsa)
    }

    /// The groups offered, in order.
    pub(crate) fn groups(&self) -> Vec<NamedGroup> {
        select_groups(&self.provider, &self.groups)
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

/// The choices of a server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The crypto provider.
    pub provider: CryptoProvider,
    /// Versions accepted.
    pub versions: Versions,
    /// Cipher suites accepted, in the server's preference order; empty means the provider's.
    pub cipher_suites: Vec<CipherSuite>,
    /// Groups accepted, in preference order; empty means the provider's.
    pub groups: Vec<NamedGroup>,
    /// Choose by the server's preference order (default) or the client's.
    pub prefer_server_order: bool,
    /// ALPN protocols accepted, in preference order. Empty: ALPN is ignored.
    pub alpn: Vec<Vec<u8>>,
    /// Picks the certificate for each connection.
    pub cert_resolver: Arc<dyn ResolvesServerCert>,
    /// Client authentication.
    pub client_auth: ClientAuth,
    /// Where traffic secrets go (NSS key log), if anywhere.
    pub key_log: Option<Arc<dyn KeyLog>>,
    /// The clock for client-certificate validity.
    pub time: Arc<dyn TimeProvider>,
    /// TLS 1.2: accept the client's extended master secret (RFC 7627) (default true). Off, the
    /// server ignores the client's extension.
    pub tls12_offer_extended_master_secret: bool,
    /// TLS 1.2: refuse a client that does not offer the extended master secret, with
    /// `handshake_failure` (default true).
    pub tls12_require_extended_master_secret: bool,
    /// TLS 1.2: accept the RSA key-exchange suites the provider lists (default false). They
    /// have no forward secrecy: whoever gets this server's private key later can decrypt every
    /// recorded session.
    pub dangerous_enable_rsa_key_exchange: bool,
    /// Limits on the peer.
    pub limits: Limits,
    /// Receives the connection's events.
    pub observer: Option<Arc<dyn Observer>>,
}

impl ServerConfig {
    /// A server with the defaults: TLS 1.3 and TLS 1.2, every suite and group of `provider`
    /// (without RSA key exchange), the extended master secret required in TLS 1.2, no client
    /// authentication.
    pub fn new(
        provider: CryptoProvider,
        cert_resolver: Arc<dyn ResolvesServerCert>,
        time: Arc<dyn TimeProvider>,
    ) -> Self {
        Self {
            provider,
            versions: Versions::BOTH,
            cipher_suites: Vec::new(),
            groups: Vec::new(),
            prefer_server_order: true,
            alpn: Vec::new(),
            cert_resolver,
            client_auth: ClientAuth::None,
            key_log: None,
            time,
            tls12_offer_extended_master_secret: true,
            tls12_require_extended_master_secret: true,
            dangerous_enable_rsa_key_exchange: false,
            limits: Limits::default(),
            observer: None,
        }
    }

    /// The TLS 1.3 suites accepted, in order (none when TLS 1.3 is off).
    pub(crate) fn tls13_suites(&self) -> Vec<Shared<Tls13CipherSuite>> {
        if !self.versions.tls13 {
            return Vec::new();
        }
        select_suites(&self.provider, &self.cipher_suites)
    }

    /// The TLS 1.2 suites accepted, in order (none when TLS 1.2 is off).
    pub(crate) fn tls12_suites(&self) -> Vec<Shared<Tls12CipherSuite>> {
        if !self.versions.tls12 {
            return Vec::new();
        }
        select_tls12_suites(
            &self.provider,
            &self.cipher_suites,
            self.dangerous_enable_rsa_key_exchange,
        )
    }

    pub(crate) fn groups(&self) -> Vec<NamedGroup> {
        select_groups(&self.provider, &self.groups)
    }
}

fn select_suites(
    provider: &CryptoProvider,
    wanted: &[CipherSuite],
) -> Vec<Shared<Tls13CipherSuite>> {
    if wanted.is_empty() {
        provider.tls13_cipher_suites.to_vec()
    } else {
        wanted
            .iter()
            .filter_map(|id| provider.tls13_suite(*id))
            .cloned()
            .collect()
    }
}

/// The provider's TLS 1.2 suites narrowed to `wanted`; RSA key exchange only if `allow_rsa`.
fn select_tls12_suites(
    provider: &CryptoProvider,
    wanted: &[CipherSuite],
    allow_rsa: bool,
) -> Vec<Shared<Tls12CipherSuite>> {
    let usable = |s: &&Shared<Tls12CipherSuite>| match s.kx {
        Tls12KeyExchange::Ecdhe => true,
        Tls12KeyExchange::Rsa => allow_rsa,
        _ => false,
    };
    if wanted.is_empty() {
        provider
            .tls12_cipher_suites
            .iter()
            .filter(usable)
            .cloned()
            .collect()
    } else {
        wanted
            .iter()
            .filter_map(|id| provider.tls12_suite(*id))
            .filter(usable)
            .cloned()
            .collect()
    }
}

fn select_groups(provider: &CryptoProvider, wanted: &[NamedGroup]) -> Vec<NamedGroup> {
    if wanted.is_empty() {
        provider.kx_groups.iter().map(|g| g.group()).collect()
    } else {
        wanted
            .iter()
            .copied()
            .filter(|g| provider.kx_group(*g).is_some())
            .collect()
    }
}
