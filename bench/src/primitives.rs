//! The primitives alone, through stratls's provider traits, for the ring provider and the
//! default one (rustls with ring calls the same ring functions): key exchanges, handshake
//! signatures, the TLS 1.3 AEADs over one 16 KiB record, SHA-256 over transcript-sized
//! inputs. The two providers take their samples interleaved, as the cases do; each figure is
//! the median time of one operation.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use stratls::crypto::{CryptoProvider, SigningKey};
use stratls::{CipherSuite, NamedGroup, SignatureScheme};

use crate::measure::Plan;
use stratls_bench::contender::WRITE_SIZE;
use stratls_bench::stats::Summary;

/// One primitive, ready to run once per call.
type Op = Box<dyn FnMut() -> Result<(), String>>;

/// The primitives of `provider`, by name, in report order.
fn ops(provider: &CryptoProvider) -> Result<Vec<(&'static str, Op)>, String> {
    let mut ops: Vec<(&'static str, Op)> = Vec::new();
    for (name, group) in [
        ("x25519 key share + shared secret", NamedGroup::X25519),
        ("P-256 key share + shared secret", NamedGroup::Secp256r1),
    ] {
        let kx = provider
            .kx_group(group)
            .ok_or(format!("no {group:?}"))?
            .clone();
        let peer = kx.start().map_err(|e| e.to_string())?.public_key().to_vec();
        ops.push((
            name,
            Box::new(move || {
                let active = kx.start().map_err(|e| e.to_string())?;
                black_box(active.complete(&peer).map_err(|e| e.to_string())?);
                Ok(())
            }),
        ));
    }
    for (sign, verify, key, scheme) in [
        (
            "ECDSA P-256 SHA-256 sign",
            "ECDSA P-256 SHA-256 verify",
            "server-ecdsa.key",
            SignatureScheme::ECDSA_SECP256R1_SHA256,
        ),
        (
            "RSA-2048 PSS SHA-256 sign",
            "RSA-2048 PSS SHA-256 verify",
            "server-rsa.key",
            SignatureScheme::RSA_PSS_RSAE_SHA256,
        ),
        (
            "RSA-2048 PKCS#1 SHA-256 sign",
            "RSA-2048 PKCS#1 SHA-256 verify",
            "server-rsa.key",
            SignatureScheme::RSA_PKCS1_SHA256,
        ),
        (
            "Ed25519 sign",
            "Ed25519 verify",
            "server-ed25519.key",
            SignatureScheme::ED25519,
        ),
    ] {
        let path = stratls_test_support::certs::path(key);
        let der = stratls::private_key_from_file(&path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let key: Arc<dyn SigningKey> = provider
            .key_loader
            .load_private_key(&der)
            .map_err(|e| format!("{key}: {e}"))?;
        let signer = key
            .choose_scheme(&[scheme])
            .ok_or(format!("{key:?} cannot sign {scheme:?}"))?;
        let spki = key.public_key().ok_or("the key exports no public key")?;
        let public = subject_public_key(&spki)
            .ok_or("bad SubjectPublicKeyInfo")?
            .to_vec();
        let verifier = provider
            .verifier(scheme)
            .ok_or(format!("no verifier for {scheme:?}"))?
            .clone();
        // A handshake signs about this much: the CertificateVerify content of RFC 8446 §4.4.3.
        let message = vec![0x20u8; 64 + 34 + 32];
        let signature = signer.sign(&message).map_err(|e| e.to_string())?;
        verifier
            .verify(&public, &message, &signature)
            .map_err(|e| format!("{scheme:?}: {e}"))?;
        let m = message.clone();
        ops.push((
            sign,
            Box::new(move || {
                black_box(signer.sign(&m).map_err(|e| e.to_string())?);
                Ok(())
            }),
        ));
        ops.push((
            verify,
            Box::new(move || {
                verifier
                    .verify(&public, &message, &signature)
                    .map_err(|e| e.to_string())
            }),
        ));
    }
    for (seal, open, id) in [
        (
            "AES-128-GCM seal 16 KiB",
            "AES-128-GCM open 16 KiB",
            CipherSuite::TLS13_AES_128_GCM_SHA256,
        ),
        (
            "AES-256-GCM seal 16 KiB",
            "AES-256-GCM open 16 KiB",
            CipherSuite::TLS13_AES_256_GCM_SHA384,
        ),
        (
            "ChaCha20-Poly1305 seal 16 KiB",
            "ChaCha20-Poly1305 open 16 KiB",
            CipherSuite::TLS13_CHACHA20_POLY1305_SHA256,
        ),
    ] {
        let aead = provider
            .tls13_suite(id)
            .ok_or(format!("no {id:?}"))?
            .aead
            .clone();
        let key = aead
            .key(&vec![7u8; aead.key_len()])
            .map_err(|e| e.to_string())?;
        let nonce = [9u8; stratls::crypto::NONCE_LEN];
        let aad = [0x17, 0x03, 0x03, 0x40, 0x11];
        let mut data = vec![0x5au8; WRITE_SIZE + 1];
        let mut tag = vec![0u8; aead.tag_len()];
        key.seal_in_place(&nonce, &aad, &mut data, &mut tag)
            .map_err(|e| e.to_string())?;
        let (sealed, sealed_tag) = (data.clone(), tag.clone());
        ops.push((
            seal,
            Box::new(move || {
                key.seal_in_place(&nonce, &aad, &mut data, &mut tag)
                    .map_err(|e| e.to_string())
            }),
        ));
        let key = aead
            .key(&vec![7u8; aead.key_len()])
            .map_err(|e| e.to_string())?;
        let mut data = sealed.clone();
        ops.push((
            open,
            Box::new(move || {
                data.copy_from_slice(&sealed);
                key.open_in_place(&nonce, &aad, &mut data, &sealed_tag)
                    .map_err(|e| e.to_string())
            }),
        ));
    }
    let sha256 = provider
        .tls13_suite(CipherSuite::TLS13_AES_128_GCM_SHA256)
        .ok_or("no TLS_AES_128_GCM_SHA256")?
        .hash
        .clone();
    for (name, len) in [
        ("SHA-256 of 256 B", 256),
        ("SHA-256 of 2 KiB", 2048),
        ("SHA-256 of 8 KiB", 8192),
    ] {
        let data = vec![0x33u8; len];
        let hash = sha256.clone();
        ops.push((
            name,
            Box::new(move || {
                black_box(hash.hash(&data));
                Ok(())
            }),
        ));
    }
    Ok(ops)
}

/// The content of the subjectPublicKey BIT STRING of a DER SubjectPublicKeyInfo (RFC 5280
/// §4.1.2.7): `SEQUENCE { SEQUENCE algorithm, BIT STRING key }`, no unused bits.
fn subject_public_key(spki: &[u8]) -> Option<&[u8]> {
    let (tag, outer, _) = element(spki)?;
    if tag != 0x30 {
        return None;
    }
    let (tag, _, rest) = element(outer)?;
    if tag != 0x30 {
        return None;
    }
    let (tag, bits, _) = element(rest)?;
    match (tag, bits.split_first()) {
        (0x03, Some((0, key))) => Some(key),
        _ => None,
    }
}

/// One DER element of `der`: its tag, its content and what follows it.
fn element(der: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = der.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = match first {
        n if n < 0x80 => (usize::from(n), rest),
        0x81 => (usize::from(*rest.first()?), rest.get(1..)?),
        0x82 => (
            usize::from(u16::from_be_bytes([*rest.first()?, *rest.get(1)?])),
            rest.get(2..)?,
        ),
        _ => return None,
    };
    let content = rest.get(..len)?;
    Some((tag, content, rest.get(len..)?))
}

/// How many runs of `op` fill `target`.
fn calibrate(op: &mut Op, target: Duration) -> Result<u64, String> {
    let start = Instant::now();
    let mut done: u64 = 0;
    while done == 0 || start.elapsed() < target / 4 {
        op()?;
        done += 1;
    }
    let each = start.elapsed().as_secs_f64() / done as f64;
    Ok((target.as_secs_f64() / each).ceil().max(1.0) as u64)
}

/// Measures every primitive of the ring provider and the default one, interleaved, and prints
/// the median time of one operation of each, and the ratio default/ring.
pub fn run(plan: &Plan) -> Result<(), String> {
    let providers = [
        ("ring", stratls::ring_provider()),
        ("rustcrypto", stratls::default_provider()),
    ];
    let mut sets = Vec::new();
    for (_, p) in &providers {
        sets.push(ops(p)?);
    }
    // Each sample is a fifth of a handshake sample: the primitives are many.
    let target = plan.sample / 5;
    println!(
        "primitives (µs per operation; through stratls's provider traits; ratio = rustcrypto/ring)"
    );
    println!(
        "  {:<34} {:>12} {:>12} {:>7}",
        "", "ring", "rustcrypto", "ratio"
    );
    let count = sets.first().map_or(0, Vec::len);
    for i in 0..count {
        let mut counts = [0u64; 2];
        for (k, set) in sets.iter_mut().enumerate() {
            counts[k] = calibrate(&mut set[i].1, target)?;
        }
        let mut samples = [Vec::new(), Vec::new()];
        for rep in 0..plan.reps {
            for j in 0..2 {
                let k = (rep + j) % 2;
                let op = &mut sets[k][i].1;
                let start = Instant::now();
                for _ in 0..counts[k] {
                    op()?;
                }
                samples[k].push(start.elapsed().as_secs_f64() * 1e6 / counts[k] as f64);
            }
        }
        let [ring, rc] = samples.map(|s| Summary::of(&s).map_or(f64::NAN, |s| s.median));
        println!(
            "  {:<34} {ring:>12.2} {rc:>12.2} {:>7.2}",
            sets[0][i].0,
            rc / ring
        );
    }
    println!();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_primitive_runs_on_both_providers() {
        for provider in [stratls::ring_provider(), stratls::default_provider()] {
            let mut ops = ops(&provider).expect("the primitives");
            assert_eq!(ops.len(), 2 + 8 + 6 + 3);
            for (name, op) in &mut ops {
                op().unwrap_or_else(|e| panic!("{name}: {e}"));
            }
        }
    }

    #[test]
    fn the_public_key_is_read_from_a_subject_public_key_info() {
        // SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING 00 || 3 key bytes }
        let spki = [
            0x30, 0x0d, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x04, 0x00, 1, 2, 3,
        ];
        assert_eq!(subject_public_key(&spki), Some(&[1u8, 2, 3][..]));
        assert_eq!(subject_public_key(&spki[..14]), None, "truncated");
        let mut unused = spki;
        unused[11] = 1;
        assert_eq!(subject_public_key(&unused), None, "unused bits");
    }
}
