//! Exec: output, input, exit codes, environment, working directory, timeouts and streams.

use std::time::Duration;

use charm_runtime::pebble::{ChangeStatus, Error};
use charm_runtime::testing::ExecResult;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

use super::{Backend, api_error, layer};

/// The command, exit code, stdout and stderr of an exit error (and fails on any other).
fn exit_error(err: Error) -> (Vec<String>, i32, String, String) {
    match err {
        Error::Exec(e) => (
            e.command.clone(),
            e.exit_code,
            String::from_utf8(e.stdout.clone()).unwrap(),
            String::from_utf8(e.stderr.clone()).unwrap(),
        ),
        other => panic!("expected an exit error, got {other:?}"),
    }
}

fn strings(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_owned()).collect()
}

/// Output, stdin, stderr and exit codes of commands.
pub async fn exec_output_stdin_and_exit_codes(b: &impl Backend) {
    b.expect_exec(&["echo"], |call| {
        ExecResult::ok(format!("{}\n", call.command[1..].join(" ")))
    });
    b.expect_exec(&["cat"], |call| ExecResult::ok(call.stdin.clone()));
    b.expect_exec(&["sh", "-c", "echo oops >&2; exit 3"], |_| {
        ExecResult::new(3).with_stderr("oops\n")
    });
    let client = b.client();

    let out = client
        .exec(["echo", "hello", "world"])
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap();
    assert_eq!(out.stdout, b"hello world\n");
    assert!(out.stderr.is_empty());

    let out = client
        .exec(["cat"])
        .stdin("from stdin")
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap();
    assert_eq!(out.stdout, b"from stdin");

    let err = client
        .exec(["sh", "-c", "echo oops >&2; exit 3"])
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap_err();
    match err {
        Error::Exec(e) => {
            assert_eq!(e.exit_code, 3);
            assert_eq!(e.stderr, b"oops\n");
        }
        other => panic!("expected an exit error, got {other:?}"),
    }
    let code = client
        .exec(["sh", "-c", "echo oops >&2; exit 3"])
        .await
        .unwrap()
        .wait_exit_code()
        .await
        .unwrap();
    assert_eq!(code, 3);

    // The exec change is done and records the exit code.
    let process = client.exec(["echo", "x"]).await.unwrap();
    let change_id = process.change_id().clone();
    process.wait().await.unwrap();
    let change = client.change(&change_id).await.unwrap();
    assert_eq!(change.kind, "exec");
    assert_eq!(change.status, ChangeStatus::Done);
    assert_eq!(change.summary, "Execute command \"echo\"");
}

/// A command that does not exist is refused when the exec starts.
pub async fn exec_of_a_missing_command_fails(b: &impl Backend) {
    let err = b.client().exec(["no-such-command-here"]).await.unwrap_err();
    assert_eq!(
        api_error(&err),
        (400, None, "cannot find executable \"no-such-command-here\"")
    );
}

/// A command sees its environment and working directory; combined output is one stream.
pub async fn exec_environment_working_dir_and_combined_output(b: &impl Backend) {
    b.expect_exec(&["printenv", "GREETING"], |call| {
        ExecResult::ok(format!("{}\n", call.environment["GREETING"]))
    });
    b.expect_exec(&["pwd"], |call| {
        ExecResult::ok(format!("{}\n", call.working_dir))
    });
    b.expect_exec(&["sh", "-c", "echo out; echo err >&2"], |_| {
        ExecResult::ok("out\n").with_stderr("err\n")
    });
    let client = b.client();
    let dir = b.scratch();
    let out = client
        .exec(["printenv", "GREETING"])
        .env("GREETING", "hello")
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap();
    assert_eq!(out.stdout, b"hello\n");
    let out = client
        .exec(["pwd"])
        .working_dir(&dir)
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{dir}\n"));
    let out = client
        .exec(["sh", "-c", "echo out; echo err >&2"])
        .combine_stderr(true)
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap();
    assert_eq!(out.stdout, b"out\nerr\n");
    assert!(out.stderr.is_empty());

    // A service context lends its environment and working directory; the request's win.
    let context = format!(
        "services:\n  ctx:\n    override: replace\n    command: sleep 1000\n    working-dir: {dir}\n    environment:\n      GREETING: from-service\n"
    );
    client.add_layer("ctx", &layer(&context)).await.unwrap();
    let out = client
        .exec(["printenv", "GREETING"])
        .service_context("ctx")
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap();
    assert_eq!(out.stdout, b"from-service\n");
    let out = client
        .exec(["printenv", "GREETING"])
        .service_context("ctx")
        .env("GREETING", "from-request")
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap();
    assert_eq!(out.stdout, b"from-request\n");
    let out = client
        .exec(["pwd"])
        .service_context("ctx")
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{dir}\n"));
    let err = client
        .exec(["pwd"])
        .service_context("nope")
        .await
        .unwrap_err();
    assert_eq!(
        api_error(&err),
        (400, None, "context service \"nope\" not found")
    );

    let err = client
        .exec(["pwd"])
        .working_dir(format!("{dir}/missing"))
        .await
        .unwrap_err();
    let (status, _, message) = api_error(&err);
    assert_eq!(status, 500);
    assert!(message.contains("working directory"), "{message}");
}

