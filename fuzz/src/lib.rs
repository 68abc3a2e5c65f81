//! The fuzz targets of stratls, as plain functions over `&[u8]`.
//!
//! Each function is one target: the `fuzz_targets/` binaries hand them libFuzzer's inputs,
//! and the seed generator and the replay test call them directly on stable Rust. Every target
//! asserts invariants beyond "no panic" (see each function); a failed assertion is a finding.
//!
//! - [`codec_handshake`], [`codec_record_header_alert`]: the parsers of stratls-codec.
//! - [`codec_roundtrip`]: every parser of stratls-codec, each accepted input re-encoded.
//! - [`record_reader`]: the record layer's reading side, plaintext and protected.
//! - [`server`], [`server_tls12`], [`client`], [`client_tls12`]: the state machines, each fed
//!   what a hostile peer sends, with deterministic peers ([`peers`]) so that recorded real
//!   conversations ([`seed`]) replay byte for byte, as [`script`]s whose records are sealed
//!   with the keys the connection under test derives.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod codec;
mod conn;
pub mod input;
pub mod peers;
mod record;
mod roundtrip;
pub mod script;
pub mod seed;

pub use codec::{codec_handshake, codec_record_header_alert};
pub use conn::{client, client_tls12, drive, run_client, run_server, server, server_tls12};
pub use record::record_reader;
pub use roundtrip::codec_roundtrip;

/// A fuzz target: one input in, assertions inside.
pub type Target = fn(&[u8]);

/// Every target, by the name of its `fuzz_targets/` binary.
pub const TARGETS: &[(&str, Target)] = &[
    ("codec_handshake", codec_handshake),
    ("codec_record_header_alert", codec_record_header_alert),
    ("codec_roundtrip", codec_roundtrip),
    ("record_reader", record_reader),
    ("server", server),
    ("client", client),
    ("server_tls12", server_tls12),
    ("client_tls12", client_tls12),
];
