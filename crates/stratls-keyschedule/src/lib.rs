//! The TLS 1.3 key schedule and the TLS 1.2 PRF, over the provider traits of
//! `stratls-crypto`.
//!
//! - [`tls13`]: HKDF-Expand-Label and Derive-Secret, and the schedule of RFC 8446 §7 as a
//!   typestate — [`tls13::EarlySecret`] → [`tls13::HandshakeSecret`] →
//!   [`tls13::MasterSecret`], each stage offering exactly its secrets — with traffic keys,
//!   Finished values, PSK binders, KeyUpdate, exporters and resumption PSKs.
//! - [`tls12`]: the PRF of RFC 5246 §5, the (extended) master secret, the key block of the
//!   AEAD suites, Finished verify_data and the RFC 5705 exporter.
//! - [`keylog`]: the NSS key-log format, to report secrets to packet-capture tools and read
//!   them back.
//!
//! The crate is deterministic and does no I/O. Every secret it hands out lives in a
//! [`Secret`] or a type wrapping one: zeroized on drop, printed as
//! `[redacted]`, not `Clone`. Received Finished values and binders are compared in constant
//! time.
//!
//! # Decrypting a capture with a key log
//!
//! A key log names each secret by its connection's client random. With the cipher suite
//! from the ServerHello, one line is enough to open that direction's records. Here the line
//! is the client's first application traffic secret of RFC 8448 §3, and the record is the
//! client's application data of the same trace:
//!
//! ```
//! use stratls_keyschedule::keylog::{KeyLogEntry, CLIENT_TRAFFIC_SECRET_0};
//! use stratls_keyschedule::tls13::TrafficSecret;
//! use stratls_rustcrypto::TLS13_AES_128_GCM_SHA256;
//!
//! let line = "CLIENT_TRAFFIC_SECRET_0 \
//!     cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7 \
//!     9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5\n";
//! let entry = KeyLogEntry::parse(line)?;
//! assert_eq!(entry.label, CLIENT_TRAFFIC_SECRET_0);
//!
//! let secret = TrafficSecret::new(&TLS13_AES_128_GCM_SHA256, entry.secret)?;
//! let keys = secret.keys()?;
//! assert_eq!(keys.key().as_bytes(), hex::decode("17422dda596ed5d9acd890e3c63f5051")?);
//! assert_eq!(keys.iv().as_bytes()[..], hex::decode("5b78923dee08579033e523d9")?);
//!
//! // The first record under this secret (sequence number 0): header, ciphertext, tag.
//! let record = hex::decode(
//!     "1703030043a23f7054b62c94d0affafe8228ba55cbefacea42f914aa66bcab3f2b9819a8a5b46b\
//!      395bd54a9a20441e2b62974e1f5a6292a2977014bd1e3deae63aeebb21694915e4",
//! )?;
//! let (header, body) = record.split_at(5);
//! let (ciphertext, tag) = body.split_at(body.len() - 16);
//! let mut plaintext = ciphertext.to_vec();
//! keys.aead_key()?
//!     .open_in_place(&keys.iv().nonce(0), header, &mut plaintext, tag)?;
//!
//! // TLSInnerPlaintext: the 50 bytes of data, then the content type application_data.
//! let expected: Vec<u8> = (0u8..50).chain([0x17]).collect();
//! assert_eq!(plaintext, expected);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod error;
pub mod keylog;
pub mod tls12;
pub mod tls13;

#[cfg(test)]
mod tests;

pub use crate::error::Error;

/// The crypto types this crate's API takes and gives, from stratls-crypto: the suites, secrets,
/// transcript hashes, MAC values, the record IV, and [`Shared`], how the schedule holds its
/// suite (a static or a suite built at run time).
pub use stratls_crypto::{HashOutput, Iv, Secret, Shared, Tag, Tls12CipherSuite, Tls13CipherSuite};
