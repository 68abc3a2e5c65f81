//! Shared by the integration tests: the RFC 8448 vectors and small helpers.

pub mod strategies;
pub mod vectors;

use stratls_codec::{HandshakeMessage, ParseContext};

/// Parses one complete handshake message (header included) under TLS 1.3 rules, asserting the
/// buffer holds exactly that message.
pub fn parse13(message: &[u8]) -> HandshakeMessage {
    let (msg, len) = HandshakeMessage::parse_framed(message, ParseContext::Tls13)
        .unwrap_or_else(|e| panic!("vector does not parse: {e}"));
    assert_eq!(len, message.len(), "the vector is exactly one message");
    msg
}
