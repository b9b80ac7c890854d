//! Changes: fetch, wait, list, abort, and unknown IDs.

use std::time::Duration;

use super::{Backend, SERVICES, api_error, layer};

/// A change can be fetched and waited for; an unknown ID is a 404.
pub async fn changes_wait_and_unknown_ids(b: &impl Backend) {
    let client = b.client();
    client.add_layer("base", &layer(SERVICES)).await.unwrap();
    let started = client.start_services(&["idle"]).await.unwrap();
    let fetched = client.change(&started.id).await.unwrap();
    assert_eq!(fetched.id, started.id);
    assert_eq!(fetched.summary, "Start service \"idle\"");
    assert_eq!(fetched.tasks.len(), 1);
    assert_eq!(fetched.tasks[0].kind, "start");
    let waited = client
        .wait_change(&started.id, Duration::from_secs(5))
        .await
        .unwrap();
    assert!(waited.ready);
    assert!(waited.ready_time.is_some());

    let err = client.change(&"9999".into()).await.unwrap_err();
    assert_eq!(
        api_error(&err),
        (404, None, "cannot find change with id \"9999\"")
    );
    let err = client
        .wait_change(&"9999".into(), Duration::from_secs(1))
        .await
        .unwrap_err();
    assert_eq!(api_error(&err).0, 404);
}

/// Listing changes by state and service; aborting a finished change is refused.
pub async fn changes_list_and_abort_errors(b: &impl Backend) {
    use charm_runtime::pebble::changes::ChangeSelect;
    let client = b.client();
    client.add_layer("base", &layer(SERVICES)).await.unwrap();
    let started = client.start_services(&["idle"]).await.unwrap();
    client.stop_services(&["idle"]).await.unwrap();
    let all = client.changes().select(ChangeSelect::All).await.unwrap();
    assert!(all.iter().any(|c| c.id == started.id));
    let for_idle = client
        .changes()
        .select(ChangeSelect::Ready)
        .service("idle")
        .await
        .unwrap();
    let mut kinds: Vec<&str> = for_idle.iter().map(|c| c.kind.as_str()).collect();
    kinds.sort_unstable();
    assert_eq!(kinds, ["start", "stop"]);
    assert!(
        client
            .changes()
            .service("sleeper")
            .select(ChangeSelect::All)
            .await
            .unwrap()
            .is_empty()
    );
    let err = client.abort_change(&started.id).await.unwrap_err();
    assert_eq!(
        api_error(&err),
        (
            400,
            None,
            format!("cannot abort change {} with nothing pending", started.id).as_str()
        )
    );
}
