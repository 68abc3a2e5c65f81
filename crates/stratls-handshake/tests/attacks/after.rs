//! After the handshake: invalid KeyUpdates, floods of what carries no data, renegotiation,
//! close_notify and truncation, on both sides and both versions, each after application data
//! that must still be read.

use stratls_codec::{AlertDescription, ContentType, DecodeError};
use stratls_handshake::{Error, MessageKind, Misbehaviour, Read, Side};
use stratls_record::RecordError;
use stratls_test_support::drain;
use stratls_test_support::records::record;

use crate::records::{BEFORE, after_data};
use crate::script::types::*;
use crate::script::{Input, Recording, Sent, Version, every_case, message};

fn key_update(request: u8) -> Input {
    Input::handshake(&message(KEY_UPDATE, &[request]))
}

#[test]
fn tls13_a_key_update_with_an_unknown_request_is_illegal_parameter() {
    for side in [Side::Client, Side::Server] {
        let rec = Recording::new(Version::Tls13);
        let input = after_data(&rec, side, vec![key_update(2)]);
        refused!(
            rec.replay(side, &input),
            Error::InvalidMessage(DecodeError::IllegalValue {
                field: "request_update"
            }),
            IllegalParameter,
            BEFORE
        );
    }
}

#[test]
fn tls13_a_key_update_of_the_wrong_length_is_decode_error() {
    for side in [Side::Client, Side::Server] {
        let rec = Recording::new(Version::Tls13);
        for body in [&[][..], &[0, 0]] {
            let input = after_data(
                &rec,
                side,
                vec![Input::handshake(&message(KEY_UPDATE, body))],
            );
            refused!(
                rec.replay(side, &input),
                Error::InvalidMessage(_),
                DecodeError,
                BEFORE
            );
        }
    }
}

#[test]
fn tls13_a_key_update_before_the_finished_is_unexpected_message() {
    for side in [Side::Client, Side::Server] {
        let rec = Recording::new(Version::Tls13);
        let mut input = rec.input_before(side, FINISHED);
        input.push(key_update(0));
        refused!(rec.replay(side, &input), Error::UnexpectedMessage { got: MessageKind::Handshake(t), .. } if u8::from(*t) == KEY_UPDATE, UnexpectedMessage);
    }
}

#[test]
fn tls12_a_key_update_is_unexpected_message() {
    for side in [Side::Client, Side::Server] {
        let rec = Recording::new(Version::Tls12);
        let input = after_data(&rec, side, vec![key_update(0)]);
        refused!(rec.replay(side, &input), Error::UnexpectedMessage { got: MessageKind::Handshake(t), .. } if u8::from(*t) == KEY_UPDATE, UnexpectedMessage, BEFORE);
    }
}

#[test]
fn tls13_key_updates_in_a_row_are_taken_up_to_the_limit_then_unexpected_message() {
    for side in [Side::Client, Side::Server] {
        let rec = Recording::new(Version::Tls13);
        let mut updates: Vec<Input> = (0..32).map(|_| key_update(0)).collect();
        updates.push(Input::data(b" and after"));
        let input = after_data(&rec, side, updates);
        let mut read = BEFORE.to_vec();
        read.extend_from_slice(b" and after");
        rec.replay(side, &input).assert_accepted(&read);
        let input = after_data(&rec, side, (0..33).map(|_| key_update(0)).collect());
        refused!(
            rec.replay(side, &input),
            Error::PeerMisbehaved(Misbehaviour::KeyUpdateAbuse),
            UnexpectedMessage,
            BEFORE
        );
    }
}

/// An empty application-data record, sealed.
fn empty_data(version: Version) -> Input {
    match version {
        Version::Tls13 => Input::Inner(vec![23]),
        Version::Tls12 => Input::Sealed12(ContentType::ApplicationData, Vec::new()),
    }
}

#[test]
fn a_flood_of_empty_records_or_warnings_is_unexpected_message() {
    for (version, side) in every_case() {
        let rec = Recording::new(version);
        // 32 in a row are taken; data starts the count over.
        let mut records: Vec<Input> = (0..32).map(|_| empty_data(version)).collect();
        records.push(Input::data(b"!"));
        records.extend((0..32).map(|_| empty_data(version)));
        let input = after_data(&rec, side, records);
        let mut read = BEFORE.to_vec();
        read.push(b'!');
        rec.replay(side, &input).assert_accepted(&read);
        let input = after_data(&rec, side, (0..33).map(|_| empty_data(version)).collect());
        refused!(
            rec.replay(side, &input),
            Error::Record(RecordError::TooManyRecordsWithoutData(_)),
            UnexpectedMessage,
            BEFORE
        );
        // user_canceled warnings, which TLS 1.3 takes as not fatal too.
        let warning = Input::alert(1, AlertDescription::UserCanceled);
        let input = after_data(&rec, side, (0..33).map(|_| warning.clone()).collect());
        refused!(
            rec.replay(side, &input),
            Error::Record(RecordError::TooManyRecordsWithoutData(_)),
            UnexpectedMessage,
            BEFORE
        );
    }
}

#[test]
fn tls13_padding_only_records_are_a_flood_too() {
    for side in [Side::Client, Side::Server] {
        let rec = Recording::new(Version::Tls13);
        let padded = Input::Inner([&[23][..], &[0; 200]].concat());
        let input = after_data(&rec, side, (0..33).map(|_| padded.clone()).collect());
        refused!(
            rec.replay(side, &input),
            Error::Record(RecordError::TooManyRecordsWithoutData(_)),
            UnexpectedMessage,
            BEFORE
        );
    }
}

