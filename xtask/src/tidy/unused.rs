//! Unused dependencies: every entry of a crate's manifest must be named by the sources that
//! can use it, as the start of a path (`name::`, `::name::`), by `use name` or by
//! `extern crate name` (both also cover `... name as alias`).
//!
//! The sources are read without their string literals and plain comments, so a name in a
//! message or a remark does not count; doc comments do count, since doctests and intra-doc
//! links compile against the crate's dependencies.

use std::fs;

use super::manifest::{Crate, Dep, DepKind};
use super::rust_files;

/// Dependencies that no source names because they exist only to turn on a feature of another
/// crate: (crate, manifest key, table, why). Tidy fails on an entry here that has become
/// unneeded (the dependency is named by the code, or gone), so the list stays true.
///
/// None today: every dependency of the workspace is named by the code that uses it.
pub const FEATURE_ONLY: &[(&str, &str, DepKind, &str)] = &[];

/// The sources of one crate, by what they may use, with literals and plain comments removed.
#[derive(Debug, Default)]
pub struct Sources {
    /// `src/`: what `[dependencies]` serve (and `[dev-dependencies]`, for unit tests).
    pub lib: Vec<String>,
    /// `tests/`, `examples/`, `benches/`: what only `[dev-dependencies]` serve.
    pub tests: Vec<String>,
    /// The build script: what `[build-dependencies]` serve.
    pub build: Vec<String>,
}

impl Sources {
    /// Reads the crate's sources from its directory.
    pub fn read(krate: &Crate) -> Self {
        let code = |files: Vec<std::path::PathBuf>| -> Vec<String> {
            files
                .iter()
                .filter_map(|f| fs::read_to_string(f).ok())
                .map(|text| strip(&text))
                .collect()
        };
        let build = krate.build.as_deref().unwrap_or("build.rs");
        let build = krate.dir.join(build);
        Self {
            lib: code(rust_files(&krate.dir.join("src"))),
            tests: code(
                ["tests", "examples", "benches"]
                    .iter()
                    .flat_map(|d| rust_files(&krate.dir.join(d)))
                    .collect(),
            ),
            build: code(if build.is_file() { vec![build] } else { vec![] }),
        }
    }

    /// The code a dependency of `kind` can be used from.
    fn for_kind(&self, kind: DepKind) -> Vec<&str> {
        let lists = match kind {
            DepKind::Normal => vec![&self.lib],
            DepKind::Dev => vec![&self.lib, &self.tests],
            DepKind::Build => vec![&self.build],
        };
        lists.into_iter().flatten().map(String::as_str).collect()
    }

    /// Where a dependency of `kind` is looked for, for the message.
    fn places(kind: DepKind) -> &'static str {
        match kind {
            DepKind::Normal => "src/",
            DepKind::Dev => "src/, tests/, examples/, benches/",
            DepKind::Build => "the build script",
        }
    }
}

/// Flags each dependency of crate `name` that its sources do not name, unless `feature_only`
/// lists it; flags each entry of `feature_only` for this crate that is not needed.
pub fn check(
    name: &str,
    krate: &Crate,
    sources: &Sources,
    feature_only: &[(&str, &str, DepKind, &str)],
    problems: &mut Vec<String>,
) {
    let listed = |dep: &Dep| {
        feature_only
            .iter()
            .any(|(c, key, kind, _)| *c == name && *key == dep.key && *kind == dep.kind)
    };
    for dep in &krate.deps {
        let ident = dep.ident();
        let used = sources
            .for_kind(dep.kind)
            .iter()
            .any(|code| names(code, &ident));
        match (used, listed(dep)) {
            (false, false) => problems.push(format!(
                "{name}: {} `{}` is unused (no `{ident}::`, `use {ident}` or \
                 `extern crate {ident}` in {}); remove it, or list it in \
                 xtask/src/tidy/unused.rs FEATURE_ONLY with the reason",
                dep.kind.table(),
                dep.key,
                Sources::places(dep.kind),
            )),
            (true, true) => problems.push(format!(
                "{name}: {} `{}` is used, so FEATURE_ONLY need not list it",
                dep.kind.table(),
                dep.key
            )),
            _ => {}
        }
    }
    for (_, key, kind, _) in feature_only.iter().filter(|(c, ..)| *c == name) {
        if !krate.deps.iter().any(|d| d.key == *key && d.kind == *kind) {
            problems.push(format!(
                "{name}: FEATURE_ONLY lists {} `{key}`, which the manifest does not have",
                kind.table()
            ));
        }
    }
}

