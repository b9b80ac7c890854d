//! Services: `GET /v1/services`, `POST /v1/services`, `POST /v1/signals`.
//!
//! Each action ([`start_services`](Client::start_services), [`stop_services`](Client::stop_services),
//! [`restart_services`](Client::restart_services), [`autostart`](Client::autostart),
//! [`replan`](Client::replan)) is a [`ServiceChange`] request: awaiting it creates a change,
//! waits for it (30 s by default, or [`ServiceChange::timeout`]) and returns it. A change that
//! fails becomes
//! [`Error::Change`](super::Error::Change), whose message is Pebble's `err` (such as
//! `service start attempt: exited quickly with code 1, will restart`).
//!
//! # Examples
//!
//! ```no_run
//! # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
//! client.restart_services(&["web"]).await?;
//! let web = client.services(&["web"]).await?;
//! assert!(web.iter().all(|s| s.is_running()));
//! # Ok(())
//! # }
//! ```

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::changes::Change;
use super::wire::ApiRequest;
use super::{Client, Result, Timestamp};
use crate::layer::Startup;
use crate::request::into_future;

/// How long a service action waits for its change by default.
pub const DEFAULT_CHANGE_TIMEOUT: Duration = Duration::from_secs(30);

/// A service action (start, stop, restart, autostart or replan), sent when awaited: Pebble
/// runs it as a change, and awaiting waits for the change and returns it.
///
/// Made by [`Client::start_services`], [`Client::stop_services`],
/// [`Client::restart_services`], [`Client::autostart`] and [`Client::replan`].
///
/// # Examples
///
/// ```no_run
/// use std::time::Duration;
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// client.replan().await?;
/// client.start_services(&["slow"]).timeout(Duration::from_secs(120)).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[must_use = "a Pebble request does nothing until it is awaited"]
pub struct ServiceChange<'a> {
    client: &'a Client,
    action: &'static str,
    services: &'a [&'a str],
    timeout: Duration,
}

impl ServiceChange<'_> {
    /// How long to wait for the change (default [`DEFAULT_CHANGE_TIMEOUT`]) before failing
    /// with [`Error::Timeout`](super::Error::Timeout). The change keeps running in Pebble;
    /// find it with [`Client::changes`] and wait again with [`Client::wait_change`]. A zero
    /// timeout does not wait at all.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// client.stop_services(&["db"]).timeout(Duration::from_secs(90)).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Posts the action and waits for its change.
    async fn send(self) -> Result<Change> {
        let body = ServicesBody {
            action: self.action,
            services: self.services,
        };
        let id = self
            .client
            .async_change(self.action, ApiRequest::post_json("/v1/services", &body)?)
            .await?;
        self.client.wait_change_ok(&id, self.timeout).await
    }
}

into_future!(['a] ServiceChange<'a> => Result<Change>);

/// The state of a service, as `GET /v1/services` reports it.
///
/// # Examples
///
/// ```
/// use charm_runtime::pebble::services::ServiceStatus;
///
/// assert_eq!(ServiceStatus::Backoff.as_str(), "backoff");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ServiceStatus {
    /// Starting or running.
    Active,
    /// Never started, stopping or stopped.
    Inactive,
    /// Exited and waiting to be restarted.
    Backoff,
    /// Exited and not restarting.
    Error,
    /// A state this client does not know.
    #[serde(untagged)]
    Other(String),
}

impl ServiceStatus {
    /// The state as Pebble writes it.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::pebble::services::ServiceStatus;
    ///
    /// assert_eq!(ServiceStatus::Active.as_str(), "active");
    /// ```
    pub fn as_str(&self) -> &str {
        match self {
            Self::Active => "active",
            Self::Inactive => "inactive",
            Self::Backoff => "backoff",
            Self::Error => "error",
            Self::Other(other) => other,
        }
    }
}

/// What Pebble says about one service.
///
/// # Examples
///
/// ```no_run
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// for service in client.services(&[]).await? {
///     println!("{} is {}", service.name, service.current.as_str());
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct ServiceInfo {
    /// The service name.
    pub name: String,
    /// Whether `autostart`/`replan` start it.
    pub startup: Startup,
    /// Its current state.
    pub current: ServiceStatus,
    /// When `current` last changed; `None` for a service that
    /// was never started.
    #[serde(default)]
    pub current_since: Option<Timestamp>,
}

impl ServiceInfo {
    /// Whether the service is starting or running.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let running = client.services(&["web"]).await?.iter().any(|s| s.is_running());
    /// # Ok(())
    /// # }
    /// ```
    pub fn is_running(&self) -> bool {
        self.current == ServiceStatus::Active
    }
}

/// The body of `POST /v1/services`.
#[derive(Serialize)]
struct ServicesBody<'a> {
    action: &'static str,
    services: &'a [&'a str],
}

/// The body of `POST /v1/signals`.
#[derive(Serialize)]
struct SignalBody<'a> {
    signal: String,
    services: &'a [&'a str],
}

/// `hup`, `HUP` and `SIGHUP` all become `SIGHUP`, the form Pebble's API takes.
fn signal_name(signal: &str) -> String {
    let upper = signal.to_ascii_uppercase();
    if upper.starts_with("SIG") {
        upper
    } else {
        format!("SIG{upper}")
    }
}

impl Client {
    /// Lists services of the plan, sorted by name; all of them when `names` is empty.
    ///
    /// Unknown names are skipped, not reported.
    ///
    /// # Errors
    ///
    /// The connection and API errors of every call.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::pebble::services::ServiceStatus;
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let failed: Vec<_> = client
    ///     .services(&[])
    ///     .await?
    ///     .into_iter()
    ///     .filter(|s| s.current == ServiceStatus::Error)
    ///     .collect();
    /// # Ok(())
    /// # }
    /// ```
    pub async fn services(&self, names: &[&str]) -> Result<Vec<ServiceInfo>> {
        let req = ApiRequest::get("/v1/services").query_list("names", names);
        self.sync("services", req).await
    }

