//! A provider that does no cryptography, to measure the protocol alone: the instructions a
//! handshake or a record costs besides its primitives (`cargo xtask bench --callgrind`).
//!
//! **It protects nothing and authenticates no one.** Every piece is a cheap deterministic
//! stand-in with the sizes of the real one, so that the messages and records are those of a
//! real connection:
//!
//! - AEAD ([`NoAead`], as AES-128-GCM): the identity, with a fixed tag; opening checks the tag.
//! - Hash ([`NoHash`], as SHA-256), HMAC and HKDF over it: four 64-bit multiply-xor lanes
//!   folded into 32 bytes. Both sides compute the same transcript hashes, Finished MACs and
//!   traffic keys, so a change in transit still fails the Finished check.
//! - Key exchange ([`NoKx`], as x25519 and secp256r1): a share of random bytes, the shared
//!   secret the XOR of the two shares (which anyone on the path can compute).
//! - Handshake signatures ([`NoSignature`], as ecdsa_secp256r1_sha256): the hash of the
//!   message, checked by recomputing it; any private key loads as such a key.
//! - Certificate signatures ([`AnyCertSignature`], for ECDSA P-256 and RSA PKCS#1 issuers
//!   with SHA-256): every non-empty signature is accepted. Chains are still built, their
//!   names, validity and extensions checked by the verifier.
//! - Randomness: a counter.
//!
//! One TLS 1.3 suite (TLS_AES_128_GCM_SHA256), one TLS 1.2 suite
//! (TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256) and two groups (x25519, secp256r1), so the test
//! certificates with ECDSA end entities (`server-ecdsa`) serve with it.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use stratls_crypto::{
    ActiveKeyExchange, Aead, AeadAlgorithm, AeadKey, CertSignatureAlgorithm, CertSignatureVerifier,
    CipherSuite, CryptoError, CryptoProvider, Hash, HashAlgorithm, HashContext, HashOutput, Hkdf,
    Hmac, HmacKey, KeyLoader, KxGroup, NONCE_LEN, NamedGroup, PrivateKeyDer, Secret, SecureRandom,
    Shared, SignatureAlgorithm, SignatureScheme, SignatureVerifier, Signer, SigningKey, Tag,
    Tls12CipherSuite, Tls12KeyExchange, Tls12RecordNonce, Tls13CipherSuite,
};

/// The tag every [`NoAead`] record carries.
pub const TAG: [u8; 16] = [0xa5; 16];

/// The identity, with the fixed tag [`TAG`], in the place of AES-128-GCM.
#[derive(Debug)]
pub struct NoAead;

struct NoAeadKey;

impl Aead for NoAead {
    fn algorithm(&self) -> AeadAlgorithm {
        AeadAlgorithm::Aes128Gcm
    }

    fn key(&self, key: &[u8]) -> Result<Box<dyn AeadKey>, CryptoError> {
        if key.len() != self.key_len() {
            return Err(CryptoError::InvalidLength);
        }
        Ok(Box::new(NoAeadKey))
    }
}

impl AeadKey for NoAeadKey {
    fn seal_in_place(
        &self,
        _nonce: &[u8; NONCE_LEN],
        _aad: &[u8],
        _data: &mut [u8],
        tag: &mut [u8],
    ) -> Result<(), CryptoError> {
        let tag = tag.get_mut(..TAG.len()).ok_or(CryptoError::InvalidLength)?;
        tag.copy_from_slice(&TAG);
        Ok(())
    }

    fn open_in_place(
        &self,
        _nonce: &[u8; NONCE_LEN],
        _aad: &[u8],
        _data: &mut [u8],
        tag: &[u8],
    ) -> Result<(), CryptoError> {
        if tag == TAG {
            Ok(())
        } else {
            Err(CryptoError::Failed)
        }
    }
}

/// Four multiply-xor lanes over 8-byte words, in the place of SHA-256 (32 bytes out).
#[derive(Debug)]
pub struct NoHash;

