//! The config builders: each configuration mistake `build()` catches, with its exact
//! `ConfigError`, on the client and on the server; and the key check without an exported
//! public key.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use stratls_crypto::{
    CipherSuite, CryptoProvider, NamedGroup, Shared, SignatureScheme, Signer, SigningKey,
    Tls12CipherSuite,
};
use stratls_handshake::{
    CertifiedKey, ClientAuth, ClientConfig, ClientConfigBuilder, ClientReady, ConfigError,
    FixedTime, ServerConfig, ServerConfigBuilder, ServerReady, Versions, webpki_verifier,
};
use stratls_pki::pem::{certificates_from_file, private_key_from_file};
use stratls_pki::{CertificateDer, PkiError, PrivateKeyDer, RootStore, UnixTime};

fn provider() -> CryptoProvider {
    stratls_rustcrypto::PROVIDER
}

fn time() -> Arc<FixedTime> {
    Arc::new(FixedTime(UnixTime::since_unix_epoch(Duration::from_secs(
        1_811_808_000,
    ))))
}

fn certs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/certs")
}

fn chain(name: &str) -> Vec<CertificateDer<'static>> {
    certificates_from_file(certs().join(format!("{name}.chain.pem"))).expect("chain")
}

fn key(name: &str) -> PrivateKeyDer<'static> {
    private_key_from_file(certs().join(format!("{name}.key"))).expect("key")
}

fn roots() -> RootStore {
    let mut store = RootStore::new();
    store
        .add_pem(&std::fs::read(certs().join("ca.pem")).expect("ca"))
        .expect("ca parses");
    store
}

fn client_with(provider: CryptoProvider) -> ClientConfigBuilder<ClientReady> {
    ClientConfig::builder(provider, time())
        .with_root_certificates(roots())
        .with_no_client_auth()
}

fn server_with(provider: CryptoProvider) -> ServerConfigBuilder<ServerReady> {
    ServerConfig::builder(provider, time())
        .with_no_client_auth()
        .with_single_cert(chain("server-ecdsa"), key("server-ecdsa"))
}

/// The same shared options on a client and a server builder over `provider`; what each
/// `build()` refuses with.
macro_rules! both {
    ($provider:expr, |$b:ident| $options:expr) => {{
        let client = {
            let $b = client_with($provider);
            $options
        }
        .build();
        let server = {
            let $b = server_with($provider);
            $options
        }
        .build();
        (client.err(), server.err())
    }};
    (|$b:ident| $options:expr) => {
        both!(provider(), |$b| $options)
    };
}

/// Both sides refuse with `expected`.
fn refused(found: (Option<ConfigError>, Option<ConfigError>), expected: ConfigError) {
    assert_eq!(found.0.as_ref(), Some(&expected), "client");
    assert_eq!(found.1.as_ref(), Some(&expected), "server");
    // The message names the mistake and, after the colon, the fix.
    let message = expected.to_string();
    assert!(message.contains(": "), "{message}");
}

#[test]
fn the_defaults_build() {
    let client = client_with(provider()).build().expect("client");
    let server = server_with(provider()).build().expect("server");
    for shared in [&client.shared, &server.shared] {
        assert_eq!(shared.versions, Versions::BOTH);
        assert!(!shared.dangerous_enable_rsa_key_exchange);
        assert!(!shared.tls12_require_extended_master_secret);
    }
    assert!(client.client_cert.is_none());
    assert!(client.enable_sni && client.middlebox_compat);
    assert!(server.prefer_server_order);
    assert!(matches!(server.client_auth, ClientAuth::None));
}

#[test]
fn dangerous_switches_set_the_dangerous_fields() {
    let client = client_with(provider())
        .dangerous()
        .with_rsa_key_exchange()
        .build()
        .expect("client");
    assert!(client.shared.dangerous_enable_rsa_key_exchange);
    assert!(!client.shared.tls12_require_extended_master_secret);
}

#[test]
fn requiring_the_extended_master_secret_is_a_plain_option_of_both_builders() {
    let client = client_with(provider())
        .require_extended_master_secret()
        .build()
        .expect("client");
    assert!(client.shared.tls12_require_extended_master_secret);
    assert!(!client.shared.dangerous_enable_rsa_key_exchange);
    let server = server_with(provider())
        .require_extended_master_secret()
        .build()
        .expect("server");
    assert!(server.shared.tls12_require_extended_master_secret);
}

