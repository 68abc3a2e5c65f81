use core::fmt;
use std::sync::Arc;

use rustls_pki_types::PrivateKeyDer;
use stratls_codepoints::SignatureScheme;

use crate::error::CryptoError;
use crate::hash::HashAlgorithm;
use crate::secret::Secret;

/// The family of a key pair, which decides which signature schemes it can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureAlgorithm {
    /// RSA (PKCS#1 v1.5 and PSS with the rsaEncryption key type)
    Rsa,
    /// RSA with the id-RSASSA-PSS key type (RFC 4055): RSASSA-PSS signatures only, the
    /// `rsa_pss_pss_*` schemes of TLS (RFC 8446 §4.2.3)
    RsaPss,
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

/// Verification of one TLS signature scheme, for handshake signatures (CertificateVerify,
/// ServerKeyExchange). The list of these is also the list of schemes a handshake offers.
/// Certificate signatures have their own table: [`CertSignatureVerifier`].
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

/// A certificate signature algorithm: the pair of an issuer's public-key algorithm and the
/// certificate's `signatureAlgorithm` (RFC 5280 §4.1.1.2), as X.509 names them.
///
/// Unlike a TLS [`SignatureScheme`], which binds an ECDSA hash to one curve, X.509 lets any
/// curve sign with any hash: a P-256 issuer signing with `ecdsa-with-SHA384`, a P-384 issuer
/// with `ecdsa-with-SHA256`. Certificate verification therefore has a table of its own,
/// [`CryptoProvider::cert_signature_verifiers`](crate::CryptoProvider::cert_signature_verifiers),
/// kept apart from the schemes a handshake offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CertSignatureAlgorithm {
    /// id-ecPublicKey on P-256, ecdsa-with-SHA256
    EcdsaP256Sha256,
    /// id-ecPublicKey on P-256, ecdsa-with-SHA384
    EcdsaP256Sha384,
    /// id-ecPublicKey on P-256, ecdsa-with-SHA512
    EcdsaP256Sha512,
    /// id-ecPublicKey on P-384, ecdsa-with-SHA256
    EcdsaP384Sha256,
    /// id-ecPublicKey on P-384, ecdsa-with-SHA384
    EcdsaP384Sha384,
    /// id-ecPublicKey on P-384, ecdsa-with-SHA512
    EcdsaP384Sha512,
    /// id-ecPublicKey on P-521, ecdsa-with-SHA256
    EcdsaP521Sha256,
    /// id-ecPublicKey on P-521, ecdsa-with-SHA384
    EcdsaP521Sha384,
    /// id-ecPublicKey on P-521, ecdsa-with-SHA512
    EcdsaP521Sha512,
    /// rsaEncryption, sha256WithRSAEncryption (PKCS#1 v1.5)
    RsaPkcs1Sha256,
    /// rsaEncryption, sha384WithRSAEncryption (PKCS#1 v1.5)
    RsaPkcs1Sha384,
    /// rsaEncryption, sha512WithRSAEncryption (PKCS#1 v1.5)
    RsaPkcs1Sha512,
    /// rsaEncryption, RSASSA-PSS with SHA-256, MGF1-SHA-256, a 32-byte salt
    RsaPssSha256,
    /// rsaEncryption, RSASSA-PSS with SHA-384, MGF1-SHA-384, a 48-byte salt
    RsaPssSha384,
    /// rsaEncryption, RSASSA-PSS with SHA-512, MGF1-SHA-512, a 64-byte salt
    RsaPssSha512,
    /// id-RSASSA-PSS key (no parameters), RSASSA-PSS with SHA-256, MGF1-SHA-256, a 32-byte salt
    RsaPssKeySha256,
    /// id-RSASSA-PSS key (no parameters), RSASSA-PSS with SHA-384, MGF1-SHA-384, a 48-byte salt
    RsaPssKeySha384,
    /// id-RSASSA-PSS key (no parameters), RSASSA-PSS with SHA-512, MGF1-SHA-512, a 64-byte salt
    RsaPssKeySha512,
    /// id-Ed25519 key and signature (RFC 8410)
    Ed25519,
}

