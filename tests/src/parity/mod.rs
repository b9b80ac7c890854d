//! Scenarios written once and run against both the fake and a real Pebble.
//!
//! Each scenario is an async fn taking a [`Backend`]: the client plus the few set-up steps
//! that differ (a fake answers commands only through registered handlers and has no
//! processes to print logs). `tests/parity_fake.rs` runs them against
//! [`FakePebble`](charm_runtime::testing::FakePebble) and `tests/parity_real.rs` against
//! [`RealPebble`](crate::RealPebble); both use [`parity_tests!`](crate::parity_tests), so
//! the two lists cannot drift apart.
//!
//! Left out on purpose, because the fake does not run processes: service start failures
//! ("exited quickly"), the one-second okay delay, backoff and restarts on exit, check
//! probes and their periods (a check only goes down when a fake's test says so, while a
//! real one needs `threshold` failed probes), exec timeouts and signals, log follow timing,
//! and the ordering of interleaved stdout/stderr writes of a real process.

// Scenario helpers fail loudly, like the tests that call them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use charm_runtime::layer::Layer;
use charm_runtime::pebble::identities::{Access, Identity};
use charm_runtime::pebble::notices::NoticeType;
use charm_runtime::pebble::services::ServiceStatus;
use charm_runtime::pebble::{ChangeStatus, Client, Error};
use charm_runtime::testing::{ExecResult, FakePebble};

use crate::RealPebble;

/// The set-up steps that differ between the fake and a real Pebble.
pub trait Backend {
    /// A client of this Pebble.
    fn client(&self) -> Client;

    /// A directory scenarios may write in (a container path for the fake).
    fn scratch(&self) -> String;

    /// Makes commands starting with `prefix` behave as they do on a real system (the fake
    /// registers `handler`; a real Pebble runs the command).
    fn expect_exec(
        &self,
        prefix: &[&str],
        handler: impl Fn(&charm_runtime::testing::ExecCall) -> ExecResult + Send + Sync + 'static,
    );

    /// Makes service `service`, once started, have printed `lines` (the fake records them;
    /// a real service prints them itself).
    fn service_prints(&self, service: &str, lines: &[&str]);
}

impl Backend for FakePebble {
    fn client(&self) -> Client {
        FakePebble::client(self)
    }

    fn scratch(&self) -> String {
        std::fs::create_dir_all(self.root().join("scratch")).unwrap();
        "/scratch".to_owned()
    }

    fn expect_exec(
        &self,
        prefix: &[&str],
        handler: impl Fn(&charm_runtime::testing::ExecCall) -> ExecResult + Send + Sync + 'static,
    ) {
        self.handle_exec(prefix.iter().copied(), handler);
    }

    fn service_prints(&self, service: &str, lines: &[&str]) {
        for line in lines {
            self.add_log(service, line);
        }
    }
}

impl Backend for RealPebble {
    fn client(&self) -> Client {
        RealPebble::client(self)
    }

    fn scratch(&self) -> String {
        RealPebble::scratch(self).display().to_string()
    }

    fn expect_exec(
        &self,
        _: &[&str],
        _: impl Fn(&charm_runtime::testing::ExecCall) -> ExecResult + Send + Sync + 'static,
    ) {
    }

    fn service_prints(&self, _: &str, _: &[&str]) {}
}

/// Generates one `#[tokio::test]` per scenario, each calling `$backend` for a fresh Pebble.
///
/// `$backend` may `return` early (as `pebble_or_skip!()` does).
#[macro_export]
macro_rules! parity_tests {
    ($backend:expr) => {
        $crate::parity_tests!(@each $backend;
            add_layer_and_plan_round_trip,
            layers_combine_and_merge,
            existing_label_without_combine_is_refused,
            layer_mistakes_are_refused,
            replan_starts_enabled_services,
            start_and_stop_are_idempotent,
            autostart_without_enabled_services_fails,
            changes_wait_and_unknown_ids,
            files_push_pull_list,
            files_manage_and_errors,
            exec_output_stdin_and_exit_codes,
            exec_of_a_missing_command_fails,
            custom_notices_record_list_get_wait,
            health_without_checks_is_healthy,
            logs_of_a_service,
            identities_replace_get_remove,
            signals_need_a_running_service,
            unknown_endpoints_and_methods,
            checks_start_up_and_stop,
            exec_environment_working_dir_and_combined_output,
            changes_list_and_abort_errors,
        );
    };
    (@each $backend:expr; $($name:ident,)*) => {
        $(
            #[tokio::test(flavor = "current_thread")]
            async fn $name() {
                let backend = $backend;
                $crate::parity::$name(&backend).await;
            }
        )*
    };
}

