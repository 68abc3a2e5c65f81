//! A cursor over the fuzzer's bytes: the targets read their choices from the front.

/// Reads choices from the front of a fuzz input; reading past the end yields defaults.
#[derive(Debug)]
pub struct Input<'a> {
    rest: &'a [u8],
}

impl<'a> Input<'a> {
    /// A cursor at the start of `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Self { rest: data }
    }

    /// The next byte, if any.
    pub fn byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.rest.split_first()?;
        self.rest = rest;
        Some(first)
    }

    /// The next two bytes as a big-endian number (missing bytes count as zero).
    pub fn u16(&mut self) -> u16 {
        let hi = self.byte().unwrap_or_default();
        let lo = self.byte().unwrap_or_default();
        u16::from_be_bytes([hi, lo])
    }

    /// Up to `n` bytes (fewer when the input ends first).
    pub fn bytes(&mut self, n: usize) -> &'a [u8] {
        let (taken, rest) = self.rest.split_at(n.min(self.rest.len()));
        self.rest = rest;
        taken
    }

    /// Everything left.
    pub fn rest(self) -> &'a [u8] {
        self.rest
    }

    /// A delivery size from the next byte: 0 delivers everything at once, 1..=255 deliver
    /// pieces of 1 to 255 bytes, so both byte-at-a-time and bulk delivery are explored.
    pub fn chunk_size(&mut self) -> usize {
        match self.byte().unwrap_or_default() {
            0 => usize::MAX,
            n => usize::from(n),
        }
    }
}
