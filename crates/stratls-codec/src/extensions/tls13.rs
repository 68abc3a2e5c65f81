//! Extensions of the TLS 1.3 Certificate entries, CertificateRequest and NewSessionTicket.

use super::body;
use super::{DistinguishedName, Message, check_tls13_placement, put_extension};
use crate::enums::{CertificateStatusType, ExtensionType, SignatureScheme};
use crate::error::DecodeError;
use crate::wire::{self, EncodeBuf};

/// An extension of a TLS 1.3 `CertificateEntry` (RFC 8446 §4.4.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CertificateExtension {
    /// `status_request`: a stapled OCSP response, the DER `OCSPResponse` (RFC 8446 §4.4.2.1).
    StatusRequest(Vec<u8>),
    /// Any other extension (e.g. signed_certificate_timestamp), kept as received.
    Unknown {
        /// Its type.
        typ: ExtensionType,
        /// Its body.
        data: Vec<u8>,
    },
}

impl CertificateExtension {
    /// The extension type.
    pub fn typ(&self) -> ExtensionType {
        match self {
            Self::StatusRequest(_) => ExtensionType::StatusRequest,
            Self::Unknown { typ, .. } => *typ,
        }
    }

    /// Parses the body `data` of an extension of type `typ` found in a CertificateEntry.
    pub fn parse(typ: ExtensionType, data: &[u8]) -> Result<Self, DecodeError> {
        check_tls13_placement(typ, Message::Certificate)?;
        if typ != ExtensionType::StatusRequest {
            return Ok(Self::Unknown {
                typ,
                data: data.to_vec(),
            });
        }
        // struct { CertificateStatusType status_type; opaque OCSPResponse<1..2^24-1>; }
        wire::parse_all(data, "status_request", |i| {
            let (i, typ) = wire::u8(i, "status_type")?;
            if CertificateStatusType::from(typ) != CertificateStatusType::Ocsp {
                return wire::reject(DecodeError::InvalidValue {
                    field: "status_type",
                });
            }
            let (i, response) = wire::vec_u24(i, 1, 0xff_ffff, "OCSPResponse")?;
            Ok((i, Self::StatusRequest(response.to_vec())))
        })
    }

    /// Writes the extension (type, length, body).
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        put_extension(dst, self.typ(), |d| match self {
            Self::StatusRequest(response) => {
                d.put_u8(CertificateStatusType::Ocsp.to_u8());
                wire::put_vec_u24(d, response);
            }
            Self::Unknown { data, .. } => d.put_slice(data),
        });
    }
}

/// An extension of a TLS 1.3 CertificateRequest (RFC 8446 §4.3.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CertReqExtension {
    /// `signature_algorithms`: what the client may sign CertificateVerify with.
    SignatureAlgorithms(Vec<SignatureScheme>),
    /// `signature_algorithms_cert`: what the client's certificates may be signed with.
    SignatureAlgorithmsCert(Vec<SignatureScheme>),
    /// `certificate_authorities`: the CAs the server trusts.
    CertificateAuthorities(Vec<DistinguishedName>),
    /// `status_request`, empty: the server asks for a stapled OCSP response with the client's
    /// certificate (RFC 8446 §4.4.2.1). Its body is empty here, unlike the
    /// `CertificateStatusRequest` of a ClientHello.
    StatusRequest,
    /// Any other extension (e.g. oid_filters), kept as received.
    Unknown {
        /// Its type.
        typ: ExtensionType,
        /// Its body.
        data: Vec<u8>,
    },
}

impl CertReqExtension {
    /// The extension type.
    pub fn typ(&self) -> ExtensionType {
        match self {
            Self::SignatureAlgorithms(_) => ExtensionType::SignatureAlgorithms,
            Self::SignatureAlgorithmsCert(_) => ExtensionType::SignatureAlgorithmsCert,
            Self::CertificateAuthorities(_) => ExtensionType::CertificateAuthorities,
            Self::StatusRequest => ExtensionType::StatusRequest,
            Self::Unknown { typ, .. } => *typ,
        }
    }

    /// Parses the body `data` of an extension of type `typ` found in a CertificateRequest.
    pub fn parse(typ: ExtensionType, data: &[u8]) -> Result<Self, DecodeError> {
        use ExtensionType as E;
        check_tls13_placement(typ, Message::CertificateRequest)?;
        Ok(match ExtensionType::from_u16(typ.to_u16()) {
            E::SignatureAlgorithms => {
                Self::SignatureAlgorithms(body::schemes(data, "signature_algorithms")?)
            }
            E::SignatureAlgorithmsCert => {
                Self::SignatureAlgorithmsCert(body::schemes(data, "signature_algorithms_cert")?)
            }
            E::CertificateAuthorities => Self::CertificateAuthorities(body::authorities(data)?),
            E::StatusRequest => {
                body::empty(data, "status_request")?;
                Self::StatusRequest
            }
            _ => Self::Unknown {
                typ,
                data: data.to_vec(),
            },
        })
    }

    /// Writes the extension (type, length, body).
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        put_extension(dst, self.typ(), |d| match self {
            Self::SignatureAlgorithms(schemes) | Self::SignatureAlgorithmsCert(schemes) => {
                body::put_u16_list(d, schemes)
            }
            Self::CertificateAuthorities(names) => body::put_authorities(d, names),
            Self::StatusRequest => {}
            Self::Unknown { data, .. } => d.put_slice(data),
        });
    }
}

/// An extension of a TLS 1.3 NewSessionTicket (RFC 8446 §4.6.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NewSessionTicketExtension {
    /// `early_data`: `max_early_data_size`, the 0-RTT bytes the server accepts with this ticket.
    EarlyData(u32),
    /// Any other extension, kept as received.
    Unknown {
        /// Its type.
        typ: ExtensionType,
        /// Its body.
        data: Vec<u8>,
    },
}

impl NewSessionTicketExtension {
    /// The extension type.
    pub fn typ(&self) -> ExtensionType {
        match self {
            Self::EarlyData(_) => ExtensionType::EarlyData,
            Self::Unknown { typ, .. } => *typ,
        }
    }

    /// Parses the body `data` of an extension of type `typ` found in a NewSessionTicket.
    pub fn parse(typ: ExtensionType, data: &[u8]) -> Result<Self, DecodeError> {
        check_tls13_placement(typ, Message::NewSessionTicket)?;
        if typ == ExtensionType::EarlyData {
            let max = wire::parse_all(data, "early_data", |i| wire::u32(i, "max_early_data_size"))?;
            return Ok(Self::EarlyData(max));
        }
        Ok(Self::Unknown {
            typ,
            data: data.to_vec(),
        })
    }

    /// Writes the extension (type, length, body).
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        put_extension(dst, self.typ(), |d| match self {
            Self::EarlyData(max) => d.put_u32(*max),
            Self::Unknown { data, .. } => d.put_slice(data),
        });
    }
}
