//! A small hyper 1 service over HTTPS, HTTP/2 or HTTP/1.1 as the client's ALPN chooses.
//!
//! ```text
//! cargo run -p stratls-tokio --example https_server -- --cert CHAIN.pem --key KEY.pem --accept 127.0.0.1:8443
//! curl --http2 --cacert ca.pem https://localhost:8443/
//! ```

mod serve;

use std::sync::Arc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut cert = None;
    let mut key = None;
    let mut accept = "127.0.0.1:8443".to_string();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--cert" => cert = Some(value()?),
            "--key" => key = Some(value()?),
            "--accept" => accept = value()?,
            _ => return Err(format!("unknown argument {arg}; use --cert, --key, --accept").into()),
        }
    }
    let (Some(cert), Some(key)) = (cert, key) else {
        return Err("usage: https_server --cert PEM --key PEM [--accept ADDR:PORT]".into());
    };
    let mut config = stratls::server_config()
        .with_no_client_auth()
        .with_single_cert(
            stratls::certificates_from_file(&cert)?,
            stratls::private_key_from_file(&key)?,
        )
        .build()?;
    config.shared.alpn = serve::alpn();
    // Key logging only when asked for, by SSLKEYLOGFILE.
    if let Some(log) = stratls::KeyLogFile::from_env()? {
        config.shared.key_log = Some(Arc::new(log));
    }
    let acceptor = stratls_tokio::TlsAcceptor::from(Arc::new(config));
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&accept).await?;
        println!("listening on https://{}", listener.local_addr()?);
        serve::serve(listener, acceptor).await
    })?;
    Ok(())
}
