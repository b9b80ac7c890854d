//! Fault injection: every call ends, within a bound, with a typed error, whatever Pebble
//! does. A hostile server (`charm_tests::hostile`) plays the broken peers; a real Pebble is
//! killed (SIGKILL) or frozen (SIGSTOP) in the middle of push, pull, exec, wait and notice
//! long-polls. Each case asserts the outcome and that it came within its bound; the bounds
//! have wide margins (a loaded 2-core machine), and `--nocapture` prints the times observed.

// Test code: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::future::{Future, IntoFuture};
use std::time::{Duration, Instant};

use charm_runtime::pebble::{ChangeId, Client, Error};
use charm_tests::RealPebble;
use charm_tests::hostile::{Answer, HostilePebble};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The timeout of the clients under test.
const TIMEOUT: Duration = Duration::from_secs(1);

/// Runs `call`, failing the test when it takes longer than `bound`; prints the time taken.
async fn within<T>(case: &str, bound: Duration, call: impl Future<Output = T>) -> T {
    let start = Instant::now();
    let result = tokio::time::timeout(bound, call)
        .await
        .unwrap_or_else(|_| panic!("{case}: no outcome within {bound:?}"));
    eprintln!("fault {case}: {:?} (bound {bound:?})", start.elapsed());
    result
}

fn client(server: &HostilePebble) -> Client {
    Client::builder(server.socket()).timeout(TIMEOUT).build()
}

