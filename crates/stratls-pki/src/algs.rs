use core::fmt;

use rustls_pki_types::{
    AlgorithmIdentifier, InvalidSignature, SignatureVerificationAlgorithm, alg_id,
};
use stratls_crypto::{CryptoProvider, Shared, SignatureScheme, SignatureVerifier};

/// One signature algorithm as webpki sees it (a public-key algorithm and a signature algorithm
/// identifier), verified by a provider's [`SignatureVerifier`].
pub struct ProviderAlgorithm {
    verifier: Shared<dyn SignatureVerifier>,
    public_key_alg: AlgorithmIdentifier,
    signature_alg: AlgorithmIdentifier,
}

impl ProviderAlgorithm {
    /// The webpki view of `verifier`, or `None` for a scheme with no X.509 algorithm
    /// identifiers known here.
    pub fn new(verifier: Shared<dyn SignatureVerifier>) -> Option<Self> {
        let (public_key_alg, signature_alg) = identifiers(verifier.scheme())?;
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

/// The X.509 identifiers of a TLS signature scheme: (subjectPublicKeyInfo algorithm,
/// signatureAlgorithm).
fn identifiers(tls_scheme: SignatureScheme) -> Option<(AlgorithmIdentifier, AlgorithmIdentifier)> {
    Some(match tls_scheme {
        SignatureScheme::RSA_PKCS1_SHA256 => (alg_id::RSA_ENCRYPTION, alg_id::RSA_PKCS1_SHA256),
        SignatureScheme::RSA_PKCS1_SHA384 => (alg_id::RSA_ENCRYPTION, alg_id::RSA_PKCS1_SHA384),
        SignatureScheme::RSA_PKCS1_SHA512 => (alg_id::RSA_ENCRYPTION, alg_id::RSA_PKCS1_SHA512),
        SignatureScheme::RSA_PSS_RSAE_SHA256 => (alg_id::RSA_ENCRYPTION, alg_id::RSA_PSS_SHA256),
        SignatureScheme::RSA_PSS_RSAE_SHA384 => (alg_id::RSA_ENCRYPTION, alg_id::RSA_PSS_SHA384),
        SignatureScheme::RSA_PSS_RSAE_SHA512 => (alg_id::RSA_ENCRYPTION, alg_id::RSA_PSS_SHA512),
        SignatureScheme::ECDSA_SECP256R1_SHA256 => (alg_id::ECDSA_P256, alg_id::ECDSA_SHA256),
        SignatureScheme::ECDSA_SECP384R1_SHA384 => (alg_id::ECDSA_P384, alg_id::ECDSA_SHA384),
        SignatureScheme::ED25519 => (alg_id::ED25519, alg_id::ED25519),
        _ => return None,
    })
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

/// Every verifier of `provider` that webpki can use, in the provider's order.
pub fn provider_algorithms(provider: &CryptoProvider) -> Vec<ProviderAlgorithm> {
    provider
        .signature_verifiers
        .iter()
        .cloned()
        .filter_map(ProviderAlgorithm::new)
        .collect()
}
