//! Custom notices: record, list with filters, get by ID, and long-poll, against a real Pebble.

// Test helpers fail loudly, like the tests that call them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use charm_runtime::layer::Layer;
use charm_runtime::pebble::Error;
use charm_runtime::pebble::notices::{NoticeType, NoticesOptions, NotifyOptions};
use charm_runtime::pebble::plan::AddLayerOptions;
use charm_tests::pebble_or_skip;

#[tokio::test(flavor = "current_thread")]
async fn custom_notices_are_recorded_and_fetched_by_id() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let id = client
        .notify(
            "example.com/db/backup-done",
            NotifyOptions::new().data("path", "/backups/1"),
        )
        .await
        .unwrap();

    let notice = client.notice(&id).await.unwrap();
    assert_eq!(notice.id, id);
    assert_eq!(notice.r#type, NoticeType::Custom);
    assert_eq!(notice.key, "example.com/db/backup-done");
    assert_eq!(notice.occurrences, 1);
    assert_eq!(notice.last_data["path"], "/backups/1");
    let uid = notice.user_id.expect("owned by the caller");
    assert!(notice.expire_after.is_some());
    let listed = client
        .notices(NoticesOptions::new().user_id(uid))
        .await
        .unwrap();
    assert!(listed.iter().any(|n| n.id == id), "{listed:?}");
    assert_eq!(notice.first_occurred, notice.last_occurred);

    // Recording it again aggregates into the same notice.
    let again = client
        .notify(
            "example.com/db/backup-done",
            NotifyOptions::new()
                .data("path", "/backups/2")
                .repeat_after(Duration::from_secs(3600)),
        )
        .await
        .unwrap();
    assert_eq!(again, id);
    let notice = client.notice(&id).await.unwrap();
    assert_eq!(notice.occurrences, 2);
    assert_eq!(notice.last_data["path"], "/backups/2");
    assert_eq!(
        notice.repeat_after.map(|d| d.0),
        Some(Duration::from_secs(3600))
    );

    let err = client.notice(&"9999".into()).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    let err = client
        .notify("not a key", NotifyOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 400, .. }), "{err:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn notices_are_filtered_by_type_key_and_time() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    // A change records a change-update notice.
    let layer =
        Layer::from_yaml("services:\n  s:\n    override: replace\n    command: /bin/sleep 100\n")
            .unwrap();
    client
        .add_layer("s", &layer, AddLayerOptions::new())
        .await
        .unwrap();
    client.start_services(&["s"]).await.unwrap();
    let a = client
        .notify("example.com/a", NotifyOptions::new())
        .await
        .unwrap();
    let b = client
        .notify("example.com/b", NotifyOptions::new())
        .await
        .unwrap();

    let all = client.notices(NoticesOptions::new()).await.unwrap();
    assert!(
        all.iter().any(|n| n.r#type == NoticeType::ChangeUpdate),
        "{all:?}"
    );
    let custom = client
        .notices(NoticesOptions::new().types([NoticeType::Custom]))
        .await
        .unwrap();
    let ids: Vec<_> = custom.iter().map(|n| n.id.clone()).collect();
    assert_eq!(ids, [a.clone(), b.clone()], "oldest first");

    let only_b = client
        .notices(NoticesOptions::new().keys(["example.com/b"]))
        .await
        .unwrap();
    assert_eq!(only_b.len(), 1);
    assert_eq!(only_b[0].id, b);

    let after_a = client
        .notices(
            NoticesOptions::new()
                .types([NoticeType::Custom])
                .after(custom[0].last_repeated.clone()),
        )
        .await
        .unwrap();
    assert_eq!(after_a.len(), 1, "{after_a:?}");
    assert_eq!(after_a[0].id, b);

    let uid = custom[0].user_id.expect("owned by the caller");
    let mine = client
        .notices(
            NoticesOptions::new()
                .types([NoticeType::Custom])
                .user_id(uid),
        )
        .await
        .unwrap();
    assert_eq!(mine.len(), 2);
    let everyone = client
        .notices(
            NoticesOptions::new()
                .types([NoticeType::Custom])
                .all_users(true),
        )
        .await
        .unwrap();
    assert_eq!(everyone.len(), 2);
    let nobody = client
        .notices(
            NoticesOptions::new()
                .types([NoticeType::Custom])
                .user_id(uid + 4242),
        )
        .await
        .unwrap();
    assert!(nobody.is_empty(), "{nobody:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn wait_notices_returns_a_notice_recorded_while_waiting() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let first = client
        .notify("example.com/tick", NotifyOptions::new().data("n", "1"))
        .await
        .unwrap();
    let seen = client.notice(&first).await.unwrap();
    let options = NoticesOptions::new()
        .types([NoticeType::Custom])
        .after(seen.last_repeated.clone());

    let notifier = client.clone();
    let begun = Instant::now();
    let (waited, _) = tokio::join!(
        client.wait_notices(options.clone(), Duration::from_secs(10)),
        async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            notifier
                .notify("example.com/tick", NotifyOptions::new().data("n", "2"))
                .await
                .unwrap()
        }
    );
    let waited = waited.unwrap();
    let took = begun.elapsed();
    assert_eq!(waited.len(), 1, "{waited:?}");
    assert_eq!(waited[0].id, first, "same key, same notice");
    assert_eq!(waited[0].last_data["n"], "2");
    assert_eq!(waited[0].occurrences, 2);
    assert!(took >= Duration::from_millis(300), "{took:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");

    // Matching notices that exist already come back at once.
    let begun = Instant::now();
    let existing = client
        .wait_notices(
            NoticesOptions::new().types([NoticeType::Custom]),
            Duration::from_secs(10),
        )
        .await
        .unwrap();
    assert_eq!(existing.len(), 1);
    assert!(begun.elapsed() < Duration::from_secs(1));

    // Nothing new: an empty answer after the timeout, not an error.
    let begun = Instant::now();
    let none = client
        .wait_notices(
            options.after(waited[0].last_repeated.clone()),
            Duration::from_millis(300),
        )
        .await
        .unwrap();
    let took = begun.elapsed();
    assert!(none.is_empty(), "{none:?}");
    assert!(took >= Duration::from_millis(300), "{took:?}");
    assert!(took < Duration::from_secs(2), "{took:?}");
}
