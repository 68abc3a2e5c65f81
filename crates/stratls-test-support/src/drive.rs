//! Every call this crate makes to drive a [`Connection`]: starting one, moving TLS bytes in and
//! out, plaintext in and out. The rest of the crate goes through these functions, so that a
//! change of the connection's driving API is an edit of this file alone.

use std::sync::Arc;

use stratls_handshake::{ClientConfig, Connection, Error, Read, ServerConfig, ServerName, Status};

/// A client connection to `name`.
pub(crate) fn client(config: Arc<ClientConfig>, name: ServerName<'static>) -> Connection {
    Connection::client(config, name).expect("the client starts")
}

/// A server connection.
pub(crate) fn server(config: Arc<ServerConfig>) -> Connection {
    Connection::server(config).expect("the server starts")
}

/// The TLS bytes `conn` has queued for its peer.
pub(crate) fn outgoing(conn: &Connection) -> &[u8] {
    conn.pending_tls()
}

/// Marks `n` bytes of [`outgoing`] as sent.
pub(crate) fn sent(conn: &mut Connection, n: usize) {
    conn.consume_tls(n);
}

/// Takes every TLS byte `conn` has queued.
pub(crate) fn take_outgoing(conn: &mut Connection) -> Vec<u8> {
    conn.take_tls()
}

/// Hands TLS bytes from the peer to `conn`; returns how many it took.
pub(crate) fn incoming(conn: &mut Connection, tls: &[u8]) -> Result<usize, Error> {
    conn.read_tls(tls)
}

/// Whether `conn` has received the peer's close_notify (it then takes no more bytes).
pub(crate) fn peer_closed(conn: &Connection) -> bool {
    conn.status() == Status::PeerClosed
}

/// Whether `conn`'s handshake is still running.
pub(crate) fn handshaking(conn: &Connection) -> bool {
    conn.is_handshaking()
}

/// Queues plaintext on `conn`; returns how many bytes it took.
pub(crate) fn write(conn: &mut Connection, data: &[u8]) -> Result<usize, Error> {
    conn.write(data)
}

/// Reads every plaintext byte `conn` holds.
pub fn drain(conn: &mut Connection) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(Read::Data(n)) = conn.read(&mut buf) {
        out.extend_from_slice(&buf[..n]);
    }
    out
}
