//! Layers: parsing with Pebble's messages, combining with `override`, validating the plan.
//!
//! What a layer may hold, what the plan requires and how layers combine come from
//! `charm_spec::layer`'s tables; this module only words the outcome as Pebble does.

use charm_spec::layer::{
    EXTENSION_SECTIONS, FieldSpec as Field, Kind, Object, ObjectSpec, Required,
};
use charm_spec::yaml::{Node, Value as NodeValue};
use serde::Serialize;
use serde_json::{Map, Value};

use super::{PebbleFeature, PebbleVersion};
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

/// Parses layer `label` from YAML, with the messages `POST /v1/layers` of release `version`
/// gives.
pub(crate) fn parse_layer(
    label: &str,
    yaml: &str,
    version: PebbleVersion,
) -> Result<Layer, LayerError> {
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
    // The same text as nodes with their lines, for the lines Go's decoder reports.
    let root = charm_spec::yaml::parse(yaml).ok();
    let sections = match root.as_ref().map(|n| &n.value) {
        Some(NodeValue::Map(entries)) => entries.as_slice(),
        _ => &[],
    };
    if let Some(message) = unknown_keys(label, yaml, sections, version) {
        return Err(parse_err(message));
    }
    for (key, section) in &top {
        let Some(Field {
            kind: Kind::Section(spec),
            ..
        }) = Layer::SPEC.field(key)
        else {
            continue;
        };
        let Value::Object(entries) = section else {
            continue;
        };
        for (name, entry) in entries {
            check_entry(label, spec, name, entry, version)?;
        }
    }
    let mut top = top;
    for section in EXTENSION_SECTIONS {
        top.remove(section);
    }
    serde_json::from_value(Value::Object(top))
        .map_err(|e| parse_err(format!("cannot parse layer {label:?}: {e}")))
}

/// Whether release `version` decodes key `key` of an object decoded into `spec`.
fn knows(spec: &ObjectSpec, key: &str, version: PebbleVersion) -> bool {
    spec.field(key)
        .is_some_and(|field| field.since.is_none_or(|since| version >= since))
}

/// Whether release `version` knows layer section `key`.
fn knows_section(key: &str, version: PebbleVersion) -> bool {
    if EXTENSION_SECTIONS.contains(&key) {
        return PebbleFeature::of_extension_section(key).is_none_or(|f| version.has(f));
    }
    knows(&Layer::SPEC, key, version)
}

/// Go's strict decoding: the message for the keys that release `version` does not know, or
/// `None` when it knows them all.
///
/// Before [`PebbleFeature::LayerSections`] the layer is decoded whole: every unknown key is
/// listed with its line in the layer. From it, each section is decoded on its own (Pebble
/// writes the section out again and decodes that), so an unknown section is named and the
/// lines of unknown fields count the section's lines as written out again: from its first
/// entry, without blank lines.
fn unknown_keys(
    label: &str,
    text: &str,
    sections: &[(Node, Node)],
    version: PebbleVersion,
) -> Option<String> {
    let unmarshal = |errors: Vec<(u64, String, &str)>| {
        let lines: Vec<String> = errors
            .into_iter()
            .map(|(line, key, ty)| format!("\n  line {line}: field {key} not found in type {ty}"))
            .collect();
        format!("yaml: unmarshal errors:{}", lines.concat())
    };
    if !version.has(PebbleFeature::LayerSections) {
        let mut errors = Vec::new();
        for (key, section) in sections {
            let name = key.as_str().unwrap_or_default();
            if !knows_section(name, version) {
                errors.push((key.line, name.to_owned(), Layer::SPEC.pebble_type));
                continue;
            }
            if let Some(Field {
                kind: Kind::Section(spec),
                ..
            }) = Layer::SPEC.field(name)
            {
                section_unknowns(spec, section, version, &mut |line, key, ty| {
                    errors.push((line, key.to_owned(), ty));
                });
            }
        }
        return (!errors.is_empty())
            .then(|| format!("cannot parse layer {label:?}: {}", unmarshal(errors)));
    }
    for (key, section) in sections {
        let name = key.as_str().unwrap_or_default();
        if !knows_section(name, version) {
            return Some(format!(
                "cannot parse layer {label:?}: unknown section {name:?}"
            ));
        }
        let Some(Field {
            kind: Kind::Section(spec),
            ..
        }) = Layer::SPEC.field(name)
        else {
            continue;
        };
        let mut errors = Vec::new();
        section_unknowns(spec, section, version, &mut |line, key, ty| {
            let line = rewritten_line(text, section.line, line);
            errors.push((line, key.to_owned(), ty));
        });
        if !errors.is_empty() {
            return Some(format!(
                "cannot parse layer {label:?} section {name:?}: {}",
                unmarshal(errors)
            ));
        }
    }
    None
}

