//! The heap a connection holds, counted by a counting allocator (this test binary's own global
//! allocator): what a hostile peer can make it hold, and what a fresh or an idle one costs.
//!
//! The counts are global, so this binary has no test harness (its threads would allocate while a
//! test counts): `main` runs the tests one after another, and each counts only inside the calls
//! of the connection it measures; the records a test forges, and its own buffers, are outside.

use std::alloc::System;
use std::sync::Arc;

use stats_alloc::{INSTRUMENTED_SYSTEM, Region, Stats, StatsAlloc};
use stratls_handshake::{Connection, Side};
use stratls_record::MAX_BUFFERED_RECORD;
use stratls_test_support::*;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Runs every test, in order, on this one thread; a failing one panics and fails the binary.
fn main() {
    let tests: [(&str, fn()); 5] = [
        (
            "unread_one_byte_records_with_full_padding_hold_a_small_multiple_of_the_limit",
            unread_one_byte_records_with_full_padding_hold_a_small_multiple_of_the_limit,
        ),
        (
            "unread_records_of_every_size_hold_a_small_multiple_of_the_default_limit",
            unread_records_of_every_size_hold_a_small_multiple_of_the_default_limit,
        ),
        (
            "a_fresh_connection_allocates_its_buffers_only_when_data_arrives",
            a_fresh_connection_allocates_its_buffers_only_when_data_arrives,
        ),
        (
            "an_idle_connection_holds_no_buffers",
            an_idle_connection_holds_no_buffers,
        ),
        (
            "a_stream_with_kept_buffers_allocates_nothing_per_record",
            a_stream_with_kept_buffers_allocates_nothing_per_record,
        ),
    ];
    for (name, test) in tests {
        test();
        println!("test {name} ... ok");
    }
    println!("test result: ok. {} passed", tests.len());
}

/// The bytes a change of the counts left allocated (the growth and shrinking of a
/// reallocation are counted in `bytes_allocated` and `bytes_deallocated` already).
fn net(stats: Stats) -> isize {
    stats.bytes_allocated as isize - stats.bytes_deallocated as isize
}

/// What one connection holds: the bytes allocated and not freed inside the calls made on it,
/// and the most it held after any call.
#[derive(Debug, Default)]
struct Account {
    held: isize,
    peak: isize,
}

impl Account {
    fn call<T>(&mut self, f: impl FnOnce() -> T) -> T {
        let region = Region::new(GLOBAL);
        let out = f();
        self.held += net(region.change());
        self.peak = self.peak.max(self.held);
        out
    }
}

/// The most plaintext padding a record carrying `len` bytes can have: TLSInnerPlaintext is
/// at most 2^14 + 1 bytes (RFC 8446 §5.4).
fn full_padding(len: usize) -> usize {
    (1 << 14) - len
}

/// Feeds `records` forged as the client to the server until it stops taking bytes, the
/// application never reading; returns how many records it took, the server's account and
/// the record it refused.
fn feed_unread(
    pair: &mut Pair,
    mut next_record: impl FnMut() -> Vec<u8>,
    max_records: usize,
) -> (usize, Account, Vec<u8>) {
    let mut account = Account::default();
    for i in 0..max_records {
        let record = next_record();
        let taken = account.call(|| pair.server.read_tls(&record).expect("a valid record"));
        if std::env::var_os("MEMDEBUG").is_some() && i < 20 {
            eprintln!("{i}: held {}", account.held);
        }
        if taken == 0 {
            return (i, account, record);
        }
        assert_eq!(taken, record.len(), "a record is taken whole or not at all");
    }
    (max_records, account, Vec::new())
}

fn unread_one_byte_records_with_full_padding_hold_a_small_multiple_of_the_limit() {
    let limit = 8 * 1024;
    let mut server = server_config("server-ecdsa");
    server.shared.limits.max_received_plaintext = limit;
    let (mut pair, keys) = forge::established(client_config(), server);
    let mut forger = keys.forger(Side::Client).with_padding(full_padding(1));
    let (taken, account, _) = feed_unread(&mut pair, || forger.application_data(b"x"), 10_000);
    eprintln!(
        "10 000 one-byte records padded to 16 KiB, limit {limit}: {taken} taken, peak {} bytes",
        account.peak
    );
    assert!(
        taken < 10_000,
        "read_tls stops taking bytes ({taken} taken)"
    );
    assert!(taken >= limit, "it takes up to the limit ({taken} taken)");
    assert_eq!(pair.server.plaintext_available(), taken);
    assert!(
        account.peak <= (4 * limit) as isize,
        "held at most 4 x the limit: {} bytes",
        account.peak
    );
    assert_eq!(
        pair.server
            .read_tls(&forger.application_data(b"y"))
            .expect("ok"),
        0,
        "still full"
    );
    let read = drain(&mut pair.server);
    assert_eq!(read.len(), taken, "every byte is there to read");
}

