//! What a server makes of the fields of a ClientHello: the TLS 1.2 extensions next to a TLS 1.3
//! offer.

use std::sync::Arc;

use stratls_codec::extensions::ClientExtension;
use stratls_codec::handshake::ClientHello;
use stratls_codec::{ExtensionType, HandshakeMessage, ParseContext, ProtocolVersion};
use stratls_handshake::{Connection, Error, ServerConfig};
use stratls_test_support::records::plaintext_alert;
use stratls_test_support::*;

/// The first ClientHello of a default client (TLS 1.3 and TLS 1.2 offered).
fn default_hello() -> ClientHello {
    let mut client =
        Connection::client(Arc::new(client_config()), name("localhost")).expect("client");
    let record = client.take_tls();
    let (message, _) =
        HandshakeMessage::parse_framed(&record[5..], ParseContext::Tls13).expect("hello");
    let HandshakeMessage::ClientHello(hello) = message else {
        panic!("not a ClientHello");
    };
    hello
}

/// `hello` in records of at most 2^14 bytes.
fn records_of(hello: ClientHello) -> Vec<Vec<u8>> {
    HandshakeMessage::ClientHello(hello)
        .to_vec()
        .chunks(16 * 1024)
        .map(handshake_record)
        .collect()
}

/// What `server` answers to `hello`: the version of its ServerHello, or its error and the
/// alert it sent in the clear.
fn answer(
    server: ServerConfig,
    hello: ClientHello,
) -> Result<ProtocolVersion, (Error, Option<(u8, u8)>)> {
    let mut conn = Connection::server(Arc::new(server)).expect("server");
    for record in records_of(hello) {
        if let Err(e) = conn.read_tls(&record) {
            return Err((e, plaintext_alert(&conn.take_tls())));
        }
    }
    let flight = conn.take_tls();
    let (message, _) =
        HandshakeMessage::parse_framed(&flight[5..], ParseContext::Tls13).expect("an answer");
    let HandshakeMessage::ServerHello(sh) = message else {
        panic!("not a ServerHello: {message:?}");
    };
    Ok(sh.supported_version().unwrap_or(sh.legacy_version))
}

/// The TLS 1.2 extensions with bodies that do not parse.
fn malformed_tls12_extensions() -> Vec<ClientExtension> {
    [
        (ExtensionType::ExtendedMasterSecret, vec![0]),
        (ExtensionType::ECPointFormats, vec![0]),
        (ExtensionType::ECPointFormats, vec![4, 0]),
        (ExtensionType::RenegotiationInfo, vec![]),
        (ExtensionType::RenegotiationInfo, vec![9, 9]),
    ]
    .into_iter()
    .map(|(typ, data)| ClientExtension::Tls12Malformed { typ, data })
    .collect()
}

fn with_extension(mut hello: ClientHello, ext: ClientExtension) -> ClientHello {
    hello.extensions.retain(|e| e.typ() != ext.typ());
    hello.extensions.insert(0, ext);
    hello
}

#[test]
fn malformed_tls12_extensions_are_ignored_once_tls13_is_chosen() {
    for ext in malformed_tls12_extensions() {
        let hello = with_extension(default_hello(), ext.clone());
        assert_eq!(
            answer(server_config("server-ecdsa"), hello),
            Ok(ProtocolVersion::TLSv1_3),
            "{ext:?}"
        );
    }
}

#[test]
fn malformed_tls12_extensions_are_decode_error_once_tls12_is_chosen() {
    for ext in malformed_tls12_extensions() {
        let hello = with_extension(default_hello(), ext.clone());
        let (err, alert) = answer(tls12_server_config("server-ecdsa"), hello).expect_err("TLS 1.2");
        assert!(
            matches!(err, Error::InvalidMessage(ref e) if Some(*e) == ext.malformed()),
            "{ext:?}: {err:?}"
        );
        assert_eq!(alert, Some((2, 50)), "{ext:?}: decode_error");
    }
    // Well formed, they are taken.
    assert_eq!(
        answer(tls12_server_config("server-ecdsa"), default_hello()),
        Ok(ProtocolVersion::TLSv1_2)
    );
}
