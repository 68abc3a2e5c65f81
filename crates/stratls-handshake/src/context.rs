//! The context every handshake state works in: the record layer, the queues of bytes and
//! plaintext, the limits and the hooks (observer, key log, clock). What a state decides is
//! carried by the states themselves; the context learns the outcome once, when the handshake
//! completes ([`Context::established`]).

use std::sync::Arc;

use bytes::{Buf, BytesMut};
use stratls_codec::{Alert, AlertDescription, AlertLevel, ContentType, HandshakeMessage};
use stratls_keyschedule::keylog::KeyLog;
use stratls_pki::UnixTime;
use stratls_record::{
    MAX_BUFFERED_RECORD, ReadLimits, RecordCopy, RecordProtection, RecordReader, RecordWriter,
};

use crate::config::{Limits, SharedConfig};
use crate::error::Error;
use crate::exporter::Exporter;
use crate::negotiated::{Negotiated, Side, Status};
use crate::observer::{Direction, Event, KeyPhase, Observer, SecretKind};
use crate::proof::VerifiedChain;
use crate::received::Received;
use crate::transcript::Transcript;
use crate::verify::TimeProvider;

/// The most a protected record adds to its plaintext without padding: the header, a TLS 1.2
/// explicit nonce, the TLS 1.3 content type and a 16-byte tag.
const MAX_RECORD_OVERHEAD: usize = 5 + 8 + 1 + 16;

/// Room `write` leaves under `Limits::max_pending_tls` for what the connection queues on its
/// own: one answer (a KeyUpdate record is 27 bytes, a TLS 1.2 warning alert at most 31) and
/// a final alert (at most 31).
const ANSWER_ROOM: usize = 64;

/// Whether a client may write 0-RTT data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EarlyWrite {
    /// The ClientHello offered no early data.
    NotOffered,
    /// Offered, and our writes are under the early traffic key: this many more bytes fit in
    /// the ticket's max_early_data_size.
    Open { room: usize },
    /// Offered, and the time for it has passed (the server answered).
    Closed,
}

/// The context every state works in: the connection minus its current state.
pub(crate) struct Context {
    pub(crate) side: Side,
    pub(crate) reader: RecordReader,
    pub(crate) writer: RecordWriter,
    /// TLS bytes queued for the peer.
    out: BytesMut,
    /// Whether `out` is kept when sent to its end (up to one maximal record's capacity), for
    /// the next records, instead of given back (`Connection::keep_buffers`).
    pub(crate) keep_buffers: bool,
    /// Where in `out` the answer the connection queued on its own (a KeyUpdate answering the
    /// peer's request, a TLS 1.2 no_renegotiation warning) ends, while it is still queued.
    answer_end: Option<usize>,
    /// Plaintext from the peer, waiting for the application.
    pub(crate) received: Received,
    pub(crate) early_plaintext: Vec<u8>,
    /// Client: whether 0-RTT data may be written now, and how much more.
    pub(crate) early_write: EarlyWrite,
    /// Server: 0-RTT bytes received (all of them, read or not) and not yet read.
    pub(crate) early_received: u64,
    pub(crate) early_unread: usize,
    /// What the handshake agreed on, once it completed.
    pub(crate) negotiated: Option<Negotiated>,
    pub(crate) observer: Option<Arc<dyn Observer>>,
    /// Whether the observer also gets records and secrets (`dangerous_secret_events`).
    secret_events: bool,
    pub(crate) key_log: Option<Arc<dyn KeyLog>>,
    pub(crate) time: Arc<dyn TimeProvider>,
    pub(crate) limits: Limits,
    pub(crate) exporter: Option<Exporter>,
    pub(crate) status: Status,
    pub(crate) key_updates_in_row: u32,
    pub(crate) sent_close: bool,
}

impl Context {
    pub(crate) fn new(side: Side, shared: &SharedConfig) -> Self {
        let limits = shared.limits;
        let observer = shared.observer.clone();
        let secret_events = shared.dangerous_secret_events && observer.is_some();
        let mut reader = RecordReader::new();
        reader.set_limits(ReadLimits {
            max_handshake_len: limits.max_handshake_len,
            max_records_without_data: limits.max_records_without_data,
        });
        reader.keep_copies(secret_events);
        let mut writer = RecordWriter::new();
        writer.keep_copies(secret_events);
        Self {
            side,
            reader,
            writer,
            out: BytesMut::new(),
            keep_buffers: false,
            answer_end: None,
            received: Received::default(),
            early_plaintext: Vec::new(),
            early_write: EarlyWrite::NotOffered,
            early_received: 0,
            early_unread: 0,
            negotiated: None,
            observer,
            secret_events,
            key_log: shared.key_log.clone(),
            time: shared.time.clone(),
            limits,
            exporter: None,
            status: Status::Handshaking,
            key_updates_in_row: 0,
            sent_close: false,
        }
    }

