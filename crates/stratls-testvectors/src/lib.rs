//! Known-answer values of RFC 8448 ("Example Handshake Traces for TLS 1.3"), shared by the
//! tests of every stratls crate that checks itself against them.
//!
//! Each constant is copied from the RFC's text, as machine-extracted and verified in the
//! project's vector files (`rfc8448-simple-1rtt.txt`, `rfc8448-resumed-0rtt.txt`,
//! `rfc8448-hello-retry-request.txt`); its doc names the file's key. Values are lowercase hex
//! strings, to be decoded by the test.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// RFC 8448 §3, §4 and §5.
pub mod rfc8448 {
    /// §3 "Simple 1-RTT Handshake" (TLS_AES_128_GCM_SHA256, x25519): traffic keys, handshake
    /// messages, record payloads and the records on the wire.
    pub mod s3 {
        /// `server_handshake_key` (16 bytes)
        pub const SERVER_HANDSHAKE_KEY: &str = "3fce516009c21727d0f2e4e86ee403bc";

        /// `server_handshake_iv` (12 bytes)
        pub const SERVER_HANDSHAKE_IV: &str = "5d313eb2671276ee13000b30";

        /// `client_handshake_key` (16 bytes)
        pub const CLIENT_HANDSHAKE_KEY: &str = "dbfaa693d1762c5b666af5d950258d01";

        /// `client_handshake_iv` (12 bytes)
        pub const CLIENT_HANDSHAKE_IV: &str = "5bd3c71b836e0b76bb73265f";

        /// `server_application_key` (16 bytes)
        pub const SERVER_APPLICATION_KEY: &str = "9f02283b6c9c07efc26bb9f2ac92e356";

        /// `server_application_iv` (12 bytes)
        pub const SERVER_APPLICATION_IV: &str = "cf782b88dd83549aadf1e984";

        /// `client_application_key` (16 bytes)
        pub const CLIENT_APPLICATION_KEY: &str = "17422dda596ed5d9acd890e3c63f5051";

        /// `client_application_iv` (12 bytes)
        pub const CLIENT_APPLICATION_IV: &str = "5b78923dee08579033e523d9";

        /// `client_hello_record.complete_record` (201 bytes)
        pub const CLIENT_HELLO_RECORD: &str = concat!(
            "16030100c4010000c00303cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef628302",
            "4dece7000006130113031302010000910000000b0009000006736572766572ff01000100000a0014",
            "0012001d0017001800190100010101020103010400230000003300260024001d002099381de560e4",
            "bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c002b0003020304000d0020001e04",
            "0305030603020308040805080604010501060102010402050206020202002d00020101001c000240",
            "01",
        );

        /// `client_hello.message` (196 bytes)
        pub const CLIENT_HELLO: &str = concat!(
            "010000c00303cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece70000",
            "06130113031302010000910000000b0009000006736572766572ff01000100000a00140012001d00",
            "17001800190100010101020103010400230000003300260024001d002099381de560e4bd43d23d8e",
            "435a7dbafeb3c06e51c13cae4d5413691e529aaf2c002b0003020304000d0020001e040305030603",
            "020308040805080604010501060102010402050206020202002d00020101001c00024001",
        );

        /// `server_hello_record.complete_record` (95 bytes)
        pub const SERVER_HELLO_RECORD: &str = concat!(
            "160303005a020000560303a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3",
            "e2692800130100002e00330024001d0020c9828876112095fe66762bdbf7c672e156d6cc253b833d",
            "f1dd69b1b04e751f0f002b00020304",
        );

        /// `server_hello_record.payload` (90 bytes)
        pub const SERVER_HELLO: &str = concat!(
            "020000560303a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e269280013",
            "0100002e00330024001d0020c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b0",
            "4e751f0f002b00020304",
        );

        /// `encrypted_extensions.message` (40 bytes)
        pub const ENCRYPTED_EXTENSIONS: &str =
            "080000240022000a00140012001d00170018001901000101010201030104001c0002400100000000";

