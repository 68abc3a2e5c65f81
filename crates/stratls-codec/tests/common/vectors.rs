//! RFC 8448 values the tests use, from the shared `stratls-testvectors` crate, under the
//! names these tests give them (`S3_`, `S4_`, `S5_` for the RFC's sections).
// Each test binary uses some of these.
#![allow(unused_imports)]

pub use stratls_testvectors::rfc8448::s3::{
    CLIENT_FINISHED_PAYLOAD as S3_CLIENT_FINISHED, CLIENT_HELLO as S3_CLIENT_HELLO,
    CLIENT_HELLO_RECORD as S3_CLIENT_HELLO_RECORD, ENCRYPTED_EXTENSIONS as S3_ENCRYPTED_EXTENSIONS,
    NEW_SESSION_TICKET_PAYLOAD as S3_NEW_SESSION_TICKET, SERVER_CERTIFICATE as S3_CERTIFICATE,
    SERVER_CERTIFICATE_VERIFY as S3_CERTIFICATE_VERIFY, SERVER_FINISHED as S3_SERVER_FINISHED,
    SERVER_HELLO as S3_SERVER_HELLO,
};
pub use stratls_testvectors::rfc8448::s4::{
    CLIENT_HELLO as S4_CLIENT_HELLO, CLIENT_HELLO_PREFIX as S4_CLIENT_HELLO_PREFIX,
    ENCRYPTED_EXTENSIONS as S4_ENCRYPTED_EXTENSIONS, END_OF_EARLY_DATA as S4_END_OF_EARLY_DATA,
    PSK_BINDER as S4_PSK_BINDER, SERVER_HELLO as S4_SERVER_HELLO,
};
pub use stratls_testvectors::rfc8448::s5::{
    CLIENT_HELLO_1 as S5_CLIENT_HELLO_1, CLIENT_HELLO_2 as S5_CLIENT_HELLO_2,
    ENCRYPTED_EXTENSIONS as S5_ENCRYPTED_EXTENSIONS, HELLO_RETRY_REQUEST as S5_HELLO_RETRY_REQUEST,
    SERVER_HELLO as S5_SERVER_HELLO,
};

/// Decodes one of the constants.
pub fn bytes(hex_str: &str) -> Vec<u8> {
    hex::decode(hex_str).expect("test vector is valid hex")
}
