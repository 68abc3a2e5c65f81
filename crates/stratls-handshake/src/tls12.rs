//! What the TLS 1.2 client and server share: the downgrade sentinel, the session keys from the
//! master secret, Finished, the signature rules of the suites, and the established state.

use stratls_codec::handshake::{Finished, KeyExchangeAlgorithm};
use stratls_codec::{AlertDescription, AlertLevel, HandshakeMessage, HandshakeType};
use stratls_crypto::{
    CryptoProvider, Shared, SignatureAlgorithm, SignatureScheme, Tls12CipherSuite, Tls12KeyExchange,
};
use stratls_keyschedule::keylog;
use stratls_keyschedule::tls12::{FinishedLabel, KeyBlock, MasterSecret, VERIFY_DATA_LEN};
use stratls_record::{CcsPolicy, RecordProtection};

use crate::config::SharedConfig;
use crate::context::Context;
use crate::error::{Error, Incompatibility};
use crate::exporter::Exporter;
use crate::negotiated::{Negotiated, Side};
use crate::observer::{KeyPhase, SecretKind};
use crate::proof::{ClientAuthChecked, FinishedVerified, PeerAuthenticated};
use crate::state::{Nothing, Policy, RenegotiationRequest, State, Step};
use crate::transcript::TranscriptBuffer;

/// The policy of every TLS 1.2 state of a handshake with `suite`: TLS 1.2 forms for its key
/// exchange, no change_cipher_spec (but where [`ExpectChangeCipherSpec`] waits for it).
pub(crate) fn policy(suite: &Tls12CipherSuite) -> Policy {
    Policy::tls12(match suite.kx {
        Tls12KeyExchange::Rsa => KeyExchangeAlgorithm::Rsa,
        _ => KeyExchangeAlgorithm::Ecdhe,
    })
}

/// [`policy`] for a client that is negotiating: it ignores HelloRequest (RFC 5246 §7.4.1.1).
pub(crate) fn client_policy(suite: &Tls12CipherSuite) -> Policy {
    Policy {
        ignore_hello_request: true,
        ..policy(suite)
    }
}

/// The last 8 bytes of ServerHello.random of a TLS 1.3 server that negotiates TLS 1.2
/// (RFC 8446 §4.1.3).
pub(crate) const DOWNGRADE_TLS12: [u8; 8] = *b"DOWNGRD\x01";

/// The last 8 bytes of ServerHello.random of a TLS 1.3 or TLS 1.2 server that negotiates
/// TLS 1.1 or below (RFC 8446 §4.1.3).
pub(crate) const DOWNGRADE_TLS11: [u8; 8] = *b"DOWNGRD\x00";

/// Which downgrade sentinel a ServerHello random carries, if any.
pub(crate) fn downgrade_sentinel(random: &[u8; 32]) -> Option<[u8; 8]> {
    [DOWNGRADE_TLS12, DOWNGRADE_TLS11]
        .into_iter()
        .find(|s| random[24..] == *s)
}

/// The peer (`"client"` or `"server"`) does not negotiate the extended master secret (RFC
/// 7627): refused with `handshake_failure` when the config requires it, accepted otherwise
/// (the connection then exports nothing, [`Exporter::Tls12`]).
pub(crate) fn without_extended_master_secret(
    cx: &Context,
    config: &SharedConfig,
    peer: &str,
) -> Result<(), Error> {
    if config.tls12_require_extended_master_secret {
        cx.decide(|| format!("{peer} does not negotiate the extended master secret: required"));
        return Err(Error::PeerIncompatible(
            Incompatibility::NoExtendedMasterSecret,
        ));
    }
    cx.decide(|| {
        format!(
            "{peer} does not negotiate the extended master secret: accepted, without the \
             keying-material exporter"
        )
    });
    Ok(())
}

/// Whether a signature of `scheme` may authenticate `suite`: an RSA scheme for the RSA suites,
/// ECDSA or Ed25519 for the ECDSA suites (RFC 8422 §5.1.1 admits Ed25519 there).
pub(crate) fn scheme_fits_suite(
    provider: &CryptoProvider,
    scheme: SignatureScheme,
    suite: &Tls12CipherSuite,
) -> bool {
    provider
        .verifier(scheme)
        .is_some_and(|v| key_fits_suite(v.algorithm(), suite))
}

