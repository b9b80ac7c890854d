//! [`ContainerState`]: one workload container before the event.

use std::fmt;
use std::sync::Arc;

use crate::layer::Layer;
use crate::pebble::checks::CheckStatus;
use crate::testing::pebble::{Error, ExecCall, ExecResult, FakePebble, PebbleVersion};

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
    check_failures: Vec<(String, u32)>,
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
            check_failures: Vec::new(),
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
    /// ```
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
    /// ```
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
    /// ```
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
    /// ```
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
    /// ```
    /// let web = charm_runtime::testing::harness::ContainerState::new("web").check_down("http");
    /// ```
    pub fn check_down(mut self, name: impl Into<String>) -> Self {
        self.checks_down.push(name.into());
        self
    }

    /// Check `name` (of the layers given) has failed `failures` times in a row: down from
    /// its `threshold` (3 unless the layer says) on, up below it, with the count in what
    /// Pebble reports (`CheckInfo::failures`).
    ///
    /// # Examples
    ///
    /// ```
    /// let web = charm_runtime::testing::harness::ContainerState::new("web").check_failures("http", 2);
    /// ```
    pub fn check_failures(mut self, name: impl Into<String>, failures: u32) -> Self {
        self.check_failures.push((name.into(), failures));
        self
    }

    /// A custom notice already recorded.
    ///
    /// # Examples
    ///
    /// ```
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
    /// ```
    /// let web = charm_runtime::testing::harness::ContainerState::new("web").log("web", "listening");
    /// ```
    pub fn log(mut self, service: impl Into<String>, line: impl Into<String>) -> Self {
        self.logs.push((service.into(), line.into()));
        self
    }

    /// The container's Pebble answers as release `version` does (default
    /// [`PebbleVersion::LATEST`]): the Pebble that the Juju the charm targets injects, such as
    /// [`PebbleVersion::V1_16_0`] for Juju 3.6.0. See
    /// [`FakePebbleBuilder::pebble_version`](crate::testing::FakePebbleBuilder::pebble_version).
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
    pub(super) fn start(&self, socket: std::path::PathBuf) -> Result<FakePebble, Error> {
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
        for (check, failures) in &self.check_failures {
            fake.set_check_failures(check, *failures);
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
