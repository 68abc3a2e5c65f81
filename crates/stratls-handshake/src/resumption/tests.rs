use std::time::Duration;

use stratls_crypto::{CipherSuite, CryptoProvider, ProtocolVersion, Secret};
use stratls_pki::UnixTime;

use super::*;

fn provider() -> CryptoProvider {
    stratls_rustcrypto::PROVIDER
}

fn at(secs: u64) -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(secs))
}

fn state(created: u64) -> SessionState {
    SessionState {
        version: ProtocolVersion::TLSv1_3,
        cipher_suite: CipherSuite::TLS13_AES_256_GCM_SHA384,
        secret: Secret::from_slice(&[0x42; 48]),
        extended_master_secret: false,
        alpn: None,
        server_name: Some("localhost".into()),
        peer_chain: Vec::new(),
        created,
        lifetime: 7200,
        age_add: 1,
        max_early_data: 0,
    }
}

#[test]
fn a_sealed_ticket_opens_to_the_same_state_and_any_changed_byte_refuses_it() {
    let t = AeadTicketer::new(&provider(), DEFAULT_ROTATION).unwrap();
    let s = state(1000);
    let ticket = s.seal(&t, at(1000)).unwrap();
    let back = SessionState::open(&t, &ticket, at(1001)).unwrap();
    assert_eq!(back.secret.as_bytes(), s.secret.as_bytes());
    assert_eq!(back.server_name.as_deref(), Some("localhost"));
    assert!(!t.single_use(), "a stateless ticket opens again");
    assert!(SessionState::open(&t, &ticket, at(1002)).is_some());
    for i in 0..ticket.len() {
        let mut bad = ticket.clone();
        bad[i] ^= 0x01;
        assert!(t.open(&bad, at(1002)).is_none(), "byte {i} changed");
    }
    assert!(t.open(&ticket[..ticket.len() - 1], at(1002)).is_none());
    assert!(t.open(&[], at(1002)).is_none());
    assert!(
        SessionState::open(&t, &ticket, at(1000 + 7200)).is_none(),
        "expired at the end of its lifetime"
    );
}

#[test]
fn random_keys_rotate_and_the_previous_key_still_opens_for_one_interval() {
    let interval = Duration::from_secs(100);
    let t = AeadTicketer::new(&provider(), interval).unwrap();
    let old = t.seal(b"first", at(0)).unwrap();
    assert_eq!(t.key_count(), 1);
    let newer = t.seal(b"second", at(150)).unwrap();
    assert_eq!(
        t.key_count(),
        2,
        "rotated at 100: the sealing key and the previous one"
    );
    assert_ne!(old[..KEY_NAME_LEN], newer[..KEY_NAME_LEN], "a new key name");
    assert_eq!(t.open(&old, at(150)).unwrap().as_bytes(), b"first");
    assert_eq!(t.open(&newer, at(150)).unwrap().as_bytes(), b"second");
    // At 250 the key of 150 becomes the previous one and the key of 0 is dropped.
    assert!(t.open(&old, at(250)).is_none(), "two rotations later");
    assert_eq!(t.open(&newer, at(250)).unwrap().as_bytes(), b"second");
    // A long silence retires every key.
    assert!(t.open(&newer, at(1000)).is_none());
    assert_eq!(t.key_count(), 1);
}

