//! Relations: `relation-ids`, `relation-list`, `relation-get`, `relation-set`,
//! `relation-model-get`, and typed load/save of relation data.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{Error, Juju, ToolCall, encode_json};
use crate::event::RelationId;

/// One data bag of a relation: a unit's or an application's.
///
/// Juju's access rules: any unit reads the remote unit and app bags and its own unit bag;
/// only the leader reads or writes its own application's bag.
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::Bag;
///
/// let remote = Bag::App("postgresql");
/// let mine = Bag::Unit("web/0");
/// assert_eq!(mine.name(), "web/0");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bag<'a> {
    /// The bag of the unit with this name (`app/N`).
    Unit(&'a str),
    /// The bag of the application with this name.
    App(&'a str),
}

impl Bag<'_> {
    /// The unit or application name.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_runtime::hook_tools::Bag::App("pg").name(), "pg");
    /// ```
    pub fn name(&self) -> &str {
        match self {
            Self::Unit(name) | Self::App(name) => name,
        }
    }
}

/// Relation data as Juju stores it: string keys and string values.
type Data = BTreeMap<String, String>;

/// Encodes `value` as relation data: each field's value as JSON text.
fn to_data<T: Serialize + ?Sized>(value: &T) -> Result<Data, Error> {
    let convert = |source| Error::Convert {
        what: "relation data".to_owned(),
        source,
    };
    let json = serde_json::to_value(value).map_err(convert)?;
    let Value::Object(map) = json else {
        return Err(Error::Invalid {
            what: "relation data",
            value: json.to_string(),
            reason: "expected a struct or map".to_owned(),
        });
    };
    map.into_iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| Ok((k, serde_json::to_string(&v).map_err(convert)?)))
        .collect()
}

/// Decodes relation data written by [`to_data`] (each value is JSON text).
fn from_data<T: DeserializeOwned>(data: Data) -> Result<T, Error> {
    let mut map = serde_json::Map::new();
    for (key, text) in data {
        let value = serde_json::from_str(&text).map_err(|source| Error::Convert {
            what: format!("relation data key {key:?}"),
            source,
        })?;
        map.insert(key, value);
    }
    serde_json::from_value(Value::Object(map)).map_err(|source| Error::Convert {
        what: "relation data".to_owned(),
        source,
    })
}

