//! A client facing a scripted server: the recorded server flight with one message changed,
//! sealed under the server's handshake key where it belongs (TLS 1.3), re-signed with the
//! server's key where the change is inside a signature (TLS 1.2 ServerKeyExchange), so that
//! the check under test is the one that fails.

use stratls_codec::extensions::{KeyShareEntry, ServerExtension};
use stratls_codec::{
    CipherSuite, DecodeError, HandshakeMessage, NamedGroup, ParseContext, ProtocolVersion,
};
use stratls_crypto::SignatureScheme as Scheme;
use stratls_handshake::{Error, Incompatibility, Misbehaviour, Side};
use stratls_pki::PkiError;

use crate::client_hello::bad_p256_points;
use crate::script::types::*;
use crate::script::{Input, Recording, Setup, Version, message};

const CLIENT: Side = Side::Client;

/// What the client received before the message of `typ`, then `replacement`.
pub fn replaced(rec: &Recording, side: Side, typ: u8, replacement: Vec<u8>) -> Vec<Input> {
    let mut input = rec.input_before(side, typ);
    input.push(Input::handshake(&replacement));
    input
}

/// The recorded ServerHello changed by `edit`.
fn server_hello(
    rec: &Recording,
    edit: impl FnOnce(&mut stratls_codec::handshake::ServerHello),
) -> Vec<Input> {
    let m = rec.message(CLIENT, SERVER_HELLO);
    let (message, _) = HandshakeMessage::parse_framed(&m, ParseContext::Tls13).expect("hello");
    let HandshakeMessage::ServerHello(mut hello) = message else {
        panic!("not a ServerHello")
    };
    edit(&mut hello);
    vec![Input::handshake(
        &HandshakeMessage::ServerHello(hello).to_vec(),
    )]
}

/// `sign` with the server's (Ed25519) key.
pub fn sign_as(cert: &str, content: &[u8]) -> Vec<u8> {
    let key = stratls_test_support::certified(cert).key.clone();
    key.choose_scheme(&[Scheme::ED25519])
        .expect("an Ed25519 key")
        .sign(content)
        .expect("signed")
}

/// The TLS 1.3 CertificateVerify content (RFC 8446 §4.4.3) for `context` over `transcript`.
pub fn verify_content(context: &[u8], transcript: &[u8]) -> Vec<u8> {
    let hash = stratls_rustcrypto::TLS13_AES_128_GCM_SHA256
        .hash
        .hash(transcript);
    let mut content = vec![0x20; 64];
    content.extend_from_slice(context);
    content.push(0);
    content.extend_from_slice(hash.as_ref());
    content
}

/// A CertificateVerify message.
pub fn certificate_verify(scheme: u16, signature: &[u8]) -> Vec<u8> {
    let mut body = scheme.to_be_bytes().to_vec();
    body.extend_from_slice(&u16::try_from(signature.len()).expect("short").to_be_bytes());
    body.extend_from_slice(signature);
    message(CERTIFICATE_VERIFY, &body)
}

/// The handshake messages `side` saw before the message of `typ`, its own included: the
/// transcript its CertificateVerify check covers (`own` is what it sent first).
pub fn transcript(rec: &Recording, side: Side, own: &[Vec<u8>], typ: u8) -> Vec<u8> {
    let mut t: Vec<u8> = own.concat();
    for i in rec.input_before(side, typ) {
        if i.handshake_type().is_some() {
            t.extend_from_slice(i.message());
        }
    }
    t
}

const SERVER_CONTEXT: &[u8] = b"TLS 1.3, server CertificateVerify";
const CLIENT_CONTEXT: &[u8] = b"TLS 1.3, client CertificateVerify";

/// A TLS 1.3 Certificate message of `certs`.
pub fn certificate13(certs: &[&[u8]]) -> Vec<u8> {
    let mut list = Vec::new();
    for c in certs {
        list.extend_from_slice(&u32::try_from(c.len()).expect("short").to_be_bytes()[1..]);
        list.extend_from_slice(c);
        list.extend_from_slice(&[0, 0]);
    }
    let mut body = vec![0];
    body.extend_from_slice(&u32::try_from(list.len()).expect("short").to_be_bytes()[1..]);
    body.extend_from_slice(&list);
    message(CERTIFICATE, &body)
}

