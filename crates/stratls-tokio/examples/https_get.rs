//! Fetches a URL through the stratls HTTPS connector for hyper-util and prints the response.
//!
//! ```text
//! cargo run -p stratls-tokio --example https_get -- https://localhost:8443/ --cafile ca.pem
//! cargo run -p stratls-tokio --example https_get -- https://example.com/ --native-roots
//! ```
//!
//! Without `--cafile` or `--native-roots` the Mozilla roots (webpki-roots) are trusted. With
//! `SSLKEYLOGFILE` set, the secrets are appended to the file it names (for Wireshark).

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use stratls::RootStore;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut url = None;
    let mut cafile = None;
    let mut native = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--cafile" => cafile = Some(args.next().ok_or("--cafile needs a file")?),
            "--native-roots" => native = true,
            _ if url.is_none() && !arg.starts_with("--") => url = Some(arg),
            _ => return Err(format!("unknown argument {arg}").into()),
        }
    }
    let url: hyper::Uri = url
        .ok_or("usage: https_get URL [--cafile PEM | --native-roots]")?
        .parse()?;
    let roots = match (cafile, native) {
        (Some(file), _) => {
            let mut roots = RootStore::new();
            roots.add_pem(&std::fs::read(file)?)?;
            roots
        }
        (None, true) => stratls::native_roots().store,
        (None, false) => {
            let mut roots = RootStore::new();
            roots.add_trust_anchors(webpki_roots::TLS_SERVER_ROOTS.iter());
            roots
        }
    };
    let mut config = stratls::client_config()
        .with_root_certificates(roots)
        .with_no_client_auth()
        .build()?;
    // Key logging only when asked for, by SSLKEYLOGFILE.
    if let Some(log) = stratls::KeyLogFile::from_env()? {
        config.shared.key_log = Some(std::sync::Arc::new(log));
    }
    let https = stratls_tokio::hyper::HttpsConnector::new(config);
    let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build(https);
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let response = client.get(url).await?;
        println!("{:?} {}", response.version(), response.status());
        for (name, value) in response.headers() {
            println!("{name}: {}", value.to_str().unwrap_or("(not text)"));
        }
        println!();
        let body = response.into_body().collect().await?.to_bytes();
        print!("{}", String::from_utf8_lossy(&body));
        Ok::<(), Box<dyn std::error::Error>>(())
    })
}
