//! `cargo charm run` drives every example through a sequence of events in one run, against
//! real Pebbles, with the hook tools answered by `cargo charm` itself; the reports are
//! checked as JSON, and the pause example's human report against a snapshot.
//!
//! The workloads' commands are stand-ins put first on the `PATH` that `cargo charm run`
//! (and so its Pebbles) inherits: this machine has no google/pause, PostgreSQL or MyApp.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use support::{assert_success, pebble, target_dir, text, workspace};

/// A scratch directory with stand-in workload commands in `bin/`.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new(commands: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        for (name, script) in commands {
            std::fs::write(bin.join(name), script).unwrap();
            std::fs::set_permissions(bin.join(name), std::fs::Permissions::from_mode(0o755))
                .unwrap();
        }
        Self { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `cargo charm run ARGS` from the workspace root, with the stand-ins on `PATH`.
    fn run(&self, pebble: &Path, args: &[&str]) -> Output {
        let path = format!(
            "{}:{}",
            self.path("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        Command::new(env!("CARGO_BIN_EXE_cargo-charm"))
            .args(["charm", "run", "--pebble"])
            .arg(pebble)
            .args(args)
            .current_dir(workspace())
            .env("CARGO_TARGET_DIR", target_dir())
            .env("PATH", path)
            .output()
            .unwrap()
    }
}

/// The JSON reports, one per event.
fn reports(output: &Output) -> Vec<Value> {
    assert_success(output, "cargo charm run");
    text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn container<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["containers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap()
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn pause_runs_install_pebble_ready_and_config_changed_twice() {
    let Some(pebble) = pebble() else { return };
    let scratch = Scratch::new(&[]);
    let args = [
        "-p",
        "pause",
        "--config",
        "command=sleep 3600",
        "install",
        "pebble-ready",
        "config-changed",
        "timeout=30",
        "config-changed",
    ];
    let output = scratch.run(&pebble, &args);
    assert_success(&output, "cargo charm run");
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("Starting pebble for container pause"),
        "{stderr}"
    );
    expect_test::expect_file!["snapshots/run_pause.txt"].assert_eq(&text(&output.stdout));

    let json: Vec<&str> = ["--format", "json"].into_iter().chain(args).collect();
    let reports = reports(&scratch.run(&pebble, &json));
    assert_eq!(reports.len(), 4);
    let paths: Vec<&str> = reports
        .iter()
        .map(|r| r["dispatch_path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "hooks/install",
            "hooks/pause-pebble-ready",
            "hooks/config-changed",
            "hooks/config-changed"
        ]
    );
    assert!(reports.iter().all(|r| r["exit_code"] == 0));
    let pause = |i: usize| container(&reports[i], "pause");
    assert_eq!(pause(0)["services"], serde_json::json!([]));
    assert_eq!(strings(&pause(1)["services"]), ["pause enabled active"]);
    assert!(
        pause(1)["plan"]
            .as_str()
            .unwrap()
            .contains("TIMEOUT: \"60\"")
    );
    assert_eq!(pause(2)["changes"][0]["kind"], "replan");
    assert!(
        pause(2)["plan"]
            .as_str()
            .unwrap()
            .contains("TIMEOUT: \"30\"")
    );
    // The second config-changed finds the plan as it should be: nothing to do.
    assert_eq!(pause(3)["changes"], serde_json::json!([]));
    assert_eq!(pause(3)["plan_changed"], false);
    assert_eq!(reports[3]["unit_status"]["status"], "active");
}

#[test]
fn a_state_directory_keeps_the_unit_and_its_pebble_between_runs() {
    let Some(pebble) = pebble() else { return };
    let scratch = Scratch::new(&[]);
    let state = scratch.path("state");
    let state_arg = state.to_str().unwrap();
    let first = [
        "-p",
        "pause",
        "--format",
        "json",
        "--state-dir",
        state_arg,
        "--config",
        "command=sleep 3600",
        "pebble-ready",
    ];
    let first = reports(&scratch.run(&pebble, &first));
    assert_eq!(first[0]["unit_status"]["status"], "active");
    let second = scratch.run(
        &pebble,
        &[
            "-p",
            "pause",
            "--format",
            "json",
            "--state-dir",
            state_arg,
            "--stop",
            "config-changed",
            "timeout=5",
        ],
    );
    let stderr = text(&second.stderr);
    let second = reports(&second);
    assert!(
        stderr.contains("Reusing pebble for container pause"),
        "{stderr}"
    );
    // The same Pebble: its second change, and the config kept from the first run.
    let pause = container(&second[0], "pause");
    assert_eq!(pause["changes"][0]["id"], "2");
    let plan = pause["plan"].as_str().unwrap();
    assert!(
        plan.contains("command: sleep 3600") && plan.contains("TIMEOUT: \"5\""),
        "{plan}"
    );
    let saved: Value =
        serde_json::from_slice(&std::fs::read(state.join("state.json")).unwrap()).unwrap();
    assert_eq!(saved["config"]["timeout"], "5");
    assert!(!state.join("pebble/pause/cargo-charm.pid").exists());
}

const POSTGRES: &str = "#!/bin/sh\ntouch \"$2/postmaster.pid\"\ntrap 'rm -f \"$2/postmaster.pid\"; exit 0' TERM\nsleep 600 &\nwait $!\n";

#[test]
fn db_backup_runs_an_action_with_parameters_and_a_custom_notice() {
    let Some(pebble) = pebble() else { return };
    let scratch = Scratch::new(&[("postgres", POSTGRES)]);
    let data = scratch.path("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("PG_VERSION"), "16\n").unwrap();
    let archive = scratch.path("db.tar.gz");
    let done = scratch.path("done.tar");
    std::fs::write(&done, "a workload's own backup").unwrap();
    let state = scratch.path("state");
    let output = scratch.run(
        &pebble,
        &[
            "-p",
            "db-backup",
            "--format",
            "json",
            "--state-dir",
            state.to_str().unwrap(),
            "--stop",
            "--config",
            &format!("data-dir={}", data.display()),
            "pebble-ready:db",
            "action:backup",
            &format!("path={}", archive.display()),
            "compress=true",
            "custom-notice:db:example.com/db/backup-done",
            &format!("path={}", done.display()),
        ],
    );
    let reports = reports(&output);
    assert_eq!(
        strings(&container(&reports[0], "db")["services"]),
        ["db enabled active"]
    );
    let action = &reports[1]["action"];
    assert_eq!(reports[1]["dispatch_path"], "actions/backup");
    assert_eq!(action["results"]["path"], archive.to_str().unwrap());
    assert_eq!(
        strings(&action["logs"]),
        [
            "stopping db".to_owned(),
            format!("archiving {} to {}", data.display(), archive.display()),
            "db started again".to_owned()
        ]
    );
    // compress=true reached the charm as a boolean: the archive is gzip.
    let bytes = std::fs::read(&archive).unwrap();
    assert_eq!(&bytes[..2], [0x1f, 0x8b]);
    assert_eq!(action["results"]["size"], bytes.len().to_string());
    let kinds: Vec<&str> = container(&reports[1], "db")["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["stop", "exec", "start"]);
    // The notice handler pulled the file the notice names into the charm directory.
    assert_eq!(reports[2]["dispatch_path"], "hooks/db-pebble-custom-notice");
    let message = format!("backed up {}", done.display());
    assert_eq!(reports[2]["unit_status"]["message"], message.as_str());
    let copied = state.join("charm/backups/done.tar");
    assert_eq!(
        std::fs::read_to_string(copied).unwrap(),
        "a workload's own backup"
    );
}

#[test]
fn health_check_runs_a_relation_joined_and_a_check_failed() {
    let Some(pebble) = pebble() else { return };
    let scratch = Scratch::new(&[]);
    let site = scratch.path("site");
    std::fs::create_dir_all(&site).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
        .to_string();
    let output = scratch.run(
        &pebble,
        &[
            "-p",
            "health-check",
            "--format",
            "json",
            "--config",
            &format!("port={port}"),
            "--config",
            &format!("site-root={}", site.display()),
            "pebble-ready:web",
            "relation-joined:website/browser/0",
            "check-failed:web:content",
        ],
    );
    let reports = reports(&output);
    let web = container(&reports[0], "web");
    assert_eq!(strings(&web["services"]), ["web enabled active"]);
    let checks = strings(&web["checks"]);
    let names: Vec<&str> = checks
        .iter()
        .map(|c| c.split(' ').next().unwrap())
        .collect();
    assert_eq!(names, ["content", "listening", "up"], "{checks:?}");
    assert_eq!(
        reports[1]["relation_data"],
        serde_json::json!([{"relation": "website:0", "bag": "health-check/0", "data": {"port": port}}])
    );
    assert_eq!(reports[2]["dispatch_path"], "hooks/web-pebble-check-failed");
    assert_eq!(reports[2]["exit_code"], 0);
    // The handler re-read the checks and reported what Pebble says about them.
    let status = &reports[2]["unit_status"];
    let down: Vec<&str> = strings(&container(&reports[2], "web")["checks"])
        .iter()
        .filter(|c| c.ends_with(" down"))
        .map(|_| "down")
        .collect();
    if down.is_empty() {
        assert_eq!(status["status"], "active", "{status}");
    } else {
        assert_eq!(status["status"], "blocked", "{status}");
    }
}

const MYAPP: &str = "#!/bin/sh\ntest -f \"$2\" || exit 1\nexec sleep 600\n";

#[test]
fn myapp_config_pushes_its_file_and_starts_the_service() {
    let Some(pebble) = pebble() else { return };
    let scratch = Scratch::new(&[("myapp", MYAPP)]);
    let file = scratch.path("etc/config.yaml");
    let output = scratch.run(
        &pebble,
        &[
            "-p",
            "myapp-config",
            "--format",
            "json",
            "--config",
            &format!("config-path={}", file.display()),
            "install",
            "pebble-ready",
        ],
    );
    let reports = reports(&output);
    assert_eq!(reports[1]["unit_status"]["message"], "service is running");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "Example configuration file for MyApp"
    );
    let myapp = container(&reports[1], "myapp");
    assert_eq!(strings(&myapp["services"]), ["myapp enabled active"]);
}

#[test]
fn mistakes_are_reported_with_what_charmcraft_yaml_declares() {
    let scratch = Scratch::new(&[]);
    let output = scratch.run(
        Path::new("/nonexistent/pebble"),
        &[
            "-p",
            "db-backup",
            "instal",
            "pebble-ready:web",
            "action:restore",
            "config-changed",
            "colour=red",
            "action:backup",
            "compress=maybe",
        ],
    );
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    for expected in [
        "\"instal\": unknown event; events: install, start",
        "\"pebble-ready:web\": no container \"web\" (declared in charmcraft.yaml:23: db)",
        "\"action:restore\": no action \"restore\" (declared in charmcraft.yaml:40: backup)",
        "config-changed: no config option \"colour\" (declared in charmcraft.yaml:34: data-dir)",
        "action:backup: parameter compress (charmcraft.yaml:47): \"maybe\" is not a boolean",
        "action:backup: action backup needs parameter path (charmcraft.yaml:44); add path=VALUE",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    assert!(!stderr.contains("Building"), "{stderr}");
    assert_eq!(stderr.matches("unknown event").count(), 1, "{stderr}");
}
