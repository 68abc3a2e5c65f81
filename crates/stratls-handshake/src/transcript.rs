//! The handshake transcript (RFC 8446 §4.4.1, RFC 5246 §7.4.9), as two types: a
//! [`TranscriptBuffer`] of the messages until the hash is known, and a [`TranscriptHash`]
//! after, reached by a consuming transition. Code that needs the hash holds a hash.
//!
//! TLS 1.2 keeps the buffer for the whole handshake: its CertificateVerify signs the messages
//! themselves (RFC 5246 §7.4.8), and its Finished and extended master secret hash them with the
//! suite's hash.

use stratls_crypto::{Hash, HashContext, HashOutput};

/// The messages so far, before the suite (and so the hash) is chosen.
#[derive(Debug, Default)]
pub(crate) struct TranscriptBuffer(Vec<u8>);

impl TranscriptBuffer {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Adds one encoded handshake message (with its 4-byte header).
    pub(crate) fn add(&mut self, message: &[u8]) {
        self.0.extend_from_slice(message);
    }

    /// The messages so far, as a TLS 1.2 CertificateVerify signs them.
    pub(crate) fn messages(&self) -> &[u8] {
        &self.0
    }

    /// The hash with `hash` of the messages so far: the TLS 1.2 handshake hash (RFC 5246
    /// §7.4.9, RFC 7627 §3).
    pub(crate) fn hash_with(&self, hash: &dyn Hash) -> HashOutput {
        hash.hash(&self.0)
    }

    /// Starts hashing with `hash`: the buffered messages are absorbed.
    pub(crate) fn start_hash(self, hash: &dyn Hash) -> TranscriptHash {
        let mut ctx = hash.start();
        ctx.update(&self.0);
        TranscriptHash { ctx }
    }

    /// Replaces the messages so far (ClientHello1) by the synthetic `message_hash`
    /// (RFC 8446 §4.4.1), `254 || 00 00 Hash.length || Hash(ClientHello1)`, and goes on
    /// hashing with `hash`.
    pub(crate) fn rollup_for_hrr(self, hash: &dyn Hash) -> TranscriptHash {
        let ch1 = hash.hash(&self.0);
        let digest = ch1.as_bytes();
        let mut ctx = hash.start();
        // The hashes of TLS (at most 64 bytes) fit the low byte of the u24 length.
        ctx.update(&[254, 0, 0, digest.len() as u8]);
        ctx.update(digest);
        TranscriptHash { ctx }
    }
}

/// The running transcript hash, once the suite is known (TLS 1.3).
#[derive(Debug)]
pub(crate) struct TranscriptHash {
    ctx: Box<dyn HashContext>,
}

impl TranscriptHash {
    /// Adds one encoded handshake message (with its 4-byte header).
    pub(crate) fn add(&mut self, message: &[u8]) {
        self.ctx.update(message);
    }

    /// The hash of the messages so far.
    pub(crate) fn current(&self) -> HashOutput {
        self.ctx.current()
    }

    /// The hash of the transcript followed by `more`, which is not added (the partial
    /// ClientHello a PSK binder covers, RFC 8446 §4.2.11.2).
    pub(crate) fn current_with(&self, more: &[u8]) -> HashOutput {
        let mut fork = self.ctx.fork();
        fork.update(more);
        fork.finish()
    }
}

/// Either form, for code that only adds messages.
pub(crate) trait Transcript {
    /// Adds one encoded handshake message (with its 4-byte header).
    fn add(&mut self, message: &[u8]);
}

impl Transcript for TranscriptBuffer {
    fn add(&mut self, message: &[u8]) {
        TranscriptBuffer::add(self, message);
    }
}

impl Transcript for TranscriptHash {
    fn add(&mut self, message: &[u8]) {
        TranscriptHash::add(self, message);
    }
}