fn layer(yaml: &str) -> Layer {
    Layer::from_yaml(yaml).unwrap()
}

fn api_error(err: &Error) -> (u16, Option<&str>, &str) {
    match err {
        Error::Api {
            status,
            kind,
            message,
        } => (*status, kind.as_deref(), message.as_str()),
        other => panic!("expected an API error, got {other:?}"),
    }
}

fn path_kind(err: &Error) -> Option<&str> {
    match err {
        Error::Path { kind, .. } | Error::Api { kind, .. } => kind.as_deref(),
        other => panic!("expected a path error, got {other:?}"),
    }
}

const SERVICES: &str = "\
services:
  sleeper:
    override: replace
    command: sleep 1000
    startup: enabled
    environment:
      A: '1'
  idle:
    override: replace
    command: sleep 1000
";

/// A layer goes in and the plan comes back with its fields.
pub async fn add_layer_and_plan_round_trip(b: &impl Backend) {
    let client = b.client();
    assert!(client.plan().await.unwrap().services.is_empty());
    let base = layer(SERVICES);
    client.add_layer("base", &base).await.unwrap();
    let plan = client.plan().await.unwrap();
    assert_eq!(plan.services, base.services);
    let yaml = client.plan_yaml().await.unwrap();
    assert!(yaml.contains("sleeper"), "{yaml}");
}

/// Merge appends lists, merges maps and replaces scalars; combine updates a label in place.
pub async fn layers_combine_and_merge(b: &impl Backend) {
    let client = b.client();
    client.add_layer("base", &layer(SERVICES)).await.unwrap();
    let top = layer(
        "services:\n  sleeper:\n    override: merge\n    command: sleep 2000\n    after: [idle]\n    environment:\n      B: '2'\n",
    );
    client.add_layer("top", &top).await.unwrap();
    let plan = client.plan().await.unwrap();
    let sleeper = &plan.services["sleeper"];
    assert_eq!(sleeper.command, "sleep 2000");
    assert_eq!(sleeper.after, ["idle"]);
    assert_eq!(sleeper.environment["A"], "1");
    assert_eq!(sleeper.environment["B"], "2");
    assert_eq!(
        sleeper.startup,
        Some(charm_runtime::layer::Startup::Enabled)
    );

    // Combining into "base" in place: "top" still wins for the command.
    let base_again = layer(
        "services:\n  idle:\n    override: merge\n    command: sleep 3000\n  sleeper:\n    override: merge\n    command: sleep 9\n",
    );
    client
        .add_layer("base", &base_again)
        .combine(true)
        .await
        .unwrap();
    let plan = client.plan().await.unwrap();
    assert_eq!(plan.services["idle"].command, "sleep 3000");
    assert_eq!(plan.services["sleeper"].command, "sleep 2000");

    // Replace discards the lower definition's fields.
    let replace = layer("services:\n  sleeper:\n    override: replace\n    command: sleep 5\n");
    client.add_layer("replace", &replace).await.unwrap();
    let plan = client.plan().await.unwrap();
    assert!(plan.services["sleeper"].environment.is_empty());
    assert_eq!(plan.services["sleeper"].startup, None);
}

/// Adding an existing label without combine is a 400 with Pebble's message.
pub async fn existing_label_without_combine_is_refused(b: &impl Backend) {
    let client = b.client();
    let base = layer(SERVICES);
    client.add_layer("base", &base).await.unwrap();
    let err = client.add_layer("base", &base).await.unwrap_err();
    assert_eq!(
        api_error(&err),
        (400, None, "layer \"base\" already exists")
    );
}

/// Missing `override`, unknown fields and a service without a command are 400s.
pub async fn layer_mistakes_are_refused(b: &impl Backend) {
    let client = b.client();
    let err = client
        .add_layer_yaml("l", "services:\n  web:\n    command: /bin/web\n")
        .await
        .unwrap_err();
    let (status, _, message) = api_error(&err);
    assert_eq!(status, 400);
    assert!(
        message.contains("layer \"l\" must define \"override\" for service \"web\""),
        "{message}"
    );

    let err = client
        .add_layer_yaml(
            "l",
            "services:\n  web:\n    override: replace\n    command: /bin/web\n    colour: red\n",
        )
        .await
        .unwrap_err();
    let (status, _, message) = api_error(&err);
    assert_eq!(status, 400);
    assert!(message.contains("cannot parse layer"), "{message}");
    assert!(message.contains("field colour not found"), "{message}");

    let err = client
        .add_layer_yaml(
            "l",
            "services:\n  web:\n    override: replace\n    startup: enabled\n",
        )
        .await
        .unwrap_err();
    assert_eq!(
        api_error(&err),
        (
            400,
            None,
            "plan must define \"command\" for service \"web\""
        )
    );
    // None of them changed the plan.
    assert!(client.plan().await.unwrap().services.is_empty());
}

