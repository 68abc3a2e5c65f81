//! libFuzzer entry point of the `server_tls12` target; the target itself is
//! [`stratls_fuzz::server_tls12`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stratls_fuzz::server_tls12(data));
