//! The JA4 of ClientHellos built here and encoded as a client sends them, checked against a
//! published fingerprint and one worked out by hand; and the program run on a file and on a
//! socket.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ja4::{FlightError, Ja4, is_grease, read_client_hello};
use stratls_codec::extensions::ClientExtension;
use stratls_codec::handshake::ClientHello;
use stratls_codec::{CipherSuite, ExtensionType, HandshakeMessage, ProtocolVersion};

fn unknown(typ: u16, data: &[u8]) -> ClientExtension {
    ClientExtension::Unknown {
        typ: ExtensionType::from_u16(typ),
        data: data.to_vec(),
    }
}

/// A Chrome 143 ClientHello as a fingerprinting service reported it (extensions and suites in
/// the order offered, JA4_ro), with GREASE values put back where Chrome puts them. The same
/// report gives its JA4 as `t13d1516h2_8daaf6152771_d8a2da3f94cd`.
fn chrome_hello() -> ClientHello {
    let suites = [
        0x1a1a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013,
        0xc014, 0x009c, 0x009d, 0x002f, 0x0035,
    ];
    let mut key_share = vec![0x00, 0x24, 0x00, 0x1d, 0x00, 0x20];
    key_share.extend_from_slice(&[0x42; 32]);
    let mut sni = vec![0x00, 0x0e, 0x00, 0x00, 0x0b];
    sni.extend_from_slice(b"example.com");
    let extensions = vec![
        unknown(0x2a2a, &[]),
        unknown(0x002d, &[0x01, 0x01]),
        unknown(0x0033, &key_share),
        unknown(0x0010, b"\x00\x0c\x02h2\x08http/1.1"),
        unknown(
            0xfe0d,
            &[0x00, 0x00, 0x01, 0x00, 0x01, 0x42, 0x00, 0x00, 0x00, 0x00],
        ),
        unknown(0x0017, &[]),
        unknown(0x44cd, b"\x00\x03\x02h2"),
        unknown(0x0000, &sni),
        unknown(0x000b, &[0x01, 0x00]),
        unknown(
            0x000a,
            &[
                0x00, 0x0a, 0x5a, 0x5a, 0x11, 0xec, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x18,
            ],
        ),
        unknown(0x002b, &[0x06, 0x6a, 0x6a, 0x03, 0x04, 0x03, 0x03]),
        unknown(0xff01, &[0x00]),
        unknown(0x0023, &[]),
        unknown(0x0012, &[]),
        unknown(0x0005, &[0x01, 0x00, 0x00, 0x00, 0x00]),
        unknown(
            0x000d,
            &[
                0x00, 0x10, 0x04, 0x03, 0x08, 0x04, 0x04, 0x01, 0x05, 0x03, 0x08, 0x05, 0x05, 0x01,
                0x08, 0x06, 0x06, 0x01,
            ],
        ),
        unknown(0x001b, &[0x02, 0x00, 0x02]),
        unknown(0x3a3a, &[0x00]),
    ];
    ClientHello {
        legacy_version: ProtocolVersion::TLSv1_2,
        random: [7; 32],
        legacy_session_id: vec![9; 32],
        cipher_suites: suites.into_iter().map(CipherSuite::from_u16).collect(),
        legacy_compression_methods: vec![0],
        extensions,
    }
}

/// The records a client sends for `hello`, its encoding cut into fragments of at most
/// `fragment` bytes.
fn flight(hello: &ClientHello, fragment: usize) -> Vec<u8> {
    let message = HandshakeMessage::ClientHello(hello.clone()).to_vec();
    let mut out = Vec::new();
    for piece in message.chunks(fragment) {
        out.extend_from_slice(&[0x16, 0x03, 0x01]);
        out.extend_from_slice(&u16::try_from(piece.len()).unwrap().to_be_bytes());
        out.extend_from_slice(piece);
    }
    out
}

#[test]
fn chrome_matches_its_published_fingerprint() {
    let bytes = flight(&chrome_hello(), 1 << 14);
    let hello = read_client_hello(&bytes).unwrap();
    // Decoded, not kept as raw bytes: the codec knows these extensions.
    assert_eq!(hello.server_name(), Some("example.com"));
    let ja4 = Ja4::of(&hello);
    assert_eq!(
        ja4.raw(),
        "t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_\
         0005,000a,000b,000d,0012,0017,001b,0023,002b,002d,0033,44cd,fe0d,ff01_\
         0403,0804,0401,0503,0805,0501,0806,0601"
    );
    assert_eq!(ja4.to_string(), "t13d1516h2_8daaf6152771_d8a2da3f94cd");
}

