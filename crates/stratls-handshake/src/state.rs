//! The state-machine seam: one type per handshake state, each consuming the next message and
//! returning the next state.
//!
//! Every state declares what it accepts in a [`Gate`]: the handshake types, the parse context
//! of their bodies, what a change_cipher_spec record does, whether application data and
//! unprotected alerts may arrive and whether rejected 0-RTT data is skipped. The connection
//! applies the gate after every transition (`Connection::apply_gate`) and checks each message
//! against it before the body is decoded, so "is this legal now" is decided in one place for
//! every content type. A state then receives exactly the message it declared, already
//! extracted ([`Step::Message`]).

use stratls_codec::handshake::{
    Certificate, CertificateRequest, CertificateRequestTls12, CertificateTls12, CertificateVerify,
    ClientHello, ClientKeyExchange, EncryptedExtensions, EndOfEarlyData, Finished,
    HelloRetryRequest, KeyUpdate, NewSessionTicket, NewSessionTicketTls12, ServerHello,
    ServerHelloDone, ServerKeyExchange,
};
use stratls_codec::{HandshakeMessage, HandshakeType, ParseContext};
use stratls_record::CcsPolicy;

use crate::context::Context;
use crate::error::{Error, MessageKind};

/// A handshake message as the connection hands it to a state: decoded with the state's parse
/// context, with its encoding for the transcript.
pub(crate) struct Incoming<'a> {
    pub(crate) message: HandshakeMessage,
    pub(crate) encoded: &'a [u8],
}

/// What a state accepts besides its handshake types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Policy {
    /// How the bodies of handshake messages are read (TLS 1.3 forms, or TLS 1.2 forms with
    /// the suite's key exchange).
    pub(crate) parse: ParseContext,
    /// What a change_cipher_spec record does: refused, dropped once (the TLS 1.3
    /// compatibility record), or delivered (the TLS 1.2 key change).
    pub(crate) ccs: CcsPolicy,
    /// Whether application data may arrive. Where it may not, every application_data record
    /// is `unexpected_message`, an empty or padding-only one too (RFC 8446 §5); where it may,
    /// empty ones count against `Limits::max_records_without_data`.
    pub(crate) application_data: bool,
    /// Whether an unprotected TLS 1.3 alert is accepted while our read keys are on: a server
    /// whose client may have failed before deriving its handshake keys.
    pub(crate) plaintext_alerts: bool,
    /// Whether early data the server declined is skipped (RFC 8446 §4.2.10), up to
    /// `Limits::max_skipped_early_data` bytes over the whole handshake.
    pub(crate) skip_early_data: bool,
    /// Server: accepted 0-RTT data arrives (application data under the client's early
    /// traffic key): at most this many bytes over the whole connection, more is
    /// `unexpected_message` (RFC 8446 §4.2.10). `application_data` is true with it.
    pub(crate) early_data: Option<u32>,
    /// TLS 1.2: warning alerts are not fatal (the record reader counts them against
    /// `Limits::max_records_without_data`).
    pub(crate) warning_alerts: bool,
    /// TLS 1.2 client while negotiating: a HelloRequest is ignored (RFC 5246 §7.4.1.1). No
    /// state sees it, so it stays out of the transcript, and it counts against
    /// `Limits::max_key_updates_in_row` like a refused renegotiation request, so that a stream
    /// of them ends. Everywhere else a HelloRequest is for the state to take or refuse (TLS
    /// 1.3 reserves the type: `unexpected_message`).
    pub(crate) ignore_hello_request: bool,
    /// Where a Finished is accepted: the length of its verify_data (Hash.length in TLS 1.3,
    /// 12 in TLS 1.2), which is also the ceiling of its body, checked from its header.
    pub(crate) finished_len: Option<usize>,
}

impl Policy {
    /// TLS 1.3 forms; change_cipher_spec, application data and plaintext alerts refused.
    pub(crate) const TLS13: Self = Self {
        parse: ParseContext::Tls13,
        ccs: CcsPolicy::Reject,
        application_data: false,
        plaintext_alerts: false,
        skip_early_data: false,
        early_data: None,
        warning_alerts: false,
        ignore_hello_request: false,
        finished_len: None,
    };

    /// TLS 1.3 during the handshake: the peer's one compatibility change_cipher_spec is
    /// dropped when `compat` (RFC 8446 §5, Appendix D.4).
    pub(crate) const fn tls13_handshake(compat: bool) -> Self {
        let mut p = Self::TLS13;
        if compat {
            p.ccs = CcsPolicy::Ignore;
        }
        p
    }

    /// An established TLS 1.3 connection.
    pub(crate) const TLS13_TRAFFIC: Self = Self {
        application_data: true,
        ..Self::TLS13
    };

