//! Builders for client and server configurations.

use std::fmt;
use std::sync::Arc;

use stratls_crypto::CryptoProvider;
use stratls_handshake::{
    CertifiedKey, ClientAuth, Limits, Observer, ResolvesServerCert, ServerCertVerifier, SingleCert,
    TimeProvider, Versions, webpki_verifier,
};
use stratls_keyschedule::keylog::KeyLog;
use stratls_pki::pem::provider_key_der;
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
        .load_private_key(provider_key_der(key)?)
        .map_err(ConfigError::BadPrivateKey)?;
    Ok(Arc::new(CertifiedKey { chain, key }))
}

fn default_time() -> Arc<dyn TimeProvider> {
    Arc::new(stratls_io::SystemClock)
}

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
        ClientConfigBuilder {
            provider,
            roots: None,
            verifier: None,
            versions: None,
            cipher_suites: Vec::new(),
            groups: Vec::new(),
            alpn: Vec::new(),
            client_cert: None,
            key_log: None,
            observer: None,
            time: None,
            limits: Limits::default(),
            risks: Risks::default(),
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

/// Builds a [`ClientConfig`].
#[derive(Debug)]
pub struct ClientConfigBuilder {
    provider: CryptoProvider,
    roots: Option<RootStore>,
    verifier: Option<Arc<dyn ServerCertVerifier>>,
    versions: Option<Versions>,
    cipher_suites: Vec<u16>,
    groups: Vec<u16>,
    alpn: Vec<Vec<u8>>,
    client_cert: Option<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)>,
    key_log: Option<Arc<dyn KeyLog>>,
    observer: Option<Arc<dyn Observer>>,
    time: Option<Arc<dyn TimeProvider>>,
    limits: Limits,
    risks: Risks,
}

/// The security-weakening switches a builder may set through `dangerous()`.
#[derive(Debug, Clone, Copy, Default)]
struct Risks {
    rsa_key_exchange: bool,
    no_extended_master_secret: bool,
}

impl Risks {
    fn apply_client(self, c: &mut stratls_handshake::ClientConfig) {
        c.dangerous_enable_rsa_key_exchange = self.rsa_key_exchange;
        if self.no_extended_master_secret {
            c.tls12_require_extended_master_secret = false;
        }
    }

    fn apply_server(self, c: &mut stratls_handshake::ServerConfig) {
        c.dangerous_enable_rsa_key_exchange = self.rsa_key_exchange;
        if self.no_extended_master_secret {
            c.tls12_require_extended_master_secret = false;
        }
    }
}

impl ClientConfigBuilder {
    /// Trusts these roots (web PKI verification with the provider's signature algorithms).
    pub fn with_root_certificates(mut self, roots: RootStore) -> Self {
        self.roots = Some(roots);
        self
    }

    /// Restricts the protocol versions.
    pub fn with_versions(mut self, versions: Versions) -> Self {
        self.versions = Some(versions);
        self
    }

    /// Offers these cipher suites (IANA code points), in this order.
    pub fn with_cipher_suites(mut self, suites: Vec<u16>) -> Self {
        self.cipher_suites = suites;
        self
    }

    /// Offers these groups, in this order (the first gets a key share).
    pub fn with_groups(mut self, groups: Vec<u16>) -> Self {
        self.groups = groups;
        self
    }

    /// Offers these ALPN protocols.
    pub fn with_alpn_protocols(mut self, protocols: Vec<Vec<u8>>) -> Self {
        self.alpn = protocols;
        self
    }

    /// Presents this certificate chain when the server asks for one.
    pub fn with_client_auth_cert(
        mut self,
        chain: Vec<CertificateDer<'static>>,
        key: PrivateKeyDer<'static>,
    ) -> Self {
        self.client_cert = Some((chain, key));
        self
    }

    /// Writes traffic secrets to `key_log` (NSS key-log format).
    pub fn with_key_log(mut self, key_log: Arc<dyn KeyLog>) -> Self {
        self.key_log = Some(key_log);
        self
    }

    /// Reports the connection's events to `observer`.
    pub fn with_observer(mut self, observer: Arc<dyn Observer>) -> Self {
        self.observer = Some(observer);
        self
    }