fn unread_records_of_every_size_hold_a_small_multiple_of_the_default_limit() {
    for len in [1000, 4000, 8000, 9000, 16 * 1024] {
        let (mut pair, keys) = forge::established(client_config(), server_config("server-ecdsa"));
        let limit = pair_limit();
        let mut forger = keys.forger(Side::Client).with_padding(full_padding(len));
        let payload = vec![0x42; len];
        let (taken, account, refused) = feed_unread(
            &mut pair,
            || forger.application_data(&payload),
            4 * limit / len + 1,
        );
        eprintln!(
            "records of {len} bytes padded to 16 KiB, limit {limit}: {taken} taken, peak {} bytes",
            account.peak
        );
        assert!(taken < 4 * limit / len + 1, "{len}: read_tls stops");
        assert!(
            account.peak <= (4 * limit) as isize,
            "{len}: held at most 4 x the limit: {} bytes",
            account.peak
        );
        assert!(
            pair.server.plaintext_available() >= limit / 4,
            "{len}: at least a quarter of the limit is taken before it stops: {}",
            pair.server.plaintext_available()
        );
        assert_eq!(drain(&mut pair.server).len(), taken * len);
        assert_eq!(
            pair.server.read_tls(&refused).expect("ok"),
            refused.len(),
            "{len}: read plaintext makes room again"
        );
    }
}

fn pair_limit() -> usize {
    stratls_handshake::Limits::default().max_received_plaintext
}

/// A fresh connection allocates little: its buffers come when data does.
fn a_fresh_connection_allocates_its_buffers_only_when_data_arrives() {
    let server_config = Arc::new(server_config("server-ecdsa"));
    let client_config = Arc::new(client_config());
    let mut server = Account::default();
    let conn = server.call(|| Connection::server(server_config.clone()).expect("server"));
    let mut client = Account::default();
    let client_conn =
        client.call(|| Connection::client(client_config.clone(), name("localhost")).expect("c"));
    eprintln!(
        "fresh server {} bytes, fresh client (ClientHello queued) {} bytes",
        server.held, client.held
    );
    assert!(
        server.held <= FRESH_SERVER,
        "a fresh server holds {} bytes",
        server.held
    );
    assert!(
        client.held <= FRESH_CLIENT,
        "a fresh client holds {} bytes",
        client.held
    );
    drop((conn, client_conn));
}

/// What a fresh server may hold: its first state and the context, with no buffer yet.
const FRESH_SERVER: isize = 2 * 1024;
/// What a fresh client may hold: the same, its key shares, and its ClientHello queued. The
/// default client sends two shares, X25519MLKEM768 and x25519: the hybrid's ML-KEM-768
/// decapsulation key (about 3 KiB in memory) and its 1216-byte share, once more in the queued
/// ClientHello, make most of it.
const FRESH_CLIENT: isize = 10 * 1024;

