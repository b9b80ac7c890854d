//! Scenarios written once and run against both the fake and a real Pebble.
//!
//! Each scenario is an async fn taking a [`Backend`]: the client plus the few set-up steps
//! that differ (a fake answers commands only through registered handlers, has no processes to
//! print logs or exit, and runs no check probes). `tests/parity_fake.rs` runs them against
//! [`charm_runtime::testing::FakePebble`] playing each Pebble release CI tests,
//! and `tests/parity_real.rs` against [`crate::RealPebble`] (the binary
//! `PEBBLE_BIN` names, which CI switches between those releases); both use
//! [`parity_tests!`](crate::parity_tests), so the lists cannot drift apart. A scenario asks
//! [`Backend::version`] where releases differ and expects what that release answers, so the
//! fake and each real Pebble meet the same expectations.
//!
//! Scenarios compare whole answers: whole error messages and variants, whole structs with
//! only times, IDs and host paths set aside.
//!
//! The port of ops' own real-Pebble suite (`test/test_real_pebble.py` and the storage and
//! notices mixins it imports from `test/test_testing.py` in canonical/operator) is marked
//! "ops:" in each scenario's doc and lives beside the other scenarios of its area.
//!
//! Left out on purpose, because the fake does not run processes: the one-second okay delay,
//! backoff timing, check probes and their periods (a check goes down when the test says so
//! for the fake and after `threshold` failed probes for a real one), exec signals, log follow
//! timing, and the ordering of interleaved stdout/stderr writes of a real process.

// Scenario helpers fail loudly, like the tests that call them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use charm_runtime::layer::Layer;
use charm_runtime::pebble::checks::{CheckInfo, CheckStatus};
use charm_runtime::pebble::{Client, Error};
use charm_runtime::testing::{ExecCall, ExecResult, FakePebble, PebbleVersion};

use crate::RealPebble;

pub mod api;
pub mod changes;
pub mod checks;
pub mod exec;
pub mod files;
pub mod identities;
pub mod layers;
pub mod notices;
pub mod services;

/// The set-up steps that differ between the fake and a real Pebble.
pub trait Backend {
    /// A client of this Pebble.
    fn client(&self) -> Client;

    /// The Pebble release this is (or plays).
    fn version(&self) -> PebbleVersion;

    /// A directory scenarios may write in (a container path for the fake).
    fn scratch(&self) -> String;

    /// Makes commands starting with `prefix` behave as they do on a real system (the fake
    /// registers `handler`; a real Pebble runs the command).
    fn expect_exec(
        &self,
        prefix: &[&str],
        handler: impl Fn(&ExecCall) -> ExecResult + Send + Sync + 'static,
    );

    /// Makes service `service`, once started, have printed `lines` (the fake records them;
    /// a real service prints them itself).
    fn service_prints(&self, service: &str, lines: &[&str]);

    /// Makes service `service` exit at once as `exit` says (the fake is told; a real
    /// service's command does it).
    fn service_exits_at_once(&self, service: &str, exit: ExecResult);

    /// Makes check `check` go down (the fake is told; a real check's probe fails by itself,
    /// and `wait_for_check` waits for it).
    fn check_fails(&self, check: &str);
}

impl Backend for FakePebble {
    fn client(&self) -> Client {
        FakePebble::client(self)
    }

    fn version(&self) -> PebbleVersion {
        self.pebble_version()
    }

    fn scratch(&self) -> String {
        std::fs::create_dir_all(self.root().join("scratch")).unwrap();
        "/scratch".to_owned()
    }

    fn expect_exec(
        &self,
        prefix: &[&str],
        handler: impl Fn(&ExecCall) -> ExecResult + Send + Sync + 'static,
    ) {
        self.handle_exec(prefix.iter().copied(), handler);
    }

    fn service_prints(&self, service: &str, lines: &[&str]) {
        for line in lines {
            self.add_log(service, line);
        }
    }

    fn service_exits_at_once(&self, service: &str, exit: ExecResult) {
        FakePebble::service_exits_at_once(self, service, exit);
    }

    fn check_fails(&self, check: &str) {
        self.set_check_status(check, CheckStatus::Down);
    }
}

impl Backend for RealPebble {
    fn client(&self) -> Client {
        RealPebble::client(self)
    }

    fn version(&self) -> PebbleVersion {
        self.pebble_version()
    }

    fn scratch(&self) -> String {
        RealPebble::scratch(self).display().to_string()
    }

    fn expect_exec(&self, _: &[&str], _: impl Fn(&ExecCall) -> ExecResult + Send + Sync + 'static) {
    }

