//! What `cargo charm run` reports after each event: the exit code, statuses, `juju-log`
//! lines, action results, relation data written, and for each container the Pebble changes
//! the event made and the plan, services and checks after it. Printed for people, or as
//! JSON lines with `--format json`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use charm_runtime::pebble::{ChangeSelect, ChangeStatus, Client};
use serde::Serialize;

use super::state::{RunState, StatusRecord};

/// The report of one event.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The event as written.
    pub event: String,
    /// `JUJU_DISPATCH_PATH`.
    pub dispatch_path: String,
    /// The charm's exit code (-1 when it was killed by a signal).
    pub exit_code: i32,
    /// Whether Juju would have thrown away the hook's relation data, `state-*`, ports and
    /// secrets (a hook that failed).
    pub rolled_back: bool,
    /// The unit's status after the event.
    pub unit_status: StatusRecord,
    /// The application's status after the event.
    pub app_status: StatusRecord,
    /// `juju-log` lines: level and message.
    pub logs: Vec<(String, String)>,
    /// The action's outcome, for an action.
    pub action: Option<ActionReport>,
    /// Relation bags this unit wrote during the event.
    pub relation_data: Vec<RelationWrite>,
    /// Ports opened after the event.
    pub opened_ports: Vec<String>,
    /// `state-*` values after the event.
    pub unit_state: BTreeMap<String, String>,
    /// What the charm wrote on stderr (Juju logs it at WARNING).
    pub stderr: String,
    /// Each container's Pebble.
    pub containers: Vec<ContainerReport>,
}

/// An action's results, failure and log.
#[derive(Debug, Clone, Serialize)]
pub struct ActionReport {
    /// `action-set` results.
    pub results: BTreeMap<String, String>,
    /// `action-fail`'s message.
    pub failure: Option<String>,
    /// `action-log` lines.
    pub logs: Vec<String>,
}

/// A relation bag this unit changed.
#[derive(Debug, Clone, Serialize)]
pub struct RelationWrite {
    /// `endpoint:id`.
    pub relation: String,
    /// The bag: this unit or its application.
    pub bag: String,
    /// Its content after the event.
    pub data: BTreeMap<String, String>,
}

/// A container's Pebble after the event.
#[derive(Debug, Clone, Serialize)]
pub struct ContainerReport {
    /// The container.
    pub name: String,
    /// Changes made during the event.
    pub changes: Vec<ChangeReport>,
    /// `name startup current` of each service.
    pub services: Vec<String>,
    /// `name level status` of each check.
    pub checks: Vec<String>,
    /// The plan, as YAML.
    pub plan: String,
    /// Whether the plan changed during the event.
    pub plan_changed: bool,
    /// Why Pebble could not be asked, if it could not.
    pub error: Option<String>,
}

/// One Pebble change.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeReport {
    /// Its id.
    pub id: String,
    /// `replan`, `start`, ...
    pub kind: String,
    /// Pebble's summary.
    pub summary: String,
    /// `Done`, `Error`, ...
    pub status: String,
    /// The error, if it failed.
    pub err: Option<String>,
}

/// A container's Pebble before the event: what the report compares with.
#[derive(Debug, Clone, Default)]
pub struct Before {
    /// The highest change id.
    pub last_change: u64,
    /// The plan.
    pub plan: String,
}

