//! `--illustrate`: the page of a real connection, from the binary. Each secret on it is the
//! key log's; every record and every step is there; nothing is fetched; peer text is escaped;
//! the server's pages stop at their cap.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::sync::mpsc;
use std::thread;

use crate::common::{ChildGuard, DEADLINE, cert, free_port, run, spawn, stratls, wait_for_port};

/// A fresh directory for one test's files.
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("illustrate-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// The secrets on a page: `data-secret` name and value (hex, no spaces).
pub fn page_secrets(page: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for piece in page.split("data-secret=\"").skip(1) {
        let Some((name, rest)) = piece.split_once("\">") else {
            continue;
        };
        let value = rest.split('<').next().unwrap_or_default().replace(' ', "");
        out.insert(name.to_string(), value);
    }
    out
}

/// A key-log file: label and secret (the client random is the same on every line).
fn key_log(path: &PathBuf) -> BTreeMap<String, String> {
    std::fs::read_to_string(path)
        .expect("key log")
        .lines()
        .filter_map(|l| {
            let parts: Vec<&str> = l.split_whitespace().collect();
            (parts.len() == 3).then(|| (parts[0].to_string(), parts[2].to_string()))
        })
        .collect()
}

/// How many records a page shows, after checking they are numbered 1..=n, each once (the
/// page shows each in the step it belongs to, so not always in order).
pub fn record_count(page: &str) -> usize {
    let mut numbers: Vec<usize> = page
        .split("data-record=\"")
        .skip(1)
        .filter_map(|p| p.split('"').next()?.parse().ok())
        .collect();
    numbers.sort_unstable();
    let expected: Vec<usize> = (1..=numbers.len()).collect();
    assert_eq!(numbers, expected, "records numbered 1..=n");
    numbers.len()
}

/// What every page must be: self-contained, saying it holds secrets, with all seven steps.
pub fn check_page(page: &str) {
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(
        page.contains(
            "content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\""
        ),
        "the CSP"
    );
    for external in [
        "http://", "https://", "src=", "url(", "@import", "<link", "<iframe",
    ] {
        assert!(!page.contains(external), "the page refers to {external}");
    }
    assert!(page.contains("This page shows the secrets of this connection."));
    for step in 1..=7 {
        assert!(
            page.contains(&format!("data-step=\"{step}\"")),
            "step {step}"
        );
    }
}

fn demo_page(name: &str, extra: &[&str]) -> (String, BTreeMap<String, String>) {
    let dir = scratch(name);
    let (page, keys) = (dir.join("page.html"), dir.join("keys.txt"));
    let r = run(
        stratls()
            .arg("demo")
            .args(extra)
            .arg("--illustrate")
            .arg(&page)
            .arg("--keylogfile")
            .arg(&keys),
        b"",
    );
    assert!(r.status.success(), "{}", r.stderr);
    assert!(
        r.stderr.contains("illustrated connection written to"),
        "{}",
        r.stderr
    );
    let page = std::fs::read_to_string(&page).expect("page");
    assert!(r.stdout.contains("Step 1"), "the story is still told");
    no_secret_in(&page, &r.stdout);
    (page, key_log(&keys))
}

/// None of the page's secrets is in `text` (what the terminal showed).
fn no_secret_in(page: &str, text: &str) {
    let secrets = page_secrets(page);
    assert!(!secrets.is_empty());
    for (name, value) in secrets {
        assert!(!text.contains(&value), "{name} printed");
    }
    assert!(
        !text.contains("Secret {") && !text.contains("Record {"),
        "{text}"
    );
}

#[test]
fn tls13_demo_page_shows_the_key_log_s_secrets_and_every_record() {
    let (page, keys) = demo_page("tls13", &[]);
    check_page(&page);
    let secrets = page_secrets(&page);
    assert_eq!(keys.len(), 5, "{keys:?}");
    for (label, value) in &keys {
        assert_eq!(secrets.get(label), Some(value), "{label} on the page");
    }
    for name in [
        "SHARED_SECRET",
        "EARLY_SECRET",
        "HANDSHAKE_SECRET",
        "MASTER_SECRET",
        "CLIENT_HANDSHAKE_WRITE_KEY",
        "CLIENT_HANDSHAKE_WRITE_IV",
        "SERVER_HANDSHAKE_WRITE_KEY",
        "SERVER_HANDSHAKE_WRITE_IV",
        "CLIENT_APPLICATION_WRITE_KEY",
        "SERVER_APPLICATION_WRITE_IV",
    ] {
        assert!(secrets.contains_key(name), "{name}");
    }
    // The demo's connection: both hellos, the server's encrypted flight, the switch, data
    // both ways and close_notify both ways, in 13 records.
    assert_eq!(record_count(&page), 13);
    for carried in [
        "client → server: ClientHello (",
        "server → client: ServerHello (",
        "server → client: EncryptedExtensions, encrypted",
        "server → client: Certificate, encrypted",
        "server → client: CertificateVerify, encrypted",
        "server → client: Finished, encrypted",
        "client → server: Finished, encrypted",
        "client → server: application data, encrypted",
        "server → client: application data, encrypted",
        "client → server: alert close_notify, encrypted",
    ] {
        assert!(page.contains(carried), "{carried}");
    }
    // The plaintext of the client's data, decrypted, and the HKDF calls.
    assert!(page.contains("hello from the stratls demo client"));
    assert!(page.contains("HKDF-Expand-Label(handshake secret, \"c hs traffic\""));
    assert!(page.contains("XOR sequence number 0"));
    assert!(!page.contains("Where it failed"));
}

/// The key log's lines of the last connection it holds (the lines sharing the last line's
/// client random): label and secret.
fn last_connection_key_log(path: &PathBuf) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path).expect("key log");
    let lines: Vec<Vec<&str>> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .filter(|p| p.len() == 3)
        .collect();
    let last = lines.last().expect("a key-log line")[1];
    assert!(
        lines.iter().any(|p| p[1] != last),
        "the key log holds both connections"
    );
    lines
        .iter()
        .filter(|p| p[1] == last)
        .map(|p| (p[0].to_string(), p[2].to_string()))
        .collect()
}

