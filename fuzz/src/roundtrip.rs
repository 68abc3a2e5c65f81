//! The `codec_roundtrip` target: whatever a parser of stratls-codec accepts re-encodes to the
//! same bytes, or to the one documented canonical form, which parses to the same value.

use stratls_codec::extensions::{
    CertReqExtension, CertificateExtension, ClientExtension, EncryptedExtension,
    HelloRetryExtension, NewSessionTicketExtension, ServerExtension,
};
use stratls_codec::handshake::{
    Certificate, CertificateRequest, CertificateRequestTls12, CertificateTls12, CertificateVerify,
    ClientHello, ClientKeyExchange, EncryptedExtensions, EndOfEarlyData, Finished, HelloRequest,
    HelloRetryRequest, KeyExchangeAlgorithm, KeyUpdate, MessageHash, NewSessionTicket,
    NewSessionTicketTls12, ServerHello, ServerHelloDone, ServerKeyExchange,
};
use stratls_codec::record::RECORD_HEADER_LEN;
use stratls_codec::{
    Alert, ChangeCipherSpec, ContentType, ExtensionType, HandshakeMessage, HandshakeType,
    ParseContext, RecordHeader,
};

use crate::input::Input;

/// The contexts a handshake message is parsed in, by `byte % 3`.
const CONTEXTS: [ParseContext; 3] = [
    ParseContext::Tls13,
    ParseContext::Tls12(KeyExchangeAlgorithm::Ecdhe),
    ParseContext::Tls12(KeyExchangeAlgorithm::Rsa),
];

/// How an accepted input may differ from its re-encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// Not at all.
    Exact,
    /// A ClientHello or ServerHello: an empty extension block (`00 00`) at the end is
    /// dropped, as the codec documents (a hello without the block parses the same).
    Hello,
}

impl Form {
    fn of(typ: HandshakeType) -> Self {
        match typ {
            HandshakeType::ClientHello | HandshakeType::ServerHello => Self::Hello,
            _ => Self::Exact,
        }
    }

    fn allows(self, input: &[u8], encoded: &[u8]) -> bool {
        encoded == input || (self == Self::Hello && input.strip_suffix(&[0, 0]) == Some(encoded))
    }
}

/// Checks one parser: `$parse(bytes)` accepted `$data` as `$value`; its encoding with
/// `$encode` must be `$data` in `$form`, parse back to `$value`, and be a fixed point.
macro_rules! round_trip {
    ($what:expr, $form:expr, $data:expr, $value:expr, $parse:expr, $encode:expr) => {{
        let value = $value;
        let mut encoded = Vec::new();
        $encode(&value, &mut encoded);
        assert!(
            $form.allows($data, &encoded),
            "{}: re-encoding differs from the input\n input: {:02x?}\noutput: {:02x?}",
            $what,
            $data,
            encoded
        );
        let again = $parse(&encoded[..]);
        assert_eq!(
            again.as_ref().ok(),
            Some(&value),
            "{}: re-parse differs",
            $what
        );
        let mut twice = Vec::new();
        $encode(&value, &mut twice);
        assert_eq!(twice, encoded, "{}: encoding is not stable", $what);
    }};
}

/// Checks a message struct `$ty` over `$data`, and that [`HandshakeMessage::parse`] agrees
/// with it in the contexts where the type has that form (`$variant`).
macro_rules! message {
    ($ty:ty, $variant:path, $typ:expr, $ctx:expr, $data:expr) => {{
        let parsed = <$ty>::parse($data);
        let general = HandshakeMessage::parse($typ, $data, $ctx);
        match (&parsed, &general) {
            (Ok(m), Ok($variant(g))) => assert_eq!(m, g, "{} differs", stringify!($ty)),
            (Err(a), Err(b)) => assert_eq!(a, b, "{} errors differ", stringify!($ty)),
            other => panic!("{}: the two parsers disagree: {other:?}", stringify!($ty)),
        }
        if let Ok(m) = parsed {
            round_trip!(
                stringify!($ty),
                Form::of($typ),
                $data,
                m,
                <$ty>::parse,
                |m: &$ty, out: &mut Vec<u8>| m.encode(out)
            );
        }
    }};
}

/// Checks one extension enum over `$data` as the body of extension `$typ`: the encoding
/// (type, length, body) carries exactly the input.
macro_rules! extension {
    ($ty:ty, $typ:expr, $data:expr) => {{
        if let Ok(ext) = <$ty>::parse($typ, $data) {
            assert_eq!(ext.typ(), $typ, "{} type changed", stringify!($ty));
            let mut encoded = Vec::new();
            ext.encode(&mut encoded);
            let mut expected = $typ.to_u16().to_be_bytes().to_vec();
            let len = u16::try_from($data.len()).expect("an accepted body fits its length");
            expected.extend_from_slice(&len.to_be_bytes());
            expected.extend_from_slice($data);
            assert_eq!(
                encoded,
                expected,
                "{} {:?} re-encoding",
                stringify!($ty),
                $typ
            );
            assert_eq!(<$ty>::parse($typ, &$data[..]).as_ref(), Ok(&ext));
        }
    }};
}