    /// TLS 1.2 forms for a suite with key exchange `kx`; warning alerts tolerated.
    pub(crate) const fn tls12(kx: stratls_codec::handshake::KeyExchangeAlgorithm) -> Self {
        Self {
            parse: ParseContext::Tls12(kx),
            warning_alerts: true,
            ..Self::TLS13
        }
    }
}

/// Everything a state accepts: its handshake types and its [`Policy`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Gate {
    /// The handshake types accepted; any other is `unexpected_message`, whatever its body.
    pub(crate) handshake: &'static [HandshakeType],
    /// The rest.
    pub(crate) policy: Policy,
}

/// One state of a client or server handshake (or of an established connection), as the
/// connection drives it. States implement [`Step`]; this object-safe face comes with it.
pub(crate) trait State: Send + Sync {
    /// A name for errors and traces.
    fn name(&self) -> &'static str;

    /// What this state accepts.
    fn gate(&self) -> Gate;

    /// Consumes a message whose type is in [`State::gate`].
    fn handle(
        self: Box<Self>,
        cx: &mut Context,
        msg: Incoming<'_>,
    ) -> Result<Box<dyn State>, Error>;

    /// A TLS 1.2 ChangeCipherSpec (delivered only where the gate says [`CcsPolicy::Deliver`]).
    fn handle_change_cipher_spec(
        self: Box<Self>,
        cx: &mut Context,
    ) -> Result<Box<dyn State>, Error>;

    /// Sends a KeyUpdate (TLS 1.3, established connections only).
    fn send_key_update(&mut self, cx: &mut Context, request_peer: bool) -> Result<(), Error>;
}

/// One state, typed: it receives the message type it declared.
pub(crate) trait Step: Send + Sync + Sized + 'static {
    /// The state's name.
    const NAME: &'static str;

    /// The message (or choice of messages) this state consumes.
    type Message: Inbound;

    /// What else the state accepts.
    fn policy(&self) -> Policy;

    /// The handshake types accepted: those of [`Step::Message`] unless the state narrows them.
    fn accepts(&self) -> &'static [HandshakeType] {
        Self::Message::TYPES
    }

    /// Consumes the message.
    fn step(
        self,
        cx: &mut Context,
        msg: Self::Message,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error>;

    /// Consumes the message and stays in this state, for a state that does (an established
    /// connection's): it is then not moved into a new box. Returns the message untouched for
    /// [`Step::step`] otherwise, as it does by default.
    fn step_in_place(
        &mut self,
        _cx: &mut Context,
        msg: Self::Message,
        _encoded: &[u8],
    ) -> Result<Option<Self::Message>, Error> {
        Ok(Some(msg))
    }

    /// The peer's ChangeCipherSpec, for the one state whose policy delivers it.
    fn change_cipher_spec(self, _cx: &mut Context) -> Result<Box<dyn State>, Error> {
        Err(unexpected(
            Self::NAME,
            self.accepts(),
            MessageKind::ChangeCipherSpec,
        ))
    }

    /// Sends a KeyUpdate: only an established TLS 1.3 connection can.
    fn send_key_update(&mut self, _cx: &mut Context, _request_peer: bool) -> Result<(), Error> {
        Err(Error::Api(
            "key update is possible only on an established TLS 1.3 connection",
        ))
    }
}

impl<T: Step> State for T {
    fn name(&self) -> &'static str {
        T::NAME
    }

    fn gate(&self) -> Gate {
        Gate {
            handshake: self.accepts(),
            policy: self.policy(),
        }
    }

    fn handle(
        mut self: Box<Self>,
        cx: &mut Context,
        msg: Incoming<'_>,
    ) -> Result<Box<dyn State>, Error> {
        let expected = self.accepts();
        match T::Message::extract(msg.message) {
            Ok(m) => match self.step_in_place(cx, m, msg.encoded)? {
                None => Ok(self),
                Some(m) => (*self).step(cx, m, msg.encoded),
            },
            Err(got) => Err(unexpected(T::NAME, expected, got)),
        }
    }

    fn handle_change_cipher_spec(
        self: Box<Self>,
        cx: &mut Context,
    ) -> Result<Box<dyn State>, Error> {
        (*self).change_cipher_spec(cx)
    }

    fn send_key_update(&mut self, cx: &mut Context, request_peer: bool) -> Result<(), Error> {
        Step::send_key_update(self, cx, request_peer)
    }
}

/// The `unexpected_message` error for `got` in state `state`, which accepts `expected`.
pub(crate) fn unexpected(
    state: &'static str,
    expected: &'static [HandshakeType],
    got: MessageKind,
) -> Error {
    Error::UnexpectedMessage {
        state,
        expected,
        got,
    }
}

