//! Certificate verification for stratls.
//!
//! Built on rustls-webpki (path building, validity, name constraints, key usage, subject names)
//! and rustls-pki-types (certificate and key containers, PEM), with **every signature checked by
//! the configured [`CryptoProvider`]**: [`ProviderAlgorithm`] implements webpki's
//! `SignatureVerificationAlgorithm` over the provider's [`SignatureVerifier`]s, so a custom
//! provider also decides how certificate signatures are verified.
//!
//! - [`RootStore`]: trust anchors, from DER or PEM.
//! - [`WebPkiVerifier`]: verifies a server chain for a name, or a client chain, at a given time.
//! - [`verify_signed_message`]: a TLS handshake signature (CertificateVerify, ServerKeyExchange)
//!   with the end-entity certificate's key; [`check_end_entity_key`]: whether that key is one
//!   the provider can verify with (type, curve, an RSA modulus of at least
//!   [`MIN_RSA_KEY_BITS`]).
//! - [`rsa_public_key_of`]: the RSA key of a certificate, for the TLS 1.2 RSA key exchange.
//! - [`subject_public_key_info`]: a certificate's whole public key, to compare with a private
//!   key's ([`SigningKey::public_key`](stratls_crypto::SigningKey::public_key)).
//! - [`pem`]: loading certificates and private keys from PEM or DER.
//!
//! No clock is read here: the caller passes the time.
//!
//! [`CryptoProvider`]: stratls_crypto::CryptoProvider
//! [`SignatureVerifier`]: stratls_crypto::SignatureVerifier
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod algs;
mod error;
pub mod pem;
mod spki;
mod verify;

pub use crate::algs::{ProviderAlgorithm, provider_algorithms};
pub use crate::error::PkiError;
pub use crate::spki::{
    MIN_RSA_KEY_BITS, check_end_entity_key, rsa_public_key_of, subject_public_key_info,
};
pub use crate::verify::{RootStore, WebPkiVerifier, verify_signed_message};

/// The certificate and key containers of rustls-pki-types, re-exported.
pub use rustls_pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
