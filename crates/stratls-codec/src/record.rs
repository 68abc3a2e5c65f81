//! The 5-byte record header and the record size limits (RFC 8446 §5.1–§5.2, RFC 5246 §6.2).

use crate::enums::{ContentType, ProtocolVersion};
use crate::error::DecodeError;
use crate::wire::{self, EncodeBuf};

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

    /// The fragment length as a `usize`.
    pub fn fragment_len(&self) -> usize {
        usize::from(self.length)
    }

    /// Header plus fragment length: the bytes the whole record takes.
    pub fn record_len(&self) -> usize {
        RECORD_HEADER_LEN + self.fragment_len()
    }

    /// The fragment of the record whose header starts `record`: the [`RecordHeader::length`]
    /// bytes after the header, or [`DecodeError::Truncated`] if they are not all there. Bytes
    /// after the fragment (the next record) are ignored.
    pub fn fragment<'a>(&self, record: &'a [u8]) -> Result<&'a [u8], DecodeError> {
        record
            .get(RECORD_HEADER_LEN..self.record_len())
            .ok_or(DecodeError::Truncated {
                field: "record fragment",
            })
    }

    /// Reads the header at the front of `buf` and hands out its fragment and the bytes after
    /// the record: `(header, fragment, rest)`. A header or fragment cut short is
    /// [`DecodeError::Truncated`].
    pub fn split(buf: &[u8]) -> Result<(Self, &[u8], &[u8]), DecodeError> {
        let header = Self::parse(buf)?;
        let fragment = header.fragment(buf)?;
        let rest = buf.get(header.record_len()..).unwrap_or_default();
        Ok((header, fragment, rest))
    }

    /// Writes the header.
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        dst.put_slice(&self.to_bytes());
    }

    /// The header as bytes (also the additional data of a TLS 1.3 AEAD record, RFC 8446 §5.2).
    pub fn to_bytes(&self) -> [u8; RECORD_HEADER_LEN] {
        let [v0, v1] = self.version.to_u16().to_be_bytes();
        let [l0, l1] = self.length.to_be_bytes();
        [self.content_type.to_u8(), v0, v1, l0, l1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragment_and_rest() {
        // An alert record (2 bytes) followed by the first byte of the next record.
        let bytes = [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28, 0x16];
        let header = RecordHeader::parse(&bytes).expect("header");
        assert_eq!(header.content_type, ContentType::Alert);
        assert_eq!(header.version, ProtocolVersion::TLSv1_2);
        assert_eq!((header.fragment_len(), header.record_len()), (2, 7));
        assert_eq!(header.fragment(&bytes), Ok(&[0x02, 0x28][..]));
        assert_eq!(
            RecordHeader::split(&bytes),
            Ok((header, &[0x02, 0x28][..], &[0x16][..]))
        );
        assert_eq!(
            RecordHeader::split(&bytes[..7]),
            Ok((header, &[0x02, 0x28][..], &[][..]))
        );
        let truncated = DecodeError::Truncated {
            field: "record fragment",
        };
        assert_eq!(header.fragment(&bytes[..6]), Err(truncated));
        assert_eq!(RecordHeader::split(&bytes[..6]), Err(truncated));
        assert!(matches!(
            RecordHeader::split(&bytes[..4]),
            Err(DecodeError::Truncated { .. })
        ));
    }
}
