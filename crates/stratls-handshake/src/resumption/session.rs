//! The session a ticket carries: what a server needs to resume a connection, in a versioned
//! encoding read by a strict, total parser.

use std::fmt;
use std::time::Duration;

use stratls_crypto::{CipherSuite, CryptoError, ProtocolVersion, Secret};
use stratls_pki::{CertificateDer, UnixTime};

use super::Ticketer;

/// The longest ticket lifetime RFC 8446 §4.6.1 allows: 7 days, in seconds.
pub const MAX_TICKET_LIFETIME: u32 = 604_800;

/// The first byte of every encoding; a later layout gets another value.
const FORMAT: u8 = 1;
/// Bounds of the encoded fields, so that a state never holds more than a handshake could.
const MAX_SECRET_LEN: usize = 255;
const MAX_SERVER_NAME_LEN: usize = 255;
const MAX_CHAIN_LEN: usize = 0xFF_FFFF;

/// A resumable session: sealed into a ticket (or kept by a stateful [`Ticketer`]) by the
/// server that made it, opened again when a client offers the ticket.
///
/// The same value serves TLS 1.3 (`secret` is the resumption PSK of RFC 8446 §4.6.1) and
/// TLS 1.2 (`secret` is the master secret; `extended_master_secret` says whether it came from
/// the extended master secret of RFC 7627). The secret is zeroized on drop; `Debug` shows
/// neither the secret nor the peer's identity.
pub struct SessionState {
    /// The protocol version of the original connection.
    pub version: ProtocolVersion,
    /// Its cipher suite.
    pub cipher_suite: CipherSuite,
    /// TLS 1.3: the resumption PSK; TLS 1.2: the master secret.
    pub secret: Secret,
    /// TLS 1.2: whether the master secret is the extended one (RFC 7627). False in TLS 1.3.
    pub extended_master_secret: bool,
    /// The ALPN protocol the original connection agreed, if any.
    pub alpn: Option<Vec<u8>>,
    /// The server name (SNI) the client sent, if any.
    pub server_name: Option<String>,
    /// The peer's certificate chain as it was verified (on a server, the client's chain;
    /// empty when the client sent none).
    pub peer_chain: Vec<CertificateDer<'static>>,
    /// When the session was made, in seconds since the Unix epoch.
    pub created: u64,
    /// How long a ticket for it is valid, in seconds (at most [`MAX_TICKET_LIFETIME`]).
    pub lifetime: u32,
    /// TLS 1.3: the ticket_age_add sent with the ticket (RFC 8446 §4.6.1).
    pub age_add: u32,
    /// TLS 1.3: the max_early_data_size sent with the ticket; 0 when 0-RTT is not offered.
    pub max_early_data: u32,
}

impl fmt::Debug for SessionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionState")
            .field("version", &self.version)
            .field("cipher_suite", &self.cipher_suite)
            .field("secret", &"[redacted]")
            .field("created", &self.created)
            .field("lifetime", &self.lifetime)
            .finish_non_exhaustive()
    }
}

/// Why an encoded session state was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SessionError {
    /// The bytes are not an encoding of this version of the format.
    Malformed,
    /// A field is longer than the format allows.
    TooLong,
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed => f.write_str("malformed session state"),
            Self::TooLong => f.write_str("session state field too long"),
        }
    }
}

impl std::error::Error for SessionError {}

impl SessionState {
    /// Whether a ticket for this session is still valid at `now`: not before it was made
    /// (a clock that went back by more than a second refuses it), not after its lifetime.
    pub fn is_valid_at(&self, now: UnixTime) -> bool {
        let now = now.as_secs();
        let lifetime = u64::from(self.lifetime.min(MAX_TICKET_LIFETIME));
        now.saturating_add(1) >= self.created && now < self.created.saturating_add(lifetime)
    }

    /// How old the session is at `now` (zero if the clock is behind its creation).
    pub fn age_at(&self, now: UnixTime) -> Duration {
        Duration::from_secs(now.as_secs().saturating_sub(self.created))
    }

