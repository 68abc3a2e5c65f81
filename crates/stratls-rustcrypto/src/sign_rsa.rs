//! RSA signing keys: RSASSA-PSS and RSASSA-PKCS1-v1_5 (RFC 8017) with SHA-256/384/512, and
//! RSAES-PKCS1-v1_5 decryption for the TLS 1.2 RSA key exchange.

use std::sync::Arc;

use rsa::traits::PublicKeyParts;
use sha2::{Sha256, Sha384, Sha512};
use stratls_crypto::{
    CryptoError, Secret, SignatureAlgorithm, SignatureScheme, Signer, SigningKey,
};

/// The smallest RSA modulus this provider signs or verifies with, in bits.
pub(crate) const MIN_RSA_BITS: usize = 2048;

/// The largest RSA modulus this provider accepts, in bits (the `rsa` crate's own ceiling).
pub(crate) const MAX_RSA_BITS: usize = 8192;

/// The schemes an RSA key makes, in the order this key prefers them when it has a choice.
///
/// TLS 1.3 forbids the PKCS#1 v1.5 schemes for CertificateVerify (RFC 8446 §4.4.3); this key
/// offers them all, and the TLS 1.3 handshake removes them from `offered` before it asks.
const RSA_SCHEMES: [SignatureScheme; 6] = [
    SignatureScheme::RSA_PSS_RSAE_SHA256,
    SignatureScheme::RSA_PSS_RSAE_SHA384,
    SignatureScheme::RSA_PSS_RSAE_SHA512,
    SignatureScheme::RSA_PKCS1_SHA256,
    SignatureScheme::RSA_PKCS1_SHA384,
    SignatureScheme::RSA_PKCS1_SHA512,
];

/// The schemes an id-RSASSA-PSS key makes (RFC 8446 §4.2.3): RSASSA-PSS only, and only under
/// the `rsa_pss_pss_*` code points, which tell the peer the certificate names the key so.
const RSA_PSS_KEY_SCHEMES: [SignatureScheme; 3] = [
    SignatureScheme::RSA_PSS_PSS_SHA256,
    SignatureScheme::RSA_PSS_PSS_SHA384,
    SignatureScheme::RSA_PSS_PSS_SHA512,
];

/// The DER AlgorithmIdentifier of an id-RSASSA-PSS key without parameters (RFC 4055 §3.1):
/// `SEQUENCE { OID 1.2.840.113549.1.1.10 }`.
const RSASSA_PSS_KEY_ALGORITHM: [u8; 13] = [
    0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a,
];

/// Which key type an RSA key is, as its PKCS#8 container and certificate name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RsaKeyType {
    /// rsaEncryption: PSS and PKCS#1 v1.5 signatures, PKCS#1 v1.5 decryption.
    Encryption,
    /// id-RSASSA-PSS without parameters: PSS signatures only (RFC 4055 §1.2).
    Pss,
}

/// An RSA private key (the `rsa` crate zeroizes it on drop).
pub(crate) struct RsaSigningKey {
    key: Arc<rsa::PrivateKey>,
    kind: RsaKeyType,
}

impl RsaSigningKey {
    pub(crate) fn new(key: rsa::PrivateKey, kind: RsaKeyType) -> Self {
        Self {
            key: Arc::new(key),
            kind,
        }
    }

    fn schemes(&self) -> &'static [SignatureScheme] {
        match self.kind {
            RsaKeyType::Encryption => &RSA_SCHEMES,
            RsaKeyType::Pss => &RSA_PSS_KEY_SCHEMES,
        }
    }
}

impl core::fmt::Debug for RsaSigningKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "RsaSigningKey({:?}, {} bits)",
            self.kind,
            self.key.n().bit_width()
        )
    }
}

impl SigningKey for RsaSigningKey {
    fn algorithm(&self) -> SignatureAlgorithm {
        match self.kind {
            RsaKeyType::Encryption => SignatureAlgorithm::Rsa,
            RsaKeyType::Pss => SignatureAlgorithm::RsaPss,
        }
    }

    /// Walks `offered` in the peer's order and takes the first scheme of this key type: PSS or
    /// PKCS#1 v1.5 (`rsa_pss_rsae_*`, `rsa_pkcs1_*`) for an rsaEncryption key, `rsa_pss_pss_*`
    /// for an id-RSASSA-PSS key. Filtering out PKCS#1 v1.5 in TLS 1.3 is the handshake layer's
    /// job (RFC 8446 §4.4.3).
    fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<Box<dyn Signer>> {
        let schemes = self.schemes();
        let scheme = offered.iter().copied().find(|s| schemes.contains(s))?;
        Some(Box::new(RsaSigner {
            key: Arc::clone(&self.key),
            scheme,
        }))
    }

