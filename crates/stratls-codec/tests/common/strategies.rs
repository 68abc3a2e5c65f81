//! proptest strategies for every message and extension, within the RFC's vector ranges and the
//! rules parsing enforces (no duplicate extension types, pre_shared_key last, TLS 1.3 placement).

use proptest::collection::vec;
use proptest::prelude::*;
use stratls_codec::extensions::{
    CertReqExtension, CertificateExtension, CertificateStatusRequest, ClientExtension,
    EncryptedExtension, HelloRetryExtension, KeyShareEntry, NewSessionTicketExtension,
    PreSharedKeyOffer, PskIdentity, ServerExtension, ServerNameEntry,
};
use stratls_codec::handshake::{
    Certificate, CertificateEntry, CertificateRequest, CertificateRequestTls12, CertificateTls12,
    CertificateVerify, ClientHello, ClientKeyExchange, HelloRetryRequest, NewSessionTicket,
    NewSessionTicketTls12, ServerHello, ServerKeyExchange,
};
use stratls_codec::{
    CertificateStatusType, ExtensionType, KeyUpdateRequest, ProtocolVersion, ServerNameType,
};

/// `n..=m` random bytes.
pub fn bytes(min: usize, max: usize) -> impl Strategy<Value = Vec<u8>> {
    vec(any::<u8>(), min..=max)
}

/// Any value of a code-point type.
pub fn code<T: From<u16> + core::fmt::Debug>() -> impl Strategy<Value = T> {
    any::<u16>().prop_map(T::from)
}

/// Any value of a one-byte code-point type.
pub fn code8<T: From<u8> + core::fmt::Debug>() -> impl Strategy<Value = T> {
    any::<u8>().prop_map(T::from)
}

/// An extension type this crate has no name for (so it can only parse as `Unknown`).
pub fn unknown_ext_type() -> impl Strategy<Value = ExtensionType> {
    any::<u16>()
        .prop_map(ExtensionType::from)
        .prop_filter("unnamed type", |t| t.rfc_name().is_none())
}

fn unknown<T: core::fmt::Debug>(make: fn(ExtensionType, Vec<u8>) -> T) -> impl Strategy<Value = T> {
    (unknown_ext_type(), bytes(0, 16)).prop_map(move |(t, d)| make(t, d))
}

fn dedup<T>(mut exts: Vec<T>, typ: impl Fn(&T) -> ExtensionType) -> Vec<T> {
    let mut seen = std::collections::BTreeSet::new();
    exts.retain(|e| seen.insert(typ(e)));
    exts
}

fn key_share() -> impl Strategy<Value = KeyShareEntry> {
    (code(), bytes(1, 40)).prop_map(|(group, key_exchange)| KeyShareEntry {
        group,
        key_exchange,
    })
}

fn status_request() -> impl Strategy<Value = CertificateStatusRequest> {
    prop_oneof![
        (vec(bytes(1, 8), 0..3), bytes(0, 8)).prop_map(|(responder_ids, request_extensions)| {
            CertificateStatusRequest::Ocsp {
                responder_ids,
                request_extensions,
            }
        }),
        (2_u8.., bytes(0, 8)).prop_map(|(t, data)| CertificateStatusRequest::Unknown {
            typ: CertificateStatusType::from(t),
            data,
        }),
    ]
}

fn psk_offer() -> impl Strategy<Value = PreSharedKeyOffer> {
    vec((bytes(1, 24), any::<u32>(), bytes(32, 48)), 1..4).prop_map(|entries| {
        let (identities, binders) = entries
            .into_iter()
            .map(|(identity, age, binder)| {
                let id = PskIdentity {
                    identity,
                    obfuscated_ticket_age: age,
                };
                (id, binder)
            })
            .unzip();
        PreSharedKeyOffer {
            identities,
            binders,
        }
    })
}

fn server_names() -> impl Strategy<Value = Vec<ServerNameEntry>> {
    vec((any::<u8>(), bytes(1, 20)), 1..4).prop_map(|names| {
        let mut seen = std::collections::BTreeSet::new();
        names
            .into_iter()
            .filter(|(t, _)| seen.insert(*t))
            .map(|(t, name)| ServerNameEntry {
                typ: ServerNameType::from(t),
                name,
            })
            .collect()
    })
}

/// Any ClientHello extension.
pub fn client_extension() -> impl Strategy<Value = ClientExtension> {
    use ClientExtension as C;
    prop_oneof![
        server_names().prop_map(C::ServerName),
        vec(code(), 1..8).prop_map(C::SupportedGroups),
        vec(code8(), 1..4).prop_map(C::ECPointFormats),
        vec(code(), 1..8).prop_map(C::SignatureAlgorithms),
        vec(code(), 1..8).prop_map(C::SignatureAlgorithmsCert),
        vec(bytes(1, 10), 1..4).prop_map(C::Alpn),
        status_request().prop_map(C::StatusRequest),
        Just(C::ExtendedMasterSecret),
        bytes(0, 24).prop_map(C::SessionTicket),
        bytes(0, 12).prop_map(C::RenegotiationInfo),
        (64_u16..).prop_map(C::RecordSizeLimit),
        vec(code(), 1..5).prop_map(C::SupportedVersions),
        bytes(1, 24).prop_map(C::Cookie),
        vec(code8(), 1..3).prop_map(C::PskKeyExchangeModes),
        psk_offer().prop_map(C::PreSharedKey),
        Just(C::EarlyData),
        vec(bytes(1, 12), 1..3).prop_map(C::CertificateAuthorities),
        vec(key_share(), 0..3).prop_map(C::KeyShare),
        Just(C::PostHandshakeAuth),
        unknown(|typ, data| C::Unknown { typ, data }),
    ]
}

