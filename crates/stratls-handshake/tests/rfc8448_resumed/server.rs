//! The RFC's server: the §3 session behind a ticketer that opens the RFC's ticket, the RFC's
//! server random and x25519 key, and a `Connection::server` that reports every secret and
//! message to an observer.

use std::sync::{Arc, Mutex};

use stratls_codec::extensions::NewSessionTicketExtension;
use stratls_codec::handshake::NewSessionTicket;
use stratls_codec::{HandshakeMessage, NamedGroup, ParseContext, ProtocolVersion};
use stratls_crypto::{
    ActiveKeyExchange, CryptoError, CryptoProvider, KxGroup, Secret, SecureRandom, Shared,
};
use stratls_handshake::resumption::{SessionState, Ticketer};
use stratls_handshake::{Connection, Direction, KeyPhase, SecretKind, Side, UnixTime};
use stratls_keyschedule::tls13::hkdf_expand_label;
use stratls_test_support::{configs, split_records, time};

use super::vectors::*;
use super::{SUITE, suite};
use crate::events::Collect;

/// The §3 NewSessionTicket, decoded.
pub fn rfc_ticket() -> NewSessionTicket {
    let (message, used) =
        HandshakeMessage::parse_framed(&h(S3_NEW_SESSION_TICKET), ParseContext::Tls13)
            .expect("the RFC's NewSessionTicket parses");
    assert_eq!(used, h(S3_NEW_SESSION_TICKET).len());
    match message {
        HandshakeMessage::NewSessionTicket(nst) => nst,
        other => panic!("not a NewSessionTicket: {other:?}"),
    }
}

/// The §3 resumption PSK: `HKDF-Expand-Label(resumption_master_secret, "resumption",
/// ticket_nonce, 32)` (RFC 8446 §4.6.1).
pub fn resumption_psk(resumption_master_secret: &[u8], nonce: &[u8]) -> Vec<u8> {
    hkdf_expand_label(
        &*suite().hkdf,
        resumption_master_secret,
        b"resumption",
        nonce,
        32,
    )
    .expect("expand")
    .as_bytes()
    .to_vec()
}

/// The server's clock, and the session's creation time: the RFC's client reports an age of
/// 6 ms, which whole seconds make 0.
pub fn now() -> UnixTime {
    use stratls_handshake::TimeProvider;
    time().now().expect("a fixed time")
}

/// The session of RFC 8448 §3 as the §3 server would have sealed it in its ticket.
pub fn rfc_session() -> SessionState {
    let nst = rfc_ticket();
    let max_early_data = nst
        .extensions
        .iter()
        .find_map(|e| match e {
            NewSessionTicketExtension::EarlyData(max) => Some(*max),
            _ => None,
        })
        .expect("the §3 ticket allows early data");
    SessionState {
        version: ProtocolVersion::TLSv1_3,
        cipher_suite: SUITE,
        secret: Secret::new(resumption_psk(
            &h(S3_RESUMPTION_MASTER_SECRET),
            &nst.ticket_nonce,
        )),
        extended_master_secret: false,
        alpn: None,
        server_name: Some("server".into()),
        peer_chain: Vec::new(),
        created: now().as_secs(),
        lifetime: nst.ticket_lifetime,
        age_add: nst.ticket_age_add,
        max_early_data,
    }
}

/// A single-use ticketer that knows one ticket, the RFC's §3 one, and opens it into
/// [`rfc_session`]; it keeps every state it seals (the tickets the server issues) for the
/// test to read.
#[derive(Debug)]
pub struct RfcTicketer {
    /// The encoded RFC session, until its ticket is opened.
    session: Mutex<Option<Secret>>,
    sealed: Mutex<Vec<Secret>>,
}

impl RfcTicketer {
    fn new() -> Self {
        let session = rfc_session().encode().expect("the session encodes");
        Self {
            session: Mutex::new(Some(session)),
            sealed: Mutex::new(Vec::new()),
        }
    }

    /// The states the server sealed, in order.
    pub fn sealed(&self) -> Vec<SessionState> {
        let sealed = self.sealed.lock().expect("lock");
        sealed
            .iter()
            .map(|s| SessionState::decode(s.as_bytes()).expect("a sealed state decodes"))
            .collect()
    }
}

impl Ticketer for RfcTicketer {
    fn seal(&self, state: &[u8], _now: UnixTime) -> Result<Vec<u8>, CryptoError> {
        let mut sealed = self.sealed.lock().expect("lock");
        sealed.push(Secret::from_slice(state));
        Ok(format!("ticket {}", sealed.len()).into_bytes())
    }

    fn open(&self, ticket: &[u8], _now: UnixTime) -> Option<Secret> {
        if ticket != rfc_ticket().ticket.as_slice() {
            return None;
        }
        self.session.lock().expect("lock").take()
    }

    fn single_use(&self) -> bool {
        true
    }
}

/// The server's randomness: the RFC's server random for its first draw, then a count.
#[derive(Debug, Default)]
struct RfcRandom {
    draws: Mutex<u32>,
}

