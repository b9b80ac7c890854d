//! Reading the node tree of `charmcraft.yaml` into the model, one problem per bad value.

use super::{
    Action, ActionParam, Assumption, Charmcraft, ConfigOption, Constraint, Container, Entry, Error,
    Located, Mount, Op, Part, Platform, Problem, Relation, Resource, Section, Storage,
};
use crate::version::JujuVersion;
use crate::yaml::{self, Node, ScalarKind, Value};

/// The fields of a mapping node, in order.
type Fields = [(Node, Node)];

/// The document's node tree, or the syntax error as the one problem.
fn document(text: &str) -> Result<Node, Error> {
    yaml::parse(text).map_err(|e| Error {
        problems: vec![Problem {
            line: e.line,
            message: format!("invalid YAML: {}", e.message),
        }],
    })
}

/// `reader`'s problems, in line order, as an error; `Ok` when there are none.
fn finish(reader: Reader) -> Result<(), Error> {
    if reader.problems.is_empty() {
        return Ok(());
    }
    let mut problems = reader.problems;
    problems.sort_by_key(|problem| problem.line);
    Err(Error { problems })
}

/// Parses the text, then reads `assumes` alone.
pub(super) fn assumes_only(text: &str) -> Result<Vec<Located<Assumption>>, Error> {
    let root = document(text)?;
    let mut reader = Reader::default();
    let top = match &root.value {
        Value::Map(entries) => entries.as_slice(),
        _ => &[],
    };
    let assumes = reader.assumes(top);
    finish(reader).map(|()| assumes)
}

/// Parses the text, then reads each known key.
pub(super) fn charmcraft(text: &str) -> Result<Charmcraft, Error> {
    let root = document(text)?;
    let mut reader = Reader::default();
    let top = reader.mapping(&root, "the document").to_vec();
    let top = &top[..];
    let charm = Charmcraft {
        name: reader.located(top, "name"),
        title: reader.located(top, "title"),
        summary: reader.located(top, "summary"),
        description: reader.located(top, "description"),
        kind: reader.located(top, "type"),
        base: reader.located(top, "base"),
        build_base: reader.located(top, "build-base"),
        platforms: reader.section(top, "platforms", "platform", Reader::platform),
        bases: field(top, "bases").map(|node| Located {
            value: node.clone(),
            line: node.line,
        }),
        parts: reader.section(top, "parts", "part", Reader::part),
        containers: reader.section(top, "containers", "container", Reader::container),
        resources: reader.section(top, "resources", "resource", Reader::resource),
        storage: reader.section(top, "storage", "storage", Reader::storage),
        requires: reader.section(top, "requires", "required relation", Reader::relation),
        provides: reader.section(top, "provides", "provided relation", Reader::relation),
        peers: reader.section(top, "peers", "peer relation", Reader::relation),
        config: reader.config(top),
        actions: reader.section(top, "actions", "action", Reader::action),
        assumes: reader.assumes(top),
        subordinate: reader.flag(top, "subordinate", "subordinate"),
    };
    finish(reader).map(|()| charm)
}

/// The value of `key` in `fields`, unless absent or null.
fn field<'n>(fields: &'n Fields, key: &str) -> Option<&'n Node> {
    fields
        .iter()
        .find(|(k, _)| k.as_str() == Some(key))
        .map(|(_, v)| v)
        .filter(|v| !v.is_null())
}

/// Reads nodes, recording what has the wrong shape.
#[derive(Default)]
struct Reader {
    problems: Vec<Problem>,
}

impl Reader {
    fn problem(&mut self, line: u64, message: String) {
        self.problems.push(Problem { line, message });
    }

