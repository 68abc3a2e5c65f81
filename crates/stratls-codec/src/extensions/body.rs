//! Extension bodies shared by several messages: value types and their parsers and encoders.

use crate::wire::EncodeBuf;

use crate::enums::{
    CertificateStatusType, ECPointFormat, NamedGroup, ProtocolVersion, PskKeyExchangeMode,
    ServerNameType, SignatureScheme,
};
use crate::error::DecodeError;
use crate::wire::{self, PResult};

/// An ALPN protocol name, `opaque ProtocolName<1..2^8-1>` (RFC 7301 §3.1).
pub type ProtocolName = Vec<u8>;

/// A DER-encoded X.501 distinguished name, `opaque DistinguishedName<1..2^16-1>`.
pub type DistinguishedName = Vec<u8>;

/// One entry of a ClientHello server_name list (RFC 6066 §3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerNameEntry {
    /// The kind of name; only `host_name` is defined.
    pub typ: ServerNameType,
    /// The name bytes (`HostName<1..2^16-1>`: an ASCII DNS name without a trailing dot).
    pub name: Vec<u8>,
}

impl ServerNameEntry {
    /// The name as text, if this is a `host_name` entry and its bytes are UTF-8 (RFC 6066
    /// asks for ASCII; whether the name is a valid DNS name is not checked here).
    pub fn host_name(&self) -> Option<&str> {
        if self.typ == ServerNameType::HostName {
            core::str::from_utf8(&self.name).ok()
        } else {
            None
        }
    }
}

/// An ALPN protocol name as text, if its bytes are UTF-8 (the registered names are ASCII).
pub fn protocol_name_str(name: &[u8]) -> Option<&str> {
    core::str::from_utf8(name).ok()
}

/// A `KeyShareEntry` (RFC 8446 §4.2.8).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyShareEntry {
    /// The group of the share.
    pub group: NamedGroup,
    /// The encoded public value, `key_exchange<1..2^16-1>`.
    pub key_exchange: Vec<u8>,
}

/// A `PskIdentity` (RFC 8446 §4.2.11).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PskIdentity {
    /// The ticket or external identity, `identity<1..2^16-1>`.
    pub identity: Vec<u8>,
    /// The ticket age plus `ticket_age_add`, modulo 2^32.
    pub obfuscated_ticket_age: u32,
}

/// The ClientHello form of pre_shared_key, `OfferedPsks` (RFC 8446 §4.2.11).
///
/// Parsing checks that there are as many binders as identities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreSharedKeyOffer {
    /// `identities<7..2^16-1>`.
    pub identities: Vec<PskIdentity>,
    /// `binders<33..2^16-1>`, each `PskBinderEntry<32..255>`.
    pub binders: Vec<Vec<u8>>,
}

impl PreSharedKeyOffer {
    /// Length of the encoded `binders` field (its two-byte length included): the number of bytes
    /// at the end of a ClientHello that the binder computation leaves out (RFC 8446 §4.2.11.2).
    pub fn binders_encoded_len(&self) -> usize {
        2 + self.binders.iter().map(|b| 1 + b.len()).sum::<usize>()
    }
}

/// A `CertificateStatusRequest` (RFC 6066 §8), in a ClientHello (a TLS 1.3 CertificateRequest
/// carries an empty `status_request` instead, RFC 8446 §4.4.2.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CertificateStatusRequest {
    /// `ocsp`: an `OCSPStatusRequest`.
    Ocsp {
        /// `ResponderID responder_id_list<0..2^16-1>`, each `opaque ResponderID<1..2^16-1>`.
        responder_ids: Vec<Vec<u8>>,
        /// The DER `Extensions` bytes, `request_extensions<0..2^16-1>`.
        request_extensions: Vec<u8>,
    },
    /// Any other status type, kept as received.
    Unknown {
        /// The status type.
        typ: CertificateStatusType,
        /// The bytes after it.
        data: Vec<u8>,
    },
}

