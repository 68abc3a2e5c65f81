//! One hook through which a connection reports what happens: every handshake message sent and
//! received (decoded), every key change, every decision. The `stratls` command's `--trace` and
//! `demo` print from here; a test can record it. The connection reads no clock: an observer
//! that wants timings takes them from its own clock when an event arrives.

use std::fmt;

use stratls_codec::{Alert, HandshakeMessage};

use crate::negotiated::Negotiated;

/// Which way something travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From this side to the peer.
    Sent,
    /// From the peer to this side.
    Received,
}

/// Which keys protect records from now on in one direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPhase {
    /// TLS 1.3 handshake traffic keys.
    Handshake,
    /// Application traffic keys (TLS 1.3 generation 0, or the TLS 1.2 session keys).
    Application,
    /// A TLS 1.3 KeyUpdate: the next generation of application keys.
    Updated,
}

/// Something that happened on a connection.
#[derive(Debug)]
#[non_exhaustive]
pub enum Event<'a> {
    /// A handshake message, decoded, with its encoding (header and body).
    Handshake {
        /// Sent or received.
        direction: Direction,
        /// The decoded message.
        message: &'a HandshakeMessage,
        /// Its bytes on the handshake layer (before record protection).
        encoded: &'a [u8],
    },
    /// A ChangeCipherSpec record.
    ChangeCipherSpec {
        /// Sent or received.
        direction: Direction,
    },
    /// Record protection changed in one direction.
    KeyChange {
        /// Sent (our writes) or received (the peer's records).
        direction: Direction,
        /// Which keys.
        phase: KeyPhase,
    },
    /// A choice the state machine made, in words (e.g. "cipher suite TLS_AES_128_GCM_SHA256:
    /// first of ours the client offers").
    Decision(&'a str),
    /// The peer's certificate chain was verified.
    CertificateVerified {
        /// The subject's certificate, DER.
        end_entity: &'a [u8],
        /// How many intermediates came with it.
        intermediates: usize,
    },
    /// An alert.
    Alert {
        /// Sent or received.
        direction: Direction,
        /// The alert.
        alert: Alert,
    },
    /// Application data (its length only; the content is not shown).
    ApplicationData {
        /// Sent or received.
        direction: Direction,
        /// Plaintext bytes.
        len: usize,
    },
    /// The handshake completed.
    Established(&'a Negotiated),
}

/// Receives a connection's events.
pub trait Observer: Send + Sync + fmt::Debug {
    /// Called synchronously, in order, for every event.
    fn on_event(&self, event: &Event<'_>);
}
