//! The state file of `cargo charm run`: what Juju would remember about the unit between
//! events (config, leadership, relations and their data, secrets, ports, statuses, `state-*`
//! values) and what the current event recorded (action results and logs, `juju-log` lines,
//! hook-tool calls).
//!
//! The hook tools are answered by the runtime's in-memory implementation
//! ([`MemoryState::answer`]); this file only converts its state to JSON and back, so each
//! tool call (a separate process) and each run starts where the last one stopped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use charm_runtime::hook_tools::{LogLevel, Port, Status, StatusKind, StorageInfo, ToolCall};
use charm_runtime::testing::{MemoryRelation, MemorySecret, MemoryState};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Why the state file cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file cannot be read or written.
    #[error("cannot {action} the state file {}", path.display())]
    Io {
        /// `read` or `write`.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a state file of this version of `cargo charm`.
    #[error("the state file {} is not valid: remove it to start afresh", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
}

/// A unit or application status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusRecord {
    /// `active`, `blocked`, `maintenance`, `waiting`, `error` or `unknown`.
    pub status: String,
    /// The message.
    pub message: String,
}

impl StatusRecord {
    fn of(status: &Status) -> Self {
        Self {
            status: status.kind.as_str().to_owned(),
            message: status.message.clone(),
        }
    }

    fn to_status(&self) -> Status {
        let kind = serde_json::from_value(Value::String(self.status.clone()))
            .unwrap_or(StatusKind::Unknown);
        Status::new(kind, self.message.clone())
    }
}

impl std::fmt::Display for StatusRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.message.is_empty() {
            f.write_str(&self.status)
        } else {
            write!(f, "{} ({})", self.status, self.message)
        }
    }
}

/// What the current event recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRecord {
    /// What `action-get` answers.
    pub action_params: Map<String, Value>,
    /// `action-set` results (dotted keys).
    pub action_results: BTreeMap<String, String>,
    /// The message of `action-fail`.
    pub action_failure: Option<String>,
    /// `action-log` lines.
    pub action_logs: Vec<String>,
    /// `juju-log` lines: level and message.
    pub logs: Vec<(String, String)>,
    /// The hook tools called: tool and arguments.
    pub calls: Vec<Vec<String>>,
}

/// An attached storage instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageRecord {
    /// `filesystem` or `block`.
    pub kind: String,
    /// Where it is mounted.
    pub location: PathBuf,
}

/// Everything `cargo charm run` keeps between tool calls, events and runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunState {
    /// This unit, `app/0`.
    pub unit: String,
    /// Whether it is the leader.
    pub leader: bool,
    /// The config `config-get` answers (defaults and overrides applied).
    pub config: Map<String, Value>,
    /// The unit's status.
    pub unit_status: StatusRecord,
    /// The application's status.
    pub app_status: StatusRecord,
    /// `application-version-set`.
    pub workload_version: Option<String>,
    /// Relations by number.
    pub relations: BTreeMap<u64, MemoryRelation>,
    /// Secrets by URI.
    pub secrets: BTreeMap<String, MemorySecret>,
    /// `state-*` values.
    pub state: BTreeMap<String, String>,
    /// Opened ports (`8080/tcp`) with their endpoints (empty: all).
    pub ports: BTreeMap<String, Vec<String>>,
    /// Attached storage by `<name>/<index>`.
    pub storage: BTreeMap<String, StorageRecord>,
    /// The number of events run so far (the next action's id).
    pub events: u64,
    /// What the current event recorded.
    pub event: EventRecord,
}

impl RunState {
    /// A fresh unit `unit`, leader, with `config`, nothing else set.
    pub fn new(unit: String, config: Map<String, Value>) -> Self {
        let unknown = StatusRecord {
            status: "unknown".to_owned(),
            message: String::new(),
        };
        Self {
            unit,
            leader: true,
            config,
            unit_status: unknown.clone(),
            app_status: unknown,
            workload_version: None,
            relations: BTreeMap::new(),
            secrets: BTreeMap::new(),
            state: BTreeMap::new(),
            ports: BTreeMap::new(),
            storage: BTreeMap::new(),
            events: 0,
            event: EventRecord::default(),
        }
    }

