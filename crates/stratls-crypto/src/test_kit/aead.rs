//! AEAD checks.

use super::{aead_of, hex};
use crate::{Aead, AeadAlgorithm, CryptoProvider, NONCE_LEN};

/// One known answer: key, nonce, aad, plaintext, ciphertext || tag.
struct Vector {
    name: &'static str,
    alg: AeadAlgorithm,
    key: Vec<u8>,
    nonce: [u8; NONCE_LEN],
    aad: Vec<u8>,
    plaintext: Vec<u8>,
    sealed: Vec<u8>,
}

fn nonce(s: &str) -> [u8; NONCE_LEN] {
    hex(s).try_into().expect("test kit: nonce is 12 bytes")
}

fn vectors() -> Vec<Vector> {
    vec![
        Vector {
            name: "RFC 8439 §2.8.2",
            alg: AeadAlgorithm::ChaCha20Poly1305,
            key: hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"),
            nonce: nonce("070000004041424344454647"),
            aad: hex("50515253c0c1c2c3c4c5c6c7"),
            plaintext: b"Ladies and Gentlemen of the class of '99: If I could offer you \
                         only one tip for the future, sunscreen would be it."
                .to_vec(),
            sealed: hex(
                "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6\
                 3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36\
                 92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc\
                 3ff4def08e4b7a9de576d26586cec64b6116\
                 1ae10b594f09e26a7e902ecbd0600691",
            ),
        },
        // RFC 8448 §3, the client's first application-data record: key and IV are
        // `client_application_key` / `client_application_iv`, sequence number 0 (so the nonce
        // is the IV), aad the record header, plaintext `client_app_data_record.payload`
        // followed by the inner content type 0x17, sealed the body of
        // `client_app_data_record.complete_record`.
        Vector {
            name: "RFC 8448 §3 client application data",
            alg: AeadAlgorithm::Aes128Gcm,
            key: hex("17422dda596ed5d9acd890e3c63f5051"),
            nonce: nonce("5b78923dee08579033e523d9"),
            aad: hex("1703030043"),
            plaintext: hex(
                "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\
                 202122232425262728292a2b2c2d2e2f303117",
            ),
            sealed: hex(
                "a23f7054b62c94d0affafe8228ba55cbefacea42f914aa66bcab3f2b9819a8a5\
                 b46b395bd54a9a20441e2b62974e1f5a6292a2977014bd1e3deae63aeebb2169\
                 4915e4",
            ),
        },
        // McGrew & Viega, "The Galois/Counter Mode of Operation", test case 16.
        Vector {
            name: "GCM spec test case 16",
            alg: AeadAlgorithm::Aes256Gcm,
            key: hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"),
            nonce: nonce("cafebabefacedbaddecaf888"),
            aad: hex("feedfacedeadbeeffeedfacedeadbeefabaddad2"),
            plaintext: hex(
                "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72\
                 1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
            ),
            sealed: hex(
                "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa\
                 8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662\
                 76fc6ece0f4e1768cddf8853bb2d551b",
            ),
        },
    ]
}

/// Known answers for ChaCha20-Poly1305 (RFC 8439), AES-128-GCM (RFC 8448) and AES-256-GCM
/// (GCM specification); tampering with any byte of ciphertext, tag or aad fails; a wrong
/// tag length or key length fails; an empty plaintext round-trips.
pub fn check_aead(p: &CryptoProvider) {
    for v in vectors() {
        let aead = aead_of(p, v.alg);
        check_vector(aead, &v);
        check_misuse(aead, v.name);
    }
}

