//! Services: starting, stopping, replanning, restarts, exits at once, signals and logs.

use std::time::{Duration, Instant};

use charm_runtime::pebble::Error;
use charm_runtime::pebble::changes::{Change, ChangeStatus};
use charm_runtime::pebble::services::ServiceStatus;
use charm_runtime::testing::{ExecResult, PebbleFeature};

use super::{Backend, SERVICES, api_error, eventually, layer};

/// The tasks of `change` as `(kind, summary, status, log)`, log lines without their time.
pub(crate) fn tasks(change: &Change) -> Vec<(String, String, ChangeStatus, Vec<String>)> {
    change
        .tasks
        .iter()
        .map(|t| {
            let log = t
                .log
                .iter()
                .map(|line| {
                    line.split_once(' ')
                        .map_or(line.as_str(), |(_, l)| l)
                        .to_owned()
                })
                .collect();
            (t.kind.clone(), t.summary.clone(), t.status.clone(), log)
        })
        .collect()
}

/// One task, for comparing with [`tasks`].
fn task(
    kind: &str,
    summary: &str,
    status: ChangeStatus,
    log: &[&str],
) -> (String, String, ChangeStatus, Vec<String>) {
    (
        kind.to_owned(),
        summary.to_owned(),
        status,
        log.iter().map(|l| (*l).to_owned()).collect(),
    )
}

/// `replan` starts the enabled services only.
pub async fn replan_starts_enabled_services(b: &impl Backend) {
    let client = b.client();
    client.add_layer("base", &layer(SERVICES)).await.unwrap();
    let change = client.replan().await.unwrap();
    assert_eq!(change.kind, "replan");
    assert_eq!(change.status, ChangeStatus::Done);
    assert!(change.ready);
    let services = client.services(&[]).await.unwrap();
    let names: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["idle", "sleeper"]);
    assert_eq!(services[0].current, ServiceStatus::Inactive);
    assert!(services[1].is_running());
    assert!(services[1].current_since.is_some());

    // A second replan with nothing changed leaves it running.
    let again = client.replan().await.unwrap();
    assert_eq!(again.status, ChangeStatus::Done);
    assert!(
        client
            .service("sleeper")
            .await
            .unwrap()
            .unwrap()
            .is_running()
    );
}

/// Starting a running service and stopping a stopped one succeed, saying so in the task log.
pub async fn start_and_stop_are_idempotent(b: &impl Backend) {
    let client = b.client();
    client.add_layer("base", &layer(SERVICES)).await.unwrap();
    for log in [&[][..], &["INFO Service \"idle\" already started."]] {
        let change = client.start_services(&["idle"]).await.unwrap();
        assert_eq!(
            (
                change.kind.as_str(),
                change.summary.as_str(),
                &change.status
            ),
            ("start", "Start service \"idle\"", &ChangeStatus::Done)
        );
        assert_eq!(
            tasks(&change),
            [task(
                "start",
                "Start service \"idle\"",
                ChangeStatus::Done,
                log
            )]
        );
        assert!(client.service("idle").await.unwrap().unwrap().is_running());
    }
    for log in [&[][..], &["INFO Service \"idle\" already stopped."]] {
        let change = client.stop_services(&["idle"]).await.unwrap();
        assert_eq!(
            (
                change.kind.as_str(),
                change.summary.as_str(),
                &change.status
            ),
            ("stop", "Stop service \"idle\"", &ChangeStatus::Done)
        );
        assert_eq!(
            tasks(&change),
            [task(
                "stop",
                "Stop service \"idle\"",
                ChangeStatus::Done,
                log
            )]
        );
        let idle = client.service("idle").await.unwrap().unwrap();
        assert_eq!(idle.current, ServiceStatus::Inactive);
    }
    let err = client.start_services(&["nope"]).await.unwrap_err();
    assert_eq!(
        api_error(&err),
        (
            400,
            None,
            "cannot start services: service \"nope\" does not exist"
        )
    );
}

/// `autostart` with no enabled service fails with kind `no-default-services`.
pub async fn autostart_without_enabled_services_fails(b: &impl Backend) {
    let client = b.client();
    client
        .add_layer(
            "base",
            &layer("services:\n  idle:\n    override: replace\n    command: sleep 1000\n"),
        )
        .await
        .unwrap();
    let err = client.autostart().await.unwrap_err();
    assert_eq!(
        api_error(&err),
        (400, Some("no-default-services"), "no default services")
    );
}

