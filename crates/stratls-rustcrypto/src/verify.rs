//! Signature verification: one verifier per TLS SignatureScheme for handshake signatures, and
//! one per certificate signature algorithm ([`CertSignatureAlgorithm`]) for certificates.

use sha2::{Sha256, Sha384, Sha512};
use stratls_crypto::{
    CertSignatureAlgorithm, CertSignatureVerifier, CryptoError, HashAlgorithm, Shared,
    SignatureAlgorithm, SignatureScheme, SignatureVerifier,
};

use crate::sign_rsa::parse_public_key;
use crate::verify_ec::verify_ecdsa;

/// rsa_pss_rsae_sha256: RSASSA-PSS, MGF1 and salt length both SHA-256 (RFC 8446 §4.2.3).
pub static RSA_PSS_RSAE_SHA256: &dyn SignatureVerifier =
    &RsaVerifier(SignatureScheme::RSA_PSS_RSAE_SHA256);
/// rsa_pss_rsae_sha384: RSASSA-PSS, MGF1 and salt length both SHA-384.
pub static RSA_PSS_RSAE_SHA384: &dyn SignatureVerifier =
    &RsaVerifier(SignatureScheme::RSA_PSS_RSAE_SHA384);
/// rsa_pss_rsae_sha512: RSASSA-PSS, MGF1 and salt length both SHA-512.
pub static RSA_PSS_RSAE_SHA512: &dyn SignatureVerifier =
    &RsaVerifier(SignatureScheme::RSA_PSS_RSAE_SHA512);
/// rsa_pss_pss_sha256: RSASSA-PSS with SHA-256 by a key whose certificate names it
/// id-RSASSA-PSS (RFC 8446 §4.2.3).
pub static RSA_PSS_PSS_SHA256: &dyn SignatureVerifier =
    &RsaVerifier(SignatureScheme::RSA_PSS_PSS_SHA256);
/// rsa_pss_pss_sha384: RSASSA-PSS with SHA-384 by an id-RSASSA-PSS key.
pub static RSA_PSS_PSS_SHA384: &dyn SignatureVerifier =
    &RsaVerifier(SignatureScheme::RSA_PSS_PSS_SHA384);
/// rsa_pss_pss_sha512: RSASSA-PSS with SHA-512 by an id-RSASSA-PSS key.
pub static RSA_PSS_PSS_SHA512: &dyn SignatureVerifier =
    &RsaVerifier(SignatureScheme::RSA_PSS_PSS_SHA512);
/// rsa_pkcs1_sha256: RSASSA-PKCS1-v1_5 with SHA-256.
pub static RSA_PKCS1_SHA256: &dyn SignatureVerifier =
    &RsaVerifier(SignatureScheme::RSA_PKCS1_SHA256);
/// rsa_pkcs1_sha384: RSASSA-PKCS1-v1_5 with SHA-384.
pub static RSA_PKCS1_SHA384: &dyn SignatureVerifier =
    &RsaVerifier(SignatureScheme::RSA_PKCS1_SHA384);
/// rsa_pkcs1_sha512: RSASSA-PKCS1-v1_5 with SHA-512.
pub static RSA_PKCS1_SHA512: &dyn SignatureVerifier =
    &RsaVerifier(SignatureScheme::RSA_PKCS1_SHA512);
/// ecdsa_secp256r1_sha256: ECDSA over P-256 with SHA-256, DER-encoded signature.
pub static ECDSA_SECP256R1_SHA256: &dyn SignatureVerifier =
    &EcdsaVerifier(SignatureScheme::ECDSA_SECP256R1_SHA256);
/// ecdsa_secp384r1_sha384: ECDSA over P-384 with SHA-384, DER-encoded signature.
pub static ECDSA_SECP384R1_SHA384: &dyn SignatureVerifier =
    &EcdsaVerifier(SignatureScheme::ECDSA_SECP384R1_SHA384);
