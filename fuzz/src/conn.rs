//! The connection targets: a client or a server [`Connection`] fed what a hostile peer sends.

use std::sync::OnceLock;

use stratls_codec::AlertDescription;
use stratls_handshake::{Connection, Error, Status};

use crate::input::Input;
use crate::peers::{
    Scenario, TLS12_SCENARIOS, TLS13_SCENARIOS, configs, reset_randomness, server_name,
};
use crate::seed::converse;

/// A server fed arbitrary client bytes, under the TLS 1.3 (and both-versions) scenarios.
///
/// Input: a scenario byte (its high bit puts the scenario's real ClientHello in front of the
/// rest, so that mutations reach the states after it), a delivery-size byte, then the bytes
/// the client sends. Invariants: see [`drive`].
pub fn server(data: &[u8]) {
    run_server(TLS13_SCENARIOS, data);
}

/// [`server`] under the TLS 1.2 scenarios.
pub fn server_tls12(data: &[u8]) {
    run_server(TLS12_SCENARIOS, data);
}

/// A client fed arbitrary server bytes after its ClientHello, under the TLS 1.3 (and
/// both-versions) scenarios.
///
/// Input: a scenario byte (its high bit puts the real server's first flight in front of the
/// rest), a delivery-size byte, then the bytes the server sends. Invariants: see [`drive`].
pub fn client(data: &[u8]) {
    run_client(TLS13_SCENARIOS, data);
}

/// [`client`] under the TLS 1.2 scenarios.
pub fn client_tls12(data: &[u8]) {
    run_client(TLS12_SCENARIOS, data);
}

/// Runs a server of one of `scenarios` on `data`; returns where it ended.
pub fn run_server(scenarios: &'static [Scenario], data: &[u8]) -> Status {
    let (index, prefix, chunk, rest) = split(data, scenarios.len());
    let config = configs(scenarios).servers[index].clone();
    let first_flight = prefix.then(|| &first_flights(scenarios)[index].client);
    reset_randomness();
    let mut conn = Connection::server(config).expect("server starts");
    if let Some(flight) = first_flight
        && drive(&mut conn, flight, usize::MAX).is_err()
    {
        return conn.status();
    }
    // The status is what the caller wants; the error was checked inside.
    let _ = drive(&mut conn, rest, chunk);
    conn.status()
}

/// Runs a client of one of `scenarios` on `data`; returns where it ended.
pub fn run_client(scenarios: &'static [Scenario], data: &[u8]) -> Status {
    let (index, prefix, chunk, rest) = split(data, scenarios.len());
    let config = configs(scenarios).clients[index].clone();
    let first_flight = prefix.then(|| &first_flights(scenarios)[index].server);
    reset_randomness();
    let mut conn = Connection::client(config, server_name()).expect("client starts");
    conn.take_tls();
    if let Some(flight) = first_flight
        && drive(&mut conn, flight, usize::MAX).is_err()
    {
        return conn.status();
    }
    let _ = drive(&mut conn, rest, chunk);
    conn.status()
}

/// Scenario index, whether to prepend the real first flight, delivery size, and the stream.
fn split(data: &[u8], scenarios: usize) -> (usize, bool, usize, &[u8]) {
    let mut input = Input::new(data);
    let selector = input.byte().unwrap_or_default();
    let index = usize::from(selector & 0x7f) % scenarios;
    let chunk = input.chunk_size();
    (index, selector & 0x80 != 0, chunk, input.rest())
}

/// The first flight each side sent in the real conversation of a scenario.
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
                    client: first(&conversation.client_flights),
                    server: first(&conversation.server_flights),
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
