//! The sans-IO connection: bytes in, bytes out, plaintext in and out, events out.

use std::sync::Arc;

use bytes::Buf;
use stratls_codec::{
    Alert, AlertDescription, AlertLevel, CipherSuite, HandshakeMessage, NamedGroup,
    ProtocolVersion, SignatureScheme,
};
use stratls_pki::CertificateDer;
use stratls_record::Message;

use crate::common::Core;
use crate::config::{ClientConfig, ServerConfig};
use crate::error::Error;
use crate::observer::{Direction, Event};
use crate::state::{Incoming, State, dispatch};

/// Client or server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The side that sends ClientHello.
    Client,
    /// The side that answers it.
    Server,
}

/// Where a connection stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The handshake is in progress.
    Handshaking,
    /// The handshake completed; application data flows.
    Established,
    /// The peer sent close_notify: no more data will come (data may still be sent until
    /// [`Connection::close`]).
    PeerClosed,
    /// The connection failed; the error was returned and the alert, if any, queued.
    Failed,
}

/// What the handshake agreed on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Negotiated {
    /// The protocol version.
    pub version: Option<ProtocolVersion>,
    /// The cipher suite.
    pub cipher_suite: Option<CipherSuite>,
    /// The key-exchange group.
    pub group: Option<NamedGroup>,
    /// The signature scheme of the peer's handshake signature.
    pub peer_signature_scheme: Option<SignatureScheme>,
    /// The signature scheme of our own handshake signature.
    pub own_signature_scheme: Option<SignatureScheme>,
    /// The ALPN protocol, if one was agreed.
    pub alpn: Option<Vec<u8>>,
    /// The server name (the SNI the client sent; on a client, the name it verified).
    pub server_name: Option<String>,
    /// The peer's certificate chain, end entity first.
    pub peer_certificates: Vec<CertificateDer<'static>>,
    /// Whether a HelloRetryRequest was needed.
    pub hello_retry: bool,
    /// Whether the server asked for a client certificate.
    pub client_auth_requested: bool,
    /// Whether the TLS 1.2 extended master secret (RFC 7627) was used.
    pub extended_master_secret: bool,
}

/// A TLS connection, client or server, with no I/O of its own.
///
/// Driving it (the order a transport loop calls things):
///
/// 1. Queued TLS bytes: [`Connection::pending_tls`] / [`Connection::consume_tls`] (or
///    [`Connection::take_tls`]) — send them to the peer. A client has its ClientHello queued
///    from the start.
/// 2. Bytes from the peer: [`Connection::read_tls`], which takes as many as it can buffer and
///    processes every complete record. Call it again with the rest.
/// 3. Plaintext: [`Connection::read`] for what the peer sent, [`Connection::write`] for what
///    to send (buffered until the handshake completes).
/// 4. State: [`Connection::status`], [`Connection::negotiated`].
/// 5. End: [`Connection::close`] queues close_notify.
///
/// Errors are final: once a call returns an error, the alert it caused is queued (send it) and
/// every later call returns the same error.
pub struct Connection {
    core: Core,
    state: Option<Box<dyn State>>,
    error: Option<Error>,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("side", &self.core.side)
            .field("status", &self.core.status)
            .field("state", &self.state.as_ref().map(|s| s.name()))
            .field("negotiated", &self.core.negotiated)
            .finish()
    }
}

impl Connection {
    /// A client connection to `server_name` (a DNS name or an IP address); the ClientHello is
    /// queued at once.
    pub fn client(
        config: Arc<ClientConfig>,
        server_name: stratls_pki::ServerName<'static>,
    ) -> Result<Self, Error> {
        let mut core = Core::new(
            Side::Client,
            config.shared.limits,
            config.shared.observer.clone(),
            config.shared.key_log.clone(),
            config.shared.time.clone(),
        );
        let state = crate::client::start(&mut core, config, server_name)?;
        Ok(Self {
            core,
            state: Some(state),
            error: None,
        })
    }

    /// A server connection waiting for a ClientHello.
    pub fn server(config: Arc<ServerConfig>) -> Result<Self, Error> {
        let core = Core::new(
            Side::Server,
            config.shared.limits,
            config.shared.observer.clone(),
            config.shared.key_log.clone(),
            config.shared.time.clone(),
        );
        let state = crate::server::start(config)?;
        Ok(Self {
            core,
            state: Some(state),
            error: None,
        })
    }

    /// Client or server.
    pub fn side(&self) -> Side {
        self.core.side
    }

