//! Forwards `tracing` records to `juju-log`.
//!
//! [`JujuLogLayer`] is a `tracing_subscriber` layer: each event becomes one `juju-log` call
//! (several for very long messages) at the matching level, so `tracing::info!` in a handler
//! shows up in `juju debug-log`. During actions it also writes each record to stderr, which
//! Juju attaches to the action's result. [`dispatch`](crate::dispatch) installs it for you.
//!
//! | `tracing` level | `juju-log --log-level` |
//! |---|---|
//! | `ERROR` | `ERROR` |
//! | `WARN` | `WARNING` |
//! | `INFO` | `INFO` |
//! | `DEBUG` | `DEBUG` |
//! | `TRACE` | `TRACE` |
//!
//! `tracing` layers are synchronous, so the layer runs `juju-log` with
//! [`HookTools::call_blocking`]. Types that hold secrets ([`SecretContent`]) print
//! `<redacted>` in their `Debug` output, so logging them with `?` does not leak values.
//!
//! [`SecretContent`]: crate::hook_tools::SecretContent
//!
//! # Examples
//!
//! ```no_run
//! use std::sync::Arc;
//! use charm_runtime::hook_tools::ProcessTools;
//! use charm_runtime::logging::{self, LogOptions};
//!
//! logging::init(Arc::new(ProcessTools::new()), LogOptions::default());
//! tracing::info!(port = 8080, "configured");
//! ```

use std::cell::Cell;
use std::fmt::Write as _;
use std::sync::Arc;

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

use crate::hook_tools::misc::juju_log_call;
use crate::hook_tools::{HookTools, LogLevel};

/// The longest message sent in one `juju-log` call, in bytes; longer ones are split.
///
/// Linux caps one argument at 128 KiB; this stays under it with room to spare.
///
/// # Examples
///
/// ```
/// assert!(charm_runtime::logging::MAX_MESSAGE_BYTES < 128 * 1024);
/// ```
pub const MAX_MESSAGE_BYTES: usize = 100 * 1024;

/// Options of the [`JujuLogLayer`].
///
/// # Examples
///
/// ```
/// use charm_runtime::logging::LogOptions;
///
/// let options = LogOptions::default().level(tracing::Level::INFO).stderr(true);
/// assert_ne!(options, LogOptions::default());
/// assert_eq!(options, LogOptions::default().stderr(true).level(tracing::Level::INFO));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogOptions {
    level: Level,
    dependency_level: Level,
    stderr: bool,
}

impl Default for LogOptions {
    /// `DEBUG` and above (`WARN` and above from the HTTP and async libraries the runtime
    /// uses), not copied to stderr.
    fn default() -> Self {
        Self {
            level: Level::DEBUG,
            dependency_level: Level::WARN,
            stderr: false,
        }
    }
}

/// Targets of the runtime's own dependencies: their debug chatter (one record per pooled
/// connection) would cost a `juju-log` process each.
const DEPENDENCY_TARGETS: &[&str] = &[
    "h2",
    "hyper",
    "hyper_util",
    "hyperlocal",
    "mio",
    "tokio",
    "tokio_tungstenite",
    "tokio_util",
    "tower",
    "tungstenite",
    "want",
];

/// Whether `target` is one of [`DEPENDENCY_TARGETS`] or inside one.
fn is_dependency(target: &str) -> bool {
    let krate = target.split("::").next().unwrap_or(target);
    DEPENDENCY_TARGETS.contains(&krate)
}

impl LogOptions {
    /// The most verbose level forwarded (default `DEBUG`).
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::logging::LogOptions;
    /// let options = LogOptions::default().level(tracing::Level::INFO);
    /// assert_ne!(options, LogOptions::default());
    /// assert_eq!(LogOptions::default().level(tracing::Level::DEBUG), LogOptions::default());
    /// ```
    #[must_use]
    pub fn level(mut self, level: Level) -> Self {
        self.level = level;
        self
    }

    /// The most verbose level forwarded from the runtime's dependencies (hyper, tokio, ...;
    /// default `WARN`).
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::logging::LogOptions;
    /// let options = LogOptions::default().dependency_level(tracing::Level::DEBUG);
    /// assert_ne!(options, LogOptions::default());
    /// assert_eq!(LogOptions::default().dependency_level(tracing::Level::WARN), LogOptions::default());
    /// ```
    #[must_use]
    pub fn dependency_level(mut self, level: Level) -> Self {
        self.dependency_level = level;
        self
    }

