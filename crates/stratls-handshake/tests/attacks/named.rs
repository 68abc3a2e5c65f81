//! Named attacks not covered by a group of their own: early ChangeCipherSpec injection
//! (CVE-2014-0224) at every point of both versions, HelloRetryRequest abuse, the downgrade
//! sentinel, the triple handshake (the extended master secret) and the renegotiation
//! indication.

use stratls_codec::extensions::{ClientExtension, HelloRetryExtension, ServerExtension};
use stratls_codec::handshake::HelloRetryRequest;
use stratls_codec::{
    ContentType, ExtensionType, HandshakeMessage, NamedGroup, ParseContext, ProtocolVersion,
};
use stratls_handshake::{Error, Incompatibility, MessageKind, Misbehaviour, Side};
use stratls_record::RecordError;
use stratls_test_support::records::CCS_RECORD;

use crate::client_hello::edited;
use crate::script::types::*;
use crate::script::{Input, Recording, Setup, Version};

#[test]
fn change_cipher_spec_injected_before_the_keys_is_unexpected_message() {
    // CVE-2014-0224: a ChangeCipherSpec before the key exchange would switch to keys an
    // attacker knows. TLS 1.2: inserted before every message that precedes the peer's own.
    for side in [Side::Client, Side::Server] {
        let rec = Recording::new(Version::Tls12);
        let input = rec.input(side);
        let real = input
            .iter()
            .position(|i| matches!(i, Input::Content(ContentType::ChangeCipherSpec, _)))
            .expect("the peer's ChangeCipherSpec");
        for at in 0..real {
            let mut changed = input[..at].to_vec();
            changed.push(Input::Raw(CCS_RECORD.to_vec()));
            changed.extend(input[at..].iter().cloned());
            let outcome = rec.replay(side, &changed);
            refused!(
                outcome,
                Error::Record(RecordError::UnexpectedChangeCipherSpec),
                UnexpectedMessage
            );
        }
    }
}

#[test]
fn tls13_change_cipher_spec_is_dropped_only_after_the_first_client_hello() {
    let rec = Recording::new(Version::Tls13);
    // Before any ClientHello a server takes none (RFC 8446 §5).
    let mut input = vec![Input::Raw(CCS_RECORD.to_vec())];
    input.extend(rec.input(Side::Server));
    refused!(
        rec.replay(Side::Server, &input),
        Error::Record(RecordError::UnexpectedChangeCipherSpec),
        UnexpectedMessage
    );
    // A client that sent its hello drops one even before the ServerHello; it changes no key.
    let mut input = vec![Input::Raw(CCS_RECORD.to_vec())];
    input.extend(
        rec.input(Side::Client)
            .into_iter()
            .filter(|i| !matches!(i, Input::Content(ContentType::ChangeCipherSpec, _))),
    );
    let conn = rec.replay(Side::Client, &input).assert_accepted(b"");
    assert!(conn.negotiated().is_some());
}

#[test]
fn tls13_the_compatibility_change_cipher_spec_is_dropped_anywhere_before_the_finished() {
    // RFC 8446 §5: from the first ClientHello to the peer's Finished, in either direction.
    let rec = Recording::with(
        Version::Tls13,
        Setup {
            client_auth: true,
            ..Setup::default()
        },
    );
    for side in [Side::Client, Side::Server] {
        let handshake: Vec<Input> = rec
            .input(side)
            .into_iter()
            .filter(|i| !matches!(i, Input::Content(ContentType::ChangeCipherSpec, _)))
            .collect();
        let fin = handshake
            .iter()
            .position(|i| i.handshake_type() == Some(FINISHED))
            .expect("the Finished");
        for at in 1..=fin {
            let mut input = handshake.clone();
            input.insert(at, Input::Raw(CCS_RECORD.to_vec()));
            let conn = rec.replay(side, &input).assert_accepted(b"");
            assert!(conn.negotiated().is_some(), "{side:?} at {at}");
        }
    }
}

