//! Every RFC 8448 message, cut at every offset or grown by one byte, is an error and never a
//! panic; a repeated extension is rejected.

use crate::common::parse13;
use crate::common::vectors::*;
use stratls_codec::extensions::{ClientExtension, EncryptedExtension};
use stratls_codec::{
    AlertDescription, DecodeError, ExtensionType, HandshakeMessage, HandshakeType, ParseContext,
};

const MESSAGES: [(&str, &str); 16] = [
    ("s3 ClientHello", S3_CLIENT_HELLO),
    ("s3 ServerHello", S3_SERVER_HELLO),
    ("s3 EncryptedExtensions", S3_ENCRYPTED_EXTENSIONS),
    ("s3 Certificate", S3_CERTIFICATE),
    ("s3 CertificateVerify", S3_CERTIFICATE_VERIFY),
    ("s3 server Finished", S3_SERVER_FINISHED),
    ("s3 client Finished", S3_CLIENT_FINISHED),
    ("s3 NewSessionTicket", S3_NEW_SESSION_TICKET),
    ("s4 ClientHello", S4_CLIENT_HELLO),
    ("s4 ServerHello", S4_SERVER_HELLO),
    ("s4 EncryptedExtensions", S4_ENCRYPTED_EXTENSIONS),
    ("s4 EndOfEarlyData", S4_END_OF_EARLY_DATA),
    ("s5 ClientHello1", S5_CLIENT_HELLO_1),
    ("s5 HelloRetryRequest", S5_HELLO_RETRY_REQUEST),
    ("s5 ClientHello2", S5_CLIENT_HELLO_2),
    ("s5 ServerHello", S5_SERVER_HELLO),
];

/// Frames `body` as a handshake message of type `typ`.
fn frame(typ: HandshakeType, body: &[u8]) -> Vec<u8> {
    let len = u32::try_from(body.len()).expect("small body").to_be_bytes();
    let mut out = vec![typ.to_u8(), len[1], len[2], len[3]];
    out.extend_from_slice(body);
    out
}

/// The offset where a hello's fixed fields end (after the compression method(s)): a body cut
/// exactly there is a valid extension-less TLS 1.2 hello (RFC 5246 §7.4.1.2).
fn hello_fixed_len(msg: &HandshakeMessage, body: &[u8]) -> Option<usize> {
    let session_id_len = usize::from(*body.get(34)?);
    let after_session_id = 35 + session_id_len;
    match msg {
        HandshakeMessage::ClientHello(_) => {
            let suites = usize::from(u16::from_be_bytes([
                *body.get(after_session_id)?,
                *body.get(after_session_id + 1)?,
            ]));
            let compression_at = after_session_id + 2 + suites;
            Some(compression_at + 1 + usize::from(*body.get(compression_at)?))
        }
        HandshakeMessage::ServerHello(_) => Some(after_session_id + 3),
        _ => None,
    }
}

#[test]
fn framed_truncation_at_every_offset_is_truncated() {
    for (name, hex_str) in MESSAGES {
        let wire = bytes(hex_str);
        for cut in 0..wire.len() {
            let err =
                HandshakeMessage::parse_framed(&wire[..cut], ParseContext::Tls13).expect_err(name);
            assert!(err.is_truncated(), "{name} cut at {cut}: {err}");
            assert_eq!(err.alert(), AlertDescription::DecodeError);
        }
    }
}

