//! Checks that guard the shape of the tree. Run by `cargo xtask tidy`, by `cargo xtask ci`, and
//! as a plain `#[test]`, so `cargo test` enforces them too.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

mod manifest;
mod unused;

use self::manifest::{Crate, DepKind, parse_manifest};

/// The dependency arrows of the house plan (docs/architecture.md): which of our crates each
/// crate may name in `[dependencies]`. A crate missing from this table is a tidy failure, so a
/// new crate must take its place in the plan.
const ALLOWED: &[(&str, &[&str])] = &[
    ("stratls-testvectors", &[]),
    ("stratls-codepoints", &[]),
    ("stratls-codec", &["stratls-codepoints"]),
    ("stratls-crypto", &["stratls-codepoints"]),
    ("stratls-rustcrypto", &["stratls-crypto"]),
    ("stratls-ring", &["stratls-crypto"]),
    ("stratls-keyschedule", &["stratls-crypto"]),
    ("stratls-record", &["stratls-codec", "stratls-crypto"]),
    ("stratls-pki", &["stratls-codec", "stratls-crypto"]),
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
    // The facade only behind the connector's root features (`webpki-roots`, `native-roots`).
    ("stratls-tokio", &["stratls-handshake", "stratls"]),
    (
        "stratls",
        &[
            "stratls-codec",
            "stratls-crypto",
            "stratls-rustcrypto",
            "stratls-ring",
            "stratls-keyschedule",
            "stratls-record",
            "stratls-pki",
            "stratls-handshake",
            "stratls-io",
        ],
    ),
    ("stratls-cli", &["stratls"]),
    // What the tests, the benchmark and the fuzz targets share. It drives the handshake's
    // connections, so it sits above stratls-handshake, and it is also a dev-dependency of
    // stratls-handshake: see DEV_CYCLES.
    (
        "stratls-test-support",
        &[
            "stratls-crypto",
            "stratls-rustcrypto",
            "stratls-ring",
            "stratls-keyschedule",
            "stratls-pki",
            "stratls-handshake",
        ],
    ),
    // Outside `crates/`: the interop tests and the benchmark, users of the facade.
    ("stratls-tests", &["stratls"]),
    ("stratls-bench", &["stratls", "stratls-test-support"]),
    ("xtask", &[]),
    // Programs that use one or two layers alone (examples/): see LAYER_EXAMPLES.
    ("ja4", &["stratls-codec"]),
    (
        "keylog-decrypt",
        &[
            "stratls-keyschedule",
            "stratls-record",
            "stratls-codec",
            "stratls-rustcrypto",
        ],
    ),
];

/// The programs that show a layer used alone, and every crate of ours each may link: the
/// layers it names and what those depend on, transitively. Their programs are binaries
/// (`src/main.rs`), which never link `[dev-dependencies]`, so their tests may use higher
/// crates to make recordings; an `examples/` directory would link those too, so tidy
/// refuses one.
const LAYER_EXAMPLES: &[(&str, &[&str])] = &[
    ("ja4", &["stratls-codec", "stratls-codepoints"]),
    (
        "keylog-decrypt",
        &[
            "stratls-keyschedule",
            "stratls-record",
            "stratls-codec",
            "stratls-crypto",
            "stratls-codepoints",
            "stratls-rustcrypto",
        ],
    ),
];

/// The one exception to "a dev-dependency never depends on the crate that lists it": (crate,
/// dev-dependency). stratls-handshake's integration tests (`tests/`) use stratls-test-support,
/// which depends on stratls-handshake. That is sound: an integration test is a crate of its own
/// that links the same stratls-handshake library as the support crate, so their types agree.
/// A unit test inside `src/` is compiled into a second copy of stratls-handshake whose types
/// are not the support crate's, so tidy fails if the crate's `src/` names the support crate.
const DEV_CYCLES: &[(&str, &str)] = &[("stratls-handshake", "stratls-test-support")];

/// Where the workspace's crates live: every directory under `crates/`, and these.
const OTHER_CRATE_DIRS: &[&str] = &[
    "tests",
    "bench",
    "xtask",
    "examples/ja4",
    "examples/keylog-decrypt",
];

