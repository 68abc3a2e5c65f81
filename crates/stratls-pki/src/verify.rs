use rustls_pki_types::{
    CertificateDer, ServerName, SignatureVerificationAlgorithm, TrustAnchor, UnixTime,
};
use stratls_crypto::{CryptoError, CryptoProvider, SignatureScheme};
use webpki::{EndEntityCert, KeyUsage};

use crate::algs::{ProviderAlgorithm, provider_algorithms};
use crate::error::PkiError;
use crate::spki::spki_parts;

/// Trust anchors: the roots a chain must lead to.
#[derive(Debug, Clone, Default)]
pub struct RootStore {
    anchors: Vec<TrustAnchor<'static>>,
}

impl RootStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a root certificate (DER). The certificate is parsed only as far as a trust anchor
    /// needs (subject, public key, name constraints); its own signature and validity are not
    /// checked, as is usual for trust anchors.
    pub fn add(&mut self, root: &CertificateDer<'_>) -> Result<(), PkiError> {
        let anchor = webpki::anchor_from_trusted_cert(root).map_err(PkiError::from)?;
        self.anchors.push(anchor.to_owned());
        Ok(())
    }

    /// Adds every certificate of a PEM text; returns how many were added.
    pub fn add_pem(&mut self, pem: &[u8]) -> Result<usize, PkiError> {
        let certs = crate::pem::certificates_from_pem(pem)?;
        for c in &certs {
            self.add(c)?;
        }
        Ok(certs.len())
    }

    /// Number of anchors.
    pub fn len(&self) -> usize {
        self.anchors.len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }
}

/// Verifies certificate chains against a [`RootStore`] with the signature algorithms of a
/// [`CryptoProvider`].
#[derive(Debug)]
pub struct WebPkiVerifier {
    roots: RootStore,
    algorithms: Vec<ProviderAlgorithm>,
}

impl WebPkiVerifier {
    /// A verifier for `roots` whose signature checks go through `provider`.
    pub fn new(roots: RootStore, provider: &CryptoProvider) -> Self {
        Self {
            roots,
            algorithms: provider_algorithms(provider),
        }
    }

    /// Verifies a server's chain (`end_entity` first, then the `intermediates` in any order)
    /// for `server_name` at time `now`: a path to a trust anchor, validity of every
    /// certificate, the serverAuth extended key usage and the name (DNS name or IP address).
    pub fn verify_server(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        now: UnixTime,
    ) -> Result<(), PkiError> {
        let cert = self.verify_chain(end_entity, intermediates, now, KeyUsage::server_auth())?;
        cert.verify_is_valid_for_subject_name(server_name)
            .map_err(PkiError::from)
    }

    /// Verifies a client's chain at time `now`: a path to a trust anchor, validity and the
    /// clientAuth extended key usage.
    pub fn verify_client(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<(), PkiError> {
        self.verify_chain(end_entity, intermediates, now, KeyUsage::client_auth())
            .map(|_| ())
    }

    fn verify_chain<'a>(
        &self,
        end_entity: &'a CertificateDer<'a>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
        usage: KeyUsage,
    ) -> Result<EndEntityCert<'a>, PkiError> {
        if self.roots.is_empty() {
            return Err(PkiError::NoTrustAnchors);
        }
        let cert = EndEntityCert::try_from(end_entity).map_err(PkiError::from)?;
        let algs: Vec<&dyn SignatureVerificationAlgorithm> = self
            .algorithms
            .iter()
            .map(|a| a as &dyn SignatureVerificationAlgorithm)
            .collect();
        // webpki ties the lifetimes of intermediates and anchors together; hand it borrowed
        // copies of the intermediates' bytes.
        let intermediates: Vec<CertificateDer<'_>> = intermediates
            .iter()
            .map(|c| CertificateDer::from(c.as_ref()))
            .collect();
        cert.verify_for_usage(
            &algs,
            &self.roots.anchors,
            &intermediates,
            now,
            usage,
            None,
            None,
        )
        .map_err(PkiError::from)?;
        Ok(cert)
    }
}

/// Verifies a TLS handshake signature (CertificateVerify, ServerKeyExchange) made with the key
/// of `end_entity` under signature scheme `scheme`. The scheme must be one the provider
/// verifies and must match the certificate's key type ([`PkiError::UnsupportedAlgorithm`]
/// otherwise). A key the provider's verifier does not take is the certificate's fault, not
/// the signature's: [`PkiError::UnsupportedKey`] for a type or size it does not support,
/// [`PkiError::BadEncoding`] for a malformed key; only a signature that does not verify is
/// [`PkiError::BadSignature`].
pub fn verify_signed_message(
    provider: &CryptoProvider,
    end_entity: &CertificateDer<'_>,
    scheme: SignatureScheme,
    message: &[u8],
    signature: &[u8],
) -> Result<(), PkiError> {
    let verifier = provider
        .verifier(scheme)
        .ok_or(PkiError::UnsupportedAlgorithm)?;
    let alg = ProviderAlgorithm::new(verifier.clone()).ok_or(PkiError::UnsupportedAlgorithm)?;
    let cert = EndEntityCert::try_from(end_entity).map_err(PkiError::from)?;
    let spki = cert.subject_public_key_info();
    let (key_alg, key) = spki_parts(spki.as_ref())?;
    if key_alg != alg.public_key_alg_id().as_ref() {
        return Err(PkiError::UnsupportedAlgorithm);
    }
    verifier
        .verify(key, message, signature)
        .map_err(|e| match e {
            CryptoError::UnsupportedKey => PkiError::UnsupportedKey,
            CryptoError::InvalidKey => {
                PkiError::BadEncoding("the end-entity certificate's public key".into())
            }
            _ => PkiError::BadSignature,
        })
}