    /// The SubjectPublicKeyInfo a certificate for this key carries: rsaEncryption (with NULL
    /// parameters) or id-RSASSA-PSS (without parameters), and the `RSAPublicKey` (RFC 8017
    /// Appendix A.1.1).
    fn public_key(&self) -> Option<Vec<u8>> {
        match self.kind {
            RsaKeyType::Encryption => {
                use rsa::pkcs8::EncodePublicKey;
                let der = self.key.as_public_key().to_public_key_der().ok()?;
                Some(der.into_vec())
            }
            RsaKeyType::Pss => {
                use rsa::pkcs1::EncodeRsaPublicKey;
                let key = self.key.as_public_key().to_pkcs1_der().ok()?;
                Some(pss_spki(key.as_bytes()))
            }
        }
    }

    /// RSAES-PKCS1-v1_5 decryption with implicit rejection: a ciphertext with bad padding
    /// yields a deterministic pseudo-random message, not an error, so the caller sees no
    /// padding oracle. Errors remain for a ciphertext of the wrong length or out of range.
    /// An id-RSASSA-PSS key does not decrypt ([`CryptoError::Unsupported`], RFC 4055 §1.2).
    fn decrypt_pkcs1v15(&self, ciphertext: &[u8]) -> Result<Secret, CryptoError> {
        if self.kind == RsaKeyType::Pss {
            return Err(CryptoError::Unsupported);
        }
        self.key
            .pkcs1v15_decrypt(ciphertext)
            .map(Secret::new)
            .map_err(|_| CryptoError::Failed)
    }
}

/// An RSA key bound to one scheme.
struct RsaSigner {
    key: Arc<rsa::PrivateKey>,
    scheme: SignatureScheme,
}

impl core::fmt::Debug for RsaSigner {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "RsaSigner({:?})", self.scheme)
    }
}

impl Signer for RsaSigner {
    fn scheme(&self) -> SignatureScheme {
        self.scheme
    }

    /// PSS signatures use a salt as long as the hash, as TLS requires (RFC 8446 §4.2.3).
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let key = &self.key;
        match self.scheme {
            SignatureScheme::RSA_PSS_RSAE_SHA256 | SignatureScheme::RSA_PSS_PSS_SHA256 => {
                key.pss_sign::<Sha256>(message)
            }
            SignatureScheme::RSA_PSS_RSAE_SHA384 | SignatureScheme::RSA_PSS_PSS_SHA384 => {
                key.pss_sign::<Sha384>(message)
            }
            SignatureScheme::RSA_PSS_RSAE_SHA512 | SignatureScheme::RSA_PSS_PSS_SHA512 => {
                key.pss_sign::<Sha512>(message)
            }
            SignatureScheme::RSA_PKCS1_SHA256 => key.pkcs1v15_sign::<Sha256>(message),
            SignatureScheme::RSA_PKCS1_SHA384 => key.pkcs1v15_sign::<Sha384>(message),
            SignatureScheme::RSA_PKCS1_SHA512 => key.pkcs1v15_sign::<Sha512>(message),
            _ => return Err(CryptoError::Unsupported),
        }
        .map_err(|_| CryptoError::Failed)
    }
}

/// `SubjectPublicKeyInfo ::= SEQUENCE { id-RSASSA-PSS, BIT STRING { RSAPublicKey } }`.
fn pss_spki(rsa_public_key: &[u8]) -> Vec<u8> {
    let mut bits = vec![0x00];
    bits.extend_from_slice(rsa_public_key);
    let mut body = RSASSA_PSS_KEY_ALGORITHM.to_vec();
    body.push(0x03);
    push_der_len(&mut body, bits.len());
    body.extend_from_slice(&bits);
    let mut out = vec![0x30];
    push_der_len(&mut out, body.len());
    out.extend_from_slice(&body);
    out
}

/// Appends a DER length (short or long form).
fn push_der_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
        return;
    }
    let bytes = len.to_be_bytes();
    let first = bytes
        .iter()
        .position(|b| *b != 0)
        .unwrap_or(bytes.len() - 1);
    out.push(0x80 | (bytes.len() - first) as u8);
    out.extend_from_slice(&bytes[first..]);
}

/// Parses an `RSAPublicKey` DER and checks its size.
pub(crate) fn parse_public_key(der: &[u8]) -> Result<rsa::PublicKey, CryptoError> {
    use rsa::pkcs1::DecodeRsaPublicKey;
    let key = rsa::PublicKey::from_pkcs1_der(der).map_err(|_| CryptoError::InvalidKey)?;
    let bits = key.n().bit_width() as usize;
    if !(MIN_RSA_BITS..=MAX_RSA_BITS).contains(&bits) {
        return Err(CryptoError::UnsupportedKey);
    }
    Ok(key)
}

/// RSAES-PKCS1-v1_5 encryption to a certificate's RSA key.
pub static RSA_KEY_TRANSPORT: &dyn stratls_crypto::RsaKeyTransport = &RcRsaKeyTransport;

#[derive(Debug)]
struct RcRsaKeyTransport;

impl stratls_crypto::RsaKeyTransport for RcRsaKeyTransport {
    fn encrypt_pkcs1v15(
        &self,
        public_key: &[u8],
        plaintext: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        let key = parse_public_key(public_key)?;
        key.pkcs1v15_encrypt(plaintext)
            .map_err(|_| CryptoError::Failed)
    }
}
