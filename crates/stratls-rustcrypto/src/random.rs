//! The secure random source: the operating system's generator, through `getrandom`.

use stratls_crypto::{CryptoError, SecureRandom};

/// The operating system's secure random source.
pub static RANDOM: &dyn SecureRandom = &OsRandom;

#[derive(Debug)]
struct OsRandom;

impl SecureRandom for OsRandom {
    fn fill(&self, buf: &mut [u8]) -> Result<(), CryptoError> {
        fill_random(buf)
    }
}

/// Fills `buf` from the operating system's generator.
pub(crate) fn fill_random(buf: &mut [u8]) -> Result<(), CryptoError> {
    getrandom::fill(buf).map_err(|_| CryptoError::Random)
}
