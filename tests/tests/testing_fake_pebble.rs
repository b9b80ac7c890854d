//! What only the fake Pebble does: test-driven checks, notices and logs, connection loss,
//! exec handler selection and request recording.

// Test helpers: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use charm_runtime::layer::Layer;
use charm_runtime::pebble::checks::CheckStatus;
use charm_runtime::pebble::exec::{Exec, ExecOutput};
use charm_runtime::pebble::notices::NoticeType;
use charm_runtime::pebble::{ChangeStatus, Error};
use charm_runtime::testing::{ExecResult, FakePebble};
use futures_util::StreamExt;

fn checks_layer() -> Layer {
    Layer::from_yaml(
        "checks:\n  http:\n    override: replace\n    level: alive\n    threshold: 2\n    http:\n      url: http://localhost:8080/\n",
    )
    .unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn a_check_set_down_makes_pebble_unhealthy_until_it_recovers() {
    let fake = FakePebble::start().unwrap();
    let client = fake.client();
    client.add_layer("checks", &checks_layer()).await.unwrap();
    assert!(client.health().await.unwrap());

    fake.set_check_status("http", CheckStatus::Down);
    assert!(!client.health().await.unwrap());
    let http = client.check("http").await.unwrap().unwrap();
    assert_eq!(http.status, CheckStatus::Down);
    assert_eq!(http.failures, 2);
    let recover = client
        .change(http.change_id.as_ref().unwrap())
        .await
        .unwrap();
    assert_eq!(recover.kind, "recover-check");
    let perform = fake
        .changes()
        .into_iter()
        .find(|c| c.kind == "perform-check")
        .unwrap();
    assert_eq!(perform.status, ChangeStatus::Error);
    assert!(perform.err.unwrap().contains("Perform HTTP check \"http\""));

    fake.set_check_status("http", CheckStatus::Up);
    assert!(client.health().await.unwrap());
    let recovered = client.change(&recover.id).await.unwrap();
    assert_eq!(recovered.status, ChangeStatus::Done);
    let checks = client.checks().await.unwrap();
    assert_eq!(checks[0].status, CheckStatus::Up);
}

#[tokio::test(flavor = "current_thread")]
async fn a_waiting_notices_call_wakes_when_the_test_records_one() {
    let fake = FakePebble::start().unwrap();
    let client = fake.client();
    let (found, ()) = tokio::join!(
        client
            .notices()
            .types([NoticeType::Custom])
            .wait(Duration::from_secs(10)),
        async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            fake.notify("example.com/db/ready", [("host", "db-0")]);
        }
    );
    let found = found.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].key, "example.com/db/ready");
    assert_eq!(found[0].user_id, None, "recorded by the workload, public");
    assert_eq!(fake.notices()[0].last_data["host"], "db-0");
}

