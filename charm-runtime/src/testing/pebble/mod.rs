//! An in-process fake Pebble: the real HTTP API on a temporary Unix socket.
//!
//! [`FakePebble`] serves Pebble's API from memory so that the same
//! [`pebble::Client`](crate::pebble::Client) a charm uses in production talks to it in unit
//! tests. What it does, and where it differs from a real Pebble:
//!
//! | Area | Behaviour |
//! |---|---|
//! | releases | answers as the Pebble release chosen with [`FakePebbleBuilder::pebble_version`] (default [`PebbleVersion::LATEST`]) for what [`PebbleFeature`] lists: endpoints it lacks answer 404 or 405, layer fields and values it does not know are refused with its messages, answers leave out the fields it did not have; `system-info` reports that release |
//! | envelope | Pebble's `sync`/`async`/`error` shape, status texts, 404 `invalid API endpoint requested`, 405 `method "PUT" not allowed` |
//! | layers and plan | parsing with Pebble's 400 messages (missing `override`, unknown field or section with the lines Go's decoder reports, label exists without `combine`, missing `command`, unsupported log target type), `override: merge/replace` combining, combine-in-place; no `workloads` section is kept, so a service's `workload` is never defined |
//! | services | no processes run: `start`/`stop`/`restart`/`autostart`/`replan` are changes that finish at once; start and stop are idempotent (saying so in the task log); `replan` restarts only the services whose configuration changed; `autostart` without enabled services fails with kind `no-default-services`; a service the test makes exit at once ([`FakePebble::service_exits_at_once`]) fails its start as Pebble does; signals to a service that is not running fail with Pebble's 500; a check set down restarts the services whose `on-check-failure` says `restart` |
//! | changes | get, list (`select`, `for`), wait with a timeout (504), abort |
//! | checks and health | no probes run: a check is `up` until the test calls [`FakePebble::set_check_status`]; health is 502 with `healthy: false` while a selected check is down |
//! | files | a temporary directory ([`FakePebble::root`]) stands for the container's `/`; push (through a `<path>.<random>~` file, as Pebble), pull (multipart, `response` part last), list, make-dirs (through `<dir>.mkdir-new`), remove, with Pebble's per-path errors; ownership options are accepted and ignored |
//! | exec | commands are answered by handlers the test registers ([`FakePebble::handle_exec`]), with the environment and working directory of a `service-context` merged in, over Pebble's websocket protocol; a command without a handler fails as a missing executable does (`cannot find executable`); a command that runs longer than its `timeout` ([`ExecResult::running_for`]) fails its change; the handler sees all of stdin at once, so interactive back-and-forth is not supported |
//! | notices | custom notices recorded by the client or by the test ([`FakePebble::notify`]), `change-update` notices for changes, filters, `after`, long-poll |
//! | logs | entries the test adds ([`FakePebble::add_log`]), as NDJSON, with `n` and `follow` |
//! | identities | add, update, replace, remove; passwords masked; the types and accesses of the release played |
//!
//! `tests/src/parity` in the repository holds the scenarios that run against this fake
//! playing each tested release and against the real binaries, so the two agree.
//!
//! Every request is recorded ([`FakePebble::requests`]), so a test can assert that something
//! did *not* happen, such as no `POST /v1/layers`.
//!
//! # Examples
//!
//! ```
//! use charm_runtime::testing::{ExecResult, FakePebble};
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let fake = FakePebble::start()?;
//! fake.handle_exec(["echo"], |_| ExecResult::ok("hi\n"));
//! let client = fake.client();
//!
//! let output = client.exec(["echo", "hi"]).await?.wait_output().await?;
//! assert_eq!(output.stdout, b"hi\n");
//! assert_eq!(fake.exec_calls()[0].command, ["echo", "hi"]);
//! # Ok(()) }
//! ```

// Handlers return an early HTTP response as their error: built once per request, never hot.
#![allow(clippy::result_large_err)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::{Map, Value, json};
use tokio::net::UnixListener;
use tokio::task::JoinHandle;

mod checks;
mod exec;
mod files;
mod identities;
mod logs;
mod notices;
pub(crate) mod plan;
mod server;
mod services;
mod state;
mod version;

pub use exec::{ExecCall, ExecResult};
pub use version::{ParseVersionError, PebbleFeature, PebbleVersion};

