//! The checks `build()` runs: options the provider cannot serve, and certificates paired with
//! the wrong key.

use std::sync::Arc;

use stratls_crypto::{CipherSuite, CryptoProvider, SignatureScheme, Tls12KeyExchange};
use stratls_pki::{CertificateDer, PrivateKeyDer, subject_public_key_info, verify_signed_message};

use super::{ConfigError, SharedConfig};
use crate::verify::CertifiedKey;

/// The message a key signs when it cannot export its public key, to prove that it is the
/// certificate's.
const KEY_CHECK_MESSAGE: &[u8] = b"stratls: does this private key belong to the certificate?";

/// Which side the options are for: the RSA key exchange needs different pieces of the provider
/// on each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum For {
    Client,
    Server,
}

/// Checks the shared options against `provider`. `usable_suites` is how many suites the
/// config ends up with for its versions (the configs' own selection, so that the check and
/// the connection agree).
pub(super) fn shared(
    provider: &CryptoProvider,
    shared: &SharedConfig,
    side: For,
    usable_suites: usize,
    usable_groups: usize,
) -> Result<(), ConfigError> {
    if !shared.versions.tls13 && !shared.versions.tls12 {
        return Err(ConfigError::NoVersionEnabled);
    }
    for &id in &shared.cipher_suites {
        cipher_suite(provider, shared, side, id)?;
    }
    if let Some(&g) = shared
        .groups
        .iter()
        .find(|g| provider.kx_group(**g).is_none())
    {
        return Err(ConfigError::UnsupportedGroup(g));
    }
    if usable_suites == 0 {
        return Err(ConfigError::NoUsableCipherSuite);
    }
    if usable_groups == 0 {
        return Err(ConfigError::NoKeyExchangeGroup);
    }
    // TLS 1.2 alone needs an ECDHE group: a TLS 1.3-only group (the hybrid) is not one.
    let tls12_group =
        |g: &stratls_crypto::NamedGroup| provider.kx_group(*g).is_some_and(|k| k.usable_in_tls12());
    let has_tls12_group = if shared.groups.is_empty() {
        provider.kx_groups.iter().any(|k| k.usable_in_tls12())
    } else {
        shared.groups.iter().any(tls12_group)
    };
    if !shared.versions.tls13 && !has_tls12_group {
        return Err(ConfigError::NoKeyExchangeGroup);
    }
    for protocol in &shared.alpn {
        match protocol.len() {
            0 => return Err(ConfigError::EmptyAlpnProtocol),
            len @ 256.. => return Err(ConfigError::AlpnProtocolTooLong(len)),
            _ => {}
        }
    }
    Ok(())
}

/// A listed suite must be one the provider offers and the config may use.
fn cipher_suite(
    provider: &CryptoProvider,
    shared: &SharedConfig,
    side: For,
    id: CipherSuite,
) -> Result<(), ConfigError> {
    if provider.tls13_suite(id).is_some() {
        return Ok(());
    }
    let suite = provider
        .tls12_suite(id)
        .ok_or(ConfigError::UnsupportedCipherSuite(id))?;
    match suite.kx {
        Tls12KeyExchange::Ecdhe => Ok(()),
        Tls12KeyExchange::Rsa if !shared.dangerous_enable_rsa_key_exchange => {
            Err(ConfigError::RsaKeyExchangeNotEnabled(id))
        }
        // The client encrypts the premaster secret with the provider's RSA key transport.
        Tls12KeyExchange::Rsa if side == For::Client && provider.rsa_key_transport.is_none() => {
            Err(ConfigError::UnsupportedCipherSuite(id))
        }
        Tls12KeyExchange::Rsa => Ok(()),
        _ => Err(ConfigError::UnsupportedCipherSuite(id)),
    }
}

/// Whether `store` can verify anything.
pub(super) fn roots(store: &stratls_pki::RootStore) -> Result<(), ConfigError> {
    if store.is_empty() {
        Err(ConfigError::EmptyRootStore)
    } else {
        Ok(())
    }
}

impl CertifiedKey {
    /// Loads `key` with `provider` and checks it against the end-entity certificate,
    /// `chain[0]` (see [`CertifiedKey::keys_match`]).
    pub fn from_der(
        provider: &CryptoProvider,
        chain: Vec<CertificateDer<'static>>,
        key: &PrivateKeyDer<'_>,
    ) -> Result<Self, ConfigError> {
        if chain.is_empty() {
            return Err(ConfigError::EmptyCertificateChain);
        }
        let key = provider
            .key_loader
            .load_private_key(key)
            .map_err(ConfigError::BadPrivateKey)?;
        let certified = Self { chain, key };
        certified.keys_match(provider)?;
        Ok(certified)
    }

    /// Checks that the private key belongs to the end-entity certificate: their
    /// SubjectPublicKeyInfos are equal; or, for a key that cannot export its public key, a
    /// fixed message it signs verifies with the certificate's key through `provider`. A key
    /// whose signature schemes `provider` verifies none of cannot be checked, and passes.
    pub fn keys_match(&self, provider: &CryptoProvider) -> Result<(), ConfigError> {
        let end_entity = self
            .chain
            .first()
            .ok_or(ConfigError::EmptyCertificateChain)?;
        let certified = subject_public_key_info(end_entity)?;
        if let Some(public_key) = self.key.public_key() {
            return if public_key == certified {
                Ok(())
            } else {
                Err(ConfigError::CertificateKeyMismatch)
            };
        }
        let schemes: Vec<SignatureScheme> = provider.verify_schemes().collect();
        let Some(signer) = self.key.choose_scheme(&schemes) else {
            return Ok(());
        };
        let signature = signer
            .sign(KEY_CHECK_MESSAGE)
            .map_err(ConfigError::BadPrivateKey)?;
        verify_signed_message(
            provider,
            end_entity,
            signer.scheme(),
            KEY_CHECK_MESSAGE,
            &signature,
        )
        .map_err(|_| ConfigError::CertificateKeyMismatch)
    }
}

/// A certified key from a chain and a key, or from a key already loaded, checked.
pub(super) fn certified_key(
    provider: &CryptoProvider,
    source: CertSource,
) -> Result<Arc<CertifiedKey>, ConfigError> {
    match source {
        // The key's DER is zeroized when `key` drops, loaded or not.
        CertSource::Der(chain, key) => Ok(Arc::new(CertifiedKey::from_der(provider, chain, &key)?)),
        CertSource::Loaded(certified) => {
            certified.keys_match(provider)?;
            Ok(certified)
        }
    }
}

/// Where a builder's own certificate comes from.
#[derive(Debug)]
pub(super) enum CertSource {
    /// A chain and its private key, loaded at `build()`; the key's DER is zeroized when it
    /// drops, after loading or with a builder that was never built.
    Der(
        Vec<CertificateDer<'static>>,
        zeroize::Zeroizing<PrivateKeyDer<'static>>,
    ),
    /// A key the caller loaded (an HSM key, say).
    Loaded(Arc<CertifiedKey>),
}
