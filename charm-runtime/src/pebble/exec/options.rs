//! [`Exec`]: what to run, how, and where its input and output go.

use std::collections::BTreeMap;
use std::fmt;
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use serde::Serialize;
use tokio::io::{AsyncRead, AsyncWrite};

use super::Process;
use crate::pebble::owner::owner_setters;
use crate::pebble::{Client, Owner, Result};
use crate::request::into_future;

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

/// A command to run in the workload, started when awaited: [`Client::exec`]. Awaiting it
/// gives the running [`Process`].
///
/// Unless you set a source with [`stdin`](Self::stdin) or [`stdin_reader`](Self::stdin_reader)
/// (or take a writer with [`Process::take_stdin`]), the command's stdin is closed as soon as
/// its output is read or waited for. Unless you set a writer, stdout and stderr are collected
/// by [`Process::wait_output`] or can be streamed with [`Process::take_stdout`].
///
/// # Examples
///
/// ```no_run
/// use std::time::Duration;
///
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// let output = client
///     .exec(["/bin/sh", "-c", "echo HOME=$HOME, FOO=$FOO"])
///     .env("FOO", "bar")
///     .working_dir("/tmp")
///     .timeout(Duration::from_secs(5))
///     .user("bob")
///     .group("staff")
///     .await?
///     .wait_output()
///     .await?;
/// # Ok(())
/// # }
/// ```
#[must_use = "a Pebble request does nothing until it is awaited"]
pub struct Exec<'a> {
    client: &'a Client,
    pub(super) command: Vec<String>,
    pub(super) environment: BTreeMap<String, String>,
    pub(super) working_dir: Option<String>,
    pub(super) timeout: Option<Duration>,
    pub(super) owner: Owner,
    pub(super) service_context: Option<String>,
    pub(super) combine_stderr: bool,
    pub(super) output_limit: usize,
    pub(super) stdin: StdinSource,
    pub(super) stdout: Option<BoxWriter>,
    pub(super) stderr: Option<BoxWriter>,
}

impl fmt::Debug for Exec<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Exec")
            .field("command", &self.command)
            .field(
                "environment",
                &charm_spec::layer::Redacted(&self.environment),
            )
            .field("working_dir", &self.working_dir)
            .field("timeout", &self.timeout)
            .field("owner", &self.owner)
            .field("service_context", &self.service_context)
            .field("combine_stderr", &self.combine_stderr)
            .finish_non_exhaustive()
    }
}

impl<'a> Exec<'a> {
    /// A request to run `command` with `client`.
    pub(super) fn new(client: &'a Client, command: Vec<String>) -> Self {
        Self {
            client,
            command,
            environment: BTreeMap::new(),
            working_dir: None,
            timeout: None,
            owner: Owner::default(),
            service_context: None,
            combine_stderr: false,
            output_limit: super::DEFAULT_OUTPUT_LIMIT,
            stdin: StdinSource::default(),
            stdout: None,
            stderr: None,
        }
    }

