//! The in-memory hook tools answer the typed API as Juju would.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::*;
use crate::event::{RelationId, SecretId};
use crate::hook_tools::*;

fn juju(change: impl FnOnce(&mut MemoryState)) -> (Arc<MemoryTools>, Juju) {
    let memory = Arc::new(MemoryTools::new());
    memory.update(change);
    (memory.clone(), Juju::new(memory))
}

fn block_on<F: std::future::Future>(fut: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(fut)
}

#[test]
fn status_and_leadership_rules() {
    let (memory, juju) = juju(|_| {});
    block_on(async {
        assert!(!juju.is_leader().await.unwrap());
        juju.set_unit_status(Status::waiting("db")).await.unwrap();
        assert_eq!(juju.unit_status().await.unwrap(), Status::waiting("db"));
        let err = juju.set_app_status(Status::active("")).await.unwrap_err();
        assert!(matches!(err, Error::Failed { .. }), "{err}");
        assert!(juju.app_status().await.is_err());
        memory.update(|s| s.leader = true);
        juju.set_app_status(Status::active("ok")).await.unwrap();
        let app = juju.app_status().await.unwrap();
        assert_eq!(app.status, Status::active("ok"));
        assert_eq!(app.units["app/0"], Status::waiting("db"));
        juju.set_workload_version("1.2").await.unwrap();
    });
    assert_eq!(memory.state().workload_version.as_deref(), Some("1.2"));
}

#[test]
fn config_and_action_params() {
    let (memory, juju) = juju(|s| {
        s.config.insert("port".into(), 8080.into());
        s.action_params.insert("target".into(), "x".into());
    });
    block_on(async {
        assert_eq!(juju.config_map().await.unwrap()["port"], 8080);
        assert_eq!(
            juju.config_value("port").await.unwrap(),
            Some(serde_json::json!(8080))
        );
        assert_eq!(juju.config_value("nope").await.unwrap(), None);
        assert_eq!(juju.action_params_map().await.unwrap()["target"], "x");
        juju.action_set(&serde_json::json!({"a": {"b": 1}, "c": "d"}))
            .await
            .unwrap();
        juju.action_log("step").await.unwrap();
        juju.action_fail("nope").await.unwrap();
    });
    let state = memory.state();
    assert_eq!(state.action_results["a.b"], "1");
    assert_eq!(state.action_results["c"], "d");
    assert_eq!(state.action_logs, ["step"]);
    assert_eq!(state.action_failure.as_deref(), Some("nope"));
}

#[test]
fn relations_follow_access_rules() {
    let (memory, juju) = juju(|s| {
        s.relations.insert(
            3,
            MemoryRelation {
                endpoint: "db".into(),
                remote_app: "pg".into(),
                units: vec!["pg/0".into()],
                data: [(
                    "pg".to_owned(),
                    [("host".to_owned(), "\"h\"".to_owned())].into(),
                )]
                .into(),
            },
        );
    });
    let id = RelationId::new("db", 3);
    block_on(async {
        assert_eq!(
            juju.relation_ids("db").await.unwrap(),
            std::slice::from_ref(&id)
        );
        assert!(juju.relation_ids("cache").await.unwrap().is_empty());
        assert_eq!(juju.relation_units(&id).await.unwrap(), ["pg/0"]);
        assert_eq!(
            juju.relation_remote_app(&id).await.unwrap().as_deref(),
            Some("pg")
        );
        let host: serde_json::Value = juju.relation_load(&id, Bag::App("pg")).await.unwrap();
        assert_eq!(host["host"], "h");
        let raw: BTreeMap<String, String> = juju.relation_load(&id, Bag::App("pg")).await.unwrap();
        assert_eq!(raw["host"], "\"h\"", "a plain map is the bag as it is");
        let mine: BTreeMap<String, String> = [("k".to_owned(), "v".to_owned())].into();
        juju.relation_set_unit(&id, &mine).await.unwrap();
        assert_eq!(
            juju.relation_get(&id, Bag::Unit("app/0")).await.unwrap(),
            mine
        );
        assert!(juju.relation_set_app(&id, &mine).await.is_err());
        assert!(juju.relation_get(&id, Bag::App("app")).await.is_err());
        memory.update(|s| s.leader = true);
        juju.relation_save_app(&id, &serde_json::json!({"n": 1}))
            .await
            .unwrap();
        let deleted: BTreeMap<String, String> = [("k".to_owned(), String::new())].into();
        juju.relation_set_unit(&id, &deleted).await.unwrap();
        assert!(
            juju.relation_get(&id, Bag::Unit("app/0"))
                .await
                .unwrap()
                .is_empty()
        );
    });
    assert_eq!(memory.state().relations[&3].data["app"]["n"], "1");
}

