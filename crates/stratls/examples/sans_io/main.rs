//! A client and a server `Connection` driven by hand over two in-memory buffers: the
//! handshake, a message each way, and close_notify each way, with no socket and no thread.
//!
//! ```text
//! cargo run -p stratls --example sans_io -- --cafile tests/certs/ca.pem \
//!     --cert tests/certs/server-ecdsa.chain.pem --key tests/certs/server-ecdsa.key
//! ```

mod memory;

use std::error::Error;
use std::sync::Arc;

use stratls::{Connection, RootStore, ServerName, certificates_from_file, private_key_from_file};

use crate::memory::{Link, read_all};

const USAGE: &str = "usage: sans_io --cafile CA.pem --cert CHAIN.pem --key KEY.pem";

fn main() -> Result<(), Box<dyn Error>> {
    let (mut cafile, mut cert, mut key) = (None, None, None);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let slot = match arg.as_str() {
            "--cafile" => &mut cafile,
            "--cert" => &mut cert,
            "--key" => &mut key,
            _ => return Err(USAGE.into()),
        };
        *slot = Some(args.next().ok_or(USAGE)?);
    }
    let (cafile, cert, key) = (cafile.ok_or(USAGE)?, cert.ok_or(USAGE)?, key.ok_or(USAGE)?);

    let mut roots = RootStore::new();
    roots.add_pem(&std::fs::read(&cafile)?)?;
    let client_config = stratls::client_config()
        .with_root_certificates(roots)
        .with_no_client_auth()
        .build()?;
    let server_config = stratls::server_config()
        .with_no_client_auth()
        .with_single_cert(certificates_from_file(&cert)?, private_key_from_file(&key)?)
        .build()?;

    let name = ServerName::try_from("localhost")?.to_owned();
    let mut client = Connection::client(Arc::new(client_config), name)?;
    let mut server = Connection::server(Arc::new(server_config))?;
    let mut link = Link::default();

    let rounds = link.pump(&mut client, &mut server)?;
    let negotiated = client.negotiated().ok_or("the client is not established")?;
    println!(
        "handshake done in {rounds} round(s) of the pump: {:?}, {:?}, {:?}",
        negotiated.version.ok_or("no version")?,
        negotiated.cipher_suite.ok_or("no suite")?,
        negotiated.group.ok_or("no group")?,
    );

    client.write(b"ping")?;
    link.pump(&mut client, &mut server)?;
    let (got, _) = read_all(&mut server)?;
    println!("server read {:?}", String::from_utf8_lossy(&got));
    server.write(b"pong")?;
    link.pump(&mut client, &mut server)?;
    let (got, _) = read_all(&mut client)?;
    println!("client read {:?}", String::from_utf8_lossy(&got));

    client.close();
    server.close();
    link.pump(&mut client, &mut server)?;
    let (_, server_saw_close) = read_all(&mut server)?;
    let (_, client_saw_close) = read_all(&mut client)?;
    println!(
        "close_notify received: by the server {server_saw_close}, by the client {client_saw_close}"
    );
    Ok(())
}
