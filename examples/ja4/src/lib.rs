//! A ClientHello's JA4 fingerprint (FoxIO's JA4, TLS over TCP), computed from
//! stratls-codec's decoded [`ClientHello`] alone.
//!
//! The fingerprint has three parts, `a_b_c`:
//! - `a`: `t`, the highest version offered (supported_versions, else `legacy_version`), `d` if
//!   the hello names a server (SNI) or `i` if not, the number of cipher suites and of
//!   extensions (two digits each, at most 99), and the first and last characters of the first
//!   ALPN protocol (`00` without ALPN);
//! - `b`: the first 12 hex digits of the SHA-256 of the cipher suites, as four-digit hex,
//!   sorted, joined by commas;
//! - `c`: the same over the sorted extension types without server_name and ALPN, then `_`
//!   and the signature algorithms in the order offered.
//!
//! GREASE values (RFC 8701, `0x?a?a`) are left out everywhere. [`Ja4::raw`] gives the
//! unhashed `b` and `c` parts (JA4_r), to see what a fingerprint was made of.
//!
//! [`read_client_hello`] reads the first flight of a connection (the plaintext handshake
//! records carrying the ClientHello) from captured bytes.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::fmt::{self, Write as _};

use sha2::{Digest, Sha256};
use stratls_codec::extensions::ClientExtension;
use stratls_codec::handshake::{ClientHello, MAX_CLIENT_HELLO_LEN};
use stratls_codec::{
    ContentType, DecodeError, ExtensionType, HANDSHAKE_HEADER_LEN, HandshakeHeader, HandshakeType,
    ProtocolVersion, RecordHeader,
};

/// A JA4 fingerprint, in its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ja4 {
    /// The readable part, e.g. `t13d1516h2`.
    pub a: String,
    /// The sorted cipher suites, as hashed for `b`.
    pub ciphers: String,
    /// The sorted extensions (without server_name and ALPN), `_`, and the signature
    /// algorithms, as hashed for `c`.
    pub extensions: String,
}

impl Ja4 {
    /// The fingerprint of `hello`.
    pub fn of(hello: &ClientHello) -> Self {
        let ciphers: Vec<u16> = hello
            .cipher_suites
            .iter()
            .map(|c| c.to_u16())
            .filter(|v| !is_grease(*v))
            .collect();
        let extensions: Vec<u16> = hello
            .extensions
            .iter()
            .map(|e| e.typ().to_u16())
            .filter(|v| !is_grease(*v))
            .collect();
        let sni = if hello.extension(ExtensionType::ServerName).is_some() {
            'd'
        } else {
            'i'
        };
        let a = format!(
            "t{}{sni}{:02}{:02}{}",
            version_code(offered_version(hello)),
            ciphers.len().min(99),
            extensions.len().min(99),
            alpn_code(hello),
        );

        let mut sorted = ciphers;
        sorted.sort_unstable();
        let ciphers = hex_list(&sorted);

        let mut hashed: Vec<u16> = extensions
            .into_iter()
            .filter(|t| {
                *t != ExtensionType::ServerName.to_u16()
                    && *t != ExtensionType::ApplicationLayerProtocolNegotiation.to_u16()
            })
            .collect();
        hashed.sort_unstable();
        let mut extensions = hex_list(&hashed);
        let sigalgs: Vec<u16> = hello
            .signature_algorithms()
            .unwrap_or_default()
            .iter()
            .map(|s| s.to_u16())
            .filter(|v| !is_grease(*v))
            .collect();
        if !sigalgs.is_empty() {
            extensions.push('_');
            extensions.push_str(&hex_list(&sigalgs));
        }
        Self {
            a,
            ciphers,
            extensions,
        }
    }

    /// JA4_r: the readable part and the unhashed lists, `a_ciphers_extensions`.
    pub fn raw(&self) -> String {
        format!("{}_{}_{}", self.a, self.ciphers, self.extensions)
    }
}

impl fmt::Display for Ja4 {
    /// The fingerprint as published: `a_b_c`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}_{}_{}",
            self.a,
            truncated_hash(&self.ciphers),
            truncated_hash(&self.extensions)
        )
    }
}

/// Whether `value` is a GREASE code point (RFC 8701), which JA4 leaves out.
pub use stratls_codec::enums::is_grease_u16 as is_grease;

/// The highest non-GREASE version in supported_versions, else `legacy_version`.
fn offered_version(hello: &ClientHello) -> u16 {
    match hello.supported_versions() {
        Some(versions) => versions
            .iter()
            .map(|v| v.to_u16())
            .filter(|v| !is_grease(*v))
            .max()
            .unwrap_or(0),
        None => hello.legacy_version.to_u16(),
    }
}

fn version_code(version: u16) -> &'static str {
    match ProtocolVersion::from_u16(version) {
        ProtocolVersion::TLSv1_3 => "13",
        ProtocolVersion::TLSv1_2 => "12",
        ProtocolVersion::TLSv1_1 => "11",
        ProtocolVersion::TLSv1_0 => "10",
        _ if version == 0x0300 => "s3",
        _ if version == 0x0002 => "s2",
        _ => "00",
    }
}

