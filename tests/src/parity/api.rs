//! The API's envelope: unknown paths and methods, endpoints a release lacks, system info.

use charm_runtime::testing::PebbleFeature;
use serde_json::json;

use super::{Backend, layer, raw};
use crate::versions::assert_lacks;

/// The envelope of system-info, unknown paths (404) and wrong methods (405).
pub async fn unknown_endpoints_and_methods(b: &impl Backend) {
    let socket = b.client().socket().to_path_buf();
    let (status, mut body) = raw(&socket, "GET", "/v1/system-info", None).await;
    assert_eq!(status, 200);
    let boot_id = body["result"]["boot-id"].take();
    assert!(
        boot_id.as_str().is_some_and(|id| id.len() == 36),
        "{boot_id}"
    );
    assert_eq!(
        body,
        json!({
            "type": "sync", "status-code": 200, "status": "OK",
            "result": {"boot-id": null, "version": b.version().to_string()},
        })
    );

    let (status, body) = raw(&socket, "GET", "/v1/nope", None).await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        json!({
            "type": "error", "status-code": 404, "status": "Not Found",
            "result": {"message": "invalid API endpoint requested"},
        })
    );
    let (status, body) = raw(&socket, "PUT", "/v1/services", None).await;
    assert_eq!(status, 405);
    assert_eq!(
        body,
        json!({
            "type": "error", "status-code": 405, "status": "Method Not Allowed",
            "result": {"message": "method \"PUT\" not allowed"},
        })
    );
    let (status, body) = raw(&socket, "GET", "/v1/services/web", None).await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        json!({
            "type": "error", "status-code": 400, "status": "Bad Request",
            "result": {"message": "not implemented"},
        })
    );
}

/// Start/stop checks (v1.19.0), refresh (v1.20.0) and metrics (v1.19.0): on a release that
/// lacks them, the envelope of a missing method or endpoint; on a release that has them, an
/// answer.
pub async fn newer_endpoints_by_release(b: &impl Backend) {
    let client = b.client();
    let version = b.version();
    client
        .add_layer(
            "checks",
            &layer("checks:\n  c:\n    override: replace\n    period: 1h\n    tcp: {port: 1}\n"),
        )
        .await
        .unwrap();
    let socket = client.socket().to_path_buf();
    let not_allowed = json!({
        "type": "error", "status-code": 405, "status": "Method Not Allowed",
        "result": {"message": "method \"POST\" not allowed"},
    });
    let not_found = json!({
        "type": "error", "status-code": 404, "status": "Not Found",
        "result": {"message": "invalid API endpoint requested"},
    });

    let stop = r#"{"action":"stop","checks":["c"]}"#;
    if version.has(PebbleFeature::ChecksStartStop) {
        assert_eq!(client.stop_checks(&["c"]).await.unwrap(), ["c"]);
        assert_eq!(client.start_checks(&["c"]).await.unwrap(), ["c"]);
    } else {
        assert_eq!(
            raw(&socket, "POST", "/v1/checks", Some(stop)).await,
            (405, not_allowed.clone())
        );
        let stopped = client.stop_checks(&["c"]).await;
        assert_lacks(stopped, PebbleFeature::ChecksStartStop, version);
        let started = client.start_checks(&["c"]).await;
        assert_lacks(started, PebbleFeature::ChecksStartStop, version);
    }

    if version.has(PebbleFeature::ChecksRefresh) {
        let refreshed = client.refresh_check("c").await.unwrap();
        assert_eq!(refreshed.info.name, "c");
    } else {
        let refresh = r#"{"name":"c"}"#;
        assert_eq!(
            raw(&socket, "POST", "/v1/checks/refresh", Some(refresh)).await,
            (404, not_found.clone())
        );
        assert_lacks(
            client.refresh_check("c").await,
            PebbleFeature::ChecksRefresh,
            version,
        );
    }

    if version.has(PebbleFeature::Metrics) {
        let metrics = client.metrics().await.unwrap();
        assert!(
            metrics.lines().any(|l| l.starts_with("# TYPE pebble_")),
            "{metrics}"
        );
    } else {
        assert_eq!(
            raw(&socket, "GET", "/v1/metrics", None).await,
            (404, not_found)
        );
        assert_lacks(client.metrics().await, PebbleFeature::Metrics, version);
    }
}

/// System info names the release under test and no HTTP address.
pub async fn system_info_names_the_release(b: &impl Backend) {
    let info = b.client().system_info().await.unwrap();
    assert_eq!(info.version, b.version().to_string());
    assert_eq!((info.http_address, info.https_address), (None, None));
    assert_eq!(info.boot_id.len(), 36, "{:?}", info.boot_id);
}
