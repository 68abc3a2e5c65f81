//! A deliberately small reader of the `Cargo.toml` lines tidy needs: the package name, the
//! dependency entries of every kind (with `package = ` renames, dotted keys, table sections and
//! `[target.'cfg(..)'.*]` sections), the build script, and `[lints] workspace = true`.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// One workspace crate as its manifest describes it.
#[derive(Debug)]
pub struct Crate {
    pub dir: PathBuf,
    pub deps: Vec<Dep>,
    /// `[package] build = "..."`, when set.
    pub build: Option<String>,
    pub workspace_lints: bool,
}

/// Which table a dependency is listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DepKind {
    Normal,
    Dev,
    Build,
}

impl DepKind {
    pub fn table(self) -> &'static str {
        match self {
            Self::Normal => "[dependencies]",
            Self::Dev => "[dev-dependencies]",
            Self::Build => "[build-dependencies]",
        }
    }
}

/// One dependency entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dep {
    pub kind: DepKind,
    /// The manifest key.
    pub key: String,
    /// The package the entry names: the key unless `package = ` (here or in the workspace's
    /// `[workspace.dependencies]` entry) renames it.
    pub package: String,
    /// Whether `package = ` renamed it, which makes the key the name the code uses.
    pub renamed: bool,
}

impl Dep {
    /// The identifier the code names the dependency by: the key of a renamed dependency, else
    /// the package's library name; `-` becomes `_`.
    pub fn ident(&self) -> String {
        let name = if self.renamed {
            self.key.as_str()
        } else {
            LIB_NAMES
                .iter()
                .find(|(package, _)| *package == self.package)
                .map_or(self.package.as_str(), |(_, lib)| lib)
        };
        name.replace('-', "_")
    }
}

/// Packages whose library target has another name than the package (`[lib] name = ...` in
/// their own manifest), which tidy cannot see without reading the dependency's sources. A
/// dependency of this kind missing here shows up as unused: add it.
const LIB_NAMES: &[(&str, &str)] = &[("rustls-webpki", "webpki")];

/// The `package = ` renames of `[workspace.dependencies]`, which members inherit with
/// `workspace = true`: key → package.
pub fn workspace_renames(root_manifest: &str) -> BTreeMap<String, String> {
    let mut renames = BTreeMap::new();
    for entry in entries(root_manifest) {
        if entry.section == "workspace.dependencies"
            && let Some(package) = entry.package()
        {
            renames.insert(entry.dep.to_string(), package);
        } else if let Some(dep) = entry.section.strip_prefix("workspace.dependencies.")
            && entry.key == "package"
        {
            renames.insert(unquote(dep).to_string(), unquote(entry.value).to_string());
        }
    }
    renames
}

/// Reads a member's manifest. `renames` are the workspace's (see [`workspace_renames`]).
pub fn parse_manifest(
    manifest: &str,
    dir: PathBuf,
    renames: &BTreeMap<String, String>,
) -> (Option<String>, Crate) {
    let mut name = None;
    let mut krate = Crate {
        dir,
        deps: Vec::new(),
        build: None,
        workspace_lints: false,
    };
    // (kind, key) → (explicit package, inherited from the workspace)
    let mut found: BTreeMap<(DepKind, String), (Option<String>, bool)> = BTreeMap::new();
    for entry in entries(manifest) {
        match (entry.section, entry.key) {
            ("package", "name") => name = Some(unquote(entry.value).to_string()),
            ("package", "build") => krate.build = Some(unquote(entry.value).to_string()),
            ("lints", "workspace") => krate.workspace_lints = entry.value == "true",
            (section, _) => {
                let Some((kind, table_dep)) = dep_section(section) else {
                    continue;
                };
                // `[dependencies.foo]` holds foo's fields; `[dependencies]` holds one entry
                // per line, inline (`foo = {..}`) or dotted (`foo.workspace = true`).
                let (dep, field) = match table_dep {
                    Some(dep) => (dep, entry.key),
                    None => (entry.dep, entry.field),
                };
                let slot = found.entry((kind, dep.to_string())).or_default();
                match field {
                    "package" => slot.0 = Some(unquote(entry.value).to_string()),
                    "workspace" => slot.1 |= entry.value == "true",
                    "" => {
                        slot.0 = slot.0.take().or_else(|| entry.package());
                        slot.1 |= inline_field(entry.value, "workspace") == Some("true");
                    }
                    _ => {}
                }
            }
        }
    }
    for ((kind, key), (package, inherited)) in found {
        let package = package.or_else(|| inherited.then(|| renames.get(&key).cloned()).flatten());
        krate.deps.push(Dep {
            kind,
            renamed: package.is_some(),
            package: package.unwrap_or_else(|| key.clone()),
            key,
        });
    }
    (name, krate)
}

/// One `key = value` line of a manifest, with the section it is in.
struct Entry<'a> {
    section: &'a str,
    /// The whole key (`foo.workspace` for a dotted one).
    key: &'a str,
    /// The key's first part (`foo`).
    dep: &'a str,
    /// The rest of a dotted key (`workspace`), or "".
    field: &'a str,
    value: &'a str,
}

