//! State in, one event, state out: unit tests for a whole charm.
//!
//! A test describes the world before the event ([`State`]: leadership, config, relations,
//! secrets, statuses, and each workload container as a [`ContainerState`]), picks the event
//! ([`TestEvent`]) and runs the charm once with [`Context::run`] (a `#[charm]` type) or
//! [`Context::run_fn`] (a plain `async` function taking a [`HookContext`]). The charm runs
//! exactly as under Juju: the event is decoded from the same environment variables, hook
//! tools are answered by [`MemoryTools`], and each container is a [`FakePebble`] listening
//! at `<dir>/<name>/pebble.socket` in a temporary directory that [`CONTAINERS_DIR_VAR`]
//! names, so the charm reaches it the one way it reaches any container. The [`Output`]
//! holds the exit code, everything the hook tools recorded (statuses, relation data, action
//! results, logs, secrets, ports) and the fake Pebbles to inspect
//! (plan, services, files, notices, exec calls).
//!
//! `run` builds its own runtime, like a charm's `main`: call it from a plain `#[test]`, not
//! from inside a tokio runtime.
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

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::sync::Arc;

use charm_spec::charmcraft::Charmcraft;
use charm_spec::yaml::Node;
use serde_json::{Map, Value};

use super::pebble::{Error, ExecCall, ExecResult, FakePebble, PebbleVersion};
use super::{MemoryRelation, MemorySecret, MemoryState, MemoryTools};
use crate::container::{CONTAINERS_DIR_VAR, socket_path};
use crate::dispatch::{self, HookContext};
use crate::handler::{self, Charm};
use crate::hook_tools::Status;
use crate::layer::Layer;
use crate::pebble::checks::CheckStatus;

/// A handler the test gave for commands starting with a prefix.
type Respond = Arc<dyn Fn(&ExecCall) -> ExecResult + Send + Sync>;

/// One workload container before the event: its Pebble's layers, files, services, commands.
///
/// # Examples
///
/// ```
/// use charm_runtime::testing::ExecResult;
/// use charm_runtime::testing::harness::ContainerState;
///
/// let db = ContainerState::new("db")
///     .file("/etc/db.conf", "port: 5432\n")
///     .exec(["pg_dump"], |_| ExecResult::ok("-- dump\n"))
///     .can_connect(true);
/// assert_eq!(db.name(), "db");
/// ```
#[derive(Clone)]
#[must_use]
pub struct ContainerState {
    name: String,
    can_connect: bool,
    layers: Vec<(String, Layer)>,
    files: Vec<(String, Vec<u8>)>,
    exec: Vec<(Vec<String>, Respond)>,
    running: Vec<String>,
    checks_down: Vec<String>,
    notices: Vec<(String, Vec<(String, String)>)>,
    logs: Vec<(String, String)>,
    pebble_version: PebbleVersion,
}

impl fmt::Debug for ContainerState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ContainerState")
            .field("name", &self.name)
            .field("can_connect", &self.can_connect)
            .field("layers", &self.layers)
            .field(
                "files",
                &self.files.iter().map(|(p, _)| p).collect::<Vec<_>>(),
            )
            .field(
                "exec",
                &self.exec.iter().map(|(p, _)| p).collect::<Vec<_>>(),
            )
            .field("running", &self.running)
            .field("pebble_version", &self.pebble_version)
            .finish_non_exhaustive()
    }
}