    /// Encodes the state, in a buffer zeroized on drop.
    ///
    /// Layout (all integers big-endian): format (1) = 1, version (2), suite (2),
    /// secret (1-byte length, 1..=255), extended master secret (1: 0 or 1), ALPN (1-byte
    /// length, 0 = none), server name (1-byte length, 0 = none; UTF-8), peer chain (3-byte
    /// length of 3-byte-length certificates, each non-empty), created (8), lifetime (4),
    /// age_add (4), max_early_data (4).
    pub fn encode(&self) -> Result<Secret, SessionError> {
        let chain_len: usize = self.peer_chain.iter().map(|c| 3 + c.len()).sum();
        if self.secret.is_empty() || self.secret.len() > MAX_SECRET_LEN {
            return Err(SessionError::TooLong);
        }
        let alpn = self.alpn.as_deref().unwrap_or(&[]);
        let name = self.server_name.as_deref().unwrap_or("");
        if alpn.len() > 255
            || name.len() > MAX_SERVER_NAME_LEN
            || chain_len > MAX_CHAIN_LEN
            || self.alpn.as_ref().is_some_and(|a| a.is_empty())
            || self.server_name.as_ref().is_some_and(|n| n.is_empty())
            || self
                .peer_chain
                .iter()
                .any(|c| c.is_empty() || c.len() > MAX_CHAIN_LEN)
        {
            return Err(SessionError::TooLong);
        }
        let mut buf = Vec::with_capacity(
            1 + 4
                + 1
                + self.secret.len()
                + 1
                + 1
                + alpn.len()
                + 1
                + name.len()
                + 3
                + chain_len
                + 20,
        );
        buf.push(FORMAT);
        buf.extend_from_slice(&self.version.to_u16().to_be_bytes());
        buf.extend_from_slice(&self.cipher_suite.to_u16().to_be_bytes());
        buf.push(self.secret.len() as u8);
        buf.extend_from_slice(self.secret.as_bytes());
        buf.push(u8::from(self.extended_master_secret));
        buf.push(alpn.len() as u8);
        buf.extend_from_slice(alpn);
        buf.push(name.len() as u8);
        buf.extend_from_slice(name.as_bytes());
        buf.extend_from_slice(&u24(chain_len));
        for cert in &self.peer_chain {
            buf.extend_from_slice(&u24(cert.len()));
            buf.extend_from_slice(cert);
        }
        buf.extend_from_slice(&self.created.to_be_bytes());
        buf.extend_from_slice(&self.lifetime.to_be_bytes());
        buf.extend_from_slice(&self.age_add.to_be_bytes());
        buf.extend_from_slice(&self.max_early_data.to_be_bytes());
        // The buffer was sized to fit, so no reallocation left a copy of the secret behind.
        Ok(Secret::new(buf))
    }

    /// Decodes what [`SessionState::encode`] wrote. Every length is checked against what
    /// remains and the format's bounds, booleans are 0 or 1, the server name is UTF-8, and no
    /// byte may follow.
    pub fn decode(bytes: &[u8]) -> Result<Self, SessionError> {
        let mut r = Reader(bytes);
        if r.u8()? != FORMAT {
            return Err(SessionError::Malformed);
        }
        let version = ProtocolVersion::from(r.u16()?);
        let cipher_suite = CipherSuite::from(r.u16()?);
        let secret_len = usize::from(r.u8()?);
        if secret_len == 0 {
            return Err(SessionError::Malformed);
        }
        let secret = Secret::from_slice(r.take(secret_len)?);
        let extended_master_secret = match r.u8()? {
            0 => false,
            1 => true,
            _ => return Err(SessionError::Malformed),
        };
        let alpn_len = usize::from(r.u8()?);
        let alpn = (alpn_len > 0).then(|| r.take(alpn_len).map(<[u8]>::to_vec));
        let alpn = alpn.transpose()?;
        let name_len = usize::from(r.u8()?);
        let server_name = match name_len {
            0 => None,
            n => Some(
                std::str::from_utf8(r.take(n)?)
                    .map_err(|_| SessionError::Malformed)?
                    .to_owned(),
            ),
        };
        let chain_len = r.u24()?;
        let mut chain = Reader(r.take(chain_len)?);
        let mut peer_chain = Vec::new();
        while !chain.0.is_empty() {
            let len = chain.u24()?;
            if len == 0 {
                return Err(SessionError::Malformed);
            }
            peer_chain.push(CertificateDer::from(chain.take(len)?.to_vec()));
        }
        let created = u64::from_be_bytes(r.array()?);
        let lifetime = u32::from_be_bytes(r.array()?);
        let age_add = u32::from_be_bytes(r.array()?);
        let max_early_data = u32::from_be_bytes(r.array()?);
        if !r.0.is_empty() || lifetime > MAX_TICKET_LIFETIME {
            return Err(SessionError::Malformed);
        }
        Ok(Self {
            version,
            cipher_suite,
            secret,
            extended_master_secret,
            alpn,
            server_name,
            peer_chain,
            created,
            lifetime,
            age_add,
            max_early_data,
        })
    }

    /// Encodes the state and seals it with `ticketer` at `now`: the ticket to send.
    pub fn seal(&self, ticketer: &dyn Ticketer, now: UnixTime) -> Result<Vec<u8>, CryptoError> {
        let plain = self.encode().map_err(|_| CryptoError::InvalidLength)?;
        ticketer.seal(plain.as_bytes(), now)
    }

