//! The TLS record layer of stratls: TLS 1.3 (RFC 8446 §5) and the TLS 1.2 AEAD suites
//! (RFC 5246 §6.2, RFC 5288, RFC 7905).
//!
//! Sans-IO and deterministic: bytes go in, records and messages come out; nothing here reads a
//! socket or a clock. The crate needs only an AEAD from a crypto provider
//! ([`stratls_crypto::Aead`]), so a custom transport can protect and unprotect records with it
//! alone.
//!
//! - [`RecordWriter`] fragments content at 2^14 bytes (or a smaller limit from the peer's
//!   record_size_limit), pads TLS 1.3 records by a [`PaddingPolicy`], encrypts in place into
//!   a caller's buffer and counts sequence numbers, refusing to reuse or wrap one.
//! - [`RecordReader`] buffers received bytes in pieces of any size (at most one maximal record
//!   beyond what it has returned), checks each record header, decrypts, strips TLS 1.3
//!   padding, reassembles handshake messages across records and splits records that carry
//!   several, and yields [`Message`]s. The handshake tells it when the peer may send a
//!   change_cipher_spec ([`CcsPolicy`]) or application data
//!   ([`RecordReader::set_application_data`]) and when to skip rejected 0-RTT data
//!   ([`RecordReader::skip_early_data`]); [`ReadLimits`] bound what a peer can make it hold.
//! - [`RecordProtection`] is one direction's key, IV and sequence number; installing one in a
//!   reader or writer is a key change.
//!
//! Every failure is a [`RecordError`] whose [`alert`](RecordError::alert) names the alert to
//! send. A record too short to hold the AEAD tag is `bad_record_mac`, like any record that
//! does not authenticate.
//!
//! # Example
//!
//! Protecting and unprotecting records with a TLS 1.3 key (here the server application
//! traffic key of RFC 8448 §3):
//!
//! ```
//! use bytes::BytesMut;
//! use stratls_codec::ContentType;
//! use stratls_record::{Iv, Message, RecordProtection, RecordReader, RecordWriter, Secret};
//!
//! # fn main() -> Result<(), stratls_record::RecordError> {
//! let aead = stratls_rustcrypto::AES_128_GCM;
//! let key = Secret::from_slice(&[
//!     0x9f, 0x02, 0x28, 0x3b, 0x6c, 0x9c, 0x07, 0xef, 0xc2, 0x6b, 0xb9, 0xf2, 0xac, 0x92, 0xe3,
//!     0x56,
//! ]);
//! let iv = Iv::new([
//!     0xcf, 0x78, 0x2b, 0x88, 0xdd, 0x83, 0x54, 0x9a, 0xad, 0xf1, 0xe9, 0x84,
//! ]);
//!
//! // The sending side.
//! let mut writer = RecordWriter::new();
//! writer.set_protection(Some(RecordProtection::tls13(aead, &key, &iv)?));
//! let mut wire = BytesMut::new();
//! writer.write(ContentType::ApplicationData, b"hello, record layer", &mut wire)?;
//!
//! // The receiving side, fed one byte at a time as a slow transport might deliver them.
//! let mut reader = RecordReader::new();
//! reader.set_protection(Some(RecordProtection::tls13(aead, &key, &iv)?))?;
//! let mut received = Vec::new();
//! for byte in wire.chunks(1) {
//!     assert_eq!(reader.feed(byte), 1);
//!     while let Some(message) = reader.next_message()? {
//!         received.push(message);
//!     }
//! }
//! assert_eq!(
//!     received,
//!     [Message::ApplicationData(bytes::Bytes::from_static(b"hello, record layer"))]
//! );
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod copy;
mod error;
mod joiner;
mod message;
mod open;
mod padding;
mod protection;
mod reader;
mod writer;

pub use crate::copy::{Opened, RecordCopy};
pub use crate::error::RecordError;
pub use crate::message::{Message, RawHandshake};
pub use crate::padding::{NoPadding, PadToMultiple, PaddingPolicy};
pub use crate::protection::{ProtectionVersion, RecordProtection};
pub use crate::reader::{CcsPolicy, MAX_BUFFERED_RECORD, ReadLimits, RecordReader};
pub use crate::writer::RecordWriter;

/// The crypto types this crate's API takes, from stratls-crypto: an AEAD, its key as a
/// [`Secret`], a TLS 1.3 [`Iv`], the TLS 1.2 nonce construction, and [`Shared`], how a
/// [`RecordProtection`] holds its AEAD (a static or a piece built at run time).
pub use stratls_crypto::{Aead, Iv, Secret, Shared, Tls12RecordNonce};
