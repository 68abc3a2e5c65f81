//! Two sans-IO connections driven against each other over two in-memory buffers: what any
//! transport does with a `Connection` (feed it what arrived, send what it queued), with a
//! `Vec<u8>` for each direction in place of a socket.

use stratls::handshake::Read;
use stratls::{Connection, Error};

/// The most rounds [`Link::pump`] runs. Each round delivers what both sides have queued; a
/// TLS 1.3 handshake settles in three, a TLS 1.2 one in four, and a receiver that stops
/// taking bytes (its plaintext not read) never does.
pub const MAX_ROUNDS: usize = 16;

/// The two directions of a link, as bytes in flight.
#[derive(Debug, Default)]
pub struct Link {
    /// Sent by the client, not yet read by the server.
    pub to_server: Vec<u8>,
    /// Sent by the server, not yet read by the client.
    pub to_client: Vec<u8>,
}

impl Link {
    /// Moves bytes both ways until neither side has anything to send; returns the rounds that
    /// moved bytes, or the error of the first side that failed. A side that fails queues its
    /// alert; the alert is on the wire ([`Link::to_server`] or [`Link::to_client`]) when the
    /// error is returned, for the caller to deliver to the other side.
    pub fn pump(
        &mut self,
        client: &mut Connection,
        server: &mut Connection,
    ) -> Result<usize, Error> {
        for round in 0..MAX_ROUNDS {
            send(client, &mut self.to_server);
            send(server, &mut self.to_client);
            if self.to_server.is_empty() && self.to_client.is_empty() {
                return Ok(round);
            }
            let server_got = receive(server, &mut self.to_server);
            let client_got = receive(client, &mut self.to_client);
            if server_got.is_err() || client_got.is_err() {
                // The failed side's alert goes on the wire before its error is returned.
                send(client, &mut self.to_server);
                send(server, &mut self.to_client);
                return server_got.and(client_got).map(|()| round);
            }
        }
        Err(Error::Api("the connections did not settle"))
    }
}

/// Appends what `conn` has queued to `wire` and marks it sent; returns how many bytes.
fn send(conn: &mut Connection, wire: &mut Vec<u8>) -> usize {
    let out = conn.pending_tls();
    let n = out.len();
    wire.extend_from_slice(out);
    conn.consume_tls(n);
    n
}

/// Feeds `wire` to `conn`, keeping what it did not take (it takes less when its plaintext
/// buffer is full: read the plaintext, then pump again).
fn receive(conn: &mut Connection, wire: &mut Vec<u8>) -> Result<(), Error> {
    if wire.is_empty() {
        return Ok(());
    }
    let taken = conn.read_tls(wire)?;
    wire.drain(..taken);
    Ok(())
}

/// Everything `conn` has received and not yet read, and whether the peer has closed.
pub fn read_all(conn: &mut Connection) -> Result<(Vec<u8>, bool), Error> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match conn.read(&mut buf)? {
            Read::Data(n) => out.extend_from_slice(&buf[..n]),
            Read::WouldBlock => return Ok((out, false)),
            Read::Closed => return Ok((out, true)),
        }
    }
}