    /// Uses `time` instead of the system clock for certificate validity.
    pub fn with_time_provider(mut self, time: Arc<dyn TimeProvider>) -> Self {
        self.time = Some(time);
        self
    }

    /// Limits on the peer.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Options that weaken security, each named for what it gives up.
    pub fn dangerous(self) -> DangerousClientConfigBuilder {
        DangerousClientConfigBuilder(self)
    }

    /// The configuration.
    pub fn build(self) -> Result<ClientConfig, ConfigError> {
        let verifier: Arc<dyn ServerCertVerifier> = match (self.verifier, self.roots) {
            (Some(v), _) => v,
            (None, Some(roots)) if !roots.is_empty() => webpki_verifier(roots, &self.provider),
            (None, _) => return Err(ConfigError::NoRootCertificates),
        };
        let mut c = stratls_handshake::ClientConfig::new(
            self.provider,
            verifier,
            self.time.unwrap_or_else(default_time),
        );
        if let Some(v) = self.versions {
            c.versions = v;
        }
        c.cipher_suites = self.cipher_suites;
        c.groups = self.groups;
        c.alpn = self.alpn;
        c.key_log = self.key_log;
        c.observer = self.observer;
        c.limits = self.limits;
        self.risks.apply_client(&mut c);
        if let Some((chain, key)) = self.client_cert {
            let ck = certified_key(&c.provider, chain, &key)?;
            c.client_cert = Some(Arc::new(SingleCert(ck)));
        }
        Ok(ClientConfig(Arc::new(c)))
    }
}

/// The dangerous options of a client.
#[derive(Debug)]
pub struct DangerousClientConfigBuilder(ClientConfigBuilder);

impl DangerousClientConfigBuilder {
    /// Replaces web PKI verification by `verifier`: the server is whoever `verifier` says it is.
    pub fn with_custom_certificate_verifier(
        mut self,
        verifier: Arc<dyn ServerCertVerifier>,
    ) -> ClientConfigBuilder {
        self.0.verifier = Some(verifier);
        self.0
    }

    /// Also offers the TLS 1.2 RSA key-exchange suites (if the provider has them listed): no
    /// forward secrecy, and a long history of padding-oracle attacks on servers.
    pub fn with_rsa_key_exchange(mut self) -> ClientConfigBuilder {
        self.0.risks.rsa_key_exchange = true;
        self.0
    }

