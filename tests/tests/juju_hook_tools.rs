//! Every hook tool's argv and the parsing of its output, through real child processes:
//! fake tools (shell scripts) record their calls and answer as Juju does.

// Test fixtures: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use charm_runtime::event::{RelationId, SecretId, StorageKind};
use charm_runtime::hook_tools::{
    Bag, Error, Juju, LogLevel, Port, Protocol, Rotate, SecretContent, SecretOwner, SecretRef,
    Status, StatusKind,
};
use charm_runtime::testing::{FakeHookTools, RecordedCall};

struct Fixture {
    _dir: tempfile::TempDir,
    fake: FakeHookTools,
    juju: Juju,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let fake = FakeHookTools::install(dir.path().join("juju")).unwrap();
    let juju = Juju::new(Arc::new(fake.tools()));
    Fixture {
        _dir: dir,
        fake,
        juju,
    }
}

impl Fixture {
    fn calls(&self) -> Vec<RecordedCall> {
        self.fake.calls().unwrap()
    }

    fn only_call(&self, tool: &str) -> RecordedCall {
        let calls = self.calls();
        assert_eq!(calls.len(), 1, "{calls:?}");
        assert_eq!(calls[0].tool, tool);
        calls[0].clone()
    }
}

fn rel(endpoint: &str, n: u64) -> RelationId {
    RelationId::new(endpoint, n)
}

#[tokio::test(flavor = "current_thread")]
async fn status_set_unit_and_app() {
    let f = fixture();
    f.juju
        .set_unit_status(Status::blocked("-- add a db relation"))
        .await
        .unwrap();
    f.juju.set_app_status(Status::active("")).await.unwrap();
    let calls = f.calls();
    assert_eq!(calls[0].argv(), ["blocked", "--", "-- add a db relation"]);
    assert_eq!(calls[1].argv(), ["--application", "active", "--", ""]);
}

#[tokio::test(flavor = "current_thread")]
async fn status_set_refuses_juju_only_kinds_without_calling() {
    let f = fixture();
    let err = f
        .juju
        .set_unit_status(Status::new(StatusKind::Error, "x"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Invalid { what: "status", .. }),
        "{err}"
    );
    assert!(f.calls().is_empty());
}

