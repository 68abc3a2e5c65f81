//! The blocking `Stream` over an in-memory duplex: two pipes between the stream and a peer
//! `Connection` that the test drives. The transport runs the peer when the stream reads and
//! nothing is waiting, so everything happens on one thread, in order, without sockets.

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::sync::Arc;

use stratls_codec::AlertDescription;
use stratls_handshake::{Connection, Error, Status};
use stratls_io::Stream;
use stratls_test_support::{Recorder, client_config, drain, name, server_config};

#[path = "stream/keylog.rs"]
mod keylog;

/// The stream's transport: what the stream writes goes to `to_peer`; what the peer sends
/// waits in `from_peer`.
#[derive(Debug)]
struct Duplex {
    peer: Connection,
    to_peer: Vec<u8>,
    from_peer: VecDeque<u8>,
    /// Once set and `from_peer` is empty, reads see the end of the transport.
    eof: bool,
}

impl Duplex {
    fn new(peer: Connection) -> Self {
        Self {
            peer,
            to_peer: Vec::new(),
            from_peer: VecDeque::new(),
            eof: false,
        }
    }

    /// Hands the peer what the stream wrote and queues the peer's answer for the stream;
    /// returns the peer's error, if the bytes made it fail.
    fn run_peer(&mut self) -> Result<(), Error> {
        let bytes = std::mem::take(&mut self.to_peer);
        let mut rest = &bytes[..];
        let result = loop {
            if rest.is_empty() {
                break Ok(());
            }
            match self.peer.read_tls(rest) {
                Ok(0) => break Ok(()),
                Ok(n) => rest = &rest[n..],
                Err(e) => break Err(e),
            }
        };
        self.from_peer.extend(self.peer.take_tls());
        result
    }

    /// Queues raw bytes for the stream, as if the peer had sent them.
    fn inject(&mut self, bytes: &[u8]) {
        self.from_peer.extend(bytes);
    }
}

impl Read for Duplex {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.from_peer.is_empty() && !self.eof {
            // The peer's error shows in its status; the stream sees what it sent.
            let _ = self.run_peer();
        }
        if self.from_peer.is_empty() {
            if self.eof {
                return Ok(0);
            }
            // A real socket would block here forever: the test expected a byte that the peer
            // never sends.
            return Err(io::Error::new(
                io::ErrorKind::WouldBlock,
                "the peer has nothing to send",
            ));
        }
        let n = buf.len().min(self.from_peer.len());
        for (slot, byte) in buf.iter_mut().zip(self.from_peer.drain(..n)) {
            *slot = byte;
        }
        Ok(n)
    }
}

impl Write for Duplex {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.to_peer.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A client stream whose peer is a server of the test tree's `server-ecdsa`, before any byte
/// moved; the client's events go to `recorder`.
fn client_stream(recorder: Option<Arc<Recorder>>) -> Stream<Duplex> {
    let mut config = client_config();
    if let Some(r) = recorder {
        config.shared.observer = Some(r);
    }
    let client = Connection::client(Arc::new(config), name("localhost")).expect("client");
    let server =
        Connection::server(Arc::new(server_config("server-ecdsa"))).expect("server starts");
    Stream::new(client, Duplex::new(server))
}

/// A client stream after the handshake, with the server caught up (it has read the client's
/// Finished).
fn established(recorder: Option<Arc<Recorder>>) -> Stream<Duplex> {
    let mut stream = client_stream(recorder);
    stream.handshake().expect("handshake");
    stream
        .get_mut()
        .run_peer()
        .expect("server reads the Finished");
    assert_eq!(stream.get_ref().peer.status(), Status::Established);
    stream
}

/// The stratls error inside an I/O error of the stream.
fn inner(e: &io::Error) -> &Error {
    e.get_ref()
        .and_then(|e| e.downcast_ref::<Error>())
        .unwrap_or_else(|| panic!("not a stratls error: {e:?}"))
}

#[test]
fn data_flows_both_ways() {
    let mut stream = established(None);
    stream.write_all(b"hello").expect("write");
    stream.get_mut().run_peer().expect("server reads");
    assert_eq!(drain(&mut stream.get_mut().peer), b"hello");
    stream
        .get_mut()
        .peer
        .write(b"world")
        .expect("server writes");
    let mut buf = [0u8; 5];
    stream.read_exact(&mut buf).expect("read");
    assert_eq!(&buf, b"world");
}

#[test]
fn eof_without_close_notify_is_unexpected_eof() {
    let mut stream = established(None);
    let duplex = stream.get_mut();
    duplex.peer.write(b"cut short").expect("server writes");
    duplex.run_peer().expect("queued");
    duplex.eof = true;
    let mut got = Vec::new();
    let err = stream.read_to_end(&mut got).expect_err("truncated");
    assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof, "{err:?}");
    assert_eq!(got, b"cut short", "the data before the cut is delivered");
    // It stays that way.
    let err = stream.read(&mut [0u8; 8]).expect_err("still truncated");
    assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
}

