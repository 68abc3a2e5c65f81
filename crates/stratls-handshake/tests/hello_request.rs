//! A HelloRequest that reaches a TLS 1.2 client while it negotiates is ignored (RFC 5246
//! §7.4.1.1): the handshake completes, so the message stayed out of both transcripts; a
//! stream of them ends with `unexpected_message`. To a server, and in TLS 1.3 (where type 0
//! is reserved), it is `unexpected_message`.

mod forge;

use stratls_codec::{AlertDescription, ContentType, HandshakeType};
use stratls_handshake::{Error, MessageKind, Misbehaviour, Status};
use stratls_record::Message;
use stratls_test_support::records::plaintext_alert;
use stratls_test_support::*;

use forge::*;

const HELLO_REQUEST: [u8; 4] = [0, 0, 0, 0];

#[test]
fn hello_requests_in_the_servers_first_flight_are_ignored() {
    let mut pair = Pair::new(tls12_client_config(), tls12_server_config("server-ecdsa"));
    let hello = pair.client.take_tls();
    pair.server.read_tls(&hello).expect("hello");
    let flight = split_records(&pair.server.take_tls());
    // One before the ServerHello, one after each message, and two in one record.
    let mut tampered = vec![handshake_record(&HELLO_REQUEST)];
    for record in flight {
        tampered.push(record);
        tampered.push(handshake_record(&HELLO_REQUEST));
    }
    tampered.push(handshake_record(&HELLO_REQUEST.repeat(2)));
    deliver(&mut pair.client, &tampered).expect("ignored");
    pair.handshake();
    assert_eq!(pair.client.status(), Status::Established);
    pair.exchange_data(100);
}

#[test]
fn a_hello_request_before_the_servers_finished_is_ignored() {
    // Under the session keys, between the server's ChangeCipherSpec and its Finished.
    let (mut pair, log) = tls12_pair(|_| {});
    let hello = pair.client.take_tls();
    pair.server.read_tls(&hello).expect("hello");
    let server_flight = pair.server.take_tls();
    pair.client.read_tls(&server_flight).expect("server flight");
    let keys = Tls12Keys::new(&log, &split_records(&server_flight)[0]);
    let client_flight = pair.client.take_tls();
    pair.server.read_tls(&client_flight).expect("client flight");
    let mut records = split_records(&pair.server.take_tls());
    let fin = records.pop().expect("the server's Finished");
    let Message::Handshake(finished) = keys.open(false, 0, &fin) else {
        panic!("not a Finished");
    };
    records.push(keys.seal(false, 0, ContentType::Handshake, &HELLO_REQUEST));
    records.push(keys.seal(false, 1, ContentType::Handshake, finished.encoded()));
    deliver(&mut pair.client, &records).expect("ignored");
    assert_eq!(pair.client.status(), Status::Established);
}

#[test]
fn a_stream_of_hello_requests_while_negotiating_ends() {
    // The limit on requests in a row without application data (default 32) applies.
    let mut pair = Pair::new(tls12_client_config(), tls12_server_config("server-ecdsa"));
    let _hello = pair.client.take_tls();
    pair.client
        .read_tls(&handshake_record(&HELLO_REQUEST.repeat(32)))
        .expect("32 are ignored");
    let err = pair
        .client
        .read_tls(&handshake_record(&HELLO_REQUEST))
        .expect_err("the 33rd");
    assert_eq!(err, Error::PeerMisbehaved(Misbehaviour::RenegotiationFlood));
    assert_eq!(plaintext_alert(&pair.client.take_tls()), Some((2, 10)));
}

#[test]
fn a_hello_request_with_a_body_is_decode_error() {
    let mut pair = Pair::new(tls12_client_config(), tls12_server_config("server-ecdsa"));
    let _hello = pair.client.take_tls();
    let err = pair
        .client
        .read_tls(&handshake_record(&[0, 0, 0, 1, 0]))
        .expect_err("not empty");
    assert_eq!(err.alert(), Some(AlertDescription::DecodeError));
    assert_eq!(plaintext_alert(&pair.client.take_tls()), Some((2, 50)));
}

#[test]
fn a_hello_request_is_unexpected_in_tls13_and_to_a_server() {
    let hello_request = MessageKind::Handshake(HandshakeType::HelloRequest);
    // A client that offered TLS 1.3 does not know the version yet: type 0 is reserved.
    let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
    let _hello = pair.client.take_tls();
    let err = pair
        .client
        .read_tls(&handshake_record(&HELLO_REQUEST))
        .expect_err("reserved");
    assert!(
        matches!(err, Error::UnexpectedMessage { got, .. } if got == hello_request),
        "{err:?}"
    );
    assert_eq!(plaintext_alert(&pair.client.take_tls()), Some((2, 10)));

    // Under the TLS 1.3 server's handshake key, in place of its Finished.
    let (mut pair, log) = tls13_pair(|_| {});
    let hello = pair.client.take_tls();
    pair.server.read_tls(&hello).expect("hello");
    let mut records = split_records(&pair.server.take_tls());
    let last = records.len() - 1;
    records[last] = seal13(&log, SERVER_HS, 3, ContentType::Handshake, &HELLO_REQUEST);
    let err = deliver(&mut pair.client, &records).expect_err("reserved");
    assert_eq!(
        err,
        Error::UnexpectedMessage {
            state: "ExpectFinished",
            expected: &[HandshakeType::Finished],
            got: hello_request,
        }
    );
    assert_eq!(
        open13(&log, CLIENT_HS, 0, &pair.client.take_tls()),
        fatal(AlertDescription::UnexpectedMessage)
    );

    // A TLS 1.2 server never takes one.
    let mut pair = Pair::new(tls12_client_config(), tls12_server_config("server-ecdsa"));
    let hello = pair.client.take_tls();
    pair.server.read_tls(&hello).expect("hello");
    let _flight = pair.server.take_tls();
    let err = pair
        .server
        .read_tls(&handshake_record(&HELLO_REQUEST))
        .expect_err("to a server");
    assert!(
        matches!(err, Error::UnexpectedMessage { got, .. } if got == hello_request),
        "{err:?}"
    );
    assert_eq!(plaintext_alert(&pair.server.take_tls()), Some((2, 10)));
}
