//! TLS 1.3 record padding policies (RFC 8446 §5.4).

use core::fmt;

use stratls_codec::ContentType;

/// Decides how many zero bytes of padding a TLS 1.3 record carries (RFC 8446 §5.4).
///
/// Padding hides the length of the content from an observer. TLS 1.2 records are never padded.
/// The writer clamps the answer to `max_padding`, which keeps the record within the fragment
/// limit.
pub trait PaddingPolicy: Send + Sync + fmt::Debug {
    /// Padding for a record carrying `content_len` bytes of `content_type`; at most
    /// `max_padding` bytes are used.
    fn padding_len(
        &self,
        content_type: ContentType,
        content_len: usize,
        max_padding: usize,
    ) -> usize;
}

/// No padding: the default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoPadding;

impl PaddingPolicy for NoPadding {
    fn padding_len(&self, _: ContentType, _: usize, _: usize) -> usize {
        0
    }
}

/// Pads every record so that its encoded inner plaintext (content, content type and padding)
/// is a multiple of a block size, as far as the fragment limit allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PadToMultiple {
    block: usize,
}

impl PadToMultiple {
    /// Pads to a multiple of `block` bytes; a block of 0 or 1 means no padding.
    pub const fn new(block: usize) -> Self {
        Self { block }
    }

    /// The block size.
    pub const fn block(&self) -> usize {
        self.block
    }
}

impl PaddingPolicy for PadToMultiple {
    fn padding_len(&self, _: ContentType, content_len: usize, max_padding: usize) -> usize {
        if self.block <= 1 {
            return 0;
        }
        let inner = content_len.saturating_add(1);
        let rem = inner % self.block;
        let pad = if rem == 0 { 0 } else { self.block - rem };
        pad.min(max_padding)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pad_to_multiple() {
        let p = PadToMultiple::new(16);
        assert_eq!(p.padding_len(ContentType::ApplicationData, 0, 100), 15);
        assert_eq!(p.padding_len(ContentType::ApplicationData, 15, 100), 0);
        assert_eq!(p.padding_len(ContentType::ApplicationData, 16, 100), 15);
        assert_eq!(p.padding_len(ContentType::ApplicationData, 16, 3), 3);
        assert_eq!(
            PadToMultiple::new(1).padding_len(ContentType::Alert, 2, 100),
            0
        );
        assert_eq!(NoPadding.padding_len(ContentType::Alert, 2, 100), 0);
    }
}
