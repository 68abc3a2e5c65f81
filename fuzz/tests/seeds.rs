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
        let status = match s.target {
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
    // Four TLS 1.3 and three TLS 1.2 scenarios, two directions, three forms each.
    assert_eq!(replayed, (4 + 3) * 2 * 3);
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
