//! The stream: a [`Connection`] over an `AsyncRead + AsyncWrite` transport, driven from
//! `poll_*` calls, with no task of its own.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use stratls_handshake::{Connection, Error, Read, Status};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// One maximal TLS record and then some: what one transport read takes at most.
pub(crate) const READ_CHUNK: usize = 16 * 1024 + 512;

/// Bytes read from the transport that the connection has not taken yet (it takes fewer than
/// given while its plaintext buffer is full). At most [`READ_CHUNK`] bytes.
#[derive(Debug)]
pub(crate) struct Incoming {
    buf: Box<[u8]>,
    start: usize,
    end: usize,
}

impl Incoming {
    pub(crate) fn new() -> Self {
        Self {
            buf: vec![0; READ_CHUNK].into_boxed_slice(),
            start: 0,
            end: 0,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        &self.buf[self.start..self.end]
    }

    pub(crate) fn consume(&mut self, n: usize) {
        self.start = (self.start + n).min(self.end);
    }

    /// Reads once from `io` into the empty buffer: `Ready(Ok(0))` at end of stream.
    pub(crate) fn poll_fill<IO: AsyncRead + Unpin>(
        &mut self,
        io: &mut IO,
        cx: &mut Context<'_>,
    ) -> Poll<io::Result<usize>> {
        debug_assert!(self.is_empty());
        let mut buf = ReadBuf::new(&mut self.buf);
        ready!(Pin::new(io).poll_read(cx, &mut buf))?;
        let n = buf.filled().len();
        self.start = 0;
        self.end = n;
        Poll::Ready(Ok(n))
    }
}

/// A TLS connection over an async transport: tokio's [`AsyncRead`] and [`AsyncWrite`] for
/// the plaintext.
///
/// Made by [`TlsConnector::connect`](crate::TlsConnector::connect),
/// [`TlsAcceptor::accept`](crate::TlsAcceptor::accept) or
/// [`StartHandshake::into_stream`](crate::StartHandshake::into_stream), with the handshake
/// done. [`TlsStream::connection`] gives what it negotiated.
///
/// - Writes take what fits under the connection's
///   [`Limits::max_pending_tls`](stratls_handshake::Limits::max_pending_tls) and wait
///   (`Pending`) while that much is queued and the transport takes nothing: a peer that does
///   not read never makes the writer's memory grow.
/// - Reads also send what the connection queued on its own (a KeyUpdate answer, an alert).
/// - `poll_shutdown` sends close_notify, then shuts the transport's write side; reading goes
///   on until the peer's close_notify (half-close). A read after the peer's close_notify
///   returns 0 bytes; writing still works until this side shuts down.
/// - Errors are `std::io::Error`s carrying the [`Error`] (get it back with
///   `get_ref()`/`into_inner()` and `downcast`); the alert the error names is sent first. A
///   transport that ends without close_notify is `UnexpectedEof`.
#[derive(Debug)]
pub struct TlsStream<IO> {
    conn: Connection,
    io: IO,
    incoming: Incoming,
    /// The transport's read side ended.
    eof: bool,
    /// close_notify was queued by `poll_shutdown`.
    shutdown: bool,
}

impl<IO> TlsStream<IO> {
    pub(crate) fn from_parts(conn: Connection, io: IO, incoming: Incoming) -> Self {
        Self {
            conn,
            io,
            incoming,
            eof: false,
            shutdown: false,
        }
    }

    /// The connection: negotiated parameters ([`Connection::negotiated`]), status, exporter.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The connection, mutably (to send a KeyUpdate, say).
    pub fn connection_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// The transport.
    pub fn get_ref(&self) -> &IO {
        &self.io
    }

    /// The transport, mutably.
    pub fn get_mut(&mut self) -> &mut IO {
        &mut self.io
    }

