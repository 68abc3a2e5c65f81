//! `cargo xtask bench`: stratls against rustls, timed (the `stratls-bench` binary, built in
//! release), with `--callgrind` counted in instructions under valgrind, which a shared or
//! noisy machine does not disturb, or with `--memory` the heap one connection holds and what
//! each of 10,000 idle ones retains (the `stratls-memory` binary, which counts allocations;
//! `--memory --json FILE` and then `bench --svg CHART --memory-json FILE` draw both in one
//! chart).

use std::env;
use std::path::PathBuf;
use std::process::Command;

use crate::{cargo, workspace_root};

/// The cases `--callgrind` counts when none is named: one handshake (full, or resumed) or
/// 1 MiB of data.
const CALLGRIND_CASES: [&str; 6] = [
    "handshake-tls13-ecdsa",
    "handshake-tls12-ecdsa",
    "handshake-tls13-ecdsa-chain3-mtls",
    "resume-tls13-ticket",
    "bulk-tls13-aes128gcm",
    "bulk-tls12-ecdsa-aes128gcm",
];

/// Builds the benchmark in release and runs `stratls-bench` with `args`, counts instructions
/// with `--callgrind [CASE...]`, or counts the heap with `--memory [CASE...]`.
pub fn run(args: &[String]) -> Result<(), String> {
    cargo(&[
        "build",
        "--release",
        "--quiet",
        "--package",
        "stratls-bench",
    ])?;
    let binary = target_dir()?.join("release/stratls-bench");
    match args.split_first() {
        Some((flag, cases)) if flag == "--callgrind" => callgrind(&binary, cases),
        Some((flag, cases)) if flag == "--memory" => {
            status(Command::new(target_dir()?.join("release/stratls-memory")).args(cases))
        }
        _ => status(Command::new(&binary).args(args)),
    }
}

/// Runs each case once per library under callgrind, counting only inside the benchmark's
/// `measured` function, and prints the instruction counts and their ratio; then once with
/// stratls on the test kit's provider that does no cryptography, whose count is the protocol's
/// alone (`-` for a case that provider cannot run: it has AES-128-GCM, x25519 and ECDSA only).
fn callgrind(binary: &PathBuf, cases: &[String]) -> Result<(), String> {
    let cases: Vec<&str> = match cases {
        [] => CALLGRIND_CASES.to_vec(),
        named => named.iter().map(String::as_str).collect(),
    };
    let out_dir = target_dir()?.join("callgrind");
    std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    println!(
        "{:<34} {:>15} {:>15} {:>15} {:>6} {:>6} {:>15} {:>6}",
        "case",
        "stratls+ring Ir",
        "rustls+ring Ir",
        "stratls+rc Ir",
        "ratio",
        "rc/rl",
        "no-crypto Ir",
        "proto"
    );
    for case in cases {
        let mut counts = Vec::new();
        for lib in ["stratls-ring", "rustls", "stratls"] {
            counts.push(count(binary, &out_dir, case, lib)?);
        }
        // The provider without cryptography runs fewer cases: a failure is a `-`.
        let protocol = count(binary, &out_dir, case, "stratls-none").ok();
        if let [ours, theirs, default] = counts[..] {
            let ratio = ours as f64 / theirs.max(1) as f64;
            let default_ratio = default as f64 / theirs.max(1) as f64;
            let (protocol, share) = match protocol {
                Some(p) => (
                    p.to_string(),
                    format!("{:.0}%", 100.0 * p as f64 / ours.max(1) as f64),
                ),
                None => ("-".into(), "-".into()),
            };
            println!(
                "{case:<34} {ours:>15} {theirs:>15} {default:>15} {ratio:>6.2} {default_ratio:>6.2} {protocol:>15} {share:>6}"
            );
        }
    }
    println!(
        "\n(handshake: one handshake, both sides; bulk: 1 MiB; proto = no-crypto / stratls+ring; profiles in {})",
        out_dir.display()
    );
    println!("top functions: callgrind_annotate --inclusive=yes <profile>");
    Ok(())
}

/// The instructions `lib` executes inside `measured` for one run of `case`, under callgrind
/// (the profile kept in `out_dir`).
fn count(
    binary: &PathBuf,
    out_dir: &std::path::Path,
    case: &str,
    lib: &str,
) -> Result<u64, String> {
    let out = out_dir.join(format!("{case}-{lib}.out"));
    let mut command = Command::new("valgrind");
    command
        .args(["--tool=callgrind", "--toggle-collect=*measured*", "--quiet"])
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(binary)
        .args(["--once", lib, "--case", case, "--bulk-mib", "1"]);
    if lib == "stratls-none" {
        // Its refusal of a case it cannot run is a `-` in the table, not a message.
        command.stderr(std::process::Stdio::null());
    }
    status(&mut command)?;
    let text = std::fs::read_to_string(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    text.lines()
        .find_map(|l| {
            l.strip_prefix("totals:")
                .or_else(|| l.strip_prefix("summary:"))
        })
        .and_then(|n| n.trim().parse::<u64>().ok())
        .ok_or_else(|| format!("{}: no instruction total", out.display()))
}

/// Runs `command`, failing on a non-zero exit.
fn status(command: &mut Command) -> Result<(), String> {
    let program = command.get_program().to_string_lossy().into_owned();
    let status = command
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{program} failed ({status})"))
    }
}

/// Where cargo puts build output.
fn target_dir() -> Result<PathBuf, String> {
    match env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => Ok(workspace_root()?.join("target")),
    }
}
