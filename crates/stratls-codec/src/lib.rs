//! stratls: the TLS 1.3 and TLS 1.2 wire format (records, handshake messages, extensions, alerts); no crypto, no state
#![forbid(unsafe_code)]