impl ContainerState {
    /// Container `name`, reachable, with an empty plan and no files.
    ///
    /// # Examples
    ///
    /// See [`ContainerState`].
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            can_connect: true,
            layers: Vec::new(),
            files: Vec::new(),
            exec: Vec::new(),
            running: Vec::new(),
            checks_down: Vec::new(),
            notices: Vec::new(),
            logs: Vec::new(),
            pebble_version: PebbleVersion::LATEST,
        }
    }

    /// The container's name.
    ///
    /// # Examples
    ///
    /// See [`ContainerState`].
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether the charm can reach the container's Pebble (default `true`); `false` removes
    /// the socket, so every call fails with a connection error.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let gone = charm_runtime::testing::harness::ContainerState::new("web").can_connect(false);
    /// ```
    pub fn can_connect(mut self, can_connect: bool) -> Self {
        self.can_connect = can_connect;
        self
    }

    /// A layer already in the plan (as if added earlier), under `label`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::layer::Layer;
    /// let layer = Layer::from_yaml("services:\n  web:\n    override: replace\n    command: web\n").unwrap();
    /// let web = charm_runtime::testing::harness::ContainerState::new("web").layer("web", layer);
    /// ```
    pub fn layer(mut self, label: impl Into<String>, layer: Layer) -> Self {
        self.layers.push((label.into(), layer));
        self
    }

    /// A file of the container (absolute path), with its parents.
    ///
    /// # Examples
    ///
    /// See [`ContainerState`].
    pub fn file(mut self, path: impl Into<String>, content: impl Into<Vec<u8>>) -> Self {
        self.files.push((path.into(), content.into()));
        self
    }

    /// Commands starting with `prefix` are answered by `handler` (which sees the command,
    /// its environment, working directory and stdin), as
    /// [`FakePebble::handle_exec`] does.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::testing::ExecResult;
    /// let c = charm_runtime::testing::harness::ContainerState::new("db")
    ///     .exec(["pg_dump"], |_| ExecResult::ok("-- dump\n"))
    ///     .exec(["psql"], |call| ExecResult::ok(call.stdin.clone()));
    /// ```
    pub fn exec<I, S>(
        mut self,
        prefix: I,
        handler: impl Fn(&ExecCall) -> ExecResult + Send + Sync + 'static,
    ) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.exec.push((
            prefix.into_iter().map(Into::into).collect(),
            Arc::new(handler),
        ));
        self
    }

    /// Service `name` (of the layers given) is already running.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let web = charm_runtime::testing::harness::ContainerState::new("web").service_running("web");
    /// ```
    pub fn service_running(mut self, name: impl Into<String>) -> Self {
        self.running.push(name.into());
        self
    }

    /// Check `name` (of the layers given) is down.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let web = charm_runtime::testing::harness::ContainerState::new("web").check_down("http");
    /// ```
    pub fn check_down(mut self, name: impl Into<String>) -> Self {
        self.checks_down.push(name.into());
        self
    }

    /// A custom notice already recorded.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let web = charm_runtime::testing::harness::ContainerState::new("web")
    ///     .notice("example.com/web/reload", [("reason", "config")]);
    /// ```
    pub fn notice<K, V>(
        mut self,
        key: impl Into<String>,
        data: impl IntoIterator<Item = (K, V)>,
    ) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        let data = data
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        self.notices.push((key.into(), data));
        self
    }

    /// A line service `service` printed (for the logs API).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let web = charm_runtime::testing::harness::ContainerState::new("web").log("web", "listening");
    /// ```
    pub fn log(mut self, service: impl Into<String>, line: impl Into<String>) -> Self {
        self.logs.push((service.into(), line.into()));
        self
    }

    /// The container's Pebble answers as release `version` does (default
    /// [`PebbleVersion::LATEST`]): the Pebble that the Juju the charm targets injects, such as
    /// [`PebbleVersion::V1_16_0`] for Juju 3.6.0. See
    /// [`FakePebbleBuilder::pebble_version`](super::FakePebbleBuilder::pebble_version).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::testing::PebbleVersion;
    /// use charm_runtime::testing::harness::ContainerState;
    ///
    /// let web = ContainerState::new("web").pebble_version(PebbleVersion::V1_16_0);
    /// ```
    pub fn pebble_version(mut self, version: PebbleVersion) -> Self {
        self.pebble_version = version;
        self
    }

    /// Starts this container's fake Pebble at `socket` with this state.
    fn start(&self, socket: std::path::PathBuf) -> Result<FakePebble, Error> {
        let fake = FakePebble::builder()
            .background(true)
            .socket(socket)
            .pebble_version(self.pebble_version)
            .start()?;
        for (label, layer) in &self.layers {
            fake.add_layer(label, layer, true)?;
        }
        for (path, content) in &self.files {
            fake.write_file(path, content)?;
        }
        for (prefix, respond) in &self.exec {
            let respond = respond.clone();
            fake.handle_exec(prefix.iter().cloned(), move |call| respond(call));
        }
        fake.start_now(&self.running);
        for check in &self.checks_down {
            fake.set_check_status(check, CheckStatus::Down);
        }
        for (key, data) in &self.notices {
            fake.notify(key, data.iter().cloned());
        }
        for (service, line) in &self.logs {
            fake.add_log(service, line);
        }
        if !self.can_connect {
            fake.set_can_connect(false)?;
        }
        Ok(fake)
    }
}

