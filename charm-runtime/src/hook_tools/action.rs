//! Actions: `action-get`, `action-set`, `action-log`, `action-fail`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{Error, Juju, ToolCall};

/// Results of an action, flattened to the dotted keys `action-set` takes.
///
/// Nested maps become dotted keys (`{"db": {"host": "x"}}` → `db.host=x`); non-string
/// scalars are written as JSON text. Each key segment must start and end with a lowercase
/// letter or digit and hold only lowercase letters, digits and `-`; the keys `stdout`,
/// `stdout-encoding`, `stderr` and `stderr-encoding` are reserved by Juju.
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::ActionResults;
///
/// let results = ActionResults::from_serialize(&serde_json::json!({
///     "backup": {"path": "/srv/b.tar", "size": 42},
/// }))
/// .unwrap();
/// assert_eq!(results.get("backup.path"), Some("/srv/b.tar"));
/// assert_eq!(results.get("backup.size"), Some("42"));
///
/// assert!(ActionResults::from_serialize(&serde_json::json!({"Bad_Key": "x"})).is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionResults {
    flat: BTreeMap<String, String>,
}

impl ActionResults {
    /// Flattens and validates any serializable map.
    ///
    /// # Errors
    ///
    /// [`Error::Convert`] when `value` cannot be serialized, [`Error::Invalid`] when it is
    /// not a map, a key breaks Juju's rules, or two keys flatten to the same dotted key.
    ///
    /// # Examples
    ///
    /// See [`ActionResults`].
    pub fn from_serialize<T: Serialize + ?Sized>(value: &T) -> Result<Self, Error> {
        let value = serde_json::to_value(value).map_err(|source| Error::Convert {
            what: "action results".to_owned(),
            source,
        })?;
        let Value::Object(map) = value else {
            return Err(Error::Invalid {
                what: "action results",
                value: value.to_string(),
                reason: "expected a map".to_owned(),
            });
        };
        let mut flat = BTreeMap::new();
        flatten("", &map, &mut flat)?;
        Ok(Self { flat })
    }

    /// The flattened value at a dotted `key`.
    ///
    /// # Examples
    ///
    /// See [`ActionResults`].
    pub fn get(&self, key: &str) -> Option<&str> {
        self.flat.get(key).map(String::as_str)
    }

    /// The flattened `(dotted key, value)` pairs, sorted by key.
    ///
    /// # Examples
    ///
    /// ```
    /// let results = charm_runtime::hook_tools::ActionResults::from_serialize(
    ///     &serde_json::json!({"a": "1"}),
    /// ).unwrap();
    /// assert_eq!(results.iter().count(), 1);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.flat.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

const RESERVED: [&str; 4] = ["stdout", "stdout-encoding", "stderr", "stderr-encoding"];

/// Checks one segment of a result key.
fn check_segment(key: &str, segment: &str) -> Result<(), Error> {
    let invalid = |reason: &str| Error::Invalid {
        what: "action result key",
        value: key.to_owned(),
        reason: reason.to_owned(),
    };
    let alnum = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    if segment.is_empty() {
        return Err(invalid("a segment between dots is empty"));
    }
    if !segment.chars().all(|c| alnum(c) || c == '-') {
        return Err(invalid(
            "use only lowercase letters, digits and - (and . between segments)",
        ));
    }
    let (first, last) = (segment.chars().next(), segment.chars().next_back());
    if !first.is_some_and(alnum) || !last.is_some_and(alnum) {
        return Err(invalid(
            "each segment must start and end with a lowercase letter or digit",
        ));
    }
    Ok(())
}

fn flatten(
    prefix: &str,
    map: &Map<String, Value>,
    out: &mut BTreeMap<String, String>,
) -> Result<(), Error> {
    for (key, value) in map {
        let full = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        for segment in key.split('.') {
            check_segment(&full, segment)?;
        }
        if prefix.is_empty() && RESERVED.contains(&key.as_str()) {
            return Err(Error::Invalid {
                what: "action result key",
                value: full,
                reason: "reserved by Juju".to_owned(),
            });
        }
        match value {
            Value::Object(inner) => flatten(&full, inner, out)?,
            Value::String(s) => insert(out, full, s.clone())?,
            Value::Null => {}
            other => insert(out, full, other.to_string())?,
        }
    }
    Ok(())
}

fn insert(out: &mut BTreeMap<String, String>, key: String, value: String) -> Result<(), Error> {
    if out.contains_key(&key) {
        return Err(Error::Invalid {
            what: "action result key",
            value: key,
            reason: "given twice once nested maps are flattened".to_owned(),
        });
    }
    out.insert(key, value);
    Ok(())
}

impl Juju {
    /// The action's parameters decoded into `T` (`action-get --format=json`).
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails (for example outside an action),
    /// [`Error::Output`] when the parameters do not fit `T`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// #[derive(serde::Deserialize)]
    /// struct BackupParams { target: String, compress: Option<bool> }
    ///
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let params: BackupParams = juju.action_params().await?;
    /// # Ok(()) }
    /// ```
    pub async fn action_params<T: DeserializeOwned>(&self) -> Result<T, Error> {
        self.run_json(ToolCall::new("action-get", ["--format=json"]))
            .await
    }

    /// The action's parameters as a JSON map (`action-get --format=json`).
    ///
    /// # Errors
    ///
    /// As [`Juju::action_params`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let params = juju.action_params_map().await?;
    /// # Ok(()) }
    /// ```
    pub async fn action_params_map(&self) -> Result<Map<String, Value>, Error> {
        let value: Option<Map<String, Value>> = self.action_params().await?;
        Ok(value.unwrap_or_default())
    }

    /// Sets action results (`action-set key=value ...`), flattening nested maps.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] for keys Juju rejects (nothing is sent then), [`Error::Failed`]
    /// when the tool fails.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// juju.action_set(&serde_json::json!({"backup": {"path": "/srv/b.tar"}})).await?;
    /// # Ok(()) }
    /// ```
    pub async fn action_set<T: Serialize + ?Sized>(&self, results: &T) -> Result<(), Error> {
        let results = ActionResults::from_serialize(results)?;
        if results.flat.is_empty() {
            return Ok(());
        }
        let args: Vec<String> = results.iter().map(|(k, v)| format!("{k}={v}")).collect();
        self.run(ToolCall::new("action-set", args)).await.map(drop)
    }

    /// Sends a progress line to the user running the action (`action-log`).
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// juju.action_log("dumping the database").await?;
    /// # Ok(()) }
    /// ```
    pub async fn action_log(&self, message: &str) -> Result<(), Error> {
        self.run(ToolCall::new("action-log", ["--", message]))
            .await
            .map(drop)
    }

    /// Marks the action failed with `message` (`action-fail`); the handler keeps running.
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// juju.action_fail("the workload is not running").await?;
    /// # Ok(()) }
    /// ```
    pub async fn action_fail(&self, message: &str) -> Result<(), Error> {
        self.run(ToolCall::new("action-fail", ["--", message]))
            .await
            .map(drop)
    }
}