        /// `server_certificate.message` (445 bytes)
        pub const SERVER_CERTIFICATE: &str = concat!(
            "0b0001b9000001b50001b0308201ac30820115a003020102020102300d06092a864886f70d01010b",
            "0500300e310c300a06035504031303727361301e170d3136303733303031323335395a170d323630",
            "3733303031323335395a300e310c300a0603550403130372736130819f300d06092a864886f70d01",
            "0101050003818d0030818902818100b4bb498f8279303d980836399b36c6988c0c68de55e1bdb826",
            "d3901a2461eafd2de49a91d015abbc9a95137ace6c1af19eaa6af98c7ced43120998e187a80ee0cc",
            "b0524b1b018c3e0b63264d449a6d38e22a5fda430846748030530ef0461c8ca9d9efbfae8ea6d1d0",
            "3e2bd193eff0ab9a8002c47428a6d35a8d88d79f7f1e3f0203010001a31a301830090603551d1304",
            "023000300b0603551d0f0404030205a0300d06092a864886f70d01010b05000381810085aad2a0e5",
            "b9276b908c65f73a7267170618a54c5f8a7b337d2df7a594365417f2eae8f8a58c8f8172f9319cf3",
            "6b7fd6c55b80f21a03015156726096fd335e5e67f2dbf102702e608ccae6bec1fc63a42a99be5c3e",
            "b7107c3c54e9b9eb2bd5203b1c3b84e0a8b2f759409ba3eac9d91d402dcc0cc8f8961229ac9187b4",
            "2b4de10000",
        );

        /// `server_certificate_verify.message` (136 bytes)
        pub const SERVER_CERTIFICATE_VERIFY: &str = concat!(
            "0f000084080400805a747c5d88fa9bd2e55ab085a61015b7211f824cd484145ab3ff52f1fda8477b",
            "0b7abc90db78e2d33a5c141a078653fa6bef780c5ea248eeaaa785c4f394cab6d30bbe8d4859ee51",
            "1f602957b15411ac027671459e46445c9ea58c181e818e95b8c3fb0bf3278409d3be152a3da5043e",
            "063dda65cdf5aea20d53dfacd42f74f3",
        );

        /// `server_finished.message` (36 bytes)
        pub const SERVER_FINISHED: &str =
            "140000209b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718";

        /// `server_flight_record.payload` (657 bytes)
        pub const SERVER_FLIGHT_PAYLOAD: &str = concat!(
            "080000240022000a00140012001d00170018001901000101010201030104001c0002400100000000",
            "0b0001b9000001b50001b0308201ac30820115a003020102020102300d06092a864886f70d01010b",
            "0500300e310c300a06035504031303727361301e170d3136303733303031323335395a170d323630",
            "3733303031323335395a300e310c300a0603550403130372736130819f300d06092a864886f70d01",
            "0101050003818d0030818902818100b4bb498f8279303d980836399b36c6988c0c68de55e1bdb826",
            "d3901a2461eafd2de49a91d015abbc9a95137ace6c1af19eaa6af98c7ced43120998e187a80ee0cc",
            "b0524b1b018c3e0b63264d449a6d38e22a5fda430846748030530ef0461c8ca9d9efbfae8ea6d1d0",
            "3e2bd193eff0ab9a8002c47428a6d35a8d88d79f7f1e3f0203010001a31a301830090603551d1304",
            "023000300b0603551d0f0404030205a0300d06092a864886f70d01010b05000381810085aad2a0e5",
            "b9276b908c65f73a7267170618a54c5f8a7b337d2df7a594365417f2eae8f8a58c8f8172f9319cf3",
            "6b7fd6c55b80f21a03015156726096fd335e5e67f2dbf102702e608ccae6bec1fc63a42a99be5c3e",
            "b7107c3c54e9b9eb2bd5203b1c3b84e0a8b2f759409ba3eac9d91d402dcc0cc8f8961229ac9187b4",
            "2b4de100000f000084080400805a747c5d88fa9bd2e55ab085a61015b7211f824cd484145ab3ff52",
            "f1fda8477b0b7abc90db78e2d33a5c141a078653fa6bef780c5ea248eeaaa785c4f394cab6d30bbe",
            "8d4859ee511f602957b15411ac027671459e46445c9ea58c181e818e95b8c3fb0bf3278409d3be15",
            "2a3da5043e063dda65cdf5aea20d53dfacd42f74f3140000209b9b141d906337fbd2cbdce71df4de",
            "da4ab42c309572cb7fffee5454b78f0718",
        );

