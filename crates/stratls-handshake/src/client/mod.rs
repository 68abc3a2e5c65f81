//! The client: ClientHello, then ServerHello or HelloRetryRequest; the TLS 1.3 flight that
//! follows is in [`tls13`], the TLS 1.2 one in [`tls12`].

mod hello;
mod tls12;
mod tls13;

use std::sync::Arc;

use stratls_codec::extensions::{HelloRetryExtension, ServerExtension};
use stratls_codec::handshake::{HelloRetryRequest, ServerHello};
use stratls_codec::{
    CipherSuite, HandshakeMessage, HandshakeType, NamedGroup, ProtocolVersion, SignatureScheme,
};
use stratls_crypto::{
    ActiveKeyExchange, CryptoProvider, Shared, Tls12CipherSuite, Tls13CipherSuite,
};
use stratls_pki::ServerName;
use stratls_record::CcsPolicy;

use crate::common::Core;
use crate::config::ClientConfig;
use crate::error::{Error, Incompatibility, Misbehaviour};
use crate::observer::KeyPhase;
use crate::state::{Incoming, State};
use crate::transcript::Transcript;

/// Builds and queues the first ClientHello.
pub(crate) fn start(
    core: &mut Core,
    config: Arc<ClientConfig>,
    server_name: ServerName<'static>,
) -> Result<Box<dyn State>, Error> {
    let suites = config.tls13_suites();
    let suites12 = config.tls12_suites();
    if suites.is_empty() && suites12.is_empty() {
        return Err(Error::Config(
            "no cipher suite configured for the enabled protocol versions",
        ));
    }
    let groups = config.groups();
    let first_group = *groups
        .first()
        .ok_or(Error::Config("no key-exchange group configured"))?;
    let random = random32(&config.provider)?;
    // The TLS 1.3 middlebox compatibility mode sends a fake session id; a TLS 1.2-only client
    // resumes nothing and sends none.
    let session_id = if config.middlebox_compat && !suites.is_empty() {
        random32(&config.provider)?.to_vec()
    } else {
        Vec::new()
    };
    let kx = if suites.is_empty() {
        None
    } else {
        Some(start_kx(&config.provider, first_group)?)
    };
    core.client_random = random;
    let mut client = Client {
        config,
        server_name,
        random,
        session_id,
        suites,
        suites12,
        groups,
        signature_schemes: Vec::new(),
        kx,
        kx_group: first_group,
        transcript: Transcript::new(),
        hello_retry: None,
        ccs_sent: false,
    };
    client.signature_schemes = crate::tls13::verify_schemes(&client.config.provider);
    let hello = client.hello(None);
    core.decide(|| {
        let mut offer = Vec::new();
        if client.tls13_suites_offered() {
            offer.push(format!(
                "TLS 1.3 with {} cipher suites, key share for {:?}",
                client.suites.len(),
                first_group
            ));
        }
        if !client.suites12.is_empty() {
            offer.push(format!(
                "TLS 1.2 with {} cipher suites",
                client.suites12.len()
            ));
        }
        format!("offering {} and a fresh client random", offer.join(" and "))
    });
    // The first ClientHello goes out in a record versioned TLS 1.0 for middlebox tolerance
    // (RFC 8446 §5.1); every later plaintext record says TLS 1.2.
    core.writer.set_plaintext_version(ProtocolVersion::TLSv1_0);
    core.send(
        &HandshakeMessage::ClientHello(hello),
        Some(&mut client.transcript),
    )?;
    core.writer.set_plaintext_version(ProtocolVersion::TLSv1_2);
    // The compatibility change_cipher_spec may arrive from now until the server's Finished
    // (TLS 1.3 only; a TLS 1.2 ServerHello turns this off again).
    if client.tls13_suites_offered() {
        core.reader.set_ccs_policy(CcsPolicy::Ignore);
    }
    if let ServerName::DnsName(name) = &client.server_name {
        core.negotiated.server_name = Some(name.as_ref().to_string());
    }
    Ok(Box::new(ExpectServerHello(client)))
}

/// Checks the server's ALPN choice: an answer to no offer is an unsolicited extension
/// (`unsupported_extension`, RFC 8446 §4.2); a protocol we did not offer is a field
/// inconsistent with our hello (`illegal_parameter`; RFC 7301 names no alert for it).
pub(crate) fn check_alpn(offered: &[Vec<u8>], chosen: &[u8]) -> Result<(), Error> {
    if offered.is_empty() {
        return Err(Error::PeerMisbehaved(Misbehaviour::UnsolicitedExtension));
    }
    if !offered.iter().any(|p| p == chosen) {
        return Err(Error::PeerMisbehaved(Misbehaviour::UnofferedAlpn));
    }
    Ok(())
}

