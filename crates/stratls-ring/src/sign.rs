//! Signing keys: RSA (PKCS#1 v1.5 and PSS, rsaEncryption and id-RSASSA-PSS keys), ECDSA P-256
//! and P-384 (randomized, as ring signs), Ed25519; and the key loader.

use std::sync::Arc;

use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, Ed25519KeyPair, KeyPair, RsaKeyPair};
use stratls_crypto::{
    CryptoError, KeyLoader, PrivateKeyDer, SignatureAlgorithm, SignatureScheme, Signer, SigningKey,
};

use crate::der;

/// The key loader: PKCS#8 (RSA, RSA-PSS without parameters, P-256, P-384, Ed25519), PKCS#1
/// (RSA) and SEC1 (P-256, P-384, with the public key, which ring requires). RSA keys of 2048
/// to 8192 bits. P-521 keys are [`CryptoError::UnsupportedKey`]: ring has no P-521.
pub static KEY_LOADER: &dyn KeyLoader = &RingKeyLoader;

#[derive(Debug)]
struct RingKeyLoader;

impl KeyLoader for RingKeyLoader {
    fn load_private_key(
        &self,
        key: &PrivateKeyDer<'_>,
    ) -> Result<Arc<dyn SigningKey>, CryptoError> {
        match key {
            PrivateKeyDer::Pkcs8(key) => load_pkcs8(key.secret_pkcs8_der()),
            PrivateKeyDer::Pkcs1(key) => load_rsa(
                RsaKeyPair::from_der(key.secret_pkcs1_der()),
                SignatureAlgorithm::Rsa,
            ),
            PrivateKeyDer::Sec1(key) => {
                let sec1 = key.secret_sec1_der();
                let curve = der::sec1_curve(sec1).ok_or(CryptoError::InvalidKey)?;
                load_ec(curve, &der::pkcs8_of_sec1(curve, sec1))
            }
            _ => Err(CryptoError::UnsupportedKey),
        }
    }
}

fn load_pkcs8(input: &[u8]) -> Result<Arc<dyn SigningKey>, CryptoError> {
    let info = der::pkcs8(input).ok_or(CryptoError::InvalidKey)?;
    match info.algorithm {
        der::OID_RSA_ENCRYPTION if info.curve.is_none() && !info.other_parameters => {
            load_rsa(RsaKeyPair::from_pkcs8(input), SignatureAlgorithm::Rsa)
        }
        // RSASSA-PSS-params would restrict the key to one hash and salt (RFC 4055 §3.1):
        // such a key is not taken.
        der::OID_RSASSA_PSS if info.other_parameters => Err(CryptoError::UnsupportedKey),
        der::OID_RSASSA_PSS if info.curve.is_none() => load_rsa(
            RsaKeyPair::from_der(info.private_key),
            SignatureAlgorithm::RsaPss,
        ),
        der::OID_EC_PUBLIC_KEY => load_ec(info.curve.ok_or(CryptoError::InvalidKey)?, input),
        der::OID_ED25519 if info.curve.is_none() && !info.other_parameters => {
            let pair = Ed25519KeyPair::from_pkcs8_maybe_unchecked(input)
                .map_err(|_| CryptoError::InvalidKey)?;
            Ok(Arc::new(Ed25519Key(Arc::new(pair))))
        }
        _ => Err(CryptoError::UnsupportedKey),
    }
}

fn load_rsa(
    pair: Result<RsaKeyPair, ring::error::KeyRejected>,
    family: SignatureAlgorithm,
) -> Result<Arc<dyn SigningKey>, CryptoError> {
    match pair {
        Ok(pair) => Ok(Arc::new(RsaKey {
            pair: Arc::new(pair),
            family,
        })),
        Err(e) if matches!(e.to_string().as_str(), "TooSmall" | "TooLarge") => {
            Err(CryptoError::UnsupportedKey)
        }
        Err(_) => Err(CryptoError::InvalidKey),
    }
}

fn load_ec(curve: &[u8], pkcs8: &[u8]) -> Result<Arc<dyn SigningKey>, CryptoError> {
    let (family, scheme, ring, curve) = match curve {
        der::OID_SECP256R1 => (
            SignatureAlgorithm::EcdsaP256,
            SignatureScheme::ECDSA_SECP256R1_SHA256,
            &signature::ECDSA_P256_SHA256_ASN1_SIGNING,
            der::OID_SECP256R1,
        ),
        der::OID_SECP384R1 => (
            SignatureAlgorithm::EcdsaP384,
            SignatureScheme::ECDSA_SECP384R1_SHA384,
            &signature::ECDSA_P384_SHA384_ASN1_SIGNING,
            der::OID_SECP384R1,
        ),
        _ => return Err(CryptoError::UnsupportedKey),
    };
    let pair = EcdsaKeyPair::from_pkcs8(ring, pkcs8, &SystemRandom::new())
        .map_err(|_| CryptoError::InvalidKey)?;
    Ok(Arc::new(EcdsaKey {
        pair: Arc::new(pair),
        family,
        scheme,
        curve,
    }))
}

/// An RSA key pair. An `Rsa` key makes every RSA scheme, an `RsaPss` key the PSS ones only.
struct RsaKey {
    pair: Arc<RsaKeyPair>,
    family: SignatureAlgorithm,
}

impl core::fmt::Debug for RsaKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "RsaKey({:?}, {} bits)",
            self.family,
            self.pair.public().modulus_len() * 8
        )
    }
}

