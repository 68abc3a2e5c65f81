//! The provider seam is real: a provider built only from the public traits of
//! `stratls::crypto` (the counting provider of `examples/counting/`) carries a TLS 1.3
//! connection, and what it counts is what RFC 8446 makes each side do.

#[path = "../examples/counting/mod.rs"]
mod counting;

use stratls::codec::{CipherSuite, NamedGroup, ProtocolVersion, SignatureScheme};
use stratls::crypto::{CryptoProvider, NONCE_LEN};

use counting::{Counts, Outcome, counting_provider, run_session, table};

const MESSAGE: &[u8] = b"ping";

fn session() -> Outcome {
    let outcome = run_session(MESSAGE).expect("session over counting providers");
    assert_eq!(outcome.echoed, MESSAGE);
    outcome
}

/// The session (see `examples/counting/session.rs`): TLS 1.3 only, TLS_AES_128_GCM_SHA256,
/// x25519, ECDSA P-256 server certificate, no client certificate; after the handshake the
/// client sends one record of application data, the server echoes it in one record, then the
/// client and then the server send close_notify.
#[test]
fn tls13_handshake_counts_follow_from_the_protocol() {
    let Outcome {
        client,
        server,
        negotiated,
        ..
    } = session();
    let shown = table(&client, &server);
    assert_eq!(negotiated.version, Some(ProtocolVersion::TLSv1_3));
    assert_eq!(
        negotiated.cipher_suite,
        Some(CipherSuite::TLS13_AES_128_GCM_SHA256)
    );
    assert_eq!(negotiated.group, Some(NamedGroup::X25519));
    assert_eq!(
        negotiated.peer_signature_scheme,
        Some(SignatureScheme::ECDSA_SECP256R1_SHA256)
    );

    // Key exchange (RFC 8446 §4.2.8): the client generates one x25519 share for its
    // ClientHello and combines it with the server's share from ServerHello; the server answers
    // the client's share in one call (a fresh share combined with the client's). No
    // HelloRetryRequest, as the client's first share is in the server's only group.
    assert_eq!(
        (client.kx_start, client.kx_encapsulate, client.kx_complete),
        (1, 0, 1),
        "{shown}"
    );
    assert_eq!(
        (server.kx_start, server.kx_encapsulate, server.kx_complete),
        (0, 1, 0),
        "{shown}"
    );

    // Signatures (RFC 8446 §4.4.3): the server signs one CertificateVerify with the key it
    // loaded once when its config was built. The client verifies that signature, plus the
    // chain (webpki, with the provider's verifiers): the leaf's signature by the intermediate
    // (ECDSA P-256) and the intermediate's by the root (RSA PKCS#1); the root is a trust anchor
    // and its self-signature is not checked. No client certificate: the client signs nothing
    // and the server verifies nothing.
    assert_eq!(
        (server.key_load, server.sign, server.verify),
        (1, 1, 0),
        "{shown}"
    );
    assert_eq!(
        (client.key_load, client.sign, client.verify),
        (0, 0, 1 + 2),
        "{shown}"
    );

    // Record protection (RFC 8446 §5.2): one AEAD key per direction and key phase on each side:
    // handshake write, handshake read, application write, application read. The server also
    // prepared its ticket key once, when its config was built (the default ticketer).
    assert_eq!(client.aead_key, 4, "{shown}");
    assert_eq!(server.aead_key, 4 + 1, "{shown}");
    // One seal per protected record sent, one open per protected record received; the
    // implementation puts each handshake message in a record of its own (all are far below
    // 2^14 bytes). ServerHello, ClientHello and the compatibility change_cipher_spec records
    // are not protected.
    //   server → client: EncryptedExtensions, Certificate, CertificateVerify, Finished (4,
    //                    handshake keys), two NewSessionTicket (2), the echo (1),
    //                    close_notify (1)                                           = 8
    //   client → server: Finished (1, handshake keys), the message (1), close_notify (1) = 3
    // The server also seals the session state into each of its two tickets (2).
    assert_eq!(
        (server.aead_seal, client.aead_open),
        (4 + 2 + 1 + 1 + 2, 4 + 2 + 1 + 1),
        "{shown}"
    );
    assert_eq!(
        (client.aead_seal, server.aead_open),
        (1 + 1 + 1, 1 + 1 + 1),
        "{shown}"
    );

    // Key schedule (RFC 8446 §7.1), without a PSK, on each side:
    // - HKDF-Extract: Early Secret, Handshake Secret, Master Secret = 3.
    assert_eq!(client.hkdf_extract, 3, "{shown}");
    assert_eq!(server.hkdf_extract, 3, "{shown}");
    // - HKDF-Expand (one per Derive-Secret or HKDF-Expand-Label):
    //   Derive-Secret: "derived" twice, "c hs traffic", "s hs traffic", "c ap traffic",
    //   "s ap traffic", "exp master"                                      = 7
    //   traffic keys (§7.3): "key" and "iv" for each of the 4 AEAD keys  = 8
    //   Finished (§4.4.4): the finished_key of our Finished and of the peer's = 2
    //   "res master" after the client's Finished, for NewSessionTicket (§4.6.1) = 1
    //   the PSK of each of the two tickets ("resumption", §4.6.1), on both sides = 2
    assert_eq!(server.hkdf_expand, 7 + 8 + 2 + 1 + 2, "{shown}");
    assert_eq!(client.hkdf_expand, 7 + 8 + 2 + 1 + 2, "{shown}");
    // - HMAC keys: verify_data = HMAC(finished_key, transcript hash), once to send our Finished
    //   and once to check the peer's (2); and each secret keyed once for all it derives
    //   (`Hkdf::expand_keyed`): the early, handshake and master secrets, the two handshake
    //   traffic secrets (key, IV, finished key) and the two application traffic secrets (key,
    //   IV) = 7. The two "resumption" PSKs are single expansions of their own (`expand`).
    assert_eq!(client.hmac, 2 + 7, "{shown}");
    assert_eq!(server.hmac, 2 + 7, "{shown}");

    // TLS 1.2 RSA key transport has no part in TLS 1.3.
    assert_eq!(
        (client.rsa_transport, server.rsa_transport),
        (0, 0),
        "{shown}"
    );

    // Hashing and randomness depend on the implementation (how the transcript is kept, whether
    // Hash("") is cached, whether a compatibility session id is drawn): they must happen, and
    // `implementation_dependent_counts_are_stable` checks that they repeat.
    for counts in [&client, &server] {
        assert!(counts.hash_start > 0, "a transcript is hashed\n{shown}");
        assert!(
            counts.hash_oneshot > 0,
            "Derive-Secret(., \"derived\", \"\")\n{shown}"
        );
        assert!(counts.random > 0, "each side draws its random\n{shown}");
    }
}

