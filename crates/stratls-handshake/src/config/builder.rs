//! The typestate builders of [`ClientConfig`] and [`ServerConfig`] (documented on
//! [`ConfigBuilder`]).

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use stratls_crypto::{CipherSuite, CryptoProvider, NamedGroup};
use stratls_keyschedule::keylog::KeyLog;
use stratls_pki::{CertificateDer, PrivateKeyDer, RootStore};

use super::check::{self, CertSource, For};
use super::{
    ClientAuth, ClientConfig, ConfigError, DEFAULT_TICKET_LIFETIME, DEFAULT_TICKETS, Limits,
    ServerConfig, SharedConfig, Versions,
};
use crate::observer::Observer;
use crate::resumption::{AeadTicketer, DEFAULT_ROTATION, Ticketer};
use crate::tickets::NoTicketStore;
use crate::verify::{
    CertifiedKey, ClientCertVerifier, ResolvesClientCert, ResolvesServerCert, ServerCertVerifier,
    SingleCert, TimeProvider, webpki_verifier,
};

impl ClientConfig {
    /// A client builder over `provider`, with `time` as its clock (this crate reads none), in
    /// its first state: it needs a way to verify servers.
    ///
    /// The facade `stratls` has `stratls::client_config()`, which passes the default provider
    /// and the system clock.
    pub fn builder(
        provider: CryptoProvider,
        time: Arc<dyn TimeProvider>,
    ) -> ClientConfigBuilder<WantsVerifier> {
        ConfigBuilder::new(provider, time, WantsVerifier(()))
    }
}

impl ServerConfig {
    /// A server builder over `provider`, with `time` as its clock (this crate reads none), in
    /// its first state: it needs a client-authentication choice.
    ///
    /// The facade `stratls` has `stratls::server_config()`, which passes the default provider
    /// and the system clock.
    pub fn builder(
        provider: CryptoProvider,
        time: Arc<dyn TimeProvider>,
    ) -> ServerConfigBuilder<WantsClientAuth> {
        ConfigBuilder::new(provider, time, WantsClientAuth(()))
    }
}

