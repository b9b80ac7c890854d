//! State in, one event, state out: unit tests for a whole charm.
//!
//! A test describes the world before the event ([`State`]: leadership, config, relations,
//! peers, secrets, stored state, statuses, and each workload container as a
//! [`ContainerState`]), picks the event ([`TestEvent`]) and runs the charm once with
//! [`Context::run`] (a `#[charm]` type) or [`Context::run_fn`] (a plain `async` function
//! taking a [`HookContext`]). The charm runs exactly as under Juju: the event is decoded from
//! the same environment variables, hook tools are answered by [`MemoryTools`], each container
//! is a [`FakePebble`] listening at `<dir>/<name>/pebble.socket` in a temporary directory
//! that [`CONTAINERS_DIR_VAR`] names (so the charm reaches it the one way it reaches any
//! container), and the charm directory is a fresh temporary one. The [`Output`] holds the
//! exit code, everything the hook tools recorded (statuses and their history, relation data,
//! stored state, action results, logs, secrets, ports) and the fake Pebbles to inspect
//! (plan, services, checks, files, notices, exec calls).
//!
//! # Checked against `charmcraft.yaml`
//!
//! A `#[charm]` type carries the `charmcraft.yaml` the macro read, so [`Context::run`] applies
//! its config and action-parameter defaults as Juju does, and refuses a test that could not
//! happen: a config option, relation endpoint, container, storage or action the file does
//! not declare, a config value of the wrong type, a container given twice
//! ([`Error`]). [`Context::charmcraft`] gives the file for [`Context::run_fn`].
//!
//! # Sync or async
//!
//! [`Context::run`] builds its own runtime, like a charm's `main`: call it from a plain
//! `#[test]`. From async code (`#[tokio::test]`), await [`Context::run_async`] instead.
//!
//! # Examples
//!
//! ```
//! use charm_runtime::hook_tools::{Status, StatusKind};
//! use charm_runtime::layer::Layer;
//! use charm_runtime::testing::harness::{ContainerState, Context, State, TestEvent};
//!
//! let state = State::new().config("port", 8080).container(ContainerState::new("web"));
//! let out = Context::new()
//!     .run_fn(TestEvent::pebble_ready("web"), state, |ctx| async move {
//!         let port = ctx.juju.config_value("port").await?.and_then(|v| v.as_i64()).unwrap_or(80);
//!         let layer = Layer::from_yaml(&format!(
//!             "services:\n  web:\n    override: replace\n    command: web --port {port}\n    startup: enabled\n"
//!         ))?;
//!         let web = ctx.container("web");
//!         web.ensure_layer("web", &layer).await?;
//!         web.client().replan().await?;
//!         ctx.juju.set_unit_status(Status::active("")).await?;
//!         Ok(())
//!     })
//!     .unwrap();
//! assert_eq!(out.exit_code, 0);
//! assert_eq!(out.juju.unit_status.kind, StatusKind::Active);
//! let web = &out.containers["web"];
//! assert_eq!(web.plan().services["web"].command, "web --port 8080");
//! assert!(web.services()[0].is_running());
//! ```

mod charmcraft;
mod container;
mod error;
mod event;
mod state;

use std::collections::BTreeMap;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::{MemoryState, MemoryTools};
use crate::container::{CONTAINERS_DIR_VAR, socket_path};
use crate::dispatch::{self, HookContext};
use crate::handler::{self, Charm};
use crate::hook_tools::Status;
use crate::hook_tools::state::decode_state;
use crate::pebble::checks::CheckStatus;
use crate::status::Memory;
use crate::status::memory::Remembered;
use crate::testing::pebble::FakePebble;
use charmcraft::Declared;
use event::PebbleSide;

pub use container::ContainerState;
pub use error::Error;
pub use event::TestEvent;
pub use state::State;

