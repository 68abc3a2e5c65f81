//! Key-exchange checks.

use super::{group_of, hex};
use crate::{ActiveKeyExchange, CryptoError, CryptoProvider, Encapsulated, KxGroup, NamedGroup};

/// A key-exchange group that also builds a key pair from a given private key: the hook that
/// known answers (RFC 7748 publishes private keys, RFC 8448 its ephemeral ones) and
/// deterministic replays need. Real connections have no use for it, so it is not part of
/// [`KxGroup`]: a provider implements it for its groups behind a test feature of its own and
/// hands them to [`check_x25519`], [`check_secp256r1`] and [`run_all`](super::run_all).
pub trait KxFromPrivateKey: KxGroup {
    /// Builds a key pair from `private_key` (32 bytes for x25519, a big-endian scalar for the
    /// NIST curves). Never use a private key twice in a real connection.
    #[allow(clippy::wrong_self_convention)]
    fn from_private_key(
        &self,
        private_key: &[u8],
    ) -> Result<Box<dyn ActiveKeyExchange>, CryptoError>;

    /// [`KxGroup::encapsulate`] with given randomness: for a Diffie-Hellman group (the
    /// default) `randomness` is the server's private key, for a KEM whatever its encapsulation
    /// draws (for X25519MLKEM768: the 32-byte `m` of FIPS 203, then the x25519 scalar).
    fn encapsulate_with(
        &self,
        randomness: &[u8],
        client_share: &[u8],
    ) -> Result<Encapsulated, CryptoError> {
        let kx = self.from_private_key(randomness)?;
        let share = kx.public_key().to_vec();
        let secret = kx.complete(client_share)?;
        Ok(Encapsulated { share, secret })
    }
}

