//! Choosing the server config after the ClientHello: an [`Acceptor`] reads the client's first
//! flight and hands back what the hello offers ([`Accepted`]); the caller then picks, or
//! fetches, the [`ServerConfig`] to go on with.
//!
//! The acceptor reads the records with the same rules as a server connection waiting for its
//! first ClientHello, and keeps every byte it took. [`Accepted::into_connection`] starts a
//! server connection with the chosen config and gives it those bytes again, so the
//! connection sees exactly what the client sent, in order: the acceptor decides nothing the
//! connection would decide differently.

use std::sync::Arc;

use bytes::BytesMut;
use stratls_codec::handshake::{ClientHello, MAX_CLIENT_HELLO_LEN};
use stratls_codec::{
    Alert, AlertDescription, AlertLevel, CipherSuite, HandshakeMessage, HandshakeType, NamedGroup,
    ProtocolVersion, SignatureScheme,
};
use stratls_record::{Message, ReadLimits, RecordReader, RecordWriter};

use crate::config::{Limits, ServerConfig};
use crate::conn::Connection;
use crate::error::{Error, MessageKind};
use crate::server::offer::Offer;
use crate::state::{Policy, unexpected};

const EXPECTING: &[HandshakeType] = &[HandshakeType::ClientHello];

/// Reads a client's first flight up to its ClientHello, before any config is chosen.
///
/// Driving it: give it the client's bytes with [`Acceptor::read_tls`] while
/// [`Acceptor::wants_read`] until it returns an [`Accepted`]; say when the transport ended
/// with [`Acceptor::transport_ended`]. On an error, send [`Acceptor::pending_tls`] (the alert
/// the error names) before closing. It takes the bytes of one ClientHello and the records
/// that carry it, nothing more, and never writes anything else.
#[derive(Debug)]
pub struct Acceptor {
    reader: RecordReader,
    /// Every byte `read_tls` took, in order: given again to the connection.
    taken: Vec<u8>,
    /// The alert of a failure, as a plaintext record.
    out: BytesMut,
    error: Option<Error>,
    accepted: bool,
}

impl Default for Acceptor {
    fn default() -> Self {
        Self::new()
    }
}

impl Acceptor {
    /// An acceptor with the record limits of [`Limits::default`].
    pub fn new() -> Self {
        Self::with_limits(&Limits::default())
    }

    /// An acceptor reading records under `limits` (use those of the configs it may choose).
    pub fn with_limits(limits: &Limits) -> Self {
        let mut reader = RecordReader::with_limits(ReadLimits {
            max_handshake_len: limits.max_handshake_len,
            max_records_without_data: limits.max_records_without_data,
        });
        // The rules of a server waiting for its first ClientHello (`ExpectClientHello`).
        let policy = Policy::TLS13;
        reader.set_ccs_policy(policy.ccs);
        reader.set_plaintext_alerts(policy.plaintext_alerts);
        reader.set_application_data(policy.application_data);
        reader.set_handshake_ceiling(HandshakeType::ClientHello, Some(MAX_CLIENT_HELLO_LEN));
        Self {
            reader,
            taken: Vec::new(),
            out: BytesMut::new(),
            error: None,
            accepted: false,
        }
    }

    /// Whether the acceptor takes bytes now: it has not failed and has no ClientHello yet.
    pub fn wants_read(&self) -> bool {
        self.error.is_none() && !self.accepted
    }

    /// Whether an alert is waiting to be sent (after a failure).
    pub fn wants_write(&self) -> bool {
        !self.out.is_empty()
    }

    /// TLS bytes waiting to be sent: the alert of a failure, if any.
    pub fn pending_tls(&self) -> &[u8] {
        &self.out
    }

    /// Marks `n` bytes of [`Acceptor::pending_tls`] as sent.
    pub fn consume_tls(&mut self, n: usize) {
        let n = n.min(self.out.len());
        let _ = self.out.split_to(n);
    }

    /// The error the acceptor failed with, if it failed.
    pub fn error(&self) -> Option<&Error> {
        self.error.as_ref()
    }

