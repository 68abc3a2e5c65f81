//! A server facing a scripted client whose ClientHello is the recorded one with one thing
//! changed: refused with the alert RFC 8446 §4.1.2 and §4.2 (and RFC 5246, RFC 8422 for
//! TLS 1.2) name, or, for what a server must ignore, answered as usual.

use stratls_codec::extensions::{ClientExtension, KeyShareEntry, PreSharedKeyOffer, PskIdentity};
use stratls_codec::handshake::ClientHello;
use stratls_codec::{
    CipherSuite, DecodeError, ExtensionType, HandshakeMessage, NamedGroup, ParseContext,
    ProtocolVersion, SignatureScheme,
};
use stratls_handshake::{Error, Incompatibility, Misbehaviour, Side};

use crate::script::types::*;
use crate::script::{Input, Recording, Sent, Setup, Version};

const SERVER: Side = Side::Server;

/// The recorded ClientHello, decoded.
pub fn recorded_hello(rec: &Recording) -> ClientHello {
    let m = rec.message(SERVER, CLIENT_HELLO);
    let (message, _) = HandshakeMessage::parse_framed(&m, ParseContext::Tls13).expect("hello");
    let HandshakeMessage::ClientHello(hello) = message else {
        panic!("not a ClientHello")
    };
    hello
}

/// The recorded ClientHello changed by `edit`.
pub fn edited(rec: &Recording, edit: impl FnOnce(&mut ClientHello)) -> Input {
    let mut hello = recorded_hello(rec);
    edit(&mut hello);
    Input::handshake(&HandshakeMessage::ClientHello(hello).to_vec())
}

fn shares(hello: &mut ClientHello) -> &mut Vec<KeyShareEntry> {
    hello
        .extensions
        .iter_mut()
        .find_map(|e| match e {
            ClientExtension::KeyShare(s) => Some(s),
            _ => None,
        })
        .expect("a key_share")
}

fn without(hello: &mut ClientHello, typ: ExtensionType) {
    hello.extensions.retain(|e| e.typ() != typ);
}

/// The server refused the hello at once: `refused!` on a replay of `hello` alone.
fn replay_hello(rec: &Recording, hello: Input) -> crate::script::Outcome {
    rec.replay(SERVER, &[hello])
}

/// The server answered: its ServerHello went out, with no alert.
fn assert_answered(outcome: crate::script::Outcome) {
    assert!(
        matches!(outcome.sent.first(), Some(Sent::Handshake(t)) if t.first() == Some(&SERVER_HELLO)),
        "{:?}",
        outcome.sent
    );
    outcome.assert_accepted(b"");
}

#[test]
fn without_supported_versions_a_tls13_only_server_answers_protocol_version() {
    let rec = Recording::new(Version::Tls13);
    let hello = edited(&rec, |h| without(h, ExtensionType::SupportedVersions));
    refused!(
        replay_hello(&rec, hello),
        Error::PeerIncompatible(Incompatibility::NoCommonVersion),
        ProtocolVersion
    );
}

#[test]
fn tls13_a_compression_method_besides_null_is_illegal_parameter() {
    let rec = Recording::new(Version::Tls13);
    let hello = edited(&rec, |h| h.legacy_compression_methods = vec![1, 0]);
    refused!(
        replay_hello(&rec, hello),
        Error::InvalidMessage(DecodeError::IllegalValue {
            field: "legacy_compression_methods"
        }),
        IllegalParameter
    );
}

#[test]
fn tls12_compression_without_null_is_refused_and_with_null_is_ignored() {
    let rec = Recording::new(Version::Tls12);
    let hello = edited(&rec, |h| h.legacy_compression_methods = vec![1]);
    refused!(
        replay_hello(&rec, hello),
        Error::InvalidMessage(DecodeError::IllegalValue {
            field: "legacy_compression_methods"
        }),
        IllegalParameter
    );
    let hello = edited(&rec, |h| h.legacy_compression_methods = vec![1, 0]);
    assert_answered(replay_hello(&rec, hello));
}

fn p256_share() -> KeyShareEntry {
    let kx = stratls_rustcrypto::SECP256R1.start().expect("a share");
    KeyShareEntry {
        group: NamedGroup::Secp256r1,
        key_exchange: kx.public_key().to_vec(),
    }
}

#[test]
fn a_key_share_for_a_group_not_in_supported_groups_is_illegal_parameter() {
    let rec = Recording::new(Version::Tls13);
    // supported_groups lists x25519 alone.
    let hello = edited(&rec, |h| shares(h).push(p256_share()));
    refused!(
        replay_hello(&rec, hello),
        Error::PeerMisbehaved(Misbehaviour::UnofferedGroup),
        IllegalParameter
    );
}

