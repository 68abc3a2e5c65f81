//! TLS 1.3 0-RTT in memory: early data accepted and delivered as early, every reason a server
//! declines it (the handshake then goes on), the limits, EndOfEarlyData out of place; psk_ke
//! resumption; the resumed session's ALPN protocol.

use std::sync::Arc;
use std::time::Duration;

use stratls_codec::{AlertDescription, ContentType, NamedGroup, PskKeyExchangeMode};
use stratls_handshake::resumption::{MemoryAntiReplay, SessionCache};
use stratls_handshake::{
    ClientConfig, Connection, EarlyData, Error, MemoryTicketStore, Misbehaviour, Read,
    ServerConfig, ServerName, Side, TicketStore,
};
use stratls_keyschedule::keylog::{CLIENT_EARLY_TRAFFIC_SECRET, KeyLogEntry, MemoryKeyLog};
use stratls_keyschedule::tls13::TrafficSecret;
use stratls_test_support::*;

use super::{connect, later, tls13_client};

const REQUEST: &[u8] = b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";

/// A server that takes up to 1,000 bytes of early data, with an anti-replay store.
fn early_server() -> ServerConfig {
    let mut s = server_config("server-ecdsa");
    s.max_early_data_size = 1000;
    s.anti_replay = Some(Arc::new(MemoryAntiReplay::new(Duration::from_secs(10), 64)));
    s
}

fn early_client(store: &Arc<MemoryTicketStore>) -> ClientConfig {
    let mut c = tls13_client(store);
    c.enable_early_data = true;
    c
}

fn client_conn(config: &ClientConfig) -> Connection {
    Connection::client(
        Arc::new(config.clone()),
        ServerName::try_from("localhost").expect("a name"),
    )
    .expect("the client starts")
}

fn server_conn(config: &ServerConfig) -> Connection {
    Connection::server(Arc::new(config.clone())).expect("the server starts")
}

/// A second connection whose client writes `early` as 0-RTT data first; returns the pair
/// after the handshake and what the write took.
fn resume_with_early(client: &ClientConfig, server: &ServerConfig, early: &[u8]) -> (Pair, usize) {
    let mut c = client_conn(client);
    let taken = c
        .write_early_data_replayable(early)
        .expect("early data offered");
    let mut pair = Pair::from_connections(c, server_conn(server));
    pair.handshake();
    (pair, taken)
}

fn early_of(pair: &mut Pair) -> Vec<u8> {
    let mut buf = [0u8; 4096];
    let n = pair.server.read_early_data(&mut buf);
    buf[..n].to_vec()
}

fn outcome(pair: &Pair) -> (EarlyData, EarlyData) {
    (
        pair.client.negotiated().unwrap().early_data,
        pair.server.negotiated().unwrap().early_data,
    )
}

#[test]
fn early_data_is_accepted_delivered_and_marked_early() {
    let store = Arc::new(MemoryTicketStore::new(8));
    let client = early_client(&store);
    let server = early_server();
    connect(&client, &server);
    assert_eq!(store.len(), 2);
    let mut c = client_conn(&client);
    assert_eq!(
        c.write_early_data_replayable(REQUEST).unwrap(),
        REQUEST.len()
    );
    assert_eq!(
        c.write(b"after").unwrap(),
        5,
        "1-RTT, held until established"
    );
    let mut pair = Pair::from_connections(c, server_conn(&server));
    pair.handshake();
    assert_eq!(outcome(&pair), (EarlyData::Accepted, EarlyData::Accepted));
    assert!(pair.client.negotiated().unwrap().resumed);
    assert_eq!(pair.server.early_data_received(), REQUEST.len() as u64);
    assert_eq!(early_of(&mut pair), REQUEST);
    assert_eq!(early_of(&mut pair), b"", "the early data is read once");
    assert_eq!(drain(&mut pair.server), b"after", "then the 1-RTT data");
    pair.exchange_data(3000);
    assert!(!store.is_empty(), "new tickets after the resumption");
}

#[test]
fn read_hands_out_early_data_first() {
    let store = Arc::new(MemoryTicketStore::new(8));
    let client = early_client(&store);
    let server = early_server();
    connect(&client, &server);
    let mut c = client_conn(&client);
    c.write_early_data_replayable(b"early ").unwrap();
    c.write(b"late").unwrap();
    let mut pair = Pair::from_connections(c, server_conn(&server));
    pair.handshake();
    let mut buf = [0u8; 3];
    assert_eq!(pair.server.read(&mut buf).unwrap(), Read::Data(3));
    assert_eq!(&buf, b"ear");
    assert_eq!(
        early_of(&mut pair),
        b"ly ",
        "what is left of the early data"
    );
    assert_eq!(drain(&mut pair.server), b"late");
}

