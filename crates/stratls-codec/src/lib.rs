//! stratls-codec: the typed wire format of TLS 1.3 (RFC 8446) and TLS 1.2 (RFC 5246, RFC 8422).
//!
//! Plain data types for the record header, alerts, every handshake message and every extension
//! stratls speaks, each with `parse(&[u8]) -> Result<Self, DecodeError>` (nom 8 over `&[u8]`)
//! and `encode(&self, &mut impl EncodeBuf)`. There is no crypto and no state here: parsing checks
//! only what the bytes alone can show, and [`DecodeError::alert`] names the alert the RFC asks
//! for when they are wrong.
//!
//! Every byte given to a parser is treated as hostile: every length is checked against the RFC's
//! range and against what remains, trailing bytes are an error, and nothing allocates more than
//! the input's own size justifies. Parsers never panic.
//!
//! Modules:
//! - [`enums`] — the open code-point types (`CipherSuite`, `NamedGroup`, ...) of
//!   `stratls-codepoints`, which the crypto provider traits share, re-exported here;
//! - [`record`] — the record header and the record size limits;
//! - [`alert`] — the alert message;
//! - [`ccs`] — the ChangeCipherSpec message;
//! - [`handshake`] — handshake framing, every handshake message and [`HandshakeMessage`];
//! - [`extensions`] — extensions, one enum per message that carries them;
//! - [`error`] — [`DecodeError`].
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod alert;
pub mod ccs;
pub mod enums;
pub mod error;
pub mod extensions;
pub mod handshake;
pub mod record;
mod wire;

pub use alert::Alert;
pub use ccs::ChangeCipherSpec;
pub use enums::*;
pub use error::DecodeError;
pub use handshake::{HANDSHAKE_HEADER_LEN, HandshakeHeader, HandshakeMessage, ParseContext};
pub use record::{RECORD_HEADER_LEN, RecordHeader};
/// The DER certificate container of rustls-pki-types, which certificate messages carry.
pub use rustls_pki_types::CertificateDer;
pub use wire::EncodeBuf;
