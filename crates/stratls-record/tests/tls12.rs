//! TLS 1.2 AEAD records: AES-GCM with an explicit nonce (RFC 5288) and ChaCha20-Poly1305 with
//! an XOR nonce (RFC 7905), known answers, round trips and tampering.

use crate::common::{h, read_all, read_in_pieces};
use bytes::BytesMut;
use stratls_codec::{Alert, AlertDescription, ContentType};
use stratls_crypto::{Iv, Secret, Tls12RecordNonce};
use stratls_record::{
    CcsPolicy, Message, ProtectionVersion, RecordError, RecordProtection, RecordReader,
    RecordWriter,
};
use stratls_rustcrypto::{AES_128_GCM, AES_256_GCM, CHACHA20_POLY1305};

const PLAINTEXT: &[u8] = b"stratls TLS 1.2 known-answer record";

// Known answers computed independently with pyca/cryptography (AESGCM, ChaCha20Poly1305):
// sequence number 7, type application_data, version 0x0303, additional data
// seq ‖ 0x17 ‖ 0x0303 ‖ length, explicit nonce = sequence number for AES-GCM.
const GCM_KEY: &str = "101112131415161718191a1b1c1d1e1f";
const GCM_SALT: &str = "a0a1a2a3";
const GCM_RECORD: &str = concat!(
    "170303003b0000000000000007459d405e7ffe6c72a2153b313527a4c216fd9c865518ec280061e6",
    "911fc0b9651600e80e82918cdb028d7321e7e1dc85b74c3f",
);
const CHACHA_KEY: &str = "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f";
const CHACHA_IV: &str = "b0b1b2b3b4b5b6b7b8b9babb";
const CHACHA_RECORD: &str = concat!(
    "1703030033b57be4a74edca4af0ae18fb13efa1bf98f233719243d1ca74411251c07c965235636146e",
    "20e324a333c67573fdbd6314e3b6ef",
);

fn gcm() -> RecordProtection {
    RecordProtection::tls12(
        AES_128_GCM,
        &Secret::new(h(GCM_KEY)),
        &Secret::new(h(GCM_SALT)),
        Tls12RecordNonce::Explicit,
    )
    .unwrap()
}

fn chacha() -> RecordProtection {
    RecordProtection::tls12(
        CHACHA20_POLY1305,
        &Secret::new(h(CHACHA_KEY)),
        &Secret::new(h(CHACHA_IV)),
        Tls12RecordNonce::Xor,
    )
    .unwrap()
}

fn reader(protection: RecordProtection) -> RecordReader {
    let mut reader = RecordReader::new();
    reader.set_protection(Some(protection)).unwrap();
    reader
}

#[test]
fn known_answer_records() {
    for (name, protection, record) in [
        ("aes-gcm", gcm as fn() -> RecordProtection, GCM_RECORD),
        ("chacha20", chacha, CHACHA_RECORD),
    ] {
        let mut writer = RecordWriter::new();
        writer.set_protection(Some(protection().with_sequence_number(7)));
        let mut out = BytesMut::new();
        writer
            .write(ContentType::ApplicationData, PLAINTEXT, &mut out)
            .unwrap();
        assert_eq!(out.to_vec(), h(record), "{name}");

        let mut r = reader(protection().with_sequence_number(7));
        assert_eq!(
            read_all(&mut r, &h(record)).unwrap(),
            [Message::ApplicationData(PLAINTEXT.into())],
            "{name}"
        );
    }
}

