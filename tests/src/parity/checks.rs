//! Checks and health: statuses, starting and stopping, the fields each release reports.

use std::time::Duration;

use charm_runtime::layer::CheckLevel;
use charm_runtime::pebble::Error;
use charm_runtime::pebble::checks::CheckStatus;
use charm_runtime::testing::PebbleFeature;
use serde_json::{Value, json};

use super::{Backend, api_error, layer, raw, wait_for_check};
use crate::versions::assert_lacks;

/// With no checks, Pebble is healthy and lists no checks.
pub async fn health_without_checks_is_healthy(b: &impl Backend) {
    let client = b.client();
    assert!(client.health().await.unwrap());
    assert!(client.checks().await.unwrap().is_empty());
    let socket = client.socket().to_path_buf();
    assert_eq!(
        raw(&socket, "GET", "/v1/health", None).await,
        (
            200,
            json!({"type": "sync", "status-code": 200, "status": "OK", "result": {"healthy": true}})
        )
    );
}

const CHECKS: &str = "\
checks:
  ready:
    override: replace
    level: ready
    period: 1h
    tcp:
      port: 1
";

/// `GET /v1/checks` as JSON, each `change-id` replaced by `"<id>"` once checked to be a
/// number.
async fn checks_json(b: &impl Backend) -> Value {
    let socket = b.client().socket().to_path_buf();
    let (status, mut body) = raw(&socket, "GET", "/v1/checks", None).await;
    assert_eq!(status, 200, "{body}");
    for check in body["result"].as_array_mut().unwrap() {
        for key in ["change-id", "prev-change-id"] {
            if let Some(id) = check.get_mut(key) {
                assert!(id.as_str().unwrap().parse::<u64>().is_ok(), "{id}");
                *id = json!("<id>");
            }
        }
    }
    body["result"].take()
}

/// The answer of a release for a check: `startup` from v1.19.0, `successes` from v1.23.0.
fn check_json(
    version: charm_runtime::testing::PebbleVersion,
    status: &str,
    running: bool,
) -> Value {
    let mut check = json!({"name": "ready", "level": "ready"});
    if version.has(PebbleFeature::CheckInfoStartup) {
        check["startup"] = json!("enabled");
    }
    check["status"] = json!(status);
    if version.has(PebbleFeature::CheckInfoSuccesses) {
        check["successes"] = json!(0);
    }
    check["threshold"] = json!(3);
    if running {
        check["change-id"] = json!("<id>");
    }
    check
}

/// A new check starts up (its first probe is a period away) as a `perform-check` change; from
/// v1.19.0 it can be stopped and started, which older releases lack.
pub async fn checks_start_up_and_stop(b: &impl Backend) {
    let client = b.client();
    let version = b.version();
    client.add_layer("checks", &layer(CHECKS)).await.unwrap();
    assert_eq!(
        checks_json(b).await,
        json!([check_json(version, "up", true)])
    );
    let ready = client.check("ready").await.unwrap().unwrap();
    let change_id = ready
        .change_id
        .clone()
        .expect("a running check has a change");
    let change = client.change(&change_id).await.unwrap();
    assert_eq!(
        (change.kind.as_str(), change.summary.as_str(), change.ready),
        ("perform-check", "Perform TCP check \"ready\"", false)
    );
    let err = client
        .wait_change(&change_id, Duration::from_millis(100))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(client.health().level(CheckLevel::Ready).await.unwrap());

    if !version.has(PebbleFeature::ChecksStartStop) {
        assert_lacks(
            client.stop_checks(&["ready"]).await,
            PebbleFeature::ChecksStartStop,
            version,
        );
        assert_eq!(
            checks_json(b).await,
            json!([check_json(version, "up", true)])
        );
        return;
    }
    assert_eq!(client.stop_checks(&["ready"]).await.unwrap(), ["ready"]);
    assert_eq!(
        checks_json(b).await,
        json!([check_json(version, "inactive", false)])
    );
    // Nothing changed: `null` until v1.28.0, `[]` from it; read as empty either way.
    let socket = client.socket().to_path_buf();
    let stop_again = r#"{"action":"stop","checks":["ready"]}"#;
    let (status, body) = raw(&socket, "POST", "/v1/checks", Some(stop_again)).await;
    let unchanged = if version.has(PebbleFeature::ChecksChangedList) {
        json!([])
    } else {
        Value::Null
    };
    assert_eq!(
        (status, body),
        (
            200,
            json!({"type": "sync", "status-code": 200, "status": "OK", "result": {"changed": unchanged}})
        )
    );
    assert!(client.stop_checks(&["ready"]).await.unwrap().is_empty());
    assert_eq!(client.start_checks(&["ready"]).await.unwrap(), ["ready"]);
    let started = client.check("ready").await.unwrap().unwrap();
    assert_eq!(started.status, CheckStatus::Up);
    assert_ne!(started.change_id, Some(change_id));

    let err = client.start_checks(&["nope"]).await.unwrap_err();
    assert_eq!(
        api_error(&err),
        (
            400,
            None,
            "cannot start checks: cannot find checks in plan: nope"
        )
    );
}

