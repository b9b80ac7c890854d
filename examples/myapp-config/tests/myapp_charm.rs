//! The myapp-config charm against a real Pebble, with in-memory hook tools.
//!
//! The layer's command is the seed's `myapp --config <path>`: the test puts a stand-in
//! `myapp` (a script that fails without its config file, else sleeps) first on the daemon's
//! `PATH`, and points the `config-path` option at a scratch file instead of `/etc/config.yaml`.

// Test helpers: failing loudly is the point.
#![allow(clippy::unwrap_used)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;

use charm_runtime::container::CONTAINERS_DIR_VAR;
use charm_runtime::hook_tools::StatusKind;
use charm_runtime::testing::MemoryTools;
use charm_runtime::{dispatch, handler};
use charm_tests::RealPebble;
use myapp_config::{CONFIG, MyApp};

/// Runs the charm for `hook` with the containers' sockets in `containers`.
fn run(hook: &str, tools: &Arc<MemoryTools>, containers: &Path) -> u8 {
    let vars = |name: &str| match name {
        "JUJU_DISPATCH_PATH" => Some(format!("hooks/{hook}")),
        "JUJU_UNIT_NAME" => Some("myapp/0".to_owned()),
        "JUJU_WORKLOAD_NAME" if hook.starts_with("myapp-") => Some("myapp".to_owned()),
        n if n == CONTAINERS_DIR_VAR => Some(containers.display().to_string()),
        _ => None,
    };
    dispatch::run_with(&vars, tools.clone(), handler::dispatch_to::<MyApp>)
}

fn block_on<T>(future: impl IntoFuture<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future.into_future())
}

/// A Pebble whose services find the stand-in `myapp` in `bin`.
fn pebble_with_myapp(bin: &Path) -> Option<RealPebble> {
    std::fs::create_dir_all(bin).unwrap();
    let myapp = bin.join("myapp");
    std::fs::write(
        &myapp,
        "#!/bin/sh\ntest -f \"$2\" || exit 1\nexec sleep 600\n",
    )
    .unwrap();
    std::fs::set_permissions(&myapp, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    RealPebble::builder()
        .container("myapp")
        .env("PATH", &path)
        .start()
}

#[test]
fn pebble_ready_pushes_the_config_and_starts_myapp() {
    let scratch = tempfile::tempdir().unwrap();
    let Some(pebble) = pebble_with_myapp(&scratch.path().join("bin")) else {
        return;
    };
    let config_path = scratch.path().join("etc/config.yaml");
    let tools = Arc::new(MemoryTools::new());
    tools.update(|s| {
        s.config = serde_json::json!({"config-path": config_path})
            .as_object()
            .unwrap()
            .clone();
    });

    assert_eq!(
        run("myapp-pebble-ready", &tools, &pebble.containers_dir()),
        0,
        "{:?}",
        tools.state().logs
    );

    assert_eq!(std::fs::read_to_string(&config_path).unwrap(), CONFIG);
    let status = tools.state().unit_status;
    assert_eq!(
        (status.kind, status.message.as_str()),
        (StatusKind::Active, "service is running")
    );
    let plan = block_on(pebble.client().plan()).unwrap();
    assert_eq!(
        plan.services["myapp"].command,
        format!("myapp --config {}", config_path.display())
    );
    let before = block_on(pebble.client().services(&["myapp"])).unwrap();
    assert!(before[0].is_running(), "{before:?}\n{}", pebble.log());

    // Another event: the layer is there already, so nothing is replanned or restarted.
    assert_eq!(
        run("config-changed", &tools, &pebble.containers_dir()),
        0,
        "{:?}",
        tools.state().logs
    );
    assert_eq!(block_on(pebble.client().plan()).unwrap(), plan);
    let after = block_on(pebble.client().services(&["myapp"])).unwrap();
    assert_eq!(after, before);
}

#[test]
fn a_stopped_service_is_started_again() {
    let scratch = tempfile::tempdir().unwrap();
    let Some(pebble) = pebble_with_myapp(&scratch.path().join("bin")) else {
        return;
    };
    let tools = Arc::new(MemoryTools::new());
    tools.update(|s| {
        s.config = serde_json::json!({"config-path": scratch.path().join("config.yaml")})
            .as_object()
            .unwrap()
            .clone();
    });
    assert_eq!(
        run("myapp-pebble-ready", &tools, &pebble.containers_dir()),
        0
    );
    block_on(pebble.client().stop_services(&["myapp"])).unwrap();

    assert_eq!(
        run("config-changed", &tools, &pebble.containers_dir()),
        0,
        "{:?}",
        tools.state().logs
    );

    let services = block_on(pebble.client().services(&["myapp"])).unwrap();
    assert!(services[0].is_running(), "{services:?}");
}

#[test]
fn without_pebble_the_hook_fails() {
    let tools = Arc::new(MemoryTools::new());
    tools.update(|s| {
        s.config = serde_json::json!({"config-path": "/etc/config.yaml"})
            .as_object()
            .unwrap()
            .clone();
    });
    let gone = Path::new("/nonexistent");

    assert_eq!(run("config-changed", &tools, gone), 1);

    let logs = format!("{:?}", tools.state().logs);
    assert!(logs.contains("cannot connect to pebble"), "{logs}");
}