#[test]
fn round_trips_every_content_type() {
    let aes256 = || {
        RecordProtection::tls12(
            AES_256_GCM,
            &Secret::new(vec![9; 32]),
            &Secret::new(vec![1, 2, 3, 4]),
            Tls12RecordNonce::Explicit,
        )
        .unwrap()
    };
    for protection in [gcm, chacha, aes256] {
        let mut writer = RecordWriter::new();
        writer.set_protection(Some(protection()));
        let mut out = BytesMut::new();
        let finished = [20, 0, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        writer
            .write(ContentType::Handshake, &finished, &mut out)
            .unwrap();
        let big = vec![0x5a; 40_000];
        assert_eq!(
            writer.write(ContentType::ApplicationData, &big, &mut out),
            Ok(3)
        );
        writer.write_alert(Alert::close_notify(), &mut out).unwrap();
        assert_eq!(writer.protection().map(|p| p.sequence_number()), Some(5));

        let messages = read_in_pieces(&mut reader(protection()), &out, 7).unwrap();
        assert_eq!(messages.len(), 5);
        let Message::Handshake(hs) = &messages[0] else {
            panic!("{messages:?}")
        };
        assert_eq!(hs.encoded().as_ref(), finished);
        let data: Vec<u8> = messages[1..4]
            .iter()
            .flat_map(|m| match m {
                Message::ApplicationData(d) => d.to_vec(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(data, big);
        assert!(
            matches!(&messages[4], Message::Alert(a) if a.description == AlertDescription::CloseNotify)
        );
    }
}

#[test]
fn tampering_is_bad_record_mac() {
    for (protection, record) in [
        (gcm as fn() -> RecordProtection, GCM_RECORD),
        (chacha, CHACHA_RECORD),
    ] {
        let record = h(record);
        // Every body bit (explicit nonce, ciphertext, tag) and the version's low byte.
        for bit in (2 * 8..3 * 8).chain(5 * 8..record.len() * 8) {
            let mut bad = record.clone();
            bad[bit / 8] ^= 1 << (bit % 8);
            let result = read_all(&mut reader(protection().with_sequence_number(7)), &bad);
            assert_eq!(result, Err(RecordError::BadRecordMac), "bit {bit}");
        }
        // The content type is additional data: the same bytes as a handshake record fail.
        let mut retyped = record.clone();
        retyped[0] = 22;
        let result = read_all(&mut reader(protection().with_sequence_number(7)), &retyped);
        assert_eq!(result, Err(RecordError::BadRecordMac));
        // So is the sequence number.
        let result = read_all(&mut reader(protection().with_sequence_number(8)), &record);
        assert_eq!(result, Err(RecordError::BadRecordMac));
    }
}

#[test]
fn records_too_short_for_nonce_and_tag() {
    // AES-GCM needs 8 + 16 bytes, ChaCha20 16.
    for (protection, min) in [(gcm as fn() -> RecordProtection, 24usize), (chacha, 16)] {
        for len in [0, 1, min - 1] {
            let mut record = vec![23, 3, 3, 0, len as u8];
            record.resize(5 + len, 0);
            let e = read_all(&mut reader(protection()), &record).unwrap_err();
            assert_eq!(e, RecordError::BadRecordMac, "{len}");
        }
    }
}

#[test]
fn decrypted_plaintext_over_the_limit_is_record_overflow() {
    // A TLS 1.2 ciphertext may be 2^14 + 2048 long, but its plaintext only 2^14.
    let key = h(CHACHA_KEY);
    let iv: [u8; 12] = h(CHACHA_IV).try_into().unwrap();
    let len = (1 << 14) + 1;
    let mut data = vec![0x33; len];
    let mut tag = [0u8; 16];
    let mut aad = [0u8; 13];
    aad[8] = 23;
    aad[9..11].copy_from_slice(&[3, 3]);
    aad[11..].copy_from_slice(&(len as u16).to_be_bytes());
    CHACHA20_POLY1305
        .key(&key)
        .unwrap()
        .seal_in_place(&iv, &aad, &mut data, &mut tag)
        .unwrap();
    let mut record = vec![23, 3, 3];
    record.extend_from_slice(&((len + 16) as u16).to_be_bytes());
    record.extend_from_slice(&data);
    record.extend_from_slice(&tag);
    let e = read_all(&mut reader(chacha()), &record).unwrap_err();
    assert_eq!(e, RecordError::PlaintextOverflow { len, max: 1 << 14 });
    assert_eq!(e.alert(), AlertDescription::RecordOverflow);
    // The ciphertext limit itself.
    let mut r = reader(chacha());
    r.feed(&[23, 3, 3, 0x48, 0x01]);
    assert_eq!(
        r.next_message(),
        Err(RecordError::RecordOverflow {
            len: (1 << 14) + 2049,
            max: (1 << 14) + 2048
        })
    );
}

#[test]
fn change_cipher_spec_then_key_change() {
    // The peer's CCS arrives in plaintext; the handshake then installs the read key.
    let mut writer = RecordWriter::new();
    let mut out = BytesMut::new();
    writer.write_change_cipher_spec(&mut out);
    writer.set_protection(Some(gcm()));
    writer
        .write(ContentType::Handshake, &[20, 0, 0, 1, 9], &mut out)
        .unwrap();

    let mut r = RecordReader::new();
    r.set_ccs_policy(CcsPolicy::Deliver);
    r.feed(&out);
    assert_eq!(r.next_message(), Ok(Some(Message::ChangeCipherSpec)));
    r.set_protection(Some(gcm())).unwrap();
    r.set_ccs_policy(CcsPolicy::Reject);
    assert!(matches!(r.next_message(), Ok(Some(Message::Handshake(_)))));
    assert_eq!(
        r.protection().map(|p| p.version()),
        Some(ProtectionVersion::Tls12(Tls12RecordNonce::Explicit))
    );
}

#[test]
fn key_and_iv_lengths_are_checked() {
    let key = Secret::new(vec![0; 16]);
    let wrong = [
        RecordProtection::tls12(
            AES_128_GCM,
            &key,
            &Secret::new(vec![0; 12]),
            Tls12RecordNonce::Explicit,
        ),
        RecordProtection::tls12(
            CHACHA20_POLY1305,
            &Secret::new(vec![0; 32]),
            &Secret::new(vec![0; 4]),
            Tls12RecordNonce::Xor,
        ),
        RecordProtection::tls12(
            AES_128_GCM,
            &Secret::new(vec![0; 15]),
            &Secret::new(vec![0; 4]),
            Tls12RecordNonce::Explicit,
        ),
        RecordProtection::tls13(AES_128_GCM, &Secret::new(vec![0; 32]), &Iv::new([0; 12])),
    ];
    for (i, result) in wrong.into_iter().enumerate() {
        let e = result.unwrap_err();
        assert_eq!(e, RecordError::InvalidKey, "{i}");
        assert_eq!(e.alert(), AlertDescription::InternalError);
    }
    // A TLS 1.3 IV is an `Iv`, whose length the type fixes; a slice of another length does not
    // make one.
    assert!(Iv::from_slice(&[0; 11]).is_err());
    assert!(Iv::from_slice(&[0; 13]).is_err());
}