    /// The entries of a mapping (none for null).
    fn mapping<'n>(&mut self, node: &'n Node, path: &str) -> &'n Fields {
        match &node.value {
            Value::Map(entries) => entries,
            Value::Null => &[],
            _ => {
                let found = node.kind_name();
                self.problem(
                    node.line,
                    format!("`{path}` must be a mapping, found {found}"),
                );
                &[]
            }
        }
    }

    /// A scalar's text (none for null).
    fn string(&mut self, node: &Node, path: &str) -> Option<String> {
        match &node.value {
            Value::Null => None,
            Value::Scalar(s) => Some(s.text.clone()),
            _ => {
                let found = node.kind_name();
                self.problem(
                    node.line,
                    format!("`{path}` must be a string, found {found}"),
                );
                None
            }
        }
    }

    /// The text of `fields.key`, if set.
    fn text(&mut self, fields: &Fields, key: &str, path: &str) -> Option<String> {
        field(fields, key).and_then(|node| self.string(node, &format!("{path}.{key}")))
    }

    /// A top-level text with its line.
    fn located(&mut self, top: &Fields, key: &str) -> Option<Located<String>> {
        let node = field(top, key)?;
        let value = self.string(node, key)?;
        Some(Located {
            value,
            line: node.line,
        })
    }

    /// `fields.key` as a boolean, false when absent.
    fn flag(&mut self, fields: &Fields, key: &str, path: &str) -> bool {
        let Some(node) = field(fields, key) else {
            return false;
        };
        match node.as_scalar().map(|s| s.kind) {
            Some(ScalarKind::Bool(b)) => b,
            _ => {
                let found = node.kind_name();
                self.problem(
                    node.line,
                    format!("`{path}` must be true or false, found {found}"),
                );
                false
            }
        }
    }

    /// `fields.key` as a list of texts (a single text is a list of one).
    fn list(&mut self, fields: &Fields, key: &str, path: &str) -> Vec<String> {
        let path = format!("{path}.{key}");
        match field(fields, key).map(|node| (node, &node.value)) {
            None => Vec::new(),
            Some((_, Value::Seq(items))) => items
                .iter()
                .filter_map(|item| self.string(item, &path))
                .collect(),
            Some((node, _)) => self.string(node, &path).into_iter().collect(),
        }
    }

    /// The section under `key`: named entries, each read by `read` from its fields.
    fn section<T>(
        &mut self,
        parent: &Fields,
        key: &'static str,
        what: &'static str,
        mut read: impl FnMut(&mut Self, &Node, &str) -> T,
    ) -> Section<T> {
        let mut section = Section::empty(key, what);
        let Some((key_node, value)) = parent.iter().find(|(k, _)| k.as_str() == Some(key)) else {
            return section;
        };
        section.line = key_node.line;
        for (name, body) in self.mapping(value, key) {
            let Some(name_text) = name.as_str().map(str::to_owned) else {
                self.problem(name.line, format!("`{key}` keys must be names"));
                continue;
            };
            let path = format!("{key}.{name_text}");
            let value = read(self, body, &path);
            section.entries.push(Entry {
                name: name_text,
                line: name.line,
                value,
            });
        }
        section
    }

    fn platform(&mut self, node: &Node, path: &str) -> Platform {
        let fields = self.mapping(node, path);
        Platform {
            build_on: self.list(fields, "build-on", path),
            build_for: self.list(fields, "build-for", path),
        }
    }

    fn part(&mut self, node: &Node, path: &str) -> Part {
        let fields = self.mapping(node, path);
        let mut organize = Vec::new();
        if let Some(node) = field(fields, "organize") {
            let organize_path = format!("{path}.organize");
            for (from, to) in self.mapping(node, &organize_path) {
                let from = self.string(from, &organize_path);
                let to = self.string(
                    to,
                    &format!("{organize_path}.{}", from.as_deref().unwrap_or("?")),
                );
                if let (Some(from), Some(to)) = (from, to) {
                    organize.push((from, to));
                }
            }
        }
        Part {
            plugin: self.text(fields, "plugin", path),
            source: self.text(fields, "source", path),
            organize,
            node: node.clone(),
        }
    }

    fn container(&mut self, node: &Node, path: &str) -> Container {
        let fields = self.mapping(node, path);
        let mut mounts = Vec::new();
        if let Some(node) = field(fields, "mounts") {
            let mounts_path = format!("{path}.mounts");
            match &node.value {
                Value::Seq(items) => {
                    for item in items {
                        let mount = self.mapping(item, &mounts_path);
                        mounts.push(Mount {
                            storage: self
                                .text(mount, "storage", &mounts_path)
                                .unwrap_or_default(),
                            location: self.text(mount, "location", &mounts_path),
                        });
                    }
                }
                _ => self.problem(node.line, format!("`{mounts_path}` must be a list")),
            }
        }
        Container {
            resource: self.text(fields, "resource", path),
            mounts,
        }
    }

    fn resource(&mut self, node: &Node, path: &str) -> Resource {
        let fields = self.mapping(node, path);
        Resource {
            kind: self.text(fields, "type", path).unwrap_or_default(),
            description: self.text(fields, "description", path),
            filename: self.text(fields, "filename", path),
            upstream_source: self.text(fields, "upstream-source", path),
        }
    }

    fn storage(&mut self, node: &Node, path: &str) -> Storage {
        let fields = self.mapping(node, path);
        let multiple = field(fields, "multiple").and_then(|node| {
            let multiple_path = format!("{path}.multiple");
            let multiple = self.mapping(node, &multiple_path);
            self.text(multiple, "range", &multiple_path)
        });
        Storage {
            kind: self.text(fields, "type", path).unwrap_or_default(),
            location: self.text(fields, "location", path),
            description: self.text(fields, "description", path),
            shared: self.flag(fields, "shared", &format!("{path}.shared")),
            read_only: self.flag(fields, "read-only", &format!("{path}.read-only")),
            minimum_size: self.text(fields, "minimum-size", path),
            multiple,
        }
    }

    fn relation(&mut self, node: &Node, path: &str) -> Relation {
        let fields = self.mapping(node, path);
        let interface = self.text(fields, "interface", path);
        if interface.is_none() {
            self.problem(node.line, format!("`{path}` must name its `interface`"));
        }
        let limit =
            field(fields, "limit").and_then(|node| match node.as_scalar().map(|s| s.kind) {
                Some(ScalarKind::Int(i)) if i >= 0 => u64::try_from(i).ok(),
                _ => {
                    let found = node.kind_name();
                    let message = format!("`{path}.limit` must be a whole number, found {found}");
                    self.problem(node.line, message);
                    None
                }
            });
        Relation {
            interface: interface.unwrap_or_default(),
            limit,
            optional: self.flag(fields, "optional", &format!("{path}.optional")),
            scope: self.text(fields, "scope", path),
            description: self.text(fields, "description", path),
        }
    }

    /// `config.options`.
    fn config(&mut self, top: &Fields) -> Section<ConfigOption> {
        let mut section = match field(top, "config") {
            Some(config) => {
                let fields = self.mapping(config, "config").to_vec();
                self.section(&fields, "options", "config option", Self::config_option)
            }
            None => Section::empty("options", "config option"),
        };
        section.key = "config.options";
        section
    }

    fn config_option(&mut self, node: &Node, path: &str) -> ConfigOption {
        let fields = self.mapping(node, path);
        ConfigOption {
            kind: self
                .text(fields, "type", path)
                .unwrap_or_else(|| "string".to_owned()),
            default: field(fields, "default").cloned(),
            description: self.text(fields, "description", path),
        }
    }

    fn action(&mut self, node: &Node, path: &str) -> Action {
        let fields = self.mapping(node, path);
        let required = self.list(fields, "required", path);
        let mut params = self.section(fields, "params", "parameter", Self::action_param);
        for entry in &mut params.entries {
            entry.value.required = required.contains(&entry.name);
        }
        let additional = format!("{path}.additionalProperties");
        Action {
            description: self.text(fields, "description", path),
            params,
            additional_properties: field(fields, "additionalProperties").is_none()
                || self.flag(fields, "additionalProperties", &additional),
        }
    }

    fn action_param(&mut self, node: &Node, path: &str) -> ActionParam {
        let fields = self.mapping(node, path);
        ActionParam {
            kind: self.text(fields, "type", path),
            required: false,
            default: field(fields, "default").cloned(),
            description: self.text(fields, "description", path),
        }
    }

    /// `assumes`: a list of features and `any-of`/`all-of` groups.
    fn assumes(&mut self, top: &Fields) -> Vec<Located<Assumption>> {
        let Some(node) = field(top, "assumes") else {
            return Vec::new();
        };
        let Value::Seq(items) = &node.value else {
            let found = node.kind_name();
            self.problem(
                node.line,
                format!("`assumes` must be a list, found {found}"),
            );
            return Vec::new();
        };
        self.assumption_list(items)
    }

    /// The entries of an `assumes` list (the top level or a group), with their lines.
    fn assumption_list(&mut self, items: &[Node]) -> Vec<Located<Assumption>> {
        items
            .iter()
            .filter_map(|item| {
                let value = self.assumption(item)?;
                Some(Located {
                    value,
                    line: item.line,
                })
            })
            .collect()
    }

    fn assumption(&mut self, node: &Node) -> Option<Assumption> {
        match &node.value {
            Value::Scalar(scalar) => match feature(&scalar.text) {
                Ok(feature) => Some(feature),
                Err(message) => {
                    self.problem(node.line, message);
                    None
                }
            },
            Value::Map(entries) => {
                let [(key, value)] = entries.as_slice() else {
                    self.problem(
                        node.line,
                        "an `assumes` group has one key, `any-of` or `all-of`".to_owned(),
                    );
                    return None;
                };
                let Value::Seq(items) = &value.value else {
                    self.problem(
                        value.line,
                        "an `assumes` group holds a list of entries".to_owned(),
                    );
                    return None;
                };
                match key.as_str() {
                    Some("any-of") => Some(Assumption::AnyOf(self.assumption_list(items))),
                    Some("all-of") => Some(Assumption::AllOf(self.assumption_list(items))),
                    _ => {
                        let found = key.as_str().unwrap_or_default();
                        let message = format!(
                            "unknown `assumes` group `{found}` (expected any-of or all-of)"
                        );
                        self.problem(key.line, message);
                        None
                    }
                }
            }
            _ => {
                let found = node.kind_name();
                self.problem(
                    node.line,
                    format!("an `assumes` entry is a feature or a group, found {found}"),
                );
                None
            }
        }
    }
}

