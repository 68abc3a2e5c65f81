//! The stateful alternative to sealed tickets: the server keeps each session and the ticket
//! is only its id.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::{Mutex, MutexGuard};

use stratls_crypto::{CryptoError, CryptoProvider, Secret, SecureRandom, Shared};
use stratls_pki::UnixTime;

use super::Ticketer;

/// The length of a ticket id of [`SessionCache`].
pub const TICKET_ID_LEN: usize = 32;

/// A bounded server-side session store behind the [`Ticketer`] trait: a ticket is a random
/// 32-byte id, the session stays on the server, and each ticket opens once (the entry is
/// removed when it is opened), so it is the ticketer under which 0-RTT can be accepted once
/// per ticket. When full, a new session evicts the oldest.
///
/// The store is local to one process: only this server resumes its sessions, and a fleet
/// that shares 0-RTT replay protection needs a shared implementation of the trait.
pub struct SessionCache {
    capacity: usize,
    random: Shared<dyn SecureRandom>,
    entries: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    by_id: HashMap<[u8; TICKET_ID_LEN], Secret>,
    /// Insertion order, for eviction; may hold ids already opened.
    order: VecDeque<[u8; TICKET_ID_LEN]>,
}

impl SessionCache {
    /// A store of at most `capacity` sessions, with ids from the provider's randomness.
    pub fn new(provider: &CryptoProvider, capacity: usize) -> Self {
        Self {
            capacity,
            random: provider.random.clone(),
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
        // Each change below leaves the maps consistent between statements that can panic.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl fmt::Debug for SessionCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SessionCache({} of {})", self.len(), self.capacity)
    }
}

impl Ticketer for SessionCache {
    fn seal(&self, state: &[u8], _now: UnixTime) -> Result<Vec<u8>, CryptoError> {
        if self.capacity == 0 {
            return Err(CryptoError::Failed);
        }
        let mut id = [0u8; TICKET_ID_LEN];
        self.random.fill(&mut id)?;
        let mut e = self.lock();
        while e.by_id.len() >= self.capacity {
            match e.order.pop_front() {
                Some(old) => {
                    e.by_id.remove(&old);
                }
                None => break,
            }
        }
        // Ids already opened stay in the order list until they reach its front; keep the
        // list bounded too.
        while e.order.len() >= 2 * self.capacity {
            if let Some(old) = e.order.pop_front() {
                e.by_id.remove(&old);
            }
        }
        e.by_id.insert(id, Secret::from_slice(state));
        e.order.push_back(id);
        Ok(id.to_vec())
    }

    fn open(&self, ticket: &[u8], _now: UnixTime) -> Option<Secret> {
        let id: [u8; TICKET_ID_LEN] = ticket.try_into().ok()?;
        self.lock().by_id.remove(&id)
    }

    fn single_use(&self) -> bool {
        true
    }
}

#[cfg(test)]
impl SessionCache {
    /// The length of the eviction list, for the test that shows it is bounded.
    pub(crate) fn lock_order_len(&self) -> usize {
        self.lock().order.len()
    }
}
