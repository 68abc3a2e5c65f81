//! Records read and forged under a connection's own keys, rebuilt from its key log: a test
//! puts exact bytes inside a protected record, delivers it, and reads the alert the connection
//! sent back.
//!
//! TLS 1.3 connections here use TLS_AES_128_GCM_SHA256 and TLS 1.2 connections
//! TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, so that the keys can be rebuilt without asking
//! the connection which suite it chose.

// Each test file uses a part of this module.
#![allow(dead_code, unused_imports)]

use std::sync::Arc;

use bytes::BytesMut;
use stratls_codec::{Alert, AlertDescription, AlertLevel, ContentType};
use stratls_crypto::{CipherSuite, Secret};
use stratls_handshake::{ClientConfig, Connection, Error, ServerConfig, Versions};
use stratls_keyschedule::keylog::{self, KeyLogEntry, MemoryKeyLog};
use stratls_keyschedule::tls12::MasterSecret;
use stratls_keyschedule::tls13::TrafficSecret;
use stratls_record::{Message, RecordProtection, RecordReader, RecordWriter};
use stratls_test_support::*;

pub use keylog::{
    CLIENT_HANDSHAKE_TRAFFIC_SECRET as CLIENT_HS, CLIENT_TRAFFIC_SECRET_0 as CLIENT_AP,
    SERVER_HANDSHAKE_TRAFFIC_SECRET as SERVER_HS, SERVER_TRAFFIC_SECRET_0 as SERVER_AP,
};

/// The TLS 1.3 suite of these tests.
pub const TLS13_SUITE: CipherSuite = CipherSuite::TLS13_AES_128_GCM_SHA256;
/// The TLS 1.2 suite of these tests.
pub const TLS12_SUITE: CipherSuite = CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;

/// A TLS 1.3 pair whose server writes its secrets to the returned log (it logs them all while
/// it answers the first ClientHello), with `server` adjusted by `edit`.
pub fn tls13_pair(edit: impl FnOnce(&mut ServerConfig)) -> (Pair, Arc<MemoryKeyLog>) {
    tls13_pair_with(|_| {}, edit)
}

/// [`tls13_pair`] with the client adjusted by `client_edit` too.
pub fn tls13_pair_with(
    client_edit: impl FnOnce(&mut ClientConfig),
    server_edit: impl FnOnce(&mut ServerConfig),
) -> (Pair, Arc<MemoryKeyLog>) {
    let log = Arc::new(MemoryKeyLog::new());
    let mut client = client_config();
    client.shared.versions = Versions::TLS13_ONLY;
    client.shared.cipher_suites = vec![TLS13_SUITE];
    client_edit(&mut client);
    let mut server = server_config("server-ecdsa");
    server.shared.key_log = Some(log.clone());
    // The forged records count the server's from its Finished: no tickets in between.
    server.tickets = 0;
    server_edit(&mut server);
    (Pair::new(client, server), log)
}

/// Where in `records` the TLS 1.3 record protected under `label` that holds a handshake
/// message of type `typ` is, and its sequence number: protected records are counted from 0
/// in order, the others skipped.
pub fn find13(log: &MemoryKeyLog, label: &str, records: &[Vec<u8>], typ: u8) -> (usize, u64) {
    let mut seq = 0;
    for (i, r) in records.iter().enumerate() {
        if r[0] != 23 {
            continue;
        }
        if matches!(open13(log, label, seq, r), Message::Handshake(h) if h.typ().to_u8() == typ) {
            return (i, seq);
        }
        seq += 1;
    }
    panic!("no handshake message of type {typ} under {label}");
}

/// A TLS 1.2 pair whose client writes its master secret to the returned log (once it sends
/// its flight), with `client` adjusted by `edit`.
pub fn tls12_pair(edit: impl FnOnce(&mut ClientConfig)) -> (Pair, Arc<MemoryKeyLog>) {
    let log = Arc::new(MemoryKeyLog::new());
    let mut client = tls12_client_config();
    client.shared.cipher_suites = vec![TLS12_SUITE];
    client.shared.key_log = Some(log.clone());
    edit(&mut client);
    (Pair::new(client, tls12_server_config("server-ecdsa")), log)
}