fn rsa_padding(
    family: SignatureAlgorithm,
    scheme: SignatureScheme,
) -> Option<&'static dyn signature::RsaEncoding> {
    use SignatureScheme as S;
    Some(match (family, scheme) {
        (SignatureAlgorithm::Rsa, S::RSA_PSS_RSAE_SHA256)
        | (SignatureAlgorithm::RsaPss, S::RSA_PSS_PSS_SHA256) => &signature::RSA_PSS_SHA256,
        (SignatureAlgorithm::Rsa, S::RSA_PSS_RSAE_SHA384)
        | (SignatureAlgorithm::RsaPss, S::RSA_PSS_PSS_SHA384) => &signature::RSA_PSS_SHA384,
        (SignatureAlgorithm::Rsa, S::RSA_PSS_RSAE_SHA512)
        | (SignatureAlgorithm::RsaPss, S::RSA_PSS_PSS_SHA512) => &signature::RSA_PSS_SHA512,
        (SignatureAlgorithm::Rsa, S::RSA_PKCS1_SHA256) => &signature::RSA_PKCS1_SHA256,
        (SignatureAlgorithm::Rsa, S::RSA_PKCS1_SHA384) => &signature::RSA_PKCS1_SHA384,
        (SignatureAlgorithm::Rsa, S::RSA_PKCS1_SHA512) => &signature::RSA_PKCS1_SHA512,
        _ => return None,
    })
}

impl SigningKey for RsaKey {
    fn algorithm(&self) -> SignatureAlgorithm {
        self.family
    }

    fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<Box<dyn Signer>> {
        offered.iter().find_map(|&scheme| {
            let padding = rsa_padding(self.family, scheme)?;
            Some(Box::new(RsaSigner {
                pair: Arc::clone(&self.pair),
                scheme,
                padding,
            }) as Box<dyn Signer>)
        })
    }

    fn public_key(&self) -> Option<Vec<u8>> {
        let key = self.pair.public().as_ref();
        Some(match self.family {
            // rsaEncryption with NULL parameters (RFC 8017 §A.1).
            SignatureAlgorithm::Rsa => {
                let mut alg = der::element(der::OID, der::OID_RSA_ENCRYPTION);
                alg.extend(der::element(der::NULL, &[]));
                der::spki(&alg, key)
            }
            // id-RSASSA-PSS without parameters (RFC 4055 §3.1).
            _ => der::spki(&der::element(der::OID, der::OID_RSASSA_PSS), key),
        })
    }
}

struct RsaSigner {
    pair: Arc<RsaKeyPair>,
    scheme: SignatureScheme,
    padding: &'static dyn signature::RsaEncoding,
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

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let mut sig = vec![0; self.pair.public().modulus_len()];
        self.pair
            .sign(self.padding, &SystemRandom::new(), message, &mut sig)
            .map_err(|_| CryptoError::Failed)?;
        Ok(sig)
    }
}

/// An ECDSA key pair; it makes the one scheme of its curve.
struct EcdsaKey {
    pair: Arc<EcdsaKeyPair>,
    family: SignatureAlgorithm,
    scheme: SignatureScheme,
    curve: &'static [u8],
}

impl core::fmt::Debug for EcdsaKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "EcdsaKey({:?})", self.family)
    }
}

impl SigningKey for EcdsaKey {
    fn algorithm(&self) -> SignatureAlgorithm {
        self.family
    }

    fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<Box<dyn Signer>> {
        offered.contains(&self.scheme).then(|| {
            Box::new(EcdsaSigner {
                pair: Arc::clone(&self.pair),
                scheme: self.scheme,
            }) as Box<dyn Signer>
        })
    }

    fn public_key(&self) -> Option<Vec<u8>> {
        let mut alg = der::element(der::OID, der::OID_EC_PUBLIC_KEY);
        alg.extend(der::element(der::OID, self.curve));
        Some(der::spki(&alg, self.pair.public_key().as_ref()))
    }
}

struct EcdsaSigner {
    pair: Arc<EcdsaKeyPair>,
    scheme: SignatureScheme,
}

impl core::fmt::Debug for EcdsaSigner {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "EcdsaSigner({:?})", self.scheme)
    }
}

impl Signer for EcdsaSigner {
    fn scheme(&self) -> SignatureScheme {
        self.scheme
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let sig = self
            .pair
            .sign(&SystemRandom::new(), message)
            .map_err(|_| CryptoError::Failed)?;
        Ok(sig.as_ref().to_vec())
    }
}

/// An Ed25519 key pair.
struct Ed25519Key(Arc<Ed25519KeyPair>);

impl core::fmt::Debug for Ed25519Key {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Ed25519Key")
    }
}

/// An Ed25519 signer, sharing the key pair.
struct Ed25519Signer(Arc<Ed25519KeyPair>);

impl core::fmt::Debug for Ed25519Signer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Ed25519Signer")
    }
}

impl SigningKey for Ed25519Key {
    fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::Ed25519
    }

    fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<Box<dyn Signer>> {
        offered
            .contains(&SignatureScheme::ED25519)
            .then(|| Box::new(Ed25519Signer(Arc::clone(&self.0))) as Box<dyn Signer>)
    }

    fn public_key(&self) -> Option<Vec<u8>> {
        let alg = der::element(der::OID, der::OID_ED25519);
        Some(der::spki(&alg, self.0.public_key().as_ref()))
    }
}

impl Signer for Ed25519Signer {
    fn scheme(&self) -> SignatureScheme {
        SignatureScheme::ED25519
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, CryptoError> {
        Ok(self.0.sign(message).as_ref().to_vec())
    }
}
