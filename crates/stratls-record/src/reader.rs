//! The reading side: buffering, framing, unprotecting and message assembly.

use bytes::{Buf, BytesMut};
use stratls_codec::record::{MAX_TLS12_CIPHERTEXT_LEN, RECORD_HEADER_LEN};
use stratls_codec::{Alert, AlertDescription, AlertLevel, ContentType, HandshakeType};

use crate::copy::{Copies, Opened, RecordCopy};
use crate::error::RecordError;
use crate::joiner::HandshakeJoiner;
use crate::message::Message;
use crate::open::{Header, parse_header, unprotect};
use crate::protection::{ProtectionVersion, RecordProtection};

/// The smallest tag of a TLS 1.3 AEAD this crate is used with (AES-GCM, ChaCha20-Poly1305).
const MIN_TAG_LEN: usize = 16;

/// The most bytes a reader buffers: one record of the largest kind with its header.
pub const MAX_BUFFERED_RECORD: usize = RECORD_HEADER_LEN + MAX_TLS12_CIPHERTEXT_LEN;

/// The smallest receive buffer a reader allocates when bytes arrive.
const MIN_BUFFER: usize = 512;

/// What a reader does with a change_cipher_spec record (body 0x01).
///
/// Any other body, and a TLS 1.3 change_cipher_spec inside a protected record, is always
/// `unexpected_message` (RFC 8446 §5).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CcsPolicy {
    /// change_cipher_spec is `unexpected_message` (the default).
    #[default]
    Reject,
    /// Drop it silently: the TLS 1.3 compatibility record, allowed between the first
    /// ClientHello and the peer's Finished (RFC 8446 §5, Appendix D.4). A peer in
    /// compatibility mode sends exactly one, so only the first is dropped over the reader's
    /// whole life; a second is `unexpected_message`.
    Ignore,
    /// Yield it as [`Message::ChangeCipherSpec`]: the TLS 1.2 message that announces the
    /// peer's key change.
    Deliver,
}

/// Limits on what a peer may make a reader hold or do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// The largest handshake message body accepted, for the types without a ceiling of their
    /// own ([`RecordReader::set_handshake_ceiling`]); a longer one fails as soon as its header
    /// arrives, before it is buffered. Default 64 KiB.
    pub max_handshake_len: usize,
    /// How many records that carry no application data may arrive in a row: empty
    /// application data, TLS 1.3 padding only, change_cipher_spec, and every alert but
    /// close_notify (a warning the connection tolerates, such as user_canceled, counts; a
    /// fatal one ends the connection anyway). Only a record with application data starts the
    /// count over; handshake records neither count nor start it over (the handshake layer
    /// bounds them itself). Default 32.
    pub max_records_without_data: usize,
}

impl Default for ReadLimits {
    fn default() -> Self {
        Self {
            max_handshake_len: 64 * 1024,
            max_records_without_data: 32,
        }
    }
}

/// Turns bytes received from the peer into [`Message`]s.
///
/// Driving it: hand received bytes to [`RecordReader::feed`], which takes as many as fit (it
/// buffers at most one maximal record, [`MAX_BUFFERED_RECORD`] bytes), then call
/// [`RecordReader::next_message`] until it returns `Ok(None)`; repeat with the bytes `feed`
/// did not take. Bytes may arrive in pieces of any size, down to one at a time.
///
/// The receive buffer is allocated when bytes arrive, grows with what is buffered (never
/// beyond [`MAX_BUFFERED_RECORD`] bytes of capacity) and is given back whenever
/// `next_message` finds it empty, so an idle reader holds no buffer, unless
/// [`RecordReader::keep_buffer`] asks to keep it: it is then reused for the next records once
/// the contents handed out have been dropped, so a stream of records allocates nothing per
/// record. A message's content is a
/// slice of that buffer (no copy): keeping it keeps the buffer's allocation alive.
///
/// Records are decrypted one at a time, only when the next message is asked for, so a key
/// installed with [`RecordReader::set_protection`] after a message applies to exactly the
/// records that follow it. The first error is final: every later call returns it again.
#[derive(Debug)]
pub struct RecordReader {
    buf: BytesMut,
    protection: Option<RecordProtection>,
    joiner: HandshakeJoiner,
    ccs: CcsPolicy,
    /// Whether a compatibility change_cipher_spec was already dropped.
    ignored_ccs: bool,
    plaintext_alerts: bool,
    /// Whether application data may arrive now (then empty records of it are dropped).
    application_data: bool,
    limits: ReadLimits,
    /// Records without application data in a row.
    empty_run: usize,
    /// While skipping rejected 0-RTT data: how many more bytes of it may be skipped.
    early_skip: Option<usize>,
    failed: Option<RecordError>,
    copies: Copies,
    /// Whether the receive buffer is kept when empty, for the next records.
    keep_buffer: bool,
}

