//! Where a client keeps the session tickets (TLS 1.3 NewSessionTicket) a server gives it.
//!
//! A ticket carries the resumption PSK derived from the connection's resumption master secret
//! and the ticket nonce, and what the client verified on the original connection (the
//! server's chain, the ALPN protocol), which a resumed connection reports again. A client
//! takes a ticket out of the store to offer it, so each ticket is used once.

use std::collections::VecDeque;
use std::fmt;
use std::sync::Mutex;

use stratls_crypto::{CipherSuite, Secret};

/// A ticket as a client keeps it.
#[derive(Debug)]
pub struct StoredTicket {
    /// The server name it was received for.
    pub server_name: String,
    /// The cipher suite of the connection.
    pub cipher_suite: CipherSuite,
    /// The opaque ticket.
    pub ticket: Vec<u8>,
    /// The PSK for resuming with this ticket (RFC 8446 §4.6.1).
    pub psk: Secret,
    /// Lifetime in seconds as the server gave it (at most 7 days).
    pub lifetime: u32,
    /// ticket_age_add.
    pub age_add: u32,
    /// max_early_data_size, if the server allows 0-RTT.
    pub max_early_data: Option<u32>,
    /// When the ticket was received, in seconds since the Unix epoch.
    pub received: u64,
    /// The server's chain as the original connection verified it.
    pub peer_chain: Vec<stratls_pki::CertificateDer<'static>>,
    /// The ALPN protocol of the original connection.
    pub alpn: Option<Vec<u8>>,
}

impl StoredTicket {
    /// Whether the ticket may still be offered at `now` (seconds since the epoch): within its
    /// lifetime, at most 7 days (RFC 8446 §4.6.1).
    pub fn is_valid_at(&self, now: u64) -> bool {
        let lifetime = u64::from(self.lifetime.min(crate::resumption::MAX_TICKET_LIFETIME));
        now >= self.received && now - self.received < lifetime
    }

    /// The obfuscated_ticket_age to send at `now_ms` (milliseconds since the epoch): the
    /// age in milliseconds plus ticket_age_add, modulo 2^32 (RFC 8446 §4.2.11.1).
    pub fn obfuscated_age(&self, now_ms: u64) -> u32 {
        let age = now_ms.saturating_sub(self.received.saturating_mul(1000));
        (age as u32).wrapping_add(self.age_add)
    }
}

/// Receives tickets.
pub trait TicketStore: Send + Sync + fmt::Debug {
    /// Keeps `ticket`.
    fn put(&self, ticket: StoredTicket);
    /// Takes a ticket for `server_name`, if there is one.
    fn take(&self, server_name: &str) -> Option<StoredTicket>;
}

/// Keeps nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoTicketStore;

impl TicketStore for NoTicketStore {
    fn put(&self, _ticket: StoredTicket) {}
    fn take(&self, _server_name: &str) -> Option<StoredTicket> {
        None
    }
}

/// Keeps the most recent tickets in memory, at most `capacity` of them.
pub struct MemoryTicketStore {
    capacity: usize,
    tickets: Mutex<VecDeque<StoredTicket>>,
}

impl MemoryTicketStore {
    /// A store of at most `capacity` tickets; the oldest is dropped first.
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            tickets: Mutex::new(VecDeque::new()),
        }
    }

    /// How many tickets are held.
    pub fn len(&self) -> usize {
        self.tickets.lock().map(|t| t.len()).unwrap_or(0)
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl fmt::Debug for MemoryTicketStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MemoryTicketStore({} of {})", self.len(), self.capacity)
    }
}

impl TicketStore for MemoryTicketStore {
    fn put(&self, ticket: StoredTicket) {
        if let Ok(mut t) = self.tickets.lock() {
            if self.capacity == 0 {
                return;
            }
            while t.len() >= self.capacity {
                t.pop_front();
            }
            t.push_back(ticket);
        }
    }

    fn take(&self, server_name: &str) -> Option<StoredTicket> {
        let mut t = self.tickets.lock().ok()?;
        let pos = t.iter().rposition(|x| x.server_name == server_name)?;
        t.remove(pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket(name: &str, id: u8) -> StoredTicket {
        StoredTicket {
            server_name: name.into(),
            cipher_suite: stratls_codec::CipherSuite::TLS13_AES_128_GCM_SHA256,
            ticket: vec![id],
            psk: Secret::from_slice(&[id; 32]),
            lifetime: 7200,
            age_add: 0,
            max_early_data: None,
            received: 0,
            peer_chain: Vec::new(),
            alpn: None,
        }
    }

    #[test]
    fn the_store_is_bounded_newest_first_and_each_ticket_is_taken_once() {
        let store = MemoryTicketStore::new(2);
        store.put(ticket("a.example", 1));
        store.put(ticket("b.example", 2));
        store.put(ticket("a.example", 3));
        assert_eq!(store.len(), 2, "the oldest was dropped");
        assert_eq!(store.take("a.example").map(|t| t.ticket), Some(vec![3]));
        assert!(
            store.take("a.example").is_none(),
            "ticket 1 was dropped, 3 taken"
        );
        assert_eq!(store.take("b.example").map(|t| t.ticket), Some(vec![2]));
        assert!(store.is_empty());
        let none = MemoryTicketStore::new(0);
        none.put(ticket("a.example", 4));
        assert!(none.is_empty(), "capacity 0 keeps nothing");
    }
}
