//! The 5-byte record header and the record size limits (RFC 8446 §5.1–§5.2, RFC 5246 §6.2).

use bytes::BufMut;

use crate::enums::{ContentType, ProtocolVersion};
use crate::error::DecodeError;
use crate::wire;

/// Length of a record header: type (1), legacy_record_version (2), length (2).
pub const RECORD_HEADER_LEN: usize = 5;

/// Largest plaintext fragment, 2^14 bytes (RFC 8446 §5.1).
pub const MAX_PLAINTEXT_LEN: usize = 1 << 14;

/// Largest TLS 1.3 `TLSCiphertext.length`, 2^14 + 256 (RFC 8446 §5.2).
pub const MAX_TLS13_CIPHERTEXT_LEN: usize = (1 << 14) + 256;

/// Largest TLS 1.2 `TLSCiphertext.length`, 2^14 + 2048 (RFC 5246 §6.2.3).
pub const MAX_TLS12_CIPHERTEXT_LEN: usize = (1 << 14) + 2048;

/// The header in front of every record.
///
/// Parsing accepts any content type, version and length: which values are acceptable depends on
/// the record layer's state (protection, negotiated version, size limits), so it decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RecordHeader {
    /// The content type (the outer one, for a protected TLS 1.3 record).
    pub content_type: ContentType,
    /// `legacy_record_version`.
    pub version: ProtocolVersion,
    /// Length of the fragment that follows.
    pub length: u16,
}

impl RecordHeader {
    /// Reads the header from the first [`RECORD_HEADER_LEN`] bytes of `buf`; bytes after them are
    /// ignored (they are the fragment). Fewer than five bytes is [`DecodeError::Truncated`].
    pub fn parse(buf: &[u8]) -> Result<Self, DecodeError> {
        let head = buf.get(..RECORD_HEADER_LEN).ok_or(DecodeError::Truncated {
            field: "record header",
        })?;
        wire::parse_all(head, "record header", |i| {
            let (i, typ) = wire::u8(i, "record content type")?;
            let (i, version) = wire::u16(i, "record version")?;
            let (i, length) = wire::u16(i, "record length")?;
            let header = Self {
                content_type: ContentType::from(typ),
                version: ProtocolVersion::from(version),
                length,
            };
            Ok((i, header))
        })
    }

    /// Writes the header.
    pub fn encode(&self, dst: &mut impl BufMut) {
        dst.put_slice(&self.to_bytes());
    }

    /// The header as bytes (also the additional data of a TLS 1.3 AEAD record, RFC 8446 §5.2).
    pub fn to_bytes(&self) -> [u8; RECORD_HEADER_LEN] {
        let [v0, v1] = self.version.to_u16().to_be_bytes();
        let [l0, l1] = self.length.to_be_bytes();
        [self.content_type.to_u8(), v0, v1, l0, l1]
    }
}
