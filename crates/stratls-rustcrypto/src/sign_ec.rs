//! ECDSA over P-256 with SHA-256, P-384 with SHA-384 and P-521 with SHA-512 (DER-encoded
//! signatures, as TLS carries them) and Ed25519
//! (RFC 8032) signing keys.

use p256::pkcs8::EncodePublicKey as _;
use stratls_crypto::{CryptoError, SignatureAlgorithm, SignatureScheme, Signer, SigningKey};

/// An ECDSA signing key over one curve and its signer, with the curve's hash: the key type,
/// the signer type, the curve crate, the key family and the one scheme it makes.
macro_rules! ecdsa_key {
    ($key:ident, $signer:ident, $curve:ident, $alg:expr, $scheme:expr, $scheme_name:literal) => {
        /// An ECDSA private key (zeroized on drop by `ecdsa`).
        pub(crate) struct $key {
            key: std::sync::Arc<$curve::ecdsa::SigningKey>,
        }

        impl $key {
            pub(crate) fn new(key: $curve::ecdsa::SigningKey) -> Self {
                Self {
                    key: std::sync::Arc::new(key),
                }
            }
        }

        impl core::fmt::Debug for $key {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(concat!(stringify!($key), "([redacted])"))
            }
        }

        impl SigningKey for $key {
            fn algorithm(&self) -> SignatureAlgorithm {
                $alg
            }

            fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<Box<dyn Signer>> {
                offered
                    .contains(&$scheme)
                    .then(|| Box::new($signer(std::sync::Arc::clone(&self.key))) as Box<dyn Signer>)
            }

            /// id-ecPublicKey with the named curve and the uncompressed point (RFC 5480).
            fn public_key(&self) -> Option<Vec<u8>> {
                let der = self.key.verifying_key().to_public_key_der().ok()?;
                Some(der.into_vec())
            }
        }

        struct $signer(std::sync::Arc<$curve::ecdsa::SigningKey>);

        impl core::fmt::Debug for $signer {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(concat!(stringify!($signer), "(", $scheme_name, ")"))
            }
        }

        impl Signer for $signer {
            fn scheme(&self) -> SignatureScheme {
                $scheme
            }

            /// Signs the hash of `message` with the curve's hash (RFC 6979 deterministic
            /// nonce) and returns the `Ecdsa-Sig-Value` DER (RFC 8422 §5.4).
            fn sign(&self, message: &[u8]) -> Result<Vec<u8>, CryptoError> {
                use $curve::ecdsa::signature::Signer as _;
                let sig: $curve::ecdsa::DerSignature =
                    self.0.try_sign(message).map_err(|_| CryptoError::Failed)?;
                Ok(sig.as_bytes().to_vec())
            }
        }
    };
}

ecdsa_key!(
    EcdsaP256SigningKey,
    EcdsaP256Signer,
    p256,
    SignatureAlgorithm::EcdsaP256,
    SignatureScheme::ECDSA_SECP256R1_SHA256,
    "ecdsa_secp256r1_sha256"
);

ecdsa_key!(
    EcdsaP521SigningKey,
    EcdsaP521Signer,
    p521,
    SignatureAlgorithm::EcdsaP521,
    SignatureScheme::ECDSA_SECP521R1_SHA512,
    "ecdsa_secp521r1_sha512"
);

ecdsa_key!(
    EcdsaP384SigningKey,
    EcdsaP384Signer,
    p384,
    SignatureAlgorithm::EcdsaP384,
    SignatureScheme::ECDSA_SECP384R1_SHA384,
    "ecdsa_secp384r1_sha384"
);

/// An Ed25519 private key (zeroized on drop by `ed25519-dalek`).
pub(crate) struct Ed25519SigningKey {
    key: std::sync::Arc<ed25519_dalek::SigningKey>,
}

impl Ed25519SigningKey {
    pub(crate) fn new(key: ed25519_dalek::SigningKey) -> Self {
        Self {
            key: std::sync::Arc::new(key),
        }
    }
}

impl core::fmt::Debug for Ed25519SigningKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Ed25519SigningKey([redacted])")
    }
}

impl SigningKey for Ed25519SigningKey {
    fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::Ed25519
    }

    fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<Box<dyn Signer>> {
        offered
            .contains(&SignatureScheme::ED25519)
            .then(|| Box::new(Ed25519Signer(std::sync::Arc::clone(&self.key))) as Box<dyn Signer>)
    }

    /// id-Ed25519 with the 32-byte public key (RFC 8410 §4).
    fn public_key(&self) -> Option<Vec<u8>> {
        let der = self.key.verifying_key().to_public_key_der().ok()?;
        Some(der.into_vec())
    }
}

struct Ed25519Signer(std::sync::Arc<ed25519_dalek::SigningKey>);

impl core::fmt::Debug for Ed25519Signer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Ed25519Signer(ed25519)")
    }
}

impl Signer for Ed25519Signer {
    fn scheme(&self) -> SignatureScheme {
        SignatureScheme::ED25519
    }

    /// PureEdDSA over the whole message (RFC 8032 §5.1.6).
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let sig: ed25519_dalek::Signature =
            ed25519_dalek::Signer::try_sign(&*self.0, message).map_err(|_| CryptoError::Failed)?;
        Ok(sig.to_bytes().to_vec())
    }
}
