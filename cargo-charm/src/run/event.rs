//! The events of `cargo charm run`: their syntax, checked against `charmcraft.yaml`, and
//! what each changes in the unit's state before the charm runs.
//!
//! An event is one word, `KIND[:ARGS]`, followed by any number of `KEY=VALUE` words that
//! belong to it (see [`SYNTAX`], which `--help` prints). The environment Juju sets for
//! each kind comes from the runtime's test harness ([`TestEvent`]), the one place that
//! knows it.

use std::collections::BTreeMap;
use std::path::Path;

use charm_runtime::testing::MemoryRelation;
use charm_runtime::testing::harness::TestEvent;
use charm_spec::charmcraft::{Charmcraft, Section};
use serde_json::{Map, Value};

use super::state::{RunState, StorageRecord};

/// The syntax, as `cargo charm run --help` shows it.
pub const SYNTAX: &str = "\
EVENTS (each may be followed by KEY=VALUE words that belong to it):
  install, start, stop, remove, upgrade-charm, update-status, leader-elected,
  leader-settings-changed
  config-changed [OPTION=VALUE...]           sets config options first
  action:NAME [PARAM=VALUE...]               runs an action with parameters
  pebble-ready[:CONTAINER]                   CONTAINER may be left out when there is one
  custom-notice[:CONTAINER]:KEY [K=V...]     records the notice in Pebble first
  check-failed[:CONTAINER]:CHECK, check-recovered[:CONTAINER]:CHECK
  relation-created:ENDPOINT[/REMOTE-APP]     REMOTE-APP defaults to `remote`
  relation-joined:ENDPOINT[/REMOTE-APP[/N]] [K=V...]
  relation-changed:ENDPOINT[/REMOTE-APP[/N]] [K=V...]   K=V: the remote unit's data
  relation-departed:ENDPOINT[/REMOTE-APP[/N]], relation-broken:ENDPOINT[/REMOTE-APP]
  storage-attached:NAME[/N], storage-detaching:NAME[/N]
  secret-changed:ID, secret-rotate:ID, secret-expired:ID [revision=N],
  secret-remove:ID [revision=N]            ID: a secret's URI or label

Values are read as the option's or parameter's declared type (`compress=true` is a
boolean for a boolean parameter).

EXAMPLES:
  cargo charm run install pebble-ready config-changed timeout=30
  cargo charm run -p db-backup pebble-ready:db action:backup path=/tmp/db.tar compress=true
  cargo charm run relation-joined:db/postgresql/0 custom-notice:db:example.com/db/backup-done path=/x";

/// Events that cannot be run, each with what was declared.
#[derive(Debug, thiserror::Error)]
#[error("{}", problems.join("\n"))]
pub struct Error {
    /// One line per mistake.
    pub problems: Vec<String>,
}

/// What an event is about.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A hook with no arguments: `install`, `config-changed`, `leader-elected`, ...
    Simple(&'static str),
    /// `<container>-pebble-ready`.
    PebbleReady(String),
    /// `<container>-pebble-custom-notice` for a key.
    Notice {
        /// The container.
        container: String,
        /// The notice's key.
        key: String,
    },
    /// `<container>-pebble-check-failed` or `-recovered`.
    Check {
        /// The container.
        container: String,
        /// The check.
        check: String,
        /// Failed (or recovered).
        failed: bool,
    },
    /// `<endpoint>-relation-<what>`.
    Relation {
        /// `created`, `joined`, `changed`, `departed` or `broken`.
        what: &'static str,
        /// The local endpoint.
        endpoint: String,
        /// The remote application.
        remote_app: String,
        /// The remote unit's number.
        unit: u64,
    },
    /// `<name>-storage-attached` or `-detaching`.
    Storage {
        /// `attached` or `detaching`.
        what: &'static str,
        /// The storage's name.
        name: String,
        /// The instance.
        index: u64,
    },
    /// `secret-<what>`.
    Secret {
        /// `changed`, `rotate`, `expired` or `remove`.
        what: &'static str,
        /// The URI or label.
        id: String,
    },
    /// An action.
    Action(String),
}

/// One event to run, with its `KEY=VALUE` words typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// As the user wrote it (for the report).
    pub text: String,
    /// What it is.
    pub kind: Kind,
    /// Its values: config options, action parameters, notice or relation data.
    pub values: Map<String, Value>,
}

