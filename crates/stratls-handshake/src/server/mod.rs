//! The server: reads the ClientHello, chooses version, suite, group, certificate and signature
//! scheme, and answers (with a HelloRetryRequest first when the client sent no usable key
//! share). The TLS 1.3 flight and the client's answer are in [`tls13`], the TLS 1.2 ones in
//! [`tls12`].
//!
//! Version choice: TLS 1.3 when the client offers it and both sides share a TLS 1.3 cipher
//! suite; otherwise TLS 1.2 when both sides have it (with the RFC 8446 §4.1.3 downgrade
//! sentinel in the random if this server can do TLS 1.3, so a TLS 1.3 client that offered no
//! common TLS 1.3 suite aborts with `illegal_parameter`); otherwise `protocol_version`.

mod tls12;
mod tls13;

use std::sync::Arc;

use stratls_codec::extensions::{ClientExtension, HelloRetryExtension, KeyShareEntry};
use stratls_codec::handshake::{ClientHello, HelloRetryRequest};
use stratls_codec::{
    HandshakeMessage, HandshakeType, NamedGroup, ProtocolVersion, ServerNameType, SignatureScheme,
};
use stratls_crypto::{Shared, Tls13CipherSuite};
use stratls_record::CcsPolicy;

use crate::common::Core;
use crate::config::ServerConfig;
use crate::error::{Error, Incompatibility, Misbehaviour};
use crate::state::{Incoming, State};
use crate::transcript::Transcript;

/// The first state of a server connection.
pub(crate) fn start(config: Arc<ServerConfig>) -> Result<Box<dyn State>, Error> {
    if config.tls13_suites().is_empty() && config.tls12_suites().is_empty() {
        return Err(Error::Config(
            "no cipher suite configured for the enabled protocol versions",
        ));
    }
    if config.groups().is_empty() {
        return Err(Error::Config("no key-exchange group configured"));
    }
    Ok(Box::new(ExpectClientHello {
        config,
        transcript: Transcript::new(),
        retry: None,
    }))
}

/// What the server remembers of the HelloRetryRequest it sent.
struct Retry {
    suite: Shared<Tls13CipherSuite>,
    group: NamedGroup,
    ccs_sent: bool,
}

struct ExpectClientHello {
    config: Arc<ServerConfig>,
    transcript: Transcript,
    retry: Option<Retry>,
}

/// The parts of a ClientHello the choices depend on, checked.
pub(crate) struct Offer<'a> {
    pub(crate) hello: &'a ClientHello,
    pub(crate) signature_schemes: &'a [SignatureScheme],
    groups: &'a [NamedGroup],
    key_shares: &'a [KeyShareEntry],
    pub(crate) alpn: &'a [Vec<u8>],
    pub(crate) server_name: Option<String>,
}

impl<'a> Offer<'a> {
    fn read(hello: &'a ClientHello) -> Result<Self, Error> {
        let mut schemes = None;
        let mut groups = None;
        let mut shares = None;
        let mut alpn: &[Vec<u8>] = &[];
        let mut server_name = None;
        for e in &hello.extensions {
            match e {
                ClientExtension::SignatureAlgorithms(s) => schemes = Some(s.as_slice()),
                ClientExtension::SupportedGroups(g) => groups = Some(g.as_slice()),
                ClientExtension::KeyShare(k) => shares = Some(k.as_slice()),
                ClientExtension::Alpn(a) => alpn = a.as_slice(),
                ClientExtension::ServerName(names) => server_name = host_name(names)?,
                _ => {}
            }
        }
        let missing = |what| Error::PeerIncompatible(Incompatibility::MissingExtension(what));
        // A PSK offer needs its key-exchange modes (RFC 8446 §4.2.9). stratls does not resume
        // sessions, so a valid offer is then simply not taken up.
        let offers_psk = hello
            .extensions
            .iter()
            .any(|e| matches!(e, ClientExtension::PreSharedKey(_)));
        let psk_modes = hello
            .extensions
            .iter()
            .any(|e| matches!(e, ClientExtension::PskKeyExchangeModes(_)));
        if offers_psk && !psk_modes {
            return Err(missing("psk_key_exchange_modes"));
        }
        let signature_schemes = schemes.ok_or(missing("signature_algorithms"))?;
        let groups = groups.ok_or(missing("supported_groups"))?;
        let key_shares = shares.ok_or(missing("key_share"))?;
        // Every share must be for a group the client lists, and at most one per group
        // (RFC 8446 §4.2.8). Sets keep this linear in the size of a hostile hello.
        let listed: std::collections::HashSet<NamedGroup> = groups.iter().copied().collect();
        let mut seen = std::collections::HashSet::with_capacity(key_shares.len());
        for share in key_shares {
            let g = share.group;
            if !listed.contains(&g) || !seen.insert(g) {
                return Err(Error::PeerMisbehaved(Misbehaviour::UnofferedGroup));
            }
        }
        Ok(Self {
            hello,
            signature_schemes,
            groups,
            key_shares,
            alpn,
            server_name,
        })
    }
}