/// The world before the event: what the hook tools answer, and the containers.
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::Status;
/// use charm_runtime::testing::MemoryRelation;
/// use charm_runtime::testing::harness::{ContainerState, State};
///
/// let state = State::new()
///     .leader(true)
///     .config("port", 8080)
///     .relation(3, MemoryRelation { endpoint: "db".into(), remote_app: "pg".into(), units: vec!["pg/0".into()], ..Default::default() })
///     .unit_status(Status::maintenance("starting"))
///     .container(ContainerState::new("web"));
/// assert!(state.juju.leader);
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct State {
    /// What the in-memory hook tools start with (see [`MemoryState`]); the setters below
    /// fill the common parts.
    pub juju: MemoryState,
    /// The workload containers.
    pub containers: Vec<ContainerState>,
}

impl State {
    /// Unit `app/0`, not the leader, no config, no relations, no containers.
    ///
    /// # Examples
    ///
    /// See [`State`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether this unit is the leader.
    ///
    /// # Examples
    ///
    /// See [`State`].
    pub fn leader(mut self, leader: bool) -> Self {
        self.juju.leader = leader;
        self
    }

    /// A config option's value.
    ///
    /// # Examples
    ///
    /// See [`State`].
    pub fn config(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.juju.config.insert(name.into(), value.into());
        self
    }

    /// Relation number `id` and its data.
    ///
    /// # Examples
    ///
    /// See [`State`].
    pub fn relation(mut self, id: u64, relation: MemoryRelation) -> Self {
        self.juju.relations.insert(id, relation);
        self
    }

    /// A secret, by URI.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::testing::MemorySecret;
    /// let state = charm_runtime::testing::harness::State::new().secret(
    ///     "secret:abc",
    ///     MemorySecret { revision: 1, content: [("password".into(), "x".into())].into(), owner: "application".into(), ..Default::default() },
    /// );
    /// ```
    pub fn secret(mut self, uri: impl Into<String>, secret: MemorySecret) -> Self {
        self.juju.secrets.insert(uri.into(), secret);
        self
    }

    /// This unit's status.
    ///
    /// # Examples
    ///
    /// See [`State`].
    pub fn unit_status(mut self, status: Status) -> Self {
        self.juju.unit_status = status;
        self
    }

    /// The application's status.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::hook_tools::Status;
    /// let state = charm_runtime::testing::harness::State::new().app_status(Status::active(""));
    /// ```
    pub fn app_status(mut self, status: Status) -> Self {
        self.juju.app_status = status;
        self
    }

    /// A workload container.
    ///
    /// # Examples
    ///
    /// See [`State`].
    pub fn container(mut self, container: ContainerState) -> Self {
        self.containers.push(container);
        self
    }
}

/// What a fake Pebble does when the event is set up.
#[derive(Debug, Clone)]
enum PebbleSide {
    None,
    Notice {
        container: String,
        key: String,
        data: Vec<(String, String)>,
    },
    Check {
        container: String,
        check: String,
        down: bool,
    },
}

/// The event to run: the environment Juju would set for it.
///
/// # Examples
///
/// ```no_run
/// use charm_runtime::testing::harness::TestEvent;
///
/// let event = TestEvent::action("backup").param("target", "/backups");
/// let joined = TestEvent::relation_joined("db", 3, "pg/0");
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct TestEvent {
    path: String,
    vars: BTreeMap<String, String>,
    params: Map<String, Value>,
    side: PebbleSide,
}

impl TestEvent {
    /// The hook `name` (`install`, `db-relation-changed`, ...), with no other variables: add
    /// them with [`env`](Self::env).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::testing::harness::TestEvent::hook("collect-metrics");
    /// ```
    pub fn hook(name: &str) -> Self {
        Self {
            path: format!("hooks/{name}"),
            vars: BTreeMap::new(),
            params: Map::new(),
            side: PebbleSide::None,
        }
    }

