//! The primitives every parser and encoder of the crate is built from.
//!
//! Parsers are nom 8 functions over `&[u8]` whose error is [`DecodeError`] (wrapped in
//! `nom::Err`), each told the name of the field it reads so that errors say where decoding
//! stopped. Vector readers check the length against the RFC's range first, then against what
//! remains, so no count read from the wire sizes anything before the bytes are known to be there.
//!
//! Encoders write into an [`EncodeBuf`] (`Vec<u8>`, `BytesMut`). Length prefixes are only ever
//! written by the `with_*_len` helpers, which write a placeholder, encode the body after it in
//! the same buffer and then patch in the body's real length: no field is built in a buffer of
//! its own. A body longer than its prefix can express is a bug of the caller (every value the
//! parsers produce fits); in debug builds it panics, in release builds the body is cut to the
//! largest expressible length so the output stays well-framed.

use bytes::BufMut;
use nom::IResult;
use nom::error::{ErrorKind, ParseError};

use crate::error::DecodeError;

/// What every internal parser returns.
pub(crate) type PResult<'a, T> = IResult<&'a [u8], T, DecodeError>;

impl ParseError<&[u8]> for DecodeError {
    fn from_error_kind(_input: &[u8], _kind: ErrorKind) -> Self {
        DecodeError::Truncated { field: "input" }
    }

    fn append(_input: &[u8], _kind: ErrorKind, other: Self) -> Self {
        other
    }
}

/// Fails the current parser with `err`.
pub(crate) fn reject<T>(err: DecodeError) -> Result<T, nom::Err<DecodeError>> {
    Err(nom::Err::Error(err))
}

/// Runs `parser` over the whole of `input`: leftover bytes are [`DecodeError::TrailingBytes`].
pub(crate) fn parse_all<'a, T>(
    input: &'a [u8],
    field: &'static str,
    parser: impl FnOnce(&'a [u8]) -> PResult<'a, T>,
) -> Result<T, DecodeError> {
    match parser(input) {
        Ok(([], value)) => Ok(value),
        Ok((_, _)) => Err(DecodeError::TrailingBytes { field }),
        Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(e),
        Err(nom::Err::Incomplete(_)) => Err(DecodeError::Truncated { field }),
    }
}

fn truncated<'a>(
    field: &'static str,
) -> impl Fn(nom::Err<nom::error::Error<&'a [u8]>>) -> nom::Err<DecodeError> {
    move |_| nom::Err::Error(DecodeError::Truncated { field })
}

/// Reads one byte.
pub(crate) fn u8<'a>(input: &'a [u8], field: &'static str) -> PResult<'a, u8> {
    nom::number::complete::be_u8(input).map_err(truncated(field))
}

/// Reads a big-endian `uint16`.
pub(crate) fn u16<'a>(input: &'a [u8], field: &'static str) -> PResult<'a, u16> {
    nom::number::complete::be_u16(input).map_err(truncated(field))
}

/// Reads a big-endian `uint24`.
pub(crate) fn u24<'a>(input: &'a [u8], field: &'static str) -> PResult<'a, u32> {
    nom::number::complete::be_u24(input).map_err(truncated(field))
}

/// Reads a big-endian `uint32`.
pub(crate) fn u32<'a>(input: &'a [u8], field: &'static str) -> PResult<'a, u32> {
    nom::number::complete::be_u32(input).map_err(truncated(field))
}

/// Takes exactly `len` bytes.
pub(crate) fn take<'a>(input: &'a [u8], len: usize, field: &'static str) -> PResult<'a, &'a [u8]> {
    nom::bytes::complete::take(len)(input).map_err(truncated(field))
}

/// Takes a fixed-size array, such as `Random`.
pub(crate) fn array<'a, const N: usize>(
    input: &'a [u8],
    field: &'static str,
) -> PResult<'a, [u8; N]> {
    let (rest, bytes) = take(input, N, field)?;
    match <[u8; N]>::try_from(bytes) {
        Ok(array) => Ok((rest, array)),
        Err(_) => reject(DecodeError::Truncated { field }),
    }
}

