//! A client and a server driven against each other in memory.

use std::fmt;
use std::sync::Arc;

use stratls_handshake::{ClientConfig, Connection, Error, ServerConfig, Side};

use crate::configs::name;
use crate::drive;

/// How many rounds a pump runs before it gives up. In a round each side's queued bytes cross
/// once; a handshake settles in four or five, a data exchange or a KeyUpdate in two or three.
pub const MAX_ROUNDS: usize = 100;

/// The two ends of an in-memory connection. The fields are the connections themselves: a test
/// reads their state, and can move bytes by hand where it tampers with them.
#[derive(Debug)]
pub struct Pair {
    /// The client.
    pub client: Connection,
    /// The server.
    pub server: Connection,
}

/// Why a pump stopped early: each side's error, and what each side sent once a side had failed
/// (the failing side's alert record, which was delivered to the other side). Pumps return it
/// boxed, to keep their `Result` small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The client's error, if it failed.
    pub client: Option<Error>,
    /// The server's error, if it failed.
    pub server: Option<Error>,
    /// The bytes the client sent after the failure.
    pub client_sent: Vec<u8>,
    /// The bytes the server sent after the failure.
    pub server_sent: Vec<u8>,
}

impl Failure {
    /// The error of `side`, if it failed.
    pub fn error(&self, side: Side) -> Option<&Error> {
        match side {
            Side::Client => self.client.as_ref(),
            Side::Server => self.server.as_ref(),
        }
    }

    /// What `side` sent after the failure.
    pub fn sent(&self, side: Side) -> &[u8] {
        match side {
            Side::Client => &self.client_sent,
            Side::Server => &self.server_sent,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |e: &Option<Error>| e.as_ref().map_or("-".to_string(), ToString::to_string);
        write!(
            f,
            "client: {}; server: {}",
            show(&self.client),
            show(&self.server)
        )
    }
}

impl std::error::Error for Failure {}

/// What a pump does with each flight before it is delivered: the side that sent it, and its
/// bytes, which it may change.
type Tap<'a> = &'a mut dyn FnMut(Side, &mut Vec<u8>);

impl Pair {
    /// A client of `client` connecting to "localhost" (the test certificates' name), and a
    /// server of `server`.
    pub fn new(client: ClientConfig, server: ServerConfig) -> Self {
        Self::with_name(client, server, "localhost")
    }

    /// A client of `client` connecting to `server_name`, and a server of `server`.
    pub fn with_name(client: ClientConfig, server: ServerConfig, server_name: &str) -> Self {
        Self::from_connections(
            drive::client(Arc::new(client), name(server_name)),
            drive::server(Arc::new(server)),
        )
    }

    /// Two connections already made.
    pub fn from_connections(client: Connection, server: Connection) -> Self {
        Self { client, server }
    }

    /// Moves bytes both ways, the client's first in each round, until neither side has any to
    /// send; stops at the first error.
    ///
    /// # Panics
    ///
    /// If the sides still have bytes to send after [`MAX_ROUNDS`] rounds, or if a receiver
    /// stops taking bytes because its plaintext is not read (read it with
    /// [`drain`](crate::drain) between pumps).
    pub fn pump(&mut self) -> Result<(), Box<Failure>> {
        self.run(usize::MAX, &mut None)
    }

    /// [`Pair::pump`], delivering at most `chunk` bytes at a time (1: byte by byte).
    pub fn pump_chunked(&mut self, chunk: usize) -> Result<(), Box<Failure>> {
        self.run(chunk.max(1), &mut None)
    }

    /// [`Pair::pump`], handing each flight to `tap` before it is delivered: `tap` sees every
    /// byte that crosses, in order, and may change it.
    pub fn pump_tapped(
        &mut self,
        mut tap: impl FnMut(Side, &mut Vec<u8>),
    ) -> Result<(), Box<Failure>> {
        self.run(usize::MAX, &mut Some(&mut tap))
    }

    /// Delivers what `from` has queued to the other side, once; returns how many bytes
    /// crossed.
    pub fn deliver(&mut self, from: Side) -> Result<usize, Box<Failure>> {
        self.flow(from, usize::MAX, &mut None)
    }

    /// Pumps until the handshake completes on both sides.
    ///
    /// # Panics
    ///
    /// If either side fails or is still handshaking when the pump settles.
    pub fn handshake(&mut self) {
        if let Err(failure) = self.pump() {
            panic!("the handshake failed: {failure}");
        }
        assert!(
            !drive::handshaking(&self.client),
            "client still handshaking"
        );
        assert!(
            !drive::handshaking(&self.server),
            "server still handshaking"
        );
    }