use crate::layer::{Layer, Plan};
use crate::pebble::checks::{CheckInfo, CheckStatus};
use crate::pebble::notices::{Notice, NoticeId};
use crate::pebble::services::ServiceInfo;
use crate::pebble::{Change, Client};
use state::Shared;

/// Directories the fake container starts with, as a container image has them.
const ROOT_DIRS: [&str; 6] = ["etc", "home", "root", "tmp", "usr", "var"];

/// An error setting up or inspecting a [`FakePebble`].
///
/// # Examples
///
/// ```
/// use charm_runtime::testing::{Error, FakePebble};
///
/// // Outside a tokio runtime, only a background fake can start.
/// assert!(matches!(FakePebble::start(), Err(Error::NoRuntime)));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// [`FakePebble::start`] was called outside a tokio runtime.
    #[error(
        "the fake pebble needs a tokio runtime: call it from async code or use a background fake"
    )]
    NoRuntime,
    /// A file or socket operation failed.
    #[error("cannot {what}")]
    Io {
        /// What was being done.
        what: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A layer given to [`FakePebble::add_layer`] was refused, with Pebble's message.
    #[error("cannot add layer: {message}")]
    Layer {
        /// Pebble's message.
        message: String,
    },
    /// A container path was not absolute.
    #[error("container path {path:?} is not absolute")]
    RelativePath {
        /// The path.
        path: String,
    },
}

fn io_error(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
    let what = what.into();
    move |source| Error::Io { what, source }
}

/// One request the fake received.
///
/// # Examples
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let fake = charm_runtime::testing::FakePebble::start()?;
/// fake.client().system_info().await?;
/// let request = &fake.requests()[0];
/// assert_eq!((request.method.as_str(), request.path.as_str()), ("GET", "/v1/system-info"));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// `GET` or `POST` (or whatever the client sent).
    pub method: String,
    /// The path, such as `/v1/layers`.
    pub path: String,
    /// The raw query string (empty when there is none).
    pub query: String,
}

/// Sets up a [`FakePebble`] before starting it: [`FakePebble::builder`].
///
/// # Examples
///
/// ```
/// use charm_runtime::testing::FakePebble;
///
/// // A fake with its own thread, usable from synchronous tests.
/// let fake = FakePebble::builder().background(true).start().unwrap();
/// assert!(fake.socket().exists());
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct FakePebbleBuilder {
    socket: Option<PathBuf>,
    background: bool,
    version: PebbleVersion,
}

impl FakePebbleBuilder {
    /// Listens at `socket` instead of in a fresh temporary directory (its directory is created
    /// if needed).
    ///
    /// # Examples
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// let socket = dir.path().join("web/pebble.socket");
    /// let fake = charm_runtime::testing::FakePebble::builder()
    ///     .background(true)
    ///     .socket(&socket)
    ///     .start()
    ///     .unwrap();
    /// assert_eq!(fake.socket(), socket);
    /// ```
    pub fn socket(mut self, socket: impl Into<PathBuf>) -> Self {
        self.socket = Some(socket.into());
        self
    }

    /// Serves from a thread of its own (with its own runtime) instead of the caller's
    /// runtime: for synchronous tests, such as the [`harness`](crate::testing::harness).
    ///
    /// # Examples
    ///
    /// See [`FakePebbleBuilder`].
    pub fn background(mut self, background: bool) -> Self {
        self.background = background;
        self
    }

    /// Answers as Pebble `version` does (default [`PebbleVersion::LATEST`]), for the
    /// differences [`PebbleFeature`] lists: a missing endpoint answers 404 or 405, a layer
    /// field or value that release does not know is refused with its message, answers leave
    /// out the fields it did not have, and `system-info` reports `version`.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::testing::{FakePebble, PebbleVersion};
    ///
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // The Pebble of Juju 3.6.0, which cannot stop checks.
    /// let fake = FakePebble::builder().pebble_version(PebbleVersion::V1_16_0).start()?;
    /// let client = fake.client();
    /// assert_eq!(client.system_info().await?.version, "v1.16.0");
    /// let err = client.stop_checks(&["up"]).await.unwrap_err();
    /// assert_eq!(err.needs_newer_pebble().map(|f| f.id), Some("checks-start-stop"));
    /// # Ok(()) }
    /// ```
    pub fn pebble_version(mut self, version: PebbleVersion) -> Self {
        self.version = version;
        self
    }