const SIMPLE: &[&str] = &[
    "install",
    "start",
    "stop",
    "remove",
    "upgrade-charm",
    "update-status",
    "config-changed",
    "leader-elected",
    "leader-settings-changed",
];

const KINDS: &str = "install, start, stop, remove, upgrade-charm, update-status, config-changed, \
leader-elected, leader-settings-changed, action:NAME, pebble-ready, custom-notice, check-failed, \
check-recovered, relation-created|joined|changed|departed|broken, storage-attached|detaching, \
secret-changed|rotate|expired|remove";

/// A `KEY=VALUE` word, split.
type KeyValue = (String, String);

/// Parses and checks `words` against the charm's `charmcraft.yaml`: every mistake at once.
pub fn parse(words: &[String], charm: &Charmcraft) -> Result<Vec<Event>, Error> {
    let mut problems = Vec::new();
    // Each event word with the KEY=VALUE words after it; `None` for a word that is no event,
    // so that its values are neither checked nor given to the event before it.
    let mut parsed: Vec<(Option<Event>, Vec<KeyValue>)> = Vec::new();
    for word in words {
        if let Some((key, value)) = key_value(word) {
            match parsed.last_mut() {
                Some((_, values)) => values.push((key.to_owned(), value.to_owned())),
                None => problems.push(format!(
                    "{word:?} comes before any event: KEY=VALUE words follow the event they belong to"
                )),
            }
            continue;
        }
        let event = kind(word, charm)
            .map_err(|problem| problems.push(format!("{word:?}: {problem}")))
            .ok()
            .map(|kind| Event {
                text: word.clone(),
                kind,
                values: Map::new(),
            });
        parsed.push((event, Vec::new()));
    }
    let mut events = Vec::new();
    for (event, values) in parsed {
        let Some(mut event) = event else { continue };
        for (key, value) in values {
            match typed(&event.kind, &key, &value, charm) {
                Ok(value) => {
                    event.values.insert(key, value);
                }
                Err(problem) => problems.push(format!("{}: {problem}", event.text)),
            }
        }
        if let Kind::Action(name) = &event.kind
            && let Some(action) = charm.actions.get(name)
        {
            for param in &action.value.params.entries {
                if param.value.required && !event.values.contains_key(&param.name) {
                    problems.push(format!(
                        "{}: action {name} needs parameter {} (charmcraft.yaml:{}); add {}=VALUE",
                        event.text, param.name, param.line, param.name
                    ));
                }
            }
        }
        events.push(event);
    }
    if words.is_empty() {
        problems.push(format!("no event to run; events: {KINDS}"));
    }
    if problems.is_empty() {
        Ok(events)
    } else {
        Err(Error { problems })
    }
}

/// `KEY=VALUE` where KEY looks like a name (an event word has no `=` before a `:`).
fn key_value(word: &str) -> Option<(&str, &str)> {
    let (key, value) = word.split_once('=')?;
    let name = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    name.then_some((key, value))
}

fn declared<T>(section: &Section<T>) -> String {
    let names: Vec<&str> = section.names().collect();
    if names.is_empty() {
        format!("charmcraft.yaml declares no {}", section.key)
    } else if section.line > 0 {
        format!(
            "declared in charmcraft.yaml:{}: {}",
            section.line,
            names.join(", ")
        )
    } else {
        format!("declared: {}", names.join(", "))
    }
}

fn container(name: Option<&str>, charm: &Charmcraft) -> Result<String, String> {
    let containers = &charm.containers;
    match name {
        Some(name) if containers.get(name).is_some() => Ok(name.to_owned()),
        Some(name) => Err(format!("no container {name:?} ({})", declared(containers))),
        None => match containers.entries.as_slice() {
            [only] => Ok(only.name.clone()),
            _ => Err(format!(
                "name the container, such as `:NAME` ({})",
                declared(containers)
            )),
        },
    }
}

