//! `cargo xtask <task>`: the development tasks of stratls.
//!
//! Each task is one function below. Tasks call `$CARGO` (the cargo that runs us) so that the
//! toolchain is the one the developer chose.

#![forbid(unsafe_code)]

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::OnceLock;

mod bench;
mod certs;
mod fuzz;
mod proofs;
mod tidy;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  ci      everything CI checks: fmt --check, tidy, clippy -D warnings, the proof checks, the
          whole test suite, the handshake suite and the rustls interop once more with the
          ring provider (STRATLS_TEST_PROVIDER=ring), `bench --quick`, the fuzz step
          (`fuzz --ci`), the docs with -D warnings
  test    the whole test suite (cargo test --workspace)
  interop the tests against real peers: OpenSSL, GnuTLS, rustls, curl (and the command's own);
          `cargo xtask interop --pq` runs X25519MLKEM768 against rustls with aws-lc-rs
          (tests/pq, its own workspace: building AWS-LC takes minutes);
          `cargo xtask interop --ring` runs them with stratls on the ring provider
  fmt     format the workspace
  tidy    the tree checks: dependency arrows, unused dependencies, forbid(unsafe_code), no stubs
  proofs  the handshake's proof checks: skipping or forging a proof does not compile
  fuzz    the fuzz targets under libFuzzer: `cargo xtask fuzz [TARGET...] [--seconds N]
          [--max-len N] | --ci | --seed | --list`
  certs   regenerate the committed test certificate tree in tests/certs (needs openssl);
          `cargo xtask certs --bench` only the benchmark's chains in tests/certs/bench
  bench   stratls against rustls, in release: `cargo xtask bench [--quick | --help | ...]`;
          `cargo xtask bench --callgrind [CASE...]` counts instructions under valgrind
";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let task = args.first().map(String::as_str).unwrap_or("help");
    let result = match task {
        "ci" => ci(),
        "test" => test(),
        "interop" if args.get(1).is_some_and(|a| a == "--pq") => cargo(&[
            "test",
            "--manifest-path",
            "tests/pq/Cargo.toml",
            "--no-fail-fast",
        ]),
        "interop" if args.get(1).is_some_and(|a| a == "--ring") => cargo_with_env(
            &["test", "-p", "stratls-tests", "--no-fail-fast"],
            &[RING_SELECTED],
        ),
        "interop" => cargo(&[
            "test",
            "-p",
            "stratls-tests",
            "-p",
            "stratls-cli",
            "--no-fail-fast",
        ]),
        "fmt" => cargo(&["fmt", "--all"]),
        "tidy" => workspace_root().and_then(|root| tidy(&root)),
        "certs" if args.get(1).is_some_and(|a| a == "--bench") => {
            workspace_root().and_then(|root| certs::generate_bench(&root))
        }
        "certs" => workspace_root().and_then(|root| certs::generate(&root)),
        "proofs" => workspace_root().and_then(|root| proofs::check(&root)),
        "fuzz" => fuzz::run(&args[1..]),
        "bench" => bench::run(&args[1..]),
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown task `{other}`\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask {task}: {message}");
            ExitCode::FAILURE
        }
    }
}

fn ci() -> Result<(), String> {
    step("format check");
    cargo(&["fmt", "--all", "--check"])?;
    step("tidy");
    tidy(&workspace_root()?)?;
    step("clippy");
    cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--all-features",
        "--",
        "-D",
        "warnings",
    ])?;
    step("proof checks");
    proofs::check(&workspace_root()?)?;
    step("tests");
    test()?;
    step("tests with the ring provider");
    ring_tests()?;
    step("benchmark harness (--quick; the figures are not judged)");
    bench::run(&["--quick".to_string()])?;
    fuzz::ci()?;
    step("docs");
    // Broken intra-doc links (the facade's links to the layers among them) fail the build.
    cargo_with_env(
        &["doc", "--workspace", "--no-deps", "--all-features", "--lib"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )?;
    step("ci passed");
    Ok(())
}

fn test() -> Result<(), String> {
    cargo(&["test", "--workspace", "--all-features", "--no-fail-fast"])
}

/// Selects the ring provider (completed by the default one) in stratls-test-support's configs
/// and in the interop tests' stratls configs.
const RING_SELECTED: (&str, &str) = ("STRATLS_TEST_PROVIDER", "ring");

/// The in-memory handshake suite and the in-process rustls interop binary once more, with the
/// ring provider selected. The provider is chosen at run time, so nothing is rebuilt.
fn ring_tests() -> Result<(), String> {
    cargo_with_env(
        &[
            "test",
            "--all-features",
            "--no-fail-fast",
            "-p",
            "stratls-handshake",
        ],
        &[RING_SELECTED],
    )?;
    cargo_with_env(
        &[
            "test",
            "--all-features",
            "--no-fail-fast",
            "-p",
            "stratls-tests",
            "--test",
            "rustls",
        ],
        &[RING_SELECTED],
    )
}

fn tidy(root: &Path) -> Result<(), String> {
    tidy::check(root).map_err(|problems| problems.join("\n"))
}

fn step(name: &str) {
    eprintln!("\n==> xtask: {name}");
}

/// Runs `$CARGO args...` in the workspace root, failing on a non-zero exit.
fn cargo(args: &[&str]) -> Result<(), String> {
    cargo_with_env(args, &[])
}

/// Runs `$CARGO args...` with extra environment variables.
fn cargo_with_env(args: &[&str], vars: &[(&str, &str)]) -> Result<(), String> {
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(&cargo)
        .args(args)
        .envs(vars.iter().copied())
        .current_dir(workspace_root()?)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed ({status})", args.join(" ")))
    }
}

/// The root of the workspace we run in, found at run time: `cargo locate-project --workspace`
/// from the current directory. (A path compiled in would name whichever checkout built the
/// binary, and checkouts that share a target directory share the binary.)
fn workspace_root() -> Result<PathBuf, String> {
    static ROOT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    ROOT.get_or_init(|| {
        let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let out = Command::new(&cargo)
            .args(["locate-project", "--workspace", "--message-format", "plain"])
            .output()
            .map_err(|e| format!("cannot run cargo locate-project: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "cargo locate-project failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        let manifest = String::from_utf8(out.stdout)
            .map_err(|_| "cargo locate-project printed a path that is not UTF-8".to_string())?;
        Path::new(manifest.trim())
            .parent()
            .map(Path::to_path_buf)
            .ok_or_else(|| format!("no directory above {}", manifest.trim()))
    })
    .clone()
}
