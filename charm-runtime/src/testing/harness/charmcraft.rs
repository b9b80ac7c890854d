//! What the charm's `charmcraft.yaml` declares, as the harness uses it: the defaults Juju
//! applies to config and action parameters, and the names a test may use.

use std::collections::BTreeMap;

use charm_spec::charmcraft::{Charmcraft, Section};
use charm_spec::yaml::Node;
use serde_json::{Map, Value};

use super::{Error, State, TestEvent};
use crate::testing::MemoryRelation;

/// A parsed `charmcraft.yaml`, with the defaults it declares as the hook tools answer them.
#[derive(Debug, Clone)]
pub(super) struct Declared {
    charm: Charmcraft,
    /// Config options with a default.
    config: Map<String, Value>,
    /// Action parameters with a default, by action.
    actions: BTreeMap<String, Map<String, Value>>,
}

impl Declared {
    /// Reads `charmcraft_yaml`.
    pub(super) fn read(charmcraft_yaml: &str) -> Result<Self, Error> {
        let charm = Charmcraft::parse(charmcraft_yaml).map_err(|e| Error::Metadata {
            source: Box::new(e),
        })?;
        let options = charm.config.entries.iter();
        let config = values(options.map(|o| (&o.name, o.value.default.as_ref())))?;
        let mut actions = BTreeMap::new();
        for action in &charm.actions.entries {
            let params = action.value.params.entries.iter();
            let params = values(params.map(|p| (&p.name, p.value.default.as_ref())))?;
            actions.insert(action.name.clone(), params);
        }
        Ok(Self {
            charm,
            config,
            actions,
        })
    }

    /// Fills `values` with the default of every config option it does not set.
    pub(super) fn apply_config(&self, values: &mut Map<String, Value>) {
        apply(&self.config, values);
    }

    /// Fills `values` with the default of every parameter of `action` it does not set.
    pub(super) fn apply_params(&self, action: &str, values: &mut Map<String, Value>) {
        if let Some(defaults) = self.actions.get(action) {
            apply(defaults, values);
        }
    }

    /// Checks that `state` uses only declared config options (with values of their type),
    /// relation endpoints, containers and storage; gives peer relations this application
    /// (`app`) as their remote application.
    pub(super) fn check_state(&self, state: &mut State, app: &str) -> Result<(), Error> {
        for (name, value) in &state.juju.config {
            let option = known(&self.charm.config, "config option", name)?;
            if !fits(&option.value.kind, value) {
                return Err(Error::ConfigType {
                    name: name.clone(),
                    kind: option.value.kind.clone(),
                    value: value.to_string(),
                });
            }
        }
        for (id, relation) in &mut state.juju.relations {
            self.check_relation(*id, relation, app)?;
        }
        for container in &state.containers {
            known(&self.charm.containers, "container", container.name())?;
        }
        for instance in state.juju.storage.keys() {
            let name = instance.split('/').next().unwrap_or(instance);
            known(&self.charm.storage, "storage", name)?;
        }
        Ok(())
    }

    fn check_relation(
        &self,
        id: u64,
        relation: &mut MemoryRelation,
        app: &str,
    ) -> Result<(), Error> {
        let endpoint = &relation.endpoint;
        if self.charm.peers.get(endpoint).is_some() {
            if relation.remote_app.is_empty() {
                app.clone_into(&mut relation.remote_app);
            } else if relation.remote_app != app {
                return Err(Error::PeerRemoteApp {
                    id,
                    endpoint: endpoint.clone(),
                    remote_app: relation.remote_app.clone(),
                    app: app.to_owned(),
                });
            }
            return Ok(());
        }
        if self.charm.requires.get(endpoint).is_none()
            && self.charm.provides.get(endpoint).is_none()
        {
            return Err(Error::Undeclared {
                what: "relation endpoint",
                name: endpoint.clone(),
                declared: names(self.charm.endpoints()),
            });
        }
        Ok(())
    }

    /// Checks that `event` is about a declared container, endpoint, storage or action.
    pub(super) fn check_event(&self, event: &TestEvent) -> Result<(), Error> {
        if let Some(action) = event.path.strip_prefix("actions/") {
            known(&self.charm.actions, "action", action)?;
        }
        if let Some(container) = event.vars.get("JUJU_WORKLOAD_NAME") {
            known(&self.charm.containers, "container", container)?;
        }
        if let Some(endpoint) = event.vars.get("JUJU_RELATION")
            && self.charm.relation(endpoint).is_none()
        {
            return Err(Error::Undeclared {
                what: "relation endpoint",
                name: endpoint.clone(),
                declared: names(self.charm.endpoints()),
            });
        }
        if let Some(storage) = event.vars.get("JUJU_STORAGE_ID") {
            let name = storage.split('/').next().unwrap_or(storage);
            known(&self.charm.storage, "storage", name)?;
        }
        Ok(())
    }
}

/// The entry `name` of `section`, or [`Error::Undeclared`].
fn known<'a, T>(
    section: &'a Section<T>,
    what: &'static str,
    name: &str,
) -> Result<&'a charm_spec::charmcraft::Entry<T>, Error> {
    section.get(name).ok_or_else(|| Error::Undeclared {
        what,
        name: name.to_owned(),
        declared: names(section.names()),
    })
}

/// `a, b, c`, or `none`.
fn names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let list: Vec<&str> = names.collect();
    if list.is_empty() {
        "none".to_owned()
    } else {
        list.join(", ")
    }
}

/// Whether `value` is a value of config type `kind` (types the harness does not know pass).
fn fits(kind: &str, value: &Value) -> bool {
    match kind {
        "string" | "secret" => value.is_string(),
        "int" => value.is_i64() || value.is_u64(),
        "float" => value.is_number(),
        "boolean" => value.is_boolean(),
        _ => true,
    }
}

/// The defaults that are set, as the JSON values the hook tools answer.
fn values<'a>(
    defaults: impl Iterator<Item = (&'a String, Option<&'a Node>)>,
) -> Result<Map<String, Value>, Error> {
    let mut values = Map::new();
    for (name, default) in defaults {
        if let Some(default) = default {
            let value = serde_json::to_value(default).map_err(|e| Error::Metadata {
                source: format!("the default of {name:?}: {e}").into(),
            })?;
            values.insert(name.clone(), value);
        }
    }
    Ok(values)
}

/// Fills `values` with the default of every option it does not set.
fn apply(defaults: &Map<String, Value>, values: &mut Map<String, Value>) {
    for (name, default) in defaults {
        values
            .entry(name.clone())
            .or_insert_with(|| default.clone());
    }
}
