//! Plaintext received from the peer and not yet read by the application, charged with the
//! memory it really holds.
//!
//! A record's content is a slice of the record layer's receive buffer, and keeping it alive
//! keeps that whole allocation alive. A record carrying most of a maximal record is kept as
//! it is (no copy) and charged with a whole receive buffer; smaller contents are copied, one
//! after the other, into one gathering buffer and charged with their length, so that a peer
//! sending one-byte records padded to the maximum holds a byte each, not a buffer each.

use std::collections::VecDeque;

use bytes::{Buf, Bytes, BytesMut};
use stratls_record::MAX_BUFFERED_RECORD;

/// Contents of at least this many bytes are kept without a copy; shorter ones are copied.
/// Half a maximal record: a kept record then holds at most twice its content.
pub(crate) const KEEP_AT_LEAST: usize = MAX_BUFFERED_RECORD / 2;

/// The queue of chunks keeps its allocation when emptied if it holds at most this many.
const KEPT_QUEUE: usize = 8;

/// The received plaintext, in order: `chunks` first, then `gathered`.
#[derive(Debug, Default)]
pub(crate) struct Received {
    /// Kept record contents, and closed runs of gathered ones, each with its charge.
    chunks: VecDeque<(Bytes, usize)>,
    /// What `chunks` are charged with: each until it is read to its end.
    chunks_charge: usize,
    /// Short contents that arrived after the last kept record, copied into one buffer.
    gathered: BytesMut,
    /// Plaintext bytes waiting.
    len: usize,
    /// Whether the queue of chunks keeps its allocation when emptied.
    pub(crate) keep: bool,
}

impl Received {
    /// Plaintext bytes waiting to be read.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// What the waiting plaintext holds in memory, as charged against
    /// `Limits::max_received_plaintext`.
    pub(crate) fn charged(&self) -> usize {
        self.chunks_charge + self.gathered.len()
    }

    /// Queues one record's content.
    pub(crate) fn push(&mut self, content: Bytes) {
        self.len += content.len();
        if content.len() < KEEP_AT_LEAST {
            self.gathered.extend_from_slice(&content);
            return;
        }
        if !self.gathered.is_empty() {
            let run = self.gathered.split().freeze();
            let charge = run.len();
            self.chunks_charge += charge;
            self.chunks.push_back((run, charge));
        }
        let charge = MAX_BUFFERED_RECORD.max(content.len());
        self.chunks_charge += charge;
        self.chunks.push_back((content, charge));
    }

    /// Copies waiting plaintext into `buf`; returns how many bytes were copied. Once nothing
    /// waits, the buffers are given back, unless [`Received::keep`] is set: the queue of
    /// chunks then keeps its (small) allocation, so a stream of records allocates nothing per
    /// record.
    pub(crate) fn read(&mut self, buf: &mut [u8]) -> usize {
        let mut n = 0;
        while n < buf.len() {
            let Some((front, charge)) = self.chunks.front_mut() else {
                break;
            };
            let take = front.len().min(buf.len() - n);
            buf[n..n + take].copy_from_slice(&front[..take]);
            front.advance(take);
            n += take;
            if front.is_empty() {
                self.chunks_charge -= *charge;
                self.chunks.pop_front();
            }
        }
        if n < buf.len() {
            let take = self.gathered.len().min(buf.len() - n);
            buf[n..n + take].copy_from_slice(&self.gathered[..take]);
            self.gathered.advance(take);
            n += take;
        }
        self.consumed(n);
        n
    }

    /// The first contiguous piece of waiting plaintext (a kept record's content, or what was
    /// gathered), empty when nothing waits.
    pub(crate) fn front(&self) -> &[u8] {
        match self.chunks.front() {
            Some((chunk, _)) => chunk,
            None => &self.gathered,
        }
    }

    /// Marks up to `n` bytes of [`Received::front`] as read; returns how many were.
    pub(crate) fn consume(&mut self, n: usize) -> usize {
        let n = n.min(self.front().len());
        if n == 0 {
            return 0;
        }
        match self.chunks.front_mut() {
            Some((front, charge)) => {
                front.advance(n);
                if front.is_empty() {
                    self.chunks_charge -= *charge;
                    self.chunks.pop_front();
                }
            }
            None => self.gathered.advance(n),
        }
        self.consumed(n);
        n
    }

    /// Accounts for `n` bytes read; once nothing waits, gives the gathering buffer back.
    fn consumed(&mut self, n: usize) {
        self.len -= n;
        if self.len == 0 {
            self.gathered = BytesMut::new();
            if !self.keep || self.chunks.capacity() > KEPT_QUEUE {
                self.chunks = VecDeque::new();
            }
        }
    }
}
