//! The verification steps of a handshake, as proofs: values that only a passed check creates.
//!
//! Each type here has private fields and one constructor per way the RFCs allow it to be
//! earned; nothing outside this module can make one. The traffic states of both versions, on
//! both sides, take them as arguments, so a handshake that skipped a check does not compile:
//!
//! - [`VerifiedChain`]: the peer's certificate chain passed the configured verifier;
//! - [`SignatureVerified`]: a handshake signature (CertificateVerify, ServerKeyExchange) verified
//!   with the end-entity key of a verified chain;
//! - [`PeerAuthenticated`]: the peer is who its chain says, by one of the RFCs' ways: a chain and
//!   a handshake signature, or (TLS 1.2 RSA key transport) a chain and a Finished that only the
//!   key's owner could compute. A resumed session or an external PSK will be a third way;
//! - [`FinishedVerified`]: the peer's Finished matched our transcript, in constant time;
//! - [`ClientAuthChecked`]: the server applied its client-authentication policy: none was
//!   requested, none was required and none came, or the client authenticated.

use std::sync::Arc;

use stratls_codec::{DecodeError, SignatureScheme};
use stratls_crypto::{CryptoProvider, HashOutput};
use stratls_keyschedule::tls12::{FinishedLabel, MasterSecret, VERIFY_DATA_LEN};
use stratls_keyschedule::tls13::TrafficSecret;
use stratls_pki::{CertificateDer, PkiError, ServerName, UnixTime};

use crate::config::ClientAuth;
use crate::error::{Error, Incompatibility, Misbehaviour};
use crate::verify::{ClientCertVerifier, ServerCertVerifier};

/// A peer chain (end entity first, never empty) that the configured verifier accepted, whose
/// end-entity key the provider can verify the peer's handshake signature with.
#[derive(Debug)]
pub(crate) struct VerifiedChain {
    chain: Vec<CertificateDer<'static>>,
}

impl VerifiedChain {
    /// Checks a server's chain for `name` at `now`. An empty chain is `decode_error`
    /// (RFC 8446 §4.4.2.4: the server's Certificate is never empty).
    pub(crate) fn server(
        provider: &CryptoProvider,
        verifier: &dyn ServerCertVerifier,
        chain: Vec<CertificateDer<'static>>,
        name: &ServerName<'_>,
        now: UnixTime,
    ) -> Result<Self, Error> {
        let (end_entity, intermediates) = chain
            .split_first()
            .ok_or(Error::PeerMisbehaved(Misbehaviour::EmptyServerCertificate))?;
        verifier.verify_server_cert(end_entity, intermediates, name, now)?;
        stratls_pki::check_end_entity_key(provider, end_entity)?;
        Ok(Self { chain })
    }

    /// Checks a client's non-empty chain at `now` (an empty one is the client-auth policy's
    /// business: [`ClientAuthChecked::anonymous`]).
    pub(crate) fn client(
        provider: &CryptoProvider,
        verifier: &dyn ClientCertVerifier,
        chain: Vec<CertificateDer<'static>>,
        now: UnixTime,
    ) -> Result<Self, Error> {
        let (end_entity, intermediates) = chain
            .split_first()
            .ok_or(Error::InvalidCertificate(PkiError::NoCertificate))?;
        verifier.verify_client_cert(end_entity, intermediates, now)?;
        stratls_pki::check_end_entity_key(provider, end_entity)?;
        Ok(Self { chain })
    }

