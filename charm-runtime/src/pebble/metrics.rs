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
    /// Needs Pebble v1.19.0 (Juju 3.6.4 and later; `docs/pebble-versions.md`): an older one
    /// answers HTTP 404.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] when Pebble refuses the call; [`Error::Protocol`] when the text is not
    /// UTF-8 or is larger than 16 MiB; [`Error::NeedsNewerPebble`] on a Pebble older than
    /// v1.19.0 (Juju before 3.6.4); and the connection errors of every call.
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
        let result = self
            .timed("metrics", async {
                let response = self
                    .transport
                    .send(ApiRequest::get("/v1/metrics"), self.timeout())
                    .await?
                    .not_json("metrics text")
                    .await?;
                let bytes = collect(response.body, MAX_METRICS).await?;
                String::from_utf8(bytes.to_vec())
                    .map_err(|e| Error::protocol_with("metrics are not UTF-8", e))
            })
            .await;
        match result {
            Err(e) => Err(self
                .missing_endpoint("Client::metrics", super::version::ids::METRICS, e)
                .await),
            ok => ok,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pebble::transport::TestHttpServer;

    /// A Pebble that answers metrics with a successful JSON envelope instead of text.
    fn sync_envelope(_request_line: &str) -> (u16, String) {
        (
            200,
            r#"{"type":"sync","status-code":200,"status":"OK","result":null}"#.into(),
        )
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_json_answer_is_a_protocol_error() {
        let server = TestHttpServer::start(sync_envelope);
        let err = Client::new(server.socket()).metrics().await.unwrap_err();
        match err {
            Error::Protocol { message, .. } => {
                assert_eq!(message, "expected metrics text, got a JSON answer");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[tokio::test(flavor = "current_thread")]
    async fn an_error_envelope_keeps_its_status_and_kind() {
        let server = TestHttpServer::start(|_| {
            (
                403,
                r#"{"type":"error","status-code":403,"result":{"message":"access denied","kind":"login-required"}}"#.into(),
            )
        });
        let err = Client::new(server.socket()).metrics().await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::Api { status: 403, ref kind, ref message }
                    if kind.as_deref() == Some("login-required") && message == "access denied"
            ),
            "{err:?}"
        );
    }
}