/// After a handshake and data both ways, a connection whose output was sent and whose
/// plaintext was read gives its buffers back.
fn an_idle_connection_holds_no_buffers() {
    let server_config = Arc::new(server_config("server-ecdsa"));
    let client_config = Arc::new(client_config());
    let mut client = Account::default();
    let mut server = Account::default();
    let mut c = client.call(|| Connection::client(client_config, name("localhost")).expect("c"));
    let mut s = server.call(|| Connection::server(server_config).expect("s"));
    let data = vec![7u8; 100_000];
    let mut buf = vec![0u8; 32 * 1024];
    let (mut sent, mut received) = (0, 0);
    for _ in 0..1000 {
        if !c.is_handshaking() && sent < data.len() {
            sent += client.call(|| c.write(&data[sent..]).expect("write"));
        }
        let moved = shuttle(&mut c, &mut client, &mut s, &mut server)
            + shuttle(&mut s, &mut server, &mut c, &mut client);
        while let Ok(stratls_handshake::Read::Data(n)) = server.call(|| s.read(&mut buf)) {
            received += n;
        }
        if moved == 0 && sent == data.len() {
            break;
        }
    }
    assert_eq!(received, data.len(), "the data arrived");
    eprintln!(
        "client: peak {} idle {}; server: peak {} idle {}",
        client.peak, client.held, server.peak, server.held
    );
    for (side, account) in [("client", &client), ("server", &server)] {
        assert!(
            account.held <= IDLE,
            "an idle {side} holds {} bytes",
            account.held
        );
        assert!(
            account.peak >= MAX_BUFFERED_RECORD as isize,
            "the {side} held a record buffer while busy ({} bytes): the count works",
            account.peak
        );
    }
}

/// Allocation calls made inside `f`.
fn allocations<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let region = Region::new(GLOBAL);
    let out = f();
    (
        out,
        region.change().allocations + region.change().reallocations,
    )
}

/// Streams 64 records of 16 KiB from client to server, one write, one delivery and one
/// read each (by `read`, or in place by `read_buf` and `consume`), after a warm-up; returns
/// the allocation calls the connections made during the stream, and what each holds after
/// it, idle.
fn stream(keep: bool, in_place: bool) -> (usize, isize, isize) {
    let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
    pair.handshake();
    pair.client.keep_buffers(keep);
    pair.server.keep_buffers(keep);
    let data = vec![7u8; 16 * 1024];
    let mut buf = vec![0u8; 16 * 1024];
    let (mut client, mut server) = (Account::default(), Account::default());
    let mut calls = 0;
    for round in 0..68 {
        let (c, s) = (&mut pair.client, &mut pair.server);
        let ((), n) = allocations(|| {
            assert_eq!(client.call(|| c.write(&data).expect("write")), data.len());
            shuttle(c, &mut client, s, &mut server);
            let mut got = 0;
            while got < data.len() {
                got += server.call(|| {
                    if in_place {
                        let len = s.read_buf().len();
                        s.consume(len)
                    } else {
                        match s.read(&mut buf).expect("read") {
                            stratls_handshake::Read::Data(n) => n,
                            other => panic!("{other:?}"),
                        }
                    }
                });
            }
        });
        // The first records warm the buffers up.
        if round >= 4 {
            calls += n;
        }
    }
    (calls, client.held, server.held)
}

/// With kept buffers, a stream of full records allocates nothing per record, read by `read`
/// or in place, and an idle connection holds no more than two maximal records' buffers;
/// without them, every record allocates (the count works).
fn a_stream_with_kept_buffers_allocates_nothing_per_record() {
    for in_place in [false, true] {
        let (calls, client, server) = stream(true, in_place);
        eprintln!(
            "kept buffers, in place {in_place}: {calls} allocation calls over 64 records, idle client {client} server {server}"
        );
        assert_eq!(calls, 0, "no allocation per record (in place {in_place})");
        for held in [client, server] {
            assert!(held <= 2 * MAX_BUFFERED_RECORD as isize, "{held} bytes");
        }
    }
    let (calls, client, server) = stream(false, false);
    eprintln!(
        "given back: {calls} allocation calls over 64 records, idle client {client} server {server}"
    );
    assert!(calls >= 64, "{calls} allocation calls");
    assert!(client <= 0 && server <= 0, "the buffers were given back");
}

/// What an idle established connection may hold: its traffic secrets, what the handshake
/// agreed on (the peer's certificates included) and the context, with no buffer.
const IDLE: isize = 8 * 1024;

/// Moves every byte `from` has queued to `to`, counting each call on its connection's account;
/// returns how many bytes moved.
fn shuttle(
    from: &mut Connection,
    from_account: &mut Account,
    to: &mut Connection,
    to_account: &mut Account,
) -> usize {
    let mut moved = 0;
    loop {
        let pending = from.pending_tls();
        if pending.is_empty() {
            return moved;
        }
        let taken = to_account.call(|| to.read_tls(pending).expect("read_tls"));
        if taken == 0 {
            return moved;
        }
        from_account.call(|| from.consume_tls(taken));
        moved += taken;
    }
}