    /// One service of the plan; `None` when the plan has no service `name`.
    ///
    /// # Errors
    ///
    /// As [`services`](Self::services).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// // Stop mysql for a backup only if it runs, and start it again afterwards:
    /// let running = client.service("mysql").await?.is_some_and(|s| s.is_running());
    /// if running {
    ///     client.stop_services(&["mysql"]).await?;
    /// }
    /// // ... back up ...
    /// if running {
    ///     client.start_services(&["mysql"]).await?;
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn service(&self, name: &str) -> Result<Option<ServiceInfo>> {
        let services = self.services(&[name]).await?;
        Ok(services.into_iter().find(|s| s.name == name))
    }

    /// Starts services (and the services they require) and waits for the change.
    ///
    /// Starting a running service is a no-op that succeeds. A service counts as started once
    /// it has run for one second.
    ///
    /// # Errors
    ///
    /// [`Error::Change`](super::Error::Change) when a service fails to start (its `err` says
    /// why, such as `exited quickly with code 1`); [`Error::Api`](super::Error::Api) (400) for
    /// an empty list or an unknown service; [`Error::Timeout`](super::Error::Timeout) when the
    /// change is not done within 30 s (or [`ServiceChange::timeout`]).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let change = client.start_services(&["web", "worker"]).await?;
    /// println!("{}", change.summary);
    /// # Ok(())
    /// # }
    /// ```
    pub fn start_services<'a>(&'a self, names: &'a [&'a str]) -> ServiceChange<'a> {
        self.service_change("start", names)
    }

    /// Stops services (and the services that require them) and waits for the change.
    ///
    /// Pebble sends SIGTERM, then SIGKILL after the service's `kill-delay`. Stopping a
    /// stopped service is a no-op that succeeds.
    ///
    /// # Errors
    ///
    /// As [`start_services`](Self::start_services).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// client.stop_services(&["web"]).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn stop_services<'a>(&'a self, names: &'a [&'a str]) -> ServiceChange<'a> {
        self.service_change("stop", names)
    }

    /// Stops the listed services if they run, then starts them, and waits for the change.
    ///
    /// # Errors
    ///
    /// As [`start_services`](Self::start_services).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// client.restart_services(&["web"]).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn restart_services<'a>(&'a self, names: &'a [&'a str]) -> ServiceChange<'a> {
        self.service_change("restart", names)
    }

    /// Starts every service with `startup: enabled` and waits for the change.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](super::Error::Api) with status 400 and kind `no-default-services` when no
    /// service is enabled; otherwise as [`start_services`](Self::start_services).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// match client.autostart().await {
    ///     Err(e) if e.kind() == Some("no-default-services") => {}
    ///     other => { other?; }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn autostart(&self) -> ServiceChange<'_> {
        self.service_change("autostart", &[])
    }

    /// Brings the running services in line with the plan and waits for the change.
    ///
    /// Every service Pebble has started whose configuration changed since is restarted, every
    /// `startup: enabled` service is started, and enabled checks that are inactive start.
    /// Unchanged running services are left alone.
    ///
    /// # Errors
    ///
    /// As [`start_services`](Self::start_services).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// client.replan().await?;
    /// // A plan whose services take long to start:
    /// client.replan().timeout(Duration::from_secs(60)).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn replan(&self) -> ServiceChange<'_> {
        self.service_change("replan", &[])
    }

    /// Sends a signal to the main process of each listed service.
    ///
    /// `signal` may be written `SIGHUP`, `HUP` or `hup`.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](super::Error::Api): 400 for an empty list; 500 naming each service that is
    /// not running, and for an unknown signal name.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// // Ask nginx to reload its configuration:
    /// client.send_signal("SIGHUP", &["nginx"]).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send_signal(&self, signal: &str, services: &[&str]) -> Result<()> {
        let body = SignalBody {
            signal: signal_name(signal),
            services,
        };
        let _: bool = self
            .sync("signal", ApiRequest::post_json("/v1/signals", &body)?)
            .await?;
        Ok(())
    }

    fn service_change<'a>(
        &'a self,
        action: &'static str,
        services: &'a [&'a str],
    ) -> ServiceChange<'a> {
        ServiceChange {
            client: self,
            action,
            services,
            timeout: DEFAULT_CHANGE_TIMEOUT,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_info_decodes_with_and_without_since() {
        let infos: Vec<ServiceInfo> = serde_json::from_str(
            r#"[{"name":"a","startup":"enabled","current":"active","current-since":"2026-07-22T01:02:03.5Z"},
                {"name":"b","startup":"disabled","current":"inactive"},
                {"name":"c","startup":"disabled","current":"paused"}]"#,
        )
        .unwrap();
        assert!(infos[0].is_running());
        assert_eq!(
            infos[0].current_since,
            Some("2026-07-22T01:02:03.5Z".parse().unwrap())
        );
        assert_eq!(infos[1].current, ServiceStatus::Inactive);
        assert_eq!(infos[1].current_since, None);
        assert_eq!(infos[2].current, ServiceStatus::Other("paused".into()));
        assert!(!infos[2].is_running());
    }

    #[test]
    fn signal_names_get_the_sig_prefix() {
        assert_eq!(signal_name("hup"), "SIGHUP");
        assert_eq!(signal_name("USR1"), "SIGUSR1");
        assert_eq!(signal_name("SIGTERM"), "SIGTERM");
    }

    #[test]
    fn action_body_lists_services() {
        let body = ServicesBody {
            action: "replan",
            services: &[],
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"action": "replan", "services": []})
        );
    }
}
