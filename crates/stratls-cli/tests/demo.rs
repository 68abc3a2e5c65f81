//! `stratls demo`: the handshake told step by step, from a real run of the binary.

use crate::common::{run, stratls};

fn demo(extra: &[&str]) -> crate::common::Finished {
    run(stratls().arg("demo").args(extra), b"")
}

/// The headline of a step: `Step N  <from> -> <to>: <message>`.
fn has_step(out: &str, from: &str, message: &str) -> bool {
    out.lines().any(|l| {
        l.starts_with("Step ")
            && l.contains(&format!("{from} -> "))
            && l.contains(&format!(": {message} "))
    })
}

#[test]
fn demo_prints_every_step_of_a_tls13_handshake() {
    let r = demo(&[]);
    assert!(r.status.success(), "stderr: {}", r.stderr);
    let out = &r.stdout;
    assert!(out.contains("a TLS 1.3 handshake"), "{out}");
    for (from, message) in [
        ("client", "ClientHello"),
        ("server", "ServerHello"),
        ("server", "EncryptedExtensions"),
        ("server", "Certificate"),
        ("server", "CertificateVerify"),
        ("server", "Finished"),
        ("client", "Finished"),
        ("client", "application data"),
        ("server", "application data"),
    ] {
        assert!(
            has_step(out, from, message),
            "no step {from} {message} in:\n{out}"
        );
    }
    // Exactly one ClientHello: the demo's own checks must not show up in the story.
    assert_eq!(
        out.lines().filter(|l| l.contains(": ClientHello ")).count(),
        1
    );
    // Decoded fields of the hellos, the certificate and the signature.
    for field in [
        "cipher suites: TLS_AES_128_GCM_SHA256",
        // The default groups: shares for the hybrid and x25519; the server takes the hybrid.
        "key share: X25519MLKEM768 (1216 bytes), x25519 (32 bytes)",
        "key share: X25519MLKEM768 (1120 bytes)",
        "SNI: localhost",
        "cipher suite: TLS_AES_128_GCM_SHA256",
        "[0] end entity: CN=localhost",
        "[0] issued by: CN=stratls demo CA",
        "signature scheme: ed25519",
        "verify_data: ",
        "random: ",
    ] {
        assert!(out.contains(field), "no {field:?} in:\n{out}");
    }
    // Who, when, how, and which promise.
    assert!(out.contains("in the clear"), "{out}");
    assert!(
        out.contains("encrypted with handshake traffic keys"),
        "{out}"
    );
    assert!(out.contains(" ms (+"), "{out}");
    for promise in [
        "promise: ENCRYPTION",
        "promise: AUTHENTICATION",
        "promise: INTEGRITY",
    ] {
        assert!(out.contains(promise), "no {promise:?} in:\n{out}");
    }
    assert!(
        out.contains("[AUTHENTICATION] verified the server's certificate"),
        "{out}"
    );
    // The summary and the one-round-trip explanation.
    assert!(out.contains("What was negotiated"), "{out}");
    assert!(out.contains("protocol            TLSv1.3"), "{out}");
    assert!(out.contains("1 round trip(s)"), "{out}");
    assert!(
        out.contains("How TLS 1.3 does it in one round trip"),
        "{out}"
    );
    assert!(!out.contains("bytes:\n"), "hex only with --bytes");
}

