//! AES-128-GCM, AES-256-GCM (NIST SP 800-38D, RFC 5116) and ChaCha20-Poly1305 (RFC 8439),
//! in place with a detached tag.

use aes_gcm::aead::array::Array;
use aes_gcm::aead::{AeadInOut, KeyInit, Tag as AeadTag};
use stratls_crypto::{Aead, AeadAlgorithm, AeadKey, CryptoError, NONCE_LEN};

/// AEAD_AES_128_GCM.
pub static AES_128_GCM: &dyn Aead = &RcAead::<aes_gcm::Aes128Gcm>::new(AeadAlgorithm::Aes128Gcm);

/// AEAD_AES_256_GCM.
pub static AES_256_GCM: &dyn Aead = &RcAead::<aes_gcm::Aes256Gcm>::new(AeadAlgorithm::Aes256Gcm);

/// AEAD_CHACHA20_POLY1305.
pub static CHACHA20_POLY1305: &dyn Aead =
    &RcAead::<chacha20poly1305::ChaCha20Poly1305>::new(AeadAlgorithm::ChaCha20Poly1305);

/// An AEAD whose RustCrypto cipher type is `C`.
pub(crate) struct RcAead<C> {
    algorithm: AeadAlgorithm,
    _cipher: core::marker::PhantomData<fn() -> C>,
}

impl<C> RcAead<C> {
    pub(crate) const fn new(algorithm: AeadAlgorithm) -> Self {
        Self {
            algorithm,
            _cipher: core::marker::PhantomData,
        }
    }
}

impl<C> core::fmt::Debug for RcAead<C> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "RustCrypto {:?}", self.algorithm)
    }
}

/// The cipher types this module accepts: a 96-bit nonce and a 128-bit tag.
pub(crate) trait TlsAeadCipher:
    AeadInOut<NonceSize = aes_gcm::aead::consts::U12, TagSize = aes_gcm::aead::consts::U16>
    + KeyInit
    + Send
    + Sync
    + 'static
{
}

impl<C> TlsAeadCipher for C where
    C: AeadInOut<NonceSize = aes_gcm::aead::consts::U12, TagSize = aes_gcm::aead::consts::U16>
        + KeyInit
        + Send
        + Sync
        + 'static
{
}

impl<C: TlsAeadCipher> Aead for RcAead<C> {
    fn algorithm(&self) -> AeadAlgorithm {
        self.algorithm
    }

    fn key(&self, key: &[u8]) -> Result<Box<dyn AeadKey>, CryptoError> {
        let cipher = C::new_from_slice(key).map_err(|_| CryptoError::InvalidKey)?;
        Ok(Box::new(RcAeadKey(cipher)))
    }
}

/// An expanded AEAD key. The RustCrypto cipher states zeroize themselves on drop.
struct RcAeadKey<C>(C);

impl<C: TlsAeadCipher> AeadKey for RcAeadKey<C> {
    fn seal_in_place(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        data: &mut [u8],
        tag: &mut [u8],
    ) -> Result<(), CryptoError> {
        if tag.len() != 16 {
            return Err(CryptoError::InvalidLength);
        }
        let nonce = Array::from(*nonce);
        let computed = self
            .0
            .encrypt_inout_detached(&nonce, aad, data.into())
            .map_err(|_| CryptoError::InvalidLength)?;
        tag.copy_from_slice(&computed);
        Ok(())
    }

    fn open_in_place(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        data: &mut [u8],
        tag: &[u8],
    ) -> Result<(), CryptoError> {
        let tag = AeadTag::<C>::try_from(tag).map_err(|_| CryptoError::Failed)?;
        let nonce = Array::from(*nonce);
        self.0
            .decrypt_inout_detached(&nonce, aad, data.into(), &tag)
            .map_err(|_| CryptoError::Failed)
    }
}