/// `replan` starts the enabled services only.
pub async fn replan_starts_enabled_services(b: &impl Backend) {
    let client = b.client();
    client.add_layer("base", &layer(SERVICES)).await.unwrap();
    let change = client.replan().await.unwrap();
    assert_eq!(change.kind, "replan");
    assert_eq!(change.status, ChangeStatus::Done);
    assert!(change.ready);
    let services = client.services(&[]).await.unwrap();
    let names: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["idle", "sleeper"]);
    assert_eq!(services[0].current, ServiceStatus::Inactive);
    assert!(services[1].is_running());
    assert!(services[1].current_since.is_some());

    // A second replan with nothing changed leaves it running.
    let again = client.replan().await.unwrap();
    assert_eq!(again.status, ChangeStatus::Done);
    assert!(
        client
            .service("sleeper")
            .await
            .unwrap()
            .unwrap()
            .is_running()
    );
}

/// Starting a running service and stopping a stopped one succeed.
pub async fn start_and_stop_are_idempotent(b: &impl Backend) {
    let client = b.client();
    client.add_layer("base", &layer(SERVICES)).await.unwrap();
    for _ in 0..2 {
        let change = client.start_services(&["idle"]).await.unwrap();
        assert_eq!(
            (change.kind.as_str(), &change.status),
            ("start", &ChangeStatus::Done)
        );
        assert!(client.service("idle").await.unwrap().unwrap().is_running());
    }
    for _ in 0..2 {
        let change = client.stop_services(&["idle"]).await.unwrap();
        assert_eq!(
            (change.kind.as_str(), &change.status),
            ("stop", &ChangeStatus::Done)
        );
        let idle = client.service("idle").await.unwrap().unwrap();
        assert_eq!(idle.current, ServiceStatus::Inactive);
    }
    let err = client.start_services(&["nope"]).await.unwrap_err();
    assert_eq!(
        api_error(&err),
        (
            400,
            None,
            "cannot start services: service \"nope\" does not exist"
        )
    );
}

/// `autostart` with no enabled service fails with kind `no-default-services`.
pub async fn autostart_without_enabled_services_fails(b: &impl Backend) {
    let client = b.client();
    client
        .add_layer(
            "base",
            &layer("services:\n  idle:\n    override: replace\n    command: sleep 1000\n"),
        )
        .await
        .unwrap();
    let err = client.autostart().await.unwrap_err();
    assert_eq!(
        api_error(&err),
        (400, Some("no-default-services"), "no default services")
    );
}

/// A change can be fetched and waited for; an unknown ID is a 404.
pub async fn changes_wait_and_unknown_ids(b: &impl Backend) {
    let client = b.client();
    client.add_layer("base", &layer(SERVICES)).await.unwrap();
    let started = client.start_services(&["idle"]).await.unwrap();
    let fetched = client.change(&started.id).await.unwrap();
    assert_eq!(fetched.id, started.id);
    assert_eq!(fetched.summary, "Start service \"idle\"");
    assert_eq!(fetched.tasks.len(), 1);
    assert_eq!(fetched.tasks[0].kind, "start");
    let waited = client
        .wait_change(&started.id, Duration::from_secs(5))
        .await
        .unwrap();
    assert!(waited.ready);
    assert!(waited.ready_time.is_some());

    let err = client.change(&"9999".into()).await.unwrap_err();
    assert_eq!(
        api_error(&err),
        (404, None, "cannot find change with id \"9999\"")
    );
    let err = client
        .wait_change(&"9999".into(), Duration::from_secs(1))
        .await
        .unwrap_err();
    assert_eq!(api_error(&err).0, 404);
}

