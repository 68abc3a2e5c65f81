//! The client's TLS 1.2 sessions: what it keeps of a full handshake to resume it later, by
//! session ticket (RFC 5077) or by session ID (RFC 5246 §7.4.1.2), keyed by server name.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Mutex, MutexGuard};

use stratls_crypto::{CipherSuite, Secret};
use stratls_pki::{CertificateDer, UnixTime};

use super::MAX_TICKET_LIFETIME;

/// How long a session is kept when the server gave no ticket lifetime hint (a session ID, or
/// a hint of 0): 2 hours, the default of the ticket lifetime.
pub const DEFAULT_TLS12_SESSION_LIFETIME: u32 = 7200;

/// A resumable TLS 1.2 session as a client keeps it. Only sessions made with the extended
/// master secret are kept (RFC 7627 §5.3). The master secret is zeroized on drop; `Debug`
/// shows neither it nor the ticket.
pub struct Tls12Session {
    /// The server name it was made with.
    pub server_name: String,
    /// The cipher suite of the session; a resumption must keep it.
    pub cipher_suite: CipherSuite,
    /// The master secret (48 bytes).
    pub master_secret: Secret,
    /// The ticket to send (RFC 5077), if the server gave one.
    pub ticket: Option<Vec<u8>>,
    /// The session ID the server assigned (empty: none).
    pub session_id: Vec<u8>,
    /// The server's certificate chain as it was verified, end entity first.
    pub peer_chain: Vec<CertificateDer<'static>>,
    /// The ALPN protocol agreed, if any.
    pub alpn: Option<Vec<u8>>,
    /// When the session was made, in seconds since the Unix epoch.
    pub created: u64,
    /// How long it may be offered, in seconds (at most 7 days).
    pub lifetime: u32,
}

impl fmt::Debug for Tls12Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tls12Session")
            .field("cipher_suite", &self.cipher_suite)
            .field("ticket", &self.ticket.as_ref().map(Vec::len))
            .field("session_id", &self.session_id.len())
            .field("created", &self.created)
            .field("lifetime", &self.lifetime)
            .finish_non_exhaustive()
    }
}

impl Tls12Session {
    /// Whether the session may still be offered at `now`.
    pub fn is_valid_at(&self, now: UnixTime) -> bool {
        let now = now.as_secs();
        let lifetime = u64::from(self.lifetime.min(MAX_TICKET_LIFETIME));
        now.saturating_add(1) >= self.created && now < self.created.saturating_add(lifetime)
    }

    /// A copy (the master secret copied into a new zeroizing buffer).
    pub fn copy(&self) -> Self {
        Self {
            server_name: self.server_name.clone(),
            cipher_suite: self.cipher_suite,
            master_secret: Secret::from_slice(self.master_secret.as_bytes()),
            ticket: self.ticket.clone(),
            session_id: self.session_id.clone(),
            peer_chain: self.peer_chain.clone(),
            alpn: self.alpn.clone(),
            created: self.created,
            lifetime: self.lifetime,
        }
    }
}

/// Where a client keeps its TLS 1.2 sessions, one per server name.
pub trait Tls12SessionStore: Send + Sync + fmt::Debug {
    /// Keeps `session`, replacing the one held for its server name.
    fn put(&self, session: Tls12Session);

    /// The session held for `server_name`, if any (it stays held: a TLS 1.2 session may be
    /// resumed more than once).
    fn get(&self, server_name: &str) -> Option<Tls12Session>;

    /// Forgets the session held for `server_name`.
    fn remove(&self, server_name: &str);

    /// Whether the store keeps sessions at all: a client with a store that keeps none does not
    /// ask for tickets.
    fn keeps_sessions(&self) -> bool {
        true
    }
}

/// Keeps no session: every TLS 1.2 handshake is a full one.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoTls12Sessions;

impl Tls12SessionStore for NoTls12Sessions {
    fn put(&self, _session: Tls12Session) {}

    fn get(&self, _server_name: &str) -> Option<Tls12Session> {
        None
    }

    fn remove(&self, _server_name: &str) {}

    fn keeps_sessions(&self) -> bool {
        false
    }
}

/// Keeps the sessions of the most recent `capacity` server names in memory; the oldest is
/// dropped first.
pub struct MemoryTls12Sessions {
    capacity: usize,
    sessions: Mutex<VecDeque<Tls12Session>>,
}

/// The capacity of the client's default TLS 1.2 session store.
pub const DEFAULT_TLS12_SESSIONS: usize = 32;

impl MemoryTls12Sessions {
    /// A store for at most `capacity` server names.
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            sessions: Mutex::new(VecDeque::new()),
        }
    }

    /// How many sessions are held.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no session is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> MutexGuard<'_, VecDeque<Tls12Session>> {
        // Every change below is one call on the deque: a panic leaves it consistent.
        self.sessions.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl fmt::Debug for MemoryTls12Sessions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "MemoryTls12Sessions({} of {})",
            self.len(),
            self.capacity
        )
    }
}

impl Tls12SessionStore for MemoryTls12Sessions {
    fn put(&self, session: Tls12Session) {
        if self.capacity == 0 {
            return;
        }
        let mut s = self.lock();
        s.retain(|held| held.server_name != session.server_name);
        while s.len() >= self.capacity {
            s.pop_front();
        }
        s.push_back(session);
    }

    fn get(&self, server_name: &str) -> Option<Tls12Session> {
        self.lock()
            .iter()
            .find(|s| s.server_name == server_name)
            .map(Tls12Session::copy)
    }

    fn remove(&self, server_name: &str) {
        self.lock().retain(|held| held.server_name != server_name);
    }
}
