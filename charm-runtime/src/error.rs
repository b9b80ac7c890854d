//! The crate-wide error type, and [`Context`] to give any other error a place in it.
//!
//! Each area has its own error enum ([`pebble::Error`](crate::pebble::Error),
//! [`hook_tools::Error`](crate::hook_tools::Error), [`event::Error`](crate::event::Error));
//! [`Error`] wraps them so that a handler can use `?` on any of them, and on
//! [`std::io::Error`]. Any other error keeps its whole chain of causes: `.context("...")`
//! wraps it with what the charm was doing, and [`Error::other`] (or `?` on a
//! [`BoxError`]) takes it as it is. When a hook fails, the runtime logs the error with every
//! cause through `juju-log`, one line: `hook config-changed failed: reading the template:
//! No such file or directory (os error 2)`.
//!
//! # Examples
//!
//! ```
//! use charm_runtime::{Context, Result};
//!
//! fn port(text: &str) -> Result<u16> {
//!     text.parse::<u16>().context(format!("config option port {text:?}"))
//! }
//!
//! let err = port("http").unwrap_err();
//! assert_eq!(err.to_string(), "config option port \"http\"");
//! let cause = std::error::Error::source(&err).unwrap();
//! assert_eq!(cause.to_string(), "invalid digit found in string");
//! ```

use std::fmt;

/// Any error, boxed: what [`Error::Other`] and [`Error::Context`] keep as their source.
///
/// A handler may also return `Result<(), BoxError>` and use `?` on any error at all.
///
/// # Examples
///
/// ```
/// use charm_runtime::error::BoxError;
///
/// fn parse(text: &str) -> Result<u16, BoxError> {
///     Ok(text.trim().parse::<u16>()?)
/// }
/// assert!(parse("x").is_err());
/// ```
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Any error a charm handler can meet.
///
/// # Examples
///
/// ```
/// use charm_runtime::Error;
///
/// let err = Error::from(std::io::Error::other("disk full"));
/// assert_eq!(err.to_string(), "disk full");
/// ```
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
    /// An I/O error of the charm's own code (a file in the charm directory, ...).
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// An error raised by the charm's own code.
    #[error("{0}")]
    Charm(String),
    /// Another error, with what the charm was doing when it happened
    /// ([`Context::context`]).
    #[error("{context}")]
    Context {
        /// What the charm was doing.
        context: String,
        /// The error, with its own causes.
        #[source]
        source: BoxError,
    },
    /// Another error, kept as it is ([`Error::other`], or `?` on a [`BoxError`]).
    #[error(transparent)]
    Other(BoxError),
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

    /// Any other error, kept whole: its message and causes are logged when the hook fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::Error;
    ///
    /// let err = "x".parse::<u16>().map_err(Error::other).unwrap_err();
    /// assert_eq!(err.to_string(), "invalid digit found in string");
    /// ```
    pub fn other(error: impl Into<BoxError>) -> Self {
        Self::Other(error.into())
    }
}

impl From<BoxError> for Error {
    fn from(error: BoxError) -> Self {
        Self::Other(error)
    }
}

/// Adds what the charm was doing to an error, as [`Error::Context`]: anyhow's `context`
/// without the dependency.
///
/// Implemented for `Result<T, E>` with any error `E` (anything that converts into a
/// [`BoxError`]: every `std::error::Error + Send + Sync`, and `String`), and for
/// `Option<T>`, where `None` becomes [`Error::Charm`] with the context as its message.
///
/// # Examples
///
/// ```
/// use charm_runtime::{Context, Result};
///
/// fn read_template(path: &str) -> Result<String> {
///     std::fs::read_to_string(path).with_context(|| format!("reading {path}"))
/// }
///
/// fn first_unit(units: &[String]) -> Result<&String> {
///     units.first().context("the relation has no unit yet")
/// }
///
/// let err = read_template("/nonexistent/template").unwrap_err();
/// assert_eq!(err.to_string(), "reading /nonexistent/template");
/// assert_eq!(first_unit(&[]).unwrap_err().to_string(), "the relation has no unit yet");
/// ```
pub trait Context<T> {
    /// The value, or the error wrapped with `context`.
    ///
    /// # Errors
    ///
    /// [`Error::Context`] (for an `Err`) or [`Error::Charm`] (for a `None`).
    fn context(self, context: impl fmt::Display) -> Result<T>;

    /// Like [`context`](Context::context), with the context computed only on error.
    ///
    /// # Errors
    ///
    /// As [`context`](Context::context).
    fn with_context<C: fmt::Display>(self, context: impl FnOnce() -> C) -> Result<T>;
}

impl<T, E: Into<BoxError>> Context<T> for std::result::Result<T, E> {
    fn context(self, context: impl fmt::Display) -> Result<T> {
        self.with_context(|| context)
    }

    fn with_context<C: fmt::Display>(self, context: impl FnOnce() -> C) -> Result<T> {
        self.map_err(|source| Error::Context {
            context: context().to_string(),
            source: source.into(),
        })
    }
}

impl<T> Context<T> for Option<T> {
    fn context(self, context: impl fmt::Display) -> Result<T> {
        self.with_context(|| context)
    }

    fn with_context<C: fmt::Display>(self, context: impl FnOnce() -> C) -> Result<T> {
        self.ok_or_else(|| Error::Charm(context().to_string()))
    }
}

/// A `Result` whose error defaults to [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every cause of `error`, outermost first.
    fn chain(error: &dyn std::error::Error) -> Vec<String> {
        let mut out = vec![error.to_string()];
        let mut source = error.source();
        while let Some(cause) = source {
            out.push(cause.to_string());
            source = cause.source();
        }
        out
    }

    #[test]
    fn context_keeps_the_whole_chain() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no template");
        let inner: Result<()> = Err(Error::from(io));
        let outer = inner.context("rendering the config").unwrap_err();
        assert_eq!(chain(&outer), ["rendering the config", "no template"]);
        let twice = Err::<(), _>(outer).context("reconciling").unwrap_err();
        assert_eq!(
            chain(&twice),
            ["reconciling", "rendering the config", "no template"]
        );
    }

    #[test]
    fn other_errors_and_strings_convert() {
        let boxed: BoxError = "plain text".into();
        let err: Error = boxed.into();
        assert_eq!(err.to_string(), "plain text");
        let err = Err::<(), String>("a string error".to_owned())
            .context("doing x")
            .unwrap_err();
        assert_eq!(chain(&err), ["doing x", "a string error"]);
        let err = Error::other(std::fmt::Error);
        assert!(matches!(err, Error::Other(_)));
    }

    #[test]
    fn errors_cross_threads() {
        fn send_sync<T: Send + Sync + 'static>() {}
        send_sync::<Error>();
    }
}
