//! A ClientHello, read once: what it offers, with a TLS 1.3 view and a TLS 1.2 view that check
//! what each version requires.

use std::collections::HashSet;

use stratls_codec::extensions::{ClientExtension, KeyShareEntry};
use stratls_codec::handshake::ClientHello;
use stratls_codec::{
    CipherSuite, ECPointFormat, NamedGroup, ProtocolVersion, ServerNameType, SignatureScheme,
};

use crate::error::{Error, Incompatibility, Misbehaviour};

/// The parts of a ClientHello the server's choices depend on.
pub(crate) struct Offer<'a> {
    pub(crate) hello: &'a ClientHello,
    signature_schemes: Option<&'a [SignatureScheme]>,
    groups: Option<&'a [NamedGroup]>,
    key_shares: Option<&'a [KeyShareEntry]>,
    pub(crate) alpn: &'a [Vec<u8>],
    pub(crate) server_name: Option<String>,
    point_formats: Option<&'a [ECPointFormat]>,
    extended_master_secret: bool,
    renegotiation_info: Option<&'a [u8]>,
    /// The first TLS 1.2 extension whose body does not parse, next to a TLS 1.3 offer: ignored
    /// if TLS 1.3 is chosen, `decode_error` if TLS 1.2 is.
    tls12_malformed: Option<stratls_codec::DecodeError>,
    pre_shared_key: bool,
    pub(crate) psk_modes: Option<&'a [stratls_codec::PskKeyExchangeMode]>,
    pub(crate) early_data: bool,
}

impl<'a> Offer<'a> {
    /// Reads the extensions; a host name that is not an ASCII DNS name is refused
    /// ([`host_name`]).
    pub(crate) fn read(hello: &'a ClientHello) -> Result<Self, Error> {
        let mut offer = Self {
            hello,
            signature_schemes: None,
            groups: None,
            key_shares: None,
            alpn: &[],
            server_name: None,
            point_formats: None,
            extended_master_secret: false,
            renegotiation_info: None,
            tls12_malformed: None,
            pre_shared_key: false,
            psk_modes: None,
            early_data: false,
        };
        for e in &hello.extensions {
            match e {
                ClientExtension::SignatureAlgorithms(s) => offer.signature_schemes = Some(s),
                ClientExtension::SupportedGroups(g) => offer.groups = Some(g),
                ClientExtension::KeyShare(k) => offer.key_shares = Some(k),
                ClientExtension::Alpn(a) => offer.alpn = a,
                ClientExtension::ServerName(names) => offer.server_name = host_name(names)?,
                ClientExtension::ECPointFormats(f) => offer.point_formats = Some(f),
                ClientExtension::ExtendedMasterSecret => offer.extended_master_secret = true,
                ClientExtension::RenegotiationInfo(r) => offer.renegotiation_info = Some(r),
                e @ ClientExtension::Tls12Malformed { .. } => {
                    offer.tls12_malformed = offer.tls12_malformed.or(e.malformed());
                }
                ClientExtension::PreSharedKey(_) => offer.pre_shared_key = true,
                ClientExtension::PskKeyExchangeModes(m) => offer.psk_modes = Some(m),
                ClientExtension::EarlyData => offer.early_data = true,
                _ => {}
            }
        }
        Ok(offer)
    }

    /// Whether the hello offers TLS 1.2: in supported_versions if it has the extension,
    /// otherwise by a legacy_version of at least TLS 1.2 (RFC 8446 §4.2.1, RFC 5246 §E.1).
    pub(crate) fn offers_tls12(hello: &ClientHello) -> bool {
        match hello.supported_versions() {
            Some(v) => v.contains(&ProtocolVersion::TLSv1_2),
            None => hello.legacy_version >= ProtocolVersion::TLSv1_2,
        }
    }

