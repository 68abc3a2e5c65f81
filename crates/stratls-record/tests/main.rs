//! The integration tests of stratls-record, one binary: every module shares `common`, so a
//! helper no test uses is a warning rather than something to allow.

mod common;
mod copies;
mod early_data;
mod owned;
mod reading;
mod rfc8448;
mod tls12;
mod writing;
