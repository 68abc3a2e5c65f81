//! X25519MLKEM768 (draft-ietf-tls-ecdhe-mlkem §3): ML-KEM-768 (FIPS 203) and X25519 side by
//! side, the ML-KEM part first in both shares and in the shared secret.

use ml_kem::array::Array;
use ml_kem::{Decapsulate as _, KeyExport as _, MlKem768, ml_kem_768};
use stratls_crypto::{ActiveKeyExchange, CryptoError, Encapsulated, KxGroup, NamedGroup, Secret};
use zeroize::Zeroize;

use super::x25519::{X25519_LEN, X25519Kx};
use crate::random::fill_random;

/// Length of an ML-KEM-768 encapsulation key (FIPS 203 §8, 384·k + 32 with k = 3).
const MLKEM768_EK_LEN: usize = 1184;
/// Length of an ML-KEM-768 ciphertext (32·(du·k + dv)).
const MLKEM768_CT_LEN: usize = 1088;
/// Length of an ML-KEM seed `d || z` (FIPS 203 §7.1), the decapsulation key's compact form.
pub(super) const MLKEM_SEED_LEN: usize = 64;
/// Length of the encapsulation randomness `m` (FIPS 203 §7.2).
pub(super) const MLKEM_M_LEN: usize = 32;
/// Length of the ML-KEM shared secret.
const MLKEM_SECRET_LEN: usize = 32;

/// The client's share: encapsulation key, then x25519 public key (1216 bytes).
pub(super) const CLIENT_SHARE_LEN: usize = MLKEM768_EK_LEN + X25519_LEN;
/// The server's share: ciphertext, then x25519 public key (1120 bytes).
pub(super) const SERVER_SHARE_LEN: usize = MLKEM768_CT_LEN + X25519_LEN;

#[derive(Debug)]
pub(super) struct X25519MlKem768Group;

impl KxGroup for X25519MlKem768Group {
    fn group(&self) -> NamedGroup {
        NamedGroup::X25519MLKEM768
    }

    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, CryptoError> {
        let mut seed = [0u8; MLKEM_SEED_LEN];
        fill_random(&mut seed)?;
        let x25519 = X25519Kx::generate();
        let kx = x25519.map(|x| HybridKx::new(&seed, x));
        seed.zeroize();
        Ok(Box::new(kx?))
    }

    fn encapsulate(&self, client_share: &[u8]) -> Result<Encapsulated, CryptoError> {
        let mut m = [0u8; MLKEM_M_LEN];
        fill_random(&mut m)?;
        let answer = X25519Kx::generate().and_then(|x| encapsulate(client_share, &m, &x));
        m.zeroize();
        answer
    }

    /// The hybrid is defined for TLS 1.3 only (draft-ietf-tls-ecdhe-mlkem §3).
    fn usable_in_tls12(&self) -> bool {
        false
    }
}

/// The server side: encapsulates to the client's ML-KEM key with randomness `m` and agrees
/// with its x25519 key using `x25519`.
///
/// Refuses (as `InvalidPeerKeyShare`) a share of another length than 1216 bytes, an
/// encapsulation key that fails the FIPS 203 §7.2 modulus check (a coefficient not below q;
/// `EncapsulationKey::new` re-encodes the decoded key and compares), and an all-zero x25519
/// result.
pub(super) fn encapsulate(
    client_share: &[u8],
    m: &[u8; MLKEM_M_LEN],
    x25519: &X25519Kx,
) -> Result<Encapsulated, CryptoError> {
    if client_share.len() != CLIENT_SHARE_LEN {
        return Err(CryptoError::InvalidPeerKeyShare);
    }
    let (ek, x25519_share) = client_share.split_at(MLKEM768_EK_LEN);
    let ek = Array::try_from(ek).map_err(|_| CryptoError::InvalidPeerKeyShare)?;
    let ek =
        ml_kem_768::EncapsulationKey::new(&ek).map_err(|_| CryptoError::InvalidPeerKeyShare)?;
    let x25519_secret = x25519.agree(x25519_share)?;
    let (ciphertext, mut mlkem_secret) = ek.encapsulate_deterministic(&Array::from(*m));
    let mut share = Vec::with_capacity(SERVER_SHARE_LEN);
    share.extend_from_slice(ciphertext.as_slice());
    share.extend_from_slice(x25519.public());
    let secret = concat_secrets(mlkem_secret.as_slice(), &x25519_secret);
    mlkem_secret.as_mut_slice().zeroize();
    Ok(Encapsulated { share, secret })
}

/// `mlkem || x25519`, the order of draft-ietf-tls-ecdhe-mlkem §3.
fn concat_secrets(mlkem: &[u8], x25519: &Secret) -> Secret {
    let mut secret = Secret::zeroed(MLKEM_SECRET_LEN + X25519_LEN);
    let (first, second) = secret.as_mut_bytes().split_at_mut(MLKEM_SECRET_LEN);
    first.copy_from_slice(mlkem);
    second.copy_from_slice(x25519.as_bytes());
    secret
}

/// The client side: an ML-KEM-768 decapsulation key (zeroized on drop by `ml-kem`) and an
/// x25519 key pair, with the share they make together.
pub(super) struct HybridKx {
    decapsulation_key: ml_kem_768::DecapsulationKey,
    x25519: X25519Kx,
    public: Vec<u8>,
}

impl HybridKx {
    /// The key pair of the ML-KEM seed `d || z` and the x25519 key pair `x25519`.
    pub(super) fn new(seed: &[u8; MLKEM_SEED_LEN], x25519: X25519Kx) -> Self {
        let decapsulation_key = ml_kem_768::DecapsulationKey::from_seed(Array::from(*seed));
        let mut public = Vec::with_capacity(CLIENT_SHARE_LEN);
        public.extend_from_slice(decapsulation_key.encapsulation_key().to_bytes().as_slice());
        public.extend_from_slice(x25519.public());
        Self {
            decapsulation_key,
            x25519,
            public,
        }
    }
}

impl ActiveKeyExchange for HybridKx {
    fn group(&self) -> NamedGroup {
        NamedGroup::X25519MLKEM768
    }

    fn public_key(&self) -> &[u8] {
        &self.public
    }

    /// Decapsulates the server's ciphertext (a wrong one gives ML-KEM's implicit-rejection
    /// secret, so the handshake then fails at Finished) and agrees over x25519; refuses a
    /// share of another length than 1120 bytes and an all-zero x25519 result.
    fn complete(self: Box<Self>, peer_share: &[u8]) -> Result<Secret, CryptoError> {
        if peer_share.len() != SERVER_SHARE_LEN {
            return Err(CryptoError::InvalidPeerKeyShare);
        }
        let (ciphertext, x25519_share) = peer_share.split_at(MLKEM768_CT_LEN);
        let ciphertext: ml_kem::Ciphertext<MlKem768> =
            Array::try_from(ciphertext).map_err(|_| CryptoError::InvalidPeerKeyShare)?;
        let x25519_secret = self.x25519.agree(x25519_share)?;
        let mut mlkem_secret = self.decapsulation_key.decapsulate(&ciphertext);
        let secret = concat_secrets(mlkem_secret.as_slice(), &x25519_secret);
        mlkem_secret.as_mut_slice().zeroize();
        Ok(secret)
    }
}
