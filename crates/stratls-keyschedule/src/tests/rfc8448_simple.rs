//! RFC 8448 §3, "Simple 1-RTT Handshake" (`rfc8448-simple-1rtt.txt` of the shared vectors;
//! the names in comments are the file's keys).

use stratls_crypto::HashOutput;

use super::util::{AES128_SHA256, Trace, assert_hex, check_keys, check_trace, h, hash, secret};
use crate::error::Error;
use crate::tls13::{EarlySecret, TrafficSecret};

const TRACE: Trace = Trace {
    psk: None,
    // ecdhe_shared_secret
    ecdhe: "8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d",
    // early_secret
    early_secret: "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a",
    // c_hs_traffic.hash
    hello_hash: "860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8",
    // handshake_secret
    handshake_secret: "1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac",
    // client_handshake_traffic_secret
    client_handshake_traffic: "b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21",
    // server_handshake_traffic_secret
    server_handshake_traffic: "b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38",
    // master_secret
    master_secret: "18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919",
    // c_ap_traffic.hash
    server_finished_hash: "9608102a0f1ccc6db6250b7b7e417b1a000eaada3daae4777a7686c9ff83df13",
    // client_application_traffic_secret_0
    client_application_traffic: "9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5",
    // server_application_traffic_secret_0
    server_application_traffic: "a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643",
    // exporter_master_secret
    exporter_master: "fe22f881176eda18eb8f44529e6792c50c9a3f89452f68d8ae311b4309d3cf50",
    // res_master.hash
    client_finished_hash: "209145a96ee8e2a122ff810047cc952684658d6049e86429426db87c54ad143d",
    // resumption_master_secret
    resumption_master: "7df235f2031d2a051287d02b0241b0bfdaf86cc856231f2d5aba46c434ec196c",
    keys: [
        // server_handshake_key, server_handshake_iv
        (
            "3fce516009c21727d0f2e4e86ee403bc",
            "5d313eb2671276ee13000b30",
        ),
        // client_handshake_key, client_handshake_iv
        (
            "dbfaa693d1762c5b666af5d950258d01",
            "5bd3c71b836e0b76bb73265f",
        ),
        // server_application_key, server_application_iv
        (
            "9f02283b6c9c07efc26bb9f2ac92e356",
            "cf782b88dd83549aadf1e984",
        ),
        // client_application_key, client_application_iv
        (
            "17422dda596ed5d9acd890e3c63f5051",
            "5b78923dee08579033e523d9",
        ),
    ],
    // server_finished_key
    server_finished_key: "008d3b66f816ea559f96b537e885c31fc068bf492c652f01f288a1d8cdc19fc8",
    // Hash(ClientHello...CertificateVerify): not in the file; `transcript_hashes` below
    // recomputes it from the messages.
    server_verify_hash: "edb7725fa7a3473b031ec8ef65a2485493900138a2b91291407d7951a06110ed",
    // server_finished_verify_data
    server_verify_data: "9b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718",
    // client_finished_key
    client_finished_key: "b80ad01015fb2f0bd65ff7d4da5d6bf83f84821d1f87fdc7d3c75b5a7b42d9c4",
    // c_ap_traffic.hash (ClientHello...server Finished)
    client_verify_hash: "9608102a0f1ccc6db6250b7b7e417b1a000eaada3daae4777a7686c9ff83df13",
    // client_finished_verify_data
    client_verify_data: "a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61",
};

#[test]
fn full_schedule() -> Result<(), Error> {
    check_trace(&TRACE)
}

#[test]
fn resumption_psk_from_ticket_nonce() -> Result<(), Error> {
    let ms = EarlySecret::new(AES128_SHA256, None)?
        .into_handshake_secret(Some(&secret(TRACE.ecdhe)))?
        .into_master_secret()?;
    let res = ms.resumption_master_secret(&hash(TRACE.client_finished_hash))?;
    // ticket_nonce, resumption_psk
    let psk = res.psk(&h("0000"))?;
    assert_hex(
        psk.as_bytes(),
        "4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3",
        "resumption psk",
    );
    assert_eq!(res.psk(&[0; 256]).err(), Some(Error::ContextLength(256)));
    Ok(())
}

