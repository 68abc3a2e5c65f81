//! The seed corpora: real conversations between a deterministic client and server, recorded,
//! and cut into inputs for every target.
//!
//! Nothing here is committed as bytes: `cargo xtask fuzz --seed` runs the `seed` example,
//! which writes [`seeds`] under `fuzz/corpus/<target>/`.

use std::sync::{Arc, Mutex};

use stratls_handshake::{Direction, Event, KeyPhase, Observer, Side, Status};
use stratls_test_support::records::{ALERT, APPLICATION_DATA, CHANGE_CIPHER_SPEC, HANDSHAKE};
use stratls_test_support::{Pair, split_records};

use crate::peers::{Scenario, TLS12_SCENARIOS, TLS13_SCENARIOS, reset_randomness};
use crate::script::{self, Op, ScriptWriter};

/// What each side of one real handshake sent.
#[derive(Debug, Default)]
pub struct Conversation {
    /// The client's flights, in order (each what it queued between two deliveries).
    pub client_flights: Vec<Vec<u8>>,
    /// The server's flights, in order.
    pub server_flights: Vec<Vec<u8>>,
    /// The client's flights as [scripts](crate::script): each record it wrote, plaintext or
    /// sealed, with its content before protection, and each change of its write keys.
    pub client_scripts: Vec<Vec<u8>>,
    /// The server's flights as scripts.
    pub server_scripts: Vec<Vec<u8>>,
    /// Every handshake message either side sent, encoded with its header (including the ones
    /// that travelled encrypted).
    pub handshake_messages: Vec<Vec<u8>>,
}

/// Writes down what one side sends: the encoding of every handshake message, and everything
/// as a script (what travels sealed is known from the side's own key changes).
#[derive(Debug)]
struct SideRecorder {
    /// The application data this side writes in the conversation.
    data: &'static [u8],
    state: Mutex<Recorded>,
}

#[derive(Debug, Default)]
struct Recorded {
    messages: Vec<Vec<u8>>,
    script: ScriptWriter,
    sealed: bool,
}

impl SideRecorder {
    fn new(data: &'static [u8]) -> Self {
        Self {
            data,
            state: Mutex::default(),
        }
    }

    /// The script of what was sent since the last call.
    fn take_script(&self) -> Vec<u8> {
        self.state
            .lock()
            .map(|mut s| s.script.take())
            .unwrap_or_default()
    }

    fn messages(&self) -> Vec<Vec<u8>> {
        self.state
            .lock()
            .map(|s| s.messages.clone())
            .unwrap_or_default()
    }
}

impl Observer for SideRecorder {
    fn on_event(&self, event: &Event<'_>) {
        let Ok(mut s) = self.state.lock() else {
            return;
        };
        let sealed = s.sealed;
        match event {
            Event::Handshake {
                direction: Direction::Sent,
                encoded,
                ..
            } => {
                s.messages.push(encoded.to_vec());
                s.script.record(sealed, HANDSHAKE, encoded);
            }
            Event::ChangeCipherSpec {
                direction: Direction::Sent,
            } => s.script.record(false, CHANGE_CIPHER_SPEC, &[1]),
            Event::KeyChange {
                direction: Direction::Sent,
                phase,
            } => {
                // The recorded peers offer no 0-RTT, so no early key is ever installed; a
                // script has no epoch for one.
                let epoch = match phase {
                    KeyPhase::Early => None,
                    KeyPhase::Handshake => Some(1),
                    KeyPhase::Application => Some(2),
                    KeyPhase::Updated => Some(3),
                };
                if let Some(epoch) = epoch {
                    s.sealed = true;
                    s.script.epoch(epoch);
                }
            }
            Event::ApplicationData {
                direction: Direction::Sent,
                len,
            } => {
                let data = self.data.get(..*len).unwrap_or(self.data);
                s.script.record(sealed, APPLICATION_DATA, data);
            }
            Event::Alert {
                direction: Direction::Sent,
                alert,
            } => s.script.record(sealed, ALERT, &alert.to_bytes()),
            _ => {}
        }
    }
}

