//! Exec: commands answered by the test's handlers over Pebble's websocket protocol.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use futures_util::{SinkExt, StreamExt};
use hyper::Response;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::sync::oneshot;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::Role;

use super::server::{Body, Call, accepted, error, full, parse_timeout};
use super::state::Shared;

/// Output chunks are at most this large, as Pebble sends them.
const CHUNK: usize = 128 * 1024;

/// One command the charm ran through the fake's exec API.
///
/// A handler receives it and tests read it back with
/// [`FakePebble::exec_calls`](super::FakePebble::exec_calls).
///
/// # Examples
///
/// ```
/// use charm_runtime::testing::{ExecResult, FakePebble};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let fake = FakePebble::start().unwrap();
/// fake.handle_exec(["cat"], |call| ExecResult::ok(call.stdin.clone()));
/// let process = fake.client().exec(["cat"]).stdin("hi").env("A", "1").await.unwrap();
/// process.wait().await.unwrap();
/// let call = &fake.exec_calls()[0];
/// assert_eq!((call.command.as_slice(), call.stdin.as_slice()), (&["cat".to_owned()][..], &b"hi"[..]));
/// assert_eq!(call.environment["A"], "1");
/// # }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExecCall {
    /// The command and its arguments.
    pub command: Vec<String>,
    /// The environment the command ran with (the request's, plus Pebble's defaults).
    pub environment: BTreeMap<String, String>,
    /// The working directory.
    pub working_dir: String,
    /// The `user` asked for, if any.
    pub user: Option<String>,
    /// The `user-id` asked for, if any.
    pub user_id: Option<u32>,
    /// The `group` asked for, if any.
    pub group: Option<String>,
    /// The `group-id` asked for, if any.
    pub group_id: Option<u32>,
    /// The service whose context the command ran in, if any.
    pub service_context: Option<String>,
    /// The timeout asked for, as Pebble's duration text.
    pub timeout: Option<String>,
    /// Everything the client wrote to the command's standard input.
    pub stdin: Vec<u8>,
}

/// What a command handled by the fake outputs and how it exits.
///
/// # Examples
///
/// ```
/// use charm_runtime::testing::ExecResult;
///
/// let ok = ExecResult::ok("hello\n");
/// assert_eq!(ok.exit_code, 0);
/// let failed = ExecResult::new(2).with_stderr("no such table\n");
/// assert_eq!(failed.stderr, b"no such table\n");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExecResult {
    /// The exit code.
    pub exit_code: i32,
    /// Standard output.
    pub stdout: Vec<u8>,
    /// Standard error.
    pub stderr: Vec<u8>,
    /// How long the command runs before it exits (zero: it exits at once). With an exec
    /// `timeout` shorter than this, Pebble kills it when the timeout passes.
    pub runs_for: Duration,
}

impl ExecResult {
    /// A command that exits with `exit_code` and prints nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_runtime::testing::ExecResult::new(3).exit_code, 3);
    /// ```
    pub fn new(exit_code: i32) -> Self {
        Self {
            exit_code,
            ..Self::default()
        }
    }

    /// A command that prints `stdout` and exits 0.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_runtime::testing::ExecResult::ok("hi").stdout, b"hi");
    /// ```
    pub fn ok(stdout: impl Into<Vec<u8>>) -> Self {
        Self::new(0).with_stdout(stdout)
    }

    /// The same, printing `stdout` on standard output.
    ///
    /// # Examples
    ///
    /// ```
    /// let r = charm_runtime::testing::ExecResult::new(1).with_stdout("partial");
    /// assert_eq!(r.stdout, b"partial");
    /// ```
    #[must_use]
    pub fn with_stdout(mut self, stdout: impl Into<Vec<u8>>) -> Self {
        self.stdout = stdout.into();
        self
    }

    /// The same, running for `duration` before it exits: a command asked to finish within a
    /// shorter `timeout` is killed then and its change fails, as Pebble does.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use charm_runtime::testing::{ExecResult, FakePebble};
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let fake = FakePebble::start().unwrap();
    /// fake.handle_exec(["sleep"], |_| ExecResult::new(0).running_for(Duration::from_secs(5)));
    /// let process = fake.client().exec(["sleep", "5"]).timeout(Duration::from_millis(100)).await.unwrap();
    /// let err = process.wait().await.unwrap_err();
    /// assert!(err.to_string().ends_with("(timed out after 100ms: context deadline exceeded)"));
    /// # }
    /// ```
    #[must_use]
    pub fn running_for(mut self, duration: Duration) -> Self {
        self.runs_for = duration;
        self
    }