/// A ClientHello that follows every rule parsing checks.
pub fn client_hello() -> impl Strategy<Value = ClientHello> {
    (
        code(),
        any::<[u8; 32]>(),
        bytes(0, 32),
        vec(code(), 1..10),
        bytes(0, 3),
        vec(client_extension(), 0..8),
    )
        .prop_map(|(legacy_version, random, sid, cipher_suites, more, exts)| {
            let mut extensions = dedup(exts, ClientExtension::typ);
            if let Some(p) = extensions
                .iter()
                .position(|e| e.typ() == ExtensionType::PreSharedKey)
            {
                let psk = extensions.remove(p);
                extensions.push(psk);
            }
            let mut ch = ClientHello {
                legacy_version,
                random,
                legacy_session_id: sid,
                cipher_suites,
                legacy_compression_methods: [&[0][..], &more].concat(),
                extensions,
            };
            if ch.offers_tls13() {
                ch.legacy_compression_methods = vec![0];
                if ch.extension(ExtensionType::PostHandshakeAuth).is_none() {
                    ch.extensions.insert(0, ClientExtension::PostHandshakeAuth);
                }
            }
            ch
        })
}

fn tls13_version() -> impl Strategy<Value = ProtocolVersion> {
    (0x0304_u16..).prop_map(ProtocolVersion::from)
}

/// A ServerHello, TLS 1.3 (supported_versions present) or TLS 1.2.
pub fn server_hello() -> impl Strategy<Value = ServerHello> {
    use ServerExtension as S;
    let tls13 = (
        tls13_version(),
        vec(
            prop_oneof![
                key_share().prop_map(S::KeyShare),
                any::<u16>().prop_map(S::PreSharedKey),
                unknown(|typ, data| S::Unknown { typ, data }),
            ],
            0..4,
        ),
    )
        .prop_map(|(v, mut exts)| {
            exts.insert(0, S::SupportedVersions(v));
            (0_u8, exts)
        });
    let tls12 = (
        any::<u8>(),
        vec(
            prop_oneof![
                Just(S::ServerName),
                vec(code8(), 1..4).prop_map(S::ECPointFormats),
                bytes(1, 10).prop_map(S::Alpn),
                Just(S::StatusRequest),
                Just(S::ExtendedMasterSecret),
                Just(S::SessionTicket),
                bytes(0, 12).prop_map(S::RenegotiationInfo),
                (64_u16..).prop_map(S::RecordSizeLimit),
                key_share().prop_map(S::KeyShare),
                unknown(|typ, data| S::Unknown { typ, data }),
            ],
            0..6,
        ),
    );
    (
        code(),
        any::<[u8; 32]>(),
        bytes(0, 32),
        code(),
        prop_oneof![tls13, tls12],
    )
        .prop_map(
            |(legacy_version, random, sid, cipher_suite, (compression, exts))| ServerHello {
                legacy_version,
                random,
                legacy_session_id_echo: sid,
                cipher_suite,
                legacy_compression_method: compression,
                extensions: dedup(exts, ServerExtension::typ),
            },
        )
}

/// A HelloRetryRequest (supported_versions always present, so the block is at least 6 bytes).
pub fn hello_retry_request() -> impl Strategy<Value = HelloRetryRequest> {
    use HelloRetryExtension as H;
    let ext = prop_oneof![
        code().prop_map(H::KeyShare),
        bytes(1, 24).prop_map(H::Cookie),
        unknown(|typ, data| H::Unknown { typ, data }),
    ];
    (
        code(),
        bytes(0, 32),
        code(),
        tls13_version(),
        vec(ext, 0..4),
    )
        .prop_map(|(legacy_version, sid, cipher_suite, v, mut exts)| {
            exts.push(H::SupportedVersions(v));
            HelloRetryRequest {
                legacy_version,
                legacy_session_id_echo: sid,
                cipher_suite,
                extensions: dedup(exts, HelloRetryExtension::typ),
            }
        })
}

/// An EncryptedExtensions extension list.
pub fn encrypted_extensions() -> impl Strategy<Value = Vec<EncryptedExtension>> {
    use EncryptedExtension as E;
    let ext = prop_oneof![
        Just(E::ServerName),
        vec(code(), 1..8).prop_map(E::SupportedGroups),
        bytes(1, 10).prop_map(E::Alpn),
        Just(E::EarlyData),
        (64_u16..).prop_map(E::RecordSizeLimit),
        unknown(|typ, data| E::Unknown { typ, data }),
    ];
    vec(ext, 0..6).prop_map(|exts| dedup(exts, EncryptedExtension::typ))
}

