//! Handshake message reassembly: messages spanning records, records carrying several.

use bytes::{Bytes, BytesMut};
use stratls_codec::HandshakeType;

use crate::error::RecordError;
use crate::message::RawHandshake;

/// The handshake header: a one-byte type and a 24-bit body length (RFC 8446 §4).
pub(crate) const HANDSHAKE_HEADER_LEN: usize = 4;

/// Splits the payloads of handshake records into handshake messages.
///
/// A record whose messages are all complete is sliced without copying (`current`); only a
/// message that continues into the next record is copied into `partial`, and only after its
/// announced length has been checked against the ceiling.
#[derive(Debug)]
pub(crate) struct HandshakeJoiner {
    /// The unread rest of the last record; it starts with a complete message whenever it is
    /// not empty.
    current: Bytes,
    /// A message begun in an earlier record, with whatever followed it.
    partial: BytesMut,
    /// The largest body length accepted.
    max_len: usize,
    /// The types whose ceiling is another, with it.
    ceilings: Vec<(HandshakeType, usize)>,
}

impl HandshakeJoiner {
    pub(crate) fn new(max_len: usize) -> Self {
        Self {
            current: Bytes::new(),
            partial: BytesMut::new(),
            max_len,
            ceilings: Vec::new(),
        }
    }

    /// Changes the largest body length accepted.
    pub(crate) fn set_max_len(&mut self, max_len: usize) {
        self.max_len = max_len;
    }

    /// Gives messages of type `typ` the ceiling `max_len` instead of the common one, or
    /// (`None`) the common one again.
    pub(crate) fn set_ceiling(&mut self, typ: HandshakeType, max_len: Option<usize>) {
        self.ceilings.retain(|(t, _)| *t != typ);
        if let Some(max) = max_len {
            self.ceilings.push((typ, max));
        }
    }

    /// The ceiling of a message of type `typ`.
    fn ceiling(&self, typ: u8) -> usize {
        self.ceilings
            .iter()
            .find(|(t, _)| t.to_u8() == typ)
            .map_or(self.max_len, |(_, max)| *max)
    }

    /// Whether no handshake bytes are buffered.
    pub(crate) fn is_empty(&self) -> bool {
        self.current.is_empty() && self.partial.is_empty()
    }

    /// Takes the payload of a non-empty handshake record. Called only after [`Self::pop`]
    /// returned `None`, so `current` is empty.
    pub(crate) fn push(&mut self, payload: Bytes) {
        if self.partial.is_empty() {
            self.current = payload;
        } else {
            self.partial.extend_from_slice(&payload);
        }
    }

    /// The next complete message, if the buffered bytes hold one.
    pub(crate) fn pop(&mut self) -> Result<Option<RawHandshake>, RecordError> {
        if !self.partial.is_empty() {
            return Ok(match complete_len(&self.partial, |t| self.ceiling(t))? {
                Some(n) => {
                    let joined = message(self.partial.split_to(n).freeze());
                    if self.partial.is_empty() {
                        // The joined message owns the allocation now; hold none of our own.
                        self.partial = BytesMut::new();
                    }
                    Some(joined)
                }
                None => None,
            });
        }
        if self.current.is_empty() {
            return Ok(None);
        }
        match complete_len(&self.current, |t| self.ceiling(t))? {
            Some(n) => Ok(Some(message(self.current.split_to(n)))),
            None => {
                self.partial.extend_from_slice(&self.current);
                self.current = Bytes::new();
                Ok(None)
            }
        }
    }
}

/// The encoded length of the message at the start of `buf` if it is complete; an error as soon
/// as its header announces a body over the ceiling of its type.
fn complete_len(buf: &[u8], ceiling: impl Fn(u8) -> usize) -> Result<Option<usize>, RecordError> {
    let Some(&[typ, a, b, c]) = buf.first_chunk::<HANDSHAKE_HEADER_LEN>() else {
        return Ok(None);
    };
    let len = u32::from_be_bytes([0, a, b, c]) as usize;
    let max_len = ceiling(typ);
    if len > max_len {
        return Err(RecordError::HandshakeMessageTooLarge { len, max: max_len });
    }
    let total = HANDSHAKE_HEADER_LEN + len;
    Ok((buf.len() >= total).then_some(total))
}

/// Wraps the encoded bytes of one complete message (at least a header long).
fn message(encoded: Bytes) -> RawHandshake {
    let typ = HandshakeType::from(encoded.first().copied().unwrap_or_default());
    RawHandshake::new(typ, encoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(j: &mut HandshakeJoiner) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        while let Some(m) = j.pop().unwrap() {
            out.push(m.encoded().to_vec());
        }
        out
    }

    #[test]
    fn splits_and_joins() {
        let mut j = HandshakeJoiner::new(100);
        // Two complete messages and the first 3 bytes of a third.
        j.push(Bytes::from_static(&[
            1, 0, 0, 1, 0xaa, 2, 0, 0, 0, 20, 0, 0,
        ]));
        assert_eq!(
            drain(&mut j),
            vec![vec![1, 0, 0, 1, 0xaa], vec![2, 0, 0, 0]]
        );
        assert!(!j.is_empty());
        j.push(Bytes::from_static(&[2, 0xbb]));
        assert_eq!(drain(&mut j), Vec::<Vec<u8>>::new());
        j.push(Bytes::from_static(&[0xcc, 4, 0, 0, 0]));
        assert_eq!(
            drain(&mut j),
            vec![vec![20, 0, 0, 2, 0xbb, 0xcc], vec![4, 0, 0, 0]]
        );
        assert!(j.is_empty());
    }

    #[test]
    fn ceiling_checked_from_the_header() {
        let mut j = HandshakeJoiner::new(10);
        j.push(Bytes::from_static(&[11, 0, 0, 11, 0]));
        assert_eq!(
            j.pop(),
            Err(RecordError::HandshakeMessageTooLarge { len: 11, max: 10 })
        );
        let mut j = HandshakeJoiner::new(10);
        j.push(Bytes::from_static(&[11, 0, 0, 10, 0]));
        assert_eq!(j.pop(), Ok(None));
    }

    #[test]
    fn a_type_may_have_a_ceiling_of_its_own() {
        let mut j = HandshakeJoiner::new(10);
        j.set_ceiling(HandshakeType::ClientHello, Some(20));
        j.set_ceiling(HandshakeType::Finished, Some(2));
        j.push(Bytes::from_static(&[1, 0, 0, 20, 0]));
        assert_eq!(
            j.pop(),
            Ok(None),
            "a ClientHello of 20 fits its own ceiling"
        );
        let mut j = HandshakeJoiner::new(10);
        j.set_ceiling(HandshakeType::Finished, Some(2));
        j.push(Bytes::from_static(&[20, 0, 0, 3, 0]));
        assert_eq!(
            j.pop(),
            Err(RecordError::HandshakeMessageTooLarge { len: 3, max: 2 })
        );
        // Back to the common ceiling.
        let mut j = HandshakeJoiner::new(10);
        j.set_ceiling(HandshakeType::Finished, Some(2));
        j.set_ceiling(HandshakeType::Finished, None);
        j.push(Bytes::from_static(&[20, 0, 0, 3, 0, 0, 0]));
        assert_eq!(j.pop().map(|m| m.map(|m| m.body().len())), Ok(Some(3)));
    }
}
