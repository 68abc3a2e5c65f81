//! Verification checks for the curves, hashes and key types beyond the first ones: RFC 6979
//! known answers for ECDSA P-384 and P-521, signatures made by `openssl` for every
//! certificate signature algorithm (each curve with each hash, RSA PKCS#1 v1.5 and PSS, PSS
//! under an id-RSASSA-PSS key, Ed25519), and the id-RSASSA-PSS key's own schemes.

use super::sign::{ED25519_PUB, MESSAGE, P256_PUB, RSA2048_PUB, assert_flips_fail};
use super::{hex, pkcs8, verifier_of};
use crate::{
    CertSignatureAlgorithm, CertSignatureVerifier, CryptoError, CryptoProvider, SignatureAlgorithm,
    SignatureScheme,
};

const P384_PUB: &[u8] = include_bytes!("fixtures/p384.pub.bin");
const P521_PUB: &[u8] = include_bytes!("fixtures/p521.pub.bin");
const RSAPSS2048_PKCS8: &[u8] = include_bytes!("fixtures/rsapss2048.pkcs8.der");
const RSAPSS2048_PUB: &[u8] = include_bytes!("fixtures/rsapss2048.pub.der");
const RSAPSS2048_SPKI: &[u8] = include_bytes!("fixtures/rsapss2048.spki.der");

/// RFC 6979 §A.2.6: the P-384 key (x = 6B9D3DAD...) as an uncompressed point.
const RFC6979_P384_PUB: &str = "04\
    EC3A4E415B4E19A4568618029F427FA5DA9A8BC4AE92E02E06AAE5286B300C64DEF8F0EA9055866064A254515480BC13\
    8015D9B72D7D57244EA8EF9AC0C621896708A59367F9DFB9F54CA84B3F1C9DB1288B231C3AE0D4FE7344FD2533264720";

/// RFC 6979 §A.2.7: the P-521 key (x = 00FAD06D...) as an uncompressed point.
const RFC6979_P521_PUB: &str = "04\
    01894550D0785932E00EAA23B694F213F8C3121F86DC97A04E5A7167DB4E5BCD371123D46E45DB6B5D5370A7F20FB633155D38FFA16D2BD761DCAC474B9A2F5023A4\
    00493101C962CD4D2FDDF782285E64584139C2F91B47F87FF82354D6630F746A28A0DB25741B5B34A828008B22ACC23F924FAAFBD4D33F81EA66956DFEAA2BFDFCF5";

/// RFC 6979 §A.2.6 and §A.2.7: (curve, message, r, s) for the deterministic signatures with
/// the hash of each curve's TLS scheme.
const RFC6979_SIGNATURES: [(SignatureAlgorithm, &str, &str, &str); 3] = [
    (
        SignatureAlgorithm::EcdsaP384,
        "sample",
        "94EDBB92A5ECB8AAD4736E56C691916B3F88140666CE9FA73D64C4EA95AD133C81A648152E44ACF96E36DD1E80FABE46",
        "99EF4AEB15F178CEA1FE40DB2603138F130E740A19624526203B6351D0A3A94FA329C145786E679E7B82C71A38628AC8",
    ),
    (
        SignatureAlgorithm::EcdsaP384,
        "test",
        "8203B63D3C853E8D77227FB377BCF7B7B772E97892A80F36AB775D509D7A5FEB0542A7F0812998DA8F1DD3CA3CF023DB",
        "DDD0760448D42D8A43AF45AF836FCE4DE8BE06B485E9B61B827C2F13173923E06A739F040649A667BF3B828246BAA5A5",
    ),
    (
        SignatureAlgorithm::EcdsaP521,
        "sample",
        "00C328FAFCBD79DD77850370C46325D987CB525569FB63C5D3BC53950E6D4C5F174E25A1EE9017B5D450606ADD152B534931D7D4E8455CC91F9B15BF05EC36E377FA",
        "00617CCE7CF5064806C467F678D3B4080D6F1CC50AF26CA209417308281B68AF282623EAA63E5B5C0723D8B8C37FF0777B1A20F8CCB1DCCC43997F1EE0E44DA4A67A",
    ),
];

