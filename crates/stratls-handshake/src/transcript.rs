//! The handshake transcript (RFC 8446 §4.4.1, RFC 5246 §7.4.9), as two types: a
//! [`TranscriptBuffer`] of the messages until the hash is known, and a [`TranscriptHash`]
//! after, reached by a consuming transition. Code that needs the hash holds a hash.
//!
//! TLS 1.2 keeps the buffer for the whole handshake: its CertificateVerify signs the messages
//! themselves (RFC 5246 §7.4.8), and its Finished and extended master secret hash them with the
//! suite's hash.

use stratls_crypto::{Hash, HashAlgorithm, HashContext, HashOutput};

/// The messages so far, before the suite (and so the hash) is chosen; in TLS 1.2, also a
/// running hash of them from the first time one is asked for.
#[derive(Debug, Default)]
pub(crate) struct TranscriptBuffer {
    messages: Vec<u8>,
    /// The running hash [`TranscriptBuffer::hash_with`] keeps, with its algorithm, so that
    /// each later hash absorbs only the messages added since.
    running: Option<(HashAlgorithm, Box<dyn HashContext>)>,
}

impl TranscriptBuffer {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Adds one encoded handshake message (with its 4-byte header).
    pub(crate) fn add(&mut self, message: &[u8]) {
        self.messages.extend_from_slice(message);
        if let Some((_, ctx)) = &mut self.running {
            ctx.update(message);
        }
    }

    /// The messages so far, as a TLS 1.2 CertificateVerify signs them.
    pub(crate) fn messages(&self) -> &[u8] {
        &self.messages
    }

    /// The hash with `hash` of the messages so far: the TLS 1.2 handshake hash (RFC 5246
    /// §7.4.9, RFC 7627 §3). The first call absorbs the messages into a running hash that
    /// later messages update, so the session hash and both Finished messages cost one pass
    /// over the transcript.
    pub(crate) fn hash_with(&mut self, hash: &dyn Hash) -> HashOutput {
        match &self.running {
            Some((algorithm, ctx)) if *algorithm == hash.algorithm() => ctx.current(),
            _ => {
                let mut ctx = hash.start();
                ctx.update(&self.messages);
                let out = ctx.current();
                self.running = Some((hash.algorithm(), ctx));
                out
            }
        }
    }

    /// Starts hashing with `hash`: the buffered messages are absorbed.
    pub(crate) fn start_hash(self, hash: &dyn Hash) -> TranscriptHash {
        let mut ctx = hash.start();
        ctx.update(&self.messages);
        TranscriptHash { ctx }
    }

    /// Replaces the messages so far (ClientHello1) by the synthetic `message_hash`
    /// (RFC 8446 §4.4.1), `254 || 00 00 Hash.length || Hash(ClientHello1)`, and goes on
    /// hashing with `hash`.
    pub(crate) fn rollup_for_hrr(self, hash: &dyn Hash) -> TranscriptHash {
        let ch1 = hash.hash(&self.messages);
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
