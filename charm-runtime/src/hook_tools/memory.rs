//! An in-memory stand-in for Juju's hook tools, for unit tests.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde_json::{Map, Value};

use super::misc::LogLevel;
use super::{
    Error, GoalState, HookTools, Network, Port, Status, StatusKind, StorageInfo, ToolCall,
    ToolFuture, encode_json,
};

/// One relation as [`MemoryTools`] keeps it.
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::{MemoryRelation, MemoryTools};
/// let tools = MemoryTools::new();
/// tools.update(|s| {
///     s.relations.insert(3, MemoryRelation {
///         endpoint: "db".into(),
///         remote_app: "pg".into(),
///         units: vec!["pg/0".into()],
///         ..Default::default()
///     });
/// });
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
/// use charm_runtime::hook_tools::MemorySecret;
/// let secret = MemorySecret { revision: 1, content: [("password".into(), "x".into())].into(), ..Default::default() };
/// assert!(!format!("{secret:?}").contains("\"x\""));
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
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
/// use charm_runtime::hook_tools::{MemoryState, MemoryTools};
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
    /// let state = charm_runtime::hook_tools::MemoryState::default();
    /// assert_eq!(state.app_name(), "app");
    /// ```
    pub fn app_name(&self) -> &str {
        self.unit_name
            .split_once('/')
            .map_or(self.unit_name.as_str(), |(app, _)| app)
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
/// use charm_runtime::hook_tools::{Juju, MemoryTools, Status};
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
    /// let tools = charm_runtime::hook_tools::MemoryTools::new();
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
    /// use charm_runtime::hook_tools::{MemoryState, MemoryTools};
    /// let tools = MemoryTools::with_state(MemoryState { leader: true, ..Default::default() });
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
    /// let tools = charm_runtime::hook_tools::MemoryTools::new();
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
    /// let tools = charm_runtime::hook_tools::MemoryTools::new();
    /// tools.update(|s| { s.config.insert("port".into(), 8080.into()); });
    /// ```
    pub fn update(&self, change: impl FnOnce(&mut MemoryState)) {
        change(&mut self.lock());
    }

    /// The calls made so far.
    ///
    /// # Examples
    ///
    /// ```
    /// let tools = charm_runtime::hook_tools::MemoryTools::new();
    /// assert!(tools.calls().is_empty());
    /// ```
    pub fn calls(&self) -> Vec<ToolCall> {
        self.lock().calls.clone()
    }

    fn handle(&self, call: ToolCall) -> Result<Vec<u8>, Error> {
        let mut state = self.lock();
        state.calls.push(call.clone());
        if let Some(stderr) = state.failures.get(&call.tool) {
            return Err(fail(&call.tool, stderr));
        }
        answer(&mut state, &call)
    }
}

impl HookTools for MemoryTools {
    fn call(&self, call: ToolCall) -> ToolFuture<'_> {
        let result = self.handle(call);
        Box::pin(std::future::ready(result))
    }

    fn call_blocking(&self, call: ToolCall) -> Result<Vec<u8>, Error> {
        self.handle(call)
    }
}

fn fail(tool: &str, stderr: &str) -> Error {
    Error::Failed {
        tool: tool.to_owned(),
        code: Some(1),
        stderr: stderr.to_owned(),
    }
}

/// A tool's arguments split into flags and positionals.
struct Args {
    flags: HashMap<String, String>,
    positional: Vec<String>,
}

impl Args {
    /// Parses `args`; the flags in `with_value` take the next argument as their value.
    fn parse(args: &[String], with_value: &[&str]) -> Self {
        let mut flags = HashMap::new();
        let mut positional = Vec::new();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            if arg == "--" {
                positional.extend(iter.by_ref().cloned());
            } else if let Some((name, value)) = arg.split_once('=').filter(|_| arg.starts_with('-'))
            {
                flags.insert(name.to_owned(), value.to_owned());
            } else if with_value.contains(&arg.as_str()) {
                flags.insert(arg.clone(), iter.next().cloned().unwrap_or_default());
            } else if arg.starts_with('-') && arg.len() > 1 {
                flags.insert(arg.clone(), String::new());
            } else {
                positional.push(arg.clone());
            }
        }
        Self { flags, positional }
    }

    fn flag(&self, name: &str) -> Option<&str> {
        self.flags.get(name).map(String::as_str)
    }

    fn has(&self, name: &str) -> bool {
        self.flags.contains_key(name)
    }
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    encode_json("in-memory answer", value)
}

fn relation_number(tool: &str, args: &Args) -> Result<u64, Error> {
    let text = args.flag("-r").unwrap_or_default();
    text.rsplit(':')
        .next()
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| fail(tool, &format!("invalid relation id {text:?}")))
}

