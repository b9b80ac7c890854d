//! The event Juju is running, decoded from the `JUJU_*` environment variables.
//!
//! Juju starts one process per event and says which event it is through
//! `JUJU_DISPATCH_PATH` (`hooks/<hook-name>` or `actions/<action-name>`) plus event-specific
//! variables. [`Event::from_env`] reads the process environment; [`Event::from_vars`] reads
//! any lookup function, which is what tests use.
//!
//! Endpoint, storage and container names may contain `-`, so the hook name is never split:
//! the name comes from `JUJU_RELATION`, `JUJU_STORAGE_ID` or `JUJU_WORKLOAD_NAME` and is
//! cross-checked against the hook name.
//!
//! # Examples
//!
//! ```
//! use charm_runtime::event::Event;
//!
//! let vars = [
//!     ("JUJU_DISPATCH_PATH", "hooks/web-pebble-ready"),
//!     ("JUJU_WORKLOAD_NAME", "web"),
//! ];
//! let event = Event::from_pairs(vars).unwrap();
//! assert!(matches!(&event, Event::PebbleReady(w) if w.container == "web"));
//! assert_eq!(event.name(), "web-pebble-ready");
//! ```

mod decode;
mod payload;

pub use payload::{
    ActionEvent, ActionId, CheckEvent, NoticeEvent, NoticeId, RelationEvent, RelationId,
    SecretEvent, SecretId, SeriesUpgrade, StorageEvent, StorageKind, WorkloadEvent,
};

/// An event could not be decoded from the environment.
///
/// Each variant names the variable at fault, so the message in `juju debug-log` says what
/// Juju (or the test) failed to provide.
///
/// # Examples
///
/// ```
/// use charm_runtime::event::{Error, Event};
/// let err = Event::from_pairs([("JUJU_DISPATCH_PATH", "hooks/web-pebble-ready")]).unwrap_err();
/// assert_eq!(err, Error::Missing { name: "JUJU_WORKLOAD_NAME" });
/// assert_eq!(err.to_string(), "environment variable JUJU_WORKLOAD_NAME is not set");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A required variable is not set (or is empty where a value is required).
    #[error("environment variable {name} is not set")]
    Missing {
        /// The variable's name.
        name: &'static str,
    },
    /// A variable is set but its value cannot be used.
    #[error("environment variable {name} has an invalid value {value:?}: {reason}")]
    Malformed {
        /// The variable's name.
        name: &'static str,
        /// The value found.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// The event Juju is running: one variant per hook or action kind in the Juju contract.
///
/// Events the runtime does not know (for example a hook added by a later Juju) decode to
/// [`Event::Unknown`]; a charm should treat those as a no-op and exit 0.
///
/// # Examples
///
/// ```
/// use charm_runtime::event::Event;
/// # fn demo(event: Event) {
/// match event {
///     Event::Install | Event::UpgradeCharm => { /* set things up */ }
///     Event::PebbleReady(w) => println!("Pebble is up in {}", w.container),
///     Event::Unknown { .. } => {} // nothing to do: exit 0
///     _ => {}
/// }
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// `install`: the first hook of a unit.
    Install,
    /// `start`: after the first `config-changed`, and on Kubernetes after every pod churn.
    Start,
    /// `stop`: the unit is being torn down.
    Stop,
    /// `remove`: the last hook of a unit.
    Remove,
    /// `upgrade-charm`: the charm code was replaced.
    UpgradeCharm,
    /// `config-changed`: configuration (or trust, or the pod) changed.
    ConfigChanged,
    /// `update-status`: the periodic status check.
    UpdateStatus,
    /// `leader-elected`: this unit became the leader.
    LeaderElected,
    /// `leader-settings-changed`: the (deprecated) leader settings changed.
    LeaderSettingsChanged,
    /// `leader-deposed`: this unit lost leadership.
    LeaderDeposed,
    /// `pre-series-upgrade` (machine charms, Juju 3).
    PreSeriesUpgrade(SeriesUpgrade),
    /// `post-series-upgrade` (machine charms, Juju 3).
    PostSeriesUpgrade(SeriesUpgrade),
    /// `collect-metrics` (legacy metering).
    CollectMetrics,
    /// `<endpoint>-relation-created`.
    RelationCreated(RelationEvent),
    /// `<endpoint>-relation-joined`.
    RelationJoined(RelationEvent),
    /// `<endpoint>-relation-changed`.
    RelationChanged(RelationEvent),
    /// `<endpoint>-relation-departed`.
    RelationDeparted(RelationEvent),
    /// `<endpoint>-relation-broken`.
    RelationBroken(RelationEvent),
    /// `<storage>-storage-attached`.
    StorageAttached(StorageEvent),
    /// `<storage>-storage-detaching`.
    StorageDetaching(StorageEvent),
    /// `secret-changed`: the owner published a new revision of a tracked secret.
    SecretChanged(SecretEvent),
    /// `secret-rotate`: an owned secret is due for rotation.
    SecretRotate(SecretEvent),
    /// `secret-remove`: a revision of an owned secret is no longer tracked by anyone.
    SecretRemove(SecretEvent),
    /// `secret-expired`: a revision of an owned secret expired.
    SecretExpired(SecretEvent),
    /// `<container>-pebble-ready`: Pebble (re)started in a workload container.
    PebbleReady(WorkloadEvent),
    /// `<container>-pebble-custom-notice`: a custom Pebble notice was recorded.
    PebbleCustomNotice(NoticeEvent),
    /// `<container>-pebble-check-failed`: a check reached its failure threshold.
    PebbleCheckFailed(CheckEvent),
    /// `<container>-pebble-check-recovered`: a failed check passes again.
    PebbleCheckRecovered(CheckEvent),
    /// An action, dispatched as `actions/<name>`.
    Action(ActionEvent),
    /// A hook this runtime does not know; handle it as a no-op.
    Unknown {
        /// The hook name as Juju gave it.
        hook: String,
    },
}