/// The buffered output of a service, as NDJSON entries.
pub async fn logs_of_a_service(b: &impl Backend) {
    let client = b.client();
    client
        .add_layer("base", &layer("services:\n  talker:\n    override: replace\n    command: sh -c 'echo one; echo two; echo three; sleep 1000'\n"))
        .await
        .unwrap();
    client.start_services(&["talker"]).await.unwrap();
    b.service_prints("talker", &["one", "two", "three"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    let entries = loop {
        let entries = client.logs().services(["talker"]).await.unwrap();
        if entries.len() >= 3 || Instant::now() > deadline {
            break entries;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let messages: Vec<&str> = entries.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(messages, ["one", "two", "three"]);
    assert!(entries.iter().all(|e| e.service == "talker"));
    assert!(
        entries.windows(2).all(|w| w[0].time <= w[1].time),
        "{entries:?}"
    );
    let last = client.logs().services(["talker"]).n(1).await.unwrap();
    assert_eq!(last.len(), 1);
    assert_eq!(last[0].message, "three");
}

/// Signalling a service that is not running is Pebble's 500.
pub async fn signals_need_a_running_service(b: &impl Backend) {
    let client = b.client();
    client.add_layer("base", &layer(SERVICES)).await.unwrap();
    let err = client.send_signal("SIGHUP", &["idle"]).await.unwrap_err();
    assert_eq!(
        api_error(&err),
        (
            500,
            None,
            "cannot send signal to \"idle\": service is not running"
        )
    );
    client.start_services(&["idle"]).await.unwrap();
    client.send_signal("SIGHUP", &["idle"]).await.unwrap();
}

/// `replan` stops and starts again only the services whose configuration changed, starts the
/// enabled ones, and leaves a running service that did not change alone.
pub async fn replan_restarts_only_changed_services(b: &impl Backend) {
    let client = b.client();
    client
        .add_layer(
            "base",
            &layer(
                "services:\n  a:\n    override: replace\n    command: sleep 1000\n    startup: enabled\n  \
                 b:\n    override: replace\n    command: sleep 1000\n    startup: enabled\n  \
                 c:\n    override: replace\n    command: sleep 1000\n",
            ),
        )
        .await
        .unwrap();
    let first = client.replan().await.unwrap();
    assert_eq!(first.summary, "Replan service \"a\" and 1 more");
    assert_eq!(
        tasks(&first),
        [
            task("start", "Start service \"a\"", ChangeStatus::Done, &[]),
            task("start", "Start service \"b\"", ChangeStatus::Done, &[]),
        ]
    );
    client.start_services(&["c"]).await.unwrap();
    let since = |name: &'static str| {
        let client = client.clone();
        async move {
            let info = client.service(name).await.unwrap().unwrap();
            assert!(info.is_running(), "{info:?}");
            info.current_since.unwrap()
        }
    };
    let (a, b_since, c) = (since("a").await, since("b").await, since("c").await);

    client
        .add_layer(
            "change-a",
            &layer("services:\n  a:\n    override: merge\n    command: sleep 2000\n"),
        )
        .await
        .unwrap();
    let second = crate::replan_settled(&client).await.unwrap();
    assert_eq!(second.summary, "Replan service \"a\" and 1 more");
    assert_eq!(
        tasks(&second),
        [
            task("stop", "Stop service \"a\"", ChangeStatus::Done, &[]),
            task("start", "Start service \"a\"", ChangeStatus::Done, &[]),
            task(
                "start",
                "Start service \"b\"",
                ChangeStatus::Done,
                &["INFO Service \"b\" already started."]
            ),
        ]
    );
    assert_ne!(since("a").await, a, "a changed: restarted");
    assert_eq!(since("b").await, b_since, "b did not change");
    assert_eq!(since("c").await, c, "c is not enabled and did not change");

    let third = client.replan().await.unwrap();
    assert_eq!(
        tasks(&third),
        [
            task(
                "start",
                "Start service \"a\"",
                ChangeStatus::Done,
                &["INFO Service \"a\" already started."]
            ),
            task(
                "start",
                "Start service \"b\"",
                ChangeStatus::Done,
                &["INFO Service \"b\" already started."]
            ),
        ]
    );
}

/// A service that exits within the okay delay fails its start change with its output in the
/// task log. v1.16.0 leaves it inactive; later releases act on `on-failure`: `ignore` leaves
/// it in error, `restart` (the default) in backoff.
pub async fn a_service_that_exits_at_once(b: &impl Backend) {
    let client = b.client();
    let version = b.version();
    client
        .add_layer(
            "base",
            &layer(
                "services:\n  broken:\n    override: replace\n    command: /bin/sh -c \"echo bad config; exit 3\"\n    \
                 on-failure: ignore\n  quick:\n    override: replace\n    command: /bin/sh -c \"exit 1\"\n",
            ),
        )
        .await
        .unwrap();
    b.service_exits_at_once("broken", ExecResult::new(3).with_stdout("bad config\n"));
    b.service_exits_at_once("quick", ExecResult::new(1));
    let restarts = version.has(PebbleFeature::ServiceQuickExitRestart);
    let reason = |code: u8, action: &str| {
        if restarts {
            format!("service start attempt: exited quickly with code {code}, will {action}")
        } else {
            format!("cannot start service: exited quickly with code {code}")
        }
    };

    for (name, code, action, output) in [
        ("broken", 3, "ignore", "bad config"),
        ("quick", 1, "restart", ""),
    ] {
        let err = client.start_services(&[name]).await.unwrap_err();
        let Error::Change { change } = &err else {
            panic!("expected a change error, got {err:?}");
        };
        let reason = reason(code, action);
        let summary = format!("Start service {name:?}");
        assert_eq!(
            (change.kind.as_str(), &change.status),
            ("start", &ChangeStatus::Error)
        );
        assert_eq!(
            change.err.as_deref(),
            Some(format!("cannot perform the following tasks:\n- {summary} ({reason})").as_str())
        );
        assert_eq!(
            tasks(change),
            [task(
                "start",
                &summary,
                ChangeStatus::Error,
                &[
                    &format!("INFO Most recent service output:\n    {output}"),
                    &format!("ERROR {reason}"),
                ]
            )]
        );
    }

    let broken = client.service("broken").await.unwrap().unwrap();
    if restarts {
        assert_eq!(broken.current, ServiceStatus::Error);
        assert!(broken.current_since.is_some());
        eventually("quick to back off", async || {
            let quick = client.service("quick").await.unwrap().unwrap();
            (quick.current == ServiceStatus::Backoff).then_some(())
        })
        .await;
    } else {
        assert_eq!(
            (broken.current, broken.current_since),
            (ServiceStatus::Inactive, None)
        );
        let quick = client.service("quick").await.unwrap().unwrap();
        assert_eq!(
            (quick.current, quick.current_since),
            (ServiceStatus::Inactive, None)
        );
    }
    // v1.16.0 keeps no log of a service that exited at once.
    let logs = client.logs().services(["broken"]).await.unwrap();
    let messages: Vec<&str> = logs.iter().map(|e| e.message.as_str()).collect();
    let kept: &[&str] = if restarts { &["bad config"] } else { &[] };
    assert_eq!(messages, kept);
}

/// A check that goes down restarts the running services whose `on-check-failure` says
/// `restart` for it.
pub async fn check_failure_restarts_the_service(b: &impl Backend) {
    let client = b.client();
    client
        .add_layer(
            "service",
            &layer(
                "services:\n  worker:\n    override: replace\n    command: sleep 1000\n    \
                 on-check-failure:\n      alive: restart\n  bystander:\n    override: replace\n    \
                 command: sleep 1000\n",
            ),
        )
        .await
        .unwrap();
    client
        .start_services(&["worker", "bystander"])
        .await
        .unwrap();
    let since = async |name: &str| client.service(name).await.unwrap().unwrap().current_since;
    let (worker, bystander) = (since("worker").await, since("bystander").await);
    assert!(worker.is_some() && bystander.is_some());

    client
        .add_layer(
            "check",
            &layer(
                "checks:\n  alive:\n    override: replace\n    period: 100ms\n    threshold: 1\n    \
                 exec: {command: /bin/false}\n",
            ),
        )
        .await
        .unwrap();
    b.check_fails("alive");
    super::wait_for_check(&client, "alive", |c| {
        c.status == charm_runtime::pebble::CheckStatus::Down
    })
    .await;
    eventually("the worker to be restarted", async || {
        let info = client.service("worker").await.unwrap().unwrap();
        (info.is_running() && info.current_since != worker).then_some(())
    })
    .await;
    assert_eq!(since("bystander").await, bystander, "not restarted");
}
