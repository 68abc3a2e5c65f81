//! The one error type of the codec: why some bytes are not a valid TLS structure.

use core::fmt;

use crate::enums::{AlertDescription, ExtensionType};

/// Why a byte string could not be decoded as the TLS structure asked for.
///
/// Every variant names the field (or message) where decoding stopped, so a log line says what was
/// wrong without printing peer bytes. [`DecodeError::alert`] gives the alert a receiver sends.
///
/// Which alert: RFC 8446 §6.2 defines `decode_error` as "some field was out of the specified range
/// or the length of the message was incorrect", and `illegal_parameter` as "a field in the
/// handshake was incorrectly set or inconsistent with other fields". Lengths, truncation and
/// trailing bytes are therefore `decode_error`; values the RFC forbids by name (a compression
/// method other than null in a TLS 1.3 ClientHello, `pre_shared_key` not last, an unknown
/// KeyUpdate request, a `record_size_limit` below 64, an extension in a message whose column of the
/// RFC 8446 §4.2 table does not list it) are `illegal_parameter`. RFC 8446 §4.2 forbids duplicate
/// extensions without naming an alert; this crate treats a duplicate as a field inconsistent with
/// another one, i.e. `illegal_parameter` (as OpenSSL does).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// The input ended before the field was complete (the "incomplete" kind: more bytes may
    /// turn it into a valid structure).
    Truncated {
        /// The field being read.
        field: &'static str,
    },
    /// Bytes were left over after the structure (or a length-delimited part of it) ended.
    TrailingBytes {
        /// The structure that should have consumed everything.
        field: &'static str,
    },
    /// A length read from the wire is outside the range the RFC gives for the vector.
    LengthOutOfRange {
        /// The vector whose length is wrong.
        field: &'static str,
        /// The length that was read.
        len: usize,
    },
    /// A value the RFC forbids by name for this field.
    IllegalValue {
        /// The field holding the value.
        field: &'static str,
    },
    /// A value that cannot be interpreted at all (e.g. an element of an unsupported form).
    InvalidValue {
        /// The field holding the value.
        field: &'static str,
    },
    /// The same extension type appeared twice in one extension block (RFC 8446 §4.2).
    DuplicateExtension {
        /// The message carrying the block.
        field: &'static str,
        /// The repeated type.
        typ: ExtensionType,
    },
    /// A known extension appeared in a message where RFC 8446 §4.2 does not allow it.
    UnexpectedExtension {
        /// The message carrying the extension.
        field: &'static str,
        /// The misplaced type.
        typ: ExtensionType,
    },
    /// `pre_shared_key` was not the last extension of a ClientHello (RFC 8446 §4.2.11).
    PreSharedKeyNotLast,
    /// A ChangeCipherSpec body other than the single byte `0x01` (RFC 8446 §5).
    InvalidChangeCipherSpec,
}

impl DecodeError {
    /// The alert a receiver sends for this error (RFC 8446 §6.2).
    pub const fn alert(&self) -> AlertDescription {
        match self {
            Self::Truncated { .. }
            | Self::TrailingBytes { .. }
            | Self::LengthOutOfRange { .. }
            | Self::InvalidValue { .. } => AlertDescription::DecodeError,
            Self::IllegalValue { .. }
            | Self::DuplicateExtension { .. }
            | Self::UnexpectedExtension { .. }
            | Self::PreSharedKeyNotLast => AlertDescription::IllegalParameter,
            Self::InvalidChangeCipherSpec => AlertDescription::UnexpectedMessage,
        }
    }

    /// True for [`DecodeError::Truncated`]: the input ended early, so a caller that is still
    /// receiving bytes may wait for more.
    pub const fn is_truncated(&self) -> bool {
        matches!(self, Self::Truncated { .. })
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Truncated { field } => write!(f, "truncated {field}"),
            Self::TrailingBytes { field } => write!(f, "trailing bytes after {field}"),
            Self::LengthOutOfRange { field, len } => {
                write!(f, "length {len} of {field} is out of range")
            }
            Self::IllegalValue { field } => write!(f, "illegal value in {field}"),
            Self::InvalidValue { field } => write!(f, "undecodable value in {field}"),
            Self::DuplicateExtension { field, typ } => {
                write!(f, "duplicate extension {typ:?} in {field}")
            }
            Self::UnexpectedExtension { field, typ } => {
                write!(f, "extension {typ:?} is not allowed in {field}")
            }
            Self::PreSharedKeyNotLast => {
                f.write_str("pre_shared_key is not the last ClientHello extension")
            }
            Self::InvalidChangeCipherSpec => f.write_str("ChangeCipherSpec body is not 0x01"),
        }
    }
}

impl std::error::Error for DecodeError {}