/// Reads what the report compares with.
pub async fn before(client: &Client) -> Before {
    let last_change = client
        .changes()
        .select(ChangeSelect::All)
        .await
        .map(|changes| {
            changes
                .iter()
                .filter_map(|c| c.id.as_str().parse().ok())
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0);
    let plan = client.plan_yaml().await.unwrap_or_default();
    Before { last_change, plan }
}

/// Reads a container's Pebble after the event.
pub async fn container(name: &str, client: &Client, before: &Before) -> ContainerReport {
    let mut report = ContainerReport {
        name: name.to_owned(),
        changes: Vec::new(),
        services: Vec::new(),
        checks: Vec::new(),
        plan: String::new(),
        plan_changed: false,
        error: None,
    };
    let read = async {
        let mut changes = client.changes().select(ChangeSelect::All).await?;
        changes.sort_by_key(|c| c.id.as_str().parse::<u64>().unwrap_or(0));
        report.changes = changes
            .into_iter()
            .filter(|c| c.id.as_str().parse::<u64>().unwrap_or(0) > before.last_change)
            .map(|c| ChangeReport {
                id: c.id.as_str().to_owned(),
                kind: c.kind,
                summary: c.summary,
                status: match c.status {
                    ChangeStatus::Other(other) => other,
                    known => format!("{known:?}"),
                },
                err: c.err,
            })
            .collect();
        report.services = client
            .services(&[])
            .await?
            .into_iter()
            .map(|s| format!("{} {} {}", s.name, s.startup.as_str(), s.current.as_str()))
            .collect();
        report.checks = client
            .checks()
            .await?
            .into_iter()
            .map(|c| {
                let level = c.level.as_ref().map_or("-", |l| l.as_str());
                format!("{} {level} {}", c.name, c.status.as_str())
            })
            .collect();
        report.plan = client.plan_yaml().await?;
        Ok::<_, charm_runtime::pebble::Error>(())
    };
    if let Err(error) = read.await {
        report.error = Some(error.to_string());
    }
    report.plan_changed = report.plan != before.plan;
    report
}

/// The relation bags this unit (or, as leader, its application) wrote between `before`
/// and `after`.
pub fn relation_writes(before: &RunState, after: &RunState) -> Vec<RelationWrite> {
    let app = after.unit.split('/').next().unwrap_or_default();
    let mut writes = Vec::new();
    for (id, relation) in &after.relations {
        for bag in [after.unit.as_str(), app] {
            let now = relation.data.get(bag);
            let then = before.relations.get(id).and_then(|r| r.data.get(bag));
            if let Some(now) = now.filter(|now| Some(*now) != then) {
                writes.push(RelationWrite {
                    relation: format!("{}:{id}", relation.endpoint),
                    bag: bag.to_owned(),
                    data: now.clone(),
                });
            }
        }
    }
    writes
}

impl Report {
    /// The report for people.
    pub fn human(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "\n==> {} ({})", self.event, self.dispatch_path);
        let outcome = match (self.exit_code, self.rolled_back) {
            (0, _) => "0".to_owned(),
            (code, true) => format!(
                "{code}: the hook failed; Juju would retry it and drop its relation data, state, ports and secrets"
            ),
            (code, false) => format!("{code}: the action failed"),
        };
        let _ = writeln!(out, "exit code: {outcome}");
        let _ = writeln!(out, "unit status: {}", self.unit_status);
        let _ = writeln!(out, "app status: {}", self.app_status);
        section(
            &mut out,
            "juju-log",
            self.logs.iter().map(|(l, m)| format!("{l} {m}")),
        );
        if let Some(action) = &self.action {
            section(
                &mut out,
                "action results",
                action.results.iter().map(|(k, v)| format!("{k}: {v}")),
            );
            section(&mut out, "action log", action.logs.iter().cloned());
            if let Some(failure) = &action.failure {
                let _ = writeln!(out, "action failed: {failure}");
            }
        }
        section(
            &mut out,
            "relation data written",
            self.relation_data.iter().map(|w| {
                let data: Vec<String> = w.data.iter().map(|(k, v)| format!("{k}={v}")).collect();
                format!("{} {}: {}", w.relation, w.bag, data.join(" "))
            }),
        );
        section(
            &mut out,
            "charm stderr",
            self.stderr.lines().map(str::to_owned),
        );
        for container in &self.containers {
            let _ = writeln!(out, "container {}:", container.name);
            if let Some(error) = &container.error {
                let _ = writeln!(out, "  pebble: {error}");
                continue;
            }
            let changes = container.changes.iter().map(|c| {
                let err = c
                    .err
                    .as_deref()
                    .map(|e| format!(": {e}"))
                    .unwrap_or_default();
                format!("{} {} {}: {}{err}", c.id, c.kind, c.status, c.summary)
            });
            indented(&mut out, "changes", changes);
            indented(&mut out, "services", container.services.iter().cloned());
            indented(&mut out, "checks", container.checks.iter().cloned());
            if container.plan_changed {
                indented(&mut out, "plan", container.plan.lines().map(str::to_owned));
            } else {
                let _ = writeln!(out, "  plan: unchanged");
            }
        }
        out
    }
}

fn section(out: &mut String, title: &str, lines: impl Iterator<Item = String>) {
    let lines: Vec<String> = lines.collect();
    if !lines.is_empty() {
        let _ = writeln!(out, "{title}:");
        for line in lines {
            let _ = writeln!(out, "  {line}");
        }
    }
}

fn indented(out: &mut String, title: &str, lines: impl Iterator<Item = String>) {
    let lines: Vec<String> = lines.collect();
    if lines.is_empty() {
        let _ = writeln!(out, "  {title}: none");
    } else {
        let _ = writeln!(out, "  {title}:");
        for line in lines {
            let _ = writeln!(out, "    {line}");
        }
    }
}
