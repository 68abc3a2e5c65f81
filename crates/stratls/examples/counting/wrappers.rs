//! One wrapper per provider trait: each counts its calls in a shared [`Counters`] and hands the
//! work to the piece it wraps.
//!
//! Every wrapper delegates every method, default ones included, so the wrapped provider keeps
//! its own implementations (an HKDF kept in hardware stays there) and each call is counted once,
//! at the entry point the protocol crates used.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use stratls::crypto::{
    ActiveKeyExchange, Aead, AeadAlgorithm, AeadKey, CertSignatureAlgorithm, CertSignatureVerifier,
    CryptoError, Encapsulated, Hash, HashAlgorithm, HashContext, HashOutput, Hkdf, Hmac, HmacKey,
    KeyLoader, KxGroup, NONCE_LEN, NamedGroup, PrivateKeyDer, RsaKeyTransport, Secret,
    SecureRandom, Shared, SignatureAlgorithm, SignatureScheme, SignatureVerifier, Signer,
    SigningKey, Tag,
};

use super::Counters;

fn bump(counter: &AtomicUsize) {
    counter.fetch_add(1, Ordering::Relaxed);
}

/// Every wrapper prints as the piece it wraps, marked as counted (not with the counters).
macro_rules! counted_debug {
    ($($ty:ident),*) => {$(
        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "Counted({:?})", self.inner)
            }
        }
    )*};
}

counted_debug!(
    CountingHash,
    CountingHkdf,
    CountingAead,
    CountingKxGroup,
    CountingVerifier,
    CountingCertVerifier,
    CountingKeyLoader,
    CountingSigningKey,
    CountingSigner,
    CountingRandom,
    CountingRsaKeyTransport
);

/// A hash function: counts incremental starts and one-shot hashes.
pub(super) struct CountingHash {
    pub(super) inner: Shared<dyn Hash>,
    pub(super) counters: Arc<Counters>,
}

impl Hash for CountingHash {
    fn algorithm(&self) -> HashAlgorithm {
        self.inner.algorithm()
    }

    fn start(&self) -> Box<dyn HashContext> {
        bump(&self.counters.hash_start);
        self.inner.start()
    }

    fn output_len(&self) -> usize {
        self.inner.output_len()
    }

    fn hash(&self, data: &[u8]) -> HashOutput {
        bump(&self.counters.hash_oneshot);
        self.inner.hash(data)
    }
}

/// HMAC and HKDF: counts HMAC keyings (`with_key`, one-shot `sign`), HKDF-Extract and
/// HKDF-Expand.
pub(super) struct CountingHkdf {
    pub(super) inner: Shared<dyn Hkdf>,
    pub(super) counters: Arc<Counters>,
}

impl Hmac for CountingHkdf {
    fn hash_algorithm(&self) -> HashAlgorithm {
        self.inner.hash_algorithm()
    }

    fn with_key(&self, key: &[u8]) -> Box<dyn HmacKey> {
        bump(&self.counters.hmac);
        self.inner.with_key(key)
    }

    fn tag_len(&self) -> usize {
        self.inner.tag_len()
    }

    fn sign(&self, key: &[u8], parts: &[&[u8]]) -> Tag {
        bump(&self.counters.hmac);
        self.inner.sign(key, parts)
    }
}

impl Hkdf for CountingHkdf {
    fn extract(&self, salt: Option<&[u8]>, ikm: &[u8]) -> Secret {
        bump(&self.counters.hkdf_extract);
        self.inner.extract(salt, ikm)
    }

    fn expand(&self, prk: &[u8], info_parts: &[&[u8]], out: &mut [u8]) -> Result<(), CryptoError> {
        bump(&self.counters.hkdf_expand);
        self.inner.expand(prk, info_parts, out)
    }

