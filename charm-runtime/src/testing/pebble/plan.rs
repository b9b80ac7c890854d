//! Layers: parsing with Pebble's messages, combining with `override`, validating the plan.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::layer::{Check, Layer, LogTarget, Override, Plan, Service};

/// The sections a layer may have, with Pebble's names for their objects.
const SECTIONS: [(&str, &str, &str); 3] = [
    ("services", "service", "plan.Service"),
    ("checks", "check", "plan.Check"),
    ("log-targets", "log target", "plan.LogTarget"),
];

/// Fields of each section's objects (nested objects of checks are checked by serde).
fn known_fields(section: &str) -> &'static [&'static str] {
    match section {
        "services" => &[
            "override",
            "summary",
            "description",
            "command",
            "startup",
            "after",
            "before",
            "requires",
            "workload",
            "environment",
            "user",
            "user-id",
            "group",
            "group-id",
            "working-dir",
            "on-success",
            "on-failure",
            "on-check-failure",
            "backoff-delay",
            "backoff-factor",
            "backoff-limit",
            "kill-delay",
        ],
        "checks" => &[
            "override",
            "level",
            "startup",
            "period",
            "timeout",
            "threshold",
            "http",
            "tcp",
            "exec",
        ],
        _ => &["override", "type", "location", "services", "labels"],
    }
}

/// A layer that cannot be added: the HTTP status and Pebble's message.
#[derive(Debug)]
pub(crate) struct LayerError {
    pub(crate) status: u16,
    pub(crate) message: String,
}

fn bad(message: String) -> LayerError {
    LayerError {
        status: 400,
        message,
    }
}

/// Parses layer `label` from YAML, with the messages `POST /v1/layers` gives.
pub(crate) fn parse_layer(label: &str, yaml: &str) -> Result<Layer, LayerError> {
    let parse_err = |detail: String| bad(format!("cannot parse layer YAML: {detail}"));
    if label.starts_with("pebble-") {
        return Err(parse_err(
            "cannot use reserved label prefix \"pebble-\"".to_owned(),
        ));
    }
    let value: Value = if yaml.trim().is_empty() {
        Value::Object(serde_json::Map::new())
    } else {
        crate::yaml::from_str(yaml).map_err(|e| parse_err(crate::yaml::cause(&e)))?
    };
    let top = match value {
        Value::Object(top) => top,
        Value::Null => serde_json::Map::new(),
        _ => {
            return Err(parse_err(format!(
                "cannot parse layer {label:?}: not a mapping"
            )));
        }
    };
    for (key, section) in &top {
        if key == "summary" || key == "description" || key == "workloads" || key == "pairing" {
            continue;
        }
        let Some((_, object, go_type)) = SECTIONS.iter().find(|(s, _, _)| s == key) else {
            return Err(parse_err(format!(
                "cannot parse layer {label:?}: unknown section {key:?}"
            )));
        };
        let Value::Object(entries) = section else {
            continue;
        };
        for (name, entry) in entries {
            let Value::Object(fields) = entry else {
                return Err(parse_err(format!(
                    "{object} object cannot be null for {object} {name:?}"
                )));
            };
            let known = known_fields(key);
            if let Some(unknown) = fields.keys().find(|f| !known.contains(&f.as_str())) {
                return Err(parse_err(format!(
                    "cannot parse layer {label:?} section {key:?}: yaml: unmarshal errors:\n  field {unknown} not found in type {go_type}"
                )));
            }
            match fields.get("override").and_then(Value::as_str) {
                None => {
                    return Err(bad(format!(
                        "layer {label:?} must define \"override\" for {object} {name:?}"
                    )));
                }
                Some("merge" | "replace") => {}
                Some(_) => {
                    return Err(bad(format!(
                        "layer {label:?} has invalid \"override\" value for {object} {name:?}"
                    )));
                }
            }
        }
    }
    let mut top = top;
    top.remove("workloads");
    top.remove("pairing");
    serde_json::from_value(Value::Object(top))
        .map_err(|e| parse_err(format!("cannot parse layer {label:?}: {e}")))
}

/// Combines `layers` (lowest first) into the plan.
pub(crate) fn combine<'a>(layers: impl IntoIterator<Item = &'a Layer>) -> Plan {
    let mut plan = Plan::default();
    for layer in layers {
        combine_section(&mut plan.services, &layer.services, merge_service);
        combine_section(&mut plan.checks, &layer.checks, merge_check);
        combine_section(&mut plan.log_targets, &layer.log_targets, merge_log_target);
    }
    plan
}

/// Combines `upper` into `lower` in place (a `combine: true` add onto an existing label).
pub(crate) fn combine_into(lower: &mut Layer, upper: &Layer) {
    if !upper.summary.is_empty() {
        lower.summary.clone_from(&upper.summary);
    }
    if !upper.description.is_empty() {
        lower.description.clone_from(&upper.description);
    }
    combine_section(&mut lower.services, &upper.services, merge_service);
    combine_section(&mut lower.checks, &upper.checks, merge_check);
    combine_section(&mut lower.log_targets, &upper.log_targets, merge_log_target);
}