/// The number of kinds the first byte chooses from.
const KINDS: u8 = 30;

/// The first byte picks what the rest is parsed as: each handshake message struct (checked
/// against [`HandshakeMessage::parse`] in its context), a handshake message of any type in any
/// context, a stream of framed messages, a stream of records with their contents, an alert,
/// a ChangeCipherSpec, or the body of an extension of each per-message enum.
///
/// Invariants: no panic; every accepted input re-encodes to itself, except a hello's empty
/// extension block, which is dropped (the one normalisation the codec documents); the
/// encoding parses back to the same value and encodes the same again; the struct parsers and
/// [`HandshakeMessage::parse`] accept and reject the same bodies, with the same error; an
/// extension's encoding carries its type, its length and exactly the body.
pub fn codec_roundtrip(data: &[u8]) {
    let mut input = Input::new(data);
    let kind = input.byte().unwrap_or_default() % KINDS;
    let rest = input.rest();
    let tls13 = ParseContext::Tls13;
    let ecdhe = ParseContext::Tls12(KeyExchangeAlgorithm::Ecdhe);
    let rsa = ParseContext::Tls12(KeyExchangeAlgorithm::Rsa);
    use HandshakeMessage as M;
    use HandshakeType as H;
    match kind {
        0 => message!(ClientHello, M::ClientHello, H::ClientHello, tls13, rest),
        1 => {
            if stratls_codec::handshake::is_hello_retry_request(rest) {
                message!(
                    HelloRetryRequest,
                    M::HelloRetryRequest,
                    H::ServerHello,
                    tls13,
                    rest
                );
            } else {
                message!(ServerHello, M::ServerHello, H::ServerHello, ecdhe, rest);
            }
        }
        2 => message!(Certificate, M::Certificate, H::Certificate, tls13, rest),
        3 => message!(
            CertificateTls12,
            M::CertificateTls12,
            H::Certificate,
            ecdhe,
            rest
        ),
        4 => message!(
            CertificateRequest,
            M::CertificateRequest,
            H::CertificateRequest,
            tls13,
            rest
        ),
        5 => message!(
            CertificateRequestTls12,
            M::CertificateRequestTls12,
            H::CertificateRequest,
            rsa,
            rest
        ),
        6 => message!(
            CertificateVerify,
            M::CertificateVerify,
            H::CertificateVerify,
            tls13,
            rest
        ),
        7 => message!(
            EncryptedExtensions,
            M::EncryptedExtensions,
            H::EncryptedExtensions,
            tls13,
            rest
        ),
        8 => message!(Finished, M::Finished, H::Finished, ecdhe, rest),
        9 => message!(
            NewSessionTicket,
            M::NewSessionTicket,
            H::NewSessionTicket,
            tls13,
            rest
        ),
        10 => message!(KeyUpdate, M::KeyUpdate, H::KeyUpdate, tls13, rest),
        11 => message!(
            EndOfEarlyData,
            M::EndOfEarlyData,
            H::EndOfEarlyData,
            tls13,
            rest
        ),
        12 => message!(MessageHash, M::MessageHash, H::MessageHash, tls13, rest),
        13 => message!(HelloRequest, M::HelloRequest, H::HelloRequest, ecdhe, rest),
        14 => message!(
            ServerHelloDone,
            M::ServerHelloDone,
            H::ServerHelloDone,
            rsa,
            rest
        ),
        15 => message!(
            ServerKeyExchange,
            M::ServerKeyExchange,
            H::ServerKeyExchange,
            ecdhe,
            rest
        ),
        16 => message!(
            NewSessionTicketTls12,
            M::NewSessionTicketTls12,
            H::NewSessionTicket,
            rsa,
            rest
        ),
        17 | 18 => {
            let (kx, ctx) = if kind == 17 {
                (KeyExchangeAlgorithm::Ecdhe, ecdhe)
            } else {
                (KeyExchangeAlgorithm::Rsa, rsa)
            };
            let parse = |b: &[u8]| ClientKeyExchange::parse(b, kx);
            let parsed = parse(rest);
            match (
                &parsed,
                &HandshakeMessage::parse(H::ClientKeyExchange, rest, ctx),
            ) {
                (Ok(m), Ok(M::ClientKeyExchange(g))) => assert_eq!(m, g),
                (Err(a), Err(b)) => assert_eq!(a, b),
                other => panic!("ClientKeyExchange: the two parsers disagree: {other:?}"),
            }
            if let Ok(m) = parsed {
                round_trip!(
                    "ClientKeyExchange",
                    Form::Exact,
                    rest,
                    m,
                    parse,
                    |m: &ClientKeyExchange, out: &mut Vec<u8>| m.encode(out)
                );
            }
        }
        19 => {
            let mut input = Input::new(rest);
            let typ = HandshakeType::from(input.byte().unwrap_or_default());
            let ctx = CONTEXTS[usize::from(input.byte().unwrap_or_default() % 3)];
            let body = input.rest();
            if let Ok(m) = HandshakeMessage::parse(typ, body, ctx) {
                assert_eq!(m.typ(), typ, "the type changed");
                let parse = |b: &[u8]| HandshakeMessage::parse(typ, b, ctx);
                round_trip!(
                    format!("{typ:?} in {ctx:?}"),
                    Form::of(typ),
                    body,
                    m,
                    parse,
                    |m: &HandshakeMessage, out: &mut Vec<u8>| m.encode_body(out)
                );
            }
        }
        20 => {
            let mut input = Input::new(rest);
            let ctx = CONTEXTS[usize::from(input.byte().unwrap_or_default() % 3)];
            handshake_stream(input.rest(), ctx);
        }
        21 => {
            let mut input = Input::new(rest);
            let ctx = CONTEXTS[usize::from(input.byte().unwrap_or_default() % 3)];
            record_stream(input.rest(), ctx);
        }
        22 => {
            if let Ok(alert) = Alert::parse(rest) {
                round_trip!(
                    "Alert",
                    Form::Exact,
                    rest,
                    alert,
                    Alert::parse,
                    |a: &Alert, out: &mut Vec<u8>| { a.encode(out) }
                );
            }
        }
        23 => {
            if let Ok(ccs) = ChangeCipherSpec::parse(rest) {
                round_trip!(
                    "ChangeCipherSpec",
                    Form::Exact,
                    rest,
                    ccs,
                    ChangeCipherSpec::parse,
                    |c: &ChangeCipherSpec, out: &mut Vec<u8>| c.encode(out)
                );
            }
        }
        _ => {
            let mut input = Input::new(rest);
            let typ = ExtensionType::from(input.u16());
            let body = input.rest();
            match kind {
                24 => extension!(ClientExtension, typ, body),
                25 => extension!(ServerExtension, typ, body),
                26 => extension!(HelloRetryExtension, typ, body),
                27 => extension!(EncryptedExtension, typ, body),
                28 => extension!(CertificateExtension, typ, body),
                _ => {
                    extension!(CertReqExtension, typ, body);
                    extension!(NewSessionTicketExtension, typ, body);
                }
            }
        }
    }
}

