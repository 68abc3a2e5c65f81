//! The committed test certificate tree, `tests/certs` (made by `cargo xtask certs`): a root CA
//! (`ca.pem`), an intermediate, and end-entity certificates with their keys, by name:
//! `server-rsa`, `server-ecdsa`, `server-ed25519`, `client-rsa`, `client-ecdsa`,
//! `client-ed25519`, and the failing ones (`server-expired`, `server-untrusted`,
//! `server-rsa1024`, `client-rsa1024`, `server-p384`, ...).

use std::path::PathBuf;
use std::sync::Arc;

use stratls_handshake::CertifiedKey;
use stratls_pki::pem::{certificates_from_file, private_key_from_file};
use stratls_pki::{CertificateDer, PrivateKeyDer, RootStore};

/// The directory of the tree.
pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/certs")
}

/// The file `file` of the tree.
pub fn path(file: &str) -> PathBuf {
    dir().join(file)
}

/// The chain of `name`: `NAME.chain.pem` (end entity, then intermediate), or `NAME.pem` for a
/// certificate without one.
///
/// # Panics
///
/// If the file is missing or does not parse: the tree is part of the repository.
pub fn chain(name: &str) -> Vec<CertificateDer<'static>> {
    let chain = path(&format!("{name}.chain.pem"));
    let file = if chain.exists() {
        chain
    } else {
        path(&format!("{name}.pem"))
    };
    certificates_from_file(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// The private key of `name` (`NAME.key`).
pub fn key(name: &str) -> PrivateKeyDer<'static> {
    let file = path(&format!("{name}.key"));
    private_key_from_file(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// The chain of `name` and its key, loaded by the default provider.
pub fn certified(name: &str) -> Arc<CertifiedKey> {
    let key = key(name);
    let key = stratls_rustcrypto::PROVIDER
        .key_loader
        .load_private_key(&key)
        .expect("the test key loads");
    Arc::new(CertifiedKey {
        chain: chain(name),
        key,
    })
}

/// A root store holding the certificates of the PEM file `file` (`ca.pem`: the test root).
pub fn roots(file: &str) -> RootStore {
    let pem = std::fs::read(path(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let mut store = RootStore::new();
    store
        .add_pem(&pem)
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    store
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_loads() {
        for name in [
            "server-rsa",
            "server-ecdsa",
            "server-ed25519",
            "client-ecdsa",
        ] {
            let c = certified(name);
            assert_eq!(c.chain.len(), 2, "{name}: end entity and intermediate");
        }
        assert_eq!(
            chain("server-untrusted").len(),
            1,
            "no chain file: NAME.pem"
        );
        assert_eq!(roots("ca.pem").len(), 1);
    }
}
