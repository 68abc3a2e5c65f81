//! The state-machine seam: one type per handshake state, each consuming the next message and
//! returning the next state. Which messages a state accepts is declared by the state and
//! checked in one place, [`dispatch`], before the state sees the message.

use stratls_codec::{HandshakeMessage, HandshakeType};

use crate::common::Core;
use crate::error::Error;

/// A handshake message as a state receives it: decoded, with its encoding for the transcript.
pub(crate) struct Incoming<'a> {
    pub(crate) message: HandshakeMessage,
    pub(crate) encoded: &'a [u8],
}

/// One state of a client or server handshake (or of an established connection).
pub(crate) trait State: Send + Sync {
    /// A name for errors and traces.
    fn name(&self) -> &'static str;

    /// The handshake messages this state accepts.
    fn expects(&self) -> &'static [HandshakeType];

    /// Consumes a message of one of the types of [`State::expects`].
    fn handle(self: Box<Self>, core: &mut Core, msg: Incoming<'_>)
    -> Result<Box<dyn State>, Error>;

    /// A TLS 1.2 ChangeCipherSpec (only delivered when the state set `CcsPolicy::Deliver`).
    fn handle_change_cipher_spec(
        self: Box<Self>,
        _core: &mut Core,
    ) -> Result<Box<dyn State>, Error> {
        Err(unexpected(self.name(), "change_cipher_spec"))
    }

    /// Whether application data may be received now.
    fn accepts_application_data(&self) -> bool {
        false
    }

    /// Sends a KeyUpdate (TLS 1.3, established connections only).
    fn send_key_update(&mut self, _core: &mut Core, _request_peer: bool) -> Result<(), Error> {
        Err(Error::Api(
            "key update is possible only on an established TLS 1.3 connection",
        ))
    }
}

/// Hands `msg` to `state` if the state accepts its type; `unexpected_message` otherwise.
pub(crate) fn dispatch(
    state: Box<dyn State>,
    core: &mut Core,
    msg: Incoming<'_>,
) -> Result<Box<dyn State>, Error> {
    let typ = msg.message.typ();
    if !state.expects().contains(&typ) || matches!(msg.message, HandshakeMessage::Unknown { .. }) {
        return Err(unexpected(state.name(), &format!("{typ:?}")));
    }
    state.handle(core, msg)
}

/// The `unexpected_message` error for `got` in state `state`.
pub(crate) fn unexpected(state: &'static str, got: &str) -> Error {
    Error::UnexpectedMessage {
        state,
        got: got.to_string(),
    }
}
