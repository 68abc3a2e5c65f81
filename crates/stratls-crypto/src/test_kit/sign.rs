//! Signature checks: RFC 8032 known answers, signatures made by `openssl`, and sign/verify
//! round trips for every scheme.

use super::pkcs8;
use super::{hex, verifier_of};
use crate::{CryptoProvider, PrivateKeyDer, SignatureAlgorithm, SignatureScheme};

pub(super) const RSA2048_PKCS8: &[u8] = include_bytes!("fixtures/rsa2048.pkcs8.der");
pub(super) const RSA2048_PKCS1: &[u8] = include_bytes!("fixtures/rsa2048.pkcs1.der");
pub(super) const RSA2048_PUB: &[u8] = include_bytes!("fixtures/rsa2048.pub.der");
pub(super) const RSA1024_PKCS8: &[u8] = include_bytes!("fixtures/rsa1024.pkcs8.der");
pub(super) const P256_PKCS8: &[u8] = include_bytes!("fixtures/p256.pkcs8.der");
pub(super) const P256_SEC1: &[u8] = include_bytes!("fixtures/p256.sec1.der");
pub(super) const P256_PUB: &[u8] = include_bytes!("fixtures/p256.pub.bin");
pub(super) const P384_PKCS8: &[u8] = include_bytes!("fixtures/p384.pkcs8.der");
pub(super) const ED25519_PKCS8: &[u8] = include_bytes!("fixtures/ed25519.pkcs8.der");
pub(super) const ED25519_PUB: &[u8] = include_bytes!("fixtures/ed25519.pub.bin");
pub(super) const MESSAGE: &[u8] = include_bytes!("fixtures/message.txt");

/// The fixed PKCS#8 prefix of an Ed25519 private key (RFC 8410 §7): the seed follows.
const ED25519_PKCS8_PREFIX: &str = "302e020100300506032b657004220420";

/// RFC 8032 §7.1 TEST 1–3: keys built as PKCS#8 from the published seeds sign to the
/// published signatures, which verify under the published public keys.
pub fn check_ed25519_rfc8032(p: &CryptoProvider) {
    let verifier = verifier_of(p, SignatureScheme::ED25519);
    assert_eq!(
        verifier.algorithm(),
        SignatureAlgorithm::Ed25519,
        "ed25519: algorithm"
    );
    let tests = [
        (
            "TEST 1",
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155\
             5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        ),
        (
            "TEST 2",
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da\
             085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        ),
        (
            "TEST 3",
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac\
             18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
        ),
    ];
    for (name, seed, public, message, signature) in tests {
        let der = hex(&format!("{ED25519_PKCS8_PREFIX}{seed}"));
        let (public, message, signature) = (hex(public), hex(message), hex(signature));
        let key = p
            .key_loader
            .load_private_key(&pkcs8(&der))
            .unwrap_or_else(|e| panic!("RFC 8032 {name}: key rejected: {e}"));
        assert_eq!(
            key.algorithm(),
            SignatureAlgorithm::Ed25519,
            "RFC 8032 {name}"
        );
        let signer = key
            .choose_scheme(&[SignatureScheme::ED25519])
            .unwrap_or_else(|| panic!("RFC 8032 {name}: no ed25519 signer"));
        assert_eq!(
            signer.scheme(),
            SignatureScheme::ED25519,
            "RFC 8032 {name}: scheme"
        );
        let made = signer
            .sign(&message)
            .unwrap_or_else(|e| panic!("RFC 8032 {name}: sign failed: {e}"));
        assert_eq!(made, signature, "RFC 8032 {name}: signature");
        verifier
            .verify(&public, &message, &signature)
            .unwrap_or_else(|e| panic!("RFC 8032 {name}: verify failed: {e}"));
        assert_flips_fail(
            &|m, s| verifier.verify(&public, m, s).is_ok(),
            &message,
            &signature,
            &format!("RFC 8032 {name}"),
        );
    }
}

