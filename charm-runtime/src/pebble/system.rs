//! `GET /v1/system-info`.

use serde::Deserialize;

use super::wire::ApiRequest;
use super::{Client, Result};

/// What Pebble says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct SystemInfo {
    /// The Pebble version, such as `v1.32.1`.
    pub version: String,
    /// The kernel boot ID of the workload's host.
    #[serde(default)]
    pub boot_id: String,
    /// The plain HTTP listener, when Pebble runs with `--http`.
    #[serde(default)]
    pub http_address: Option<String>,
    /// The HTTPS listener, when Pebble runs with `--https`.
    #[serde(default)]
    pub https_address: Option<String>,
}

impl Client {
    /// Asks Pebble for its version and boot ID; a cheap way to see that it is up.
    ///
    /// # Errors
    ///
    /// [`Error::Connection`](super::Error::Connection) when the socket is missing or refuses
    /// connections, [`Error::Timeout`](super::Error::Timeout) when Pebble does not answer in time.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let info = client.system_info().await?;
    /// assert!(info.version.starts_with('v'));
    /// # Ok(())
    /// # }
    /// ```
    pub async fn system_info(&self) -> Result<SystemInfo> {
        self.sync("system info", ApiRequest::get("/v1/system-info"))
            .await
    }
}
