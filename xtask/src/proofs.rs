//! `cargo xtask proofs`: the files of `crates/stratls-handshake/proofs/` compiled into the
//! handshake crate one at a time. A file that says `// expect: E0xxx` must fail with exactly
//! that error code; one that says `// expect: compiles` must compile. Uses a target directory
//! of its own, so the workspace's builds are not disturbed.

use std::path::Path;
use std::process::Command;

pub fn check(root: &Path) -> Result<(), String> {
    let dir = root.join("crates/stratls-handshake/proofs");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no proof checks in {}", dir.display()));
    }
    let mut problems = Vec::new();
    for file in &files {
        let name = file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into());
        match check_one(root, file) {
            Ok(outcome) => eprintln!("proof check {name}: {outcome}"),
            Err(problem) => problems.push(format!("{name}: {problem}")),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

fn check_one(root: &Path, file: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
    let expect = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("// expect: "))
        .ok_or("the first line must be `// expect: E0xxx` or `// expect: compiles`")?
        .trim()
        .to_string();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(root)
        .env("STRATLS_PROOF_CHECK", file)
        .args([
            "rustc",
            "--quiet",
            "-p",
            "stratls-handshake",
            "--lib",
            "--profile",
            "check",
            "--target-dir",
        ])
        .arg(root.join("target/proof-check"))
        .args(["--", "--cfg", "stratls_proof_check"])
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut codes: Vec<&str> = stderr
        .match_indices("error[E")
        .filter_map(|(i, _)| stderr.get(i + 6..i + 11))
        .collect();
    codes.sort_unstable();
    codes.dedup();
    match (expect.as_str(), output.status.success()) {
        ("compiles", true) => Ok("compiles".into()),
        ("compiles", false) => Err(format!("expected to compile, failed:\n{stderr}")),
        (code, false) if codes == [code] => Ok(format!("fails with {code}")),
        (code, _) => Err(format!(
            "expected to fail with {code} alone, got {codes:?}:\n{stderr}"
        )),
    }
}
