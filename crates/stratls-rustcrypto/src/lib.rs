//! The default crypto provider of stratls, in pure Rust: the RustCrypto crates (`sha2`, `hmac`,
//! `aes-gcm`, `chacha20poly1305`, `p256`, `p384`, `p521`, `ml-kem`, `rsa`) and the dalek crates
//! (`x25519-dalek`, `ed25519-dalek`), with randomness from the operating system through
//! `getrandom`.
//!
//! [`PROVIDER`] gathers everything; each piece is also a `static` of its own, so a custom
//! provider can reuse some of them:
//!
//! ```
//! use stratls_crypto::{CryptoProvider, Shared};
//!
//! const AES_ONLY: CryptoProvider = CryptoProvider {
//!     name: Shared::Static("rustcrypto, AES-128-GCM only"),
//!     tls13_cipher_suites: Shared::Static(&[Shared::Static(
//!         &stratls_rustcrypto::TLS13_AES_128_GCM_SHA256,
//!     )]),
//!     ..stratls_rustcrypto::PROVIDER
//! };
//! assert_eq!(AES_ONLY.tls13_cipher_suites.len(), 1);
//! assert_eq!(AES_ONLY.kx_groups.len(), 4);
//!
//! // The same choice made at run time: the list is owned and freed with the provider.
//! let chosen: Vec<_> = stratls_rustcrypto::PROVIDER
//!     .tls13_cipher_suites
//!     .iter()
//!     .filter(|s| s.aead.algorithm() == stratls_crypto::AeadAlgorithm::Aes128Gcm)
//!     .cloned()
//!     .collect();
//! let at_run_time = CryptoProvider {
//!     name: format!("rustcrypto, {} suite", chosen.len()).into(),
//!     tls13_cipher_suites: chosen.into(),
//!     ..stratls_rustcrypto::PROVIDER
//! };
//! assert_eq!(at_run_time.tls13_cipher_suites[0].id, AES_ONLY.tls13_cipher_suites[0].id);
//! ```
//!
//! Every implementation keeps secret key material in types that zeroize on drop and never
//! print it.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod aead;
mod hash;
mod hmac;
mod kx;
mod loader;
mod provider;
mod random;
mod sign_ec;
mod sign_rsa;
mod suites;
pub mod verify;
mod verify_ec;

/// This crate's key-exchange groups able to take a given private key, for the conformance kit
/// of stratls-crypto, known answers and deterministic replays (feature `test-kit`). Real
/// connections use [`X25519MLKEM768`], [`X25519`], [`SECP256R1`] and [`SECP384R1`], which draw
/// fresh keys only.
#[cfg(feature = "test-kit")]
pub mod test_kit {
    pub use crate::kx::{
        FIXED_SECP256R1 as SECP256R1, FIXED_SECP384R1 as SECP384R1, FIXED_X25519 as X25519,
        FIXED_X25519MLKEM768 as X25519MLKEM768,
    };

    /// Every group, for `stratls_crypto::test_kit::run_all`.
    pub static FIXED_GROUPS: [&dyn stratls_crypto::test_kit::KxFromPrivateKey; 4] =
        [X25519MLKEM768, X25519, SECP256R1, SECP384R1];
}

pub use crate::aead::{AES_128_GCM, AES_256_GCM, CHACHA20_POLY1305};
pub use crate::hash::{SHA256, SHA384};
pub use crate::hmac::{HMAC_SHA256, HMAC_SHA384};
pub use crate::kx::{SECP256R1, SECP384R1, X25519, X25519MLKEM768};
pub use crate::loader::KEY_LOADER;
pub use crate::provider::{PROVIDER, provider};
pub use crate::random::RANDOM;
pub use crate::sign_rsa::RSA_KEY_TRANSPORT;
pub use crate::suites::{
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    TLS_RSA_WITH_AES_128_GCM_SHA256, TLS_RSA_WITH_AES_256_GCM_SHA384, TLS13_AES_128_GCM_SHA256,
    TLS13_AES_256_GCM_SHA384, TLS13_CHACHA20_POLY1305_SHA256,
};
