//! Signature verification: the handshake schemes and the certificate pairs ring can check.
//! ring has no P-521 and no ECDSA with SHA-512: those come from a fallback provider
//! ([`with_fallback`](crate::with_fallback)).

use ring::signature::{self, UnparsedPublicKey, VerificationAlgorithm};
use stratls_crypto::{
    CertSignatureAlgorithm, CertSignatureVerifier, CryptoError, Shared, SignatureAlgorithm,
    SignatureScheme, SignatureVerifier,
};

/// One handshake signature scheme, verified by ring.
#[derive(Debug)]
pub struct RingVerifier {
    scheme: SignatureScheme,
    family: SignatureAlgorithm,
    ring: &'static dyn VerificationAlgorithm,
}

impl SignatureVerifier for RingVerifier {
    fn scheme(&self) -> SignatureScheme {
        self.scheme
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        self.family
    }

    fn verify(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        check_key_shape(self.family, public_key)?;
        UnparsedPublicKey::new(self.ring, public_key)
            .verify(message, signature)
            .map_err(|_| CryptoError::Failed)
    }
}

/// A public key of the wrong shape for `family` is [`CryptoError::InvalidKey`] (ring answers
/// every failure alike): an uncompressed point of the curve's length for ECDSA, 32 bytes for
/// Ed25519, a DER SEQUENCE for RSA. ring parses and checks the key itself afterwards.
fn check_key_shape(family: SignatureAlgorithm, public_key: &[u8]) -> Result<(), CryptoError> {
    let ok = match family {
        SignatureAlgorithm::EcdsaP256 => public_key.len() == 65 && public_key[0] == 0x04,
        SignatureAlgorithm::EcdsaP384 => public_key.len() == 97 && public_key[0] == 0x04,
        SignatureAlgorithm::Ed25519 => public_key.len() == 32,
        SignatureAlgorithm::Rsa | SignatureAlgorithm::RsaPss => public_key.first() == Some(&0x30),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(CryptoError::InvalidKey)
    }
}

/// One certificate signature algorithm, verified by ring.
#[derive(Debug)]
pub struct RingCertVerifier {
    algorithm: CertSignatureAlgorithm,
    ring: &'static dyn VerificationAlgorithm,
}

impl CertSignatureVerifier for RingCertVerifier {
    fn algorithm(&self) -> CertSignatureAlgorithm {
        self.algorithm
    }

    fn verify(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        check_key_shape(self.algorithm.key(), public_key)?;
        UnparsedPublicKey::new(self.ring, public_key)
            .verify(message, signature)
            .map_err(|_| CryptoError::Failed)
    }
}

macro_rules! verifier {
    ($scheme:ident, $family:ident, $ring:ident) => {
        Shared::Static(&RingVerifier {
            scheme: SignatureScheme::$scheme,
            family: SignatureAlgorithm::$family,
            ring: &signature::$ring,
        })
    };
}

macro_rules! cert_verifier {
    ($alg:ident, $ring:ident) => {
        Shared::Static(&RingCertVerifier {
            algorithm: CertSignatureAlgorithm::$alg,
            ring: &signature::$ring,
        })
    };
}

/// The handshake verifiers, in preference order: ecdsa_secp256r1_sha256,
/// ecdsa_secp384r1_sha384, ed25519, rsa_pss_rsae_sha256/384/512, rsa_pss_pss_sha256/384/512,
/// rsa_pkcs1_sha256/384/512. RSA keys of 2048 to 8192 bits.
pub static VERIFIERS: &[Shared<dyn SignatureVerifier>] = &[
    verifier!(ECDSA_SECP256R1_SHA256, EcdsaP256, ECDSA_P256_SHA256_ASN1),
    verifier!(ECDSA_SECP384R1_SHA384, EcdsaP384, ECDSA_P384_SHA384_ASN1),
    verifier!(ED25519, Ed25519, ED25519),
    verifier!(RSA_PSS_RSAE_SHA256, Rsa, RSA_PSS_2048_8192_SHA256),
    verifier!(RSA_PSS_RSAE_SHA384, Rsa, RSA_PSS_2048_8192_SHA384),
    verifier!(RSA_PSS_RSAE_SHA512, Rsa, RSA_PSS_2048_8192_SHA512),
    verifier!(RSA_PSS_PSS_SHA256, RsaPss, RSA_PSS_2048_8192_SHA256),
    verifier!(RSA_PSS_PSS_SHA384, RsaPss, RSA_PSS_2048_8192_SHA384),
    verifier!(RSA_PSS_PSS_SHA512, RsaPss, RSA_PSS_2048_8192_SHA512),
    verifier!(RSA_PKCS1_SHA256, Rsa, RSA_PKCS1_2048_8192_SHA256),
    verifier!(RSA_PKCS1_SHA384, Rsa, RSA_PKCS1_2048_8192_SHA384),
    verifier!(RSA_PKCS1_SHA512, Rsa, RSA_PKCS1_2048_8192_SHA512),
];

/// The certificate verifiers: ECDSA P-256 and P-384 each with SHA-256 and SHA-384, RSA
/// PKCS#1 v1.5 and RSA-PSS with SHA-256/384/512 (rsaEncryption and id-RSASSA-PSS keys),
/// Ed25519.
pub static CERT_VERIFIERS: &[Shared<dyn CertSignatureVerifier>] = &[
    cert_verifier!(EcdsaP256Sha256, ECDSA_P256_SHA256_ASN1),
    cert_verifier!(EcdsaP256Sha384, ECDSA_P256_SHA384_ASN1),
    cert_verifier!(EcdsaP384Sha256, ECDSA_P384_SHA256_ASN1),
    cert_verifier!(EcdsaP384Sha384, ECDSA_P384_SHA384_ASN1),
    cert_verifier!(RsaPkcs1Sha256, RSA_PKCS1_2048_8192_SHA256),
    cert_verifier!(RsaPkcs1Sha384, RSA_PKCS1_2048_8192_SHA384),
    cert_verifier!(RsaPkcs1Sha512, RSA_PKCS1_2048_8192_SHA512),
    cert_verifier!(RsaPssSha256, RSA_PSS_2048_8192_SHA256),
    cert_verifier!(RsaPssSha384, RSA_PSS_2048_8192_SHA384),
    cert_verifier!(RsaPssSha512, RSA_PSS_2048_8192_SHA512),
    cert_verifier!(RsaPssKeySha256, RSA_PSS_2048_8192_SHA256),
    cert_verifier!(RsaPssKeySha384, RSA_PSS_2048_8192_SHA384),
    cert_verifier!(RsaPssKeySha512, RSA_PSS_2048_8192_SHA512),
    cert_verifier!(Ed25519, ED25519),
];
