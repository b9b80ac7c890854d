//! [`ExecOptions`]: what to run, how, and where its input and output go.

use std::collections::BTreeMap;
use std::fmt;
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use serde::Serialize;
use tokio::io::{AsyncRead, AsyncWrite};

use crate::pebble::Owner;
use crate::pebble::owner::owner_setters;

/// A boxed source of stdin.
pub(super) type BoxReader = Pin<Box<dyn AsyncRead + Send>>;
/// A boxed destination of stdout or stderr.
pub(super) type BoxWriter = Pin<Box<dyn AsyncWrite + Send>>;

/// Where the command's standard input comes from.
#[derive(Default)]
pub(super) enum StdinSource {
    /// Nothing set: the caller may take a writer with [`Process::take_stdin`](super::Process::take_stdin).
    #[default]
    Open,
    /// These bytes, then end of file.
    Bytes(Bytes),
    /// Everything this reader yields, then end of file.
    Reader(BoxReader),
}

/// How to run a command with [`Client::exec`](crate::pebble::Client::exec).
///
/// Build it with [`ExecOptions::new`] and the consuming setters. Unless you set a source with
/// [`stdin`](Self::stdin) or [`stdin_reader`](Self::stdin_reader) (or take a writer with
/// [`Process::take_stdin`](super::Process::take_stdin)), the command's stdin is closed as soon
/// as its output is read or waited for. Unless you set a writer, stdout and stderr are
/// collected by [`Process::wait_output`](super::Process::wait_output) or can be streamed with
/// [`Process::take_stdout`](super::Process::take_stdout).
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use charm_runtime::pebble::exec::ExecOptions;
///
/// let options = ExecOptions::new(["/bin/sh", "-c", "echo HOME=$HOME, FOO=$FOO"])
///     .env("FOO", "bar")
///     .working_dir("/tmp")
///     .timeout(Duration::from_secs(5))
///     .user("bob")
///     .group("staff");
/// assert_eq!(options.command(), ["/bin/sh", "-c", "echo HOME=$HOME, FOO=$FOO"]);
/// ```
#[derive(Default)]
#[must_use]
pub struct ExecOptions {
    pub(super) command: Vec<String>,
    pub(super) environment: BTreeMap<String, String>,
    pub(super) working_dir: Option<String>,
    pub(super) timeout: Option<Duration>,
    pub(super) owner: Owner,
    pub(super) service_context: Option<String>,
    pub(super) combine_stderr: bool,
    pub(super) stdin: StdinSource,
    pub(super) stdout: Option<BoxWriter>,
    pub(super) stderr: Option<BoxWriter>,
}

impl fmt::Debug for ExecOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExecOptions")
            .field("command", &self.command)
            .field("environment", &self.environment)
            .field("working_dir", &self.working_dir)
            .field("timeout", &self.timeout)
            .field("owner", &self.owner)
            .field("service_context", &self.service_context)
            .field("combine_stderr", &self.combine_stderr)
            .finish_non_exhaustive()
    }
}

