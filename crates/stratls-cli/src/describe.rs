//! Handshake messages in words: the name and the decoded fields a person wants to see.

use std::fmt::Debug;

use stratls::codec::extensions::{
    CertReqExtension, ClientExtension, EncryptedExtension, HelloRetryExtension, ServerExtension,
};
use stratls::codec::handshake::{ClientHello, ClientKeyExchange, ServerHello};
use stratls::codec::{HandshakeMessage, ProtocolVersion};

use crate::certinfo::{CertSummary, hex};
use crate::names::{group_name, suite_name};

/// A decoded message: its name and its fields, in the order they are printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described {
    /// The message name (`ClientHello`, `Finished`, ...).
    pub name: &'static str,
    /// (label, value) pairs.
    pub fields: Vec<(String, String)>,
}

impl Described {
    fn new(name: &'static str) -> Self {
        Self {
            name,
            fields: Vec::new(),
        }
    }

    fn field(&mut self, label: impl Into<String>, value: impl Into<String>) {
        self.fields.push((label.into(), value.into()));
    }
}

/// Decodes `message` for printing.
pub fn describe(message: &HandshakeMessage) -> Described {
    use HandshakeMessage as M;
    match message {
        M::ClientHello(ch) => client_hello(ch),
        M::ServerHello(sh) => server_hello(sh),
        M::HelloRetryRequest(hrr) => {
            let mut d = Described::new("HelloRetryRequest");
            d.field("cipher suite", suite_name(hrr.cipher_suite));
            for ext in &hrr.extensions {
                match ext {
                    HelloRetryExtension::KeyShare(g) => {
                        d.field("send a key share for", group_name(*g));
                    }
                    HelloRetryExtension::Cookie(c) => d.field("cookie", bytes_len(c)),
                    HelloRetryExtension::SupportedVersions(v) => d.field("version", dbg(v)),
                    other => d.field("extension", dbg(other)),
                }
            }
            d
        }
        M::EncryptedExtensions(ee) => {
            let mut d = Described::new("EncryptedExtensions");
            if ee.extensions.is_empty() {
                d.field("extensions", "none");
            }
            for ext in &ee.extensions {
                match ext {
                    EncryptedExtension::ServerName => d.field("server_name", "acknowledged"),
                    EncryptedExtension::Alpn(p) => d.field("ALPN", text(p)),
                    EncryptedExtension::SupportedGroups(g) => {
                        d.field("server's groups", list(g.iter().map(|g| group_name(*g))));
                    }
                    EncryptedExtension::EarlyData => d.field("early_data", "accepted"),
                    EncryptedExtension::RecordSizeLimit(n) => {
                        d.field("record_size_limit", n.to_string())
                    }
                    other => d.field("extension", dbg(other)),
                }
            }
            d
        }
        M::Certificate(c) => {
            let mut d = Described::new("Certificate");
            certificates(&mut d, c.entries.iter().map(|e| e.cert_data.as_ref()));
            d
        }
        M::CertificateTls12(c) => {
            let mut d = Described::new("Certificate");
            certificates(&mut d, c.chain.iter().map(|c| c.as_ref()));
            d
        }
        M::CertificateRequest(cr) => {
            let mut d = Described::new("CertificateRequest");
            for ext in &cr.extensions {
                match ext {
                    CertReqExtension::SignatureAlgorithms(s) => {
                        d.field("signature schemes", list(s.iter().map(dbg)));
                    }
                    CertReqExtension::CertificateAuthorities(cas) => {
                        d.field("acceptable CAs", cas.len().to_string());
                    }
                    other => d.field("extension", format!("{:?}", other.typ())),
                }
            }
            d
        }
        M::CertificateRequestTls12(cr) => {
            let mut d = Described::new("CertificateRequest");
            d.field(
                "signature schemes",
                list(cr.signature_algorithms.iter().map(dbg)),
            );
            d.field(
                "acceptable CAs",
                cr.certificate_authorities.len().to_string(),
            );
            d
        }
        M::CertificateVerify(cv) => {
            let mut d = Described::new("CertificateVerify");
            d.field("signature scheme", dbg(&cv.scheme));
            d.field("signature", bytes_len(&cv.signature));
            d
        }
        M::Finished(f) => {
            let mut d = Described::new("Finished");
            d.field(
                "verify_data",
                format!("{} ({} bytes)", hex(&f.verify_data), f.verify_data.len()),
            );
            d
        }
        M::NewSessionTicket(t) => {
            let mut d = Described::new("NewSessionTicket");
            d.field("lifetime", format!("{} s", t.ticket_lifetime));
            d.field("ticket", bytes_len(&t.ticket));
            d
        }
        M::NewSessionTicketTls12(t) => {
            let mut d = Described::new("NewSessionTicket");
            d.field("lifetime hint", format!("{} s", t.lifetime_hint));
            d.field("ticket", bytes_len(&t.ticket));
            d
        }
        M::KeyUpdate(k) => {
            let mut d = Described::new("KeyUpdate");
            d.field("request_update", dbg(&k.request_update));
            d
        }
        M::ServerKeyExchange(ske) => {
            let mut d = Described::new("ServerKeyExchange");
            d.field("group", group_name(ske.group));
            d.field("server's public value", bytes_len(&ske.public));
            d.field("signed with", dbg(&ske.scheme));
            d
        }
        M::ServerHelloDone(_) => Described::new("ServerHelloDone"),
        M::ClientKeyExchange(cke) => {
            let mut d = Described::new("ClientKeyExchange");
            match cke {
                ClientKeyExchange::Ecdhe { public } => {
                    d.field("client's public value (ECDHE)", bytes_len(public));
                }
                ClientKeyExchange::Rsa {
                    encrypted_pre_master_secret,
                } => d.field(
                    "premaster secret, RSA-encrypted to the server's key",
                    bytes_len(encrypted_pre_master_secret),
                ),
            }
            d
        }
        M::HelloRequest(_) => Described::new("HelloRequest"),
        M::EndOfEarlyData(_) => Described::new("EndOfEarlyData"),
        M::MessageHash(_) => Described::new("message_hash"),
        M::Unknown { typ, body } => {
            let mut d = Described::new("(unknown message)");
            d.field("type", dbg(typ));
            d.field("body", bytes_len(body));
            d
        }
    }
}

