use core::fmt;

use crate::error::CryptoError;
use crate::hash::HashAlgorithm;
use crate::secret::{Secret, Tag};

/// HKDF-Expand produces at most 255 blocks of the hash length (RFC 5869 §2.3).
pub const MAX_HKDF_EXPAND_BLOCKS: usize = 255;

/// HMAC over one hash function (RFC 2104).
pub trait Hmac: Send + Sync + fmt::Debug {
    /// The underlying hash.
    fn hash_algorithm(&self) -> HashAlgorithm;

    /// Prepares a keyed HMAC, so that many messages can be signed with one key schedule.
    fn with_key(&self, key: &[u8]) -> Box<dyn HmacKey>;

    /// Output length in bytes (the hash length).
    fn tag_len(&self) -> usize {
        self.hash_algorithm().output_len()
    }

    /// One-shot HMAC of the concatenation of `parts` under `key`.
    fn sign(&self, key: &[u8], parts: &[&[u8]]) -> Tag {
        self.with_key(key).sign(parts)
    }
}

/// An HMAC key, ready to sign.
pub trait HmacKey: Send + Sync {
    /// HMAC of the concatenation of `parts`.
    fn sign(&self, parts: &[&[u8]]) -> Tag;

    /// Output length in bytes.
    fn tag_len(&self) -> usize;
}

impl fmt::Debug for dyn HmacKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HmacKey([redacted])")
    }
}

/// HKDF (RFC 5869) on top of an [`Hmac`].
///
/// Every method has a default built from the HMAC, so a provider gets HKDF with
/// `impl Hkdf for MyHmac {}`; a provider that keeps keys in hardware overrides them.
pub trait Hkdf: Hmac {
    /// HKDF-Extract(salt, IKM) → PRK. An absent salt is `HashLen` zero bytes (RFC 5869 §2.2).
    fn extract(&self, salt: Option<&[u8]>, ikm: &[u8]) -> Secret {
        let zeros = [0u8; crate::hash::MAX_HASH_LEN];
        let salt = salt.unwrap_or(&zeros[..self.tag_len()]);
        Secret::from_slice(self.sign(salt, &[ikm]).as_bytes())
    }

    /// HKDF-Expand(PRK, info, L) into `out` (L = `out.len()`), where `info` is the
    /// concatenation of `info_parts`. Fails if L exceeds 255 · HashLen.
    ///
    /// The default keys an HMAC with the PRK ([`Hmac::with_key`]) and runs
    /// [`Hkdf::expand_keyed`].
    fn expand(&self, prk: &[u8], info_parts: &[&[u8]], out: &mut [u8]) -> Result<(), CryptoError> {
        self.expand_keyed(&*self.with_key(prk), info_parts, out)
    }

    /// HKDF-Expand with the PRK already keyed into an HMAC (`Hmac::with_key(prk)`), so that
    /// one PRK expanded into several outputs pays for its key schedule once. The TLS 1.3 key
    /// schedule expands each of its secrets this way; a provider that overrides
    /// [`Hkdf::expand`] should give this method the same behaviour.
    fn expand_keyed(
        &self,
        key: &dyn HmacKey,
        info_parts: &[&[u8]],
        out: &mut [u8],
    ) -> Result<(), CryptoError> {
        let hash_len = key.tag_len();
        if out.len() > MAX_HKDF_EXPAND_BLOCKS * hash_len {
            return Err(CryptoError::InvalidLength);
        }
        // T(i) = HMAC(PRK, T(i-1) | info | i): the parts of one block, on the stack for the
        // short infos of TLS (HkdfLabel is six parts).
        const INLINE: usize = 8;
        let mut previous: Option<Tag> = None;
        for (i, chunk) in out.chunks_mut(hash_len).enumerate() {
            // `i + 1` is at most 255 by the length check above.
            let counter = [(i + 1) as u8];
            let prev: &[u8] = previous.as_ref().map_or(&[], Tag::as_bytes);
            let mut inline: [&[u8]; INLINE + 2] = [&[]; INLINE + 2];
            let heap: Vec<&[u8]>;
            let parts: &[&[u8]] = if info_parts.len() <= INLINE {
                inline[0] = prev;
                inline[1..=info_parts.len()].copy_from_slice(info_parts);
                inline[info_parts.len() + 1] = &counter;
                &inline[..info_parts.len() + 2]
            } else {
                heap = [&[prev], info_parts, &[&counter[..]]].concat();
                &heap
            };
            let t = key.sign(parts);
            chunk.copy_from_slice(&t.as_bytes()[..chunk.len()]);
            previous = Some(t);
        }
        Ok(())
    }

    /// HKDF-Expand into a new secret of `len` bytes.
    fn expand_secret(
        &self,
        prk: &[u8],
        info_parts: &[&[u8]],
        len: usize,
    ) -> Result<Secret, CryptoError> {
        let mut out = Secret::zeroed(len);
        self.expand(prk, info_parts, out.as_mut_bytes())?;
        Ok(out)
    }
}