    /// Reports `event` to the observer, if there is one.
    pub(crate) fn emit(&self, event: Event<'_>) {
        if let Some(o) = &self.observer {
            o.on_event(&event);
        }
    }

    /// Whether the observer gets records and secrets.
    pub(crate) fn secret_events(&self) -> bool {
        self.secret_events
    }

    /// Reports a secret as it is derived, if the observer gets secrets.
    pub(crate) fn report_secret(
        &self,
        kind: SecretKind,
        value: &[u8],
        transcript_hash: Option<&[u8]>,
    ) {
        if self.secret_events {
            self.emit(Event::Secret {
                kind,
                value,
                transcript_hash,
            });
        }
    }

    /// Reports the records read since the last call (see [`Context::report_written`]).
    pub(crate) fn report_read(&mut self) {
        if self.secret_events {
            for record in self.reader.take_copies() {
                self.emit(Event::Record {
                    direction: Direction::Received,
                    record: &record,
                });
            }
        }
    }

    /// Reports the records written since the last call, if the observer gets records.
    fn report_written(&mut self) {
        if self.secret_events {
            for record in self.writer.take_copies() {
                self.emit(Event::Record {
                    direction: Direction::Sent,
                    record: &record,
                });
            }
        }
    }

    /// Reports a decision; the text is built only when someone listens.
    pub(crate) fn decide(&self, text: impl FnOnce() -> String) {
        if let Some(o) = &self.observer {
            o.on_event(&Event::Decision(&text()));
        }
    }

    /// Encodes `message`, adds it to `transcript` and queues it as handshake records.
    pub(crate) fn send(
        &mut self,
        message: &HandshakeMessage,
        transcript: &mut impl Transcript,
    ) -> Result<(), Error> {
        let encoded = message.to_vec();
        transcript.add(&encoded);
        self.queue_handshake(message, &encoded)
    }

    /// Queues `message`, already encoded as `encoded` (its header and body), and adds it to
    /// `transcript`.
    pub(crate) fn send_encoded(
        &mut self,
        message: &HandshakeMessage,
        encoded: &[u8],
        transcript: &mut impl Transcript,
    ) -> Result<(), Error> {
        transcript.add(encoded);
        self.queue_handshake(message, encoded)
    }

    /// Queues a post-handshake message, which no transcript takes (a KeyUpdate).
    pub(crate) fn send_post_handshake(&mut self, message: &HandshakeMessage) -> Result<(), Error> {
        self.queue_handshake(message, &message.to_vec())
    }

    fn queue_handshake(&mut self, message: &HandshakeMessage, encoded: &[u8]) -> Result<(), Error> {
        self.emit(Event::Handshake {
            direction: Direction::Sent,
            message,
            encoded,
        });
        self.writer
            .write(ContentType::Handshake, encoded, &mut self.out)
            .map_err(Error::LocalRecord)?;
        self.report_written();
        Ok(())
    }

    /// Queues a ChangeCipherSpec record.
    pub(crate) fn send_change_cipher_spec(&mut self) {
        let start = self.out.len();
        self.writer.write_change_cipher_spec(&mut self.out);
        self.emit(Event::ChangeCipherSpec {
            direction: Direction::Sent,
        });
        if self.secret_events {
            let record = RecordCopy {
                wire: self.out[start..].to_vec(),
                opened: None,
            };
            self.emit(Event::Record {
                direction: Direction::Sent,
                record: &record,
            });
        }
    }

    /// Installs the protection of the peer's records from the next record on.
    pub(crate) fn set_read_protection(
        &mut self,
        p: RecordProtection,
        phase: KeyPhase,
    ) -> Result<(), Error> {
        self.reader.set_protection(Some(p)).map_err(|_| {
            Error::PeerMisbehaved(crate::error::Misbehaviour::KeyChangeNotOnRecordBoundary)
        })?;
        self.emit(Event::KeyChange {
            direction: Direction::Received,
            phase,
        });
        Ok(())
    }

    /// Installs the protection of our records from the next record on.
    pub(crate) fn set_write_protection(&mut self, p: RecordProtection, phase: KeyPhase) {
        self.writer.set_protection(Some(p));
        self.emit(Event::KeyChange {
            direction: Direction::Sent,
            phase,
        });
    }

    /// Writes one key-log line for the connection with `client_random`, if a key log is
    /// configured and wants the label.
    pub(crate) fn log_key(&self, label: &str, client_random: &[u8; 32], secret: &[u8]) {
        if let Some(k) = self.key_log.as_ref().filter(|k| k.will_log(label)) {
            k.log(label, client_random, secret);
        }
    }

    /// Reports a verified peer chain.
    pub(crate) fn report_chain(&self, chain: &VerifiedChain) {
        self.emit(Event::CertificateVerified {
            end_entity: chain.end_entity().as_ref(),
            intermediates: chain.intermediates(),
        });
    }

