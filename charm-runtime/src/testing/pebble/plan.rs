//! Layers: parsing with Pebble's messages, combining with `override`, validating the plan.
//!
//! What a layer may hold, what the plan requires and how layers combine come from
//! `charm_spec::layer`'s tables; this module only words the outcome as Pebble does.

use charm_spec::layer::{EXTENSION_SECTIONS, Kind, Object, ObjectSpec, Required};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::layer::{Check, Layer, LogTarget, Plan, Service};

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
        crate::yaml::from_str(yaml).map_err(|e| parse_err(e.cause()))?
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
        if EXTENSION_SECTIONS.contains(&key.as_str()) {
            continue;
        }
        let Some(field) = Layer::SPEC.field(key) else {
            return Err(parse_err(format!(
                "cannot parse layer {label:?}: unknown section {key:?}"
            )));
        };
        let (Kind::Section(spec), Value::Object(entries)) = (field.kind, section) else {
            continue;
        };
        for (name, entry) in entries {
            check_entry(label, key, spec, name, entry)?;
        }
    }
    let mut top = top;
    for section in EXTENSION_SECTIONS {
        top.remove(section);
    }
    serde_json::from_value(Value::Object(top))
        .map_err(|e| parse_err(format!("cannot parse layer {label:?}: {e}")))
}

/// Checks one object of section `section` as Pebble decodes it: a mapping, with known
/// fields only (Go's strict decoding), and with what every layer must set.
fn check_entry(
    label: &str,
    section: &str,
    spec: &ObjectSpec,
    name: &str,
    entry: &Value,
) -> Result<(), LayerError> {
    let parse_err = |detail: String| bad(format!("cannot parse layer YAML: {detail}"));
    let what = spec.what;
    let Value::Object(fields) = entry else {
        return Err(parse_err(format!(
            "{what} object cannot be null for {what} {name:?}"
        )));
    };
    if let Some(unknown) = fields.keys().find(|key| spec.field(key).is_none()) {
        return Err(parse_err(format!(
            "cannot parse layer {label:?} section {section:?}: yaml: unmarshal errors:\n  \
             field {unknown} not found in type {}",
            spec.pebble_type
        )));
    }
    for field in spec.required(Required::InEveryLayer) {
        let Kind::Enum(values) = field.kind else {
            continue;
        };
        let key = field.key;
        match fields.get(key).and_then(Value::as_str) {
            None => {
                return Err(bad(format!(
                    "layer {label:?} must define {key:?} for {what} {name:?}"
                )));
            }
            Some(value) if values.allowed().any(|v| v.yaml == value) => {}
            Some(_) => {
                return Err(bad(format!(
                    "layer {label:?} has invalid {key:?} value for {what} {name:?}"
                )));
            }
        }
    }
    Ok(())
}

/// Combines `layers` (lowest first) into the plan.
pub(crate) fn combine<'a>(layers: impl IntoIterator<Item = &'a Layer>) -> Plan {
    Plan::combine(layers)
}

/// `object`'s fields as JSON: a field left empty is not written.
fn fields_of(object: &impl Serialize) -> Map<String, Value> {
    match serde_json::to_value(object) {
        Ok(Value::Object(fields)) => fields,
        _ => Map::new(),
    }
}

/// Whether `fields` set `key` to something other than Go's zero value.
fn sets(fields: &Map<String, Value>, key: &str) -> bool {
    match fields.get(key) {
        None | Some(Value::Null) => false,
        Some(Value::String(text)) => !text.trim().is_empty(),
        Some(Value::Number(number)) => number.as_f64() != Some(0.0),
        Some(_) => true,
    }
}