#[test]
fn secrets_round_trip_through_files() {
    let (memory, juju) = juju(|_| {});
    block_on(async {
        let content = SecretContent::new().with("password", "hunter2");
        let id = juju.secret_add(&content).await.unwrap();
        // Getting by id with a label binds the label.
        juju.secret_get(&SecretRef::Id(id.clone()))
            .label("db")
            .await
            .unwrap();
        let by_label = SecretRef::label("db");
        let got = juju.secret_get(&by_label).await.unwrap();
        assert_eq!(got, content);
        let info = juju.secret_info(&by_label).await.unwrap();
        assert_eq!((info.id.clone(), info.revision), (id.clone(), 1));
        juju.secret_set(&by_label, &SecretContent::new().with("password", "n3w"))
            .await
            .unwrap();
        assert_eq!(juju.secret_info(&by_label).await.unwrap().revision, 2);
        let relation = RelationId::new("db", 3);
        juju.secret_grant(&by_label, &relation, None).await.unwrap();
        assert_eq!(juju.secret_ids().await.unwrap(), std::slice::from_ref(&id));
        juju.secret_remove(&SecretRef::Id(id.clone()), Some(1))
            .await
            .unwrap();
        let memory_secret = &memory.state().secrets[id.as_str()];
        assert_eq!(memory_secret.grants, [(3, None)]);
        assert_eq!(memory_secret.removed_revisions, [1]);
        assert!(!format!("{memory_secret:?}").contains("n3w"));
        juju.secret_remove(&SecretRef::Id(id), None).await.unwrap();
        assert!(juju.secret_ids().await.unwrap().is_empty());
        let missing = juju
            .secret_get(&SecretRef::Id(SecretId::new("secret:x")))
            .await
            .unwrap_err();
        assert!(missing.to_string().contains("not found"), "{missing}");
    });
    for call in memory.calls() {
        assert!(
            !call
                .args
                .iter()
                .any(|a| a.contains("hunter2") || a.contains("n3w")),
            "{call:?}"
        );
    }
}

#[test]
fn state_ports_storage_and_misc() {
    let (memory, juju) = juju(|s| {
        s.storage.insert(
            "data/0".into(),
            StorageInfo {
                kind: crate::event::StorageKind::Block,
                location: "/dev/sdb".into(),
            },
        );
        s.networks.insert(
            "website".into(),
            Network {
                ingress_addresses: vec!["10.0.0.9".into()],
                ..Network::default()
            },
        );
        s.resources.insert("license".into(), "/tmp/license".into());
        s.credential = Some(serde_json::json!({"type": "lxd"}));
    });
    block_on(async {
        let values: BTreeMap<String, String> = [("a".to_owned(), "1".to_owned())].into();
        juju.state_set(&values).await.unwrap();
        assert_eq!(juju.state_get("a").await.unwrap().as_deref(), Some("1"));
        assert_eq!(juju.state_all().await.unwrap(), values);
        juju.state_delete("a").await.unwrap();
        assert_eq!(juju.state_get("a").await.unwrap(), None);

        juju.open_port(Port::tcp(80), &[]).await.unwrap();
        juju.open_port(Port::Icmp, &["admin"]).await.unwrap();
        assert_eq!(
            juju.opened_ports_by_endpoint().await.unwrap(),
            [
                (Port::tcp(80), vec!["*".to_owned()]),
                (Port::Icmp, vec!["admin".to_owned()])
            ]
        );
        juju.close_port(Port::tcp(80), &[]).await.unwrap();
        assert_eq!(juju.opened_ports().await.unwrap(), [Port::Icmp]);

        assert_eq!(juju.storage_list(Some("data")).await.unwrap(), ["data/0"]);
        assert_eq!(
            juju.storage_get(Some("data/0")).await.unwrap().location,
            std::path::PathBuf::from("/dev/sdb")
        );
        juju.storage_add("data", 2).await.unwrap();
        assert_eq!(
            juju.network_get("website", None)
                .await
                .unwrap()
                .ingress_address(),
            Some("10.0.0.9")
        );
        assert!(juju.network_get("nope", None).await.is_err());
        assert_eq!(
            juju.resource_get("license").await.unwrap(),
            std::path::PathBuf::from("/tmp/license")
        );
        assert_eq!(juju.credential_get().await.unwrap()["type"], "lxd");
        assert_eq!(juju.goal_state().await.unwrap(), GoalState::default());
        juju.log(LogLevel::Debug, "hi").await.unwrap();
        juju.reboot(true).await.unwrap();
    });
    let state = memory.state();
    assert_eq!(state.storage_added["data"], 2);
    assert_eq!(state.logs, [(LogLevel::Debug, "hi".to_owned())]);
    assert_eq!(state.reboot, Some(true));
}

#[test]
fn forced_failures_carry_their_stderr() {
    let (_memory, juju) = juju(|s| {
        s.failures
            .insert("config-get".into(), "ERROR permission denied".into());
    });
    let err = block_on(juju.config_map()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "config-get failed: ERROR permission denied"
    );
}

#[test]
fn every_tool_the_runtime_calls_is_answered() {
    let not_found = |tool: &str| {
        let mut state = MemoryState {
            leader: true,
            ..MemoryState::default()
        };
        match state.answer(&ToolCall::new(tool, Vec::<String>::new())) {
            Err(Error::Failed { stderr, .. }) => stderr.contains("command not found"),
            _ => false,
        }
    };
    assert!(not_found("no-such-tool"));
    for tool in crate::testing::TOOL_NAMES {
        assert!(!not_found(tool), "{tool} is not answered in memory");
    }
}

#[test]
fn every_unit_reads_its_own_application_bag_of_a_peer_relation() {
    let (memory, juju) = juju(|s| {
        s.relations.insert(
            1,
            MemoryRelation {
                endpoint: "cluster".into(),
                remote_app: "app".into(),
                units: vec!["app/1".into()],
                data: [(
                    "app".to_owned(),
                    [("seed".to_owned(), "x".to_owned())].into(),
                )]
                .into(),
            },
        );
    });
    let id = RelationId::new("cluster", 1);
    block_on(async {
        let data = juju.relation_get(&id, Bag::App("app")).await.unwrap();
        assert_eq!(data["seed"], "x");
        let only: BTreeMap<String, String> = [("k".to_owned(), "v".to_owned())].into();
        assert!(
            juju.relation_set_app(&id, &only).await.is_err(),
            "only the leader writes it"
        );
    });
    assert!(!memory.state().leader);
}
