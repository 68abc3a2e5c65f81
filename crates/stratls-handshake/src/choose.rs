//! Negotiation choices both versions make alike: randoms, the hellos' legacy_version, ALPN,
//! the order of suites, the signature schemes offered.

use stratls_codec::{CipherSuite, ProtocolVersion, SignatureScheme};
use stratls_crypto::CryptoProvider;

use crate::context::Context;
use crate::error::{Error, Incompatibility, Misbehaviour};

/// A fresh 32-byte random (a hello random, a session id).
pub(crate) fn random32(provider: &CryptoProvider) -> Result<[u8; 32], Error> {
    let mut r = [0u8; 32];
    provider.random.fill(&mut r)?;
    Ok(r)
}

/// A hello's legacy_version, before anything else is read from it: SSL 3.0 (0x0300) or below
/// is `protocol_version` whatever supported_versions offers (RFC 8446 Appendix D.5), on
/// either side.
pub(crate) fn check_legacy_version(version: ProtocolVersion) -> Result<(), Error> {
    if version <= ProtocolVersion::SSLv3 {
        return Err(Error::PeerIncompatible(Incompatibility::Ssl3LegacyVersion));
    }
    Ok(())
}

/// The schemes this side verifies, as offered in signature_algorithms.
pub(crate) fn verify_schemes(provider: &CryptoProvider) -> Vec<SignatureScheme> {
    provider.verify_schemes().collect()
}

/// The client checks the server's ALPN choice: an answer to no offer is an unsolicited
/// extension (`unsupported_extension`, RFC 8446 §4.2); a protocol we did not offer is a field
/// inconsistent with our hello (`illegal_parameter`; RFC 7301 names no alert for it).
pub(crate) fn check_alpn(offered: &[Vec<u8>], chosen: &[u8]) -> Result<(), Error> {
    if offered.is_empty() {
        return Err(Error::PeerMisbehaved(Misbehaviour::UnsolicitedExtension));
    }
    if !offered.iter().any(|p| p == chosen) {
        return Err(Error::PeerMisbehaved(Misbehaviour::UnofferedAlpn));
    }
    Ok(())
}

/// The server chooses ALPN: the first of its protocols the client offers. Without ALPN on
/// either side, none; with both but nothing in common, `no_application_protocol`
/// (RFC 7301 §3.2).
pub(crate) fn choose_alpn(
    cx: &Context,
    ours: &[Vec<u8>],
    offered: &[Vec<u8>],
) -> Result<Option<Vec<u8>>, Error> {
    if ours.is_empty() || offered.is_empty() {
        return Ok(None);
    }
    let chosen = ours
        .iter()
        .find(|p| offered.contains(p))
        .cloned()
        .ok_or(Error::PeerIncompatible(Incompatibility::NoCommonAlpn))?;
    cx.decide(|| {
        format!(
            "ALPN {:?}: first of ours the client offers",
            String::from_utf8_lossy(&chosen)
        )
    });
    Ok(Some(chosen))
}

/// The server's suites that the client offers, in the order that decides: the server's when
/// `server_order`, the client's otherwise. `id` gives a suite's code point.
pub(crate) fn suite_order<'a, T: Clone + 'a>(
    ours: impl Iterator<Item = &'a T> + Clone + 'a,
    theirs: &'a [CipherSuite],
    server_order: bool,
    id: impl Fn(&T) -> CipherSuite + Copy + 'a,
) -> impl Iterator<Item = T> + 'a {
    // Both orders walk lists of a few entries, without collecting them.
    let by_ours = ours
        .clone()
        .filter(move |s| server_order && theirs.contains(&id(s)))
        .cloned();
    let by_theirs = theirs
        .iter()
        .filter(move |_| !server_order)
        .filter_map(move |c| ours.clone().find(|s| id(s) == *c).cloned());
    by_ours.chain(by_theirs)
}

/// Words for the observer: whose order chose.
pub(crate) fn order_name(server_order: bool) -> &'static str {
    if server_order { "server's" } else { "client's" }
}

/// The longest key share a TLS 1.2 ServerKeyExchange or ClientKeyExchange carries: its ECDH
/// public value is an `opaque <1..2^8-1>` vector (RFC 8422 §5.4, §5.7).
pub(crate) const MAX_TLS12_SHARE: usize = 0xff;

/// The longest key share a TLS 1.3 KeyShareEntry carries: `opaque key_exchange<1..2^16-1>`
/// (RFC 8446 §4.2.8). A ClientHello's shares together are bounded by the same vector length,
/// which the entries' sum is checked against where the hello is built.
pub(crate) const MAX_TLS13_SHARE: usize = 0xffff;

/// Our own key share, as the provider made it, checked against the length its vector allows
/// before it is encoded: the encoders assume that bound, so a provider whose group makes longer
/// shares (a third-party KEM claiming TLS 1.2 use, say) fails the handshake with
/// `internal_error` rather than sending a truncated share.
pub(crate) fn own_share(share: Vec<u8>, max: usize) -> Result<Vec<u8>, Error> {
    if share.is_empty() || share.len() > max {
        return Err(Error::Config(
            "the provider made a key share whose length the wire cannot carry",
        ));
    }
    Ok(share)
}
