//! The scripted client's records: its second flight, built the RFC's way over any
//! transcript, and the opening of protected records under a traffic secret.

use stratls_crypto::Secret;
use stratls_keyschedule::tls13::{EarlySecret, TrafficSecret};
use stratls_record::{Message, RecordProtection, RecordReader};
use stratls_test_support::forge::seal;

use super::vectors::*;
use super::{client_hello, sha256, suite};

/// The handshake content type, the last byte of a TLSInnerPlaintext that carries handshake
/// messages.
const HANDSHAKE: u8 = 22;

/// Whether the client sends EndOfEarlyData: only when the server accepted early data
/// (RFC 8446 §4.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndOfEarlyData {
    Sent,
    NotSent,
}

/// The client's second flight: with [`EndOfEarlyData::Sent`], EndOfEarlyData as the second
/// record under `early` (its first carried the 0-RTT data); then its Finished over
/// `transcript` (ClientHello...server Finished, and EndOfEarlyData when sent), under
/// `client_handshake`, at sequence number 0.
pub fn client_flight(
    transcript: &[u8],
    early: &TrafficSecret,
    client_handshake: &TrafficSecret,
    end_of_early_data: EndOfEarlyData,
) -> Vec<u8> {
    let mut out = Vec::new();
    let mut transcript = transcript.to_vec();
    if end_of_early_data == EndOfEarlyData::Sent {
        let eoed = h(END_OF_EARLY_DATA);
        out.extend(seal(early, 1, &[&eoed[..], &[HANDSHAKE]].concat()));
        transcript.extend_from_slice(&eoed);
    }
    let verify_data = client_handshake
        .finished_verify_data(&sha256(&transcript))
        .expect("finished");
    let mut finished = vec![20, 0, 0, 32];
    finished.extend_from_slice(verify_data.as_bytes());
    out.extend(seal(
        client_handshake,
        0,
        &[&finished[..], &[HANDSHAKE]].concat(),
    ));
    out
}

/// The client early traffic secret, from the RFC's PSK and ClientHello.
pub fn client_early_traffic_secret() -> TrafficSecret {
    EarlySecret::new(suite(), Some(&Secret::new(h(PSK))))
        .expect("early secret")
        .client_early_traffic_secret(&sha256(&client_hello()))
        .expect("c e traffic")
}

/// Every message of `records`, opened under `secret` from sequence number `seq`.
pub fn open_records(secret: &TrafficSecret, seq: u64, records: &[u8]) -> Vec<Message> {
    let keys = secret.keys().expect("keys");
    let protection = RecordProtection::tls13(keys.aead().clone(), keys.key(), keys.iv())
        .expect("protection")
        .with_sequence_number(seq);
    let mut reader = RecordReader::new();
    reader.set_protection(Some(protection)).expect("protection");
    reader.set_application_data(true);
    assert_eq!(reader.feed(records), records.len());
    let mut messages = Vec::new();
    // Each message takes at least one record of at least 22 bytes.
    for _ in 0..=records.len() / 22 {
        match reader.next_message().expect("the records open") {
            Some(m) => messages.push(m),
            None => break,
        }
    }
    messages
}

pub fn handshake_bytes(m: &Message) -> Vec<u8> {
    match m {
        Message::Handshake(raw) => raw.encoded().to_vec(),
        other => panic!("not a handshake message: {other:?}"),
    }
}