/// A feature as Juju reads it: `k8s-api`, or `juju >= 3.6` / `juju<4` (a name of lower-case
/// letters, digits and inner dashes, then `>=` or `<` and a version in Juju's syntax).
fn feature(text: &str) -> Result<Assumption, String> {
    let text = text.trim();
    let malformed = || {
        format!(
            "malformed `assumes` feature {text:?}; write a feature (`k8s-api`) or a feature, \
             `>=` or `<`, and a version (`juju >= 3.6`)"
        )
    };
    let name_len = text
        .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
        .unwrap_or(text.len());
    let (name, rest) = text.split_at(name_len);
    let valid_name = name.len() >= 2
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('-');
    if !valid_name {
        return Err(malformed());
    }
    let rest = rest.trim_start();
    if rest.is_empty() {
        return Ok(Assumption::Feature {
            name: name.to_owned(),
            constraint: None,
        });
    }
    let (op, version) = if let Some(version) = rest.strip_prefix(">=") {
        (Op::AtLeast, version)
    } else if let Some(version) = rest.strip_prefix('<') {
        (Op::Below, version)
    } else {
        return Err(malformed());
    };
    let version = version.trim_start();
    if version.is_empty() || version.contains(char::is_whitespace) {
        return Err(malformed());
    }
    if version.parse::<JujuVersion>().is_err() {
        return Err(format!(
            "`assumes` feature {text:?}: {version:?} is not a version (such as 3.6 or 3.6.4)"
        ));
    }
    Ok(Assumption::Feature {
        name: name.to_owned(),
        constraint: Some(Constraint {
            op,
            version: version.to_owned(),
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHARMCRAFT: &str = "\
name: myapp
type: charm
containers:
  myapp:
    resource: myapp-image
    mounts:
      - storage: data
        location: /var/lib/myapp
  sidecar:
    resource: sidecar-image
requires:
  database:
    interface: postgresql_client
    limit: 1
provides:
  metrics:
    interface: prometheus_scrape
peers:
  replicas:
    interface: myapp_peers
storage:
  data:
    type: filesystem
    location: /data
actions:
  backup:
    description: Back up the database.
    params:
      target:
        type: string
      compress:
        type: boolean
        default: true
    required: [target]
config:
  options:
    port:
      type: int
      default: 8080
    log-level:
      default: info
base: ubuntu@24.04
platforms:
  amd64:
parts:
  charm:
    plugin: rust
    source: .
assumes:
  - juju >= 3.6
  - k8s-api
unknown-key: tolerated
";

    #[test]
    fn reads_every_section() {
        let c = charmcraft(CHARMCRAFT).unwrap();
        assert_eq!(c.name.as_ref().unwrap().value, "myapp");
        assert_eq!(c.kind.as_ref().unwrap().value, "charm");
        assert_eq!(
            c.containers.names().collect::<Vec<_>>(),
            ["myapp", "sidecar"]
        );
        assert_eq!(c.containers.line, 3);
        let myapp = &c.containers.get("myapp").unwrap().value;
        assert_eq!(myapp.resource.as_deref(), Some("myapp-image"));
        assert_eq!(
            myapp.mounts,
            [Mount {
                storage: "data".into(),
                location: Some("/var/lib/myapp".into())
            }]
        );
        assert_eq!(c.requires.get("database").unwrap().value.limit, Some(1));
        assert_eq!(c.relation("replicas").unwrap().line, 19);
        assert_eq!(c.storage.get("data").unwrap().value.kind, "filesystem");
        let backup = &c.actions.get("backup").unwrap().value;
        assert!(backup.additional_properties);
        let target = &backup.params.get("target").unwrap().value;
        assert!(target.required);
        assert_eq!(target.kind.as_deref(), Some("string"));
        let compress = &backup.params.get("compress").unwrap().value;
        assert!(!compress.required);
        assert_eq!(
            compress.default.as_ref().and_then(Node::as_str),
            Some("true")
        );
        let port = &c.config.get("port").unwrap().value;
        assert_eq!(port.kind, "int");
        assert_eq!(port.default.as_ref().and_then(Node::as_str), Some("8080"));
        assert_eq!(c.config.get("log-level").unwrap().value.kind, "string");
        assert_eq!(c.config.key, "config.options");
        assert_eq!(c.base.as_ref().unwrap().value, "ubuntu@24.04");
        assert!(c.platforms.get("amd64").is_some());
        assert_eq!(
            c.parts.get("charm").unwrap().value.plugin.as_deref(),
            Some("rust")
        );
        assert_eq!(c.assumes.len(), 2);
        assert_eq!(c.assumes[1].line, 51);
    }

    #[test]
    fn reports_bad_shapes_with_lines() {
        let err = charmcraft(
            "containers: [a]\nrequires:\n  db: {limit: -1}\nsubordinate: maybe\nassumes: juju\n",
        )
        .unwrap_err();
        let messages: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "line 1: `containers` must be a mapping, found a list",
                "line 3: `requires.db` must name its `interface`",
                "line 3: `requires.db.limit` must be a whole number, found an integer",
                "line 4: `subordinate` must be true or false, found a string",
                "line 5: `assumes` must be a list, found a string",
            ]
        );
    }

    #[test]
    fn reads_assumes_with_juju_rules_and_lines() {
        let assumes = assumes_only(
            "assumes:\n  - juju>=3.6\n  - any-of:\n      - all-of: [juju >= 3.6.13, juju < 4]\n      - k8s-api\n",
        )
        .unwrap();
        let Assumption::Feature { name, constraint } = &assumes[0].value else {
            panic!("{assumes:?}")
        };
        assert_eq!(name, "juju");
        assert_eq!(
            constraint,
            &Some(Constraint {
                op: Op::AtLeast,
                version: "3.6".into()
            })
        );
        let Assumption::AnyOf(alternatives) = &assumes[1].value else {
            panic!("{assumes:?}")
        };
        assert_eq!(alternatives[0].line, 4);
        assert_eq!(alternatives[1].line, 5);
        let Assumption::AllOf(both) = &alternatives[0].value else {
            panic!("{alternatives:?}")
        };
        assert_eq!(both.len(), 2);
    }

    #[test]
    fn reports_malformed_features() {
        let err = assumes_only(
            "assumes:\n  - Juju >= 3\n  - juju => 3\n  - juju >= 3.x\n  - k\n  - juju >= 3 4\n  - {one-of: [a]}\n",
        )
        .unwrap_err();
        let messages: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 6, "{messages:#?}");
        assert!(messages[0].starts_with("line 2: malformed `assumes` feature \"Juju >= 3\""));
        assert!(messages[1].starts_with("line 3: malformed"));
        assert_eq!(
            messages[2],
            "line 4: `assumes` feature \"juju >= 3.x\": \"3.x\" is not a version (such as 3.6 or 3.6.4)"
        );
        assert!(messages[3].starts_with("line 5: malformed"));
        assert!(messages[4].starts_with("line 6: malformed"));
        assert_eq!(
            messages[5],
            "line 7: unknown `assumes` group `one-of` (expected any-of or all-of)"
        );
    }

    #[test]
    fn assumes_only_ignores_other_keys() {
        assert_eq!(assumes_only("containers: [a]\n").unwrap(), []);
        assert!(charmcraft("containers: [a]\n").is_err());
        assert!(assumes_only("a: [1\n").is_err());
    }

    #[test]
    fn syntax_errors_are_one_problem() {
        let err = charmcraft("name: a\nname: b\n").unwrap_err();
        assert_eq!(err.problems.len(), 1);
        assert!(
            err.problems[0]
                .message
                .starts_with("invalid YAML: duplicate mapping key"),
            "{err}"
        );
    }
}
