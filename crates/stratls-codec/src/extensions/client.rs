//! Extensions of a ClientHello.

use super::body::{self, CertificateStatusRequest, KeyShareEntry, PreSharedKeyOffer, PskIdentity};
use super::{DistinguishedName, Message, ProtocolName, ServerNameEntry, check_tls13_placement};
use crate::enums::{
    ECPointFormat, ExtensionType, NamedGroup, ProtocolVersion, PskKeyExchangeMode, SignatureScheme,
};
use crate::error::DecodeError;
use crate::wire::{self, EncodeBuf};

/// An extension as it appears in a ClientHello (TLS 1.3 or TLS 1.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientExtension {
    /// `server_name`: the names the client wants (RFC 6066 §3).
    ServerName(Vec<ServerNameEntry>),
    /// `supported_groups` (RFC 8446 §4.2.7).
    SupportedGroups(Vec<NamedGroup>),
    /// `ec_point_formats` (RFC 8422 §5.1.2).
    ECPointFormats(Vec<ECPointFormat>),
    /// `signature_algorithms` (RFC 8446 §4.2.3).
    SignatureAlgorithms(Vec<SignatureScheme>),
    /// `signature_algorithms_cert` (RFC 8446 §4.2.3).
    SignatureAlgorithmsCert(Vec<SignatureScheme>),
    /// `application_layer_protocol_negotiation`: the offered protocols (RFC 7301).
    Alpn(Vec<ProtocolName>),
    /// `status_request` (RFC 6066 §8).
    StatusRequest(CertificateStatusRequest),
    /// `extended_master_secret` (RFC 7627), empty.
    ExtendedMasterSecret,
    /// `session_ticket` (RFC 5077): a ticket to resume with, or empty to ask for one.
    SessionTicket(Vec<u8>),
    /// `renegotiation_info` (RFC 5746): `renegotiated_connection`, empty on a first handshake.
    RenegotiationInfo(Vec<u8>),
    /// `record_size_limit` (RFC 8449), at least 64.
    RecordSizeLimit(u16),
    /// `supported_versions`: the offered versions, most preferred first (RFC 8446 §4.2.1).
    SupportedVersions(Vec<ProtocolVersion>),
    /// `cookie`, echoed from a HelloRetryRequest (RFC 8446 §4.2.2).
    Cookie(Vec<u8>),
    /// `psk_key_exchange_modes` (RFC 8446 §4.2.9).
    PskKeyExchangeModes(Vec<PskKeyExchangeMode>),
    /// `pre_shared_key`: the offered identities and binders (RFC 8446 §4.2.11).
    PreSharedKey(PreSharedKeyOffer),
    /// `early_data`, empty: the client sends 0-RTT data (RFC 8446 §4.2.10).
    EarlyData,
    /// `certificate_authorities` (RFC 8446 §4.2.4).
    CertificateAuthorities(Vec<DistinguishedName>),
    /// `key_share`: the client's shares (RFC 8446 §4.2.8).
    KeyShare(Vec<KeyShareEntry>),
    /// `post_handshake_auth`, empty (RFC 8446 §4.2.6).
    PostHandshakeAuth,
    /// A TLS 1.2 extension that TLS 1.3 does not use (ec_point_formats, extended_master_secret,
    /// renegotiation_info) whose body does not parse, kept as received. A server that chooses
    /// TLS 1.3 ignores it, as OpenSSL does; one that chooses TLS 1.2 refuses the hello with
    /// the error [`ClientExtension::malformed`] gives, and a ClientHello that offers no TLS 1.3
    /// does not parse.
    Tls12Malformed {
        /// Its type.
        typ: ExtensionType,
        /// Its body.
        data: Vec<u8>,
    },
    /// Any other extension, kept as received.
    Unknown {
        /// Its type.
        typ: ExtensionType,
        /// Its body.
        data: Vec<u8>,
    },
}