#[test]
fn body_truncation_at_every_offset_is_an_error() {
    for (name, hex_str) in MESSAGES {
        let wire = bytes(hex_str);
        let msg = parse13(&wire);
        let (typ, body) = (msg.typ(), &wire[4..]);
        let valid_prefix = hello_fixed_len(&msg, body);
        for cut in 0..body.len() {
            let result = HandshakeMessage::parse(typ, &body[..cut], ParseContext::Tls13);
            if Some(cut) == valid_prefix {
                let reparsed = result.expect("an extension-less hello");
                assert_ne!(reparsed, msg, "{name}");
                continue;
            }
            if matches!(msg, HandshakeMessage::Finished(_)) {
                // verify_data is the whole body: any length parses, the handshake layer
                // compares it with the expected value.
                assert!(result.is_ok());
                continue;
            }
            let err = result.expect_err(name);
            assert_eq!(
                err.alert(),
                AlertDescription::DecodeError,
                "{name} cut at {cut}: {err}"
            );
        }
    }
}

#[test]
fn one_more_byte_is_an_error() {
    for (name, hex_str) in MESSAGES {
        let wire = bytes(hex_str);
        let msg = parse13(&wire);
        for extra in [0x00, 0x01, 0xff] {
            let mut body = wire[4..].to_vec();
            body.push(extra);
            let result = HandshakeMessage::parse(msg.typ(), &body, ParseContext::Tls13);
            if matches!(msg, HandshakeMessage::Finished(_)) {
                assert!(result.is_ok());
                continue;
            }
            let err = result.expect_err(name);
            assert_eq!(err.alert(), AlertDescription::DecodeError, "{name}: {err}");
            let grown = frame(msg.typ(), &body);
            assert!(HandshakeMessage::parse_framed(&grown, ParseContext::Tls13).is_err());
        }
    }
}

#[test]
fn duplicate_client_extension_is_illegal_parameter() {
    let HandshakeMessage::ClientHello(mut ch) = parse13(&bytes(S3_CLIENT_HELLO)) else {
        panic!("not a ClientHello");
    };
    let sni = ch
        .extension(ExtensionType::ServerName)
        .cloned()
        .expect("sni");
    ch.extensions.push(sni);
    let msg = HandshakeMessage::ClientHello(ch).to_vec();
    let err = HandshakeMessage::parse_framed(&msg, ParseContext::Tls13).expect_err("duplicate");
    assert_eq!(
        err,
        DecodeError::DuplicateExtension {
            field: "ClientHello extensions",
            typ: ExtensionType::ServerName,
        }
    );
    assert_eq!(err.alert(), AlertDescription::IllegalParameter);
}

#[test]
fn duplicate_unknown_extension_is_rejected_too() {
    let HandshakeMessage::EncryptedExtensions(mut ee) = parse13(&bytes(S3_ENCRYPTED_EXTENSIONS))
    else {
        panic!("not EncryptedExtensions");
    };
    let grease = EncryptedExtension::Unknown {
        typ: ExtensionType::from(0x0a0a),
        data: vec![1, 2, 3],
    };
    ee.extensions.push(grease.clone());
    let once = HandshakeMessage::EncryptedExtensions(ee.clone()).to_vec();
    assert!(HandshakeMessage::parse_framed(&once, ParseContext::Tls13).is_ok());
    ee.extensions.push(grease);
    let twice = HandshakeMessage::EncryptedExtensions(ee).to_vec();
    let err = HandshakeMessage::parse_framed(&twice, ParseContext::Tls13).expect_err("dup");
    assert!(matches!(err, DecodeError::DuplicateExtension { .. }));
}

#[test]
fn duplicate_in_client_hello_detected_before_psk_position() {
    let HandshakeMessage::ClientHello(mut ch) = parse13(&bytes(S4_CLIENT_HELLO)) else {
        panic!("not a ClientHello");
    };
    let psk = ch.extensions.pop().expect("psk");
    ch.extensions.push(ClientExtension::EarlyData);
    ch.extensions.push(psk);
    let msg = HandshakeMessage::ClientHello(ch).to_vec();
    let err = HandshakeMessage::parse_framed(&msg, ParseContext::Tls13).expect_err("dup");
    assert!(matches!(
        err,
        DecodeError::DuplicateExtension {
            typ: ExtensionType::EarlyData,
            ..
        }
    ));
}
