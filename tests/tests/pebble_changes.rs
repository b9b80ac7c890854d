//! Changes: list, get, wait (with timeout) and abort against a real Pebble.

// Test helpers fail loudly, like the tests that call them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use charm_runtime::layer::Layer;
use charm_runtime::pebble::changes::{ChangeSelect, ChangeStatus};
use charm_runtime::pebble::{ChangeId, Client, Error};
use charm_tests::pebble_or_skip;

const LAYER: &str = r#"
services:
    one:
        override: replace
        command: /bin/sleep 100
        kill-delay: 200ms
    two:
        override: replace
        command: /bin/sleep 100
        kill-delay: 200ms
    stubborn:
        override: replace
        command: /bin/sh -c "trap '' TERM; sleep 100"
        kill-delay: 8s
"#;

async fn setup(client: &Client) {
    let layer = Layer::from_yaml(LAYER).unwrap();
    client.add_layer("test", &layer).await.unwrap();
}

/// Starts `stubborn`, then stops it without waiting for the stop change, which takes its
/// 8 s kill-delay (it ignores SIGTERM), and returns the stop change's ID. The tests act on
/// the change inside those 8 s: a window wide enough for a loaded machine, unlike the 1 s
/// okay delay of a start.
async fn stop_in_background(client: &Client) -> ChangeId {
    client.start_services(&["stubborn"]).await.unwrap();
    let err = client
        .stop_services(&["stubborn"])
        .timeout(Duration::from_millis(10))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    let running = client.changes().service("stubborn").await.unwrap();
    assert_eq!(running.len(), 1, "{running:?}");
    assert_eq!(running[0].kind, "stop");
    assert!(!running[0].ready);
    running[0].id.clone()
}

#[tokio::test(flavor = "current_thread")]
async fn changes_are_listed_fetched_and_filtered() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    setup(&client).await;
    let first = client.start_services(&["one"]).await.unwrap();
    let second = client.start_services(&["two"]).await.unwrap();

    let all = client.changes().select(ChangeSelect::All).await.unwrap();
    let ids: Vec<&ChangeId> = all.iter().map(|c| &c.id).collect();
    assert_eq!(ids, [&first.id, &second.id], "sorted by id");
    assert!(
        all.iter()
            .all(|c| c.ready && c.status == ChangeStatus::Done)
    );

    let ready = client.changes().select(ChangeSelect::Ready).await.unwrap();
    assert_eq!(ready.len(), 2);
    let in_progress = client.changes().await.unwrap();
    assert!(in_progress.is_empty(), "{in_progress:?}");

    let for_two = client
        .changes()
        .select(ChangeSelect::All)
        .service("two")
        .await
        .unwrap();
    assert_eq!(for_two.len(), 1);
    assert_eq!(for_two[0].id, second.id);

    let fetched = client.change(&first.id).await.unwrap();
    assert_eq!(fetched.id, first.id);
    assert_eq!(fetched.kind, "start");
    assert_eq!(fetched.tasks.len(), 1);
    assert_eq!(fetched.tasks[0].kind, "start");
    assert!(fetched.tasks[0].summary.contains("one"), "{fetched:?}");
    assert!(fetched.ready_time.is_some());

    // A ready change is returned at once by wait (not after the 10 s it would wait for one
    // that is not; the bound leaves room for a loaded machine).
    let begun = Instant::now();
    let waited = client
        .wait_change(&first.id, Duration::from_secs(10))
        .await
        .unwrap();
    assert!(begun.elapsed() < Duration::from_secs(5));
    assert_eq!(waited.status, ChangeStatus::Done);
}

#[tokio::test(flavor = "current_thread")]
async fn unknown_and_invalid_ids_are_errors() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let err = client.change(&"999".into()).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    let err = client
        .wait_change(&"999".into(), Duration::from_secs(1))
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    let err = client.change(&"../v1/plan".into()).await.unwrap_err();
    assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn wait_change_times_out_then_succeeds() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    setup(&client).await;
    let id = stop_in_background(&client).await;

    let begun = Instant::now();
    let err = client
        .wait_change(&id, Duration::from_millis(200))
        .await
        .unwrap_err();
    let took = begun.elapsed();
    match err {
        Error::Timeout { what, after } => {
            // The time actually waited, not the timeout plus a margin.
            assert!(
                after >= Duration::from_millis(200) && after <= took,
                "{after:?}"
            );
            assert!(what.contains(id.as_str()), "{what}");
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(took >= Duration::from_millis(200), "{took:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");

    // A zero timeout looks once instead of waiting (Pebble's own zero means forever).
    let begun = Instant::now();
    let err = client.wait_change(&id, Duration::ZERO).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(begun.elapsed() < Duration::from_secs(5));

    let done = client
        .wait_change(&id, Duration::from_secs(30))
        .await
        .unwrap();
    assert!(done.ready);
    assert_eq!(done.status, ChangeStatus::Done);
    let again = client.wait_change(&id, Duration::ZERO).await.unwrap();
    assert_eq!(again.status, ChangeStatus::Done);
    assert!(!client.services(&["stubborn"]).await.unwrap()[0].is_running());
}

#[tokio::test(flavor = "current_thread")]
async fn abort_kills_the_command_of_a_running_exec_change() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    // An exec change runs as long as its command: 30 s to abort it in.
    let process = client.exec(["sleep", "30"]).await.unwrap();
    let id = process.change_id().clone();
    let running = client.change(&id).await.unwrap();
    assert!(!running.ready, "{running:?}");

    let aborted = client.abort_change(&id).await.unwrap();
    assert_eq!(aborted.id, id);
    let begun = Instant::now();
    let done = client
        .wait_change(&id, Duration::from_secs(20))
        .await
        .unwrap();
    assert!(done.ready);
    // Pebble kills the command (SIGKILL: exit code 137) instead of leaving it its 30 s.
    assert!(begun.elapsed() < Duration::from_secs(20), "{done:?}");
    assert_eq!(done.tasks[0].data["exit-code"], 137, "{done:?}");
    match process.wait().await.unwrap_err() {
        Error::Exec(e) => assert_eq!(e.exit_code, 137),
        other => panic!("expected the command killed, got {other:?}"),
    }

    // Nothing is left to abort.
    let err = client.abort_change(&id).await.unwrap_err();
    assert!(
        matches!(&err, Error::Api { status: 400, message, .. } if message.contains("nothing pending")),
        "{err:?}"
    );
}
