//! stratls: the TLS record layer (framing, AEAD protection, key changes, limits)
#![forbid(unsafe_code)]