/// ops: `test_exec_wait` and `test_exec_wait_output`. Waiting succeeds for exit code 0 and
/// fails with the exit code otherwise; the output comes split into stdout and stderr, also
/// inside the error.
pub async fn exec_wait_and_wait_output(b: &impl Backend) {
    let both = "echo OUT; echo ERR >&2";
    let failing = "echo OUT; echo ERR >&2; exit 42";
    b.expect_exec(&["true"], |_| ExecResult::new(0));
    b.expect_exec(&["/bin/sh", "-c", "exit 42"], |_| ExecResult::new(42));
    b.expect_exec(&["/bin/sh", "-c", both], |_| {
        ExecResult::ok("OUT\n").with_stderr("ERR\n")
    });
    b.expect_exec(&["/bin/sh", "-c", failing], |_| {
        ExecResult::new(42)
            .with_stdout("OUT\n")
            .with_stderr("ERR\n")
    });
    let client = b.client();
    client.exec(["true"]).await.unwrap().wait().await.unwrap();
    let err = client
        .exec(["/bin/sh", "-c", "exit 42"])
        .await
        .unwrap()
        .wait()
        .await
        .unwrap_err();
    assert_eq!(
        exit_error(err),
        (
            strings(&["/bin/sh", "-c", "exit 42"]),
            42,
            String::new(),
            String::new()
        )
    );

    let out = client
        .exec(["/bin/sh", "-c", both])
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap();
    assert_eq!(
        (out.stdout.as_slice(), out.stderr.as_slice()),
        (&b"OUT\n"[..], &b"ERR\n"[..])
    );
    let err = client
        .exec(["/bin/sh", "-c", failing])
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap_err();
    assert_eq!(
        exit_error(err),
        (
            strings(&["/bin/sh", "-c", failing]),
            42,
            "OUT\n".to_owned(),
            "ERR\n".to_owned()
        )
    );
}

/// ops: `test_exec_send_stdin`. Stdin reaches the command, as text and as bytes.
pub async fn exec_sends_stdin(b: &impl Backend) {
    let upper = ["awk", "{ print toupper($0) }"];
    b.expect_exec(&upper, |call| {
        let text = String::from_utf8_lossy(&call.stdin);
        ExecResult::ok(
            text.lines()
                .map(|l| format!("{}\n", l.to_uppercase()))
                .collect::<String>(),
        )
    });
    let client = b.client();
    for stdin in [&b"foo\nBar\n"[..], b"one\ntwo"] {
        let out = client
            .exec(upper)
            .stdin(stdin.to_vec())
            .await
            .unwrap()
            .wait_output()
            .await
            .unwrap();
        let expected = String::from_utf8_lossy(stdin).to_uppercase();
        let expected = if expected.ends_with('\n') {
            expected
        } else {
            format!("{expected}\n")
        };
        assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
        assert!(out.stderr.is_empty());
    }
}

/// ops: `test_exec_timeout`. A command still running at its timeout is killed and its
/// change fails, saying it timed out.
pub async fn exec_timeout_fails_the_change(b: &impl Backend) {
    b.expect_exec(&["sleep", "5"], |_| {
        ExecResult::new(0).running_for(Duration::from_secs(5))
    });
    let err = b
        .client()
        .exec(["sleep", "5"])
        .timeout(Duration::from_millis(100))
        .await
        .unwrap()
        .wait()
        .await
        .unwrap_err();
    let Error::Change { change } = err else {
        panic!("expected the change to fail, got {err:?}");
    };
    assert_eq!(
        (change.kind.as_str(), &change.status),
        ("exec", &ChangeStatus::Error)
    );
    assert_eq!(
        change.err.as_deref(),
        Some(
            "cannot perform the following tasks:\n- Execute command \"sleep\" (timed out after 100ms: context deadline exceeded)"
        )
    );
}

/// ops: `test_exec_working_dir` and `test_exec_environment`. A command runs in the working
/// directory asked for, with the variables given (others are empty).
pub async fn exec_working_dir_and_environment(b: &impl Backend) {
    b.expect_exec(&["pwd"], |call| {
        ExecResult::ok(format!("{}\n", call.working_dir))
    });
    let echo = "echo $ONE.$TWO.$THREE";
    b.expect_exec(&["/bin/sh", "-c", echo], |call| {
        let var = |name: &str| call.environment.get(name).cloned().unwrap_or_default();
        ExecResult::ok(format!("{}.{}.{}\n", var("ONE"), var("TWO"), var("THREE")))
    });
    let client = b.client();
    let dir = b.scratch();
    let out = client
        .exec(["pwd"])
        .working_dir(&dir)
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{dir}\n"));
    assert!(out.stderr.is_empty());
    let out = client
        .exec(["/bin/sh", "-c", echo])
        .environment([("ONE", "1"), ("TWO", "2")])
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap();
    assert_eq!(out.stdout, b"1.2.\n");
    assert!(out.stderr.is_empty());
}

/// ops: `test_exec_streaming` and `test_exec_streaming_bytes`. Lines written to a command's
/// stdin one at a time come back from its stdout, read as lines and as bytes.
pub async fn exec_streams_lines(b: &impl Backend) {
    b.expect_exec(&["cat"], |call| ExecResult::ok(call.stdin.clone()));
    let client = b.client();
    for as_lines in [true, false] {
        let mut process = client.exec(["cat"]).await.unwrap();
        let mut stdin = process.take_stdin().unwrap();
        let mut stdout = process.take_stdout().unwrap();
        let writer = async {
            for line in ["one\n", "2\n", "THREE\n"] {
                stdin.write_all(line.as_bytes()).await.unwrap();
                stdin.flush().await.unwrap();
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            stdin.shutdown().await.unwrap();
        };
        let reader = async {
            if as_lines {
                let mut lines = BufReader::new(&mut stdout).lines();
                let mut read = Vec::new();
                while let Some(line) = lines.next_line().await.unwrap() {
                    read.push(line);
                }
                assert_eq!(read, ["one", "2", "THREE"]);
            } else {
                let mut read = Vec::new();
                stdout.read_to_end(&mut read).await.unwrap();
                assert_eq!(read, b"one\n2\nTHREE\n");
            }
        };
        tokio::join!(writer, reader);
        process.wait().await.unwrap();
    }
}
