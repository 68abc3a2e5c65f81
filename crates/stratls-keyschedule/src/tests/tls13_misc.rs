//! KeyUpdate and exporters over SHA-256 (against OpenSSL), the bounds of HkdfLabel, the
//! per-record nonce, and what secrets print.
//!
//! The OpenSSL values come from
//!
//! ```text
//! el() { openssl kdf -keylen $4 -kdfopt digest:SHA256 -kdfopt mode:EXPAND_ONLY -kdfopt hexkey:$1 \
//!          -kdfopt prefix:"tls13 " -kdfopt label:"$2" -kdfopt hexdata:$3 TLS13-KDF; }
//! E=$(printf '' | openssl dgst -sha256 -r | cut -c1-64)
//! CTX=$(printf context | openssl dgst -sha256 -r | cut -c1-64)
//! ```

use stratls_crypto::{NONCE_LEN, Tls13CipherSuite};

use super::util::{AES128_SHA256, assert_hex, check_keys, hash, secret};
use crate::error::Error;
use crate::tls13::{
    EarlySecret, ExporterSecret, Iv, TrafficSecret, derive_secret, hkdf_expand_label,
};

/// RFC 8448 §3 client_application_traffic_secret_0.
const CAP0: &str = "9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5";
/// RFC 8448 §3 exporter_master_secret.
const EXP: &str = "fe22f881176eda18eb8f44529e6792c50c9a3f89452f68d8ae311b4309d3cf50";

#[test]
fn key_update_generations() -> Result<(), Error> {
    let cap0 = TrafficSecret::new(AES128_SHA256, secret(CAP0))?;
    // cap1=$(el $CAP0 "traffic upd" "" 32)
    let cap1 = cap0.next()?;
    assert_hex(
        cap1.as_secret().as_bytes(),
        "fcdfcc72725aaee48bf64e4fd8b749cdbdbab39d90da0b26e2245ca6ea167207",
        "generation 1",
    );
    // el $cap1 key "" 16; el $cap1 iv "" 12
    check_keys(
        &cap1,
        "3879d82f5f14056e623f2ce5bfc66fce",
        "5dfb2c5938c3379b6cc5d1f2",
        "generation 1",
    )?;
    // `next` leaves generation 0 usable: client_application_key of RFC 8448 §3.
    check_keys(
        &cap0,
        "17422dda596ed5d9acd890e3c63f5051",
        "5b78923dee08579033e523d9",
        "generation 0",
    )?;
    // el $cap1 "traffic upd" "" 32
    let cap2 = cap1.update()?;
    assert_hex(
        cap2.as_secret().as_bytes(),
        "68474fe58c172143d0a009a76edd231b0d934f3058588ea0852662279e54a573",
        "generation 2",
    );
    assert_eq!(cap2.suite().id, AES128_SHA256.id);
    Ok(())
}

#[test]
fn exporter() -> Result<(), Error> {
    let exp = ExporterSecret::new(AES128_SHA256, secret(EXP))?;
    // el $(el $EXP EXPORTER-stratls-test $E 32) exporter $CTX 32
    assert_hex(
        exp.export(b"EXPORTER-stratls-test", b"context", 32)?
            .as_bytes(),
        "4026ad228ce8ba1ceed51e89d9d8fff64ca6fcb939a8e7c7971c7667dc28ecd4",
        "export with context",
    );
    // el $(el $EXP EXPORTER-stratls-test $E 32) exporter $E 64
    assert_hex(
        exp.export(b"EXPORTER-stratls-test", b"", 64)?.as_bytes(),
        concat!(
            "0b2389e023764ccf4c8bf4c4ba05d9d2d07cae5ba0aff1b5f51c6a101c73947c",
            "fbaa808c1188dde96dae6d60c40b83552cbdaa07d129bae4997c62c6d055b7b6"
        ),
        "export with empty context",
    );
    assert_eq!(
        exp.export(&[b'x'; 250], b"", 32).err(),
        Some(Error::LabelLength(250))
    );
    assert_eq!(
        exp.export(b"EXPORTER-x", b"", 65536).err(),
        Some(Error::OutputLength(65536))
    );
    assert_eq!(
        ExporterSecret::new(AES128_SHA256, secret("0011")).err(),
        Some(Error::SecretLength {
            expected: 32,
            actual: 2
        })
    );
    Ok(())
}

