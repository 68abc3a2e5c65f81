//! libFuzzer entry point of the `codec_record_header_alert` target; the target itself is
//! [`stratls_fuzz::codec_record_header_alert`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stratls_fuzz::codec_record_header_alert(data));
