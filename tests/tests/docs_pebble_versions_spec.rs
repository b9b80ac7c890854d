//! `docs/pebble-features.tsv` agrees with the data in `charm-spec`: each row's Juju column is
//! the first Juju release that ships the row's Pebble (`charm_spec::juju::SHIPS`), and each
//! layer row's Pebble is the `since` the layer schema gives the fields and values it names.

// Test helpers fail loudly, like the tests that call them.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::Path;

use charm_spec::juju;
use charm_spec::layer::{
    Check, EnumSpec, ExecCheck, HttpCheck, Kind, Layer, LogTarget, ObjectSpec, Service, TcpCheck,
};
use charm_spec::version::{JujuVersion, PebbleVersion};

/// What Pebble v1.1.1 (Juju 2.9) has: a field or value without `since`.
const BASE: PebbleVersion = PebbleVersion::new(1, 1, 1);

/// One row of the TSV file: (feature, kind, used_by, pebble, juju).
struct Row {
    feature: String,
    kind: String,
    used_by: String,
    pebble: PebbleVersion,
    juju: String,
}

fn rows() -> Vec<Row> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/pebble-features.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (feature, kind, used_by, pebble, juju) = (
        column("feature"),
        column("kind"),
        column("used_by"),
        column("pebble"),
        column("juju"),
    );
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            Row {
                feature: cells[feature].to_owned(),
                kind: cells[kind].to_owned(),
                used_by: cells[used_by].to_owned(),
                pebble: cells[pebble].parse().unwrap(),
                juju: cells[juju].to_owned(),
            }
        })
        .collect()
}

#[test]
fn the_juju_column_is_the_first_release_that_ships_the_pebble() {
    for row in rows() {
        let expected = juju::first_shipping(row.pebble);
        let written = match row.juju.as_str() {
            "none" => None,
            version => Some(version.parse::<JujuVersion>().unwrap()),
        };
        assert_eq!(
            written, expected,
            "{}: Pebble {} is first shipped by Juju {expected:?} (charm_spec::juju::SHIPS)",
            row.feature, row.pebble
        );
    }
}

/// The layer objects and the enumerations of their fields, by Rust type name.
struct Schema {
    objects: BTreeMap<&'static str, &'static ObjectSpec>,
    enums: BTreeMap<&'static str, &'static EnumSpec>,
    /// The Pebble that has each field: its own `since`, or its section's.
    fields: BTreeMap<(&'static str, &'static str), PebbleVersion>,
    /// The first Pebble that has each enum value in a field.
    values: BTreeMap<(&'static str, &'static str), PebbleVersion>,
}

impl Schema {
    fn new() -> Self {
        let mut schema = Self {
            objects: BTreeMap::new(),
            enums: BTreeMap::new(),
            fields: BTreeMap::new(),
            values: BTreeMap::new(),
        };
        schema.walk(&Layer::SPEC, BASE);
        for spec in [
            &Service::SPEC,
            &Check::SPEC,
            &HttpCheck::SPEC,
            &TcpCheck::SPEC,
            &ExecCheck::SPEC,
            &LogTarget::SPEC,
        ] {
            assert!(
                schema.objects.contains_key(spec.rust_type),
                "{}",
                spec.rust_type
            );
        }
        schema
    }

    fn walk(&mut self, spec: &'static ObjectSpec, inherited: PebbleVersion) {
        self.objects.insert(spec.rust_type, spec);
        for field in spec.fields {
            let since = field.since.unwrap_or(BASE).max(inherited);
            self.fields.insert((spec.rust_type, field.rust_name), since);
            match field.kind {
                Kind::Section(nested) | Kind::Probe(nested) => self.walk(nested, since),
                Kind::Enum(values) | Kind::CheckActions(values) => {
                    self.enums.insert(values.rust_type, values);
                    for value in values.allowed() {
                        // A value in several fields (`startup` of services and of checks) is
                        // in Pebble since the first of them has it.
                        let value_since = value.since.unwrap_or(BASE).max(since);
                        let entry = self
                            .values
                            .entry((values.rust_type, value.variant))
                            .or_insert(value_since);
                        *entry = (*entry).min(value_since);
                    }
                }
                _ => {}
            }
        }
    }
}

/// The `Type::member` names of a `used_by` cell: `Check::level, period; HttpCheck::url`.
fn members(used_by: &str) -> Vec<(String, String)> {
    let mut current = String::new();
    used_by
        .split(';')
        .flat_map(|group| group.split(','))
        .map(|item| {
            let item = item.trim();
            let member = match item.split_once("::") {
                Some((ty, member)) => {
                    current = ty.to_owned();
                    member
                }
                None => item,
            };
            (current.clone(), member.to_owned())
        })
        .collect()
}

/// The Rust field name as the schema writes it (`r#type`).
fn rust_name(spec: &ObjectSpec, member: &str) -> Option<&'static str> {
    spec.fields
        .iter()
        .map(|field| field.rust_name)
        .find(|name| name.trim_start_matches("r#") == member)
}

#[test]
fn layer_rows_are_the_schema_versions() {
    let schema = Schema::new();
    let mut documented_fields = BTreeMap::new();
    let mut documented_values = BTreeMap::new();
    for row in rows().into_iter().filter(|row| row.kind == "layer") {
        for (ty, member) in members(&row.used_by) {
            let (since, documented) = if let Some(spec) = schema.objects.get(ty.as_str()) {
                let name = rust_name(spec, &member)
                    .unwrap_or_else(|| panic!("{}: no field {ty}::{member}", row.feature));
                (
                    schema.fields[&(spec.rust_type, name)],
                    &mut documented_fields,
                )
            } else if let Some(spec) = schema.enums.get(ty.as_str()) {
                let key = (spec.rust_type, member.as_str());
                let since = *schema
                    .values
                    .iter()
                    .find(|(k, _)| **k == key)
                    .unwrap_or_else(|| panic!("{}: no value {ty}::{member}", row.feature))
                    .1;
                (since, &mut documented_values)
            } else {
                panic!("{}: {ty} is not a layer type", row.feature)
            };
            assert_eq!(
                since, row.pebble,
                "{}: {ty}::{member} is in Pebble {since} per the schema, {} per the table",
                row.feature, row.pebble
            );
            let previous = documented.insert(format!("{ty}::{member}"), row.feature.clone());
            assert!(previous.is_none(), "{ty}::{member} is in two rows");
        }
    }
    // Every field of a layer is in the table, and so is every value a newer Pebble added.
    for (ty, name) in schema.fields.keys() {
        let key = format!("{ty}::{}", name.trim_start_matches("r#"));
        assert!(
            documented_fields.contains_key(&key),
            "{key} is not in the table"
        );
    }
    for ((ty, variant), since) in &schema.values {
        let key = format!("{ty}::{variant}");
        if *since > BASE {
            assert!(
                documented_values.contains_key(&key),
                "{key} is not in the table"
            );
        }
    }
}
