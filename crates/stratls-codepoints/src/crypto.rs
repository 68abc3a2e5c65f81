//! Code points naming algorithms: cipher suites, groups, signature schemes.

use super::{codepoint_enum, is_grease_u16};

codepoint_enum! {
    /// `CipherSuite` (RFC 8446 §B.4, RFC 5288, RFC 5289, RFC 7905, RFC 5746, RFC 7507).
    ///
    /// TLS 1.3 suites carry a `TLS13_` prefix in their variant name; `Debug` prints the RFC name.
    pub enum CipherSuite: u16 (from_u16, to_u16) {
        TLS13_AES_128_GCM_SHA256 = 0x1301 => "TLS_AES_128_GCM_SHA256",
        TLS13_AES_256_GCM_SHA384 = 0x1302 => "TLS_AES_256_GCM_SHA384",
        TLS13_CHACHA20_POLY1305_SHA256 = 0x1303 => "TLS_CHACHA20_POLY1305_SHA256",
        TLS13_AES_128_CCM_SHA256 = 0x1304 => "TLS_AES_128_CCM_SHA256",
        TLS13_AES_128_CCM_8_SHA256 = 0x1305 => "TLS_AES_128_CCM_8_SHA256",
        TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 = 0xc02b
            => "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 = 0xc02c
            => "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 = 0xc02f => "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 = 0xc030 => "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 = 0xcca8
            => "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 = 0xcca9
            => "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        TLS_RSA_WITH_AES_128_GCM_SHA256 = 0x009c => "TLS_RSA_WITH_AES_128_GCM_SHA256",
        TLS_RSA_WITH_AES_256_GCM_SHA384 = 0x009d => "TLS_RSA_WITH_AES_256_GCM_SHA384",
        TLS_EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff => "TLS_EMPTY_RENEGOTIATION_INFO_SCSV",
        TLS_FALLBACK_SCSV = 0x5600 => "TLS_FALLBACK_SCSV",
    }
}

impl CipherSuite {
    /// True for a GREASE value (RFC 8701 §2).
    pub const fn is_grease(self) -> bool {
        is_grease_u16(self.to_u16())
    }

    /// True for the signalling values that name no suite (`TLS_EMPTY_RENEGOTIATION_INFO_SCSV`,
    /// `TLS_FALLBACK_SCSV`).
    pub const fn is_scsv(self) -> bool {
        matches!(
            self,
            Self::TLS_EMPTY_RENEGOTIATION_INFO_SCSV | Self::TLS_FALLBACK_SCSV
        )
    }
}

codepoint_enum! {
    /// `NamedGroup` (RFC 8446 §4.2.7, RFC 8422 §5.1.1, RFC 7919).
    pub enum NamedGroup: u16 (from_u16, to_u16) {
        Secp256r1 = 0x0017 => "secp256r1",
        Secp384r1 = 0x0018 => "secp384r1",
        Secp521r1 = 0x0019 => "secp521r1",
        X25519 = 0x001d => "x25519",
        X448 = 0x001e => "x448",
        Ffdhe2048 = 0x0100 => "ffdhe2048",
        Ffdhe3072 = 0x0101 => "ffdhe3072",
        Ffdhe4096 = 0x0102 => "ffdhe4096",
        Ffdhe6144 = 0x0103 => "ffdhe6144",
        Ffdhe8192 = 0x0104 => "ffdhe8192",
        X25519MLKEM768 = 0x11ec => "X25519MLKEM768",
    }
}

impl NamedGroup {
    /// True for a GREASE value (RFC 8701 §2).
    pub const fn is_grease(self) -> bool {
        is_grease_u16(self.to_u16())
    }
}

codepoint_enum! {
    /// `SignatureScheme` (RFC 8446 §4.2.3); the SHA-1 and DSA schemes are TLS 1.2 legacy values
    /// that RFC 8446 keeps reserved (RFC 8448's ClientHellos still offer them).
    pub enum SignatureScheme: u16 (from_u16, to_u16) {
        RSA_PKCS1_SHA1 = 0x0201 => "rsa_pkcs1_sha1",
        ECDSA_SHA1 = 0x0203 => "ecdsa_sha1",
        DSA_SHA1 = 0x0202 => "dsa_sha1_RESERVED",
        DSA_SHA256 = 0x0402 => "dsa_sha256_RESERVED",
        DSA_SHA384 = 0x0502 => "dsa_sha384_RESERVED",
        DSA_SHA512 = 0x0602 => "dsa_sha512_RESERVED",
        RSA_PKCS1_SHA256 = 0x0401 => "rsa_pkcs1_sha256",
        RSA_PKCS1_SHA384 = 0x0501 => "rsa_pkcs1_sha384",
        RSA_PKCS1_SHA512 = 0x0601 => "rsa_pkcs1_sha512",
        ECDSA_SECP256R1_SHA256 = 0x0403 => "ecdsa_secp256r1_sha256",
        ECDSA_SECP384R1_SHA384 = 0x0503 => "ecdsa_secp384r1_sha384",
        ECDSA_SECP521R1_SHA512 = 0x0603 => "ecdsa_secp521r1_sha512",
        RSA_PSS_RSAE_SHA256 = 0x0804 => "rsa_pss_rsae_sha256",
        RSA_PSS_RSAE_SHA384 = 0x0805 => "rsa_pss_rsae_sha384",
        RSA_PSS_RSAE_SHA512 = 0x0806 => "rsa_pss_rsae_sha512",
        ED25519 = 0x0807 => "ed25519",
        ED448 = 0x0808 => "ed448",
        RSA_PSS_PSS_SHA256 = 0x0809 => "rsa_pss_pss_sha256",
        RSA_PSS_PSS_SHA384 = 0x080a => "rsa_pss_pss_sha384",
        RSA_PSS_PSS_SHA512 = 0x080b => "rsa_pss_pss_sha512",
    }
}

impl SignatureScheme {
    /// True for a GREASE value (RFC 8701 §2).
    pub const fn is_grease(self) -> bool {
        is_grease_u16(self.to_u16())
    }
}