    /// Where the connection stands.
    pub fn status(&self) -> Status {
        self.core.status
    }

    /// Whether the handshake is still running.
    pub fn is_handshaking(&self) -> bool {
        self.core.status == Status::Handshaking
    }

    /// What the handshake agreed on so far (complete once established).
    pub fn negotiated(&self) -> &Negotiated {
        &self.core.negotiated
    }

    /// The error the connection failed with, if it failed.
    pub fn error(&self) -> Option<&Error> {
        self.error.as_ref()
    }

    /// TLS bytes waiting to be sent to the peer.
    pub fn pending_tls(&self) -> &[u8] {
        &self.core.out
    }

    /// Marks `n` bytes of [`Connection::pending_tls`] as sent.
    pub fn consume_tls(&mut self, n: usize) {
        let n = n.min(self.core.out.len());
        self.core.out.advance(n);
    }

    /// Takes every queued TLS byte.
    pub fn take_tls(&mut self) -> Vec<u8> {
        self.core.out.split().to_vec()
    }

    /// Whether TLS bytes are waiting to be sent.
    pub fn wants_write(&self) -> bool {
        !self.core.out.is_empty()
    }

    /// Takes TLS bytes received from the peer and processes every complete record. Returns how
    /// many bytes were taken: fewer than given when the buffer is full (process the rest with
    /// another call, after reading plaintext if [`Connection::read`] has some).
    pub fn read_tls(&mut self, data: &[u8]) -> Result<usize, Error> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        if self.core.received_len >= self.core.limits.max_received_plaintext {
            return Ok(0);
        }
        let taken = self.core.reader.feed(data);
        self.process().map(|()| taken)
    }

    fn process(&mut self) -> Result<(), Error> {
        loop {
            if self.core.status == Status::PeerClosed {
                return Ok(());
            }
            let message = match self.core.reader.next_message() {
                Ok(Some(m)) => m,
                Ok(None) => return Ok(()),
                Err(e) => return self.fail(e.into()),
            };
            if let Err(e) = self.handle(message) {
                return self.fail(e);
            }
        }
    }

    fn handle(&mut self, message: Message) -> Result<(), Error> {
        match message {
            Message::Handshake(hs) => {
                self.core.warnings_in_row = 0;
                let decoded =
                    HandshakeMessage::parse(hs.typ(), hs.body(), self.core.parse_context)?;
                self.core.emit(Event::Handshake {
                    direction: Direction::Received,
                    message: &decoded,
                    encoded: hs.encoded(),
                });
                let state = self
                    .state
                    .take()
                    .ok_or(Error::Api("connection already failed"))?;
                let next = dispatch(
                    state,
                    &mut self.core,
                    Incoming {
                        message: decoded,
                        encoded: hs.encoded(),
                    },
                )?;
                self.state = Some(next);
                Ok(())
            }
            Message::ChangeCipherSpec => {
                self.core.emit(Event::ChangeCipherSpec {
                    direction: Direction::Received,
                });
                let state = self
                    .state
                    .take()
                    .ok_or(Error::Api("connection already failed"))?;
                self.state = Some(state.handle_change_cipher_spec(&mut self.core)?);
                Ok(())
            }
            Message::Alert(alert) => self.handle_alert(alert),
            Message::ApplicationData(data) => {
                let accepts = self
                    .state
                    .as_ref()
                    .is_some_and(|s| s.accepts_application_data());
                if !accepts {
                    let name = self.state.as_ref().map_or("failed", |s| s.name());
                    return Err(crate::state::unexpected(name, "application_data"));
                }
                self.core.key_updates_in_row = 0;
                self.core.warnings_in_row = 0;
                self.core.emit(Event::ApplicationData {
                    direction: Direction::Received,
                    len: data.len(),
                });
                self.core.received_len += data.len();
                self.core.received.push_back(data);
                Ok(())
            }
        }
    }

    fn handle_alert(&mut self, alert: Alert) -> Result<(), Error> {
        self.core.emit(Event::Alert {
            direction: Direction::Received,
            alert,
        });
        match alert.description {
            AlertDescription::CloseNotify => {
                if self.core.status == Status::Handshaking {
                    return Err(Error::ClosedDuringHandshake);
                }
                self.core.status = Status::PeerClosed;
                Ok(())
            }
            // user_canceled is followed by close_notify (RFC 8446 §6.1).
            AlertDescription::UserCanceled => Ok(()),
            description => {
                let tls12 = self.core.negotiated.version == Some(ProtocolVersion::TLSv1_2);
                if tls12 && alert.level == AlertLevel::Warning {
                    self.core.warnings_in_row += 1;
                    if self.core.warnings_in_row > self.core.limits.max_warning_alerts {
                        return Err(crate::state::unexpected(
                            "established",
                            "too many warning alerts",
                        ));
                    }
                    return Ok(());
                }
                Err(Error::AlertReceived(description))
            }
        }
    }

    /// Records `error`: queues its alert, drops the state, returns it.
    fn fail<T>(&mut self, error: Error) -> Result<T, Error> {
        if let Some(alert) = error.alert() {
            self.core.send_alert(alert, AlertLevel::Fatal);
        }
        self.core.status = Status::Failed;
        self.state = None;
        self.error = Some(error.clone());
        Err(error)
    }

    /// Reads plaintext the peer sent. Returns 0 when nothing is buffered (check
    /// [`Connection::status`] to tell "not yet" from "closed").
    pub fn read(&mut self, buf: &mut [u8]) -> usize {
        let mut n = 0;
        while n < buf.len() {
            let Some(front) = self.core.received.front_mut() else {
                break;
            };
            let take = front.len().min(buf.len() - n);
            buf[n..n + take].copy_from_slice(&front[..take]);
            front.advance(take);
            if front.is_empty() {
                self.core.received.pop_front();
            }
            n += take;
        }
        self.core.received_len -= n;
        n
    }

    /// How many plaintext bytes are waiting for [`Connection::read`].
    pub fn plaintext_available(&self) -> usize {
        self.core.received_len
    }

    /// Queues plaintext to send. Before the handshake completes, up to
    /// [`Limits::max_early_plaintext`] bytes are held and sent once it does; returns how many
    /// bytes were taken.
    pub fn write(&mut self, data: &[u8]) -> Result<usize, Error> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        if self.core.sent_close {
            return Err(Error::Api("write after close"));
        }
        match self.core.status {
            Status::Handshaking => {
                let room = self
                    .core
                    .limits
                    .max_early_plaintext
                    .saturating_sub(self.core.early_plaintext.len());
                let n = room.min(data.len());
                self.core.early_plaintext.extend_from_slice(&data[..n]);
                Ok(n)
            }
            Status::Established | Status::PeerClosed => {
                // TLS 1.3 changes keys before the AEAD's limit; TLS 1.2 has no KeyUpdate, so its
                // writer refuses to pass the limit and the connection fails instead.
                let tls13 = self.core.negotiated.version == Some(ProtocolVersion::TLSv1_3);
                if tls13 && self.core.writer.key_update_due() {
                    self.update_keys(false)?;
                }
                match self.core.write_application_data(data) {
                    Ok(()) => Ok(data.len()),
                    Err(e) => self.fail(e),
                }
            }
            Status::Failed => Err(Error::Api("connection failed")),
        }
    }

    /// Queues close_notify. Nothing more can be written afterwards.
    pub fn close(&mut self) {
        if !self.core.sent_close && self.core.status != Status::Failed {
            self.core.sent_close = true;
            self.core
                .send_alert(AlertDescription::CloseNotify, AlertLevel::Warning);
        }
    }

    /// Sends a TLS 1.3 KeyUpdate, asking the peer to update its keys too if `request_peer`.
    pub fn update_keys(&mut self, request_peer: bool) -> Result<(), Error> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        if self.core.status != Status::Established && self.core.status != Status::PeerClosed {
            return Err(Error::Api("key update before the handshake completed"));
        }
        let state = self.state.as_mut().ok_or(Error::Api("connection failed"))?;
        match state.send_key_update(&mut self.core, request_peer) {
            Ok(()) => Ok(()),
            Err(e @ Error::Api(_)) => Err(e),
            Err(e) => self.fail(e),
        }
    }

    /// Keying material exporter (RFC 8446 §7.5, RFC 5705): `len` bytes for `label` and
    /// `context`. Available once the handshake completed.
    pub fn export_keying_material(
        &self,
        label: &[u8],
        context: Option<&[u8]>,
        len: usize,
    ) -> Result<Vec<u8>, Error> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        if self.core.status != Status::Established && self.core.status != Status::PeerClosed {
            return Err(Error::Api("exporter before the handshake completed"));
        }
        let exporter = self
            .core
            .exporter
            .as_ref()
            .ok_or(Error::Api("no exporter"))?;
        exporter.export(label, context, len)
    }
}
