//! Builders for client and server configurations.

use std::fmt;
use std::sync::Arc;

use stratls_crypto::{CipherSuite, CryptoProvider, NamedGroup};
use stratls_handshake::{
    CertifiedKey, ClientAuth, Limits, Observer, ResolvesServerCert, ServerCertVerifier, SingleCert,
    TimeProvider, Versions, webpki_verifier,
};
use stratls_keyschedule::keylog::KeyLog;
use stratls_pki::{CertificateDer, PkiError, PrivateKeyDer, RootStore};

/// Why a configuration could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// A client needs trust anchors (or a custom verifier).
    NoRootCertificates,
    /// A server needs a certificate.
    NoCertificate,
    /// The private key could not be loaded by the provider.
    BadPrivateKey(stratls_crypto::CryptoError),
    /// A certificate or key container is malformed.
    Pki(PkiError),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoRootCertificates => f.write_str("no root certificates configured"),
            Self::NoCertificate => f.write_str("no server certificate configured"),
            Self::BadPrivateKey(e) => write!(f, "private key rejected: {e}"),
            Self::Pki(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ConfigError {}

impl From<PkiError> for ConfigError {
    fn from(e: PkiError) -> Self {
        Self::Pki(e)
    }
}

fn certified_key(
    provider: &CryptoProvider,
    chain: Vec<CertificateDer<'static>>,
    key: &PrivateKeyDer<'_>,
) -> Result<Arc<CertifiedKey>, ConfigError> {
    if chain.is_empty() {
        return Err(ConfigError::NoCertificate);
    }
    let key = provider
        .key_loader
        .load_private_key(key)
        .map_err(ConfigError::BadPrivateKey)?;
    Ok(Arc::new(CertifiedKey { chain, key }))
}

/// The options clients and servers share.
#[derive(Debug)]
struct Shared {
    provider: CryptoProvider,
    versions: Option<Versions>,
    cipher_suites: Vec<CipherSuite>,
    groups: Vec<NamedGroup>,
    alpn: Vec<Vec<u8>>,
    key_log: Option<Arc<dyn KeyLog>>,
    observer: Option<Arc<dyn Observer>>,
    time: Option<Arc<dyn TimeProvider>>,
    limits: Limits,
    /// The TLS 1.2 RSA key exchange (dangerous).
    rsa_key_exchange: bool,
    /// TLS 1.2 without the extended master secret (dangerous).
    no_extended_master_secret: bool,
}

impl Shared {
    fn new(provider: CryptoProvider) -> Self {
        Self {
            provider,
            versions: None,
            cipher_suites: Vec::new(),
            groups: Vec::new(),
            alpn: Vec::new(),
            key_log: None,
            observer: None,
            time: None,
            limits: Limits::default(),
            rsa_key_exchange: false,
            no_extended_master_secret: false,
        }
    }

    fn time(&mut self) -> Arc<dyn TimeProvider> {
        self.time
            .take()
            .unwrap_or_else(|| Arc::new(stratls_io::SystemClock))
    }
}

/// Copies the shared options into a handshake-level config (client or server: the fields
/// have the same names).
macro_rules! apply_shared {
    ($shared:expr, $c:expr) => {{
        let s = $shared;
        if let Some(v) = s.versions {
            $c.versions = v;
        }
        $c.cipher_suites = s.cipher_suites;
        $c.groups = s.groups;
        $c.alpn = s.alpn;
        $c.key_log = s.key_log;
        $c.observer = s.observer;
        $c.limits = s.limits;
        $c.dangerous_enable_rsa_key_exchange = s.rsa_key_exchange;
        if s.no_extended_master_secret {
            $c.tls12_require_extended_master_secret = false;
        }
    }};
}

/// Builds a client or server configuration; [`ClientConfigBuilder`] and
/// [`ServerConfigBuilder`] add what belongs to one side.
#[derive(Debug)]
pub struct ConfigBuilder<S> {
    shared: Shared,
    side: S,
}

impl<S> ConfigBuilder<S> {
    /// Restricts the protocol versions.
    pub fn with_versions(mut self, versions: Versions) -> Self {
        self.shared.versions = Some(versions);
        self
    }

    /// These cipher suites, in this order of preference.
    pub fn with_cipher_suites(mut self, suites: Vec<CipherSuite>) -> Self {
        self.shared.cipher_suites = suites;
        self
    }

    /// These groups, in this order of preference (a client's first gets a key share).
    pub fn with_groups(mut self, groups: Vec<NamedGroup>) -> Self {
        self.shared.groups = groups;
        self
    }

    /// These ALPN protocols, in this order of preference.
    pub fn with_alpn_protocols(mut self, protocols: Vec<Vec<u8>>) -> Self {
        self.shared.alpn = protocols;
        self
    }

    /// Writes traffic secrets to `key_log` (NSS key-log format).
    pub fn with_key_log(mut self, key_log: Arc<dyn KeyLog>) -> Self {
        self.shared.key_log = Some(key_log);
        self
    }

    /// Reports the connection's events to `observer`.
    pub fn with_observer(mut self, observer: Arc<dyn Observer>) -> Self {
        self.shared.observer = Some(observer);
        self
    }

    /// Uses `time` instead of the system clock for certificate validity.
    pub fn with_time_provider(mut self, time: Arc<dyn TimeProvider>) -> Self {
        self.shared.time = Some(time);
        self
    }

    /// Limits on the peer.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.shared.limits = limits;
        self
    }

    /// Options that weaken security, each named for what it gives up.
    pub fn dangerous(self) -> Dangerous<S> {
        Dangerous(self)
    }
}