impl Default for RecordReader {
    fn default() -> Self {
        Self::new()
    }
}

impl RecordReader {
    /// A reader of plaintext records with the default [`ReadLimits`].
    pub fn new() -> Self {
        Self::with_limits(ReadLimits::default())
    }

    /// A reader of plaintext records with the given limits.
    pub fn with_limits(limits: ReadLimits) -> Self {
        Self {
            buf: BytesMut::new(),
            protection: None,
            joiner: HandshakeJoiner::new(limits.max_handshake_len),
            ccs: CcsPolicy::Reject,
            ignored_ccs: false,
            plaintext_alerts: false,
            application_data: true,
            limits,
            empty_run: 0,
            early_skip: None,
            failed: None,
            copies: Copies::default(),
            keep_buffer: false,
        }
    }

    /// Buffers as many of `data` as fit and returns how many were taken. Takes none once the
    /// buffer holds a maximal record: read messages first.
    pub fn feed(&mut self, data: &[u8]) -> usize {
        let room = MAX_BUFFERED_RECORD.saturating_sub(self.buf.len());
        let take = data.get(..room.min(data.len())).unwrap_or_default();
        self.make_room(take.len());
        self.buf.extend_from_slice(take);
        take.len()
    }

    /// Takes received bytes without copying them: the complete records at the front of
    /// `data`, a buffer the transport read into, are split off it (at most
    /// [`MAX_BUFFERED_RECORD`] bytes of them, what [`RecordReader::feed`] buffers) and become
    /// the receive buffer. A record is then decrypted where the transport put it, and its
    /// content is a slice of `data`'s allocation, which stays alive while the content does.
    /// Returns how many bytes were taken from the front of `data`.
    ///
    /// An incomplete record at the front is left in `data`, for the caller to append the bytes
    /// that follow and call again, once its header has been judged: a header that
    /// [`RecordReader::next_message`] refuses is taken, so that it fails at once instead of
    /// waiting for a body. While bytes given to `feed` are still buffered, this copies as
    /// `feed` does, but only up to the end of the record they begin, so that the records after
    /// it are taken without a copy again. While complete records wait to be read, it takes
    /// nothing: read them with [`RecordReader::next_message`] first.
    pub fn feed_owned(&mut self, data: &mut BytesMut) -> usize {
        if !self.buf.is_empty() {
            let want = self.to_record_end();
            let n = self.feed(&data[..want.min(data.len())]);
            data.advance(n);
            return n;
        }
        let limit = data.len().min(MAX_BUFFERED_RECORD);
        let mut end = 0;
        while let Some(&[_, _, _, l0, l1]) = data.get(end..).and_then(|d| d.first_chunk()) {
            let record_end = end + RECORD_HEADER_LEN + usize::from(u16::from_be_bytes([l0, l1]));
            if record_end > limit {
                break;
            }
            end = record_end;
        }
        if end == 0 && data.len() >= RECORD_HEADER_LEN && self.refuses_header(data) {
            end = RECORD_HEADER_LEN;
        }
        if end > 0 {
            self.buf = data.split_to(end);
        }
        end
    }

    /// How many more bytes complete the last record the buffer holds the start of (its header
    /// first); none when the buffer ends on a record boundary (read those records first).
    fn to_record_end(&self) -> usize {
        let mut end = 0;
        while let Some(&[_, _, _, l0, l1]) = self.buf.get(end..).and_then(|d| d.first_chunk()) {
            end += RECORD_HEADER_LEN + usize::from(u16::from_be_bytes([l0, l1]));
        }
        match end.checked_sub(self.buf.len()) {
            Some(rest) => rest,
            None => end + RECORD_HEADER_LEN - self.buf.len(),
        }
    }

