//! Changes and tasks: `GET /v1/changes`, `GET|POST /v1/changes/{id}`, `GET /v1/changes/{id}/wait`.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use tokio::time::Instant;

use super::Timestamp;
use super::progress::Backoff;
use super::wire::{ApiRequest, check_id};
use super::{Client, Error, Result};
use crate::request::into_future;

/// The ID of a change, such as `"17"`.
///
/// # Examples
///
/// ```
/// use charm_runtime::pebble::ChangeId;
///
/// let id = ChangeId::from("17");
/// assert_eq!(id.as_str(), "17");
/// assert_eq!(id.to_string(), "17");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ChangeId(String);

impl ChangeId {
    /// The ID as Pebble writes it.
    ///
    /// # Examples
    ///
    /// See [`ChangeId`].
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for ChangeId {
    fn from(id: String) -> Self {
        Self(id)
    }
}

impl From<&str> for ChangeId {
    fn from(id: &str) -> Self {
        Self(id.to_owned())
    }
}

impl fmt::Display for ChangeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The status of a change or task.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub enum ChangeStatus {
    /// Not yet run (never emitted for changes).
    Default,
    /// Will not run.
    Hold,
    /// Ready to run.
    Do,
    /// Running.
    Doing,
    /// Finished.
    Done,
    /// Being aborted.
    Abort,
    /// Ready to be undone.
    Undo,
    /// Being undone.
    Undoing,
    /// Undone.
    Undone,
    /// Failed.
    Error,
    /// Waiting for something outside Pebble.
    Wait,
    /// A status this client does not know.
    #[serde(untagged)]
    Other(String),
}

/// A task's progress.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[non_exhaustive]
pub struct TaskProgress {
    /// A label for the progress.
    #[serde(default)]
    pub label: String,
    /// Units done.
    #[serde(default)]
    pub done: u64,
    /// Units in all.
    #[serde(default)]
    pub total: u64,
}

/// One task of a change.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct Task {
    /// The task ID.
    pub id: String,
    /// The kind, such as `start` or `exec`.
    pub kind: String,
    /// A human summary.
    #[serde(default)]
    pub summary: String,
    /// The status.
    pub status: ChangeStatus,
    /// The last log lines (at most 10).
    #[serde(default)]
    pub log: Vec<String>,
    /// The progress.
    #[serde(default)]
    pub progress: TaskProgress,
    /// When the task was created.
    #[serde(default)]
    pub spawn_time: Timestamp,
    /// When the task became ready, once it is.
    #[serde(default)]
    pub ready_time: Option<Timestamp>,
    /// Task data, such as `{"exit-code": 0}` for exec tasks.
    #[serde(default)]
    pub data: BTreeMap<String, serde_json::Value>,
}

/// A change: a group of tasks Pebble runs for one request.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct Change {
    /// The change ID.
    pub id: ChangeId,
    /// The kind, such as `replan` or `exec`.
    pub kind: String,
    /// A human summary.
    #[serde(default)]
    pub summary: String,
    /// The status.
    pub status: ChangeStatus,
    /// The tasks.
    #[serde(default)]
    pub tasks: Vec<Task>,
    /// Whether the change has finished.
    #[serde(default)]
    pub ready: bool,
    /// The error, when the change failed.
    #[serde(default)]
    pub err: Option<String>,
    /// When the change was created.
    #[serde(default)]
    pub spawn_time: Timestamp,
    /// When the change became ready, once it is.
    #[serde(default)]
    pub ready_time: Option<Timestamp>,
    /// Change data.
    #[serde(default)]
    pub data: BTreeMap<String, serde_json::Value>,
}

impl Change {
    /// Turns a change that ended with an error into [`Error::Change`].
    pub(crate) fn into_result(self) -> Result<Change> {
        if self.err.as_deref().is_some_and(|e| !e.is_empty()) {
            Err(Error::Change {
                change: Box::new(self),
            })
        } else {
            Ok(self)
        }
    }
}

/// Which changes [`Client::changes`] lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ChangeSelect {
    /// Changes still running (Pebble's default).
    #[default]
    InProgress,
    /// Finished changes.
    Ready,
    /// All changes.
    All,
}

impl ChangeSelect {
    fn as_str(self) -> &'static str {
        match self {
            Self::InProgress => "in-progress",
            Self::Ready => "ready",
            Self::All => "all",
        }
    }
}

/// A listing of changes, sent when awaited: [`Client::changes`]. Without a setter it lists
/// the changes still running, as Pebble does.
///
/// # Examples
///
/// ```no_run
/// use charm_runtime::pebble::changes::ChangeSelect;
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// let web = client.changes().select(ChangeSelect::All).service("web").await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[must_use = "a Pebble request does nothing until it is awaited"]
pub struct ChangeQuery<'a> {
    client: &'a Client,
    select: ChangeSelect,
    service: Option<String>,
}