/// The options of a builder that weaken security.
#[derive(Debug)]
pub struct Dangerous<S>(ConfigBuilder<S>);

impl<S> Dangerous<S> {
    /// Also allows the TLS 1.2 RSA key-exchange suites (if the provider lists them): the
    /// client encrypts the premaster secret to the certificate's RSA key, so there is no
    /// forward secrecy, and the server's decryption is the target of padding-oracle attacks
    /// (Bleichenbacher, ROBOT, Marvin). A server answers every malformed premaster the same way
    /// (RFC 5246 §7.4.7.1).
    pub fn with_rsa_key_exchange(mut self) -> ConfigBuilder<S> {
        self.0.shared.rsa_key_exchange = true;
        self.0
    }

    /// Accepts a TLS 1.2 peer without the extended master secret (RFC 7627), which leaves the
    /// connection open to the triple-handshake attack.
    pub fn allow_missing_extended_master_secret(mut self) -> ConfigBuilder<S> {
        self.0.shared.no_extended_master_secret = true;
        self.0
    }
}

impl Dangerous<ClientSide> {
    /// Replaces web PKI verification by `verifier`: the server is whoever `verifier` says it is.
    pub fn with_custom_certificate_verifier(
        mut self,
        verifier: Arc<dyn ServerCertVerifier>,
    ) -> ClientConfigBuilder {
        self.0.side.verifier = Some(verifier);
        self.0
    }
}

/// What only a client configures.
#[derive(Debug, Default)]
pub struct ClientSide {
    roots: Option<RootStore>,
    verifier: Option<Arc<dyn ServerCertVerifier>>,
    client_cert: Option<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)>,
}

/// Builds a [`ClientConfig`].
pub type ClientConfigBuilder = ConfigBuilder<ClientSide>;

/// A client configuration, ready to connect with.
#[derive(Debug, Clone)]
pub struct ClientConfig(Arc<stratls_handshake::ClientConfig>);

impl ClientConfig {
    /// A builder with the default provider.
    #[cfg(feature = "rustcrypto")]
    pub fn builder() -> ClientConfigBuilder {
        Self::builder_with_provider(stratls_rustcrypto::PROVIDER)
    }

    /// A builder with `provider`.
    pub fn builder_with_provider(provider: CryptoProvider) -> ClientConfigBuilder {
        ConfigBuilder {
            shared: Shared::new(provider),
            side: ClientSide::default(),
        }
    }

    /// The handshake-level configuration.
    pub fn inner(&self) -> &Arc<stratls_handshake::ClientConfig> {
        &self.0
    }
}

impl From<stratls_handshake::ClientConfig> for ClientConfig {
    fn from(c: stratls_handshake::ClientConfig) -> Self {
        Self(Arc::new(c))
    }
}

impl ConfigBuilder<ClientSide> {
    /// Trusts these roots (web PKI verification with the provider's signature algorithms).
    pub fn with_root_certificates(mut self, roots: RootStore) -> Self {
        self.side.roots = Some(roots);
        self
    }

    /// Presents this certificate chain when the server asks for one.
    pub fn with_client_auth_cert(
        mut self,
        chain: Vec<CertificateDer<'static>>,
        key: PrivateKeyDer<'static>,
    ) -> Self {
        self.side.client_cert = Some((chain, key));
        self
    }

