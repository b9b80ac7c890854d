//! Health checks: `GET /v1/checks`, `POST /v1/checks`, `POST /v1/checks/refresh`.
//!
//! Checks are defined in layers ([`crate::layer::Check`]); Pebble runs each as a change that
//! probes every `period`. A check is `down` after `threshold` consecutive failures and `up`
//! again after one success. [`Client::health`] sums them up. Both select checks the same
//! way, with a [`CheckQuery`].
//!
//! # Examples
//!
//! ```no_run
//! use charm_runtime::pebble::checks::CheckStatus;
//!
//! # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
//! for check in client.checks().await? {
//!     if check.status == CheckStatus::Down {
//!         println!("{} is down after {} failures", check.name, check.failures);
//!     }
//! }
//! # Ok(())
//! # }
//! ```

use super::version::ids;
use std::marker::PhantomData;

use serde::{Deserialize, Serialize};

use super::changes::ChangeId;
use super::health::Health;
use super::wire::ApiRequest;
use super::{Client, Result};
use crate::layer::{CheckLevel, Startup};
use crate::request::into_future;

/// A selection of the plan's checks, sent when awaited: [`Client::checks`] lists them
/// (`T` is `Vec<CheckInfo>`), [`Client::health`] says whether none of them is down (`T` is
/// `bool`). Without a setter every check is selected.
///
/// # Examples
///
/// ```no_run
/// use charm_runtime::layer::CheckLevel;
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// let ready = client.checks().level(CheckLevel::Ready).await?;
/// let db_healthy = client.health().names(["db"]).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[must_use = "a Pebble request does nothing until it is awaited"]
pub struct CheckQuery<'a, T> {
    client: &'a Client,
    level: Option<CheckLevel>,
    names: Vec<String>,
    output: PhantomData<fn() -> T>,
}

impl<'a, T> CheckQuery<'a, T> {
    pub(super) fn new(client: &'a Client) -> Self {
        Self {
            client,
            level: None,
            names: Vec::new(),
            output: PhantomData,
        }
    }

    /// Only checks of `level`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::layer::CheckLevel;
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let alive = client.health().level(CheckLevel::Alive).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn level(mut self, level: CheckLevel) -> Self {
        self.level = Some(level);
        self
    }

    /// Only the named checks.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let db = client.checks().names(["db", "http"]).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn names<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.names = names.into_iter().map(Into::into).collect();
        self
    }

    /// `GET path` with the selection as query parameters.
    fn request(&self, path: &str) -> ApiRequest {
        let mut req = ApiRequest::get(path).query_list("names", &self.names);
        if let Some(level) = self.level {
            req = req.query("level", level.as_str());
        }
        req
    }
}

impl CheckQuery<'_, Vec<CheckInfo>> {
    async fn send(self) -> Result<Vec<CheckInfo>> {
        let req = self.request("/v1/checks");
        let checks: Option<Vec<CheckInfo>> = self.client.sync("checks", req).await?;
        Ok(checks.unwrap_or_default())
    }
}

impl CheckQuery<'_, bool> {
    async fn send(self) -> Result<bool> {
        let req = self.request("/v1/health");
        let health: Health = self.client.sync("health", req).await?;
        Ok(health.healthy)
    }
}