    fn service_prints(&self, _: &str, _: &[&str]) {}

    fn service_exits_at_once(&self, _: &str, _: ExecResult) {}

    fn check_fails(&self, _: &str) {}
}

/// A fake playing Pebble `version`, for [`parity_tests!`](crate::parity_tests).
pub fn fake(version: PebbleVersion) -> FakePebble {
    FakePebble::builder()
        .pebble_version(version)
        .start()
        .unwrap()
}

/// Generates one `#[tokio::test]` per scenario, each calling `$backend` for a fresh Pebble.
///
/// `$backend` may `return` early (as `pebble_or_skip!()` does).
#[macro_export]
macro_rules! parity_tests {
    ($backend:expr) => {
        $crate::parity_tests!(@each $backend;
            api::unknown_endpoints_and_methods,
            api::newer_endpoints_by_release,
            api::system_info_names_the_release,
            layers::add_layer_and_plan_round_trip,
            layers::layers_combine_and_merge,
            layers::existing_label_without_combine_is_refused,
            layers::layer_mistakes_are_refused,
            layers::layer_fields_by_release,
            layers::log_targets_by_release,
            layers::log_forwarding_targets_in_the_plan,
            layers::layers_in_sub_directories,
            services::replan_starts_enabled_services,
            services::replan_restarts_only_changed_services,
            services::start_and_stop_are_idempotent,
            services::autostart_without_enabled_services_fails,
            services::logs_of_a_service,
            services::signals_need_a_running_service,
            services::a_service_that_exits_at_once,
            services::check_failure_restarts_the_service,
            changes::changes_wait_and_unknown_ids,
            changes::changes_list_and_abort_errors,
            checks::health_without_checks_is_healthy,
            checks::checks_start_up_and_stop,
            checks::check_fields_by_release,
            checks::checks_and_health,
            files::files_push_pull_list,
            files::files_manage_and_errors,
            files::push_and_pull_bytes_text_and_readers,
            files::push_and_pull_a_larger_file,
            files::push_errors,
            files::push_and_list_details,
            files::pull_and_list_errors,
            files::list_a_directory_itself,
            files::make_directories,
            files::remove_paths,
            exec::exec_output_stdin_and_exit_codes,
            exec::exec_of_a_missing_command_fails,
            exec::exec_environment_working_dir_and_combined_output,
            exec::exec_wait_and_wait_output,
            exec::exec_sends_stdin,
            exec::exec_timeout_fails_the_change,
            exec::exec_working_dir_and_environment,
            exec::exec_streams_lines,
            notices::custom_notices_record_list_get_wait,
            notices::notice_by_id,
            notices::notices_by_keys,
            identities::identities_replace_get_remove,
            identities::identities_of_each_type,
        );
    };
    (@each $backend:expr; $($area:ident :: $name:ident,)*) => {
        $(
            #[tokio::test(flavor = "current_thread")]
            async fn $name() {
                let backend = $backend;
                $crate::parity::$area::$name(&backend).await;
            }
        )*
    };
}

/// Parses a layer the scenario wrote.
fn layer(yaml: &str) -> Layer {
    Layer::from_yaml(yaml).unwrap()
}

/// The status, kind and message of an API error (and fails on any other error).
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

/// The path, kind and message of a per-path error (and fails on any other error).
fn path_error(err: &Error) -> (&str, Option<&str>, &str) {
    match err {
        Error::Path {
            path,
            kind,
            message,
        } => (path.as_str(), kind.as_deref(), message.as_str()),
        other => panic!("expected a path error, got {other:?}"),
    }
}

/// Sends a raw HTTP/1.1 request (with a JSON `body`) and returns the status and the JSON
/// answer, to compare whole envelopes.
async fn raw(
    socket: &std::path::Path,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> (u16, serde_json::Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::UnixStream::connect(socket).await.unwrap();
    let body = body.unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
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

/// Polls check `name` until `done` holds, for at most 20 s (a real check needs its probes).
async fn wait_for_check(
    client: &Client,
    name: &str,
    done: impl Fn(&CheckInfo) -> bool,
) -> CheckInfo {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let info = client.check(name).await.unwrap().unwrap();
        if done(&info) {
            return info;
        }
        assert!(
            Instant::now() < deadline,
            "check {name} never got there: {info:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Polls `probe` until it returns `Some`, for at most 20 s.
async fn eventually<T>(what: &str, mut probe: impl AsyncFnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(found) = probe().await {
            return found;
        }
        assert!(Instant::now() < deadline, "{what} never happened");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Two services: `sleeper` (enabled, with an environment) and `idle`.
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
