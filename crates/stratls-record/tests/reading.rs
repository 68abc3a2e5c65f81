//! The reading side's checks: header, lengths, TLS 1.3 inner plaintext, handshake framing,
//! alerts, change_cipher_spec, empty records, key changes and buffering.

use crate::common::rfc8448::{
    CLIENT_HANDSHAKE_IV, CLIENT_HANDSHAKE_KEY, SERVER_HANDSHAKE_IV, SERVER_HANDSHAKE_KEY,
};
use crate::common::{client_handshake_reader, h, plain, read_all, read_in_pieces, seal13, tls13};
use bytes::BytesMut;
use stratls_codec::{AlertDescription, ContentType, HandshakeType};
use stratls_record::{
    CcsPolicy, MAX_BUFFERED_RECORD, Message, PadToMultiple, ReadLimits, RecordError, RecordReader,
    RecordWriter,
};
use stratls_rustcrypto::AES_128_GCM;

const MAX: usize = 1 << 14;

/// A TLS 1.3 record under the client handshake key with sequence number `seq`.
fn sealed(seq: u64, inner: &[u8]) -> Vec<u8> {
    seal13(
        AES_128_GCM,
        &h(CLIENT_HANDSHAKE_KEY),
        &h(CLIENT_HANDSHAKE_IV),
        seq,
        inner,
    )
}

fn first_error(reader: &mut RecordReader, input: &[u8]) -> RecordError {
    read_all(reader, input).expect_err("input must be refused")
}

#[test]
fn header_checks() {
    assert_eq!(
        first_error(&mut RecordReader::new(), &plain(99, b"x")),
        RecordError::UnknownContentType(99)
    );
    let mut bad_version = plain(22, b"x");
    bad_version[1] = 0x02;
    let e = first_error(&mut RecordReader::new(), &bad_version);
    assert_eq!(e, RecordError::InvalidRecordVersion(0x0203));
    assert_eq!(e.alert(), AlertDescription::DecodeError);
    // Application data and heartbeat are never accepted in plaintext.
    let e = first_error(&mut RecordReader::new(), &plain(23, b"x"));
    assert_eq!(e.alert(), AlertDescription::UnexpectedMessage);
    let e = first_error(&mut RecordReader::new(), &plain(24, b"x"));
    assert_eq!(
        e,
        RecordError::UnexpectedContentType(ContentType::Heartbeat)
    );
    // Once TLS 1.3 protection is on, the outer type is application_data.
    let e = first_error(&mut client_handshake_reader(), &plain(22, &[1, 0, 0, 0]));
    assert_eq!(
        e,
        RecordError::UnexpectedContentType(ContentType::Handshake)
    );
}

#[test]
fn oversized_records_are_record_overflow_from_the_header_alone() {
    // Plaintext: 2^14 + 1 is refused as soon as the five header bytes are in.
    let mut reader = RecordReader::new();
    let header = [22, 3, 3, 0x40, 0x01];
    assert_eq!(reader.feed(&header), 5);
    let e = reader.next_message().unwrap_err();
    assert_eq!(
        e,
        RecordError::RecordOverflow {
            len: MAX + 1,
            max: MAX
        }
    );
    assert_eq!(e.alert(), AlertDescription::RecordOverflow);
    // The error is final.
    assert_eq!(reader.next_message(), Err(e));

    // TLS 1.3 ciphertext: 2^14 + 256 waits for its body, 2^14 + 257 is refused.
    let mut reader = client_handshake_reader();
    reader.feed(&[23, 3, 3, 0x41, 0x00]);
    assert_eq!(reader.next_message(), Ok(None));
    let mut reader = client_handshake_reader();
    reader.feed(&[23, 3, 3, 0x41, 0x01]);
    assert_eq!(
        reader.next_message(),
        Err(RecordError::RecordOverflow {
            len: MAX + 257,
            max: MAX + 256
        })
    );
}

#[test]
fn inner_plaintext_over_the_limit_is_record_overflow() {
    // 2^14 bytes of content and the type: the largest allowed inner plaintext.
    let mut inner = vec![0x55; MAX];
    inner.push(23);
    let messages = read_all(&mut client_handshake_reader(), &sealed(0, &inner)).unwrap();
    assert_eq!(messages, [Message::ApplicationData(vec![0x55; MAX].into())]);
    // One byte of padding more is over 2^14 + 1 (RFC 8446 §5.4).
    inner.push(0);
    let e = first_error(&mut client_handshake_reader(), &sealed(0, &inner));
    assert_eq!(
        e,
        RecordError::PlaintextOverflow {
            len: MAX + 2,
            max: MAX + 1
        }
    );
    assert_eq!(e.alert(), AlertDescription::RecordOverflow);
}

