//! Copies of whole records for an observer that shows them (a teaching page, a trace): the
//! bytes as they crossed the wire and, for a protected record, what protection hid. Off by
//! default; a reader or writer keeps copies only after `keep_copies(true)`, and its owner takes
//! them after every call ([`RecordReader::take_copies`](crate::RecordReader::take_copies),
//! [`RecordWriter::take_copies`](crate::RecordWriter::take_copies)), so they never pile up.

use stratls_codec::ContentType;
use stratls_crypto::NONCE_LEN;

/// One record as it crossed the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordCopy {
    /// The header and the body, exactly as sent or received.
    pub wire: Vec<u8>,
    /// For a protected record that was sealed or opened: what protection hid. `None` for a
    /// plaintext record, and for a received one that did not open (its failure is the
    /// reader's error) or was skipped as rejected early data.
    pub opened: Option<Opened>,
}

/// The inside of one protected record.
///
/// It holds the plaintext and the record's nonce; it is made only for a reader or writer
/// told to keep copies, since plaintext otherwise never leaves the record layer.
#[derive(Clone, PartialEq, Eq)]
pub struct Opened {
    /// The record's sequence number.
    pub sequence: u64,
    /// The AEAD nonce: the IV XOR the sequence number (TLS 1.3, RFC 7905), or the salt and
    /// the explicit nonce (RFC 5288).
    pub nonce: [u8; NONCE_LEN],
    /// The content type inside (TLS 1.3: the inner type; TLS 1.2: the header's).
    pub content_type: ContentType,
    /// The content.
    pub content: Vec<u8>,
    /// TLS 1.3: the zero bytes of padding after the inner content type.
    pub padding: usize,
}

impl core::fmt::Debug for Opened {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Opened")
            .field("sequence", &self.sequence)
            .field("content_type", &self.content_type)
            .field("content_len", &self.content.len())
            .field("padding", &self.padding)
            .finish_non_exhaustive()
    }
}

/// The copies a reader or writer keeps while told to.
#[derive(Debug, Default)]
pub(crate) struct Copies {
    keep: bool,
    records: Vec<RecordCopy>,
}

impl Copies {
    pub(crate) fn set_keep(&mut self, keep: bool) {
        self.keep = keep;
        if !keep {
            self.records = Vec::new();
        }
    }

    pub(crate) fn keeping(&self) -> bool {
        self.keep
    }

    pub(crate) fn push(&mut self, wire: &[u8], opened: Option<Opened>) {
        if self.keep {
            self.records.push(RecordCopy {
                wire: wire.to_vec(),
                opened,
            });
        }
    }

    /// Sets what the last copy hid, once its record opened.
    pub(crate) fn opened(&mut self, opened: Opened) {
        if let Some(last) = self.records.last_mut().filter(|_| self.keep) {
            last.opened = Some(opened);
        }
    }

    pub(crate) fn take(&mut self) -> Vec<RecordCopy> {
        std::mem::take(&mut self.records)
    }
}