into_future!(['a] CheckQuery<'a, Vec<CheckInfo>> => Result<Vec<CheckInfo>>);
into_future!(['a] CheckQuery<'a, bool> => Result<bool>);

/// The state of a check.
///
/// # Examples
///
/// ```
/// use charm_runtime::pebble::checks::CheckStatus;
///
/// assert_eq!(CheckStatus::Inactive.as_str(), "inactive");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CheckStatus {
    /// Passing (or failing fewer than `threshold` times in a row).
    Up,
    /// Failed `threshold` times in a row.
    Down,
    /// Not running: stopped, or `startup: disabled` and not started.
    Inactive,
    /// A state this client does not know.
    #[serde(untagged)]
    Other(String),
}

impl CheckStatus {
    /// The state as Pebble writes it.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::pebble::checks::CheckStatus;
    ///
    /// assert_eq!(CheckStatus::Down.as_str(), "down");
    /// ```
    pub fn as_str(&self) -> &str {
        match self {
            Self::Up => "up",
            Self::Down => "down",
            Self::Inactive => "inactive",
            Self::Other(other) => other,
        }
    }
}

/// What Pebble says about one check.
///
/// # Examples
///
/// ```no_run
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// let db = client.checks().names(["db"]).await?;
/// if let Some(check) = db.first() {
///     println!("{}: {} ({} successes)", check.name, check.status.as_str(), check.successes);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct CheckInfo {
    /// The check name.
    pub name: String,
    /// Its level, when it has one.
    #[serde(default, deserialize_with = "known_level")]
    pub level: Option<CheckLevel>,
    /// Whether it starts when added (`enabled` unless the plan says `disabled`).
    #[serde(default = "enabled")]
    pub startup: Startup,
    /// Its current state.
    pub status: CheckStatus,
    /// Successful probes since it (re)started.
    #[serde(default)]
    pub successes: u64,
    /// Consecutive failed probes.
    #[serde(default)]
    pub failures: u64,
    /// Consecutive failures that make it `down`.
    #[serde(default)]
    pub threshold: u32,
    /// The change that runs it (`None` when inactive).
    #[serde(default)]
    pub change_id: Option<ChangeId>,
    /// The change that ran it before the current one, if any.
    #[serde(default)]
    pub prev_change_id: Option<ChangeId>,
}

/// A check's level, or `None` for a level this client does not know (a newer Pebble's):
/// reading the checks must not fail for it.
fn known_level<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<Option<CheckLevel>, D::Error> {
    let level: Option<String> = Option::deserialize(deserializer)?;
    Ok(level.and_then(|level| serde_json::from_value(serde_json::Value::String(level)).ok()))
}

fn enabled() -> Startup {
    Startup::Enabled
}

/// What [`Client::refresh_check`] returns: the check after one probe, and the probe's error.
///
/// # Examples
///
/// ```no_run
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// let refresh = client.refresh_check("db").await?;
/// match refresh.error {
///     Some(error) => println!("{} failed: {error}", refresh.info.name),
///     None => println!("{} passed", refresh.info.name),
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct CheckRefresh {
    /// The check after the probe.
    pub info: CheckInfo,
    /// Why the probe failed; `None` when it passed.
    #[serde(default)]
    pub error: Option<String>,
}

#[derive(Serialize)]
struct ChecksAction<'a> {
    action: &'static str,
    checks: &'a [&'a str],
}

#[derive(Deserialize)]
struct Changed {
    #[serde(default)]
    changed: Option<Vec<String>>,
}

