//! Sockets for the tests: a stratls echo server on a thread of the test, a bounded accept, a
//! client connection with timeouts, and bounded reads of replies.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use stratls::{Negotiated, ServerConfig};

use crate::TIMEOUT;

/// Binds a listener on 127.0.0.1 at a port the system picks.
pub fn listen() -> io::Result<(TcpListener, u16)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    Ok((listener, port))
}

/// Accepts one connection, giving up after `timeout`. The stream it returns is blocking, with
/// read and write timeouts of [`TIMEOUT`].
pub fn accept_within(listener: &TcpListener, timeout: Duration) -> io::Result<TcpStream> {
    listener.set_nonblocking(true)?;
    let deadline = Instant::now() + timeout;
    loop {
        match listener.accept() {
            Ok((tcp, _)) => {
                tcp.set_nonblocking(false)?;
                set_timeouts(&tcp)?;
                return Ok(tcp);
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock && Instant::now() < deadline => {
                thread::sleep(Duration::from_millis(5));
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "no client connected in time",
                ));
            }
            Err(e) => return Err(e),
        }
    }
}

/// Connects to 127.0.0.1:`port`, with read and write timeouts of [`TIMEOUT`].
pub fn connect_local(port: u16) -> io::Result<TcpStream> {
    let tcp = TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), TIMEOUT)?;
    set_timeouts(&tcp)?;
    Ok(tcp)
}

fn set_timeouts(tcp: &TcpStream) -> io::Result<()> {
    tcp.set_read_timeout(Some(TIMEOUT))?;
    tcp.set_write_timeout(Some(TIMEOUT))
}

/// Reads up to and including the next `\n` (at most `limit` bytes).
pub fn read_line(r: &mut impl Read, limit: usize) -> io::Result<Vec<u8>> {
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while line.len() < limit {
        if r.read(&mut byte)? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("end of stream after {:?}", String::from_utf8_lossy(&line)),
            ));
        }
        line.push(byte[0]);
        if byte[0] == b'\n' {
            return Ok(line);
        }
    }
    Err(io::Error::other("line too long"))
}

/// What a stratls echo server saw on its one connection.
#[derive(Debug)]
pub struct Served {
    /// What the handshake agreed on.
    pub negotiated: Negotiated,
    /// Every byte received (and echoed).
    pub received: Vec<u8>,
    /// Whether the connection exports keying material (RFC 5705, RFC 8446 §7.5).
    pub exports: bool,
}

/// A stratls server on a thread of the test, for one connection: it echoes what it reads
/// until the client closes.
#[derive(Debug)]
pub struct EchoServer {
    /// The port it listens on (127.0.0.1).
    pub port: u16,
    handle: JoinHandle<io::Result<Served>>,
}

impl EchoServer {
    /// Listens, then serves one connection with `config` on a new thread.
    pub fn spawn(config: Arc<ServerConfig>) -> io::Result<Self> {
        let (listener, port) = listen()?;
        let handle = thread::spawn(move || echo_one(&listener, config));
        Ok(Self { port, handle })
    }

    /// Waits for the connection to end; the server's result. A panic on the server thread
    /// becomes an error.
    pub fn join(self) -> io::Result<Served> {
        self.handle
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("server thread panicked")))
    }
}

fn echo_one(listener: &TcpListener, config: Arc<ServerConfig>) -> io::Result<Served> {
    let tcp = accept_within(listener, TIMEOUT)?;
    let mut tls = stratls::accept(config, tcp)?;
    let negotiated = tls.connection().negotiated().cloned().expect("established");
    let exports = tls
        .connection()
        .export_keying_material(b"EXPERIMENTAL stratls", None, 16)
        .is_ok();
    let mut received = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        let n = tls.read(&mut buf)?;
        if n == 0 {
            break;
        }
        let data = buf.get(..n).unwrap_or_default();
        received.extend_from_slice(data);
        tls.write_all(data)?;
    }
    // The client may already have closed the transport after its close_notify, so a failure
    // to send ours changes nothing the test looks at.
    let _ = tls.close();
    Ok(Served {
        negotiated,
        received,
        exports,
    })
}

/// A stratls server on a thread of the test for `n` connections one after another, all with
/// the same config (so that a later connection can resume an earlier one's session): each
/// echoes until its client closes (or drops the transport). Its result is what each handshake
/// agreed on.
#[derive(Debug)]
pub struct EchoServers {
    /// The port it listens on (127.0.0.1).
    pub port: u16,
    handle: JoinHandle<io::Result<Vec<Negotiated>>>,
}

impl EchoServers {
    /// Listens, then serves `n` connections with `config` on a new thread.
    pub fn spawn(config: Arc<ServerConfig>, n: usize) -> io::Result<Self> {
        let (listener, port) = listen()?;
        let handle = thread::spawn(move || {
            let mut agreed = Vec::with_capacity(n);
            for _ in 0..n {
                let tcp = accept_within(&listener, TIMEOUT)?;
                let mut tls = stratls::accept(config.clone(), tcp)?;
                agreed.push(tls.connection().negotiated().cloned().expect("established"));
                let mut buf = [0u8; 16 * 1024];
                // Echo until the client closes; a client that drops the transport without
                // close_notify ends the connection too.
                while let Ok(n) = tls.read(&mut buf) {
                    if n == 0 || tls.write_all(buf.get(..n).unwrap_or_default()).is_err() {
                        break;
                    }
                }
                let _ = tls.close();
            }
            Ok(agreed)
        });
        Ok(Self { port, handle })
    }

    /// Waits for the connections to end; what each agreed on.
    pub fn join(self) -> io::Result<Vec<Negotiated>> {
        self.handle
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("server thread panicked")))
    }
}

/// The stratls error inside an I/O error from a stratls stream, if that is what it carries.
pub fn tls_error(e: &io::Error) -> Option<&stratls::Error> {
    e.get_ref()?.downcast_ref::<stratls::Error>()
}