#[test]
fn a_ticket_without_early_data_offers_none() {
    let store = Arc::new(MemoryTicketStore::new(8));
    let client = early_client(&store);
    let server = server_config("server-ecdsa");
    connect(&client, &server);
    assert_eq!(store.take("localhost").unwrap().max_early_data, None);
    let mut c = client_conn(&client);
    assert!(matches!(
        c.write_early_data_replayable(REQUEST),
        Err(Error::Api(_))
    ));
    // The connection goes on: a resumption without 0-RTT.
    let mut pair = Pair::from_connections(c, server_conn(&server));
    pair.handshake();
    assert_eq!(
        outcome(&pair),
        (EarlyData::NotOffered, EarlyData::NotOffered)
    );
}

#[test]
fn a_stateless_ticketer_without_anti_replay_issues_no_early_data() {
    let store = Arc::new(MemoryTicketStore::new(8));
    let client = early_client(&store);
    let mut server = early_server();
    server.anti_replay = None;
    connect(&client, &server);
    assert_eq!(store.take("localhost").unwrap().max_early_data, None);
    // A single-use ticket cache is a record of its own.
    server.ticketer = Some(Arc::new(SessionCache::new(&provider(), 16)));
    connect(&client, &server);
    let (mut pair, _) = resume_with_early(&client, &server, REQUEST);
    assert_eq!(outcome(&pair), (EarlyData::Accepted, EarlyData::Accepted));
    assert_eq!(early_of(&mut pair), REQUEST);
}

/// Declined early data: the handshake completes as a resumption, nothing early is delivered,
/// both sides say rejected.
fn assert_rejected(client: &ClientConfig, server: &ServerConfig) {
    let (mut pair, taken) = resume_with_early(client, server, REQUEST);
    assert_eq!(taken, REQUEST.len());
    assert_eq!(outcome(&pair), (EarlyData::Rejected, EarlyData::Rejected));
    assert_eq!(pair.server.early_data_received(), 0);
    assert_eq!(early_of(&mut pair), b"");
    assert_eq!(drain(&mut pair.server), b"", "not resent by itself");
    pair.exchange_data(100);
}

#[test]
fn a_server_that_turned_0rtt_off_rejects_it_and_resumes() {
    let store = Arc::new(MemoryTicketStore::new(8));
    let client = early_client(&store);
    let server = early_server();
    connect(&client, &server);
    let mut off = server.clone();
    off.max_early_data_size = 0;
    assert_rejected(&client, &off);
}

#[test]
fn a_hello_retry_rejects_early_data() {
    let store = Arc::new(MemoryTicketStore::new(8));
    let mut client = early_client(&store);
    client.shared.groups = vec![NamedGroup::Secp256r1, NamedGroup::X25519];
    let server = early_server();
    connect(&client, &server);
    let mut retry = server.clone();
    retry.shared.groups = vec![NamedGroup::X25519];
    let (mut pair, _) = resume_with_early(&client, &retry, REQUEST);
    assert!(pair.client.negotiated().unwrap().hello_retry);
    assert!(pair.server.negotiated().unwrap().resumed);
    assert_eq!(outcome(&pair), (EarlyData::Rejected, EarlyData::Rejected));
    assert_eq!(early_of(&mut pair), b"");
    pair.exchange_data(100);
}

#[test]
fn another_alpn_protocol_than_the_tickets_rejects_early_data() {
    let store = Arc::new(MemoryTicketStore::new(8));
    let mut client = early_client(&store);
    client.shared.alpn = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let mut server = early_server();
    server.shared.alpn = vec![b"h2".to_vec()];
    connect(&client, &server);
    let mut other = server.clone();
    other.shared.alpn = vec![b"http/1.1".to_vec()];
    assert_rejected(&client, &other);
}

#[test]
fn a_ticket_age_outside_the_window_rejects_early_data() {
    let store = Arc::new(MemoryTicketStore::new(8));
    let client = early_client(&store);
    let server = early_server();
    connect(&client, &server);
    let mut skewed = server.clone();
    skewed.shared.time = later(30);
    assert_rejected(&client, &skewed);
    // Within the window it is taken.
    connect(&client, &server);
    let mut near = server.clone();
    near.shared.time = later(5);
    let (pair, _) = resume_with_early(&client, &near, REQUEST);
    assert_eq!(outcome(&pair), (EarlyData::Accepted, EarlyData::Accepted));
}

