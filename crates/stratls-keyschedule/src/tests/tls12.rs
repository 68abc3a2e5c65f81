//! The TLS 1.2 PRF and what derives from it, against OpenSSL 3.0's `TLS1-PRF`:
//!
//! ```text
//! prf() { openssl kdf -keylen $4 -kdfopt digest:$1 -kdfopt hexsecret:$2 -kdfopt hexseed:$3 TLS1-PRF; }
//! hx() { printf '%s' "$1" | xxd -p | tr -d '\n'; }
//! ```
//!
//! with the RFC 8448 §3 randoms as client and server random, its x25519 shared secret as
//! premaster secret, and two of its transcript hashes as session and handshake hashes.

use stratls_crypto::{Secret, Tls12CipherSuite};

use super::util::{assert_hex, h, hash, secret};
use crate::error::Error;
use crate::tls12::{FinishedLabel, MasterSecret, prf};

static AES128_SHA256: &Tls12CipherSuite =
    &stratls_rustcrypto::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256;
static CHACHA_SHA256: &Tls12CipherSuite =
    &stratls_rustcrypto::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256;
static AES256_SHA384: &Tls12CipherSuite =
    &stratls_rustcrypto::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384;

/// RFC 8448 §3 client_random.
const CR: [u8; 32] = *b"\xcb\x34\xec\xb1\xe7\x81\x63\xba\x1c\x38\xc6\xda\xcb\x19\x6a\x6d\
    \xff\xa2\x1a\x8d\x99\x12\xec\x18\xa2\xef\x62\x83\x02\x4d\xec\xe7";
/// RFC 8448 §3 server_random.
const SR: [u8; 32] = *b"\xa6\xaf\x06\xa4\x12\x18\x60\xdc\x5e\x6e\x60\x24\x9c\xd3\x4c\x95\
    \x93\x0c\x8a\xc5\xcb\x14\x34\xda\xc1\x55\x77\x2e\xd3\xe2\x69\x28";
const PMS: &str = "8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d";
/// A SHA-256 handshake hash (RFC 8448 §3, ClientHello...CertificateVerify).
const HASH256: &str = "edb7725fa7a3473b031ec8ef65a2485493900138a2b91291407d7951a06110ed";
/// A SHA-384 handshake hash (the same messages under SHA-384).
const HASH384: &str = concat!(
    "96cbc7d8d92c5d0ae5b83cbbc6cd6bc42dea196d714b37eb",
    "259fd1d82207e9baba6ad0f9f30dd340c230bfacd4cecacd"
);

#[test]
fn prf_sha256_and_sha384() {
    // prf SHA256 9bbe436ba940f017b17652849a71db35 $(hx "test label")a0ba9f936cda311827a6f796ffd5198c 100
    let mut out = [0u8; 100];
    prf(
        stratls_rustcrypto::HMAC_SHA256,
        &h("9bbe436ba940f017b17652849a71db35"),
        b"test label",
        &h("a0ba9f936cda311827a6f796ffd5198c"),
        &mut out,
    );
    assert_hex(
        &out,
        concat!(
            "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e",
            "14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5",
            "a72e5a5110fff70187347b66"
        ),
        "P_SHA256",
    );
    // prf SHA384 b80b733d6ceefcdc71566ea48e5567df $(hx "test label")cd665cf6a8447dd6ff8b27555edb7465 148
    let mut out = [0u8; 148];
    prf(
        stratls_rustcrypto::HMAC_SHA384,
        &h("b80b733d6ceefcdc71566ea48e5567df"),
        b"test label",
        &h("cd665cf6a8447dd6ff8b27555edb7465"),
        &mut out,
    );
    assert_hex(
        &out,
        concat!(
            "7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cde9ca0faa60be9fe34f82b123",
            "3c9146a0e534cb400fed2700884f9dc236f80edd8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd",
            "4abfdad05d9184259b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9aee691c8f3a2",
            "6854308d5eaa3be85e0990703d73e56f"
        ),
        "P_SHA384",
    );
    // A shorter output is a prefix of a longer one.
    let mut short = [0u8; 7];
    prf(
        stratls_rustcrypto::HMAC_SHA384,
        &h("b80b733d6ceefcdc71566ea48e5567df"),
        b"test label",
        &h("cd665cf6a8447dd6ff8b27555edb7465"),
        &mut short,
    );
    assert_eq!(short, out[..7]);
}

