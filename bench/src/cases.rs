//! What is measured: each case names the work (full or resumed handshakes, or bulk transfer)
//! and the exact parameters both libraries are restricted to, so that they do the same job.

use std::path::PathBuf;

use stratls::codec::{CipherSuite, NamedGroup, ProtocolVersion};

use crate::contender::Agreed;

/// The work a case measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// Full handshakes, each between a new client and a new server (handshakes per second).
    Handshake,
    /// Resumed handshakes, each between a new client and a new server of configurations that
    /// made one full handshake beforehand (handshakes per second).
    Resume(Resumption),
    /// Application data from client to server over one established pair (MB per second).
    Bulk,
}

impl Work {
    /// Whether the work is handshakes (full or resumed), measured in handshakes per second.
    pub fn is_handshake(self) -> bool {
        !matches!(self, Self::Bulk)
    }
}

/// How a handshake resumes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resumption {
    /// A TLS 1.3 session ticket's PSK (psk_dhe_ke): the server issues tickets after each
    /// handshake, the client uses each once.
    Tls13Ticket,
    /// A TLS 1.2 session ticket (RFC 5077); the server keeps no session.
    Tls12Ticket,
    /// A TLS 1.2 session ID the server keeps in its cache; it issues no ticket.
    Tls12SessionId,
}

/// The certificates: the server's chain and key, the client's (for client authentication)
/// and the root both verify against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertKind {
    /// ECDSA P-256 end entity under the ECDSA intermediate of the RSA test root.
    Ecdsa,
    /// RSA 2048 end entity under the same intermediate and root (rsa_pss_rsae_sha256 in TLS
    /// 1.3, PSS or PKCS#1 in TLS 1.2).
    Rsa,
    /// ECDSA P-256 throughout: root → intermediate → end entity (`tests/certs/bench`).
    EcdsaChain,
    /// RSA 2048 throughout: root → intermediate → end entity (`tests/certs/bench`).
    RsaChain,
}

impl CertKind {
    /// The file stem of the server's (`role` "server") or the client's certificate.
    fn stem(self, role: &str) -> String {
        match self {
            Self::Ecdsa => format!("{role}-ecdsa"),
            Self::Rsa => format!("{role}-rsa"),
            Self::EcdsaChain => format!("bench/ecdsa-{role}"),
            Self::RsaChain => format!("bench/rsa-{role}"),
        }
    }

