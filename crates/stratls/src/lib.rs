//! stratls: TLS 1.3 and TLS 1.2, client and server, as a stack of small crates.
//!
//! This facade is what an application depends on: config builders, one-call [`connect`] and
//! [`accept`] over any `Read + Write`, the traits an adopter implements, and re-exports of the
//! layers below for those who want to take them apart ([`codec`], [`crypto`],
//! [`keyschedule`], [`record`], [`pki`], [`handshake`], [`io`]).
//!
//! ```no_run
//! use std::io::{Read, Write};
//! use std::net::TcpStream;
//! use std::sync::Arc;
//!
//! let mut roots = stratls::RootStore::new();
//! roots.add_pem(&std::fs::read("ca.pem")?)?;
//! let config = stratls::client_config()
//!     .with_root_certificates(roots)
//!     .with_no_client_auth()
//!     .build()?;
//! let tcp = TcpStream::connect("localhost:4433")?;
//! let mut tls = stratls::connect(Arc::new(config), "localhost", tcp)?;
//! tls.write_all(b"GET / HTTP/1.0\r\n\r\n")?;
//! let mut page = Vec::new();
//! tls.read_to_end(&mut page)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Configuration
//!
//! [`client_config()`] and [`server_config()`] start the builders of [`ClientConfig`] and
//! [`ServerConfig`] with the default crypto provider and the system clock; they need the
//! feature `rustcrypto` (on by default). [`client_config_with_provider`] and
//! [`server_config_with_provider`] take any other provider (with the feature `ring`,
//! [`ring_provider()`] is one, backed by ring), and
//! [`ClientConfig::builder`] / [`ServerConfig::builder`] take the provider and the clock.
//! The configs are the handshake layer's own types: the `ClientConfig` given to [`connect`]
//! is the one a sans-IO [`Connection`] takes.
//!
//! The builders are typestates ([`ConfigBuilder`]): a client is built only once it knows how
//! to verify servers, a server only once it has a certificate source. `build()` then checks
//! the rest against the provider and returns a [`ConfigError`] that names the fix. Options
//! that weaken security sit behind `dangerous()`.
//!
//! # Extending
//!
//! The traits an adopter implements are here: [`ServerCertVerifier`], [`ClientCertVerifier`],
//! [`ResolvesServerCert`], [`ResolvesClientCert`], [`KeyLog`], [`TimeProvider`],
//! [`TicketStore`] and [`Observer`]. A crypto provider is a [`crypto::CryptoProvider`] value:
//! override one piece of the default one, or bring a whole one.
//!
//! Certificates and keys load with [`certificates_from_file`], [`certificates_from_pem`],
//! [`private_key_from_file`], [`private_key_from_pem`] and [`private_key_from_der`]. Roots
//! come from PEM ([`RootStore::add_pem`]), from the platform (`native_roots()`, feature
//! `native-roots`) or from the Mozilla set compiled in (`webpki_roots()`, feature
//! `webpki-roots`).
//!
//! # Driving a connection by hand
//!
//! [`connect`] and [`accept`] wrap a [`Connection`] in a blocking [`Stream`]. Any other
//! transport drives the `Connection` itself, with no I/O in between: [`Connection::read_tls`]
//! takes the bytes that arrived ([`Connection::read_tls_buf`] takes them from the `BytesMut` a
//! transport read into, without copying them), [`Connection::pending_tls`] and
//! [`Connection::consume_tls`] hand out the bytes to send, [`Connection::write`] and
//! [`Connection::read`] carry the plaintext ([`Connection::read_buf`] and
//! [`Connection::consume`] read it where it lies), and [`Connection::transport_ended`] says the
//! transport is gone.
//!
//! # Examples
//!
//! In `crates/stratls/examples/`, run with `cargo run -p stratls --example NAME -- ARGS`
//! (the test certificates are in `tests/certs/`):
//! - `client`: an HTTPS GET with roots from a PEM file;
//! - `server`: an echo server with one certificate;
//! - `sans_io`: a client and a server `Connection` driven by hand over two in-memory
//!   buffers, with no socket and no thread;
//! - `pinned_verifier`: a [`ServerCertVerifier`] that trusts one pinned certificate;
//! - `counting_provider`: a crypto provider that wraps the default one and counts its calls.
//!
//! `docs/coming-from-rustls.md` puts the common tasks beside their rustls equivalents.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod config;
/// `docs/coming-from-rustls.md`, whose stratls snippets are compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/coming-from-rustls.md")]
mod coming_from_rustls {}
#[cfg(feature = "webpki-roots")]
mod mozilla;
#[cfg(feature = "native-roots")]
mod roots;

use std::io::{Read, Write};
use std::sync::Arc;

#[cfg(feature = "ring")]
pub use crate::config::ring_provider;
#[cfg(feature = "rustcrypto")]
pub use crate::config::{client_config, default_provider, server_config};
pub use crate::config::{client_config_with_provider, server_config_with_provider};

