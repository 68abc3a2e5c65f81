//! An observer that counts TLS 1.3 KeyUpdates, so a test can wait for one and check both
//! directions moved to new keys.

use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use stratls::{Direction, Event, KeyPhase, Observer};

/// KeyUpdates seen on one connection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyUpdateCount {
    /// Our write keys moved to the next generation (we sent a KeyUpdate).
    pub sent: u32,
    /// The peer's write keys moved to the next generation (we received a KeyUpdate).
    pub received: u32,
}

/// Counts [`KeyPhase::Updated`] key changes in each direction.
#[derive(Debug, Default)]
pub struct KeyUpdates {
    count: Mutex<KeyUpdateCount>,
    changed: Condvar,
}

impl KeyUpdates {
    /// The counts so far.
    pub fn count(&self) -> KeyUpdateCount {
        *self.count.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until at least `n` KeyUpdates were received, for at most `timeout`. Returns the
    /// counts then (which may fall short if the time ran out).
    pub fn wait_received(&self, n: u32, timeout: Duration) -> KeyUpdateCount {
        let deadline = Instant::now() + timeout;
        let mut count = self.count.lock().unwrap_or_else(PoisonError::into_inner);
        while count.received < n {
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                break;
            };
            count = self
                .changed
                .wait_timeout(count, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        *count
    }
}

impl Observer for KeyUpdates {
    fn on_event(&self, event: &Event<'_>) {
        if let Event::KeyChange {
            direction,
            phase: KeyPhase::Updated,
        } = event
        {
            let mut count = self.count.lock().unwrap_or_else(PoisonError::into_inner);
            match direction {
                Direction::Sent => count.sent += 1,
                Direction::Received => count.received += 1,
            }
            self.changed.notify_all();
        }
    }
}