/// Requires an empty body.
pub(crate) fn empty(data: &[u8], field: &'static str) -> Result<(), DecodeError> {
    wire::parse_all(data, field, |i| Ok((i, ())))
}

/// `ServerNameList server_name_list<1..2^16-1>`; one name per type at most (RFC 6066 §3).
pub(crate) fn server_names(data: &[u8]) -> Result<Vec<ServerNameEntry>, DecodeError> {
    const FIELD: &str = "server_name";
    let names = wire::parse_all(data, FIELD, |i| {
        let (i, list) = wire::vec_u16(i, 1, 0xffff, FIELD)?;
        let names = wire::items(list, FIELD, |i| {
            let (i, typ) = wire::u8(i, "server name type")?;
            let (i, name) = wire::vec_u16(i, 1, 0xffff, "host_name")?;
            let entry = ServerNameEntry {
                typ: ServerNameType::from(typ),
                name: name.to_vec(),
            };
            Ok((i, entry))
        })?;
        Ok((i, names))
    })?;
    let mut seen = [false; 256];
    for entry in &names {
        let slot = seen
            .get_mut(usize::from(entry.typ.to_u8()))
            .ok_or(DecodeError::IllegalValue { field: FIELD })?;
        if core::mem::replace(slot, true) {
            return Err(DecodeError::IllegalValue { field: FIELD });
        }
    }
    Ok(names)
}

pub(crate) fn put_server_names(dst: &mut impl EncodeBuf, names: &[ServerNameEntry]) {
    wire::with_u16_len(dst, |d| {
        for n in names {
            d.put_u8(n.typ.to_u8());
            wire::put_vec_u16(d, &n.name);
        }
    });
}

/// `NamedGroup named_group_list<2..2^16-1>`.
pub(crate) fn named_groups(data: &[u8]) -> Result<Vec<NamedGroup>, DecodeError> {
    const FIELD: &str = "supported_groups";
    wire::parse_all(data, FIELD, |i| {
        let (i, list) = wire::vec_u16(i, 2, 0xffff, FIELD)?;
        Ok((i, wire::u16_items(list, FIELD)?))
    })
}

pub(crate) fn put_u16_list<T: Copy + Into<u16>>(dst: &mut impl EncodeBuf, list: &[T]) {
    wire::with_u16_len(dst, |d| {
        for v in list {
            d.put_u16((*v).into());
        }
    });
}

pub(crate) fn put_u8_list<T: Copy + Into<u8>>(dst: &mut impl EncodeBuf, list: &[T]) {
    wire::with_u8_len(dst, |d| {
        for v in list {
            d.put_u8((*v).into());
        }
    });
}

/// `SignatureScheme supported_signature_algorithms<2..2^16-2>`.
pub(crate) fn read_schemes<'a>(
    input: &'a [u8],
    field: &'static str,
) -> PResult<'a, Vec<SignatureScheme>> {
    let (i, list) = wire::vec_u16(input, 2, 0xfffe, field)?;
    Ok((i, wire::u16_items(list, field)?))
}

/// A whole extension body holding a signature scheme list.
pub(crate) fn schemes(
    data: &[u8],
    field: &'static str,
) -> Result<Vec<SignatureScheme>, DecodeError> {
    wire::parse_all(data, field, |i| read_schemes(i, field))
}

/// `ECPointFormat ec_point_format_list<1..2^8-1>`.
pub(crate) fn point_formats(data: &[u8]) -> Result<Vec<ECPointFormat>, DecodeError> {
    const FIELD: &str = "ec_point_formats";
    wire::parse_all(data, FIELD, |i| {
        let (i, list) = wire::vec_u8(i, 1, 0xff, FIELD)?;
        Ok((i, wire::u8_items(list)))
    })
}