/// The first and last characters of the first ALPN protocol; the first and last hex digits
/// of its bytes if either character is not ASCII alphanumeric; `00` without ALPN.
fn alpn_code(hello: &ClientHello) -> String {
    let first = hello
        .extensions
        .iter()
        .find_map(|e| match e {
            ClientExtension::Alpn(names) => Some(names.first()),
            _ => None,
        })
        .flatten();
    let Some(name) = first else {
        return "00".into();
    };
    let (Some(&head), Some(&tail)) = (name.first(), name.last()) else {
        return "00".into();
    };
    if head.is_ascii_alphanumeric() && tail.is_ascii_alphanumeric() {
        [char::from(head), char::from(tail)].iter().collect()
    } else {
        let digits = b"0123456789abcdef";
        [
            char::from(digits[usize::from(head >> 4)]),
            char::from(digits[usize::from(tail & 0x0f)]),
        ]
        .iter()
        .collect()
    }
}

fn hex_list(values: &[u16]) -> String {
    let mut out = String::with_capacity(values.len() * 5);
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{v:04x}");
    }
    out
}

/// The first 12 hex digits of SHA-256(`list`), or twelve zeros for an empty list.
fn truncated_hash(list: &str) -> String {
    if list.is_empty() {
        return "000000000000".into();
    }
    let digest = Sha256::digest(list.as_bytes());
    let mut out = String::with_capacity(12);
    for byte in &digest[..6] {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// What [`read_client_hello`] can fail with.
#[derive(Debug, PartialEq, Eq)]
pub enum FlightError {
    /// The bytes end before the ClientHello does.
    Truncated,
    /// A record before the end of the ClientHello is not a plaintext handshake record.
    NotHandshake(ContentType),
    /// The first handshake message is not a ClientHello.
    NotClientHello(HandshakeType),
    /// The ClientHello is longer than any valid one.
    TooLong(usize),
    /// A record header or the ClientHello does not decode.
    Decode(DecodeError),
}

impl fmt::Display for FlightError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Truncated => f.write_str("the bytes end inside the ClientHello"),
            Self::NotHandshake(t) => write!(f, "a {t:?} record before the ClientHello ended"),
            Self::NotClientHello(t) => write!(f, "the first handshake message is {t:?}"),
            Self::TooLong(n) => write!(f, "a ClientHello of {n} bytes is longer than allowed"),
            Self::Decode(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for FlightError {}

impl From<DecodeError> for FlightError {
    fn from(e: DecodeError) -> Self {
        Self::Decode(e)
    }
}

/// Reads the ClientHello at the start of `flight`, the bytes a client sends first: one or more
/// plaintext handshake records whose fragments join into the message. Bytes after it are
/// ignored. [`FlightError::Truncated`] means more bytes are needed.
pub fn read_client_hello(flight: &[u8]) -> Result<ClientHello, FlightError> {
    let mut message = Vec::new();
    let mut rest = flight;
    loop {
        if let Some(body) = complete_body(&message)? {
            return Ok(ClientHello::parse(body)?);
        }
        if rest.is_empty() {
            return Err(FlightError::Truncated);
        }
        let (header, fragment, after) = match RecordHeader::split(rest) {
            Ok(parts) => parts,
            Err(DecodeError::Truncated { .. }) => return Err(FlightError::Truncated),
            Err(e) => return Err(e.into()),
        };
        if header.content_type != ContentType::Handshake {
            return Err(FlightError::NotHandshake(header.content_type));
        }
        message.extend_from_slice(fragment);
        rest = after;
    }
}

/// The ClientHello body once `message` holds all of it.
fn complete_body(message: &[u8]) -> Result<Option<&[u8]>, FlightError> {
    if message.len() < HANDSHAKE_HEADER_LEN {
        return Ok(None);
    }
    let header = HandshakeHeader::parse(message)?;
    if header.typ != HandshakeType::ClientHello {
        return Err(FlightError::NotClientHello(header.typ));
    }
    if header.body_len() > MAX_CLIENT_HELLO_LEN {
        return Err(FlightError::TooLong(header.body_len()));
    }
    Ok(message.get(HANDSHAKE_HEADER_LEN..header.message_len()))
}

/// Where a reader of a first flight stops: twice the largest valid ClientHello with its
/// header, room for any record framing a client uses in practice.
pub const MAX_FLIGHT_LEN: usize = 2 * (MAX_CLIENT_HELLO_LEN + HANDSHAKE_HEADER_LEN);

/// The decoded fields of `hello`, one per line, as the example prints them.
pub fn describe(hello: &ClientHello) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "legacy_version:     {:?}", hello.legacy_version);
    let _ = writeln!(out, "random:             {}", hex(&hello.random));
    let _ = writeln!(out, "session_id:         {}", hex(&hello.legacy_session_id));
    let _ = writeln!(out, "cipher_suites:      {:?}", hello.cipher_suites);
    if let Some(name) = hello.server_name() {
        let _ = writeln!(out, "server_name:        {name}");
    }
    let alpn: Vec<String> = hello
        .alpn_protocols()
        .unwrap_or_default()
        .iter()
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    if !alpn.is_empty() {
        let _ = writeln!(out, "alpn:               {alpn:?}");
    }
    if let Some(v) = hello.supported_versions() {
        let _ = writeln!(out, "supported_versions: {v:?}");
    }
    if let Some(g) = hello.supported_groups() {
        let _ = writeln!(out, "supported_groups:   {g:?}");
    }
    if let Some(shares) = hello.key_shares() {
        let groups: Vec<_> = shares.iter().map(|s| s.group).collect();
        let _ = writeln!(out, "key_shares:         {groups:?}");
    }
    if let Some(s) = hello.signature_algorithms() {
        let _ = writeln!(out, "signature_algs:     {s:?}");
    }
    let types: Vec<ExtensionType> = hello.extensions.iter().map(|e| e.typ()).collect();
    let _ = writeln!(out, "extensions:         {types:?}");
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
