//! An in-memory stand-in for Juju's hook tools: [`MemoryTools`] and the state it keeps.
//!
//! [`MemoryState::answer`] is the whole stand-in: it parses one hook-tool invocation (the
//! tool's name, its arguments and stdin, as Juju's executables receive them) and answers it
//! from the state, following Juju's rules. [`MemoryTools`] shares one state between calls
//! for in-process tests; a program that answers hook tools for a charm run as a separate
//! process (a multi-call binary installed as `status-set`, `config-get`, ...) can call
//! `answer` with the arguments it was started with.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde_json::{Map, Value};

use crate::hook_tools::{
    Error, GoalState, HookTools, LogLevel, Network, Port, Status, StatusKind, StorageInfo,
    ToolCall, ToolFuture,
};

mod answer;
mod relations;
mod secrets;
#[cfg(test)]
mod tests;

use answer::{answer, fail};

/// One relation as [`MemoryTools`] keeps it.
///
/// # Examples
///
/// ```
/// use charm_runtime::testing::{MemoryRelation, MemoryTools};
/// let tools = MemoryTools::new();
/// tools.update(|s| {
///     s.relations.insert(3, MemoryRelation {
///         endpoint: "db".into(),
///         remote_app: "pg".into(),
///         units: vec!["pg/0".into()],
///         ..Default::default()
///     });
/// });
/// assert_eq!(tools.state().relations[&3].units, ["pg/0"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MemoryRelation {
    /// The local endpoint name.
    pub endpoint: String,
    /// The remote application.
    pub remote_app: String,
    /// The remote units (what `relation-list` prints).
    pub units: Vec<String>,
    /// The data bags, by unit or application name.
    pub data: BTreeMap<String, BTreeMap<String, String>>,
}

/// One secret as [`MemoryTools`] keeps it. `Debug` hides the content.
///
/// # Examples
///
/// ```
/// use charm_runtime::testing::MemorySecret;
/// let secret = MemorySecret { revision: 1, content: [("password".into(), "x".into())].into(), ..Default::default() };
/// assert!(!format!("{secret:?}").contains("\"x\""));
/// ```
#[derive(Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MemorySecret {
    /// The label this unit gave it.
    pub label: Option<String>,
    /// The description.
    pub description: Option<String>,
    /// The current revision (starts at 1).
    pub revision: u64,
    /// The current content.
    pub content: BTreeMap<String, String>,
    /// The expiry given with `--expire`.
    pub expire: Option<String>,
    /// The rotation policy given with `--rotate`.
    pub rotate: Option<String>,
    /// `application` or `unit`.
    pub owner: String,
    /// Grants as `(relation number, unit)`; `None` means the whole remote application.
    pub grants: Vec<(u64, Option<String>)>,
    /// Revisions removed with `secret-remove --revision`.
    pub removed_revisions: Vec<u64>,
}

impl std::fmt::Debug for MemorySecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemorySecret")
            .field("label", &self.label)
            .field("revision", &self.revision)
            .field("keys", &self.content.keys().collect::<Vec<_>>())
            .field("owner", &self.owner)
            .field("grants", &self.grants)
            .finish_non_exhaustive()
    }
}

/// Everything [`MemoryTools`] knows: set it up before a test, inspect it after.
///
/// # Examples
///
/// ```
/// use charm_runtime::testing::{MemoryState, MemoryTools};
/// let tools = MemoryTools::with_state(MemoryState { unit_name: "web/1".into(), leader: true, ..Default::default() });
/// assert_eq!(tools.state().app_name(), "web");
/// ```
#[derive(Debug, Clone)]
pub struct MemoryState {
    /// This unit's name (`app/0` by default); the application is the part before `/`.
    pub unit_name: String,
    /// Whether this unit is the leader.
    pub leader: bool,
    /// What `config-get` returns.
    pub config: Map<String, Value>,
    /// This unit's workload status.
    pub unit_status: Status,
    /// The application's status.
    pub app_status: Status,
    /// Every unit status set with `status-set`, in order (the last one is
    /// [`unit_status`](Self::unit_status)).
    pub unit_status_history: Vec<Status>,
    /// Every application status set with `status-set --application`, in order.
    pub app_status_history: Vec<Status>,
    /// The workload version, once set.
    pub workload_version: Option<String>,
    /// What `action-get` returns.
    pub action_params: Map<String, Value>,
    /// Results given to `action-set` (dotted keys).
    pub action_results: BTreeMap<String, String>,
    /// The message given to `action-fail`, if it was called.
    pub action_failure: Option<String>,
    /// Lines given to `action-log`.
    pub action_logs: Vec<String>,
    /// Lines given to `juju-log`.
    pub logs: Vec<(LogLevel, String)>,
    /// Relations by number.
    pub relations: BTreeMap<u64, MemoryRelation>,
    /// Secrets by URI.
    pub secrets: BTreeMap<String, MemorySecret>,
    /// Unit state (`state-*`).
    pub state: BTreeMap<String, String>,
    /// Opened ports with their endpoints (empty = all endpoints).
    pub ports: BTreeMap<Port, Vec<String>>,
    /// What `network-get` returns, by binding name.
    pub networks: BTreeMap<String, Network>,
    /// Attached storage by `<name>/<index>`.
    pub storage: BTreeMap<String, StorageInfo>,
    /// Storage requested with `storage-add`, by name.
    pub storage_added: BTreeMap<String, u32>,
    /// File resources by name.
    pub resources: BTreeMap<String, PathBuf>,
    /// What `credential-get` returns (`None`: not trusted).
    pub credential: Option<Value>,
    /// What `goal-state` returns.
    pub goal_state: GoalState,
    /// `Some(now)` once `juju-reboot` was called.
    pub reboot: Option<bool>,
    /// Tools made to fail, with the stderr they print.
    pub failures: HashMap<String, String>,
    /// Every call, in order.
    pub calls: Vec<ToolCall>,
}

