//! AES-128-GCM, AES-256-GCM and ChaCha20-Poly1305 (ring::aead, in place, tag apart).

use ring::aead::{self, Aad, LessSafeKey, Nonce, UnboundKey};
use stratls_crypto::{Aead, AeadAlgorithm, AeadKey, CryptoError, NONCE_LEN};

/// A ring AEAD behind the [`Aead`] trait.
#[derive(Debug)]
pub struct RingAead {
    algorithm: AeadAlgorithm,
    ring: &'static aead::Algorithm,
}

/// AES-128-GCM.
pub static AES_128_GCM: RingAead = RingAead {
    algorithm: AeadAlgorithm::Aes128Gcm,
    ring: &aead::AES_128_GCM,
};

/// AES-256-GCM.
pub static AES_256_GCM: RingAead = RingAead {
    algorithm: AeadAlgorithm::Aes256Gcm,
    ring: &aead::AES_256_GCM,
};

/// ChaCha20-Poly1305.
pub static CHACHA20_POLY1305: RingAead = RingAead {
    algorithm: AeadAlgorithm::ChaCha20Poly1305,
    ring: &aead::CHACHA20_POLY1305,
};

impl Aead for RingAead {
    fn algorithm(&self) -> AeadAlgorithm {
        self.algorithm
    }

    fn key(&self, key: &[u8]) -> Result<Box<dyn AeadKey>, CryptoError> {
        if key.len() != self.algorithm.key_len() {
            return Err(CryptoError::InvalidKey);
        }
        let key = UnboundKey::new(self.ring, key).map_err(|_| CryptoError::InvalidKey)?;
        Ok(Box::new(Key(LessSafeKey::new(key))))
    }
}

/// An expanded key; ring keeps the schedule and never prints it.
struct Key(LessSafeKey);

impl AeadKey for Key {
    fn seal_in_place(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        data: &mut [u8],
        tag: &mut [u8],
    ) -> Result<(), CryptoError> {
        if tag.len() != aead::MAX_TAG_LEN {
            return Err(CryptoError::InvalidLength);
        }
        let made = self
            .0
            .seal_in_place_separate_tag(Nonce::assume_unique_for_key(*nonce), Aad::from(aad), data)
            .map_err(|_| CryptoError::InvalidLength)?;
        tag.copy_from_slice(made.as_ref());
        Ok(())
    }

    fn open_in_place(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        data: &mut [u8],
        tag: &[u8],
    ) -> Result<(), CryptoError> {
        let tag: [u8; aead::MAX_TAG_LEN] = tag.try_into().map_err(|_| CryptoError::Failed)?;
        self.0
            .open_in_place_separate_tag(
                Nonce::assume_unique_for_key(*nonce),
                Aad::from(aad),
                aead::Tag::from(tag),
                data,
                0..,
            )
            .map(|_| ())
            .map_err(|_| CryptoError::Failed)
    }
}
