//! The crypto-provider seam of stratls.
//!
//! This crate holds traits and small value types only: it implements no algorithm. A
//! [`CryptoProvider`] is a plain struct of trait objects that lists what a provider offers —
//! cipher suites (an AEAD with its hash and HKDF/HMAC), key-exchange groups, signature
//! verification by scheme, a key loader and a secure random source. Each piece and each list
//! is a [`Shared`]: a `static` of a provider crate, or a piece built at run time and owned
//! through an `Arc` (an HSM session, a wrapper with counters), so nothing has to be leaked.
//! Protocol crates take a provider by value and never name an implementation, so a user can
//! replace one piece:
//!
//! ```text
//! let provider = CryptoProvider { random: Shared::Static(&MY_HSM_RNG), ..stratls_rustcrypto::PROVIDER };
//! let provider = CryptoProvider { random: Shared::Arc(hsm.random()), ..stratls_rustcrypto::PROVIDER };
//! ```
//!
//! Code points (cipher suites, named groups, signature schemes, versions) are the open enums of
//! `stratls-codepoints`, re-exported here: the wire codec parses the same types, so a provider
//! and the protocol crates above it speak one vocabulary. That crate is the only one of stratls
//! this one depends on.
//!
//! Secrets live in [`Secret`], which zeroizes on drop, is not `Clone` and prints as
//! `[redacted]`. MACs compare in constant time ([`Tag`]).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod aead;
mod compose;
mod error;
mod hash;
mod hmac;
mod kx;
mod provider;
mod rand;
mod secret;
mod shared;
mod sign;

#[cfg(feature = "test-kit")]
pub mod test_kit;

/// rustls-pki-types, whose key containers the provider traits take.
pub use rustls_pki_types as pki_types;
/// The private-key container [`KeyLoader`] takes, from rustls-pki-types (re-exported whole as
/// [`pki_types`]), the type PEM and DER loaders produce.
pub use rustls_pki_types::PrivateKeyDer;
/// The code points the provider traits name, shared with the wire codec.
pub use stratls_codepoints::{CipherSuite, NamedGroup, ProtocolVersion, SignatureScheme};

pub use crate::aead::{Aead, AeadAlgorithm, AeadKey, NONCE_LEN};
pub use crate::error::CryptoError;
pub use crate::hash::{Hash, HashAlgorithm, HashContext, HashOutput, MAX_HASH_LEN};
pub use crate::hmac::{Hkdf, Hmac, HmacKey, MAX_HKDF_EXPAND_BLOCKS};
pub use crate::kx::{ActiveKeyExchange, Encapsulated, KxGroup};
pub use crate::provider::{
    CryptoProvider, Tls12CipherSuite, Tls12KeyExchange, Tls12RecordNonce, Tls13CipherSuite,
};
pub use crate::rand::SecureRandom;
pub use crate::secret::{Iv, SECRET_INLINE_LEN, Secret, Tag};
pub use crate::shared::Shared;
pub use crate::sign::{
    CertSignatureAlgorithm, CertSignatureVerifier, KeyLoader, RsaKeyTransport, SignatureAlgorithm,
    SignatureVerifier, Signer, SigningKey,
};
