//! A Finished whose verify_data is not Hash.length bytes (TLS 1.3) or 12 bytes (TLS 1.2) does
//! not parse: `decode_error` (RFC 8446 §4.4.4 and §6, RFC 5246 §7.4.9), a longer one as soon
//! as its header arrives (its length is the ceiling of its body). Only the right length with
//! the wrong value is `decrypt_error`. Both sides, both versions, each alert read back from
//! what the failing side sent.

mod forge;

use stratls_codec::{AlertDescription, ContentType, DecodeError};
use stratls_handshake::Error;
use stratls_record::{Message, RecordError};
use stratls_test_support::records::{APPLICATION_DATA, plaintext_alert};
use stratls_test_support::*;

use forge::*;

/// A Finished message with `len` bytes of verify_data.
fn finished(len: usize) -> Vec<u8> {
    let mut m = vec![20, 0, 0, u8::try_from(len).expect("short")];
    m.extend((0..len).map(|i| i as u8 ^ 0x5c));
    m
}

/// The error for a Finished of `len` bytes where verify_data has `expected`: a longer one is
/// over its ceiling as soon as its header arrives, a shorter one does not parse.
fn bad_length(len: usize, expected: usize) -> Error {
    if len > expected {
        return Error::Record(RecordError::HandshakeMessageTooLarge { len, max: expected });
    }
    Error::InvalidMessage(DecodeError::LengthOutOfRange {
        field: "Finished verify_data",
        len,
    })
}

/// Every wrong length tried, for a hash of `hash_len` bytes: empty, one short, one long, and
/// the other hashes' lengths.
fn wrong_lengths(hash_len: usize) -> Vec<usize> {
    [0, 12, 31, 32, 33, 47, 48, 64]
        .into_iter()
        .filter(|&l| l != hash_len)
        .collect()
}

/// The TLS 1.3 server receives the client's Finished replaced by `message`; returns its error
/// and the alert it sent, read with its application key (it sent its Finished already).
fn tls13_server_receives(message: &[u8]) -> (Error, Message) {
    let (mut pair, log) = tls13_pair(|_| {});
    let hello = pair.client.take_tls();
    pair.server.read_tls(&hello).expect("hello");
    let flight = pair.server.take_tls();
    pair.client.read_tls(&flight).expect("the server's flight");
    let mut records = split_records(&pair.client.take_tls());
    // The compatibility change_cipher_spec, then the Finished, under the handshake key.
    let fin = records
        .iter()
        .position(|r| r[0] == APPLICATION_DATA)
        .expect("the client's Finished");
    assert!(
        matches!(open13(&log, CLIENT_HS, 0, &records[fin]), Message::Handshake(h) if h.typ().to_u8() == 20)
    );
    records[fin] = seal13(&log, CLIENT_HS, 0, ContentType::Handshake, message);
    let err = deliver(&mut pair.server, &records).expect_err("refused");
    let alert = open13(&log, SERVER_AP, 0, &pair.server.take_tls());
    (err, alert)
}

/// The TLS 1.3 client receives the server's Finished replaced by `message`; returns its error
/// and the alert it sent under its handshake key.
fn tls13_client_receives(message: &[u8]) -> (Error, Message) {
    let (mut pair, log) = tls13_pair(|_| {});
    let hello = pair.client.take_tls();
    pair.server.read_tls(&hello).expect("hello");
    let mut records = split_records(&pair.server.take_tls());
    // EncryptedExtensions, Certificate, CertificateVerify, Finished: the fourth record under
    // the server's handshake key.
    let last = records.len() - 1;
    assert!(
        matches!(open13(&log, SERVER_HS, 3, &records[last]), Message::Handshake(h) if h.typ().to_u8() == 20)
    );
    records[last] = seal13(&log, SERVER_HS, 3, ContentType::Handshake, message);
    let err = deliver(&mut pair.client, &records).expect_err("refused");
    let alert = open13(&log, CLIENT_HS, 0, &pair.client.take_tls());
    (err, alert)
}

#[test]
fn tls13_server_refuses_a_client_finished_of_the_wrong_length_with_decode_error() {
    for len in wrong_lengths(32) {
        let (err, alert) = tls13_server_receives(&finished(len));
        assert_eq!(err, bad_length(len, 32), "{len}");
        assert_eq!(err.alert(), Some(AlertDescription::DecodeError));
        assert_eq!(alert, fatal(AlertDescription::DecodeError), "{len}");
    }
}

