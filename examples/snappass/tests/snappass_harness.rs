//! The snappass charm in the harness: state in, one event, state out, checked against the
//! charm's own `charmcraft.yaml`.

// Test helpers: failing loudly is the point.
#![allow(clippy::unwrap_used)]

use charm_runtime::hook_tools::{Network, Status};
use charm_runtime::testing::harness::{ContainerState, Context, Error, State, TestEvent};
use charm_runtime::testing::{ExecResult, MemoryRelation};
use snappass::{KEY_ROTATED, Memo, Snappass, redis_layer};

fn redis() -> ContainerState {
    ContainerState::new("redis")
}

fn snappass() -> ContainerState {
    ContainerState::new("snappass")
}

fn both() -> State {
    State::new().container(redis()).container(snappass())
}

fn run(event: TestEvent, state: State) -> charm_runtime::testing::harness::Output {
    let out = Context::new().run::<Snappass>(event, state).unwrap();
    assert_eq!(out.exit_code, 0, "{:?}", out.juju.logs);
    out
}

#[test]
fn reconcile_configures_both_containers_with_the_default_port() {
    let out = run(TestEvent::pebble_ready("redis"), both());
    // The default port (5000) comes from charmcraft.yaml, with no set-up in the test.
    let snappass = out.container("snappass").unwrap();
    assert_eq!(
        snappass.plan().services["snappass"].command,
        "gunicorn --bind 0.0.0.0:5000 snappass.main:app"
    );
    assert!(snappass.services()[0].is_running());
    let redis = out.container("redis").unwrap();
    assert!(redis.plan().checks.contains_key("redis-up"));
    assert_eq!(out.juju.unit_status_history, [Status::active("")]);
}

#[test]
fn the_worst_of_the_collected_statuses_is_set_once() {
    let state = State::new()
        .container(redis())
        .container(snappass().can_connect(false));
    let out = run(TestEvent::config_changed(), state);
    assert_eq!(
        out.juju.unit_status_history,
        [Status::waiting("waiting for the snappass container")]
    );

    let state = State::new()
        .config("port", 70000)
        .container(redis().can_connect(false))
        .container(snappass());
    let out = run(TestEvent::config_changed(), state);
    assert_eq!(
        out.juju.unit_status_history,
        [Status::blocked("port 70000 is not a TCP port (1-65535)")]
    );
}

#[test]
fn an_unchanged_status_is_not_set_again() {
    let state = both().unit_status(Status::active(""));
    let out = run(TestEvent::config_changed(), state);
    assert!(out.juju.unit_status_history.is_empty());
    assert!(out.juju.calls.iter().all(|c| c.tool != "status-set"));
}

#[test]
fn redis_is_waited_for_once_its_check_crosses_the_threshold() {
    let layered = || {
        redis()
            .layer("redis", redis_layer())
            .service_running("redis")
    };
    let below = State::new()
        .container(layered().check_failures("redis-up", 2))
        .container(snappass());
    let out = run(TestEvent::config_changed(), below);
    assert_eq!(out.juju.unit_status, Status::active(""));
    let checks = out.container("redis").unwrap().checks();
    assert_eq!((checks[0].failures, checks[0].threshold), (2, 3));

    let at = State::new()
        .container(layered().check_failures("redis-up", 3))
        .container(snappass());
    let out = run(TestEvent::config_changed(), at);
    assert_eq!(
        out.juju.unit_status,
        Status::waiting("redis does not answer")
    );

    // The check events run the same reconcile.
    let state = State::new().container(layered()).container(snappass());
    let out = run(TestEvent::pebble_check_failed("redis", "redis-up"), state);
    assert_eq!(
        out.juju.unit_status,
        Status::waiting("redis does not answer")
    );
    let state = State::new()
        .container(layered().check_down("redis-up"))
        .container(snappass())
        .unit_status(Status::waiting("redis does not answer"));
    let out = run(
        TestEvent::pebble_check_recovered("redis", "redis-up"),
        state,
    );
    assert_eq!(out.juju.unit_status_history, [Status::active("")]);
}

#[test]
fn flush_empties_redis_and_counts_in_typed_state() {
    let state = both()
        .container(redis().exec(["redis-cli", "flushall"], |_| ExecResult::ok("OK\n")))
        .stored(
            "memo",
            &Memo {
                flushes: 4,
                last_rotation: None,
            },
        );
    // The same container twice is a test mistake, not a silent override.
    let err = Context::new()
        .run::<Snappass>(TestEvent::action("flush"), state)
        .unwrap_err();
    assert!(matches!(err, Error::DuplicateContainer { .. }), "{err}");

    let state = State::new()
        .container(redis().exec(["redis-cli", "flushall"], |_| ExecResult::ok("OK\n")))
        .container(snappass())
        .stored(
            "memo",
            &Memo {
                flushes: 4,
                last_rotation: None,
            },
        );
    let out = run(TestEvent::action("flush"), state);
    assert_eq!(out.juju.action_results["flushes"], "5");
    let memo: Memo = out.stored("memo").unwrap().unwrap();
    assert_eq!(memo.flushes, 5);
    let calls = out.container("redis").unwrap().exec_calls();
    assert_eq!(calls[0].command, ["redis-cli", "flushall"]);
    assert!(
        out.juju.unit_status_history.is_empty(),
        "actions add no status"
    );
}