/// Builds a `Side` config ([`ClientConfig`] or [`ServerConfig`]); `State` is what it still
/// needs. Each step consumes the builder and returns it in the next state, and only
/// the last state has `build()`, so a config without its essential pieces does not compile.
/// The shared options ([`SharedConfig`]) can be set in any state.
///
/// Client: [`ClientConfig::builder`] → [`WantsVerifier`] → [`WantsClientCert`] →
/// [`ClientReady`] → `build()`.
///
/// | state | transitions |
/// |---|---|
/// | [`WantsVerifier`] | [`with_root_certificates`](ConfigBuilder::with_root_certificates), [`dangerous()`](ConfigBuilder::dangerous)`.`[`with_custom_certificate_verifier`](DangerousConfigBuilder::with_custom_certificate_verifier) |
/// | [`WantsClientCert`] | `with_no_client_auth`, [`with_client_auth_cert`](ConfigBuilder::with_client_auth_cert), [`with_client_certified_key`](ConfigBuilder::with_client_certified_key), [`with_client_cert_resolver`](ConfigBuilder::with_client_cert_resolver) |
/// | [`ClientReady`] | `build` |
///
/// Server: [`ServerConfig::builder`] → [`WantsClientAuth`] → [`WantsServerCert`] →
/// [`ServerReady`] → `build()`.
///
/// | state | transitions |
/// |---|---|
/// | [`WantsClientAuth`] | `with_no_client_auth`, [`with_required_client_cert`](ConfigBuilder::with_required_client_cert), [`with_optional_client_cert`](ConfigBuilder::with_optional_client_cert), [`with_client_auth`](ConfigBuilder::with_client_auth) |
/// | [`WantsServerCert`] | [`with_single_cert`](ConfigBuilder::with_single_cert), [`with_certified_key`](ConfigBuilder::with_certified_key), [`with_cert_resolver`](ConfigBuilder::with_cert_resolver) |
/// | [`ServerReady`] | `build` |
///
/// [`ExternalPskOnly`] is the state, on either side, of a config that authenticates with
/// external pre-shared keys only; nothing leads into it yet.
///
/// `build()` checks what the builder was given against the provider and returns a
/// [`ConfigError`] naming the fix: a suite or group the provider does not offer, versions
/// that leave no suite, an empty or overlong ALPN name, an empty root store, a certificate
/// whose public key is not the private key's.
///
/// # A client needs a verifier
///
/// Without one there is no `build()` (nor any later step):
///
/// ```compile_fail,E0599
/// # use std::{sync::Arc, time::Duration};
/// # use stratls_handshake::{ClientConfig, FixedTime, UnixTime};
/// # let time = Arc::new(FixedTime(UnixTime::since_unix_epoch(Duration::from_secs(1_811_808_000))));
/// let config = ClientConfig::builder(stratls_rustcrypto::PROVIDER, time)
///     .with_no_client_auth()
///     .build();
/// ```
///
/// With roots to verify the server against, it builds:
///
/// ```
/// # use std::{sync::Arc, time::Duration};
/// # use stratls_handshake::{ClientConfig, FixedTime, RootStore, UnixTime};
/// # let time = Arc::new(FixedTime(UnixTime::since_unix_epoch(Duration::from_secs(1_811_808_000))));
/// # let ca = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/certs/ca.pem");
/// let mut roots = RootStore::new();
/// roots.add_pem(&std::fs::read(ca)?)?;
/// let config = ClientConfig::builder(stratls_rustcrypto::PROVIDER, time)
///     .with_root_certificates(roots)
///     .with_no_client_auth()
///     .build()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # A server needs a certificate
///
/// ```compile_fail,E0599
/// # use std::{sync::Arc, time::Duration};
/// # use stratls_handshake::{FixedTime, ServerConfig, UnixTime};
/// # let time = Arc::new(FixedTime(UnixTime::since_unix_epoch(Duration::from_secs(1_811_808_000))));
/// let config = ServerConfig::builder(stratls_rustcrypto::PROVIDER, time)
///     .with_no_client_auth()
///     .build();
/// ```
///
/// With a chain and its key, it builds:
///
/// ```
/// # use std::{sync::Arc, time::Duration};
/// # use stratls_handshake::{FixedTime, ServerConfig, UnixTime};
/// # use stratls_pki::pem::{certificates_from_file, private_key_from_file};
/// # let time = Arc::new(FixedTime(UnixTime::since_unix_epoch(Duration::from_secs(1_811_808_000))));
/// # let certs = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/certs");
/// let chain = certificates_from_file(format!("{certs}/server-ecdsa.chain.pem"))?;
/// let key = private_key_from_file(format!("{certs}/server-ecdsa.key"))?;
/// let config = ServerConfig::builder(stratls_rustcrypto::PROVIDER, time)
///     .with_no_client_auth()
///     .with_single_cert(chain, key)
///     .build()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct ConfigBuilder<Side, State> {
    provider: CryptoProvider,
    shared: SharedConfig,
    state: State,
    side: PhantomData<fn() -> Side>,
}

/// Builds a [`ClientConfig`].
pub type ClientConfigBuilder<State> = ConfigBuilder<ClientConfig, State>;

/// Builds a [`ServerConfig`].
pub type ServerConfigBuilder<State> = ConfigBuilder<ServerConfig, State>;

impl<Side, State: fmt::Debug> fmt::Debug for ConfigBuilder<Side, State> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigBuilder")
            .field("provider", &self.provider.name)
            .field("shared", &self.shared)
            .field("state", &self.state)
            .finish()
    }
}

impl<Side, State> ConfigBuilder<Side, State> {
    fn new(provider: CryptoProvider, time: Arc<dyn TimeProvider>, state: State) -> Self {
        Self {
            provider,
            shared: SharedConfig::new(time),
            state,
            side: PhantomData,
        }
    }

    /// The same builder in the state `next` makes of this one.
    fn then<Next>(self, next: impl FnOnce(State) -> Next) -> ConfigBuilder<Side, Next> {
        ConfigBuilder {
            provider: self.provider,
            shared: self.shared,
            state: next(self.state),
            side: PhantomData,
        }
    }

    /// Restricts the protocol versions (default: TLS 1.3 and TLS 1.2).
    pub fn with_versions(mut self, versions: Versions) -> Self {
        self.shared.versions = versions;
        self
    }

