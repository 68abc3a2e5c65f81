//! From command-line options to library configurations: files, trust roots, versions, names.

use std::path::Path;
use std::sync::Arc;

use stratls::crypto::{Shared, Tls12CipherSuite};
use stratls::{
    CertificateDer, ConfigBuilder, KeyLogFile, Observer, PrivateKeyDer, RootStore, ServerConfig,
    Versions, certificates_from_file, private_key_from_file,
};

use crate::args::{CommonArgs, VersionChoice};
use crate::error::CliError;

/// A certificate chain from a PEM file.
pub fn load_chain(path: &Path) -> Result<Vec<CertificateDer<'static>>, CliError> {
    let chain = certificates_from_file(path).map_err(|e| file_error(path, e))?;
    if chain.is_empty() {
        return Err(file_error(path, "no certificate in the file"));
    }
    Ok(chain)
}

/// A private key from a PEM file.
pub fn load_key(path: &Path) -> Result<PrivateKeyDer<'static>, CliError> {
    private_key_from_file(path).map_err(|e| file_error(path, e))
}

/// Trust roots from a PEM file.
pub fn roots_from_file(path: &Path) -> Result<RootStore, CliError> {
    let pem = std::fs::read(path).map_err(|e| file_error(path, e))?;
    let mut roots = RootStore::new();
    roots.add_pem(&pem).map_err(|e| file_error(path, e))?;
    if roots.is_empty() {
        return Err(file_error(path, "no certificate in the file"));
    }
    Ok(roots)
}

/// The system trust store, through the library's [`stratls::native_roots`]. Certificates the
/// verifier cannot use are skipped (the library reports them); an empty result is an error.
pub fn native_roots() -> Result<RootStore, CliError> {
    let found = stratls::native_roots();
    let roots = found.store;
    if roots.is_empty() {
        let why = found
            .load_errors
            .first()
            .cloned()
            .or_else(|| found.added.skipped.first().map(|(_, e)| e.to_string()))
            .unwrap_or_else(|| "none found".to_string());
        return Err(CliError::File {
            path: "system trust store".into(),
            reason: format!("no usable root certificate ({why}); pass --cafile"),
        });
    }
    Ok(roots)
}

fn file_error(path: &Path, reason: impl ToString) -> CliError {
    CliError::File {
        path: path.display().to_string(),
        reason: reason.to_string(),
    }
}

/// The versions a `--tls1_2` / `--tls1_3` choice allows.
pub fn versions(choice: Option<VersionChoice>) -> Option<Versions> {
    choice.map(|c| match c {
        VersionChoice::Tls12Only => Versions::TLS12_ONLY,
        VersionChoice::Tls13Only => Versions::TLS13_ONLY,
    })
}

/// Applies the options clients and servers share to a builder of either, in any state.
pub fn apply_common<Side, State>(
    mut b: ConfigBuilder<Side, State>,
    c: &CommonArgs,
    observer: Option<Arc<dyn Observer>>,
) -> Result<ConfigBuilder<Side, State>, CliError> {
    if let Some(v) = versions(c.version) {
        b = b.with_versions(v);
    }
    b = b
        .with_cipher_suites(c.suites.clone())
        .with_groups(c.groups.clone())
        .with_alpn_protocols(c.alpn.clone());
    if let Some(path) = &c.keylogfile {
        b = b.with_key_log(Arc::new(key_log(path)?));
    }
    if let Some(o) = observer {
        b = b.with_observer(o);
    }
    if c.require_ems {
        b = b.require_extended_master_secret();
    }
    if c.dangerous_rsa_kx {
        b = b.dangerous().with_rsa_key_exchange();
    }
    Ok(b)
}

/// The external PSK of `--psk` and `--psk-identity` (OpenSSL's default identity is
/// `Client_identity`), for SHA-256 suites as OpenSSL uses it.
pub fn external_psk(c: &CommonArgs) -> Result<Option<Arc<stratls::ExternalPsk>>, CliError> {
    let Some(key) = &c.psk else {
        if c.psk_identity.is_some() {
            return Err(CliError::Usage("--psk-identity needs --psk".into()));
        }
        return Ok(None);
    };
    let identity = c.psk_identity.as_deref().unwrap_or("Client_identity");
    stratls::ExternalPsk::new(
        identity.as_bytes().to_vec(),
        stratls::crypto::Secret::from_slice(key),
        stratls::crypto::HashAlgorithm::Sha256,
    )
    .map(|p| Some(Arc::new(p)))
    .ok_or_else(|| CliError::Usage("--psk-identity: 1 to 65535 bytes".into()))
}

fn key_log(path: &Path) -> Result<KeyLogFile, CliError> {
    KeyLogFile::create(path).map_err(|e| file_error(path, e))
}

/// `config` with `observer` reporting its events (one observer per connection).
pub fn server_with_observer(
    config: &ServerConfig,
    observer: Arc<dyn Observer>,
) -> Arc<ServerConfig> {
    let mut config = config.clone();
    config.shared.observer = Some(observer);
    Arc::new(config)
}

/// Checks that `name` is a server name (a DNS name or an IP address) before connecting.
pub fn check_server_name(name: &str) -> Result<(), CliError> {
    stratls::ServerName::try_from(name)
        .map(drop)
        .map_err(|e| CliError::Usage(format!("server name {name:?}: {e}")))
}

/// The two RSA key-exchange suites, which the default provider implements but does not list.
static RSA_KX: [Shared<Tls12CipherSuite>; 2] = [
    Shared::Static(&stratls::rustcrypto::TLS_RSA_WITH_AES_128_GCM_SHA256),
    Shared::Static(&stratls::rustcrypto::TLS_RSA_WITH_AES_256_GCM_SHA384),
];

/// The provider for a command: the default one, or with `rsa_kx` one that also lists the RSA
/// key-exchange suites (`only` keeps them alone for TLS 1.2). The config must still turn the
/// RSA key exchange on through `dangerous()`.
pub fn provider(rsa_kx: bool, only: bool) -> stratls::crypto::CryptoProvider {
    let default = stratls::default_provider();
    match (rsa_kx, only) {
        (false, _) => default,
        (true, false) => {
            // The default provider's TLS 1.2 suites, then the RSA key-exchange ones.
            let suites: Vec<_> = default
                .tls12_cipher_suites
                .iter()
                .chain(&RSA_KX)
                .cloned()
                .collect();
            stratls::crypto::CryptoProvider {
                tls12_cipher_suites: suites.into(),
                ..default
            }
        }
        (true, true) => stratls::crypto::CryptoProvider {
            tls12_cipher_suites: Shared::Static(&RSA_KX),
            ..default
        },
    }
}