        /// `server_flight_record.complete_record` (679 bytes)
        pub const SERVER_FLIGHT_RECORD: &str = concat!(
            "17030302a2d1ff334a56f5bff6594a07cc87b580233f500f45e489e7f33af35edf7869fcf40aa40a",
            "a2b8ea73f848a7ca07612ef9f945cb960b4068905123ea78b111b429ba9191cd05d2a389280f5261",
            "34aadc7fc78c4b729df828b5ecf7b13bd9aefb0e57f271585b8ea9bb355c7c79020716cfb9b1183e",
            "f3ab20e37d57a6b9d7477609aee6e122a4cf51427325250c7d0e509289444c9b3a648f1d71035d2e",
            "d65b0e3cdd0cbae8bf2d0b227812cbb360987255cc744110c453baa4fcd610928d809810e4b7ed1a",
            "8fd991f06aa6248204797e36a6a73b70a2559c09ead686945ba246ab66e5edd8044b4c6de3fcf2a8",
            "9441ac66272fd8fb330ef8190579b3684596c960bd596eea520a56a8d650f563aad27409960dca63",
            "d3e688611ea5e22f4415cf9538d51a200c27034272968a264ed6540c84838d89f72c24461aad6d26",
            "f59ecaba9acbbb317b66d902f4f292a36ac1b639c637ce343117b659622245317b49eeda0c6258f1",
            "00d7d961ffb138647e92ea330faeea6dfa31c7a84dc3bd7e1b7a6c7178af36879018e3f252107f24",
            "3d243dc7339d5684c8b0378bf30244da8c87c843f5e56eb4c5e8280a2b48052cf93b16499a66db7c",
            "ca71e4599426f7d461e66f99882bd89fc50800becca62d6c74116dbd2972fda1fa80f85df881edbe",
            "5a37668936b335583b599186dc5c6918a396fa48a181d6b6fa4f9d62d513afbb992f2b992f67f8af",
            "e67f76913fa388cb5630c8ca01e0c65d11c66a1e2ac4c85977b7c7a6999bbf10dc35ae69f5515614",
            "636c0b9b68c19ed2e31c0b3b66763038ebba42f3b38edc0399f3a9f23faa63978c317fc9fa66a73f",
            "60f0504de93b5b845e275592c12335ee340bbc4fddd502784016e4b3be7ef04dda49f4b440a30cb5",
            "d2af939828fd4ae3794e44f94df5a631ede42c1719bfdabf0253fe5175be898e750edc53370d2b",
        );

        /// `client_finished_record.payload` (36 bytes)
        pub const CLIENT_FINISHED_PAYLOAD: &str =
            "14000020a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61";

        /// `client_finished_record.complete_record` (58 bytes)
        pub const CLIENT_FINISHED_RECORD: &str = concat!(
            "170303003575ec4dc238cce60b298044a71e219c56cc77b0517fe9b93c7a4bfc44d87f38f80338ac",
            "98fc46deb384bd1caeacab6867d726c40546",
        );

