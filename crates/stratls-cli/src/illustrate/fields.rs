//! Which bytes of a handshake message encode which field.
//!
//! The message comes decoded from the connection's observer (the codec parsed it); this
//! module places its fields on its encoding, from the widths RFC 8446 and RFC 5246 give each
//! length prefix and from the encoded length of each part (an extension's `encode`). If the
//! parts do not add up to the encoding exactly, the body is annotated as one field rather
//! than wrongly.

use std::fmt::Debug;

use stratls::codec::HandshakeMessage;
use stratls::codec::handshake::ClientKeyExchange;

use super::extensions::Extension;
use crate::certinfo::CertSummary;
use crate::names::{group_name, suite_name};

/// What kind of bytes a span covers (it picks the colour).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A record header.
    Record,
    /// A handshake message header.
    Handshake,
    /// A length prefix.
    Length,
    /// A field's value.
    Value,
    /// An extension's type and length.
    Extension,
    /// Bytes under encryption, or an AEAD tag or nonce.
    Cipher,
    /// Key-exchange material, signatures, Finished values.
    Crypto,
}

impl Kind {
    /// The CSS class.
    pub fn class(self) -> &'static str {
        match self {
            Self::Record => "k-rec",
            Self::Handshake => "k-hs",
            Self::Length => "k-len",
            Self::Value => "k-val",
            Self::Extension => "k-ext",
            Self::Cipher => "k-ct",
            Self::Crypto => "k-cr",
        }
    }
}

/// Bytes `start..end` (of whatever is being annotated) and what they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The field's name.
    pub label: String,
    /// Its meaning, decoded.
    pub meaning: String,
    /// Its colour.
    pub kind: Kind,
}

/// Lays spans end to end.
struct Cursor {
    at: usize,
    spans: Vec<Span>,
}

impl Cursor {
    fn new(at: usize) -> Self {
        Self {
            at,
            spans: Vec::new(),
        }
    }

    fn span(
        &mut self,
        len: usize,
        label: impl Into<String>,
        meaning: impl Into<String>,
        kind: Kind,
    ) {
        self.spans.push(Span {
            start: self.at,
            end: self.at + len,
            label: label.into(),
            meaning: meaning.into(),
            kind,
        });
        self.at += len;
    }

    fn vector(
        &mut self,
        prefix: usize,
        data: &[u8],
        label: &str,
        meaning: impl Into<String>,
        kind: Kind,
    ) {
        self.span(
            prefix,
            format!("{label} length"),
            format!("{} bytes", data.len()),
            Kind::Length,
        );
        if !data.is_empty() {
            self.span(data.len(), label, meaning, kind);
        }
    }
}

/// The spans of a handshake message's body, which starts at `start` and is `body_len` bytes.
pub fn message(message: &HandshakeMessage, start: usize, body_len: usize) -> Vec<Span> {
    let mut c = Cursor::new(start);
    fields(message, &mut c);
    if c.at == start + body_len {
        c.spans
    } else {
        let mut whole = Cursor::new(start);
        whole.span(body_len, "body", "the message body", Kind::Value);
        whole.spans
    }
}

