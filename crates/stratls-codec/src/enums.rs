//! The code points the wire format uses, from [`stratls_codepoints`].
//!
//! Each type is an open enum with `Unknown(_)` for every value without a name, so GREASE
//! (RFC 8701) and future code points round-trip unchanged. They are the same types the crypto
//! provider traits and the configs use (`stratls_crypto::CipherSuite` is this
//! [`CipherSuite`]), so a code point parsed here needs no conversion on its way to a provider.

pub use stratls_codepoints::{
    AlertDescription, AlertLevel, CertificateStatusType, CertificateType, CipherSuite,
    ClientCertificateType, ContentType, ECCurveType, ECPointFormat, ExtensionType, HandshakeType,
    KeyUpdateRequest, NamedGroup, ProtocolVersion, PskKeyExchangeMode, ServerNameType,
    SignatureScheme, is_grease_u16,
};
