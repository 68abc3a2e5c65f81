//! What is measured: each case names the work (full handshakes or bulk transfer) and the exact
//! parameters both libraries are restricted to, so that they do the same job.

use std::path::PathBuf;

use stratls::codec::{CipherSuite, NamedGroup, ProtocolVersion};

/// The work a case measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// Full handshakes, each between a new client and a new server (handshakes per second).
    Handshake,
    /// Application data from client to server over one established pair (MB per second).
    Bulk,
}

/// The server certificate's key type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertKind {
    /// ECDSA P-256 (ecdsa_secp256r1_sha256).
    Ecdsa,
    /// RSA 2048 (rsa_pss_rsae_sha256 in TLS 1.3, rsa_pkcs1 or PSS in TLS 1.2).
    Rsa,
}

impl CertKind {
    /// The stem of the files in `tests/certs/`.
    fn stem(self) -> &'static str {
        match self {
            Self::Ecdsa => "server-ecdsa",
            Self::Rsa => "server-rsa",
        }
    }
}

/// One benchmark case.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    /// The name selected with `--case`.
    pub name: &'static str,
    /// What is measured.
    pub work: Work,
    /// The only version offered and accepted.
    pub version: ProtocolVersion,
    /// The only cipher suite offered and accepted.
    pub suite: CipherSuite,
    /// The only key-exchange group offered and accepted.
    pub group: NamedGroup,
    /// The server certificate (chain of end entity and intermediate).
    pub cert: CertKind,
}

/// Every case, in the order a run reports them.
pub const CASES: [Case; 6] = [
    Case {
        name: "handshake-tls13-ecdsa",
        work: Work::Handshake,
        version: ProtocolVersion::TLSv1_3,
        suite: CipherSuite::TLS13_AES_128_GCM_SHA256,
        group: NamedGroup::X25519,
        cert: CertKind::Ecdsa,
    },
    Case {
        name: "handshake-tls13-mlkem",
        work: Work::Handshake,
        version: ProtocolVersion::TLSv1_3,
        suite: CipherSuite::TLS13_AES_128_GCM_SHA256,
        group: NamedGroup::X25519MLKEM768,
        cert: CertKind::Ecdsa,
    },
    Case {
        name: "handshake-tls13-rsa",
        work: Work::Handshake,
        version: ProtocolVersion::TLSv1_3,
        suite: CipherSuite::TLS13_AES_128_GCM_SHA256,
        group: NamedGroup::X25519,
        cert: CertKind::Rsa,
    },
    Case {
        name: "handshake-tls12-ecdsa",
        work: Work::Handshake,
        version: ProtocolVersion::TLSv1_2,
        suite: CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        group: NamedGroup::X25519,
        cert: CertKind::Ecdsa,
    },
    Case {
        name: "bulk-tls13-aes128gcm",
        work: Work::Bulk,
        version: ProtocolVersion::TLSv1_3,
        suite: CipherSuite::TLS13_AES_128_GCM_SHA256,
        group: NamedGroup::X25519,
        cert: CertKind::Ecdsa,
    },
    Case {
        name: "bulk-tls13-chacha20",
        work: Work::Bulk,
        version: ProtocolVersion::TLSv1_3,
        suite: CipherSuite::TLS13_CHACHA20_POLY1305_SHA256,
        group: NamedGroup::X25519,
        cert: CertKind::Ecdsa,
    },
];

impl Case {
    /// Whether rustls (with its ring provider, which has no ML-KEM) can run the case; when it
    /// cannot, the case measures stratls against stratls with x25519 instead
    /// ([`Case::with_x25519`]).
    pub fn rustls_can(&self) -> bool {
        self.group != NamedGroup::X25519MLKEM768
    }

    /// The same case over x25519.
    pub fn with_x25519(&self) -> Case {
        Case {
            group: NamedGroup::X25519,
            ..*self
        }
    }

    /// A one-line description of the parameters.
    pub fn describe(&self) -> String {
        format!(
            "{:?} {:?} {:?} {:?} cert",
            self.version, self.suite, self.group, self.cert
        )
    }

    /// The server's certificate chain file (end entity, then intermediate).
    pub fn chain_path(&self) -> PathBuf {
        certs_dir().join(format!("{}.chain.pem", self.cert.stem()))
    }

    /// The server's private key file (PKCS#8).
    pub fn key_path(&self) -> PathBuf {
        certs_dir().join(format!("{}.key", self.cert.stem()))
    }
}

/// The root CA both clients trust.
pub fn ca_path() -> PathBuf {
    certs_dir().join("ca.pem")
}

/// The committed test certificate tree.
fn certs_dir() -> PathBuf {
    stratls_test_support::certs::dir()
}

/// The name the clients connect to (in the server certificates' subjectAltName).
pub const SERVER_NAME: &str = "localhost";
