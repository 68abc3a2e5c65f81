//! Tells the recorded handshake: each step with its fields, who sent it, its timing, and the
//! promise it serves; then what was agreed and why TLS 1.3 needs one round trip.

use std::fmt::Write as _;
use std::time::Duration;

use stratls::codec::{AlertDescription, ProtocolVersion};
use stratls::{Direction, KeyPhase, Negotiated};

use super::lessons;
use super::record::{Entry, Protection, What, Who};
use crate::args::DemoArgs;
use crate::certinfo::CertSummary;
use crate::describe::text;
use crate::names::{group_name, suite_name};
use crate::trace;

/// Everything the story is told from.
#[derive(Debug)]
pub struct Story<'a> {
    /// The demo's options.
    pub args: &'a DemoArgs,
    /// The server's address.
    pub address: String,
    /// Where the certificates came from.
    pub pki_origin: &'a str,
    /// Both sides' events.
    pub entries: &'a [Entry],
    /// What the client agreed on.
    pub negotiated: &'a Negotiated,
}

/// Prints the story to stdout.
pub fn print(story: &Story<'_>) {
    print!("{}", render(story));
}

const INDENT: &str = "                 ";

/// The story as text.
pub fn render(story: &Story<'_>) -> String {
    let tls13 = story.negotiated.version == Some(ProtocolVersion::TLSv1_3);
    let mut out = String::new();
    header(&mut out, story, tls13);
    let mut steps = 0;
    let mut last_step = Duration::ZERO;
    // Messages sent and not yet received: (sender, name, time).
    let mut in_flight: Vec<(Who, String, Duration)> = Vec::new();
    for e in story.entries {
        let t = ms(e.at);
        let who = e.who.name();
        match &e.what {
            What::Message {
                direction: Direction::Sent,
                described,
                encoded,
                protection,
            } => {
                steps += 1;
                let (promise, why) = lessons::promise(described.name, tls13);
                let _ = writeln!(
                    out,
                    "\nStep {steps:<2} {who} -> {}: {}   at {t} (+{}), {}, {} bytes",
                    e.who.peer().name(),
                    described.name,
                    ms(e.at.saturating_sub(last_step)),
                    travel(tls13, *protection),
                    encoded.len()
                );
                let _ = writeln!(out, "{INDENT}promise: {promise} - {why}");
                for (k, v) in &described.fields {
                    let _ = writeln!(out, "{INDENT}{k}: {v}");
                }
                if story.args.bytes {
                    hex_block(&mut out, encoded);
                }
                in_flight.push((e.who, described.name.to_string(), e.at));
                last_step = e.at;
            }
            What::Message {
                direction: Direction::Received,
                described,
                ..
            } => {
                let sent = take_in_flight(&mut in_flight, e.who.peer(), described.name);
                let flight = sent.map_or_else(String::new, |s| {
                    format!(" ({} after it was sent)", ms(e.at.saturating_sub(s)))
                });
                let _ = writeln!(out, "{t:>12}  {who} <- {}{flight}", described.name);
            }
            What::ChangeCipherSpec { direction } => {
                let arrow = if *direction == Direction::Sent {
                    "->"
                } else {
                    "<-"
                };
                let note = if tls13 {
                    "(middlebox compatibility only; it means nothing in TLS 1.3)"
                } else {
                    "[ENCRYPTION] the sender's next records use the session keys"
                };
                let _ = writeln!(out, "{t:>12}  {who} {arrow} ChangeCipherSpec {note}");
            }
            What::Keys { direction, phase } => {
                let whose = if *direction == Direction::Sent {
                    "its writes"
                } else {
                    "its reads"
                };
                let _ = writeln!(
                    out,
                    "{t:>12}  {who}    [ENCRYPTION] {whose} now use {}",
                    phase_words(tls13, *phase)
                );
            }
            What::Decision(text) => {
                let _ = writeln!(out, "{t:>12}  {who}    decides: {text}");
            }
            What::Verified {
                end_entity,
                intermediates,
            } => verified(&mut out, &t, e.who, end_entity, *intermediates),
            What::Alert { direction, alert } => {
                let arrow = if *direction == Direction::Sent {
                    "->"
                } else {
                    "<-"
                };
                let note = if *direction == Direction::Received {
                    ""
                } else if alert.description == AlertDescription::CloseNotify {
                    "[INTEGRITY] marks the end of the data: a cut connection cannot pass for it"
                } else {
                    "the connection ends in failure"
                };
                let line = format!(
                    "{t:>12}  {who} {arrow} alert {:?} {note}",
                    alert.description
                );
                let _ = writeln!(out, "{}", line.trim_end());
            }
            What::ApplicationData {
                direction: Direction::Sent,
                len,
                protection,
            } => {
                steps += 1;
                let _ = writeln!(
                    out,
                    "\nStep {steps:<2} {who} -> {}: application data   at {t} (+{}), {len} bytes, {}",
                    e.who.peer().name(),
                    ms(e.at.saturating_sub(last_step)),
                    travel(tls13, *protection)
                );
                let _ = writeln!(
                    out,
                    "{INDENT}promise: ENCRYPTION + INTEGRITY - the AEAD hides the data and its tag \
                     breaks if one bit changes"
                );
                in_flight.push((e.who, "application data".into(), e.at));
                last_step = e.at;
            }
            What::ApplicationData {
                direction: Direction::Received,
                len,
                ..
            } => {
                let sent = take_in_flight(&mut in_flight, e.who.peer(), "application data");
                let flight = sent.map_or_else(String::new, |s| {
                    format!(" ({} after it was sent)", ms(e.at.saturating_sub(s)))
                });
                let _ = writeln!(
                    out,
                    "{t:>12}  {who} <- application data, {len} bytes, decrypted and checked{flight}"
                );
            }
            What::Established(n) => {
                let _ = writeln!(
                    out,
                    "{t:>12}  {who}    handshake complete: {}",
                    trace::negotiated_line(n)
                );
            }
        }
    }
    summary(&mut out, story, tls13);
    out
}

