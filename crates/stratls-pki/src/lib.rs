//! Certificate verification for stratls.
//!
//! Built on rustls-webpki (path building, validity, name constraints, key usage, subject names)
//! and rustls-pki-types (certificate and key containers, PEM), with **every signature checked by
//! the configured [`CryptoProvider`]**: [`CertAlgorithm`] implements webpki's
//! `SignatureVerificationAlgorithm` over the provider's certificate signature verifiers
//! ([`CertSignatureVerifier`], one per (public-key algorithm, signature algorithm) pair, so a
//! P-256 issuer may sign with SHA-384 and a P-384 one with SHA-256), kept apart from the TLS
//! schemes a handshake offers ([`SignatureVerifier`], seen through [`ProviderAlgorithm`]). A
//! custom provider also decides how certificate signatures are verified.
//!
//! - [`RootStore`]: trust anchors, from DER or PEM certificates or from `TrustAnchor`s (as
//!   webpki-roots has them); a root whose key type cannot sign for the provider is refused when
//!   it is added, and the bulk calls report what they skipped ([`RootsAdded`]).
//! - [`WebPkiVerifier`]: verifies a server chain for a name, or a client chain, at a given time;
//!   a server certificate identical to a certificate of the store is accepted by the
//!   explicitly-trusted rule ([`WebPkiVerifier::verify_server`]).
//! - [`verify_signed_message`]: a TLS 1.3 handshake signature (CertificateVerify) with the
//!   end-entity certificate's key; [`verify_tls12_signed_message`]: the TLS 1.2 one
//!   (ServerKeyExchange, CertificateVerify), whose ECDSA schemes fix the hash but not the
//!   curve; [`check_end_entity_key`]: whether that key is one
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
//! [`CertSignatureVerifier`]: stratls_crypto::CertSignatureVerifier
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod algs;
mod error;
pub mod pem;
mod roots;
mod spki;
mod trusted;
mod verify;

pub use crate::algs::{
    CertAlgorithm, ProviderAlgorithm, RSASSA_PSS_KEY, cert_algorithms, cert_identifiers,
    provider_algorithms,
};
pub use crate::error::PkiError;
pub use crate::roots::{RootStore, RootsAdded};
pub use crate::spki::{
    MIN_RSA_KEY_BITS, check_end_entity_key, rsa_public_key_of, subject_public_key_info,
};
pub use crate::verify::{WebPkiVerifier, verify_signed_message, verify_tls12_signed_message};

/// The trust-anchor type of rustls-pki-types, which [`RootStore::add_trust_anchors`] takes.
pub use rustls_pki_types::TrustAnchor;

/// The certificate and key containers of rustls-pki-types, re-exported.
pub use rustls_pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