fn vector<'a>(
    input: &'a [u8],
    len: usize,
    range: (usize, usize),
    field: &'static str,
) -> PResult<'a, &'a [u8]> {
    if len < range.0 || len > range.1 {
        return reject(DecodeError::LengthOutOfRange { field, len });
    }
    take(input, len, field)
}

/// Reads `opaque field<min..max>` with a one-byte length.
pub(crate) fn vec_u8<'a>(
    input: &'a [u8],
    min: usize,
    max: usize,
    field: &'static str,
) -> PResult<'a, &'a [u8]> {
    let (input, len) = u8(input, field)?;
    vector(input, usize::from(len), (min, max), field)
}

/// Reads `opaque field<min..max>` with a two-byte length.
pub(crate) fn vec_u16<'a>(
    input: &'a [u8],
    min: usize,
    max: usize,
    field: &'static str,
) -> PResult<'a, &'a [u8]> {
    let (input, len) = u16(input, field)?;
    vector(input, usize::from(len), (min, max), field)
}

/// Reads `opaque field<min..max>` with a three-byte length.
pub(crate) fn vec_u24<'a>(
    input: &'a [u8],
    min: usize,
    max: usize,
    field: &'static str,
) -> PResult<'a, &'a [u8]> {
    let (input, len) = u24(input, field)?;
    // A u24 always fits a usize on the targets Rust supports with std.
    let len = usize::try_from(len).unwrap_or(usize::MAX);
    vector(input, len, (min, max), field)
}

/// Parses all of `input` as a sequence of items. Each item must consume at least one byte, so
/// the number of items (and the vector's size) is bounded by `input.len()`.
pub(crate) fn items<'a, T>(
    mut input: &'a [u8],
    field: &'static str,
    mut item: impl FnMut(&'a [u8]) -> PResult<'a, T>,
) -> Result<Vec<T>, nom::Err<DecodeError>> {
    let mut out = Vec::new();
    while !input.is_empty() {
        let (rest, value) = item(input)?;
        if rest.len() >= input.len() {
            return reject(DecodeError::InvalidValue { field });
        }
        out.push(value);
        input = rest;
    }
    Ok(out)
}

/// Parses all of `input` as `uint16` code points (the length must be even).
pub(crate) fn u16_items<T: From<u16>>(
    input: &[u8],
    field: &'static str,
) -> Result<Vec<T>, nom::Err<DecodeError>> {
    if !input.len().is_multiple_of(2) {
        return reject(DecodeError::LengthOutOfRange {
            field,
            len: input.len(),
        });
    }
    // Exactly len / 2 items, bounded by the input's own size: one allocation.
    Ok(input
        .chunks_exact(2)
        .map(|pair| T::from(u16::from_be_bytes([pair[0], pair[1]])))
        .collect())
}

/// Parses all of `input` as one-byte code points.
pub(crate) fn u8_items<T: From<u8>>(input: &[u8]) -> Vec<T> {
    input.iter().map(|&b| T::from(b)).collect()
}

/// A buffer the encoders write into: bytes are appended at its end, and a length prefix is
/// written in place before its body, as a placeholder patched once the body is written, so that
/// no length-prefixed field needs a buffer of its own.
///
/// Implemented for `Vec<u8>` and `bytes::BytesMut`; any other buffer can implement it with the
/// three operations below.
pub trait EncodeBuf: BufMut {
    /// How many bytes the buffer holds.
    fn written(&self) -> usize;

    /// Overwrites the bytes at `at..at + bytes.len()`, all of which are already written.
    fn patch(&mut self, at: usize, bytes: &[u8]);

    /// Shortens the buffer to `len` bytes (no effect if it holds fewer).
    fn truncate_to(&mut self, len: usize);
}

impl EncodeBuf for Vec<u8> {
    fn written(&self) -> usize {
        self.len()
    }

