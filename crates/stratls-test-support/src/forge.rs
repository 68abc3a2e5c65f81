//! TLS 1.3 records sealed under a live connection's real application keys, as a hostile peer
//! writes them: any content type, any padding, empty records, KeyUpdates.
//!
//! [`established`] runs a handshake with a key log on the client and rebuilds both sides'
//! application traffic secrets from it; a [`Forger`] then writes as one side, from sequence
//! number 0, so the side it stands in for must not write application records itself.

use std::sync::Arc;

use stratls_crypto::{CipherSuite, Shared, Tls13CipherSuite};
use stratls_handshake::{ClientConfig, ServerConfig, Side};
use stratls_keyschedule::keylog::{
    CLIENT_TRAFFIC_SECRET_0, KeyLogEntry, MemoryKeyLog, SERVER_TRAFFIC_SECRET_0,
};
use stratls_keyschedule::tls13::TrafficSecret;

use crate::pair::Pair;
use crate::records::{ALERT, APPLICATION_DATA, HANDSHAKE};

/// The handshake type of KeyUpdate (RFC 8446 §4).
const KEY_UPDATE: u8 = 24;

/// Both sides' TLS 1.3 application traffic secrets of a pair.
#[derive(Debug)]
pub struct Keys {
    client: TrafficSecret,
    server: TrafficSecret,
}

impl Keys {
    /// A forger that writes as `side`, from its first application record on.
    pub fn forger(&self, side: Side) -> Forger {
        let secret = match side {
            Side::Client => &self.client,
            Side::Server => &self.server,
        };
        Forger::new(copy(secret))
    }
}

/// A TLS 1.3 pair of `client` and `server`, established, and its application secrets rebuilt
/// from the client's key log.
///
/// # Panics
///
/// If the handshake fails, is not TLS 1.3, or the key log lacks the application secrets.
pub fn established(mut client: ClientConfig, server: ServerConfig) -> (Pair, Keys) {
    let log = Arc::new(MemoryKeyLog::new());
    client.shared.key_log = Some(log.clone());
    let mut pair = Pair::new(client, server);
    pair.handshake();
    let suite = pair
        .client
        .negotiated()
        .and_then(|n| n.cipher_suite)
        .expect("a negotiated suite");
    let suite = tls13_suite(suite);
    let lines = log.lines();
    let secret = |label: &str| {
        let line = lines
            .iter()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("{label} in the key log"));
        let entry = KeyLogEntry::parse(line).expect("a key log line");
        TrafficSecret::new(suite.clone(), entry.secret).expect("a traffic secret")
    };
    let keys = Keys {
        client: secret(CLIENT_TRAFFIC_SECRET_0),
        server: secret(SERVER_TRAFFIC_SECRET_0),
    };
    (pair, keys)
}

fn tls13_suite(id: CipherSuite) -> Shared<Tls13CipherSuite> {
    stratls_rustcrypto::PROVIDER
        .tls13_suite(id)
        .cloned()
        .expect("a TLS 1.3 suite of the default provider")
}

/// Writes TLS 1.3 records as one side of a connection, under its real keys.
pub struct Forger {
    secret: TrafficSecret,
    seq: u64,
    padding: usize,
}

impl std::fmt::Debug for Forger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Forger")
            .field("seq", &self.seq)
            .field("padding", &self.padding)
            .finish_non_exhaustive()
    }
}

impl Forger {
    fn new(secret: TrafficSecret) -> Self {
        Self {
            secret,
            seq: 0,
            padding: 0,
        }
    }

    /// Pads every following record with `len` zero bytes (RFC 8446 §5.4).
    pub fn with_padding(mut self, len: usize) -> Self {
        self.padding = len;
        self
    }

    /// How many records were written under the current key.
    pub fn sequence_number(&self) -> u64 {
        self.seq
    }

    /// A record of `content_type` carrying `content` (which may be empty), padded.
    ///
    /// # Panics
    ///
    /// If the record does not fit a record's length field.
    pub fn record(&mut self, content_type: u8, content: &[u8]) -> Vec<u8> {
        let mut inner = Vec::with_capacity(content.len() + 1 + self.padding);
        inner.extend_from_slice(content);
        inner.push(content_type);
        inner.resize(inner.len() + self.padding, 0);
        let record = seal(&self.secret, self.seq, &inner);
        self.seq += 1;
        record
    }

    /// An application-data record.
    pub fn application_data(&mut self, data: &[u8]) -> Vec<u8> {
        self.record(APPLICATION_DATA, data)
    }

    /// An alert record.
    pub fn alert(&mut self, level: u8, description: u8) -> Vec<u8> {
        self.record(ALERT, &[level, description])
    }

    /// A handshake record carrying `message` (its header included).
    pub fn handshake(&mut self, message: &[u8]) -> Vec<u8> {
        self.record(HANDSHAKE, message)
    }

    /// A KeyUpdate, asking the peer to update its keys too if `request_update`; the records
    /// after it are written under the next key, as RFC 8446 §4.6.3 says.
    pub fn key_update(&mut self, request_update: bool) -> Vec<u8> {
        let record = self.handshake(&[KEY_UPDATE, 0, 0, 1, u8::from(request_update)]);
        *self = Self {
            padding: self.padding,
            ..Self::new(self.secret.next().expect("the next traffic secret"))
        };
        record
    }
}

/// A TLS 1.3 record protected with `secret` at sequence number `seq`, whose TLSInnerPlaintext
/// is exactly `inner` (content, content type, padding): every record this crate forges.
///
/// # Panics
///
/// If the record does not fit a record's length field.
pub fn seal(secret: &TrafficSecret, seq: u64, inner: &[u8]) -> Vec<u8> {
    let keys = secret.keys().expect("traffic keys");
    let key = keys.aead_key().expect("an AEAD key");
    let tag_len = keys.aead().tag_len();
    let len = u16::try_from(inner.len() + tag_len).expect("a record length");
    let mut record = vec![APPLICATION_DATA, 3, 3];
    record.extend_from_slice(&len.to_be_bytes());
    let header = record.clone();
    let mut data = inner.to_vec();
    let mut tag = vec![0; tag_len];
    key.seal_in_place(&keys.iv().nonce(seq), &header, &mut data, &mut tag)
        .expect("seal");
    record.extend_from_slice(&data);
    record.extend_from_slice(&tag);
    record
}

/// A copy of `secret` (secrets are not `Clone`: copies are explicit).
fn copy(secret: &TrafficSecret) -> TrafficSecret {
    TrafficSecret::new(secret.suite().clone(), secret.as_secret().duplicate()).expect("a copy")
}
