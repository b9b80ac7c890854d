//! Relations: `relation-ids`, `relation-list`, `relation-get`, `relation-set`,
//! `relation-model-get`, and typed load/save of relation data (in the [`databag`] format of
//! the type).

use super::databag::{self, Data, Databag};
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

    /// Reads a bag into `T`, in `T`'s [`Databag`] format (JSON or plain text values).
    ///
    /// # Errors
    ///
    /// As [`Juju::relation_get`], plus [`Error::Convert`] when a value is not in the format
    /// or the data does not fit `T`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::hook_tools::Bag;
    /// use charm_runtime::hook_tools::databag::Databag;
    ///
    /// #[derive(serde::Deserialize, serde::Serialize)]
    /// struct Db { host: String, port: u16 }
    /// impl Databag for Db {}
    ///
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju, id: charm_runtime::event::RelationId) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let db: Db = juju.relation_load(&id, Bag::App("postgresql")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn relation_load<T: Databag>(
        &self,
        id: &RelationId,
        bag: Bag<'_>,
    ) -> Result<T, Error> {
        databag::decode(self.relation_get(id, bag).await?)
    }

    /// Writes `value`'s fields to this unit's bag in `T`'s [`Databag`] format (`None`
    /// fields are left out).
    ///
    /// # Errors
    ///
    /// [`Error::Convert`] / [`Error::Invalid`] when `value` is not a struct or map (or a
    /// plain field is not text), then as [`Juju::relation_set_unit`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::hook_tools::databag::{self, Databag, Format};
    ///
    /// #[derive(serde::Serialize, serde::Deserialize)]
    /// struct Website {
    ///     hostname: String,
    ///     #[serde(with = "databag::text")]
    ///     port: u16,
    /// }
    /// impl Databag for Website {
    ///     const FORMAT: Format = Format::Plain;
    /// }
    ///
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju, id: charm_runtime::event::RelationId) -> Result<(), charm_runtime::hook_tools::Error> {
    /// juju.relation_save_unit(&id, &Website { hostname: "10.0.0.7".into(), port: 8080 }).await?;
    /// # Ok(()) }
    /// ```
    pub async fn relation_save_unit<T: Databag>(
        &self,
        id: &RelationId,
        value: &T,
    ) -> Result<(), Error> {
        self.relation_set(id, false, &databag::encode(value)?).await
    }

    /// Writes `value`'s fields to this application's bag in `T`'s [`Databag`] format;
    /// leader only.
    ///
    /// # Errors
    ///
    /// As [`Juju::relation_save_unit`]; Juju refuses non-leaders.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju, id: charm_runtime::event::RelationId) -> Result<(), charm_runtime::hook_tools::Error> {
    /// juju.relation_save_app(&id, &serde_json::json!({"database": "app"})).await?;
    /// # Ok(()) }
    /// ```
    pub async fn relation_save_app<T: Databag>(
        &self,
        id: &RelationId,
        value: &T,
    ) -> Result<(), Error> {
        self.relation_set(id, true, &databag::encode(value)?).await
    }
}
