//! The data each kind of event carries.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

pub use crate::ids::NoticeId;

/// A relation, as Juju names it: `<endpoint>:<number>` (for example `db:3`).
///
/// # Examples
///
/// ```
/// use charm_runtime::event::RelationId;
///
/// let id: RelationId = "db-admin:3".parse().unwrap();
/// assert_eq!(id.endpoint(), "db-admin");
/// assert_eq!(id.as_u64(), 3);
/// assert_eq!(id.to_string(), "db-admin:3");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelationId {
    endpoint: String,
    number: u64,
}

impl RelationId {
    /// The relation `number` on `endpoint`.
    ///
    /// # Examples
    ///
    /// ```
    /// let id = charm_runtime::event::RelationId::new("db", 3);
    /// assert_eq!(id.to_string(), "db:3");
    /// ```
    pub fn new(endpoint: impl Into<String>, number: u64) -> Self {
        Self {
            endpoint: endpoint.into(),
            number,
        }
    }

    /// The endpoint name, as written in `charmcraft.yaml`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_runtime::event::RelationId::new("db", 3).endpoint(), "db");
    /// ```
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The relation's number (unique in the model).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_runtime::event::RelationId::new("db", 3).as_u64(), 3);
    /// ```
    pub fn as_u64(&self) -> u64 {
        self.number
    }
}

impl fmt::Display for RelationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.endpoint, self.number)
    }
}

impl FromStr for RelationId {
    type Err = String;

    /// Parses `<endpoint>:<number>`, taking the number after the last `:`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (endpoint, number) = s
            .rsplit_once(':')
            .ok_or_else(|| "expected <endpoint>:<number>".to_owned())?;
        if endpoint.is_empty() {
            return Err("the endpoint is empty".to_owned());
        }
        let number = number
            .parse()
            .map_err(|_| format!("{number:?} is not a relation number"))?;
        Ok(Self::new(endpoint, number))
    }
}

/// A secret's URI (`secret:<id>` or `secret://<model-uuid>/<id>`).
///
/// # Examples
///
/// ```
/// let id = charm_runtime::event::SecretId::new("secret:cs8r7t0nbp1s7fh0uomg");
/// assert_eq!(id.as_str(), "secret:cs8r7t0nbp1s7fh0uomg");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SecretId(String);

impl SecretId {
    /// Wraps a secret URI as Juju prints it.
    ///
    /// # Examples
    ///
    /// ```
    /// let id = charm_runtime::event::SecretId::new("secret:abc");
    /// assert_eq!(id.to_string(), "secret:abc");
    /// ```
    pub fn new(uri: impl Into<String>) -> Self {
        Self(uri.into())
    }

    /// The URI text.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_runtime::event::SecretId::new("secret:abc").as_str(), "secret:abc");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SecretId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The ID of an action run (`JUJU_ACTION_UUID`: a short number in Juju 3, a UUID before).
///
/// # Examples
///
/// ```
/// let id = charm_runtime::event::ActionId::new("12");
/// assert_eq!(id.as_str(), "12");
/// assert_eq!(id.to_string(), "12");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActionId(String);

impl ActionId {
    /// Wraps an action ID as Juju gives it.
    ///
    /// # Examples
    ///
    /// See [`ActionId`].
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The ID as Juju gives it.
    ///
    /// # Examples
    ///
    /// See [`ActionId`].
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for ActionId {
    fn from(id: String) -> Self {
        Self(id)
    }
}

impl From<&str> for ActionId {
    fn from(id: &str) -> Self {
        Self(id.to_owned())
    }
}

impl fmt::Display for ActionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A relation event (`<endpoint>-relation-*`).
///
/// # Examples
///
/// ```
/// use charm_runtime::event::{Event, RelationEvent};
/// # fn demo(event: Event) {
/// if let Event::RelationChanged(RelationEvent { id, remote_unit: Some(unit), .. }) = event {
///     println!("{unit} changed its data in {id}");
/// }
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationEvent {
    /// The endpoint name (`JUJU_RELATION`).
    pub endpoint: String,
    /// The relation (`JUJU_RELATION_ID`).
    pub id: RelationId,
    /// The application on the other side (`JUJU_REMOTE_APP`); may be empty in `-broken`.
    pub remote_app: String,
    /// The remote unit (`JUJU_REMOTE_UNIT`): set for joined, changed and departed.
    pub remote_unit: Option<String>,
    /// The unit leaving (`JUJU_DEPARTING_UNIT`), only for departed; may be this unit.
    pub departing_unit: Option<String>,
}

/// Whether a storage instance is a filesystem or a block device.
///
/// # Examples
///
/// ```
/// use charm_runtime::event::StorageKind;
/// assert_eq!("block".parse::<StorageKind>(), Ok(StorageKind::Block));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StorageKind {
    /// A mounted filesystem.
    Filesystem,
    /// A block device.
    Block,
}

impl FromStr for StorageKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "filesystem" => Ok(Self::Filesystem),
            "block" => Ok(Self::Block),
            other => Err(format!("{other:?} is neither filesystem nor block")),
        }
    }
}