/// `[CONTAINER:]REST`: the container is the part before the first `:` when it is declared.
fn container_and(
    rest: Option<&str>,
    what: &str,
    charm: &Charmcraft,
) -> Result<(String, String), String> {
    let rest = rest
        .filter(|r| !r.is_empty())
        .ok_or_else(|| format!("needs :{what}"))?;
    match rest.split_once(':') {
        Some((name, value))
            if charm.containers.get(name).is_some() || charm.containers.entries.len() != 1 =>
        {
            Ok((container(Some(name), charm)?, value.to_owned()))
        }
        _ => Ok((container(None, charm)?, rest.to_owned())),
    }
}

fn kind(word: &str, charm: &Charmcraft) -> Result<Kind, String> {
    let (head, rest) = match word.split_once(':') {
        Some((head, rest)) => (head, Some(rest)),
        None => (word, None),
    };
    if let Some(simple) = SIMPLE.iter().find(|s| **s == head) {
        return match rest {
            None => Ok(Kind::Simple(simple)),
            Some(_) => Err(format!("{head} takes no `:` argument")),
        };
    }
    match head {
        "action" => {
            let name = rest.filter(|r| !r.is_empty()).ok_or("needs :NAME")?;
            if charm.actions.get(name).is_none() {
                return Err(format!("no action {name:?} ({})", declared(&charm.actions)));
            }
            Ok(Kind::Action(name.to_owned()))
        }
        "pebble-ready" => Ok(Kind::PebbleReady(container(rest, charm)?)),
        "custom-notice" | "pebble-custom-notice" => {
            let (container, key) = container_and(rest, "KEY", charm)?;
            Ok(Kind::Notice { container, key })
        }
        "check-failed" | "check-recovered" | "pebble-check-failed" | "pebble-check-recovered" => {
            let (container, check) = container_and(rest, "CHECK", charm)?;
            let failed = head.ends_with("failed");
            Ok(Kind::Check {
                container,
                check,
                failed,
            })
        }
        _ => {
            if let Some(what) = head.strip_prefix("relation-") {
                return relation(what, rest, charm);
            }
            if let Some(what) = head.strip_prefix("storage-") {
                return storage(what, rest, charm);
            }
            if let Some(what) = head.strip_prefix("secret-") {
                let what = ["changed", "rotate", "expired", "remove"]
                    .into_iter()
                    .find(|w| *w == what)
                    .ok_or_else(|| format!("unknown event; events: {KINDS}"))?;
                let id = rest
                    .filter(|r| !r.is_empty())
                    .ok_or("needs :ID (a secret URI or label)")?;
                return Ok(Kind::Secret {
                    what,
                    id: id.to_owned(),
                });
            }
            Err(format!("unknown event; events: {KINDS}"))
        }
    }
}

fn relation(what: &str, rest: Option<&str>, charm: &Charmcraft) -> Result<Kind, String> {
    let what = ["created", "joined", "changed", "departed", "broken"]
        .into_iter()
        .find(|w| *w == what)
        .ok_or_else(|| format!("unknown event; events: {KINDS}"))?;
    let rest = rest.filter(|r| !r.is_empty()).ok_or("needs :ENDPOINT")?;
    let mut parts = rest.split('/');
    let endpoint = parts.next().unwrap_or_default();
    if charm.relation(endpoint).is_none() {
        let names: Vec<&str> = charm.endpoints().collect();
        let declared = if names.is_empty() {
            "charmcraft.yaml declares no requires, provides or peers".to_owned()
        } else {
            format!("declared: {}", names.join(", "))
        };
        return Err(format!("no relation endpoint {endpoint:?} ({declared})"));
    }
    let remote_app = parts.next().filter(|a| !a.is_empty()).unwrap_or("remote");
    let unit = match parts.next() {
        None => 0,
        Some(n) => n
            .parse()
            .map_err(|_| format!("{n:?} is not a unit number (ENDPOINT/REMOTE-APP/N)"))?,
    };
    if parts.next().is_some() {
        return Err("expected ENDPOINT[/REMOTE-APP[/N]]".to_owned());
    }
    Ok(Kind::Relation {
        what,
        endpoint: endpoint.to_owned(),
        remote_app: remote_app.to_owned(),
        unit,
    })
}

