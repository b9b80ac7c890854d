//! `Client::exec` against a real Pebble: output, input, options, errors, signals, timeouts.

// Test helpers: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use charm_runtime::pebble::{ChangeStatus, Error};
use charm_tests::io::{SharedBuf, pattern};
use charm_tests::pebble_or_skip;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "current_thread")]
async fn echo_output_is_collected() {
    let pebble = pebble_or_skip!();
    let process = pebble
        .client()
        .exec(["echo", "hello", "world"])
        .await
        .unwrap();
    assert!(!process.task_id().is_empty());
    assert_eq!(process.command(), ["echo", "hello", "world"]);
    let output = process.wait_output().await.unwrap();
    assert_eq!(output.stdout, b"hello world\n");
    assert!(output.stderr.is_empty());
}

#[tokio::test(flavor = "current_thread")]
async fn stdin_bytes_reach_the_command() {
    let pebble = pebble_or_skip!();
    let output = pebble
        .client()
        .exec(["tr", "a-z", "A-Z"])
        .stdin("This is\na test\n")
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap();
    assert_eq!(output.stdout, b"THIS IS\nA TEST\n");
}

#[tokio::test(flavor = "current_thread")]
async fn unclaimed_stdin_is_closed_so_cat_finishes() {
    let pebble = pebble_or_skip!();
    let output = tokio::time::timeout(Duration::from_secs(10), async {
        pebble
            .client()
            .exec(["cat"])
            .await
            .unwrap()
            .wait_output()
            .await
    })
    .await
    .expect("cat waited for stdin")
    .unwrap();
    assert!(output.stdout.is_empty());
}

#[tokio::test(flavor = "current_thread")]
async fn streamed_stdin_from_a_reader_round_trips_through_cat() {
    let pebble = pebble_or_skip!();
    let data = pattern(8 << 20);
    let output = pebble
        .client()
        .exec(["cat"])
        .stdin_reader(std::io::Cursor::new(data.clone()))
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap();
    assert_eq!(output.stdout.len(), data.len());
    assert!(output.stdout == data, "cat output differs from its input");
}

#[tokio::test(flavor = "current_thread")]
async fn stderr_is_separate_by_default_and_combined_on_request() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let script = "echo out; echo err >&2";
    let split = client
        .exec(["sh", "-c", script])
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap();
    assert_eq!(split.stdout, b"out\n");
    assert_eq!(split.stderr, b"err\n");

    let mut process = client
        .exec(["sh", "-c", "echo out; sleep 0.1; echo err >&2"])
        .combine_stderr(true)
        .await
        .unwrap();
    assert!(
        process.take_stderr().is_none(),
        "no stderr stream when combined"
    );
    let combined = process.wait_output().await.unwrap();
    assert_eq!(combined.stdout, b"out\nerr\n");
    assert!(combined.stderr.is_empty());
}

#[tokio::test(flavor = "current_thread")]
async fn environment_is_added() {
    let pebble = pebble_or_skip!();
    let output = pebble
        .client()
        .exec(["sh", "-c", "echo $FOO-$BAR-$BAZ"])
        .environment([("FOO", "foo"), ("BAR", "bar")])
        .env("BAZ", "baz")
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap();
    assert_eq!(output.stdout, b"foo-bar-baz\n");
}

#[tokio::test(flavor = "current_thread")]
async fn working_dir_is_used() {
    let pebble = pebble_or_skip!();
    let dir = pebble.scratch();
    let output = pebble
        .client()
        .exec(["pwd"])
        .working_dir(dir.to_str().unwrap())
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap().trim_end(),
        dir.to_str().unwrap()
    );
}