/// `ProtocolName protocol_name_list<2..2^16-1>`.
pub(crate) fn protocol_names(data: &[u8]) -> Result<Vec<ProtocolName>, DecodeError> {
    const FIELD: &str = "application_layer_protocol_negotiation";
    wire::parse_all(data, FIELD, |i| {
        let (i, list) = wire::vec_u16(i, 2, 0xffff, FIELD)?;
        let names = wire::items(list, FIELD, |i| {
            let (i, name) = wire::vec_u8(i, 1, 0xff, "ProtocolName")?;
            Ok((i, name.to_vec()))
        })?;
        Ok((i, names))
    })
}

/// The server's ALPN answer: a list of exactly one name (RFC 7301 §3.1).
pub(crate) fn selected_protocol(data: &[u8]) -> Result<ProtocolName, DecodeError> {
    let mut names = protocol_names(data)?;
    match (names.pop(), names.is_empty()) {
        (Some(name), true) => Ok(name),
        _ => Err(DecodeError::IllegalValue {
            field: "application_layer_protocol_negotiation",
        }),
    }
}

pub(crate) fn put_protocol_names(dst: &mut impl EncodeBuf, names: &[ProtocolName]) {
    wire::with_u16_len(dst, |d| {
        for n in names {
            wire::put_vec_u8(d, n);
        }
    });
}

/// `DistinguishedName authorities<3..2^16-1>` (certificate_authorities, RFC 8446 §4.2.4).
pub(crate) fn read_authorities<'a>(
    input: &'a [u8],
    min: usize,
    field: &'static str,
) -> PResult<'a, Vec<DistinguishedName>> {
    let (i, list) = wire::vec_u16(input, min, 0xffff, field)?;
    let names = wire::items(list, field, |i| {
        let (i, dn) = wire::vec_u16(i, 1, 0xffff, "DistinguishedName")?;
        Ok((i, dn.to_vec()))
    })?;
    Ok((i, names))
}

pub(crate) fn authorities(data: &[u8]) -> Result<Vec<DistinguishedName>, DecodeError> {
    const FIELD: &str = "certificate_authorities";
    wire::parse_all(data, FIELD, |i| read_authorities(i, 3, FIELD))
}

pub(crate) fn put_authorities(dst: &mut impl EncodeBuf, names: &[DistinguishedName]) {
    wire::with_u16_len(dst, |d| {
        for n in names {
            wire::put_vec_u16(d, n);
        }
    });
}

/// A `CertificateStatusRequest`.
pub(crate) fn status_request(data: &[u8]) -> Result<CertificateStatusRequest, DecodeError> {
    const FIELD: &str = "status_request";
    wire::parse_all(data, FIELD, |i| {
        let (i, typ) = wire::u8(i, FIELD)?;
        match CertificateStatusType::from(typ) {
            CertificateStatusType::Ocsp => {
                let (i, ids) = wire::vec_u16(i, 0, 0xffff, "responder_id_list")?;
                let responder_ids = wire::items(ids, "responder_id_list", |i| {
                    let (i, id) = wire::vec_u16(i, 1, 0xffff, "ResponderID")?;
                    Ok((i, id.to_vec()))
                })?;
                let (i, exts) = wire::vec_u16(i, 0, 0xffff, "request_extensions")?;
                let req = CertificateStatusRequest::Ocsp {
                    responder_ids,
                    request_extensions: exts.to_vec(),
                };
                Ok((i, req))
            }
            typ => {
                let req = CertificateStatusRequest::Unknown {
                    typ,
                    data: i.to_vec(),
                };
                Ok((&[][..], req))
            }
        }
    })
}

