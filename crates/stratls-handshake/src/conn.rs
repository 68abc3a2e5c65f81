//! The sans-IO connection: bytes in, bytes out, plaintext in and out, events out.
//!
//! This is where "is this legal now" is decided for every record: each state declares a
//! [`Gate`](crate::state::Gate) and [`Connection::apply_gate`] hands its record-layer parts to
//! the reader after every transition; [`Connection::handle`] checks every message against it
//! before anything else looks at it.

use std::sync::Arc;

use bytes::BytesMut;
use stratls_codec::handshake::{HelloRequest, MAX_CLIENT_HELLO_LEN};
use stratls_codec::{
    Alert, AlertDescription, AlertLevel, HandshakeMessage, HandshakeType, ProtocolVersion,
};
use stratls_record::Message;

use crate::config::{ClientConfig, ServerConfig};
use crate::context::{Context, EarlyWrite};
use crate::error::{Error, MessageKind, Misbehaviour};
use crate::negotiated::{Negotiated, Side, Status};
use crate::observer::{Direction, Event};
use crate::state::{Gate, Incoming, Policy, State, unexpected};

/// What [`Connection::read`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// This many bytes of plaintext were copied out (at least one).
    Data(usize),
    /// No plaintext yet: give the connection more TLS bytes (or finish the handshake).
    WouldBlock,
    /// The peer sent close_notify and everything it sent before has been read.
    Closed,
}

/// A TLS connection, client or server, with no I/O of its own.
///
/// Driving it (the order a transport loop calls things):
///
/// 1. Queued TLS bytes: [`Connection::pending_tls`] / [`Connection::consume_tls`] (or
///    [`Connection::take_tls`]) — send them to the peer while [`Connection::wants_write`]. A
///    client has its ClientHello queued from the start.
/// 2. Bytes from the peer, while [`Connection::wants_read`]: [`Connection::read_tls`], which
///    takes as many as it can buffer and processes every complete record. Call it again with
///    the rest. When the transport ends, say so with [`Connection::transport_ended`].
/// 3. Plaintext: [`Connection::read`] for what the peer sent (it tells "not yet" from "closed"),
///    [`Connection::write`] for what to send; it takes what fits under
///    [`Limits::max_pending_tls`](crate::Limits::max_pending_tls) and says how much it took.
/// 4. State: [`Connection::status`], [`Connection::negotiated`].
///
/// TLS 1.3 0-RTT, where both configs enable it: a client calls
/// [`Connection::write_early_data_replayable`] right after [`Connection::client`], before step
/// 1; a server finds the early bytes first in [`Connection::read`], or apart with
/// [`Connection::read_early_data`].
/// 5. End: [`Connection::close`] queues close_notify.
///
/// Errors are final: once a call returns an error, the alert it caused is queued (send it) and
/// every later call returns the same error.
pub struct Connection {
    cx: Context,
    state: Option<Box<dyn State>>,
    /// The gate in force: the current state's, once applied.
    gate: Gate,
    error: Option<Error>,
    /// The transport ended (no more TLS bytes will come).
    transport_ended: bool,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("side", &self.cx.side)
            .field("status", &self.cx.status)
            .field("state", &self.state.as_ref().map(|s| s.name()))
            .field("negotiated", &self.cx.negotiated)
            .finish()
    }
}

/// The gate of a connection with no state left (failed): nothing is accepted.
const CLOSED_GATE: Gate = Gate {
    handshake: &[],
    policy: Policy::TLS13,
};

impl Connection {
    /// A client connection to `server_name` (a DNS name or an IP address); the ClientHello is
    /// queued at once.
    pub fn client(
        config: Arc<ClientConfig>,
        server_name: stratls_pki::ServerName<'static>,
    ) -> Result<Self, Error> {
        let mut cx = Context::new(Side::Client, &config.shared);
        let state = crate::client::start(&mut cx, config, server_name)?;
        Ok(Self::with_state(cx, state))
    }

