//! The NIST curves secp256r1 and secp384r1 (SEC 1, RFC 8446 §4.2.8.2): uncompressed points
//! only, checked to be on the curve and not the identity.

use stratls_crypto::{ActiveKeyExchange, CryptoError, KxGroup, NamedGroup, Secret};
use zeroize::Zeroize;

use crate::random::fill_random;

/// How many random scalars `start` draws before it gives up. A draw falls outside `[1, n-1]`
/// with probability below 2^-32, so a second failure means a broken random source.
const KEYGEN_ATTEMPTS: usize = 4;

/// One NIST curve group: its group type, key-pair type, scalar and point lengths.
macro_rules! nist_group {
    ($group:ident, $kx:ident, $curve:ident, $named:expr, $scalar_len:expr, $point_len:expr) => {
        #[derive(Debug)]
        pub(super) struct $group;

        impl KxGroup for $group {
            fn group(&self) -> NamedGroup {
                $named
            }

            fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, CryptoError> {
                let mut scalar = [0u8; $scalar_len];
                for _ in 0..KEYGEN_ATTEMPTS {
                    fill_random(&mut scalar)?;
                    let kx = $kx::new(&scalar);
                    scalar.zeroize();
                    if let Ok(kx) = kx {
                        return Ok(Box::new(kx));
                    }
                }
                Err(CryptoError::Random)
            }
        }

        /// A private key (zeroized on drop by `elliptic-curve`) and its uncompressed share.
        pub(super) struct $kx {
            secret: $curve::SecretKey,
            public: [u8; $point_len],
        }

        impl $kx {
            /// Takes a big-endian scalar of the curve's length, in `[1, n-1]`.
            pub(super) fn new(scalar: &[u8]) -> Result<Self, CryptoError> {
                if scalar.len() != $scalar_len {
                    return Err(CryptoError::InvalidKey);
                }
                let secret =
                    $curve::SecretKey::from_slice(scalar).map_err(|_| CryptoError::InvalidKey)?;
                let point = $curve::Sec1Point::from(secret.public_key());
                let public = point
                    .as_bytes()
                    .try_into()
                    .map_err(|_| CryptoError::InvalidKey)?;
                Ok(Self { secret, public })
            }
        }

        impl ActiveKeyExchange for $kx {
            fn group(&self) -> NamedGroup {
                $named
            }

            fn public_key(&self) -> &[u8] {
                &self.public
            }

            fn complete(self: Box<Self>, peer_share: &[u8]) -> Result<Secret, CryptoError> {
                // RFC 8446 §4.2.8.2: only the uncompressed form, 0x04 || X || Y, of the
                // curve's exact length.
                if peer_share.len() != $point_len || peer_share.first() != Some(&0x04) {
                    return Err(CryptoError::InvalidPeerKeyShare);
                }
                // `from_sec1_bytes` checks that the point is on the curve and not the
                // identity.
                let peer = $curve::PublicKey::from_sec1_bytes(peer_share)
                    .map_err(|_| CryptoError::InvalidPeerKeyShare)?;
                let shared = self.secret.diffie_hellman(&peer);
                Ok(Secret::from_slice(shared.raw_secret_bytes()))
            }
        }
    };
}

nist_group!(P256Group, P256Kx, p256, NamedGroup::Secp256r1, 32, 65);
nist_group!(P384Group, P384Kx, p384, NamedGroup::Secp384r1, 48, 97);