    fn patch(&mut self, at: usize, bytes: &[u8]) {
        if let Some(dst) = self.get_mut(at..at.saturating_add(bytes.len())) {
            dst.copy_from_slice(bytes);
        }
    }

    fn truncate_to(&mut self, len: usize) {
        self.truncate(len);
    }
}

impl EncodeBuf for bytes::BytesMut {
    fn written(&self) -> usize {
        self.len()
    }

    fn patch(&mut self, at: usize, bytes: &[u8]) {
        if let Some(dst) = self.get_mut(at..at.saturating_add(bytes.len())) {
            dst.copy_from_slice(bytes);
        }
    }

    fn truncate_to(&mut self, len: usize) {
        self.truncate(len);
    }
}

/// Writes a `width`-byte placeholder, what `body` writes after it, then the body's length in the
/// placeholder. A body over `max` bytes is a bug of the caller: debug builds panic, release
/// builds cut it to `max` bytes, so the output stays well-framed.
fn with_len<B: EncodeBuf>(dst: &mut B, width: usize, max: usize, body: impl FnOnce(&mut B)) {
    let start = dst.written();
    dst.put_bytes(0, width);
    body(dst);
    let len = dst.written().saturating_sub(start + width);
    debug_assert!(len <= max, "vector of {len} bytes exceeds {max}");
    let len = cut_to(dst, start + width, len, max);
    let be = len.to_be_bytes();
    dst.patch(
        start,
        be.get(be.len().saturating_sub(width)..).unwrap_or(&[]),
    );
}

/// Cuts a body of `len` bytes that starts at `body_start` to at most `max` bytes and returns the
/// length kept.
fn cut_to<B: EncodeBuf>(dst: &mut B, body_start: usize, len: usize, max: usize) -> usize {
    if len > max {
        dst.truncate_to(body_start + max);
        max
    } else {
        len
    }
}

/// Encodes what `body` writes, prefixed with its length as one byte.
pub(crate) fn with_u8_len<B: EncodeBuf>(dst: &mut B, body: impl FnOnce(&mut B)) {
    with_len(dst, 1, 0xff, body);
}

/// Encodes what `body` writes, prefixed with its length as two bytes.
pub(crate) fn with_u16_len<B: EncodeBuf>(dst: &mut B, body: impl FnOnce(&mut B)) {
    with_len(dst, 2, 0xffff, body);
}

/// Encodes what `body` writes, prefixed with its length as three bytes.
pub(crate) fn with_u24_len<B: EncodeBuf>(dst: &mut B, body: impl FnOnce(&mut B)) {
    with_len(dst, 3, 0xff_ffff, body);
}

/// Writes `opaque<..2^8-1>`.
pub(crate) fn put_vec_u8(dst: &mut impl EncodeBuf, bytes: &[u8]) {
    with_u8_len(dst, |d| d.put_slice(bytes));
}

/// Writes `opaque<..2^16-1>`.
pub(crate) fn put_vec_u16(dst: &mut impl EncodeBuf, bytes: &[u8]) {
    with_u16_len(dst, |d| d.put_slice(bytes));
}

/// Writes `opaque<..2^24-1>`.
pub(crate) fn put_vec_u24(dst: &mut impl EncodeBuf, bytes: &[u8]) {
    with_u24_len(dst, |d| d.put_slice(bytes));
}

