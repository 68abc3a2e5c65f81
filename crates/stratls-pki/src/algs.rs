//! The algorithms webpki checks signatures with, each backed by the configured provider:
//! [`CertAlgorithm`] for certificate signatures, one per (public-key algorithm, signature
//! algorithm) pair of the provider's [`CertSignatureVerifier`]s, and [`ProviderAlgorithm`]
//! for the key of a TLS [`SignatureScheme`], which names exactly one pair.

use core::fmt;

use rustls_pki_types::{
    AlgorithmIdentifier, InvalidSignature, SignatureVerificationAlgorithm, alg_id,
};
use stratls_crypto::{
    CertSignatureAlgorithm, CertSignatureVerifier, CryptoProvider, Shared, SignatureAlgorithm,
    SignatureScheme, SignatureVerifier,
};

/// The AlgorithmIdentifier contents of an id-RSASSA-PSS public key without parameters
/// (RFC 4055 §3.1): the OID 1.2.840.113549.1.1.10 alone. A key whose parameters restrict it to
/// one hash has other bytes and is not matched.
pub const RSASSA_PSS_KEY: AlgorithmIdentifier = AlgorithmIdentifier::from_slice(&[
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a,
]);

/// The X.509 identifiers of a certificate signature algorithm: (subjectPublicKeyInfo
/// algorithm, signatureAlgorithm), as webpki compares them.
pub fn cert_identifiers(
    alg: CertSignatureAlgorithm,
) -> Option<(AlgorithmIdentifier, AlgorithmIdentifier)> {
    use CertSignatureAlgorithm as A;
    Some(match alg {
        A::EcdsaP256Sha256 => (alg_id::ECDSA_P256, alg_id::ECDSA_SHA256),
        A::EcdsaP256Sha384 => (alg_id::ECDSA_P256, alg_id::ECDSA_SHA384),
        A::EcdsaP256Sha512 => (alg_id::ECDSA_P256, alg_id::ECDSA_SHA512),
        A::EcdsaP384Sha256 => (alg_id::ECDSA_P384, alg_id::ECDSA_SHA256),
        A::EcdsaP384Sha384 => (alg_id::ECDSA_P384, alg_id::ECDSA_SHA384),
        A::EcdsaP384Sha512 => (alg_id::ECDSA_P384, alg_id::ECDSA_SHA512),
        A::EcdsaP521Sha256 => (alg_id::ECDSA_P521, alg_id::ECDSA_SHA256),
        A::EcdsaP521Sha384 => (alg_id::ECDSA_P521, alg_id::ECDSA_SHA384),
        A::EcdsaP521Sha512 => (alg_id::ECDSA_P521, alg_id::ECDSA_SHA512),
        A::RsaPkcs1Sha256 => (alg_id::RSA_ENCRYPTION, alg_id::RSA_PKCS1_SHA256),
        A::RsaPkcs1Sha384 => (alg_id::RSA_ENCRYPTION, alg_id::RSA_PKCS1_SHA384),
        A::RsaPkcs1Sha512 => (alg_id::RSA_ENCRYPTION, alg_id::RSA_PKCS1_SHA512),
        A::RsaPssSha256 => (alg_id::RSA_ENCRYPTION, alg_id::RSA_PSS_SHA256),
        A::RsaPssSha384 => (alg_id::RSA_ENCRYPTION, alg_id::RSA_PSS_SHA384),
        A::RsaPssSha512 => (alg_id::RSA_ENCRYPTION, alg_id::RSA_PSS_SHA512),
        A::RsaPssKeySha256 => (RSASSA_PSS_KEY, alg_id::RSA_PSS_SHA256),
        A::RsaPssKeySha384 => (RSASSA_PSS_KEY, alg_id::RSA_PSS_SHA384),
        A::RsaPssKeySha512 => (RSASSA_PSS_KEY, alg_id::RSA_PSS_SHA512),
        A::Ed25519 => (alg_id::ED25519, alg_id::ED25519),
        _ => return None,
    })
}

/// The X.509 identifiers of the key and signature of a TLS signature scheme, for the
/// handshake: (subjectPublicKeyInfo algorithm, signatureAlgorithm).
fn scheme_identifiers(
    tls_scheme: SignatureScheme,
) -> Option<(AlgorithmIdentifier, AlgorithmIdentifier)> {
    use CertSignatureAlgorithm as A;
    cert_identifiers(match tls_scheme {
        SignatureScheme::RSA_PKCS1_SHA256 => A::RsaPkcs1Sha256,
        SignatureScheme::RSA_PKCS1_SHA384 => A::RsaPkcs1Sha384,
        SignatureScheme::RSA_PKCS1_SHA512 => A::RsaPkcs1Sha512,
        SignatureScheme::RSA_PSS_RSAE_SHA256 => A::RsaPssSha256,
        SignatureScheme::RSA_PSS_RSAE_SHA384 => A::RsaPssSha384,
        SignatureScheme::RSA_PSS_RSAE_SHA512 => A::RsaPssSha512,
        SignatureScheme::RSA_PSS_PSS_SHA256 => A::RsaPssKeySha256,
        SignatureScheme::RSA_PSS_PSS_SHA384 => A::RsaPssKeySha384,
        SignatureScheme::RSA_PSS_PSS_SHA512 => A::RsaPssKeySha512,
        SignatureScheme::ECDSA_SECP256R1_SHA256 => A::EcdsaP256Sha256,
        SignatureScheme::ECDSA_SECP384R1_SHA384 => A::EcdsaP384Sha384,
        SignatureScheme::ECDSA_SECP521R1_SHA512 => A::EcdsaP521Sha512,
        SignatureScheme::ED25519 => A::Ed25519,
        _ => return None,
    })
}