    /// Whether to also write each record to stderr (the dispatcher turns it on for actions).
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::logging::LogOptions;
    /// assert_ne!(LogOptions::default().stderr(true), LogOptions::default());
    /// assert_eq!(LogOptions::default().stderr(false), LogOptions::default());
    /// ```
    #[must_use]
    pub fn stderr(mut self, stderr: bool) -> Self {
        self.stderr = stderr;
        self
    }
}

/// A `tracing` layer that sends records to `juju-log`.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use charm_runtime::testing::MemoryTools;
/// use charm_runtime::logging::{JujuLogLayer, LogOptions};
/// use tracing_subscriber::layer::SubscriberExt;
///
/// let memory = Arc::new(MemoryTools::new());
/// let layer = JujuLogLayer::new(memory.clone(), LogOptions::default());
/// let subscriber = tracing_subscriber::registry().with(layer);
/// tracing::subscriber::with_default(subscriber, || tracing::warn!("disk almost full"));
/// assert_eq!(memory.state().logs[0].1, "disk almost full");
/// ```
#[derive(Debug, Clone)]
pub struct JujuLogLayer {
    tools: Arc<dyn HookTools>,
    options: LogOptions,
}

impl JujuLogLayer {
    /// A layer sending records through `tools`.
    ///
    /// # Examples
    ///
    /// See [`JujuLogLayer`].
    pub fn new(tools: Arc<dyn HookTools>, options: LogOptions) -> Self {
        Self { tools, options }
    }

    /// Sends `message` at `level`, split into pieces of at most [`MAX_MESSAGE_BYTES`].
    ///
    /// A failing `juju-log` (for example outside a hook) falls back to stderr.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    /// use charm_runtime::hook_tools::LogLevel;
    /// use charm_runtime::testing::MemoryTools;
    /// use charm_runtime::logging::{JujuLogLayer, LogOptions};
    ///
    /// let memory = Arc::new(MemoryTools::new());
    /// JujuLogLayer::new(memory.clone(), LogOptions::default()).send(LogLevel::Error, "boom");
    /// assert_eq!(memory.state().logs, [(LogLevel::Error, "boom".to_owned())]);
    /// ```
    pub fn send(&self, level: LogLevel, message: &str) {
        if self.options.stderr {
            eprintln!("{level} {message}");
        }
        for piece in split_message(message, MAX_MESSAGE_BYTES) {
            if let Err(e) = self.tools.call_blocking(juju_log_call(level, piece)) {
                if !self.options.stderr {
                    eprintln!("{level} {piece}");
                }
                eprintln!("WARNING cannot send a log record to juju-log: {e}");
            }
        }
    }
}

thread_local! {
    /// Set while the layer is sending, so records emitted meanwhile are not sent again.
    static SENDING: Cell<bool> = const { Cell::new(false) };
}

impl<S: Subscriber> Layer<S> for JujuLogLayer {
    fn enabled(&self, metadata: &Metadata<'_>, _ctx: Context<'_, S>) -> bool {
        let max = if is_dependency(metadata.target()) {
            self.options.dependency_level
        } else {
            self.options.level
        };
        *metadata.level() <= max
    }

    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        if SENDING.with(Cell::get) {
            return;
        }
        let mut text = MessageText::default();
        event.record(&mut text);
        SENDING.with(|s| s.set(true));
        self.send(juju_level(*event.metadata().level()), &text.finish());
        SENDING.with(|s| s.set(false));
    }
}

/// The `juju-log` level for a `tracing` level.
fn juju_level(level: Level) -> LogLevel {
    match level {
        Level::ERROR => LogLevel::Error,
        Level::WARN => LogLevel::Warning,
        Level::INFO => LogLevel::Info,
        Level::DEBUG => LogLevel::Debug,
        _ => LogLevel::Trace,
    }
}

/// The message of an event followed by its other fields as `key=value`.
#[derive(Default)]
struct MessageText {
    message: String,
    fields: String,
}

impl MessageText {
    fn finish(self) -> String {
        match (self.message.is_empty(), self.fields.is_empty()) {
            (_, true) => self.message,
            (true, false) => self.fields,
            (false, false) => format!("{} {}", self.message, self.fields),
        }
    }
}

impl Visit for MessageText {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            self.record_debug(field, &value);
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            if !self.fields.is_empty() {
                self.fields.push(' ');
            }
            let _ = write!(self.fields, "{}={value:?}", field.name());
        }
    }
}

