use core::fmt;

use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::aead::NONCE_LEN;
use crate::error::CryptoError;
use crate::hash::MAX_HASH_LEN;

/// Secret bytes: a shared secret, a traffic secret, a key, an IV, a PSK.
///
/// Zeroized on drop, never printed (`Debug` shows only the length), not `Clone`: a copy must
/// be asked for with [`Secret::duplicate`], so that every copy of a secret is visible in the
/// code. Equality is constant time.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct Secret(Vec<u8>);

impl Secret {
    /// Takes ownership of `bytes` as a secret.
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }

    /// Copies `bytes` into a new secret. The caller remains responsible for its own copy.
    pub fn from_slice(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }

    /// A secret of `len` zero bytes, to be filled in place.
    pub fn zeroed(len: usize) -> Self {
        Self(vec![0; len])
    }

    /// The secret bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The secret bytes, mutably (to fill a [`Secret::zeroed`] buffer).
    pub fn as_mut_bytes(&mut self) -> &mut [u8] {
        &mut self.0
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the secret is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// An explicit copy.
    pub fn duplicate(&self) -> Self {
        Self(self.0.clone())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret([redacted; {} bytes])", self.0.len())
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}

impl Eq for Secret {}

/// A record-protection IV of [`NONCE_LEN`] bytes: a TLS 1.3 `write_iv` (RFC 8446 §7.3), which
/// the key schedule derives and the record layer forms per-record nonces from.
///
/// Zeroized on drop, never printed, not `Clone`.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct Iv([u8; NONCE_LEN]);

impl Iv {
    /// Takes an IV, for instance one derived elsewhere.
    pub fn new(bytes: [u8; NONCE_LEN]) -> Self {
        Self(bytes)
    }

    /// Copies an IV from a slice; fails with [`CryptoError::InvalidKey`] unless it is
    /// [`NONCE_LEN`] bytes long.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, CryptoError> {
        bytes
            .try_into()
            .map(Self)
            .map_err(|_| CryptoError::InvalidKey)
    }

    /// The IV bytes.
    pub fn as_bytes(&self) -> &[u8; NONCE_LEN] {
        &self.0
    }

    /// The IV bytes, mutably (to derive an IV in place).
    pub fn as_mut_bytes(&mut self) -> &mut [u8; NONCE_LEN] {
        &mut self.0
    }

    /// The per-record nonce of RFC 8446 §5.3 (and RFC 7905 §2): the 64-bit sequence number,
    /// big-endian and left-padded with zeros to 12 bytes, XORed with the IV.
    pub fn nonce(&self, sequence_number: u64) -> [u8; NONCE_LEN] {
        let mut nonce = self.0;
        let seq = sequence_number.to_be_bytes();
        for (n, s) in nonce[NONCE_LEN - seq.len()..].iter_mut().zip(seq) {
            *n ^= s;
        }
        nonce
    }
}

impl fmt::Debug for Iv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Iv([redacted])")
    }
}

/// A MAC value (an HMAC output, a Finished verify_data, a PSK binder).
///
/// Compared in constant time, zeroized on drop, printed as `[redacted]`.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Tag {
    buf: [u8; MAX_HASH_LEN],
    len: usize,
}

impl Tag {
    /// Copies `bytes` (at most [`MAX_HASH_LEN`] of them) into a tag.
    ///
    /// # Panics
    ///
    /// If `bytes` is longer than [`MAX_HASH_LEN`]: tags come from our own MAC computations,
    /// never from a length chosen by a peer.
    pub fn new(bytes: &[u8]) -> Self {
        let mut buf = [0u8; MAX_HASH_LEN];
        buf[..bytes.len()].copy_from_slice(bytes);
        Self {
            buf,
            len: bytes.len(),
        }
    }

    /// The tag bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// Constant-time comparison with bytes received from a peer. Different lengths compare
    /// unequal (the length itself is public).
    pub fn ct_eq_bytes(&self, other: &[u8]) -> bool {
        self.as_bytes().ct_eq(other).into()
    }
}

impl AsRef<[u8]> for Tag {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl PartialEq for Tag {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq_bytes(other.as_bytes())
    }
}

impl Eq for Tag {}

impl fmt::Debug for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tag([redacted; {} bytes])", self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_do_not_print() {
        let s = Secret::from_slice(b"hunter2hunter2");
        let shown = format!("{s:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("14 bytes"));
        let t = Tag::new(&[0xab; 32]);
        let shown = format!("{t:?}");
        assert!(!shown.contains("ab"), "{shown}");
        let iv = Iv::new([0xcd; NONCE_LEN]);
        let shown = format!("{iv:?}");
        assert!(!shown.contains("cd"), "{shown}");
    }

    #[test]
    fn iv_nonces() {
        // RFC 8448 §3: the server's handshake write IV; the record nonce of sequence number 1.
        let iv = Iv::new([
            0x5d, 0x31, 0x3e, 0xb2, 0x67, 0x12, 0x76, 0xee, 0x13, 0x00, 0x0b, 0x30,
        ]);
        assert_eq!(iv.nonce(0), *iv.as_bytes());
        let mut one = *iv.as_bytes();
        one[11] ^= 1;
        assert_eq!(iv.nonce(1), one);
        let mut high = *iv.as_bytes();
        high[4] ^= 0x80;
        assert_eq!(iv.nonce(1 << 63), high);
        assert!(Iv::from_slice(&[0; 11]).is_err());
        assert!(Iv::from_slice(&[0; 13]).is_err());
        assert_eq!(Iv::from_slice(iv.as_bytes()).map(|i| i.nonce(1)), Ok(one));
    }

    #[test]
    fn equality() {
        assert_eq!(Secret::from_slice(b"abc"), Secret::from_slice(b"abc"));
        assert_ne!(Secret::from_slice(b"abc"), Secret::from_slice(b"abd"));
        assert_ne!(Secret::from_slice(b"abc"), Secret::from_slice(b"ab"));
        let t = Tag::new(b"0123456789");
        assert!(t.ct_eq_bytes(b"0123456789"));
        assert!(!t.ct_eq_bytes(b"0123456788"));
        assert!(!t.ct_eq_bytes(b"012345678"));
        assert!(!t.ct_eq_bytes(b""));
    }
}