    /// Whether [`RecordReader::next_message`] would fail on the record header at the front of
    /// `data` (given the reader's state now, every earlier record having been read).
    fn refuses_header(&self, data: &[u8]) -> bool {
        let skipping = self.early_skip.is_some();
        match parse_header(
            data,
            self.protection.as_ref(),
            skipping,
            self.plaintext_alerts,
        ) {
            Err(_) => true,
            Ok(Some(h)) => h.typ == ContentType::ChangeCipherSpec && self.ccs == CcsPolicy::Reject,
            Ok(None) => false,
        }
    }

    /// Makes room for `additional` more bytes (the buffered ones and these are at most
    /// [`MAX_BUFFERED_RECORD`]): in the current allocation if it has room or can reuse the
    /// space of records already read, otherwise in a new one of at least twice the capacity,
    /// capped at one maximal record, into which the unframed bytes (less than one record) move.
    fn make_room(&mut self, additional: usize) {
        if additional == 0
            || self.buf.capacity() - self.buf.len() >= additional
            || self.buf.try_reclaim(additional)
        {
            return;
        }
        let capacity = (self.buf.len() + additional)
            .max(2 * self.buf.capacity())
            .clamp(MIN_BUFFER, MAX_BUFFERED_RECORD);
        let mut fresh = BytesMut::with_capacity(capacity);
        fresh.extend_from_slice(&self.buf);
        self.buf = fresh;
    }

    /// Keeps the receive buffer (at most [`MAX_BUFFERED_RECORD`] bytes) when it is read to its
    /// end, for the next records, instead of giving it back (`false`, the default): a stream
    /// of records then allocates nothing per record, and an idle reader holds the buffer.
    pub fn keep_buffer(&mut self, keep: bool) {
        self.keep_buffer = keep;
        if !keep && self.buf.is_empty() {
            self.buf = BytesMut::new();
        }
    }

    /// Bytes received but not yet framed into a record.
    pub fn buffered_len(&self) -> usize {
        self.buf.len()
    }

    /// Whether part of a handshake message, or handshake messages not yet returned, are
    /// buffered. A read key change is only allowed when this is false.
    pub fn has_pending_handshake(&self) -> bool {
        !self.joiner.is_empty()
    }

