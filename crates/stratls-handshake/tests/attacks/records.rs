//! The record layer's bad inputs, at a connection, both sides, both versions: each arrives
//! where the side under test reads it, in the clear before the keys and sealed under the
//! real keys after them, most of them after application data that must still be read.

use stratls_codec::ContentType;
use stratls_handshake::{Error, Misbehaviour, Side};
use stratls_record::RecordError;
use stratls_test_support::records::{self, CCS_RECORD, record, record_with_version};

use crate::script::types::*;
use crate::script::{Input, Recording, Version, every_case};

/// Application data sent before each bad record of these tests.
pub const BEFORE: &[u8] = b"sent before the bad record";

/// The whole recorded handshake to `side`, then [`BEFORE`], then `bad`.
pub fn after_data(rec: &Recording, side: Side, bad: Vec<Input>) -> Vec<Input> {
    let mut input = rec.input(side);
    input.push(Input::data(BEFORE));
    input.extend(bad);
    input
}

/// `record` sealed as the protected record of its version: TLS 1.3 with this inner content
/// (content, type, padding); TLS 1.2 as a record of `typ` holding `content`.
fn protected(version: Version, typ: ContentType, content: &[u8]) -> Input {
    match version {
        Version::Tls13 => {
            let mut inner = content.to_vec();
            inner.push(u8::from(typ));
            Input::Inner(inner)
        }
        Version::Tls12 => Input::Sealed12(typ, content.to_vec()),
    }
}

#[test]
fn an_unknown_content_type_is_unexpected_message() {
    for (version, side) in every_case() {
        let rec = Recording::new(version);
        let input = after_data(&rec, side, vec![Input::Raw(record(99, b"x"))]);
        refused!(
            rec.replay(side, &input),
            Error::Record(RecordError::UnknownContentType(99)),
            UnexpectedMessage,
            BEFORE
        );
        // In the clear, as the first record.
        let input = [Input::Raw(record(99, b"x"))];
        refused!(
            rec.replay(side, &input),
            Error::Record(RecordError::UnknownContentType(99)),
            UnexpectedMessage
        );
    }
}

#[test]
fn an_unknown_inner_content_type_is_unexpected_message() {
    for side in [Side::Client, Side::Server] {
        let rec = Recording::new(Version::Tls13);
        let input = after_data(&rec, side, vec![Input::Inner(b"x\x63".to_vec())]);
        refused!(
            rec.replay(side, &input),
            Error::Record(RecordError::UnknownContentType(99)),
            UnexpectedMessage,
            BEFORE
        );
    }
}

#[test]
fn a_record_version_that_is_not_3_x_is_decode_error() {
    for (version, side) in every_case() {
        let rec = Recording::new(version);
        let bad = record_with_version(23, [4, 3], &[0; 40]);
        let input = after_data(&rec, side, vec![Input::Raw(bad)]);
        refused!(
            rec.replay(side, &input),
            Error::Record(RecordError::InvalidRecordVersion(0x0403)),
            DecodeError,
            BEFORE
        );
        let bad = record_with_version(22, [2, 0], &[1, 0, 0, 0]);
        refused!(
            rec.replay(side, &[Input::Raw(bad)]),
            Error::Record(RecordError::InvalidRecordVersion(0x0200)),
            DecodeError
        );
    }
}

#[test]
fn a_plaintext_record_over_2_14_is_record_overflow_from_its_header() {
    for (version, side) in every_case() {
        let rec = Recording::new(version);
        // The header alone: the fragment never comes.
        let header = vec![22, 3, 3, 0x40, 0x01];
        let outcome = rec.replay(side, &[Input::Raw(header)]);
        refused!(
            outcome,
            Error::Record(RecordError::RecordOverflow {
                len: 16_385,
                max: 16_384
            }),
            RecordOverflow
        );
    }
}

#[test]
fn a_ciphertext_over_its_limit_is_record_overflow_from_its_header() {
    for (version, side) in every_case() {
        let rec = Recording::new(version);
        let max = match version {
            Version::Tls13 => 16_384 + 256,
            Version::Tls12 => 16_384 + 2048,
        };
        let len = u16::try_from(max + 1).expect("a length");
        let mut header = vec![23, 3, 3];
        header.extend_from_slice(&len.to_be_bytes());
        let input = after_data(&rec, side, vec![Input::Raw(header)]);
        let outcome = rec.replay(side, &input);
        let e = refused!(
            outcome,
            Error::Record(RecordError::RecordOverflow { .. }),
            RecordOverflow,
            BEFORE
        );
        assert_eq!(
            e,
            Error::Record(RecordError::RecordOverflow { len: max + 1, max })
        );
        // The largest allowed is taken: its content is data, and read.
        let inner_max = vec![0x61; 16_384];
        let input = after_data(
            &rec,
            side,
            vec![protected(version, ContentType::ApplicationData, &inner_max)],
        );
        let mut expected = BEFORE.to_vec();
        expected.extend_from_slice(&inner_max);
        rec.replay(side, &input).assert_accepted(&expected);
    }
}

