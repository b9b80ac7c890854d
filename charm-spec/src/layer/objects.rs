//! The objects of the layer format, each declared once: the serde type, its table and its
//! merge come from the same lines.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use super::{
    CheckLevel, Kind, LogTargetType, ON_CHECK_FAILURE, ON_FAILURE, ON_SUCCESS, Refers,
    ServiceAction, Startup,
};
use crate::duration::{GoDuration, Rule};
use crate::pebble::added_in;

/// The rule of delays: Go durations that are not negative.
const DELAY: &[Rule] = &[Rule::NotNegative];
/// The rule of a check's period and timeout: not negative, and not zero.
const INTERVAL: &[Rule] = &[Rule::NotNegative, Rule::NotZero];
/// User and group ids: 32-bit.
const ID: Kind = Kind::Int(u32::MAX as u64);

/// A map of text values in which a value left empty (`EMPTY:`, null) is the empty text, as
/// Pebble reads it.
fn text_map<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, String>, D::Error> {
    let map = BTreeMap::<String, Option<String>>::deserialize(deserializer)?;
    Ok(map
        .into_iter()
        .map(|(key, value)| (key, value.unwrap_or_default()))
        .collect())
}

object! {
    /// One layer of Pebble configuration.
    ///
    /// Decoding is strict, as Pebble's is: an unknown section or field is an error.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::layer::{Layer, Override, Service, Startup};
    ///
    /// let layer = Layer {
    ///     summary: "pause layer".into(),
    ///     services: [(
    ///         "pause".to_owned(),
    ///         Service {
    ///             r#override: Override::Replace,
    ///             command: "/pause".into(),
    ///             startup: Some(Startup::Enabled),
    ///             ..Service::default()
    ///         },
    ///     )]
    ///     .into(),
    ///     ..Layer::default()
    /// };
    /// let yaml = layer.to_yaml().unwrap();
    /// assert_eq!(Layer::from_yaml(&yaml).unwrap(), layer);
    /// ```
    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Layer: "layer", "plan.Layer" {
        /// A short summary.
        summary: String = "summary", Kind::Text, No, IfNotEmpty;
        /// A longer description.
        description: String = "description", Kind::Text, No, IfNotEmpty;
        /// Services by name.
        services: BTreeMap<String, Service> =
            "services", Kind::Section(&Service::SPEC), No, ByName;
        /// Health checks by name.
        checks: BTreeMap<String, Check> = "checks", Kind::Section(&Check::SPEC), No, ByName;
        /// Log forwarding targets by name.
        log_targets: BTreeMap<String, LogTarget> =
            "log-targets", Kind::Section(&LogTarget::SPEC), No, ByName,
            since = Some(added_in("log-targets"));
    }
}

object! {
    /// The combined configuration Pebble runs: all layers merged (`GET /v1/plan`).
    ///
    /// Sections this crate does not model (`workloads`, `pairing`) are ignored.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::layer::{Layer, Plan};
    ///
    /// let base = Layer::from_yaml("services: {web: {override: replace, command: /bin/web}}").unwrap();
    /// let top = Layer::from_yaml("services: {web: {override: merge, after: [db]}}").unwrap();
    /// let plan = Plan::combine([&base, &top]);
    /// assert_eq!(plan.services["web"].command, "/bin/web");
    /// assert_eq!(plan.services["web"].after, ["db"]);
    /// ```
    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
    pub struct Plan: "plan", "plan.Plan" {
        /// Services by name.
        services: BTreeMap<String, Service> =
            "services", Kind::Section(&Service::SPEC), No, ByName;
        /// Health checks by name.
        checks: BTreeMap<String, Check> = "checks", Kind::Section(&Check::SPEC), No, ByName;
        /// Log forwarding targets by name.
        log_targets: BTreeMap<String, LogTarget> =
            "log-targets", Kind::Section(&LogTarget::SPEC), No, ByName;
    }
}