/// A HelloRetryRequest with `extensions` (the recorded one's session id and suite).
fn hello_retry(rec: &Recording, extensions: Vec<HelloRetryExtension>) -> Input {
    let m = rec.message(Side::Client, SERVER_HELLO);
    let (message, _) = HandshakeMessage::parse_framed(&m, ParseContext::Tls13).expect("hrr");
    let HandshakeMessage::HelloRetryRequest(hrr) = message else {
        panic!("the recording's first answer is a HelloRetryRequest")
    };
    let changed = HelloRetryRequest { extensions, ..hrr };
    Input::handshake(&HandshakeMessage::HelloRetryRequest(changed).to_vec())
}

const V13: HelloRetryExtension = HelloRetryExtension::SupportedVersions(ProtocolVersion::TLSv1_3);

fn hrr_recording() -> Recording {
    Recording::with(
        Version::Tls13,
        Setup {
            hrr: true,
            ..Setup::default()
        },
    )
}

#[test]
fn the_recorded_hello_retry_replays() {
    let rec = hrr_recording();
    for side in [Side::Client, Side::Server] {
        let input = rec.input(side);
        assert!(
            rec.replay(side, &input)
                .assert_accepted(b"")
                .negotiated()
                .is_some()
        );
    }
}

#[test]
fn a_hello_retry_request_that_would_change_nothing_is_illegal_parameter() {
    let rec = hrr_recording();
    // For the group the first hello has a share for; for no group and no cookie; for a
    // group the client did not offer.
    let input = [hello_retry(&rec, vec![V13])];
    refused!(
        rec.replay(Side::Client, &input),
        Error::PeerMisbehaved(Misbehaviour::BadHelloRetryRequest),
        IllegalParameter
    );
    // A group that is no choice for a retry: one already shared, one never offered.
    for group in [NamedGroup::X25519, NamedGroup::Secp384r1] {
        let input = [hello_retry(
            &rec,
            vec![V13, HelloRetryExtension::KeyShare(group)],
        )];
        refused!(
            rec.replay(Side::Client, &input),
            Error::PeerMisbehaved(Misbehaviour::UnofferedGroup),
            IllegalParameter
        );
    }
}

#[test]
fn a_second_hello_retry_request_is_unexpected_message() {
    let rec = hrr_recording();
    let first = rec.input(Side::Client)[0].clone();
    let input = [first.clone(), first];
    refused!(
        rec.replay(Side::Client, &input),
        Error::UnexpectedMessage {
            got: MessageKind::HelloRetryRequest,
            ..
        },
        UnexpectedMessage
    );
}

#[test]
fn a_second_client_hello_that_does_not_follow_the_retry_is_illegal_parameter() {
    let rec = hrr_recording();
    let input = rec.input(Side::Server);
    let hellos: Vec<usize> = (0..input.len())
        .filter(|&i| input[i].handshake_type() == Some(CLIENT_HELLO))
        .collect();
    assert_eq!(hellos.len(), 2);
    // The first ClientHello again: its share is still for x25519.
    let mut changed = input[..hellos[1]].to_vec();
    changed.push(input[hellos[0]].clone());
    refused!(
        rec.replay(Side::Server, &changed),
        Error::PeerMisbehaved(Misbehaviour::BadSecondClientHello),
        IllegalParameter
    );
}

/// The last eight bytes of a server random that signal a downgrade (RFC 8446 §4.1.3): to
/// TLS 1.2, and to TLS 1.1 or below.
const SENTINELS: [[u8; 8]; 2] = [*b"DOWNGRD\x01", *b"DOWNGRD\x00"];

