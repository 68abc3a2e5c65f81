//! The root store: webpki-roots' anchors, certificates in bulk with a report of what was
//! skipped, and roots whose key the provider cannot verify with, refused when they are added.

use std::time::Instant;

use rustls_pki_types::alg_id;
use stratls_crypto::{CertSignatureAlgorithm, CryptoProvider, SignatureAlgorithm};
use stratls_pki::pem::certificates_from_file;
use stratls_pki::{CertificateDer, PkiError, RootStore, WebPkiVerifier};

use super::{cert_dir, chain, name, now, provider};

/// The default provider without any certificate verifier for keys of `families`.
fn without_families(families: &[SignatureAlgorithm]) -> CryptoProvider {
    let p = provider();
    let kept: Vec<_> = p
        .cert_signature_verifiers
        .iter()
        .filter(|v| !families.contains(&v.algorithm().key()))
        .cloned()
        .collect();
    CryptoProvider {
        cert_signature_verifiers: kept.into(),
        ..p
    }
}

/// Whether an anchor's SubjectPublicKeyInfo contents name `curve`.
fn on_curve(
    anchor: &rustls_pki_types::TrustAnchor<'_>,
    curve: rustls_pki_types::AlgorithmIdentifier,
) -> bool {
    let spki = anchor.subject_public_key_info.as_ref();
    let id = curve.as_ref();
    // SEQUENCE (0x30, len) then the AlgorithmIdentifier's contents.
    spki.len() > 2 + id.len() && &spki[2..2 + id.len()] == id
}

#[test]
fn every_mozilla_root_is_taken_and_each_unverifiable_one_reported() {
    let roots = webpki_roots::TLS_SERVER_ROOTS;
    let started = Instant::now();
    let mut store = RootStore::for_provider(&provider());
    let report = store.add_trust_anchors(roots);
    let elapsed = started.elapsed();
    assert_eq!(
        report.skipped,
        vec![],
        "the default provider takes every root"
    );
    assert_eq!(report.added, roots.len());
    assert_eq!(store.len(), roots.len());
    println!(
        "{} webpki-roots anchors added in {:?} ({:.1} µs each)",
        roots.len(),
        elapsed,
        elapsed.as_secs_f64() * 1e6 / roots.len() as f64
    );

    let p384 = roots
        .iter()
        .filter(|a| on_curve(a, alg_id::ECDSA_P384))
        .count();
    let p521 = roots
        .iter()
        .filter(|a| on_curve(a, alg_id::ECDSA_P521))
        .count();
    assert!(
        p384 > 0 && p521 > 0,
        "the Mozilla set has P-384 and P-521 roots"
    );
    println!("of which {p384} P-384 and {p521} P-521");
    // A provider without P-384 and P-521 verification: exactly those are refused, by index.
    let narrow = without_families(&[SignatureAlgorithm::EcdsaP384, SignatureAlgorithm::EcdsaP521]);
    let mut store = RootStore::for_provider(&narrow);
    let report = store.add_trust_anchors(roots);
    assert_eq!(report.skipped.len(), p384 + p521);
    assert_eq!(report.added, roots.len() - p384 - p521);
    for (i, e) in &report.skipped {
        assert_eq!(*e, PkiError::UnsupportedKey);
        assert!(
            on_curve(&roots[*i], alg_id::ECDSA_P384) || on_curve(&roots[*i], alg_id::ECDSA_P521)
        );
    }
}

#[test]
fn a_root_the_provider_cannot_verify_with_is_refused_when_added() {
    let root = certificates_from_file(cert_dir().join("pki/root-p384.pem")).expect("root");
    let narrow = without_families(&[SignatureAlgorithm::EcdsaP384]);
    let mut store = RootStore::for_provider(&narrow);
    assert_eq!(store.add(&root[0]), Err(PkiError::UnsupportedKey));
    assert!(store.is_empty(), "not kept");
    // The full provider, and a store for every key type, take it.
    RootStore::for_provider(&provider())
        .add(&root[0])
        .expect("P-384 root");
    RootStore::new().add(&root[0]).expect("P-384 root");
    // A provider without one pair of a family still takes the family's roots.
    let p = provider();
    let kept: Vec<_> = p
        .cert_signature_verifiers
        .iter()
        .filter(|v| v.algorithm() != CertSignatureAlgorithm::EcdsaP384Sha256)
        .cloned()
        .collect();
    let one_less = CryptoProvider {
        cert_signature_verifiers: kept.into(),
        ..p
    };
    RootStore::for_provider(&one_less)
        .add(&root[0])
        .expect("other P-384 pairs remain");
}

#[test]
fn parsable_certificates_are_added_and_the_rest_reported() {
    let ca = certificates_from_file(cert_dir().join("ca.pem")).expect("ca");
    let p521 = certificates_from_file(cert_dir().join("pki/root-p521.pem")).expect("root");
    let garbage = CertificateDer::from(vec![0x30, 0x03, 0x02, 0x01, 0x01]);
    let mut store = RootStore::for_provider(&without_families(&[SignatureAlgorithm::EcdsaP521]));
    let report = store.add_parsable_certificates([garbage, ca[0].clone(), p521[0].clone()]);
    assert_eq!(report.added, 1);
    assert_eq!(report.skipped.len(), 2);
    assert_eq!(report.skipped[0].0, 0);
    assert!(matches!(report.skipped[0].1, PkiError::BadEncoding(_)));
    assert_eq!(report.skipped[1], (2, PkiError::UnsupportedKey));
    // The store works with what it took.
    let verifier = WebPkiVerifier::new(store, &provider());
    let certs = chain("server-ecdsa.chain");
    verifier
        .verify_server(&certs[0], &certs[1..], &name("localhost"), now())
        .expect("chain to the RSA root");
}
