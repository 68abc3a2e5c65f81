//! The RFC 8448 values this module checks, copied from the project's vector files
//! (`rfc8448-simple-1rtt.txt` for §3, `rfc8448-resumed-0rtt.txt` for §4); each doc names the
//! file's key. Lowercase hex, decoded by [`h`].

/// Decodes one of the constants.
pub fn h(hex: &str) -> Vec<u8> {
    assert!(hex.len().is_multiple_of(2), "an even number of digits");
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect()
}

/// §3 `res_master.expanded` (32 bytes).
pub const S3_RESUMPTION_MASTER_SECRET: &str =
    "7df235f2031d2a051287d02b0241b0bfdaf86cc856231f2d5aba46c434ec196c";

/// §3 `resumption_psk.hash` (2 bytes).
pub const S3_TICKET_NONCE: &str = "0000";

/// §3 `new_session_ticket.message` (205 bytes).
pub const S3_NEW_SESSION_TICKET: &str = concat!(
    "040000c90000001efad6aac502000000b22c035d829359ee5ff7af4ec900000000262a6494dc486d",
    "2c8a34cb33fa90bf1b0070ad3c498883c9367c09a2be785abc55cd226097a3a982117283f82a03a1",
    "43efd3ff5dd36d64e861be7fd61d2827db279cce145077d454a3664d4e6da4d29ee03725a6a4dafc",
    "d0fc67d2aea70529513e3da2677fa5906c5b3f7d8f92f228bda40dda721470f9fbf297b5aea61764",
    "6fac5c03272e970727c621a79141ef5f7de6505e5bfbc388e93343694093934ae4d3570008002a00",
    "0400000400",
);

/// §4 `client_hello_record.complete_record` (517 bytes).
pub const CLIENT_HELLO_RECORD: &str = concat!(
    "1603010200010001fc03031bc3ceb6bbe39cff938355b5a50adb6db21b7a6af649d7b4bc419d7876",
    "487d95000006130113031302010001cd0000000b0009000006736572766572ff01000100000a0014",
    "0012001d00170018001901000101010201030104003300260024001d0020e4ffb68ac05f8d96c99d",
    "a26698346c6be16482badddafe051a66b4f18d668f0b002a0000002b0003020304000d0020001e04",
    "0305030603020308040805080604010501060102010402050206020202002d00020101001c000240",
    "01001500570000000000000000000000000000000000000000000000000000000000000000000000",
    "00000000000000000000000000000000000000000000000000000000000000000000000000000000",
    "000000000000000000000000002900dd00b800b22c035d829359ee5ff7af4ec900000000262a6494",
    "dc486d2c8a34cb33fa90bf1b0070ad3c498883c9367c09a2be785abc55cd226097a3a982117283f8",
    "2a03a143efd3ff5dd36d64e861be7fd61d2827db279cce145077d454a3664d4e6da4d29ee03725a6",
    "a4dafcd0fc67d2aea70529513e3da2677fa5906c5b3f7d8f92f228bda40dda721470f9fbf297b5ae",
    "a617646fac5c03272e970727c621a79141ef5f7de6505e5bfbc388e93343694093934ae4d357fad6",
    "aacb0021203add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d",
);

/// §4 `psk_binder.clienthello_prefix` (477 bytes).
pub const CLIENT_HELLO_PREFIX: &str = concat!(
    "010001fc03031bc3ceb6bbe39cff938355b5a50adb6db21b7a6af649d7b4bc419d7876487d950000",
    "06130113031302010001cd0000000b0009000006736572766572ff01000100000a00140012001d00",
    "170018001901000101010201030104003300260024001d0020e4ffb68ac05f8d96c99da26698346c",
    "6be16482badddafe051a66b4f18d668f0b002a0000002b0003020304000d0020001e040305030603",
    "020308040805080604010501060102010402050206020202002d00020101001c0002400100150057",
    "00000000000000000000000000000000000000000000000000000000000000000000000000000000",
    "00000000000000000000000000000000000000000000000000000000000000000000000000000000",
    "00000000000000002900dd00b800b22c035d829359ee5ff7af4ec900000000262a6494dc486d2c8a",
    "34cb33fa90bf1b0070ad3c498883c9367c09a2be785abc55cd226097a3a982117283f82a03a143ef",
    "d3ff5dd36d64e861be7fd61d2827db279cce145077d454a3664d4e6da4d29ee03725a6a4dafcd0fc",
    "67d2aea70529513e3da2677fa5906c5b3f7d8f92f228bda40dda721470f9fbf297b5aea617646fac",
    "5c03272e970727c621a79141ef5f7de6505e5bfbc388e93343694093934ae4d357fad6aacb",
);

