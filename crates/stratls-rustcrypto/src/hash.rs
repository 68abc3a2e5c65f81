//! SHA-256 and SHA-384 (FIPS 180-4) over the `sha2` crate.

use sha2::Digest;
use stratls_crypto::{Hash, HashAlgorithm, HashContext, HashOutput};

/// SHA-256.
pub static SHA256: &dyn Hash = &Sha2Hash::<sha2::Sha256>::new(HashAlgorithm::Sha256);

/// SHA-384.
pub static SHA384: &dyn Hash = &Sha2Hash::<sha2::Sha384>::new(HashAlgorithm::Sha384);

/// A hash function of the SHA-2 family, named by its `sha2` state type `D`.
pub(crate) struct Sha2Hash<D> {
    algorithm: HashAlgorithm,
    _digest: core::marker::PhantomData<fn() -> D>,
}

impl<D> Sha2Hash<D> {
    pub(crate) const fn new(algorithm: HashAlgorithm) -> Self {
        Self {
            algorithm,
            _digest: core::marker::PhantomData,
        }
    }
}

impl<D> core::fmt::Debug for Sha2Hash<D> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "RustCrypto {:?}", self.algorithm)
    }
}

impl<D> Hash for Sha2Hash<D>
where
    D: Digest + Clone + Send + Sync + 'static,
{
    fn algorithm(&self) -> HashAlgorithm {
        self.algorithm
    }

    fn start(&self) -> Box<dyn HashContext> {
        Box::new(Sha2Context(D::new()))
    }
}

/// An incremental SHA-2 computation; forking clones the state.
struct Sha2Context<D>(D);

impl<D> HashContext for Sha2Context<D>
where
    D: Digest + Clone + Send + Sync + 'static,
{
    fn update(&mut self, data: &[u8]) {
        Digest::update(&mut self.0, data);
    }

    fn current(&self) -> HashOutput {
        HashOutput::new(&self.0.clone().finalize())
    }

    fn fork(&self) -> Box<dyn HashContext> {
        Box::new(Sha2Context(self.0.clone()))
    }

    fn finish(self: Box<Self>) -> HashOutput {
        HashOutput::new(&self.0.finalize())
    }
}
