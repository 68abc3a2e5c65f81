//! The groups with a given private key, for the conformance kit and deterministic tests.

use stratls_crypto::test_kit::KxFromPrivateKey;
use stratls_crypto::{ActiveKeyExchange, CryptoError, Encapsulated};
use zeroize::Zeroize;

use super::hybrid::{self, HybridKx, MLKEM_M_LEN, MLKEM_SEED_LEN, X25519MlKem768Group};
use super::nist::{P256Group, P256Kx, P384Group, P384Kx};
use super::x25519::{X25519_LEN, X25519Group, X25519Kx};

impl KxFromPrivateKey for X25519Group {
    fn from_private_key(
        &self,
        private_key: &[u8],
    ) -> Result<Box<dyn ActiveKeyExchange>, CryptoError> {
        Ok(Box::new(x25519_from(private_key)?))
    }
}

fn x25519_from(private_key: &[u8]) -> Result<X25519Kx, CryptoError> {
    let mut scalar: [u8; X25519_LEN] = private_key
        .try_into()
        .map_err(|_| CryptoError::InvalidKey)?;
    let kx = X25519Kx::new(scalar);
    scalar.zeroize();
    Ok(kx)
}

impl KxFromPrivateKey for P256Group {
    fn from_private_key(
        &self,
        private_key: &[u8],
    ) -> Result<Box<dyn ActiveKeyExchange>, CryptoError> {
        Ok(Box::new(P256Kx::new(private_key)?))
    }
}

impl KxFromPrivateKey for P384Group {
    fn from_private_key(
        &self,
        private_key: &[u8],
    ) -> Result<Box<dyn ActiveKeyExchange>, CryptoError> {
        Ok(Box::new(P384Kx::new(private_key)?))
    }
}

impl KxFromPrivateKey for X25519MlKem768Group {
    /// `private_key` is the ML-KEM-768 seed `d || z` (64 bytes) followed by the x25519 scalar
    /// (32 bytes).
    fn from_private_key(
        &self,
        private_key: &[u8],
    ) -> Result<Box<dyn ActiveKeyExchange>, CryptoError> {
        if private_key.len() != MLKEM_SEED_LEN + X25519_LEN {
            return Err(CryptoError::InvalidKey);
        }
        let (seed, scalar) = private_key.split_at(MLKEM_SEED_LEN);
        let mut seed: [u8; MLKEM_SEED_LEN] =
            seed.try_into().map_err(|_| CryptoError::InvalidKey)?;
        let kx = x25519_from(scalar).map(|x| HybridKx::new(&seed, x));
        seed.zeroize();
        Ok(Box::new(kx?))
    }

    /// `randomness` is the encapsulation randomness `m` (32 bytes) followed by the server's
    /// x25519 scalar (32 bytes).
    fn encapsulate_with(
        &self,
        randomness: &[u8],
        client_share: &[u8],
    ) -> Result<Encapsulated, CryptoError> {
        if randomness.len() != MLKEM_M_LEN + X25519_LEN {
            return Err(CryptoError::InvalidKey);
        }
        let (m, scalar) = randomness.split_at(MLKEM_M_LEN);
        let mut m: [u8; MLKEM_M_LEN] = m.try_into().map_err(|_| CryptoError::InvalidKey)?;
        let answer = x25519_from(scalar).and_then(|x| hybrid::encapsulate(client_share, &m, &x));
        m.zeroize();
        answer
    }
}

/// x25519, also from a given private key.
pub static X25519: &dyn KxFromPrivateKey = &X25519Group;

/// secp256r1, also from a given private key.
pub static SECP256R1: &dyn KxFromPrivateKey = &P256Group;

/// secp384r1, also from a given private key.
pub static SECP384R1: &dyn KxFromPrivateKey = &P384Group;

/// X25519MLKEM768, also from a given seed and x25519 scalar, and encapsulating with given
/// randomness.
pub static X25519MLKEM768: &dyn KxFromPrivateKey = &X25519MlKem768Group;
