//! The scripted peer: a deterministic handshake recorded once, then replayed to one side with
//! its input changed.
//!
//! With counter randomness, fixed key shares and Ed25519 signatures both sides write the same
//! bytes on every run, so the keys of the recording are the keys of every replay that follows
//! it up to the point where its input differs. A replay builds a fresh pair, keeps the side
//! under test, and feeds it one [`Input`] at a time: a content the replay seals under the key
//! that side reads with at that point, or exact record bytes. TLS 1.3: the peer's handshake
//! key once a client has read a ServerHello (not a HelloRetryRequest) or a server has sent
//! one, its application key after its Finished, the next one after each KeyUpdate; TLS 1.2:
//! the peer's key after its ChangeCipherSpec. What the side sends back is opened with its own
//! keys (from a key log of its own, since they differ from the recording's once its
//! transcript does), so that the alert it sent is read even when it is encrypted.

use std::sync::Arc;

use stratls_codec::{AlertDescription, ContentType};
use stratls_crypto::{CipherSuite, CryptoProvider};
use stratls_handshake::Versions;
use stratls_handshake::{ClientConfig, Connection, Error, ServerConfig, Side, Status};
use stratls_keyschedule::keylog::{self, MemoryKeyLog};
use stratls_keyschedule::tls13::TrafficSecret;
use stratls_record::Message;
use stratls_test_support::deterministic::{self, CLIENT_GROUPS, CLIENT_RANDOM, SERVER_GROUPS};
use stratls_test_support::records::{self, split};
use stratls_test_support::*;

use crate::forge::{Tls12Keys, try_traffic_secret};

/// The handshake types the scripts name.
pub mod types {
    pub const CLIENT_HELLO: u8 = 1;
    pub const SERVER_HELLO: u8 = 2;
    pub const ENCRYPTED_EXTENSIONS: u8 = 8;
    pub const CERTIFICATE: u8 = 11;
    pub const SERVER_KEY_EXCHANGE: u8 = 12;
    pub const CERTIFICATE_REQUEST: u8 = 13;
    pub const CERTIFICATE_VERIFY: u8 = 15;
    pub const CLIENT_KEY_EXCHANGE: u8 = 16;
    pub const FINISHED: u8 = 20;
    pub const KEY_UPDATE: u8 = 24;
}
use types::*;

/// The protocol version of a recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Tls13,
    Tls12,
}

impl Version {
    pub const BOTH: [Version; 2] = [Version::Tls13, Version::Tls12];

    fn versions(self) -> Versions {
        match self {
            Self::Tls13 => Versions::TLS13_ONLY,
            Self::Tls12 => Versions::TLS12_ONLY,
        }
    }
}

/// Every version and side: the cases of a row that applies to both.
pub fn every_case() -> Vec<(Version, Side)> {
    Version::BOTH
        .into_iter()
        .flat_map(|v| [(v, Side::Client), (v, Side::Server)])
        .collect()
}

/// The other side.
pub fn peer(side: Side) -> Side {
    match side {
        Side::Client => Side::Server,
        Side::Server => Side::Client,
    }
}

/// One step of what a side under test receives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A content of this type, in the clear or sealed under the key the receiver reads with
    /// at this point, whichever the receiver expects.
    Content(ContentType, Vec<u8>),
    /// A TLS 1.3 TLSInnerPlaintext exactly as given (content, type, padding), sealed under the
    /// receiver's current key.
    Inner(Vec<u8>),
    /// A TLS 1.2 record of this type sealed under the receiver's current key with exactly this
    /// content, empty included.
    Sealed12(ContentType, Vec<u8>),
    /// These record bytes, unchanged.
    Raw(Vec<u8>),
    /// A protected record of this content, its last byte (part of the tag) flipped.
    BadTag(ContentType, Vec<u8>),
    /// A content of this type cut into records of at most this many bytes, each in the clear
    /// or sealed as [`Input::Content`] would be.
    Fragments(ContentType, Vec<u8>, usize),
}

impl Input {
    /// A handshake message (its header included).
    pub fn handshake(message: &[u8]) -> Self {
        Self::Content(ContentType::Handshake, message.to_vec())
    }