        /// `new_session_ticket_record.payload` (205 bytes)
        pub const NEW_SESSION_TICKET_PAYLOAD: &str = concat!(
            "040000c90000001efad6aac502000000b22c035d829359ee5ff7af4ec900000000262a6494dc486d",
            "2c8a34cb33fa90bf1b0070ad3c498883c9367c09a2be785abc55cd226097a3a982117283f82a03a1",
            "43efd3ff5dd36d64e861be7fd61d2827db279cce145077d454a3664d4e6da4d29ee03725a6a4dafc",
            "d0fc67d2aea70529513e3da2677fa5906c5b3f7d8f92f228bda40dda721470f9fbf297b5aea61764",
            "6fac5c03272e970727c621a79141ef5f7de6505e5bfbc388e93343694093934ae4d3570008002a00",
            "0400000400",
        );

        /// `new_session_ticket_record.complete_record` (227 bytes)
        pub const NEW_SESSION_TICKET_RECORD: &str = concat!(
            "17030300de3a6b8f90414a97d6959c3487680de5134a2b240e6cffac116e95d41d6af8f6b580dcf3",
            "d11d63c758db289a015940252f55713e061dc13e078891a38efbcf5753ad8ef170ad3c7353d16d9d",
            "a773b9ca7f2b9fa1b6c0d4a3d03f75e09c30ba1e62972ac46f75f7b981be63439b2999ce13064615",
            "139891d5e4c5b406f16e3fc181a77ca475840025db2f0a77f81b5ab05b94c01346755f69232c8651",
            "9d86cbeeac87aac347d143f9605d64f650db4d023e70e952ca49fe5137121c74bc2697687e248746",
            "d6df353005f3bce18696129c8153556b3b6c6779b37bf15985684f",
        );

        /// `client_app_data_record.payload` (50 bytes)
        pub const CLIENT_APP_DATA_PAYLOAD: &str = concat!(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324252627",
            "28292a2b2c2d2e2f3031",
        );

        /// `client_app_data_record.complete_record` (72 bytes)
        pub const CLIENT_APP_DATA_RECORD: &str = concat!(
            "1703030043a23f7054b62c94d0affafe8228ba55cbefacea42f914aa66bcab3f2b9819a8a5b46b39",
            "5bd54a9a20441e2b62974e1f5a6292a2977014bd1e3deae63aeebb21694915e4",
        );

        /// `server_app_data_record.payload` (50 bytes)
        pub const SERVER_APP_DATA_PAYLOAD: &str = concat!(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324252627",
            "28292a2b2c2d2e2f3031",
        );

        /// `server_app_data_record.complete_record` (72 bytes)
        pub const SERVER_APP_DATA_RECORD: &str = concat!(
            "17030300432e937e11ef4ac740e538ad36005fc4a46932fc3225d05f82aa1b36e30efaf97d90e6df",
            "fc602dcb501a59a8fcc49c4bf2e5f0a21c0047c2abf332540dd032e167c2955d",
        );

        /// `client_alert_record.payload` (2 bytes)
        pub const CLIENT_ALERT_PAYLOAD: &str = "0100";

        /// `client_alert_record.complete_record` (24 bytes)
        pub const CLIENT_ALERT_RECORD: &str = "1703030013c9872760655666b74d7ff1153efd6db6d0b0e3";

        /// `server_alert_record.payload` (2 bytes)
        pub const SERVER_ALERT_PAYLOAD: &str = "0100";

        /// `server_alert_record.complete_record` (24 bytes)
        pub const SERVER_ALERT_RECORD: &str = "1703030013b58fd67166ebf599d24720cfbe7efa7a8864a9";

        /// `rfc8448-simple-1rtt.txt`: `res_master.expanded` (32 bytes).
        pub const RESUMPTION_MASTER_SECRET: &str =
            "7df235f2031d2a051287d02b0241b0bfdaf86cc856231f2d5aba46c434ec196c";

        /// `rfc8448-simple-1rtt.txt`: `resumption_psk.hash` (2 bytes).
        pub const TICKET_NONCE: &str = "0000";

