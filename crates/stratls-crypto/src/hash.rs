use core::fmt;

/// The longest hash output any provider may return (SHA-512).
pub const MAX_HASH_LEN: usize = 64;

/// Which hash function a [`Hash`] computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HashAlgorithm {
    /// SHA-256
    Sha256,
    /// SHA-384
    Sha384,
    /// SHA-512
    Sha512,
}

impl HashAlgorithm {
    /// Output length in bytes.
    pub const fn output_len(self) -> usize {
        match self {
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }
}

/// A hash function.
pub trait Hash: Send + Sync + fmt::Debug {
    /// Which function this is.
    fn algorithm(&self) -> HashAlgorithm;

    /// Starts an incremental computation.
    fn start(&self) -> Box<dyn HashContext>;

    /// Output length in bytes.
    fn output_len(&self) -> usize {
        self.algorithm().output_len()
    }

    /// One-shot hash of `data`.
    fn hash(&self, data: &[u8]) -> HashOutput {
        let mut ctx = self.start();
        ctx.update(data);
        ctx.finish()
    }
}

/// An incremental hash computation, as a handshake transcript needs it: update, peek at the
/// current value without ending the computation, fork.
pub trait HashContext: Send + Sync {
    /// Absorbs `data`.
    fn update(&mut self, data: &[u8]);

    /// The hash of everything absorbed so far; the computation goes on.
    fn current(&self) -> HashOutput;

    /// An independent copy of the computation in its current state.
    fn fork(&self) -> Box<dyn HashContext>;

    /// Ends the computation.
    fn finish(self: Box<Self>) -> HashOutput;
}

impl fmt::Debug for dyn HashContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HashContext")
    }
}

/// A hash value (not secret: transcript hashes are public).
#[derive(Clone, Copy)]
pub struct HashOutput {
    buf: [u8; MAX_HASH_LEN],
    len: usize,
}

impl HashOutput {
    /// Copies `bytes` into a hash output.
    ///
    /// # Panics
    ///
    /// If `bytes` is longer than [`MAX_HASH_LEN`] (a provider bug, never peer input).
    pub fn new(bytes: &[u8]) -> Self {
        let mut buf = [0u8; MAX_HASH_LEN];
        buf[..bytes.len()].copy_from_slice(bytes);
        Self {
            buf,
            len: bytes.len(),
        }
    }

    /// The hash bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

impl AsRef<[u8]> for HashOutput {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl PartialEq for HashOutput {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for HashOutput {}

impl fmt::Debug for HashOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.as_bytes() {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}
