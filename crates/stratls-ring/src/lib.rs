//! A crypto provider for stratls backed by `ring` 0.17, written against the public traits of
//! `stratls-crypto` only, as any third-party provider would be.
//!
//! [`PROVIDER`] is ring alone. ring has no ML-KEM, no P-521 and no RSA encryption; to serve
//! those peers too, complete it with another provider, whose pieces come after ring's:
//!
//! ```text
//! let provider = stratls_ring::PROVIDER.with_fallback(stratls_rustcrypto::PROVIDER);
//! ```
//!
//! ring's key agreement is ephemeral-only and its ECDSA signatures are randomized, so this
//! crate offers no fixed-key groups; its conformance tests run the kit's round trips and
//! verify-only known answers, and check its groups against the default provider's fixed-key
//! ones.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod aead;
mod der;
mod hash;
mod hmac;
mod kx;
mod provider;
mod sign;
mod suites;
mod verify;

pub use crate::aead::{AES_128_GCM, AES_256_GCM, CHACHA20_POLY1305, RingAead};
pub use crate::hash::{RingHash, SHA256, SHA384};
pub use crate::hmac::{HMAC_SHA256, HMAC_SHA384, RingHmac};
pub use crate::kx::{RingGroup, SECP256R1, SECP384R1, X25519};
pub use crate::provider::{PROVIDER, RANDOM, RingRandom};
pub use crate::sign::KEY_LOADER;
pub use crate::suites::{
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    TLS13_AES_128_GCM_SHA256, TLS13_AES_256_GCM_SHA384, TLS13_CHACHA20_POLY1305_SHA256,
};
pub use crate::verify::{CERT_VERIFIERS, RingCertVerifier, RingVerifier, VERIFIERS};
