//! Errors of the Pebble client.

use std::path::PathBuf;
use std::time::Duration;

use super::changes::Change;

/// A boxed error from a lower layer (I/O, HTTP, websocket): the `source` of
/// [`Error::Connection`] and [`Error::Protocol`].
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A call to the Pebble API failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The socket is missing or refuses connections.
    #[error(
        "cannot connect to pebble at {}: the socket is missing or refuses connections (the container may not be ready yet)",
        socket.display()
    )]
    Connection {
        /// The socket the client tried.
        socket: PathBuf,
        /// What the operating system said.
        #[source]
        source: BoxError,
    },
    /// Pebble answered with an error envelope.
    #[error("pebble api error {status}: {message}")]
    Api {
        /// The HTTP status code.
        status: u16,
        /// Pebble's error kind (`not-found`, `permission-denied`, ...), when it set one.
        kind: Option<String>,
        /// Pebble's message.
        message: String,
    },
    /// A change that the call waited for ended in error.
    #[error("change {} failed: {}", change.id, change.err.as_deref().unwrap_or("unknown error"))]
    Change {
        /// The failed change, with its tasks and their logs.
        change: Box<Change>,
    },
    /// A command run with exec exited with a non-zero code.
    #[error(transparent)]
    Exec(#[from] Box<super::exec::ExecError>),
    /// A files call failed for one path.
    #[error("{path}: {message}")]
    Path {
        /// The path the error is about.
        path: String,
        /// Pebble's error kind: `not-found`, `permission-denied` or `generic-file-error`.
        kind: Option<String>,
        /// Pebble's message.
        message: String,
    },
    /// An entry of a recursive copy would land outside its destination directory.
    #[error("refusing to copy {}: it would land outside the destination {}", path.display(), destination.display())]
    PathOutsideDestination {
        /// The offending entry.
        path: PathBuf,
        /// The destination directory.
        destination: PathBuf,
    },
    /// A local file operation failed (push from or pull to the local file system).
    #[error("{}: {source}", path.display())]
    LocalIo {
        /// The local path.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// Reading the content given to [`Client::push_reader`](super::Client::push_reader) failed.
    #[error("cannot read the content to push to {path}")]
    PushContent {
        /// The workload path that was being written.
        path: String,
        /// What the reader said.
        #[source]
        source: std::io::Error,
    },
    /// A local stream given to exec failed: reading its stdin source or writing an output
    /// writer.
    #[error("cannot {what}")]
    Io {
        /// What the client was doing.
        what: String,
        /// What the stream said.
        #[source]
        source: std::io::Error,
    },
    /// The call or the wait did not finish in time.
    #[error("timed out after {after:?} waiting for {what}")]
    Timeout {
        /// What was being waited for.
        what: String,
        /// How long the client waited.
        after: Duration,
    },
    /// Pebble sent something the client cannot understand, or the connection broke mid-call.
    #[error("protocol error: {message}")]
    Protocol {
        /// What was wrong.
        message: String,
        /// The underlying error, when there is one.
        #[source]
        source: Option<BoxError>,
    },
}

impl Error {
    pub(crate) fn protocol(message: impl Into<String>) -> Self {
        Self::Protocol {
            message: message.into(),
            source: None,
        }
    }

    pub(crate) fn protocol_with(message: impl Into<String>, source: impl Into<BoxError>) -> Self {
        Self::Protocol {
            message: message.into(),
            source: Some(source.into()),
        }
    }

    /// Whether this is a connection error: Pebble is not (yet) reachable.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) {
    /// match client.system_info().await {
    ///     Err(e) if e.is_connection() => { /* set waiting status and return */ }
    ///     other => { let _ = other; }
    /// }
    /// # }
    /// ```
    pub fn is_connection(&self) -> bool {
        matches!(self, Self::Connection { .. })
    }

    /// The Pebble error kind of an API or path error (`not-found`, ...).
    pub fn kind(&self) -> Option<&str> {
        match self {
            Self::Api { kind, .. } | Self::Path { kind, .. } => kind.as_deref(),
            _ => None,
        }
    }

    /// Whether Pebble said the path or object does not exist.
    pub fn is_not_found(&self) -> bool {
        self.kind() == Some("not-found") || matches!(self, Self::Api { status: 404, .. })
    }
}

/// A `Result` of a Pebble call.
pub type Result<T, E = Error> = std::result::Result<T, E>;