/// X25519: RFC 7748 §5.2 scalar multiplications, the §6.1 Diffie-Hellman of Alice and Bob
/// from both sides, rejection of low-order points (all-zero output, §6.1) and of shares of
/// the wrong length, a fresh exchange between two `start()` key pairs of the provider's
/// group, and one between such a pair and a known key of `fixed` (the same group, able to
/// take a given private key).
pub fn check_x25519(p: &CryptoProvider, fixed: &dyn KxFromPrivateKey) {
    let g = group_of(p, NamedGroup::X25519);
    assert_eq!(g.group(), NamedGroup::X25519, "x25519: group code point");
    assert_eq!(fixed.group(), NamedGroup::X25519, "x25519: fixed-key group");

    // §5.2: X25519(scalar, u) through from_private_key + complete.
    for (scalar, u, out) in [
        (
            "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
            "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
            "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
        ),
        (
            "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
            "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
            "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
        ),
    ] {
        let kx = fixed
            .from_private_key(&hex(scalar))
            .expect("x25519: RFC 7748 §5.2 scalar");
        let shared = kx
            .complete(&hex(u))
            .expect("x25519: RFC 7748 §5.2 u-coordinate");
        assert_eq!(shared.as_bytes(), hex(out), "x25519: RFC 7748 §5.2 output");
    }

    // §6.1: Alice and Bob.
    let alice_priv = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    let alice_pub = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    let bob_priv = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
    let bob_pub = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
    let k = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    let alice = fixed
        .from_private_key(&hex(alice_priv))
        .expect("x25519: Alice's key");
    assert_eq!(
        alice.public_key(),
        hex(alice_pub),
        "x25519: Alice's public key"
    );
    assert_eq!(alice.group(), NamedGroup::X25519, "x25519: active group");
    let bob = fixed
        .from_private_key(&hex(bob_priv))
        .expect("x25519: Bob's key");
    assert_eq!(bob.public_key(), hex(bob_pub), "x25519: Bob's public key");
    assert_eq!(
        alice
            .complete(&hex(bob_pub))
            .expect("x25519: Alice")
            .as_bytes(),
        k
    );
    assert_eq!(
        bob.complete(&hex(alice_pub))
            .expect("x25519: Bob")
            .as_bytes(),
        k
    );

    // Low-order points give an all-zero shared secret and must be refused.
    for (name, u) in [
        (
            "u = 0",
            "0000000000000000000000000000000000000000000000000000000000000000",
        ),
        (
            "u = 1",
            "0100000000000000000000000000000000000000000000000000000000000000",
        ),
        (
            "order-8 point",
            "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        ),
        (
            "order-8 point (second)",
            "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        ),
        (
            "u = p - 1",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        ),
    ] {
        let kx = fixed
            .from_private_key(&hex(alice_priv))
            .expect("x25519: Alice's key");
        assert_eq!(
            kx.complete(&hex(u)).err(),
            Some(CryptoError::InvalidPeerKeyShare),
            "x25519: low-order peer share ({name}) accepted"
        );
    }
    for len in [0, 31, 33, 65] {
        let kx = g.start().expect("x25519: start");
        assert_eq!(
            kx.complete(&vec![9; len]).err(),
            Some(CryptoError::InvalidPeerKeyShare),
            "x25519: a {len}-byte share was accepted"
        );
    }
    for len in [0, 31, 33] {
        assert!(
            fixed.from_private_key(&vec![1; len]).is_err(),
            "x25519: a {len}-byte private key was accepted"
        );
    }
    fresh_exchange(g, "x25519", 32, 32);
    let alice = fixed
        .from_private_key(&hex(alice_priv))
        .expect("x25519: Alice's key");
    known_with_fresh(g, alice, "x25519");
}

/// secp256r1: a shared-secret known answer made with `openssl pkeyutl -derive`; rejection of
/// compressed, off-curve, identity and wrong-length shares (RFC 8446 §4.2.8.2); invalid
/// private keys; a fresh exchange between two `start()` key pairs of the provider's group,
/// and one between such a pair and a known key of `fixed`.
pub fn check_secp256r1(p: &CryptoProvider, fixed: &dyn KxFromPrivateKey) {
    let g = group_of(p, NamedGroup::Secp256r1);
    assert_eq!(
        g.group(),
        NamedGroup::Secp256r1,
        "secp256r1: group code point"
    );
    assert_eq!(
        fixed.group(),
        NamedGroup::Secp256r1,
        "secp256r1: fixed-key group"
    );

    // Made with:
    //   openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out a.pem
    //   openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out b.pem
    //   openssl pkey -in b.pem -pubout -out b.pub.pem
    //   openssl pkeyutl -derive -inkey a.pem -peerkey b.pub.pem | xxd -p -c 100
    //   openssl ec -in a.pem -text -noout   (priv and pub of a; likewise pub of b)
    let a_priv = hex("65e4c2e1a2db5b924487d94cadaccd4562515804db6469a66afdccd93c2849b2");
    let a_pub = hex(
        "04e00f50eb8e87c98ff657f320b83f5bb1bfb1307063cb4446b1d196d9d6eb57c7\
         627340b03b63222a8de7ae5807311ef4bc984c4ed8ca26e6b36b28c054924358",
    );
    let b_pub = hex(
        "04602f7339e1663389c51c0c2e9da8d831d1e4dac3d4bad8562f8f672150973961\
         59bade76c694e7256829daad122bb09c9ce2c1ba9cc936e09cbde947d43b6f28",
    );
    let shared = hex("c0ace55d91b1ded62e9e68acbae8c48de9e787651466028b3f849890993fcecd");
    let a = fixed
        .from_private_key(&a_priv)
        .expect("secp256r1: known private key");
    assert_eq!(
        a.public_key(),
        a_pub,
        "secp256r1: public key of the known private key"
    );
    assert_eq!(a.group(), NamedGroup::Secp256r1, "secp256r1: active group");
    assert_eq!(
        a.complete(&b_pub)
            .expect("secp256r1: known exchange")
            .as_bytes(),
        shared,
        "secp256r1: shared secret"
    );

    nist_rejections(fixed, g, &a_priv, &b_pub, "secp256r1");

    // Private keys: zero, the group order n, and wrong lengths are refused.
    let order = hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    bad_private_keys(fixed, order, "secp256r1");
    fresh_exchange(g, "secp256r1", 65, 32);
    let a = fixed
        .from_private_key(&a_priv)
        .expect("secp256r1: known private key");
    known_with_fresh(g, a, "secp256r1");
}

/// A known key pair (of the fixed-key group) and a fresh one of the provider's group agree.
fn known_with_fresh(g: &dyn KxGroup, known: Box<dyn ActiveKeyExchange>, name: &str) {
    let fresh = g
        .start()
        .unwrap_or_else(|e| panic!("{name}: start failed: {e}"));
    let fresh_pub = fresh.public_key().to_vec();
    let known_pub = known.public_key().to_vec();
    let s1 = known
        .complete(&fresh_pub)
        .unwrap_or_else(|e| panic!("{name}: known key with a fresh share: {e}"));
    let s2 = fresh
        .complete(&known_pub)
        .unwrap_or_else(|e| panic!("{name}: fresh key with the known share: {e}"));
    assert_eq!(
        s1, s2,
        "{name}: the fixed-key and the provider's group disagree"
    );
}

/// Two fresh key pairs agree on a secret of `secret_len` bytes, have shares of `share_len`
/// bytes and differ from each other; the server side (`encapsulate`) agrees with a client.
fn fresh_exchange(g: &dyn KxGroup, name: &str, share_len: usize, secret_len: usize) {
    let a = g
        .start()
        .unwrap_or_else(|e| panic!("{name}: start failed: {e}"));
    let b = g
        .start()
        .unwrap_or_else(|e| panic!("{name}: start failed: {e}"));
    assert_eq!(a.public_key().len(), share_len, "{name}: share length");
    assert_ne!(
        a.public_key(),
        b.public_key(),
        "{name}: two start() gave one key"
    );
    let a_pub = a.public_key().to_vec();
    let b_pub = b.public_key().to_vec();
    let s1 = a
        .complete(&b_pub)
        .unwrap_or_else(|e| panic!("{name}: complete: {e}"));
    let s2 = b
        .complete(&a_pub)
        .unwrap_or_else(|e| panic!("{name}: complete: {e}"));
    assert_eq!(s1, s2, "{name}: fresh exchange disagrees");
    assert_eq!(s1.len(), secret_len, "{name}: shared secret length");
    let client = g
        .start()
        .unwrap_or_else(|e| panic!("{name}: start failed: {e}"));
    let answer = g
        .encapsulate(client.public_key())
        .unwrap_or_else(|e| panic!("{name}: encapsulate: {e}"));
    assert_eq!(answer.share.len(), share_len, "{name}: server share length");
    let secret = client
        .complete(&answer.share)
        .unwrap_or_else(|e| panic!("{name}: complete: {e}"));
    assert_eq!(secret, answer.secret, "{name}: client and server disagree");
}

/// secp384r1: a shared-secret known answer made with `openssl pkeyutl -derive` (as for
/// secp256r1, with `ec_paramgen_curve:P-384`); rejection of compressed, off-curve, identity
/// and wrong-length shares (RFC 8446 §4.2.8.2); invalid private keys; fresh exchanges.
pub fn check_secp384r1(p: &CryptoProvider, fixed: &dyn KxFromPrivateKey) {
    let g = group_of(p, NamedGroup::Secp384r1);
    assert_eq!(
        g.group(),
        NamedGroup::Secp384r1,
        "secp384r1: group code point"
    );
    assert_eq!(
        fixed.group(),
        NamedGroup::Secp384r1,
        "secp384r1: fixed-key group"
    );
    assert!(g.usable_in_tls12(), "secp384r1: an ECDHE group of TLS 1.2");
    let a_priv = hex(
        "5536d4ca7dd14858bd6da40c40509ed79a8ab8e328740652f0e1626b43390c8ffc9ff4ef187fa84ba3c153c66aa9e1ee",
    );
    let a_pub = hex(
        "0438d62c09eb1e365b358a6fedd748317edb8ca7e837ecf0bd641df5b89e056314b9ad2116e880c470\
         a05a64a7ad94ca2973175ba7f448e442607f4311bfa8a8a26530aa9acd5f155b50a884726958313b52\
         9157a63292fc328a931df359c1be93",
    );
    let b_pub = hex(
        "04a49ea9bad4a570be227b06994e672d17e45c8020e54816a0d217051d8338dd43cafc00c71ed62224\
         dd3044e2916418fbbdb6278df96c20d605f6a49506ac7142c2b111b88542327c0812fd1cab13e30f94\
         83fec2df7ab0af282544757f5c25c2",
    );
    let shared = hex(
        "ae080db503474d6dd20cfc6130b578a22bf07baaaebad8b42d8551ce786b95e0233a44792fa1dce26b2c6859d98b93c0",
    );
    let a = fixed
        .from_private_key(&a_priv)
        .expect("secp384r1: known private key");
    assert_eq!(
        a.public_key(),
        a_pub,
        "secp384r1: public key of the known private key"
    );
    assert_eq!(a.group(), NamedGroup::Secp384r1, "secp384r1: active group");
    assert_eq!(
        a.complete(&b_pub)
            .expect("secp384r1: known exchange")
            .as_bytes(),
        shared,
        "secp384r1: shared secret"
    );
    // A secp256r1 point is not a secp384r1 share.
    let p256_point = hex(
        "04602f7339e1663389c51c0c2e9da8d831d1e4dac3d4bad8562f8f672150973961\
         59bade76c694e7256829daad122bb09c9ce2c1ba9cc936e09cbde947d43b6f28",
    );
    let kx = fixed
        .from_private_key(&a_priv)
        .expect("secp384r1: known private key");
    assert_eq!(
        kx.complete(&p256_point).err(),
        Some(CryptoError::InvalidPeerKeyShare),
        "secp384r1: a secp256r1 point accepted"
    );
    nist_rejections(fixed, g, &a_priv, &b_pub, "secp384r1");
    let order = hex(
        "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
    );
    bad_private_keys(fixed, order, "secp384r1");
    fresh_exchange(g, "secp384r1", 97, 48);
    let a = fixed
        .from_private_key(&a_priv)
        .expect("secp384r1: known private key");
    known_with_fresh(g, a, "secp384r1");
}

/// The shares RFC 8446 §4.2.8.2 refuses, made from a valid point `b_pub` of the curve: each
/// must fail with `InvalidPeerKeyShare` against the key `a_priv`.
fn nist_rejections(
    fixed: &dyn KxFromPrivateKey,
    g: &dyn KxGroup,
    a_priv: &[u8],
    b_pub: &[u8],
    name: &str,
) {
    let n = b_pub.len();
    let coordinate = (n - 1) / 2;
    let last = b_pub[n - 1];
    let mut compressed = vec![0x02 | (last & 1)];
    compressed.extend_from_slice(&b_pub[1..=coordinate]);
    let mut off_curve = b_pub.to_vec();
    off_curve[n - 1] ^= 0x01;
    let mut hybrid = b_pub.to_vec();
    hybrid[0] = 0x06 | (last & 1);
    let mut bad_prefix = b_pub.to_vec();
    bad_prefix[0] = 0x05;
    let rejects: [(&str, Vec<u8>); 8] = [
        ("compressed point", compressed),
        ("off-curve point", off_curve),
        ("hybrid encoding", hybrid),
        ("unknown prefix", bad_prefix),
        ("identity (single zero byte)", vec![0x00]),
        ("all-zero point-length share", vec![0x00; n]),
        ("truncated point", b_pub[..n - 1].to_vec()),
        ("empty share", Vec::new()),
    ];
    for (what, share) in rejects {
        let kx = fixed
            .from_private_key(a_priv)
            .unwrap_or_else(|e| panic!("{name}: known private key: {e}"));
        assert_eq!(
            kx.complete(&share).err(),
            Some(CryptoError::InvalidPeerKeyShare),
            "{name}: {what} accepted"
        );
    }
    let mut long = b_pub.to_vec();
    long.push(0);
    let kx = g
        .start()
        .unwrap_or_else(|e| panic!("{name}: start failed: {e}"));
    assert_eq!(
        kx.complete(&long).err(),
        Some(CryptoError::InvalidPeerKeyShare),
        "{name}: a share one byte too long accepted"
    );
}

/// Private keys zero, the group order `order`, and of wrong lengths are refused.
fn bad_private_keys(fixed: &dyn KxFromPrivateKey, order: Vec<u8>, name: &str) {
    let len = order.len();
    for (what, key) in [
        ("zero scalar", vec![0; len]),
        ("scalar n", order),
        ("one byte short", vec![1; len - 1]),
        ("one byte long", vec![1; len + 1]),
    ] {
        assert!(
            fixed.from_private_key(&key).is_err(),
            "{name}: private key ({what}) accepted"
        );
    }
}

/// For a provider whose group `group` is ephemeral-only (it cannot take a given private key,
/// as ring's cannot): round trips between fresh key pairs and through `encapsulate`; agreement
/// with key pairs of `reference`, an independent fixed-key implementation of the same group,
/// whose known private keys reproduce the published public keys first (RFC 7748 §6.1 for
/// x25519, the `openssl` keys of [`check_secp256r1`] and [`check_secp384r1`]); and refusal of
/// the malformed, off-curve, low-order and wrong-length shares of those checks, tried against
/// fresh keys.
pub fn check_kx_round_trips(
    p: &CryptoProvider,
    group: NamedGroup,
    reference: &dyn KxFromPrivateKey,
) {
    let g = group_of(p, group);
    assert_eq!(g.group(), group, "{group:?}: group code point");
    assert_eq!(reference.group(), group, "{group:?}: reference group");
    let name = format!("{group:?}");
    let (known_priv, known_pub, peer_pub, share_len, secret_len) = match group {
        NamedGroup::X25519 => (
            hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"),
            hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"),
            hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"),
            32,
            32,
        ),
        NamedGroup::Secp256r1 => (
            hex("65e4c2e1a2db5b924487d94cadaccd4562515804db6469a66afdccd93c2849b2"),
            hex(
                "04e00f50eb8e87c98ff657f320b83f5bb1bfb1307063cb4446b1d196d9d6eb57c7\
                 627340b03b63222a8de7ae5807311ef4bc984c4ed8ca26e6b36b28c054924358",
            ),
            hex(
                "04602f7339e1663389c51c0c2e9da8d831d1e4dac3d4bad8562f8f672150973961\
                 59bade76c694e7256829daad122bb09c9ce2c1ba9cc936e09cbde947d43b6f28",
            ),
            65,
            32,
        ),
        NamedGroup::Secp384r1 => (
            hex(
                "5536d4ca7dd14858bd6da40c40509ed79a8ab8e328740652f0e1626b43390c8ffc9ff4ef187fa84ba3c153c66aa9e1ee",
            ),
            hex(
                "0438d62c09eb1e365b358a6fedd748317edb8ca7e837ecf0bd641df5b89e056314b9ad2116e880c470\
                 a05a64a7ad94ca2973175ba7f448e442607f4311bfa8a8a26530aa9acd5f155b50a884726958313b52\
                 9157a63292fc328a931df359c1be93",
            ),
            hex(
                "04a49ea9bad4a570be227b06994e672d17e45c8020e54816a0d217051d8338dd43cafc00c71ed62224\
                 dd3044e2916418fbbdb6278df96c20d605f6a49506ac7142c2b111b88542327c0812fd1cab13e30f94\
                 83fec2df7ab0af282544757f5c25c2",
            ),
            97,
            48,
        ),
        other => panic!("check_kx_round_trips: no vectors for {other:?}"),
    };
    let known = reference
        .from_private_key(&known_priv)
        .unwrap_or_else(|e| panic!("{name}: reference key: {e}"));
    assert_eq!(
        known.public_key(),
        known_pub,
        "{name}: the reference is not the published key"
    );
    known_with_fresh(g, known, &name);
    for _ in 0..4 {
        fresh_exchange(g, &name, share_len, secret_len);
    }
    // The provider's server side answers the reference's client.
    let client = reference
        .from_private_key(&known_priv)
        .unwrap_or_else(|e| panic!("{name}: reference key: {e}"));
    let answer = g
        .encapsulate(client.public_key())
        .unwrap_or_else(|e| panic!("{name}: encapsulate: {e}"));
    let secret = client
        .complete(&answer.share)
        .unwrap_or_else(|e| panic!("{name}: reference client: {e}"));
    assert_eq!(
        secret, answer.secret,
        "{name}: server answer and reference disagree"
    );

    let mut rejects: Vec<(String, Vec<u8>)> = Vec::new();
    for len in [0, share_len - 1, share_len + 1] {
        rejects.push((format!("{len}-byte share"), vec![9; len]));
    }
    if group == NamedGroup::X25519 {
        for u in [
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0100000000000000000000000000000000000000000000000000000000000000",
            "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
            "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        ] {
            rejects.push((format!("low-order point {u}"), hex(u)));
        }
    } else {
        let n = peer_pub.len();
        let last = peer_pub[n - 1];
        let mut compressed = vec![0x02 | (last & 1)];
        compressed.extend_from_slice(&peer_pub[1..=(n - 1) / 2]);
        let mut off_curve = peer_pub.clone();
        off_curve[n - 1] ^= 0x01;
        let mut hybrid = peer_pub.clone();
        hybrid[0] = 0x06 | (last & 1);
        rejects.push(("compressed point".into(), compressed));
        rejects.push(("off-curve point".into(), off_curve));
        rejects.push(("hybrid encoding".into(), hybrid));
        rejects.push(("all-zero share".into(), vec![0; n]));
        rejects.push(("identity".into(), vec![0]));
    }
    for (what, share) in rejects {
        let kx = g
            .start()
            .unwrap_or_else(|e| panic!("{name}: start failed: {e}"));
        assert_eq!(
            kx.complete(&share).err(),
            Some(CryptoError::InvalidPeerKeyShare),
            "{name}: {what} accepted"
        );
        assert!(
            g.encapsulate(&share).is_err(),
            "{name}: server answered {what}"
        );
    }
    // The published peer share is a valid point.
    let kx = g
        .start()
        .unwrap_or_else(|e| panic!("{name}: start failed: {e}"));
    let secret = kx
        .complete(&peer_pub)
        .unwrap_or_else(|e| panic!("{name}: the published peer share refused: {e}"));
    assert_eq!(secret.len(), secret_len, "{name}: shared secret length");
}
