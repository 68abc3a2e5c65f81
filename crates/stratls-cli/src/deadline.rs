//! A TCP stream whose reads and writes end at deadlines, for [`stratls::Stream`] to run over.
//!
//! The socket's own timeout restarts on every call, so a peer that sends one byte now and then
//! keeps a plain `set_read_timeout` from ever firing. [`TimedTcp`] sets the socket's timeout
//! before each call to the time left until a fixed instant ([`Timeout::At`]), so a handshake
//! or a response has one budget however the peer slices its bytes. The sans-IO connection
//! reads no clock; the deadlines live here, in the transport the command hands it.

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

/// How long one direction of a [`TimedTcp`] may wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timeout {
    /// Wait as long as it takes.
    Never,
    /// Each call waits at most this long; the wait restarts on every call. A call that times
    /// out fails with `WouldBlock` (or `TimedOut`), as a socket with this timeout would.
    Each(Duration),
    /// Every call ends by this instant, however many calls there are. A call at or after it
    /// fails at once with [`DeadlinePassed`] (kind `TimedOut`), without touching the socket.
    At(Instant),
}

/// The error inside the `TimedOut` I/O error of a call that reached its [`Timeout::At`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlinePassed;

impl fmt::Display for DeadlinePassed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("deadline passed")
    }
}

impl std::error::Error for DeadlinePassed {}

impl DeadlinePassed {
    /// Whether `error` is a call that reached its deadline.
    pub fn is(error: &io::Error) -> bool {
        error.kind() == io::ErrorKind::TimedOut
            && error
                .get_ref()
                .is_some_and(|e| e.downcast_ref::<Self>().is_some())
    }

    fn error() -> io::Error {
        io::Error::new(io::ErrorKind::TimedOut, Self)
    }
}

/// A `TcpStream` with a [`Timeout`] for reads and one for writes.
#[derive(Debug)]
pub struct TimedTcp {
    tcp: TcpStream,
    read: Timeout,
    write: Timeout,
}

impl TimedTcp {
    /// Wraps `tcp`; both directions start at [`Timeout::Never`].
    pub fn new(tcp: TcpStream) -> Self {
        Self {
            tcp,
            read: Timeout::Never,
            write: Timeout::Never,
        }
    }

    /// Sets the timeout of the reads that follow.
    pub fn set_read(&mut self, timeout: Timeout) {
        self.read = timeout;
    }

    /// Sets the timeout of the writes that follow.
    pub fn set_write(&mut self, timeout: Timeout) {
        self.write = timeout;
    }

    /// Sets both timeouts.
    pub fn set_both(&mut self, timeout: Timeout) {
        self.read = timeout;
        self.write = timeout;
    }

    /// The socket.
    pub fn tcp(&self) -> &TcpStream {
        &self.tcp
    }

    /// Ends the connection in both directions at once, with no goodbye: what is queued to send
    /// may be lost, and unread input makes the kernel answer with a reset.
    pub fn abort(&self) {
        let _ = self.tcp.shutdown(Shutdown::Both);
    }

    /// The socket, unwrapped.
    pub fn into_inner(self) -> TcpStream {
        self.tcp
    }
}

/// The socket timeout for one call under `timeout`, or the error of a passed deadline.
fn socket_timeout(timeout: Timeout) -> io::Result<Option<Duration>> {
    match timeout {
        Timeout::Never => Ok(None),
        // A zero timeout means "none" to the socket; the shortest real wait stands in.
        Timeout::Each(d) => Ok(Some(d.max(Duration::from_millis(1)))),
        Timeout::At(at) => match at.checked_duration_since(Instant::now()) {
            Some(left) if !left.is_zero() => Ok(Some(left)),
            _ => Err(DeadlinePassed::error()),
        },
    }
}

/// A timed-out call under [`Timeout::At`] reports the deadline; others pass unchanged.
fn deadline_error(timeout: Timeout, e: io::Error) -> io::Error {
    let timed_out = matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    );
    if timed_out && matches!(timeout, Timeout::At(_)) {
        DeadlinePassed::error()
    } else {
        e
    }
}

impl Read for TimedTcp {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.tcp.set_read_timeout(socket_timeout(self.read)?)?;
        self.tcp.read(buf).map_err(|e| deadline_error(self.read, e))
    }
}

impl Write for TimedTcp {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.tcp.set_write_timeout(socket_timeout(self.write)?)?;
        self.tcp
            .write(data)
            .map_err(|e| deadline_error(self.write, e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.tcp.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    fn pair() -> (TcpStream, TcpStream) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let client = TcpStream::connect(listener.local_addr().expect("addr")).expect("connect");
        let (server, _) = listener.accept().expect("accept");
        (client, server)
    }

    #[test]
    fn a_passed_deadline_fails_without_reading() {
        let (mut client, server) = pair();
        client.write_all(b"x").expect("write");
        let mut timed = TimedTcp::new(server);
        timed.set_read(Timeout::At(Instant::now()));
        let e = timed.read(&mut [0u8; 1]).expect_err("deadline passed");
        assert!(DeadlinePassed::is(&e), "{e:?}");
        // The byte is still there for a read without the deadline.
        timed.set_read(Timeout::Never);
        let mut b = [0u8; 1];
        assert_eq!(timed.read(&mut b).expect("read"), 1);
        assert_eq!(&b, b"x");
    }

    #[test]
    fn a_deadline_is_one_budget_for_many_reads() {
        let (mut client, server) = pair();
        let mut timed = TimedTcp::new(server);
        timed.set_read(Timeout::At(Instant::now() + Duration::from_millis(300)));
        let mut reads = 0;
        // One byte every 50 ms: each read succeeds, and the deadline still ends them.
        let e = loop {
            assert!(reads < 100, "the deadline never ended the reads");
            client.write_all(b"x").expect("write");
            match timed.read(&mut [0u8; 1]) {
                Ok(_) => reads += 1,
                Err(e) => break e,
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        assert!(DeadlinePassed::is(&e), "{e:?}");
    }

    #[test]
    fn a_silent_peer_ends_the_read_at_the_deadline() {
        let (_client, server) = pair();
        let mut timed = TimedTcp::new(server);
        timed.set_read(Timeout::At(Instant::now() + Duration::from_millis(100)));
        let e = timed.read(&mut [0u8; 1]).expect_err("silent");
        assert!(DeadlinePassed::is(&e), "{e:?}");
    }

    #[test]
    fn each_restarts_and_reports_would_block() {
        let (_client, server) = pair();
        let mut timed = TimedTcp::new(server);
        timed.set_read(Timeout::Each(Duration::from_millis(20)));
        let e = timed.read(&mut [0u8; 1]).expect_err("silent");
        assert!(!DeadlinePassed::is(&e), "{e:?}");
        assert!(
            matches!(
                e.kind(),
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
            ),
            "{e:?}"
        );
    }
}
