//! SMACK and SKIP-TLS: every handshake message a side receives skipped, repeated or swapped
//! with the next, in TLS 1.3 and TLS 1.2, on both sides, each message sealed under the key
//! the receiver reads with where it is placed. The receiver must refuse the first message
//! that is out of place with `unexpected_message` and never complete the handshake; the few
//! cases the RFCs allow (or that fail later, with another alert) are listed with the reason.

use stratls_codec::{ContentType, HandshakeType};
use stratls_handshake::{Error, MessageKind, Side};

use crate::script::types::*;
use crate::script::{Input, Recording, Setup, Version, every_case, is_hello_retry};

/// How a sequence is changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Skip(usize),
    Repeat(usize),
    Swap(usize),
}

impl Change {
    fn all(n: usize) -> Vec<Change> {
        let mut out: Vec<Change> = (0..n).map(Change::Skip).collect();
        out.extend((0..n).map(Change::Repeat));
        out.extend((0..n.saturating_sub(1)).map(Change::Swap));
        out
    }

    /// The indices of the changed sequence.
    fn apply(self, n: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..n).collect();
        match self {
            Change::Skip(i) => {
                order.remove(i);
            }
            Change::Repeat(i) => order.insert(i + 1, i),
            Change::Swap(i) => order.swap(i, i + 1),
        }
        order
    }
}

/// What the handshake part of `side`'s recorded input is: everything up to the peer's
/// Finished (TLS 1.3: without the optional compatibility change_cipher_spec, which a peer
/// may send anywhere in its first flight; tickets after the handshake left out).
fn handshake_input(rec: &Recording, side: Side) -> Vec<Input> {
    let input = rec.input(side);
    let fin = input
        .iter()
        .rposition(|i| i.handshake_type() == Some(FINISHED))
        .expect("the peer's Finished");
    input[..=fin]
        .iter()
        .filter(|i| {
            rec.version == Version::Tls12
                || !matches!(i, Input::Content(ContentType::ChangeCipherSpec, _))
        })
        .cloned()
        .collect()
}

fn kind(input: &Input) -> MessageKind {
    if is_hello_retry(input) {
        return MessageKind::HelloRetryRequest;
    }
    match input {
        Input::Content(ContentType::ChangeCipherSpec, _) => MessageKind::ChangeCipherSpec,
        Input::Content(ContentType::Handshake, m) => {
            MessageKind::Handshake(HandshakeType::from(m[0]))
        }
        other => panic!("not a message: {other:?}"),
    }
}

/// The outcome a changed sequence must have.
#[derive(Debug)]
enum Expect {
    /// `unexpected_message` for the message that arrived out of place.
    Unexpected(MessageKind),
    /// The receiver waits for the message that never came.
    Waiting,
    /// An exception, with its alert and the reason.
    Other(
        fn(&Error) -> bool,
        stratls_codec::AlertDescription,
        &'static str,
    ),
}

/// The cases in which the first message out of place is one the receiver may take.
fn exception(version: Version, change: Change, original: &[Input]) -> Option<Expect> {
    let typ = |i: usize| original[i].handshake_type();
    match change {
        // CertificateRequest is optional: without it the receiver goes on, and its transcript
        // differs from the sender's.
        Change::Skip(i) if typ(i) == Some(CERTIFICATE_REQUEST) => Some(match version {
            // The server's CertificateVerify signs the transcript with the request in it.
            Version::Tls13 => Expect::Other(
                |e| matches!(e, Error::BadSignature),
                stratls_codec::AlertDescription::DecryptError,
                "TLS 1.3: the CertificateVerify covers the request",
            ),
            // The client sends no certificate, derives another master secret (the extended
            // master secret hashes the transcript) and cannot open the server's Finished.
            Version::Tls12 => Expect::Other(
                |e| matches!(e, Error::Record(stratls_record::RecordError::BadRecordMac)),
                stratls_codec::AlertDescription::BadRecordMac,
                "TLS 1.2: the session hash covers the request",
            ),
        }),
        // Swapped with the message after it, that message is taken in its place; the request
        // then arrives where it no longer may.
        Change::Swap(i) if typ(i) == Some(CERTIFICATE_REQUEST) => {
            Some(Expect::Unexpected(kind(&original[i])))
        }
        _ => None,
    }
}

