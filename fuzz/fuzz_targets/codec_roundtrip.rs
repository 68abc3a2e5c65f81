//! libFuzzer entry point of the `codec_roundtrip` target; the target itself is
//! [`stratls_fuzz::codec_roundtrip`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stratls_fuzz::codec_roundtrip(data));
