//! `stratls demo`: a client and a server on 127.0.0.1, a throw-away PKI made in memory, and
//! the handshake told step by step from both sides' observer events.

mod certs;
mod lessons;
mod narrate;
mod record;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use stratls::{ClientConfig, KeyLogFile, Negotiated, Observer, ServerConfig, Side, Versions};

use crate::args::DemoArgs;
use crate::config;
use crate::error::CliError;
use crate::illustrate::{self, Illustrator};

pub use record::{Entry, Protection, Recorder, Timeline, What, Who};

/// What the client says once the handshake is done.
const CLIENT_MESSAGE: &[u8] = b"hello from the stratls demo client\n";
/// What the server answers.
const SERVER_MESSAGE: &[u8] = b"hello back from the stratls demo server\n";
/// Upper bound on any wait of the demo.
const TIMEOUT: Duration = Duration::from_secs(10);

/// Runs the demo and prints it to stdout.
pub fn run(args: &DemoArgs) -> Result<(), CliError> {
    let pki = if args.rsa_kx {
        certs::rsa_test_tree()?
    } else {
        certs::generate()?
    };
    let timeline = Timeline::new();
    // With --resume the page is the second, resumed connection's: the one asked for.
    let illustrator = args
        .illustrate
        .as_ref()
        .filter(|_| !args.resume)
        .map(|_| Illustrator::new(Side::Client));
    let (client_config, server_config) = configs(args, &pki, &timeline, illustrator.clone())?;
    let server_config_of_first = server_config.clone();

    let listener = TcpListener::bind("127.0.0.1:0").map_err(io("binding 127.0.0.1:0"))?;
    let address = listener.local_addr().map_err(io("reading the address"))?;
    let server = thread::spawn(move || serve_once(&listener, server_config));
    // On a client error the server thread is left to end on its own (it sees the alert or
    // its read timeout); the error is what the demo reports.
    let talked = talk(client_config.clone(), address.port(), false);
    if let (Some(path), Some(i)) = (&args.illustrate, illustrator) {
        let error = talked.as_ref().err().map(ToString::to_string);
        let title = format!("stratls demo, client → server on {address}");
        illustrate::write_page(path, &i.page(&title, error.as_deref()))?;
        eprintln!("illustrated connection written to {}", path.display());
    }
    let negotiated = talked?;
    server
        .join()
        .map_err(|_| CliError::Unavailable("the demo server thread panicked".into()))??;

    let entries = timeline.entries();
    narrate::print(&narrate::Story {
        args,
        address: address.to_string(),
        pki_origin: &pki.origin,
        entries: &entries,
        negotiated: &negotiated,
    });
    if args.resume {
        resume(
            args,
            &pki,
            &client_config,
            &server_config_of_first,
            &entries,
        )?;
    }
    Ok(())
}

/// `--resume`: the same client connects again with the first connection's ticket; the
/// story of that handshake, then what it skipped and how much shorter it was.
fn resume(
    args: &DemoArgs,
    pki: &certs::DemoPki,
    first_client: &ClientConfig,
    first_server: &ServerConfig,
    first: &[Entry],
) -> Result<(), CliError> {
    let timeline = Timeline::new();
    let illustrator = args
        .illustrate
        .as_ref()
        .map(|_| Illustrator::new(Side::Client));
    let (client, server) = configs(args, pki, &timeline, illustrator.clone())?;
    let mut client = (*client).clone();
    client.ticket_store = first_client.ticket_store.clone();
    let mut server = (*server).clone();
    server.ticketer = first_server.ticketer.clone();
    let listener = TcpListener::bind("127.0.0.1:0").map_err(io("binding 127.0.0.1:0"))?;
    let address = listener.local_addr().map_err(io("reading the address"))?;
    let served = thread::spawn(move || serve_once(&listener, Arc::new(server)));
    let talked = talk(Arc::new(client), address.port(), args.early_data);
    if let (Some(path), Some(i)) = (&args.illustrate, illustrator) {
        let error = talked.as_ref().err().map(ToString::to_string);
        let title = format!(
            "stratls demo, the resumed connection: client → server on {address} with the \
             ticket of the first connection"
        );
        illustrate::write_page(path, &i.page(&title, error.as_deref()))?;
        eprintln!(
            "illustrated connection (the resumed one) written to {}",
            path.display()
        );
    }
    let negotiated = talked?;
    served
        .join()
        .map_err(|_| CliError::Unavailable("the demo server thread panicked".into()))??;
    let second = timeline.entries();
    println!();
    println!("==== The same client connects again, with the server's ticket ====");
    println!();
    narrate::print(&narrate::Story {
        args,
        address: address.to_string(),
        pki_origin: &pki.origin,
        entries: &second,
        negotiated: &negotiated,
    });
    println!();
    print!("{}", compare(first, &second, negotiated.resumed));
    if args.early_data {
        print!("{}", early_data_story(&negotiated));
    }
    Ok(())
}