    /// The same with environment variable `name` set to `value`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::testing::harness::TestEvent;
    /// let event = TestEvent::hook("pre-series-upgrade").env("JUJU_TARGET_BASE", "ubuntu@24.04");
    /// ```
    pub fn env(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.vars.insert(name.into(), value.into());
        self
    }

    /// `install`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::testing::harness::TestEvent::install();
    /// ```
    pub fn install() -> Self {
        Self::hook("install")
    }

    /// `start`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::testing::harness::TestEvent::start();
    /// ```
    pub fn start() -> Self {
        Self::hook("start")
    }

    /// `stop`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::testing::harness::TestEvent::stop();
    /// ```
    pub fn stop() -> Self {
        Self::hook("stop")
    }

    /// `remove`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::testing::harness::TestEvent::remove();
    /// ```
    pub fn remove() -> Self {
        Self::hook("remove")
    }

    /// `upgrade-charm`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::testing::harness::TestEvent::upgrade_charm();
    /// ```
    pub fn upgrade_charm() -> Self {
        Self::hook("upgrade-charm")
    }

    /// `config-changed`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::testing::harness::TestEvent::config_changed();
    /// ```
    pub fn config_changed() -> Self {
        Self::hook("config-changed")
    }

    /// `update-status`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::testing::harness::TestEvent::update_status();
    /// ```
    pub fn update_status() -> Self {
        Self::hook("update-status")
    }

    /// `leader-elected`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::testing::harness::TestEvent::leader_elected();
    /// ```
    pub fn leader_elected() -> Self {
        Self::hook("leader-elected")
    }

    /// `<container>-pebble-ready`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::testing::harness::TestEvent::pebble_ready("web");
    /// ```
    pub fn pebble_ready(container: &str) -> Self {
        Self::hook(&format!("{container}-pebble-ready")).env("JUJU_WORKLOAD_NAME", container)
    }

    /// `<container>-pebble-custom-notice` for a custom notice `key` that the container's
    /// fake Pebble records just before the event (so the notice ID is real).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::testing::harness::TestEvent::pebble_custom_notice("db", "example.com/db/backup-done")
    ///     .notice_data("path", "/backups/1");
    /// ```
    pub fn pebble_custom_notice(container: &str, key: &str) -> Self {
        let mut event = Self::hook(&format!("{container}-pebble-custom-notice"))
            .env("JUJU_WORKLOAD_NAME", container)
            .env("JUJU_NOTICE_TYPE", "custom")
            .env("JUJU_NOTICE_KEY", key);
        event.side = PebbleSide::Notice {
            container: container.to_owned(),
            key: key.to_owned(),
            data: Vec::new(),
        };
        event
    }

    /// The same notice event, with `key` = `value` in the notice's data.
    ///
    /// # Examples
    ///
    /// See [`pebble_custom_notice`](Self::pebble_custom_notice).
    pub fn notice_data(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        if let PebbleSide::Notice { data, .. } = &mut self.side {
            data.push((key.into(), value.into()));
        }
        self
    }

    /// `<container>-pebble-check-failed` for `check`, which the fake then reports down.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::testing::harness::TestEvent::pebble_check_failed("web", "http");
    /// ```
    pub fn pebble_check_failed(container: &str, check: &str) -> Self {
        Self::check_event(container, check, true)
    }

    /// `<container>-pebble-check-recovered` for `check`, which the fake then reports up.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::testing::harness::TestEvent::pebble_check_recovered("web", "http");
    /// ```
    pub fn pebble_check_recovered(container: &str, check: &str) -> Self {
        Self::check_event(container, check, false)
    }

    fn check_event(container: &str, check: &str, down: bool) -> Self {
        let suffix = if down { "failed" } else { "recovered" };
        let mut event = Self::hook(&format!("{container}-pebble-check-{suffix}"))
            .env("JUJU_WORKLOAD_NAME", container)
            .env("JUJU_PEBBLE_CHECK_NAME", check);
        event.side = PebbleSide::Check {
            container: container.to_owned(),
            check: check.to_owned(),
            down,
        };
        event
    }