/// §4 `early_secret.ikm` (32 bytes).
pub const PSK: &str = "4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3";

/// §4 `early_secret.secret` (32 bytes).
pub const EARLY_SECRET: &str = "9b2188e9b2fc6d64d71dc329900e20bb41915000f678aa839cbb797cb7d8332c";

/// §4 `psk_binder.prk` (32 bytes).
pub const BINDER_KEY: &str = "69fe131a3bbad5d63c64eebcc30e395b9d8107726a13d074e389dbc8a4e47256";

/// §4 `psk_binder.binder_hash` (32 bytes).
pub const BINDER_HASH: &str = "63224b2e4573f2d3454ca84b9d009a04f6be9e05711a8396473aefa01e924a14";

/// §4 `psk_binder.finished` (32 bytes).
pub const PSK_BINDER: &str = "3add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d";

/// §4 `c_e_traffic.hash` (32 bytes).
pub const CLIENT_HELLO_HASH: &str =
    "08ad0fa05d7c7233b1775ba2ff9f4c5b8b59276b7f227f13a976245f5d960913";

/// §4 `c_e_traffic.expanded` (32 bytes).
pub const CLIENT_EARLY_TRAFFIC_SECRET: &str =
    "3fbbe6a60deb66c30a32795aba0eff7eaa10105586e7be5c09678d63b6caab62";

/// §4 `e_exp_master.expanded` (32 bytes).
pub const EARLY_EXPORTER_MASTER_SECRET: &str =
    "b2026866610937d7423e5be90862ccf24c0e6091186d34f812089ff5be2ef7df";

/// §4 `client_early_write_keys.key_expanded` (16 bytes).
pub const CLIENT_EARLY_KEY: &str = "920205a5b7bf2115e6fc5c2942834f54";

/// §4 `client_early_write_keys.iv_expanded` (12 bytes).
pub const CLIENT_EARLY_IV: &str = "6d475f0993c8e564610db2b9";

/// §4 `client_early_data_record.payload` (6 bytes).
pub const EARLY_DATA: &str = "414243444546";

/// §4 `client_early_data_record.complete_record` (28 bytes).
pub const EARLY_DATA_RECORD: &str = "1703030017ab1df420e75c457a7cc5d2844f76d5aee4b4edbf049be0";

/// §4 `server_x25519.private_key` (32 bytes).
pub const SERVER_X25519_PRIVATE_KEY: &str =
    "de5b4476e7b490b2652d338acbf2948066f255f9440e23b98fc69835298dc107";

/// §4 `server_x25519.public_key` (32 bytes).
pub const SERVER_X25519_PUBLIC_KEY: &str =
    "121761ee42c333e1b9e77b60dd57c2053cd94512ab47f115e86eff50942cea31";

/// §4 `server_random` (32 bytes).
pub const SERVER_RANDOM: &str = "3ccfd2dec890222763472ae8136777c9d7358777bb66e91ea5122495f559ea2d";

/// §4 `server_hello_record.complete_record` (101 bytes).
pub const SERVER_HELLO_RECORD: &str = concat!(
    "16030300600200005c03033ccfd2dec890222763472ae8136777c9d7358777bb66e91ea5122495f5",
    "59ea2d00130100003400290002000000330024001d0020121761ee42c333e1b9e77b60dd57c2053c",
    "d94512ab47f115e86eff50942cea31002b00020304",
);

/// §4 `handshake_secret.ikm` (32 bytes).
pub const ECDHE_SHARED_SECRET: &str =
    "f44194756ff9ec9d25180635d66ea6824c6ab3bf179977be37f723570e7ccb2e";

/// §4 `handshake_secret.secret` (32 bytes).
pub const HANDSHAKE_SECRET: &str =
    "005cb112fd8eb4ccc623bb88a07c64b3ede1605363fc7d0df8c7ce4ff0fb4ae6";

