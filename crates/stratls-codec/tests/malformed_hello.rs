//! Hand-written malformed ClientHello, ServerHello and HelloRetryRequest messages, each mapped
//! to the alert the RFC names.

use crate::common::parse13;
use crate::common::vectors::*;
use stratls_codec::extensions::{
    ClientExtension, HelloRetryExtension, ServerExtension, ServerNameEntry,
};
use stratls_codec::handshake::{ClientHello, HelloRetryRequest, ServerHello};
use stratls_codec::{
    AlertDescription, DecodeError, ExtensionType, HandshakeMessage, HandshakeType, ParseContext,
    ProtocolVersion, ServerNameType,
};

const DECODE: AlertDescription = AlertDescription::DecodeError;
const ILLEGAL: AlertDescription = AlertDescription::IllegalParameter;

fn alert13(typ: HandshakeType, body: &[u8]) -> AlertDescription {
    match HandshakeMessage::parse(typ, body, ParseContext::Tls13) {
        Ok(msg) => panic!("{typ:?} body parsed: {msg:?}"),
        Err(e) => e.alert(),
    }
}

fn s3_client_hello() -> ClientHello {
    match parse13(&bytes(S3_CLIENT_HELLO)) {
        HandshakeMessage::ClientHello(ch) => ch,
        other => panic!("not a ClientHello: {other:?}"),
    }
}

fn s4_client_hello() -> ClientHello {
    match parse13(&bytes(S4_CLIENT_HELLO)) {
        HandshakeMessage::ClientHello(ch) => ch,
        other => panic!("not a ClientHello: {other:?}"),
    }
}

fn s3_server_hello() -> ServerHello {
    match parse13(&bytes(S3_SERVER_HELLO)) {
        HandshakeMessage::ServerHello(sh) => sh,
        other => panic!("not a ServerHello: {other:?}"),
    }
}

fn body_of(encode: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut out = Vec::new();
    encode(&mut out);
    out
}

fn ch_alert(ch: &ClientHello) -> AlertDescription {
    alert13(HandshakeType::ClientHello, &body_of(|d| ch.encode(d)))
}

/// legacy_version, random, then the given tail.
fn hello_prefix(tail: &[u8]) -> Vec<u8> {
    let mut body = vec![0x03, 0x03];
    body.extend_from_slice(&[0x11; 32]);
    body.extend_from_slice(tail);
    body
}

#[test]
fn client_hello_vector_bounds() {
    // legacy_session_id<0..32>: 33 bytes.
    let mut tail = vec![33];
    tail.extend_from_slice(&[0; 33]);
    tail.extend_from_slice(&[0x00, 0x02, 0x13, 0x01, 0x01, 0x00]);
    assert_eq!(
        alert13(HandshakeType::ClientHello, &hello_prefix(&tail)),
        DECODE
    );
    // cipher_suites<2..2^16-2>: odd length, and empty.
    let odd = hello_prefix(&[0x00, 0x00, 0x03, 0x13, 0x01, 0x13, 0x01, 0x00]);
    assert_eq!(alert13(HandshakeType::ClientHello, &odd), DECODE);
    let empty = hello_prefix(&[0x00, 0x00, 0x00, 0x01, 0x00]);
    assert_eq!(alert13(HandshakeType::ClientHello, &empty), DECODE);
    // legacy_compression_methods<1..2^8-1>: empty.
    let no_compression = hello_prefix(&[0x00, 0x00, 0x02, 0x13, 0x01, 0x00]);
    assert_eq!(alert13(HandshakeType::ClientHello, &no_compression), DECODE);
    // A TLS 1.2 hello without extensions is fine.
    let tls12 = hello_prefix(&[0x00, 0x00, 0x02, 0xc0, 0x2f, 0x01, 0x00]);
    let ch = ClientHello::parse(&tls12).expect("TLS 1.2 hello");
    assert!(ch.extensions.is_empty());
    assert_eq!(body_of(|d| ch.encode(d)), tls12);
}

#[test]
fn client_hello_compression_rules() {
    let mut ch = s3_client_hello();
    ch.legacy_compression_methods = vec![0, 1];
    assert_eq!(ch_alert(&ch), ILLEGAL, "TLS 1.3 needs exactly [0]");
    // Without a TLS 1.3 offer, null must still be offered.
    let tls12 = hello_prefix(&[0x00, 0x00, 0x02, 0xc0, 0x2f, 0x01, 0x01]);
    assert_eq!(alert13(HandshakeType::ClientHello, &tls12), ILLEGAL);
    let tls12 = hello_prefix(&[0x00, 0x00, 0x02, 0xc0, 0x2f, 0x02, 0x01, 0x00]);
    assert!(ClientHello::parse(&tls12).is_ok());
}

#[test]
fn client_hello_tls13_extension_block_minimum() {
    let mut ch = s3_client_hello();
    ch.extensions = vec![ClientExtension::SupportedVersions(vec![
        ProtocolVersion::TLSv1_3,
    ])];
    // 7 bytes < extensions<8..2^16-1>.
    assert_eq!(ch_alert(&ch), DECODE);
    ch.extensions.push(ClientExtension::EarlyData);
    assert!(ClientHello::parse(&body_of(|d| ch.encode(d))).is_ok());
}