/// The code points a config names and [`Negotiated`] reports (stratls-codepoints, through the
/// provider traits and the codec, which share them).
pub use stratls_crypto::{CipherSuite, NamedGroup, ProtocolVersion, SignatureScheme};

// The traits an adopter implements, and the types they take and give.
pub use stratls_handshake::{
    CertifiedKey, CertsByName, ClientCertVerifier, ClientHelloInfo, Direction, Event, FixedTime,
    KeyPhase, MemoryTicketStore, NoTicketStore, Observer, ResolvesClientCert, ResolvesServerCert,
    SecretKind, ServerCertVerifier, SingleCert, StoredTicket, TicketStore, TimeProvider,
};
// The configs, their builders and what `build()` refuses.
pub use stratls_handshake::{
    ClientAuth, ClientConfig, ClientConfigBuilder, ClientReady, ConfigBuilder, ConfigError,
    DangerousConfigBuilder, ExternalPskOnly, Limits, ServerConfig, ServerConfigBuilder,
    ServerReady, SharedConfig, Versions, WantsClientAuth, WantsClientCert, WantsServerCert,
    WantsVerifier,
};
// Connections, what they negotiate and how they fail.
pub use stratls_handshake::{
    Accepted, Acceptor, Connection, EarlyData, Error, ExternalPsk, Negotiated, Side, Status,
};
// 0-RTT replay protection for servers.
pub use stratls_handshake::resumption::{AntiReplay, MemoryAntiReplay};
pub use stratls_io::{KeyLogFile, Stream, SystemClock};
pub use stratls_keyschedule::keylog::KeyLog;
// Certificates, keys and names, and loading them from PEM or DER.
/// The Mozilla roots, compiled in (feature `webpki-roots`).
#[cfg(feature = "webpki-roots")]
#[cfg_attr(docsrs, doc(cfg(feature = "webpki-roots")))]
pub use crate::mozilla::webpki_roots;
/// The platform's trust store (feature `native-roots`).
#[cfg(feature = "native-roots")]
#[cfg_attr(docsrs, doc(cfg(feature = "native-roots")))]
pub use crate::roots::{NativeRoots, native_roots, native_roots_for};
pub use stratls_pki::pem::{
    certificates_from_file, certificates_from_pem, private_key_from_der, private_key_from_file,
    private_key_from_pem,
};
pub use stratls_pki::{
    CertificateDer, PkiError, PrivateKeyDer, RootStore, RootsAdded, ServerName, TrustAnchor,
    UnixTime,
};

/// The wire codec (stratls-codec).
#[doc(inline)]
pub use stratls_codec as codec;
/// The crypto-provider traits (stratls-crypto).
#[doc(inline)]
pub use stratls_crypto as crypto;
/// The sans-IO state machines (stratls-handshake).
#[doc(inline)]
pub use stratls_handshake as handshake;
/// The blocking I/O adapter (stratls-io).
#[doc(inline)]
pub use stratls_io as io;
/// The key schedule (stratls-keyschedule).
#[doc(inline)]
pub use stratls_keyschedule as keyschedule;
/// Certificate verification and PEM loading (stratls-pki).
#[doc(inline)]
pub use stratls_pki as pki;
/// The record layer (stratls-record).
#[doc(inline)]
pub use stratls_record as record;
/// The ring provider (stratls-ring). Available with the feature `ring`.
#[cfg(feature = "ring")]
#[cfg_attr(docsrs, doc(cfg(feature = "ring")))]
#[doc(inline)]
pub use stratls_ring as ring;
/// The default provider (stratls-rustcrypto). Available with the feature `rustcrypto`, which
/// is on by default.
#[cfg(feature = "rustcrypto")]
#[cfg_attr(docsrs, doc(cfg(feature = "rustcrypto")))]
#[doc(inline)]
pub use stratls_rustcrypto as rustcrypto;

/// Connects as a client to `server_name` over `sock` and completes the handshake.
///
/// `config` is shared by every connection made with it: build it once, wrap it in an `Arc`
/// and clone that.
pub fn connect<S: Read + Write>(
    config: Arc<ClientConfig>,
    server_name: &str,
    sock: S,
) -> std::io::Result<Stream<S>> {
    let name = ServerName::try_from(server_name.to_string()).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("server name {server_name:?}: {e}"),
        )
    })?;
    let conn = Connection::client(config, name).map_err(std::io::Error::other)?;
    let mut stream = Stream::new(conn, sock);
    stream.handshake()?;
    Ok(stream)
}

/// Accepts a client over `sock` and completes the handshake.
///
/// `config` is shared by every connection made with it, as for [`connect`].
pub fn accept<S: Read + Write>(config: Arc<ServerConfig>, sock: S) -> std::io::Result<Stream<S>> {
    let conn = Connection::server(config).map_err(std::io::Error::other)?;
    let mut stream = Stream::new(conn, sock);
    stream.handshake()?;
    Ok(stream)
}
