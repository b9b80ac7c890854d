//! Scope and argument extraction.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::*;
use crate::container::CONTAINERS_DIR_VAR;
use crate::container::Container;
use crate::dispatch::HookContext;
use crate::event::{RelationEvent, WorkloadEvent};
use crate::testing::MemoryTools;
use serde_json::Value;

fn context_with(event: &[(&str, &str)], config: Value, params: Value) -> HookContext {
    let tools = MemoryTools::new();
    tools.update(|state| {
        state.config = config.as_object().cloned().unwrap_or_default();
        state.action_params = params.as_object().cloned().unwrap_or_default();
    });
    let vars: BTreeMap<String, String> = event
        .iter()
        .chain(&[("JUJU_UNIT_NAME", "demo/0")])
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    HookContext::from_vars(&|name: &str| vars.get(name).cloned(), Arc::new(tools)).unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn reads_config_options_and_params() {
    let context = context_with(
        &[("JUJU_DISPATCH_PATH", "hooks/config-changed")],
        serde_json::json!({"port": 8080, "name": "x"}),
        serde_json::json!({"target": "/b"}),
    );
    let scope = Scope::new(&context);
    assert_eq!(scope.config_option::<i64>("port").await.unwrap(), 8080);
    assert_eq!(
        scope
            .config_option::<Option<String>>("unset")
            .await
            .unwrap(),
        None
    );
    assert!(scope.config_option::<bool>("name").await.is_err());
    assert_eq!(scope.action_param::<String>("target").await.unwrap(), "/b");
    let context = <&HookContext>::from_context(&scope).await.unwrap();
    assert_eq!(context.unit_name, "demo/0");
}

#[test]
fn containers_follow_the_containers_dir_of_the_context() {
    let context = context_with(
        &[
            ("JUJU_DISPATCH_PATH", "hooks/web-pebble-ready"),
            ("JUJU_WORKLOAD_NAME", "web"),
            (CONTAINERS_DIR_VAR, "/tmp/t"),
        ],
        Value::Null,
        Value::Null,
    );
    let scope = Scope::new(&context);
    let expected = Path::new("/tmp/t/web/pebble.socket");
    assert_eq!(scope.container("web").socket(), expected);
    assert_eq!(scope.event_container().unwrap().socket(), expected);
    assert_eq!(context.container("web").socket(), expected);
}

#[tokio::test(flavor = "current_thread")]
async fn payloads_come_from_their_events_only() {
    let ready = context_with(
        &[
            ("JUJU_DISPATCH_PATH", "hooks/web-pebble-ready"),
            ("JUJU_WORKLOAD_NAME", "web"),
        ],
        Value::Null,
        Value::Null,
    );
    let scope = Scope::new(&ready);
    let container = Container::from_context(&scope).await.unwrap();
    assert_eq!(container.name(), "web");
    assert_eq!(
        container.socket(),
        Path::new("/charm/containers/web/pebble.socket")
    );
    assert!(WorkloadEvent::from_context(&scope).await.is_ok());
    let other = scope.container("db");
    assert_eq!(
        other.socket(),
        Path::new("/charm/containers/db/pebble.socket")
    );
    let err = RelationEvent::from_context(&scope).await.unwrap_err();
    assert_eq!(err.to_string(), "hook web-pebble-ready carries no relation");
    let install = context_with(
        &[("JUJU_DISPATCH_PATH", "hooks/install")],
        Value::Null,
        Value::Null,
    );
    assert!(Scope::new(&install).event_container().is_err());
}

/// A charm written by hand: an unit status from its handler, another from collect-status.
struct Phases;

impl Charm for Phases {
    async fn handle(scope: &Scope<'_>) -> Result<()> {
        scope
            .statuses()
            .add_unit(crate::hook_tools::Status::active("handled"));
        scope
            .statuses()
            .add_app(crate::hook_tools::Status::active("app"));
        Ok(())
    }

    async fn collect_status(scope: &Scope<'_>) -> Result<()> {
        scope
            .statuses()
            .add_unit(crate::hook_tools::Status::waiting("collected"));
        Ok(())
    }
}

fn dispatch(hook: &str, charm_dir: &Path, memory: &Arc<MemoryTools>) -> u8 {
    let dir = charm_dir.display().to_string();
    let vars = [
        ("JUJU_DISPATCH_PATH", hook),
        ("JUJU_UNIT_NAME", "demo/0"),
        ("JUJU_CHARM_DIR", dir.as_str()),
    ];
    let lookup = |name: &str| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| (*v).to_owned())
    };
    crate::dispatch::run_with(&lookup, memory.clone(), dispatch_to::<Phases>)
}

fn status_sets(memory: &MemoryTools) -> usize {
    memory
        .calls()
        .iter()
        .filter(|c| c.tool == "status-set")
        .count()
}

#[test]
fn statuses_from_every_phase_are_set_once_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let memory = Arc::new(MemoryTools::new());
    assert_eq!(dispatch("hooks/config-changed", dir.path(), &memory), 0);
    let state = memory.state();
    assert_eq!(
        state.unit_status_history,
        [crate::hook_tools::Status::waiting("collected")]
    );
    assert_eq!(status_sets(&memory), 1, "not the leader: no app status");
    assert_eq!(dispatch("hooks/update-status", dir.path(), &memory), 0);
    assert_eq!(status_sets(&memory), 1, "unchanged: nothing set");
    let tools: Vec<String> = memory.calls().into_iter().map(|c| c.tool).collect();
    assert_eq!(tools, ["is-leader", "status-set"], "a non-leader asks once");
}

#[test]
fn collect_metrics_collects_nothing_and_leadership_resets_the_app_status() {
    let dir = tempfile::tempdir().unwrap();
    let memory = Arc::new(MemoryTools::new());
    assert_eq!(dispatch("hooks/collect-metrics", dir.path(), &memory), 0);
    assert!(memory.calls().is_empty());
    memory.update(|s| s.leader = true);
    assert_eq!(dispatch("hooks/leader-elected", dir.path(), &memory), 0);
    assert_eq!(memory.state().app_status_history.len(), 1);
    assert_eq!(dispatch("hooks/update-status", dir.path(), &memory), 0);
    assert_eq!(memory.state().app_status_history.len(), 1, "remembered");
    // Someone else led meanwhile and set another application status.
    memory.update(|s| s.app_status = crate::hook_tools::Status::blocked("theirs"));
    assert_eq!(dispatch("hooks/leader-elected", dir.path(), &memory), 0);
    assert_eq!(
        memory.state().app_status,
        crate::hook_tools::Status::active("app")
    );
}

#[test]
fn mounts_are_kept_once_and_found_by_their_type() {
    let context = context_with(
        &[("JUJU_DISPATCH_PATH", "hooks/install")],
        Value::Null,
        Value::Null,
    );
    let scope = Scope::new(&context);
    let missing = scope.mounts::<u8>().unwrap_err().to_string();
    assert!(missing.contains("not mounted"), "{missing}");
    scope.set_mounts(7_u8).unwrap();
    assert_eq!(*scope.mounts::<u8>().unwrap(), 7);
    assert!(scope.mounts::<u16>().is_err(), "another type is not found");
    let twice = scope.set_mounts(8_u8).unwrap_err().to_string();
    assert!(twice.contains("mounted twice"), "{twice}");
    assert_eq!(*scope.mounts::<u8>().unwrap(), 7, "the first is kept");
}