    /// The root that issued the chains.
    fn root(self) -> &'static str {
        match self {
            Self::Ecdsa | Self::Rsa => "ca.pem",
            Self::EcdsaChain => "bench/ecdsa-root.pem",
            Self::RsaChain => "bench/rsa-root.pem",
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
    /// The certificates.
    pub cert: CertKind,
    /// Whether the server requires a client certificate (verified against the case's root).
    pub client_auth: bool,
}

const TLS13: ProtocolVersion = ProtocolVersion::TLSv1_3;
const TLS12: ProtocolVersion = ProtocolVersion::TLSv1_2;
const AES128: CipherSuite = CipherSuite::TLS13_AES_128_GCM_SHA256;
const ECDHE_ECDSA: CipherSuite = CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
const ECDHE_RSA: CipherSuite = CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256;
const X25519: NamedGroup = NamedGroup::X25519;

/// A case over x25519 without client authentication.
const fn case(
    name: &'static str,
    work: Work,
    version: ProtocolVersion,
    suite: CipherSuite,
    cert: CertKind,
) -> Case {
    Case {
        name,
        work,
        version,
        suite,
        group: X25519,
        cert,
        client_auth: false,
    }
}

/// The same case with client authentication, named `name`.
const fn mutual(name: &'static str, case: Case) -> Case {
    Case {
        name,
        client_auth: true,
        ..case
    }
}

const HS: Work = Work::Handshake;
const BULK: Work = Work::Bulk;
const TLS13_ECDSA3: Case = case(
    "handshake-tls13-ecdsa-chain3",
    HS,
    TLS13,
    AES128,
    CertKind::EcdsaChain,
);
const TLS13_RSA3: Case = case(
    "handshake-tls13-rsa-chain3",
    HS,
    TLS13,
    AES128,
    CertKind::RsaChain,
);
const TLS12_ECDSA3: Case = case(
    "handshake-tls12-ecdsa-chain3",
    HS,
    TLS12,
    ECDHE_ECDSA,
    CertKind::EcdsaChain,
);
const TLS12_RSA3: Case = case(
    "handshake-tls12-rsa-chain3",
    HS,
    TLS12,
    ECDHE_RSA,
    CertKind::RsaChain,
);

/// Every case, in the order a run reports them.
pub const CASES: [Case; 19] = [
    case("handshake-tls13-ecdsa", HS, TLS13, AES128, CertKind::Ecdsa),
    Case {
        group: NamedGroup::X25519MLKEM768,
        ..case("handshake-tls13-mlkem", HS, TLS13, AES128, CertKind::Ecdsa)
    },
    case("handshake-tls13-rsa", HS, TLS13, AES128, CertKind::Rsa),
    case(
        "handshake-tls12-ecdsa",
        HS,
        TLS12,
        ECDHE_ECDSA,
        CertKind::Ecdsa,
    ),
    TLS13_ECDSA3,
    TLS13_RSA3,
    TLS12_ECDSA3,
    TLS12_RSA3,
    mutual("handshake-tls13-ecdsa-chain3-mtls", TLS13_ECDSA3),
    mutual("handshake-tls13-rsa-chain3-mtls", TLS13_RSA3),
    mutual("handshake-tls12-ecdsa-chain3-mtls", TLS12_ECDSA3),
    mutual("handshake-tls12-rsa-chain3-mtls", TLS12_RSA3),
    case(
        "resume-tls13-ticket",
        Work::Resume(Resumption::Tls13Ticket),
        TLS13,
        AES128,
        CertKind::Ecdsa,
    ),
    case(
        "resume-tls12-ticket",
        Work::Resume(Resumption::Tls12Ticket),
        TLS12,
        ECDHE_ECDSA,
        CertKind::Ecdsa,
    ),
    case(
        "resume-tls12-session-id",
        Work::Resume(Resumption::Tls12SessionId),
        TLS12,
        ECDHE_ECDSA,
        CertKind::Ecdsa,
    ),
    case("bulk-tls13-aes128gcm", BULK, TLS13, AES128, CertKind::Ecdsa),
    case(
        "bulk-tls13-aes256gcm",
        BULK,
        TLS13,
        CipherSuite::TLS13_AES_256_GCM_SHA384,
        CertKind::Ecdsa,
    ),
    case(
        "bulk-tls13-chacha20",
        BULK,
        TLS13,
        CipherSuite::TLS13_CHACHA20_POLY1305_SHA256,
        CertKind::Ecdsa,
    ),
    case(
        "bulk-tls12-ecdsa-aes128gcm",
        BULK,
        TLS12,
        ECDHE_ECDSA,
        CertKind::Ecdsa,
    ),
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

    /// The resumption the case measures, if it measures one.
    pub fn resumption(&self) -> Option<Resumption> {
        match self.work {
            Work::Resume(how) => Some(how),
            _ => None,
        }
    }

    /// What a handshake of the case must agree on. A TLS 1.2 resumption exchanges no key: it
    /// has no group.
    pub fn agreed(&self) -> Agreed {
        let tls12_resumed = self.resumption().is_some() && self.version == ProtocolVersion::TLSv1_2;
        Agreed {
            version: Some(self.version.to_u16()),
            suite: Some(self.suite.to_u16()),
            group: (!tls12_resumed).then(|| self.group.to_u16()),
            resumed: self.resumption().is_some(),
            client_cert: self.client_auth,
        }
    }

    /// A one-line description of the parameters.
    pub fn describe(&self) -> String {
        let resumed = match self.resumption() {
            Some(how) => format!(", resumed by {how:?}"),
            None => String::new(),
        };
        let auth = if self.client_auth {
            ", client certificate"
        } else {
            ""
        };
        format!(
            "{:?} {:?} {:?} {:?} cert{auth}{resumed}",
            self.version, self.suite, self.group, self.cert
        )
    }

    /// The server's certificate chain file (end entity, then intermediate).
    pub fn chain_path(&self) -> PathBuf {
        certs_dir().join(format!("{}.chain.pem", self.cert.stem("server")))
    }

    /// The server's private key file (PKCS#8).
    pub fn key_path(&self) -> PathBuf {
        certs_dir().join(format!("{}.key", self.cert.stem("server")))
    }

    /// The client's certificate chain file (end entity, then intermediate).
    pub fn client_chain_path(&self) -> PathBuf {
        certs_dir().join(format!("{}.chain.pem", self.cert.stem("client")))
    }

    /// The client's private key file (PKCS#8).
    pub fn client_key_path(&self) -> PathBuf {
        certs_dir().join(format!("{}.key", self.cert.stem("client")))
    }

    /// The root both sides trust.
    pub fn ca_path(&self) -> PathBuf {
        certs_dir().join(self.cert.root())
    }
}

/// The committed test certificate tree.
fn certs_dir() -> PathBuf {
    stratls_test_support::certs::dir()
}

/// The name the clients connect to (in the server certificates' subjectAltName).
pub const SERVER_NAME: &str = "localhost";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contender::check;
    use crate::rustls_side::Rustls;
    use crate::stratls_side::Stratls;

    /// Each library and provider does every case's work: the version, suite and group, the
    /// resumption and the client certificate the case names, and data arrives intact.
    #[test]
    fn every_case_does_its_work() {
        for case in &CASES {
            for provider in [stratls::ring_provider(), stratls::default_provider()] {
                let s = Stratls::with_provider(case, provider, "stratls")
                    .unwrap_or_else(|e| panic!("{}: {e}", case.name));
                check(&s, case.agreed()).unwrap_or_else(|e| panic!("{}: {e}", case.name));
            }
            if case.rustls_can() {
                let r = Rustls::new(case).unwrap_or_else(|e| panic!("{}: {e}", case.name));
                check(&r, case.agreed()).unwrap_or_else(|e| panic!("{}: {e}", case.name));
            }
        }
    }

    #[test]
    fn a_resumption_case_refuses_a_full_handshake() {
        let case = CASES
            .iter()
            .find(|c| c.name == "resume-tls13-ticket")
            .expect("the case");
        let s = Stratls::new(case).expect("config");
        let mut server = (*s.server).clone();
        server.ticketer = None;
        let s = Stratls {
            server: std::sync::Arc::new(server),
            ..s
        };
        let clock = &mut crate::contender::Clock::default();
        let err = crate::contender::Contender::handshake(&s, clock).expect_err("a full handshake");
        assert!(err.contains("did not resume"), "{err}");
    }

    #[test]
    fn names_are_unique_and_files_exist() {
        for (i, case) in CASES.iter().enumerate() {
            assert!(
                CASES[..i].iter().all(|c| c.name != case.name),
                "{} twice",
                case.name
            );
            for path in [case.chain_path(), case.key_path(), case.ca_path()] {
                assert!(path.exists(), "{}: {} missing", case.name, path.display());
            }
            if case.client_auth {
                for path in [case.client_chain_path(), case.client_key_path()] {
                    assert!(path.exists(), "{}: {} missing", case.name, path.display());
                }
            }
        }
    }
}
