//! `stratls server`: accept TLS connections, one thread each, and echo or serve a status page.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

use stratls::{Observer, ServerConfig, Stream};

use crate::args::{ServerArgs, VerifyClient};
use crate::config;
use crate::error::CliError;
use crate::trace::{TraceObserver, negotiated_line};
use crate::www;

/// Connections served at once; further clients wait in the listen queue.
pub const MAX_CONNECTIONS: usize = 64;

/// How long a connection may stay silent before the server gives up on it.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// How long the server waits for the client to finish after it sent close_notify.
const LINGER: Duration = Duration::from_secs(2);

/// Runs the server until the process is killed.
pub fn run(args: &ServerArgs) -> Result<(), CliError> {
    let config = Arc::new(server_config(args)?);
    let address = listen_address(&args.accept);
    let listener = TcpListener::bind(&address).map_err(|error| CliError::Io {
        context: format!("listening on {address}"),
        error,
    })?;
    let local = listener.local_addr().map_err(|error| CliError::Io {
        context: "reading the listen address".into(),
        error,
    })?;
    eprintln!("stratls server listening on {local}");
    let slots = Arc::new(Slots::default());
    let mut id: u64 = 0;
    loop {
        slots.acquire();
        let (tcp, peer) = match listener.accept() {
            Ok(c) => c,
            Err(e) => {
                slots.release();
                eprintln!("accept failed: {e}");
                continue;
            }
        };
        id += 1;
        let config = connection_config(&config, args.common.trace, id);
        let held = slots.clone();
        let www = args.www;
        let spawned = thread::Builder::new()
            .name(format!("conn {id}"))
            .spawn(move || {
                let line = match serve(config, tcp, www) {
                    Ok(summary) => summary,
                    Err(e) => format!("failed: {e}"),
                };
                eprintln!("conn {id} from {peer}: {line}");
                held.release();
            });
        if let Err(e) = spawned {
            eprintln!("conn {id} from {peer}: no thread for it: {e}");
            slots.release();
        }
    }
}

/// `4433` alone means 127.0.0.1:4433, as `openssl s_server -accept` takes it.
fn listen_address(accept: &str) -> String {
    if accept.parse::<u16>().is_ok() {
        format!("127.0.0.1:{accept}")
    } else {
        accept.to_string()
    }
}

fn server_config(args: &ServerArgs) -> Result<ServerConfig, CliError> {
    let b =
        stratls::server_config_with_provider(config::provider(args.common.dangerous_rsa_kx, false));
    let b = match &args.verify_client {
        None => b.with_no_client_auth(),
        Some(VerifyClient::Required(p)) => b.with_required_client_cert(config::roots_from_file(p)?),
        Some(VerifyClient::Optional(p)) => b.with_optional_client_cert(config::roots_from_file(p)?),
    };
    let b = b.with_single_cert(
        config::load_chain(&args.cert)?,
        config::load_key(&args.key)?,
    );
    Ok(config::apply_common(b, &args.common, None)?.build()?)
}

fn connection_config(config: &Arc<ServerConfig>, trace: bool, id: u64) -> Arc<ServerConfig> {
    if trace {
        let observer: Arc<dyn Observer> = Arc::new(TraceObserver::new(format!("conn {id}")));
        config::server_with_observer(config, observer)
    } else {
        Arc::clone(config)
    }
}

/// Serves one connection; returns the line that describes it.
fn serve(config: Arc<ServerConfig>, tcp: TcpStream, www: bool) -> Result<String, CliError> {
    let io_err = |context: &str| {
        let context = context.to_string();
        move |error| CliError::Io { context, error }
    };
    tcp.set_read_timeout(Some(IDLE_TIMEOUT))
        .map_err(io_err("setting the read timeout"))?;
    tcp.set_write_timeout(Some(IDLE_TIMEOUT))
        .map_err(io_err("setting the write timeout"))?;
    tcp.set_nodelay(true)
        .map_err(io_err("setting TCP_NODELAY"))?;
    let conn = stratls::Connection::server(config)
        .map_err(|e| CliError::from_stream("handshake", io::Error::other(e)))?;
    let mut tls = Stream::new(conn, tcp);
    if let Err(e) = tls.handshake() {
        // The alert is out; let it reach the client before the socket closes.
        linger(tls.get_mut());
        return Err(CliError::from_stream("handshake", e));
    }
    let summary = negotiated_line(&tls.connection().negotiated().cloned().unwrap_or_default());
    let outcome = if www {
        www::answer(&mut tls)
    } else {
        echo(&mut tls)
    };
    finish(&mut tls);
    outcome.map(|what| format!("{summary}; {what}"))
}

/// Echoes until the client sends close_notify. Returns what happened, in words.
fn echo(tls: &mut Stream<TcpStream>) -> Result<String, CliError> {
    let mut buf = vec![0u8; 16 * 1024];
    let mut total: u64 = 0;
    loop {
        match tls.read(&mut buf) {
            Ok(0) => return Ok(format!("echoed {total} bytes")),
            Ok(n) => {
                tls.write_all(&buf[..n])
                    .map_err(|e| CliError::from_stream("echoing", e))?;
                total += n as u64;
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Ok(format!("echoed {total} bytes, then the client went silent"));
            }
            Err(e) => return Err(CliError::from_stream("receiving", e)),
        }
    }
}

/// Sends close_notify, then lingers (see [`linger`]).
fn finish(tls: &mut Stream<TcpStream>) {
    // Each step is best effort: the connection is over either way.
    let _ = tls.close();
    linger(tls.get_mut());
}

/// Ends our half of the TCP connection and reads (and drops) what the client still sends for a
/// short while, so that unread bytes do not make the kernel answer with a reset that could
/// overtake our last records.
fn linger(tcp: &mut TcpStream) {
    let _ = tcp.shutdown(std::net::Shutdown::Write);
    let _ = tcp.set_read_timeout(Some(LINGER));
    let mut sink = [0u8; 4096];
    let mut drained = 0usize;
    while drained < 1 << 20 {
        match tcp.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

/// Counts the connections in service, at most [`MAX_CONNECTIONS`].
#[derive(Debug, Default)]
struct Slots {
    busy: Mutex<usize>,
    freed: Condvar,
}

impl Slots {
    fn acquire(&self) {
        let mut busy = self.busy.lock().unwrap_or_else(|p| p.into_inner());
        while *busy >= MAX_CONNECTIONS {
            busy = self.freed.wait(busy).unwrap_or_else(|p| p.into_inner());
        }
        *busy += 1;
    }

    fn release(&self) {
        let mut busy = self.busy.lock().unwrap_or_else(|p| p.into_inner());
        *busy = busy.saturating_sub(1);
        self.freed.notify_one();
    }
}
