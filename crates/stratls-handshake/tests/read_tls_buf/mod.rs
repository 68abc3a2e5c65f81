//! Taking TLS bytes from the caller's buffer without a copy: `Connection::read_tls_buf`. The
//! handshake and the data it carries arrive as with `read_tls`, in every split of the stream;
//! the plaintext of a large record lies in the caller's allocation; an incomplete record stays
//! with the caller; a refused header fails at once, its alert queued; the received-plaintext
//! limit holds.

use stratls_codec::AlertDescription;
use stratls_handshake::bytes::BytesMut;
use stratls_handshake::{Connection, Error, Read};
use stratls_record::RecordError;
use stratls_test_support::records::plaintext_alert;
use stratls_test_support::*;

use super::{drain_in_place, pattern};

/// One side's transport: bytes read from the peer wait here until the connection takes them.
#[derive(Default)]
struct Inbox(BytesMut);

impl Inbox {
    /// Appends what `from` has queued, at most `chunk` bytes of it, and hands the inbox to
    /// `to`; returns whether a byte crossed.
    fn deliver(&mut self, from: &mut Connection, to: &mut Connection, chunk: usize) -> bool {
        let n = from.pending_tls().len().min(chunk);
        self.0.extend_from_slice(&from.pending_tls()[..n]);
        from.consume_tls(n);
        let before = self.0.len();
        let taken = to
            .read_tls_buf(&mut self.0)
            .expect("the peer's bytes are good");
        assert_eq!(
            before - self.0.len(),
            taken,
            "the count is what left the buffer"
        );
        n > 0
    }
}

/// Moves bytes both ways through `read_tls_buf`, at most `chunk` at a time, until neither side
/// sends any.
fn pump(client: &mut Connection, server: &mut Connection, chunk: usize) -> (Inbox, Inbox) {
    let (mut to_client, mut to_server) = (Inbox::default(), Inbox::default());
    for _ in 0..200_000 {
        let a = to_server.deliver(client, server, chunk);
        let b = to_client.deliver(server, client, chunk);
        if !a && !b {
            return (to_client, to_server);
        }
    }
    panic!("the pump did not settle");
}

fn connections() -> (Connection, Connection) {
    let pair = Pair::new(client_config(), server_config("server-ecdsa"));
    (pair.client, pair.server)
}

#[test]
fn a_handshake_and_its_data_arrive_in_every_split() {
    let data = pattern(3 * 16 * 1024 + 77);
    for chunk in [1, 4, 5, 6, 100, 16 * 1024 + 21, 16 * 1024 + 22, usize::MAX] {
        let (mut client, mut server) = connections();
        pump(&mut client, &mut server, chunk);
        assert!(
            !client.is_handshaking() && !server.is_handshaking(),
            "{chunk}"
        );
        assert_eq!(client.write(&data).expect("write"), data.len());
        assert_eq!(server.write(&data[..1000]).expect("write"), 1000);
        let (to_client, to_server) = pump(&mut client, &mut server, chunk);
        assert!(to_client.0.is_empty() && to_server.0.is_empty(), "{chunk}");
        assert!(drain(&mut server) == data, "{chunk}: the server's data");
        assert_eq!(
            drain(&mut client),
            data[..1000],
            "{chunk}: the client's data"
        );
    }
}

#[test]
fn the_plaintext_of_a_large_record_lies_in_the_callers_allocation() {
    let (mut client, mut server) = connections();
    pump(&mut client, &mut server, usize::MAX);
    let data = pattern(2 * 16 * 1024);
    assert_eq!(client.write(&data).expect("write"), data.len());
    let mut wire = BytesMut::from(client.pending_tls());
    let len = wire.len();
    client.consume_tls(len);
    let range = wire.as_ptr_range();
    let range = range.start as usize..range.end as usize;
    assert_eq!(server.read_tls_buf(&mut wire).expect("good records"), len);
    assert!(wire.is_empty(), "every record taken");
    let piece = server.read_buf();
    assert_eq!(piece.len(), 16 * 1024, "one whole record");
    let at = piece.as_ptr() as usize;
    assert!(range.contains(&at) && range.contains(&(at + piece.len() - 1)));
    assert!(drain_in_place(&mut server, 4096) == data);
}

#[test]
fn an_incomplete_record_stays_with_the_caller() {
    let (mut client, mut server) = connections();
    pump(&mut client, &mut server, usize::MAX);
    let data = pattern(10_000);
    for piece in [&data[..6000], &data[6000..]] {
        assert_eq!(client.write(piece).expect("write"), piece.len());
    }
    let wire = client.take_tls();
    let records = split_records(&wire);
    assert_eq!(records.len(), 2);
    let cut = records[0].len() + 100;
    let mut buf = BytesMut::from(&wire[..cut]);
    assert_eq!(
        server.read_tls_buf(&mut buf).expect("good"),
        records[0].len()
    );
    assert_eq!(
        buf[..],
        wire[records[0].len()..cut],
        "the cut record is left"
    );
    assert_eq!(server.plaintext_available(), 6000);
    assert_eq!(
        server.read_tls_buf(&mut buf).expect("good"),
        0,
        "still incomplete"
    );
    buf.extend_from_slice(&wire[cut..]);
    assert_eq!(
        server.read_tls_buf(&mut buf).expect("good"),
        records[1].len()
    );
    assert!(buf.is_empty());
    assert!(drain(&mut server) == data);
}