#[test]
fn demo_bytes_prints_each_message_in_hex() {
    let r = demo(&["--bytes"]);
    assert!(r.status.success(), "stderr: {}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim() == "bytes:")
        .expect("a bytes block");
    // The first message is the ClientHello: handshake type 1, then a 3-byte length.
    let first = lines.get(at + 1).expect("hex line").trim();
    assert!(first.starts_with("01 00 "), "{first}");
    assert!(
        first
            .split(' ')
            .all(|b| b.len() == 2 && u8::from_str_radix(b, 16).is_ok())
    );
}

#[test]
fn demo_tls12() {
    let r = demo(&["--tls1_2"]);
    assert!(r.status.success(), "{}", r.stderr);
    {
        let out = &r.stdout;
        assert!(out.contains("a TLS 1.2 handshake"), "{out}");
        for (from, message) in [
            ("client", "ClientHello"),
            ("server", "ServerHello"),
            ("server", "Certificate"),
            ("server", "ServerKeyExchange"),
            ("server", "ServerHelloDone"),
            ("client", "ClientKeyExchange"),
            ("client", "Finished"),
            ("server", "Finished"),
        ] {
            assert!(
                has_step(out, from, message),
                "no step {from} {message} in:\n{out}"
            );
        }
        assert!(out.contains("ChangeCipherSpec"), "{out}");
        assert!(out.contains("2 round trip(s)"), "{out}");
    }
}

#[test]
fn demo_rsa_key_exchange() {
    let r = demo(&["--tls1_2", "--rsa-kx"]);
    assert!(r.status.success(), "{}", r.stderr);
    {
        let out = &r.stdout;
        assert!(out.contains("TLS_RSA_WITH_AES_128_GCM_SHA256"), "{out}");
        assert!(out.contains("premaster secret, RSA-encrypted"), "{out}");
        assert!(!has_step(out, "server", "ServerKeyExchange"), "{out}");
        assert!(out.contains("no forward secrecy"), "{out}");
    }
}

#[test]
fn rsa_kx_without_tls12_is_a_usage_error() {
    let r = demo(&["--rsa-kx"]);
    assert_eq!(r.status.code(), Some(2));
    assert!(r.stderr.contains("--tls1_2"), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1);
}

#[test]
fn help_for_each_command() {
    for (args, needle) in [
        (&["--help"][..], "stratls demo"),
        (&["demo", "--help"][..], "--bytes"),
        (&["client", "--help"][..], "--servername"),
        (&["server", "--help"][..], "--verify-client"),
    ] {
        let r = run(stratls().args(args), b"");
        assert!(r.status.success(), "{args:?}: {}", r.stderr);
        assert!(r.stdout.contains(needle), "{args:?}: {}", r.stdout);
    }
    let r = run(stratls().arg("frobnicate"), b"");
    assert_eq!(r.status.code(), Some(2));
    assert!(
        r.stderr.starts_with("stratls: unknown command"),
        "{}",
        r.stderr
    );
}

#[test]
fn demo_resume_shows_a_second_handshake_without_certificate_and_says_what_it_saved() {
    let r = demo(&["--resume"]);
    assert!(r.status.success(), "{}", r.stderr);
    let out = &r.stdout;
    assert!(
        out.contains("The same client connects again, with the server's ticket"),
        "{out}"
    );
    assert!(
        out.contains("Skipped: Certificate, CertificateVerify"),
        "{out}"
    );
    assert!(out.contains("Handshake messages: 5 instead of 7;"), "{out}");
    assert!(
        out.contains("Time from ClientHello to the client's Finished:"),
        "{out}"
    );
    let tls12 = crate::common::run(
        crate::common::stratls()
            .arg("demo")
            .arg("--resume")
            .arg("--tls1_2"),
        b"",
    );
    assert!(!tls12.status.success());
    assert!(tls12.stderr.contains("--resume"), "{}", tls12.stderr);
}

#[test]
fn demo_resume_with_early_data_sends_the_line_as_0rtt_and_the_server_takes_it() {
    let r = demo(&["--resume", "--early-data"]);
    assert!(r.status.success(), "{}", r.stderr);
    let (first, second) = r
        .stdout
        .split_once("The same client connects again, with the server's ticket")
        .expect("two connections");
    // The first connection has no ticket: nothing early.
    assert!(!first.contains("early traffic keys"), "{first}");
    assert!(
        second.contains("client -> server: application data")
            && second.contains("encrypted with early traffic keys (0-RTT)"),
        "{second}"
    );
    assert!(second.contains("early_data: accepted"), "{second}");
    assert!(second.contains("early data accepted"), "{second}");
    assert!(second.contains("EndOfEarlyData (client)"), "{second}");
    // EndOfEarlyData is the one message the 0-RTT handshake adds.
    assert!(
        second.contains("Handshake messages: 6 instead of 7;"),
        "{second}"
    );
    assert!(
        second.contains("0-RTT: the client's line (35 bytes) went in its first flight"),
        "{second}"
    );
    let alone = crate::common::run(crate::common::stratls().args(["demo", "--early-data"]), b"");
    assert_eq!(alone.status.code(), Some(2), "{}", alone.stderr);
    assert!(alone.stderr.contains("--resume"), "{}", alone.stderr);
}