/// The host name of a server_name extension, if it has one.
pub(crate) fn host_name(
    names: &[stratls_codec::extensions::ServerNameEntry],
) -> Result<Option<String>, Error> {
    names
        .iter()
        .find(|n| n.typ == ServerNameType::HostName)
        .map(|n| String::from_utf8(n.name.clone()))
        .transpose()
        .map_err(|_| {
            Error::InvalidMessage(stratls_codec::DecodeError::IllegalValue {
                field: "server_name",
            })
        })
}

/// Whether a ClientHello offers TLS 1.2: in supported_versions if it has the extension,
/// otherwise by a legacy_version of at least TLS 1.2 (RFC 8446 §4.2.1, RFC 5246 §E.1).
fn offers_tls12(hello: &ClientHello) -> bool {
    match hello.supported_versions() {
        Some(v) => v.contains(&ProtocolVersion::TLSv1_2),
        None => hello.legacy_version >= ProtocolVersion::TLSv1_2,
    }
}

impl State for ExpectClientHello {
    fn name(&self) -> &'static str {
        "ExpectClientHello"
    }

    fn expects(&self) -> &'static [HandshakeType] {
        &[HandshakeType::ClientHello]
    }

    fn handle(
        mut self: Box<Self>,
        core: &mut Core,
        msg: Incoming<'_>,
    ) -> Result<Box<dyn State>, Error> {
        let HandshakeMessage::ClientHello(hello) = &msg.message else {
            return Err(crate::state::unexpected("ExpectClientHello", "message"));
        };
        let tls13 = hello.offers_tls13() && !self.config.tls13_suites().is_empty();
        let tls12 = offers_tls12(hello) && !self.config.tls12_suites().is_empty();
        if self.retry.is_none() && tls12 && !(tls13 && self.shares_tls13_suite(hello)) {
            core.decide(|| {
                if hello.offers_tls13() {
                    "TLS 1.2: the client offers TLS 1.3 but no TLS 1.3 suite we have".into()
                } else {
                    "TLS 1.2: the highest version both sides have".into()
                }
            });
            self.transcript.add(msg.encoded);
            return tls12::respond(core, self.config, self.transcript, hello);
        }
        if !tls13 {
            core.decide(|| "no protocol version in common".into());
            return Err(Error::PeerIncompatible(Incompatibility::NoCommonVersion));
        }
        if hello.legacy_compression_methods != [0] {
            return Err(Error::PeerMisbehaved(Misbehaviour::BadCompression));
        }
        let offer = Offer::read(hello)?;
        let suite = self.choose_suite(core, hello)?;
        if let Some(retry) = &self.retry {
            // The second ClientHello must answer the HelloRetryRequest (RFC 8446 §4.1.2).
            let answers = suite.id == retry.suite.id
                && offer.key_shares.len() == 1
                && offer.key_shares[0].group == retry.group;
            if !answers {
                return Err(Error::PeerMisbehaved(Misbehaviour::BadSecondClientHello));
            }
        }
        self.transcript.add(msg.encoded);

        let server_groups = self.config.groups();
        let share = server_groups
            .iter()
            .find_map(|g| offer.key_shares.iter().find(|s| s.group == *g));
        let Some(share) = share else {
            let wanted = server_groups
                .iter()
                .copied()
                .find(|g| offer.groups.iter().any(|c| c == g));
            let Some(group) = wanted else {
                return Err(Error::PeerIncompatible(Incompatibility::NoCommonGroup));
            };
            if self.retry.is_some() {
                return Err(Error::PeerMisbehaved(Misbehaviour::BadSecondClientHello));
            }
            return self.hello_retry(core, hello, suite, group);
        };
        let ccs_sent = self.retry.as_ref().is_some_and(|r| r.ccs_sent);
        core.client_random = hello.random;
        tls13::respond(
            core,
            self.config,
            self.transcript,
            &offer,
            suite,
            share,
            ccs_sent,
        )
    }
}