        /// `rfc8448-simple-1rtt.txt`: `new_session_ticket.message` (205 bytes).
        pub const NEW_SESSION_TICKET: &str = concat!(
            "040000c90000001efad6aac502000000b22c035d829359ee5ff7af4ec900000000262a6494dc486d",
            "2c8a34cb33fa90bf1b0070ad3c498883c9367c09a2be785abc55cd226097a3a982117283f82a03a1",
            "43efd3ff5dd36d64e861be7fd61d2827db279cce145077d454a3664d4e6da4d29ee03725a6a4dafc",
            "d0fc67d2aea70529513e3da2677fa5906c5b3f7d8f92f228bda40dda721470f9fbf297b5aea61764",
            "6fac5c03272e970727c621a79141ef5f7de6505e5bfbc388e93343694093934ae4d3570008002a00",
            "0400000400",
        );
    }

    /// §4 "Resumed 0-RTT Handshake": the messages that differ from §3.
    pub mod s4 {
        /// `rfc8448-resumed-0rtt.txt`: `client_hello_record.payload` (512 bytes).
        pub const CLIENT_HELLO: &str = concat!(
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
            "5c03272e970727c621a79141ef5f7de6505e5bfbc388e93343694093934ae4d357fad6aacb002120",
            "3add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d",
        );

        /// `rfc8448-resumed-0rtt.txt`: `psk_binder.clienthello_prefix` (477 bytes).
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

        /// `rfc8448-resumed-0rtt.txt`: `psk_binder.finished` (32 bytes).
        pub const PSK_BINDER: &str =
            "3add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d";

        /// `rfc8448-resumed-0rtt.txt`: `server_hello.message` (96 bytes).
        pub const SERVER_HELLO: &str = concat!(
            "0200005c03033ccfd2dec890222763472ae8136777c9d7358777bb66e91ea5122495f559ea2d0013",
            "0100003400290002000000330024001d0020121761ee42c333e1b9e77b60dd57c2053cd94512ab47",
            "f115e86eff50942cea31002b00020304",
        );

        /// `rfc8448-resumed-0rtt.txt`: `encrypted_extensions.message` (44 bytes).
        pub const ENCRYPTED_EXTENSIONS: &str = concat!(
            "080000280026000a00140012001d00170018001901000101010201030104001c0002400100000000",
            "002a0000",
        );

        /// `rfc8448-resumed-0rtt.txt`: `end_of_early_data.message` (4 bytes).
        pub const END_OF_EARLY_DATA: &str = "05000000";

        /// `rfc8448-resumed-0rtt.txt`: `client_hello_record.complete_record` (517 bytes).
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

        /// `rfc8448-resumed-0rtt.txt`: `early_secret.ikm` (32 bytes).
        pub const PSK: &str = "4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3";

        /// `rfc8448-resumed-0rtt.txt`: `early_secret.secret` (32 bytes).
        pub const EARLY_SECRET: &str =
            "9b2188e9b2fc6d64d71dc329900e20bb41915000f678aa839cbb797cb7d8332c";

        /// `rfc8448-resumed-0rtt.txt`: `psk_binder.prk` (32 bytes).
        pub const BINDER_KEY: &str =
            "69fe131a3bbad5d63c64eebcc30e395b9d8107726a13d074e389dbc8a4e47256";

        /// `rfc8448-resumed-0rtt.txt`: `psk_binder.binder_hash` (32 bytes).
        pub const BINDER_HASH: &str =
            "63224b2e4573f2d3454ca84b9d009a04f6be9e05711a8396473aefa01e924a14";

        /// `rfc8448-resumed-0rtt.txt`: `c_e_traffic.hash` (32 bytes).
        pub const CLIENT_HELLO_HASH: &str =
            "08ad0fa05d7c7233b1775ba2ff9f4c5b8b59276b7f227f13a976245f5d960913";

        /// `rfc8448-resumed-0rtt.txt`: `c_e_traffic.expanded` (32 bytes).
        pub const CLIENT_EARLY_TRAFFIC_SECRET: &str =
            "3fbbe6a60deb66c30a32795aba0eff7eaa10105586e7be5c09678d63b6caab62";

