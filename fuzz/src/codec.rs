//! The codec targets: every parser of stratls-codec over the same bytes.

use stratls_codec::extensions::{
    CertReqExtension, CertificateExtension, ClientExtension, EncryptedExtension,
    HelloRetryExtension, NewSessionTicketExtension, ServerExtension,
};
use stratls_codec::handshake::{HandshakeHeader, KeyExchangeAlgorithm, complete_message_len};
use stratls_codec::record::RECORD_HEADER_LEN;
use stratls_codec::{
    Alert, ChangeCipherSpec, DecodeError, ExtensionType, HandshakeMessage, HandshakeType,
    ParseContext, RecordHeader,
};

/// Every context a handshake message can be parsed in.
const CONTEXTS: [ParseContext; 3] = [
    ParseContext::Tls13,
    ParseContext::Tls12(KeyExchangeAlgorithm::Ecdhe),
    ParseContext::Tls12(KeyExchangeAlgorithm::Rsa),
];

/// Every handshake type with a name, plus one that has none.
const HANDSHAKE_TYPES: [u8; 19] = [
    0, 1, 2, 3, 4, 5, 8, 11, 12, 13, 14, 15, 16, 20, 22, 24, 25, 254, 99,
];

/// Every extension type with a name, plus one GREASE value.
const EXTENSION_TYPES: [u16; 30] = [
    0, 1, 5, 10, 11, 13, 14, 15, 16, 18, 19, 20, 21, 22, 23, 27, 28, 35, 41, 42, 43, 44, 45, 47,
    48, 49, 50, 51, 0xff01, 0x0a0a,
];

/// Parses `$data` as the body of an extension `$typ` of the enum `$ext`; on success the
/// encoding (type, length, body) must carry exactly the input and parse back to the same value.
macro_rules! check_extension {
    ($ext:ty, $typ:expr, $data:expr) => {
        if let Ok(ext) = <$ext>::parse($typ, $data) {
            assert_eq!(ext.typ(), $typ, "{} type changed", stringify!($ext));
            let mut encoded = Vec::new();
            ext.encode(&mut encoded);
            let body = extension_body(&encoded, $typ);
            assert_eq!(
                body,
                $data,
                "{} {:?} re-encoding differs",
                stringify!($ext),
                $typ
            );
            assert_eq!(<$ext>::parse($typ, body).as_ref(), Ok(&ext));
        }
    };
}

