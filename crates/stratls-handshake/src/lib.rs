//! The sans-IO TLS 1.3 client and server of stratls.
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
//! queues the alert RFC 8446 names before the error is returned ([`Error::alert`]).
//!
//! What happens is reported through one [`Observer`] hook: every message sent and received,
//! decoded; every key change; every decision.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod client;
mod config;
mod conn;
mod error;
mod exporter;
mod observer;
mod server;
mod state;
mod tickets;
mod tls13;
mod transcript;
mod verify;

pub use crate::config::{ClientAuth, ClientConfig, Limits, ServerConfig, Versions};
pub use crate::conn::{Connection, Negotiated, Side, Status};
pub use crate::error::{Error, Incompatibility, Misbehaviour};
pub use crate::observer::{Direction, Event, KeyPhase, Observer};
pub use crate::tickets::{MemoryTicketStore, NoTicketStore, StoredTicket, TicketStore};
pub use crate::verify::{
    CertifiedKey, CertsByName, ClientCertVerifier, ClientHelloInfo, FixedTime, ResolvesClientCert,
    ResolvesServerCert, ServerCertVerifier, SingleCert, TimeProvider, webpki_verifier,
};

/// Certificate and name types used in this crate's API, re-exported from stratls-pki.
pub use stratls_pki::{CertificateDer, PkiError, RootStore, ServerName, UnixTime};
