//! The server's TLS 1.2 answer (RFC 5246 §7.3): ServerHello, Certificate, ServerKeyExchange
//! (ECDHE), an optional CertificateRequest, ServerHelloDone. The client's flight is read in
//! [`client_flight`].

use std::sync::Arc;

use stratls_codec::extensions::ServerExtension;
use stratls_codec::handshake::{
    CertificateRequestTls12, CertificateTls12, ClientHello, ServerHello, ServerHelloDone,
    ServerKeyExchange,
};
use stratls_codec::{
    ClientCertificateType, ECPointFormat, HandshakeMessage, NamedGroup, ProtocolVersion,
    SignatureScheme,
};
use stratls_crypto::{Shared, SignatureAlgorithm, Signer, Tls12CipherSuite, Tls12KeyExchange};

use super::offer::{Offer, Tls12Offer};
use crate::choose::{choose_alpn, order_name, random32, suite_order, verify_schemes};
use crate::config::ServerConfig;
use crate::context::Context;
use crate::error::{Error, Incompatibility, Misbehaviour};
use crate::negotiated::Negotiated;
use crate::proof::{ClientAuthChecked, ClientAuthStart};
use crate::state::State;
use crate::tls12::{DOWNGRADE_TLS12, key_fits_key_transport, key_fits_suite, signing_family};
use crate::transcript::TranscriptBuffer;
use crate::verify::{CertifiedKey, ClientHelloInfo};

mod client_flight;

pub(super) use client_flight::Flight;

/// A suite this server can use for this client, with what it needs.
struct Choice {
    suite: Shared<Tls12CipherSuite>,
    /// ECDHE: the group and the signer of ServerKeyExchange.
    ecdhe: Option<(NamedGroup, Box<dyn Signer>)>,
}

/// Answers a ClientHello (already in `transcript`) that negotiates TLS 1.2.
pub(super) fn respond(
    cx: &mut Context,
    config: Arc<ServerConfig>,
    mut transcript: TranscriptBuffer,
    hello: &ClientHello,
) -> Result<Box<dyn State>, Error> {
    if !hello.legacy_compression_methods.contains(&0) {
        return Err(Error::PeerMisbehaved(Misbehaviour::BadCompression));
    }
    let read = Offer::read(hello)?;
    let offer = read.tls12()?;
    let ems = offer.extended_master_secret;
    if !ems {
        crate::tls12::without_extended_master_secret(cx, &config.shared, "client")?;
    }
    let alpn = choose_alpn(cx, &config.shared.alpn, read.alpn)?;
    if ems && let Some(resumable) = super::tls12_resume::find(cx, &config, &read, &offer)? {
        return super::tls12_resume::respond(
            cx, config, transcript, &read, &offer, alpn, resumable,
        );
    }
    let issue_ticket = super::tls12_resume::issues_ticket(&config, hello, ems);
    // A session that can be resumed and gets no ticket is kept by session ID.
    let session_id = match &config.session_ids {
        Some(_) if ems && !issue_ticket => random32(&config.provider)?.to_vec(),
        _ => Vec::new(),
    };
    let certified = config
        .cert_resolver
        .resolve(&ClientHelloInfo {
            server_name: read.server_name.as_deref(),
            signature_schemes: offer.signature_schemes,
            alpn: read.alpn,
        })
        .ok_or(Error::PeerIncompatible(
            Incompatibility::NoCommonSignatureScheme,
        ))?;
    let choice = choose(cx, &config, &read, &offer, &certified)?;
    let suite = choice.suite;

    let mut random = random32(&config.provider)?;
    if config.accepts_tls13() {
        // RFC 8446 §4.1.3: a TLS 1.3 server that negotiates TLS 1.2 says so in its random.
        random[24..].copy_from_slice(&DOWNGRADE_TLS12);
    }
    let mut agreed = Negotiated {
        version: Some(ProtocolVersion::TLSv1_2),
        cipher_suite: Some(suite.id),
        server_name: read.server_name.clone(),
        alpn: alpn.clone(),
        extended_master_secret: ems,
        ..Negotiated::default()
    };

    let mut extensions = Vec::new();
    if offer.secure_renegotiation {
        extensions.push(ServerExtension::RenegotiationInfo(Vec::new()));
    }
    if ems {
        extensions.push(ServerExtension::ExtendedMasterSecret);
    }
    if choice.ecdhe.is_some() && offer.point_formats {
        extensions.push(ServerExtension::ECPointFormats(vec![
            ECPointFormat::Uncompressed,
        ]));
    }
    if issue_ticket {
        extensions.push(ServerExtension::SessionTicket);
    }
    if let Some(p) = &alpn {
        extensions.push(ServerExtension::Alpn(p.clone()));
    }
    if read.server_name.is_some() {
        extensions.push(ServerExtension::ServerName);
    }
    let sh = HandshakeMessage::ServerHello(ServerHello {
        legacy_version: ProtocolVersion::TLSv1_2,
        random,
        // A session kept by ID gets one; a session resumed by ticket or not at all, none.
        legacy_session_id_echo: session_id.clone(),
        cipher_suite: suite.id,
        legacy_compression_method: 0,
        extensions,
    });
    let client_auth = ClientAuthChecked::begin(&config.client_auth);
    // Without a CertificateRequest, no CertificateVerify will sign the messages: from here on
    // only the suite's running hash of them is kept.
    if !matches!(client_auth, ClientAuthStart::Request(_)) {
        transcript.hash_only(&*suite.hash);
    }
    cx.send(&sh, &mut transcript)?;
    let certificate = HandshakeMessage::CertificateTls12(CertificateTls12 {
        chain: certified.chain.clone(),
    });
    cx.send(&certificate, &mut transcript)?;

    let mut kx = None;
    if let Some((group, signer)) = choice.ecdhe {
        // The group is one of the configured groups, which are the provider's.
        let active = config
            .provider
            .kx_group(group)
            .ok_or(Error::Config(
                "key-exchange group not offered by the provider",
            ))?
            .start()?;
        let mut ske = ServerKeyExchange {
            group,
            public: crate::choose::own_share(
                active.public_key().to_vec(),
                crate::choose::MAX_TLS12_SHARE,
            )?,
            scheme: signer.scheme(),
            signature: Vec::new(),
        };
        ske.signature = signer.sign(&ske.signed_message(&hello.random, &random))?;
        agreed.group = Some(ske.group);
        agreed.own_signature_scheme = Some(ske.scheme);
        cx.decide(|| {
            format!(
                "ECDHE over {:?}: our share signed with {:?} over both randoms",
                ske.group, ske.scheme
            )
        });
        cx.send(&HandshakeMessage::ServerKeyExchange(ske), &mut transcript)?;
        kx = Some(active);
    }

    if let ClientAuthStart::Request(_) = client_auth {
        agreed.client_auth_requested = true;
        cx.decide(|| "asking the client for a certificate".into());
        let request = HandshakeMessage::CertificateRequestTls12(CertificateRequestTls12 {
            certificate_types: vec![
                ClientCertificateType::RsaSign,
                ClientCertificateType::EcdsaSign,
            ],
            signature_algorithms: verify_schemes(&config.provider),
            certificate_authorities: Vec::new(),
        });
        cx.send(&request, &mut transcript)?;
    }
    cx.send(
        &HandshakeMessage::ServerHelloDone(ServerHelloDone),
        &mut transcript,
    )?;
    let flight = Flight {
        config,
        transcript,
        suite,
        randoms: (hello.random, random),
        extended_master_secret: ems,
        kx,
        key: certified.key.clone(),
        client_version: hello.legacy_version,
        agreed,
        issue_ticket,
        session_id,
    };
    Ok(client_flight::start(flight, client_auth))
}

