//! The opt-in key log: `SSLKEYLOGFILE` names the file only for a caller that asks, and the
//! file gets the NSS lines of a handshake.

use std::ffi::OsStr;
use std::sync::Arc;

use stratls_io::KeyLogFile;
use stratls_test_support::{Pair, client_config, server_config};

#[test]
fn no_variable_or_an_empty_one_gives_no_key_log() {
    assert!(KeyLogFile::from_env_value(None).expect("none").is_none());
    assert!(
        KeyLogFile::from_env_value(Some(OsStr::new("")))
            .expect("empty")
            .is_none()
    );
    // A config has no key log unless it is given one.
    assert!(client_config().shared.key_log.is_none());
    assert!(server_config("server-ecdsa").shared.key_log.is_none());
    assert_eq!(KeyLogFile::ENV, "SSLKEYLOGFILE");
}

#[test]
fn the_named_file_gets_the_handshake_secrets() {
    let path = std::env::temp_dir().join(format!("stratls-keylog-{}.txt", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let log = KeyLogFile::from_env_value(Some(path.as_os_str()))
        .expect("opens")
        .expect("a key log");
    let mut client = client_config();
    client.shared.key_log = Some(Arc::new(log));
    let mut pair = Pair::new(client, server_config("server-ecdsa"));
    pair.handshake();
    let text = std::fs::read_to_string(&path).expect("the file");
    let _ = std::fs::remove_file(&path);
    let labels: Vec<&str> = text
        .lines()
        .map(|l| l.split(' ').next().unwrap_or(""))
        .collect();
    for label in [
        "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
        "SERVER_HANDSHAKE_TRAFFIC_SECRET",
        "CLIENT_TRAFFIC_SECRET_0",
        "SERVER_TRAFFIC_SECRET_0",
    ] {
        assert!(labels.contains(&label), "{label} missing from\n{text}");
    }
    // Each line: label, 32-byte client random, secret, in hex.
    for line in text.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        assert_eq!(fields.len(), 3, "{line}");
        assert_eq!(fields[1].len(), 64, "{line}");
    }
}
