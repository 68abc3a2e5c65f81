//! `openssl s_client` → a stratls server whose certificate has an id-RSASSA-PSS key
//! (`tests/certs/pki/rsapss`): the server signs with rsa_pss_pss_* in TLS 1.3 and in TLS 1.2
//! (RFC 8446 §4.2.3), and s_client verifies the chain and the signature.

use std::sync::Arc;

use stratls::codec::SignatureScheme;
use stratls::{Versions, certificates_from_file, private_key_from_file};
use stratls_tests::certs::cert_path;
use stratls_tests::openssl::{self, SClient};
use stratls_tests::serve::EchoServer;

use super::{echo_line, finish};

#[test]
fn an_rsa_pss_server_key_signs_with_rsa_pss_pss() {
    if openssl::skip() {
        return;
    }
    let pss = [
        SignatureScheme::RSA_PSS_PSS_SHA256,
        SignatureScheme::RSA_PSS_PSS_SHA384,
        SignatureScheme::RSA_PSS_PSS_SHA512,
    ];
    for (protocol, versions) in [
        ("-tls1_3", Versions::TLS13_ONLY),
        ("-tls1_2", Versions::TLS12_ONLY),
    ] {
        let config = stratls::server_config()
            .with_no_client_auth()
            .with_single_cert(
                certificates_from_file(cert_path("pki/rsapss.chain.pem")).expect("chain"),
                private_key_from_file(cert_path("pki/rsapss.key")).expect("key"),
            )
            .with_versions(versions)
            .build()
            .expect("a server config with an RSA-PSS key");
        let server = EchoServer::spawn(Arc::new(config)).expect("listen");
        let mut client = SClient::new(protocol, server.port)
            .spawn()
            .expect("s_client");
        let mut expected = String::new();
        echo_line(&mut client, "hello from openssl", &mut expected)
            .unwrap_or_else(|e| panic!("{protocol}: {e}"));
        let (served, client) = finish(client, server).unwrap_or_else(|e| panic!("{protocol}: {e}"));
        let scheme = served.negotiated.own_signature_scheme;
        assert!(
            scheme.is_some_and(|s| pss.contains(&s)),
            "{protocol}: signed with {scheme:?}"
        );
        let summary = client.stderr();
        assert!(
            summary.contains("Verification: OK"),
            "{protocol}: {summary}"
        );
        assert!(summary.contains("RSA-PSS"), "{protocol}: {summary}");
    }
}
