//! What a server makes of a ClientHello: its size (up to the largest its vectors' bounds
//! allow, in one record or many), the TLS 1.2 extensions next to a TLS 1.3 offer, and the SNI
//! host name.

use std::sync::Arc;

use stratls_codec::extensions::{ClientExtension, KeyShareEntry, ServerExtension, ServerNameEntry};
use stratls_codec::handshake::{ClientHello, MAX_CLIENT_HELLO_LEN, ServerHello};
use stratls_codec::{
    CipherSuite, ExtensionType, HandshakeMessage, NamedGroup, ParseContext, ProtocolVersion,
    ServerNameType,
};
use stratls_handshake::{CertsByName, Connection, Error, Misbehaviour, ServerConfig};
use stratls_record::RecordError;
use stratls_test_support::records::plaintext_alert;
use stratls_test_support::*;

#[path = "client_hello/acceptor.rs"]
mod acceptor;

/// The first ClientHello of a default client (TLS 1.3 and TLS 1.2 offered).
fn default_hello() -> ClientHello {
    hello_of(client_config())
}

/// The first ClientHello of a client of `config`.
fn hello_of(config: stratls_handshake::ClientConfig) -> ClientHello {
    let mut client = Connection::client(Arc::new(config), name("localhost")).expect("client");
    let record = client.take_tls();
    let (message, _) =
        HandshakeMessage::parse_framed(&record[5..], ParseContext::Tls13).expect("hello");
    let HandshakeMessage::ClientHello(hello) = message else {
        panic!("not a ClientHello");
    };
    hello
}

/// `hello` in records of at most `size` bytes.
fn records_of(hello: ClientHello, size: usize) -> Vec<Vec<u8>> {
    HandshakeMessage::ClientHello(hello)
        .to_vec()
        .chunks(size)
        .map(handshake_record)
        .collect()
}

/// A server's refusal: its error and the alert it sent in the clear.
type Refusal = (Error, Option<(u8, u8)>);

/// The ServerHello `server` answers `hello` with, or its refusal.
fn server_hello(server: ServerConfig, hello: ClientHello) -> Result<ServerHello, Refusal> {
    server_hello_in(server, hello, 16 * 1024)
}

/// [`server_hello`], with `hello` in records of at most `size` bytes.
fn server_hello_in(
    server: ServerConfig,
    hello: ClientHello,
    size: usize,
) -> Result<ServerHello, Refusal> {
    let mut conn = Connection::server(Arc::new(server)).expect("server");
    for record in records_of(hello, size) {
        if let Err(e) = conn.read_tls(&record) {
            return Err((e, plaintext_alert(&conn.take_tls())));
        }
    }
    let flight = conn.take_tls();
    let (message, _) =
        HandshakeMessage::parse_framed(&flight[5..], ParseContext::Tls13).expect("an answer");
    match message {
        HandshakeMessage::ServerHello(sh) => Ok(sh),
        other => panic!("not a ServerHello: {other:?}"),
    }
}

