//! A charm built with `#[charm]` and `#[on]`, run for real events with in-memory hook tools
//! and a real Pebble: each event reaches its handler with the arguments it asks for.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use charm_runtime::container::CONTAINERS_DIR_VAR;
use charm_runtime::event::{
    ActionEvent, CheckEvent, Event, NoticeEvent, RelationEvent, SecretEvent, StorageEvent,
};
use charm_runtime::handler::{self, Config, Params};
use charm_runtime::hook_tools::{Juju, Status, StatusKind};
use charm_runtime::layer::{Layer, Override, Service, Startup};
use charm_runtime::testing::MemoryTools;
use charm_runtime::{Container, Error, Result, charm, dispatch, on};

/// A containers directory without sockets: every container is unreachable.
const NO_PEBBLE: &str = "/nonexistent";

/// What the synchronous handlers saw, in order.
static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn seen(what: String) {
    SEEN.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(what);
}

#[derive(Default)]
struct Demo {
    service: &'static str,
}

impl Demo {
    fn layer(&self, port: i64, level: Option<&str>) -> Layer {
        let mut environment = BTreeMap::from([("PORT".to_owned(), port.to_string())]);
        if let Some(level) = level {
            environment.insert("LOG_LEVEL".to_owned(), level.to_owned());
        }
        Layer {
            services: [(
                self.service().to_owned(),
                Service {
                    r#override: Override::Replace,
                    command: "sleep 600".into(),
                    startup: Some(Startup::Enabled),
                    environment,
                    ..Service::default()
                },
            )]
            .into(),
            ..Layer::default()
        }
    }

    fn service(&self) -> &'static str {
        if self.service.is_empty() {
            "myapp"
        } else {
            self.service
        }
    }
}

#[charm(metadata = "macro_dispatch/charmcraft.yaml")]
impl Demo {
    #[on(install)]
    async fn install(juju: &Juju) -> Result<()> {
        juju.set_unit_status(Status::maintenance("installing"))
            .await?;
        Ok(())
    }

    #[on(pebble_ready = "myapp")]
    #[on(config_changed)]
    async fn reconcile(
        &self,
        juju: &Juju,
        myapp: Container,
        #[config] port: i64,
        #[config = "log-level"] level: Option<String>,
    ) -> Result<()> {
        myapp
            .ensure_layer("demo", &self.layer(port, level.as_deref()))
            .await?;
        juju.set_unit_status(Status::active(format!("serving on {port}")))
            .await?;
        Ok(())
    }

    #[on(pebble_custom_notice = "myapp", key = "example.com/backup-done")]
    fn backup_done(notice: NoticeEvent) -> Result<()> {
        seen(format!("backup-done {}", notice.id));
        Ok(())
    }

    #[on(pebble_custom_notice = "myapp")]
    fn other_notice(&mut self, notice: NoticeEvent) -> Result<()> {
        self.service = "other";
        seen(format!("notice {} {}", notice.key, self.service()));
        Ok(())
    }

    #[on(pebble_check_failed = "myapp", check = "up")]
    async fn check_failed(check: CheckEvent, container: Container) -> Result<()> {
        seen(format!("check {} in {}", check.check, container.name()));
        Ok(())
    }

    #[on(relation_changed = "database")]
    async fn database(juju: Juju, relation: RelationEvent) -> Result<()> {
        juju.set_unit_status(Status::waiting(format!(
            "database from {}",
            relation.remote_app
        )))
        .await?;
        Ok(())
    }

    #[on(storage_attached = "data")]
    fn storage(storage: StorageEvent) -> Result<()> {
        seen(format!(
            "storage {} at {}",
            storage.name,
            storage.location.display()
        ));
        Ok(())
    }

    #[on(secret_changed)]
    fn secret(secret: SecretEvent, event: &Event) -> std::result::Result<(), Error> {
        Err(Error::msg(format!("{event} for {} is refused", secret.id)))
    }

    #[on(action = "backup")]
    async fn backup(juju: &Juju, #[param] target: String, #[param] compress: bool) -> Result<()> {
        juju.action_set(&BTreeMap::from([
            ("target", target),
            ("compress", compress.to_string()),
        ]))
        .await?;
        Ok(())
    }
}

/// Runs `Demo` for the event in `vars`, with the containers' sockets in `containers`, and
/// returns the exit code.
fn dispatch(vars: &[(&str, &str)], tools: &Arc<MemoryTools>, containers: impl AsRef<Path>) -> u8 {
    let mut all: BTreeMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    all.entry("JUJU_UNIT_NAME".into())
        .or_insert_with(|| "demo/0".into());
    all.insert(
        CONTAINERS_DIR_VAR.into(),
        containers.as_ref().display().to_string(),
    );
    dispatch::run_with(
        &|name: &str| all.get(name).cloned(),
        tools.clone(),
        handler::dispatch_to::<Demo>,
    )
}