#[test]
fn resumed_demo_page_is_the_second_connection_with_the_psk_path() {
    let dir = scratch("resume");
    let (page_path, keys_path) = (dir.join("page.html"), dir.join("keys.txt"));
    let r = run(
        stratls()
            .args(["demo", "--resume", "--illustrate"])
            .arg(&page_path)
            .arg("--keylogfile")
            .arg(&keys_path),
        b"",
    );
    assert!(r.status.success(), "{}", r.stderr);
    assert!(
        r.stderr.contains("(the resumed one) written to"),
        "{}",
        r.stderr
    );
    let page = std::fs::read_to_string(&page_path).expect("page");
    check_page(&page);
    no_secret_in(&page, &r.stdout);
    let keys = last_connection_key_log(&keys_path);
    assert_eq!(keys.len(), 5, "{keys:?}");
    let secrets = page_secrets(&page);
    for (label, value) in &keys {
        assert_eq!(secrets.get(label), Some(value), "{label} on the page");
    }
    // The early secret comes from the ticket's PSK, not zeros.
    let early = secrets.get("EARLY_SECRET").expect("the early secret");
    // HKDF-Extract(00, 32 zero bytes) with SHA-256 (RFC 8448), the early secret without a PSK.
    assert_ne!(
        early,
        "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a"
    );
    assert!(page.contains("IKM = the ticket&#39;s PSK") || page.contains("IKM = the ticket's PSK"));
    assert!(!page.contains("zero bytes, as there is no PSK"));
    // Said to be resumed, with the PSK extensions and the binder, and no Certificate.
    assert!(page.contains("This is the resumed connection"));
    assert!(page.contains("the resumed connection: client → server"));
    assert!(page.contains("data-binder=\"0\""));
    assert!(page.contains("Skipped: no certificate is sent or checked"));
    assert!(
        page.contains("the ticket&#39;s PSK authenticates the server")
            || page.contains("the ticket's PSK authenticates the server")
    );
    assert!(
        !page.contains(": Certificate, encrypted"),
        "no Certificate record"
    );
    assert!(!page.contains("CertificateVerify, encrypted"));
    assert!(page.contains("server → client: ServerHello ("));
    assert!(
        page.contains("PreSharedKey"),
        "the pre_shared_key extensions decoded"
    );
    assert!(page.contains("PskKeyExchangeModes"));
}

#[test]
fn tls12_demo_pages_show_the_master_secret_and_key_block() {
    for (name, extra, variant) in [
        ("ecdhe", &["--tls1_2"][..], "TLS 1.2 with ECDHE"),
        (
            "rsa",
            &["--tls1_2", "--rsa-kx"][..],
            "TLS 1.2 with RSA key transport",
        ),
    ] {
        let (page, keys) = demo_page(name, extra);
        check_page(&page);
        assert!(page.contains(variant), "{variant}");
        let secrets = page_secrets(&page);
        assert_eq!(keys.len(), 1, "{keys:?}");
        assert_eq!(
            secrets.get("CLIENT_RANDOM"),
            keys.get("CLIENT_RANDOM"),
            "{name}"
        );
        for s in [
            "PREMASTER_SECRET",
            "CLIENT_APPLICATION_WRITE_KEY",
            "SERVER_APPLICATION_WRITE_KEY",
            "CLIENT_APPLICATION_WRITE_IV",
            "SERVER_APPLICATION_WRITE_IV",
        ] {
            assert!(secrets.contains_key(s), "{name}: {s}");
        }
        assert!(page.contains("extended master secret"), "{name}");
        assert!(page.contains("key expansion"), "{name}");
        assert!(
            page.contains("client → server: ClientKeyExchange"),
            "{name}"
        );
        assert!(page.contains("client → server: ChangeCipherSpec"), "{name}");
        assert!(
            page.contains("explicit nonce"),
            "{name}: AES-GCM's explicit nonce"
        );
        assert!(
            page.contains("hello back from the stratls demo server"),
            "{name}"
        );
    }
}

