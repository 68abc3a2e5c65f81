//! The client's TLS 1.2 handshake after ServerHello (RFC 5246 §7.3): Certificate,
//! ServerKeyExchange (ECDHE), an optional CertificateRequest, ServerHelloDone; then its own
//! flight ([`flight`]) and the server's ChangeCipherSpec and Finished.

use stratls_codec::extensions::ServerExtension;
use stratls_codec::handshake::{KeyExchangeAlgorithm, ServerHello};
use stratls_codec::{
    ECPointFormat, HandshakeMessage, HandshakeType, ParseContext, ProtocolVersion,
};
use stratls_crypto::{Secret, Shared, Tls12CipherSuite, Tls12KeyExchange};
use stratls_pki::CertificateDer;
use stratls_record::CcsPolicy;

use super::Client;
use crate::common::Core;
use crate::error::{Error, Incompatibility, Misbehaviour};
use crate::state::{Incoming, State, unexpected};
use crate::tls12::{Session, has_downgrade_sentinel, scheme_fits_suite};
use crate::transcript::Transcript;

mod flight;

/// The TLS 1.2 handshake in progress, after ServerHello.
pub(super) struct Handshake {
    pub(super) client: Client,
    pub(super) suite: Shared<Tls12CipherSuite>,
    pub(super) server_random: [u8; 32],
    pub(super) extended_master_secret: bool,
    /// ECDHE: our public share and the shared secret, once ServerKeyExchange arrived.
    pub(super) ecdhe: Option<(Vec<u8>, Secret)>,
}

/// The ServerHello chose TLS 1.2: checks it and waits for the server's Certificate.
pub(super) fn server_hello(
    mut client: Client,
    core: &mut Core,
    sh: &ServerHello,
    encoded: &[u8],
) -> Result<Box<dyn State>, Error> {
    let config = client.config.clone();
    if !client.tls13_suites_offered() && client.suites12.is_empty() {
        return Err(Error::Internal("no suites offered"));
    }
    // A server that can do TLS 1.3 but answers TLS 1.2 to a client that offered TLS 1.3
    // marks its random; seeing the mark means someone removed TLS 1.3 from our offer.
    if client.tls13_suites_offered() && has_downgrade_sentinel(&sh.random) {
        core.decide(|| "TLS 1.2 ServerHello with the TLS 1.3 downgrade sentinel".into());
        return Err(Error::PeerMisbehaved(Misbehaviour::DowngradeDetected));
    }
    if sh.legacy_compression_method != 0 {
        return Err(Error::PeerMisbehaved(Misbehaviour::BadCompression));
    }
    let suite = client
        .suites12
        .iter()
        .find(|s| s.id == sh.cipher_suite)
        .cloned()
        .ok_or(Error::PeerMisbehaved(Misbehaviour::UnofferedCipherSuite))?;
    let mut ems = false;
    let mut secure_renegotiation = false;
    for e in &sh.extensions {
        match e {
            ServerExtension::RenegotiationInfo(info) => {
                if !info.is_empty() {
                    return Err(Error::PeerMisbehaved(Misbehaviour::BadRenegotiationInfo));
                }
                secure_renegotiation = true;
            }
            ServerExtension::ExtendedMasterSecret if config.tls12_offer_extended_master_secret => {
                ems = true;
            }
            ServerExtension::ECPointFormats(formats) => {
                if !formats.contains(&ECPointFormat::Uncompressed) {
                    return Err(Error::PeerMisbehaved(
                        Misbehaviour::NoUncompressedPointFormat,
                    ));
                }
            }
            ServerExtension::Alpn(p) => {
                super::check_alpn(&config.alpn, p)?;
                core.negotiated.alpn = Some(p.clone());
            }
            ServerExtension::ServerName
                if config.enable_sni && core.negotiated.server_name.is_some() => {}
            _ => return Err(Error::PeerMisbehaved(Misbehaviour::UnsolicitedExtension)),
        }
    }
    if !secure_renegotiation {
        return Err(Error::PeerIncompatible(
            Incompatibility::NoSecureRenegotiation,
        ));
    }
    if !ems && config.tls12_require_extended_master_secret {
        core.decide(|| "server did not agree to the extended master secret".into());
        return Err(Error::PeerIncompatible(
            Incompatibility::NoExtendedMasterSecret,
        ));
    }
    client.transcript.add(encoded);
    let kx = match suite.kx {
        Tls12KeyExchange::Rsa => KeyExchangeAlgorithm::Rsa,
        _ => KeyExchangeAlgorithm::Ecdhe,
    };
    core.parse_context = ParseContext::Tls12(kx);
    // From here a ChangeCipherSpec is legal only right after our Finished.
    core.reader.set_ccs_policy(CcsPolicy::Reject);
    core.negotiated.version = Some(ProtocolVersion::TLSv1_2);
    core.negotiated.cipher_suite = Some(sh.cipher_suite);
    core.negotiated.extended_master_secret = ems;
    core.decide(|| {
        format!(
            "server chose TLS 1.2 with {:?}{}",
            suite.id,
            if ems { ", extended master secret" } else { "" }
        )
    });
    Ok(Box::new(ExpectCertificate(Handshake {
        client,
        suite,
        server_random: sh.random,
        extended_master_secret: ems,
        ecdhe: None,
    })))
}

