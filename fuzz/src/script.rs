//! The hostile peer of the connection targets: a script of records, written as the other side
//! would, sealed with the keys the connection under test itself derived.
//!
//! The connection under test logs its secrets to [`ThreadKeyLog`] and reports the ServerHello
//! it sent or received to [`HelloObserver`]; a [`Peer`] seals what the script says under the
//! secrets of the side it plays, at the moment the record is written. Every mutation of a
//! handshake message, alert or data in a sealed record therefore arrives inside a record that
//! opens, whatever the fuzzer did to the messages before it (as long as the keys could be
//! derived at all): the parsers and state machine see the mutated plaintext instead of a
//! `bad_record_mac`.
//!
//! # Script
//!
//! A sequence of operations, each an op byte and its operands; the low two bits of the op
//! byte name it:
//!
//! | op & 3 | operands | bytes sent |
//! | --- | --- | --- |
//! | 0 | `u16` length, bytes | the bytes as they are |
//! | 1 | `u16` length, content | a plaintext record of type `TYPES[op >> 2 & 3]` |
//! | 2 | `u16` length, content | a sealed record of type `TYPES[op >> 2 & 3]`, padded with `op >> 4` zero bytes (TLS 1.3) |
//! | 3, `op >> 4` = 1 | — | the peer's Finished, computed over the transcript the connection under test has, in a record as op 2 would write it |
//! | 3, `op >> 4` = 2 | — | the peer's TLS 1.3 CertificateVerify, signed with its key ([`SERVER_CERT`], [`CLIENT_CERT`]) over that transcript, likewise |
//! | 3, otherwise | — | nothing: the peer's write keys change to `op >> 2 & 3` (see [`Epoch`]) |
//!
//! The computed Finished lets mutations of what the Finished covers but nothing signs (a
//! ClientHello, a TLS 1.2 ClientKeyExchange) go past the Finished check into the established
//! connection; with the computed CertificateVerify too, mutations of a TLS 1.3 ServerHello,
//! EncryptedExtensions or CertificateRequest do.
//!
//! A sealed record whose keys are not known yet (nothing logged, or the ServerHello did not
//! name a suite of the provider) goes out as a plaintext record of the same type.

use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

use bytes::BytesMut;
use stratls_codec::{CipherSuite, ContentType, HandshakeMessage};
use stratls_crypto::{Secret, SignatureScheme};
use stratls_handshake::{CertifiedKey, Event, Observer, Side};
use stratls_keyschedule::HashOutput;
use stratls_keyschedule::keylog::{
    self, CLIENT_HANDSHAKE_TRAFFIC_SECRET, CLIENT_TRAFFIC_SECRET_0, KeyLog,
    SERVER_HANDSHAKE_TRAFFIC_SECRET, SERVER_TRAFFIC_SECRET_0,
};
use stratls_keyschedule::tls12::{FinishedLabel, MasterSecret};
use stratls_keyschedule::tls13::TrafficSecret;
use stratls_record::{RecordProtection, RecordWriter};
use stratls_test_support::{certs, forge};

use crate::peers::{CLIENT_CERT, SERVER_CERT};
use stratls_test_support::records::{self, ALERT, APPLICATION_DATA, CHANGE_CIPHER_SPEC, HANDSHAKE};

/// The content types ops 1 and 2 write, by `op >> 2 & 3`.
pub const TYPES: [u8; 4] = [HANDSHAKE, CHANGE_CIPHER_SPEC, ALERT, APPLICATION_DATA];

/// The op writing raw bytes.
pub const OP_RAW: u8 = 0;
/// The op writing a plaintext record (type in bits 2–3).
pub const OP_PLAIN: u8 = 1;
/// The op writing a sealed record (type in bits 2–3, padding length in bits 4–7).
pub const OP_SEALED: u8 = 2;
/// The op changing the write keys (epoch in bits 2–3), or with bits 4–7 = 1
/// ([`OP_FINISHED`]) writing a computed Finished.
pub const OP_EPOCH: u8 = 3;
/// The op writing the peer's Finished, computed over the transcript.
pub const OP_FINISHED: u8 = OP_EPOCH | 1 << 4;
/// The op writing the peer's TLS 1.3 CertificateVerify, signed over the transcript.
pub const OP_CERTIFICATE_VERIFY: u8 = OP_EPOCH | 2 << 4;

