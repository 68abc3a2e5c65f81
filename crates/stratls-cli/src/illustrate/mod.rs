//! The illustrated connection: one live connection as a self-contained HTML page, with every
//! record's bytes annotated field by field, the key calculations with this connection's
//! values, and the classic story of the handshake in seven steps.
//!
//! Everything on the page comes from one side's observer events (`Event::Record` and
//! `Event::Secret` among them, which a config reports only after
//! `dangerous().with_secret_events()`): nothing is derived a second time here.

mod extensions;
mod fields;
mod html;
mod keys;
mod records;
mod story;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use stratls::codec::{Alert, HandshakeMessage};
use stratls::crypto::Secret;
use stratls::record::Opened;
use stratls::{Direction, Event, KeyPhase, Negotiated, Observer, SecretKind, Side};

use crate::certinfo::CertSummary;
use crate::error::CliError;

/// The most event bytes (records, messages, secrets) one page is built from; past it the
/// page says it is cut short. A peer therefore cannot make a page grow without bound.
pub const MAX_EVENT_BYTES: usize = 256 * 1024;

/// One event, owned.
#[derive(Debug)]
pub enum Item {
    /// A record as it crossed the wire, with what its protection hid.
    Record {
        /// Sent or received.
        direction: Direction,
        /// Header and body.
        wire: Vec<u8>,
        /// The inside of a protected record.
        opened: Option<Opened>,
    },
    /// A handshake message, decoded.
    Message {
        /// Sent or received.
        direction: Direction,
        /// Decoded by the codec.
        message: HandshakeMessage,
        /// Its encoding (header and body).
        encoded: Vec<u8>,
    },
    /// A secret as it was derived.
    Secret {
        /// Which one.
        kind: SecretKind,
        /// Its value.
        value: Secret,
        /// The transcript hash its derivation took.
        transcript_hash: Option<Vec<u8>>,
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
    /// The peer's chain was verified.
    Verified {
        /// The end entity.
        end_entity: CertSummary,
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
    /// The handshake completed.
    Established(Negotiated),
}

#[derive(Debug, Default)]
struct Log {
    items: Vec<Item>,
    bytes: usize,
    truncated: bool,
}

/// Records one side's events for a page.
#[derive(Debug)]
pub struct Illustrator {
    side: Side,
    log: Mutex<Log>,
}

impl Illustrator {
    /// An illustrator of the connection seen from `side`.
    pub fn new(side: Side) -> Arc<Self> {
        Arc::new(Self {
            side,
            log: Mutex::new(Log::default()),
        })
    }

    /// The page for what was recorded: `title` names the connection (peer text is escaped),
    /// `error` says how it failed, if it did.
    pub fn page(&self, title: &str, error: Option<&str>) -> String {
        let log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        html::page(&html::Connection {
            title,
            side: self.side,
            items: &log.items,
            truncated: log.truncated,
            error,
        })
    }

    fn push(&self, item: Item, bytes: usize) {
        let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        if log.bytes.saturating_add(bytes) > MAX_EVENT_BYTES {
            log.truncated = true;
            return;
        }
        log.bytes += bytes;
        log.items.push(item);
    }
}

impl Observer for Illustrator {
    fn on_event(&self, event: &Event<'_>) {
        let (item, bytes) = match event {
            Event::Record { direction, record } => (
                Item::Record {
                    direction: *direction,
                    wire: record.wire.clone(),
                    opened: record.opened.clone(),
                },
                record.wire.len() * 2,
            ),
            Event::Handshake {
                direction,
                message,
                encoded,
            } => (
                Item::Message {
                    direction: *direction,
                    message: (*message).clone(),
                    encoded: encoded.to_vec(),
                },
                encoded.len() * 2,
            ),
            Event::Secret {
                kind,
                value,
                transcript_hash,
            } => (
                Item::Secret {
                    kind: *kind,
                    value: Secret::from_slice(value),
                    transcript_hash: transcript_hash.map(<[u8]>::to_vec),
                },
                value.len() + 64,
            ),
            Event::KeyChange { direction, phase } => (
                Item::Keys {
                    direction: *direction,
                    phase: *phase,
                },
                16,
            ),
            Event::Decision(text) => (Item::Decision((*text).to_string()), text.len()),
            Event::CertificateVerified {
                end_entity,
                intermediates,
            } => (
                Item::Verified {
                    end_entity: CertSummary::of(end_entity),
                    intermediates: *intermediates,
                },
                256,
            ),
            Event::Alert { direction, alert } => (
                Item::Alert {
                    direction: *direction,
                    alert: *alert,
                },
                16,
            ),
            Event::Established(n) => (Item::Established((*n).clone()), 256),
            _ => return,
        };
        self.push(item, bytes);
    }
}

/// Hands every event to two observers: the demo's narrator and an illustrator.
#[derive(Debug)]
pub struct Tee(pub Arc<dyn Observer>, pub Arc<dyn Observer>);

impl Observer for Tee {
    fn on_event(&self, event: &Event<'_>) {
        self.0.on_event(event);
        self.1.on_event(event);
    }
}

/// The observer of a connection: the trace, the illustrator, both or none.
pub fn observers(
    trace: Option<Arc<dyn Observer>>,
    illustrator: Option<Arc<Illustrator>>,
) -> Option<Arc<dyn Observer>> {
    match (trace, illustrator) {
        (Some(t), Some(i)) => Some(Arc::new(Tee(t, i))),
        (Some(t), None) => Some(t),
        (None, Some(i)) => Some(i),
        (None, None) => None,
    }
}

/// Writes `page` to `path`.
pub fn write_page(path: &Path, page: &str) -> Result<(), CliError> {
    std::fs::write(path, page).map_err(|error| CliError::Io {
        context: format!("writing {}", path.display()),
        error,
    })
}

/// The pages a server may still write: at most so many, and so many bytes in all, so that
/// clients cannot fill the disk.
#[derive(Debug)]
pub struct PageBudget {
    dir: PathBuf,
    max_pages: usize,
    max_bytes: u64,
    used: Mutex<(usize, u64)>,
}

impl PageBudget {
    /// A budget for pages in `dir`.
    pub fn new(dir: PathBuf, max_pages: usize, max_bytes: u64) -> Self {
        Self {
            dir,
            max_pages,
            max_bytes,
            used: Mutex::new((0, 0)),
        }
    }

    /// Whether another page may still be written.
    pub fn has_room(&self) -> bool {
        let used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        used.0 < self.max_pages && used.1 < self.max_bytes
    }

    /// Writes `page` as `name` in the directory if the budget allows; returns where, or
    /// `None` when the budget is spent.
    pub fn write(&self, name: &str, page: &str) -> Result<Option<PathBuf>, CliError> {
        let len = page.len() as u64;
        {
            let mut used = self.used.lock().unwrap_or_else(|p| p.into_inner());
            if used.0 >= self.max_pages || used.1.saturating_add(len) > self.max_bytes {
                return Ok(None);
            }
            used.0 += 1;
            used.1 += len;
        }
        let path = self.dir.join(name);
        write_page(&path, page)?;
        Ok(Some(path))
    }
}