#[derive(Clone)]
struct NoHashState {
    lanes: [u64; 4],
    /// Bytes not yet a whole word.
    tail: Vec<u8>,
    len: u64,
}

const SEEDS: [u64; 4] = [
    0x6a09_e667_f3bc_c908,
    0xbb67_ae85_84ca_a73b,
    0x3c6e_f372_fe94_f82b,
    0xa54f_f53a_5f1d_36f1,
];
const PRIME: u64 = 0x0000_0100_0000_01b3;

impl NoHashState {
    fn new() -> Self {
        Self {
            lanes: SEEDS,
            tail: Vec::new(),
            len: 0,
        }
    }

    fn word(&mut self, word: u64) {
        let lane = (self.len / 8 % 4) as usize;
        self.lanes[lane] = (self.lanes[lane] ^ word).wrapping_mul(PRIME);
        self.len += 8;
    }

    fn update(&mut self, mut data: &[u8]) {
        while !self.tail.is_empty() && !data.is_empty() {
            self.tail.push(data[0]);
            data = &data[1..];
            if self.tail.len() == 8 {
                let mut w = [0u8; 8];
                w.copy_from_slice(&self.tail);
                self.tail.clear();
                self.word(u64::from_le_bytes(w));
            }
        }
        let mut words = data.chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            self.word(u64::from_le_bytes(b));
        }
        self.tail.extend_from_slice(words.remainder());
    }

    fn finish(&self) -> [u8; 32] {
        let mut last = self.clone();
        // The length and the tail, so that inputs differing only in trailing bytes differ.
        let mut w = [0u8; 8];
        w[..last.tail.len()].copy_from_slice(&last.tail);
        let len = last.len + last.tail.len() as u64;
        last.word(u64::from_le_bytes(w));
        last.word(len);
        let mut out = [0u8; 32];
        for (i, lane) in last.lanes.iter().enumerate() {
            let mixed = (lane ^ (lane >> 29)).wrapping_mul(PRIME) ^ last.lanes[(i + 1) % 4];
            out[i * 8..i * 8 + 8].copy_from_slice(&mixed.to_le_bytes());
        }
        out
    }
}

impl HashContext for NoHashState {
    fn update(&mut self, data: &[u8]) {
        NoHashState::update(self, data);
    }

    fn current(&self) -> HashOutput {
        HashOutput::new(&NoHashState::finish(self))
    }

    fn finish(self: Box<Self>) -> HashOutput {
        HashOutput::new(&NoHashState::finish(&self))
    }

    fn fork(&self) -> Box<dyn HashContext> {
        Box::new(self.clone())
    }
}

impl Hash for NoHash {
    fn algorithm(&self) -> HashAlgorithm {
        HashAlgorithm::Sha256
    }

    fn start(&self) -> Box<dyn HashContext> {
        Box::new(NoHashState::new())
    }
}

/// [`NoHash`] of the parts, in one call.
fn no_hash(parts: &[&[u8]]) -> [u8; 32] {
    let mut state = NoHashState::new();
    for part in parts {
        state.update(part);
    }
    state.finish()
}

/// The hash of key and message, in the place of HMAC-SHA-256 (and HKDF over it).
#[derive(Debug)]
pub struct NoHmac;

struct NoHmacKey(Secret);

impl Hmac for NoHmac {
    fn hash_algorithm(&self) -> HashAlgorithm {
        HashAlgorithm::Sha256
    }

    fn with_key(&self, key: &[u8]) -> Box<dyn HmacKey> {
        Box::new(NoHmacKey(Secret::from_slice(key)))
    }
}

impl Hkdf for NoHmac {}

impl HmacKey for NoHmacKey {
    fn sign(&self, parts: &[&[u8]]) -> Tag {
        let mut state = NoHashState::new();
        state.update(self.0.as_bytes());
        // The key's length apart from the message, as HMAC's padding keeps them apart.
        state.update(&(self.0.len() as u64).to_le_bytes());
        for part in parts {
            state.update(part);
        }
        Tag::new(&state.finish())
    }

