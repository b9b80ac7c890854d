//! Services, signals, plan and layers, changes and metrics endpoints.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::time::SystemTime;

use hyper::Response;
use serde_json::{Value, json};

use super::server::{Body, Call, accepted, error, parse_timeout, sync};
use super::state::{ServiceRuntime, Shared, State, rfc3339};
use super::{PebbleFeature, plan};
use crate::layer::{Plan, Startup};

/// Signals Pebble knows by name.
const SIGNALS: [&str; 31] = [
    "SIGABRT",
    "SIGALRM",
    "SIGBUS",
    "SIGCHLD",
    "SIGCONT",
    "SIGFPE",
    "SIGHUP",
    "SIGILL",
    "SIGINT",
    "SIGIO",
    "SIGIOT",
    "SIGKILL",
    "SIGPIPE",
    "SIGPOLL",
    "SIGPROF",
    "SIGPWR",
    "SIGQUIT",
    "SIGSEGV",
    "SIGSTKFLT",
    "SIGSTOP",
    "SIGSYS",
    "SIGTERM",
    "SIGTRAP",
    "SIGTSTP",
    "SIGTTIN",
    "SIGTTOU",
    "SIGURG",
    "SIGUSR1",
    "SIGUSR2",
    "SIGVTALRM",
    "SIGWINCH",
];

impl State {
    /// The combined plan of the current layers.
    pub(crate) fn plan(&self) -> Plan {
        plan::combine(self.layers.iter().map(|(_, l)| l))
    }

    /// The `GET /v1/services` entry of every service in the plan, sorted by name.
    pub(crate) fn service_infos(&self, names: &[String]) -> Vec<Value> {
        let plan = self.plan();
        plan.services
            .iter()
            .filter(|(name, _)| names.is_empty() || names.contains(name))
            .map(|(name, service)| {
                let startup = if service.startup == Some(Startup::Enabled) {
                    "enabled"
                } else {
                    "disabled"
                };
                let runtime = self.services.get(name);
                let mut v = json!({
                    "name": name,
                    "startup": startup,
                    "current": runtime.map_or("inactive", |r| r.current),
                });
                if let Some(r) = runtime {
                    v["current-since"] = json!(rfc3339(r.since));
                }
                v
            })
            .collect()
    }

    /// Runs a service action; returns the change ID or the error response.
    pub(crate) fn service_action(
        &mut self,
        action: &str,
        names: &[String],
    ) -> Result<u64, Response<Body>> {
        let plan = self.plan();
        match action {
            "start" | "stop" | "restart" if names.is_empty() => {
                return Err(error(
                    400,
                    &format!("must specify services for {action} action"),
                    None,
                ));
            }
            "start" | "stop" | "restart" => {}
            "replan" | "autostart" if !names.is_empty() => {
                return Err(error(
                    400,
                    &format!("{action} accepts no service names"),
                    None,
                ));
            }
            "replan" | "autostart" => {}
            _ if names.is_empty() => {
                return Err(error(
                    400,
                    &format!("must specify services for {action} action"),
                    None,
                ));
            }
            _ => return Err(error(400, &format!("invalid action {action:?}"), None)),
        }
        if let Some(missing) = names.iter().find(|n| !plan.services.contains_key(*n)) {
            return Err(error(
                400,
                &format!("cannot {action} services: service {missing:?} does not exist"),
                None,
            ));
        }
        let enabled: Vec<String> = plan
            .services
            .iter()
            .filter(|(_, s)| s.startup == Some(Startup::Enabled))
            .map(|(n, _)| n.clone())
            .collect();
        let (stop, start) = match action {
            "start" => (vec![], with_requirements(&plan, names)),
            "stop" => (with_dependents(&plan, names), vec![]),
            "restart" => (names.to_vec(), with_requirements(&plan, names)),
            "autostart" => {
                if enabled.is_empty() {
                    return Err(error(
                        400,
                        "no default services",
                        Some("no-default-services"),
                    ));
                }
                (vec![], with_requirements(&plan, &enabled))
            }
            _ => {
                let changed: Vec<String> = self
                    .services
                    .iter()
                    .filter(|(name, r)| {
                        plan.services
                            .get(*name)
                            .is_some_and(|now| r.started_with.as_ref().is_some_and(|s| s != now))
                    })
                    .map(|(n, _)| n.clone())
                    .collect();
                let mut start = changed.clone();
                start.extend(enabled);
                (changed, with_requirements(&plan, &start))
            }
        };
        let mut tasks = Vec::new();
        for name in &stop {
            let log = self.stop_service(name);
            tasks.push((
                "stop".to_owned(),
                format!("Stop service {name:?}"),
                "Done",
                log,
            ));
        }
        for name in &start {
            let (status, log) = match self.start_service(name, &plan) {
                Ok(log) => ("Done", log),
                Err(log) => ("Error", log),
            };
            tasks.push((
                "start".to_owned(),
                format!("Start service {name:?}"),
                status,
                log,
            ));
        }
        let mut involved: Vec<String> = stop.clone();
        involved.extend(start.iter().filter(|s| !stop.contains(s)).cloned());
        let title = title_case(action);
        let summary = match involved.as_slice() {
            [] => format!("{title} - no services"),
            [one] => format!("{title} service {one:?}"),
            [first, rest @ ..] => format!("{title} service {first:?} and {} more", rest.len()),
        };
        if action == "replan" {
            super::checks::start_enabled_checks(self, &plan);
        }
        Ok(self.add_change(action, summary, tasks, involved))
    }

