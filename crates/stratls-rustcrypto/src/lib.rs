//! stratls: the default crypto provider, pure Rust (RustCrypto and dalek crates)
#![forbid(unsafe_code)]
