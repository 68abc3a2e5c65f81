//! RFC 8448 §4, "Resumed 0-RTT Handshake", against the real server: the RFC's ClientHello
//! record, byte for byte (it offers what stratls never sends: ffdhe groups, record_size_limit,
//! padding), is fed to `Connection::server` with the RFC's server random and x25519 key, 0-RTT
//! on (`max_early_data_size` 1,024, the RFC ticket's), a fixed clock, and a single-use
//! ticketer that opens the RFC's §3 ticket into the §3 session.
//!
//! What matches the RFC: the binder (accepted), the ServerHello record byte for byte, and
//! every secret that does not hang on the transcript past the ServerHello: the PSK, early
//! secret, binder key, client early traffic secret, early exporter master secret and early
//! keys, the ECDHE shared secret, handshake secret, both handshake traffic secrets (and so
//! the handshake keys: the RFC's client Finished record opens under the server's key) and the
//! master secret. The RFC's 0-RTT record is accepted and read as early data, the RFC's
//! plaintext ("ABCDEF"); the RFC's EndOfEarlyData record, byte for byte, is read under the
//! early key and switches the server to the handshake key.
//!
//! What cannot match, each asserted in a test of its own (`differences`):
//! - EncryptedExtensions holds server_name and early_data, in the RFC's relative order:
//!   stratls sends no supported_groups (a server MAY, RFC 8446 §4.2.7) and does not implement
//!   record_size_limit (RFC 8449). The transcript differs from here on, and with it both
//!   Finished messages, the application traffic secrets, the exporter and resumption master
//!   secrets and every later protected record. Each of them is checked to be the RFC's
//!   derivation over stratls's own transcript, from the RFC's handshake or master secret; the
//!   RFC's own client Finished is `decrypt_error` here, since it covers the RFC's
//!   EncryptedExtensions.
//! - EncryptedExtensions and Finished go in one record each; the RFC's server puts both in
//!   one record.
//!
//! The test's client therefore answers with [`client_flight`] (`client.rs`) over stratls's
//! transcript: the RFC's EndOfEarlyData record, then a Finished over ClientHello...
//! EndOfEarlyData. The server takes it, is established and resumed, and issues tickets whose
//! PSKs come from its resumption master secret. With 0-RTT off the same hello resumes, the
//! 0-RTT record is skipped by trial decryption (RFC 8446 §4.2.10) and no EndOfEarlyData is
//! expected.

mod client;
mod differences;
mod server;
mod vectors;

use stratls_codec::handshake::NewSessionTicket;
use stratls_codec::{AlertDescription, CipherSuite, HandshakeMessage, NamedGroup, ParseContext};
use stratls_crypto::{HashOutput, Secret, Shared, Tls13CipherSuite};
use stratls_handshake::{Direction, KeyPhase, SecretKind, Side, Status};
use stratls_keyschedule::tls13::{EarlySecret, PskKind, TrafficSecret, derive_secret};
use stratls_record::Message;

use self::client::{
    EndOfEarlyData, client_early_traffic_secret, client_flight, handshake_bytes, open_records,
};
use self::server::{
    answered, answered_by, now, resumption_psk, rfc_session, rfc_ticket, server, server_messages,
    server_with_early_data,
};
use self::vectors::*;

/// The RFC's suite.
const SUITE: CipherSuite = CipherSuite::TLS13_AES_128_GCM_SHA256;

fn suite() -> Shared<Tls13CipherSuite> {
    stratls_rustcrypto::PROVIDER
        .tls13_suite(SUITE)
        .cloned()
        .expect("the default provider has TLS_AES_128_GCM_SHA256")
}

fn sha256(data: &[u8]) -> HashOutput {
    suite().hash.hash(data)
}

/// `Derive-Secret(secret, label, transcript_hash)` of the RFC's suite.
fn derive(secret: &str, label: &[u8], transcript_hash: &[u8]) -> Vec<u8> {
    derive_secret(&*suite().hkdf, &h(secret), label, transcript_hash)
        .expect("derive")
        .as_bytes()
        .to_vec()
}

fn traffic(secret: &[u8]) -> TrafficSecret {
    TrafficSecret::new(suite(), Secret::from_slice(secret)).expect("a traffic secret")
}

