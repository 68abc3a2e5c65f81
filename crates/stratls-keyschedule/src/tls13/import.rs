//! Importing an external PSK for TLS 1.3 (RFC 9258 §5.1): the imported key `ipskx` derived
//! from the external key and the serialized `ImportedIdentity` it is sent under.

use stratls_crypto::{Hash, Hkdf, Secret};

use super::hkdf_label::hkdf_expand_label;
use crate::error::Error;

/// The imported PSK of RFC 9258 §5.1:
///
/// ```text
/// epskx = HKDF-Extract(0, epsk)
/// ipskx = HKDF-Expand-Label(epskx, "derived psk", Hash(ImportedIdentity), L)
/// ```
///
/// `hkdf` and `hash` are those of the external PSK (SHA-256 when it has none of its own, as
/// the RFC says), not of the target KDF; `imported_identity` is the serialized
/// `ImportedIdentity`; `len` (L) is the output length of the target KDF's hash. The result is
/// used with the binder label `"imp binder"` ([`PskKind::Imported`](super::PskKind::Imported)).
pub fn import_external_psk(
    hkdf: &dyn Hkdf,
    hash: &dyn Hash,
    epsk: &[u8],
    imported_identity: &[u8],
    len: usize,
) -> Result<Secret, Error> {
    if hkdf.hash_algorithm() != hash.algorithm() {
        return Err(Error::SuiteMismatch);
    }
    // "0" is the salt of HashLen zeros, what an absent salt means.
    let epskx = hkdf.extract(None, epsk);
    let context = hash.hash(imported_identity);
    hkdf_expand_label(
        hkdf,
        epskx.as_bytes(),
        b"derived psk",
        context.as_bytes(),
        len,
    )
}
