//! The handshake transcript: the running hash over every handshake message (RFC 8446 §4.4.1,
//! RFC 5246 §7.4.9).
//!
//! Until the cipher suite (and so the hash) is known, messages are buffered. A HelloRetryRequest
//! replaces ClientHello1 by the synthetic `message_hash` message.

use stratls_crypto::{Hash, HashContext, HashOutput};

/// The running transcript of one handshake.
#[derive(Debug)]
pub(crate) struct Transcript {
    state: State,
}

#[derive(Debug)]
enum State {
    Buffering(Vec<u8>),
    Hashing(Box<dyn HashContext>),
}

impl Transcript {
    pub(crate) fn new() -> Self {
        Self {
            state: State::Buffering(Vec::new()),
        }
    }

    /// Adds one encoded handshake message (with its 4-byte header).
    pub(crate) fn add(&mut self, message: &[u8]) {
        match &mut self.state {
            State::Buffering(b) => b.extend_from_slice(message),
            State::Hashing(ctx) => ctx.update(message),
        }
    }

    /// Starts hashing with `hash` (once the suite is chosen); buffered messages are absorbed.
    /// Calling it again with the same hash does nothing.
    pub(crate) fn start_hash(&mut self, hash: &dyn Hash) {
        if let State::Buffering(buffer) = &self.state {
            let mut ctx = hash.start();
            ctx.update(buffer);
            self.state = State::Hashing(ctx);
        }
    }

    /// The transcript hash so far. Before [`Transcript::start_hash`], `None`.
    pub(crate) fn current(&self) -> Option<HashOutput> {
        match &self.state {
            State::Hashing(ctx) => Some(ctx.current()),
            State::Buffering(_) => None,
        }
    }

    /// The messages so far, while buffering. A TLS 1.2 handshake never starts hashing: its
    /// CertificateVerify signs the messages themselves (RFC 5246 §7.4.8).
    pub(crate) fn buffered(&self) -> Option<&[u8]> {
        match &self.state {
            State::Buffering(b) => Some(b),
            State::Hashing(_) => None,
        }
    }

    /// The hash with `hash` of the buffered messages: the TLS 1.2 handshake hash (RFC 5246
    /// §7.4.9, RFC 7627 §3).
    pub(crate) fn hash_buffered(&self, hash: &dyn Hash) -> Option<HashOutput> {
        self.buffered().map(|b| hash.hash(b))
    }

    /// Replaces the transcript so far (ClientHello1) by `message_hash` (RFC 8446 §4.4.1):
    /// `254 || 00 00 Hash.length || Hash(ClientHello1)`. Starts hashing with `hash`.
    pub(crate) fn rollup_for_hrr(&mut self, hash: &dyn Hash) {
        self.start_hash(hash);
        let Some(ch1_hash) = self.current() else {
            return;
        };
        let digest = ch1_hash.as_bytes();
        // The hash length (at most 64) fits the u24 length of the synthetic header.
        let mut synthetic = vec![254u8, 0, 0, digest.len() as u8];
        synthetic.extend_from_slice(digest);
        let mut ctx = hash.start();
        ctx.update(&synthetic);
        self.state = State::Hashing(ctx);
    }
}