    /// The end-entity certificate.
    pub(crate) fn end_entity(&self) -> &CertificateDer<'static> {
        // The constructors refuse an empty chain.
        &self.chain[0]
    }

    /// How many intermediates came with it.
    pub(crate) fn intermediates(&self) -> usize {
        self.chain.len() - 1
    }

    /// Checks a handshake signature of `scheme` over `message` with the end-entity key, by
    /// the `rule` of the version (TLS 1.3: the scheme names the key's curve; TLS 1.2: an ECDSA
    /// scheme names only the hash). `scheme` must be one we offered (`offered`) and one the
    /// context allows (`allowed`):
    /// otherwise, and when the certificate's key cannot make it, `illegal_parameter`; a key
    /// the provider does not take is the certificate's fault (`unsupported_certificate`, or
    /// `decode_error` for a malformed one); only a signature that does not verify is
    /// `decrypt_error`.
    pub(crate) fn verify_signature(
        &self,
        provider: &CryptoProvider,
        mut offered: impl Iterator<Item = SignatureScheme>,
        allowed: impl Fn(SignatureScheme) -> bool,
        signed: Signed<'_>,
        rule: SignatureRule<'_>,
    ) -> Result<SignatureVerified, Error> {
        let Signed {
            scheme,
            message,
            signature,
        } = signed;
        if !offered.any(|s| s == scheme) || !allowed(scheme) {
            return Err(Error::PeerMisbehaved(
                Misbehaviour::UnofferedSignatureScheme,
            ));
        }
        let end_entity = self.end_entity();
        match rule {
            SignatureRule::Tls13 => {
                stratls_pki::verify_signed_message(provider, end_entity, scheme, message, signature)
            }
            SignatureRule::Tls12 { curves } => stratls_pki::verify_tls12_signed_message(
                provider, end_entity, scheme, message, signature, curves,
            ),
        }
        .map_err(|e| match e {
            PkiError::UnsupportedAlgorithm => {
                Error::PeerMisbehaved(Misbehaviour::UnofferedSignatureScheme)
            }
            e
            @ (PkiError::UnsupportedKey | PkiError::WeakKey { .. } | PkiError::BadEncoding(_)) => {
                Error::InvalidCertificate(e)
            }
            _ => Error::BadSignature,
        })?;
        Ok(SignatureVerified { scheme })
    }
}

/// A handshake signature as received: its scheme, the bytes it signs and the signature.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Signed<'a> {
    pub(crate) scheme: SignatureScheme,
    pub(crate) message: &'a [u8],
    pub(crate) signature: &'a [u8],
}

/// How a handshake signature's scheme binds the key (RFC 8446 §4.2.3).
#[derive(Debug, Clone, Copy)]
pub(crate) enum SignatureRule<'a> {
    /// TLS 1.3: an ECDSA scheme names the curve and the hash.
    Tls13,
    /// TLS 1.2: an ECDSA scheme names the hash only; the key's curve must be one of `curves`
    /// when given (the client's supported_groups, which the server's certificate respects,
    /// RFC 8422 §5.3).
    Tls12 {
        /// The curves the key may be on; `None` for any the provider verifies.
        curves: Option<&'a [stratls_codec::NamedGroup]>,
    },
}

/// A handshake signature that verified with the end-entity key of a [`VerifiedChain`].
#[derive(Debug)]
pub(crate) struct SignatureVerified {
    scheme: SignatureScheme,
}

/// The peer is authenticated.
#[derive(Debug)]
pub(crate) struct PeerAuthenticated {
    chain: Vec<CertificateDer<'static>>,
    /// The scheme of the peer's handshake signature; `None` for the RSA key transport.
    scheme: Option<SignatureScheme>,
}

impl PeerAuthenticated {
    /// A verified chain and a handshake signature made with its key (CertificateVerify,
    /// ServerKeyExchange).
    pub(crate) fn by_signature(chain: VerifiedChain, signature: SignatureVerified) -> Self {
        Self {
            chain: chain.chain,
            scheme: Some(signature.scheme),
        }
    }

    /// A verified chain and the TLS 1.2 RSA key transport: the premaster secret was encrypted
    /// to the chain's key, so only its owner could produce the Finished that verified.
    pub(crate) fn by_rsa_key_transport(chain: VerifiedChain, _finished: &FinishedVerified) -> Self {
        Self {
            chain: chain.chain,
            scheme: None,
        }
    }

