//! libFuzzer entry point of the `codec_handshake` target; the target itself is
//! [`stratls_fuzz::codec_handshake`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stratls_fuzz::codec_handshake(data));