        /// `rfc8448-resumed-0rtt.txt`: `e_exp_master.expanded` (32 bytes).
        pub const EARLY_EXPORTER_MASTER_SECRET: &str =
            "b2026866610937d7423e5be90862ccf24c0e6091186d34f812089ff5be2ef7df";

        /// `rfc8448-resumed-0rtt.txt`: `client_early_write_keys.key_expanded` (16 bytes).
        pub const CLIENT_EARLY_KEY: &str = "920205a5b7bf2115e6fc5c2942834f54";

        /// `rfc8448-resumed-0rtt.txt`: `client_early_write_keys.iv_expanded` (12 bytes).
        pub const CLIENT_EARLY_IV: &str = "6d475f0993c8e564610db2b9";

        /// `rfc8448-resumed-0rtt.txt`: `client_early_data_record.payload` (6 bytes).
        pub const EARLY_DATA: &str = "414243444546";

        /// `rfc8448-resumed-0rtt.txt`: `client_early_data_record.complete_record` (28 bytes).
        pub const EARLY_DATA_RECORD: &str =
            "1703030017ab1df420e75c457a7cc5d2844f76d5aee4b4edbf049be0";

        /// `rfc8448-resumed-0rtt.txt`: `server_x25519.private_key` (32 bytes).
        pub const SERVER_X25519_PRIVATE_KEY: &str =
            "de5b4476e7b490b2652d338acbf2948066f255f9440e23b98fc69835298dc107";

        /// `rfc8448-resumed-0rtt.txt`: `server_x25519.public_key` (32 bytes).
        pub const SERVER_X25519_PUBLIC_KEY: &str =
            "121761ee42c333e1b9e77b60dd57c2053cd94512ab47f115e86eff50942cea31";

        /// `rfc8448-resumed-0rtt.txt`: `server_random` (32 bytes).
        pub const SERVER_RANDOM: &str =
            "3ccfd2dec890222763472ae8136777c9d7358777bb66e91ea5122495f559ea2d";

        /// `rfc8448-resumed-0rtt.txt`: `server_hello_record.complete_record` (101 bytes).
        pub const SERVER_HELLO_RECORD: &str = concat!(
            "16030300600200005c03033ccfd2dec890222763472ae8136777c9d7358777bb66e91ea5122495f5",
            "59ea2d00130100003400290002000000330024001d0020121761ee42c333e1b9e77b60dd57c2053c",
            "d94512ab47f115e86eff50942cea31002b00020304",
        );

        /// `rfc8448-resumed-0rtt.txt`: `handshake_secret.ikm` (32 bytes).
        pub const ECDHE_SHARED_SECRET: &str =
            "f44194756ff9ec9d25180635d66ea6824c6ab3bf179977be37f723570e7ccb2e";

        /// `rfc8448-resumed-0rtt.txt`: `handshake_secret.secret` (32 bytes).
        pub const HANDSHAKE_SECRET: &str =
            "005cb112fd8eb4ccc623bb88a07c64b3ede1605363fc7d0df8c7ce4ff0fb4ae6";

        /// `rfc8448-resumed-0rtt.txt`: `c_hs_traffic.hash` (32 bytes).
        pub const SERVER_HELLO_HASH: &str =
            "f736cb34fe25e701551bee6fd24c1cc7102a7daf9405cb15d97aafe16f757d03";

        /// `rfc8448-resumed-0rtt.txt`: `c_hs_traffic.expanded` (32 bytes).
        pub const CLIENT_HANDSHAKE_TRAFFIC_SECRET: &str =
            "2faac08f851d35fea3604fcb4de82dc62c9b164a70974d0462e27f1ab278700f";

        /// `rfc8448-resumed-0rtt.txt`: `s_hs_traffic.expanded` (32 bytes).
        pub const SERVER_HANDSHAKE_TRAFFIC_SECRET: &str =
            "fe927ae271312e8bf0275b581c54eef020450dc4ecffaa05a1a35d27518e7803";