/// The key family a signature scheme signs with, from its code point alone: the server's
/// choice of its own signature does not depend on which schemes the provider can verify.
pub(crate) fn signing_family(scheme: SignatureScheme) -> Option<SignatureAlgorithm> {
    use SignatureScheme as S;
    match scheme {
        S::ECDSA_SECP256R1_SHA256 => Some(SignatureAlgorithm::EcdsaP256),
        S::ECDSA_SECP384R1_SHA384 => Some(SignatureAlgorithm::EcdsaP384),
        S::ECDSA_SECP521R1_SHA512 => Some(SignatureAlgorithm::EcdsaP521),
        S::ED25519 => Some(SignatureAlgorithm::Ed25519),
        S::RSA_PKCS1_SHA256
        | S::RSA_PKCS1_SHA384
        | S::RSA_PKCS1_SHA512
        | S::RSA_PSS_RSAE_SHA256
        | S::RSA_PSS_RSAE_SHA384
        | S::RSA_PSS_RSAE_SHA512 => Some(SignatureAlgorithm::Rsa),
        S::RSA_PSS_PSS_SHA256 | S::RSA_PSS_PSS_SHA384 | S::RSA_PSS_PSS_SHA512 => {
            Some(SignatureAlgorithm::RsaPss)
        }
        _ => None,
    }
}

/// Whether a key of family `key` may authenticate `suite`: an RSA key (rsaEncryption or
/// id-RSASSA-PSS, whose rsa_pss_pss_* schemes RFC 8446 §4.2.3 gives TLS 1.2 too) for the RSA
/// suites, ECDSA on any curve or Ed25519 for the ECDSA suites. The RSA key transport further
/// needs an rsaEncryption key ([`key_fits_key_transport`]).
pub(crate) fn key_fits_suite(key: SignatureAlgorithm, suite: &Tls12CipherSuite) -> bool {
    match suite.auth {
        SignatureAlgorithm::Rsa => {
            matches!(key, SignatureAlgorithm::Rsa | SignatureAlgorithm::RsaPss)
        }
        _ => matches!(
            key,
            SignatureAlgorithm::EcdsaP256
                | SignatureAlgorithm::EcdsaP384
                | SignatureAlgorithm::EcdsaP521
                | SignatureAlgorithm::Ed25519
        ),
    }
}

/// Whether a key of family `key` can take the TLS 1.2 RSA key transport: only an
/// rsaEncryption key decrypts (an id-RSASSA-PSS key signs only, RFC 4055 §1.2).
pub(crate) fn key_fits_key_transport(key: SignatureAlgorithm) -> bool {
    key == SignatureAlgorithm::Rsa
}

/// The agreed session: suite, master secret, both randoms and the key block.
pub(crate) struct Session {
    pub(crate) suite: Shared<Tls12CipherSuite>,
    master: MasterSecret,
    client_random: [u8; 32],
    server_random: [u8; 32],
    keys: KeyBlock,
    /// Whether the master secret is the extended one (RFC 7627).
    extended: bool,
}

impl Session {
    /// Derives the master secret from `premaster` (with the extended master secret over the
    /// transcript through ClientKeyExchange when `extended`) and the key block, logs the
    /// master secret, and tells the observer.
    pub(crate) fn new(
        cx: &mut Context,
        suite: Shared<Tls12CipherSuite>,
        premaster: &stratls_crypto::Secret,
        transcript: &mut TranscriptBuffer,
        extended: bool,
        randoms: ([u8; 32], [u8; 32]),
    ) -> Result<Self, Error> {
        let (client_random, server_random) = randoms;
        cx.report_secret(SecretKind::PremasterSecret, premaster.as_bytes(), None);
        let master = if extended {
            let session_hash = transcript.hash_with(&*suite.hash);
            let master = MasterSecret::new_extended(&suite, premaster, &session_hash)?;
            cx.report_secret(
                SecretKind::Tls12MasterSecret { extended },
                master.as_secret().as_bytes(),
                Some(session_hash.as_bytes()),
            );
            master
        } else {
            let master = MasterSecret::new(&suite, premaster, &client_random, &server_random)?;
            cx.report_secret(
                SecretKind::Tls12MasterSecret { extended },
                master.as_secret().as_bytes(),
                None,
            );
            master
        };
        cx.log_key(
            keylog::CLIENT_RANDOM,
            &client_random,
            master.as_secret().as_bytes(),
        );
        cx.decide(|| {
            if extended {
                "master secret from the premaster secret and the hash of the handshake so far \
                 (extended master secret)"
                    .into()
            } else {
                "master secret from the premaster secret, client random and server random \
                 (no extended master secret)"
                    .into()
            }
        });
        Self::with_master(cx, suite, master, randoms, extended)
    }