/// §4 `c_hs_traffic.hash` (32 bytes).
pub const SERVER_HELLO_HASH: &str =
    "f736cb34fe25e701551bee6fd24c1cc7102a7daf9405cb15d97aafe16f757d03";

/// §4 `c_hs_traffic.expanded` (32 bytes).
pub const CLIENT_HANDSHAKE_TRAFFIC_SECRET: &str =
    "2faac08f851d35fea3604fcb4de82dc62c9b164a70974d0462e27f1ab278700f";

/// §4 `s_hs_traffic.expanded` (32 bytes).
pub const SERVER_HANDSHAKE_TRAFFIC_SECRET: &str =
    "fe927ae271312e8bf0275b581c54eef020450dc4ecffaa05a1a35d27518e7803";

/// §4 `master_secret.secret` (32 bytes).
pub const MASTER_SECRET: &str = "e2d32d4ed66dd37897a0e80c84107503ce58bf8aad4cb55a5002d77ecb890ece";

/// §4 `encrypted_extensions.message` (44 bytes).
pub const ENCRYPTED_EXTENSIONS: &str = concat!(
    "080000280026000a00140012001d00170018001901000101010201030104001c0002400100000000",
    "002a0000",
);

/// §4 `server_finished.message` (36 bytes).
pub const SERVER_FINISHED: &str =
    "1400002048d3e0e1b3d907c6acff145e16090388c77b05c050b634ab1a88bbd0dd1a34b2";

/// §4 `server_flight_record.complete_record` (102 bytes).
pub const SERVER_FLIGHT_RECORD: &str = concat!(
    "1703030061dc48237b4b879f50d0d4d262ea8b4716eb40ddc1eb957e11126e8a7149c2d012d37a71",
    "15957e64ce30008b9e0323f2c05a9c1c77b4f37849a695ab255060a33fee770ca95cb8486bfd0843",
    "b87024865ca35cc41c4e515c64dcb1369f98635bc7a5",
);

/// §4 `c_ap_traffic.hash` (32 bytes).
pub const SERVER_FINISHED_HASH: &str =
    "b0aeffc46a2cfe33114e6fd7d51f9f04b1ca3c497dab08934a774a9d9ad7dbf3";

/// §4 `c_ap_traffic.expanded` (32 bytes).
pub const CLIENT_APPLICATION_TRAFFIC_SECRET: &str =
    "2abbf2b8e381d23dbebe1dd2a7d16a8bf484cb4950d23fb7fb7fa8547062d9a1";

/// §4 `s_ap_traffic.expanded` (32 bytes).
pub const SERVER_APPLICATION_TRAFFIC_SECRET: &str =
    "cc21f1bf8feb7dd5fa505bd9c4b468a9984d554a993dc49e6d285598fb672691";

/// §4 `exp_master.expanded` (32 bytes).
pub const EXPORTER_MASTER_SECRET: &str =
    "3fd93d4ffddc98e64b14dd107aedf8ee4add23f4510f58a4592d0b201bee56b4";

/// §4 `end_of_early_data.message` (4 bytes).
pub const END_OF_EARLY_DATA: &str = "05000000";

/// §4 `end_of_early_data_record.complete_record` (26 bytes).
pub const END_OF_EARLY_DATA_RECORD: &str = "1703030015aca6fc944841298df99593725f9bf9754429b12f09";

/// §4 `client_finished.message` (36 bytes).
pub const CLIENT_FINISHED: &str =
    "140000207230a9c952c25cd6138fc5e6628308c41c5335dd81b9f96bcea50fd32bda416d";

/// §4 `client_finished_record.complete_record` (58 bytes).
pub const CLIENT_FINISHED_RECORD: &str = concat!(
    "170303003500f8b467d14cf22a4b3f0b6ae0d8e6cc8d08e0db3515ef5c2bdf1922eafbb700099647",
    "16d834fb70c3d2a56c5b1f5f6bdba6c333cf",
);

/// §4 `res_master.hash` (32 bytes).
pub const CLIENT_FINISHED_HASH: &str =
    "c3c122e0bd907a4a3ff6112d8fd53dbf89c773d9552e8b6b9d56d361b3a97bf6";

/// §4 `res_master.expanded` (32 bytes).
pub const RESUMPTION_MASTER_SECRET: &str =
    "5e95bdf1f89005ea2e9aa0ba85e728e3c19c5fe0c699e3f5bee59faebd0b5406";
