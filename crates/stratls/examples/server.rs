//! A TLS echo server on 127.0.0.1:PORT, one connection at a time.
//!
//! ```text
//! cargo run -p stratls --example server -- 4433 \
//!     --cert tests/certs/server-ecdsa.chain.pem --key tests/certs/server-ecdsa.key
//! ```

use std::error::Error;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use stratls::{ServerConfig, certificates_from_file, private_key_from_file};

const USAGE: &str = "usage: server PORT --cert CHAIN.pem --key KEY.pem";

fn main() -> Result<(), Box<dyn Error>> {
    let (mut port, mut cert, mut key) = (None, None, None);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--cert" => cert = Some(args.next().ok_or(USAGE)?),
            "--key" => key = Some(args.next().ok_or(USAGE)?),
            _ if port.is_none() => port = Some(arg.parse::<u16>().map_err(|_| USAGE)?),
            _ => return Err(USAGE.into()),
        }
    }
    let (port, cert, key) = (port.ok_or(USAGE)?, cert.ok_or(USAGE)?, key.ok_or(USAGE)?);
    let config = stratls::server_config()
        .with_no_client_auth()
        .with_single_cert(certificates_from_file(cert)?, private_key_from_file(key)?)
        .build()?;
    let config = Arc::new(config);

    let listener = TcpListener::bind(("127.0.0.1", port))?;
    eprintln!("echoing on {}", listener.local_addr()?);
    for tcp in listener.incoming() {
        // One client's failure is reported and the server goes on to the next.
        match tcp.map_err(Box::from).and_then(|tcp| serve(&config, tcp)) {
            Ok(bytes) => eprintln!("connection closed after echoing {bytes} bytes"),
            Err(e) => eprintln!("connection failed: {e}"),
        }
    }
    Ok(())
}

/// Echoes until the client closes; returns how many bytes were echoed.
fn serve(config: &Arc<ServerConfig>, tcp: TcpStream) -> Result<usize, Box<dyn Error>> {
    let peer = tcp.peer_addr()?;
    tcp.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut tls = stratls::accept(Arc::clone(config), tcp)?;
    let n = tls.connection().negotiated().expect("established");
    eprintln!(
        "{peer}: {:?}, {:?}, SNI {:?}",
        n.version.ok_or("no version negotiated")?,
        n.cipher_suite.ok_or("no cipher suite negotiated")?,
        n.server_name.as_deref().unwrap_or("(none)"),
    );
    let mut buf = [0u8; 4096];
    let mut total = 0;
    loop {
        let n = tls.read(&mut buf)?;
        if n == 0 {
            break;
        }
        tls.write_all(&buf[..n])?;
        total += n;
    }
    tls.close()?;
    Ok(total)
}