impl ClientExtension {
    /// The extension type.
    pub fn typ(&self) -> ExtensionType {
        use ExtensionType as E;
        match self {
            Self::ServerName(_) => E::ServerName,
            Self::SupportedGroups(_) => E::SupportedGroups,
            Self::ECPointFormats(_) => E::ECPointFormats,
            Self::SignatureAlgorithms(_) => E::SignatureAlgorithms,
            Self::SignatureAlgorithmsCert(_) => E::SignatureAlgorithmsCert,
            Self::Alpn(_) => E::ApplicationLayerProtocolNegotiation,
            Self::StatusRequest(_) => E::StatusRequest,
            Self::ExtendedMasterSecret => E::ExtendedMasterSecret,
            Self::SessionTicket(_) => E::SessionTicket,
            Self::RenegotiationInfo(_) => E::RenegotiationInfo,
            Self::RecordSizeLimit(_) => E::RecordSizeLimit,
            Self::SupportedVersions(_) => E::SupportedVersions,
            Self::Cookie(_) => E::Cookie,
            Self::PskKeyExchangeModes(_) => E::PskKeyExchangeModes,
            Self::PreSharedKey(_) => E::PreSharedKey,
            Self::EarlyData => E::EarlyData,
            Self::CertificateAuthorities(_) => E::CertificateAuthorities,
            Self::KeyShare(_) => E::KeyShare,
            Self::PostHandshakeAuth => E::PostHandshakeAuth,
            Self::Tls12Malformed { typ, .. } | Self::Unknown { typ, .. } => *typ,
        }
    }

    /// For a [`ClientExtension::Tls12Malformed`], why its body does not parse.
    pub fn malformed(&self) -> Option<DecodeError> {
        match self {
            Self::Tls12Malformed { typ, data } => tls12_only(*typ, data).err(),
            _ => None,
        }
    }

    /// Parses the body `data` of an extension of type `typ` found in a ClientHello.
    pub fn parse(typ: ExtensionType, data: &[u8]) -> Result<Self, DecodeError> {
        use ExtensionType as E;
        check_tls13_placement(typ, Message::ClientHello)?;
        Ok(match ExtensionType::from_u16(typ.to_u16()) {
            E::ServerName => Self::ServerName(body::server_names(data)?),
            E::SupportedGroups => Self::SupportedGroups(body::named_groups(data)?),
            E::ECPointFormats | E::ExtendedMasterSecret | E::RenegotiationInfo => {
                tls12_only(typ, data).unwrap_or_else(|_| Self::Tls12Malformed {
                    typ,
                    data: data.to_vec(),
                })
            }
            E::SignatureAlgorithms => {
                Self::SignatureAlgorithms(body::schemes(data, "signature_algorithms")?)
            }
            E::SignatureAlgorithmsCert => {
                Self::SignatureAlgorithmsCert(body::schemes(data, "signature_algorithms_cert")?)
            }
            E::ApplicationLayerProtocolNegotiation => Self::Alpn(body::protocol_names(data)?),
            E::StatusRequest => Self::StatusRequest(body::status_request(data)?),
            E::SessionTicket => Self::SessionTicket(data.to_vec()),
            E::RecordSizeLimit => Self::RecordSizeLimit(body::record_size_limit(data)?),
            E::SupportedVersions => Self::SupportedVersions(body::versions(data)?),
            E::Cookie => Self::Cookie(body::cookie(data)?),
            E::PskKeyExchangeModes => Self::PskKeyExchangeModes(body::psk_modes(data)?),
            E::PreSharedKey => Self::PreSharedKey(psk_offer(data)?),
            E::EarlyData => {
                body::empty(data, "early_data")?;
                Self::EarlyData
            }
            E::CertificateAuthorities => Self::CertificateAuthorities(body::authorities(data)?),
            E::KeyShare => Self::KeyShare(body::client_shares(data)?),
            E::PostHandshakeAuth => {
                body::empty(data, "post_handshake_auth")?;
                Self::PostHandshakeAuth
            }
            _ => Self::Unknown {
                typ,
                data: data.to_vec(),
            },
        })
    }

    /// An upper estimate of the encoded length (type and length included), for sizing a
    /// ClientHello's buffer: the large bodies are counted, the lists bounded.
    pub fn len_hint(&self) -> usize {
        4 + match self {
            Self::ServerName(names) => 5 + names.iter().map(|n| 3 + n.name.len()).sum::<usize>(),
            Self::SupportedGroups(list) => 2 + 2 * list.len(),
            Self::SignatureAlgorithms(list) | Self::SignatureAlgorithmsCert(list) => {
                2 + 2 * list.len()
            }
            Self::SupportedVersions(list) => 1 + 2 * list.len(),
            Self::KeyShare(shares) => {
                2 + shares
                    .iter()
                    .map(|s| 4 + s.key_exchange.len())
                    .sum::<usize>()
            }
            Self::PreSharedKey(offer) => {
                2 + offer
                    .identities
                    .iter()
                    .map(|i| 6 + i.identity.len())
                    .sum::<usize>()
                    + offer.binders_encoded_len()
            }
            Self::SessionTicket(data)
            | Self::Cookie(data)
            | Self::Tls12Malformed { data, .. }
            | Self::Unknown { data, .. } => data.len(),
            _ => 32,
        }
    }