/// Delivers `records` to `conn` one at a time; the first error.
pub fn deliver(conn: &mut Connection, records: &[Vec<u8>]) -> Result<(), Error> {
    records
        .iter()
        .try_for_each(|r| conn.read_tls(r).map(|_| ()))
}

/// The secret logged under `label`.
fn logged(log: &MemoryKeyLog, label: &str) -> Secret {
    try_logged(log, label).unwrap_or_else(|| panic!("{label} is not in the key log"))
}

/// The secret logged under `label`, if it is.
fn try_logged(log: &MemoryKeyLog, label: &str) -> Option<Secret> {
    log.lines().iter().find_map(|line| {
        let entry = KeyLogEntry::parse(line).expect("a key-log line");
        (entry.label == label).then_some(entry.secret)
    })
}

/// The TLS 1.3 traffic secret logged under `label`, if it is.
pub fn try_traffic_secret(log: &MemoryKeyLog, label: &str) -> Option<TrafficSecret> {
    let secret = try_logged(log, label)?;
    TrafficSecret::new(&stratls_rustcrypto::TLS13_AES_128_GCM_SHA256, secret).ok()
}

/// The TLS 1.3 traffic secret logged under `label`.
pub fn traffic_secret(log: &MemoryKeyLog, label: &str) -> TrafficSecret {
    TrafficSecret::new(
        &stratls_rustcrypto::TLS13_AES_128_GCM_SHA256,
        logged(log, label),
    )
    .expect("a traffic secret")
}

/// A TLS 1.3 record protected with the secret logged under `label`, sequence number `seq`,
/// whose TLSInnerPlaintext is exactly `inner` (content, content type, padding).
pub fn seal13_inner(log: &MemoryKeyLog, label: &str, seq: u64, inner: &[u8]) -> Vec<u8> {
    stratls_test_support::forge::seal(&traffic_secret(log, label), seq, inner)
}

/// A TLS 1.3 record of `typ` holding `content`, unpadded.
pub fn seal13(
    log: &MemoryKeyLog,
    label: &str,
    seq: u64,
    typ: ContentType,
    content: &[u8],
) -> Vec<u8> {
    let mut inner = content.to_vec();
    inner.push(u8::from(typ));
    seal13_inner(log, label, seq, &inner)
}

/// The first message of `record`, opened with the TLS 1.3 secret logged under `label`.
pub fn open13(log: &MemoryKeyLog, label: &str, seq: u64, record: &[u8]) -> Message {
    let keys = traffic_secret(log, label).keys().expect("keys");
    let protection = RecordProtection::tls13(keys.aead(), keys.key(), keys.iv())
        .expect("protection")
        .with_sequence_number(seq);
    open_with(protection, record)
}

fn open_with(protection: RecordProtection, record: &[u8]) -> Message {
    try_open_with(protection, record).expect("the record opens")
}

fn try_open_with(protection: RecordProtection, record: &[u8]) -> Option<Message> {
    let mut reader = RecordReader::new();
    reader.set_protection(Some(protection)).expect("protection");
    reader.set_application_data(true);
    reader.feed(record);
    reader.next_message().ok().flatten()
}

/// A fatal alert, as a message read back.
pub fn fatal(description: AlertDescription) -> Message {
    Message::Alert(Alert {
        level: AlertLevel::Fatal,
        description,
    })
}

/// A TLS 1.2 session's keys, from the master secret in the key log and the server random.
pub struct Tls12Keys {
    master: MasterSecret,
    client_random: [u8; 32],
    server_random: [u8; 32],
}

impl Tls12Keys {
    /// The keys of the session whose master secret `log` holds; `server_hello` is the
    /// server's first record (a ServerHello), where the server random is.
    pub fn new(log: &MemoryKeyLog, server_hello: &[u8]) -> Self {
        Self::try_new(log, server_hello).expect("the master secret is logged")
    }

