//! The extensions of every message, for the page: each one's encoding (to place it on the
//! message's bytes) and its value in words.

use std::fmt::Debug;

use stratls::codec::extensions::{
    CertReqExtension, CertificateExtension, ClientExtension, EncryptedExtension,
    HelloRetryExtension, NewSessionTicketExtension, ServerExtension,
};

use crate::names::group_name;

/// An extension of any message: its encoding (type, length, body) and its value in words.
pub trait Extension: Debug {
    /// The encoding, header included.
    fn encoded(&self) -> Vec<u8>;

    /// The decoded value, for a person; peer text in it is escaped where it is written.
    fn meaning(&self) -> String {
        bounded(format!("{self:?}"))
    }
}

macro_rules! extension {
    ($($t:ty),*) => {$(
        impl Extension for $t {
            fn encoded(&self) -> Vec<u8> {
                let mut v = Vec::new();
                self.encode(&mut v);
                v
            }
        }
    )*};
}

extension!(
    HelloRetryExtension,
    CertificateExtension,
    CertReqExtension,
    NewSessionTicketExtension
);

impl Extension for ClientExtension {
    fn encoded(&self) -> Vec<u8> {
        let mut v = Vec::new();
        self.encode(&mut v);
        v
    }

    fn meaning(&self) -> String {
        match self {
            Self::ServerName(names) => bounded(format!(
                "the name the client wants: {}",
                names
                    .iter()
                    .map(|n| String::from_utf8_lossy(&n.name).into_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            Self::Alpn(names) => bounded(format!("protocols offered: {}", alpn(names))),
            Self::SupportedGroups(g) => bounded(format!(
                "groups: {}",
                list(g.iter().map(|g| group_name(*g)))
            )),
            Self::KeyShare(shares) => bounded(format!(
                "key shares: {}",
                list(shares.iter().map(|k| format!(
                    "{} ({} bytes)",
                    group_name(k.group),
                    k.key_exchange.len()
                )))
            )),
            other => bounded(format!("{other:?}")),
        }
    }
}

impl Extension for ServerExtension {
    fn encoded(&self) -> Vec<u8> {
        let mut v = Vec::new();
        self.encode(&mut v);
        v
    }

    fn meaning(&self) -> String {
        match self {
            Self::Alpn(name) => bounded(format!(
                "protocol chosen: {}",
                alpn(std::slice::from_ref(name))
            )),
            Self::KeyShare(k) => format!(
                "the server's share: {}, {} bytes of public key",
                group_name(k.group),
                k.key_exchange.len()
            ),
            other => bounded(format!("{other:?}")),
        }
    }
}

impl Extension for EncryptedExtension {
    fn encoded(&self) -> Vec<u8> {
        let mut v = Vec::new();
        self.encode(&mut v);
        v
    }

    fn meaning(&self) -> String {
        match self {
            Self::Alpn(name) => bounded(format!(
                "protocol chosen: {}",
                alpn(std::slice::from_ref(name))
            )),
            Self::SupportedGroups(g) => bounded(format!(
                "server's groups: {}",
                list(g.iter().map(|g| group_name(*g)))
            )),
            other => bounded(format!("{other:?}")),
        }
    }
}

fn alpn(names: &[Vec<u8>]) -> String {
    list(
        names
            .iter()
            .map(|n| String::from_utf8_lossy(n).into_owned()),
    )
}

fn list(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

/// A decoded value, bounded so that a long one does not swamp the page.
pub fn bounded(mut s: String) -> String {
    if s.len() > 400 {
        let cut = (0..=400)
            .rev()
            .find(|&i| s.is_char_boundary(i))
            .unwrap_or(0);
        s.truncate(cut);
        s.push('…');
    }
    s
}