    fn expand_keyed(
        &self,
        key: &dyn HmacKey,
        info_parts: &[&[u8]],
        out: &mut [u8],
    ) -> Result<(), CryptoError> {
        bump(&self.counters.hkdf_expand);
        self.inner.expand_keyed(key, info_parts, out)
    }

    fn expand_secret(
        &self,
        prk: &[u8],
        info_parts: &[&[u8]],
        len: usize,
    ) -> Result<Secret, CryptoError> {
        bump(&self.counters.hkdf_expand);
        self.inner.expand_secret(prk, info_parts, len)
    }
}

/// An AEAD: counts keys prepared; the keys count seals and opens.
pub(super) struct CountingAead {
    pub(super) inner: Shared<dyn Aead>,
    pub(super) counters: Arc<Counters>,
}

impl Aead for CountingAead {
    fn algorithm(&self) -> AeadAlgorithm {
        self.inner.algorithm()
    }

    fn key(&self, key: &[u8]) -> Result<Box<dyn AeadKey>, CryptoError> {
        bump(&self.counters.aead_key);
        let inner = self.inner.key(key)?;
        Ok(Box::new(CountingAeadKey {
            inner,
            counters: self.counters.clone(),
        }))
    }

    fn key_len(&self) -> usize {
        self.inner.key_len()
    }

    fn tag_len(&self) -> usize {
        self.inner.tag_len()
    }

    fn confidentiality_limit(&self) -> u64 {
        self.inner.confidentiality_limit()
    }
}

/// An AEAD key: counts every seal and every open (failed opens included).
struct CountingAeadKey {
    inner: Box<dyn AeadKey>,
    counters: Arc<Counters>,
}

impl AeadKey for CountingAeadKey {
    fn seal_in_place(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        data: &mut [u8],
        tag: &mut [u8],
    ) -> Result<(), CryptoError> {
        bump(&self.counters.aead_seal);
        self.inner.seal_in_place(nonce, aad, data, tag)
    }

    fn open_in_place(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        data: &mut [u8],
        tag: &[u8],
    ) -> Result<(), CryptoError> {
        bump(&self.counters.aead_open);
        self.inner.open_in_place(nonce, aad, data, tag)
    }
}

/// A key-exchange group: counts key pairs started and server answers (encapsulations); the key
/// pairs count completions. A wrapper forwards every method, the provided ones too: the inner
/// group's `encapsulate` may be a KEM's, which the default (start, then complete) is not.
pub(super) struct CountingKxGroup {
    pub(super) inner: Shared<dyn KxGroup>,
    pub(super) counters: Arc<Counters>,
}

impl CountingKxGroup {
    fn wrap(&self, inner: Box<dyn ActiveKeyExchange>) -> Box<dyn ActiveKeyExchange> {
        bump(&self.counters.kx_start);
        Box::new(CountingKeyExchange {
            inner,
            counters: self.counters.clone(),
        })
    }
}

impl KxGroup for CountingKxGroup {
    fn group(&self) -> NamedGroup {
        self.inner.group()
    }

    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, CryptoError> {
        Ok(self.wrap(self.inner.start()?))
    }

    fn encapsulate(&self, client_share: &[u8]) -> Result<Encapsulated, CryptoError> {
        bump(&self.counters.kx_encapsulate);
        self.inner.encapsulate(client_share)
    }

    fn usable_in_tls12(&self) -> bool {
        self.inner.usable_in_tls12()
    }
}

/// A key exchange in progress: counts its completion.
struct CountingKeyExchange {
    inner: Box<dyn ActiveKeyExchange>,
    counters: Arc<Counters>,
}

impl ActiveKeyExchange for CountingKeyExchange {
    fn group(&self) -> NamedGroup {
        self.inner.group()
    }

    fn public_key(&self) -> &[u8] {
        self.inner.public_key()
    }

    fn complete(self: Box<Self>, peer_share: &[u8]) -> Result<Secret, CryptoError> {
        bump(&self.counters.kx_complete);
        self.inner.complete(peer_share)
    }
}