    /// These cipher suites (IANA code points), in this order of preference (default: the
    /// provider's). `build()` refuses one the provider does not offer.
    pub fn with_cipher_suites(mut self, suites: Vec<CipherSuite>) -> Self {
        self.shared.cipher_suites = suites;
        self
    }

    /// These key-exchange groups, in this order of preference (default: the provider's); a
    /// client's first gets a key share (and, if it is a TLS 1.3-only hybrid, the first
    /// classical group after it too). `build()` refuses one the provider does not offer.
    pub fn with_groups(mut self, groups: Vec<NamedGroup>) -> Self {
        self.shared.groups = groups;
        self
    }

    /// These ALPN protocols, in this order of preference (each 1 to 255 bytes).
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

    /// Replaces the clock the builder started with.
    pub fn with_time_provider(mut self, time: Arc<dyn TimeProvider>) -> Self {
        self.shared.time = time;
        self
    }

    /// Limits on the peer.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.shared.limits = limits;
        self
    }

    /// Refuses a TLS 1.2 peer that does not negotiate the extended master secret (RFC 7627)
    /// with `handshake_failure`. It is offered and taken either way; by default a peer without
    /// it is accepted and the connection exports no keying material.
    pub fn require_extended_master_secret(mut self) -> Self {
        self.shared.tls12_require_extended_master_secret = true;
        self
    }

    /// Options that weaken security, each named for what it gives up.
    pub fn dangerous(self) -> DangerousConfigBuilder<Side, State> {
        DangerousConfigBuilder(self)
    }
}

/// The options of a builder that weaken security; [`ConfigBuilder::dangerous`] leads here and
/// each option returns to the builder.
#[derive(Debug)]
pub struct DangerousConfigBuilder<Side, State>(ConfigBuilder<Side, State>);

impl<Side, State> DangerousConfigBuilder<Side, State> {
    /// Also allows the TLS 1.2 RSA key-exchange suites (if the provider lists them): the
    /// client encrypts the premaster secret to the certificate's RSA key, so there is no
    /// forward secrecy, and the server's decryption is the target of padding-oracle attacks
    /// (Bleichenbacher, ROBOT, Marvin). A server answers every malformed premaster the same way
    /// (RFC 5246 §7.4.7.1).
    pub fn with_rsa_key_exchange(mut self) -> ConfigBuilder<Side, State> {
        self.0.shared.dangerous_enable_rsa_key_exchange = true;
        self.0
    }

    /// Also reports to the observer every record in both directions with its plaintext, and
    /// every secret of the key schedule as it is derived (`Event::Record`, `Event::Secret`).
    /// Whoever sees these events can decrypt the connection: this is for connections that
    /// protect nothing, such as the demo's teaching page. Without an observer it does nothing.
    pub fn with_secret_events(mut self) -> ConfigBuilder<Side, State> {
        self.0.shared.dangerous_secret_events = true;
        self.0
    }
}

/// How the client will verify servers.
#[derive(Debug)]
enum ServerVerification {
    /// Web PKI verification against these roots, with the provider's signature algorithms.
    Roots(RootStore),
    /// A verifier of the caller's.
    Custom(Arc<dyn ServerCertVerifier>),
}

/// What the client presents when a server asks for a certificate.
#[derive(Debug)]
enum ClientCert {
    None,
    Single(CertSource),
    Resolver(Arc<dyn ResolvesClientCert>),
}

/// A client builder's first state: it needs a way to verify servers.
///
/// Next: [`with_root_certificates`](ConfigBuilder::with_root_certificates) or
/// `dangerous().`[`with_custom_certificate_verifier`](DangerousConfigBuilder::with_custom_certificate_verifier),
/// to [`WantsClientCert`].
#[derive(Debug)]
pub struct WantsVerifier(());

/// A client builder's second state: it knows how to verify servers and needs to know what
/// to present when a server asks for a certificate.
///
/// Next: `with_no_client_auth`,
/// [`with_client_auth_cert`](ConfigBuilder::with_client_auth_cert),
/// [`with_client_certified_key`](ConfigBuilder::with_client_certified_key) or
/// [`with_client_cert_resolver`](ConfigBuilder::with_client_cert_resolver), to [`ClientReady`].
#[derive(Debug)]
pub struct WantsClientCert {
    verification: ServerVerification,
}

