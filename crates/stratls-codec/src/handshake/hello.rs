//! ClientHello (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2).

use crate::wire::EncodeBuf;

use crate::enums::HandshakeType;
use crate::enums::{
    CipherSuite, ExtensionType, NamedGroup, ProtocolVersion, PskKeyExchangeMode, SignatureScheme,
};
use crate::error::DecodeError;
use crate::extensions::{
    self, ClientExtension, KeyShareEntry, PreSharedKeyOffer, ProtocolName, ServerNameEntry,
    protocol_name_str,
};
use crate::handshake::{HANDSHAKE_HEADER_LEN, HandshakeHeader};
use crate::wire::{self, PResult};

/// The longest ClientHello body whose vectors all lie within their RFC bounds: version,
/// random, `legacy_session_id<0..32>`, `cipher_suites<2..2^16-2>`,
/// `legacy_compression_methods<1..2^8-1>` and `extensions<8..2^16-1>`, each with its length
/// (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2): 131,396 bytes.
pub const MAX_CLIENT_HELLO_LEN: usize = 2 + 32 + (1 + 32) + (2 + 65534) + (1 + 255) + (2 + 65535);

/// A ClientHello, TLS 1.3 or TLS 1.2.
///
/// Parsing enforces, besides the vector bounds (`legacy_session_id<0..32>`,
/// `cipher_suites<2..2^16-2>` of even length, `legacy_compression_methods<1..2^8-1>`):
/// - the compression methods contain null (RFC 5246 §7.4.1.2), and are exactly `[0]` when
///   supported_versions offers TLS 1.3 (RFC 8446 §4.1.2: `illegal_parameter`);
/// - a TLS 1.3 offer's extension block is at least 8 bytes (`extensions<8..2^16-1>`);
/// - no duplicate extension, pre_shared_key last (RFC 8446 §4.2.11: `illegal_parameter`), and
///   the RFC 8446 §4.2 placement table (see [`crate::extensions`]);
/// - a ClientHello that offers no TLS 1.3 has well-formed ec_point_formats,
///   extended_master_secret and renegotiation_info; next to a TLS 1.3 offer a malformed one is
///   kept as [`ClientExtension::Tls12Malformed`], for the server to ignore if it chooses
///   TLS 1.3.
///
/// A TLS 1.2 ClientHello may omit the extension block; that parses as an empty `extensions`, and
/// an empty `extensions` encodes without a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientHello {
    /// `legacy_version` (0x0303 in a TLS 1.3 ClientHello).
    pub legacy_version: ProtocolVersion,
    /// The 32-byte client random.
    pub random: [u8; 32],
    /// `legacy_session_id<0..32>`.
    pub legacy_session_id: Vec<u8>,
    /// The offered suites, most preferred first.
    pub cipher_suites: Vec<CipherSuite>,
    /// `legacy_compression_methods<1..2^8-1>`.
    pub legacy_compression_methods: Vec<u8>,
    /// The extensions, in wire order.
    pub extensions: Vec<ClientExtension>,
}

impl ClientHello {
    /// Parses a ClientHello body (without the handshake header).
    pub fn parse(body: &[u8]) -> Result<Self, DecodeError> {
        let hello = wire::parse_all(body, "ClientHello", Self::read)?;
        // All of `body` was read, so the extension entries are what follows the fixed fields and
        // the block's two-byte length (nothing when the block is absent). Their encoding is
        // canonical, so this is the length re-encoding them would give, without encoding.
        let fixed = 2
            + 32
            + 1
            + hello.legacy_session_id.len()
            + 2
            + 2 * hello.cipher_suites.len()
            + 1
            + hello.legacy_compression_methods.len();
        hello.check(body.len().saturating_sub(fixed).saturating_sub(2))?;
        Ok(hello)
    }

