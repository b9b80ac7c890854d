//! Metrics: `GET /v1/metrics`.
//!
//! Pebble exposes service and check counters in the Prometheus text format:
//! `pebble_service_active`, `pebble_service_start_count` (label `service`), `pebble_check_up`,
//! `pebble_check_success_count` and `pebble_check_failure_count` (label `check`).
//!
//! # Examples
//!
//! ```no_run
//! # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
//! let text = client.metrics().await?;
//! let active = text.lines().filter(|l| l.starts_with("pebble_service_active{")).count();
//! # Ok(())
//! # }
//! ```

use super::transport::collect;
use super::wire::ApiRequest;
use super::{Client, Error, Result};

/// The largest metrics answer the client reads: 16 MiB.
const MAX_METRICS: usize = 16 << 20;

impl Client {
    /// The metrics text Pebble exposes (Prometheus exposition format).
    ///
    /// # Errors
    ///
    /// [`Error::Api`] when Pebble refuses the call; [`Error::Protocol`] when the text is not
    /// UTF-8 or is larger than 16 MiB; and the connection errors of every call.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let metrics = client.metrics().await?;
    /// assert!(metrics.contains("pebble_service_active"));
    /// # Ok(())
    /// # }
    /// ```
    pub async fn metrics(&self) -> Result<String> {
        self.timed("metrics", async {
            let response = self.transport.send(ApiRequest::get("/v1/metrics")).await?;
            let json = response
                .content_type
                .as_deref()
                .is_some_and(|t| t.starts_with("application/json"));
            if response.status != 200 || json {
                response.envelope().await?;
                return Err(Error::protocol("expected metrics text, got a JSON answer"));
            }
            let bytes = collect(response.body, MAX_METRICS).await?;
            String::from_utf8(bytes.to_vec())
                .map_err(|e| Error::protocol_with("metrics are not UTF-8", e))
        })
        .await
    }
}