/// Calls `found` with the line, key and Go type of every key of the objects of `section`
/// (and of their probes) that release `version` does not know, in document order.
fn section_unknowns(
    spec: &ObjectSpec,
    section: &Node,
    version: PebbleVersion,
    found: &mut dyn FnMut(u64, &str, &'static str),
) {
    let NodeValue::Map(entries) = &section.value else {
        return;
    };
    for (_, object) in entries {
        object_unknowns(spec, object, version, found);
    }
}

fn object_unknowns(
    spec: &ObjectSpec,
    object: &Node,
    version: PebbleVersion,
    found: &mut dyn FnMut(u64, &str, &'static str),
) {
    let NodeValue::Map(fields) = &object.value else {
        return;
    };
    for (key, value) in fields {
        let name = key.as_str().unwrap_or_default();
        if !knows(spec, name, version) {
            found(key.line, name, spec.pebble_type);
            continue;
        }
        if let Some(Field {
            kind: Kind::Probe(probe),
            ..
        }) = spec.field(name)
        {
            object_unknowns(probe, value, version, found);
        }
    }
}

/// Line `line` of `text` as Pebble numbers it in a section that starts at line `start`:
/// written out again from its first entry, blank lines dropped (comments are kept).
fn rewritten_line(text: &str, start: u64, line: u64) -> u64 {
    let first = usize::try_from(start.max(1) - 1).unwrap_or(usize::MAX);
    let count = usize::try_from(line.saturating_sub(start) + 1).unwrap_or(usize::MAX);
    let kept = text
        .lines()
        .skip(first)
        .take(count)
        .filter(|l| !l.trim().is_empty())
        .count();
    u64::try_from(kept.max(1)).unwrap_or(1)
}

/// Checks one object of a section as Pebble validates a layer: a mapping, with what every
/// layer must set, and with values release `version` allows.
fn check_entry(
    label: &str,
    spec: &ObjectSpec,
    name: &str,
    entry: &Value,
    version: PebbleVersion,
) -> Result<(), LayerError> {
    let parse_err = |detail: String| bad(format!("cannot parse layer YAML: {detail}"));
    let what = spec.what;
    let Value::Object(fields) = entry else {
        return Err(parse_err(format!(
            "{what} object cannot be null for {what} {name:?}"
        )));
    };
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
    if spec == &LogTarget::SPEC
        && let Some(kind) = fields.get("type").and_then(Value::as_str)
        && !kind.is_empty()
    {
        let types = log_target_types(version);
        if !types.contains(&kind) {
            return Err(parse_err(format!(
                "log target {name:?} has unsupported type {kind:?}, must be {}",
                quoted(&types, " or ")
            )));
        }
    }
    Ok(())
}

/// The log target types release `version` accepts, in Pebble's order.
fn log_target_types(version: PebbleVersion) -> Vec<&'static str> {
    let mut types = vec!["loki"];
    if version.has(PebbleFeature::LogTargetOpentelemetry) {
        types.push("opentelemetry");
    }
    if !version.has(PebbleFeature::LogTargetSyslogRemoved)
        || version.has(PebbleFeature::LogTargetSyslog)
    {
        types.push("syslog");
    }
    types
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
fn missing(
    spec: &ObjectSpec,
    fields: &Map<String, Value>,
    name: &str,
    version: PebbleVersion,
) -> Result<(), LayerError> {
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
            let mut allowed: Vec<&str> = values.allowed().map(|v| v.yaml).collect();
            if spec == &LogTarget::SPEC && key == "type" {
                allowed = log_target_types(version);
            }
            let allowed = quoted(&allowed, " or ");
            format!("plan must define {key:?} ({allowed}) for {what} {name:?}")
        }
        _ if in_section => format!("plan must define {key:?} for {what} {name:?}"),
        _ => format!("plan must set {key:?} for {what} {name:?}"),
    }))
}

