//! Hash, HMAC and HKDF checks.

use super::{hash_of, hex, hkdf_of};
use crate::{CryptoError, CryptoProvider, HashAlgorithm, MAX_HKDF_EXPAND_BLOCKS};

/// An RFC 5869 case: name, IKM, salt, info, PRK (hex), OKM (hex).
type HkdfCase<'a> = (
    &'a str,
    &'a [u8],
    Option<&'a [u8]>,
    &'a [u8],
    &'a str,
    &'a str,
);

/// SHA-256 and SHA-384 of "abc" and of the empty string (FIPS 180-2 examples, checked with
/// `printf abc | openssl dgst -sha256`), and the update / current / fork / finish semantics
/// of a hash context.
pub fn check_hash(p: &CryptoProvider) {
    let cases = [
        (
            HashAlgorithm::Sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ),
        (
            HashAlgorithm::Sha384,
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed\
             8086072ba1e7cc2358baeca134c825a7",
            "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da\
             274edebfe76f65fbd51ad2f14898b95b",
        ),
    ];
    for (alg, abc, empty) in cases {
        let h = hash_of(p, alg);
        assert_eq!(h.output_len(), alg.output_len(), "{alg:?}: output_len");
        assert_eq!(h.hash(b"abc").as_bytes(), hex(abc), "{alg:?}(\"abc\")");
        assert_eq!(h.hash(b"").as_bytes(), hex(empty), "{alg:?}(\"\")");

        // Incremental: "a" then "bc" equals "abc"; `current` does not end the computation.
        let mut ctx = h.start();
        assert_eq!(
            ctx.current().as_bytes(),
            hex(empty),
            "{alg:?}: current() at start"
        );
        ctx.update(b"a");
        let fork = ctx.fork();
        ctx.update(b"bc");
        assert_eq!(
            ctx.current().as_bytes(),
            hex(abc),
            "{alg:?}: current() after abc"
        );
        assert_eq!(
            ctx.current().as_bytes(),
            hex(abc),
            "{alg:?}: current() twice"
        );
        ctx.update(b"");
        // The fork kept the state after "a" and is independent of the original.
        let mut fork = fork;
        assert_eq!(fork.current(), h.hash(b"a"), "{alg:?}: fork state");
        fork.update(b"bc");
        assert_eq!(fork.finish().as_bytes(), hex(abc), "{alg:?}: fork finish");
        assert_eq!(ctx.finish().as_bytes(), hex(abc), "{alg:?}: finish");
    }
}

/// HMAC-SHA-256 and HMAC-SHA-384 known answers, one short key and one key longer than the
/// hash block, and signing over several parts.
///
/// Values made with:
/// ```text
/// printf 'what do ya want for nothing?' | openssl dgst -sha256 -hmac 'Jefe'
/// printf 'what do ya want for nothing?' | openssl dgst -sha384 -hmac 'Jefe'
/// printf 'stratls' | openssl mac -digest SHA256 \
///     -macopt hexkey:$(printf 'k%.0s' $(seq 1 100) | xxd -p -c 200) HMAC
/// printf 'stratls' | openssl mac -digest SHA384 \
///     -macopt hexkey:$(printf 'k%.0s' $(seq 1 200) | xxd -p -c 400) HMAC
/// ```
pub fn check_hmac(p: &CryptoProvider) {
    let jefe = b"what do ya want for nothing?";
    let cases: [(HashAlgorithm, &[u8], &[u8], &str); 4] = [
        (
            HashAlgorithm::Sha256,
            b"Jefe",
            jefe,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        ),
        (
            HashAlgorithm::Sha384,
            b"Jefe",
            jefe,
            "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e\
             8e2240ca5e69e2c78b3239ecfab21649",
        ),
        (
            HashAlgorithm::Sha256,
            &[b'k'; 100],
            b"stratls",
            "A5F3C8DDB52AE96DA982C1088316465EFC5DB9E4EB3C4BE6D4B168F2FE1F3787",
        ),
        (
            HashAlgorithm::Sha384,
            &[b'k'; 200],
            b"stratls",
            "6621A156E0E2E027F4D19A6E01F4E34438F4DCB77D208570271FD40A1942491C\
             68C6335960EAAE360935CFF5C16CCB74",
        ),
    ];
    for (alg, key, msg, want) in cases {
        let hmac = hkdf_of(p, alg);
        let want = hex(want);
        assert_eq!(hmac.tag_len(), alg.output_len(), "HMAC-{alg:?}: tag_len");
        let tag = hmac.sign(key, &[msg]);
        assert_eq!(tag.as_bytes(), want, "HMAC-{alg:?} key {} bytes", key.len());
        assert!(tag.ct_eq_bytes(&want), "HMAC-{alg:?}: ct_eq_bytes");
        // The same message in three parts, through a reusable keyed HMAC.
        let keyed = hmac.with_key(key);
        assert_eq!(
            keyed.tag_len(),
            alg.output_len(),
            "HMAC-{alg:?}: key tag_len"
        );
        let (a, rest) = msg.split_at(2);
        let (b, c) = rest.split_at(1);
        assert_eq!(
            keyed.sign(&[a, b, c]).as_bytes(),
            want,
            "HMAC-{alg:?}: parts"
        );
        assert_eq!(
            keyed.sign(&[msg]).as_bytes(),
            want,
            "HMAC-{alg:?}: key reuse"
        );
        // A different message gives a different tag.
        assert!(
            !keyed.sign(&[a]).ct_eq_bytes(&want),
            "HMAC-{alg:?}: other message"
        );
    }
}