/// The ClientHello handshake message (the record without its 5-byte header).
fn client_hello() -> Vec<u8> {
    h(CLIENT_HELLO_RECORD)[5..].to_vec()
}

#[test]
fn the_rfc_s_ticket_is_the_section_3_session() {
    let nst = rfc_ticket();
    assert_eq!(nst.ticket_nonce, h(S3_TICKET_NONCE));
    assert_eq!(
        resumption_psk(&h(S3_RESUMPTION_MASTER_SECRET), &nst.ticket_nonce),
        h(PSK),
        "§4's PSK is §3's resumption PSK"
    );
    let (message, _) = HandshakeMessage::parse_framed(&client_hello(), ParseContext::Tls13)
        .expect("the RFC's ClientHello parses");
    let HandshakeMessage::ClientHello(hello) = message else {
        panic!("not a ClientHello");
    };
    let offer = hello.pre_shared_key().expect("a PSK offer");
    assert_eq!(offer.identities.len(), 1);
    assert_eq!(offer.identities[0].identity, nst.ticket, "the §3 ticket");
    let age = offer.identities[0]
        .obfuscated_ticket_age
        .wrapping_sub(nst.ticket_age_add);
    assert_eq!(age, 6, "the client reports an age of 6 ms");
    assert!(u64::from(age) < u64::from(nst.ticket_lifetime) * 1000);
    let session = rfc_session();
    assert!(
        session.is_valid_at(now()),
        "the session is valid at the server's time"
    );
    assert_eq!(session.max_early_data, 1024);
}

/// RFC 8448 §4's early secrets and 0-RTT record, from its ClientHello alone: independent of
/// the server.
#[test]
fn early_secrets_and_the_0rtt_record_are_the_rfc_s() {
    let early = EarlySecret::new(suite(), Some(&Secret::new(h(PSK)))).expect("early secret");
    assert_eq!(early.as_secret().as_bytes(), h(EARLY_SECRET));
    assert_eq!(
        derive(EARLY_SECRET, b"res binder", sha256(b"").as_bytes()),
        h(BINDER_KEY)
    );
    assert_eq!(
        client_hello()[..h(CLIENT_HELLO_PREFIX).len()],
        h(CLIENT_HELLO_PREFIX)
    );
    let binder_hash = sha256(&h(CLIENT_HELLO_PREFIX));
    assert_eq!(binder_hash.as_bytes(), h(BINDER_HASH));
    let binder = early
        .binder_key(PskKind::Resumption)
        .expect("binder key")
        .binder(&binder_hash)
        .expect("binder");
    assert_eq!(binder.as_bytes(), h(PSK_BINDER));
    assert!(client_hello().ends_with(&h(PSK_BINDER)), "the binder sent");

    let hello_hash = sha256(&client_hello());
    assert_eq!(hello_hash.as_bytes(), h(CLIENT_HELLO_HASH));
    let c_e = early
        .client_early_traffic_secret(&hello_hash)
        .expect("c e traffic");
    assert_eq!(c_e.as_secret().as_bytes(), h(CLIENT_EARLY_TRAFFIC_SECRET));
    let e_exp = early
        .early_exporter_master_secret(&hello_hash)
        .expect("e exp master");
    assert_eq!(
        e_exp.as_secret().as_bytes(),
        h(EARLY_EXPORTER_MASTER_SECRET)
    );
    let keys = c_e.keys().expect("early keys");
    assert_eq!(keys.key().as_bytes(), h(CLIENT_EARLY_KEY));
    assert_eq!(keys.iv().as_bytes()[..], h(CLIENT_EARLY_IV));

    let opened = open_records(&c_e, 0, &h(EARLY_DATA_RECORD));
    assert_eq!(opened.len(), 1);
    match &opened[0] {
        Message::ApplicationData(data) => assert_eq!(data[..], h(EARLY_DATA)[..], "ABCDEF"),
        other => panic!("not application data: {other:?}"),
    }
    let opened = open_records(&c_e, 1, &h(END_OF_EARLY_DATA_RECORD));
    assert_eq!(opened.len(), 1);
    assert_eq!(handshake_bytes(&opened[0]), h(END_OF_EARLY_DATA));
}