    /// Sends `len` bytes each way, one record's worth a round so that no receiver's plaintext
    /// buffer fills, and checks they arrive byte for byte and that each write takes its whole
    /// piece.
    pub fn exchange_data(&mut self, len: usize) {
        let to_server: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
        let to_client: Vec<u8> = (0..len).map(|i| (i * 13 + 1) as u8).collect();
        let (mut got_server, mut got_client) = (Vec::new(), Vec::new());
        let (mut sent_s, mut sent_c) = (0, 0);
        let rounds = len / PIECE + 2;
        for _ in 0..rounds {
            let s_end = (sent_s + PIECE).min(len);
            let c_end = (sent_c + PIECE).min(len);
            let n =
                drive::write(&mut self.client, &to_server[sent_s..s_end]).expect("client write");
            assert_eq!(
                n,
                s_end - sent_s,
                "the client's write takes the whole piece"
            );
            sent_s = s_end;
            let n =
                drive::write(&mut self.server, &to_client[sent_c..c_end]).expect("server write");
            assert_eq!(
                n,
                c_end - sent_c,
                "the server's write takes the whole piece"
            );
            sent_c = c_end;
            if let Err(failure) = self.pump() {
                panic!("data does not flow: {failure}");
            }
            got_server.extend(drive::drain(&mut self.server));
            got_client.extend(drive::drain(&mut self.client));
            if got_server.len() >= len && got_client.len() >= len {
                break;
            }
        }
        assert!(
            got_server == to_server,
            "client to server: {len} bytes intact"
        );
        assert!(
            got_client == to_client,
            "server to client: {len} bytes intact"
        );
    }

    fn run(&mut self, chunk: usize, tap: &mut Option<Tap<'_>>) -> Result<(), Box<Failure>> {
        for _ in 0..MAX_ROUNDS {
            let moved =
                self.flow(Side::Client, chunk, tap)? + self.flow(Side::Server, chunk, tap)?;
            if moved == 0 {
                return Ok(());
            }
        }
        panic!("the pair did not settle in {MAX_ROUNDS} rounds");
    }

    fn side(&mut self, side: Side) -> &mut Connection {
        match side {
            Side::Client => &mut self.client,
            Side::Server => &mut self.server,
        }
    }

    fn ends(&mut self, from: Side) -> (&mut Connection, &mut Connection) {
        match from {
            Side::Client => (&mut self.client, &mut self.server),
            Side::Server => (&mut self.server, &mut self.client),
        }
    }

    /// One flight from `from` to its peer. On the receiver's error, the rest of the flight is
    /// dropped and the receiver's alert is delivered back.
    fn flow(
        &mut self,
        from: Side,
        chunk: usize,
        tap: &mut Option<Tap<'_>>,
    ) -> Result<usize, Box<Failure>> {
        let (sender, receiver) = self.ends(from);
        let result = match tap {
            None => stream(sender, receiver, chunk),
            Some(tap) => {
                let mut flight = drive::take_outgoing(sender);
                if !flight.is_empty() {
                    tap(from, &mut flight);
                }
                feed(receiver, &flight, chunk).map(|()| flight.len())
            }
        };
        match result {
            Ok(moved) => Ok(moved),
            Err(error) => {
                let rest = drive::outgoing(sender).len();
                drive::sent(sender, rest);
                Err(Box::new(self.failure(peer(from), error, chunk, tap)))
            }
        }
    }

    /// The failure of `failed` with `error`: its alert goes to the other side, whose error (if
    /// the alert makes it fail) is kept too.
    fn failure(
        &mut self,
        failed: Side,
        error: Error,
        chunk: usize,
        tap: &mut Option<Tap<'_>>,
    ) -> Failure {
        let mut alert = drive::take_outgoing(self.side(failed));
        if let Some(tap) = tap
            && !alert.is_empty()
        {
            tap(failed, &mut alert);
        }
        let other = peer(failed);
        let other_error = feed(self.side(other), &alert, chunk).err();
        let other_sent = drive::take_outgoing(self.side(other));
        let ((client, client_sent), (server, server_sent)) = match failed {
            Side::Client => ((Some(error), alert), (other_error, other_sent)),
            Side::Server => ((other_error, other_sent), (Some(error), alert)),
        };
        Failure {
            client,
            server,
            client_sent,
            server_sent,
        }
    }
}

/// At most this many plaintext bytes each way per round of [`Pair::exchange_data`]: one
/// record, which a connection with nothing queued always takes whole.
const PIECE: usize = 16 * 1024;

fn peer(side: Side) -> Side {
    match side {
        Side::Client => Side::Server,
        Side::Server => Side::Client,
    }
}

/// Moves what `sender` has queued into `receiver`, `chunk` bytes at a time, without copying;
/// returns how many bytes crossed.
fn stream(
    sender: &mut Connection,
    receiver: &mut Connection,
    chunk: usize,
) -> Result<usize, Error> {
    let mut moved = 0;
    loop {
        let pending = drive::outgoing(sender);
        if pending.is_empty() {
            return Ok(moved);
        }
        let piece = &pending[..pending.len().min(chunk)];
        let taken = drive::incoming(receiver, piece)?;
        if taken == 0 {
            // After close_notify the receiver takes nothing more: the rest is dropped.
            full_or_closed(receiver);
            let rest = pending.len();
            drive::sent(sender, rest);
            return Ok(moved + rest);
        }
        drive::sent(sender, taken);
        moved += taken;
    }
}

/// Feeds `data` to `conn`, `chunk` bytes at a time.
fn feed(conn: &mut Connection, data: &[u8], chunk: usize) -> Result<(), Error> {
    let mut rest = data;
    while !rest.is_empty() {
        let taken = drive::incoming(conn, &rest[..rest.len().min(chunk)])?;
        if taken == 0 {
            full_or_closed(conn);
            return Ok(());
        }
        rest = &rest[taken..];
    }
    Ok(())
}

/// A receiver that takes no bytes has either seen close_notify, or holds as much plaintext as
/// it may: a misuse of the pair, which is not a result a test could mean.
fn full_or_closed(conn: &Connection) {
    assert!(
        drive::peer_closed(conn),
        "a receiver's plaintext buffer is full: drain it between pumps"
    );
}

#[cfg(test)]
mod tests {
    use stratls_handshake::{Error, Status, Versions};

