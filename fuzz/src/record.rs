//! The `record_reader` target: a [`RecordReader`] fed bytes in arbitrary pieces, with and
//! without protection, under every change_cipher_spec policy.

use bytes::{Buf, BytesMut};
use stratls_codec::record::MAX_PLAINTEXT_LEN;
use stratls_codec::{Alert, AlertDescription, AlertLevel, ContentType};
use stratls_crypto::{Iv, Secret, Tls12RecordNonce};
use stratls_record::{
    CcsPolicy, MAX_BUFFERED_RECORD, Message, PadToMultiple, ReadLimits, RecordError,
    RecordProtection, RecordReader, RecordWriter,
};

use crate::input::Input;

/// The reader's setup, from the first byte of the input.
#[derive(Debug, Clone, Copy)]
struct Setup {
    /// 0: none, 1: TLS 1.3 AES-128-GCM, 2: TLS 1.2 AES-128-GCM, 3: TLS 1.2 ChaCha20-Poly1305.
    protection: u8,
    ccs: CcsPolicy,
    plaintext_alerts: bool,
    skip_early_data: bool,
    limits: ReadLimits,
    /// Whether the writer fragments at a few bytes and pads TLS 1.3 records.
    small_fragments: bool,
}

impl Setup {
    fn from_byte(b: u8) -> Self {
        let small = b & 0x40 != 0;
        Self {
            protection: b & 3,
            ccs: match (b >> 2) & 3 {
                1 => CcsPolicy::Ignore,
                2 => CcsPolicy::Deliver,
                _ => CcsPolicy::Reject,
            },
            plaintext_alerts: b & 0x10 != 0,
            skip_early_data: b & 0x20 != 0,
            limits: if small {
                ReadLimits {
                    max_handshake_len: 100,
                    max_records_without_data: 2,
                }
            } else {
                ReadLimits::default()
            },
            small_fragments: b & 0x80 != 0,
        }
    }

    /// A fresh protection for this setup (reader and writer each get one, from the same keys).
    fn protection(&self) -> Option<RecordProtection> {
        let key16 = Secret::from_slice(&[0x42; 16]);
        let key32 = Secret::from_slice(&[0x43; 32]);
        let iv12 = Secret::from_slice(&[0x44; 12]);
        let salt4 = Secret::from_slice(&[0x45; 4]);
        let aes = stratls_rustcrypto::AES_128_GCM;
        let chacha = stratls_rustcrypto::CHACHA20_POLY1305;
        let p = match self.protection {
            1 => RecordProtection::tls13(aes, &key16, &Iv::new([0x44; 12])),
            2 => RecordProtection::tls12(aes, &key16, &salt4, Tls12RecordNonce::Explicit),
            3 => RecordProtection::tls12(chacha, &key32, &iv12, Tls12RecordNonce::Xor),
            _ => return None,
        };
        Some(p.expect("fixed keys fit their AEAD"))
    }
}

/// What the well-formed records of the input carried, to compare with what the reader yields.
#[derive(Debug, Default)]
struct Written {
    handshake: Vec<u8>,
    application_data: Vec<u8>,
    alerts: Vec<Alert>,
    /// Whether every byte came from the writer (no raw bytes), so the comparison applies.
    only_records: bool,
}

/// Builds the bytes a peer sends from the input: a sequence of operations, each either raw
/// bytes or a record written (and protected, if the setup says so) by a [`RecordWriter`]
/// with the reader's keys, so that the fuzzer reaches what lies behind the AEAD.
fn wire(setup: &Setup, input: &mut Input<'_>) -> (Vec<u8>, Written) {
    let mut writer = RecordWriter::new();
    writer.set_protection(setup.protection());
    if setup.small_fragments {
        writer
            .set_max_fragment_len(7)
            .expect("7 is a valid fragment limit");
        writer.set_padding_policy(Box::new(PadToMultiple::new(32)));
    }
    let mut out = BytesMut::new();
    let mut written = Written {
        only_records: true,
        ..Written::default()
    };
    while let Some(op) = input.byte() {
        match op % 4 {
            0 => {
                let n = usize::from(input.byte().unwrap_or_default());
                out.extend_from_slice(input.bytes(n));
                written.only_records = false;
            }
            1 => {
                let typ = [
                    ContentType::Handshake,
                    ContentType::ApplicationData,
                    ContentType::Alert,
                ][usize::from(op / 4 % 3)];
                let len = usize::from(input.u16()) % (2 * MAX_PLAINTEXT_LEN + 100);
                let payload = input.bytes(len);
                if writer.write(typ, payload, &mut out).is_ok() {
                    match typ {
                        ContentType::Handshake => written.handshake.extend_from_slice(payload),
                        ContentType::ApplicationData => {
                            written.application_data.extend_from_slice(payload);
                        }
                        _ => written.alerts.extend(Alert::parse(payload)),
                    }
                }
            }
            2 => {
                let alert = Alert {
                    level: AlertLevel::from(input.byte().unwrap_or(2)),
                    description: AlertDescription::from(input.byte().unwrap_or_default()),
                };
                if writer.write_alert(alert, &mut out).is_ok() {
                    written.alerts.push(alert);
                }
            }
            _ => writer.write_change_cipher_spec(&mut out),
        }
    }
    (out.to_vec(), written)
}

