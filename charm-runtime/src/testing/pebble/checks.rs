//! Checks and health: statuses the test sets, run as `perform-check`/`recover-check` changes.

use std::time::SystemTime;

use hyper::Response;
use serde_json::{Value, json};

use super::PebbleFeature;
use super::server::{Body, Call, error, sync, sync_status};
use super::services::strings;
use super::state::{CheckState, Shared, State};
use crate::layer::{Check, CheckLevel, Plan, ServiceAction, Startup};

/// Pebble's word for a check's type, as change summaries use it.
fn kind_word(check: &Check) -> &'static str {
    if check.http.is_some() {
        "HTTP"
    } else if check.tcp.is_some() {
        "TCP"
    } else {
        "exec"
    }
}

impl State {
    /// Starts check `name` (a new `perform-check` or `recover-check` change); counts reset.
    fn start_check(&mut self, name: &str, check: &Check) {
        let down = self.check_status.get(name).is_some_and(|c| c.down);
        let (kind, verb) = if down {
            ("recover-check", "Recover")
        } else {
            ("perform-check", "Perform")
        };
        let summary = format!("{verb} {} check {name:?}", kind_word(check));
        let id = self.add_change(
            kind,
            summary.clone(),
            vec![(kind.to_owned(), summary, "Doing", vec![])],
            vec![],
        );
        let entry = self.check_status.entry(name.to_owned()).or_default();
        entry.stopped = false;
        entry.change = Some(id);
    }

    /// Ends the change of check `name` with `status`; returns the change's ID.
    fn end_check_change(
        &mut self,
        name: &str,
        status: &'static str,
        err: Option<String>,
    ) -> Option<u64> {
        let id = self
            .check_status
            .get_mut(name)
            .and_then(|c| c.change.take())?;
        if let Some(change) = self.changes.get_mut(&id) {
            for task in &mut change.tasks {
                task.status = status;
                task.ready = Some(SystemTime::now());
            }
            change.err = err;
        }
        self.change_updated(id);
        Some(id)
    }

    /// The `GET /v1/checks` entry of check `name`, with the fields of the release played.
    pub(crate) fn check_info(&self, name: &str, check: &Check) -> Value {
        let state = self.check_status.get(name);
        let threshold = check.threshold.filter(|t| *t != 0).unwrap_or(3);
        let change = state.and_then(|c| c.change);
        let status = match state {
            _ if change.is_none() => "inactive",
            Some(c) if c.down => "down",
            _ => "up",
        };
        let startup = if check.startup == Some(Startup::Disabled) {
            "disabled"
        } else {
            "enabled"
        };
        let mut v = json!({"name": name});
        if let Some(level) = check.level {
            v["level"] = json!(level.as_str());
        }
        if self.has(PebbleFeature::CheckInfoStartup) {
            v["startup"] = json!(startup);
        }
        v["status"] = json!(status);
        if self.has(PebbleFeature::CheckInfoSuccesses) {
            v["successes"] = json!(0);
        }
        let failures = match state {
            Some(c) => c.failures.unwrap_or(if c.down { threshold } else { 0 }),
            None => 0,
        };
        if failures > 0 {
            v["failures"] = json!(failures);
        }
        v["threshold"] = json!(threshold);
        if let Some(id) = change {
            v["change-id"] = json!(id.to_string());
        }
        if let Some(prev) = state.and_then(|c| c.prev_change)
            && self.has(PebbleFeature::CheckInfoPrevChangeId)
        {
            v["prev-change-id"] = json!(prev.to_string());
        }
        v
    }

    /// Restarts the running services whose `on-check-failure` says `restart` for check
    /// `name`, as Pebble does when the check reaches its threshold.
    fn restart_on_check_failure(&mut self, name: &str, plan: &Plan) {
        for (service, config) in &plan.services {
            if config.on_check_failure.get(name) != Some(&ServiceAction::Restart) {
                continue;
            }
            if let Some(runtime) = self.services.get_mut(service)
                && runtime.current == "active"
            {
                runtime.since = SystemTime::now();
                runtime.starts += 1;
            }
        }
    }

    /// Sets the failures in a row of check `name`: down from its threshold on, up (still
    /// counting the failures) below it.
    pub(crate) fn set_check_failures(&mut self, name: &str, failures: u32) {
        let threshold = self
            .plan()
            .checks
            .get(name)
            .and_then(|c| c.threshold)
            .filter(|t| *t != 0)
            .unwrap_or(3);
        self.set_check_down(name, failures >= threshold);
        self.check_status
            .entry(name.to_owned())
            .or_default()
            .failures = Some(failures);
    }

    /// Sets check `name` up or down, moving its changes as Pebble would.
    pub(crate) fn set_check_down(&mut self, name: &str, down: bool) {
        let plan = self.plan();
        let was_down = self.check_status.get(name).is_some_and(|c| c.down);
        let running = self
            .check_status
            .get(name)
            .is_some_and(|c| c.change.is_some());
        let entry = self.check_status.entry(name.to_owned()).or_default();
        entry.down = down;
        entry.failures = None;
        let Some(check) = plan.checks.get(name) else {
            return;
        };
        if running && down != was_down {
            let ended = if down {
                self.restart_on_check_failure(name, &plan);
                let summary = format!("Perform {} check {name:?}", kind_word(check));
                let err = format!(
                    "cannot perform the following tasks:\n- {summary} (check {name:?} set down by the test)"
                );
                self.end_check_change(name, "Error", Some(err))
            } else {
                self.end_check_change(name, "Done", None)
            };
            self.start_check(name, check);
            self.check_status
                .entry(name.to_owned())
                .or_default()
                .prev_change = ended;
        }
    }
}

