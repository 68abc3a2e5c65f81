//! `cargo xtask fuzz [TARGET...] [--seconds N] [--max-len N] | --ci | --seed`: the fuzz targets
//! of `fuzz/` under libFuzzer, through cargo-fuzz.
//!
//! cargo-fuzz needs nightly compiler flags (sanitizers, coverage instrumentation); on a stable
//! toolchain they are unlocked with `RUSTC_BOOTSTRAP=1`, which this task sets. The seed corpus
//! is generated, not committed: `--seed` (and any run that finds no corpus) writes it under
//! `fuzz/corpus/<target>/` from recorded in-memory handshakes.
//!
//! `--ci` is the step of `cargo xtask ci`: the fuzz project's lock file must be current, the
//! stable replay test passes, every target builds once and runs [`CI_SECONDS`] seconds from the
//! seeds; a crash fails the step.

use std::env;
use std::fs;
use std::path::Path;
use std::process::Command;

use crate::workspace_root;

const USAGE: &str = "\
usage: cargo xtask fuzz [TARGET...] [--seconds N] [--max-len N]
                                 run each TARGET (default: every target) N seconds (default 30),
                                 inputs up to N bytes (default 140000)
       cargo xtask fuzz --ci     the CI step: lock file current, replay test, every target built
                                 once and run 10 s
       cargo xtask fuzz --seed   (re)write the seed corpora under fuzz/corpus/
       cargo xtask fuzz --list   name the targets
";

/// The longest input libFuzzer makes by default: room for the largest ClientHello the server
/// accepts (131,396 bytes, in records of up to 2^14 bytes each with their headers) and for
/// certificate chains, with the script bytes of the connection targets around them.
const MAX_LEN: u64 = 140_000;

/// How long `--ci` runs each target.
pub const CI_SECONDS: u64 = 10;

/// Runs the task with the arguments after `fuzz`.
pub fn run(args: &[String]) -> Result<(), String> {
    let root = workspace_root()?;
    let targets = targets(&root.join("fuzz/Cargo.toml"))?;
    let mut seconds = 30u64;
    let mut max_len = MAX_LEN;
    let mut chosen = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seed" => return seed(&root),
            "--ci" => return ci(),
            "--list" => {
                targets.iter().for_each(|t| println!("{t}"));
                return Ok(());
            }
            "--help" | "-h" => {
                print!("{USAGE}");
                return Ok(());
            }
            "--seconds" => {
                seconds = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n > 0)
                    .ok_or(format!("--seconds needs a positive number\n{USAGE}"))?;
            }
            "--max-len" => {
                max_len = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n > 0)
                    .ok_or(format!("--max-len needs a positive number\n{USAGE}"))?;
            }
            name if targets.iter().any(|t| t == name) => chosen.push(name.to_string()),
            other => {
                return Err(format!(
                    "unknown target or option `{other}` (targets: {})\n{USAGE}",
                    targets.join(", ")
                ));
            }
        }
    }
    if chosen.is_empty() {
        chosen = targets;
    }
    ensure_cargo_fuzz()?;
    run_targets(&root, &chosen, seconds, max_len)
}

/// The CI step: the lock file is current, the replay test passes on stable, and every target
/// builds once and runs [`CI_SECONDS`] seconds from fresh seeds without a crash.
pub fn ci() -> Result<(), String> {
    let started = std::time::Instant::now();
    let result = ci_steps();
    crate::step(&format!("fuzz step: {} s", started.elapsed().as_secs()));
    result
}

fn ci_steps() -> Result<(), String> {
    let root = workspace_root()?;
    let targets = targets(&root.join("fuzz/Cargo.toml"))?;
    crate::step("fuzz: the lock file is current");
    let metadata = fuzz_cargo()
        .args(["metadata", "--locked", "--format-version", "1"])
        .args(["--manifest-path", "fuzz/Cargo.toml"])
        .current_dir(&root)
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !metadata.status.success() {
        return Err(format!(
            "fuzz/Cargo.lock is not current (update it with `cargo update --manifest-path \
             fuzz/Cargo.toml --workspace`): {}",
            String::from_utf8_lossy(&metadata.stderr).trim()
        ));
    }
    crate::step("fuzz: the seeds replay (stable, no libFuzzer)");
    cargo_in(
        &root,
        &[
            "test",
            "--locked",
            "--release",
            "--no-default-features",
            "--manifest-path",
            "fuzz/Cargo.toml",
        ],
        false,
    )?;
    ensure_cargo_fuzz()?;
    crate::step("fuzz: building every target");
    cargo_in(&root, &["fuzz", "build"], true)?;
    seed(&root)?;
    run_targets(&root, &targets, CI_SECONDS, MAX_LEN)
}

