//! Known-answer tests from RFC 8448 §3: every record of the simple 1-RTT handshake decrypts to
//! the RFC's plaintext and re-encrypts to the RFC's bytes, in both directions.

use crate::common::rfc8448::*;
use crate::common::{h, read_all, read_in_pieces, tls13};
use bytes::BytesMut;
use stratls_codec::{Alert, AlertDescription, AlertLevel, ContentType, HandshakeType};
use stratls_record::{Message, RecordError, RecordProtection, RecordReader, RecordWriter};

fn handshake(m: &Message) -> (HandshakeType, Vec<u8>) {
    match m {
        Message::Handshake(hs) => (hs.typ(), hs.encoded().to_vec()),
        other => panic!("expected a handshake message, got {other:?}"),
    }
}

fn close_notify() -> Message {
    Message::Alert(Alert {
        level: AlertLevel::Warning,
        description: AlertDescription::CloseNotify,
    })
}

/// Writes `payload` as one record of `typ` under `protection` and returns the wire bytes.
fn seal(protection: RecordProtection, typ: ContentType, payload: &[u8]) -> Vec<u8> {
    let mut writer = RecordWriter::new();
    writer.set_protection(Some(protection));
    let mut out = BytesMut::new();
    assert_eq!(writer.write(typ, payload, &mut out), Ok(1));
    out.to_vec()
}

#[test]
fn server_flight_decrypts_and_splits_into_four_messages() {
    let mut reader = RecordReader::new();
    reader
        .set_protection(Some(tls13(SERVER_HANDSHAKE_KEY, SERVER_HANDSHAKE_IV)))
        .unwrap();
    let messages = read_all(&mut reader, &h(SERVER_FLIGHT_RECORD)).unwrap();
    let got: Vec<_> = messages.iter().map(handshake).collect();
    assert_eq!(
        got,
        vec![
            (HandshakeType::EncryptedExtensions, h(ENCRYPTED_EXTENSIONS)),
            (HandshakeType::Certificate, h(SERVER_CERTIFICATE)),
            (
                HandshakeType::CertificateVerify,
                h(SERVER_CERTIFICATE_VERIFY)
            ),
            (HandshakeType::Finished, h(SERVER_FINISHED)),
        ]
    );
    assert_eq!(got.concat_bytes(), h(SERVER_FLIGHT_PAYLOAD));
    let Message::Handshake(fin) = &messages[3] else {
        unreachable!()
    };
    assert_eq!(fin.body(), &h(SERVER_FINISHED)[4..]);
    assert!(!reader.has_pending_handshake());
}

trait ConcatBytes {
    fn concat_bytes(&self) -> Vec<u8>;
}

impl ConcatBytes for Vec<(HandshakeType, Vec<u8>)> {
    fn concat_bytes(&self) -> Vec<u8> {
        self.iter().flat_map(|(_, b)| b.clone()).collect()
    }
}