    /// Reads the state file at `path`.
    pub fn load(path: &Path) -> Result<Self, Error> {
        let text = std::fs::read(path).map_err(|source| Error::Io {
            action: "read",
            path: path.to_path_buf(),
            source,
        })?;
        serde_json::from_slice(&text).map_err(|source| Error::Invalid {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Writes the state file at `path`, replacing it in one step.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        let io = |source| Error::Io {
            action: "write",
            path: path.to_path_buf(),
            source,
        };
        let mut text = serde_json::to_vec_pretty(self).map_err(|source| Error::Invalid {
            path: path.to_path_buf(),
            source,
        })?;
        text.push(b'\n');
        let partial = path.with_extension("json.partial");
        std::fs::write(&partial, text).map_err(io)?;
        std::fs::rename(&partial, path).map_err(io)
    }

    /// The state the in-memory hook tools answer from.
    pub fn to_memory(&self) -> MemoryState {
        let ports = self.ports.iter().filter_map(|(port, endpoints)| {
            port.parse::<Port>().ok().map(|p| (p, endpoints.clone()))
        });
        let storage = self.storage.iter().filter_map(|(id, s)| {
            let info = serde_json::json!({ "kind": s.kind, "location": s.location });
            let info: StorageInfo = serde_json::from_value(info).ok()?;
            Some((id.clone(), info))
        });
        let logs = self.event.logs.iter().map(|(level, message)| {
            let level = match level.as_str() {
                "TRACE" => LogLevel::Trace,
                "DEBUG" => LogLevel::Debug,
                "WARNING" => LogLevel::Warning,
                "ERROR" => LogLevel::Error,
                _ => LogLevel::Info,
            };
            (level, message.clone())
        });
        let calls = self.event.calls.iter().filter_map(|call| {
            let (tool, args) = call.split_first()?;
            Some(ToolCall::new(tool.clone(), args.iter().cloned()))
        });
        MemoryState {
            unit_name: self.unit.clone(),
            leader: self.leader,
            config: self.config.clone(),
            unit_status: self.unit_status.to_status(),
            app_status: self.app_status.to_status(),
            workload_version: self.workload_version.clone(),
            action_params: self.event.action_params.clone(),
            action_results: self.event.action_results.clone(),
            action_failure: self.event.action_failure.clone(),
            action_logs: self.event.action_logs.clone(),
            logs: logs.collect(),
            relations: self.relations.clone(),
            secrets: self.secrets.clone(),
            state: self.state.clone(),
            ports: ports.collect(),
            storage: storage.collect(),
            calls: calls.collect(),
            ..MemoryState::default()
        }
    }

    /// Takes what the hook tools changed back from `memory`.
    pub fn update_from(&mut self, memory: &MemoryState) {
        self.leader = memory.leader;
        self.config.clone_from(&memory.config);
        self.unit_status = StatusRecord::of(&memory.unit_status);
        self.app_status = StatusRecord::of(&memory.app_status);
        self.workload_version.clone_from(&memory.workload_version);
        self.relations.clone_from(&memory.relations);
        self.secrets.clone_from(&memory.secrets);
        self.state.clone_from(&memory.state);
        self.ports = memory
            .ports
            .iter()
            .map(|(port, endpoints)| (port.to_string(), endpoints.clone()))
            .collect();
        self.event = EventRecord {
            action_params: memory.action_params.clone(),
            action_results: memory.action_results.clone(),
            action_failure: memory.action_failure.clone(),
            action_logs: memory.action_logs.clone(),
            logs: memory
                .logs
                .iter()
                .map(|(level, message)| (level.as_str().to_owned(), message.clone()))
                .collect(),
            calls: memory
                .calls
                .iter()
                .map(|call| {
                    std::iter::once(&call.tool)
                        .chain(&call.args)
                        .cloned()
                        .collect()
                })
                .collect(),
        };
    }

    /// Undoes what Juju applies only when a hook succeeds (relation data, `state-*`, ports
    /// and secrets), keeping the rest (statuses, logs), as Juju does for a failed hook.
    pub fn roll_back_to(&mut self, before: &Self) {
        self.relations.clone_from(&before.relations);
        self.state.clone_from(&before.state);
        self.ports.clone_from(&before.ports);
        self.secrets.clone_from(&before.secrets);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> RunState {
        let config = serde_json::json!({"port": 8080})
            .as_object()
            .cloned()
            .unwrap();
        RunState::new("web/0".into(), config)
    }

    #[test]
    fn tool_calls_change_the_state_through_memory_tools() {
        let mut run = state();
        let mut memory = run.to_memory();
        memory
            .answer(&ToolCall::new("status-set", ["active", "--", "ready"]))
            .unwrap();
        memory
            .answer(&ToolCall::new("open-port", ["8080/tcp"]))
            .unwrap();
        memory
            .answer(&ToolCall::new(
                "juju-log",
                ["--log-level", "WARNING", "--", "hi"],
            ))
            .unwrap();
        run.update_from(&memory);
        assert_eq!(run.unit_status.to_string(), "active (ready)");
        assert_eq!(run.ports.keys().collect::<Vec<_>>(), ["8080/tcp"]);
        assert_eq!(run.event.logs, [("WARNING".to_owned(), "hi".to_owned())]);
        assert_eq!(run.event.calls.len(), 3);
        assert_eq!(run.event.calls[0], ["status-set", "active", "--", "ready"]);
    }

    #[test]
    fn the_state_survives_a_round_trip_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let mut run = state();
        let mut memory = run.to_memory();
        let relation = MemoryRelation {
            endpoint: "db".into(),
            remote_app: "pg".into(),
            units: vec!["pg/0".into()],
            ..Default::default()
        };
        memory.relations.insert(1, relation);
        memory
            .answer(
                &ToolCall::new("relation-set", ["-r", "db:1", "--file", "-"])
                    .with_stdin(br#"{"host":"web"}"#.to_vec()),
            )
            .unwrap();
        run.update_from(&memory);
        run.save(&path).unwrap();
        let loaded = RunState::load(&path).unwrap();
        assert_eq!(loaded, run);
        assert_eq!(loaded.relations[&1].data["web/0"]["host"], "web");
        let back = loaded.to_memory();
        assert_eq!(back.relations[&1].units, ["pg/0"]);
        assert_eq!(back.config["port"], 8080);
    }

    #[test]
    fn a_failed_hook_keeps_statuses_but_not_relation_data_or_ports() {
        let before = state();
        let mut after = before.clone();
        after.ports.insert("80/tcp".into(), Vec::new());
        after.unit_status.status = "blocked".into();
        after.roll_back_to(&before);
        assert!(after.ports.is_empty());
        assert_eq!(after.unit_status.status, "blocked");
    }

    #[test]
    fn a_corrupt_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(&path, "{").unwrap();
        let error = RunState::load(&path).unwrap_err();
        assert!(error.to_string().contains("remove it"), "{error}");
    }
}
