//! Extensions, parsed per message (RFC 8446 §4.2).
//!
//! An extension's body form depends on the message carrying it (key_share is a list in
//! ClientHello, one entry in ServerHello, a bare group in HelloRetryRequest), so each message has
//! its own enum: [`ClientExtension`], [`ServerExtension`] (ServerHello, both versions),
//! [`HelloRetryExtension`], [`EncryptedExtension`], [`CertificateExtension`],
//! [`CertReqExtension`] and [`NewSessionTicketExtension`]. Each has an `Unknown { typ, data }`
//! case that keeps any other extension byte for byte, so it can be ignored or echoed.
//!
//! Rules applied while parsing an extension block:
//! - the block length and each extension's length are checked against what remains;
//! - a type appearing twice in one block is [`DecodeError::DuplicateExtension`]
//!   (`illegal_parameter`, see [`DecodeError`] for why);
//! - placement: RFC 8446 §4.2 says a receiver MUST abort with `illegal_parameter` on "an
//!   extension which it recognizes and which is not specified for the message in which it
//!   appears". The codec enforces this for the extension types listed in the RFC 8446 §4.2 table
//!   (plus `record_size_limit`, which RFC 8449 §5 places in CH and EE) in TLS 1.3 messages:
//!   ClientHello, HelloRetryRequest, EncryptedExtensions, Certificate entries,
//!   CertificateRequest, NewSessionTicket, and a ServerHello that selects TLS 1.3 through
//!   supported_versions. Extension types the table does not list (the TLS 1.2 ones such as
//!   extended_master_secret, session_ticket, renegotiation_info, ec_point_formats) are kept as
//!   `Unknown` in TLS 1.3 messages: whether they were solicited is the handshake layer's question
//!   (`unsupported_extension`, RFC 8446 §4.2).
//!
//! Each extension is parsed in the form of the message that carries it; where the forms
//! differ:
//!
//! | extension | ClientHello | ServerHello | HRR | EE | Certificate entry | CertificateRequest | NST |
//! |---|---|---|---|---|---|---|---|
//! | server_name | name list | empty (TLS 1.2) | | empty | | | |
//! | status_request | CertificateStatusRequest | empty (TLS 1.2) | | | OCSP response | empty | |
//! | supported_groups | group list | | | group list | | | |
//! | ALPN | name list | one name (TLS 1.2) | | one name | | | |
//! | key_share | share list | one share | one group | | | | |
//! | pre_shared_key | identities and binders | selected index | | | | | |
//! | early_data | empty | | | empty | | | max_early_data_size |
//! | supported_versions | version list | one version | one version | | | | |
//! | cookie | cookie | | cookie | | | | |
//! | session_ticket | ticket or empty | empty | | | | | |
//!
//! Every other extension this module names has one form wherever it may appear
//! (signature_algorithms and _cert, certificate_authorities: lists; extended_master_secret,
//! post_handshake_auth: empty; renegotiation_info, ec_point_formats, record_size_limit,
//! psk_key_exchange_modes); the rest (signed_certificate_timestamp, oid_filters,
//! max_fragment_length, padding, ...) are kept as `Unknown`.

mod body;
mod client;
mod placement;
mod server;
mod tls13;

use std::collections::BTreeSet;

use crate::wire::EncodeBuf;

pub use body::{
    CertificateStatusRequest, DistinguishedName, KeyShareEntry, PreSharedKeyOffer, ProtocolName,
    PskIdentity, ServerNameEntry, protocol_name_str,
};
pub use client::ClientExtension;
pub use server::{EncryptedExtension, HelloRetryExtension, ServerExtension};
pub use tls13::{CertReqExtension, CertificateExtension, NewSessionTicketExtension};

use crate::enums::ExtensionType;
use crate::error::DecodeError;
use crate::wire::{self, PResult};

/// Reads `Extension extensions<min..max>` and parses each extension with `parse_one`,
/// rejecting a repeated type.
pub(crate) fn read_block<'a, T>(
    input: &'a [u8],
    (min, max): (usize, usize),
    field: &'static str,
    mut parse_one: impl FnMut(ExtensionType, &'a [u8]) -> Result<T, DecodeError>,
) -> PResult<'a, Vec<T>> {
    let (rest, block) = wire::vec_u16(input, min, max, field)?;
    let mut seen = BTreeSet::new();
    let exts = wire::items(block, field, |i| {
        let (i, typ) = wire::u16(i, "extension type")?;
        let (i, data) = wire::vec_u16(i, 0, 0xffff, "extension data")?;
        let typ = ExtensionType::from(typ);
        if !seen.insert(typ) {
            return wire::reject(DecodeError::DuplicateExtension { field, typ });
        }
        match parse_one(typ, data) {
            Ok(ext) => Ok((i, ext)),
            Err(e) => wire::reject(e),
        }
    })?;
    Ok((rest, exts))
}

/// Writes one extension: its type, then the body `body` writes with a two-byte length.
pub(crate) fn put_extension<B: EncodeBuf>(
    dst: &mut B,
    typ: ExtensionType,
    body: impl FnOnce(&mut B),
) {
    dst.put_u16(typ.to_u16());
    wire::with_u16_len(dst, body);
}

/// Writes an extension block with a two-byte length.
pub(crate) fn put_block<T, B: EncodeBuf>(dst: &mut B, exts: &[T], encode: impl Fn(&T, &mut B)) {
    wire::with_u16_len(dst, |d| {
        for ext in exts {
            encode(ext, d);
        }
    });
}

pub(crate) use body::{put_authorities, put_u8_list, put_u16_list, read_authorities, read_schemes};
pub(crate) use placement::{Message, check_tls13_placement};
