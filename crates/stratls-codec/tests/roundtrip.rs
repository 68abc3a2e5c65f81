//! proptest: encode-then-parse is the identity for every message and extension type.

use crate::common::strategies::*;
use proptest::prelude::*;
use stratls_codec::extensions::{
    CertReqExtension, CertificateExtension, ClientExtension, EncryptedExtension,
    HelloRetryExtension, NewSessionTicketExtension, ServerExtension,
};
use stratls_codec::handshake::{
    EncryptedExtensions, EndOfEarlyData, Finished, HelloRequest, KeyExchangeAlgorithm, KeyUpdate,
    MessageHash, ServerHelloDone,
};
use stratls_codec::{
    Alert, ContentType, ExtensionType, HandshakeMessage, ParseContext, ProtocolVersion,
    RecordHeader,
};

const TLS12_ECDHE: ParseContext = ParseContext::Tls12(KeyExchangeAlgorithm::Ecdhe);

/// Encodes `msg` with its header, parses it back under `ctx`, and checks both directions.
fn check(msg: HandshakeMessage, ctx: ParseContext) -> Result<(), TestCaseError> {
    let wire = msg.to_vec();
    let (parsed, len) = HandshakeMessage::parse_framed(&wire, ctx)
        .map_err(|e| TestCaseError::fail(format!("{e} for {msg:?}")))?;
    prop_assert_eq!(len, wire.len());
    prop_assert_eq!(&parsed, &msg);
    prop_assert_eq!(parsed.to_vec(), wire);
    Ok(())
}