#[test]
fn a_cipher_suite_the_provider_does_not_offer() {
    // TLS_AES_128_CCM_SHA256: a TLS 1.3 suite the default provider lacks.
    refused(
        both!(|b| b.with_cipher_suites(vec![
            CipherSuite::TLS13_AES_128_GCM_SHA256,
            CipherSuite::from_u16(0x1304)
        ])),
        ConfigError::UnsupportedCipherSuite(CipherSuite::from_u16(0x1304)),
    );
    // The default provider implements the RSA key-exchange suites but does not list them.
    refused(
        both!(|b| b
            .with_cipher_suites(vec![CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256])
            .dangerous()
            .with_rsa_key_exchange()),
        ConfigError::UnsupportedCipherSuite(CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256),
    );
}

static WITH_RSA_KX: [Shared<Tls12CipherSuite>; 2] = [
    Shared::Static(&stratls_rustcrypto::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256),
    Shared::Static(&stratls_rustcrypto::TLS_RSA_WITH_AES_128_GCM_SHA256),
];

fn rsa_kx_provider() -> CryptoProvider {
    CryptoProvider {
        tls12_cipher_suites: Shared::Static(&WITH_RSA_KX),
        ..provider()
    }
}

#[test]
fn an_rsa_key_exchange_suite_needs_the_dangerous_switch() {
    let rsa = CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256;
    refused(
        both!(rsa_kx_provider(), |b| b.with_cipher_suites(vec![rsa])),
        ConfigError::RsaKeyExchangeNotEnabled(rsa),
    );
    let (client, server) = both!(rsa_kx_provider(), |b| b
        .with_cipher_suites(vec![rsa])
        .dangerous()
        .with_rsa_key_exchange());
    assert_eq!((client, server), (None, None));
    // A client also needs the provider's RSA key transport to encrypt the premaster secret.
    let without_transport = CryptoProvider {
        rsa_key_transport: None,
        ..rsa_kx_provider()
    };
    let client = client_with(without_transport)
        .with_cipher_suites(vec![rsa])
        .dangerous()
        .with_rsa_key_exchange()
        .build();
    assert_eq!(client.err(), Some(ConfigError::UnsupportedCipherSuite(rsa)));
}

#[test]
fn a_group_the_provider_does_not_offer() {
    // secp521r1: not in the default provider.
    refused(
        both!(|b| b.with_groups(vec![NamedGroup::X25519, NamedGroup::Secp521r1])),
        ConfigError::UnsupportedGroup(NamedGroup::Secp521r1),
    );
}

#[test]
fn versions_that_leave_no_usable_suite() {
    refused(
        both!(|b| b.with_versions(Versions {
            tls13: false,
            tls12: false
        })),
        ConfigError::NoVersionEnabled,
    );
    refused(
        both!(|b| b
            .with_versions(Versions::TLS13_ONLY)
            .with_cipher_suites(vec![CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256])),
        ConfigError::NoUsableCipherSuite,
    );
    refused(
        both!(|b| b
            .with_versions(Versions::TLS12_ONLY)
            .with_cipher_suites(vec![CipherSuite::TLS13_AES_128_GCM_SHA256])),
        ConfigError::NoUsableCipherSuite,
    );
    // The RSA key-exchange suites are the only TLS 1.2 suites here, and they are off.
    static ONLY_RSA: [Shared<Tls12CipherSuite>; 1] = [Shared::Static(
        &stratls_rustcrypto::TLS_RSA_WITH_AES_128_GCM_SHA256,
    )];
    let only_rsa = CryptoProvider {
        tls12_cipher_suites: Shared::Static(&ONLY_RSA),
        ..provider()
    };
    refused(
        both!(only_rsa.clone(), |b| b.with_versions(Versions::TLS12_ONLY)),
        ConfigError::NoUsableCipherSuite,
    );
    // Both versions with only TLS 1.3 suites listed is TLS 1.3: that builds.
    let (client, server) =
        both!(|b| b.with_cipher_suites(vec![CipherSuite::TLS13_CHACHA20_POLY1305_SHA256]));
    assert_eq!((client, server), (None, None));
}