    /// A server connection waiting for a ClientHello.
    pub fn server(config: Arc<ServerConfig>) -> Result<Self, Error> {
        let cx = Context::new(Side::Server, &config.shared);
        let state = crate::server::start(config)?;
        Ok(Self::with_state(cx, state))
    }

    fn with_state(cx: Context, state: Box<dyn State>) -> Self {
        let mut conn = Self {
            cx,
            state: Some(state),
            gate: CLOSED_GATE,
            error: None,
            transport_ended: false,
        };
        conn.apply_gate();
        conn
    }

    /// Client or server.
    pub fn side(&self) -> Side {
        self.cx.side
    }

    /// Where the connection stands.
    pub fn status(&self) -> Status {
        self.cx.status
    }

    /// Whether the handshake is still running.
    pub fn is_handshaking(&self) -> bool {
        self.cx.status == Status::Handshaking
    }

    /// What the handshake agreed on, once it completed.
    pub fn negotiated(&self) -> Option<&Negotiated> {
        self.cx.negotiated.as_ref()
    }

    /// The error the connection failed with, if it failed.
    pub fn error(&self) -> Option<&Error> {
        self.error.as_ref()
    }

    /// TLS bytes waiting to be sent to the peer.
    pub fn pending_tls(&self) -> &[u8] {
        self.cx.queued()
    }

    /// Marks `n` bytes of [`Connection::pending_tls`] as sent.
    pub fn consume_tls(&mut self, n: usize) {
        self.cx.sent(n);
    }

    /// Takes every queued TLS byte.
    pub fn take_tls(&mut self) -> Vec<u8> {
        self.cx.take_queued()
    }

    /// Whether TLS bytes are waiting to be sent.
    pub fn wants_write(&self) -> bool {
        !self.cx.queued().is_empty()
    }

    /// Whether the connection takes TLS bytes from the peer now: it has not failed, the peer
    /// has not closed, the transport has not ended, and the plaintext it holds for
    /// [`Connection::read`] is below
    /// [`Limits::max_received_plaintext`](crate::Limits::max_received_plaintext) (charged
    /// with the memory it holds).
    pub fn wants_read(&self) -> bool {
        matches!(self.cx.status, Status::Handshaking | Status::Established)
            && !self.transport_ended
            && !self.received_full()
    }

    fn received_full(&self) -> bool {
        self.cx.received.charged() >= self.cx.limits.max_received_plaintext
    }

