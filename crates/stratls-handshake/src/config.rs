//! Client and server configuration.

use std::sync::Arc;

use stratls_crypto::{CryptoProvider, Tls13CipherSuite};
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
    /// KeyUpdate messages in a row without application data between them (default 32).
    pub max_key_updates_in_row: u32,
    /// Received plaintext held for the application before `read_tls` stops taking bytes
    /// (default 256 KiB).
    pub max_received_plaintext: usize,
    /// Plaintext accepted by `write` before the handshake completes (default 64 KiB).
    pub max_early_plaintext: usize,
    /// Warning alerts in a row (TLS 1.2) (default 8).
    pub max_warning_alerts: u32,
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
    /// Cipher suites offered, by IANA code point, in preference order; empty means every suite
    /// of the provider in its order.
    pub cipher_suites: Vec<u16>,
    /// Key-exchange groups offered, in preference order; empty means the provider's. The first
    /// one gets a key share in the first ClientHello.
    pub groups: Vec<u16>,
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
    /// Limits on the peer.
    pub limits: Limits,
    /// Receives the connection's events.
    pub observer: Option<Arc<dyn Observer>>,
}

impl ClientConfig {
    /// A client with the defaults: TLS 1.3, every suite and group of `provider`, SNI and
    /// middlebox compatibility on, no client certificate, no key log.
    pub fn new(
        provider: CryptoProvider,
        verifier: Arc<dyn ServerCertVerifier>,
        time: Arc<dyn TimeProvider>,
    ) -> Self {
        Self {
            provider,
            versions: Versions::TLS13_ONLY,
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
            limits: Limits::default(),
            observer: None,
        }
    }

    /// The TLS 1.3 suites offered, in order.
    pub(crate) fn tls13_suites(&self) -> Vec<&'static Tls13CipherSuite> {
        select_suites(&self.provider, &self.cipher_suites)
    }

    /// The groups offered, in order.
    pub(crate) fn groups(&self) -> Vec<u16> {
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
    pub cipher_suites: Vec<u16>,
    /// Groups accepted, in preference order; empty means the provider's.
    pub groups: Vec<u16>,
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
    /// Limits on the peer.
    pub limits: Limits,
    /// Receives the connection's events.
    pub observer: Option<Arc<dyn Observer>>,
}

impl ServerConfig {
    /// A server with the defaults: TLS 1.3, every suite and group of `provider`, no client
    /// authentication.
    pub fn new(
        provider: CryptoProvider,
        cert_resolver: Arc<dyn ResolvesServerCert>,
        time: Arc<dyn TimeProvider>,
    ) -> Self {
        Self {
            provider,
            versions: Versions::TLS13_ONLY,
            cipher_suites: Vec::new(),
            groups: Vec::new(),
            prefer_server_order: true,
            alpn: Vec::new(),
            cert_resolver,
            client_auth: ClientAuth::None,
            key_log: None,
            time,
            limits: Limits::default(),
            observer: None,
        }
    }

    pub(crate) fn tls13_suites(&self) -> Vec<&'static Tls13CipherSuite> {
        select_suites(&self.provider, &self.cipher_suites)
    }

    pub(crate) fn groups(&self) -> Vec<u16> {
        select_groups(&self.provider, &self.groups)
    }
}

fn select_suites(provider: &CryptoProvider, wanted: &[u16]) -> Vec<&'static Tls13CipherSuite> {
    if wanted.is_empty() {
        provider.tls13_cipher_suites.to_vec()
    } else {
        wanted
            .iter()
            .filter_map(|id| provider.tls13_suite(*id))
            .collect()
    }
}

fn select_groups(provider: &CryptoProvider, wanted: &[u16]) -> Vec<u16> {
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
