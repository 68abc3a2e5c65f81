//! Two providers as one: the pieces of the first, completed by the second.

use std::sync::Arc;

use crate::error::CryptoError;
use crate::provider::CryptoProvider;
use crate::secret::Secret;
use crate::shared::Shared;
use crate::sign::{KeyLoader, SignatureAlgorithm, Signer, SigningKey};
use crate::{PrivateKeyDer, SignatureScheme};

impl CryptoProvider {
    /// This provider, completed by `fallback` where it lacks a piece: every list keeps this
    /// provider's entries in their order, followed by those of `fallback` it does not have
    /// (by suite, group, scheme or certificate algorithm); keys this provider's loader answers
    /// with [`CryptoError::UnsupportedKey`] are loaded by the fallback's, and an RSA key whose
    /// loaded form cannot decrypt (for the TLS 1.2 RSA key exchange) decrypts with the
    /// fallback's form of it; RSA key transport is this provider's, else the fallback's. The
    /// random source is this provider's.
    ///
    /// A provider that lacks some algorithms (a hardware module, a library without ML-KEM or
    /// P-521) so serves every peer the other one can:
    ///
    /// ```text
    /// let provider = stratls_ring::PROVIDER.with_fallback(stratls_rustcrypto::PROVIDER);
    /// ```
    ///
    /// The lists are built once, here; nothing is looked up per connection.
    pub fn with_fallback(self, fallback: CryptoProvider) -> CryptoProvider {
        CryptoProvider {
            name: format!("{}+{}", self.name, fallback.name).into(),
            tls13_cipher_suites: merge(
                &self.tls13_cipher_suites,
                &fallback.tls13_cipher_suites,
                |s| s.id,
            ),
            tls12_cipher_suites: merge(
                &self.tls12_cipher_suites,
                &fallback.tls12_cipher_suites,
                |s| s.id,
            ),
            kx_groups: merge(&self.kx_groups, &fallback.kx_groups, |g| g.group()),
            signature_verifiers: merge(
                &self.signature_verifiers,
                &fallback.signature_verifiers,
                |v| v.scheme(),
            ),
            cert_signature_verifiers: merge(
                &self.cert_signature_verifiers,
                &fallback.cert_signature_verifiers,
                |v| v.algorithm(),
            ),
            key_loader: Shared::Arc(Arc::new(FallbackLoader {
                first: self.key_loader,
                then: fallback.key_loader,
            })),
            random: self.random,
            rsa_key_transport: self.rsa_key_transport.or(fallback.rsa_key_transport),
        }
    }
}

/// `first`, then the entries of `then` whose key is not in `first`.
fn merge<T: ?Sized, K: PartialEq>(
    first: &Shared<[Shared<T>]>,
    then: &Shared<[Shared<T>]>,
    key: impl Fn(&T) -> K,
) -> Shared<[Shared<T>]> {
    let mut out: Vec<Shared<T>> = first.iter().cloned().collect();
    for piece in then.iter() {
        if !first.iter().any(|f| key(f) == key(piece)) {
            out.push(piece.clone());
        }
    }
    out.into()
}

/// One loader, then another for the keys the first does not support.
#[derive(Debug)]
struct FallbackLoader {
    first: Shared<dyn KeyLoader>,
    then: Shared<dyn KeyLoader>,
}

impl KeyLoader for FallbackLoader {
    fn load_private_key(
        &self,
        der: &PrivateKeyDer<'_>,
    ) -> Result<Arc<dyn SigningKey>, CryptoError> {
        match self.first.load_private_key(der) {
            Err(CryptoError::UnsupportedKey) => self.then.load_private_key(der),
            Ok(key) if key.algorithm() == SignatureAlgorithm::Rsa => {
                match self.then.load_private_key(der) {
                    Ok(then) => Ok(Arc::new(FallbackKey { first: key, then })),
                    Err(_) => Ok(key),
                }
            }
            other => other,
        }
    }
}

/// A key that signs as the first provider loaded it and decrypts (RSAES-PKCS1-v1_5) as the
/// second did when the first cannot.
struct FallbackKey {
    first: Arc<dyn SigningKey>,
    then: Arc<dyn SigningKey>,
}

impl core::fmt::Debug for FallbackKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.first.fmt(f)
    }
}

impl SigningKey for FallbackKey {
    fn algorithm(&self) -> SignatureAlgorithm {
        self.first.algorithm()
    }

    fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<Box<dyn Signer>> {
        self.first.choose_scheme(offered)
    }

    fn public_key(&self) -> Option<Vec<u8>> {
        self.first.public_key()
    }

    fn decrypt_pkcs1v15(&self, ciphertext: &[u8]) -> Result<Secret, CryptoError> {
        match self.first.decrypt_pkcs1v15(ciphertext) {
            Err(CryptoError::Unsupported) => self.then.decrypt_pkcs1v15(ciphertext),
            other => other,
        }
    }
}