#[test]
fn implementation_dependent_counts_are_stable() {
    let first = session();
    let second = session();
    // Two providers per run, fresh counters each time: the same connection asks the same of
    // its providers, hash contexts and random fills included.
    assert_eq!(first.client, second.client);
    assert_eq!(first.server, second.server);
    assert_ne!(first.client, Counts::default());
    assert_ne!(first.server, Counts::default());
}

#[test]
fn the_wrapper_offers_what_the_wrapped_provider_offers() {
    let inner = stratls::default_provider();
    let (wrapped, _) = counting_provider(inner.clone());
    let tls13 = |p: &CryptoProvider| {
        p.tls13_cipher_suites
            .iter()
            .map(|s| s.id)
            .collect::<Vec<_>>()
    };
    let tls12 = |p: &CryptoProvider| {
        p.tls12_cipher_suites
            .iter()
            .map(|s| s.id)
            .collect::<Vec<_>>()
    };
    let groups = |p: &CryptoProvider| p.kx_groups.iter().map(|g| g.group()).collect::<Vec<_>>();
    let schemes = |p: &CryptoProvider| p.verify_schemes().collect::<Vec<_>>();
    assert_eq!(tls13(&wrapped), tls13(&inner));
    assert_eq!(tls12(&wrapped), tls12(&inner));
    assert_eq!(groups(&wrapped), groups(&inner));
    assert_eq!(schemes(&wrapped), schemes(&inner));
    assert_eq!(
        wrapped.rsa_key_transport.is_some(),
        inner.rsa_key_transport.is_some()
    );
    assert!(wrapped.name.contains(&*inner.name), "{}", wrapped.name);
}