/// RFC 6979 §A.2.6 (P-384, SHA-384) and §A.2.7 (P-521, SHA-512): the published
/// deterministic signatures, DER-encoded as TLS and X.509 carry them, verify under the
/// published public keys with `ecdsa_secp384r1_sha384` / `ecdsa_secp521r1_sha512` and with the
/// certificate verifiers of the same pairs; any flipped bit fails, and so does the other
/// message, the other curve's key and the same curve under another hash. A curve the
/// provider does not verify at all (ring has no P-521) is skipped.
pub fn check_ecdsa_rfc6979(p: &CryptoProvider) {
    for (curve, message, r, s) in RFC6979_SIGNATURES {
        if curve == SignatureAlgorithm::EcdsaP521
            && p.verifier(SignatureScheme::ECDSA_SECP521R1_SHA512)
                .is_none()
        {
            continue;
        }
        let (scheme, pair, other_hash, public) = match curve {
            SignatureAlgorithm::EcdsaP384 => (
                SignatureScheme::ECDSA_SECP384R1_SHA384,
                CertSignatureAlgorithm::EcdsaP384Sha384,
                CertSignatureAlgorithm::EcdsaP384Sha256,
                hex(RFC6979_P384_PUB),
            ),
            _ => (
                SignatureScheme::ECDSA_SECP521R1_SHA512,
                CertSignatureAlgorithm::EcdsaP521Sha512,
                CertSignatureAlgorithm::EcdsaP521Sha384,
                hex(RFC6979_P521_PUB),
            ),
        };
        let sig = ecdsa_der(&hex(r), &hex(s));
        let name = format!("RFC 6979 {scheme:?} {message:?}");
        let v = verifier_of(p, scheme);
        assert_eq!(v.algorithm(), curve, "{name}: verifier's key family");
        v.verify(&public, message.as_bytes(), &sig)
            .unwrap_or_else(|e| panic!("{name}: verify failed: {e}"));
        assert_flips_fail(
            &|m, sg| v.verify(&public, m, sg).is_ok(),
            message.as_bytes(),
            &sig,
            &name,
        );
        let other_message = if message == "sample" {
            "test"
        } else {
            "sample"
        };
        assert!(
            v.verify(&public, other_message.as_bytes(), &sig).is_err(),
            "{name}: verified over {other_message:?}"
        );
        let c = cert_verifier_of(p, pair);
        c.verify(&public, message.as_bytes(), &sig)
            .unwrap_or_else(|e| panic!("{name}: certificate verifier {pair:?} failed: {e}"));
        assert!(
            cert_verifier_of(p, other_hash)
                .verify(&public, message.as_bytes(), &sig)
                .is_err(),
            "{name}: verified under {other_hash:?}"
        );
        let wrong_curve = if curve == SignatureAlgorithm::EcdsaP384 {
            P521_PUB
        } else {
            P384_PUB
        };
        assert!(
            v.verify(wrong_curve, message.as_bytes(), &sig).is_err(),
            "{name}: verified with a key on another curve"
        );
    }
}

/// The signing key and signature file of each certificate signature algorithm's known
/// answer, made by `openssl dgst` over `message.txt` (see `fixtures/README.md`).
fn cert_known_answer(alg: CertSignatureAlgorithm) -> (&'static [u8], &'static [u8]) {
    use CertSignatureAlgorithm as A;
    match alg {
        A::EcdsaP256Sha256 => (P256_PUB, include_bytes!("fixtures/ecdsa_p256_sha256.sig")),
        A::EcdsaP256Sha384 => (P256_PUB, include_bytes!("fixtures/ecdsa_p256_sha384.sig")),
        A::EcdsaP256Sha512 => (P256_PUB, include_bytes!("fixtures/ecdsa_p256_sha512.sig")),
        A::EcdsaP384Sha256 => (P384_PUB, include_bytes!("fixtures/ecdsa_p384_sha256.sig")),
        A::EcdsaP384Sha384 => (P384_PUB, include_bytes!("fixtures/ecdsa_p384_sha384.sig")),
        A::EcdsaP384Sha512 => (P384_PUB, include_bytes!("fixtures/ecdsa_p384_sha512.sig")),
        A::EcdsaP521Sha256 => (P521_PUB, include_bytes!("fixtures/ecdsa_p521_sha256.sig")),
        A::EcdsaP521Sha384 => (P521_PUB, include_bytes!("fixtures/ecdsa_p521_sha384.sig")),
        A::EcdsaP521Sha512 => (P521_PUB, include_bytes!("fixtures/ecdsa_p521_sha512.sig")),
        A::RsaPkcs1Sha256 => (RSA2048_PUB, include_bytes!("fixtures/rsa_pkcs1_sha256.sig")),
        A::RsaPkcs1Sha384 => (RSA2048_PUB, include_bytes!("fixtures/rsa_pkcs1_sha384.sig")),
        A::RsaPkcs1Sha512 => (RSA2048_PUB, include_bytes!("fixtures/rsa_pkcs1_sha512.sig")),
        A::RsaPssSha256 => (RSA2048_PUB, include_bytes!("fixtures/rsa_pss_sha256.sig")),
        A::RsaPssSha384 => (RSA2048_PUB, include_bytes!("fixtures/rsa_pss_sha384.sig")),
        A::RsaPssSha512 => (RSA2048_PUB, include_bytes!("fixtures/rsa_pss_sha512.sig")),
        A::RsaPssKeySha256 => (
            RSAPSS2048_PUB,
            include_bytes!("fixtures/rsa_pss_pss_sha256.sig"),
        ),
        A::RsaPssKeySha384 => (
            RSAPSS2048_PUB,
            include_bytes!("fixtures/rsa_pss_pss_sha384.sig"),
        ),
        A::RsaPssKeySha512 => (
            RSAPSS2048_PUB,
            include_bytes!("fixtures/rsa_pss_pss_sha512.sig"),
        ),
        A::Ed25519 => (ED25519_PUB, include_bytes!("fixtures/ed25519.sig")),
    }
}

