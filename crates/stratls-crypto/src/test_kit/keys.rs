//! Key loading, RSA key transport and randomness checks.

use super::sign::{
    ED25519_PKCS8, ED25519_PUB, P256_PKCS8, P256_PUB, P256_SEC1, P384_PKCS8, RSA1024_PKCS8,
    RSA2048_PKCS1, RSA2048_PKCS8, RSA2048_PUB,
};
use super::{pkcs1, pkcs8, sec1};
use crate::{CryptoError, CryptoProvider, PrivateKeyDer, SignatureAlgorithm};

/// The fixture keys load in each container they come in (PKCS#8 RSA / P-256 / Ed25519,
/// PKCS#1 RSA, SEC1 P-256); garbage and truncated DER are `InvalidKey`; an RSA-1024 key, a
/// P-384 key and a key in the wrong container are refused; `Debug` shows no key material.
pub fn check_key_loader(p: &CryptoProvider) {
    let loader = &p.key_loader;
    let good = [
        (
            "RSA-2048 PKCS#8",
            pkcs8(RSA2048_PKCS8),
            SignatureAlgorithm::Rsa,
        ),
        (
            "RSA-2048 PKCS#1",
            pkcs1(RSA2048_PKCS1),
            SignatureAlgorithm::Rsa,
        ),
        (
            "P-256 PKCS#8",
            pkcs8(P256_PKCS8),
            SignatureAlgorithm::EcdsaP256,
        ),
        ("P-256 SEC1", sec1(P256_SEC1), SignatureAlgorithm::EcdsaP256),
        (
            "Ed25519 PKCS#8",
            pkcs8(ED25519_PKCS8),
            SignatureAlgorithm::Ed25519,
        ),
    ];
    for (name, der, alg) in good {
        let key = loader
            .load_private_key(&der)
            .unwrap_or_else(|e| panic!("{name}: rejected: {e}"));
        assert_eq!(key.algorithm(), alg, "{name}: algorithm");
        let shown = format!("{key:?}");
        assert!(
            shown.len() < 100,
            "{name}: Debug is suspiciously long: {shown}"
        );
        // The P-256 private scalar of the fixture (see fixtures/README.md) must not show.
        assert!(
            !shown.to_ascii_lowercase().contains("140e9c78"),
            "{name}: Debug shows key material: {shown}"
        );
    }

    let mut truncated_rsa = RSA2048_PKCS8.to_vec();
    truncated_rsa.truncate(RSA2048_PKCS8.len() - 10);
    let mut corrupt_ec = P256_PKCS8.to_vec();
    corrupt_ec[1] ^= 0x40; // the outer SEQUENCE length
    let invalid: [(&str, PrivateKeyDer<'_>); 9] = [
        ("empty PKCS#8", pkcs8(&[])),
        ("garbage PKCS#8", pkcs8(b"not a key at all, just words")),
        ("garbage PKCS#1", pkcs1(&[0x30, 0x03, 0x02, 0x01])),
        ("garbage SEC1", sec1(&[0xff; 40])),
        ("truncated RSA PKCS#8", pkcs8(&truncated_rsa)),
        ("bad length P-256 PKCS#8", pkcs8(&corrupt_ec)),
        ("PKCS#8 passed as PKCS#1", pkcs1(P256_PKCS8)),
        ("PKCS#1 passed as SEC1", sec1(RSA2048_PKCS1)),
        ("SEC1 passed as PKCS#8", pkcs8(P256_SEC1)),
    ];
    for (name, der) in invalid {
        assert_eq!(
            loader.load_private_key(&der).err(),
            Some(CryptoError::InvalidKey),
            "{name}: expected InvalidKey"
        );
    }
    for (name, der) in [
        ("RSA-1024 PKCS#8", pkcs8(RSA1024_PKCS8)),
        ("P-384 PKCS#8", pkcs8(P384_PKCS8)),
    ] {
        match loader.load_private_key(&der) {
            Err(CryptoError::UnsupportedKey) => {}
            // A provider that implements P-384 may load it, but must then say so.
            Ok(key) if name.starts_with("P-384") => {
                assert_eq!(key.algorithm(), SignatureAlgorithm::EcdsaP384, "{name}");
            }
            other => panic!("{name}: expected UnsupportedKey, got {other:?}"),
        }
    }
}

/// A key that exports its public key (`SigningKey::public_key`) gives the DER
/// `SubjectPublicKeyInfo` a certificate would carry for it, byte for byte: rsaEncryption with
/// NULL parameters (RFC 8017), id-ecPublicKey with prime256v1 and the uncompressed point
/// (RFC 5480), id-Ed25519 without parameters (RFC 8410). A key that exports none passes.
pub fn check_public_keys(p: &CryptoProvider) {
    // The AlgorithmIdentifier SEQUENCEs, written out.
    const RSA_ALGORITHM: &str = "300d06092a864886f70d0101010500";
    const P256_ALGORITHM: &str = "301306072a8648ce3d020106082a8648ce3d030107";
    const ED25519_ALGORITHM: &str = "300506032b6570";
    let spki = |algorithm: &str, key: &[u8]| {
        let mut bits = vec![0u8];
        bits.extend_from_slice(key);
        let mut body = super::hex(algorithm);
        body.extend(der(0x03, &bits));
        der(0x30, &body)
    };
    let cases = [
        (
            "RSA-2048 PKCS#8",
            pkcs8(RSA2048_PKCS8),
            spki(RSA_ALGORITHM, RSA2048_PUB),
        ),
        (
            "RSA-2048 PKCS#1",
            pkcs1(RSA2048_PKCS1),
            spki(RSA_ALGORITHM, RSA2048_PUB),
        ),
        (
            "P-256 PKCS#8",
            pkcs8(P256_PKCS8),
            spki(P256_ALGORITHM, P256_PUB),
        ),
        (
            "P-256 SEC1",
            sec1(P256_SEC1),
            spki(P256_ALGORITHM, P256_PUB),
        ),
        (
            "Ed25519 PKCS#8",
            pkcs8(ED25519_PKCS8),
            spki(ED25519_ALGORITHM, ED25519_PUB),
        ),
    ];
    for (name, der, expected) in cases {
        let key = p
            .key_loader
            .load_private_key(&der)
            .unwrap_or_else(|e| panic!("{name}: rejected: {e}"));
        if let Some(found) = key.public_key() {
            assert_eq!(found, expected, "{name}: SubjectPublicKeyInfo");
        }
    }
}

/// A DER element: `tag`, the definite length (short or long form), `contents`.
fn der(tag: u8, contents: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = contents.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let digits: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | digits.len() as u8);
        out.extend(digits);
    }
    out.extend_from_slice(contents);
    out
}