    /// A session resumed from a ticket this server sealed: the ticket's binder verified, so
    /// the client holds the ticket's PSK, which only the peer of the original session (whose
    /// chain, possibly empty, the ticket carries) was given. Its Finished, checked later
    /// under keys from that PSK, completes the proof.
    pub(crate) fn by_resumption(
        original_chain: Vec<CertificateDer<'static>>,
        _binder: &BinderVerified,
    ) -> Self {
        Self {
            chain: original_chain,
            scheme: None,
        }
    }

    /// A server that resumed our ticket: its Finished verified under keys derived from the
    /// ticket's PSK, which only the server of the original session (whose verified chain we
    /// kept with the ticket) could derive.
    pub(crate) fn by_psk_finished(
        original_chain: Vec<CertificateDer<'static>>,
        _finished: &FinishedVerified,
    ) -> Self {
        Self {
            chain: original_chain,
            scheme: None,
        }
    }

    /// TLS 1.2 abbreviated handshake: the peer proved it holds the master secret of a session
    /// whose full handshake authenticated `chain` (the chain kept in the session), by a
    /// Finished made from that master secret that verified (RFC 5246 §7.3).
    pub(crate) fn by_resumed_session_tls12(
        chain: Vec<CertificateDer<'static>>,
        _finished: &FinishedVerified,
    ) -> Self {
        Self {
            chain,
            scheme: None,
        }
    }

    /// A peer that used our external PSK: its binder (on a server) or its Finished (on a
    /// client) verified under keys only a holder of the PSK could derive. It has no chain.
    pub(crate) fn by_external_psk(_finished: &FinishedVerified) -> Self {
        Self {
            chain: Vec::new(),
            scheme: None,
        }
    }

    /// The chain, end entity first.
    pub(crate) fn chain(&self) -> &[CertificateDer<'static>] {
        &self.chain
    }

    /// The chain, end entity first.
    pub(crate) fn into_parts(self) -> (Vec<CertificateDer<'static>>, Option<SignatureScheme>) {
        (self.chain, self.scheme)
    }
}

/// A client's PSK binder matched the partial ClientHello (compared in constant time,
/// RFC 8446 §4.2.11.2).
#[derive(Debug)]
pub(crate) struct BinderVerified(());

impl BinderVerified {
    /// Checks `received` against the binder of `key` over the truncated hello's hash: a
    /// mismatch is [`Error::BadBinder`] (`decrypt_error`).
    pub(crate) fn check(
        key: &stratls_keyschedule::tls13::BinderKey,
        truncated_hello_hash: &HashOutput,
        received: &[u8],
    ) -> Result<Self, Error> {
        key.verify_binder(truncated_hello_hash, received)
            .map_err(|_| Error::BadBinder)?;
        Ok(Self(()))
    }
}

/// The peer's Finished matched the transcript (compared in constant time).
#[derive(Debug)]
pub(crate) struct FinishedVerified(());

impl FinishedVerified {
    /// TLS 1.3: `received` against the peer's handshake traffic secret (RFC 8446 §4.4.4).
    /// verify_data is `opaque verify_data[Hash.length]`: another length does not parse
    /// (`decode_error`, RFC 8446 §6); the right length with the wrong value is
    /// `decrypt_error`.
    pub(crate) fn tls13(
        peer_secret: &TrafficSecret,
        transcript_hash: &HashOutput,
        received: &[u8],
    ) -> Result<Self, Error> {
        check_verify_data_len(received, transcript_hash.as_bytes().len())?;
        peer_secret
            .verify_finished(transcript_hash, received)
            .map_err(|_| Error::BadFinished)?;
        Ok(Self(()))
    }