/// The world after the event.
///
/// # Examples
///
/// See the [module docs](self).
#[derive(Debug)]
#[non_exhaustive]
pub struct Output {
    /// The charm's exit code (0: success; 1: the handler failed, and Juju would retry).
    pub exit_code: u8,
    /// What the hook tools recorded: statuses (and every status set, in
    /// `unit_status_history` / `app_status_history`), workload version, relation data, unit
    /// state, action results and failure, `juju-log` records, secrets, opened ports, every
    /// call.
    pub juju: MemoryState,
    /// Each container's fake Pebble, to inspect plan, services, files, notices and exec calls.
    pub containers: BTreeMap<String, FakePebble>,
    /// Holds the containers' sockets and the charm directory; dropped after the fakes.
    dir: tempfile::TempDir,
}

impl Output {
    /// Container `name`'s fake Pebble.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::testing::harness::{ContainerState, Context, State, TestEvent};
    /// let out = Context::new()
    ///     .run_fn(TestEvent::install(), State::new().container(ContainerState::new("web")), |_| async { Ok(()) })
    ///     .unwrap();
    /// assert!(out.container("web").is_some());
    /// ```
    pub fn container(&self, name: &str) -> Option<&FakePebble> {
        self.containers.get(name)
    }

    /// The value the unit's state holds under `key` after the run, as a `T`.
    ///
    /// # Errors
    ///
    /// [`hook_tools::Error::StoredState`](crate::hook_tools::Error::StoredState) when the
    /// value does not decode as a `T`.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::testing::harness::{Context, State, TestEvent};
    ///
    /// let out = Context::new()
    ///     .run_fn(TestEvent::install(), State::new(), |ctx| async move {
    ///         ctx.juju.state_save("flushes", &3_u64).await?;
    ///         Ok(())
    ///     })
    ///     .unwrap();
    /// assert_eq!(out.stored::<u64>("flushes").unwrap(), Some(3));
    /// ```
    pub fn stored<T: DeserializeOwned>(
        &self,
        key: &str,
    ) -> Result<Option<T>, crate::hook_tools::Error> {
        self.juju
            .state
            .get(key)
            .map(|text| decode_state(key, text))
            .transpose()
    }

    /// The charm directory the charm ran in (`JUJU_CHARM_DIR`), to inspect what it wrote
    /// there.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::testing::harness::{Context, State, TestEvent};
    ///
    /// let out = Context::new()
    ///     .run_fn(TestEvent::install(), State::new(), |ctx| async move {
    ///         std::fs::write(ctx.charm_dir.join("installed"), "yes")?;
    ///         Ok(())
    ///     })
    ///     .unwrap();
    /// assert!(out.charm_dir().join("installed").is_file());
    /// ```
    pub fn charm_dir(&self) -> PathBuf {
        charm_dir(self.dir.path())
    }
}

/// Runs one event against a charm: see the [module docs](self).
///
/// # Examples
///
/// See the [module docs](self).
#[derive(Debug, Clone)]
#[must_use]
pub struct Context {
    unit_name: String,
    model_name: String,
    charmcraft: Option<Declared>,
}

impl Default for Context {
    fn default() -> Self {
        Self {
            unit_name: "app/0".to_owned(),
            model_name: "test-model".to_owned(),
            charmcraft: None,
        }
    }
}

/// The charm directory in the run's temporary directory.
fn charm_dir(root: &Path) -> PathBuf {
    root.join("charm")
}

/// The containers' directory in the run's temporary directory.
fn containers_dir(root: &Path) -> PathBuf {
    root.join("containers")
}

/// A run set up and ready to dispatch: the environment, the hook tools and the fakes.
struct Prepared {
    vars: BTreeMap<String, String>,
    tools: Arc<MemoryTools>,
    fakes: BTreeMap<String, FakePebble>,
    dir: tempfile::TempDir,
}

impl Prepared {
    /// The output once the charm exited with `exit_code`.
    fn finish(self, exit_code: u8) -> Output {
        Output {
            exit_code,
            juju: self.tools.state(),
            containers: self.fakes,
            dir: self.dir,
        }
    }
}

