//! TLS records as bytes: building plaintext ones, and splitting a stream into its records.

/// The length of a record header: content type, legacy version, fragment length.
pub const HEADER_LEN: usize = 5;

/// The `change_cipher_spec` content type.
pub const CHANGE_CIPHER_SPEC: u8 = 20;
/// The `alert` content type.
pub const ALERT: u8 = 21;
/// The `handshake` content type.
pub const HANDSHAKE: u8 = 22;
/// The `application_data` content type.
pub const APPLICATION_DATA: u8 = 23;

/// The ChangeCipherSpec record.
pub const CCS_RECORD: [u8; 6] = [CHANGE_CIPHER_SPEC, 3, 3, 0, 1, 1];

/// One record of a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record<'a> {
    /// Where the record starts in the stream.
    pub offset: usize,
    /// The record, header included; the last record of a cut stream may be short.
    pub bytes: &'a [u8],
}

impl<'a> Record<'a> {
    /// The content type byte.
    pub fn content_type(&self) -> u8 {
        self.bytes[0]
    }

    /// What follows the header.
    pub fn fragment(&self) -> &'a [u8] {
        &self.bytes[HEADER_LEN..]
    }

    /// Whether the whole fragment its header announces is there.
    pub fn is_complete(&self) -> bool {
        self.fragment().len() == usize::from(u16::from_be_bytes([self.bytes[3], self.bytes[4]]))
    }
}

/// The records of `stream`, in order: each header and what it announces, the last one cut
/// short if the stream is; fewer than five bytes left over are no record.
pub fn split(stream: &[u8]) -> Vec<Record<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    while stream.len() - offset >= HEADER_LEN {
        let rest = &stream[offset..];
        let len = HEADER_LEN + usize::from(u16::from_be_bytes([rest[3], rest[4]]));
        let bytes = &rest[..len.min(rest.len())];
        out.push(Record { offset, bytes });
        offset += bytes.len();
    }
    out
}

/// The records of `stream` as owned byte strings (see [`split`]).
pub fn split_records(stream: &[u8]) -> Vec<Vec<u8>> {
    split(stream).iter().map(|r| r.bytes.to_vec()).collect()
}

/// A record of `content_type` with legacy version `version` holding `fragment`.
///
/// # Panics
///
/// If `fragment` is longer than a record's length field can say.
pub fn record_with_version(content_type: u8, version: [u8; 2], fragment: &[u8]) -> Vec<u8> {
    let len = u16::try_from(fragment.len()).expect("a fragment of at most 65535 bytes");
    let mut out = vec![content_type, version[0], version[1]];
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(fragment);
    out
}

/// A record of `content_type` holding `fragment`, with the legacy version TLS 1.2 and 1.3 use
/// (3,3).
pub fn record(content_type: u8, fragment: &[u8]) -> Vec<u8> {
    record_with_version(content_type, [3, 3], fragment)
}

/// A plaintext handshake record holding `message` (its header included).
pub fn handshake_record(message: &[u8]) -> Vec<u8> {
    record(HANDSHAKE, message)
}

/// The handshake type of a plaintext handshake record (of its first message).
pub fn handshake_type(record: &[u8]) -> Option<u8> {
    (record.first() == Some(&HANDSHAKE))
        .then(|| record.get(HEADER_LEN).copied())
        .flatten()
}

/// The level and description of a plaintext alert record.
pub fn plaintext_alert(record: &[u8]) -> Option<(u8, u8)> {
    match record {
        [ALERT, 3, _, 0, 2, level, description] => Some((*level, *description)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_splits_into_its_records() {
        let first = handshake_record(&[1, 0, 0, 2, 9, 9]);
        let second = record(APPLICATION_DATA, &[7; 300]);
        let mut stream = [first.clone(), second.clone(), CCS_RECORD.to_vec()].concat();
        let records = split(&stream);
        assert_eq!(records.len(), 3);
        assert_eq!(records[0].bytes, &first[..]);
        assert_eq!(records[1].offset, first.len());
        assert_eq!(records[1].fragment(), &[7; 300][..]);
        assert_eq!(records[2].content_type(), CHANGE_CIPHER_SPEC);
        assert!(records.iter().all(Record::is_complete));
        assert_eq!(handshake_type(records[0].bytes), Some(1));
        assert_eq!(handshake_type(records[1].bytes), None);

        // A cut stream: the last record is short, four stray bytes are none.
        stream.truncate(first.len() + 100);
        let records = split_records(&stream);
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].len(), 100);
        assert!(!split(&stream)[1].is_complete());
        assert_eq!(split(&first[..4]), []);
    }

    #[test]
    fn records_are_built_with_their_header() {
        assert_eq!(
            record_with_version(HANDSHAKE, [3, 1], &[1, 2]),
            [22, 3, 1, 0, 2, 1, 2]
        );
        assert_eq!(record(ALERT, &[2, 40]), [21, 3, 3, 0, 2, 2, 40]);
        assert_eq!(plaintext_alert(&record(ALERT, &[2, 40])), Some((2, 40)));
        assert_eq!(plaintext_alert(&record(ALERT, &[2, 40, 0])), None);
        assert_eq!(plaintext_alert(&CCS_RECORD), None);
    }
}
