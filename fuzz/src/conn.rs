//! The connection targets: a client or a server [`Connection`] fed what a hostile peer sends.

use std::sync::OnceLock;

use stratls_codec::AlertDescription;
use stratls_handshake::{Connection, Error, Side, Status};
use stratls_test_support::records;

use crate::input::Input;
use crate::peers::{
    Scenario, TLS12_SCENARIOS, TLS13_SCENARIOS, configs, reset_randomness, server_name,
};
use crate::script::{self, Peer};
use crate::seed::converse;

/// A server fed a script of what a hostile client sends, under the TLS 1.3 (and
/// both-versions) scenarios.
///
/// Input: a scenario byte (its high bit plays the scenario's recorded first client flight
/// before the rest, so that mutations reach the states after it), a delivery-size byte, then
/// a [script](crate::script): raw bytes, plaintext records, and records sealed with the
/// client's handshake or application keys as the server itself derived them, so that mutated
/// Certificate, CertificateVerify, Finished and KeyUpdate messages arrive in records that open.
/// Invariants: see [`drive`].
pub fn server(data: &[u8]) {
    run_server(TLS13_SCENARIOS, data);
}

/// [`server`] under the TLS 1.2 scenarios (the sealed part is the client's Finished and what
/// follows it).
pub fn server_tls12(data: &[u8]) {
    run_server(TLS12_SCENARIOS, data);
}

/// A client fed a script of what a hostile server sends after the ClientHello, under the
/// TLS 1.3 (and both-versions) scenarios.
///
/// Input as for [`server`]; sealed records use the server's handshake and application keys
/// as the client derived them, so that mutated EncryptedExtensions, Certificate,
/// CertificateRequest, CertificateVerify, Finished, NewSessionTicket and KeyUpdate messages
/// reach the client inside records that open. Invariants: see [`drive`].
pub fn client(data: &[u8]) {
    run_client(TLS13_SCENARIOS, data);
}

/// [`client`] under the TLS 1.2 scenarios (the sealed part is the server's Finished and what
/// follows it).
pub fn client_tls12(data: &[u8]) {
    run_client(TLS12_SCENARIOS, data);
}

/// Runs a server of one of `scenarios` on `data`; returns where it ended, and its error.
pub fn run_server(scenarios: &'static [Scenario], data: &[u8]) -> (Status, Option<Error>) {
    let (index, prefix, chunk, rest) = split(data, scenarios.len());
    let config = configs(scenarios).servers[index].clone();
    let first_flight = prefix.then(|| first_flights(scenarios)[index].client.as_slice());
    reset_randomness();
    script::reset();
    let mut conn = Connection::server(config).expect("server starts");
    play(&mut conn, Side::Client, first_flight, rest, chunk);
    (conn.status(), conn.error().cloned())
}

/// Runs a client of one of `scenarios` on `data`; returns where it ended, and its error.
pub fn run_client(scenarios: &'static [Scenario], data: &[u8]) -> (Status, Option<Error>) {
    let (index, prefix, chunk, rest) = split(data, scenarios.len());
    let config = configs(scenarios).clients[index].clone();
    let first_flight = prefix.then(|| first_flights(scenarios)[index].server.as_slice());
    reset_randomness();
    script::reset();
    let mut conn = Connection::client(config, server_name()).expect("client starts");
    conn.take_tls();
    play(&mut conn, Side::Server, first_flight, rest, chunk);
    (conn.status(), conn.error().cloned())
}

/// Plays the scripts `first` (if any) and `rest` as the peer `writes_as` against `conn`,
/// delivering each operation's bytes before the next is written (so that each record is sealed
/// with the keys the connection has by then), until the script ends or `conn` fails.
fn play(conn: &mut Connection, writes_as: Side, first: Option<&[u8]>, rest: &[u8], chunk: usize) {
    let mut peer = Peer::new(writes_as);
    for script in first.into_iter().chain([rest]) {
        let mut input = Input::new(script);
        while let Some(op) = input.byte() {
            let kind = op & 3;
            if op == script::OP_FINISHED || op == script::OP_CERTIFICATE_VERIFY {
                let bytes = if op == script::OP_FINISHED {
                    peer.finished()
                } else {
                    peer.certificate_verify()
                };
                if drive(conn, &bytes, chunk).is_err() {
                    return;
                }
                continue;
            }
            if kind == script::OP_EPOCH {
                peer.set_epoch(op >> 2);
                continue;
            }
            let len = usize::from(input.u16());
            let operand = input.bytes(len);
            let content_type = script::TYPES[usize::from(op >> 2 & 3)];
            let bytes = match kind {
                script::OP_RAW => operand.to_vec(),
                script::OP_PLAIN => records::record(content_type, operand),
                _ => peer.sealed(content_type, operand, usize::from(op >> 4)),
            };
            // The error was checked inside; the caller wants the status.
            if drive(conn, &bytes, chunk).is_err() {
                return;
            }
        }
    }
}

