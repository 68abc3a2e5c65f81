//! Code points used inside extensions and the messages that carry them.

use super::{codepoint_enum, is_grease_u16};

codepoint_enum! {
    /// `ExtensionType` (RFC 8446 §4.2 and the RFCs it cites; RFC 5746, RFC 7627, RFC 5077).
    pub enum ExtensionType: u16 (from_u16, to_u16) {
        ServerName = 0 => "server_name",
        MaxFragmentLength = 1 => "max_fragment_length",
        StatusRequest = 5 => "status_request",
        SupportedGroups = 10 => "supported_groups",
        ECPointFormats = 11 => "ec_point_formats",
        SignatureAlgorithms = 13 => "signature_algorithms",
        UseSrtp = 14 => "use_srtp",
        Heartbeat = 15 => "heartbeat",
        ApplicationLayerProtocolNegotiation = 16 => "application_layer_protocol_negotiation",
        SignedCertificateTimestamp = 18 => "signed_certificate_timestamp",
        ClientCertificateType = 19 => "client_certificate_type",
        ServerCertificateType = 20 => "server_certificate_type",
        Padding = 21 => "padding",
        EncryptThenMac = 22 => "encrypt_then_mac",
        ExtendedMasterSecret = 23 => "extended_master_secret",
        CompressCertificate = 27 => "compress_certificate",
        RecordSizeLimit = 28 => "record_size_limit",
        SessionTicket = 35 => "session_ticket",
        PreSharedKey = 41 => "pre_shared_key",
        EarlyData = 42 => "early_data",
        SupportedVersions = 43 => "supported_versions",
        Cookie = 44 => "cookie",
        PskKeyExchangeModes = 45 => "psk_key_exchange_modes",
        CertificateAuthorities = 47 => "certificate_authorities",
        OidFilters = 48 => "oid_filters",
        PostHandshakeAuth = 49 => "post_handshake_auth",
        SignatureAlgorithmsCert = 50 => "signature_algorithms_cert",
        KeyShare = 51 => "key_share",
        RenegotiationInfo = 0xff01 => "renegotiation_info",
    }
}

impl ExtensionType {
    /// True for a GREASE value (RFC 8701 §2).
    pub const fn is_grease(self) -> bool {
        is_grease_u16(self.to_u16())
    }
}

codepoint_enum! {
    /// `PskKeyExchangeMode` (RFC 8446 §4.2.9).
    pub enum PskKeyExchangeMode: u8 (from_u8, to_u8) {
        PskKe = 0 => "psk_ke",
        PskDheKe = 1 => "psk_dhe_ke",
    }
}

impl PskKeyExchangeMode {
    /// True for a GREASE value (RFC 8701 §2: `0x0B`, `0x2A`, `0x49`, ... `0xE4`).
    pub const fn is_grease(self) -> bool {
        self.to_u8() % 0x1f == 0x0b
    }
}

codepoint_enum! {
    /// `ECPointFormat` (RFC 8422 §5.1.2).
    pub enum ECPointFormat: u8 (from_u8, to_u8) {
        Uncompressed = 0 => "uncompressed",
        AnsiX962CompressedPrime = 1 => "ansiX962_compressed_prime",
        AnsiX962CompressedChar2 = 2 => "ansiX962_compressed_char2",
    }
}

codepoint_enum! {
    /// `CertificateType` of RFC 7250 (the certificate form in TLS 1.3 `CertificateEntry`).
    pub enum CertificateType: u8 (from_u8, to_u8) {
        X509 = 0 => "X509",
        RawPublicKey = 2 => "RawPublicKey",
    }
}

codepoint_enum! {
    /// `ClientCertificateType` of a TLS 1.2 CertificateRequest (RFC 5246 §7.4.4, RFC 8422 §5.5).
    pub enum ClientCertificateType: u8 (from_u8, to_u8) {
        RsaSign = 1 => "rsa_sign",
        DssSign = 2 => "dss_sign",
        RsaFixedDh = 3 => "rsa_fixed_dh",
        DssFixedDh = 4 => "dss_fixed_dh",
        EcdsaSign = 64 => "ecdsa_sign",
        RsaFixedEcdh = 65 => "rsa_fixed_ecdh",
        EcdsaFixedEcdh = 66 => "ecdsa_fixed_ecdh",
    }
}

codepoint_enum! {
    /// `NameType` of a server_name entry (RFC 6066 §3).
    pub enum ServerNameType: u8 (from_u8, to_u8) {
        HostName = 0 => "host_name",
    }
}

codepoint_enum! {
    /// `CertificateStatusType` (RFC 6066 §8).
    pub enum CertificateStatusType: u8 (from_u8, to_u8) {
        Ocsp = 1 => "ocsp",
    }
}

codepoint_enum! {
    /// `ECCurveType` of TLS 1.2 ECDHE parameters (RFC 8422 §5.4).
    pub enum ECCurveType: u8 (from_u8, to_u8) {
        ExplicitPrime = 1 => "explicit_prime",
        ExplicitChar2 = 2 => "explicit_char2",
        NamedCurve = 3 => "named_curve",
    }
}
