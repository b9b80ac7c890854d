//! What the connected Pebble can do: its version, asked at most once per client and only
//! when a call needs it, checked against [`charm_spec::pebble`]'s feature table.
//!
//! Two cases need the version:
//!
//! - **An option an older Pebble would silently ignore** (unknown JSON fields are dropped by
//!   every Pebble): before sending it, the client checks the daemon's version and refuses
//!   the call with [`Error::NeedsNewerPebble`] rather than have it look accepted and do
//!   nothing. Options that every supported Pebble knows cost nothing.
//! - **An endpoint or method the daemon lacks** answers 404 `invalid API endpoint requested`
//!   or 405 `method "POST" not allowed`, with no error kind; only then does the client ask
//!   the version, to turn that bare answer into [`Error::NeedsNewerPebble`].
//!
//! So a charm that uses only what every supported Pebble has makes no extra round trip.

use std::sync::Arc;

use charm_spec::pebble::{Feature, feature};
use charm_spec::version::PebbleVersion;
use tokio::sync::OnceCell;

use super::{Client, Error, Result};

/// The ids of the features the client checks, each a row of [`charm_spec::pebble::FEATURES`].
pub(crate) mod ids {
    pub(crate) const CHECKS_START_STOP: &str = "checks-start-stop";
    pub(crate) const CHECKS_REFRESH: &str = "checks-refresh";
    pub(crate) const METRICS: &str = "metrics";
    pub(crate) const LAYERS_INNER: &str = "layers-inner";
    pub(crate) const IDENTITY_ACCESS_METRICS: &str = "identity-access-metrics";
    pub(crate) const IDENTITY_BASIC: &str = "identity-basic";
    pub(crate) const IDENTITY_BASIC_ANY_ACCESS: &str = "identity-basic-any-access";
    pub(crate) const IDENTITY_CERT: &str = "identity-cert";
    pub(crate) const CHECK_STARTUP: &str = "check-startup";
    pub(crate) const SERVICE_WORKLOAD: &str = "service-workload";
    pub(crate) const LOG_TARGET_OPENTELEMETRY: &str = "log-target-opentelemetry";
    pub(crate) const LOG_TARGET_SYSLOG: &str = "log-target-syslog";

    #[cfg(test)]
    pub(crate) const ALL: &[&str] = &[
        CHECKS_START_STOP,
        CHECKS_REFRESH,
        METRICS,
        LAYERS_INNER,
        IDENTITY_ACCESS_METRICS,
        IDENTITY_BASIC,
        IDENTITY_BASIC_ANY_ACCESS,
        IDENTITY_CERT,
        CHECK_STARTUP,
        SERVICE_WORKLOAD,
        LOG_TARGET_OPENTELEMETRY,
        LOG_TARGET_SYSLOG,
    ];
}

/// The daemon's version, once asked.
#[derive(Debug, Clone)]
pub(crate) struct DaemonVersion {
    /// As the daemon wrote it: `v1.19.2`.
    text: String,
    parsed: Option<PebbleVersion>,
}

/// The shared slot of a client and its clones.
pub(crate) type VersionCell = Arc<OnceCell<DaemonVersion>>;

/// The feature with id `id`; every id the client names is in the table (a unit test checks).
fn lookup(id: &str) -> Result<&'static Feature> {
    feature(id).ok_or_else(|| Error::protocol(format!("unknown pebble feature {id:?}")))
}

impl Client {
    /// The version the daemon reports, asked once per client (clones share it).
    ///
    /// # Errors
    ///
    /// The errors of [`Client::system_info`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// if let Some(version) = client.pebble_version().await? {
    ///     println!("pebble {version}");
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn pebble_version(&self) -> Result<Option<PebbleVersion>> {
        Ok(self.daemon_version().await?.parsed)
    }

