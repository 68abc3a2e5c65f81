//! X25519MLKEM768 checks (draft-ietf-tls-ecdhe-mlkem).

use super::kx::KxFromPrivateKey;
use super::{group_of, hex};
use crate::{CryptoError, CryptoProvider, NamedGroup};

/// The known answers of `fixtures/x25519mlkem768.txt` (kyber-py and pyca/cryptography).
const KAT: &str = include_str!("fixtures/x25519mlkem768.txt");

/// One value of [`KAT`] by name.
fn kat(name: &str) -> Vec<u8> {
    KAT.lines()
        .filter_map(|l| l.split_once(" = "))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| hex(v))
        .unwrap_or_else(|| panic!("x25519mlkem768 fixture: no {name}"))
}

/// X25519MLKEM768 (draft-ietf-tls-ecdhe-mlkem):
///
/// - one whole exchange known from an independent implementation: kyber-py (a pure Python
///   ML-KEM) and pyca/cryptography's X25519 (`fixtures/x25519mlkem768.py`). The client share
///   from the seed and scalar, the server share and secret from the encapsulation randomness,
///   the client's decapsulation, and ML-KEM's implicit rejection of a changed ciphertext. The
///   ML-KEM-768 encapsulation key of the seed `00..3f` in it is the one
///   draft-ietf-lamps-kyber-certificates publishes (the generator checks); FIPS 203's ACVP
///   vectors are not in the ml-kem crate's published sources;
/// - the share sizes (1216 and 1120 bytes);
/// - refusal (`InvalidPeerKeyShare`) of wrong lengths, of an encapsulation key that fails the
///   FIPS 203 modulus check, and of an all-zero x25519 result;
/// - TLS 1.3 only; fresh exchanges of the provider's group both ways.
pub fn check_x25519mlkem768(p: &CryptoProvider, fixed: &dyn KxFromPrivateKey) {
    const NAME: &str = "X25519MLKEM768";
    let g = group_of(p, NamedGroup::X25519MLKEM768);
    assert_eq!(g.group(), NamedGroup::X25519MLKEM768, "{NAME}: code point");
    assert_eq!(
        NamedGroup::X25519MLKEM768.to_u16(),
        0x11ec,
        "{NAME}: 0x11EC"
    );
    assert_eq!(
        fixed.group(),
        NamedGroup::X25519MLKEM768,
        "{NAME}: fixed group"
    );
    assert!(!g.usable_in_tls12(), "{NAME}: defined for TLS 1.3 only");

    let client_private = kat("client_private");
    let server_randomness = kat("server_randomness");
    let client_share = kat("client_share");
    let server_share = kat("server_share");
    let secret = kat("shared_secret");
    assert_eq!(
        client_share.len(),
        1184 + 32,
        "{NAME}: fixture client share"
    );
    assert_eq!(
        server_share.len(),
        1088 + 32,
        "{NAME}: fixture server share"
    );

    // The client: its share from the seed, then the server's answer decapsulated.
    let client = fixed
        .from_private_key(&client_private)
        .expect("X25519MLKEM768: known client key");
    assert_eq!(
        client.group(),
        NamedGroup::X25519MLKEM768,
        "{NAME}: active group"
    );
    assert_eq!(client.public_key(), client_share, "{NAME}: client share");
    assert_eq!(
        client
            .complete(&server_share)
            .expect("X25519MLKEM768: decapsulation")
            .as_bytes(),
        secret,
        "{NAME}: client's shared secret (ML-KEM secret, then x25519)"
    );
    // The server: the same answer from the same randomness.
    let answer = fixed
        .encapsulate_with(&server_randomness, &client_share)
        .expect("X25519MLKEM768: known encapsulation");
    assert_eq!(answer.share, server_share, "{NAME}: server share");
    assert_eq!(
        answer.secret.as_bytes(),
        secret,
        "{NAME}: server's shared secret"
    );
    // A changed ciphertext decapsulates to the implicit-rejection secret, not an error.
    let mut tampered = server_share.clone();
    tampered[1087] ^= 0x01;
    let client = fixed
        .from_private_key(&client_private)
        .expect("X25519MLKEM768: known client key");
    assert_eq!(
        client
            .complete(&tampered)
            .expect("X25519MLKEM768: implicit rejection")
            .as_bytes(),
        kat("tampered_ciphertext_secret"),
        "{NAME}: implicit rejection secret"
    );

    // The client refuses server shares of the wrong length or with a low-order x25519 key.
    let mut zero_x25519 = server_share.clone();
    zero_x25519[1088..].fill(0);
    for (what, share) in [
        ("empty", Vec::new()),
        ("ciphertext only", server_share[..1088].to_vec()),
        ("one byte short", server_share[..1119].to_vec()),
        ("one byte long", [&server_share[..], &[0]].concat()),
        ("a client-sized share", client_share.clone()),
        ("x25519 part u = 0", zero_x25519),
    ] {
        let client = fixed
            .from_private_key(&client_private)
            .expect("X25519MLKEM768: known client key");
        assert_eq!(
            client.complete(&share).err(),
            Some(CryptoError::InvalidPeerKeyShare),
            "{NAME}: client accepted a server share: {what}"
        );
    }
    // The server refuses client shares of the wrong length, an encapsulation key whose first
    // coefficient is 4095 (not below q = 3329: the FIPS 203 §7.2 modulus check), and a
    // low-order x25519 key.
    let mut over_modulus = client_share.clone();
    over_modulus[0] = 0xff;
    over_modulus[1] |= 0x0f;
    let mut last_over_modulus = client_share.clone();
    last_over_modulus[1150] |= 0xf0;
    last_over_modulus[1151] = 0xff;
    let mut zero_x25519 = client_share.clone();
    zero_x25519[1184..].fill(0);
    for (what, share) in [
        ("empty", Vec::new()),
        ("encapsulation key only", client_share[..1184].to_vec()),
        ("one byte short", client_share[..1215].to_vec()),
        ("one byte long", [&client_share[..], &[0]].concat()),
        ("a server-sized share", server_share.clone()),
        ("first coefficient 4095", over_modulus),
        ("last coefficient 4095", last_over_modulus),
        ("x25519 part u = 0", zero_x25519),
    ] {
        assert_eq!(
            g.encapsulate(&share).err(),
            Some(CryptoError::InvalidPeerKeyShare),
            "{NAME}: server accepted a client share: {what}"
        );
        assert_eq!(
            fixed.encapsulate_with(&server_randomness, &share).err(),
            Some(CryptoError::InvalidPeerKeyShare),
            "{NAME}: fixed server accepted a client share: {what}"
        );
    }
    for len in [0, 64, 95, 97] {
        assert!(
            fixed.from_private_key(&vec![1; len]).is_err(),
            "{NAME}: a {len}-byte private key was accepted"
        );
    }

    // Fresh exchanges: the provider's client with the provider's server, and each with the
    // known other side.
    let a = g.start().expect("X25519MLKEM768: start");
    let b = g.start().expect("X25519MLKEM768: start");
    assert_eq!(a.public_key().len(), 1216, "{NAME}: client share length");
    assert_ne!(
        a.public_key(),
        b.public_key(),
        "{NAME}: two start() gave one key"
    );
    let answer = g
        .encapsulate(a.public_key())
        .expect("X25519MLKEM768: encapsulate");
    assert_eq!(answer.share.len(), 1120, "{NAME}: server share length");
    assert_eq!(answer.secret.len(), 64, "{NAME}: shared secret length");
    let again = g
        .encapsulate(a.public_key())
        .expect("X25519MLKEM768: encapsulate");
    assert_ne!(
        answer.share, again.share,
        "{NAME}: two encapsulations gave one ciphertext"
    );
    assert_eq!(
        a.complete(&answer.share)
            .expect("X25519MLKEM768: decapsulate"),
        answer.secret,
        "{NAME}: fresh exchange disagrees"
    );
    let answer = g
        .encapsulate(&client_share)
        .expect("X25519MLKEM768: encapsulate");
    let client = fixed
        .from_private_key(&client_private)
        .expect("X25519MLKEM768: known client key");
    assert_eq!(
        client
            .complete(&answer.share)
            .expect("X25519MLKEM768: decapsulate"),
        answer.secret,
        "{NAME}: known client with the provider's server disagree"
    );
    let answer = fixed
        .encapsulate_with(&server_randomness, b.public_key())
        .expect("X25519MLKEM768: known encapsulation");
    assert_eq!(
        b.complete(&answer.share)
            .expect("X25519MLKEM768: decapsulate"),
        answer.secret,
        "{NAME}: provider's client with the known server disagree"
    );
}
