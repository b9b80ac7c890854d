//! Notices: custom notices recorded, aggregated, listed, fetched and waited for.

use std::time::{Duration, Instant};

use charm_runtime::pebble::notices::NoticeType;

use super::{Backend, api_error};

/// Custom notices: record, aggregate, list by key, get by ID, wait.
pub async fn custom_notices_record_list_get_wait(b: &impl Backend) {
    let client = b.client();
    let id = client
        .notify("example.com/db/backup")
        .data("path", "/b/1")
        .await
        .unwrap();
    let again = client
        .notify("example.com/db/backup")
        .data("path", "/b/2")
        .await
        .unwrap();
    assert_eq!(id, again);
    let notice = client.notice(&id).await.unwrap();
    assert_eq!(notice.r#type, NoticeType::Custom);
    assert_eq!(notice.occurrences, 2);
    assert_eq!(notice.last_data["path"], "/b/2");
    assert!(notice.user_id.is_some(), "owned by the caller");

    client.notify("example.com/other").await.unwrap();
    let by_key = client
        .notices()
        .types([NoticeType::Custom])
        .keys(["example.com/db/backup"])
        .await
        .unwrap();
    assert_eq!(by_key.len(), 1);
    assert_eq!(by_key[0].id, id);
    let customs = client.notices().types([NoticeType::Custom]).await.unwrap();
    assert_eq!(customs.len(), 2);
    assert!(customs[0].last_repeated <= customs[1].last_repeated);

    // Waiting returns existing matches at once, and nothing once past them.
    let start = Instant::now();
    let existing = client
        .notices()
        .keys(["example.com/other"])
        .wait(Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(existing.len(), 1);
    assert!(start.elapsed() < Duration::from_secs(5));
    let newest = customs[1].last_repeated;
    let none = client
        .notices()
        .types([NoticeType::Custom])
        .after(newest)
        .wait(Duration::from_millis(200))
        .await
        .unwrap();
    assert!(none.is_empty(), "{none:?}");

    let err = client.notice(&"9999".into()).await.unwrap_err();
    assert_eq!(
        api_error(&err),
        (404, None, "cannot find notice with ID \"9999\"")
    );
    let err = client.notify("not a key").await.unwrap_err();
    assert_eq!(api_error(&err).0, 400);
}

/// ops: `test_get_notice_by_id`. A notice recorded once has one occurrence and no data; one
/// recorded again keeps its first time, takes the new data, and expires after a week.
pub async fn notice_by_id(b: &impl Backend) {
    let client = b.client();
    let id1 = client.notify("example.com/one").await.unwrap();
    let id2 = client
        .notify("example.com/two")
        .data("x", "y")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(2)).await;
    client
        .notify("example.com/two")
        .data("k", "v")
        .data("foo", "bar")
        .await
        .unwrap();
    let week = Some(Duration::from_secs(7 * 24 * 3600));

    let one = client.notice(&id1).await.unwrap();
    assert_eq!(
        (
            one.id.clone(),
            one.r#type.clone(),
            one.key.as_str(),
            one.occurrences
        ),
        (id1, NoticeType::Custom, "example.com/one", 1)
    );
    assert_eq!(one.first_occurred, one.last_occurred);
    assert_eq!(one.first_occurred, one.last_repeated);
    assert!(one.last_data.is_empty());
    assert_eq!(one.repeat_after, None);
    assert_eq!(one.expire_after.map(|d| d.0), week);

    let two = client.notice(&id2).await.unwrap();
    assert_eq!(
        (
            two.id.clone(),
            two.r#type.clone(),
            two.key.as_str(),
            two.occurrences
        ),
        (id2, NoticeType::Custom, "example.com/two", 2)
    );
    assert_ne!(two.first_occurred, two.last_occurred);
    assert_eq!(two.last_occurred, two.last_repeated);
    let data: Vec<(&str, &str)> = two
        .last_data
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(data, [("foo", "bar"), ("k", "v")]);
    assert_eq!(two.repeat_after, None);
    assert_eq!(two.expire_after.map(|d| d.0), week);
}

/// ops: `test_get_notices`. Notices come in the order they last repeated, filtered by keys.
pub async fn notices_by_keys(b: &impl Backend) {
    let client = b.client();
    let keys = ["example.com/k1", "example.com/k2", "example.com/k3"];
    for key in keys {
        client.notify(key).await.unwrap();
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let custom = |notices: Vec<charm_runtime::pebble::notices::Notice>| {
        notices
            .into_iter()
            .filter(|n| n.r#type == NoticeType::Custom)
            .map(|n| n.key)
            .collect::<Vec<_>>()
    };
    assert_eq!(custom(client.notices().await.unwrap()), keys);
    assert_eq!(custom(client.notices().keys(keys).await.unwrap()), keys);
    assert_eq!(
        custom(client.notices().keys(["example.com/k2"]).await.unwrap()),
        ["example.com/k2"]
    );
    assert_eq!(
        custom(
            client
                .notices()
                .keys(["example.com/k1", "example.com/k3"])
                .await
                .unwrap()
        ),
        ["example.com/k1", "example.com/k3"]
    );
    assert!(
        client
            .notices()
            .keys(["example.com/k4"])
            .await
            .unwrap()
            .is_empty()
    );
}
