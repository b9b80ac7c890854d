//! Leadership, logging, resources, credentials, goal state and reboot.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::Deserialize;
use serde_json::Value;

use super::{Error, Juju, ToolCall};

/// A `juju-log` level.
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::LogLevel;
/// assert!(LogLevel::Error > LogLevel::Info);
/// assert_eq!(LogLevel::Info.to_string(), "INFO");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LogLevel {
    /// `TRACE`.
    Trace,
    /// `DEBUG`.
    Debug,
    /// `INFO`.
    Info,
    /// `WARNING`.
    Warning,
    /// `ERROR`.
    Error,
}

impl LogLevel {
    /// The name `juju-log --log-level` takes.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_runtime::hook_tools::LogLevel::Warning.as_str(), "WARNING");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Trace => "TRACE",
            Self::Debug => "DEBUG",
            Self::Info => "INFO",
            Self::Warning => "WARNING",
            Self::Error => "ERROR",
        }
    }
}

impl fmt::Display for LogLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `juju-log` call for one message.
pub(crate) fn juju_log_call(level: LogLevel, message: &str) -> ToolCall {
    ToolCall::new("juju-log", ["--log-level", level.as_str(), "--", message])
}

/// One unit's or relation member's goal status.
///
/// # Examples
///
/// ```
/// let status: charm_runtime::hook_tools::GoalStatus =
///     serde_json::from_str(r#"{"status": "active", "since": "2026-11-23 10:00:00Z"}"#).unwrap();
/// assert_eq!(status.status, "active");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GoalStatus {
    /// `active`, `waiting`, `joining`, `dying`, ...
    pub status: String,
    /// When it entered that status, if Juju says.
    #[serde(default)]
    pub since: Option<String>,
}

/// What the model is converging to (`goal-state`).
///
/// # Examples
///
/// ```
/// let goal: charm_runtime::hook_tools::GoalState =
///     serde_json::from_str(r#"{"units": {"web/0": {"status": "active"}}, "relations": {}}"#).unwrap();
/// assert_eq!(goal.planned_units(), 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct GoalState {
    /// This application's units.
    #[serde(default)]
    pub units: BTreeMap<String, GoalStatus>,
    /// Per endpoint, the related applications and units.
    #[serde(default)]
    pub relations: BTreeMap<String, BTreeMap<String, GoalStatus>>,
}

impl GoalState {
    /// How many units are planned (those not `dying`).
    ///
    /// # Examples
    ///
    /// ```
    /// let goal: charm_runtime::hook_tools::GoalState = serde_json::from_str(
    ///     r#"{"units":{"a/0":{"status":"active"},"a/1":{"status":"dying"}}}"#,
    /// ).unwrap();
    /// assert_eq!(goal.planned_units(), 1);
    /// ```
    pub fn planned_units(&self) -> usize {
        self.units.values().filter(|u| u.status != "dying").count()
    }
}

impl Juju {
    /// Whether this unit is the leader (`is-leader --format=json`). Leadership is a lease
    /// of about 30 s; ask again rather than keeping the answer.
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails, [`Error::Output`] on unexpected output.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// if juju.is_leader().await? {
    ///     // manage the application's data
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn is_leader(&self) -> Result<bool, Error> {
        self.run_json(ToolCall::new("is-leader", ["--format=json"]))
            .await
    }

    /// Writes one line to the unit's log (`juju-log --log-level <L> -- <message>`).
    ///
    /// Handlers normally use `tracing` macros instead: the [`logging`](crate::logging) layer
    /// sends them here.
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::hook_tools::LogLevel;
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// juju.log(LogLevel::Info, "configured").await?;
    /// # Ok(()) }
    /// ```
    pub async fn log(&self, level: LogLevel, message: &str) -> Result<(), Error> {
        self.run(juju_log_call(level, message)).await.map(drop)
    }

    /// The local path of file resource `name`, downloading it on first use
    /// (`resource-get <name>`).
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails (no such resource, not uploaded).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let path = juju.resource_get("license").await?;
    /// # Ok(()) }
    /// ```
    pub async fn resource_get(&self, name: &str) -> Result<PathBuf, Error> {
        let out = self.run(ToolCall::new("resource-get", [name])).await?;
        let path = String::from_utf8_lossy(&out).trim().to_owned();
        if path.is_empty() {
            return Err(Error::Invalid {
                what: "resource-get output",
                value: path,
                reason: "expected a file path".to_owned(),
            });
        }
        Ok(PathBuf::from(path))
    }

    /// The cloud spec with credentials (`credential-get --format=json`); needs `juju trust`.
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails (not trusted), [`Error::Output`] on unexpected
    /// output.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let spec = juju.credential_get().await?;
    /// let cloud_type = spec["type"].as_str();
    /// # Ok(()) }
    /// ```
    pub async fn credential_get(&self) -> Result<Value, Error> {
        self.run_json(ToolCall::new("credential-get", ["--format=json"]))
            .await
    }

    /// What the model is converging to (`goal-state --format=json`).
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails, [`Error::Output`] on unexpected output.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let planned = juju.goal_state().await?.planned_units();
    /// # Ok(()) }
    /// ```
    pub async fn goal_state(&self) -> Result<GoalState, Error> {
        self.run_json(ToolCall::new("goal-state", ["--format=json"]))
            .await
    }

    /// Asks Juju to reboot the machine after this hook, or `now` (`juju-reboot [--now]`).
    ///
    /// With `now`, Juju kills this process and runs the hook again after the reboot.
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// juju.reboot(false).await?;
    /// # Ok(()) }
    /// ```
    pub async fn reboot(&self, now: bool) -> Result<(), Error> {
        let args: &[&str] = if now { &["--now"] } else { &[] };
        self.run(ToolCall::new("juju-reboot", args.iter().copied()))
            .await
            .map(drop)
    }
}
