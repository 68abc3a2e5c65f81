//! stratls over tokio: [`TlsConnector`] and [`TlsAcceptor`] run the handshake on any
//! `AsyncRead + AsyncWrite + Unpin` transport and give a [`TlsStream`] that is one too;
//! [`LazyConfigAcceptor`] reads the ClientHello first, so that the server config can be chosen
//! (or fetched) from what the client offers. With the feature `hyper`, [`hyper`] has an HTTPS
//! connector for hyper-util's client.
//!
//! The crate is a thin driver of the sans-IO [`Connection`]: it spawns no task, holds one
//! read buffer of one record per connection, and every future is cancellation-safe in the
//! sense that dropping it drops the transport with it (nothing is left running). Errors are
//! `std::io::Error`s that carry the TLS [`Error`]: get it back with
//! `e.get_ref().and_then(|e| e.downcast_ref::<stratls_handshake::Error>())`.
//!
//! ```no_run
//! use std::sync::Arc;
//! use tokio::io::{AsyncReadExt, AsyncWriteExt};
//! # async fn run(config: Arc<stratls_handshake::ClientConfig>) -> std::io::Result<()> {
//! let connector = stratls_tokio::TlsConnector::from(config);
//! let tcp = tokio::net::TcpStream::connect("localhost:4433").await?;
//! let name = stratls_handshake::ServerName::try_from("localhost").expect("a DNS name");
//! let mut tls = connector.connect(name, tcp).await?;
//! tls.write_all(b"GET / HTTP/1.0\r\n\r\n").await?;
//! let mut page = Vec::new();
//! tls.read_to_end(&mut page).await?;
//! # Ok(())
//! # }
//! ```
//!
//! Early data (TLS 1.3 0-RTT): a client sends it with
//! [`TlsConnector::connect_with_replayable_early_data`], which says in its name that the
//! server may see it more than once. A server that accepts 0-RTT
//! (`ServerConfig::max_early_data_size` with an anti-replay store or a single-use ticketer)
//! delivers it as the first bytes read from the stream; how many of them came as early data
//! is `stream.connection().early_data_received()`.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// The snippets of `docs/snippets/tokio.md`, compiled as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/snippets/tokio.md")]
struct Snippets;

mod accept;
#[cfg(feature = "hyper")]
pub mod hyper;
mod stream;

use std::future::poll_fn;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use stratls_handshake::{ClientConfig, Connection, ServerConfig, ServerName};
use tokio::io::{AsyncRead, AsyncWrite};

pub use crate::accept::{LazyConfigAcceptor, StartHandshake};
pub use crate::stream::TlsStream;
pub use stratls_handshake::{Accepted, Acceptor, Error};

use crate::stream::{Incoming, io_error};

/// Connects as a client: the handshake on a transport, then a [`TlsStream`].
#[derive(Debug, Clone)]
pub struct TlsConnector {
    config: Arc<ClientConfig>,
    handshake_timeout: Option<Duration>,
}

impl From<Arc<ClientConfig>> for TlsConnector {
    fn from(config: Arc<ClientConfig>) -> Self {
        Self {
            config,
            handshake_timeout: None,
        }
    }
}

impl TlsConnector {
    /// Ends a handshake that has not completed after `timeout` with `TimedOut` (none by
    /// default). Needs a runtime with the time driver enabled.
    pub fn with_handshake_timeout(mut self, timeout: Duration) -> Self {
        self.handshake_timeout = Some(timeout);
        self
    }

    /// The config connections are made with.
    pub fn config(&self) -> &Arc<ClientConfig> {
        &self.config
    }

    /// Runs a client handshake with `server_name` on `io`.
    pub async fn connect<IO>(
        &self,
        server_name: ServerName<'static>,
        io: IO,
    ) -> io::Result<TlsStream<IO>>
    where
        IO: AsyncRead + AsyncWrite + Unpin,
    {
        let conn = Connection::client(self.config.clone(), server_name).map_err(io_error)?;
        handshake(
            TlsStream::from_parts(conn, io, Incoming::new()),
            self.handshake_timeout,
        )
        .await
    }

