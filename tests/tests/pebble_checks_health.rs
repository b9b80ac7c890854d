//! Checks (list, start, stop, refresh) and health against a real Pebble.
//!
//! Before v1.19.0 a check has no `startup` and cannot be started or stopped, and refresh came
//! with v1.20.0: on those releases the tests leave `manual` out and assert the failure.

// Test helpers fail loudly, like the tests that call them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use charm_runtime::layer::{CheckLevel, Layer, Startup};
use charm_runtime::pebble::checks::{CheckInfo, CheckStatus};
use charm_runtime::pebble::{Client, Error};
use charm_runtime::testing::{PebbleFeature, PebbleVersion};
use charm_tests::versions::assert_lacks;
use charm_tests::{RealPebble, pebble_or_skip};

/// `failing` (alive) goes down at its first failure; `passing` (ready) stays up.
const CHECKS: &str = r#"
checks:
    failing:
        override: replace
        level: alive
        period: 100ms
        threshold: 1
        exec: {command: /bin/false}
    passing:
        override: replace
        level: ready
        period: 100ms
        threshold: 1
        exec: {command: /bin/true}
"#;

/// `manual` is disabled until started (v1.19.0 and later). Its period is long, so that its
/// status read right after a start is the start's, not that of a first probe (which fails:
/// nothing listens on port 9).
const MANUAL: &str = r#"
checks:
    manual:
        override: replace
        startup: disabled
        period: 1h
        tcp: {port: 9, host: 127.0.0.1}
"#;

/// Adds the checks, `manual` too where the release has `startup`; returns the release.
async fn setup(pebble: &RealPebble, client: &Client) -> PebbleVersion {
    let layer = Layer::from_yaml(CHECKS).unwrap();
    client.add_layer("checks", &layer).await.unwrap();
    let version = pebble.pebble_version();
    if version.has(PebbleFeature::CheckStartup) {
        let manual = Layer::from_yaml(MANUAL).unwrap();
        client.add_layer("manual", &manual).await.unwrap();
    }
    version
}

async fn check(client: &Client, name: &str) -> CheckInfo {
    let mut checks = client.checks().names([name]).await.unwrap();
    assert_eq!(checks.len(), 1, "{checks:?}");
    checks.remove(0)
}

/// Polls until the check `name` satisfies `done`, for at most 10 s.
async fn wait_for(client: &Client, name: &str, done: impl Fn(&CheckInfo) -> bool) -> CheckInfo {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let info = check(client, name).await;
        if done(&info) {
            return info;
        }
        assert!(Instant::now() < deadline, "check never got there: {info:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "current_thread")]
async fn failing_check_goes_down_and_health_reports_it_by_level() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    assert!(client.health().await.unwrap(), "no checks is healthy");
    let version = setup(&pebble, &client).await;

    let all = client.checks().await.unwrap();
    let names: Vec<&str> = all.iter().map(|c| c.name.as_str()).collect();
    if version.has(PebbleFeature::CheckStartup) {
        assert_eq!(names, ["failing", "manual", "passing"], "sorted by name");
    } else {
        assert_eq!(names, ["failing", "passing"], "sorted by name");
    }

    let down = wait_for(&client, "failing", |c| c.status == CheckStatus::Down).await;
    assert_eq!(down.level, Some(CheckLevel::Alive));
    assert_eq!(down.threshold, 1);
    assert!(down.failures >= 1, "{down:?}");
    assert!(down.change_id.is_some());
    // Successes are counted from v1.23.0; before, the field is absent (read as 0).
    let counted = version.has(PebbleFeature::CheckInfoSuccesses);
    let up = wait_for(&client, "passing", |c| !counted || c.successes >= 1).await;
    assert_eq!(up.status, CheckStatus::Up);
    assert_eq!(up.failures, 0);
    if !counted {
        assert_eq!(up.successes, 0);
    }

    // 502 with a sync body: a result, not an error.
    assert!(!client.health().await.unwrap());
    assert!(!client.health().level(CheckLevel::Alive).await.unwrap());
    // Ready implies alive, so the failing alive check counts for ready too.
    assert!(!client.health().level(CheckLevel::Ready).await.unwrap());
    assert!(client.health().names(["passing"]).await.unwrap());

    let alive = client.checks().level(CheckLevel::Alive).await.unwrap();
    assert_eq!(alive.len(), 1);
    assert_eq!(alive[0].name, "failing");

    // Stopping the failing check makes it inactive, which health ignores.
    if !version.has(PebbleFeature::ChecksStartStop) {
        let stopped = client.stop_checks(&["failing"]).await;
        assert_lacks(stopped, PebbleFeature::ChecksStartStop, version);
        assert!(!client.health().await.unwrap());
        return;
    }
    assert_eq!(client.stop_checks(&["failing"]).await.unwrap(), ["failing"]);
    assert_eq!(
        check(&client, "failing").await.status,
        CheckStatus::Inactive
    );
    assert!(client.health().await.unwrap());
}

#[tokio::test(flavor = "current_thread")]
async fn checks_start_and_stop() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let version = setup(&pebble, &client).await;
    if !version.has(PebbleFeature::ChecksStartStop) {
        let started = client.start_checks(&["passing"]).await;
        assert_lacks(started, PebbleFeature::ChecksStartStop, version);
        let stopped = client.stop_checks(&["passing"]).await;
        assert_lacks(stopped, PebbleFeature::ChecksStartStop, version);
        assert_eq!(check(&client, "passing").await.status, CheckStatus::Up);
        return;
    }

    let manual = check(&client, "manual").await;
    assert_eq!(manual.startup, Startup::Disabled);
    assert_eq!(manual.status, CheckStatus::Inactive);
    assert_eq!(manual.change_id, None);

    assert_eq!(client.start_checks(&["manual"]).await.unwrap(), ["manual"]);
    let started = check(&client, "manual").await;
    assert_eq!(started.status, CheckStatus::Up);
    assert!(started.change_id.is_some());
    // Already running: nothing changed (Pebble may send null or []).
    assert!(client.start_checks(&["manual"]).await.unwrap().is_empty());

    assert_eq!(
        client.stop_checks(&["manual", "passing"]).await.unwrap(),
        ["manual", "passing"]
    );
    assert!(client.stop_checks(&["manual"]).await.unwrap().is_empty());
    assert_eq!(check(&client, "manual").await.status, CheckStatus::Inactive);

    assert_eq!(
        client.check("manual").await.unwrap().unwrap().status,
        CheckStatus::Inactive
    );
    assert_eq!(client.check("nope").await.unwrap(), None);

    let err = client.start_checks(&["nope"]).await.unwrap_err();
    assert!(
        matches!(&err, Error::Api { status: 400, message, .. } if message.contains("nope")),
        "{err:?}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn refresh_check_runs_a_probe_now() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let version = setup(&pebble, &client).await;
    if !version.has(PebbleFeature::ChecksRefresh) {
        let refreshed = client.refresh_check("passing").await;
        assert_lacks(refreshed, PebbleFeature::ChecksRefresh, version);
        return;
    }

    let failed = client.refresh_check("manual").await.unwrap();
    assert_eq!(failed.info.name, "manual");
    let error = failed.error.expect("a closed port fails");
    assert!(!error.is_empty());

    let passed = client.refresh_check("passing").await.unwrap();
    assert_eq!(passed.error, None);
    assert_eq!(passed.info.status, CheckStatus::Up);

    let err = client.refresh_check("nope").await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
}
