//! GnuTLS (`gnutls-serv` and `gnutls-cli`, Debian's gnutls-bin) as a child peer, over real
//! loopback TCP, both ways, TLS 1.2: each ECDHE suite with each group, client authentication,
//! the extended master secret (and a peer without it, `%NO_SESSION_HASH`), and the RSA key
//! exchange; and in TLS 1.3 client authentication asked for by a `gnutls-serv` with its default
//! settings, and each group (x25519, secp256r1, secp384r1) both ways, and resumption by ticket both ways. Without the GnuTLS tools each test prints a note and passes without running.

mod gnutls_client;
mod gnutls_server;
mod resume13;
