//! How a connection decides to trust the peer's certificates, and how a server picks its own.

use std::fmt;
use std::sync::Arc;

use stratls_crypto::{CryptoProvider, SignatureScheme, SigningKey};
use stratls_pki::{CertificateDer, PkiError, RootStore, ServerName, UnixTime, WebPkiVerifier};

/// Decides whether a server's certificate chain is acceptable for a name.
pub trait ServerCertVerifier: Send + Sync + fmt::Debug {
    /// Verifies `end_entity` with `intermediates` for `server_name` at `now`.
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        now: UnixTime,
    ) -> Result<(), PkiError>;
}

/// Decides whether a client's certificate chain is acceptable.
pub trait ClientCertVerifier: Send + Sync + fmt::Debug {
    /// Verifies `end_entity` with `intermediates` at `now`.
    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<(), PkiError>;
}

impl ServerCertVerifier for WebPkiVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        now: UnixTime,
    ) -> Result<(), PkiError> {
        self.verify_server(end_entity, intermediates, server_name, now)
    }
}

impl ClientCertVerifier for WebPkiVerifier {
    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<(), PkiError> {
        self.verify_client(end_entity, intermediates, now)
    }
}

/// A verifier over `roots` with the provider's signature algorithms.
pub fn webpki_verifier(roots: RootStore, provider: &CryptoProvider) -> Arc<WebPkiVerifier> {
    Arc::new(WebPkiVerifier::new(roots, provider))
}

/// A certificate chain and the private key of its first certificate.
#[derive(Debug, Clone)]
pub struct CertifiedKey {
    /// End-entity certificate first, then intermediates.
    pub chain: Vec<CertificateDer<'static>>,
    /// The private key of `chain[0]`.
    pub key: Arc<dyn SigningKey>,
}

/// What a server knows about a ClientHello when it chooses a certificate.
#[derive(Debug)]
pub struct ClientHelloInfo<'a> {
    /// The SNI host name, if the client sent one.
    pub server_name: Option<&'a str>,
    /// The client's signature_algorithms, in its order.
    pub signature_schemes: &'a [SignatureScheme],
    /// The client's ALPN protocols.
    pub alpn: &'a [Vec<u8>],
}

/// Chooses the server's certificate for a connection.
pub trait ResolvesServerCert: Send + Sync + fmt::Debug {
    /// The certificate to present, or `None` to abort with `handshake_failure`.
    fn resolve(&self, hello: &ClientHelloInfo<'_>) -> Option<Arc<CertifiedKey>>;
}

/// Chooses the client's certificate when a server asks for one.
pub trait ResolvesClientCert: Send + Sync + fmt::Debug {
    /// The certificate to present for a server accepting `signature_schemes`, or `None` to
    /// send an empty Certificate message.
    fn resolve(&self, signature_schemes: &[SignatureScheme]) -> Option<Arc<CertifiedKey>>;
}

/// One certificate for every connection; also usable as a client's certificate.
#[derive(Debug, Clone)]
pub struct SingleCert(pub Arc<CertifiedKey>);

impl ResolvesServerCert for SingleCert {
    fn resolve(&self, _hello: &ClientHelloInfo<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.0.clone())
    }
}

impl ResolvesClientCert for SingleCert {
    fn resolve(&self, _signature_schemes: &[SignatureScheme]) -> Option<Arc<CertifiedKey>> {
        Some(self.0.clone())
    }
}

/// Certificates by SNI name, with defaults for clients that send no name or an unknown one.
///
/// Several certificates may serve one name (say an ECDSA and an RSA one): the first, in the
/// order added, whose key can sign with one of the client's signature schemes is chosen.
#[derive(Debug, Clone, Default)]
pub struct CertsByName {
    /// `(name, key)`; `None` is a default.
    entries: Vec<(Option<String>, Arc<CertifiedKey>)>,
}

impl CertsByName {
    /// An empty resolver.
    pub fn new() -> Self {
        Self::default()
    }

    /// Serves `key` to clients asking for `name` (compared case-insensitively).
    pub fn add(&mut self, name: &str, key: Arc<CertifiedKey>) {
        self.entries.push((Some(name.to_ascii_lowercase()), key));
    }

    /// Serves `key` when no certificate for the client's name fits.
    pub fn add_default(&mut self, key: Arc<CertifiedKey>) {
        self.entries.push((None, key));
    }
}

impl ResolvesServerCert for CertsByName {
    fn resolve(&self, hello: &ClientHelloInfo<'_>) -> Option<Arc<CertifiedKey>> {
        let wanted = hello.server_name.map(str::to_ascii_lowercase);
        let named = self
            .entries
            .iter()
            .filter(|(n, _)| n.is_some() && *n == wanted);
        let defaults = self.entries.iter().filter(|(n, _)| n.is_none());
        // A client that names no schemes (a TLS 1.2 client may omit signature_algorithms)
        // takes the first candidate.
        let fits = |k: &Arc<CertifiedKey>| {
            hello.signature_schemes.is_empty()
                || k.key.choose_scheme(hello.signature_schemes).is_some()
        };
        named
            .chain(defaults)
            .map(|(_, k)| k)
            .find(|k| fits(k))
            .cloned()
    }
}

/// The time source of a connection: the only clock the sans-IO core sees.
pub trait TimeProvider: Send + Sync + fmt::Debug {
    /// The current time, or `None` if it is unknown (certificate validity then cannot be
    /// checked, and verification fails).
    fn now(&self) -> Option<UnixTime>;
}

/// A fixed time, for tests and replays.
#[derive(Debug, Clone, Copy)]
pub struct FixedTime(pub UnixTime);

impl TimeProvider for FixedTime {
    fn now(&self) -> Option<UnixTime> {
        Some(self.0)
    }
}