pub(crate) fn random32(provider: &CryptoProvider) -> Result<[u8; 32], Error> {
    let mut r = [0u8; 32];
    provider.random.fill(&mut r)?;
    Ok(r)
}

fn start_kx(
    provider: &CryptoProvider,
    group: NamedGroup,
) -> Result<Box<dyn ActiveKeyExchange>, Error> {
    let g = provider.kx_group(group).ok_or(Error::Config(
        "key-exchange group not offered by the provider",
    ))?;
    Ok(g.start()?)
}

/// What the client keeps from its ClientHello until the ServerHello.
pub(crate) struct Client {
    pub(crate) config: Arc<ClientConfig>,
    pub(crate) server_name: ServerName<'static>,
    pub(crate) random: [u8; 32],
    session_id: Vec<u8>,
    suites: Vec<Shared<Tls13CipherSuite>>,
    /// The TLS 1.2 suites offered (empty when TLS 1.2 is off).
    pub(crate) suites12: Vec<Shared<Tls12CipherSuite>>,
    pub(crate) groups: Vec<NamedGroup>,
    pub(crate) signature_schemes: Vec<SignatureScheme>,
    /// Our key share, until the ServerHello consumes it.
    kx: Option<Box<dyn ActiveKeyExchange>>,
    kx_group: NamedGroup,
    pub(crate) transcript: Transcript,
    /// The suite a HelloRetryRequest chose, once one arrived.
    hello_retry: Option<Shared<Tls13CipherSuite>>,
    pub(crate) ccs_sent: bool,
}

impl Client {
    /// Whether the ClientHello offers TLS 1.3.
    pub(crate) fn tls13_suites_offered(&self) -> bool {
        !self.suites.is_empty()
    }

    fn offered_suite(&self, suite: CipherSuite) -> Result<Shared<Tls13CipherSuite>, Error> {
        self.suites
            .iter()
            .find(|s| s.id == suite)
            .cloned()
            .ok_or(Error::PeerMisbehaved(Misbehaviour::UnofferedCipherSuite))
    }
}

struct ExpectServerHello(Client);

impl State for ExpectServerHello {
    fn name(&self) -> &'static str {
        "ExpectServerHello"
    }

    fn expects(&self) -> &'static [HandshakeType] {
        &[HandshakeType::ServerHello]
    }

    fn handle(
        self: Box<Self>,
        core: &mut Core,
        msg: Incoming<'_>,
    ) -> Result<Box<dyn State>, Error> {
        let client = self.0;
        match msg.message {
            HandshakeMessage::ServerHello(sh) => server_hello(client, core, &sh, msg.encoded),
            HandshakeMessage::HelloRetryRequest(hrr) => {
                hello_retry_request(client, core, &hrr, msg.encoded)
            }
            _ => Err(crate::state::unexpected(
                "ExpectServerHello",
                "handshake message",
            )),
        }
    }
}

