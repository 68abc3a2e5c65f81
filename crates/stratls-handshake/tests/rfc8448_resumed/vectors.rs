//! The RFC 8448 values this module checks, from the project's shared vectors
//! (`stratls_testvectors::rfc8448`: §4 whole, and §3's resumption master secret and ticket,
//! prefixed `S3_` here). Lowercase hex, decoded by [`h`].

pub use stratls_testvectors::rfc8448::s3::{
    NEW_SESSION_TICKET as S3_NEW_SESSION_TICKET,
    RESUMPTION_MASTER_SECRET as S3_RESUMPTION_MASTER_SECRET, TICKET_NONCE as S3_TICKET_NONCE,
};
pub use stratls_testvectors::rfc8448::s4::*;

/// Decodes one of the constants.
pub fn h(hex: &str) -> Vec<u8> {
    assert!(hex.len().is_multiple_of(2), "an even number of digits");
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect()
}
