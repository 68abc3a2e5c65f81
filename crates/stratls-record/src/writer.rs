//! The writing side: fragmentation, padding, protection and sequence numbers.

use bytes::{BufMut, BytesMut};
use stratls_codec::record::{MAX_PLAINTEXT_LEN, RECORD_HEADER_LEN};
use stratls_codec::{Alert, ContentType, ProtocolVersion};

use crate::copy::{Copies, Opened, RecordCopy};
use crate::error::RecordError;
use crate::padding::{NoPadding, PaddingPolicy};
use crate::protection::{ProtectionVersion, RecordProtection};

/// The legacy record version of every protected record and of plaintext records by default
/// (RFC 8446 §5.1).
const TLS12_VERSION: u16 = 0x0303;

/// The record version of the TLS 1.3 compatibility change_cipher_spec and of a TLS 1.2 one.
const CCS_RECORD: [u8; 6] = [20, 0x03, 0x03, 0x00, 0x01, 0x01];

/// Turns messages into records: fragments them at the fragment limit, pads (TLS 1.3),
/// protects them with the installed [`RecordProtection`] and counts sequence numbers.
///
/// Records are appended to a caller's [`BytesMut`] and encrypted in place there: once that
/// buffer has grown to its working size, writing allocates nothing.
#[derive(Debug)]
pub struct RecordWriter {
    protection: Option<RecordProtection>,
    max_fragment_len: usize,
    padding: Box<dyn PaddingPolicy>,
    plaintext_version: u16,
    copies: Copies,
}

impl Default for RecordWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl RecordWriter {
    /// A writer that sends plaintext records of up to 2^14 bytes, without padding.
    pub fn new() -> Self {
        Self {
            protection: None,
            max_fragment_len: MAX_PLAINTEXT_LEN,
            padding: Box::new(NoPadding),
            plaintext_version: TLS12_VERSION,
            copies: Copies::default(),
        }
    }

    /// Installs new write protection (a key change), or returns to plaintext with `None`.
    /// The sequence number continues from the new protection's (0 unless it was built with
    /// [`RecordProtection::with_sequence_number`]).
    pub fn set_protection(&mut self, protection: Option<RecordProtection>) {
        self.protection = protection;
    }

    /// The installed write protection, if any.
    pub fn protection(&self) -> Option<&RecordProtection> {
        self.protection.as_ref()
    }

    /// Limits the content bytes per record to `len` (1..=2^14), for example from the peer's
    /// record_size_limit (RFC 8449 §4: for TLS 1.3 pass the limit minus one, for the content
    /// type byte). Padding never makes a record exceed this limit.
    pub fn set_max_fragment_len(&mut self, len: usize) -> Result<(), RecordError> {
        if len == 0 || len > MAX_PLAINTEXT_LEN {
            return Err(RecordError::InvalidFragmentLimit(len));
        }
        self.max_fragment_len = len;
        Ok(())
    }

    /// The content bytes per record.
    pub fn max_fragment_len(&self) -> usize {
        self.max_fragment_len
    }

    /// Sets the TLS 1.3 padding policy ([`NoPadding`] by default).
    pub fn set_padding_policy(&mut self, policy: Box<dyn PaddingPolicy>) {
        self.padding = policy;
    }

    /// Sets the legacy version of plaintext records: 0x0303 by default; a client may use
    /// 0x0301 for its first ClientHello (RFC 8446 §5.1).
    pub fn set_plaintext_version(&mut self, version: ProtocolVersion) {
        self.plaintext_version = version.to_u16();
    }

    /// Keeps a copy of every record written from now on (`false`: stops and drops those not
    /// taken), for an observer that shows records: see [`RecordCopy`]. The change_cipher_spec
    /// record of [`RecordWriter::write_change_cipher_spec`] is not copied (it is always the
    /// same six bytes).
    pub fn keep_copies(&mut self, keep: bool) {
        self.copies.set_keep(keep);
    }

    /// The copies of the records written since the last call, in order.
    pub fn take_copies(&mut self) -> Vec<RecordCopy> {
        self.copies.take()
    }

    /// Whether the write key should be changed now ([`RecordProtection::key_update_due`]).
    pub fn key_update_due(&self) -> bool {
        self.protection
            .as_ref()
            .is_some_and(RecordProtection::key_update_due)
    }

    /// Writes `data` as records of `content_type` to `out` and returns how many records were
    /// written.
    ///
    /// Handshake and application data are fragmented at the fragment limit. An alert must be
    /// exactly two bytes and a handshake payload must not be empty; empty application data
    /// writes nothing. change_cipher_spec goes through
    /// [`RecordWriter::write_change_cipher_spec`]. If the records would pass the key's record
    /// limit, nothing is written and [`RecordError::SequenceExhausted`] is returned. On any
    /// error `out` is left as it was.
    pub fn write(
        &mut self,
        content_type: ContentType,
        data: &[u8],
        out: &mut BytesMut,
    ) -> Result<usize, RecordError> {
        match content_type {
            ContentType::Handshake if !data.is_empty() => {}
            ContentType::Alert if data.len() == 2 => {}
            ContentType::ApplicationData if data.is_empty() => return Ok(0),
            ContentType::ApplicationData => {}
            other => return Err(RecordError::InvalidWrite(other)),
        }
        let records = data.len().div_ceil(self.max_fragment_len);
        if let Some(p) = &self.protection {
            let end = p
                .sequence_number()
                .checked_add(records as u64)
                .ok_or(RecordError::SequenceExhausted)?;
            // Sequence numbers below the record limit are usable; as the limit is at most
            // u64::MAX, the sequence number never wraps.
            if end > p.record_limit() {
                return Err(RecordError::SequenceExhausted);
            }
        }
        let start = out.len();
        out.reserve(records * (RECORD_HEADER_LEN + self.overhead_bound()) + data.len());
        for chunk in data.chunks(self.max_fragment_len) {
            if let Err(e) = self.write_record(content_type, chunk, out) {
                out.truncate(start);
                return Err(e);
            }
        }
        Ok(records)
    }

