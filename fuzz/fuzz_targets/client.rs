//! libFuzzer entry point of the `client` target; the target itself is
//! [`stratls_fuzz::client`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stratls_fuzz::client(data));
