//! Messages of TLS 1.3 only, plus Finished (both versions): EncryptedExtensions,
//! NewSessionTicket, KeyUpdate, EndOfEarlyData, MessageHash (RFC 8446 §4.3.1, §4.4.4, §4.5,
//! §4.6.1, §4.6.3, §4.4.1).

use crate::enums::KeyUpdateRequest;
use crate::error::DecodeError;
use crate::extensions::{self, EncryptedExtension, NewSessionTicketExtension};
use crate::wire::{self, EncodeBuf};

/// EncryptedExtensions (RFC 8446 §4.3.1).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct EncryptedExtensions {
    /// `extensions<0..2^16-1>`.
    pub extensions: Vec<EncryptedExtension>,
}

impl EncryptedExtensions {
    /// Parses an EncryptedExtensions body (without the handshake header).
    pub fn parse(body: &[u8]) -> Result<Self, DecodeError> {
        wire::parse_all(body, "EncryptedExtensions", |i| {
            let field = "EncryptedExtensions extensions";
            let (i, extensions) =
                extensions::read_block(i, (0, 0xffff), field, EncryptedExtension::parse)?;
            Ok((i, Self { extensions }))
        })
    }

    /// Writes the body (without the handshake header).
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        extensions::put_block(dst, &self.extensions, |e, d| e.encode(d));
    }

    /// The ALPN protocol the server chose, if present.
    pub fn alpn_protocol(&self) -> Option<&[u8]> {
        self.extensions.iter().find_map(|e| match e {
            EncryptedExtension::Alpn(p) => Some(p.as_slice()),
            _ => None,
        })
    }

    /// [`EncryptedExtensions::alpn_protocol`] as text, if its bytes are UTF-8.
    pub fn alpn_protocol_str(&self) -> Option<&str> {
        self.alpn_protocol().and_then(extensions::protocol_name_str)
    }
}

/// Finished (RFC 8446 §4.4.4, RFC 5246 §7.4.9): `verify_data` is the whole body.
///
/// Its expected length depends on the suite (the hash length in TLS 1.3, 12 in TLS 1.2), so the
/// handshake layer checks it: another length does not parse (`decode_error`), the right length
/// with the wrong value (compared in constant time) is `decrypt_error`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finished {
    /// The MAC over the transcript.
    pub verify_data: Vec<u8>,
}

impl Finished {
    /// Parses a Finished body: every byte is verify_data.
    pub fn parse(body: &[u8]) -> Result<Self, DecodeError> {
        Ok(Self {
            verify_data: body.to_vec(),
        })
    }

    /// Writes the body (without the handshake header).
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        dst.put_slice(&self.verify_data);
    }
}

/// The TLS 1.3 NewSessionTicket (RFC 8446 §4.6.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSessionTicket {
    /// Seconds the ticket may be used for (at most 604800 by RFC 8446; the handshake layer caps it).
    pub ticket_lifetime: u32,
    /// Added to the ticket age the client reports.
    pub ticket_age_add: u32,
    /// `ticket_nonce<0..255>`, input to the resumption PSK.
    pub ticket_nonce: Vec<u8>,
    /// `ticket<1..2^16-1>`, the PSK identity to present.
    pub ticket: Vec<u8>,
    /// `extensions<0..2^16-2>`.
    pub extensions: Vec<NewSessionTicketExtension>,
}

impl NewSessionTicket {
    /// Parses a TLS 1.3 NewSessionTicket body (without the handshake header).
    pub fn parse(body: &[u8]) -> Result<Self, DecodeError> {
        wire::parse_all(body, "NewSessionTicket", |i| {
            let (i, ticket_lifetime) = wire::u32(i, "ticket_lifetime")?;
            let (i, ticket_age_add) = wire::u32(i, "ticket_age_add")?;
            let (i, nonce) = wire::vec_u8(i, 0, 255, "ticket_nonce")?;
            let (i, ticket) = wire::vec_u16(i, 1, 0xffff, "ticket")?;
            let field = "NewSessionTicket extensions";
            let (i, extensions) =
                extensions::read_block(i, (0, 0xfffe), field, NewSessionTicketExtension::parse)?;
            let nst = Self {
                ticket_lifetime,
                ticket_age_add,
                ticket_nonce: nonce.to_vec(),
                ticket: ticket.to_vec(),
                extensions,
            };
            Ok((i, nst))
        })
    }

    /// Writes the body (without the handshake header).
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        dst.put_u32(self.ticket_lifetime);
        dst.put_u32(self.ticket_age_add);
        wire::put_vec_u8(dst, &self.ticket_nonce);
        wire::put_vec_u16(dst, &self.ticket);
        extensions::put_block(dst, &self.extensions, |e, d| e.encode(d));
    }

    /// `max_early_data_size` from the early_data extension, if present.
    pub fn max_early_data_size(&self) -> Option<u32> {
        self.extensions.iter().find_map(|e| match e {
            NewSessionTicketExtension::EarlyData(max) => Some(*max),
            NewSessionTicketExtension::Unknown { .. } => None,
        })
    }
}

/// KeyUpdate (RFC 8446 §4.6.3). A request value other than 0 or 1 is `illegal_parameter`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyUpdate {
    /// Whether the peer should update its sending keys too.
    pub request_update: KeyUpdateRequest,
}

impl KeyUpdate {
    /// Parses a KeyUpdate body (without the handshake header).
    pub fn parse(body: &[u8]) -> Result<Self, DecodeError> {
        wire::parse_all(body, "KeyUpdate", |i| {
            let (i, value) = wire::u8(i, "request_update")?;
            let request_update = KeyUpdateRequest::from(value);
            if let KeyUpdateRequest::Unknown(_) = request_update {
                return wire::reject(DecodeError::IllegalValue {
                    field: "request_update",
                });
            }
            Ok((i, Self { request_update }))
        })
    }

    /// Writes the body (without the handshake header).
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        dst.put_u8(self.request_update.to_u8());
    }
}

/// EndOfEarlyData (RFC 8446 §4.5): an empty body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct EndOfEarlyData;

impl EndOfEarlyData {
    /// Parses an EndOfEarlyData body, which must be empty.
    pub fn parse(body: &[u8]) -> Result<Self, DecodeError> {
        wire::parse_all(body, "EndOfEarlyData", |i| Ok((i, Self)))
    }

    /// Writes the (empty) body.
    pub fn encode(&self, _dst: &mut impl EncodeBuf) {}
}

/// The synthetic `message_hash` message (type 254) that replaces ClientHello1 in the transcript
/// after a HelloRetryRequest (RFC 8446 §4.4.1): its body is Hash(ClientHello1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageHash {
    /// The transcript hash of ClientHello1.
    pub hash: Vec<u8>,
}

impl MessageHash {
    /// Parses a message_hash body: every byte is the hash.
    pub fn parse(body: &[u8]) -> Result<Self, DecodeError> {
        Ok(Self {
            hash: body.to_vec(),
        })
    }

    /// Writes the body (without the handshake header).
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        dst.put_slice(&self.hash);
    }
}
