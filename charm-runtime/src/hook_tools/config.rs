//! Charm configuration: `config-get`.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{Error, Juju, ToolCall};

impl Juju {
    /// The charm's configuration decoded into `T` (`config-get --format=json`).
    ///
    /// Options with no value and no default are left out by Juju, so make them `Option`
    /// fields. `secret` options arrive as secret-id strings. Option names are kebab-case
    /// in `charmcraft.yaml`; use `#[serde(rename_all = "kebab-case")]`.
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails, [`Error::Output`] when the values do not fit
    /// `T`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// #[derive(serde::Deserialize)]
    /// #[serde(rename_all = "kebab-case")]
    /// struct Config {
    ///     port: u16,
    ///     log_level: Option<String>,
    /// }
    ///
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let config: Config = juju.config().await?;
    /// # Ok(()) }
    /// ```
    pub async fn config<T: DeserializeOwned>(&self) -> Result<T, Error> {
        self.run_json(ToolCall::new("config-get", ["--format=json"]))
            .await
    }

    /// The charm's configuration as a JSON map (`config-get --format=json`).
    ///
    /// # Errors
    ///
    /// As [`Juju::config`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let config = juju.config_map().await?;
    /// let port = config.get("port").and_then(|v| v.as_u64()).unwrap_or(8080);
    /// # Ok(()) }
    /// ```
    pub async fn config_map(&self) -> Result<Map<String, Value>, Error> {
        let value: Option<Map<String, Value>> = self.config().await?;
        Ok(value.unwrap_or_default())
    }

    /// One option's value (`config-get --format=json <key>`); `None` when it has no value.
    ///
    /// # Errors
    ///
    /// As [`Juju::config`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// if let Some(port) = juju.config_value("port").await? {
    ///     println!("port = {port}");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn config_value(&self, key: &str) -> Result<Option<Value>, Error> {
        let value: Value = self
            .run_json(ToolCall::new("config-get", ["--format=json", key]))
            .await?;
        Ok((!value.is_null()).then_some(value))
    }
}