fn server_hello(
    mut client: Client,
    core: &mut Core,
    sh: &ServerHello,
    encoded: &[u8],
) -> Result<Box<dyn State>, Error> {
    match sh.supported_version() {
        Some(ProtocolVersion::TLSv1_3) if client.tls13_suites_offered() => {}
        // No supported_versions: the server chose TLS 1.2 or older.
        None if sh.legacy_version == ProtocolVersion::TLSv1_2
            && !client.suites12.is_empty()
            && client.hello_retry.is_none() =>
        {
            return tls12::server_hello(client, core, sh, encoded);
        }
        None if sh.legacy_version < ProtocolVersion::TLSv1_2 || client.suites12.is_empty() => {
            return Err(Error::PeerIncompatible(Incompatibility::NoCommonVersion));
        }
        _ => return Err(Error::PeerMisbehaved(Misbehaviour::BadVersion)),
    }
    if sh.legacy_version != ProtocolVersion::TLSv1_2 {
        return Err(Error::PeerMisbehaved(Misbehaviour::BadVersion));
    }
    if sh.legacy_session_id_echo != client.session_id {
        return Err(Error::PeerMisbehaved(Misbehaviour::SessionIdMismatch));
    }
    if sh.legacy_compression_method != 0 {
        return Err(Error::PeerMisbehaved(Misbehaviour::BadCompression));
    }
    let suite = client.offered_suite(sh.cipher_suite)?;
    if client
        .hello_retry
        .as_ref()
        .is_some_and(|h| h.id != suite.id)
    {
        return Err(Error::PeerMisbehaved(Misbehaviour::UnofferedCipherSuite));
    }
    let mut key_share = None;
    for e in &sh.extensions {
        match e {
            ServerExtension::SupportedVersions(_) => {}
            ServerExtension::KeyShare(k) => key_share = Some(k),
            ServerExtension::PreSharedKey(_) => {
                return Err(Error::PeerMisbehaved(Misbehaviour::UnofferedPsk));
            }
            _ => return Err(Error::PeerMisbehaved(Misbehaviour::UnsolicitedExtension)),
        }
    }
    let share = key_share.ok_or(Error::PeerIncompatible(Incompatibility::MissingExtension(
        "key_share",
    )))?;
    let group = client.kx_group;
    if share.group != group {
        return Err(Error::PeerMisbehaved(Misbehaviour::UnofferedGroup));
    }
    let kx = client
        .kx
        .take()
        .ok_or(Error::Internal("key share already used"))?;
    let shared = kx
        .complete(&share.key_exchange)
        .map_err(|_| Error::PeerMisbehaved(Misbehaviour::InvalidKeyShare))?;

    client.transcript.start_hash(&*suite.hash);
    client.transcript.add(encoded);
    let hello_hash = client
        .transcript
        .current()
        .ok_or(Error::Internal("transcript"))?;
    let (handshake, client_hs, server_hs) =
        crate::tls13::handshake_secrets(core, &suite, &shared, &hello_hash)?;
    core.set_read_protection(crate::tls13::protection(&server_hs)?, KeyPhase::Handshake)?;
    // From here on our records, alerts included, are protected with the handshake keys.
    core.set_write_protection(crate::tls13::protection(&client_hs)?, KeyPhase::Handshake);

    core.negotiated.version = Some(ProtocolVersion::TLSv1_3);
    core.negotiated.cipher_suite = Some(sh.cipher_suite);
    core.negotiated.group = Some(group);
    core.decide(|| format!("server chose TLS 1.3, {:?}, {:?}", sh.cipher_suite, group));
    Ok(Box::new(tls13::ExpectEncryptedExtensions(
        tls13::Handshake {
            client,
            suite,
            secret: handshake,
            client_hs,
            server_hs,
        },
    )))
}

fn hello_retry_request(
    mut client: Client,
    core: &mut Core,
    hrr: &HelloRetryRequest,
    encoded: &[u8],
) -> Result<Box<dyn State>, Error> {
    if client.hello_retry.is_some() {
        // A second HelloRetryRequest (RFC 8446 §4.1.4).
        return Err(crate::state::unexpected(
            "ExpectServerHello",
            "second HelloRetryRequest",
        ));
    }
    if hrr.supported_version() != Some(ProtocolVersion::TLSv1_3)
        || hrr.legacy_version != ProtocolVersion::TLSv1_2
    {
        return Err(Error::PeerMisbehaved(Misbehaviour::BadVersion));
    }
    if hrr.legacy_session_id_echo != client.session_id {
        return Err(Error::PeerMisbehaved(Misbehaviour::SessionIdMismatch));
    }
    let suite = client.offered_suite(hrr.cipher_suite)?;
    let mut group = None;
    let mut cookie = None;
    for e in &hrr.extensions {
        match e {
            HelloRetryExtension::KeyShare(g) => group = Some(*g),
            HelloRetryExtension::Cookie(c) => cookie = Some(c.clone()),
            HelloRetryExtension::SupportedVersions(_) => {}
            _ => return Err(Error::PeerMisbehaved(Misbehaviour::UnsolicitedExtension)),
        }
    }
    if group.is_none() && cookie.is_none() {
        // The retried ClientHello would be the same (RFC 8446 §4.1.4).
        return Err(Error::PeerMisbehaved(Misbehaviour::BadHelloRetryRequest));
    }
    if let Some(g) = group {
        if !client.groups.contains(&g) || g == client.kx_group {
            return Err(Error::PeerMisbehaved(Misbehaviour::UnofferedGroup));
        }
        client.kx = Some(start_kx(&client.config.provider, g)?);
        client.kx_group = g;
        core.negotiated.group = Some(g);
    }
    core.decide(|| {
        format!(
            "server asked to retry the hello with {group:?} (suite {:?})",
            hrr.cipher_suite
        )
    });
    core.negotiated.hello_retry = true;
    client.transcript.rollup_for_hrr(&*suite.hash);
    client.hello_retry = Some(suite);
    client.transcript.add(encoded);
    if client.config.middlebox_compat {
        core.send_change_cipher_spec();
        client.ccs_sent = true;
    }
    let hello = client.hello(cookie);
    core.send(
        &HandshakeMessage::ClientHello(hello),
        Some(&mut client.transcript),
    )?;
    Ok(Box::new(ExpectServerHello(client)))
}
