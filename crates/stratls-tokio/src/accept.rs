//! The lazy acceptor: the ClientHello first, the server config after.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use stratls_handshake::{Accepted, Acceptor, ServerConfig};
use tokio::io::{AsyncRead, AsyncWrite};

use crate::stream::{Incoming, TlsStream, io_error};

/// Reads a client's ClientHello on a transport before any server config is chosen.
///
/// It waits as long as the client takes to send its hello: bound it with
/// `tokio::time::timeout` (and the rest of the handshake with
/// [`StartHandshake::into_stream_within`]). A first flight that is not a ClientHello is
/// answered with the alert its error names, then the error.
///
/// ```no_run
/// # use std::sync::Arc;
/// # async fn run(
/// #     tcp: tokio::net::TcpStream,
/// #     by_name: impl Fn(Option<String>) -> Arc<stratls_handshake::ServerConfig>,
/// # ) -> std::io::Result<()> {
/// let start = stratls_tokio::LazyConfigAcceptor::new(tcp).await?;
/// let config = by_name(start.client_hello().server_name());
/// let tls = start.into_stream(config).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct LazyConfigAcceptor<IO> {
    inner: Option<(Acceptor, IO, Incoming)>,
}

impl<IO: AsyncRead + AsyncWrite + Unpin> LazyConfigAcceptor<IO> {
    /// Reads from `io` with an [`Acceptor::new`].
    pub fn new(io: IO) -> Self {
        Self::with_acceptor(Acceptor::new(), io)
    }

    /// Reads from `io` with `acceptor` (one made with the limits of the configs it may
    /// choose, say).
    pub fn with_acceptor(acceptor: Acceptor, io: IO) -> Self {
        Self {
            inner: Some((acceptor, io, Incoming::new())),
        }
    }
}

impl<IO: AsyncRead + AsyncWrite + Unpin> Future for LazyConfigAcceptor<IO> {
    type Output = io::Result<StartHandshake<IO>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let Some((acceptor, io, incoming)) = this.inner.as_mut() else {
            return Poll::Ready(Err(io::Error::other("polled after it completed")));
        };
        loop {
            if let Some(e) = acceptor.error().cloned() {
                // The alert goes out before the error is returned.
                while acceptor.wants_write() {
                    let n = ready!(Pin::new(&mut *io).poll_write(cx, acceptor.pending_tls()))?;
                    if n == 0 {
                        return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
                    }
                    acceptor.consume_tls(n);
                }
                ready!(Pin::new(&mut *io).poll_flush(cx))?;
                this.inner = None;
                return Poll::Ready(Err(io_error(e)));
            }
            if incoming.is_empty() && ready!(incoming.poll_fill(io, cx))? == 0 {
                // Recorded in the acceptor: Error::Truncated, handled at the top of the loop.
                let _ = acceptor.transport_ended();
                continue;
            }
            match acceptor.read_tls(incoming.bytes()) {
                Ok((n, accepted)) => {
                    incoming.consume(n);
                    if let Some(accepted) = accepted {
                        let (_, io, incoming) = this.inner.take().expect("present above");
                        return Poll::Ready(Ok(StartHandshake {
                            accepted,
                            io,
                            incoming,
                        }));
                    }
                }
                // Recorded in the acceptor: its alert goes out at the top of the loop.
                Err(_) => continue,
            }
        }
    }
}

/// A ClientHello read by a [`LazyConfigAcceptor`], waiting for the server config.
#[derive(Debug)]
pub struct StartHandshake<IO> {
    accepted: Accepted,
    io: IO,
    incoming: Incoming,
}

impl<IO: AsyncRead + AsyncWrite + Unpin> StartHandshake<IO> {
    /// What the client offers: SNI, ALPN, signature schemes, versions, cipher suites.
    pub fn client_hello(&self) -> &Accepted {
        &self.accepted
    }

    /// Runs the handshake with `config`.
    pub async fn into_stream(self, config: Arc<ServerConfig>) -> io::Result<TlsStream<IO>> {
        self.into_stream_within(config, None).await
    }

    /// Runs the handshake with `config`, ending it with `TimedOut` after `timeout`.
    pub async fn into_stream_within(
        self,
        config: Arc<ServerConfig>,
        timeout: Option<Duration>,
    ) -> io::Result<TlsStream<IO>> {
        let conn = self.accepted.into_connection(config).map_err(io_error)?;
        let stream = TlsStream::from_parts(conn, self.io, self.incoming);
        crate::handshake(stream, timeout).await
    }
}
