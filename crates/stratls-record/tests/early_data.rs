//! Skipping 0-RTT data a server rejected (RFC 8446 §4.2.10).

use crate::common::rfc8448::{
    CLIENT_HANDSHAKE_IV, CLIENT_HANDSHAKE_KEY, SERVER_HANDSHAKE_IV, SERVER_HANDSHAKE_KEY,
};
use crate::common::{client_handshake_reader, h, plain, read_all, read_in_pieces, seal13};
use stratls_codec::{ContentType, HandshakeType};
use stratls_record::{Message, RecordError, RecordReader};
use stratls_rustcrypto::AES_128_GCM;

/// A record under the client handshake key: what the server can read.
fn readable(seq: u64, inner: &[u8]) -> Vec<u8> {
    seal13(
        AES_128_GCM,
        &h(CLIENT_HANDSHAKE_KEY),
        &h(CLIENT_HANDSHAKE_IV),
        seq,
        inner,
    )
}

/// A record under another key: early data the server rejected.
fn early(seq: u64, content_len: usize) -> Vec<u8> {
    let mut inner = vec![0x42; content_len];
    inner.push(23);
    seal13(
        AES_128_GCM,
        &h(SERVER_HANDSHAKE_KEY),
        &h(SERVER_HANDSHAKE_IV),
        seq,
        &inner,
    )
}

const FINISHED: [u8; 6] = [20, 0, 0, 1, 0xee, 22];

#[test]
fn undecryptable_records_are_skipped_until_one_decrypts() {
    let stream = [
        early(0, 30),
        early(1, 30),
        readable(0, &FINISHED),
        early(2, 30),
    ]
    .concat();
    for piece in [1, 7, stream.len()] {
        let mut reader = client_handshake_reader();
        reader.skip_early_data(60);
        let mut input = stream.clone();
        let tail = input.split_off(stream.len() - early(2, 30).len());
        // The skipped records used no sequence number: Finished is record 0.
        let messages = read_in_pieces(&mut reader, &input, piece).unwrap();
        let [Message::Handshake(fin)] = messages.as_slice() else {
            panic!("{messages:?}")
        };
        assert_eq!(fin.typ(), HandshakeType::Finished);
        // Skipping ended with the first record that decrypted.
        assert_eq!(read_all(&mut reader, &tail), Err(RecordError::BadRecordMac));
    }
}

#[test]
fn skipping_stops_at_the_budget() {
    let mut reader = client_handshake_reader();
    reader.skip_early_data(59);
    let stream = [early(0, 30), early(1, 30), readable(0, &FINISHED)].concat();
    assert_eq!(
        read_all(&mut reader, &stream),
        Err(RecordError::BadRecordMac)
    );
    // Without skipping, the first undecryptable record fails.
    assert_eq!(
        read_all(&mut client_handshake_reader(), &early(0, 1)),
        Err(RecordError::BadRecordMac)
    );
}

#[test]
fn before_protection_application_data_is_skipped() {
    // After a HelloRetryRequest the server reads the second ClientHello in plaintext while
    // the client's early data is still arriving.
    let client_hello = plain(22, &[1, 0, 0, 2, 3, 3]);
    let stream = [early(0, 100), early(1, 20), client_hello.clone()].concat();
    let mut reader = RecordReader::new();
    reader.skip_early_data(120);
    let messages = read_all(&mut reader, &stream).unwrap();
    let [Message::Handshake(hello)] = messages.as_slice() else {
        panic!("{messages:?}")
    };
    assert_eq!(hello.typ(), HandshakeType::ClientHello);

    let mut reader = RecordReader::new();
    reader.skip_early_data(119);
    assert_eq!(
        read_all(&mut reader, &stream),
        Err(RecordError::UnexpectedContentType(
            ContentType::ApplicationData
        ))
    );
}