    /// The session of an abbreviated handshake: the key block from the resumed master secret
    /// and the new randoms (RFC 5246 §7.3).
    pub(crate) fn resumed(
        cx: &mut Context,
        suite: Shared<Tls12CipherSuite>,
        master: stratls_crypto::Secret,
        randoms: ([u8; 32], [u8; 32]),
    ) -> Result<Self, Error> {
        let master = MasterSecret::from_secret(suite.clone(), master)?;
        cx.log_key(
            keylog::CLIENT_RANDOM,
            &randoms.0,
            master.as_secret().as_bytes(),
        );
        cx.decide(|| "master secret taken from the resumed session".into());
        // Only sessions with the extended master secret are resumed (RFC 7627 §5.3).
        Self::with_master(cx, suite, master, randoms, true)
    }

    fn with_master(
        cx: &mut Context,
        suite: Shared<Tls12CipherSuite>,
        master: MasterSecret,
        randoms: ([u8; 32], [u8; 32]),
        extended: bool,
    ) -> Result<Self, Error> {
        let (client_random, server_random) = randoms;
        let keys = master.key_block(&client_random, &server_random);
        for (writer, key, iv) in [
            (
                Side::Client,
                keys.client_write_key(),
                keys.client_write_iv(),
            ),
            (
                Side::Server,
                keys.server_write_key(),
                keys.server_write_iv(),
            ),
        ] {
            let phase = KeyPhase::Application;
            cx.report_secret(SecretKind::WriteKey { writer, phase }, key.as_bytes(), None);
            cx.report_secret(SecretKind::WriteIv { writer, phase }, iv.as_bytes(), None);
        }
        cx.decide(|| {
            "session keys derived from client random, server random and the master secret".into()
        });
        Ok(Self {
            suite,
            master,
            client_random,
            server_random,
            keys,
            extended,
        })
    }

    /// The master secret, for the session state a ticket or the session cache keeps.
    pub(crate) fn master_secret(&self) -> &stratls_crypto::Secret {
        self.master.as_secret()
    }

    /// Whether the master secret is the extended one.
    pub(crate) fn extended(&self) -> bool {
        self.extended
    }

    /// The record protection of what `writer` sends.
    fn protection(&self, writer: Side) -> Result<RecordProtection, Error> {
        let (key, iv) = match writer {
            Side::Client => (self.keys.client_write_key(), self.keys.client_write_iv()),
            Side::Server => (self.keys.server_write_key(), self.keys.server_write_iv()),
        };
        RecordProtection::tls12(&self.suite.aead, key, iv, self.suite.record_nonce)
            .map_err(Error::LocalRecord)
    }

    /// Sends ChangeCipherSpec and switches our writes to the session keys.
    pub(crate) fn change_write_keys(&self, cx: &mut Context) -> Result<(), Error> {
        cx.send_change_cipher_spec();
        let p = self.protection(cx.side)?;
        cx.set_write_protection(p, KeyPhase::Application);
        Ok(())
    }

    /// The peer's ChangeCipherSpec arrived: its records use the session keys from now on.
    pub(crate) fn change_read_keys(&self, cx: &mut Context) -> Result<(), Error> {
        let peer = cx.side.peer();
        cx.set_read_protection(self.protection(peer)?, KeyPhase::Application)
    }

