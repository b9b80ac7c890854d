//! [`Process`]: a command started by [`Client::exec`], and waiting for it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use super::driver::{Collect, Driver, Role, Shared, Which, lock};
use super::frames::signal_command;
use super::streams::{ProcessOutput, ProcessStdin};
use super::{ExecError, ExecOutput};
use crate::pebble::transport::WsConn;
use crate::pebble::{Change, ChangeId, Client, Error, Result};

/// Extra time the client gives Pebble after the command's timeout, on each step.
const MARGIN: Duration = Duration::from_secs(1);

/// How long a command without timeout is waited for: as long as it runs.
const WAIT_FOREVER: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// How long the output may stay silent after the command exited (at most; the client's
/// timeout when shorter). Pebble ends the output as soon as the command exits, so this is
/// only reached when the daemon or the connection misbehaves.
const OUTPUT_GRACE: Duration = Duration::from_secs(5);

/// A command running in the workload container.
///
/// Returned by [`Client::exec`]. Finish it with one of [`wait_output`](Self::wait_output)
/// (collects stdout and stderr), [`wait`](Self::wait) (output went to writers or streams, or
/// is discarded) or [`wait_exit_code`](Self::wait_exit_code) (no error on a non-zero exit).
///
/// Dropping a `Process` before it finished drops its control connection without a close
/// frame, and Pebble then kills the command (SIGKILL).
///
/// # Examples
///
/// ```no_run
/// use std::time::Duration;
///
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// let process = client
///     .exec(["pg_dump", "mydb"])
///     .timeout(Duration::from_secs(300))
///     .await?;
/// let output = process.wait_output().await?;
/// for line in String::from_utf8_lossy(&output.stderr).lines() {
///     tracing::warn!("pg_dump: {line}");
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct Process {
    client: Client,
    change_id: ChangeId,
    task_id: String,
    command: Vec<String>,
    /// When the command was started, for the time waited in errors.
    started: Instant,
    /// When Pebble should have reported the end of a command with a timeout.
    deadline: Option<Instant>,
    control: WsConn,
    driver: Shared,
}

/// What a finished command left.
struct Finished {
    exit_code: i32,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

impl Process {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        client: Client,
        change_id: ChangeId,
        task_id: String,
        command: Vec<String>,
        timeout: Option<Duration>,
        started: Instant,
        control: WsConn,
        driver: Driver,
    ) -> Self {
        Self {
            client,
            change_id,
            task_id,
            command,
            started,
            deadline: timeout.map(|t| started + t + MARGIN),
            control,
            driver: Arc::new(Mutex::new(driver)),
        }
    }

    /// The command line.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let process = client.exec(["true"]).await?;
    /// assert_eq!(process.command(), ["true"]);
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn command(&self) -> &[String] {
        &self.command
    }

    /// The ID of the `exec` change Pebble runs the command in.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let process = client.exec(["true"]).await?;
    /// println!("running as change {}", process.change_id());
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn change_id(&self) -> &ChangeId {
        &self.change_id
    }

    /// The ID of the task that runs the command.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let process = client.exec(["true"]).await?;
    /// assert!(!process.task_id().is_empty());
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn task_id(&self) -> &str {
        &self.task_id
    }

    /// Takes the command's stdin as an [`AsyncWrite`](tokio::io::AsyncWrite) stream.
    ///
    /// `None` when [`Exec::stdin`](super::Exec::stdin) or
    /// [`stdin_reader`](super::Exec::stdin_reader) set a source, when it was taken
    /// already, or when output was read or waited for first (stdin that nobody claimed is
    /// closed then, so commands like `cat` do not wait for input forever). Take it before
    /// reading output.
    ///
    /// # Examples
    ///
    /// See [`ProcessStdin`].
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let mut process = client.exec(["cat"]).await?;
    /// assert!(process.take_stdin().is_some());
    /// assert!(process.take_stdin().is_none());
    /// # Ok(())
    /// # }
    /// ```
    pub fn take_stdin(&mut self) -> Option<ProcessStdin> {
        lock(&self.driver)
            .take_stdin()
            .then(|| ProcessStdin::new(self.driver.clone()))
    }

    /// Takes the command's stdout as an [`AsyncRead`](tokio::io::AsyncRead) stream.
    ///
    /// `None` when [`Exec::stdout_writer`](super::Exec::stdout_writer) set a
    /// writer or it was taken already. Read it to the end (or drop it) before waiting: the
    /// command cannot finish while its output is not consumed.
    ///
    /// # Examples
    ///
    /// See [`ProcessOutput`].
    ///
    /// ```no_run
    /// use tokio::io::AsyncReadExt;
    /// # async fn f(client: charm_runtime::pebble::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let mut process = client.exec(["echo", "hi"]).await?;
    /// let mut stdout = process.take_stdout().ok_or("taken")?;
    /// let mut text = String::new();
    /// stdout.read_to_string(&mut text).await?;
    /// process.wait().await?;
    /// assert_eq!(text, "hi\n");
    /// # Ok(())
    /// # }
    /// ```
    pub fn take_stdout(&mut self) -> Option<ProcessOutput> {
        lock(&self.driver)
            .take_output(Which::Stdout)
            .then(|| ProcessOutput::new(self.driver.clone(), Which::Stdout))
    }