#[test]
fn two_key_shares_for_one_group_are_illegal_parameter() {
    let rec = Recording::new(Version::Tls13);
    let hello = edited(&rec, |h| {
        let first = shares(h)[0].clone();
        shares(h).push(first);
    });
    refused!(
        replay_hello(&rec, hello),
        Error::PeerMisbehaved(Misbehaviour::UnofferedGroup),
        IllegalParameter
    );
}

#[test]
fn a_long_key_share_list_is_checked_as_a_short_one() {
    // Past a handful of shares the server checks them with sets instead of by comparison: the
    // same answers.
    let rec = Recording::new(Version::Tls13);
    let hello = edited(&rec, |h| {
        let first = shares(h)[0].clone();
        for _ in 0..9 {
            shares(h).push(first.clone());
        }
    });
    refused!(
        replay_hello(&rec, hello),
        Error::PeerMisbehaved(Misbehaviour::UnofferedGroup),
        IllegalParameter
    );
    let hello = edited(&rec, |h| {
        for _ in 0..9 {
            shares(h).push(p256_share());
        }
    });
    refused!(
        replay_hello(&rec, hello),
        Error::PeerMisbehaved(Misbehaviour::UnofferedGroup),
        IllegalParameter
    );
}

#[test]
fn an_empty_key_share_is_decode_error() {
    let rec = Recording::new(Version::Tls13);
    let hello = edited(&rec, |h| shares(h)[0].key_exchange.clear());
    refused!(
        replay_hello(&rec, hello),
        Error::InvalidMessage(_),
        DecodeError
    );
}

#[test]
fn x25519_shares_of_the_wrong_length_or_low_order_are_illegal_parameter() {
    let rec = Recording::new(Version::Tls13);
    // RFC 7748 §6.1: 0 and 1 are of low order, their shared secret is all zeros.
    let mut one = vec![0; 32];
    one[0] = 1;
    for bad in [vec![9; 31], vec![9; 33], vec![0; 32], one] {
        let hello = edited(&rec, |h| shares(h)[0].key_exchange = bad.clone());
        refused!(
            replay_hello(&rec, hello),
            Error::PeerMisbehaved(Misbehaviour::InvalidKeyShare),
            IllegalParameter
        );
    }
}

/// P-256 points a share must not be: off the curve, compressed, the identity, the wrong
/// length, coordinates not below p.
pub fn bad_p256_points() -> Vec<Vec<u8>> {
    let good = p256_share().key_exchange;
    let mut off_curve = good.clone();
    off_curve[64] ^= 1;
    let mut compressed = vec![2 + (good[64] & 1)];
    compressed.extend_from_slice(&good[1..33]);
    let mut x_too_big = vec![4];
    x_too_big.extend_from_slice(&[0xff; 32]);
    x_too_big.extend_from_slice(&good[33..]);
    vec![
        off_curve,
        compressed,
        vec![0],
        good[..64].to_vec(),
        x_too_big,
    ]
}

#[test]
fn p256_shares_off_the_curve_compressed_or_of_the_wrong_length_are_illegal_parameter() {
    let rec = Recording::with(
        Version::Tls13,
        Setup {
            p256: true,
            ..Setup::default()
        },
    );
    for bad in bad_p256_points() {
        let hello = edited(&rec, |h| shares(h)[0].key_exchange = bad.clone());
        refused!(
            replay_hello(&rec, hello),
            Error::PeerMisbehaved(Misbehaviour::InvalidKeyShare),
            IllegalParameter
        );
    }
}

fn psk_offer() -> ClientExtension {
    ClientExtension::PreSharedKey(PreSharedKeyOffer {
        identities: vec![PskIdentity {
            identity: b"ticket".to_vec(),
            obfuscated_ticket_age: 7,
        }],
        binders: vec![vec![0; 32]],
    })
}

#[test]
fn pre_shared_key_not_last_is_illegal_parameter() {
    let rec = Recording::new(Version::Tls13);
    let hello = edited(&rec, |h| {
        let at = h.extensions.len() - 1;
        h.extensions.insert(at, psk_offer());
    });
    refused!(
        replay_hello(&rec, hello),
        Error::InvalidMessage(_),
        IllegalParameter
    );
}