/// The first suite (in the configured order) that the client offers and this server can
/// serve with `certified`: its key must fit the suite, and for ECDHE a group and a signature
/// scheme must be shared.
fn choose(
    cx: &Context,
    config: &ServerConfig,
    read: &Offer<'_>,
    offer: &Tls12Offer<'_>,
    certified: &CertifiedKey,
) -> Result<Choice, Error> {
    let provider = &config.provider;
    let ordered = suite_order(
        config.tls12_suites(),
        read.suites(),
        config.prefer_server_order,
        |s: &Shared<Tls12CipherSuite>| s.id,
    );
    // A group defined for TLS 1.3 only (the hybrid) is never an ECDHE group.
    let group = config
        .groups()
        .filter(|g| provider.kx_group(*g).is_some_and(|k| k.usable_in_tls12()))
        .find(|g| offer.groups.iter().any(|c| c == g));
    let key = certified.key.algorithm();
    // An ECDSA certificate must be on a curve the client lists (RFC 8422 §5.1.1); a client
    // that lists no groups leaves the choice to the server (RFC 8422 §4).
    let curve_listed = |curve: NamedGroup| offer.groups.is_empty() || offer.groups.contains(&curve);
    let certificate_curve_ok = match key {
        SignatureAlgorithm::EcdsaP256 => curve_listed(NamedGroup::Secp256r1),
        SignatureAlgorithm::EcdsaP384 => curve_listed(NamedGroup::Secp384r1),
        SignatureAlgorithm::EcdsaP521 => curve_listed(NamedGroup::Secp521r1),
        _ => true,
    };
    for suite in ordered {
        if !key_fits_suite(key, &suite)
            || (suite.auth != SignatureAlgorithm::Rsa && !certificate_curve_ok)
            || (suite.kx == Tls12KeyExchange::Rsa && !key_fits_key_transport(key))
        {
            continue;
        }
        match suite.kx {
            Tls12KeyExchange::Rsa => {
                cx.decide(|| {
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
                    .filter(|s| signing_family(*s).is_some_and(|k| key_fits_suite(k, &suite)))
                    .collect();
                if let Some(signer) = certified.key.choose_scheme(&schemes) {
                    cx.decide(|| {
                        format!(
                            "cipher suite {:?}: first of the {} order that both sides have",
                            suite.id,
                            order_name(config.prefer_server_order)
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
