//! Streaming exec I/O against a real Pebble: taken stdin/stdout/stderr handles, writers fed
//! while stdin is written, handles driven from other tasks, and dropping a process.

// Test helpers: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use charm_tests::io::{SharedBuf, pattern};
use charm_tests::pebble_or_skip;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

#[tokio::test(flavor = "current_thread")]
async fn interactive_cat_echoes_each_line_while_stdin_is_open() {
    let pebble = pebble_or_skip!();
    let mut process = pebble.client().exec(["cat"]).await.unwrap();
    let mut stdin = process.take_stdin().unwrap();
    assert!(process.take_stdin().is_none());
    let mut stdout = BufReader::new(process.take_stdout().unwrap());
    assert!(process.take_stdout().is_none());
    for line in ["one\n", "2\n", "THREE\n"] {
        stdin.write_all(line.as_bytes()).await.unwrap();
        let mut echoed = String::new();
        tokio::time::timeout(Duration::from_secs(5), stdout.read_line(&mut echoed))
            .await
            .expect("line not echoed while stdin is open")
            .unwrap();
        assert_eq!(echoed, line);
    }
    stdin.shutdown().await.unwrap();
    let mut rest = Vec::new();
    stdout.read_to_end(&mut rest).await.unwrap();
    assert!(rest.is_empty());
    process.wait().await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn writing_and_reading_both_ways_concurrently_does_not_deadlock() {
    let pebble = pebble_or_skip!();
    let data = pattern(4 << 20);
    let mut process = pebble.client().exec(["cat"]).await.unwrap();
    let mut stdin = process.take_stdin().unwrap();
    let mut stdout = process.take_stdout().unwrap();
    let mut received = Vec::new();
    // A deadlock would hang forever: fail it after a minute instead (it takes well under a
    // second).
    let (written, read) = tokio::time::timeout(Duration::from_secs(60), async {
        tokio::join!(
            async {
                stdin.write_all(&data).await?;
                stdin.shutdown().await
            },
            stdout.read_to_end(&mut received),
        )
    })
    .await
    .expect("writing and reading at once deadlocked");
    written.unwrap();
    read.unwrap();
    assert!(received == data, "cat output differs from its input");
    process.wait().await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn dropping_the_stdin_writer_ends_stdin() {
    let pebble = pebble_or_skip!();
    let mut process = pebble.client().exec(["wc", "-c"]).await.unwrap();
    let mut stdin = process.take_stdin().unwrap();
    stdin.write_all(b"12345").await.unwrap();
    drop(stdin);
    let output = tokio::time::timeout(Duration::from_secs(10), process.wait_output())
        .await
        .expect("stdin was not ended")
        .unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap().trim(), "5");
}

#[tokio::test(flavor = "current_thread")]
async fn stderr_can_be_streamed_while_stdout_is_collected() {
    let pebble = pebble_or_skip!();
    let mut process = pebble
        .client()
        .exec(["sh", "-c", "echo out; echo one >&2; echo two >&2"])
        .await
        .unwrap();
    let mut stderr = process.take_stderr().unwrap();
    let mut text = String::new();
    stderr.read_to_string(&mut text).await.unwrap();
    assert_eq!(text, "one\ntwo\n");
    let output = process.wait_output().await.unwrap();
    assert_eq!(output.stdout, b"out\n");
    assert!(output.stderr.is_empty());
}

#[tokio::test(flavor = "current_thread")]
async fn writing_stdin_keeps_a_stdout_writer_fed() {
    let pebble = pebble_or_skip!();
    // Far more than the pipe and socket buffers: cat blocks unless stdout is drained while
    // stdin is being written, and nobody waits on the process meanwhile.
    let data = pattern(4 << 20);
    let out = SharedBuf::default();
    let mut process = pebble
        .client()
        .exec(["cat"])
        .stdout_writer(out.clone())
        .await
        .unwrap();
    assert!(process.take_stdout().is_none(), "stdout goes to the writer");
    let mut stdin = process.take_stdin().unwrap();
    tokio::time::timeout(Duration::from_secs(30), async {
        stdin.write_all(&data).await.unwrap();
        stdin.shutdown().await.unwrap();
    })
    .await
    .expect("writing stdin blocked");
    process.wait().await.unwrap();
    assert!(out.contents() == data, "stdout differs from stdin");
}

#[tokio::test(flavor = "current_thread")]
async fn stdin_can_be_written_from_a_spawned_task() {
    let pebble = pebble_or_skip!();
    let data = pattern(2 << 20);
    let mut process = pebble.client().exec(["cat"]).await.unwrap();
    let mut stdin = process.take_stdin().unwrap();
    let mut stdout = process.take_stdout().unwrap();
    let input = data.clone();
    let writer = tokio::spawn(async move {
        stdin.write_all(&input).await?;
        stdin.shutdown().await
    });
    let mut received = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), stdout.read_to_end(&mut received))
        .await
        .expect("reading stdout stalled")
        .unwrap();
    writer.await.unwrap().unwrap();
    assert!(received == data, "cat output differs from its input");
    process.wait().await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn dropping_a_process_kills_the_command() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let process = client.exec(["sleep", "30"]).await.unwrap();
    let change_id = process.change_id().clone();
    drop(process);
    let change = client
        .wait_change(&change_id, Duration::from_secs(10))
        .await
        .unwrap();
    assert!(change.ready);
    assert_eq!(change.tasks[0].data["exit-code"], 137, "{change:?}");
}