trait Overridable: Clone {
    fn override_of(&self) -> Override;
}
impl Overridable for Service {
    fn override_of(&self) -> Override {
        self.r#override
    }
}
impl Overridable for Check {
    fn override_of(&self) -> Override {
        self.r#override
    }
}
impl Overridable for LogTarget {
    fn override_of(&self) -> Override {
        self.r#override
    }
}

fn combine_section<T: Overridable>(
    into: &mut BTreeMap<String, T>,
    from: &BTreeMap<String, T>,
    merge: fn(&mut T, &T),
) {
    for (name, upper) in from {
        match into.get_mut(name) {
            Some(lower) if upper.override_of() == Override::Merge => merge(lower, upper),
            _ => {
                into.insert(name.clone(), upper.clone());
            }
        }
    }
}

fn set_string(into: &mut String, from: &str) {
    if !from.is_empty() {
        from.clone_into(into);
    }
}

fn set_option<T: Clone>(into: &mut Option<T>, from: &Option<T>) {
    if from.is_some() {
        into.clone_from(from);
    }
}

fn merge_map<V: Clone>(into: &mut BTreeMap<String, V>, from: &BTreeMap<String, V>) {
    into.extend(from.iter().map(|(k, v)| (k.clone(), v.clone())));
}

fn merge_service(into: &mut Service, from: &Service) {
    set_string(&mut into.summary, &from.summary);
    set_string(&mut into.description, &from.description);
    set_string(&mut into.command, &from.command);
    set_option(&mut into.startup, &from.startup);
    into.after.extend(from.after.iter().cloned());
    into.before.extend(from.before.iter().cloned());
    into.requires.extend(from.requires.iter().cloned());
    set_string(&mut into.workload, &from.workload);
    merge_map(&mut into.environment, &from.environment);
    set_option(&mut into.user, &from.user);
    set_option(&mut into.user_id, &from.user_id);
    set_option(&mut into.group, &from.group);
    set_option(&mut into.group_id, &from.group_id);
    set_option(&mut into.working_dir, &from.working_dir);
    set_option(&mut into.on_success, &from.on_success);
    set_option(&mut into.on_failure, &from.on_failure);
    merge_map(&mut into.on_check_failure, &from.on_check_failure);
    set_option(&mut into.backoff_delay, &from.backoff_delay);
    set_option(&mut into.backoff_factor, &from.backoff_factor);
    set_option(&mut into.backoff_limit, &from.backoff_limit);
    set_option(&mut into.kill_delay, &from.kill_delay);
}

fn merge_check(into: &mut Check, from: &Check) {
    set_option(&mut into.level, &from.level);
    set_option(&mut into.startup, &from.startup);
    set_option(&mut into.period, &from.period);
    set_option(&mut into.timeout, &from.timeout);
    if from.threshold.is_some_and(|t| t != 0) {
        into.threshold = from.threshold;
    }
    match (&mut into.http, &from.http) {
        (Some(i), Some(f)) => {
            set_string(&mut i.url, &f.url);
            merge_map(&mut i.headers, &f.headers);
        }
        (i, f) => set_option(i, f),
    }
    match (&mut into.tcp, &from.tcp) {
        (Some(i), Some(f)) => {
            set_option(&mut i.port, &f.port);
            set_option(&mut i.host, &f.host);
        }
        (i, f) => set_option(i, f),
    }
    match (&mut into.exec, &from.exec) {
        (Some(i), Some(f)) => {
            set_string(&mut i.command, &f.command);
            set_option(&mut i.service_context, &f.service_context);
            merge_map(&mut i.environment, &f.environment);
            set_option(&mut i.user, &f.user);
            set_option(&mut i.user_id, &f.user_id);
            set_option(&mut i.group, &f.group);
            set_option(&mut i.group_id, &f.group_id);
            set_option(&mut i.working_dir, &f.working_dir);
        }
        (i, f) => set_option(i, f),
    }
}

fn merge_log_target(into: &mut LogTarget, from: &LogTarget) {
    set_option(&mut into.r#type, &from.r#type);
    set_string(&mut into.location, &from.location);
    into.services.extend(from.services.iter().cloned());
    merge_map(&mut into.labels, &from.labels);
}

/// Checks the combined plan with Pebble's messages.
pub(crate) fn validate(plan: &Plan) -> Result<(), LayerError> {
    for (name, service) in &plan.services {
        if service.command.trim().is_empty() {
            return Err(bad(format!(
                "plan must define \"command\" for service {name:?}"
            )));
        }
        if let Some(missing) = service
            .requires
            .iter()
            .find(|r| !plan.services.contains_key(*r))
        {
            return Err(bad(format!("service {missing:?} does not exist")));
        }
    }
    for (name, check) in &plan.checks {
        let kinds = [
            check.http.is_some(),
            check.tcp.is_some(),
            check.exec.is_some(),
        ];
        if kinds.iter().filter(|k| **k).count() != 1 {
            return Err(bad(format!(
                "plan must specify one of \"http\", \"tcp\", or \"exec\" for check {name:?}"
            )));
        }
        if check.http.as_ref().is_some_and(|h| h.url.is_empty()) {
            return Err(bad(format!(
                "plan must set \"url\" for http check {name:?}"
            )));
        }
        if check.tcp.as_ref().is_some_and(|t| t.port.unwrap_or(0) == 0) {
            return Err(bad(format!(
                "plan must set \"port\" for tcp check {name:?}"
            )));
        }
        if check.exec.as_ref().is_some_and(|e| e.command.is_empty()) {
            return Err(bad(format!(
                "plan must set \"command\" for exec check {name:?}"
            )));
        }
    }
    for (name, target) in &plan.log_targets {
        if target.r#type.is_none() {
            return Err(bad(format!(
                "plan must define \"type\" (\"loki\", \"opentelemetry\" or \"syslog\") for log target {name:?}"
            )));
        }
        if target.location.is_empty() {
            return Err(bad(format!(
                "plan must define \"location\" for log target {name:?}"
            )));
        }
    }
    Ok(())
}

