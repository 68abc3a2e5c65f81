use core::fmt;

use crate::error::CryptoError;

/// Every AEAD of TLS uses a 96-bit nonce (RFC 8446 §5.3, RFC 5116 §3.2).
pub const NONCE_LEN: usize = 12;

/// Which AEAD algorithm an [`Aead`] implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AeadAlgorithm {
    /// AEAD_AES_128_GCM (RFC 5116 §5.1)
    Aes128Gcm,
    /// AEAD_AES_256_GCM (RFC 5116 §5.2)
    Aes256Gcm,
    /// AEAD_CHACHA20_POLY1305 (RFC 8439 §2.8)
    ChaCha20Poly1305,
}

impl AeadAlgorithm {
    /// Key length in bytes.
    pub const fn key_len(self) -> usize {
        match self {
            Self::Aes128Gcm => 16,
            Self::Aes256Gcm | Self::ChaCha20Poly1305 => 32,
        }
    }

    /// Tag length in bytes.
    pub const fn tag_len(self) -> usize {
        16
    }

    /// How many records one key may protect before it must be changed (RFC 8446 §5.5).
    ///
    /// AES-GCM: 2^24.5 full-size records (rounded down). ChaCha20-Poly1305: the limit lies
    /// beyond the 64-bit sequence number, so the sequence number is the limit.
    pub const fn confidentiality_limit(self) -> u64 {
        match self {
            Self::Aes128Gcm | Self::Aes256Gcm => 23_726_566, // floor(2^24.5)
            Self::ChaCha20Poly1305 => u64::MAX,
        }
    }
}

/// An AEAD algorithm (RFC 5116) with a 96-bit nonce.
pub trait Aead: Send + Sync + fmt::Debug {
    /// Which algorithm this is.
    fn algorithm(&self) -> AeadAlgorithm;

    /// Prepares a key. Fails if `key` has the wrong length.
    fn key(&self, key: &[u8]) -> Result<Box<dyn AeadKey>, CryptoError>;

    /// Key length in bytes.
    fn key_len(&self) -> usize {
        self.algorithm().key_len()
    }

    /// Tag length in bytes.
    fn tag_len(&self) -> usize {
        self.algorithm().tag_len()
    }

    /// The record limit of RFC 8446 §5.5 for one key.
    fn confidentiality_limit(&self) -> u64 {
        self.algorithm().confidentiality_limit()
    }
}

/// An AEAD key, ready to seal and open in place.
pub trait AeadKey: Send + Sync {
    /// Encrypts `data` in place and writes the tag into `tag` (which is [`Aead::tag_len`]
    /// bytes long).
    fn seal_in_place(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        data: &mut [u8],
        tag: &mut [u8],
    ) -> Result<(), CryptoError>;

    /// Checks `tag` and decrypts `data` in place. On failure `data` is left in an unspecified
    /// state and must not be used; the error is opaque.
    fn open_in_place(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        data: &mut [u8],
        tag: &[u8],
    ) -> Result<(), CryptoError>;
}

impl fmt::Debug for dyn AeadKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AeadKey([redacted])")
    }
}