#[test]
fn every_record_reencrypts_to_the_rfc_bytes() {
    let server_hs = || tls13(SERVER_HANDSHAKE_KEY, SERVER_HANDSHAKE_IV);
    let client_hs = || tls13(CLIENT_HANDSHAKE_KEY, CLIENT_HANDSHAKE_IV);
    let server_ap =
        |seq| tls13(SERVER_APPLICATION_KEY, SERVER_APPLICATION_IV).with_sequence_number(seq);
    let client_ap =
        |seq| tls13(CLIENT_APPLICATION_KEY, CLIENT_APPLICATION_IV).with_sequence_number(seq);
    let cases: [(&str, RecordProtection, ContentType, &str, &str); 7] = [
        (
            "server flight",
            server_hs(),
            ContentType::Handshake,
            SERVER_FLIGHT_PAYLOAD,
            SERVER_FLIGHT_RECORD,
        ),
        (
            "client finished",
            client_hs(),
            ContentType::Handshake,
            CLIENT_FINISHED_PAYLOAD,
            CLIENT_FINISHED_RECORD,
        ),
        (
            "new session ticket",
            server_ap(0),
            ContentType::Handshake,
            NEW_SESSION_TICKET_PAYLOAD,
            NEW_SESSION_TICKET_RECORD,
        ),
        (
            "server data",
            server_ap(1),
            ContentType::ApplicationData,
            SERVER_APP_DATA_PAYLOAD,
            SERVER_APP_DATA_RECORD,
        ),
        (
            "server alert",
            server_ap(2),
            ContentType::Alert,
            SERVER_ALERT_PAYLOAD,
            SERVER_ALERT_RECORD,
        ),
        (
            "client data",
            client_ap(0),
            ContentType::ApplicationData,
            CLIENT_APP_DATA_PAYLOAD,
            CLIENT_APP_DATA_RECORD,
        ),
        (
            "client alert",
            client_ap(1),
            ContentType::Alert,
            CLIENT_ALERT_PAYLOAD,
            CLIENT_ALERT_RECORD,
        ),
    ];
    for (name, protection, typ, payload, record) in cases {
        assert_eq!(seal(protection, typ, &h(payload)), h(record), "{name}");
    }
}

#[test]
fn sequence_numbers_follow_the_trace() {
    // Writing the server's application records in order gives sequence numbers 0, 1, 2.
    let mut writer = RecordWriter::new();
    writer.set_protection(Some(tls13(SERVER_APPLICATION_KEY, SERVER_APPLICATION_IV)));
    let mut out = BytesMut::new();
    writer
        .write(
            ContentType::Handshake,
            &h(NEW_SESSION_TICKET_PAYLOAD),
            &mut out,
        )
        .unwrap();
    writer
        .write(
            ContentType::ApplicationData,
            &h(SERVER_APP_DATA_PAYLOAD),
            &mut out,
        )
        .unwrap();
    writer.write_alert(Alert::close_notify(), &mut out).unwrap();
    let expected = [
        NEW_SESSION_TICKET_RECORD,
        SERVER_APP_DATA_RECORD,
        SERVER_ALERT_RECORD,
    ]
    .map(h)
    .concat();
    assert_eq!(out.to_vec(), expected);
    assert_eq!(
        writer.protection().map(RecordProtection::sequence_number),
        Some(3)
    );
}

/// Everything the server sends, as the client reads it: ServerHello in plaintext, then the
/// handshake flight, then NewSessionTicket, data and close_notify, with the key changes placed
/// after ServerHello and after the server Finished.
fn server_to_client(piece: usize) -> Result<Vec<Message>, RecordError> {
    let mut reader = RecordReader::new();
    let mut messages = read_in_pieces(&mut reader, &h(SERVER_HELLO_RECORD), piece)?;
    reader.set_protection(Some(tls13(SERVER_HANDSHAKE_KEY, SERVER_HANDSHAKE_IV)))?;
    messages.extend(read_in_pieces(
        &mut reader,
        &h(SERVER_FLIGHT_RECORD),
        piece,
    )?);
    reader.set_protection(Some(tls13(SERVER_APPLICATION_KEY, SERVER_APPLICATION_IV)))?;
    let rest = [
        NEW_SESSION_TICKET_RECORD,
        SERVER_APP_DATA_RECORD,
        SERVER_ALERT_RECORD,
    ]
    .map(h)
    .concat();
    messages.extend(read_in_pieces(&mut reader, &rest, piece)?);
    Ok(messages)
}

/// Everything the client sends, as the server reads it.
fn client_to_server(piece: usize) -> Result<Vec<Message>, RecordError> {
    let mut reader = RecordReader::new();
    let mut messages = read_in_pieces(&mut reader, &h(CLIENT_HELLO_RECORD), piece)?;
    reader.set_protection(Some(tls13(CLIENT_HANDSHAKE_KEY, CLIENT_HANDSHAKE_IV)))?;
    messages.extend(read_in_pieces(
        &mut reader,
        &h(CLIENT_FINISHED_RECORD),
        piece,
    )?);
    reader.set_protection(Some(tls13(CLIENT_APPLICATION_KEY, CLIENT_APPLICATION_IV)))?;
    let rest = [CLIENT_APP_DATA_RECORD, CLIENT_ALERT_RECORD]
        .map(h)
        .concat();
    messages.extend(read_in_pieces(&mut reader, &rest, piece)?);
    Ok(messages)
}

