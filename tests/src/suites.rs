//! The TLS 1.3 parameters the interop matrix runs through, with the names each peer uses.

use stratls::codec::{CipherSuite, NamedGroup};

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
}

/// x25519.
pub const X25519: Group = Group {
    group: NamedGroup::X25519,
    openssl: "X25519",
};

/// secp256r1 (P-256).
pub const SECP256R1: Group = Group {
    group: NamedGroup::Secp256r1,
    openssl: "P-256",
};

/// The two groups stratls implements.
pub const GROUPS: [Group; 2] = [X25519, SECP256R1];