    /// The client's cipher suites, in its order.
    pub(crate) fn suites(&self) -> &'a [CipherSuite] {
        &self.hello.cipher_suites
    }

    /// The TLS 1.3 view: the extensions TLS 1.3 requires are there (RFC 8446 §9.2) and the key
    /// shares are consistent with the groups (§4.2.8).
    pub(crate) fn tls13(&self) -> Result<Tls13Offer<'a>, Error> {
        /// Up to these lengths the key shares are checked by comparison, not with sets.
        const FEW_SHARES: usize = 8;
        const FEW_GROUPS: usize = 32;
        let missing = |what| Error::PeerIncompatible(Incompatibility::MissingExtension(what));
        // A PSK offer needs its key-exchange modes (RFC 8446 §4.2.9).
        if self.pre_shared_key && self.psk_modes.is_none() {
            return Err(missing("psk_key_exchange_modes"));
        }
        let signature_schemes = self
            .signature_schemes
            .ok_or(missing("signature_algorithms"))?;
        let groups = self.groups.ok_or(missing("supported_groups"))?;
        let key_shares = self.key_shares.ok_or(missing("key_share"))?;
        // Every share must be for a group the client lists, and at most one per group. Short
        // lists (every client's) are compared directly, without allocating; sets keep this
        // linear in the size of a hostile hello.
        if key_shares.len() <= FEW_SHARES && groups.len() <= FEW_GROUPS {
            for (i, share) in key_shares.iter().enumerate() {
                let g = share.group;
                if !groups.contains(&g) || key_shares[..i].iter().any(|s| s.group == g) {
                    return Err(Error::PeerMisbehaved(Misbehaviour::UnofferedGroup));
                }
            }
        } else {
            let listed: HashSet<NamedGroup> = groups.iter().copied().collect();
            let mut seen = HashSet::with_capacity(key_shares.len());
            for share in key_shares {
                let g = share.group;
                if !listed.contains(&g) || !seen.insert(g) {
                    return Err(Error::PeerMisbehaved(Misbehaviour::UnofferedGroup));
                }
            }
        }
        Ok(Tls13Offer {
            signature_schemes,
            groups,
            key_shares,
        })
    }

    /// The TLS 1.2 view: the TLS 1.2 extensions well formed, renegotiation signalling and point
    /// formats checked (RFC 5746 §3.6, RFC 8422 §5.1.2); absent lists are empty.
    pub(crate) fn tls12(&self) -> Result<Tls12Offer<'a>, Error> {
        if let Some(e) = self.tls12_malformed {
            return Err(Error::InvalidMessage(e));
        }
        if self.renegotiation_info.is_some_and(|r| !r.is_empty()) {
            return Err(Error::PeerMisbehaved(Misbehaviour::BadRenegotiationInfo));
        }
        if self
            .point_formats
            .is_some_and(|f| !f.contains(&ECPointFormat::Uncompressed))
        {
            return Err(Error::PeerMisbehaved(
                Misbehaviour::NoUncompressedPointFormat,
            ));
        }
        let secure_renegotiation = self.renegotiation_info.is_some()
            || self
                .hello
                .cipher_suites
                .contains(&CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
        Ok(Tls12Offer {
            signature_schemes: self.signature_schemes.unwrap_or(&[]),
            groups: self.groups.unwrap_or(&[]),
            point_formats: self.point_formats.is_some(),
            extended_master_secret: self.extended_master_secret,
            secure_renegotiation,
        })
    }
}

/// What a ClientHello offers for TLS 1.3.
pub(crate) struct Tls13Offer<'a> {
    pub(crate) signature_schemes: &'a [SignatureScheme],
    pub(crate) groups: &'a [NamedGroup],
    pub(crate) key_shares: &'a [KeyShareEntry],
}

/// Up to this many, the client's schemes that TLS 1.3 allows are kept on the stack.
const FEW_SCHEMES: usize = 32;

/// The schemes of a list that pass a filter: on the stack for a list as short as every
/// client's, on the heap for a longer one.
pub(crate) enum FilteredSchemes {
    /// At most [`FEW_SCHEMES`], the first `.1` of the array.
    Few([SignatureScheme; FEW_SCHEMES], usize),
    /// More.
    Many(Vec<SignatureScheme>),
}

