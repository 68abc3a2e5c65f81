//! The client: ClientHello, then ServerHello or HelloRetryRequest; the TLS 1.3 flight that
//! follows is in [`tls13`], the TLS 1.2 one in [`tls12`].

mod hello;
mod resume;
mod shares;
mod tls12;
mod tls12_resume;
mod tls13;

use std::sync::Arc;

use stratls_codec::extensions::{HelloRetryExtension, ServerExtension};
use stratls_codec::handshake::{HelloRetryRequest, ServerHello};
use stratls_codec::{
    CipherSuite, HandshakeMessage, NamedGroup, ProtocolVersion, PskKeyExchangeMode, SignatureScheme,
};
use stratls_crypto::{ActiveKeyExchange, Shared, Tls12CipherSuite, Tls13CipherSuite};
use stratls_pki::ServerName;

use self::shares::KeyShares;
use self::shares::start_kx;
use crate::choose::random32;
use crate::config::ClientConfig;
use crate::context::Context;
use crate::error::{Error, Incompatibility, Misbehaviour};
use crate::negotiated::{EarlyData, Negotiated};
use crate::observer::KeyPhase;
use crate::state::{Policy, ServerHelloOrRetry, State, Step};
use crate::transcript::{TranscriptBuffer, TranscriptHash};

/// Builds and queues the first ClientHello.
pub(crate) fn start(
    cx: &mut Context,
    config: Arc<ClientConfig>,
    server_name: ServerName<'static>,
) -> Result<Box<dyn State>, Error> {
    let tls13 = config.offers_tls13();
    let tls12 = config.offers_tls12();
    if !tls13 && !tls12 {
        return Err(Error::Config(
            "no cipher suite configured for the enabled protocol versions",
        ));
    }
    if config.groups().next().is_none() {
        return Err(Error::Config("no key-exchange group configured"));
    }
    let random = random32(&config.provider)?;
    // The TLS 1.3 middlebox compatibility mode sends a fake session id; a TLS 1.2-only client
    // resumes nothing and sends none.
    let resuming12 = tls12_resume::offer(cx, &config, &server_name);
    let session_id = match &resuming12 {
        // Resuming by session ID: the ID the server assigned.
        Some(s) if s.ticket.is_none() => s.session_id.clone(),
        // Resuming by ticket, the client makes up a session ID, so that the server's echo
        // says it resumed (RFC 5077 §3.4); the TLS 1.3 middlebox compatibility mode sends a
        // fake one.
        Some(_) => random32(&config.provider)?.to_vec(),
        None if config.middlebox_compat && tls13 => random32(&config.provider)?.to_vec(),
        // A TLS 1.2-only client with nothing to resume sends none.
        None => Vec::new(),
    };
    // The session_ticket extension: the ticket to resume with, or empty to ask for one.
    let ticket_ext = if !tls12 || !config.tls12_sessions.keeps_sessions() {
        None
    } else {
        Some(
            resuming12
                .as_ref()
                .and_then(|s| s.ticket.clone())
                .unwrap_or_default(),
        )
    };
    let kx = if tls13 {
        Some(KeyShares::first(&config.provider, config.groups())?)
    } else {
        None
    };
    let mut agreed = Negotiated::default();
    if let ServerName::DnsName(name) = &server_name {
        agreed.server_name = Some(name.as_ref().to_string());
    }
    let psk = match kx {
        Some(_) if !config.psk_key_exchange_modes.is_empty() => {
            resume::external(cx, &config).or_else(|| resume::take_ticket(cx, &config, &server_name))
        }
        _ => None,
    };
    let early = psk
        .as_ref()
        .and_then(|p| resume::early_data_room(cx, &config, p));
    let mut client = Client {
        config,
        server_name,
        random,
        session_id,
        agreed,
        ccs_sent: false,
        psk: psk.map(Box::new),
        resuming12: resuming12.map(Box::new),
        ticket_ext,
        early,
    };
    let hello = client.hello(kx.as_ref(), None);
    let bound = match &client.psk {
        Some(psk) => {
            let bound = psk.bind(hello, |partial| psk.suite.hash.hash(partial))?;
            cx.decide(|| match psk.external {
                Some(_) => "offering the external PSK (psk_dhe_ke)".into(),
                None => "offering the stored ticket for this server (psk_dhe_ke)".into(),
            });
            Ok(bound)
        }
        None => Err(hello),
    };
    cx.decide(|| {
        let mut offer = Vec::new();
        if let Some(kx) = &kx {
            offer.push(format!(
                "TLS 1.3 with {} cipher suites, key shares for {:?}",
                client.suites().count(),
                kx.groups()
            ));
        }
        if client.config.offers_tls12() {
            offer.push(format!(
                "TLS 1.2 with {} cipher suites",
                client.suites12().count()
            ));
        }
        format!("offering {} and a fresh client random", offer.join(" and "))
    });
    let mut transcript = TranscriptBuffer::new();
    // The first ClientHello goes out in a record versioned TLS 1.0 for middlebox tolerance
    // (RFC 8446 §5.1); every later plaintext record says TLS 1.2.
    cx.writer.set_plaintext_version(ProtocolVersion::TLSv1_0);
    match bound {
        Ok((message, encoded)) => cx.send_encoded(&message, &encoded, &mut transcript)?,
        Err(hello) => cx.send(&HandshakeMessage::ClientHello(hello), &mut transcript)?,
    }
    cx.writer.set_plaintext_version(ProtocolVersion::TLSv1_2);
    if let (Some(room), Some(psk)) = (client.early, &client.psk) {
        client.ccs_sent =
            start_early_data(cx, &client.config, &client.random, psk, room, &transcript)?;
    }
    Ok(Box::new(ExpectServerHello {
        client,
        kx,
        transcript,
    }))
}

