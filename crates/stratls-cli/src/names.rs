//! Cipher-suite and group names as people type them: the IANA names and OpenSSL's, in lists
//! separated by `:` or `,`, matched without regard to ASCII case.

use stratls::codec::{CipherSuite, NamedGroup};

use crate::error::CliError;

/// One cipher suite: the suite, whose own name is the IANA one, and the name OpenSSL gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SuiteName {
    /// The suite.
    pub suite: CipherSuite,
    /// The name OpenSSL uses (the IANA name for the TLS 1.3 suites).
    pub openssl: &'static str,
}

impl SuiteName {
    /// The IANA name, from the code-point registry.
    pub fn iana(&self) -> &'static str {
        self.suite.rfc_name().unwrap_or_default()
    }
}

/// The cipher suites of the default provider, TLS 1.3 first.
pub const SUITES: &[SuiteName] = &[
    suite(
        CipherSuite::TLS13_AES_128_GCM_SHA256,
        "TLS_AES_128_GCM_SHA256",
    ),
    suite(
        CipherSuite::TLS13_AES_256_GCM_SHA384,
        "TLS_AES_256_GCM_SHA384",
    ),
    suite(
        CipherSuite::TLS13_CHACHA20_POLY1305_SHA256,
        "TLS_CHACHA20_POLY1305_SHA256",
    ),
    suite(
        CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        "ECDHE-ECDSA-AES128-GCM-SHA256",
    ),
    suite(
        CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        "ECDHE-ECDSA-AES256-GCM-SHA384",
    ),
    suite(
        CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        "ECDHE-ECDSA-CHACHA20-POLY1305",
    ),
    suite(
        CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        "ECDHE-RSA-AES128-GCM-SHA256",
    ),
    suite(
        CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        "ECDHE-RSA-AES256-GCM-SHA384",
    ),
    suite(
        CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        "ECDHE-RSA-CHACHA20-POLY1305",
    ),
    suite(
        CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
        "AES128-GCM-SHA256",
    ),
    suite(
        CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384,
        "AES256-GCM-SHA384",
    ),
];

const fn suite(suite: CipherSuite, openssl: &'static str) -> SuiteName {
    SuiteName { suite, openssl }
}

/// One key-exchange group: the group, whose own name is the IANA one, and the other spellings
/// people type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupName {
    /// The group.
    pub group: NamedGroup,
    /// Other accepted names (OpenSSL's and NIST's).
    pub aliases: &'static [&'static str],
}

impl GroupName {
    /// The IANA name, from the code-point registry.
    pub fn iana(&self) -> &'static str {
        self.group.rfc_name().unwrap_or_default()
    }

    /// Every accepted name, the IANA one first.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        core::iter::once(self.iana()).chain(self.aliases.iter().copied())
    }
}

/// The key-exchange groups of the default provider, in its order.
pub const GROUPS: &[GroupName] = &[
    GroupName {
        group: NamedGroup::X25519MLKEM768,
        aliases: &[],
    },
    GroupName {
        group: NamedGroup::X25519,
        aliases: &[],
    },
    GroupName {
        group: NamedGroup::Secp256r1,
        aliases: &["P-256", "prime256v1"],
    },
    GroupName {
        group: NamedGroup::Secp384r1,
        aliases: &["P-384"],
    },
];

/// Parses a list of cipher-suite names (IANA or OpenSSL) into suites, in order, without
/// repeats.
pub fn parse_suites(list: &str) -> Result<Vec<CipherSuite>, CliError> {
    parse_list(list, "cipher suite", |name| {
        SUITES
            .iter()
            .find(|s| s.iana().eq_ignore_ascii_case(name) || s.openssl.eq_ignore_ascii_case(name))
            .map(|s| s.suite)
            .ok_or_else(|| CliError::UnknownName {
                kind: "cipher suite",
                name: name.to_string(),
                known: known_suite_names(),
            })
    })
}

/// Every accepted cipher-suite spelling, IANA then OpenSSL, each once.
pub fn known_suite_names() -> Vec<&'static str> {
    let mut names = Vec::new();
    for s in SUITES {
        names.push(s.iana());
        if s.openssl != s.iana() {
            names.push(s.openssl);
        }
    }
    names
}

/// Parses a list of group names into groups, in order, without repeats.
pub fn parse_groups(list: &str) -> Result<Vec<NamedGroup>, CliError> {
    parse_list(list, "group", |name| {
        GROUPS
            .iter()
            .find(|g| g.names().any(|n| n.eq_ignore_ascii_case(name)))
            .map(|g| g.group)
            .ok_or_else(|| CliError::UnknownName {
                kind: "group",
                name: name.to_string(),
                known: GROUPS.iter().flat_map(GroupName::names).collect(),
            })
    })
}

/// Parses an ALPN list (`h2,http/1.1`) into protocol names.
pub fn parse_alpn(list: &str) -> Result<Vec<Vec<u8>>, CliError> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    for name in split(list) {
        if name.len() > 255 {
            return Err(CliError::Usage(format!(
                "ALPN protocol {name:?} is longer than 255 bytes"
            )));
        }
        if !out.iter().any(|p| p == name.as_bytes()) {
            out.push(name.as_bytes().to_vec());
        }
    }
    if out.is_empty() {
        return Err(CliError::Usage("empty ALPN list".into()));
    }
    Ok(out)
}

fn split(list: &str) -> impl Iterator<Item = &str> {
    list.split([':', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn parse_list<T: PartialEq>(
    list: &str,
    kind: &'static str,
    one: impl Fn(&str) -> Result<T, CliError>,
) -> Result<Vec<T>, CliError> {
    let mut out = Vec::new();
    for name in split(list) {
        let id = one(name)?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    if out.is_empty() {
        return Err(CliError::Usage(format!("empty {kind} list")));
    }
    Ok(out)
}

/// The IANA name of a cipher suite, or its code point in hex.
pub fn suite_name(suite: CipherSuite) -> String {
    match suite.rfc_name() {
        Some(name) => name.to_string(),
        None => format!("0x{:04x}", suite.to_u16()),
    }
}

/// The name of a group, or its code point in hex.
pub fn group_name(group: NamedGroup) -> String {
    match group.rfc_name() {
        Some(name) => name.to_string(),
        None => format!("0x{:04x}", group.to_u16()),
    }
}
