use core::fmt;

use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::aead::NONCE_LEN;
use crate::error::CryptoError;
use crate::hash::MAX_HASH_LEN;

/// The longest secret [`Secret`] keeps inline, without a heap allocation: 66 bytes, enough
/// for every hash output (up to [`MAX_HASH_LEN`]), every key and IV, the RSA premaster secret
/// and the shared secrets of X25519, P-256, P-384, P-521 and X25519MLKEM768.
pub const SECRET_INLINE_LEN: usize = 66;

/// Secret bytes: a shared secret, a traffic secret, a key, an IV, a PSK.
///
/// Zeroized on drop, never printed (`Debug` shows only the length), not `Clone`: a copy must
/// be asked for with [`Secret::duplicate`], so that every copy of a secret is visible in the
/// code. Equality is constant time.
///
/// A secret of up to [`SECRET_INLINE_LEN`] bytes is held inline, in a fixed-size buffer, so
/// that deriving one costs no heap allocation; a longer one (an external PSK, say) is held on
/// the heap. The trade-off: an inline secret is copied when the `Secret` is moved, as any
/// fixed-size array is, and the copy the move leaves behind is not zeroized (the language
/// gives no hook for it); only the final resting place is zeroized on drop. A heap secret
/// moves by pointer and has exactly one copy of its bytes. Keep secrets in place (behind a
/// reference or in a long-lived struct) where stray stack copies matter.
pub struct Secret(Repr);

enum Repr {
    Inline {
        buf: [u8; SECRET_INLINE_LEN],
        len: u8,
    },
    Heap(Vec<u8>),
}

impl Secret {
    /// Takes ownership of `bytes` as a secret. Bytes that fit inline are copied into the
    /// secret and the vector is zeroized before it is freed; longer ones keep the vector.
    pub fn new(mut bytes: Vec<u8>) -> Self {
        if bytes.len() <= SECRET_INLINE_LEN {
            let secret = Self::from_slice(&bytes);
            bytes.zeroize();
            secret
        } else {
            Self(Repr::Heap(bytes))
        }
    }

    /// Copies `bytes` into a new secret. The caller remains responsible for its own copy.
    pub fn from_slice(bytes: &[u8]) -> Self {
        let mut secret = Self::zeroed(bytes.len());
        secret.as_mut_bytes().copy_from_slice(bytes);
        secret
    }

    /// A secret of `len` zero bytes, to be filled in place.
    pub fn zeroed(len: usize) -> Self {
        match u8::try_from(len) {
            Ok(short) if len <= SECRET_INLINE_LEN => Self(Repr::Inline {
                buf: [0; SECRET_INLINE_LEN],
                len: short,
            }),
            _ => Self(Repr::Heap(vec![0; len])),
        }
    }

    /// The secret bytes.
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline { buf, len } => &buf[..usize::from(*len)],
            Repr::Heap(v) => v,
        }
    }

    /// The secret bytes, mutably (to fill a [`Secret::zeroed`] buffer).
    pub fn as_mut_bytes(&mut self) -> &mut [u8] {
        match &mut self.0 {
            Repr::Inline { buf, len } => &mut buf[..usize::from(*len)],
            Repr::Heap(v) => v,
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.as_bytes().len()
    }

    /// Whether the secret is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// An explicit copy.
    pub fn duplicate(&self) -> Self {
        Self::from_slice(self.as_bytes())
    }

    /// Whether the bytes are held inline rather than on the heap.
    pub fn is_inline(&self) -> bool {
        matches!(self.0, Repr::Inline { .. })
    }
}

impl Zeroize for Secret {
    /// Overwrites the bytes with zeros and leaves an empty secret.
    fn zeroize(&mut self) {
        match &mut self.0 {
            Repr::Inline { buf, len } => {
                buf.zeroize();
                len.zeroize();
            }
            // Zeroes the whole capacity and truncates to zero length.
            Repr::Heap(v) => v.zeroize(),
        }
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.zeroize();
    }
}

impl ZeroizeOnDrop for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret([redacted; {} bytes])", self.len())
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes().ct_eq(other.as_bytes()).into()
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

    #[test]
    fn inline_and_heap_round_trip() {
        for len in [
            0,
            1,
            32,
            48,
            64,
            SECRET_INLINE_LEN,
            SECRET_INLINE_LEN + 1,
            300,
        ] {
            let bytes: Vec<u8> = (0..len).map(|i| (i % 251) as u8 + 1).collect();
            let s = Secret::from_slice(&bytes);
            assert_eq!(s.as_bytes(), &bytes[..]);
            assert_eq!(s.len(), len);
            assert_eq!(s.is_empty(), len == 0);
            assert_eq!(s.is_inline(), len <= SECRET_INLINE_LEN, "{len}");
            let n = Secret::new(bytes.clone());
            assert_eq!(n.as_bytes(), &bytes[..]);
            assert_eq!(n.is_inline(), len <= SECRET_INLINE_LEN, "{len}");
            assert_eq!(n, s);
            let d = s.duplicate();
            assert_eq!(d.as_bytes(), &bytes[..]);
            assert_eq!(d, s);
            let mut z = Secret::zeroed(len);
            assert_eq!(z.len(), len);
            assert!(z.as_bytes().iter().all(|&b| b == 0));
            z.as_mut_bytes().copy_from_slice(&bytes);
            assert_eq!(z, s);
        }
    }

    #[test]
    fn unequal_lengths_and_forms() {
        let short = Secret::from_slice(&[7; 64]);
        let long = Secret::from_slice(&[7; 67]);
        assert_ne!(short, long);
        assert_ne!(Secret::from_slice(&[7; 67]), Secret::from_slice(&[7; 68]));
        assert_ne!(Secret::from_slice(&[7; 67]), Secret::from_slice(&[8; 67]));
        assert_ne!(Secret::from_slice(b""), Secret::from_slice(b"\0"));
    }

    #[test]
    fn debug_redacted_both_forms() {
        for len in [20, 100] {
            let s = Secret::new(vec![b'q'; len]);
            let shown = format!("{s:?}");
            assert!(!shown.contains('q'), "{shown}");
            assert!(shown.contains(&format!("{len} bytes")), "{shown}");
        }
    }

    #[test]
    fn zeroize_clears() {
        for len in [32, 100] {
            let mut s = Secret::from_slice(&vec![0x5a; len]);
            s.zeroize();
            assert_eq!(s.len(), 0);
            assert!(s.is_empty());
            assert_eq!(s.as_bytes(), b"");
            assert_eq!(s, Secret::from_slice(b""));
        }
        // The inline buffer beyond the length is zero too: growing the view back shows zeros.
        let mut s = Secret::from_slice(&[0x5a; 40]);
        s.zeroize();
        if let Repr::Inline { buf, len } = &s.0 {
            assert_eq!(*len, 0);
            assert!(buf.iter().all(|&b| b == 0));
        } else {
            panic!("a 40-byte secret is inline");
        }
    }
}
