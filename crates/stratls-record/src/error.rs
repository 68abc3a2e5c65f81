//! The record layer's error type.

use core::fmt;

use stratls_codec::{AlertDescription, ContentType};

/// Why the record layer failed. Every cause that involves the peer names the alert to send
/// ([`RecordError::alert`]); causes that are the local side's own are `internal_error`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RecordError {
    /// A record header named a content type that TLS does not define (RFC 8446 §5).
    UnknownContentType(u8),
    /// A record header's version was not 0x03xx: the bytes are not a TLS record.
    InvalidRecordVersion(u16),
    /// A record's length exceeded the limit for its kind: 2^14 for a plaintext record,
    /// 2^14 + 256 for a TLS 1.3 ciphertext, 2^14 + 2048 for a TLS 1.2 ciphertext.
    RecordOverflow {
        /// The length the peer sent.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A decrypted record exceeded 2^14 bytes of content (for TLS 1.3, a TLSInnerPlaintext
    /// over 2^14 + 1 bytes; RFC 8446 §5.4).
    PlaintextOverflow {
        /// The decrypted length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A protected record did not authenticate, or was too short to hold a tag (RFC 8446
    /// §5.2, RFC 5246 §6.2.3.3).
    BadRecordMac,
    /// A TLS 1.3 record decrypted to zeros only: it carries no content type (RFC 8446 §5.4).
    MissingContentType,
    /// A record of this content type is not allowed in the current protection state: an
    /// unprotected application_data record, a TLS 1.3 record with an outer type other than
    /// application_data once protection is on, or a TLS 1.3 protected change_cipher_spec.
    UnexpectedContentType(ContentType),
    /// A change_cipher_spec record arrived while none was allowed (RFC 8446 §5).
    UnexpectedChangeCipherSpec,
    /// A change_cipher_spec record's body was not the single byte 0x01 (RFC 8446 §5).
    InvalidChangeCipherSpec,
    /// A zero-length handshake record (RFC 8446 §5.1).
    EmptyHandshakeRecord,
    /// A TLS 1.3 protected alert record with no content (RFC 8446 §5.4: `unexpected_message`).
    EmptyAlertRecord,
    /// A record of another type arrived in the middle of a fragmented handshake message
    /// (RFC 8446 §5.1).
    InterleavedHandshake(ContentType),
    /// A handshake message's announced length exceeded the configured ceiling.
    HandshakeMessageTooLarge {
        /// The announced body length.
        len: usize,
        /// The ceiling.
        max: usize,
    },
    /// An alert record was not exactly two bytes long (RFC 8446 §5.1, §6).
    InvalidAlertLength(usize),
    /// The read key changed while handshake bytes were still buffered: key changes must fall on
    /// record boundaries (RFC 8446 §5.1).
    KeyChangeMidHandshake,
    /// More records in a row without application data (empty application data, padding
    /// only, change_cipher_spec, alerts other than close_notify) than the configured limit.
    TooManyRecordsWithoutData(usize),
    /// The sequence number reached the key's record limit: no record may be protected or
    /// opened with this key any more (RFC 8446 §5.3, §5.5).
    SequenceExhausted,
    /// A key or IV had the wrong length for the AEAD.
    InvalidKey,
    /// The AEAD failed to seal a record.
    EncryptFailed,
    /// A fragment length limit outside 1..=2^14 was asked for.
    InvalidFragmentLimit(usize),
    /// A record was to be written with a content type that cannot be sent as given: an empty
    /// handshake or alert payload, or an alert that is not exactly two bytes.
    InvalidWrite(ContentType),
}

impl RecordError {
    /// The alert to send for this error (RFC 8446 §6.2).
    pub fn alert(&self) -> AlertDescription {
        match self {
            Self::UnknownContentType(_)
            | Self::MissingContentType
            | Self::UnexpectedContentType(_)
            | Self::UnexpectedChangeCipherSpec
            | Self::InvalidChangeCipherSpec
            | Self::EmptyHandshakeRecord
            | Self::EmptyAlertRecord
            | Self::InterleavedHandshake(_)
            | Self::KeyChangeMidHandshake
            | Self::TooManyRecordsWithoutData(_) => AlertDescription::UnexpectedMessage,
            Self::InvalidRecordVersion(_)
            | Self::HandshakeMessageTooLarge { .. }
            | Self::InvalidAlertLength(_) => AlertDescription::DecodeError,
            Self::RecordOverflow { .. } | Self::PlaintextOverflow { .. } => {
                AlertDescription::RecordOverflow
            }
            Self::BadRecordMac => AlertDescription::BadRecordMac,
            Self::SequenceExhausted
            | Self::InvalidKey
            | Self::EncryptFailed
            | Self::InvalidFragmentLimit(_)
            | Self::InvalidWrite(_) => AlertDescription::InternalError,
        }
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownContentType(t) => write!(f, "record with unknown content type {t}"),
            Self::InvalidRecordVersion(v) => write!(f, "record with invalid version {v:#06x}"),
            Self::RecordOverflow { len, max } => {
                write!(f, "record of {len} bytes exceeds the limit of {max}")
            }
            Self::PlaintextOverflow { len, max } => {
                write!(
                    f,
                    "decrypted record of {len} bytes exceeds the limit of {max}"
                )
            }
            Self::BadRecordMac => f.write_str("record failed authentication"),
            Self::MissingContentType => f.write_str("protected record without a content type"),
            Self::UnexpectedContentType(t) => {
                write!(f, "{t:?} record not allowed in this protection state")
            }
            Self::UnexpectedChangeCipherSpec => f.write_str("unexpected change_cipher_spec"),
            Self::InvalidChangeCipherSpec => f.write_str("invalid change_cipher_spec body"),
            Self::EmptyHandshakeRecord => f.write_str("zero-length handshake record"),
            Self::EmptyAlertRecord => f.write_str("zero-length protected alert record"),
            Self::InterleavedHandshake(t) => {
                write!(f, "{t:?} record inside a fragmented handshake message")
            }
            Self::HandshakeMessageTooLarge { len, max } => {
                write!(
                    f,
                    "handshake message of {len} bytes exceeds the limit of {max}"
                )
            }
            Self::InvalidAlertLength(n) => write!(f, "alert record of {n} bytes (expected 2)"),
            Self::KeyChangeMidHandshake => {
                f.write_str("read key changed while handshake data was buffered")
            }
            Self::TooManyRecordsWithoutData(n) => {
                write!(f, "more than {n} records in a row without application data")
            }
            Self::SequenceExhausted => f.write_str("record sequence number limit reached"),
            Self::InvalidKey => f.write_str("key or IV length does not fit the AEAD"),
            Self::EncryptFailed => f.write_str("record encryption failed"),
            Self::InvalidFragmentLimit(n) => write!(f, "fragment limit {n} outside 1..=16384"),
            Self::InvalidWrite(t) => write!(f, "{t:?} payload cannot be written as given"),
        }
    }
}