/// A client builder with everything it needs: `build` checks and
/// builds the config.
#[derive(Debug)]
pub struct ClientReady {
    verification: ServerVerification,
    client_cert: ClientCert,
    early_data: bool,
}

/// The state, on either side, of a config that authenticates with external pre-shared keys
/// only (RFC 8446 §2.2, RFC 9257): neither side presents nor verifies a certificate.
///
/// Nothing leads here yet. The pre-shared-key support will add the transitions into it (from
/// [`WantsVerifier`] on a client, from [`WantsClientAuth`] on a server, taking the keys) and
/// its `build()`; until then no builder can be in this state.
#[derive(Debug)]
pub struct ExternalPskOnly(());

impl ConfigBuilder<ClientConfig, WantsVerifier> {
    /// Verifies servers against `roots` (web PKI, with the provider's signature algorithms).
    /// `build()` refuses an empty store.
    pub fn with_root_certificates(self, roots: RootStore) -> ClientConfigBuilder<WantsClientCert> {
        self.then(|_| WantsClientCert {
            verification: ServerVerification::Roots(roots),
        })
    }
}

impl DangerousConfigBuilder<ClientConfig, WantsVerifier> {
    /// Replaces web PKI verification by `verifier`: the server is whoever `verifier` says it is.
    pub fn with_custom_certificate_verifier(
        self,
        verifier: Arc<dyn ServerCertVerifier>,
    ) -> ClientConfigBuilder<WantsClientCert> {
        self.0.then(|_| WantsClientCert {
            verification: ServerVerification::Custom(verifier),
        })
    }
}

impl ConfigBuilder<ClientConfig, WantsClientCert> {
    /// Presents no certificate (an empty Certificate message if a server asks for one).
    pub fn with_no_client_auth(self) -> ClientConfigBuilder<ClientReady> {
        self.client_cert(ClientCert::None)
    }

    /// Presents this chain (end entity first) when a server asks for a certificate.
    /// `build()` loads `key` with the provider and checks that it is the certificate's.
    pub fn with_client_auth_cert(
        self,
        chain: Vec<CertificateDer<'static>>,
        key: PrivateKeyDer<'static>,
    ) -> ClientConfigBuilder<ClientReady> {
        self.client_cert(ClientCert::Single(CertSource::Der(
            chain,
            zeroize::Zeroizing::new(key),
        )))
    }

    /// Presents `certified` (a key loaded by the caller, an HSM key say) when a server asks
    /// for a certificate. `build()` checks that the key is the certificate's.
    pub fn with_client_certified_key(
        self,
        certified: Arc<CertifiedKey>,
    ) -> ClientConfigBuilder<ClientReady> {
        self.client_cert(ClientCert::Single(CertSource::Loaded(certified)))
    }

    /// Lets `resolver` choose the certificate for each server that asks for one.
    pub fn with_client_cert_resolver(
        self,
        resolver: Arc<dyn ResolvesClientCert>,
    ) -> ClientConfigBuilder<ClientReady> {
        self.client_cert(ClientCert::Resolver(resolver))
    }

    fn client_cert(self, client_cert: ClientCert) -> ClientConfigBuilder<ClientReady> {
        self.then(|WantsClientCert { verification }| ClientReady {
            verification,
            client_cert,
            early_data: false,
        })
    }
}

impl ConfigBuilder<ClientConfig, ClientReady> {
    /// Offers TLS 1.3 0-RTT with tickets that allow it ([`ClientConfig::enable_early_data`]).
    pub fn with_early_data(mut self) -> Self {
        self.state.early_data = true;
        self
    }

