//! What the TLS 1.2 client and server share: the downgrade sentinel, the session keys from the
//! master secret, Finished, the signature rules of the suites, and the established state.

use stratls_codec::handshake::Finished;
use stratls_codec::{AlertDescription, AlertLevel, HandshakeMessage, HandshakeType};
use stratls_crypto::{
    CryptoProvider, Shared, SignatureAlgorithm, SignatureScheme, Tls12CipherSuite,
};
use stratls_keyschedule::keylog;
use stratls_keyschedule::tls12::{FinishedLabel, KeyBlock, MasterSecret};
use stratls_record::RecordProtection;

use crate::common::Core;
use crate::conn::Side;
use crate::error::Error;
use crate::exporter::Exporter;
use crate::observer::KeyPhase;
use crate::state::{Incoming, State};
use crate::transcript::Transcript;

/// The last 8 bytes of ServerHello.random of a TLS 1.3 server that negotiates TLS 1.2
/// (RFC 8446 §4.1.3).
pub(crate) const DOWNGRADE_TLS12: [u8; 8] = *b"DOWNGRD\x01";

/// Whether a ServerHello random carries the TLS 1.2 downgrade sentinel.
pub(crate) fn has_downgrade_sentinel(random: &[u8; 32]) -> bool {
    random[24..] == DOWNGRADE_TLS12
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

/// Whether a key of family `key` may authenticate `suite`.
pub(crate) fn key_fits_suite(key: SignatureAlgorithm, suite: &Tls12CipherSuite) -> bool {
    match suite.auth {
        SignatureAlgorithm::Rsa => key == SignatureAlgorithm::Rsa,
        _ => matches!(
            key,
            SignatureAlgorithm::EcdsaP256
                | SignatureAlgorithm::EcdsaP384
                | SignatureAlgorithm::Ed25519
        ),
    }
}

/// The agreed session: suite, master secret, both randoms and the key block.
pub(crate) struct Session {
    pub(crate) suite: Shared<Tls12CipherSuite>,
    master: MasterSecret,
    client_random: [u8; 32],
    server_random: [u8; 32],
    keys: KeyBlock,
}

impl Session {
    /// Derives the master secret from `premaster` (with the extended master secret over the
    /// transcript through ClientKeyExchange when `extended`) and the key block, logs the
    /// master secret, and tells the observer.
    pub(crate) fn new(
        core: &mut Core,
        suite: Shared<Tls12CipherSuite>,
        premaster: &stratls_crypto::Secret,
        transcript: &Transcript,
        extended: bool,
        server_random: [u8; 32],
    ) -> Result<Self, Error> {
        let client_random = core.client_random;
        let master = if extended {
            let session_hash = transcript
                .hash_buffered(&*suite.hash)
                .ok_or(Error::Internal("transcript"))?;
            MasterSecret::new_extended(&suite, premaster, &session_hash)?
        } else {
            MasterSecret::new(&suite, premaster, &client_random, &server_random)?
        };
        core.log_key(keylog::CLIENT_RANDOM, master.as_secret().as_bytes());
        core.decide(|| {
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
        let keys = master.key_block(&client_random, &server_random);
        core.decide(|| {
            "session keys derived from client random, server random and the master secret".into()
        });
        Ok(Self {
            suite,
            master,
            client_random,
            server_random,
            keys,
        })
    }

    /// The record protection of what `writer` sends.
    fn protection(&self, writer: Side) -> Result<RecordProtection, Error> {
        let (key, iv) = match writer {
            Side::Client => (self.keys.client_write_key(), self.keys.client_write_iv()),
            Side::Server => (self.keys.server_write_key(), self.keys.server_write_iv()),
        };
        Ok(RecordProtection::tls12(
            &self.suite.aead,
            key,
            iv,
            self.suite.record_nonce,
        )?)
    }

    /// Sends ChangeCipherSpec and switches our writes to the session keys.
    pub(crate) fn change_write_keys(&self, core: &mut Core) -> Result<(), Error> {
        core.send_change_cipher_spec();
        let p = self.protection(core.side)?;
        core.set_write_protection(p, KeyPhase::Application);
        Ok(())
    }

    /// The peer's ChangeCipherSpec arrived: its records use the session keys from now on, and
    /// another ChangeCipherSpec is `unexpected_message`.
    pub(crate) fn change_read_keys(&self, core: &mut Core) -> Result<(), Error> {
        let peer = match core.side {
            Side::Client => Side::Server,
            Side::Server => Side::Client,
        };
        core.set_read_protection(self.protection(peer)?, KeyPhase::Application)?;
        core.reader
            .set_ccs_policy(stratls_record::CcsPolicy::Reject);
        Ok(())
    }

    /// Sends our Finished over the transcript so far and adds it to the transcript.
    pub(crate) fn send_finished(
        &self,
        core: &mut Core,
        transcript: &mut Transcript,
    ) -> Result<(), Error> {
        let hash = transcript
            .hash_buffered(&*self.suite.hash)
            .ok_or(Error::Internal("transcript"))?;
        let verify_data = self.master.verify_data(prf_side(core.side), &hash)?;
        let finished = HandshakeMessage::Finished(Finished {
            verify_data: verify_data.as_bytes().to_vec(),
        });
        core.send(&finished, Some(transcript))
    }

    /// Checks the peer's Finished (in constant time) against the transcript before it, then
    /// adds it to the transcript.
    pub(crate) fn check_finished(
        &self,
        core: &Core,
        transcript: &mut Transcript,
        msg: &Incoming<'_>,
    ) -> Result<(), Error> {
        let HandshakeMessage::Finished(fin) = &msg.message else {
            return Err(crate::state::unexpected("ExpectFinished", "message"));
        };
        let hash = transcript
            .hash_buffered(&*self.suite.hash)
            .ok_or(Error::Internal("transcript"))?;
        let peer = match core.side {
            Side::Client => FinishedLabel::Server,
            Side::Server => FinishedLabel::Client,
        };
        self.master
            .verify_finished(peer, &hash, &fin.verify_data)
            .map_err(|_| Error::BadFinished)?;
        transcript.add(msg.encoded);
        Ok(())
    }

    /// The connection is established: the exporter is installed and the traffic state returned.
    pub(crate) fn established(self, core: &mut Core) -> Result<Box<dyn State>, Error> {
        core.exporter = Some(Exporter::Tls12 {
            master: self.master,
            client_random: self.client_random,
            server_random: self.server_random,
        });
        core.established()?;
        Ok(Box::new(Traffic(core.side)))
    }
}

fn prf_side(side: Side) -> FinishedLabel {
    match side {
        Side::Client => FinishedLabel::Client,
        Side::Server => FinishedLabel::Server,
    }
}

/// An established TLS 1.2 connection: application data both ways; renegotiation refused.
pub(crate) struct Traffic(Side);

impl State for Traffic {
    fn name(&self) -> &'static str {
        "Tls12Traffic"
    }

    /// A client may be asked to renegotiate (HelloRequest); a server may be sent a new
    /// ClientHello. Both are answered with a `no_renegotiation` warning and otherwise ignored
    /// (RFC 5746 §4.2, §4.4; RFC 5246 §7.2.2), and the connection goes on. A run of requests
    /// without application data between them gets one warning, and past
    /// `Limits::max_key_updates_in_row` fails with `unexpected_message`.
    fn expects(&self) -> &'static [HandshakeType] {
        match self.0 {
            Side::Client => &[HandshakeType::HelloRequest],
            Side::Server => &[HandshakeType::ClientHello],
        }
    }

    fn handle(
        self: Box<Self>,
        core: &mut Core,
        msg: Incoming<'_>,
    ) -> Result<Box<dyn State>, Error> {
        let typ = msg.message.typ();
        // One warning answers a run of requests, so that requests cannot be amplified into
        // alerts; a long run is abuse.
        if core.count_post_handshake(crate::error::Misbehaviour::RenegotiationFlood)? == 1
            && !core.sent_close()
        {
            core.decide(|| {
                format!("peer asked for renegotiation ({typ:?}): refused with a warning")
            });
            core.send_alert(AlertDescription::NoRenegotiation, AlertLevel::Warning);
        }
        Ok(self)
    }

    fn accepts_application_data(&self) -> bool {
        true
    }
}

/// What one side does after the peer's Finished checked out; the side's handshake data gives
/// the transcript.
pub(crate) trait FinishSide: Send + Sync + Sized + 'static {
    /// The state name while waiting for the peer's Finished.
    const EXPECT_FINISHED: &'static str;

    /// The running transcript.
    fn transcript(&mut self) -> &mut Transcript;

    /// Completes the handshake (a server still sends its ChangeCipherSpec and Finished).
    fn finish(self, core: &mut Core, session: Session) -> Result<Box<dyn State>, Error>;
}

