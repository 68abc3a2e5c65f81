//! Handshake messages: framing (the 4-byte header), one plain struct per message, and
//! [`HandshakeMessage`] over all of them.
//!
//! Each message struct has `parse(body)` (the body without the header) and `encode(&self, dst)`
//! (the body only); [`HandshakeMessage::encode`] writes the header too. Messages whose form
//! depends on the negotiated version or key exchange are told it through [`ParseContext`].

mod certificate;
mod hello;
mod message;
mod server_hello;
mod tls12;
mod tls13;

use crate::enums::HandshakeType;
use crate::error::DecodeError;
use crate::wire;

pub use certificate::{
    Certificate, CertificateEntry, CertificateRequest, CertificateRequestTls12, CertificateTls12,
    CertificateVerify,
};
pub use hello::{ClientHello, MAX_CLIENT_HELLO_LEN, binders_start_offset};
pub use message::HandshakeMessage;
pub use server_hello::{
    HELLO_RETRY_REQUEST_RANDOM, HelloRetryRequest, ServerHello, is_hello_retry_request,
};
pub use tls12::{
    ClientKeyExchange, HelloRequest, NewSessionTicketTls12, ServerHelloDone, ServerKeyExchange,
};
pub use tls13::{
    EncryptedExtensions, EndOfEarlyData, Finished, KeyUpdate, MessageHash, NewSessionTicket,
};

/// Length of a handshake message header: type (1) and body length (3).
pub const HANDSHAKE_HEADER_LEN: usize = 4;

/// The header in front of every handshake message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HandshakeHeader {
    /// The message type.
    pub typ: HandshakeType,
    /// The body length (a `uint24`).
    pub length: u32,
}

impl HandshakeHeader {
    /// Reads the header from the first [`HANDSHAKE_HEADER_LEN`] bytes of `buf`; bytes after them
    /// are ignored. Fewer than four bytes is [`DecodeError::Truncated`].
    pub fn parse(buf: &[u8]) -> Result<Self, DecodeError> {
        let head = buf
            .get(..HANDSHAKE_HEADER_LEN)
            .ok_or(DecodeError::Truncated {
                field: "handshake header",
            })?;
        wire::parse_all(head, "handshake header", |i| {
            let (i, typ) = wire::u8(i, "handshake type")?;
            let (i, length) = wire::u24(i, "handshake length")?;
            let header = Self {
                typ: HandshakeType::from(typ),
                length,
            };
            Ok((i, header))
        })
    }

    /// The body length as a `usize`.
    pub fn body_len(&self) -> usize {
        usize::try_from(self.length).unwrap_or(usize::MAX)
    }

    /// Header plus body length.
    pub fn message_len(&self) -> usize {
        self.body_len().saturating_add(HANDSHAKE_HEADER_LEN)
    }

    /// The body of the message whose header starts `message`; [`DecodeError::Truncated`] if the
    /// body is not all there. Bytes after the body are ignored.
    pub fn body<'a>(&self, message: &'a [u8]) -> Result<&'a [u8], DecodeError> {
        message
            .get(HANDSHAKE_HEADER_LEN..self.message_len())
            .ok_or(DecodeError::Truncated {
                field: "handshake body",
            })
    }

    /// Writes the header.
    pub fn encode(&self, dst: &mut impl bytes::BufMut) {
        dst.put_u8(self.typ.to_u8());
        wire::put_u24(dst, self.length);
    }
}

/// For a buffer of handshake bytes (possibly reassembled from several records): the length,
/// header included, of the message at its front if that message is complete, or `None` if more
/// bytes are needed. The length is not bounded here: the record layer compares the header's
/// length with its own limit before buffering that much.
pub fn complete_message_len(buf: &[u8]) -> Option<usize> {
    let header = HandshakeHeader::parse(buf).ok()?;
    let len = header.message_len();
    (buf.len() >= len).then_some(len)
}

/// The key exchange of a TLS 1.2 suite, which decides the form of ClientKeyExchange.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyExchangeAlgorithm {
    /// ECDHE (RFC 8422): ServerKeyExchange carries the server's share; ClientKeyExchange a point.
    Ecdhe,
    /// RSA key transport (RFC 5246): ClientKeyExchange carries the encrypted premaster secret.
    Rsa,
}

/// What [`HandshakeMessage::parse`] needs to know to pick a message's form.
///
/// ClientHello and ServerHello do not depend on it (they are what negotiates the version), so
/// before the version is known any value may be passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParseContext {
    /// TLS 1.3 forms.
    Tls13,
    /// TLS 1.2 forms, with the suite's key exchange.
    Tls12(KeyExchangeAlgorithm),
}
