//! The Mozilla root program's roots in one call (feature `webpki-roots`, through the
//! webpki-roots crate, which compiles them in).

use stratls_pki::RootStore;

/// A [`RootStore`] of every root of the webpki-roots crate: the roots Mozilla trusts for
/// TLS servers, compiled into the program, the same on every platform. All of them have a key
/// type the default store takes ([`RootStore::new`]); with a provider that verifies fewer key
/// types, build the store with [`RootStore::for_provider`] and
/// [`RootStore::add_trust_anchors`] instead.
///
/// ```
/// let config = stratls::client_config()
///     .with_root_certificates(stratls::webpki_roots())
///     .with_no_client_auth()
///     .build()?;
/// # Ok::<(), stratls::ConfigError>(())
/// ```
pub fn webpki_roots() -> RootStore {
    let mut store = RootStore::new();
    store.add_trust_anchors(::webpki_roots::TLS_SERVER_ROOTS);
    store
}