/// Push, pull back, list with a pattern.
pub async fn files_push_pull_list(b: &impl Backend) {
    let client = b.client();
    let dir = b.scratch();
    client
        .push(&format!("{dir}/conf/app.yaml"), "port: 80\n")
        .make_dirs(true)
        .permissions(0o600)
        .await
        .unwrap();
    client
        .push(&format!("{dir}/conf/notes.txt"), "hello")
        .await
        .unwrap();
    assert_eq!(
        client
            .pull_string(&format!("{dir}/conf/app.yaml"))
            .await
            .unwrap(),
        "port: 80\n"
    );

    let listed = client.list_files(&format!("{dir}/conf")).await.unwrap();
    let names: Vec<&str> = listed.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["app.yaml", "notes.txt"]);
    assert_eq!(listed[0].path, format!("{dir}/conf/app.yaml"));
    assert_eq!(listed[0].size, Some(9));
    assert_eq!(listed[0].permissions, 0o600);
    let yaml_only = client
        .list_files(&format!("{dir}/conf"))
        .pattern("*.yaml")
        .await
        .unwrap();
    assert_eq!(yaml_only.len(), 1);
    let itself = client
        .list_files(&format!("{dir}/conf"))
        .itself(true)
        .await
        .unwrap();
    assert_eq!(itself.len(), 1);
    assert_eq!(itself[0].name, "conf");
    assert!(client.is_dir(&format!("{dir}/conf")).await.unwrap());

    // Pushing without make_dirs into a missing directory fails per path.
    let err = client
        .push(&format!("{dir}/missing/x"), "x")
        .await
        .unwrap_err();
    assert_eq!(path_kind(&err), Some("not-found"), "{err:?}");
}

