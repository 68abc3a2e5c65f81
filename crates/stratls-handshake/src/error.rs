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
    /// The record layer rejected what the peer sent: a record that does not authenticate, is
    /// too long, is framed wrongly, or is of a content type not allowed where it came.
    Record(RecordError),
    /// The record layer could not do what this side asked of it: protect a record (its key's
    /// record limit is reached, the AEAD failed) or install keys of the wrong length. Not the
    /// peer's doing (`internal_error`).
    LocalRecord(RecordError),
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
    /// The binder of the pre-shared key a server chose did not match the ClientHello
    /// (RFC 8446 §4.2.11: `decrypt_error`).
    BadBinder,
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
    /// The key schedule failed locally: an output or input length the construction cannot
    /// take, a provider whose hash and HKDF disagree, a failure of the provider.
    KeySchedule(stratls_keyschedule::Error),
    /// An invariant of this crate that its types cannot express was broken (a bug of ours,
    /// not the peer's doing). Each place that returns it says why it cannot happen.
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
    /// A TLS 1.2 ServerKeyExchange named a group defined for TLS 1.3 only (X25519MLKEM768,
    /// draft-ietf-tls-ecdhe-mlkem §3).
    Tls13OnlyGroup,
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
    /// between them, past the limit; HelloRequests ignored while negotiating count too.
    RenegotiationFlood,
    /// An empty server Certificate message.
    EmptyServerCertificate,
    /// The peer sent a PSK that was not offered.
    UnofferedPsk,
    /// A renegotiation_info that is not empty in an initial handshake (RFC 5746 §3.4, §3.6).
    BadRenegotiationInfo,
    /// An ec_point_formats list without `uncompressed` (RFC 8422 §5.1.2).
    NoUncompressedPointFormat,
    /// A ClientHello with TLS_FALLBACK_SCSV whose highest version is below ours (RFC 7507 §3).
    InappropriateFallback,
    /// A server_name host_name that is not an ASCII DNS name (RFC 6066 §3).
    InvalidServerName,
    /// More 0-RTT data than the server accepted (max_early_data_size, RFC 8446 §4.2.10:
    /// `unexpected_message`).
    TooMuchEarlyData,
    /// The server accepted 0-RTT data it cannot accept: not offered, with another PSK than
    /// the first, or with an ALPN protocol other than the ticket's (RFC 8446 §4.2.10).
    BadEarlyDataAcceptance,
}

/// Something this side requires that the peer does not offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Incompatibility {
    /// No protocol version in common.
    NoCommonVersion,
    /// A ClientHello or ServerHello whose legacy_version is SSL 3.0 (0x0300) or below,
    /// refused even when supported_versions offers TLS 1.3 (RFC 8446 Appendix D.5).
    Ssl3LegacyVersion,
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
            Self::LocalRecord(_) | Self::KeySchedule(_) => A::InternalError,
            Self::UnexpectedMessage { .. } => A::UnexpectedMessage,
            Self::PeerMisbehaved(m) => m.alert(),
            Self::PeerIncompatible(i) => i.alert(),
            Self::InvalidCertificate(e) => e.alert(),
            Self::BadSignature | Self::BadFinished | Self::BadBinder => A::DecryptError,
            Self::AlertReceived(_) | Self::ClosedDuringHandshake | Self::Truncated => {
                return None;
            }
            Self::Crypto(e) => e.alert(),
            Self::Config(_) | Self::Api(_) | Self::Internal(_) => A::InternalError,
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
            | Self::TooMuchEarlyData => A::UnexpectedMessage,
            Self::EmptyServerCertificate => A::DecodeError,
            Self::UnsolicitedExtension => A::UnsupportedExtension,
            Self::InappropriateFallback => A::InappropriateFallback,
            Self::BadRenegotiationInfo => A::HandshakeFailure,
            Self::UnofferedCipherSuite
            | Self::UnofferedGroup
            | Self::Tls13OnlyGroup
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
            | Self::NoUncompressedPointFormat
            | Self::InvalidServerName
            | Self::BadEarlyDataAcceptance => A::IllegalParameter,
        }
    }
}