fn storage(what: &str, rest: Option<&str>, charm: &Charmcraft) -> Result<Kind, String> {
    let what = ["attached", "detaching"]
        .into_iter()
        .find(|w| *w == what)
        .ok_or_else(|| format!("unknown event; events: {KINDS}"))?;
    let rest = rest.filter(|r| !r.is_empty()).ok_or("needs :NAME")?;
    let (name, index) = match rest.split_once('/') {
        Some((name, n)) => (
            name,
            n.parse()
                .map_err(|_| format!("{n:?} is not an instance number (NAME/N)"))?,
        ),
        None => (rest, 0),
    };
    if charm.storage.get(name).is_none() {
        return Err(format!(
            "no storage {name:?} ({})",
            declared(&charm.storage)
        ));
    }
    Ok(Kind::Storage {
        what,
        name: name.to_owned(),
        index,
    })
}

/// The value of `key` for `kind`, read as its declared type.
fn typed(kind: &Kind, key: &str, raw: &str, charm: &Charmcraft) -> Result<Value, String> {
    match kind {
        Kind::Simple("config-changed") => {
            let option = charm
                .config
                .get(key)
                .ok_or_else(|| format!("no config option {key:?} ({})", declared(&charm.config)))?;
            config_value(&option.value.kind, raw)
                .map_err(|e| format!("option {key} (charmcraft.yaml:{}): {e}", option.line))
        }
        Kind::Action(name) => {
            let Some(action) = charm.actions.get(name) else {
                return Ok(Value::String(raw.to_owned()));
            };
            match action.value.params.get(key) {
                Some(param) => param_value(param.value.kind.as_deref(), raw)
                    .map_err(|e| format!("parameter {key} (charmcraft.yaml:{}): {e}", param.line)),
                None if action.value.additional_properties => Ok(Value::String(raw.to_owned())),
                None => Err(format!(
                    "action {name} has no parameter {key:?} ({})",
                    declared(&action.value.params)
                )),
            }
        }
        Kind::Notice { .. } | Kind::Relation { .. } => Ok(Value::String(raw.to_owned())),
        Kind::Secret { what, .. } if key == "revision" && matches!(*what, "expired" | "remove") => {
            raw.parse::<u64>()
                .map(Value::from)
                .map_err(|_| format!("revision {raw:?} is not a number"))
        }
        _ => Err(format!("takes no {key}=VALUE")),
    }
}

/// A config value of Juju type `kind` (`string`, `int`, `float`, `boolean`, `secret`).
pub fn config_value(kind: &str, raw: &str) -> Result<Value, String> {
    match kind {
        "int" => raw
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| format!("{raw:?} is not an int")),
        "float" => raw
            .parse::<f64>()
            .map(Value::from)
            .map_err(|_| format!("{raw:?} is not a float")),
        "boolean" => raw
            .parse::<bool>()
            .map(Value::from)
            .map_err(|_| format!("{raw:?} is not a boolean (true or false)")),
        _ => Ok(Value::String(raw.to_owned())),
    }
}

/// An action parameter of JSON-schema type `kind`.
fn param_value(kind: Option<&str>, raw: &str) -> Result<Value, String> {
    match kind {
        Some("integer") => raw
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| format!("{raw:?} is not an integer")),
        Some("number") => raw
            .parse::<f64>()
            .map(Value::from)
            .map_err(|_| format!("{raw:?} is not a number")),
        Some("boolean") => raw
            .parse::<bool>()
            .map(Value::from)
            .map_err(|_| format!("{raw:?} is not a boolean (true or false)")),
        Some(kind @ ("array" | "object")) => {
            serde_json::from_str(raw).map_err(|e| format!("{raw:?} is not a JSON {kind}: {e}"))
        }
        _ => Ok(Value::String(raw.to_owned())),
    }
}