    /// TLS 1.2: `received` against the PRF over the master secret with the peer's label
    /// (RFC 5246 §7.4.9). verify_data is `opaque verify_data[verify_data_length]`, 12 bytes
    /// for every suite here: another length is `decode_error`, the wrong value
    /// `decrypt_error`.
    pub(crate) fn tls12(
        master: &MasterSecret,
        peer: FinishedLabel,
        handshake_hash: &HashOutput,
        received: &[u8],
    ) -> Result<Self, Error> {
        check_verify_data_len(received, VERIFY_DATA_LEN)?;
        master
            .verify_finished(peer, handshake_hash, received)
            .map_err(|_| Error::BadFinished)?;
        Ok(Self(()))
    }
}

/// A Finished body of another length than verify_data has is no Finished: it does not parse
/// (`decode_error`). The length is public, so this check need not be constant-time; the
/// value's is.
fn check_verify_data_len(received: &[u8], expected: usize) -> Result<(), Error> {
    if received.len() == expected {
        return Ok(());
    }
    Err(Error::InvalidMessage(DecodeError::LengthOutOfRange {
        field: "Finished verify_data",
        len: received.len(),
    }))
}

/// The server's client-authentication policy was applied.
#[derive(Debug)]
pub(crate) struct ClientAuthChecked(ClientIdentity);

#[derive(Debug)]
enum ClientIdentity {
    NotRequested,
    Anonymous,
    Authenticated(PeerAuthenticated),
}

/// How a server starts client authentication under its policy.
pub(crate) enum ClientAuthStart {
    /// [`ClientAuth::None`]: nothing is requested, and that is the check.
    NotRequested(ClientAuthChecked),
    /// A certificate is requested; its chain goes to this verifier.
    Request(Arc<dyn ClientCertVerifier>),
}

impl ClientAuthChecked {
    /// Starts client authentication under `policy`.
    pub(crate) fn begin(policy: &ClientAuth) -> ClientAuthStart {
        match policy {
            ClientAuth::None => ClientAuthStart::NotRequested(Self(ClientIdentity::NotRequested)),
            ClientAuth::Optional(v) | ClientAuth::Required(v) => {
                ClientAuthStart::Request(v.clone())
            }
        }
    }

    /// The client sent an empty Certificate: accepted only under [`ClientAuth::Optional`].
    /// Under [`ClientAuth::Required`] TLS 1.3 answers `certificate_required`, TLS 1.2 (which
    /// has no such alert) `handshake_failure` (RFC 5246 §7.4.6).
    pub(crate) fn anonymous(policy: &ClientAuth, tls13: bool) -> Result<Self, Error> {
        match policy {
            ClientAuth::Optional(_) => Ok(Self(ClientIdentity::Anonymous)),
            ClientAuth::Required(_) if tls13 => Err(Error::PeerIncompatible(
                Incompatibility::CertificateRequired,
            )),
            ClientAuth::Required(_) | ClientAuth::None => Err(Error::PeerIncompatible(
                Incompatibility::NoClientCertificate,
            )),
        }
    }

    /// The client authenticated.
    pub(crate) fn authenticated(peer: PeerAuthenticated) -> Self {
        Self(ClientIdentity::Authenticated(peer))
    }

    /// A resumed session: the client is who the original session said (authenticated then,
    /// or anonymous).
    pub(crate) fn resumed(peer: PeerAuthenticated) -> Self {
        if peer.chain.is_empty() {
            Self(ClientIdentity::Anonymous)
        } else {
            Self(ClientIdentity::Authenticated(peer))
        }
    }

    /// The client's chain, if it authenticated (for the tickets issued to it).
    pub(crate) fn chain(&self) -> &[CertificateDer<'static>] {
        match &self.0 {
            ClientIdentity::Authenticated(p) => p.chain(),
            ClientIdentity::NotRequested | ClientIdentity::Anonymous => &[],
        }
    }

    /// The client's authentication, if it authenticated.
    pub(crate) fn into_peer(self) -> Option<PeerAuthenticated> {
        match self.0 {
            ClientIdentity::Authenticated(p) => Some(p),
            ClientIdentity::NotRequested | ClientIdentity::Anonymous => None,
        }
    }
}
