//! Running commands in the workload: `POST /v1/exec` and its websockets.
//!
//! [`Client::exec`] starts a command as Pebble's `exec` change and connects the task's
//! `control`, `stdio` and (unless stderr is combined into stdout) `stderr` websockets.
//! The returned [`Process`] sends stdin, receives output and waits for the exit code:
//!
//! - collect everything with [`Process::wait_output`];
//! - stream with [`Exec::stdin_reader`], [`Exec::stdout_writer`] and
//!   [`Exec::stderr_writer`], then [`Process::wait`];
//! - or take the streams with [`Process::take_stdin`], [`Process::take_stdout`] and
//!   [`Process::take_stderr`] and drive them yourself.
//!
//! There is no background task: the I/O moves whenever the process or one of its streams is
//! polled, so it suits a charm's current-thread runtime. Streams have backpressure and hold at
//! most one websocket frame each.
//!
//! A non-zero exit is [`Error::Exec`] carrying an [`ExecError`];
//! a command Pebble could not run, or killed at its timeout, is
//! [`Error::Change`].
//!
//! # How long a wait lasts
//!
//! Nothing in exec waits forever:
//!
//! - **With [`Exec::timeout`]**, Pebble kills the command at the timeout, and every wait
//!   ([`Process::wait`], [`Process::wait_output`], [`Process::wait_exit_code`]) fails with
//!   [`Error::Timeout`] if Pebble has not reported the end a second or two later; its
//!   `after` is the time actually waited since the command started.
//! - **Without a timeout**, a wait lasts as long as the command runs. Pebble is asked in
//!   periods of the client's timeout, so a daemon that stops answering (frozen, or its
//!   container gone) fails the wait within one period plus a second, and a lost connection
//!   fails it at once ([`Error::ConnectionLost`]).
//! - **After the command has exited**, its output must end: it gets a grace period of no
//!   progress (the client's timeout, at most 5 s); output that keeps flowing is read to the
//!   end, but websockets that stay silent fail the wait with [`Error::Timeout`].
//! - **Collected output** ([`Process::wait_output`]) is bounded by [`Exec::output_limit`]
//!   (default [`DEFAULT_OUTPUT_LIMIT`]); the rest is drained and the wait fails with
//!   [`Error::TooLarge`]. Output sent to writers or read as streams is not buffered.
//!
//! Reading a taken stream ([`Process::take_stdout`]) waits for the command's output with no
//! bound of its own, as a pipe does: a quiet command is not an error. Bound it with
//! [`Exec::timeout`], or wait for the process alongside.
//!
//! # Examples
//!
//! ```no_run
//! use charm_runtime::pebble::{Client, Error};
//!
//! # async fn f(client: Client) -> charm_runtime::pebble::Result<()> {
//! match client.exec(["cat", "--bad-arg"]).await?.wait_output().await {
//!     Ok(output) => println!("{}", String::from_utf8_lossy(&output.stdout)),
//!     Err(Error::Exec(e)) => {
//!         eprintln!("exited with code {}; stderr:", e.exit_code);
//!         for line in String::from_utf8_lossy(&e.stderr).lines() {
//!             eprintln!("    {line}");
//!         }
//!     }
//!     Err(other) => return Err(other),
//! }
//! # Ok(())
//! # }
//! ```

mod driver;
mod frames;
mod options;
mod output;
mod process;
mod streams;

use serde::Deserialize;
use tokio::time::Instant;

pub use options::Exec;
pub use process::Process;
pub use streams::{ProcessOutput, ProcessStdin};

use super::wire::{ApiRequest, check_id};
use super::{ChangeId, Client, Error, Result};
use driver::Driver;

/// The output of a command that exited with code 0.
///
/// # Examples
///
/// ```no_run
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// let output = client.exec(["echo", "hi"]).await?.wait_output().await?;
/// assert_eq!(output.stdout, b"hi\n");
/// assert!(output.stderr.is_empty());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ExecOutput {
    /// Everything the command wrote on stdout (and stderr, when combined).
    pub stdout: Vec<u8>,
    /// Everything the command wrote on stderr (empty when combined into stdout).
    pub stderr: Vec<u8>,
}

