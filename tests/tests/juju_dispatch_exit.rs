//! The dispatch exit policy, observed by running a charm binary as a separate process with
//! fake hook tools on `PATH`.

// Test fixtures: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Output};

use charm_runtime::testing::{FakeHookTools, RecordedCall};

struct Run {
    output: Output,
    calls: Vec<RecordedCall>,
}

impl Run {
    fn code(&self) -> Option<i32> {
        self.output.status.code()
    }

    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    fn of(&self, tool: &str) -> Vec<&RecordedCall> {
        self.calls.iter().filter(|c| c.tool == tool).collect()
    }
}

/// Runs the charm with only the given variables (plus `PATH` with the fake tools).
fn run(outcome: &str, vars: &[(&str, &str)], setup: impl FnOnce(&FakeHookTools)) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let fake = FakeHookTools::install(dir.path().join("tools")).unwrap();
    setup(&fake);
    let output = Command::new(env!("CARGO_BIN_EXE_juju_exit_charm"))
        .env_clear()
        .env("PATH", fake.path_env())
        .env("CHARM_TEST_OUTCOME", outcome)
        .env("JUJU_UNIT_NAME", "web/0")
        .env("JUJU_MODEL_NAME", "prod")
        .env("JUJU_MODEL_UUID", "0b7a6c2e-8f1d-4c4e-9a3b-0e5f6a7b8c9d")
        .env("JUJU_VERSION", "3.6.8")
        .env("JUJU_CHARM_DIR", dir.path())
        .envs(vars.iter().copied())
        .current_dir(dir.path())
        .output()
        .unwrap();
    Run {
        output,
        calls: fake.calls().unwrap(),
    }
}

const CONFIG_CHANGED: &[(&str, &str)] = &[
    ("JUJU_DISPATCH_PATH", "hooks/config-changed"),
    ("JUJU_HOOK_NAME", "config-changed"),
];
const ACTION: &[(&str, &str)] = &[
    ("JUJU_DISPATCH_PATH", "actions/backup"),
    ("JUJU_HOOK_NAME", ""),
    ("JUJU_ACTION_NAME", "backup"),
    ("JUJU_ACTION_UUID", "4"),
];

#[test]
fn success_exits_zero() {
    let run = run("ok", CONFIG_CHANGED, |_| {});
    assert_eq!(run.code(), Some(0), "{}", run.stderr());
    assert_eq!(run.of("status-set")[0].argv(), ["active", "--", ""]);
    let logs = run.of("juju-log");
    assert_eq!(
        logs[0].argv(),
        [
            "--log-level",
            "INFO",
            "--",
            "handling event=hook config-changed"
        ]
    );
}

#[test]
fn a_handler_error_is_logged_at_error_and_exits_one() {
    let run = run("error", CONFIG_CHANGED, |_| {});
    assert_eq!(run.code(), Some(1));
    // The status set before the failure was sent (Juju keeps it).
    assert_eq!(
        run.of("status-set")[0].argv(),
        ["maintenance", "--", "half way"]
    );
    let logs = run.of("juju-log");
    assert_eq!(logs.len(), 1);
    assert_eq!(
        logs[0].argv(),
        [
            "--log-level",
            "ERROR",
            "--",
            "hook config-changed failed: the database is unreachable"
        ]
    );
    assert!(run.of("action-fail").is_empty());
    assert!(run.stderr().contains("the database is unreachable"));
}

#[test]
fn a_hook_tool_failure_reports_its_stderr() {
    let run = run("tool-error", CONFIG_CHANGED, |fake| {
        fake.fail("config-get", 2, "ERROR permission denied")
            .unwrap();
    });
    assert_eq!(run.code(), Some(1));
    assert_eq!(
        run.of("juju-log")[0].args[3],
        "hook config-changed failed: config-get failed: ERROR permission denied"
    );
}