/// The version `server` answers `hello` with, or its refusal.
fn answer(server: ServerConfig, hello: ClientHello) -> Result<ProtocolVersion, Refusal> {
    server_hello(server, hello).map(|sh| sh.supported_version().unwrap_or(sh.legacy_version))
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

/// The default hello with `name` as its SNI host_name.
fn hello_for(name: &[u8]) -> ClientHello {
    with_extension(
        default_hello(),
        ClientExtension::ServerName(vec![ServerNameEntry {
            typ: ServerNameType::HostName,
            name: name.to_vec(),
        }]),
    )
}

/// A TLS 1.2 server (its ServerHello, in the clear, acknowledges a name it took) that has a
/// certificate for "localhost" only.
fn localhost_only() -> ServerConfig {
    let mut server = tls12_server_config("server-ecdsa");
    let mut names = CertsByName::new();
    names.add("localhost", certified("server-ecdsa"));
    server.cert_resolver = Arc::new(names);
    server
}

fn acknowledged(sh: &ServerHello) -> bool {
    sh.extensions.contains(&ServerExtension::ServerName)
}

#[test]
fn a_host_name_that_is_not_an_ascii_dns_name_is_illegal_parameter() {
    let long_label = [b'a'; 64];
    let long_name = [
        &[b'a'; 63][..],
        b".",
        &[b'b'; 63],
        b".",
        &[b'c'; 63],
        b".",
        &[b'd'; 62],
    ]
    .concat();
    assert_eq!(long_name.len(), 254);
    let refused: [&[u8]; 15] = [
        b"local\0host",
        b"localhost\0",
        b"local\x01host",
        b"local\x7fhost",
        b"local\thost",
        b"local host",
        "b\u{fc}cher.example".as_bytes(),
        b"\xff\xfe",
        b"a..b",
        b".localhost",
        b".",
        b"localhost..",
        b"[::1]",
        &long_label,
        &long_name,
    ];
    for name in refused {
        let (err, alert) =
            server_hello(server_config("server-ecdsa"), hello_for(name)).expect_err("refused");
        assert_eq!(
            err,
            Error::PeerMisbehaved(Misbehaviour::InvalidServerName),
            "{name:?}"
        );
        assert_eq!(alert, Some((2, 47)), "{name:?}: illegal_parameter");
    }
}

#[test]
fn dns_names_are_taken_and_one_trailing_dot_is_the_same_name() {
    let longest = [
        &[b'a'; 63][..],
        b".",
        &[b'b'; 63],
        b".",
        &[b'c'; 63],
        b".",
        &[b'd'; 61],
    ]
    .concat();
    assert_eq!(longest.len(), 253);
    let taken: [&[u8]; 6] = [
        b"localhost",
        b"LocalHost",
        b"localhost.",
        b"_service.xn--bcher-kva.example",
        b"a-b.0-9.example",
        &longest,
    ];
    for name in taken {
        let sh = server_hello(server_config("server-ecdsa"), hello_for(name))
            .unwrap_or_else(|e| panic!("{name:?}: {e:?}"));
        assert_eq!(sh.supported_version(), Some(ProtocolVersion::TLSv1_3));
        let sh = server_hello(tls12_server_config("server-ecdsa"), hello_for(name))
            .unwrap_or_else(|e| panic!("{name:?}: {e:?}"));
        assert!(acknowledged(&sh), "{name:?}");
    }
    // "localhost." finds the certificate for "localhost".
    for name in [&b"localhost"[..], b"localhost.", b"LOCALHOST."] {
        server_hello(localhost_only(), hello_for(name)).unwrap_or_else(|e| panic!("{e:?}"));
    }
    let (err, _) =
        server_hello(localhost_only(), hello_for(b"other.example")).expect_err("no cert");
    assert!(matches!(err, Error::PeerIncompatible(_)), "{err:?}");
}

#[test]
fn an_ip_literal_is_ignored_as_if_no_name_was_sent() {
    // RFC 6066 §3 forbids IP literals in host_name; a client that sends one anyway is served
    // as one that sent none (no acknowledgement, the default certificate).
    for name in [&b"127.0.0.1"[..], b"::1", b"2001:db8::1"] {
        let sh = server_hello(tls12_server_config("server-ecdsa"), hello_for(name))
            .unwrap_or_else(|e| panic!("{name:?}: {e:?}"));
        assert!(!acknowledged(&sh), "{name:?}");
        let (err, _) = server_hello(localhost_only(), hello_for(name)).expect_err("no name");
        assert!(
            matches!(err, Error::PeerIncompatible(_)),
            "{name:?}: {err:?}"
        );
    }
}

/// `hello` grown to the bounds of its vectors: a 32-byte session id, 32,767 cipher suites
/// (unknown ones after its own), 255 compression methods where no TLS 1.3 is offered (a TLS
/// 1.3 offer allows only null), and a padding extension that fills the extension block to
/// 65,535 bytes.
fn largest(mut hello: ClientHello) -> ClientHello {
    hello.legacy_session_id = vec![0x33; 32];
    hello
        .cipher_suites
        .resize(32_767, CipherSuite::from_u16(0xfefe));
    if !hello.offers_tls13() {
        hello.legacy_compression_methods = (0..=254).collect();
    }
    let used: usize = hello
        .extensions
        .iter()
        .map(|e| {
            let mut b = Vec::new();
            e.encode(&mut b);
            b.len()
        })
        .sum();
    let padding = ClientExtension::Unknown {
        typ: ExtensionType::Padding,
        data: vec![0; 65_535 - used - 4],
    };
    hello.extensions.insert(0, padding);
    hello
}

fn body_len(hello: &ClientHello) -> usize {
    HandshakeMessage::ClientHello(hello.clone()).to_vec().len() - 4
}

#[test]
fn the_largest_client_hello_the_rfc_bounds_allow_is_accepted() {
    // 2+32+(1+32)+(2+65534)+(1+255)+(2+65535) = 131,396 bytes.
    assert_eq!(MAX_CLIENT_HELLO_LEN, 131_396);
    let tls12 = largest(hello_of(tls12_client_config()));
    assert_eq!(body_len(&tls12), MAX_CLIENT_HELLO_LEN);
    for size in [16 * 1024, 1000, 333] {
        let sh = server_hello_in(server_config("server-ecdsa"), tls12.clone(), size)
            .unwrap_or_else(|e| panic!("{size}: {e:?}"));
        assert_eq!(sh.legacy_version, ProtocolVersion::TLSv1_2, "{size}");
        assert_eq!(sh.supported_version(), None, "{size}");
    }
    // With TLS 1.3 on offer, the compression methods are only null: 254 bytes fewer.
    let tls13 = largest(default_hello());
    assert_eq!(body_len(&tls13), MAX_CLIENT_HELLO_LEN - 254);
    assert_eq!(
        answer(server_config("server-ecdsa"), tls13),
        Ok(ProtocolVersion::TLSv1_3)
    );
}

#[test]
fn a_client_hello_announcing_more_is_refused_from_its_header() {
    let len = MAX_CLIENT_HELLO_LEN + 1;
    let header = [1, (len >> 16) as u8, (len >> 8) as u8, len as u8];
    let mut conn = Connection::server(Arc::new(server_config("server-ecdsa"))).expect("server");
    let err = conn
        .read_tls(&handshake_record(&header))
        .expect_err("too long");
    assert_eq!(
        err,
        Error::Record(RecordError::HandshakeMessageTooLarge {
            len,
            max: MAX_CLIENT_HELLO_LEN
        })
    );
    assert_eq!(
        plaintext_alert(&conn.take_tls()),
        Some((2, 50)),
        "decode_error"
    );
}

#[test]
fn other_messages_keep_the_configured_ceiling() {
    // A ServerHello or a Certificate over Limits::max_handshake_len (64 KiB) fails from its
    // header; so does a ClientHello sent to a client, which takes none.
    for typ in [2u8, 11, 1] {
        let len = 64 * 1024 + 1;
        let header = [typ, (len >> 16) as u8, (len >> 8) as u8, len as u8];
        let mut client =
            Connection::client(Arc::new(client_config()), name("localhost")).expect("client");
        let _hello = client.take_tls();
        let err = client
            .read_tls(&handshake_record(&header))
            .expect_err("too long");
        assert_eq!(
            err,
            Error::Record(RecordError::HandshakeMessageTooLarge {
                len,
                max: 64 * 1024
            }),
            "type {typ}"
        );
    }
}

// Key shares and group choice.

/// The groups and key-share entries of `hello`.
fn groups_and_shares(hello: &ClientHello) -> (Vec<NamedGroup>, Vec<KeyShareEntry>) {
    let mut groups = Vec::new();
    let mut shares = Vec::new();
    for e in &hello.extensions {
        match e {
            ClientExtension::SupportedGroups(g) => groups = g.clone(),
            ClientExtension::KeyShare(k) => shares = k.clone(),
            _ => {}
        }
    }
    (groups, shares)
}

/// `hello` with the key share of `group` changed by `change`.
fn with_share(
    mut hello: ClientHello,
    group: NamedGroup,
    change: impl Fn(&mut Vec<u8>),
) -> ClientHello {
    for e in &mut hello.extensions {
        if let ClientExtension::KeyShare(shares) = e {
            for s in shares.iter_mut().filter(|s| s.group == group) {
                change(&mut s.key_exchange);
            }
        }
    }
    hello
}

/// A change to a key share's bytes.
type ShareChange = Box<dyn Fn(&mut Vec<u8>)>;

/// The group and share length of a ServerHello's key share.
fn server_share(sh: &ServerHello) -> (NamedGroup, usize) {
    sh.extensions
        .iter()
        .find_map(|e| match e {
            ServerExtension::KeyShare(k) => Some((k.group, k.key_exchange.len())),
            _ => None,
        })
        .expect("a key share")
}

#[test]
fn the_default_client_offers_the_hybrid_first_with_an_x25519_share_beside_it() {
    let hello = default_hello();
    let (groups, shares) = groups_and_shares(&hello);
    assert_eq!(
        groups,
        [
            NamedGroup::X25519MLKEM768,
            NamedGroup::X25519,
            NamedGroup::Secp256r1,
            NamedGroup::Secp384r1
        ]
    );
    let sent: Vec<(NamedGroup, usize)> = shares
        .iter()
        .map(|s| (s.group, s.key_exchange.len()))
        .collect();
    assert_eq!(
        sent,
        [
            (NamedGroup::X25519MLKEM768, 1184 + 32),
            (NamedGroup::X25519, 32)
        ]
    );
    // The hybrid share makes the hello about 1.2 KB larger than one with x25519 alone.
    let mut classical = client_config();
    classical.shared.groups = vec![
        NamedGroup::X25519,
        NamedGroup::Secp256r1,
        NamedGroup::Secp384r1,
    ];
    let small = body_len(&hello_of(classical));
    assert_eq!(
        body_len(&hello) - small,
        4 + 1216 + 2,
        "the hybrid's share entry and its code point"
    );

    // A client that lists a classical group first sends one share.
    let mut client = client_config();
    client.shared.groups = vec![NamedGroup::Secp384r1, NamedGroup::X25519MLKEM768];
    let (_, shares) = groups_and_shares(&hello_of(client));
    assert_eq!(
        shares.iter().map(|s| s.group).collect::<Vec<_>>(),
        [NamedGroup::Secp384r1]
    );
    // The hybrid alone: its share only.
    let mut client = client_config();
    client.shared.groups = vec![NamedGroup::X25519MLKEM768];
    let (_, shares) = groups_and_shares(&hello_of(client));
    assert_eq!(shares.len(), 1);
}

#[test]
fn the_server_picks_among_two_shares_by_its_own_order() {
    // The default server prefers the hybrid.
    let sh = server_hello(server_config("server-ecdsa"), default_hello()).expect("hello");
    assert_eq!(server_share(&sh), (NamedGroup::X25519MLKEM768, 1088 + 32));
    // A server without it takes the x25519 share: no HelloRetryRequest.
    for groups in [
        vec![NamedGroup::X25519, NamedGroup::Secp256r1],
        vec![NamedGroup::Secp384r1, NamedGroup::X25519],
        vec![NamedGroup::X25519, NamedGroup::X25519MLKEM768],
    ] {
        let mut server = server_config("server-ecdsa");
        server.shared.groups = groups.clone();
        let sh = server_hello(server, default_hello()).expect("hello");
        assert_eq!(server_share(&sh), (NamedGroup::X25519, 32), "{groups:?}");
    }
}

#[test]
fn a_bad_hybrid_share_is_illegal_parameter() {
    const ILLEGAL_PARAMETER: Option<(u8, u8)> = Some((2, 47));
    let cases: [(&str, ShareChange); 6] = [
        ("one byte short", Box::new(|s| s.truncate(1215))),
        ("one byte long", Box::new(|s| s.push(0))),
        ("x25519 part missing", Box::new(|s| s.truncate(1184))),
        (
            "encapsulation key over the modulus",
            Box::new(|s| {
                s[0] = 0xff;
                s[1] |= 0x0f;
            }),
        ),
        (
            "x25519 part all zero (a low-order point)",
            Box::new(|s| s[1184..].fill(0)),
        ),
        (
            "x25519 part u = 1",
            Box::new(|s| {
                s[1184..].fill(0);
                s[1184] = 1;
            }),
        ),
    ];
    for (what, change) in cases {
        let hello = with_share(default_hello(), NamedGroup::X25519MLKEM768, change);
        let (err, alert) = server_hello(server_config("server-ecdsa"), hello).expect_err(what);
        assert_eq!(
            err,
            Error::PeerMisbehaved(Misbehaviour::InvalidKeyShare),
            "{what}"
        );
        assert_eq!(alert, ILLEGAL_PARAMETER, "{what}");
    }
}

#[test]
fn a_bad_secp384r1_share_is_illegal_parameter() {
    let mut client = client_config();
    client.shared.groups = vec![NamedGroup::Secp384r1];
    let good = hello_of(client);
    let sh = server_hello(server_config("server-ecdsa"), good.clone()).expect("hello");
    assert_eq!(server_share(&sh), (NamedGroup::Secp384r1, 97));
    let cases: [(&str, ShareChange); 5] = [
        ("off the curve", Box::new(|s| s[96] ^= 1)),
        ("the point at infinity", Box::new(|s| *s = vec![0])),
        (
            "compressed",
            Box::new(|s| {
                s.truncate(49);
                s[0] = 2;
            }),
        ),
        ("one byte short", Box::new(|s| s.truncate(96))),
        ("a secp256r1-sized point", Box::new(|s| s.truncate(65))),
    ];
    for (what, change) in cases {
        let hello = with_share(good.clone(), NamedGroup::Secp384r1, change);
        let (err, alert) = server_hello(server_config("server-ecdsa"), hello).expect_err(what);
        assert_eq!(
            err,
            Error::PeerMisbehaved(Misbehaviour::InvalidKeyShare),
            "{what}"
        );
        assert_eq!(alert, Some((2, 47)), "{what}");
    }
}