/// Our flight is out; the peer's ChangeCipherSpec is the one legal next record (the record
/// layer delivers it only while this state waits for it).
pub(crate) struct ExpectChangeCipherSpec<T> {
    pub(crate) side: T,
    pub(crate) session: Session,
}

impl<T: FinishSide> State for ExpectChangeCipherSpec<T> {
    fn name(&self) -> &'static str {
        "Tls12ExpectChangeCipherSpec"
    }

    fn expects(&self) -> &'static [HandshakeType] {
        &[]
    }

    fn handle(
        self: Box<Self>,
        _core: &mut Core,
        msg: Incoming<'_>,
    ) -> Result<Box<dyn State>, Error> {
        Err(crate::state::unexpected(
            self.name(),
            &format!("{:?}", msg.message.typ()),
        ))
    }

    fn handle_change_cipher_spec(
        self: Box<Self>,
        core: &mut Core,
    ) -> Result<Box<dyn State>, Error> {
        self.session.change_read_keys(core)?;
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

impl<T: FinishSide> State for ExpectFinished<T> {
    fn name(&self) -> &'static str {
        T::EXPECT_FINISHED
    }

    fn expects(&self) -> &'static [HandshakeType] {
        &[HandshakeType::Finished]
    }

    fn handle(
        self: Box<Self>,
        core: &mut Core,
        msg: Incoming<'_>,
    ) -> Result<Box<dyn State>, Error> {
        let mut side = self.side;
        self.session.check_finished(core, side.transcript(), &msg)?;
        core.decide(|| "peer's Finished verified: the handshake was not tampered with".into());
        side.finish(core, self.session)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downgrade_sentinel_is_the_last_eight_bytes() {
        let mut random = [0x55u8; 32];
        assert!(!has_downgrade_sentinel(&random));
        random[24..].copy_from_slice(&[0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x01]);
        assert!(has_downgrade_sentinel(&random));
        // The TLS 1.1 sentinel (last byte 00) is not the TLS 1.2 one.
        random[31] = 0;
        assert!(!has_downgrade_sentinel(&random));
    }
}