    /// Sends our Finished over the transcript so far and adds it to the transcript.
    pub(crate) fn send_finished(
        &self,
        cx: &mut Context,
        transcript: &mut TranscriptBuffer,
    ) -> Result<(), Error> {
        let hash = transcript.hash_with(&*self.suite.hash);
        let verify_data = self.master.verify_data(prf_side(cx.side), &hash)?;
        let finished = HandshakeMessage::Finished(Finished {
            verify_data: verify_data.as_bytes().to_vec(),
        });
        cx.send(&finished, transcript)
    }

    /// Checks the peer's Finished (in constant time) against the transcript before it, then
    /// adds it to the transcript.
    pub(crate) fn check_finished(
        &self,
        cx: &Context,
        transcript: &mut TranscriptBuffer,
        fin: &Finished,
        encoded: &[u8],
    ) -> Result<FinishedVerified, Error> {
        let hash = transcript.hash_with(&*self.suite.hash);
        let proof = FinishedVerified::tls12(
            &self.master,
            prf_side(cx.side.peer()),
            &hash,
            &fin.verify_data,
        )?;
        transcript.add(encoded);
        Ok(proof)
    }

    /// The exporter of the connection (RFC 5705), disabled without the extended master secret
    /// (RFC 7627 §5.4).
    fn exporter(self) -> Exporter {
        Exporter::Tls12 {
            master: self.master,
            client_random: self.client_random,
            server_random: self.server_random,
            extended_master_secret: self.extended,
        }
    }
}

fn prf_side(side: Side) -> FinishedLabel {
    match side {
        Side::Client => FinishedLabel::Client,
        Side::Server => FinishedLabel::Server,
    }
}

/// An established TLS 1.2 connection: application data both ways; renegotiation refused.
///
/// Built only from the proofs of a complete handshake: the peer's Finished verified, and the
/// server authenticated (client) or the client-authentication policy applied (server).
pub(crate) struct Traffic {
    side: Side,
    policy: Policy,
}

impl Traffic {
    /// The client's connection.
    pub(crate) fn client(
        cx: &mut Context,
        agreed: Negotiated,
        server: PeerAuthenticated,
        _finished: FinishedVerified,
        session: Session,
    ) -> Result<Box<dyn State>, Error> {
        Self::establish(cx, agreed.with_peer(Some(server)), session)
    }

    /// The server's connection.
    pub(crate) fn server(
        cx: &mut Context,
        agreed: Negotiated,
        client: ClientAuthChecked,
        _finished: FinishedVerified,
        session: Session,
    ) -> Result<Box<dyn State>, Error> {
        Self::establish(cx, agreed.with_peer(client.into_peer()), session)
    }

    fn establish(
        cx: &mut Context,
        negotiated: Negotiated,
        session: Session,
    ) -> Result<Box<dyn State>, Error> {
        let policy = Policy {
            application_data: true,
            ..policy(&session.suite)
        };
        cx.established(negotiated, session.exporter())?;
        Ok(Box::new(Self {
            side: cx.side,
            policy,
        }))
    }
}

impl Step for Traffic {
    const NAME: &'static str = "Tls12Traffic";
    type Message = RenegotiationRequest;

    fn policy(&self) -> Policy {
        self.policy
    }

    /// A client may be asked to renegotiate (HelloRequest); a server may be sent a new
    /// ClientHello. Both are answered with a `no_renegotiation` warning and otherwise ignored
    /// (RFC 5746 §4.2, §4.4; RFC 5246 §7.2.2), and the connection goes on. A run of requests
    /// without application data between them gets one warning (none while an earlier one is
    /// still queued), and past `Limits::max_key_updates_in_row` fails with
    /// `unexpected_message`.
    fn accepts(&self) -> &'static [HandshakeType] {
        match self.side {
            Side::Client => &[HandshakeType::HelloRequest],
            Side::Server => &[HandshakeType::ClientHello],
        }
    }

    fn step(
        mut self,
        cx: &mut Context,
        request: RenegotiationRequest,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        match self.step_in_place(cx, request, encoded)? {
            None => Ok(Box::new(self)),
            Some(_) => Err(Error::Internal("a renegotiation request left unhandled")),
        }
    }

    /// A refused request leaves the connection established.
    fn step_in_place(
        &mut self,
        cx: &mut Context,
        _request: RenegotiationRequest,
        _encoded: &[u8],
    ) -> Result<Option<RenegotiationRequest>, Error> {
        // One warning answers a run of requests, and none is added while an earlier answer
        // still waits to be sent, so that requests cannot be amplified into alerts; a long
        // run is abuse.
        if cx.count_post_handshake(crate::error::Misbehaviour::RenegotiationFlood)? == 1
            && !cx.sent_close()
            && !cx.answer_waiting()
        {
            cx.decide(|| "peer asked for renegotiation: refused with a warning".into());
            cx.send_alert(AlertDescription::NoRenegotiation, AlertLevel::Warning);
            cx.answered();
        }
        Ok(None)
    }
}