    /// The configuration.
    pub fn build(mut self) -> Result<ClientConfig, ConfigError> {
        let provider = self.shared.provider.clone();
        let verifier: Arc<dyn ServerCertVerifier> = match (self.side.verifier, self.side.roots) {
            (Some(v), _) => v,
            (None, Some(roots)) if !roots.is_empty() => webpki_verifier(roots, &provider),
            (None, _) => return Err(ConfigError::NoRootCertificates),
        };
        let mut c =
            stratls_handshake::ClientConfig::new(provider.clone(), verifier, self.shared.time());
        apply_shared!(self.shared, c);
        if let Some((chain, key)) = self.side.client_cert {
            c.client_cert = Some(Arc::new(SingleCert(certified_key(&provider, chain, &key)?)));
        }
        Ok(ClientConfig(Arc::new(c)))
    }
}

/// Whether a server asks for client certificates, and which roots it trusts for them.
#[derive(Debug, Clone, Default)]
pub enum ClientAuthPolicy {
    /// No client certificates.
    #[default]
    None,
    /// Ask; verify a certificate against these roots if one is sent.
    Optional(RootStore),
    /// Require a certificate that verifies against these roots.
    Required(RootStore),
}

/// What only a server configures.
#[derive(Debug, Default)]
pub struct ServerSide {
    cert: Option<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)>,
    resolver: Option<Arc<dyn ResolvesServerCert>>,
    client_auth: ClientAuthPolicy,
}

/// Builds a [`ServerConfig`].
pub type ServerConfigBuilder = ConfigBuilder<ServerSide>;

/// A server configuration, ready to accept with.
#[derive(Debug, Clone)]
pub struct ServerConfig(Arc<stratls_handshake::ServerConfig>);

impl ServerConfig {
    /// A builder with the default provider.
    #[cfg(feature = "rustcrypto")]
    pub fn builder() -> ServerConfigBuilder {
        Self::builder_with_provider(stratls_rustcrypto::PROVIDER)
    }

    /// A builder with `provider`.
    pub fn builder_with_provider(provider: CryptoProvider) -> ServerConfigBuilder {
        ConfigBuilder {
            shared: Shared::new(provider),
            side: ServerSide::default(),
        }
    }

    /// The handshake-level configuration.
    pub fn inner(&self) -> &Arc<stratls_handshake::ServerConfig> {
        &self.0
    }
}

impl From<stratls_handshake::ServerConfig> for ServerConfig {
    fn from(c: stratls_handshake::ServerConfig) -> Self {
        Self(Arc::new(c))
    }
}

impl ConfigBuilder<ServerSide> {
    /// Serves this chain (end entity first) with its private key to every client.
    pub fn with_single_cert(
        mut self,
        chain: Vec<CertificateDer<'static>>,
        key: PrivateKeyDer<'static>,
    ) -> Self {
        self.side.cert = Some((chain, key));
        self
    }

    /// Chooses the certificate per connection with `resolver`.
    pub fn with_cert_resolver(mut self, resolver: Arc<dyn ResolvesServerCert>) -> Self {
        self.side.resolver = Some(resolver);
        self
    }

    /// Client authentication.
    pub fn with_client_auth(mut self, policy: ClientAuthPolicy) -> Self {
        self.side.client_auth = policy;
        self
    }

    /// The configuration.
    pub fn build(mut self) -> Result<ServerConfig, ConfigError> {
        let provider = self.shared.provider.clone();
        let resolver: Arc<dyn ResolvesServerCert> = match (self.side.resolver, self.side.cert) {
            (Some(r), _) => r,
            (None, Some((chain, key))) => {
                Arc::new(SingleCert(certified_key(&provider, chain, &key)?))
            }
            (None, None) => return Err(ConfigError::NoCertificate),
        };
        let mut c =
            stratls_handshake::ServerConfig::new(provider.clone(), resolver, self.shared.time());
        apply_shared!(self.shared, c);
        c.client_auth = match self.side.client_auth {
            ClientAuthPolicy::None => ClientAuth::None,
            ClientAuthPolicy::Optional(roots) => {
                ClientAuth::Optional(webpki_verifier(roots, &provider))
            }
            ClientAuthPolicy::Required(roots) => {
                ClientAuth::Required(webpki_verifier(roots, &provider))
            }
        };
        Ok(ServerConfig(Arc::new(c)))
    }
}
