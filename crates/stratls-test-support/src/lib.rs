//! What the tests of stratls share: the integration tests of stratls-handshake, stratls-io and
//! the facade, the interop tests, the benchmark, the fuzz targets and the examples.
//!
//! - [`Pair`]: a client and a server [`Connection`](stratls_handshake::Connection) pumped
//!   against each other in memory, in whole flights or a few bytes at a time, with the error
//!   of each side and the bytes it sent once a side failed ([`Failure`]), and data exchanged
//!   both ways. No threads, no sockets, no clock.
//! - [`deterministic`]: a provider whose randomness counts and whose key shares are fixed,
//!   so that a connection produces the same bytes on every run (built from statics).
//! - [`nocrypto`]: a provider that does no cryptography (identity AEAD, a cheap hash, XOR key
//!   exchange, signatures that are hashes), to measure the protocol alone. It protects nothing.
//! - [`forge`]: TLS 1.3 records sealed under a live connection's application keys, rebuilt
//!   from its key log: what a hostile peer sends (padding, empty records, alerts, KeyUpdates).
//! - [`records`]: building plaintext records and splitting a byte stream into records.
//! - [`certs`] and [`configs`]: the certificate tree of `tests/certs`, and client and server
//!   configurations that trust it at a fixed time inside its validity.
//! - [`Recorder`]: an observer that writes every event down as a line.
//!
//! The crate drives connections through one private module (`drive.rs`), the only place that
//! names the methods of `Connection` it calls: a change of the driving API is an edit there.
//!
//! stratls-handshake's integration tests use this crate although it depends on
//! stratls-handshake: an integration test links the same stratls-handshake library as this
//! crate, so the types agree. Unit tests inside a crate's `src/` must not use it.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod certs;
pub mod configs;
pub mod deterministic;
mod drive;
pub mod forge;
pub mod nocrypto;
mod observe;
mod pair;
pub mod records;

pub use crate::certs::{certified, roots};
pub use crate::configs::{
    client_config, name, provider, require_client_auth, server_config, time, tls12_client_config,
    tls12_server_config,
};
pub use crate::drive::drain;
pub use crate::observe::Recorder;
pub use crate::pair::{Failure, MAX_ROUNDS, Pair};
pub use crate::records::{CCS_RECORD, handshake_record, handshake_type, split_records};
