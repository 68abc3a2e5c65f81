//! Checks that guard the shape of the tree. Run by `cargo xtask tidy`, by `cargo xtask ci`, and
//! as a plain `#[test]`, so `cargo test` enforces them too.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The dependency arrows of the house plan (docs/architecture.md): which of our crates each
/// crate may name in `[dependencies]`. A crate missing from this table is a tidy failure, so a
/// new crate must take its place in the plan.
const ALLOWED: &[(&str, &[&str])] = &[
    ("stratls-testvectors", &[]),
    ("stratls-codepoints", &[]),
    ("stratls-codec", &["stratls-codepoints"]),
    ("stratls-crypto", &["stratls-codepoints"]),
    ("stratls-rustcrypto", &["stratls-crypto"]),
    ("stratls-keyschedule", &["stratls-crypto"]),
    ("stratls-record", &["stratls-codec", "stratls-crypto"]),
    ("stratls-pki", &["stratls-crypto"]),
    (
        "stratls-handshake",
        &[
            "stratls-codec",
            "stratls-crypto",
            "stratls-keyschedule",
            "stratls-record",
            "stratls-pki",
        ],
    ),
    (
        "stratls-io",
        &[
            "stratls-handshake",
            "stratls-codec",
            "stratls-crypto",
            "stratls-keyschedule",
        ],
    ),
    (
        "stratls",
        &[
            "stratls-codec",
            "stratls-crypto",
            "stratls-rustcrypto",
            "stratls-keyschedule",
            "stratls-record",
            "stratls-pki",
            "stratls-handshake",
            "stratls-io",
        ],
    ),
    ("stratls-cli", &["stratls"]),
    // Outside `crates/`: the interop tests and the benchmark, users of the facade.
    ("stratls-tests", &["stratls"]),
    ("stratls-bench", &["stratls"]),
    ("xtask", &[]),
];

/// Where the workspace's crates live: every directory under `crates/`, and these.
const OTHER_CRATE_DIRS: &[&str] = &["tests", "bench", "xtask"];

/// Runs every check; returns the list of problems found.
pub fn check(root: &Path) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    let crates = read_crates(root, &mut problems);
    check_arrows(&crates, &mut problems);
    for krate in crates.values() {
        check_crate_root(krate, &mut problems);
    }
    check_no_stubs(&root.join("crates"), &mut problems);
    for dir in OTHER_CRATE_DIRS {
        check_no_stubs(&root.join(dir), &mut problems);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

struct Crate {
    dir: PathBuf,
    deps: BTreeSet<String>,
    dev_deps: BTreeSet<String>,
    workspace_lints: bool,
}

fn read_crates(root: &Path, problems: &mut Vec<String>) -> BTreeMap<String, Crate> {
    let mut crates = BTreeMap::new();
    let Ok(entries) = fs::read_dir(root.join("crates")) else {
        problems.push("no crates/ directory".into());
        return crates;
    };
    let dirs = entries
        .flatten()
        .map(|e| e.path())
        .chain(OTHER_CRATE_DIRS.iter().map(|d| root.join(d)));
    for dir in dirs {
        let Ok(manifest) = fs::read_to_string(dir.join("Cargo.toml")) else {
            continue;
        };
        let (name, krate) = parse_manifest(&manifest, dir);
        match name {
            Some(name) => {
                crates.insert(name, krate);
            }
            None => problems.push(format!("{}: no package name", krate.dir.display())),
        }
    }
    crates
}

/// A deliberately small reader of the manifest lines tidy needs: the package name, our own
/// crates under `[dependencies]` / `[dev-dependencies]`, and `[lints] workspace = true`.
fn parse_manifest(manifest: &str, dir: PathBuf) -> (Option<String>, Crate) {
    let mut name = None;
    let mut krate = Crate {
        dir,
        deps: BTreeSet::new(),
        dev_deps: BTreeSet::new(),
        workspace_lints: false,
    };
    let mut section = String::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line.trim_matches(|c| c == '[' || c == ']').to_string();
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim();
        let dep = key.split('.').next().unwrap_or(key).trim().to_string();
        match section.as_str() {
            "package" if key == "name" => name = Some(value.trim().trim_matches('"').to_string()),
            "dependencies" if dep.starts_with("stratls") => {
                krate.deps.insert(dep);
            }
            "dev-dependencies" if dep.starts_with("stratls") => {
                krate.dev_deps.insert(dep);
            }
            "lints" if key == "workspace" && value.trim() == "true" => krate.workspace_lints = true,
            _ => {}
        }
    }
    (name, krate)
}