    /// A relation hook `<endpoint>-relation-<what>` of relation `id` with `remote_unit`
    /// (`app/N`; the remote application is its first part).
    fn relation(
        what: &str,
        endpoint: &str,
        id: u64,
        remote_unit: Option<&str>,
        remote_app: &str,
    ) -> Self {
        let mut event = Self::hook(&format!("{endpoint}-relation-{what}"))
            .env("JUJU_RELATION", endpoint)
            .env("JUJU_RELATION_ID", format!("{endpoint}:{id}"))
            .env("JUJU_REMOTE_APP", remote_app);
        if let Some(unit) = remote_unit {
            event = event.env("JUJU_REMOTE_UNIT", unit);
        }
        event
    }

    /// `<endpoint>-relation-created` of relation `id` with `remote_app`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::testing::harness::TestEvent::relation_created("db", 3, "pg");
    /// ```
    pub fn relation_created(endpoint: &str, id: u64, remote_app: &str) -> Self {
        Self::relation("created", endpoint, id, None, remote_app)
    }

    /// `<endpoint>-relation-joined` of relation `id`: `remote_unit` joined.
    ///
    /// # Examples
    ///
    /// See [`TestEvent`].
    pub fn relation_joined(endpoint: &str, id: u64, remote_unit: &str) -> Self {
        let app = remote_unit.split('/').next().unwrap_or(remote_unit);
        Self::relation("joined", endpoint, id, Some(remote_unit), app)
    }

    /// `<endpoint>-relation-changed` of relation `id`: `remote_unit`'s data changed.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::testing::harness::TestEvent::relation_changed("db", 3, "pg/0");
    /// ```
    pub fn relation_changed(endpoint: &str, id: u64, remote_unit: &str) -> Self {
        let app = remote_unit.split('/').next().unwrap_or(remote_unit);
        Self::relation("changed", endpoint, id, Some(remote_unit), app)
    }

    /// `<endpoint>-relation-departed` of relation `id`: `remote_unit` left.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::testing::harness::TestEvent::relation_departed("db", 3, "pg/1");
    /// ```
    pub fn relation_departed(endpoint: &str, id: u64, remote_unit: &str) -> Self {
        let app = remote_unit.split('/').next().unwrap_or(remote_unit);
        Self::relation("departed", endpoint, id, Some(remote_unit), app)
            .env("JUJU_DEPARTING_UNIT", remote_unit)
    }

    /// `<endpoint>-relation-broken` of relation `id`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::testing::harness::TestEvent::relation_broken("db", 3, "pg");
    /// ```
    pub fn relation_broken(endpoint: &str, id: u64, remote_app: &str) -> Self {
        Self::relation("broken", endpoint, id, None, remote_app)
    }

    /// `secret-changed` for secret `uri` (`secret:...`).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::testing::harness::TestEvent::secret_changed("secret:abc");
    /// ```
    pub fn secret_changed(uri: &str) -> Self {
        Self::hook("secret-changed").env("JUJU_SECRET_ID", uri)
    }

    /// `secret-rotate` for secret `uri`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::testing::harness::TestEvent::secret_rotate("secret:abc");
    /// ```
    pub fn secret_rotate(uri: &str) -> Self {
        Self::hook("secret-rotate").env("JUJU_SECRET_ID", uri)
    }

    /// `secret-remove` for revision `revision` of secret `uri`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::testing::harness::TestEvent::secret_remove("secret:abc", 1);
    /// ```
    pub fn secret_remove(uri: &str, revision: u64) -> Self {
        Self::hook("secret-remove")
            .env("JUJU_SECRET_ID", uri)
            .env("JUJU_SECRET_REVISION", revision.to_string())
    }

    /// `secret-expired` for revision `revision` of secret `uri`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::testing::harness::TestEvent::secret_expired("secret:abc", 2);
    /// ```
    pub fn secret_expired(uri: &str, revision: u64) -> Self {
        Self::hook("secret-expired")
            .env("JUJU_SECRET_ID", uri)
            .env("JUJU_SECRET_REVISION", revision.to_string())
    }

