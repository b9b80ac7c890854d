//! The health-check charm against a real Pebble, with in-memory hook tools.
//!
//! The site root is a scratch directory and the port a free one; the tests drive the exec
//! check `content` down and up again instead of waiting for its 10 s period: with
//! `refresh_check` where Pebble has it (v1.20.0; each refresh is one probe, so three failing
//! ones reach the default threshold), and on the older Pebbles of Juju 3.6.0 to 3.6.12 by
//! giving the check a 100 ms period.

// Test helpers: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use charm_runtime::container::CONTAINERS_DIR_VAR;
use charm_runtime::hook_tools::StatusKind;
use charm_runtime::layer::Layer;
use charm_runtime::pebble::checks::CheckStatus;
use charm_runtime::testing::{MemoryTools, PebbleFeature};
use charm_runtime::{dispatch, handler};
use charm_tests::RealPebble;
use health_check::HealthCheck;

/// Runs the charm for `hook` (and `check`) with the containers' sockets in `containers`.
fn run(hook: &str, check: Option<&str>, tools: &Arc<MemoryTools>, containers: &Path) -> u8 {
    let vars = |name: &str| match name {
        "JUJU_DISPATCH_PATH" => Some(format!("hooks/{hook}")),
        "JUJU_UNIT_NAME" => Some("web/0".to_owned()),
        "JUJU_WORKLOAD_NAME" if hook.starts_with("web-") => Some("web".to_owned()),
        "JUJU_PEBBLE_CHECK_NAME" => check.map(str::to_owned),
        n if n == CONTAINERS_DIR_VAR => Some(containers.display().to_string()),
        _ => None,
    };
    dispatch::run_with(&vars, tools.clone(), handler::dispatch_to::<HealthCheck>)
}

/// A real Pebble listening as the `web` container.
macro_rules! web_pebble {
    () => {
        charm_tests::pebble_or_skip!(charm_tests::RealPebble::builder().container("web"))
    };
}

fn block_on<T>(future: impl IntoFuture<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future.into_future())
}

fn tools(port: u16, root: &Path) -> Arc<MemoryTools> {
    let tools = Arc::new(MemoryTools::new());
    tools.update(|s| {
        s.config = serde_json::json!({"port": port, "site-root": root})
            .as_object()
            .unwrap()
            .clone();
    });
    tools
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Probes `name` until Pebble reports `want`: with `refresh_check` where Pebble has it (at
/// most ten probes); on a Pebble without it, which probes only on the check's period, by
/// making that period 100 ms and waiting (20 s at most).
fn probe_until(pebble: &RealPebble, name: &str, want: CheckStatus) {
    let client = pebble.client();
    if pebble.pebble_version().has(PebbleFeature::ChecksRefresh) {
        for _ in 0..10 {
            let refreshed = block_on(client.refresh_check(name)).unwrap();
            if refreshed.info.status == want {
                return;
            }
        }
        panic!("check {name} never became {want:?}");
    }
    let often = Layer::from_yaml(&format!(
        "checks:\n  {name}:\n    override: merge\n    period: 100ms\n"
    ))
    .unwrap();
    block_on(client.add_layer("probe-often", &often).combine(true)).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let info = block_on(client.check(name)).unwrap().unwrap();
        if info.status == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "check {name} never became {want:?}: {info:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn status(tools: &MemoryTools) -> (StatusKind, String) {
    let status = tools.state().unit_status;
    (status.kind, status.message)
}

#[test]
fn pebble_ready_adds_the_service_and_its_checks() {
    let pebble = web_pebble!();
    let root = tempfile::tempdir().unwrap();
    let port = free_port();
    let tools = tools(port, root.path());

    assert_eq!(
        run("web-pebble-ready", None, &tools, &pebble.containers_dir()),
        0,
        "{:?}",
        tools.state().logs
    );

    assert_eq!(status(&tools), (StatusKind::Active, String::new()));
    let plan = block_on(pebble.client().plan()).unwrap();
    let web = &plan.services["web"];
    assert_eq!(
        web.command,
        format!(
            "python3 -m http.server {port} --directory {}",
            root.path().display()
        )
    );
    assert_eq!(
        plan.checks["listening"].tcp.as_ref().unwrap().port,
        Some(port)
    );
    assert_eq!(
        plan.checks["up"].http.as_ref().unwrap().url,
        format!("http://localhost:{port}/")
    );
    let checks = block_on(pebble.client().checks()).unwrap();
    let mut names: Vec<_> = checks.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["content", "listening", "up"]);
}

#[test]
fn a_failing_exec_check_blocks_and_its_recovery_unblocks() {
    let pebble = web_pebble!();
    let root = tempfile::tempdir().unwrap();
    let tools = tools(free_port(), root.path());
    assert_eq!(
        run("web-pebble-ready", None, &tools, &pebble.containers_dir()),
        0
    );

    probe_until(&pebble, "content", CheckStatus::Down);
    assert_eq!(
        run(
            "web-pebble-check-failed",
            Some("content"),
            &tools,
            &pebble.containers_dir()
        ),
        0
    );
    assert_eq!(
        status(&tools),
        (StatusKind::Blocked, "failing checks: content".to_owned())
    );

    std::fs::write(root.path().join("index.html"), "<h1>hello</h1>").unwrap();
    probe_until(&pebble, "content", CheckStatus::Up);
    assert_eq!(
        run(
            "web-pebble-check-recovered",
            Some("content"),
            &tools,
            &pebble.containers_dir()
        ),
        0
    );
    assert_eq!(status(&tools), (StatusKind::Active, String::new()));
}

#[test]
fn a_failed_event_for_a_check_that_recovered_since_reports_active() {
    let pebble = web_pebble!();
    let root = tempfile::tempdir().unwrap();
    let tools = tools(free_port(), root.path());
    assert_eq!(
        run("web-pebble-ready", None, &tools, &pebble.containers_dir()),
        0
    );
    probe_until(&pebble, "content", CheckStatus::Down);
    std::fs::write(root.path().join("index.html"), "<h1>hello</h1>").unwrap();
    probe_until(&pebble, "content", CheckStatus::Up);

    // Juju runs check-failed after the check has already passed again.
    assert_eq!(
        run(
            "web-pebble-check-failed",
            Some("content"),
            &tools,
            &pebble.containers_dir()
        ),
        0
    );

    assert_eq!(status(&tools), (StatusKind::Active, String::new()));
}
