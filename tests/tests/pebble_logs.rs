//! Service logs, buffered and followed, against a real Pebble.

// Test helpers fail loudly, like the tests that call them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use charm_runtime::layer::Layer;
use charm_runtime::pebble::Client;
use charm_runtime::pebble::logs::LogEntry;
use charm_tests::pebble_or_skip;
use futures_util::{StreamExt, TryStreamExt};

const LAYER: &str = r#"
services:
    echo:
        override: replace
        command: /bin/sh -c "echo one; echo two >&2; echo three; exec sleep 100"
        kill-delay: 200ms
    ticker:
        override: replace
        command: /bin/sh -c 'i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.1; done'
        kill-delay: 200ms
"#;

async fn setup(client: &Client) {
    let layer = Layer::from_yaml(LAYER).unwrap();
    client.add_layer("logs", &layer).await.unwrap();
}

fn messages(entries: &[LogEntry]) -> Vec<&str> {
    entries.iter().map(|e| e.message.as_str()).collect()
}

#[tokio::test(flavor = "current_thread")]
async fn logs_return_buffered_lines_of_a_service() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    setup(&client).await;
    assert!(client.logs().await.unwrap().is_empty());
    client.start_services(&["echo"]).await.unwrap();

    let entries = client.logs().services(["echo"]).await.unwrap();
    assert_eq!(
        messages(&entries),
        ["one", "two", "three"],
        "stdout and stderr"
    );
    assert!(entries.iter().all(|e| e.service == "echo"));
    assert!(
        entries.windows(2).all(|w| w[0].time <= w[1].time),
        "{entries:?}"
    );

    let last = client.logs().services(["echo"]).n(1).await.unwrap();
    assert_eq!(messages(&last), ["three"]);
    let all = client
        .logs()
        .services(["echo", "unknown"])
        .all()
        .await
        .unwrap();
    assert_eq!(all.len(), 3);
}

#[tokio::test(flavor = "current_thread")]
async fn followed_logs_stream_new_lines() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    setup(&client).await;
    client.start_services(&["ticker", "echo"]).await.unwrap();

    // The last buffered tick first, then new ticks as they are written.
    let stream = client.logs().services(["ticker"]).n(1).follow();
    let entries: Vec<LogEntry> = tokio::time::timeout(
        Duration::from_secs(10),
        stream.take(4).try_collect::<Vec<_>>(),
    )
    .await
    .expect("four lines within 10 s")
    .unwrap();
    assert!(entries.iter().all(|e| e.service == "ticker"), "{entries:?}");
    let numbers: Vec<u32> = entries
        .iter()
        .map(|e| e.message.strip_prefix("tick-").unwrap().parse().unwrap())
        .collect();
    assert!(numbers[0] >= 3, "started about a second ago: {numbers:?}");
    for pair in numbers.windows(2) {
        assert_eq!(pair[1], pair[0] + 1, "consecutive: {numbers:?}");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_failed_request_is_one_error_and_ends_the_stream() {
    let pebble = pebble_or_skip!();
    let gone = charm_runtime::pebble::Client::new(pebble.scratch().join("no.socket"));
    let err = gone.logs().n(5).await.unwrap_err();
    assert!(err.is_connection(), "{err:?}");
    let mut stream = Box::pin(gone.logs().n(5).follow());
    let first = stream.next().await.unwrap();
    assert!(first.is_err(), "{first:?}");
    assert!(
        stream.next().await.is_none(),
        "the stream ends after its error"
    );
}