    /// Checks the options and builds the config: TLS 1.3 and TLS 1.2 unless restricted, SNI
    /// and middlebox compatibility on, no ticket store (those are fields of the config).
    pub fn build(self) -> Result<ClientConfig, ConfigError> {
        let provider = self.provider;
        let verifier: Arc<dyn ServerCertVerifier> = match self.state.verification {
            ServerVerification::Roots(roots) => {
                check::roots(&roots)?;
                webpki_verifier(roots, &provider)
            }
            ServerVerification::Custom(verifier) => verifier,
        };
        let client_cert: Option<Arc<dyn ResolvesClientCert>> = match self.state.client_cert {
            ClientCert::None => None,
            ClientCert::Single(source) => Some(Arc::new(SingleCert(check::certified_key(
                &provider, source,
            )?))),
            ClientCert::Resolver(resolver) => Some(resolver),
        };
        let config = ClientConfig {
            provider,
            shared: self.shared,
            verifier,
            client_cert,
            ticket_store: Arc::new(NoTicketStore),
            external_psk: None,
            tls12_sessions: Arc::new(crate::resumption::MemoryTls12Sessions::new(
                crate::resumption::DEFAULT_TLS12_SESSIONS,
            )),
            enable_sni: true,
            middlebox_compat: true,
            enable_early_data: self.state.early_data,
            psk_key_exchange_modes: vec![stratls_codec::PskKeyExchangeMode::PskDheKe],
        };
        let suites = config.tls13_suites().count() + config.tls12_suites().count();
        let groups = config.groups().count();
        check::shared(
            &config.provider,
            &config.shared,
            For::Client,
            suites,
            groups,
        )?;
        Ok(config)
    }
}

/// How the server will treat client certificates.
#[derive(Debug)]
enum ClientVerification {
    /// Already decided.
    Decided(ClientAuth),
    /// Web PKI verification against these roots; a certificate is required or optional.
    Roots { roots: RootStore, required: bool },
}

/// Where the server's certificate comes from.
#[derive(Debug)]
enum ServerCert {
    Single(CertSource),
    Resolver(Arc<dyn ResolvesServerCert>),
}

/// A server builder's first state: it needs to know whether to ask clients for
/// certificates.
///
/// Next: `with_no_client_auth`,
/// [`with_required_client_cert`](ConfigBuilder::with_required_client_cert),
/// [`with_optional_client_cert`](ConfigBuilder::with_optional_client_cert) or
/// [`with_client_auth`](ConfigBuilder::with_client_auth), to [`WantsServerCert`].
#[derive(Debug)]
pub struct WantsClientAuth(());

/// A server builder's second state: it needs its certificate.
///
/// Next: [`with_single_cert`](ConfigBuilder::with_single_cert),
/// [`with_certified_key`](ConfigBuilder::with_certified_key) or
/// [`with_cert_resolver`](ConfigBuilder::with_cert_resolver), to [`ServerReady`].
#[derive(Debug)]
pub struct WantsServerCert {
    client_auth: ClientVerification,
}

/// A server builder with everything it needs: `build` checks and
/// builds the config.
#[derive(Debug)]
pub struct ServerReady {
    client_auth: ClientVerification,
    cert: ServerCert,
    max_early_data_size: u32,
}

impl ConfigBuilder<ServerConfig, WantsClientAuth> {
    /// Asks clients for no certificate.
    pub fn with_no_client_auth(self) -> ServerConfigBuilder<WantsServerCert> {
        self.with_client_auth(ClientAuth::None)
    }

    /// Requires a client certificate that chains to `roots` (web PKI, with the provider's
    /// signature algorithms); a client without one gets `certificate_required`. `build()`
    /// refuses an empty store.
    pub fn with_required_client_cert(
        self,
        roots: RootStore,
    ) -> ServerConfigBuilder<WantsServerCert> {
        self.then(|_| WantsServerCert {
            client_auth: ClientVerification::Roots {
                roots,
                required: true,
            },
        })
    }

    /// Asks for a client certificate and verifies one that is sent against `roots`; a client
    /// without one is accepted. `build()` refuses an empty store.
    pub fn with_optional_client_cert(
        self,
        roots: RootStore,
    ) -> ServerConfigBuilder<WantsServerCert> {
        self.then(|_| WantsServerCert {
            client_auth: ClientVerification::Roots {
                roots,
                required: false,
            },
        })
    }

    /// Client authentication as `client_auth` says, with its own verifier.
    pub fn with_client_auth(self, client_auth: ClientAuth) -> ServerConfigBuilder<WantsServerCert> {
        self.then(|_| WantsServerCert {
            client_auth: ClientVerification::Decided(client_auth),
        })
    }
}