/// `data` as the body of every handshake type in every [`ParseContext`], as a framed message in
/// every context, and as the body of every extension type in every message's extension enum.
///
/// Invariants: no panic; a parse that succeeds re-encodes to exactly the input, and the
/// encoding parses back to the same value; errors name an alert (always true by type).
pub fn codec_handshake(data: &[u8]) {
    for ctx in CONTEXTS {
        for typ in HANDSHAKE_TYPES {
            let typ = HandshakeType::from(typ);
            if let Ok(message) = HandshakeMessage::parse(typ, data, ctx) {
                check_message(typ, data, ctx, &message);
            }
        }
        if let Ok((message, len)) = HandshakeMessage::parse_framed(data, ctx) {
            let framed = data
                .get(..len)
                .expect("parse_framed length within the input");
            let body = framed.get(4..).unwrap_or_default();
            let mut encoded = Vec::new();
            message.encode_body(&mut encoded);
            assert!(
                same_encoding(message.typ(), body, &encoded),
                "framed re-encoding differs"
            );
            assert_eq!(complete_message_len(data), Some(len));
        }
    }
    let first = data
        .get(..2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
        .unwrap_or_default();
    for typ in EXTENSION_TYPES.into_iter().chain([first]) {
        let typ = ExtensionType::from(typ);
        check_extension!(ClientExtension, typ, data);
        check_extension!(ServerExtension, typ, data);
        check_extension!(HelloRetryExtension, typ, data);
        check_extension!(EncryptedExtension, typ, data);
        check_extension!(CertificateExtension, typ, data);
        check_extension!(CertReqExtension, typ, data);
        check_extension!(NewSessionTicketExtension, typ, data);
    }
}

fn check_message(typ: HandshakeType, body: &[u8], ctx: ParseContext, message: &HandshakeMessage) {
    assert_eq!(message.typ(), typ, "parsed message has another type");
    let mut encoded = Vec::new();
    message.encode_body(&mut encoded);
    assert!(
        same_encoding(typ, body, &encoded),
        "re-encoding of {typ:?} in {ctx:?} differs from the input: {encoded:02x?}"
    );
    let again = HandshakeMessage::parse(typ, &encoded, ctx);
    assert_eq!(again.as_ref(), Ok(message), "re-parse of {typ:?} differs");
    let framed = message.to_vec();
    let header = HandshakeHeader::parse(&framed).expect("own header parses");
    assert_eq!(header.typ, typ);
    assert_eq!(header.body_len(), encoded.len());
}

/// Whether `encoded` is `input` re-encoded. The one documented normalisation: a hello whose
/// extension block is present but empty (`00 00`) encodes without the block, as a hello that
/// omits it does.
fn same_encoding(typ: HandshakeType, input: &[u8], encoded: &[u8]) -> bool {
    let hello = matches!(typ, HandshakeType::ClientHello | HandshakeType::ServerHello);
    encoded == input || (hello && input.strip_suffix(&[0, 0]) == Some(encoded))
}

/// The body of one encoded extension, after checking its type and length fields.
fn extension_body(encoded: &[u8], typ: ExtensionType) -> &[u8] {
    let (head, body) = encoded.split_at_checked(4).expect("extension header");
    assert_eq!(u16::from_be_bytes([head[0], head[1]]), typ.to_u16());
    assert_eq!(
        usize::from(u16::from_be_bytes([head[2], head[3]])),
        body.len()
    );
    body
}

/// The record header, alert, ChangeCipherSpec and handshake header parsers.
///
/// Invariants: no panic; each parser accepts exactly the lengths it documents (five or more
/// bytes for a record header, exactly two for an alert, exactly `01` for ChangeCipherSpec), a
/// parsed value encodes back to the bytes it came from, and a truncated input is reported as
/// [`DecodeError::Truncated`].
pub fn codec_record_header_alert(data: &[u8]) {
    match RecordHeader::parse(data) {
        Ok(header) => {
            let head = data
                .get(..RECORD_HEADER_LEN)
                .expect("a header needs 5 bytes");
            assert_eq!(header.to_bytes(), head);
            let mut encoded = Vec::new();
            header.encode(&mut encoded);
            assert_eq!(encoded, head);
        }
        Err(e) => {
            assert!(data.len() < RECORD_HEADER_LEN, "{e}");
            assert!(e.is_truncated());
        }
    }
    match Alert::parse(data) {
        Ok(alert) => {
            assert_eq!(alert.to_bytes(), data);
            let mut encoded = Vec::new();
            alert.encode(&mut encoded);
            assert_eq!(encoded, data);
        }
        Err(e) => {
            assert_ne!(data.len(), Alert::LEN, "{e}");
            assert_eq!(e.is_truncated(), data.len() < Alert::LEN);
        }
    }
    match ChangeCipherSpec::parse(data) {
        Ok(ccs) => {
            let mut encoded = Vec::new();
            ccs.encode(&mut encoded);
            assert_eq!(encoded, data);
        }
        Err(e) => {
            assert_ne!(data, ChangeCipherSpec::BODY);
            assert_eq!(e, DecodeError::InvalidChangeCipherSpec);
        }
    }
    match HandshakeHeader::parse(data) {
        Ok(header) => {
            let mut encoded = Vec::new();
            header.encode(&mut encoded);
            assert_eq!(Some(encoded.as_slice()), data.get(..4));
            let complete = header.body(data).is_ok();
            assert_eq!(complete_message_len(data).is_some(), complete);
        }
        Err(e) => assert!(data.len() < 4 && e.is_truncated(), "{e}"),
    }
}