/// The transcript hashes of the trace, recomputed from its handshake messages.
#[test]
fn transcript_hashes() -> Result<(), Error> {
    let mut transcript = AES128_SHA256.hash.start();
    let mut at = |message: &str| -> HashOutput {
        transcript.update(&h(message));
        transcript.current()
    };
    at(CLIENT_HELLO);
    assert_eq!(at(SERVER_HELLO), hash(TRACE.hello_hash));
    at(ENCRYPTED_EXTENSIONS);
    at(SERVER_CERTIFICATE);
    let to_certificate_verify = at(SERVER_CERTIFICATE_VERIFY);
    assert_eq!(to_certificate_verify, hash(TRACE.server_verify_hash));
    let to_server_finished = at(SERVER_FINISHED);
    assert_eq!(to_server_finished, hash(TRACE.server_finished_hash));
    assert_eq!(at(CLIENT_FINISHED), hash(TRACE.client_finished_hash));

    // The Finished messages carry the verify_data over those hashes.
    let shs = TrafficSecret::new(AES128_SHA256, secret(TRACE.server_handshake_traffic))?;
    let chs = TrafficSecret::new(AES128_SHA256, secret(TRACE.client_handshake_traffic))?;
    shs.verify_finished(&to_certificate_verify, &h(SERVER_FINISHED)[4..])?;
    chs.verify_finished(&to_server_finished, &h(CLIENT_FINISHED)[4..])?;
    Ok(())
}

/// The per-record nonce: the records of the trace open under the derived keys with their
/// sequence numbers.
#[test]
fn records_open_with_sequence_numbers() -> Result<(), Error> {
    let sap = TrafficSecret::new(AES128_SHA256, secret(TRACE.server_application_traffic))?;
    // server_app_data_record.complete_record: sequence number 1
    let opened = open(
        &sap,
        1,
        concat!(
            "17030300432e937e11ef4ac740e538ad36005fc4a46932fc3225d05f82aa1b36e30efaf97d90e6dffc",
            "602dcb501a59a8fcc49c4bf2e5f0a21c0047c2abf332540dd032e167c2955d"
        ),
    )?;
    let expected: Vec<u8> = (0u8..50).chain([0x17]).collect();
    assert_eq!(opened, expected);
    // server_alert_record.complete_record: close_notify at sequence number 2
    let opened = open(&sap, 2, "1703030013b58fd67166ebf599d24720cfbe7efa7a8864a9")?;
    assert_eq!(opened, [0x01, 0x00, 0x15]);
    // The same record at the wrong sequence number does not open.
    assert!(open(&sap, 1, "1703030013b58fd67166ebf599d24720cfbe7efa7a8864a9").is_err());

    let cap = TrafficSecret::new(AES128_SHA256, secret(TRACE.client_application_traffic))?;
    // client_alert_record.complete_record: close_notify at sequence number 1
    let opened = open(&cap, 1, "1703030013c9872760655666b74d7ff1153efd6db6d0b0e3")?;
    assert_eq!(opened, [0x01, 0x00, 0x15]);
    Ok(())
}

#[test]
fn traffic_secret_of_the_wrong_length_is_refused() {
    let short = TrafficSecret::new(AES128_SHA256, secret("00")).err();
    assert_eq!(
        short,
        Some(Error::SecretLength {
            expected: 32,
            actual: 1
        })
    );
}

#[test]
fn chacha20_keys_take_the_suite_key_length() -> Result<(), Error> {
    let suite = &stratls_rustcrypto::TLS13_CHACHA20_POLY1305_SHA256;
    let cap = TrafficSecret::new(suite, secret(TRACE.client_application_traffic))?;
    // openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt mode:EXPAND_ONLY \
    //   -kdfopt hexkey:9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5 \
    //   -kdfopt prefix:"tls13 " -kdfopt label:key -kdfopt hexdata: TLS13-KDF
    // The IV does not depend on the AEAD: client_application_iv.
    check_keys(
        &cap,
        "c8afd24f48952725381a54085e8d8e3856d8d89e3019243b30a9db54809a3732",
        "5b78923dee08579033e523d9",
        "chacha20 client application",
    )
}