/// The renegotiation request of `side`'s peer: a HelloRequest to a client, a ClientHello to
/// a server (the recorded one, under the connection's keys).
fn renegotiation(rec: &Recording, side: Side) -> Input {
    match side {
        Side::Client => Input::handshake(&message(0, &[])),
        Side::Server => Input::handshake(&rec.message(Side::Server, CLIENT_HELLO)),
    }
}

#[test]
fn tls12_renegotiation_is_refused_with_a_warning_and_the_connection_goes_on() {
    for side in [Side::Client, Side::Server] {
        let rec = Recording::new(Version::Tls12);
        let input = after_data(
            &rec,
            side,
            vec![renegotiation(&rec, side), Input::data(b" and after")],
        );
        let outcome = rec.replay(side, &input);
        // no_renegotiation (100), a warning (RFC 5746 §4.2, RFC 5246 §7.2.2).
        assert_eq!(outcome.sent.last(), Some(&Sent::Alert(1, 100)), "{side:?}");
        let mut read = BEFORE.to_vec();
        read.extend_from_slice(b" and after");
        outcome.assert_accepted(&read);
    }
}

#[test]
fn tls12_a_flood_of_renegotiation_requests_is_unexpected_message() {
    for side in [Side::Client, Side::Server] {
        let rec = Recording::new(Version::Tls12);
        let input = after_data(
            &rec,
            side,
            (0..33).map(|_| renegotiation(&rec, side)).collect(),
        );
        refused!(
            rec.replay(side, &input),
            Error::PeerMisbehaved(Misbehaviour::RenegotiationFlood),
            UnexpectedMessage,
            BEFORE
        );
    }
}

#[test]
fn data_after_close_notify_is_never_delivered() {
    for (version, side) in every_case() {
        let rec = Recording::new(version);
        let close = Input::alert(1, AlertDescription::CloseNotify);
        let input = after_data(&rec, side, vec![close, Input::data(b"after the close")]);
        let mut conn = rec.replay(side, &input).assert_accepted(BEFORE);
        let mut buf = [0u8; 64];
        assert_eq!(
            conn.read(&mut buf),
            Ok(Read::Closed),
            "{version:?} {side:?}"
        );
        conn.read_tls(&record(23, b"more")).expect("ignored");
        assert_eq!(
            conn.read(&mut buf),
            Ok(Read::Closed),
            "nothing more is delivered"
        );
    }
}

#[test]
fn a_transport_that_ends_without_close_notify_is_truncation() {
    for (version, side) in every_case() {
        let rec = Recording::new(version);
        // After whole records, and in the middle of one.
        for cut in [None, Some(7)] {
            let mut input = after_data(&rec, side, vec![]);
            if let Some(at) = cut {
                input.push(Input::Raw(record(23, &[0; 40])[..at].to_vec()));
            }
            let outcome = rec.replay(side, &input);
            assert_eq!(outcome.error, None);
            let mut conn = outcome.conn;
            assert_eq!(conn.transport_ended(), Ok(()), "reported at the next read");
            assert_eq!(drain(&mut conn), BEFORE, "what came before is read first");
            let mut buf = [0u8; 64];
            assert_eq!(
                conn.read(&mut buf),
                Err(Error::Truncated),
                "{version:?} {side:?}"
            );
            assert!(conn.negotiated().is_some(), "established before the cut");
        }
        // During the handshake.
        let input = rec.input_before(side, FINISHED);
        let mut conn = rec.replay(side, &input).conn;
        assert_eq!(conn.transport_ended(), Err(Error::Truncated));
        assert!(
            conn.take_tls().is_empty(),
            "no alert: there is no one to send it to"
        );
        let mut buf = [0u8; 64];
        assert_eq!(
            conn.read(&mut buf),
            Err(Error::Truncated),
            "{version:?} {side:?}"
        );
    }
}

#[test]
fn heartbeat_records_are_unexpected_message() {
    for (version, side) in every_case() {
        let rec = Recording::new(version);
        // A heartbeat request announcing 16 KiB of payload while carrying 3 bytes: the
        // Heartbleed overread, which never reaches a parser here.
        let heartbeat = [1, 0x40, 0x00, b'a', b'b', b'c'];
        let sealed = match version {
            Version::Tls13 => Input::Inner([&heartbeat[..], &[24]].concat()),
            Version::Tls12 => Input::Sealed12(ContentType::Heartbeat, heartbeat.to_vec()),
        };
        let input = after_data(&rec, side, vec![sealed]);
        refused!(
            rec.replay(side, &input),
            Error::Record(RecordError::UnexpectedContentType(ContentType::Heartbeat)),
            UnexpectedMessage,
            BEFORE
        );
        // In the clear: before the keys, and (TLS 1.3, whose protected records all have the
        // outer type application_data) after them.
        let input = [Input::Raw(record(24, &heartbeat))];
        refused!(
            rec.replay(side, &input),
            Error::Record(RecordError::UnexpectedContentType(ContentType::Heartbeat)),
            UnexpectedMessage
        );
        if version == Version::Tls13 {
            let input = after_data(&rec, side, vec![Input::Raw(record(24, &heartbeat))]);
            refused!(
                rec.replay(side, &input),
                Error::Record(RecordError::UnexpectedContentType(ContentType::Heartbeat)),
                UnexpectedMessage,
                BEFORE
            );
        }
    }
}