impl SecureRandom for RfcRandom {
    fn fill(&self, buf: &mut [u8]) -> Result<(), CryptoError> {
        let mut draws = self.draws.lock().expect("lock");
        if *draws == 0 {
            assert_eq!(buf.len(), 32, "the server's first draw is its random");
            buf.copy_from_slice(&h(SERVER_RANDOM));
        } else {
            for (i, b) in buf.iter_mut().enumerate() {
                *b = (*draws as u8).wrapping_add(i as u8);
            }
        }
        *draws += 1;
        Ok(())
    }
}

/// x25519 with the RFC's §4 server private key.
#[derive(Debug)]
struct RfcServerKx;

impl KxGroup for RfcServerKx {
    fn group(&self) -> NamedGroup {
        NamedGroup::X25519
    }

    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, CryptoError> {
        stratls_rustcrypto::test_kit::X25519.from_private_key(&h(SERVER_X25519_PRIVATE_KEY))
    }
}

static RFC_SERVER_KX: RfcServerKx = RfcServerKx;

/// A server as the RFC's: its random and key share, its suite and group, the §3 session
/// behind its ticketer, every secret and record reported to `seen`.
pub struct Server {
    pub conn: Connection,
    pub seen: Arc<Collect>,
    pub ticketer: Arc<RfcTicketer>,
}

/// The RFC's server, accepting 0-RTT as the RFC's does.
pub fn server() -> Server {
    server_with_early_data(1024)
}

/// The RFC's server with `max_early_data_size` (0: 0-RTT off, early data skipped).
pub fn server_with_early_data(max_early_data_size: u32) -> Server {
    let provider = CryptoProvider {
        kx_groups: vec![Shared::Static(&RFC_SERVER_KX as &dyn KxGroup)].into(),
        ..stratls_rustcrypto::PROVIDER
    };
    // The certificate is never sent: a resumed handshake is authenticated by the PSK.
    let mut config = configs::server_config_with(provider, "server-rsa");
    // Set after the build, which draws the default ticketer's key (replaced below).
    let random: Arc<dyn SecureRandom> = Arc::new(RfcRandom::default());
    config.provider.random = Shared::Arc(random);
    config.shared.cipher_suites = vec![SUITE];
    config.shared.groups = vec![NamedGroup::X25519];
    let ticketer = Arc::new(RfcTicketer::new());
    config.ticketer = Some(ticketer.clone());
    let seen = Arc::new(Collect::default());
    config.shared.observer = Some(seen.clone());
    config.shared.dangerous_secret_events = true;
    // The RFC's ticket allows 1,024 bytes, and the RFC's ticketer is single-use.
    config.max_early_data_size = max_early_data_size;
    let conn = Connection::server(Arc::new(config)).expect("the server starts");
    Server {
        conn,
        seen,
        ticketer,
    }
}

/// A server that has read the RFC's ClientHello and answered it: its ServerHello record and
/// the protected records of its flight.
pub struct Answered {
    pub server: Server,
    pub server_hello_record: Vec<u8>,
    pub flight: Vec<Vec<u8>>,
}

pub fn answered() -> Answered {
    answered_by(server())
}

/// `server` after it read the RFC's ClientHello and answered it.
pub fn answered_by(mut server: Server) -> Answered {
    let hello = h(CLIENT_HELLO_RECORD);
    assert_eq!(
        server.conn.read_tls(&hello).expect("the hello"),
        hello.len()
    );
    let mut records = split_records(&server.conn.take_tls()).into_iter();
    let server_hello_record = records.next().expect("a ServerHello record");
    Answered {
        server,
        server_hello_record,
        flight: records.collect(),
    }
}

impl Server {
    /// The handshake messages the server sent (`Direction::Sent`) or received.
    pub fn messages(&self, direction: Direction) -> Vec<Vec<u8>> {
        let seen = self.seen.0.lock().expect("lock");
        seen.messages
            .iter()
            .filter(|(d, _)| *d == direction)
            .map(|(_, m)| m.clone())
            .collect()
    }

    /// A secret the server reported and the transcript hash it was derived over.
    pub fn secret(&self, kind: SecretKind) -> (Vec<u8>, Option<Vec<u8>>) {
        let seen = self.seen.0.lock().expect("lock");
        let found = seen
            .secrets
            .iter()
            .find(|(k, _, _)| *k == kind)
            .unwrap_or_else(|| panic!("{kind:?} reported"));
        (found.1.clone(), found.2.clone())
    }

    pub fn traffic_secret(&self, writer: Side, phase: KeyPhase) -> (Vec<u8>, Option<Vec<u8>>) {
        self.secret(SecretKind::TrafficSecret { writer, phase })
    }
}

/// The server's first three messages: ServerHello, EncryptedExtensions, Finished.
pub fn server_messages(server: &Server) -> [Vec<u8>; 3] {
    let sent = server.messages(Direction::Sent);
    assert!(sent.len() >= 3, "{} messages sent", sent.len());
    [sent[0].clone(), sent[1].clone(), sent[2].clone()]
}