/// A TLS 1.3 Certificate.
pub fn certificate() -> impl Strategy<Value = Certificate> {
    let ext = prop_oneof![
        bytes(1, 24).prop_map(CertificateExtension::StatusRequest),
        unknown(|typ, data| CertificateExtension::Unknown { typ, data }),
    ];
    let entry = (bytes(1, 40), vec(ext, 0..3)).prop_map(|(cert_data, exts)| CertificateEntry {
        cert_data: cert_data.into(),
        extensions: dedup(exts, CertificateExtension::typ),
    });
    (bytes(0, 8), vec(entry, 0..4)).prop_map(|(context, entries)| Certificate { context, entries })
}

/// A TLS 1.2 Certificate.
pub fn certificate_tls12() -> impl Strategy<Value = CertificateTls12> {
    vec(bytes(1, 40), 0..4).prop_map(|chain| CertificateTls12 {
        chain: chain.into_iter().map(Into::into).collect(),
    })
}

/// A TLS 1.3 CertificateRequest (never an empty extension block).
pub fn certificate_request() -> impl Strategy<Value = CertificateRequest> {
    use CertReqExtension as R;
    let ext = prop_oneof![
        vec(code(), 1..8).prop_map(R::SignatureAlgorithms),
        vec(code(), 1..8).prop_map(R::SignatureAlgorithmsCert),
        vec(bytes(1, 12), 1..3).prop_map(R::CertificateAuthorities),
        Just(R::StatusRequest),
        unknown(|typ, data| R::Unknown { typ, data }),
    ];
    (bytes(0, 8), vec(ext, 1..5)).prop_map(|(context, exts)| CertificateRequest {
        context,
        extensions: dedup(exts, CertReqExtension::typ),
    })
}

/// A TLS 1.2 CertificateRequest.
pub fn certificate_request_tls12() -> impl Strategy<Value = CertificateRequestTls12> {
    (
        vec(code8(), 1..4),
        vec(code(), 1..8),
        vec(bytes(1, 12), 0..3),
    )
        .prop_map(
            |(certificate_types, signature_algorithms, certificate_authorities)| {
                CertificateRequestTls12 {
                    certificate_types,
                    signature_algorithms,
                    certificate_authorities,
                }
            },
        )
}

/// A CertificateVerify.
pub fn certificate_verify() -> impl Strategy<Value = CertificateVerify> {
    (code(), bytes(0, 80)).prop_map(|(scheme, signature)| CertificateVerify { scheme, signature })
}

/// A TLS 1.3 NewSessionTicket.
pub fn new_session_ticket() -> impl Strategy<Value = NewSessionTicket> {
    let ext = prop_oneof![
        any::<u32>().prop_map(NewSessionTicketExtension::EarlyData),
        unknown(|typ, data| NewSessionTicketExtension::Unknown { typ, data }),
    ];
    (
        any::<u32>(),
        any::<u32>(),
        bytes(0, 8),
        bytes(1, 40),
        vec(ext, 0..3),
    )
        .prop_map(
            |(ticket_lifetime, ticket_age_add, ticket_nonce, ticket, exts)| NewSessionTicket {
                ticket_lifetime,
                ticket_age_add,
                ticket_nonce,
                ticket,
                extensions: dedup(exts, NewSessionTicketExtension::typ),
            },
        )
}

/// A TLS 1.2 NewSessionTicket.
pub fn new_session_ticket_tls12() -> impl Strategy<Value = NewSessionTicketTls12> {
    (any::<u32>(), bytes(0, 40)).prop_map(|(lifetime_hint, ticket)| NewSessionTicketTls12 {
        lifetime_hint,
        ticket,
    })
}

/// An ECDHE ServerKeyExchange.
pub fn server_key_exchange() -> impl Strategy<Value = ServerKeyExchange> {
    (code(), bytes(1, 65), code(), bytes(0, 72)).prop_map(|(group, public, scheme, signature)| {
        ServerKeyExchange {
            group,
            public,
            scheme,
            signature,
        }
    })
}

/// A ClientKeyExchange of either form.
pub fn client_key_exchange() -> impl Strategy<Value = ClientKeyExchange> {
    prop_oneof![
        bytes(1, 65).prop_map(|public| ClientKeyExchange::Ecdhe { public }),
        bytes(0, 80).prop_map(|c| ClientKeyExchange::Rsa {
            encrypted_pre_master_secret: c
        }),
    ]
}

/// A valid KeyUpdate request.
pub fn key_update_request() -> impl Strategy<Value = KeyUpdateRequest> {
    prop_oneof![
        Just(KeyUpdateRequest::UpdateNotRequested),
        Just(KeyUpdateRequest::UpdateRequested)
    ]
}
