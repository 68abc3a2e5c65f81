//! Client and server configurations for tests: the default provider, the test tree's root,
//! and a clock fixed inside the tree's validity.
//!
//! Built with the handshake's config builders; a test then changes what it needs
//! (`config.shared.groups = ...`) and nothing else.

use std::sync::Arc;
use std::time::Duration;

use stratls_crypto::CryptoProvider;
use stratls_handshake::{
    ClientAuth, ClientConfig, FixedTime, ServerConfig, ServerName, SingleCert, UnixTime, Versions,
    webpki_verifier,
};

/// The configs here are built from the test tree and always build: a failure means the tree or
/// the builder changed.
const BUILDS: &str = "the test configuration builds";

use crate::certs::{certified, roots};

/// The variable that selects the provider of the test configs: unset or `rustcrypto` for the
/// default provider, `ring` for ring completed by the default one. `cargo xtask ci` runs the
/// in-memory handshake suite and one interop binary once more with `ring`.
pub const PROVIDER_VAR: &str = "STRATLS_TEST_PROVIDER";

/// Which provider [`PROVIDER_VAR`] selects: `true` for ring.
///
/// # Panics
///
/// On a value other than `rustcrypto` or `ring`, so that a typo does not test the default.
pub fn ring_selected() -> bool {
    match std::env::var(PROVIDER_VAR).as_deref() {
        Err(std::env::VarError::NotPresent) | Ok("rustcrypto") => false,
        Ok("ring") => true,
        other => panic!("{PROVIDER_VAR}: expected rustcrypto or ring, got {other:?}"),
    }
}

/// The provider of the test configs: the default one, or (see [`PROVIDER_VAR`]) ring
/// completed by the default one (`with_fallback`), its groups in the default provider's order
/// (the hybrid first), so that tests of the default preferences hold for both.
pub fn provider() -> CryptoProvider {
    let default = stratls_rustcrypto::PROVIDER;
    if !ring_selected() {
        return default;
    }
    let composed = stratls_ring::PROVIDER.with_fallback(default.clone());
    let groups: Vec<_> = default
        .kx_groups
        .iter()
        .filter_map(|g| composed.kx_group(g.group()).cloned())
        .collect();
    CryptoProvider {
        kx_groups: groups.into(),
        ..composed
    }
}

/// 2027-06-01: inside the validity of the test tree.
pub fn time() -> Arc<FixedTime> {
    Arc::new(FixedTime(UnixTime::since_unix_epoch(Duration::from_secs(
        1_811_808_000,
    ))))
}

/// `n` as a server name.
///
/// # Panics
///
/// If `n` is not a DNS name or an IP address.
pub fn name(n: &str) -> ServerName<'static> {
    ServerName::try_from(n.to_string()).expect("a valid server name")
}

/// A client with `provider` that trusts the test root (`ca.pem`), at [`time`].
pub fn client_config_with(provider: CryptoProvider) -> ClientConfig {
    ClientConfig::builder(provider, time())
        .with_root_certificates(roots("ca.pem"))
        .with_no_client_auth()
        .build()
        .expect(BUILDS)
}

/// A client with the default provider that trusts the test root, at [`time`].
pub fn client_config() -> ClientConfig {
    client_config_with(provider())
}

/// A server with `provider` presenting the certificate `cert` of the test tree, at [`time`].
pub fn server_config_with(provider: CryptoProvider, cert: &str) -> ServerConfig {
    ServerConfig::builder(provider, time())
        .with_no_client_auth()
        .with_certified_key(certified(cert))
        .build()
        .expect(BUILDS)
}

/// A server with the default provider presenting `cert`, at [`time`].
pub fn server_config(cert: &str) -> ServerConfig {
    server_config_with(provider(), cert)
}

/// A client that speaks only TLS 1.2.
pub fn tls12_client_config() -> ClientConfig {
    let mut c = client_config();
    c.shared.versions = Versions::TLS12_ONLY;
    c
}

/// A server that speaks only TLS 1.2.
pub fn tls12_server_config(cert: &str) -> ServerConfig {
    let mut s = server_config(cert);
    s.shared.versions = Versions::TLS12_ONLY;
    s
}

/// Makes `config` require a client certificate from the test root.
pub fn require_client_auth(config: &mut ServerConfig) {
    config.client_auth = ClientAuth::Required(webpki_verifier(roots("ca.pem"), &provider()));
}

/// Makes `config` present the client certificate `cert` of the test tree when asked.
pub fn client_cert(config: &mut ClientConfig, cert: &str) {
    config.client_cert = Some(Arc::new(SingleCert(certified(cert))));
}
