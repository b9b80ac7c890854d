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
//!
//! # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
//! if !client.health().level(CheckLevel::Ready).await? {
//!     println!("workload not ready");
//! }
//! # Ok(())
//! # }
//! ```

use serde::Deserialize;

use super::Client;
use super::checks::CheckQuery;

/// The result of `GET /v1/health`.
#[derive(Deserialize)]
pub(super) struct Health {
    pub(super) healthy: bool,
}

impl Client {
    /// Whether none of the checks is down: all of them, or those the [`CheckQuery`] selects.
    ///
    /// # Errors
    ///
    /// The connection and API errors of every call; an unhealthy answer is `Ok(false)`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let healthy = client.health().await?;
    /// let db_healthy = client.health().names(["db"]).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn health(&self) -> CheckQuery<'_, bool> {
        CheckQuery::new(self)
    }
}
