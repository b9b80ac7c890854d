//! Errors of the Pebble client.

use std::path::PathBuf;
use std::time::Duration;

use charm_spec::pebble::Feature;

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
    /// The connection to Pebble broke in the middle of a call: Pebble died, was restarted
    /// with its container, or closed the socket before its answer was complete.
    ///
    /// Whether the call took effect is unknown. [`Error::is_connection`] is true for it, so
    /// the "waiting for Pebble" pattern covers a container that restarts during a hook.
    #[error("lost the connection to pebble at {} during {what}", socket.display())]
    ConnectionLost {
        /// The socket the client used.
        socket: PathBuf,
        /// The call that was cut off.
        what: String,
        /// What broke.
        #[source]
        source: BoxError,
    },
    /// The connected Pebble is too old for the call or one of its options.
    ///
    /// Nothing was changed: an option that the daemon would silently ignore is refused
    /// before it is sent, and a missing endpoint answers before doing anything.
    #[error(
        "{call} needs {}, but the container runs Pebble {}",
        feature.requirement(),
        running.as_deref().unwrap_or("of an unknown version")
    )]
    NeedsNewerPebble {
        /// The call or option: `Client::refresh_check`, `AddLayer::inner`.
        call: &'static str,
        /// The feature, with the Pebble and Juju releases that have it.
        feature: &'static Feature,
        /// The version the daemon reported in `GET /v1/system-info`, when it did.
        running: Option<String>,
    },
    /// An answer or output that the client buffers in memory grew past its limit.
    ///
    /// The rest was read and dropped, so the connection and the command are not left
    /// blocked; stream the content instead ([`Client::pull`](super::Client::pull),
    /// [`Exec::stdout_writer`](super::Exec::stdout_writer)) or raise the limit.
    #[error("{what} is larger than the limit of {limit} bytes")]
    TooLarge {
        /// What was being read.
        what: String,
        /// The limit, in bytes.
        limit: u64,
    },
    /// Some entries of a recursive copy ([`Client::push_path`](super::Client::push_path),
    /// [`Client::pull_path`](super::Client::pull_path)) failed; every other entry was
    /// copied.
    #[error(
        "{} of the copied entries failed; the first: {}: {}",
        failures.len(),
        failures.first().map_or("", |f| f.path.as_str()),
        failures.first().map_or(String::new(), |f| f.error.to_string())
    )]
    CopyFailed {
        /// Each entry that failed, in the order they were tried.
        failures: Vec<CopyFailure>,
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
    /// The call or the wait did not finish in time, or a stream made no progress for the
    /// timeout.
    #[error("timed out after {} waiting for {what}", Seconds(*after))]
    Timeout {
        /// What was being waited for.
        what: String,
        /// How long the client actually waited (for a stream: how long it saw no progress).
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

    /// A timeout error for `what`, waited since `since`: the time actually waited, rounded
    /// to milliseconds.
    pub(crate) fn timeout_since(what: impl Into<String>, since: tokio::time::Instant) -> Self {
        let waited = since.elapsed();
        Self::Timeout {
            what: what.into(),
            after: Duration::from_millis(u64::try_from(waited.as_millis()).unwrap_or(u64::MAX)),
        }
    }

    /// Whether Pebble is not reachable (yet, or any more): the socket is missing or refuses
    /// connections ([`Error::Connection`]), or the connection broke during the call
    /// ([`Error::ConnectionLost`]: the container restarted during the hook).
    ///
    /// Both mean "the container is not ready": set a waiting status and let a later event
    /// (`pebble-ready`) retry. A lost connection leaves unknown whether the call took effect,
    /// so retried work must be idempotent (as [`Container::ensure_layer`] is).
    ///
    /// [`Container::ensure_layer`]: crate::Container::ensure_layer
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
        matches!(self, Self::Connection { .. } | Self::ConnectionLost { .. })
    }

    /// The feature the connected Pebble lacks, for [`Error::NeedsNewerPebble`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// match client.start_checks(&["up"]).await {
    ///     Err(e) if e.needs_newer_pebble().is_some() => { /* checks always run on this Pebble */ }
    ///     other => { other?; }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn needs_newer_pebble(&self) -> Option<&'static Feature> {
        match self {
            Self::NeedsNewerPebble { feature, .. } => Some(feature),
            _ => None,
        }
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

/// One entry of a recursive copy that failed: see [`Error::CopyFailed`].
///
/// # Examples
///
/// ```no_run
/// use charm_runtime::pebble::Error;
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// if let Err(Error::CopyFailed { failures }) = client.pull_path(&["/etc/app/*"], "/tmp/app").await {
///     for failure in &failures {
///         eprintln!("{}: {}", failure.path, failure.error);
///     }
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct CopyFailure {
    /// The source entry (a workload path for pulls, a local path for pushes).
    pub path: String,
    /// Why it failed.
    pub error: Error,
}

/// A duration as `1.5s` or `250ms`, for messages.
struct Seconds(Duration);

impl std::fmt::Display for Seconds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let millis = self.0.as_millis();
        if millis < 1000 {
            return write!(f, "{millis}ms");
        }
        let fraction = format!("{:03}", millis % 1000);
        let fraction = fraction.trim_end_matches('0');
        if fraction.is_empty() {
            write!(f, "{}s", millis / 1000)
        } else {
            write!(f, "{}.{fraction}s", millis / 1000)
        }
    }
}

/// A `Result` of a Pebble call.
pub type Result<T, E = Error> = std::result::Result<T, E>;
