//! Unit and application status: `status-set`, `status-get`, `application-version-set`.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Error, Juju, ToolCall};

/// The kind of a workload status.
///
/// A charm sets `Active`, `Blocked`, `Maintenance` or `Waiting`; Juju sets `Error` (after a
/// failed hook) and `Unknown` (nothing set yet).
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::{Status, StatusKind};
/// assert_eq!(Status::active("").kind, StatusKind::Active);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum StatusKind {
    /// The workload is ready.
    Active,
    /// A human must act (missing relation, bad config).
    Blocked,
    /// The charm is busy with something it will finish on its own.
    Maintenance,
    /// The charm waits on something outside itself.
    Waiting,
    /// A hook failed (set by Juju only).
    Error,
    /// Nothing was set yet (set by Juju only).
    Unknown,
    /// Set by Juju while the agent is being (re)installed.
    Terminated,
}

impl StatusKind {
    /// The name Juju uses.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_runtime::hook_tools::StatusKind::Active.as_str(), "active");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Blocked => "blocked",
            Self::Maintenance => "maintenance",
            Self::Waiting => "waiting",
            Self::Error => "error",
            Self::Unknown => "unknown",
            Self::Terminated => "terminated",
        }
    }

    /// Whether a charm may set this kind with `status-set`.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::hook_tools::StatusKind;
    /// assert!(StatusKind::Waiting.is_settable());
    /// assert!(!StatusKind::Error.is_settable());
    /// ```
    pub fn is_settable(self) -> bool {
        matches!(
            self,
            Self::Active | Self::Blocked | Self::Maintenance | Self::Waiting
        )
    }
}

impl fmt::Display for StatusKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A workload status: its kind and a message (which may be empty).
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::{Status, StatusKind};
///
/// let status = Status::blocked("add a database relation");
/// assert_eq!(status.kind, StatusKind::Blocked);
/// assert_eq!(status.to_string(), "blocked: add a database relation");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Status {
    /// The kind.
    #[serde(rename = "status")]
    pub kind: StatusKind,
    /// The message shown next to it.
    #[serde(default)]
    pub message: String,
}

impl Status {
    /// A status of `kind` with `message`.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::hook_tools::{Status, StatusKind};
    /// assert_eq!(Status::new(StatusKind::Active, ""), Status::active(""));
    /// ```
    pub fn new(kind: StatusKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// `active`: the workload is ready.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::hook_tools::{Status, StatusKind};
    /// let status = Status::active("serving on :8080");
    /// assert_eq!((status.kind, status.to_string()), (StatusKind::Active, "active: serving on :8080".to_owned()));
    /// ```
    pub fn active(message: impl Into<String>) -> Self {
        Self::new(StatusKind::Active, message)
    }

    /// `blocked`: a human must act.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::hook_tools::{Status, StatusKind};
    /// let status = Status::blocked("missing config: port");
    /// assert_eq!((status.kind, status.message.as_str()), (StatusKind::Blocked, "missing config: port"));
    /// ```
    pub fn blocked(message: impl Into<String>) -> Self {
        Self::new(StatusKind::Blocked, message)
    }

    /// `maintenance`: the charm is busy.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::hook_tools::{Status, StatusKind};
    /// let status = Status::maintenance("installing");
    /// assert_eq!((status.kind, status.message.as_str()), (StatusKind::Maintenance, "installing"));
    /// ```
    pub fn maintenance(message: impl Into<String>) -> Self {
        Self::new(StatusKind::Maintenance, message)
    }

    /// `waiting`: waiting on something outside the charm.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::hook_tools::{Status, StatusKind};
    /// let status = Status::waiting("waiting for Pebble");
    /// assert_eq!((status.kind, status.message.as_str()), (StatusKind::Waiting, "waiting for Pebble"));
    /// ```
    pub fn waiting(message: impl Into<String>) -> Self {
        Self::new(StatusKind::Waiting, message)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", self.kind, self.message)
        }
    }
}