impl Juju {
    /// The relations on `endpoint` (`relation-ids <endpoint> --format=json`).
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails, [`Error::Output`] on unexpected output.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// for id in juju.relation_ids("db").await? {
    ///     println!("{id}");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn relation_ids(&self, endpoint: &str) -> Result<Vec<RelationId>, Error> {
        let raw: Option<Vec<String>> = self
            .run_json(ToolCall::new("relation-ids", [endpoint, "--format=json"]))
            .await?;
        raw.unwrap_or_default()
            .into_iter()
            .map(|text| {
                text.parse().map_err(|reason| Error::Invalid {
                    what: "relation id from relation-ids",
                    value: text,
                    reason,
                })
            })
            .collect()
    }

    /// The remote units in relation `id` (`relation-list -r <id> --format=json`).
    ///
    /// # Errors
    ///
    /// As [`Juju::relation_ids`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju, id: charm_runtime::event::RelationId) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let units = juju.relation_units(&id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn relation_units(&self, id: &RelationId) -> Result<Vec<String>, Error> {
        let raw: Option<Vec<String>> = self
            .run_json(ToolCall::new(
                "relation-list",
                ["--format=json", "-r", &id.to_string()],
            ))
            .await?;
        Ok(raw.unwrap_or_default())
    }

    /// The remote application of relation `id` (`relation-list -r <id> --app`).
    ///
    /// # Errors
    ///
    /// As [`Juju::relation_ids`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju, id: charm_runtime::event::RelationId) -> Result<(), charm_runtime::hook_tools::Error> {
    /// if let Some(app) = juju.relation_remote_app(&id).await? {
    ///     println!("related to {app}");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn relation_remote_app(&self, id: &RelationId) -> Result<Option<String>, Error> {
        let raw: Option<String> = self
            .run_json(ToolCall::new(
                "relation-list",
                ["--format=json", "-r", &id.to_string(), "--app"],
            ))
            .await?;
        Ok(raw.filter(|s| !s.is_empty()))
    }

    /// The UUID of the model on the other side of relation `id` (`relation-model-get`).
    ///
    /// # Errors
    ///
    /// As [`Juju::relation_ids`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju, id: charm_runtime::event::RelationId) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let uuid = juju.relation_model_uuid(&id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn relation_model_uuid(&self, id: &RelationId) -> Result<String, Error> {
        #[derive(serde::Deserialize)]
        struct Model {
            uuid: String,
        }
        let model: Model = self
            .run_json(ToolCall::new(
                "relation-model-get",
                ["--format=json", "-r", &id.to_string()],
            ))
            .await?;
        Ok(model.uuid)
    }

    /// All of one bag's data (`relation-get --format=json -r <id> [--app] - <name>`).
    ///
    /// # Errors
    ///
    /// As [`Juju::relation_ids`]; Juju refuses bags this unit may not read.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::hook_tools::Bag;
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju, id: charm_runtime::event::RelationId) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let data = juju.relation_get(&id, Bag::App("postgresql")).await?;
    /// let host = data.get("host");
    /// # Ok(()) }
    /// ```
    pub async fn relation_get(&self, id: &RelationId, bag: Bag<'_>) -> Result<Data, Error> {
        let mut args = vec!["--format=json".to_owned(), "-r".to_owned(), id.to_string()];
        if matches!(bag, Bag::App(_)) {
            args.push("--app".to_owned());
        }
        args.push("-".to_owned());
        args.push(bag.name().to_owned());
        let raw: Option<Data> = self.run_json(ToolCall::new("relation-get", args)).await?;
        Ok(raw.unwrap_or_default())
    }

    /// Writes keys to this unit's bag (`relation-set -r <id> --file -`, JSON on stdin).
    ///
    /// An empty value deletes the key. Applied only if the hook succeeds.
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju, id: charm_runtime::event::RelationId) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let data = [("hostname".to_owned(), "10.0.0.7".to_owned())].into_iter().collect();
    /// juju.relation_set_unit(&id, &data).await?;
    /// # Ok(()) }
    /// ```
    pub async fn relation_set_unit(&self, id: &RelationId, data: &Data) -> Result<(), Error> {
        self.relation_set(id, false, data).await
    }

    /// Writes keys to this application's bag (`relation-set -r <id> --app --file -`);
    /// leader only.
    ///
    /// # Errors
    ///
    /// As [`Juju::relation_set_unit`]; Juju refuses non-leaders.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju, id: charm_runtime::event::RelationId) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let data = [("database".to_owned(), "app".to_owned())].into_iter().collect();
    /// juju.relation_set_app(&id, &data).await?;
    /// # Ok(()) }
    /// ```
    pub async fn relation_set_app(&self, id: &RelationId, data: &Data) -> Result<(), Error> {
        self.relation_set(id, true, data).await
    }

    async fn relation_set(&self, id: &RelationId, app: bool, data: &Data) -> Result<(), Error> {
        let mut args = vec!["-r".to_owned(), id.to_string()];
        if app {
            args.push("--app".to_owned());
        }
        args.extend(["--file".to_owned(), "-".to_owned()]);
        let stdin = encode_json("relation data", data)?;
        self.run(ToolCall::new("relation-set", args).with_stdin(stdin))
            .await
            .map(drop)
    }

    /// Reads a bag into `T`, each value being JSON text (the format [`Juju::relation_save_unit`]
    /// and [`Juju::relation_save_app`] write).
    ///
    /// # Errors
    ///
    /// As [`Juju::relation_get`], plus [`Error::Convert`] when a value is not JSON or the
    /// data does not fit `T`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::hook_tools::Bag;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Db { host: String, port: u16 }
    ///
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju, id: charm_runtime::event::RelationId) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let db: Db = juju.relation_load(&id, Bag::App("postgresql")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn relation_load<T: DeserializeOwned>(
        &self,
        id: &RelationId,
        bag: Bag<'_>,
    ) -> Result<T, Error> {
        from_data(self.relation_get(id, bag).await?)
    }

    /// Writes `value`'s fields to this unit's bag, each as JSON text (`None` fields are left
    /// out).
    ///
    /// # Errors
    ///
    /// [`Error::Convert`] / [`Error::Invalid`] when `value` is not a struct or map, then as
    /// [`Juju::relation_set_unit`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// #[derive(serde::Serialize)]
    /// struct Endpoint { host: String, port: u16 }
    ///
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju, id: charm_runtime::event::RelationId) -> Result<(), charm_runtime::hook_tools::Error> {
    /// juju.relation_save_unit(&id, &Endpoint { host: "10.0.0.7".into(), port: 5432 }).await?;
    /// # Ok(()) }
    /// ```
    pub async fn relation_save_unit<T: Serialize + ?Sized>(
        &self,
        id: &RelationId,
        value: &T,
    ) -> Result<(), Error> {
        self.relation_set(id, false, &to_data(value)?).await
    }

    /// Writes `value`'s fields to this application's bag, each as JSON text; leader only.
    ///
    /// # Errors
    ///
    /// As [`Juju::relation_save_unit`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju, id: charm_runtime::event::RelationId) -> Result<(), charm_runtime::hook_tools::Error> {
    /// juju.relation_save_app(&id, &serde_json::json!({"database": "app"})).await?;
    /// # Ok(()) }
    /// ```
    pub async fn relation_save_app<T: Serialize + ?Sized>(
        &self,
        id: &RelationId,
        value: &T,
    ) -> Result<(), Error> {
        self.relation_set(id, true, &to_data(value)?).await
    }
}
