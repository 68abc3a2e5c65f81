//! The server of the `axum_server` example (the tests run it too): an axum 0.8 router behind
//! stratls, each connection's handshake in a task of its own.

use std::io;
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::routing::get;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use stratls_tokio::TlsAcceptor;
use tokio::net::TcpListener;

/// The routes: `/` greets with the HTTP version the request came with.
pub fn app() -> Router {
    Router::new().route("/", get(index))
}

async fn index(request: Request) -> String {
    format!("hello from axum over {:?}\n", request.version())
}

/// Accepts connections until `listener` fails; TLS and HTTP (HTTP/2 or HTTP/1.1, as the
/// client's ALPN chose) run in one task per connection.
pub async fn serve(listener: TcpListener, acceptor: TlsAcceptor, app: Router) -> io::Result<()> {
    let acceptor = acceptor.with_handshake_timeout(Duration::from_secs(10));
    loop {
        let (tcp, _) = listener.accept().await?;
        let (acceptor, app) = (acceptor.clone(), app.clone());
        tokio::spawn(async move {
            let Ok(tls) = acceptor.accept(tcp).await else {
                return;
            };
            let service = TowerToHyperService::new(app);
            // A client that goes away ends its own connection, nothing more.
            let _ = auto::Builder::new(TokioExecutor::new())
                .serve_connection(TokioIo::new(tls), service)
                .await;
        });
    }
}
