//! Cipher-suite and group names as people type them: the IANA names and OpenSSL's, in lists
//! separated by `:` or `,`, matched without regard to ASCII case.

use stratls::codec::{CipherSuite, NamedGroup};

use crate::error::CliError;

/// One cipher suite: its code point, IANA name and OpenSSL name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SuiteName {
    /// The IANA code point.
    pub id: u16,
    /// The IANA name.
    pub iana: &'static str,
    /// The name OpenSSL uses (the IANA name for the TLS 1.3 suites).
    pub openssl: &'static str,
}

/// The cipher suites of the default provider, TLS 1.3 first.
pub const SUITES: &[SuiteName] = &[
    suite(0x1301, "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256"),
    suite(0x1302, "TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384"),
    suite(
        0x1303,
        "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_CHACHA20_POLY1305_SHA256",
    ),
    suite(
        0xc02b,
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "ECDHE-ECDSA-AES128-GCM-SHA256",
    ),
    suite(
        0xc02c,
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "ECDHE-ECDSA-AES256-GCM-SHA384",
    ),
    suite(
        0xcca9,
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "ECDHE-ECDSA-CHACHA20-POLY1305",
    ),
    suite(
        0xc02f,
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "ECDHE-RSA-AES128-GCM-SHA256",
    ),
    suite(
        0xc030,
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384",
    ),
    suite(
        0xcca8,
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        "ECDHE-RSA-CHACHA20-POLY1305",
    ),
    suite(
        0x009c,
        "TLS_RSA_WITH_AES_128_GCM_SHA256",
        "AES128-GCM-SHA256",
    ),
    suite(
        0x009d,
        "TLS_RSA_WITH_AES_256_GCM_SHA384",
        "AES256-GCM-SHA384",
    ),
];

const fn suite(id: u16, iana: &'static str, openssl: &'static str) -> SuiteName {
    SuiteName { id, iana, openssl }
}

/// One key-exchange group: its code point and every accepted spelling (the first is the one
/// printed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupName {
    /// The IANA code point.
    pub id: u16,
    /// The accepted names, the IANA one first.
    pub names: &'static [&'static str],
}

/// The key-exchange groups of the default provider.
pub const GROUPS: &[GroupName] = &[
    GroupName {
        id: 0x001d,
        names: &["x25519"],
    },
    GroupName {
        id: 0x0017,
        names: &["secp256r1", "P-256", "prime256v1"],
    },
];

/// Parses a list of cipher-suite names (IANA or OpenSSL) into code points, in order, without
/// repeats.
pub fn parse_suites(list: &str) -> Result<Vec<u16>, CliError> {
    parse_list(list, "cipher suite", |name| {
        SUITES
            .iter()
            .find(|s| s.iana.eq_ignore_ascii_case(name) || s.openssl.eq_ignore_ascii_case(name))
            .map(|s| s.id)
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
        names.push(s.iana);
        if s.openssl != s.iana {
            names.push(s.openssl);
        }
    }
    names
}

/// Parses a list of group names into code points, in order, without repeats.
pub fn parse_groups(list: &str) -> Result<Vec<u16>, CliError> {
    parse_list(list, "group", |name| {
        GROUPS
            .iter()
            .find(|g| g.names.iter().any(|n| n.eq_ignore_ascii_case(name)))
            .map(|g| g.id)
            .ok_or_else(|| CliError::UnknownName {
                kind: "group",
                name: name.to_string(),
                known: GROUPS
                    .iter()
                    .flat_map(|g| g.names.iter().copied())
                    .collect(),
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

fn parse_list(
    list: &str,
    kind: &'static str,
    one: impl Fn(&str) -> Result<u16, CliError>,
) -> Result<Vec<u16>, CliError> {
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
