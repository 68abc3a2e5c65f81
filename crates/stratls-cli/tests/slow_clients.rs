//! `stratls server` and `stratls client` against peers that are slow on purpose: silent or
//! dribbling handshakes, a flood of them, a client that never reads, an established client
//! that stalls mid-record, and a server that never answers.
//!
//! Each test configures short time limits on the command and waits for their effect at most
//! [`common::DEADLINE`], five times or more the limit, so a loaded machine does not fail it.

use std::ffi::OsString;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use crate::common::{ChildGuard, DEADLINE, cert, free_port, run, spawn, stratls, wait_for_port};
use stratls_cli::args::{self, Command};

/// The first bytes of a TLS 1.x ClientHello record: content type, version, a length of 512.
const HELLO_START: [u8; 5] = [0x16, 0x03, 0x01, 0x02, 0x00];

/// `stratls server` (echo) with the ECDSA test certificate on a free port, plus `extra`, and
/// its stderr, line by line.
fn server(extra: &[&str]) -> (ChildGuard, u16, Receiver<String>) {
    let port = free_port();
    let mut child = spawn(
        stratls()
            .arg("server")
            .args(["--cert", &cert("server-ecdsa.chain.pem")])
            .args(["--key", &cert("server-ecdsa.key")])
            .args(["--accept", &format!("127.0.0.1:{port}")])
            .args(extra),
    );
    let (tx, lines) = mpsc::channel();
    let stderr = child.0.stderr.take().expect("stderr");
    thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    wait_for_port(port);
    (child, port, lines)
}

/// Waits at most [`DEADLINE`] for a line of the server's stderr that contains every needle.
fn expect_line(lines: &Receiver<String>, needles: &[&str]) -> String {
    let start = Instant::now();
    let mut seen = Vec::new();
    while let Some(left) = DEADLINE.checked_sub(start.elapsed()) {
        match lines.recv_timeout(left) {
            Ok(line) if needles.iter().all(|n| line.contains(n)) => return line,
            Ok(line) => seen.push(line),
            Err(_) => break,
        }
    }
    panic!(
        "no line with {needles:?} within {DEADLINE:?}; the server said:\n{}",
        seen.join("\n")
    );
}

fn client_config() -> std::sync::Arc<stratls::ClientConfig> {
    let mut roots = stratls::RootStore::new();
    roots
        .add_pem(&std::fs::read(cert("ca.pem")).expect("ca"))
        .expect("roots");
    let config = stratls::client_config()
        .with_root_certificates(roots)
        .with_no_client_auth()
        .build()
        .expect("config");
    std::sync::Arc::new(config)
}

/// A library client, its handshake done; every read and write of it waits at most
/// [`DEADLINE`].
fn library_client(port: u16) -> stratls::Stream<TcpStream> {
    let tcp = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    tcp.set_read_timeout(Some(DEADLINE)).expect("timeout");
    tcp.set_write_timeout(Some(DEADLINE)).expect("timeout");
    stratls::connect(client_config(), "localhost", tcp).expect("handshake")
}

/// Sends `data` and reads the echo back.
fn round_trip(tls: &mut stratls::Stream<TcpStream>, data: &[u8]) {
    tls.write_all(data).expect("write");
    let mut back = vec![0u8; data.len()];
    tls.read_exact(&mut back).expect("echo");
    assert_eq!(back, data);
}

/// Whether the server has ended this connection: a read sees the end of the stream or a
/// reset, rather than nothing yet.
fn closed_by_server(tcp: &TcpStream, wait: Duration) -> bool {
    tcp.set_read_timeout(Some(wait)).expect("timeout");
    let mut reader = tcp;
    let mut buf = [0u8; 4096];
    // Whatever the server sent before it closed (close_notify) is read past, a bounded amount.
    for _ in 0..16 {
        match reader.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return false;
            }
            Err(_) => return true,
        }
    }
    false
}

