//! rustls as an in-process peer, over real loopback TCP, both ways: stratls client → rustls
//! server and rustls client → stratls server. TLS 1.3 with each suite and group, each server
//! key type, client authentication, a forced HelloRetryRequest, ALPN, KeyUpdate and a 1 MiB
//! echo checked byte for byte; TLS 1.2 with each ECDHE suite and group, client
//! authentication and the 1 MiB echo (rustls has no RSA key exchange).

mod peer;
mod resume;
mod rustls_client;
mod rustls_server;
mod tls12;