#[test]
fn a_duplicate_extension_is_illegal_parameter() {
    for version in Version::BOTH {
        let rec = Recording::new(version);
        let hello = edited(&rec, |h| {
            let sni = h
                .extensions
                .iter()
                .find(|e| e.typ() == ExtensionType::ServerName)
                .cloned();
            h.extensions.insert(0, sni.expect("server_name"));
        });
        refused!(
            replay_hello(&rec, hello),
            Error::InvalidMessage(DecodeError::DuplicateExtension { .. }),
            IllegalParameter
        );
    }
}

#[test]
fn without_signature_algorithms_a_server_with_a_certificate_refuses() {
    let rec = Recording::new(Version::Tls13);
    let hello = edited(&rec, |h| without(h, ExtensionType::SignatureAlgorithms));
    refused!(
        replay_hello(&rec, hello),
        Error::PeerIncompatible(Incompatibility::MissingExtension(_)),
        MissingExtension
    );
    // TLS 1.2 then assumes SHA-1 (RFC 5246 §7.4.1.4.1), which no suite of stratls signs with.
    let rec = Recording::new(Version::Tls12);
    let hello = edited(&rec, |h| without(h, ExtensionType::SignatureAlgorithms));
    refused!(
        replay_hello(&rec, hello),
        Error::PeerIncompatible(Incompatibility::NoCommonCipherSuite),
        HandshakeFailure
    );
}

#[test]
fn grease_values_everywhere_are_ignored() {
    for version in Version::BOTH {
        let rec = Recording::new(version);
        let grease = 0x0a0a;
        let hello = edited(&rec, |h| {
            h.cipher_suites.insert(0, CipherSuite::from(grease));
            for e in &mut h.extensions {
                match e {
                    ClientExtension::SupportedGroups(g) => g.insert(0, NamedGroup::from(0x1a1a)),
                    ClientExtension::SignatureAlgorithms(s) => {
                        s.insert(0, SignatureScheme::from(0x2a2a))
                    }
                    ClientExtension::SupportedVersions(v) => {
                        v.insert(0, ProtocolVersion::from(0x3a3a))
                    }
                    ClientExtension::KeyShare(k) => k.insert(
                        0,
                        KeyShareEntry {
                            group: NamedGroup::from(0x1a1a),
                            key_exchange: vec![0],
                        },
                    ),
                    _ => {}
                }
            }
            h.extensions.insert(
                0,
                ClientExtension::Unknown {
                    typ: ExtensionType::from(0x4a4a),
                    data: vec![],
                },
            );
            h.extensions.insert(
                2,
                ClientExtension::Unknown {
                    typ: ExtensionType::from(0x5a5a),
                    data: vec![0],
                },
            );
        });
        let outcome = replay_hello(&rec, hello);
        assert_answered(outcome);
    }
}

#[test]
fn a_heartbeat_extension_is_ignored() {
    for version in Version::BOTH {
        let rec = Recording::new(version);
        let hello = edited(&rec, |h| {
            h.extensions.insert(
                0,
                ClientExtension::Unknown {
                    typ: ExtensionType::from(15),
                    data: vec![1],
                },
            );
        });
        assert_answered(replay_hello(&rec, hello));
    }
}

#[test]
fn finite_field_groups_and_dhe_suites_alone_are_handshake_failure() {
    // No finite-field Diffie-Hellman exists in stratls (so neither does Raccoon's oracle).
    for version in Version::BOTH {
        let rec = Recording::new(version);
        let hello = edited(&rec, |h| {
            h.cipher_suites = match version {
                Version::Tls13 => h.cipher_suites.clone(),
                // TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, TLS_DHE_RSA_WITH_AES_256_GCM_SHA384.
                Version::Tls12 => vec![CipherSuite::from(0x009e), CipherSuite::from(0x009f)],
            };
            for e in &mut h.extensions {
                match e {
                    ClientExtension::SupportedGroups(g) => *g = vec![NamedGroup::from(0x0100)],
                    ClientExtension::KeyShare(k) => {
                        *k = vec![KeyShareEntry {
                            group: NamedGroup::from(0x0100),
                            key_exchange: vec![7; 256],
                        }]
                    }
                    _ => {}
                }
            }
        });
        let outcome = replay_hello(&rec, hello);
        match version {
            Version::Tls13 => refused!(
                outcome,
                Error::PeerIncompatible(Incompatibility::NoCommonGroup),
                HandshakeFailure
            ),
            Version::Tls12 => refused!(
                outcome,
                Error::PeerIncompatible(Incompatibility::NoCommonCipherSuite),
                HandshakeFailure
            ),
        };
    }
}