impl Context {
    /// A context for unit `app/0` in model `test-model`.
    ///
    /// # Examples
    ///
    /// See the [module docs](self).
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs as unit `unit_name` (`app/N`) instead.
    ///
    /// # Examples
    ///
    /// ```
    /// let ctx = charm_runtime::testing::harness::Context::new().unit("web/1");
    /// ```
    pub fn unit(mut self, unit_name: impl Into<String>) -> Self {
        self.unit_name = unit_name.into();
        self
    }

    /// Checks runs against `charmcraft_yaml` (the text of the charm's `charmcraft.yaml`) and
    /// applies its config and action-parameter defaults, as Juju does. [`run`](Self::run)
    /// does this with the charm's own file already; this is for [`run_fn`](Self::run_fn),
    /// or to test a `#[charm]` type against another file.
    ///
    /// # Errors
    ///
    /// [`Error::Metadata`] when the text is not YAML of the expected shape.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::testing::harness::{Context, State, TestEvent};
    ///
    /// let ctx = Context::new()
    ///     .charmcraft("config:\n  options:\n    port: {type: int, default: 8080}\n")
    ///     .unwrap();
    /// let out = ctx
    ///     .run_fn(TestEvent::config_changed(), State::new(), |ctx| async move {
    ///         let config: serde_json::Value = ctx.juju.config().await?;
    ///         assert_eq!(config["port"], 8080);
    ///         Ok(())
    ///     })
    ///     .unwrap();
    /// assert_eq!(out.exit_code, 0);
    /// assert!(ctx.run_fn(TestEvent::config_changed(), State::new().config("prot", 1), |_| async { Ok(()) }).is_err());
    /// ```
    pub fn charmcraft(mut self, charmcraft_yaml: &str) -> Result<Self, Error> {
        self.charmcraft = Some(Declared::read(charmcraft_yaml)?);
        Ok(self)
    }

    /// Runs the `#[charm]` type `C` for `event` in `state`, checked against `C`'s
    /// `charmcraft.yaml`.
    ///
    /// # Errors
    ///
    /// [`Error::InsideRuntime`] when called from async code (use
    /// [`run_async`](Self::run_async) there); [`Error::Undeclared`],
    /// [`Error::ConfigType`], [`Error::DuplicateContainer`] and [`Error::PeerRemoteApp`]
    /// for a state or event that could not happen; [`Error::Pebble`] when a container's fake
    /// Pebble cannot be set up (such as a layer it would refuse). A failing charm is not an
    /// error: see [`Output::exit_code`].
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::handler::{Charm, Scope};
    /// use charm_runtime::hook_tools::Status;
    /// use charm_runtime::testing::harness::{Context, State, TestEvent};
    ///
    /// // What `#[charm]` generates, written by hand.
    /// struct Hello;
    /// impl Charm for Hello {
    ///     async fn handle(scope: &Scope<'_>) -> charm_runtime::Result<()> {
    ///         scope.statuses().add_unit(Status::active("hello"));
    ///         Ok(())
    ///     }
    /// }
    ///
    /// let out = Context::new().run::<Hello>(TestEvent::install(), State::new()).unwrap();
    /// assert_eq!(out.juju.unit_status, Status::active("hello"));
    /// ```
    pub fn run<C: Charm>(&self, event: TestEvent, state: State) -> Result<Output, Error> {
        self.run_with(C::CHARMCRAFT, event, state, handler::dispatch_to::<C>)
    }

