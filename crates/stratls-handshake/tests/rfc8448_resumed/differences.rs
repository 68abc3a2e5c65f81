//! Where stratls's server cannot give RFC 8448 §4's bytes, and the exact difference.
//!
//! Everything here follows from two facts: EncryptedExtensions holds server_name alone (so
//! the transcript differs from EncryptedExtensions on), and each protected handshake message
//! has a record of its own. Each secret past EncryptedExtensions is then checked to be the
//! RFC's derivation over stratls's transcript, and the RFC's over the RFC's transcript.

use stratls_codec::extensions::EncryptedExtension;
use stratls_codec::{HandshakeMessage, ParseContext};
use stratls_handshake::{KeyPhase, SecretKind, Side};

use super::client::{handshake_bytes, open_records};
use super::server::{answered, server_messages};
use super::vectors::*;
use super::{client_hello, derive, sha256, traffic};

/// EncryptedExtensions with server_name and early_data: the RFC's without supported_groups
/// and record_size_limit, what the stratls server sends when it accepts 0-RTT.
pub const ACCEPTED_ENCRYPTED_EXTENSIONS: &str = "0800000a000800000000002a0000";

/// EncryptedExtensions holds server_name and early_data (0-RTT accepted), in the RFC's
/// relative order: stratls sends no supported_groups (a server MAY, RFC 8446 §4.2.7) and has
/// no record_size_limit (RFC 8449).
#[test]
fn encrypted_extensions_hold_server_name_and_early_data() {
    let answered = answered();
    let [_, ee, _] = server_messages(&answered.server);
    assert_eq!(ee, h(ACCEPTED_ENCRYPTED_EXTENSIONS));
    let extensions = |bytes: &[u8]| match HandshakeMessage::parse_framed(bytes, ParseContext::Tls13)
        .expect("EncryptedExtensions parse")
    {
        (HandshakeMessage::EncryptedExtensions(ee), _) => ee.extensions,
        (other, _) => panic!("not EncryptedExtensions: {other:?}"),
    };
    assert_eq!(
        extensions(&ee),
        vec![
            EncryptedExtension::ServerName,
            EncryptedExtension::EarlyData
        ]
    );
    let rfc = extensions(&h(ENCRYPTED_EXTENSIONS));
    assert_eq!(rfc.len(), 4);
    assert!(matches!(rfc[0], EncryptedExtension::SupportedGroups(_)));
    assert_eq!(rfc[1], EncryptedExtension::RecordSizeLimit(0x4001));
    assert_eq!(rfc[2], EncryptedExtension::ServerName);
    assert_eq!(rfc[3], EncryptedExtension::EarlyData);
    let accepted = extensions(&h(ACCEPTED_ENCRYPTED_EXTENSIONS));
    assert_eq!(
        accepted,
        rfc[2..],
        "the RFC's, less what stratls does not implement"
    );
}

/// The server Finished, the protected flight (one record per message), the application
/// traffic secrets and the exporter master secret: each the RFC's derivation over stratls's
/// transcript, none the RFC's value; over the RFC's transcript the same derivations give the
/// RFC's values.
#[test]
fn finished_flight_and_application_secrets_differ_by_the_transcript_alone() {
    let answered = answered();
    let server = &answered.server;
    let [sh, ee, fin] = server_messages(server);
    assert_ne!(fin, h(SERVER_FINISHED));
    // The RFC's server sends EncryptedExtensions and Finished in one record, stratls in one
    // record each.
    let rfc_flight = open_records(
        &traffic(&h(SERVER_HANDSHAKE_TRAFFIC_SECRET)),
        0,
        &h(SERVER_FLIGHT_RECORD),
    );
    assert_eq!(rfc_flight.len(), 2, "two messages in the RFC's one record");
    assert_eq!(handshake_bytes(&rfc_flight[0]), h(ENCRYPTED_EXTENSIONS));
    assert_eq!(handshake_bytes(&rfc_flight[1]), h(SERVER_FINISHED));
    assert_eq!(answered.flight.len(), 2);
    assert_eq!(answered.flight[0].len(), 5 + ee.len() + 1 + 16);
    assert_eq!(answered.flight[1].len(), 5 + fin.len() + 1 + 16);
    // The RFC's Finished is the RFC's server handshake secret over the RFC's transcript.
    let rfc_sh = h(SERVER_HELLO_RECORD)[5..].to_vec();
    let rfc_verify = traffic(&h(SERVER_HANDSHAKE_TRAFFIC_SECRET))
        .finished_verify_data(&sha256(
            &[client_hello(), rfc_sh, h(ENCRYPTED_EXTENSIONS)].concat(),
        ))
        .expect("finished");
    assert_eq!(h(SERVER_FINISHED)[4..], *rfc_verify.as_bytes());

    let hash = sha256(&[client_hello(), sh, ee, fin].concat());
    assert_ne!(hash.as_bytes(), h(SERVER_FINISHED_HASH));
    for (kind, label, rfc) in [
        (
            SecretKind::TrafficSecret {
                writer: Side::Client,
                phase: KeyPhase::Application,
            },
            &b"c ap traffic"[..],
            CLIENT_APPLICATION_TRAFFIC_SECRET,
        ),
        (
            SecretKind::TrafficSecret {
                writer: Side::Server,
                phase: KeyPhase::Application,
            },
            &b"s ap traffic"[..],
            SERVER_APPLICATION_TRAFFIC_SECRET,
        ),
        (
            SecretKind::ExporterMasterSecret,
            &b"exp master"[..],
            EXPORTER_MASTER_SECRET,
        ),
    ] {
        let (ours, ours_hash) = server.secret(kind);
        assert_eq!(ours_hash.as_deref(), Some(hash.as_bytes()), "{kind:?}");
        assert_eq!(
            ours,
            derive(MASTER_SECRET, label, hash.as_bytes()),
            "{kind:?}"
        );
        assert_ne!(ours, h(rfc), "{kind:?}");
        assert_eq!(
            derive(MASTER_SECRET, label, &h(SERVER_FINISHED_HASH)),
            h(rfc)
        );
    }
}

/// The resumption master secret the server's tickets come from (`resumption`, over
/// stratls's transcript) is not the RFC's; over the RFC's ClientHello...client Finished the
/// same derivation gives the RFC's.
pub fn resumption_master_secret_differs(resumption: &[u8]) {
    assert_ne!(resumption, h(RESUMPTION_MASTER_SECRET));
    assert_eq!(
        derive(MASTER_SECRET, b"res master", &h(CLIENT_FINISHED_HASH)),
        h(RESUMPTION_MASTER_SECRET)
    );
}
