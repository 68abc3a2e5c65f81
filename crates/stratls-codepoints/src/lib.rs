//! stratls-codepoints: the code points of TLS, one type per IANA registry, shared by every
//! layer of stratls.
//!
//! The wire codec parses and writes these values, the crypto provider names the algorithms it
//! implements with them (`CipherSuite`, `NamedGroup`, `SignatureScheme`), and the configs and
//! the negotiated parameters of a connection report them: a cipher suite is the same value from
//! the bytes on the wire to the provider's table. This crate depends on nothing, so both the
//! codec and the provider traits can build on it without knowing each other.
//!
//! Each type is an open enum with one variant per value named here and `Unknown(_)` for every
//! other value, so GREASE (RFC 8701) and future code points round-trip unchanged. Equality,
//! ordering and hashing go by the wire value. Each has `from_u8`/`from_u16` and
//! `to_u8`/`to_u16` (both `const`), the matching `From` impls, [`CipherSuite::rfc_name`] and
//! its kin (the name the RFCs and the IANA registry give the value), and a `Debug` that prints
//! that name.
//!
//! - algorithms: [`CipherSuite`], [`NamedGroup`], [`SignatureScheme`];
//! - versions and framing: [`ProtocolVersion`], [`ContentType`], [`HandshakeType`];
//! - alerts: [`AlertLevel`], [`AlertDescription`];
//! - extensions and message fields: [`ExtensionType`], [`PskKeyExchangeMode`],
//!   [`ECPointFormat`], [`CertificateType`], [`ClientCertificateType`], [`ServerNameType`],
//!   [`CertificateStatusType`], [`ECCurveType`], [`KeyUpdateRequest`].
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod crypto;
mod extension;
mod macros;

pub use crypto::{CipherSuite, NamedGroup, SignatureScheme};
pub use extension::{
    CertificateStatusType, CertificateType, ClientCertificateType, ECCurveType, ECPointFormat,
    ExtensionType, PskKeyExchangeMode, ServerNameType,
};
use macros::codepoint_enum;

/// True for the 16-bit values RFC 8701 §2 reserves for GREASE (`0x0A0A`, `0x1A1A`, ... `0xFAFA`).
pub const fn is_grease_u16(value: u16) -> bool {
    value & 0x0f0f == 0x0a0a && (value >> 8) == (value & 0xff)
}

codepoint_enum! {
    /// `ContentType` of a TLS record (RFC 8446 §5.1).
    pub enum ContentType: u8 (from_u8, to_u8) {
        ChangeCipherSpec = 20 => "change_cipher_spec",
        Alert = 21 => "alert",
        Handshake = 22 => "handshake",
        ApplicationData = 23 => "application_data",
        Heartbeat = 24 => "heartbeat",
    }
}

codepoint_enum! {
    /// `ProtocolVersion` (RFC 8446 §4.1.2, RFC 5246 §6.2.1).
    pub enum ProtocolVersion: u16 (from_u16, to_u16) {
        SSLv3 = 0x0300 => "SSLv3",
        TLSv1_0 = 0x0301 => "TLSv1.0",
        TLSv1_1 = 0x0302 => "TLSv1.1",
        TLSv1_2 = 0x0303 => "TLSv1.2",
        TLSv1_3 = 0x0304 => "TLSv1.3",
    }
}

impl ProtocolVersion {
    /// True for a GREASE value (RFC 8701 §2).
    pub const fn is_grease(self) -> bool {
        is_grease_u16(self.to_u16())
    }
}

codepoint_enum! {
    /// `HandshakeType` (RFC 8446 §4, RFC 5246 §7.4, RFC 6066 §8).
    pub enum HandshakeType: u8 (from_u8, to_u8) {
        HelloRequest = 0 => "hello_request",
        ClientHello = 1 => "client_hello",
        ServerHello = 2 => "server_hello",
        HelloVerifyRequest = 3 => "hello_verify_request",
        NewSessionTicket = 4 => "new_session_ticket",
        EndOfEarlyData = 5 => "end_of_early_data",
        EncryptedExtensions = 8 => "encrypted_extensions",
        Certificate = 11 => "certificate",
        ServerKeyExchange = 12 => "server_key_exchange",
        CertificateRequest = 13 => "certificate_request",
        ServerHelloDone = 14 => "server_hello_done",
        CertificateVerify = 15 => "certificate_verify",
        ClientKeyExchange = 16 => "client_key_exchange",
        Finished = 20 => "finished",
        CertificateStatus = 22 => "certificate_status",
        KeyUpdate = 24 => "key_update",
        CompressedCertificate = 25 => "compressed_certificate",
        MessageHash = 254 => "message_hash",
    }
}

codepoint_enum! {
    /// `AlertLevel` (RFC 8446 §6).
    pub enum AlertLevel: u8 (from_u8, to_u8) {
        Warning = 1 => "warning",
        Fatal = 2 => "fatal",
    }
}