    /// The same, printing `stderr` on standard error.
    ///
    /// # Examples
    ///
    /// ```
    /// let r = charm_runtime::testing::ExecResult::new(1).with_stderr("oops");
    /// assert_eq!(r.stderr, b"oops");
    /// ```
    #[must_use]
    pub fn with_stderr(mut self, stderr: impl Into<Vec<u8>>) -> Self {
        self.stderr = stderr.into();
        self
    }
}

/// A test's answer to commands starting with `prefix`.
pub(crate) type Respond = Arc<dyn Fn(&ExecCall) -> ExecResult + Send + Sync>;

/// A registered handler.
#[derive(Clone)]
pub(crate) struct ExecHandler {
    pub(crate) prefix: Vec<String>,
    pub(crate) respond: Respond,
}

impl fmt::Debug for ExecHandler {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExecHandler")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

/// An exec task waiting for or using its websockets.
#[derive(Debug)]
pub(crate) struct Session {
    change: u64,
    call: ExecCall,
    split: bool,
    handler: ExecHandler,
    connected: BTreeSet<String>,
    stderr_out: Option<oneshot::Receiver<Vec<u8>>>,
    stderr_in: Option<oneshot::Sender<Vec<u8>>>,
    stderr_done: Option<oneshot::Sender<()>>,
    stderr_done_rx: Option<oneshot::Receiver<()>>,
}

/// The handler with the longest prefix of `command` (the latest one among equals).
fn find_handler(handlers: &[ExecHandler], command: &[String]) -> Option<ExecHandler> {
    handlers
        .iter()
        .enumerate()
        .filter(|(_, h)| command.starts_with(&h.prefix))
        .max_by_key(|(i, h)| (h.prefix.len(), *i))
        .map(|(_, h)| h.clone())
}

fn opt_string(v: &Value) -> Option<String> {
    v.as_str().filter(|s| !s.is_empty()).map(str::to_owned)
}

fn opt_u32(v: &Value) -> Option<u32> {
    v.as_u64().and_then(|n| u32::try_from(n).ok())
}

/// How long Pebble waits for the output websockets before failing the task.
const CONNECT_DEADLINE: std::time::Duration = std::time::Duration::from_secs(5);

pub(crate) async fn post_exec(shared: &Arc<Shared>, call: Call) -> Response<Body> {
    let body = match call.json().await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let command = super::services::strings(&body["command"]);
    if command.is_empty() {
        return error(400, "must specify command", None);
    }
    let timeout = opt_string(&body["timeout"]);
    if let Some(text) = &timeout
        && let Err(response) = parse_timeout(text)
    {
        return response;
    }
    if body["interactive"].as_bool().unwrap_or(false)
        && !body["terminal"].as_bool().unwrap_or(false)
    {
        return error(
            500,
            "cannot call exec: cannot use interactive mode without a terminal",
            None,
        );
    }
    let service_context = opt_string(&body["service-context"]);
    let context = match &service_context {
        None => crate::layer::Service::default(),
        Some(name) => match shared.read(|s| s.plan().services.get(name).cloned()) {
            Some(service) => service,
            None => return error(400, &format!("context service {name:?} not found"), None),
        },
    };
    let working_dir = opt_string(&body["working-dir"]).or_else(|| context.working_dir.clone());
    if let Some(dir) = &working_dir {
        let exists = match super::files::host_path(&shared.root, dir) {
            Some(host) => tokio::fs::metadata(host).await.is_ok_and(|m| m.is_dir()),
            None => false,
        };
        if !exists {
            return error(
                500,
                &format!("cannot call exec: working directory {dir:?} does not exist"),
                None,
            );
        }
    }
    let mut environment = context.environment;
    if let Some(given) = body["environment"].as_object() {
        environment.extend(
            given
                .iter()
                .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned()))),
        );
    }
    for (key, value) in [
        (
            "PATH",
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        ),
        ("LANG", "C.UTF-8"),
        ("HOME", "/root"),
        ("USER", "root"),
    ] {
        environment
            .entry(key.to_owned())
            .or_insert_with(|| value.to_owned());
    }
    let working_dir = working_dir.unwrap_or_else(|| "/root".to_owned());
    let exec_call = ExecCall {
        command: command.clone(),
        environment: environment.clone(),
        working_dir: working_dir.clone(),
        user: opt_string(&body["user"]).or(context.user),
        user_id: opt_u32(&body["user-id"]),
        group: opt_string(&body["group"]).or(context.group),
        group_id: opt_u32(&body["group-id"]),
        service_context,
        timeout,
        stdin: Vec::new(),
    };
    let split = body["split-stderr"].as_bool().unwrap_or(false);
    shared.write(|s| {
        let Some(handler) = find_handler(&s.exec_handlers, &command) else {
            s.exec_calls.push(exec_call.clone());
            return error(
                400,
                &format!("cannot find executable {:?}", command[0]),
                None,
            );
        };
        let summary = format!("Execute command {:?}", command[0]);
        let change = s.add_change(
            "exec",
            summary.clone(),
            vec![("exec".to_owned(), summary, "Doing", vec![])],
            vec![],
        );
        let task_id = s.changes[&change].tasks[0].id.clone();
        let (stderr_in, stderr_out) = oneshot::channel();
        let (stderr_done, stderr_done_rx) = oneshot::channel();
        s.exec_sessions.insert(
            task_id.clone(),
            Session {
                change,
                call: exec_call,
                split,
                handler,
                connected: BTreeSet::new(),
                stderr_out: Some(stderr_out),
                stderr_in: Some(stderr_in),
                stderr_done: Some(stderr_done),
                stderr_done_rx: Some(stderr_done_rx),
            },
        );
        let deadline = shared.clone();
        let task = task_id.clone();
        tokio::spawn(async move {
            tokio::time::sleep(CONNECT_DEADLINE).await;
            fail_unconnected(&deadline, &task);
        });
        accepted(
            change,
            json!({"task-id": task_id, "environment": environment, "working-dir": working_dir}),
        )
    })
}