object! {
    /// A service definition.
    ///
    /// Its `Debug` output hides environment values, which often hold passwords.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::layer::{Override, Service};
    ///
    /// let service: Service = charm_spec::yaml::from_str("override: replace\ncommand: /bin/web\n").unwrap();
    /// assert_eq!(service.r#override, Override::Replace);
    /// assert_eq!(service.command, "/bin/web");
    /// ```
    #[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Service: "service", "plan.Service", entry {
        /// A short summary.
        summary: String = "summary", Kind::Text, No, IfNotEmpty;
        /// A longer description.
        description: String = "description", Kind::Text, No, IfNotEmpty;
        /// The command line, split like a shell would (no shell is run).
        command: String = "command", Kind::Command, InPlan, IfNotEmpty,
            example = "/path/to/program args";
        /// Whether the service starts with `autostart`/`replan`.
        startup: Option<Startup> = "startup", Kind::Enum(&Startup::SPEC), No, IfSet;
        /// Services this one starts after, when both start.
        after: Vec<String> = "after", Kind::Names(Refers::Services), No, Append;
        /// Services this one starts before, when both start.
        before: Vec<String> = "before", Kind::Names(Refers::Services), No, Append;
        /// Services started with this one.
        requires: Vec<String> = "requires", Kind::Names(Refers::Services), No, Append;
        /// The workload (from the `workloads` section) it belongs to.
        workload: String = "workload", Kind::Name(Refers::Workload), No, IfNotEmpty,
            since = Some(added_in("service-workload"));
        /// Environment variables.
        #[serde(deserialize_with = "text_map")]
        environment: BTreeMap<String, String> = "environment", Kind::TextMap, No, ByKey;
        /// User name to run as.
        user: Option<String> = "user", Kind::Text, No, IfSet;
        /// User ID to run as.
        user_id: Option<u32> = "user-id", ID, No, IfSet;
        /// Group name to run as.
        group: Option<String> = "group", Kind::Text, No, IfSet;
        /// Group ID to run as.
        group_id: Option<u32> = "group-id", ID, No, IfSet;
        /// Working directory.
        working_dir: Option<String> = "working-dir", Kind::Text, No, IfSet,
            since = Some(added_in("service-working-dir"));
        /// What to do when it exits with code 0 (default `restart`).
        on_success: Option<ServiceAction> = "on-success", Kind::Enum(&ON_SUCCESS), No, IfSet;
        /// What to do when it exits with another code (default `restart`).
        on_failure: Option<ServiceAction> = "on-failure", Kind::Enum(&ON_FAILURE), No, IfSet;
        /// What to do when a named check fails.
        on_check_failure: BTreeMap<String, ServiceAction> =
            "on-check-failure", Kind::CheckActions(&ON_CHECK_FAILURE), No, ByKey;
        /// First restart delay (default 500ms).
        backoff_delay: Option<GoDuration> = "backoff-delay", Kind::Duration(DELAY), No, IfSet;
        /// Multiplier of the delay after each restart, at least 1.0 (default 2.0).
        backoff_factor: Option<f64> = "backoff-factor", Kind::Factor, No, IfSet;
        /// Largest restart delay (default 30s).
        backoff_limit: Option<GoDuration> = "backoff-limit", Kind::Duration(DELAY), No, IfSet;
        /// Time between SIGTERM and SIGKILL on stop (default 5s).
        kill_delay: Option<GoDuration> = "kill-delay", Kind::Duration(DELAY), No, IfSet;
    }
}

object! {
    /// A health check definition: exactly one of `http`, `tcp` and `exec` in the combined
    /// plan.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::layer::{Check, TcpCheck};
    ///
    /// let check = Check { tcp: Some(TcpCheck { port: Some(8080), host: None }), ..Check::default() };
    /// assert!(check.http.is_none());
    /// ```
    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Check: "check", "plan.Check", entry {
        /// Its level, if any.
        level: Option<CheckLevel> = "level", Kind::Enum(&CheckLevel::SPEC), No, IfSet;
        /// Whether it starts when added (default enabled).
        startup: Option<Startup> = "startup", Kind::Enum(&Startup::SPEC), No, IfSet,
            since = Some(added_in("check-startup"));
        /// Time between probes (default 10s).
        period: Option<GoDuration> = "period", Kind::Duration(INTERVAL), No, IfSet;
        /// Time a probe may take (default 3s).
        timeout: Option<GoDuration> = "timeout", Kind::Duration(INTERVAL), No, IfSet;
        /// Consecutive failures before the check is down (default 3).
        threshold: Option<u32> = "threshold", ID, No, IfNotZero;
        /// An HTTP GET that must answer 2xx.
        http: Option<HttpCheck> = "http", Kind::Probe(&HttpCheck::SPEC), No, Nested;
        /// A TCP connect that must succeed.
        tcp: Option<TcpCheck> = "tcp", Kind::Probe(&TcpCheck::SPEC), No, Nested;
        /// A command that must exit 0.
        exec: Option<ExecCheck> = "exec", Kind::Probe(&ExecCheck::SPEC), No, Nested;
    }
}

