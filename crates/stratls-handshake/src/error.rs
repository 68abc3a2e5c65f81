//! The error of a connection, grouped by who is at fault, each cause with its TLS alert.

use core::fmt;

use stratls_codec::{AlertDescription, DecodeError, HandshakeMessage, HandshakeType};
use stratls_crypto::CryptoError;
use stratls_pki::PkiError;
use stratls_record::RecordError;

/// Why a connection failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The peer sent bytes that are not a valid TLS structure.
    InvalidMessage(DecodeError),
    /// The record layer rejected what the peer sent (bad MAC, overflow, framing).
    Record(RecordError),
    /// A message arrived that is not allowed in the current state (RFC 8446 §4, RFC 5246
    /// §7.4: `unexpected_message`).
    UnexpectedMessage {
        /// The state the connection was in.
        state: &'static str,
        /// The handshake messages that state accepts.
        expected: &'static [HandshakeType],
        /// What arrived instead.
        got: MessageKind,
    },
    /// The peer broke a rule of the protocol.
    PeerMisbehaved(Misbehaviour),
    /// The peer lacks something this side requires (no common suite, group, version, ...).
    PeerIncompatible(Incompatibility),
    /// The peer's certificate was not accepted.
    InvalidCertificate(PkiError),
    /// The peer's handshake signature (CertificateVerify, ServerKeyExchange) did not verify.
    BadSignature,
    /// The peer's Finished did not match the transcript.
    BadFinished,
    /// The peer sent a fatal alert.
    AlertReceived(AlertDescription),
    /// The peer closed the connection (close_notify) before the handshake completed.
    ClosedDuringHandshake,
    /// The transport ended without close_notify: what was received may have been cut off
    /// (RFC 8446 §6.1).
    Truncated,
    /// A local cryptographic operation failed (the provider, a key).
    Crypto(CryptoError),
    /// The configuration cannot work (no suites, no certificate, ...).
    Config(&'static str),
    /// The caller used the API out of order.
    Api(&'static str),
    /// A local error in the key schedule.
    Internal(&'static str),
}

/// What arrived where it was not allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MessageKind {
    /// A handshake message of this type.
    Handshake(HandshakeType),
    /// A HelloRetryRequest (a ServerHello by type): a second one, or one after TLS 1.2.
    HelloRetryRequest,
    /// A change_cipher_spec record.
    ChangeCipherSpec,
    /// An application_data record.
    ApplicationData,
}

impl MessageKind {
    /// What a decoded handshake message is.
    pub(crate) fn of(message: &HandshakeMessage) -> Self {
        match message {
            HandshakeMessage::HelloRetryRequest(_) => Self::HelloRetryRequest,
            other => Self::Handshake(other.typ()),
        }
    }
}

impl fmt::Display for MessageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Handshake(t) => write!(f, "{t:?}"),
            Self::HelloRetryRequest => f.write_str("HelloRetryRequest"),
            Self::ChangeCipherSpec => f.write_str("change_cipher_spec"),
            Self::ApplicationData => f.write_str("application_data"),
        }
    }
}