/// Fails exec task `task` if its output websockets are still not connected, as Pebble
/// does after [`CONNECT_DEADLINE`].
fn fail_unconnected(shared: &Shared, task: &str) {
    shared.write(|s| {
        let Some(session) = s.exec_sessions.get(task) else {
            return;
        };
        let connected = session.connected.contains("stdio")
            && (!session.split || session.connected.contains("stderr"));
        if connected {
            return;
        }
        let change = session.change;
        s.exec_sessions.remove(task);
        if let Some(c) = s.changes.get_mut(&change) {
            let mut errors = Vec::new();
            for t in &mut c.tasks {
                t.status = "Error";
                t.ready = Some(SystemTime::now());
                errors.push(format!(
                    "- {} (exec {task}: timeout waiting for websocket connections: context deadline exceeded)",
                    t.summary
                ));
            }
            c.err = Some(format!(
                "cannot perform the following tasks:\n{}",
                errors.join("\n")
            ));
        }
        s.change_updated(change);
    });
}

/// `GET /v1/tasks/<task>/websocket/<id>`: the upgrade, then the stream's job in a task.
pub(crate) fn websocket(shared: &Arc<Shared>, task: &str, id: &str, call: Call) -> Response<Body> {
    let checked = shared.write(|s| {
        let Some(session) = s.exec_sessions.get_mut(task) else {
            return Err(error(404, &format!("cannot find task {task:?}"), None));
        };
        let known = matches!(id, "control" | "stdio") || (id == "stderr" && session.split);
        if !known {
            return Err(error(
                404,
                &format!("cannot find {id} websocket for task {task:?}"),
                None,
            ));
        }
        if !session.connected.insert(id.to_owned()) {
            return Err(error(
                500,
                &format!("{id} websocket already connected"),
                None,
            ));
        }
        Ok(())
    });
    if let Err(response) = checked {
        return response;
    }
    let Some(key) = call.header(hyper::header::SEC_WEBSOCKET_KEY) else {
        return error(400, "websocket upgrade required", None);
    };
    let accept = derive_accept_key(key.as_bytes());
    let shared = shared.clone();
    let (task, id) = (task.to_owned(), id.to_owned());
    tokio::spawn(async move {
        let Ok(upgraded) = hyper::upgrade::on(call.request).await else {
            return;
        };
        let ws = WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, None).await;
        match id.as_str() {
            "stdio" => run_stdio(&shared, &task, ws).await,
            "stderr" => run_stderr(&shared, &task, ws).await,
            _ => drain_control(ws).await,
        }
    });
    let mut response = Response::new(full(bytes::Bytes::new()));
    *response.status_mut() = hyper::StatusCode::SWITCHING_PROTOCOLS;
    let headers = response.headers_mut();
    headers.insert(
        hyper::header::CONNECTION,
        hyper::header::HeaderValue::from_static("Upgrade"),
    );
    headers.insert(
        hyper::header::UPGRADE,
        hyper::header::HeaderValue::from_static("websocket"),
    );
    if let Ok(value) = hyper::header::HeaderValue::from_str(&accept) {
        headers.insert(hyper::header::SEC_WEBSOCKET_ACCEPT, value);
    }
    response
}

type Ws = WebSocketStream<TokioIo<hyper::upgrade::Upgraded>>;