/// Runs the handshake of `scenario` in memory, then one message each way and close_notify
/// both ways, and records every flight.
pub fn converse(scenario: &Scenario) -> Conversation {
    let client_side = Arc::new(SideRecorder::new(b"ping"));
    let server_side = Arc::new(SideRecorder::new(b"pong"));
    let mut client_config = scenario.client_config();
    client_config.shared.observer = Some(client_side.clone());
    let mut server_config = scenario.server_config();
    server_config.shared.observer = Some(server_side.clone());
    reset_randomness();
    let mut pair = Pair::new(client_config, server_config);
    let mut out = Conversation::default();
    let mut record = |from: Side, flight: &mut Vec<u8>| match from {
        Side::Client => {
            out.client_flights.push(flight.clone());
            out.client_scripts.push(client_side.take_script());
        }
        Side::Server => {
            out.server_flights.push(flight.clone());
            out.server_scripts.push(server_side.take_script());
        }
    };
    let name = scenario.name;
    pair.pump_tapped(&mut record)
        .unwrap_or_else(|f| panic!("{name}: handshake: {f}"));
    let established = |c: &stratls_handshake::Connection| c.status() == Status::Established;
    assert!(
        established(&pair.client) && established(&pair.server),
        "{name}: the handshake did not complete"
    );
    pair.client.write(b"ping").expect("client writes");
    pair.server.write(b"pong").expect("server writes");
    pair.pump_tapped(&mut record)
        .unwrap_or_else(|f| panic!("{name}: data: {f}"));
    pair.client.close();
    pair.server.close();
    pair.pump_tapped(&mut record)
        .unwrap_or_else(|f| panic!("{name}: close_notify: {f}"));
    for conn in [&pair.client, &pair.server] {
        assert_eq!(conn.status(), Status::PeerClosed, "{name}: not closed");
    }
    out.handshake_messages = client_side.messages();
    out.handshake_messages.extend(server_side.messages());
    out
}

/// One seed: the target it is for, a file name, and the bytes.
#[derive(Debug)]
pub struct Seed {
    /// The fuzz target.
    pub target: &'static str,
    /// A file name (unique within the target).
    pub name: String,
    /// The input.
    pub data: Vec<u8>,
}

/// Every seed of every target.
pub fn seeds() -> Vec<Seed> {
    let mut out = Vec::new();
    let mut messages = Vec::new();
    let mut records = Vec::new();
    for (scenarios, server, client) in [
        (TLS13_SCENARIOS, "server", "client"),
        (TLS12_SCENARIOS, "server_tls12", "client_tls12"),
    ] {
        for (i, scenario) in scenarios.iter().enumerate() {
            let c = converse(scenario);
            let index = u8::try_from(i).expect("few scenarios");
            connection_seeds(&mut out, server, index, scenario.name, &c.client_scripts);
            connection_seeds(&mut out, client, index, scenario.name, &c.server_scripts);
            messages.extend(c.handshake_messages);
            for flight in c.client_flights.iter().chain(&c.server_flights) {
                records.extend(split_records(flight));
            }
        }
    }
    messages.sort();
    messages.dedup();
    for (i, m) in messages.iter().enumerate() {
        let body = m.get(4..).unwrap_or_default().to_vec();
        out.push(seed("codec_handshake", format!("body-{i:03}"), body));
        out.push(seed("codec_handshake", format!("framed-{i:03}"), m.clone()));
    }
    roundtrip_seeds(&mut out, &messages, &records);
    record_header_seeds(&mut out, &records);
    record_reader_seeds(&mut out, &messages, &records);
    out
}

fn seed(target: &'static str, name: String, data: Vec<u8>) -> Seed {
    Seed { target, name, data }
}