/// The key family of a SubjectPublicKeyInfo algorithm (the AlgorithmIdentifier's contents),
/// if it is one stratls-pki names.
pub(crate) fn key_family(spki_algorithm: &[u8]) -> Option<SignatureAlgorithm> {
    let table = [
        (alg_id::RSA_ENCRYPTION, SignatureAlgorithm::Rsa),
        (RSASSA_PSS_KEY, SignatureAlgorithm::RsaPss),
        (alg_id::ECDSA_P256, SignatureAlgorithm::EcdsaP256),
        (alg_id::ECDSA_P384, SignatureAlgorithm::EcdsaP384),
        (alg_id::ECDSA_P521, SignatureAlgorithm::EcdsaP521),
        (alg_id::ED25519, SignatureAlgorithm::Ed25519),
    ];
    table
        .into_iter()
        .find(|(id, _)| id.as_ref() == spki_algorithm)
        .map(|(_, family)| family)
}

/// One certificate signature algorithm as webpki sees it, verified by a provider's
/// [`CertSignatureVerifier`].
pub struct CertAlgorithm {
    verifier: Shared<dyn CertSignatureVerifier>,
    public_key_alg: AlgorithmIdentifier,
    signature_alg: AlgorithmIdentifier,
}

impl CertAlgorithm {
    /// The webpki view of `verifier`, or `None` for a pair with no X.509 identifiers known
    /// here.
    pub fn new(verifier: Shared<dyn CertSignatureVerifier>) -> Option<Self> {
        let (public_key_alg, signature_alg) = cert_identifiers(verifier.algorithm())?;
        Some(Self {
            verifier,
            public_key_alg,
            signature_alg,
        })
    }

    /// The pair this verifies.
    pub fn algorithm(&self) -> CertSignatureAlgorithm {
        self.verifier.algorithm()
    }
}

impl SignatureVerificationAlgorithm for CertAlgorithm {
    fn verify_signature(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        self.verifier
            .verify(public_key, message, signature)
            .map_err(|_| InvalidSignature)
    }

    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        self.public_key_alg
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        self.signature_alg
    }
}

impl fmt::Debug for CertAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CertAlgorithm({:?})", self.verifier)
    }
}

/// Every certificate signature verifier of `provider` that webpki can use, in the provider's
/// order.
pub fn cert_algorithms(provider: &CryptoProvider) -> Vec<CertAlgorithm> {
    provider
        .cert_signature_verifiers
        .iter()
        .cloned()
        .filter_map(CertAlgorithm::new)
        .collect()
}

/// One TLS signature scheme as webpki sees it (a public-key algorithm and a signature
/// algorithm identifier), verified by a provider's [`SignatureVerifier`]: the key a
/// handshake signature of that scheme needs.
pub struct ProviderAlgorithm {
    verifier: Shared<dyn SignatureVerifier>,
    public_key_alg: AlgorithmIdentifier,
    signature_alg: AlgorithmIdentifier,
}

impl ProviderAlgorithm {
    /// The webpki view of `verifier`, or `None` for a scheme with no X.509 algorithm
    /// identifiers known here.
    pub fn new(verifier: Shared<dyn SignatureVerifier>) -> Option<Self> {
        let (public_key_alg, signature_alg) = scheme_identifiers(verifier.scheme())?;
        Some(Self {
            verifier,
            public_key_alg,
            signature_alg,
        })
    }

    /// The TLS SignatureScheme code point.
    pub fn scheme(&self) -> SignatureScheme {
        self.verifier.scheme()
    }
}

impl SignatureVerificationAlgorithm for ProviderAlgorithm {
    fn verify_signature(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        self.verifier
            .verify(public_key, message, signature)
            .map_err(|_| InvalidSignature)
    }

    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        self.public_key_alg
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        self.signature_alg
    }
}

impl fmt::Debug for ProviderAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProviderAlgorithm({:?})", self.verifier)
    }
}

/// Every handshake verifier of `provider` that maps to X.509 identifiers, in the provider's
/// order.
pub fn provider_algorithms(provider: &CryptoProvider) -> Vec<ProviderAlgorithm> {
    provider_algorithm_iter(provider).collect()
}

/// [`provider_algorithms`] without collecting them.
pub(crate) fn provider_algorithm_iter(
    provider: &CryptoProvider,
) -> impl Iterator<Item = ProviderAlgorithm> + '_ {
    provider
        .signature_verifiers
        .iter()
        .cloned()
        .filter_map(ProviderAlgorithm::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pair has identifiers, and no two pairs share both.
    #[test]
    fn every_pair_has_distinct_identifiers() {
        let ids: Vec<_> = CertSignatureAlgorithm::ALL
            .iter()
            .map(|a| cert_identifiers(*a).unwrap_or_else(|| panic!("{a:?}")))
            .collect();
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i + 1..] {
                assert!(
                    a.0.as_ref() != b.0.as_ref() || a.1.as_ref() != b.1.as_ref(),
                    "two pairs with the same identifiers"
                );
            }
        }
        for a in CertSignatureAlgorithm::ALL {
            let (key, _) = cert_identifiers(a).expect("identifiers");
            assert_eq!(key_family(key.as_ref()), Some(a.key()), "{a:?}");
        }
    }
}
