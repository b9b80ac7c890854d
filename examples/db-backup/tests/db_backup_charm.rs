//! The db-backup charm against a real Pebble, with in-memory hook tools.
//!
//! The layer's command is `postgres -D <data-dir>`: the tests put a stand-in `postgres` first
//! on the daemon's `PATH` (it holds `postmaster.pid` in the data directory while it runs, as
//! PostgreSQL does) and point `data-dir` at a scratch directory. `tar` is the real one.

// Test helpers: failing loudly is the point.
#![allow(clippy::unwrap_used)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use charm_runtime::container::CONTAINERS_DIR_VAR;
use charm_runtime::hook_tools::StatusKind;
use charm_runtime::testing::MemoryTools;
use charm_runtime::{dispatch, handler};
use charm_tests::RealPebble;
use db_backup::DbBackup;

const POSTGRES: &str = r#"#!/bin/sh
touch "$2/postmaster.pid"
trap 'rm -f "$2/postmaster.pid"; exit 0' TERM
sleep 600 &
wait $!
"#;

struct Setup {
    scratch: tempfile::TempDir,
    pebble: RealPebble,
    tools: Arc<MemoryTools>,
}

impl Setup {
    /// A Pebble with the stand-in `postgres`, a data directory with one file, and the charm
    /// configured for it. `None` when no Pebble is installed.
    fn new() -> Option<Self> {
        let scratch = tempfile::tempdir().unwrap();
        let bin = scratch.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::write(bin.join("postgres"), POSTGRES).unwrap();
        std::fs::set_permissions(bin.join("postgres"), std::fs::Permissions::from_mode(0o755))
            .unwrap();
        let data = scratch.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::write(data.join("PG_VERSION"), "16\n").unwrap();
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let pebble = RealPebble::builder()
            .container("db")
            .env("PATH", &path)
            .start()?;
        let tools = Arc::new(MemoryTools::new());
        tools.update(|s| {
            s.config = serde_json::json!({"data-dir": data})
                .as_object()
                .unwrap()
                .clone();
        });
        Some(Self {
            scratch,
            pebble,
            tools,
        })
    }

    fn path(&self, name: &str) -> PathBuf {
        self.scratch.path().join(name)
    }

    fn run(&self, vars: &[(&str, &str)]) -> u8 {
        let charm_dir = self.path("charm");
        let containers = self.pebble.containers_dir();
        let lookup = |name: &str| match name {
            "JUJU_UNIT_NAME" => Some("db/0".to_owned()),
            "JUJU_CHARM_DIR" => Some(charm_dir.display().to_string()),
            n if n == CONTAINERS_DIR_VAR => Some(containers.display().to_string()),
            _ => vars
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned()),
        };
        dispatch::run_with(
            &lookup,
            self.tools.clone(),
            handler::dispatch_to::<DbBackup>,
        )
    }

    fn pebble_ready(&self) {
        let code = self.run(&[
            ("JUJU_DISPATCH_PATH", "hooks/db-pebble-ready"),
            ("JUJU_WORKLOAD_NAME", "db"),
        ]);
        assert_eq!(code, 0, "{:?}", self.tools.state().logs);
        assert!(self.db_running());
    }

    fn backup(&self, params: serde_json::Value) -> u8 {
        self.tools.update(|s| {
            s.action_params = params.as_object().unwrap().clone();
        });
        self.run(&[
            ("JUJU_DISPATCH_PATH", "actions/backup"),
            ("JUJU_ACTION_NAME", "backup"),
            ("JUJU_ACTION_UUID", "1"),
        ])
    }

    fn db_running(&self) -> bool {
        let services = block_on(self.pebble.client().services(&["db"])).unwrap();
        services.iter().any(|s| s.is_running())
    }
}

fn block_on<T>(future: impl IntoFuture<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future.into_future())
}