impl ExecOptions {
    /// Options to run `command` (the program, then its arguments).
    ///
    /// The program is looked up in the `PATH` of the Pebble daemon when the command starts.
    ///
    /// # Examples
    ///
    /// ```
    /// # use charm_runtime::pebble::exec::ExecOptions;
    /// let options = ExecOptions::new(["pg_dump", "mydb"]);
    /// assert_eq!(options.command(), ["pg_dump", "mydb"]);
    /// ```
    pub fn new<I, S>(command: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            command: command.into_iter().map(Into::into).collect(),
            ..Self::default()
        }
    }

    /// The command line these options run.
    ///
    /// # Examples
    ///
    /// ```
    /// # use charm_runtime::pebble::exec::ExecOptions;
    /// assert_eq!(ExecOptions::new(["true"]).command(), ["true"]);
    /// ```
    #[must_use]
    pub fn command(&self) -> &[String] {
        &self.command
    }

    /// Adds environment variables, on top of Pebble's own environment (and of the service's
    /// with [`service_context`](Self::service_context)).
    ///
    /// Takes a map or any iterator of pairs; later values win.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::collections::HashMap;
    /// # use charm_runtime::pebble::exec::ExecOptions;
    /// let vars = HashMap::from([("PGHOST", "localhost"), ("PGPORT", "5432")]);
    /// let options = ExecOptions::new(["pg_dump", "mydb"]).environment(vars);
    /// ```
    pub fn environment<I, K, V>(mut self, vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.environment
            .extend(vars.into_iter().map(|(k, v)| (k.into(), v.into())));
        self
    }

    /// Adds one environment variable.
    ///
    /// # Examples
    ///
    /// ```
    /// # use charm_runtime::pebble::exec::ExecOptions;
    /// let options = ExecOptions::new(["env"]).env("FOO", "bar");
    /// ```
    pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.environment.insert(key.into(), value.into());
        self
    }

    /// Runs the command in `dir` (default: the home directory of the user, else `/`).
    ///
    /// # Examples
    ///
    /// ```
    /// # use charm_runtime::pebble::exec::ExecOptions;
    /// let options = ExecOptions::new(["ls"]).working_dir("/var/lib/app");
    /// ```
    pub fn working_dir(mut self, dir: impl Into<String>) -> Self {
        self.working_dir = Some(dir.into());
        self
    }

    /// Kills the command (SIGKILL) when it runs longer than `timeout` (default, and zero: no
    /// limit).
    ///
    /// Waiting then fails with [`Error::Change`](crate::pebble::Error::Change) (its message
    /// says "timed out"), or with [`Error::Timeout`](crate::pebble::Error::Timeout) when
    /// Pebble does not report the end within a second or two more.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use charm_runtime::pebble::exec::ExecOptions;
    /// let options = ExecOptions::new(["pg_dump", "mydb"]).timeout(Duration::from_secs(300));
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = (!timeout.is_zero()).then_some(timeout);
        self
    }

    owner_setters!(
        role = "the command runs as",
        import = "charm_runtime::pebble::exec::ExecOptions",
        new = "ExecOptions::new([\"id\"])",
    );

    /// Inherits the environment, user, group and working directory of the service `service`.
    ///
    /// The other options override the service's settings; the environment is merged on top.
    ///
    /// # Examples
    ///
    /// ```
    /// # use charm_runtime::pebble::exec::ExecOptions;
    /// let options = ExecOptions::new(["pg_dump", "mydb"]).service_context("database");
    /// ```
    pub fn service_context(mut self, service: impl Into<String>) -> Self {
        self.service_context = Some(service.into());
        self
    }

    /// Sends stderr into stdout, as one stream (default `false`: separate streams).
    ///
    /// # Examples
    ///
    /// ```
    /// # use charm_runtime::pebble::exec::ExecOptions;
    /// let options = ExecOptions::new(["make"]).combine_stderr(true);
    /// ```
    pub fn combine_stderr(mut self, combine: bool) -> Self {
        self.combine_stderr = combine;
        self
    }

    /// Sends `data` to the command's stdin, then closes it.
    ///
    /// # Examples
    ///
    /// ```
    /// # use charm_runtime::pebble::exec::ExecOptions;
    /// let options = ExecOptions::new(["tr", "a-z", "A-Z"]).stdin("This is\na test\n");
    /// let raw = ExecOptions::new(["cat"]).stdin(vec![1u8, 2]);
    /// ```
    pub fn stdin(mut self, data: impl Into<Bytes>) -> Self {
        self.stdin = StdinSource::Bytes(data.into());
        self
    }

    /// Streams everything `reader` yields to the command's stdin, then closes it.
    ///
    /// The reader is read as the command consumes its input, so memory stays bounded.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # use charm_runtime::pebble::exec::ExecOptions;
    /// # async fn f() -> std::io::Result<()> {
    /// let dump = tokio::fs::File::open("/tmp/mydb.sql").await?;
    /// let options = ExecOptions::new(["psql", "mydb"]).stdin_reader(dump);
    /// # Ok(())
    /// # }
    /// ```
    pub fn stdin_reader(mut self, reader: impl AsyncRead + Send + 'static) -> Self {
        self.stdin = StdinSource::Reader(Box::pin(reader));
        self
    }

    /// Writes the command's stdout to `writer` as it arrives (with backpressure).
    ///
    /// Use [`Process::wait`](super::Process::wait) then; the writer is flushed at the end.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # use charm_runtime::pebble::exec::ExecOptions;
    /// # async fn f() -> std::io::Result<()> {
    /// let out = tokio::fs::File::create("/tmp/mydb.sql").await?;
    /// let options = ExecOptions::new(["pg_dump", "mydb"]).stdout_writer(out);
    /// # Ok(())
    /// # }
    /// ```
    pub fn stdout_writer(mut self, writer: impl AsyncWrite + Send + Unpin + 'static) -> Self {
        self.stdout = Some(Box::pin(writer));
        self
    }

    /// Writes the command's stderr to `writer` as it arrives (with backpressure).
    ///
    /// Has no effect with [`combine_stderr(true)`](Self::combine_stderr).
    ///
    /// # Examples
    ///
    /// ```
    /// # use charm_runtime::pebble::exec::ExecOptions;
    /// // Throw stderr away as it arrives.
    /// let options = ExecOptions::new(["make"]).stderr_writer(tokio::io::sink());
    /// ```
    pub fn stderr_writer(mut self, writer: impl AsyncWrite + Send + Unpin + 'static) -> Self {
        self.stderr = Some(Box::pin(writer));
        self
    }

    /// The JSON body of `POST /v1/exec`.
    pub(super) fn request(&self) -> ExecRequest<'_> {
        ExecRequest {
            command: &self.command,
            service_context: self.service_context.as_deref(),
            environment: &self.environment,
            working_dir: self.working_dir.as_deref(),
            timeout: self.timeout.map(crate::pebble::plan::format_duration),
            owner: &self.owner,
            split_stderr: !self.combine_stderr,
        }
    }
}

