//! The TLS 1.3 and TLS 1.2 parameters the interop matrix runs through, with the names each
//! peer uses.

use stratls::codec::{CipherSuite, NamedGroup};

use crate::certs::KeyKind;

/// A TLS 1.3 cipher suite: its code point and its RFC name (which OpenSSL's
/// `-ciphersuites` also takes).
#[derive(Debug, Clone, Copy)]
pub struct Suite {
    /// The code point.
    pub suite: CipherSuite,
    /// The RFC 8446 name, e.g. `TLS_AES_128_GCM_SHA256`.
    pub name: &'static str,
}

/// The three TLS 1.3 suites stratls implements.
pub const TLS13_SUITES: [Suite; 3] = [
    Suite {
        suite: CipherSuite::TLS13_AES_128_GCM_SHA256,
        name: "TLS_AES_128_GCM_SHA256",
    },
    Suite {
        suite: CipherSuite::TLS13_AES_256_GCM_SHA384,
        name: "TLS_AES_256_GCM_SHA384",
    },
    Suite {
        suite: CipherSuite::TLS13_CHACHA20_POLY1305_SHA256,
        name: "TLS_CHACHA20_POLY1305_SHA256",
    },
];

/// A key-exchange group: its code point and OpenSSL's name for it (`-groups`).
#[derive(Debug, Clone, Copy)]
pub struct Group {
    /// The code point.
    pub group: NamedGroup,
    /// OpenSSL's name, e.g. `X25519`, `P-256`.
    pub openssl: &'static str,
    /// GnuTLS's priority keyword, e.g. `GROUP-X25519`.
    pub gnutls: &'static str,
}

/// x25519.
pub const X25519: Group = Group {
    group: NamedGroup::X25519,
    openssl: "X25519",
    gnutls: "GROUP-X25519",
};

/// secp256r1 (P-256).
pub const SECP256R1: Group = Group {
    group: NamedGroup::Secp256r1,
    openssl: "P-256",
    gnutls: "GROUP-SECP256R1",
};

/// secp384r1 (P-384).
pub const SECP384R1: Group = Group {
    group: NamedGroup::Secp384r1,
    openssl: "P-384",
    gnutls: "GROUP-SECP384R1",
};

/// The elliptic-curve groups stratls implements, which every peer here has too (the hybrid
/// X25519MLKEM768 is tried against rustls with aws-lc-rs, `tests/pq`, since OpenSSL 3.0 and
/// GnuTLS 3.7 predate it).
pub const GROUPS: [Group; 3] = [X25519, SECP256R1, SECP384R1];

/// [`GROUPS`] as an OpenSSL `-groups` list.
pub fn openssl_groups() -> String {
    GROUPS.map(|g| g.openssl).join(":")
}

/// A TLS 1.2 cipher suite: its code point, its name at each peer, and the server key type it
/// needs.
#[derive(Debug, Clone, Copy)]
pub struct Suite12 {
    /// The code point.
    pub suite: CipherSuite,
    /// The IANA name, e.g. `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`.
    pub name: &'static str,
    /// OpenSSL's name (`-cipher`), e.g. `ECDHE-RSA-AES128-GCM-SHA256`.
    pub openssl: &'static str,
    /// GnuTLS's key-exchange keyword, e.g. `ECDHE-RSA`.
    pub gnutls_kx: &'static str,
    /// GnuTLS's cipher keyword, e.g. `AES-128-GCM`.
    pub gnutls_cipher: &'static str,
    /// The key type of the server certificate the suite signs (ECDHE) or encrypts (RSA) with.
    pub cert: KeyKind,
}

const fn suite12(
    suite: CipherSuite,
    name: &'static str,
    openssl: &'static str,
    gnutls_kx: &'static str,
    gnutls_cipher: &'static str,
    cert: KeyKind,
) -> Suite12 {
    Suite12 {
        suite,
        name,
        openssl,
        gnutls_kx,
        gnutls_cipher,
        cert,
    }
}

/// The six TLS 1.2 ECDHE suites of the default provider.
pub const TLS12_ECDHE_SUITES: [Suite12; 6] = [
    suite12(
        CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA",
        "AES-128-GCM",
        KeyKind::Ecdsa,
    ),
    suite12(
        CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA",
        "AES-256-GCM",
        KeyKind::Ecdsa,
    ),
    suite12(
        CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "ECDHE-ECDSA-CHACHA20-POLY1305",
        "ECDHE-ECDSA",
        "CHACHA20-POLY1305",
        KeyKind::Ecdsa,
    ),
    suite12(
        CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-RSA",
        "AES-128-GCM",
        KeyKind::Rsa,
    ),
    suite12(
        CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-RSA",
        "AES-256-GCM",
        KeyKind::Rsa,
    ),
    suite12(
        CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        "ECDHE-RSA-CHACHA20-POLY1305",
        "ECDHE-RSA",
        "CHACHA20-POLY1305",
        KeyKind::Rsa,
    ),
];

/// The two TLS 1.2 RSA key-exchange suites, which stratls offers or accepts only with its
/// dangerous switch and a provider that lists them ([`crate::config::rsa_kx_provider`]).
pub const TLS12_RSA_KX_SUITES: [Suite12; 2] = [
    suite12(
        CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
        "TLS_RSA_WITH_AES_128_GCM_SHA256",
        "AES128-GCM-SHA256",
        "RSA",
        "AES-128-GCM",
        KeyKind::Rsa,
    ),
    suite12(
        CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384,
        "TLS_RSA_WITH_AES_256_GCM_SHA384",
        "AES256-GCM-SHA384",
        "RSA",
        "AES-256-GCM",
        KeyKind::Rsa,
    ),
];
