//! One record on the page: its bytes annotated, and for a protected record the plaintext
//! inside with the nonce it was sealed under.

use std::fmt::Write as _;

use stratls::codec::{AlertDescription, AlertLevel, ContentType, HandshakeMessage};
use stratls::record::Opened;
use stratls::{Direction, Side};

use super::fields::{self, Kind, Span};
use super::html::{annotated_hex, esc, spaced_hex};
use crate::describe::describe;

/// The handshake messages of both directions, in the order they were sent or received, to
/// be matched with the records that carried them.
#[derive(Debug, Default)]
pub struct Messages<'a> {
    sent: Vec<(&'a [u8], &'a HandshakeMessage)>,
    received: Vec<(&'a [u8], &'a HandshakeMessage)>,
    next_sent: usize,
    next_received: usize,
}

impl<'a> Messages<'a> {
    /// Adds a message.
    pub fn push(&mut self, direction: Direction, encoded: &'a [u8], message: &'a HandshakeMessage) {
        match direction {
            Direction::Sent => self.sent.push((encoded, message)),
            Direction::Received => self.received.push((encoded, message)),
        }
    }

    /// The next message of `direction` whose encoding is `bytes`.
    fn find(&mut self, direction: Direction, bytes: &[u8]) -> Option<&'a HandshakeMessage> {
        let (list, next) = match direction {
            Direction::Sent => (&self.sent, &mut self.next_sent),
            Direction::Received => (&self.received, &mut self.next_received),
        };
        let found = list.iter().skip(*next).position(|(e, _)| *e == bytes)?;
        *next += found + 1;
        list.get(*next - 1).map(|(_, m)| *m)
    }
}

/// What the page needs to know around one record.
#[derive(Debug)]
pub struct Around<'a> {
    /// The side whose view this is.
    pub side: Side,
    /// Whether the record's direction is protected by now.
    pub keyed: bool,
    /// Whether the connection is TLS 1.3 (inner content type and padding).
    pub tls13: bool,
    /// The IV of the writer's current keys, if known.
    pub iv: Option<&'a [u8]>,
}

/// A record, rendered, with what it carries.
#[derive(Debug)]
pub struct Rendered {
    /// The names of what it carries (`ClientHello`, `application data`, `alert: ...`).
    pub carries: Vec<String>,
    /// Its content type as sent (the inner one of a protected record).
    pub content_type: ContentType,
    /// Whether it was protected.
    pub protected: bool,
    /// The alert it carried, if any.
    pub alert: Option<AlertDescription>,
    /// The HTML.
    pub html: String,
}

/// Who sends records in `direction`, seen from `side`.
pub fn writer(side: Side, direction: Direction) -> Side {
    match (side, direction) {
        (s, Direction::Sent) => s,
        (Side::Client, Direction::Received) => Side::Server,
        (Side::Server, Direction::Received) => Side::Client,
    }
}

/// `client` or `server`.
pub fn side_name(side: Side) -> &'static str {
    match side {
        Side::Client => "client",
        Side::Server => "server",
    }
}