/// With `--early-data`: what became of the line sent as 0-RTT.
fn early_data_story(negotiated: &Negotiated) -> String {
    match negotiated.early_data {
        stratls::EarlyData::Accepted => format!(
            "0-RTT: the client's line ({} bytes) went in its first flight, right after the\n\
             ClientHello, under the client early traffic key (from the ticket's PSK and the\n\
             ClientHello); the server accepted it and could read it before the handshake was\n\
             done. Early data is not forward secret from the PSK, and an attacker can replay\n\
             it: only requests that are safe to repeat belong there.\n",
            CLIENT_MESSAGE.len()
        ),
        stratls::EarlyData::Rejected => "0-RTT: the server declined the early data; the client \
             sent its line again after the handshake.\n"
            .into(),
        _ => "0-RTT: not offered (the ticket did not allow early data); the line went after \
             the handshake.\n"
            .into(),
    }
}

/// The handshake of a timeline as the client saw it: each message's name and length, up to
/// the client's Finished, and the time that took.
fn handshake_of(entries: &[Entry]) -> (Vec<(&'static str, usize)>, Duration) {
    let mut messages = Vec::new();
    let mut end = Duration::ZERO;
    for e in entries.iter().filter(|e| e.who == Who::Client) {
        if let What::Message {
            direction,
            described,
            encoded,
            ..
        } = &e.what
        {
            messages.push((described.name, encoded.len()));
            end = e.at;
            if *direction == stratls::Direction::Sent && described.name == "Finished" {
                break;
            }
        }
    }
    (messages, end)
}

/// What the resumed handshake skipped, and how much shorter it was.
fn compare(first: &[Entry], second: &[Entry], resumed: bool) -> String {
    use std::fmt::Write as _;
    let (full, full_time) = handshake_of(first);
    let (short, short_time) = handshake_of(second);
    let mut out = String::new();
    if !resumed {
        let _ = writeln!(
            out,
            "The server did not resume the session: both were full handshakes."
        );
        return out;
    }
    let skipped: Vec<&str> = full
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| !short.iter().any(|(n, _)| n == name))
        .collect();
    let bytes = |m: &[(&str, usize)]| m.iter().map(|(_, len)| len).sum::<usize>();
    let _ = writeln!(
        out,
        "Resumed: the client offered the server's ticket (a pre-shared key with its"
    );
    let _ = writeln!(
        out,
        "binder) and the server took it, so neither side had to prove who it is again."
    );
    let _ = writeln!(
        out,
        "Skipped: {} (no certificate to send or verify, no signature to make or check).",
        skipped.join(", ")
    );
    let _ = writeln!(
        out,
        "Handshake messages: {} instead of {}; {} bytes instead of {}.",
        short.len(),
        full.len(),
        bytes(&short),
        bytes(&full)
    );
    let _ = writeln!(
        out,
        "Time from ClientHello to the client's Finished: {:.1} ms instead of {:.1} ms.",
        short_time.as_secs_f64() * 1000.0,
        full_time.as_secs_f64() * 1000.0
    );
    out
}

fn io(context: &'static str) -> impl FnOnce(std::io::Error) -> CliError {
    move |error| CliError::Io {
        context: context.into(),
        error,
    }
}