    fn tag_len(&self) -> usize {
        32
    }
}

/// Random bytes as a share, the shared secret the XOR of both shares, in the place of x25519
/// (a 32-byte share) or secp256r1 (65 bytes, the first 4 as in an uncompressed point). P-256
/// is there for TLS 1.2, where a server uses an ECDSA P-256 certificate only with a client
/// that lists that curve (RFC 8422 §5.1.1).
#[derive(Debug)]
pub struct NoKx(pub NamedGroup);

struct NoShare(NamedGroup, Vec<u8>);

impl NoKx {
    fn share_len(&self) -> usize {
        if self.0 == NamedGroup::Secp256r1 {
            65
        } else {
            32
        }
    }
}

impl KxGroup for NoKx {
    fn group(&self) -> NamedGroup {
        self.0
    }

    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, CryptoError> {
        let mut share = vec![0u8; self.share_len()];
        COUNTER.fill(&mut share)?;
        if self.0 == NamedGroup::Secp256r1 {
            share[0] = 4;
        }
        Ok(Box::new(NoShare(self.0, share)))
    }
}

impl ActiveKeyExchange for NoShare {
    fn group(&self) -> NamedGroup {
        self.0
    }

    fn public_key(&self) -> &[u8] {
        &self.1
    }

    fn complete(self: Box<Self>, peer_share: &[u8]) -> Result<Secret, CryptoError> {
        if peer_share.len() != self.1.len() {
            return Err(CryptoError::InvalidPeerKeyShare);
        }
        // The x-coordinate's length for P-256, all of it for x25519.
        let shared: Vec<u8> = self
            .1
            .iter()
            .zip(peer_share)
            .map(|(a, b)| a ^ b)
            .take(32)
            .collect();
        Ok(Secret::new(shared))
    }
}

/// Random bytes from a counter shared by every connection.
#[derive(Debug)]
pub struct Counter(AtomicU64);

impl SecureRandom for Counter {
    fn fill(&self, buf: &mut [u8]) -> Result<(), CryptoError> {
        for chunk in buf.chunks_mut(8) {
            let n = self.0.fetch_add(1, Ordering::Relaxed);
            let bytes = n.wrapping_mul(PRIME).to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        Ok(())
    }
}

/// The provider's randomness.
pub static COUNTER: Counter = Counter(AtomicU64::new(1));

/// A handshake signature that is the [`NoHash`] of the message, as ecdsa_secp256r1_sha256.
#[derive(Debug)]
pub struct NoSignature;

impl Signer for NoSignature {
    fn scheme(&self) -> SignatureScheme {
        SignatureScheme::ECDSA_SECP256R1_SHA256
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, CryptoError> {
        Ok(no_hash(&[message]).to_vec())
    }
}

impl SigningKey for NoSignature {
    fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::EcdsaP256
    }

    fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<Box<dyn Signer>> {
        offered
            .contains(&SignatureScheme::ECDSA_SECP256R1_SHA256)
            .then(|| Box::new(NoSignature) as Box<dyn Signer>)
    }
}

impl SignatureVerifier for NoSignature {
    fn scheme(&self) -> SignatureScheme {
        SignatureScheme::ECDSA_SECP256R1_SHA256
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::EcdsaP256
    }

    fn verify(
        &self,
        _public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        if signature == no_hash(&[message]) {
            Ok(())
        } else {
            Err(CryptoError::Failed)
        }
    }
}

/// Loads every private key as a [`NoSignature`] key.
#[derive(Debug)]
pub struct NoKeyLoader;

impl KeyLoader for NoKeyLoader {
    fn load_private_key(
        &self,
        _der: &PrivateKeyDer<'_>,
    ) -> Result<Arc<dyn SigningKey>, CryptoError> {
        Ok(Arc::new(NoSignature))
    }
}

/// Accepts every non-empty certificate signature of its algorithm.
#[derive(Debug)]
pub struct AnyCertSignature(pub CertSignatureAlgorithm);

impl CertSignatureVerifier for AnyCertSignature {
    fn algorithm(&self) -> CertSignatureAlgorithm {
        self.0
    }

