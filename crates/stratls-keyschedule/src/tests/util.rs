//! Helpers shared by the known-answer tests.

use stratls_crypto::{HashOutput, Secret, Tls13CipherSuite};

use crate::error::Error;
use crate::tls13::{EarlySecret, TrafficSecret};

/// TLS_AES_128_GCM_SHA256, the suite of every RFC 8448 trace.
pub(crate) static AES128_SHA256: &Tls13CipherSuite = &stratls_rustcrypto::TLS13_AES_128_GCM_SHA256;

/// Decodes a hex literal of a test.
pub(crate) fn h(hex: &str) -> Vec<u8> {
    hex::decode(hex).expect("test hex literal")
}

/// A transcript hash from hex.
pub(crate) fn hash(hex: &str) -> HashOutput {
    HashOutput::new(&h(hex))
}

/// A secret from hex.
pub(crate) fn secret(hex: &str) -> Secret {
    Secret::new(h(hex))
}

/// Asserts that `actual` is the bytes of `expected` (hex), naming the value on failure.
#[track_caller]
pub(crate) fn assert_hex(actual: &[u8], expected: &str, what: &str) {
    assert_eq!(hex::encode(actual), expected, "{what}");
}

/// The values of one full TLS 1.3 handshake trace (SHA-256), from the Early Secret to the
/// resumption master secret.
pub(crate) struct Trace {
    pub psk: Option<&'static str>,
    pub ecdhe: &'static str,
    pub early_secret: &'static str,
    /// ClientHello...ServerHello
    pub hello_hash: &'static str,
    pub handshake_secret: &'static str,
    pub client_handshake_traffic: &'static str,
    pub server_handshake_traffic: &'static str,
    pub master_secret: &'static str,
    /// ClientHello...server Finished
    pub server_finished_hash: &'static str,
    pub client_application_traffic: &'static str,
    pub server_application_traffic: &'static str,
    pub exporter_master: &'static str,
    /// ClientHello...client Finished
    pub client_finished_hash: &'static str,
    pub resumption_master: &'static str,
    /// (key, iv) of the server handshake, client handshake, server application and client
    /// application traffic secrets.
    pub keys: [(&'static str, &'static str); 4],
    pub server_finished_key: &'static str,
    /// The transcript hash the server Finished covers.
    pub server_verify_hash: &'static str,
    pub server_verify_data: &'static str,
    pub client_finished_key: &'static str,
    /// The transcript hash the client Finished covers.
    pub client_verify_hash: &'static str,
    pub client_verify_data: &'static str,
}

/// Runs the whole schedule of `t` and checks every value.
pub(crate) fn check_trace(t: &Trace) -> Result<(), Error> {
    let psk = t.psk.map(secret);
    let early = EarlySecret::new(AES128_SHA256, psk.as_ref())?;
    assert_hex(early.test_bytes(), t.early_secret, "early secret");

    let hs = early.into_handshake_secret(Some(&secret(t.ecdhe)))?;
    assert_hex(hs.test_bytes(), t.handshake_secret, "handshake secret");
    let hello = hash(t.hello_hash);
    let chs = hs.client_handshake_traffic_secret(&hello)?;
    let shs = hs.server_handshake_traffic_secret(&hello)?;
    assert_hex(
        chs.as_secret().as_bytes(),
        t.client_handshake_traffic,
        "c hs traffic",
    );
    assert_hex(
        shs.as_secret().as_bytes(),
        t.server_handshake_traffic,
        "s hs traffic",
    );

    let ms = hs.into_master_secret()?;
    assert_hex(ms.test_bytes(), t.master_secret, "master secret");
    let sf = hash(t.server_finished_hash);
    let cap = ms.client_application_traffic_secret(&sf)?;
    let sap = ms.server_application_traffic_secret(&sf)?;
    let exp = ms.exporter_master_secret(&sf)?;
    assert_hex(
        cap.as_secret().as_bytes(),
        t.client_application_traffic,
        "c ap traffic",
    );
    assert_hex(
        sap.as_secret().as_bytes(),
        t.server_application_traffic,
        "s ap traffic",
    );
    assert_hex(exp.as_secret().as_bytes(), t.exporter_master, "exp master");
    let res = ms.resumption_master_secret(&hash(t.client_finished_hash))?;
    assert_hex(res.test_bytes(), t.resumption_master, "res master");

    for (traffic, (key, iv), what) in [
        (&shs, t.keys[0], "server handshake"),
        (&chs, t.keys[1], "client handshake"),
        (&sap, t.keys[2], "server application"),
        (&cap, t.keys[3], "client application"),
    ] {
        check_keys(traffic, key, iv, what)?;
    }

    check_finished(
        &shs,
        t.server_finished_key,
        t.server_verify_hash,
        t.server_verify_data,
    )?;
    check_finished(
        &chs,
        t.client_finished_key,
        t.client_verify_hash,
        t.client_verify_data,
    )
}

/// Checks the key and IV a traffic secret gives.
pub(crate) fn check_keys(
    traffic: &TrafficSecret,
    key: &str,
    iv: &str,
    what: &str,
) -> Result<(), Error> {
    let keys = traffic.keys()?;
    assert_hex(keys.key().as_bytes(), key, &format!("{what} key"));
    assert_hex(keys.iv().as_bytes(), iv, &format!("{what} iv"));
    Ok(())
}

/// Checks a Finished key and verify_data, and that verification accepts exactly that value.
pub(crate) fn check_finished(
    traffic: &TrafficSecret,
    finished_key: &str,
    transcript_hash: &str,
    verify_data: &str,
) -> Result<(), Error> {
    assert_hex(
        traffic.finished_key()?.test_bytes(),
        finished_key,
        "finished key",
    );
    let transcript = hash(transcript_hash);
    let tag = traffic.finished_verify_data(&transcript)?;
    assert_hex(tag.as_bytes(), verify_data, "verify_data");

    let mut received = h(verify_data);
    traffic.verify_finished(&transcript, &received)?;
    received[31] ^= 0x01;
    let err = traffic.verify_finished(&transcript, &received);
    assert_eq!(err, Err(Error::BadFinished));
    assert_eq!(
        traffic.verify_finished(&transcript, &h(verify_data)[..31]),
        Err(Error::BadFinished)
    );
    assert_eq!(
        traffic.verify_finished(&transcript, &[]),
        Err(Error::BadFinished)
    );
    Ok(())
}