    /// Takes TLS bytes received from the peer and processes every complete record. Returns how
    /// many bytes were taken: fewer than given when the buffer is full (process the rest with
    /// another call, after reading plaintext if [`Connection::read`] has some).
    pub fn read_tls(&mut self, data: &[u8]) -> Result<usize, Error> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        if self.received_full() {
            return Ok(0);
        }
        let taken = self.cx.reader.feed(data);
        self.process().map(|()| taken)
    }

    /// [`Connection::read_tls`] without the copy, for a transport that reads into a
    /// [`BytesMut`]: the complete records at the front of `data` are split off it (no byte is
    /// copied), decrypted where they lie and processed, as many as the plaintext limit lets in.
    /// Returns how many bytes were taken from the front of `data`.
    ///
    /// What is left in `data` is an incomplete record (append the bytes that follow it and
    /// call again) or what did not fit (read plaintext first, as with `read_tls`). A header the
    /// connection refuses is taken and fails at once, its alert queued, without waiting for
    /// the body. Plaintext of a large record then waits for [`Connection::read`] or
    /// [`Connection::read_buf`] in `data`'s own allocation, which it keeps alive until it is
    /// read: `data` can reuse that space (`reserve` reclaims it) once it is. After bytes given
    /// to `read_tls`, the record they begin is completed by copy and the ones after it are
    /// taken without one; the two calls may be mixed.
    pub fn read_tls_buf(&mut self, data: &mut BytesMut) -> Result<usize, Error> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        let mut taken = 0;
        // Each turn takes at least one byte, or stops.
        while !self.received_full() && self.cx.status != Status::PeerClosed {
            let n = self.cx.reader.feed_owned(data);
            if n == 0 {
                break;
            }
            taken += n;
            self.process()?;
        }
        Ok(taken)
    }

    /// The transport ended: no more TLS bytes will come. A connection that has not received
    /// close_notify then fails with [`Error::Truncated`] (during the handshake at once,
    /// afterwards once [`Connection::read`] has handed out what was received).
    pub fn transport_ended(&mut self) -> Result<(), Error> {
        self.transport_ended = true;
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        match self.cx.status {
            Status::Handshaking => self.fail(Error::Truncated),
            _ => Ok(()),
        }
    }

    fn process(&mut self) -> Result<(), Error> {
        loop {
            if self.cx.status == Status::PeerClosed {
                return Ok(());
            }
            let next = self.cx.reader.next_message();
            self.cx.report_read();
            let message = match next {
                Ok(Some(m)) => m,
                Ok(None) => return Ok(()),
                Err(e) => return self.fail(e.into()),
            };
            if let Err(e) = self.handle(message) {
                return self.fail(e);
            }
        }
    }

    /// Applies the current state's gate: its record-layer parts go to the reader; the rest is
    /// checked in [`Connection::handle`].
    fn apply_gate(&mut self) {
        let gate = self.state.as_ref().map_or(CLOSED_GATE, |s| s.gate());
        let (now, before) = (gate.policy, self.gate.policy);
        let reader = &mut self.cx.reader;
        reader.set_ccs_policy(now.ccs);
        reader.set_plaintext_alerts(now.plaintext_alerts);
        reader.set_application_data(now.application_data);
        // A ClientHello may be as long as its vectors' bounds allow, where one is accepted; a
        // Finished is exactly its verify_data. Every other type has Limits::max_handshake_len.
        let client_hello = HandshakeType::ClientHello;
        reader.set_handshake_ceiling(
            client_hello,
            gate.handshake
                .contains(&client_hello)
                .then_some(MAX_CLIENT_HELLO_LEN),
        );
        reader.set_handshake_ceiling(HandshakeType::Finished, now.finished_len);
        // One budget for the whole handshake: started when a state first skips, ended when
        // one stops.
        match (before.skip_early_data, now.skip_early_data) {
            (false, true) => reader.skip_early_data(self.cx.limits.max_skipped_early_data),
            (true, false) => reader.stop_skipping_early_data(),
            _ => {}
        }
        self.gate = gate;
    }

    fn state_name(&self) -> &'static str {
        self.state.as_ref().map_or("Failed", |s| s.name())
    }

    fn handle(&mut self, message: Message) -> Result<(), Error> {
        match message {
            Message::Handshake(hs) => {
                let typ = hs.typ();
                if typ == HandshakeType::HelloRequest && self.gate.policy.ignore_hello_request {
                    return self.ignore_hello_request(hs.body(), hs.encoded());
                }
                if !self.gate.handshake.contains(&typ) {
                    return Err(unexpected(
                        self.state_name(),
                        self.gate.handshake,
                        MessageKind::Handshake(typ),
                    ));
                }
                let decoded = HandshakeMessage::parse(typ, hs.body(), self.gate.policy.parse)?;
                self.cx.emit(Event::Handshake {
                    direction: Direction::Received,
                    message: &decoded,
                    encoded: hs.encoded(),
                });
                let state = self
                    .state
                    .take()
                    .ok_or(Error::Api("connection already failed"))?;
                let next = state.handle(
                    &mut self.cx,
                    Incoming {
                        message: decoded,
                        encoded: hs.encoded(),
                    },
                )?;
                self.state = Some(next);
                self.apply_gate();
                Ok(())
            }
            // The reader delivers a change_cipher_spec only where the gate says so.
            Message::ChangeCipherSpec => {
                self.cx.emit(Event::ChangeCipherSpec {
                    direction: Direction::Received,
                });
                let state = self
                    .state
                    .take()
                    .ok_or(Error::Api("connection already failed"))?;
                self.state = Some(state.handle_change_cipher_spec(&mut self.cx)?);
                self.apply_gate();
                Ok(())
            }
            Message::Alert(alert) => self.handle_alert(alert),
            Message::ApplicationData(data) => {
                if !self.gate.policy.application_data {
                    return Err(unexpected(
                        self.state_name(),
                        self.gate.handshake,
                        MessageKind::ApplicationData,
                    ));
                }
                if let Some(max) = self.gate.policy.early_data {
                    let total = self.cx.early_received.saturating_add(data.len() as u64);
                    if total > u64::from(max) {
                        return Err(Error::PeerMisbehaved(Misbehaviour::TooMuchEarlyData));
                    }
                    self.cx.early_received = total;
                    self.cx.early_unread += data.len();
                }
                self.cx.key_updates_in_row = 0;
                self.cx.emit(Event::ApplicationData {
                    direction: Direction::Received,
                    len: data.len(),
                });
                self.cx.received.push(data);
                Ok(())
            }
        }
    }

    /// A HelloRequest to a TLS 1.2 client that is negotiating (the gate says so): decoded,
    /// reported, counted, and otherwise ignored; no state and no transcript sees it.
    fn ignore_hello_request(&mut self, body: &[u8], encoded: &[u8]) -> Result<(), Error> {
        let message = HandshakeMessage::HelloRequest(HelloRequest::parse(body)?);
        self.cx.emit(Event::Handshake {
            direction: Direction::Received,
            message: &message,
            encoded,
        });
        self.cx
            .count_post_handshake(Misbehaviour::RenegotiationFlood)?;
        self.cx
            .decide(|| "HelloRequest while negotiating: ignored (RFC 5246 §7.4.1.1)".into());
        Ok(())
    }

    fn handle_alert(&mut self, alert: Alert) -> Result<(), Error> {
        self.cx.emit(Event::Alert {
            direction: Direction::Received,
            alert,
        });
        match alert.description {
            AlertDescription::CloseNotify => {
                if self.cx.status == Status::Handshaking {
                    return Err(Error::ClosedDuringHandshake);
                }
                self.cx.status = Status::PeerClosed;
                Ok(())
            }
            // user_canceled is followed by close_notify (RFC 8446 §6.1). It and the TLS 1.2
            // warnings tolerated here count against `Limits::max_records_without_data` in the
            // record reader, with the empty records.
            AlertDescription::UserCanceled => Ok(()),
            description => {
                if self.gate.policy.warning_alerts && alert.level == AlertLevel::Warning {
                    return Ok(());
                }
                Err(Error::AlertReceived(description))
            }
        }
    }

    /// Records `error`: queues its alert, drops the state, returns it.
    fn fail<T>(&mut self, error: Error) -> Result<T, Error> {
        if let Some(alert) = error.alert() {
            self.cx.send_alert(alert, AlertLevel::Fatal);
        }
        self.cx.status = Status::Failed;
        self.state = None;
        self.gate = CLOSED_GATE;
        self.error = Some(error.clone());
        Err(error)
    }

    /// Reads plaintext the peer sent into `buf`.
    ///
    /// Plaintext received before a failure, a close_notify or the end of the transport is
    /// handed out first; then [`Read::Closed`] after close_notify, and the error after a
    /// failure or a transport that ended without close_notify ([`Error::Truncated`]).
    pub fn read(&mut self, buf: &mut [u8]) -> Result<Read, Error> {
        if buf.is_empty() {
            return Ok(Read::Data(0));
        }
        let n = self.cx.received.read(buf);
        if n > 0 {
            self.cx.early_unread = self.cx.early_unread.saturating_sub(n);
            return Ok(Read::Data(n));
        }
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        match self.cx.status {
            Status::PeerClosed => Ok(Read::Closed),
            _ if self.transport_ended => self.fail(Error::Truncated),
            _ => Ok(Read::WouldBlock),
        }
    }

    /// Keeps the connection's buffers when they empty (`false`, the default, gives them back):
    /// the queue of TLS output (up to one maximal record), the receive buffer (one maximal
    /// record) and the queue of received plaintext, so that a connection streaming records
    /// allocates nothing per record. An idle connection then holds about two maximal records
    /// (some 35 KiB) instead of no buffer: set it for connections that carry bulk data.
    pub fn keep_buffers(&mut self, keep: bool) {
        self.cx.keep_buffers = keep;
        self.cx.reader.keep_buffer(keep);
        self.cx.received.keep = keep;
        if !keep && self.cx.queued().is_empty() {
            self.cx.sent(0);
        }
    }

    /// Plaintext the peer sent, in place: the first contiguous piece of what waits (at least one
    /// record's content when records are large), without copying it out. Mark what was used
    /// with [`Connection::consume`]; the next piece shows then. Empty when nothing waits: call
    /// [`Connection::read`] then to tell "not yet" from close_notify or a failure.
    ///
    /// It hands out the same bytes in the same order as [`Connection::read`], early data first
    /// (see [`Connection::read_early_data`]); the two may be mixed.
    pub fn read_buf(&self) -> &[u8] {
        self.cx.received.front()
    }

    /// Marks the first `n` bytes of [`Connection::read_buf`] as read (all of it if `n` is
    /// larger), so that they are not handed out again and the memory they hold counts no more
    /// against [`Limits::max_received_plaintext`](crate::Limits::max_received_plaintext).
    /// Returns how many bytes were marked.
    pub fn consume(&mut self, n: usize) -> usize {
        let n = self.cx.received.consume(n);
        self.cx.early_unread = self.cx.early_unread.saturating_sub(n);
        n
    }

    /// Server: reads only plaintext that arrived as TLS 1.3 0-RTT (early) data, into `buf`;
    /// returns how many bytes were copied (0 when no early data is waiting).
    ///
    /// Early data comes before every other byte of the client, so [`Connection::read`] hands
    /// it out first too: this call is [`Connection::read`] stopped at the end of the early
    /// data, for an application that treats it apart. Early data can be a replay (RFC 8446
    /// §8): act on it only for requests that are safe to repeat. It is readable as soon as it
    /// arrives, before the handshake completes; whether the client is who the ticket says is
    /// known only once it does.
    pub fn read_early_data(&mut self, buf: &mut [u8]) -> usize {
        let want = buf.len().min(self.cx.early_unread);
        let n = self.cx.received.read(&mut buf[..want]);
        self.cx.early_unread -= n;
        n
    }

    /// Server: how many bytes of TLS 1.3 0-RTT data arrived on this connection (read or
    /// not): the first this many bytes [`Connection::read`] hands out were early data.
    pub fn early_data_received(&self) -> u64 {
        self.cx.early_received
    }

    /// Client: sends `data` as TLS 1.3 0-RTT (early) data, right after the ClientHello, and
    /// returns how many bytes were taken.
    ///
    /// Early data is offered when [`ClientConfig::enable_early_data`] is set and the ticket
    /// taken allows it; call this right after [`Connection::client`], before any byte from the
    /// server is read. It takes at most what the ticket's max_early_data_size leaves (a short
    /// count past it) and nothing (0) once the server has answered. An attacker can replay
    /// early data to the server (RFC 8446 §8): send only what is safe to repeat.
    ///
    /// Whether the server took it is [`Negotiated::early_data`] once the handshake completes;
    /// when rejected, none of it was delivered and it is not sent again: write it again with
    /// [`Connection::write`] if it is still wanted. Fails with [`Error::Api`] (the connection
    /// goes on) when this ClientHello offered no early data.
    pub fn write_early_data_replayable(&mut self, data: &[u8]) -> Result<usize, Error> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        if self.cx.sent_close {
            return Err(Error::Api("write after close"));
        }
        let room = match self.cx.early_write {
            EarlyWrite::NotOffered => {
                return Err(Error::Api("this connection offers no early data"));
            }
            EarlyWrite::Closed => return Ok(0),
            EarlyWrite::Open { room } => room,
        };
        let n = room.min(data.len());
        self.cx.early_write = EarlyWrite::Open { room: room - n };
        match self.cx.write_application_data(&data[..n]) {
            Ok(()) => Ok(n),
            Err(e) => self.fail(e),
        }
    }

    /// How many plaintext bytes are waiting for [`Connection::read`].
    pub fn plaintext_available(&self) -> usize {
        self.cx.received.len()
    }

    /// Queues plaintext to send and returns how many bytes were taken.
    ///
    /// Before the handshake completes, up to
    /// [`Limits::max_early_plaintext`](crate::Limits::max_early_plaintext) bytes are held and
    /// sent once it does. Afterwards it takes what fits, as records, under
    /// [`Limits::max_pending_tls`](crate::Limits::max_pending_tls) bytes of queued TLS
    /// output: 0 means "send [`Connection::pending_tls`] first".
    pub fn write(&mut self, data: &[u8]) -> Result<usize, Error> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        if self.cx.sent_close {
            return Err(Error::Api("write after close"));
        }
        match self.cx.status {
            Status::Handshaking => {
                let room = self
                    .cx
                    .limits
                    .max_early_plaintext
                    .saturating_sub(self.cx.early_plaintext.len());
                let n = room.min(data.len());
                self.cx.early_plaintext.extend_from_slice(&data[..n]);
                Ok(n)
            }
            Status::Established | Status::PeerClosed => {
                // TLS 1.3 changes keys before the AEAD's limit; TLS 1.2 has no KeyUpdate, so its
                // writer refuses to pass the limit and the connection fails instead.
                let tls13 = self
                    .cx
                    .negotiated
                    .as_ref()
                    .is_some_and(|n| n.version == Some(ProtocolVersion::TLSv1_3));
                if tls13 && self.cx.writer.key_update_due() {
                    self.update_keys(false)?;
                }
                let n = self.cx.writable(data.len());
                match self.cx.write_application_data(&data[..n]) {
                    Ok(()) => Ok(n),
                    Err(e) => self.fail(e),
                }
            }
            Status::Failed => Err(Error::Api("connection failed")),
        }
    }

    /// Queues close_notify. Nothing more can be written afterwards.
    pub fn close(&mut self) {
        if !self.cx.sent_close && self.cx.status != Status::Failed {
            self.cx.sent_close = true;
            self.cx
                .send_alert(AlertDescription::CloseNotify, AlertLevel::Warning);
        }
    }

    /// Sends a TLS 1.3 KeyUpdate, asking the peer to update its keys too if `request_peer`.
    pub fn update_keys(&mut self, request_peer: bool) -> Result<(), Error> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        if self.cx.status != Status::Established && self.cx.status != Status::PeerClosed {
            return Err(Error::Api("key update before the handshake completed"));
        }
        let state = self.state.as_mut().ok_or(Error::Api("connection failed"))?;
        match state.send_key_update(&mut self.cx, request_peer) {
            Ok(()) => Ok(()),
            Err(e @ Error::Api(_)) => Err(e),
            Err(e) => self.fail(e),
        }
    }

    /// Keying material exporter (RFC 8446 §7.5, RFC 5705): `len` bytes for `label` and
    /// `context`. Available once the handshake completed, except on a TLS 1.2 connection
    /// without the extended master secret (RFC 7627 §5.4).
    pub fn export_keying_material(
        &self,
        label: &[u8],
        context: Option<&[u8]>,
        len: usize,
    ) -> Result<Vec<u8>, Error> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        let exporter = self
            .cx
            .exporter
            .as_ref()
            .ok_or(Error::Api("exporter before the handshake completed"))?;
        exporter.export(label, context, len)
    }
}
