//! Unit state stored on the controller: `state-get`, `state-set`, `state-delete`.

use std::collections::BTreeMap;

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
}