fn configs(
    args: &DemoArgs,
    pki: &certs::DemoPki,
    timeline: &Arc<Timeline>,
    illustrator: Option<Arc<Illustrator>>,
) -> Result<(Arc<ClientConfig>, Arc<ServerConfig>), CliError> {
    let recorder: Arc<dyn Observer> = Arc::new(Recorder::new(Who::Client, timeline.clone()));
    let secret_events = illustrator.is_some();
    let client_observer = illustrate::observers(Some(recorder), illustrator)
        .ok_or_else(|| CliError::Unavailable("the demo client has no observer".into()))?;
    let server_observer: Arc<dyn Observer> = Arc::new(Recorder::new(Who::Server, timeline.clone()));
    let alpn = vec![b"http/1.1".to_vec()];
    let mut client = stratls::client_config_with_provider(config::provider(args.rsa_kx, true))
        .with_root_certificates(pki.roots.clone())
        .with_no_client_auth()
        .with_alpn_protocols(alpn.clone())
        .with_observer(client_observer);
    let mut server = stratls::server_config_with_provider(config::provider(args.rsa_kx, true))
        .with_no_client_auth()
        .with_single_cert(pki.chain.clone(), pki.key.clone_key())
        .with_alpn_protocols(alpn)
        .with_observer(server_observer);
    if args.tls12 {
        client = client.with_versions(Versions::TLS12_ONLY);
    }
    if secret_events {
        // The page shows the connection's secrets: asked for explicitly with --illustrate.
        client = client.dangerous().with_secret_events();
    }
    if let Some(path) = &args.keylogfile {
        let log = KeyLogFile::create(path).map_err(|error| CliError::Io {
            context: format!("opening {}", path.display()),
            error,
        })?;
        client = client.with_key_log(Arc::new(log));
    }
    if args.rsa_kx {
        // Off by default on both sides; the demo turns it on to show it.
        client = client.dangerous().with_rsa_key_exchange();
        server = server.dangerous().with_rsa_key_exchange();
    }
    let mut server = server.build()?;
    let mut client = client.build()?;
    // One ticket for the second connection of --resume; without it, a ticket would go
    // unused.
    server.tickets = usize::from(args.resume);
    if args.resume {
        client.ticket_store = Arc::new(stratls::MemoryTicketStore::new(2));
    }
    if args.early_data {
        // 0-RTT needs a record of each ticket's first use (RFC 8446 §8): a bounded
        // anti-replay store, here local to the demo's server.
        server.max_early_data_size = 16 * 1024;
        server.anti_replay = Some(Arc::new(stratls::MemoryAntiReplay::new(
            Duration::from_secs(10),
            16,
        )));
        client.enable_early_data = true;
    }
    Ok((Arc::new(client), Arc::new(server)))
}

/// A read timeout bounds every wait; no Nagle delay, so the timings show the protocol rather
/// than TCP's wait for an acknowledgement before sending a small segment.
fn tune(tcp: &TcpStream) -> Result<(), CliError> {
    tcp.set_read_timeout(Some(TIMEOUT))
        .map_err(io("setting a timeout"))?;
    tcp.set_nodelay(true).map_err(io("setting TCP_NODELAY"))
}

/// The server side: one connection, read the client's line, answer, close.
fn serve_once(listener: &TcpListener, config: Arc<ServerConfig>) -> Result<(), CliError> {
    let (tcp, _) = listener.accept().map_err(io("accepting"))?;
    tune(&tcp)?;
    let mut tls =
        stratls::accept(config, tcp).map_err(|e| CliError::from_stream("server handshake", e))?;
    let mut got = vec![0u8; CLIENT_MESSAGE.len()];
    tls.read_exact(&mut got)
        .map_err(|e| CliError::from_stream("server reading", e))?;
    tls.write_all(SERVER_MESSAGE)
        .map_err(|e| CliError::from_stream("server writing", e))?;
    let mut rest = Vec::new();
    tls.read_to_end(&mut rest)
        .map_err(|e| CliError::from_stream("server waiting for close_notify", e))?;
    tls.close()
        .map_err(|e| CliError::from_stream("server closing", e))
}

/// The client side: handshake, say hello (with `early`, as 0-RTT data in the first flight
/// when the ticket allows it), read the answer, close. Returns what was agreed.
fn talk(config: Arc<ClientConfig>, port: u16, early: bool) -> Result<Negotiated, CliError> {
    let tcp = TcpStream::connect(("127.0.0.1", port)).map_err(io("connecting"))?;
    tune(&tcp)?;
    let name = stratls::ServerName::try_from("localhost")
        .map_err(|e| CliError::Usage(format!("server name: {e}")))?;
    let mut conn = stratls::Connection::client(config, name)
        .map_err(|e| CliError::from_stream("starting the client", std::io::Error::other(e)))?;
    let sent_early = if early {
        conn.write_early_data_replayable(CLIENT_MESSAGE)
            .unwrap_or(0)
    } else {
        0
    };
    let mut tls = stratls::Stream::new(conn, tcp);
    tls.handshake()
        .map_err(|e| CliError::from_stream("client handshake", e))?;
    let accepted =
        tls.connection().negotiated().map(|n| n.early_data) == Some(stratls::EarlyData::Accepted);
    // What did not go early (none of it, when the server declined) goes now.
    let rest = if accepted { sent_early } else { 0 };
    tls.write_all(&CLIENT_MESSAGE[rest..])
        .map_err(|e| CliError::from_stream("client writing", e))?;
    let mut answer = vec![0u8; SERVER_MESSAGE.len()];
    tls.read_exact(&mut answer)
        .map_err(|e| CliError::from_stream("client reading", e))?;
    tls.close()
        .map_err(|e| CliError::from_stream("client closing", e))?;
    let mut rest = Vec::new();
    tls.read_to_end(&mut rest)
        .map_err(|e| CliError::from_stream("client waiting for close_notify", e))?;
    Ok(tls.connection().negotiated().cloned().unwrap_or_default())
}