impl std::error::Error for RecordError {}

#[cfg(test)]
mod tests {
    use super::*;
    use AlertDescription as A;

    /// Every cause with its alert (RFC 8446 §5, §6.2); `alert()` has no wildcard, so a new
    /// cause does not compile without a choice. The local ones are `internal_error`.
    #[test]
    fn every_cause_names_its_alert() {
        let table = [
            (RecordError::UnknownContentType(99), A::UnexpectedMessage),
            (RecordError::InvalidRecordVersion(0x0200), A::DecodeError),
            (
                RecordError::RecordOverflow { len: 1, max: 0 },
                A::RecordOverflow,
            ),
            (
                RecordError::PlaintextOverflow { len: 1, max: 0 },
                A::RecordOverflow,
            ),
            (RecordError::BadRecordMac, A::BadRecordMac),
            (RecordError::MissingContentType, A::UnexpectedMessage),
            (
                RecordError::UnexpectedContentType(ContentType::Heartbeat),
                A::UnexpectedMessage,
            ),
            (
                RecordError::UnexpectedChangeCipherSpec,
                A::UnexpectedMessage,
            ),
            (RecordError::InvalidChangeCipherSpec, A::UnexpectedMessage),
            (RecordError::EmptyHandshakeRecord, A::UnexpectedMessage),
            (RecordError::EmptyAlertRecord, A::UnexpectedMessage),
            (
                RecordError::InterleavedHandshake(ContentType::Alert),
                A::UnexpectedMessage,
            ),
            (
                RecordError::HandshakeMessageTooLarge { len: 1, max: 0 },
                A::DecodeError,
            ),
            (RecordError::InvalidAlertLength(3), A::DecodeError),
            (RecordError::KeyChangeMidHandshake, A::UnexpectedMessage),
            (
                RecordError::TooManyRecordsWithoutData(32),
                A::UnexpectedMessage,
            ),
            (RecordError::SequenceExhausted, A::InternalError),
            (RecordError::InvalidKey, A::InternalError),
            (RecordError::EncryptFailed, A::InternalError),
            (RecordError::InvalidFragmentLimit(0), A::InternalError),
            (
                RecordError::InvalidWrite(ContentType::Handshake),
                A::InternalError,
            ),
        ];
        for (e, alert) in table {
            assert_eq!(e.alert(), alert, "{e:?}");
        }
    }
}
