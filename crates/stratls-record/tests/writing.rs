//! The writing side: argument checks, fragment limits, sequence-number limits and key updates.

use crate::common::rfc8448::{CLIENT_APPLICATION_IV, CLIENT_APPLICATION_KEY};
use crate::common::{plain, read_all, tls13};
use bytes::BytesMut;
use stratls_codec::{Alert, AlertDescription, ContentType, ProtocolVersion};
use stratls_crypto::{AeadAlgorithm, Iv, Secret};
use stratls_record::{Message, RecordError, RecordProtection, RecordReader, RecordWriter};
use stratls_rustcrypto::CHACHA20_POLY1305;

fn aes_gcm() -> RecordProtection {
    tls13(CLIENT_APPLICATION_KEY, CLIENT_APPLICATION_IV)
}

#[test]
fn plaintext_records() {
    let mut writer = RecordWriter::new();
    let mut out = BytesMut::new();
    writer.set_plaintext_version(ProtocolVersion::TLSv1_0);
    writer
        .write(ContentType::Handshake, &[1, 0, 0, 0], &mut out)
        .unwrap();
    writer.set_plaintext_version(ProtocolVersion::TLSv1_2);
    writer
        .write_alert(Alert::fatal(AlertDescription::DecodeError), &mut out)
        .unwrap();
    writer.write_change_cipher_spec(&mut out);
    let mut expected = plain(22, &[1, 0, 0, 0]);
    expected[2] = 1;
    expected.extend(plain(21, &[2, 50]));
    expected.extend(plain(20, &[1]));
    assert_eq!(out.to_vec(), expected);
}

#[test]
fn invalid_writes_leave_the_buffer_alone() {
    let mut writer = RecordWriter::new();
    writer.set_protection(Some(aes_gcm()));
    let mut out = BytesMut::from(&b"earlier"[..]);
    for (typ, data) in [
        (ContentType::Handshake, &[][..]),
        (ContentType::Alert, &[1][..]),
        (ContentType::Alert, &[1, 0, 0][..]),
        (ContentType::ChangeCipherSpec, &[1][..]),
        (ContentType::Heartbeat, &[1][..]),
        (ContentType::Unknown(99), &[1][..]),
    ] {
        let e = writer.write(typ, data, &mut out).unwrap_err();
        assert_eq!(e, RecordError::InvalidWrite(typ));
        assert_eq!(e.alert(), AlertDescription::InternalError);
    }
    assert_eq!(
        writer.write(ContentType::ApplicationData, &[], &mut out),
        Ok(0)
    );
    assert_eq!(&out[..], b"earlier");
    assert_eq!(
        writer.protection().map(RecordProtection::sequence_number),
        Some(0)
    );
}

#[test]
fn fragment_limit() {
    let mut writer = RecordWriter::new();
    assert_eq!(writer.max_fragment_len(), 1 << 14);
    for bad in [0, (1 << 14) + 1] {
        assert_eq!(
            writer.set_max_fragment_len(bad),
            Err(RecordError::InvalidFragmentLimit(bad))
        );
    }
    writer.set_max_fragment_len(63).unwrap();
    let mut out = BytesMut::new();
    assert_eq!(
        writer.write(ContentType::Handshake, &[7; 200], &mut out),
        Ok(4)
    );
    let expected = [&[7u8; 63][..], &[7; 63], &[7; 63], &[7; 11]]
        .map(|c| plain(22, c))
        .concat();
    assert_eq!(out.to_vec(), expected);
}