    /// Writes `alert` as one record (RFC 8446 §6).
    pub fn write_alert(&mut self, alert: Alert, out: &mut BytesMut) -> Result<(), RecordError> {
        self.write(ContentType::Alert, &alert.to_bytes(), out)
            .map(|_| ())
    }

    /// Writes the unprotected change_cipher_spec record `14 03 03 00 01 01`: the TLS 1.3
    /// compatibility record (RFC 8446 §5, Appendix D.4) or the TLS 1.2 message that precedes a
    /// key change. It does not use a sequence number.
    pub fn write_change_cipher_spec(&self, out: &mut BytesMut) {
        out.extend_from_slice(&CCS_RECORD);
    }

    /// The bytes protection adds to one record besides the header and any padding.
    fn overhead_bound(&self) -> usize {
        match &self.protection {
            None => 0,
            Some(p) => p.explicit_nonce_len() + 1 + p.tag_len(),
        }
    }

    fn write_record(
        &mut self,
        content_type: ContentType,
        fragment: &[u8],
        out: &mut BytesMut,
    ) -> Result<(), RecordError> {
        let typ = u8::from(content_type);
        let start = out.len();
        let Some(protection) = self.protection.as_mut() else {
            out.put_u8(typ);
            out.put_u16(self.plaintext_version);
            out.put_u16(fragment.len() as u16);
            out.extend_from_slice(fragment);
            self.copies.push(&out[start..], None);
            return Ok(());
        };
        let seq = protection.take_write_sequence()?;
        let padding = self.write_protected(seq, content_type, fragment, out)?;
        if self.copies.keeping() {
            let opened = self.protection.as_ref().map(|p| Opened {
                sequence: seq,
                nonce: p.nonce(seq, None),
                content_type,
                content: fragment.to_vec(),
                padding,
            });
            self.copies.push(&out[start..], opened);
        }
        Ok(())
    }

    /// Seals `fragment` as the record with sequence number `seq` and returns the TLS 1.3
    /// padding it got.
    fn write_protected(
        &mut self,
        seq: u64,
        content_type: ContentType,
        fragment: &[u8],
        out: &mut BytesMut,
    ) -> Result<usize, RecordError> {
        let typ = u8::from(content_type);
        let Some(protection) = self.protection.as_mut() else {
            return Err(RecordError::InvalidWrite(content_type));
        };
        let tag_len = protection.tag_len();
        match protection.version() {
            ProtectionVersion::Tls13 => {
                let max_padding = self.max_fragment_len.saturating_sub(fragment.len());
                let padding = self
                    .padding
                    .padding_len(content_type, fragment.len(), max_padding)
                    .min(max_padding);
                let inner_len = fragment.len() + 1 + padding;
                let header = header(u8::from(ContentType::ApplicationData), inner_len + tag_len);
                out.extend_from_slice(&header);
                let body = out.len();
                out.extend_from_slice(fragment);
                out.put_u8(typ);
                out.put_bytes(0, padding + tag_len);
                let nonce = protection.nonce(seq, None);
                let (data, tag) = out[body..].split_at_mut(inner_len);
                protection.seal(&nonce, &header, data, tag)?;
                Ok(padding)
            }
            ProtectionVersion::Tls12(_) => {
                let explicit_len = protection.explicit_nonce_len();
                let header = header(typ, explicit_len + fragment.len() + tag_len);
                out.extend_from_slice(&header);
                if explicit_len > 0 {
                    out.extend_from_slice(&seq.to_be_bytes());
                }
                let body = out.len();
                out.extend_from_slice(fragment);
                out.put_bytes(0, tag_len);
                let aad = tls12_aad(seq, typ, TLS12_VERSION, fragment.len());
                let nonce = protection.nonce(seq, None);
                let (data, tag) = out[body..].split_at_mut(fragment.len());
                protection.seal(&nonce, &aad, data, tag)?;
                Ok(0)
            }
        }
    }
}

/// A protected record's header with the version 0x0303.
fn header(typ: u8, len: usize) -> [u8; RECORD_HEADER_LEN] {
    let [v0, v1] = TLS12_VERSION.to_be_bytes();
    let [l0, l1] = (len as u16).to_be_bytes();
    [typ, v0, v1, l0, l1]
}

/// The TLS 1.2 AEAD additional data: seq_num ‖ type ‖ version ‖ length (RFC 5246 §6.2.3.3).
pub(crate) fn tls12_aad(seq: u64, typ: u8, version: u16, len: usize) -> [u8; 13] {
    let mut aad = [0u8; 13];
    aad[..8].copy_from_slice(&seq.to_be_bytes());
    aad[8] = typ;
    aad[9..11].copy_from_slice(&version.to_be_bytes());
    aad[11..].copy_from_slice(&(len as u16).to_be_bytes());
    aad
}
