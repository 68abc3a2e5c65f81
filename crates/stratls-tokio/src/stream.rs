//! The stream: a [`Connection`] over an `AsyncRead + AsyncWrite` transport, driven from
//! `poll_*` calls, with no task of its own.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use stratls_handshake::bytes::{Buf, BufMut, BytesMut};
use stratls_handshake::{Connection, Error, MAX_BUFFERED_RECORD, Read, Status};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio_util::io::poll_read_buf;

/// Bytes read from the transport that the connection has not taken yet: an incomplete record
/// waiting for the bytes that follow it, or records the connection does not take while its
/// plaintext buffer is full.
///
/// The buffer is allocated when a read needs it and dropped when the connection has taken
/// everything, so an idle stream holds none. Each allocation holds at most one maximal record
/// ([`MAX_BUFFERED_RECORD`]): the connection takes complete records out of it without a copy
/// ([`Connection::read_tls_buf`]) and the plaintext of a large one keeps that allocation alive
/// until it is read, so what it holds is what the connection charges for it.
#[derive(Debug, Default)]
pub(crate) struct Incoming {
    buf: BytesMut,
}

impl Incoming {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        &self.buf
    }

    pub(crate) fn consume(&mut self, n: usize) {
        self.buf.advance(n.min(self.buf.len()));
        self.release_if_empty();
    }

    /// Hands the buffered bytes to `conn` without a copy; returns how many it took.
    pub(crate) fn feed(&mut self, conn: &mut Connection) -> Result<usize, Error> {
        let taken = conn.read_tls_buf(&mut self.buf);
        self.release_if_empty();
        taken
    }

    fn release_if_empty(&mut self) {
        if self.buf.is_empty() {
            self.buf = BytesMut::new();
        }
    }

    /// Reads once from `io`, after what is buffered: `Ready(Ok(0))` at end of stream. What is
    /// buffered is the start of one record (or nothing): when the allocation has no room for
    /// the rest of that record, the start moves to a new one.
    pub(crate) fn poll_fill<IO: AsyncRead + Unpin>(
        &mut self,
        io: &mut IO,
        cx: &mut Context<'_>,
    ) -> Poll<io::Result<usize>> {
        let spare = self.buf.capacity() - self.buf.len();
        if spare < self.record_rest().max(1) {
            let mut fresh = BytesMut::with_capacity(MAX_BUFFERED_RECORD.max(self.buf.len() + 1));
            fresh.extend_from_slice(&self.buf);
            self.buf = fresh;
        }
        let room = self.buf.capacity() - self.buf.len();
        poll_read_buf(Pin::new(io), cx, &mut (&mut self.buf).limit(room))
    }

    /// How many bytes complete the record the buffer begins (its header first).
    fn record_rest(&self) -> usize {
        match self.buf.first_chunk::<RECORD_HEADER_LEN>() {
            Some(&[_, _, _, l0, l1]) => (RECORD_HEADER_LEN
                + usize::from(u16::from_be_bytes([l0, l1])))
            .saturating_sub(self.buf.len()),
            None => RECORD_HEADER_LEN - self.buf.len(),
        }
    }
}

/// A record header: content type, legacy version, fragment length.
const RECORD_HEADER_LEN: usize = 5;

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
            match self.incoming.feed(&mut self.conn) {
                Ok(0) => break,
                Ok(_) => took = true,
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
        // What is still buffered is an incomplete record, read on below, unless the
        // connection takes nothing.
        if !self.conn.wants_read() {
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