/// Adds layer `layer` under `label` to `layers` as `POST /v1/layers` does.
pub(crate) fn add_layer(
    layers: &mut Vec<(String, Layer)>,
    label: &str,
    layer: Layer,
    combine_layer: bool,
) -> Result<(), LayerError> {
    let mut next = layers.clone();
    match next.iter_mut().find(|(l, _)| l == label) {
        Some(_) if !combine_layer => {
            return Err(bad(format!("layer {label:?} already exists")));
        }
        Some((_, existing)) => combine_into(existing, &layer),
        None => next.push((label.to_owned(), layer)),
    }
    validate(&combine(next.iter().map(|(_, l)| l)))?;
    *layers = next;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(label: &str, yaml: &str) -> Layer {
        parse_layer(label, yaml).unwrap()
    }

    #[test]
    fn merge_appends_lists_merges_maps_and_replaces_scalars() {
        let base = layer(
            "base",
            "services:\n  web:\n    override: replace\n    command: /bin/web\n    after: [db]\n    environment: {A: '1', B: '2'}\n",
        );
        let top = layer(
            "top",
            "services:\n  web:\n    override: merge\n    startup: enabled\n    after: [cache]\n    environment: {B: '3'}\n",
        );
        let plan = combine([&base, &top]);
        let web = &plan.services["web"];
        assert_eq!(web.command, "/bin/web");
        assert_eq!(web.after, ["db", "cache"]);
        assert_eq!(web.environment["A"], "1");
        assert_eq!(web.environment["B"], "3");
        assert_eq!(web.startup, Some(crate::layer::Startup::Enabled));
    }

    #[test]
    fn replace_discards_lower_fields() {
        let base = layer(
            "base",
            "services:\n  web:\n    override: replace\n    command: /bin/web\n    startup: enabled\n",
        );
        let top = layer(
            "top",
            "services:\n  web:\n    override: replace\n    command: /bin/other\n",
        );
        let plan = combine([&base, &top]);
        assert_eq!(plan.services["web"].startup, None);
        assert_eq!(plan.services["web"].command, "/bin/other");
    }

    #[test]
    fn mistakes_get_pebbles_messages() {
        let err = parse_layer("l", "services:\n  web:\n    command: x\n").unwrap_err();
        assert_eq!(
            err.message,
            "layer \"l\" must define \"override\" for service \"web\""
        );
        let err = parse_layer(
            "l",
            "services:\n  web:\n    override: merge\n    colour: red\n",
        )
        .unwrap_err();
        assert!(
            err.message.contains("field colour not found"),
            "{}",
            err.message
        );
        let err = parse_layer("l", "servics: {}\n").unwrap_err();
        assert!(
            err.message.contains("unknown section \"servics\""),
            "{}",
            err.message
        );
        let mut layers = vec![];
        let no_command = layer(
            "l",
            "services:\n  web:\n    override: replace\n    startup: enabled\n",
        );
        let err = add_layer(&mut layers, "l", no_command, false).unwrap_err();
        assert_eq!(
            err.message,
            "plan must define \"command\" for service \"web\""
        );
        assert!(layers.is_empty(), "a failed add leaves the plan unchanged");
    }

    #[test]
    fn label_exists_unless_combining_in_place() {
        let mut layers = vec![];
        let a = layer(
            "a",
            "services:\n  web:\n    override: replace\n    command: /bin/a\n",
        );
        let b = layer(
            "b",
            "services:\n  web:\n    override: replace\n    command: /bin/b\n",
        );
        add_layer(&mut layers, "a", a.clone(), false).unwrap();
        add_layer(&mut layers, "b", b, false).unwrap();
        let err = add_layer(&mut layers, "a", a, false).unwrap_err();
        assert_eq!(err.message, "layer \"a\" already exists");
        let merge = layer(
            "a",
            "services:\n  web:\n    override: merge\n    command: /bin/a2\n",
        );
        add_layer(&mut layers, "a", merge, true).unwrap();
        assert_eq!(layers.len(), 2);
        assert_eq!(layers[0].1.services["web"].command, "/bin/a2");
        // The higher layer "b" still wins.
        assert_eq!(
            combine(layers.iter().map(|(_, l)| l)).services["web"].command,
            "/bin/b"
        );
    }
}
