//! The server: reads the ClientHello, chooses version, suite, group, certificate and signature
//! scheme, and answers (with a HelloRetryRequest first when the client sent no usable key
//! share). The TLS 1.3 flight and the client's answer are in [`tls13`], the TLS 1.2 ones in
//! [`tls12`]; the hello is read once, in [`offer`].
//!
//! Version choice: TLS 1.3 when the client offers it and both sides share a TLS 1.3 cipher
//! suite; otherwise TLS 1.2 when both sides have it (with the RFC 8446 §4.1.3 downgrade
//! sentinel in the random if this server can do TLS 1.3, so a TLS 1.3 client that offered no
//! common TLS 1.3 suite aborts with `illegal_parameter`); otherwise `protocol_version`.

mod acceptor;
mod early;
mod offer;
mod resume;
mod tls12;
mod tls12_resume;
mod tls13;

use std::sync::Arc;

use stratls_codec::extensions::HelloRetryExtension;
use stratls_codec::handshake::{ClientHello, HelloRetryRequest};
use stratls_codec::{CipherSuite, HandshakeMessage, NamedGroup, ProtocolVersion};
use stratls_crypto::{Shared, Tls13CipherSuite};

use crate::choose::{order_name, suite_order};
use crate::config::ServerConfig;
use crate::context::Context;
use crate::error::{Error, Incompatibility, Misbehaviour};
use crate::negotiated::Negotiated;
use crate::state::{Policy, State, Step};
use crate::transcript::{TranscriptBuffer, TranscriptHash};

pub use acceptor::{Accepted, Acceptor};
use offer::Offer;

/// The first state of a server connection.
pub(crate) fn start(config: Arc<ServerConfig>) -> Result<Box<dyn State>, Error> {
    if !config.accepts_tls13() && !config.accepts_tls12() {
        return Err(Error::Config(
            "no cipher suite configured for the enabled protocol versions",
        ));
    }
    if config.groups().next().is_none() {
        return Err(Error::Config("no key-exchange group configured"));
    }
    Ok(Box::new(ExpectClientHello { config }))
}

/// Waiting for the first ClientHello.
struct ExpectClientHello {
    config: Arc<ServerConfig>,
}

impl Step for ExpectClientHello {
    const NAME: &'static str = "ExpectClientHello";
    type Message = ClientHello;

    fn policy(&self) -> Policy {
        Policy::TLS13
    }

    fn step(
        self,
        cx: &mut Context,
        hello: ClientHello,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        crate::choose::check_legacy_version(hello.legacy_version)?;
        let mut transcript = TranscriptBuffer::new();
        transcript.add(encoded);
        let config = self.config;
        let tls13 = hello.offers_tls13() && config.accepts_tls13();
        let tls12 = Offer::offers_tls12(&hello) && config.accepts_tls12();
        // RFC 7507 §3: a client that retried with a lower version than it can do says so; a
        // server that could have given it the higher one (TLS 1.3 here) refuses the retry.
        // Below TLS 1.2 the answer is protocol_version instead.
        if tls12
            && !hello.offers_tls13()
            && config.accepts_tls13()
            && hello
                .cipher_suites
                .contains(&CipherSuite::TLS_FALLBACK_SCSV)
        {
            cx.decide(|| "TLS_FALLBACK_SCSV from a client that offers TLS 1.2 at most".into());
            return Err(Error::PeerMisbehaved(Misbehaviour::InappropriateFallback));
        }
        if tls12 && !(tls13 && shares_tls13_suite(&config, &hello)) {
            cx.decide(|| {
                if hello.offers_tls13() {
                    "TLS 1.2: the client offers TLS 1.3 but no TLS 1.3 suite we have".into()
                } else {
                    "TLS 1.2: the highest version both sides have".into()
                }
            });
            return tls12::respond(cx, config, transcript, &hello);
        }
        if !tls13 {
            cx.decide(|| "no protocol version in common".into());
            return Err(Error::PeerIncompatible(Incompatibility::NoCommonVersion));
        }
        let first = First { config, transcript };
        first.tls13(cx, &hello)
    }
}

/// The first ClientHello chose TLS 1.3.
struct First {
    config: Arc<ServerConfig>,
    transcript: TranscriptBuffer,
}

impl First {
    fn tls13(self, cx: &mut Context, hello: &ClientHello) -> Result<Box<dyn State>, Error> {
        if hello.legacy_compression_methods != [0] {
            return Err(Error::PeerMisbehaved(Misbehaviour::BadCompression));
        }
        let offer = Offer::read(hello)?;
        let view = offer.tls13()?;
        let suite = choose_suite(cx, &self.config, &offer)?;
        let share = self
            .config
            .groups()
            .find_map(|g| view.key_shares.iter().find(|s| s.group == g));
        if let Some(share) = share {
            // A PSK binder covers the hello up to its binders (RFC 8446 §4.2.11.2).
            let psk_hash = match hello.pre_shared_key() {
                Some(_) => {
                    let end = binders_start(self.transcript.messages())?;
                    Some(suite.hash.hash(&self.transcript.messages()[..end]))
                }
                None => None,
            };
            let transcript = self.transcript.start_hash(&*suite.hash);
            let choice = tls13::Choice {
                offer: &offer,
                view,
                suite,
                share,
                psk_hash,
            };
            return tls13::respond(
                cx,
                self.config,
                transcript,
                choice,
                Negotiated::default(),
                false,
            );
        }
        let group = self
            .config
            .groups()
            .find(|g| view.groups.contains(g))
            .ok_or(Error::PeerIncompatible(Incompatibility::NoCommonGroup))?;
        self.hello_retry(cx, &offer, suite, group)
    }

