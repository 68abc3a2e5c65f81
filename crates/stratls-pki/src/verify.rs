use rustls_pki_types::{CertificateDer, ServerName, SignatureVerificationAlgorithm, UnixTime};
use stratls_crypto::{
    CertSignatureAlgorithm, CryptoError, CryptoProvider, HashAlgorithm, NamedGroup,
    SignatureAlgorithm, SignatureScheme,
};
use webpki::{EndEntityCert, KeyUsage};

use crate::algs::{CertAlgorithm, ProviderAlgorithm, cert_algorithms, key_family};
use crate::error::PkiError;
use crate::roots::RootStore;
use crate::spki::spki_parts;

/// The most certificate signature algorithms a chain verification passes to webpki without
/// collecting them.
const FEW_ALGORITHMS: usize = 32;

/// Verifies certificate chains against a [`RootStore`] with the certificate signature
/// verifiers of a [`CryptoProvider`].
#[derive(Debug)]
pub struct WebPkiVerifier {
    roots: RootStore,
    algorithms: Vec<CertAlgorithm>,
}

impl WebPkiVerifier {
    /// A verifier for `roots` whose signature checks go through `provider`'s certificate
    /// signature verifiers ([`CryptoProvider::cert_signature_verifiers`]).
    pub fn new(roots: RootStore, provider: &CryptoProvider) -> Self {
        Self {
            roots,
            algorithms: cert_algorithms(provider),
        }
    }

