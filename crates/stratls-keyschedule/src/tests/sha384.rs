//! The schedule over SHA-384 (TLS_AES_256_GCM_SHA384), against values computed
//! independently with OpenSSL 3.0's `kdf` and `mac` commands.
//!
//! Inputs: no PSK, the RFC 8448 §3 x25519 shared secret, and the RFC 8448 §3 handshake
//! messages hashed with SHA-384 (`echo -n $CH$SH | xxd -r -p | openssl dgst -sha384`, and so
//! on). The values were produced by this script:
//!
//! ```text
//! D=SHA384; L=48
//! el() { openssl kdf -keylen $4 -kdfopt digest:$D -kdfopt mode:EXPAND_ONLY -kdfopt hexkey:$1 \
//!          -kdfopt prefix:"tls13 " -kdfopt label:"$2" -kdfopt hexdata:$3 TLS13-KDF; }
//! ex() { openssl kdf -keylen $L -kdfopt digest:$D -kdfopt mode:EXTRACT_ONLY \
//!          -kdfopt hexsalt:$1 -kdfopt hexkey:$2 HKDF; }
//! Z=<48 zero bytes>; E=<SHA-384 of the empty string>
//! early=$(ex $Z $Z); hs=$(ex $(el $early derived $E $L) $DH)
//! chs=$(el $hs "c hs traffic" $HH $L); shs=$(el $hs "s hs traffic" $HH $L)
//! el $shs key "" 32; el $shs iv "" 12; sfk=$(el $shs finished "" $L)
//! echo -n $HCV | xxd -r -p | openssl mac -digest SHA384 -macopt hexkey:$sfk HMAC
//! ms=$(ex $(el $hs derived $E $L) $Z)
//! cap=$(el $ms "c ap traffic" $HSF $L); sap=...; exp=$(el $ms "exp master" $HSF $L)
//! res=$(el $ms "res master" $HCF $L); el $res resumption 0000 $L
//! cap1=$(el $cap "traffic upd" "" $L); el $cap1 key "" 32; el $cap1 iv "" 12
//! el $(el $exp EXPORTER-stratls-test $E $L) exporter $(printf context | openssl dgst -sha384 -r) 32
//! ```

use stratls_crypto::Tls13CipherSuite;

use super::util::{assert_hex, check_keys, h, hash, secret};
use crate::error::Error;
use crate::tls13::EarlySecret;

static AES256_SHA384: &Tls13CipherSuite = &stratls_rustcrypto::TLS13_AES_256_GCM_SHA384;

/// RFC 8448 §3 ecdhe_shared_secret.
const DH: &str = "8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d";
/// SHA-384(ClientHello, ServerHello) of RFC 8448 §3.
const HH: &str = concat!(
    "53585189fd526863cc1afbe3eecb2ba95ac94ba13e94d416",
    "03ce79f074ee1c0ae3879807076c5273a1a880d310208c54"
);
/// SHA-384(ClientHello...CertificateVerify).
const HCV: &str = concat!(
    "96cbc7d8d92c5d0ae5b83cbbc6cd6bc42dea196d714b37eb",
    "259fd1d82207e9baba6ad0f9f30dd340c230bfacd4cecacd"
);
/// SHA-384(ClientHello...server Finished).
const HSF: &str = concat!(
    "314d0b33fd340a44bc9dedb17165e28106d58a8d5a3c3a94",
    "0d1328f3ca7089ecbbcbf06f718f6a41c9b5d8b7fca3b7a4"
);
/// SHA-384(ClientHello...client Finished).
const HCF: &str = concat!(
    "cf3c5d2aed47704e3eec0776636f226c2270448027d0ea08",
    "b779434cbf74a66d4fec05ee7c61a376252e6a00cebe3baf"
);