#[test]
fn a_flood_of_stalled_handshakes_does_not_lock_out_a_real_client() {
    // A handshake deadline far beyond this test's waits: only the pool can let the client in.
    let (_server, port, lines) = server(&["--handshake-timeout", "60"]);
    let mut established = library_client(port);
    round_trip(&mut established, b"before the flood");

    // As many stalled handshakes as the pool holds, each with one byte of a ClientHello.
    let stalled: Vec<TcpStream> = (0..stratls_cli::server::MAX_CONNECTIONS)
        .map(|_| {
            let mut tcp = TcpStream::connect(("127.0.0.1", port)).expect("connect");
            tcp.write_all(&HELLO_START[..1]).expect("first byte");
            tcp
        })
        .collect();

    // With all of them still connected, a new client completes its handshake and a round
    // trip, and the established connection is still served.
    let mut late = library_client(port);
    round_trip(&mut late, b"during the flood");
    round_trip(&mut established, b"still established");

    // The newcomers took the places of the oldest handshakes, and only as many as they needed:
    // the connections opened here are 64 stalled ones and 2 clients (3 with the port probe),
    // for 64 places.
    let closed = stalled
        .iter()
        .filter(|tcp| closed_by_server(tcp, Duration::from_millis(1)))
        .count();
    assert!(closed <= 3, "{closed} stalled handshakes were dropped");
    expect_line(
        &lines,
        &["dropped: evicted, the oldest handshake in progress"],
    );
}

#[test]
fn a_silent_client_is_dropped_at_the_handshake_deadline() {
    let (_server, port, lines) = server(&["--handshake-timeout", "1"]);
    let silent = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    assert!(
        closed_by_server(&silent, DEADLINE),
        "the connection is still open after {DEADLINE:?}"
    );
    expect_line(&lines, &["dropped: no handshake within 1 s"]);
}

#[test]
fn a_dribbling_client_is_dropped_at_the_handshake_deadline() {
    let (_server, port, lines) = server(&["--handshake-timeout", "1"]);
    let mut tcp = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    // One byte every 50 ms, for at most 200 bytes (10 s): each one arrives well within any
    // per-read timeout, so only a deadline that does not restart ends the handshake.
    let hello = HELLO_START.iter().copied().chain(std::iter::repeat(0));
    let mut dropped = false;
    for byte in hello.take(200) {
        if tcp.write_all(&[byte]).is_err() || closed_by_server(&tcp, Duration::from_millis(50)) {
            dropped = true;
            break;
        }
    }
    assert!(dropped, "the dribbling handshake was not dropped");
    expect_line(&lines, &["dropped: no handshake within 1 s"]);
}

#[test]
fn a_client_that_never_reads_is_dropped_by_the_write_deadline() {
    let (_server, port, lines) = server(&["--write-timeout", "1"]);
    let mut tls = library_client(port);
    // Send and never read: the echo fills the socket buffers, the server's answer stalls, and
    // then the client's own writes stall, until the server drops the connection. Each write
    // waits at most DEADLINE; 64 MiB is far more than the buffers between the two hold.
    let chunk = vec![0x5a; 16 * 1024];
    let mut sent = 0usize;
    let error = loop {
        assert!(
            sent < 64 << 20,
            "the server took {sent} bytes without dropping us"
        );
        match tls.write(&chunk) {
            Ok(n) => sent += n,
            Err(e) => break e,
        }
    };
    assert!(
        !matches!(
            error.kind(),
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
        ),
        "the server still held the connection after {DEADLINE:?}: {error}"
    );
    expect_line(&lines, &["dropped:", "(--write-timeout)"]);
}

