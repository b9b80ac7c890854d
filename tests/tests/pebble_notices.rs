//! Custom notices: record, list with filters, get by ID, and long-poll, against a real Pebble.

// Test helpers fail loudly, like the tests that call them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use charm_runtime::layer::Layer;
use charm_runtime::pebble::notices::NoticeType;
use charm_runtime::pebble::{Error, Timestamp};
use charm_tests::pebble_or_skip;

#[tokio::test(flavor = "current_thread")]
async fn custom_notices_are_recorded_and_fetched_by_id() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let id = client
        .notify("example.com/db/backup-done")
        .data("path", "/backups/1")
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
    let listed = client.notices().user_id(uid).await.unwrap();
    assert!(listed.iter().any(|n| n.id == id), "{listed:?}");
    assert_eq!(notice.first_occurred, notice.last_occurred);

    // Recording it again aggregates into the same notice.
    let again = client
        .notify("example.com/db/backup-done")
        .data("path", "/backups/2")
        .repeat_after(Duration::from_secs(3600))
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
    let err = client.notify("not a key").await.unwrap_err();
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
    client.add_layer("s", &layer).await.unwrap();
    client.start_services(&["s"]).await.unwrap();
    let a = client.notify("example.com/a").await.unwrap();
    let b = client.notify("example.com/b").await.unwrap();

    let all = client.notices().await.unwrap();
    assert!(
        all.iter().any(|n| n.r#type == NoticeType::ChangeUpdate),
        "{all:?}"
    );
    let custom = client.notices().types([NoticeType::Custom]).await.unwrap();
    let ids: Vec<_> = custom.iter().map(|n| n.id.clone()).collect();
    assert_eq!(ids, [a.clone(), b.clone()], "oldest first");

    let only_b = client.notices().keys(["example.com/b"]).await.unwrap();
    assert_eq!(only_b.len(), 1);
    assert_eq!(only_b[0].id, b);

    let after_a = client
        .notices()
        .types([NoticeType::Custom])
        .after(custom[0].last_repeated)
        .await
        .unwrap();
    assert_eq!(after_a.len(), 1, "{after_a:?}");
    assert_eq!(after_a[0].id, b);

    let uid = custom[0].user_id.expect("owned by the caller");
    let mine = client
        .notices()
        .types([NoticeType::Custom])
        .user_id(uid)
        .await
        .unwrap();
    assert_eq!(mine.len(), 2);
    let everyone = client
        .notices()
        .types([NoticeType::Custom])
        .all_users(true)
        .await
        .unwrap();
    assert_eq!(everyone.len(), 2);
    let nobody = client
        .notices()
        .types([NoticeType::Custom])
        .user_id(uid + 4242)
        .await
        .unwrap();
    assert!(nobody.is_empty(), "{nobody:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn a_wait_returns_a_notice_recorded_while_waiting() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let first = client
        .notify("example.com/tick")
        .data("n", "1")
        .await
        .unwrap();
    let seen = client.notice(&first).await.unwrap();
    let custom_after =
        |after: &Timestamp| client.notices().types([NoticeType::Custom]).after(*after);

    let notifier = client.clone();
    let begun = Instant::now();
    let (waited, _) = tokio::join!(
        custom_after(&seen.last_repeated)
            .wait(Duration::from_secs(10))
            .into_future(),
        async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            notifier
                .notify("example.com/tick")
                .data("n", "2")
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
        .notices()
        .types([NoticeType::Custom])
        .wait(Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(existing.len(), 1);
    // Well under the 10 s it would wait for a new one, with room for a loaded machine.
    assert!(begun.elapsed() < Duration::from_secs(5));

    // Nothing new: an empty answer after the timeout, not an error.
    let begun = Instant::now();
    let none = custom_after(&waited[0].last_repeated)
        .wait(Duration::from_millis(300))
        .await
        .unwrap();
    let took = begun.elapsed();
    assert!(none.is_empty(), "{none:?}");
    assert!(took >= Duration::from_millis(300), "{took:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");
}