#[tokio::test(flavor = "current_thread")]
async fn a_failing_tool_is_a_typed_error_with_its_stderr() {
    let f = fixture();
    f.fake
        .fail("status-set", 1, "ERROR this unit is not the leader\n")
        .unwrap();
    let err = f.juju.set_app_status(Status::active("")).await.unwrap_err();
    match &err {
        Error::Failed { tool, code, stderr } => {
            assert_eq!(tool, "status-set");
            assert_eq!(*code, Some(1));
            assert_eq!(stderr, "ERROR this unit is not the leader");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "status-set failed: ERROR this unit is not the leader"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_missing_tool_is_a_spawn_error() {
    let dir = tempfile::tempdir().unwrap();
    let juju = Juju::new(Arc::new(charm_runtime::hook_tools::ProcessTools::in_dir(
        dir.path(),
    )));
    let err = juju.is_leader().await.unwrap_err();
    assert!(
        matches!(err, Error::Spawn { ref tool, .. } if tool == "is-leader"),
        "{err}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn status_get_unit_and_app() {
    let f = fixture();
    f.fake
        .respond(
            "status-get",
            r#"{"message":"ready","status":"active","status-data":{}}"#,
        )
        .unwrap();
    let status = f.juju.unit_status().await.unwrap();
    assert_eq!(status, Status::active("ready"));
    assert_eq!(
        f.only_call("status-get").argv(),
        ["--include-data", "--format=json"]
    );

    let f = fixture();
    f.fake
        .respond(
            "status-get",
            r#"{"application-status":{"message":"","status":"waiting","status-data":{},
                "units":{"web/0":{"message":"m","status":"maintenance","status-data":{}}}}}"#,
        )
        .unwrap();
    let app = f.juju.app_status().await.unwrap();
    assert_eq!(app.status, Status::waiting(""));
    assert_eq!(app.units["web/0"], Status::maintenance("m"));
    assert_eq!(
        f.only_call("status-get").argv(),
        ["--include-data", "--format=json", "--application"]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn unexpected_output_is_an_output_error() {
    let f = fixture();
    f.fake.respond("status-get", "not json").unwrap();
    let err = f.juju.unit_status().await.unwrap_err();
    assert!(
        matches!(err, Error::Output { ref tool, .. } if tool == "status-get"),
        "{err}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn workload_version_and_leadership() {
    let f = fixture();
    f.fake.respond("is-leader", "true\n").unwrap();
    f.juju.set_workload_version("-1.2.3").await.unwrap();
    assert!(f.juju.is_leader().await.unwrap());
    let calls = f.calls();
    assert_eq!(calls[0].tool, "application-version-set");
    assert_eq!(calls[0].argv(), ["--", "-1.2.3"]);
    assert_eq!(calls[1].argv(), ["--format=json"]);

    let f = fixture();
    f.fake.respond("is-leader", "false").unwrap();
    assert!(!f.juju.is_leader().await.unwrap());
}

#[tokio::test(flavor = "current_thread")]
async fn juju_log() {
    let f = fixture();
    f.juju
        .log(LogLevel::Warning, "-x disk almost full")
        .await
        .unwrap();
    assert_eq!(
        f.only_call("juju-log").argv(),
        ["--log-level", "WARNING", "--", "-x disk almost full"]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn config_typed_map_and_one_key() {
    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "kebab-case")]
    struct Config {
        port: u16,
        log_level: String,
        debug: bool,
        ratio: f64,
        admin_password: Option<String>,
    }
    let f = fixture();
    f.fake
        .respond(
            "config-get",
            r#"{"port":8080,"log-level":"info","debug":false,"ratio":0.5}"#,
        )
        .unwrap();
    let config: Config = f.juju.config().await.unwrap();
    assert_eq!(
        config,
        Config {
            port: 8080,
            log_level: "info".into(),
            debug: false,
            ratio: 0.5,
            admin_password: None
        }
    );
    let map = f.juju.config_map().await.unwrap();
    assert_eq!(map["port"], 8080);
    for call in f.calls() {
        assert_eq!(call.argv(), ["--format=json"]);
    }

    let f = fixture();
    f.fake.respond("config-get", "\"info\"").unwrap();
    assert_eq!(
        f.juju.config_value("log-level").await.unwrap(),
        Some(serde_json::json!("info"))
    );
    assert_eq!(
        f.only_call("config-get").argv(),
        ["--format=json", "log-level"]
    );
    let f = fixture();
    f.fake.respond("config-get", "null").unwrap();
    assert_eq!(f.juju.config_value("unset").await.unwrap(), None);
}

#[tokio::test(flavor = "current_thread")]
async fn config_that_does_not_fit_is_an_error() {
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Config {
        port: u16,
    }
    let f = fixture();
    f.fake
        .respond("config-get", r#"{"port":"eighty"}"#)
        .unwrap();
    let err = f.juju.config::<Config>().await.unwrap_err();
    assert!(matches!(err, Error::Output { .. }), "{err}");
}

#[tokio::test(flavor = "current_thread")]
async fn action_params_results_log_and_fail() {
    #[derive(serde::Deserialize)]
    struct Params {
        target: String,
        options: BTreeMap<String, bool>,
    }
    let f = fixture();
    f.fake
        .respond(
            "action-get",
            r#"{"target":"s3://b","options":{"compress":true}}"#,
        )
        .unwrap();
    let params: Params = f.juju.action_params().await.unwrap();
    assert_eq!(params.target, "s3://b");
    assert!(params.options["compress"]);
    f.juju
        .action_set(&serde_json::json!({
            "backup": {"path": "/srv/b.tar", "size": 42, "ok": true},
            "id": "b-1",
        }))
        .await
        .unwrap();
    f.juju.action_log("-- step 1").await.unwrap();
    f.juju.action_fail("-- no space").await.unwrap();
    let calls = f.calls();
    assert_eq!(calls[0].argv(), ["--format=json"]);
    assert_eq!(calls[1].tool, "action-set");
    assert_eq!(
        calls[1].argv(),
        [
            "backup.ok=true",
            "backup.path=/srv/b.tar",
            "backup.size=42",
            "id=b-1"
        ]
    );
    assert_eq!(calls[2].argv(), ["--", "-- step 1"]);
    assert_eq!(calls[3].tool, "action-fail");
    assert_eq!(calls[3].argv(), ["--", "-- no space"]);
}

#[tokio::test(flavor = "current_thread")]
async fn action_result_keys_are_validated_before_calling() {
    let f = fixture();
    for bad in [
        serde_json::json!({"Upper": "x"}),
        serde_json::json!({"under_score": "x"}),
        serde_json::json!({"-lead": "x"}),
        serde_json::json!({"trail-": "x"}),
        serde_json::json!({"stdout": "x"}),
        serde_json::json!({"stderr-encoding": "x"}),
        serde_json::json!({"a": {"b": "1"}, "a.b": "2"}),
        serde_json::json!({"a": {"": "1"}}),
        serde_json::json!(["not", "a", "map"]),
    ] {
        let err = f.juju.action_set(&bad).await.unwrap_err();
        assert!(matches!(err, Error::Invalid { .. }), "{bad}: {err}");
    }
    assert!(f.calls().is_empty());
}

#[tokio::test(flavor = "current_thread")]
async fn relation_ids_list_and_remote_app() {
    let f = fixture();
    f.fake
        .respond("relation-ids", r#"["db-admin:3","db-admin:7"]"#)
        .unwrap();
    f.fake
        .respond_nth("relation-list", 1, r#"["postgresql/0","postgresql/1"]"#)
        .unwrap();
    f.fake
        .respond_nth("relation-list", 2, r#""postgresql""#)
        .unwrap();
    f.fake
        .respond("relation-model-get", r#"{"uuid":"u-1"}"#)
        .unwrap();
    let ids = f.juju.relation_ids("db-admin").await.unwrap();
    assert_eq!(ids, [rel("db-admin", 3), rel("db-admin", 7)]);
    let units = f.juju.relation_units(&ids[0]).await.unwrap();
    assert_eq!(units, ["postgresql/0", "postgresql/1"]);
    let app = f.juju.relation_remote_app(&ids[0]).await.unwrap();
    assert_eq!(app.as_deref(), Some("postgresql"));
    assert_eq!(f.juju.relation_model_uuid(&ids[0]).await.unwrap(), "u-1");
    let calls = f.calls();
    assert_eq!(calls[0].argv(), ["db-admin", "--format=json"]);
    assert_eq!(calls[1].argv(), ["--format=json", "-r", "db-admin:3"]);
    assert_eq!(
        calls[2].argv(),
        ["--format=json", "-r", "db-admin:3", "--app"]
    );
    assert_eq!(calls[3].argv(), ["--format=json", "-r", "db-admin:3"]);
}

#[tokio::test(flavor = "current_thread")]
async fn relation_get_unit_and_app_bags() {
    let f = fixture();
    f.fake
        .respond(
            "relation-get",
            r#"{"host":"10.0.0.1","port":"5432","ingress-address":"10.0.0.1"}"#,
        )
        .unwrap();
    let id = rel("db", 3);
    let data = f.juju.relation_get(&id, Bag::Unit("pg/0")).await.unwrap();
    assert_eq!(data["port"], "5432");
    f.juju.relation_get(&id, Bag::App("pg")).await.unwrap();
    let calls = f.calls();
    assert_eq!(
        calls[0].argv(),
        ["--format=json", "-r", "db:3", "-", "pg/0"]
    );
    assert_eq!(
        calls[1].argv(),
        ["--format=json", "-r", "db:3", "--app", "-", "pg"]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn relation_set_sends_json_on_stdin() {
    let f = fixture();
    let id = rel("db", 3);
    let data: BTreeMap<String, String> = [
        ("host".to_owned(), "10.0.0.1".to_owned()),
        ("gone".to_owned(), String::new()),
        ("multi".to_owned(), "a=b c\nd".to_owned()),
    ]
    .into();
    f.juju.relation_set_unit(&id, &data).await.unwrap();
    f.juju.relation_set_app(&id, &data).await.unwrap();
    let calls = f.calls();
    assert_eq!(calls[0].argv(), ["-r", "db:3", "--file", "-"]);
    assert_eq!(calls[1].argv(), ["-r", "db:3", "--app", "--file", "-"]);
    let sent: BTreeMap<String, String> = serde_json::from_slice(&calls[0].stdin).unwrap();
    assert_eq!(sent, data);
}

#[tokio::test(flavor = "current_thread")]
async fn relation_save_unit_writes_the_units_bag_as_json_values() {
    #[derive(serde::Serialize, serde::Deserialize)]
    struct Endpoint {
        host: String,
        port: u16,
        tls: Option<bool>,
    }
    impl charm_runtime::hook_tools::databag::Databag for Endpoint {}
    let f = fixture();
    let id = rel("db", 3);
    let endpoint = Endpoint {
        host: "10.0.0.7".to_owned(),
        port: 5432,
        tls: None,
    };
    f.juju.relation_save_unit(&id, &endpoint).await.unwrap();
    let call = f.only_call("relation-set");
    assert_eq!(call.argv(), ["-r", "db:3", "--file", "-"], "no --app");
    let sent: BTreeMap<String, String> = serde_json::from_slice(&call.stdin).unwrap();
    let expected: BTreeMap<String, String> = [
        ("host".to_owned(), "\"10.0.0.7\"".to_owned()),
        ("port".to_owned(), "5432".to_owned()),
    ]
    .into();
    assert_eq!(sent, expected, "None fields are left out");

    let err = f
        .juju
        .relation_save_unit(&id, &serde_json::json!(42))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Invalid { what: "relation data", value, .. } if value == "42"),
        "not a struct: {err:?}"
    );
    assert_eq!(f.calls().len(), 1, "nothing sent for a refused value");
}

#[tokio::test(flavor = "current_thread")]
async fn relation_typed_save_and_load_round_trip() {
    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Db {
        host: String,
        port: u16,
        tls: bool,
        replicas: Vec<String>,
        note: Option<String>,
    }
    impl charm_runtime::hook_tools::databag::Databag for Db {}
    let f = fixture();
    let id = rel("db", 3);
    let db = Db {
        host: "10.0.0.1".into(),
        port: 5432,
        tls: true,
        replicas: vec!["r1".into()],
        note: None,
    };
    f.juju.relation_save_app(&id, &db).await.unwrap();
    let call = f.only_call("relation-set");
    let sent: BTreeMap<String, String> = serde_json::from_slice(&call.stdin).unwrap();
    assert_eq!(sent["host"], "\"10.0.0.1\"");
    assert_eq!(sent["port"], "5432");
    assert_eq!(sent["replicas"], "[\"r1\"]");
    assert!(!sent.contains_key("note"));

    f.fake
        .respond("relation-get", serde_json::to_vec(&sent).unwrap())
        .unwrap();
    let loaded: Db = f.juju.relation_load(&id, Bag::App("pg")).await.unwrap();
    assert_eq!(loaded, db);

    f.fake
        .respond("relation-get", r#"{"host":"not json"}"#)
        .unwrap();
    let err = f
        .juju
        .relation_load::<Db>(&id, Bag::App("pg"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Convert { .. }), "{err}");
}

#[tokio::test(flavor = "current_thread")]
async fn secret_add_passes_values_through_files_only() {
    let f = fixture();
    f.fake
        .respond("secret-add", "secret:cs8r7t0nbp1s7fh0uomg\n")
        .unwrap();
    let content = SecretContent::new()
        .with("password", "hunter2 s3cret")
        .with("username", "admin");
    let id = f
        .juju
        .secret_add(&content)
        .label("db")
        .description("admin login")
        .expire("24h")
        .rotate(Rotate::Monthly)
        .owner(SecretOwner::Unit)
        .await
        .unwrap();
    assert_eq!(id, SecretId::new("secret:cs8r7t0nbp1s7fh0uomg"));
    let call = f.only_call("secret-add");
    let argv = call.argv();
    assert_eq!(
        argv[..10],
        [
            "--label",
            "db",
            "--description",
            "admin login",
            "--expire",
            "24h",
            "--rotate",
            "monthly",
            "--owner",
            "unit"
        ]
    );
    assert!(argv[10].starts_with("password#file="), "{argv:?}");
    assert!(argv[11].starts_with("username#file="), "{argv:?}");
    assert!(!argv.iter().any(|a| a.contains("hunter2")));
    assert_eq!(call.files[&10], b"hunter2 s3cret");
    assert_eq!(call.files[&11], b"admin");
    // Each value is an unnamed file this process held open: nothing named on disk, and
    // gone once the call returns (or the charm dies). Other tests of this process may open
    // a file that takes the same descriptor number, so what is asserted is that the
    // descriptor no longer holds the secret.
    let path = PathBuf::from(argv[10].split_once("#file=").unwrap().1);
    assert!(
        path.starts_with(format!("/proc/{}/fd/", std::process::id())),
        "{path:?}"
    );
    assert!(
        std::fs::read(&path).map_or(true, |bytes| bytes != b"hunter2 s3cret"),
        "the secret's file is still open after the call"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn secret_content_is_validated_before_calling() {
    let f = fixture();
    for bad in [
        SecretContent::new(),
        SecretContent::new().with("pw", "x"),
        SecretContent::new().with("Password", "x"),
        SecretContent::new().with("1password", "x"),
        SecretContent::new().with("password-", "x"),
        SecretContent::new().with("pass_word", "x"),
    ] {
        let err = f.juju.secret_add(&bad).await.unwrap_err();
        assert!(matches!(err, Error::Invalid { .. }), "{bad:?}: {err}");
    }
    assert!(f.calls().is_empty());
}

#[tokio::test(flavor = "current_thread")]
async fn secret_get_by_id_and_label_with_peek_and_refresh() {
    let f = fixture();
    f.fake
        .respond("secret-get", r#"{"password":"hunter2"}"#)
        .unwrap();
    let by_id = SecretRef::id("secret:abc");
    let content = f.juju.secret_get(&by_id).await.unwrap();
    assert_eq!(content.get("password"), Some("hunter2"));
    assert!(!format!("{content:?}").contains("hunter2"));
    f.juju
        .secret_get(&SecretRef::label("db"))
        .peek()
        .await
        .unwrap();
    f.juju
        .secret_get(&by_id)
        .refresh()
        .label("db")
        .await
        .unwrap();
    let calls = f.calls();
    assert_eq!(calls[0].argv(), ["--format=json", "secret:abc"]);
    assert_eq!(
        calls[1].argv(),
        ["--format=json", "--label", "db", "--peek"]
    );
    assert_eq!(
        calls[2].argv(),
        ["--format=json", "secret:abc", "--label", "db", "--refresh"]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn secret_not_found_is_a_failed_error() {
    let f = fixture();
    f.fake
        .fail("secret-get", 1, "ERROR secret \"abc\" not found")
        .unwrap();
    let err = f
        .juju
        .secret_get(&SecretRef::id("secret:abc"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Failed { stderr, .. } if stderr.contains("not found")),
        "{err}"
    );
}

const INFO: &str = r#"{"cs8r7t0nbp1s7fh0uomg":{"revision":3,"label":"db","owner":"application",
    "description":"admin","expiry":"2026-12-01T00:00:00Z","rotation":"monthly",
    "rotates":"2026-12-24T00:00:00Z"}}"#;

#[tokio::test(flavor = "current_thread")]
async fn secret_info() {
    let f = fixture();
    f.fake.respond("secret-info-get", INFO).unwrap();
    let info = f.juju.secret_info(&SecretRef::label("db")).await.unwrap();
    assert_eq!(info.id, SecretId::new("cs8r7t0nbp1s7fh0uomg"));
    assert_eq!(info.revision, 3);
    assert_eq!(info.label.as_deref(), Some("db"));
    assert_eq!(info.owner.as_deref(), Some("application"));
    assert_eq!(info.rotation.as_deref(), Some("monthly"));
    assert_eq!(
        f.only_call("secret-info-get").argv(),
        ["--format=json", "--label", "db"]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn secret_set_by_label_resolves_the_id_then_uses_files() {
    let f = fixture();
    f.fake.respond("secret-info-get", INFO).unwrap();
    f.juju
        .secret_set(
            &SecretRef::label("db"),
            &SecretContent::new().with("password", "n3w"),
        )
        .description("rotated")
        .await
        .unwrap();
    let calls = f.calls();
    assert_eq!(calls[0].tool, "secret-info-get");
    assert_eq!(calls[1].tool, "secret-set");
    let argv = calls[1].argv();
    assert_eq!(
        argv[..3],
        ["cs8r7t0nbp1s7fh0uomg", "--description", "rotated"]
    );
    assert!(argv[3].starts_with("password#file="));
    assert_eq!(calls[1].files[&3], b"n3w");
}

#[tokio::test(flavor = "current_thread")]
async fn secret_grant_revoke_remove_and_ids() {
    let f = fixture();
    f.fake
        .respond("secret-ids", r#"["secret:a","secret:b"]"#)
        .unwrap();
    let id = SecretRef::id("secret:a");
    let relation = rel("db", 3);
    f.juju.secret_grant(&id, &relation, None).await.unwrap();
    f.juju
        .secret_revoke(&id, &relation, Some("pg/1"))
        .await
        .unwrap();
    f.juju.secret_remove(&id, Some(2)).await.unwrap();
    f.juju.secret_remove(&id, None).await.unwrap();
    let ids = f.juju.secret_ids().await.unwrap();
    assert_eq!(ids, [SecretId::new("secret:a"), SecretId::new("secret:b")]);
    let calls = f.calls();
    assert_eq!(calls[0].tool, "secret-grant");
    assert_eq!(calls[0].argv(), ["--relation", "3", "secret:a"]);
    assert_eq!(calls[1].tool, "secret-revoke");
    assert_eq!(
        calls[1].argv(),
        ["--relation", "3", "--unit", "pg/1", "secret:a"]
    );
    assert_eq!(calls[2].argv(), ["secret:a", "--revision", "2"]);
    assert_eq!(calls[3].argv(), ["secret:a"]);
    assert_eq!(calls[4].argv(), ["--format=json"]);
}

#[tokio::test(flavor = "current_thread")]
async fn unit_state_get_set_delete() {
    let f = fixture();
    f.fake
        .respond_nth("state-get", 1, r#"{"a":"1","b":"2"}"#)
        .unwrap();
    f.fake.respond_nth("state-get", 2, r#""1""#).unwrap();
    f.fake.respond_nth("state-get", 3, "null").unwrap();
    let all = f.juju.state_all().await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(f.juju.state_get("a").await.unwrap().as_deref(), Some("1"));
    assert_eq!(f.juju.state_get("zz").await.unwrap(), None);
    let values: BTreeMap<String, String> = [("k".to_owned(), "v w".to_owned())].into();
    f.juju.state_set(&values).await.unwrap();
    f.juju.state_delete("k").await.unwrap();
    let calls = f.calls();
    assert_eq!(calls[0].argv(), ["--format=json"]);
    assert_eq!(calls[1].argv(), ["--format=json", "a"]);
    assert_eq!(calls[3].tool, "state-set");
    assert_eq!(calls[3].argv(), ["--file", "-"]);
    assert_eq!(calls[3].stdin, br#"{"k":"v w"}"#);
    assert_eq!(calls[4].tool, "state-delete");
    assert_eq!(calls[4].argv(), ["k"]);
}

#[tokio::test(flavor = "current_thread")]
async fn ports_open_close_and_list() {
    let f = fixture();
    f.fake
        .respond_nth("opened-ports", 1, r#"["80/tcp","icmp","8000-8999/udp"]"#)
        .unwrap();
    f.fake
        .respond_nth(
            "opened-ports",
            2,
            r#"["80/tcp (*)","443/tcp (website,admin)"]"#,
        )
        .unwrap();
    f.juju.open_port(Port::tcp(80), &[]).await.unwrap();
    f.juju
        .open_port(
            Port::Range {
                from: 8000,
                to: 8999,
                protocol: Protocol::Udp,
            },
            &["website", "admin"],
        )
        .await
        .unwrap();
    f.juju.close_port(Port::Icmp, &[]).await.unwrap();
    let opened = f.juju.opened_ports().await.unwrap();
    assert_eq!(
        opened,
        [
            Port::tcp(80),
            Port::Icmp,
            Port::Range {
                from: 8000,
                to: 8999,
                protocol: Protocol::Udp
            }
        ]
    );
    let by_endpoint = f.juju.opened_ports_by_endpoint().await.unwrap();
    assert_eq!(by_endpoint[0], (Port::tcp(80), vec!["*".to_owned()]));
    assert_eq!(
        by_endpoint[1],
        (
            Port::tcp(443),
            vec!["website".to_owned(), "admin".to_owned()]
        )
    );
    let calls = f.calls();
    assert_eq!(calls[0].argv(), ["80/tcp"]);
    assert_eq!(
        calls[1].argv(),
        ["--endpoints", "website,admin", "8000-8999/udp"]
    );
    assert_eq!(calls[2].tool, "close-port");
    assert_eq!(calls[2].argv(), ["icmp"]);
    assert_eq!(calls[3].argv(), ["--format=json"]);
    assert_eq!(calls[4].argv(), ["--format=json", "--endpoints"]);
}

#[tokio::test(flavor = "current_thread")]
async fn network_get_with_old_and_new_address_keys() {
    let f = fixture();
    f.fake
        .respond(
            "network-get",
            r#"{"bind-addresses":[{"mac-address":"aa:bb","interface-name":"eth0",
                "addresses":[{"hostname":"","value":"10.1.2.3","cidr":"10.1.2.0/24"},
                             {"address":"10.1.2.4","cidr":"10.1.2.0/24"}]}],
               "egress-subnets":["10.1.2.3/32"],"ingress-addresses":["10.1.2.3"]}"#,
        )
        .unwrap();
    let network = f
        .juju
        .network_get("website", Some(&rel("website", 4)))
        .await
        .unwrap();
    assert_eq!(network.ingress_address(), Some("10.1.2.3"));
    assert_eq!(network.egress_subnets, ["10.1.2.3/32"]);
    let bind = &network.bind_addresses[0];
    assert_eq!(bind.interface_name.as_deref(), Some("eth0"));
    assert_eq!(bind.addresses[0].value, "10.1.2.3");
    assert_eq!(bind.addresses[1].value, "10.1.2.4");
    assert_eq!(
        f.only_call("network-get").argv(),
        ["--format=json", "-r", "website:4", "website"]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn storage_get_list_add() {
    let f = fixture();
    f.fake
        .respond(
            "storage-get",
            r#"{"kind":"filesystem","location":"/srv/data"}"#,
        )
        .unwrap();
    f.fake
        .respond("storage-list", r#"["data/0","data/1"]"#)
        .unwrap();
    let info = f.juju.storage_get(Some("data/0")).await.unwrap();
    assert_eq!(info.kind, StorageKind::Filesystem);
    assert_eq!(info.location, PathBuf::from("/srv/data"));
    f.juju.storage_get(None).await.unwrap();
    assert_eq!(
        f.juju.storage_list(Some("data")).await.unwrap(),
        ["data/0", "data/1"]
    );
    f.juju.storage_list(None).await.unwrap();
    f.juju.storage_add("data", 2).await.unwrap();
    let calls = f.calls();
    assert_eq!(calls[0].argv(), ["--format=json", "-s", "data/0"]);
    assert_eq!(calls[1].argv(), ["--format=json"]);
    assert_eq!(calls[2].argv(), ["--format=json", "data"]);
    assert_eq!(calls[3].argv(), ["--format=json"]);
    assert_eq!(calls[4].tool, "storage-add");
    assert_eq!(calls[4].argv(), ["data=2"]);
}

#[tokio::test(flavor = "current_thread")]
async fn resource_credential_goal_state_and_reboot() {
    let f = fixture();
    f.fake
        .respond(
            "resource-get",
            "/var/lib/juju/agents/unit-web-0/resources/license/license.txt\n",
        )
        .unwrap();
    f.fake
        .respond(
            "credential-get",
            r#"{"type":"openstack","name":"os","region":"r1",
                "credential":{"auth-type":"userpass","attrs":{"username":"u"}}}"#,
        )
        .unwrap();
    f.fake
        .respond(
            "goal-state",
            r#"{"units":{"web/0":{"status":"active","since":"2026-11-23 10:00:00Z"},
                         "web/1":{"status":"dying","since":"2026-11-23 10:00:00Z"}},
                "relations":{"db":{"pg":{"status":"joined","since":"x"},
                                   "pg/0":{"status":"active","since":"x"}}}}"#,
        )
        .unwrap();
    let path = f.juju.resource_get("license").await.unwrap();
    assert_eq!(
        path,
        PathBuf::from("/var/lib/juju/agents/unit-web-0/resources/license/license.txt")
    );
    let spec = f.juju.credential_get().await.unwrap();
    assert_eq!(spec["credential"]["auth-type"], "userpass");
    let goal = f.juju.goal_state().await.unwrap();
    assert_eq!(goal.planned_units(), 1);
    assert_eq!(goal.relations["db"]["pg/0"].status, "active");
    f.juju.reboot(false).await.unwrap();
    f.juju.reboot(true).await.unwrap();
    let calls = f.calls();
    assert_eq!(calls[0].argv(), ["license"]);
    assert_eq!(calls[1].argv(), ["--format=json"]);
    assert_eq!(calls[2].argv(), ["--format=json"]);
    assert_eq!(calls[3].tool, "juju-reboot");
    assert!(calls[3].args.is_empty());
    assert_eq!(calls[4].argv(), ["--now"]);
}

#[tokio::test(flavor = "current_thread")]
async fn large_relation_data_goes_through_stdin_not_argv() {
    let f = fixture();
    let big = "x".repeat(2 * 1024 * 1024);
    let data: BTreeMap<String, String> = [("blob".to_owned(), big.clone())].into();
    f.juju
        .relation_set_unit(&rel("db", 3), &data)
        .await
        .unwrap();
    let call = f.only_call("relation-set");
    assert_eq!(call.argv(), ["-r", "db:3", "--file", "-"]);
    let sent: BTreeMap<String, String> = serde_json::from_slice(&call.stdin).unwrap();
    assert_eq!(sent["blob"].len(), big.len());
}

#[tokio::test(flavor = "current_thread")]
async fn plain_databags_hold_the_text_itself() {
    use charm_runtime::hook_tools::databag::{self, Databag, Format};

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Website {
        hostname: String,
        #[serde(with = "databag::text")]
        port: u16,
        #[serde(rename = "extra-hosts", with = "databag::json")]
        extra_hosts: Vec<String>,
    }
    impl Databag for Website {
        const FORMAT: Format = Format::Plain;
    }

    let f = fixture();
    let site = Website {
        hostname: "10.0.0.7".into(),
        port: 8080,
        extra_hosts: vec!["a.example".into()],
    };
    f.juju
        .relation_save_unit(&rel("website", 2), &site)
        .await
        .unwrap();
    let call = f.only_call("relation-set");
    assert_eq!(call.argv(), ["-r", "website:2", "--file", "-"]);
    let sent: BTreeMap<String, String> = serde_json::from_slice(&call.stdin).unwrap();
    assert_eq!(sent["hostname"], "10.0.0.7");
    assert_eq!(sent["port"], "8080");
    assert_eq!(sent["extra-hosts"], r#"["a.example"]"#);

    f.fake
        .respond("relation-get", serde_json::to_vec(&sent).unwrap())
        .unwrap();
    let loaded: Website = f
        .juju
        .relation_load(&rel("website", 2), Bag::App("web"))
        .await
        .unwrap();
    assert_eq!(loaded, site);
}

#[tokio::test(flavor = "current_thread")]
async fn typed_state_is_json_under_one_key() {
    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq, Default)]
    struct Memo {
        flushes: u64,
        last: Option<String>,
    }

    let f = fixture();
    let memo = Memo {
        flushes: 2,
        last: Some("now".into()),
    };
    f.juju.state_save("memo", &memo).await.unwrap();
    let call = f.only_call("state-set");
    let sent: BTreeMap<String, String> = serde_json::from_slice(&call.stdin).unwrap();
    assert_eq!(sent["memo"], r#"{"flushes":2,"last":"now"}"#);

    f.fake
        .respond_nth("state-get", 1, serde_json::to_vec(&sent["memo"]).unwrap())
        .unwrap();
    f.fake.respond_nth("state-get", 2, "").unwrap();
    f.fake
        .respond_nth("state-get", 3, r#""{\"flushes\":\"many\"}""#)
        .unwrap();
    let loaded: Option<Memo> = f.juju.state_load("memo").await.unwrap();
    assert_eq!(loaded, Some(memo));
    assert_eq!(f.juju.state_load::<Memo>("memo").await.unwrap(), None);
    let err = f.juju.state_load::<Memo>("memo").await.unwrap_err();
    assert!(matches!(err, Error::StoredState { .. }), "{err}");
    assert!(
        err.to_string()
            .starts_with("stored state \"memo\" does not decode"),
        "{err}"
    );
    let calls = f.fake.calls_of("state-get").unwrap();
    assert_eq!(calls[0].argv(), ["--format=json", "memo"]);
}

#[tokio::test(flavor = "current_thread")]
async fn ingress_and_bind_addresses_come_from_network_get() {
    let f = fixture();
    f.fake
        .respond_nth(
            "network-get",
            1,
            r#"{"bind-addresses":[{"interface-name":"eth0","addresses":[{"value":"10.1.2.3"}]}],
               "ingress-addresses":["192.0.2.7","10.1.2.3"]}"#,
        )
        .unwrap();
    f.fake
        .respond_nth("network-get", 2, r#"{"ingress-addresses":[]}"#)
        .unwrap();
    assert_eq!(
        f.juju.ingress_address("website").await.unwrap().as_deref(),
        Some("192.0.2.7")
    );
    assert_eq!(f.juju.bind_address("website").await.unwrap(), None);
    let calls = f.fake.calls_of("network-get").unwrap();
    assert_eq!(calls[0].argv(), ["--format=json", "website"]);
    assert_eq!(calls.len(), 2);
}