    /// [`Tls12Keys::new`], if the master secret is logged.
    pub fn try_new(log: &MemoryKeyLog, server_hello: &[u8]) -> Option<Self> {
        let line = log
            .lines()
            .into_iter()
            .find(|l| l.starts_with(keylog::CLIENT_RANDOM))?;
        let entry = KeyLogEntry::parse(&line).expect("a key-log line");
        let master = MasterSecret::from_secret(
            &stratls_rustcrypto::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            entry.secret,
        )
        .expect("master secret");
        // After the record header (5), the handshake header (4) and the version (2).
        let server_random = server_hello[11..43].try_into().expect("server random");
        Some(Self {
            master,
            client_random: entry.client_random,
            server_random,
        })
    }

    fn protection(&self, client_writes: bool, seq: u64) -> RecordProtection {
        let suite = &stratls_rustcrypto::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        let block = self
            .master
            .key_block(&self.client_random, &self.server_random);
        let (key, iv) = if client_writes {
            (block.client_write_key(), block.client_write_iv())
        } else {
            (block.server_write_key(), block.server_write_iv())
        };
        RecordProtection::tls12(&suite.aead, key, iv, suite.record_nonce)
            .expect("protection")
            .with_sequence_number(seq)
    }

    /// A record of `typ` holding `data` (which may be empty), protected as the client
    /// (`client_writes`) or the server would with sequence number `seq`.
    pub fn seal(&self, client_writes: bool, seq: u64, typ: ContentType, data: &[u8]) -> Vec<u8> {
        if data.is_empty() || matches!(typ, ContentType::ChangeCipherSpec | ContentType::Alert) {
            return self.seal_exact(client_writes, seq, typ, data);
        }
        let mut writer = RecordWriter::new();
        writer.set_protection(Some(self.protection(client_writes, seq)));
        let mut out = BytesMut::new();
        writer.write(typ, data, &mut out).expect("seal");
        out.to_vec()
    }

    /// A record the writer does not make (an empty one, a protected change_cipher_spec):
    /// header, explicit nonce, `data` encrypted, tag.
    pub fn seal_exact(
        &self,
        client_writes: bool,
        seq: u64,
        typ: ContentType,
        data: &[u8],
    ) -> Vec<u8> {
        let block = self
            .master
            .key_block(&self.client_random, &self.server_random);
        let (key, iv) = if client_writes {
            (block.client_write_key(), block.client_write_iv())
        } else {
            (block.server_write_key(), block.server_write_iv())
        };
        let aead = &stratls_rustcrypto::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256.aead;
        let key = aead.key(key.as_bytes()).expect("AEAD key");
        // RFC 5288: salt (the 4-byte IV) ‖ explicit nonce (the sequence number).
        let mut nonce = [0u8; 12];
        nonce[..4].copy_from_slice(&iv.as_bytes()[..4]);
        nonce[4..].copy_from_slice(&seq.to_be_bytes());
        // seq_num ‖ type ‖ version ‖ length (RFC 5246 §6.2.3.3).
        let len = u16::try_from(data.len()).expect("a short record");
        let mut aad = seq.to_be_bytes().to_vec();
        aad.push(u8::from(typ));
        aad.extend_from_slice(&[3, 3]);
        aad.extend_from_slice(&len.to_be_bytes());
        let mut tag = [0u8; 16];
        let mut body = data.to_vec();
        key.seal_in_place(&nonce, &aad, &mut body, &mut tag)
            .expect("seal");
        let mut record = vec![u8::from(typ), 3, 3];
        record.extend_from_slice(&(len + 8 + 16).to_be_bytes());
        record.extend_from_slice(&seq.to_be_bytes());
        record.extend_from_slice(&body);
        record.extend_from_slice(&tag);
        record
    }

    /// The first message of `record`, opened as the client (`client_writes`) or the server
    /// sent it with sequence number `seq`.
    pub fn open(&self, client_writes: bool, seq: u64, record: &[u8]) -> Message {
        open_with(self.protection(client_writes, seq), record)
    }

    /// [`Tls12Keys::open`], `None` if the record does not open.
    pub fn try_open(&self, client_writes: bool, seq: u64, record: &[u8]) -> Option<Message> {
        try_open_with(self.protection(client_writes, seq), record)
    }
}