    /// Starts the fake.
    ///
    /// # Errors
    ///
    /// [`Error::NoRuntime`] outside a tokio runtime, unless [`background`](Self::background);
    /// [`Error::Io`] when the temporary directory or the socket cannot be made.
    ///
    /// # Examples
    ///
    /// See [`FakePebbleBuilder`].
    pub fn start(self) -> Result<FakePebble, Error> {
        FakePebble::start_as(self)
    }
}

/// The runtime that serves the fake.
#[derive(Debug)]
enum Runtime {
    /// The caller's.
    Caller(tokio::runtime::Handle),
    /// A thread of the fake's own; dropping the sender ends it.
    Own {
        handle: tokio::runtime::Handle,
        stop: Option<tokio::sync::oneshot::Sender<()>>,
        thread: Option<std::thread::JoinHandle<()>>,
    },
}

impl Runtime {
    fn handle(&self) -> &tokio::runtime::Handle {
        match self {
            Self::Caller(handle) | Self::Own { handle, .. } => handle,
        }
    }
}

/// An in-process fake Pebble. See the [module docs](self) for what it does.
///
/// Stops serving when dropped.
///
/// # Examples
///
/// ```
/// use charm_runtime::layer::Layer;
/// use charm_runtime::testing::FakePebble;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let fake = FakePebble::start()?;
/// let client = fake.client();
/// let layer = Layer::from_yaml("services:\n  web:\n    override: replace\n    command: /bin/web\n    startup: enabled\n")?;
/// client.add_layer("web", &layer).await?;
/// client.replan().await?;
/// assert!(fake.services()[0].is_running());
/// assert_eq!(fake.plan().services["web"].command, "/bin/web");
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct FakePebble {
    shared: Arc<Shared>,
    socket: PathBuf,
    accept: Mutex<Option<JoinHandle<()>>>,
    runtime: Runtime,
    // Dropped last: holds the socket and the root directory.
    _dir: tempfile::TempDir,
}

impl FakePebble {
    /// Starts a fake on a socket in a fresh temporary directory, served by the current tokio
    /// runtime (current-thread runtimes work: the server runs while the test awaits).
    ///
    /// # Errors
    ///
    /// [`Error::NoRuntime`] outside a tokio runtime; [`Error::Io`] when the temporary
    /// directory or the socket cannot be made.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let fake = charm_runtime::testing::FakePebble::start()?;
    /// assert_eq!(fake.client().system_info().await?.version, "v1.32.1");
    /// # Ok(()) }
    /// ```
    pub fn start() -> Result<Self, Error> {
        Self::builder().start()
    }

    /// A builder for a fake on another socket or with a thread of its own.
    ///
    /// # Examples
    ///
    /// See [`FakePebbleBuilder`].
    pub fn builder() -> FakePebbleBuilder {
        FakePebbleBuilder::default()
    }

    /// Starts a fake as `options` say.
    fn start_as(options: FakePebbleBuilder) -> Result<Self, Error> {
        let dir = tempfile::Builder::new()
            .prefix("fake-pebble-")
            .tempdir()
            .map_err(io_error("create the fake's temporary directory"))?;
        let root = dir.path().join("root");
        for dir in ROOT_DIRS {
            std::fs::create_dir_all(root.join(dir))
                .map_err(io_error("create the fake's root directory"))?;
        }
        let socket = options
            .socket
            .unwrap_or_else(|| dir.path().join("pebble.socket"));
        let runtime = if options.background {
            let (handle_tx, handle_rx) = std::sync::mpsc::channel();
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            let thread = std::thread::Builder::new()
                .name("fake-pebble".to_owned())
                .spawn(move || {
                    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    else {
                        return;
                    };
                    let _ = handle_tx.send(runtime.handle().clone());
                    let _ = runtime.block_on(stopped);
                })
                .map_err(io_error("start the fake's thread"))?;
            let handle = handle_rx.recv().map_err(|_| Error::Io {
                what: "start the fake's runtime".to_owned(),
                source: std::io::Error::other("the runtime did not start"),
            })?;
            Runtime::Own {
                handle,
                stop: Some(stop),
                thread: Some(thread),
            }
        } else {
            Runtime::Caller(tokio::runtime::Handle::try_current().map_err(|_| Error::NoRuntime)?)
        };
        let fake = Self {
            shared: Shared::new(root, options.version),
            socket,
            accept: Mutex::new(None),
            runtime,
            _dir: dir,
        };
        fake.listen()?;
        Ok(fake)
    }