fn check_vector(aead: &dyn Aead, v: &Vector) {
    let name = v.name;
    assert_eq!(aead.key_len(), v.key.len(), "{name}: key_len");
    assert_eq!(aead.tag_len(), 16, "{name}: tag_len");
    let key = aead
        .key(&v.key)
        .unwrap_or_else(|e| panic!("{name}: key rejected: {e}"));
    let (want_ct, want_tag) = v.sealed.split_at(v.plaintext.len());

    let mut data = v.plaintext.clone();
    let mut tag = [0u8; 16];
    key.seal_in_place(&v.nonce, &v.aad, &mut data, &mut tag)
        .unwrap_or_else(|e| panic!("{name}: seal failed: {e}"));
    assert_eq!(data, want_ct, "{name}: ciphertext");
    assert_eq!(tag, want_tag, "{name}: tag");

    key.open_in_place(&v.nonce, &v.aad, &mut data, &tag)
        .unwrap_or_else(|e| panic!("{name}: open of a good record failed: {e}"));
    assert_eq!(data, v.plaintext, "{name}: opened plaintext");

    // Flip one bit in each byte of the ciphertext, the tag and the aad in turn.
    for i in 0..want_ct.len() {
        let mut ct = want_ct.to_vec();
        ct[i] ^= 0x01;
        let opened = key.open_in_place(&v.nonce, &v.aad, &mut ct, want_tag);
        assert!(
            opened.is_err(),
            "{name}: ciphertext byte {i} tampered, open succeeded"
        );
    }
    for i in 0..want_tag.len() {
        let mut tag = want_tag.to_vec();
        tag[i] ^= 0x80;
        let mut ct = want_ct.to_vec();
        let opened = key.open_in_place(&v.nonce, &v.aad, &mut ct, &tag);
        assert!(
            opened.is_err(),
            "{name}: tag byte {i} tampered, open succeeded"
        );
    }
    for i in 0..v.aad.len() {
        let mut aad = v.aad.clone();
        aad[i] ^= 0x01;
        let mut ct = want_ct.to_vec();
        let opened = key.open_in_place(&v.nonce, &aad, &mut ct, want_tag);
        assert!(
            opened.is_err(),
            "{name}: aad byte {i} tampered, open succeeded"
        );
    }
    let mut other_nonce = v.nonce;
    other_nonce[NONCE_LEN - 1] ^= 0x01;
    let mut ct = want_ct.to_vec();
    assert!(
        key.open_in_place(&other_nonce, &v.aad, &mut ct, want_tag)
            .is_err(),
        "{name}: open with another nonce succeeded"
    );
    let mut ct = want_ct.to_vec();
    assert!(
        key.open_in_place(&v.nonce, &v.aad, &mut ct, &want_tag[..15])
            .is_err(),
        "{name}: open with a truncated tag succeeded"
    );
}

fn check_misuse(aead: &dyn Aead, name: &str) {
    let len = aead.key_len();
    for bad in [0, 1, len - 1, len + 1, 64] {
        assert!(
            aead.key(&vec![0x11; bad]).is_err(),
            "{name}: a {bad}-byte key was accepted"
        );
    }
    let key = aead
        .key(&vec![0x11; len])
        .unwrap_or_else(|e| panic!("{name}: key rejected: {e}"));
    let nonce = [0x22; NONCE_LEN];
    // Empty plaintext: only the tag.
    let mut empty: [u8; 0] = [];
    let mut tag = [0u8; 16];
    key.seal_in_place(&nonce, b"aad", &mut empty, &mut tag)
        .unwrap_or_else(|e| panic!("{name}: seal of empty plaintext failed: {e}"));
    assert_ne!(
        tag, [0u8; 16],
        "{name}: empty plaintext gave an all-zero tag"
    );
    key.open_in_place(&nonce, b"aad", &mut empty, &tag)
        .unwrap_or_else(|e| panic!("{name}: open of empty plaintext failed: {e}"));
    assert!(
        key.open_in_place(&nonce, b"aaD", &mut empty, &tag).is_err(),
        "{name}: empty plaintext, tampered aad accepted"
    );
    // A tag buffer of the wrong size is refused, not written past.
    let mut data = *b"record";
    let mut short_tag = [0u8; 8];
    assert!(
        key.seal_in_place(&nonce, b"", &mut data, &mut short_tag)
            .is_err(),
        "{name}: seal into an 8-byte tag buffer succeeded"
    );
    // A second, large record round-trips.
    let plain: Vec<u8> = (0..16_385u32).map(|i| (i % 251) as u8).collect();
    let mut data = plain.clone();
    key.seal_in_place(&nonce, b"hdr", &mut data, &mut tag)
        .unwrap_or_else(|e| panic!("{name}: seal of 16385 bytes failed: {e}"));
    assert_ne!(data, plain, "{name}: seal left the plaintext unchanged");
    key.open_in_place(&nonce, b"hdr", &mut data, &tag)
        .unwrap_or_else(|e| panic!("{name}: open of 16385 bytes failed: {e}"));
    assert_eq!(data, plain, "{name}: large record round trip");
}