    /// `<name>-storage-attached` for storage instance `<name>/<index>`, a filesystem mounted
    /// at `location`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::testing::harness::TestEvent::storage_attached("data", 0, "/var/lib/data");
    /// ```
    pub fn storage_attached(name: &str, index: u64, location: &str) -> Self {
        Self::storage("attached", name, index, location)
    }

    /// `<name>-storage-detaching` for storage instance `<name>/<index>` at `location`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::testing::harness::TestEvent::storage_detaching("data", 0, "/var/lib/data");
    /// ```
    pub fn storage_detaching(name: &str, index: u64, location: &str) -> Self {
        Self::storage("detaching", name, index, location)
    }

    fn storage(what: &str, name: &str, index: u64, location: &str) -> Self {
        Self::hook(&format!("{name}-storage-{what}"))
            .env("JUJU_STORAGE_ID", format!("{name}/{index}"))
            .env("JUJU_STORAGE_KIND", "filesystem")
            .env("JUJU_STORAGE_LOCATION", location)
    }

    /// The action `name`; give its parameters with [`param`](Self::param).
    ///
    /// # Examples
    ///
    /// See [`TestEvent`].
    pub fn action(name: &str) -> Self {
        Self {
            path: format!("actions/{name}"),
            vars: BTreeMap::from([
                ("JUJU_ACTION_NAME".to_owned(), name.to_owned()),
                ("JUJU_ACTION_UUID".to_owned(), "1".to_owned()),
            ]),
            params: Map::new(),
            side: PebbleSide::None,
        }
    }

    /// The same action with parameter `name` = `value` (what `action-get` returns).
    ///
    /// # Examples
    ///
    /// See [`TestEvent`].
    pub fn param(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.params.insert(name.into(), value.into());
        self
    }

    /// The variables Juju sets for this event: `JUJU_DISPATCH_PATH`, `JUJU_HOOK_NAME` (empty
    /// for an action) and the event's own, for a runner that starts the charm as a process.
    /// The unit's and model's variables, the notice ID of a notice event and the action's
    /// parameters are the runner's to add.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::testing::harness::TestEvent;
    ///
    /// let vars = TestEvent::pebble_ready("web").environment();
    /// assert_eq!(vars["JUJU_DISPATCH_PATH"], "hooks/web-pebble-ready");
    /// assert_eq!(vars["JUJU_HOOK_NAME"], "web-pebble-ready");
    /// assert_eq!(vars["JUJU_WORKLOAD_NAME"], "web");
    /// assert_eq!(TestEvent::action("backup").environment()["JUJU_HOOK_NAME"], "");
    /// ```
    pub fn environment(&self) -> BTreeMap<String, String> {
        let mut vars = self.vars.clone();
        let hook = self.path.strip_prefix("hooks/").unwrap_or_default();
        vars.insert("JUJU_DISPATCH_PATH".to_owned(), self.path.clone());
        vars.insert("JUJU_HOOK_NAME".to_owned(), hook.to_owned());
        vars
    }
}

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
    /// What the hook tools recorded: statuses, workload version, relation data, action
    /// results and failure, `juju-log` records, secrets, opened ports, every call.
    pub juju: MemoryState,
    /// Each container's fake Pebble, to inspect plan, services, files, notices and exec calls.
    pub containers: BTreeMap<String, FakePebble>,
    // Holds the containers' sockets; dropped after the fakes.
    _dir: tempfile::TempDir,
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
    defaults: Defaults,
}

impl Default for Context {
    fn default() -> Self {
        Self {
            unit_name: "app/0".to_owned(),
            model_name: "test-model".to_owned(),
            defaults: Defaults::default(),
        }
    }
}

/// The defaults a charm's `charmcraft.yaml` declares, which Juju applies to what
/// `config-get` and `action-get` answer.
#[derive(Debug, Clone, Default)]
struct Defaults {
    /// Config options with a default.
    config: Map<String, Value>,
    /// Action parameters with a default, by action.
    actions: BTreeMap<String, Map<String, Value>>,
}

