//! The seeds replay, and every target survives them and simple mutations of them, on stable
//! Rust without libFuzzer.

use stratls_fuzz::peers::{TLS12_SCENARIOS, TLS13_SCENARIOS};
use stratls_fuzz::seed::seeds;
use stratls_fuzz::{TARGETS, run_client, run_server};
use stratls_handshake::Status;

fn target(name: &str) -> fn(&[u8]) {
    TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
        .expect("seed names a target")
}

#[test]
fn recorded_conversations_replay_to_the_end() {
    let seeds = seeds();
    let mut replayed = 0;
    for s in seeds
        .iter()
        .filter(|s| !s.name.starts_with("body") && s.name.contains('-'))
    {
        let (status, _) = match s.target {
            "server" => run_server(TLS13_SCENARIOS, &s.data),
            "server_tls12" => run_server(TLS12_SCENARIOS, &s.data),
            "client" => run_client(TLS13_SCENARIOS, &s.data),
            "client_tls12" => run_client(TLS12_SCENARIOS, &s.data),
            _ => continue,
        };
        // Every recorded stream ends with close_notify after one message of data.
        assert_eq!(status, Status::PeerClosed, "{} {}", s.target, s.name);
        replayed += 1;
    }
    // Four TLS 1.3 and three TLS 1.2 scenarios, two directions, four forms each (the last
    // with each Finished computed by the script's peer: the computation agrees with the real
    // peer's); and each server target's conversation with the largest ClientHello.
    assert_eq!(replayed, (4 + 3) * 2 * 4 + 2);
}

#[test]
fn the_largest_hello_seeds_are_near_the_limit() {
    let seeds = seeds();
    let big: Vec<_> = seeds
        .iter()
        .filter(|s| s.name.ends_with("largest-hello"))
        .collect();
    assert_eq!(big.len(), 2, "one per server target");
    for s in big {
        // The seed is the script: the hello and the records around it.
        assert!(s.data.len() > 131_000, "{} {}", s.target, s.data.len());
        assert!(s.data.len() < 140_000, "{} {}", s.target, s.data.len());
    }
}

#[test]
fn every_target_survives_its_seeds_and_their_mutations() {
    let seeds = seeds();
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        // xorshift64: a fixed sequence, so a failure reproduces.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut runs = 0;
    for s in &seeds {
        let run = target(s.target);
        run(&s.data);
        runs += 1;
        for _ in 0..4 {
            let mut data = s.data.clone();
            if data.is_empty() {
                continue;
            }
            for _ in 0..1 + next() % 4 {
                let len = data.len() as u64;
                let at = usize::try_from(next() % len).expect("index fits");
                match next() % 3 {
                    0 => data[at] ^= 1 << (next() % 8),
                    1 => data.truncate(at.max(1)),
                    _ => data.insert(at, (next() % 256) as u8),
                }
            }
            run(&data);
            runs += 1;
        }
    }
    assert!(runs > 500, "{runs}");
}

/// Mutations inside sealed records reach the handshake: each is one edit of a recorded
/// conversation's plaintext, sealed again by the script's peer, and each ends in the alert the
/// RFC names for the message, never `bad_record_mac`.
// Every edit takes the vector, as the one that appends a message does.
#[allow(clippy::ptr_arg)]
mod sealed {
    use stratls_codec::AlertDescription as A;
    use stratls_fuzz::peers::{TLS12_SCENARIOS, TLS13_SCENARIOS};
    use stratls_fuzz::script::{OP_SEALED, Op, ops, script};
    use stratls_fuzz::seed::seeds;
    use stratls_fuzz::{run_client, run_server};
    use stratls_handshake::Status;

    const HANDSHAKE: u8 = 22;
    const APPLICATION_DATA: u8 = 23;

    /// Where the edit applies: the sealed handshake record holding the message of this type,
    /// or (`None`) a new record in front of the first sealed application data.
    #[derive(Clone, Copy)]
    enum At {
        Message(u8),
        BeforeData,
    }