    /// Takes bytes from the client. Returns how many were taken and, once the whole
    /// ClientHello is in, the [`Accepted`] hello (only once; afterwards nothing is taken).
    /// Fewer bytes than given are taken when the record buffer is full: call again with the
    /// rest.
    pub fn read_tls(&mut self, data: &[u8]) -> Result<(usize, Option<Accepted>), Error> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        if self.accepted {
            return Ok((0, None));
        }
        let n = self.reader.feed(data);
        self.taken.extend_from_slice(&data[..n]);
        match self.next_hello() {
            Ok(None) => Ok((n, None)),
            Ok(Some(hello)) => {
                self.accepted = true;
                let taken = std::mem::take(&mut self.taken);
                Ok((n, Some(Accepted { hello, taken })))
            }
            Err(e) => Err(self.fail(e)),
        }
    }

    /// The transport ended before a ClientHello: [`Error::Truncated`].
    pub fn transport_ended(&mut self) -> Result<(), Error> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        if self.accepted {
            return Ok(());
        }
        // A truncated first flight has no alert to send (Error::Truncated names none).
        Err(self.fail(Error::Truncated))
    }

    fn next_hello(&mut self) -> Result<Option<ClientHello>, Error> {
        let Some(message) = self.reader.next_message()? else {
            return Ok(None);
        };
        let hs = match message {
            Message::Handshake(hs) => hs,
            // As a connection does: close_notify before the handshake completed, or any other
            // alert, ends it.
            Message::Alert(alert) if alert.description == AlertDescription::CloseNotify => {
                return Err(Error::ClosedDuringHandshake);
            }
            Message::Alert(alert) => return Err(Error::AlertReceived(alert.description)),
            Message::ChangeCipherSpec => {
                return Err(unexpected(
                    "Acceptor",
                    EXPECTING,
                    MessageKind::ChangeCipherSpec,
                ));
            }
            Message::ApplicationData(_) => {
                return Err(unexpected(
                    "Acceptor",
                    EXPECTING,
                    MessageKind::ApplicationData,
                ));
            }
        };
        if hs.typ() != HandshakeType::ClientHello {
            return Err(unexpected(
                "Acceptor",
                EXPECTING,
                MessageKind::Handshake(hs.typ()),
            ));
        }
        let HandshakeMessage::ClientHello(hello) =
            HandshakeMessage::parse(hs.typ(), hs.body(), Policy::TLS13.parse)?
        else {
            return Err(Error::Api("a ClientHello parsed as another message"));
        };
        // The checks every server applies to the extensions it reads (a host name that is not
        // an ASCII DNS name, say), so that the name handed out is one the connection accepts.
        Offer::read(&hello)?;
        Ok(Some(hello))
    }

    fn fail(&mut self, error: Error) -> Error {
        if let Some(description) = error.alert() {
            let alert = Alert {
                level: AlertLevel::Fatal,
                description,
            };
            // A plaintext alert record always fits: nothing can fail here but a record too
            // long, and an alert is two bytes.
            let _ = RecordWriter::new().write_alert(alert, &mut self.out);
        }
        self.error = Some(error.clone());
        error
    }
}

/// A client's ClientHello, read by an [`Acceptor`]: what it offers, and the bytes to start
/// the connection with once a config is chosen.
pub struct Accepted {
    hello: ClientHello,
    taken: Vec<u8>,
}

impl std::fmt::Debug for Accepted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Accepted")
            .field("server_name", &self.server_name())
            .field("alpn", &self.alpn())
            .field("versions", &self.versions())
            .finish_non_exhaustive()
    }
}

impl Accepted {
    /// The SNI host name, if the client sent one (checked as the server checks it).
    pub fn server_name(&self) -> Option<String> {
        Offer::read(&self.hello)
            .ok()
            .and_then(|offer| offer.server_name)
    }

    /// The ALPN protocols the client offers, in its order.
    pub fn alpn(&self) -> &[Vec<u8>] {
        self.hello
            .extensions
            .iter()
            .find_map(|e| match e {
                stratls_codec::extensions::ClientExtension::Alpn(a) => Some(a.as_slice()),
                _ => None,
            })
            .unwrap_or(&[])
    }

    /// The client's signature_algorithms, in its order (empty without the extension).
    pub fn signature_schemes(&self) -> &[SignatureScheme] {
        self.hello.signature_algorithms().unwrap_or(&[])
    }

    /// The versions the client offers: its supported_versions, or its legacy_version
    /// without that extension.
    pub fn versions(&self) -> Vec<ProtocolVersion> {
        match self.hello.supported_versions() {
            Some(v) => v.to_vec(),
            None => vec![self.hello.legacy_version],
        }
    }

    /// The cipher suites the client offers, in its order.
    pub fn cipher_suites(&self) -> &[CipherSuite] {
        &self.hello.cipher_suites
    }

    /// The key-exchange groups of supported_groups, in the client's order (empty without
    /// the extension).
    pub fn groups(&self) -> &[NamedGroup] {
        self.hello
            .extensions
            .iter()
            .find_map(|e| match e {
                stratls_codec::extensions::ClientExtension::SupportedGroups(g) => {
                    Some(g.as_slice())
                }
                _ => None,
            })
            .unwrap_or(&[])
    }

    /// The decoded ClientHello, every field and extension.
    pub fn client_hello(&self) -> &ClientHello {
        &self.hello
    }

    /// Starts the server connection with `config` and the bytes the acceptor read.
    ///
    /// `Err` only when `config` cannot start a connection ([`Connection::server`]). A
    /// handshake that fails on these bytes (no version or suite in common with the chosen
    /// config, say) gives a connection that has failed: [`Connection::error`] says why, its
    /// alert waits in [`Connection::pending_tls`], and every later call returns the error.
    pub fn into_connection(self, config: Arc<ServerConfig>) -> Result<Connection, Error> {
        let mut conn = Connection::server(config)?;
        let mut rest = self.taken.as_slice();
        // Each round takes at least one byte or fails: the connection reads these records with
        // the acceptor's rules, and a handshake holds no plaintext to fill its buffer.
        while !rest.is_empty() {
            match conn.read_tls(rest) {
                Ok(0) => return Err(Error::Api("the connection took none of the first flight")),
                Ok(n) => rest = &rest[n..],
                Err(_) => break,
            }
        }
        Ok(conn)
    }
}