    /// Takes the command's stderr as an [`AsyncRead`](tokio::io::AsyncRead) stream.
    ///
    /// `None` with [`Exec::combine_stderr`](super::Exec::combine_stderr) (stderr
    /// is in stdout then), when [`stderr_writer`](super::Exec::stderr_writer) set a
    /// writer, or when it was taken already.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use tokio::io::AsyncReadExt;
    /// # async fn f(client: charm_runtime::pebble::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let mut process = client.exec(["sh", "-c", "echo oops >&2"]).await?;
    /// let mut stderr = process.take_stderr().ok_or("taken")?;
    /// let mut text = String::new();
    /// stderr.read_to_string(&mut text).await?;
    /// process.wait().await?;
    /// assert_eq!(text, "oops\n");
    /// # Ok(())
    /// # }
    /// ```
    pub fn take_stderr(&mut self) -> Option<ProcessOutput> {
        lock(&self.driver)
            .take_output(Which::Stderr)
            .then(|| ProcessOutput::new(self.driver.clone(), Which::Stderr))
    }

    /// Sends a signal to the command, by name: `"SIGTERM"`, `"TERM"`, `"sighup"`, ...
    ///
    /// A command killed by a signal exits with code 128 + the signal number (143 for SIGTERM).
    ///
    /// # Errors
    ///
    /// [`Error::Protocol`] when the control connection is gone (the command has finished).
    /// Pebble ignores unknown signal names.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::pebble::Error;
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let mut process = client.exec(["sleep", "10"]).await?;
    /// process.send_signal("SIGTERM").await?;
    /// match process.wait().await {
    ///     Err(Error::Exec(e)) => assert_eq!(e.exit_code, 143),
    ///     other => panic!("unexpected {other:?}"),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send_signal(&mut self, signal: &str) -> Result<()> {
        self.control.send_text(&signal_command(signal)).await
    }

    /// Waits for the command to finish and returns its stdout and stderr.
    ///
    /// Output that goes to a writer or was taken as a stream is not in the result. Collected
    /// output is held in memory: for large output use
    /// [`Exec::stdout_writer`](super::Exec::stdout_writer) or
    /// [`take_stdout`](Self::take_stdout).
    ///
    /// # Errors
    ///
    /// - [`Error::Exec`] when the command exits with a non-zero code; it carries the output.
    /// - [`Error::Change`] when Pebble could not run the command or killed it at its timeout
    ///   (the message says "timed out").
    /// - [`Error::Timeout`] when Pebble does not report the end by the timeout plus a margin.
    /// - [`Error::Io`] when the stdin source or an output writer failed.
    /// - [`Error::Protocol`] when a websocket broke.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let process = client
    ///     .exec(["tr", "a-z", "A-Z"])
    ///     .stdin("This is\na test\n")
    ///     .await?;
    /// let output = process.wait_output().await?;
    /// assert_eq!(output.stdout, b"THIS IS\nA TEST\n");
    /// # Ok(())
    /// # }
    /// ```
    pub async fn wait_output(self) -> Result<ExecOutput> {
        let command = self.command.clone();
        let done = self.finish(Collect::All).await?;
        if done.exit_code == 0 {
            Ok(ExecOutput {
                stdout: done.stdout,
                stderr: done.stderr,
            })
        } else {
            Err(exec_error(command, done))
        }
    }

    /// Waits for the command to finish, for output that goes to writers or streams.
    ///
    /// Output that nobody claimed is discarded, except its last 64 KiB, which a non-zero exit
    /// reports in [`ExecError`].
    ///
    /// # Errors
    ///
    /// As [`wait_output`](Self::wait_output).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let input = tokio::fs::File::open("LICENSE.txt").await?;
    /// let output = tokio::fs::File::create("output.txt").await?;
    /// let errors = tokio::fs::File::create("errors.txt").await?;
    /// let process = client
    ///     .exec(["tr", "a-z", "A-Z"])
    ///     .stdin_reader(input)
    ///     .stdout_writer(output)
    ///     .stderr_writer(errors)
    ///     .await?;
    /// process.wait().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn wait(self) -> Result<()> {
        let command = self.command.clone();
        let done = self.finish(Collect::Tails).await?;
        if done.exit_code == 0 {
            Ok(())
        } else {
            Err(exec_error(command, done))
        }
    }

    /// Waits for the command to finish and returns its exit code, whatever it is.
    ///
    /// Output that nobody claimed is discarded.
    ///
    /// # Errors
    ///
    /// As [`wait_output`](Self::wait_output), except that a non-zero exit is not an error.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let code = client
    ///     .exec(["test", "-e", "/etc/app.conf"])
    ///     .await?
    ///     .wait_exit_code()
    ///     .await?;
    /// let configured = code == 0;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn wait_exit_code(self) -> Result<i32> {
        Ok(self.finish(Collect::Tails).await?.exit_code)
    }

    /// Drives the I/O and waits for the change, bounded by the timeout plus margins.
    async fn finish(self, collect: Collect) -> Result<Finished> {
        lock(&self.driver).begin_wait(collect);
        let change = match self.deadline {
            Some(deadline) => tokio::time::timeout_at(deadline + MARGIN, self.drive_and_wait())
                .await
                .unwrap_or_else(|_| Err(self.timeout_error()))?,
            None => self.drive_and_wait().await?,
        };
        let mut driver = lock(&self.driver);
        if let Some(error) = driver.take_error() {
            return Err(error);
        }
        let what = |which: &str| format!("the {which} of command {:?}", self.command);
        if let Some(limit) = driver.overflowed(Which::Stdout) {
            return Err(Error::TooLarge {
                what: what("stdout"),
                limit,
            });
        }
        if let Some(limit) = driver.overflowed(Which::Stderr) {
            return Err(Error::TooLarge {
                what: what("stderr"),
                limit,
            });
        }
        Ok(Finished {
            exit_code: exit_code(&change)?,
            stdout: driver.take_collected(Which::Stdout),
            stderr: driver.take_collected(Which::Stderr),
        })
    }

    /// Moves the I/O while waiting for the change; once the change is done, gives the output
    /// a grace period of no progress to end, then fails rather than wait forever.
    async fn drive_and_wait(&self) -> Result<Change> {
        let io = std::future::poll_fn(|cx| lock(&self.driver).poll_background(Role::Wait, cx));
        let change = self.wait_change();
        tokio::pin!(io, change);
        let mut io_done = false;
        let change = loop {
            tokio::select! {
                () = &mut io, if !io_done => io_done = true,
                change = &mut change => break change?.into_result()?,
            }
        };
        if io_done {
            return Ok(change);
        }
        let grace = self.client.timeout().min(OUTPUT_GRACE);
        let mut seen = lock(&self.driver).progress();
        let mut since = Instant::now();
        loop {
            tokio::select! {
                () = &mut io => return Ok(change),
                () = tokio::time::sleep_until(since + grace) => {
                    let now = lock(&self.driver).progress();
                    if now == seen {
                        return Err(Error::timeout_since(
                            format!(
                                "the end of the output of command {:?} (it exited, but pebble did not end its output)",
                                self.command
                            ),
                            since,
                        ));
                    }
                    seen = now;
                    since = Instant::now();
                }
            }
        }
    }

    /// Waits for the exec change: until the deadline when there is one, else for as long as
    /// the command runs (Pebble is asked in periods of the client's timeout, so a daemon that
    /// stops answering is noticed).
    async fn wait_change(&self) -> Result<Change> {
        match self.deadline {
            Some(deadline) => {
                let left = deadline
                    .saturating_duration_since(Instant::now())
                    .max(Duration::from_millis(1));
                match self.client.wait_change(&self.change_id, left).await {
                    Err(Error::Timeout { what, .. }) if !what.contains("stopped answering") => {
                        Err(self.timeout_error())
                    }
                    other => other,
                }
            }
            None => self.client.wait_change(&self.change_id, WAIT_FOREVER).await,
        }
    }

    /// The timeout error of a command with a timeout: the time waited since it started.
    fn timeout_error(&self) -> Error {
        Error::timeout_since(format!("command {:?}", self.command), self.started)
    }
}