        /// `rfc8448-resumed-0rtt.txt`: `master_secret.secret` (32 bytes).
        pub const MASTER_SECRET: &str =
            "e2d32d4ed66dd37897a0e80c84107503ce58bf8aad4cb55a5002d77ecb890ece";

        /// `rfc8448-resumed-0rtt.txt`: `server_finished.message` (36 bytes).
        pub const SERVER_FINISHED: &str =
            "1400002048d3e0e1b3d907c6acff145e16090388c77b05c050b634ab1a88bbd0dd1a34b2";

        /// `rfc8448-resumed-0rtt.txt`: `server_flight_record.complete_record` (102 bytes).
        pub const SERVER_FLIGHT_RECORD: &str = concat!(
            "1703030061dc48237b4b879f50d0d4d262ea8b4716eb40ddc1eb957e11126e8a7149c2d012d37a71",
            "15957e64ce30008b9e0323f2c05a9c1c77b4f37849a695ab255060a33fee770ca95cb8486bfd0843",
            "b87024865ca35cc41c4e515c64dcb1369f98635bc7a5",
        );

        /// `rfc8448-resumed-0rtt.txt`: `c_ap_traffic.hash` (32 bytes).
        pub const SERVER_FINISHED_HASH: &str =
            "b0aeffc46a2cfe33114e6fd7d51f9f04b1ca3c497dab08934a774a9d9ad7dbf3";

        /// `rfc8448-resumed-0rtt.txt`: `c_ap_traffic.expanded` (32 bytes).
        pub const CLIENT_APPLICATION_TRAFFIC_SECRET: &str =
            "2abbf2b8e381d23dbebe1dd2a7d16a8bf484cb4950d23fb7fb7fa8547062d9a1";

        /// `rfc8448-resumed-0rtt.txt`: `s_ap_traffic.expanded` (32 bytes).
        pub const SERVER_APPLICATION_TRAFFIC_SECRET: &str =
            "cc21f1bf8feb7dd5fa505bd9c4b468a9984d554a993dc49e6d285598fb672691";

        /// `rfc8448-resumed-0rtt.txt`: `exp_master.expanded` (32 bytes).
        pub const EXPORTER_MASTER_SECRET: &str =
            "3fd93d4ffddc98e64b14dd107aedf8ee4add23f4510f58a4592d0b201bee56b4";

        /// `rfc8448-resumed-0rtt.txt`: `end_of_early_data_record.complete_record` (26 bytes).
        pub const END_OF_EARLY_DATA_RECORD: &str =
            "1703030015aca6fc944841298df99593725f9bf9754429b12f09";

        /// `rfc8448-resumed-0rtt.txt`: `client_finished.message` (36 bytes).
        pub const CLIENT_FINISHED: &str =
            "140000207230a9c952c25cd6138fc5e6628308c41c5335dd81b9f96bcea50fd32bda416d";

        /// `rfc8448-resumed-0rtt.txt`: `client_finished_record.complete_record` (58 bytes).
        pub const CLIENT_FINISHED_RECORD: &str = concat!(
            "170303003500f8b467d14cf22a4b3f0b6ae0d8e6cc8d08e0db3515ef5c2bdf1922eafbb700099647",
            "16d834fb70c3d2a56c5b1f5f6bdba6c333cf",
        );

        /// `rfc8448-resumed-0rtt.txt`: `res_master.hash` (32 bytes).
        pub const CLIENT_FINISHED_HASH: &str =
            "c3c122e0bd907a4a3ff6112d8fd53dbf89c773d9552e8b6b9d56d361b3a97bf6";

        /// `rfc8448-resumed-0rtt.txt`: `res_master.expanded` (32 bytes).
        pub const RESUMPTION_MASTER_SECRET: &str =
            "5e95bdf1f89005ea2e9aa0ba85e728e3c19c5fe0c699e3f5bee59faebd0b5406";
    }