    /// Verifies a server's chain (`end_entity` first, then the `intermediates` in any order)
    /// for `server_name` at time `now`: a path to a trust anchor, validity of every
    /// certificate, the serverAuth extended key usage and the name (DNS name or IP address).
    ///
    /// **Explicitly trusted certificates.** When `end_entity` is byte for byte a certificate
    /// that was added to the root store as a certificate (not as a bare `TrustAnchor`), it is
    /// accepted if it is valid at `now` and names `server_name`, without a path and whatever
    /// its basic constraints say: the user trusted exactly this certificate. This is what a
    /// self-signed `openssl req -x509` certificate (marked CA:TRUE) given as `--cafile` needs.
    /// Nothing else changes: a certificate merely *issued* by such a root, or equal to an
    /// anchor added without its certificate, takes the ordinary path.
    pub fn verify_server(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        now: UnixTime,
    ) -> Result<(), PkiError> {
        if self.roots.contains_certificate(end_entity) {
            return verify_trusted_end_entity(end_entity, server_name, now);
        }
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
        // webpki takes the algorithms as a slice of trait objects: made on the stack when they
        // are few, as a provider's are, so that a verification allocates none.
        type Alg<'x> = &'x dyn SignatureVerificationAlgorithm;
        let slots: [Alg<'_>; FEW_ALGORITHMS];
        let collected: Vec<Alg<'_>>;
        let algs: &[Alg<'_>] = match self.algorithms.first() {
            None => &[],
            Some(first) if self.algorithms.len() <= FEW_ALGORITHMS => {
                let mut filled = [first as Alg<'_>; FEW_ALGORITHMS];
                for (slot, a) in filled.iter_mut().zip(&self.algorithms) {
                    *slot = a;
                }
                slots = filled;
                &slots[..self.algorithms.len()]
            }
            Some(_) => {
                collected = self.algorithms.iter().map(|a| a as Alg<'_>).collect();
                &collected
            }
        };
        cert.verify_for_usage(
            algs,
            self.roots.anchors(),
            intermediates,
            now,
            usage,
            None,
            None,
        )
        .map_err(PkiError::from)?;
        Ok(cert)
    }
}

/// The explicitly-trusted rule: valid now and names the server.
fn verify_trusted_end_entity(
    end_entity: &CertificateDer<'_>,
    server_name: &ServerName<'_>,
    now: UnixTime,
) -> Result<(), PkiError> {
    let cert = EndEntityCert::try_from(end_entity).map_err(PkiError::from)?;
    crate::trusted::check_validity(end_entity, now)?;
    cert.verify_is_valid_for_subject_name(server_name)
        .map_err(PkiError::from)
}

/// Verifies a TLS handshake signature (CertificateVerify, ServerKeyExchange) made with the key
/// of `end_entity` under signature scheme `scheme`, with the TLS 1.3 binding: the scheme names
/// the key's type and curve exactly (RFC 8446 §4.2.3). The scheme must be one the provider
/// verifies and must match the certificate's key ([`PkiError::UnsupportedAlgorithm`]
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
        .map_err(signature_error)
}

/// Verifies a TLS 1.2 handshake signature (ServerKeyExchange, CertificateVerify). As
/// [`verify_signed_message`], except for ECDSA: in TLS 1.2 an ECDSA scheme fixes the hash,
/// not the curve (RFC 8446 §4.2.3), so a P-384 key may sign under `ecdsa_secp256r1_sha256`.
/// The key's curve must then be one of `curves` when given — the groups the client listed in
/// supported_groups, which the server's certificate must respect (RFC 8422 §5.3) —
/// [`PkiError::UnsupportedKey`] otherwise, and the signature is checked by the provider's
/// certificate verifier of (the key's curve, the scheme's hash).
pub fn verify_tls12_signed_message(
    provider: &CryptoProvider,
    end_entity: &CertificateDer<'_>,
    scheme: SignatureScheme,
    message: &[u8],
    signature: &[u8],
    curves: Option<&[NamedGroup]>,
) -> Result<(), PkiError> {
    let Some(hash) = ecdsa_hash(scheme) else {
        return verify_signed_message(provider, end_entity, scheme, message, signature);
    };
    let verifier = provider
        .verifier(scheme)
        .ok_or(PkiError::UnsupportedAlgorithm)?;
    let cert = EndEntityCert::try_from(end_entity).map_err(PkiError::from)?;
    let spki = cert.subject_public_key_info();
    let (key_alg, key) = spki_parts(spki.as_ref())?;
    let family = key_family(key_alg).ok_or(PkiError::UnsupportedAlgorithm)?;
    let group = curve_group(family).ok_or(PkiError::UnsupportedAlgorithm)?;
    if curves.is_some_and(|listed| !listed.contains(&group)) {
        return Err(PkiError::UnsupportedKey);
    }
    if family == verifier.algorithm() {
        return verifier
            .verify(key, message, signature)
            .map_err(signature_error);
    }
    let pair = CertSignatureAlgorithm::ecdsa(family, hash).ok_or(PkiError::UnsupportedKey)?;
    provider
        .cert_verifier(pair)
        .ok_or(PkiError::UnsupportedKey)?
        .verify(key, message, signature)
        .map_err(signature_error)
}

/// The hash of an ECDSA TLS scheme.
fn ecdsa_hash(scheme: SignatureScheme) -> Option<HashAlgorithm> {
    match scheme {
        SignatureScheme::ECDSA_SECP256R1_SHA256 => Some(HashAlgorithm::Sha256),
        SignatureScheme::ECDSA_SECP384R1_SHA384 => Some(HashAlgorithm::Sha384),
        SignatureScheme::ECDSA_SECP521R1_SHA512 => Some(HashAlgorithm::Sha512),
        _ => None,
    }
}

/// The supported_groups code point of an ECDSA key's curve.
fn curve_group(family: SignatureAlgorithm) -> Option<NamedGroup> {
    match family {
        SignatureAlgorithm::EcdsaP256 => Some(NamedGroup::Secp256r1),
        SignatureAlgorithm::EcdsaP384 => Some(NamedGroup::Secp384r1),
        SignatureAlgorithm::EcdsaP521 => Some(NamedGroup::Secp521r1),
        _ => None,
    }
}

fn signature_error(e: CryptoError) -> PkiError {
    match e {
        CryptoError::UnsupportedKey => PkiError::UnsupportedKey,
        CryptoError::InvalidKey => {
            PkiError::BadEncoding("the end-entity certificate's public key".into())
        }
        _ => PkiError::BadSignature,
    }
}
