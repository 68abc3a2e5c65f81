//! A client that trusts one pinned certificate instead of a root store, against a server in
//! the same process on 127.0.0.1.
//!
//! ```text
//! cargo run -p stratls --example pinned_verifier -- \
//!     --cert tests/certs/server-ecdsa.chain.pem --key tests/certs/server-ecdsa.key
//! ```
//!
//! The server presents CHAIN; the client pins CHAIN's first certificate, connects, and
//! exchanges a line; then a client pinned to a different certificate (CHAIN's second, if it
//! has one) is refused with `unknown_ca`.

mod pinned;

use std::error::Error;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use stratls::{CertificateDer, ClientConfig, certificates_from_file, private_key_from_file};

use crate::pinned::Pinned;

const USAGE: &str = "usage: pinned_verifier --cert CHAIN.pem --key KEY.pem";

fn main() -> Result<(), Box<dyn Error>> {
    let (mut cert, mut key) = (None, None);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let slot = match arg.as_str() {
            "--cert" => &mut cert,
            "--key" => &mut key,
            _ => return Err(USAGE.into()),
        };
        *slot = Some(args.next().ok_or(USAGE)?);
    }
    let chain = certificates_from_file(cert.ok_or(USAGE)?)?;
    let key = private_key_from_file(key.ok_or(USAGE)?)?;
    let server_config = Arc::new(
        stratls::server_config()
            .with_no_client_auth()
            .with_single_cert(chain.clone(), key)
            .build()?,
    );

    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let attempts = if chain.len() > 1 { 2 } else { 1 };
    let server = thread::spawn(move || {
        for _ in 0..attempts {
            let Ok((tcp, _)) = listener.accept() else {
                return;
            };
            let _ = tcp.set_read_timeout(Some(Duration::from_secs(10)));
            match stratls::accept(server_config.clone(), tcp) {
                Ok(mut tls) => {
                    let _ = tls.write_all(b"hello, pinned client\n");
                    let _ = tls.close();
                }
                Err(e) => eprintln!("server: {e}"),
            }
        }
    });

    let mut tls = connect(pinned(chain[0].clone())?, port)?;
    let mut line = String::new();
    BufReader::new(&mut tls).read_line(&mut line)?;
    print!("pinned to the server's certificate: {line}");

    if let Some(other) = chain.get(1) {
        match connect(pinned(other.clone())?, port) {
            Ok(_) => return Err("a client pinned to another certificate got through".into()),
            Err(e) => println!("pinned to another certificate: refused ({e})"),
        }
    }
    server.join().map_err(|_| "the server thread panicked")?;
    Ok(())
}

fn pinned(cert: CertificateDer<'static>) -> Result<Arc<ClientConfig>, stratls::ConfigError> {
    let config = stratls::client_config()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(Pinned(cert)))
        .with_no_client_auth()
        .build()?;
    Ok(Arc::new(config))
}

fn connect(config: Arc<ClientConfig>, port: u16) -> std::io::Result<stratls::Stream<TcpStream>> {
    let tcp = TcpStream::connect(("127.0.0.1", port))?;
    tcp.set_read_timeout(Some(Duration::from_secs(10)))?;
    stratls::connect(config, "localhost", tcp)
}