fn client_hello(ch: &ClientHello) -> Described {
    let mut d = Described::new("ClientHello");
    if let Some(v) = ch.supported_versions() {
        d.field("versions", list(v.iter().map(dbg)));
    } else {
        d.field("version", dbg(&ch.legacy_version));
    }
    d.field("random", hex(&ch.random));
    d.field(
        "cipher suites",
        list(ch.cipher_suites.iter().map(|s| suite_name(*s))),
    );
    for ext in &ch.extensions {
        match ext {
            ClientExtension::ServerName(names) => {
                d.field("SNI", list(names.iter().map(|n| text(&n.name))));
            }
            ClientExtension::SupportedGroups(g) => {
                d.field("groups", list(g.iter().map(|g| group_name(*g))));
            }
            ClientExtension::KeyShare(shares) => {
                d.field(
                    "key share",
                    list(shares.iter().map(|s| {
                        format!("{} ({} bytes)", group_name(s.group), s.key_exchange.len())
                    })),
                )
            }
            ClientExtension::SignatureAlgorithms(s) => {
                d.field("signature schemes", list(s.iter().map(dbg)));
            }
            ClientExtension::Alpn(p) => d.field("ALPN", list(p.iter().map(|p| text(p)))),
            ClientExtension::ExtendedMasterSecret => d.field("extended_master_secret", "offered"),
            ClientExtension::PreSharedKey(offer) => {
                d.field("PSK identities", offer.identities.len().to_string());
            }
            ClientExtension::Cookie(c) => d.field("cookie", bytes_len(c)),
            _ => {}
        }
    }
    d
}

fn server_hello(sh: &ServerHello) -> Described {
    let mut d = Described::new("ServerHello");
    d.field("version", dbg(&sh.selected_version()));
    d.field("random", hex(&sh.random));
    d.field("cipher suite", suite_name(sh.cipher_suite));
    if let Some(share) = sh.key_share() {
        d.field(
            "key share",
            format!(
                "{} ({} bytes)",
                group_name(share.group),
                share.key_exchange.len()
            ),
        );
    }
    for ext in &sh.extensions {
        match ext {
            ServerExtension::Alpn(p) => d.field("ALPN", text(p)),
            ServerExtension::ExtendedMasterSecret => d.field("extended_master_secret", "used"),
            ServerExtension::PreSharedKey(i) => d.field("PSK selected", i.to_string()),
            ServerExtension::RenegotiationInfo(_)
                if sh.selected_version() != ProtocolVersion::TLSv1_3 =>
            {
                d.field("secure renegotiation", "signalled");
            }
            _ => {}
        }
    }
    d
}

fn certificates<'a>(d: &mut Described, chain: impl Iterator<Item = &'a [u8]>) {
    let mut any = false;
    for (i, der) in chain.enumerate() {
        any = true;
        let s = CertSummary::of(der);
        let role = if i == 0 { "end entity" } else { "chain" };
        d.field(format!("[{i}] {role}"), s.subject_or_unknown().to_string());
        d.field(
            format!("[{i}] issued by"),
            s.issuer_or_unknown().to_string(),
        );
        d.field(
            format!("[{i}] DER"),
            format!("{} bytes, SHA-256 {}", s.len, s.sha256),
        );
    }
    if !any {
        d.field("certificates", "none");
    }
}

fn dbg(v: &impl Debug) -> String {
    format!("{v:?}")
}

fn list(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

fn bytes_len(b: &[u8]) -> String {
    format!("{} bytes", b.len())
}

/// Bytes from the peer as printable text (control characters replaced).
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b)
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}