#[test]
fn a_failed_flush_keeps_the_count() {
    let state = State::new()
        .container(redis().exec(["redis-cli"], |_| {
            ExecResult::new(1).with_stderr("LOADING Redis is loading the dataset\n")
        }))
        .container(snappass())
        .stored(
            "memo",
            &Memo {
                flushes: 4,
                last_rotation: None,
            },
        );
    let out = Context::new()
        .run::<Snappass>(TestEvent::action("flush"), state)
        .unwrap();
    assert_eq!(out.exit_code, 1);
    assert_eq!(out.stored::<Memo>("memo").unwrap().unwrap().flushes, 4);
}

#[test]
fn a_key_rotation_restarts_snappass_once() {
    let state = State::new().container(redis()).container(
        snappass()
            .layer("snappass", snappass::snappass_layer(5000))
            .service_running("snappass"),
    );
    let out = run(
        TestEvent::pebble_custom_notice("snappass", KEY_ROTATED),
        state,
    );
    let snappass = out.container("snappass").unwrap();
    assert_eq!(
        snappass.service_starts("snappass"),
        2,
        "running, then restarted"
    );
    let memo: Memo = out.stored("memo").unwrap().unwrap();
    let notices = snappass.notices();
    let notice = notices.iter().find(|n| n.key == KEY_ROTATED).unwrap();
    assert_eq!(memo.last_rotation.as_ref(), Some(&notice.id));
    assert_eq!(
        out.juju.unit_status,
        Status::active(""),
        "reconcile ran too"
    );
}

#[test]
fn website_relations_get_the_ingress_address_as_plain_text() {
    let mut state = both().relation(
        3,
        MemoryRelation {
            endpoint: "website".into(),
            remote_app: "haproxy".into(),
            units: vec!["haproxy/0".into()],
            ..MemoryRelation::default()
        },
    );
    let network: Network = serde_json::from_str(r#"{"ingress-addresses": ["10.1.2.3"]}"#).unwrap();
    state.juju.networks.insert("website".into(), network);
    let out = run(TestEvent::relation_joined("website", 3, "haproxy/0"), state);
    let data = &out.juju.relations[&3].data["app/0"];
    assert_eq!(data["hostname"], "10.1.2.3");
    assert_eq!(data["port"], "5000", "plain text, not JSON");
    assert_eq!(out.juju.unit_status, Status::active(""));
}

#[test]
fn a_state_charmcraft_yaml_does_not_declare_is_refused() {
    let cases = [
        both().config("prot", 5000),
        State::new().container(ContainerState::new("postgres")),
        both().relation(
            1,
            MemoryRelation {
                endpoint: "db".into(),
                ..MemoryRelation::default()
            },
        ),
    ];
    for state in cases {
        let err = Context::new()
            .run::<Snappass>(TestEvent::install(), state)
            .unwrap_err();
        assert!(matches!(err, Error::Undeclared { .. }), "{err}");
    }
    let err = Context::new()
        .run::<Snappass>(TestEvent::action("backup"), both())
        .unwrap_err();
    assert!(matches!(err, Error::Undeclared { .. }), "{err}");
    let err = Context::new()
        .run::<Snappass>(TestEvent::config_changed(), both().config("port", "5000"))
        .unwrap_err();
    assert!(matches!(err, Error::ConfigType { .. }), "{err}");
}

#[test]
fn peers_are_this_application() {
    let state = both().peer_relation(1, "cluster", ["app/1", "app/2"]);
    let out = run(TestEvent::relation_changed("cluster", 1, "app/1"), state);
    assert_eq!(out.juju.relations[&1].remote_app, "app");
    assert_eq!(out.juju.unit_status, Status::active(""));
}

#[tokio::test(flavor = "current_thread")]
async fn the_harness_runs_from_async_tests() {
    let out = Context::new()
        .run_async::<Snappass>(TestEvent::pebble_ready("snappass"), both())
        .await
        .unwrap();
    assert_eq!(out.exit_code, 0);
    assert_eq!(out.juju.unit_status, Status::active(""));
    let err = Context::new()
        .run::<Snappass>(TestEvent::install(), both())
        .unwrap_err();
    assert!(matches!(err, Error::InsideRuntime), "{err}");
}
