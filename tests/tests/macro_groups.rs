//! The phases of one dispatch as `#[charm]` generates them: an event's own handler, then the
//! group handlers that include it in source order, then `collect_status`, then one
//! `status-set`; `#[state]` values saved only when changed and only on success.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use charm_runtime::event::{Event, RelationEvent};
use charm_runtime::hook_tools::Status;
use charm_runtime::status::Statuses;
use charm_runtime::testing::{MemoryState, MemoryTools};
use charm_runtime::{Error, Result, charm, dispatch, handler, on};
use charm_tests::journal::Journal;

/// The handlers that ran, in order.
static RAN: Journal = Journal::new();

fn ran(what: impl Into<String>) {
    RAN.record(what);
}

#[derive(Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct Memo {
    changes: u64,
}

struct Phases;

#[charm(metadata = "macro_dispatch/charmcraft.yaml")]
impl Phases {
    #[on(reconcile)]
    fn reconcile(event: &Event, statuses: &Statuses, #[state] memo: &Memo) -> Result<()> {
        ran(format!("reconcile after {} changes", memo.changes));
        statuses.add_unit(Status::active(format!("reconciled {}", event.name())));
        Ok(())
    }

    #[on(relation_changed = "database")]
    fn database(relation: RelationEvent, #[state] memo: &mut Memo) -> Result<()> {
        ran(format!("database {}", relation.remote_app));
        if relation.remote_app == "fails" {
            memo.changes += 100;
            return Err(Error::msg("refused"));
        }
        if relation.remote_app != "same" {
            memo.changes += 1;
        }
        Ok(())
    }

    #[on(relation = "database")]
    fn database_group(statuses: &Statuses) -> Result<()> {
        ran("database group");
        statuses.add_unit(Status::waiting("database group"));
        Ok(())
    }

    #[on(collect_status)]
    fn first_collector(statuses: &Statuses) -> Result<()> {
        ran("collect 1");
        statuses.add_unit(Status::active("collected"));
        Ok(())
    }

    #[on(collect_status)]
    fn second_collector(#[config] port: i64, statuses: &Statuses) -> Result<()> {
        ran("collect 2");
        if port < 1024 {
            statuses.add_unit(Status::blocked("port below 1024"));
        }
        Ok(())
    }
}

fn dispatch(hook: &str, extra: &[(&str, &str)], charm_dir: &Path, tools: &Arc<MemoryTools>) -> u8 {
    let mut vars: BTreeMap<String, String> = extra
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    vars.insert("JUJU_DISPATCH_PATH".into(), format!("hooks/{hook}"));
    vars.insert("JUJU_UNIT_NAME".into(), "demo/0".into());
    vars.insert("JUJU_CHARM_DIR".into(), charm_dir.display().to_string());
    dispatch::run_with(
        &|name: &str| vars.get(name).cloned(),
        tools.clone(),
        handler::dispatch_to::<Phases>,
    )
}

fn relation_changed(remote: &str) -> Vec<(&'static str, String)> {
    vec![
        ("JUJU_RELATION", "database".to_owned()),
        ("JUJU_RELATION_ID", "database:3".to_owned()),
        ("JUJU_REMOTE_APP", remote.to_owned()),
        ("JUJU_REMOTE_UNIT", format!("{remote}/0")),
    ]
}

fn tools(port: i64) -> Arc<MemoryTools> {
    let mut state = MemoryState::default();
    state.config.insert("port".into(), port.into());
    Arc::new(MemoryTools::with_state(state))
}

fn tools_called(tools: &MemoryTools, tool: &str) -> usize {
    tools.calls().iter().filter(|c| c.tool == tool).count()
}

#[test]
fn the_event_handler_then_groups_in_source_order_then_collect_status() {
    let _turn = RAN.begin();
    let dir = tempfile::tempdir().unwrap();
    let tools = tools(8080);
    let vars = relation_changed("pg");
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        dispatch("database-relation-changed", &vars, dir.path(), &tools),
        0
    );
    assert_eq!(
        RAN.take(),
        [
            "database pg",
            "reconcile after 1 changes",
            "database group",
            "collect 1",
            "collect 2"
        ]
    );
    let state = tools.state();
    assert_eq!(
        state.unit_status_history,
        [Status::waiting("database group")],
        "the waiting status outranks the active ones, and is set once"
    );
    assert_eq!(state.state["memo"], r#"{"changes":1}"#);
}

#[test]
fn an_unchanged_status_and_state_make_no_call() {
    let _turn = RAN.begin();
    let dir = tempfile::tempdir().unwrap();
    let tools = tools(8080);
    let vars = relation_changed("same");
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        dispatch("database-relation-changed", &vars, dir.path(), &tools),
        0
    );
    assert_eq!(
        dispatch("database-relation-changed", &vars, dir.path(), &tools),
        0
    );
    assert_eq!(tools_called(&tools, "status-set"), 1);
    assert_eq!(tools_called(&tools, "state-set"), 0, "memo never changed");
    // update-status runs no handler of its own and no group: only collect-status, whose
    // status differs from the one set last.
    assert_eq!(dispatch("update-status", &[], dir.path(), &tools), 0);
    assert_eq!(tools.state().unit_status, Status::active("collected"));
    assert_eq!(dispatch("update-status", &[], dir.path(), &tools), 0);
    assert_eq!(tools_called(&tools, "status-set"), 2);
}

#[test]
fn a_failed_handler_saves_no_state_and_sets_no_status() {
    let _turn = RAN.begin();
    let dir = tempfile::tempdir().unwrap();
    let tools = tools(80);
    let vars = relation_changed("fails");
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        dispatch("database-relation-changed", &vars, dir.path(), &tools),
        1
    );
    assert_eq!(RAN.take(), ["database fails"], "nothing after the failure");
    assert_eq!(tools_called(&tools, "state-set"), 0);
    assert_eq!(tools_called(&tools, "status-set"), 0);
    // The next event runs normally: the blocked config wins.
    assert_eq!(dispatch("config-changed", &[], dir.path(), &tools), 0);
    assert_eq!(
        tools.state().unit_status,
        Status::blocked("port below 1024")
    );
    assert_eq!(
        RAN.take(),
        ["reconcile after 0 changes", "collect 1", "collect 2"]
    );
}

#[test]
fn collect_metrics_runs_no_collect_status() {
    let _turn = RAN.begin();
    let dir = tempfile::tempdir().unwrap();
    let tools = tools(8080);
    assert_eq!(dispatch("collect-metrics", &[], dir.path(), &tools), 0);
    assert!(RAN.take().is_empty());
    assert!(tools.calls().is_empty());
}