/// A conversation's side, as scripts, as inputs for the target that plays the other side:
/// whole, delivered in small pieces, and after the recorded first flight (prefix bit).
fn connection_seeds(
    out: &mut Vec<Seed>,
    target: &'static str,
    index: u8,
    scenario: &str,
    flights: &[Vec<u8>],
) {
    let whole = flights.concat();
    let after_first = flights.get(1..).unwrap_or_default().concat();
    let computed = computed_finished(&whole);
    for (name, selector, chunk, stream) in [
        ("whole", index, 0, &whole),
        ("pieces", index, 61, &whole),
        ("after-first-flight", index | 0x80, 0, &after_first),
        ("computed-finished", index, 0, &computed),
    ] {
        let mut data = vec![selector, chunk];
        data.extend_from_slice(stream);
        out.push(seed(target, format!("{scenario}-{name}"), data));
    }
    // The servers' first scenarios also get the conversation with the largest ClientHello.
    if target.starts_with("server")
        && index == 0
        && let Some(big) = largest_hello(&computed)
    {
        let mut data = vec![index, 0];
        data.extend_from_slice(&big);
        out.push(seed(target, format!("{scenario}-largest-hello"), data));
    }
}

/// Inputs for `codec_roundtrip` (see [`crate::codec_roundtrip`] for the kinds): each message
/// body under its struct's kind and as a typed body in each context, the messages as one
/// framed stream and the records as one record stream in each context, alerts, the
/// ChangeCipherSpec, and every extension of the hellos, EncryptedExtensions, Certificate
/// entries, CertificateRequest and NewSessionTicket under its enum's kind.
fn roundtrip_seeds(out: &mut Vec<Seed>, messages: &[Vec<u8>], records: &[Vec<u8>]) {
    use stratls_codec::{HandshakeMessage as M, ParseContext};
    let mut inputs: Vec<Vec<u8>> = Vec::new();
    let with = |kind: u8, rest: &[u8]| [&[kind][..], rest].concat();
    let contexts = [
        ParseContext::Tls13,
        ParseContext::Tls12(stratls_codec::handshake::KeyExchangeAlgorithm::Ecdhe),
    ];
    for m in messages {
        let (Some(&typ), Some(body)) = (m.first(), m.get(4..)) else {
            continue;
        };
        let kind = match typ {
            1 => Some(0),
            2 => Some(1),
            11 => Some(2),
            13 => Some(4),
            15 => Some(6),
            8 => Some(7),
            20 => Some(8),
            4 => Some(9),
            24 => Some(10),
            14 => Some(14),
            12 => Some(15),
            16 => Some(17),
            _ => None,
        };
        if let Some(kind) = kind {
            inputs.push(with(kind, body));
        }
        // The TLS 1.2 forms of the messages that have two.
        match typ {
            11 => inputs.push(with(3, body)),
            13 => inputs.push(with(5, body)),
            4 => inputs.push(with(16, body)),
            _ => {}
        }
        for ctx in 0..3u8 {
            inputs.push(with(19, &[&[typ, ctx][..], body].concat()));
        }
        for ctx in contexts {
            let Ok((message, _)) = M::parse_framed(m, ctx) else {
                continue;
            };
            let mut extension = |kind: u8, encoded: Vec<u8>| {
                // Type (2), length (2), body: the input is the type and the body.
                let (typ, rest) = encoded.split_at(2);
                inputs.push(with(
                    kind,
                    &[typ, rest.get(2..).unwrap_or_default()].concat(),
                ));
            };
            let encode = |e: &dyn Fn(&mut Vec<u8>)| {
                let mut v = Vec::new();
                e(&mut v);
                v
            };
            match &message {
                M::ClientHello(h) => h
                    .extensions
                    .iter()
                    .for_each(|e| extension(24, encode(&|v| e.encode(v)))),
                M::ServerHello(h) => h
                    .extensions
                    .iter()
                    .for_each(|e| extension(25, encode(&|v| e.encode(v)))),
                M::HelloRetryRequest(h) => h
                    .extensions
                    .iter()
                    .for_each(|e| extension(26, encode(&|v| e.encode(v)))),
                M::EncryptedExtensions(h) => h
                    .extensions
                    .iter()
                    .for_each(|e| extension(27, encode(&|v| e.encode(v)))),
                M::Certificate(c) => c
                    .entries
                    .iter()
                    .flat_map(|entry| &entry.extensions)
                    .for_each(|e| extension(28, encode(&|v| e.encode(v)))),
                M::CertificateRequest(c) => c
                    .extensions
                    .iter()
                    .for_each(|e| extension(29, encode(&|v| e.encode(v)))),
                M::NewSessionTicket(t) => t
                    .extensions
                    .iter()
                    .for_each(|e| extension(29, encode(&|v| e.encode(v)))),
                _ => {}
            }
        }
    }
    let all_messages = messages.concat();
    let all_records = records.concat();
    for ctx in 0..3u8 {
        inputs.push(with(20, &[&[ctx][..], &all_messages].concat()));
        inputs.push(with(21, &[&[ctx][..], &all_records].concat()));
    }
    inputs.push(with(22, &[1, 0]));
    inputs.push(with(22, &[2, 40]));
    inputs.push(with(23, &[1]));
    inputs.sort();
    inputs.dedup();
    for (i, data) in inputs.into_iter().enumerate() {
        out.push(seed("codec_roundtrip", format!("{i:03}"), data));
    }
}