#[test]
fn hkdf_label_bounds() -> Result<(), Error> {
    let hkdf = &*AES128_SHA256.hkdf;
    let prk = [0x0b; 32];
    // server_handshake_key of RFC 8448 §3, from server_handshake_traffic_secret.
    let shts = secret("b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38");
    let key = hkdf_expand_label(hkdf, shts.as_bytes(), b"key", b"", 16)?;
    assert_hex(key.as_bytes(), "3fce516009c21727d0f2e4e86ee403bc", "key");

    assert_eq!(
        hkdf_expand_label(hkdf, &prk, b"", b"", 32).err(),
        Some(Error::LabelLength(0))
    );
    hkdf_expand_label(hkdf, &prk, &[b'a'; 249], &[0; 255], 32)?;
    assert_eq!(
        hkdf_expand_label(hkdf, &prk, &[b'a'; 250], b"", 32).err(),
        Some(Error::LabelLength(250))
    );
    assert_eq!(
        hkdf_expand_label(hkdf, &prk, b"l", &[0; 256], 32).err(),
        Some(Error::ContextLength(256))
    );
    assert_eq!(
        hkdf_expand_label(hkdf, &prk, b"l", b"", 255 * 32)?.len(),
        8160
    );
    assert_eq!(
        hkdf_expand_label(hkdf, &prk, b"l", b"", 255 * 32 + 1).err(),
        Some(Error::OutputLength(8161))
    );
    assert_eq!(
        hkdf_expand_label(hkdf, &prk, b"l", b"", 1 << 16).err(),
        Some(Error::OutputLength(1 << 16))
    );
    assert_eq!(
        derive_secret(hkdf, &prk, b"derived", &[0; 31]).err(),
        Some(Error::HashLength {
            expected: 32,
            actual: 31
        })
    );
    Ok(())
}

#[test]
fn transcript_hash_of_the_wrong_length_is_refused() -> Result<(), Error> {
    let hs = EarlySecret::new(AES128_SHA256, None)?.into_handshake_secret(None)?;
    let short = hash("00112233");
    assert_eq!(
        hs.client_handshake_traffic_secret(&short).err(),
        Some(Error::HashLength {
            expected: 32,
            actual: 4
        })
    );
    Ok(())
}

#[test]
fn mismatched_suite_is_refused() {
    static BROKEN: Tls13CipherSuite = Tls13CipherSuite {
        id: stratls_crypto::CipherSuite::TLS13_AES_128_GCM_SHA256,
        hash: stratls_crypto::Shared::Static(stratls_rustcrypto::SHA384),
        hkdf: stratls_crypto::Shared::Static(stratls_rustcrypto::HMAC_SHA256),
        aead: stratls_crypto::Shared::Static(stratls_rustcrypto::AES_128_GCM),
    };
    assert_eq!(
        EarlySecret::new(&BROKEN, None).err(),
        Some(Error::SuiteMismatch)
    );
    assert_eq!(
        TrafficSecret::new(&BROKEN, secret(CAP0)).err(),
        Some(Error::SuiteMismatch)
    );
}

#[test]
fn record_nonce() {
    let iv = Iv::new([
        0x5b, 0x78, 0x92, 0x3d, 0xee, 0x08, 0x57, 0x90, 0x33, 0xe5, 0x23, 0xd9,
    ]);
    assert_eq!(iv.nonce(0), *iv.as_bytes());
    let mut one = *iv.as_bytes();
    one[NONCE_LEN - 1] ^= 1;
    assert_eq!(iv.nonce(1), one);
    let max = iv.nonce(u64::MAX);
    assert_eq!(max[..4], iv.as_bytes()[..4]);
    for (m, i) in max[4..].iter().zip(&iv.as_bytes()[4..]) {
        assert_eq!(*m, !*i);
    }
}

#[test]
fn secrets_do_not_print() -> Result<(), Error> {
    let early = EarlySecret::new(AES128_SHA256, None)?;
    let cap = TrafficSecret::new(AES128_SHA256, secret(CAP0))?;
    let keys = cap.keys()?;
    let binder_key = early.binder_key(crate::tls13::PskKind::External)?;
    let shown = [
        format!("{early:?}"),
        format!("{cap:?}"),
        format!("{keys:?}"),
        format!("{:?}", keys.iv()),
        format!("{:?}", cap.finished_key()?),
        format!("{binder_key:?}"),
        format!("{:?}", ExporterSecret::new(AES128_SHA256, secret(EXP))?),
    ];
    let secrets = [
        hex::encode(early.test_bytes()),
        CAP0.to_owned(),
        hex::encode(keys.key().as_bytes()),
        hex::encode(keys.iv().as_bytes()),
        hex::encode(cap.finished_key()?.test_bytes()),
        hex::encode(binder_key.test_bytes()),
        EXP.to_owned(),
    ];
    for text in &shown {
        assert!(text.contains("redacted"), "{text}");
        for s in &secrets {
            // Neither the whole secret nor any 4-byte piece of it.
            for piece in s.as_bytes().chunks(8) {
                let piece = core::str::from_utf8(piece).expect("hex");
                assert!(!text.contains(piece), "{text} shows {piece}");
            }
        }
    }
    assert!(shown[1].contains("TLS_AES_128_GCM_SHA256"), "{}", shown[1]);
    Ok(())
}