/// [`client_flight`] over the RFC's own transcript and secrets gives the RFC's EndOfEarlyData
/// and client Finished records byte for byte: the flight the test sends is built the RFC's
/// way, over whatever transcript the server made.
#[test]
fn the_client_flight_builder_gives_the_rfc_s_records() {
    let rfc_server_hello = h(SERVER_HELLO_RECORD)[5..].to_vec();
    let transcript = [
        client_hello(),
        rfc_server_hello,
        h(ENCRYPTED_EXTENSIONS),
        h(SERVER_FINISHED),
    ]
    .concat();
    let flight = client_flight(
        &transcript,
        &client_early_traffic_secret(),
        &traffic(&h(CLIENT_HANDSHAKE_TRAFFIC_SECRET)),
        EndOfEarlyData::Sent,
    );
    assert_eq!(
        flight,
        [h(END_OF_EARLY_DATA_RECORD), h(CLIENT_FINISHED_RECORD)].concat()
    );
    let finished = open_records(
        &traffic(&h(CLIENT_HANDSHAKE_TRAFFIC_SECRET)),
        0,
        &h(CLIENT_FINISHED_RECORD),
    );
    assert_eq!(handshake_bytes(&finished[0]), h(CLIENT_FINISHED));
}

/// The server takes the RFC's ticket (the binder verifies), answers with the RFC's
/// ServerHello fields and no certificate, and derives the RFC's early, handshake and master
/// secrets from the RFC's PSK and ECDHE shares.
#[test]
fn the_server_resumes_the_rfc_s_session() {
    let answered = answered();
    let server = &answered.server;
    assert!(server.conn.is_handshaking());
    assert_eq!(
        answered.server_hello_record,
        h(SERVER_HELLO_RECORD),
        "the RFC's ServerHello record, byte for byte"
    );
    let public = h(SERVER_X25519_PUBLIC_KEY);
    assert!(
        answered
            .server_hello_record
            .windows(32)
            .any(|w| w == public),
        "the key share of the RFC's x25519 key"
    );
    assert_eq!(
        sha256(&[client_hello(), h(SERVER_HELLO_RECORD)[5..].to_vec()].concat()).as_bytes(),
        h(SERVER_HELLO_HASH)
    );
    let [sh, ee, fin] = server_messages(server);
    assert_eq!(sh, answered.server_hello_record[5..]);
    assert_eq!(ee[0], 8, "EncryptedExtensions");
    assert_eq!(
        fin[0], 20,
        "Finished follows: no Certificate, no CertificateVerify"
    );
    assert_eq!(server.messages(Direction::Sent).len(), 3);
    assert_eq!(
        server.messages(Direction::Received),
        vec![client_hello()],
        "the ClientHello, byte for byte"
    );
    for (kind, rfc) in [
        (SecretKind::SharedSecret, ECDHE_SHARED_SECRET),
        (SecretKind::EarlySecret, EARLY_SECRET),
        (SecretKind::HandshakeSecret, HANDSHAKE_SECRET),
        (SecretKind::MasterSecret, MASTER_SECRET),
    ] {
        assert_eq!(server.secret(kind).0, h(rfc), "{kind:?}");
    }

    // EncryptedExtensions and Finished, each in a record of its own (the RFC's server puts
    // both in one: `differences`), under the server handshake key from sequence number 0.
    assert_eq!(answered.flight.len(), 2);
    let server_hs = traffic(&server.traffic_secret(Side::Server, KeyPhase::Handshake).0);
    let opened = open_records(&server_hs, 0, &answered.flight.concat());
    let opened: Vec<Vec<u8>> = opened.iter().map(handshake_bytes).collect();
    assert_eq!(opened, vec![ee.clone(), fin.clone()]);
    let verify_data = server_hs
        .finished_verify_data(&sha256(&[client_hello(), sh, ee].concat()))
        .expect("finished");
    assert_eq!(fin[4..], *verify_data.as_bytes());
}