    fn hello_retry(
        self,
        cx: &mut Context,
        offer: &Offer<'_>,
        suite: Shared<Tls13CipherSuite>,
        group: NamedGroup,
    ) -> Result<Box<dyn State>, Error> {
        let hello = offer.hello;
        cx.decide(|| {
            format!(
                "no key share for a group we accept: asking the client to retry with {:?}",
                group
            )
        });
        let agreed = Negotiated {
            hello_retry: true,
            early_data: if offer.early_data {
                crate::negotiated::EarlyData::Rejected
            } else {
                crate::negotiated::EarlyData::NotOffered
            },
            ..Negotiated::default()
        };
        let hrr = HandshakeMessage::HelloRetryRequest(HelloRetryRequest {
            legacy_version: ProtocolVersion::TLSv1_2,
            legacy_session_id_echo: hello.legacy_session_id.clone(),
            cipher_suite: suite.id,
            extensions: vec![
                HelloRetryExtension::SupportedVersions(ProtocolVersion::TLSv1_3),
                HelloRetryExtension::KeyShare(group),
            ],
        });
        let mut transcript = self.transcript.rollup_for_hrr(&*suite.hash);
        cx.send(&hrr, &mut transcript)?;
        let ccs_sent = !hello.legacy_session_id.is_empty();
        if ccs_sent {
            cx.send_change_cipher_spec();
        }
        Ok(Box::new(ExpectClientHelloAfterRetry {
            config: self.config,
            transcript,
            suite,
            group,
            ccs_sent,
            skip_early_data: offer.early_data,
            agreed,
        }))
    }
}

/// Waiting for the second ClientHello, which must answer the HelloRetryRequest.
struct ExpectClientHelloAfterRetry {
    config: Arc<ServerConfig>,
    transcript: TranscriptHash,
    suite: Shared<Tls13CipherSuite>,
    group: NamedGroup,
    /// Whether our compatibility change_cipher_spec went out with the HelloRetryRequest.
    ccs_sent: bool,
    /// The first hello offered 0-RTT: its records are application_data the server cannot
    /// read, skipped up to a bound (RFC 8446 §4.2.10).
    skip_early_data: bool,
    agreed: Negotiated,
}

impl Step for ExpectClientHelloAfterRetry {
    const NAME: &'static str = "ExpectSecondClientHello";
    type Message = ClientHello;

    /// The client's compatibility change_cipher_spec may come before its second hello.
    fn policy(&self) -> Policy {
        Policy {
            skip_early_data: self.skip_early_data,
            ..Policy::tls13_handshake(true)
        }
    }

    fn step(
        mut self,
        cx: &mut Context,
        hello: ClientHello,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        crate::choose::check_legacy_version(hello.legacy_version)?;
        if !hello.offers_tls13() {
            cx.decide(|| "the second hello offers no TLS 1.3".into());
            return Err(Error::PeerIncompatible(Incompatibility::NoCommonVersion));
        }
        if hello.legacy_compression_methods != [0] {
            return Err(Error::PeerMisbehaved(Misbehaviour::BadCompression));
        }
        let offer = Offer::read(&hello)?;
        let view = offer.tls13()?;
        let suite = choose_suite(cx, &self.config, &offer)?;
        // The second ClientHello must answer the HelloRetryRequest (RFC 8446 §4.1.2).
        let share = match view.key_shares {
            [share] if suite.id == self.suite.id && share.group == self.group => share,
            _ => return Err(Error::PeerMisbehaved(Misbehaviour::BadSecondClientHello)),
        };
        let psk_hash = match hello.pre_shared_key() {
            Some(_) => Some(
                self.transcript
                    .current_with(&encoded[..binders_start(encoded)?]),
            ),
            None => None,
        };
        self.transcript.add(encoded);
        let choice = tls13::Choice {
            offer: &offer,
            view,
            suite,
            share,
            psk_hash,
        };
        tls13::respond(
            cx,
            self.config,
            self.transcript,
            choice,
            self.agreed,
            self.ccs_sent,
        )
    }
}

/// Where the binders of an encoded ClientHello with pre_shared_key begin.
fn binders_start(encoded: &[u8]) -> Result<usize, Error> {
    stratls_codec::handshake::binders_start_offset(encoded).map_err(Error::InvalidMessage)
}

fn shares_tls13_suite(config: &ServerConfig, hello: &ClientHello) -> bool {
    hello
        .cipher_suites
        .iter()
        .any(|c| config.tls13_suites().any(|s| s.id == *c))
}

fn choose_suite(
    cx: &Context,
    config: &ServerConfig,
    offer: &Offer<'_>,
) -> Result<Shared<Tls13CipherSuite>, Error> {
    let mut ordered = suite_order(
        config.tls13_suites(),
        offer.suites(),
        config.prefer_server_order,
        |s: &Shared<Tls13CipherSuite>| s.id,
    );
    let suite = ordered.next().ok_or(Error::PeerIncompatible(
        Incompatibility::NoCommonCipherSuite,
    ))?;
    cx.decide(|| {
        format!(
            "cipher suite {:?}: first of the {} order that both sides have",
            suite.id,
            order_name(config.prefer_server_order)
        )
    });
    Ok(suite)
}