    /// Accepts a TLS 1.2 server without the extended master secret (RFC 7627), which leaves the
    /// connection open to the triple-handshake attack.
    pub fn allow_missing_extended_master_secret(mut self) -> ClientConfigBuilder {
        self.0.risks.no_extended_master_secret = true;
        self.0
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
        ServerConfigBuilder {
            provider,
            cert: None,
            resolver: None,
            client_auth: ClientAuthPolicy::None,
            versions: None,
            cipher_suites: Vec::new(),
            groups: Vec::new(),
            alpn: Vec::new(),
            key_log: None,
            observer: None,
            time: None,
            limits: Limits::default(),
            risks: Risks::default(),
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

/// Builds a [`ServerConfig`].
#[derive(Debug)]
pub struct ServerConfigBuilder {
    provider: CryptoProvider,
    cert: Option<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)>,
    resolver: Option<Arc<dyn ResolvesServerCert>>,
    client_auth: ClientAuthPolicy,
    versions: Option<Versions>,
    cipher_suites: Vec<u16>,
    groups: Vec<u16>,
    alpn: Vec<Vec<u8>>,
    key_log: Option<Arc<dyn KeyLog>>,
    observer: Option<Arc<dyn Observer>>,
    time: Option<Arc<dyn TimeProvider>>,
    limits: Limits,
    risks: Risks,
}

impl ServerConfigBuilder {
    /// Serves this chain (end entity first) with its private key to every client.
    pub fn with_single_cert(
        mut self,
        chain: Vec<CertificateDer<'static>>,
        key: PrivateKeyDer<'static>,
    ) -> Self {
        self.cert = Some((chain, key));
        self
    }

    /// Chooses the certificate per connection with `resolver`.
    pub fn with_cert_resolver(mut self, resolver: Arc<dyn ResolvesServerCert>) -> Self {
        self.resolver = Some(resolver);
        self
    }

    /// Client authentication.
    pub fn with_client_auth(mut self, policy: ClientAuthPolicy) -> Self {
        self.client_auth = policy;
        self
    }

    /// Restricts the protocol versions.
    pub fn with_versions(mut self, versions: Versions) -> Self {
        self.versions = Some(versions);
        self
    }

    /// Accepts these cipher suites, in this order of preference.
    pub fn with_cipher_suites(mut self, suites: Vec<u16>) -> Self {
        self.cipher_suites = suites;
        self
    }

    /// Accepts these groups, in this order of preference.
    pub fn with_groups(mut self, groups: Vec<u16>) -> Self {
        self.groups = groups;
        self
    }

    /// Accepts these ALPN protocols, in this order of preference.
    pub fn with_alpn_protocols(mut self, protocols: Vec<Vec<u8>>) -> Self {
        self.alpn = protocols;
        self
    }

    /// Writes traffic secrets to `key_log`.
    pub fn with_key_log(mut self, key_log: Arc<dyn KeyLog>) -> Self {
        self.key_log = Some(key_log);
        self
    }

    /// Reports the connection's events to `observer`.
    pub fn with_observer(mut self, observer: Arc<dyn Observer>) -> Self {
        self.observer = Some(observer);
        self
    }

    /// Uses `time` instead of the system clock for client-certificate validity.
    pub fn with_time_provider(mut self, time: Arc<dyn TimeProvider>) -> Self {
        self.time = Some(time);
        self
    }

    /// Limits on the peer.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Options that weaken security, each named for what it gives up.
    pub fn dangerous(self) -> DangerousServerConfigBuilder {
        DangerousServerConfigBuilder(self)
    }

    /// The configuration.
    pub fn build(self) -> Result<ServerConfig, ConfigError> {
        let resolver: Arc<dyn ResolvesServerCert> = match (self.resolver, self.cert) {
            (Some(r), _) => r,
            (None, Some((chain, key))) => {
                Arc::new(SingleCert(certified_key(&self.provider, chain, &key)?))
            }
            (None, None) => return Err(ConfigError::NoCertificate),
        };
        let mut c = stratls_handshake::ServerConfig::new(
            self.provider,
            resolver,
            self.time.unwrap_or_else(default_time),
        );
        if let Some(v) = self.versions {
            c.versions = v;
        }
        c.client_auth = match self.client_auth {
            ClientAuthPolicy::None => ClientAuth::None,
            ClientAuthPolicy::Optional(roots) => {
                ClientAuth::Optional(webpki_verifier(roots, &c.provider))
            }
            ClientAuthPolicy::Required(roots) => {
                ClientAuth::Required(webpki_verifier(roots, &c.provider))
            }
        };
        c.cipher_suites = self.cipher_suites;
        c.groups = self.groups;
        c.alpn = self.alpn;
        c.key_log = self.key_log;
        c.observer = self.observer;
        c.limits = self.limits;
        self.risks.apply_server(&mut c);
        Ok(ServerConfig(Arc::new(c)))
    }
}

/// The dangerous options of a server.
#[derive(Debug)]
pub struct DangerousServerConfigBuilder(ServerConfigBuilder);

impl DangerousServerConfigBuilder {
    /// Accepts the TLS 1.2 RSA key-exchange suites: the client encrypts the premaster secret to
    /// the certificate's RSA key, so the connection has no forward secrecy, and the server's
    /// decryption is the target of padding-oracle attacks (Bleichenbacher, ROBOT, Marvin). The
    /// server answers every malformed premaster the same way (RFC 5246 §7.4.7.1).
    pub fn with_rsa_key_exchange(mut self) -> ServerConfigBuilder {
        self.0.risks.rsa_key_exchange = true;
        self.0
    }

    /// Accepts a TLS 1.2 client without the extended master secret (RFC 7627).
    pub fn allow_missing_extended_master_secret(mut self) -> ServerConfigBuilder {
        self.0.risks.no_extended_master_secret = true;
        self.0
    }
}