fn tools() -> Arc<MemoryTools> {
    Arc::new(MemoryTools::new())
}

#[test]
fn install_runs_its_handler() {
    let tools = tools();
    let code = dispatch(
        &[("JUJU_DISPATCH_PATH", "hooks/install")],
        &tools,
        NO_PEBBLE,
    );
    assert_eq!(code, 0);
    let status = tools.state().unit_status;
    assert_eq!(
        (status.kind, status.message.as_str()),
        (StatusKind::Maintenance, "installing")
    );
}

#[test]
fn pebble_ready_and_config_changed_reconcile_the_real_pebble() {
    let pebble =
        charm_tests::pebble_or_skip!(charm_tests::RealPebble::builder().container("myapp"));
    let tools = tools();
    tools.update(|s| {
        s.config = serde_json::json!({"port": 8080})
            .as_object()
            .unwrap()
            .clone();
    });
    let containers = || pebble.containers_dir();
    let code = dispatch(
        &[
            ("JUJU_DISPATCH_PATH", "hooks/myapp-pebble-ready"),
            ("JUJU_WORKLOAD_NAME", "myapp"),
        ],
        &tools,
        containers(),
    );
    assert_eq!(code, 0, "{:?}", tools.state().logs);
    assert_eq!(tools.state().unit_status.message, "serving on 8080");

    tools.update(|s| {
        s.config = serde_json::json!({"port": 9090, "log-level": "debug"})
            .as_object()
            .unwrap()
            .clone();
    });
    let code = dispatch(
        &[("JUJU_DISPATCH_PATH", "hooks/config-changed")],
        &tools,
        containers(),
    );
    assert_eq!(code, 0, "{:?}", tools.state().logs);
    assert_eq!(tools.state().unit_status.message, "serving on 9090");

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let plan = runtime.block_on(pebble.client().plan()).unwrap();
    let service = &plan.services["myapp"];
    assert_eq!(service.environment["PORT"], "9090");
    assert_eq!(service.environment["LOG_LEVEL"], "debug");
    let services = runtime
        .block_on(pebble.client().services(&["myapp"]))
        .unwrap();
    assert_eq!(services.len(), 1);
    assert_eq!(services[0].name, "myapp");
}

#[test]
fn a_handler_error_fails_the_hook() {
    let tools = tools();
    // The Pebble socket does not exist: ensure_layer fails, and so does the hook.
    let code = dispatch(
        &[("JUJU_DISPATCH_PATH", "hooks/config-changed")],
        &tools,
        NO_PEBBLE,
    );
    assert_eq!(code, 1);

    let code = dispatch(
        &[
            ("JUJU_DISPATCH_PATH", "hooks/secret-changed"),
            ("JUJU_SECRET_ID", "secret:abc"),
        ],
        &tools,
        NO_PEBBLE,
    );
    assert_eq!(code, 1);
    let logs = format!("{:?}", tools.state().logs);
    assert!(
        logs.contains("hook secret-changed for secret:abc is refused"),
        "{logs}"
    );
}

#[test]
fn notices_are_routed_by_key() {
    let tools = tools();
    let notice = |key: &str| {
        vec![
            (
                "JUJU_DISPATCH_PATH",
                "hooks/myapp-pebble-custom-notice".to_owned(),
            ),
            ("JUJU_WORKLOAD_NAME", "myapp".to_owned()),
            ("JUJU_NOTICE_ID", "42".to_owned()),
            ("JUJU_NOTICE_TYPE", "custom".to_owned()),
            ("JUJU_NOTICE_KEY", key.to_owned()),
        ]
    };
    for key in ["example.com/backup-done", "example.com/other"] {
        let vars = notice(key);
        let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(dispatch(&vars, &tools, NO_PEBBLE), 0);
    }
    let seen = SEEN.lock().unwrap().clone();
    assert!(seen.contains(&"backup-done 42".to_owned()), "{seen:?}");
    assert!(
        seen.contains(&"notice example.com/other other".to_owned()),
        "{seen:?}"
    );
}