impl Entry<'_> {
    /// `package = "..."` of an inline-table value.
    fn package(&self) -> Option<String> {
        inline_field(self.value, "package").map(|p| unquote(p).to_string())
    }
}

fn entries(manifest: &str) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    let mut section = "";
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line.trim_matches(|c| c == '[' || c == ']').trim();
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim();
        let (dep, field) = key.split_once('.').unwrap_or((key, ""));
        out.push(Entry {
            section,
            key,
            dep: unquote(dep.trim()),
            field: field.trim(),
            value: value.trim(),
        });
    }
    out
}

/// The kind of a dependency section, and the dependency a `[dependencies.foo]` section is
/// about. `[target.'cfg(..)'.dependencies]` counts as its plain table.
fn dep_section(section: &str) -> Option<(DepKind, Option<&str>)> {
    let rest = match section.strip_prefix("target.") {
        Some(target) => {
            let end = match target.chars().next()? {
                q @ ('\'' | '"') => target[1..].find(q)? + 2,
                _ => target.find('.')?,
            };
            target[end..].strip_prefix('.')?
        }
        None => section,
    };
    let (table, dep) = match rest.split_once('.') {
        Some((table, dep)) => (table, Some(unquote(dep.trim()))),
        None => (rest, None),
    };
    let kind = match table.trim() {
        "dependencies" => DepKind::Normal,
        "dev-dependencies" => DepKind::Dev,
        "build-dependencies" => DepKind::Build,
        _ => return None,
    };
    Some((kind, dep))
}

/// The value of `field` in an inline table `{ a = 1, field = "x" }`, unparsed.
fn inline_field<'a>(value: &'a str, field: &str) -> Option<&'a str> {
    let body = value.strip_prefix('{')?.trim_end().strip_suffix('}')?;
    body.split(',').find_map(|part| {
        let (key, value) = part.split_once('=')?;
        (key.trim() == field).then(|| value.trim())
    })
}

fn unquote(s: &str) -> &str {
    s.trim().trim_matches(|c| c == '"' || c == '\'')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deps(manifest: &str, renames: &BTreeMap<String, String>) -> Vec<(DepKind, String, String)> {
        let (_, krate) = parse_manifest(manifest, PathBuf::from("x"), renames);
        krate
            .deps
            .iter()
            .map(|d| (d.kind, d.key.clone(), d.ident()))
            .collect()
    }

    #[test]
    fn every_form_of_entry_is_read() {
        let manifest = r#"
[package]
name = "demo"
build = "gen.rs"

[dependencies]
bytes = "1"
serde.workspace = true
serde.features = ["derive"]
webpki = { package = "rustls-webpki", version = "0.103" }
rustls-webpki = "0.103"
aliased.workspace = true

[dependencies.table-form]
version = "1"
package = "real-name"

[target.'cfg(unix)'.dev-dependencies]
libc = "0.2"

[build-dependencies]
cc = { version = "1" }
"#;
        let mut renames = BTreeMap::new();
        renames.insert("aliased".to_string(), "other-package".to_string());
        let (name, krate) = parse_manifest(manifest, PathBuf::from("x"), &renames);
        assert_eq!(name.as_deref(), Some("demo"));
        assert_eq!(krate.build.as_deref(), Some("gen.rs"));
        assert!(!krate.workspace_lints);
        let got = deps(manifest, &renames);
        let want = [
            (DepKind::Normal, "aliased", "aliased"),
            (DepKind::Normal, "bytes", "bytes"),
            (DepKind::Normal, "rustls-webpki", "webpki"),
            (DepKind::Normal, "serde", "serde"),
            (DepKind::Normal, "table-form", "table_form"),
            (DepKind::Normal, "webpki", "webpki"),
            (DepKind::Dev, "libc", "libc"),
            (DepKind::Build, "cc", "cc"),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|(k, key, ident)| (*k, key.to_string(), ident.to_string()))
            .collect();
        assert_eq!(got, want);
        let packages: Vec<_> = krate.deps.iter().map(|d| d.package.as_str()).collect();
        assert_eq!(
            packages,
            [
                "other-package",
                "bytes",
                "rustls-webpki",
                "serde",
                "real-name",
                "rustls-webpki",
                "libc",
                "cc"
            ]
        );
    }

    #[test]
    fn workspace_renames_are_read() {
        let root = "[workspace]\nmembers = []\n[workspace.dependencies]\nwebpki = { package = \"rustls-webpki\", version = \"0.103\" }\nbytes = \"1\"\n[workspace.dependencies.pki]\npackage = \"rustls-pki-types\"\n";
        let renames = workspace_renames(root);
        assert_eq!(renames.len(), 2, "{renames:?}");
        assert_eq!(renames["webpki"], "rustls-webpki");
        assert_eq!(renames["pki"], "rustls-pki-types");
    }
}
