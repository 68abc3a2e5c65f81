//! Hand-written malformed messages after the hellos (EncryptedExtensions through the TLS 1.2
//! messages, ChangeCipherSpec and alerts), each mapped to the alert the RFC names.

use stratls_codec::extensions::{CertReqExtension, CertificateExtension, EncryptedExtension};
use stratls_codec::handshake::{
    CertificateVerify, ClientKeyExchange, KeyExchangeAlgorithm, KeyUpdate, ServerKeyExchange,
};
use stratls_codec::{
    AlertDescription, ChangeCipherSpec, ExtensionType, HandshakeMessage, HandshakeType,
    KeyUpdateRequest, NamedGroup, ParseContext, RecordHeader, SignatureScheme,
};

const DECODE: AlertDescription = AlertDescription::DecodeError;
const ILLEGAL: AlertDescription = AlertDescription::IllegalParameter;

fn alert13(typ: HandshakeType, body: &[u8]) -> AlertDescription {
    match HandshakeMessage::parse(typ, body, ParseContext::Tls13) {
        Ok(msg) => panic!("{typ:?} body parsed: {msg:?}"),
        Err(e) => e.alert(),
    }
}

fn body_of(encode: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut out = Vec::new();
    encode(&mut out);
    out
}

#[test]
fn encrypted_extensions_rules() {
    let ee = |ext: EncryptedExtension| {
        let mut body = Vec::new();
        stratls_codec::handshake::EncryptedExtensions {
            extensions: vec![ext],
        }
        .encode(&mut body);
        alert13(HandshakeType::EncryptedExtensions, &body)
    };
    let key_share = EncryptedExtension::Unknown {
        typ: ExtensionType::KeyShare,
        data: vec![0x00, 0x1d, 0x00, 0x01, 0x05],
    };
    assert_eq!(ee(key_share), ILLEGAL);
    let two_protocols = EncryptedExtension::Unknown {
        typ: ExtensionType::ApplicationLayerProtocolNegotiation,
        data: vec![0x00, 0x06, 0x02, b'h', b'2', 0x02, b'h', b'3'],
    };
    assert_eq!(ee(two_protocols), ILLEGAL);
    let early_data_body = EncryptedExtension::Unknown {
        typ: ExtensionType::EarlyData,
        data: vec![0, 0, 0, 1],
    };
    assert_eq!(ee(early_data_body), DECODE);
}

#[test]
fn certificate_rules() {
    // context 0, list of one entry with empty cert_data.
    let empty_cert = [0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00];
    assert_eq!(alert13(HandshakeType::Certificate, &empty_cert), DECODE);
    let with_ext = |ext: CertificateExtension| {
        let cert = stratls_codec::handshake::Certificate {
            context: Vec::new(),
            entries: vec![stratls_codec::handshake::CertificateEntry {
                cert_data: vec![0x30, 0x00].into(),
                extensions: vec![ext],
            }],
        };
        alert13(HandshakeType::Certificate, &body_of(|d| cert.encode(d)))
    };
    let key_share = CertificateExtension::Unknown {
        typ: ExtensionType::KeyShare,
        data: vec![0x00, 0x17],
    };
    assert_eq!(with_ext(key_share), ILLEGAL);
    let not_ocsp = CertificateExtension::Unknown {
        typ: ExtensionType::StatusRequest,
        data: vec![0x02, 0x00, 0x00, 0x01, 0x00],
    };
    assert_eq!(with_ext(not_ocsp), DECODE);
}

#[test]
fn certificate_request_rules() {
    // context, then an empty extension block (extensions<2..2^16-1>).
    assert_eq!(
        alert13(HandshakeType::CertificateRequest, &[0x00, 0x00, 0x00]),
        DECODE
    );
    let key_share = [0x00, 0x00, 0x06, 0x00, 0x33, 0x00, 0x02, 0x00, 0x17];
    assert_eq!(
        alert13(HandshakeType::CertificateRequest, &key_share),
        ILLEGAL
    );
    // TLS 1.2 form: certificate_types<1..2^8-1> may not be empty.
    let tls12 = [0x00, 0x00, 0x02, 0x04, 0x01, 0x00, 0x00];
    let ctx = ParseContext::Tls12(KeyExchangeAlgorithm::Ecdhe);
    let err = HandshakeMessage::parse(HandshakeType::CertificateRequest, &tls12, ctx);
    assert_eq!(err.map_err(|e| e.alert()), Err(DECODE));
}