#[test]
fn checks_relations_and_storage_reach_their_handlers() {
    let tools = tools();
    let code = dispatch(
        &[
            ("JUJU_DISPATCH_PATH", "hooks/myapp-pebble-check-failed"),
            ("JUJU_WORKLOAD_NAME", "myapp"),
            ("JUJU_PEBBLE_CHECK_NAME", "up"),
        ],
        &tools,
        NO_PEBBLE,
    );
    assert_eq!(code, 0);
    // A check with another name has no handler: a no-op.
    let code = dispatch(
        &[
            ("JUJU_DISPATCH_PATH", "hooks/myapp-pebble-check-failed"),
            ("JUJU_WORKLOAD_NAME", "myapp"),
            ("JUJU_PEBBLE_CHECK_NAME", "ready"),
        ],
        &tools,
        NO_PEBBLE,
    );
    assert_eq!(code, 0);
    let code = dispatch(
        &[
            ("JUJU_DISPATCH_PATH", "hooks/database-relation-changed"),
            ("JUJU_RELATION", "database"),
            ("JUJU_RELATION_ID", "database:3"),
            ("JUJU_REMOTE_APP", "postgresql"),
            ("JUJU_REMOTE_UNIT", "postgresql/0"),
        ],
        &tools,
        NO_PEBBLE,
    );
    assert_eq!(code, 0, "{:?}", tools.state().logs);
    assert_eq!(
        tools.state().unit_status.message,
        "database from postgresql"
    );
    let code = dispatch(
        &[
            ("JUJU_DISPATCH_PATH", "hooks/data-storage-attached"),
            ("JUJU_STORAGE_ID", "data/0"),
            ("JUJU_STORAGE_KIND", "filesystem"),
            ("JUJU_STORAGE_LOCATION", "/var/lib/demo"),
        ],
        &tools,
        NO_PEBBLE,
    );
    assert_eq!(code, 0, "{:?}", tools.state().logs);
    let seen = SEEN.lock().unwrap().clone();
    assert!(seen.contains(&"check up in myapp".to_owned()), "{seen:?}");
    assert!(!seen.iter().any(|s| s.contains("ready")), "{seen:?}");
    assert!(
        seen.contains(&"storage data at /var/lib/demo".to_owned()),
        "{seen:?}"
    );
}

#[test]
fn actions_get_typed_params_and_unhandled_ones_fail() {
    let tools = tools();
    tools.update(|s| {
        s.action_params = serde_json::json!({"target": "/backups", "compress": false})
            .as_object()
            .unwrap()
            .clone();
    });
    let action = |name: &str| {
        [
            ("JUJU_DISPATCH_PATH", format!("actions/{name}")),
            ("JUJU_ACTION_NAME", name.to_owned()),
            ("JUJU_ACTION_UUID", "1".to_owned()),
        ]
    };
    let vars = action("backup");
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        dispatch(&vars, &tools, NO_PEBBLE),
        0,
        "{:?}",
        tools.state().logs
    );
    let results = tools.state().action_results;
    assert_eq!(results["target"], "/backups");
    assert_eq!(results["compress"], "false");

    let vars = action("restore");
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(dispatch(&vars, &tools, NO_PEBBLE), 1);
    let failure = tools.state().action_failure.unwrap_or_default();
    assert!(
        failure.contains("no handler for action restore"),
        "{failure}"
    );
}

#[test]
fn events_without_a_handler_are_no_ops() {
    let tools = tools();
    let code = dispatch(
        &[("JUJU_DISPATCH_PATH", "hooks/update-status")],
        &tools,
        NO_PEBBLE,
    );
    assert_eq!(code, 0);
    let code = dispatch(
        &[("JUJU_DISPATCH_PATH", "hooks/some-future-hook")],
        &tools,
        NO_PEBBLE,
    );
    assert_eq!(code, 0);
    assert_eq!(tools.state().unit_status.kind, StatusKind::Unknown);
}

/// A second charm whose handlers take whole structs: `Config<T>` and `Params<T>`.
struct Typed;

#[derive(serde::Deserialize)]
struct Settings {
    port: i64,
    #[serde(rename = "log-level")]
    log_level: Option<String>,
}

#[derive(serde::Deserialize)]
struct BackupParams {
    target: String,
}

#[charm(metadata = "macro_dispatch/charmcraft.yaml")]
impl Typed {
    #[on(config_changed)]
    async fn config(juju: &Juju, config: Config<Settings>) -> Result<()> {
        let level = config.log_level.as_deref().unwrap_or("default");
        juju.set_unit_status(Status::active(format!("{} {level}", config.port)))
            .await?;
        Ok(())
    }