fn header(out: &mut String, story: &Story<'_>, tls13: bool) {
    let version = if tls13 { "TLS 1.3" } else { "TLS 1.2" };
    let _ = writeln!(
        out,
        "stratls demo: a {version} handshake between a client and a server on {}, as it happened.",
        story.address
    );
    let _ = writeln!(out, "Certificates: {}.", story.pki_origin);
    let _ = writeln!(
        out,
        "Each step shows who sent what, when (ms since the start, + since the previous step), how it\n\
         travelled, its decoded fields, and the promise it serves: ENCRYPTION (no one else can read),\n\
         AUTHENTICATION (you talk to whom you think), INTEGRITY (nothing was changed on the way)."
    );
}

fn verified(out: &mut String, t: &str, who: Who, cert: &CertSummary, intermediates: usize) {
    let _ = writeln!(
        out,
        "{t:>12}  {}    [AUTHENTICATION] verified the {}'s certificate {} (issued by {}, {intermediates} \
         intermediate(s)): it chains to a trusted root, is valid now and names the server",
        who.name(),
        who.peer().name(),
        cert.subject_or_unknown(),
        cert.issuer_or_unknown()
    );
}

fn take_in_flight(
    pending: &mut Vec<(Who, String, Duration)>,
    from: Who,
    name: &str,
) -> Option<Duration> {
    let i = pending
        .iter()
        .position(|(w, n, _)| *w == from && n == name)?;
    Some(pending.remove(i).2)
}

/// Milliseconds, three decimals.
fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

/// The keys a phase names; in TLS 1.2 the one set of keys is the session keys.
fn phase_words(tls13: bool, phase: KeyPhase) -> &'static str {
    if tls13 {
        trace::phase_words(phase)
    } else {
        "the session keys"
    }
}

fn travel(tls13: bool, p: Protection) -> String {
    match p {
        Protection::Plaintext => "in the clear".into(),
        Protection::Keys(phase) => format!("encrypted with {}", phase_words(tls13, phase)),
    }
}

fn hex_block(out: &mut String, bytes: &[u8]) {
    let _ = writeln!(out, "{INDENT}bytes:");
    for chunk in bytes.chunks(32) {
        let line: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
        let _ = writeln!(out, "{INDENT}  {}", line.join(" "));
    }
}

fn summary(out: &mut String, story: &Story<'_>, tls13: bool) {
    let n = story.negotiated;
    let none = || "none".to_string();
    let _ = writeln!(out, "\nWhat was negotiated");
    let mut row = |k: &str, v: String| {
        let _ = writeln!(out, "  {k:<20}{v}");
    };
    row(
        "protocol",
        n.version.map_or_else(none, |v| format!("{v:?}")),
    );
    row("cipher suite", n.cipher_suite.map_or_else(none, suite_name));
    row(
        "key exchange",
        n.group.map_or_else(
            || "RSA key transport (no forward secrecy)".to_string(),
            |g| {
                format!(
                    "{} (ephemeral on both sides: forward secrecy)",
                    group_name(g)
                )
            },
        ),
    );
    row(
        "server signature",
        n.peer_signature_scheme
            .map_or_else(none, |s| format!("{s:?}")),
    );
    row("ALPN", n.alpn.as_deref().map_or_else(none, text));
    row("server name", n.server_name.clone().unwrap_or_else(none));
    if let Some(leaf) = n.peer_certificates.first() {
        let c = CertSummary::of(leaf);
        row(
            "server certificate",
            format!("{} (SHA-256 {})", c.subject_or_unknown(), c.sha256),
        );
    }
    let (clear, encrypted) = sent_messages(story.entries);
    row("sent in the clear", clear.join(", "));
    row("sent encrypted", encrypted.join(", "));
    if let Some(done) = client_done(story.entries) {
        row(
            "handshake",
            format!(
                "{} round trip(s), {} for the client",
                round_trips(story.entries),
                ms(done)
            ),
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", lessons::explanation(tls13, n.group.is_none()));
}

fn sent_messages(entries: &[Entry]) -> (Vec<String>, Vec<String>) {
    let mut clear = Vec::new();
    let mut encrypted = Vec::new();
    for e in entries {
        if let What::Message {
            direction: Direction::Sent,
            described,
            protection,
            ..
        } = &e.what
        {
            let item = format!("{} ({})", described.name, e.who.name());
            match protection {
                Protection::Plaintext => clear.push(item),
                Protection::Keys(_) => encrypted.push(item),
            }
        }
    }
    (clear, encrypted)
}

fn client_done(entries: &[Entry]) -> Option<Duration> {
    entries
        .iter()
        .find(|e| e.who == Who::Client && matches!(e.what, What::Established(_)))
        .map(|e| e.at)
}

/// Round trips before the client could send data: how many times the client sent and then
/// had to wait for the server's next flight.
pub fn round_trips(entries: &[Entry]) -> usize {
    let mut trips = 0;
    let mut last_sender = None;
    for e in entries {
        if e.who == Who::Client && matches!(e.what, What::Established(_)) {
            break;
        }
        if let What::Message {
            direction: Direction::Sent,
            ..
        } = e.what
        {
            if last_sender == Some(Who::Client) && e.who == Who::Server {
                trips += 1;
            }
            last_sender = Some(e.who);
        }
    }
    trips
}