#[test]
fn status_request_in_a_tls13_certificate_request_is_empty() {
    // RFC 8446 §4.4.2.1: signature_algorithms [ecdsa_secp256r1_sha256], then an empty
    // status_request, as GnuTLS sends it when it asks for a client certificate.
    let request = [
        0x00, 0x00, 0x0c, 0x00, 0x0d, 0x00, 0x04, 0x00, 0x02, 0x04, 0x03, 0x00, 0x05, 0x00, 0x00,
    ];
    let parsed = HandshakeMessage::parse(
        HandshakeType::CertificateRequest,
        &request,
        ParseContext::Tls13,
    )
    .expect("parses");
    let HandshakeMessage::CertificateRequest(cr) = &parsed else {
        panic!("{parsed:?}");
    };
    assert_eq!(
        cr.extensions,
        [
            CertReqExtension::SignatureAlgorithms(vec![SignatureScheme::ECDSA_SECP256R1_SHA256]),
            CertReqExtension::StatusRequest,
        ]
    );
    assert_eq!(&parsed.to_vec()[4..], &request, "round trip");
    // The ClientHello's CertificateStatusRequest form (ocsp, no responders, no extensions)
    // is not what a CertificateRequest carries.
    let ocsp = [
        0x00, 0x00, 0x11, 0x00, 0x0d, 0x00, 0x04, 0x00, 0x02, 0x04, 0x03, 0x00, 0x05, 0x00, 0x05,
        0x01, 0x00, 0x00, 0x00, 0x00,
    ];
    assert_eq!(alert13(HandshakeType::CertificateRequest, &ocsp), DECODE);
}

#[test]
fn certificate_verify_rules() {
    let cv = CertificateVerify {
        scheme: SignatureScheme::ED25519,
        signature: vec![1; 64],
    };
    let body = body_of(|d| cv.encode(d));
    assert_eq!(CertificateVerify::parse(&body), Ok(cv));
    assert_eq!(
        alert13(HandshakeType::CertificateVerify, &body[..body.len() - 1]),
        DECODE
    );
    assert_eq!(alert13(HandshakeType::CertificateVerify, &[0x08]), DECODE);
}

#[test]
fn new_session_ticket_rules() {
    // lifetime, age_add, empty nonce, empty ticket (ticket<1..2^16-1>), no extensions.
    let empty_ticket = [0, 0, 0, 1, 0, 0, 0, 2, 0x00, 0x00, 0x00, 0x00, 0x00];
    assert_eq!(
        alert13(HandshakeType::NewSessionTicket, &empty_ticket),
        DECODE
    );
    let key_share = [
        0, 0, 0, 1, 0, 0, 0, 2, 0x00, 0x00, 0x01, 0xaa, 0x00, 0x04, 0x00, 0x33, 0x00, 0x00,
    ];
    assert_eq!(
        alert13(HandshakeType::NewSessionTicket, &key_share),
        ILLEGAL
    );
}

#[test]
fn key_update_rules() {
    assert_eq!(
        KeyUpdate::parse(&[1]).map(|k| k.request_update),
        Ok(KeyUpdateRequest::UpdateRequested)
    );
    assert_eq!(
        alert13(HandshakeType::KeyUpdate, &[2]),
        ILLEGAL,
        "RFC 8446 §4.6.3"
    );
    assert_eq!(alert13(HandshakeType::KeyUpdate, &[]), DECODE);
    assert_eq!(alert13(HandshakeType::KeyUpdate, &[0, 0]), DECODE);
}