/// A TLS 1.2 Certificate message of `certs`.
pub fn certificate12(certs: &[&[u8]]) -> Vec<u8> {
    let mut list = Vec::new();
    for c in certs {
        list.extend_from_slice(&u32::try_from(c.len()).expect("short").to_be_bytes()[1..]);
        list.extend_from_slice(c);
    }
    let mut body = u32::try_from(list.len()).expect("short").to_be_bytes()[1..].to_vec();
    body.extend_from_slice(&list);
    message(CERTIFICATE, &body)
}

/// A Certificate message of `version` holding `certs`.
pub fn certificate(version: Version, certs: &[&[u8]]) -> Vec<u8> {
    match version {
        Version::Tls13 => certificate13(certs),
        Version::Tls12 => certificate12(certs),
    }
}

/// The leaf of `name`'s chain in the test tree.
pub fn leaf(name: &str) -> Vec<u8> {
    stratls_test_support::certs::chain(name)[0].to_vec()
}

#[test]
fn tls13_a_server_hello_choosing_an_unoffered_version_is_illegal_parameter() {
    let rec = Recording::new(Version::Tls13);
    let choosing = |version: u16| {
        server_hello(&rec, |h| {
            for e in &mut h.extensions {
                if let ServerExtension::SupportedVersions(v) = e {
                    *v = ProtocolVersion::from(version);
                }
            }
        })
    };
    // Below TLS 1.3 in supported_versions: the field's value is out of range.
    let input = choosing(0x0303);
    refused!(
        rec.replay(CLIENT, &input),
        Error::InvalidMessage(DecodeError::IllegalValue {
            field: "supported_versions"
        }),
        IllegalParameter
    );
    // A draft version, a later one: not offered.
    for version in [0x7f1c, 0x0305] {
        let input = choosing(version);
        refused!(
            rec.replay(CLIENT, &input),
            Error::PeerMisbehaved(Misbehaviour::BadVersion),
            IllegalParameter
        );
    }
}

#[test]
fn tls12_a_server_hello_of_tls11_is_protocol_version() {
    let rec = Recording::new(Version::Tls12);
    let input = server_hello(&rec, |h| h.legacy_version = ProtocolVersion::from(0x0302));
    refused!(
        rec.replay(CLIENT, &input),
        Error::PeerIncompatible(Incompatibility::NoCommonVersion),
        ProtocolVersion
    );
}

#[test]
fn a_server_hello_choosing_an_unoffered_suite_is_illegal_parameter() {
    for version in Version::BOTH {
        let rec = Recording::new(version);
        let suites: &[u16] = match version {
            Version::Tls13 => &[0x1302, 0x1303],
            // ECDHE-RSA, and the RSA key exchange (no ServerKeyExchange at all: FREAK's way
            // of making a client take an unauthenticated or weaker exchange).
            Version::Tls12 => &[0xc02f, 0x009c, 0xc02c],
        };
        for &suite in suites {
            let input = server_hello(&rec, |h| h.cipher_suite = CipherSuite::from(suite));
            refused!(
                rec.replay(CLIENT, &input),
                Error::PeerMisbehaved(Misbehaviour::UnofferedCipherSuite),
                IllegalParameter
            );
        }
    }
}

#[test]
fn tls13_a_server_share_for_an_unoffered_group_or_a_bad_point_is_illegal_parameter() {
    let rec = Recording::new(Version::Tls13);
    let set_share = |group: NamedGroup, key: Vec<u8>| {
        server_hello(&rec, |h| {
            for e in &mut h.extensions {
                if let ServerExtension::KeyShare(k) = e {
                    *k = KeyShareEntry {
                        group,
                        key_exchange: key.clone(),
                    };
                }
            }
        })
    };
    let p256 = stratls_rustcrypto::SECP256R1
        .start()
        .expect("share")
        .public_key()
        .to_vec();
    let input = set_share(NamedGroup::Secp256r1, p256);
    refused!(
        rec.replay(CLIENT, &input),
        Error::PeerMisbehaved(Misbehaviour::UnofferedGroup),
        IllegalParameter
    );
    for bad in [vec![0; 32], vec![9; 31]] {
        let input = set_share(NamedGroup::X25519, bad);
        refused!(
            rec.replay(CLIENT, &input),
            Error::PeerMisbehaved(Misbehaviour::InvalidKeyShare),
            IllegalParameter
        );
    }
}