fn stdin_map(call: &ToolCall) -> Result<BTreeMap<String, String>, Error> {
    serde_json::from_slice(call.stdin.as_deref().unwrap_or(b"{}")).map_err(|source| Error::Output {
        tool: call.tool.clone(),
        source,
    })
}

fn answer(state: &mut MemoryState, call: &ToolCall) -> Result<Vec<u8>, Error> {
    let tool = call.tool.as_str();
    let value_flags = [
        "-r",
        "--log-level",
        "-l",
        "--label",
        "--description",
        "--expire",
        "--rotate",
        "--owner",
        "--revision",
        "--relation",
        "--unit",
        "--file",
        "-s",
    ];
    let mut value_flags = value_flags.to_vec();
    if matches!(tool, "open-port" | "close-port") {
        value_flags.push("--endpoints");
    }
    if matches!(tool, "secret-grant" | "secret-revoke") {
        value_flags.push("--app");
    }
    let args = Args::parse(&call.args, &value_flags);
    let first = args.positional.first().map(String::as_str);
    let none = Ok(Vec::new());
    match tool {
        "is-leader" => json(&state.leader),
        "juju-log" => {
            let level = match args.flag("--log-level").or(args.flag("-l")) {
                Some("TRACE") => LogLevel::Trace,
                Some("DEBUG") => LogLevel::Debug,
                Some("WARNING") => LogLevel::Warning,
                Some("ERROR") => LogLevel::Error,
                _ => LogLevel::Info,
            };
            state.logs.push((level, args.positional.join(" ")));
            none
        }
        "status-set" => {
            let kind = match first {
                Some("active") => StatusKind::Active,
                Some("blocked") => StatusKind::Blocked,
                Some("maintenance") => StatusKind::Maintenance,
                Some("waiting") => StatusKind::Waiting,
                other => return Err(fail(tool, &format!("invalid status {other:?}"))),
            };
            let status = Status::new(kind, args.positional.get(1).cloned().unwrap_or_default());
            if args.has("--application") {
                if !state.leader {
                    return Err(fail(tool, "this unit is not the leader"));
                }
                state.app_status = status;
            } else {
                state.unit_status = status;
            }
            none
        }
        "status-get" => {
            let entry = |s: &Status| serde_json::json!({"status": s.kind.as_str(), "message": s.message, "status-data": {}});
            if args.has("--application") {
                if !state.leader {
                    return Err(fail(
                        tool,
                        "finding application status: this unit is not the leader",
                    ));
                }
                let mut app = entry(&state.app_status);
                app["units"] =
                    serde_json::json!({ state.unit_name.clone(): entry(&state.unit_status) });
                json(&serde_json::json!({ "application-status": app }))
            } else {
                json(&entry(&state.unit_status))
            }
        }
        "application-version-set" => {
            state.workload_version = Some(first.unwrap_or_default().to_owned());
            none
        }
        "config-get" => match first {
            Some(key) => json(state.config.get(key).unwrap_or(&Value::Null)),
            None => json(&state.config),
        },
        "action-get" => match first {
            Some(key) => json(state.action_params.get(key).unwrap_or(&Value::Null)),
            None => json(&state.action_params),
        },
        "action-set" => {
            for pair in &args.positional {
                let Some((key, value)) = pair.split_once('=') else {
                    return Err(fail(tool, &format!("argument {pair:?} is not key=value")));
                };
                state
                    .action_results
                    .insert(key.to_owned(), value.to_owned());
            }
            none
        }
        "action-fail" => {
            state.action_failure = Some(first.unwrap_or_default().to_owned());
            none
        }
        "action-log" => {
            state.action_logs.push(args.positional.join(" "));
            none
        }
        "relation-ids" => {
            let endpoint = first.unwrap_or_default();
            let ids: Vec<String> = state
                .relations
                .iter()
                .filter(|(_, r)| r.endpoint == endpoint)
                .map(|(n, r)| format!("{}:{n}", r.endpoint))
                .collect();
            json(&ids)
        }
        "relation-list" => {
            let number = relation_number(tool, &args)?;
            let relation = state
                .relations
                .get(&number)
                .ok_or_else(|| fail(tool, "relation not found"))?;
            if args.has("--app") {
                json(&relation.remote_app)
            } else {
                json(&relation.units)
            }
        }
        "relation-model-get" => {
            json(&serde_json::json!({"uuid": "00000000-0000-0000-0000-000000000000"}))
        }
        "relation-get" => {
            let number = relation_number(tool, &args)?;
            let app_name = state.app_name().to_owned();
            let (leader, unit) = (state.leader, state.unit_name.clone());
            let relation = state
                .relations
                .get(&number)
                .ok_or_else(|| fail(tool, "relation not found"))?;
            let member = args.positional.get(1).map_or(unit.as_str(), String::as_str);
            if args.has("--app") && member == app_name && !leader {
                return Err(fail(tool, "permission denied"));
            }
            let data = relation.data.get(member).cloned().unwrap_or_default();
            match first {
                Some("-") | None => json(&data),
                Some(key) => json(&data.get(key)),
            }
        }
        "relation-set" => {
            let number = relation_number(tool, &args)?;
            let values = stdin_map(call)?;
            let bag = if args.has("--app") {
                if !state.leader {
                    return Err(fail(tool, "cannot write relation settings"));
                }
                state.app_name().to_owned()
            } else {
                state.unit_name.clone()
            };
            let relation = state
                .relations
                .get_mut(&number)
                .ok_or_else(|| fail(tool, "relation not found"))?;
            let data = relation.data.entry(bag).or_default();
            for (key, value) in values {
                if value.is_empty() {
                    data.remove(&key);
                } else {
                    data.insert(key, value);
                }
            }
            none
        }
        "secret-add" | "secret-set" => secret_write(state, tool, &args),
        "secret-get" | "secret-info-get" => {
            // Getting by id with a label binds the label, as Juju does for consumers.
            if let (Some(id), Some(label)) = (first, args.flag("--label"))
                && let Some(secret) = state.secrets.get_mut(id)
            {
                secret.label = Some(label.to_owned());
            }
            let (id, secret) = find_secret(state, tool, &args)?;
            if tool == "secret-get" {
                json(&secret.content)
            } else {
                json(&serde_json::json!({ id: {
                    "revision": secret.revision,
                    "label": secret.label,
                    "owner": secret.owner,
                    "description": secret.description,
                    "expiry": secret.expire,
                    "rotation": secret.rotate,
                }}))
            }
        }
        "secret-grant" | "secret-revoke" => {
            let relation: u64 = args
                .flag("--relation")
                .and_then(|r| r.parse().ok())
                .ok_or_else(|| fail(tool, "--relation is required"))?;
            let unit = args.flag("--unit").map(str::to_owned);
            let id = first.unwrap_or_default().to_owned();
            let secret = state
                .secrets
                .get_mut(&id)
                .ok_or_else(|| fail(tool, "secret not found"))?;
            if tool == "secret-grant" {
                secret.grants.push((relation, unit));
            } else {
                secret.grants.retain(|g| *g != (relation, unit.clone()));
            }
            none
        }
        "secret-remove" => {
            let id = first.unwrap_or_default();
            match args.flag("--revision").and_then(|r| r.parse().ok()) {
                Some(revision) => state
                    .secrets
                    .get_mut(id)
                    .ok_or_else(|| fail(tool, "secret not found"))?
                    .removed_revisions
                    .push(revision),
                None => {
                    state
                        .secrets
                        .remove(id)
                        .ok_or_else(|| fail(tool, "secret not found"))?;
                }
            }
            none
        }
        "secret-ids" => json(&state.secrets.keys().collect::<Vec<_>>()),
        "state-get" => match first {
            Some(key) => json(&state.state.get(key)),
            None => json(&state.state),
        },
        "state-set" => {
            state.state.extend(stdin_map(call)?);
            none
        }
        "state-delete" => {
            state.state.remove(first.unwrap_or_default());
            none
        }
        "open-port" | "close-port" => {
            let port: Port = first
                .unwrap_or_default()
                .parse()
                .map_err(|reason: String| fail(tool, &reason))?;
            if tool == "open-port" {
                let endpoints = args
                    .flag("--endpoints")
                    .map(|e| e.split(',').map(str::to_owned).collect())
                    .unwrap_or_default();
                state.ports.insert(port, endpoints);
            } else {
                state.ports.remove(&port);
            }
            none
        }
        "opened-ports" => {
            let entries: Vec<String> = state
                .ports
                .iter()
                .map(|(port, endpoints)| {
                    if !args.has("--endpoints") {
                        port.to_string()
                    } else if endpoints.is_empty() {
                        format!("{port} (*)")
                    } else {
                        format!("{port} ({})", endpoints.join(","))
                    }
                })
                .collect();
            json(&entries)
        }
        "network-get" => {
            let binding = first.unwrap_or_default();
            let network = state.networks.get(binding).ok_or_else(|| {
                fail(
                    tool,
                    &format!("no network config found for binding {binding:?}"),
                )
            })?;
            json(&serde_json::json!({
                "bind-addresses": network.bind_addresses.iter().map(|b| serde_json::json!({
                    "mac-address": b.mac_address,
                    "interface-name": b.interface_name,
                    "addresses": b.addresses.iter().map(|a| serde_json::json!({
                        "hostname": a.hostname, "value": a.value, "cidr": a.cidr,
                    })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "ingress-addresses": network.ingress_addresses,
                "egress-subnets": network.egress_subnets,
            }))
        }
        "storage-get" => {
            let id = args.flag("-s").unwrap_or_default();
            let info = state
                .storage
                .get(id)
                .ok_or_else(|| fail(tool, &format!("storage {id:?} not found")))?;
            json(&serde_json::json!({"kind": info.kind, "location": info.location}))
        }
        "storage-list" => {
            let ids: Vec<&String> = state
                .storage
                .keys()
                .filter(|id| {
                    first.is_none_or(|name| id.split_once('/').is_some_and(|(n, _)| n == name))
                })
                .collect();
            json(&ids)
        }
        "storage-add" => {
            for pair in &args.positional {
                let (name, count) = pair.split_once('=').unwrap_or((pair, "1"));
                let count: u32 = count.parse().map_err(|_| fail(tool, "invalid count"))?;
                *state.storage_added.entry(name.to_owned()).or_default() += count;
            }
            none
        }
        "resource-get" => {
            let name = first.unwrap_or_default();
            let path = state
                .resources
                .get(name)
                .ok_or_else(|| fail(tool, &format!("could not download resource: {name}")))?;
            Ok(format!("{}\n", path.display()).into_bytes())
        }
        "credential-get" => match &state.credential {
            Some(spec) => json(spec),
            None => Err(fail(tool, "permission denied")),
        },
        "goal-state" => json(&serde_json::json!({
            "units": state.goal_state.units.iter().map(|(k, v)| (k.clone(), serde_json::json!({"status": v.status, "since": v.since}))).collect::<Map<_, _>>(),
            "relations": state.goal_state.relations.iter().map(|(ep, members)| (ep.clone(), members.iter().map(|(k, v)| (k.clone(), serde_json::json!({"status": v.status, "since": v.since}))).collect::<Map<_, _>>().into())).collect::<Map<_, Value>>(),
        })),
        "juju-reboot" => {
            state.reboot = Some(args.has("--now"));
            none
        }
        other => Err(fail(other, &format!("{other}: command not found"))),
    }
}

fn find_secret<'s>(
    state: &'s MemoryState,
    tool: &str,
    args: &Args,
) -> Result<(String, &'s MemorySecret), Error> {
    let found = match args.positional.first() {
        Some(id) => state.secrets.get_key_value(id),
        None => {
            let label = args.flag("--label");
            state
                .secrets
                .iter()
                .find(|(_, s)| s.label.is_some() && s.label.as_deref() == label)
        }
    };
    found
        .map(|(id, secret)| (id.clone(), secret))
        .ok_or_else(|| fail(tool, "secret not found"))
}

fn secret_write(state: &mut MemoryState, tool: &str, args: &Args) -> Result<Vec<u8>, Error> {
    let mut content = BTreeMap::new();
    let mut rest = args.positional.iter();
    let id = if tool == "secret-set" {
        Some(rest.next().cloned().unwrap_or_default())
    } else {
        None
    };
    for pair in rest {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(fail(tool, &format!("argument {pair:?} is not key=value")));
        };
        let value = match key.strip_suffix("#file") {
            Some(key) => {
                let text = std::fs::read_to_string(value)
                    .map_err(|e| fail(tool, &format!("cannot read {value}: {e}")))?;
                content.insert(key.to_owned(), text);
                continue;
            }
            None => value.to_owned(),
        };
        content.insert(key.to_owned(), value);
    }
    let label = args.flag("--label").map(str::to_owned);
    let description = args.flag("--description").map(str::to_owned);
    match id {
        None => {
            let id = format!("secret:memory{}", state.secrets.len() + 1);
            state.secrets.insert(
                id.clone(),
                MemorySecret {
                    label,
                    description,
                    revision: 1,
                    content,
                    expire: args.flag("--expire").map(str::to_owned),
                    rotate: args.flag("--rotate").map(str::to_owned),
                    owner: args.flag("--owner").unwrap_or("application").to_owned(),
                    grants: Vec::new(),
                    removed_revisions: Vec::new(),
                },
            );
            Ok(format!("{id}\n").into_bytes())
        }
        Some(id) => {
            let secret = state
                .secrets
                .get_mut(&id)
                .ok_or_else(|| fail(tool, "secret not found"))?;
            if !content.is_empty() && content != secret.content {
                secret.content = content;
                secret.revision += 1;
            }
            if label.is_some() {
                secret.label = label;
            }
            if description.is_some() {
                secret.description = description;
            }
            Ok(Vec::new())
        }
    }
}