/// Opens a TLS 1.3 record (header, ciphertext, 16-byte tag) under `traffic`'s keys.
fn open(traffic: &TrafficSecret, seq: u64, record_hex: &str) -> Result<Vec<u8>, Error> {
    let record = h(record_hex);
    let (header, body) = record.split_at(5);
    let (ciphertext, tag) = body.split_at(body.len() - 16);
    let keys = traffic.keys()?;
    let mut data = ciphertext.to_vec();
    keys.aead_key()?
        .open_in_place(&keys.iv().nonce(seq), header, &mut data, tag)?;
    Ok(data)
}

/// `client_hello.message`
const CLIENT_HELLO: &str = concat!(
    "010000c00303cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7000006130113",
    "031302010000910000000b0009000006736572766572ff01000100000a00140012001d001700180019010001",
    "0101020103010400230000003300260024001d002099381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae",
    "4d5413691e529aaf2c002b0003020304000d0020001e04030503060302030804080508060401050106010201",
    "0402050206020202002d00020101001c00024001",
);
/// `server_hello.message`
const SERVER_HELLO: &str = concat!(
    "020000560303a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e2692800130100002e",
    "00330024001d0020c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f002b0002",
    "0304",
);
/// `encrypted_extensions.message`
const ENCRYPTED_EXTENSIONS: &str =
    "080000240022000a00140012001d00170018001901000101010201030104001c0002400100000000";
/// `server_certificate.message`
const SERVER_CERTIFICATE: &str = concat!(
    "0b0001b9000001b50001b0308201ac30820115a003020102020102300d06092a864886f70d01010b0500300e",
    "310c300a06035504031303727361301e170d3136303733303031323335395a170d3236303733303031323335",
    "395a300e310c300a0603550403130372736130819f300d06092a864886f70d010101050003818d0030818902",
    "818100b4bb498f8279303d980836399b36c6988c0c68de55e1bdb826d3901a2461eafd2de49a91d015abbc9a",
    "95137ace6c1af19eaa6af98c7ced43120998e187a80ee0ccb0524b1b018c3e0b63264d449a6d38e22a5fda43",
    "0846748030530ef0461c8ca9d9efbfae8ea6d1d03e2bd193eff0ab9a8002c47428a6d35a8d88d79f7f1e3f02",
    "03010001a31a301830090603551d1304023000300b0603551d0f0404030205a0300d06092a864886f70d0101",
    "0b05000381810085aad2a0e5b9276b908c65f73a7267170618a54c5f8a7b337d2df7a594365417f2eae8f8a5",
    "8c8f8172f9319cf36b7fd6c55b80f21a03015156726096fd335e5e67f2dbf102702e608ccae6bec1fc63a42a",
    "99be5c3eb7107c3c54e9b9eb2bd5203b1c3b84e0a8b2f759409ba3eac9d91d402dcc0cc8f8961229ac9187b4",
    "2b4de10000",
);
/// `server_certificate_verify.message`
const SERVER_CERTIFICATE_VERIFY: &str = concat!(
    "0f000084080400805a747c5d88fa9bd2e55ab085a61015b7211f824cd484145ab3ff52f1fda8477b0b7abc90",
    "db78e2d33a5c141a078653fa6bef780c5ea248eeaaa785c4f394cab6d30bbe8d4859ee511f602957b15411ac",
    "027671459e46445c9ea58c181e818e95b8c3fb0bf3278409d3be152a3da5043e063dda65cdf5aea20d53dfac",
    "d42f74f3",
);
/// `server_finished.message`
const SERVER_FINISHED: &str =
    "140000209b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718";
/// `client_finished.message`
const CLIENT_FINISHED: &str =
    "14000020a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61";