    /// §5 "HelloRetryRequest" (the client offers x25519, the server wants secp256r1).
    pub mod s5 {
        /// `rfc8448-hello-retry-request.txt`: `client_hello_record.payload` (180 bytes).
        pub const CLIENT_HELLO_1: &str = concat!(
            "010000b00303b0b1c5a5aa37c5919f2ed1d5c6fff7fcb7849716945a2b8cee9258a346677b6f0000",
            "06130113031302010000810000000b0009000006736572766572ff01000100000a00080006001d00",
            "170018003300260024001d0020e8e8e3f3b93a25ed97a14a7dcacb8a272c6288e585c6484d05262f",
            "cad062ad1f002b0003020304000d0020001e04030503060302030804080508060401050106010201",
            "0402050206020202002d00020101001c00024001",
        );

        /// `rfc8448-hello-retry-request.txt`: `hello_retry_request.message` (176 bytes).
        pub const HELLO_RETRY_REQUEST: &str = concat!(
            "020000ac0303cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c0013",
            "01000084003300020017002c0074007271dcd04bb88bc3189119398a00000000eefafc76c146b823",
            "b096f8aacad365dd0030953f4edf625636e5f21bb2e23fcc654b1b5b40318d10d137abcbb87574e3",
            "6e8a1f025f7dfa5d6e50781b5eda4aa15b0c8be778257d16aa3030e9e7841dd9e4c0342267e8ca0c",
            "af571fb2b7cff0f934b0002b00020304",
        );

        /// `rfc8448-hello-retry-request.txt`: `client_hello_2.message` (512 bytes).
        pub const CLIENT_HELLO_2: &str = concat!(
            "010001fc0303b0b1c5a5aa37c5919f2ed1d5c6fff7fcb7849716945a2b8cee9258a346677b6f0000",
            "06130113031302010001cd0000000b0009000006736572766572ff01000100000a00080006001d00",
            "1700180033004700450017004104a6da7392ec591e17abfd535964b99894d13befb221b3def2ebe3",
            "830eac8f0151812677c4d6d2237e85cf01d6910cfb83954e76ba7352830534159897e8065780002b",
            "0003020304000d0020001e0403050306030203080408050806040105010601020104020502060202",
            "02002c0074007271dcd04bb88bc3189119398a00000000eefafc76c146b823b096f8aacad365dd00",
            "30953f4edf625636e5f21bb2e23fcc654b1b5b40318d10d137abcbb87574e36e8a1f025f7dfa5d6e",
            "50781b5eda4aa15b0c8be778257d16aa3030e9e7841dd9e4c0342267e8ca0caf571fb2b7cff0f934",
            "b0002d00020101001c00024001001500af0000000000000000000000000000000000000000000000",
            "00000000000000000000000000000000000000000000000000000000000000000000000000000000",
            "00000000000000000000000000000000000000000000000000000000000000000000000000000000",
            "00000000000000000000000000000000000000000000000000000000000000000000000000000000",
            "0000000000000000000000000000000000000000000000000000000000000000",
        );

        /// `rfc8448-hello-retry-request.txt`: `server_hello.message` (123 bytes).
        pub const SERVER_HELLO: &str = concat!(
            "020000770303bb341d847fd789c47c387172dc0c9bf147fccacb5043d86ca4c598d3ff571b980013",
            "0100004f003300450017004104583e054b7a66672ae020ad9d2686fcc85b5ad41a134a0f03ee72b8",
            "93052bd85b4c8de6776f5b04ac07d83540eab3e3d9c547bc6528c4317d294686093a6cad7d002b00",
            "020304",
        );

        /// `rfc8448-hello-retry-request.txt`: `encrypted_extensions.message` (28 bytes).
        pub const ENCRYPTED_EXTENSIONS: &str =
            "080000180016000a0008000600170018001d001c0002400100000000";
    }
}
