//! TLS 1.2 state-machine attacks (CCS injection, skipped and early messages, SMACK/SKIP-TLS)
//! and renegotiation refusal, with records cut, reordered or forged in flight.

use std::sync::Arc;

mod forge;

use forge::{Tls12Keys, deliver};
use stratls_codec::{AlertDescription, AlertLevel, ContentType, HandshakeType};
use stratls_handshake::{Connection, Error, SingleCert, Status};
use stratls_record::Message;
use stratls_test_support::*;

const SERVER_KEY_EXCHANGE: u8 = 12;
const CLIENT_KEY_EXCHANGE: u8 = 16;
const CERTIFICATE_VERIFY: u8 = 15;

/// Runs the ClientHello to the server and returns the server's first flight as records.
fn server_flight(pair: &mut Pair) -> Vec<Vec<u8>> {
    let hello = pair.client.take_tls();
    pair.server.read_tls(&hello).expect("hello");
    split_records(&pair.server.take_tls())
}

fn assert_unexpected(result: Result<(), Error>) {
    let err = result.expect_err("must fail");
    assert_eq!(
        err.alert(),
        Some(AlertDescription::UnexpectedMessage),
        "{err:?}"
    );
}

#[test]
fn ccs_injected_before_server_key_exchange() {
    let mut pair = Pair::new(tls12_client_config(), tls12_server_config("server-ecdsa"));
    let mut flight = server_flight(&mut pair);
    let ske = flight
        .iter()
        .position(|r| handshake_type(r) == Some(SERVER_KEY_EXCHANGE))
        .expect("ServerKeyExchange");
    flight.insert(ske, CCS_RECORD.to_vec());
    assert_unexpected(deliver(&mut pair.client, &flight));
    assert_eq!(pair.client.status(), Status::Failed);
}

/// Runs the handshake up to the client's flight and returns it as records.
fn client_flight(pair: &mut Pair) -> Vec<Vec<u8>> {
    let flight = server_flight(pair);
    deliver(&mut pair.client, &flight).expect("server flight");
    split_records(&pair.client.take_tls())
}

#[test]
fn ccs_injected_before_client_key_exchange() {
    let mut pair = Pair::new(tls12_client_config(), tls12_server_config("server-ecdsa"));
    let mut flight = client_flight(&mut pair);
    let cke = flight
        .iter()
        .position(|r| handshake_type(r) == Some(CLIENT_KEY_EXCHANGE))
        .expect("ClientKeyExchange");
    flight.insert(cke, CCS_RECORD.to_vec());
    assert_unexpected(deliver(&mut pair.server, &flight));
}

#[test]
fn skipped_server_key_exchange() {
    let mut pair = Pair::new(tls12_client_config(), tls12_server_config("server-rsa"));
    let flight: Vec<Vec<u8>> = server_flight(&mut pair)
        .into_iter()
        .filter(|r| handshake_type(r) != Some(SERVER_KEY_EXCHANGE))
        .collect();
    assert_unexpected(deliver(&mut pair.client, &flight));
}

#[test]
fn skipped_client_certificate_verify() {
    let mut client = tls12_client_config();
    client.client_cert = Some(Arc::new(SingleCert(certified("client-ecdsa"))));
    let mut server = tls12_server_config("server-ecdsa");
    require_client_auth(&mut server);
    let mut pair = Pair::new(client, server);
    let flight: Vec<Vec<u8>> = client_flight(&mut pair)
        .into_iter()
        .filter(|r| handshake_type(r) != Some(CERTIFICATE_VERIFY))
        .collect();
    assert_unexpected(deliver(&mut pair.server, &flight));
    assert_ne!(pair.server.status(), Status::Established);
}

#[test]
fn skipped_change_cipher_spec() {
    // Without the client's ChangeCipherSpec its Finished is read as plaintext: it is never
    // taken as a Finished, and the handshake does not complete.
    let mut pair = Pair::new(tls12_client_config(), tls12_server_config("server-ecdsa"));
    let flight: Vec<Vec<u8>> = client_flight(&mut pair)
        .into_iter()
        .filter(|r| r[..] != CCS_RECORD)
        .collect();
    let result = deliver(&mut pair.server, &flight);
    assert!(
        result.is_err() || pair.server.is_handshaking(),
        "{result:?}"
    );
    assert_ne!(pair.server.status(), Status::Established);
}

