//! The snappass charm against two real Pebbles (one per container).
//!
//! Stand-ins for `redis-server`, `redis-cli` and `gunicorn` go first on the daemons' `PATH`:
//! the servers sleep until stopped, `redis-cli` answers `PONG` to the check and records a
//! `flushall`. The first tests run the charm in-process with in-memory hook tools; the last
//! runs the charm's binary as Juju does, with fake hook tools on `PATH` that record every
//! call, to count the `status-set`s of each dispatch.

// Test helpers: failing loudly is the point.
#![allow(clippy::unwrap_used)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use charm_runtime::container::CONTAINERS_DIR_VAR;
use charm_runtime::hook_tools::Status;
use charm_runtime::testing::{FakeHookTools, MemoryTools, RecordedCall};
use charm_runtime::{dispatch, handler};
use charm_tests::RealPebble;
use snappass::{KEY_ROTATED, Memo, Snappass};

const SERVER: &str = "#!/bin/sh\nexec sleep 600\n";
const REDIS_CLI: &str = r#"#!/bin/sh
case "$1" in
  ping) echo PONG ;;
  flushall) echo flushed >> "$SNAPPASS_TEST_DIR/flushes"; echo OK ;;
  *) exit 1 ;;
esac
"#;

struct Setup {
    scratch: tempfile::TempDir,
    redis: RealPebble,
    snappass: RealPebble,
}

impl Setup {
    /// Two Pebbles with the stand-ins; `None` when no Pebble is installed.
    fn new() -> Option<Self> {
        let scratch = tempfile::tempdir().unwrap();
        let bin = scratch.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        for (name, script) in [
            ("redis-server", SERVER),
            ("gunicorn", SERVER),
            ("redis-cli", REDIS_CLI),
        ] {
            std::fs::write(bin.join(name), script).unwrap();
            std::fs::set_permissions(bin.join(name), std::fs::Permissions::from_mode(0o755))
                .unwrap();
        }
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let dir = scratch.path().display().to_string();
        let start = |name: &str| {
            RealPebble::builder()
                .hold()
                .container(name)
                .env("PATH", &path)
                .env("SNAPPASS_TEST_DIR", &dir)
                .start()
        };
        let redis = start("redis")?;
        let snappass = start("snappass")?;
        Some(Self {
            scratch,
            redis,
            snappass,
        })
    }

    /// A containers directory holding the sockets of `names` (as Juju mounts them).
    fn containers(&self, names: &[&str]) -> PathBuf {
        let dir = self
            .scratch
            .path()
            .join(format!("containers-{}", names.join("-")));
        for name in names {
            let pebble = if *name == "redis" {
                &self.redis
            } else {
                &self.snappass
            };
            std::fs::create_dir_all(dir.join(name)).unwrap();
            let link = dir.join(name).join("pebble.socket");
            if !link.exists() {
                std::os::unix::fs::symlink(pebble.socket(), link).unwrap();
            }
        }
        dir
    }

    fn charm_dir(&self) -> PathBuf {
        let dir = self.scratch.path().join("charm");
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// Runs the charm in-process for `vars`, with both containers.
    fn run(&self, tools: &Arc<MemoryTools>, vars: &[(&str, &str)]) -> u8 {
        let charm_dir = self.charm_dir();
        let containers = self.containers(&["redis", "snappass"]);
        let lookup = |name: &str| match name {
            "JUJU_UNIT_NAME" => Some("snappass/0".to_owned()),
            "JUJU_CHARM_DIR" => Some(charm_dir.display().to_string()),
            n if n == CONTAINERS_DIR_VAR => Some(containers.display().to_string()),
            _ => vars
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned()),
        };
        dispatch::run_with(&lookup, tools.clone(), handler::dispatch_to::<Snappass>)
    }
}

fn block_on<T>(future: impl IntoFuture<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future.into_future())
}

fn running(pebble: &RealPebble, service: &str) -> bool {
    let services = block_on(pebble.client().services(&[service])).unwrap();
    services.iter().any(|s| s.is_running())
}

fn tools() -> Arc<MemoryTools> {
    let tools = Arc::new(MemoryTools::new());
    tools.update(|s| {
        s.config.insert("port".into(), 5000.into());
    });
    tools
}

#[test]
fn pebble_ready_runs_both_workloads_and_flush_goes_through_redis() {
    let Some(setup) = Setup::new() else { return };
    let tools = tools();
    let code = setup.run(
        &tools,
        &[
            ("JUJU_DISPATCH_PATH", "hooks/redis-pebble-ready"),
            ("JUJU_WORKLOAD_NAME", "redis"),
        ],
    );
    assert_eq!(code, 0, "{:?}", tools.state().logs);
    assert!(running(&setup.redis, "redis"), "{}", setup.redis.log());
    assert!(
        running(&setup.snappass, "snappass"),
        "{}",
        setup.snappass.log()
    );
    let plan = block_on(setup.snappass.client().plan()).unwrap();
    assert_eq!(
        plan.services["snappass"].command,
        "gunicorn --bind 0.0.0.0:5000 snappass.main:app"
    );
    assert_eq!(tools.state().unit_status_history, [Status::active("")]);

    tools.update(|s| s.action_params.clear());
    let code = setup.run(
        &tools,
        &[
            ("JUJU_DISPATCH_PATH", "actions/flush"),
            ("JUJU_ACTION_NAME", "flush"),
            ("JUJU_ACTION_UUID", "1"),
        ],
    );
    let state = tools.state();
    assert_eq!(code, 0, "{:?}", state.logs);
    assert_eq!(state.action_results["flushes"], "1");
    let flushed = std::fs::read_to_string(setup.scratch.path().join("flushes")).unwrap();
    assert_eq!(flushed, "flushed\n");
    let memo: Memo = serde_json::from_str(&state.state["memo"]).unwrap();
    assert_eq!(memo.flushes, 1);
}