    /// Starts `name` (a no-op when active); returns the task log, as an error when the
    /// service exits at once (see [`FakePebble::service_exits_at_once`]).
    ///
    /// [`FakePebble::service_exits_at_once`]: super::FakePebble::service_exits_at_once
    fn start_service(&mut self, name: &str, plan: &Plan) -> Result<Vec<String>, Vec<String>> {
        let now = SystemTime::now();
        let config = plan.services.get(name).cloned();
        if self
            .services
            .get(name)
            .is_some_and(|r| r.current == "active")
        {
            return Ok(vec![format!("INFO Service {name:?} already started.")]);
        }
        if let Some(exit) = self.quick_exits.get(name).cloned() {
            return Err(self.exit_at_once(name, config, &exit));
        }
        let runtime = self
            .services
            .entry(name.to_owned())
            .or_insert(ServiceRuntime {
                current: "inactive",
                since: now,
                started_with: None,
                starts: 0,
            });
        runtime.current = "active";
        runtime.since = now;
        runtime.started_with = config;
        runtime.starts += 1;
        Ok(vec![])
    }

    /// Service `name` exits within the okay delay as `exit` says: its output is logged and
    /// its status is what the release played makes of it. Returns the start task's log.
    fn exit_at_once(
        &mut self,
        name: &str,
        config: Option<crate::layer::Service>,
        exit: &super::ExecResult,
    ) -> Vec<String> {
        let now = SystemTime::now();
        let mut output = String::from_utf8_lossy(&exit.stdout).into_owned();
        output.push_str(&String::from_utf8_lossy(&exit.stderr));
        // v1.16.0 keeps no log of a service that exits at once.
        let logged = self.has(PebbleFeature::ServiceQuickExitRestart);
        for line in output.lines().filter(|_| logged) {
            self.logs.push(super::state::LogRec {
                time: now,
                service: name.to_owned(),
                message: line.to_owned(),
            });
        }
        let shown: Vec<&str> = output.trim_end_matches('\n').split('\n').collect();
        let recent = format!(
            "INFO Most recent service output:\n    {}",
            shown.join("\n    ")
        );
        let code = exit.exit_code;
        if !self.has(PebbleFeature::ServiceQuickExitRestart) {
            // Never restarted, and left as it was (inactive).
            return vec![
                recent,
                format!("ERROR cannot start service: exited quickly with code {code}"),
            ];
        }
        let service = config.unwrap_or_default();
        let chosen = if code == 0 {
            service.on_success.clone()
        } else {
            service.on_failure.clone()
        };
        let action = chosen.map_or_else(|| "restart".to_owned(), |a| a.as_str().to_owned());
        let current = match action.as_str() {
            "restart" => "backoff",
            "ignore" if code == 0 => "inactive",
            _ => "error",
        };
        let runtime = self
            .services
            .entry(name.to_owned())
            .or_insert(ServiceRuntime {
                current,
                since: now,
                started_with: None,
                starts: 0,
            });
        runtime.current = current;
        runtime.since = now;
        runtime.started_with = Some(service);
        runtime.starts += 1;
        vec![
            recent,
            format!("ERROR service start attempt: exited quickly with code {code}, will {action}"),
        ]
    }