/// What the client keeps from its ClientHello on: its offer, and what was agreed so far.
pub(crate) struct Client {
    pub(crate) config: Arc<ClientConfig>,
    pub(crate) server_name: ServerName<'static>,
    pub(crate) random: [u8; 32],
    session_id: Vec<u8>,
    /// What the handshake agreed on so far.
    pub(crate) agreed: Negotiated,
    /// Whether our compatibility change_cipher_spec went out (after a HelloRetryRequest).
    pub(crate) ccs_sent: bool,
    /// The ticket offered, if any.
    /// Boxed, as the session below: a connection that resumes nothing holds a pointer.
    psk: Option<Box<resume::OfferedPsk>>,
    /// The TLS 1.2 session offered for resumption, if any.
    resuming12: Option<Box<crate::resumption::Tls12Session>>,
    /// The session_ticket extension sent (RFC 5077): a ticket, or empty to ask for one.
    ticket_ext: Option<Vec<u8>>,
    /// 0-RTT offered in the first ClientHello: the most early data the ticket allows.
    early: Option<usize>,
}

/// After a first ClientHello that offers 0-RTT: the compatibility change_cipher_spec (which
/// comes right after the hello when early data follows, RFC 8446 §D.4) and the early traffic
/// key for our records, until the server answers. Returns whether the change_cipher_spec went
/// out.
fn start_early_data(
    cx: &mut Context,
    config: &ClientConfig,
    random: &[u8; 32],
    psk: &resume::OfferedPsk,
    room: usize,
    transcript: &TranscriptBuffer,
) -> Result<bool, Error> {
    if config.middlebox_compat {
        cx.send_change_cipher_spec();
    }
    let hello_hash = psk.suite.hash.hash(transcript.messages());
    let secret =
        crate::tls13::early_traffic_secret(cx, random, &psk.suite, &psk.secret, &hello_hash)?;
    cx.set_write_protection(crate::tls13::protection(&secret)?, KeyPhase::Early);
    cx.early_write = crate::context::EarlyWrite::Open { room };
    cx.decide(|| format!("offering 0-RTT data, up to {room} bytes"));
    Ok(config.middlebox_compat)
}

// The offer's lists are worked out from the config when they are needed rather than kept: the
// config cannot change under the connection, and a connection waiting for its ServerHello then
// holds none of them.
impl Client {
    /// The TLS 1.3 suites offered (empty when TLS 1.3 is off).
    pub(crate) fn suites(&self) -> impl Iterator<Item = &Shared<Tls13CipherSuite>> + Clone {
        self.config.tls13_suites()
    }

    /// The TLS 1.2 suites offered (empty when TLS 1.2 is off).
    pub(crate) fn suites12(&self) -> impl Iterator<Item = &Shared<Tls12CipherSuite>> + Clone {
        self.config.tls12_suites()
    }

    /// The groups offered in supported_groups.
    pub(crate) fn groups(&self) -> impl Iterator<Item = NamedGroup> + Clone {
        self.config.groups()
    }

    /// The signature schemes offered in signature_algorithms.
    pub(crate) fn signature_schemes(&self) -> Vec<SignatureScheme> {
        crate::choose::verify_schemes(&self.config.provider)
    }

    /// Whether the ClientHello offers TLS 1.3.
    pub(crate) fn tls13_offered(&self) -> bool {
        self.config.offers_tls13()
    }