/// RSAES-PKCS1-v1_5: encrypting a 48-byte premaster secret to the fixture's public key and
/// decrypting with its private key round-trips; encryption is randomised; a corrupted
/// ciphertext does not give the plaintext back; malformed input fails; non-RSA keys refuse.
pub fn check_rsa_key_transport(p: &CryptoProvider) {
    let transport = p
        .rsa_key_transport
        .as_ref()
        .unwrap_or_else(|| panic!("provider {} offers no RSA key transport", p.name));
    let key = p
        .key_loader
        .load_private_key(&pkcs8(RSA2048_PKCS8))
        .expect("RSA-2048 PKCS#8 fixture");
    let premaster: Vec<u8> = [0x03, 0x03].into_iter().chain(2u8..48).collect();

    let ct = transport
        .encrypt_pkcs1v15(RSA2048_PUB, &premaster)
        .unwrap_or_else(|e| panic!("RSA encrypt failed: {e}"));
    assert_eq!(ct.len(), 256, "RSA-2048 ciphertext length");
    let ct2 = transport
        .encrypt_pkcs1v15(RSA2048_PUB, &premaster)
        .unwrap_or_else(|e| panic!("RSA encrypt failed: {e}"));
    assert_ne!(ct, ct2, "PKCS#1 v1.5 encryption is not randomised");
    for c in [&ct, &ct2] {
        let pt = key
            .decrypt_pkcs1v15(c)
            .unwrap_or_else(|e| panic!("RSA decrypt failed: {e}"));
        assert_eq!(pt.as_bytes(), premaster, "RSA decrypt round trip");
    }

    // A corrupted ciphertext fails, or (with implicit rejection, RFC 8017 errata / the
    // Marvin countermeasure) yields a different message; never the original plaintext.
    for i in [0usize, 1, 100, 255] {
        let mut bad = ct.clone();
        bad[i] ^= 0x01;
        if let Ok(pt) = key.decrypt_pkcs1v15(&bad) {
            assert_ne!(
                pt.as_bytes(),
                premaster,
                "corrupted ciphertext (byte {i}) decrypted"
            );
        }
    }
    assert!(
        key.decrypt_pkcs1v15(&ct[..255]).is_err(),
        "short ciphertext decrypted"
    );
    assert!(
        key.decrypt_pkcs1v15(&[]).is_err(),
        "empty ciphertext decrypted"
    );
    assert!(
        key.decrypt_pkcs1v15(&[0xff; 256]).is_err(),
        "ciphertext >= n decrypted"
    );

    assert!(
        transport.encrypt_pkcs1v15(b"\x30\x00", &premaster).is_err(),
        "encryption to a malformed public key succeeded"
    );
    assert!(
        transport
            .encrypt_pkcs1v15(RSA2048_PUB, &[0x42; 300])
            .is_err(),
        "encryption of a message longer than the modulus succeeded"
    );
    for (name, der) in [
        ("P-256", pkcs8(P256_PKCS8)),
        ("Ed25519", pkcs8(ED25519_PKCS8)),
    ] {
        let other = p.key_loader.load_private_key(&der).expect("fixture key");
        assert_eq!(
            other.decrypt_pkcs1v15(&ct).err(),
            Some(CryptoError::Unsupported),
            "{name} key: decrypt_pkcs1v15 must be Unsupported"
        );
    }
}

/// The random source fills exactly the bytes asked for, and two fills differ.
pub fn check_random(p: &CryptoProvider) {
    let r = &p.random;
    let mut a = [0u8; 32];
    let mut b = [0u8; 32];
    r.fill(&mut a).expect("random fill");
    r.fill(&mut b).expect("random fill");
    assert_ne!(a, b, "two 32-byte random fills are equal");
    assert_ne!(a, [0u8; 32], "random fill left the buffer zero");

    r.fill(&mut []).expect("random fill of an empty buffer");
    let mut buf = [0xeeu8; 300];
    r.fill(&mut buf[10..266])
        .expect("random fill of a sub-slice");
    assert!(
        buf[..10].iter().all(|&x| x == 0xee),
        "random fill wrote before its slice"
    );
    assert!(
        buf[266..].iter().all(|&x| x == 0xee),
        "random fill wrote after its slice"
    );
    assert!(
        buf[10..266].iter().filter(|&&x| x == 0xee).count() < 32,
        "random fill left most of its slice unchanged"
    );
    let mut big = vec![0u8; 70_000];
    r.fill(&mut big).expect("random fill of 70000 bytes");
    assert!(
        big[69_000..].iter().any(|&x| x != 0),
        "random fill ignored the tail"
    );
}
