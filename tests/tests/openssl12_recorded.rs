//! A TLS 1.2 session recorded from `openssl s_server`, decrypted with OpenSSL's own key log:
//! the master secret OpenSSL logged, expanded by stratls-keyschedule and applied by
//! stratls-record, must open the server's records to exactly the bytes the session carried.
//! Two independent implementations agree on the PRF, the key block, the AEAD nonces and the
//! record format.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use stratls::codec::handshake::ServerHello;
use stratls::codec::{ContentType, HandshakeMessage, ParseContext};
use stratls::crypto::Secret;
use stratls::keyschedule::tls12::MasterSecret;
use stratls::record::{Message, RecordProtection, RecordReader};
use stratls::{RootStore, Versions};
use stratls_test_support::records::{Record, split};
use stratls_tests::certs::cert_path;

/// A transport that keeps a copy of everything it reads.
struct Recording {
    tcp: TcpStream,
    seen: Arc<Mutex<Vec<u8>>>,
}

impl Read for Recording {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.tcp.read(buf)?;
        self.seen.lock().expect("lock").extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

impl Write for Recording {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.tcp.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.tcp.flush()
    }
}

/// Kills the child when dropped, also when the test panics.
struct Kill(std::process::Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn openssl_session_decrypts_with_openssls_key_log() {
    if !stratls_tests::openssl::available() {
        println!("note: openssl is not installed; skipping (.ci/run installs it)");
        return;
    }
    let dir = std::env::temp_dir().join(format!("stratls-recorded-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let keylog = dir.join("keys.log");
    let child = Command::new("openssl")
        .args([
            "s_server",
            "-tls1_2",
            "-accept",
            "127.0.0.1:0",
            "-naccept",
            "1",
            "-rev",
        ])
        .args(["-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"])
        .arg("-cert")
        .arg(cert_path("server-ecdsa.pem"))
        .arg("-key")
        .arg(cert_path("server-ecdsa.key"))
        .arg("-cert_chain")
        .arg(cert_path("intermediate.pem"))
        .arg("-keylogfile")
        .arg(&keylog)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("openssl s_server");
    let mut server = Kill(child);
    let stdout = server.0.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let deadline = Instant::now() + Duration::from_secs(10);
    let port: u16 = loop {
        assert!(Instant::now() < deadline, "s_server did not start");
        let line = lines.next().expect("s_server output").expect("line");
        if let Some(addr) = line.strip_prefix("ACCEPT ") {
            break addr
                .rsplit(':')
                .next()
                .expect("port")
                .parse()
                .expect("number");
        }
    };

    let mut roots = RootStore::new();
    roots
        .add_pem(&std::fs::read(cert_path("ca.pem")).expect("ca"))
        .expect("roots");
    let config = stratls::client_config()
        .with_root_certificates(roots)
        .with_no_client_auth()
        .with_versions(Versions::TLS12_ONLY)
        .build()
        .expect("config");
    let tcp = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    tcp.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let transport = Recording {
        tcp,
        seen: seen.clone(),
    };
    let mut tls = stratls::connect(Arc::new(config), "localhost", transport).expect("handshake");
    tls.write_all(b"recorded by stratls\n").expect("write");
    let mut answer = vec![0u8; 20];
    tls.read_exact(&mut answer).expect("answer");
    assert_eq!(
        answer, b"sltarts yb dedrocer\n",
        "s_server -rev reverses the line"
    );
    drop(tls);
    drop(server);

    // OpenSSL's key log: CLIENT_RANDOM <client random> <master secret>.
    let log = std::fs::read_to_string(&keylog).expect("key log");
    let line = log
        .lines()
        .find(|l| l.starts_with("CLIENT_RANDOM "))
        .expect("a CLIENT_RANDOM line");
    let fields: Vec<&str> = line.split(' ').collect();
    let hex = |s: &str| -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect()
    };
    let client_random: [u8; 32] = hex(fields[1]).try_into().expect("32 bytes");
    let master = hex(fields[2]);

    // The recorded server-to-client stream: ServerHello in the clear, then, after the
    // ChangeCipherSpec, records under the server write key.
    let stream = seen.lock().expect("lock").clone();
    let recs: Vec<Record<'_>> = split(&stream)
        .into_iter()
        .filter(Record::is_complete)
        .collect();
    let first = recs.first().expect("records").fragment();
    assert_eq!(first[0], 2, "ServerHello first");
    let body_len = usize::from(u16::from_be_bytes([first[2], first[3]]));
    let HandshakeMessage::ServerHello(sh) = HandshakeMessage::parse(
        first[0].into(),
        &first[4..4 + body_len],
        ParseContext::Tls13,
    )
    .expect("parses") else {
        panic!("not a ServerHello")
    };
    let ServerHello {
        random: server_random,
        cipher_suite,
        ..
    } = sh;
    let provider = stratls::default_provider();
    let suite = provider.tls12_suite(cipher_suite).expect("our suite");
    let master = MasterSecret::from_secret(suite, Secret::new(master)).expect("48 bytes");
    let block = master.key_block(&client_random, &server_random);
    let protection = RecordProtection::tls12(
        &suite.aead,
        block.server_write_key(),
        block.server_write_iv(),
        suite.record_nonce,
    )
    .expect("protection");
    let ccs = recs
        .iter()
        .position(|r| r.content_type() == ContentType::ChangeCipherSpec.to_u8())
        .expect("server CCS");
    let mut reader = RecordReader::new();
    reader.set_protection(Some(protection)).expect("keys");
    for rec in &recs[ccs + 1..] {
        assert_eq!(reader.feed(rec.bytes), rec.bytes.len());
    }
    let mut finished = false;
    let mut data = Vec::new();
    while let Some(m) = reader.next_message().expect("every record opens") {
        match m {
            Message::Handshake(h) => {
                assert_eq!(h.typ().to_u8(), 20, "the server's Finished");
                assert_eq!(h.body().len(), 12);
                finished = true;
            }
            Message::ApplicationData(d) => data.extend_from_slice(&d),
            Message::Alert(_) | Message::ChangeCipherSpec => {}
        }
    }
    assert!(finished);
    assert_eq!(data, b"sltarts yb dedrocer\n");
    let _ = std::fs::remove_dir_all(&dir);
}
