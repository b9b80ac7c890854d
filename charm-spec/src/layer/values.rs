//! The enumerations of the layer format, and the subsets some fields allow.

use serde::{Deserialize, Serialize};

use super::EnumSpec;
use crate::pebble::added_in;

enumeration! {
    /// How an object combines with the same-named object of lower layers.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::layer::Override;
    ///
    /// assert_eq!(Override::default(), Override::Replace);
    /// assert_eq!(Override::Merge.to_string(), "merge");
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
    pub enum Override: "override" {
        /// Fields set here replace or extend the lower definition.
        Merge = "merge";
        /// This definition replaces the lower one entirely.
        #[default]
        Replace = "replace";
    }
}

enumeration! {
    /// Whether a service or check starts by default.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::layer::Startup;
    ///
    /// let startup: Startup = charm_spec::yaml::from_str("enabled").unwrap();
    /// assert_eq!(startup, Startup::Enabled);
    /// let other: Startup = charm_spec::yaml::from_str("enable").unwrap();
    /// assert_eq!(other, Startup::Other("enable".into()));
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Startup: "startup" {
        /// Started by `autostart` and `replan`.
        Enabled = "enabled";
        /// Started only when asked.
        Disabled = "disabled";
    } else {
        /// Any other value (Pebble treats it as disabled).
        Other(String),
    }
}

enumeration! {
    /// What Pebble does when a service exits or a check fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::layer::ServiceAction;
    ///
    /// assert_eq!(ServiceAction::FailureShutdown.as_str(), "failure-shutdown");
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum ServiceAction: "action" {
        /// Restart the service (with backoff).
        Restart = "restart";
        /// Stop Pebble (and so the container), with a code that reflects the service's exit.
        Shutdown = "shutdown";
        /// Stop Pebble with a zero code.
        SuccessShutdown = "success-shutdown", since = added_in("service-action-success-failure-shutdown");
        /// Stop Pebble with a non-zero code.
        FailureShutdown = "failure-shutdown", since = added_in("service-action-success-failure-shutdown");
        /// Do nothing.
        Ignore = "ignore";
    } else {
        /// A value this crate does not know.
        Other(String),
    }
}

enumeration! {
    /// The level of a check, for `/v1/health`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_spec::layer::CheckLevel::Ready.as_str(), "ready");
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum CheckLevel: "check level" {
        /// Liveness.
        Alive = "alive";
        /// Readiness (implies alive).
        Ready = "ready";
    }
}

enumeration! {
    /// The kind of a log target.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::layer::LogTargetType;
    ///
    /// assert_eq!(LogTargetType::Opentelemetry.to_string(), "opentelemetry");
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum LogTargetType: "log target type" {
        /// Grafana Loki.
        Loki = "loki";
        /// An OpenTelemetry collector.
        Opentelemetry = "opentelemetry", since = added_in("log-target-opentelemetry");
        /// A syslog server. Pebble v1.2.0 to v1.22.x accept it and forward nothing; v1.23.0
        /// to v1.26.0 reject it; v1.27.0 forwards to syslog (no Juju ships it yet).
        Syslog = "syslog", since = added_in("log-target-syslog");
    } else {
        /// A type this crate does not know.
        Other(String),
    }
}

/// The actions a service's `on-success` allows (all but `success-shutdown`).
///
/// # Examples
///
/// ```
/// assert_eq!(charm_spec::layer::ON_SUCCESS.allowed().count(), 4);
/// ```
pub const ON_SUCCESS: EnumSpec =
    ServiceAction::SPEC.without("on-success action", &["success-shutdown"]);

/// The actions a service's `on-failure` allows (all but `failure-shutdown`).
///
/// # Examples
///
/// ```
/// assert!(charm_spec::layer::ON_FAILURE.allowed().any(|v| v.yaml == "success-shutdown"));
/// ```
pub const ON_FAILURE: EnumSpec =
    ServiceAction::SPEC.without("on-failure action", &["failure-shutdown"]);

/// The actions a service's `on-check-failure` allows (as `on-failure`).
///
/// # Examples
///
/// ```
/// assert_eq!(charm_spec::layer::ON_CHECK_FAILURE.what, "on-check-failure action");
/// ```
pub const ON_CHECK_FAILURE: EnumSpec =
    ServiceAction::SPEC.without("on-check-failure action", ON_FAILURE.excluded);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excluded_values_exist() {
        for spec in [ON_SUCCESS, ON_FAILURE, ON_CHECK_FAILURE] {
            for excluded in spec.excluded {
                assert!(
                    spec.values.iter().any(|v| v.yaml == *excluded),
                    "{excluded}"
                );
            }
        }
    }

    #[test]
    fn values_round_trip_through_yaml() {
        for value in ServiceAction::SPEC.values {
            let action: ServiceAction = crate::yaml::from_str(value.yaml).unwrap();
            assert_eq!(action.as_str(), value.yaml);
            assert_eq!(format!("{action:?}"), value.variant);
        }
        let unknown: ServiceAction = crate::yaml::from_str("explode").unwrap();
        assert_eq!(unknown, ServiceAction::Other("explode".into()));
    }
}
