//! The chain shapes of the public web (`tests/certs/pki`), the cross-curve certificate
//! signatures they need, id-RSASSA-PSS keys, TLS 1.2 handshake signatures whose ECDSA scheme
//! does not name the key's curve, and the explicitly-trusted end-entity rule.

use std::time::Duration;

use stratls_crypto::{CertSignatureAlgorithm, CryptoProvider, NamedGroup, SignatureScheme};
use stratls_pki::pem::{certificates_from_file, private_key_from_file};
use stratls_pki::{
    CertificateDer, PkiError, RootStore, UnixTime, WebPkiVerifier, check_end_entity_key,
    verify_signed_message, verify_tls12_signed_message,
};

use super::{cert_dir, chain, name, now, provider};

fn pki(file: &str) -> std::path::PathBuf {
    cert_dir().join("pki").join(file)
}

fn pki_chain(name: &str) -> Vec<CertificateDer<'static>> {
    certificates_from_file(pki(&format!("{name}.chain.pem"))).expect("chain loads")
}

fn store(root: &std::path::Path) -> RootStore {
    let mut store = RootStore::new();
    store
        .add_pem(&std::fs::read(root).expect("root file"))
        .expect("root taken");
    store
}

/// Each shape with its root: (chain, root file).
fn shapes() -> [(&'static str, std::path::PathBuf); 6] {
    [
        ("le-rsa", cert_dir().join("ca.pem")),
        ("le-p384", pki("root-p384.pem")),
        ("gts", pki("root-p384.pem")),
        ("p521", pki("root-p521.pem")),
        ("rsapss", cert_dir().join("ca.pem")),
        ("pss-ca", cert_dir().join("ca.pem")),
    ]
}

fn verify_with(p: &CryptoProvider, shape: &str, root: &std::path::Path) -> Result<(), PkiError> {
    let verifier = WebPkiVerifier::new(store(root), p);
    let certs = pki_chain(shape);
    verifier.verify_server(&certs[0], &certs[1..], &name("localhost"), now())?;
    check_end_entity_key(p, &certs[0])
}

#[test]
fn every_web_shape_verifies() {
    for (shape, root) in shapes() {
        verify_with(&provider(), shape, &root).unwrap_or_else(|e| panic!("{shape}: {e}"));
        // Not under another root.
        let other = if root.ends_with("ca.pem") {
            pki("root-p384.pem")
        } else {
            cert_dir().join("ca.pem")
        };
        assert_eq!(
            verify_with(&provider(), shape, &other),
            Err(PkiError::UnknownIssuer),
            "{shape} under {other:?}"
        );
    }
}

/// The provider without the certificate verifier of `pair`.
fn without_pair(pair: CertSignatureAlgorithm) -> CryptoProvider {
    let p = provider();
    let kept: Vec<_> = p
        .cert_signature_verifiers
        .iter()
        .filter(|v| v.algorithm() != pair)
        .cloned()
        .collect();
    CryptoProvider {
        cert_signature_verifiers: kept.into(),
        ..p
    }
}

#[test]
fn each_shape_needs_its_cross_curve_pair() {
    use CertSignatureAlgorithm as A;
    let needs = [
        ("le-rsa", A::EcdsaP384Sha384),
        ("le-rsa", A::RsaPkcs1Sha256),
        ("le-p384", A::EcdsaP384Sha384),
        ("gts", A::EcdsaP384Sha384),
        ("gts", A::EcdsaP256Sha256),
        ("p521", A::EcdsaP521Sha512),
        ("p521", A::EcdsaP384Sha256),
        ("pss-ca", A::RsaPssKeySha256),
    ];
    for (shape, pair) in needs {
        let root = shapes()
            .into_iter()
            .find(|(s, _)| *s == shape)
            .map(|(_, r)| r)
            .expect("shape");
        assert_eq!(
            verify_with(&without_pair(pair), shape, &root),
            Err(PkiError::UnsupportedAlgorithm),
            "{shape} without {pair:?}"
        );
    }
}

#[test]
fn an_rsa_pss_key_signs_only_rsa_pss_pss_handshake_signatures() {
    let p = provider();
    let cert = &pki_chain("rsapss")[0];
    let key = private_key_from_file(pki("rsapss.key")).expect("key file");
    let key = p
        .key_loader
        .load_private_key(&key)
        .expect("RSA-PSS key loads");
    assert_eq!(
        key.public_key(),
        Some(stratls_pki::subject_public_key_info(cert).expect("spki")),
        "the key is the certificate's"
    );
    let message = b"TLS 1.3, server CertificateVerify\x00transcript hash";
    for scheme in [
        SignatureScheme::RSA_PSS_PSS_SHA256,
        SignatureScheme::RSA_PSS_PSS_SHA384,
        SignatureScheme::RSA_PSS_PSS_SHA512,
    ] {
        let signer = key.choose_scheme(&[scheme]).expect("a PSS scheme");
        let sig = signer.sign(message).expect("signs");
        verify_signed_message(&p, cert, scheme, message, &sig)
            .unwrap_or_else(|e| panic!("{scheme:?}: {e}"));
        verify_tls12_signed_message(&p, cert, scheme, message, &sig, None)
            .unwrap_or_else(|e| panic!("TLS 1.2 {scheme:?}: {e}"));
        // The same signature named rsa_pss_rsae_*: the key is not an rsaEncryption key.
        assert_eq!(
            verify_signed_message(
                &p,
                cert,
                SignatureScheme::RSA_PSS_RSAE_SHA256,
                message,
                &sig
            ),
            Err(PkiError::UnsupportedAlgorithm)
        );
    }
    // And an rsaEncryption key's certificate does not take rsa_pss_pss_*.
    assert_eq!(
        verify_signed_message(
            &p,
            &chain("server-rsa")[0],
            SignatureScheme::RSA_PSS_PSS_SHA256,
            message,
            &[0; 256]
        ),
        Err(PkiError::UnsupportedAlgorithm)
    );
}

#[test]
fn tls12_ecdsa_schemes_fix_the_hash_not_the_curve() {
    let p = provider();
    let message = std::fs::read(pki("tls12-message.txt")).expect("message");
    let p384 = &chain("server-p384")[0];
    let p256 = &chain("server-ecdsa")[0];
    let p384_sha256 = std::fs::read(pki("tls12-p384-sha256.sig")).expect("signature");
    let p256_sha384 = std::fs::read(pki("tls12-p256-sha384.sig")).expect("signature");
    let listed = [
        NamedGroup::X25519,
        NamedGroup::Secp256r1,
        NamedGroup::Secp384r1,
    ];
    let cases = [
        (p384, SignatureScheme::ECDSA_SECP256R1_SHA256, &p384_sha256),
        (p256, SignatureScheme::ECDSA_SECP384R1_SHA384, &p256_sha384),
    ];
    for (cert, scheme, sig) in cases {
        verify_tls12_signed_message(&p, cert, scheme, &message, sig, Some(&listed))
            .unwrap_or_else(|e| panic!("{scheme:?}: {e}"));
        verify_tls12_signed_message(&p, cert, scheme, &message, sig, None)
            .unwrap_or_else(|e| panic!("{scheme:?} without a list: {e}"));
        let mut bad = sig.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert_eq!(
            verify_tls12_signed_message(&p, cert, scheme, &message, &bad, Some(&listed)),
            Err(PkiError::BadSignature)
        );
        // TLS 1.3 keeps the binding: the scheme names the curve.
        assert_eq!(
            verify_signed_message(&p, cert, scheme, &message, sig),
            Err(PkiError::UnsupportedAlgorithm),
            "{scheme:?} in TLS 1.3"
        );
    }
    // The hash is the scheme's: the P-384 key's SHA-256 signature is not a SHA-384 one.
    assert_eq!(
        verify_tls12_signed_message(
            &p,
            p384,
            SignatureScheme::ECDSA_SECP384R1_SHA384,
            &message,
            &p384_sha256,
            Some(&listed)
        ),
        Err(PkiError::BadSignature)
    );
    // A curve the client did not list is the certificate's fault (RFC 8422 §5.3).
    let err = verify_tls12_signed_message(
        &p,
        p384,
        SignatureScheme::ECDSA_SECP256R1_SHA256,
        &message,
        &p384_sha256,
        Some(&[NamedGroup::X25519, NamedGroup::Secp256r1]),
    )
    .expect_err("secp384r1 not listed");
    assert_eq!(err, PkiError::UnsupportedKey);
    // An ECDSA scheme for an RSA key is not the key's scheme.
    assert_eq!(
        verify_tls12_signed_message(
            &p,
            &chain("server-rsa")[0],
            SignatureScheme::ECDSA_SECP256R1_SHA256,
            &message,
            &p384_sha256,
            None
        ),
        Err(PkiError::UnsupportedAlgorithm)
    );
}

#[test]
fn an_explicitly_trusted_certificate_is_accepted_as_presented() {
    let selfsigned = certificates_from_file(pki("selfsigned.pem")).expect("cert");
    let verifier = WebPkiVerifier::new(store(&pki("selfsigned.pem")), &provider());
    for n in ["localhost", "127.0.0.1"] {
        verifier
            .verify_server(&selfsigned[0], &[], &name(n), now())
            .unwrap_or_else(|e| panic!("{n}: {e}"));
    }
    assert_eq!(
        verifier.verify_server(&selfsigned[0], &[], &name("example.com"), now()),
        Err(PkiError::NameMismatch)
    );
    let year_2000 = UnixTime::since_unix_epoch(Duration::from_secs(946_684_800));
    assert_eq!(
        verifier.verify_server(&selfsigned[0], &[], &name("localhost"), year_2000),
        Err(PkiError::NotYetValid)
    );
    // 2200-01-01, after its century of validity.
    let year_2200 = UnixTime::since_unix_epoch(Duration::from_secs(7_258_118_400));
    assert_eq!(
        verifier.verify_server(&selfsigned[0], &[], &name("localhost"), year_2200),
        Err(PkiError::Expired)
    );
    // Trusted as a bare anchor (no certificate kept), the same bytes are a CA used as an end
    // entity, as before.
    let anchor = webpki::anchor_from_trusted_cert(&selfsigned[0]).expect("anchor");
    let mut anchors_only = RootStore::new();
    assert_eq!(anchors_only.add_trust_anchors([&anchor]).added, 1);
    let verifier = WebPkiVerifier::new(anchors_only, &provider());
    assert!(matches!(
        verifier.verify_server(&selfsigned[0], &[], &name("localhost"), now()),
        Err(PkiError::NotAllowed(_))
    ));
    // The rule is for the trusted certificate itself: a CA root of the tree presented as a
    // server certificate is still refused.
    let ca = certificates_from_file(cert_dir().join("ca.pem")).expect("ca");
    let verifier = WebPkiVerifier::new(store(&cert_dir().join("ca.pem")), &provider());
    assert!(
        verifier
            .verify_server(&ca[0], &[], &name("localhost"), now())
            .is_err(),
        "a root without the server's name"
    );
    let other = certificates_from_file(pki("root-p384.pem")).expect("root");
    assert!(matches!(
        verifier.verify_server(&other[0], &[], &name("localhost"), now()),
        Err(PkiError::NotAllowed(_) | PkiError::UnknownIssuer)
    ));
}
