//! X25519 (RFC 7748).

use stratls_crypto::{ActiveKeyExchange, CryptoError, KxGroup, NamedGroup, Secret};
use zeroize::Zeroize;

use crate::random::fill_random;

/// Length of an x25519 scalar, share and shared secret.
pub(super) const X25519_LEN: usize = 32;

#[derive(Debug)]
pub(super) struct X25519Group;

impl KxGroup for X25519Group {
    fn group(&self) -> NamedGroup {
        NamedGroup::X25519
    }

    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, CryptoError> {
        Ok(Box::new(X25519Kx::generate()?))
    }
}

/// An x25519 private key (zeroized on drop by `x25519-dalek`) and its public share.
pub(super) struct X25519Kx {
    secret: x25519_dalek::StaticSecret,
    public: [u8; X25519_LEN],
}

impl X25519Kx {
    /// A key pair from a fresh random scalar.
    pub(super) fn generate() -> Result<Self, CryptoError> {
        let mut scalar = [0u8; X25519_LEN];
        fill_random(&mut scalar)?;
        let kx = Self::new(scalar);
        scalar.zeroize();
        Ok(kx)
    }

    /// The key pair of `scalar` (clamped by `x25519-dalek`).
    pub(super) fn new(scalar: [u8; X25519_LEN]) -> Self {
        let secret = x25519_dalek::StaticSecret::from(scalar);
        let public = x25519_dalek::PublicKey::from(&secret).to_bytes();
        Self { secret, public }
    }

    /// Our public key.
    pub(super) fn public(&self) -> &[u8; X25519_LEN] {
        &self.public
    }

    /// The shared secret with `peer_share`, refusing a share of the wrong length and an
    /// all-zero result (RFC 7748 §6.1: the peer sent a low-order point).
    pub(super) fn agree(&self, peer_share: &[u8]) -> Result<Secret, CryptoError> {
        let peer: [u8; X25519_LEN] = peer_share
            .try_into()
            .map_err(|_| CryptoError::InvalidPeerKeyShare)?;
        let shared = self
            .secret
            .diffie_hellman(&x25519_dalek::PublicKey::from(peer));
        // RFC 7748 §6.1 / RFC 8446 §7.4.2: `was_contributory` checks for the all-zero output
        // in constant time.
        if !shared.was_contributory() {
            return Err(CryptoError::InvalidPeerKeyShare);
        }
        Ok(Secret::from_slice(shared.as_bytes()))
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
        self.agree(peer_share)
    }
}