/// A protocol rule the peer broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Misbehaviour {
    /// The server chose a cipher suite the client did not offer.
    UnofferedCipherSuite,
    /// The server chose a group the client did not offer, or a key share for another group.
    UnofferedGroup,
    /// The server's legacy_session_id_echo differs from the client's.
    SessionIdMismatch,
    /// A second HelloRetryRequest, or one that would not change the ClientHello.
    BadHelloRetryRequest,
    /// The second ClientHello does not follow the HelloRetryRequest.
    BadSecondClientHello,
    /// The peer's key share is invalid (not on the curve, wrong length, all-zero secret).
    InvalidKeyShare,
    /// A non-null compression method.
    BadCompression,
    /// The peer used a signature scheme that was not offered or is not allowed here.
    UnofferedSignatureScheme,
    /// The server selected an ALPN protocol the client did not offer.
    UnofferedAlpn,
    /// An extension in a response that was not requested.
    UnsolicitedExtension,
    /// A certificate_request_context that is not empty during the handshake.
    BadCertificateContext,
    /// The TLS 1.3 downgrade sentinel in a ServerHello that negotiated an older version.
    DowngradeDetected,
    /// A KeyUpdate before the handshake finished, or too many of them in a row.
    KeyUpdateAbuse,
    /// Handshake data pending at a key change.
    KeyChangeNotOnRecordBoundary,
    /// The peer selected a version this side did not offer, or a malformed version field
    /// (`illegal_parameter`, RFC 8446 §4.2.1; "no version in common" is
    /// [`Incompatibility::NoCommonVersion`], `protocol_version`).
    BadVersion,
    /// Renegotiation requests (TLS 1.2 HelloRequest or ClientHello) without application data
    /// between them, past the limit.
    RenegotiationFlood,
    /// An empty server Certificate message.
    EmptyServerCertificate,
    /// The peer sent a PSK that was not offered.
    UnofferedPsk,
    /// A renegotiation_info that is not empty in an initial handshake (RFC 5746 §3.4, §3.6).
    BadRenegotiationInfo,
    /// An ec_point_formats list without `uncompressed` (RFC 8422 §5.1.2).
    NoUncompressedPointFormat,
    /// TLS 1.2 warning alerts in a row, past the limit.
    WarningAlertFlood,
}

/// Something this side requires that the peer does not offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Incompatibility {
    /// No protocol version in common.
    NoCommonVersion,
    /// No cipher suite in common.
    NoCommonCipherSuite,
    /// No key-exchange group in common.
    NoCommonGroup,
    /// No signature scheme in common (or no certificate for the client's schemes).
    NoCommonSignatureScheme,
    /// No ALPN protocol in common while the server requires one.
    NoCommonAlpn,
    /// A required extension is missing.
    MissingExtension(&'static str),
    /// The server required a client certificate and got none (TLS 1.3: `certificate_required`).
    CertificateRequired,
    /// The server required a client certificate and got none, in TLS 1.2, which has no
    /// `certificate_required` alert (RFC 5246 §7.4.6: `handshake_failure`).
    NoClientCertificate,
    /// TLS 1.2 without the extended master secret (RFC 7627) while this side requires it.
    NoExtendedMasterSecret,
    /// A TLS 1.2 server that does not signal secure renegotiation (RFC 5746 §3.4).
    NoSecureRenegotiation,
}

impl Error {
    /// The alert this side sends for this error (RFC 8446 §6.2), or `None` when no alert is
    /// sent (the peer's own alert, a close).
    pub fn alert(&self) -> Option<AlertDescription> {
        use AlertDescription as A;
        Some(match self {
            Self::InvalidMessage(e) => e.alert(),
            Self::Record(e) => e.alert(),
            Self::UnexpectedMessage { .. } => A::UnexpectedMessage,
            Self::PeerMisbehaved(m) => m.alert(),
            Self::PeerIncompatible(i) => i.alert(),
            Self::InvalidCertificate(e) => e.alert(),
            Self::BadSignature | Self::BadFinished => A::DecryptError,
            Self::AlertReceived(_) | Self::ClosedDuringHandshake | Self::Truncated => {
                return None;
            }
            Self::Crypto(CryptoError::InvalidPeerKeyShare) => A::IllegalParameter,
            Self::Crypto(_) | Self::Config(_) | Self::Api(_) | Self::Internal(_) => {
                A::InternalError
            }
        })
    }
}

