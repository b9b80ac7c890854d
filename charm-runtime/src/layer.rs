//! Typed Pebble layers and plans.
//!
//! A [`Layer`] is what a charm adds with
//! [`Client::add_layer`](crate::pebble::Client::add_layer); a [`Plan`] is what Pebble
//! combines from all layers. Field names follow Pebble's layer specification (kebab-case in
//! YAML); fields left empty are not written, so a layer with `override: merge` can be partial.
//!
//! # Examples
//!
//! ```
//! use charm_runtime::layer::{Layer, Override, Service, Startup};
//!
//! let layer = Layer {
//!     summary: "pause layer".into(),
//!     services: [(
//!         "pause".to_owned(),
//!         Service {
//!             r#override: Override::Replace,
//!             command: "/pause".into(),
//!             startup: Some(Startup::Enabled),
//!             ..Service::default()
//!         },
//!     )]
//!     .into(),
//!     ..Layer::default()
//! };
//! let yaml = layer.to_yaml().unwrap();
//! assert_eq!(Layer::from_yaml(&yaml).unwrap(), layer);
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

mod duration;

pub use duration::{GoDuration, ParseDurationError};

/// One layer of Pebble configuration.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Layer {
    /// A short summary.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// A longer description.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Services by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub services: BTreeMap<String, Service>,
    /// Health checks by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub checks: BTreeMap<String, Check>,
    /// Log forwarding targets by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub log_targets: BTreeMap<String, LogTarget>,
}

/// The combined configuration Pebble runs: all layers merged (`GET /v1/plan`).
///
/// Sections this client does not model (`workloads`, `pairing`) are ignored.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Plan {
    /// Services by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub services: BTreeMap<String, Service>,
    /// Health checks by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub checks: BTreeMap<String, Check>,
    /// Log forwarding targets by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub log_targets: BTreeMap<String, LogTarget>,
}

/// How an object combines with the same-named object of lower layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Override {
    /// Fields set here replace or extend the lower definition.
    Merge,
    /// This definition replaces the lower one entirely.
    #[default]
    Replace,
}

/// Whether a service or check starts by default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Startup {
    /// Started by `autostart` and `replan`.
    Enabled,
    /// Started only when asked.
    Disabled,
    /// Any other value (Pebble treats it as disabled).
    #[serde(untagged)]
    Other(String),
}

/// What Pebble does when a service exits or a check fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ServiceAction {
    /// Restart the service (with backoff).
    Restart,
    /// Stop Pebble (and so the container), with a code that reflects the service's exit.
    Shutdown,
    /// Stop Pebble with a zero code.
    SuccessShutdown,
    /// Stop Pebble with a non-zero code.
    FailureShutdown,
    /// Do nothing.
    Ignore,
    /// A value this client does not know.
    #[serde(untagged)]
    Other(String),
}

/// A service definition.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Service {
    /// How it combines with lower layers (required by Pebble in every layer).
    pub r#override: Override,
    /// A short summary.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// A longer description.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The command line, split like a shell would (no shell is run).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub command: String,
    /// Whether the service starts with `autostart`/`replan`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup: Option<Startup>,
    /// Services this one starts after, when both start.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<String>,
    /// Services this one starts before, when both start.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub before: Vec<String>,
    /// Services started with this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<String>,
    /// The workload (from the `workloads` section) it belongs to.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub workload: String,
    /// Environment variables.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub environment: BTreeMap<String, String>,
    /// User name to run as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// User ID to run as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<u32>,
    /// Group name to run as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Group ID to run as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<u32>,
    /// Working directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_dir: Option<String>,
    /// What to do when it exits with code 0 (default `restart`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_success: Option<ServiceAction>,
    /// What to do when it exits with another code (default `restart`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_failure: Option<ServiceAction>,
    /// What to do when a named check fails.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub on_check_failure: BTreeMap<String, ServiceAction>,
    /// First restart delay (default 500ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backoff_delay: Option<GoDuration>,
    /// Multiplier of the delay after each restart, at least 1.0 (default 2.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backoff_factor: Option<f64>,
    /// Largest restart delay (default 30s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backoff_limit: Option<GoDuration>,
    /// Time between SIGTERM and SIGKILL on stop (default 5s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kill_delay: Option<GoDuration>,
}

/// The level of a check, for `/v1/health`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckLevel {
    /// Liveness.
    Alive,
    /// Readiness (implies alive).
    Ready,
}

impl CheckLevel {
    /// The level as Pebble writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Alive => "alive",
            Self::Ready => "ready",
        }
    }
}