/// Signatures made by the `openssl` command line (see `fixtures/README.md`) verify:
/// RSA-PSS (salt = hash length) and RSA-PKCS#1 v1.5 with SHA-256/384/512, ECDSA P-256 with
/// SHA-256, Ed25519; any flipped bit in message or signature fails; a signature does not
/// verify under another scheme.
pub fn check_openssl_signatures(p: &CryptoProvider) {
    let cases: [(SignatureScheme, &[u8], &[u8]); 8] = [
        (
            SignatureScheme::RSA_PSS_RSAE_SHA256,
            RSA2048_PUB,
            include_bytes!("fixtures/rsa_pss_sha256.sig"),
        ),
        (
            SignatureScheme::RSA_PSS_RSAE_SHA384,
            RSA2048_PUB,
            include_bytes!("fixtures/rsa_pss_sha384.sig"),
        ),
        (
            SignatureScheme::RSA_PSS_RSAE_SHA512,
            RSA2048_PUB,
            include_bytes!("fixtures/rsa_pss_sha512.sig"),
        ),
        (
            SignatureScheme::RSA_PKCS1_SHA256,
            RSA2048_PUB,
            include_bytes!("fixtures/rsa_pkcs1_sha256.sig"),
        ),
        (
            SignatureScheme::RSA_PKCS1_SHA384,
            RSA2048_PUB,
            include_bytes!("fixtures/rsa_pkcs1_sha384.sig"),
        ),
        (
            SignatureScheme::RSA_PKCS1_SHA512,
            RSA2048_PUB,
            include_bytes!("fixtures/rsa_pkcs1_sha512.sig"),
        ),
        (
            SignatureScheme::ECDSA_SECP256R1_SHA256,
            P256_PUB,
            include_bytes!("fixtures/ecdsa_p256_sha256.sig"),
        ),
        (
            SignatureScheme::ED25519,
            ED25519_PUB,
            include_bytes!("fixtures/ed25519.sig"),
        ),
    ];
    for (s, public, sig) in cases {
        let v = verifier_of(p, s);
        assert_eq!(v.scheme(), s, "verifier {s:?}: scheme");
        v.verify(public, MESSAGE, sig)
            .unwrap_or_else(|e| panic!("openssl signature {s:?}: verify failed: {e}"));
        assert_flips_fail(
            &|m, sg| v.verify(public, m, sg).is_ok(),
            MESSAGE,
            sig,
            &format!("openssl signature {s:?}"),
        );
        assert!(
            v.verify(public, MESSAGE, &[]).is_err(),
            "{s:?}: empty signature verified"
        );
        assert!(
            v.verify(&[], MESSAGE, sig).is_err(),
            "{s:?}: empty public key verified"
        );
        // The same signature under every other scheme of the same key type fails.
        for (other, other_public, _) in cases {
            if other != s && std::ptr::eq(other_public, public) {
                assert!(
                    verifier_of(p, other).verify(public, MESSAGE, sig).is_err(),
                    "a {s:?} signature verified as {other:?}"
                );
            }
        }
    }
    // Key types do not mix.
    let ecdsa = verifier_of(p, SignatureScheme::ECDSA_SECP256R1_SHA256);
    let rsa = verifier_of(p, SignatureScheme::RSA_PSS_RSAE_SHA256);
    let sig = include_bytes!("fixtures/ecdsa_p256_sha256.sig");
    assert!(
        ecdsa.verify(RSA2048_PUB, MESSAGE, sig).is_err(),
        "ECDSA with an RSA key"
    );
    assert!(
        rsa.verify(P256_PUB, MESSAGE, sig).is_err(),
        "RSA with an EC point"
    );
}

