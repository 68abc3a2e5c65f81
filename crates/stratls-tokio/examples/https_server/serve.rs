//! The server of the `https_server` example (the tests run it too): TLS on each accepted
//! connection in a task of its own, then HTTP/2 or HTTP/1.1 as ALPN chose.

use std::convert::Infallible;
use std::io;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioExecutor, TokioIo};
use stratls_tokio::TlsAcceptor;
use tokio::net::TcpListener;

/// A client that has not finished its handshake after this long is dropped.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// The ALPN protocols served, in the server's order of preference.
pub fn alpn() -> Vec<Vec<u8>> {
    vec![b"h2".to_vec(), b"http/1.1".to_vec()]
}

/// Accepts connections until `listener` fails. The accept loop only accepts: the handshake
/// and the HTTP exchange of each connection run in its own task, so a slow client stalls
/// nobody else.
pub async fn serve(listener: TcpListener, acceptor: TlsAcceptor) -> io::Result<()> {
    let acceptor = acceptor.with_handshake_timeout(HANDSHAKE_TIMEOUT);
    loop {
        let (tcp, _) = listener.accept().await?;
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            let Ok(tls) = acceptor.accept(tcp).await else {
                return;
            };
            let h2 = tls
                .connection()
                .negotiated()
                .and_then(|n| n.alpn.as_deref())
                == Some(b"h2".as_slice());
            let io = TokioIo::new(tls);
            let service = service_fn(hello);
            // A client that goes away mid-request ends its own connection, nothing more.
            let _ = if h2 {
                hyper::server::conn::http2::Builder::new(TokioExecutor::new())
                    .serve_connection(io, service)
                    .await
            } else {
                hyper::server::conn::http1::Builder::new()
                    .serve_connection(io, service)
                    .await
            };
        });
    }
}

/// Answers every request with the HTTP version and path it came with.
async fn hello(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let body = format!(
        "hello from stratls over {:?} for {}\n",
        request.version(),
        request.uri().path()
    );
    Ok(Response::new(Full::new(Bytes::from(body))))
}