impl Event {
    /// Applies what Juju knows before the charm runs (config, leadership, the remote side
    /// of relations, storage, action parameters) and returns the event's environment.
    /// `storage_dir` is where storage instances are made.
    pub fn prepare(
        &self,
        state: &mut RunState,
        charm: &Charmcraft,
        storage_dir: &Path,
    ) -> Result<TestEvent, String> {
        state.event = super::state::EventRecord::default();
        state.events += 1;
        let event = match &self.kind {
            Kind::Simple(name) => {
                match *name {
                    "config-changed" => state.config.extend(self.values.clone()),
                    "leader-elected" => state.leader = true,
                    _ => {}
                }
                TestEvent::hook(name)
            }
            Kind::PebbleReady(container) => TestEvent::pebble_ready(container),
            Kind::Notice { container, key } => TestEvent::pebble_custom_notice(container, key),
            Kind::Check {
                container,
                check,
                failed: true,
            } => TestEvent::pebble_check_failed(container, check),
            Kind::Check {
                container, check, ..
            } => TestEvent::pebble_check_recovered(container, check),
            Kind::Relation {
                what,
                endpoint,
                remote_app,
                unit,
            } => relation_event(state, what, endpoint, remote_app, *unit, &self.values),
            Kind::Storage { what, name, index } => {
                let id = format!("{name}/{index}");
                let location = storage_dir.join(name).join(index.to_string());
                std::fs::create_dir_all(&location)
                    .map_err(|e| format!("cannot create {}: {e}", location.display()))?;
                let kind = charm
                    .storage
                    .get(name)
                    .map_or("filesystem", |s| s.value.kind.as_str());
                state.storage.insert(
                    id,
                    StorageRecord {
                        kind: kind.to_owned(),
                        location: location.clone(),
                    },
                );
                let location = location.display().to_string();
                if *what == "attached" {
                    TestEvent::storage_attached(name, *index, &location)
                } else {
                    TestEvent::storage_detaching(name, *index, &location)
                }
                .env("JUJU_STORAGE_KIND", kind)
            }
            Kind::Secret { what, id } => {
                let (uri, revision) = state
                    .secrets
                    .iter()
                    .find(|(uri, s)| *uri == id || s.label.as_deref() == Some(id))
                    .map_or((id.clone(), 1), |(uri, s)| (uri.clone(), s.revision));
                let revision = self
                    .values
                    .get("revision")
                    .and_then(Value::as_u64)
                    .unwrap_or(revision);
                let label = state.secrets.get(&uri).and_then(|s| s.label.clone());
                let event = match *what {
                    "changed" => TestEvent::secret_changed(&uri),
                    "rotate" => TestEvent::secret_rotate(&uri),
                    "expired" => TestEvent::secret_expired(&uri, revision),
                    _ => TestEvent::secret_remove(&uri, revision),
                };
                match label {
                    Some(label) => event.env("JUJU_SECRET_LABEL", label),
                    None => event,
                }
            }
            Kind::Action(name) => {
                let mut params = self.values.clone();
                if let Some(action) = charm.actions.get(name) {
                    for param in &action.value.params.entries {
                        if let Some(default) = &param.value.default
                            && !params.contains_key(&param.name)
                        {
                            let default = serde_json::to_value(default).map_err(|e| {
                                format!("the default of parameter {}: {e}", param.name)
                            })?;
                            params.insert(param.name.clone(), default);
                        }
                    }
                }
                state.event.action_params = params;
                let id = state.events.to_string();
                TestEvent::action(name)
                    .env("JUJU_ACTION_UUID", id.clone())
                    .env("JUJU_ACTION_TAG", format!("action-{id}"))
            }
        };
        Ok(event)
    }

    /// What Juju does after the hook: a broken relation goes away.
    pub fn finish(&self, state: &mut RunState) {
        if let Kind::Relation {
            what: "broken",
            endpoint,
            remote_app,
            ..
        } = &self.kind
        {
            state
                .relations
                .retain(|_, r| !(r.endpoint == *endpoint && r.remote_app == *remote_app));
        }
    }
}

fn relation_event(
    state: &mut RunState,
    what: &str,
    endpoint: &str,
    remote_app: &str,
    unit: u64,
    values: &Map<String, Value>,
) -> TestEvent {
    let found = state
        .relations
        .iter()
        .find(|(_, r)| r.endpoint == endpoint && r.remote_app == remote_app)
        .map(|(id, _)| *id);
    let id = found.unwrap_or_else(|| state.relations.keys().max().map_or(0, |max| max + 1));
    let relation = state.relations.entry(id).or_insert_with(|| MemoryRelation {
        endpoint: endpoint.to_owned(),
        remote_app: remote_app.to_owned(),
        ..MemoryRelation::default()
    });
    let remote_unit = format!("{remote_app}/{unit}");
    match what {
        "joined" | "changed" if !relation.units.contains(&remote_unit) => {
            relation.units.push(remote_unit.clone());
        }
        "departed" => relation.units.retain(|u| *u != remote_unit),
        _ => {}
    }
    if !values.is_empty() {
        let bag = relation.data.entry(remote_unit.clone()).or_default();
        let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
        bag.extend(values.iter().map(|(k, v)| (k.clone(), text(v))));
    }
    match what {
        "created" => TestEvent::relation_created(endpoint, id, remote_app),
        "joined" => TestEvent::relation_joined(endpoint, id, &remote_unit),
        "changed" => TestEvent::relation_changed(endpoint, id, &remote_unit),
        "departed" => TestEvent::relation_departed(endpoint, id, &remote_unit),
        _ => TestEvent::relation_broken(endpoint, id, remote_app),
    }
}