/// Runs every check; returns the list of problems found.
pub fn check(root: &Path) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    let crates = read_crates(root, &mut problems);
    check_arrows(&crates, &mut problems);
    check_layer_examples(&crates, LAYER_EXAMPLES, &mut problems);
    for (name, krate) in &crates {
        check_crate_root(krate, &mut problems);
        let sources = unused::Sources::read(krate);
        unused::check(name, krate, &sources, unused::FEATURE_ONLY, &mut problems);
        check_dev_cycles(name, krate, &sources, &mut problems);
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

fn read_crates(root: &Path, problems: &mut Vec<String>) -> BTreeMap<String, Crate> {
    let mut crates = BTreeMap::new();
    let renames = fs::read_to_string(root.join("Cargo.toml"))
        .map(|m| manifest::workspace_renames(&m))
        .unwrap_or_default();
    let Ok(entries) = fs::read_dir(root.join("crates")) else {
        problems.push("no crates/ directory".into());
        return crates;
    };
    let dirs = entries
        .flatten()
        .map(|e| e.path())
        .chain(OTHER_CRATE_DIRS.iter().map(|d| root.join(d)));
    for dir in dirs {
        let Ok(text) = fs::read_to_string(dir.join("Cargo.toml")) else {
            continue;
        };
        let (name, krate) = parse_manifest(&text, dir, &renames);
        match name {
            Some(name) => {
                crates.insert(name, krate);
            }
            None => problems.push(format!("{}: no package name", krate.dir.display())),
        }
    }
    crates
}

/// The packages of our own crates that `krate` lists in the `kind` table.
fn ours(krate: &Crate, kind: DepKind) -> BTreeSet<&str> {
    krate
        .deps
        .iter()
        .filter(|d| d.kind == kind && d.package.starts_with("stratls"))
        .map(|d| d.package.as_str())
        .collect()
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
        for dep in ours(krate, DepKind::Normal) {
            if !ok.contains(&dep) {
                problems.push(format!(
                    "{name} depends on {dep}: against the one-way arrows"
                ));
            }
        }
        // A dev-dependency may be a sibling or a lower crate, never one that depends on us. A
        // crate may name itself, to turn on a feature of its own for its tests.
        for dev in ours(krate, DepKind::Dev) {
            if dev != name
                && reaches(crates, dev, name)
                && !DEV_CYCLES.contains(&(name.as_str(), dev))
            {
                problems.push(format!(
                    "{name} has dev-dependency {dev}, which depends on {name}"
                ));
            }
        }
    }
}

/// Each layer example links exactly the crates of ours [`LAYER_EXAMPLES`] names, and has no
/// program that could link a dev-dependency.
fn check_layer_examples(
    crates: &BTreeMap<String, Crate>,
    table: &[(&str, &[&str])],
    problems: &mut Vec<String>,
) {
    for (name, expected) in table {
        let Some(krate) = crates.get(*name) else {
            problems.push(format!("{name}: the layer example is missing"));
            continue;
        };
        let linked = linked(crates, name);
        let expected: BTreeSet<String> = expected.iter().map(|s| s.to_string()).collect();
        if linked != expected {
            problems.push(format!(
                "{name} links {linked:?}, but its layers are {expected:?}"
            ));
        }
        if krate.dir.join("examples").exists() {
            problems.push(format!(
                "{name}: an examples/ directory links the dev-dependencies; the programs \
                 of a layer example are binaries"
            ));
        }
    }
}

/// Our crates that `from` reaches through `[dependencies]`, transitively, without itself.
fn linked(crates: &BTreeMap<String, Crate>, from: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = crates
        .get(from)
        .map(|k| {
            ours(k, DepKind::Normal)
                .into_iter()
                .map(String::from)
                .collect()
        })
        .unwrap_or_default();
    while let Some(next) = stack.pop() {
        if let Some(k) = crates.get(&next).filter(|_| seen.insert(next.clone())) {
            stack.extend(ours(k, DepKind::Normal).into_iter().map(String::from));
        }
    }
    seen
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
            stack.extend(ours(k, DepKind::Normal).into_iter().map(String::from));
        }
    }
    false
}