impl ExpectClientHello {
    fn shares_tls13_suite(&self, hello: &ClientHello) -> bool {
        let ours = self.config.tls13_suites();
        hello
            .cipher_suites
            .iter()
            .any(|c| ours.iter().any(|s| s.id == *c))
    }

    fn choose_suite(
        &self,
        core: &Core,
        hello: &ClientHello,
    ) -> Result<Shared<Tls13CipherSuite>, Error> {
        let ours = self.config.tls13_suites();
        let theirs = &hello.cipher_suites;
        let chosen = if self.config.prefer_server_order {
            ours.iter().find(|s| theirs.contains(&s.id)).cloned()
        } else {
            theirs
                .iter()
                .find_map(|id| ours.iter().find(|s| s.id == *id).cloned())
        };
        let suite = chosen.ok_or(Error::PeerIncompatible(
            Incompatibility::NoCommonCipherSuite,
        ))?;
        core.decide(|| {
            format!(
                "cipher suite {:?}: first of the {} order that both sides have",
                suite.id,
                if self.config.prefer_server_order {
                    "server's"
                } else {
                    "client's"
                }
            )
        });
        Ok(suite)
    }

    fn hello_retry(
        mut self: Box<Self>,
        core: &mut Core,
        hello: &ClientHello,
        suite: Shared<Tls13CipherSuite>,
        group: NamedGroup,
    ) -> Result<Box<dyn State>, Error> {
        core.decide(|| {
            format!(
                "no key share for a group we accept: asking the client to retry with {:?}",
                group
            )
        });
        core.negotiated.hello_retry = true;
        let hrr = HandshakeMessage::HelloRetryRequest(HelloRetryRequest {
            legacy_version: ProtocolVersion::TLSv1_2,
            legacy_session_id_echo: hello.legacy_session_id.clone(),
            cipher_suite: suite.id,
            extensions: vec![
                HelloRetryExtension::SupportedVersions(ProtocolVersion::TLSv1_3),
                HelloRetryExtension::KeyShare(group),
            ],
        });
        self.transcript.rollup_for_hrr(&*suite.hash);
        core.send(&hrr, Some(&mut self.transcript))?;
        let ccs_sent = !hello.legacy_session_id.is_empty();
        if ccs_sent {
            core.send_change_cipher_spec();
        }
        // The client's compatibility change_cipher_spec may come before its second hello.
        core.reader.set_ccs_policy(CcsPolicy::Ignore);
        // 0-RTT records sent with the first hello are application_data the server cannot
        // read: skipped, up to a bound (RFC 8446 §4.2.10).
        if tls13::offers_early_data(hello) {
            core.reader
                .skip_early_data(core.limits.max_skipped_early_data);
        }
        self.retry = Some(Retry {
            suite,
            group,
            ccs_sent,
        });
        Ok(self)
    }
}