    /// Installs new read protection (a key change), or returns to plaintext with `None`.
    ///
    /// Key changes must fall on record boundaries (RFC 8446 §5.1): if handshake bytes are
    /// still buffered this fails with [`RecordError::KeyChangeMidHandshake`]
    /// (`unexpected_message`), and the reader is failed.
    pub fn set_protection(
        &mut self,
        protection: Option<RecordProtection>,
    ) -> Result<(), RecordError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        if !self.joiner.is_empty() {
            return Err(self.fail(RecordError::KeyChangeMidHandshake));
        }
        self.protection = protection;
        Ok(())
    }

    /// The installed read protection, if any.
    pub fn protection(&self) -> Option<&RecordProtection> {
        self.protection.as_ref()
    }

    /// Changes the limits. A lower handshake ceiling applies to the next message header read.
    pub fn set_limits(&mut self, limits: ReadLimits) {
        self.limits = limits;
        self.joiner.set_max_len(limits.max_handshake_len);
    }

    /// Gives handshake messages of type `typ` a ceiling of their own, `max_len` bytes of body
    /// instead of [`ReadLimits::max_handshake_len`], or (`None`) that one again: a ClientHello
    /// may be larger than other messages, a Finished is exactly its verify_data. Checked, like
    /// the common ceiling, from the message header, before the body is buffered.
    pub fn set_handshake_ceiling(&mut self, typ: HandshakeType, max_len: Option<usize>) {
        self.joiner.set_ceiling(typ, max_len);
    }

    /// Skips early data the server will not read, up to `max_bytes` of it (RFC 8446 §4.2.10).
    ///
    /// For a server that rejected 0-RTT: with the client's handshake key installed, records
    /// that fail to decrypt are dropped until one decrypts; before any read protection (after
    /// a HelloRetryRequest), application_data records are dropped. Each dropped record counts
    /// its length less the smallest AEAD overhead (a 16-byte tag and the content type byte)
    /// against `max_bytes`, the server's max_early_data_size; a record beyond that fails as
    /// it would without skipping. The first record that decrypts ends the skipping.
    pub fn skip_early_data(&mut self, max_bytes: usize) {
        self.early_skip = Some(max_bytes);
    }

    /// Stops skipping early data: a record that fails to decrypt fails again.
    pub fn stop_skipping_early_data(&mut self) {
        self.early_skip = None;
    }

    /// Sets what a change_cipher_spec record does ([`CcsPolicy::Reject`] initially).
    pub fn set_ccs_policy(&mut self, policy: CcsPolicy) {
        self.ccs = policy;
    }

    /// Whether a TLS 1.3 unprotected alert record is accepted while protection is on (default
    /// no). A handshake turns this on while the peer may not yet have its handshake keys (a
    /// server, between its ServerHello and the client's first protected record) and off
    /// afterwards; any other unprotected record still fails.
    pub fn set_plaintext_alerts(&mut self, accept: bool) {
        self.plaintext_alerts = accept;
    }

    /// Whether application data may arrive now (default yes). While it may, an
    /// application_data record without content (empty, or TLS 1.3 padding only) is counted
    /// against [`ReadLimits::max_records_without_data`] and dropped; while it may not, every
    /// application_data record, empty ones included, is handed out as
    /// [`Message::ApplicationData`] for the caller to refuse (a handshake before the peer's
    /// Finished: `unexpected_message`, RFC 8446 §5).
    pub fn set_application_data(&mut self, allowed: bool) {
        self.application_data = allowed;
    }

    /// Keeps a copy of every record read from now on (`false`: stops and drops those not
    /// taken), for an observer that shows records: see [`RecordCopy`].
    pub fn keep_copies(&mut self, keep: bool) {
        self.copies.set_keep(keep);
    }

    /// The copies of the records read since the last call, in order: take them after every
    /// [`RecordReader::next_message`], which may read several records (fragments of a
    /// message, records it drops), or none.
    pub fn take_copies(&mut self) -> Vec<RecordCopy> {
        self.copies.take()
    }

    /// The next complete message, `Ok(None)` if more bytes are needed.
    pub fn next_message(&mut self) -> Result<Option<Message>, RecordError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let next = self.next_inner().map_err(|e| self.fail(e));
        if self.buf.is_empty() && !self.keep_buffer {
            // Nothing buffered: give the allocation back (records still held keep theirs).
            self.buf = BytesMut::new();
        }
        next
    }

    fn fail(&mut self, e: RecordError) -> RecordError {
        self.failed = Some(e.clone());
        e
    }

    /// Each turn of the loop consumes one buffered record, so it ends within the buffer.
    fn next_inner(&mut self) -> Result<Option<Message>, RecordError> {
        loop {
            if let Some(m) = self.joiner.pop()? {
                return Ok(Some(Message::Handshake(m)));
            }
            let skipping = self.early_skip.is_some();
            let Some(header) = parse_header(
                &self.buf,
                self.protection.as_ref(),
                skipping,
                self.plaintext_alerts,
            )?
            else {
                return Ok(None);
            };
            if header.typ == ContentType::ChangeCipherSpec && self.ccs == CcsPolicy::Reject {
                return Err(RecordError::UnexpectedChangeCipherSpec);
            }
            if self.buf.len() < RECORD_HEADER_LEN + header.len {
                return Ok(None);
            }
            let mut record = self.buf.split_to(RECORD_HEADER_LEN + header.len);
            self.copies.push(&record, None);
            let typ = match (&mut self.protection, header.protected) {
                (Some(p), true) => {
                    match unprotect_copied(&header, &mut record, p, &mut self.copies) {
                        Ok(typ) => {
                            self.early_skip = None;
                            typ
                        }
                        Err(RecordError::BadRecordMac)
                            if p.version() == ProtectionVersion::Tls13
                                && charge_skipped(
                                    &mut self.early_skip,
                                    header.len,
                                    p.tag_len(),
                                ) =>
                        {
                            continue;
                        }
                        Err(e) => return Err(e),
                    }
                }
                (None, true) => {
                    if charge_skipped(&mut self.early_skip, header.len, MIN_TAG_LEN) {
                        continue;
                    }
                    return Err(RecordError::UnexpectedContentType(header.typ));
                }
                _ => {
                    record.advance(RECORD_HEADER_LEN);
                    header.typ
                }
            };
            let content = record.freeze();
            if typ != ContentType::Handshake && !self.joiner.is_empty() {
                return Err(RecordError::InterleavedHandshake(typ));
            }
            match typ {
                ContentType::Handshake => {
                    if content.is_empty() {
                        return Err(RecordError::EmptyHandshakeRecord);
                    }
                    self.joiner.push(content);
                }
                ContentType::Alert => {
                    let tls13 = self
                        .protection
                        .as_ref()
                        .is_some_and(|p| p.version() == ProtectionVersion::Tls13);
                    if content.is_empty() && tls13 {
                        return Err(RecordError::EmptyAlertRecord);
                    }
                    let &[level, description] = content.as_ref() else {
                        return Err(RecordError::InvalidAlertLength(content.len()));
                    };
                    let description = AlertDescription::from(description);
                    if description != AlertDescription::CloseNotify {
                        self.count_without_data()?;
                    }
                    return Ok(Some(Message::Alert(Alert {
                        level: AlertLevel::from(level),
                        description,
                    })));
                }
                ContentType::ChangeCipherSpec => {
                    if content.as_ref() != [1] {
                        return Err(RecordError::InvalidChangeCipherSpec);
                    }
                    self.count_without_data()?;
                    if self.ccs == CcsPolicy::Deliver {
                        return Ok(Some(Message::ChangeCipherSpec));
                    }
                    if self.ignored_ccs {
                        return Err(RecordError::UnexpectedChangeCipherSpec);
                    }
                    self.ignored_ccs = true;
                }
                ContentType::ApplicationData if content.is_empty() && self.application_data => {
                    self.count_without_data()?;
                }
                ContentType::ApplicationData => {
                    self.empty_run = 0;
                    return Ok(Some(Message::ApplicationData(content)));
                }
                other => return Err(RecordError::UnexpectedContentType(other)),
            }
        }
    }

    /// Counts a record that carried no application data.
    fn count_without_data(&mut self) -> Result<(), RecordError> {
        self.empty_run += 1;
        if self.empty_run > self.limits.max_records_without_data {
            return Err(RecordError::TooManyRecordsWithoutData(
                self.limits.max_records_without_data,
            ));
        }
        Ok(())
    }
}

/// [`unprotect`], and what the record hid into the last copy if copies are kept.
fn unprotect_copied(
    header: &Header,
    record: &mut BytesMut,
    p: &mut RecordProtection,
    copies: &mut Copies,
) -> Result<ContentType, RecordError> {
    if !copies.keeping() {
        return unprotect(header, record, p);
    }
    let sequence = p.read_sequence()?;
    let nonce = p.record_nonce(sequence, record);
    let typ = unprotect(header, record, p)?;
    let padding = match p.version() {
        ProtectionVersion::Tls13 => header.len.saturating_sub(p.tag_len() + 1 + record.len()),
        ProtectionVersion::Tls12(_) => 0,
    };
    copies.opened(Opened {
        sequence,
        nonce,
        content_type: typ,
        content: record.to_vec(),
        padding,
    });
    Ok(typ)
}

/// Counts a skipped early-data record of `len` bytes against the budget; false if there is no
/// budget or it does not cover the record.
fn charge_skipped(budget: &mut Option<usize>, len: usize, tag_len: usize) -> bool {
    let Some(left) = budget else {
        return false;
    };
    match left.checked_sub(len.saturating_sub(tag_len + 1)) {
        Some(rest) => {
            *left = rest;
            true
        }
        None => false,
    }
}