    /// Like [`run`](Self::run), from async code: awaits the charm on the caller's runtime
    /// (a `#[tokio::test]`).
    ///
    /// # Errors
    ///
    /// As [`run`](Self::run), without [`Error::InsideRuntime`].
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::handler::{Charm, Scope};
    /// use charm_runtime::hook_tools::Status;
    /// use charm_runtime::testing::harness::{Context, State, TestEvent};
    ///
    /// struct Hello;
    /// impl Charm for Hello {
    ///     async fn handle(scope: &Scope<'_>) -> charm_runtime::Result<()> {
    ///         scope.statuses().add_unit(Status::active("hello"));
    ///         Ok(())
    ///     }
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// // In a #[tokio::test]:
    /// let out = Context::new().run_async::<Hello>(TestEvent::install(), State::new()).await.unwrap();
    /// assert_eq!(out.juju.unit_status, Status::active("hello"));
    /// # }
    /// ```
    pub async fn run_async<C: Charm>(
        &self,
        event: TestEvent,
        state: State,
    ) -> Result<Output, Error> {
        self.run_with_async(C::CHARMCRAFT, event, state, handler::dispatch_to::<C>)
            .await
    }

    /// Runs `handler` (as [`dispatch::run`] would) for `event` in `state`, checked against
    /// the file given to [`charmcraft`](Self::charmcraft), if any.
    ///
    /// # Errors
    ///
    /// As [`run`](Self::run).
    ///
    /// # Examples
    ///
    /// See the [module docs](self).
    pub fn run_fn<F, Fut>(
        &self,
        event: TestEvent,
        state: State,
        handler: F,
    ) -> Result<Output, Error>
    where
        F: FnOnce(HookContext) -> Fut,
        Fut: Future<Output = crate::Result<()>>,
    {
        self.run_with("", event, state, handler)
    }

    /// Like [`run_fn`](Self::run_fn), from async code.
    ///
    /// # Errors
    ///
    /// As [`run_async`](Self::run_async).
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::testing::harness::{Context, State, TestEvent};
    ///
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let out = Context::new()
    ///     .run_fn_async(TestEvent::install(), State::new(), |_| async { Ok(()) })
    ///     .await
    ///     .unwrap();
    /// assert_eq!(out.exit_code, 0);
    /// # }
    /// ```
    pub async fn run_fn_async<F, Fut>(
        &self,
        event: TestEvent,
        state: State,
        handler: F,
    ) -> Result<Output, Error>
    where
        F: FnOnce(HookContext) -> Fut,
        Fut: Future<Output = crate::Result<()>>,
    {
        self.run_with_async("", event, state, handler).await
    }