    /// The connection and the transport. Bytes read from the transport and not yet given to
    /// the connection are dropped.
    pub fn into_inner(self) -> (Connection, IO) {
        (self.conn, self.io)
    }
}

/// Turns a connection error into an I/O error: `UnexpectedEof` for a truncated stream,
/// `InvalidData` otherwise, with the TLS error inside.
pub(crate) fn io_error(e: Error) -> io::Error {
    let kind = match e {
        Error::Truncated => io::ErrorKind::UnexpectedEof,
        _ => io::ErrorKind::InvalidData,
    };
    io::Error::new(kind, e)
}

impl<IO: AsyncRead + AsyncWrite + Unpin> TlsStream<IO> {
    /// Writes every queued TLS byte to the transport (not flushing the transport itself).
    pub(crate) fn poll_send_tls(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.conn.wants_write() {
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, self.conn.pending_tls()))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.conn.consume_tls(n);
        }
        Poll::Ready(Ok(()))
    }

    /// Sends the alert of `e` if the transport takes it now, and returns `e` as an I/O error.
    fn fail(&mut self, cx: &mut Context<'_>, e: Error) -> io::Error {
        if let Poll::Ready(Ok(())) = self.poll_send_tls(cx) {
            let _ = Pin::new(&mut self.io).poll_flush(cx);
        }
        io_error(e)
    }

    /// Gives the connection the bytes read and not yet taken. Returns whether it took any.
    fn feed(&mut self, cx: &mut Context<'_>) -> io::Result<bool> {
        let mut took = false;
        while !self.incoming.is_empty() {
            if self.conn.status() == Status::PeerClosed {
                // Nothing after close_notify is read.
                let n = self.incoming.bytes().len();
                self.incoming.consume(n);
                break;
            }
            match self.conn.read_tls(self.incoming.bytes()) {
                Ok(0) => break,
                Ok(n) => {
                    self.incoming.consume(n);
                    took = true;
                }
                Err(e) => return Err(self.fail(cx, e)),
            }
        }
        Ok(took)
    }

    /// Reads from the transport into the connection once: `Ready(Ok(()))` when the
    /// connection has new bytes or learned that the transport ended.
    pub(crate) fn poll_receive(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if !self.incoming.is_empty() && self.feed(cx)? {
            return Poll::Ready(Ok(()));
        }
        if !self.incoming.is_empty() || !self.conn.wants_read() {
            // Nothing more is taken until the plaintext held is read, or ever again.
            let e = self.conn.error().cloned();
            return Poll::Ready(Err(match e {
                Some(e) => io_error(e),
                None => io::Error::other("the connection takes no more bytes"),
            }));
        }
        let n = ready!(self.incoming.poll_fill(&mut self.io, cx))?;
        if n == 0 {
            self.eof = true;
            if let Err(e) = self.conn.transport_ended() {
                return Poll::Ready(Err(self.fail(cx, e)));
            }
            return Poll::Ready(Ok(()));
        }
        self.feed(cx)?;
        Poll::Ready(Ok(()))
    }

    /// Drives the handshake to completion and sends what it queued last.
    pub(crate) fn poll_handshake(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        loop {
            if let Some(e) = self.conn.error().cloned() {
                return Poll::Ready(Err(self.fail(cx, e)));
            }
            ready!(self.poll_send_tls(cx))?;
            if !self.conn.is_handshaking() {
                return Pin::new(&mut self.io).poll_flush(cx);
            }
            if self.eof {
                let e = self.conn.error().cloned().unwrap_or(Error::Truncated);
                return Poll::Ready(Err(io_error(e)));
            }
            ready!(self.poll_receive(cx))?;
        }
    }
}

impl<IO: AsyncRead + AsyncWrite + Unpin> AsyncRead for TlsStream<IO> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if buf.remaining() == 0 {
            return Poll::Ready(Ok(()));
        }
        loop {
            match this.conn.read(buf.initialize_unfilled()) {
                Ok(Read::Data(n)) => {
                    buf.advance(n);
                    // Room was made: the bytes waiting for it go in now. An error they cause
                    // stays in the connection and comes with the next read, after this data.
                    if !this.incoming.is_empty() {
                        let _ = this.feed(cx);
                    }
                    // What reading made the connection queue (a KeyUpdate answer) goes out
                    // now, as far as the transport takes it; a transport error shows on the
                    // next call.
                    if this.conn.wants_write() {
                        let _ = this.poll_send_tls(cx);
                    }
                    return Poll::Ready(Ok(()));
                }
                Ok(Read::Closed) => return Poll::Ready(Ok(())),
                Ok(Read::WouldBlock) => {}
                Err(e) => return Poll::Ready(Err(this.fail(cx, e))),
            }
            // Answers the connection queued on its own go out from a reader too. A transport
            // that takes nothing now leaves them queued; the next read or write tries again.
            if let Poll::Ready(Err(e)) = this.poll_send_tls(cx) {
                return Poll::Ready(Err(e));
            }
            ready!(this.poll_receive(cx))?;
        }
    }
}

impl<IO: AsyncRead + AsyncWrite + Unpin> AsyncWrite for TlsStream<IO> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if data.is_empty() {
            return Poll::Ready(Ok(0));
        }
        loop {
            let n = match this.conn.write(data) {
                Ok(n) => n,
                Err(e) => return Poll::Ready(Err(this.fail(cx, e))),
            };
            if n > 0 {
                // Start sending at once; what the transport does not take now goes with the
                // next write or flush.
                if let Poll::Ready(Err(e)) = this.poll_send_tls(cx) {
                    return Poll::Ready(Err(e));
                }
                return Poll::Ready(Ok(n));
            }
            if !this.conn.wants_write() {
                return Poll::Ready(Err(io::Error::other("the connection takes no plaintext")));
            }
            // The queue is at its limit: wait until the transport takes it.
            ready!(this.poll_send_tls(cx))?;
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_send_tls(cx))?;
        Pin::new(&mut this.io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if !this.shutdown {
            this.shutdown = true;
            this.conn.close();
        }
        ready!(this.poll_send_tls(cx))?;
        Pin::new(&mut this.io).poll_shutdown(cx)
    }
}
