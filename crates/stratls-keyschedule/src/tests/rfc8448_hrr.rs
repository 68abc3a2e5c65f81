//! RFC 8448 §5, "HelloRetryRequest" (`rfc8448-hello-retry-request.txt` of the shared
//! vectors; the names in comments are the file's keys). The transcript hashes include the
//! `message_hash` construction of RFC 8446 §4.4.1.

use super::util::{Trace, check_trace};
use crate::error::Error;

const TRACE: Trace = Trace {
    psk: None,
    // ecdhe_shared_secret (P-256)
    ecdhe: "c142ce13ca11b5c2233652e63ad3d97844f1621fbfb9de69d547dc8fedeabeb4",
    // early_secret
    early_secret: "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a",
    // c_hs_traffic.hash
    hello_hash: "8aa8e828ec2f8a884fec95a3139de01c15a3daa7ff5bfc3f4bfcc21b438d7bf8",
    // handshake_secret
    handshake_secret: "ce022e5e6e81e50736d773f2d3adfce8220d049bf510f0dbfac927ef4243b148",
    // client_handshake_traffic_secret
    client_handshake_traffic: "158aa7ab8855073582b41d674b4055cabcc534728f659314861b4e08e2011566",
    // server_handshake_traffic_secret
    server_handshake_traffic: "3403e781e2af7b6508da28574f6e95a1abf162de83a97927c37672a4a0cef8a1",
    // master_secret
    master_secret: "1131545d0baf79ddce9b87f06945781a57dd18ef378dcd2060f8f9a569027ed8",
    // c_ap_traffic.hash
    server_finished_hash: "50f63cbf36b0dd049e7a0ba27d6455745ea2aaac54bb167f9950b2b7ce9509da",
    // client_application_traffic_secret_0
    client_application_traffic: "75ecf4b972525aa0dcd057c9944d4cd5d82671d8843141d7dc2a4ff15a21dc51",
    // server_application_traffic_secret_0
    server_application_traffic: "5c74f87df04225db0f8209c9de6429e49435fdefa7cad61864874d12f31cfc8d",
    // exporter_master_secret
    exporter_master: "7c06d3ae106a3a374ace4837b3985cac67780a6e2c5c04b58319d584df09d223",
    // res_master.hash
    client_finished_hash: "0e8b349158b855fdcd0c11dbbc4e83e43caa6e483c6c65df53151888e50165f4",
    // resumption_master_secret
    resumption_master: "09170c6d472721566f9cf99b08699daff561ec8fb22d5a32c3f94ce009b69975",
    keys: [
        // server_handshake_key, server_handshake_iv
        (
            "4646bfac1712c426cd78d8a24a8a6f6b",
            "c7d395c08d62f297d13768ea",
        ),
        // client_handshake_key, client_handshake_iv
        (
            "2f1f918663d590e7421149a29d94b0b6",
            "414d5485235e1a688793bd74",
        ),
        // server_application_key, server_application_iv
        (
            "f27a5d97bd25550c4823b0f3e5d29388",
            "0dd631f7b71cbbc797c35fe7",
        ),
        // client_application_key, client_application_iv
        (
            "a7eb2a0525eb4331d58fcbf9f7ca2e9c",
            "86e8be227c1bd2b3e39cb444",
        ),
    ],
    // server_finished_calc.expanded
    server_finished_key: "e7f8bb3ea4b6c30c4710b3d09c3313658117e70b097e850368e2510ca5631f74",
    // Hash(message_hash...CertificateVerify); not in the file:
    //   H1=$(echo -n $CH1 | xxd -r -p | openssl dgst -sha256 -r | cut -c1-64)
    //   echo -n fe000020$H1$HRR$CH2$SH$EE$CT$CV | xxd -r -p | openssl dgst -sha256
    server_verify_hash: "5614a09dfce10c45e7a58394bd6dabbefaa1d838e7f4b74966fada310ef2e77b",
    // server_finished_verify_data
    server_verify_data: "8863e6bfb0420a927fa27f34336a70ae426e968e3eb884945b96856dba3976d1",
    // client_finished_calc.expanded
    client_finished_key: "81be4131fbb9b6f4471450846f74fd1e68c5224ba7c2a8677f5c53ad226fdc13",
    // c_ap_traffic.hash (message_hash...server Finished)
    client_verify_hash: "50f63cbf36b0dd049e7a0ba27d6455745ea2aaac54bb167f9950b2b7ce9509da",
    // client_finished_verify_data
    client_verify_data: "23f52fdb0709a55bd7f79b991f25484087bcfd4d4380b12326a52a28b2e368e1",
};

#[test]
fn hello_retry_request_schedule() -> Result<(), Error> {
    check_trace(&TRACE)
}