/// `script` with its first ClientHello grown to nearly the largest one a server accepts
/// (131,396 bytes): its cipher suite list filled with code points no provider implements and
/// a padding extension (RFC 7685) filling the extension block, each to its length field's
/// limit, in records of 2^14 bytes. Played with computed Finished messages, the handshake
/// completes.
fn largest_hello(script: &[u8]) -> Option<Vec<u8>> {
    let mut ops = script::ops(script);
    let at = ops.iter().position(|o| {
        o.code & 3 == script::OP_PLAIN
            && o.content_type() == HANDSHAKE
            && o.operand.first() == Some(&1)
    })?;
    let hello = grow_hello(&ops[at].operand)?;
    let mut writer = ScriptWriter::default();
    writer.record(false, HANDSHAKE, &hello);
    ops.splice(at..=at, script::ops(writer.bytes()));
    Some(script::script(&ops))
}

/// The ClientHello `message` (header included) with the cipher suites and extensions grown.
fn grow_hello(message: &[u8]) -> Option<Vec<u8>> {
    let u16_at = |b: &[u8], i: usize| {
        Some(usize::from(u16::from_be_bytes([
            *b.get(i)?,
            *b.get(i + 1)?,
        ])))
    };
    let body = message.get(4..)?;
    let session_id = 34;
    let suites = session_id + 1 + usize::from(*body.get(session_id)?);
    let suites_len = u16_at(body, suites)?;
    let compression = suites + 2 + suites_len;
    let extensions = compression + 1 + usize::from(*body.get(compression)?);
    let extensions_len = u16_at(body, extensions)?;
    // Suites nobody implements: high bytes with no assigned suites.
    let mut extra = Vec::new();
    let unassigned = (0x20u16..=0xfe)
        .filter(|hi| ![0x13, 0xc0, 0xcc].contains(hi))
        .flat_map(|hi| (0..=0xffu16).map(move |lo| hi << 8 | lo));
    for suite in unassigned.take((0xfffe - suites_len) / 2) {
        extra.extend_from_slice(&suite.to_be_bytes());
    }
    let padding = 0xffff - extensions_len - 4;
    let mut out = body.get(..suites)?.to_vec();
    out.extend_from_slice(&u16::try_from(suites_len + extra.len()).ok()?.to_be_bytes());
    out.extend_from_slice(body.get(suites + 2..compression)?);
    out.extend_from_slice(&extra);
    out.extend_from_slice(body.get(compression..extensions)?);
    out.extend_from_slice(&0xffffu16.to_be_bytes());
    out.extend_from_slice(body.get(extensions + 2..)?);
    out.extend_from_slice(&21u16.to_be_bytes());
    out.extend_from_slice(&u16::try_from(padding).ok()?.to_be_bytes());
    out.resize(out.len() + padding, 0);
    let len = u32::try_from(out.len()).ok()?.to_be_bytes();
    Some([&[1, len[1], len[2], len[3]][..], &out].concat())
}