#[tokio::test(flavor = "current_thread")]
async fn missing_working_dir_is_an_api_error() {
    let pebble = pebble_or_skip!();
    let err = pebble
        .client()
        .exec(["pwd"])
        .working_dir("/no/such/dir")
        .await
        .unwrap_err();
    match err {
        Error::Api {
            status, message, ..
        } => {
            assert_eq!(status, 500);
            assert!(message.contains("/no/such/dir"), "{message}");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn user_id_runs_as_that_user() {
    let pebble = pebble_or_skip!();
    let output = pebble
        .client()
        .exec(["id", "-u"])
        .user_id(65534)
        .group_id(65534)
        .working_dir("/")
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap();
    assert_eq!(output.stdout, b"65534\n");
}

#[tokio::test(flavor = "current_thread")]
async fn timeout_kills_the_command_with_a_typed_error() {
    let pebble = pebble_or_skip!();
    let started = Instant::now();
    let err = pebble
        .client()
        .exec(["sleep", "10"])
        .timeout(Duration::from_secs(1))
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    match err {
        Error::Change { change } => {
            assert_eq!(change.status, ChangeStatus::Error);
            assert!(
                change
                    .err
                    .as_deref()
                    .unwrap_or_default()
                    .contains("timed out"),
                "{change:?}"
            );
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn timeout_holds_for_a_command_that_ignores_sigterm() {
    let pebble = pebble_or_skip!();
    let started = Instant::now();
    // The shell ignores SIGTERM, and its child keeps the output pipes open after Pebble
    // SIGKILLs the shell, so Pebble cannot finish the change in time: the client gives up.
    let err = pebble
        .client()
        .exec([
            "sh",
            "-c",
            "trap '' TERM; echo started; sleep 5; echo never",
        ])
        .timeout(Duration::from_secs(1))
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(6), "took {elapsed:?}");
    match &err {
        Error::Change { change } => {
            assert!(
                change
                    .err
                    .as_deref()
                    .unwrap_or_default()
                    .contains("timed out"),
                "{change:?}"
            )
        }
        Error::Timeout { after, what } => {
            // The time actually waited: the command's timeout and the margins, at most.
            assert!(
                *after >= Duration::from_secs(1) && *after <= elapsed,
                "{after:?}"
            );
            assert!(what.contains("sleep 5"), "{what}");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn sigterm_gives_exit_code_143() {
    let pebble = pebble_or_skip!();
    let mut process = pebble.client().exec(["sleep", "10"]).await.unwrap();
    let started = Instant::now();
    process.send_signal("SIGTERM").await.unwrap();
    let err = process.wait().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    match err {
        Error::Exec(e) => {
            assert_eq!(e.exit_code, 143);
            assert_eq!(e.command, ["sleep", "10"]);
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn non_zero_exit_is_an_exec_error_with_both_outputs() {
    let pebble = pebble_or_skip!();
    let err = pebble
        .client()
        .exec(["sh", "-c", "echo out; echo err >&2; exit 3"])
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap_err();
    let message = err.to_string();
    match err {
        Error::Exec(e) => {
            assert_eq!(e.exit_code, 3);
            assert_eq!(e.stdout, b"out\n");
            assert_eq!(e.stderr, b"err\n");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(message.contains("exited with code 3"), "{message}");
    assert!(message.ends_with("stderr: err"), "{message}");
}

#[tokio::test(flavor = "current_thread")]
async fn wait_reports_the_stderr_tail_and_wait_exit_code_does_not_fail() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let script = "echo out; echo err >&2; exit 3";
    match client
        .exec(["sh", "-c", script])
        .await
        .unwrap()
        .wait()
        .await
    {
        Err(Error::Exec(e)) => {
            assert_eq!(e.exit_code, 3);
            assert_eq!(e.stderr, b"err\n");
        }
        other => panic!("unexpected {other:?}"),
    }
    let code = client
        .exec(["sh", "-c", script])
        .await
        .unwrap()
        .wait_exit_code()
        .await
        .unwrap();
    assert_eq!(code, 3);
    let code = client
        .exec(["true"])
        .await
        .unwrap()
        .wait_exit_code()
        .await
        .unwrap();
    assert_eq!(code, 0);
}

#[tokio::test(flavor = "current_thread")]
async fn missing_executable_is_an_api_400() {
    let pebble = pebble_or_skip!();
    let err = pebble
        .client()
        .exec(["no-such-command-xyz"])
        .await
        .unwrap_err();
    match err {
        Error::Api {
            status, message, ..
        } => {
            assert_eq!(status, 400);
            assert!(message.contains("no-such-command-xyz"), "{message}");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn writers_receive_stdout_and_stderr() {
    let pebble = pebble_or_skip!();
    let out = SharedBuf::default();
    let err = SharedBuf::default();
    pebble
        .client()
        .exec(["sh", "-c", "echo out; echo err >&2"])
        .stdout_writer(out.clone())
        .stderr_writer(err.clone())
        .await
        .unwrap()
        .wait()
        .await
        .unwrap();
    assert_eq!(out.contents(), b"out\n");
    assert_eq!(err.contents(), b"err\n");
}

#[tokio::test(flavor = "current_thread")]
async fn user_and_group_names_are_resolved() {
    let pebble = pebble_or_skip!();
    let output = pebble
        .client()
        .exec(["sh", "-c", "id -un; id -gn"])
        .user("nobody")
        .group("nogroup")
        .working_dir("/")
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap();
    assert_eq!(output.stdout, b"nobody\nnogroup\n");
}

#[tokio::test(flavor = "current_thread")]
async fn service_context_supplies_environment_and_working_dir() {
    let pebble = pebble_or_skip!(charm_tests::RealPebble::builder().layer(
        "001-base.yaml",
        "services:\n  db:\n    override: replace\n    command: sleep 1000\n    environment:\n      FROM_SERVICE: db-env\n      SHARED: service\n    working-dir: /tmp\n",
    ));
    let output = pebble
        .client()
        .exec(["sh", "-c", "echo $FROM_SERVICE $SHARED; pwd"])
        .service_context("db")
        .env("SHARED", "exec")
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap();
    assert_eq!(output.stdout, b"db-env exec\n/tmp\n");
}

#[tokio::test(flavor = "current_thread")]
async fn unknown_service_context_is_an_api_400() {
    let pebble = pebble_or_skip!();
    let err = pebble
        .client()
        .exec(["true"])
        .service_context("nope")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 400, .. }), "{err:?}");
}
