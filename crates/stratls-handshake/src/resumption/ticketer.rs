//! Sealing session states into tickets: the [`Ticketer`] trait and its stateless
//! implementation, [`AeadTicketer`], under rotating keys or keys from a file.

use std::fmt;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use stratls_crypto::{
    Aead, AeadKey, CipherSuite, CryptoError, CryptoProvider, Hkdf, NONCE_LEN, Secret, SecureRandom,
    Shared,
};
use stratls_pki::UnixTime;
use subtle::ConstantTimeEq;

/// Turns an encoded [`SessionState`](super::SessionState) into an opaque ticket and back.
///
/// A server calls [`seal`](Ticketer::seal) for every ticket it issues and
/// [`open`](Ticketer::open) for every ticket a client offers; `now` is the server's clock.
/// A fleet of servers that should resume each other's sessions shares one implementation's
/// keys (or its store). Opening never fails loudly: a ticket that cannot be opened (an
/// unknown or retired key, a changed byte, a consumed entry) is `None`, and the server makes a
/// full handshake.
pub trait Ticketer: Send + Sync + fmt::Debug {
    /// Seals `state` into a ticket.
    fn seal(&self, state: &[u8], now: UnixTime) -> Result<Vec<u8>, CryptoError>;

    /// Opens `ticket`, giving the state it sealed.
    fn open(&self, ticket: &[u8], now: UnixTime) -> Option<Secret>;

    /// Whether every ticket opens at most once. Only such a ticketer can promise that 0-RTT
    /// data is accepted once per ticket (RFC 8446 §8.1); a stateless one cannot.
    fn single_use(&self) -> bool {
        false
    }
}

/// The length of a key name (key id) in a ticket and in a key file record.
pub const KEY_NAME_LEN: usize = 16;
/// The ticket key rotation interval of [`AeadTicketer::new`].
pub const DEFAULT_ROTATION: Duration = Duration::from_secs(12 * 3600);
/// Tickets sealed under one key before it is retired (random nonces: far below the 2^32 that
/// AES-GCM allows with random 96-bit nonces).
const MAX_SEALS_PER_KEY: u64 = 1 << 30;
/// The HKDF info that derives an AEAD key from a key file record.
const KEY_FILE_INFO: &[u8] = b"stratls ticket key";
/// At most this many keys in a key file.
pub const MAX_FILE_KEYS: usize = 16;

/// A stateless ticketer: each ticket is the session state sealed with the provider's AEAD.
///
/// A ticket is `key name (16) || nonce (12) || ciphertext || tag`, the key name being the
/// additional data. The nonce is random.
///
/// Keys come in two ways:
/// - [`AeadTicketer::new`]: random keys made here, rotated every interval. The key that
///   seals is replaced by a new one at each rotation and still opens tickets for one more
///   interval, so a ticket can be opened between one and two intervals after it was sealed
///   (and never beyond its own lifetime). Keys never leave the process: one server only.
/// - [`AeadTicketer::from_key_file`] / [`AeadTicketer::from_key_records`]: keys an operator
///   distributes to every member of a fleet, so that any member resumes a session made by
///   another. The first key seals, every key opens. Rotation is the operator's: write the
///   new key first, keep the previous one after it, and load the file again
///   ([`AeadTicketer::replace_keys`]).
pub struct AeadTicketer {
    aead: Shared<dyn Aead>,
    /// Derives keys from file records.
    hkdf: Shared<dyn Hkdf>,
    random: Shared<dyn SecureRandom>,
    /// Rotate random keys at this interval; `None` for keys from a file.
    rotation: Option<Duration>,
    ring: Mutex<KeyRing>,
}

struct KeyRing {
    /// The key that seals; first of `keys`.
    keys: Vec<TicketKey>,
    /// When the sealing key was made (random keys), in seconds since the epoch; `None`
    /// until the first call that knows the time.
    since: Option<u64>,
}

struct TicketKey {
    name: [u8; KEY_NAME_LEN],
    key: Box<dyn AeadKey>,
    sealed: u64,
}

