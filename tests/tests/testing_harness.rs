//! The state-in/state-out harness: `#[charm]` charms and plain closures, one event each,
//! with in-memory hook tools and a fake Pebble per container.

// Test helpers: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use charm_runtime::event::{CheckEvent, NoticeEvent, RelationEvent};
use charm_runtime::hook_tools::{Juju, LogLevel, Status, StatusKind};
use charm_runtime::layer::Layer;
use charm_runtime::testing::ExecResult;
use charm_runtime::testing::MemoryRelation;
use charm_runtime::testing::harness::{ContainerState, Context, State, TestEvent};
use charm_runtime::{Container, Error, Result, charm, on};

fn db_layer(port: i64) -> Layer {
    Layer::from_yaml(&format!(
        "services:\n  db:\n    override: replace\n    command: postgres -p {port}\n    startup: enabled\nchecks:\n  ready:\n    override: replace\n    tcp:\n      port: {port}\n"
    ))
    .unwrap()
}

#[derive(Default)]
struct Demo;

#[charm(metadata = "testing_harness/charmcraft.yaml")]
impl Demo {
    #[on(pebble_ready = "db")]
    #[on(config_changed)]
    async fn reconcile(juju: &Juju, db: Container, #[config] port: i64) -> Result<()> {
        if !db.can_connect().await {
            juju.set_unit_status(Status::waiting("waiting for pebble"))
                .await?;
            return Ok(());
        }
        db.ensure_layer("db", &db_layer(port)).await?;
        juju.set_workload_version("16.2").await?;
        juju.set_unit_status(Status::active(format!("listening on {port}")))
            .await?;
        Ok(())
    }

    #[on(action = "backup")]
    async fn backup(juju: &Juju, db: Container, #[param] target: String) -> Result<()> {
        let dump = db
            .exec(["pg_dump", "app"])
            .env("PGUSER", "backup")
            .await?
            .wait_output()
            .await?;
        db.push(&format!("{target}/app.sql"), dump.stdout.clone())
            .make_dirs(true)
            .await?;
        juju.action_log("dumped").await?;
        juju.action_set(&BTreeMap::from([("bytes", dump.stdout.len().to_string())]))
            .await?;
        Ok(())
    }

    #[on(pebble_custom_notice = "db", key = "example.com/db/backup-done")]
    async fn backup_done(juju: &Juju, notice: NoticeEvent, db: Container) -> Result<()> {
        let recorded = db.notice(&notice.id).await?;
        let path = recorded.last_data.get("path").cloned().unwrap_or_default();
        juju.set_unit_status(Status::active(format!("backup at {path}")))
            .await?;
        Ok(())
    }

    #[on(pebble_check_failed = "db", check = "ready")]
    async fn check_failed(juju: &Juju, check: CheckEvent, db: Container) -> Result<()> {
        db.restart_services(&["db"]).await?;
        juju.set_unit_status(Status::maintenance(format!("{} failed", check.check)))
            .await?;
        Ok(())
    }

    #[on(relation_changed = "api")]
    async fn api(juju: &Juju, relation: RelationEvent) -> Result<()> {
        let data = BTreeMap::from([("url".to_owned(), "http://db:5432".to_owned())]);
        juju.relation_set_app(&relation.id, &data).await?;
        Ok(())
    }
}

#[test]
fn pebble_ready_adds_the_layer_and_starts_the_service() {
    let state = State::new()
        .config("port", 5433)
        .container(ContainerState::new("db"));
    let out = Context::new()
        .run::<Demo>(TestEvent::pebble_ready("db"), state)
        .unwrap();
    assert_eq!(out.exit_code, 0, "{:?}", out.juju.logs);
    assert_eq!(out.juju.unit_status, Status::active("listening on 5433"));
    assert_eq!(out.juju.workload_version.as_deref(), Some("16.2"));
    let db = &out.containers["db"];
    assert_eq!(db.plan().services["db"].command, "postgres -p 5433");
    let services = db.services();
    assert_eq!(services.len(), 1);
    assert!(services[0].is_running());
    assert_eq!(db.layers()[0].0, "db");
}

