//! What a connection reports about itself: its side, where it stands and what its handshake
//! agreed on. Both the connection and the context its states work in use these.

use stratls_codec::{CipherSuite, NamedGroup, ProtocolVersion, SignatureScheme};
use stratls_pki::CertificateDer;

/// Client or server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The side that sends ClientHello.
    Client,
    /// The side that answers it.
    Server,
}

/// Where a connection stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The handshake is in progress.
    Handshaking,
    /// The handshake completed; application data flows.
    Established,
    /// The peer sent close_notify: no more data will come (data may still be sent until
    /// [`Connection::close`](crate::Connection::close)).
    PeerClosed,
    /// The connection failed; the error was returned and the alert, if any, queued.
    Failed,
}

/// What the handshake agreed on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Negotiated {
    /// The protocol version.
    pub version: Option<ProtocolVersion>,
    /// The cipher suite.
    pub cipher_suite: Option<CipherSuite>,
    /// The key-exchange group.
    pub group: Option<NamedGroup>,
    /// The signature scheme of the peer's handshake signature.
    pub peer_signature_scheme: Option<SignatureScheme>,
    /// The signature scheme of our own handshake signature.
    pub own_signature_scheme: Option<SignatureScheme>,
    /// The ALPN protocol, if one was agreed.
    pub alpn: Option<Vec<u8>>,
    /// The server name (the SNI the client sent; on a client, the name it verified).
    pub server_name: Option<String>,
    /// The peer's certificate chain, end entity first.
    pub peer_certificates: Vec<CertificateDer<'static>>,
    /// Whether a HelloRetryRequest was needed.
    pub hello_retry: bool,
    /// Whether the server asked for a client certificate.
    pub client_auth_requested: bool,
    /// Whether the TLS 1.2 extended master secret (RFC 7627) was used.
    pub extended_master_secret: bool,
    /// Whether the handshake resumed an earlier session: a TLS 1.3 ticket's PSK, or a TLS 1.2
    /// abbreviated handshake (ticket or session ID). The peer's chain, the server name and the
    /// ALPN protocol are then those of the original session.
    pub resumed: bool,
    /// The identity of the external PSK the handshake used, if it used one.
    pub psk_identity: Option<Vec<u8>>,
    /// What became of TLS 1.3 0-RTT data.
    pub early_data: EarlyData,
    /// Whether the PSK handshake used psk_ke: no (EC)DHE, so no forward secrecy for this
    /// connection (RFC 8446 §4.2.9); `group` is then `None`.
    pub psk_ke: bool,
}

/// What became of TLS 1.3 0-RTT (early) data on a connection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum EarlyData {
    /// The client did not offer early data.
    #[default]
    NotOffered,
    /// The server accepted it: every byte the client sent as early data was delivered.
    Accepted,
    /// The client offered it and the server declined: none of it was delivered. stratls does
    /// not send it again by itself; a client application that still wants it sent writes it
    /// again with [`Connection::write`](crate::Connection::write), as 1-RTT data.
    Rejected,
}

impl Side {
    /// The other side.
    pub fn peer(self) -> Self {
        match self {
            Self::Client => Self::Server,
            Self::Server => Self::Client,
        }
    }
}

impl Negotiated {
    /// The agreement completed with the peer's authentication, if it authenticated.
    pub(crate) fn with_peer(mut self, peer: Option<crate::proof::PeerAuthenticated>) -> Self {
        if let Some(peer) = peer {
            let (chain, scheme) = peer.into_parts();
            self.peer_certificates = chain;
            self.peer_signature_scheme = scheme;
        }
        self
    }
}
