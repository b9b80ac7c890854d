//! Health: `GET /v1/health`.
//!
//! Pebble is healthy when none of the selected checks is `down` (inactive checks do not
//! count; no checks at all is healthy). Pebble answers an unhealthy state with HTTP 502 and a
//! normal result, which [`Client::health`] returns as `Ok(false)`, not as an error.
//!
//! # Examples
//!
//! ```no_run
//! use charm_runtime::layer::CheckLevel;
//! use charm_runtime::pebble::health::HealthOptions;
//!
//! # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
//! if !client.health(HealthOptions::new().level(CheckLevel::Ready)).await? {
//!     println!("workload not ready");
//! }
//! # Ok(())
//! # }
//! ```

use serde::Deserialize;

use super::wire::ApiRequest;
use super::{Client, Result};
use crate::layer::CheckLevel;

/// Options of [`Client::health`]: which checks count.
///
/// # Examples
///
/// ```
/// use charm_runtime::layer::CheckLevel;
/// use charm_runtime::pebble::health::HealthOptions;
///
/// let options = HealthOptions::new().level(CheckLevel::Alive).names(["db"]);
/// assert_eq!(options.level, Some(CheckLevel::Alive));
/// assert_eq!(options.names, ["db"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
#[non_exhaustive]
pub struct HealthOptions {
    /// `Alive`: only checks of level alive. `Ready`: checks of level ready or alive (ready
    /// implies alive). `None`: all checks.
    pub level: Option<CheckLevel>,
    /// Only these checks (empty: all).
    pub names: Vec<String>,
}

impl HealthOptions {
    /// All checks count.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::pebble::health::HealthOptions;
    ///
    /// let options = HealthOptions::new();
    /// assert!(options.level.is_none() && options.names.is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Only checks of `level` count (see [`HealthOptions::level`](#structfield.level)).
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::layer::CheckLevel;
    /// use charm_runtime::pebble::health::HealthOptions;
    ///
    /// assert_eq!(HealthOptions::new().level(CheckLevel::Ready).level, Some(CheckLevel::Ready));
    /// ```
    pub fn level(mut self, level: CheckLevel) -> Self {
        self.level = Some(level);
        self
    }

    /// Only the named checks count.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::pebble::health::HealthOptions;
    ///
    /// assert_eq!(HealthOptions::new().names(["db", "web"]).names, ["db", "web"]);
    /// ```
    pub fn names<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.names = names.into_iter().map(Into::into).collect();
        self
    }
}

#[derive(Deserialize)]
struct Health {
    healthy: bool,
}

impl Client {
    /// Whether none of the selected checks is down.
    ///
    /// # Errors
    ///
    /// The connection and API errors of every call; an unhealthy answer is `Ok(false)`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::pebble::health::HealthOptions;
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let healthy = client.health(HealthOptions::new().names(["db"])).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn health(&self, options: HealthOptions) -> Result<bool> {
        let mut req = ApiRequest::get("/v1/health").query_list("names", &options.names);
        if let Some(level) = options.level {
            req = req.query("level", level.as_str());
        }
        let health: Health = self.sync("health", req).await?;
        Ok(health.healthy)
    }
}
