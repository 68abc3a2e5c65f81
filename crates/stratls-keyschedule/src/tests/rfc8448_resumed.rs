//! RFC 8448 §4, "Resumed 0-RTT Handshake" (`rfc8448-resumed-0rtt.txt` of the shared
//! vectors; the names in comments are the file's keys).

use super::util::{AES128_SHA256, Trace, assert_hex, check_keys, check_trace, h, hash, secret};
use crate::error::Error;
use crate::tls13::{EarlySecret, PskKind};

const TRACE: Trace = Trace {
    // psk (= §3 resumption_psk)
    psk: Some("4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3"),
    // ecdhe_shared_secret
    ecdhe: "f44194756ff9ec9d25180635d66ea6824c6ab3bf179977be37f723570e7ccb2e",
    // early_secret
    early_secret: "9b2188e9b2fc6d64d71dc329900e20bb41915000f678aa839cbb797cb7d8332c",
    // c_hs_traffic.hash
    hello_hash: "f736cb34fe25e701551bee6fd24c1cc7102a7daf9405cb15d97aafe16f757d03",
    // handshake_secret
    handshake_secret: "005cb112fd8eb4ccc623bb88a07c64b3ede1605363fc7d0df8c7ce4ff0fb4ae6",
    // client_handshake_traffic_secret
    client_handshake_traffic: "2faac08f851d35fea3604fcb4de82dc62c9b164a70974d0462e27f1ab278700f",
    // server_handshake_traffic_secret
    server_handshake_traffic: "fe927ae271312e8bf0275b581c54eef020450dc4ecffaa05a1a35d27518e7803",
    // master_secret
    master_secret: "e2d32d4ed66dd37897a0e80c84107503ce58bf8aad4cb55a5002d77ecb890ece",
    // c_ap_traffic.hash
    server_finished_hash: "b0aeffc46a2cfe33114e6fd7d51f9f04b1ca3c497dab08934a774a9d9ad7dbf3",
    // client_application_traffic_secret_0
    client_application_traffic: "2abbf2b8e381d23dbebe1dd2a7d16a8bf484cb4950d23fb7fb7fa8547062d9a1",
    // server_application_traffic_secret_0
    server_application_traffic: "cc21f1bf8feb7dd5fa505bd9c4b468a9984d554a993dc49e6d285598fb672691",
    // exporter_master_secret
    exporter_master: "3fd93d4ffddc98e64b14dd107aedf8ee4add23f4510f58a4592d0b201bee56b4",
    // res_master.hash
    client_finished_hash: "c3c122e0bd907a4a3ff6112d8fd53dbf89c773d9552e8b6b9d56d361b3a97bf6",
    // resumption_master_secret
    resumption_master: "5e95bdf1f89005ea2e9aa0ba85e728e3c19c5fe0c699e3f5bee59faebd0b5406",
    keys: [
        // server_handshake_key, server_handshake_iv
        (
            "27c6bdc0a3dcea39a47326d79bc9e4ee",
            "9569ecdd4d0536705e9ef725",
        ),
        // client_handshake_key, client_handshake_iv
        (
            "b1530806f4adfeac83f1413032bbfa82",
            "eb50c16be7654abf99dd06d9",
        ),
        // server_application_key, server_application_iv
        (
            "e857c690a34c5a9129d833619684f95e",
            "0685d6b561aab9ef1013faf9",
        ),
        // client_application_key, client_application_iv
        (
            "3cf122f301c6358ca7989553250efd72",
            "ab1aec26aa78b8fc1176b9ac",
        ),
    ],
    // server_finished_calc.expanded
    server_finished_key: "4bb74cae7a5dc8914604c0bfbe2f0c062396883922bec8a15e2a9b532a5d392c",
    // Hash(ClientHello...EncryptedExtensions), with the full ClientHello
    // (client_hello_record.payload); not in the file:
    //   echo -n $CH$SH$EE | xxd -r -p | openssl dgst -sha256
    server_verify_hash: "04055455ef74b2322ba366cbc4cfe02723434b37b9b3671bb5a3006056d8f02f",
    // server_finished_verify_data
    server_verify_data: "48d3e0e1b3d907c6acff145e16090388c77b05c050b634ab1a88bbd0dd1a34b2",
    // client_finished_calc.expanded
    client_finished_key: "5ace394c26980d581243f627d1150ae27e37fa52364e0a7f20ac686d09cd0e8e",
    // Hash(ClientHello...EndOfEarlyData); not in the file:
    //   echo -n $CH$SH$EE$SF$EOED | xxd -r -p | openssl dgst -sha256
    client_verify_hash: "9f23a00c1f08fc18807b8b68237b565df20d4c50dd8e49ef612e1a5bb16c5867",
    // client_finished_verify_data
    client_verify_data: "7230a9c952c25cd6138fc5e6628308c41c5335dd81b9f96bcea50fd32bda416d",
};

