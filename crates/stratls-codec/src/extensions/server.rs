//! Extensions of ServerHello, HelloRetryRequest and EncryptedExtensions.

use super::body::{self, KeyShareEntry};
use super::{Message, ProtocolName, check_tls13_placement, put_extension};
use crate::enums::{ECPointFormat, ExtensionType, NamedGroup, ProtocolVersion};
use crate::error::DecodeError;
use crate::wire::{self, EncodeBuf};

/// An extension as it appears in a ServerHello, TLS 1.3 or TLS 1.2.
///
/// The placement rule of RFC 8446 §4.2 is applied by `ServerHello::parse` once it knows the
/// version (from supported_versions), not here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerExtension {
    /// `server_name`, empty: the server used the client's name (TLS 1.2; RFC 6066 §3).
    ServerName,
    /// `ec_point_formats` (TLS 1.2; RFC 8422 §5.2).
    ECPointFormats(Vec<ECPointFormat>),
    /// `application_layer_protocol_negotiation`: the one selected protocol (TLS 1.2; RFC 7301).
    Alpn(ProtocolName),
    /// `status_request`, empty: a CertificateStatus message follows (TLS 1.2; RFC 6066 §8).
    StatusRequest,
    /// `extended_master_secret`, empty (RFC 7627).
    ExtendedMasterSecret,
    /// `session_ticket`, empty: a NewSessionTicket follows (RFC 5077).
    SessionTicket,
    /// `renegotiation_info` (RFC 5746): empty on a first handshake.
    RenegotiationInfo(Vec<u8>),
    /// `record_size_limit` (TLS 1.2; RFC 8449).
    RecordSizeLimit(u16),
    /// `supported_versions`: the selected version (RFC 8446 §4.2.1).
    SupportedVersions(ProtocolVersion),
    /// `key_share`: the server's share (RFC 8446 §4.2.8).
    KeyShare(KeyShareEntry),
    /// `pre_shared_key`: the index of the selected identity (RFC 8446 §4.2.11).
    PreSharedKey(u16),
    /// Any other extension, kept as received.
    Unknown {
        /// Its type.
        typ: ExtensionType,
        /// Its body.
        data: Vec<u8>,
    },
}

impl ServerExtension {
    /// The extension type.
    pub fn typ(&self) -> ExtensionType {
        use ExtensionType as E;
        match self {
            Self::ServerName => E::ServerName,
            Self::ECPointFormats(_) => E::ECPointFormats,
            Self::Alpn(_) => E::ApplicationLayerProtocolNegotiation,
            Self::StatusRequest => E::StatusRequest,
            Self::ExtendedMasterSecret => E::ExtendedMasterSecret,
            Self::SessionTicket => E::SessionTicket,
            Self::RenegotiationInfo(_) => E::RenegotiationInfo,
            Self::RecordSizeLimit(_) => E::RecordSizeLimit,
            Self::SupportedVersions(_) => E::SupportedVersions,
            Self::KeyShare(_) => E::KeyShare,
            Self::PreSharedKey(_) => E::PreSharedKey,
            Self::Unknown { typ, .. } => *typ,
        }
    }

    /// Parses the body `data` of an extension of type `typ` found in a ServerHello.
    pub fn parse(typ: ExtensionType, data: &[u8]) -> Result<Self, DecodeError> {
        use ExtensionType as E;
        Ok(match ExtensionType::from_u16(typ.to_u16()) {
            E::ServerName => {
                body::empty(data, "server_name")?;
                Self::ServerName
            }
            E::ECPointFormats => Self::ECPointFormats(body::point_formats(data)?),
            E::ApplicationLayerProtocolNegotiation => Self::Alpn(body::selected_protocol(data)?),
            E::StatusRequest => {
                body::empty(data, "status_request")?;
                Self::StatusRequest
            }
            E::ExtendedMasterSecret => {
                body::empty(data, "extended_master_secret")?;
                Self::ExtendedMasterSecret
            }
            E::SessionTicket => {
                body::empty(data, "session_ticket")?;
                Self::SessionTicket
            }
            E::RenegotiationInfo => Self::RenegotiationInfo(body::renegotiation_info(data)?),
            E::RecordSizeLimit => Self::RecordSizeLimit(body::record_size_limit(data)?),
            E::SupportedVersions => Self::SupportedVersions(ProtocolVersion::from(
                body::single_u16(data, "supported_versions")?,
            )),
            E::KeyShare => {
                Self::KeyShare(wire::parse_all(data, "key_share", body::read_key_share)?)
            }
            E::PreSharedKey => Self::PreSharedKey(body::single_u16(data, "pre_shared_key")?),
            _ => Self::Unknown {
                typ,
                data: data.to_vec(),
            },
        })
    }

    /// Writes the extension (type, length, body).
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        put_extension(dst, self.typ(), |d| match self {
            Self::ServerName
            | Self::StatusRequest
            | Self::ExtendedMasterSecret
            | Self::SessionTicket => {}
            Self::ECPointFormats(formats) => body::put_u8_list(d, formats),
            Self::Alpn(name) => body::put_protocol_names(d, core::slice::from_ref(name)),
            Self::RenegotiationInfo(data) => wire::put_vec_u8(d, data),
            Self::RecordSizeLimit(limit) => d.put_u16(*limit),
            Self::SupportedVersions(version) => d.put_u16(version.to_u16()),
            Self::KeyShare(entry) => body::put_key_share(d, entry),
            Self::PreSharedKey(index) => d.put_u16(*index),
            Self::Unknown { data, .. } => d.put_slice(data),
        });
    }
}