/// A storage event (`<storage>-storage-attached` / `-detaching`).
///
/// # Examples
///
/// ```
/// use charm_runtime::event::Event;
/// let event = Event::from_pairs([
///     ("JUJU_DISPATCH_PATH", "hooks/data-storage-attached"),
///     ("JUJU_STORAGE_ID", "data/0"),
///     ("JUJU_STORAGE_LOCATION", "/srv/data"),
///     ("JUJU_STORAGE_KIND", "filesystem"),
/// ]).unwrap();
/// assert!(matches!(event, Event::StorageAttached(s) if s.name == "data" && s.index == 0));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageEvent {
    /// The storage name, as declared in `charmcraft.yaml` (from `JUJU_STORAGE_ID`).
    pub name: String,
    /// The instance index (the number after `/` in `JUJU_STORAGE_ID`).
    pub index: u64,
    /// Where it is mounted, or the device path (`JUJU_STORAGE_LOCATION`).
    pub location: PathBuf,
    /// Filesystem or block (`JUJU_STORAGE_KIND`).
    pub kind: StorageKind,
}

/// A secret event (`secret-changed`, `-rotate`, `-remove`, `-expired`).
///
/// # Examples
///
/// ```
/// use charm_runtime::event::Event;
/// let event = Event::from_pairs([
///     ("JUJU_DISPATCH_PATH", "hooks/secret-remove"),
///     ("JUJU_SECRET_ID", "secret:abc"),
///     ("JUJU_SECRET_REVISION", "2"),
/// ]).unwrap();
/// assert!(matches!(event, Event::SecretRemove(s) if s.revision == Some(2)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretEvent {
    /// The secret (`JUJU_SECRET_ID`).
    pub id: SecretId,
    /// Its label for this unit, if any (`JUJU_SECRET_LABEL`).
    pub label: Option<String>,
    /// The revision concerned (`JUJU_SECRET_REVISION`); always set for remove and expired.
    pub revision: Option<u64>,
}

/// A `<container>-pebble-ready` event.
///
/// # Examples
///
/// ```
/// use charm_runtime::event::{Event, WorkloadEvent};
/// let event = Event::PebbleReady(WorkloadEvent { container: "web".into() });
/// assert_eq!(event.name(), "web-pebble-ready");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkloadEvent {
    /// The workload container (`JUJU_WORKLOAD_NAME`).
    pub container: String,
}

/// A `<container>-pebble-custom-notice` event.
///
/// # Examples
///
/// ```
/// use charm_runtime::event::Event;
/// let event = Event::from_pairs([
///     ("JUJU_DISPATCH_PATH", "hooks/web-pebble-custom-notice"),
///     ("JUJU_WORKLOAD_NAME", "web"),
///     ("JUJU_NOTICE_ID", "3"),
///     ("JUJU_NOTICE_TYPE", "custom"),
///     ("JUJU_NOTICE_KEY", "example.com/reload"),
/// ]).unwrap();
/// assert!(matches!(event, Event::PebbleCustomNotice(n) if n.key == "example.com/reload"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeEvent {
    /// The workload container (`JUJU_WORKLOAD_NAME`).
    pub container: String,
    /// The notice's id (`JUJU_NOTICE_ID`), as the Pebble client takes it:
    /// `container.notice(&notice.id)`.
    pub id: NoticeId,
    /// The notice's type, normally `custom` (`JUJU_NOTICE_TYPE`).
    pub notice_type: String,
    /// The notice's key, such as `example.com/thing` (`JUJU_NOTICE_KEY`).
    pub key: String,
}

/// A `<container>-pebble-check-failed` / `-recovered` event.
///
/// # Examples
///
/// ```
/// use charm_runtime::event::{CheckEvent, Event};
/// let event = Event::PebbleCheckFailed(CheckEvent { container: "web".into(), check: "up".into() });
/// assert_eq!(event.name(), "web-pebble-check-failed");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckEvent {
    /// The workload container (`JUJU_WORKLOAD_NAME`).
    pub container: String,
    /// The check's name (`JUJU_PEBBLE_CHECK_NAME`).
    pub check: String,
}

/// An action run.
///
/// # Examples
///
/// ```
/// use charm_runtime::event::Event;
/// let event = Event::from_pairs([
///     ("JUJU_DISPATCH_PATH", "actions/backup"),
///     ("JUJU_ACTION_UUID", "12"),
/// ]).unwrap();
/// assert!(matches!(event, Event::Action(a) if a.name == "backup" && a.id.as_str() == "12"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionEvent {
    /// The action's name (from `JUJU_DISPATCH_PATH`, `actions/<name>`).
    pub name: String,
    /// The action's ID (`JUJU_ACTION_UUID`).
    pub id: ActionId,
}

/// A `pre-series-upgrade` / `post-series-upgrade` event (machine charms).
///
/// # Examples
///
/// ```
/// use charm_runtime::event::{Event, SeriesUpgrade};
/// let event = Event::from_pairs([
///     ("JUJU_DISPATCH_PATH", "hooks/pre-series-upgrade"),
///     ("JUJU_TARGET_BASE", "ubuntu@24.04"),
/// ]).unwrap();
/// assert!(matches!(event, Event::PreSeriesUpgrade(SeriesUpgrade { target_base: Some(_), .. })));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeriesUpgrade {
    /// The base being upgraded to (`JUJU_TARGET_BASE`), if Juju gave it.
    pub target_base: Option<String>,
    /// The series being upgraded to (`JUJU_TARGET_SERIES`), if Juju gave it.
    pub target_series: Option<String>,
}
