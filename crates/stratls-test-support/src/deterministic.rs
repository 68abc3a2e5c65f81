//! A deterministic provider: the default provider with randomness from a counter and key
//! shares from fixed private keys.
//!
//! With it, and with deterministic signatures (Ed25519; ECDSA per RFC 6979), a connection
//! produces the same bytes on every run: a recorded conversation replays byte for byte, and a
//! replay with one byte changed is comparable with the original. Everything is a `static`:
//! call [`reset`] before building the connections of a run.
//!
//! The counters are per thread, so tests that run in parallel do not disturb each other's
//! sequence; a run must build and drive its connections on one thread.

use std::cell::Cell;
use std::thread::LocalKey;

use stratls_crypto::test_kit::KxFromPrivateKey;
use stratls_crypto::{
    ActiveKeyExchange, CryptoError, CryptoProvider, KxGroup, NamedGroup, SecureRandom, Shared,
};

/// Random bytes from a counter, restarted by [`reset`].
#[derive(Debug)]
pub struct CountingRandom {
    counter: &'static LocalKey<Cell<u64>>,
}

thread_local! {
    static CLIENT_COUNTER: Cell<u64> = const { Cell::new(0) };
    static SERVER_COUNTER: Cell<u64> = const { Cell::new(0) };
}

impl CountingRandom {
    /// Starts this thread's sequence over.
    pub fn reset(&self) {
        self.counter.set(0);
    }
}

impl SecureRandom for CountingRandom {
    fn fill(&self, buf: &mut [u8]) -> Result<(), CryptoError> {
        for b in buf {
            let n = self.counter.replace(self.counter.get().wrapping_add(1));
            *b = u8::try_from(n % 251).unwrap_or_default() ^ 0x5a;
        }
        Ok(())
    }
}

/// The client side's randomness.
pub static CLIENT_RANDOM: CountingRandom = CountingRandom {
    counter: &CLIENT_COUNTER,
};
/// The server side's randomness.
pub static SERVER_RANDOM: CountingRandom = CountingRandom {
    counter: &SERVER_COUNTER,
};

/// Restarts both random sequences of this thread: call before building a run's connections.
pub fn reset() {
    CLIENT_RANDOM.reset();
    SERVER_RANDOM.reset();
}

/// A key-exchange group of the default provider whose every share has the same private key.
#[derive(Debug)]
pub struct FixedKx {
    inner: &'static dyn KxFromPrivateKey,
    private_key: [u8; 32],
}

impl KxGroup for FixedKx {
    fn group(&self) -> NamedGroup {
        self.inner.group()
    }

    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, CryptoError> {
        self.inner.from_private_key(&self.private_key)
    }
}

static CLIENT_X25519: FixedKx = FixedKx {
    inner: stratls_rustcrypto::test_kit::X25519,
    private_key: [0x11; 32],
};
static CLIENT_P256: FixedKx = FixedKx {
    inner: stratls_rustcrypto::test_kit::SECP256R1,
    private_key: [0x13; 32],
};
static SERVER_X25519: FixedKx = FixedKx {
    inner: stratls_rustcrypto::test_kit::X25519,
    private_key: [0x22; 32],
};
static SERVER_P256: FixedKx = FixedKx {
    inner: stratls_rustcrypto::test_kit::SECP256R1,
    private_key: [0x24; 32],
};

/// The client's groups, x25519 then secp256r1, each with its fixed key. A slice of it
/// (`&CLIENT_GROUPS[..1]`) is x25519 alone.
pub static CLIENT_GROUPS: [Shared<dyn KxGroup>; 2] =
    [Shared::Static(&CLIENT_X25519), Shared::Static(&CLIENT_P256)];
/// The server's groups, x25519 then secp256r1 (`&SERVER_GROUPS[1..]`: secp256r1 alone).
pub static SERVER_GROUPS: [Shared<dyn KxGroup>; 2] =
    [Shared::Static(&SERVER_X25519), Shared::Static(&SERVER_P256)];

/// The default provider with `random` and `groups`.
pub fn provider(
    random: &'static CountingRandom,
    groups: &'static [Shared<dyn KxGroup>],
) -> CryptoProvider {
    CryptoProvider {
        kx_groups: Shared::Static(groups),
        random: Shared::Static(random),
        ..stratls_rustcrypto::PROVIDER
    }
}

/// The client's deterministic provider: [`CLIENT_RANDOM`] and [`CLIENT_GROUPS`].
pub fn client_provider() -> CryptoProvider {
    provider(&CLIENT_RANDOM, &CLIENT_GROUPS)
}

/// The server's deterministic provider: [`SERVER_RANDOM`] and [`SERVER_GROUPS`].
pub fn server_provider() -> CryptoProvider {
    provider(&SERVER_RANDOM, &SERVER_GROUPS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_restarts_and_the_sides_are_apart() {
        reset();
        let mut a = [0u8; 300];
        CLIENT_RANDOM.fill(&mut a).expect("fill");
        let mut server = [0u8; 300];
        SERVER_RANDOM.fill(&mut server).expect("fill");
        assert_eq!(a, server, "each side counts on its own");
        let mut b = [0u8; 300];
        CLIENT_RANDOM.fill(&mut b).expect("fill");
        assert_ne!(a, b, "the sequence goes on");
        reset();
        CLIENT_RANDOM.fill(&mut b).expect("fill");
        assert_eq!(a, b, "and starts over");
        assert_eq!(a[0], 0x5a);
        assert_eq!(a[251], 0x5a, "period 251");
    }

    #[test]
    fn every_share_of_a_group_is_the_same() {
        for groups in [&CLIENT_GROUPS, &SERVER_GROUPS] {
            for g in groups {
                let first = g.start().expect("start").public_key().to_vec();
                let second = g.start().expect("start").public_key().to_vec();
                assert_eq!(first, second);
            }
        }
        let client = CLIENT_GROUPS[0]
            .start()
            .expect("start")
            .public_key()
            .to_vec();
        let server = SERVER_GROUPS[0]
            .start()
            .expect("start")
            .public_key()
            .to_vec();
        assert_ne!(client, server, "the sides' keys differ");
        assert_eq!(client_provider().kx_groups.len(), 2);
        assert_eq!(
            server_provider().kx_groups[1].group(),
            NamedGroup::Secp256r1
        );
    }
}