impl Misbehaviour {
    /// The alert for this fault (RFC 8446 §6.2 and the sections that name one).
    pub fn alert(self) -> AlertDescription {
        use AlertDescription as A;
        match self {
            Self::KeyChangeNotOnRecordBoundary
            | Self::KeyUpdateAbuse
            | Self::RenegotiationFlood
            | Self::WarningAlertFlood => A::UnexpectedMessage,
            Self::EmptyServerCertificate => A::DecodeError,
            Self::UnsolicitedExtension => A::UnsupportedExtension,
            Self::BadRenegotiationInfo => A::HandshakeFailure,
            Self::UnofferedCipherSuite
            | Self::UnofferedGroup
            | Self::SessionIdMismatch
            | Self::BadHelloRetryRequest
            | Self::BadSecondClientHello
            | Self::InvalidKeyShare
            | Self::BadCompression
            | Self::UnofferedSignatureScheme
            | Self::UnofferedAlpn
            | Self::BadCertificateContext
            | Self::DowngradeDetected
            | Self::BadVersion
            | Self::UnofferedPsk
            | Self::NoUncompressedPointFormat => A::IllegalParameter,
        }
    }
}

impl Incompatibility {
    /// The alert for this missing piece (RFC 8446 §6.2).
    pub fn alert(self) -> AlertDescription {
        use AlertDescription as A;
        match self {
            Self::NoCommonVersion => A::ProtocolVersion,
            Self::NoCommonAlpn => A::NoApplicationProtocol,
            Self::MissingExtension(_) => A::MissingExtension,
            Self::CertificateRequired => A::CertificateRequired,
            Self::NoCommonCipherSuite
            | Self::NoCommonGroup
            | Self::NoCommonSignatureScheme
            | Self::NoClientCertificate
            | Self::NoExtendedMasterSecret
            | Self::NoSecureRenegotiation => A::HandshakeFailure,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidMessage(e) => write!(f, "invalid message from peer: {e}"),
            Self::Record(e) => write!(f, "record layer: {e}"),
            Self::UnexpectedMessage {
                state,
                expected,
                got,
            } => write!(
                f,
                "unexpected {got} in state {state} (expecting {expected:?})"
            ),
            Self::PeerMisbehaved(m) => write!(f, "peer misbehaved: {m:?}"),
            Self::PeerIncompatible(i) => write!(f, "peer incompatible: {i:?}"),
            Self::InvalidCertificate(e) => write!(f, "invalid peer certificate: {e}"),
            Self::BadSignature => f.write_str("peer's handshake signature does not verify"),
            Self::BadFinished => f.write_str("peer's Finished does not match the transcript"),
            Self::AlertReceived(a) => write!(f, "peer sent alert {a:?}"),
            Self::ClosedDuringHandshake => {
                f.write_str("peer closed the connection during the handshake")
            }
            Self::Truncated => f.write_str("the transport ended without close_notify"),
            Self::Crypto(e) => write!(f, "crypto: {e}"),
            Self::Config(what) => write!(f, "configuration: {what}"),
            Self::Api(what) => write!(f, "API misuse: {what}"),
            Self::Internal(what) => write!(f, "internal error: {what}"),
        }?;
        if let Some(alert) = self.alert() {
            write!(f, " (alert {alert:?})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Self::InvalidMessage(e)
    }
}

impl From<RecordError> for Error {
    fn from(e: RecordError) -> Self {
        Self::Record(e)
    }
}

impl From<PkiError> for Error {
    fn from(e: PkiError) -> Self {
        Self::InvalidCertificate(e)
    }
}

impl From<stratls_keyschedule::Error> for Error {
    fn from(e: stratls_keyschedule::Error) -> Self {
        match e {
            stratls_keyschedule::Error::BadFinished | stratls_keyschedule::Error::BadBinder => {
                Self::BadFinished
            }
            stratls_keyschedule::Error::Crypto(c) => Self::Crypto(c),
            stratls_keyschedule::Error::ReservedExporterLabel => {
                Self::Api("the exporter label is reserved")
            }
            stratls_keyschedule::Error::ContextLength(_) => {
                Self::Api("the exporter context is longer than 65535 bytes")
            }
            _ => Self::Internal("key schedule"),
        }
    }
}

impl From<CryptoError> for Error {
    fn from(e: CryptoError) -> Self {
        Self::Crypto(e)
    }
}