/// Each wrapper hands the work to the wrapped piece unchanged and counts it once.
#[test]
fn wrappers_give_the_wrapped_results_and_count_each_call() {
    let inner = stratls::default_provider();
    let (wrapped, counters) = counting_provider(inner.clone());
    let (Some(w), Some(i)) = (
        wrapped.tls13_cipher_suites.first(),
        inner.tls13_cipher_suites.first(),
    ) else {
        panic!("the default provider has TLS 1.3 suites");
    };

    assert_eq!(w.hash.hash(b"abc"), i.hash.hash(b"abc"));
    let mut ctx = w.hash.start();
    ctx.update(b"abc");
    assert_eq!(ctx.finish(), i.hash.hash(b"abc"));

    let prk = w.hkdf.extract(Some(b"salt"), b"input keying material");
    assert_eq!(prk, i.hkdf.extract(Some(b"salt"), b"input keying material"));
    let okm = w
        .hkdf
        .expand_secret(prk.as_bytes(), &[b"info"], 42)
        .expect("expand");
    let expected = i
        .hkdf
        .expand_secret(prk.as_bytes(), &[b"info"], 42)
        .expect("expand");
    assert_eq!(okm, expected);
    let mut out = [0u8; 16];
    w.hkdf
        .expand(prk.as_bytes(), &[b"info"], &mut out)
        .expect("expand");
    assert_eq!(out[..], expected.as_bytes()[..16]);
    assert_eq!(
        w.hkdf.sign(b"key", &[b"data"]),
        i.hkdf.sign(b"key", &[b"data"])
    );
    assert_eq!(
        w.hkdf.with_key(b"key").sign(&[b"data"]),
        i.hkdf.sign(b"key", &[b"data"])
    );

    let key = vec![7u8; w.aead.key_len()];
    let nonce = [1u8; NONCE_LEN];
    let sealing = w.aead.key(&key).expect("key");
    let mut data = *b"attack at dawn";
    let mut tag = [0u8; 16];
    sealing
        .seal_in_place(&nonce, b"aad", &mut data, &mut tag)
        .expect("seal");
    let mut reference = *b"attack at dawn";
    let mut reference_tag = [0u8; 16];
    i.aead
        .key(&key)
        .expect("key")
        .seal_in_place(&nonce, b"aad", &mut reference, &mut reference_tag)
        .expect("seal");
    assert_eq!((data, tag), (reference, reference_tag));
    sealing
        .open_in_place(&nonce, b"aad", &mut data, &tag)
        .expect("open");
    assert_eq!(&data, b"attack at dawn");
    tag[0] ^= 1;
    assert!(
        sealing
            .open_in_place(&nonce, b"aad", &mut data, &tag)
            .is_err()
    );

    let group = wrapped.kx_group(NamedGroup::X25519).expect("x25519");
    let a = group.start().expect("start");
    let b = group.start().expect("start");
    let (a_public, b_public) = (a.public_key().to_vec(), b.public_key().to_vec());
    let shared_a = a.complete(&b_public).expect("complete");
    let shared_b = b.complete(&a_public).expect("complete");
    assert_eq!(shared_a, shared_b);
    // The hybrid, a KEM: the wrapper forwards the server's answer to the inner group's
    // encapsulation.
    let hybrid = wrapped
        .kx_group(NamedGroup::X25519MLKEM768)
        .expect("the hybrid");
    assert!(!hybrid.usable_in_tls12());
    let client = hybrid.start().expect("start");
    let answer = hybrid
        .encapsulate(client.public_key())
        .expect("encapsulate");
    assert_eq!(
        client.complete(&answer.share).expect("complete"),
        answer.secret
    );

    let mut random = [0u8; 32];
    wrapped.random.fill(&mut random).expect("random");

    let counts = counters.snapshot();
    assert_eq!((counts.hash_oneshot, counts.hash_start), (1, 1));
    assert_eq!(
        (counts.hkdf_extract, counts.hkdf_expand, counts.hmac),
        (1, 2, 2)
    );
    assert_eq!(
        (counts.aead_key, counts.aead_seal, counts.aead_open),
        (1, 1, 2)
    );
    assert_eq!(
        (counts.kx_start, counts.kx_encapsulate, counts.kx_complete),
        (3, 1, 3)
    );
    assert_eq!(counts.random, 1);
}