fn exec_error(command: Vec<String>, done: Finished) -> Error {
    Error::Exec(Box::new(ExecError {
        command,
        exit_code: done.exit_code,
        stdout: done.stdout,
        stderr: done.stderr,
    }))
}

/// The exit code Pebble stored in the exec task's data.
fn exit_code(change: &Change) -> Result<i32> {
    change
        .tasks
        .first()
        .and_then(|task| task.data.get("exit-code"))
        .and_then(serde_json::Value::as_i64)
        .and_then(|code| i32::try_from(code).ok())
        .ok_or_else(|| Error::protocol(format!("exec change {} has no exit code", change.id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn require_send<T: Send>(_: &T) {}
    fn require_send_sync<T: Send + Sync>() {}

    /// Compiles only if a process and its handles can move between threads (so a stdin
    /// writer can be given to a spawned task).
    #[allow(dead_code)]
    fn handles_are_send(mut p: Process) {
        require_send_sync::<Process>();
        require_send_sync::<ProcessStdin>();
        require_send_sync::<ProcessOutput>();
        require_send(&p.send_signal("SIGTERM"));
    }

    #[test]
    fn exit_code_comes_from_the_first_task() {
        let change: Change = serde_json::from_value(serde_json::json!({
            "id": "3", "kind": "exec", "status": "Done", "ready": true,
            "tasks": [{"id": "3", "kind": "exec", "status": "Done", "data": {"exit-code": 143}}]
        }))
        .unwrap();
        assert_eq!(exit_code(&change).unwrap(), 143);
    }

    #[test]
    fn missing_exit_code_is_a_protocol_error() {
        let change: Change = serde_json::from_value(serde_json::json!({
            "id": "3", "kind": "exec", "status": "Done", "ready": true, "tasks": []
        }))
        .unwrap();
        assert!(matches!(exit_code(&change), Err(Error::Protocol { .. })));
    }
}
