//! `openssl s_client` resuming with the stratls server (`-sess_out`, then `-sess_in`), and an
//! external PSK (`-psk`, `-psk_identity`) against a server that also holds a certificate.

use std::sync::Arc;

use stratls::Versions;
use stratls_tests::certs::KeyKind;
use stratls_tests::config::ServerOptions;
use stratls_tests::openssl::{self, SClient};
use stratls_tests::serve::EchoServer;

use super::{echo_line, finish};

#[test]
fn s_client_sess_out_then_sess_in_resumes_with_the_stratls_server() {
    if openssl::skip() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("stratls-sess-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let sess = dir.join("session.pem");
    let config = ServerOptions::new(Versions::TLS13_ONLY, KeyKind::Ecdsa).build();
    let mut resumed = Vec::new();
    for (i, flag) in ["-sess_out", "-sess_in"].into_iter().enumerate() {
        let server = EchoServer::spawn(config.clone()).expect("listen");
        let mut peer = SClient::new("-tls1_3", server.port)
            .arg(flag)
            .arg(&sess)
            .spawn()
            .expect("s_client");
        let mut expected = String::new();
        echo_line(&mut peer, &format!("connection {i}"), &mut expected).expect("echo");
        let (served, _) = finish(peer, server).expect("finish");
        resumed.push(served.negotiated.resumed);
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        resumed,
        [false, true],
        "a full handshake, then a resumed one"
    );
}

#[test]
fn s_client_psk_uses_the_stratls_servers_external_psk() {
    if openssl::skip() {
        return;
    }
    let mut config = (*ServerOptions::new(Versions::TLS13_ONLY, KeyKind::Ecdsa).build()).clone();
    config.external_psks = vec![Arc::new(
        stratls::ExternalPsk::new(
            b"stratls-test".to_vec(),
            stratls::crypto::Secret::from_slice(&[0x5a; 32]),
            stratls::crypto::HashAlgorithm::Sha256,
        )
        .expect("psk"),
    )];
    let server = EchoServer::spawn(Arc::new(config)).expect("listen");
    let mut peer = SClient::new("-tls1_3", server.port)
        .opt("-psk", &"5a".repeat(32))
        .opt("-psk_identity", "stratls-test")
        .spawn()
        .expect("s_client");
    let mut expected = String::new();
    echo_line(&mut peer, "over a PSK", &mut expected).expect("echo");
    let (served, _) = finish(peer, server).expect("finish");
    assert_eq!(
        served.negotiated.psk_identity.as_deref(),
        Some(&b"stratls-test"[..])
    );
    assert!(served.negotiated.peer_certificates.is_empty());
}

#[test]
fn s_client_early_data_is_accepted_by_the_stratls_server() {
    if openssl::skip() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("stratls-early-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let sess = dir.join("session.pem");
    let early = dir.join("early.txt");
    std::fs::write(&early, "early hello\n").expect("early data file");
    let mut config = (*ServerOptions::new(Versions::TLS13_ONLY, KeyKind::Ecdsa).build()).clone();
    config.max_early_data_size = 16384;
    config.anti_replay = Some(Arc::new(stratls::MemoryAntiReplay::new(
        std::time::Duration::from_secs(10),
        64,
    )));
    let config = Arc::new(config);
    let mut served_all = Vec::new();
    for (i, args) in [
        vec!["-sess_out".into(), sess.clone().into_os_string()],
        vec![
            "-sess_in".into(),
            sess.clone().into_os_string(),
            "-early_data".into(),
            early.clone().into_os_string(),
        ],
    ]
    .into_iter()
    .enumerate()
    {
        let server = EchoServer::spawn(config.clone()).expect("listen");
        let mut client = SClient::new("-tls1_3", server.port);
        for a in args {
            client = client.arg(a);
        }
        let mut peer = client.spawn().expect("s_client");
        // The early data is echoed too, before the line typed after the handshake.
        let mut expected = if i == 1 {
            "early hello\n".to_string()
        } else {
            String::new()
        };
        echo_line(&mut peer, &format!("connection {i}"), &mut expected).expect("echo");
        let (served, _) = finish(peer, server).expect("finish");
        served_all.push(served);
    }
    let _ = std::fs::remove_dir_all(&dir);
    let second = &served_all[1];
    assert!(second.negotiated.resumed);
    assert_eq!(second.negotiated.early_data, stratls::EarlyData::Accepted);
    assert!(second.received.starts_with(b"early hello\n"));
    assert_eq!(
        served_all[0].negotiated.early_data,
        stratls::EarlyData::NotOffered
    );
}
