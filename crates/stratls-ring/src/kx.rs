//! x25519, secp256r1 and secp384r1 (ring::agreement). ring's key agreement is ephemeral-only:
//! there is no key pair from a chosen private key, so the known answers of the conformance
//! kit run through round trips against a fixed-key reference instead.

use ring::agreement::{self, EphemeralPrivateKey, UnparsedPublicKey};
use ring::rand::SystemRandom;
use stratls_crypto::{ActiveKeyExchange, CryptoError, KxGroup, NamedGroup, Secret};

/// A ring agreement algorithm behind the [`KxGroup`] trait.
#[derive(Debug)]
pub struct RingGroup {
    group: NamedGroup,
    ring: &'static agreement::Algorithm,
    /// The length of a public key share in its TLS encoding.
    share_len: usize,
}

/// x25519 (RFC 7748).
pub static X25519: RingGroup = RingGroup {
    group: NamedGroup::X25519,
    ring: &agreement::X25519,
    share_len: 32,
};

/// secp256r1 (NIST P-256), uncompressed points only (RFC 8446 §4.2.8.2).
pub static SECP256R1: RingGroup = RingGroup {
    group: NamedGroup::Secp256r1,
    ring: &agreement::ECDH_P256,
    share_len: 65,
};

/// secp384r1 (NIST P-384), uncompressed points only.
pub static SECP384R1: RingGroup = RingGroup {
    group: NamedGroup::Secp384r1,
    ring: &agreement::ECDH_P384,
    share_len: 97,
};

impl KxGroup for RingGroup {
    fn group(&self) -> NamedGroup {
        self.group
    }

    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, CryptoError> {
        let private = EphemeralPrivateKey::generate(self.ring, &SystemRandom::new())
            .map_err(|_| CryptoError::Random)?;
        let public = private
            .compute_public_key()
            .map_err(|_| CryptoError::Random)?
            .as_ref()
            .to_vec();
        Ok(Box::new(Active {
            group: self.group,
            ring: self.ring,
            share_len: self.share_len,
            private,
            public,
        }))
    }
}

struct Active {
    group: NamedGroup,
    ring: &'static agreement::Algorithm,
    share_len: usize,
    private: EphemeralPrivateKey,
    public: Vec<u8>,
}

impl ActiveKeyExchange for Active {
    fn group(&self) -> NamedGroup {
        self.group
    }

    fn public_key(&self) -> &[u8] {
        &self.public
    }

    /// ring refuses points off the curve, encodings other than uncompressed, the identity,
    /// and an all-zero x25519 result; the length is checked here first.
    fn complete(self: Box<Self>, peer_share: &[u8]) -> Result<Secret, CryptoError> {
        if peer_share.len() != self.share_len {
            return Err(CryptoError::InvalidPeerKeyShare);
        }
        let peer = UnparsedPublicKey::new(self.ring, peer_share);
        agreement::agree_ephemeral(self.private, &peer, Secret::from_slice)
            .map_err(|_| CryptoError::InvalidPeerKeyShare)
    }
}