/// Every scheme signs and verifies through `load_private_key` → `choose_scheme` → `sign` →
/// `verify`; `choose_scheme` follows the peer's order and answers `None` when nothing fits.
pub fn check_sign_round_trips(p: &CryptoProvider) {
    let rsa = p
        .key_loader
        .load_private_key(&pkcs8(RSA2048_PKCS8))
        .expect("RSA-2048 PKCS#8 fixture");
    let ecdsa = p
        .key_loader
        .load_private_key(&pkcs8(P256_PKCS8))
        .expect("P-256 PKCS#8 fixture");
    let ed = p
        .key_loader
        .load_private_key(&pkcs8(ED25519_PKCS8))
        .expect("Ed25519 PKCS#8 fixture");
    let rsa_schemes = [
        SignatureScheme::RSA_PSS_RSAE_SHA256,
        SignatureScheme::RSA_PSS_RSAE_SHA384,
        SignatureScheme::RSA_PSS_RSAE_SHA512,
        SignatureScheme::RSA_PKCS1_SHA256,
        SignatureScheme::RSA_PKCS1_SHA384,
        SignatureScheme::RSA_PKCS1_SHA512,
    ];
    let message = b"TLS 1.3, server CertificateVerify\x00 transcript hash stand-in";
    let keys = rsa_schemes.iter().map(|&s| (&rsa, s, RSA2048_PUB)).chain([
        (&ecdsa, SignatureScheme::ECDSA_SECP256R1_SHA256, P256_PUB),
        (&ed, SignatureScheme::ED25519, ED25519_PUB),
    ]);
    for (key, s, public) in keys {
        let signer = key
            .choose_scheme(&[s])
            .unwrap_or_else(|| panic!("{s:?}: key {key:?} offers no signer"));
        assert_eq!(signer.scheme(), s, "{s:?}: signer scheme");
        let sig = signer
            .sign(message)
            .unwrap_or_else(|e| panic!("{s:?}: sign failed: {e}"));
        let v = verifier_of(p, s);
        assert_eq!(v.algorithm(), key.algorithm(), "{s:?}: verifier algorithm");
        v.verify(public, message, &sig)
            .unwrap_or_else(|e| panic!("{s:?}: own signature did not verify: {e}"));
        assert_flips_fail(
            &|m, sg| v.verify(public, m, sg).is_ok(),
            message,
            &sig,
            &format!("round trip {s:?}"),
        );
    }

    // The peer's order decides; unknown code points are skipped.
    let offered = [
        SignatureScheme::Unknown(0xfafa),
        SignatureScheme::ECDSA_SECP256R1_SHA256,
        SignatureScheme::RSA_PKCS1_SHA384,
        SignatureScheme::RSA_PSS_RSAE_SHA256,
    ];
    let pick =
        |k: &std::sync::Arc<dyn crate::SigningKey>| k.choose_scheme(&offered).map(|s| s.scheme());
    assert_eq!(
        pick(&rsa),
        Some(SignatureScheme::RSA_PKCS1_SHA384),
        "RSA key: first supported scheme"
    );
    assert_eq!(
        pick(&ecdsa),
        Some(SignatureScheme::ECDSA_SECP256R1_SHA256),
        "ECDSA key"
    );
    assert_eq!(pick(&ed), None, "Ed25519 key chose a scheme it cannot make");
    assert!(rsa.choose_scheme(&[]).is_none(), "RSA key: empty offer");
    assert!(
        ecdsa
            .choose_scheme(&[
                SignatureScheme::ECDSA_SECP384R1_SHA384,
                SignatureScheme::ED25519
            ])
            .is_none(),
        "P-256 key chose another curve's or algorithm's scheme"
    );
    assert!(
        rsa.choose_scheme(&[
            SignatureScheme::ED25519,
            SignatureScheme::ECDSA_SECP256R1_SHA256
        ])
        .is_none(),
        "RSA key chose a non-RSA scheme"
    );
}