    /// Application data.
    pub fn data(data: &[u8]) -> Self {
        Self::Content(ContentType::ApplicationData, data.to_vec())
    }

    /// An alert.
    pub fn alert(level: u8, description: AlertDescription) -> Self {
        Self::Content(ContentType::Alert, vec![level, u8::from(description)])
    }

    /// The handshake type of a handshake content.
    pub fn handshake_type(&self) -> Option<u8> {
        match self {
            Self::Content(ContentType::Handshake, m) => m.first().copied(),
            _ => None,
        }
    }

    /// The handshake message of a handshake content.
    pub fn message(&self) -> &[u8] {
        match self {
            Self::Content(ContentType::Handshake, m) => m,
            other => panic!("not a handshake message: {other:?}"),
        }
    }
}

/// A handshake message of `typ` with `body`.
pub fn message(typ: u8, body: &[u8]) -> Vec<u8> {
    let len = u32::try_from(body.len())
        .expect("a short body")
        .to_be_bytes();
    let mut m = vec![typ, len[1], len[2], len[3]];
    m.extend_from_slice(body);
    m
}

/// The random of a HelloRetryRequest (RFC 8446 §4.1.3): SHA-256 of "HelloRetryRequest".
pub const HRR_RANDOM: [u8; 32] = [
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

/// Whether `input` is a HelloRetryRequest (a ServerHello by type, with its random).
pub fn is_hello_retry(input: &Input) -> bool {
    input.handshake_type() == Some(SERVER_HELLO)
        && input.message().get(6..38) == Some(&HRR_RANDOM[..])
}

/// How a recording's configs are set up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Setup {
    /// The server requires a client certificate and the client has one.
    pub client_auth: bool,
    /// Both sides use secp256r1 alone instead of x25519 alone.
    pub p256: bool,
    /// The client offers x25519 (with a share) and secp256r1, the server takes secp256r1
    /// alone: a HelloRetryRequest (TLS 1.3).
    pub hrr: bool,
    /// A TLS 1.2 recording whose client offers TLS 1.3 too.
    pub client_offers_tls13: bool,
    /// Both sides require the extended master secret (TLS 1.2).
    pub require_ems: bool,
}

/// The configs of a recording: deterministic providers, Ed25519 certificates, x25519 only, one
/// suite per version, and `setup`.
pub fn configs(version: Version, setup: Setup) -> (ClientConfig, ServerConfig) {
    let (client_groups, server_groups) = if setup.p256 {
        (&CLIENT_GROUPS[1..], &SERVER_GROUPS[1..])
    } else if setup.hrr {
        (&CLIENT_GROUPS[..], &SERVER_GROUPS[1..])
    } else {
        (&CLIENT_GROUPS[..1], &SERVER_GROUPS[..1])
    };
    let client_provider: CryptoProvider = deterministic::provider(&CLIENT_RANDOM, client_groups);
    let mut client = configs::client_config_with(client_provider);
    client.shared.versions = version.versions();
    client.shared.cipher_suites = vec![match version {
        Version::Tls13 => CipherSuite::TLS13_AES_128_GCM_SHA256,
        Version::Tls12 => CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    }];
    let server_provider = CryptoProvider {
        kx_groups: stratls_crypto::Shared::Static(server_groups),
        ..deterministic::server_provider()
    };
    let mut server = configs::server_config_with(server_provider, "server-ed25519");
    server.shared.versions = version.versions();
    // A recording is the handshake: no NewSessionTicket after it.
    server.tickets = 0;
    if setup.client_offers_tls13 {
        client.shared.versions = Versions::BOTH;
        client.shared.cipher_suites = vec![
            CipherSuite::TLS13_AES_128_GCM_SHA256,
            CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        ];
    }
    if setup.require_ems {
        client.shared.tls12_require_extended_master_secret = true;
        server.shared.tls12_require_extended_master_secret = true;
    }
    if setup.client_auth {
        configs::client_cert(&mut client, "client-ed25519");
        require_client_auth(&mut server);
    }
    (client, server)
}