object! {
    /// An HTTP check.
    ///
    /// # Examples
    ///
    /// ```
    /// let http = charm_spec::layer::HttpCheck { url: "http://localhost/".into(), ..Default::default() };
    /// assert!(http.headers.is_empty());
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct HttpCheck: "http check", "plan.HTTPCheck" {
        /// The URL to GET.
        url: String = "url", Kind::Text, InPlan, IfNotEmpty,
            example = "http://localhost:8080/health";
        /// Extra request headers.
        #[serde(deserialize_with = "text_map")]
        headers: BTreeMap<String, String> = "headers", Kind::TextMap, No, ByKey;
    }
}

object! {
    /// A TCP check.
    ///
    /// # Examples
    ///
    /// ```
    /// let tcp = charm_spec::layer::TcpCheck { port: Some(5432), host: None };
    /// assert_eq!(tcp.port, Some(5432));
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct TcpCheck: "tcp check", "plan.TCPCheck" {
        /// The port to connect to.
        port: Option<u16> = "port", Kind::Port, InPlan, IfSet, example = "8080";
        /// The host (default `localhost`).
        host: Option<String> = "host", Kind::Text, No, IfSet;
    }
}

object! {
    /// An exec check.
    ///
    /// Its `Debug` output hides environment values, which often hold passwords.
    ///
    /// # Examples
    ///
    /// ```
    /// let exec = charm_spec::layer::ExecCheck { command: "pg_isready".into(), ..Default::default() };
    /// assert_eq!(exec.service_context, None);
    /// ```
    #[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct ExecCheck: "exec check", "plan.ExecCheck" {
        /// The command line (split like a shell would).
        command: String = "command", Kind::Command, InPlan, IfNotEmpty,
            example = "/bin/check --quiet";
        /// A service whose environment, user and working directory the command inherits.
        service_context: Option<String> =
            "service-context", Kind::Name(Refers::Services), No, IfSet,
            since = Some(added_in("check-exec-service-context"));
        /// Environment variables.
        #[serde(deserialize_with = "text_map")]
        environment: BTreeMap<String, String> = "environment", Kind::TextMap, No, ByKey;
        /// User name to run as.
        user: Option<String> = "user", Kind::Text, No, IfSet;
        /// User ID to run as.
        user_id: Option<u32> = "user-id", ID, No, IfSet;
        /// Group name to run as.
        group: Option<String> = "group", Kind::Text, No, IfSet;
        /// Group ID to run as.
        group_id: Option<u32> = "group-id", ID, No, IfSet;
        /// Working directory.
        working_dir: Option<String> = "working-dir", Kind::Text, No, IfSet;
    }
}

object! {
    /// A log forwarding target.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::layer::{LogTarget, LogTargetType};
    ///
    /// let loki = LogTarget { r#type: Some(LogTargetType::Loki), services: vec!["all".into()], ..LogTarget::default() };
    /// assert_eq!(loki.services, ["all"]);
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct LogTarget: "log target", "plan.LogTarget", entry {
        /// The kind of target.
        r#type: Option<LogTargetType> =
            "type", Kind::Enum(&LogTargetType::SPEC), InPlan, IfSet;
        /// Where to send logs.
        location: String = "location", Kind::Text, InPlan, IfNotEmpty,
            example = "http://loki:3100/loki/api/v1/push";
        /// Which services' logs to send: names, `all`, and `-name` to exclude.
        services: Vec<String> = "services", Kind::Names(Refers::ServiceSelection), No, Append,
            since = Some(added_in("log-target-services"));
        /// Labels added to each record.
        #[serde(deserialize_with = "text_map")]
        labels: BTreeMap<String, String> = "labels", Kind::Labels, No, ByKey,
            since = Some(added_in("log-target-labels"));
    }
}