    /// Writes the extension (type, length, body).
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        super::put_extension(dst, self.typ(), |d| self.encode_body(d));
    }

    fn encode_body(&self, d: &mut impl EncodeBuf) {
        match self {
            Self::ServerName(names) => body::put_server_names(d, names),
            Self::SupportedGroups(groups) => body::put_u16_list(d, groups),
            Self::ECPointFormats(formats) => body::put_u8_list(d, formats),
            Self::SignatureAlgorithms(schemes) | Self::SignatureAlgorithmsCert(schemes) => {
                body::put_u16_list(d, schemes)
            }
            Self::Alpn(names) => body::put_protocol_names(d, names),
            Self::StatusRequest(req) => body::put_status_request(d, req),
            Self::ExtendedMasterSecret | Self::EarlyData | Self::PostHandshakeAuth => {}
            Self::SessionTicket(data)
            | Self::Tls12Malformed { data, .. }
            | Self::Unknown { data, .. } => d.put_slice(data),
            Self::RenegotiationInfo(data) => wire::put_vec_u8(d, data),
            Self::RecordSizeLimit(limit) => d.put_u16(*limit),
            Self::SupportedVersions(versions) => {
                wire::with_u8_len(d, |d| {
                    for v in versions {
                        d.put_u16(v.to_u16());
                    }
                });
            }
            Self::Cookie(cookie) => wire::put_vec_u16(d, cookie),
            Self::PskKeyExchangeModes(modes) => body::put_u8_list(d, modes),
            Self::PreSharedKey(offer) => put_psk_offer(d, offer),
            Self::CertificateAuthorities(names) => body::put_authorities(d, names),
            Self::KeyShare(shares) => wire::with_u16_len(d, |d| {
                for share in shares {
                    body::put_key_share(d, share);
                }
            }),
        }
    }
}

/// The TLS 1.2 extensions TLS 1.3 does not use, parsed strictly.
fn tls12_only(typ: ExtensionType, data: &[u8]) -> Result<ClientExtension, DecodeError> {
    use ExtensionType as E;
    Ok(match ExtensionType::from_u16(typ.to_u16()) {
        E::ECPointFormats => ClientExtension::ECPointFormats(body::point_formats(data)?),
        E::ExtendedMasterSecret => {
            body::empty(data, "extended_master_secret")?;
            ClientExtension::ExtendedMasterSecret
        }
        E::RenegotiationInfo => ClientExtension::RenegotiationInfo(body::renegotiation_info(data)?),
        _ => ClientExtension::Unknown {
            typ,
            data: data.to_vec(),
        },
    })
}

/// `OfferedPsks` (RFC 8446 §4.2.11); a binder count different from the identity count is
/// `illegal_parameter`.
fn psk_offer(data: &[u8]) -> Result<PreSharedKeyOffer, DecodeError> {
    const FIELD: &str = "pre_shared_key";
    let offer = wire::parse_all(data, FIELD, |i| {
        let (i, ids) = wire::vec_u16(i, 7, 0xffff, "identities")?;
        let identities = wire::items(ids, "identities", |i| {
            let (i, identity) = wire::vec_u16(i, 1, 0xffff, "identity")?;
            let (i, age) = wire::u32(i, "obfuscated_ticket_age")?;
            let id = PskIdentity {
                identity: identity.to_vec(),
                obfuscated_ticket_age: age,
            };
            Ok((i, id))
        })?;
        let (i, list) = wire::vec_u16(i, 33, 0xffff, "binders")?;
        let binders = wire::items(list, "binders", |i| {
            let (i, binder) = wire::vec_u8(i, 32, 255, "PskBinderEntry")?;
            Ok((i, binder.to_vec()))
        })?;
        Ok((
            i,
            PreSharedKeyOffer {
                identities,
                binders,
            },
        ))
    })?;
    if offer.identities.len() != offer.binders.len() {
        return Err(DecodeError::IllegalValue { field: "binders" });
    }
    Ok(offer)
}

fn put_psk_offer(dst: &mut impl EncodeBuf, offer: &PreSharedKeyOffer) {
    wire::with_u16_len(dst, |d| {
        for id in &offer.identities {
            wire::put_vec_u16(d, &id.identity);
            d.put_u32(id.obfuscated_ticket_age);
        }
    });
    wire::with_u16_len(dst, |d| {
        for binder in &offer.binders {
            wire::put_vec_u8(d, binder);
        }
    });
}