impl ConfigBuilder<ServerConfig, WantsServerCert> {
    /// Serves this chain (end entity first) to every client. `build()` loads `key` with the
    /// provider and checks that it is the certificate's.
    pub fn with_single_cert(
        self,
        chain: Vec<CertificateDer<'static>>,
        key: PrivateKeyDer<'static>,
    ) -> ServerConfigBuilder<ServerReady> {
        self.cert(ServerCert::Single(CertSource::Der(
            chain,
            zeroize::Zeroizing::new(key),
        )))
    }

    /// Serves `certified` (a key loaded by the caller, an HSM key say) to every client.
    /// `build()` checks that the key is the certificate's.
    pub fn with_certified_key(
        self,
        certified: Arc<CertifiedKey>,
    ) -> ServerConfigBuilder<ServerReady> {
        self.cert(ServerCert::Single(CertSource::Loaded(certified)))
    }

    /// Lets `resolver` choose the certificate for each connection (by SNI, say:
    /// [`CertsByName`](crate::CertsByName), whose keys [`CertifiedKey::from_der`] checks).
    pub fn with_cert_resolver(
        self,
        resolver: Arc<dyn ResolvesServerCert>,
    ) -> ServerConfigBuilder<ServerReady> {
        self.cert(ServerCert::Resolver(resolver))
    }

    fn cert(self, cert: ServerCert) -> ServerConfigBuilder<ServerReady> {
        self.then(|WantsServerCert { client_auth }| ServerReady {
            client_auth,
            cert,
            max_early_data_size: 0,
        })
    }
}

impl ConfigBuilder<ServerConfig, ServerReady> {
    /// Accepts up to `max` bytes of TLS 1.3 0-RTT data under the conditions of
    /// [`ServerConfig::max_early_data_size`] (0 turns it off again).
    pub fn with_max_early_data_size(mut self, max: u32) -> Self {
        self.state.max_early_data_size = max;
        self
    }

    /// Checks the options and builds the config: TLS 1.3 and TLS 1.2 unless restricted, the
    /// server's order of preference (a field of the config).
    pub fn build(self) -> Result<ServerConfig, ConfigError> {
        let provider = self.provider;
        let client_auth = match self.state.client_auth {
            ClientVerification::Decided(client_auth) => client_auth,
            ClientVerification::Roots { roots, required } => {
                check::roots(&roots)?;
                let verifier: Arc<dyn ClientCertVerifier> = webpki_verifier(roots, &provider);
                if required {
                    ClientAuth::Required(verifier)
                } else {
                    ClientAuth::Optional(verifier)
                }
            }
        };
        let cert_resolver: Arc<dyn ResolvesServerCert> = match self.state.cert {
            ServerCert::Single(source) => {
                Arc::new(SingleCert(check::certified_key(&provider, source)?))
            }
            ServerCert::Resolver(resolver) => resolver,
        };
        // A provider without any AEAD suite has nothing to seal tickets with: it issues none
        // (and `check::shared` refuses it below anyway for having no suite).
        let ticketer = AeadTicketer::new(&provider, DEFAULT_ROTATION)
            .ok()
            .map(|t| Arc::new(t) as Arc<dyn Ticketer>);
        let config = ServerConfig {
            provider,
            shared: self.shared,
            prefer_server_order: true,
            cert_resolver,
            client_auth,
            ticketer,
            tickets: DEFAULT_TICKETS,
            ticket_lifetime: DEFAULT_TICKET_LIFETIME,
            external_psks: Vec::new(),
            session_ids: Some(Arc::new(crate::resumption::MemorySessionIds::new(
                crate::resumption::DEFAULT_SESSION_IDS,
            ))),
            max_early_data_size: self.state.max_early_data_size,
            anti_replay: None,
            early_data_window: super::DEFAULT_EARLY_DATA_WINDOW,
            accept_psk_ke: false,
        };
        let suites = config.tls13_suites().count() + config.tls12_suites().count();
        let groups = config.groups().count();
        check::shared(
            &config.provider,
            &config.shared,
            For::Server,
            suites,
            groups,
        )?;
        Ok(config)
    }
}