    /// Binds the socket and starts the accept loop.
    fn listen(&self) -> Result<(), Error> {
        if let Some(parent) = self.socket.parent() {
            std::fs::create_dir_all(parent).map_err(io_error(format!(
                "create the socket's directory {}",
                parent.display()
            )))?;
        }
        let _ = std::fs::remove_file(&self.socket);
        let handle = self.runtime.handle();
        let _entered = handle.enter();
        let listener = UnixListener::bind(&self.socket)
            .map_err(io_error(format!("listen at {}", self.socket.display())))?;
        let task = handle.spawn(server::serve(listener, self.shared.clone()));
        if let Some(old) = self
            .accept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .replace(task)
        {
            old.abort();
        }
        Ok(())
    }

    /// A client of this fake (the same [`Client`] a charm uses).
    ///
    /// # Examples
    ///
    /// See [`FakePebble`].
    pub fn client(&self) -> Client {
        Client::new(&self.socket)
    }

    /// The Pebble release the fake plays ([`FakePebbleBuilder::pebble_version`]).
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// use charm_runtime::testing::{FakePebble, PebbleVersion};
    /// assert_eq!(FakePebble::start().unwrap().pebble_version(), PebbleVersion::LATEST);
    /// # }
    /// ```
    pub fn pebble_version(&self) -> PebbleVersion {
        self.shared.version
    }

    /// The socket the fake listens at.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let fake = charm_runtime::testing::FakePebble::start().unwrap();
    /// assert!(fake.socket().exists());
    /// # }
    /// ```
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// The directory that stands for the container's `/`: container path `/etc/app.conf` is
    /// `root().join("etc/app.conf")`. It starts with empty `/etc`, `/home`, `/root`, `/tmp`,
    /// `/usr` and `/var`, as a container image has them.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let fake = charm_runtime::testing::FakePebble::start()?;
    /// fake.client().push("/etc/app.conf", "port: 80\n").await?;
    /// assert_eq!(std::fs::read_to_string(fake.root().join("etc/app.conf"))?, "port: 80\n");
    /// # Ok(()) }
    /// ```
    pub fn root(&self) -> &Path {
        &self.shared.root
    }