/// Splits `message` into pieces of at most `max` bytes, on character boundaries.
pub(crate) fn split_message(message: &str, max: usize) -> Vec<&str> {
    let max = max.max(4);
    let mut pieces = Vec::with_capacity(message.len() / max + 1);
    let mut rest = message;
    while rest.len() > max {
        let mut cut = max;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (piece, tail) = rest.split_at(cut);
        pieces.push(piece);
        rest = tail;
    }
    pieces.push(rest);
    pieces
}

/// A subscriber that sends every record at `options`' level or above to `juju-log`.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use charm_runtime::testing::MemoryTools;
/// use charm_runtime::logging::{self, LogOptions};
///
/// let memory = Arc::new(MemoryTools::new());
/// let subscriber = logging::subscriber(memory.clone(), LogOptions::default());
/// tracing::subscriber::with_default(subscriber, || tracing::info!("hello"));
/// assert_eq!(memory.state().logs.len(), 1);
/// ```
pub fn subscriber(tools: Arc<dyn HookTools>, options: LogOptions) -> impl Subscriber + Send + Sync {
    tracing_subscriber::registry().with(JujuLogLayer::new(tools, options))
}

/// Installs [`subscriber`] as the process-wide default.
///
/// Returns `false` (and changes nothing) when a global subscriber is already set.
///
/// # Examples
///
/// ```no_run
/// use std::sync::Arc;
/// use charm_runtime::hook_tools::ProcessTools;
/// use charm_runtime::logging::{self, LogOptions};
///
/// assert!(logging::init(Arc::new(ProcessTools::new()), LogOptions::default()));
/// ```
pub fn init(tools: Arc<dyn HookTools>, options: LogOptions) -> bool {
    tracing::subscriber::set_global_default(subscriber(tools, options)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::MemoryTools;

    #[test]
    fn short_messages_are_not_split() {
        assert_eq!(split_message("hello", 10), ["hello"]);
        assert_eq!(split_message("", 10), [""]);
    }

    #[test]
    fn long_messages_split_on_char_boundaries() {
        let message = "é".repeat(10); // 20 bytes
        let pieces = split_message(&message, 5);
        assert!(pieces.iter().all(|p| p.len() <= 5));
        assert_eq!(pieces.concat(), message);
        assert_eq!(pieces.len(), 5);
    }

    #[test]
    fn levels_map_to_juju_names_and_fields_follow_the_message() {
        let memory = Arc::new(MemoryTools::new());
        let subscriber = subscriber(memory.clone(), LogOptions::default());
        tracing::subscriber::with_default(subscriber, || {
            tracing::error!("e");
            tracing::warn!(port = 80, "w");
            tracing::info!(name = "x", "i");
            tracing::debug!("d");
            tracing::trace!("t is below the default level");
        });
        let logs = memory.state().logs;
        assert_eq!(
            logs,
            [
                (LogLevel::Error, "e".to_owned()),
                (LogLevel::Warning, "w port=80".to_owned()),
                (LogLevel::Info, "i name=\"x\"".to_owned()),
                (LogLevel::Debug, "d".to_owned()),
            ]
        );
    }

    #[test]
    fn dependency_debug_records_are_not_forwarded() {
        let memory = Arc::new(MemoryTools::new());
        let subscriber = subscriber(memory.clone(), LogOptions::default());
        tracing::subscriber::with_default(subscriber, || {
            tracing::debug!(target: "hyper_util::client::legacy::pool", "pooling idle connection");
            tracing::warn!(target: "hyper_util::client::legacy::pool", "connection error");
            tracing::debug!(target: "my_charm::db", "mine");
        });
        let messages: Vec<String> = memory.state().logs.into_iter().map(|(_, m)| m).collect();
        assert_eq!(messages, ["connection error", "mine"]);
        assert!(is_dependency("tokio"));
        assert!(!is_dependency("tokio_postgres_charm"));
    }

    #[test]
    fn a_huge_record_becomes_several_calls() {
        let memory = Arc::new(MemoryTools::new());
        let layer = JujuLogLayer::new(memory.clone(), LogOptions::default());
        layer.send(LogLevel::Info, &"x".repeat(MAX_MESSAGE_BYTES * 2 + 1));
        let calls = memory.calls();
        assert_eq!(calls.len(), 3);
        assert!(
            calls
                .iter()
                .all(|c| c.args[..3] == ["--log-level", "INFO", "--"])
        );
        assert_eq!(calls[2].args[3], "x");
    }
}
