//! An observer for tests.

use std::sync::Mutex;

use stratls_handshake::{Event, Observer};

/// Records every event as a line of text: `Sent client_hello`, `Received finished` for
/// handshake messages, the event's `Debug` form for the others.
#[derive(Debug, Default)]
pub struct Recorder(pub Mutex<Vec<String>>);

impl Recorder {
    /// The lines so far.
    pub fn lines(&self) -> Vec<String> {
        self.0.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

impl Observer for Recorder {
    fn on_event(&self, event: &Event<'_>) {
        let line = match event {
            Event::Handshake {
                direction, message, ..
            } => format!("{direction:?} {:?}", message.typ()),
            other => format!("{other:?}"),
        };
        if let Ok(mut lines) = self.0.lock() {
            lines.push(line);
        }
    }
}
