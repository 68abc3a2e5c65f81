//! stratls through its facade, with the ring provider or the default (pure Rust) one: a client
//! and a server `Connection` driven against each other in memory by the tests' `Pair`.

use std::sync::Arc;

use stratls::{ClientConfig, Connection, RootStore, ServerConfig, ServerName, Side, Versions};
use stratls_test_support::Pair;

use crate::cases::{Case, SERVER_NAME, ca_path};
use crate::contender::{Agreed, Contender, WRITE_SIZE};

/// stratls configured for one case.
#[derive(Debug)]
pub struct Stratls {
    /// The client configuration.
    pub client: Arc<ClientConfig>,
    /// The server configuration.
    pub server: Arc<ServerConfig>,
    /// The name the client connects to.
    pub name: ServerName<'static>,
    /// The name in reports: `stratls`, or `stratls x25519` as the baseline of a case rustls
    /// cannot run.
    pub label: &'static str,
}

impl Stratls {
    /// Client and server configurations restricted to the case's version, suite and group.
    pub fn new(case: &Case) -> Result<Self, String> {
        Self::with_provider(case, stratls::default_provider(), "stratls")
    }

    /// stratls with `provider`, reported as `label`.
    pub fn with_provider(
        case: &Case,
        provider: stratls::crypto::CryptoProvider,
        label: &'static str,
    ) -> Result<Self, String> {
        let versions = match case.version {
            stratls::codec::ProtocolVersion::TLSv1_2 => Versions::TLS12_ONLY,
            _ => Versions::TLS13_ONLY,
        };
        let mut roots = RootStore::new();
        let ca = std::fs::read(ca_path()).map_err(|e| format!("{}: {e}", ca_path().display()))?;
        roots.add_pem(&ca).map_err(|e| format!("ca.pem: {e}"))?;
        let client = stratls::client_config_with_provider(provider.clone())
            .with_root_certificates(roots)
            .with_no_client_auth()
            .with_versions(versions)
            .with_cipher_suites(vec![case.suite])
            .with_groups(client_groups(case.group))
            .build()
            .map_err(|e| format!("stratls client config: {e}"))?;
        let chain = stratls::certificates_from_file(case.chain_path())
            .map_err(|e| format!("{}: {e}", case.chain_path().display()))?;
        let key = stratls::private_key_from_file(case.key_path())
            .map_err(|e| format!("{}: {e}", case.key_path().display()))?;
        let server = stratls::server_config_with_provider(provider)
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .with_versions(versions)
            .with_cipher_suites(vec![case.suite])
            .with_groups(vec![case.group])
            .build()
            .map_err(|e| format!("stratls server config: {e}"))?;
        let name = ServerName::try_from(SERVER_NAME.to_string()).map_err(|e| e.to_string())?;
        Ok(Self {
            client: Arc::new(client),
            server: Arc::new(server),
            name,
            label,
        })
    }
}

impl Contender for Stratls {
    type Pair = Pair;

    fn name(&self) -> &'static str {
        self.label
    }

    fn handshake(&self) -> Result<Pair, String> {
        let client = Connection::client(Arc::clone(&self.client), self.name.clone())
            .map_err(|e| format!("stratls client: {e}"))?;
        let server = Connection::server(Arc::clone(&self.server))
            .map_err(|e| format!("stratls server: {e}"))?;
        let mut pair = Pair::from_connections(client, server);
        pair.pump().map_err(|f| format!("stratls handshake: {f}"))?;
        if pair.client.is_handshaking() || pair.server.is_handshaking() {
            return Err("stratls handshake did not complete".into());
        }
        Ok(pair)
    }

    fn agreed(pair: &Pair) -> Agreed {
        let n = pair.client.negotiated().cloned().unwrap_or_default();
        Agreed {
            version: n.version.map(|v| v.to_u16()),
            suite: n.cipher_suite.map(|s| s.to_u16()),
            group: n.group.map(|g| g.to_u16()),
        }
    }

    fn transfer(
        pair: &mut Pair,
        data: &[u8],
        total: usize,
        sink: &mut [u8],
    ) -> Result<usize, String> {
        let chunk = data.get(..WRITE_SIZE).ok_or("payload too short")?;
        let sink = sink.get_mut(..WRITE_SIZE).ok_or("sink too short")?;
        let mut delivered = 0;
        let mut sent = 0;
        while sent < total {
            let piece = &chunk[..WRITE_SIZE.min(total - sent)];
            let n = pair
                .client
                .write(piece)
                .map_err(|e| format!("stratls write: {e}"))?;
            sent += n;
            pair.deliver(Side::Client)
                .map_err(|f| format!("stratls: {f}"))?;
            let mut filled = 0;
            while filled < n {
                match pair.server.read(&mut sink[filled..]) {
                    Ok(stratls::handshake::Read::Data(got)) => filled += got,
                    Ok(_) => break,
                    Err(e) => return Err(format!("stratls read: {e}")),
                }
            }
            delivered += filled;
        }
        Ok(delivered)
    }
}

/// The case's group first (it gets the key share), then secp256r1: a TLS 1.2 server may use a
/// P-256 ECDSA certificate only with a client that lists that curve (RFC 8422 §5.1.1). The
/// server accepts the case's group alone, so that is the group negotiated.
fn client_groups(group: stratls::NamedGroup) -> Vec<stratls::NamedGroup> {
    let p256 = stratls::NamedGroup::Secp256r1;
    // The hybrid is TLS 1.3 only: listing it alone keeps the client to one key share (a
    // classical group after it would get a second one).
    if group == p256 || group == stratls::NamedGroup::X25519MLKEM768 {
        vec![group]
    } else {
        vec![group, p256]
    }
}