/// Scenario index, whether to play the recorded first flight, delivery size, and the script.
fn split(data: &[u8], scenarios: usize) -> (usize, bool, usize, &[u8]) {
    let mut input = Input::new(data);
    let selector = input.byte().unwrap_or_default();
    let index = usize::from(selector & 0x7f) % scenarios;
    let chunk = input.chunk_size();
    (index, selector & 0x80 != 0, chunk, input.rest())
}

/// The script of the first flight each side sent in the recorded conversation of a scenario.
#[derive(Debug)]
struct FirstFlights {
    client: Vec<u8>,
    server: Vec<u8>,
}

fn first_flights(scenarios: &'static [Scenario]) -> &'static [FirstFlights] {
    static TLS13: OnceLock<Vec<FirstFlights>> = OnceLock::new();
    static TLS12: OnceLock<Vec<FirstFlights>> = OnceLock::new();
    let cell = if std::ptr::eq(scenarios, TLS12_SCENARIOS) {
        &TLS12
    } else {
        &TLS13
    };
    cell.get_or_init(|| {
        scenarios
            .iter()
            .map(|s| {
                let conversation = converse(s);
                let first = |flights: &[Vec<u8>]| flights.first().cloned().unwrap_or_default();
                FirstFlights {
                    client: first(&conversation.client_scripts),
                    server: first(&conversation.server_scripts),
                }
            })
            .collect()
    })
}

/// Feeds `stream` to `conn` in pieces of at most `chunk` bytes, reading the plaintext away,
/// answering with a little data once established, and discarding what it sends.
///
/// Invariants checked: no panic; `read_tls` never claims more bytes than it was given and
/// always takes some unless the peer has closed; an error names the alert this side sends
/// (and the alert is queued), or is the peer's own alert or close; no peer input causes
/// `internal_error`; after an error the connection is `Failed` and every later call returns
/// the same error.
pub fn drive(conn: &mut Connection, stream: &[u8], chunk: usize) -> Result<(), Error> {
    let mut rest = stream;
    let mut wrote = false;
    let mut plaintext = vec![0u8; 4096];
    while !rest.is_empty() {
        let piece = rest.get(..chunk.min(rest.len())).unwrap_or_default();
        let taken = match conn.read_tls(piece) {
            Ok(n) => n,
            Err(e) => {
                check_error(conn, &e);
                return Err(e);
            }
        };
        assert!(taken <= piece.len(), "read_tls took more than it was given");
        assert!(conn.error().is_none() && conn.status() != Status::Failed);
        while let Ok(stratls_handshake::Read::Data(_)) = conn.read(&mut plaintext) {}
        if taken == 0 {
            assert_eq!(
                conn.status(),
                Status::PeerClosed,
                "read_tls made no progress"
            );
            return Ok(());
        }
        rest = rest.get(taken..).unwrap_or_default();
        if !wrote && conn.status() == Status::Established {
            wrote = true;
            if let Err(e) = conn.write(b"fuzz") {
                check_error(conn, &e);
                return Err(e);
            }
        }
        conn.take_tls();
    }
    Ok(())
}

fn check_error(conn: &mut Connection, e: &Error) {
    assert!(
        e.alert().is_some() || matches!(e, Error::AlertReceived(_) | Error::ClosedDuringHandshake),
        "error without an alert: {e:?}"
    );
    assert_ne!(
        e.alert(),
        Some(AlertDescription::InternalError),
        "peer bytes caused a local error: {e:?}"
    );
    if e.alert().is_some() {
        assert!(conn.wants_write(), "no alert queued for {e:?}");
    }
    assert_eq!(conn.status(), Status::Failed);
    assert_eq!(conn.error(), Some(e));
    let again = Err(e.clone());
    assert_eq!(conn.read_tls(&[21, 3, 3, 0, 2, 1, 0]), again);
    assert_eq!(conn.read_tls(&[]), again);
    assert_eq!(conn.write(b"after the error"), again);
}