/// c_e_traffic.hash: Hash(ClientHello), the full one with binders.
const CLIENT_HELLO_HASH: &str = "08ad0fa05d7c7233b1775ba2ff9f4c5b8b59276b7f227f13a976245f5d960913";

#[test]
fn psk_ecdhe_schedule() -> Result<(), Error> {
    check_trace(&TRACE)
}

#[test]
fn binder() -> Result<(), Error> {
    let early = EarlySecret::new(AES128_SHA256, TRACE.psk.map(secret).as_ref())?;
    let binder_key = early.binder_key(PskKind::Resumption)?;
    // binder_key
    assert_hex(
        binder_key.test_bytes(),
        "69fe131a3bbad5d63c64eebcc30e395b9d8107726a13d074e389dbc8a4e47256",
        "binder key",
    );
    // psk_binder.binder_hash: Hash(Truncate(ClientHello))
    let truncated = hash("63224b2e4573f2d3454ca84b9d009a04f6be9e05711a8396473aefa01e924a14");
    // psk_binder
    let binder = "3add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d";
    assert_hex(binder_key.binder(&truncated)?.as_bytes(), binder, "binder");

    binder_key.verify_binder(&truncated, &h(binder))?;
    let mut bad = h(binder);
    bad[0] ^= 0x80;
    let err = binder_key.verify_binder(&truncated, &bad);
    assert_eq!(err, Err(Error::BadBinder));
    // The external-PSK label gives another key, whose binder does not verify.
    let external = early.binder_key(PskKind::External)?;
    assert_ne!(external.test_bytes(), binder_key.test_bytes());
    assert_eq!(
        external.verify_binder(&truncated, &h(binder)),
        Err(Error::BadBinder)
    );
    Ok(())
}

#[test]
fn early_traffic_and_exporter() -> Result<(), Error> {
    let early = EarlySecret::new(AES128_SHA256, TRACE.psk.map(secret).as_ref())?;
    let ch = hash(CLIENT_HELLO_HASH);
    let cets = early.client_early_traffic_secret(&ch)?;
    // client_early_traffic_secret
    assert_hex(
        cets.as_secret().as_bytes(),
        "3fbbe6a60deb66c30a32795aba0eff7eaa10105586e7be5c09678d63b6caab62",
        "c e traffic",
    );
    // client_early_key, client_early_iv
    check_keys(
        &cets,
        "920205a5b7bf2115e6fc5c2942834f54",
        "6d475f0993c8e564610db2b9",
        "client early",
    )?;
    let eems = early.early_exporter_master_secret(&ch)?;
    // early_exporter_master_secret
    assert_hex(
        eems.as_secret().as_bytes(),
        "b2026866610937d7423e5be90862ccf24c0e6091186d34f812089ff5be2ef7df",
        "e exp master",
    );
    // E=$(printf '' | openssl dgst -sha256 -r | cut -c1-64)
    // CTX=$(printf 'context' | openssl dgst -sha256 -r | cut -c1-64)
    // el() { openssl kdf -keylen $4 -kdfopt digest:SHA256 -kdfopt mode:EXPAND_ONLY \
    //   -kdfopt hexkey:$1 -kdfopt prefix:"tls13 " -kdfopt label:"$2" -kdfopt hexdata:$3 \
    //   TLS13-KDF; }
    // el $(el <early_exporter_master_secret> EXPORTER-stratls-test $E 32) exporter $CTX 32
    let exported = eems.export(b"EXPORTER-stratls-test", b"context", 32)?;
    assert_hex(
        exported.as_bytes(),
        "316bff758a678615b9fa82c719caea2611484353eb2aec32867d23e2290ab225",
        "early export",
    );
    Ok(())
}
