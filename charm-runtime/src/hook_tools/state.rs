//! Unit state stored on the controller: `state-get`, `state-set`, `state-delete`, and typed
//! values kept under one key each as JSON text ([`Juju::state_load`], [`Juju::state_save`]).
//!
//! The controller keeps this state, so it survives the charm container being replaced (pod
//! churn on Kubernetes), unlike files in the charm directory. Writes are applied when the
//! hook succeeds; a failed hook discards them.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Error, Juju, ToolCall, encode_json};

impl Juju {
    /// All of this unit's stored state (`state-get --format=json`).
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails, [`Error::Output`] on unexpected output.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let state = juju.state_all().await?;
    /// # Ok(()) }
    /// ```
    pub async fn state_all(&self) -> Result<BTreeMap<String, String>, Error> {
        let raw: Option<BTreeMap<String, String>> = self
            .run_json(ToolCall::new("state-get", ["--format=json"]))
            .await?;
        Ok(raw.unwrap_or_default())
    }

    /// One stored value (`state-get --format=json <key>`); `None` when unset.
    ///
    /// # Errors
    ///
    /// As [`Juju::state_all`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let initialised = juju.state_get("initialised").await?.is_some();
    /// # Ok(()) }
    /// ```
    pub async fn state_get(&self, key: &str) -> Result<Option<String>, Error> {
        self.run_json(ToolCall::new("state-get", ["--format=json", key]))
            .await
    }

    /// Stores keys (`state-set --file -`, JSON on stdin). Applied only if the hook succeeds.
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails (for example over quota).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let values = [("initialised".to_owned(), "true".to_owned())].into_iter().collect();
    /// juju.state_set(&values).await?;
    /// # Ok(()) }
    /// ```
    pub async fn state_set(&self, values: &BTreeMap<String, String>) -> Result<(), Error> {
        let stdin = encode_json("unit state", values)?;
        self.run(ToolCall::new("state-set", ["--file", "-"]).with_stdin(stdin))
            .await
            .map(drop)
    }

    /// Deletes a stored key (`state-delete <key>`).
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// juju.state_delete("initialised").await?;
    /// # Ok(()) }
    /// ```
    pub async fn state_delete(&self, key: &str) -> Result<(), Error> {
        self.run(ToolCall::new("state-delete", [key]))
            .await
            .map(drop)
    }

    /// The value saved under `key` with [`Juju::state_save`], as a `T`; `None` when the key
    /// is unset (`state-get`, one call).
    ///
    /// # Errors
    ///
    /// As [`Juju::state_get`], and [`Error::StoredState`] when the value does not decode as
    /// a `T`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// #[derive(Default, serde::Serialize, serde::Deserialize)]
    /// struct Memo {
    ///     flushes: u64,
    /// }
    ///
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let mut memo: Memo = juju.state_load("memo").await?.unwrap_or_default();
    /// memo.flushes += 1;
    /// juju.state_save("memo", &memo).await?;
    /// # Ok(()) }
    /// ```
    pub async fn state_load<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, Error> {
        let Some(text) = self.state_get(key).await? else {
            return Ok(None);
        };
        decode_state(key, &text).map(Some)
    }

    /// Saves `value` under `key` as JSON text (`state-set`, one call); applied if the hook
    /// succeeds.
    ///
    /// # Errors
    ///
    /// [`Error::Convert`] when `value` cannot be written as JSON, then as
    /// [`Juju::state_set`].
    ///
    /// # Examples
    ///
    /// See [`Juju::state_load`].
    pub async fn state_save<T: Serialize + ?Sized>(
        &self,
        key: &str,
        value: &T,
    ) -> Result<(), Error> {
        let text = encode_state(key, value)?;
        self.state_set(&BTreeMap::from([(key.to_owned(), text)]))
            .await
    }
}

/// `value` as the JSON text stored under `key`.
pub(crate) fn encode_state<T: Serialize + ?Sized>(key: &str, value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|source| Error::Convert {
        what: format!("stored state {key:?}"),
        source,
    })
}

/// The JSON text stored under `key` as a `T`.
pub(crate) fn decode_state<T: DeserializeOwned>(key: &str, text: &str) -> Result<T, Error> {
    serde_json::from_str(text).map_err(|source| Error::StoredState {
        key: key.to_owned(),
        source,
    })
}