#[test]
fn master_secret_key_block_finished() -> Result<(), Error> {
    // prf SHA256 $PMS $(hx "master secret")$CR$SR 48
    let ms = MasterSecret::new(AES128_SHA256, &secret(PMS), &CR, &SR)?;
    let ms_hex = concat!(
        "acc76533de1dd7dcb596e349f6090966e7425f0f370a7459",
        "cd99545b55d1c5b349aca94ba2bc0355c6a80b81e5530d17"
    );
    assert_hex(ms.as_secret().as_bytes(), ms_hex, "master secret");

    // prf SHA256 $MS $(hx "key expansion")$SR$CR 40
    let kb = ms.key_block(&CR, &SR);
    assert_hex(
        kb.client_write_key().as_bytes(),
        "f2902930185054ca32dff5eb54cbe8fd",
        "cwk",
    );
    assert_hex(
        kb.server_write_key().as_bytes(),
        "1a0cf0f3f6a9c968422ff16026512a82",
        "swk",
    );
    assert_hex(kb.client_write_iv().as_bytes(), "c64303a2", "civ");
    assert_hex(kb.server_write_iv().as_bytes(), "f4b106e6", "siv");

    // ChaCha20-Poly1305: 32-byte keys, 12-byte IVs; prf SHA256 $MS $(hx "key expansion")$SR$CR 88
    let chacha = MasterSecret::from_secret(CHACHA_SHA256, secret(ms_hex))?;
    let kb = chacha.key_block(&CR, &SR);
    assert_hex(
        kb.client_write_key().as_bytes(),
        "f2902930185054ca32dff5eb54cbe8fd1a0cf0f3f6a9c968422ff16026512a82",
        "chacha cwk",
    );
    assert_hex(
        kb.server_write_key().as_bytes(),
        "c64303a2f4b106e6fc673b64e04370d047a597ea034f75feb95ad0ced4d2cc51",
        "chacha swk",
    );
    assert_hex(
        kb.client_write_iv().as_bytes(),
        "10a12aedb1dd87d342109b2d",
        "chacha civ",
    );
    assert_hex(
        kb.server_write_iv().as_bytes(),
        "8abeeaf588e94360bbbf6c46",
        "chacha siv",
    );

    // prf SHA256 $MS $(hx "client finished")$HASH256 12, and "server finished"
    let hh = hash(HASH256);
    let client = ms.verify_data(FinishedLabel::Client, &hh)?;
    assert_hex(
        client.as_bytes(),
        "be2790b8537acd305da316bc",
        "client verify_data",
    );
    assert_hex(
        ms.verify_data(FinishedLabel::Server, &hh)?.as_bytes(),
        "aea854a270da5b74a7791a31",
        "server verify_data",
    );
    ms.verify_finished(FinishedLabel::Client, &hh, client.as_bytes())?;
    assert_eq!(
        ms.verify_finished(FinishedLabel::Server, &hh, client.as_bytes()),
        Err(Error::BadFinished)
    );
    assert_eq!(
        ms.verify_finished(FinishedLabel::Client, &hh, &client.as_bytes()[..11]),
        Err(Error::BadFinished)
    );
    assert_eq!(
        ms.verify_data(FinishedLabel::Client, &hash(HASH384)).err(),
        Some(Error::HashLength {
            expected: 32,
            actual: 48
        })
    );
    Ok(())
}