/// A check with `startup: disabled` (v1.19.0) is listed inactive until started; `replan`
/// starts enabled checks that are not running (v1.19.0).
pub async fn check_fields_by_release(b: &impl Backend) {
    let client = b.client();
    let version = b.version();
    if !version.has(PebbleFeature::CheckStartup) {
        // Every check runs from the moment it is added, and replan leaves checks alone.
        client.add_layer("checks", &layer(CHECKS)).await.unwrap();
        client.replan().await.unwrap();
        assert_eq!(
            checks_json(b).await,
            json!([check_json(version, "up", true)])
        );
        return;
    }
    let disabled = CHECKS.replace("level: ready", "level: ready\n    startup: disabled");
    client.add_layer("checks", &layer(&disabled)).await.unwrap();
    let mut inactive = check_json(version, "inactive", false);
    inactive["startup"] = json!("disabled");
    assert_eq!(checks_json(b).await, json!([inactive]));
    // Replan starts enabled checks only.
    client.replan().await.unwrap();
    assert_eq!(checks_json(b).await, json!([inactive]));
    client
        .add_layer(
            "enable",
            &layer("checks:\n  ready:\n    override: merge\n    startup: enabled\n"),
        )
        .await
        .unwrap();
    client.stop_checks(&["ready"]).await.unwrap();
    assert_eq!(
        checks_json(b).await,
        json!([check_json(version, "inactive", false)])
    );
    client.replan().await.unwrap();
    assert_eq!(
        checks_json(b).await,
        json!([check_json(version, "up", true)])
    );
}

/// ops: `test_checks_and_health`. Three checks are up at first; the failing one goes down
/// after its threshold, which makes health a 502 with a sync body; checks filter by level and
/// by name.
pub async fn checks_and_health(b: &impl Backend) {
    let client = b.client();
    let socket = client.socket().to_path_buf();
    // `bad` starts with a long period, so that it is surely up when first listed.
    let checks = "checks:\n  bad:\n    override: replace\n    level: ready\n    period: 1h\n    \
                  threshold: 2\n    exec: {command: sleep x}\n  good:\n    override: replace\n    \
                  level: alive\n    period: 50ms\n    exec: {command: echo foo}\n  other:\n    \
                  override: replace\n    exec: {command: echo bar}\n";
    client
        .add_layer("layer", &layer(checks))
        .combine(true)
        .await
        .unwrap();
    let listed = client.checks().await.unwrap();
    let summary: Vec<(&str, Option<CheckLevel>, CheckStatus)> = listed
        .iter()
        .map(|c| (c.name.as_str(), c.level, c.status.clone()))
        .collect();
    assert_eq!(
        summary,
        [
            ("bad", Some(CheckLevel::Ready), CheckStatus::Up),
            ("good", Some(CheckLevel::Alive), CheckStatus::Up),
            ("other", None, CheckStatus::Up),
        ]
    );
    let healthy =
        json!({"type": "sync", "status-code": 200, "status": "OK", "result": {"healthy": true}});
    assert_eq!(
        raw(&socket, "GET", "/v1/health", None).await,
        (200, healthy)
    );

    client
        .add_layer(
            "faster",
            &layer("checks:\n  bad:\n    override: merge\n    period: 50ms\n"),
        )
        .await
        .unwrap();
    b.check_fails("bad");
    let bad = wait_for_check(&client, "bad", |c| c.status == CheckStatus::Down).await;
    assert!(bad.failures >= 2, "{bad:?}");
    assert_eq!(bad.threshold, 2);
    let good = client.check("good").await.unwrap().unwrap();
    assert_eq!(good.status, CheckStatus::Up);

    let unhealthy = json!({"type": "sync", "status-code": 502, "status": "Bad Gateway", "result": {"healthy": false}});
    assert_eq!(
        raw(&socket, "GET", "/v1/health", None).await,
        (502, unhealthy)
    );

    let alive = client.checks().level(CheckLevel::Alive).await.unwrap();
    let names: Vec<&str> = alive.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["good"]);
    let named = client.checks().names(["good", "bad"]).await.unwrap();
    let names: Vec<&str> = named.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["bad", "good"]);
}