    fn edited(target: &str, name: &str, at: At, edit: &dyn Fn(&mut Vec<u8>)) -> Vec<u8> {
        let data = seeds()
            .into_iter()
            .find(|s| s.target == target && s.name == name)
            .unwrap_or_else(|| panic!("seed {target} {name}"))
            .data;
        let (head, rest) = data.split_at(2);
        let mut list = ops(rest);
        let sealed = |o: &Op, typ: u8| o.code & 3 == OP_SEALED && o.content_type() == typ;
        match at {
            At::Message(typ) => {
                let op = list
                    .iter_mut()
                    .find(|o| sealed(o, HANDSHAKE) && o.operand.first() == Some(&typ))
                    .unwrap_or_else(|| panic!("{target} {name}: no sealed message {typ}"));
                edit(&mut op.operand);
            }
            At::BeforeData => {
                let i = list
                    .iter()
                    .position(|o| sealed(o, APPLICATION_DATA))
                    .unwrap_or_else(|| panic!("{target} {name}: no sealed data"));
                let mut operand = Vec::new();
                edit(&mut operand);
                list.insert(
                    i,
                    Op {
                        code: OP_SEALED,
                        operand,
                    },
                );
            }
        }
        [head, &script(&list)].concat()
    }

    fn flip_last(m: &mut Vec<u8>) {
        *m.last_mut().expect("a message") ^= 1;
    }

    /// A Certificate whose end-entity signature is broken: a byte near the end of the first
    /// certificate (its signature value) flipped.
    fn flip_certificate(m: &mut Vec<u8>) {
        // header (4), context length and context, list length (3), entry length (3).
        let context = usize::from(m[4]);
        let entry = 4 + 1 + context + 3;
        let len = usize::from(m[entry]) << 16
            | usize::from(m[entry + 1]) << 8
            | usize::from(m[entry + 2]);
        m[entry + 3 + len - 10] ^= 0x40;
    }

    /// An extension block one byte longer than the message.
    fn bad_extensions_length(m: &mut Vec<u8>) {
        m[5] = m[5].wrapping_add(1);
    }

    fn key_update(request: u8) -> impl Fn(&mut Vec<u8>) {
        move |m: &mut Vec<u8>| m.extend_from_slice(&[24, 0, 0, 1, request])
    }

    #[test]
    fn mutated_sealed_messages_end_in_their_alerts() {
        type Case<'a> = (&'a str, &'a str, At, &'a dyn Fn(&mut Vec<u8>), A);
        let update = key_update(2);
        let cases: [Case<'_>; 11] = [
            (
                "client",
                "tls13-whole",
                At::Message(8),
                &bad_extensions_length,
                A::DecodeError,
            ),
            (
                "client",
                "tls13-whole",
                At::Message(11),
                &flip_certificate,
                A::BadCertificate,
            ),
            (
                "client",
                "tls13-whole",
                At::Message(15),
                &flip_last,
                A::DecryptError,
            ),
            (
                "client",
                "tls13-whole",
                At::Message(20),
                &flip_last,
                A::DecryptError,
            ),
            (
                "client",
                "tls13-whole",
                At::BeforeData,
                &update,
                A::IllegalParameter,
            ),
            (
                "server",
                "tls13-client-auth-whole",
                At::Message(11),
                &flip_certificate,
                A::BadCertificate,
            ),
            (
                "server",
                "tls13-client-auth-whole",
                At::Message(15),
                &flip_last,
                A::DecryptError,
            ),
            (
                "server",
                "tls13-whole",
                At::BeforeData,
                &update,
                A::IllegalParameter,
            ),
            (
                "server",
                "tls13-whole",
                At::Message(20),
                &flip_last,
                A::DecryptError,
            ),
            (
                "client_tls12",
                "tls12-whole",
                At::Message(20),
                &flip_last,
                A::DecryptError,
            ),
            (
                "server_tls12",
                "tls12-whole",
                At::Message(20),
                &flip_last,
                A::DecryptError,
            ),
        ];
        for (target, name, at, edit, alert) in cases {
            let data = edited(target, name, at, edit);
            let (status, error) = match target {
                "client" => run_client(TLS13_SCENARIOS, &data),
                "server" => run_server(TLS13_SCENARIOS, &data),
                "client_tls12" => run_client(TLS12_SCENARIOS, &data),
                _ => run_server(TLS12_SCENARIOS, &data),
            };
            assert_eq!(status, Status::Failed, "{target} {name}");
            let got = error.and_then(|e| e.alert());
            assert_eq!(got, Some(alert), "{target} {name}");
        }
    }

    #[test]
    fn a_sealed_key_update_is_taken_and_the_conversation_goes_on() {
        for (target, name) in [("client", "tls13-whole"), ("server", "tls13-whole")] {
            let data = edited(target, name, At::BeforeData, &key_update(0));
            // Records after the KeyUpdate would need the next keys: the recorded data and
            // close_notify are under the old ones, so the connection must fail on them with
            // bad_record_mac, having taken the KeyUpdate itself.
            let (status, error) = if target == "client" {
                run_client(TLS13_SCENARIOS, &data)
            } else {
                run_server(TLS13_SCENARIOS, &data)
            };
            assert_eq!(status, Status::Failed, "{target}");
            assert_eq!(
                error.and_then(|e| e.alert()),
                Some(A::BadRecordMac),
                "{target}"
            );
        }
    }
}