    /// The command line this request runs.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let client = charm_runtime::pebble::Client::new("/tmp/pebble.socket");
    /// assert_eq!(client.exec(["pg_dump", "mydb"]).command(), ["pg_dump", "mydb"]);
    /// # }
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
    /// ```no_run
    /// # use std::collections::HashMap;
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let vars = HashMap::from([("PGHOST", "localhost"), ("PGPORT", "5432")]);
    /// client.exec(["pg_dump", "mydb"]).environment(vars).await?.wait().await?;
    /// # Ok(()) }
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
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// client.exec(["env"]).env("FOO", "bar").await?.wait().await?;
    /// # Ok(()) }
    /// ```
    pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.environment.insert(key.into(), value.into());
        self
    }

    /// Runs the command in `dir` (default: the home directory of the user, else `/`).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// client.exec(["ls"]).working_dir("/var/lib/app").await?.wait().await?;
    /// # Ok(()) }
    /// ```
    pub fn working_dir(mut self, dir: impl Into<String>) -> Self {
        self.working_dir = Some(dir.into());
        self
    }

    /// Collects at most `limit` bytes of stdout and of stderr for
    /// [`Process::wait_output`] (default [`DEFAULT_OUTPUT_LIMIT`](super::DEFAULT_OUTPUT_LIMIT),
    /// 64 MiB); past it the wait fails with
    /// [`Error::TooLarge`](crate::pebble::Error::TooLarge) once the command has ended. Output
    /// sent to a writer or read as a stream is not limited.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let out = client.exec(["cat", "/var/log/big"]).output_limit(1 << 30).await?.wait_output().await?;
    /// # Ok(()) }
    /// ```
    pub fn output_limit(mut self, limit: usize) -> Self {
        self.output_limit = limit;
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
    /// ```no_run
    /// # use std::time::Duration;
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// client.exec(["pg_dump", "mydb"]).timeout(Duration::from_secs(300)).await?.wait().await?;
    /// # Ok(()) }
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = (!timeout.is_zero()).then_some(timeout);
        self
    }

    owner_setters!(role = "the command runs as", call = "client.exec([\"id\"])");

    /// Inherits the environment, user, group and working directory of the service `service`.
    ///
    /// The other options override the service's settings; the environment is merged on top.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// client.exec(["pg_dump", "mydb"]).service_context("database").await?.wait().await?;
    /// # Ok(()) }
    /// ```
    pub fn service_context(mut self, service: impl Into<String>) -> Self {
        self.service_context = Some(service.into());
        self
    }

    /// Sends stderr into stdout, as one stream (default `false`: separate streams).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// client.exec(["make"]).combine_stderr(true).await?.wait().await?;
    /// # Ok(()) }
    /// ```
    pub fn combine_stderr(mut self, combine: bool) -> Self {
        self.combine_stderr = combine;
        self
    }

    /// Sends `data` to the command's stdin, then closes it.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// client.exec(["tr", "a-z", "A-Z"]).stdin("This is\na test\n").await?.wait().await?;
    /// client.exec(["cat"]).stdin(vec![1u8, 2]).await?.wait().await?;
    /// # Ok(()) }
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
    /// # async fn f(client: charm_runtime::pebble::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let dump = tokio::fs::File::open("/tmp/mydb.sql").await?;
    /// client.exec(["psql", "mydb"]).stdin_reader(dump).await?.wait().await?;
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
    /// # async fn f(client: charm_runtime::pebble::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let out = tokio::fs::File::create("/tmp/mydb.sql").await?;
    /// client.exec(["pg_dump", "mydb"]).stdout_writer(out).await?.wait().await?;
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
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// // Throw stderr away as it arrives.
    /// client.exec(["make"]).stderr_writer(tokio::io::sink()).await?.wait().await?;
    /// # Ok(()) }
    /// ```
    pub fn stderr_writer(mut self, writer: impl AsyncWrite + Send + Unpin + 'static) -> Self {
        self.stderr = Some(Box::pin(writer));
        self
    }

    async fn send(self) -> Result<Process> {
        let client = self.client;
        client.start_exec(self).await
    }

    /// The JSON body of `POST /v1/exec`.
    pub(super) fn body(&self) -> ExecBody<'_> {
        ExecBody {
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

into_future!(['a] Exec<'a> => Result<Process>);

/// The JSON body of `POST /v1/exec`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct ExecBody<'a> {
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
        let client = Client::new("/tmp/unused.socket");
        let options = client
            .exec(["sh", "-c", "id"])
            .environment([("A", "1")])
            .env("B", "2")
            .working_dir("/tmp")
            .timeout(Duration::from_millis(1500))
            .user_id(65534)
            .group("nogroup")
            .service_context("svc");
        let body = serde_json::to_value(options.body()).unwrap();
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
        let client = Client::new("/tmp/unused.socket");
        let options = client.exec(["true"]).timeout(Duration::ZERO);
        assert_eq!(options.timeout, None);
        let body = serde_json::to_value(options.body()).unwrap();
        assert!(body.get("timeout").is_none(), "{body}");
    }

    #[test]
    fn defaults_split_stderr_and_omit_unset_fields() {
        let client = Client::new("/tmp/unused.socket");
        let body = serde_json::to_value(client.exec(["true"]).body()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"command": ["true"], "split-stderr": true})
        );
        let body = serde_json::to_value(client.exec(["true"]).combine_stderr(true).body()).unwrap();
        assert_eq!(body["split-stderr"], false);
    }
}