    /// As [`TlsConnector::connect`], sending as much of `early` as the stored ticket allows
    /// as TLS 1.3 0-RTT data, in the first flight with the ClientHello; returns the stream and
    /// how many bytes of `early` were sent so.
    ///
    /// 0-RTT is offered only with [`ClientConfig::enable_early_data`] and a ticket of the
    /// server that allows it; otherwise nothing is taken (0). An attacker can replay early
    /// data to the server (RFC 8446 §8): send only what is safe to repeat.
    ///
    /// Once the handshake completes, `stream.connection().negotiated()`'s `early_data` says
    /// whether the server took it ([`EarlyData::Accepted`](stratls_handshake::EarlyData)).
    /// When it is `Rejected`, none of it was delivered and it is not sent again: write it
    /// again on the stream if it is still wanted. The bytes past the returned count were
    /// never sent either.
    pub async fn connect_with_replayable_early_data<IO>(
        &self,
        server_name: ServerName<'static>,
        io: IO,
        early: &[u8],
    ) -> io::Result<(TlsStream<IO>, usize)>
    where
        IO: AsyncRead + AsyncWrite + Unpin,
    {
        let mut conn = Connection::client(self.config.clone(), server_name).map_err(io_error)?;
        let sent = match conn.write_early_data_replayable(early) {
            Ok(n) => n,
            // This ClientHello offers no early data (no ticket allows it, or 0-RTT is off).
            Err(Error::Api(_)) => 0,
            Err(e) => return Err(io_error(e)),
        };
        let stream = handshake(
            TlsStream::from_parts(conn, io, Incoming::new()),
            self.handshake_timeout,
        )
        .await?;
        Ok((stream, sent))
    }
}

/// Accepts as a server: the handshake on a transport, then a [`TlsStream`].
#[derive(Debug, Clone)]
pub struct TlsAcceptor {
    config: Arc<ServerConfig>,
    handshake_timeout: Option<Duration>,
}

impl From<Arc<ServerConfig>> for TlsAcceptor {
    fn from(config: Arc<ServerConfig>) -> Self {
        Self {
            config,
            handshake_timeout: None,
        }
    }
}

impl TlsAcceptor {
    /// Ends a handshake that has not completed after `timeout` with `TimedOut` (none by
    /// default): a client that stops half-way holds nothing for longer. Needs a runtime with
    /// the time driver enabled.
    pub fn with_handshake_timeout(mut self, timeout: Duration) -> Self {
        self.handshake_timeout = Some(timeout);
        self
    }

    /// The config connections are accepted with.
    pub fn config(&self) -> &Arc<ServerConfig> {
        &self.config
    }

    /// Runs a server handshake on `io`.
    pub async fn accept<IO>(&self, io: IO) -> io::Result<TlsStream<IO>>
    where
        IO: AsyncRead + AsyncWrite + Unpin,
    {
        let conn = Connection::server(self.config.clone()).map_err(io_error)?;
        handshake(
            TlsStream::from_parts(conn, io, Incoming::new()),
            self.handshake_timeout,
        )
        .await
    }
}

/// Drives `stream`'s handshake, within `timeout` if there is one.
pub(crate) async fn handshake<IO>(
    mut stream: TlsStream<IO>,
    timeout: Option<Duration>,
) -> io::Result<TlsStream<IO>>
where
    IO: AsyncRead + AsyncWrite + Unpin,
{
    let run = poll_fn(|cx| stream.poll_handshake(cx));
    match timeout {
        None => run.await?,
        Some(t) => tokio::time::timeout(t, run)
            .await
            .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "TLS handshake timed out"))??,
    }
    Ok(stream)
}