#[test]
fn servers_of_one_fleet_share_keys_from_a_file_and_the_first_key_seals() {
    let k1 = [1u8; 80];
    let k2 = [2u8; 48];
    let b64 = |b: &[u8]| {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut s = String::new();
        for c in b.chunks(3) {
            let n = c.len();
            let v = u32::from(c[0]) << 16
                | u32::from(*c.get(1).unwrap_or(&0)) << 8
                | u32::from(*c.get(2).unwrap_or(&0));
            for i in 0..4 {
                if i <= n {
                    s.push(A[(v >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    s.push('=');
                }
            }
        }
        s
    };
    let file = format!("# ticket keys\n{}\n\n{}\n", b64(&k1), b64(&k2));
    let a = AeadTicketer::from_key_file(&provider(), file.as_bytes()).unwrap();
    let b = AeadTicketer::from_key_records(&provider(), &[&k1, &k2]).unwrap();
    assert_eq!(a.key_count(), 2);
    let ticket = a.seal(b"shared", at(5)).unwrap();
    assert_eq!(
        &ticket[..KEY_NAME_LEN],
        &k1[..KEY_NAME_LEN],
        "the first key seals"
    );
    assert_eq!(b.open(&ticket, at(5)).unwrap().as_bytes(), b"shared");
    // The operator puts a new key first and keeps k1 after it: old tickets still open.
    let k0 = [9u8; 80];
    b.replace_keys(&[&k0, &k1]).unwrap();
    assert_eq!(b.open(&ticket, at(6)).unwrap().as_bytes(), b"shared");
    let next = b.seal(b"next", at(6)).unwrap();
    assert_eq!(&next[..KEY_NAME_LEN], &k0[..KEY_NAME_LEN]);
    assert!(a.open(&next, at(6)).is_none(), "a does not have k0 yet");
    // Then k1 is retired.
    b.replace_keys(&[&k0]).unwrap();
    assert!(b.open(&ticket, at(7)).is_none());
    // Same name, other key material: refused.
    let mut forged = k1;
    forged[40] ^= 1;
    let c = AeadTicketer::from_key_records(&provider(), &[&forged]).unwrap();
    assert!(c.open(&ticket, at(5)).is_none());
}

#[test]
fn bad_key_files_are_refused_with_the_reason() {
    let p = provider();
    let err = |f: &[u8]| AeadTicketer::from_key_file(&p, f).unwrap_err();
    assert_eq!(err(b""), TicketKeyError::Empty);
    assert_eq!(err(b"# only a comment\n"), TicketKeyError::Empty);
    assert_eq!(err(b"AAAA\n"), TicketKeyError::BadRecordLength(3));
    assert_eq!(err(b"AA*A\n"), TicketKeyError::BadBase64);
    assert_eq!(
        err(b"AB==\n"),
        TicketKeyError::BadBase64,
        "non-zero spare bits"
    );
    assert_eq!(err(b"A\n"), TicketKeyError::BadBase64);
    let many = "AAAA\n".repeat(MAX_FILE_KEYS + 1);
    assert_eq!(err(many.as_bytes()), TicketKeyError::TooManyKeys);
    let r = AeadTicketer::from_key_records(&p, &[&[0u8; 47]]).unwrap_err();
    assert_eq!(r, TicketKeyError::BadRecordLength(47));
    assert_eq!(
        AeadTicketer::from_key_records(&p, &[]).unwrap_err(),
        TicketKeyError::Empty
    );
}

#[test]
fn the_session_cache_opens_each_ticket_once_and_stays_bounded() {
    let cache = SessionCache::new(&provider(), 3);
    assert!(cache.single_use());
    let tickets: Vec<Vec<u8>> = (0..5u8).map(|i| cache.seal(&[i], at(0)).unwrap()).collect();
    assert_eq!(cache.len(), 3, "the two oldest were evicted");
    assert!(cache.open(&tickets[0], at(0)).is_none());
    assert!(cache.open(&tickets[1], at(0)).is_none());
    assert_eq!(cache.open(&tickets[4], at(0)).unwrap().as_bytes(), [4]);
    assert!(cache.open(&tickets[4], at(0)).is_none(), "single use");
    assert!(cache.open(&tickets[3][..5], at(0)).is_none());
    for i in 0..1000u32 {
        cache.seal(&i.to_be_bytes(), at(0)).unwrap();
        let _ = cache.open(&tickets[2], at(0));
    }
    assert_eq!(cache.len(), 3);
    assert!(cache.lock_order_len() <= 6, "the order list is bounded too");
    let none = SessionCache::new(&provider(), 0);
    assert!(none.seal(b"x", at(0)).is_err(), "capacity 0 issues nothing");
}
