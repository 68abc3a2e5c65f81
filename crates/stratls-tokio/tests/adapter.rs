//! The tokio adapter: client and server in one process over `tokio::io::duplex` and TCP, the
//! lazy acceptor, back-pressure, half-close, truncation, deadlines, 0-RTT, many connections at once,
//! and real OpenSSL peers.

#[path = "../examples/axum_server/serve.rs"]
mod axum_serve;
#[path = "adapter/common.rs"]
mod common;
#[path = "adapter/deadlines.rs"]
mod deadlines;
#[path = "adapter/early.rs"]
mod early;
#[path = "adapter/https.rs"]
mod https;
#[path = "adapter/in_process.rs"]
mod in_process;
#[path = "adapter/many.rs"]
mod many;
#[path = "adapter/openssl.rs"]
mod openssl;
#[path = "../examples/https_server/serve.rs"]
mod serve;
