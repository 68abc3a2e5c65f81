//! What the reading side yields.

use bytes::Bytes;
use stratls_codec::{Alert, HandshakeType};

use crate::joiner::HANDSHAKE_HEADER_LEN;

/// One unit of content read from the peer, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// A complete handshake message, reassembled from however many records carried it.
    Handshake(RawHandshake),
    /// An alert (exactly one per record). Its level is kept as received: in TLS 1.3 the
    /// description alone decides whether an alert is fatal (RFC 8446 §6).
    Alert(Alert),
    /// Application data: the content of one record, never empty while application data is
    /// allowed ([`RecordReader::set_application_data`](crate::RecordReader::set_application_data)).
    ApplicationData(Bytes),
    /// A change_cipher_spec record with the body 0x01, delivered only under
    /// [`CcsPolicy::Deliver`](crate::CcsPolicy::Deliver).
    ChangeCipherSpec,
}

/// A complete handshake message as bytes, not yet decoded: its type, its body and its full
/// encoding (header and body), which is what the transcript hash takes. The codec's
/// `HandshakeMessage::parse` decodes the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawHandshake {
    typ: HandshakeType,
    encoded: Bytes,
}

impl RawHandshake {
    /// Wraps a complete encoding; `encoded` starts with the 4-byte header.
    pub(crate) fn new(typ: HandshakeType, encoded: Bytes) -> Self {
        Self { typ, encoded }
    }

    /// The handshake type.
    pub fn typ(&self) -> HandshakeType {
        self.typ
    }

    /// The body, without the 4-byte header.
    pub fn body(&self) -> &[u8] {
        self.encoded.get(HANDSHAKE_HEADER_LEN..).unwrap_or_default()
    }

    /// The full encoding (type, 24-bit length, body), for the transcript hash.
    pub fn encoded(&self) -> &Bytes {
        &self.encoded
    }

    /// Takes the full encoding.
    pub fn into_encoded(self) -> Bytes {
        self.encoded
    }
}