/// A handshake recorded as what each side received, with the keys to seal and open more.
pub struct Recording {
    pub version: Version,
    pub setup: Setup,
    log: Arc<MemoryKeyLog>,
    /// The server's first record (where TLS 1.2 keys find the server random).
    server_hello: Vec<u8>,
    client_input: Vec<Input>,
    server_input: Vec<Input>,
}

impl std::fmt::Debug for Recording {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recording")
            .field("version", &self.version)
            .field("client_input", &self.client_input.len())
            .field("server_input", &self.server_input.len())
            .finish_non_exhaustive()
    }
}

impl Recording {
    /// The default setup of `version`, recorded.
    pub fn new(version: Version) -> Self {
        Self::with(version, Setup::default())
    }

    /// A handshake of `version` and `setup`, recorded.
    ///
    /// # Panics
    ///
    /// If the handshake fails.
    pub fn with(version: Version, setup: Setup) -> Self {
        deterministic::reset();
        let (mut client, server) = configs(version, setup);
        let log = Arc::new(MemoryKeyLog::new());
        client.shared.key_log = Some(log.clone());
        let mut pair = Pair::new(client, server);
        let mut flights = Vec::new();
        pair.pump_tapped(|from, bytes| flights.push((from, bytes.clone())))
            .expect("the recorded handshake");
        assert_eq!(pair.client.status(), Status::Established);
        assert_eq!(pair.server.status(), Status::Established);
        let (_, first) = flights
            .iter()
            .find(|(from, _)| *from == Side::Server)
            .expect("a server flight");
        let server_hello = split(first)[0].bytes.to_vec();
        let mut rec = Self {
            version,
            setup,
            log,
            server_hello,
            client_input: Vec::new(),
            server_input: Vec::new(),
        };
        let (mut client_input, mut server_input) = (Vec::new(), Vec::new());
        let mut to_client = rec.keys(Side::Client, &rec.log);
        let mut to_server = rec.keys(Side::Server, &rec.log);
        for (from, bytes) in &flights {
            if *from == Side::Server {
                to_server.reader_sent(bytes);
            }
            let (keys, input) = match from {
                Side::Server => (&mut to_client, &mut client_input),
                Side::Client => (&mut to_server, &mut server_input),
            };
            for record in split(bytes) {
                for piece in keys.open(record.bytes) {
                    keys.advance(&piece);
                    input.push(piece);
                }
            }
        }
        rec.client_input = client_input;
        rec.server_input = server_input;
        rec
    }

    /// What `side` received in the recorded handshake, in order.
    pub fn input(&self, side: Side) -> Vec<Input> {
        match side {
            Side::Client => self.client_input.clone(),
            Side::Server => self.server_input.clone(),
        }
    }

    /// What `side` received up to, not including, the first handshake message of `typ`.
    pub fn input_before(&self, side: Side, typ: u8) -> Vec<Input> {
        let input = self.input(side);
        let at = self
            .position(side, typ)
            .unwrap_or_else(|| panic!("no message of type {typ} to the {side:?}"));
        input[..at].to_vec()
    }

    /// Where the first handshake message of `typ` is in what `side` received.
    pub fn position(&self, side: Side, typ: u8) -> Option<usize> {
        self.input(side)
            .iter()
            .position(|i| i.handshake_type() == Some(typ))
    }

    /// The first handshake message of `typ` that `side` received.
    pub fn message(&self, side: Side, typ: u8) -> Vec<u8> {
        let at = self.position(side, typ).expect("the message");
        self.input(side)[at].message().to_vec()
    }

    /// The keys with which `reader` reads (and the peer writes), found in `log`.
    fn keys(&self, reader: Side, log: &Arc<MemoryKeyLog>) -> Keys {
        Keys {
            version: self.version,
            log: log.clone(),
            server_hello: self.server_hello.clone(),
            writer: peer(reader),
            stage: Stage::Plain,
            seq: 0,
            secret: None,
            tls12: None,
        }
    }

