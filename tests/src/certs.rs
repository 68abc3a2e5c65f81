//! The committed certificate tree (`tests/certs/`, made by `cargo xtask certs`): paths for
//! command-line peers and loaded values for in-process ones.

use std::path::PathBuf;

use stratls::{CertificateDer, PrivateKeyDer, RootStore};
use stratls::{certificates_from_file, private_key_from_file};

/// The directory holding the certificate tree.
pub fn certs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("certs")
}

/// The path of `file` in the certificate tree.
pub fn cert_path(file: &str) -> PathBuf {
    certs_dir().join(file)
}

/// The root CA certificate (PEM) that every server and client certificate chains to.
pub fn ca_path() -> PathBuf {
    cert_path("ca.pem")
}

/// The intermediate CA certificate (PEM) between the root and every end entity.
pub fn intermediate_path() -> PathBuf {
    cert_path("intermediate.pem")
}

/// The key type of an end-entity certificate of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// RSA 2048 (signs with RSA-PSS in TLS 1.3).
    Rsa,
    /// ECDSA P-256.
    Ecdsa,
    /// Ed25519.
    Ed25519,
    /// ECDSA P-384 (server certificate only; not in [`KeyKind::ALL`], whose matrices also
    /// have stratls verify it).
    EcdsaP384,
}

impl KeyKind {
    /// Every key type of the tree.
    pub const ALL: [Self; 3] = [Self::Rsa, Self::Ecdsa, Self::Ed25519];

    /// The name used in file names: `rsa`, `ecdsa`, `ed25519`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Rsa => "rsa",
            Self::Ecdsa => "ecdsa",
            Self::Ed25519 => "ed25519",
            Self::EcdsaP384 => "p384",
        }
    }

    /// The certificate's subject common name, as a peer prints it.
    pub fn server_subject(self) -> String {
        format!("stratls test server ({})", self.name())
    }

    /// The client certificate's subject common name, as a peer prints it.
    pub fn client_subject(self) -> String {
        format!("stratls test client ({})", self.name())
    }
}

/// One end entity of the tree: a server or a client certificate of some key type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    /// `server` or `client`.
    pub role: &'static str,
    /// The key type.
    pub kind: KeyKind,
}

impl Identity {
    /// The server certificate with a key of `kind` (names: localhost, 127.0.0.1).
    pub fn server(kind: KeyKind) -> Self {
        Self {
            role: "server",
            kind,
        }
    }

    /// The client certificate with a key of `kind`.
    pub fn client(kind: KeyKind) -> Self {
        Self {
            role: "client",
            kind,
        }
    }

    fn stem(self) -> String {
        format!("{}-{}", self.role, self.kind.name())
    }

    /// The end-entity certificate alone (PEM).
    pub fn cert_path(self) -> PathBuf {
        cert_path(&format!("{}.pem", self.stem()))
    }

    /// The end entity followed by the intermediate (PEM).
    pub fn chain_path(self) -> PathBuf {
        cert_path(&format!("{}.chain.pem", self.stem()))
    }

    /// The private key (PKCS#8 PEM).
    pub fn key_path(self) -> PathBuf {
        cert_path(&format!("{}.key", self.stem()))
    }

    /// The chain, end entity first, as DER.
    pub fn chain(self) -> Vec<CertificateDer<'static>> {
        let path = self.chain_path();
        certificates_from_file(&path).unwrap_or_else(|e| panic!("loading {}: {e}", path.display()))
    }

    /// The private key, as DER.
    pub fn key(self) -> PrivateKeyDer<'static> {
        let path = self.key_path();
        private_key_from_file(&path).unwrap_or_else(|e| panic!("loading {}: {e}", path.display()))
    }
}

/// A stratls root store holding the tree's root CA.
pub fn roots() -> RootStore {
    let path = ca_path();
    let pem = std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let mut roots = RootStore::new();
    roots
        .add_pem(&pem)
        .unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()));
    roots
}