/// TLS 1.2 only, no extensions: `t`, `12`, `i` (no SNI), two suites, no extensions, `00` (no
/// ALPN); `b` is the first 12 hex digits of SHA-256("009c,c02f") = 08dfa304a768…; an empty
/// extension list hashes to twelve zeros.
#[test]
fn a_bare_tls12_hello_worked_by_hand() {
    let hello = ClientHello {
        legacy_version: ProtocolVersion::TLSv1_2,
        random: [1; 32],
        legacy_session_id: Vec::new(),
        cipher_suites: vec![CipherSuite::from_u16(0xc02f), CipherSuite::from_u16(0x009c)],
        legacy_compression_methods: vec![0],
        extensions: Vec::new(),
    };
    let parsed = read_client_hello(&flight(&hello, 1 << 14)).unwrap();
    assert_eq!(
        Ja4::of(&parsed).to_string(),
        "t12i020000_08dfa304a768_000000000000"
    );
}

#[test]
fn alpn_that_is_not_alphanumeric_is_shown_in_hex() {
    let mut hello = chrome_hello();
    for ext in &mut hello.extensions {
        if ext.typ() == ExtensionType::ApplicationLayerProtocolNegotiation {
            // One protocol of two bytes, 0xab 0x2d ("\xab-"): hex "ab2d", first and last "ad".
            *ext = unknown(0x0010, &[0x00, 0x03, 0x02, 0xab, 0x2d]);
        }
    }
    let ja4 = Ja4::of(&read_client_hello(&flight(&hello, 1 << 14)).unwrap());
    assert_eq!(&ja4.a, "t13d1516ad");
}

#[test]
fn the_hello_may_span_records_and_must_be_whole() {
    let hello = chrome_hello();
    let bytes = flight(&hello, 40);
    assert!(bytes.len() > 3 * 45, "spread over several records");
    assert_eq!(
        read_client_hello(&bytes).unwrap(),
        read_client_hello(&flight(&hello, 1 << 14)).unwrap()
    );
    for cut in [0, 3, 5, 200, bytes.len() - 1] {
        assert_eq!(
            read_client_hello(&bytes[..cut]),
            Err(FlightError::Truncated),
            "cut at {cut}"
        );
    }
    let mut alert = bytes.clone();
    alert[45] = 0x15;
    assert!(matches!(
        read_client_hello(&alert),
        Err(FlightError::NotHandshake(_))
    ));
}

#[test]
fn grease_is_every_0x_a_a_pair_and_nothing_else() {
    let grease: Vec<u16> = (0..=u16::MAX).filter(|v| is_grease(*v)).collect();
    let expected: Vec<u16> = (0..16u16)
        .map(|i| (i << 12) | (0xa << 8) | (i << 4) | 0xa)
        .collect();
    assert_eq!(grease, expected);
}

fn run_output(mut child: std::process::Child) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let out = child.wait_with_output().unwrap();
            assert!(status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            return String::from_utf8(out.stdout).unwrap();
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the program did not finish");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_program_reads_a_capture_file() {
    let path = std::env::temp_dir().join(format!("ja4-test-{}.bin", std::process::id()));
    std::fs::write(&path, flight(&chrome_hello(), 500)).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_ja4"))
        .arg(&path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = run_output(child);
    std::fs::remove_file(&path).unwrap();
    assert!(out.contains("server_name:        example.com\n"), "{out}");
    assert!(
        out.contains("ja4:                t13d1516h2_8daaf6152771_d8a2da3f94cd\n"),
        "{out}"
    );
}

#[test]
fn the_program_reads_the_first_flight_from_a_socket() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ja4"))
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let addr = line
        .trim()
        .strip_prefix("listening on ")
        .expect(&line)
        .to_string();
    let mut sock = TcpStream::connect(addr).unwrap();
    // Sent in two pieces, as a slow network might deliver it; the program answers nothing.
    let bytes = flight(&chrome_hello(), 1 << 14);
    sock.write_all(&bytes[..50]).unwrap();
    sock.flush().unwrap();
    std::thread::sleep(Duration::from_millis(50));
    sock.write_all(&bytes[50..]).unwrap();
    let out = run_output(child);
    assert!(
        out.contains("ja4:                t13d1516h2_8daaf6152771_d8a2da3f94cd\n"),
        "{out}"
    );
}
