//! A TLS client: connects to HOST:PORT, sends an HTTP/1.0 GET and prints the response.
//!
//! ```text
//! cargo run -p stratls --example client -- localhost:4433 --cafile tests/certs/ca.pem [--path /]
//! ```

use std::error::Error;
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

const USAGE: &str = "usage: client HOST:PORT --cafile CA.pem [--path /PATH]";

fn main() -> Result<(), Box<dyn Error>> {
    let (mut target, mut cafile, mut path) = (None, None, String::from("/"));
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--cafile" => cafile = Some(args.next().ok_or(USAGE)?),
            "--path" => path = args.next().ok_or(USAGE)?,
            _ if target.is_none() && !arg.starts_with('-') => target = Some(arg),
            _ => return Err(USAGE.into()),
        }
    }
    let (target, cafile) = (target.ok_or(USAGE)?, cafile.ok_or(USAGE)?);
    let (host, _port) = target.rsplit_once(':').ok_or(USAGE)?;
    let host = host.trim_start_matches('[').trim_end_matches(']');

    let mut roots = stratls::RootStore::new();
    roots.add_pem(&std::fs::read(&cafile)?)?;
    let config = stratls::client_config()
        .with_root_certificates(roots)
        .with_no_client_auth()
        .build()?;

    let tcp = TcpStream::connect(&target)?;
    tcp.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut tls = stratls::connect(Arc::new(config), host, tcp)?;
    let n = tls.connection().negotiated().expect("established");
    eprintln!(
        "connected to {target}: {:?}, {:?}, {:?}",
        n.version.ok_or("no version negotiated")?,
        n.cipher_suite.ok_or("no cipher suite negotiated")?,
        n.group.ok_or("no group negotiated")?,
    );

    tls.write_all(format!("GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").as_bytes())?;
    let mut response = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tls.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => response.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::UnexpectedEof => {
                eprintln!("warning: {e}; the response may be truncated");
                break;
            }
            Err(e) => return Err(e.into()),
        }
    }
    print!("{}", String::from_utf8_lossy(&response));
    // The server closed first; our close_notify may find the transport already gone.
    let _ = tls.close();
    Ok(())
}
