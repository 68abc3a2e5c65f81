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

/// The first byte of [`StoredTicket::encode`]'s layout.
const TICKET_FORMAT: u8 = 1;

impl StoredTicket {
    /// The ticket as bytes, to keep it across processes (a session file): zeroized on drop,
    /// as it holds the PSK. Layout (big-endian): format (1) = 1, suite (2), server name
    /// (1-byte length, 1..=255), ticket (2-byte length, 1..), PSK (1-byte length, 1..),
    /// lifetime (4), age_add (4), early data (1: 0 or 1, then 4 bytes when 1), received (8),
    /// ALPN (1-byte length, 0 = none), peer chain (3-byte length of 3-byte-length
    /// certificates).
    pub fn encode(&self) -> Option<Secret> {
        let name = self.server_name.as_bytes();
        let alpn = self.alpn.as_deref().unwrap_or(&[]);
        let chain_len: usize = self.peer_chain.iter().map(|c| 3 + c.len()).sum();
        if name.is_empty()
            || name.len() > 255
            || self.ticket.is_empty()
            || self.ticket.len() > 0xFFFF
            || self.psk.is_empty()
            || self.psk.len() > 255
            || alpn.len() > 255
            || chain_len > 0xFF_FFFF
        {
            return None;
        }
        let mut b = Vec::with_capacity(
            40 + name.len() + self.ticket.len() + self.psk.len() + alpn.len() + chain_len,
        );
        b.push(TICKET_FORMAT);
        b.extend_from_slice(&self.cipher_suite.to_u16().to_be_bytes());
        b.push(name.len() as u8);
        b.extend_from_slice(name);
        b.extend_from_slice(&(self.ticket.len() as u16).to_be_bytes());
        b.extend_from_slice(&self.ticket);
        b.push(self.psk.len() as u8);
        b.extend_from_slice(self.psk.as_bytes());
        b.extend_from_slice(&self.lifetime.to_be_bytes());
        b.extend_from_slice(&self.age_add.to_be_bytes());
        match self.max_early_data {
            Some(n) => {
                b.push(1);
                b.extend_from_slice(&n.to_be_bytes());
            }
            None => b.push(0),
        }
        b.extend_from_slice(&self.received.to_be_bytes());
        b.push(alpn.len() as u8);
        b.extend_from_slice(alpn);
        b.extend_from_slice(&(chain_len as u32).to_be_bytes()[1..]);
        for c in &self.peer_chain {
            b.extend_from_slice(&(c.len() as u32).to_be_bytes()[1..]);
            b.extend_from_slice(c);
        }
        Some(Secret::new(b))
    }

    /// Reads what [`StoredTicket::encode`] wrote: every length checked against what remains,
    /// no byte after the end; `None` otherwise.
    pub fn decode(bytes: &[u8]) -> Option<Self> {
        let mut r = bytes;
        let mut take = |n: usize| -> Option<&[u8]> {
            let (head, rest) = (r.get(..n)?, r.get(n..)?);
            r = rest;
            Some(head)
        };
        if take(1)? != [TICKET_FORMAT] {
            return None;
        }
        let be = |b: &[u8]| b.iter().fold(0u64, |acc, x| acc << 8 | u64::from(*x));
        let cipher_suite = CipherSuite::from(be(take(2)?) as u16);
        let n = usize::from(take(1)?[0]);
        let server_name = String::from_utf8(take(n)?.to_vec()).ok()?;
        let n = be(take(2)?) as usize;
        let ticket = take(n)?.to_vec();
        let n = usize::from(take(1)?[0]);
        let psk = Secret::from_slice(take(n)?);
        let lifetime = be(take(4)?) as u32;
        let age_add = be(take(4)?) as u32;
        let max_early_data = match take(1)?[0] {
            0 => None,
            1 => Some(be(take(4)?) as u32),
            _ => return None,
        };
        let received = be(take(8)?);
        let n = usize::from(take(1)?[0]);
        let alpn = match n {
            0 => None,
            n => Some(take(n)?.to_vec()),
        };
        let n = be(take(3)?) as usize;
        let mut chain = take(n)?;
        let mut peer_chain = Vec::new();
        while !chain.is_empty() {
            let len = be(chain.get(..3)?) as usize;
            let cert = chain.get(3..3 + len)?;
            if cert.is_empty() {
                return None;
            }
            peer_chain.push(stratls_pki::CertificateDer::from(cert.to_vec()));
            chain = &chain[3 + len..];
        }
        if !r.is_empty() || server_name.is_empty() || ticket.is_empty() || psk.is_empty() {
            return None;
        }
        Some(Self {
            server_name,
            cipher_suite,
            ticket,
            psk,
            lifetime,
            age_add,
            max_early_data,
            received,
            peer_chain,
            alpn,
        })
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
    fn a_ticket_round_trips_through_its_encoding_and_every_prefix_is_refused() {
        let mut t = ticket("a.example", 9);
        t.max_early_data = Some(16384);
        t.alpn = Some(b"h2".to_vec());
        t.peer_chain = vec![stratls_pki::CertificateDer::from(vec![1, 2, 3])];
        t.received = 1234;
        let enc = t.encode().unwrap();
        let back = StoredTicket::decode(enc.as_bytes()).unwrap();
        assert_eq!(back.encode().unwrap().as_bytes(), enc.as_bytes());
        assert_eq!(back.server_name, "a.example");
        assert_eq!(back.max_early_data, Some(16384));
        assert_eq!(back.peer_chain, t.peer_chain);
        for n in 0..enc.len() {
            assert!(StoredTicket::decode(&enc.as_bytes()[..n]).is_none(), "{n}");
        }
        let mut longer = enc.as_bytes().to_vec();
        longer.push(0);
        assert!(StoredTicket::decode(&longer).is_none());
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
