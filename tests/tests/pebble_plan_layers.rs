//! Layers, plan, replan and `Container::ensure_layer` against a real Pebble.

// Test helpers fail loudly, like the tests that call them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::time::Duration;

use charm_runtime::Container;
use charm_runtime::layer::{GoDuration, Layer, Override, Service, Startup};
use charm_runtime::pebble::changes::ChangeSelect;
use charm_runtime::pebble::{Client, Error};
use charm_runtime::testing::PebbleFeature;
use charm_tests::pebble_or_skip;

/// A service that appends a line to `log` each time it starts, then sleeps.
fn counting_service(log: &Path) -> Service {
    Service {
        r#override: Override::Replace,
        command: format!(
            "/bin/sh -c 'echo started >> {}; exec sleep 100'",
            log.display()
        ),
        startup: Some(Startup::Enabled),
        kill_delay: Some(GoDuration(Duration::from_millis(200))),
        ..Service::default()
    }
}

fn starts(log: &Path) -> usize {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .count()
}

async fn change_count(client: &Client) -> usize {
    client
        .changes()
        .select(ChangeSelect::All)
        .await
        .unwrap()
        .len()
}

#[tokio::test(flavor = "current_thread")]
async fn typed_layer_is_accepted_and_plan_reflects_it() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    assert_eq!(client.plan().await.unwrap(), Default::default());

    // A check's `startup` came with v1.19.0: older releases refuse the field.
    let startup = if pebble.pebble_version().has(PebbleFeature::CheckStartup) {
        "startup: disabled"
    } else {
        ""
    };
    let layer = Layer::from_yaml(&format!(
        r#"
summary: web layer
services:
    web:
        override: replace
        command: /bin/sleep 100
        startup: enabled
        environment: {{PORT: "8080", MODE: "quoted: yes"}}
        backoff-factor: 1.5
        kill-delay: 1500ms
        after: [db]
checks:
    up:
        override: replace
        level: alive
        {startup}
        period: 1s
        exec: {{command: /bin/true}}
"#
    ))
    .unwrap();
    client.add_layer("web", &layer).await.unwrap();

    let plan = client.plan().await.unwrap();
    assert_eq!(plan.services, layer.services);
    // Pebble fills in the default threshold of checks, and nothing else.
    let mut checks = layer.checks.clone();
    checks.get_mut("up").unwrap().threshold = Some(3);
    assert_eq!(plan.checks, checks);
    let yaml = client.plan_yaml().await.unwrap();
    assert!(yaml.contains("kill-delay: 1.5s"), "{yaml}");
}

#[tokio::test(flavor = "current_thread")]
async fn existing_label_needs_combine() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let yaml = "services:\n  a:\n    override: replace\n    command: /bin/sleep 1\n";
    client.add_layer_yaml("base", yaml).await.unwrap();
    let err = client.add_layer_yaml("base", yaml).await.unwrap_err();
    match &err {
        Error::Api {
            status, message, ..
        } => {
            assert_eq!(*status, 400);
            assert!(message.contains("already exists"), "{message}");
        }
        other => panic!("expected an api error, got {other:?}"),
    }
    client
        .add_layer_yaml("base", yaml)
        .combine(true)
        .await
        .unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn invalid_layers_are_api_errors_and_leave_the_plan_alone() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let err = client
        .add_layer_yaml(
            "bad",
            "services:\n  a:\n    override: replace\n    bogus: 1\n",
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api { status: 400, message, .. } if message.contains("cannot parse layer")),
        "{err:?}"
    );
    // Valid alone, but the combined plan has no command for "a".
    let no_command = Layer {
        services: [(
            "a".to_owned(),
            Service {
                r#override: Override::Merge,
                summary: "no command".into(),
                ..Service::default()
            },
        )]
        .into(),
        ..Layer::default()
    };
    let err = client.add_layer("bad", &no_command).await.unwrap_err();
    assert!(
        matches!(&err, Error::Api { status: 400, message, .. } if message.contains("command")),
        "{err:?}"
    );
    assert!(client.plan().await.unwrap().services.is_empty());
}

#[tokio::test(flavor = "current_thread")]
async fn combine_with_merge_merges_fields_in_place() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    client
        .add_layer_yaml(
            "base",
            r#"
services:
    web:
        override: replace
        command: /bin/web --port 80
        environment: {A: "1", B: "1"}
        after: [db]
"#,
        )
        .await
        .unwrap();
    let mut web = Service {
        r#override: Override::Merge,
        startup: Some(Startup::Enabled),
        after: vec!["cache".into()],
        ..Service::default()
    };
    web.environment.insert("B".into(), "2".into());
    web.environment.insert("C".into(), "3".into());
    let layer = Layer {
        services: [("web".to_owned(), web)].into(),
        ..Layer::default()
    };
    client
        .add_layer("base", &layer)
        .combine(true)
        .await
        .unwrap();

    let plan = client.plan().await.unwrap();
    let web = &plan.services["web"];
    assert_eq!(web.command, "/bin/web --port 80", "kept from the base");
    assert_eq!(web.startup, Some(Startup::Enabled));
    assert_eq!(web.after, ["db", "cache"]);
    assert_eq!(
        web.environment,
        [("A", "1"), ("B", "2"), ("C", "3")]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .into()
    );
    assert_eq!(web.r#override, Override::Replace, "first layer's override");
}