/// Renders record number `n`.
pub fn render(
    n: usize,
    direction: Direction,
    wire: &[u8],
    opened: Option<&Opened>,
    around: &Around<'_>,
    messages: &mut Messages<'_>,
) -> Rendered {
    let from = writer(around.side, direction);
    let to = writer(around.side, flip(direction));
    let outer = ContentType::from(wire.first().copied().unwrap_or_default());
    let body = wire.get(5..).unwrap_or_default();
    let mut spans = header_spans(wire);
    let mut carries = Vec::new();
    let mut inside = String::new();
    let plaintext_alert = outer == ContentType::Alert && body.len() == 2;
    let protected = opened.is_some()
        || (around.keyed && outer != ContentType::ChangeCipherSpec && !plaintext_alert);
    let mut content_type = outer;
    match opened {
        Some(o) => {
            content_type = o.content_type;
            let explicit =
                usize::from(!around.tls13 && body.get(..8).is_some_and(|e| e == &o.nonce[4..])) * 8;
            let inner_len = o.content.len() + if around.tls13 { 1 + o.padding } else { 0 };
            let mut c = 5;
            if explicit > 0 {
                spans.push(span(
                    c,
                    8,
                    "explicit nonce",
                    "the nonce's last 8 bytes, sent in the clear (RFC 5288)",
                    Kind::Cipher,
                ));
                c += 8;
            }
            spans.push(span(
                c,
                inner_len,
                "encrypted content",
                &format!(
                    "the plaintext shown below, encrypted with the {}'s write key (encryption)",
                    side_name(from)
                ),
                Kind::Cipher,
            ));
            c += inner_len;
            spans.push(span(
                c,
                wire.len().saturating_sub(c),
                "AEAD tag",
                "authenticates the header and the content: a record changed on the way does not open (integrity)",
                Kind::Cipher,
            ));
            inside = opened_html(o, direction, from, around, messages, &mut carries);
        }
        None if protected => {
            spans.push(span(5, body.len(), "protected record", "encrypted content and tag that this side did not open (it failed to authenticate, or was skipped)", Kind::Cipher));
            carries.push("protected record, not opened".into());
        }
        None => {
            spans.extend(content_spans(
                outer,
                body,
                5,
                direction,
                messages,
                &mut carries,
            ));
        }
    }
    let mut html = String::new();
    let _ = writeln!(
        html,
        "<div class=\"rec\" id=\"r{n}\" data-record=\"{n}\" data-dir=\"{}\">\
         <h3>#{n} <span class=\"dir {}\">{} → {}</span> · {} record{} · {} · {} bytes</h3>",
        dir_name(direction),
        dir_name(direction),
        side_name(from),
        side_name(to),
        esc(&format!("{outer:?}")),
        if protected { " (protected)" } else { "" },
        esc(&carries.join(", ")),
        wire.len()
    );
    annotated_hex(&mut html, wire, &spans);
    legend(&mut html, &spans);
    html.push_str(&inside);
    html.push_str("</div>\n");
    let alert = match opened {
        Some(o) if o.content_type == ContentType::Alert => o.content.get(1).copied(),
        None if !protected && outer == ContentType::Alert => body.get(1).copied(),
        _ => None,
    }
    .map(AlertDescription::from);
    Rendered {
        carries,
        content_type,
        protected,
        alert,
        html,
    }
}

fn flip(d: Direction) -> Direction {
    match d {
        Direction::Sent => Direction::Received,
        Direction::Received => Direction::Sent,
    }
}

fn dir_name(d: Direction) -> &'static str {
    match d {
        Direction::Sent => "sent",
        Direction::Received => "received",
    }
}

fn span(start: usize, len: usize, label: &str, meaning: &str, kind: Kind) -> Span {
    Span {
        start,
        end: start + len,
        label: label.into(),
        meaning: meaning.into(),
        kind,
    }
}

fn header_spans(wire: &[u8]) -> Vec<Span> {
    let typ = wire.first().copied().unwrap_or_default();
    let version = wire.get(1..3).map(spaced_hex).unwrap_or_default();
    let len = wire
        .get(3..5)
        .map_or(0, |l| u16::from_be_bytes([l[0], l[1]]));
    vec![
        span(
            0,
            1,
            "record type",
            &format!("{:?} ({typ})", ContentType::from(typ)),
            Kind::Record,
        ),
        span(
            1,
            2,
            "legacy_record_version",
            &format!(
                "{version}: always 03 03 (TLS 1.2) once the hellos are done, whatever the version"
            ),
            Kind::Record,
        ),
        span(
            3,
            2,
            "record length",
            &format!("{len} bytes follow"),
            Kind::Record,
        ),
    ]
}

/// The plaintext inside a protected record, its nonce, and its fields.
fn opened_html(
    o: &Opened,
    direction: Direction,
    from: Side,
    around: &Around<'_>,
    messages: &mut Messages<'_>,
    carries: &mut Vec<String>,
) -> String {
    let mut plain = o.content.clone();
    let mut spans = content_spans(o.content_type, &o.content, 0, direction, messages, carries);
    if around.tls13 {
        plain.push(u8::from(o.content_type));
        spans.push(span(
            o.content.len(),
            1,
            "inner content type",
            &format!(
                "{:?}: the real type, hidden inside the encryption",
                o.content_type
            ),
            Kind::Record,
        ));
        if o.padding > 0 {
            plain.resize(plain.len() + o.padding, 0);
            spans.push(span(
                o.content.len() + 1,
                o.padding,
                "padding",
                "zeros that hide the length",
                Kind::Length,
            ));
        }
    }
    let nonce = spaced_hex(&o.nonce);
    let how = match around.iv {
        Some(iv) if iv.len() == 12 => format!(
            "nonce = {}'s write IV <code>{}</code> XOR sequence number {} = <code>{nonce}</code>",
            side_name(from),
            spaced_hex(iv),
            o.sequence
        ),
        Some(salt) => format!(
            "nonce = {}'s 4-byte salt <code>{}</code> ‖ explicit nonce (the sequence number {}) = <code>{nonce}</code>",
            side_name(from),
            spaced_hex(salt),
            o.sequence
        ),
        None => format!("sequence number {}, nonce <code>{nonce}</code>", o.sequence),
    };
    let mut html = format!(
        "<div class=\"plain\"><div class=\"cap\">Decrypted with the {}'s write key · {how}</div>\n",
        side_name(from)
    );
    annotated_hex(&mut html, &plain, &spans);
    legend(&mut html, &spans);
    html.push_str("</div>\n");
    html
}

