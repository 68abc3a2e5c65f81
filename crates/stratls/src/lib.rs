//! stratls: TLS 1.3 and TLS 1.2, client and server, as a stack of small crates.
//!
//! This facade is what an application depends on: config builders, one-call [`connect`] and
//! [`accept`] over any `Read + Write`, and re-exports of the layers below for those who want
//! to take them apart ([`codec`], [`crypto`], [`keyschedule`], [`record`], [`pki`],
//! [`handshake`], [`io`]).
//!
//! ```no_run
//! use std::io::{Read, Write};
//! use std::net::TcpStream;
//!
//! let mut roots = stratls::RootStore::new();
//! roots.add_pem(&std::fs::read("ca.pem")?)?;
//! let config = stratls::ClientConfig::builder().with_root_certificates(roots).build()?;
//! let tcp = TcpStream::connect("localhost:4433")?;
//! let mut tls = stratls::connect(&config, "localhost", tcp)?;
//! tls.write_all(b"GET / HTTP/1.0\r\n\r\n")?;
//! let mut page = Vec::new();
//! tls.read_to_end(&mut page)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The crypto provider is a value: the default one (feature `rustcrypto`, on by default) or
//! any other passed to [`ClientConfig::builder_with_provider`] /
//! [`ServerConfig::builder_with_provider`].
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod builder;

use std::io::{Read, Write};

pub use crate::builder::{
    ClientAuthPolicy, ClientConfig, ClientConfigBuilder, ClientSide, ConfigBuilder, ConfigError,
    Dangerous, ServerConfig, ServerConfigBuilder, ServerSide,
};
/// The code points a config names and [`Negotiated`] reports (stratls-codepoints, through the
/// provider traits and the codec, which share them).
pub use stratls_crypto::{CipherSuite, NamedGroup, ProtocolVersion, SignatureScheme};
pub use stratls_handshake::{
    CertifiedKey, Connection, Direction, Error, Event, KeyPhase, Limits, Negotiated, Observer,
    Side, Status, Versions,
};
pub use stratls_io::{KeyLogFile, Stream, SystemClock};
pub use stratls_pki::{CertificateDer, PrivateKeyDer, RootStore, ServerName};

/// The wire codec (stratls-codec).
pub use stratls_codec as codec;
/// The crypto-provider traits (stratls-crypto).
pub use stratls_crypto as crypto;
/// The sans-IO state machines (stratls-handshake).
pub use stratls_handshake as handshake;
/// The blocking I/O adapter (stratls-io).
pub use stratls_io as io;
/// The key schedule (stratls-keyschedule).
pub use stratls_keyschedule as keyschedule;
/// Certificate verification and PEM loading (stratls-pki).
pub use stratls_pki as pki;
/// The record layer (stratls-record).
pub use stratls_record as record;
/// The default provider (stratls-rustcrypto).
#[cfg(feature = "rustcrypto")]
pub use stratls_rustcrypto as rustcrypto;

/// The default crypto provider.
#[cfg(feature = "rustcrypto")]
pub fn default_provider() -> crypto::CryptoProvider {
    stratls_rustcrypto::PROVIDER
}

/// Connects as a client to `server_name` over `sock` and completes the handshake.
pub fn connect<S: Read + Write>(
    config: &ClientConfig,
    server_name: &str,
    sock: S,
) -> std::io::Result<Stream<S>> {
    let name = ServerName::try_from(server_name.to_string()).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("server name {server_name:?}: {e}"),
        )
    })?;
    let conn = Connection::client(config.inner().clone(), name).map_err(std::io::Error::other)?;
    let mut stream = Stream::new(conn, sock);
    stream.handshake()?;
    Ok(stream)
}

/// Accepts a client over `sock` and completes the handshake.
pub fn accept<S: Read + Write>(config: &ServerConfig, sock: S) -> std::io::Result<Stream<S>> {
    let conn = Connection::server(config.inner().clone()).map_err(std::io::Error::other)?;
    let mut stream = Stream::new(conn, sock);
    stream.handshake()?;
    Ok(stream)
}
