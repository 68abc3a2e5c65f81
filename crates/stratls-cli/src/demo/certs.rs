//! The demo's throw-away PKI, made in memory at run time: an Ed25519 CA and an Ed25519 server
//! certificate for `localhost` and 127.0.0.1, valid for two days around now.
//!
//! Certificates are laid out by `rcgen` (without a crypto backend of its own); keys come from
//! the provider's random source and every signature is made by the provider's key loader and
//! signer. The Ed25519 public key, which the provider's signing-key trait does not expose, is
//! derived with `ed25519-dalek`.
//!
//! The TLS 1.2 RSA key exchange needs an RSA server key, which the provider cannot generate;
//! for that demo the committed test tree (`tests/certs/`, demo and test keys only, never for
//! real use) is embedded instead.

use std::time::{Duration, SystemTime};

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyIdMethod, KeyUsagePurpose, SanType, SerialNumber,
};
use stratls::crypto::{Secret, Signer};
use stratls::{CertificateDer, PrivateKeyDer, RootStore, SignatureScheme};

use crate::error::CliError;

/// What the demo's server presents and the demo's client trusts.
#[derive(Debug)]
pub struct DemoPki {
    /// The server's chain, end entity first.
    pub chain: Vec<CertificateDer<'static>>,
    /// The server's private key.
    pub key: PrivateKeyDer<'static>,
    /// The client's trust anchors.
    pub roots: RootStore,
    /// Where the keys came from, in words.
    pub origin: String,
}

/// An Ed25519 key made for this run: its PKCS#8 encoding, public key and signer.
struct DemoKey {
    pkcs8: Secret,
    public: [u8; 32],
    signer: Box<dyn Signer>,
}

impl DemoKey {
    fn generate() -> Result<Self, CliError> {
        let provider = stratls::default_provider();
        let mut seed = Secret::zeroed(32);
        provider
            .random
            .fill(seed.as_mut_bytes())
            .map_err(|e| CliError::Certificates(format!("random: {e}")))?;
        let seed_array: [u8; 32] = seed
            .as_bytes()
            .try_into()
            .map_err(|_| CliError::Certificates("seed length".into()))?;
        let public = ed25519_dalek::SigningKey::from_bytes(&seed_array)
            .verifying_key()
            .to_bytes();
        // PKCS#8 PrivateKeyInfo for Ed25519 (RFC 8410 §7): a fixed prefix, then the seed.
        let mut der = vec![
            0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22,
            0x04, 0x20,
        ];
        der.extend_from_slice(seed.as_bytes());
        let pkcs8 = Secret::new(der);
        let key = provider
            .key_loader
            .load_private_key(&PrivateKeyDer::Pkcs8(pkcs8.as_bytes().into()))
            .map_err(|e| CliError::Certificates(format!("loading the generated key: {e}")))?;
        let signer = key
            .choose_scheme(&[SignatureScheme::ED25519])
            .ok_or_else(|| CliError::Certificates("the provider cannot sign Ed25519".into()))?;
        Ok(Self {
            pkcs8,
            public,
            signer,
        })
    }

    fn private_key_der(&self) -> Result<PrivateKeyDer<'static>, CliError> {
        stratls::private_key_from_der(self.pkcs8.as_bytes().to_vec())
            .map_err(|e| CliError::Certificates(e.to_string()))
    }
}

impl rcgen::PublicKeyData for DemoKey {
    fn der_bytes(&self) -> &[u8] {
        &self.public
    }

    fn algorithm(&self) -> &'static rcgen::SignatureAlgorithm {
        &rcgen::PKCS_ED25519
    }
}

impl rcgen::SigningKey for DemoKey {
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
        self.signer
            .sign(msg)
            .map_err(|_| rcgen::Error::RemoteKeyError)
    }
}

fn cert_error(e: rcgen::Error) -> CliError {
    CliError::Certificates(e.to_string())
}

/// Makes a CA and a server certificate for `localhost` / 127.0.0.1.
pub fn generate() -> Result<DemoPki, CliError> {
    let ca_key = DemoKey::generate()?;
    let mut ca = base_params("stratls demo CA (throw-away)", &ca_key)?;
    ca.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca_cert = ca.self_signed(&ca_key).map_err(cert_error)?;
    let issuer = Issuer::new(ca, ca_key);

    let server_key = DemoKey::generate()?;
    let mut server = base_params("localhost", &server_key)?;
    server.subject_alt_names = vec![
        SanType::DnsName("localhost".try_into().map_err(cert_error)?),
        SanType::IpAddress([127, 0, 0, 1].into()),
    ];
    server.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    server.use_authority_key_identifier_extension = true;
    let server_cert = server.signed_by(&server_key, &issuer).map_err(cert_error)?;

    let mut roots = RootStore::new();
    roots
        .add(ca_cert.der())
        .map_err(|e| CliError::Certificates(e.to_string()))?;
    Ok(DemoPki {
        chain: vec![server_cert.der().clone()],
        key: server_key.private_key_der()?,
        roots,
        origin: "made in memory for this run: an Ed25519 CA \"stratls demo CA (throw-away)\" \
                 and an Ed25519 server certificate for localhost, signed by it"
            .into(),
    })
}

fn base_params(common_name: &str, key: &DemoKey) -> Result<CertificateParams, CliError> {
    let mut params = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, common_name);
    dn.push(DnType::OrganizationName, "stratls demo");
    params.distinguished_name = dn;
    let now = SystemTime::now();
    params.not_before = (now - Duration::from_secs(24 * 3600)).into();
    params.not_after = (now + Duration::from_secs(24 * 3600)).into();
    let mut serial = vec![0u8; 16];
    stratls::default_provider()
        .random
        .fill(&mut serial)
        .map_err(|e| CliError::Certificates(format!("random: {e}")))?;
    if let Some(first) = serial.first_mut() {
        *first = (*first & 0x7f) | 0x01; // positive and 16 bytes long
    }
    params.serial_number = Some(SerialNumber::from(serial));
    let id = crate::certinfo::fingerprint(&key.public);
    params.key_identifier_method = KeyIdMethod::PreSpecified(hex_prefix(&id, 20));
    Ok(params)
}

/// The first `n` bytes of a hex string, as bytes.
fn hex_prefix(hex: &str, n: usize) -> Vec<u8> {
    (0..n)
        .filter_map(|i| hex.get(2 * i..2 * i + 2))
        .filter_map(|b| u8::from_str_radix(b, 16).ok())
        .collect()
}

/// The committed RSA test chain and key, for the TLS 1.2 RSA key-exchange demo only.
pub fn rsa_test_tree() -> Result<DemoPki, CliError> {
    const CHAIN: &[u8] = include_bytes!("../../../../tests/certs/server-rsa.chain.pem");
    const KEY: &[u8] = include_bytes!("../../../../tests/certs/server-rsa.key");
    const CA: &[u8] = include_bytes!("../../../../tests/certs/ca.pem");
    let bad = |e: stratls::pki::PkiError| CliError::Certificates(e.to_string());
    let chain = stratls::certificates_from_pem(CHAIN).map_err(bad)?;
    let key = stratls::private_key_from_pem(KEY).map_err(bad)?;
    let mut roots = RootStore::new();
    roots.add_pem(CA).map_err(bad)?;
    Ok(DemoPki {
        chain,
        key,
        roots,
        origin: "the repository's test tree (tests/certs/server-rsa, demo and test keys only): \
                 the RSA key exchange needs an RSA server key"
            .into(),
    })
}