/// Verification of one signature scheme: counts every check (failed ones included).
pub(super) struct CountingVerifier {
    pub(super) inner: Shared<dyn SignatureVerifier>,
    pub(super) counters: Arc<Counters>,
}

impl SignatureVerifier for CountingVerifier {
    fn scheme(&self) -> SignatureScheme {
        self.inner.scheme()
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        self.inner.algorithm()
    }

    fn verify(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        bump(&self.counters.verify);
        self.inner.verify(public_key, message, signature)
    }
}

/// Verification of one certificate signature algorithm: counts every check, in the same
/// counter as handshake signatures.
pub(super) struct CountingCertVerifier {
    pub(super) inner: Shared<dyn CertSignatureVerifier>,
    pub(super) counters: Arc<Counters>,
}

impl CertSignatureVerifier for CountingCertVerifier {
    fn algorithm(&self) -> CertSignatureAlgorithm {
        self.inner.algorithm()
    }

    fn verify(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        bump(&self.counters.verify);
        self.inner.verify(public_key, message, signature)
    }
}

/// The key loader: counts keys loaded, and wraps each so that its signatures are counted.
pub(super) struct CountingKeyLoader {
    pub(super) inner: Shared<dyn KeyLoader>,
    pub(super) counters: Arc<Counters>,
}

impl KeyLoader for CountingKeyLoader {
    fn load_private_key(
        &self,
        der: &PrivateKeyDer<'_>,
    ) -> Result<Arc<dyn SigningKey>, CryptoError> {
        bump(&self.counters.key_load);
        let inner = self.inner.load_private_key(der)?;
        Ok(Arc::new(CountingSigningKey {
            inner,
            counters: self.counters.clone(),
        }))
    }
}

/// A loaded private key: its signers count signatures; RSA decryption is counted here.
struct CountingSigningKey {
    inner: Arc<dyn SigningKey>,
    counters: Arc<Counters>,
}

impl SigningKey for CountingSigningKey {
    fn algorithm(&self) -> SignatureAlgorithm {
        self.inner.algorithm()
    }

    fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<Box<dyn Signer>> {
        let inner = self.inner.choose_scheme(offered)?;
        Some(Box::new(CountingSigner {
            inner,
            counters: self.counters.clone(),
        }))
    }

    fn public_key(&self) -> Option<Vec<u8>> {
        self.inner.public_key()
    }

    fn decrypt_pkcs1v15(&self, ciphertext: &[u8]) -> Result<Secret, CryptoError> {
        bump(&self.counters.rsa_transport);
        self.inner.decrypt_pkcs1v15(ciphertext)
    }
}

/// A key bound to a scheme: counts every signature made.
struct CountingSigner {
    inner: Box<dyn Signer>,
    counters: Arc<Counters>,
}

impl Signer for CountingSigner {
    fn scheme(&self) -> SignatureScheme {
        self.inner.scheme()
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, CryptoError> {
        bump(&self.counters.sign);
        self.inner.sign(message)
    }
}

/// The random source: counts fills.
pub(super) struct CountingRandom {
    pub(super) inner: Shared<dyn SecureRandom>,
    pub(super) counters: Arc<Counters>,
}

impl SecureRandom for CountingRandom {
    fn fill(&self, buf: &mut [u8]) -> Result<(), CryptoError> {
        bump(&self.counters.random);
        self.inner.fill(buf)
    }
}

/// RSA key transport (TLS 1.2 client side): counts encryptions.
pub(super) struct CountingRsaKeyTransport {
    pub(super) inner: Shared<dyn RsaKeyTransport>,
    pub(super) counters: Arc<Counters>,
}

impl RsaKeyTransport for CountingRsaKeyTransport {
    fn encrypt_pkcs1v15(
        &self,
        public_key: &[u8],
        plaintext: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        bump(&self.counters.rsa_transport);
        self.inner.encrypt_pkcs1v15(public_key, plaintext)
    }
}