#[test]
fn a_replayed_client_hello_is_rejected_by_the_shared_store_and_still_completes() {
    let store = Arc::new(MemoryTicketStore::new(8));
    let client = early_client(&store);
    let server = early_server();
    connect(&client, &server);
    let mut c = client_conn(&client);
    c.write_early_data_replayable(REQUEST).unwrap();
    let flight = c.take_tls();
    // The first server takes the early data.
    let mut first = server_conn(&server);
    first.read_tls(&flight).expect("first use");
    let mut buf = [0u8; 4096];
    let n = first.read_early_data(&mut buf);
    assert_eq!(&buf[..n], REQUEST);
    // The same bytes to another server sharing the store: declined, skipped, and its
    // handshake completes with the client.
    let mut second = server_conn(&server);
    second.read_tls(&flight).expect("the replay is read");
    assert_eq!(second.early_data_received(), 0);
    let mut pair = Pair::from_connections(c, second);
    pair.handshake();
    assert_eq!(outcome(&pair), (EarlyData::Rejected, EarlyData::Rejected));
    assert_eq!(early_of(&mut pair), b"");
}

#[test]
fn the_client_gets_a_short_count_past_the_tickets_limit() {
    let store = Arc::new(MemoryTicketStore::new(8));
    let client = early_client(&store);
    let server = early_server();
    connect(&client, &server);
    let mut c = client_conn(&client);
    let big = vec![7u8; 1500];
    assert_eq!(c.write_early_data_replayable(&big).unwrap(), 1000);
    assert_eq!(c.write_early_data_replayable(&big).unwrap(), 0);
    let mut pair = Pair::from_connections(c, server_conn(&server));
    pair.handshake();
    assert_eq!(pair.server.early_data_received(), 1000);
    // Once the server has answered, nothing more is taken.
    assert_eq!(pair.client.write_early_data_replayable(b"x").unwrap(), 0);
}

#[test]
fn more_early_data_than_accepted_is_unexpected_message() {
    let store = Arc::new(MemoryTicketStore::new(8));
    let client = early_client(&store);
    let server = early_server();
    connect(&client, &server);
    // The same ticket keys and store, now taking 10 bytes: the ticket's 1,000 are too many.
    let mut small = server.clone();
    small.max_early_data_size = 10;
    let mut c = client_conn(&client);
    c.write_early_data_replayable(&[1u8; 11]).unwrap();
    let mut pair = Pair::from_connections(c, server_conn(&small));
    let failure = pair.pump().expect_err("too much early data");
    let e = failure.error(Side::Server).expect("the server failed");
    assert_eq!(e, &Error::PeerMisbehaved(Misbehaviour::TooMuchEarlyData));
    assert_eq!(e.alert(), Some(AlertDescription::UnexpectedMessage));
}

/// The client's early traffic secret from its key log.
fn early_secret(log: &MemoryKeyLog) -> TrafficSecret {
    let secret = log
        .lines()
        .iter()
        .find_map(|line| {
            let entry = KeyLogEntry::parse(line).expect("a key-log line");
            (entry.label == CLIENT_EARLY_TRAFFIC_SECRET).then_some(entry.secret)
        })
        .expect("the early secret is logged");
    TrafficSecret::new(&stratls_rustcrypto::TLS13_AES_128_GCM_SHA256, secret).unwrap()
}

/// A handshake record of `message` under `secret` at sequence number `seq`.
fn sealed_handshake(secret: &TrafficSecret, seq: u64, message: &[u8]) -> Vec<u8> {
    let mut inner = message.to_vec();
    inner.push(u8::from(ContentType::Handshake));
    stratls_test_support::forge::seal(secret, seq, &inner)
}

