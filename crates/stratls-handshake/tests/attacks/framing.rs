//! Handshake framing at a connection: unknown types, lengths that run past their message,
//! messages split over many records (taken) or several in one record (taken), and messages
//! over their ceiling, refused from their header before any body is buffered.

use stratls_codec::ContentType;
use stratls_handshake::{Error, MessageKind, Side};
use stratls_record::RecordError;

use crate::records::{BEFORE, after_data};
use crate::script::types::*;
use crate::script::{Input, Recording, Setup, Version, every_case, message};

#[test]
fn an_unknown_handshake_type_is_unexpected_message_everywhere() {
    for (version, side) in every_case() {
        let rec = Recording::new(version);
        let unknown = Input::handshake(&message(99, &[1, 2, 3]));
        // First, in the clear.
        let outcome = rec.replay(side, std::slice::from_ref(&unknown));
        refused!(outcome, Error::UnexpectedMessage { got: MessageKind::Handshake(t), .. } if u8::from(*t) == 99, UnexpectedMessage);
        // Inside the protected handshake, in place of the peer's Finished.
        let mut input = rec.input_before(side, FINISHED);
        input.push(unknown.clone());
        refused!(rec.replay(side, &input), Error::UnexpectedMessage { got: MessageKind::Handshake(t), .. } if u8::from(*t) == 99, UnexpectedMessage);
        // After the handshake.
        let input = after_data(&rec, side, vec![unknown]);
        refused!(rec.replay(side, &input), Error::UnexpectedMessage { got: MessageKind::Handshake(t), .. } if u8::from(*t) == 99, UnexpectedMessage, BEFORE);
    }
}

/// `m` with the 16-bit length at `at` (an offset into the message, header included) one more
/// than it says.
fn overrun(m: &[u8], at: usize) -> Vec<u8> {
    let mut m = m.to_vec();
    let len = u16::from_be_bytes([m[at], m[at + 1]]) + 1;
    m[at..at + 2].copy_from_slice(&len.to_be_bytes());
    m
}

#[test]
fn a_length_that_runs_past_its_message_is_decode_error() {
    for version in Version::BOTH {
        let rec = Recording::new(version);
        // The ClientHello's cipher_suites length: after the header (4), version (2), random
        // (32) and session id (1 + its length).
        let hello = rec.message(Side::Server, CLIENT_HELLO);
        let at = 4 + 2 + 32 + 1 + usize::from(hello[38]);
        let input = [Input::handshake(&overrun(&hello, at))];
        refused!(
            rec.replay(Side::Server, &input),
            Error::InvalidMessage(_),
            DecodeError
        );
        // The ServerHello's extensions length, the last field.
        let server_hello = rec.message(Side::Client, SERVER_HELLO);
        let at = 4 + 2 + 32 + 1 + usize::from(server_hello[38]) + 2 + 1;
        let input = [Input::handshake(&overrun(&server_hello, at))];
        refused!(
            rec.replay(Side::Client, &input),
            Error::InvalidMessage(_),
            DecodeError
        );
    }
    // A protected one: EncryptedExtensions whose list says one byte more than it holds.
    let rec = Recording::new(Version::Tls13);
    let ee = rec.message(Side::Client, ENCRYPTED_EXTENSIONS);
    let mut input = rec.input_before(Side::Client, ENCRYPTED_EXTENSIONS);
    input.push(Input::handshake(&overrun(&ee, 4)));
    refused!(
        rec.replay(Side::Client, &input),
        Error::InvalidMessage(_),
        DecodeError
    );
}

#[test]
fn a_message_over_its_ceiling_is_refused_from_its_header() {
    for (version, side) in every_case() {
        let rec = Recording::with(
            version,
            Setup {
                client_auth: true,
                ..Setup::default()
            },
        );
        // A Certificate announcing 64 KiB + 1: only its four header bytes are sent.
        let mut input = rec.input_before(side, CERTIFICATE);
        input.push(Input::Content(
            ContentType::Handshake,
            vec![CERTIFICATE, 0x01, 0x00, 0x01],
        ));
        let e = refused!(
            rec.replay(side, &input),
            Error::Record(RecordError::HandshakeMessageTooLarge { .. }),
            DecodeError
        );
        assert_eq!(
            e,
            Error::Record(RecordError::HandshakeMessageTooLarge {
                len: 65_537,
                max: 65_536
            })
        );
    }
    // A ClientHello over the largest its vectors allow (131,396 bytes).
    let rec = Recording::new(Version::Tls13);
    let header = Input::Raw(stratls_test_support::handshake_record(&[
        CLIENT_HELLO,
        0x02,
        0x01,
        0x45,
    ]));
    let e = refused!(
        rec.replay(Side::Server, &[header]),
        Error::Record(RecordError::HandshakeMessageTooLarge { .. }),
        DecodeError
    );
    assert_eq!(
        e,
        Error::Record(RecordError::HandshakeMessageTooLarge {
            len: 131_397,
            max: 131_396
        })
    );
}

/// `side`'s recorded input with every handshake message cut into records of `size` bytes.
fn fragmented(rec: &Recording, side: Side, size: usize) -> Vec<Input> {
    rec.input(side)
        .into_iter()
        .map(|i| match i {
            Input::Content(ContentType::Handshake, m) => {
                Input::Fragments(ContentType::Handshake, m, size)
            }
            other => other,
        })
        .collect()
}

#[test]
fn a_handshake_in_records_of_one_byte_is_taken() {
    for (version, side) in every_case() {
        for setup in [
            Setup::default(),
            Setup {
                client_auth: true,
                ..Setup::default()
            },
        ] {
            let rec = Recording::with(version, setup);
            for size in [1, 3] {
                let conn = rec
                    .replay(side, &fragmented(&rec, side, size))
                    .assert_accepted(b"");
                assert!(conn.negotiated().is_some(), "{version:?} {side:?} {size}");
            }
        }
    }
}

#[test]
fn tls13_a_flight_in_one_record_is_taken() {
    for side in [Side::Client, Side::Server] {
        let rec = Recording::with(
            Version::Tls13,
            Setup {
                client_auth: true,
                ..Setup::default()
            },
        );
        let input = rec.input(side);
        // The hello, then every protected message of the flight in one record.
        let hello = input[0].clone();
        let rest: Vec<u8> = input[1..]
            .iter()
            .filter(|i| i.handshake_type().is_some())
            .flat_map(|i| i.message().to_vec())
            .collect();
        let conn = rec
            .replay(side, &[hello, Input::handshake(&rest)])
            .assert_accepted(b"");
        assert!(conn.negotiated().is_some(), "{side:?}");
    }
}
