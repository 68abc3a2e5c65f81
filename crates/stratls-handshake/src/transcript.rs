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
    /// The flag says whether the messages were given up for it
    /// ([`TranscriptBuffer::hash_only`]): later ones are then hashed, not kept. It sits in
    /// the padding before the box, so the buffer is no larger for it.
    running: Option<(HashAlgorithm, bool, Box<dyn HashContext>)>,
}

impl TranscriptBuffer {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Adds one encoded handshake message (with its 4-byte header).
    pub(crate) fn add(&mut self, message: &[u8]) {
        if !self.hashed_only() {
            self.messages.extend_from_slice(message);
        }
        if let Some((_, _, ctx)) = &mut self.running {
            ctx.update(message);
        }
    }

    /// The messages so far, as a TLS 1.3 binder or early secret covers them.
    pub(crate) fn messages(&self) -> &[u8] {
        &self.messages
    }

    /// The messages so far, as a TLS 1.2 CertificateVerify signs them; an error if they were
    /// given up with [`TranscriptBuffer::hash_only`].
    pub(crate) fn signed_messages(&self) -> Result<&[u8], crate::error::Error> {
        match self.hashed_only() {
            false => Ok(&self.messages),
            true => Err(crate::error::Error::Internal(
                "the handshake messages to sign were not kept",
            )),
        }
    }

    /// Gives up the messages for the running hash with `hash` (the TLS 1.2 suite's, which
    /// every later [`TranscriptBuffer::hash_with`] asks for), once no CertificateVerify will
    /// sign them: the messages so far are absorbed and freed, and later ones are only hashed.
    pub(crate) fn hash_only(&mut self, hash: &dyn Hash) {
        self.hash_with(hash);
        if let Some((_, hashed_only, _)) = &mut self.running {
            *hashed_only = true;
            self.messages = Vec::new();
        }
    }

    /// Whether [`TranscriptBuffer::hash_only`] gave up the messages.
    fn hashed_only(&self) -> bool {
        matches!(self.running, Some((_, true, _)))
    }

    /// The hash with `hash` of the messages so far: the TLS 1.2 handshake hash (RFC 5246
    /// §7.4.9, RFC 7627 §3). The first call absorbs the messages into a running hash that
    /// later messages update, so the session hash and both Finished messages cost one pass
    /// over the transcript.
    pub(crate) fn hash_with(&mut self, hash: &dyn Hash) -> HashOutput {
        match &self.running {
            Some((algorithm, _, ctx)) if *algorithm == hash.algorithm() => ctx.current(),
            _ => {
                let mut ctx = hash.start();
                ctx.update(&self.messages);
                let out = ctx.current();
                self.running = Some((hash.algorithm(), false, ctx));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sha256() -> &'static dyn Hash {
        stratls_rustcrypto::SHA256
    }

    #[test]
    fn hash_only_makes_the_buffer_no_larger() {
        assert_eq!(
            std::mem::size_of::<TranscriptBuffer>(),
            std::mem::size_of::<Vec<u8>>()
                + std::mem::size_of::<Option<(HashAlgorithm, Box<dyn HashContext>)>>()
        );
    }

    #[test]
    fn hash_only_hashes_as_the_kept_messages_do() {
        let hash = sha256();
        let mut kept = TranscriptBuffer::new();
        let mut hashed = TranscriptBuffer::new();
        for t in [&mut kept, &mut hashed] {
            t.add(b"client hello");
            t.add(b"server hello");
        }
        hashed.hash_only(hash);
        assert!(hashed.messages().is_empty());
        assert!(hashed.signed_messages().is_err());
        assert_eq!(
            kept.signed_messages().unwrap(),
            b"client helloserver hello".as_slice()
        );
        for t in [&mut kept, &mut hashed] {
            t.add(b"client key exchange");
        }
        assert!(hashed.messages().is_empty());
        let expected = hash.hash(b"client helloserver helloclient key exchange");
        assert_eq!(kept.hash_with(hash).as_bytes(), expected.as_bytes());
        assert_eq!(hashed.hash_with(hash).as_bytes(), expected.as_bytes());
        hashed.add(b"finished");
        let expected = hash.hash(b"client helloserver helloclient key exchangefinished");
        assert_eq!(hashed.hash_with(hash).as_bytes(), expected.as_bytes());
    }
}
