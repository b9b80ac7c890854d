//! Service actions, signals and metrics against a real Pebble.

// Test helpers fail loudly, like the tests that call them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::time::{Duration, Instant};

use charm_runtime::layer::{Layer, Startup};
use charm_runtime::pebble::changes::ChangeStatus;
use charm_runtime::pebble::services::ServiceStatus;
use charm_runtime::pebble::{Client, Error};
use charm_runtime::testing::PebbleFeature;
use charm_tests::pebble_or_skip;
use charm_tests::versions::assert_lacks;

async fn add(client: &Client, yaml: &str) {
    let layer = Layer::from_yaml(yaml).unwrap();
    client
        .add_layer("test", &layer)
        .combine(true)
        .await
        .unwrap();
}

/// Polls `read` until it returns true, for at most 10 s.
async fn eventually(what: &str, mut read: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !read().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

const SLEEPER: &str = r#"
services:
    sleeper:
        override: replace
        command: /bin/sleep 100
        kill-delay: 500ms
"#;

#[tokio::test(flavor = "current_thread")]
async fn start_stop_restart_report_through_services() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    add(&client, SLEEPER).await;

    let info = client.services(&["sleeper"]).await.unwrap();
    assert_eq!(info.len(), 1);
    assert_eq!(info[0].name, "sleeper");
    assert_eq!(info[0].startup, Startup::Disabled);
    assert_eq!(info[0].current, ServiceStatus::Inactive);
    assert_eq!(info[0].current_since, None, "never started");

    let change = client.start_services(&["sleeper"]).await.unwrap();
    assert_eq!(change.status, ChangeStatus::Done);
    assert!(change.ready);
    assert_eq!(change.kind, "start");
    let started = client.services(&[]).await.unwrap();
    assert!(started[0].is_running(), "{started:?}");
    assert!(started[0].current_since.is_some());

    let change = client.restart_services(&["sleeper"]).await.unwrap();
    assert_eq!(change.kind, "restart");
    let restarted = client.services(&["sleeper"]).await.unwrap();
    assert!(restarted[0].is_running());
    assert_ne!(restarted[0].current_since, started[0].current_since);

    client.stop_services(&["sleeper"]).await.unwrap();
    let stopped = client.services(&["sleeper"]).await.unwrap();
    assert_eq!(stopped[0].current, ServiceStatus::Inactive);
    assert!(!stopped[0].is_running());

    let one = client.service("sleeper").await.unwrap().unwrap();
    assert_eq!(one.current, ServiceStatus::Inactive);
    assert_eq!(client.service("nope").await.unwrap(), None);

    // Unknown names are skipped by the listing but refused by actions.
    assert!(client.services(&["nope"]).await.unwrap().is_empty());
    let err = client.start_services(&["nope"]).await.unwrap_err();
    assert!(
        matches!(&err, Error::Api { status: 400, message, .. } if message.contains("nope")),
        "{err:?}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn stop_kills_a_service_that_ignores_sigterm_after_the_kill_delay() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    add(
        &client,
        r#"
services:
    stubborn:
        override: replace
        command: /bin/sh -c "trap '' TERM; sleep 100"
        kill-delay: 1s
"#,
    )
    .await;
    client.start_services(&["stubborn"]).await.unwrap();
    let begun = Instant::now();
    let change = client.stop_services(&["stubborn"]).await.unwrap();
    let took = begun.elapsed();
    assert_eq!(change.status, ChangeStatus::Done);
    assert!(took >= Duration::from_millis(900), "stopped in {took:?}");
    assert!(took < Duration::from_secs(5), "stopped in {took:?}");
    let info = client.services(&["stubborn"]).await.unwrap();
    assert!(!info[0].is_running(), "{info:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn a_service_that_exits_at_once_fails_its_start_change() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    add(
        &client,
        r#"
services:
    broken:
        override: replace
        command: /bin/sh -c "echo bad config; exit 3"
        on-failure: ignore
"#,
    )
    .await;
    let err = client.start_services(&["broken"]).await.unwrap_err();
    let Error::Change { change } = &err else {
        panic!("expected a change error, got {err:?}");
    };
    assert_eq!(change.status, ChangeStatus::Error);
    let message = err.to_string();
    assert!(message.contains("exited quickly"), "{message}");
    assert!(message.contains("code 3"), "{message}");
    let logs = change.tasks.iter().flat_map(|t| &t.log).collect::<Vec<_>>();
    assert!(
        logs.iter().any(|line| line.contains("bad config")),
        "{logs:?}"
    );
    // v1.16.0 leaves it inactive; later releases act on `on-failure: ignore`.
    let expected = if pebble
        .pebble_version()
        .has(PebbleFeature::ServiceQuickExitRestart)
    {
        ServiceStatus::Error
    } else {
        ServiceStatus::Inactive
    };
    let info = client.services(&["broken"]).await.unwrap();
    assert_eq!(info[0].current, expected);
}

