//! Deterministic peers: a crypto provider whose randomness and key shares are fixed, and the
//! client and server configurations of every scenario the connection targets run.
//!
//! With fixed randomness, fixed key shares and deterministic signatures (ECDSA per RFC 6979,
//! Ed25519), a connection built from these configs produces the same bytes on every run. So a
//! recording of what a real peer sent it (the seed corpus) replays byte for byte against a fresh
//! connection, and the fuzzer starts from inputs that reach the end of the handshake.

use std::cell::Cell;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use stratls_crypto::test_kit::KxFromPrivateKey;
use stratls_crypto::{
    ActiveKeyExchange, CryptoError, CryptoProvider, KxGroup, NamedGroup, SecureRandom, Shared,
};
use stratls_handshake::{
    CertifiedKey, ClientAuth, ClientConfig, FixedTime, ServerConfig, SingleCert, Versions,
    webpki_verifier,
};
use stratls_pki::RootStore;
use stratls_pki::pem::{certificates_from_pem, private_key_from_pem};

/// Random bytes from a counter, restarted for every connection.
///
/// The counter is per thread, so connections built on different threads (tests run in
/// parallel) do not disturb each other's sequence.
#[derive(Debug)]
pub struct CountingRandom {
    counter: &'static std::thread::LocalKey<Cell<u64>>,
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

/// The randomness of the client side, restarted by [`reset_randomness`].
pub static CLIENT_RANDOM: CountingRandom = CountingRandom {
    counter: &CLIENT_COUNTER,
};
/// The randomness of the server side, restarted by [`reset_randomness`].
pub static SERVER_RANDOM: CountingRandom = CountingRandom {
    counter: &SERVER_COUNTER,
};

/// Restarts both random sequences of this thread: call before building a connection.
pub fn reset_randomness() {
    CLIENT_RANDOM.reset();
    SERVER_RANDOM.reset();
}

/// A key-exchange group of the default provider with a fixed private key.
#[derive(Debug)]
struct FixedKx {
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
static CLIENT_GROUPS: [Shared<dyn KxGroup>; 2] =
    [Shared::Static(&CLIENT_X25519), Shared::Static(&CLIENT_P256)];
static SERVER_GROUPS: [Shared<dyn KxGroup>; 2] =
    [Shared::Static(&SERVER_X25519), Shared::Static(&SERVER_P256)];

fn provider(
    random: &'static CountingRandom,
    groups: &'static [Shared<dyn KxGroup>],
) -> CryptoProvider {
    CryptoProvider {
        kx_groups: Shared::Static(groups),
        random: Shared::Static(random),
        ..stratls_rustcrypto::PROVIDER
    }
}

/// 2027-06-01, inside the validity of the test certificates.
fn time() -> Arc<FixedTime> {
    Arc::new(FixedTime(stratls_pki::UnixTime::since_unix_epoch(
        Duration::from_secs(1_811_808_000),
    )))
}

const CA_PEM: &[u8] = include_bytes!("../../tests/certs/ca.pem");
const SERVER_CHAIN: &[u8] = include_bytes!("../../tests/certs/server-ecdsa.chain.pem");
const SERVER_KEY: &[u8] = include_bytes!("../../tests/certs/server-ecdsa.key");
const CLIENT_CHAIN: &[u8] = include_bytes!("../../tests/certs/client-ed25519.chain.pem");
const CLIENT_KEY: &[u8] = include_bytes!("../../tests/certs/client-ed25519.key");

/// A certificate chain and its key, from PEM that is part of this repository.
fn certified(chain: &[u8], key: &[u8]) -> Arc<CertifiedKey> {
    let chain = certificates_from_pem(chain).expect("test chain parses");
    let key = private_key_from_pem(key).expect("test key parses");
    let key = stratls_rustcrypto::PROVIDER
        .key_loader
        .load_private_key(&key)
        .expect("test key loads");
    Arc::new(CertifiedKey { chain, key })
}

fn verifier() -> Arc<dyn stratls_handshake::ServerCertVerifier> {
    let mut roots = RootStore::new();
    roots.add_pem(CA_PEM).expect("test roots parse");
    webpki_verifier(roots, &stratls_rustcrypto::PROVIDER)
}

fn client_verifier() -> Arc<dyn stratls_handshake::ClientCertVerifier> {
    let mut roots = RootStore::new();
    roots.add_pem(CA_PEM).expect("test roots parse");
    webpki_verifier(roots, &stratls_rustcrypto::PROVIDER)
}

/// One pairing of a client and a server configuration.
#[derive(Debug, Clone, Copy)]
pub struct Scenario {
    /// A short name, used for seed file names.
    pub name: &'static str,
    versions: Versions,
    client_auth: bool,
    /// The server supports only secp256r1, so a client that shares x25519 first is sent a
    /// HelloRetryRequest.
    server_p256_only: bool,
}

/// The scenarios of the `server` and `client` targets (TLS 1.3, or both versions).
pub static TLS13_SCENARIOS: &[Scenario] = &[
    Scenario::new("tls13", Versions::TLS13_ONLY),
    Scenario::new("both", Versions::BOTH),
    Scenario {
        client_auth: true,
        ..Scenario::new("tls13-client-auth", Versions::TLS13_ONLY)
    },
    Scenario {
        server_p256_only: true,
        ..Scenario::new("tls13-hello-retry", Versions::TLS13_ONLY)
    },
];

/// The scenarios of the `server_tls12` and `client_tls12` targets.
pub static TLS12_SCENARIOS: &[Scenario] = &[
    Scenario::new("tls12", Versions::TLS12_ONLY),
    Scenario {
        client_auth: true,
        ..Scenario::new("tls12-client-auth", Versions::TLS12_ONLY)
    },
    Scenario {
        server_p256_only: true,
        ..Scenario::new("tls12-p256", Versions::TLS12_ONLY)
    },
];

impl Scenario {
    const fn new(name: &'static str, versions: Versions) -> Self {
        Self {
            name,
            versions,
            client_auth: false,
            server_p256_only: false,
        }
    }