    /// Opens `ticket` with `ticketer` at `now`: the session, if the ticketer can open the
    /// ticket, the state decodes, and it is still valid. Any failure is `None` (the server
    /// then makes a full handshake).
    pub fn open(ticketer: &dyn Ticketer, ticket: &[u8], now: UnixTime) -> Option<Self> {
        let plain = ticketer.open(ticket, now)?;
        let state = Self::decode(plain.as_bytes()).ok()?;
        state.is_valid_at(now).then_some(state)
    }
}

fn u24(n: usize) -> [u8; 3] {
    let b = (n as u32).to_be_bytes();
    [b[1], b[2], b[3]]
}

/// A cursor that refuses to read past its end.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], SessionError> {
        if n > self.0.len() {
            return Err(SessionError::Malformed);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], SessionError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn u8(&mut self) -> Result<u8, SessionError> {
        Ok(self.array::<1>()?[0])
    }

    fn u16(&mut self) -> Result<u16, SessionError> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    fn u24(&mut self) -> Result<usize, SessionError> {
        let [a, b, c] = self.array()?;
        Ok(usize::from(a) << 16 | usize::from(b) << 8 | usize::from(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> SessionState {
        SessionState {
            version: ProtocolVersion::TLSv1_3,
            cipher_suite: CipherSuite::TLS13_AES_128_GCM_SHA256,
            secret: Secret::from_slice(&[7; 32]),
            extended_master_secret: false,
            alpn: Some(b"h2".to_vec()),
            server_name: Some("example.com".into()),
            peer_chain: vec![
                CertificateDer::from(vec![0x30, 1, 2]),
                CertificateDer::from(vec![9]),
            ],
            created: 1_000_000,
            lifetime: 7200,
            age_add: 0xdead_beef,
            max_early_data: 16384,
        }
    }

    #[test]
    fn a_state_round_trips_and_every_truncation_or_extension_is_refused() {
        let s = sample();
        let enc = s.encode().unwrap();
        let back = SessionState::decode(enc.as_bytes()).unwrap();
        assert_eq!(back.encode().unwrap().as_bytes(), enc.as_bytes());
        assert_eq!(back.alpn.as_deref(), Some(&b"h2"[..]));
        assert_eq!(back.server_name.as_deref(), Some("example.com"));
        assert_eq!(back.peer_chain, s.peer_chain);
        assert_eq!(back.age_add, 0xdead_beef);
        for n in 0..enc.len() {
            assert!(
                SessionState::decode(&enc.as_bytes()[..n]).is_err(),
                "prefix {n}"
            );
        }
        let mut longer = enc.as_bytes().to_vec();
        longer.push(0);
        assert_eq!(
            SessionState::decode(&longer).unwrap_err(),
            SessionError::Malformed
        );
    }

    #[test]
    fn the_parser_refuses_bad_booleans_formats_names_and_lifetimes() {
        let enc = sample().encode().unwrap().as_bytes().to_vec();
        let mut bad_format = enc.clone();
        bad_format[0] = 2;
        assert!(SessionState::decode(&bad_format).is_err());
        let ems = 1 + 2 + 2 + 1 + 32;
        let mut bad_bool = enc.clone();
        bad_bool[ems] = 2;
        assert!(SessionState::decode(&bad_bool).is_err());
        let name = ems + 1 + 1 + 2 + 1;
        let mut bad_name = enc.clone();
        bad_name[name] = 0xff;
        assert!(SessionState::decode(&bad_name).is_err());
        let mut long_life = sample();
        long_life.lifetime = MAX_TICKET_LIFETIME + 1;
        let enc = long_life.encode().unwrap();
        assert!(SessionState::decode(enc.as_bytes()).is_err());
        let mut empty_alpn = sample();
        empty_alpn.alpn = Some(Vec::new());
        assert!(empty_alpn.encode().is_err());
    }

    #[test]
    fn validity_follows_creation_and_lifetime_and_debug_hides_the_secret() {
        let s = sample();
        let at = |t| UnixTime::since_unix_epoch(Duration::from_secs(t));
        assert!(s.is_valid_at(at(1_000_000)));
        assert!(s.is_valid_at(at(1_007_199)));
        assert!(!s.is_valid_at(at(1_007_200)));
        assert!(!s.is_valid_at(at(999_998)));
        assert_eq!(s.age_at(at(1_000_010)), Duration::from_secs(10));
        let shown = format!("{s:?}");
        assert!(shown.contains("redacted") && !shown.contains("7, 7"));
        assert!(!shown.contains("example.com"));
    }
}
