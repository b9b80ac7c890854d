//! [`TestEvent`]: the event to run, as the environment Juju would set for it.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// What a fake Pebble does when the event is set up.
#[derive(Debug, Clone)]
pub(super) enum PebbleSide {
    None,
    Notice {
        container: String,
        key: String,
        data: Vec<(String, String)>,
    },
    Check {
        container: String,
        check: String,
        down: bool,
    },
}

/// The event to run: the environment Juju would set for it.
///
/// # Examples
///
/// ```
/// use charm_runtime::testing::harness::TestEvent;
///
/// let event = TestEvent::action("backup").param("target", "/backups");
/// let joined = TestEvent::relation_joined("db", 3, "pg/0");
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct TestEvent {
    pub(super) path: String,
    pub(super) vars: BTreeMap<String, String>,
    pub(super) params: Map<String, Value>,
    pub(super) side: PebbleSide,
}

impl TestEvent {
    /// The hook `name` (`install`, `db-relation-changed`, ...), with no other variables: add
    /// them with [`env`](Self::env).
    ///
    /// # Examples
    ///
    /// ```
    /// let event = charm_runtime::testing::harness::TestEvent::hook("collect-metrics");
    /// ```
    pub fn hook(name: &str) -> Self {
        Self {
            path: format!("hooks/{name}"),
            vars: BTreeMap::new(),
            params: Map::new(),
            side: PebbleSide::None,
        }
    }

    /// The same with environment variable `name` set to `value`.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::testing::harness::TestEvent;
    /// let event = TestEvent::hook("pre-series-upgrade").env("JUJU_TARGET_BASE", "ubuntu@24.04");
    /// ```
    pub fn env(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.vars.insert(name.into(), value.into());
        self
    }

    /// `install`.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = charm_runtime::testing::harness::TestEvent::install();
    /// ```
    pub fn install() -> Self {
        Self::hook("install")
    }

    /// `start`.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = charm_runtime::testing::harness::TestEvent::start();
    /// ```
    pub fn start() -> Self {
        Self::hook("start")
    }

    /// `stop`.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = charm_runtime::testing::harness::TestEvent::stop();
    /// ```
    pub fn stop() -> Self {
        Self::hook("stop")
    }

    /// `remove`.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = charm_runtime::testing::harness::TestEvent::remove();
    /// ```
    pub fn remove() -> Self {
        Self::hook("remove")
    }

    /// `upgrade-charm`.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = charm_runtime::testing::harness::TestEvent::upgrade_charm();
    /// ```
    pub fn upgrade_charm() -> Self {
        Self::hook("upgrade-charm")
    }

    /// `config-changed`.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = charm_runtime::testing::harness::TestEvent::config_changed();
    /// ```
    pub fn config_changed() -> Self {
        Self::hook("config-changed")
    }

    /// `update-status`.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = charm_runtime::testing::harness::TestEvent::update_status();
    /// ```
    pub fn update_status() -> Self {
        Self::hook("update-status")
    }

    /// `leader-elected`.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = charm_runtime::testing::harness::TestEvent::leader_elected();
    /// ```
    pub fn leader_elected() -> Self {
        Self::hook("leader-elected")
    }

    /// `<container>-pebble-ready`.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = charm_runtime::testing::harness::TestEvent::pebble_ready("web");
    /// ```
    pub fn pebble_ready(container: &str) -> Self {
        Self::hook(&format!("{container}-pebble-ready")).env("JUJU_WORKLOAD_NAME", container)
    }

    /// `<container>-pebble-custom-notice` for a custom notice `key` that the container's
    /// fake Pebble records just before the event (so the notice ID is real).
    ///
    /// # Examples
    ///
    /// ```
    /// let event = charm_runtime::testing::harness::TestEvent::pebble_custom_notice("db", "example.com/db/backup-done")
    ///     .notice_data("path", "/backups/1");
    /// ```
    pub fn pebble_custom_notice(container: &str, key: &str) -> Self {
        let mut event = Self::hook(&format!("{container}-pebble-custom-notice"))
            .env("JUJU_WORKLOAD_NAME", container)
            .env("JUJU_NOTICE_TYPE", "custom")
            .env("JUJU_NOTICE_KEY", key);
        event.side = PebbleSide::Notice {
            container: container.to_owned(),
            key: key.to_owned(),
            data: Vec::new(),
        };
        event
    }