#[test]
fn key_update_is_due_before_the_aes_gcm_limit() {
    let limit = AeadAlgorithm::Aes128Gcm.confidentiality_limit();
    let threshold = limit - limit / 16;
    let mut writer = RecordWriter::new();
    assert!(!writer.key_update_due());
    writer.set_protection(Some(aes_gcm()));
    assert!(!writer.key_update_due());
    writer.set_protection(Some(aes_gcm().with_sequence_number(threshold - 1)));
    assert!(!writer.key_update_due());
    let mut out = BytesMut::new();
    writer
        .write(ContentType::ApplicationData, b"x", &mut out)
        .unwrap();
    assert!(writer.key_update_due());
    assert_eq!(
        writer
            .protection()
            .map(RecordProtection::key_update_threshold),
        Some(threshold)
    );
}

#[test]
fn writing_stops_at_the_record_limit() {
    let limit = AeadAlgorithm::Aes128Gcm.confidentiality_limit();
    let mut writer = RecordWriter::new();
    writer.set_protection(Some(aes_gcm().with_sequence_number(limit - 2)));
    writer.set_max_fragment_len(10).unwrap();
    let mut out = BytesMut::new();
    // Three records would pass the limit: nothing is written.
    assert_eq!(
        writer.write(ContentType::ApplicationData, &[1; 30], &mut out),
        Err(RecordError::SequenceExhausted)
    );
    assert!(out.is_empty());
    // Two fit exactly, then no more.
    assert_eq!(
        writer.write(ContentType::ApplicationData, &[1; 20], &mut out),
        Ok(2)
    );
    let e = writer
        .write(ContentType::ApplicationData, b"x", &mut out)
        .unwrap_err();
    assert_eq!(e, RecordError::SequenceExhausted);
    // The records written just below the limit read back with the matching sequence numbers.
    let mut reader = RecordReader::new();
    reader
        .set_protection(Some(aes_gcm().with_sequence_number(limit - 2)))
        .unwrap();
    assert_eq!(read_all(&mut reader, &out).unwrap().len(), 2);
    // A new key starts again at 0.
    writer.set_protection(Some(aes_gcm()));
    assert_eq!(
        writer.write(ContentType::ApplicationData, b"x", &mut out),
        Ok(1)
    );
}

#[test]
fn sequence_numbers_never_wrap() {
    let chacha = |seq| {
        RecordProtection::tls13(
            CHACHA20_POLY1305,
            &Secret::new(vec![3; 32]),
            &Iv::new([4; 12]),
        )
        .unwrap()
        .with_sequence_number(seq)
    };
    let mut writer = RecordWriter::new();
    writer.set_protection(Some(chacha(u64::MAX - 2)));
    let mut out = BytesMut::new();
    assert_eq!(
        writer.write(ContentType::ApplicationData, b"a", &mut out),
        Ok(1)
    );
    assert_eq!(
        writer.write(ContentType::ApplicationData, b"b", &mut out),
        Ok(1)
    );
    assert!(writer.key_update_due());
    assert_eq!(
        writer.write(ContentType::ApplicationData, b"c", &mut out),
        Err(RecordError::SequenceExhausted)
    );
    // Reading: the last usable sequence number is u64::MAX - 1.
    let mut reader = RecordReader::new();
    reader.set_protection(Some(chacha(u64::MAX - 2))).unwrap();
    assert_eq!(
        read_all(&mut reader, &out).unwrap(),
        [
            Message::ApplicationData(b"a".to_vec().into()),
            Message::ApplicationData(b"b".to_vec().into()),
        ]
    );
    let mut reader = RecordReader::new();
    reader.set_protection(Some(chacha(u64::MAX))).unwrap();
    assert_eq!(
        read_all(&mut reader, &out),
        Err(RecordError::SequenceExhausted)
    );
}

#[test]
fn protections_do_not_print_secrets() {
    let p = RecordProtection::tls13(
        CHACHA20_POLY1305,
        &Secret::new(vec![0xab; 32]),
        &Iv::new([0xcd; 12]),
    )
    .unwrap();
    let shown = format!("{p:?}");
    assert!(
        !shown.contains("ab") && !shown.contains("cd") && !shown.contains("171"),
        "{shown}"
    );
    assert!(shown.contains("redacted"));
}