    fn offered_suite(&self, suite: CipherSuite) -> Result<Shared<Tls13CipherSuite>, Error> {
        self.suites()
            .find(|s| s.id == suite)
            .cloned()
            .ok_or(Error::PeerMisbehaved(Misbehaviour::UnofferedCipherSuite))
    }

    /// The version a ServerHello chose, checked against our offer (RFC 8446 §4.1.3, §4.2.1).
    fn chosen_version(&self, sh: &ServerHello, after_retry: bool) -> Result<Version, Error> {
        crate::choose::check_legacy_version(sh.legacy_version)?;
        match sh.supported_version() {
            Some(ProtocolVersion::TLSv1_3) if self.tls13_offered() => {
                if sh.legacy_version != ProtocolVersion::TLSv1_2 {
                    return Err(Error::PeerMisbehaved(Misbehaviour::BadVersion));
                }
                Ok(Version::Tls13)
            }
            // No supported_versions: the server chose TLS 1.2 or older.
            None if sh.legacy_version <= ProtocolVersion::TLSv1_2 => {
                self.check_downgrade(sh)?;
                if sh.legacy_version < ProtocolVersion::TLSv1_2 || !self.config.offers_tls12() {
                    Err(Error::PeerIncompatible(Incompatibility::NoCommonVersion))
                } else if after_retry {
                    Err(Error::PeerMisbehaved(Misbehaviour::BadVersion))
                } else {
                    Ok(Version::Tls12)
                }
            }
            _ => Err(Error::PeerMisbehaved(Misbehaviour::BadVersion)),
        }
    }

    /// A ServerHello of TLS 1.2 or below: a server that can do a higher version marks its
    /// random when it answers with a lower one, so the mark means someone removed the higher
    /// versions from our offer (RFC 8446 §4.1.3). A client that offered TLS 1.3 checks for
    /// both sentinels; a TLS 1.2 client for the TLS 1.1 one when the answer is TLS 1.1 or
    /// below. Either is `illegal_parameter`.
    fn check_downgrade(&self, sh: &ServerHello) -> Result<(), Error> {
        let Some(sentinel) = crate::tls12::downgrade_sentinel(&sh.random) else {
            return Ok(());
        };
        let below_tls12 = sh.legacy_version < ProtocolVersion::TLSv1_2;
        if self.tls13_offered() || (below_tls12 && sentinel == crate::tls12::DOWNGRADE_TLS11) {
            return Err(Error::PeerMisbehaved(Misbehaviour::DowngradeDetected));
        }
        Ok(())
    }
}

enum Version {
    Tls13,
    Tls12,
}

/// Waiting for the answer to the first ClientHello.
struct ExpectServerHello {
    client: Client,
    /// Our TLS 1.3 key shares (none from a TLS 1.2-only client).
    kx: Option<KeyShares>,
    transcript: TranscriptBuffer,
}

impl Step for ExpectServerHello {
    const NAME: &'static str = "ExpectServerHello";
    type Message = ServerHelloOrRetry;

    /// From the first ClientHello on, the server's compatibility change_cipher_spec may come
    /// (TLS 1.3 only). A client that offers TLS 1.2 alone is negotiating TLS 1.2 already and
    /// ignores a HelloRequest (RFC 5246 §7.4.1.1); one that offers TLS 1.3 does not know the
    /// version yet, and TLS 1.3 reserves the type.
    fn policy(&self) -> Policy {
        Policy {
            ignore_hello_request: !self.client.tls13_offered(),
            ..Policy::tls13_handshake(self.client.tls13_offered())
        }
    }

    fn step(
        self,
        cx: &mut Context,
        msg: ServerHelloOrRetry,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        match msg {
            ServerHelloOrRetry::Hello(sh) => match self.client.chosen_version(&sh, false)? {
                Version::Tls12 => {
                    tls12::server_hello(self.client, cx, &sh, encoded, self.transcript)
                }
                Version::Tls13 => {
                    let suite = self.client.offered_suite(sh.cipher_suite)?;
                    let kx = self
                        .kx
                        .ok_or(Error::PeerMisbehaved(Misbehaviour::BadVersion))?;
                    let transcript = self.transcript.start_hash(&*suite.hash);
                    tls13_server_hello(self.client, cx, &sh, encoded, suite, kx, transcript)
                }
            },
            ServerHelloOrRetry::Retry(hrr) => hello_retry_request(self, cx, &hrr, encoded),
        }
    }
}

/// Waiting for the ServerHello after a HelloRetryRequest: another HelloRetryRequest is
/// `unexpected_message` (RFC 8446 §4.1.4).
struct ExpectServerHelloAfterRetry {
    client: Client,
    kx: KeyShares,
    /// The suite the HelloRetryRequest chose.
    suite: Shared<Tls13CipherSuite>,
    transcript: TranscriptHash,
}