/// Flipping one bit anywhere in `sig`, or in the first, last and middle byte of `msg`,
/// must make `verifies` false. Signatures are at most 512 bytes, so every bit is tried.
pub(super) fn assert_flips_fail(
    verifies: &dyn Fn(&[u8], &[u8]) -> bool,
    msg: &[u8],
    sig: &[u8],
    name: &str,
) {
    for i in 0..sig.len() {
        for bit in [0x01u8, 0x80] {
            let mut bad = sig.to_vec();
            bad[i] ^= bit;
            assert!(
                !verifies(msg, &bad),
                "{name}: signature byte {i} ^ {bit:#04x} verified"
            );
        }
    }
    let mut positions = vec![0, msg.len() / 2, msg.len().saturating_sub(1)];
    positions.dedup();
    for i in positions.into_iter().filter(|&i| i < msg.len()) {
        let mut bad = msg.to_vec();
        bad[i] ^= 0x01;
        assert!(
            !verifies(&bad, sig),
            "{name}: message byte {i} flipped, still verified"
        );
    }
    let mut longer = msg.to_vec();
    longer.push(0);
    assert!(
        !verifies(&longer, sig),
        "{name}: message with a byte appended verified"
    );
}

/// ECDSA P-384 signing, deterministic (RFC 6979 §3.2): the RFC 6979 §A.2.6 key (as a SEC1
/// DER) signs "sample" and "test" with SHA-384 to exactly the published (r, s), here in the
/// DER `Ecdsa-Sig-Value` TLS carries; the key is `EcdsaP384`, makes ecdsa_secp384r1_sha384
/// only, and the PKCS#8 P-384 fixture loads as the same family. For a provider whose loader
/// takes P-384 keys (`run_all` calls it only then).
pub fn check_ecdsa_p384_rfc6979(p: &CryptoProvider) {
    // ECPrivateKey { version 1, privateKey, [0] secp384r1 } (RFC 5915), written out.
    let sec1 = hex("303e0201010430\
         6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5\
         a00706052b81040022");
    let key = p
        .key_loader
        .load_private_key(&PrivateKeyDer::Sec1(sec1.into()))
        .expect("P-384: the RFC 6979 key");
    assert_eq!(
        key.algorithm(),
        SignatureAlgorithm::EcdsaP384,
        "P-384: key family"
    );
    assert!(
        key.choose_scheme(&[
            SignatureScheme::ECDSA_SECP256R1_SHA256,
            SignatureScheme::ECDSA_SECP521R1_SHA512,
            SignatureScheme::ED25519,
        ])
        .is_none(),
        "P-384 key chose another curve's or algorithm's scheme"
    );
    let signer = key
        .choose_scheme(&[
            SignatureScheme::ED25519,
            SignatureScheme::ECDSA_SECP384R1_SHA384,
        ])
        .expect("P-384: a signer for ecdsa_secp384r1_sha384");
    assert_eq!(signer.scheme(), SignatureScheme::ECDSA_SECP384R1_SHA384);
    // RFC 6979 §A.2.6, "With SHA-384". Both r and s have the top bit set, hence the 00 before
    // each 48-byte INTEGER.
    for (message, r, s) in [
        (
            &b"sample"[..],
            "94edbb92a5ecb8aad4736e56c691916b3f88140666ce9fa73d64c4ea95ad133c81a648152e44acf96e36dd1e80fabe46",
            "99ef4aeb15f178cea1fe40db2603138f130e740a19624526203b6351d0a3a94fa329c145786e679e7b82c71a38628ac8",
        ),
        (
            &b"test"[..],
            "8203b63d3c853e8d77227fb377bcf7b7b772e97892a80f36ab775d509d7a5feb0542a7f0812998da8f1dd3ca3cf023db",
            "ddd0760448d42d8a43af45af836fce4de8be06b485e9b61b827c2f13173923e06a739f040649a667bf3b828246baa5a5",
        ),
    ] {
        let expected = hex(&format!("3066023100{r}023100{s}"));
        let sig = signer.sign(message).expect("P-384: sign");
        assert_eq!(sig, expected, "P-384: RFC 6979 signature over {message:?}");
    }
    let fixture = p
        .key_loader
        .load_private_key(&pkcs8(P384_PKCS8))
        .expect("P-384 PKCS#8 fixture");
    assert_eq!(
        fixture.algorithm(),
        SignatureAlgorithm::EcdsaP384,
        "P-384 PKCS#8"
    );
    let spki = fixture.public_key().expect("P-384: public key");
    // SEQUENCE { SEQUENCE { id-ecPublicKey, secp384r1 }, BIT STRING 04 || X || Y }.
    assert!(
        spki.starts_with(&hex("3076301006072a8648ce3d020106052b8104002203620004")),
        "P-384: SubjectPublicKeyInfo"
    );
    assert_eq!(spki.len(), 120, "P-384: SubjectPublicKeyInfo length");
}