/// The signature schemes of the peers' keys.
const SCHEMES: [SignatureScheme; 2] = [
    SignatureScheme::ECDSA_SECP256R1_SHA256,
    SignatureScheme::ED25519,
];

/// The largest TLSInnerPlaintext a sealed record carries: a record's length field less the
/// AEAD tag (records over the RFC's limit are written too, so the reader's limit is tested).
const MAX_INNER: usize = u16::MAX as usize - 16;

thread_local! {
    static LOGGED: RefCell<Vec<Logged>> = const { RefCell::new(Vec::new()) };
    static HELLO: RefCell<Option<Hello>> = const { RefCell::new(None) };
    static TRANSCRIPT: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
    static HRR_AT: RefCell<Option<usize>> = const { RefCell::new(None) };
}

/// One key-log line of the connection under test.
struct Logged {
    label: String,
    client_random: Vec<u8>,
    secret: Secret,
}

/// What the ServerHello of the connection under test said.
#[derive(Clone, Copy)]
struct Hello {
    random: [u8; 32],
    suite: CipherSuite,
}

/// A key log into this thread's memory (the targets run one connection at a time per thread;
/// [`reset`] empties it).
#[derive(Debug)]
pub struct ThreadKeyLog;

impl KeyLog for ThreadKeyLog {
    fn log(&self, label: &str, client_random: &[u8], secret: &[u8]) {
        LOGGED.with(|l| {
            l.borrow_mut().push(Logged {
                label: label.to_string(),
                client_random: client_random.to_vec(),
                secret: Secret::from_slice(secret),
            });
        });
    }
}

/// Remembers the random and cipher suite of the last ServerHello a connection of this thread
/// sent or received, and every handshake message it sent or received (its transcript, once
/// a HelloRetryRequest is accounted for).
#[derive(Debug)]
pub struct HelloObserver;

impl Observer for HelloObserver {
    fn on_event(&self, event: &Event<'_>) {
        let Event::Handshake {
            message, encoded, ..
        } = event
        else {
            return;
        };
        match message {
            HandshakeMessage::ServerHello(hello) => HELLO.with(|h| {
                *h.borrow_mut() = Some(Hello {
                    random: hello.random,
                    suite: hello.cipher_suite,
                });
            }),
            HandshakeMessage::HelloRetryRequest(_) => {
                let at = TRANSCRIPT.with(|t| t.borrow().len());
                HRR_AT.with(|h| *h.borrow_mut() = Some(at));
            }
            // Not part of the transcript (RFC 5246 §7.4.1.1).
            HandshakeMessage::HelloRequest(_) => return,
            _ => {}
        }
        TRANSCRIPT.with(|t| t.borrow_mut().push(encoded.to_vec()));
    }
}

/// Forgets this thread's logged secrets, ServerHello and transcript: call before each run.
pub fn reset() {
    LOGGED.with(|l| l.borrow_mut().clear());
    HELLO.with(|h| *h.borrow_mut() = None);
    TRANSCRIPT.with(|t| t.borrow_mut().clear());
    HRR_AT.with(|h| *h.borrow_mut() = None);
}

/// The hash with `hash` of the transcript so far: the messages in order, the ones before a
/// HelloRetryRequest replaced by their `message_hash` (RFC 8446 §4.4.1).
fn transcript_hash(hash: &dyn stratls_crypto::Hash) -> HashOutput {
    let messages = TRANSCRIPT.with(|t| t.borrow().clone());
    let hrr = HRR_AT
        .with(|h| *h.borrow())
        .filter(|&at| at <= messages.len());
    let mut ctx = hash.start();
    let rest = match hrr {
        Some(at) => {
            let first = hash.hash(&messages[..at].concat());
            let digest = first.as_bytes();
            ctx.update(&[254, 0, 0, u8::try_from(digest.len()).unwrap_or(u8::MAX)]);
            ctx.update(digest);
            &messages[at..]
        }
        None => &messages[..],
    };
    rest.iter().for_each(|m| ctx.update(m));
    ctx.finish()
}

