//! The key shares of a ClientHello.

use stratls_codec::NamedGroup;
use stratls_codec::extensions::KeyShareEntry;
use stratls_crypto::{ActiveKeyExchange, CryptoProvider};

use crate::choose::MAX_TLS13_SHARE;
use crate::error::Error;

/// A provider's shares that the key_share extension cannot carry.
const OVERLONG: Error =
    Error::Config("the provider made key shares whose length the wire cannot carry");

/// Our TLS 1.3 key shares, one per group, in the order the ClientHello lists them; the
/// ServerHello's group takes one and the others are dropped unused.
pub(super) struct KeyShares(Vec<Box<dyn ActiveKeyExchange>>);

impl KeyShares {
    /// The shares of the first ClientHello, for the groups of `groups` (the offered ones, in
    /// order) that a first ClientHello sends shares for: the first one and, when that one is
    /// a KEM or a hybrid (a group not usable in TLS 1.2, such as X25519MLKEM768, which many
    /// servers do not have yet), also the first classical group after it, as browsers do, so
    /// that a server without the hybrid needs no HelloRetryRequest.
    pub(super) fn first(
        provider: &CryptoProvider,
        mut groups: impl Iterator<Item = NamedGroup>,
    ) -> Result<Self, Error> {
        let classical = |g: &NamedGroup| provider.kx_group(*g).is_some_and(|k| k.usable_in_tls12());
        let Some(first) = groups.next() else {
            return Self::checked(Vec::new());
        };
        let mut shares = Vec::with_capacity(2);
        shares.push(start_kx(provider, first)?);
        if !classical(&first)
            && let Some(second) = groups.find(classical)
        {
            shares.push(start_kx(provider, second)?);
        }
        Self::checked(shares)
    }

    /// One share for `group` (the answer to a HelloRetryRequest).
    pub(super) fn one(provider: &CryptoProvider, group: NamedGroup) -> Result<Self, Error> {
        Self::checked(vec![start_kx(provider, group)?])
    }

    /// The shares, if the key_share extension can carry them: each share within its
    /// `opaque key_exchange<1..2^16-1>` and the entries (group, length, share) together within
    /// `client_shares<0..2^16-1>` (RFC 8446 §4.2.8), since the encoders assume those bounds.
    fn checked(shares: Vec<Box<dyn ActiveKeyExchange>>) -> Result<Self, Error> {
        let mut total = 0usize;
        for kx in &shares {
            let len = kx.public_key().len();
            if len == 0 || len > MAX_TLS13_SHARE {
                return Err(OVERLONG);
            }
            total = total.saturating_add(4 + len);
        }
        if total > MAX_TLS13_SHARE {
            return Err(OVERLONG);
        }
        Ok(Self(shares))
    }

    /// The groups of the shares, in order.
    pub(super) fn groups(&self) -> Vec<NamedGroup> {
        self.0.iter().map(|kx| kx.group()).collect()
    }

    /// Whether a share for `group` was sent.
    pub(super) fn contains(&self, group: NamedGroup) -> bool {
        self.0.iter().any(|kx| kx.group() == group)
    }

    /// The share for `group`, if one was sent.
    pub(super) fn take(self, group: NamedGroup) -> Option<Box<dyn ActiveKeyExchange>> {
        self.0.into_iter().find(|kx| kx.group() == group)
    }

    /// The key_share entries of the ClientHello.
    pub(super) fn entries(&self) -> Vec<KeyShareEntry> {
        self.0
            .iter()
            .map(|kx| KeyShareEntry {
                group: kx.group(),
                key_exchange: kx.public_key().to_vec(),
            })
            .collect()
    }
}

/// A fresh key pair of `group`.
pub(super) fn start_kx(
    provider: &CryptoProvider,
    group: NamedGroup,
) -> Result<Box<dyn ActiveKeyExchange>, Error> {
    let g = provider.kx_group(group).ok_or(Error::Config(
        "key-exchange group not offered by the provider",
    ))?;
    Ok(g.start()?)
}