/// A TLS 1.2 ServerKeyExchange for `group` and `point`, signed with the server's key over
/// the recorded randoms (RFC 8422 §5.4), under `scheme`.
fn server_key_exchange(rec: &Recording, group: u16, point: &[u8], scheme: u16) -> Vec<u8> {
    let hello = rec.message(Side::Server, CLIENT_HELLO);
    let server_hello = rec.message(CLIENT, SERVER_HELLO);
    let mut params = vec![3];
    params.extend_from_slice(&group.to_be_bytes());
    params.push(u8::try_from(point.len()).expect("short"));
    params.extend_from_slice(point);
    let mut signed = hello[6..38].to_vec();
    signed.extend_from_slice(&server_hello[6..38]);
    signed.extend_from_slice(&params);
    let signature = sign_as("server-ed25519", &signed);
    let mut body = params;
    body.extend_from_slice(&scheme.to_be_bytes());
    body.extend_from_slice(&u16::try_from(signature.len()).expect("short").to_be_bytes());
    body.extend_from_slice(&signature);
    message(SERVER_KEY_EXCHANGE, &body)
}

/// The point of the recorded ServerKeyExchange.
fn recorded_point(rec: &Recording) -> Vec<u8> {
    let m = rec.message(CLIENT, SERVER_KEY_EXCHANGE);
    let len = usize::from(m[7]);
    m[8..8 + len].to_vec()
}

#[test]
fn tls12_a_server_key_exchange_signed_again_by_this_harness_is_the_recorded_one() {
    // The check that makes the rows below meaningful: Ed25519 is deterministic.
    let rec = Recording::new(Version::Tls12);
    let ske = server_key_exchange(&rec, 0x001d, &recorded_point(&rec), 0x0807);
    assert_eq!(ske, rec.message(CLIENT, SERVER_KEY_EXCHANGE));
}

#[test]
fn tls12_a_server_key_exchange_for_an_unoffered_group_or_scheme_is_illegal_parameter() {
    let rec = Recording::new(Version::Tls12);
    let p256 = stratls_rustcrypto::SECP256R1
        .start()
        .expect("share")
        .public_key()
        .to_vec();
    let input = replaced(
        &rec,
        CLIENT,
        SERVER_KEY_EXCHANGE,
        server_key_exchange(&rec, 0x0017, &p256, 0x0807),
    );
    refused!(
        rec.replay(CLIENT, &input),
        Error::PeerMisbehaved(Misbehaviour::UnofferedGroup),
        IllegalParameter
    );
    // rsa_pkcs1_sha1 and ecdsa_sha1 are never offered.
    for scheme in [0x0201, 0x0203] {
        let ske = server_key_exchange(&rec, 0x001d, &recorded_point(&rec), scheme);
        let input = replaced(&rec, CLIENT, SERVER_KEY_EXCHANGE, ske);
        refused!(
            rec.replay(CLIENT, &input),
            Error::PeerMisbehaved(Misbehaviour::UnofferedSignatureScheme),
            IllegalParameter
        );
    }
}

#[test]
fn tls12_a_signed_server_key_exchange_with_a_bad_point_is_illegal_parameter() {
    let rec = Recording::new(Version::Tls12);
    for bad in [vec![0; 32], vec![9; 31]] {
        let ske = server_key_exchange(&rec, 0x001d, &bad, 0x0807);
        let input = replaced(&rec, CLIENT, SERVER_KEY_EXCHANGE, ske);
        refused!(
            rec.replay(CLIENT, &input),
            Error::PeerMisbehaved(Misbehaviour::InvalidKeyShare),
            IllegalParameter
        );
    }
    let rec = Recording::with(
        Version::Tls12,
        Setup {
            p256: true,
            ..Setup::default()
        },
    );
    for bad in bad_p256_points() {
        let ske = server_key_exchange(&rec, 0x0017, &bad, 0x0807);
        let input = replaced(&rec, CLIENT, SERVER_KEY_EXCHANGE, ske);
        refused!(
            rec.replay(CLIENT, &input),
            Error::PeerMisbehaved(Misbehaviour::InvalidKeyShare),
            IllegalParameter
        );
    }
}