#[test]
fn a_panic_is_caught_logged_and_exits_one() {
    let run = run("panic", CONFIG_CHANGED, |_| {});
    assert_eq!(run.code(), Some(1), "a panic must not abort with 101");
    assert_eq!(
        run.of("juju-log")[0].argv(),
        [
            "--log-level",
            "ERROR",
            "--",
            "hook config-changed failed: the handler panicked: index out of range"
        ]
    );
}

#[test]
fn an_action_error_calls_action_fail_and_writes_stderr() {
    let run = run("error", ACTION, |_| {});
    assert_eq!(run.code(), Some(1));
    let message = "action backup failed: the database is unreachable";
    assert_eq!(run.of("action-fail")[0].argv(), ["--", message]);
    assert_eq!(run.of("juju-log")[0].args[3], message);
    assert!(run.stderr().contains(message), "{}", run.stderr());
}

#[test]
fn an_action_panic_calls_action_fail() {
    let run = run("panic", ACTION, |_| {});
    assert_eq!(run.code(), Some(1));
    assert_eq!(
        run.of("action-fail")[0].argv(),
        [
            "--",
            "action backup failed: the handler panicked: index out of range"
        ]
    );
}

#[test]
fn action_logs_also_go_to_stderr() {
    let run = run("ok", ACTION, |_| {});
    assert_eq!(run.code(), Some(0));
    assert!(
        run.stderr().contains("INFO handling event=action backup"),
        "{}",
        run.stderr()
    );
}

#[test]
fn an_unknown_hook_is_a_no_op_exiting_zero() {
    let unknown = run(
        "error",
        &[
            ("JUJU_DISPATCH_PATH", "hooks/meter-status-changed"),
            ("JUJU_HOOK_NAME", "meter-status-changed"),
        ],
        |_| {},
    );
    assert_eq!(unknown.code(), Some(0), "{}", unknown.stderr());
    assert!(unknown.of("status-set").is_empty());
}

#[test]
fn a_missing_variable_is_named_and_exits_one() {
    let bad = run(
        "ok",
        &[
            ("JUJU_DISPATCH_PATH", "hooks/db-relation-changed"),
            ("JUJU_RELATION", "db"),
            ("JUJU_RELATION_ID", "db:x"),
        ],
        |_| {},
    );
    assert_eq!(bad.code(), Some(1));
    assert!(bad.of("status-set").is_empty());
    let logs = bad.of("juju-log");
    assert_eq!(logs[0].args[1], "ERROR");
    assert_eq!(
        logs[0].args[3],
        "cannot decode the event: environment variable JUJU_RELATION_ID has an invalid value \"db:x\": \"x\" is not a relation number"
    );

    let bare = run("ok", &[], |_| {});
    assert_eq!(bare.code(), Some(1));
    assert!(bare.of("juju-log")[0].args[3].contains("JUJU_DISPATCH_PATH is not set"));
}

#[test]
fn debug_sessions_copy_logs_to_stderr() {
    let quiet = run("ok", CONFIG_CHANGED, |_| {});
    assert!(!quiet.stderr().contains("handling"), "{}", quiet.stderr());
    let mut vars = CONFIG_CHANGED.to_vec();
    vars.push(("JUJU_DEBUG", "1"));
    let debug = run("ok", &vars, |_| {});
    assert_eq!(debug.code(), Some(0));
    assert!(
        debug
            .stderr()
            .contains("INFO handling event=hook config-changed"),
        "{}",
        debug.stderr()
    );
}

#[test]
fn a_huge_log_record_is_split_across_juju_log_calls() {
    let run = run("huge-log", CONFIG_CHANGED, |_| {});
    assert_eq!(run.code(), Some(0), "{}", run.stderr());
    let logs = run.of("juju-log");
    assert_eq!(logs.len(), 3);
    let total: usize = logs.iter().map(|c| c.args[3].len()).sum();
    assert_eq!(total, 300 * 1024);
    assert!(
        logs.iter()
            .all(|c| c.args[..3] == ["--log-level", "INFO", "--"])
    );
}