impl ChangeQuery<'_> {
    /// Which changes to list (default [`ChangeSelect::InProgress`]).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::pebble::changes::ChangeSelect;
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let done = client.changes().select(ChangeSelect::Ready).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn select(mut self, select: ChangeSelect) -> Self {
        self.select = select;
        self
    }

    /// Only service changes that involved `service`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let web = client.changes().service("web").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn service(mut self, service: impl Into<String>) -> Self {
        self.service = Some(service.into());
        self
    }

    async fn send(self) -> Result<Vec<Change>> {
        let mut req = ApiRequest::get("/v1/changes").query("select", self.select.as_str());
        if let Some(service) = &self.service {
            req = req.query("for", service);
        }
        let mut changes: Vec<Change> = self.client.sync("changes", req).await?;
        changes.sort_by_key(|c| (c.id.0.len(), c.id.0.clone()));
        Ok(changes)
    }
}

into_future!(['a] ChangeQuery<'a> => Result<Vec<Change>>);

/// Extra time given to a wait on top of the server-side timeout, for the answer to arrive.
const WAIT_MARGIN: Duration = Duration::from_secs(1);

impl Client {
    /// Gets one change.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] with status 404 for an unknown ID.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let change = client.change(&"1".into()).await?;
    /// println!("{} is {:?}", change.summary, change.status);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn change(&self, id: &ChangeId) -> Result<Change> {
        check_id("change", &id.0)?;
        self.sync("change", ApiRequest::get(format!("/v1/changes/{id}")))
            .await
    }

    /// Lists changes, sorted by ID: those still running, or those the [`ChangeQuery`]
    /// selects.
    ///
    /// # Errors
    ///
    /// The connection and API errors of every call.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::pebble::changes::ChangeSelect;
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let running = client.changes().await?;
    /// let all = client.changes().select(ChangeSelect::All).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn changes(&self) -> ChangeQuery<'_> {
        ChangeQuery {
            client: self,
            select: ChangeSelect::default(),
            service: None,
        }
    }

    /// Waits until a change is ready, or `timeout` elapses, and returns it.
    ///
    /// The change is returned whatever its outcome; use [`Change::err`] to see if it failed.
    /// It is returned only once it is ready: `Ok` always holds a change with `ready: true`.
    /// A `timeout` under one millisecond does not wait: it looks at the change once.
    ///
    /// Pebble is asked to wait in periods no longer than the client's timeout, so a daemon
    /// that stops answering is noticed within one period plus a second; an answer that comes
    /// back before the change is ready (a 504 sooner than asked, or `ready: false`) is asked
    /// again after a growing pause, never in a tight loop.
    ///
    /// # Errors
    ///
    /// [`Error::Timeout`] when the change is not ready in time, or when Pebble stops
    /// answering; its `after` is the time actually waited. [`Error::Api`] with status 404
    /// for an unknown ID.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let change = client.wait_change(&"4".into(), Duration::from_secs(30)).await?;
    /// assert!(change.ready);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn wait_change(&self, id: &ChangeId, timeout: Duration) -> Result<Change> {
        check_id("change", &id.0)?;
        let start = Instant::now();
        let deadline = start + timeout;
        let what = format!("change {id}");
        let mut backoff = Backoff::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            // Pebble reads a zero timeout as "wait forever", and durations are sent in
            // milliseconds: under one, look once.
            if left < Duration::from_millis(1) {
                let change = self.change(id).await?;
                return if change.ready {
                    Ok(change)
                } else {
                    Err(Error::timeout_since(what, start))
                };
            }
            let period = left.min(self.timeout());
            let asked = Instant::now();
            let req = ApiRequest::get(format!("/v1/changes/{id}/wait"))
                .query("timeout", &super::plan::format_duration(period));
            let answer = tokio::time::timeout(period + WAIT_MARGIN, async {
                self.transport.envelope(req).await?.result::<Change>()
            })
            .await;
            match answer {
                Ok(Ok(change)) if change.ready => return Ok(change),
                // Pebble answers 504 when its wait timed out.
                Ok(Ok(_) | Err(Error::Api { status: 504, .. })) => {}
                Ok(Err(error)) => return Err(error),
                Err(_) => {
                    return Err(Error::timeout_since(
                        format!("{what} (pebble stopped answering)"),
                        start,
                    ));
                }
            }
            if Instant::now() >= deadline {
                return Err(Error::timeout_since(what, start));
            }
            if asked.elapsed() < period {
                // Answered sooner than asked: pause before asking again.
                backoff.pause(deadline).await;
            }
        }
    }

    /// Waits for a change and turns a failed change into [`Error::Change`].
    pub(crate) async fn wait_change_ok(&self, id: &ChangeId, timeout: Duration) -> Result<Change> {
        self.wait_change(id, timeout).await?.into_result()
    }

    /// Aborts a change that is still running and returns it.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] with status 400 when the change has nothing pending.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let change = client.abort_change(&"12".into()).await?;
    /// println!("{} is now {:?}", change.id, change.status);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn abort_change(&self, id: &ChangeId) -> Result<Change> {
        check_id("change", &id.0)?;
        let req = ApiRequest::post_json(
            format!("/v1/changes/{id}"),
            &serde_json::json!({"action": "abort"}),
        )?;
        self.sync("abort change", req).await
    }
}