    fn read(i: &[u8]) -> PResult<'_, Self> {
        let (i, legacy_version) = wire::u16(i, "legacy_version")?;
        let (i, random) = wire::array::<32>(i, "random")?;
        let (i, session_id) = wire::vec_u8(i, 0, 32, "legacy_session_id")?;
        let (i, suites) = wire::vec_u16(i, 2, 0xfffe, "cipher_suites")?;
        let cipher_suites = wire::u16_items(suites, "cipher_suites")?;
        let (i, compression) = wire::vec_u8(i, 1, 0xff, "legacy_compression_methods")?;
        let (i, extensions) = if i.is_empty() {
            (i, Vec::new())
        } else {
            extensions::read_block(
                i,
                (0, 0xffff),
                "ClientHello extensions",
                ClientExtension::parse,
            )?
        };
        let hello = Self {
            legacy_version: ProtocolVersion::from(legacy_version),
            random,
            legacy_session_id: session_id.to_vec(),
            cipher_suites,
            legacy_compression_methods: compression.to_vec(),
            extensions,
        };
        Ok((i, hello))
    }

    /// The checks that need the whole message; `extensions_len` is the length of the extension
    /// entries as received.
    fn check(&self, extensions_len: usize) -> Result<(), DecodeError> {
        let compression = "legacy_compression_methods";
        if self.offers_tls13() {
            if self.legacy_compression_methods != [0] {
                return Err(DecodeError::IllegalValue { field: compression });
            }
            let len = extensions_len;
            if len < 8 {
                return Err(DecodeError::LengthOutOfRange {
                    field: "ClientHello extensions",
                    len,
                });
            }
        } else {
            if !self.legacy_compression_methods.contains(&0) {
                return Err(DecodeError::IllegalValue { field: compression });
            }
            // Without TLS 1.3 on offer, the TLS 1.2 extensions are for use.
            if let Some(e) = self.extensions.iter().find_map(ClientExtension::malformed) {
                return Err(e);
            }
        }
        let psk = self
            .extensions
            .iter()
            .position(|e| e.typ() == ExtensionType::PreSharedKey);
        if psk.is_some_and(|p| p + 1 != self.extensions.len()) {
            return Err(DecodeError::PreSharedKeyNotLast);
        }
        Ok(())
    }

    /// Writes the body (without the handshake header).
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        dst.put_u16(self.legacy_version.to_u16());
        dst.put_slice(&self.random);
        wire::put_vec_u8(dst, &self.legacy_session_id);
        extensions::put_u16_list(dst, &self.cipher_suites);
        wire::put_vec_u8(dst, &self.legacy_compression_methods);
        if !self.extensions.is_empty() {
            extensions::put_block(dst, &self.extensions, |e, d| e.encode(d));
        }
    }

    /// The first extension of type `typ`, if present.
    pub fn extension(&self, typ: ExtensionType) -> Option<&ClientExtension> {
        self.extensions.iter().find(|e| e.typ() == typ)
    }

    /// The first extension `pick` recognises, through `pick`.
    fn find<'a, T: ?Sized>(
        &'a self,
        pick: impl Fn(&'a ClientExtension) -> Option<&'a T>,
    ) -> Option<&'a T> {
        self.extensions.iter().find_map(pick)
    }

    /// The versions offered in supported_versions, or `None` without that extension.
    pub fn supported_versions(&self) -> Option<&[ProtocolVersion]> {
        self.find(|e| match e {
            ClientExtension::SupportedVersions(v) => Some(v.as_slice()),
            _ => None,
        })
    }

    /// The schemes of signature_algorithms, or `None` without that extension.
    pub fn signature_algorithms(&self) -> Option<&[SignatureScheme]> {
        self.find(|e| match e {
            ClientExtension::SignatureAlgorithms(s) => Some(s.as_slice()),
            _ => None,
        })
    }

    /// The schemes of signature_algorithms_cert, or `None` without that extension.
    pub fn signature_algorithms_cert(&self) -> Option<&[SignatureScheme]> {
        self.find(|e| match e {
            ClientExtension::SignatureAlgorithmsCert(s) => Some(s.as_slice()),
            _ => None,
        })
    }

    /// The groups of supported_groups, or `None` without that extension.
    pub fn supported_groups(&self) -> Option<&[NamedGroup]> {
        self.find(|e| match e {
            ClientExtension::SupportedGroups(g) => Some(g.as_slice()),
            _ => None,
        })
    }

    /// The shares of key_share, or `None` without that extension.
    pub fn key_shares(&self) -> Option<&[KeyShareEntry]> {
        self.find(|e| match e {
            ClientExtension::KeyShare(k) => Some(k.as_slice()),
            _ => None,
        })
    }

    /// The offered ALPN protocols, or `None` without that extension.
    pub fn alpn_protocols(&self) -> Option<&[ProtocolName]> {
        self.find(|e| match e {
            ClientExtension::Alpn(p) => Some(p.as_slice()),
            _ => None,
        })
    }

    /// The offered ALPN protocols as text, in order, each `None` if its bytes are not UTF-8;
    /// empty without the extension.
    pub fn alpn_protocol_strs(&self) -> impl Iterator<Item = Option<&str>> {
        self.alpn_protocols()
            .unwrap_or_default()
            .iter()
            .map(|p| protocol_name_str(p))
    }

    /// The entries of server_name, or `None` without that extension.
    pub fn server_names(&self) -> Option<&[ServerNameEntry]> {
        self.find(|e| match e {
            ClientExtension::ServerName(n) => Some(n.as_slice()),
            _ => None,
        })
    }

    /// The SNI host name as text: the `host_name` entry of server_name, if there is one and
    /// its bytes are UTF-8.
    pub fn server_name(&self) -> Option<&str> {
        self.server_names()?
            .iter()
            .find_map(ServerNameEntry::host_name)
    }

    /// The modes of psk_key_exchange_modes, or `None` without that extension.
    pub fn psk_key_exchange_modes(&self) -> Option<&[PskKeyExchangeMode]> {
        self.find(|e| match e {
            ClientExtension::PskKeyExchangeModes(m) => Some(m.as_slice()),
            _ => None,
        })
    }

    /// The cookie echoed from a HelloRetryRequest, if present.
    pub fn cookie(&self) -> Option<&[u8]> {
        self.find(|e| match e {
            ClientExtension::Cookie(c) => Some(c.as_slice()),
            _ => None,
        })
    }

    /// True if supported_versions offers TLS 1.3 (which makes this a TLS 1.3 ClientHello).
    pub fn offers_tls13(&self) -> bool {
        self.supported_versions()
            .is_some_and(|v| v.contains(&ProtocolVersion::TLSv1_3))
    }

    /// The pre_shared_key offer, if present.
    pub fn pre_shared_key(&self) -> Option<&PreSharedKeyOffer> {
        self.find(|e| match e {
            ClientExtension::PreSharedKey(offer) => Some(offer),
            _ => None,
        })
    }

    /// For a ClientHello with pre_shared_key (last, as RFC 8446 requires): the length of its
    /// encoded handshake message (header included) up to, not including, the binders list. This
    /// prefix is the "partial ClientHello" the binders are computed over (RFC 8446 §4.2.11.2).
    pub fn binders_start_offset(&self) -> Option<usize> {
        let offer = match self.extensions.last() {
            Some(ClientExtension::PreSharedKey(offer)) => offer,
            _ => return None,
        };
        let mut body = Vec::new();
        self.encode(&mut body);
        (HANDSHAKE_HEADER_LEN + body.len()).checked_sub(offer.binders_encoded_len())
    }
}