/// Every certificate signature verifier the provider lists verifies the `openssl` signature
/// of its pair; a flipped bit fails; no other pair's signature verifies under it, whatever the
/// key; each pair is listed at most once, and the pairs of ECDSA P-256/P-384 with SHA-256 and
/// SHA-384, RSA PKCS#1 and PSS with SHA-256 and Ed25519 are listed. A provider may lack the
/// others (ring has no P-521 and no ECDSA with SHA-512);
/// [`CryptoProvider::with_fallback`] completes it.
pub fn check_cert_signatures(p: &CryptoProvider) {
    let listed: Vec<CertSignatureAlgorithm> = p
        .cert_signature_verifiers
        .iter()
        .map(|v| v.algorithm())
        .collect();
    for alg in CertSignatureAlgorithm::ALL {
        let count = listed.iter().filter(|a| **a == alg).count();
        assert!(
            count <= 1,
            "provider {}: {alg:?} listed {count} times",
            p.name
        );
    }
    {
        use CertSignatureAlgorithm as A;
        for alg in [
            A::EcdsaP256Sha256,
            A::EcdsaP256Sha384,
            A::EcdsaP384Sha256,
            A::EcdsaP384Sha384,
            A::RsaPkcs1Sha256,
            A::RsaPssSha256,
            A::Ed25519,
        ] {
            assert!(
                listed.contains(&alg),
                "provider {}: {alg:?} not listed",
                p.name
            );
        }
    }
    for v in p.cert_signature_verifiers.iter() {
        let alg = v.algorithm();
        let (public, sig) = cert_known_answer(alg);
        v.verify(public, MESSAGE, sig)
            .unwrap_or_else(|e| panic!("openssl signature {alg:?}: verify failed: {e}"));
        assert_flips_fail(
            &|m, sg| v.verify(public, m, sg).is_ok(),
            MESSAGE,
            sig,
            &format!("openssl signature {alg:?}"),
        );
        assert!(
            v.verify(public, MESSAGE, &[]).is_err(),
            "{alg:?}: empty signature verified"
        );
        for other in CertSignatureAlgorithm::ALL {
            let (other_public, other_sig) = cert_known_answer(other);
            // The same signature bytes under another pair's name: an RSA-PSS signature is
            // the same under rsaEncryption and id-RSASSA-PSS, so those pairs are skipped.
            let same_math = other.key() != alg.key()
                && matches!(
                    (other.key(), alg.key()),
                    (SignatureAlgorithm::Rsa, SignatureAlgorithm::RsaPss)
                        | (SignatureAlgorithm::RsaPss, SignatureAlgorithm::Rsa)
                );
            if other == alg || (std::ptr::eq(other_sig, sig)) || same_math {
                continue;
            }
            assert!(
                v.verify(other_public, MESSAGE, other_sig).is_err(),
                "a {other:?} signature verified as {alg:?}"
            );
        }
    }
    // A key of another type is refused as a key, not taken as a bad signature.
    let p384 = cert_verifier_of(p, CertSignatureAlgorithm::EcdsaP384Sha256);
    assert_eq!(
        p384.verify(
            P256_PUB,
            MESSAGE,
            include_bytes!("fixtures/ecdsa_p256_sha256.sig")
        ),
        Err(CryptoError::InvalidKey),
        "a P-256 point under a P-384 verifier"
    );
}

