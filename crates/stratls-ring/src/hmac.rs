//! HMAC-SHA256 and HMAC-SHA384 (ring::hmac); HKDF is the trait's own construction over them.

use ring::hmac;
use stratls_crypto::{CryptoError, HashAlgorithm, Hkdf, Hmac, HmacKey, Tag};

/// A ring HMAC behind the [`Hmac`] and [`Hkdf`] traits.
#[derive(Debug)]
pub struct RingHmac {
    algorithm: HashAlgorithm,
    ring: hmac::Algorithm,
}

/// HMAC-SHA256 (and HKDF-SHA256).
pub static HMAC_SHA256: RingHmac = RingHmac {
    algorithm: HashAlgorithm::Sha256,
    ring: hmac::HMAC_SHA256,
};

/// HMAC-SHA384 (and HKDF-SHA384).
pub static HMAC_SHA384: RingHmac = RingHmac {
    algorithm: HashAlgorithm::Sha384,
    ring: hmac::HMAC_SHA384,
};

impl Hmac for RingHmac {
    fn hash_algorithm(&self) -> HashAlgorithm {
        self.algorithm
    }

    fn with_key(&self, key: &[u8]) -> Box<dyn HmacKey> {
        Box::new(Key(hmac::Key::new(self.ring, key)))
    }

    /// One-shot HMAC with the key on the stack (no boxed [`HmacKey`]).
    fn sign(&self, key: &[u8], parts: &[&[u8]]) -> Tag {
        Key(hmac::Key::new(self.ring, key)).sign(parts)
    }
}

impl Hkdf for RingHmac {
    /// HKDF-Expand with the PRK keyed on the stack (no boxed [`HmacKey`]).
    fn expand(&self, prk: &[u8], info_parts: &[&[u8]], out: &mut [u8]) -> Result<(), CryptoError> {
        self.expand_keyed(&Key(hmac::Key::new(self.ring, prk)), info_parts, out)
    }
}

/// A keyed HMAC: ring keeps the inner and outer hash states of the key, not the key itself.
struct Key(hmac::Key);

impl HmacKey for Key {
    fn sign(&self, parts: &[&[u8]]) -> Tag {
        let mut ctx = hmac::Context::with_key(&self.0);
        for part in parts {
            ctx.update(part);
        }
        Tag::new(ctx.sign().as_ref())
    }

    fn tag_len(&self) -> usize {
        self.0.algorithm().digest_algorithm().output_len()
    }
}