fn tar_listing(archive: &Path) -> String {
    let out = Command::new("tar")
        .arg("-tzf")
        .arg(archive)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn backup_stops_the_db_archives_it_and_starts_it_again() {
    let Some(setup) = Setup::new() else { return };
    setup.pebble_ready();
    let archive = setup.path("backup.tar.gz");
    assert!(
        setup.path("data/postmaster.pid").exists(),
        "{}",
        setup.pebble.log()
    );

    let code = setup.backup(serde_json::json!({"path": archive, "compress": true}));

    let state = setup.tools.state();
    assert_eq!(code, 0, "{:?}", state.logs);
    assert_eq!(state.action_failure, None);
    let size = std::fs::metadata(&archive).unwrap().len();
    assert_eq!(state.action_results["path"], archive.display().to_string());
    assert_eq!(state.action_results["size"], size.to_string());
    let listing = tar_listing(&archive);
    assert!(listing.contains("./PG_VERSION"), "{listing}");
    // The archive was taken while the database was stopped.
    assert!(!listing.contains("postmaster.pid"), "{listing}");
    assert_eq!(state.action_logs[0], "stopping db");
    assert_eq!(state.action_logs.last().unwrap(), "db started again");
    assert!(setup.db_running());
}

#[test]
fn a_failed_archive_fails_the_action_with_its_stderr() {
    let Some(setup) = Setup::new() else { return };
    setup.pebble_ready();
    // tar fails: the data directory does not exist.
    setup.tools.update(|s| {
        s.config = serde_json::json!({"data-dir": "/nonexistent/data"})
            .as_object()
            .unwrap()
            .clone();
    });

    let code = setup.backup(serde_json::json!({"path": setup.path("b.tar"), "compress": false}));

    let state = setup.tools.state();
    assert_eq!(code, 0, "{:?}", state.logs);
    let failure = state.action_failure.unwrap();
    assert!(failure.contains("exited with code 2"), "{failure}");
    assert!(failure.contains("/nonexistent/data"), "{failure}");
    assert!(state.action_results.is_empty());
    assert!(
        setup.db_running(),
        "the db is started again after a failed backup"
    );
}

#[test]
fn backup_done_notice_copies_the_backup_into_the_charm() {
    let Some(setup) = Setup::new() else { return };
    let backup = setup.path("nightly.tar");
    std::fs::write(&backup, "a backup").unwrap();
    let id = block_on(
        setup
            .pebble
            .client()
            .notify("example.com/db/backup-done")
            .data("path", backup.display().to_string()),
    )
    .unwrap();

    let code = setup.run(&[
        ("JUJU_DISPATCH_PATH", "hooks/db-pebble-custom-notice"),
        ("JUJU_WORKLOAD_NAME", "db"),
        ("JUJU_NOTICE_ID", id.as_str()),
        ("JUJU_NOTICE_TYPE", "custom"),
        ("JUJU_NOTICE_KEY", "example.com/db/backup-done"),
    ]);

    assert_eq!(code, 0, "{:?}", setup.tools.state().logs);
    let copied = setup.path("charm/backups/nightly.tar");
    assert_eq!(std::fs::read_to_string(copied).unwrap(), "a backup");
    let status = setup.tools.state().unit_status;
    assert_eq!(status.kind, StatusKind::Active);
    assert_eq!(status.message, format!("backed up {}", backup.display()));
}

#[test]
fn other_notices_are_ignored() {
    let Some(setup) = Setup::new() else { return };
    let code = setup.run(&[
        ("JUJU_DISPATCH_PATH", "hooks/db-pebble-custom-notice"),
        ("JUJU_WORKLOAD_NAME", "db"),
        ("JUJU_NOTICE_ID", "1"),
        ("JUJU_NOTICE_TYPE", "custom"),
        ("JUJU_NOTICE_KEY", "example.com/db/other"),
    ]);
    assert_eq!(code, 0);
    assert!(setup.tools.calls().is_empty(), "{:?}", setup.tools.calls());
}
