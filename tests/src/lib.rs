//! Shared helpers of the stratls interop tests: the committed certificate tree, stratls
//! configurations built from a few options, a stratls echo server on a thread, child peers
//! (OpenSSL's `s_server` and `s_client`, GnuTLS's `gnutls-serv` and `gnutls-cli`) with their
//! output captured and a guard that kills them, and an observer that counts KeyUpdates.
//!
//! Every wait here is bounded in time ([`TIMEOUT`]); every child is killed by its process id
//! when its guard drops, also when a test panics. The test files in `tests/` pick a peer and a
//! protocol version and reuse these pieces, so new rows (another version, another peer) add a
//! test file, not new plumbing.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod certs;
pub mod config;
pub mod gnutls;
pub mod observe;
pub mod openssl;
pub mod peer;
pub mod serve;
pub mod suites;

use std::time::Duration;

/// How long any single wait of a test lasts at most: a peer getting ready, a connection being
/// accepted, a reply arriving, a child exiting.
pub const TIMEOUT: Duration = Duration::from_secs(10);
