//! Recordings of real in-memory connections (the whole stratls stack on both sides, with a key
//! log), decrypted by the key schedule and the record layer alone.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use keylog_decrypt::{Content, DecryptError, Decrypted, Epoch, Sender, decrypt};
use stratls_codec::{AlertDescription, CipherSuite, HandshakeType, NamedGroup, ProtocolVersion};
use stratls_keyschedule::keylog::MemoryKeyLog;
use stratls_test_support::{
    Pair, client_config, drain, server_config, tls12_client_config, tls12_server_config,
};

/// What each side sent, and the client's key log.
struct Recording {
    client: Vec<u8>,
    server: Vec<u8>,
    key_log: String,
}

const REQUEST: &[u8] = b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
const RESPONSE: &[u8] = b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello";
const AFTER_UPDATE: &[u8] = b"under the next keys";

/// What each side sent in the handshake alone, and the key log.
fn record_handshake(mut pair: Pair, log: Arc<MemoryKeyLog>) -> Recording {
    let (mut client, mut server) = (Vec::new(), Vec::new());
    pair.pump_tapped(|side, bytes| match side {
        stratls::Side::Client => client.extend_from_slice(bytes),
        stratls::Side::Server => server.extend_from_slice(bytes),
    })
    .expect("the handshake works");
    assert!(!pair.client.is_handshaking() && !pair.server.is_handshaking());
    Recording {
        client,
        server,
        key_log: log.lines().concat(),
    }
}

/// A connection that exchanges a request and a response, then the server updates its keys
/// and asks the client to update too, each sends one more message, and both close.
fn record(mut pair: Pair, log: Arc<MemoryKeyLog>) -> Recording {
    let mut rec = Recording {
        client: Vec::new(),
        server: Vec::new(),
        key_log: String::new(),
    };
    let pump = |pair: &mut Pair, rec: &mut Recording| {
        pair.pump_tapped(|side, bytes| match side {
            stratls::Side::Client => rec.client.extend_from_slice(bytes),
            stratls::Side::Server => rec.server.extend_from_slice(bytes),
        })
        .expect("the connection works");
    };
    pump(&mut pair, &mut rec);
    assert_eq!(pair.client.write(REQUEST).unwrap(), REQUEST.len());
    pump(&mut pair, &mut rec);
    assert_eq!(drain(&mut pair.server), REQUEST);
    assert_eq!(pair.server.write(RESPONSE).unwrap(), RESPONSE.len());
    pump(&mut pair, &mut rec);
    assert_eq!(drain(&mut pair.client), RESPONSE);
    pair.server.update_keys(true).unwrap();
    assert_eq!(pair.server.write(AFTER_UPDATE).unwrap(), AFTER_UPDATE.len());
    pump(&mut pair, &mut rec);
    assert_eq!(pair.client.write(AFTER_UPDATE).unwrap(), AFTER_UPDATE.len());
    pump(&mut pair, &mut rec);
    assert_eq!(drain(&mut pair.client), AFTER_UPDATE);
    assert_eq!(drain(&mut pair.server), AFTER_UPDATE);
    pair.client.close();
    pair.server.close();
    pump(&mut pair, &mut rec);
    rec.key_log = log.lines().concat();
    rec
}

fn logged_pair(
    client: &mut stratls::ClientConfig,
    server: stratls::ServerConfig,
) -> (Pair, Arc<MemoryKeyLog>) {
    let log = Arc::new(MemoryKeyLog::new());
    client.shared.key_log = Some(log.clone());
    (Pair::new(client.clone(), server), log)
}

fn data(messages: &[Decrypted]) -> Vec<(Epoch, Vec<u8>)> {
    messages
        .iter()
        .filter_map(|m| match &m.content {
            Content::ApplicationData(d) => Some((m.epoch, d.clone())),
            _ => None,
        })
        .collect()
}

