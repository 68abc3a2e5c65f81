//! The server reads the client's TLS 1.2 flight: [Certificate], ClientKeyExchange,
//! [CertificateVerify], ChangeCipherSpec, Finished; then sends its own ChangeCipherSpec and
//! Finished.

use std::sync::Arc;

use stratls_codec::ProtocolVersion;
use stratls_codec::handshake::{CertificateTls12, CertificateVerify, ClientKeyExchange};
use stratls_crypto::{
    ActiveKeyExchange, CryptoProvider, Secret, Shared, SigningKey, Tls12CipherSuite,
};
use stratls_pki::CertificateDer;
use subtle::{ConditionallySelectable, ConstantTimeEq};

use crate::auth::verify_client_chain;
use crate::config::ServerConfig;
use crate::context::Context;
use crate::error::{Error, Misbehaviour};
use crate::negotiated::Negotiated;
use crate::proof::{
    ClientAuthChecked, ClientAuthStart, FinishedVerified, PeerAuthenticated, SignatureRule, Signed,
    VerifiedChain,
};
use crate::state::{Policy, State, Step};
use crate::tls12::{ExpectChangeCipherSpec, Session, Traffic};
use crate::transcript::TranscriptBuffer;
use crate::verify::ClientCertVerifier;

/// What the server keeps from its flight to read the client's.
pub(in crate::server) struct Flight {
    pub(super) config: Arc<ServerConfig>,
    pub(super) transcript: TranscriptBuffer,
    pub(super) suite: Shared<Tls12CipherSuite>,
    /// ClientHello.random and ServerHello.random.
    pub(super) randoms: ([u8; 32], [u8; 32]),
    pub(super) extended_master_secret: bool,
    /// ECDHE: our key share, until ClientKeyExchange completes it.
    pub(super) kx: Option<Box<dyn ActiveKeyExchange>>,
    /// Our certificate's key (RSA key exchange decrypts with it).
    pub(super) key: Arc<dyn SigningKey>,
    /// ClientHello.client_version, which the RSA premaster secret starts with.
    pub(super) client_version: ProtocolVersion,
    pub(super) agreed: Negotiated,
    /// Whether a NewSessionTicket goes out before our ChangeCipherSpec (RFC 5077 §3.3).
    pub(super) issue_ticket: bool,
    /// The session ID of our ServerHello (empty: none); the session is kept under it.
    pub(super) session_id: Vec<u8>,
}

/// The client's authentication while its flight comes: checked, or a verified chain whose
/// CertificateVerify is still to come.
enum ClientCert {
    Checked(ClientAuthChecked),
    Pending(VerifiedChain),
}

/// The first state after ServerHelloDone.
pub(super) fn start(flight: Flight, client_auth: ClientAuthStart) -> Box<dyn State> {
    match client_auth {
        ClientAuthStart::Request(verifier) => Box::new(ExpectCertificate { flight, verifier }),
        ClientAuthStart::NotRequested(checked) => Box::new(ExpectClientKeyExchange {
            flight,
            client: ClientCert::Checked(checked),
        }),
    }
}

struct ExpectCertificate {
    flight: Flight,
    verifier: Arc<dyn ClientCertVerifier>,
}

impl Step for ExpectCertificate {
    const NAME: &'static str = "Tls12ExpectClientCertificate";
    type Message = CertificateTls12;

    fn policy(&self) -> Policy {
        crate::tls12::policy(&self.flight.suite)
    }

    fn step(
        self,
        cx: &mut Context,
        cert: CertificateTls12,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        let mut flight = self.flight;
        let chain: Vec<CertificateDer<'static>> = cert.chain;
        let client = if chain.is_empty() {
            let checked = ClientAuthChecked::anonymous(&flight.config.client_auth, false)?;
            cx.decide(|| "client sent no certificate; client authentication is optional".into());
            ClientCert::Checked(checked)
        } else {
            let provider = &flight.config.provider;
            ClientCert::Pending(verify_client_chain(
                cx,
                provider,
                self.verifier.as_ref(),
                chain,
            )?)
        };
        flight.transcript.add(encoded);
        Ok(Box::new(ExpectClientKeyExchange { flight, client }))
    }
}

struct ExpectClientKeyExchange {
    flight: Flight,
    client: ClientCert,
}

impl Step for ExpectClientKeyExchange {
    const NAME: &'static str = "Tls12ExpectClientKeyExchange";
    type Message = ClientKeyExchange;

    fn policy(&self) -> Policy {
        crate::tls12::policy(&self.flight.suite)
    }

    fn step(
        self,
        cx: &mut Context,
        cke: ClientKeyExchange,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        let mut flight = self.flight;
        // The parse context is the suite's key exchange, so the form matches the suite: an
        // ECDHE suite has our share, an RSA suite none.
        let premaster = match (cke, flight.kx.take()) {
            (ClientKeyExchange::Ecdhe { public }, Some(kx)) => {
                cx.decide(|| "client's ECDHE share completes the key exchange".into());
                kx.complete(&public)
                    .map_err(|_| Error::PeerMisbehaved(Misbehaviour::InvalidKeyShare))?
            }
            (
                ClientKeyExchange::Rsa {
                    encrypted_pre_master_secret,
                },
                None,
            ) => {
                cx.decide(|| {
                    "premaster secret decrypted with our RSA key (no forward secrecy)".into()
                });
                rsa_premaster(
                    &flight.config.provider,
                    flight.key.as_ref(),
                    flight.client_version,
                    &encrypted_pre_master_secret,
                )?
            }
            _ => {
                return Err(Error::Internal(
                    "ClientKeyExchange form does not fit the suite",
                ));
            }
        };
        flight.transcript.add(encoded);
        let session = Session::new(
            cx,
            flight.suite.clone(),
            &premaster,
            &mut flight.transcript,
            flight.extended_master_secret,
            flight.randoms,
        )?;
        Ok(match self.client {
            ClientCert::Pending(chain) => Box::new(ExpectCertificateVerify {
                flight,
                session,
                chain,
            }),
            ClientCert::Checked(client_auth) => Box::new(ExpectChangeCipherSpec {
                side: ServerFinish {
                    flight,
                    client_auth,
                },
                session,
            }),
        })
    }
}

