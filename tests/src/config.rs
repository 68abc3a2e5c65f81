//! stratls configurations from a handful of options, so each test states only what it varies.

use std::sync::Arc;

use stratls::codec::{CipherSuite, NamedGroup};
use stratls::{ClientAuthPolicy, ClientConfig, Observer, ServerConfig, Versions};

use crate::certs::{Identity, KeyKind, roots};

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
        }
    }

    /// The configuration, trusting the tree's root CA.
    pub fn build(&self) -> ClientConfig {
        let mut b = ClientConfig::builder()
            .with_root_certificates(roots())
            .with_versions(self.versions)
            .with_cipher_suites(self.suites.iter().map(|s| s.to_u16()).collect())
            .with_groups(self.groups.iter().map(|g| g.to_u16()).collect())
            .with_alpn_protocols(self.alpn.iter().map(|p| p.as_bytes().to_vec()).collect());
        if let Some(kind) = self.client_cert {
            let id = Identity::client(kind);
            b = b.with_client_auth_cert(id.chain(), id.key());
        }
        if let Some(observer) = &self.observer {
            b = b.with_observer(observer.clone());
        }
        b.build().expect("stratls client config")
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
        }
    }

    /// The configuration.
    pub fn build(&self) -> ServerConfig {
        let id = Identity::server(self.cert);
        let policy = if self.require_client_cert {
            ClientAuthPolicy::Required(roots())
        } else {
            ClientAuthPolicy::None
        };
        let mut b = ServerConfig::builder()
            .with_single_cert(id.chain(), id.key())
            .with_client_auth(policy)
            .with_versions(self.versions)
            .with_cipher_suites(self.suites.iter().map(|s| s.to_u16()).collect())
            .with_groups(self.groups.iter().map(|g| g.to_u16()).collect())
            .with_alpn_protocols(self.alpn.iter().map(|p| p.as_bytes().to_vec()).collect());
        if let Some(observer) = &self.observer {
            b = b.with_observer(observer.clone());
        }
        b.build().expect("stratls server config")
    }
}
