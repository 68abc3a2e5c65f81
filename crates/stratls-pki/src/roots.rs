//! The trust store: anchors from certificates (DER or PEM) or from `TrustAnchor`s (such as
//! webpki-roots'), each checked, when it is added, for a key the provider's certificate
//! verifiers take.

use rustls_pki_types::{CertificateDer, TrustAnchor};
use stratls_crypto::{CertSignatureAlgorithm, CryptoProvider, SignatureAlgorithm};

use crate::algs::key_family;
use crate::error::PkiError;
use crate::spki::spki_contents_parts;

/// Trust anchors: the roots a chain must lead to.
///
/// A store knows which key types can sign a certificate (the families of a provider's
/// certificate verifiers, [`RootStore::for_provider`]; every family stratls-pki names for
/// [`RootStore::new`]). A root whose key is of another type could never anchor a chain: adding
/// it fails with [`PkiError::UnsupportedKey`] (and the bulk calls report it as skipped), so it
/// is never silently kept.
///
/// Anchors added as certificates keep their DER: a server that presents exactly such a
/// certificate is accepted by the explicitly-trusted rule of
/// [`WebPkiVerifier::verify_server`](crate::WebPkiVerifier::verify_server).
#[derive(Debug, Clone)]
pub struct RootStore {
    anchors: Vec<TrustAnchor<'static>>,
    certificates: Vec<CertificateDer<'static>>,
    families: Vec<SignatureAlgorithm>,
}

/// What a bulk addition took and what it skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RootsAdded {
    /// How many anchors were added.
    pub added: usize,
    /// Each one not added: its position in the input and why.
    pub skipped: Vec<(usize, PkiError)>,
}

impl Default for RootStore {
    fn default() -> Self {
        Self::new()
    }
}

impl RootStore {
    /// An empty store that takes roots with any key type stratls-pki can name (RSA,
    /// id-RSASSA-PSS, ECDSA P-256/P-384/P-521, Ed25519). Use [`RootStore::for_provider`] to
    /// take only the roots a given provider can verify with.
    pub fn new() -> Self {
        Self::with_families(CertSignatureAlgorithm::ALL.iter().map(|a| a.key()))
    }

    /// An empty store that takes roots whose key one of `provider`'s certificate signature
    /// verifiers takes.
    pub fn for_provider(provider: &CryptoProvider) -> Self {
        Self::with_families(
            provider
                .cert_signature_verifiers
                .iter()
                .map(|v| v.algorithm().key()),
        )
    }

    fn with_families(families: impl Iterator<Item = SignatureAlgorithm>) -> Self {
        let mut list: Vec<SignatureAlgorithm> = Vec::new();
        for f in families {
            if !list.contains(&f) {
                list.push(f);
            }
        }
        Self {
            anchors: Vec::new(),
            certificates: Vec::new(),
            families: list,
        }
    }

    /// Adds a root certificate (DER). The certificate is parsed only as far as a trust anchor
    /// needs (subject, public key, name constraints); its own signature and validity are not
    /// checked, as is usual for trust anchors. Fails with [`PkiError::UnsupportedKey`] for a
    /// root whose key this store's key types do not include, and with a parse error for a
    /// certificate that does not parse; the store is unchanged then.
    pub fn add(&mut self, root: &CertificateDer<'_>) -> Result<(), PkiError> {
        let anchor = webpki::anchor_from_trusted_cert(root).map_err(PkiError::from)?;
        self.check_key(&anchor)?;
        self.anchors.push(anchor.to_owned());
        self.certificates.push(root.clone().into_owned());
        Ok(())
    }

    /// Adds every certificate of a PEM text; returns how many were added. Stops at the first
    /// certificate that [`RootStore::add`] refuses, and returns its error.
    pub fn add_pem(&mut self, pem: &[u8]) -> Result<usize, PkiError> {
        let certs = crate::pem::certificates_from_pem(pem)?;
        for c in &certs {
            self.add(c)?;
        }
        Ok(certs.len())
    }

    /// Adds every certificate of `roots` that [`RootStore::add`] takes, and reports the
    /// others (unparsable, or with a key of an unsupported type) instead of failing: for a
    /// platform store, in which a few entries may be unusable.
    pub fn add_parsable_certificates<'a>(
        &mut self,
        roots: impl IntoIterator<Item = CertificateDer<'a>>,
    ) -> RootsAdded {
        let mut report = RootsAdded::default();
        for (i, root) in roots.into_iter().enumerate() {
            match self.add(&root) {
                Ok(()) => report.added += 1,
                Err(e) => report.skipped.push((i, e)),
            }
        }
        report
    }

    /// Adds trust anchors given as such (subject, key, name constraints), for example
    /// `webpki_roots::TLS_SERVER_ROOTS`, and reports those whose key type this store does not
    /// take. Anchors added this way have no certificate, so the explicitly-trusted rule does
    /// not apply to them.
    pub fn add_trust_anchors<'a>(
        &mut self,
        anchors: impl IntoIterator<Item = &'a TrustAnchor<'a>>,
    ) -> RootsAdded {
        let mut report = RootsAdded::default();
        for (i, anchor) in anchors.into_iter().enumerate() {
            match self.check_key(anchor) {
                Ok(()) => {
                    self.anchors.push(anchor.to_owned());
                    report.added += 1;
                }
                Err(e) => report.skipped.push((i, e)),
            }
        }
        report
    }

    fn check_key(&self, anchor: &TrustAnchor<'_>) -> Result<(), PkiError> {
        let (algorithm, _) = spki_contents_parts(anchor.subject_public_key_info.as_ref())?;
        match key_family(algorithm) {
            Some(family) if self.families.contains(&family) => Ok(()),
            _ => Err(PkiError::UnsupportedKey),
        }
    }

    /// Number of anchors.
    pub fn len(&self) -> usize {
        self.anchors.len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }

    /// The anchors, in the order they were added.
    pub fn anchors(&self) -> &[TrustAnchor<'static>] {
        &self.anchors
    }

    /// Whether `cert` is byte for byte a certificate added as an anchor.
    pub fn contains_certificate(&self, cert: &CertificateDer<'_>) -> bool {
        self.certificates
            .iter()
            .any(|c| c.as_ref() == cert.as_ref())
    }
}
