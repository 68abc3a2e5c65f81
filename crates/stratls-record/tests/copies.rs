//! Copies of records for an observer: what the writer sealed is what the reader opened, with
//! the same sequence numbers, nonces, content and padding; a record that does not open keeps
//! only its wire bytes; nothing is kept unless asked.

use bytes::BytesMut;
use stratls_codec::ContentType;
use stratls_crypto::{Secret, Tls12RecordNonce};
use stratls_record::{PadToMultiple, RecordProtection, RecordReader, RecordWriter};
use stratls_rustcrypto::AES_128_GCM;

use crate::common::{h, read_all, tls13};

const KEY: &str = "9f02283b6c9c07efc26bb9f2ac92e356";
const IV: &str = "cf782b88dd83549aadf1e984";

#[test]
fn tls13_copies_match_on_both_sides() {
    let mut writer = RecordWriter::new();
    writer.set_protection(Some(tls13(KEY, IV)));
    writer.set_padding_policy(Box::new(PadToMultiple::new(32)));
    writer.keep_copies(true);
    let mut wire = BytesMut::new();
    writer
        .write(
            ContentType::Handshake,
            &[20, 0, 0, 2, 0xaa, 0xbb],
            &mut wire,
        )
        .expect("write");
    writer
        .write(ContentType::ApplicationData, b"data", &mut wire)
        .expect("write");
    let sent = writer.take_copies();
    assert!(writer.take_copies().is_empty(), "taken once");
    assert_eq!(sent.len(), 2);
    let joined: Vec<u8> = sent.iter().flat_map(|c| c.wire.clone()).collect();
    assert_eq!(joined, wire.to_vec(), "the copies are the wire");
    let first = sent[0].opened.as_ref().expect("opened");
    assert_eq!(first.sequence, 0);
    assert_eq!(first.content, [20, 0, 0, 2, 0xaa, 0xbb]);
    assert_eq!(first.padding, 32 - 6 - 1);
    let second = sent[1].opened.as_ref().expect("opened");
    assert_eq!(second.sequence, 1);
    assert_eq!(second.content_type, ContentType::ApplicationData);
    let mut expected_nonce: [u8; 12] = h(IV).try_into().expect("iv");
    expected_nonce[11] ^= 1;
    assert_eq!(second.nonce, expected_nonce, "IV XOR sequence number 1");

    let mut reader = RecordReader::new();
    reader.set_protection(Some(tls13(KEY, IV))).expect("keys");
    reader.keep_copies(true);
    read_all(&mut reader, &wire).expect("read");
    assert_eq!(
        reader.take_copies(),
        sent,
        "the reader saw the same records"
    );

    // A tampered record keeps its bytes, and nothing it did not reveal.
    let mut tampered = wire.to_vec();
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    let mut reader = RecordReader::new();
    reader.set_protection(Some(tls13(KEY, IV))).expect("keys");
    reader.keep_copies(true);
    assert!(read_all(&mut reader, &tampered).is_err());
    let copies = reader.take_copies();
    assert_eq!(copies.len(), 2);
    assert!(copies[0].opened.is_some());
    assert_eq!(copies[1].wire, tampered[sent[0].wire.len()..]);
    assert!(
        copies[1].opened.is_none(),
        "a record that does not open shows no plaintext"
    );
}

#[test]
fn tls12_explicit_nonce_copies_and_none_unless_asked() {
    let protection = || {
        RecordProtection::tls12(
            AES_128_GCM,
            &Secret::new(h("101112131415161718191a1b1c1d1e1f")),
            &Secret::new(h("a0a1a2a3")),
            Tls12RecordNonce::Explicit,
        )
        .expect("keys")
    };
    let mut writer = RecordWriter::new();
    writer.set_protection(Some(protection()));
    let mut wire = BytesMut::new();
    writer
        .write(ContentType::ApplicationData, b"unobserved", &mut wire)
        .expect("write");
    assert!(writer.take_copies().is_empty(), "nothing kept unless asked");
    writer.keep_copies(true);
    let start = wire.len();
    writer
        .write(ContentType::ApplicationData, b"observed", &mut wire)
        .expect("write");
    let sent = writer.take_copies();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].wire, wire[start..]);
    let opened = sent[0].opened.as_ref().expect("opened");
    assert_eq!(opened.sequence, 1);
    assert_eq!(&opened.nonce[..4], h("a0a1a2a3").as_slice(), "the salt");
    assert_eq!(
        opened.nonce[4..],
        wire[start + 5..start + 13],
        "the explicit nonce"
    );
    assert_eq!(opened.content, b"observed");
    assert_eq!(opened.padding, 0);

    let mut reader = RecordReader::new();
    reader.set_protection(Some(protection())).expect("keys");
    reader.keep_copies(true);
    read_all(&mut reader, &wire).expect("read");
    let received = reader.take_copies();
    assert_eq!(received.len(), 2);
    assert_eq!(received[1], sent[0]);
    reader.keep_copies(false);
    assert!(reader.take_copies().is_empty());
}