    fn verify(
        &self,
        _public_key: &[u8],
        _message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        if signature.is_empty() {
            Err(CryptoError::Failed)
        } else {
            Ok(())
        }
    }
}

static ECDSA_CERTS: AnyCertSignature = AnyCertSignature(CertSignatureAlgorithm::EcdsaP256Sha256);
static RSA_CERTS: AnyCertSignature = AnyCertSignature(CertSignatureAlgorithm::RsaPkcs1Sha256);

static TLS13_SUITE: Tls13CipherSuite = Tls13CipherSuite {
    id: CipherSuite::TLS13_AES_128_GCM_SHA256,
    hash: Shared::Static(&NoHash),
    hkdf: Shared::Static(&NoHmac),
    aead: Shared::Static(&NoAead),
};

static TLS12_SUITE: Tls12CipherSuite = Tls12CipherSuite {
    id: CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    kx: Tls12KeyExchange::Ecdhe,
    auth: SignatureAlgorithm::EcdsaP256,
    hash: Shared::Static(&NoHash),
    hmac: Shared::Static(&NoHmac),
    aead: Shared::Static(&NoAead),
    record_nonce: Tls12RecordNonce::Explicit,
};

static TLS13_SUITES: [Shared<Tls13CipherSuite>; 1] = [Shared::Static(&TLS13_SUITE)];
static TLS12_SUITES: [Shared<Tls12CipherSuite>; 1] = [Shared::Static(&TLS12_SUITE)];
static X25519: NoKx = NoKx(NamedGroup::X25519);
static P256: NoKx = NoKx(NamedGroup::Secp256r1);
static GROUPS: [Shared<dyn KxGroup>; 2] = [Shared::Static(&X25519), Shared::Static(&P256)];
static VERIFIERS: [Shared<dyn SignatureVerifier>; 1] = [Shared::Static(&NoSignature)];
static CERT_VERIFIERS: [Shared<dyn CertSignatureVerifier>; 2] =
    [Shared::Static(&ECDSA_CERTS), Shared::Static(&RSA_CERTS)];

/// The provider that does no cryptography (see the module's documentation).
pub static PROVIDER: CryptoProvider = CryptoProvider {
    name: Shared::Static("no-crypto"),
    tls13_cipher_suites: Shared::Static(&TLS13_SUITES),
    tls12_cipher_suites: Shared::Static(&TLS12_SUITES),
    kx_groups: Shared::Static(&GROUPS),
    signature_verifiers: Shared::Static(&VERIFIERS),
    cert_signature_verifiers: Shared::Static(&CERT_VERIFIERS),
    key_loader: Shared::Static(&NoKeyLoader),
    random: Shared::Static(&COUNTER),
    rsa_key_transport: None,
};

/// [`PROVIDER`], as a value.
pub fn provider() -> CryptoProvider {
    PROVIDER.clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certs::{chain, key, roots};
    use crate::configs::time;
    use crate::pair::Pair;
    use stratls_handshake::{ClientConfig, ServerConfig, Side, Versions};

    fn configs(versions: Versions) -> (ClientConfig, ServerConfig) {
        let mut client = ClientConfig::builder(provider(), time())
            .with_root_certificates(roots("ca.pem"))
            .with_no_client_auth()
            .build()
            .expect("the client config");
        client.shared.versions = versions;
        let mut server = ServerConfig::builder(provider(), time())
            .with_no_client_auth()
            .with_single_cert(chain("server-ecdsa"), key("server-ecdsa"))
            .build()
            .expect("the server config");
        server.shared.versions = versions;
        (client, server)
    }

    /// Both sides on the provider: each version's handshake completes, with its one suite,
    /// and data flows both ways.
    #[test]
    fn a_handshake_completes_and_data_flows_on_both_sides() {
        for (versions, suite) in [
            (Versions::TLS13_ONLY, CipherSuite::TLS13_AES_128_GCM_SHA256),
            (
                Versions::TLS12_ONLY,
                CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            ),
        ] {
            let (client, server) = configs(versions);
            let mut pair = Pair::new(client, server);
            pair.handshake();
            let agreed = pair.client.negotiated().cloned().unwrap_or_default();
            assert_eq!(agreed.cipher_suite, Some(suite));
            assert_eq!(agreed.group, Some(NamedGroup::X25519));
            assert!(!agreed.peer_certificates.is_empty(), "the server's chain");
            pair.exchange_data(40_000);
        }
    }

    /// One byte changed in the server's first flight: the handshake fails (the transcript
    /// hashes of the two sides differ, or the message no longer parses).
    #[test]
    fn a_changed_byte_still_fails_the_handshake() {
        let (client, server) = configs(Versions::TLS13_ONLY);
        let mut pair = Pair::new(client, server);
        let mut changed = false;
        let result = pair.pump_tapped(|from, flight| {
            if from == Side::Server
                && !changed
                && let Some(last) = flight.last_mut()
            {
                *last ^= 1;
                changed = true;
            }
        });
        assert!(changed);
        assert!(result.is_err(), "the handshake survived a changed byte");
    }

    #[test]
    fn a_wrong_tag_or_a_signature_over_another_message_fails() {
        let key = NoAead.key(&[0; 16]).expect("key");
        let mut data = *b"record";
        let mut tag = [0u8; 16];
        key.seal_in_place(&[0; NONCE_LEN], b"", &mut data, &mut tag)
            .expect("seal");
        assert_eq!(&data, b"record");
        key.open_in_place(&[0; NONCE_LEN], b"", &mut data, &tag)
            .expect("open");
        tag[3] ^= 1;
        assert!(
            key.open_in_place(&[0; NONCE_LEN], b"", &mut data, &tag)
                .is_err()
        );
        assert!(NoAead.key(&[0; 15]).is_err(), "a key of the wrong length");
        let signature = NoSignature.sign(b"message").expect("sign");
        SignatureVerifier::verify(&NoSignature, b"", b"message", &signature).expect("verifies");
        assert!(SignatureVerifier::verify(&NoSignature, b"", b"messagf", &signature).is_err());
        assert!(
            AnyCertSignature(CertSignatureAlgorithm::EcdsaP256Sha256)
                .verify(b"", b"tbs", b"")
                .is_err()
        );
    }

    #[test]
    fn the_hash_is_the_same_in_pieces_and_differs_with_any_byte() {
        let data: Vec<u8> = (0..100u8).collect();
        let whole = NoHash.hash(&data);
        let mut pieces = NoHash.start();
        for piece in data.chunks(7) {
            pieces.update(piece);
        }
        assert!(pieces.current() == whole);
        for i in [0, 8, 50, 99] {
            let mut other = data.clone();
            other[i] ^= 0x80;
            assert!(NoHash.hash(&other) != whole, "byte {i}");
        }
        assert!(NoHash.hash(&data[..99]) != whole, "a shorter input");
        assert_eq!(whole.as_bytes().len(), 32);
    }

    #[test]
    fn both_sides_get_the_same_shared_secret() {
        let (a, b) = (X25519.start().expect("a"), X25519.start().expect("b"));
        assert_ne!(a.public_key(), b.public_key());
        let (pa, pb) = (a.public_key().to_vec(), b.public_key().to_vec());
        let (sa, sb) = (a.complete(&pb).expect("a"), b.complete(&pa).expect("b"));
        assert_eq!(sa.as_bytes(), sb.as_bytes());
        assert!(X25519.start().expect("c").complete(&[1; 31]).is_err());
        assert_eq!(P256.start().expect("d").public_key().len(), 65);
    }
}