fn logged(label: &str) -> Option<(Vec<u8>, Secret)> {
    LOGGED.with(|l| {
        l.borrow()
            .iter()
            .rev()
            .find(|e| e.label == label)
            .map(|e| (e.client_random.clone(), e.secret.duplicate()))
    })
}

fn hello() -> Option<Hello> {
    HELLO.with(|h| *h.borrow())
}

static SERVER_KEY: OnceLock<Arc<CertifiedKey>> = OnceLock::new();
static CLIENT_KEY: OnceLock<Arc<CertifiedKey>> = OnceLock::new();

/// The certificate and key `name`, loaded once into `cell`.
fn signing_key(cell: &'static OnceLock<Arc<CertifiedKey>>, name: &str) -> &'static CertifiedKey {
    cell.get_or_init(|| certs::certified(name))
}

/// Which keys the peer writes under, by the operand of [`OP_EPOCH`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Epoch {
    /// 0: no protection.
    Plaintext,
    /// 1: TLS 1.3 handshake traffic keys; TLS 1.2 the session's keys.
    Handshake,
    /// 2: TLS 1.3 application traffic keys of the given generation (3 moves to the next one,
    /// as after a KeyUpdate); TLS 1.2 the session's keys.
    Application(u32),
}

/// The other side of a connection under test, writing records as the script says.
#[derive(Debug)]
pub struct Peer {
    writes_as: Side,
    epoch: Epoch,
    seq: u64,
}

impl Peer {
    /// A peer writing as `writes_as` (the side the connection under test is not).
    pub fn new(writes_as: Side) -> Self {
        Self {
            writes_as,
            epoch: Epoch::Plaintext,
            seq: 0,
        }
    }

    /// Changes the write keys ([`OP_EPOCH`] with operand `which`); sequence numbers restart.
    pub fn set_epoch(&mut self, which: u8) {
        self.epoch = match (which & 3, self.epoch) {
            (0, _) => Epoch::Plaintext,
            (1, _) => Epoch::Handshake,
            (2, _) => Epoch::Application(0),
            (_, Epoch::Application(n)) => Epoch::Application(n.saturating_add(1)),
            (_, _) => Epoch::Application(0),
        };
        self.seq = 0;
    }

    /// The bytes of one record of `content_type` carrying `content`, sealed under the current
    /// keys if there are any (`padding` zero bytes after the content type in TLS 1.3).
    pub fn sealed(&mut self, content_type: u8, content: &[u8], padding: usize) -> Vec<u8> {
        if self.epoch == Epoch::Plaintext {
            return records::record(content_type, content);
        }
        if let Some(secret) = self.tls13_secret() {
            let mut inner = content.get(..MAX_INNER - 1).unwrap_or(content).to_vec();
            inner.push(content_type);
            inner.resize((inner.len() + padding).min(MAX_INNER), 0);
            let record = forge::seal(&secret, self.seq, &inner);
            self.seq += 1;
            return record;
        }
        if let Some(protection) = self.tls12_protection() {
            let mut writer = RecordWriter::new();
            writer.set_protection(Some(protection));
            let mut out = BytesMut::new();
            if writer
                .write(ContentType::from(content_type), content, &mut out)
                .is_ok()
            {
                self.seq += records::split(&out).len() as u64;
                return out.to_vec();
            }
        }
        records::record(content_type, content)
    }

    /// The record of the Finished this side sends now, over the transcript the connection
    /// under test has (TLS 1.3: with the side's handshake traffic secret; TLS 1.2: with the
    /// master secret), written as [`Peer::sealed`] writes a handshake record; nothing while
    /// the secrets are unknown.
    pub fn finished(&mut self) -> Vec<u8> {
        match self.finished_message() {
            Some(message) => self.sealed(HANDSHAKE, &message, 0),
            None => Vec::new(),
        }
    }