#[tokio::test(flavor = "current_thread")]
async fn followed_logs_stream_lines_the_test_adds_later() {
    let fake = FakePebble::start().unwrap();
    fake.add_log("web", "starting");
    fake.add_log("db", "not this one");
    let client = fake.client();
    let mut lines = Box::pin(client.logs().services(["web"]).all().follow());
    let first = lines.next().await.unwrap().unwrap();
    assert_eq!(first.message, "starting");
    fake.add_log("web", "listening");
    let second = tokio::time::timeout(Duration::from_secs(5), lines.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(
        (second.service.as_str(), second.message.as_str()),
        ("web", "listening")
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_lost_connection_keeps_the_state() {
    let fake = FakePebble::start().unwrap();
    let client = fake.client();
    fake.write_file("/etc/app.conf", "a").unwrap();
    fake.set_can_connect(false).unwrap();
    assert!(!fake.socket().exists());
    let err = client.pull_bytes("/etc/app.conf").await.unwrap_err();
    assert!(err.is_connection(), "{err:?}");
    fake.set_can_connect(true).unwrap();
    assert_eq!(client.pull_bytes("/etc/app.conf").await.unwrap(), b"a");
}

#[tokio::test(flavor = "current_thread")]
async fn the_longest_matching_exec_prefix_answers_and_sees_the_request() {
    let fake = FakePebble::start().unwrap();
    fake.handle_exec(["psql"], |_| ExecResult::ok("generic\n"));
    fake.handle_exec(["psql", "-c"], |_| ExecResult::ok("specific\n"));
    fake.handle_exec(Vec::<String>::new(), |call| {
        ExecResult::new(127).with_stderr(format!("{}: not found\n", call.command[0]))
    });
    let client = fake.client();
    async fn run(exec: Exec<'_>) -> charm_runtime::pebble::Result<ExecOutput> {
        exec.await.unwrap().wait_output().await
    }
    let out = run(client.exec(["psql", "-c", "select 1"]).user("postgres"))
        .await
        .unwrap();
    assert_eq!(out.stdout, b"specific\n");
    let out = run(client.exec(["psql", "-l"])).await.unwrap();
    assert_eq!(out.stdout, b"generic\n");
    let err = run(client.exec(["ls"])).await.unwrap_err();
    assert!(
        matches!(&err, Error::Exec(e) if e.exit_code == 127 && e.stderr == b"ls: not found\n"),
        "{err:?}"
    );

    let calls = fake.exec_calls();
    assert_eq!(calls.len(), 3);
    assert_eq!(calls[0].user.as_deref(), Some("postgres"));
    assert_eq!(calls[0].working_dir, "/root");
    assert_eq!(calls[0].environment["LANG"], "C.UTF-8");
    assert!(calls[0].stdin.is_empty());
}

#[tokio::test(flavor = "current_thread")]
async fn large_exec_output_and_input_cross_the_websockets_whole() {
    let fake = FakePebble::start().unwrap();
    fake.handle_exec(["cat"], |call| ExecResult::ok(call.stdin.clone()));
    let data: Vec<u8> = (0..1_000_000u32).map(|i| (i % 251) as u8).collect();
    let out = fake
        .client()
        .exec(["cat"])
        .stdin(data.clone())
        .await
        .unwrap()
        .wait_output()
        .await
        .unwrap();
    assert_eq!(out.stdout.len(), data.len());
    assert!(out.stdout == data);
}

#[tokio::test(flavor = "current_thread")]
async fn requests_are_recorded_in_order() {
    let fake = FakePebble::start().unwrap();
    let client = fake.client();
    client.plan().await.unwrap();
    client.replan().await.unwrap();
    let requests: Vec<(String, String)> = fake
        .requests()
        .into_iter()
        .map(|r| (r.method, r.path))
        .collect();
    assert_eq!(requests[0], ("GET".to_owned(), "/v1/plan".to_owned()));
    assert_eq!(requests[1], ("POST".to_owned(), "/v1/services".to_owned()));
    assert!(!requests.iter().any(|(_, path)| path == "/v1/layers"));
}

#[tokio::test(flavor = "current_thread")]
async fn an_aborted_pending_change_is_ready() {
    let fake = FakePebble::start().unwrap();
    let client = fake.client();
    client.add_layer("checks", &checks_layer()).await.unwrap();
    let id = client
        .check("http")
        .await
        .unwrap()
        .unwrap()
        .change_id
        .unwrap();
    let aborted = client.abort_change(&id).await.unwrap();
    assert!(aborted.ready);
    assert_eq!(
        client
            .wait_change(&id, Duration::from_secs(1))
            .await
            .unwrap()
            .id,
        id
    );
}

#[test]
fn a_background_fake_serves_a_runtime_started_later() {
    let fake = FakePebble::builder().background(true).start().unwrap();
    fake.handle_exec(["true"], |_| ExecResult::new(0));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let code = runtime.block_on(async {
        fake.client()
            .exec(["true"])
            .await
            .unwrap()
            .wait_exit_code()
            .await
            .unwrap()
    });
    assert_eq!(code, 0);
    drop(runtime);
    let socket = fake.socket().to_path_buf();
    drop(fake);
    assert!(!socket.exists(), "the socket goes with the fake");
}

#[tokio::test(flavor = "current_thread")]
async fn an_exec_whose_websockets_never_connect_fails_after_five_seconds() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let fake = FakePebble::start().unwrap();
    fake.handle_exec(["true"], |_| ExecResult::new(0));
    // Start the command without connecting its websockets, as a client that died would.
    let body = r#"{"command":["true"],"split-stderr":true}"#;
    let mut stream = tokio::net::UnixStream::connect(fake.socket())
        .await
        .unwrap();
    let request = format!(
        "POST /v1/exec HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 202"), "{response}");
    let id = fake.changes()[0].id.clone();

    let change = fake
        .client()
        .wait_change(&id, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(change.status, ChangeStatus::Error);
    let err = change.err.unwrap();
    assert!(
        err.contains("timeout waiting for websocket connections"),
        "{err}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_check_going_down_restarts_services_that_ask_for_it() {
    let fake = FakePebble::start().unwrap();
    let client = fake.client();
    let layer = Layer::from_yaml(
        "services:\n  web:\n    override: replace\n    command: web\n    startup: enabled\n    on-check-failure:\n      http: restart\n  worker:\n    override: replace\n    command: worker\n    startup: enabled\nchecks:\n  http:\n    override: replace\n    http:\n      url: http://localhost/\n",
    )
    .unwrap();
    client.add_layer("base", &layer).await.unwrap();
    client.replan().await.unwrap();
    fake.set_check_status("http", CheckStatus::Down);
    assert_eq!(fake.service_starts("web"), 2);
    assert_eq!(fake.service_starts("worker"), 1);
    // Setting it down again changes nothing: the check is already down.
    fake.set_check_status("http", CheckStatus::Down);
    assert_eq!(fake.service_starts("web"), 2);
}