#[test]
fn eof_during_the_handshake_is_unexpected_eof() {
    let mut stream = client_stream(None);
    stream.get_mut().eof = true;
    let err = stream.handshake().expect_err("no server");
    assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof, "{err:?}");
    // The connection knows it was cut off: it failed as truncated.
    assert_eq!(stream.connection().error(), Some(&Error::Truncated));
}

#[test]
fn a_key_update_from_the_peer_is_answered_in_the_middle_of_a_read() {
    let recorder = Arc::new(Recorder::default());
    let mut stream = established(Some(recorder.clone()));
    let duplex = stream.get_mut();
    duplex
        .peer
        .update_keys(true)
        .expect("the server updates and asks the client to");
    duplex.peer.write(b"under new keys").expect("server writes");
    duplex.run_peer().expect("queued");

    let mut buf = [0u8; 14];
    stream.read_exact(&mut buf).expect("read");
    assert_eq!(&buf, b"under new keys");
    let lines = recorder.lines();
    assert!(
        lines.iter().any(|l| l == "Received key_update"),
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l == "Sent key_update"), "{lines:?}");
    // The answer went out during the read, before the application wrote anything.
    assert!(
        !stream.get_ref().to_peer.is_empty(),
        "the KeyUpdate was flushed"
    );
    let duplex = stream.get_mut();
    duplex.run_peer().expect("the server takes the answer");
    assert_eq!(duplex.peer.status(), Status::Established);
    // Both directions work under the new keys.
    stream.write_all(b"and back").expect("write");
    let duplex = stream.get_mut();
    duplex.run_peer().expect("server reads");
    assert_eq!(drain(&mut duplex.peer), b"and back");
}

#[test]
fn the_alert_is_on_the_transport_before_the_error_is_returned() {
    let mut stream = established(None);
    let duplex = stream.get_mut();
    duplex.peer.write(b"tampered").expect("server writes");
    let mut record = duplex.peer.take_tls();
    let last = record.len() - 1;
    record[last] ^= 0x01;
    duplex.inject(&record);

    let err = stream.read(&mut [0u8; 16]).expect_err("bad record");
    assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    assert_eq!(inner(&err).alert(), Some(AlertDescription::BadRecordMac));
    assert!(
        !stream.get_ref().to_peer.is_empty(),
        "the alert was written"
    );
    let duplex = stream.get_mut();
    assert_eq!(
        duplex.run_peer(),
        Err(Error::AlertReceived(AlertDescription::BadRecordMac))
    );
    // Later calls fail the same way.
    let again = stream.read(&mut [0u8; 16]).expect_err("failed");
    assert_eq!(inner(&again), inner(&err));
}

#[test]
fn a_failed_handshake_sends_its_alert_first() {
    let client = Connection::client(Arc::new(client_config()), name("localhost")).expect("client");
    let server =
        Connection::server(Arc::new(server_config("server-untrusted"))).expect("server starts");
    let mut stream = Stream::new(client, Duplex::new(server));
    let err = stream.handshake().expect_err("untrusted");
    assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    assert_eq!(inner(&err).alert(), Some(AlertDescription::UnknownCa));
    assert_eq!(
        stream.get_mut().run_peer(),
        Err(Error::AlertReceived(AlertDescription::UnknownCa))
    );
}

#[test]
fn close_sends_close_notify_and_the_peers_close_ends_the_reads() {
    let mut stream = established(None);
    stream.write_all(b"last words").expect("write");
    stream.close().expect("close");
    let duplex = stream.get_mut();
    duplex.run_peer().expect("server reads");
    assert_eq!(drain(&mut duplex.peer), b"last words");
    assert_eq!(duplex.peer.status(), Status::PeerClosed);
    assert!(stream.write(b"more").is_err(), "no writes after close");

    // The server answers with data and its own close_notify: the stream reads the data, then
    // a clean end.
    let duplex = stream.get_mut();
    duplex.peer.write(b"bye").expect("server writes");
    duplex.peer.close();
    duplex.run_peer().expect("queued");
    let mut got = Vec::new();
    stream.read_to_end(&mut got).expect("clean end");
    assert_eq!(got, b"bye");
    assert_eq!(stream.connection().status(), Status::PeerClosed);
}
