//! stratls client → `openssl s_server` with the certificates of `tests/certs/pki`: a P-384
//! leaf, Let's Encrypt's chain (P-256 leaf ← P-384 intermediate signing with SHA-384 ← RSA or
//! P-384 root), GTS Root R4's (P-384 root over a P-256 intermediate), a P-521 root, an
//! id-RSASSA-PSS leaf, a self-signed CA:TRUE certificate trusted as itself, and an RSA-1024
//! leaf, which still fails as `bad_certificate`.

use std::path::PathBuf;
use std::sync::Arc;

use stratls::codec::SignatureScheme;
use stratls::{ClientConfig, Error, PkiError, RootStore, Versions};
use stratls_tests::certs::cert_path;
use stratls_tests::openssl::{self, SServer};
use stratls_tests::serve::{connect_local, tls_error};

use super::exchange_with;

const TLS13: &str = "-tls1_3";
const TLS12: &str = "-tls1_2";

fn pki(file: &str) -> PathBuf {
    cert_path(&format!("pki/{file}"))
}

/// A client trusting the certificates of `root` (a PEM file), offering `versions`.
fn client(root: &std::path::Path, versions: Versions) -> Arc<ClientConfig> {
    let mut roots = RootStore::new();
    roots
        .add_pem(&std::fs::read(root).expect("root file"))
        .expect("root taken");
    Arc::new(
        stratls::client_config()
            .with_root_certificates(roots)
            .with_no_client_auth()
            .with_versions(versions)
            .build()
            .expect("client config"),
    )
}

/// One served certificate: (name, leaf, key, intermediates, root, versions to try).
struct Case {
    name: &'static str,
    leaf: PathBuf,
    key: PathBuf,
    chain: Option<PathBuf>,
    root: PathBuf,
    protocols: &'static [&'static str],
}

fn cases() -> Vec<Case> {
    let case = |name, leaf: &str, int: Option<&str>, root: PathBuf, protocols| Case {
        name,
        leaf: pki(&format!("{leaf}.pem")),
        key: pki(&format!("{leaf}.key")),
        chain: int.map(|i| pki(&format!("{i}.pem"))),
        root,
        protocols,
    };
    vec![
        // A P-384 leaf: in TLS 1.2 the leaf's curve must be one of the client's
        // supported_groups (RFC 8422 §5.3), and the default client lists secp384r1.
        Case {
            name: "P-384 leaf",
            leaf: cert_path("server-p384.pem"),
            key: cert_path("server-p384.key"),
            chain: Some(cert_path("intermediate.pem")),
            root: cert_path("ca.pem"),
            protocols: &[TLS13, TLS12],
        },
        case(
            "Let's Encrypt shape, RSA root",
            "le-rsa",
            Some("int-p384-rsa"),
            cert_path("ca.pem"),
            &[TLS13, TLS12],
        ),
        case(
            "Let's Encrypt shape, P-384 root",
            "le-p384",
            Some("int-p384"),
            pki("root-p384.pem"),
            &[TLS13, TLS12],
        ),
        case(
            "GTS Root R4 shape",
            "gts",
            Some("int-p256"),
            pki("root-p384.pem"),
            &[TLS13, TLS12],
        ),
        case(
            "P-521 root",
            "p521",
            Some("int-p384-p521"),
            pki("root-p521.pem"),
            &[TLS13, TLS12],
        ),
        case(
            "id-RSASSA-PSS leaf",
            "rsapss",
            None,
            cert_path("ca.pem"),
            &[TLS13, TLS12],
        ),
        case(
            "RSA-PSS intermediate",
            "pss-ca",
            Some("int-rsapss"),
            cert_path("ca.pem"),
            &[TLS13, TLS12],
        ),
        case(
            "self-signed CA:TRUE trusted as itself",
            "selfsigned",
            None,
            pki("selfsigned.pem"),
            &[TLS13, TLS12],
        ),
    ]
}

#[test]
fn the_chain_shapes_and_keys_of_the_web_verify() {
    if openssl::skip() {
        return;
    }
    let mut failures = Vec::new();
    for case in cases() {
        for protocol in case.protocols {
            let label = format!("{} {protocol}", case.name);
            let versions = if *protocol == TLS13 {
                Versions::TLS13_ONLY
            } else {
                Versions::TLS12_ONLY
            };
            let started =
                SServer::serving(protocol, &case.leaf, &case.key, case.chain.as_deref()).spawn();
            let mut server = match started {
                Ok(s) => s,
                Err(e) => {
                    failures.push(format!("{label}: {e}"));
                    continue;
                }
            };
            match exchange_with(&mut server, client(&case.root, versions)) {
                Ok(n) => {
                    let scheme = n.peer_signature_scheme;
                    let expected: &[SignatureScheme] = match case.name {
                        "P-384 leaf" if *protocol == TLS13 => {
                            &[SignatureScheme::ECDSA_SECP384R1_SHA384]
                        }
                        // In TLS 1.2 an ECDSA scheme fixes the hash, not the curve.
                        "P-384 leaf" => &[
                            SignatureScheme::ECDSA_SECP384R1_SHA384,
                            SignatureScheme::ECDSA_SECP256R1_SHA256,
                        ],
                        "id-RSASSA-PSS leaf" => &[
                            SignatureScheme::RSA_PSS_PSS_SHA256,
                            SignatureScheme::RSA_PSS_PSS_SHA384,
                            SignatureScheme::RSA_PSS_PSS_SHA512,
                        ],
                        _ => &[SignatureScheme::ECDSA_SECP256R1_SHA256],
                    };
                    if !scheme.is_some_and(|s| expected.contains(&s)) {
                        failures.push(format!("{label}: signed with {scheme:?}"));
                    }
                }
                Err(e) => failures.push(format!("{label}: {e}")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn an_rsa_1024_leaf_is_a_bad_certificate() {
    if openssl::skip() {
        return;
    }
    for (protocol, versions) in [(TLS13, Versions::TLS13_ONLY), (TLS12, Versions::TLS12_ONLY)] {
        let server = SServer::serving(
            protocol,
            &cert_path("server-rsa1024.pem"),
            &cert_path("server-rsa1024.key"),
            Some(&cert_path("intermediate.pem")),
        )
        // OpenSSL 3.0's default security level refuses its own 1024-bit key.
        .opt("-cipher", "DEFAULT:@SECLEVEL=0")
        .spawn()
        .expect("s_server");
        let tcp = connect_local(server.port).expect("connect");
        let err = stratls::connect(client(&cert_path("ca.pem"), versions), "localhost", tcp)
            .expect_err("refused");
        assert_eq!(
            tls_error(&err),
            Some(&Error::InvalidCertificate(PkiError::WeakKey { bits: 1024 })),
            "{protocol}: {err}"
        );
        // s_server reads the alert: "alert bad certificate" (alert number 42).
        let said = server
            .peer
            .wait_stderr(|e| e.contains("bad certificate"), stratls_tests::TIMEOUT);
        assert!(said.is_some(), "{protocol}: {}", server.peer.transcript());
    }
}