/// ecdsa_secp521r1_sha512: ECDSA over P-521 with SHA-512, DER-encoded signature.
pub static ECDSA_SECP521R1_SHA512: &dyn SignatureVerifier =
    &EcdsaVerifier(SignatureScheme::ECDSA_SECP521R1_SHA512);
/// ed25519: PureEdDSA (RFC 8032).
pub static ED25519: &dyn SignatureVerifier = &Ed25519Verifier;

/// Every handshake verifier, in the provider's order of preference.
pub(crate) static ALL_VERIFIERS: &[Shared<dyn SignatureVerifier>] = &[
    Shared::Static(&EcdsaVerifier(SignatureScheme::ECDSA_SECP256R1_SHA256)),
    Shared::Static(&EcdsaVerifier(SignatureScheme::ECDSA_SECP384R1_SHA384)),
    Shared::Static(&EcdsaVerifier(SignatureScheme::ECDSA_SECP521R1_SHA512)),
    Shared::Static(&Ed25519Verifier),
    Shared::Static(&RsaVerifier(SignatureScheme::RSA_PSS_RSAE_SHA256)),
    Shared::Static(&RsaVerifier(SignatureScheme::RSA_PSS_RSAE_SHA384)),
    Shared::Static(&RsaVerifier(SignatureScheme::RSA_PSS_RSAE_SHA512)),
    Shared::Static(&RsaVerifier(SignatureScheme::RSA_PSS_PSS_SHA256)),
    Shared::Static(&RsaVerifier(SignatureScheme::RSA_PSS_PSS_SHA384)),
    Shared::Static(&RsaVerifier(SignatureScheme::RSA_PSS_PSS_SHA512)),
    Shared::Static(&RsaVerifier(SignatureScheme::RSA_PKCS1_SHA256)),
    Shared::Static(&RsaVerifier(SignatureScheme::RSA_PKCS1_SHA384)),
    Shared::Static(&RsaVerifier(SignatureScheme::RSA_PKCS1_SHA512)),
];

/// Every certificate signature verifier: each ECDSA curve (P-256, P-384, P-521) with each
/// hash (SHA-256/384/512), RSA PKCS#1 v1.5 and RSA-PSS with SHA-256/384/512 under
/// rsaEncryption keys, RSA-PSS under id-RSASSA-PSS keys, and Ed25519.
pub static CERT_VERIFIERS: &[Shared<dyn CertSignatureVerifier>] = &[
    Shared::Static(&CertVerifier(CertSignatureAlgorithm::EcdsaP256Sha256)),
    Shared::Static(&CertVerifier(CertSignatureAlgorithm::EcdsaP256Sha384)),
    Shared::Static(&CertVerifier(CertSignatureAlgorithm::EcdsaP256Sha512)),
    Shared::Static(&CertVerifier(CertSignatureAlgorithm::EcdsaP384Sha256)),
    Shared::Static(&CertVerifier(CertSignatureAlgorithm::EcdsaP384Sha384)),
    Shared::Static(&CertVerifier(CertSignatureAlgorithm::EcdsaP384Sha512)),
    Shared::Static(&CertVerifier(CertSignatureAlgorithm::EcdsaP521Sha256)),
    Shared::Static(&CertVerifier(CertSignatureAlgorithm::EcdsaP521Sha384)),
    Shared::Static(&CertVerifier(CertSignatureAlgorithm::EcdsaP521Sha512)),
    Shared::Static(&CertVerifier(CertSignatureAlgorithm::RsaPkcs1Sha256)),
    Shared::Static(&CertVerifier(CertSignatureAlgorithm::RsaPkcs1Sha384)),
    Shared::Static(&CertVerifier(CertSignatureAlgorithm::RsaPkcs1Sha512)),
    Shared::Static(&CertVerifier(CertSignatureAlgorithm::RsaPssSha256)),
    Shared::Static(&CertVerifier(CertSignatureAlgorithm::RsaPssSha384)),
    Shared::Static(&CertVerifier(CertSignatureAlgorithm::RsaPssSha512)),
    Shared::Static(&CertVerifier(CertSignatureAlgorithm::RsaPssKeySha256)),
    Shared::Static(&CertVerifier(CertSignatureAlgorithm::RsaPssKeySha384)),
    Shared::Static(&CertVerifier(CertSignatureAlgorithm::RsaPssKeySha512)),
    Shared::Static(&CertVerifier(CertSignatureAlgorithm::Ed25519)),
];

