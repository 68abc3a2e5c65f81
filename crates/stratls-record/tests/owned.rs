//! Taking records from the caller's buffer without a copy (`RecordReader::feed_owned`): the
//! same messages as `feed` in every split of the input, contents that are slices of the
//! caller's allocation, incomplete records left to the caller, bad headers judged at once.

use crate::common::rfc8448::{CLIENT_HANDSHAKE_IV, CLIENT_HANDSHAKE_KEY};
use crate::common::{client_handshake_reader, h, plain, read_all, seal13};
use bytes::BytesMut;
use stratls_codec::ContentType;
use stratls_record::{MAX_BUFFERED_RECORD, Message, RecordError, RecordReader};
use stratls_rustcrypto::AES_128_GCM;

/// A TLS 1.3 application_data record of `len` bytes of `fill` under the client handshake key.
fn data_record(seq: u64, fill: u8, len: usize) -> Vec<u8> {
    let mut inner = vec![fill; len];
    inner.push(23);
    seal13(
        AES_128_GCM,
        &h(CLIENT_HANDSHAKE_KEY),
        &h(CLIENT_HANDSHAKE_IV),
        seq,
        &inner,
    )
}

/// Three records: large, tiny, maximal.
fn stream() -> Vec<u8> {
    [
        data_record(0, 1, 9000),
        data_record(1, 2, 1),
        data_record(2, 3, 1 << 14),
    ]
    .concat()
}

/// Appends `input` to a buffer `piece` bytes at a time, as a transport would, taking records
/// with `feed_owned` after each piece. Returns the messages, and whether every content was a
/// slice of the buffer's allocation.
fn read_owned(
    reader: &mut RecordReader,
    input: &[u8],
    piece: usize,
) -> Result<(Vec<Message>, bool), RecordError> {
    let mut buf = BytesMut::with_capacity(input.len());
    let region = buf.as_ptr() as usize..buf.as_ptr() as usize + input.len();
    let (mut out, mut in_place) = (Vec::new(), true);
    for chunk in input.chunks(piece) {
        buf.extend_from_slice(chunk);
        // Each turn takes bytes or reads a message, or the loop ends.
        loop {
            let taken = reader.feed_owned(&mut buf);
            let mut read = 0;
            while let Some(m) = reader.next_message()? {
                if let Message::ApplicationData(d) = &m {
                    in_place &= region.contains(&(d.as_ptr() as usize));
                }
                out.push(m);
                read += 1;
            }
            if taken == 0 && read == 0 {
                break;
            }
        }
    }
    assert!(buf.is_empty(), "{} bytes left in the buffer", buf.len());
    Ok((out, in_place))
}

#[test]
fn whole_records_are_taken_where_they_lie() {
    let input = stream();
    let expected = read_all(&mut client_handshake_reader(), &input).unwrap();
    assert_eq!(expected.len(), 3);
    // Arriving at once, the records are split off the buffer: no content is copied.
    let (got, in_place) = read_owned(&mut client_handshake_reader(), &input, input.len()).unwrap();
    assert_eq!(got, expected);
    assert!(in_place);
    // One at a time, each too.
    let mut reader = client_handshake_reader();
    let mut buf = BytesMut::from(&input[..]);
    let first = 5 + 9000 + 1 + 16;
    let second = 5 + 1 + 1 + 16;
    // The first two fit one maximal record's worth; the third does not fit with them.
    assert_eq!(reader.feed_owned(&mut buf), first + second);
    assert_eq!(buf.len(), input.len() - first - second);
    assert_eq!(
        reader.feed_owned(&mut buf),
        0,
        "nothing more until they are read"
    );
    assert_eq!(reader.buffered_len(), first + second);
}

#[test]
fn every_split_reads_the_same_messages() {
    let input = stream();
    let expected = read_all(&mut client_handshake_reader(), &input).unwrap();
    for piece in [1, 4, 5, 6, 100, 4096, 9021, 9022, 16_000, 30_000] {
        let (got, _) = read_owned(&mut client_handshake_reader(), &input, piece).unwrap();
        assert_eq!(got, expected, "pieces of {piece}");
    }
}