/// Both handshake traffic secrets are the RFC's (the ServerHello is), and so the handshake
/// keys: the RFC's client Finished record opens under the server's client handshake key, and
/// is refused with decrypt_error because it covers the RFC's EncryptedExtensions, not the
/// server's.
#[test]
fn the_handshake_traffic_secrets_are_the_rfc_s() {
    let mut answered = answered();
    let server = &mut answered.server;
    for (writer, rfc) in [
        (Side::Client, CLIENT_HANDSHAKE_TRAFFIC_SECRET),
        (Side::Server, SERVER_HANDSHAKE_TRAFFIC_SECRET),
    ] {
        let (ours, hash) = server.traffic_secret(writer, KeyPhase::Handshake);
        assert_eq!(ours, h(rfc), "{writer:?}");
        assert_eq!(
            hash.as_deref(),
            Some(&h(SERVER_HELLO_HASH)[..]),
            "{writer:?}"
        );
    }
    for record in [EARLY_DATA_RECORD, END_OF_EARLY_DATA_RECORD] {
        let record = h(record);
        assert_eq!(
            server.conn.read_tls(&record).expect("skipped"),
            record.len()
        );
    }
    let err = server
        .conn
        .read_tls(&h(CLIENT_FINISHED_RECORD))
        .expect_err("the RFC's Finished covers the RFC's EncryptedExtensions");
    assert!(
        matches!(err, stratls_handshake::Error::BadFinished),
        "{err:?}"
    );
    // The server wrote its Finished: the alert goes out under its application key, the first
    // record there: decrypt_error.
    let alert = server.conn.take_tls();
    let server_ap = traffic(&server.traffic_secret(Side::Server, KeyPhase::Application).0);
    let opened = open_records(&server_ap, 0, &alert);
    match opened.as_slice() {
        [Message::Alert(a)] => assert_eq!(a.description, AlertDescription::DecryptError),
        other => panic!("not one alert: {other:?}"),
    }
}

/// 0-RTT accepted: the RFC's 0-RTT record opens under the client early traffic key and is
/// read as early data, the RFC's plaintext; EndOfEarlyData, byte for byte the RFC's record,
/// switches the server to the client handshake key; a Finished over the server's transcript
/// (with EndOfEarlyData) completes the resumed handshake; the tickets then issued carry PSKs
/// of the resumption master secret derived from the RFC's master secret.
#[test]
fn early_data_is_accepted_and_the_resumed_handshake_completes() {
    let mut answered = answered();
    let server = &mut answered.server;
    let record = h(EARLY_DATA_RECORD);
    assert_eq!(
        server.conn.read_tls(&record).expect("the 0-RTT record"),
        record.len()
    );
    assert!(server.conn.is_handshaking());
    assert!(server.conn.take_tls().is_empty(), "nothing sent");
    assert_eq!(
        server.conn.early_data_received(),
        h(EARLY_DATA).len() as u64
    );
    let mut buf = [0u8; 64];
    let n = server.conn.read_early_data(&mut buf);
    assert_eq!(buf[..n], h(EARLY_DATA), "the RFC's early data");
    assert_eq!(&buf[..n], b"ABCDEF");
    assert_eq!(server.conn.read_early_data(&mut buf), 0, "and nothing more");
    assert_eq!(
        server.messages(Direction::Received).len(),
        1,
        "the ClientHello alone"
    );

    let [sh, ee, fin] = server_messages(server);
    let transcript = [client_hello(), sh, ee, fin].concat();
    let client_hs = traffic(&server.traffic_secret(Side::Client, KeyPhase::Handshake).0);
    let flight = client_flight(
        &transcript,
        &client_early_traffic_secret(),
        &client_hs,
        EndOfEarlyData::Sent,
    );
    assert!(
        flight.starts_with(&h(END_OF_EARLY_DATA_RECORD)),
        "the RFC's EndOfEarlyData record"
    );
    assert_eq!(
        server
            .conn
            .read_tls(&flight)
            .expect("EndOfEarlyData and the Finished"),
        flight.len()
    );
    let transcript = [transcript, h(END_OF_EARLY_DATA)].concat();
    assert_eq!(server.conn.status(), Status::Established);
    let n = server.conn.negotiated().expect("established");
    assert!(n.resumed, "a resumption");
    assert_eq!(n.cipher_suite, Some(SUITE));
    assert_eq!(n.group, Some(NamedGroup::X25519));
    assert_eq!(n.server_name.as_deref(), Some("server"));
    assert!(n.peer_certificates.is_empty(), "the §3 client sent none");

    // The resumption master secret over ClientHello...client Finished, from the RFC's master
    // secret; each ticket's PSK comes from it with the ticket's nonce.
    let received = server.messages(Direction::Received);
    assert_eq!(received.len(), 3, "ClientHello, EndOfEarlyData, Finished");
    assert_eq!(received[1], h(END_OF_EARLY_DATA));
    let full = [transcript, received[2].clone()].concat();
    let resumption = derive(MASTER_SECRET, b"res master", sha256(&full).as_bytes());
    let tickets: Vec<NewSessionTicket> = server
        .messages(Direction::Sent)
        .iter()
        .skip(3)
        .map(
            |m| match HandshakeMessage::parse_framed(m, ParseContext::Tls13).expect("a ticket") {
                (HandshakeMessage::NewSessionTicket(nst), _) => nst,
                (other, _) => panic!("not a NewSessionTicket: {other:?}"),
            },
        )
        .collect();
    assert_eq!(
        tickets.len(),
        3,
        "two tickets and one more after a resumption"
    );
    let sealed = server.ticketer.sealed();
    assert_eq!(sealed.len(), 3);
    for (i, (nst, state)) in tickets.iter().zip(&sealed).enumerate() {
        assert_eq!(nst.ticket, format!("ticket {}", i + 1).into_bytes());
        assert_eq!(
            state.secret.as_bytes(),
            resumption_psk(&resumption, &nst.ticket_nonce),
            "ticket {i}"
        );
        assert_eq!(state.server_name.as_deref(), Some("server"));
        assert_eq!(state.age_add, nst.ticket_age_add);
    }
    differences::resumption_master_secret_differs(&resumption);
}