/// The application's status and each unit's, as the leader sees them.
///
/// # Examples
///
/// ```
/// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
/// let app = juju.app_status().await?;
/// for (unit, status) in &app.units {
///     println!("{unit}: {status}");
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppStatus {
    /// The application's own status.
    pub status: Status,
    /// Each unit's status, by unit name.
    pub units: BTreeMap<String, Status>,
}

/// `status-get --application`: units are nested in `application-status` (some agents put
/// them next to it).
#[derive(Deserialize)]
struct RawAppStatus {
    #[serde(rename = "application-status")]
    application: RawStatusWithUnits,
    #[serde(default)]
    units: BTreeMap<String, Status>,
}

#[derive(Deserialize)]
struct RawStatusWithUnits {
    #[serde(flatten)]
    status: Status,
    #[serde(default)]
    units: BTreeMap<String, Status>,
}

fn status_set_call(status: &Status, application: bool) -> Result<ToolCall, Error> {
    if !status.kind.is_settable() {
        return Err(Error::Invalid {
            what: "status",
            value: status.kind.to_string(),
            reason: "a charm can set only active, blocked, maintenance or waiting".to_owned(),
        });
    }
    let mut args = Vec::with_capacity(4);
    if application {
        args.push("--application".to_owned());
    }
    args.push(status.kind.to_string());
    args.push("--".to_owned());
    args.push(status.message.clone());
    Ok(ToolCall::new("status-set", args))
}

impl Juju {
    /// Sets this unit's workload status (`status-set`). Takes effect at once, even if the
    /// hook later fails.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] for `error`/`unknown`, [`Error::Failed`] when the tool fails.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// use charm_runtime::hook_tools::Status;
    /// juju.set_unit_status(Status::active("")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_unit_status(&self, status: Status) -> Result<(), Error> {
        self.run(status_set_call(&status, false)?).await.map(drop)
    }

    /// Sets the application's status (`status-set --application`); only the leader may.
    ///
    /// # Errors
    ///
    /// As [`Juju::set_unit_status`]; Juju refuses non-leaders ([`Error::Failed`]).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// use charm_runtime::hook_tools::Status;
    /// if juju.is_leader().await? {
    ///     juju.set_app_status(Status::waiting("waiting for 3 units")).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn set_app_status(&self, status: Status) -> Result<(), Error> {
        self.run(status_set_call(&status, true)?).await.map(drop)
    }

    /// This unit's workload status (`status-get --include-data --format=json`).
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails, [`Error::Output`] on unexpected output.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let status = juju.unit_status().await?;
    /// println!("currently {status}");
    /// # Ok(()) }
    /// ```
    pub async fn unit_status(&self) -> Result<Status, Error> {
        self.run_json(ToolCall::new(
            "status-get",
            ["--include-data", "--format=json"],
        ))
        .await
    }

    /// The application's status and its units' (`status-get --application`); leader only.
    ///
    /// # Errors
    ///
    /// As [`Juju::unit_status`]; Juju refuses non-leaders ([`Error::Failed`]).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let app = juju.app_status().await?;
    /// println!("{} units", app.units.len());
    /// # Ok(()) }
    /// ```
    pub async fn app_status(&self) -> Result<AppStatus, Error> {
        let raw: RawAppStatus = self
            .run_json(ToolCall::new(
                "status-get",
                ["--include-data", "--format=json", "--application"],
            ))
            .await?;
        let mut units = raw.application.units;
        units.extend(raw.units);
        Ok(AppStatus {
            status: raw.application.status,
            units,
        })
    }

    /// Sets the workload version shown by `juju status` (`application-version-set`).
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// juju.set_workload_version("16.4").await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_workload_version(&self, version: &str) -> Result<(), Error> {
        self.run(ToolCall::new("application-version-set", ["--", version]))
            .await
            .map(drop)
    }
}
