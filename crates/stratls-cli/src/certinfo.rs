//! A few facts about a certificate for printing: subject, issuer, size and SHA-256
//! fingerprint. The subject and issuer come from a small, bounded DER walk; a certificate it
//! cannot read is still printed by size and fingerprint.

/// What is printed about one certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertSummary {
    /// The subject name (`CN=..., O=...`), if the DER could be read.
    pub subject: Option<String>,
    /// The issuer name, if the DER could be read.
    pub issuer: Option<String>,
    /// Size of the DER.
    pub len: usize,
    /// SHA-256 of the DER, hex.
    pub sha256: String,
}

impl CertSummary {
    /// Reads `der`.
    pub fn of(der: &[u8]) -> Self {
        let names = names(der);
        Self {
            subject: names.as_ref().map(|(_, s)| s.clone()),
            issuer: names.map(|(i, _)| i),
            len: der.len(),
            sha256: fingerprint(der),
        }
    }

    /// The subject, or a placeholder saying it could not be read.
    pub fn subject_or_unknown(&self) -> &str {
        self.subject.as_deref().unwrap_or("(unreadable subject)")
    }

    /// The issuer, or a placeholder saying it could not be read.
    pub fn issuer_or_unknown(&self) -> &str {
        self.issuer.as_deref().unwrap_or("(unreadable issuer)")
    }
}

/// SHA-256 of `data` with the default provider, as lowercase hex.
pub fn fingerprint(data: &[u8]) -> String {
    let sha256 = stratls::rustcrypto::SHA256;
    hex(sha256.hash(data).as_bytes())
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

const SEQUENCE: u8 = 0x30;
const SET: u8 = 0x31;
const OID: u8 = 0x06;
const CONTEXT_0: u8 = 0xa0;

/// One DER element at the front of `input`: (tag, content, rest). Only definite lengths of up
/// to four bytes are read, and never beyond `input`.
fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 {
            return None;
        }
        let bytes = rest.get(..n)?;
        let len = bytes
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, rest.get(n..)?)
    };
    Some((tag, rest.get(..len)?, rest.get(len..)?))
}

/// (issuer, subject) of a certificate.
fn names(der: &[u8]) -> Option<(String, String)> {
    let (tag, cert, _) = tlv(der)?;
    if tag != SEQUENCE {
        return None;
    }
    let (tag, tbs, _) = tlv(cert)?;
    if tag != SEQUENCE {
        return None;
    }
    let mut rest = tbs;
    let (tag, _, after) = tlv(rest)?;
    if tag == CONTEXT_0 {
        rest = after; // version
    }
    let (_, _, rest) = tlv(rest)?; // serialNumber
    let (_, _, rest) = tlv(rest)?; // signature AlgorithmIdentifier
    let (_, issuer, rest) = tlv(rest)?;
    let (_, _, rest) = tlv(rest)?; // validity
    let (_, subject, _) = tlv(rest)?;
    Some((name(issuer), name(subject)))
}

/// A Name (RDNSequence) as `CN=..., O=...`, with the attributes people recognise.
fn name(mut rdns: &[u8]) -> String {
    let mut parts = Vec::new();
    // Each RDN takes at least two bytes, so the loop ends.
    while let Some((tag, set, rest)) = tlv(rdns) {
        rdns = rest;
        if tag != SET {
            continue;
        }
        let mut atvs = set;
        while let Some((tag, atv, rest)) = tlv(atvs) {
            atvs = rest;
            if tag != SEQUENCE {
                continue;
            }
            if let Some(part) = attribute(atv) {
                parts.push(part);
            }
        }
    }
    if parts.is_empty() {
        "(empty name)".to_string()
    } else {
        parts.join(", ")
    }
}

fn attribute(atv: &[u8]) -> Option<String> {
    let (tag, oid, rest) = tlv(atv)?;
    if tag != OID {
        return None;
    }
    let label = match oid {
        [0x55, 0x04, 0x03] => "CN",
        [0x55, 0x04, 0x06] => "C",
        [0x55, 0x04, 0x07] => "L",
        [0x55, 0x04, 0x08] => "ST",
        [0x55, 0x04, 0x0a] => "O",
        [0x55, 0x04, 0x0b] => "OU",
        _ => return None,
    };
    let (_, value, _) = tlv(rest)?;
    let text: String = String::from_utf8_lossy(value)
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    Some(format!("{label}={text}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_never_reach_past_the_input() {
        assert_eq!(tlv(&[0x30, 0x05, 1, 2]), None);
        assert_eq!(tlv(&[0x30, 0x85, 0, 0, 0, 0, 1]), None);
        assert_eq!(tlv(&[0x30, 0x81]), None);
        assert_eq!(
            tlv(&[0x30, 0x81, 0x01, 7]),
            Some((0x30, &[7u8][..], &[][..]))
        );
    }

    #[test]
    fn garbage_still_has_a_size_and_fingerprint() {
        let s = CertSummary::of(b"not a certificate");
        assert_eq!(s.subject, None);
        assert_eq!(s.len, 17);
        assert_eq!(s.sha256.len(), 64);
    }
}
