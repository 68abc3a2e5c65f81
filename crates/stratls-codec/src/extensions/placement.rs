//! The RFC 8446 §4.2 table: which TLS 1.3 messages may carry which extension.

use crate::enums::ExtensionType;
use crate::error::DecodeError;

/// A TLS 1.3 message that carries extensions (the columns of the RFC 8446 §4.2 table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Message {
    ClientHello,
    ServerHello,
    EncryptedExtensions,
    Certificate,
    CertificateRequest,
    NewSessionTicket,
    HelloRetryRequest,
}

impl Message {
    const fn bit(self) -> u8 {
        match self {
            Self::ClientHello => CH,
            Self::ServerHello => SH,
            Self::EncryptedExtensions => EE,
            Self::Certificate => CT,
            Self::CertificateRequest => CR,
            Self::NewSessionTicket => NST,
            Self::HelloRetryRequest => HRR,
        }
    }

    const fn name(self) -> &'static str {
        match self {
            Self::ClientHello => "ClientHello",
            Self::ServerHello => "ServerHello",
            Self::EncryptedExtensions => "EncryptedExtensions",
            Self::Certificate => "Certificate",
            Self::CertificateRequest => "CertificateRequest",
            Self::NewSessionTicket => "NewSessionTicket",
            Self::HelloRetryRequest => "HelloRetryRequest",
        }
    }
}

const CH: u8 = 1;
const SH: u8 = 2;
const EE: u8 = 4;
const CT: u8 = 8;
const CR: u8 = 16;
const NST: u8 = 32;
const HRR: u8 = 64;

/// The messages RFC 8446 §4.2 (and RFC 8449 §5 for record_size_limit) allow `typ` in, or
/// `None` for a type the table does not list.
const fn allowed_in(typ: ExtensionType) -> Option<u8> {
    use ExtensionType as E;
    Some(match ExtensionType::from_u16(typ.to_u16()) {
        E::ServerName
        | E::MaxFragmentLength
        | E::SupportedGroups
        | E::UseSrtp
        | E::Heartbeat
        | E::ApplicationLayerProtocolNegotiation
        | E::ClientCertificateType
        | E::ServerCertificateType
        | E::RecordSizeLimit => CH | EE,
        E::StatusRequest | E::SignedCertificateTimestamp => CH | CR | CT,
        E::SignatureAlgorithms | E::CertificateAuthorities | E::SignatureAlgorithmsCert => CH | CR,
        E::Padding | E::PskKeyExchangeModes | E::PostHandshakeAuth => CH,
        E::KeyShare | E::SupportedVersions => CH | SH | HRR,
        E::PreSharedKey => CH | SH,
        E::EarlyData => CH | EE | NST,
        E::Cookie => CH | HRR,
        E::OidFilters => CR,
        _ => return None,
    })
}

/// Rejects `typ` if the RFC 8446 §4.2 table lists it but not for `msg`.
pub(crate) fn check_tls13_placement(typ: ExtensionType, msg: Message) -> Result<(), DecodeError> {
    match allowed_in(typ) {
        Some(mask) if mask & msg.bit() == 0 => Err(DecodeError::UnexpectedExtension {
            field: msg.name(),
            typ,
        }),
        _ => Ok(()),
    }
}