    /// The record of the TLS 1.3 CertificateVerify this side sends now, signed with its key
    /// over the transcript the connection under test has (RFC 8446 §4.4.3), written as
    /// [`Peer::sealed`] writes a handshake record; nothing unless TLS 1.3 keys are known.
    pub fn certificate_verify(&mut self) -> Vec<u8> {
        match self.certificate_verify_message() {
            Some(message) => self.sealed(HANDSHAKE, &message, 0),
            None => Vec::new(),
        }
    }

    fn certificate_verify_message(&self) -> Option<Vec<u8>> {
        let (context, key) = match self.writes_as {
            Side::Client => (
                &b"TLS 1.3, client CertificateVerify"[..],
                signing_key(&CLIENT_KEY, CLIENT_CERT),
            ),
            Side::Server => (
                &b"TLS 1.3, server CertificateVerify"[..],
                signing_key(&SERVER_KEY, SERVER_CERT),
            ),
        };
        logged(CLIENT_HANDSHAKE_TRAFFIC_SECRET)?;
        let suite = stratls_rustcrypto::PROVIDER.tls13_suite(hello()?.suite)?;
        let mut signed = vec![0x20; 64];
        signed.extend_from_slice(context);
        signed.push(0);
        signed.extend_from_slice(transcript_hash(&*suite.hash).as_bytes());
        let signer = key.key.choose_scheme(&SCHEMES)?;
        let signature = signer.sign(&signed).ok()?;
        let mut body = signer.scheme().to_u16().to_be_bytes().to_vec();
        body.extend_from_slice(&u16::try_from(signature.len()).ok()?.to_be_bytes());
        body.extend_from_slice(&signature);
        let len = u32::try_from(body.len()).ok()?.to_be_bytes();
        let mut message = vec![15, len[1], len[2], len[3]];
        message.extend_from_slice(&body);
        Some(message)
    }

    fn finished_message(&self) -> Option<Vec<u8>> {
        let suite = hello()?.suite;
        let verify_data = if let Some((_, secret)) = logged(match self.writes_as {
            Side::Client => CLIENT_HANDSHAKE_TRAFFIC_SECRET,
            Side::Server => SERVER_HANDSHAKE_TRAFFIC_SECRET,
        }) {
            let suite = stratls_rustcrypto::PROVIDER.tls13_suite(suite)?;
            let secret = TrafficSecret::new(suite.clone(), secret).ok()?;
            let hash = transcript_hash(&*suite.hash);
            secret.finished_verify_data(&hash).ok()?.as_bytes().to_vec()
        } else {
            let (_, master) = logged(keylog::CLIENT_RANDOM)?;
            let suite = stratls_rustcrypto::PROVIDER.tls12_suite(suite)?;
            let master = MasterSecret::from_secret(suite.clone(), master).ok()?;
            let label = match self.writes_as {
                Side::Client => FinishedLabel::Client,
                Side::Server => FinishedLabel::Server,
            };
            let hash = transcript_hash(&*suite.hash);
            master.verify_data(label, &hash).ok()?.as_bytes().to_vec()
        };
        let len = u8::try_from(verify_data.len()).ok()?;
        let mut message = vec![20, 0, 0, len];
        message.extend_from_slice(&verify_data);
        Some(message)
    }

    /// The TLS 1.3 traffic secret of the current epoch, if the connection under test logged it.
    fn tls13_secret(&self) -> Option<TrafficSecret> {
        let (handshake, application) = match self.writes_as {
            Side::Client => (CLIENT_HANDSHAKE_TRAFFIC_SECRET, CLIENT_TRAFFIC_SECRET_0),
            Side::Server => (SERVER_HANDSHAKE_TRAFFIC_SECRET, SERVER_TRAFFIC_SECRET_0),
        };
        let suite = stratls_rustcrypto::PROVIDER.tls13_suite(hello()?.suite)?;
        match self.epoch {
            Epoch::Plaintext => None,
            Epoch::Handshake => TrafficSecret::new(suite.clone(), logged(handshake)?.1).ok(),
            Epoch::Application(generation) => {
                let mut secret = TrafficSecret::new(suite.clone(), logged(application)?.1).ok()?;
                for _ in 0..generation.min(64) {
                    secret = secret.next().ok()?;
                }
                Some(secret)
            }
        }
    }