#[test]
fn tls12_a_corrupted_server_key_exchange_is_decrypt_error() {
    let rec = Recording::new(Version::Tls12);
    let recorded = rec.message(CLIENT, SERVER_KEY_EXCHANGE);
    // One bit of the point (signed), of the signature, in turn.
    for at in [9, recorded.len() - 1] {
        let mut ske = recorded.clone();
        ske[at] ^= 1;
        let input = replaced(&rec, CLIENT, SERVER_KEY_EXCHANGE, ske);
        refused!(
            rec.replay(CLIENT, &input),
            Error::BadSignature,
            DecryptError
        );
    }
}

#[test]
fn tls13_an_unsolicited_extension_in_encrypted_extensions_is_unsupported_extension() {
    let rec = Recording::new(Version::Tls13);
    // early_data (not offered), then ALPN (not offered).
    let early = message(ENCRYPTED_EXTENSIONS, &[0, 4, 0, 42, 0, 0]);
    let input = replaced(&rec, CLIENT, ENCRYPTED_EXTENSIONS, early);
    refused!(
        rec.replay(CLIENT, &input),
        Error::PeerMisbehaved(Misbehaviour::UnsolicitedExtension),
        UnsupportedExtension
    );
    let alpn = message(
        ENCRYPTED_EXTENSIONS,
        &[0, 9, 0, 16, 0, 5, 0, 3, 2, b'h', b'2'],
    );
    let input = replaced(&rec, CLIENT, ENCRYPTED_EXTENSIONS, alpn);
    refused!(
        rec.replay(CLIENT, &input),
        Error::PeerMisbehaved(Misbehaviour::UnsolicitedExtension),
        UnsupportedExtension
    );
}

#[test]
fn an_empty_server_certificate_is_refused() {
    for version in Version::BOTH {
        let rec = Recording::new(version);
        let input = replaced(&rec, CLIENT, CERTIFICATE, certificate(version, &[]));
        refused!(
            rec.replay(CLIENT, &input),
            Error::PeerMisbehaved(Misbehaviour::EmptyServerCertificate),
            DecodeError
        );
    }
}

#[test]
fn a_truncated_server_certificate_is_decode_error() {
    for version in Version::BOTH {
        let rec = Recording::new(version);
        let cert = leaf("server-ed25519");
        let input = replaced(
            &rec,
            CLIENT,
            CERTIFICATE,
            certificate(version, &[&cert[..cert.len() / 2]]),
        );
        // A certificate that does not decode is decode_error, as OpenSSL answers too.
        refused!(
            rec.replay(CLIENT, &input),
            Error::InvalidCertificate(PkiError::BadEncoding(_)),
            DecodeError
        );
    }
}

#[test]
fn an_untrusted_server_chain_is_unknown_ca() {
    for version in Version::BOTH {
        let rec = Recording::new(version);
        let cert = leaf("server-untrusted");
        let input = replaced(&rec, CLIENT, CERTIFICATE, certificate(version, &[&cert]));
        refused!(
            rec.replay(CLIENT, &input),
            Error::InvalidCertificate(_),
            UnknownCa
        );
    }
}

/// The client's own first message (its ClientHello), as it sent it.
fn client_hello(rec: &Recording) -> Vec<u8> {
    rec.message(Side::Server, CLIENT_HELLO)
}

#[test]
fn tls13_a_server_certificate_verify_signed_again_by_this_harness_is_the_recorded_one() {
    let rec = Recording::new(Version::Tls13);
    let t = transcript(&rec, CLIENT, &[client_hello(&rec)], CERTIFICATE_VERIFY);
    let cv = certificate_verify(
        0x0807,
        &sign_as("server-ed25519", &verify_content(SERVER_CONTEXT, &t)),
    );
    assert_eq!(cv, rec.message(CLIENT, CERTIFICATE_VERIFY));
}