#[test]
fn pre_shared_key_must_be_last() {
    let mut ch = s4_client_hello();
    let psk = ch.extensions.pop().expect("psk");
    ch.extensions.insert(0, psk);
    let err = ClientHello::parse(&body_of(|d| ch.encode(d))).expect_err("psk first");
    assert_eq!(err, DecodeError::PreSharedKeyNotLast);
    assert_eq!(err.alert(), ILLEGAL);
    assert_eq!(ch.binders_start_offset(), None);
}

#[test]
fn pre_shared_key_binders_checked() {
    let mut ch = s4_client_hello();
    let Some(ClientExtension::PreSharedKey(offer)) = ch.extensions.last_mut() else {
        panic!("psk last");
    };
    offer.binders.push(vec![7; 32]);
    assert_eq!(ch_alert(&ch), ILLEGAL, "more binders than identities");

    let mut ch = s4_client_hello();
    let Some(ClientExtension::PreSharedKey(offer)) = ch.extensions.last_mut() else {
        panic!("psk last");
    };
    offer.binders[0].truncate(31);
    assert_eq!(ch_alert(&ch), DECODE, "PskBinderEntry<32..255>");
}

#[test]
fn client_extension_values() {
    let with = |ext: ClientExtension| {
        let mut ch = s3_client_hello();
        ch.extensions.retain(|e| e.typ() != ext.typ());
        ch.extensions.insert(0, ext);
        ch_alert(&ch)
    };
    assert_eq!(with(ClientExtension::RecordSizeLimit(63)), ILLEGAL);
    let host = |name: &[u8]| ServerNameEntry {
        typ: ServerNameType::HostName,
        name: name.to_vec(),
    };
    assert_eq!(
        with(ClientExtension::ServerName(vec![host(b"a"), host(b"b")])),
        ILLEGAL
    );
    assert_eq!(with(ClientExtension::ServerName(vec![host(b"")])), DECODE);
    assert_eq!(with(ClientExtension::SupportedVersions(Vec::new())), DECODE);
    assert_eq!(with(ClientExtension::Cookie(Vec::new())), DECODE);
    assert_eq!(with(ClientExtension::Alpn(vec![Vec::new()])), DECODE);
    let oid_filters = ClientExtension::Unknown {
        typ: ExtensionType::OidFilters,
        data: vec![0, 0],
    };
    assert_eq!(
        with(oid_filters),
        ILLEGAL,
        "oid_filters is CR-only (RFC 8446 §4.2)"
    );
}

#[test]
fn malformed_tls12_extensions_are_kept_next_to_a_tls13_offer() {
    let malformed = [
        (ExtensionType::ExtendedMasterSecret, vec![0]),
        (ExtensionType::ECPointFormats, vec![0]),
        (ExtensionType::ECPointFormats, vec![2, 0]),
        (ExtensionType::RenegotiationInfo, vec![]),
        (ExtensionType::RenegotiationInfo, vec![3, 0]),
    ];
    for (typ, data) in malformed {
        let ext = ClientExtension::Unknown {
            typ,
            data: data.clone(),
        };
        // Offering TLS 1.3 (RFC 8448's hello): parsed, kept as received, with its error.
        let mut ch = s3_client_hello();
        ch.extensions.retain(|e| e.typ() != typ);
        ch.extensions.insert(0, ext.clone());
        let parsed = ClientHello::parse(&body_of(|d| ch.encode(d))).expect("parses");
        let kept = &parsed.extensions[0];
        assert_eq!(
            kept,
            &ClientExtension::Tls12Malformed {
                typ,
                data: data.clone()
            }
        );
        assert_eq!(
            kept.malformed().map(|e| e.alert()),
            Some(DECODE),
            "{typ:?} {data:?}"
        );
        // Without TLS 1.3 on offer the hello does not parse.
        ch.extensions
            .retain(|e| e.typ() != ExtensionType::SupportedVersions);
        assert_eq!(ch_alert(&ch), DECODE, "{typ:?} {data:?}");
    }
}

#[test]
fn server_hello_tls13_rules() {
    let mut sh = s3_server_hello();
    sh.extensions[1] = ServerExtension::SupportedVersions(ProtocolVersion::TLSv1_2);
    assert_eq!(
        alert13(HandshakeType::ServerHello, &body_of(|d| sh.encode(d))),
        ILLEGAL
    );

    let mut sh = s3_server_hello();
    sh.legacy_compression_method = 1;
    assert_eq!(
        alert13(HandshakeType::ServerHello, &body_of(|d| sh.encode(d))),
        ILLEGAL
    );

    let mut sh = s3_server_hello();
    sh.extensions.push(ServerExtension::ExtendedMasterSecret);
    assert!(
        ServerHello::parse(&body_of(|d| sh.encode(d))).is_ok(),
        "not in the 8446 table"
    );
    sh.extensions.push(ServerExtension::Unknown {
        typ: ExtensionType::Cookie,
        data: vec![0, 1, 9],
    });
    let err = ServerHello::parse(&body_of(|d| sh.encode(d))).expect_err("cookie in SH");
    assert!(matches!(
        err,
        DecodeError::UnexpectedExtension {
            typ: ExtensionType::Cookie,
            ..
        }
    ));
    assert_eq!(err.alert(), ILLEGAL);

    // The same extensions are fine in a TLS 1.2 ServerHello.
    let mut sh = s3_server_hello();
    sh.extensions = vec![
        ServerExtension::RenegotiationInfo(Vec::new()),
        ServerExtension::ExtendedMasterSecret,
        ServerExtension::Alpn(b"h2".to_vec()),
    ];
    assert!(ServerHello::parse(&body_of(|d| sh.encode(d))).is_ok());
}