/// HKDF-SHA-256 extract and expand, RFC 5869 §A.1–A.3, and the 255-block limit of expand.
pub fn check_hkdf(p: &CryptoProvider) {
    let hkdf = hkdf_of(p, HashAlgorithm::Sha256);
    let ikm22 = [0x0b; 22];
    let ikm80: Vec<u8> = (0x00..=0x4f).collect();
    let salt80: Vec<u8> = (0x60..=0xaf).collect();
    let info80: Vec<u8> = (0xb0..=0xff).collect();
    let cases: [HkdfCase<'_>; 3] = [
        (
            "A.1",
            &ikm22,
            Some(&hex("000102030405060708090a0b0c")),
            &hex("f0f1f2f3f4f5f6f7f8f9"),
            "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf\
             34007208d5b887185865",
        ),
        (
            "A.2",
            &ikm80,
            Some(&salt80),
            &info80,
            "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c\
             59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71\
             cc30c58179ec3e87c14c01d5c1f3434f1d87",
        ),
        (
            "A.3",
            &ikm22,
            Some(&[]),
            &[],
            "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d\
             9d201395faa4b61a96c8",
        ),
    ];
    for (name, ikm, salt, info, prk, okm) in cases {
        let got_prk = hkdf.extract(salt, ikm);
        assert_eq!(got_prk.as_bytes(), hex(prk), "RFC 5869 {name}: PRK");
        let want = hex(okm);
        let mut out = vec![0u8; want.len()];
        hkdf.expand(got_prk.as_bytes(), &[info], &mut out)
            .unwrap_or_else(|e| panic!("RFC 5869 {name}: expand failed: {e}"));
        assert_eq!(out, want, "RFC 5869 {name}: OKM");
        // Info given in two parts, and as a new secret.
        let (i1, i2) = info.split_at(info.len() / 2);
        let okm2 = hkdf
            .expand_secret(got_prk.as_bytes(), &[i1, i2], want.len())
            .unwrap_or_else(|e| panic!("RFC 5869 {name}: expand_secret failed: {e}"));
        assert_eq!(
            okm2.as_bytes(),
            want,
            "RFC 5869 {name}: OKM from info parts"
        );
    }
    // An absent salt is HashLen zeros, which HMAC pads the same way as an empty one (A.3).
    assert_eq!(
        hkdf.extract(None, &ikm22).as_bytes(),
        hex("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04"),
        "RFC 5869 A.3 with salt = None"
    );

    for alg in [HashAlgorithm::Sha256, HashAlgorithm::Sha384] {
        let hkdf = hkdf_of(p, alg);
        let prk = vec![0x42; alg.output_len()];
        let max = MAX_HKDF_EXPAND_BLOCKS * alg.output_len();
        let mut out = vec![0u8; max];
        assert_eq!(
            hkdf.expand(&prk, &[b"x"], &mut out),
            Ok(()),
            "{alg:?}: 255 blocks"
        );
        let mut out = vec![0u8; max + 1];
        assert_eq!(
            hkdf.expand(&prk, &[b"x"], &mut out),
            Err(CryptoError::InvalidLength),
            "{alg:?}: expand beyond 255 blocks must fail"
        );
        assert!(
            hkdf.expand_secret(&prk, &[], max + 1).is_err(),
            "{alg:?}: expand_secret beyond 255 blocks must fail"
        );
    }
}