/// Make directories, remove, and the per-path error kinds.
pub async fn files_manage_and_errors(b: &impl Backend) {
    let client = b.client();
    let dir = b.scratch();
    client
        .make_dir(&format!("{dir}/a/b"))
        .make_parents(true)
        .await
        .unwrap();
    assert!(client.is_dir(&format!("{dir}/a/b")).await.unwrap());
    let err = client.make_dir(&format!("{dir}/a")).await.unwrap_err();
    assert_eq!(path_kind(&err), Some("generic-file-error"), "{err:?}");
    let err = client.make_dir(&format!("{dir}/x/y")).await.unwrap_err();
    assert_eq!(path_kind(&err), Some("not-found"), "{err:?}");

    let err = client.remove_path(&format!("{dir}/a")).await.unwrap_err();
    assert_eq!(path_kind(&err), Some("generic-file-error"), "{err:?}");
    client
        .remove_path(&format!("{dir}/a"))
        .recursive(true)
        .await
        .unwrap();
    assert!(!client.exists(&format!("{dir}/a")).await.unwrap());
    let err = client.remove_path(&format!("{dir}/a")).await.unwrap_err();
    assert_eq!(path_kind(&err), Some("not-found"), "{err:?}");
    // Recursive removal of a missing path succeeds.
    client
        .remove_path(&format!("{dir}/a"))
        .recursive(true)
        .await
        .unwrap();

    let err = client.pull_bytes(&format!("{dir}/nope")).await.unwrap_err();
    assert_eq!(path_kind(&err), Some("not-found"), "{err:?}");
    let err = client.pull_bytes(&dir).await.unwrap_err();
    assert_eq!(path_kind(&err), Some("generic-file-error"), "{err:?}");
    let err = client.list_files(&format!("{dir}/nope")).await.unwrap_err();
    assert_eq!(path_kind(&err), Some("not-found"), "{err:?}");
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

/// Custom notices: record, aggregate, list by key, get by ID, wait.
pub async fn custom_notices_record_list_get_wait(b: &impl Backend) {
    let client = b.client();
    let id = client
        .notify("example.com/db/backup")
        .data("path", "/b/1")
        .await
        .unwrap();
    let again = client
        .notify("example.com/db/backup")
        .data("path", "/b/2")
        .await
        .unwrap();
    assert_eq!(id, again);
    let notice = client.notice(&id).await.unwrap();
    assert_eq!(notice.r#type, NoticeType::Custom);
    assert_eq!(notice.occurrences, 2);
    assert_eq!(notice.last_data["path"], "/b/2");
    assert!(notice.user_id.is_some(), "owned by the caller");

    client.notify("example.com/other").await.unwrap();
    let by_key = client
        .notices()
        .types([NoticeType::Custom])
        .keys(["example.com/db/backup"])
        .await
        .unwrap();
    assert_eq!(by_key.len(), 1);
    assert_eq!(by_key[0].id, id);
    let customs = client.notices().types([NoticeType::Custom]).await.unwrap();
    assert_eq!(customs.len(), 2);
    assert!(customs[0].last_repeated <= customs[1].last_repeated);

    // Waiting returns existing matches at once, and nothing once past them.
    let start = Instant::now();
    let existing = client
        .notices()
        .keys(["example.com/other"])
        .wait(Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(existing.len(), 1);
    assert!(start.elapsed() < Duration::from_secs(5));
    let newest = customs[1].last_repeated.clone();
    let none = client
        .notices()
        .types([NoticeType::Custom])
        .after(newest)
        .wait(Duration::from_millis(200))
        .await
        .unwrap();
    assert!(none.is_empty(), "{none:?}");

    let err = client.notice(&"9999".into()).await.unwrap_err();
    assert_eq!(
        api_error(&err),
        (404, None, "cannot find notice with ID \"9999\"")
    );
    let err = client.notify("not a key").await.unwrap_err();
    assert_eq!(api_error(&err).0, 400);
}

/// With no checks, Pebble is healthy and lists no checks.
pub async fn health_without_checks_is_healthy(b: &impl Backend) {
    let client = b.client();
    assert!(client.health().await.unwrap());
    assert!(client.checks().await.unwrap().is_empty());
}

/// The buffered output of a service, as NDJSON entries.
pub async fn logs_of_a_service(b: &impl Backend) {
    let client = b.client();
    client
        .add_layer("base", &layer("services:\n  talker:\n    override: replace\n    command: sh -c 'echo one; echo two; echo three; sleep 1000'\n"))
        .await
        .unwrap();
    client.start_services(&["talker"]).await.unwrap();
    b.service_prints("talker", &["one", "two", "three"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    let entries = loop {
        let entries = client.logs().services(["talker"]).await.unwrap();
        if entries.len() >= 3 || Instant::now() > deadline {
            break entries;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let messages: Vec<&str> = entries.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(messages, ["one", "two", "three"]);
    assert!(entries.iter().all(|e| e.service == "talker"));
    assert!(entries.iter().all(|e| e.time.ends_with('Z')), "{entries:?}");
    let last = client.logs().services(["talker"]).n(1).await.unwrap();
    assert_eq!(last.len(), 1);
    assert_eq!(last[0].message, "three");
}

/// Identities: replace adds, get masks nothing for local ones, remove deletes.
pub async fn identities_replace_get_remove(b: &impl Backend) {
    let client = b.client();
    let mut wanted = BTreeMap::new();
    wanted.insert(
        "alice".to_owned(),
        Some(Identity::local(Access::Read, 1000)),
    );
    client.replace_identities(&wanted).await.unwrap();
    let got = client.identities().await.unwrap();
    let alice = &got["alice"];
    assert_eq!(alice.access, Access::Read);
    assert_eq!(alice.local.as_ref().map(|l| l.user_id), Some(1000));

    client.remove_identities(&["alice"]).await.unwrap();
    assert!(!client.identities().await.unwrap().contains_key("alice"));
    let err = client.remove_identities(&["alice"]).await.unwrap_err();
    assert_eq!(
        api_error(&err),
        (400, None, "identities do not exist: alice")
    );
}

/// Signalling a service that is not running is Pebble's 500.
pub async fn signals_need_a_running_service(b: &impl Backend) {
    let client = b.client();
    client.add_layer("base", &layer(SERVICES)).await.unwrap();
    let err = client.send_signal("SIGHUP", &["idle"]).await.unwrap_err();
    assert_eq!(
        api_error(&err),
        (
            500,
            None,
            "cannot send signal to \"idle\": service is not running"
        )
    );
    client.start_services(&["idle"]).await.unwrap();
    client.send_signal("SIGHUP", &["idle"]).await.unwrap();
}

/// Sends a raw HTTP/1.1 request and returns the status and the JSON body.
async fn raw(socket: &std::path::Path, method: &str, path: &str) -> (u16, serde_json::Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::UnixStream::connect(socket).await.unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8(response).unwrap();
    let status = text[9..12].parse().unwrap();
    let (_, body) = text.split_once("\r\n\r\n").unwrap();
    // Small bodies may come chunked: take the JSON object inside.
    let start = body.find('{').unwrap();
    let end = body.rfind('}').unwrap();
    (status, serde_json::from_str(&body[start..=end]).unwrap())
}

/// The envelope of system-info, unknown paths (404) and wrong methods (405).
pub async fn unknown_endpoints_and_methods(b: &impl Backend) {
    let socket = b.client().socket().to_path_buf();
    let (status, body) = raw(&socket, "GET", "/v1/system-info").await;
    assert_eq!(status, 200);
    assert_eq!(body["type"], "sync");
    assert_eq!(body["status-code"], 200);
    assert_eq!(body["status"], "OK");
    assert!(body["result"]["version"].is_string());

    let (status, body) = raw(&socket, "GET", "/v1/nope").await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        serde_json::json!({
            "type": "error", "status-code": 404, "status": "Not Found",
            "result": {"message": "invalid API endpoint requested"},
        })
    );
    let (status, body) = raw(&socket, "PUT", "/v1/services").await;
    assert_eq!(status, 405);
    assert_eq!(body["status"], "Method Not Allowed");
    assert_eq!(body["result"]["message"], "method \"PUT\" not allowed");
    let (status, body) = raw(&socket, "GET", "/v1/services/web").await;
    assert_eq!(status, 400);
    assert_eq!(body["result"]["message"], "not implemented");
}

const CHECKS: &str = "\
checks:
  ready:
    override: replace
    level: ready
    period: 1h
    tcp:
      port: 1
";

/// A new check starts up (its first probe is a period away), can be stopped and started.
pub async fn checks_start_up_and_stop(b: &impl Backend) {
    use charm_runtime::pebble::checks::CheckStatus;
    let client = b.client();
    client.add_layer("checks", &layer(CHECKS)).await.unwrap();
    let checks = client.checks().await.unwrap();
    assert_eq!(checks.len(), 1);
    let ready = &checks[0];
    assert_eq!(ready.name, "ready");
    assert_eq!(ready.status, CheckStatus::Up);
    assert_eq!(ready.threshold, 3);
    assert_eq!(ready.failures, 0);
    assert_eq!(ready.startup, charm_runtime::layer::Startup::Enabled);
    assert_eq!(ready.level, Some(charm_runtime::layer::CheckLevel::Ready));
    let change_id = ready
        .change_id
        .clone()
        .expect("a running check has a change");
    let change = client.change(&change_id).await.unwrap();
    assert_eq!(change.kind, "perform-check");
    assert_eq!(change.summary, "Perform TCP check \"ready\"");
    assert!(!change.ready);
    let err = client
        .wait_change(&change_id, Duration::from_millis(100))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(
        client
            .health()
            .level(charm_runtime::layer::CheckLevel::Ready)
            .await
            .unwrap()
    );

    assert_eq!(client.stop_checks(&["ready"]).await.unwrap(), ["ready"]);
    assert!(client.stop_checks(&["ready"]).await.unwrap().is_empty());
    let stopped = client.check("ready").await.unwrap().unwrap();
    assert_eq!(stopped.status, CheckStatus::Inactive);
    assert_eq!(client.start_checks(&["ready"]).await.unwrap(), ["ready"]);
    let started = client.check("ready").await.unwrap().unwrap();
    assert_eq!(started.status, CheckStatus::Up);
    assert_ne!(started.change_id, Some(change_id));

    let err = client.start_checks(&["nope"]).await.unwrap_err();
    assert_eq!(
        api_error(&err),
        (
            400,
            None,
            "cannot start checks: cannot find checks in plan: nope"
        )
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

/// Listing changes by state and service; aborting a finished change is refused.
pub async fn changes_list_and_abort_errors(b: &impl Backend) {
    use charm_runtime::pebble::changes::ChangeSelect;
    let client = b.client();
    client.add_layer("base", &layer(SERVICES)).await.unwrap();
    let started = client.start_services(&["idle"]).await.unwrap();
    client.stop_services(&["idle"]).await.unwrap();
    let all = client.changes().select(ChangeSelect::All).await.unwrap();
    assert!(all.iter().any(|c| c.id == started.id));
    let for_idle = client
        .changes()
        .select(ChangeSelect::Ready)
        .service("idle")
        .await
        .unwrap();
    let mut kinds: Vec<&str> = for_idle.iter().map(|c| c.kind.as_str()).collect();
    kinds.sort_unstable();
    assert_eq!(kinds, ["start", "stop"]);
    assert!(
        client
            .changes()
            .service("sleeper")
            .select(ChangeSelect::All)
            .await
            .unwrap()
            .is_empty()
    );
    let err = client.abort_change(&started.id).await.unwrap_err();
    assert_eq!(
        api_error(&err),
        (
            400,
            None,
            format!("cannot abort change {} with nothing pending", started.id).as_str()
        )
    );
}