    /// Replays to `side` the recorded handshake's beginning, then `input`, one record per
    /// input, stopping at the first error.
    pub fn replay(&self, side: Side, input: &[Input]) -> Outcome {
        deterministic::reset();
        let (mut client, mut server) = configs(self.version, self.setup);
        // The side's own log: its keys, which differ from the recording's once its
        // transcript does.
        let own = Arc::new(MemoryKeyLog::new());
        client.shared.key_log = Some(own.clone());
        server.shared.key_log = Some(own.clone());
        let pair = Pair::new(client, server);
        let mut conn = match side {
            Side::Client => pair.client,
            Side::Server => pair.server,
        };
        let mut keys = self.keys(side, &self.log);
        let mut sent = conn.take_tls();
        let mut error = None;
        for piece in input {
            let record = keys.seal(piece);
            keys.advance(piece);
            let result = feed(&mut conn, &record);
            let out = conn.take_tls();
            keys.reader_sent(&out);
            sent.extend(out);
            if let Err(e) = result {
                error = Some(e);
                break;
            }
        }
        let sent = self.keys(peer(side), &own).decode_output(&sent);
        Outcome {
            side,
            conn,
            error,
            sent,
        }
    }
}

/// Feeds one record; the error, if the connection fails on it.
fn feed(conn: &mut Connection, record: &[u8]) -> Result<(), Error> {
    let mut rest = record;
    for _ in 0..=record.len() {
        if rest.is_empty() {
            return Ok(());
        }
        let taken = conn.read_tls(rest)?;
        if taken == 0 {
            // Closed: the rest is ignored.
            return Ok(());
        }
        rest = &rest[taken..];
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Plain,
    Handshake,
    Application,
}

/// The keys one side writes with, as the other side reads them.
struct Keys {
    version: Version,
    log: Arc<MemoryKeyLog>,
    server_hello: Vec<u8>,
    writer: Side,
    stage: Stage,
    seq: u64,
    secret: Option<TrafficSecret>,
    tls12: Option<Tls12Keys>,
}

impl Keys {
    fn label(&self, stage: Stage) -> &'static str {
        match (self.writer, stage) {
            (Side::Client, Stage::Handshake) => keylog::CLIENT_HANDSHAKE_TRAFFIC_SECRET,
            (Side::Server, Stage::Handshake) => keylog::SERVER_HANDSHAKE_TRAFFIC_SECRET,
            (Side::Client, _) => keylog::CLIENT_TRAFFIC_SECRET_0,
            (Side::Server, _) => keylog::SERVER_TRAFFIC_SECRET_0,
        }
    }

    fn enter(&mut self, stage: Stage) {
        self.stage = stage;
        self.seq = 0;
        match (self.version, stage) {
            (Version::Tls13, Stage::Handshake | Stage::Application) => {
                self.secret = try_traffic_secret(&self.log, self.label(stage));
            }
            (Version::Tls12, Stage::Application) => {
                self.tls12 = Tls12Keys::try_new(&self.log, &self.server_hello);
            }
            _ => {}
        }
    }

    fn tls12(&self) -> &Tls12Keys {
        self.tls12.as_ref().expect("TLS 1.2 keys")
    }

    /// The reader's key change after it accepted `input`.
    fn advance(&mut self, input: &Input) {
        let typ = match input {
            Input::Content(ContentType::ChangeCipherSpec, _) => {
                if self.version == Version::Tls12 && self.stage == Stage::Plain {
                    self.enter(Stage::Application);
                }
                return;
            }
            Input::Content(ContentType::Handshake, m)
            | Input::Fragments(ContentType::Handshake, m, _) => m.first().copied(),
            _ => None,
        };
        if self.version == Version::Tls12 {
            return;
        }
        match (self.stage, typ) {
            // A client reads with the handshake key after a ServerHello; a server once it
            // sent its own ([`Keys::reader_sent`]).
            (Stage::Plain, Some(SERVER_HELLO))
                if self.writer == Side::Server && !is_hello_retry(input) =>
            {
                self.enter(Stage::Handshake);
            }
            (Stage::Handshake, Some(FINISHED)) => self.enter(Stage::Application),
            (Stage::Application, Some(KEY_UPDATE)) => {
                let next = self.secret.as_ref().expect("a secret").next();
                self.secret = Some(next.expect("the next secret"));
                self.seq = 0;
            }
            _ => {}
        }
    }

    /// What the reader sent: a TLS 1.3 server reads with the client's handshake key once it
    /// sent a ServerHello that is not a HelloRetryRequest.
    fn reader_sent(&mut self, bytes: &[u8]) {
        if self.version != Version::Tls13 || self.writer != Side::Client {
            return;
        }
        let hello = split(bytes).into_iter().any(|r| {
            r.content_type() == records::HANDSHAKE
                && r.fragment().first() == Some(&SERVER_HELLO)
                && r.fragment().get(6..38) != Some(&HRR_RANDOM[..])
        });
        if self.stage == Stage::Plain && hello {
            self.enter(Stage::Handshake);
        }
    }

    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq - 1
    }

    /// The record that carries `input` at this point.
    fn seal(&mut self, input: &Input) -> Vec<u8> {
        match input {
            Input::Raw(bytes) => bytes.clone(),
            Input::Content(typ, body) => {
                let clear = self.stage == Stage::Plain
                    || (self.version == Version::Tls13 && *typ == ContentType::ChangeCipherSpec);
                if clear {
                    return records::record(u8::from(*typ), body);
                }
                match self.version {
                    Version::Tls13 => {
                        let mut inner = body.clone();
                        inner.push(u8::from(*typ));
                        self.seal13(&inner)
                    }
                    Version::Tls12 => self.seal12(*typ, body),
                }
            }
            Input::Inner(inner) => self.seal13(inner),
            Input::Sealed12(typ, body) => {
                assert_eq!(self.stage, Stage::Application, "a TLS 1.2 key");
                let seq = self.next_seq();
                self.tls12()
                    .seal_exact(self.writer == Side::Client, seq, *typ, body)
            }
            Input::Fragments(typ, body, size) => body
                .chunks((*size).max(1))
                .flat_map(|piece| self.seal(&Input::Content(*typ, piece.to_vec())))
                .collect(),
            Input::BadTag(typ, body) => {
                let mut record = self.seal(&Input::Content(*typ, body.clone()));
                assert_ne!(self.stage, Stage::Plain, "a tag needs a key");
                *record.last_mut().expect("a tag") ^= 1;
                record
            }
        }
    }

    fn seal13(&mut self, inner: &[u8]) -> Vec<u8> {
        let seq = self.next_seq();
        let secret = self.secret.as_ref().expect("a TLS 1.3 key at this point");
        stratls_test_support::forge::seal(secret, seq, inner)
    }

    fn seal12(&mut self, typ: ContentType, body: &[u8]) -> Vec<u8> {
        assert_eq!(self.stage, Stage::Application, "a TLS 1.2 key");
        let seq = self.next_seq();
        self.tls12()
            .seal(self.writer == Side::Client, seq, typ, body)
    }

    /// The contents of a record sent by the writer at this point, one handshake message each.
    fn open(&mut self, record: &[u8]) -> Vec<Input> {
        let typ = ContentType::from(record[0]);
        let content = if self.stage == Stage::Plain
            || (self.version == Version::Tls13 && typ != ContentType::ApplicationData)
        {
            (typ, record[records::HEADER_LEN..].to_vec())
        } else {
            match self.version {
                Version::Tls13 => {
                    let seq = self.next_seq();
                    open13(self.secret.as_ref().expect("a key"), seq, record)
                        .expect("a recorded record opens")
                }
                Version::Tls12 => {
                    let seq = self.next_seq();
                    match self.tls12().open(self.writer == Side::Client, seq, record) {
                        Message::Handshake(h) => (ContentType::Handshake, h.encoded().to_vec()),
                        Message::Alert(a) => (
                            ContentType::Alert,
                            vec![u8::from(a.level), u8::from(a.description)],
                        ),
                        Message::ApplicationData(d) => (ContentType::ApplicationData, d.to_vec()),
                        Message::ChangeCipherSpec => (ContentType::ChangeCipherSpec, vec![1]),
                    }
                }
            }
        };
        match content {
            (ContentType::Handshake, body) => split_messages(&body)
                .into_iter()
                .map(|m| Input::Content(ContentType::Handshake, m))
                .collect(),
            (typ, body) => vec![Input::Content(typ, body)],
        }
    }

    /// Everything the writer sent, opened record by record. A TLS 1.3 record that does not
    /// open under the current key is tried under the keys that may follow it.
    fn decode_output(mut self, bytes: &[u8]) -> Vec<Sent> {
        let mut out = Vec::new();
        for record in split(bytes) {
            let typ = ContentType::from(record.content_type());
            if self.version == Version::Tls12 {
                let content = if self.stage == Stage::Plain {
                    (typ, record.fragment().to_vec())
                } else {
                    let seq = self.next_seq();
                    let writer = self.writer == Side::Client;
                    let message = self
                        .tls12
                        .as_ref()
                        .and_then(|k| k.try_open(writer, seq, record.bytes));
                    match message {
                        Some(Message::Alert(a)) => (
                            ContentType::Alert,
                            vec![u8::from(a.level), u8::from(a.description)],
                        ),
                        Some(Message::Handshake(h)) => {
                            (ContentType::Handshake, h.encoded().to_vec())
                        }
                        Some(_) => (typ, Vec::new()),
                        None => {
                            out.push(Sent::Opaque);
                            continue;
                        }
                    }
                };
                if typ == ContentType::ChangeCipherSpec {
                    self.enter(Stage::Application);
                }
                out.push(Sent::of(content));
                continue;
            }
            if typ != ContentType::ApplicationData {
                out.push(Sent::of((typ, record.fragment().to_vec())));
                continue;
            }
            out.push(
                self.open_trying(record.bytes)
                    .map_or(Sent::Opaque, Sent::of),
            );
        }
        out
    }

    fn open_trying(&mut self, record: &[u8]) -> Option<(ContentType, Vec<u8>)> {
        if let Some(secret) = &self.secret
            && let Some(c) = open13(secret, self.seq, record)
        {
            self.seq += 1;
            return Some(c);
        }
        let (stage, seq, secret) = (self.stage, self.seq, self.secret.as_ref().map(copy));
        // The key that follows: the handshake key, the application key, the next generation.
        for _ in 0..4 {
            match self.stage {
                Stage::Plain => self.enter(Stage::Handshake),
                Stage::Handshake => self.enter(Stage::Application),
                Stage::Application => {
                    self.secret = self.secret.as_ref().and_then(|s| s.next().ok());
                    self.seq = 0;
                }
            }
            if let Some(c) = self.secret.as_ref().and_then(|s| open13(s, 0, record)) {
                self.seq = 1;
                return Some(c);
            }
        }
        // Under none of the keys the log holds: the next record is tried where this one was.
        (self.stage, self.seq, self.secret) = (stage, seq, secret);
        None
    }
}