    /// The TLS 1.2 protection of this side's records, if the connection under test logged the
    /// master secret.
    fn tls12_protection(&self) -> Option<RecordProtection> {
        let (client_random, master) = logged(keylog::CLIENT_RANDOM)?;
        let hello = hello()?;
        let suite = stratls_rustcrypto::PROVIDER.tls12_suite(hello.suite)?;
        let master = MasterSecret::from_secret(suite.clone(), master).ok()?;
        let block = master.key_block(&client_random.try_into().ok()?, &hello.random);
        let (key, iv) = match self.writes_as {
            Side::Client => (block.client_write_key(), block.client_write_iv()),
            Side::Server => (block.server_write_key(), block.server_write_iv()),
        };
        RecordProtection::tls12(&suite.aead, key, iv, suite.record_nonce)
            .ok()
            .map(|p| p.with_sequence_number(self.seq))
    }
}

/// One operation of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Op {
    /// The op byte.
    pub code: u8,
    /// Its operand (empty for [`OP_EPOCH`]).
    pub operand: Vec<u8>,
}

impl Op {
    /// The content type a record op writes.
    pub fn content_type(&self) -> u8 {
        TYPES[usize::from(self.code >> 2 & 3)]
    }
}

/// The operations of `script` (a cut last operand is kept as it is).
pub fn ops(script: &[u8]) -> Vec<Op> {
    let mut input = crate::input::Input::new(script);
    let mut out = Vec::new();
    while let Some(code) = input.byte() {
        let operand = if code & 3 == OP_EPOCH {
            Vec::new()
        } else {
            let len = usize::from(input.u16());
            input.bytes(len).to_vec()
        };
        out.push(Op { code, operand });
    }
    out
}

/// The script of `ops`.
///
/// # Panics
///
/// If an operand is longer than 65535 bytes.
pub fn script(ops: &[Op]) -> Vec<u8> {
    let mut w = ScriptWriter::default();
    for op in ops {
        if op.code & 3 == OP_EPOCH {
            w.out.push(op.code);
        } else {
            w.op(op.code, &op.operand);
        }
    }
    w.take()
}

/// Writes scripts (see the module docs): what a recorded conversation's side sent, as ops.
#[derive(Debug, Default, Clone)]
pub struct ScriptWriter {
    out: Vec<u8>,
}

impl ScriptWriter {
    /// Raw bytes, in pieces of at most 65535.
    pub fn raw(&mut self, bytes: &[u8]) {
        for piece in bytes.chunks(usize::from(u16::MAX)) {
            self.op(OP_RAW, piece);
        }
    }

    /// A record of `content_type` with `content` (in records of at most 2^14 bytes), sealed
    /// or not.
    pub fn record(&mut self, sealed: bool, content_type: u8, content: &[u8]) {
        let index = TYPES
            .iter()
            .position(|&t| t == content_type)
            .and_then(|i| u8::try_from(i).ok())
            .expect("a content type the script writes");
        let op = if sealed { OP_SEALED } else { OP_PLAIN } | index << 2;
        if content.is_empty() {
            self.op(op, content);
        }
        for piece in content.chunks(1 << 14) {
            self.op(op, piece);
        }
    }

    /// This side's Finished, computed when the script is played.
    pub fn finished(&mut self) {
        self.out.push(OP_FINISHED);
    }

    /// This side's TLS 1.3 CertificateVerify, computed when the script is played.
    pub fn certificate_verify(&mut self) {
        self.out.push(OP_CERTIFICATE_VERIFY);
    }

    /// A change of the write keys to `epoch` (0 plaintext, 1 handshake, 2 application, 3 the
    /// next application keys).
    pub fn epoch(&mut self, epoch: u8) {
        self.out.push(OP_EPOCH | (epoch & 3) << 2);
    }

    fn op(&mut self, op: u8, operand: &[u8]) {
        let len = u16::try_from(operand.len()).expect("operand fits a u16");
        self.out.push(op);
        self.out.extend_from_slice(&len.to_be_bytes());
        self.out.extend_from_slice(operand);
    }

    /// The script so far.
    pub fn bytes(&self) -> &[u8] {
        &self.out
    }

    /// Takes the script so far, leaving it empty.
    pub fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }
}
