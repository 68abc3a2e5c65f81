//! One direction's record protection: an AEAD key, its IV and its sequence number.

use core::fmt;

use stratls_crypto::{Aead, AeadKey, Iv, NONCE_LEN, Secret, Shared, Tls12RecordNonce};

use crate::error::RecordError;

/// Which protocol's record protection a [`RecordProtection`] applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProtectionVersion {
    /// TLS 1.3 (RFC 8446 §5.2): outer type application_data, inner content type and padding,
    /// nonce = IV XOR sequence number, additional data = the record header.
    Tls13,
    /// TLS 1.2 AEAD suites (RFC 5246 §6.2.3.3) with the given nonce construction.
    Tls12(Tls12RecordNonce),
}

/// The AEAD protection of one direction of a connection (RFC 8446 §5.2–5.3, RFC 5246 §6.2.3.3).
///
/// Holds the prepared key, the IV (zeroized on drop, never printed) and the sequence number of
/// the next record. A new protection starts at sequence number 0; installing it in a
/// [`RecordReader`](crate::RecordReader) or [`RecordWriter`](crate::RecordWriter) is a key
/// change.
pub struct RecordProtection {
    version: ProtectionVersion,
    aead: Shared<dyn Aead>,
    key: Box<dyn AeadKey>,
    iv: Iv,
    seq: u64,
}

impl RecordProtection {
    /// TLS 1.3 protection from a traffic key and IV (RFC 8446 §7.3), as the key schedule's
    /// `TrafficKeys` gives them:
    /// `RecordProtection::tls13(keys.aead(), keys.key(), keys.iv())`.
    ///
    /// Fails with [`RecordError::InvalidKey`] if the key does not fit `aead`.
    pub fn tls13(
        aead: impl Into<Shared<dyn Aead>>,
        key: &Secret,
        iv: &Iv,
    ) -> Result<Self, RecordError> {
        Self::build(ProtectionVersion::Tls13, aead.into(), key, *iv.as_bytes())
    }

    /// TLS 1.2 AEAD protection from the key block's write key and write IV (RFC 5246 §6.3).
    ///
    /// `fixed_iv` is 4 bytes for [`Tls12RecordNonce::Explicit`] (the AES-GCM salt of
    /// RFC 5288 §3) and 12 bytes for [`Tls12RecordNonce::Xor`] (RFC 7905 §2). Fails with
    /// [`RecordError::InvalidKey`] if a length does not fit.
    pub fn tls12(
        aead: impl Into<Shared<dyn Aead>>,
        key: &Secret,
        fixed_iv: &Secret,
        nonce: Tls12RecordNonce,
    ) -> Result<Self, RecordError> {
        if fixed_iv.len() != nonce.fixed_iv_len() {
            return Err(RecordError::InvalidKey);
        }
        let mut iv_bytes = [0u8; NONCE_LEN];
        iv_bytes
            .get_mut(..fixed_iv.len())
            .ok_or(RecordError::InvalidKey)?
            .copy_from_slice(fixed_iv.as_bytes());
        Self::build(ProtectionVersion::Tls12(nonce), aead.into(), key, iv_bytes)
    }

    fn build(
        version: ProtectionVersion,
        aead: Shared<dyn Aead>,
        key: &Secret,
        iv: [u8; NONCE_LEN],
    ) -> Result<Self, RecordError> {
        let iv = Iv::new(iv);
        if key.len() != aead.key_len() {
            return Err(RecordError::InvalidKey);
        }
        let key = aead
            .key(key.as_bytes())
            .map_err(|_| RecordError::InvalidKey)?;
        Ok(Self {
            version,
            aead,
            key,
            iv,
            seq: 0,
        })
    }

    /// Continues from sequence number `seq` instead of 0.
    ///
    /// For a connection whose record state was handed over from elsewhere (for example a
    /// protection exported from another process, or kernel TLS state): the next record is
    /// protected with `seq`. Reusing a sequence number with the same key breaks the AEAD's
    /// security; never rewind.
    pub fn with_sequence_number(mut self, seq: u64) -> Self {
        self.seq = seq;
        self
    }

    /// The sequence number of the next record.
    pub fn sequence_number(&self) -> u64 {
        self.seq
    }

    /// Which protocol's record protection this is.
    pub fn version(&self) -> ProtectionVersion {
        self.version
    }

    /// The AEAD algorithm.
    pub fn aead(&self) -> &Shared<dyn Aead> {
        &self.aead
    }

    /// How many records this key may protect in total: the AEAD's confidentiality limit
    /// (RFC 8446 §5.5). The sequence number [`u64::MAX`] is never used either, so that it
    /// never wraps (RFC 8446 §5.3).
    pub fn record_limit(&self) -> u64 {
        self.aead.confidentiality_limit()
    }

