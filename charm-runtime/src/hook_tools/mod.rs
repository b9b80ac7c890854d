//! Typed calls to Juju's hook tools.
//!
//! Juju puts small executables (`status-set`, `config-get`, `relation-get`, ...) on `PATH`
//! while an event runs. [`Juju`] gives each of them a typed async method; it sends every call
//! through a [`HookTools`] implementation:
//!
//! - [`ProcessTools`] spawns the real executables with `tokio::process` (the default);
//! - `testing::MemoryTools` (feature `testing`) answers in memory, as Juju would, for unit
//!   tests.
//!
//! Calls are async so that a handler never blocks its runtime while the unit agent answers.
//! Spawning through tokio adds nothing measurable to a charm's start-up: no thread is
//! started, and the child is reaped by the runtime's I/O driver. The only blocking call is
//! [`HookTools::call_blocking`], used by the [`logging`](crate::logging) layer because
//! `tracing` layers are synchronous.
//!
//! A tool that exits non-zero becomes [`Error::Failed`] carrying its stderr.
//!
//! # Examples
//!
//! ```no_run
//! use charm_runtime::hook_tools::{Juju, Status};
//!
//! # async fn handler() -> Result<(), charm_runtime::hook_tools::Error> {
//! let juju = Juju::process();
//! if juju.is_leader().await? {
//!     juju.set_app_status(Status::active("")).await?;
//! }
//! juju.set_unit_status(Status::maintenance("installing")).await?;
//! # Ok(()) }
//! ```

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

mod action;
mod config;
pub mod databag;
pub(crate) mod misc;
mod network;
mod ports;
mod process;
mod relation;
mod secret;
pub(crate) mod state;
mod status;
mod storage;

pub use action::ActionResults;
pub use misc::{GoalState, GoalStatus, LogLevel};
pub use network::{Address, BindAddress, Network};
pub use ports::{Port, Protocol};
pub use process::ProcessTools;
pub use relation::Bag;
pub use secret::{
    GetSecret, Rotate, SecretContent, SecretInfo, SecretOwner, SecretRef, SecretWrite,
};
pub use status::{AppStatus, Status, StatusKind};
pub use storage::StorageInfo;

/// A hook tool failed or answered something unexpected.
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::Error;
/// let err = Error::Failed { tool: "status-set".into(), code: Some(1), stderr: "not the leader".into() };
/// assert_eq!(err.to_string(), "status-set failed: not the leader");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The tool exited with a non-zero code (or was killed, then `code` is `None`).
    #[error("{tool} failed: {stderr}")]
    Failed {
        /// The tool's name.
        tool: String,
        /// Its exit code.
        code: Option<i32>,
        /// What it wrote on stderr, trimmed.
        stderr: String,
    },
    /// The tool could not be started (not on `PATH`, not executable, ...).
    #[error("cannot run {tool}")]
    Spawn {
        /// The tool's name.
        tool: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The tool's output is not what Juju documents.
    #[error("{tool} answered unexpected output")]
    Output {
        /// The tool's name.
        tool: String,
        /// The parse error.
        #[source]
        source: serde_json::Error,
    },
    /// A value could not be converted to or from the strings Juju stores.
    #[error("cannot convert {what}")]
    Convert {
        /// What was converted.
        what: String,
        /// The serde error.
        #[source]
        source: serde_json::Error,
    },
    /// A value stored with [`Juju::state_save`] does not decode as the type asked for: the
    /// type changed since the value was saved, or something else wrote the key.
    #[error(
        "stored state {key:?} does not decode as the charm's type (did the type change since it was saved?)"
    )]
    StoredState {
        /// The state key.
        key: String,
        /// The serde error, which names the field at fault.
        #[source]
        source: serde_json::Error,
    },
    /// A key or value breaks one of Juju's rules and was not sent.
    #[error("invalid {what} {value:?}: {reason}")]
    Invalid {
        /// What kind of value (`action result key`, `secret content key`, ...).
        what: &'static str,
        /// The value.
        value: String,
        /// The rule it breaks.
        reason: String,
    },
    /// Writing a temporary file (used to pass secret content) failed.
    #[error("cannot write a temporary file for {tool}")]
    TempFile {
        /// The tool's name.
        tool: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

/// One hook-tool invocation: the tool's name, its arguments and what to write on its stdin.
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::ToolCall;
///
/// let call = ToolCall::new("relation-set", ["-r", "db:3", "--file", "-"])
///     .with_stdin(br#"{"host":"10.0.0.1"}"#.to_vec());
/// assert_eq!(call.tool, "relation-set");
/// assert_eq!(call.args.len(), 4);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ToolCall {
    /// The tool's name, such as `status-set`.
    pub tool: String,
    /// The arguments, without the tool's name.
    pub args: Vec<String>,
    /// Bytes for the tool's stdin, if any.
    pub stdin: Option<Vec<u8>>,
}

impl ToolCall {
    /// A call of `tool` with `args` and no stdin.
    ///
    /// # Examples
    ///
    /// ```
    /// let call = charm_runtime::hook_tools::ToolCall::new("is-leader", ["--format=json"]);
    /// assert!(call.stdin.is_none());
    /// ```
    pub fn new<I, S>(tool: impl Into<String>, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            tool: tool.into(),
            args: args.into_iter().map(Into::into).collect(),
            stdin: None,
        }
    }

    /// The same call with `stdin` written to the tool's standard input.
    ///
    /// # Examples
    ///
    /// ```
    /// let call = charm_runtime::hook_tools::ToolCall::new("state-set", ["--file", "-"])
    ///     .with_stdin(b"{}".to_vec());
    /// assert_eq!(call.stdin.as_deref(), Some(&b"{}"[..]));
    /// ```
    #[must_use]
    pub fn with_stdin(mut self, stdin: Vec<u8>) -> Self {
        self.stdin = Some(stdin);
        self
    }
}