/// Feeds a reader the bytes built from `data` in pieces whose size the input chooses, by
/// [`RecordReader::feed`], by [`RecordReader::feed_owned`] from a transport buffer the pieces
/// are appended to, or by the two in turn (the chunk size chooses).
///
/// Invariants: no panic; no error is `internal_error` (every cause is the peer's); after an
/// error, every later call returns the same error; `feed` always makes progress or a message
/// is ready, and `feed_owned` takes what it says and leaves no complete record at the front of
/// a full transport buffer; handshake messages respect the length ceiling and application data
/// the record size; and when every byte came from a writer with the same keys, what comes out
/// is a prefix of what went in.
pub fn record_reader(data: &[u8]) {
    let mut input = Input::new(data);
    let setup = Setup::from_byte(input.byte().unwrap_or_default());
    let chunk = input.chunk_size();
    let (wire, written) = wire(&setup, &mut input);

    let mut reader = RecordReader::with_limits(setup.limits);
    reader
        .set_protection(setup.protection())
        .expect("a fresh reader takes a key");
    reader.set_ccs_policy(setup.ccs);
    reader.set_plaintext_alerts(setup.plaintext_alerts);
    if setup.skip_early_data {
        reader.skip_early_data(1000);
    }

    let mut feeder = Feeder {
        mode: chunk % 3,
        transport: BytesMut::new(),
        turn: 0,
    };
    let mut got = Written::default();
    let mut rest = wire.as_slice();
    let mut error = None;
    // Every turn but the ones that feed from the transport buffer uses a piece of the input;
    // those come at most every other turn, and the loop ends once nothing is taken.
    'feed: for _ in 0..2 * wire.len() + 4 {
        let piece = rest.get(..chunk.min(rest.len())).unwrap_or_default();
        let (taken, from_rest) = feeder.feed(&mut reader, piece);
        rest = rest.get(from_rest..).unwrap_or_default();
        let mut yielded = false;
        loop {
            match reader.next_message() {
                Ok(Some(message)) => {
                    yielded = true;
                    check_message(&setup, &message, &mut got);
                }
                Ok(None) => break,
                Err(e) => {
                    error = Some(e);
                    break 'feed;
                }
            }
        }
        if taken == 0 && (!piece.is_empty() || !feeder.transport.is_empty()) {
            assert!(
                yielded
                    || (reader.buffered_len() < MAX_BUFFERED_RECORD
                        && feeder.transport.len() < MAX_BUFFERED_RECORD),
                "reader full and stuck"
            );
        }
        if rest.is_empty() && (taken == 0 || feeder.transport.is_empty()) {
            break;
        }
    }
    if let Some(e) = error {
        check_final_error(&mut reader, &e);
    }
    if written.only_records && !setup.skip_early_data {
        assert!(written.handshake.starts_with(&got.handshake));
        assert!(written.application_data.starts_with(&got.application_data));
        assert!(written.alerts.starts_with(&got.alerts));
    }
}

/// How the reader is given its bytes: mode 0 by `feed` alone, 1 by `feed_owned` alone, 2 by
/// the two in turn; `transport` holds what was appended for `feed_owned` and not taken.
struct Feeder {
    mode: usize,
    transport: BytesMut,
    turn: usize,
}

impl Feeder {
    /// Gives `reader` the bytes waiting in the transport buffer and `piece`: returns how many
    /// the reader took, and how many of `piece` are used (appended to the transport buffer,
    /// or taken).
    fn feed(&mut self, reader: &mut RecordReader, piece: &[u8]) -> (usize, usize) {
        self.turn += 1;
        let owned = match self.mode {
            0 => false,
            1 => true,
            _ => self.turn.is_multiple_of(2),
        };
        if owned {
            self.transport.extend_from_slice(piece);
            let before = self.transport.len();
            let taken = reader.feed_owned(&mut self.transport);
            assert_eq!(self.transport.len(), before - taken, "feed_owned's count");
            return (taken, piece.len());
        }
        if !self.transport.is_empty() {
            // What waits in the transport buffer goes first.
            let taken = reader.feed(&self.transport);
            assert!(taken <= self.transport.len());
            self.transport.advance(taken);
            return (taken, 0);
        }
        let taken = reader.feed(piece);
        assert!(taken <= piece.len());
        (taken, taken)
    }
}

fn check_message(setup: &Setup, message: &Message, got: &mut Written) {
    match message {
        Message::Handshake(m) => {
            let body = m.body();
            assert!(body.len() <= setup.limits.max_handshake_len);
            let encoded = m.encoded();
            assert_eq!(encoded.len(), body.len() + 4);
            assert_eq!(encoded.first().copied(), Some(m.typ().to_u8()));
            got.handshake.extend_from_slice(encoded);
        }
        Message::ApplicationData(d) => {
            assert!(!d.is_empty() && d.len() <= MAX_PLAINTEXT_LEN);
            got.application_data.extend_from_slice(d);
        }
        Message::Alert(a) => got.alerts.push(*a),
        Message::ChangeCipherSpec => assert_eq!(setup.ccs, CcsPolicy::Deliver),
    }
}

fn check_final_error(reader: &mut RecordReader, e: &RecordError) {
    assert_ne!(
        e.alert(),
        AlertDescription::InternalError,
        "peer bytes caused a local error: {e:?}"
    );
    assert_eq!(reader.next_message().as_ref(), Err(e));
    reader.feed(&[22, 3, 3, 0, 1, 1]);
    assert_eq!(reader.next_message().as_ref(), Err(e));
    assert_eq!(reader.set_protection(None).as_ref(), Err(e));
}