/// After a layer change: starts new enabled checks, forgets removed ones.
pub(crate) fn reconcile_checks(state: &mut State, plan: &Plan) {
    let gone: Vec<String> = state
        .check_status
        .keys()
        .filter(|n| !plan.checks.contains_key(*n))
        .cloned()
        .collect();
    for name in gone {
        state.end_check_change(&name, "Undone", None);
        state.check_status.remove(&name);
    }
    for (name, check) in &plan.checks {
        let known = state
            .check_status
            .get(name)
            .is_some_and(|c| c.change.is_some());
        if !known && check.startup != Some(Startup::Disabled) {
            state.start_check(name, check);
        }
    }
}

/// `replan`: starts enabled checks that are not running (from the release that can stop
/// checks; before it, every check always runs).
pub(crate) fn start_enabled_checks(state: &mut State, plan: &Plan) {
    if !state.has(PebbleFeature::ChecksReplanStarts) {
        return;
    }
    for (name, check) in &plan.checks {
        let running = state
            .check_status
            .get(name)
            .is_some_and(|c| c.change.is_some());
        if !running && check.startup != Some(Startup::Disabled) {
            state.start_check(name, check);
        }
    }
}

/// The `level` query parameter, or Pebble's 400.
fn level_param(call: &Call) -> Result<Option<CheckLevel>, Response<Body>> {
    match call.param("level").unwrap_or_default() {
        "" => Ok(None),
        "alive" => Ok(Some(CheckLevel::Alive)),
        "ready" => Ok(Some(CheckLevel::Ready)),
        _ => Err(error(400, "level must be \"alive\" or \"ready\"", None)),
    }
}

/// Whether a check at `level` is selected by `wanted` (ready implies alive).
fn level_selected(wanted: Option<CheckLevel>, level: Option<CheckLevel>) -> bool {
    match wanted {
        None => true,
        Some(CheckLevel::Alive) => level == Some(CheckLevel::Alive),
        Some(_) => matches!(level, Some(CheckLevel::Alive | CheckLevel::Ready)),
    }
}

pub(crate) fn list_checks(shared: &Shared, call: &Call) -> Response<Body> {
    let level = match level_param(call) {
        Ok(level) => level,
        Err(response) => return response,
    };
    let names = call.list("names");
    let infos = shared.read(|s| {
        s.plan()
            .checks
            .iter()
            .filter(|(n, c)| {
                (names.is_empty() || names.contains(n)) && level_selected(level, c.level)
            })
            .map(|(n, c)| s.check_info(n, c))
            .collect()
    });
    sync(Value::Array(infos))
}

pub(crate) fn health(shared: &Shared, call: &Call) -> Response<Body> {
    let level = match level_param(call) {
        Ok(level) => level,
        Err(response) => return response,
    };
    let names = call.list("names");
    let healthy = shared.read(|s| {
        !s.plan().checks.iter().any(|(n, c)| {
            (names.is_empty() || names.contains(n))
                && level_selected(level, c.level)
                && s.check_status
                    .get(n)
                    .is_some_and(|st| st.down && st.change.is_some())
        })
    });
    let status = if healthy { 200 } else { 502 };
    sync_status(status, json!({"healthy": healthy}))
}

pub(crate) async fn post_checks(shared: &Shared, call: Call) -> Response<Body> {
    let body = match call.json().await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let action = body["action"].as_str().unwrap_or_default().to_owned();
    let names = strings(&body["checks"]);
    if action != "start" && action != "stop" {
        return error(400, &format!("invalid action {action:?}"), None);
    }
    if names.is_empty() {
        return error(
            400,
            &format!("must specify checks for {action} action"),
            None,
        );
    }
    shared.write(|s| {
        let plan = s.plan();
        let missing: Vec<&str> = names
            .iter()
            .filter(|n| !plan.checks.contains_key(*n))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            return error(
                400,
                &format!(
                    "cannot {action} checks: cannot find checks in plan: {}",
                    missing.join(", ")
                ),
                None,
            );
        }
        let mut changed = Vec::new();
        for name in &names {
            let running = s.check_status.get(name).is_some_and(|c| c.change.is_some());
            if action == "start" && !running {
                // A started check begins afresh: no failures, no previous change.
                s.check_status.insert(name.clone(), CheckState::default());
                s.start_check(name, &plan.checks[name]);
                changed.push(name.clone());
            } else if action == "stop" && running {
                s.end_check_change(name, "Undone", None);
                s.check_status
                    .entry(name.clone())
                    .or_insert_with(CheckState::default)
                    .stopped = true;
                changed.push(name.clone());
            }
        }
        changed.sort();
        if changed.is_empty() && !s.has(PebbleFeature::ChecksChangedList) {
            return sync(json!({"changed": null}));
        }
        sync(json!({"changed": changed}))
    })
}

pub(crate) async fn refresh_check(shared: &Shared, call: Call) -> Response<Body> {
    let body = match call.json().await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let name = body["name"].as_str().unwrap_or_default().to_owned();
    if name.is_empty() {
        return error(400, "must specify check name", None);
    }
    shared.read(|s| {
        let plan = s.plan();
        let Some(check) = plan.checks.get(&name) else {
            return error(404, &format!("cannot find check with name {name:?}"), None);
        };
        let mut result = json!({"info": s.check_info(&name, check)});
        if s.check_status.get(&name).is_some_and(|c| c.down) {
            result["error"] = json!(format!("check {name:?} set down by the test"));
        }
        sync(result)
    })
}
