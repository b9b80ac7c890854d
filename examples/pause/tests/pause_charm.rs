//! The pause charm against a real Pebble, with in-memory hook tools.
//!
//! The machine running the tests has no `/pause`, so the tests set the `command` option to
//! `sleep 600` (see the comment on `pause_layer`); everything else is as deployed.

// Test helpers: failing loudly is the point.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::sync::Arc;

use charm_runtime::container::CONTAINERS_DIR_VAR;
use charm_runtime::hook_tools::StatusKind;
use charm_runtime::pebble::changes::ChangeSelect;
use charm_runtime::testing::MemoryTools;
use charm_runtime::{dispatch, handler};
use charm_tests::RealPebble;
use pause::Pause;

/// Runs the charm for the hook `hook` (a `pause-*` hook names the container), with the
/// containers' sockets in `containers`, and returns the exit code.
fn run(hook: &str, tools: &Arc<MemoryTools>, containers: &Path) -> u8 {
    let vars = |name: &str| match name {
        "JUJU_DISPATCH_PATH" => Some(format!("hooks/{hook}")),
        "JUJU_UNIT_NAME" => Some("pause/0".to_owned()),
        "JUJU_WORKLOAD_NAME" if hook.starts_with("pause-") => Some("pause".to_owned()),
        n if n == CONTAINERS_DIR_VAR => Some(containers.display().to_string()),
        _ => None,
    };
    dispatch::run_with(&vars, tools.clone(), handler::dispatch_to::<Pause>)
}

/// A real Pebble listening as the `pause` container.
macro_rules! pause_pebble {
    () => {
        charm_tests::pebble_or_skip!(charm_tests::RealPebble::builder().container("pause"))
    };
}

fn tools(timeout: &str) -> Arc<MemoryTools> {
    let tools = Arc::new(MemoryTools::new());
    set_timeout(&tools, timeout);
    tools
}

fn set_timeout(tools: &MemoryTools, timeout: &str) {
    tools.update(|s| {
        s.config = serde_json::json!({"command": "sleep 600", "timeout": timeout})
            .as_object()
            .unwrap()
            .clone();
    });
}

fn block_on<T>(future: impl IntoFuture<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future.into_future())
}

/// How many changes Pebble has ever started.
fn change_count(pebble: &RealPebble) -> usize {
    let client = pebble.client();
    block_on(client.changes().select(ChangeSelect::All))
        .unwrap()
        .len()
}

fn assert_status(tools: &MemoryTools, kind: StatusKind, message: &str) {
    let status = tools.state().unit_status;
    assert_eq!(
        (status.kind, status.message.as_str()),
        (kind, message),
        "{:?}",
        tools.state().logs
    );
}

#[test]
fn pebble_ready_adds_the_layer_and_starts_the_service() {
    let pebble = pause_pebble!();
    let tools = tools("60");

    assert_eq!(
        run("pause-pebble-ready", &tools, &pebble.containers_dir()),
        0,
        "{:?}",
        tools.state().logs
    );

    assert_status(&tools, StatusKind::Active, "");
    let plan = block_on(pebble.client().plan()).unwrap();
    let service = &plan.services["pause"];
    assert_eq!(service.command, "sleep 600");
    assert_eq!(service.summary, "pause service");
    assert_eq!(service.environment["TIMEOUT"], "60");
    let services = block_on(pebble.client().services(&["pause"])).unwrap();
    assert!(services[0].is_running(), "{services:?}");
}

#[test]
fn unchanged_layers_start_no_change_and_a_new_timeout_replans() {
    let pebble = pause_pebble!();
    let tools = tools("60");
    assert_eq!(
        run("pause-pebble-ready", &tools, &pebble.containers_dir()),
        0
    );
    assert_eq!(run("config-changed", &tools, &pebble.containers_dir()), 0);
    let plan = block_on(pebble.client().plan()).unwrap();
    assert_eq!(plan.services["pause"].environment["TIMEOUT"], "60");
    let changes = change_count(&pebble);

    // Nothing to do: the plan already holds the layer.
    assert_eq!(
        run("pause-pebble-ready", &tools, &pebble.containers_dir()),
        0
    );
    assert_eq!(run("config-changed", &tools, &pebble.containers_dir()), 0);
    assert_eq!(change_count(&pebble), changes);
    assert_eq!(block_on(pebble.client().plan()).unwrap(), plan);
    assert_status(&tools, StatusKind::Active, "");

    // A new timeout: one replan, which restarts the service with it.
    set_timeout(&tools, "30");
    assert_eq!(run("config-changed", &tools, &pebble.containers_dir()), 0);
    assert_eq!(change_count(&pebble), changes + 1);
    let plan = block_on(pebble.client().plan()).unwrap();
    assert_eq!(plan.services["pause"].environment["TIMEOUT"], "30");
    assert_eq!(plan.services["pause"].command, "sleep 600");
    let services = block_on(pebble.client().services(&["pause"])).unwrap();
    assert!(services[0].is_running(), "{services:?}");

    // A later pebble-ready (the pod restarted) keeps the new timeout: nothing to do.
    assert_eq!(
        run("pause-pebble-ready", &tools, &pebble.containers_dir()),
        0
    );
    assert_eq!(change_count(&pebble), changes + 1);
    assert_eq!(block_on(pebble.client().plan()).unwrap(), plan);
}

#[test]
fn config_changed_before_pebble_ready_applies_the_layer_too() {
    let pebble = pause_pebble!();
    let tools = tools("60");

    assert_eq!(run("config-changed", &tools, &pebble.containers_dir()), 0);

    assert_status(&tools, StatusKind::Active, "");
    let plan = block_on(pebble.client().plan()).unwrap();
    assert_eq!(plan.services["pause"].environment["TIMEOUT"], "60");
    assert_eq!(change_count(&pebble), 1);
}

#[test]
fn config_changed_without_pebble_waits() {
    let tools = tools("60");
    let gone = Path::new("/nonexistent");

    assert_eq!(run("config-changed", &tools, gone), 0);

    assert_status(&tools, StatusKind::Waiting, "waiting for Pebble");
}