    /// Whether the connected Pebble has the feature `id` of
    /// [`charm_spec::pebble::FEATURES`] (`checks-refresh`, `identity-basic`, ...). Asks the
    /// daemon's version once per client; a version that cannot be read counts as the newest.
    ///
    /// # Errors
    ///
    /// [`Error::Protocol`] for an id that is not in the table; the errors of
    /// [`Client::system_info`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// if client.has_feature("checks-refresh").await? {
    ///     let result = client.refresh_check("up").await?;
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn has_feature(&self, id: &str) -> Result<bool> {
        let feature = lookup(id)?;
        if feature.in_every_supported_pebble() {
            return Ok(true);
        }
        Ok(self
            .daemon_version()
            .await?
            .parsed
            .is_none_or(|running| feature.available_in(running)))
    }

    async fn daemon_version(&self) -> Result<&DaemonVersion> {
        self.version
            .get_or_try_init(|| async {
                let info = self.system_info().await?;
                Ok(DaemonVersion {
                    parsed: info.version.parse().ok(),
                    text: info.version,
                })
            })
            .await
    }

    /// Refuses `call` unless the daemon has feature `id`: for options an older Pebble would
    /// silently ignore. Asks the version only for features newer than the oldest supported
    /// Pebble.
    pub(crate) async fn require(&self, call: &'static str, id: &str) -> Result<()> {
        let feature = lookup(id)?;
        if feature.in_every_supported_pebble() {
            return Ok(());
        }
        let version = self.daemon_version().await?;
        match version.parsed {
            Some(running) if !feature.available_in(running) => Err(Error::NeedsNewerPebble {
                call,
                feature,
                running: Some(version.text.clone()),
            }),
            _ => Ok(()),
        }
    }

    /// Turns the bare 404/405 of an endpoint or method the daemon lacks into
    /// [`Error::NeedsNewerPebble`] when the daemon is older than feature `id`; any other
    /// error is returned as it is.
    pub(crate) async fn missing_endpoint(
        &self,
        call: &'static str,
        id: &str,
        error: Error,
    ) -> Error {
        if !is_missing_endpoint(&error) {
            return error;
        }
        let Ok(feature) = lookup(id) else {
            return error;
        };
        match self.daemon_version().await {
            Ok(version) => match version.parsed {
                Some(running) if feature.available_in(running) => error,
                _ => Error::NeedsNewerPebble {
                    call,
                    feature,
                    running: Some(version.text.clone()),
                },
            },
            Err(_) => Error::NeedsNewerPebble {
                call,
                feature,
                running: None,
            },
        }
    }

    /// Sends `req` for a call that needs the endpoint of feature `id`.
    pub(crate) async fn sync_feature<T: serde::de::DeserializeOwned>(
        &self,
        call: &'static str,
        id: &str,
        what: &str,
        req: super::wire::ApiRequest,
    ) -> Result<T> {
        match self.sync(what, req).await {
            Err(error) => Err(self.missing_endpoint(call, id, error).await),
            ok => ok,
        }
    }
}

/// Whether `error` is Pebble's answer for a path or method it does not route: no kind, and
/// its router's own messages (a missing object on a known path says what is missing).
fn is_missing_endpoint(error: &Error) -> bool {
    match error {
        Error::Api {
            status: 404,
            kind: None,
            message,
        } => message == "invalid API endpoint requested",
        Error::Api {
            status: 405,
            kind: None,
            message,
        } => message.starts_with("method ") && message.ends_with(" not allowed"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, message: &str) -> Error {
        Error::Api {
            status,
            kind: None,
            message: message.into(),
        }
    }

    #[test]
    fn only_the_routers_answers_are_missing_endpoints() {
        assert!(is_missing_endpoint(&api(
            404,
            "invalid API endpoint requested"
        )));
        assert!(is_missing_endpoint(&api(
            405,
            r#"method "POST" not allowed"#
        )));
        assert!(!is_missing_endpoint(&api(
            404,
            r#"cannot find check with name "x""#
        )));
        assert!(!is_missing_endpoint(&Error::Api {
            status: 404,
            kind: Some("not-found".into()),
            message: "invalid API endpoint requested".into(),
        }));
    }

    #[test]
    fn every_feature_the_client_names_is_in_the_table() {
        for id in ids::ALL {
            assert!(feature(id).is_some(), "{id} is not in the feature table");
        }
    }
}