#[test]
fn read_tls_and_read_tls_buf_mix() {
    let (mut client, mut server) = connections();
    pump(&mut client, &mut server, usize::MAX);
    let data = pattern(5 * 4000);
    for piece in data.chunks(4000) {
        assert_eq!(client.write(piece).expect("write"), piece.len());
    }
    let wire = client.take_tls();
    let one = split_records(&wire)[0].len();
    // A record and a half by copy; the rest of the second record copied to complete it, the
    // ones after it taken as they lie.
    let copied = one + one / 2;
    assert_eq!(server.read_tls(&wire[..copied]).expect("good"), copied);
    let mut buf = BytesMut::from(&wire[copied..]);
    let mut taken = 0;
    for _ in 0..10 {
        taken += server.read_tls_buf(&mut buf).expect("good");
        if buf.is_empty() {
            break;
        }
    }
    assert_eq!(taken, wire.len() - copied);
    assert!(drain(&mut server) == data);
}

#[test]
fn a_refused_header_fails_at_once_with_its_alert() {
    // Before the ClientHello, a ChangeCipherSpec header is unexpected_message, known from its
    // five bytes: the connection does not wait for the record's body.
    let (_, mut server) = connections();
    let mut buf = BytesMut::from(&[20u8, 3, 3, 0, 1][..]);
    let err = server.read_tls_buf(&mut buf).expect_err("refused");
    assert!(buf.is_empty(), "the header is taken");
    assert_eq!(err.alert(), Some(AlertDescription::UnexpectedMessage));
    assert_eq!(
        plaintext_alert(&server.take_tls()),
        Some((2, 10)),
        "a fatal unexpected_message is queued"
    );
    assert_eq!(
        server.read_tls_buf(&mut BytesMut::from(&[1u8][..])),
        Err(err),
        "the connection stays failed"
    );

    // Once established, a length past the limit is record_overflow (RFC 8446 §5.2).
    let (mut client, mut server) = connections();
    pump(&mut client, &mut server, usize::MAX);
    let mut buf = BytesMut::from(&[23u8, 3, 3, 0x48, 0x01, 0xaa][..]);
    let err = server.read_tls_buf(&mut buf).expect_err("refused");
    assert_eq!(buf[..], [0xaa], "only the header is taken");
    assert!(
        matches!(err, Error::Record(RecordError::RecordOverflow { .. })),
        "{err:?}"
    );
    assert_eq!(err.alert(), Some(AlertDescription::RecordOverflow));
    // The alert is queued, protected: the client opens it and fails with it.
    let alert = server.take_tls();
    assert_eq!(split_records(&alert).len(), 1, "one record");
    let heard = client
        .read_tls(&alert)
        .expect_err("the client hears the alert");
    assert_eq!(
        heard,
        Error::AlertReceived(AlertDescription::RecordOverflow)
    );
}

#[test]
fn the_received_plaintext_limit_holds() {
    let mut config = server_config("server-ecdsa");
    config.shared.limits.max_received_plaintext = 32 * 1024;
    let pair = Pair::new(client_config(), config);
    let (mut client, mut server) = (pair.client, pair.server);
    pump(&mut client, &mut server, usize::MAX);
    let data = pattern(8 * 16 * 1024);
    let mut wire = BytesMut::new();
    for piece in data.chunks(16 * 1024) {
        assert_eq!(client.write(piece).expect("write"), piece.len());
        wire.extend_from_slice(&client.take_tls());
    }
    let mut got = Vec::new();
    let mut stops = 0;
    for _ in 0..100 {
        server.read_tls_buf(&mut wire).expect("good");
        if wire.is_empty() {
            break;
        }
        stops += 1;
        assert!(!server.wants_read() && server.plaintext_available() >= 32 * 1024);
        assert_eq!(server.read_tls_buf(&mut wire).expect("good"), 0, "full");
        got.extend(drain_in_place(&mut server, usize::MAX));
    }
    got.extend(drain_in_place(&mut server, usize::MAX));
    assert!(stops >= 3, "the limit stopped the reader");
    assert!(got == data, "every byte once, in order");
}

#[test]
fn post_handshake_messages_and_close_notify_are_processed() {
    let (mut client, mut server) = connections();
    pump(&mut client, &mut server, usize::MAX);
    let first = pattern(20_000);
    assert_eq!(client.write(&first).expect("write"), first.len());
    client.update_keys(true).expect("key update");
    assert_eq!(client.write(b"after").expect("write"), 5);
    client.close();
    let (to_client, _) = pump(&mut client, &mut server, usize::MAX);
    assert!(to_client.0.is_empty());
    let mut got = drain_in_place(&mut server, usize::MAX);
    assert_eq!(server.read(&mut [0u8; 8]).expect("closed"), Read::Closed);
    assert_eq!(got.len(), first.len() + 5);
    assert_eq!(got.split_off(first.len()), b"after");
    assert!(got == first);
    // The server answered the update under its new key; the client reads it.
    assert_eq!(server.write(b"pong").expect("write"), 4);
    let mut buf = BytesMut::from(server.pending_tls());
    client.read_tls_buf(&mut buf).expect("good");
    assert_eq!(client.read_buf(), b"pong");
}
