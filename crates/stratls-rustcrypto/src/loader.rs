//! Private-key loading: PKCS#8 (RSA, RSA-PSS, P-256, P-384, P-521, Ed25519), PKCS#1 (RSA) and
//! SEC1 (P-256, P-384, P-521).

use std::sync::Arc;

use p256::pkcs8::der::Decode;
use p256::pkcs8::{ObjectIdentifier, PrivateKeyInfoRef};
use stratls_crypto::{CryptoError, KeyLoader, PrivateKeyDer, SigningKey};

use crate::sign_ec::{
    EcdsaP256SigningKey, EcdsaP384SigningKey, EcdsaP521SigningKey, Ed25519SigningKey,
};
use crate::sign_rsa::{MAX_RSA_BITS, MIN_RSA_BITS, RsaKeyType, RsaSigningKey};

/// The key loader.
pub static KEY_LOADER: &dyn KeyLoader = &RcKeyLoader;

/// rsaEncryption (RFC 8017 §A.1).
const OID_RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// id-RSASSA-PSS (RFC 4055 §3.1), a key that makes RSASSA-PSS signatures only.
const OID_RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
/// id-ecPublicKey (RFC 5480 §2.1.1).
const OID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// secp256r1 / prime256v1 (RFC 5480 §2.1.1.1).
const OID_SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
/// secp384r1 (RFC 5480 §2.1.1.1).
const OID_SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
/// secp521r1 (RFC 5480 §2.1.1.1).
const OID_SECP521R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
/// id-Ed25519 (RFC 8410 §3).
const OID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");

#[derive(Debug)]
struct RcKeyLoader;

impl KeyLoader for RcKeyLoader {
    fn load_private_key(
        &self,
        der: &PrivateKeyDer<'_>,
    ) -> Result<Arc<dyn SigningKey>, CryptoError> {
        match der {
            PrivateKeyDer::Pkcs8(der) => load_pkcs8(der.secret_pkcs8_der()),
            PrivateKeyDer::Pkcs1(der) => load_rsa(der.secret_pkcs1_der(), RsaKeyType::Encryption),
            PrivateKeyDer::Sec1(der) => load_sec1(der.secret_sec1_der()),
            _ => Err(CryptoError::UnsupportedKey),
        }
    }
}

fn load_pkcs8(der: &[u8]) -> Result<Arc<dyn SigningKey>, CryptoError> {
    let info = PrivateKeyInfoRef::try_from(der).map_err(|_| CryptoError::InvalidKey)?;
    let algorithm = info.algorithm.oid;
    if algorithm == OID_RSA_ENCRYPTION {
        load_rsa(info.private_key.as_bytes(), RsaKeyType::Encryption)
    } else if algorithm == OID_RSASSA_PSS {
        // RSASSA-PSS-params restrict the key to one hash, MGF and salt (RFC 4055 §3.1); such
        // a restricted key is not taken. One without them signs with any PSS scheme.
        if info.algorithm.parameters.is_some() {
            return Err(CryptoError::UnsupportedKey);
        }
        load_rsa(info.private_key.as_bytes(), RsaKeyType::Pss)
    } else if algorithm == OID_EC_PUBLIC_KEY {
        let curve = info
            .algorithm
            .parameters_oid()
            .map_err(|_| CryptoError::InvalidKey)?;
        if curve == OID_SECP256R1 {
            let key = p256::SecretKey::try_from(info).map_err(|_| CryptoError::InvalidKey)?;
            Ok(Arc::new(EcdsaP256SigningKey::new(key.into())))
        } else if curve == OID_SECP384R1 {
            let key = p384::SecretKey::try_from(info).map_err(|_| CryptoError::InvalidKey)?;
            Ok(Arc::new(EcdsaP384SigningKey::new(key.into())))
        } else if curve == OID_SECP521R1 {
            let key = p521::SecretKey::try_from(info).map_err(|_| CryptoError::InvalidKey)?;
            Ok(Arc::new(EcdsaP521SigningKey::new(key.into())))
        } else {
            Err(CryptoError::UnsupportedKey)
        }
    } else if algorithm == OID_ED25519 {
        let key = ed25519_dalek::SigningKey::try_from(info).map_err(|_| CryptoError::InvalidKey)?;
        Ok(Arc::new(Ed25519SigningKey::new(key)))
    } else {
        Err(CryptoError::UnsupportedKey)
    }
}

/// An `RSAPrivateKey` (PKCS#1) of key type `kind`.
fn load_rsa(der: &[u8], kind: RsaKeyType) -> Result<Arc<dyn SigningKey>, CryptoError> {
    use rsa::pkcs1::DecodeRsaPrivateKey;
    // Check the modulus size on the parsed structure first, so that a well-formed key of a
    // size this provider refuses is reported as unsupported rather than malformed.
    let parsed =
        rsa::pkcs1::RsaPrivateKeyRef::from_der(der).map_err(|_| CryptoError::InvalidKey)?;
    let modulus = parsed.modulus.as_bytes();
    let leading_zero_bits = modulus.first().map_or(0, |b| b.leading_zeros() as usize);
    let bits = (modulus.len() * 8).saturating_sub(leading_zero_bits);
    if !(MIN_RSA_BITS..=MAX_RSA_BITS).contains(&bits) {
        return Err(CryptoError::UnsupportedKey);
    }
    let key = rsa::PrivateKey::from_pkcs1_der(der).map_err(|_| CryptoError::InvalidKey)?;
    Ok(Arc::new(RsaSigningKey::new(key, kind)))
}

fn load_sec1(der: &[u8]) -> Result<Arc<dyn SigningKey>, CryptoError> {
    let parsed = sec1::EcPrivateKey::from_der(der).map_err(|_| CryptoError::InvalidKey)?;
    // RFC 5915 §3: the curve is named here or known from context; a SEC1 key without
    // parameters is taken by the length of its scalar (32 bytes P-256, 48 P-384, 66 P-521).
    let curve = match parsed.parameters.and_then(|p| p.named_curve()) {
        Some(curve) if [OID_SECP256R1, OID_SECP384R1, OID_SECP521R1].contains(&curve) => curve,
        Some(_) => return Err(CryptoError::UnsupportedKey),
        None => match parsed.private_key.len() {
            32 => OID_SECP256R1,
            48 => OID_SECP384R1,
            66 => OID_SECP521R1,
            _ => return Err(CryptoError::UnsupportedKey),
        },
    };
    let invalid = |_| CryptoError::InvalidKey;
    if curve == OID_SECP384R1 {
        let key = p384::SecretKey::from_sec1_der(der).map_err(invalid)?;
        Ok(Arc::new(EcdsaP384SigningKey::new(key.into())))
    } else if curve == OID_SECP521R1 {
        let key = p521::SecretKey::from_sec1_der(der).map_err(invalid)?;
        Ok(Arc::new(EcdsaP521SigningKey::new(key.into())))
    } else {
        let key = p256::SecretKey::from_sec1_der(der).map_err(invalid)?;
        Ok(Arc::new(EcdsaP256SigningKey::new(key.into())))
    }
}
