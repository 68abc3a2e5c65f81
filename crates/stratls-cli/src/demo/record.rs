//! The demo's observer: both sides' events, decoded and timed, in one timeline.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use stratls::codec::Alert;
use stratls::{Direction, Event, KeyPhase, Negotiated, Observer};

use crate::certinfo::CertSummary;
use crate::describe::{Described, describe};

/// Which side an event happened on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The demo's client.
    Client,
    /// The demo's server.
    Server,
}

impl Who {
    /// `client` or `server`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Server => "server",
        }
    }

    /// The other side.
    pub fn peer(self) -> Self {
        match self {
            Self::Client => Self::Server,
            Self::Server => Self::Client,
        }
    }
}

/// How a record left its sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protection {
    /// In the clear.
    Plaintext,
    /// Encrypted under these keys.
    Keys(KeyPhase),
}

/// One event, owned.
#[derive(Debug, Clone)]
pub enum What {
    /// A handshake message.
    Message {
        /// Sent or received.
        direction: Direction,
        /// Decoded.
        described: Described,
        /// Its bytes.
        encoded: Vec<u8>,
        /// For a sent message: how it was protected.
        protection: Protection,
    },
    /// A ChangeCipherSpec record.
    ChangeCipherSpec {
        /// Sent or received.
        direction: Direction,
    },
    /// New keys in one direction.
    Keys {
        /// Our writes or the peer's records.
        direction: Direction,
        /// Which keys.
        phase: KeyPhase,
    },
    /// A decision, in words.
    Decision(String),
    /// The peer's certificate chain was verified.
    Verified {
        /// The end entity.
        end_entity: CertSummary,
        /// Intermediates sent with it.
        intermediates: usize,
    },
    /// An alert.
    Alert {
        /// Sent or received.
        direction: Direction,
        /// The alert.
        alert: Alert,
    },
    /// Application data.
    ApplicationData {
        /// Sent or received.
        direction: Direction,
        /// Plaintext length.
        len: usize,
        /// For sent data: how it was protected.
        protection: Protection,
    },
    /// The handshake completed.
    Established(Negotiated),
}

/// One timed event.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Time since the timeline started.
    pub at: Duration,
    /// Where it happened.
    pub who: Who,
    /// What happened.
    pub what: What,
}

/// Both sides' events, in the order they happened.
#[derive(Debug)]
pub struct Timeline {
    start: Instant,
    entries: Mutex<Vec<Entry>>,
}

impl Timeline {
    /// A timeline starting now.
    pub fn new() -> Arc<Self> {
        Arc::new(Self {
            start: Instant::now(),
            entries: Mutex::new(Vec::new()),
        })
    }

    /// The events so far.
    pub fn entries(&self) -> Vec<Entry> {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

/// Records one side's events into a [`Timeline`].
#[derive(Debug)]
pub struct Recorder {
    who: Who,
    timeline: Arc<Timeline>,
    writing_with: Mutex<Protection>,
}

impl Recorder {
    /// A recorder for `who`.
    pub fn new(who: Who, timeline: Arc<Timeline>) -> Self {
        Self {
            who,
            timeline,
            writing_with: Mutex::new(Protection::Plaintext),
        }
    }

    fn protection(&self) -> Protection {
        *self.writing_with.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Observer for Recorder {
    fn on_event(&self, event: &Event<'_>) {
        // The time is taken first, so decoding the message does not count against the step.
        let at = self.timeline.start.elapsed();
        let what = match event {
            Event::Handshake {
                direction,
                message,
                encoded,
            } => What::Message {
                direction: *direction,
                described: describe(message),
                encoded: encoded.to_vec(),
                protection: self.protection(),
            },
            Event::ChangeCipherSpec { direction } => What::ChangeCipherSpec {
                direction: *direction,
            },
            Event::KeyChange { direction, phase } => {
                if *direction == Direction::Sent {
                    *self.writing_with.lock().unwrap_or_else(|p| p.into_inner()) =
                        Protection::Keys(*phase);
                }
                What::Keys {
                    direction: *direction,
                    phase: *phase,
                }
            }
            Event::Decision(text) => What::Decision((*text).to_string()),
            Event::CertificateVerified {
                end_entity,
                intermediates,
            } => What::Verified {
                end_entity: CertSummary::of(end_entity),
                intermediates: *intermediates,
            },
            Event::Alert { direction, alert } => What::Alert {
                direction: *direction,
                alert: *alert,
            },
            Event::ApplicationData { direction, len } => What::ApplicationData {
                direction: *direction,
                len: *len,
                protection: self.protection(),
            },
            Event::Established(n) => What::Established((*n).clone()),
            // Records and secrets are for the illustrated page, not the story in the terminal.
            Event::Record { .. } | Event::Secret { .. } => return,
            other => What::Decision(format!("{other:?}")),
        };
        self.timeline
            .entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(Entry {
                at,
                who: self.who,
                what,
            });
    }
}