codepoint_enum! {
    /// `AlertDescription`: every description of RFC 8446 §6, plus the TLS 1.2 ones still seen
    /// on the wire (RFC 5246 §7.2, RFC 7507, RFC 5746).
    pub enum AlertDescription: u8 (from_u8, to_u8) {
        CloseNotify = 0 => "close_notify",
        UnexpectedMessage = 10 => "unexpected_message",
        BadRecordMac = 20 => "bad_record_mac",
        DecryptionFailed = 21 => "decryption_failed_RESERVED",
        RecordOverflow = 22 => "record_overflow",
        DecompressionFailure = 30 => "decompression_failure_RESERVED",
        HandshakeFailure = 40 => "handshake_failure",
        NoCertificate = 41 => "no_certificate_RESERVED",
        BadCertificate = 42 => "bad_certificate",
        UnsupportedCertificate = 43 => "unsupported_certificate",
        CertificateRevoked = 44 => "certificate_revoked",
        CertificateExpired = 45 => "certificate_expired",
        CertificateUnknown = 46 => "certificate_unknown",
        IllegalParameter = 47 => "illegal_parameter",
        UnknownCa = 48 => "unknown_ca",
        AccessDenied = 49 => "access_denied",
        DecodeError = 50 => "decode_error",
        DecryptError = 51 => "decrypt_error",
        ExportRestriction = 60 => "export_restriction_RESERVED",
        ProtocolVersion = 70 => "protocol_version",
        InsufficientSecurity = 71 => "insufficient_security",
        InternalError = 80 => "internal_error",
        InappropriateFallback = 86 => "inappropriate_fallback",
        UserCanceled = 90 => "user_canceled",
        NoRenegotiation = 100 => "no_renegotiation",
        MissingExtension = 109 => "missing_extension",
        UnsupportedExtension = 110 => "unsupported_extension",
        CertificateUnobtainable = 111 => "certificate_unobtainable_RESERVED",
        UnrecognizedName = 112 => "unrecognized_name",
        BadCertificateStatusResponse = 113 => "bad_certificate_status_response",
        BadCertificateHashValue = 114 => "bad_certificate_hash_value_RESERVED",
        UnknownPskIdentity = 115 => "unknown_psk_identity",
        CertificateRequired = 116 => "certificate_required",
        NoApplicationProtocol = 120 => "no_application_protocol",
    }
}

codepoint_enum! {
    /// `KeyUpdateRequest` (RFC 8446 §4.6.3).
    pub enum KeyUpdateRequest: u8 (from_u8, to_u8) {
        UpdateNotRequested = 0 => "update_not_requested",
        UpdateRequested = 1 => "update_requested",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_u16_round_trips() {
        for v in 0..=u16::MAX {
            assert_eq!(CipherSuite::from(v).to_u16(), v);
            assert_eq!(NamedGroup::from(v).to_u16(), v);
            assert_eq!(SignatureScheme::from(v).to_u16(), v);
            assert_eq!(ExtensionType::from(v).to_u16(), v);
            assert_eq!(u16::from(ProtocolVersion::from(v)), v);
        }
    }

    #[test]
    fn every_u8_round_trips() {
        for v in 0..=u8::MAX {
            assert_eq!(ContentType::from(v).to_u8(), v);
            assert_eq!(HandshakeType::from(v).to_u8(), v);
            assert_eq!(AlertDescription::from(v).to_u8(), v);
            assert_eq!(u8::from(PskKeyExchangeMode::from(v)), v);
            assert_eq!(ECCurveType::from(v).to_u8(), v);
        }
    }

    #[test]
    fn named_values_and_debug() {
        assert_eq!(
            CipherSuite::from(0x1301),
            CipherSuite::TLS13_AES_128_GCM_SHA256
        );
        assert_eq!(
            format!("{:?}", CipherSuite::TLS13_AES_128_GCM_SHA256),
            "TLS_AES_128_GCM_SHA256"
        );
        assert_eq!(format!("{:?}", NamedGroup::X25519), "x25519");
        assert_eq!(
            format!("{:?}", AlertDescription::NoRenegotiation),
            "no_renegotiation"
        );
        assert_eq!(
            format!("{:?}", ExtensionType::from(0x0a0a)),
            "Unknown(0xa0a)"
        );
        assert_eq!(AlertDescription::NoRenegotiation.to_u8(), 100);
        assert_eq!(ProtocolVersion::TLSv1_3.to_u16(), 0x0304);
        assert_eq!(HandshakeType::MessageHash.to_u8(), 254);
        assert_eq!(
            ExtensionType::RenegotiationInfo.rfc_name(),
            Some("renegotiation_info")
        );
    }

    #[test]
    fn equality_follows_the_wire_value() {
        assert_eq!(
            CipherSuite::Unknown(0x1301),
            CipherSuite::TLS13_AES_128_GCM_SHA256
        );
        assert_eq!(
            CipherSuite::Unknown(0x1301).rfc_name(),
            Some("TLS_AES_128_GCM_SHA256")
        );
        assert!(ProtocolVersion::TLSv1_2 < ProtocolVersion::TLSv1_3);
    }

    #[test]
    fn grease_values() {
        let grease: Vec<u16> = (0..=u16::MAX).filter(|&v| is_grease_u16(v)).collect();
        assert_eq!(grease.len(), 16);
        assert_eq!(grease.first(), Some(&0x0a0a));
        assert_eq!(grease.last(), Some(&0xfafa));
        assert!(CipherSuite::from(0x2a2a).is_grease());
        assert!(!CipherSuite::TLS13_AES_128_GCM_SHA256.is_grease());
        assert!(NamedGroup::from(0xdada).is_grease());
        assert!(!ExtensionType::from(0x0a1a).is_grease());
        let modes: Vec<u8> = (0..=u8::MAX)
            .filter(|&v| PskKeyExchangeMode::from(v).is_grease())
            .collect();
        assert_eq!(modes, [0x0b, 0x2a, 0x49, 0x68, 0x87, 0xa6, 0xc5, 0xe4]);
        assert!(CipherSuite::TLS_FALLBACK_SCSV.is_scsv());
    }
}