#[test]
fn tls13_a_server_certificate_verify_over_the_wrong_context_is_decrypt_error() {
    let rec = Recording::new(Version::Tls13);
    let t = transcript(&rec, CLIENT, &[client_hello(&rec)], CERTIFICATE_VERIFY);
    // The client's context; the server's context over the transcript without the
    // Certificate; the server's context with the TLS 1.2 way of signing (no prefix).
    let without_cert = transcript(&rec, CLIENT, &[client_hello(&rec)], CERTIFICATE);
    let contents = [
        verify_content(CLIENT_CONTEXT, &t),
        verify_content(SERVER_CONTEXT, &without_cert),
        verify_content(SERVER_CONTEXT, &t)[64..].to_vec(),
    ];
    for content in contents {
        let cv = certificate_verify(0x0807, &sign_as("server-ed25519", &content));
        let input = replaced(&rec, CLIENT, CERTIFICATE_VERIFY, cv);
        refused!(
            rec.replay(CLIENT, &input),
            Error::BadSignature,
            DecryptError
        );
    }
}

#[test]
fn tls13_a_server_certificate_verify_with_the_wrong_scheme_is_refused() {
    let rec = Recording::new(Version::Tls13);
    let recorded = rec.message(CLIENT, CERTIFICATE_VERIFY);
    let signature = &recorded[8..];
    // Schemes TLS 1.3 forbids here (PKCS#1 v1.5, SHA-1): illegal_parameter.
    for scheme in [0x0401, 0x0201, 0x0203] {
        let input = replaced(
            &rec,
            CLIENT,
            CERTIFICATE_VERIFY,
            certificate_verify(scheme, signature),
        );
        refused!(
            rec.replay(CLIENT, &input),
            Error::PeerMisbehaved(Misbehaviour::UnofferedSignatureScheme),
            IllegalParameter
        );
    }
    // An offered scheme that is not the certificate key's.
    let input = replaced(
        &rec,
        CLIENT,
        CERTIFICATE_VERIFY,
        certificate_verify(0x0403, signature),
    );
    refused!(
        rec.replay(CLIENT, &input),
        Error::PeerMisbehaved(Misbehaviour::UnofferedSignatureScheme),
        IllegalParameter
    );
}

#[test]
fn tls13_a_corrupted_server_certificate_verify_is_decrypt_error() {
    let rec = Recording::new(Version::Tls13);
    let recorded = rec.message(CLIENT, CERTIFICATE_VERIFY);
    for at in [8, recorded.len() - 1] {
        let mut cv = recorded.clone();
        cv[at] ^= 0x80;
        let input = replaced(&rec, CLIENT, CERTIFICATE_VERIFY, cv);
        refused!(
            rec.replay(CLIENT, &input),
            Error::BadSignature,
            DecryptError
        );
    }
}

#[test]
fn a_finished_one_bit_off_is_decrypt_error() {
    for (version, side) in crate::script::every_case() {
        let rec = Recording::new(version);
        let recorded = rec.message(side, FINISHED);
        for bit in [0, 7] {
            let mut fin = recorded.clone();
            let last = fin.len() - 1;
            fin[last] ^= 1 << bit;
            let input = replaced(&rec, side, FINISHED, fin);
            refused!(rec.replay(side, &input), Error::BadFinished, DecryptError);
        }
    }
}

#[test]
fn tls12_an_unsolicited_extension_in_the_server_hello_is_unsupported_extension() {
    let rec = Recording::new(Version::Tls12);
    // ALPN, which the client did not offer; early_data, which has no place in TLS 1.2.
    let alpn = ServerExtension::Unknown {
        typ: stratls_codec::ExtensionType::from(16),
        data: vec![0, 3, 2, b'h', b'2'],
    };
    let early = ServerExtension::Unknown {
        typ: stratls_codec::ExtensionType::from(42),
        data: vec![],
    };
    for extension in [alpn, early] {
        let input = server_hello(&rec, |h| h.extensions.push(extension.clone()));
        refused!(
            rec.replay(CLIENT, &input),
            Error::PeerMisbehaved(Misbehaviour::UnsolicitedExtension),
            UnsupportedExtension
        );
    }
}