#[test]
fn a_stalled_record_ends_at_the_idle_timeout() {
    let (_server, port, lines) = server(&["--idle-timeout", "1"]);
    let tls = library_client(port);
    let (_, mut tcp) = tls.into_parts();
    // The start of an application-data record, one byte every 50 ms: bytes keep coming, but
    // no data, so the idle timeout still ends the wait.
    let record = [0x17, 0x03, 0x03, 0x40, 0x00]
        .into_iter()
        .chain(std::iter::repeat(0));
    let mut closed = false;
    for byte in record.take(200) {
        if tcp.write_all(&[byte]).is_err() || closed_by_server(&tcp, Duration::from_millis(50)) {
            closed = true;
            break;
        }
    }
    assert!(closed, "the stalled record kept the connection open");
    // Our end closes too, so the server does not linger for it.
    drop(tcp);
    expect_line(&lines, &["then nothing came for 1 s (--idle-timeout)"]);
}

#[test]
fn an_idle_established_client_gets_close_notify() {
    let (_server, port, lines) = server(&["--idle-timeout", "1"]);
    let mut tls = library_client(port);
    round_trip(&mut tls, b"hello");
    // Then silence: the server ends the connection cleanly, which the client reads as the end
    // of the data, not an error.
    let mut rest = Vec::new();
    tls.read_to_end(&mut rest)
        .expect("close_notify from the server");
    assert!(rest.is_empty());
    drop(tls);
    expect_line(&lines, &["echoed 5 bytes, then nothing came for 1 s"]);
}

#[test]
fn an_incomplete_request_ends_at_the_idle_timeout() {
    let (_server, port, lines) = server(&["--www", "--idle-timeout", "1"]);
    let mut tls = library_client(port);
    tls.write_all(b"GET / HT").expect("half a request");
    // The rest never comes: the server closes with close_notify instead of answering.
    let mut rest = Vec::new();
    tls.read_to_end(&mut rest)
        .expect("close_notify from the server");
    assert!(rest.is_empty(), "{}", String::from_utf8_lossy(&rest));
    drop(tls);
    expect_line(&lines, &["no whole request within 1 s (--idle-timeout)"]);
}

#[test]
fn the_client_gives_up_on_a_silent_server() {
    // A listener that never accepts: the kernel completes the TCP handshake, nobody answers.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let r = run(
        stratls()
            .arg("client")
            .arg(format!("127.0.0.1:{port}"))
            .args(["--cafile", &cert("ca.pem")])
            .args(["--handshake-timeout", "1"]),
        b"",
    );
    drop(listener);
    assert_eq!(r.status.code(), Some(1), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "handshake with 127.0.0.1:{port}: not done within 1 s (--handshake-timeout)"
        )),
        "{}",
        r.stderr
    );
}

fn parse(args: &[&str]) -> Result<Command, stratls_cli::CliError> {
    args::parse(args.iter().map(OsString::from))
}

#[test]
fn time_limits_on_the_command_line() {
    let Ok(Command::Server(s)) = parse(&["server", "--cert", "c", "--key", "k"]) else {
        panic!("not a server");
    };
    assert_eq!(s.timeouts, args::ServerTimeouts::default());
    assert_eq!(s.timeouts.handshake, Duration::from_secs(10));
    let Ok(Command::Server(s)) = parse(&[
        "server",
        "--cert",
        "c",
        "--key",
        "k",
        "--handshake-timeout",
        "2",
        "--idle-timeout=0.5",
        "--write-timeout",
        "7",
    ]) else {
        panic!("not a server");
    };
    assert_eq!(
        s.timeouts,
        args::ServerTimeouts {
            handshake: Duration::from_secs(2),
            idle: Duration::from_millis(500),
            write: Duration::from_secs(7),
        }
    );
    let Ok(Command::Client(c)) = parse(&["client", "h:1", "--handshake-timeout", "3"]) else {
        panic!("not a client");
    };
    assert_eq!(c.handshake_timeout, Duration::from_secs(3));
    for bad in ["0", "-1", "soon", "NaN", "inf", "1e30"] {
        let r = parse(&["client", "h:1", "--handshake-timeout", bad]);
        assert!(
            matches!(&r, Err(e) if e.exit_code() == 2 && e.to_string().contains("--handshake-timeout")),
            "{bad}: {r:?}"
        );
    }
}