impl Event {
    /// Decodes the event from the process environment.
    ///
    /// # Errors
    ///
    /// [`Error::Missing`] when a variable the event needs is not set, [`Error::Malformed`]
    /// when one cannot be parsed or does not agree with the hook name.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let event = charm_runtime::event::Event::from_env()?;
    /// println!("running {}", event.name());
    /// # Ok::<(), charm_runtime::event::Error>(())
    /// ```
    pub fn from_env() -> Result<Self, Error> {
        Self::from_vars(&|name: &str| std::env::var(name).ok())
    }

    /// Decodes the event from a variable lookup function.
    ///
    /// `vars` returns the value of a variable, or `None` when it is not set.
    ///
    /// # Errors
    ///
    /// As [`Event::from_env`].
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::event::{Event, Error};
    ///
    /// let event = Event::from_vars(&|name: &str| match name {
    ///     "JUJU_DISPATCH_PATH" => Some("hooks/secret-changed".to_owned()),
    ///     _ => None,
    /// });
    /// assert_eq!(event, Err(Error::Missing { name: "JUJU_SECRET_ID" }));
    /// ```
    pub fn from_vars(vars: &impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        decode::decode(vars)
    }

    /// Decodes the event from `(name, value)` pairs, as a convenience for tests.
    ///
    /// # Errors
    ///
    /// As [`Event::from_env`].
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::event::Event;
    ///
    /// let event = Event::from_pairs([("JUJU_DISPATCH_PATH", "hooks/install")]).unwrap();
    /// assert_eq!(event, Event::Install);
    /// ```
    pub fn from_pairs<K, V>(pairs: impl IntoIterator<Item = (K, V)>) -> Result<Self, Error>
    where
        K: Into<String>,
        V: Into<String>,
    {
        let map: std::collections::HashMap<String, String> = pairs
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        Self::from_vars(&|name: &str| map.get(name).cloned())
    }

    /// The hook name (`db-relation-changed`, `web-pebble-ready`) or, for an action, the
    /// action name.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::event::{ActionEvent, Event};
    ///
    /// assert_eq!(Event::UpdateStatus.name(), "update-status");
    /// let action = Event::Action(ActionEvent { name: "backup".into(), id: "7".into() });
    /// assert_eq!(action.name(), "backup");
    /// ```
    pub fn name(&self) -> std::borrow::Cow<'_, str> {
        use std::borrow::Cow;
        let fixed = match self {
            Self::Install => "install",
            Self::Start => "start",
            Self::Stop => "stop",
            Self::Remove => "remove",
            Self::UpgradeCharm => "upgrade-charm",
            Self::ConfigChanged => "config-changed",
            Self::UpdateStatus => "update-status",
            Self::LeaderElected => "leader-elected",
            Self::LeaderSettingsChanged => "leader-settings-changed",
            Self::LeaderDeposed => "leader-deposed",
            Self::PreSeriesUpgrade(_) => "pre-series-upgrade",
            Self::PostSeriesUpgrade(_) => "post-series-upgrade",
            Self::CollectMetrics => "collect-metrics",
            Self::SecretChanged(_) => "secret-changed",
            Self::SecretRotate(_) => "secret-rotate",
            Self::SecretRemove(_) => "secret-remove",
            Self::SecretExpired(_) => "secret-expired",
            Self::RelationCreated(r) => {
                return Cow::Owned(format!("{}-relation-created", r.endpoint));
            }
            Self::RelationJoined(r) => {
                return Cow::Owned(format!("{}-relation-joined", r.endpoint));
            }
            Self::RelationChanged(r) => {
                return Cow::Owned(format!("{}-relation-changed", r.endpoint));
            }
            Self::RelationDeparted(r) => {
                return Cow::Owned(format!("{}-relation-departed", r.endpoint));
            }
            Self::RelationBroken(r) => {
                return Cow::Owned(format!("{}-relation-broken", r.endpoint));
            }
            Self::StorageAttached(s) => return Cow::Owned(format!("{}-storage-attached", s.name)),
            Self::StorageDetaching(s) => {
                return Cow::Owned(format!("{}-storage-detaching", s.name));
            }
            Self::PebbleReady(w) => return Cow::Owned(format!("{}-pebble-ready", w.container)),
            Self::PebbleCustomNotice(n) => {
                return Cow::Owned(format!("{}-pebble-custom-notice", n.container));
            }
            Self::PebbleCheckFailed(c) => {
                return Cow::Owned(format!("{}-pebble-check-failed", c.container));
            }
            Self::PebbleCheckRecovered(c) => {
                return Cow::Owned(format!("{}-pebble-check-recovered", c.container));
            }
            Self::Action(a) => return Cow::Borrowed(&a.name),
            Self::Unknown { hook } => return Cow::Borrowed(hook),
        };
        Cow::Borrowed(fixed)
    }

    /// Whether this is an action (dispatched as `actions/<name>`) rather than a hook.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!charm_runtime::event::Event::Install.is_action());
    /// ```
    pub fn is_action(&self) -> bool {
        matches!(self, Self::Action(_))
    }
}

impl std::fmt::Display for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_action() {
            write!(f, "action {}", self.name())
        } else {
            write!(f, "hook {}", self.name())
        }
    }
}

#[cfg(test)]
mod tests;