/// A dev-dependency allowed by [`DEV_CYCLES`] serves the integration tests only.
fn check_dev_cycles(
    name: &str,
    krate: &Crate,
    sources: &unused::Sources,
    problems: &mut Vec<String>,
) {
    for (_, dev) in DEV_CYCLES.iter().filter(|(c, _)| *c == name) {
        let Some(dep) = krate
            .deps
            .iter()
            .find(|d| d.kind == DepKind::Dev && d.package == *dev)
        else {
            continue;
        };
        let ident = dep.ident();
        if sources.lib.iter().any(|code| unused::names(code, &ident)) {
            problems.push(format!(
                "{name}: src/ names {dev}, which depends on {name}: only the integration \
                 tests (tests/) may use it"
            ));
        }
    }
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
        // Cargo sets the variable when it runs a test: read it at run time, not at build time,
        // so that a build shared by two checkouts checks the one it runs in.
        let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo");
        let root = Path::new(&manifest_dir).join("..");
        if let Err(problems) = check(&root) {
            panic!("tidy found:\n{}", problems.join("\n"));
        }
    }

    #[test]
    fn arrows_catch_an_upward_dependency() {
        let manifest = "[package]\nname = \"stratls-codec\"\n[dependencies]\nstratls-record.workspace = true\n[lints]\nworkspace = true\n";
        let (name, krate) = parse_manifest(manifest, PathBuf::from("x"), &BTreeMap::new());
        let mut crates = BTreeMap::new();
        crates.insert(name.expect("name"), krate);
        let mut problems = Vec::new();
        check_arrows(&crates, &mut problems);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("against the one-way arrows"));
    }

    #[test]
    fn a_layer_example_that_reaches_higher_is_caught() {
        let mut crates = BTreeMap::new();
        let ja4 = "[package]\nname = \"ja4\"\n[dependencies]\nstratls-codec.workspace = true\n";
        let codec = "[package]\nname = \"stratls-codec\"\n[dependencies]\nstratls-codepoints.workspace = true\n";
        let points = "[package]\nname = \"stratls-codepoints\"\n";
        for m in [ja4, codec, points] {
            let (name, krate) = parse_manifest(m, PathBuf::from("x"), &BTreeMap::new());
            crates.insert(name.expect("name"), krate);
        }
        let table: &[(&str, &[&str])] = &[("ja4", &["stratls-codec", "stratls-codepoints"])];
        let mut problems = Vec::new();
        check_layer_examples(&crates, table, &mut problems);
        assert_eq!(problems, Vec::<String>::new());

        // The codec now names the record layer, which names the provider traits: the example
        // would link both.
        let codec = "[package]\nname = \"stratls-codec\"\n[dependencies]\nstratls-codepoints.workspace = true\nstratls-record.workspace = true\n";
        let record = "[package]\nname = \"stratls-record\"\n[dependencies]\nstratls-crypto.workspace = true\n";
        let crypto = "[package]\nname = \"stratls-crypto\"\n";
        for m in [codec, record, crypto] {
            let (name, krate) = parse_manifest(m, PathBuf::from("x"), &BTreeMap::new());
            crates.insert(name.expect("name"), krate);
        }
        check_layer_examples(&crates, table, &mut problems);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("ja4 links"), "{problems:?}");
        assert!(problems[0].contains("stratls-record"), "{problems:?}");
    }

    #[test]
    fn dev_dependency_cycles_are_caught() {
        let mut crates = BTreeMap::new();
        let codec = "[package]\nname = \"stratls-codec\"\n[dev-dependencies]\nstratls-record.workspace = true\n";
        let record = "[package]\nname = \"stratls-record\"\n[dependencies]\nstratls-codec.workspace = true\n";
        for m in [codec, record] {
            let (name, krate) = parse_manifest(m, PathBuf::from("x"), &BTreeMap::new());
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

    #[test]
    fn the_support_crate_may_serve_the_handshake_tests_only() {
        let handshake = "[package]\nname = \"stratls-handshake\"\n[dependencies]\nstratls-record.workspace = true\n[dev-dependencies]\nstratls-test-support.workspace = true\n";
        let support = "[package]\nname = \"stratls-test-support\"\n[dependencies]\nstratls-handshake.workspace = true\n";
        let record = "[package]\nname = \"stratls-record\"\n[dev-dependencies]\nstratls-test-support.workspace = true\n";
        let mut crates = BTreeMap::new();
        for m in [handshake, support, record] {
            let (name, krate) = parse_manifest(m, PathBuf::from("x"), &BTreeMap::new());
            crates.insert(name.expect("name"), krate);
        }
        let mut problems = Vec::new();
        check_arrows(&crates, &mut problems);
        // The handshake's exception holds; the record layer (below the handshake) has none.
        assert_eq!(
            problems,
            [
                "stratls-record has dev-dependency stratls-test-support, which depends on stratls-record"
            ]
        );

        let krate = &crates["stratls-handshake"];
        let mut problems = Vec::new();
        let tests_only = unused::Sources {
            tests: vec!["use stratls_test_support::Pair;".into()],
            ..Default::default()
        };
        check_dev_cycles("stratls-handshake", krate, &tests_only, &mut problems);
        assert_eq!(problems, Vec::<String>::new());
        let in_src = unused::Sources {
            lib: vec!["#[cfg(test)] mod t { use stratls_test_support::Pair; }".into()],
            ..Default::default()
        };
        check_dev_cycles("stratls-handshake", krate, &in_src, &mut problems);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("only the integration tests"));
    }
}
