//! The server's connection pool: a fixed number of connections at once, where a handshake in
//! progress gives way to a new connection and an established connection never does.
//!
//! A client that connects and then says nothing (or one byte now and then) costs the attacker
//! a socket and costs the server a thread. If such connections could fill the pool, a few
//! dozen of them would lock every real client out until their deadlines passed, and then again
//! as soon as they reconnect. So when the pool is full, a new connection evicts the *oldest
//! handshake in progress* (its socket is shut down; its thread ends). A real handshake takes
//! a round trip or two; to push one out, an attacker has to open as many connections as the
//! pool holds within that time, not merely keep some open. Established connections are never
//! evicted: only when every connection in the pool is established does a new client wait in
//! the listen queue, until one ends (each is bounded by the idle timeout and the write
//! deadline).

use std::collections::VecDeque;
use std::io;
use std::net::{Shutdown, TcpStream};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

/// A fixed number of connections in service.
#[derive(Debug)]
pub struct Pool {
    capacity: usize,
    state: Mutex<State>,
    freed: Condvar,
}

#[derive(Debug, Default)]
struct State {
    /// Handshakes in progress, oldest first, each with a handle to shut it down.
    handshakes: VecDeque<(u64, TcpStream)>,
    /// Connections past their handshake.
    established: usize,
}

impl State {
    fn busy(&self) -> usize {
        self.handshakes.len() + self.established
    }
}

/// One connection's place in the [`Pool`], given back when dropped.
#[derive(Debug)]
pub struct Ticket {
    pool: Arc<Pool>,
    id: u64,
    established: bool,
}

impl Pool {
    /// A pool of `capacity` connections (at least one).
    pub fn new(capacity: usize) -> Arc<Self> {
        Arc::new(Self {
            capacity: capacity.max(1),
            state: Mutex::default(),
            freed: Condvar::new(),
        })
    }

    /// Waits while every place is held by an established connection: only then can a new
    /// connection not be admitted at once. Call it before accepting, so that waiting clients
    /// wait in the kernel's listen queue.
    pub fn wait_for_room(&self) {
        let mut state = self.lock();
        while state.busy() >= self.capacity && state.handshakes.is_empty() {
            state = self.freed.wait(state).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Admits connection `id` to its handshake, evicting the oldest handshake in progress if
    /// the pool is full (and waiting as [`Pool::wait_for_room`] does if none is in progress).
    /// `tcp` is the connection's socket; the pool keeps a handle to shut it down.
    pub fn admit(self: &Arc<Self>, id: u64, tcp: &TcpStream) -> io::Result<Ticket> {
        let handle = tcp.try_clone()?;
        let mut state = self.lock();
        while state.busy() >= self.capacity && state.handshakes.is_empty() {
            state = self.freed.wait(state).unwrap_or_else(|p| p.into_inner());
        }
        if state.busy() >= self.capacity
            && let Some((_, oldest)) = state.handshakes.pop_front()
        {
            // Its thread sees the end of the stream and ends; its place is ours now.
            let _ = oldest.shutdown(Shutdown::Both);
        }
        state.handshakes.push_back((id, handle));
        drop(state);
        Ok(Ticket {
            pool: Arc::clone(self),
            id,
            established: false,
        })
    }

    /// How many handshakes are in progress and how many connections are established.
    pub fn counts(&self) -> (usize, usize) {
        let state = self.lock();
        (state.handshakes.len(), state.established)
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Ticket {
    /// The connection's id.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Marks the handshake complete: from now on the connection is not evicted. Returns
    /// `false` if it had been evicted already (its socket is shut down, its place taken).
    pub fn establish(&mut self) -> bool {
        if self.established {
            return true;
        }
        let mut state = self.pool.lock();
        let Some(at) = state.handshakes.iter().position(|(id, _)| *id == self.id) else {
            return false;
        };
        state.handshakes.remove(at);
        state.established += 1;
        self.established = true;
        true
    }

    /// Whether the connection was evicted during its handshake.
    pub fn evicted(&self) -> bool {
        !self.established
            && !self
                .pool
                .lock()
                .handshakes
                .iter()
                .any(|(id, _)| *id == self.id)
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut state = self.pool.lock();
        if self.established {
            state.established = state.established.saturating_sub(1);
        } else if let Some(at) = state.handshakes.iter().position(|(id, _)| *id == self.id) {
            state.handshakes.remove(at);
        }
        // An evicted connection's place was given away when it was evicted.
        drop(state);
        self.pool.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::net::TcpListener;

    /// `n` connected pairs: (the client side, the server side).
    fn sockets(n: usize) -> Vec<(TcpStream, TcpStream)> {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        (0..n)
            .map(|_| {
                let client = TcpStream::connect(addr).expect("connect");
                let (server, _) = listener.accept().expect("accept");
                (client, server)
            })
            .collect()
    }

    #[test]
    fn a_full_pool_evicts_the_oldest_handshake() {
        let pool = Pool::new(3);
        let s = sockets(4);
        let mut tickets = Vec::new();
        for (id, (_, server)) in s.iter().take(3).enumerate() {
            tickets.push(pool.admit(id as u64, server).expect("admit"));
        }
        assert!(tickets.iter().all(|t| !t.evicted()));
        let t3 = pool.admit(3, &s[3].1).expect("admit");
        assert!(tickets[0].evicted());
        assert!(!t3.evicted());
        assert!(!tickets[0].establish(), "an evicted connection stays out");
        assert!(!tickets[1].evicted());
        assert_eq!(pool.counts(), (3, 0));
        // The evicted connection's socket was shut down: its reader sees the end.
        let mut server0 = &s[0].1;
        assert_eq!(server0.read(&mut [0u8; 1]).expect("read"), 0);
        // Dropping the evicted ticket frees nothing more.
        drop(tickets.remove(0));
        assert_eq!(pool.counts(), (3, 0));
        drop(t3);
        assert_eq!(pool.counts(), (2, 0));
    }

    #[test]
    fn established_connections_are_never_evicted() {
        let pool = Pool::new(2);
        let s = sockets(3);
        let mut a = pool.admit(0, &s[0].1).expect("admit");
        assert!(a.establish());
        let b = pool.admit(1, &s[1].1).expect("admit");
        // Full: one established, one handshake. The handshake gives way, not the other.
        let _c = pool.admit(2, &s[2].1).expect("admit");
        assert!(b.evicted());
        assert!(!a.evicted());
        assert_eq!(pool.counts(), (1, 1));
        drop(a);
        assert_eq!(pool.counts(), (1, 0));
    }

    #[test]
    fn a_pool_of_established_connections_waits_for_one_to_end() {
        let pool = Pool::new(1);
        let s = sockets(2);
        let mut a = pool.admit(0, &s[0].1).expect("admit");
        assert!(a.establish());
        let waiter = {
            let pool = Arc::clone(&pool);
            let tcp = s[1].1.try_clone().expect("clone");
            std::thread::spawn(move || {
                pool.wait_for_room();
                let t = pool.admit(1, &tcp).expect("admit");
                (t.id(), t.evicted())
            })
        };
        // The waiter cannot get in while `a` holds the only place; it does once `a` ends.
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(!waiter.is_finished());
        drop(a);
        assert_eq!(waiter.join().expect("join"), (1, false));
    }
}
