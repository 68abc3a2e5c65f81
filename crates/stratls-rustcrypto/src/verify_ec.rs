//! ECDSA verification over P-256, P-384 and P-521 with any of SHA-256/384/512: the message is
//! hashed with the pair's hash and the digest verified under the curve (FIPS 186-5 §6.4.2,
//! which takes the leftmost bits of a longer digest and a shorter one as it is).

use p256::ecdsa::signature::hazmat::PrehashVerifier as _;
use sha2::{Digest as _, Sha256, Sha384, Sha512};
use stratls_crypto::{CryptoError, HashAlgorithm, SignatureAlgorithm};

/// Verifies a DER `Ecdsa-Sig-Value` over `message` hashed with `hash`, made by the key
/// `public_key` (an uncompressed or compressed SEC1 point) on `curve`.
///
/// A point that is not on the curve is [`CryptoError::InvalidKey`]; a curve that is not an
/// ECDSA one here [`CryptoError::UnsupportedKey`]; every other failure, including a signature
/// that does not parse, [`CryptoError::Failed`]. High-S signatures verify, as other TLS stacks
/// accept them.
pub(crate) fn verify_ecdsa(
    curve: SignatureAlgorithm,
    hash: HashAlgorithm,
    public_key: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), CryptoError> {
    let digest = digest(hash, message)?;
    match curve {
        SignatureAlgorithm::EcdsaP256 => {
            let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(public_key)
                .map_err(|_| CryptoError::InvalidKey)?;
            let sig = p256::ecdsa::DerSignature::from_bytes(signature)
                .map_err(|_| CryptoError::Failed)?;
            key.verify_prehash(&digest, &sig)
        }
        SignatureAlgorithm::EcdsaP384 => {
            let key = p384::ecdsa::VerifyingKey::from_sec1_bytes(public_key)
                .map_err(|_| CryptoError::InvalidKey)?;
            let sig = p384::ecdsa::DerSignature::from_bytes(signature)
                .map_err(|_| CryptoError::Failed)?;
            key.verify_prehash(&digest, &sig)
        }
        SignatureAlgorithm::EcdsaP521 => {
            let key = p521::ecdsa::VerifyingKey::from_sec1_bytes(public_key)
                .map_err(|_| CryptoError::InvalidKey)?;
            let sig = p521::ecdsa::DerSignature::from_bytes(signature)
                .map_err(|_| CryptoError::Failed)?;
            key.verify_prehash(&digest, &sig)
        }
        _ => return Err(CryptoError::UnsupportedKey),
    }
    .map_err(|_| CryptoError::Failed)
}

/// The digest of `message` under `hash`.
fn digest(hash: HashAlgorithm, message: &[u8]) -> Result<Vec<u8>, CryptoError> {
    Ok(match hash {
        HashAlgorithm::Sha256 => Sha256::digest(message).to_vec(),
        HashAlgorithm::Sha384 => Sha384::digest(message).to_vec(),
        HashAlgorithm::Sha512 => Sha512::digest(message).to_vec(),
        _ => return Err(CryptoError::Unsupported),
    })
}
