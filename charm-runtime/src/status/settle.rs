//! The end of a dispatch: set the collected statuses that differ from the remembered ones.

use super::memory::Remembered;
use super::{Memory, Statuses};
use crate::hook_tools::{Error, Juju, Status};

/// Sets the unit status that won in `statuses` unless `memory` says it is already set, and
/// the application status likewise when this unit is the leader. `is-leader` is asked only
/// when there is an application status to set, and not again once it said no, until a
/// leadership event makes the memory forget it. `juju` is the runtime's own door to the hook
/// tools, which does not forget the memory.
///
/// # Errors
///
/// [`Error::Invalid`] when the winning status cannot be set (`error`, `unknown`); the
/// errors of `status-set` and `is-leader`.
pub(crate) async fn settle(statuses: &Statuses, juju: &Juju, memory: &Memory) -> Result<(), Error> {
    let (unit, app) = (statuses.unit(), statuses.app());
    if unit.is_none() && app.is_none() {
        return Ok(());
    }
    let before = memory.load();
    let changed =
        |new: Option<Status>, old: &Option<Status>| new.filter(|s| old.as_ref() != Some(s));
    let unit = changed(unit, &before.unit);
    let mut app = changed(app, &before.app);
    let mut after: Remembered = before.clone();
    if app.is_some() && (before.not_leader || !juju.is_leader().await?) {
        app = None;
        after.not_leader = true;
    }
    if unit.is_none() && app.is_none() {
        if after != before {
            memory.save(&after);
        }
        return Ok(());
    }
    // Forgotten first: if the process dies between the call and the write, nothing stale
    // is left.
    memory.forget();
    if let Some(unit) = unit {
        juju.set_unit_status(unit.clone()).await?;
        after.unit = Some(unit);
    }
    if let Some(app) = app {
        juju.set_app_status(app.clone()).await?;
        after.app = Some(app);
    }
    memory.save(&after);
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::status::watch;
    use crate::testing::MemoryTools;

    fn status_sets(memory: &MemoryTools) -> Vec<Vec<String>> {
        memory
            .calls()
            .into_iter()
            .filter(|c| c.tool == "status-set")
            .map(|c| c.args)
            .collect()
    }

    #[tokio::test(flavor = "current_thread")]
    async fn sets_once_then_not_again_until_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let tools = Arc::new(MemoryTools::new());
        let juju = Juju::new(tools.clone());
        let memory = Memory::new(dir.path(), true);
        let collect = |statuses: &[Status]| {
            let collected = Statuses::new();
            for s in statuses {
                collected.add_unit(s.clone());
            }
            collected
        };
        let ready = [Status::active(""), Status::waiting("db")];
        settle(&collect(&ready), &juju, &memory).await.unwrap();
        assert_eq!(status_sets(&tools), [["waiting", "--", "db"]]);
        settle(&collect(&ready), &juju, &memory).await.unwrap();
        settle(&collect(&[]), &juju, &memory).await.unwrap();
        assert_eq!(status_sets(&tools).len(), 1, "unchanged: no second call");
        settle(&collect(&[Status::active("")]), &juju, &memory)
            .await
            .unwrap();
        assert_eq!(status_sets(&tools)[1], ["active", "--", ""]);
        assert!(tools.calls().iter().all(|c| c.tool != "is-leader"));
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_status_set_by_the_charm_makes_the_next_one_go_through() {
        let dir = tempfile::tempdir().unwrap();
        let tools = Arc::new(MemoryTools::new());
        let juju = Juju::new(tools.clone());
        let memory = Memory::new(dir.path(), true);
        let active = Statuses::new();
        active.add_unit(Status::active(""));
        settle(&active, &juju, &memory).await.unwrap();
        let charm = watch(&juju, &memory);
        charm
            .set_unit_status(Status::maintenance("backing up"))
            .await
            .unwrap();
        settle(&active, &juju, &memory).await.unwrap();
        assert_eq!(tools.state().unit_status, Status::active(""));
        assert_eq!(status_sets(&tools).len(), 3);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn the_app_status_needs_leadership_and_is_asked_only_when_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let tools = Arc::new(MemoryTools::new());
        let juju = Juju::new(tools.clone());
        let memory = Memory::new(dir.path(), true);
        let app = Statuses::new();
        app.add_app(Status::active("3 units"));
        settle(&app, &juju, &memory).await.unwrap();
        settle(&app, &juju, &memory).await.unwrap();
        assert!(status_sets(&tools).is_empty(), "not the leader");
        tools.update(|s| s.leader = true);
        // Juju runs leader-elected on the new leader.
        memory.forget_app();
        settle(&app, &juju, &memory).await.unwrap();
        settle(&app, &juju, &memory).await.unwrap();
        let calls: Vec<String> = tools.calls().into_iter().map(|c| c.tool).collect();
        assert_eq!(
            calls,
            ["is-leader", "is-leader", "status-set"],
            "asked once per leadership"
        );
        assert_eq!(tools.state().app_status, Status::active("3 units"));
        memory.forget_app();
        settle(&app, &juju, &memory).await.unwrap();
        assert_eq!(status_sets(&tools).len(), 2, "leadership moved: set again");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_status_the_charm_cannot_set_fails_and_is_not_remembered() {
        let dir = tempfile::tempdir().unwrap();
        let juju = Juju::new(Arc::new(MemoryTools::new()));
        let memory = Memory::new(dir.path(), true);
        let statuses = Statuses::new();
        statuses.add_unit(Status::new(crate::hook_tools::StatusKind::Error, "x"));
        let err = settle(&statuses, &juju, &memory).await.unwrap_err();
        assert!(matches!(err, Error::Invalid { .. }), "{err}");
        assert_eq!(memory.load(), Remembered::default());
    }
}
