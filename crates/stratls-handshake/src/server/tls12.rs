//! The server's TLS 1.2 answer (RFC 5246 §7.3): ServerHello, Certificate, ServerKeyExchange
//! (ECDHE), an optional CertificateRequest, ServerHelloDone. The client's flight is read in
//! [`client_flight`].

use std::sync::Arc;

use stratls_codec::extensions::{ClientExtension, ServerExtension};
use stratls_codec::handshake::{
    CertificateRequestTls12, CertificateTls12, ClientHello, KeyExchangeAlgorithm, ServerHello,
    ServerHelloDone, ServerKeyExchange,
};
use stratls_codec::{
    CipherSuite, ClientCertificateType, ECPointFormat, HandshakeMessage, NamedGroup, ParseContext,
    ProtocolVersion, SignatureScheme,
};
use stratls_crypto::{Shared, SignatureAlgorithm, Signer, Tls12CipherSuite, Tls12KeyExchange};

use crate::common::Core;
use crate::config::{ClientAuth, ServerConfig};
use crate::error::{Error, Incompatibility, Misbehaviour};
use crate::state::State;
use crate::tls12::{DOWNGRADE_TLS12, key_fits_suite, scheme_fits_suite};
use crate::transcript::Transcript;
use crate::verify::{CertifiedKey, ClientHelloInfo};

mod client_flight;

pub(super) use client_flight::Flight;

/// What a TLS 1.2 ClientHello offers, read from its extensions.
struct Offer12<'a> {
    signature_schemes: &'a [SignatureScheme],
    groups: &'a [NamedGroup],
    point_formats: Option<&'a [ECPointFormat]>,
    extended_master_secret: bool,
    renegotiation_info: Option<&'a [u8]>,
    alpn: &'a [Vec<u8>],
    server_name: Option<String>,
}

impl<'a> Offer12<'a> {
    fn read(hello: &'a ClientHello) -> Result<Self, Error> {
        let mut offer = Self {
            signature_schemes: &[],
            groups: &[],
            point_formats: None,
            extended_master_secret: false,
            renegotiation_info: None,
            alpn: &[],
            server_name: None,
        };
        for e in &hello.extensions {
            match e {
                ClientExtension::SignatureAlgorithms(s) => offer.signature_schemes = s,
                ClientExtension::SupportedGroups(g) => offer.groups = g,
                ClientExtension::ECPointFormats(f) => offer.point_formats = Some(f),
                ClientExtension::ExtendedMasterSecret => offer.extended_master_secret = true,
                ClientExtension::RenegotiationInfo(r) => offer.renegotiation_info = Some(r),
                ClientExtension::Alpn(a) => offer.alpn = a,
                ClientExtension::ServerName(names) => offer.server_name = super::host_name(names)?,
                _ => {}
            }
        }
        Ok(offer)
    }
}

/// A suite this server can use for this client, with what it needs.
struct Choice {
    suite: Shared<Tls12CipherSuite>,
    /// ECDHE: the group and the signer of ServerKeyExchange.
    ecdhe: Option<(NamedGroup, Box<dyn Signer>)>,
}