/// Why a ticket key file was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TicketKeyError {
    /// No key.
    Empty,
    /// A record is neither 48 nor 80 bytes long; its length.
    BadRecordLength(usize),
    /// A line is not base64.
    BadBase64,
    /// More than [`MAX_FILE_KEYS`] keys.
    TooManyKeys,
    /// The provider has no AEAD to seal tickets with, or refused a key.
    Provider,
}

impl fmt::Display for TicketKeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("the ticket key file holds no key"),
            Self::BadRecordLength(n) => {
                write!(
                    f,
                    "a ticket key is {n} bytes long: it must be 48 or 80 bytes"
                )
            }
            Self::BadBase64 => f.write_str("a line of the ticket key file is not base64"),
            Self::TooManyKeys => write!(f, "more than {MAX_FILE_KEYS} ticket keys"),
            Self::Provider => {
                f.write_str("the crypto provider cannot make a ticket key (no AEAD suite)")
            }
        }
    }
}

impl std::error::Error for TicketKeyError {}

impl fmt::Debug for AeadTicketer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AeadTicketer")
            .field("aead", &self.aead.algorithm())
            .field("rotation", &self.rotation)
            .finish_non_exhaustive()
    }
}

/// The AEAD and HKDF of the provider's strongest TLS 1.3 suite for tickets: AES-256-GCM if
/// there is one, else ChaCha20-Poly1305, else its first suite; a provider with TLS 1.2 suites
/// only gives its first one's.
fn ticket_suite(provider: &CryptoProvider) -> Option<(Shared<dyn Aead>, Shared<dyn Hkdf>)> {
    let suites = &provider.tls13_cipher_suites;
    let pick = [
        CipherSuite::TLS13_AES_256_GCM_SHA384,
        CipherSuite::TLS13_CHACHA20_POLY1305_SHA256,
    ]
    .iter()
    .find_map(|id| suites.iter().find(|s| s.id == *id))
    .or_else(|| suites.first());
    match pick {
        Some(s) => Some((s.aead.clone(), s.hkdf.clone())),
        None => provider
            .tls12_cipher_suites
            .first()
            .map(|s| (s.aead.clone(), s.hmac.clone())),
    }
}

impl AeadTicketer {
    /// Random keys, rotated every `rotation` (see the type's documentation), with the
    /// provider's AEAD and randomness.
    pub fn new(provider: &CryptoProvider, rotation: Duration) -> Result<Self, TicketKeyError> {
        let (aead, hkdf) = ticket_suite(provider).ok_or(TicketKeyError::Provider)?;
        let random = provider.random.clone();
        let first = random_key(&*aead, &*random).map_err(|_| TicketKeyError::Provider)?;
        Ok(Self {
            aead,
            hkdf,
            random,
            rotation: Some(rotation.max(Duration::from_secs(1))),
            ring: Mutex::new(KeyRing {
                keys: vec![first],
                since: None,
            }),
        })
    }

    /// Keys from a file of base64 lines, one key per line, each 48 or 80 bytes once decoded
    /// (the line format of HAProxy's `tls-ticket-keys`; `openssl rand 80 | base64 -w0` makes
    /// one). Empty lines and lines starting with `#` are skipped. The first key seals, all
    /// of them open. See [`AeadTicketer::from_key_records`] for how a record becomes a key.
    pub fn from_key_file(provider: &CryptoProvider, file: &[u8]) -> Result<Self, TicketKeyError> {
        let records = parse_key_file(file)?;
        let refs: Vec<&[u8]> = records.iter().map(|r| r.as_bytes()).collect();
        Self::from_key_records(provider, &refs)
    }