fn check_arrows(crates: &BTreeMap<String, Crate>, problems: &mut Vec<String>) {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    for (name, krate) in crates {
        let Some(ok) = allowed.get(name.as_str()) else {
            problems.push(format!(
                "{name}: not in the dependency plan (xtask/src/tidy.rs ALLOWED)"
            ));
            continue;
        };
        for dep in &krate.deps {
            if !ok.contains(&dep.as_str()) {
                problems.push(format!(
                    "{name} depends on {dep}: against the one-way arrows"
                ));
            }
        }
        // A dev-dependency may be a sibling or a lower crate, never one that depends on us. A
        // crate may name itself, to turn on a feature of its own for its tests.
        for dev in &krate.dev_deps {
            if dev != name && reaches(crates, dev, name) {
                problems.push(format!(
                    "{name} has dev-dependency {dev}, which depends on {name}"
                ));
            }
        }
    }
}

/// Whether `from` depends (through `[dependencies]`, transitively) on `to`.
fn reaches(crates: &BTreeMap<String, Crate>, from: &str, to: &str) -> bool {
    let mut stack = vec![from.to_string()];
    let mut seen = BTreeSet::new();
    while let Some(next) = stack.pop() {
        if next == to {
            return true;
        }
        if let Some(k) = crates.get(&next).filter(|_| seen.insert(next.clone())) {
            stack.extend(k.deps.iter().cloned());
        }
    }
    false
}

fn check_crate_root(krate: &Crate, problems: &mut Vec<String>) {
    if !krate.workspace_lints {
        problems.push(format!(
            "{}: missing `[lints] workspace = true`",
            krate.dir.display()
        ));
    }
    let roots = [krate.dir.join("src/lib.rs"), krate.dir.join("src/main.rs")];
    for root in roots.iter().filter(|p| p.exists()) {
        let text = fs::read_to_string(root).unwrap_or_default();
        if !text.contains("#![forbid(unsafe_code)]") {
            problems.push(format!(
                "{}: missing #![forbid(unsafe_code)]",
                root.display()
            ));
        }
    }
}

fn check_no_stubs(dir: &Path, problems: &mut Vec<String>) {
    for file in rust_files(dir) {
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        // Built from pieces so that this file does not flag itself.
        let markers = [concat!("todo", "!("), concat!("unimplemented", "!(")];
        for (n, line) in text.lines().enumerate() {
            if markers.iter().any(|m| line.contains(m)) {
                problems.push(format!("{}:{}: stub left in code", file.display(), n + 1));
            }
        }
    }
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "target") {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_is_tidy() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        if let Err(problems) = check(&root) {
            panic!("tidy found:\n{}", problems.join("\n"));
        }
    }

    #[test]
    fn arrows_catch_an_upward_dependency() {
        let manifest = "[package]\nname = \"stratls-codec\"\n[dependencies]\nstratls-record.workspace = true\n[lints]\nworkspace = true\n";
        let (name, krate) = parse_manifest(manifest, PathBuf::from("x"));
        let mut crates = BTreeMap::new();
        crates.insert(name.expect("name"), krate);
        let mut problems = Vec::new();
        check_arrows(&crates, &mut problems);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("against the one-way arrows"));
    }

    #[test]
    fn dev_dependency_cycles_are_caught() {
        let mut crates = BTreeMap::new();
        let codec = "[package]\nname = \"stratls-codec\"\n[dev-dependencies]\nstratls-record.workspace = true\n";
        let record = "[package]\nname = \"stratls-record\"\n[dependencies]\nstratls-codec.workspace = true\n";
        for m in [codec, record] {
            let (name, krate) = parse_manifest(m, PathBuf::from("x"));
            crates.insert(name.expect("name"), krate);
        }
        let mut problems = Vec::new();
        check_arrows(&crates, &mut problems);
        assert!(
            problems
                .iter()
                .any(|p| p.contains("dev-dependency stratls-record")),
            "{problems:?}"
        );
    }
}