/// ECDSA P-521 signing, deterministic: the RFC 6979 §A.2.7 key (as a SEC1 DER) signs "sample"
/// and "test" with SHA-512 to exactly the published (r, s), in DER (the same bytes pyca/
/// cryptography's deterministic signing gives); the key is `EcdsaP521` and makes
/// ecdsa_secp521r1_sha512 only. For a provider whose loader takes P-521 keys (`run_all` calls
/// it only then).
pub fn check_ecdsa_p521_rfc6979(p: &CryptoProvider) {
    let key = p
        .key_loader
        .load_private_key(&p521_rfc6979_key())
        .expect("P-521: the RFC 6979 key");
    assert_eq!(
        key.algorithm(),
        SignatureAlgorithm::EcdsaP521,
        "P-521: key family"
    );
    assert!(
        key.choose_scheme(&[
            SignatureScheme::ECDSA_SECP256R1_SHA256,
            SignatureScheme::ECDSA_SECP384R1_SHA384,
        ])
        .is_none(),
        "P-521 key chose another curve's scheme"
    );
    let signer = key
        .choose_scheme(&[SignatureScheme::ECDSA_SECP521R1_SHA512])
        .expect("P-521: a signer for ecdsa_secp521r1_sha512");
    assert_eq!(signer.scheme(), SignatureScheme::ECDSA_SECP521R1_SHA512);
    // RFC 6979 §A.2.7, "With SHA-512": r and s are 66-byte INTEGERs (with a 00 where the top
    // byte is 00 and the next has its high bit set, "sample"'s r).
    for (message, der) in [
        (
            &b"sample"[..],
            "308187024200c328fafcbd79dd77850370c46325d987cb525569fb63c5d3bc53950e6d4c5f174e25a1ee9017b5d450606add152b534931d7d4e8455cc91f9b15bf05ec36e377fa\
             0241617cce7cf5064806c467f678d3b4080d6f1cc50af26ca209417308281b68af282623eaa63e5b5c0723d8b8c37ff0777b1a20f8ccb1dccc43997f1ee0e44da4a67a",
        ),
        (
            &b"test"[..],
            "3081880242013e99020abf5cee7525d16b69b229652ab6bdf2affcaef38773b4b7d08725f10cdb93482fdcc54edcee91eca4166b2a7c6265ef0ce2bd7051b7cef945babd47ee6d\
             024201fbd0013c674aa79cb39849527916ce301c66ea7ce8b80682786ad60f98f7e78a19ca69eff5c57400e3b3a0ad66ce0978214d13baf4e9ac60752f7b155e2de4dce3",
        ),
    ] {
        let sig = signer.sign(message).expect("P-521: sign");
        assert_eq!(sig, hex(der), "P-521: RFC 6979 signature over {message:?}");
    }
    // The same key as PKCS#8 (`openssl pkcs8 -topk8 -nocrypt -inform DER` of the SEC1 form)
    // signs the same bytes.
    let pkcs8_key = hex(
        "3060020100301006072a8648ce3d020106052b8104002304493047020101044200fad06daa62ba3b25d2fb40133da757205de67f5bb0018fee8c86e1b68c7e75caa896eb32f1f47c70855836a6d16fcc1466f6d8fbec67db89ec0c08b0e996b83538",
    );
    let key = p
        .key_loader
        .load_private_key(&pkcs8(&pkcs8_key))
        .expect("P-521: the RFC 6979 key as PKCS#8");
    assert_eq!(
        key.algorithm(),
        SignatureAlgorithm::EcdsaP521,
        "P-521 PKCS#8"
    );
    let again = key
        .choose_scheme(&[SignatureScheme::ECDSA_SECP521R1_SHA512])
        .expect("P-521 PKCS#8: a signer")
        .sign(b"sample")
        .expect("P-521 PKCS#8: sign");
    assert_eq!(
        again,
        signer.sign(b"sample").expect("P-521: sign"),
        "P-521: PKCS#8 and SEC1 forms sign alike"
    );
}