    /// Stops `name` (a no-op unless active); returns the task log.
    fn stop_service(&mut self, name: &str) -> Vec<String> {
        match self.services.get_mut(name) {
            Some(r) if matches!(r.current, "active" | "backoff") => {
                r.current = "inactive";
                r.since = SystemTime::now();
                vec![]
            }
            _ => vec![format!("INFO Service {name:?} already stopped.")],
        }
    }
}

/// "replan" → "Replan".
fn title_case(action: &str) -> String {
    let mut chars = action.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// `names` and what they require, requirements first.
fn with_requirements(plan: &Plan, names: &[String]) -> Vec<String> {
    fn visit(plan: &Plan, name: &str, out: &mut Vec<String>, seen: &mut BTreeSet<String>) {
        if !seen.insert(name.to_owned()) {
            return;
        }
        if let Some(service) = plan.services.get(name) {
            for required in &service.requires {
                visit(plan, required, out, seen);
            }
        }
        out.push(name.to_owned());
    }
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for name in names {
        visit(plan, name, &mut out, &mut seen);
    }
    out
}

/// `names` and every service that requires them, dependents first.
fn with_dependents(plan: &Plan, names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut pending: Vec<String> = names.to_vec();
    while let Some(name) = pending.pop() {
        if out.contains(&name) {
            continue;
        }
        for (dependent, service) in &plan.services {
            if service.requires.contains(&name) {
                pending.push(dependent.clone());
            }
        }
        out.push(name);
    }
    out.reverse();
    out
}

pub(crate) fn list_services(shared: &Shared, call: &Call) -> Response<Body> {
    let names = call.list("names");
    sync(Value::Array(shared.read(|s| s.service_infos(&names))))
}

pub(crate) async fn post_services(shared: &Shared, call: Call) -> Response<Body> {
    let body = match call.json().await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let action = body["action"].as_str().unwrap_or_default().to_owned();
    let names = strings(&body["services"]);
    match shared.write(|s| s.service_action(&action, &names)) {
        Ok(id) => accepted(id, Value::Null),
        Err(response) => response,
    }
}

/// The strings of a JSON array (`null` is empty).
pub(crate) fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

pub(crate) async fn post_signals(shared: &Shared, call: Call) -> Response<Body> {
    let body = match call.json().await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let signal = body["signal"].as_str().unwrap_or_default().to_owned();
    let names = strings(&body["services"]);
    if names.is_empty() {
        return error(400, "must specify one or more services", None);
    }
    let failures: Vec<String> = shared.read(|s| {
        names
            .iter()
            .filter_map(|name| {
                let running = s.services.get(name).is_some_and(|r| r.current == "active");
                if !running {
                    Some(format!(
                        "cannot send signal to {name:?}: service is not running"
                    ))
                } else if !SIGNALS.contains(&signal.as_str()) {
                    Some(format!(
                        "cannot send signal to {name:?}: invalid signal name {signal:?}"
                    ))
                } else {
                    None
                }
            })
            .collect()
    });
    if failures.is_empty() {
        sync(json!(true))
    } else {
        error(500, &failures.join("; "), None)
    }
}

pub(crate) fn get_plan(shared: &Shared, call: &Call) -> Response<Body> {
    let format = call.param("format").unwrap_or_default();
    if format != "yaml" {
        return error(400, &format!("invalid format {format:?}"), None);
    }
    let plan = shared.read(State::plan);
    let yaml = if plan == Plan::default() {
        "{}\n".to_owned()
    } else {
        match plan.to_yaml() {
            Ok(yaml) => yaml,
            Err(e) => return error(500, &e.to_string(), None),
        }
    };
    sync(json!(yaml))
}

pub(crate) async fn post_layers(shared: &Shared, call: Call) -> Response<Body> {
    let body = match call.json().await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let action = body["action"].as_str().unwrap_or_default();
    if action != "add" {
        return error(400, &format!("invalid action {action:?}"), None);
    }
    let label = body["label"].as_str().unwrap_or_default();
    if label.is_empty() {
        return error(400, "label must be set", None);
    }
    let format = body["format"].as_str().unwrap_or_default();
    if format != "yaml" {
        return error(400, &format!("invalid format {format:?}"), None);
    }
    let yaml = body["layer"].as_str().unwrap_or_default();
    let layer = match plan::parse_layer(label, yaml, shared.version) {
        Ok(layer) => layer,
        Err(e) => return error(e.status, &e.message, None),
    };
    let combine = body["combine"].as_bool().unwrap_or(false);
    let inner = body["inner"].as_bool().unwrap_or(false);
    let added = shared.write(|s| {
        plan::add_layer(&mut s.layers, label, layer, combine, inner, shared.version)?;
        let plan = s.plan();
        super::checks::reconcile_checks(s, &plan);
        Ok::<_, plan::LayerError>(())
    });
    match added {
        Ok(()) => sync(json!(true)),
        Err(e) => error(e.status, &e.message, None),
    }
}

/// Change `id` from the URL, or Pebble's 404.
fn change_id(state: &State, id: &str) -> Result<u64, Response<Body>> {
    id.parse::<u64>()
        .ok()
        .filter(|n| state.changes.contains_key(n))
        .ok_or_else(|| error(404, &format!("cannot find change with id {id:?}"), None))
}

pub(crate) fn list_changes(shared: &Shared, call: &Call) -> Response<Body> {
    let select = call.param("select").unwrap_or("in-progress");
    if !matches!(select, "all" | "in-progress" | "ready") {
        return error(400, "select should be one of: all,in-progress,ready", None);
    }
    let service = call.param("for").map(str::to_owned);
    let changes = shared.read(|s| {
        s.changes
            .values()
            .filter(|c| match select {
                "ready" => c.is_ready(),
                "in-progress" => !c.is_ready(),
                _ => true,
            })
            .filter(|c| service.as_ref().is_none_or(|svc| c.services.contains(svc)))
            .map(super::state::ChangeRec::to_json)
            .collect()
    });
    sync(Value::Array(changes))
}

pub(crate) fn get_change(shared: &Shared, id: &str) -> Response<Body> {
    shared.read(|s| match change_id(s, id) {
        Ok(n) => sync(s.changes[&n].to_json()),
        Err(response) => response,
    })
}

pub(crate) async fn wait_change(shared: &Shared, id: &str, call: &Call) -> Response<Body> {
    let n = match shared.read(|s| change_id(s, id)) {
        Ok(n) => n,
        Err(response) => return response,
    };
    let timeout = match call.param("timeout").filter(|t| !t.is_empty()) {
        None => None,
        Some(text) => match parse_timeout(text) {
            Ok(t) if t.is_zero() => None,
            Ok(t) => Some(t),
            Err(response) => return response,
        },
    };
    let ready = shared
        .wait_for(timeout, |s| {
            s.changes
                .get(&n)
                .filter(|c| c.is_ready())
                .map(super::state::ChangeRec::to_json)
        })
        .await;
    match ready {
        Some(change) => sync(change),
        None => error(
            504,
            &format!(
                "timed out waiting for change after {}",
                crate::layer::GoDuration(timeout.unwrap_or_default())
            ),
            None,
        ),
    }
}

pub(crate) async fn abort_change(shared: &Shared, id: &str, call: Call) -> Response<Body> {
    let body = match call.json().await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let action = body["action"].as_str().unwrap_or_default();
    if action != "abort" {
        return error(400, &format!("invalid action {action:?}"), None);
    }
    shared.write(|s| {
        let n = match change_id(s, id) {
            Ok(n) => n,
            Err(response) => return response,
        };
        let Some(change) = s.changes.get_mut(&n) else {
            return error(404, &format!("cannot find change with id {id:?}"), None);
        };
        if change.is_ready() {
            return error(
                400,
                &format!("cannot abort change {id} with nothing pending"),
                None,
            );
        }
        for task in &mut change.tasks {
            if !super::state::is_ready_status(task.status) {
                task.status = "Undone";
                task.ready = Some(SystemTime::now());
            }
        }
        s.change_updated(n);
        sync(s.changes[&n].to_json())
    })
}

pub(crate) fn metrics(shared: &Shared) -> Response<Body> {
    let text = shared.read(|s| {
        let mut out = String::new();
        let plan = s.plan();
        out.push_str("# HELP pebble_service_active Whether the service is active (1) or not (0)\n# TYPE pebble_service_active gauge\n");
        for name in plan.services.keys() {
            let active = s.services.get(name).is_some_and(|r| r.current == "active");
            let _ = writeln!(out, "pebble_service_active{{service=\"{name}\"}} {}", u8::from(active));
        }
        out.push_str("\n# HELP pebble_service_start_count Number of times the service has started\n# TYPE pebble_service_start_count counter\n");
        for name in plan.services.keys() {
            let starts = s.services.get(name).map_or(0, |r| r.starts);
            let _ = writeln!(out, "pebble_service_start_count{{service=\"{name}\"}} {starts}");
        }
        out.push('\n');
        out
    });
    let mut response = Response::new(super::server::full(text));
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}