#[test]
fn short_and_empty_protected_records() {
    // No room for a tag: bad_record_mac, like any record that does not authenticate.
    for body_len in [0usize, 1, 15] {
        let mut record = vec![23, 3, 3, 0, body_len as u8];
        record.resize(5 + body_len, 0xaa);
        let e = first_error(&mut client_handshake_reader(), &record);
        assert_eq!(e, RecordError::BadRecordMac, "{body_len}");
        assert_eq!(e.alert(), AlertDescription::BadRecordMac);
    }
    // Exactly a tag, authentic: an empty inner plaintext has no content type.
    let e = first_error(&mut client_handshake_reader(), &sealed(0, &[]));
    assert_eq!(e, RecordError::MissingContentType);
    assert_eq!(e.alert(), AlertDescription::UnexpectedMessage);
    // All-zero inner plaintext: padding only, no content type.
    let e = first_error(&mut client_handshake_reader(), &sealed(0, &[0; 40]));
    assert_eq!(e, RecordError::MissingContentType);
    // An unknown inner type, and a protected change_cipher_spec.
    let e = first_error(&mut client_handshake_reader(), &sealed(0, &[1, 99, 0]));
    assert_eq!(e, RecordError::UnknownContentType(99));
    let e = first_error(&mut client_handshake_reader(), &sealed(0, &[1, 20]));
    assert_eq!(
        e,
        RecordError::UnexpectedContentType(ContentType::ChangeCipherSpec)
    );
}

#[test]
fn padding_is_stripped() {
    let mut inner = b"padded".to_vec();
    inner.push(23);
    inner.extend_from_slice(&[0; 100]);
    let messages = read_all(&mut client_handshake_reader(), &sealed(0, &inner)).unwrap();
    assert_eq!(
        messages,
        [Message::ApplicationData(b"padded".to_vec().into())]
    );
}

#[test]
fn zero_length_handshake_records_are_unexpected_message() {
    let e = first_error(&mut RecordReader::new(), &plain(22, &[]));
    assert_eq!(e, RecordError::EmptyHandshakeRecord);
    assert_eq!(e.alert(), AlertDescription::UnexpectedMessage);
    // Protected, with padding: still no handshake content.
    let e = first_error(&mut client_handshake_reader(), &sealed(0, &[22, 0, 0]));
    assert_eq!(e, RecordError::EmptyHandshakeRecord);
}

#[test]
fn alerts_are_exactly_two_bytes() {
    for body in [&[][..], &[2], &[2, 40, 0], &[1, 0, 1, 0]] {
        let e = first_error(&mut RecordReader::new(), &plain(21, body));
        assert_eq!(e, RecordError::InvalidAlertLength(body.len()));
        assert_eq!(e.alert(), AlertDescription::DecodeError);
    }
    let messages = read_all(&mut RecordReader::new(), &plain(21, &[2, 40])).unwrap();
    let [Message::Alert(alert)] = messages.as_slice() else {
        panic!("{messages:?}")
    };
    assert_eq!(alert.description, AlertDescription::HandshakeFailure);
}