#[test]
fn tls13_server_refuses_a_client_finished_of_the_wrong_value_with_decrypt_error() {
    let (err, alert) = tls13_server_receives(&finished(32));
    assert_eq!(err, Error::BadFinished);
    assert_eq!(alert, fatal(AlertDescription::DecryptError));
}

#[test]
fn tls13_client_refuses_a_server_finished_of_the_wrong_length_with_decode_error() {
    for len in wrong_lengths(32) {
        let (err, alert) = tls13_client_receives(&finished(len));
        assert_eq!(err, bad_length(len, 32), "{len}");
        assert_eq!(alert, fatal(AlertDescription::DecodeError), "{len}");
    }
}

#[test]
fn tls13_client_refuses_a_server_finished_of_the_wrong_value_with_decrypt_error() {
    let (err, alert) = tls13_client_receives(&finished(32));
    assert_eq!(err, Error::BadFinished);
    assert_eq!(alert, fatal(AlertDescription::DecryptError));
}

/// The TLS 1.2 server receives the client's Finished (sequence number 0 under the client's
/// key) replaced by `message`; returns its error and its alert, which is in the clear: the
/// server changes its write keys only after the client's Finished.
fn tls12_server_receives(message: &[u8]) -> (Error, Option<(u8, u8)>) {
    let (mut pair, log) = tls12_pair(|_| {});
    let hello = pair.client.take_tls();
    pair.server.read_tls(&hello).expect("hello");
    let server_flight = pair.server.take_tls();
    let keys_from = split_records(&server_flight)[0].clone();
    pair.client.read_tls(&server_flight).expect("server flight");
    let keys = Tls12Keys::new(&log, &keys_from);
    let mut records = split_records(&pair.client.take_tls());
    let last = records.len() - 1;
    assert!(
        matches!(keys.open(true, 0, &records[last]), Message::Handshake(h) if h.typ().to_u8() == 20)
    );
    records[last] = keys.seal(true, 0, ContentType::Handshake, message);
    let err = deliver(&mut pair.server, &records).expect_err("refused");
    (err, plaintext_alert(&pair.server.take_tls()))
}

/// The TLS 1.2 client receives the server's Finished (sequence number 0 under the server's
/// key) replaced by `message`; returns its error and its alert, under its own key after its
/// Finished (sequence number 1).
fn tls12_client_receives(message: &[u8]) -> (Error, Message) {
    let (mut pair, log) = tls12_pair(|_| {});
    let hello = pair.client.take_tls();
    pair.server.read_tls(&hello).expect("hello");
    let server_flight = pair.server.take_tls();
    let keys_from = split_records(&server_flight)[0].clone();
    pair.client.read_tls(&server_flight).expect("server flight");
    let keys = Tls12Keys::new(&log, &keys_from);
    let client_flight = pair.client.take_tls();
    pair.server.read_tls(&client_flight).expect("client flight");
    let mut records = split_records(&pair.server.take_tls());
    let last = records.len() - 1;
    assert!(
        matches!(keys.open(false, 0, &records[last]), Message::Handshake(h) if h.typ().to_u8() == 20)
    );
    records[last] = keys.seal(false, 0, ContentType::Handshake, message);
    let err = deliver(&mut pair.client, &records).expect_err("refused");
    (err, keys.open(true, 1, &pair.client.take_tls()))
}

#[test]
fn tls12_server_refuses_a_client_finished_of_the_wrong_length_with_decode_error() {
    for len in [0, 11, 13, 32] {
        let (err, alert) = tls12_server_receives(&finished(len));
        assert_eq!(err, bad_length(len, 12), "{len}");
        assert_eq!(alert, Some((2, 50)), "{len}: decode_error in the clear");
    }
}

#[test]
fn tls12_server_refuses_a_client_finished_of_the_wrong_value_with_decrypt_error() {
    let (err, alert) = tls12_server_receives(&finished(12));
    assert_eq!(err, Error::BadFinished);
    assert_eq!(alert, Some((2, 51)), "decrypt_error in the clear");
}

#[test]
fn tls12_client_refuses_a_server_finished_of_the_wrong_length_with_decode_error() {
    for len in [0, 11, 13, 32] {
        let (err, alert) = tls12_client_receives(&finished(len));
        assert_eq!(err, bad_length(len, 12), "{len}");
        assert_eq!(alert, fatal(AlertDescription::DecodeError), "{len}");
    }
}

#[test]
fn tls12_client_refuses_a_server_finished_of_the_wrong_value_with_decrypt_error() {
    let (err, alert) = tls12_client_receives(&finished(12));
    assert_eq!(err, Error::BadFinished);
    assert_eq!(alert, fatal(AlertDescription::DecryptError));
}
