//! What a hostile peer cannot make an established TLS 1.3 connection do: queue output without
//! bound, take records that carry no data forever, or derive a key for every ticket. The
//! peer's records are forged under the connection's real keys (`forge`).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use stratls_codec::AlertDescription;
use stratls_handshake::{Error, Limits, Side, Status, StoredTicket, TicketStore};
use stratls_test_support::forge::Forger;
use stratls_test_support::records::{APPLICATION_DATA, split};
use stratls_test_support::*;

const WARNING: u8 = 1;
const USER_CANCELED: u8 = 90;

/// A pair established over TLS 1.3 and a forger writing as the client to the server. The
/// client sends no compatibility change_cipher_spec, which would count as the first record
/// without data.
fn hostile_client() -> (Pair, Forger) {
    let mut client = client_config();
    client.middlebox_compat = false;
    let (pair, keys) = forge::established(client, server_config("server-ecdsa"));
    (pair, keys.forger(Side::Client))
}

#[test]
fn key_update_requests_of_a_peer_that_never_reads_leave_one_reply_queued() {
    let (mut pair, mut forger) = hostile_client();
    let mut longest = 0;
    for i in 0..2_000u32 {
        let ku = forger.key_update(true);
        pair.server.read_tls(&ku).expect("a KeyUpdate");
        // One byte of data between requests restarts the count of KeyUpdates in a row.
        let data = forger.application_data(&[i as u8]);
        pair.server.read_tls(&data).expect("data");
        assert_eq!(drain(&mut pair.server), [i as u8]);
        longest = longest.max(pair.server.pending_tls().len());
    }
    let queued = pair.server.pending_tls();
    assert_eq!(
        split(queued).len(),
        1,
        "one KeyUpdate answers every request"
    );
    assert!(longest <= 64, "the output never held more: {longest} bytes");

    // Once the answer is sent, the next request gets an answer of its own; data written after
    // a request follows the answer.
    let sent = pair.server.take_tls();
    assert_eq!(split(&sent).len(), 1);
    pair.server
        .read_tls(&forger.key_update(true))
        .expect("a KeyUpdate");
    pair.server.write(b"after").expect("write");
    let records = split(pair.server.pending_tls()).len();
    assert_eq!(records, 2, "the answer, then the data");
}

#[test]
fn queued_output_stays_under_the_limit_when_the_peer_never_reads() {
    let (mut pair, mut forger) = hostile_client();
    let limit = Limits::default().max_pending_tls;
    let data = vec![0x55; 4096];
    while pair.server.write(&data).expect("write") > 0 {}
    assert!(pair.server.pending_tls().len() <= limit);
    for i in 0..500u32 {
        pair.server
            .read_tls(&forger.key_update(true))
            .expect("a KeyUpdate");
        pair.server
            .read_tls(&forger.application_data(&[i as u8]))
            .expect("data");
        drain(&mut pair.server);
        assert_eq!(pair.server.write(&data).expect("write"), 0, "still full");
        let queued = pair.server.pending_tls().len();
        assert!(
            queued <= limit,
            "{queued} bytes queued, over the {limit}-byte limit"
        );
    }
    assert_eq!(pair.server.status(), Status::Established);
}

#[test]
fn user_canceled_warnings_count_against_the_records_without_data() {
    let budget = Limits::default().max_records_without_data;
    let (mut pair, mut forger) = hostile_client();
    for _ in 0..budget {
        let alert = forger.alert(WARNING, USER_CANCELED);
        pair.server.read_tls(&alert).expect("tolerated");
    }
    let err = pair
        .server
        .read_tls(&forger.alert(WARNING, USER_CANCELED))
        .expect_err("one too many");
    assert_eq!(
        err.alert(),
        Some(AlertDescription::UnexpectedMessage),
        "{err}"
    );
}

#[test]
fn empty_records_alternating_with_user_canceled_are_cut_off() {
    let budget = Limits::default().max_records_without_data;
    let (mut pair, mut forger) = hostile_client();
    let mut taken = 0;
    let err = loop {
        let record = if taken % 2 == 0 {
            forger.application_data(&[])
        } else {
            forger.alert(WARNING, USER_CANCELED)
        };
        match pair.server.read_tls(&record) {
            Ok(_) => taken += 1,
            Err(e) => break e,
        }
        assert!(taken <= budget, "{taken} records without data taken");
    };
    assert_eq!(taken, budget);
    assert!(matches!(err, Error::Record(_)), "{err:?}");
    assert_eq!(err.alert(), Some(AlertDescription::UnexpectedMessage));

    // Data in between starts the count over.
    let (mut pair, mut forger) = hostile_client();
    for i in 0..(4 * budget) {
        let record = match i % 3 {
            0 => forger.application_data(&[]),
            1 => forger.alert(WARNING, USER_CANCELED),
            _ => forger.application_data(b"d"),
        };
        pair.server.read_tls(&record).expect("data in between");
        drain(&mut pair.server);
    }
}

#[test]
fn padding_only_records_count_as_records_without_data() {
    let budget = Limits::default().max_records_without_data;
    let (mut pair, forger) = hostile_client();
    let mut forger = forger.with_padding(1000);
    for _ in 0..budget {
        pair.server
            .read_tls(&forger.record(APPLICATION_DATA, &[]))
            .expect("tolerated");
    }
    let err = pair
        .server
        .read_tls(&forger.record(APPLICATION_DATA, &[]))
        .expect_err("one too many");
    assert_eq!(err.alert(), Some(AlertDescription::UnexpectedMessage));
}

/// Counts the tickets a client hands to its store.
#[derive(Debug, Default)]
struct CountingStore(AtomicUsize);

impl TicketStore for CountingStore {
    fn put(&self, _ticket: StoredTicket) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }

    fn take(&self, _server_name: &str) -> Option<StoredTicket> {
        None
    }
}

/// A NewSessionTicket message (RFC 8446 §4.6.1) with a 32-byte ticket.
fn new_session_ticket(nonce: u8) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(&7200u32.to_be_bytes());
    body.extend_from_slice(&0x0102_0304u32.to_be_bytes());
    body.extend_from_slice(&[1, nonce]);
    body.extend_from_slice(&32u16.to_be_bytes());
    body.extend_from_slice(&[0xaa; 32]);
    body.extend_from_slice(&0u16.to_be_bytes());
    let len = u32::try_from(body.len()).expect("length").to_be_bytes();
    let mut message = vec![4, len[1], len[2], len[3]];
    message.extend_from_slice(&body);
    message
}

#[test]
fn a_client_keeps_only_the_first_tickets_of_a_connection() {
    let cap = Limits::default().max_tickets;
    assert!(cap > 0);
    let store = Arc::new(CountingStore::default());
    let mut client = client_config();
    client.ticket_store = store.clone();
    // The forged tickets are the only ones: the server sends none of its own.
    let mut server_cfg = server_config("server-ecdsa");
    server_cfg.tickets = 0;
    let (mut pair, keys) = forge::established(client, server_cfg);
    let mut server = keys.forger(Side::Server);
    for i in 0..(10 * cap) {
        let ticket = server.handshake(&new_session_ticket(i as u8));
        pair.client
            .read_tls(&ticket)
            .expect("a ticket is never an error");
    }
    assert_eq!(store.0.load(Ordering::Relaxed), cap, "only the first {cap}");
    assert_eq!(pair.client.status(), Status::Established);
    let data = server.application_data(b"still talking");
    pair.client.read_tls(&data).expect("data");
    assert_eq!(drain(&mut pair.client), b"still talking");
}