pub(crate) fn put_status_request(dst: &mut impl EncodeBuf, req: &CertificateStatusRequest) {
    match req {
        CertificateStatusRequest::Ocsp {
            responder_ids,
            request_extensions,
        } => {
            dst.put_u8(CertificateStatusType::Ocsp.to_u8());
            wire::with_u16_len(dst, |d| {
                for id in responder_ids {
                    wire::put_vec_u16(d, id);
                }
            });
            wire::put_vec_u16(dst, request_extensions);
        }
        CertificateStatusRequest::Unknown { typ, data } => {
            dst.put_u8(typ.to_u8());
            dst.put_slice(data);
        }
    }
}

/// One `KeyShareEntry`.
pub(crate) fn read_key_share(input: &[u8]) -> PResult<'_, KeyShareEntry> {
    let (i, group) = wire::u16(input, "key share group")?;
    let (i, key) = wire::vec_u16(i, 1, 0xffff, "key_exchange")?;
    let entry = KeyShareEntry {
        group: NamedGroup::from(group),
        key_exchange: key.to_vec(),
    };
    Ok((i, entry))
}

pub(crate) fn put_key_share(dst: &mut impl EncodeBuf, entry: &KeyShareEntry) {
    dst.put_u16(entry.group.to_u16());
    wire::put_vec_u16(dst, &entry.key_exchange);
}

/// `KeyShareEntry client_shares<0..2^16-1>`.
pub(crate) fn client_shares(data: &[u8]) -> Result<Vec<KeyShareEntry>, DecodeError> {
    const FIELD: &str = "key_share";
    wire::parse_all(data, FIELD, |i| {
        let (i, list) = wire::vec_u16(i, 0, 0xffff, FIELD)?;
        Ok((i, wire::items(list, FIELD, read_key_share)?))
    })
}

/// ClientHello `supported_versions`: `ProtocolVersion versions<2..254>`.
pub(crate) fn versions(data: &[u8]) -> Result<Vec<ProtocolVersion>, DecodeError> {
    const FIELD: &str = "supported_versions";
    wire::parse_all(data, FIELD, |i| {
        let (i, list) = wire::vec_u8(i, 2, 254, FIELD)?;
        Ok((i, wire::u16_items(list, FIELD)?))
    })
}

/// A single `uint16` body (selected version, selected group, selected PSK identity).
pub(crate) fn single_u16(data: &[u8], field: &'static str) -> Result<u16, DecodeError> {
    wire::parse_all(data, field, |i| wire::u16(i, field))
}

/// `PskKeyExchangeMode ke_modes<1..255>`.
pub(crate) fn psk_modes(data: &[u8]) -> Result<Vec<PskKeyExchangeMode>, DecodeError> {
    const FIELD: &str = "psk_key_exchange_modes";
    wire::parse_all(data, FIELD, |i| {
        let (i, list) = wire::vec_u8(i, 1, 255, FIELD)?;
        Ok((i, wire::u8_items(list)))
    })
}

/// `opaque cookie<1..2^16-1>`.
pub(crate) fn cookie(data: &[u8]) -> Result<Vec<u8>, DecodeError> {
    wire::parse_all(data, "cookie", |i| {
        let (i, c) = wire::vec_u16(i, 1, 0xffff, "cookie")?;
        Ok((i, c.to_vec()))
    })
}

/// `opaque renegotiated_connection<0..255>` (RFC 5746 §3.2).
pub(crate) fn renegotiation_info(data: &[u8]) -> Result<Vec<u8>, DecodeError> {
    const FIELD: &str = "renegotiation_info";
    wire::parse_all(data, FIELD, |i| {
        let (i, c) = wire::vec_u8(i, 0, 255, FIELD)?;
        Ok((i, c.to_vec()))
    })
}

/// `uint16 RecordSizeLimit`; below 64 is `illegal_parameter` (RFC 8449 §4).
pub(crate) fn record_size_limit(data: &[u8]) -> Result<u16, DecodeError> {
    const FIELD: &str = "record_size_limit";
    let limit = single_u16(data, FIELD)?;
    if limit < 64 {
        return Err(DecodeError::IllegalValue { field: FIELD });
    }
    Ok(limit)
}