#[test]
fn sha384_schedule() -> Result<(), Error> {
    let early = EarlySecret::new(AES256_SHA384, None)?;
    assert_hex(
        early.test_bytes(),
        concat!(
            "7ee8206f5570023e6dc7519eb1073bc4e791ad37b5c382aa",
            "10ba18e2357e716971f9362f2c2fe2a76bfd78dfec4ea9b5"
        ),
        "early",
    );
    let hs = early.into_handshake_secret(Some(&secret(DH)))?;
    assert_hex(
        hs.test_bytes(),
        concat!(
            "984e65f4ea6ac0dece14762ac3752b71867a045c60d3fe78",
            "08b31949d2ce27d3142e6da6d92a68437f77c26509ce0b2b"
        ),
        "hs",
    );
    let chs = hs.client_handshake_traffic_secret(&hash(HH))?;
    let shs = hs.server_handshake_traffic_secret(&hash(HH))?;
    assert_hex(
        chs.as_secret().as_bytes(),
        concat!(
            "29577dc122959b0e087c1eedb7a81bf2bf2cafb97c8bccc0",
            "6536230567a8d85e734a0fb1da5926e4d83a58989fdab7c6"
        ),
        "chs",
    );
    assert_hex(
        shs.as_secret().as_bytes(),
        concat!(
            "25351eb01a5c05cb096c6810d72fedf4735d48c878ee62ed",
            "44187b3fb6b57feba5c7f3b2fb622c28acb964ac70dba494"
        ),
        "shs",
    );
    check_keys(
        &shs,
        "116a31a195f8551eebb463ca280d9282ad25156966d01c742c17a822a2950e16",
        "040a4d7734ac0a8ccc445e2d",
        "server handshake",
    )?;
    let sfk = shs.finished_key()?;
    assert_hex(
        sfk.test_bytes(),
        concat!(
            "e34bf12a86de504fd9d03c159098947d1e551edd788bb717",
            "96319df2b5698418b4b777626e44c407d889907ad69ee330"
        ),
        "server finished key",
    );
    let verify_data = concat!(
        "4cd47099f9afff78486eb4073de97800d5f1f31482c6565d",
        "f90eed2ea7661a35bd6e4d1640477fc643197aa7ba3bf5c3"
    );
    assert_hex(sfk.sign(&hash(HCV))?.as_bytes(), verify_data, "verify_data");
    shs.verify_finished(&hash(HCV), &h(verify_data))?;
    // A SHA-256-sized hash is refused by a SHA-384 schedule.
    let short = hash("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_eq!(
        sfk.sign(&short).err(),
        Some(Error::HashLength {
            expected: 48,
            actual: 32
        })
    );

    let ms = hs.into_master_secret()?;
    assert_hex(
        ms.test_bytes(),
        concat!(
            "2915f95014de3957dad1c2764430fa490ffbe027a09be69e",
            "4da30a27969b40081308dbd17cb65a35332215cfc8cf4a2f"
        ),
        "master",
    );
    let cap = ms.client_application_traffic_secret(&hash(HSF))?;
    let sap = ms.server_application_traffic_secret(&hash(HSF))?;
    let exp = ms.exporter_master_secret(&hash(HSF))?;
    let res = ms.resumption_master_secret(&hash(HCF))?;
    assert_hex(
        cap.as_secret().as_bytes(),
        concat!(
            "bbafec3b0ca7533f456f73d389ef910ec44f2c6fa5dc2e11",
            "2a4414b6752a1d00ddf6d0ce9b6dd4b111e191562ed967be"
        ),
        "cap",
    );
    assert_hex(
        sap.as_secret().as_bytes(),
        concat!(
            "9aabfb28a3106d6af28555d12ee08fb6b233680580a2a2b7",
            "df5cce8742aeba5f8cc14daf944fa21ab06a713deaf829a7"
        ),
        "sap",
    );
    assert_hex(
        exp.as_secret().as_bytes(),
        concat!(
            "b496a8cef4fbd4a75ad8209682639a7278810704c35f3457",
            "c6775104d3ca14eb74045acf4d9a30446e4f164a7cf3d42c"
        ),
        "exp master",
    );
    assert_hex(
        res.test_bytes(),
        concat!(
            "39419dc4397778d9772a6a75429fdc3fc3f12b28ddda960f",
            "d2e717d0c1a710e97dd9ccc5437cd864ff8b4f9e3d66ae6d"
        ),
        "res master",
    );
    assert_hex(
        res.psk(&h("0000"))?.as_bytes(),
        concat!(
            "ee0fd829f303cf7180302cc56abe478bfc192965876425cc",
            "28454ee990c85d06551cd241d1878bbb598aab6d92d91000"
        ),
        "resumption psk",
    );

    // KeyUpdate: the next generation and its keys.
    let cap1 = cap.update()?;
    assert_hex(
        cap1.as_secret().as_bytes(),
        concat!(
            "b0b16e4f620fefa7edc022e6ea7481ef1aa3bf78fa942712",
            "4d72b7a23b67b587c41c7351cfdc0e329f36c4906189c219"
        ),
        "cap1",
    );
    check_keys(
        &cap1,
        "42d50f992c193d66b1d0e419ffeb148cb82703893789c6c71d16223903ba6572",
        "b96cd71d298be0b64099320a",
        "client application 1",
    )?;

    assert_hex(
        exp.export(b"EXPORTER-stratls-test", b"context", 32)?
            .as_bytes(),
        "d67fe7a691e15607980ab9c1eec114ae95078c93cdefb0f248bd0891079efc8e",
        "export",
    );
    Ok(())
}
