//! libFuzzer entry point of the `server` target; the target itself is
//! [`stratls_fuzz::server`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stratls_fuzz::server(data));
