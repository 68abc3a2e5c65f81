//! Key-exchange groups: X25519 (RFC 7748) and secp256r1 (NIST P-256, SEC 1).

use stratls_crypto::{ActiveKeyExchange, CryptoError, KxGroup, NamedGroup, Secret};
use zeroize::Zeroize;

use crate::random::fill_random;

/// The x25519 group (RFC 7748, RFC 8446 §7.4.2).
pub static X25519: &dyn KxGroup = &X25519Group;

/// The secp256r1 group (RFC 8446 §4.2.8.2, §7.4.2).
pub static SECP256R1: &dyn KxGroup = &P256Group;

/// Length of an x25519 scalar, share and shared secret.
const X25519_LEN: usize = 32;

/// Length of a P-256 scalar.
const P256_SCALAR_LEN: usize = 32;

/// Length of an uncompressed SEC1 P-256 point: `04 || X || Y`.
const P256_POINT_LEN: usize = 65;

/// How many random scalars [`P256Group::start`] draws before it gives up. A draw falls outside
/// `[1, n-1]` with probability below 2^-32, so a second failure means a broken random source.
const P256_KEYGEN_ATTEMPTS: usize = 4;

#[derive(Debug)]
struct X25519Group;

impl KxGroup for X25519Group {
    fn group(&self) -> NamedGroup {
        NamedGroup::X25519
    }

    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, CryptoError> {
        let mut scalar = [0u8; X25519_LEN];
        fill_random(&mut scalar)?;
        let kx = X25519Kx::new(scalar);
        scalar.zeroize();
        Ok(Box::new(kx))
    }
}

/// An x25519 private key (zeroized on drop by `x25519-dalek`) and its public share.
struct X25519Kx {
    secret: x25519_dalek::StaticSecret,
    public: [u8; X25519_LEN],
}

impl X25519Kx {
    fn new(scalar: [u8; X25519_LEN]) -> Self {
        let secret = x25519_dalek::StaticSecret::from(scalar);
        let public = x25519_dalek::PublicKey::from(&secret).to_bytes();
        Self { secret, public }
    }
}

impl ActiveKeyExchange for X25519Kx {
    fn group(&self) -> NamedGroup {
        NamedGroup::X25519
    }

    fn public_key(&self) -> &[u8] {
        &self.public
    }

    fn complete(self: Box<Self>, peer_share: &[u8]) -> Result<Secret, CryptoError> {
        let peer: [u8; X25519_LEN] = peer_share
            .try_into()
            .map_err(|_| CryptoError::InvalidPeerKeyShare)?;
        let shared = self
            .secret
            .diffie_hellman(&x25519_dalek::PublicKey::from(peer));
        // RFC 7748 §6.1 / RFC 8446 §7.4.2: an all-zero result means the peer sent a low-order
        // point; `was_contributory` checks exactly that, in constant time.
        if !shared.was_contributory() {
            return Err(CryptoError::InvalidPeerKeyShare);
        }
        Ok(Secret::from_slice(shared.as_bytes()))
    }
}

#[derive(Debug)]
struct P256Group;

impl KxGroup for P256Group {
    fn group(&self) -> NamedGroup {
        NamedGroup::Secp256r1
    }

    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, CryptoError> {
        let mut scalar = [0u8; P256_SCALAR_LEN];
        for _ in 0..P256_KEYGEN_ATTEMPTS {
            fill_random(&mut scalar)?;
            let kx = P256Kx::new(&scalar);
            scalar.zeroize();
            if let Ok(kx) = kx {
                return Ok(Box::new(kx));
            }
        }
        Err(CryptoError::Random)
    }
}

/// A P-256 private key (zeroized on drop by `elliptic-curve`) and its uncompressed share.
struct P256Kx {
    secret: p256::SecretKey,
    public: [u8; P256_POINT_LEN],
}

impl P256Kx {
    /// Takes a 32-byte big-endian scalar in `[1, n-1]`.
    fn new(scalar: &[u8]) -> Result<Self, CryptoError> {
        if scalar.len() != P256_SCALAR_LEN {
            return Err(CryptoError::InvalidKey);
        }
        let secret = p256::SecretKey::from_slice(scalar).map_err(|_| CryptoError::InvalidKey)?;
        let point = p256::Sec1Point::from(secret.public_key());
        let public = point
            .as_bytes()
            .try_into()
            .map_err(|_| CryptoError::InvalidKey)?;
        Ok(Self { secret, public })
    }
}

impl ActiveKeyExchange for P256Kx {
    fn group(&self) -> NamedGroup {
        NamedGroup::Secp256r1
    }

    fn public_key(&self) -> &[u8] {
        &self.public
    }

    fn complete(self: Box<Self>, peer_share: &[u8]) -> Result<Secret, CryptoError> {
        // RFC 8446 §4.2.8.2: only the uncompressed form, 0x04 || X || Y.
        if peer_share.len() != P256_POINT_LEN || peer_share.first() != Some(&0x04) {
            return Err(CryptoError::InvalidPeerKeyShare);
        }
        // `from_sec1_bytes` checks that the point is on the curve and not the identity.
        let peer = p256::PublicKey::from_sec1_bytes(peer_share)
            .map_err(|_| CryptoError::InvalidPeerKeyShare)?;
        let shared = self.secret.diffie_hellman(&peer);
        Ok(Secret::from_slice(shared.raw_secret_bytes()))
    }
}

/// The groups with a given private key, for the conformance kit and deterministic tests.
#[cfg(feature = "test-kit")]
mod fixed {
    use stratls_crypto::test_kit::KxFromPrivateKey;
    use stratls_crypto::{ActiveKeyExchange, CryptoError};
    use zeroize::Zeroize;

    use super::{P256Group, P256Kx, X25519_LEN, X25519Group, X25519Kx};

    impl KxFromPrivateKey for X25519Group {
        fn from_private_key(
            &self,
            private_key: &[u8],
        ) -> Result<Box<dyn ActiveKeyExchange>, CryptoError> {
            let mut scalar: [u8; X25519_LEN] = private_key
                .try_into()
                .map_err(|_| CryptoError::InvalidKey)?;
            let kx = X25519Kx::new(scalar);
            scalar.zeroize();
            Ok(Box::new(kx))
        }
    }

    impl KxFromPrivateKey for P256Group {
        fn from_private_key(
            &self,
            private_key: &[u8],
        ) -> Result<Box<dyn ActiveKeyExchange>, CryptoError> {
            Ok(Box::new(P256Kx::new(private_key)?))
        }
    }

    /// x25519, also from a given private key.
    pub static X25519: &dyn KxFromPrivateKey = &X25519Group;

    /// secp256r1, also from a given private key.
    pub static SECP256R1: &dyn KxFromPrivateKey = &P256Group;
}

#[cfg(feature = "test-kit")]
pub use fixed::{SECP256R1 as FIXED_SECP256R1, X25519 as FIXED_X25519};