/// `script` with each recorded Finished, and each sealed (TLS 1.3) CertificateVerify,
/// replaced by the op that computes it when played.
fn computed_finished(script: &[u8]) -> Vec<u8> {
    let computed = |op: &Op| {
        let handshake = op.content_type() == HANDSHAKE;
        match (op.code & 3, op.operand.as_slice()) {
            (script::OP_PLAIN | script::OP_SEALED, [20, 0, 0, n, rest @ ..])
                if handshake && usize::from(*n) == rest.len() =>
            {
                Some(script::OP_FINISHED)
            }
            (script::OP_SEALED, [15, ..]) if handshake => Some(script::OP_CERTIFICATE_VERIFY),
            _ => None,
        }
    };
    let ops: Vec<Op> = script::ops(script)
        .into_iter()
        .map(|op| match computed(&op) {
            Some(code) => Op {
                code,
                operand: Vec::new(),
            },
            None => op,
        })
        .collect();
    script::script(&ops)
}

fn record_header_seeds(out: &mut Vec<Seed>, records: &[Vec<u8>]) {
    let mut fixed: Vec<Vec<u8>> = vec![
        vec![2, 40],
        vec![1, 0],
        vec![1],
        vec![],
        vec![0x16, 0x03, 0x01, 0x00],
        vec![1, 0, 0, 0],
    ];
    let mut headers: Vec<Vec<u8>> = records
        .iter()
        .filter_map(|r| r.get(..5).map(<[u8]>::to_vec))
        .collect();
    headers.sort();
    headers.dedup();
    fixed.extend(headers);
    for (i, data) in fixed.into_iter().enumerate() {
        out.push(seed("codec_record_header_alert", format!("{i:03}"), data));
    }
}

/// Scripts for the record reader (see `record::wire`): each handshake message written as one
/// record, application data, an alert and a change_cipher_spec, under several setups; and the
/// plaintext records of the conversations as raw bytes.
fn record_reader_seeds(out: &mut Vec<Seed>, messages: &[Vec<u8>], records: &[Vec<u8>]) {
    let mut script = Vec::new();
    for m in messages.iter().take(8) {
        let len = u16::try_from(m.len()).unwrap_or(u16::MAX);
        script.push(1); // a handshake record
        script.extend_from_slice(&len.to_be_bytes());
        script.extend_from_slice(m);
    }
    script.extend_from_slice(&[3]); // change_cipher_spec
    script.extend_from_slice(&[5, 0, 5]); // application data
    script.extend_from_slice(b"hello");
    script.extend_from_slice(&[2, 1, 0]); // close_notify
    for setup in [
        0x00u8, 0x01, 0x02, 0x03, 0x05, 0x0a, 0x0b, 0x11, 0x21, 0x40, 0x81, 0x83, 0xc2,
    ] {
        let mut data = vec![setup, 0];
        data.extend_from_slice(&script);
        out.push(seed("record_reader", format!("script-{setup:02x}"), data));
    }
    let mut raw = vec![0x08, 3];
    for r in records.iter().filter(|r| r.len() <= 255).take(16) {
        raw.push(0); // raw bytes
        raw.push(u8::try_from(r.len()).unwrap_or(u8::MAX));
        raw.extend_from_slice(r);
    }
    out.push(seed("record_reader", "raw-records".into(), raw));
}