struct ExpectCertificate(Handshake);

impl State for ExpectCertificate {
    fn name(&self) -> &'static str {
        "Tls12ExpectCertificate"
    }

    fn expects(&self) -> &'static [HandshakeType] {
        &[HandshakeType::Certificate]
    }

    fn handle(
        self: Box<Self>,
        core: &mut Core,
        msg: Incoming<'_>,
    ) -> Result<Box<dyn State>, Error> {
        let mut hs = self.0;
        let HandshakeMessage::CertificateTls12(cert) = msg.message else {
            return Err(unexpected("Tls12ExpectCertificate", "message"));
        };
        let chain: Vec<CertificateDer<'static>> = cert.chain;
        if chain.is_empty() {
            return Err(Error::PeerMisbehaved(Misbehaviour::EmptyServerCertificate));
        }
        let client = &hs.client;
        core.accept_peer_chain(chain, |ee, intermediates, now| {
            client
                .config
                .verifier
                .verify_server_cert(ee, intermediates, &client.server_name, now)
        })?;
        hs.client.transcript.add(msg.encoded);
        Ok(match hs.suite.kx {
            Tls12KeyExchange::Rsa => {
                core.decide(|| {
                    "RSA key exchange: no ServerKeyExchange; the premaster secret will be \
                     encrypted to the key in this certificate"
                        .into()
                });
                Box::new(ExpectCertificateRequestOrDone(hs))
            }
            _ => Box::new(ExpectServerKeyExchange(hs)),
        })
    }
}

struct ExpectServerKeyExchange(Handshake);

impl State for ExpectServerKeyExchange {
    fn name(&self) -> &'static str {
        "Tls12ExpectServerKeyExchange"
    }

    fn expects(&self) -> &'static [HandshakeType] {
        &[HandshakeType::ServerKeyExchange]
    }

    fn handle(
        self: Box<Self>,
        core: &mut Core,
        msg: Incoming<'_>,
    ) -> Result<Box<dyn State>, Error> {
        let mut hs = self.0;
        let HandshakeMessage::ServerKeyExchange(ske) = &msg.message else {
            return Err(unexpected("Tls12ExpectServerKeyExchange", "message"));
        };
        let provider = hs.client.config.provider.clone();
        let scheme = ske.scheme;
        if !hs.client.signature_schemes.contains(&ske.scheme)
            || !scheme_fits_suite(&provider, scheme, &hs.suite)
        {
            return Err(Error::PeerMisbehaved(
                Misbehaviour::UnofferedSignatureScheme,
            ));
        }
        let end_entity = core
            .negotiated
            .peer_certificates
            .first()
            .ok_or(Error::Internal("ServerKeyExchange without a certificate"))?;
        let signed = ske.signed_message(&hs.client.random, &hs.server_random);
        stratls_pki::verify_signed_message(&provider, end_entity, scheme, &signed, &ske.signature)
            .map_err(|e| match e {
                stratls_pki::PkiError::UnsupportedAlgorithm => {
                    Error::PeerMisbehaved(Misbehaviour::UnofferedSignatureScheme)
                }
                _ => Error::BadSignature,
            })?;
        core.negotiated.peer_signature_scheme = Some(ske.scheme);
        let group = ske.group;
        if !hs.client.groups.contains(&group) {
            return Err(Error::PeerMisbehaved(Misbehaviour::UnofferedGroup));
        }
        let kx = super::start_kx(&provider, group)?;
        let public = kx.public_key().to_vec();
        let shared = kx
            .complete(&ske.public)
            .map_err(|_| Error::PeerMisbehaved(Misbehaviour::InvalidKeyShare))?;
        core.negotiated.group = Some(group);
        core.decide(|| {
            format!(
                "server's {:?} share verified with its {:?} signature over both randoms; \
                 our share completes the exchange (forward secrecy)",
                ske.group, ske.scheme
            )
        });
        hs.ecdhe = Some((public, shared));
        hs.client.transcript.add(msg.encoded);
        Ok(Box::new(ExpectCertificateRequestOrDone(hs)))
    }
}