impl CertSignatureAlgorithm {
    /// Every pair, in a fixed order.
    pub const ALL: [Self; 19] = [
        Self::EcdsaP256Sha256,
        Self::EcdsaP256Sha384,
        Self::EcdsaP256Sha512,
        Self::EcdsaP384Sha256,
        Self::EcdsaP384Sha384,
        Self::EcdsaP384Sha512,
        Self::EcdsaP521Sha256,
        Self::EcdsaP521Sha384,
        Self::EcdsaP521Sha512,
        Self::RsaPkcs1Sha256,
        Self::RsaPkcs1Sha384,
        Self::RsaPkcs1Sha512,
        Self::RsaPssSha256,
        Self::RsaPssSha384,
        Self::RsaPssSha512,
        Self::RsaPssKeySha256,
        Self::RsaPssKeySha384,
        Self::RsaPssKeySha512,
        Self::Ed25519,
    ];

    /// The family of the signing key (the issuer's public key).
    pub const fn key(self) -> SignatureAlgorithm {
        use SignatureAlgorithm as K;
        match self {
            Self::EcdsaP256Sha256 | Self::EcdsaP256Sha384 | Self::EcdsaP256Sha512 => K::EcdsaP256,
            Self::EcdsaP384Sha256 | Self::EcdsaP384Sha384 | Self::EcdsaP384Sha512 => K::EcdsaP384,
            Self::EcdsaP521Sha256 | Self::EcdsaP521Sha384 | Self::EcdsaP521Sha512 => K::EcdsaP521,
            Self::RsaPkcs1Sha256
            | Self::RsaPkcs1Sha384
            | Self::RsaPkcs1Sha512
            | Self::RsaPssSha256
            | Self::RsaPssSha384
            | Self::RsaPssSha512 => K::Rsa,
            Self::RsaPssKeySha256 | Self::RsaPssKeySha384 | Self::RsaPssKeySha512 => K::RsaPss,
            Self::Ed25519 => K::Ed25519,
        }
    }

    /// The ECDSA pair of a key on `curve` signing with `hash`, or `None` if `curve` is not an
    /// ECDSA family.
    pub const fn ecdsa(curve: SignatureAlgorithm, hash: HashAlgorithm) -> Option<Self> {
        use HashAlgorithm as H;
        use SignatureAlgorithm as K;
        Some(match (curve, hash) {
            (K::EcdsaP256, H::Sha256) => Self::EcdsaP256Sha256,
            (K::EcdsaP256, H::Sha384) => Self::EcdsaP256Sha384,
            (K::EcdsaP256, H::Sha512) => Self::EcdsaP256Sha512,
            (K::EcdsaP384, H::Sha256) => Self::EcdsaP384Sha256,
            (K::EcdsaP384, H::Sha384) => Self::EcdsaP384Sha384,
            (K::EcdsaP384, H::Sha512) => Self::EcdsaP384Sha512,
            (K::EcdsaP521, H::Sha256) => Self::EcdsaP521Sha256,
            (K::EcdsaP521, H::Sha384) => Self::EcdsaP521Sha384,
            (K::EcdsaP521, H::Sha512) => Self::EcdsaP521Sha512,
            _ => return None,
        })
    }
}

/// Verification of one certificate signature algorithm ([`CertSignatureAlgorithm`]): the
/// signatures of certificates (and of anything else signed the X.509 way).
pub trait CertSignatureVerifier: Send + Sync + fmt::Debug {
    /// The (public-key algorithm, signature algorithm) pair this verifies.
    fn algorithm(&self) -> CertSignatureAlgorithm;

    /// Verifies `signature` over `message` with `public_key`, the content of the issuer's
    /// `subjectPublicKey` BIT STRING (as for [`SignatureVerifier::verify`]); an ECDSA
    /// signature is the DER `Ecdsa-Sig-Value`.
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