fn handshake(messages: &[Decrypted]) -> Vec<(Epoch, HandshakeType)> {
    messages
        .iter()
        .filter_map(|m| match &m.content {
            Content::Handshake(t, _) => Some((m.epoch, *t)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_whole_connection_with_a_key_update_decrypts() {
    let mut client = client_config();
    client.shared.cipher_suites = vec![CipherSuite::TLS13_CHACHA20_POLY1305_SHA256];
    let (pair, log) = logged_pair(&mut client, server_config("server-ecdsa"));
    let rec = record(pair, log);
    let capture = decrypt(&rec.client, &rec.server, &rec.key_log).unwrap();
    assert_eq!(capture.stopped, Vec::new());
    assert_eq!(capture.suite, CipherSuite::TLS13_CHACHA20_POLY1305_SHA256);
    assert!(capture.client.iter().all(|m| m.sender == Sender::Client));

    use Epoch::{Application, Handshake as Hs, Plaintext};
    use HandshakeType as H;
    assert_eq!(
        handshake(&capture.client),
        [
            (Plaintext, H::ClientHello),
            (Hs, H::Finished),
            (Application(0), H::KeyUpdate)
        ]
    );
    let server = handshake(&capture.server);
    assert_eq!(
        server[..5],
        [
            (Plaintext, H::ServerHello),
            (Hs, H::EncryptedExtensions),
            (Hs, H::Certificate),
            (Hs, H::CertificateVerify),
            (Hs, H::Finished),
        ]
    );
    assert_eq!(server.last(), Some(&(Application(0), H::KeyUpdate)));
    assert!(
        server[5..server.len() - 1]
            .iter()
            .all(|m| *m == (Application(0), H::NewSessionTicket)),
        "{server:?}"
    );

    assert_eq!(
        data(&capture.client),
        [
            (Application(0), REQUEST.to_vec()),
            (Application(1), AFTER_UPDATE.to_vec())
        ]
    );
    assert_eq!(
        data(&capture.server),
        [
            (Application(0), RESPONSE.to_vec()),
            (Application(1), AFTER_UPDATE.to_vec())
        ]
    );
    for side in [&capture.client, &capture.server] {
        let last = side.last().unwrap();
        assert_eq!(last.epoch, Application(1));
        assert!(
            matches!(&last.content, Content::Alert(a) if a.description == AlertDescription::CloseNotify)
        );
    }
}

#[test]
fn a_hello_retry_request_is_followed() {
    let mut client = client_config();
    client.shared.groups = vec![NamedGroup::X25519, NamedGroup::Secp256r1];
    let mut server = server_config("server-rsa");
    server.shared.groups = vec![NamedGroup::Secp256r1];
    server.shared.cipher_suites = vec![CipherSuite::TLS13_AES_256_GCM_SHA384];
    let (pair, log) = logged_pair(&mut client, server);
    let rec = record(pair, log);
    let capture = decrypt(&rec.client, &rec.server, &rec.key_log).unwrap();
    assert_eq!(capture.stopped, Vec::new());
    assert_eq!(capture.suite, CipherSuite::TLS13_AES_256_GCM_SHA384);
    let client = handshake(&capture.client);
    assert_eq!(
        client[..2],
        [
            (Epoch::Plaintext, HandshakeType::ClientHello),
            (Epoch::Plaintext, HandshakeType::ClientHello)
        ]
    );
    assert_eq!(
        handshake(&capture.server)[..2],
        [(Epoch::Plaintext, HandshakeType::ServerHello); 2]
    );
    assert_eq!(
        data(&capture.client)[0],
        (Epoch::Application(0), REQUEST.to_vec())
    );
    assert_eq!(
        data(&capture.server)[0],
        (Epoch::Application(0), RESPONSE.to_vec())
    );
}

#[test]
fn a_wrong_or_missing_secret_is_reported() {
    let mut client = client_config();
    let (pair, log) = logged_pair(&mut client, server_config("server-ecdsa"));
    let rec = record(pair, log);

    let without: String = rec
        .key_log
        .lines()
        .filter(|l| !l.starts_with("SERVER_TRAFFIC_SECRET_0 "))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        decrypt(&rec.client, &rec.server, &without).unwrap_err(),
        DecryptError::MissingSecret("SERVER_TRAFFIC_SECRET_0")
    );

    // The server's application secret with its last digit changed: the handshake still
    // decrypts, the first application record does not authenticate.
    let wrong: String = rec
        .key_log
        .lines()
        .map(|l| match l.strip_prefix("SERVER_TRAFFIC_SECRET_0 ") {
            Some(rest) => {
                let flipped = if rest.ends_with('0') { '1' } else { '0' };
                format!(
                    "SERVER_TRAFFIC_SECRET_0 {}{flipped}\n",
                    &rest[..rest.len() - 1]
                )
            }
            None => format!("{l}\n"),
        })
        .collect();
    let capture = decrypt(&rec.client, &rec.server, &wrong).unwrap();
    assert_eq!(capture.stopped.len(), 1, "{:?}", capture.stopped);
    assert_eq!(capture.stopped[0].0, Sender::Server);
    assert!(
        capture.stopped[0].1.contains("failed authentication"),
        "{:?}",
        capture.stopped
    );
    assert_eq!(capture.server.last().unwrap().epoch, Epoch::Handshake);
    assert_eq!(
        data(&capture.client).len(),
        2,
        "the client's direction is unaffected"
    );

    // A capture cut inside a record.
    let cut = &rec.server[..rec.server.len() - 3];
    let capture = decrypt(&rec.client, cut, &rec.key_log).unwrap();
    assert!(
        capture.stopped[0].1.contains("inside a record"),
        "{:?}",
        capture.stopped
    );
}

#[test]
fn tls12_is_refused_by_name() {
    let mut client = tls12_client_config();
    let (pair, log) = logged_pair(&mut client, tls12_server_config("server-ecdsa"));
    let rec = record_handshake(pair, log);
    assert!(rec.key_log.starts_with("CLIENT_RANDOM "), "{}", rec.key_log);
    assert_eq!(
        decrypt(&rec.client, &rec.server, &rec.key_log).unwrap_err(),
        DecryptError::NotTls13(ProtocolVersion::TLSv1_2)
    );
}

#[test]
fn the_program_prints_the_decrypted_records() {
    let mut client = client_config();
    let (pair, log) = logged_pair(&mut client, server_config("server-ecdsa"));
    let rec = record(pair, log);
    let dir = std::env::temp_dir().join(format!("keylog-decrypt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let paths = ["client.bin", "server.bin", "keylog.txt"].map(|n| dir.join(n));
    std::fs::write(&paths[0], &rec.client).unwrap();
    std::fs::write(&paths[1], &rec.server).unwrap();
    std::fs::write(&paths[2], &rec.key_log).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_keylog-decrypt"))
        .args(&paths)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the program did not finish");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("client random "), "{stdout}");
    assert!(
        stdout.contains("client [application 0] application_data, 35 bytes: \"GET / HTTP/1.1\\r\\nHost: localhost\\r\\n\\r\\n\"\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "server [application 1] application_data, 19 bytes: \"under the next keys\"\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("server [handshake] handshake finished, 36 bytes\n"),
        "{stdout}"
    );
}
