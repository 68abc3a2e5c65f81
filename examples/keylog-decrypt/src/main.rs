//! Decrypts a captured TLS 1.3 connection with its NSS key log and prints every message.
//!
//! ```text
//! keylog-decrypt CLIENT_BYTES SERVER_BYTES KEYLOG
//! ```
//!
//! `CLIENT_BYTES` and `SERVER_BYTES` hold what each side sent, in order (a TCP stream's two
//! directions, as a packet analyser's "follow stream" saves them raw); `KEYLOG` is the file a
//! client or server wrote through `SSLKEYLOGFILE`.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use keylog_decrypt::decrypt;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [client, server, key_log] = args.as_slice() else {
        eprintln!("usage: keylog-decrypt CLIENT_BYTES SERVER_BYTES KEYLOG");
        return ExitCode::FAILURE;
    };
    let read = |path: &String| std::fs::read(path).map_err(|e| format!("{path}: {e}"));
    let inputs = (|| {
        let key_log = String::from_utf8(read(key_log)?).map_err(|e| format!("{key_log}: {e}"))?;
        Ok::<_, String>((read(client)?, read(server)?, key_log))
    })();
    let (client, server, key_log) = match inputs {
        Ok(inputs) => inputs,
        Err(e) => {
            eprintln!("keylog-decrypt: {e}");
            return ExitCode::FAILURE;
        }
    };
    let capture = match decrypt(&client, &server, &key_log) {
        Ok(capture) => capture,
        Err(e) => {
            eprintln!("keylog-decrypt: {e}");
            return ExitCode::FAILURE;
        }
    };
    let random: String = capture
        .client_random
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    println!("client random {random}, {:?}", capture.suite);
    for message in capture.client.iter().chain(&capture.server) {
        println!("{message}");
    }
    for (sender, why) in &capture.stopped {
        eprintln!("keylog-decrypt: {sender:?} stopped: {why}");
    }
    if capture.stopped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