#[test]
fn handshake_messages_span_records_and_records_carry_several() {
    // A 40 000-byte message in three records, then two small messages in one record.
    let mut big = vec![11, 0, 0x9c, 0x40];
    big.extend((0..40_000u32).map(|i| i as u8));
    let small = [20, 0, 0, 2, 0xaa, 0xbb, 4, 0, 0, 0];
    let mut stream = Vec::new();
    for chunk in big.chunks(MAX) {
        stream.extend(plain(22, chunk));
    }
    stream.extend(plain(22, &small));
    let whole = read_all(&mut RecordReader::new(), &stream).unwrap();
    let got: Vec<_> = whole
        .iter()
        .map(|m| match m {
            Message::Handshake(hs) => (hs.typ(), hs.encoded().to_vec()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        got,
        [
            (HandshakeType::Certificate, big.clone()),
            (HandshakeType::Finished, small[..6].to_vec()),
            (HandshakeType::NewSessionTicket, small[6..].to_vec()),
        ]
    );
    for piece in [1, 3, 4, 5, 1000, 16_389] {
        assert_eq!(
            read_in_pieces(&mut RecordReader::new(), &stream, piece).unwrap(),
            whole
        );
    }
}

#[test]
fn handshake_ceiling_applies_before_buffering() {
    let limits = ReadLimits {
        max_handshake_len: 100,
        ..ReadLimits::default()
    };
    // Only the first fragment of a 101-byte message: refused already.
    let e = first_error(
        &mut RecordReader::with_limits(limits),
        &plain(22, &[1, 0, 0, 101, 0]),
    );
    assert_eq!(
        e,
        RecordError::HandshakeMessageTooLarge { len: 101, max: 100 }
    );
    assert_eq!(e.alert(), AlertDescription::DecodeError);
    let mut ok = vec![1, 0, 0, 100];
    ok.resize(104, 7);
    assert!(read_all(&mut RecordReader::with_limits(limits), &plain(22, &ok)).is_ok());
    // The default ceiling is 64 KiB.
    let e = first_error(&mut RecordReader::new(), &plain(22, &[11, 1, 0, 1]));
    assert_eq!(
        e,
        RecordError::HandshakeMessageTooLarge {
            len: 65_537,
            max: 65_536
        }
    );
}

#[test]
fn other_records_inside_a_fragmented_handshake_message() {
    let fragment = plain(22, &[1, 0, 0, 10, 0]);
    for other in [plain(21, &[1, 0]), plain(20, &[1])] {
        let mut reader = RecordReader::new();
        reader.set_ccs_policy(CcsPolicy::Ignore);
        let e = first_error(&mut reader, &[fragment.clone(), other].concat());
        assert_eq!(e.alert(), AlertDescription::UnexpectedMessage);
        assert!(matches!(e, RecordError::InterleavedHandshake(_)), "{e:?}");
    }
}

#[test]
fn key_change_must_be_on_a_record_boundary() {
    // Part of a message buffered.
    let mut reader = RecordReader::new();
    read_all(&mut reader, &plain(22, &[2, 0, 0, 10, 0])).unwrap();
    assert!(reader.has_pending_handshake());
    let e = reader
        .set_protection(Some(tls13(SERVER_HANDSHAKE_KEY, SERVER_HANDSHAKE_IV)))
        .unwrap_err();
    assert_eq!(e, RecordError::KeyChangeMidHandshake);
    assert_eq!(e.alert(), AlertDescription::UnexpectedMessage);
    assert_eq!(reader.next_message(), Err(e));

    // A complete ServerHello followed, in the same record, by the start of another message.
    let mut reader = RecordReader::new();
    reader.feed(&plain(22, &[2, 0, 0, 1, 0xaa, 8, 0]));
    assert!(matches!(
        reader.next_message(),
        Ok(Some(Message::Handshake(_)))
    ));
    assert_eq!(
        reader.set_protection(Some(tls13(SERVER_HANDSHAKE_KEY, SERVER_HANDSHAKE_IV))),
        Err(RecordError::KeyChangeMidHandshake)
    );
}

#[test]
fn change_cipher_spec_policy() {
    let ccs = plain(20, &[1]);
    let e = first_error(&mut RecordReader::new(), &ccs);
    assert_eq!(e, RecordError::UnexpectedChangeCipherSpec);
    assert_eq!(e.alert(), AlertDescription::UnexpectedMessage);

    // TLS 1.3 compatibility: dropped, also once handshake protection is on.
    let mut reader = client_handshake_reader();
    reader.set_ccs_policy(CcsPolicy::Ignore);
    let mut stream = ccs.clone();
    stream.extend(sealed(0, b"\x01\x02\x17"));
    assert_eq!(
        read_all(&mut reader, &stream).unwrap(),
        [Message::ApplicationData(vec![1, 2].into())]
    );
    reader.set_ccs_policy(CcsPolicy::Reject);
    assert_eq!(
        first_error(&mut reader, &ccs),
        RecordError::UnexpectedChangeCipherSpec
    );

    // Only one compatibility record is tolerated, even if the policy is set again.
    let mut reader = RecordReader::new();
    reader.set_ccs_policy(CcsPolicy::Ignore);
    assert_eq!(read_all(&mut reader, &ccs).unwrap(), []);
    reader.set_ccs_policy(CcsPolicy::Reject);
    reader.set_ccs_policy(CcsPolicy::Ignore);
    assert_eq!(
        first_error(&mut reader, &ccs),
        RecordError::UnexpectedChangeCipherSpec
    );

    // TLS 1.2: delivered.
    let mut reader = RecordReader::new();
    reader.set_ccs_policy(CcsPolicy::Deliver);
    assert_eq!(
        read_all(&mut reader, &ccs).unwrap(),
        [Message::ChangeCipherSpec]
    );

    for body in [&[2u8][..], &[], &[1, 1]] {
        let mut reader = RecordReader::new();
        reader.set_ccs_policy(CcsPolicy::Ignore);
        let e = first_error(&mut reader, &plain(20, body));
        assert_eq!(e, RecordError::InvalidChangeCipherSpec, "{body:?}");
    }
}

#[test]
fn consecutive_empty_records_are_bounded() {
    let limits = ReadLimits {
        max_records_without_data: 3,
        ..ReadLimits::default()
    };
    let empty = |seq| sealed(seq, &[23]);
    let padding_only = |seq| sealed(seq, &[23, 0, 0, 0]);
    // Three empty records, data (resets the count), three more: fine.
    let stream = [
        empty(0),
        padding_only(1),
        empty(2),
        sealed(3, b"x\x17"),
        empty(4),
        empty(5),
        empty(6),
    ]
    .concat();
    let mut reader = RecordReader::with_limits(limits);
    reader
        .set_protection(Some(tls13(CLIENT_HANDSHAKE_KEY, CLIENT_HANDSHAKE_IV)))
        .unwrap();
    assert_eq!(
        read_all(&mut reader, &stream).unwrap(),
        [Message::ApplicationData(b"x".to_vec().into())]
    );
    // A fourth in a row is refused.
    let e = first_error(&mut reader, &empty(7));
    assert_eq!(e, RecordError::TooManyRecordsWithoutData(3));
    assert_eq!(e.alert(), AlertDescription::UnexpectedMessage);
}

#[test]
fn empty_application_data_is_handed_out_while_none_may_arrive() {
    let empty = sealed(0, &[23]);
    let padding_only = sealed(1, &[23, 0, 0, 0]);
    let stream = [empty, padding_only].concat();
    // Told that no application data may arrive, the reader drops nothing: the caller refuses.
    let mut reader = client_handshake_reader();
    reader.set_application_data(false);
    assert_eq!(
        read_all(&mut reader, &stream).unwrap(),
        [
            Message::ApplicationData(Vec::new().into()),
            Message::ApplicationData(Vec::new().into())
        ]
    );
    // Allowed again (the default), empty records are counted and dropped.
    let mut reader = client_handshake_reader();
    reader.set_application_data(false);
    reader.set_application_data(true);
    assert_eq!(read_all(&mut reader, &stream).unwrap(), []);
}

#[test]
fn alerts_and_empty_records_share_one_budget_that_only_data_restarts() {
    let limits = ReadLimits {
        max_records_without_data: 3,
        ..ReadLimits::default()
    };
    let empty = |seq| sealed(seq, &[23]);
    // user_canceled, warning, in the inner plaintext of an alert record.
    let user_canceled = |seq| sealed(seq, &[1, 90, 21]);
    // A Finished-sized handshake message does not start the count over.
    let handshake = |seq| sealed(seq, &[20, 0, 0, 1, 0xaa, 22]);
    let mut reader = RecordReader::with_limits(limits);
    reader
        .set_protection(Some(tls13(CLIENT_HANDSHAKE_KEY, CLIENT_HANDSHAKE_IV)))
        .unwrap();
    let stream = [empty(0), user_canceled(1), handshake(2), empty(3)].concat();
    let messages = read_all(&mut reader, &stream).unwrap();
    assert_eq!(messages.len(), 2, "the alert and the handshake message");
    let e = first_error(&mut reader, &user_canceled(4));
    assert_eq!(e, RecordError::TooManyRecordsWithoutData(3));

    // Three alerts in a row are fine, data restarts the count, close_notify does not count.
    let mut reader = RecordReader::with_limits(limits);
    reader
        .set_protection(Some(tls13(CLIENT_HANDSHAKE_KEY, CLIENT_HANDSHAKE_IV)))
        .unwrap();
    let close_notify = |seq| sealed(seq, &[1, 0, 21]);
    let stream = [
        user_canceled(0),
        user_canceled(1),
        user_canceled(2),
        sealed(3, b"x\x17"),
        user_canceled(4),
        user_canceled(5),
        user_canceled(6),
        close_notify(7),
    ]
    .concat();
    assert_eq!(read_all(&mut reader, &stream).unwrap().len(), 8);
}

#[test]
fn the_receive_buffer_grows_with_what_is_buffered() {
    // Byte by byte, then whole: the same message either way, and nothing left buffered.
    for chunk in [1, 5000] {
        let mut reader = RecordReader::new();
        reader
            .set_protection(Some(tls13(CLIENT_HANDSHAKE_KEY, CLIENT_HANDSHAKE_IV)))
            .unwrap();
        let mut inner = vec![7; 3000];
        inner.push(23);
        let record = sealed(0, &inner);
        let mut messages = Vec::new();
        for piece in record.chunks(chunk) {
            assert_eq!(reader.feed(piece), piece.len());
            while let Some(m) = reader.next_message().unwrap() {
                messages.push(m);
            }
        }
        assert_eq!(messages, [Message::ApplicationData(vec![7; 3000].into())]);
        assert_eq!(reader.buffered_len(), 0);
    }
}

#[test]
fn feeding_is_bounded_by_one_record() {
    let mut reader = RecordReader::new();
    let flood = vec![0x16; 100_000];
    assert_eq!(reader.feed(&flood), MAX_BUFFERED_RECORD);
    assert_eq!(reader.feed(&flood), 0);
    assert_eq!(reader.buffered_len(), MAX_BUFFERED_RECORD);
    // The buffered bytes frame as a (here oversized) record and fail rather than stall.
    assert!(reader.next_message().is_err());
}

#[test]
fn writer_output_reads_back_with_fragments_and_padding() {
    let mut writer = RecordWriter::new();
    writer.set_protection(Some(tls13(CLIENT_HANDSHAKE_KEY, CLIENT_HANDSHAKE_IV)));
    writer.set_max_fragment_len(100).unwrap();
    writer.set_padding_policy(Box::new(PadToMultiple::new(64)));
    let data: Vec<u8> = (0..250u32).map(|i| i as u8).collect();
    let mut out = BytesMut::new();
    assert_eq!(
        writer.write(ContentType::ApplicationData, &data, &mut out),
        Ok(3)
    );
    // Each record: header, inner plaintext padded to a multiple of 64 (capped at 101), tag.
    let lens: Vec<usize> = {
        let mut lens = Vec::new();
        let mut rest = &out[..];
        while rest.len() >= 5 {
            let len = usize::from(u16::from_be_bytes([rest[3], rest[4]]));
            lens.push(len);
            rest = &rest[5 + len..];
        }
        lens
    };
    assert_eq!(lens, [101 + 16, 101 + 16, 64 + 16]);
    let messages = read_in_pieces(&mut client_handshake_reader(), &out, 1).unwrap();
    let chunks: Vec<Message> = data
        .chunks(100)
        .map(|c| Message::ApplicationData(c.to_vec().into()))
        .collect();
    assert_eq!(messages, chunks);
}

#[test]
fn plaintext_alert_under_tls13_protection_only_when_allowed() {
    let alert = plain(21, &[2, 40]);
    let mut reader = RecordReader::new();
    reader
        .set_protection(Some(tls13(CLIENT_HANDSHAKE_KEY, CLIENT_HANDSHAKE_IV)))
        .expect("key");
    assert_eq!(
        read_all(&mut reader, &alert),
        Err(RecordError::UnexpectedContentType(ContentType::Alert))
    );

    let mut reader = RecordReader::new();
    reader
        .set_protection(Some(tls13(CLIENT_HANDSHAKE_KEY, CLIENT_HANDSHAKE_IV)))
        .expect("key");
    reader.set_plaintext_alerts(true);
    let messages = read_all(&mut reader, &alert).expect("accepted");
    assert!(
        matches!(&messages[..], [Message::Alert(a)] if a.description == AlertDescription::HandshakeFailure),
        "{messages:?}"
    );
    // Other plaintext content types stay refused.
    let handshake = plain(22, &[20, 0, 0, 0]);
    assert_eq!(
        read_all(&mut reader, &handshake),
        Err(RecordError::UnexpectedContentType(ContentType::Handshake))
    );
}

#[test]
fn empty_protected_alert_is_unexpected_message() {
    // TLS 1.3: inner content type alert (21) with no content (RFC 8446 §5.4).
    let e = first_error(&mut client_handshake_reader(), &sealed(0, &[21]));
    assert_eq!(e, RecordError::EmptyAlertRecord);
    assert_eq!(e.alert(), AlertDescription::UnexpectedMessage);
    // One byte is still the wrong length for an alert.
    let e = first_error(&mut client_handshake_reader(), &sealed(0, &[2, 21]));
    assert_eq!(e, RecordError::InvalidAlertLength(1));
}