/// The config `config-get` answers before any override: each option's default.
pub fn config_defaults(charm: &Charmcraft) -> Result<Map<String, Value>, String> {
    let mut config = Map::new();
    for option in &charm.config.entries {
        if let Some(default) = &option.value.default {
            let value = serde_json::to_value(default)
                .map_err(|e| format!("the default of option {}: {e}", option.name))?;
            config.insert(option.name.clone(), value);
        }
    }
    Ok(config)
}

/// Reads `--config KEY=VALUE` overrides (and the mapping of `--config-file`) as the options'
/// declared types.
pub fn config_overrides(
    pairs: &[String],
    file: Option<&BTreeMap<String, Value>>,
    charm: &Charmcraft,
) -> Result<Map<String, Value>, Error> {
    let mut problems = Vec::new();
    let mut config = Map::new();
    let mut given: Vec<(&str, Result<Value, String>)> = Vec::new();
    for (key, value) in file.into_iter().flatten() {
        let kind = charm.config.get(key).map(|o| o.value.kind.as_str());
        let value = match (value, kind) {
            (Value::String(s), Some(kind)) => config_value(kind, s),
            (other, _) => Ok(other.clone()),
        };
        given.push((key, value));
    }
    for pair in pairs {
        match pair.split_once('=') {
            Some((key, raw)) => {
                let kind = charm
                    .config
                    .get(key)
                    .map_or("string", |o| o.value.kind.as_str());
                given.push((key, config_value(kind, raw)));
            }
            None => problems.push(format!("--config {pair:?}: expected KEY=VALUE")),
        }
    }
    for (key, value) in given {
        match (charm.config.get(key), value) {
            (None, _) => problems.push(format!(
                "--config {key}: no such option ({})",
                declared(&charm.config)
            )),
            (Some(_), Err(e)) => problems.push(format!("--config {key}: {e}")),
            (Some(_), Ok(value)) => {
                config.insert(key.to_owned(), value);
            }
        }
    }
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(Error { problems })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "name: db\ncontainers:\n  db: {resource: img}\nconfig:\n  options:\n    port: {type: int, default: 5432}\n    mode: {type: string}\nactions:\n  backup:\n    params:\n      path: {type: string}\n      compress: {type: boolean, default: false}\n    required: [path]\n    additionalProperties: false\nrequires:\n  store: {interface: s3}\nstorage:\n  data: {type: filesystem}\n";

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    fn parse_ok(text: &str) -> Vec<Event> {
        let charm = Charmcraft::parse(YAML).unwrap();
        parse(&words(text), &charm).unwrap()
    }

    fn problems(text: &str) -> String {
        let charm = Charmcraft::parse(YAML).unwrap();
        parse(&words(text), &charm).unwrap_err().to_string()
    }

    #[test]
    fn events_take_their_key_value_words_typed() {
        let events = parse_ok(
            "install pebble-ready config-changed port=6000 action:backup path=/x compress=true",
        );
        assert_eq!(events.len(), 4);
        assert_eq!(events[1].kind, Kind::PebbleReady("db".into()));
        assert_eq!(events[2].values["port"], 6000);
        assert_eq!(events[3].kind, Kind::Action("backup".into()));
        assert_eq!(events[3].values["compress"], true);
    }

    #[test]
    fn pebble_events_name_the_container_or_use_the_only_one() {
        let events = parse_ok(
            "custom-notice:db:example.com/a check-failed:ready custom-notice:example.com/b",
        );
        assert_eq!(
            events[0].kind,
            Kind::Notice {
                container: "db".into(),
                key: "example.com/a".into()
            }
        );
        assert_eq!(
            events[1].kind,
            Kind::Check {
                container: "db".into(),
                check: "ready".into(),
                failed: true
            }
        );
        assert!(matches!(&events[2].kind, Kind::Notice { key, .. } if key == "example.com/b"));
    }

    #[test]
    fn relation_events_default_the_remote_side() {
        let events = parse_ok("relation-joined:store/minio/2 relation-created:store");
        assert_eq!(
            events[0].kind,
            Kind::Relation {
                what: "joined",
                endpoint: "store".into(),
                remote_app: "minio".into(),
                unit: 2
            }
        );
        assert!(
            matches!(&events[1].kind, Kind::Relation { remote_app, unit: 0, .. } if remote_app == "remote")
        );
    }

    #[test]
    fn mistakes_name_what_is_declared_all_at_once() {
        let text = problems(
            "instal pebble-ready:web action:restore config-changed colour=red port=x relation-joined:db action:backup",
        );
        assert!(
            text.contains("\"instal\": unknown event; events: install"),
            "{text}"
        );
        assert!(
            text.contains("no container \"web\" (declared in charmcraft.yaml:2: db)"),
            "{text}"
        );
        assert!(text.contains("no action \"restore\""), "{text}");
        assert!(text.contains("backup"), "{text}");
        assert!(text.contains("no config option \"colour\""), "{text}");
        assert!(text.contains("port, mode"), "{text}");
        assert!(text.contains("\"x\" is not an int"), "{text}");
        assert!(
            text.contains("no relation endpoint \"db\" (declared: store)"),
            "{text}"
        );
        assert!(
            text.contains("action backup needs parameter path"),
            "{text}"
        );
        assert_eq!(text.lines().count(), 7, "{text}");
    }

    #[test]
    fn undeclared_parameters_and_stray_values_are_refused() {
        let text = problems("port=1 install action:backup path=/x level=9 install x=1");
        assert!(text.contains("comes before any event"), "{text}");
        assert!(
            text.contains("action backup has no parameter \"level\""),
            "{text}"
        );
        assert!(text.contains("install: takes no x=VALUE"), "{text}");
    }

    #[test]
    fn preparing_applies_the_event_to_the_state() {
        let charm = Charmcraft::parse(YAML).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut state = RunState::new("db/0".into(), config_defaults(&charm).unwrap());
        assert_eq!(state.config["port"], 5432);
        let events = parse_ok(
            "config-changed port=6000 relation-changed:store/minio/1 region=eu action:backup path=/x storage-attached:data/1",
        );
        let envs: Vec<_> = events
            .iter()
            .map(|event| {
                event
                    .prepare(&mut state, &charm, dir.path())
                    .unwrap()
                    .environment()
            })
            .collect();
        assert_eq!(envs[1]["JUJU_RELATION_ID"], "store:0");
        assert_eq!(envs[1]["JUJU_REMOTE_UNIT"], "minio/1");
        assert_eq!(envs[2]["JUJU_DISPATCH_PATH"], "actions/backup");
        assert_eq!(envs[3]["JUJU_STORAGE_ID"], "data/1");
        assert_eq!(state.config["port"], 6000);
        assert_eq!(state.relations[&0].units, ["minio/1"]);
        assert_eq!(state.relations[&0].data["minio/1"]["region"], "eu");
        assert_eq!(state.storage["data/1"].location, dir.path().join("data/1"));
        assert!(dir.path().join("data/1").is_dir());
        // The action's parameters are those of the last event prepared... which was storage.
        assert!(state.event.action_params.is_empty());
        let action = parse_ok("action:backup path=/x");
        let env = action[0]
            .prepare(&mut state, &charm, dir.path())
            .unwrap()
            .environment();
        assert_eq!(env["JUJU_ACTION_UUID"], state.events.to_string());
        assert_eq!(state.event.action_params["compress"], false);
        assert_eq!(state.event.action_params["path"], "/x");
    }

    #[test]
    fn overrides_are_typed_and_checked() {
        let charm = Charmcraft::parse(YAML).unwrap();
        let config = config_overrides(&words("port=1 mode=fast"), None, &charm).unwrap();
        assert_eq!(config["port"], 1);
        let error = config_overrides(&words("size=1"), None, &charm).unwrap_err();
        assert!(error.to_string().contains("no such option"), "{error}");
    }
}