/// Reads and ignores control messages (signals, resizes) until the client goes away.
async fn drain_control(mut ws: Ws) {
    while let Some(Ok(message)) = ws.next().await {
        if message.is_close() {
            break;
        }
    }
}

/// Whether `text` is the `end` command.
fn is_end(text: &str) -> bool {
    serde_json::from_str::<Value>(text).is_ok_and(|v| v["command"] == "end")
}

/// Sends `bytes` in chunks, then the `end` marker.
async fn send_output(ws: &mut Ws, bytes: &[u8]) {
    for chunk in bytes.chunks(CHUNK) {
        if ws.send(Message::binary(chunk.to_vec())).await.is_err() {
            return;
        }
    }
    let _ = ws.send(Message::text(r#"{"command":"end"}"#)).await;
}

/// Reads stdin, runs the handler, writes the output and finishes the task.
async fn run_stdio(shared: &Shared, task: &str, mut ws: Ws) {
    let mut stdin = Vec::new();
    while let Some(Ok(message)) = ws.next().await {
        match message {
            Message::Binary(data) => stdin.extend_from_slice(&data),
            Message::Text(text) if is_end(&text) => break,
            Message::Close(_) => break,
            _ => {}
        }
    }
    let Some((mut call, handler, split, stderr_in, stderr_done_rx, change)) = shared.write(|s| {
        let session = s.exec_sessions.get_mut(task)?;
        Some((
            session.call.clone(),
            session.handler.clone(),
            session.split,
            session.stderr_in.take(),
            session.stderr_done_rx.take(),
            session.change,
        ))
    }) else {
        return;
    };
    call.stdin = stdin;
    let result = (handler.respond)(&call);
    let timeout = call
        .timeout
        .as_deref()
        .and_then(|t| parse_timeout(t).ok())
        .filter(|t| !t.is_zero());
    shared.write(|s| s.exec_calls.push(call));
    if let Some(timeout) = timeout.filter(|t| *t < result.runs_for) {
        tokio::time::sleep(timeout).await;
        time_out(shared, task, change, timeout);
        send_output(&mut ws, &[]).await;
        if let Some(tx) = stderr_in {
            let _ = tx.send(Vec::new());
        }
        close_when_done(ws).await;
        return;
    }
    tokio::time::sleep(result.runs_for).await;
    if split {
        send_output(&mut ws, &result.stdout).await;
        if let Some(tx) = stderr_in {
            let _ = tx.send(result.stderr);
        }
        if let Some(rx) = stderr_done_rx {
            let _ = rx.await;
        }
    } else {
        let mut both = result.stdout;
        both.extend_from_slice(&result.stderr);
        send_output(&mut ws, &both).await;
    }
    shared.write(|s| {
        s.exec_sessions.remove(task);
        if let Some(c) = s.changes.get_mut(&change) {
            for t in &mut c.tasks {
                t.status = "Done";
                t.ready = Some(SystemTime::now());
                t.data = Some(json!({"exit-code": result.exit_code}));
            }
        }
        s.change_updated(change);
    });
    close_when_done(ws).await;
}

/// Pebble abandons a stream after `end`; waits for the client to close it.
async fn close_when_done(mut ws: Ws) {
    while let Some(Ok(message)) = ws.next().await {
        if message.is_close() {
            break;
        }
    }
}

/// Fails exec task `task` of change `change` as Pebble does when the command outlives its
/// `timeout`.
fn time_out(shared: &Shared, task: &str, change: u64, timeout: Duration) {
    shared.write(|s| {
        s.exec_sessions.remove(task);
        if let Some(c) = s.changes.get_mut(&change) {
            let mut failed = Vec::new();
            for t in &mut c.tasks {
                t.status = "Error";
                t.ready = Some(SystemTime::now());
                failed.push(format!(
                    "\n- {} (timed out after {}: context deadline exceeded)",
                    t.summary,
                    crate::layer::GoDuration(timeout)
                ));
            }
            c.err = Some(format!(
                "cannot perform the following tasks:{}",
                failed.concat()
            ));
        }
        s.change_updated(change);
    });
}

/// Waits for the handler's stderr and writes it.
async fn run_stderr(shared: &Shared, task: &str, mut ws: Ws) {
    let Some((out, done)) = shared.write(|s| {
        let session = s.exec_sessions.get_mut(task)?;
        Some((session.stderr_out.take()?, session.stderr_done.take()?))
    }) else {
        return;
    };
    let bytes = out.await.unwrap_or_default();
    send_output(&mut ws, &bytes).await;
    let _ = done.send(());
    while let Some(Ok(message)) = ws.next().await {
        if message.is_close() {
            break;
        }
    }
}