#[test]
fn a_client_that_offered_tls13_refuses_a_downgrade_sentinel() {
    let rec = Recording::with(
        Version::Tls12,
        Setup {
            client_offers_tls13: true,
            ..Setup::default()
        },
    );
    // The recorded handshake is TLS 1.2, from a TLS 1.2-only server, without a sentinel.
    assert!(
        rec.replay(Side::Client, &rec.input(Side::Client))
            .assert_accepted(b"")
            .negotiated()
            .is_some()
    );
    for sentinel in SENTINELS {
        let mut hello = rec.message(Side::Client, SERVER_HELLO);
        hello[30..38].copy_from_slice(&sentinel);
        refused!(
            rec.replay(Side::Client, &[Input::handshake(&hello)]),
            Error::PeerMisbehaved(Misbehaviour::DowngradeDetected),
            IllegalParameter
        );
    }
}

#[test]
fn the_extended_master_secret_when_required_is_handshake_failure_without_it() {
    // The triple handshake synchronises two sessions' master secrets; the extended master
    // secret binds each to its handshake (RFC 7627).
    let rec = Recording::with(
        Version::Tls12,
        Setup {
            require_ems: true,
            ..Setup::default()
        },
    );
    let hello = edited(&rec, |h| {
        h.extensions
            .retain(|e| e.typ() != ExtensionType::ExtendedMasterSecret)
    });
    refused!(
        rec.replay(Side::Server, &[hello]),
        Error::PeerIncompatible(Incompatibility::NoExtendedMasterSecret),
        HandshakeFailure
    );
    let m = rec.message(Side::Client, SERVER_HELLO);
    let (message, _) = HandshakeMessage::parse_framed(&m, ParseContext::Tls13).expect("hello");
    let HandshakeMessage::ServerHello(mut sh) = message else {
        panic!("a ServerHello")
    };
    sh.extensions
        .retain(|e| e.typ() != ExtensionType::ExtendedMasterSecret);
    let input = [Input::handshake(
        &HandshakeMessage::ServerHello(sh).to_vec(),
    )];
    refused!(
        rec.replay(Side::Client, &input),
        Error::PeerIncompatible(Incompatibility::NoExtendedMasterSecret),
        HandshakeFailure
    );
}

#[test]
fn tls12_the_renegotiation_indication_is_checked_both_ways() {
    // CVE-2009-3555: RFC 5746 binds a renegotiation to the connection it renegotiates. An
    // initial hello whose renegotiation_info is not empty is handshake_failure.
    let rec = Recording::new(Version::Tls12);
    let hello = edited(&rec, |h| {
        h.extensions
            .retain(|e| e.typ() != ExtensionType::RenegotiationInfo);
        h.extensions
            .insert(0, ClientExtension::RenegotiationInfo(vec![0; 12]));
    });
    refused!(
        rec.replay(Side::Server, &[hello]),
        Error::PeerMisbehaved(Misbehaviour::BadRenegotiationInfo),
        HandshakeFailure
    );
    let m = rec.message(Side::Client, SERVER_HELLO);
    let edit_sh = |edit: &dyn Fn(&mut Vec<ServerExtension>)| {
        let (message, _) = HandshakeMessage::parse_framed(&m, ParseContext::Tls13).expect("hello");
        let HandshakeMessage::ServerHello(mut sh) = message else {
            panic!("a ServerHello")
        };
        edit(&mut sh.extensions);
        [Input::handshake(
            &HandshakeMessage::ServerHello(sh).to_vec(),
        )]
    };
    let input = edit_sh(&|exts| {
        for e in exts.iter_mut() {
            if let ServerExtension::RenegotiationInfo(r) = e {
                *r = vec![0; 24];
            }
        }
    });
    refused!(
        rec.replay(Side::Client, &input),
        Error::PeerMisbehaved(Misbehaviour::BadRenegotiationInfo),
        HandshakeFailure
    );
    let input = edit_sh(&|exts| exts.retain(|e| e.typ() != ExtensionType::RenegotiationInfo));
    refused!(
        rec.replay(Side::Client, &input),
        Error::PeerIncompatible(Incompatibility::NoSecureRenegotiation),
        HandshakeFailure
    );
}