/// The two RSA signature encodings.
#[derive(Debug, Clone, Copy)]
enum RsaPadding {
    /// RSASSA-PSS with MGF1 over the same hash and a salt as long as the hash.
    Pss,
    /// RSASSA-PKCS1-v1_5.
    Pkcs1,
}

/// Verifies an RSA signature. Keys outside 2048–8192 bits fail with
/// [`CryptoError::UnsupportedKey`], a malformed `RSAPublicKey` with [`CryptoError::InvalidKey`].
fn verify_rsa(
    padding: RsaPadding,
    hash: HashAlgorithm,
    public_key: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), CryptoError> {
    let key = parse_public_key(public_key)?;
    match (padding, hash) {
        (RsaPadding::Pss, HashAlgorithm::Sha256) => key.pss_verify::<Sha256>(message, signature),
        (RsaPadding::Pss, HashAlgorithm::Sha384) => key.pss_verify::<Sha384>(message, signature),
        (RsaPadding::Pss, HashAlgorithm::Sha512) => key.pss_verify::<Sha512>(message, signature),
        (RsaPadding::Pkcs1, HashAlgorithm::Sha256) => {
            key.pkcs1v15_verify::<Sha256>(message, signature)
        }
        (RsaPadding::Pkcs1, HashAlgorithm::Sha384) => {
            key.pkcs1v15_verify::<Sha384>(message, signature)
        }
        (RsaPadding::Pkcs1, HashAlgorithm::Sha512) => {
            key.pkcs1v15_verify::<Sha512>(message, signature)
        }
        _ => return Err(CryptoError::Unsupported),
    }
    .map_err(|_| CryptoError::Failed)
}

/// Ed25519, with the strict checks of `verify_strict` (canonical encodings, no small-order
/// public key).
fn verify_ed25519(public_key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), CryptoError> {
    let key: &[u8; 32] = public_key.try_into().map_err(|_| CryptoError::InvalidKey)?;
    let key = ed25519_dalek::VerifyingKey::from_bytes(key).map_err(|_| CryptoError::InvalidKey)?;
    let sig = ed25519_dalek::Signature::from_slice(signature).map_err(|_| CryptoError::Failed)?;
    key.verify_strict(message, &sig)
        .map_err(|_| CryptoError::Failed)
}

/// An RSA verifier for one TLS scheme.
#[derive(Debug)]
struct RsaVerifier(SignatureScheme);

impl RsaVerifier {
    fn parts(&self) -> Option<(RsaPadding, HashAlgorithm, SignatureAlgorithm)> {
        use HashAlgorithm as H;
        use RsaPadding as P;
        use SignatureAlgorithm as K;
        Some(match self.0 {
            SignatureScheme::RSA_PSS_RSAE_SHA256 => (P::Pss, H::Sha256, K::Rsa),
            SignatureScheme::RSA_PSS_RSAE_SHA384 => (P::Pss, H::Sha384, K::Rsa),
            SignatureScheme::RSA_PSS_RSAE_SHA512 => (P::Pss, H::Sha512, K::Rsa),
            SignatureScheme::RSA_PSS_PSS_SHA256 => (P::Pss, H::Sha256, K::RsaPss),
            SignatureScheme::RSA_PSS_PSS_SHA384 => (P::Pss, H::Sha384, K::RsaPss),
            SignatureScheme::RSA_PSS_PSS_SHA512 => (P::Pss, H::Sha512, K::RsaPss),
            SignatureScheme::RSA_PKCS1_SHA256 => (P::Pkcs1, H::Sha256, K::Rsa),
            SignatureScheme::RSA_PKCS1_SHA384 => (P::Pkcs1, H::Sha384, K::Rsa),
            SignatureScheme::RSA_PKCS1_SHA512 => (P::Pkcs1, H::Sha512, K::Rsa),
            _ => return None,
        })
    }
}