/// The content type and content of a TLS 1.3 record under `secret` at `seq`.
fn open13(secret: &TrafficSecret, seq: u64, record: &[u8]) -> Option<(ContentType, Vec<u8>)> {
    let keys = secret.keys().ok()?;
    let key = keys.aead_key().ok()?;
    let tag_len = keys.aead().tag_len();
    let (header, fragment) = record.split_at(records::HEADER_LEN);
    let split = fragment.len().checked_sub(tag_len)?;
    let (data, tag) = fragment.split_at(split);
    let mut data = data.to_vec();
    key.open_in_place(&keys.iv().nonce(seq), header, &mut data, tag)
        .ok()?;
    let end = data.iter().rposition(|&b| b != 0)?;
    let typ = ContentType::from(data[end]);
    data.truncate(end);
    Some((typ, data))
}

/// A copy of `secret` (secrets are not `Clone`).
fn copy(secret: &TrafficSecret) -> TrafficSecret {
    TrafficSecret::new(secret.suite().clone(), secret.as_secret().duplicate()).expect("a copy")
}

/// The handshake messages of `body`, each with its header.
fn split_messages(body: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = body;
    while rest.len() >= 4 {
        let body_len =
            usize::from(rest[1]) << 16 | usize::from(rest[2]) << 8 | usize::from(rest[3]);
        let len = 4 + body_len;
        let len = len.min(rest.len());
        out.push(rest[..len].to_vec());
        rest = &rest[len..];
    }
    assert!(
        rest.is_empty(),
        "a recorded handshake record holds whole messages"
    );
    out
}

