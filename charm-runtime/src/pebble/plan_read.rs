//! Reading the plan Pebble sends, leniently.
//!
//! The layer types are strict, as Pebble is with the layers a charm writes: an unknown field
//! is an error. The plan is what Pebble *sends*, and a newer Pebble may add fields, sections
//! or values that this crate does not know; reading it must not fail for that. So the plan's
//! YAML is first read as a tree, the keys that the layer tables ([`ObjectSpec`]) do not list
//! are dropped at every level, and only then is the tree decoded into the strict types.
//! Unknown values are kept by the enums that have a catch-all variant (`Startup`,
//! `ServiceAction`, `LogTargetType`); an unknown value of the two that have none
//! (`override`, a check's `level`) reads as the default.

use charm_spec::layer::{Kind, ObjectSpec, Override, Plan};
use serde_json::Value;

use super::{Error, Result};

/// Enumerations without a catch-all variant: an unknown value cannot be kept.
const CLOSED_ENUMS: [&str; 2] = ["Override", "CheckLevel"];

/// Decodes the YAML of `GET /v1/plan`, ignoring what the layer tables do not know.
pub(crate) fn decode_plan(yaml: &str) -> Result<Plan> {
    let mut tree: Value = crate::yaml::from_str::<Option<Value>>(yaml)
        .map_err(|e| Error::protocol_with("cannot parse the plan", e))?
        .unwrap_or(Value::Null);
    if tree.is_null() {
        return Ok(Plan::default());
    }
    prune(&mut tree, &Plan::SPEC);
    serde_json::from_value(tree).map_err(|e| Error::protocol_with("cannot decode the plan", e))
}

/// Drops from the object `value` every key `spec` does not list, recursively.
fn prune(value: &mut Value, spec: &ObjectSpec) {
    let Value::Object(map) = value else {
        return;
    };
    map.retain(|key, value| match spec.field(key) {
        None => {
            tracing::debug!(
                key,
                object = spec.what,
                "ignoring a plan field this client does not know"
            );
            false
        }
        Some(field) => match field.kind {
            Kind::Section(entry) => {
                if let Value::Object(entries) = value {
                    entries.values_mut().for_each(|e| prune(e, entry));
                }
                true
            }
            Kind::Probe(probe) => {
                prune(value, probe);
                true
            }
            Kind::Enum(values) if CLOSED_ENUMS.contains(&values.rust_type) => {
                let known = value
                    .as_str()
                    .is_some_and(|v| values.values.iter().any(|known| known.yaml == v));
                if known {
                    return true;
                }
                tracing::debug!(key, %value, "ignoring a plan value this client does not know");
                if field.is_optional() {
                    false
                } else {
                    // `override`, which every entry has: read as its default.
                    *value = Value::String(Override::default().as_str().to_owned());
                    true
                }
            }
            _ => true,
        },
    });
}

#[cfg(test)]
mod tests {
    use charm_spec::layer::{ServiceAction, Startup};

    use super::*;

    #[test]
    fn unknown_fields_sections_and_values_are_ignored_at_every_level() {
        let plan = decode_plan(
            "services:\n  web:\n    override: replace\n    command: /bin/web\n    startup: sometimes\n    \
             on-failure: teleport\n    colour: red\n    nested-future: {a: [1, 2]}\n\
             checks:\n  up:\n    override: future-mode\n    level: critical\n    threshold: 3\n    \
             http:\n      url: http://localhost/\n      method: HEAD\n    future: 1\n\
             log-targets:\n  loki:\n    override: replace\n    type: kafka\n    location: x\n    retries: 2\n\
             workloads:\n  w: {user: x}\n\
             future-section:\n  x: {y: z}\n",
        )
        .unwrap();
        let web = &plan.services["web"];
        assert_eq!(web.command, "/bin/web");
        assert_eq!(web.startup, Some(Startup::Other("sometimes".into())));
        assert_eq!(
            web.on_failure,
            Some(ServiceAction::Other("teleport".into()))
        );
        let up = &plan.checks["up"];
        assert_eq!(up.level, None);
        assert_eq!(up.threshold, Some(3));
        assert_eq!(up.http.as_ref().unwrap().url, "http://localhost/");
        assert_eq!(plan.log_targets["loki"].location, "x");
    }

    #[test]
    fn an_empty_plan_is_empty() {
        assert_eq!(decode_plan("{}\n").unwrap(), Plan::default());
        assert_eq!(decode_plan("").unwrap(), Plan::default());
    }

    #[test]
    fn a_known_field_of_the_wrong_shape_is_still_an_error() {
        let err =
            decode_plan("services:\n  web:\n    override: replace\n    after: 7\n").unwrap_err();
        assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
    }
}