#[tokio::test(flavor = "current_thread")]
async fn replan_restarts_only_changed_services() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let dir = pebble.scratch();
    let (a_log, b_log) = (dir.join("a.log"), dir.join("b.log"));
    let layer = Layer {
        services: [
            ("a".to_owned(), counting_service(&a_log)),
            ("b".to_owned(), counting_service(&b_log)),
        ]
        .into(),
        ..Layer::default()
    };
    client.add_layer("base", &layer).await.unwrap();
    client.replan().await.unwrap();
    assert_eq!((starts(&a_log), starts(&b_log)), (1, 1));
    let before = client.services(&["a", "b"]).await.unwrap();
    assert!(before.iter().all(|s| s.is_running()), "{before:?}");

    // Nothing changed: replan leaves both alone.
    client.replan().await.unwrap();
    assert_eq!((starts(&a_log), starts(&b_log)), (1, 1));

    let mut b = Service {
        r#override: Override::Merge,
        ..Service::default()
    };
    b.environment.insert("VERSION".into(), "2".into());
    let update = Layer {
        services: [("b".to_owned(), b)].into(),
        ..Layer::default()
    };
    client
        .add_layer("base", &update)
        .combine(true)
        .await
        .unwrap();
    charm_tests::replan_settled(&client).await.unwrap();
    assert_eq!((starts(&a_log), starts(&b_log)), (1, 2));
    let after = client.services(&["a", "b"]).await.unwrap();
    assert_eq!(
        after[0].current_since, before[0].current_since,
        "a untouched"
    );
    assert_ne!(
        after[1].current_since, before[1].current_since,
        "b restarted"
    );
    assert!(after.iter().all(|s| s.is_running()), "{after:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn ensure_layer_adds_once_then_changes_nothing() {
    let pebble = pebble_or_skip!();
    let container = Container::new("workload", pebble.client());
    assert!(container.can_connect().await);
    let log = pebble.scratch().join("web.log");
    let layer = Layer {
        services: [("web".to_owned(), counting_service(&log))].into(),
        ..Layer::default()
    };

    assert!(container.ensure_layer("web", &layer).await.unwrap());
    assert_eq!(starts(&log), 1, "replanned");
    assert!(container.services(&["web"]).await.unwrap()[0].is_running());
    let changes = change_count(&container).await;

    assert!(!container.ensure_layer("web", &layer).await.unwrap());
    assert_eq!(change_count(&container).await, changes, "no new change");
    assert_eq!(starts(&log), 1);

    // A merge that the plan already reflects changes nothing either...
    let mut same = Service {
        r#override: Override::Merge,
        startup: Some(Startup::Enabled),
        ..Service::default()
    };
    let merge = |service: Service| Layer {
        services: [("web".to_owned(), service)].into(),
        ..Layer::default()
    };
    assert!(
        !container
            .ensure_layer("web", &merge(same.clone()))
            .await
            .unwrap()
    );
    assert_eq!(change_count(&container).await, changes);

    // ...but a new value is added and applied, once.
    same.environment.insert("LEVEL".into(), "debug".into());
    assert!(
        container
            .ensure_layer("web", &merge(same.clone()))
            .await
            .unwrap()
    );
    assert_eq!(starts(&log), 2, "restarted by replan");
    let changes = change_count(&container).await;
    assert!(!container.ensure_layer("web", &merge(same)).await.unwrap());
    assert_eq!(change_count(&container).await, changes);
    assert_eq!(
        container.plan().await.unwrap().services["web"].environment["LEVEL"],
        "debug"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn container_without_pebble_cannot_connect() {
    let dir = tempfile::tempdir().unwrap();
    let container = Container::new("gone", Client::new(dir.path().join("pebble.socket")));
    assert!(!container.can_connect().await);
    let err = container
        .ensure_layer("x", &Layer::default())
        .await
        .unwrap_err();
    assert!(err.is_connection(), "{err:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn ensure_layer_is_idempotent_for_checks_and_log_targets() {
    let pebble = pebble_or_skip!();
    let container = Container::new("workload", pebble.client());
    let layer = Layer::from_yaml(
        r#"
services:
    web:
        override: replace
        command: /bin/sleep 100
        startup: enabled
checks:
    alive:
        override: replace
        level: alive
        period: 10s
        exec: {command: /bin/true}
log-targets:
    loki:
        override: replace
        type: loki
        location: http://127.0.0.1:9/loki/api/v1/push
        services: [all]
        labels: {env: test}
"#,
    )
    .unwrap();
    assert!(container.ensure_layer("web", &layer).await.unwrap());
    let changes = change_count(&container).await;
    assert!(!container.ensure_layer("web", &layer).await.unwrap());
    assert_eq!(change_count(&container).await, changes);
}