    /// Makes the socket disappear (`false`), as when the container restarts, or come back.
    ///
    /// While it cannot connect, every client call fails with
    /// [`pebble::Error::Connection`](crate::pebble::Error::Connection). State is kept.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the socket cannot be bound again.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let fake = charm_runtime::testing::FakePebble::start()?;
    /// fake.set_can_connect(false)?;
    /// assert!(fake.client().system_info().await.unwrap_err().is_connection());
    /// fake.set_can_connect(true)?;
    /// assert!(fake.client().system_info().await.is_ok());
    /// # Ok(()) }
    /// ```
    pub fn set_can_connect(&self, can_connect: bool) -> Result<(), Error> {
        if can_connect {
            return self.listen();
        }
        if let Some(task) = self
            .accept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            task.abort();
        }
        match std::fs::remove_file(&self.socket) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(io_error("remove the socket")(e))
            }
            _ => Ok(()),
        }
    }

    /// Adds a layer as `POST /v1/layers` would: for the initial state of a test.
    ///
    /// # Errors
    ///
    /// [`Error::Layer`] with Pebble's message when Pebble would refuse it.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use charm_runtime::layer::Layer;
    /// let fake = charm_runtime::testing::FakePebble::start()?;
    /// let layer = Layer::from_yaml("services:\n  db:\n    override: replace\n    command: pg\n")?;
    /// fake.add_layer("base", &layer, false)?;
    /// assert_eq!(fake.layers()[0].0, "base");
    /// # Ok(()) }
    /// ```
    pub fn add_layer(&self, label: &str, layer: &Layer, combine: bool) -> Result<(), Error> {
        let version = self.shared.version;
        // What the release played would refuse in the layer's text.
        let yaml = layer.to_yaml().map_err(|e| Error::Layer {
            message: e.to_string(),
        })?;
        plan::parse_layer(label, &yaml, version)
            .map_err(|e| Error::Layer { message: e.message })?;
        self.shared.write(|s| {
            plan::add_layer(&mut s.layers, label, layer.clone(), combine, true, version)
                .map_err(|e| Error::Layer { message: e.message })?;
            let plan = s.plan();
            checks::reconcile_checks(s, &plan);
            Ok(())
        })
    }

    /// The combined plan.
    ///
    /// # Examples
    ///
    /// See [`FakePebble`].
    pub fn plan(&self) -> Plan {
        self.shared.read(state::State::plan)
    }

    /// The layers, lowest first, with their labels.
    ///
    /// # Examples
    ///
    /// See [`add_layer`](Self::add_layer).
    pub fn layers(&self) -> Vec<(String, Layer)> {
        self.shared.read(|s| s.layers.clone())
    }

    /// The services of the plan and their status, as `GET /v1/services` gives them.
    ///
    /// # Examples
    ///
    /// See [`FakePebble`].
    pub fn services(&self) -> Vec<ServiceInfo> {
        let infos = self.shared.read(|s| s.service_infos(&[]));
        serde_json::from_value(Value::Array(infos)).unwrap_or_default()
    }

    /// The checks of the plan and their status, as `GET /v1/checks` gives them.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::layer::Layer;
    /// use charm_runtime::pebble::checks::CheckStatus;
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let fake = charm_runtime::testing::FakePebble::start()?;
    /// let layer = Layer::from_yaml("checks:\n  up:\n    override: replace\n    tcp:\n      port: 80\n")?;
    /// fake.add_layer("checks", &layer, false)?;
    /// assert_eq!(fake.checks()[0].status, CheckStatus::Up);
    /// # Ok(()) }
    /// ```
    pub fn checks(&self) -> Vec<CheckInfo> {
        let infos: Vec<Value> = self.shared.read(|s| {
            s.plan()
                .checks
                .iter()
                .map(|(name, check)| s.check_info(name, check))
                .collect()
        });
        serde_json::from_value(Value::Array(infos)).unwrap_or_default()
    }

    /// How many times service `name` was started.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let fake = charm_runtime::testing::FakePebble::start().unwrap();
    /// assert_eq!(fake.service_starts("web"), 0);
    /// # }
    /// ```
    pub fn service_starts(&self, name: &str) -> u64 {
        self.shared
            .read(|s| s.services.get(name).map_or(0, |r| r.starts))
    }

    /// Every change, oldest first.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let fake = charm_runtime::testing::FakePebble::start().unwrap();
    /// assert!(fake.changes().is_empty());
    /// # }
    /// ```
    pub fn changes(&self) -> Vec<Change> {
        let changes: Vec<Value> = self
            .shared
            .read(|s| s.changes.values().map(state::ChangeRec::to_json).collect());
        serde_json::from_value(Value::Array(changes)).unwrap_or_default()
    }

    /// Every request received so far.
    ///
    /// # Examples
    ///
    /// See [`RecordedRequest`].
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.read(|s| s.requests.clone())
    }

    /// Answers commands starting with `prefix` (the longest matching prefix wins; an empty
    /// prefix matches every command) by calling `handler` with the call: command,
    /// environment, working directory and stdin.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::testing::{ExecResult, FakePebble};
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let fake = FakePebble::start().unwrap();
    /// fake.handle_exec(["pg_dump"], |_| ExecResult::ok("-- dump\n"));
    /// fake.handle_exec(["pg_dump", "--missing"], |_| ExecResult::new(1).with_stderr("no such db\n"));
    /// fake.handle_exec(["tr", "a-z", "A-Z"], |call| {
    ///     ExecResult::ok(String::from_utf8_lossy(&call.stdin).to_uppercase())
    /// });
    /// let client = fake.client();
    /// let run = |command: &'static [&'static str]| client.exec(command.iter().copied());
    /// // The longest matching prefix answers.
    /// let missing = run(&["pg_dump", "--missing"]).await.unwrap().wait_exit_code().await.unwrap();
    /// assert_eq!(missing, 1);
    /// let dump = run(&["pg_dump", "app"]).await.unwrap().wait_output().await.unwrap();
    /// assert_eq!(dump.stdout, b"-- dump\n");
    /// let upper = run(&["tr", "a-z", "A-Z"]).stdin("abc").await.unwrap().wait_output().await.unwrap();
    /// assert_eq!(upper.stdout, b"ABC");
    /// # }
    /// ```
    pub fn handle_exec<I, S>(
        &self,
        prefix: I,
        handler: impl Fn(&ExecCall) -> ExecResult + Send + Sync + 'static,
    ) where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let prefix = prefix.into_iter().map(Into::into).collect();
        self.shared.write(|s| {
            s.exec_handlers.push(exec::ExecHandler {
                prefix,
                respond: Arc::new(handler),
            });
        });
    }

    /// Makes service `name` exit right after each start, within Pebble's one-second okay
    /// delay, printing `exit`'s output and exiting with its code, as a workload with a broken
    /// configuration does.
    ///
    /// Its start task then fails with Pebble's message and the output in its log. What
    /// happens to the service depends on the release played
    /// ([`PebbleFeature::ServiceQuickExitRestart`]): v1.17.0 and later act on its
    /// `on-failure` (`on-success` for code 0): `restart`, the default, leaves it in
    /// `backoff`, `ignore` in `error`; v1.16.0 leaves it `inactive`.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::layer::Layer;
    /// use charm_runtime::pebble::services::ServiceStatus;
    /// use charm_runtime::testing::{ExecResult, FakePebble};
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let fake = FakePebble::start()?;
    /// fake.service_exits_at_once("web", ExecResult::new(3).with_stderr("bad config\n"));
    /// let layer = Layer::from_yaml("services:\n  web:\n    override: replace\n    command: web\n")?;
    /// let client = fake.client();
    /// client.add_layer("web", &layer).await?;
    /// let err = client.start_services(&["web"]).await.unwrap_err();
    /// assert!(err.to_string().ends_with("(service start attempt: exited quickly with code 3, will restart)"));
    /// assert_eq!(fake.services()[0].current, ServiceStatus::Backoff);
    /// # Ok(()) }
    /// ```
    pub fn service_exits_at_once(&self, name: &str, exit: ExecResult) {
        self.shared.write(|s| {
            s.quick_exits.insert(name.to_owned(), exit);
        });
    }

    /// The commands run so far, in order (also those refused for lack of a handler, with
    /// empty stdin).
    ///
    /// # Examples
    ///
    /// See the [module docs](self).
    pub fn exec_calls(&self) -> Vec<ExecCall> {
        self.shared.read(|s| s.exec_calls.clone())
    }

    /// Sets check `name` [`Up`](CheckStatus::Up) or [`Down`](CheckStatus::Down), as if its
    /// probes passed or reached the failure threshold.
    ///
    /// A running check moves between `perform-check` and `recover-check` changes as in
    /// Pebble. Other statuses are ignored: stop a check with the client.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::layer::Layer;
    /// use charm_runtime::pebble::checks::CheckStatus;
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let fake = charm_runtime::testing::FakePebble::start()?;
    /// let layer = Layer::from_yaml("checks:\n  up:\n    override: replace\n    http:\n      url: http://localhost/\n")?;
    /// fake.add_layer("checks", &layer, false)?;
    /// fake.set_check_status("up", CheckStatus::Down);
    /// assert!(!fake.client().health().await?);
    /// # Ok(()) }
    /// ```
    pub fn set_check_status(&self, name: &str, status: CheckStatus) {
        let down = match status {
            CheckStatus::Up => false,
            CheckStatus::Down => true,
            _ => return,
        };
        self.shared.write(|s| s.set_check_down(name, down));
    }

    /// Sets the failures in a row of check `name`, as if its probe had failed that many
    /// times: the check is down from its `threshold` (3 unless the layer says) on, and up
    /// below it, with the count in `GET /v1/checks`.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::layer::Layer;
    /// use charm_runtime::pebble::checks::CheckStatus;
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let fake = charm_runtime::testing::FakePebble::start()?;
    /// let layer = Layer::from_yaml("checks:\n  up:\n    override: replace\n    threshold: 5\n    http:\n      url: http://localhost/\n")?;
    /// fake.add_layer("checks", &layer, false)?;
    /// fake.set_check_failures("up", 2);
    /// let checks = fake.client().checks().await?;
    /// assert_eq!(checks[0].status, CheckStatus::Up);
    /// assert_eq!((checks[0].failures, checks[0].threshold), (2, 5));
    /// fake.set_check_failures("up", 5);
    /// assert_eq!(fake.client().checks().await?[0].status, CheckStatus::Down);
    /// # Ok(()) }
    /// ```
    pub fn set_check_failures(&self, name: &str, failures: u32) {
        self.shared.write(|s| s.set_check_failures(name, failures));
    }

    /// Records a custom notice, as `pebble notify` in the workload would; returns its ID.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let fake = charm_runtime::testing::FakePebble::start()?;
    /// fake.notify("example.com/db/backup-done", [("path", "/backups/1")]);
    /// let notices = fake.client().notices().await?;
    /// assert_eq!(notices[0].last_data["path"], "/backups/1");
    /// # Ok(()) }
    /// ```
    pub fn notify<K, V>(&self, key: &str, data: impl IntoIterator<Item = (K, V)>) -> NoticeId
    where
        K: Into<String>,
        V: Into<String>,
    {
        let data: Map<String, Value> = data
            .into_iter()
            .map(|(k, v)| (k.into(), json!(v.into())))
            .collect();
        let id = self
            .shared
            .write(|s| s.record_notice(None, "custom", key, data, None));
        NoticeId::from(id.to_string())
    }

    /// Every notice, in the order they last repeated.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let fake = charm_runtime::testing::FakePebble::start().unwrap();
    /// fake.notify("example.com/x", [("a", "b")]);
    /// assert_eq!(fake.notices()[0].key, "example.com/x");
    /// # }
    /// ```
    pub fn notices(&self) -> Vec<Notice> {
        let notices: Vec<Value> = self
            .shared
            .read(|s| s.notices.iter().map(state::NoticeRec::to_json).collect());
        serde_json::from_value(Value::Array(notices)).unwrap_or_default()
    }

    /// Adds a line of output of service `service` (timestamped now) for `GET /v1/logs`.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let fake = charm_runtime::testing::FakePebble::start()?;
    /// fake.add_log("web", "listening on :8080");
    /// let logs = fake.client().logs().await?;
    /// assert_eq!(logs[0].message, "listening on :8080");
    /// # Ok(()) }
    /// ```
    pub fn add_log(&self, service: &str, message: &str) {
        logs::add(&self.shared, service, message);
    }

    /// Writes a file into the container (parents created): for the initial state of a test.
    ///
    /// # Errors
    ///
    /// [`Error::RelativePath`] when `path` is not absolute, [`Error::Io`] when writing fails.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let fake = charm_runtime::testing::FakePebble::start()?;
    /// fake.write_file("/etc/app.conf", "port: 80\n")?;
    /// assert_eq!(fake.client().pull_string("/etc/app.conf").await?, "port: 80\n");
    /// # Ok(()) }
    /// ```
    pub fn write_file(&self, path: &str, content: impl AsRef<[u8]>) -> Result<(), Error> {
        let host = self.host_path(path)?;
        if let Some(parent) = host.parent() {
            std::fs::create_dir_all(parent)
                .map_err(io_error(format!("create parents of {path}")))?;
        }
        std::fs::write(&host, content).map_err(io_error(format!("write {path}")))
    }

    /// Reads a file of the container.
    ///
    /// # Errors
    ///
    /// [`Error::RelativePath`] when `path` is not absolute, [`Error::Io`] when reading fails.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let fake = charm_runtime::testing::FakePebble::start()?;
    /// fake.client().push("/etc/motd", "hello").await?;
    /// assert_eq!(fake.read_file("/etc/motd")?, b"hello");
    /// # Ok(()) }
    /// ```
    pub fn read_file(&self, path: &str) -> Result<Vec<u8>, Error> {
        std::fs::read(self.host_path(path)?).map_err(io_error(format!("read {path}")))
    }

    /// Starts services `names` at once, as a `start` change would (for a test's initial
    /// state); names not in the plan are ignored.
    pub(crate) fn start_now(&self, names: &[String]) {
        self.shared.write(|s| {
            let plan = s.plan();
            let known: Vec<String> = names
                .iter()
                .filter(|n| plan.services.contains_key(*n))
                .cloned()
                .collect();
            if !known.is_empty() {
                let _ = s.service_action("start", &known);
            }
        });
    }

    fn host_path(&self, path: &str) -> Result<PathBuf, Error> {
        files::host_path(&self.shared.root, path).ok_or_else(|| Error::RelativePath {
            path: path.to_owned(),
        })
    }
}

impl Drop for FakePebble {
    fn drop(&mut self) {
        if let Some(task) = self
            .accept
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            task.abort();
        }
        let _ = std::fs::remove_file(&self.socket);
        if let Runtime::Own { stop, thread, .. } = &mut self.runtime {
            drop(stop.take());
            if let Some(thread) = thread.take() {
                let _ = thread.join();
            }
        }
    }
}