#[tokio::test(flavor = "current_thread")]
async fn a_server_that_never_answers_times_out() {
    let server = HostilePebble::start(|_| Answer::Silence);
    let err = within(
        "never answers",
        Duration::from_secs(5),
        client(&server).system_info(),
    )
    .await
    .unwrap_err();
    match err {
        Error::Timeout { after, .. } => assert!(after >= TIMEOUT, "{after:?}"),
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn garbage_is_a_protocol_error() {
    let server = HostilePebble::start(|_| Answer::Garbage(b"\x00\x01SSH-2.0-not-http\r\n\r\n"));
    let err = within(
        "garbage",
        Duration::from_secs(5),
        client(&server).system_info(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn invalid_json_is_a_protocol_error() {
    let server = HostilePebble::start(|_| Answer::json(200, r#"{"type":"sync","result":{"ver"#));
    let err = within(
        "invalid JSON",
        Duration::from_secs(5),
        client(&server).system_info(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn an_endless_json_answer_stops_at_the_bound() {
    let server = HostilePebble::start(|_| Answer::Endless {
        content_type: "application/json".into(),
        head: br#"{"type":"sync","result":{"version":""#.to_vec(),
        chunk: vec![b'x'; 64 * 1024],
    });
    let err = within(
        "endless JSON body",
        Duration::from_secs(30),
        client(&server).system_info(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::TooLarge { .. }), "{err:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn an_endless_file_stops_at_the_pull_limit() {
    let boundary = "b0undary";
    let server = HostilePebble::start(move |_| {
        Answer::Endless {
        content_type: format!("multipart/form-data; boundary={boundary}"),
        head: format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"/big\"\r\n\r\n"
        )
        .into_bytes(),
        chunk: vec![b'y'; 64 * 1024],
    }
    });
    let client = client(&server);
    let err = within(
        "endless pull",
        Duration::from_secs(10),
        client.pull_bytes("/big").limit(1 << 20).into_future(),
    )
    .await
    .unwrap_err();
    match err {
        Error::TooLarge { limit, .. } => assert_eq!(limit, 1 << 20),
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_connection_closed_mid_body_is_a_lost_connection() {
    let server = HostilePebble::start(|_| Answer::CloseMidBody {
        length: 1000,
        sent: br#"{"type":"sync","result":{"#.to_vec(),
    });
    let err = within(
        "close mid-body",
        Duration::from_secs(5),
        client(&server).system_info(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::ConnectionLost { .. }), "{err:?}");
    assert!(err.is_connection());
}

#[tokio::test(flavor = "current_thread")]
async fn hostile_listing_names_are_refused_and_nothing_lands_outside() {
    let server = HostilePebble::start(|line| {
        if line.contains("action=list") {
            let entry = |path: &str, name: &str| {
                serde_json::json!({"path": path, "name": name, "type": "file",
                    "permissions": "644", "last-modified": "2026-01-01T00:00:00Z"})
            };
            let list = serde_json::json!({"type": "sync", "status-code": 200, "result": [
                entry("/src/../../escape", "../../escape"),
                entry("/etc/passwd", "/etc/passwd"),
                entry("/src/a\u{0}b", "a\u{0}b"),
            ]});
            Answer::json(200, list.to_string())
        } else {
            Answer::json(
                404,
                r#"{"type":"error","status-code":404,"result":{"message":"no","kind":"not-found"}}"#,
            )
        }
    });
    let root = tempfile::tempdir().unwrap();
    let dest = root.path().join("a").join("dest");
    let err = within(
        "pull_path hostile names",
        Duration::from_secs(5),
        client(&server).pull_path(&["/src/*"], &dest),
    )
    .await
    .unwrap_err();
    let Error::CopyFailed { failures } = err else {
        panic!("unexpected {err:?}")
    };
    assert_eq!(failures.len(), 3, "{failures:?}");
    for failure in &failures {
        assert!(
            matches!(
                failure.error,
                Error::PathOutsideDestination { .. } | Error::LocalIo { .. }
            ),
            "{failure:?}"
        );
    }
    assert!(!root.path().join("escape").exists());
    assert!(!root.path().join("a").join("escape").exists());
    assert_eq!(std::fs::read_dir(&dest).unwrap().count(), 0);
}

/// Pebble's answers for an exec whose websockets stay silent after the change is done.
fn silent_exec(line: &str) -> Answer {
    if line.starts_with("POST /v1/exec") {
        Answer::json(
            202,
            r#"{"type":"async","status-code":202,"change":"1","result":{"task-id":"2"}}"#,
        )
    } else if line.contains("/websocket/") {
        Answer::SilentWebsocket
    } else if line.starts_with("GET /v1/changes/1") {
        Answer::json(
            200,
            r#"{"type":"sync","status-code":200,"result":{"id":"1","kind":"exec","status":"Done","ready":true,
               "tasks":[{"id":"2","kind":"exec","status":"Done","data":{"exit-code":0}}]}}"#,
        )
    } else {
        Answer::json(404, r#"{"type":"error","result":{"message":"?"}}"#)
    }
}

#[tokio::test(flavor = "current_thread")]
async fn exec_output_silent_after_the_change_is_done_times_out() {
    let server = HostilePebble::start(silent_exec);
    let client = client(&server);
    let err = within("exec silent after done", Duration::from_secs(8), async {
        client.exec(["true"]).await?.wait().await
    })
    .await
    .unwrap_err();
    match err {
        Error::Timeout { what, after } => {
            assert!(what.contains("end of the output"), "{what}");
            assert!(after >= TIMEOUT, "{after:?}");
        }
        other => panic!("unexpected {other:?}"),
    }
}

/// A `/wait` that answers at once with `answer`; everything else is 404.
fn early_wait(answer: &'static str, status: u16) -> impl Fn(&str) -> Answer + Send + Sync {
    move |line| {
        if line.contains("/wait") {
            Answer::json(status, answer)
        } else if line.starts_with("GET /v1/changes/3") {
            Answer::json(
                200,
                r#"{"type":"sync","status-code":200,"result":{"id":"3","kind":"x","status":"Doing","ready":false}}"#,
            )
        } else {
            Answer::json(404, r#"{"type":"error","result":{"message":"?"}}"#)
        }
    }
}

async fn assert_wait_backs_off(case: &str, server: HostilePebble) {
    let client = Client::builder(server.socket())
        .timeout(Duration::from_secs(30))
        .build();
    let err = within(
        case,
        Duration::from_secs(8),
        client.wait_change(&ChangeId::from("3"), Duration::from_secs(2)),
    )
    .await
    .unwrap_err();
    match err {
        Error::Timeout { after, .. } => {
            // The time waited: about the 2 s asked, not the client's 30 s.
            assert!(after >= Duration::from_secs(2), "{after:?}");
            assert!(after < Duration::from_secs(6), "{after:?}");
        }
        other => panic!("unexpected {other:?}"),
    }
    // 50 ms doubling to 1 s over 2 s: a handful of requests, not a tight loop.
    let requests = server.requests();
    assert!((2..=12).contains(&requests), "{requests} requests");
}

#[tokio::test(flavor = "current_thread")]
async fn wait_answering_504_at_once_backs_off() {
    let server = HostilePebble::start(early_wait(
        r#"{"type":"error","status-code":504,"result":{"message":"timed out waiting for change"}}"#,
        504,
    ));
    assert_wait_backs_off("/wait 504 at once", server).await;
}

#[tokio::test(flavor = "current_thread")]
async fn wait_answering_not_ready_backs_off_and_is_never_ok() {
    let server = HostilePebble::start(early_wait(
        r#"{"type":"sync","status-code":200,"result":{"id":"3","kind":"x","status":"Doing","ready":false}}"#,
        200,
    ));
    assert_wait_backs_off("/wait ready:false", server).await;
}

// A real Pebble, killed or frozen in the middle of a call.

fn real_client(pebble: &RealPebble) -> Client {
    Client::builder(pebble.socket())
        .timeout(Duration::from_secs(2))
        .build()
}

/// What a call to a daemon that was killed ends with: the connection is gone.
fn assert_killed(case: &str, err: &Error) {
    assert!(
        err.is_connection() || matches!(err, Error::Protocol { .. }),
        "{case}: {err:?}"
    );
}

/// What a call to a frozen daemon ends with: a timeout, not a hang.
fn assert_frozen(case: &str, err: &Error) {
    assert!(matches!(err, Error::Timeout { .. }), "{case}: {err:?}");
}

/// Pushes from a reader that trickles, and sends `signal` to the daemon once bytes flow.
async fn push_with(signal: &str) -> Option<Error> {
    let pebble = RealPebble::builder().start()?;
    let client = real_client(&pebble);
    let (mut writer, reader) = tokio::io::duplex(64 * 1024);
    let feeder = async {
        for i in 0..200 {
            if writer.write_all(&[b'z'; 32 * 1024]).await.is_err() {
                break;
            }
            if i == 3 {
                pebble.signal(signal);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    let target = format!("{}/pushed", pebble.scratch().display());
    let push = client.push_reader(&target, reader).into_future();
    // The feeder stops with the push: an abandoned connection may keep the reader.
    let result = within(
        &format!("SIG{signal} during push"),
        Duration::from_secs(10),
        async {
            tokio::pin!(push);
            tokio::select! {
                result = &mut push => result,
                () = feeder => push.await,
            }
        },
    )
    .await;
    if signal == "STOP" {
        pebble.signal("CONT");
    }
    Some(result.unwrap_err())
}

#[tokio::test(flavor = "current_thread")]
async fn sigkill_during_push() {
    if let Some(err) = push_with("KILL").await {
        assert_killed("push", &err);
    }
}

#[tokio::test(flavor = "current_thread")]
async fn sigstop_during_push() {
    if let Some(err) = push_with("STOP").await {
        assert_frozen("push", &err);
    }
}

/// Pulls a large file slowly and sends `signal` to the daemon after the first bytes.
async fn pull_with(signal: &str) -> Option<Error> {
    let pebble = RealPebble::builder().start()?;
    let client = real_client(&pebble);
    let path = pebble.scratch().join("big");
    std::fs::write(&path, vec![b'q'; 64 << 20]).unwrap();
    let mut reader = client.pull(path.to_str().unwrap()).await.unwrap();
    let mut first = [0u8; 4096];
    reader.read_exact(&mut first).await.unwrap();
    pebble.signal(signal);
    let result = within(
        &format!("SIG{signal} during pull"),
        Duration::from_secs(10),
        async {
            let mut sink = vec![0u8; 64 * 1024];
            loop {
                match reader.read(&mut sink).await {
                    Ok(0) => return Ok(()),
                    Ok(_) => {}
                    Err(e) => return Err(e),
                }
            }
        },
    )
    .await;
    if signal == "STOP" {
        pebble.signal("CONT");
    }
    let err = result.unwrap_err();
    Some(
        err.into_inner()
            .and_then(|inner| inner.downcast::<Error>().ok())
            .map_or_else(|| panic!("an untyped read error"), |e| *e),
    )
}

#[tokio::test(flavor = "current_thread")]
async fn sigkill_during_pull() {
    if let Some(err) = pull_with("KILL").await {
        assert_killed("pull", &err);
    }
}

#[tokio::test(flavor = "current_thread")]
async fn sigstop_during_pull() {
    if let Some(err) = pull_with("STOP").await {
        assert_frozen("pull", &err);
    }
}

/// Runs `sleep 30` and sends `signal` to the daemon while waiting for it.
async fn exec_with(signal: &str) -> Option<Error> {
    let pebble = RealPebble::builder().start()?;
    let client = real_client(&pebble);
    let process = client.exec(["sleep", "30"]).await.unwrap();
    let wait = async { process.wait_output().await };
    let send = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        pebble.signal(signal);
    };
    let (result, ()) = within(
        &format!("SIG{signal} during exec"),
        Duration::from_secs(12),
        async { tokio::join!(wait, send) },
    )
    .await;
    if signal == "STOP" {
        pebble.signal("CONT");
    }
    Some(result.unwrap_err())
}

#[tokio::test(flavor = "current_thread")]
async fn sigkill_during_exec() {
    if let Some(err) = exec_with("KILL").await {
        assert_killed("exec", &err);
    }
}

#[tokio::test(flavor = "current_thread")]
async fn sigstop_during_exec() {
    if let Some(err) = exec_with("STOP").await {
        assert_frozen("exec", &err);
    }
}

/// Waits for a long change and sends `signal` to the daemon meanwhile.
async fn wait_with(signal: &str) -> Option<Error> {
    let pebble = RealPebble::builder().start()?;
    let client = real_client(&pebble);
    let process = client.exec(["sleep", "30"]).await.unwrap();
    let id = process.change_id().clone();
    let wait = client.wait_change(&id, Duration::from_secs(30));
    let send = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        pebble.signal(signal);
    };
    let (result, ()) = within(
        &format!("SIG{signal} during wait"),
        Duration::from_secs(12),
        async { tokio::join!(wait, send) },
    )
    .await;
    if signal == "STOP" {
        pebble.signal("CONT");
    }
    drop(process);
    Some(result.unwrap_err())
}

#[tokio::test(flavor = "current_thread")]
async fn sigkill_during_wait() {
    if let Some(err) = wait_with("KILL").await {
        assert_killed("wait", &err);
    }
}

#[tokio::test(flavor = "current_thread")]
async fn sigstop_during_wait() {
    if let Some(err) = wait_with("STOP").await {
        assert_frozen("wait", &err);
    }
}

/// Long-polls notices and sends `signal` to the daemon meanwhile.
async fn notices_with(signal: &str) -> Option<Error> {
    let pebble = RealPebble::builder().start()?;
    let client = real_client(&pebble);
    let poll = client
        .notices()
        .keys(["example.com/never"])
        .wait(Duration::from_secs(30));
    let send = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        pebble.signal(signal);
    };
    let (result, ()) = within(
        &format!("SIG{signal} during notices long-poll"),
        Duration::from_secs(12),
        async { tokio::join!(poll.into_future(), send) },
    )
    .await;
    if signal == "STOP" {
        pebble.signal("CONT");
    }
    Some(result.unwrap_err())
}

#[tokio::test(flavor = "current_thread")]
async fn sigkill_during_notice_long_poll() {
    if let Some(err) = notices_with("KILL").await {
        assert_killed("notices", &err);
    }
}

#[tokio::test(flavor = "current_thread")]
async fn sigstop_during_notice_long_poll() {
    if let Some(err) = notices_with("STOP").await {
        assert_frozen("notices", &err);
    }
}
