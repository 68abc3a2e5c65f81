//! Application data before the peer's Finished is `unexpected_message` (RFC 8446 §2, §5,
//! §6.2; RFC 5246 §7.4.9): protected under the handshake keys (TLS 1.3) or the new session
//! keys (TLS 1.2), empty or padding only, or sent in the clear. Once it may arrive, empty
//! records count against the empty-record limit.

mod forge;

use stratls_codec::{AlertDescription, ContentType, HandshakeType};
use stratls_handshake::{Error, Limits, MessageKind};
use stratls_record::{Message, RecordError};
use stratls_test_support::records::{APPLICATION_DATA, plaintext_alert};
use stratls_test_support::*;

use forge::*;

/// The TLS 1.3 inner plaintexts tried: an empty record, padding only, one byte of data.
const INNER: [&[u8]; 3] = [&[23], &[23, 0, 0, 0, 0, 0, 0, 0], &[b'x', 23]];

fn unexpected(state: &'static str, expected: &'static [HandshakeType]) -> Error {
    Error::UnexpectedMessage {
        state,
        expected,
        got: MessageKind::ApplicationData,
    }
}

#[test]
fn tls13_server_refuses_application_data_under_the_client_handshake_key() {
    for inner in INNER {
        let (mut pair, log) = tls13_pair(|_| {});
        let hello = pair.client.take_tls();
        pair.server.read_tls(&hello).expect("hello");
        let flight = pair.server.take_tls();
        pair.client.read_tls(&flight).expect("the server's flight");
        // The record goes where the client's Finished would, as the first under its key.
        let mut records = split_records(&pair.client.take_tls());
        let fin = records
            .iter()
            .position(|r| r[0] == APPLICATION_DATA)
            .expect("the client's Finished");
        records[fin] = seal13_inner(&log, CLIENT_HS, 0, inner);
        let err = deliver(&mut pair.server, &records).expect_err("refused");
        assert_eq!(
            err,
            unexpected("ExpectClientFinished", &[HandshakeType::Finished]),
            "{inner:?}"
        );
        assert_eq!(
            open13(&log, SERVER_AP, 0, &pair.server.take_tls()),
            fatal(AlertDescription::UnexpectedMessage),
            "{inner:?}"
        );
    }
}

#[test]
fn tls13_client_refuses_application_data_under_the_server_handshake_key() {
    for inner in INNER {
        let (mut pair, log) = tls13_pair(|_| {});
        let hello = pair.client.take_tls();
        pair.server.read_tls(&hello).expect("hello");
        let mut records = split_records(&pair.server.take_tls());
        // In place of the server's Finished, the fourth record under its handshake key.
        let last = records.len() - 1;
        records[last] = seal13_inner(&log, SERVER_HS, 3, inner);
        let err = deliver(&mut pair.client, &records).expect_err("refused");
        assert_eq!(
            err,
            unexpected("ExpectFinished", &[HandshakeType::Finished]),
            "{inner:?}"
        );
        assert_eq!(
            open13(&log, CLIENT_HS, 0, &pair.client.take_tls()),
            fatal(AlertDescription::UnexpectedMessage),
            "{inner:?}"
        );
    }
}

#[test]
fn application_data_in_the_clear_is_unexpected_message_even_empty() {
    for body in [&[][..], b"GET / HTTP/1.1\r\n"] {
        let record = records::record(APPLICATION_DATA, body);
        // To a server waiting for a ClientHello.
        let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
        let err = pair.server.read_tls(&record).expect_err("refused");
        assert_eq!(
            err,
            Error::Record(RecordError::UnexpectedContentType(
                ContentType::ApplicationData
            ))
        );
        assert_eq!(plaintext_alert(&pair.server.take_tls()), Some((2, 10)));
        // To a client waiting for a ServerHello.
        let _hello = pair.client.take_tls();
        let err = pair.client.read_tls(&record).expect_err("refused");
        assert_eq!(
            err,
            Error::Record(RecordError::UnexpectedContentType(
                ContentType::ApplicationData
            ))
        );
        assert_eq!(plaintext_alert(&pair.client.take_tls()), Some((2, 10)));
    }
}

#[test]
fn tls12_server_refuses_application_data_before_the_client_finished() {
    for data in [&[][..], b"x"] {
        let (mut pair, log) = tls12_pair(|_| {});
        let hello = pair.client.take_tls();
        pair.server.read_tls(&hello).expect("hello");
        let server_flight = pair.server.take_tls();
        let keys_from = split_records(&server_flight)[0].clone();
        pair.client.read_tls(&server_flight).expect("server flight");
        let keys = Tls12Keys::new(&log, &keys_from);
        // ClientKeyExchange, ChangeCipherSpec, then data where the Finished would be.
        let mut records = split_records(&pair.client.take_tls());
        let last = records.len() - 1;
        records[last] = keys.seal(true, 0, ContentType::ApplicationData, data);
        let err = deliver(&mut pair.server, &records).expect_err("refused");
        assert_eq!(
            err,
            unexpected("Tls12ExpectClientFinished", &[HandshakeType::Finished]),
            "{data:?}"
        );
        assert_eq!(
            plaintext_alert(&pair.server.take_tls()),
            Some((2, 10)),
            "{data:?}"
        );
    }
}

#[test]
fn tls12_client_refuses_application_data_before_the_server_finished() {
    for data in [&[][..], b"x"] {
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
        records[last] = keys.seal(false, 0, ContentType::ApplicationData, data);
        let err = deliver(&mut pair.client, &records).expect_err("refused");
        assert_eq!(
            err,
            unexpected("Tls12ExpectServerFinished", &[HandshakeType::Finished]),
            "{data:?}"
        );
        assert_eq!(
            keys.open(true, 1, &pair.client.take_tls()),
            fatal(AlertDescription::UnexpectedMessage),
            "{data:?}"
        );
    }
}

#[test]
fn once_established_empty_records_are_dropped_up_to_the_limit() {
    let (mut pair, log) = tls13_pair(|server| {
        server.shared.limits = Limits {
            max_records_without_data: 4,
            ..Limits::default()
        };
    });
    pair.handshake();
    let mut seq = 0;
    let mut record = |inner: &[u8]| {
        let r = seal13_inner(&log, CLIENT_AP, seq, inner);
        seq += 1;
        r
    };
    // Data first: the client's compatibility change_cipher_spec counted against the same
    // budget, and only data starts it over.
    pair.server.read_tls(&record(b"go\x17")).expect("data");
    // Four empty or padding-only records, data, four more: all taken.
    for _ in 0..2 {
        for inner in [&[23][..], &[23, 0, 0], &[23], &[23, 0]] {
            pair.server.read_tls(&record(inner)).expect("dropped");
        }
        pair.server.read_tls(&record(b"ok\x17")).expect("data");
    }
    assert_eq!(drain(&mut pair.server), b"gookok");
    for _ in 0..4 {
        pair.server.read_tls(&record(&[23])).expect("dropped");
    }
    // A fifth in a row is refused.
    let err = pair.server.read_tls(&record(&[23])).expect_err("too many");
    assert_eq!(
        err,
        Error::Record(RecordError::TooManyRecordsWithoutData(4))
    );
    assert!(matches!(
        open13(&log, SERVER_AP, 0, &pair.server.take_tls()),
        Message::Alert(a) if a.description == AlertDescription::UnexpectedMessage
    ));
}