    use super::*;
    use crate::configs::{client_config, server_config};
    use crate::records::{ALERT, plaintext_alert, split};

    #[test]
    fn a_handshake_completes_whole_and_byte_by_byte() {
        for chunk in [usize::MAX, 1, 7] {
            let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
            pair.pump_chunked(chunk).expect("handshake");
            assert_eq!(pair.client.status(), Status::Established, "{chunk}");
            assert_eq!(pair.server.status(), Status::Established, "{chunk}");
            pair.exchange_data(70_000);
        }
    }

    #[test]
    fn a_failure_names_each_side_and_the_alert_that_went_out() {
        let mut client = client_config();
        client.shared.versions = Versions::TLS13_ONLY;
        let mut server = server_config("server-ecdsa");
        server.shared.versions = Versions::TLS12_ONLY;
        let mut pair = Pair::new(client, server);
        let f = pair.pump().expect_err("no common version");
        assert!(
            matches!(f.server, Some(Error::PeerIncompatible(_))),
            "{f:?}"
        );
        assert!(matches!(f.client, Some(Error::AlertReceived(_))), "{f:?}");
        // protocol_version(70), fatal, in the clear.
        assert_eq!(plaintext_alert(f.sent(Side::Server)), Some((2, 70)));
        assert!(f.sent(Side::Client).is_empty(), "{f:?}");
        assert_eq!(f.error(Side::Server), f.server.as_ref());
        assert_eq!(pair.client.status(), Status::Failed);
        assert!(f.to_string().contains("client: "), "{f}");
    }

    #[test]
    fn the_tap_sees_every_flight_in_order_and_can_change_it() {
        let mut flights = Vec::new();
        let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
        pair.pump_tapped(|from, bytes| flights.push((from, bytes.clone())))
            .expect("handshake");
        assert!(!pair.client.is_handshaking() && !pair.server.is_handshaking());
        assert_eq!(flights[0].0, Side::Client, "ClientHello first");
        assert_eq!(flights[1].0, Side::Server);
        assert!(flights.len() >= 3, "{}", flights.len());

        // A changed ClientHello fails the handshake; the server's alert passes the tap too.
        let mut seen = Vec::new();
        let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
        let f = pair
            .pump_tapped(|from, bytes| {
                if seen.is_empty() {
                    bytes[5] ^= 0xff; // the handshake type: no longer a ClientHello
                }
                seen.push((from, bytes.clone()));
            })
            .expect_err("tampered");
        assert!(f.server.is_some(), "{f:?}");
        let (from, last) = seen.last().expect("flights");
        assert_eq!(*from, Side::Server);
        assert_eq!(split(last)[0].content_type(), ALERT);
        assert_eq!(last, &f.server_sent);
    }

    #[test]
    fn deliver_moves_one_direction_once() {
        let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
        pair.handshake();
        pair.client.write(b"one way").expect("write");
        pair.server.write(b"other way").expect("write");
        assert!(pair.deliver(Side::Client).expect("deliver") > 0);
        assert_eq!(drive::drain(&mut pair.server), b"one way");
        assert_eq!(drive::drain(&mut pair.client), b"", "not delivered yet");
        assert_eq!(pair.deliver(Side::Client).expect("nothing"), 0);
        pair.pump().expect("the rest");
        assert_eq!(drive::drain(&mut pair.client), b"other way");
    }

    #[test]
    fn bytes_after_close_notify_are_dropped_not_a_failure() {
        let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
        pair.handshake();
        pair.client.close();
        pair.pump().expect("close");
        assert_eq!(pair.server.status(), Status::PeerClosed);
        pair.client.write(b"x").expect_err("closed for writing");
        pair.server.write(b"still allowed").expect("write");
        pair.pump().expect("data after the peer's close");
        assert_eq!(drive::drain(&mut pair.client), b"still allowed");
    }
}