/// One record a side sent, opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    /// An alert: level and description.
    Alert(u8, u8),
    /// Handshake messages, by type.
    Handshake(Vec<u8>),
    /// Anything else, by content type.
    Other(ContentType),
    /// A protected record under a key the side's key log does not hold.
    Opaque,
}

impl Sent {
    fn of((typ, content): (ContentType, Vec<u8>)) -> Self {
        match (typ, content.as_slice()) {
            (ContentType::Alert, [level, description]) => Self::Alert(*level, *description),
            (ContentType::Handshake, _) => {
                Self::Handshake(split_messages(&content).iter().map(|m| m[0]).collect())
            }
            _ => Self::Other(typ),
        }
    }
}

/// What a replay did: the side under test, its error, what it sent.
#[derive(Debug)]
pub struct Outcome {
    pub side: Side,
    pub conn: Connection,
    pub error: Option<Error>,
    pub sent: Vec<Sent>,
}

/// Asserts that a replay failed with an error matching `$error`, sent the fatal alert
/// `$alert` as its last record (opened with its keys when it was protected), and that
/// `$read` is still what `read` hands out before the error.
#[macro_export]
macro_rules! refused {
    ($outcome:expr, $error:pat $(if $guard:expr)?, $alert:ident, $read:expr) => {
        $outcome.assert_refused(
            |e| matches!(e, $error $(if $guard)?),
            stringify!($error),
            stratls_codec::AlertDescription::$alert,
            $read,
        )
    };
    ($outcome:expr, $error:pat $(if $guard:expr)?, $alert:ident) => {
        refused!($outcome, $error $(if $guard)?, $alert, b"")
    };
}