/// The computed Finished and CertificateVerify: a mutation that they cover (here a hello's
/// random) completes the handshake when the peer computes them over the transcript the
/// connection has, and fails their check when the recorded ones are replayed.
mod computed_proofs {
    use stratls_codec::AlertDescription as A;
    use stratls_fuzz::peers::{TLS12_SCENARIOS, TLS13_SCENARIOS};
    use stratls_fuzz::script::{OP_CERTIFICATE_VERIFY, OP_FINISHED, OP_PLAIN, ops, script};
    use stratls_fuzz::seed::seeds;
    use stratls_fuzz::{run_client, run_server};
    use stratls_handshake::Status;

    /// The seed with the random of its first plaintext hello (ClientHello or ServerHello)
    /// changed.
    fn other_random(target: &str, name: &str) -> Vec<u8> {
        let data = seeds()
            .into_iter()
            .find(|s| s.target == target && s.name == name)
            .unwrap_or_else(|| panic!("seed {target} {name}"))
            .data;
        let (head, rest) = data.split_at(2);
        let mut list = ops(rest);
        let hello = list
            .iter_mut()
            .find(|o| o.code & 3 == OP_PLAIN && matches!(o.operand.first(), Some(1 | 2)))
            .expect("a hello");
        // Header (4), legacy_version (2), then the random.
        hello.operand[4 + 2 + 5] ^= 0xff;
        [head, &script(&list)].concat()
    }

    #[test]
    fn a_changed_random_completes_with_computed_proofs_only() {
        for (scenarios, target, prefix) in [
            (TLS13_SCENARIOS, "server", "tls13"),
            (TLS12_SCENARIOS, "server_tls12", "tls12"),
            (TLS13_SCENARIOS, "client", "tls13"),
        ] {
            let run = |data: &[u8]| match target {
                "client" => run_client(scenarios, data),
                _ => run_server(scenarios, data),
            };
            let computed = other_random(target, &format!("{prefix}-computed-finished"));
            let list = ops(&computed[2..]);
            assert!(list.iter().any(|o| o.code == OP_FINISHED));
            if target == "client" {
                assert!(list.iter().any(|o| o.code == OP_CERTIFICATE_VERIFY));
            }
            let (status, error) = run(&computed);
            assert_eq!((status, error), (Status::PeerClosed, None), "{target}");

            let recorded = other_random(target, &format!("{prefix}-whole"));
            let (status, error) = run(&recorded);
            assert_eq!(status, Status::Failed, "{target}");
            assert_eq!(
                error.and_then(|e| e.alert()),
                Some(A::DecryptError),
                "{target}"
            );
        }
    }
}