impl Step for ExpectServerHelloAfterRetry {
    const NAME: &'static str = "ExpectServerHelloAfterRetry";
    type Message = ServerHello;

    fn policy(&self) -> Policy {
        Policy::tls13_handshake(true)
    }

    fn step(
        self,
        cx: &mut Context,
        sh: ServerHello,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        match self.client.chosen_version(&sh, true)? {
            Version::Tls13 => {}
            Version::Tls12 => return Err(Error::PeerMisbehaved(Misbehaviour::BadVersion)),
        }
        if self.client.offered_suite(sh.cipher_suite)?.id != self.suite.id {
            return Err(Error::PeerMisbehaved(Misbehaviour::UnofferedCipherSuite));
        }
        tls13_server_hello(
            self.client,
            cx,
            &sh,
            encoded,
            self.suite,
            self.kx,
            self.transcript,
        )
    }
}

/// A TLS 1.3 ServerHello: checks it, completes the key exchange and installs the handshake
/// keys.
#[allow(clippy::too_many_arguments)]
fn tls13_server_hello(
    mut client: Client,
    cx: &mut Context,
    sh: &ServerHello,
    encoded: &[u8],
    suite: Shared<Tls13CipherSuite>,
    kx: KeyShares,
    mut transcript: TranscriptHash,
) -> Result<Box<dyn State>, Error> {
    if sh.legacy_session_id_echo != client.session_id {
        return Err(Error::PeerMisbehaved(Misbehaviour::SessionIdMismatch));
    }
    if sh.legacy_compression_method != 0 {
        return Err(Error::PeerMisbehaved(Misbehaviour::BadCompression));
    }
    let early_offered = client.early.take().is_some();
    if early_offered {
        cx.early_write = crate::context::EarlyWrite::Closed;
    }
    let mut key_share = None;
    let offered = client.psk.take();
    let mut resumed = None;
    for e in &sh.extensions {
        match e {
            ServerExtension::SupportedVersions(_) => {}
            ServerExtension::KeyShare(k) => key_share = Some(k),
            // We offer one identity: the index must be 0, and the chosen suite must have the
            // hash of the ticket's (RFC 8446 §4.2.11).
            ServerExtension::PreSharedKey(index) => match &offered {
                Some(psk)
                    if *index == 0
                        && resumed.is_none()
                        && psk.suite.hash.algorithm() == suite.hash.algorithm() =>
                {
                    resumed = Some(());
                }
                _ => return Err(Error::PeerMisbehaved(Misbehaviour::UnofferedPsk)),
            },
            _ => return Err(Error::PeerMisbehaved(Misbehaviour::UnsolicitedExtension)),
        }
    }
    let modes = &client.config.psk_key_exchange_modes;
    let shared = match key_share {
        // psk_ke: a resumption without key exchange, if we offered it (RFC 8446 §4.2.9).
        None if resumed.is_some() && modes.contains(&PskKeyExchangeMode::PskKe) => {
            cx.decide(|| "psk_ke: the server resumes without (EC)DHE".into());
            client.agreed.psk_ke = true;
            None
        }
        None => {
            return Err(Error::PeerIncompatible(Incompatibility::MissingExtension(
                "key_share",
            )));
        }
        Some(share) => {
            if resumed.is_some() && !modes.contains(&PskKeyExchangeMode::PskDheKe) {
                return Err(Error::PeerMisbehaved(Misbehaviour::UnsolicitedExtension));
            }
            // The server must answer one of our shares (RFC 8446 §4.2.8).
            let group = share.group;
            let kx: Box<dyn ActiveKeyExchange> = kx
                .take(group)
                .ok_or(Error::PeerMisbehaved(Misbehaviour::UnofferedGroup))?;
            let shared = kx
                .complete(&share.key_exchange)
                .map_err(|_| Error::PeerMisbehaved(Misbehaviour::InvalidKeyShare))?;
            client.agreed.group = Some(group);
            Some(shared)
        }
    };

    let accepted = match (resumed, offered) {
        (Some(()), Some(psk)) => Some(psk),
        _ => None,
    };
    transcript.add(encoded);
    let hello_hash = transcript.current();
    let psk = accepted.as_ref().map(|p| &p.secret);
    let (handshake, client_hs, server_hs) = crate::tls13::handshake_secrets(
        cx,
        &client.random,
        &suite,
        psk,
        shared.as_ref(),
        &hello_hash,
    )?;
    cx.set_read_protection(crate::tls13::protection(&server_hs)?, KeyPhase::Handshake)?;
    // Early data can be accepted only with the first PSK offered (ours is the only one); its
    // fate is known at EncryptedExtensions, and until then our records stay under the early
    // key. Otherwise our records, alerts included, are protected with the handshake keys from
    // here on.
    let early = match (early_offered, accepted.is_some()) {
        (false, _) => tls13::Early::NotOffered,
        (true, true) => tls13::Early::Pending,
        (true, false) => {
            cx.decide(|| "the server did not take our ticket: 0-RTT data rejected".into());
            client.agreed.early_data = EarlyData::Rejected;
            tls13::Early::Rejected
        }
    };
    if early != tls13::Early::Pending {
        cx.set_write_protection(crate::tls13::protection(&client_hs)?, KeyPhase::Handshake);
    }

    client.agreed.version = Some(ProtocolVersion::TLSv1_3);
    client.agreed.cipher_suite = Some(sh.cipher_suite);
    let group = client.agreed.group;
    cx.decide(|| format!("server chose TLS 1.3, {:?}, {:?}", sh.cipher_suite, group));
    let (resumed, external) = match accepted {
        Some(p) => (p.ticket, p.external),
        None => (None, None),
    };
    if resumed.is_some() {
        client.agreed.resumed = true;
        cx.decide(|| "the server resumes our ticket: no certificate follows".into());
    }
    let external = external.is_some_and(|id| {
        cx.decide(|| "the server takes our external PSK: no certificate follows".into());
        client.agreed.psk_identity = Some(id);
        true
    });
    Ok(Box::new(tls13::ExpectEncryptedExtensions(
        tls13::Handshake {
            client,
            suite,
            transcript,
            secret: handshake,
            client_hs,
            server_hs,
            resumed,
            external,
            early,
        },
    )))
}

