//! Signature verification, one verifier per TLS SignatureScheme.

use p256::ecdsa::signature::Verifier as _;
use sha2::{Sha256, Sha384, Sha512};
use stratls_crypto::{CryptoError, Shared, SignatureAlgorithm, SignatureScheme, SignatureVerifier};

use crate::sign_rsa::parse_public_key;

/// rsa_pss_rsae_sha256: RSASSA-PSS, MGF1 and salt length both SHA-256 (RFC 8446 §4.2.3).
pub static RSA_PSS_RSAE_SHA256: &dyn SignatureVerifier =
    &RsaVerifier(SignatureScheme::RSA_PSS_RSAE_SHA256);
/// rsa_pss_rsae_sha384: RSASSA-PSS, MGF1 and salt length both SHA-384.
pub static RSA_PSS_RSAE_SHA384: &dyn SignatureVerifier =
    &RsaVerifier(SignatureScheme::RSA_PSS_RSAE_SHA384);
/// rsa_pss_rsae_sha512: RSASSA-PSS, MGF1 and salt length both SHA-512.
pub static RSA_PSS_RSAE_SHA512: &dyn SignatureVerifier =
    &RsaVerifier(SignatureScheme::RSA_PSS_RSAE_SHA512);
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
pub static ECDSA_SECP256R1_SHA256: &dyn SignatureVerifier = &EcdsaP256Verifier;
/// ed25519: PureEdDSA (RFC 8032).
pub static ED25519: &dyn SignatureVerifier = &Ed25519Verifier;

/// Every verifier, in the provider's order of preference.
pub(crate) static ALL_VERIFIERS: &[Shared<dyn SignatureVerifier>] = &[
    Shared::Static(&EcdsaP256Verifier),
    Shared::Static(&Ed25519Verifier),
    Shared::Static(&RsaVerifier(SignatureScheme::RSA_PSS_RSAE_SHA256)),
    Shared::Static(&RsaVerifier(SignatureScheme::RSA_PSS_RSAE_SHA384)),
    Shared::Static(&RsaVerifier(SignatureScheme::RSA_PSS_RSAE_SHA512)),
    Shared::Static(&RsaVerifier(SignatureScheme::RSA_PKCS1_SHA256)),
    Shared::Static(&RsaVerifier(SignatureScheme::RSA_PKCS1_SHA384)),
    Shared::Static(&RsaVerifier(SignatureScheme::RSA_PKCS1_SHA512)),
];

/// An RSA verifier for one scheme. Keys outside 2048–8192 bits fail with
/// [`CryptoError::UnsupportedKey`], a malformed `RSAPublicKey` with [`CryptoError::InvalidKey`].
#[derive(Debug)]
struct RsaVerifier(SignatureScheme);

impl SignatureVerifier for RsaVerifier {
    fn scheme(&self) -> SignatureScheme {
        self.0
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::Rsa
    }

    fn verify(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        let key = parse_public_key(public_key)?;
        match self.0 {
            SignatureScheme::RSA_PSS_RSAE_SHA256 => key.pss_verify::<Sha256>(message, signature),
            SignatureScheme::RSA_PSS_RSAE_SHA384 => key.pss_verify::<Sha384>(message, signature),
            SignatureScheme::RSA_PSS_RSAE_SHA512 => key.pss_verify::<Sha512>(message, signature),
            SignatureScheme::RSA_PKCS1_SHA256 => key.pkcs1v15_verify::<Sha256>(message, signature),
            SignatureScheme::RSA_PKCS1_SHA384 => key.pkcs1v15_verify::<Sha384>(message, signature),
            SignatureScheme::RSA_PKCS1_SHA512 => key.pkcs1v15_verify::<Sha512>(message, signature),
            _ => return Err(CryptoError::Unsupported),
        }
        .map_err(|_| CryptoError::Failed)
    }
}

/// ECDSA P-256 / SHA-256. Accepts both low-S and high-S signatures, as other TLS stacks do.
#[derive(Debug)]
struct EcdsaP256Verifier;

impl SignatureVerifier for EcdsaP256Verifier {
    fn scheme(&self) -> SignatureScheme {
        SignatureScheme::ECDSA_SECP256R1_SHA256
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::EcdsaP256
    }

    fn verify(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(public_key)
            .map_err(|_| CryptoError::InvalidKey)?;
        let sig =
            p256::ecdsa::DerSignature::from_bytes(signature).map_err(|_| CryptoError::Failed)?;
        key.verify(message, &sig).map_err(|_| CryptoError::Failed)
    }
}

/// Ed25519, with the strict checks of `verify_strict` (canonical encodings, no small-order
/// public key).
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
        let key: &[u8; 32] = public_key.try_into().map_err(|_| CryptoError::InvalidKey)?;
        let key =
            ed25519_dalek::VerifyingKey::from_bytes(key).map_err(|_| CryptoError::InvalidKey)?;
        let sig =
            ed25519_dalek::Signature::from_slice(signature).map_err(|_| CryptoError::Failed)?;
        key.verify_strict(message, &sig)
            .map_err(|_| CryptoError::Failed)
    }
}