/// A check has exactly one probe, and its probe has what the plan requires.
fn check_has_one_probe(
    name: &str,
    check: &Check,
    version: PebbleVersion,
) -> Result<(), LayerError> {
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
        Some(Value::Object(probe)) => missing(spec, probe, name, version),
        _ => missing(spec, &Map::new(), name, version),
    }
}

/// Checks the combined plan with the messages of release `version`.
pub(crate) fn validate(plan: &Plan, version: PebbleVersion) -> Result<(), LayerError> {
    for (name, service) in &plan.services {
        missing(&Service::SPEC, &fields_of(service), name, version)?;
        if let Some(absent) = service
            .requires
            .iter()
            .find(|r| !plan.services.contains_key(*r))
        {
            return Err(bad(format!("service {absent:?} does not exist")));
        }
        // The fake keeps no `workloads` section, so no workload is ever defined.
        if !service.workload.is_empty() {
            return Err(bad(format!(
                "workload {:?}: not defined for service {name:?}",
                service.workload
            )));
        }
    }
    for (name, check) in &plan.checks {
        check_has_one_probe(name, check, version)?;
    }
    for (name, target) in &plan.log_targets {
        missing(&LogTarget::SPEC, &fields_of(target), name, version)?;
    }
    Ok(())
}

/// Adds layer `layer` under `label` to `layers` as `POST /v1/layers` of release `version`
/// does.
///
/// From [`PebbleFeature::LayersInner`], a label `dir/name` belongs to sub-directory `dir`: a
/// new layer goes after the last layer of its sub-directory (or on top when there is none),
/// and below higher layers only when `inner` allows it.
pub(crate) fn add_layer(
    layers: &mut Vec<(String, Layer)>,
    label: &str,
    layer: Layer,
    combine_layer: bool,
    inner: bool,
    version: PebbleVersion,
) -> Result<(), LayerError> {
    let mut next = layers.clone();
    match next.iter_mut().find(|(l, _)| l == label) {
        Some(_) if !combine_layer => {
            return Err(bad(format!("layer {label:?} already exists")));
        }
        Some((_, existing)) => existing.merge(&layer),
        None => {
            let index = if version.has(PebbleFeature::LayersInner) {
                let sub = |l: &str| l.split_once('/').map_or(l, |(dir, _)| dir).to_owned();
                let dir = sub(label);
                next.iter()
                    .rposition(|(l, _)| sub(l) == dir)
                    .map_or(next.len(), |i| i + 1)
            } else {
                next.len()
            };
            if index != next.len() && !inner {
                return Err(LayerError {
                    status: 500,
                    message: "cannot insert sub-directory layer without 'inner' attribute set"
                        .to_owned(),
                });
            }
            next.insert(index, (label.to_owned(), layer));
        }
    }
    validate(&combine(next.iter().map(|(_, l)| l)), version)?;
    *layers = next;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LATEST: PebbleVersion = PebbleVersion::LATEST;

    fn layer(label: &str, yaml: &str) -> Layer {
        parse_layer(label, yaml, LATEST).unwrap()
    }

    #[test]
    fn mistakes_get_pebbles_messages() {
        let err = parse_layer("l", "services:\n  web:\n    command: x\n", LATEST).unwrap_err();
        assert_eq!(
            err.message,
            "layer \"l\" must define \"override\" for service \"web\""
        );
        let err = parse_layer(
            "l",
            "services:\n  web:\n    override: merge\n    colour: red\n",
            LATEST,
        )
        .unwrap_err();
        assert_eq!(
            err.message,
            "cannot parse layer YAML: cannot parse layer \"l\" section \"services\": yaml: \
             unmarshal errors:\n  line 3: field colour not found in type plan.Service"
        );
        let err = parse_layer("l", "servics: {}\n", LATEST).unwrap_err();
        assert_eq!(
            err.message,
            "cannot parse layer YAML: cannot parse layer \"l\": unknown section \"servics\""
        );
        let mut layers = vec![];
        let no_command = layer(
            "l",
            "services:\n  web:\n    override: replace\n    startup: enabled\n",
        );
        let err = add_layer(&mut layers, "l", no_command, false, true, LATEST).unwrap_err();
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
        add_layer(&mut layers, "a", a.clone(), false, true, LATEST).unwrap();
        add_layer(&mut layers, "b", b, false, true, LATEST).unwrap();
        let err = add_layer(&mut layers, "a", a, false, true, LATEST).unwrap_err();
        assert_eq!(err.message, "layer \"a\" already exists");
        let merge = layer(
            "a",
            "services:\n  web:\n    override: merge\n    command: /bin/a2\n",
        );
        add_layer(&mut layers, "a", merge, true, true, LATEST).unwrap();
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
            let err =
                add_layer(&mut vec![], "l", layer("l", yaml), false, true, LATEST).unwrap_err();
            assert_eq!(err.message, message, "for {yaml}");
        }
        let err = parse_layer("l", "checks:\n  up:\n    override: sideways\n", LATEST).unwrap_err();
        assert_eq!(
            err.message,
            "layer \"l\" has invalid \"override\" value for check \"up\""
        );
        let err = parse_layer("l", "log-targets:\n  l:\n", LATEST).unwrap_err();
        assert_eq!(
            err.message,
            "cannot parse layer YAML: log target object cannot be null for log target \"l\""
        );
    }

    /// The messages measured on the real releases, for a layer with unknown fields in two
    /// sections, a blank line and a comment.
    #[test]
    fn unknown_fields_are_reported_as_each_release_does() {
        let yaml = "services:\n  a:\n    override: replace\n\n    command: x\n    # comment\n    \
                    colour: red\n    size: 3\nchecks:\n  c:\n    override: replace\n    foo: 1\n";
        let old = parse_layer("l4", yaml, PebbleVersion::V1_16_0).unwrap_err();
        assert_eq!(
            old.message,
            "cannot parse layer YAML: cannot parse layer \"l4\": yaml: unmarshal errors:\n  \
             line 7: field colour not found in type plan.Service\n  line 8: field size not \
             found in type plan.Service\n  line 12: field foo not found in type plan.Check"
        );
        for version in [PebbleVersion::V1_19_2, PebbleVersion::V1_26_0, LATEST] {
            let new = parse_layer("l4", yaml, version).unwrap_err();
            assert_eq!(
                new.message,
                "cannot parse layer YAML: cannot parse layer \"l4\" section \"services\": yaml: \
                 unmarshal errors:\n  line 5: field colour not found in type plan.Service\n  \
                 line 6: field size not found in type plan.Service",
                "{version}"
            );
        }
        let startup =
            "checks:\n  c:\n    override: replace\n    startup: enabled\n    tcp: {port: 1}\n";
        assert_eq!(
            parse_layer("x", startup, PebbleVersion::V1_16_0)
                .unwrap_err()
                .message,
            "cannot parse layer YAML: cannot parse layer \"x\": yaml: unmarshal errors:\n  \
             line 4: field startup not found in type plan.Check"
        );
        assert!(parse_layer("x", startup, PebbleVersion::V1_19_2).is_ok());
        let workload = "services:\n  a:\n    override: replace\n    command: x\n    workload: w\n";
        assert_eq!(
            parse_layer("l3", workload, PebbleVersion::V1_19_2)
                .unwrap_err()
                .message,
            "cannot parse layer YAML: cannot parse layer \"l3\" section \"services\": yaml: \
             unmarshal errors:\n  line 4: field workload not found in type plan.Service"
        );
        let cases = [
            (
                PebbleVersion::V1_16_0,
                "workloads: {}\n",
                "cannot parse layer YAML: cannot parse layer \"l\": yaml: unmarshal errors:\n  line 1: field workloads not found in type plan.Layer",
            ),
            (
                PebbleVersion::V1_19_2,
                "workloads: {}\n",
                "cannot parse layer YAML: cannot parse layer \"l\": unknown section \"workloads\"",
            ),
            (
                PebbleVersion::V1_19_2,
                "pairing: {}\n",
                "cannot parse layer YAML: cannot parse layer \"l\": unknown section \"pairing\"",
            ),
        ];
        for (version, yaml, message) in cases {
            assert_eq!(
                parse_layer("l", yaml, version).unwrap_err().message,
                message
            );
        }
        assert!(parse_layer("l", "pairing: {}\n", PebbleVersion::V1_26_0).is_ok());
    }

    #[test]
    fn log_target_types_follow_the_release() {
        let layer = |kind: &str| {
            format!(
                "log-targets:\n  t:\n    override: replace\n    type: {kind}\n    location: http://x/\n"
            )
        };
        let refused =
            |version, kind: &str| parse_layer("l", &layer(kind), version).unwrap_err().message;
        assert_eq!(
            refused(PebbleVersion::V1_16_0, "opentelemetry"),
            "cannot parse layer YAML: log target \"t\" has unsupported type \"opentelemetry\", must be \"loki\" or \"syslog\""
        );
        assert_eq!(
            refused(PebbleVersion::V1_26_0, "syslog"),
            "cannot parse layer YAML: log target \"t\" has unsupported type \"syslog\", must be \"loki\" or \"opentelemetry\""
        );
        assert!(parse_layer("l", &layer("syslog"), PebbleVersion::V1_19_2).is_ok());
        assert!(parse_layer("l", &layer("syslog"), LATEST).is_ok());
        let untyped = parse_layer(
            "l",
            "log-targets:\n  t:\n    override: replace\n    location: http://x/\n",
            LATEST,
        )
        .unwrap();
        let plan_message = |version| {
            add_layer(&mut vec![], "l", untyped.clone(), false, true, version)
                .unwrap_err()
                .message
        };
        assert_eq!(
            plan_message(PebbleVersion::V1_16_0),
            "plan must define \"type\" (\"loki\" or \"syslog\") for log target \"t\""
        );
        assert_eq!(
            plan_message(PebbleVersion::V1_26_0),
            "plan must define \"type\" (\"loki\" or \"opentelemetry\") for log target \"t\""
        );
        assert_eq!(
            plan_message(LATEST),
            "plan must define \"type\" (\"loki\", \"opentelemetry\" or \"syslog\") for log target \"t\""
        );
    }

    /// Measured on the real releases: a layer added to a sub-directory with layers above it
    /// needs `inner` from v1.17.0, and goes below them; v1.16.0 adds any label on top.
    #[test]
    fn sub_directory_layers_follow_the_release() {
        let web = |command: &str| {
            layer(
                "l",
                &format!("services:\n  web:\n    override: replace\n    command: {command}\n"),
            )
        };
        let command = |layers: &[(String, Layer)]| {
            combine(layers.iter().map(|(_, l)| l)).services["web"]
                .command
                .clone()
        };
        for version in [PebbleVersion::V1_16_0, PebbleVersion::V1_19_2, LATEST] {
            let mut layers = vec![];
            add_layer(&mut layers, "d/a", web("A"), false, false, version).unwrap();
            add_layer(&mut layers, "top", web("T"), false, false, version).unwrap();
            let refused = add_layer(&mut layers, "d/b", web("B"), false, false, version);
            if version.has(PebbleFeature::LayersInner) {
                let err = refused.unwrap_err();
                assert_eq!(
                    (err.status, err.message.as_str()),
                    (
                        500,
                        "cannot insert sub-directory layer without 'inner' attribute set"
                    )
                );
                add_layer(&mut layers, "d/b", web("B"), false, true, version).unwrap();
                assert_eq!(command(&layers), "T", "below top");
            } else {
                refused.unwrap();
                assert_eq!(command(&layers), "B", "on top");
            }
        }
    }
}
