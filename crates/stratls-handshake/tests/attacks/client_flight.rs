//! A server facing a scripted client with a certificate: the recorded client flight with one
//! message changed, sealed under the client's handshake key (TLS 1.3) or sent where the
//! TLS 1.2 flight has it.

use stratls_handshake::{Error, Incompatibility, Misbehaviour, Side};
use stratls_pki::PkiError;

use crate::client_hello::bad_p256_points;
use crate::script::types::*;
use crate::script::{Recording, Setup, Version, message};
use crate::server_flight::{
    certificate, certificate_verify, leaf, replaced, sign_as, verify_content,
};

const SERVER: Side = Side::Server;

fn with_client_auth(version: Version) -> Recording {
    Recording::with(
        version,
        Setup {
            client_auth: true,
            ..Setup::default()
        },
    )
}

#[test]
fn an_empty_client_certificate_when_one_is_required_is_refused() {
    let rec = with_client_auth(Version::Tls13);
    let input = replaced(&rec, SERVER, CERTIFICATE, certificate(Version::Tls13, &[]));
    refused!(
        rec.replay(SERVER, &input),
        Error::PeerIncompatible(Incompatibility::CertificateRequired),
        CertificateRequired
    );
    // TLS 1.2 has no certificate_required (RFC 5246 §7.4.6).
    let rec = with_client_auth(Version::Tls12);
    let input = replaced(&rec, SERVER, CERTIFICATE, certificate(Version::Tls12, &[]));
    refused!(
        rec.replay(SERVER, &input),
        Error::PeerIncompatible(Incompatibility::NoClientCertificate),
        HandshakeFailure
    );
}

#[test]
fn a_client_certificate_not_for_client_authentication_is_bad_certificate() {
    // A server certificate of the trusted tree: its extended key usage is serverAuth.
    for version in Version::BOTH {
        let rec = with_client_auth(version);
        let cert = leaf("server-ed25519");
        let input = replaced(&rec, SERVER, CERTIFICATE, certificate(version, &[&cert]));
        refused!(
            rec.replay(SERVER, &input),
            Error::InvalidCertificate(PkiError::NotAllowed(_)),
            BadCertificate
        );
    }
}

#[test]
fn a_corrupted_client_certificate_verify_is_decrypt_error() {
    for version in Version::BOTH {
        let rec = with_client_auth(version);
        let recorded = rec.message(SERVER, CERTIFICATE_VERIFY);
        for at in [8, recorded.len() - 1] {
            let mut cv = recorded.clone();
            cv[at] ^= 0x80;
            let input = replaced(&rec, SERVER, CERTIFICATE_VERIFY, cv);
            refused!(
                rec.replay(SERVER, &input),
                Error::BadSignature,
                DecryptError
            );
        }
    }
}

/// The server's transcript up to the client's CertificateVerify: the ClientHello, the
/// server's flight (what the client received up to its Finished), the client's Certificate.
fn server_transcript(rec: &Recording) -> Vec<u8> {
    let mut t = rec.message(SERVER, CLIENT_HELLO);
    let to_client = rec.input(Side::Client);
    let fin = to_client
        .iter()
        .position(|i| i.handshake_type() == Some(FINISHED))
        .expect("the server's Finished");
    for i in &to_client[..=fin] {
        if i.handshake_type().is_some() {
            t.extend_from_slice(i.message());
        }
    }
    t.extend_from_slice(&rec.message(SERVER, CERTIFICATE));
    t
}

#[test]
fn tls13_a_client_certificate_verify_signed_again_by_this_harness_is_the_recorded_one() {
    let rec = with_client_auth(Version::Tls13);
    let content = verify_content(
        b"TLS 1.3, client CertificateVerify",
        &server_transcript(&rec),
    );
    let cv = certificate_verify(0x0807, &sign_as("client-ed25519", &content));
    assert_eq!(cv, rec.message(SERVER, CERTIFICATE_VERIFY));
}

#[test]
fn tls13_a_client_certificate_verify_over_the_server_context_is_decrypt_error() {
    let rec = with_client_auth(Version::Tls13);
    let content = verify_content(
        b"TLS 1.3, server CertificateVerify",
        &server_transcript(&rec),
    );
    let cv = certificate_verify(0x0807, &sign_as("client-ed25519", &content));
    let input = replaced(&rec, SERVER, CERTIFICATE_VERIFY, cv);
    refused!(
        rec.replay(SERVER, &input),
        Error::BadSignature,
        DecryptError
    );
}

#[test]
fn tls13_a_client_certificate_verify_with_a_forbidden_scheme_is_illegal_parameter() {
    let rec = with_client_auth(Version::Tls13);
    let recorded = rec.message(SERVER, CERTIFICATE_VERIFY);
    let input = replaced(
        &rec,
        SERVER,
        CERTIFICATE_VERIFY,
        certificate_verify(0x0401, &recorded[8..]),
    );
    refused!(
        rec.replay(SERVER, &input),
        Error::PeerMisbehaved(Misbehaviour::UnofferedSignatureScheme),
        IllegalParameter
    );
}

fn client_key_exchange(point: &[u8]) -> Vec<u8> {
    let mut body = vec![u8::try_from(point.len()).expect("short")];
    body.extend_from_slice(point);
    message(CLIENT_KEY_EXCHANGE, &body)
}

#[test]
fn tls12_a_client_key_exchange_with_a_bad_point_is_illegal_parameter() {
    let rec = Recording::new(Version::Tls12);
    let mut one = vec![0; 32];
    one[0] = 1;
    for bad in [vec![0; 32], one, vec![9; 31], vec![9; 33]] {
        let input = replaced(&rec, SERVER, CLIENT_KEY_EXCHANGE, client_key_exchange(&bad));
        refused!(
            rec.replay(SERVER, &input),
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
        let input = replaced(&rec, SERVER, CLIENT_KEY_EXCHANGE, client_key_exchange(&bad));
        refused!(
            rec.replay(SERVER, &input),
            Error::PeerMisbehaved(Misbehaviour::InvalidKeyShare),
            IllegalParameter
        );
    }
}

#[test]
fn the_recorded_handshake_replays_to_each_side() {
    // The base of every row: unchanged, the recorded input completes the handshake.
    for (version, side) in crate::script::every_case() {
        for setup in [
            Setup::default(),
            Setup {
                client_auth: true,
                ..Setup::default()
            },
        ] {
            let rec = Recording::with(version, setup);
            let input = rec.input(side);
            let conn = rec.replay(side, &input).assert_accepted(b"");
            assert!(
                conn.negotiated().is_some(),
                "{version:?} {side:?} established"
            );
        }
    }
}