#[test]
fn an_unchanged_plan_is_left_alone() {
    let state = State::new().config("port", 5432).container(
        ContainerState::new("db")
            .layer("db", db_layer(5432))
            .service_running("db"),
    );
    let out = Context::new()
        .run::<Demo>(TestEvent::config_changed(), state)
        .unwrap();
    assert_eq!(out.exit_code, 0, "{:?}", out.juju.logs);
    let requests = out.containers["db"].requests();
    assert!(
        !requests.iter().any(|r| r.path == "/v1/layers"),
        "no layer added: {requests:?}"
    );
    assert!(
        !requests
            .iter()
            .any(|r| r.path == "/v1/services" && r.method == "POST")
    );
    assert_eq!(out.containers["db"].service_starts("db"), 1);
}

#[test]
fn an_unreachable_container_makes_the_charm_wait() {
    let state = State::new()
        .config("port", 5432)
        .container(ContainerState::new("db").can_connect(false));
    let out = Context::new()
        .run::<Demo>(TestEvent::config_changed(), state)
        .unwrap();
    assert_eq!(out.exit_code, 0);
    assert_eq!(out.juju.unit_status, Status::waiting("waiting for pebble"));
    assert!(out.containers["db"].plan().services.is_empty());
}

#[test]
fn an_action_runs_a_command_and_writes_its_output() {
    let state = State::new().container(
        ContainerState::new("db").exec(["pg_dump"], |_| ExecResult::ok("-- dump of app\n")),
    );
    let out = Context::new()
        .run::<Demo>(
            TestEvent::action("backup").param("target", "/backups"),
            state,
        )
        .unwrap();
    assert_eq!(out.exit_code, 0, "{:?}", out.juju.logs);
    assert_eq!(out.juju.action_results["bytes"], "15");
    assert_eq!(out.juju.action_logs, ["dumped"]);
    assert_eq!(out.juju.action_failure, None);
    let db = &out.containers["db"];
    assert_eq!(
        db.read_file("/backups/app.sql").unwrap(),
        b"-- dump of app\n"
    );
    let calls = db.exec_calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].command, ["pg_dump", "app"]);
    assert_eq!(calls[0].environment["PGUSER"], "backup");
}

#[test]
fn a_failing_command_fails_the_action() {
    let state = State::new().container(
        ContainerState::new("db").exec(["pg_dump"], |_| ExecResult::new(1).with_stderr("no db\n")),
    );
    let out = Context::new()
        .run::<Demo>(
            TestEvent::action("backup").param("target", "/backups"),
            state,
        )
        .unwrap();
    assert_eq!(out.exit_code, 1);
    let failure = out.juju.action_failure.unwrap_or_default();
    assert!(failure.contains("pg_dump"), "{failure}");
    assert!(out.containers["db"].read_file("/backups/app.sql").is_err());
}

#[test]
fn a_custom_notice_reaches_its_handler_with_the_recorded_notice() {
    let state = State::new().container(ContainerState::new("db"));
    let event = TestEvent::pebble_custom_notice("db", "example.com/db/backup-done")
        .notice_data("path", "/backups/7");
    let out = Context::new().run::<Demo>(event, state).unwrap();
    assert_eq!(out.exit_code, 0, "{:?}", out.juju.logs);
    assert_eq!(out.juju.unit_status, Status::active("backup at /backups/7"));
}

#[test]
fn a_failed_check_restarts_the_service() {
    let state = State::new().container(
        ContainerState::new("db")
            .layer("db", db_layer(5432))
            .service_running("db"),
    );
    let out = Context::new()
        .run::<Demo>(TestEvent::pebble_check_failed("db", "ready"), state)
        .unwrap();
    assert_eq!(out.exit_code, 0, "{:?}", out.juju.logs);
    assert_eq!(out.juju.unit_status.kind, StatusKind::Maintenance);
    let db = &out.containers["db"];
    assert_eq!(db.service_starts("db"), 2);
    let changes = db.changes();
    assert!(changes.iter().any(|c| c.kind == "restart"), "{changes:?}");
    assert!(
        changes.iter().any(|c| c.kind == "recover-check"),
        "{changes:?}"
    );
}