/// Whether `code` names the crate `ident` as a path start, in `use` or in `extern crate`.
pub fn names(code: &str, ident: &str) -> bool {
    let mut from = 0;
    while let Some(at) = code[from..].find(ident) {
        let start = from + at;
        let end = start + ident.len();
        from = end;
        let (before, after) = (&code[..start], &code[end..]);
        if before.ends_with(is_ident_char) || after.starts_with(is_ident_char) {
            continue;
        }
        let before = before.trim_end();
        // `::name` is an absolute path; `x::name` and `x.name` are not a crate.
        let before = match before.strip_suffix("::").map(str::trim_end) {
            Some(b) if ends_with_word(b, "use") => b,
            Some(b) if b.ends_with(is_ident_char) || b.ends_with('>') => continue,
            Some(b) => b,
            None if before.ends_with('.') => continue,
            None => before,
        };
        if after.trim_start().starts_with("::")
            || ends_with_word(before, "use")
            || ends_with_word(before, "crate")
                && ends_with_word(before[..before.len() - 5].trim_end(), "extern")
        {
            return true;
        }
    }
    false
}

fn ends_with_word(text: &str, word: &str) -> bool {
    text.strip_suffix(word)
        .is_some_and(|rest| !rest.ends_with(is_ident_char))
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `text` without its string and character literals and its plain (non-doc) comments, each
/// replaced by a space. Doc comments are kept as they are.
pub fn strip(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let at = |i: usize, s: &str| {
        s.chars()
            .enumerate()
            .all(|(k, c)| chars.get(i + k) == Some(&c))
    };
    while i < chars.len() {
        let c = chars[i];
        let prev_ident = i > 0 && is_ident_char(chars[i - 1]);
        if at(i, "//") {
            let line_end = (i..chars.len())
                .find(|&k| chars[k] == '\n')
                .unwrap_or(chars.len());
            let doc = (at(i, "///") && !at(i, "////")) || at(i, "//!");
            if doc {
                out.extend(&chars[i..line_end]);
            }
            i = line_end;
        } else if at(i, "/*") {
            let doc = (at(i, "/**") && !at(i, "/**/") && !at(i, "/***")) || at(i, "/*!");
            let start = i;
            let mut depth = 0usize;
            while i < chars.len() {
                if at(i, "/*") {
                    depth += 1;
                    i += 2;
                } else if at(i, "*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            if doc {
                out.extend(&chars[start..i.min(chars.len())]);
            } else {
                out.push(' ');
            }
        } else if c == '"' {
            i = skip_string(&chars, i + 1);
            out.push(' ');
        } else if (c == 'r' || (c == 'b' && chars.get(i + 1) == Some(&'r'))) && !prev_ident {
            let hashes_from = if c == 'b' { i + 2 } else { i + 1 };
            let hashes = chars[hashes_from..]
                .iter()
                .take_while(|&&h| h == '#')
                .count();
            if chars.get(hashes_from + hashes) == Some(&'"') {
                i = skip_raw_string(&chars, hashes_from + hashes + 1, hashes);
                out.push(' ');
            } else {
                out.push(c);
                i += 1;
            }
        } else if c == '\'' {
            // A character literal ('a', '\n', '\u{..}', '"'), or a lifetime ('a, 'static).
            if chars.get(i + 1) == Some(&'\\') {
                i = (i + 3..chars.len())
                    .find(|&k| chars[k] == '\'')
                    .map_or(chars.len(), |k| k + 1);
                out.push(' ');
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
                out.push(' ');
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The index after the closing quote of a string whose body starts at `i`.
fn skip_string(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '"' => return i + 1,
            _ => i += 1,
        }
    }
    chars.len()
}

/// The index after the closing `"###` of a raw string whose body starts at `i`.
fn skip_raw_string(chars: &[char], mut i: usize, hashes: usize) -> usize {
    while i < chars.len() {
        if chars[i] == '"'
            && chars[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&h| h == '#')
                .count()
                == hashes
        {
            return i + 1 + hashes;
        }
        i += 1;
    }
    chars.len()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    use super::super::manifest::parse_manifest;
    use super::*;

    const MANIFEST: &str = r#"
[package]
name = "demo"

[dependencies]
bytes = "1"
webpki = { package = "rustls-webpki", version = "0.103" }
rustls-pki-types = "1"

[dev-dependencies]
hex = "0.4"

[build-dependencies]
cc = "1"
"#;

    fn problems(sources: &Sources, feature_only: &[(&str, &str, DepKind, &str)]) -> Vec<String> {
        let (name, krate) = parse_manifest(MANIFEST, PathBuf::from("demo"), &BTreeMap::new());
        let mut problems = Vec::new();
        check(
            name.as_deref().unwrap_or("?"),
            &krate,
            sources,
            feature_only,
            &mut problems,
        );
        problems
    }

    fn sources(lib: &str, tests: &str, build: &str) -> Sources {
        Sources {
            lib: vec![strip(lib)],
            tests: vec![strip(tests)],
            build: vec![strip(build)],
        }
    }

    const LIB: &str =
        "use bytes::Bytes;\nfn f(c: &webpki::EndEntityCert<'_>) {}\nuse rustls_pki_types as pki;\n";

    #[test]
    fn used_dependencies_pass() {
        let all = sources(
            LIB,
            "#[test] fn t() { hex::decode(\"00\").unwrap(); }",
            "extern crate cc;",
        );
        assert_eq!(problems(&all, &[]), Vec::<String>::new());
    }

    #[test]
    fn an_unused_dependency_of_each_kind_is_flagged() {
        let none = sources("fn main() {}", "", "fn main() {}");
        let found = problems(&none, &[]);
        assert_eq!(found.len(), 5, "{found:?}");
        for key in ["bytes", "webpki", "rustls-pki-types", "hex", "cc"] {
            assert!(
                found
                    .iter()
                    .any(|p| p.contains(&format!("`{key}` is unused"))),
                "{key}: {found:?}"
            );
        }
    }

    #[test]
    fn a_dev_dependency_counts_in_src_but_a_normal_one_not_in_tests() {
        let lib = "use bytes::Bytes;\nuse webpki::EndEntityCert;\n#[cfg(test)] mod t { use hex; }";
        let tests = "use rustls_pki_types::CertificateDer;";
        let found = problems(&sources(lib, tests, "use cc;"), &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("[dependencies] `rustls-pki-types` is unused"));
    }

    #[test]
    fn a_renamed_dependency_is_named_by_its_key() {
        let lib = "use bytes::Bytes;\nuse rustls_webpki::EndEntityCert;\nuse rustls_pki_types;";
        let found = problems(
            &sources(lib, "hex::encode(b\"\");", "cc::Build::new();"),
            &[],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("`webpki` is unused"));
    }

    #[test]
    fn mentions_in_strings_comments_and_other_paths_do_not_count() {
        let lib = r##"
            // use bytes::Bytes;
            /* webpki::EndEntityCert */
            const A: &str = "rustls_pki_types::CertificateDer";
            const B: &str = r#"hex::decode"#;
            use crate::cc::Build;
            fn f() { self.bytes::<u8>(); let webpki = 1; let _ = webpki; }
        "##;
        let found = problems(
            &sources(lib, "let hex = 'x';", "mod x { use super::cc; }"),
            &[],
        );
        assert_eq!(found.len(), 5, "{found:?}");
    }

    #[test]
    fn doc_comments_count() {
        let lib = "//! ```\n//! use bytes::Bytes;\n//! ```\n/// See [`EndEntityCert`](webpki::EndEntityCert).\n/** [`rustls_pki_types::CertificateDer`] */\nfn f() {}";
        let found = problems(&sources(lib, "use ::hex;", "extern crate cc as c;"), &[]);
        assert_eq!(found, Vec::<String>::new());
    }

    #[test]
    fn the_feature_only_list_allows_and_must_stay_true() {
        let used_but_cc = sources(LIB, "use hex;", "");
        let why = "turns on a feature";
        assert_eq!(
            problems(&used_but_cc, &[("demo", "cc", DepKind::Build, why)]),
            Vec::<String>::new()
        );
        // Listed under the wrong table: still flagged.
        assert_eq!(
            problems(&used_but_cc, &[("demo", "cc", DepKind::Normal, why)]).len(),
            2
        );
        // A listed dependency that is used, and one the manifest lacks.
        let all = sources(LIB, "use hex;", "use cc;");
        let found = problems(
            &all,
            &[
                ("demo", "cc", DepKind::Build, why),
                ("demo", "gone", DepKind::Normal, why),
                ("other", "gone", DepKind::Normal, why),
            ],
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("`cc` is used"));
        assert!(found[1].contains("`gone`, which the manifest does not have"));
    }

    #[test]
    fn literals_and_lifetimes_are_told_apart() {
        let code = strip(
            "fn f<'a>(x: &'a str) -> char { let q = '\"'; let e = '\\''; bytes::x(); '\\u{1F600}' }",
        );
        assert!(names(&code, "bytes"), "{code}");
        let code = strip("let s = b\"bytes::x\"; let r = br##\"a\"# bytes::y\"##; hex::z()");
        assert!(!names(&code, "bytes"), "{code}");
        assert!(names(&code, "hex"), "{code}");
    }
}
