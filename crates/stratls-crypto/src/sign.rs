use core::fmt;
use std::sync::Arc;

use rustls_pki_types::PrivateKeyDer;
use stratls_codepoints::SignatureScheme;

use crate::error::CryptoError;
use crate::secret::Secret;

/// The family of a key pair, which decides which signature schemes it can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureAlgorithm {
    /// RSA (PKCS#1 v1.5 and PSS with the rsaEncryption key type)
    Rsa,
    /// ECDSA over NIST P-256
    EcdsaP256,
    /// ECDSA over NIST P-384
    EcdsaP384,
    /// ECDSA over NIST P-521
    EcdsaP521,
    /// Ed25519
    Ed25519,
}

/// A private key that can sign.
///
/// Implementations keep the key material zeroized on drop and never print it.
pub trait SigningKey: Send + Sync + fmt::Debug {
    /// The key's family.
    fn algorithm(&self) -> SignatureAlgorithm;

    /// Chooses a signature scheme from `offered` (in the peer's order of preference) that
    /// this key can make, and returns a signer for it, or `None` if the key can make none of
    /// them.
    fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<Box<dyn Signer>>;

    /// The public key of this key pair as a DER `SubjectPublicKeyInfo` (RFC 5280 §4.1.2.7),
    /// encoded the way a certificate carries it, or `None` for a key that cannot export it
    /// (some hardware keys).
    ///
    /// Configuration builders compare it with the certificate's key, so that a certificate
    /// paired with the wrong private key is refused before any connection. Without it they
    /// fall back to signing a fixed message and verifying the signature with the certificate.
    fn public_key(&self) -> Option<Vec<u8>> {
        None
    }

    /// Decrypts an RSAES-PKCS1-v1_5 ciphertext (RFC 8017 §7.2), for the TLS 1.2 RSA key
    /// exchange. Keys that cannot do it answer [`CryptoError::Unsupported`].
    ///
    /// The caller must treat every failure exactly like a success with a random result
    /// (RFC 5246 §7.4.7.1); implementations should take the same time whatever the padding.
    fn decrypt_pkcs1v15(&self, ciphertext: &[u8]) -> Result<Secret, CryptoError> {
        let _ = ciphertext;
        Err(CryptoError::Unsupported)
    }
}

/// A key bound to one signature scheme, ready to sign.
pub trait Signer: Send + Sync + fmt::Debug {
    /// The scheme of the signatures this makes.
    fn scheme(&self) -> SignatureScheme;

    /// Signs `message` (the scheme hashes it itself).
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, CryptoError>;
}

/// Verification of one signature scheme.
pub trait SignatureVerifier: Send + Sync + fmt::Debug {
    /// The scheme this verifies.
    fn scheme(&self) -> SignatureScheme;

    /// The key family this scheme takes.
    fn algorithm(&self) -> SignatureAlgorithm;

    /// Verifies `signature` over `message` with `public_key`, which is the content of the
    /// certificate's `subjectPublicKey` BIT STRING: an `RSAPublicKey` DER for RSA, an
    /// uncompressed SEC1 point for ECDSA, 32 raw bytes for Ed25519.
    fn verify(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError>;
}

/// Turns private-key DER into a [`SigningKey`].
pub trait KeyLoader: Send + Sync + fmt::Debug {
    /// Parses and checks the key, a PKCS#8, PKCS#1 or SEC1 DER in the container type of
    /// rustls-pki-types (as PEM and DER loaders give it). Fails with
    /// [`CryptoError::InvalidKey`] on a malformed key and [`CryptoError::UnsupportedKey`] on a
    /// key type, size or container this provider does not handle.
    fn load_private_key(&self, der: &PrivateKeyDer<'_>)
    -> Result<Arc<dyn SigningKey>, CryptoError>;
}

/// RSAES-PKCS1-v1_5 encryption to a peer's RSA public key, for the client side of the
/// TLS 1.2 RSA key exchange (a legacy option, off by default in the protocol crates).
pub trait RsaKeyTransport: Send + Sync + fmt::Debug {
    /// Encrypts `plaintext` to `public_key` (an `RSAPublicKey` DER, as in the certificate's
    /// `subjectPublicKey`).
    fn encrypt_pkcs1v15(&self, public_key: &[u8], plaintext: &[u8])
    -> Result<Vec<u8>, CryptoError>;
}