impl Default for MemoryState {
    fn default() -> Self {
        Self {
            unit_name: "app/0".to_owned(),
            leader: false,
            config: Map::new(),
            unit_status: Status::new(StatusKind::Unknown, ""),
            app_status: Status::new(StatusKind::Unknown, ""),
            unit_status_history: Vec::new(),
            app_status_history: Vec::new(),
            workload_version: None,
            action_params: Map::new(),
            action_results: BTreeMap::new(),
            action_failure: None,
            action_logs: Vec::new(),
            logs: Vec::new(),
            relations: BTreeMap::new(),
            secrets: BTreeMap::new(),
            state: BTreeMap::new(),
            ports: BTreeMap::new(),
            networks: BTreeMap::new(),
            storage: BTreeMap::new(),
            storage_added: BTreeMap::new(),
            resources: BTreeMap::new(),
            credential: None,
            goal_state: GoalState::default(),
            reboot: None,
            failures: HashMap::new(),
            calls: Vec::new(),
        }
    }
}

impl MemoryState {
    /// This unit's application name.
    ///
    /// # Examples
    ///
    /// ```
    /// let state = charm_runtime::testing::MemoryState::default();
    /// assert_eq!(state.app_name(), "app");
    /// ```
    pub fn app_name(&self) -> &str {
        self.unit_name
            .split_once('/')
            .map_or(self.unit_name.as_str(), |(app, _)| app)
    }

    /// Answers one hook-tool invocation as Juju would, and records it in
    /// [`calls`](Self::calls): parses `call`'s arguments, applies its effect to the state and
    /// returns what the tool prints on stdout.
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] with the stderr Juju's tool would print: for a tool named in
    /// [`failures`](Self::failures), a call Juju refuses (such as setting the application's
    /// status when not the leader), an unknown relation or secret, or an unknown tool.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::hook_tools::{Status, ToolCall};
    /// use charm_runtime::testing::MemoryState;
    ///
    /// let mut state = MemoryState::default();
    /// let out = state.answer(&ToolCall::new("status-set", ["active", "--", "ready"])).unwrap();
    /// assert!(out.is_empty());
    /// assert_eq!(state.unit_status, Status::active("ready"));
    /// assert!(state.answer(&ToolCall::new("status-set", ["--application", "active"])).is_err());
    /// assert_eq!(state.calls.len(), 2);
    /// ```
    pub fn answer(&mut self, call: &ToolCall) -> Result<Vec<u8>, Error> {
        self.calls.push(call.clone());
        if let Some(stderr) = self.failures.get(&call.tool) {
            return Err(fail(&call.tool, stderr));
        }
        answer(self, call)
    }
}

/// Hook tools answered in memory, following Juju's rules (leadership for application bags
/// and status, secret key rules, ...). Cheap to share behind an `Arc`.
///
/// Changes are applied at once; there is no rollback on a failed hook.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use charm_runtime::hook_tools::{Juju, Status};
/// use charm_runtime::testing::MemoryTools;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let memory = Arc::new(MemoryTools::new());
/// memory.update(|s| s.leader = true);
/// let juju = Juju::new(memory.clone());
/// juju.set_app_status(Status::active("ready")).await.unwrap();
/// assert_eq!(memory.state().app_status, Status::active("ready"));
/// # }
/// ```
#[derive(Debug, Default)]
pub struct MemoryTools {
    state: Mutex<MemoryState>,
}

impl MemoryTools {
    /// Tools with a default state: unit `app/0`, not the leader, nothing set.
    ///
    /// # Examples
    ///
    /// ```
    /// let tools = charm_runtime::testing::MemoryTools::new();
    /// assert_eq!(tools.state().unit_name, "app/0");
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Tools starting from `state`.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::testing::{MemoryState, MemoryTools};
    /// let tools = MemoryTools::with_state(MemoryState { leader: true, ..Default::default() });
    /// assert!(tools.state().leader);
    /// ```
    pub fn with_state(state: MemoryState) -> Self {
        Self {
            state: Mutex::new(state),
        }
    }

    fn lock(&self) -> MutexGuard<'_, MemoryState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A copy of the current state.
    ///
    /// # Examples
    ///
    /// ```
    /// let tools = charm_runtime::testing::MemoryTools::new();
    /// assert!(tools.state().calls.is_empty());
    /// ```
    pub fn state(&self) -> MemoryState {
        self.lock().clone()
    }

    /// Changes the state in place.
    ///
    /// # Examples
    ///
    /// ```
    /// let tools = charm_runtime::testing::MemoryTools::new();
    /// tools.update(|s| { s.config.insert("port".into(), 8080.into()); });
    /// assert_eq!(tools.state().config["port"], 8080);
    /// ```
    pub fn update(&self, change: impl FnOnce(&mut MemoryState)) {
        change(&mut self.lock());
    }

    /// The calls made so far.
    ///
    /// # Examples
    ///
    /// ```
    /// let tools = charm_runtime::testing::MemoryTools::new();
    /// assert!(tools.calls().is_empty());
    /// ```
    pub fn calls(&self) -> Vec<ToolCall> {
        self.lock().calls.clone()
    }
}

impl HookTools for MemoryTools {
    fn call(&self, call: ToolCall) -> ToolFuture<'_> {
        let result = self.lock().answer(&call);
        Box::pin(std::future::ready(result))
    }

    fn call_blocking(&self, call: ToolCall) -> Result<Vec<u8>, Error> {
        self.lock().answer(&call)
    }
}