    /// The same notice event, with `key` = `value` in the notice's data.
    ///
    /// # Examples
    ///
    /// See [`pebble_custom_notice`](Self::pebble_custom_notice).
    pub fn notice_data(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        if let PebbleSide::Notice { data, .. } = &mut self.side {
            data.push((key.into(), value.into()));
        }
        self
    }

    /// `<container>-pebble-check-failed` for `check`, which the fake then reports down.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = charm_runtime::testing::harness::TestEvent::pebble_check_failed("web", "http");
    /// ```
    pub fn pebble_check_failed(container: &str, check: &str) -> Self {
        Self::check_event(container, check, true)
    }

    /// `<container>-pebble-check-recovered` for `check`, which the fake then reports up.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = charm_runtime::testing::harness::TestEvent::pebble_check_recovered("web", "http");
    /// ```
    pub fn pebble_check_recovered(container: &str, check: &str) -> Self {
        Self::check_event(container, check, false)
    }

    fn check_event(container: &str, check: &str, down: bool) -> Self {
        let suffix = if down { "failed" } else { "recovered" };
        let mut event = Self::hook(&format!("{container}-pebble-check-{suffix}"))
            .env("JUJU_WORKLOAD_NAME", container)
            .env("JUJU_PEBBLE_CHECK_NAME", check);
        event.side = PebbleSide::Check {
            container: container.to_owned(),
            check: check.to_owned(),
            down,
        };
        event
    }

    /// A relation hook `<endpoint>-relation-<what>` of relation `id` with `remote_unit`
    /// (`app/N`; the remote application is its first part).
    fn relation(
        what: &str,
        endpoint: &str,
        id: u64,
        remote_unit: Option<&str>,
        remote_app: &str,
    ) -> Self {
        let mut event = Self::hook(&format!("{endpoint}-relation-{what}"))
            .env("JUJU_RELATION", endpoint)
            .env("JUJU_RELATION_ID", format!("{endpoint}:{id}"))
            .env("JUJU_REMOTE_APP", remote_app);
        if let Some(unit) = remote_unit {
            event = event.env("JUJU_REMOTE_UNIT", unit);
        }
        event
    }

    /// `<endpoint>-relation-created` of relation `id` with `remote_app`.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = charm_runtime::testing::harness::TestEvent::relation_created("db", 3, "pg");
    /// ```
    pub fn relation_created(endpoint: &str, id: u64, remote_app: &str) -> Self {
        Self::relation("created", endpoint, id, None, remote_app)
    }

    /// `<endpoint>-relation-joined` of relation `id`: `remote_unit` joined.
    ///
    /// # Examples
    ///
    /// See [`TestEvent`].
    pub fn relation_joined(endpoint: &str, id: u64, remote_unit: &str) -> Self {
        let app = remote_unit.split('/').next().unwrap_or(remote_unit);
        Self::relation("joined", endpoint, id, Some(remote_unit), app)
    }

    /// `<endpoint>-relation-changed` of relation `id`: `remote_unit`'s data changed.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = charm_runtime::testing::harness::TestEvent::relation_changed("db", 3, "pg/0");
    /// ```
    pub fn relation_changed(endpoint: &str, id: u64, remote_unit: &str) -> Self {
        let app = remote_unit.split('/').next().unwrap_or(remote_unit);
        Self::relation("changed", endpoint, id, Some(remote_unit), app)
    }

    /// `<endpoint>-relation-departed` of relation `id`: `remote_unit` left.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = charm_runtime::testing::harness::TestEvent::relation_departed("db", 3, "pg/1");
    /// ```
    pub fn relation_departed(endpoint: &str, id: u64, remote_unit: &str) -> Self {
        let app = remote_unit.split('/').next().unwrap_or(remote_unit);
        Self::relation("departed", endpoint, id, Some(remote_unit), app)
            .env("JUJU_DEPARTING_UNIT", remote_unit)
    }

    /// `<endpoint>-relation-broken` of relation `id`.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = charm_runtime::testing::harness::TestEvent::relation_broken("db", 3, "pg");
    /// ```
    pub fn relation_broken(endpoint: &str, id: u64, remote_app: &str) -> Self {
        Self::relation("broken", endpoint, id, None, remote_app)
    }

    /// `secret-changed` for secret `uri` (`secret:...`).
    ///
    /// # Examples
    ///
    /// ```
    /// let event = charm_runtime::testing::harness::TestEvent::secret_changed("secret:abc");
    /// ```
    pub fn secret_changed(uri: &str) -> Self {
        Self::hook("secret-changed").env("JUJU_SECRET_ID", uri)
    }

