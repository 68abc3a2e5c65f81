//! RFC 8448 byte-exact tests: every handshake message of the traces parses into the expected
//! fields and encodes back to the identical bytes.

use crate::common::parse13;
use crate::common::vectors::*;
use stratls_codec::extensions::{
    ClientExtension, EncryptedExtension, HelloRetryExtension, NewSessionTicketExtension,
    ServerExtension,
};
use stratls_codec::handshake::{
    HELLO_RETRY_REQUEST_RANDOM, binders_start_offset, complete_message_len, is_hello_retry_request,
};
use stratls_codec::{
    CipherSuite, ContentType, ExtensionType, HandshakeMessage, NamedGroup, ProtocolVersion,
    PskKeyExchangeMode, RecordHeader, ServerNameType, SignatureScheme,
};

/// Parses, checks the round trip, and returns the message.
fn roundtrip(hex_str: &str) -> HandshakeMessage {
    let wire = bytes(hex_str);
    let msg = parse13(&wire);
    assert_eq!(msg.to_vec(), wire, "re-encoding differs from the RFC bytes");
    // The length hint sizes `to_vec`'s one allocation: it covers the whole message.
    assert!(
        wire.len() <= msg.encoded_len_hint(),
        "{} bytes encoded, {} hinted",
        wire.len(),
        msg.encoded_len_hint()
    );
    // Any EncodeBuf gives the same bytes, the prefixes patched in place.
    let mut other = bytes::BytesMut::new();
    msg.encode(&mut other);
    assert_eq!(other[..], wire[..], "BytesMut encoding differs");
    msg
}

#[test]
fn s3_client_hello() {
    let HandshakeMessage::ClientHello(ch) = roundtrip(S3_CLIENT_HELLO) else {
        panic!("not a ClientHello");
    };
    assert_eq!(ch.legacy_version, ProtocolVersion::TLSv1_2);
    // client_hello.message bytes 6..38 = the client random.
    assert_eq!(ch.random[..4], [0xcb, 0x34, 0xec, 0xb1]);
    assert!(ch.legacy_session_id.is_empty());
    assert_eq!(
        ch.cipher_suites,
        [
            CipherSuite::TLS13_AES_128_GCM_SHA256,
            CipherSuite::TLS13_CHACHA20_POLY1305_SHA256,
            CipherSuite::TLS13_AES_256_GCM_SHA384,
        ]
    );
    assert_eq!(ch.legacy_compression_methods, [0]);
    assert!(ch.offers_tls13());
    assert_eq!(
        ch.supported_versions(),
        Some(&[ProtocolVersion::TLSv1_3][..])
    );

    let Some(ClientExtension::ServerName(names)) = ch.extension(ExtensionType::ServerName) else {
        panic!("no server_name");
    };
    assert_eq!(names.len(), 1);
    assert_eq!(names[0].typ, ServerNameType::HostName);
    assert_eq!(names[0].name, b"server");

    let Some(ClientExtension::KeyShare(shares)) = ch.extension(ExtensionType::KeyShare) else {
        panic!("no key_share");
    };
    assert_eq!(shares.len(), 1);
    assert_eq!(shares[0].group, NamedGroup::X25519);
    // client_x25519_public (the client's ephemeral x25519 public key of §3).
    assert_eq!(
        hex::encode(&shares[0].key_exchange),
        "99381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c"
    );

    let Some(ClientExtension::SupportedGroups(groups)) =
        ch.extension(ExtensionType::SupportedGroups)
    else {
        panic!("no supported_groups");
    };
    assert_eq!(groups.len(), 9);
    assert_eq!(groups[..2], [NamedGroup::X25519, NamedGroup::Secp256r1]);

    let Some(ClientExtension::SignatureAlgorithms(schemes)) =
        ch.extension(ExtensionType::SignatureAlgorithms)
    else {
        panic!("no signature_algorithms");
    };
    assert_eq!(schemes.len(), 15);
    assert!(schemes.contains(&SignatureScheme::RSA_PSS_RSAE_SHA256));

    assert_eq!(
        ch.extension(ExtensionType::PskKeyExchangeModes),
        Some(&ClientExtension::PskKeyExchangeModes(vec![
            PskKeyExchangeMode::PskDheKe
        ]))
    );
    assert_eq!(
        ch.extension(ExtensionType::RecordSizeLimit),
        Some(&ClientExtension::RecordSizeLimit(0x4001))
    );
    assert_eq!(
        ch.extension(ExtensionType::RenegotiationInfo),
        Some(&ClientExtension::RenegotiationInfo(Vec::new()))
    );
    assert!(ch.pre_shared_key().is_none());
    assert_eq!(ch.binders_start_offset(), None);

    // The typed accessors give the same values.
    assert_eq!(ch.server_names(), Some(names.as_slice()));
    assert_eq!(names[0].host_name(), Some("server"));
    assert_eq!(ch.server_name(), Some("server"));
    assert_eq!(ch.key_shares(), Some(shares.as_slice()));
    assert_eq!(ch.supported_groups(), Some(groups.as_slice()));
    assert_eq!(ch.signature_algorithms(), Some(schemes.as_slice()));
    assert_eq!(ch.signature_algorithms_cert(), None);
    assert_eq!(
        ch.psk_key_exchange_modes(),
        Some(&[PskKeyExchangeMode::PskDheKe][..])
    );
    assert_eq!(ch.alpn_protocols(), None);
    assert_eq!(ch.alpn_protocol_strs().count(), 0);
    assert_eq!(ch.cookie(), None);
}