struct ExpectCertificateRequestOrDone(Handshake);

impl State for ExpectCertificateRequestOrDone {
    fn name(&self) -> &'static str {
        "Tls12ExpectCertificateRequestOrServerHelloDone"
    }

    fn expects(&self) -> &'static [HandshakeType] {
        &[
            HandshakeType::CertificateRequest,
            HandshakeType::ServerHelloDone,
        ]
    }

    fn handle(
        self: Box<Self>,
        core: &mut Core,
        msg: Incoming<'_>,
    ) -> Result<Box<dyn State>, Error> {
        let mut hs = self.0;
        hs.client.transcript.add(msg.encoded);
        match msg.message {
            HandshakeMessage::CertificateRequestTls12(req) => {
                core.negotiated.client_auth_requested = true;
                core.decide(|| "server asked for a client certificate".into());
                Ok(Box::new(ExpectServerHelloDone {
                    hs,
                    request: Some(req),
                }))
            }
            HandshakeMessage::ServerHelloDone(_) => flight::send(hs, core, None),
            _ => Err(unexpected(
                "Tls12ExpectCertificateRequestOrServerHelloDone",
                "message",
            )),
        }
    }
}

struct ExpectServerHelloDone {
    hs: Handshake,
    request: Option<stratls_codec::handshake::CertificateRequestTls12>,
}

impl State for ExpectServerHelloDone {
    fn name(&self) -> &'static str {
        "Tls12ExpectServerHelloDone"
    }

    fn expects(&self) -> &'static [HandshakeType] {
        &[HandshakeType::ServerHelloDone]
    }

    fn handle(
        self: Box<Self>,
        core: &mut Core,
        msg: Incoming<'_>,
    ) -> Result<Box<dyn State>, Error> {
        let mut hs = self.hs;
        hs.client.transcript.add(msg.encoded);
        flight::send(hs, core, self.request)
    }
}

impl crate::tls12::FinishSide for Client {
    const EXPECT_FINISHED: &'static str = "Tls12ExpectServerFinished";

    fn transcript(&mut self) -> &mut Transcript {
        &mut self.transcript
    }

    fn finish(self, core: &mut Core, session: Session) -> Result<Box<dyn State>, Error> {
        session.established(core)
    }
}

/// Whether a client key of family `key` fits one of the server's certificate types.
pub(super) fn key_fits_request(
    key: stratls_crypto::SignatureAlgorithm,
    types: &[stratls_codec::ClientCertificateType],
) -> bool {
    use stratls_codec::ClientCertificateType as T;
    use stratls_crypto::SignatureAlgorithm as A;
    match key {
        A::Rsa => types.contains(&T::RsaSign),
        A::EcdsaP256 | A::EcdsaP384 | A::Ed25519 => types.contains(&T::EcdsaSign),
        _ => false,
    }
}
