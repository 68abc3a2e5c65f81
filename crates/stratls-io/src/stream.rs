use std::io::{self, Read, Write};
use std::time::SystemTime;

use stratls_handshake::{Connection, Error, Status, TimeProvider};

/// The system clock, as the connection's time source.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl TimeProvider for SystemClock {
    fn now(&self) -> Option<stratls_handshake::UnixTime> {
        let since = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .ok()?;
        Some(stratls_handshake::UnixTime::since_unix_epoch(since))
    }
}

/// A TLS connection over a blocking transport.
#[derive(Debug)]
pub struct Stream<S> {
    conn: Connection,
    sock: S,
}

const READ_CHUNK: usize = 16 * 1024 + 512;

impl<S: Read + Write> Stream<S> {
    /// Wraps `conn` (client or server) and the transport `sock`. Nothing is sent or received
    /// until the first call.
    pub fn new(conn: Connection, sock: S) -> Self {
        Self { conn, sock }
    }

    /// The connection (negotiated parameters, status, exporter).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The connection, mutably (for example to send a KeyUpdate).
    pub fn connection_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// The transport.
    pub fn get_ref(&self) -> &S {
        &self.sock
    }

    /// The transport, mutably.
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.sock
    }

    /// Ends the stream and returns the connection and the transport.
    pub fn into_parts(self) -> (Connection, S) {
        (self.conn, self.sock)
    }

    /// Runs the handshake to completion (does nothing once it has completed).
    pub fn handshake(&mut self) -> io::Result<()> {
        while self.conn.is_handshaking() {
            self.flush_tls()?;
            if !self.conn.is_handshaking() {
                break;
            }
            if self.receive()? == 0 {
                // The transport ended mid-handshake: the connection fails as truncated.
                let e = self
                    .conn
                    .transport_ended()
                    .err()
                    .unwrap_or(Error::Truncated);
                return Err(self.fail(e));
            }
        }
        self.flush_tls()
    }

    /// Sends close_notify and flushes it.
    pub fn close(&mut self) -> io::Result<()> {
        self.conn.close();
        self.flush_tls()
    }

    /// Sends every queued TLS byte.
    fn flush_tls(&mut self) -> io::Result<()> {
        while self.conn.wants_write() {
            let n = self.sock.write(self.conn.pending_tls())?;
            if n == 0 {
                return Err(io::ErrorKind::WriteZero.into());
            }
            self.conn.consume_tls(n);
        }
        self.sock.flush()
    }

    /// Reads once from the transport into the connection. Returns the bytes read (0 at end of
    /// stream).
    fn receive(&mut self) -> io::Result<usize> {
        let mut buf = [0u8; READ_CHUNK];
        let n = loop {
            match self.sock.read(&mut buf) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        if n == 0 {
            return Ok(0);
        }
        let mut rest = &buf[..n];
        while !rest.is_empty() && self.conn.status() != Status::PeerClosed {
            match self.conn.read_tls(rest) {
                Ok(0) => {
                    // Only a full plaintext buffer refuses input, and `Read::read` empties it
                    // before it reads the transport again; one transport read holds far less
                    // than the buffer's limit.
                    return Err(io::Error::other("received plaintext buffer full"));
                }
                Ok(taken) => rest = &rest[taken..],
                Err(e) => return Err(self.fail(e)),
            }
        }
        // Answers the connection produced (KeyUpdate, alerts) go out at once. Bytes after the
        // peer's close_notify are ignored.
        self.flush_tls()?;
        Ok(n)
    }

    /// Turns a connection error into an I/O error after sending the alert it queued. A
    /// truncated connection is `UnexpectedEof`.
    fn fail(&mut self, e: Error) -> io::Error {
        let _ = self.flush_tls();
        let kind = match e {
            Error::Truncated => io::ErrorKind::UnexpectedEof,
            _ => io::ErrorKind::InvalidData,
        };
        io::Error::new(kind, e)
    }
}

impl<S: Read + Write> Read for Stream<S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.handshake()?;
        loop {
            match self.conn.read(buf) {
                Ok(stratls_handshake::Read::Data(n)) => return Ok(n),
                Ok(stratls_handshake::Read::Closed) => return Ok(0),
                Ok(stratls_handshake::Read::WouldBlock) => {}
                Err(e) => return Err(self.fail(e)),
            }
            if self.receive()? == 0 {
                // End of the transport: without close_notify the connection reports truncation
                // once what it received has been read.
                if let Err(e) = self.conn.transport_ended() {
                    return Err(self.fail(e));
                }
            }
        }
    }
}

impl<S: Read + Write> Write for Stream<S> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.handshake()?;
        loop {
            let n = self.conn.write(data).map_err(|e| self.fail(e))?;
            self.flush_tls()?;
            // 0 only while output is queued, which the flush just sent.
            if n > 0 || data.is_empty() {
                return Ok(n);
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.flush_tls()
    }
}