/// How much output [`Process::wait_output`] collects from each stream by default: 64 MiB
/// (see [`Exec::output_limit`]).
pub const DEFAULT_OUTPUT_LIMIT: usize = 64 << 20;

/// How much of stderr an [`ExecError`] shows in its message.
const MESSAGE_TAIL: usize = 1024;

/// A command exited with a non-zero code.
///
/// Its message names the command and the exit code, and ends with the last lines of stderr.
/// The full captured output is in the fields: all of it with
/// [`Process::wait_output`], the last 64 KiB with [`Process::wait`], nothing for streams that
/// went to writers or were taken.
///
/// # Examples
///
/// ```no_run
/// use charm_runtime::pebble::Error;
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// let process = client.exec(["sh", "-c", "echo err >&2; exit 3"]).await?;
/// match process.wait_output().await {
///     Err(Error::Exec(e)) => {
///         assert_eq!(e.exit_code, 3);
///         assert_eq!(e.stderr, b"err\n");
///     }
///     other => panic!("unexpected {other:?}"),
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[error("command {command:?} exited with code {exit_code}{}", stderr_tail(.stderr))]
#[non_exhaustive]
pub struct ExecError {
    /// The command line.
    pub command: Vec<String>,
    /// The exit code (128 + signal number when a signal killed it).
    pub exit_code: i32,
    /// Captured standard output, when it was collected.
    pub stdout: Vec<u8>,
    /// Captured standard error, when it was collected.
    pub stderr: Vec<u8>,
}

/// `; stderr: <last lines>` for an error message, or nothing when stderr is empty.
fn stderr_tail(stderr: &[u8]) -> String {
    let start = stderr.len().saturating_sub(MESSAGE_TAIL);
    let text = String::from_utf8_lossy(&stderr[start..]);
    let text = text.trim();
    if text.is_empty() {
        String::new()
    } else if start > 0 {
        format!("; stderr (last {MESSAGE_TAIL} bytes): ...{text}")
    } else {
        format!("; stderr: {text}")
    }
}

/// The `result` of `POST /v1/exec`.
#[derive(Debug, Deserialize)]
struct ExecStarted {
    #[serde(rename = "task-id")]
    task_id: String,
}

