//! The record of 0-RTT ClientHellos a server keeps so that the same early data is accepted
//! once (RFC 8446 §8.2): [`AntiReplay`], and a bounded in-memory [`MemoryAntiReplay`].

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use stratls_pki::UnixTime;

/// Where a server records the ClientHellos whose early data it accepted.
///
/// The key the server passes is the binder of the PSK it took: an HMAC over the ClientHello,
/// so a replayed ClientHello has the same key and any change of it another. A server accepts
/// 0-RTT only when `first_use` says the key is new; an entry must be kept at least as long as
/// the server's age window (`ServerConfig::early_data_window`), past which the ticket age
/// check refuses the same ClientHello on its own.
///
/// A store local to one server lets each other server that shares its ticket keys accept the
/// same ClientHello once more; a fleet that wants one acceptance in all shares one store (an
/// implementation over a shared database).
pub trait AntiReplay: Send + Sync + fmt::Debug {
    /// Records `key` at `now`; true when it was not recorded before (the early data may be
    /// accepted), false when it was, or when the store cannot record it.
    fn first_use(&self, key: &[u8], now: UnixTime) -> bool;
}

/// The longest key [`MemoryAntiReplay`] records whole: a binder is at most 48 bytes (SHA-384);
/// longer keys are refused.
const MAX_KEY_LEN: usize = 64;

/// An [`AntiReplay`] in memory, for one server process: each key is kept for `window`, and at
/// most `capacity` keys at a time.
///
/// Keys older than the window are forgotten first. When the store is full of keys still in
/// their window, a new key is refused (its 0-RTT is rejected and the handshake goes on)
/// rather than a recorded one forgotten early, which would let its ClientHello be replayed.
pub struct MemoryAntiReplay {
    window: Duration,
    capacity: usize,
    entries: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    /// Each key with the time it was recorded, in seconds since the epoch.
    seen: HashMap<Vec<u8>, u64>,
    /// Keys in the order they were recorded.
    order: VecDeque<(u64, Vec<u8>)>,
}

impl MemoryAntiReplay {
    /// A store that keeps each key for `window` (use the server's age window, or longer) and
    /// at most `capacity` keys.
    pub fn new(window: Duration, capacity: usize) -> Self {
        Self {
            window,
            capacity,
            entries: Mutex::new(Entries::default()),
        }
    }

    /// How many keys are recorded.
    pub fn len(&self) -> usize {
        self.lock().seen.len()
    }

    /// Whether no key is recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> MutexGuard<'_, Entries> {
        // Every change below leaves both maps consistent between statements that can panic.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl fmt::Debug for MemoryAntiReplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "MemoryAntiReplay({} of {}, {:?})",
            self.len(),
            self.capacity,
            self.window
        )
    }
}

impl AntiReplay for MemoryAntiReplay {
    fn first_use(&self, key: &[u8], now: UnixTime) -> bool {
        if key.is_empty() || key.len() > MAX_KEY_LEN {
            return false;
        }
        let now = now.as_secs();
        let window = self.window.as_secs().max(1);
        let mut e = self.lock();
        // Forget the keys whose window has passed: their ClientHellos fail the age check now.
        while let Some((at, _)) = e.order.front() {
            if now.saturating_sub(*at) < window {
                break;
            }
            if let Some((_, old)) = e.order.pop_front() {
                e.seen.remove(&old);
            }
        }
        if e.seen.contains_key(key) {
            return false;
        }
        if e.seen.len() >= self.capacity {
            return false;
        }
        e.seen.insert(key.to_vec(), now);
        e.order.push_back((now, key.to_vec()));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> UnixTime {
        UnixTime::since_unix_epoch(Duration::from_secs(1_800_000_000 + secs))
    }

    #[test]
    fn a_key_is_new_once_within_its_window_and_new_again_after_it() {
        let store = MemoryAntiReplay::new(Duration::from_secs(10), 8);
        assert!(store.first_use(b"binder-a", at(0)));
        assert!(!store.first_use(b"binder-a", at(0)));
        assert!(!store.first_use(b"binder-a", at(9)));
        assert!(store.first_use(b"binder-b", at(9)));
        assert!(
            store.first_use(b"binder-a", at(10)),
            "forgotten after the window"
        );
        assert_eq!(store.len(), 2);
    }

    #[test]
    fn a_full_store_refuses_new_keys_until_old_ones_expire() {
        let store = MemoryAntiReplay::new(Duration::from_secs(10), 2);
        assert!(store.first_use(b"1", at(0)));
        assert!(store.first_use(b"2", at(1)));
        assert!(!store.first_use(b"3", at(2)), "full: refused");
        assert!(
            !store.first_use(b"1", at(2)),
            "a recorded key is not forgotten"
        );
        assert!(store.first_use(b"3", at(10)), "the first key expired");
        assert_eq!(store.len(), 2);
    }

    #[test]
    fn empty_and_overlong_keys_are_refused() {
        let store = MemoryAntiReplay::new(Duration::from_secs(10), 8);
        assert!(!store.first_use(b"", at(0)));
        assert!(!store.first_use(&[7; MAX_KEY_LEN + 1], at(0)));
        assert!(store.first_use(&[7; MAX_KEY_LEN], at(0)));
    }
}
