//! The crate-wide error type.
//!
//! Each area has its own error enum ([`pebble::Error`](crate::pebble::Error),
//! [`hook_tools::Error`](crate::hook_tools::Error), [`event::Error`](crate::event::Error));
//! [`Error`] wraps them so that a handler can use `?` on any of them.

/// Any error a charm handler can meet.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A call to the Pebble API failed.
    #[error(transparent)]
    Pebble(#[from] crate::pebble::Error),
    /// A hook tool failed or answered something unexpected.
    #[error(transparent)]
    HookTool(#[from] crate::hook_tools::Error),
    /// The event could not be decoded from the environment.
    #[error(transparent)]
    Event(#[from] crate::event::Error),
    /// YAML could not be read or written.
    #[error(transparent)]
    Yaml(#[from] crate::yaml::Error),
    /// An error raised by the charm's own code.
    #[error("{0}")]
    Charm(String),
}

impl Error {
    /// An error with a message of the charm's own.
    ///
    /// # Examples
    ///
    /// ```
    /// let err = charm_runtime::Error::msg("no database relation yet");
    /// assert_eq!(err.to_string(), "no database relation yet");
    /// ```
    pub fn msg(message: impl Into<String>) -> Self {
        Self::Charm(message.into())
    }
}

/// A `Result` whose error defaults to [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
