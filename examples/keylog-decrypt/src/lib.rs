//! Decrypting a captured TLS 1.3 connection with its NSS key log, as packet analysers do with
//! `SSLKEYLOGFILE`, using stratls-keyschedule and stratls-record alone (with the codec for
//! the hellos and the default provider for the suites).
//!
//! [`decrypt`] takes the bytes each side sent, in order, and the key log's text. The
//! ClientHello gives the client random, which names the connection's lines in the log; the
//! ServerHello gives the suite. Each direction is then read with a [`RecordReader`] that
//! changes keys where the peer does: the handshake traffic secret after the hellos, the
//! first application traffic secret after that side's Finished, the next one after each
//! KeyUpdate (RFC 8446 §7.2).
//!
//! TLS 1.2 captures and 0-RTT data are out of scope: [`decrypt`] says so rather than guess.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::fmt;

use stratls_codec::handshake::{ClientHello, ServerHello, is_hello_retry_request};
use stratls_codec::{Alert, CipherSuite, HandshakeType, ProtocolVersion};
use stratls_keyschedule::keylog::{
    CLIENT_EARLY_TRAFFIC_SECRET, CLIENT_HANDSHAKE_TRAFFIC_SECRET, CLIENT_RANDOM_LEN,
    CLIENT_TRAFFIC_SECRET_0, SERVER_HANDSHAKE_TRAFFIC_SECRET, SERVER_TRAFFIC_SECRET_0,
    parse_key_log,
};
use stratls_keyschedule::tls13::TrafficSecret;
use stratls_keyschedule::{Secret, Tls13CipherSuite};
use stratls_record::{CcsPolicy, Message, RecordProtection, RecordReader};
use stratls_rustcrypto::{
    TLS13_AES_128_GCM_SHA256, TLS13_AES_256_GCM_SHA384, TLS13_CHACHA20_POLY1305_SHA256,
};

/// Who sent a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sender {
    /// The client.
    Client,
    /// The server.
    Server,
}

/// Under which keys a message travelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Epoch {
    /// In the clear (the hellos, a compatibility change_cipher_spec, an early alert).
    Plaintext,
    /// The handshake traffic keys.
    Handshake,
    /// The application traffic keys of the given generation (0 until the first KeyUpdate).
    Application(u32),
}

impl fmt::Display for Epoch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Plaintext => f.write_str("plaintext"),
            Self::Handshake => f.write_str("handshake"),
            Self::Application(n) => write!(f, "application {n}"),
        }
    }
}

/// What a message was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Content {
    /// A handshake message: its type and encoding (header and body).
    Handshake(HandshakeType, Vec<u8>),
    /// Application data, decrypted.
    ApplicationData(Vec<u8>),
    /// An alert.
    Alert(Alert),
}

/// One message read from one direction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decrypted {
    /// Who sent it.
    pub sender: Sender,
    /// Under which keys.
    pub epoch: Epoch,
    /// What it was.
    pub content: Content,
}

impl fmt::Display for Decrypted {
    /// One line: sender, epoch, and the content (application data as escaped ASCII).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sender = match self.sender {
            Sender::Client => "client",
            Sender::Server => "server",
        };
        write!(f, "{sender} [{}] ", self.epoch)?;
        match &self.content {
            Content::Handshake(typ, encoded) => {
                write!(f, "handshake {typ:?}, {} bytes", encoded.len())
            }
            Content::ApplicationData(data) => write!(
                f,
                "application_data, {} bytes: \"{}\"",
                data.len(),
                data.escape_ascii()
            ),
            Content::Alert(alert) => write!(f, "alert {:?} {:?}", alert.level, alert.description),
        }
    }
}

/// A decrypted connection.
#[derive(Debug)]
pub struct Capture {
    /// The client random that names the connection in the key log.
    pub client_random: [u8; CLIENT_RANDOM_LEN],
    /// The negotiated suite.
    pub suite: CipherSuite,
    /// What the client sent, in order.
    pub client: Vec<Decrypted>,
    /// What the server sent, in order.
    pub server: Vec<Decrypted>,
    /// Where reading stopped early: a record that did not decrypt or parse, or a direction
    /// that ended inside a record; what came before it is in [`Capture::client`] and
    /// [`Capture::server`].
    pub stopped: Vec<(Sender, String)>,
}