#[test]
fn a_key_rotation_notice_restarts_snappass_and_is_remembered() {
    let Some(setup) = Setup::new() else { return };
    let tools = tools();
    let ready = [
        ("JUJU_DISPATCH_PATH", "hooks/snappass-pebble-ready"),
        ("JUJU_WORKLOAD_NAME", "snappass"),
    ];
    assert_eq!(setup.run(&tools, &ready), 0, "{:?}", tools.state().logs);
    let before = block_on(setup.snappass.client().services(&["snappass"])).unwrap();
    let id = block_on(setup.snappass.client().notify(KEY_ROTATED)).unwrap();
    let code = setup.run(
        &tools,
        &[
            ("JUJU_DISPATCH_PATH", "hooks/snappass-pebble-custom-notice"),
            ("JUJU_WORKLOAD_NAME", "snappass"),
            ("JUJU_NOTICE_ID", id.as_str()),
            ("JUJU_NOTICE_TYPE", "custom"),
            ("JUJU_NOTICE_KEY", KEY_ROTATED),
        ],
    );
    assert_eq!(code, 0, "{:?}", tools.state().logs);
    let after = block_on(setup.snappass.client().services(&["snappass"])).unwrap();
    assert!(after[0].is_running());
    assert_ne!(after[0].current_since, before[0].current_since, "restarted");
    let memo: Memo = serde_json::from_str(&tools.state().state["memo"]).unwrap();
    assert_eq!(memo.last_rotation, Some(id));
}

/// The `dispatch` binary for `hook` with fake hook tools, the charm directory of `setup`
/// and the containers `containers`.
fn dispatch_binary(
    setup: &Setup,
    fake: &FakeHookTools,
    hook: &str,
    containers: &Path,
) -> Vec<RecordedCall> {
    let before = fake.calls().unwrap().len();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_snappass"));
    command.env_clear();
    if let Some(workload) = hook.strip_suffix("-pebble-ready") {
        command.env("JUJU_WORKLOAD_NAME", workload);
    }
    let output = command
        .env("PATH", fake.path_env())
        .env("JUJU_DISPATCH_PATH", format!("hooks/{hook}"))
        .env("JUJU_HOOK_NAME", hook)
        .env("JUJU_UNIT_NAME", "snappass/0")
        .env("JUJU_MODEL_NAME", "test")
        .env("JUJU_VERSION", "3.6.8")
        .env("JUJU_CHARM_DIR", setup.charm_dir())
        .env(CONTAINERS_DIR_VAR, containers)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{hook}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    fake.calls().unwrap().split_off(before)
}

fn status_sets(calls: &[RecordedCall]) -> Vec<Vec<String>> {
    calls
        .iter()
        .filter(|c| c.tool == "status-set")
        .map(|c| c.args.clone())
        .collect()
}

#[test]
fn the_binary_sets_the_status_once_per_dispatch_and_not_when_unchanged() {
    let Some(setup) = Setup::new() else { return };
    let fake = FakeHookTools::install(setup.scratch.path().join("tools")).unwrap();
    fake.respond("config-get", r#"{"port": 5000}"#).unwrap();
    fake.respond("relation-ids", "[]").unwrap();
    let both = setup.containers(&["redis", "snappass"]);
    let redis_only = setup.containers(&["redis"]);

    let calls = dispatch_binary(&setup, &fake, "redis-pebble-ready", &both);
    assert_eq!(status_sets(&calls), [["active", "--", ""]]);

    let calls = dispatch_binary(&setup, &fake, "config-changed", &both);
    assert_eq!(status_sets(&calls), Vec::<Vec<String>>::new(), "unchanged");

    let calls = dispatch_binary(&setup, &fake, "update-status", &both);
    let tools: Vec<&str> = calls.iter().map(|c| c.tool.as_str()).collect();
    assert_eq!(
        tools,
        Vec::<&str>::new(),
        "a steady no-op dispatch calls no tool"
    );

    let calls = dispatch_binary(&setup, &fake, "config-changed", &redis_only);
    assert_eq!(
        status_sets(&calls),
        [["waiting", "--", "waiting for the snappass container"]]
    );
    let calls = dispatch_binary(&setup, &fake, "snappass-pebble-ready", &both);
    assert_eq!(status_sets(&calls), [["active", "--", ""]]);
}
