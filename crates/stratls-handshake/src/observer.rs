//! One hook through which a connection reports what happens: every handshake message sent and
//! received (decoded), every key change, every decision. The `stratls` command's `--trace` and
//! `demo` print from here; a test can record it. The connection reads no clock: an observer
//! that wants timings takes them from its own clock when an event arrives.
//!
//! Two kinds of event carry what otherwise never leaves the library, and come only to the
//! observer of a config that asked for them through `dangerous().with_secret_events()`:
//! [`Event::Record`], every record in both directions with what its protection hid, and
//! [`Event::Secret`], each secret of the key schedule as it is derived. Both lend their bytes
//! for the call only; the library keeps no copy for the observer.

use std::fmt;

use stratls_codec::{Alert, HandshakeMessage};
use stratls_record::RecordCopy;

use crate::negotiated::{Negotiated, Side};

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
    /// TLS 1.3 0-RTT: the client's early traffic keys.
    Early,
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
    /// One record as it crossed the wire and, if protected, its plaintext, sequence number and
    /// nonce. Only with `dangerous().with_secret_events()`. A received record is reported
    /// before the messages it completes; a sent one after the message it carries.
    Record {
        /// Sent or received.
        direction: Direction,
        /// The record.
        record: &'a RecordCopy,
    },
    /// A secret as it is derived, with the transcript hash it was derived over where there is
    /// one. Only with `dangerous().with_secret_events()`: these values decrypt the connection.
    Secret {
        /// Which secret.
        kind: SecretKind,
        /// Its value.
        value: &'a [u8],
        /// The transcript hash its derivation took (TLS 1.3 Derive-Secret; the TLS 1.2
        /// extended master secret's session hash), if any.
        transcript_hash: Option<&'a [u8]>,
    },
}

/// Which secret an [`Event::Secret`] carries (RFC 8446 §7.1 and §7.3, RFC 5246 §8.1 and §6.3,
/// RFC 7627 §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SecretKind {
    /// TLS 1.3: the (EC)DHE shared secret.
    SharedSecret,
    /// TLS 1.3: `HKDF-Extract(0, PSK or zeros)`.
    EarlySecret,
    /// TLS 1.3: `HKDF-Extract(Derive-Secret(early, "derived", ""), shared secret)`.
    HandshakeSecret,
    /// TLS 1.3: `HKDF-Extract(Derive-Secret(handshake, "derived", ""), zeros)`.
    MasterSecret,
    /// TLS 1.3: a traffic secret of the side that writes with it (`c hs traffic`,
    /// `s hs traffic`, `c ap traffic`, `s ap traffic`).
    TrafficSecret {
        /// Whose writes it protects.
        writer: Side,
        /// Handshake or application (generation 0).
        phase: KeyPhase,
    },
    /// The AEAD key of the side that writes with it: TLS 1.3 `HKDF-Expand-Label(traffic
    /// secret, "key", "", key length)`; TLS 1.2 its part of the key block.
    WriteKey {
        /// Whose writes it protects.
        writer: Side,
        /// Handshake or application.
        phase: KeyPhase,
    },
    /// The IV of the side that writes with it: TLS 1.3 `HKDF-Expand-Label(traffic secret,
    /// "iv", "", 12)`; TLS 1.2 its part of the key block (the fixed IV or salt).
    WriteIv {
        /// Whose writes it protects.
        writer: Side,
        /// Handshake or application.
        phase: KeyPhase,
    },
    /// TLS 1.3: `Derive-Secret(master, "exp master", ClientHello...server Finished)`.
    ExporterMasterSecret,
    /// TLS 1.2: the premaster secret (the ECDHE shared secret, or the 48 bytes the client
    /// encrypted to the server's RSA key).
    PremasterSecret,
    /// TLS 1.2: the master secret; with the session hash when it is the extended one.
    Tls12MasterSecret {
        /// Whether it is the extended master secret (RFC 7627).
        extended: bool,
    },
}

/// Receives a connection's events.
pub trait Observer: Send + Sync + fmt::Debug {
    /// Called synchronously, in order, for every event.
    fn on_event(&self, event: &Event<'_>);
}
