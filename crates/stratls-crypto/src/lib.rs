//! The crypto-provider seam of stratls.
//!
//! This crate holds traits and small value types only: it implements no algorithm. A
//! [`CryptoProvider`] is a plain struct of `&'static dyn` trait objects that lists what a
//! provider offers — cipher suites (an AEAD with its hash and HKDF/HMAC), key-exchange groups,
//! signature verification by scheme, a key loader and a secure random source. Protocol crates
//! take a provider by value and never name an implementation, so a user can replace one piece:
//!
//! ```text
//! let provider = CryptoProvider { random: &MY_HSM_RNG, ..stratls_rustcrypto::PROVIDER };
//! ```
//!
//! Code points (cipher suites, named groups, signature schemes) appear here as the IANA `u16`
//! values. This crate depends on no other crate of stratls; the wire codec gives those numbers
//! names.
//!
//! Secrets live in [`Secret`], which zeroizes on drop, is not `Clone` and prints as
//! `[redacted]`. MACs compare in constant time ([`Tag`]).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod aead;
mod error;
mod hash;
mod hmac;
mod kx;
mod provider;
mod rand;
mod secret;
mod sign;

#[cfg(feature = "test-kit")]
pub mod test_kit;

pub use crate::aead::{Aead, AeadAlgorithm, AeadKey, NONCE_LEN};
pub use crate::error::CryptoError;
pub use crate::hash::{Hash, HashAlgorithm, HashContext, HashOutput, MAX_HASH_LEN};
pub use crate::hmac::{Hkdf, Hmac, HmacKey, MAX_HKDF_EXPAND_BLOCKS};
pub use crate::kx::{ActiveKeyExchange, KxGroup};
pub use crate::provider::{
    CryptoProvider, Tls12CipherSuite, Tls12KeyExchange, Tls12RecordNonce, Tls13CipherSuite,
};
pub use crate::rand::SecureRandom;
pub use crate::secret::{Secret, Tag};
pub use crate::sign::{
    KeyLoader, PrivateKeyDer, RsaKeyTransport, SignatureAlgorithm, SignatureVerifier, Signer,
    SigningKey,
};

/// IANA TLS SignatureScheme code points used by the traits of this crate.
///
/// The wire codec has the full, open enumeration; these constants exist so that providers can
/// name the schemes they implement without depending on the codec.
pub mod scheme {
    /// rsa_pkcs1_sha256
    pub const RSA_PKCS1_SHA256: u16 = 0x0401;
    /// rsa_pkcs1_sha384
    pub const RSA_PKCS1_SHA384: u16 = 0x0501;
    /// rsa_pkcs1_sha512
    pub const RSA_PKCS1_SHA512: u16 = 0x0601;
    /// ecdsa_secp256r1_sha256
    pub const ECDSA_SECP256R1_SHA256: u16 = 0x0403;
    /// ecdsa_secp384r1_sha384
    pub const ECDSA_SECP384R1_SHA384: u16 = 0x0503;
    /// rsa_pss_rsae_sha256
    pub const RSA_PSS_RSAE_SHA256: u16 = 0x0804;
    /// rsa_pss_rsae_sha384
    pub const RSA_PSS_RSAE_SHA384: u16 = 0x0805;
    /// rsa_pss_rsae_sha512
    pub const RSA_PSS_RSAE_SHA512: u16 = 0x0806;
    /// ed25519
    pub const ED25519: u16 = 0x0807;
}

/// IANA TLS NamedGroup code points used by the traits of this crate.
pub mod group {
    /// secp256r1 (NIST P-256)
    pub const SECP256R1: u16 = 0x0017;
    /// secp384r1 (NIST P-384)
    pub const SECP384R1: u16 = 0x0018;
    /// x25519
    pub const X25519: u16 = 0x001d;
}

/// IANA TLS cipher-suite code points used by the traits of this crate.
pub mod suite {
    /// TLS_AES_128_GCM_SHA256 (TLS 1.3)
    pub const TLS13_AES_128_GCM_SHA256: u16 = 0x1301;
    /// TLS_AES_256_GCM_SHA384 (TLS 1.3)
    pub const TLS13_AES_256_GCM_SHA384: u16 = 0x1302;
    /// TLS_CHACHA20_POLY1305_SHA256 (TLS 1.3)
    pub const TLS13_CHACHA20_POLY1305_SHA256: u16 = 0x1303;
    /// TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
    pub const TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: u16 = 0xc02b;
    /// TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
    pub const TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: u16 = 0xc02c;
    /// TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    pub const TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: u16 = 0xc02f;
    /// TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
    pub const TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: u16 = 0xc030;
    /// TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
    pub const TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: u16 = 0xcca8;
    /// TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
    pub const TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: u16 = 0xcca9;
    /// TLS_RSA_WITH_AES_128_GCM_SHA256 (legacy RSA key transport)
    pub const TLS_RSA_WITH_AES_128_GCM_SHA256: u16 = 0x009c;
    /// TLS_RSA_WITH_AES_256_GCM_SHA384 (legacy RSA key transport)
    pub const TLS_RSA_WITH_AES_256_GCM_SHA384: u16 = 0x009d;
}