#[test]
fn decrypted_content_over_2_14_is_record_overflow() {
    for (version, side) in every_case() {
        let rec = Recording::new(version);
        let input = after_data(
            &rec,
            side,
            vec![protected(
                version,
                ContentType::ApplicationData,
                &[0x61; 16_385],
            )],
        );
        let e = refused!(
            rec.replay(side, &input),
            Error::Record(RecordError::PlaintextOverflow { .. }),
            RecordOverflow,
            BEFORE
        );
        let max = match version {
            Version::Tls13 => 16_385,
            Version::Tls12 => 16_384,
        };
        let len = max + 1;
        assert_eq!(
            e,
            Error::Record(RecordError::PlaintextOverflow { len, max })
        );
    }
}

#[test]
fn zero_length_handshake_records_are_unexpected_message() {
    for (version, side) in every_case() {
        let rec = Recording::new(version);
        let empty = Input::Raw(vec![22, 3, 3, 0, 0]);
        refused!(
            rec.replay(side, &[empty]),
            Error::Record(RecordError::EmptyHandshakeRecord),
            UnexpectedMessage
        );
        let input = after_data(
            &rec,
            side,
            vec![protected(version, ContentType::Handshake, &[])],
        );
        refused!(
            rec.replay(side, &input),
            Error::Record(RecordError::EmptyHandshakeRecord),
            UnexpectedMessage,
            BEFORE
        );
    }
}

#[test]
fn zero_length_alert_records_are_refused() {
    for (version, side) in every_case() {
        let rec = Recording::new(version);
        let empty = Input::Raw(vec![21, 3, 3, 0, 0]);
        refused!(
            rec.replay(side, &[empty]),
            Error::Record(RecordError::InvalidAlertLength(0)),
            DecodeError
        );
        let input = after_data(
            &rec,
            side,
            vec![protected(version, ContentType::Alert, &[])],
        );
        let outcome = rec.replay(side, &input);
        match version {
            // RFC 8446 §5.4: an empty protected alert is unexpected_message.
            Version::Tls13 => refused!(
                outcome,
                Error::Record(RecordError::EmptyAlertRecord),
                UnexpectedMessage,
                BEFORE
            ),
            Version::Tls12 => refused!(
                outcome,
                Error::Record(RecordError::InvalidAlertLength(0)),
                DecodeError,
                BEFORE
            ),
        };
    }
}

#[test]
fn an_alert_of_three_bytes_is_decode_error() {
    for (version, side) in every_case() {
        let rec = Recording::new(version);
        let input = after_data(
            &rec,
            side,
            vec![protected(version, ContentType::Alert, &[1, 0, 0])],
        );
        refused!(
            rec.replay(side, &input),
            Error::Record(RecordError::InvalidAlertLength(3)),
            DecodeError,
            BEFORE
        );
    }
}

#[test]
fn a_bad_tag_is_bad_record_mac() {
    for (version, side) in every_case() {
        let rec = Recording::new(version);
        let input = after_data(
            &rec,
            side,
            vec![Input::BadTag(ContentType::ApplicationData, b"x".to_vec())],
        );
        refused!(
            rec.replay(side, &input),
            Error::Record(RecordError::BadRecordMac),
            BadRecordMac,
            BEFORE
        );
        // Inside the handshake: the peer's Finished with one bit of its tag changed.
        let mut input = rec.input_before(side, FINISHED);
        input.push(Input::BadTag(
            ContentType::Handshake,
            rec.message(side, FINISHED),
        ));
        refused!(
            rec.replay(side, &input),
            Error::Record(RecordError::BadRecordMac),
            BadRecordMac
        );
    }
}

#[test]
fn an_inner_plaintext_of_padding_only_is_unexpected_message() {
    for side in [Side::Client, Side::Server] {
        let rec = Recording::new(Version::Tls13);
        let input = after_data(&rec, side, vec![Input::Inner(vec![0; 20])]);
        refused!(
            rec.replay(side, &input),
            Error::Record(RecordError::MissingContentType),
            UnexpectedMessage,
            BEFORE
        );
        let mut input = rec.input_before(side, FINISHED);
        input.push(Input::Inner(vec![0; 1]));
        refused!(
            rec.replay(side, &input),
            Error::Record(RecordError::MissingContentType),
            UnexpectedMessage
        );
    }
}

#[test]
fn change_cipher_spec_after_the_handshake_is_unexpected_message() {
    for (version, side) in every_case() {
        let rec = Recording::new(version);
        let ccs = match version {
            // In the clear, as the compatibility record is.
            Version::Tls13 => Input::Raw(CCS_RECORD.to_vec()),
            Version::Tls12 => Input::Content(ContentType::ChangeCipherSpec, vec![1]),
        };
        let mut input = after_data(&rec, side, vec![ccs]);
        if version == Version::Tls13 {
            // Without the handshake's compatibility record: this one is the first.
            input.retain(|i| !matches!(i, Input::Content(ContentType::ChangeCipherSpec, _)));
        }
        refused!(
            rec.replay(side, &input),
            Error::Record(RecordError::UnexpectedChangeCipherSpec),
            UnexpectedMessage,
            BEFORE
        );
    }
}