#[test]
fn hello_retry_request_is_not_a_server_hello() {
    let hrr_body = bytes(S5_HELLO_RETRY_REQUEST)[4..].to_vec();
    let sh_body = bytes(S3_SERVER_HELLO)[4..].to_vec();
    assert_eq!(
        ServerHello::parse(&hrr_body).map_err(|e| e.alert()),
        Err(ILLEGAL)
    );
    assert_eq!(
        HelloRetryRequest::parse(&sh_body).map_err(|e| e.alert()),
        Err(ILLEGAL)
    );
}

#[test]
fn hello_retry_request_rules() {
    let hrr = |exts: Vec<HelloRetryExtension>| {
        let hrr = HelloRetryRequest {
            legacy_version: ProtocolVersion::TLSv1_2,
            legacy_session_id_echo: Vec::new(),
            cipher_suite: stratls_codec::CipherSuite::TLS13_AES_128_GCM_SHA256,
            extensions: exts,
        };
        HelloRetryRequest::parse(&body_of(|d| hrr.encode(d)))
    };
    let version = HelloRetryExtension::SupportedVersions(ProtocolVersion::TLSv1_3);
    assert!(hrr(vec![version.clone()]).is_ok());
    assert_eq!(
        hrr(Vec::new()).map_err(|e| e.alert()),
        Err(DECODE),
        "extensions<6..>"
    );
    let psk = HelloRetryExtension::Unknown {
        typ: ExtensionType::PreSharedKey,
        data: vec![0, 0],
    };
    assert_eq!(
        hrr(vec![version.clone(), psk]).map_err(|e| e.alert()),
        Err(ILLEGAL)
    );
    // key_share in HRR is a bare group; an entry is trailing bytes.
    let entry = HelloRetryExtension::Unknown {
        typ: ExtensionType::KeyShare,
        data: vec![0x00, 0x1d, 0x00, 0x01, 0x05],
    };
    assert_eq!(
        hrr(vec![version, entry]).map_err(|e| e.alert()),
        Err(DECODE)
    );
}

#[test]
fn sni_and_alpn_as_text_only_when_utf8() {
    let mut ch = s3_client_hello();
    ch.extensions
        .retain(|e| e.typ() != ExtensionType::ServerName);
    ch.extensions.insert(
        0,
        ClientExtension::ServerName(vec![
            ServerNameEntry {
                typ: ServerNameType::Unknown(7),
                name: b"not-a-host".to_vec(),
            },
            ServerNameEntry {
                typ: ServerNameType::HostName,
                name: b"caf\xc3\xa9.test".to_vec(),
            },
        ]),
    );
    ch.extensions.insert(
        1,
        ClientExtension::Alpn(vec![b"h2".to_vec(), vec![0xff, 0xfe], b"http/1.1".to_vec()]),
    );
    // The hello still parses (the codec checks lengths, not spellings) and says the same.
    let parsed = match parse13(&{
        let mut m = Vec::new();
        HandshakeMessage::ClientHello(ch.clone()).encode(&mut m);
        m
    }) {
        HandshakeMessage::ClientHello(p) => p,
        other => panic!("not a ClientHello: {other:?}"),
    };
    assert_eq!(parsed, ch);
    assert_eq!(parsed.server_name(), Some("café.test"));
    assert_eq!(parsed.server_names().map(<[_]>::len), Some(2));
    assert_eq!(parsed.server_names().map(|n| n[0].host_name()), Some(None));
    assert_eq!(
        parsed.alpn_protocol_strs().collect::<Vec<_>>(),
        [Some("h2"), None, Some("http/1.1")]
    );
    assert_eq!(parsed.alpn_protocols().map(<[_]>::len), Some(3));

    // A host_name that is not UTF-8 has no text form.
    ch.extensions[0] = ClientExtension::ServerName(vec![ServerNameEntry {
        typ: ServerNameType::HostName,
        name: vec![0xc3, 0x28],
    }]);
    assert_eq!(ch.server_name(), None);
    assert!(ch.server_names().is_some());

    // The server's choice, TLS 1.2 form.
    let mut sh = s3_server_hello();
    assert_eq!(sh.alpn_protocol(), None);
    sh.extensions.push(ServerExtension::Alpn(b"h2".to_vec()));
    assert_eq!(sh.alpn_protocol(), Some(&b"h2"[..]));
    assert_eq!(sh.alpn_protocol_str(), Some("h2"));
}