#[test]
fn an_incomplete_record_is_left_to_the_caller() {
    let input = data_record(0, 9, 5000);
    let mut reader = client_handshake_reader();
    let mut buf = BytesMut::from(&input[..input.len() - 1]);
    assert_eq!(reader.feed_owned(&mut buf), 0);
    assert_eq!(buf.len(), input.len() - 1);
    assert_eq!(reader.next_message().unwrap(), None);
    buf.extend_from_slice(&input[input.len() - 1..]);
    assert_eq!(reader.feed_owned(&mut buf), input.len());
    assert_eq!(
        reader.next_message().unwrap(),
        Some(Message::ApplicationData(vec![9; 5000].into()))
    );
}

#[test]
fn a_refused_header_is_taken_and_fails_before_its_body() {
    // An unknown content type, an oversized length, a plaintext application_data, a
    // change_cipher_spec nobody accepts: each fails on its header alone.
    let mut oversized = plain(23, &[]);
    oversized[3..5].copy_from_slice(&u16::MAX.to_be_bytes());
    let cases: [(RecordReader, Vec<u8>, RecordError); 4] = [
        (
            RecordReader::new(),
            plain(99, &[0; 40]),
            RecordError::UnknownContentType(99),
        ),
        (
            client_handshake_reader(),
            oversized,
            RecordError::RecordOverflow {
                len: usize::from(u16::MAX),
                max: (1 << 14) + 256,
            },
        ),
        (
            RecordReader::new(),
            plain(23, &[0; 40]),
            RecordError::UnexpectedContentType(ContentType::ApplicationData),
        ),
        (
            RecordReader::new(),
            plain(20, &[1]),
            RecordError::UnexpectedChangeCipherSpec,
        ),
    ];
    for (mut reader, record, error) in cases {
        // The header and at most two bytes of the body have arrived.
        let mut buf = BytesMut::from(&record[..7.min(record.len())]);
        assert!(reader.feed_owned(&mut buf) >= 5, "{error:?}");
        assert_eq!(reader.next_message(), Err(error));
    }
    // A header that is fine waits for its body.
    let mut reader = RecordReader::new();
    let mut buf = BytesMut::from(&plain(22, &[0; 40])[..7]);
    assert_eq!(reader.feed_owned(&mut buf), 0);
    assert_eq!(reader.next_message(), Ok(None));
}

#[test]
fn after_a_copy_the_record_is_completed_and_the_next_ones_taken_in_place() {
    let input = stream();
    let expected = read_all(&mut client_handshake_reader(), &input).unwrap();
    let mut reader = client_handshake_reader();
    // 100 bytes of the first record by copy, then the rest from an owned buffer.
    assert_eq!(reader.feed(&input[..100]), 100);
    assert_eq!(reader.next_message().unwrap(), None);
    let mut buf = BytesMut::from(&input[100..]);
    let first = 5 + 9000 + 1 + 16;
    assert_eq!(
        reader.feed_owned(&mut buf),
        first - 100,
        "copied up to the record's end"
    );
    let mut got = vec![reader.next_message().unwrap().unwrap()];
    assert_eq!(reader.buffered_len(), 0);
    // The other two fit one maximal record's worth: both split off, neither copied.
    let region = buf.as_ptr() as usize..buf.as_ptr() as usize + buf.len();
    assert_eq!(reader.feed_owned(&mut buf), input.len() - first);
    while let Some(m) = reader.next_message().unwrap() {
        let Message::ApplicationData(d) = &m else {
            panic!("{m:?}");
        };
        assert!(region.contains(&(d.as_ptr() as usize)), "taken in place");
        got.push(m);
    }
    assert_eq!(got, expected);
}

#[test]
fn taking_is_bounded_by_one_record() {
    // A flood of header-less bytes is taken no faster than `feed` takes it.
    let mut reader = RecordReader::new();
    let mut buf = BytesMut::from(&vec![0x16; 100_000][..]);
    let taken = reader.feed_owned(&mut buf);
    assert!(taken <= MAX_BUFFERED_RECORD, "{taken}");
    assert!(reader.next_message().is_err());
}
