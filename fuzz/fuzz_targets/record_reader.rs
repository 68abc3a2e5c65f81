//! libFuzzer entry point of the `record_reader` target; the target itself is
//! [`stratls_fuzz::record_reader`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stratls_fuzz::record_reader(data));