/// Answers a ClientHello (already in `transcript`) that negotiates TLS 1.2.
pub(super) fn respond(
    core: &mut Core,
    config: Arc<ServerConfig>,
    mut transcript: Transcript,
    hello: &ClientHello,
) -> Result<Box<dyn State>, Error> {
    if !hello.legacy_compression_methods.contains(&0) {
        return Err(Error::PeerMisbehaved(Misbehaviour::BadCompression));
    }
    let offer = Offer12::read(hello)?;
    if offer.renegotiation_info.is_some_and(|r| !r.is_empty()) {
        return Err(Error::PeerMisbehaved(Misbehaviour::BadRenegotiationInfo));
    }
    let secure_renegotiation = offer.renegotiation_info.is_some()
        || hello
            .cipher_suites
            .contains(&CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
    if offer
        .point_formats
        .is_some_and(|f| !f.contains(&ECPointFormat::Uncompressed))
    {
        return Err(Error::PeerMisbehaved(
            Misbehaviour::NoUncompressedPointFormat,
        ));
    }
    let ems = offer.extended_master_secret && config.tls12_offer_extended_master_secret;
    if !ems && config.tls12_require_extended_master_secret {
        core.decide(|| "client does not offer the extended master secret".into());
        return Err(Error::PeerIncompatible(
            Incompatibility::NoExtendedMasterSecret,
        ));
    }
    let alpn = super::tls13::choose_alpn(core, &config, offer.alpn)?;
    let certified = config
        .cert_resolver
        .resolve(&ClientHelloInfo {
            server_name: offer.server_name.as_deref(),
            signature_schemes: offer.signature_schemes,
            alpn: offer.alpn,
        })
        .ok_or(Error::PeerIncompatible(
            Incompatibility::NoCommonSignatureScheme,
        ))?;
    let choice = choose(core, &config, hello, &offer, &certified)?;
    let suite = choice.suite;

    let mut random = crate::client::random32(&config.provider)?;
    if !config.tls13_suites().is_empty() {
        // RFC 8446 §4.1.3: a TLS 1.3 server that negotiates TLS 1.2 says so in its random.
        random[24..].copy_from_slice(&DOWNGRADE_TLS12);
    }
    core.client_random = hello.random;
    core.parse_context = ParseContext::Tls12(match suite.kx {
        Tls12KeyExchange::Rsa => KeyExchangeAlgorithm::Rsa,
        _ => KeyExchangeAlgorithm::Ecdhe,
    });
    core.negotiated.version = Some(ProtocolVersion::TLSv1_2);
    core.negotiated.cipher_suite = Some(suite.id);
    core.negotiated.server_name = offer.server_name.clone();
    core.negotiated.alpn = alpn.clone();
    core.negotiated.extended_master_secret = ems;

    let mut extensions = Vec::new();
    if secure_renegotiation {
        extensions.push(ServerExtension::RenegotiationInfo(Vec::new()));
    }
    if ems {
        extensions.push(ServerExtension::ExtendedMasterSecret);
    }
    if choice.ecdhe.is_some() && offer.point_formats.is_some() {
        extensions.push(ServerExtension::ECPointFormats(vec![
            ECPointFormat::Uncompressed,
        ]));
    }
    if let Some(p) = &alpn {
        extensions.push(ServerExtension::Alpn(p.clone()));
    }
    if offer.server_name.is_some() {
        extensions.push(ServerExtension::ServerName);
    }
    let sh = HandshakeMessage::ServerHello(ServerHello {
        legacy_version: ProtocolVersion::TLSv1_2,
        random,
        // No session to resume later: an empty session id.
        legacy_session_id_echo: Vec::new(),
        cipher_suite: suite.id,
        legacy_compression_method: 0,
        extensions,
    });
    core.send(&sh, Some(&mut transcript))?;
    let certificate = HandshakeMessage::CertificateTls12(CertificateTls12 {
        chain: certified.chain.clone(),
    });
    core.send(&certificate, Some(&mut transcript))?;

    let mut kx = None;
    if let Some((group, signer)) = choice.ecdhe {
        let active = config
            .provider
            .kx_group(group)
            .ok_or(Error::Internal("chosen group missing from the provider"))?
            .start()?;
        let mut ske = ServerKeyExchange {
            group,
            public: active.public_key().to_vec(),
            scheme: signer.scheme(),
            signature: Vec::new(),
        };
        ske.signature = signer.sign(&ske.signed_message(&hello.random, &random))?;
        core.negotiated.group = Some(ske.group);
        core.negotiated.own_signature_scheme = Some(ske.scheme);
        core.decide(|| {
            format!(
                "ECDHE over {:?}: our share signed with {:?} over both randoms",
                ske.group, ske.scheme
            )
        });
        core.send(
            &HandshakeMessage::ServerKeyExchange(ske),
            Some(&mut transcript),
        )?;
        kx = Some(active);
    }

    let client_auth = !matches!(config.client_auth, ClientAuth::None);
    let verify_schemes = crate::tls13::verify_schemes(&config.provider);
    if client_auth {
        core.negotiated.client_auth_requested = true;
        core.decide(|| "asking the client for a certificate".into());
        let request = HandshakeMessage::CertificateRequestTls12(CertificateRequestTls12 {
            certificate_types: vec![
                ClientCertificateType::RsaSign,
                ClientCertificateType::EcdsaSign,
            ],
            signature_algorithms: verify_schemes.clone(),
            certificate_authorities: Vec::new(),
        });
        core.send(&request, Some(&mut transcript))?;
    }
    core.send(
        &HandshakeMessage::ServerHelloDone(ServerHelloDone),
        Some(&mut transcript),
    )?;
    Ok(client_flight::start(Flight {
        config,
        transcript,
        suite,
        server_random: random,
        extended_master_secret: ems,
        kx,
        key: certified.key.clone(),
        client_version: hello.legacy_version,
        verify_schemes,
        client_auth,
    }))
}

/// The first suite (in the configured order) that the client offers and this server can
/// serve with `certified`: its key must fit the suite, and for ECDHE a group and a signature
/// scheme must be shared.
fn choose(
    core: &Core,
    config: &ServerConfig,
    hello: &ClientHello,
    offer: &Offer12<'_>,
    certified: &CertifiedKey,
) -> Result<Choice, Error> {
    let provider = &config.provider;
    let ours = config.tls12_suites();
    let theirs = &hello.cipher_suites;
    let ordered: Vec<Shared<Tls12CipherSuite>> = if config.prefer_server_order {
        ours.iter()
            .filter(|s| theirs.contains(&s.id))
            .cloned()
            .collect()
    } else {
        theirs
            .iter()
            .filter_map(|id| ours.iter().find(|s| s.id == *id).cloned())
            .collect()
    };
    let group = config
        .groups()
        .into_iter()
        .find(|g| offer.groups.iter().any(|c| c == g));
    let key = certified.key.algorithm();
    // An ECDSA certificate must be on a curve the client lists (RFC 8422 §5.1.1); a client
    // that lists no groups leaves the choice to the server (RFC 8422 §4).
    let curve_listed = |curve: NamedGroup| offer.groups.is_empty() || offer.groups.contains(&curve);
    let certificate_curve_ok = match key {
        SignatureAlgorithm::EcdsaP256 => curve_listed(NamedGroup::Secp256r1),
        SignatureAlgorithm::EcdsaP384 => curve_listed(NamedGroup::Secp384r1),
        _ => true,
    };
    for suite in ordered {
        if !key_fits_suite(key, &suite)
            || (suite.auth != SignatureAlgorithm::Rsa && !certificate_curve_ok)
        {
            continue;
        }
        match suite.kx {
            Tls12KeyExchange::Rsa => {
                core.decide(|| {
                    format!(
                        "cipher suite {:?}: RSA key exchange, enabled by the dangerous option",
                        suite.id
                    )
                });
                return Ok(Choice { suite, ecdhe: None });
            }
            _ => {
                let Some(group) = group else { continue };
                let schemes: Vec<SignatureScheme> = offer
                    .signature_schemes
                    .iter()
                    .copied()
                    .filter(|s| scheme_fits_suite(provider, *s, &suite))
                    .collect();
                if let Some(signer) = certified.key.choose_scheme(&schemes) {
                    core.decide(|| {
                        format!(
                            "cipher suite {:?}: first of the {} order that both sides have",
                            suite.id,
                            if config.prefer_server_order {
                                "server's"
                            } else {
                                "client's"
                            }
                        )
                    });
                    return Ok(Choice {
                        suite,
                        ecdhe: Some((group, signer)),
                    });
                }
            }
        }
    }
    Err(Error::PeerIncompatible(
        Incompatibility::NoCommonCipherSuite,
    ))
}