impl Outcome {
    /// The last record the side sent.
    pub fn last_sent(&self) -> Option<&Sent> {
        self.sent.last()
    }

    /// See [`refused!`].
    #[track_caller]
    pub fn assert_refused(
        mut self,
        error: impl Fn(&Error) -> bool,
        expected: &str,
        alert: AlertDescription,
        read: &[u8],
    ) -> Error {
        let side = self.side;
        let Some(e) = self.error.clone() else {
            panic!(
                "the {side:?} accepted what it should refuse; it sent {:?}",
                self.sent
            );
        };
        assert!(error(&e), "the {side:?} failed with {e:?}, not {expected}");
        assert_eq!(e.alert(), Some(alert), "{e:?} names its alert");
        assert_eq!(
            self.last_sent(),
            Some(&Sent::Alert(2, u8::from(alert))),
            "the {side:?}'s last record is the fatal alert {alert:?}: {:?}",
            self.sent
        );
        assert_eq!(self.conn.status(), Status::Failed);
        let got = drain(&mut self.conn);
        assert_eq!(
            got, read,
            "the data received before the failure is still read"
        );
        let mut buf = [0u8; 16];
        assert_eq!(self.conn.read(&mut buf), Err(e.clone()), "then the error");
        e
    }

    /// Asserts that the side took every input without an error and that `read` is what it
    /// delivered.
    #[track_caller]
    pub fn assert_accepted(mut self, read: &[u8]) -> Connection {
        assert_eq!(self.error, None, "sent {:?}", self.sent);
        assert!(
            !self.sent.iter().any(|s| matches!(s, Sent::Alert(2, _))),
            "{:?}",
            self.sent
        );
        assert_eq!(drain(&mut self.conn), read);
        self.conn
    }

    /// Asserts that the side is still waiting (no error, no alert, not established).
    #[track_caller]
    pub fn assert_waiting(self) {
        assert_eq!(self.error, None, "sent {:?}", self.sent);
        assert!(self.conn.is_handshaking(), "not established");
        assert!(
            !self.sent.iter().any(|s| matches!(s, Sent::Alert(..))),
            "{:?}",
            self.sent
        );
    }
}
