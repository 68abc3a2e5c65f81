//! The TLS 1.2 session-ID cache of a server (RFC 5246 §7.4.1.2): the server assigns an ID in
//! its ServerHello and keeps the session under it; a client that sends the ID back resumes.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::{Mutex, MutexGuard};

use stratls_crypto::Secret;

/// The length of the session IDs a server assigns (the longest RFC 5246 allows).
pub const SESSION_ID_LEN: usize = 32;
/// The capacity of a server's default session-ID cache.
pub const DEFAULT_SESSION_IDS: usize = 1024;

/// Where a server keeps TLS 1.2 sessions by session ID: the encoded
/// [`SessionState`](super::SessionState), as a [`Ticketer`](super::Ticketer) seals it.
///
/// A fleet that should resume each other's session IDs shares an implementation. The state
/// carries its own creation time and lifetime, checked when it is read.
pub trait SessionIdStore: Send + Sync + fmt::Debug {
    /// Keeps `state` under `id`.
    fn put(&self, id: [u8; SESSION_ID_LEN], state: Secret);

    /// The state kept under `id`, if any. It stays: a session ID may be resumed again.
    fn get(&self, id: &[u8]) -> Option<Secret>;
}

/// A bounded in-memory session-ID cache; when full, a new session evicts the oldest.
pub struct MemorySessionIds {
    capacity: usize,
    entries: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    by_id: HashMap<[u8; SESSION_ID_LEN], Secret>,
    order: VecDeque<[u8; SESSION_ID_LEN]>,
}

impl MemorySessionIds {
    /// A cache of at most `capacity` sessions.
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            entries: Mutex::new(Entries::default()),
        }
    }

    /// How many sessions are held.
    pub fn len(&self) -> usize {
        self.lock().by_id.len()
    }

    /// Whether no session is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> MutexGuard<'_, Entries> {
        // Each change leaves the map and the order consistent between statements that can
        // panic.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl fmt::Debug for MemorySessionIds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MemorySessionIds({} of {})", self.len(), self.capacity)
    }
}

impl SessionIdStore for MemorySessionIds {
    fn put(&self, id: [u8; SESSION_ID_LEN], state: Secret) {
        if self.capacity == 0 {
            return;
        }
        let mut e = self.lock();
        if e.by_id.insert(id, state).is_some() {
            return;
        }
        e.order.push_back(id);
        while e.order.len() > self.capacity {
            if let Some(old) = e.order.pop_front() {
                e.by_id.remove(&old);
            }
        }
    }

    fn get(&self, id: &[u8]) -> Option<Secret> {
        let id: [u8; SESSION_ID_LEN] = id.try_into().ok()?;
        self.lock()
            .by_id
            .get(&id)
            .map(|s| Secret::from_slice(s.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_is_bounded_and_evicts_the_oldest() {
        let cache = MemorySessionIds::new(2);
        for i in 0..5u8 {
            cache.put([i; SESSION_ID_LEN], Secret::from_slice(&[i]));
        }
        assert_eq!(cache.len(), 2);
        assert!(cache.get(&[2; SESSION_ID_LEN]).is_none());
        assert_eq!(cache.get(&[4; SESSION_ID_LEN]).unwrap().as_bytes(), &[4]);
        assert_eq!(cache.get(&[3; SESSION_ID_LEN]).unwrap().as_bytes(), &[3]);
        // Read twice: a session ID resumes more than once.
        assert!(cache.get(&[3; SESSION_ID_LEN]).is_some());
        // Another length is no ID of this cache.
        assert!(cache.get(&[3; 16]).is_none());
        let none = MemorySessionIds::new(0);
        none.put([1; SESSION_ID_LEN], Secret::from_slice(&[1]));
        assert!(none.is_empty());
    }
}