/// Runs each of `targets` for `seconds` on its corpus (seeding first if one is missing).
fn run_targets(root: &Path, targets: &[String], seconds: u64, max_len: u64) -> Result<(), String> {
    if targets
        .iter()
        .any(|t| !root.join("fuzz/corpus").join(t).is_dir())
    {
        seed(root)?;
    }
    let mut failed = Vec::new();
    for target in targets {
        crate::step(&format!("fuzz {target} for {seconds} s"));
        let corpus = format!("fuzz/corpus/{target}");
        let max_time = format!("-max_total_time={seconds}");
        let max_len = format!("-max_len={max_len}");
        let status = fuzz_cargo()
            .args(["fuzz", "run", target, &corpus, "--"])
            .args([max_time.as_str(), max_len.as_str(), "-print_final_stats=1"])
            .env("RUSTC_BOOTSTRAP", "1")
            .current_dir(root)
            .status()
            .map_err(|e| format!("cannot run cargo fuzz: {e}"))?;
        if !status.success() {
            failed.push(target.clone());
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "failing targets: {} (inputs under fuzz/artifacts/)",
            failed.join(", ")
        ))
    }
}

/// Runs `$CARGO args...` in `root`, with `RUSTC_BOOTSTRAP=1` if `bootstrap`.
fn cargo_in(root: &Path, args: &[&str], bootstrap: bool) -> Result<(), String> {
    let mut command = fuzz_cargo();
    command.args(args).current_dir(root);
    if bootstrap {
        command.env("RUSTC_BOOTSTRAP", "1");
    }
    let status = command
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed ({status})", args.join(" ")))
    }
}

/// The `[[bin]]` names of the fuzz project's manifest: one per target.
fn targets(manifest: &Path) -> Result<Vec<String>, String> {
    let text = fs::read_to_string(manifest)
        .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    let mut out = Vec::new();
    let mut in_bin = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_bin = line == "[[bin]]";
        } else if let Some(value) = line.strip_prefix("name =").filter(|_| in_bin) {
            out.push(value.trim().trim_matches('"').to_string());
        }
    }
    if out.is_empty() {
        return Err(format!("no [[bin]] targets in {}", manifest.display()));
    }
    Ok(out)
}

/// Installs cargo-fuzz unless `cargo fuzz` already answers.
fn ensure_cargo_fuzz() -> Result<(), String> {
    let present = Command::new(cargo())
        .args(["fuzz", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if present {
        return Ok(());
    }
    crate::step("installing cargo-fuzz");
    let status = Command::new(cargo())
        .args(["install", "--locked", "cargo-fuzz"])
        .status()
        .map_err(|e| format!("cannot run cargo install: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "`cargo install --locked cargo-fuzz` failed ({status})"
        ))
    }
}

/// Writes the seed corpora with the fuzz project's `seed` example (plain stable Rust).
fn seed(root: &Path) -> Result<(), String> {
    crate::step("writing the seed corpora");
    let status = fuzz_cargo()
        .args([
            "run",
            "--quiet",
            "--release",
            "--no-default-features",
            "--manifest-path",
            "fuzz/Cargo.toml",
            "--example",
            "seed",
            "--",
            "fuzz/corpus",
        ])
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the seed generator failed ({status})"))
    }
}

/// `$CARGO` for the fuzz project, which keeps its own target directory (`fuzz/target`)
/// whatever the workspace's `CARGO_TARGET_DIR` is: its builds use other compiler flags.
fn fuzz_cargo() -> Command {
    let mut command = Command::new(cargo());
    command.env_remove("CARGO_TARGET_DIR");
    command
}

fn cargo() -> std::ffi::OsString {
    env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}
