//! Known-answer tests: RFC 8448 traces, values computed independently with OpenSSL, and
//! the properties of secrets.

mod keylog;
mod rfc8448_hrr;
mod rfc8448_resumed;
mod rfc8448_simple;
mod sha384;
mod tls12;
mod tls13_misc;
mod util;