/// The RFC 6979 §A.2.7 P-521 key as ECPrivateKey { version 1, privateKey (66 bytes), [0]
/// secp521r1 } (RFC 5915).
pub(super) fn p521_rfc6979_key() -> PrivateKeyDer<'static> {
    PrivateKeyDer::Sec1(
        hex(
            "3050020101044200fad06daa62ba3b25d2fb40133da757205de67f5bb0018fee8c86e1b68c7e75caa896eb32f1f47c70855836a6d16fcc1466f6d8fbec67db89ec0c08b0e996b83538\
             a00706052b81040023",
        )
        .into(),
    )
}

/// ECDSA P-384 signing for a provider whose ECDSA is randomized (ring's): the PKCS#8 fixture
/// loads as `EcdsaP384`, makes ecdsa_secp384r1_sha384 only, two signatures of one message
/// differ and both verify under the key's own public point; any flipped bit fails. The
/// deterministic known answers are then checked verify-only by
/// [`check_ecdsa_rfc6979`](super::check_ecdsa_rfc6979).
pub fn check_ecdsa_p384_round_trip(p: &CryptoProvider) {
    let key = p
        .key_loader
        .load_private_key(&pkcs8(P384_PKCS8))
        .expect("P-384 PKCS#8 fixture");
    assert_eq!(
        key.algorithm(),
        SignatureAlgorithm::EcdsaP384,
        "P-384 PKCS#8"
    );
    assert!(
        key.choose_scheme(&[
            SignatureScheme::ECDSA_SECP256R1_SHA256,
            SignatureScheme::ECDSA_SECP521R1_SHA512,
            SignatureScheme::ED25519,
        ])
        .is_none(),
        "P-384 key chose another curve's or algorithm's scheme"
    );
    let signer = key
        .choose_scheme(&[
            SignatureScheme::ED25519,
            SignatureScheme::ECDSA_SECP384R1_SHA384,
        ])
        .expect("P-384: a signer for ecdsa_secp384r1_sha384");
    assert_eq!(signer.scheme(), SignatureScheme::ECDSA_SECP384R1_SHA384);
    let spki = key.public_key().expect("P-384: public key");
    // SEQUENCE { SEQUENCE { id-ecPublicKey, secp384r1 }, BIT STRING 00 04 || X || Y }.
    let prefix = hex("3076301006072a8648ce3d020106052b8104002203620004");
    assert!(spki.starts_with(&prefix), "P-384: SubjectPublicKeyInfo");
    assert_eq!(spki.len(), 120, "P-384: SubjectPublicKeyInfo length");
    let point = &spki[prefix.len() - 1..];
    let v = verifier_of(p, SignatureScheme::ECDSA_SECP384R1_SHA384);
    let a = signer.sign(MESSAGE).expect("P-384: sign");
    let b = signer.sign(MESSAGE).expect("P-384: sign");
    for sig in [&a, &b] {
        v.verify(point, MESSAGE, sig)
            .unwrap_or_else(|e| panic!("P-384: own signature did not verify: {e}"));
    }
    assert_flips_fail(
        &|m, sg| v.verify(point, m, sg).is_ok(),
        MESSAGE,
        &a,
        "P-384 round trip",
    );
}