#[test]
fn client_page_of_a_failed_handshake_says_where_and_why() {
    let port = free_port();
    let _server = spawn(
        stratls()
            .arg("server")
            .args(["--cert", &cert("server-ecdsa.chain.pem")])
            .args(["--key", &cert("server-ecdsa.key")])
            .args(["--accept", &format!("127.0.0.1:{port}")]),
    );
    wait_for_port(port);
    let dir = scratch("failed");
    let page = dir.join("failed.html");
    // A root that did not issue the server's chain.
    let r = run(
        stratls()
            .arg("client")
            .arg(format!("127.0.0.1:{port}"))
            .args(["--servername", "localhost"])
            .args(["--cafile", &cert("server-ed25519.pem")])
            .arg("--trace")
            .arg("--illustrate")
            .arg(&page),
        b"",
    );
    assert!(!r.status.success());
    let page = std::fs::read_to_string(&page).expect("page");
    assert!(
        r.stderr.contains("decision:"),
        "the trace ran: {}",
        r.stderr
    );
    no_secret_in(&page, &r.stderr);
    check_page(&page);
    assert!(page.contains("Where it failed"));
    assert!(
        page.contains("The client sent the alert <b>unknown_ca</b>"),
        "the alert"
    );
    assert!(page.contains("no path to a trust anchor"), "the check");
    assert!(page.contains("The check that failed: <b>"), "the error");
    assert!(page.contains("The handshake did not complete."));
}

/// Reads a child's stderr on a thread, line by line.
fn stderr_lines(child: &mut ChildGuard) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let stderr = child.0.stderr.take().expect("stderr");
    thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Waits, at most [`DEADLINE`], for a line containing `text`.
fn wait_for_line(lines: &mpsc::Receiver<String>, text: &str) -> String {
    let start = std::time::Instant::now();
    while let Some(left) = DEADLINE.checked_sub(start.elapsed()) {
        match lines.recv_timeout(left) {
            Ok(line) if line.contains(text) => return line,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    panic!("no line with {text:?} within {DEADLINE:?}");
}

#[test]
fn server_pages_escape_peer_text_and_stop_at_their_cap() {
    let dir = scratch("server");
    let port = free_port();
    let mut server = spawn(
        stratls()
            .arg("server")
            .args(["--cert", &cert("server-ecdsa.chain.pem")])
            .args(["--key", &cert("server-ecdsa.key")])
            .args(["--accept", &format!("127.0.0.1:{port}")])
            .arg("--illustrate")
            .arg(&dir)
            .args(["--illustrate-max-pages", "2"]),
    );
    let lines = stderr_lines(&mut server);
    // wait_for_port's probe is connection 1: it ends without a handshake, and its page is
    // the first.
    wait_for_port(port);
    wait_for_line(&lines, "conn 1: illustrated in");
    let hostile = "<img onerror=alert(1)>";
    let client = |alpn: &str| {
        let r = run(
            stratls()
                .arg("client")
                .arg(format!("127.0.0.1:{port}"))
                .args(["--servername", "localhost"])
                .args(["--cafile", &cert("ca.pem")])
                .args(["--alpn", alpn]),
            b"hello\n",
        );
        assert!(r.status.success(), "{}", r.stderr);
    };
    client(hostile);
    wait_for_line(&lines, "conn 2: illustrated in");
    client("h2");
    wait_for_line(&lines, "conn 3: no page (the --illustrate budget is spent)");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| Some(e.ok()?.path()))
        .collect();
    pages.sort();
    assert_eq!(pages.len(), 2, "{pages:?}");
    let probe = std::fs::read_to_string(&pages[0]).expect("page");
    check_page(&probe);
    assert!(probe.contains("The handshake did not complete."));
    let page = std::fs::read_to_string(&pages[1]).expect("page");
    check_page(&page);
    assert!(page.contains("seen from the server"));
    assert!(page.contains("protocols offered: &lt;img onerror=alert(1)&gt;"));
    assert!(!page.contains(hostile), "peer text is escaped");
}
