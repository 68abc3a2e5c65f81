//! Key logging in the NSS key-log format, which Wireshark and other tools read to decrypt
//! captured traffic.
//!
//! A [`KeyLog`] receives one call per secret; [`format_line`] renders the line a key-log
//! file holds, and [`KeyLogEntry::parse`] reads one back. This module does no file I/O: the
//! file writer belongs to the I/O layer.

use core::fmt;
use std::sync::Mutex;

use stratls_crypto::{MAX_HASH_LEN, Secret};

use crate::error::Error;

/// TLS 1.3 `client_handshake_traffic_secret`.
pub const CLIENT_HANDSHAKE_TRAFFIC_SECRET: &str = "CLIENT_HANDSHAKE_TRAFFIC_SECRET";
/// TLS 1.3 `server_handshake_traffic_secret`.
pub const SERVER_HANDSHAKE_TRAFFIC_SECRET: &str = "SERVER_HANDSHAKE_TRAFFIC_SECRET";
/// TLS 1.3 `client_application_traffic_secret_0`.
pub const CLIENT_TRAFFIC_SECRET_0: &str = "CLIENT_TRAFFIC_SECRET_0";
/// TLS 1.3 `server_application_traffic_secret_0`.
pub const SERVER_TRAFFIC_SECRET_0: &str = "SERVER_TRAFFIC_SECRET_0";
/// TLS 1.3 `exporter_master_secret`.
pub const EXPORTER_SECRET: &str = "EXPORTER_SECRET";
/// TLS 1.3 `client_early_traffic_secret`.
pub const CLIENT_EARLY_TRAFFIC_SECRET: &str = "CLIENT_EARLY_TRAFFIC_SECRET";
/// TLS 1.3 `early_exporter_master_secret`.
pub const EARLY_EXPORTER_SECRET: &str = "EARLY_EXPORTER_SECRET";
/// The TLS 1.2 master secret.
pub const CLIENT_RANDOM: &str = "CLIENT_RANDOM";

/// Length of a ClientHello random, which identifies the connection in every line.
pub const CLIENT_RANDOM_LEN: usize = 32;

/// Where a connection reports its secrets, for debugging with packet captures.
///
/// Logging secrets defeats TLS for everyone who can read the log: enable it deliberately.
pub trait KeyLog: Send + Sync + fmt::Debug {
    /// Records `secret` under `label` (one of the constants of this module) for the
    /// connection whose ClientHello carried `client_random`.
    fn log(&self, label: &str, client_random: &[u8], secret: &[u8]);

    /// Whether [`KeyLog::log`] would record `label`; a connection skips the work of logging
    /// when it would not.
    fn will_log(&self, label: &str) -> bool {
        let _ = label;
        true
    }
}

/// One NSS key-log line: `LABEL <client_random hex> <secret hex>\n`, hex in lowercase.
pub fn format_line(label: &str, client_random: &[u8], secret: &[u8]) -> String {
    let mut line =
        String::with_capacity(label.len() + 2 * (client_random.len() + secret.len()) + 3);
    line.push_str(label);
    line.push(' ');
    push_hex(&mut line, client_random);
    line.push(' ');
    push_hex(&mut line, secret);
    line.push('\n');
    line
}

/// A [`KeyLog`] that keeps the formatted lines in memory, for tests.
///
/// The lines hold secrets in hex and are not zeroized: use it only where that is acceptable.
#[derive(Default)]
pub struct MemoryKeyLog {
    lines: Mutex<Vec<String>>,
}

impl MemoryKeyLog {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// The lines logged so far, in order.
    pub fn lines(&self) -> Vec<String> {
        self.locked().clone()
    }

    /// Takes the lines logged so far, leaving the log empty.
    pub fn take(&self) -> Vec<String> {
        core::mem::take(&mut *self.locked())
    }

    fn locked(&self) -> std::sync::MutexGuard<'_, Vec<String>> {
        // A panic while holding the lock cannot leave a Vec<String> half-updated.
        self.lines
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl KeyLog for MemoryKeyLog {
    fn log(&self, label: &str, client_random: &[u8], secret: &[u8]) {
        let line = format_line(label, client_random, secret);
        self.locked().push(line);
    }
}

impl fmt::Debug for MemoryKeyLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MemoryKeyLog({} lines)", self.locked().len())
    }
}

/// One parsed key-log line.
#[derive(Debug)]
pub struct KeyLogEntry<'a> {
    /// The label, e.g. [`CLIENT_TRAFFIC_SECRET_0`].
    pub label: &'a str,
    /// The client random of the connection.
    pub client_random: [u8; CLIENT_RANDOM_LEN],
    /// The secret.
    pub secret: Secret,
}

impl<'a> KeyLogEntry<'a> {
    /// Parses `LABEL <64 hex digits> <hex secret>` (trailing line break allowed, hex in
    /// either case). The secret is 1 to 64 bytes.
    pub fn parse(line: &'a str) -> Result<Self, Error> {
        let mut fields = line.split_ascii_whitespace();
        let (Some(label), Some(random_hex), Some(secret_hex), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(Error::MalformedKeyLogLine);
        };
        let mut client_random = [0u8; CLIENT_RANDOM_LEN];
        if random_hex.len() != 2 * CLIENT_RANDOM_LEN {
            return Err(Error::MalformedKeyLogLine);
        }
        decode_hex(random_hex, &mut client_random)?;
        let secret_len = secret_hex.len() / 2;
        if secret_hex.len() % 2 != 0 || secret_len == 0 || secret_len > MAX_HASH_LEN {
            return Err(Error::MalformedKeyLogLine);
        }
        let mut secret = Secret::zeroed(secret_len);
        decode_hex(secret_hex, secret.as_mut_bytes())?;
        Ok(Self {
            label,
            client_random,
            secret,
        })
    }
}

/// The entries of a key-log file's text, skipping blank lines and `#` comments.
pub fn parse_key_log(text: &str) -> impl Iterator<Item = Result<KeyLogEntry<'_>, Error>> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(KeyLogEntry::parse)
}

fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
}

/// Decodes `hex` (exactly `2 * out.len()` digits) into `out`.
fn decode_hex(hex: &str, out: &mut [u8]) -> Result<(), Error> {
    if hex.len() != 2 * out.len() {
        return Err(Error::MalformedKeyLogLine);
    }
    for (o, pair) in out.iter_mut().zip(hex.as_bytes().chunks_exact(2)) {
        let [hi, lo] = pair else {
            return Err(Error::MalformedKeyLogLine);
        };
        *o = (nibble(*hi)? << 4) | nibble(*lo)?;
    }
    Ok(())
}

fn nibble(digit: u8) -> Result<u8, Error> {
    match digit {
        b'0'..=b'9' => Ok(digit - b'0'),
        b'a'..=b'f' => Ok(digit - b'a' + 10),
        b'A'..=b'F' => Ok(digit - b'A' + 10),
        _ => Err(Error::MalformedKeyLogLine),
    }
}