#[test]
fn relation_data_written_by_the_charm_comes_out() {
    let state = State::new().leader(true).relation(
        4,
        MemoryRelation {
            endpoint: "api".into(),
            remote_app: "web".into(),
            units: vec!["web/0".into()],
            ..MemoryRelation::default()
        },
    );
    let out = Context::new()
        .unit("harness-demo/0")
        .run::<Demo>(TestEvent::relation_changed("api", 4, "web/0"), state)
        .unwrap();
    assert_eq!(out.exit_code, 0, "{:?}", out.juju.logs);
    let bag = &out.juju.relations[&4].data["harness-demo"];
    assert_eq!(bag["url"], "http://db:5432");
}

#[test]
fn a_closure_charm_runs_without_the_macro() {
    let state =
        State::new().container(ContainerState::new("web").file("/etc/web.conf", "port: 80\n"));
    let out = Context::new()
        .run_fn(TestEvent::pebble_ready("web"), state, |ctx| async move {
            let web = ctx.container("web");
            let conf = web.pull_string("/etc/web.conf").await?;
            web.push("/etc/web.conf", conf.replace("80", "8080"))
                .await?;
            ctx.juju
                .set_unit_status(Status::active("configured"))
                .await?;
            Ok(())
        })
        .unwrap();
    assert_eq!(out.exit_code, 0, "{:?}", out.juju.logs);
    assert_eq!(out.juju.unit_status, Status::active("configured"));
    assert_eq!(
        out.containers["web"].read_file("/etc/web.conf").unwrap(),
        b"port: 8080\n"
    );
}

#[test]
fn a_failing_closure_exits_1_and_logs_the_error() {
    let out = Context::new()
        .run_fn(TestEvent::install(), State::new(), |_| async {
            Err(Error::msg("no network yet"))
        })
        .unwrap();
    assert_eq!(out.exit_code, 1);
    assert!(
        out.juju
            .logs
            .iter()
            .any(|(level, line)| *level == LogLevel::Error && line.contains("no network yet")),
        "{:?}",
        out.juju.logs
    );
}

#[test]
fn an_initial_layer_pebble_would_refuse_is_a_setup_error() {
    let bad = Layer::from_yaml("services:\n  web:\n    override: replace\n    startup: enabled\n")
        .unwrap();
    let err = Context::new()
        .run_fn(
            TestEvent::install(),
            State::new().container(ContainerState::new("web").layer("web", bad)),
            |_| async { Ok(()) },
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("plan must define \"command\""),
        "{err}"
    );
}

#[test]
fn a_container_plays_the_pebble_of_the_juju_the_charm_targets() {
    use charm_runtime::pebble::Error as PebbleError;
    use charm_runtime::testing::PebbleVersion;
    let checks =
        Layer::from_yaml("checks:\n  up:\n    override: replace\n    tcp: {port: 80}\n").unwrap();
    let state = State::new().container(
        ContainerState::new("web")
            .pebble_version(PebbleVersion::V1_16_0)
            .layer("checks", checks),
    );
    let out = Context::new()
        .run_fn(TestEvent::install(), state, |ctx| async move {
            let web = ctx.container("web");
            assert_eq!(web.system_info().await?.version, "v1.16.0");
            // Pebble v1.16.0 cannot stop checks: the client says which Pebble can.
            match web.stop_checks(&["up"]).await {
                Err(err @ PebbleError::NeedsNewerPebble { .. })
                    if err.needs_newer_pebble().map(|f| f.id) == Some("checks-start-stop") =>
                {
                    Ok(())
                }
                other => Err(charm_runtime::Error::msg(format!("{other:?}"))),
            }
        })
        .unwrap();
    assert_eq!(out.exit_code, 0, "{:?}", out.juju.logs);
    assert_eq!(
        out.containers["web"].pebble_version(),
        PebbleVersion::V1_16_0
    );

    // A layer field that release does not know is refused when the state is set up.
    let startup = Layer::from_yaml(
        "checks:\n  up:\n    override: replace\n    startup: enabled\n    tcp: {port: 80}\n",
    )
    .unwrap();
    let err = Context::new()
        .run_fn(
            TestEvent::install(),
            State::new().container(
                ContainerState::new("web")
                    .pebble_version(PebbleVersion::V1_16_0)
                    .layer("checks", startup),
            ),
            |_| async { Ok(()) },
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .ends_with("field startup not found in type plan.Check"),
        "{err}"
    );
}