#[test]
fn empty_messages_must_be_empty() {
    assert_eq!(alert13(HandshakeType::EndOfEarlyData, &[0]), DECODE);
    let ctx = ParseContext::Tls12(KeyExchangeAlgorithm::Rsa);
    for typ in [HandshakeType::ServerHelloDone, HandshakeType::HelloRequest] {
        assert!(HandshakeMessage::parse(typ, &[], ctx).is_ok());
        let err = HandshakeMessage::parse(typ, &[0], ctx).expect_err("non-empty");
        assert_eq!(err.alert(), DECODE);
    }
}

#[test]
fn change_cipher_spec_is_exactly_one() {
    assert_eq!(ChangeCipherSpec::parse(&[1]), Ok(ChangeCipherSpec));
    for bad in [&[][..], &[2], &[1, 1], &[0]] {
        let err = ChangeCipherSpec::parse(bad).expect_err("bad CCS");
        assert_eq!(err.alert(), AlertDescription::UnexpectedMessage);
    }
}

#[test]
fn alert_and_record_header_lengths() {
    use stratls_codec::{Alert, AlertLevel};
    let alert = Alert::parse(&[2, 40]).expect("alert");
    assert_eq!(alert.level, AlertLevel::Fatal);
    assert_eq!(alert.description, AlertDescription::HandshakeFailure);
    assert_eq!(alert.to_bytes(), [2, 40]);
    assert_eq!(Alert::parse(&[2]).map_err(|e| e.alert()), Err(DECODE));
    assert_eq!(
        Alert::parse(&[2, 40, 0]).map_err(|e| e.alert()),
        Err(DECODE)
    );
    let err = RecordHeader::parse(&[0x16, 0x03, 0x03, 0x00]).expect_err("4 bytes");
    assert!(err.is_truncated());
}

#[test]
fn tls12_key_exchange_messages() {
    let ske = ServerKeyExchange {
        group: NamedGroup::Secp256r1,
        public: vec![4; 65],
        scheme: SignatureScheme::ECDSA_SECP256R1_SHA256,
        signature: vec![0x30; 70],
    };
    let body = body_of(|d| ske.encode(d));
    assert_eq!(ServerKeyExchange::parse(&body), Ok(ske.clone()));
    assert_eq!(ske.params(), body[..4 + 65]);
    let signed = ske.signed_message(&[1; 32], &[2; 32]);
    assert_eq!(signed[..32], [1; 32]);
    assert_eq!(signed[32..64], [2; 32]);
    assert_eq!(signed[64..], body[..4 + 65]);
    let mut explicit = body.clone();
    explicit[0] = 1;
    assert_eq!(
        ServerKeyExchange::parse(&explicit).map_err(|e| e.alert()),
        Err(ILLEGAL)
    );
    assert!(matches!(
        HandshakeMessage::parse(HandshakeType::ServerKeyExchange, &body, ParseContext::Tls13),
        Ok(HandshakeMessage::Unknown { .. })
    ));

    let ecdhe = ClientKeyExchange::parse(&[1, 9], KeyExchangeAlgorithm::Ecdhe);
    assert_eq!(ecdhe, Ok(ClientKeyExchange::Ecdhe { public: vec![9] }));
    let empty = ClientKeyExchange::parse(&[0], KeyExchangeAlgorithm::Ecdhe);
    assert_eq!(empty.map_err(|e| e.alert()), Err(DECODE));
    let rsa = ClientKeyExchange::parse(&[0, 2, 7, 7], KeyExchangeAlgorithm::Rsa);
    let rsa = rsa.expect("rsa");
    assert_eq!(body_of(|d| rsa.encode(d)), [0, 2, 7, 7]);
    let short = ClientKeyExchange::parse(&[0, 3, 7, 7], KeyExchangeAlgorithm::Rsa);
    assert_eq!(short.map_err(|e| e.alert()), Err(DECODE));
}

#[test]
fn unknown_handshake_type_round_trips() {
    let wire = [99, 0, 0, 2, 0xab, 0xcd];
    let (msg, len) = HandshakeMessage::parse_framed(&wire, ParseContext::Tls13).expect("unknown");
    assert_eq!(len, 6);
    assert_eq!(msg.typ(), HandshakeType::Unknown(99));
    assert_eq!(msg.to_vec(), wire);
}