#[test]
fn s3_server_hello() {
    let HandshakeMessage::ServerHello(sh) = roundtrip(S3_SERVER_HELLO) else {
        panic!("not a ServerHello");
    };
    assert!(!is_hello_retry_request(&bytes(S3_SERVER_HELLO)[4..]));
    assert_eq!(sh.cipher_suite, CipherSuite::TLS13_AES_128_GCM_SHA256);
    assert_eq!(sh.selected_version(), ProtocolVersion::TLSv1_3);
    assert_eq!(sh.random[..4], [0xa6, 0xaf, 0x06, 0xa4]);
    let share = sh.key_share().expect("key_share");
    assert_eq!(share.group, NamedGroup::X25519);
    // server_x25519_public (the server's ephemeral x25519 public key of §3).
    assert_eq!(
        hex::encode(&share.key_exchange),
        "c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f"
    );
    assert_eq!(sh.selected_psk(), None);
}

#[test]
fn s3_encrypted_extensions() {
    let HandshakeMessage::EncryptedExtensions(ee) = roundtrip(S3_ENCRYPTED_EXTENSIONS) else {
        panic!("not EncryptedExtensions");
    };
    assert_eq!(ee.extensions.len(), 3);
    assert!(matches!(&ee.extensions[0], EncryptedExtension::SupportedGroups(g) if g.len() == 9));
    assert_eq!(
        ee.extensions[1],
        EncryptedExtension::RecordSizeLimit(0x4001)
    );
    assert_eq!(ee.extensions[2], EncryptedExtension::ServerName);
    assert_eq!(ee.alpn_protocol(), None);
}

#[test]
fn s3_certificate() {
    let HandshakeMessage::Certificate(cert) = roundtrip(S3_CERTIFICATE) else {
        panic!("not a Certificate");
    };
    assert!(cert.context.is_empty());
    assert_eq!(cert.entries.len(), 1);
    let entry = &cert.entries[0];
    assert_eq!(entry.cert_data.len(), 432);
    // A DER SEQUENCE with a two-byte length.
    assert_eq!(entry.cert_data[..4], [0x30, 0x82, 0x01, 0xac]);
    assert!(entry.extensions.is_empty());
}

#[test]
fn s3_certificate_verify() {
    let HandshakeMessage::CertificateVerify(cv) = roundtrip(S3_CERTIFICATE_VERIFY) else {
        panic!("not a CertificateVerify");
    };
    assert_eq!(cv.scheme, SignatureScheme::RSA_PSS_RSAE_SHA256);
    assert_eq!(cv.signature.len(), 128);
    assert_eq!(cv.signature[..4], [0x5a, 0x74, 0x7c, 0x5d]);
}

#[test]
fn s3_finished_both_ways() {
    let HandshakeMessage::Finished(server) = roundtrip(S3_SERVER_FINISHED) else {
        panic!("not a Finished");
    };
    // server_finished.finished (verify_data).
    assert_eq!(
        hex::encode(&server.verify_data),
        "9b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718"
    );
    let HandshakeMessage::Finished(client) = roundtrip(S3_CLIENT_FINISHED) else {
        panic!("not a Finished");
    };
    // client_finished.finished (verify_data).
    assert_eq!(
        hex::encode(&client.verify_data),
        "a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61"
    );
}

#[test]
fn s3_new_session_ticket() {
    let HandshakeMessage::NewSessionTicket(nst) = roundtrip(S3_NEW_SESSION_TICKET) else {
        panic!("not a NewSessionTicket");
    };
    assert_eq!(nst.ticket_lifetime, 30);
    assert_eq!(nst.ticket_age_add, 0xfad6_aac5);
    assert_eq!(nst.ticket_nonce, [0, 0]);
    assert_eq!(nst.ticket.len(), 178);
    assert_eq!(nst.extensions, [NewSessionTicketExtension::EarlyData(1024)]);
    assert_eq!(nst.max_early_data_size(), Some(1024));
}

#[test]
fn s3_record_header_and_framing() {
    let record = bytes(S3_CLIENT_HELLO_RECORD);
    let header = RecordHeader::parse(&record).expect("header");
    assert_eq!(header.content_type, ContentType::Handshake);
    assert_eq!(header.version, ProtocolVersion::TLSv1_0);
    assert_eq!(usize::from(header.length), record.len() - 5);
    assert_eq!(header.to_bytes(), record[..5]);
    assert_eq!(header.fragment(&record), Ok(&record[5..]));
    let fragment = &record[5..];
    assert_eq!(complete_message_len(fragment), Some(fragment.len()));
    assert_eq!(complete_message_len(&fragment[..fragment.len() - 1]), None);
}