#[test]
fn finished_in_place_of_server_key_exchange() {
    let mut pair = Pair::new(tls12_client_config(), tls12_server_config("server-ecdsa"));
    let mut flight = server_flight(&mut pair);
    let ske = flight
        .iter()
        .position(|r| handshake_type(r) == Some(SERVER_KEY_EXCHANGE))
        .expect("ServerKeyExchange");
    let mut finished = vec![20, 0, 0, 12];
    finished.extend_from_slice(&[0x5a; 12]);
    flight[ske] = handshake_record(&finished);
    assert_unexpected(deliver(&mut pair.client, &flight));
}

#[test]
fn server_hello_of_an_old_version_is_protocol_version() {
    let mut pair = Pair::new(tls12_client_config(), tls12_server_config("server-ecdsa"));
    let mut flight = server_flight(&mut pair);
    // ServerHello body starts after the 5-byte record and 4-byte handshake headers.
    flight[0][9..11].copy_from_slice(&[3, 2]);
    let err = deliver(&mut pair.client, &flight).expect_err("TLS 1.1");
    assert_eq!(err.alert(), Some(AlertDescription::ProtocolVersion));
}

/// An established TLS 1.2 pair and its session keys, rebuilt independently from the key log.
fn established_with_keys() -> (Pair, Tls12Keys) {
    let (mut pair, log) = forge::tls12_pair(|_| {});
    let flight = server_flight(&mut pair);
    deliver(&mut pair.client, &flight).expect("server flight");
    pair.handshake();
    assert!(log.lines()[0].starts_with("CLIENT_RANDOM "));
    let keys = Tls12Keys::new(&log, &flight[0]);
    (pair, keys)
}

#[test]
fn recorded_application_data_decrypts_with_the_logged_master_secret() {
    let (mut pair, keys) = established_with_keys();
    pair.server.write(b"hello over TLS 1.2").expect("write");
    let record = pair.server.take_tls();
    // The server's Finished used sequence number 0; this is record 1.
    let message = keys.open(false, 1, &record);
    assert_eq!(
        message,
        Message::ApplicationData(bytes::Bytes::from_static(b"hello over TLS 1.2"))
    );
}

#[test]
fn hello_request_is_answered_with_a_no_renegotiation_warning() {
    let (mut pair, keys) = established_with_keys();
    let hello_request = keys.seal(false, 1, ContentType::Handshake, &[0, 0, 0, 0]);
    pair.client.read_tls(&hello_request).expect("ignored");
    assert_eq!(pair.client.status(), Status::Established);
    let answer = pair.client.take_tls();
    // The client's Finished used sequence number 0.
    match keys.open(true, 1, &answer) {
        Message::Alert(alert) => {
            assert_eq!(alert.level, AlertLevel::Warning);
            assert_eq!(alert.description, AlertDescription::NoRenegotiation);
        }
        other => panic!("expected an alert, got {other:?}"),
    }
    // The server takes the warning and the connection goes on. (Only client-to-server data
    // can follow here: the forged record used the server's sequence number 1.)
    pair.server.read_tls(&answer).expect("warning");
    assert_eq!(pair.server.status(), Status::Established);
    pair.client.write(b"still here").expect("write");
    let data = pair.client.take_tls();
    pair.server.read_tls(&data).expect("data");
    assert_eq!(drain(&mut pair.server), b"still here");
}