#[tokio::test(flavor = "current_thread")]
async fn autostart_without_enabled_services_is_no_default_services() {
    let pebble = pebble_or_skip!(charm_tests::RealPebble::builder().hold());
    let client = pebble.client();
    add(&client, SLEEPER).await;
    let err = client.autostart().await.unwrap_err();
    assert_eq!(err.kind(), Some("no-default-services"), "{err:?}");
    assert!(matches!(err, Error::Api { status: 400, .. }), "{err:?}");

    add(
        &client,
        "services:\n  sleeper:\n    override: merge\n    startup: enabled\n",
    )
    .await;
    let change = client.autostart().await.unwrap();
    assert_eq!(change.kind, "autostart");
    assert!(client.services(&["sleeper"]).await.unwrap()[0].is_running());
}

#[tokio::test(flavor = "current_thread")]
async fn wait_timeout_is_a_timeout_error() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    add(&client, SLEEPER).await;
    // A start takes Pebble's one-second okay delay.
    let err = client
        .start_services(&["sleeper"])
        .timeout(Duration::from_millis(100))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    eventually("the start to finish", async || {
        client.services(&["sleeper"]).await.unwrap()[0].is_running()
    })
    .await;
}

#[tokio::test(flavor = "current_thread")]
async fn send_signal_reaches_the_service() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let marker = pebble.scratch().join("signals");
    add(
        &client,
        &format!(
            r#"
services:
    trapper:
        override: replace
        command: /bin/sh -c "trap 'echo usr1 >> {}' USR1; while true; do sleep 0.05; done"
        kill-delay: 500ms
"#,
            marker.display()
        ),
    )
    .await;
    let err = client
        .send_signal("SIGUSR1", &["trapper"])
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api { message, .. } if message.contains("not running")),
        "{err:?}"
    );

    client.start_services(&["trapper"]).await.unwrap();
    client.send_signal("SIGUSR1", &["trapper"]).await.unwrap();
    eventually("the first signal", async || read(&marker) == "usr1\n").await;
    // The short form works too.
    client.send_signal("usr1", &["trapper"]).await.unwrap();
    eventually("the second signal", async || {
        read(&marker) == "usr1\nusr1\n"
    })
    .await;
}

#[tokio::test(flavor = "current_thread")]
async fn metrics_report_services() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    add(&client, SLEEPER).await;
    client.start_services(&["sleeper"]).await.unwrap();
    let version = pebble.pebble_version();
    if !version.has(PebbleFeature::Metrics) {
        assert_lacks(client.metrics().await, PebbleFeature::Metrics, version);
        return;
    }
    let metrics = client.metrics().await.unwrap();
    assert!(
        metrics.contains(r#"pebble_service_active{service="sleeper"} 1"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"pebble_service_start_count{service="sleeper"} 1"#),
        "{metrics}"
    );
}