impl FilteredSchemes {
    /// The schemes of `all` that `keep` accepts, in order.
    pub(crate) fn new(all: &[SignatureScheme], keep: impl Fn(SignatureScheme) -> bool) -> Self {
        let kept = || all.iter().copied().filter(|s| keep(*s));
        if all.len() > FEW_SCHEMES {
            return Self::Many(kept().collect());
        }
        let mut few = [SignatureScheme::ED25519; FEW_SCHEMES];
        let mut len = 0;
        for (slot, s) in few.iter_mut().zip(kept()) {
            *slot = s;
            len += 1;
        }
        Self::Few(few, len)
    }

    /// The kept schemes.
    pub(crate) fn as_slice(&self) -> &[SignatureScheme] {
        match self {
            Self::Few(few, len) => few.get(..*len).unwrap_or_default(),
            Self::Many(many) => many,
        }
    }
}

/// What a ClientHello offers for TLS 1.2.
pub(crate) struct Tls12Offer<'a> {
    pub(crate) signature_schemes: &'a [SignatureScheme],
    pub(crate) groups: &'a [NamedGroup],
    /// Whether it sent ec_point_formats (then the answer carries ours).
    pub(crate) point_formats: bool,
    pub(crate) extended_master_secret: bool,
    pub(crate) secure_renegotiation: bool,
}

/// The host name of a server_name extension, if it has one (RFC 6066 §3): an ASCII DNS name
/// whose labels are 1 to 63 letters, digits, hyphens or underscores, at most 253 bytes;
/// anything else (NUL, control characters, spaces, non-ASCII bytes, an empty label) is
/// `illegal_parameter`. RFC 6066 asks for no trailing dot: one is taken as the same name
/// without it. It forbids IP literals: one is ignored, as if no name had been sent.
fn host_name(
    names: &[stratls_codec::extensions::ServerNameEntry],
) -> Result<Option<String>, Error> {
    let Some(entry) = names.iter().find(|n| n.typ == ServerNameType::HostName) else {
        return Ok(None);
    };
    let invalid = Error::PeerMisbehaved(Misbehaviour::InvalidServerName);
    let text = std::str::from_utf8(&entry.name)
        .ok()
        .filter(|t| t.is_ascii())
        .ok_or(invalid.clone())?;
    if text.parse::<std::net::IpAddr>().is_ok() {
        return Ok(None);
    }
    let name = text.strip_suffix('.').unwrap_or(text);
    let label_ok = |l: &str| {
        (1..=63).contains(&l.len())
            && l.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if name.len() > 253 || !name.split('.').all(label_ok) {
        return Err(invalid);
    }
    Ok(Some(name.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filtered_as_a_vec(all: &[SignatureScheme], keep: fn(SignatureScheme) -> bool) {
        let expected: Vec<SignatureScheme> = all.iter().copied().filter(|s| keep(*s)).collect();
        let kept = FilteredSchemes::new(all, keep);
        assert_eq!(kept.as_slice(), expected.as_slice());
        assert_eq!(
            matches!(kept, FilteredSchemes::Many(_)),
            all.len() > FEW_SCHEMES
        );
    }

    #[test]
    fn filtered_schemes_keep_the_order_and_only_the_accepted_ones() {
        let tls13 = crate::tls13::allowed_for_tls13_signature;
        let mixed = [
            SignatureScheme::RSA_PKCS1_SHA256,
            SignatureScheme::ECDSA_SECP256R1_SHA256,
            SignatureScheme::RSA_PSS_RSAE_SHA256,
            SignatureScheme::ED25519,
        ];
        filtered_as_a_vec(&mixed, tls13);
        filtered_as_a_vec(&[], tls13);
        filtered_as_a_vec(&[SignatureScheme::RSA_PKCS1_SHA256], tls13);
        // Exactly as many as the stack holds, and one more.
        let full = [SignatureScheme::ECDSA_SECP384R1_SHA384; FEW_SCHEMES];
        filtered_as_a_vec(&full, tls13);
        let mut long = vec![SignatureScheme::RSA_PKCS1_SHA256; FEW_SCHEMES];
        long.push(SignatureScheme::RSA_PSS_RSAE_SHA512);
        filtered_as_a_vec(&long, tls13);
    }
}