fn fields(message: &HandshakeMessage, c: &mut Cursor) {
    use HandshakeMessage as M;
    match message {
        M::ClientHello(ch) => {
            c.span(
                2,
                "legacy_version",
                format!("{:?}", ch.legacy_version),
                Kind::Value,
            );
            c.span(
                32,
                "random",
                "32 bytes chosen fresh by the client; both randoms go into the keys",
                Kind::Crypto,
            );
            c.vector(
                1,
                &ch.legacy_session_id,
                "legacy_session_id",
                "an id the server echoes (TLS 1.3 middlebox compatibility)",
                Kind::Value,
            );
            c.span(
                2,
                "cipher_suites length",
                format!("{} suites", ch.cipher_suites.len()),
                Kind::Length,
            );
            for s in &ch.cipher_suites {
                c.span(2, "cipher suite", suite_name(*s), Kind::Value);
            }
            c.vector(
                1,
                &ch.legacy_compression_methods,
                "compression_methods",
                "only null (0) is allowed",
                Kind::Value,
            );
            extensions(c, &ch.extensions);
        }
        M::ServerHello(sh) => {
            c.span(
                2,
                "legacy_version",
                format!("{:?}", sh.legacy_version),
                Kind::Value,
            );
            c.span(
                32,
                "random",
                "32 bytes chosen fresh by the server",
                Kind::Crypto,
            );
            c.vector(
                1,
                &sh.legacy_session_id_echo,
                "legacy_session_id_echo",
                "the client's session id, echoed",
                Kind::Value,
            );
            c.span(
                2,
                "cipher_suite",
                format!("the server's choice: {}", suite_name(sh.cipher_suite)),
                Kind::Value,
            );
            c.span(1, "compression_method", "null", Kind::Value);
            extensions(c, &sh.extensions);
        }
        M::HelloRetryRequest(hrr) => {
            c.span(
                2,
                "legacy_version",
                format!("{:?}", hrr.legacy_version),
                Kind::Value,
            );
            c.span(
                32,
                "random",
                "the fixed value that marks a HelloRetryRequest",
                Kind::Value,
            );
            c.vector(
                1,
                &hrr.legacy_session_id_echo,
                "legacy_session_id_echo",
                "the client's session id, echoed",
                Kind::Value,
            );
            c.span(2, "cipher_suite", suite_name(hrr.cipher_suite), Kind::Value);
            c.span(1, "compression_method", "null", Kind::Value);
            extensions(c, &hrr.extensions);
        }
        M::EncryptedExtensions(ee) => extensions(c, &ee.extensions),
        M::Certificate(cert) => {
            c.vector(
                1,
                &cert.context,
                "certificate_request_context",
                "empty for a server",
                Kind::Value,
            );
            let list: usize = cert
                .entries
                .iter()
                .map(|e| 3 + e.cert_data.len() + 2 + encoded_len(&e.extensions))
                .sum();
            c.span(
                3,
                "certificate_list length",
                format!("{list} bytes"),
                Kind::Length,
            );
            for e in &cert.entries {
                certificate(c, e.cert_data.as_ref());
                extensions(c, &e.extensions);
            }
        }
        M::CertificateTls12(cert) => {
            let list: usize = cert.chain.iter().map(|d| 3 + d.len()).sum();
            c.span(
                3,
                "certificate_list length",
                format!("{list} bytes"),
                Kind::Length,
            );
            for d in &cert.chain {
                certificate(c, d.as_ref());
            }
        }
        M::CertificateRequest(cr) => {
            c.vector(
                1,
                &cr.context,
                "certificate_request_context",
                "echoed in the client's Certificate",
                Kind::Value,
            );
            extensions(c, &cr.extensions);
        }
        M::CertificateVerify(cv) => {
            c.span(
                2,
                "signature scheme",
                format!("{:?}", cv.scheme),
                Kind::Value,
            );
            c.vector(
                2,
                &cv.signature,
                "signature",
                "over the transcript hash, made with the certificate's private key",
                Kind::Crypto,
            );
        }
        M::ServerKeyExchange(ske) => {
            c.span(1, "curve_type", "named_curve (3)", Kind::Value);
            c.span(2, "named group", group_name(ske.group), Kind::Value);
            c.vector(
                1,
                &ske.public,
                "public key",
                "the server's ephemeral ECDHE share",
                Kind::Crypto,
            );
            c.span(
                2,
                "signature scheme",
                format!("{:?}", ske.scheme),
                Kind::Value,
            );
            c.vector(
                2,
                &ske.signature,
                "signature",
                "over both randoms and the share, with the certificate's key",
                Kind::Crypto,
            );
        }
        M::ClientKeyExchange(ClientKeyExchange::Ecdhe { public }) => {
            c.vector(
                1,
                public,
                "public key",
                "the client's ephemeral ECDHE share",
                Kind::Crypto,
            );
        }
        M::ClientKeyExchange(ClientKeyExchange::Rsa {
            encrypted_pre_master_secret,
        }) => {
            c.vector(
                2,
                encrypted_pre_master_secret,
                "encrypted premaster secret",
                "PKCS#1 v1.5 encryption to the server's RSA key",
                Kind::Crypto,
            );
        }
        M::Finished(f) => {
            c.span(
                f.verify_data.len(),
                "verify_data",
                "a MAC over the transcript so far, with the sender's finished key",
                Kind::Crypto,
            );
        }
        M::NewSessionTicket(t) => {
            c.span(
                4,
                "ticket_lifetime",
                format!("{} seconds", t.ticket_lifetime),
                Kind::Value,
            );
            c.span(
                4,
                "ticket_age_add",
                "obscures the ticket's age when it is used",
                Kind::Value,
            );
            c.vector(
                1,
                &t.ticket_nonce,
                "ticket_nonce",
                "makes this ticket's PSK unique",
                Kind::Value,
            );
            c.vector(2, &t.ticket, "ticket", "opaque to the client", Kind::Crypto);
            extensions(c, &t.extensions);
        }
        M::KeyUpdate(k) => c.span(
            1,
            "request_update",
            format!("{:?}", k.request_update),
            Kind::Value,
        ),
        M::NewSessionTicketTls12(t) => {
            c.span(
                4,
                "ticket_lifetime_hint",
                format!("{} seconds", t.lifetime_hint),
                Kind::Value,
            );
            c.vector(2, &t.ticket, "ticket", "opaque to the client", Kind::Crypto);
        }
        M::ServerHelloDone(_) | M::HelloRequest(_) | M::EndOfEarlyData(_) => {}
        other => {
            let len = other.to_vec().len().saturating_sub(4);
            c.span(len, "body", "the message body", Kind::Value);
        }
    }
}

fn certificate(c: &mut Cursor, der: &[u8]) {
    let s = CertSummary::of(der);
    c.span(
        3,
        "certificate length",
        format!("{} bytes", der.len()),
        Kind::Length,
    );
    c.span(
        der.len(),
        "certificate (DER)",
        format!(
            "subject {}, issued by {}; SHA-256 {}",
            s.subject_or_unknown(),
            s.issuer_or_unknown(),
            s.sha256
        ),
        Kind::Crypto,
    );
}

fn encoded_len<E: Extension>(list: &[E]) -> usize {
    list.iter().map(|e| e.encoded().len()).sum()
}

/// The extension block: its length, then each extension's type, length and body.
fn extensions<E: Extension>(c: &mut Cursor, list: &[E]) {
    let total = encoded_len(list);
    c.span(
        2,
        "extensions length",
        format!("{total} bytes"),
        Kind::Length,
    );
    for e in list {
        let enc = e.encoded();
        let typ = enc.get(..2).map_or(0, |t| u16::from_be_bytes([t[0], t[1]]));
        let name = stratls::codec::ExtensionType::from(typ);
        c.span(
            2,
            "extension type",
            format!("{name:?} ({typ})"),
            Kind::Extension,
        );
        c.span(
            2,
            "extension length",
            format!("{} bytes", enc.len().saturating_sub(4)),
            Kind::Length,
        );
        if enc.len() > 4 {
            c.span(enc.len() - 4, format!("{name:?}"), e.meaning(), Kind::Value);
        }
    }
}
