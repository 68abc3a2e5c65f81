//! The provider value that gathers every piece of this crate.

use stratls_crypto::{CryptoProvider, SecureRandom, Shared};

use crate::kx::{SECP256R1, SECP384R1, X25519};
use crate::sign::KEY_LOADER;
use crate::suites::*;
use crate::verify::{CERT_VERIFIERS, VERIFIERS};

/// The operating system's random source, through ring.
#[derive(Debug)]
pub struct RingRandom;

/// The random source.
pub static RANDOM: RingRandom = RingRandom;

impl SecureRandom for RingRandom {
    fn fill(&self, buf: &mut [u8]) -> Result<(), stratls_crypto::CryptoError> {
        use ring::rand::SecureRandom as _;
        ring::rand::SystemRandom::new()
            .fill(buf)
            .map_err(|_| stratls_crypto::CryptoError::Random)
    }
}

/// The ring provider, alone.
///
/// - TLS 1.3 suites: AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305.
/// - TLS 1.2 suites: the six ECDHE AEAD suites, ECDSA before RSA.
/// - Groups: x25519, secp256r1, secp384r1 (ephemeral keys only).
/// - Handshake verifiers: ecdsa_secp256r1_sha256, ecdsa_secp384r1_sha384, ed25519,
///   rsa_pss_rsae_*, rsa_pss_pss_*, rsa_pkcs1_* (SHA-256/384/512).
/// - Certificate verifiers: ECDSA P-256 and P-384 with SHA-256 and SHA-384, RSA PKCS#1 v1.5 and
///   RSA-PSS with SHA-256/384/512, Ed25519.
/// - Keys: RSA 2048–8192 bits, P-256, P-384, Ed25519.
/// - No RSA key transport.
///
/// ring has no ML-KEM (so no X25519MLKEM768), no P-521 and no RSA encryption. A provider that
/// also serves those peers is this one completed by another,
/// `PROVIDER.with_fallback(stratls_rustcrypto::PROVIDER)`: see
/// [`CryptoProvider::with_fallback`].
pub const PROVIDER: CryptoProvider = CryptoProvider {
    name: Shared::Static("ring"),
    tls13_cipher_suites: Shared::Static(&[
        Shared::Static(&TLS13_AES_128_GCM_SHA256),
        Shared::Static(&TLS13_AES_256_GCM_SHA384),
        Shared::Static(&TLS13_CHACHA20_POLY1305_SHA256),
    ]),
    tls12_cipher_suites: Shared::Static(&[
        Shared::Static(&TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256),
        Shared::Static(&TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384),
        Shared::Static(&TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256),
        Shared::Static(&TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256),
        Shared::Static(&TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384),
        Shared::Static(&TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256),
    ]),
    kx_groups: Shared::Static(&[
        Shared::Static(&X25519),
        Shared::Static(&SECP256R1),
        Shared::Static(&SECP384R1),
    ]),
    signature_verifiers: Shared::Static(VERIFIERS),
    cert_signature_verifiers: Shared::Static(CERT_VERIFIERS),
    key_loader: Shared::Static(KEY_LOADER),
    random: Shared::Static(&RANDOM),
    rsa_key_transport: None,
};