    /// Whether the key should be changed now: true once the sequence number reaches
    /// [`RecordProtection::key_update_threshold`]. A TLS 1.3 endpoint then sends a KeyUpdate
    /// (RFC 8446 §4.6.3); a TLS 1.2 endpoint closes the connection.
    pub fn key_update_due(&self) -> bool {
        self.seq >= self.key_update_threshold()
    }

    /// The sequence number from which a key update is due: the record limit less a margin of
    /// one sixteenth of it, leaving room for the records in flight while the key changes.
    pub fn key_update_threshold(&self) -> u64 {
        let limit = self.record_limit();
        limit - limit / 16
    }

    /// Tag length of the AEAD.
    pub(crate) fn tag_len(&self) -> usize {
        self.aead.tag_len()
    }

    /// Bytes the protection adds in front of the plaintext (the TLS 1.2 explicit nonce).
    pub(crate) fn explicit_nonce_len(&self) -> usize {
        match self.version {
            ProtectionVersion::Tls13 => 0,
            ProtectionVersion::Tls12(n) => n.explicit_nonce_len(),
        }
    }

    /// The per-record nonce for sequence number `seq`.
    ///
    /// TLS 1.3 and RFC 7905: the IV XOR the left-padded sequence number. RFC 5288: the salt
    /// followed by the 8-byte explicit nonce, which this crate sets to the sequence number on
    /// writing and reads from the record on reading (`explicit`).
    pub(crate) fn nonce(&self, seq: u64, explicit: Option<&[u8; 8]>) -> [u8; NONCE_LEN] {
        let mut nonce = *self.iv.as_bytes();
        match (self.version, explicit) {
            (ProtectionVersion::Tls12(Tls12RecordNonce::Explicit), Some(e)) => {
                nonce[4..].copy_from_slice(e);
            }
            (ProtectionVersion::Tls12(Tls12RecordNonce::Explicit), None) => {
                nonce[4..].copy_from_slice(&seq.to_be_bytes());
            }
            _ => {
                for (n, s) in nonce[4..].iter_mut().zip(seq.to_be_bytes()) {
                    *n ^= s;
                }
            }
        }
        nonce
    }

    /// The nonce of the protected record `wire` (header and body) with sequence number `seq`:
    /// the explicit nonce, where there is one, is read from the record.
    pub(crate) fn record_nonce(&self, seq: u64, wire: &[u8]) -> [u8; NONCE_LEN] {
        let explicit = match self.explicit_nonce_len() {
            0 => None,
            _ => wire.get(5..).and_then(|b| b.first_chunk::<8>()),
        };
        self.nonce(seq, explicit)
    }

    /// Takes the current sequence number for a record to write and advances it. Fails at the
    /// record limit, so that a sequence number is never reused and never wraps.
    pub(crate) fn take_write_sequence(&mut self) -> Result<u64, RecordError> {
        let seq = self.seq;
        if seq >= self.record_limit() || seq == u64::MAX {
            return Err(RecordError::SequenceExhausted);
        }
        self.seq = seq + 1;
        Ok(seq)
    }

    /// The sequence number for the next record read. The confidentiality limit binds the
    /// sender (RFC 8446 §5.5), so reading stops only where the sequence number would wrap. It
    /// advances with [`Self::advance_read`] once the record has authenticated, so that a record
    /// skipped as undecryptable early data does not use one.
    pub(crate) fn read_sequence(&self) -> Result<u64, RecordError> {
        if self.seq == u64::MAX {
            return Err(RecordError::SequenceExhausted);
        }
        Ok(self.seq)
    }

    /// Advances past a record read successfully.
    pub(crate) fn advance_read(&mut self) {
        self.seq = self.seq.saturating_add(1);
    }

    /// Seals `data` in place with `aad`, writing the tag into `tag`.
    pub(crate) fn seal(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        data: &mut [u8],
        tag: &mut [u8],
    ) -> Result<(), RecordError> {
        self.key
            .seal_in_place(nonce, aad, data, tag)
            .map_err(|_| RecordError::EncryptFailed)
    }

    /// Opens `data` in place; any failure is `bad_record_mac`.
    pub(crate) fn open(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        data: &mut [u8],
        tag: &[u8],
    ) -> Result<(), RecordError> {
        self.key
            .open_in_place(nonce, aad, data, tag)
            .map_err(|_| RecordError::BadRecordMac)
    }
}

impl fmt::Debug for RecordProtection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordProtection")
            .field("version", &self.version)
            .field("aead", &self.aead.algorithm())
            .field("key", &"[redacted]")
            .field("iv", &"[redacted]")
            .field("seq", &self.seq)
            .finish()
    }
}
