//! The platform's trust store in one call (feature `native-roots`, through
//! rustls-native-certs).

use stratls_crypto::CryptoProvider;
use stratls_pki::{RootStore, RootsAdded};

/// The platform's roots, loaded, with what was found and left out.
#[derive(Debug, Clone)]
pub struct NativeRoots {
    /// The usable roots.
    pub store: RootStore,
    /// How many certificates were added; each one skipped with its position among the
    /// platform's certificates and why (unparsable, or a key no certificate verifier takes).
    pub added: RootsAdded,
    /// Errors met while reading the platform's sources (an unreadable file or directory);
    /// certificates from the other sources are still loaded.
    pub load_errors: Vec<String>,
}

/// Loads the platform's trust store (on Unix the files and directories named by
/// `SSL_CERT_FILE` / `SSL_CERT_DIR` when set, else the distribution's bundle; the system
/// keychain on macOS; the system store on Windows) into a [`RootStore`] for the default
/// key types ([`RootStore::new`]). Certificates that cannot serve as anchors are reported in
/// [`NativeRoots::added`], not silently kept; an empty [`NativeRoots::store`] is the caller's
/// to refuse (a config build does).
pub fn native_roots() -> NativeRoots {
    load(RootStore::new())
}

/// As [`native_roots`], keeping only the roots whose key `provider`'s certificate signature
/// verifiers take ([`RootStore::for_provider`]).
pub fn native_roots_for(provider: &CryptoProvider) -> NativeRoots {
    load(RootStore::for_provider(provider))
}

fn load(mut store: RootStore) -> NativeRoots {
    let found = rustls_native_certs::load_native_certs();
    let added = store.add_parsable_certificates(found.certs);
    NativeRoots {
        store,
        added,
        load_errors: found.errors.iter().map(ToString::to_string).collect(),
    }
}