impl Client {
    /// Lists checks, sorted by name: all of them, or those the [`CheckQuery`] selects.
    ///
    /// # Errors
    ///
    /// The connection and API errors of every call.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::layer::CheckLevel;
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let all = client.checks().await?;
    /// let ready = client.checks().level(CheckLevel::Ready).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn checks(&self) -> CheckQuery<'_, Vec<CheckInfo>> {
        CheckQuery::new(self)
    }

    /// One check of the plan; `None` when the plan has no check `name`.
    ///
    /// # Errors
    ///
    /// As [`checks`](Self::checks).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::pebble::checks::CheckStatus;
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// if let Some(check) = client.check("uptime").await? {
    ///     if check.status != CheckStatus::Up {
    ///         eprintln!("uptime check unhealthy: {check:?}");
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn check(&self, name: &str) -> Result<Option<CheckInfo>> {
        let checks = self.checks().names([name]).await?;
        Ok(checks.into_iter().find(|c| c.name == name))
    }

    /// Starts checks that are inactive and returns the names of those it started.
    ///
    /// Running checks are left alone (and not listed). Needs Pebble v1.19.0 (Juju 3.6.4 and
    /// later; `docs/pebble-versions.md`): an older one answers HTTP 405.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](super::Error::Api) with status 400 for an empty list or names that are not
    /// in the plan; [`Error::NeedsNewerPebble`](super::Error::NeedsNewerPebble) on a Pebble
    /// older than v1.19.0 (Juju before 3.6.4), where checks cannot be started or stopped:
    /// they run from the moment they are added.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let started = client.start_checks(&["db"]).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn start_checks(&self, names: &[&str]) -> Result<Vec<String>> {
        self.checks_action("Client::start_checks", "start", names)
            .await
    }

    /// Stops running checks and returns the names of those it stopped.
    ///
    /// A stopped check keeps its counts and reports `inactive`. Needs Pebble v1.19.0 (Juju
    /// 3.6.4 and later): an older one answers HTTP 405.
    ///
    /// # Errors
    ///
    /// As [`start_checks`](Self::start_checks).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let stopped = client.stop_checks(&["db"]).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn stop_checks(&self, names: &[&str]) -> Result<Vec<String>> {
        self.checks_action("Client::stop_checks", "stop", names)
            .await
    }

    /// Runs a check now, waits for the probe and returns its outcome.
    ///
    /// Needs Pebble v1.20.0 (Juju 3.6.13 and later 3.6 releases, 4.0.1 and later;
    /// `docs/pebble-versions.md`): an older one answers HTTP 404.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](super::Error::Api) with status 404 when the check is not in the plan.
    /// A failing probe is not an error: see [`CheckRefresh::error`].
    ///
    /// [`Error::NeedsNewerPebble`](super::Error::NeedsNewerPebble) on a Pebble older than
    /// v1.20.0 (Juju before 3.6.13). Such a Pebble has no other way to run a probe on demand:
    /// stopping and starting the check (v1.19) resets its counts and runs the probe only
    /// after its period, and returns no outcome. Read [`Client::checks`] instead, or test
    /// with [`Client::has_feature`] first.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let passed = client.refresh_check("db").await?.error.is_none();
    /// # Ok(())
    /// # }
    /// ```
    pub async fn refresh_check(&self, name: &str) -> Result<CheckRefresh> {
        let req =
            ApiRequest::post_json("/v1/checks/refresh", &serde_json::json!({ "name": name }))?;
        self.sync_feature(
            "Client::refresh_check",
            ids::CHECKS_REFRESH,
            "refresh check",
            req,
        )
        .await
    }

    async fn checks_action(
        &self,
        call: &'static str,
        action: &'static str,
        names: &[&str],
    ) -> Result<Vec<String>> {
        let body = ChecksAction {
            action,
            checks: names,
        };
        let req = ApiRequest::post_json("/v1/checks", &body)?;
        let changed: Changed = self
            .sync_feature(call, ids::CHECKS_START_STOP, "checks", req)
            .await?;
        Ok(changed.changed.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_info_decodes_pebble_shapes() {
        let checks: Vec<CheckInfo> = serde_json::from_str(
            r#"[{"name":"db","level":"ready","startup":"enabled","status":"up","successes":42,"failures":1,"threshold":3,"change-id":"8","prev-change-id":"5"},
                {"name":"x","startup":"disabled","status":"inactive","threshold":3}]"#,
        )
        .unwrap();
        assert_eq!(checks[0].level, Some(CheckLevel::Ready));
        assert_eq!(checks[0].status, CheckStatus::Up);
        assert_eq!(checks[0].successes, 42);
        assert_eq!(checks[0].failures, 1);
        assert_eq!(checks[0].change_id, Some(ChangeId::from("8")));
        assert_eq!(checks[0].prev_change_id, Some(ChangeId::from("5")));
        assert_eq!(checks[1].startup, Startup::Disabled);
        assert_eq!(checks[1].status, CheckStatus::Inactive);
        assert_eq!(checks[1].failures, 0);
        assert_eq!(checks[1].change_id, None);
    }

    #[test]
    fn null_changed_is_empty() {
        let changed: Changed = serde_json::from_str(r#"{"changed":null}"#).unwrap();
        assert_eq!(changed.changed.unwrap_or_default(), Vec::<String>::new());
    }

    #[test]
    fn refresh_decodes_error() {
        let refresh: CheckRefresh = serde_json::from_str(
            r#"{"info":{"name":"c","startup":"enabled","status":"up","threshold":3},"error":"exit status 1"}"#,
        )
        .unwrap();
        assert_eq!(refresh.error.as_deref(), Some("exit status 1"));
    }
}