impl Defaults {
    /// The defaults of `charmcraft_yaml`.
    fn read(charmcraft_yaml: &str) -> Result<Self, Error> {
        let charm = Charmcraft::parse(charmcraft_yaml).map_err(|e| Error::Metadata {
            source: Box::new(e),
        })?;
        let options = charm.config.entries.iter();
        let config = Self::values(options.map(|o| (&o.name, o.value.default.as_ref())))?;
        let mut actions = BTreeMap::new();
        for action in &charm.actions.entries {
            let params = action.value.params.entries.iter();
            let params = Self::values(params.map(|p| (&p.name, p.value.default.as_ref())))?;
            actions.insert(action.name.clone(), params);
        }
        Ok(Self { config, actions })
    }

    /// The defaults that are set, as the JSON values the hook tools answer.
    fn values<'a>(
        defaults: impl Iterator<Item = (&'a String, Option<&'a Node>)>,
    ) -> Result<Map<String, Value>, Error> {
        let mut values = Map::new();
        for (name, default) in defaults {
            if let Some(default) = default {
                let value = serde_json::to_value(default).map_err(|e| Error::Metadata {
                    source: format!("the default of {name:?}: {e}").into(),
                })?;
                values.insert(name.clone(), value);
            }
        }
        Ok(values)
    }

    /// Fills `values` with the default of every option it does not set.
    fn apply(defaults: &Map<String, Value>, values: &mut Map<String, Value>) {
        for (name, default) in defaults {
            values
                .entry(name.clone())
                .or_insert_with(|| default.clone());
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
    /// ```no_run
    /// let ctx = charm_runtime::testing::harness::Context::new().unit("web/1");
    /// ```
    pub fn unit(mut self, unit_name: impl Into<String>) -> Self {
        self.unit_name = unit_name.into();
        self
    }

    /// Applies the config and action-parameter defaults of `charmcraft_yaml` (the text of
    /// the charm's `charmcraft.yaml`), as Juju does: an option the state does not set reads
    /// as its default.
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
    /// ```
    pub fn charmcraft(mut self, charmcraft_yaml: &str) -> Result<Self, Error> {
        self.defaults = Defaults::read(charmcraft_yaml)?;
        Ok(self)
    }

    /// Runs the `#[charm]` type `C` for `event` in `state`.
    ///
    /// # Errors
    ///
    /// [`Error::InsideRuntime`] when called from async code; [`Error`] when a container's
    /// fake Pebble cannot be set up (such as a layer it would refuse). A failing charm is not
    /// an error: see [`Output::exit_code`].
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
    ///         scope.juju().set_unit_status(Status::active("hello")).await?;
    ///         Ok(())
    ///     }
    /// }
    ///
    /// let out = Context::new().run::<Hello>(TestEvent::install(), State::new()).unwrap();
    /// assert_eq!(out.juju.unit_status, Status::active("hello"));
    /// ```
    pub fn run<C: Charm>(&self, event: TestEvent, state: State) -> Result<Output, Error> {
        self.run_fn(event, state, handler::dispatch_to::<C>)
    }

    /// Runs `handler` (as [`dispatch::run`] would) for `event` in `state`.
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
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::InsideRuntime);
        }
        let dir = tempfile::Builder::new()
            .prefix("charm-harness-")
            .tempdir()
            .map_err(|source| Error::Io {
                what: "create the containers' directory".to_owned(),
                source,
            })?;
        let mut fakes = BTreeMap::new();
        for container in &state.containers {
            let fake = container.start(socket_path(dir.path(), &container.name))?;
            fakes.insert(container.name.clone(), fake);
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
        vars.insert(
            CONTAINERS_DIR_VAR.to_owned(),
            dir.path().display().to_string(),
        );
        let mut juju = state.juju;
        juju.unit_name.clone_from(&self.unit_name);
        if !event.params.is_empty() {
            juju.action_params = event.params;
        }
        Defaults::apply(&self.defaults.config, &mut juju.config);
        if let Some(params) = action.and_then(|name| self.defaults.actions.get(&name)) {
            Defaults::apply(params, &mut juju.action_params);
        }
        let tools = Arc::new(MemoryTools::with_state(juju));
        let lookup = |name: &str| vars.get(name).cloned();
        let exit_code = dispatch::run_with(&lookup, tools.clone(), handler);
        Ok(Output {
            exit_code,
            juju: tools.state(),
            containers: fakes,
            _dir: dir,
        })
    }
}