#[test]
fn s4_client_hello_with_psk() {
    let wire = bytes(S4_CLIENT_HELLO);
    let HandshakeMessage::ClientHello(ch) = roundtrip(S4_CLIENT_HELLO) else {
        panic!("not a ClientHello");
    };
    assert_eq!(
        ch.extensions.last().map(ClientExtension::typ),
        Some(ExtensionType::PreSharedKey)
    );
    assert!(ch.extension(ExtensionType::EarlyData).is_some());
    let offer = ch.pre_shared_key().expect("pre_shared_key");
    assert_eq!(offer.identities.len(), 1);
    // The identity is the §3 ticket.
    let HandshakeMessage::NewSessionTicket(nst) = parse13(&bytes(S3_NEW_SESSION_TICKET)) else {
        panic!("not a NewSessionTicket");
    };
    assert_eq!(offer.identities[0].identity, nst.ticket);
    // The obfuscated age is the §3 ticket_age_add plus the ticket age.
    let age = offer.identities[0]
        .obfuscated_ticket_age
        .wrapping_sub(nst.ticket_age_add);
    assert_eq!(offer.identities[0].obfuscated_ticket_age, 0xfad6_aacb);
    assert_eq!(age, 6);
    // psk_binder.finished: the binder value.
    assert_eq!(offer.binders, [bytes(S4_PSK_BINDER)]);

    // psk_binder.clienthello_prefix: the partial ClientHello the binder is computed over.
    let prefix = bytes(S4_CLIENT_HELLO_PREFIX);
    let offset = binders_start_offset(&wire).expect("binder offset");
    assert_eq!(offset, prefix.len());
    assert_eq!(wire[..offset], prefix[..]);
    assert_eq!(ch.binders_start_offset(), Some(offset));
}

#[test]
fn s4_server_hello_and_encrypted_extensions() {
    let HandshakeMessage::ServerHello(sh) = roundtrip(S4_SERVER_HELLO) else {
        panic!("not a ServerHello");
    };
    assert_eq!(sh.selected_psk(), Some(0));
    assert_eq!(sh.extensions[0], ServerExtension::PreSharedKey(0));
    let HandshakeMessage::EncryptedExtensions(ee) = roundtrip(S4_ENCRYPTED_EXTENSIONS) else {
        panic!("not EncryptedExtensions");
    };
    assert!(ee.extensions.contains(&EncryptedExtension::EarlyData));
    let HandshakeMessage::EndOfEarlyData(_) = roundtrip(S4_END_OF_EARLY_DATA) else {
        panic!("not EndOfEarlyData");
    };
}

#[test]
fn s5_hello_retry_request() {
    let wire = bytes(S5_HELLO_RETRY_REQUEST);
    assert!(is_hello_retry_request(&wire[4..]));
    assert_eq!(wire[6..38], HELLO_RETRY_REQUEST_RANDOM);
    let HandshakeMessage::HelloRetryRequest(hrr) = roundtrip(S5_HELLO_RETRY_REQUEST) else {
        panic!("not a HelloRetryRequest");
    };
    assert_eq!(hrr.cipher_suite, CipherSuite::TLS13_AES_128_GCM_SHA256);
    assert_eq!(hrr.selected_group(), Some(NamedGroup::Secp256r1));
    assert_eq!(hrr.supported_version(), Some(ProtocolVersion::TLSv1_3));
    let cookie = hrr.cookie().expect("cookie");
    assert_eq!(cookie.len(), 0x72);
    assert_eq!(cookie[..4], [0x71, 0xdc, 0xd0, 0x4b]);
    assert!(matches!(
        hrr.extensions[0],
        HelloRetryExtension::KeyShare(_)
    ));

    // The second ClientHello echoes the cookie and sends a P-256 share.
    let HandshakeMessage::ClientHello(ch2) = roundtrip(S5_CLIENT_HELLO_2) else {
        panic!("not a ClientHello");
    };
    assert_eq!(
        ch2.extension(ExtensionType::Cookie),
        Some(&ClientExtension::Cookie(cookie.to_vec()))
    );
    let Some(ClientExtension::KeyShare(shares)) = ch2.extension(ExtensionType::KeyShare) else {
        panic!("no key_share");
    };
    assert_eq!(shares[0].group, NamedGroup::Secp256r1);
    assert_eq!(shares[0].key_exchange.len(), 65);

    let HandshakeMessage::ClientHello(ch1) = roundtrip(S5_CLIENT_HELLO_1) else {
        panic!("not a ClientHello");
    };
    assert!(ch1.extension(ExtensionType::Cookie).is_none());
    let HandshakeMessage::ServerHello(sh) = roundtrip(S5_SERVER_HELLO) else {
        panic!("not a ServerHello");
    };
    assert_eq!(sh.key_share().map(|k| k.group), Some(NamedGroup::Secp256r1));
    roundtrip(S5_ENCRYPTED_EXTENSIONS);
}
