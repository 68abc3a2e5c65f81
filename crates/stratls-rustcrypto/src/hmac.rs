//! HMAC-SHA-256 and HMAC-SHA-384 (RFC 2104) over the `hmac` crate; HKDF (RFC 5869) comes from
//! the default methods of [`stratls_crypto::Hkdf`].

use hmac::{KeyInit, Mac};
use sha2::{Sha256, Sha384};
use stratls_crypto::{CryptoError, HashAlgorithm, Hkdf, Hmac, HmacKey, Tag};

/// HMAC-SHA-256, with HKDF-SHA-256 on top.
pub static HMAC_SHA256: &dyn Hkdf = &RcHmac::<hmac::Hmac<Sha256>>::new(HashAlgorithm::Sha256);

/// HMAC-SHA-384, with HKDF-SHA-384 on top.
pub static HMAC_SHA384: &dyn Hkdf = &RcHmac::<hmac::Hmac<Sha384>>::new(HashAlgorithm::Sha384);

/// HMAC over the hash whose `hmac` state type is `M`.
pub(crate) struct RcHmac<M> {
    hash: HashAlgorithm,
    _mac: core::marker::PhantomData<fn() -> M>,
}

impl<M> RcHmac<M> {
    pub(crate) const fn new(hash: HashAlgorithm) -> Self {
        Self {
            hash,
            _mac: core::marker::PhantomData,
        }
    }
}

impl<M> core::fmt::Debug for RcHmac<M> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "RustCrypto HMAC-{:?}", self.hash)
    }
}

impl<M> Hmac for RcHmac<M>
where
    M: Mac + KeyInit + Clone + Send + Sync + 'static,
{
    fn hash_algorithm(&self) -> HashAlgorithm {
        self.hash
    }

    fn with_key(&self, key: &[u8]) -> Box<dyn HmacKey> {
        Box::new(self.key(key))
    }

    /// One-shot HMAC with the keyed state on the stack (no boxed [`HmacKey`]).
    fn sign(&self, key: &[u8], parts: &[&[u8]]) -> Tag {
        let mut mac = self.key(key).mac;
        for part in parts {
            mac.update(part);
        }
        Tag::new(&mac.finalize().into_bytes())
    }
}

impl<M> RcHmac<M>
where
    M: Mac + KeyInit + Clone + Send + Sync + 'static,
{
    /// The keyed HMAC state, by value.
    fn key(&self, key: &[u8]) -> RcHmacKey<M> {
        // HMAC takes keys of any length (RFC 2104 §2): longer ones are hashed, shorter ones
        // padded, so `new_from_slice` cannot fail here; the fallback keeps that a non-panic.
        let mac = <M as KeyInit>::new_from_slice(key)
            .unwrap_or_else(|_| <M as KeyInit>::new(&Default::default()));
        RcHmacKey {
            mac,
            tag_len: self.hash.output_len(),
        }
    }
}

impl<M> Hkdf for RcHmac<M>
where
    M: Mac + KeyInit + Clone + Send + Sync + 'static,
{
    /// HKDF-Expand with the PRK keyed on the stack (no boxed [`HmacKey`]).
    fn expand(&self, prk: &[u8], info_parts: &[&[u8]], out: &mut [u8]) -> Result<(), CryptoError> {
        self.expand_keyed(&self.key(prk), info_parts, out)
    }
}

/// A keyed HMAC state; each signature starts from a clone of it, so the key schedule (the
/// inner and outer padded key hashes) is computed once.
struct RcHmacKey<M> {
    mac: M,
    tag_len: usize,
}

impl<M> HmacKey for RcHmacKey<M>
where
    M: Mac + Clone + Send + Sync,
{
    fn sign(&self, parts: &[&[u8]]) -> Tag {
        let mut mac = self.mac.clone();
        for part in parts {
            mac.update(part);
        }
        Tag::new(&mac.finalize().into_bytes())
    }

    fn tag_len(&self) -> usize {
        self.tag_len
    }
}