#[test]
fn a_finished_where_end_of_early_data_belongs_is_unexpected_message() {
    let store = Arc::new(MemoryTicketStore::new(8));
    let log = Arc::new(MemoryKeyLog::new());
    let mut client = early_client(&store);
    client.shared.cipher_suites = vec![stratls_codec::CipherSuite::TLS13_AES_128_GCM_SHA256];
    let server = early_server();
    connect(&client, &server);
    client.shared.key_log = Some(log.clone());
    let mut c = client_conn(&client);
    c.write_early_data_replayable(REQUEST).unwrap();
    let mut s = server_conn(&server);
    s.read_tls(&c.take_tls()).expect("the hello and early data");
    assert_eq!(s.early_data_received(), REQUEST.len() as u64);
    // Under the early key, after the one data record: a Finished instead of EndOfEarlyData.
    let finished = [20u8, 0, 0, 32]
        .iter()
        .copied()
        .chain([0u8; 32])
        .collect::<Vec<_>>();
    let record = sealed_handshake(&early_secret(&log), 1, &finished);
    let e = s.read_tls(&record).expect_err("refused");
    assert!(matches!(e, Error::UnexpectedMessage { .. }), "{e:?}");
    assert_eq!(e.alert(), Some(AlertDescription::UnexpectedMessage));
}

#[test]
fn end_of_early_data_where_none_was_accepted_is_unexpected_message() {
    let store = Arc::new(MemoryTicketStore::new(8));
    let log = Arc::new(MemoryKeyLog::new());
    let mut client = early_client(&store);
    client.shared.cipher_suites = vec![stratls_codec::CipherSuite::TLS13_AES_128_GCM_SHA256];
    let server = early_server();
    connect(&client, &server);
    client.shared.key_log = Some(log.clone());
    let mut off = server.clone();
    off.max_early_data_size = 0;
    let mut c = client_conn(&client);
    c.write_early_data_replayable(REQUEST).unwrap();
    let mut s = server_conn(&off);
    s.read_tls(&c.take_tls())
        .expect("the hello; early data skipped");
    c.read_tls(&s.take_tls()).expect("the server's flight");
    assert_eq!(c.negotiated().unwrap().early_data, EarlyData::Rejected);
    // The client's handshake key, first record: EndOfEarlyData instead of its Finished.
    let hs = log
        .lines()
        .iter()
        .find_map(|line| {
            let entry = KeyLogEntry::parse(line).expect("a key-log line");
            (entry.label == "CLIENT_HANDSHAKE_TRAFFIC_SECRET").then_some(entry.secret)
        })
        .expect("the handshake secret is logged");
    let hs = TrafficSecret::new(&stratls_rustcrypto::TLS13_AES_128_GCM_SHA256, hs).unwrap();
    let e = s
        .read_tls(&sealed_handshake(&hs, 0, &[5, 0, 0, 0]))
        .expect_err("refused");
    assert!(matches!(e, Error::UnexpectedMessage { .. }), "{e:?}");
    assert_eq!(e.alert(), Some(AlertDescription::UnexpectedMessage));
}

#[test]
fn psk_ke_resumes_without_key_exchange_where_both_sides_allow_it() {
    let store = Arc::new(MemoryTicketStore::new(8));
    let mut client = tls13_client(&store);
    client.psk_key_exchange_modes = vec![PskKeyExchangeMode::PskKe];
    let mut server = server_config("server-ecdsa");
    server.accept_psk_ke = true;
    connect(&client, &server);
    let mut pair = Pair::new(client.clone(), server.clone());
    pair.handshake();
    for side in [&pair.client, &pair.server] {
        let n = side.negotiated().unwrap();
        assert!(n.resumed && n.psk_ke, "{n:?}");
        assert_eq!(n.group, None, "no (EC)DHE");
    }
    pair.exchange_data(500);
    // A server that keeps to psk_dhe_ke makes a full handshake instead.
    let mut dhe_only = server.clone();
    dhe_only.accept_psk_ke = false;
    let mut pair = Pair::new(client.clone(), dhe_only);
    pair.handshake();
    let n = pair.server.negotiated().unwrap();
    assert!(!n.resumed && !n.psk_ke && n.group.is_some());
    // A client that prefers psk_dhe_ke gets it from a server that allows both.
    let mut both = client;
    both.psk_key_exchange_modes = vec![PskKeyExchangeMode::PskDheKe, PskKeyExchangeMode::PskKe];
    connect(&both, &server);
    let mut pair = Pair::new(both, server);
    pair.handshake();
    let n = pair.client.negotiated().unwrap();
    assert!(n.resumed && !n.psk_ke && n.group.is_some());
}

