//! The builder entry points with the defaults: the system clock, and the default provider
//! behind the feature `rustcrypto`.
//!
//! They are functions, not `ClientConfig::builder()`: the configs are the handshake crate's
//! types (one `ClientConfig`, whichever layer you use), and a facade cannot add inherent
//! methods to them. `ClientConfig::builder(provider, clock)` is the same builder with both
//! passed explicitly.

use std::sync::Arc;

use stratls_crypto::CryptoProvider;
use stratls_handshake::{
    ClientConfig, ClientConfigBuilder, ServerConfig, ServerConfigBuilder, WantsClientAuth,
    WantsVerifier,
};
use stratls_io::SystemClock;

/// A client config builder with the default crypto provider (stratls-rustcrypto) and the
/// system clock. Available with the feature `rustcrypto`, which is on by default; without
/// it, use [`client_config_with_provider`].
///
/// The builder is a typestate: a client needs a way to verify servers before it can be
/// built, and without one `build()` does not exist:
///
/// ```compile_fail,E0599
/// let config = stratls::client_config().with_no_client_auth().build();
/// ```
///
/// With the roots to verify servers against it builds:
///
/// ```
/// # let ca = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/certs/ca.pem");
/// let mut roots = stratls::RootStore::new();
/// roots.add_pem(&std::fs::read(ca)?)?;
/// let config = stratls::client_config()
///     .with_root_certificates(roots)
///     .with_no_client_auth()
///     .build()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg(feature = "rustcrypto")]
#[cfg_attr(docsrs, doc(cfg(feature = "rustcrypto")))]
pub fn client_config() -> ClientConfigBuilder<WantsVerifier> {
    client_config_with_provider(stratls_rustcrypto::PROVIDER)
}

/// A server config builder with the default crypto provider (stratls-rustcrypto) and the
/// system clock. Available with the feature `rustcrypto`, which is on by default; without
/// it, use [`server_config_with_provider`].
///
/// A server needs a certificate source before it can be built:
///
/// ```compile_fail,E0599
/// let config = stratls::server_config().with_no_client_auth().build();
/// ```
///
/// With a chain and its key it builds:
///
/// ```
/// # let certs = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/certs");
/// let chain = stratls::certificates_from_file(format!("{certs}/server-ecdsa.chain.pem"))?;
/// let key = stratls::private_key_from_file(format!("{certs}/server-ecdsa.key"))?;
/// let config = stratls::server_config()
///     .with_no_client_auth()
///     .with_single_cert(chain, key)
///     .build()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg(feature = "rustcrypto")]
#[cfg_attr(docsrs, doc(cfg(feature = "rustcrypto")))]
pub fn server_config() -> ServerConfigBuilder<WantsClientAuth> {
    server_config_with_provider(stratls_rustcrypto::PROVIDER)
}

/// A client config builder with `provider` and the system clock.
pub fn client_config_with_provider(provider: CryptoProvider) -> ClientConfigBuilder<WantsVerifier> {
    ClientConfig::builder(provider, Arc::new(SystemClock))
}

/// A server config builder with `provider` and the system clock.
pub fn server_config_with_provider(
    provider: CryptoProvider,
) -> ServerConfigBuilder<WantsClientAuth> {
    ServerConfig::builder(provider, Arc::new(SystemClock))
}

/// The default crypto provider (stratls-rustcrypto). Available with the feature
/// `rustcrypto`, which is on by default.
#[cfg(feature = "rustcrypto")]
#[cfg_attr(docsrs, doc(cfg(feature = "rustcrypto")))]
pub fn default_provider() -> CryptoProvider {
    stratls_rustcrypto::PROVIDER
}

/// The ring provider (stratls-ring), completed by the default provider for what ring lacks
/// (X25519MLKEM768, P-521, RSA key transport) when the feature `rustcrypto` is on too; ring
/// alone otherwise. Available with the feature `ring`. Pass it to
/// [`client_config_with_provider`] or [`server_config_with_provider`].
///
/// Its groups are ring's first (x25519, secp256r1, secp384r1), then the hybrid; a client that
/// wants the hybrid first reorders them in its config.
#[cfg(feature = "ring")]
#[cfg_attr(docsrs, doc(cfg(feature = "ring")))]
pub fn ring_provider() -> CryptoProvider {
    #[cfg(feature = "rustcrypto")]
    {
        stratls_ring::PROVIDER.with_fallback(stratls_rustcrypto::PROVIDER)
    }
    #[cfg(not(feature = "rustcrypto"))]
    {
        stratls_ring::PROVIDER
    }
}