#[test]
fn extended_master_secret() -> Result<(), Error> {
    // prf SHA256 $PMS $(hx "extended master secret")$HASH256 48
    let ems = MasterSecret::new_extended(AES128_SHA256, &secret(PMS), &hash(HASH256))?;
    assert_hex(
        ems.as_secret().as_bytes(),
        concat!(
            "2c76991bf12e29bcc821351a3a53e6ea9e271fcefdec1b1d",
            "3d99abdd06ac5639ae351ebcc8d963508963ca63cfcb10b5"
        ),
        "ems",
    );

    // SHA-384: prf SHA384 $PMS $(hx "extended master secret")$HASH384 48
    let ems = MasterSecret::new_extended(AES256_SHA384, &secret(PMS), &hash(HASH384))?;
    assert_hex(
        ems.as_secret().as_bytes(),
        concat!(
            "297698af6edb98ba5aa224db20062affc7e75d7cad224b20",
            "8a3439a0d98ac15f7a77b0a1d20920e4a121a29e69f6a167"
        ),
        "ems sha384",
    );
    // prf SHA384 $EMS384 $(hx "key expansion")$SR$CR 72
    let kb = ems.key_block(&CR, &SR);
    assert_hex(
        kb.client_write_key().as_bytes(),
        "1eb1604fba3b9db708bb9cb46396d0cd6125771633e23f05ff159befd13b2c40",
        "cwk",
    );
    assert_hex(
        kb.server_write_key().as_bytes(),
        "329b59185864dfadca4f4e66a3b035a4bb480c052204cb60bba7f7510075c606",
        "swk",
    );
    assert_hex(kb.client_write_iv().as_bytes(), "4a941bcb", "civ");
    assert_hex(kb.server_write_iv().as_bytes(), "19307912", "siv");
    // prf SHA384 $EMS384 $(hx "server finished")$HASH384 12
    assert_hex(
        ems.verify_data(FinishedLabel::Server, &hash(HASH384))?
            .as_bytes(),
        "42418ed377bb26ca1479a65a",
        "server verify_data",
    );
    assert_eq!(
        MasterSecret::new_extended(AES256_SHA384, &secret(PMS), &hash(HASH256)).err(),
        Some(Error::HashLength {
            expected: 48,
            actual: 32
        })
    );
    Ok(())
}

#[test]
fn exporter() -> Result<(), Error> {
    let ms = MasterSecret::new(AES128_SHA256, &secret(PMS), &CR, &SR)?;
    let label = b"EXPERIMENTAL-stratls";
    // prf SHA256 $MS $(hx EXPERIMENTAL-stratls)$CR$SR 20
    assert_hex(
        ms.export(label, None, &CR, &SR, 20)?.as_bytes(),
        "80ee3504e0b1201e044d3659e76c3f2a0629cc74",
        "no context",
    );
    // prf SHA256 $MS $(hx EXPERIMENTAL-stratls)$CR${SR}0000 20
    assert_hex(
        ms.export(label, Some(b""), &CR, &SR, 20)?.as_bytes(),
        "7af2d075dc722c5980504adf730188dbe20a800d",
        "empty context",
    );
    // prf SHA256 $MS $(hx EXPERIMENTAL-stratls)$CR${SR}0007$(hx context) 20
    assert_hex(
        ms.export(label, Some(b"context"), &CR, &SR, 20)?.as_bytes(),
        "567089a43db95a64b5c6be4661e6e4e151a1dd37",
        "context",
    );
    for reserved in [&b"key expansion"[..], b"client finished", b"master secret"] {
        assert_eq!(
            ms.export(reserved, None, &CR, &SR, 12).err(),
            Some(Error::ReservedExporterLabel)
        );
    }
    let long = vec![0u8; 65536];
    assert_eq!(
        ms.export(label, Some(&long), &CR, &SR, 12).err(),
        Some(Error::ContextLength(65536))
    );
    Ok(())
}

#[test]
fn master_secret_checks() {
    assert_eq!(
        MasterSecret::from_secret(AES128_SHA256, Secret::zeroed(32)).err(),
        Some(Error::SecretLength {
            expected: 48,
            actual: 32
        })
    );
    // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 with the wrong hash.
    static BROKEN: Tls12CipherSuite = Tls12CipherSuite {
        id: stratls_crypto::CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        kx: stratls_crypto::Tls12KeyExchange::Ecdhe,
        auth: stratls_crypto::SignatureAlgorithm::Rsa,
        hash: stratls_crypto::Shared::Static(stratls_rustcrypto::SHA384),
        hmac: stratls_crypto::Shared::Static(stratls_rustcrypto::HMAC_SHA256),
        aead: stratls_crypto::Shared::Static(stratls_rustcrypto::AES_128_GCM),
        record_nonce: stratls_crypto::Tls12RecordNonce::Explicit,
    };
    assert_eq!(
        MasterSecret::new(&BROKEN, &secret(PMS), &CR, &SR).err(),
        Some(Error::SuiteMismatch)
    );
}

#[test]
fn tls12_secrets_do_not_print() -> Result<(), Error> {
    let ms = MasterSecret::new(AES128_SHA256, &secret(PMS), &CR, &SR)?;
    let shown = format!("{ms:?} {:?}", ms.key_block(&CR, &SR));
    assert!(!shown.contains("acc76533"), "{shown}");
    assert!(!shown.contains("f2902930"), "{shown}");
    assert!(shown.contains("redacted"), "{shown}");
    Ok(())
}