/// Why a capture cannot be decrypted at all.
#[derive(Debug, PartialEq, Eq)]
pub enum DecryptError {
    /// The client's bytes do not start with a ClientHello.
    NoClientHello(String),
    /// The server's bytes do not start with a ServerHello (or a HelloRetryRequest and then a
    /// ServerHello).
    NoServerHello(String),
    /// The server chose a version other than TLS 1.3.
    NotTls13(ProtocolVersion),
    /// The suite is not one the default provider implements.
    UnknownSuite(CipherSuite),
    /// The key log has no line with this label for the connection's client random.
    MissingSecret(&'static str),
    /// The client sent 0-RTT data, which this program does not decode.
    EarlyData,
}

impl fmt::Display for DecryptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoClientHello(e) => write!(f, "the client's bytes: {e}"),
            Self::NoServerHello(e) => write!(f, "the server's bytes: {e}"),
            Self::NotTls13(v) => write!(f, "the server chose {v:?}: only TLS 1.3 is decoded"),
            Self::UnknownSuite(s) => write!(f, "the suite {s:?} is not implemented"),
            Self::MissingSecret(label) => {
                write!(f, "the key log has no {label} for this connection")
            }
            Self::EarlyData => f.write_str("the client sent 0-RTT data, which is not decoded"),
        }
    }
}

impl std::error::Error for DecryptError {}

/// Decrypts the connection whose client sent `client_bytes` and whose server sent
/// `server_bytes`, with the secrets `key_log` (NSS key-log text) holds for it.
pub fn decrypt(
    client_bytes: &[u8],
    server_bytes: &[u8],
    key_log: &str,
) -> Result<Capture, DecryptError> {
    let hello = first_client_hello(client_bytes).map_err(DecryptError::NoClientHello)?;
    let client_random = hello.random;
    let (suite_id, retries) = server_choice(server_bytes)?;
    let suite = suite(suite_id)?;
    let secret = |label: &'static str| -> Result<TrafficSecret, DecryptError> {
        let secret = find_secret(key_log, &client_random, label)
            .ok_or(DecryptError::MissingSecret(label))?;
        TrafficSecret::new(suite, secret).map_err(|_| DecryptError::MissingSecret(label))
    };
    if find_secret(key_log, &client_random, CLIENT_EARLY_TRAFFIC_SECRET).is_some() {
        return Err(DecryptError::EarlyData);
    }
    let mut stopped = Vec::new();
    let server = Direction {
        sender: Sender::Server,
        hellos: 1 + retries,
        handshake: secret(SERVER_HANDSHAKE_TRAFFIC_SECRET)?,
        application: secret(SERVER_TRAFFIC_SECRET_0)?,
    }
    .read(server_bytes, &mut stopped);
    let client = Direction {
        sender: Sender::Client,
        hellos: 1 + retries,
        handshake: secret(CLIENT_HANDSHAKE_TRAFFIC_SECRET)?,
        application: secret(CLIENT_TRAFFIC_SECRET_0)?,
    }
    .read(client_bytes, &mut stopped);
    Ok(Capture {
        client_random,
        suite: suite_id,
        client,
        server,
        stopped,
    })
}

/// The secret `label` of the connection `client_random`, from the last line that has it.
fn find_secret(key_log: &str, client_random: &[u8; 32], label: &str) -> Option<Secret> {
    parse_key_log(key_log)
        .filter_map(Result::ok)
        .filter(|e| e.label == label && &e.client_random == client_random)
        .last()
        .map(|e| e.secret)
}

fn suite(id: CipherSuite) -> Result<&'static Tls13CipherSuite, DecryptError> {
    [
        &TLS13_AES_128_GCM_SHA256,
        &TLS13_AES_256_GCM_SHA384,
        &TLS13_CHACHA20_POLY1305_SHA256,
    ]
    .into_iter()
    .find(|s| s.id == id)
    .ok_or(DecryptError::UnknownSuite(id))
}

/// A plaintext reader over `bytes`, yielding its first handshake message.
fn first_message(bytes: &[u8]) -> Result<(HandshakeType, Vec<u8>), String> {
    let mut reader = RecordReader::new();
    reader.set_plaintext_alerts(true);
    let mut rest = bytes;
    loop {
        match reader.next_message().map_err(|e| e.to_string())? {
            Some(Message::Handshake(m)) => return Ok((m.typ(), m.body().to_vec())),
            Some(other) => return Err(format!("{other:?} before the hello")),
            None if rest.is_empty() => return Err("the bytes end before the hello".into()),
            None => rest = &rest[reader.feed(rest)..],
        }
    }
}

fn first_client_hello(bytes: &[u8]) -> Result<ClientHello, String> {
    match first_message(bytes)? {
        (HandshakeType::ClientHello, body) => ClientHello::parse(&body).map_err(|e| e.to_string()),
        (typ, _) => Err(format!("the first message is {typ:?}")),
    }
}

