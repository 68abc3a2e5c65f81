//! Reading plaintext in place: `Connection::read_buf` and `Connection::consume`.

use stratls_handshake::{Connection, Read};
use stratls_test_support::*;

fn established() -> Pair {
    let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
    pair.handshake();
    pair
}

pub(crate) fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

/// Everything `read_buf` shows, consumed piece by piece in steps of at most `step`.
pub(crate) fn drain_in_place(conn: &mut Connection, step: usize) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let piece = conn.read_buf();
        if piece.is_empty() {
            return out;
        }
        let n = piece.len().min(step);
        out.extend_from_slice(&piece[..n]);
        assert_eq!(conn.consume(n), n);
    }
}

fn write_all(pair: &mut Pair, data: &[u8]) {
    let mut rest = data;
    while !rest.is_empty() {
        let n = pair.client.write(rest).expect("write");
        assert!(n > 0);
        rest = &rest[n..];
        pair.pump().expect("flows");
    }
}

#[test]
fn a_large_record_is_shown_whole_without_a_copy_and_consumed_in_parts() {
    let mut pair = established();
    let data = pattern(3 * 16 * 1024 + 100);
    write_all(&mut pair, &data);
    assert_eq!(pair.server.plaintext_available(), data.len());
    assert_eq!(pair.server.read_buf().len(), 16 * 1024, "one whole record");
    let got = drain_in_place(&mut pair.server, 5000);
    assert!(got == data, "the same bytes in the same order");
    assert_eq!(pair.server.plaintext_available(), 0);
    assert!(pair.server.read_buf().is_empty());
    assert_eq!(pair.server.consume(10), 0, "nothing left to consume");
    assert_eq!(
        pair.server.read(&mut [0u8; 8]).expect("open"),
        Read::WouldBlock
    );
}

#[test]
fn read_and_read_buf_mix_in_order_and_consume_is_capped() {
    let mut pair = established();
    let data = pattern(40_000);
    write_all(&mut pair, &data);
    let mut got = vec![0u8; 7];
    assert_eq!(pair.server.read(&mut got).expect("data"), Read::Data(7));
    let piece = pair.server.read_buf().to_vec();
    assert_eq!(piece[..], data[7..7 + piece.len()]);
    assert_eq!(
        pair.server.consume(usize::MAX),
        piece.len(),
        "capped at the piece"
    );
    got.extend_from_slice(&piece);
    got.extend(drain(&mut pair.server));
    assert!(got == data);
}

#[test]
fn small_records_are_gathered_into_one_piece() {
    let mut pair = established();
    let mut sent = Vec::new();
    for i in 0..20u8 {
        let chunk = vec![i; 10 + usize::from(i)];
        assert_eq!(pair.client.write(&chunk).expect("write"), chunk.len());
        sent.extend_from_slice(&chunk);
    }
    pair.pump().expect("flows");
    assert_eq!(pair.server.read_buf(), &sent[..], "one contiguous piece");
    assert_eq!(drain_in_place(&mut pair.server, 3), sent);
}

#[test]
fn a_partial_record_shows_nothing_until_it_is_complete() {
    let mut pair = established();
    let data = pattern(16 * 1024);
    assert_eq!(pair.client.write(&data).expect("write"), data.len());
    let wire = pair.client.take_tls();
    let (head, tail) = wire.split_at(wire.len() - 1);
    for byte in head {
        assert_eq!(
            pair.server
                .read_tls(std::slice::from_ref(byte))
                .expect("ok"),
            1
        );
        assert!(pair.server.read_buf().is_empty());
    }
    assert_eq!(pair.server.read_tls(tail).expect("ok"), 1);
    assert_eq!(pair.server.read_buf(), &data[..]);
}

#[test]
fn close_notify_comes_after_the_data_read_in_place() {
    let mut pair = established();
    let data = pattern(20_000);
    write_all(&mut pair, &data);
    pair.client.close();
    pair.pump().expect("flows");
    assert_eq!(drain_in_place(&mut pair.server, usize::MAX), data);
    assert_eq!(
        pair.server.read(&mut [0u8; 8]).expect("closed"),
        Read::Closed
    );
    assert!(pair.server.read_buf().is_empty());
}

#[test]
fn a_key_update_mid_stream_changes_nothing_for_the_reader() {
    let mut pair = established();
    let first = pattern(30_000);
    assert_eq!(pair.client.write(&first).expect("write"), first.len());
    pair.client.update_keys(true).expect("key update");
    let second: Vec<u8> = first.iter().rev().copied().collect();
    assert_eq!(pair.client.write(&second).expect("write"), second.len());
    pair.pump().expect("flows");
    let got = drain_in_place(&mut pair.server, 1000);
    assert_eq!(got.len(), first.len() + second.len());
    assert!(got[..first.len()] == first[..] && got[first.len()..] == second[..]);
    // Both directions still work under the new keys.
    assert_eq!(pair.server.write(b"pong").expect("write"), 4);
    pair.pump().expect("flows");
    assert_eq!(pair.client.read_buf(), b"pong");
}

#[test]
fn consuming_frees_room_under_the_received_plaintext_limit() {
    let mut server = server_config("server-ecdsa");
    server.shared.limits.max_received_plaintext = 32 * 1024;
    let mut pair = Pair::new(client_config(), server);
    pair.handshake();
    let data = pattern(8 * 16 * 1024);
    let mut rest = &data[..];
    let mut got = Vec::new();
    let mut stopped = false;
    for _ in 0..1000 {
        if rest.is_empty() && !pair.client.wants_write() {
            break;
        }
        let n = pair.client.write(rest).expect("write");
        rest = &rest[n..];
        // The server takes records until the plaintext it holds reaches the limit.
        while pair.server.wants_read() && !pair.client.pending_tls().is_empty() {
            let taken = pair.server.read_tls(pair.client.pending_tls()).expect("ok");
            pair.client.consume_tls(taken);
        }
        if !pair.server.wants_read() {
            stopped = true;
            assert!(pair.server.plaintext_available() >= 32 * 1024);
            assert_eq!(
                pair.server.read_tls(pair.client.pending_tls()).expect("ok"),
                0
            );
            // Consuming one piece is enough to take bytes again.
            let piece = pair.server.read_buf().len();
            got.extend_from_slice(pair.server.read_buf());
            assert_eq!(pair.server.consume(piece), piece);
            assert!(pair.server.wants_read());
        }
        got.extend(drain_in_place(&mut pair.server, usize::MAX));
    }
    assert!(stopped, "the limit was reached");
    assert!(got == data, "every byte arrives once, in order");
}

mod read_tls_buf;