#[test]
fn a_provider_without_groups() {
    let no_groups = CryptoProvider {
        kx_groups: stratls_crypto::Shared::Static(&[]),
        ..provider()
    };
    refused(
        both!(no_groups.clone(), |b| b.with_versions(Versions::BOTH)),
        ConfigError::NoKeyExchangeGroup,
    );
}

#[test]
fn tls12_alone_with_only_the_tls13_hybrid() {
    refused(
        both!(|b| b
            .with_versions(Versions::TLS12_ONLY)
            .with_groups(vec![NamedGroup::X25519MLKEM768])),
        ConfigError::NoKeyExchangeGroup,
    );
    // With TLS 1.3 on, or with an ECDHE group beside it, it builds.
    let (client, server) = both!(|b| b.with_groups(vec![NamedGroup::X25519MLKEM768]));
    assert_eq!((client, server), (None, None));
    let (client, server) = both!(|b| b
        .with_versions(Versions::TLS12_ONLY)
        .with_groups(vec![NamedGroup::X25519MLKEM768, NamedGroup::Secp384r1]));
    assert_eq!((client, server), (None, None));
}

#[test]
fn alpn_names_are_one_to_255_bytes() {
    refused(
        both!(|b| b.with_alpn_protocols(vec![b"h2".to_vec(), Vec::new()])),
        ConfigError::EmptyAlpnProtocol,
    );
    refused(
        both!(|b| b.with_alpn_protocols(vec![vec![b'x'; 256]])),
        ConfigError::AlpnProtocolTooLong(256),
    );
    let (client, server) = both!(|b| b.with_alpn_protocols(vec![vec![b'x'; 255]]));
    assert_eq!((client, server), (None, None));
}

#[test]
fn an_empty_root_store() {
    let client = ClientConfig::builder(provider(), time())
        .with_root_certificates(RootStore::new())
        .with_no_client_auth()
        .build();
    assert_eq!(client.err(), Some(ConfigError::EmptyRootStore));
    for required in [true, false] {
        let b = ServerConfig::builder(provider(), time());
        let b = if required {
            b.with_required_client_cert(RootStore::new())
        } else {
            b.with_optional_client_cert(RootStore::new())
        };
        let server = b
            .with_single_cert(chain("server-ecdsa"), key("server-ecdsa"))
            .build();
        assert_eq!(server.err(), Some(ConfigError::EmptyRootStore));
    }
}

#[test]
fn roots_for_client_certificates_set_the_policy() {
    let required = ServerConfig::builder(provider(), time())
        .with_required_client_cert(roots())
        .with_single_cert(chain("server-rsa"), key("server-rsa"))
        .build()
        .expect("server");
    assert!(matches!(required.client_auth, ClientAuth::Required(_)));
    let optional = ServerConfig::builder(provider(), time())
        .with_optional_client_cert(roots())
        .with_single_cert(chain("server-rsa"), key("server-rsa"))
        .build()
        .expect("server");
    assert!(matches!(optional.client_auth, ClientAuth::Optional(_)));
}