/// The id-RSASSA-PSS key (`openssl genpkey -algorithm RSA-PSS`, PKCS#8 without parameters)
/// loads as [`SignatureAlgorithm::RsaPss`], exports the SubjectPublicKeyInfo `openssl`
/// writes for it, makes only the `rsa_pss_pss_*` schemes (in the peer's order), whose
/// signatures verify under the `rsa_pss_pss_*` verifiers, which also verify the `openssl`
/// signatures; it does not decrypt.
pub fn check_rsa_pss_key(p: &CryptoProvider) {
    let key = p
        .key_loader
        .load_private_key(&pkcs8(RSAPSS2048_PKCS8))
        .unwrap_or_else(|e| panic!("RSA-PSS PKCS#8: {e}"));
    assert_eq!(
        key.algorithm(),
        SignatureAlgorithm::RsaPss,
        "RSA-PSS key family"
    );
    assert_eq!(
        key.public_key().as_deref(),
        Some(RSAPSS2048_SPKI),
        "RSA-PSS key: SubjectPublicKeyInfo"
    );
    assert!(
        key.choose_scheme(&[
            SignatureScheme::RSA_PSS_RSAE_SHA256,
            SignatureScheme::RSA_PKCS1_SHA256,
            SignatureScheme::ECDSA_SECP256R1_SHA256,
        ])
        .is_none(),
        "an id-RSASSA-PSS key chose an rsaEncryption scheme"
    );
    assert!(
        key.decrypt_pkcs1v15(&[0u8; 256]).is_err(),
        "an id-RSASSA-PSS key decrypted"
    );
    let pss_pss = [
        (
            SignatureScheme::RSA_PSS_PSS_SHA256,
            &include_bytes!("fixtures/rsa_pss_pss_sha256.sig")[..],
        ),
        (
            SignatureScheme::RSA_PSS_PSS_SHA384,
            include_bytes!("fixtures/rsa_pss_pss_sha384.sig"),
        ),
        (
            SignatureScheme::RSA_PSS_PSS_SHA512,
            include_bytes!("fixtures/rsa_pss_pss_sha512.sig"),
        ),
    ];
    for (scheme, openssl_sig) in pss_pss {
        let v = verifier_of(p, scheme);
        assert_eq!(
            v.algorithm(),
            SignatureAlgorithm::RsaPss,
            "{scheme:?}: key family"
        );
        v.verify(RSAPSS2048_PUB, MESSAGE, openssl_sig)
            .unwrap_or_else(|e| panic!("openssl {scheme:?}: {e}"));
        assert_flips_fail(
            &|m, sg| v.verify(RSAPSS2048_PUB, m, sg).is_ok(),
            MESSAGE,
            openssl_sig,
            &format!("openssl {scheme:?}"),
        );
        let signer = key
            .choose_scheme(&[SignatureScheme::RSA_PSS_RSAE_SHA256, scheme])
            .unwrap_or_else(|| panic!("RSA-PSS key: no signer for {scheme:?}"));
        assert_eq!(signer.scheme(), scheme, "RSA-PSS key: the peer's order");
        let sig = signer
            .sign(MESSAGE)
            .unwrap_or_else(|e| panic!("RSA-PSS key signs {scheme:?}: {e}"));
        v.verify(RSAPSS2048_PUB, MESSAGE, &sig)
            .unwrap_or_else(|e| panic!("RSA-PSS key {scheme:?}: own signature: {e}"));
    }
}

/// The certificate verifier of `alg` of the provider.
fn cert_verifier_of(p: &CryptoProvider, alg: CertSignatureAlgorithm) -> &dyn CertSignatureVerifier {
    p.cert_verifier(alg).map(|v| &**v).unwrap_or_else(|| {
        panic!(
            "provider {} offers no certificate verifier for {alg:?}",
            p.name
        )
    })
}

/// `Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` (RFC 3279 §2.2.3) from the
/// big-endian `r` and `s`.
fn ecdsa_der(r: &[u8], s: &[u8]) -> Vec<u8> {
    fn integer(out: &mut Vec<u8>, v: &[u8]) {
        let start = v.iter().position(|b| *b != 0).unwrap_or(v.len() - 1);
        let v = &v[start..];
        let pad = v[0] & 0x80 != 0;
        out.push(0x02);
        out.push((v.len() + usize::from(pad)) as u8);
        if pad {
            out.push(0);
        }
        out.extend_from_slice(v);
    }
    let mut body = Vec::new();
    integer(&mut body, r);
    integer(&mut body, s);
    let mut out = vec![0x30];
    if body.len() >= 0x80 {
        out.push(0x81);
    }
    out.push(body.len() as u8);
    out.extend_from_slice(&body);
    out
}