impl Incompatibility {
    /// The alert for this missing piece (RFC 8446 §6.2).
    pub fn alert(self) -> AlertDescription {
        use AlertDescription as A;
        match self {
            Self::NoCommonVersion | Self::Ssl3LegacyVersion => A::ProtocolVersion,
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
            Self::LocalRecord(e) => write!(f, "record layer (local): {e}"),
            Self::KeySchedule(e) => write!(f, "key schedule: {e}"),
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
            Self::BadBinder => f.write_str("the PSK binder does not match the ClientHello"),
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
    /// Every failure of the key schedule that reaches here is local: the checks of the peer's
    /// values (Finished, binders) map their own errors where they are made.
    fn from(e: stratls_keyschedule::Error) -> Self {
        Self::KeySchedule(e)
    }
}

impl From<CryptoError> for Error {
    fn from(e: CryptoError) -> Self {
        Self::Crypto(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AlertDescription as A;

    /// Every fault with the alert the RFCs name for it; the matches in `alert()` have no
    /// wildcard, so a new variant does not compile until it has a row here too.
    #[test]
    fn every_peer_fault_names_its_alert() {
        use Misbehaviour as M;
        let misbehaviour = [
            (M::UnofferedCipherSuite, A::IllegalParameter),
            (M::UnofferedGroup, A::IllegalParameter),
            (M::Tls13OnlyGroup, A::IllegalParameter),
            (M::SessionIdMismatch, A::IllegalParameter),
            (M::BadHelloRetryRequest, A::IllegalParameter),
            (M::BadSecondClientHello, A::IllegalParameter),
            (M::InvalidKeyShare, A::IllegalParameter),
            (M::BadCompression, A::IllegalParameter),
            (M::UnofferedSignatureScheme, A::IllegalParameter),
            (M::UnofferedAlpn, A::IllegalParameter),
            (M::UnsolicitedExtension, A::UnsupportedExtension),
            (M::BadCertificateContext, A::IllegalParameter),
            (M::DowngradeDetected, A::IllegalParameter),
            (M::KeyUpdateAbuse, A::UnexpectedMessage),
            (M::KeyChangeNotOnRecordBoundary, A::UnexpectedMessage),
            (M::BadVersion, A::IllegalParameter),
            (M::RenegotiationFlood, A::UnexpectedMessage),
            (M::EmptyServerCertificate, A::DecodeError),
            (M::UnofferedPsk, A::IllegalParameter),
            (M::BadRenegotiationInfo, A::HandshakeFailure),
            (M::NoUncompressedPointFormat, A::IllegalParameter),
            (M::InappropriateFallback, A::InappropriateFallback),
            (M::InvalidServerName, A::IllegalParameter),
            (M::TooMuchEarlyData, A::UnexpectedMessage),
            (M::BadEarlyDataAcceptance, A::IllegalParameter),
        ];
        for (m, alert) in misbehaviour {
            assert_eq!(Error::PeerMisbehaved(m).alert(), Some(alert), "{m:?}");
        }
        use Incompatibility as I;
        let incompatibility = [
            (I::NoCommonVersion, A::ProtocolVersion),
            (I::Ssl3LegacyVersion, A::ProtocolVersion),
            (I::NoCommonCipherSuite, A::HandshakeFailure),
            (I::NoCommonGroup, A::HandshakeFailure),
            (I::NoCommonSignatureScheme, A::HandshakeFailure),
            (I::NoCommonAlpn, A::NoApplicationProtocol),
            (I::MissingExtension("key_share"), A::MissingExtension),
            (I::CertificateRequired, A::CertificateRequired),
            (I::NoClientCertificate, A::HandshakeFailure),
            (I::NoExtendedMasterSecret, A::HandshakeFailure),
            (I::NoSecureRenegotiation, A::HandshakeFailure),
        ];
        for (i, alert) in incompatibility {
            assert_eq!(Error::PeerIncompatible(i).alert(), Some(alert), "{i:?}");
        }
    }

    #[test]
    fn local_failures_are_internal_error_and_the_peers_own_end_sends_none() {
        let local = [
            Error::LocalRecord(RecordError::SequenceExhausted),
            Error::LocalRecord(RecordError::EncryptFailed),
            Error::KeySchedule(stratls_keyschedule::Error::SuiteMismatch),
            Error::Crypto(CryptoError::Failed),
            Error::Config("no suites"),
            Error::Api("out of order"),
            Error::Internal("invariant"),
        ];
        for e in local {
            assert_eq!(e.alert(), Some(A::InternalError), "{e:?}");
        }
        for e in [
            Error::AlertReceived(A::HandshakeFailure),
            Error::ClosedDuringHandshake,
            Error::Truncated,
        ] {
            assert_eq!(e.alert(), None, "{e:?}");
        }
        assert_eq!(Error::BadFinished.alert(), Some(A::DecryptError));
        assert_eq!(Error::BadBinder.alert(), Some(A::DecryptError));
        assert_eq!(Error::BadSignature.alert(), Some(A::DecryptError));
        assert_eq!(
            Error::Record(RecordError::BadRecordMac).alert(),
            Some(A::BadRecordMac)
        );
    }
}