#[test]
fn full_streams_read_as_the_rfc_says() {
    let server = server_to_client(usize::MAX).unwrap();
    let types: Vec<_> = server[..6].iter().map(|m| handshake(m).0).collect();
    assert_eq!(
        types,
        [
            HandshakeType::ServerHello,
            HandshakeType::EncryptedExtensions,
            HandshakeType::Certificate,
            HandshakeType::CertificateVerify,
            HandshakeType::Finished,
            HandshakeType::NewSessionTicket,
        ]
    );
    assert_eq!(handshake(&server[0]).1, h(SERVER_HELLO));
    assert_eq!(handshake(&server[5]).1, h(NEW_SESSION_TICKET_PAYLOAD));
    assert_eq!(
        server[6],
        Message::ApplicationData(h(SERVER_APP_DATA_PAYLOAD).into())
    );
    assert_eq!(server[7], close_notify());
    assert_eq!(server.len(), 8);

    let client = client_to_server(usize::MAX).unwrap();
    assert_eq!(
        handshake(&client[0]),
        (HandshakeType::ClientHello, h(CLIENT_HELLO))
    );
    assert_eq!(
        handshake(&client[1]),
        (HandshakeType::Finished, h(CLIENT_FINISHED_PAYLOAD))
    );
    assert_eq!(
        client[2],
        Message::ApplicationData(h(CLIENT_APP_DATA_PAYLOAD).into())
    );
    assert_eq!(client[3], close_notify());
    assert_eq!(client.len(), 4);
}

#[test]
fn any_split_of_the_streams_gives_the_same_messages() {
    let server = server_to_client(usize::MAX).unwrap();
    let client = client_to_server(usize::MAX).unwrap();
    for piece in [1, 2, 3, 4, 5, 6, 7, 13, 64, 255, 1000] {
        assert_eq!(server_to_client(piece).unwrap(), server, "piece {piece}");
        assert_eq!(client_to_server(piece).unwrap(), client, "piece {piece}");
    }
}

#[test]
fn every_flipped_bit_fails_authentication() {
    let record = h(CLIENT_FINISHED_RECORD);
    for bit in 0..record.len() * 8 {
        let mut bad = record.clone();
        bad[bit / 8] ^= 1 << (bit % 8);
        let mut reader = RecordReader::new();
        reader
            .set_protection(Some(tls13(CLIENT_HANDSHAKE_KEY, CLIENT_HANDSHAKE_IV)))
            .unwrap();
        let result = read_all(&mut reader, &bad);
        match bit / 8 {
            // The type byte: another outer type is refused before decryption.
            0 => assert!(result.is_err_and(|e| e.alert() != AlertDescription::InternalError)),
            // The version's high byte: not a TLS record.
            1 => assert_eq!(
                result,
                Err(RecordError::InvalidRecordVersion(u16::from_be_bytes([
                    bad[1], bad[2]
                ])))
            ),
            // The length: a longer record waits for bytes that never come; a shorter one is
            // truncated and does not authenticate. Either way no message comes out.
            3 | 4 => assert!(
                matches!(result, Ok(ref m) if m.is_empty())
                    || result == Err(RecordError::BadRecordMac)
                    || matches!(result, Err(RecordError::RecordOverflow { .. })),
                "bit {bit}: {result:?}"
            ),
            // The version's low byte is additional data; the body is ciphertext and tag.
            _ => assert_eq!(result, Err(RecordError::BadRecordMac), "bit {bit}"),
        }
    }
}
