//! The sentences the live lab says to the user, for the status line.

/// How a message should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Something happened as asked (a re-initialisation, a reset).
    Info,
    /// A setting was refused; nothing changed.
    Warning,
    /// Training diverged and was paused.
    Error,
}

/// A sentence for the status line, numbered so the window can tell a new one from an old one.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// Increases with every new message.
    pub id: u64,
    /// How to show it.
    pub severity: Severity,
    /// The sentence.
    pub text: String,
}