/// The RSA premaster secret, with the RFC 5246 §7.4.7.1 countermeasure: a random premaster
/// is made first and replaces the decrypted one, by constant-time selection, when decryption
/// failed, its length is not 48 or its first two bytes are not ClientHello.client_version.
/// Every case takes the same path and returns successfully; a bad premaster shows only as a
/// Finished that does not verify.
fn rsa_premaster(
    provider: &CryptoProvider,
    key: &dyn SigningKey,
    client_version: ProtocolVersion,
    encrypted: &[u8],
) -> Result<Secret, Error> {
    let mut premaster = Secret::zeroed(48);
    provider.random.fill(premaster.as_mut_bytes())?;
    let decrypted = key.decrypt_pkcs1v15(encrypted);
    let ok = subtle::Choice::from(u8::from(decrypted.is_ok()));
    let candidate: &[u8] = decrypted.as_ref().map_or(&[], |s| s.as_bytes());
    let len_ok = (candidate.len() as u64).ct_eq(&48);
    let mut padded = [0u8; 48];
    for (i, b) in padded.iter_mut().enumerate() {
        *b = candidate.get(i).copied().unwrap_or(0);
    }
    let version = client_version.to_u16().to_be_bytes();
    let version_ok = padded[..2].ct_eq(&version);
    let use_decrypted = ok & len_ok & version_ok;
    for (out, d) in premaster.as_mut_bytes().iter_mut().zip(padded) {
        *out = u8::conditional_select(out, &d, use_decrypted);
    }
    // A plain fill could be optimised away; the candidate premaster must not outlive its use.
    zeroize::Zeroize::zeroize(&mut padded);
    Ok(premaster)
}

struct ExpectCertificateVerify {
    flight: Flight,
    session: Session,
    chain: VerifiedChain,
}

impl Step for ExpectCertificateVerify {
    const NAME: &'static str = "Tls12ExpectClientCertificateVerify";
    type Message = CertificateVerify;

    fn policy(&self) -> Policy {
        crate::tls12::policy(&self.flight.suite)
    }

    fn step(
        self,
        _cx: &mut Context,
        cv: CertificateVerify,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        let mut flight = self.flight;
        // TLS 1.2 signs the handshake messages themselves (RFC 5246 §7.4.8).
        let signature = self.chain.verify_signature(
            &flight.config.provider,
            // The schemes of our CertificateRequest.
            flight.config.provider.verify_schemes(),
            |_| true,
            Signed {
                scheme: cv.scheme,
                message: flight.transcript.signed_messages()?,
                signature: &cv.signature,
            },
            // A client's certificate is on any curve the provider verifies: the server lists
            // no curves for it in TLS 1.2.
            SignatureRule::Tls12 { curves: None },
        )?;
        flight.transcript.add(encoded);
        let peer = PeerAuthenticated::by_signature(self.chain, signature);
        Ok(Box::new(ExpectChangeCipherSpec {
            side: ServerFinish {
                flight,
                client_auth: ClientAuthChecked::authenticated(peer),
            },
            session: self.session,
        }))
    }
}

/// The server after the client's flight: what it needs once the client's Finished verifies.
struct ServerFinish {
    flight: Flight,
    client_auth: ClientAuthChecked,
}

impl crate::tls12::FinishSide for ServerFinish {
    const EXPECT_FINISHED: &'static str = "Tls12ExpectClientFinished";

    fn policy(suite: &Tls12CipherSuite) -> Policy {
        crate::tls12::policy(suite)
    }

    fn transcript(&mut self) -> &mut TranscriptBuffer {
        &mut self.flight.transcript
    }

    fn finish(
        mut self,
        cx: &mut Context,
        session: Session,
        finished: FinishedVerified,
    ) -> Result<Box<dyn State>, Error> {
        let flight = &mut self.flight;
        if flight.issue_ticket || !flight.session_id.is_empty() {
            let state = crate::server::tls12_resume::state_of(
                cx,
                &flight.config,
                &session,
                &flight.agreed,
                self.client_auth.chain(),
            )?;
            if flight.issue_ticket {
                let ticket = crate::server::tls12_resume::seal(cx, &flight.config, &state)?;
                crate::server::tls12_resume::send_ticket(
                    cx,
                    &flight.config,
                    &state,
                    ticket,
                    &mut flight.transcript,
                )?;
            }
            if let (Some(ids), Ok(id)) = (
                &flight.config.session_ids,
                <[u8; crate::resumption::SESSION_ID_LEN]>::try_from(flight.session_id.as_slice()),
            ) && let Ok(encoded) = state.encode()
            {
                ids.put(id, encoded);
                cx.decide(|| "session kept under the session ID of our ServerHello".into());
            }
        }
        session.change_write_keys(cx)?;
        session.send_finished(cx, &mut self.flight.transcript)?;
        Traffic::server(cx, self.flight.agreed, self.client_auth, finished, session)
    }
}