/// Framed handshake messages one after another, as a handshake record's content carries
/// them: each accepted one re-encodes (header and body) to its bytes in the stream.
fn handshake_stream(mut stream: &[u8], ctx: ParseContext) {
    while let Ok((message, len)) = HandshakeMessage::parse_framed(stream, ctx) {
        let framed = stream.get(..len).expect("a framed length within the input");
        let body = framed.get(4..).expect("a header");
        let encoded = message.to_vec();
        let form = Form::of(message.typ());
        let body_again = encoded.get(4..).expect("a header");
        assert!(
            form.allows(body, body_again),
            "framed {:?} re-encoding differs",
            message.typ()
        );
        if form == Form::Exact || body_again == body {
            assert_eq!(encoded, framed, "framed {:?} header", message.typ());
        }
        let again = HandshakeMessage::parse_framed(&encoded, ctx);
        assert_eq!(again, Ok((message, encoded.len())), "framed re-parse");
        stream = stream.get(len..).unwrap_or_default();
    }
}

/// Records one after another: each header re-encodes to its five bytes, and the content of
/// each complete record is checked as what its type says (handshake messages, an alert, a
/// ChangeCipherSpec).
fn record_stream(mut stream: &[u8], ctx: ParseContext) {
    while let Ok(header) = RecordHeader::parse(stream) {
        let head = stream.get(..RECORD_HEADER_LEN).expect("a header");
        assert_eq!(header.to_bytes(), head, "record header re-encoding");
        let end = RECORD_HEADER_LEN + usize::from(header.length);
        let Some(fragment) = stream.get(RECORD_HEADER_LEN..end) else {
            return;
        };
        match header.content_type {
            ContentType::Handshake => handshake_stream(fragment, ctx),
            ContentType::Alert => {
                if let Ok(alert) = Alert::parse(fragment) {
                    assert_eq!(alert.to_bytes(), fragment, "alert re-encoding");
                }
            }
            ContentType::ChangeCipherSpec if ChangeCipherSpec::parse(fragment).is_ok() => {
                assert_eq!(
                    fragment,
                    ChangeCipherSpec::BODY,
                    "ChangeCipherSpec accepted"
                );
            }
            _ => {}
        }
        stream = stream.get(end..).unwrap_or_default();
    }
}