    /// The current time from the configured clock.
    pub(crate) fn now(&self) -> Result<UnixTime, Error> {
        self.time
            .now()
            .ok_or(Error::Config("the time provider does not know the time"))
    }

    /// Marks the handshake complete with what it agreed on and the exporter it leaves, and
    /// sends the plaintext written while it ran.
    pub(crate) fn established(
        &mut self,
        negotiated: Negotiated,
        exporter: Exporter,
    ) -> Result<(), Error> {
        self.status = Status::Established;
        self.emit(Event::Established(&negotiated));
        self.negotiated = Some(negotiated);
        self.exporter = Some(exporter);
        let early = std::mem::take(&mut self.early_plaintext);
        self.write_application_data(&early)
    }

    /// The TLS bytes queued for the peer.
    pub(crate) fn queued(&self) -> &[u8] {
        &self.out
    }

    /// Marks `n` queued bytes as sent. A queue sent to its end gives its buffer back, unless
    /// buffers are kept and it is no larger than one maximal record (the next records reuse
    /// it then).
    pub(crate) fn sent(&mut self, n: usize) {
        let n = n.min(self.out.len());
        self.out.advance(n);
        self.answer_end = self
            .answer_end
            .and_then(|end| end.checked_sub(n).filter(|&e| e > 0));
        let keep = self.keep_buffers && self.out.capacity() <= MAX_BUFFERED_RECORD;
        if self.out.is_empty() && !keep {
            self.out = BytesMut::new();
        }
    }

    /// Takes every queued byte.
    pub(crate) fn take_queued(&mut self) -> Vec<u8> {
        self.answer_end = None;
        Vec::from(std::mem::take(&mut self.out))
    }

    /// Whether an answer the connection queued on its own is still waiting to be sent: a
    /// request of the peer that arrives meanwhile needs no answer of its own, as the waiting
    /// one will reach the peer after it anyway. So a peer that never reads cannot make the
    /// queue grow by sending requests.
    pub(crate) fn answer_waiting(&self) -> bool {
        self.answer_end.is_some()
    }

    /// Marks everything queued so far as the answer to wait for (see
    /// [`Context::answer_waiting`]).
    pub(crate) fn answered(&mut self) {
        self.answer_end = Some(self.out.len()).filter(|&e| e > 0);
    }

    /// How many of `len` plaintext bytes fit, as records, under
    /// [`Limits::max_pending_tls`] bytes of queued output, less [`ANSWER_ROOM`] for what the
    /// connection may queue on its own: whole records, and a last short one only when it ends
    /// the data (so a full queue does not turn writes into tiny records). With nothing
    /// queued, one record always fits, so a small limit still makes progress.
    pub(crate) fn writable(&self, len: usize) -> usize {
        let fragment = self.writer.max_fragment_len();
        let room = self
            .limits
            .max_pending_tls
            .saturating_sub(self.out.len() + ANSWER_ROOM);
        let record = fragment + MAX_RECORD_OVERHEAD;
        let mut fits = (room / record) * fragment;
        if len > fits && len - fits <= (room % record).saturating_sub(MAX_RECORD_OVERHEAD) {
            fits = len;
        }
        if self.out.is_empty() {
            fits = fits.max(fragment);
        }
        fits.min(len)
    }

    pub(crate) fn write_application_data(&mut self, data: &[u8]) -> Result<(), Error> {
        if data.is_empty() {
            return Ok(());
        }
        self.writer
            .write(ContentType::ApplicationData, data, &mut self.out)
            .map_err(Error::LocalRecord)?;
        self.emit(Event::ApplicationData {
            direction: Direction::Sent,
            len: data.len(),
        });
        self.report_written();
        Ok(())
    }

    /// A post-handshake message that makes us work (a KeyUpdate, a refused renegotiation
    /// request) arrived; `Err(abuse)` once the peer sends too many in a row. Returns how many
    /// came in a row, this one included.
    pub(crate) fn count_post_handshake(
        &mut self,
        abuse: crate::error::Misbehaviour,
    ) -> Result<u32, Error> {
        self.key_updates_in_row += 1;
        if self.key_updates_in_row > self.limits.max_key_updates_in_row {
            return Err(Error::PeerMisbehaved(abuse));
        }
        Ok(self.key_updates_in_row)
    }

    /// Whether we sent close_notify (nothing more may be sent then).
    pub(crate) fn sent_close(&self) -> bool {
        self.sent_close
    }

    /// Queues an alert (protected if our writes are).
    pub(crate) fn send_alert(&mut self, description: AlertDescription, level: AlertLevel) {
        let alert = Alert { level, description };
        // An alert that cannot be protected any more (sequence numbers exhausted) is dropped:
        // the error is reported to the caller either way.
        if self.writer.write_alert(alert, &mut self.out).is_ok() {
            self.emit(Event::Alert {
                direction: Direction::Sent,
                alert,
            });
            self.report_written();
        }
    }
}
