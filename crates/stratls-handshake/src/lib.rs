//! The sans-IO TLS 1.3 and TLS 1.2 client and server of stratls.
//!
//! A [`Connection`] never touches a socket or reads a clock: TLS bytes go in with
//! [`Connection::read_tls`] and come out of [`Connection::pending_tls`]; plaintext goes in with
//! [`Connection::write`] and comes out of [`Connection::read`]; the only time it sees is the
//! one its config's [`TimeProvider`] gives. A transport loop, an async adapter or a test
//! harness drive the same core.
//!
//! The handshake is a set of explicit states, one type per step, each consuming the next
//! message and returning the next state; which messages a state accepts is checked in one
//! place, so anything else is `unexpected_message`. Every failure that involves the peer
//! queues the alert the RFCs name before the error is returned ([`Error::alert`]).
//!
//! What happens is reported through one [`Observer`] hook: every message sent and received,
//! decoded; every ChangeCipherSpec and key change; every decision.
//!
//! # Configuration
//!
//! A [`ClientConfig`] or [`ServerConfig`] comes from a typestate builder
//! ([`ConfigBuilder`]): [`ClientConfig::builder`] and [`ServerConfig::builder`] take the
//! crypto provider and the clock explicitly (this crate has no default for either), and
//! `build()` exists only once a client knows how to verify servers and a server has a
//! certificate source. `build()` checks the options against the provider and refuses a
//! mistake with a [`ConfigError`] that names the fix. The options both sides share live in
//! one [`SharedConfig`]; those that weaken security are named `dangerous_*` and set through
//! the builders' `dangerous()`.
//!
//! # Versions
//!
//! Both configs enable TLS 1.3 and TLS 1.2 by default ([`Versions`]). A client offering both
//! gets TLS 1.3 from a server that shares a TLS 1.3 suite with it, TLS 1.2 otherwise. A server
//! that can do TLS 1.3 and answers TLS 1.2 writes the RFC 8446 §4.1.3 downgrade sentinel in
//! its random; a client that offered TLS 1.3 refuses it (`illegal_parameter`). SSL 3.0,
//! TLS 1.0 and TLS 1.1 are refused with `protocol_version` (RFC 8996).
//!
//! # TLS 1.2
//!
//! - Suites: ECDHE_ECDSA and ECDHE_RSA with AES-GCM and ChaCha20-Poly1305 (RFC 5289, RFC 7905),
//!   over x25519 or secp256r1 with uncompressed points (RFC 8422); Ed25519 certificates with
//!   the ECDSA suites. The RSA key exchange (no forward secrecy) only with
//!   [`SharedConfig::dangerous_enable_rsa_key_exchange`] on both sides and a provider that
//!   lists its suites;
//!   the server treats every malformed premaster secret alike (RFC 5246 §7.4.7.1), so a bad
//!   one shows only as a Finished that does not verify.
//! - The extended master secret (RFC 7627) is always offered (client) and taken (server). A
//!   peer without it is accepted by default, and its connection exports no keying material
//!   (RFC 7627 §5.4); with [`SharedConfig::tls12_require_extended_master_secret`] it gets
//!   `handshake_failure`.
//! - ChangeCipherSpec is accepted only where it belongs, right before the peer's Finished;
//!   anywhere else it is `unexpected_message` (no CCS injection), and so is any skipped or
//!   early handshake message. A HelloRequest while a client negotiates TLS 1.2 is ignored
//!   (RFC 5246 §7.4.1.1), kept out of the transcript and counted like a renegotiation
//!   request, so that a stream of them ends; to a server, or in TLS 1.3, it is
//!   `unexpected_message`.
//! - A server that can do TLS 1.3 answers a TLS 1.2 ClientHello carrying TLS_FALLBACK_SCSV
//!   with `inappropriate_fallback` (RFC 7507 §3).
//! - Renegotiation is refused (RFC 5746 signalling is sent and checked): on an established
//!   connection a HelloRequest (client) or a ClientHello (server) is answered with a
//!   `no_renegotiation` warning and ignored; the connection goes on.
//! - Client authentication with the same [`ClientAuth`] and verifiers as TLS 1.3; the client's
//!   CertificateVerify signs the handshake messages themselves.
//! - The key log gets `CLIENT_RANDOM <client_random> <master_secret>`; the exporter is
//!   RFC 5705's PRF over the master secret.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod auth;
mod choose;
mod client;
mod config;
mod conn;
mod context;
mod error;
mod exporter;
mod negotiated;
mod observer;
mod proof;
mod psk;
mod received;
pub mod resumption;
mod server;
mod state;
mod tickets;
mod tls12;
mod tls13;
mod transcript;
mod verify;

/// One file of `proofs/`, compiled into the crate only by `cargo xtask proofs` to show that a
/// proof cannot be skipped or forged.
#[cfg(stratls_proof_check)]
#[allow(dead_code, unused_imports)]
mod proof_check {
    include!(env!("STRATLS_PROOF_CHECK"));
}

pub use crate::config::{
    ClientAuth, ClientConfig, ClientConfigBuilder, ClientReady, ConfigBuilder, ConfigError,
    DEFAULT_EARLY_DATA_WINDOW, DEFAULT_TICKET_LIFETIME, DEFAULT_TICKETS, DangerousConfigBuilder,
    ExternalPskOnly, Limits, ServerConfig, ServerConfigBuilder, ServerReady, SharedConfig,
    Versions, WantsClientAuth, WantsClientCert, WantsServerCert, WantsVerifier,
};
pub use crate::conn::{Connection, Read};
pub use crate::error::{Error, Incompatibility, MessageKind, Misbehaviour};
pub use crate::negotiated::{EarlyData, Negotiated, Side, Status};
pub use crate::observer::{Direction, Event, KeyPhase, Observer, SecretKind};
pub use crate::psk::ExternalPsk;
pub use crate::server::{Accepted, Acceptor};
pub use crate::tickets::{MemoryTicketStore, NoTicketStore, StoredTicket, TicketStore};
pub use crate::verify::{
    CertifiedKey, CertsByName, ClientCertVerifier, ClientHelloInfo, FixedTime, ResolvesClientCert,
    ResolvesServerCert, ServerCertVerifier, SingleCert, TimeProvider, webpki_verifier,
};
/// The `bytes` crate, whose [`bytes::BytesMut`] [`Connection::read_tls_buf`] takes records from.
pub use bytes;
/// The most bytes one record takes on the wire, header included: what
/// [`Connection::read_tls_buf`] splits off a caller's buffer at most per call.
pub use stratls_record::MAX_BUFFERED_RECORD;

/// Certificate and name types used in this crate's API, re-exported from stratls-pki.
pub use stratls_pki::{CertificateDer, PkiError, PrivateKeyDer, RootStore, ServerName, UnixTime};