/// `"a", "b" or "c"` (`sep` before the last: Pebble writes `", or "` in one message).
fn quoted(keys: &[&str], last_sep: &str) -> String {
    let quoted: Vec<String> = keys.iter().map(|key| format!("{key:?}")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}{last_sep}{last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// The first field the combined plan requires that `fields` (an object of `spec` named
/// `name`) lack, in Pebble's words: section objects "define" a field
/// (`plan must define "command" for service "web"`), a check's probe "sets" it.
fn missing(spec: &ObjectSpec, fields: &Map<String, Value>, name: &str) -> Result<(), LayerError> {
    let Some(field) = spec
        .required(Required::InPlan)
        .find(|field| !sets(fields, field.key))
    else {
        return Ok(());
    };
    let (key, what) = (field.key, spec.what);
    let in_section = spec.field("override").is_some();
    Err(bad(match field.kind {
        Kind::Enum(values) if in_section => {
            let allowed: Vec<&str> = values.allowed().map(|v| v.yaml).collect();
            let allowed = quoted(&allowed, " or ");
            format!("plan must define {key:?} ({allowed}) for {what} {name:?}")
        }
        _ if in_section => format!("plan must define {key:?} for {what} {name:?}"),
        _ => format!("plan must set {key:?} for {what} {name:?}"),
    }))
}

/// A check has exactly one probe, and its probe has what the plan requires.
fn check_has_one_probe(name: &str, check: &Check) -> Result<(), LayerError> {
    let fields = fields_of(check);
    let probes = Check::SPEC.nested();
    let present: Vec<(&str, &ObjectSpec)> = probes
        .clone()
        .filter(|(key, _)| fields.contains_key(*key))
        .collect();
    let [(key, spec)] = present.as_slice() else {
        let keys: Vec<&str> = probes.map(|(key, _)| key).collect();
        return Err(bad(format!(
            "plan must specify one of {} for check {name:?}",
            quoted(&keys, ", or ")
        )));
    };
    match fields.get(*key) {
        Some(Value::Object(probe)) => missing(spec, probe, name),
        _ => missing(spec, &Map::new(), name),
    }
}

/// Checks the combined plan with Pebble's messages.
pub(crate) fn validate(plan: &Plan) -> Result<(), LayerError> {
    for (name, service) in &plan.services {
        missing(&Service::SPEC, &fields_of(service), name)?;
        if let Some(absent) = service
            .requires
            .iter()
            .find(|r| !plan.services.contains_key(*r))
        {
            return Err(bad(format!("service {absent:?} does not exist")));
        }
    }
    for (name, check) in &plan.checks {
        check_has_one_probe(name, check)?;
    }
    for (name, target) in &plan.log_targets {
        missing(&LogTarget::SPEC, &fields_of(target), name)?;
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
        Some((_, existing)) => existing.merge(&layer),
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

    #[test]
    fn plan_rules_use_pebbles_words() {
        let cases = [
            (
                "checks:\n  up:\n    override: replace\n",
                "plan must specify one of \"http\", \"tcp\", or \"exec\" for check \"up\"",
            ),
            (
                "checks:\n  up:\n    override: replace\n    tcp: {port: 0}\n",
                "plan must set \"port\" for tcp check \"up\"",
            ),
            (
                "checks:\n  up:\n    override: replace\n    exec: {working-dir: /}\n",
                "plan must set \"command\" for exec check \"up\"",
            ),
            (
                "log-targets:\n  l:\n    override: replace\n    location: http://x/\n",
                "plan must define \"type\" (\"loki\", \"opentelemetry\" or \"syslog\") for log \
                 target \"l\"",
            ),
            (
                "log-targets:\n  l:\n    override: replace\n    type: loki\n",
                "plan must define \"location\" for log target \"l\"",
            ),
            (
                "services:\n  web:\n    override: replace\n    command: ' '\n",
                "plan must define \"command\" for service \"web\"",
            ),
            (
                "services:\n  web:\n    override: replace\n    command: /w\n    requires: [db]\n",
                "service \"db\" does not exist",
            ),
        ];
        for (yaml, message) in cases {
            let err = add_layer(&mut vec![], "l", layer("l", yaml), false).unwrap_err();
            assert_eq!(err.message, message, "for {yaml}");
        }
        let err = parse_layer("l", "checks:\n  up:\n    override: sideways\n").unwrap_err();
        assert_eq!(
            err.message,
            "layer \"l\" has invalid \"override\" value for check \"up\""
        );
        let err = parse_layer("l", "log-targets:\n  l:\n").unwrap_err();
        assert_eq!(
            err.message,
            "cannot parse layer YAML: log target object cannot be null for log target \"l\""
        );
    }
}