/// The JSON body of `POST /v1/exec`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct ExecRequest<'a> {
    command: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    service_context: Option<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    environment: &'a BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    working_dir: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timeout: Option<String>,
    #[serde(flatten)]
    owner: &'a Owner,
    pub(super) split_stderr: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_body_uses_pebble_field_names() {
        let options = ExecOptions::new(["sh", "-c", "id"])
            .environment([("A", "1")])
            .env("B", "2")
            .working_dir("/tmp")
            .timeout(Duration::from_millis(1500))
            .user_id(65534)
            .group("nogroup")
            .service_context("svc");
        let body = serde_json::to_value(options.request()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "command": ["sh", "-c", "id"],
                "service-context": "svc",
                "environment": {"A": "1", "B": "2"},
                "working-dir": "/tmp",
                "timeout": "1.500s",
                "user-id": 65534,
                "group": "nogroup",
                "split-stderr": true,
            })
        );
    }

    #[test]
    fn zero_timeout_means_no_limit() {
        let options = ExecOptions::new(["true"]).timeout(Duration::ZERO);
        assert_eq!(options.timeout, None);
        let body = serde_json::to_value(options.request()).unwrap();
        assert!(body.get("timeout").is_none(), "{body}");
    }

    #[test]
    fn defaults_split_stderr_and_omit_unset_fields() {
        let body = serde_json::to_value(ExecOptions::new(["true"]).request()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"command": ["true"], "split-stderr": true})
        );
        let body = serde_json::to_value(ExecOptions::new(["true"]).combine_stderr(true).request())
            .unwrap();
        assert_eq!(body["split-stderr"], false);
    }
}
