//! Plan and layers: `GET /v1/plan`, `POST /v1/layers`.

use std::time::Duration;

/// Formats a duration the way Go's `time.ParseDuration` reads it (seconds with 3 decimals).
pub(crate) fn format_duration(d: Duration) -> String {
    format!("{}.{:03}s", d.as_secs(), d.subsec_millis())
}