#[test]
fn tls13_a_second_change_cipher_spec_is_unexpected_message() {
    for side in [Side::Client, Side::Server] {
        let rec = Recording::new(Version::Tls13);
        let mut input = rec.input_before(side, FINISHED);
        let ccs = Input::Raw(CCS_RECORD.to_vec());
        input.retain(|i| !matches!(i, Input::Content(ContentType::ChangeCipherSpec, _)));
        input.push(ccs.clone());
        input.push(ccs);
        refused!(
            rec.replay(side, &input),
            Error::Record(RecordError::UnexpectedChangeCipherSpec),
            UnexpectedMessage
        );
    }
}

#[test]
fn a_change_cipher_spec_other_than_0x01_is_unexpected_message() {
    for (version, side) in every_case() {
        let rec = Recording::new(version);
        for body in [&[2][..], &[0], &[1, 1], &[]] {
            let mut input = match version {
                Version::Tls13 => rec.input_before(side, FINISHED),
                Version::Tls12 => {
                    let mut i = rec.input_before(side, FINISHED);
                    i.pop(); // the ChangeCipherSpec
                    i
                }
            };
            input.retain(|i| {
                !(version == Version::Tls13
                    && matches!(i, Input::Content(ContentType::ChangeCipherSpec, _)))
            });
            input.push(Input::Raw(record(20, body)));
            refused!(
                rec.replay(side, &input),
                Error::Record(RecordError::InvalidChangeCipherSpec),
                UnexpectedMessage
            );
        }
    }
}

#[test]
fn another_content_type_inside_a_fragmented_handshake_message_is_unexpected_message() {
    for (version, side) in every_case() {
        let rec = Recording::new(version);
        // Two bytes of a handshake message, then data, then an alert: the first is refused.
        for between in [ContentType::ApplicationData, ContentType::Alert] {
            let body: &[u8] = if between == ContentType::Alert {
                &[1, 0]
            } else {
                b"x"
            };
            let input = after_data(
                &rec,
                side,
                vec![
                    protected(version, ContentType::Handshake, &[KEY_UPDATE, 0]),
                    protected(version, between, body),
                ],
            );
            refused!(rec.replay(side, &input), Error::Record(RecordError::InterleavedHandshake(t)) if *t == between, UnexpectedMessage, BEFORE);
        }
        // In the clear, in the first flight.
        let hello = rec.input(side)[0].message().to_vec();
        let input = [
            Input::Raw(records::handshake_record(&hello[..10])),
            Input::Raw(record(21, &[1, 90])),
        ];
        refused!(
            rec.replay(side, &input),
            Error::Record(RecordError::InterleavedHandshake(ContentType::Alert)),
            UnexpectedMessage
        );
    }
}

#[test]
fn tls13_a_key_change_with_handshake_bytes_buffered_is_unexpected_message() {
    for side in [Side::Client, Side::Server] {
        let rec = Recording::new(Version::Tls13);
        // The hello and the first bytes of the next message in one record: the key changes
        // after the hello.
        let mut hello = rec.input(side)[0].message().to_vec();
        hello.extend_from_slice(&[ENCRYPTED_EXTENSIONS, 0]);
        let outcome = rec.replay(side, &[Input::Raw(records::handshake_record(&hello))]);
        refused!(
            outcome,
            Error::PeerMisbehaved(Misbehaviour::KeyChangeNotOnRecordBoundary),
            UnexpectedMessage
        );
        // A KeyUpdate and the first bytes of another in one record.
        let input = after_data(
            &rec,
            side,
            vec![Input::Inner(vec![
                KEY_UPDATE, 0, 0, 1, 0, KEY_UPDATE, 0, 22,
            ])],
        );
        let outcome = rec.replay(side, &input);
        refused!(
            outcome,
            Error::PeerMisbehaved(Misbehaviour::KeyChangeNotOnRecordBoundary),
            UnexpectedMessage,
            BEFORE
        );
    }
}

#[test]
fn tls12_a_change_cipher_spec_with_handshake_bytes_buffered_is_unexpected_message() {
    for side in [Side::Client, Side::Server] {
        let rec = Recording::new(Version::Tls12);
        // The first two bytes of a Finished, then the peer's ChangeCipherSpec.
        let mut input = rec.input_before(side, FINISHED);
        let ccs = input.pop().expect("the ChangeCipherSpec");
        input.push(Input::Raw(records::handshake_record(&[FINISHED, 0])));
        input.push(ccs);
        refused!(
            rec.replay(side, &input),
            Error::Record(RecordError::InterleavedHandshake(
                ContentType::ChangeCipherSpec
            )),
            UnexpectedMessage
        );
    }
}