/// Encodes one extension, splits off its 4-byte header, and parses the body back with `parse`.
fn check_ext<T: PartialEq + core::fmt::Debug>(
    ext: &T,
    encode: impl Fn(&T, &mut Vec<u8>),
    parse: impl Fn(ExtensionType, &[u8]) -> Result<T, stratls_codec::DecodeError>,
) -> Result<(), TestCaseError> {
    let mut wire = Vec::new();
    encode(ext, &mut wire);
    prop_assert!(wire.len() >= 4);
    let typ = ExtensionType::from(u16::from_be_bytes([wire[0], wire[1]]));
    prop_assert_eq!(
        usize::from(u16::from_be_bytes([wire[2], wire[3]])),
        wire.len() - 4
    );
    let parsed = parse(typ, &wire[4..]).map_err(|e| TestCaseError::fail(format!("{e}")))?;
    prop_assert_eq!(&parsed, ext);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn client_hello_roundtrip(ch in client_hello()) {
        check(HandshakeMessage::ClientHello(ch), ParseContext::Tls13)?;
    }

    #[test]
    fn server_hello_roundtrip(sh in server_hello()) {
        check(HandshakeMessage::ServerHello(sh), ParseContext::Tls13)?;
    }

    #[test]
    fn hello_retry_request_roundtrip(hrr in hello_retry_request()) {
        check(HandshakeMessage::HelloRetryRequest(hrr), ParseContext::Tls13)?;
    }

    #[test]
    fn encrypted_extensions_roundtrip(extensions in encrypted_extensions()) {
        let msg = HandshakeMessage::EncryptedExtensions(EncryptedExtensions { extensions });
        check(msg, ParseContext::Tls13)?;
    }

    #[test]
    fn certificates(c13 in certificate(), c12 in certificate_tls12()) {
        check(HandshakeMessage::Certificate(c13), ParseContext::Tls13)?;
        check(HandshakeMessage::CertificateTls12(c12), TLS12_ECDHE)?;
    }

    #[test]
    fn certificate_requests(r13 in certificate_request(), r12 in certificate_request_tls12()) {
        check(HandshakeMessage::CertificateRequest(r13), ParseContext::Tls13)?;
        check(HandshakeMessage::CertificateRequestTls12(r12), TLS12_ECDHE)?;
    }

    #[test]
    fn certificate_verify_roundtrip(cv in certificate_verify()) {
        check(HandshakeMessage::CertificateVerify(cv.clone()), ParseContext::Tls13)?;
        check(HandshakeMessage::CertificateVerify(cv), TLS12_ECDHE)?;
    }

    #[test]
    fn finished_and_message_hash(data in bytes(0, 64)) {
        let finished = Finished { verify_data: data.clone() };
        check(HandshakeMessage::Finished(finished.clone()), ParseContext::Tls13)?;
        check(HandshakeMessage::Finished(finished), TLS12_ECDHE)?;
        check(HandshakeMessage::MessageHash(MessageHash { hash: data }), ParseContext::Tls13)?;
    }

    #[test]
    fn new_session_tickets(t13 in new_session_ticket(), t12 in new_session_ticket_tls12()) {
        check(HandshakeMessage::NewSessionTicket(t13), ParseContext::Tls13)?;
        check(HandshakeMessage::NewSessionTicketTls12(t12), TLS12_ECDHE)?;
    }

    #[test]
    fn key_update_roundtrip(request_update in key_update_request()) {
        check(HandshakeMessage::KeyUpdate(KeyUpdate { request_update }), ParseContext::Tls13)?;
    }

    #[test]
    fn tls12_key_exchange(ske in server_key_exchange(), cke in client_key_exchange()) {
        check(HandshakeMessage::ServerKeyExchange(ske), TLS12_ECDHE)?;
        let ctx = ParseContext::Tls12(cke.kx());
        check(HandshakeMessage::ClientKeyExchange(cke), ctx)?;
    }

    #[test]
    fn client_extensions(ext in client_extension()) {
        check_ext(&ext, |e, d| e.encode(d), ClientExtension::parse)?;
    }

    #[test]
    fn server_side_extensions(
        sh in server_hello(),
        hrr in hello_retry_request(),
        ee in encrypted_extensions(),
    ) {
        for ext in &sh.extensions {
            check_ext(ext, |e, d| e.encode(d), ServerExtension::parse)?;
        }
        for ext in &hrr.extensions {
            check_ext(ext, |e, d| e.encode(d), HelloRetryExtension::parse)?;
        }
        for ext in &ee {
            check_ext(ext, |e, d| e.encode(d), EncryptedExtension::parse)?;
        }
    }

    #[test]
    fn certificate_side_extensions(
        cert in certificate(),
        req in certificate_request(),
        nst in new_session_ticket(),
    ) {
        for ext in cert.entries.iter().flat_map(|e| &e.extensions) {
            check_ext(ext, |e, d| e.encode(d), CertificateExtension::parse)?;
        }
        for ext in &req.extensions {
            check_ext(ext, |e, d| e.encode(d), CertReqExtension::parse)?;
        }
        for ext in &nst.extensions {
            check_ext(ext, |e, d| e.encode(d), NewSessionTicketExtension::parse)?;
        }
    }

    #[test]
    fn record_header_and_alert(typ in any::<u8>(), version in any::<u16>(), length in any::<u16>(),
                               level in any::<u8>(), description in any::<u8>()) {
        let header = RecordHeader {
            content_type: ContentType::from(typ),
            version: ProtocolVersion::from(version),
            length,
        };
        let mut wire = Vec::new();
        header.encode(&mut wire);
        prop_assert_eq!(&wire[..], &header.to_bytes()[..]);
        prop_assert_eq!(RecordHeader::parse(&wire), Ok(header));
        let alert = Alert { level: level.into(), description: description.into() };
        prop_assert_eq!(Alert::parse(&alert.to_bytes()), Ok(alert));
    }

    /// Arbitrary bytes never panic any parser, whatever the context.
    #[test]
    fn arbitrary_bytes_never_panic(typ in any::<u8>(), body in bytes(0, 300)) {
        for ctx in [ParseContext::Tls13, TLS12_ECDHE,
                    ParseContext::Tls12(KeyExchangeAlgorithm::Rsa)] {
            if let Ok(msg) = HandshakeMessage::parse(typ.into(), &body, ctx) {
                // Whatever parses re-encodes to the same bytes (every encoding is canonical),
                // except hellos without an extension block.
                let mut out = Vec::new();
                msg.encode_body(&mut out);
                prop_assert!(out == body || out.len() + 2 == body.len());
            }
        }
    }
}

#[test]
fn empty_messages_round_trip() {
    for (msg, ctx) in [
        (
            HandshakeMessage::EndOfEarlyData(EndOfEarlyData),
            ParseContext::Tls13,
        ),
        (
            HandshakeMessage::ServerHelloDone(ServerHelloDone),
            TLS12_ECDHE,
        ),
        (HandshakeMessage::HelloRequest(HelloRequest), TLS12_ECDHE),
    ] {
        let wire = msg.to_vec();
        assert_eq!(wire.len(), 4);
        assert_eq!(HandshakeMessage::parse_framed(&wire, ctx), Ok((msg, 4)));
    }
}