/// For an encoded ClientHello handshake message (header included) that carries pre_shared_key:
/// the offset of its binders list, i.e. the length of the partial ClientHello that the PSK
/// binders are computed over (RFC 8446 §4.2.11.2).
///
/// The message is parsed and checked in full first (it must be exactly one complete ClientHello
/// with pre_shared_key last); a ClientHello without pre_shared_key is
/// [`DecodeError::IllegalValue`].
pub fn binders_start_offset(message: &[u8]) -> Result<usize, DecodeError> {
    let header = HandshakeHeader::parse(message)?;
    if header.typ != HandshakeType::ClientHello {
        return Err(DecodeError::IllegalValue {
            field: "handshake type",
        });
    }
    let body = header.body(message)?;
    if body.len() + HANDSHAKE_HEADER_LEN != message.len() {
        return Err(DecodeError::TrailingBytes {
            field: "ClientHello",
        });
    }
    let hello = ClientHello::parse(body)?;
    let offer = hello.pre_shared_key().ok_or(DecodeError::IllegalValue {
        field: "pre_shared_key",
    })?;
    // The encoding of a parsed message is canonical, so the binders list is exactly the last
    // `binders_encoded_len` bytes of the message.
    message
        .len()
        .checked_sub(offer.binders_encoded_len())
        .ok_or(DecodeError::Truncated { field: "binders" })
}
