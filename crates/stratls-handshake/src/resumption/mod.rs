//! Session resumption, the server's half that every protocol version shares: the session a
//! ticket carries ([`SessionState`]) and what turns it into a ticket and back ([`Ticketer`]:
//! [`AeadTicketer`], stateless with rotating or distributed keys, and [`SessionCache`],
//! stateful and single-use); the record of 0-RTT ClientHellos a server
//! accepted early data for ([`AntiReplay`]); the server's TLS 1.2 session-ID cache ([`SessionIdStore`]); and the
//! client's TLS 1.2 sessions ([`Tls12SessionStore`]).
//!
//! The server config holds the ticketer, how many tickets to issue and their lifetime
//! (`ServerConfig::ticketer`, `tickets`, `ticket_lifetime`); time comes from the config's
//! `TimeProvider`, as for certificate validity.

mod cache;
mod client12;
mod ids;
mod replay;
mod session;
mod ticketer;

pub use self::cache::{SessionCache, TICKET_ID_LEN};
pub use self::client12::{
    DEFAULT_TLS12_SESSION_LIFETIME, DEFAULT_TLS12_SESSIONS, MemoryTls12Sessions, NoTls12Sessions,
    Tls12Session, Tls12SessionStore,
};
pub use self::ids::{DEFAULT_SESSION_IDS, MemorySessionIds, SESSION_ID_LEN, SessionIdStore};
pub use self::replay::{AntiReplay, MemoryAntiReplay};
pub use self::session::{MAX_TICKET_LIFETIME, SessionError, SessionState};
pub use self::ticketer::{
    AeadTicketer, DEFAULT_ROTATION, KEY_NAME_LEN, MAX_FILE_KEYS, TicketKeyError, Ticketer,
};

#[cfg(test)]
mod tests;
