//! libFuzzer entry point of the `client_tls12` target; the target itself is
//! [`stratls_fuzz::client_tls12`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stratls_fuzz::client_tls12(data));