/// A server with 0-RTT off resumes the RFC's session and skips its 0-RTT record by trial
/// decryption (RFC 8446 §4.2.10); the client, told by EncryptedExtensions without early_data,
/// sends no EndOfEarlyData, and its Finished completes the handshake.
#[test]
fn a_server_with_0rtt_off_skips_the_rfc_s_early_data() {
    let mut answered = answered_by(server_with_early_data(0));
    let server = &mut answered.server;
    let [sh, ee, fin] = server_messages(server);
    assert_eq!(
        ee,
        h("08000006000400000000"),
        "server_name alone: 0-RTT declined"
    );
    let record = h(EARLY_DATA_RECORD);
    assert_eq!(
        server.conn.read_tls(&record).expect("skipped"),
        record.len()
    );
    assert_eq!(server.conn.early_data_received(), 0);
    let mut buf = [0u8; 16];
    assert_eq!(server.conn.read_early_data(&mut buf), 0);
    let transcript = [client_hello(), sh, ee, fin].concat();
    let client_hs = traffic(&server.traffic_secret(Side::Client, KeyPhase::Handshake).0);
    let flight = client_flight(
        &transcript,
        &client_early_traffic_secret(),
        &client_hs,
        EndOfEarlyData::NotSent,
    );
    assert_eq!(
        server.conn.read_tls(&flight).expect("the Finished"),
        flight.len()
    );
    assert_eq!(server.conn.status(), Status::Established);
    let n = server.conn.negotiated().expect("established");
    assert!(n.resumed);
    assert_eq!(n.early_data, stratls_handshake::EarlyData::Rejected);
    assert!(
        matches!(
            server.conn.read(&mut buf),
            Ok(stratls_handshake::Read::WouldBlock)
        ),
        "no data: the early data was skipped, not delivered"
    );
}

/// A changed binder is refused with decrypt_error, before anything else is sent.
#[test]
fn a_changed_binder_is_refused_with_decrypt_error() {
    let mut server = server();
    let mut hello = h(CLIENT_HELLO_RECORD);
    let last = hello.len() - 1;
    hello[last] ^= 1;
    let err = server.conn.read_tls(&hello).expect_err("a bad binder");
    assert!(
        matches!(err, stratls_handshake::Error::BadBinder),
        "{err:?}"
    );
    assert_eq!(
        server.conn.take_tls(),
        [21, 3, 3, 0, 2, 2, 51],
        "a fatal decrypt_error alert"
    );
}
