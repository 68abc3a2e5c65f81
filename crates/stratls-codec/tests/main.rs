//! The integration tests of stratls-codec, one binary: every module shares `common`, so a
//! helper no test uses is a warning rather than something to allow.

mod common;
mod malformed_hello;
mod malformed_messages;
mod rfc8448;
mod roundtrip;
mod truncation;
