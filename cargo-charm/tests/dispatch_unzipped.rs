//! A packed charm runs as Juju runs it: the `.charm` is unzipped with its entries' modes,
//! and its `dispatch` handles `pause-pebble-ready` with the charm directory as working
//! directory, the `JUJU_*` environment, fake hook tools on `PATH` and a real Pebble.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::process::Command;

use charm_runtime::testing::FakeHookTools;
use charm_tests::{RealPebble, pebble_or_skip};
use support::{assert_success, cargo_charm, unzip, workspace};

#[test]
fn unzipped_dispatch_handles_pebble_ready_against_a_real_pebble() {
    let pebble = pebble_or_skip!(RealPebble::builder().hold());
    let out = tempfile::tempdir().unwrap();
    let output = cargo_charm(
        &workspace(),
        &["pack", "-p", "pause", "-o", out.path().to_str().unwrap()],
    );
    assert_success(&output, "cargo charm pack -p pause");

    let juju = tempfile::tempdir().unwrap();
    let charm_dir = juju.path().join("charm");
    unzip(&out.path().join("pause_amd64.charm"), &charm_dir);
    let tools = FakeHookTools::install(juju.path().join("tools")).unwrap();
    tools
        .respond("config-get", r#"{"command": "sleep 600", "timeout": "45"}"#)
        .unwrap();
    let containers = juju.path().join("containers");
    std::fs::create_dir_all(containers.join("pause")).unwrap();
    std::os::unix::fs::symlink(pebble.socket(), containers.join("pause/pebble.socket")).unwrap();

    // ./dispatch, as the unit agent runs it: found by its executable bit, no shell.
    let output = Command::new("./dispatch")
        .env_clear()
        .env("PATH", tools.path_env())
        .env("JUJU_DISPATCH_PATH", "hooks/pause-pebble-ready")
        .env("JUJU_HOOK_NAME", "pause-pebble-ready")
        .env("JUJU_WORKLOAD_NAME", "pause")
        .env("JUJU_UNIT_NAME", "pause/0")
        .env("JUJU_MODEL_NAME", "test")
        .env("JUJU_MODEL_UUID", "0b7a6c2e-8f1d-4c4e-9a3b-0e5f6a7b8c9d")
        .env("JUJU_VERSION", "3.6.8")
        .env("JUJU_CHARM_DIR", &charm_dir)
        .env("CHARM_DIR", &charm_dir)
        .env("CHARM_CONTAINERS_DIR", &containers)
        .current_dir(&charm_dir)
        .output()
        .unwrap();
    assert_success(&output, "dispatch pause-pebble-ready");

    let statuses: Vec<Vec<String>> = tools
        .calls_of("status-set")
        .unwrap()
        .into_iter()
        .map(|c| c.args)
        .collect();
    assert_eq!(statuses, [vec!["active", "--", ""]]);
    let client = pebble.client();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let plan = runtime.block_on(client.plan()).unwrap();
    assert_eq!(plan.services["pause"].command, "sleep 600");
    assert_eq!(plan.services["pause"].environment["TIMEOUT"], "45");
    let service = runtime.block_on(client.service("pause")).unwrap().unwrap();
    assert!(service.is_running(), "{service:?}");
}
