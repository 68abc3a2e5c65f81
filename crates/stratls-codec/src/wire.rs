//! The primitives every parser and encoder of the crate is built from.
//!
//! Parsers are nom 8 functions over `&[u8]` whose error is [`DecodeError`] (wrapped in
//! `nom::Err`), each told the name of the field it reads so that errors say where decoding
//! stopped. Vector readers check the length against the RFC's range first, then against what
//! remains, so no count read from the wire sizes anything before the bytes are known to be there.
//!
//! Encoders write into any `BufMut`. Length prefixes are only ever written by the `with_*_len`
//! helpers, which encode the body first and then prefix its real length. A body longer than its
//! prefix can express is a bug of the caller (every value the parsers produce fits); in debug
//! builds it panics, in release builds the prefix and the body are cut to the largest
//! expressible length so the output stays well-framed.

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
    items(input, field, |i| {
        let (i, v) = u16(i, field)?;
        Ok((i, T::from(v)))
    })
}

/// Parses all of `input` as one-byte code points.
pub(crate) fn u8_items<T: From<u8>>(input: &[u8]) -> Vec<T> {
    input.iter().map(|&b| T::from(b)).collect()
}

fn write_prefixed(dst: &mut impl BufMut, body: &[u8], width: usize, max: usize) {
    debug_assert!(
        body.len() <= max,
        "vector of {} bytes exceeds {max}",
        body.len()
    );
    let len = body.len().min(max);
    let be = len.to_be_bytes();
    let start = be.len().saturating_sub(width);
    dst.put_slice(be.get(start..).unwrap_or(&[]));
    dst.put_slice(body.get(..len).unwrap_or(body));
}

/// Encodes what `body` writes, prefixed with its length as one byte.
pub(crate) fn with_u8_len(dst: &mut impl BufMut, body: impl FnOnce(&mut Vec<u8>)) {
    let mut buf = Vec::new();
    body(&mut buf);
    write_prefixed(dst, &buf, 1, 0xff);
}

/// Encodes what `body` writes, prefixed with its length as two bytes.
pub(crate) fn with_u16_len(dst: &mut impl BufMut, body: impl FnOnce(&mut Vec<u8>)) {
    let mut buf = Vec::new();
    body(&mut buf);
    write_prefixed(dst, &buf, 2, 0xffff);
}

/// Encodes what `body` writes, prefixed with its length as three bytes.
pub(crate) fn with_u24_len(dst: &mut impl BufMut, body: impl FnOnce(&mut Vec<u8>)) {
    let mut buf = Vec::new();
    body(&mut buf);
    write_prefixed(dst, &buf, 3, 0xff_ffff);
}

/// Writes `opaque<..2^8-1>`.
pub(crate) fn put_vec_u8(dst: &mut impl BufMut, bytes: &[u8]) {
    with_u8_len(dst, |d| d.put_slice(bytes));
}

/// Writes `opaque<..2^16-1>`.
pub(crate) fn put_vec_u16(dst: &mut impl BufMut, bytes: &[u8]) {
    with_u16_len(dst, |d| d.put_slice(bytes));
}

/// Writes `opaque<..2^24-1>`.
pub(crate) fn put_vec_u24(dst: &mut impl BufMut, bytes: &[u8]) {
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
