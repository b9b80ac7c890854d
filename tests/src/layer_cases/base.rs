//! What a case's layers rely on other layers for: a minimal definition of each service,
//! check and log target they merge into (`override: merge`) or name in `external(...)`
//! without defining, added as a base layer before them, and the image's workloads, in a layer
//! file Pebble starts with (a layer added through the API cannot define them).

use std::collections::BTreeSet;

use charm_spec::layer::Service;
use charm_spec::version::PebbleVersion;
use charm_spec::yaml::{self, Node, Value};

use super::CaseLayer;

/// The layer files a Pebble for these layers starts with: the workloads they name, when
/// `pebble` has workloads.
pub fn files(layers: &[CaseLayer], pebble: PebbleVersion) -> Vec<(String, String)> {
    let workloads: BTreeSet<&String> = layers.iter().flat_map(|l| &l.workloads).collect();
    let since = Service::SPEC
        .field("workload")
        .and_then(|field| field.since)
        .unwrap();
    if workloads.is_empty() || pebble < since {
        return Vec::new();
    }
    let mut text = "workloads:\n".to_owned();
    for name in workloads {
        text.push_str(&format!("  {}: {{override: replace}}\n", quoted(name)));
    }
    vec![("001-workloads.yaml".to_owned(), text)]
}

/// For each layer (in order), the base layer to add before it, if it needs one.
pub fn bases(layers: &[CaseLayer]) -> Vec<Option<String>> {
    let mut defined: [BTreeSet<String>; 3] = Default::default();
    let mut bases = Vec::new();
    for layer in layers {
        let root = layer
            .text
            .as_deref()
            .and_then(|text| yaml::parse(text).ok());
        let mut base = String::new();
        let externals = [&layer.services, &layer.checks, &Vec::new()];
        for (index, (section, stub)) in SECTIONS.iter().enumerate() {
            let objects = root
                .as_ref()
                .map(|root| entries(root, section))
                .unwrap_or_default();
            let mut needed: Vec<(String, Option<&Node>)> = Vec::new();
            for name in externals[index] {
                needed.push((name.clone(), None));
            }
            for (name, object) in &objects {
                if get(object, "override").and_then(Node::as_str) == Some("merge") {
                    needed.push((name.clone(), Some(*object)));
                }
            }
            let mut lines = String::new();
            for (name, object) in needed {
                if defined[index].insert(name.clone()) {
                    lines.push_str(&format!("  {}: {}\n", quoted(&name), stub(object)));
                }
            }
            if !lines.is_empty() {
                base.push_str(&format!("{section}:\n{lines}"));
            }
            defined[index].extend(objects.into_iter().map(|(name, _)| name));
        }
        bases.push((!base.is_empty()).then_some(base));
    }
    bases
}

/// The minimal definition of an object, given the object a layer merges into it (if any).
type Stub = fn(Option<&Node>) -> String;

/// The sections, each with the minimal object that completes what a layer merges into it.
const SECTIONS: [(&str, Stub); 3] = [
    ("services", |_| {
        "{override: replace, command: \"sleep 1000\"}".to_owned()
    }),
    ("checks", |check| {
        // The probe the merge changes, or an exec probe: a check has exactly one.
        let probe = ["http", "tcp", "exec"]
            .into_iter()
            .find(|key| check.and_then(|check| get(check, key)).is_some())
            .unwrap_or("exec");
        let definition = match probe {
            "http" => "http: {url: \"http://localhost:1/\"}",
            "tcp" => "tcp: {port: 1}",
            _ => "exec: {command: \"true\"}",
        };
        format!("{{override: replace, {definition}}}")
    }),
    ("log-targets", |_| {
        "{override: replace, type: loki, location: \"http://localhost:1/\"}".to_owned()
    }),
];

/// The named objects of `section` in a layer.
fn entries<'n>(root: &'n Node, section: &str) -> Vec<(String, &'n Node)> {
    match get(root, section).map(|node| &node.value) {
        Some(Value::Map(entries)) => entries
            .iter()
            .filter_map(|(key, value)| Some((key.as_str()?.to_owned(), value)))
            .collect(),
        _ => Vec::new(),
    }
}

/// The value of `key` in a mapping node.
fn get<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v),
        _ => None,
    }
}

/// `name` as a double-quoted YAML scalar.
fn quoted(name: &str) -> String {
    serde_json::to_string(name).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;
    use charm_spec::juju::Target;

    fn layer(text: &str, services: &[&str]) -> CaseLayer {
        CaseLayer {
            function: "l".into(),
            text: Some(text.into()),
            services: services.iter().map(|s| (*s).to_owned()).collect(),
            checks: Vec::new(),
            workloads: vec!["app".into()],
            target: Target::oldest_supported(),
        }
    }

    #[test]
    fn defines_what_layers_merge_into_or_name() {
        let layers = [
            layer(
                "services:\n  web: {override: replace, command: a}\n  base: {override: merge}\n",
                &["db"],
            ),
            layer(
                "services:\n  web: {override: merge}\n  new: {override: merge}\n\
                 checks:\n  up: {override: merge, tcp: {port: 2}}\n",
                &["db"],
            ),
        ];
        let bases = bases(&layers);
        assert_eq!(
            bases[0].as_deref(),
            Some(
                "services:\n  \"db\": {override: replace, command: \"sleep 1000\"}\n  \
                 \"base\": {override: replace, command: \"sleep 1000\"}\n"
            )
        );
        assert_eq!(
            bases[1].as_deref(),
            Some(
                "services:\n  \"new\": {override: replace, command: \"sleep 1000\"}\n\
                 checks:\n  \"up\": {override: replace, tcp: {port: 1}}\n"
            )
        );
        assert!(files(&layers, PebbleVersion::new(1, 19, 2)).is_empty());
        let files = files(&layers, PebbleVersion::new(1, 26, 0));
        assert_eq!(files[0].1, "workloads:\n  \"app\": {override: replace}\n");
    }
}