/// The suite the server chose and how many HelloRetryRequests came before its ServerHello.
fn server_choice(bytes: &[u8]) -> Result<(CipherSuite, usize), DecryptError> {
    let mut reader = RecordReader::new();
    reader.set_plaintext_alerts(true);
    reader.set_ccs_policy(CcsPolicy::Ignore);
    let mut rest = bytes;
    let mut retries = 0;
    // A server sends at most one HelloRetryRequest (RFC 8446 §4.1.4).
    while retries <= 1 {
        let message = match reader.next_message() {
            Ok(Some(m)) => m,
            Ok(None) if rest.is_empty() => {
                return Err(DecryptError::NoServerHello(
                    "the bytes end before the hello".into(),
                ));
            }
            Ok(None) => {
                rest = &rest[reader.feed(rest)..];
                continue;
            }
            Err(e) => return Err(DecryptError::NoServerHello(e.to_string())),
        };
        let Message::Handshake(m) = message else {
            return Err(DecryptError::NoServerHello(format!(
                "{message:?} before the hello"
            )));
        };
        if m.typ() != HandshakeType::ServerHello {
            let e = format!("the first message is {:?}", m.typ());
            return Err(DecryptError::NoServerHello(e));
        }
        if is_hello_retry_request(m.body()) {
            retries += 1;
            continue;
        }
        let hello =
            ServerHello::parse(m.body()).map_err(|e| DecryptError::NoServerHello(e.to_string()))?;
        let version = hello.selected_version();
        if version != ProtocolVersion::TLSv1_3 {
            return Err(DecryptError::NotTls13(version));
        }
        return Ok((hello.cipher_suite, retries));
    }
    Err(DecryptError::NoServerHello("two HelloRetryRequests".into()))
}

/// One direction of the connection and the secrets it is read with.
struct Direction {
    sender: Sender,
    /// How many plaintext hellos this side sends before its handshake keys.
    hellos: usize,
    handshake: TrafficSecret,
    application: TrafficSecret,
}

impl Direction {
    /// Reads every message of `bytes`, changing keys where the sender did; where it cannot
    /// go on, notes why in `stopped`.
    fn read(self, bytes: &[u8], stopped: &mut Vec<(Sender, String)>) -> Vec<Decrypted> {
        let mut out = Vec::new();
        if let Err(e) = self.read_into(bytes, &mut out) {
            stopped.push((self.sender, e));
        }
        out
    }

    fn read_into(&self, bytes: &[u8], out: &mut Vec<Decrypted>) -> Result<(), String> {
        let mut reader = RecordReader::new();
        reader.set_plaintext_alerts(true);
        reader.set_ccs_policy(CcsPolicy::Ignore);
        let mut epoch = Epoch::Plaintext;
        let mut hellos = 0;
        let mut application = None;
        let mut rest = bytes;
        loop {
            let message = match reader.next_message().map_err(|e| e.to_string())? {
                Some(m) => m,
                None if rest.is_empty() => {
                    return match reader.buffered_len() {
                        0 => Ok(()),
                        n => Err(format!("the bytes end inside a record ({n} bytes left)")),
                    };
                }
                None => {
                    rest = &rest[reader.feed(rest)..];
                    continue;
                }
            };
            let content = match message {
                Message::Handshake(m) => Content::Handshake(m.typ(), m.encoded().to_vec()),
                Message::ApplicationData(data) => Content::ApplicationData(data.to_vec()),
                Message::Alert(alert) => Content::Alert(alert),
                Message::ChangeCipherSpec => continue,
            };
            let next = match (&content, epoch) {
                (Content::Handshake(typ, _), Epoch::Plaintext) => {
                    let hello = match self.sender {
                        Sender::Client => HandshakeType::ClientHello,
                        Sender::Server => HandshakeType::ServerHello,
                    };
                    if *typ != hello {
                        return Err(format!("{typ:?} in the clear"));
                    }
                    hellos += 1;
                    (hellos == self.hellos).then_some((Epoch::Handshake, &self.handshake))
                }
                (Content::Handshake(HandshakeType::Finished, _), Epoch::Handshake) => {
                    reader.set_application_data(true);
                    Some((Epoch::Application(0), &self.application))
                }
                (Content::Handshake(HandshakeType::KeyUpdate, _), Epoch::Application(n)) => {
                    let current = application.as_ref().unwrap_or(&self.application);
                    application = Some(current.next().map_err(|e| e.to_string())?);
                    application.as_ref().map(|s| (Epoch::Application(n + 1), s))
                }
                _ => None,
            };
            out.push(Decrypted {
                sender: self.sender,
                epoch,
                content,
            });
            if let Some((new_epoch, secret)) = next {
                let keys = secret.keys().map_err(|e| e.to_string())?;
                let protection =
                    RecordProtection::tls13(keys.aead().clone(), keys.key(), keys.iv())
                        .map_err(|e| e.to_string())?;
                reader
                    .set_protection(Some(protection))
                    .map_err(|e| e.to_string())?;
                epoch = new_epoch;
            }
        }
    }
}