/// What one side does after the peer's Finished checked out.
pub(crate) trait FinishSide: Send + Sync + Sized + 'static {
    /// The state name while waiting for the peer's Finished.
    const EXPECT_FINISHED: &'static str;

    /// The policy of this side's states while the handshake runs with `suite`.
    fn policy(suite: &Tls12CipherSuite) -> Policy;

    /// The running transcript.
    fn transcript(&mut self) -> &mut TranscriptBuffer;

    /// Completes the handshake (a server still sends its ChangeCipherSpec and Finished).
    fn finish(
        self,
        cx: &mut Context,
        session: Session,
        finished: FinishedVerified,
    ) -> Result<Box<dyn State>, Error>;
}

/// Our flight is out; the peer's ChangeCipherSpec is the one legal next record: this is the
/// only state whose policy delivers it.
pub(crate) struct ExpectChangeCipherSpec<T> {
    pub(crate) side: T,
    pub(crate) session: Session,
}

impl<T: FinishSide> Step for ExpectChangeCipherSpec<T> {
    const NAME: &'static str = "Tls12ExpectChangeCipherSpec";
    type Message = Nothing;

    fn policy(&self) -> Policy {
        Policy {
            ccs: CcsPolicy::Deliver,
            ..T::policy(&self.session.suite)
        }
    }

    fn step(
        self,
        _cx: &mut Context,
        msg: Nothing,
        _encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        match msg {}
    }

    fn change_cipher_spec(self, cx: &mut Context) -> Result<Box<dyn State>, Error> {
        self.session.change_read_keys(cx)?;
        Ok(Box::new(ExpectFinished {
            side: self.side,
            session: self.session,
        }))
    }
}

/// The peer's Finished, under the new keys.
struct ExpectFinished<T> {
    side: T,
    session: Session,
}

impl<T: FinishSide> Step for ExpectFinished<T> {
    const NAME: &'static str = T::EXPECT_FINISHED;
    type Message = Finished;

    fn policy(&self) -> Policy {
        Policy {
            finished_len: Some(VERIFY_DATA_LEN),
            ..T::policy(&self.session.suite)
        }
    }

    fn step(
        self,
        cx: &mut Context,
        fin: Finished,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        let mut side = self.side;
        let finished = self
            .session
            .check_finished(cx, side.transcript(), &fin, encoded)?;
        cx.decide(|| "peer's Finished verified: the handshake was not tampered with".into());
        side.finish(cx, self.session, finished)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downgrade_sentinels_are_the_last_eight_bytes() {
        let mut random = [0x55u8; 32];
        assert_eq!(downgrade_sentinel(&random), None);
        random[24..].copy_from_slice(&[0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x01]);
        assert_eq!(downgrade_sentinel(&random), Some(DOWNGRADE_TLS12));
        random[31] = 0;
        assert_eq!(downgrade_sentinel(&random), Some(DOWNGRADE_TLS11));
        random[31] = 2;
        assert_eq!(downgrade_sentinel(&random), None);
        // Elsewhere in the random it is no sentinel.
        let mut random = [0x55u8; 32];
        random[..8].copy_from_slice(&DOWNGRADE_TLS12);
        assert_eq!(downgrade_sentinel(&random), None);
    }
}