impl fmt::Debug for ToolCall {
    /// Shows the arguments but only the size of stdin, which may hold relation data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ToolCall")
            .field("tool", &self.tool)
            .field("args", &self.args)
            .field("stdin_len", &self.stdin.as_ref().map(Vec::len))
            .finish()
    }
}

/// A boxed future returned by [`HookTools::call`].
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::{HookTools, ToolCall, ToolFuture};
/// use charm_runtime::testing::MemoryTools;
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let tools = MemoryTools::new();
/// let future: ToolFuture<'_> = tools.call(ToolCall::new("is-leader", ["--format=json"]));
/// assert_eq!(future.await.unwrap(), b"false");
/// # }
/// ```
pub type ToolFuture<'a> = Pin<Box<dyn Future<Output = Result<Vec<u8>, Error>> + Send + 'a>>;

/// Something that runs hook tools: the real executables or an in-memory stand-in.
///
/// Implementations return the tool's stdout on success, and [`Error::Failed`] with its
/// stderr when it exits non-zero.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use charm_runtime::hook_tools::{HookTools, ToolCall};
/// use charm_runtime::testing::MemoryTools;
///
/// let tools: Arc<dyn HookTools> = Arc::new(MemoryTools::new());
/// let out = tools.call_blocking(ToolCall::new("is-leader", ["--format=json"])).unwrap();
/// assert_eq!(out, b"false");
/// ```
pub trait HookTools: Send + Sync + fmt::Debug {
    /// Runs `call` and returns its stdout.
    ///
    /// # Errors
    ///
    /// [`Error::Spawn`] when the tool cannot be started, [`Error::Failed`] when it exits
    /// non-zero.
    fn call(&self, call: ToolCall) -> ToolFuture<'_>;

    /// Runs `call` synchronously, for callers that cannot await (the logging layer).
    ///
    /// # Errors
    ///
    /// As [`HookTools::call`].
    fn call_blocking(&self, call: ToolCall) -> Result<Vec<u8>, Error>;
}

/// The model as the hook tools show it: a typed method per hook tool.
///
/// `Juju` wraps an `Arc<dyn HookTools>` and is cheap to clone. Every method is async and
/// takes `&self`. See the module docs for an example.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use charm_runtime::hook_tools::Juju;
/// use charm_runtime::testing::MemoryTools;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let juju = Juju::new(Arc::new(MemoryTools::new()));
/// assert!(!juju.is_leader().await.unwrap());
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Juju {
    tools: Arc<dyn HookTools>,
}

impl Juju {
    /// A `Juju` that sends its calls to `tools`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    /// use charm_runtime::hook_tools::Juju;
    /// use charm_runtime::testing::MemoryTools;
    ///
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let memory = Arc::new(MemoryTools::new());
    /// let juju = Juju::new(memory.clone());
    /// memory.update(|s| s.leader = true);
    /// assert!(juju.is_leader().await.unwrap());
    /// # }
    /// ```
    pub fn new(tools: Arc<dyn HookTools>) -> Self {
        Self { tools }
    }

    /// A `Juju` that runs the real hook tools found on `PATH`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// // Inside a hook, where Juju puts its tools on PATH.
    /// let juju = charm_runtime::hook_tools::Juju::process();
    /// let leader = juju.is_leader().await.unwrap();
    /// # }
    /// ```
    pub fn process() -> Self {
        Self::new(Arc::new(ProcessTools::new()))
    }

    /// The hook-tool implementation behind this `Juju`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    /// use charm_runtime::hook_tools::{HookTools, Juju};
    /// use charm_runtime::testing::MemoryTools;
    ///
    /// let memory: Arc<dyn HookTools> = Arc::new(MemoryTools::new());
    /// let juju = Juju::new(memory.clone());
    /// assert!(Arc::ptr_eq(juju.tools(), &memory));
    /// ```
    pub fn tools(&self) -> &Arc<dyn HookTools> {
        &self.tools
    }

    /// Runs a tool and returns its stdout.
    pub(crate) async fn run(&self, call: ToolCall) -> Result<Vec<u8>, Error> {
        self.tools.call(call).await
    }

    /// Runs a tool whose output is JSON and decodes it.
    pub(crate) async fn run_json<T: serde::de::DeserializeOwned>(
        &self,
        call: ToolCall,
    ) -> Result<T, Error> {
        let tool = call.tool.clone();
        let out = self.run(call).await?;
        decode_json(&tool, &out)
    }
}

/// Decodes a tool's JSON output; an empty output counts as `null`.
fn decode_json<T: serde::de::DeserializeOwned>(tool: &str, out: &[u8]) -> Result<T, Error> {
    let text = out.trim_ascii();
    let text: &[u8] = if text.is_empty() { b"null" } else { text };
    serde_json::from_slice(text).map_err(|source| Error::Output {
        tool: tool.to_owned(),
        source,
    })
}

/// Encodes `value` as JSON text for a tool's stdin.
pub(crate) fn encode_json<T: serde::Serialize + ?Sized>(
    what: &str,
    value: &T,
) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(value).map_err(|source| Error::Convert {
        what: what.to_owned(),
        source,
    })
}