    #[on(action = "backup")]
    async fn backup(juju: &Juju, params: Params<BackupParams>, action: ActionEvent) -> Result<()> {
        juju.action_set(&BTreeMap::from([
            ("target", &params.target),
            ("id", &action.id.to_string()),
        ]))
        .await?;
        Ok(())
    }
}

#[test]
fn whole_config_and_params_deserialise_into_structs() {
    let tools = tools();
    tools.update(|s| {
        s.config = serde_json::json!({"port": 7000})
            .as_object()
            .unwrap()
            .clone();
        s.action_params = serde_json::json!({"target": "/srv"})
            .as_object()
            .unwrap()
            .clone();
    });
    let vars = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .chain([("JUJU_UNIT_NAME".to_owned(), "typed/0".to_owned())])
            .collect()
    };
    let config = vars(&[("JUJU_DISPATCH_PATH", "hooks/config-changed")]);
    let code = dispatch::run_with(
        &|name: &str| config.get(name).cloned(),
        tools.clone(),
        handler::dispatch_to::<Typed>,
    );
    assert_eq!(code, 0, "{:?}", tools.state().logs);
    assert_eq!(tools.state().unit_status.message, "7000 default");
    let backup = vars(&[
        ("JUJU_DISPATCH_PATH", "actions/backup"),
        ("JUJU_ACTION_NAME", "backup"),
        ("JUJU_ACTION_UUID", "9"),
    ]);
    let code = dispatch::run_with(
        &|name: &str| backup.get(name).cloned(),
        tools.clone(),
        handler::dispatch_to::<Typed>,
    );
    assert_eq!(code, 0, "{:?}", tools.state().logs);
    let results = tools.state().action_results;
    assert_eq!(
        (results["target"].as_str(), results["id"].as_str()),
        ("/srv", "9")
    );
}

/// Which handler of `Every` ran last.
static ROUTED: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());

fn routed(handler: &'static str) -> Result<()> {
    ROUTED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(handler);
    Ok(())
}

/// One handler per `#[on]` form, each recording its name.
struct Every;

#[charm(metadata = "macro_dispatch/charmcraft.yaml")]
impl Every {
    #[on(install)]
    fn install() -> Result<()> {
        routed("install")
    }

    #[on(start)]
    fn start() -> Result<()> {
        routed("start")
    }

    #[on(stop)]
    fn stop() -> Result<()> {
        routed("stop")
    }

    #[on(remove)]
    fn remove() -> Result<()> {
        routed("remove")
    }

    #[on(upgrade_charm)]
    fn upgrade_charm() -> Result<()> {
        routed("upgrade_charm")
    }

    #[on(config_changed)]
    fn config_changed() -> Result<()> {
        routed("config_changed")
    }

    #[on(update_status)]
    fn update_status() -> Result<()> {
        routed("update_status")
    }

    #[on(leader_elected)]
    fn leader_elected() -> Result<()> {
        routed("leader_elected")
    }

    #[on(leader_settings_changed)]
    fn leader_settings_changed() -> Result<()> {
        routed("leader_settings_changed")
    }

    #[on(leader_deposed)]
    fn leader_deposed() -> Result<()> {
        routed("leader_deposed")
    }

    #[on(pre_series_upgrade)]
    fn pre_series_upgrade() -> Result<()> {
        routed("pre_series_upgrade")
    }

    #[on(post_series_upgrade)]
    fn post_series_upgrade() -> Result<()> {
        routed("post_series_upgrade")
    }

    #[on(collect_metrics)]
    fn collect_metrics() -> Result<()> {
        routed("collect_metrics")
    }

    #[on(relation_created = "database")]
    fn relation_created() -> Result<()> {
        routed("relation_created")
    }

    #[on(relation_joined = "database")]
    fn relation_joined() -> Result<()> {
        routed("relation_joined")
    }

    #[on(relation_changed = "database")]
    fn relation_changed() -> Result<()> {
        routed("relation_changed")
    }

    #[on(relation_departed = "database")]
    fn relation_departed() -> Result<()> {
        routed("relation_departed")
    }

    #[on(relation_broken = "database")]
    fn relation_broken() -> Result<()> {
        routed("relation_broken")
    }

    #[on(storage_attached = "data")]
    fn storage_attached() -> Result<()> {
        routed("storage_attached")
    }

    #[on(storage_detaching = "data")]
    fn storage_detaching() -> Result<()> {
        routed("storage_detaching")
    }

    #[on(secret_changed)]
    fn secret_changed() -> Result<()> {
        routed("secret_changed")
    }

    #[on(secret_rotate)]
    fn secret_rotate() -> Result<()> {
        routed("secret_rotate")
    }

