//! An HTTPS connector for hyper-util's client: TCP, then TLS with ALPN `h2` and `http/1.1`,
//! and HTTP/2 reported to hyper when the server chose it.
//!
//! ```no_run
//! # use std::sync::Arc;
//! use http_body_util::Empty;
//! use hyper_util::client::legacy::Client;
//! use hyper_util::rt::TokioExecutor;
//! # async fn run(config: stratls_handshake::ClientConfig) -> Result<(), Box<dyn std::error::Error>> {
//! let https = stratls_tokio::hyper::HttpsConnector::new(config);
//! let client: Client<_, Empty<bytes::Bytes>> = Client::builder(TokioExecutor::new()).build(https);
//! let response = client.get("https://localhost:8443/".parse()?).await?;
//! println!("{}", response.status());
//! # Ok(())
//! # }
//! ```

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::Uri;
use hyper::rt::{Read, ReadBufCursor, Write};
use hyper_util::client::legacy::connect::{Connected, Connection};
use hyper_util::rt::TokioIo;
use stratls_handshake::{ClientConfig, ServerName};
use tokio::net::TcpStream;

use crate::{TlsConnector, TlsStream};

/// The ALPN protocols the connector offers when the config names none.
const ALPN: [&[u8]; 2] = [b"h2", b"http/1.1"];

/// Connects `https://` URIs: TCP to the URI's host and port (443 by default), then TLS with
/// the host as server name.
#[derive(Debug, Clone)]
pub struct HttpsConnector {
    tls: TlsConnector,
}

impl HttpsConnector {
    /// A connector with `config`; ALPN `h2` and `http/1.1` are offered unless the config
    /// names its own protocols (give only `http/1.1` for a client built without HTTP/2).
    pub fn new(mut config: ClientConfig) -> Self {
        if config.shared.alpn.is_empty() {
            config.shared.alpn = ALPN.iter().map(|p| p.to_vec()).collect();
        }
        Self {
            tls: TlsConnector::from(Arc::new(config)),
        }
    }

    /// A connector trusting the Mozilla roots compiled in (through webpki-roots), with the
    /// facade's default provider and no client certificate (feature `webpki-roots`).
    #[cfg(feature = "webpki-roots")]
    pub fn with_webpki_roots() -> Result<Self, stratls::ConfigError> {
        let config = stratls::client_config()
            .with_root_certificates(stratls::webpki_roots())
            .with_no_client_auth()
            .build()?;
        Ok(Self::new(config))
    }

    /// A connector trusting the platform's trust store, with the facade's default provider
    /// and no client certificate (feature `native-roots`). Certificates of the store that
    /// cannot be used are skipped; a store that yields no usable root is an error of kind
    /// `NotFound` naming what failed to load.
    #[cfg(feature = "native-roots")]
    pub fn with_native_roots() -> io::Result<Self> {
        let native = stratls::native_roots();
        if native.store.is_empty() {
            let mut why = String::from("the platform's trust store holds no usable root");
            for error in &native.load_errors {
                why.push_str("; ");
                why.push_str(error);
            }
            return Err(io::Error::new(io::ErrorKind::NotFound, why));
        }
        let config = stratls::client_config()
            .with_root_certificates(native.store)
            .with_no_client_auth()
            .build()
            .map_err(io::Error::other)?;
        Ok(Self::new(config))
    }

    /// Ends a TLS handshake that has not completed after `timeout` with `TimedOut`.
    pub fn with_handshake_timeout(mut self, timeout: Duration) -> Self {
        self.tls = self.tls.with_handshake_timeout(timeout);
        self
    }
}

impl tower_service::Service<Uri> for HttpsConnector {
    type Response = HttpsStream;
    type Error = io::Error;
    type Future = Pin<Box<dyn Future<Output = io::Result<HttpsStream>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        let tls = self.tls.clone();
        Box::pin(async move {
            if uri.scheme_str() != Some("https") {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "not an https URI",
                ));
            }
            let host = uri
                .host()
                .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no host in URI"))?;
            // An IPv6 literal comes in brackets.
            let host = host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_string();
            let port = uri.port_u16().unwrap_or(443);
            let name = ServerName::try_from(host.clone())
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
            let tcp = TcpStream::connect((host.as_str(), port)).await?;
            tcp.set_nodelay(true)?;
            let tls = tls.connect(name, tcp).await?;
            Ok(HttpsStream(TokioIo::new(tls)))
        })
    }
}

/// A TLS stream over TCP, as hyper's I/O.
#[derive(Debug)]
pub struct HttpsStream(TokioIo<TlsStream<TcpStream>>);

impl HttpsStream {
    /// The TLS stream (negotiated parameters through [`TlsStream::connection`]).
    pub fn tls(&self) -> &TlsStream<TcpStream> {
        self.0.inner()
    }
}

impl Connection for HttpsStream {
    fn connected(&self) -> Connected {
        let h2 = self
            .tls()
            .connection()
            .negotiated()
            .and_then(|n| n.alpn.as_deref())
            == Some(b"h2".as_slice());
        let connected = Connected::new();
        if h2 {
            connected.negotiated_h2()
        } else {
            connected
        }
    }
}

impl Read for HttpsStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().0).poll_read(cx, buf)
    }
}

impl Write for HttpsStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().0).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().0).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().0).poll_shutdown(cx)
    }
}