#[test]
fn renegotiation_requests_of_a_peer_that_never_reads_leave_one_warning_queued() {
    let (mut pair, keys) = established_with_keys();
    let mut seq = 1;
    // A HelloRequest, then a byte of data (which starts the count of requests over), 500
    // times; the client's output is never sent.
    for i in 0..500u32 {
        let hello_request = keys.seal(false, seq, ContentType::Handshake, &[0, 0, 0, 0]);
        let data = keys.seal(false, seq + 1, ContentType::ApplicationData, &[i as u8]);
        seq += 2;
        pair.client.read_tls(&hello_request).expect("ignored");
        pair.client.read_tls(&data).expect("data");
        assert_eq!(drain(&mut pair.client), [i as u8]);
    }
    let queued = pair.client.take_tls();
    assert!(
        matches!(keys.open(true, 1, &queued), Message::Alert(_)),
        "one no_renegotiation warning"
    );
    assert_eq!(split_records(&queued).len(), 1, "and nothing more");
    // Sent, the next request gets its own answer.
    let hello_request = keys.seal(false, seq, ContentType::Handshake, &[0, 0, 0, 0]);
    pair.client.read_tls(&hello_request).expect("ignored");
    assert_eq!(split_records(&pair.client.take_tls()).len(), 1);
}

#[test]
fn client_hello_on_an_established_connection_is_refused_with_a_warning() {
    let (mut pair, keys) = established_with_keys();
    // A new ClientHello, as a renegotiating client would send it under the session keys.
    let mut other =
        Connection::client(Arc::new(tls12_client_config()), name("localhost")).expect("client");
    let hello_record = other.take_tls();
    assert_eq!(
        handshake_type(&hello_record),
        Some(HandshakeType::ClientHello.to_u8())
    );
    let forged = keys.seal(true, 1, ContentType::Handshake, &hello_record[5..]);
    pair.server.read_tls(&forged).expect("ignored");
    assert_eq!(pair.server.status(), Status::Established);
    match keys.open(false, 1, &pair.server.take_tls()) {
        Message::Alert(alert) => {
            assert_eq!(alert.level, AlertLevel::Warning);
            assert_eq!(alert.description, AlertDescription::NoRenegotiation);
        }
        other => panic!("expected an alert, got {other:?}"),
    }
}

#[test]
fn a_flood_of_hello_requests_gets_one_warning_then_fails() {
    let (mut pair, keys) = established_with_keys();
    // 20 HelloRequests in one record: one warning, no amplification.
    let twenty = [0u8, 0, 0, 0].repeat(20);
    let forged = keys.seal(false, 1, ContentType::Handshake, &twenty);
    pair.client.read_tls(&forged).expect("within the limit");
    assert_eq!(pair.client.status(), Status::Established);
    let answer = pair.client.take_tls();
    assert!(
        matches!(keys.open(true, 1, &answer), Message::Alert(a) if a.description == AlertDescription::NoRenegotiation)
    );
    // Header, explicit GCM nonce, the alert, the tag: exactly one record.
    assert_eq!(answer.len(), 5 + 8 + 2 + 16, "exactly one alert record");
    // Another 20 without application data in between pass the limit of 32 in a row.
    let forged = keys.seal(false, 2, ContentType::Handshake, &twenty);
    let err = pair.client.read_tls(&forged).expect_err("flood");
    assert_eq!(err.alert(), Some(AlertDescription::UnexpectedMessage));
}

#[test]
fn warning_alerts_are_limited_in_a_row_not_in_total() {
    let (mut pair, keys) = established_with_keys();
    let mut seq = 1;
    // unrecognized_name (112) as a warning, then application data: twelve times.
    for _ in 0..12 {
        let warning = keys.seal(false, seq, ContentType::Alert, &[1, 112]);
        let data = keys.seal(false, seq + 1, ContentType::ApplicationData, b"ok");
        seq += 2;
        pair.client.read_tls(&warning).expect("a warning");
        pair.client.read_tls(&data).expect("data");
    }
    assert_eq!(drain(&mut pair.client), b"ok".repeat(12));
    // Warnings count with the other records without data: one more than the budget in a row
    // is refused.
    let budget = stratls_handshake::Limits::default().max_records_without_data;
    for _ in 0..budget {
        pair.client
            .read_tls(&keys.seal(false, seq, ContentType::Alert, &[1, 112]))
            .expect("within the budget");
        seq += 1;
    }
    let last = pair
        .client
        .read_tls(&keys.seal(false, seq, ContentType::Alert, &[1, 112]));
    assert_eq!(
        last.expect_err("too many").alert(),
        Some(AlertDescription::UnexpectedMessage)
    );
}