/// The charm of the "how to run workloads" guide's check and notice examples.
#[derive(Default)]
struct Postgres;

/// What the backup handler "uploaded": (key, content).
static UPLOADED: std::sync::Mutex<Vec<(String, Vec<u8>)>> = std::sync::Mutex::new(Vec::new());

#[charm(metadata = "testing_harness/charmcraft.yaml")]
impl Postgres {
    #[on(pebble_check_failed = "db")]
    async fn check_failed(juju: &Juju, check: CheckEvent) -> Result<()> {
        if check.check == "http-test" {
            tracing::warn!("The http-test has started failing!");
            juju.set_unit_status(Status::active("Degraded functionality ..."))
                .await?;
        }
        Ok(())
    }

    #[on(pebble_check_recovered = "db")]
    async fn check_recovered(juju: &Juju, check: CheckEvent) -> Result<()> {
        if check.check == "http-test" {
            juju.set_unit_status(Status::active("")).await?;
        }
        Ok(())
    }

    #[on(
        pebble_custom_notice = "db",
        key = "canonical.com/postgresql/backup-done"
    )]
    async fn backup_done(notice: NoticeEvent, db: Container) -> Result<()> {
        let recorded = db.notice(&notice.id).await?;
        let path = recorded.last_data["path"].clone();
        tracing::info!("Backup finished, copying {path} to the cloud");
        let content = db.pull_bytes(&path).await?;
        UPLOADED
            .lock()
            .unwrap()
            .push(("db-backup.sql".to_owned(), content));
        Ok(())
    }
}

fn http_test_layer() -> Layer {
    Layer::from_yaml(
        "checks:\n  http-test:\n    override: replace\n    http:\n      url: http://localhost:8080/test\n",
    )
    .unwrap()
}

#[test]
fn guide_test_http_check_failing() {
    let container = ContainerState::new("db").layer("checks", http_test_layer());
    let state_in = State::new().container(container);
    let out = Context::new()
        .run::<Postgres>(TestEvent::pebble_check_failed("db", "http-test"), state_in)
        .unwrap();
    assert_eq!(out.exit_code, 0, "{:?}", out.juju.logs);
    assert_eq!(
        out.juju.unit_status,
        Status::active("Degraded functionality ...")
    );
    assert!(
        out.juju
            .logs
            .iter()
            .any(|(level, line)| *level == LogLevel::Warning && line.contains("http-test")),
        "{:?}",
        out.juju.logs
    );
    // The fake reports the check down, as Pebble would when the event fires.
    let db = &out.containers["db"];
    let health = db
        .checks()
        .into_iter()
        .find(|c| c.name == "http-test")
        .unwrap();
    assert_eq!(
        health.status,
        charm_runtime::pebble::checks::CheckStatus::Down
    );

    let recovered = Context::new()
        .run::<Postgres>(
            TestEvent::pebble_check_recovered("db", "http-test"),
            State::new()
                .unit_status(Status::active("Degraded functionality ..."))
                .container(
                    ContainerState::new("db")
                        .layer("checks", http_test_layer())
                        .check_down("http-test"),
                ),
        )
        .unwrap();
    assert_eq!(recovered.juju.unit_status, Status::active(""));
}