#[test]
fn psk_ke_carries_early_data_too() {
    let store = Arc::new(MemoryTicketStore::new(8));
    let mut client = early_client(&store);
    client.psk_key_exchange_modes = vec![PskKeyExchangeMode::PskKe];
    let mut server = early_server();
    server.accept_psk_ke = true;
    connect(&client, &server);
    let (mut pair, _) = resume_with_early(&client, &server, REQUEST);
    assert!(pair.server.negotiated().unwrap().psk_ke);
    assert_eq!(outcome(&pair), (EarlyData::Accepted, EarlyData::Accepted));
    assert_eq!(early_of(&mut pair), REQUEST);
}

#[test]
fn a_resumed_session_keeps_its_alpn_protocol_when_offered() {
    let store = Arc::new(MemoryTicketStore::new(8));
    let mut client = tls13_client(&store);
    client.shared.alpn = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let mut server = server_config("server-ecdsa");
    server.shared.alpn = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    connect(&client, &server);
    // The server now prefers http/1.1, but the session was h2.
    let mut reordered = server.clone();
    reordered.shared.alpn = vec![b"http/1.1".to_vec(), b"h2".to_vec()];
    let mut pair = Pair::new(client.clone(), reordered.clone());
    pair.handshake();
    let c = pair.client.negotiated().unwrap();
    assert!(c.resumed);
    assert_eq!(c.alpn.as_deref(), Some(&b"h2"[..]));
    assert_eq!(
        pair.server.negotiated().unwrap().alpn.as_deref(),
        Some(&b"h2"[..])
    );
    // A client that no longer offers h2 gets the server's choice afresh.
    let mut http1 = client;
    http1.shared.alpn = vec![b"http/1.1".to_vec()];
    let mut pair = Pair::new(http1, reordered);
    pair.handshake();
    let c = pair.client.negotiated().unwrap();
    assert!(c.resumed);
    assert_eq!(c.alpn.as_deref(), Some(&b"http/1.1"[..]));
}

/// The client's answer to a server flight whose EncryptedExtensions is replaced by one with
/// `extensions` (sealed again under the server's handshake key from its key log).
fn client_answer_to_extensions(
    client: &ClientConfig,
    server: &mut ServerConfig,
    extensions: Vec<stratls_codec::extensions::EncryptedExtension>,
) -> Error {
    use crate::forge::{SERVER_HS, find13, seal13};
    let log = Arc::new(MemoryKeyLog::new());
    server.shared.key_log = Some(log.clone());
    let mut c = client_conn(client);
    c.write_early_data_replayable(REQUEST).unwrap();
    let mut s = server_conn(server);
    s.read_tls(&c.take_tls()).expect("the hello");
    let mut records = split_records(&s.take_tls());
    let (i, seq) = find13(&log, SERVER_HS, &records, 8);
    let ee = stratls_codec::HandshakeMessage::EncryptedExtensions(
        stratls_codec::handshake::EncryptedExtensions { extensions },
    );
    records[i] = seal13(&log, SERVER_HS, seq, ContentType::Handshake, &ee.to_vec());
    c.read_tls(&records.concat()).expect_err("refused")
}

#[test]
fn early_data_accepted_without_our_ticket_or_with_another_alpn_is_illegal_parameter() {
    use stratls_codec::extensions::EncryptedExtension as E;
    let store = Arc::new(MemoryTicketStore::new(8));
    let mut client = early_client(&store);
    client.shared.cipher_suites = vec![stratls_codec::CipherSuite::TLS13_AES_128_GCM_SHA256];
    client.shared.alpn = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let mut server = early_server();
    server.shared.alpn = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    connect(&client, &server);
    connect(&client, &server);
    // A server that cannot open the ticket makes a full handshake: early_data cannot follow.
    let mut stranger = early_server();
    stranger.shared.alpn = server.shared.alpn.clone();
    let e = client_answer_to_extensions(
        &client,
        &mut stranger,
        vec![E::Alpn(b"h2".to_vec()), E::ServerName, E::EarlyData],
    );
    assert_eq!(
        e,
        Error::PeerMisbehaved(Misbehaviour::BadEarlyDataAcceptance)
    );
    assert_eq!(e.alert(), Some(AlertDescription::IllegalParameter));
    // The server that resumes it, accepting 0-RTT with another protocol than the ticket's.
    let e = client_answer_to_extensions(
        &client,
        &mut server,
        vec![E::Alpn(b"http/1.1".to_vec()), E::ServerName, E::EarlyData],
    );
    assert_eq!(
        e,
        Error::PeerMisbehaved(Misbehaviour::BadEarlyDataAcceptance)
    );
}