fn server_cert(
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> Option<ConfigError> {
    ServerConfig::builder(provider(), time())
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .build()
        .err()
}

fn client_cert(
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> Option<ConfigError> {
    ClientConfig::builder(provider(), time())
        .with_root_certificates(roots())
        .with_client_auth_cert(chain, key)
        .build()
        .err()
}

#[test]
fn an_empty_certificate_chain() {
    assert_eq!(
        server_cert(Vec::new(), key("server-ecdsa")),
        Some(ConfigError::EmptyCertificateChain)
    );
    assert_eq!(
        client_cert(Vec::new(), key("client-ecdsa")),
        Some(ConfigError::EmptyCertificateChain)
    );
}

#[test]
fn a_certificate_with_another_key() {
    for (cert, wrong) in [
        ("server-ecdsa", "server-rsa"),
        ("server-rsa", "server-ed25519"),
        ("server-ed25519", "client-ed25519"),
        // The same curve, another key.
        ("server-ecdsa", "client-ecdsa"),
    ] {
        assert_eq!(
            server_cert(chain(cert), key(wrong)),
            Some(ConfigError::CertificateKeyMismatch),
            "{cert} with {wrong}.key"
        );
        assert_eq!(server_cert(chain(cert), key(cert)), None, "{cert}");
    }
    assert_eq!(
        client_cert(chain("client-ecdsa"), key("client-rsa")),
        Some(ConfigError::CertificateKeyMismatch)
    );
    assert_eq!(client_cert(chain("client-rsa"), key("client-rsa")), None);
}

#[test]
fn a_key_the_provider_cannot_load() {
    let garbage = PrivateKeyDer::Pkcs8(b"not a key at all".to_vec().into());
    assert_eq!(
        server_cert(chain("server-ecdsa"), garbage),
        Some(ConfigError::BadPrivateKey(
            stratls_crypto::CryptoError::InvalidKey
        ))
    );
}

#[test]
fn a_certificate_that_does_not_parse() {
    let garbage = vec![CertificateDer::from(vec![0x30, 0x03, 0x02, 0x01, 0x05])];
    assert!(matches!(
        server_cert(garbage, key("server-ecdsa")),
        Some(ConfigError::Pki(PkiError::BadEncoding(_)))
    ));
}

/// A key that does not export its public key (as some hardware keys do not).
#[derive(Debug)]
struct Opaque(Arc<dyn SigningKey>);

impl SigningKey for Opaque {
    fn algorithm(&self) -> stratls_crypto::SignatureAlgorithm {
        self.0.algorithm()
    }

    fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<Box<dyn Signer>> {
        self.0.choose_scheme(offered)
    }
}

fn opaque(cert: &str, key_of: &str) -> Arc<CertifiedKey> {
    let loaded = CertifiedKey::from_der(&provider(), chain(key_of), &key(key_of)).expect("loads");
    Arc::new(CertifiedKey {
        chain: chain(cert),
        key: Arc::new(Opaque(loaded.key)),
    })
}

#[test]
fn a_key_without_its_public_key_is_checked_by_a_signature() {
    let server = |certified| {
        ServerConfig::builder(provider(), time())
            .with_no_client_auth()
            .with_certified_key(certified)
            .build()
            .err()
    };
    for name in ["server-ecdsa", "server-rsa", "server-ed25519"] {
        assert_eq!(server(opaque(name, name)), None, "{name}");
    }
    assert_eq!(
        server(opaque("server-ecdsa", "client-ecdsa")),
        Some(ConfigError::CertificateKeyMismatch)
    );
    assert_eq!(
        server(opaque("server-rsa", "server-ed25519")),
        Some(ConfigError::CertificateKeyMismatch)
    );
    let client = ClientConfig::builder(provider(), time())
        .with_root_certificates(roots())
        .with_client_certified_key(opaque("client-rsa", "client-ecdsa"))
        .build();
    assert_eq!(client.err(), Some(ConfigError::CertificateKeyMismatch));
    // A provider that verifies none of the key's schemes cannot check it: the key passes.
    let no_verifiers = CryptoProvider {
        signature_verifiers: Shared::Static(&[]),
        ..provider()
    };
    assert_eq!(
        opaque("server-ecdsa", "client-ecdsa").keys_match(&no_verifiers),
        Ok(())
    );
}

#[test]
fn a_custom_verifier_is_dangerous_and_used() {
    let verifier = webpki_verifier(roots(), &provider());
    let client = ClientConfig::builder(provider(), time())
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth()
        .build();
    assert!(client.is_ok());
}

#[test]
fn messages_name_the_code_point_and_the_fix() {
    let suite = ConfigError::UnsupportedCipherSuite(CipherSuite::from_u16(0x1304)).to_string();
    assert!(suite.contains("TLS_AES_128_CCM_SHA256 (0x1304)"), "{suite}");
    assert!(
        suite.contains("remove it from with_cipher_suites"),
        "{suite}"
    );
    let unnamed = ConfigError::UnsupportedCipherSuite(CipherSuite::from_u16(0xfefe)).to_string();
    assert!(
        unnamed.starts_with("cipher suite 0xfefe is not offered"),
        "{unnamed}"
    );
    let rsa = ConfigError::RsaKeyExchangeNotEnabled(CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256)
        .to_string();
    assert!(rsa.contains("dangerous().with_rsa_key_exchange()"), "{rsa}");
    let group = ConfigError::UnsupportedGroup(NamedGroup::Secp384r1).to_string();
    assert!(group.contains("secp384r1 (0x0018)"), "{group}");
    let mismatch = ConfigError::CertificateKeyMismatch.to_string();
    assert!(
        mismatch.contains("pass the key the certificate was issued for"),
        "{mismatch}"
    );
}
