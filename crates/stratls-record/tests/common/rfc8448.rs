//! RFC 8448 §3 values ("Simple 1-RTT Handshake", TLS_AES_128_GCM_SHA256), from the shared
//! `stratls-testvectors` crate. Hex strings; tests decode them with `hex::decode`.
// Each test binary uses some of these.
#![allow(unused_imports)]

pub use stratls_testvectors::rfc8448::s3::*;
