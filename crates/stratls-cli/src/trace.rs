//! `--trace`: every event of a connection, decoded, on stderr.

use std::io::Write;
use std::time::Instant;

use stratls::{Direction, Event, KeyPhase, Negotiated, Observer};

use crate::describe::describe;
use crate::names::{group_name, suite_name};

/// Prints each event of one connection to stderr, prefixed with a label and the time since the
/// observer was made.
#[derive(Debug)]
pub struct TraceObserver {
    label: String,
    start: Instant,
}

impl TraceObserver {
    /// An observer whose lines start with `label` (e.g. `client`, `conn 3`).
    pub fn new(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            start: Instant::now(),
        }
    }
}

impl Observer for TraceObserver {
    fn on_event(&self, event: &Event<'_>) {
        let ms = self.start.elapsed().as_secs_f64() * 1000.0;
        let head = format!("[{} {ms:9.3} ms]", self.label);
        let lines = event_lines(event);
        // One lock for the whole block, so blocks of concurrent connections do not interleave.
        let mut err = std::io::stderr().lock();
        for (i, line) in lines.iter().enumerate() {
            let _ = if i == 0 {
                writeln!(err, "{head} {line}")
            } else {
                writeln!(err, "{:width$} {line}", "", width = head.len())
            };
        }
    }
}

/// An arrow for a direction: `->` sent, `<-` received.
pub fn arrow(direction: Direction) -> &'static str {
    match direction {
        Direction::Sent => "->",
        Direction::Received => "<-",
    }
}

/// The keys a phase names, in words.
pub fn phase_words(phase: KeyPhase) -> &'static str {
    match phase {
        KeyPhase::Early => "early traffic keys (0-RTT)",
        KeyPhase::Handshake => "handshake traffic keys",
        KeyPhase::Application => "application traffic keys",
        KeyPhase::Updated => "the next generation of application keys (KeyUpdate)",
    }
}

/// The lines of one event: a headline, then indented details.
pub fn event_lines(event: &Event<'_>) -> Vec<String> {
    match event {
        Event::Handshake {
            direction,
            message,
            encoded,
        } => {
            let d = describe(message);
            let mut lines = vec![format!(
                "{} {} ({} bytes)",
                arrow(*direction),
                d.name,
                encoded.len()
            )];
            lines.extend(d.fields.iter().map(|(k, v)| format!("    {k}: {v}")));
            lines
        }
        Event::ChangeCipherSpec { direction } => {
            vec![format!("{} ChangeCipherSpec", arrow(*direction))]
        }
        Event::KeyChange { direction, phase } => {
            let whose = match direction {
                Direction::Sent => "our records",
                Direction::Received => "the peer's records",
            };
            vec![format!("   keys: {whose} now use {}", phase_words(*phase))]
        }
        Event::Decision(text) => vec![format!("   decision: {text}")],
        Event::CertificateVerified {
            end_entity,
            intermediates,
        } => {
            let s = crate::certinfo::CertSummary::of(end_entity);
            vec![format!(
                "   verified: {} (issued by {}, {intermediates} intermediate(s))",
                s.subject_or_unknown(),
                s.issuer_or_unknown()
            )]
        }
        Event::Alert { direction, alert } => vec![format!(
            "{} alert {:?} ({:?})",
            arrow(*direction),
            alert.description,
            alert.level
        )],
        Event::ApplicationData { direction, len } => {
            vec![format!(
                "{} application data, {len} bytes",
                arrow(*direction)
            )]
        }
        Event::Established(n) => vec![format!("   established: {}", negotiated_line(n))],
        // Records and secrets go to an illustrated page, never to the terminal.
        Event::Record { .. } | Event::Secret { .. } => Vec::new(),
        other => vec![format!("   {other:?}")],
    }
}

/// The negotiated parameters on one line.
pub fn negotiated_line(n: &Negotiated) -> String {
    let mut parts = Vec::new();
    if let Some(v) = n.version {
        parts.push(format!("{v:?}"));
    }
    if let Some(s) = n.cipher_suite {
        parts.push(suite_name(s));
    }
    if let Some(g) = n.group {
        parts.push(group_name(g));
    }
    if let Some(s) = n.peer_signature_scheme {
        parts.push(format!("peer signature {s:?}"));
    }
    if let Some(a) = &n.alpn {
        parts.push(format!("ALPN {}", crate::describe::text(a)));
    }
    if let Some(name) = &n.server_name {
        parts.push(format!("SNI {name}"));
    }
    if n.hello_retry {
        parts.push("after HelloRetryRequest".into());
    }
    if n.resumed {
        parts.push("resumed".into());
    }
    match n.early_data {
        stratls::EarlyData::Accepted => parts.push("early data accepted".into()),
        stratls::EarlyData::Rejected => parts.push("early data rejected".into()),
        _ => {}
    }
    if n.psk_ke {
        parts.push("psk_ke (no forward secrecy)".into());
    }
    if let Some(id) = &n.psk_identity {
        parts.push(format!("external PSK {}", crate::describe::text(id)));
    }
    if n.extended_master_secret {
        parts.push("extended master secret".into());
    }
    parts.join(", ")
}