/// A message a state can consume: one handshake message type, or a choice of them.
pub(crate) trait Inbound: Sized {
    /// The handshake types it comes as.
    const TYPES: &'static [HandshakeType];

    /// Takes the message out of the decoded enum, or says what the enum holds instead.
    fn extract(message: HandshakeMessage) -> Result<Self, MessageKind>;
}

/// `Inbound` for a message struct that is one variant of [`HandshakeMessage`].
macro_rules! inbound {
    ($($message:ident => $typ:ident;)*) => {$(
        impl Inbound for $message {
            const TYPES: &'static [HandshakeType] = &[HandshakeType::$typ];

            fn extract(message: HandshakeMessage) -> Result<Self, MessageKind> {
                match message {
                    HandshakeMessage::$message(m) => Ok(m),
                    other => Err(MessageKind::of(&other)),
                }
            }
        }
    )*};
}

inbound! {
    ClientHello => ClientHello;
    EncryptedExtensions => EncryptedExtensions;
    Certificate => Certificate;
    CertificateTls12 => Certificate;
    ServerKeyExchange => ServerKeyExchange;
    CertificateVerify => CertificateVerify;
    ClientKeyExchange => ClientKeyExchange;
    Finished => Finished;
    ServerHelloDone => ServerHelloDone;
    ServerHello => ServerHello;
    EndOfEarlyData => EndOfEarlyData;
    NewSessionTicketTls12 => NewSessionTicket;
}

/// A choice of two messages, declared by a state that takes either.
macro_rules! inbound_choice {
    ($(#[$doc:meta])* $name:ident { $a:ident($ta:ident), $b:ident($tb:ident) } as [$($typ:ident),+]) => {
        $(#[$doc])*
        pub(crate) enum $name {
            $a($ta),
            $b($tb),
        }

        impl Inbound for $name {
            const TYPES: &'static [HandshakeType] = &[$(HandshakeType::$typ),+];

            fn extract(message: HandshakeMessage) -> Result<Self, MessageKind> {
                match message {
                    HandshakeMessage::$ta(m) => Ok(Self::$a(m)),
                    HandshakeMessage::$tb(m) => Ok(Self::$b(m)),
                    other => Err(MessageKind::of(&other)),
                }
            }
        }
    };
}

inbound_choice! {
    /// The client's answer from the server: a ServerHello or a HelloRetryRequest (both of
    /// type 2, told apart by the random).
    ServerHelloOrRetry { Hello(ServerHello), Retry(HelloRetryRequest) } as [ServerHello]
}

inbound_choice! {
    /// TLS 1.3, after EncryptedExtensions: the server's Certificate or its CertificateRequest.
    CertificateOrRequest { Certificate(Certificate), Request(CertificateRequest) }
        as [Certificate, CertificateRequest]
}

inbound_choice! {
    /// TLS 1.2, after the server's key exchange: a CertificateRequest or ServerHelloDone.
    RequestOrDone { Request(CertificateRequestTls12), Done(ServerHelloDone) }
        as [CertificateRequest, ServerHelloDone]
}

inbound_choice! {
    /// An established TLS 1.3 connection: a KeyUpdate, or (to a client) a NewSessionTicket.
    PostHandshake { KeyUpdate(KeyUpdate), Ticket(NewSessionTicket) }
        as [KeyUpdate, NewSessionTicket]
}

impl PostHandshake {
    /// What a client takes: both.
    pub(crate) const TYPES_CLIENT: &'static [HandshakeType] = <Self as Inbound>::TYPES;
}

/// A message no state consumes: a state that accepts no handshake message at all (the TLS 1.2
/// wait for the peer's ChangeCipherSpec).
pub(crate) enum Nothing {}

impl Inbound for Nothing {
    const TYPES: &'static [HandshakeType] = &[];

    fn extract(message: HandshakeMessage) -> Result<Self, MessageKind> {
        Err(MessageKind::of(&message))
    }
}

/// A renegotiation request on an established TLS 1.2 connection (HelloRequest to a client,
/// ClientHello to a server): its content does not matter, it is refused.
pub(crate) struct RenegotiationRequest;

impl Inbound for RenegotiationRequest {
    const TYPES: &'static [HandshakeType] =
        &[HandshakeType::HelloRequest, HandshakeType::ClientHello];

    fn extract(message: HandshakeMessage) -> Result<Self, MessageKind> {
        match message {
            HandshakeMessage::HelloRequest(_) | HandshakeMessage::ClientHello(_) => Ok(Self),
            other => Err(MessageKind::of(&other)),
        }
    }
}
