//! Deterministic peers: the client and server configurations of every scenario the connection
//! targets run, on the deterministic provider of stratls-test-support (randomness from a
//! counter, fixed key shares).
//!
//! With fixed randomness, fixed key shares and deterministic signatures (ECDSA per RFC 6979,
//! Ed25519), a connection built from these configs produces the same bytes on every run. So a
//! recording of what a real peer sent it (the seed corpus) replays byte for byte against a fresh
//! connection, and the fuzzer starts from inputs that reach the end of the handshake.

use std::sync::{Arc, OnceLock};

use stratls_crypto::{KxGroup, Shared};
use stratls_handshake::{ClientConfig, Observer, ServerConfig, ServerName, SharedConfig, Versions};
use stratls_keyschedule::keylog::KeyLog;
use stratls_test_support::configs;
use stratls_test_support::deterministic::{
    self, CLIENT_GROUPS, CLIENT_RANDOM, SERVER_GROUPS, SERVER_RANDOM,
};

use crate::script::{HelloObserver, ThreadKeyLog};

/// The server's certificate and key (`tests/certs`): ECDSA P-256, deterministic signatures.
pub const SERVER_CERT: &str = "server-ecdsa";
/// The client's certificate and key where the scenario authenticates the client: Ed25519.
pub const CLIENT_CERT: &str = "client-ed25519";

/// Restarts both random sequences of this thread: call before building a connection.
pub fn reset_randomness() {
    deterministic::reset();
}

/// The name the clients connect to (the test certificates' name).
pub fn server_name() -> ServerName<'static> {
    configs::name("localhost")
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
        let mut c =
            configs::client_config_with(deterministic::provider(&CLIENT_RANDOM, &CLIENT_GROUPS));
        c.shared.versions = self.versions;
        c.shared.alpn = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        if self.client_auth {
            configs::client_cert(&mut c, CLIENT_CERT);
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
        let mut s = configs::server_config_with(
            deterministic::provider(&SERVER_RANDOM, groups),
            SERVER_CERT,
        );
        s.shared.versions = self.versions;
        s.shared.alpn = vec![b"http/1.1".to_vec()];
        // No tickets and no session IDs: tickets are sealed under random keys, which would
        // make a recorded conversation differ from its replay.
        s.ticketer = None;
        s.tickets = 0;
        s.session_ids = None;
        if self.client_auth {
            configs::require_client_auth(&mut s);
        }
        s
    }
}

/// Configurations built once per process: loading keys and roots is far slower than a run.
/// They log their secrets to [`ThreadKeyLog`] and report their ServerHello to
/// [`HelloObserver`], so that the script's peer seals records with the same keys.
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
    let key_log: Arc<dyn KeyLog> = Arc::new(ThreadKeyLog);
    let observer: Arc<dyn Observer> = Arc::new(HelloObserver);
    let watch = |shared: &mut SharedConfig| {
        shared.key_log = Some(key_log.clone());
        shared.observer = Some(observer.clone());
    };
    cell.get_or_init(|| Configs {
        clients: scenarios
            .iter()
            .map(|s| {
                let mut c = s.client_config();
                watch(&mut c.shared);
                Arc::new(c)
            })
            .collect(),
        servers: scenarios
            .iter()
            .map(|s| {
                let mut c = s.server_config();
                watch(&mut c.shared);
                Arc::new(c)
            })
            .collect(),
    })
}
