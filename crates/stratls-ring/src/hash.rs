//! SHA-256 and SHA-384 (ring::digest).

use ring::digest;
use stratls_crypto::{Hash, HashAlgorithm, HashContext, HashOutput};

/// A ring digest algorithm behind the [`Hash`] trait.
#[derive(Debug)]
pub struct RingHash {
    algorithm: HashAlgorithm,
    ring: &'static digest::Algorithm,
}

/// SHA-256.
pub static SHA256: RingHash = RingHash {
    algorithm: HashAlgorithm::Sha256,
    ring: &digest::SHA256,
};

/// SHA-384.
pub static SHA384: RingHash = RingHash {
    algorithm: HashAlgorithm::Sha384,
    ring: &digest::SHA384,
};

impl Hash for RingHash {
    fn algorithm(&self) -> HashAlgorithm {
        self.algorithm
    }

    fn start(&self) -> Box<dyn HashContext> {
        Box::new(Context(digest::Context::new(self.ring)))
    }

    fn hash(&self, data: &[u8]) -> HashOutput {
        HashOutput::new(digest::digest(self.ring, data).as_ref())
    }
}

struct Context(digest::Context);

impl HashContext for Context {
    fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }

    fn current(&self) -> HashOutput {
        HashOutput::new(self.0.clone().finish().as_ref())
    }

    fn fork(&self) -> Box<dyn HashContext> {
        Box::new(Context(self.0.clone()))
    }

    fn finish(self: Box<Self>) -> HashOutput {
        HashOutput::new(self.0.finish().as_ref())
    }
}