    /// Keys from records of 48 or 80 bytes each (the binary files nginx reads for
    /// `ssl_session_ticket_key`, one record each; `openssl rand 80 > ticket.key` makes one).
    /// The first 16 bytes of a record are the key's name, sent in every ticket it seals; the
    /// AEAD key is HKDF-SHA of the provider's ticket suite over the rest (extract without
    /// salt, expand with "stratls ticket key"), so either record size keys any AEAD. The
    /// first record seals, all of them open.
    pub fn from_key_records(
        provider: &CryptoProvider,
        records: &[&[u8]],
    ) -> Result<Self, TicketKeyError> {
        let (aead, hkdf) = ticket_suite(provider).ok_or(TicketKeyError::Provider)?;
        let keys = file_keys(&*aead, &*hkdf, records)?;
        Ok(Self {
            aead,
            hkdf,
            random: provider.random.clone(),
            rotation: None,
            ring: Mutex::new(KeyRing { keys, since: None }),
        })
    }

    /// Replaces the keys of a ticketer made from records or a file (after the file changed):
    /// tickets under a key no longer listed stop opening. For a ticketer of random keys,
    /// the records become its keys and rotation goes on from them.
    pub fn replace_keys(&self, records: &[&[u8]]) -> Result<(), TicketKeyError> {
        let keys = file_keys(&*self.aead, &*self.hkdf, records)?;
        let mut ring = self.lock();
        ring.keys = keys;
        ring.since = None;
        Ok(())
    }

    /// How many keys open tickets now (the sealing key and the older ones still accepted).
    pub fn key_count(&self) -> usize {
        self.lock().keys.len()
    }

    fn lock(&self) -> MutexGuard<'_, KeyRing> {
        // A panic while the lock was held cannot leave the ring half-changed: every change
        // is one assignment.
        self.ring.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Rotates random keys that are due at `now`.
    fn rotate(&self, ring: &mut KeyRing, now: UnixTime) -> Result<(), CryptoError> {
        let Some(interval) = self.rotation else {
            return Ok(());
        };
        let now = now.as_secs();
        let since = *ring.since.get_or_insert(now);
        let elapsed = now.saturating_sub(since);
        let interval = interval.as_secs().max(1);
        let worn = ring
            .keys
            .first()
            .is_some_and(|k| k.sealed >= MAX_SEALS_PER_KEY);
        if elapsed < interval && !worn {
            return Ok(());
        }
        let fresh = random_key(&*self.aead, &*self.random)?;
        if elapsed >= 2 * interval {
            // Both keys are older than a ticket may use: start over.
            ring.keys.clear();
        } else {
            ring.keys.truncate(1);
        }
        ring.keys.insert(0, fresh);
        ring.since = Some(now);
        Ok(())
    }
}

impl Ticketer for AeadTicketer {
    fn seal(&self, state: &[u8], now: UnixTime) -> Result<Vec<u8>, CryptoError> {
        let mut ring = self.lock();
        self.rotate(&mut ring, now)?;
        let key = ring.keys.first_mut().ok_or(CryptoError::Failed)?;
        if key.sealed >= MAX_SEALS_PER_KEY {
            // A key from a file is worn out: seal no more tickets until new keys come.
            return Err(CryptoError::Failed);
        }
        let mut nonce = [0u8; NONCE_LEN];
        self.random.fill(&mut nonce)?;
        let tag_len = self.aead.tag_len();
        let head = KEY_NAME_LEN + NONCE_LEN;
        let mut ticket = vec![0u8; head + state.len() + tag_len];
        ticket[..KEY_NAME_LEN].copy_from_slice(&key.name);
        ticket[KEY_NAME_LEN..head].copy_from_slice(&nonce);
        ticket[head..head + state.len()].copy_from_slice(state);
        let (aad_and_nonce, body) = ticket.split_at_mut(head);
        let (data, tag) = body.split_at_mut(state.len());
        key.key
            .seal_in_place(&nonce, &aad_and_nonce[..KEY_NAME_LEN], data, tag)?;
        key.sealed += 1;
        Ok(ticket)
    }