fn expected(version: Version, change: Change, original: &[Input]) -> Expect {
    if let Some(e) = exception(version, change, original) {
        return e;
    }
    let n = original.len();
    let order = change.apply(n);
    match order.iter().zip(0..).find(|&(&got, at)| got != at) {
        // A ServerHello where the HelloRetryRequest was is a ServerHello the state takes, for
        // a group the first hello has no share for.
        Some((&got, at))
            if original.get(at).is_some_and(is_hello_retry)
                && original[got].handshake_type() == Some(SERVER_HELLO)
                && !is_hello_retry(&original[got]) =>
        {
            Expect::Other(
                |e| {
                    matches!(
                        e,
                        Error::PeerMisbehaved(stratls_handshake::Misbehaviour::UnofferedGroup)
                    )
                },
                stratls_codec::AlertDescription::IllegalParameter,
                "the ServerHello's group has no share",
            )
        }
        // The second ClientHello first is a first hello the server takes; its transcript, and
        // so its keys, are not the client's: the next sealed record does not open.
        Some((&got, 0)) if original[got].handshake_type() == Some(CLIENT_HELLO) => Expect::Other(
            |e| matches!(e, Error::Record(stratls_record::RecordError::BadRecordMac)),
            stratls_codec::AlertDescription::BadRecordMac,
            "the second hello taken as a first one",
        ),
        // Where the second ClientHello belongs, another is a second hello that does not
        // follow the HelloRetryRequest.
        Some((&got, at))
            if original[got].handshake_type() == Some(CLIENT_HELLO)
                && original.get(at).and_then(Input::handshake_type) == Some(CLIENT_HELLO) =>
        {
            Expect::Other(
                |e| {
                    matches!(
                        e,
                        Error::PeerMisbehaved(
                            stratls_handshake::Misbehaviour::BadSecondClientHello
                        )
                    )
                },
                stratls_codec::AlertDescription::IllegalParameter,
                "a second hello that does not follow the retry",
            )
        }
        Some((&got, _)) => Expect::Unexpected(kind(&original[got])),
        None if order.len() < n => Expect::Waiting,
        None => unreachable!("a change changes the order"),
    }
}

fn smack(version: Version, setup: Setup) -> usize {
    let rec = Recording::with(version, setup);
    let mut tried = 0;
    for (v, side) in every_case() {
        if v != version {
            continue;
        }
        let original = handshake_input(&rec, side);
        for change in Change::all(original.len()) {
            let input: Vec<Input> = change
                .apply(original.len())
                .into_iter()
                .map(|i| original[i].clone())
                .collect();
            let outcome = rec.replay(side, &input);
            let what = format!(
                "{version:?} {side:?} {change:?} of {:?}",
                types_of(&original)
            );
            match expected(version, change, &original) {
                Expect::Unexpected(got) => {
                    outcome.assert_refused(
                        |e| match e {
                            // The record layer refuses a change_cipher_spec from its
                            // header wherever the state takes none.
                            Error::UnexpectedMessage { got: g, .. } => {
                                *g == got && got != MessageKind::ChangeCipherSpec
                            }
                            Error::Record(
                                stratls_record::RecordError::UnexpectedChangeCipherSpec,
                            ) => got == MessageKind::ChangeCipherSpec,
                            _ => false,
                        },
                        &format!("unexpected {got:?} ({what})"),
                        stratls_codec::AlertDescription::UnexpectedMessage,
                        b"",
                    );
                }
                Expect::Waiting => outcome.assert_waiting(),
                Expect::Other(error, alert, why) => {
                    outcome.assert_refused(error, &format!("{why} ({what})"), alert, b"");
                }
            }
            tried += 1;
        }
    }
    tried
}

fn types_of(input: &[Input]) -> Vec<String> {
    input
        .iter()
        .map(|i| match i.handshake_type() {
            Some(t) => format!("{:?}", HandshakeType::from(t)),
            None => "CCS".to_string(),
        })
        .collect()
}

#[test]
fn tls13_every_message_skipped_repeated_or_swapped_is_unexpected_message() {
    let n = smack(
        Version::Tls13,
        Setup {
            client_auth: true,
            ..Setup::default()
        },
    ) + smack(Version::Tls13, Setup::default());
    assert!(n > 30, "{n} cases");
}

#[test]
fn tls13_after_a_hello_retry_every_message_skipped_repeated_or_swapped_is_refused() {
    let n = smack(
        Version::Tls13,
        Setup {
            hrr: true,
            ..Setup::default()
        },
    );
    assert!(n > 20, "{n} cases");
}

#[test]
fn tls12_every_message_skipped_repeated_or_swapped_is_unexpected_message() {
    let n = smack(
        Version::Tls12,
        Setup {
            client_auth: true,
            ..Setup::default()
        },
    ) + smack(Version::Tls12, Setup::default());
    assert!(n > 30, "{n} cases");
}