/// A health check definition: exactly one of `http`, `tcp` and `exec` in the combined plan.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Check {
    /// How it combines with lower layers.
    pub r#override: Override,
    /// Its level, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<CheckLevel>,
    /// Whether it starts when added (default enabled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup: Option<Startup>,
    /// Time between probes (default 10s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<GoDuration>,
    /// Time a probe may take (default 3s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<GoDuration>,
    /// Consecutive failures before the check is down (default 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<u32>,
    /// An HTTP GET that must answer 2xx.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpCheck>,
    /// A TCP connect that must succeed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tcp: Option<TcpCheck>,
    /// A command that must exit 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exec: Option<ExecCheck>,
}

/// An HTTP check.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct HttpCheck {
    /// The URL to GET.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
    /// Extra request headers.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
}

/// A TCP check.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct TcpCheck {
    /// The port to connect to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// The host (default `localhost`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
}

/// An exec check.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ExecCheck {
    /// The command line (split like a shell would).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub command: String,
    /// A service whose environment, user and working directory the command inherits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_context: Option<String>,
    /// Environment variables.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub environment: BTreeMap<String, String>,
    /// User name to run as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// User ID to run as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<u32>,
    /// Group name to run as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Group ID to run as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<u32>,
    /// Working directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_dir: Option<String>,
}

/// The kind of a log target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LogTargetType {
    /// Grafana Loki.
    Loki,
    /// An OpenTelemetry collector.
    Opentelemetry,
    /// A syslog server.
    Syslog,
    /// A type this client does not know.
    #[serde(untagged)]
    Other(String),
}

/// A log forwarding target.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct LogTarget {
    /// How it combines with lower layers.
    pub r#override: Override,
    /// The kind of target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<LogTargetType>,
    /// Where to send logs.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub location: String,
    /// Which services' logs to send: names, `all`, and `-name` to exclude.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    /// Labels added to each record.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

impl Layer {
    /// Parses a layer from YAML, rejecting unknown fields as Pebble does.
    ///
    /// # Errors
    ///
    /// [`yaml::Error::Parse`](crate::yaml::Error::Parse) when the text is not a valid layer.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::layer::Layer;
    ///
    /// let layer = Layer::from_yaml("services:\n  web:\n    override: replace\n    command: web\n")?;
    /// assert_eq!(layer.services["web"].command, "web");
    /// assert!(Layer::from_yaml("services:\n  web:\n    colour: red\n").is_err());
    /// # Ok::<(), charm_runtime::yaml::Error>(())
    /// ```
    pub fn from_yaml(text: &str) -> Result<Self, crate::yaml::Error> {
        crate::yaml::from_str(text)
    }

    /// Writes the layer as YAML.
    ///
    /// # Errors
    ///
    /// [`yaml::Error::Write`](crate::yaml::Error::Write) when a value cannot be written (it does not happen for layers
    /// built from this crate's types).
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::layer::Layer;
    ///
    /// let yaml = Layer::default().to_yaml()?;
    /// assert_eq!(Layer::from_yaml(&yaml)?, Layer::default());
    /// # Ok::<(), charm_runtime::yaml::Error>(())
    /// ```
    pub fn to_yaml(&self) -> Result<String, crate::yaml::Error> {
        crate::yaml::to_string(self)
    }
}

impl Plan {
    /// Parses a plan from YAML (as `GET /v1/plan?format=yaml` returns it).
    ///
    /// # Errors
    ///
    /// [`yaml::Error::Parse`](crate::yaml::Error::Parse) when the text is not a valid plan.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::layer::Plan;
    ///
    /// let plan = Plan::from_yaml("services:\n  web:\n    override: replace\n    command: web\n")?;
    /// assert_eq!(plan.services["web"].command, "web");
    /// # Ok::<(), charm_runtime::yaml::Error>(())
    /// ```
    pub fn from_yaml(text: &str) -> Result<Self, crate::yaml::Error> {
        crate::yaml::from_str(text)
    }

    /// Writes the plan as YAML.
    ///
    /// # Errors
    ///
    /// [`yaml::Error::Write`](crate::yaml::Error::Write) when a value cannot be written.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::layer::Plan;
    ///
    /// let yaml = Plan::default().to_yaml()?;
    /// assert_eq!(Plan::from_yaml(&yaml)?, Plan::default());
    /// # Ok::<(), charm_runtime::yaml::Error>(())
    /// ```
    pub fn to_yaml(&self) -> Result<String, crate::yaml::Error> {
        crate::yaml::to_string(self)
    }
}

impl fmt::Display for Override {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Merge => "merge",
            Self::Replace => "replace",
        })
    }
}

impl Serialize for GoDuration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for GoDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl From<Duration> for GoDuration {
    fn from(d: Duration) -> Self {
        Self(d)
    }
}