    /// `secret-rotate` for secret `uri`.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = charm_runtime::testing::harness::TestEvent::secret_rotate("secret:abc");
    /// ```
    pub fn secret_rotate(uri: &str) -> Self {
        Self::hook("secret-rotate").env("JUJU_SECRET_ID", uri)
    }

    /// `secret-remove` for revision `revision` of secret `uri`.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = charm_runtime::testing::harness::TestEvent::secret_remove("secret:abc", 1);
    /// ```
    pub fn secret_remove(uri: &str, revision: u64) -> Self {
        Self::hook("secret-remove")
            .env("JUJU_SECRET_ID", uri)
            .env("JUJU_SECRET_REVISION", revision.to_string())
    }

    /// `secret-expired` for revision `revision` of secret `uri`.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = charm_runtime::testing::harness::TestEvent::secret_expired("secret:abc", 2);
    /// ```
    pub fn secret_expired(uri: &str, revision: u64) -> Self {
        Self::hook("secret-expired")
            .env("JUJU_SECRET_ID", uri)
            .env("JUJU_SECRET_REVISION", revision.to_string())
    }

    /// `<name>-storage-attached` for storage instance `<name>/<index>`, a filesystem mounted
    /// at `location`.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = charm_runtime::testing::harness::TestEvent::storage_attached("data", 0, "/var/lib/data");
    /// ```
    pub fn storage_attached(name: &str, index: u64, location: &str) -> Self {
        Self::storage("attached", name, index, location)
    }

    /// `<name>-storage-detaching` for storage instance `<name>/<index>` at `location`.
    ///
    /// # Examples
    ///
    /// ```
    /// let event = charm_runtime::testing::harness::TestEvent::storage_detaching("data", 0, "/var/lib/data");
    /// ```
    pub fn storage_detaching(name: &str, index: u64, location: &str) -> Self {
        Self::storage("detaching", name, index, location)
    }

    fn storage(what: &str, name: &str, index: u64, location: &str) -> Self {
        Self::hook(&format!("{name}-storage-{what}"))
            .env("JUJU_STORAGE_ID", format!("{name}/{index}"))
            .env("JUJU_STORAGE_KIND", "filesystem")
            .env("JUJU_STORAGE_LOCATION", location)
    }

    /// The action `name`; give its parameters with [`param`](Self::param).
    ///
    /// # Examples
    ///
    /// See [`TestEvent`].
    pub fn action(name: &str) -> Self {
        Self {
            path: format!("actions/{name}"),
            vars: BTreeMap::from([
                ("JUJU_ACTION_NAME".to_owned(), name.to_owned()),
                ("JUJU_ACTION_UUID".to_owned(), "1".to_owned()),
            ]),
            params: Map::new(),
            side: PebbleSide::None,
        }
    }

    /// The same action with parameter `name` = `value` (what `action-get` returns).
    ///
    /// # Examples
    ///
    /// See [`TestEvent`].
    pub fn param(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.params.insert(name.into(), value.into());
        self
    }

    /// The variables Juju sets for this event: `JUJU_DISPATCH_PATH`, `JUJU_HOOK_NAME` (empty
    /// for an action) and the event's own, for a runner that starts the charm as a process.
    /// The unit's and model's variables, the notice ID of a notice event and the action's
    /// parameters are the runner's to add.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::testing::harness::TestEvent;
    ///
    /// let vars = TestEvent::pebble_ready("web").environment();
    /// assert_eq!(vars["JUJU_DISPATCH_PATH"], "hooks/web-pebble-ready");
    /// assert_eq!(vars["JUJU_HOOK_NAME"], "web-pebble-ready");
    /// assert_eq!(vars["JUJU_WORKLOAD_NAME"], "web");
    /// assert_eq!(TestEvent::action("backup").environment()["JUJU_HOOK_NAME"], "");
    /// ```
    pub fn environment(&self) -> BTreeMap<String, String> {
        let mut vars = self.vars.clone();
        let hook = self.path.strip_prefix("hooks/").unwrap_or_default();
        vars.insert("JUJU_DISPATCH_PATH".to_owned(), self.path.clone());
        vars.insert("JUJU_HOOK_NAME".to_owned(), hook.to_owned());
        vars
    }
}