    /// The client's configuration.
    pub fn client_config(&self) -> ClientConfig {
        let mut c = ClientConfig::new(provider(&CLIENT_RANDOM, &CLIENT_GROUPS), verifier(), time());
        c.versions = self.versions;
        c.alpn = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        if self.client_auth {
            c.client_cert = Some(Arc::new(SingleCert(certified(CLIENT_CHAIN, CLIENT_KEY))));
        }
        c
    }

    /// The server's configuration.
    pub fn server_config(&self) -> ServerConfig {
        let groups: &'static [Shared<dyn KxGroup>] = if self.server_p256_only {
            &SERVER_GROUPS[1..]
        } else {
            &SERVER_GROUPS
        };
        let mut s = ServerConfig::new(
            provider(&SERVER_RANDOM, groups),
            Arc::new(SingleCert(certified(SERVER_CHAIN, SERVER_KEY))),
            time(),
        );
        s.versions = self.versions;
        s.alpn = vec![b"http/1.1".to_vec()];
        if self.client_auth {
            s.client_auth = ClientAuth::Required(client_verifier());
        }
        s
    }
}

/// Configurations built once per process: loading keys and roots is far slower than a run.
#[derive(Debug)]
pub struct Configs {
    /// One client config per scenario, in the order of the scenario table.
    pub clients: Vec<Arc<ClientConfig>>,
    /// One server config per scenario.
    pub servers: Vec<Arc<ServerConfig>>,
}

/// The configs of `scenarios` (the table's address identifies it), built on first use.
pub fn configs(scenarios: &'static [Scenario]) -> &'static Configs {
    static TLS13: OnceLock<Configs> = OnceLock::new();
    static TLS12: OnceLock<Configs> = OnceLock::new();
    let cell = if std::ptr::eq(scenarios, TLS12_SCENARIOS) {
        &TLS12
    } else {
        &TLS13
    };
    cell.get_or_init(|| Configs {
        clients: scenarios
            .iter()
            .map(|s| Arc::new(s.client_config()))
            .collect(),
        servers: scenarios
            .iter()
            .map(|s| Arc::new(s.server_config()))
            .collect(),
    })
}