    fn open(&self, ticket: &[u8], now: UnixTime) -> Option<Secret> {
        let tag_len = self.aead.tag_len();
        let head = KEY_NAME_LEN + NONCE_LEN;
        if ticket.len() < head + tag_len {
            return None;
        }
        let mut ring = self.lock();
        self.rotate(&mut ring, now).ok()?;
        let (name, rest) = ticket.split_at(KEY_NAME_LEN);
        let key = ring.keys.iter().find(|k| bool::from(k.name.ct_eq(name)))?;
        let mut nonce = [0u8; NONCE_LEN];
        nonce.copy_from_slice(&rest[..NONCE_LEN]);
        let (sealed, tag) = rest[NONCE_LEN..].split_at(rest.len() - NONCE_LEN - tag_len);
        let mut plain = Secret::from_slice(sealed);
        key.key
            .open_in_place(&nonce, name, plain.as_mut_bytes(), tag)
            .ok()?;
        Some(plain)
    }
}

fn random_key(aead: &dyn Aead, random: &dyn SecureRandom) -> Result<TicketKey, CryptoError> {
    let mut name = [0u8; KEY_NAME_LEN];
    random.fill(&mut name)?;
    let mut material = Secret::zeroed(aead.key_len());
    random.fill(material.as_mut_bytes())?;
    Ok(TicketKey {
        name,
        key: aead.key(material.as_bytes())?,
        sealed: 0,
    })
}

/// Keys for `aead` from file records, through `hkdf`.
fn file_keys(
    aead: &dyn Aead,
    hkdf: &dyn Hkdf,
    records: &[&[u8]],
) -> Result<Vec<TicketKey>, TicketKeyError> {
    if records.is_empty() {
        return Err(TicketKeyError::Empty);
    }
    if records.len() > MAX_FILE_KEYS {
        return Err(TicketKeyError::TooManyKeys);
    }
    records
        .iter()
        .map(|record| {
            if record.len() != 48 && record.len() != 80 {
                return Err(TicketKeyError::BadRecordLength(record.len()));
            }
            let (name_bytes, material) = record.split_at(KEY_NAME_LEN);
            let mut name = [0u8; KEY_NAME_LEN];
            name.copy_from_slice(name_bytes);
            let prk = hkdf.extract(None, material);
            let key = hkdf
                .expand_secret(prk.as_bytes(), &[KEY_FILE_INFO], aead.key_len())
                .map_err(|_| TicketKeyError::Provider)?;
            let key = aead
                .key(key.as_bytes())
                .map_err(|_| TicketKeyError::Provider)?;
            Ok(TicketKey {
                name,
                key,
                sealed: 0,
            })
        })
        .collect()
}

/// Decodes a key file of base64 lines (standard alphabet, padding optional).
fn parse_key_file(file: &[u8]) -> Result<Vec<Secret>, TicketKeyError> {
    let mut out = Vec::new();
    for line in file.split(|b| *b == b'\n') {
        let line = line.trim_ascii();
        if line.is_empty() || line.first() == Some(&b'#') {
            continue;
        }
        if out.len() == MAX_FILE_KEYS {
            return Err(TicketKeyError::TooManyKeys);
        }
        out.push(base64_decode(line).ok_or(TicketKeyError::BadBase64)?);
    }
    if out.is_empty() {
        return Err(TicketKeyError::Empty);
    }
    Ok(out)
}

/// Strict base64 (RFC 4648 §4): the standard alphabet, `=` only at the end and only as much
/// as the length needs, no bits left over.
fn base64_decode(text: &[u8]) -> Option<Secret> {
    let body = text
        .strip_suffix(b"==")
        .or_else(|| text.strip_suffix(b"="))
        .unwrap_or(text);
    let padded = text.len() != body.len();
    if (padded && !text.len().is_multiple_of(4)) || body.len() % 4 == 1 {
        return None;
    }
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Secret::zeroed(body.len() * 3 / 4);
    let bytes = out.as_mut_bytes();
    let mut at = 0;
    for chunk in body.chunks(4) {
        let mut acc = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            acc |= value(*c)? << (18 - 6 * i);
        }
        let b = acc.to_be_bytes();
        let n = chunk.len() - 1;
        // Bits below the last whole byte must be zero (a canonical encoding).
        if (n == 1 && acc & 0xFFFF != 0) || (n == 2 && acc & 0xFF != 0) {
            return None;
        }
        bytes[at..at + n].copy_from_slice(&b[1..1 + n]);
        at += n;
    }
    Some(out)
}