fn hello_retry_request(
    state: ExpectServerHello,
    cx: &mut Context,
    hrr: &HelloRetryRequest,
    encoded: &[u8],
) -> Result<Box<dyn State>, Error> {
    let ExpectServerHello {
        mut client,
        kx,
        transcript,
    } = state;
    crate::choose::check_legacy_version(hrr.legacy_version)?;
    // A HelloRetryRequest is TLS 1.3; a client that offered only TLS 1.2 has no key share.
    let Some(kx) = kx else {
        return Err(Error::PeerMisbehaved(Misbehaviour::BadVersion));
    };
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
    // The group asked for must be one we listed and sent no share for (RFC 8446 §4.1.4).
    let kx = match group {
        Some(g) => {
            if !client.groups().any(|o| o == g) || kx.contains(g) {
                return Err(Error::PeerMisbehaved(Misbehaviour::UnofferedGroup));
            }
            client.agreed.group = Some(g);
            KeyShares::one(&client.config.provider, g)?
        }
        None => kx,
    };
    cx.decide(|| {
        format!(
            "server asked to retry the hello with {group:?} (suite {:?})",
            hrr.cipher_suite
        )
    });
    client.agreed.hello_retry = true;
    if client.early.take().is_some() {
        // 0-RTT is rejected by a HelloRetryRequest; the second hello goes in the clear and
        // offers none (RFC 8446 §4.1.2).
        cx.decide(|| "HelloRetryRequest: 0-RTT data rejected".into());
        client.agreed.early_data = EarlyData::Rejected;
        cx.early_write = crate::context::EarlyWrite::Closed;
        cx.writer.set_protection(None);
    }
    let mut transcript = transcript.rollup_for_hrr(&*suite.hash);
    transcript.add(encoded);
    if client.config.middlebox_compat && !client.ccs_sent {
        cx.send_change_cipher_spec();
        client.ccs_sent = true;
    }
    // The ticket is offered again only if the suite asked for has its hash.
    if client
        .psk
        .as_ref()
        .is_some_and(|p| p.suite.hash.algorithm() != suite.hash.algorithm())
    {
        cx.decide(|| "the retry's suite has another hash than the ticket: not offered".into());
        client.psk = None;
    }
    let hello = client.hello(Some(&kx), cookie);
    match &client.psk {
        Some(psk) => {
            // The binder is recomputed over the new transcript (RFC 8446 §4.2.11.2).
            let (message, encoded) = psk.bind(hello, |partial| transcript.current_with(partial))?;
            cx.send_encoded(&message, &encoded, &mut transcript)?;
        }
        None => cx.send(&HandshakeMessage::ClientHello(hello), &mut transcript)?,
    }
    Ok(Box::new(ExpectServerHelloAfterRetry {
        client,
        kx,
        suite,
        transcript,
    }))
}