/// Writes a `uint24`.
pub(crate) fn put_u24(dst: &mut impl BufMut, value: u32) {
    let be = value.min(0xff_ffff).to_be_bytes();
    dst.put_slice(be.get(1..).unwrap_or(&[]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_prefixes() {
        let mut out = Vec::new();
        with_u8_len(&mut out, |d| d.put_slice(&[1, 2]));
        with_u16_len(&mut out, |d| d.put_slice(&[3]));
        with_u24_len(&mut out, |d| d.put_slice(&[]));
        put_u24(&mut out, 0x01_0203);
        assert_eq!(out, [2, 1, 2, 0, 1, 3, 0, 0, 0, 1, 2, 3]);
    }

    #[test]
    fn nested_prefixes_are_patched_in_place() {
        let mut out = vec![0xaa];
        with_u16_len(&mut out, |d| {
            with_u8_len(d, |d| d.put_slice(&[1, 2, 3]));
            with_u24_len(d, |d| {
                with_u16_len(d, |d| d.put_slice(&[4]));
            });
        });
        assert_eq!(out, [0xaa, 0, 10, 3, 1, 2, 3, 0, 0, 3, 0, 1, 4]);
        // The same into a BytesMut.
        let mut other = bytes::BytesMut::from(&[0xaa][..]);
        with_u16_len(&mut other, |d| {
            with_u8_len(d, |d| d.put_slice(&[1, 2, 3]));
            with_u24_len(d, |d| {
                with_u16_len(d, |d| d.put_slice(&[4]));
            });
        });
        assert_eq!(other[..], out[..]);
    }

    #[test]
    fn a_full_length_body_fits_its_prefix() {
        let mut out = Vec::new();
        with_u8_len(&mut out, |d| d.put_bytes(7, 0xff));
        assert_eq!(out.len(), 1 + 0xff);
        assert_eq!(out[0], 0xff);
        assert!(out[1..].iter().all(|&b| b == 7));
        let mut out = Vec::new();
        put_vec_u16(&mut out, &[9; 0xffff]);
        assert_eq!(out[..2], [0xff, 0xff]);
        assert_eq!(out.len(), 2 + 0xffff);
    }

    #[test]
    fn an_overlong_body_is_cut_to_what_the_prefix_can_say() {
        // What release builds do with a body over the limit (debug builds panic, below).
        let mut out = vec![0xaa, 0, 0];
        out.extend_from_slice(&[5; 300]);
        assert_eq!(cut_to(&mut out, 3, 300, 0xff), 0xff);
        assert_eq!(out.len(), 3 + 0xff);
        let mut short = vec![1, 2, 3];
        assert_eq!(cut_to(&mut short, 1, 2, 0xff), 2);
        assert_eq!(short, [1, 2, 3]);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "exceeds 255")]
    fn an_overlong_body_is_a_bug_in_debug_builds() {
        let mut out = Vec::new();
        with_u8_len(&mut out, |d| d.put_bytes(0, 256));
    }

    #[test]
    fn vectors_check_range_then_remaining() {
        let input = [0x00, 0x03, 0xaa, 0xbb, 0xcc, 0xdd];
        assert_eq!(
            vec_u16(&input, 1, 3, "v"),
            Ok((&[0xdd][..], &[0xaa, 0xbb, 0xcc][..]))
        );
        assert_eq!(
            vec_u16(&input, 4, 10, "v"),
            Err(nom::Err::Error(DecodeError::LengthOutOfRange {
                field: "v",
                len: 3
            }))
        );
        assert_eq!(
            vec_u16(&input[..4], 0, 10, "v"),
            Err(nom::Err::Error(DecodeError::Truncated { field: "v" }))
        );
        // A huge u24 length with few bytes present is truncation, not an allocation.
        assert_eq!(
            vec_u24(&[0xff, 0xff, 0xff, 0x00], 0, 0xff_ffff, "w"),
            Err(nom::Err::Error(DecodeError::Truncated { field: "w" }))
        );
    }

    #[test]
    fn items_and_trailing_bytes() {
        let list: Result<Vec<u16>, _> = u16_items(&[0, 1, 0, 2], "l");
        assert_eq!(list, Ok(vec![1, 2]));
        assert!(u16_items::<u16>(&[0, 1, 0], "l").is_err());
        assert_eq!(
            parse_all(&[1, 2], "x", |i| u8(i, "x")),
            Err(DecodeError::TrailingBytes { field: "x" })
        );
        // A parser that consumes nothing cannot loop forever.
        let stuck = items(&[1], "s", |i| Ok((i, ())));
        assert_eq!(
            stuck,
            Err(nom::Err::Error(DecodeError::InvalidValue { field: "s" }))
        );
    }
}
