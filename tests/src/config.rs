//! stratls configurations from a handful of options, so each test states only what it varies.

use std::sync::Arc;

use stratls::codec::{CipherSuite, NamedGroup};
use stratls::crypto::{CryptoProvider, Shared, Tls12CipherSuite};
use stratls::rustcrypto as rc;
use stratls::{ClientConfig, Observer, ServerConfig, Versions};

use crate::certs::{Identity, KeyKind, roots};

/// The two RSA key-exchange suites, which the default provider does not list.
static RSA_KX: [Shared<Tls12CipherSuite>; 2] = [
    Shared::Static(&rc::TLS_RSA_WITH_AES_128_GCM_SHA256),
    Shared::Static(&rc::TLS_RSA_WITH_AES_256_GCM_SHA384),
];

/// The provider stratls runs with here: the default one, or with `STRATLS_TEST_PROVIDER=ring`
/// ring completed by the default one (`stratls::ring_provider()`). Any other value panics.
pub fn provider() -> CryptoProvider {
    match std::env::var("STRATLS_TEST_PROVIDER").as_deref() {
        Err(std::env::VarError::NotPresent) | Ok("rustcrypto") => stratls::default_provider(),
        Ok("ring") => stratls::ring_provider(),
        other => panic!("STRATLS_TEST_PROVIDER: expected rustcrypto or ring, got {other:?}"),
    }
}

/// [`provider`] with the TLS 1.2 RSA key-exchange suites listed too (after the ECDHE ones).
/// A configuration still needs its dangerous switch to offer or accept them.
pub fn rsa_kx_provider() -> CryptoProvider {
    let default = provider();
    let suites: Vec<_> = default
        .tls12_cipher_suites
        .iter()
        .chain(&RSA_KX)
        .cloned()
        .collect();
    CryptoProvider {
        tls12_cipher_suites: suites.into(),
        ..default
    }
}

/// What a stratls client offers. Empty lists mean the provider's defaults.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Protocol versions offered.
    pub versions: Versions,
    /// Cipher suites offered, in order.
    pub suites: Vec<CipherSuite>,
    /// Groups offered, in order; the first gets a key share.
    pub groups: Vec<NamedGroup>,
    /// ALPN protocols offered.
    pub alpn: Vec<&'static str>,
    /// The client certificate presented when asked.
    pub client_cert: Option<KeyKind>,
    /// Receives the connection's events.
    pub observer: Option<Arc<dyn Observer>>,
    /// TLS 1.2: also offer the RSA key exchange ([`rsa_kx_provider`] and the dangerous switch).
    pub rsa_key_exchange: bool,
    /// TLS 1.2: refuse a server without the extended master secret (accepted by default).
    pub require_ems: bool,
}

impl ClientOptions {
    /// Offers `versions` with the provider's suites and groups, no ALPN, no client certificate.
    pub fn new(versions: Versions) -> Self {
        Self {
            versions,
            suites: Vec::new(),
            groups: Vec::new(),
            alpn: Vec::new(),
            client_cert: None,
            observer: None,
            rsa_key_exchange: false,
            require_ems: false,
        }
    }

    /// The configuration, trusting the tree's root CA.
    pub fn build(&self) -> Arc<ClientConfig> {
        let mut b = if self.rsa_key_exchange {
            stratls::client_config_with_provider(rsa_kx_provider())
                .dangerous()
                .with_rsa_key_exchange()
        } else {
            stratls::client_config_with_provider(provider())
        };
        if self.require_ems {
            b = b.require_extended_master_secret();
        }
        let b = b.with_root_certificates(roots());
        let mut b = match self.client_cert {
            Some(kind) => {
                let id = Identity::client(kind);
                b.with_client_auth_cert(id.chain(), id.key())
            }
            None => b.with_no_client_auth(),
        };
        b = b
            .with_versions(self.versions)
            .with_cipher_suites(self.suites.clone())
            .with_groups(self.groups.clone())
            .with_alpn_protocols(self.alpn.iter().map(|p| p.as_bytes().to_vec()).collect());
        if let Some(observer) = &self.observer {
            b = b.with_observer(observer.clone());
        }
        Arc::new(b.build().expect("stratls client config"))
    }
}

/// What a stratls server accepts. Empty lists mean the provider's defaults.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// Protocol versions accepted.
    pub versions: Versions,
    /// The certificate served (chain with the intermediate).
    pub cert: KeyKind,
    /// Cipher suites accepted, in preference order.
    pub suites: Vec<CipherSuite>,
    /// Groups accepted, in preference order.
    pub groups: Vec<NamedGroup>,
    /// ALPN protocols accepted, in preference order.
    pub alpn: Vec<&'static str>,
    /// Whether a client certificate chaining to the tree's root is required.
    pub require_client_cert: bool,
    /// Receives the connection's events.
    pub observer: Option<Arc<dyn Observer>>,
    /// TLS 1.2: also accept the RSA key exchange ([`rsa_kx_provider`] and the dangerous switch).
    pub rsa_key_exchange: bool,
    /// TLS 1.2: refuse a client without the extended master secret (accepted by default).
    pub require_ems: bool,
}

impl ServerOptions {
    /// Accepts `versions` with the provider's suites and groups, serving the `cert` chain.
    pub fn new(versions: Versions, cert: KeyKind) -> Self {
        Self {
            versions,
            cert,
            suites: Vec::new(),
            groups: Vec::new(),
            alpn: Vec::new(),
            require_client_cert: false,
            observer: None,
            rsa_key_exchange: false,
            require_ems: false,
        }
    }

    /// The configuration.
    pub fn build(&self) -> Arc<ServerConfig> {
        let id = Identity::server(self.cert);
        let mut b = if self.rsa_key_exchange {
            stratls::server_config_with_provider(rsa_kx_provider())
                .dangerous()
                .with_rsa_key_exchange()
        } else {
            stratls::server_config_with_provider(provider())
        };
        if self.require_ems {
            b = b.require_extended_master_secret();
        }
        let b = if self.require_client_cert {
            b.with_required_client_cert(roots())
        } else {
            b.with_no_client_auth()
        };
        let mut b = b
            .with_single_cert(id.chain(), id.key())
            .with_versions(self.versions)
            .with_cipher_suites(self.suites.clone())
            .with_groups(self.groups.clone())
            .with_alpn_protocols(self.alpn.iter().map(|p| p.as_bytes().to_vec()).collect());
        if let Some(observer) = &self.observer {
            b = b.with_observer(observer.clone());
        }
        Arc::new(b.build().expect("stratls server config"))
    }
}
