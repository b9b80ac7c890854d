//! A charm binary built with the runtime's API handles `<container>-pebble-ready` as a
//! separate process: fake hook tools on `PATH`, a real Pebble, and the environment Juju sets.

// Test fixtures: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Output;

use charm_runtime::testing::{FakeHookTools, RecordedCall};
use charm_tests::{RealPebble, pebble_or_skip};

/// The container name, with a hyphen as real charms often have.
const CONTAINER: &str = "my-app";

struct Run {
    output: Output,
    calls: Vec<RecordedCall>,
}

impl Run {
    fn of(&self, tool: &str) -> Vec<Vec<String>> {
        self.calls
            .iter()
            .filter(|c| c.tool == tool)
            .map(|c| c.args.clone())
            .collect()
    }

    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
}

/// Runs the charm for `<CONTAINER>-pebble-ready`, with the container's socket at `socket`.
async fn dispatch_pebble_ready(socket: Option<&Path>, extra: &[(&str, &str)]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let fake = FakeHookTools::install(dir.path().join("tools")).unwrap();
    let containers = dir.path().join("containers");
    std::fs::create_dir_all(containers.join(CONTAINER)).unwrap();
    if let Some(socket) = socket {
        std::os::unix::fs::symlink(socket, containers.join(CONTAINER).join("pebble.socket"))
            .unwrap();
    }
    let hook = format!("{CONTAINER}-pebble-ready");
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_juju_pebble_ready_charm"))
        .env_clear()
        .env("PATH", fake.path_env())
        .env("JUJU_DISPATCH_PATH", format!("hooks/{hook}"))
        .env("JUJU_HOOK_NAME", &hook)
        .env("JUJU_WORKLOAD_NAME", CONTAINER)
        .env("JUJU_UNIT_NAME", "my-app/0")
        .env("JUJU_MODEL_NAME", "test")
        .env("JUJU_MODEL_UUID", "0b7a6c2e-8f1d-4c4e-9a3b-0e5f6a7b8c9d")
        .env("JUJU_VERSION", "3.6.8")
        .env("JUJU_CHARM_DIR", dir.path())
        .env("CHARM_CONTAINERS_DIR", &containers)
        .envs(extra.iter().copied())
        .current_dir(dir.path())
        .output()
        .await
        .unwrap();
    Run {
        output,
        calls: fake.calls().unwrap(),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn pebble_ready_adds_a_layer_replans_and_sets_active() {
    let pebble = pebble_or_skip!(RealPebble::builder().hold());
    let run = dispatch_pebble_ready(Some(pebble.socket()), &[]).await;
    assert_eq!(run.output.status.code(), Some(0), "{}", run.stderr());

    assert_eq!(
        run.of("status-set"),
        [
            vec!["maintenance", "--", "configuring the workload"],
            vec!["active", "--", ""],
        ]
    );
    assert_eq!(
        run.of("application-version-set"),
        [vec!["--".to_owned(), pebble.version()]]
    );
    assert_eq!(
        run.of("juju-log"),
        [vec![
            "--log-level",
            "INFO",
            "--",
            "workload started container=\"my-app\""
        ]]
    );

    let client = pebble.client();
    let plan = client.plan().await.unwrap();
    assert_eq!(plan.services["workload"].command, "sleep 1000");
    let service = client.service("workload").await.unwrap().unwrap();
    assert!(service.is_running(), "{service:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn pebble_ready_twice_keeps_one_running_service() {
    let pebble = pebble_or_skip!(RealPebble::builder().hold());
    for _ in 0..2 {
        let run = dispatch_pebble_ready(Some(pebble.socket()), &[]).await;
        assert_eq!(run.output.status.code(), Some(0), "{}", run.stderr());
    }
    let services = pebble.client().services(&[]).await.unwrap();
    assert_eq!(services.len(), 1);
    assert!(services[0].is_running());
}

#[tokio::test(flavor = "current_thread")]
async fn without_pebble_the_charm_waits_and_exits_zero() {
    let run = dispatch_pebble_ready(None, &[]).await;
    assert_eq!(run.output.status.code(), Some(0), "{}", run.stderr());
    assert_eq!(
        run.of("status-set"),
        [vec!["waiting", "--", "waiting for Pebble in my-app"]]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_workload_that_cannot_start_fails_the_hook_and_keeps_the_status() {
    let pebble = pebble_or_skip!(RealPebble::builder().hold());
    let run = dispatch_pebble_ready(
        Some(pebble.socket()),
        &[("CHARM_TEST_COMMAND", "/nonexistent/workload")],
    )
    .await;
    assert_eq!(run.output.status.code(), Some(1), "{}", run.stderr());
    // The maintenance status set before the failure stays, as in Juju.
    assert_eq!(
        run.of("status-set"),
        [vec!["maintenance", "--", "configuring the workload"]]
    );
    let logs = run.of("juju-log");
    assert_eq!(logs.len(), 1, "{logs:?}");
    assert_eq!(logs[0][1], "ERROR");
    assert!(
        logs[0][3].starts_with("hook my-app-pebble-ready failed: "),
        "{}",
        logs[0][3]
    );
    assert!(
        logs[0][3].contains("/nonexistent/workload"),
        "{}",
        logs[0][3]
    );
}

/// `Event::from_env` reads the process environment, as Juju sets it.
#[test]
fn an_event_is_decoded_from_the_process_environment() {
    let run = |vars: &[(&str, &str)]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_juju_event_from_env"))
            .env_clear()
            .envs(vars.iter().copied())
            .output()
            .unwrap()
    };
    let output = run(&[
        ("JUJU_DISPATCH_PATH", "hooks/db-relation-departed"),
        ("JUJU_RELATION", "db"),
        ("JUJU_RELATION_ID", "db:7"),
        ("JUJU_REMOTE_UNIT", "pg/1"),
        ("JUJU_REMOTE_APP", "pg"),
        ("JUJU_DEPARTING_UNIT", "pg/1"),
    ]);
    assert!(output.status.success(), "{output:?}");
    let expected = charm_runtime::event::Event::from_pairs([
        ("JUJU_DISPATCH_PATH", "hooks/db-relation-departed"),
        ("JUJU_RELATION", "db"),
        ("JUJU_RELATION_ID", "db:7"),
        ("JUJU_REMOTE_UNIT", "pg/1"),
        ("JUJU_REMOTE_APP", "pg"),
        ("JUJU_DEPARTING_UNIT", "pg/1"),
    ])
    .unwrap();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!("{expected:?}\n")
    );

    // A variable the event needs is missing: the decoding error, exit code 1.
    let output = run(&[("JUJU_DISPATCH_PATH", "hooks/secret-changed")]);
    assert_eq!(output.status.code(), Some(1));
    let expected =
        charm_runtime::event::Event::from_pairs([("JUJU_DISPATCH_PATH", "hooks/secret-changed")])
            .unwrap_err();
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        format!("{expected}\n")
    );
    assert!(output.stdout.is_empty());
}