impl SignatureVerifier for RsaVerifier {
    fn scheme(&self) -> SignatureScheme {
        self.0
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        self.parts()
            .map_or(SignatureAlgorithm::Rsa, |(_, _, key)| key)
    }

    fn verify(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        let (padding, hash, _) = self.parts().ok_or(CryptoError::Unsupported)?;
        verify_rsa(padding, hash, public_key, message, signature)
    }
}

/// An ECDSA verifier for one TLS scheme, whose curve and hash are both fixed by the scheme.
#[derive(Debug)]
struct EcdsaVerifier(SignatureScheme);

impl EcdsaVerifier {
    fn parts(&self) -> Option<(SignatureAlgorithm, HashAlgorithm)> {
        Some(match self.0 {
            SignatureScheme::ECDSA_SECP256R1_SHA256 => {
                (SignatureAlgorithm::EcdsaP256, HashAlgorithm::Sha256)
            }
            SignatureScheme::ECDSA_SECP384R1_SHA384 => {
                (SignatureAlgorithm::EcdsaP384, HashAlgorithm::Sha384)
            }
            SignatureScheme::ECDSA_SECP521R1_SHA512 => {
                (SignatureAlgorithm::EcdsaP521, HashAlgorithm::Sha512)
            }
            _ => return None,
        })
    }
}

impl SignatureVerifier for EcdsaVerifier {
    fn scheme(&self) -> SignatureScheme {
        self.0
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        self.parts()
            .map_or(SignatureAlgorithm::EcdsaP256, |(curve, _)| curve)
    }

    fn verify(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        let (curve, hash) = self.parts().ok_or(CryptoError::Unsupported)?;
        verify_ecdsa(curve, hash, public_key, message, signature)
    }
}

#[derive(Debug)]
struct Ed25519Verifier;

impl SignatureVerifier for Ed25519Verifier {
    fn scheme(&self) -> SignatureScheme {
        SignatureScheme::ED25519
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::Ed25519
    }

    fn verify(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        verify_ed25519(public_key, message, signature)
    }
}

/// A certificate signature verifier for one (public-key, signature) algorithm pair.
#[derive(Debug)]
struct CertVerifier(CertSignatureAlgorithm);

impl CertSignatureVerifier for CertVerifier {
    fn algorithm(&self) -> CertSignatureAlgorithm {
        self.0
    }

    fn verify(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        use CertSignatureAlgorithm as A;
        use HashAlgorithm as H;
        let rsa = |padding, hash| verify_rsa(padding, hash, public_key, message, signature);
        let ecdsa = |hash| verify_ecdsa(self.0.key(), hash, public_key, message, signature);
        match self.0 {
            A::EcdsaP256Sha256 | A::EcdsaP384Sha256 | A::EcdsaP521Sha256 => ecdsa(H::Sha256),
            A::EcdsaP256Sha384 | A::EcdsaP384Sha384 | A::EcdsaP521Sha384 => ecdsa(H::Sha384),
            A::EcdsaP256Sha512 | A::EcdsaP384Sha512 | A::EcdsaP521Sha512 => ecdsa(H::Sha512),
            A::RsaPkcs1Sha256 => rsa(RsaPadding::Pkcs1, H::Sha256),
            A::RsaPkcs1Sha384 => rsa(RsaPadding::Pkcs1, H::Sha384),
            A::RsaPkcs1Sha512 => rsa(RsaPadding::Pkcs1, H::Sha512),
            A::RsaPssSha256 | A::RsaPssKeySha256 => rsa(RsaPadding::Pss, H::Sha256),
            A::RsaPssSha384 | A::RsaPssKeySha384 => rsa(RsaPadding::Pss, H::Sha384),
            A::RsaPssSha512 | A::RsaPssKeySha512 => rsa(RsaPadding::Pss, H::Sha512),
            A::Ed25519 => verify_ed25519(public_key, message, signature),
            _ => Err(CryptoError::Unsupported),
        }
    }
}