/// An extension as it appears in a HelloRetryRequest (RFC 8446 §4.1.4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelloRetryExtension {
    /// `key_share`: the group the server wants a share for (RFC 8446 §4.2.8).
    KeyShare(NamedGroup),
    /// `cookie` (RFC 8446 §4.2.2).
    Cookie(Vec<u8>),
    /// `supported_versions`: the selected version.
    SupportedVersions(ProtocolVersion),
    /// Any other extension the RFC 8446 §4.2 table does not list, kept as received.
    Unknown {
        /// Its type.
        typ: ExtensionType,
        /// Its body.
        data: Vec<u8>,
    },
}

impl HelloRetryExtension {
    /// The extension type.
    pub fn typ(&self) -> ExtensionType {
        match self {
            Self::KeyShare(_) => ExtensionType::KeyShare,
            Self::Cookie(_) => ExtensionType::Cookie,
            Self::SupportedVersions(_) => ExtensionType::SupportedVersions,
            Self::Unknown { typ, .. } => *typ,
        }
    }

    /// Parses the body `data` of an extension of type `typ` found in a HelloRetryRequest.
    pub fn parse(typ: ExtensionType, data: &[u8]) -> Result<Self, DecodeError> {
        use ExtensionType as E;
        check_tls13_placement(typ, Message::HelloRetryRequest)?;
        Ok(match ExtensionType::from_u16(typ.to_u16()) {
            E::KeyShare => Self::KeyShare(NamedGroup::from(body::single_u16(data, "key_share")?)),
            E::Cookie => Self::Cookie(body::cookie(data)?),
            E::SupportedVersions => Self::SupportedVersions(ProtocolVersion::from(
                body::single_u16(data, "supported_versions")?,
            )),
            _ => Self::Unknown {
                typ,
                data: data.to_vec(),
            },
        })
    }

    /// Writes the extension (type, length, body).
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        put_extension(dst, self.typ(), |d| match self {
            Self::KeyShare(group) => d.put_u16(group.to_u16()),
            Self::Cookie(cookie) => wire::put_vec_u16(d, cookie),
            Self::SupportedVersions(version) => d.put_u16(version.to_u16()),
            Self::Unknown { data, .. } => d.put_slice(data),
        });
    }
}

/// An extension as it appears in EncryptedExtensions (RFC 8446 §4.3.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EncryptedExtension {
    /// `server_name`, empty: the server used the client's name.
    ServerName,
    /// `supported_groups`: the server's preference, for the client's next connection.
    SupportedGroups(Vec<NamedGroup>),
    /// `application_layer_protocol_negotiation`: the one selected protocol.
    Alpn(ProtocolName),
    /// `early_data`, empty: the server accepted 0-RTT data.
    EarlyData,
    /// `record_size_limit` (RFC 8449).
    RecordSizeLimit(u16),
    /// Any other extension the RFC 8446 §4.2 table allows here or does not list, kept as
    /// received.
    Unknown {
        /// Its type.
        typ: ExtensionType,
        /// Its body.
        data: Vec<u8>,
    },
}

impl EncryptedExtension {
    /// The extension type.
    pub fn typ(&self) -> ExtensionType {
        match self {
            Self::ServerName => ExtensionType::ServerName,
            Self::SupportedGroups(_) => ExtensionType::SupportedGroups,
            Self::Alpn(_) => ExtensionType::ApplicationLayerProtocolNegotiation,
            Self::EarlyData => ExtensionType::EarlyData,
            Self::RecordSizeLimit(_) => ExtensionType::RecordSizeLimit,
            Self::Unknown { typ, .. } => *typ,
        }
    }

    /// Parses the body `data` of an extension of type `typ` found in EncryptedExtensions.
    pub fn parse(typ: ExtensionType, data: &[u8]) -> Result<Self, DecodeError> {
        use ExtensionType as E;
        check_tls13_placement(typ, Message::EncryptedExtensions)?;
        Ok(match ExtensionType::from_u16(typ.to_u16()) {
            E::ServerName => {
                body::empty(data, "server_name")?;
                Self::ServerName
            }
            E::SupportedGroups => Self::SupportedGroups(body::named_groups(data)?),
            E::ApplicationLayerProtocolNegotiation => Self::Alpn(body::selected_protocol(data)?),
            E::EarlyData => {
                body::empty(data, "early_data")?;
                Self::EarlyData
            }
            E::RecordSizeLimit => Self::RecordSizeLimit(body::record_size_limit(data)?),
            _ => Self::Unknown {
                typ,
                data: data.to_vec(),
            },
        })
    }

    /// Writes the extension (type, length, body).
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        put_extension(dst, self.typ(), |d| match self {
            Self::ServerName | Self::EarlyData => {}
            Self::SupportedGroups(groups) => body::put_u16_list(d, groups),
            Self::Alpn(name) => body::put_protocol_names(d, core::slice::from_ref(name)),
            Self::RecordSizeLimit(limit) => d.put_u16(*limit),
            Self::Unknown { data, .. } => d.put_slice(data),
        });
    }
}
