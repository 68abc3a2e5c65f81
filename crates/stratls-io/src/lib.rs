//! The blocking I/O adapter of stratls: a [`Stream`] that drives a sans-IO
//! [`Connection`](stratls_handshake::Connection) over any `Read + Write` (a `TcpStream`, a
//! pipe, an in-memory duplex), and the NSS key-log file writer.
//!
//! The stream completes the handshake on first use (or on [`Stream::handshake`]) and then
//! implements `Read` and `Write`. Errors of the connection become `std::io::Error`s of kind
//! `InvalidData` carrying the [`stratls_handshake::Error`]; the alert they caused is sent
//! before the error is returned.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod keylog;
mod stream;

pub use crate::keylog::KeyLogFile;
pub use crate::stream::{Stream, SystemClock};