#[test]
fn guide_test_backup_done() {
    let container = ContainerState::new("db").file("/tmp/mydb.sql", "BACKUP");
    let state_in = State::new().container(container);
    let event = TestEvent::pebble_custom_notice("db", "canonical.com/postgresql/backup-done")
        .notice_data("path", "/tmp/mydb.sql");
    let out = Context::new().run::<Postgres>(event, state_in).unwrap();
    assert_eq!(out.exit_code, 0, "{:?}", out.juju.logs);
    let uploaded = UPLOADED.lock().unwrap().clone();
    assert_eq!(uploaded, [("db-backup.sql".to_owned(), b"BACKUP".to_vec())]);
    let notices = out.containers["db"].notices();
    assert_eq!(notices[0].key, "canonical.com/postgresql/backup-done");
}

#[test]
fn secrets_ports_and_storage_come_out_of_the_hook_tools() {
    use charm_runtime::event::Event;
    use charm_runtime::hook_tools::{Port, SecretContent};
    let out = Context::new()
        .run_fn(
            TestEvent::storage_attached("data", 0, "/var/lib/data"),
            State::new().leader(true),
            |ctx| async move {
                let Event::StorageAttached(storage) = &ctx.event else {
                    return Err(Error::msg(format!("unexpected {}", ctx.event)));
                };
                assert_eq!(storage.location, std::path::Path::new("/var/lib/data"));
                ctx.juju.open_port(Port::tcp(5432), &[]).await?;
                let content = SecretContent::new().with("password", "s3cret!");
                ctx.juju.secret_add(&content).label("admin").await?;
                Ok(())
            },
        )
        .unwrap();
    assert_eq!(out.exit_code, 0, "{:?}", out.juju.logs);
    assert!(out.juju.ports.contains_key(&Port::tcp(5432)));
    let (_, secret) = out.juju.secrets.iter().next().unwrap();
    assert_eq!(secret.label.as_deref(), Some("admin"));
    assert_eq!(secret.content["password"], "s3cret!");
}

#[tokio::test(flavor = "current_thread")]
async fn running_from_async_code_is_refused_with_a_hint() {
    let err = Context::new()
        .run_fn(TestEvent::install(), State::new(), |_| async { Ok(()) })
        .unwrap_err();
    assert!(
        matches!(err, charm_runtime::testing::harness::Error::InsideRuntime),
        "{err}"
    );
    assert!(err.to_string().contains("plain #[test]"), "{err}");
}

#[test]
fn charmcraft_defaults_fill_unset_config_and_action_params() {
    let ctx = Context::new()
        .charmcraft(
            "config:\n  options:\n    port: {type: int, default: 8080}\n    name: {type: string}\n\
             actions:\n  backup:\n    params:\n      compress: {type: boolean, default: true}\n",
        )
        .unwrap();

    let out = ctx
        .run_fn(
            TestEvent::config_changed(),
            State::new().config("name", "db"),
            |ctx| async move {
                let config = ctx.juju.config_map().await?;
                assert_eq!(config["port"], 8080);
                assert_eq!(config["name"], "db");
                Ok(())
            },
        )
        .unwrap();
    assert_eq!(out.exit_code, 0);

    let out = ctx
        .run_fn(
            TestEvent::action("backup").param("target", "/b"),
            State::new().config("port", 9090),
            |ctx| async move {
                let params = ctx.juju.action_params_map().await?;
                assert_eq!(params["compress"], true);
                assert_eq!(params["target"], "/b");
                assert_eq!(ctx.juju.config_map().await?["port"], 9090);
                Ok(())
            },
        )
        .unwrap();
    assert_eq!(out.exit_code, 0, "{:?}", out.juju.logs);
}

#[test]
fn malformed_charmcraft_is_a_metadata_error() {
    let err = Context::new()
        .charmcraft("config: [not, a, map")
        .unwrap_err();
    assert!(
        err.to_string().starts_with("cannot read charmcraft.yaml"),
        "{err}"
    );
}
