//! stratls: the TLS 1.3 key schedule and the TLS 1.2 PRF, over the provider traits
#![forbid(unsafe_code)]