impl Client {
    /// Starts a command in the workload container.
    ///
    /// Posts the command, then connects the `control`, `stdio` and `stderr` websockets of its
    /// task. Wait for it with [`Process::wait_output`], [`Process::wait`] or
    /// [`Process::wait_exit_code`]; see [`Exec`] for the environment, user, timeout, input
    /// and output.
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] when Pebble refuses the command: status 400 for an executable that is
    ///   not found, an unknown user or service, a bad timeout; 500 for a missing working
    ///   directory.
    /// - [`Error::Change`] when the task failed before its websockets were connected.
    /// - [`Error::Connection`], [`Error::Timeout`], [`Error::Protocol`] as for any call.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::pebble::Client;
    ///
    /// # async fn f(client: Client) -> charm_runtime::pebble::Result<()> {
    /// let output = client
    ///     .exec(["/bin/sh", "-c", "echo $FOO"])
    ///     .env("FOO", "bar")
    ///     .await?
    ///     .wait_output()
    ///     .await?;
    /// assert_eq!(output.stdout, b"bar\n");
    /// # Ok(())
    /// # }
    /// ```
    pub fn exec<I, S>(&self, command: I) -> Exec<'_>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Exec::new(self, command.into_iter().map(Into::into).collect())
    }

    /// Starts the command of `options`: what awaiting an [`Exec`] does.
    async fn start_exec(&self, options: Exec<'_>) -> Result<Process> {
        let req = ApiRequest::post_json("/v1/exec", &options.body())?;
        let (change_id, started) = self
            .timed("exec", async {
                let envelope = self.transport.envelope(req).await?;
                let change_id = ChangeId::from(envelope.change_id()?);
                let started: ExecStarted = envelope.result()?;
                Ok((change_id, started))
            })
            .await?;
        let started_at = Instant::now();
        check_id("task", &started.task_id)?;
        let split = !options.combine_stderr;
        let connected = async {
            let control = self
                .transport
                .websocket(&started.task_id, "control")
                .await?;
            let stdio = self.transport.websocket(&started.task_id, "stdio").await?;
            let stderr = if split {
                Some(self.transport.websocket(&started.task_id, "stderr").await?)
            } else {
                None
            };
            Ok::<_, Error>((control, stdio, stderr))
        }
        .await;
        let (control, stdio, stderr) = match connected {
            Ok(conns) => conns,
            Err(error) => return Err(self.failed_start(&change_id, error).await),
        };
        let mut driver = Driver::new(stdio, stderr, options.stdin, options.stdout, options.stderr);
        driver.set_output_limit(options.output_limit);
        Ok(Process::new(
            self.clone(),
            change_id,
            started.task_id,
            options.command,
            options.timeout,
            started_at,
            control,
            driver,
        ))
    }

    /// The error to report when the websockets could not be connected: the change's own
    /// error when the task failed, else `error`.
    async fn failed_start(&self, change_id: &ChangeId, error: Error) -> Error {
        tracing::debug!(%error, "cannot connect exec websockets; waiting for the change");
        match self.wait_change(change_id, self.timeout()).await {
            Ok(change) => change.into_result().err().unwrap_or(error),
            Err(_) => error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pebble::transport::TestHttpServer;

    /// Pebble's answers when the exec task failed before its websockets were connected.
    fn failed_task(request_line: &str) -> (u16, String) {
        // Escaped as in JSON.
        let change_err = r#"cannot perform the following tasks:\n- Execute command \"echo\" (exec 8: timeout waiting for websocket connections: context deadline exceeded)"#;
        if request_line.starts_with("POST /v1/exec ") {
            (
                202,
                r#"{"type":"async","status-code":202,"status":"Accepted","change":"7","result":{"task-id":"8"}}"#.into(),
            )
        } else if request_line.starts_with("GET /v1/tasks/8/websocket/") {
            (
                500,
                format!(
                    r#"{{"type":"error","status-code":500,"status":"Internal Server Error","result":{{"message":"{change_err}"}}}}"#
                ),
            )
        } else if request_line.starts_with("GET /v1/changes/7/wait?") {
            (
                200,
                format!(
                    r#"{{"type":"sync","status-code":200,"status":"OK","result":{{"id":"7","kind":"exec","status":"Error","ready":true,"err":"{change_err}","tasks":[{{"id":"8","kind":"exec","status":"Error","data":{{"exit-code":-1}}}}]}}}}"#
                ),
            )
        } else {
            (
                404,
                r#"{"type":"error","status-code":404,"result":{"message":"not found"}}"#.into(),
            )
        }
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_task_that_failed_before_connecting_reports_the_change_error() {
        let server = TestHttpServer::start(failed_task);
        let err = Client::new(server.socket())
            .exec(["echo", "hi"])
            .await
            .unwrap_err();
        match err {
            Error::Change { change } => {
                assert_eq!(change.id, ChangeId::from("7"));
                let message = change.err.unwrap_or_default();
                assert!(
                    message.contains("timeout waiting for websocket"),
                    "{message}"
                );
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    fn error(stderr: &[u8]) -> ExecError {
        ExecError {
            command: vec!["sh".into(), "-c".into(), "exit 3".into()],
            exit_code: 3,
            stdout: Vec::new(),
            stderr: stderr.to_vec(),
        }
    }

    #[test]
    fn message_names_command_and_code() {
        assert_eq!(
            error(b"").to_string(),
            r#"command ["sh", "-c", "exit 3"] exited with code 3"#
        );
    }

    #[test]
    fn message_ends_with_stderr() {
        let message = error(b"cat: unrecognized option '--bad-arg'\n").to_string();
        assert!(
            message.ends_with("exited with code 3; stderr: cat: unrecognized option '--bad-arg'"),
            "{message}"
        );
    }

    #[test]
    fn message_keeps_only_the_tail_of_long_stderr() {
        let mut stderr = vec![b'a'; 5000];
        stderr.extend_from_slice(b"the end");
        let message = error(&stderr).to_string();
        assert!(message.ends_with("the end"), "{message}");
        assert!(message.len() < 1200, "{}", message.len());
        assert!(message.contains("last 1024 bytes"), "{message}");
    }
}