/// The spans of a record's content (of type `typ`) placed at `base`.
fn content_spans(
    typ: ContentType,
    content: &[u8],
    base: usize,
    direction: Direction,
    messages: &mut Messages<'_>,
    carries: &mut Vec<String>,
) -> Vec<Span> {
    let mut spans = Vec::new();
    match typ {
        ContentType::Handshake => {
            let mut at = 0;
            while at < content.len() {
                let rest = &content[at..];
                let whole = rest.get(..4).and_then(|h| {
                    let len = u32::from_be_bytes([0, h[1], h[2], h[3]]) as usize;
                    rest.get(..4 + len).map(|m| (m, len))
                });
                let Some((bytes, len)) = whole else {
                    spans.push(span(
                        base + at,
                        rest.len(),
                        "handshake fragment",
                        "part of a message that continues in the next record",
                        Kind::Handshake,
                    ));
                    carries.push("handshake fragment".into());
                    break;
                };
                let message = messages.find(direction, bytes);
                let name = message.map_or_else(
                    || format!("handshake type {}", bytes[0]),
                    |m| describe(m).name.to_string(),
                );
                spans.push(span(
                    base + at,
                    1,
                    "handshake type",
                    &format!("{name} ({})", bytes[0]),
                    Kind::Handshake,
                ));
                spans.push(span(
                    base + at + 1,
                    3,
                    "handshake length",
                    &format!("{len} bytes follow"),
                    Kind::Handshake,
                ));
                match message {
                    Some(m) => spans.extend(fields::message(m, base + at + 4, len)),
                    None => spans.push(span(
                        base + at + 4,
                        len,
                        "body",
                        "a message the observer did not report",
                        Kind::Value,
                    )),
                }
                carries.push(name);
                at += 4 + len;
            }
        }
        ContentType::Alert if content.len() == 2 => {
            let level = AlertLevel::from(content[0]);
            let description = AlertDescription::from(content[1]);
            spans.push(span(
                base,
                1,
                "alert level",
                &format!("{level:?} ({})", content[0]),
                Kind::Value,
            ));
            spans.push(span(
                base + 1,
                1,
                "alert description",
                &format!("{description:?} ({})", content[1]),
                Kind::Value,
            ));
            carries.push(format!("alert {description:?}"));
        }
        ContentType::ChangeCipherSpec => {
            spans.push(span(
                base,
                content.len(),
                "change_cipher_spec",
                "1: the sender's next records use the new keys",
                Kind::Value,
            ));
            carries.push("ChangeCipherSpec".into());
        }
        ContentType::ApplicationData => {
            let preview: String = String::from_utf8_lossy(content).chars().take(120).collect();
            spans.push(span(
                base,
                content.len(),
                "application data",
                &format!("{} bytes: {preview:?}", content.len()),
                Kind::Value,
            ));
            carries.push("application data".into());
        }
        _ => {
            spans.push(span(
                base,
                content.len(),
                "content",
                "of a type this page does not decode",
                Kind::Value,
            ));
            carries.push(format!("{typ:?}"));
        }
    }
    spans
}

/// The list of fields under a hex block.
fn legend(out: &mut String, spans: &[Span]) {
    let _ = write!(
        out,
        "<details><summary>{} fields</summary><ol>",
        spans.len()
    );
    for s in spans {
        let _ = write!(
            out,
            "<li><b>{}</b> <span class=\"calc\">[{}..{})</span> {}</li>",
            esc(&s.label),
            s.start,
            s.end,
            esc(&s.meaning)
        );
    }
    out.push_str("</ol></details>\n");
}