    fn run_with<F, Fut>(
        &self,
        charmcraft: &str,
        event: TestEvent,
        state: State,
        handler: F,
    ) -> Result<Output, Error>
    where
        F: FnOnce(HookContext) -> Fut,
        Fut: Future<Output = crate::Result<()>>,
    {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::InsideRuntime);
        }
        let prepared = self.prepare(charmcraft, event, state)?;
        let lookup = |name: &str| prepared.vars.get(name).cloned();
        let exit_code = dispatch::run_with(&lookup, prepared.tools.clone(), handler);
        Ok(prepared.finish(exit_code))
    }

    async fn run_with_async<F, Fut>(
        &self,
        charmcraft: &str,
        event: TestEvent,
        state: State,
        handler: F,
    ) -> Result<Output, Error>
    where
        F: FnOnce(HookContext) -> Fut,
        Fut: Future<Output = crate::Result<()>>,
    {
        let prepared = self.prepare(charmcraft, event, state)?;
        let lookup = |name: &str| prepared.vars.get(name).cloned();
        let exit_code = dispatch::run_with_async(&lookup, prepared.tools.clone(), handler).await;
        Ok(prepared.finish(exit_code))
    }

    /// Checks the test against `charmcraft` (the charm's file; the one given to
    /// [`charmcraft`](Self::charmcraft) wins), starts the fakes, fills the charm directory
    /// and builds the environment and hook tools of the run.
    fn prepare(
        &self,
        charmcraft: &str,
        event: TestEvent,
        mut state: State,
    ) -> Result<Prepared, Error> {
        let app = self
            .unit_name
            .split_once('/')
            .map_or(self.unit_name.as_str(), |(app, _)| app)
            .to_owned();
        let read;
        let declared = match (&self.charmcraft, charmcraft) {
            (Some(declared), _) => Some(declared),
            (None, "") => None,
            (None, text) => {
                read = Declared::read(text)?;
                Some(&read)
            }
        };
        no_container_twice(&state)?;
        if let Some((key, message)) = state.unstorable.first() {
            return Err(Error::StoredState {
                key: key.clone(),
                source: message.clone().into(),
            });
        }
        if let Some(declared) = declared {
            declared.check_state(&mut state, &app)?;
            declared.check_event(&event)?;
        }
        let dir = tempfile::Builder::new()
            .prefix("charm-harness-")
            .tempdir()
            .map_err(|source| Error::Io {
                what: "create the run's directory".to_owned(),
                source,
            })?;
        let charm_dir = charm_dir(dir.path());
        std::fs::create_dir_all(&charm_dir).map_err(|source| Error::Io {
            what: format!("create {}", charm_dir.display()),
            source,
        })?;
        remember_statuses(&charm_dir, &state.juju);
        let mut fakes = BTreeMap::new();
        for container in &state.containers {
            let socket = socket_path(&containers_dir(dir.path()), container.name());
            let fake = container.start(socket)?;
            fakes.insert(container.name().to_owned(), fake);
        }
        let mut vars = event.vars;
        match event.side {
            PebbleSide::None => {}
            PebbleSide::Notice {
                container,
                key,
                data,
            } => {
                let id = fakes.get(&container).map_or_else(
                    || "1".to_owned(),
                    |fake| fake.notify(&key, data).to_string(),
                );
                vars.insert("JUJU_NOTICE_ID".to_owned(), id);
            }
            PebbleSide::Check {
                container,
                check,
                down,
            } => {
                if let Some(fake) = fakes.get(&container) {
                    let status = if down {
                        CheckStatus::Down
                    } else {
                        CheckStatus::Up
                    };
                    fake.set_check_status(&check, status);
                }
            }
        }
        let action = event.path.strip_prefix("actions/").map(str::to_owned);
        vars.insert("JUJU_DISPATCH_PATH".to_owned(), event.path);
        vars.insert("JUJU_UNIT_NAME".to_owned(), self.unit_name.clone());
        vars.insert("JUJU_MODEL_NAME".to_owned(), self.model_name.clone());
        vars.insert("JUJU_CHARM_DIR".to_owned(), charm_dir.display().to_string());
        vars.insert(
            CONTAINERS_DIR_VAR.to_owned(),
            containers_dir(dir.path()).display().to_string(),
        );
        let mut juju = state.juju;
        juju.unit_name.clone_from(&self.unit_name);
        if !event.params.is_empty() {
            juju.action_params = event.params;
        }
        if let Some(declared) = declared {
            declared.apply_config(&mut juju.config);
            if let Some(action) = &action {
                declared.apply_params(action, &mut juju.action_params);
            }
        }
        Ok(Prepared {
            vars,
            tools: Arc::new(MemoryTools::with_state(juju)),
            fakes,
            dir,
        })
    }
}

/// Two containers of one name would leave one unreachable.
fn no_container_twice(state: &State) -> Result<(), Error> {
    let mut seen = std::collections::BTreeSet::new();
    for container in &state.containers {
        if !seen.insert(container.name()) {
            return Err(Error::DuplicateContainer {
                name: container.name().to_owned(),
            });
        }
    }
    Ok(())
}

/// Remembers the statuses of the state in the charm directory, as the runtime does after it
/// set them: they are the statuses this unit set last.
fn remember_statuses(charm_dir: &Path, juju: &MemoryState) {
    let settable = |status: &Status| status.kind.is_settable().then(|| status.clone());
    let remembered = Remembered {
        unit: settable(&juju.unit_status),
        app: settable(&juju.app_status),
        not_leader: false,
    };
    if remembered != Remembered::default() {
        Memory::new(charm_dir, true).save(&remembered);
    }
}