    #[on(secret_remove)]
    fn secret_remove() -> Result<()> {
        routed("secret_remove")
    }

    #[on(secret_expired)]
    fn secret_expired() -> Result<()> {
        routed("secret_expired")
    }

    #[on(pebble_ready = "myapp")]
    fn pebble_ready() -> Result<()> {
        routed("pebble_ready")
    }

    #[on(pebble_custom_notice = "myapp")]
    fn pebble_custom_notice() -> Result<()> {
        routed("pebble_custom_notice")
    }

    #[on(pebble_check_failed = "myapp")]
    fn pebble_check_failed() -> Result<()> {
        routed("pebble_check_failed")
    }

    #[on(pebble_check_recovered = "myapp")]
    fn pebble_check_recovered() -> Result<()> {
        routed("pebble_check_recovered")
    }

    #[on(action = "backup")]
    fn action() -> Result<()> {
        routed("action")
    }
}

#[test]
fn every_event_kind_reaches_its_handler() {
    let cases = [
        ("hooks/install", "install"),
        ("hooks/start", "start"),
        ("hooks/stop", "stop"),
        ("hooks/remove", "remove"),
        ("hooks/upgrade-charm", "upgrade_charm"),
        ("hooks/config-changed", "config_changed"),
        ("hooks/update-status", "update_status"),
        ("hooks/leader-elected", "leader_elected"),
        ("hooks/leader-settings-changed", "leader_settings_changed"),
        ("hooks/leader-deposed", "leader_deposed"),
        ("hooks/pre-series-upgrade", "pre_series_upgrade"),
        ("hooks/post-series-upgrade", "post_series_upgrade"),
        ("hooks/collect-metrics", "collect_metrics"),
        ("hooks/database-relation-created", "relation_created"),
        ("hooks/database-relation-joined", "relation_joined"),
        ("hooks/database-relation-changed", "relation_changed"),
        ("hooks/database-relation-departed", "relation_departed"),
        ("hooks/database-relation-broken", "relation_broken"),
        ("hooks/data-storage-attached", "storage_attached"),
        ("hooks/data-storage-detaching", "storage_detaching"),
        ("hooks/secret-changed", "secret_changed"),
        ("hooks/secret-rotate", "secret_rotate"),
        ("hooks/secret-remove", "secret_remove"),
        ("hooks/secret-expired", "secret_expired"),
        ("hooks/myapp-pebble-ready", "pebble_ready"),
        ("hooks/myapp-pebble-custom-notice", "pebble_custom_notice"),
        ("hooks/myapp-pebble-check-failed", "pebble_check_failed"),
        (
            "hooks/myapp-pebble-check-recovered",
            "pebble_check_recovered",
        ),
        ("actions/backup", "action"),
    ];
    let tools = tools();
    for (path, handler) in cases {
        let mut vars: BTreeMap<&str, &str> = BTreeMap::from([
            ("JUJU_UNIT_NAME", "every/0"),
            ("JUJU_RELATION", "database"),
            ("JUJU_RELATION_ID", "database:1"),
            ("JUJU_REMOTE_APP", "postgresql"),
            ("JUJU_REMOTE_UNIT", "postgresql/0"),
            ("JUJU_DEPARTING_UNIT", "postgresql/0"),
            ("JUJU_STORAGE_ID", "data/0"),
            ("JUJU_STORAGE_KIND", "filesystem"),
            ("JUJU_STORAGE_LOCATION", "/srv/data"),
            ("JUJU_SECRET_ID", "secret:cs8r7t0nbp1s7fh0uomg"),
            ("JUJU_SECRET_REVISION", "2"),
            ("JUJU_WORKLOAD_NAME", "myapp"),
            ("JUJU_NOTICE_ID", "1"),
            ("JUJU_NOTICE_TYPE", "custom"),
            ("JUJU_NOTICE_KEY", "example.com/k"),
            ("JUJU_PEBBLE_CHECK_NAME", "up"),
            ("JUJU_ACTION_NAME", "backup"),
            ("JUJU_ACTION_UUID", "5"),
        ]);
        vars.insert("JUJU_DISPATCH_PATH", path);
        let code = dispatch::run_with(
            &|name: &str| vars.get(name).map(|v| (*v).to_owned()),
            tools.clone(),
            handler::dispatch_to::<Every>,
        );
        assert_eq!(code, 0, "{path}: {:?}", tools.state().logs);
        let last = ROUTED.lock().unwrap().pop();
        assert_eq!(last, Some(handler), "{path}");
    }
}
