//! GnuTLS (`gnutls-serv` and `gnutls-cli`, Debian's gnutls-bin) as a child peer, over real
//! loopback TCP, both ways, TLS 1.2: each ECDHE suite with both groups, client authentication,
//! the extended master secret (and a peer without it, `%NO_SESSION_HASH`), and the RSA key
//! exchange; and TLS 1.3 client authentication asked for by a `gnutls-serv` with its default
//! settings. Without the GnuTLS tools each test prints a note and passes without running.

mod gnutls_client;
mod gnutls_server;
