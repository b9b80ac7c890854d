//! Pebble's layer rules, checked on the YAML and turned into the [`Object`] model.
//!
//! Decoding follows a schema of Pebble's layer format (unknown sections and fields, value
//! shapes, enum values, durations, numbers, placeholders); then one small function per rule
//! checks what needs the whole layer (required fields of `replace` objects, references,
//! before/after loops, unused parameters). Every problem is recorded; the model is only
//! used when there is none.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{self, Diagnostics};
use crate::yaml::{Node, ScalarKind, Value as Yaml};

use super::parse::{self, Args, LayerFn, Piece};
use super::{Field, Item, Object, ParamKind, Value, command, duration};

/// The allowed values of an enum field.
struct EnumSpec {
    /// What the value is, for messages (`startup`).
    what: &'static str,
    /// The runtime type.
    rust_type: &'static str,
    /// YAML spelling and runtime variant.
    values: &'static [(&'static str, &'static str)],
}

const OVERRIDE: EnumSpec = EnumSpec {
    what: "override",
    rust_type: "Override",
    values: &[("merge", "Merge"), ("replace", "Replace")],
};
const STARTUP: EnumSpec = EnumSpec {
    what: "startup",
    rust_type: "Startup",
    values: &[("enabled", "Enabled"), ("disabled", "Disabled")],
};
const ON_SUCCESS: EnumSpec = EnumSpec {
    what: "on-success action",
    rust_type: "ServiceAction",
    values: &[
        ("restart", "Restart"),
        ("shutdown", "Shutdown"),
        ("failure-shutdown", "FailureShutdown"),
        ("ignore", "Ignore"),
    ],
};
const ON_FAILURE: EnumSpec = EnumSpec {
    what: "on-failure action",
    rust_type: "ServiceAction",
    values: &[
        ("restart", "Restart"),
        ("shutdown", "Shutdown"),
        ("success-shutdown", "SuccessShutdown"),
        ("ignore", "Ignore"),
    ],
};
const ON_CHECK_FAILURE: EnumSpec = EnumSpec {
    what: "on-check-failure action",
    rust_type: "ServiceAction",
    values: ON_FAILURE.values,
};
const LEVEL: EnumSpec = EnumSpec {
    what: "check level",
    rust_type: "CheckLevel",
    values: &[("alive", "Alive"), ("ready", "Ready")],
};
const LOG_TARGET_TYPE: EnumSpec = EnumSpec {
    what: "log target type",
    rust_type: "LogTargetType",
    values: &[
        ("loki", "Loki"),
        ("opentelemetry", "Opentelemetry"),
        ("syslog", "Syslog"),
    ],
};

/// How a field's value is read.
enum Kind {
    /// Free text; `${name}` placeholders are substituted.
    Text,
    /// Free text that is also a command line.
    Command,
    /// A name, written literally.
    Name,
    /// One of an enum's values.
    Enum(&'static EnumSpec),
    /// A Go duration; `true` when zero is not allowed.
    Duration(bool),
    /// A number of at least 1.0.
    Factor,
    /// A whole number up to the given maximum.
    Int(u64),
    /// A non-zero port number.
    Port,
    /// A list of names (services; for log targets also `all` and `-name`).
    Names,
    /// A map from literal keys to free text.
    TextMap,
    /// Log target labels: like [`Kind::TextMap`], keys must not start with `pebble_`.
    Labels,
    /// `on-check-failure`: check names to actions.
    CheckActions,
    /// A nested object (a check's probe).
    Probe(&'static ObjectSpec),
    /// A top-level section of named objects.
    Section(&'static ObjectSpec),
}

/// One field an object accepts.
struct FieldSpec {
    key: &'static str,
    kind: Kind,
    /// Whether the runtime field is an `Option`.
    optional: bool,
}

/// An object's fields.
struct ObjectSpec {
    /// What it is, for messages (`service`).
    what: &'static str,
    /// The runtime type.
    rust_type: &'static str,
    fields: &'static [FieldSpec],
}

const fn plain(key: &'static str, kind: Kind) -> FieldSpec {
    FieldSpec {
        key,
        kind,
        optional: false,
    }
}

const fn option(key: &'static str, kind: Kind) -> FieldSpec {
    FieldSpec {
        key,
        kind,
        optional: true,
    }
}

const SERVICE: ObjectSpec = ObjectSpec {
    what: "service",
    rust_type: "Service",
    fields: &[
        plain("override", Kind::Enum(&OVERRIDE)),
        plain("summary", Kind::Text),
        plain("description", Kind::Text),
        plain("command", Kind::Command),
        option("startup", Kind::Enum(&STARTUP)),
        plain("after", Kind::Names),
        plain("before", Kind::Names),
        plain("requires", Kind::Names),
        plain("workload", Kind::Name),
        plain("environment", Kind::TextMap),
        option("user", Kind::Text),
        option("user-id", Kind::Int(u32::MAX as u64)),
        option("group", Kind::Text),
        option("group-id", Kind::Int(u32::MAX as u64)),
        option("working-dir", Kind::Text),
        option("on-success", Kind::Enum(&ON_SUCCESS)),
        option("on-failure", Kind::Enum(&ON_FAILURE)),
        plain("on-check-failure", Kind::CheckActions),
        option("backoff-delay", Kind::Duration(false)),
        option("backoff-factor", Kind::Factor),
        option("backoff-limit", Kind::Duration(false)),
        option("kill-delay", Kind::Duration(false)),
    ],
};

const HTTP: ObjectSpec = ObjectSpec {
    what: "http check",
    rust_type: "HttpCheck",
    fields: &[plain("url", Kind::Text), plain("headers", Kind::TextMap)],
};

const TCP: ObjectSpec = ObjectSpec {
    what: "tcp check",
    rust_type: "TcpCheck",
    fields: &[option("port", Kind::Port), option("host", Kind::Text)],
};

const EXEC: ObjectSpec = ObjectSpec {
    what: "exec check",
    rust_type: "ExecCheck",
    fields: &[
        plain("command", Kind::Command),
        option("service-context", Kind::Name),
        plain("environment", Kind::TextMap),
        option("user", Kind::Text),
        option("user-id", Kind::Int(u32::MAX as u64)),
        option("group", Kind::Text),
        option("group-id", Kind::Int(u32::MAX as u64)),
        option("working-dir", Kind::Text),
    ],
};

const CHECK: ObjectSpec = ObjectSpec {
    what: "check",
    rust_type: "Check",
    fields: &[
        plain("override", Kind::Enum(&OVERRIDE)),
        option("level", Kind::Enum(&LEVEL)),
        option("startup", Kind::Enum(&STARTUP)),
        option("period", Kind::Duration(true)),
        option("timeout", Kind::Duration(true)),
        option("threshold", Kind::Int(u32::MAX as u64)),
        option("http", Kind::Probe(&HTTP)),
        option("tcp", Kind::Probe(&TCP)),
        option("exec", Kind::Probe(&EXEC)),
    ],
};

const LOG_TARGET: ObjectSpec = ObjectSpec {
    what: "log target",
    rust_type: "LogTarget",
    fields: &[
        plain("override", Kind::Enum(&OVERRIDE)),
        option("type", Kind::Enum(&LOG_TARGET_TYPE)),
        plain("location", Kind::Text),
        plain("services", Kind::Names),
        plain("labels", Kind::Labels),
    ],
};

const LAYER: ObjectSpec = ObjectSpec {
    what: "layer",
    rust_type: "Layer",
    fields: &[
        plain("summary", Kind::Text),
        plain("description", Kind::Text),
        plain("services", Kind::Section(&SERVICE)),
        plain("checks", Kind::Section(&CHECK)),
        plain("log-targets", Kind::Section(&LOG_TARGET)),
    ],
};

/// Pebble sections the runtime's `Layer` does not model.
const EXTENSION_SECTIONS: [&str; 2] = ["workloads", "pairing"];

/// Checks the layer of `function` and builds its model. Problems go to `diag`; the model is
/// only meaningful when there are none. Without `args` (the attribute did not parse),
/// references are not checked, since `external(...)` is unknown.
pub(crate) fn layer(function: &LayerFn, args: Option<&Args>, diag: &mut Diagnostics) -> Object {
    let empty = new_object(&LAYER);
    let root = match function.source.parse() {
        Ok(root) => root,
        Err(e) => {
            diag.push(e);
            return empty;
        }
    };
    let mut decoder = Decoder {
        function,
        used: BTreeSet::new(),
        placeholder_errors: false,
        diag,
    };
    let layer = match &root.value {
        Yaml::Null => empty,
        Yaml::Map(_) => decoder.object(&root, &LAYER, ""),
        _ => {
            decoder.error(
                root.line,
                "the layer",
                format_args!(
                    "expected a mapping of sections (summary, services, checks, log-targets), \
                     found {}",
                    root.kind_name()
                ),
            );
            empty
        }
    };
    let default_args = Args::default();
    let mut rules = Rules {
        function,
        args: args.unwrap_or(&default_args),
        diag: decoder.diag,
    };
    rules.names(&layer);
    rules.overrides(&layer);
    rules.replace_services_have_command(&layer);
    rules.workload_services_have_no_user(&layer);
    rules.checks_have_one_probe(&layer);
    rules.replace_log_targets_are_complete(&layer);
    if args.is_some() {
        rules.references(&layer);
    }
    rules.before_after_loops(&layer);
    if !decoder.placeholder_errors {
        rules.parameters_are_used(&decoder.used);
    }
    layer
}

/// Reads YAML nodes according to the schema.
struct Decoder<'a> {
    function: &'a LayerFn,
    /// Parameters named by placeholders so far.
    used: BTreeSet<String>,
    /// Whether a placeholder was rejected (then unused parameters are not reported: the
    /// placeholder was probably meant to use them).
    placeholder_errors: bool,
    diag: &'a mut Diagnostics,
}

/// An object of type `spec` with no field set yet.
fn new_object(spec: &ObjectSpec) -> Object {
    Object {
        rust_type: spec.rust_type,
        fields: Vec::new(),
        field_count: spec.fields.len(),
        written: Vec::new(),
        malformed: false,
    }
}

/// `a` or `an` before `word` as spoken (`an http check`).
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) || word.starts_with("http") {
        "an"
    } else {
        "a"
    }
}

fn join(path: &str, key: &str) -> String {
    let key = if key.is_empty() || key.contains(['.', ' ']) {
        format!("{key:?}")
    } else {
        key.to_owned()
    };
    if path.is_empty() {
        key
    } else {
        format!("{path}.{key}")
    }
}

impl Decoder<'_> {
    fn error(&mut self, line: u64, path: &str, message: impl std::fmt::Display) {
        let at = self.function.source.line(line);
        self.diag.error(
            self.function.source.span(),
            format_args!("{path} ({at}): {message}"),
        );
    }

    fn object(&mut self, node: &Node, spec: &ObjectSpec, path: &str) -> Object {
        let mut object = new_object(spec);
        let Some(entries) = self.mapping(node, path, spec.what) else {
            // Reported once: rules about the object's fields skip it.
            object.malformed = true;
            return object;
        };
        for (key_node, value) in entries {
            let Some(key) = self.literal(key_node, path) else {
                continue;
            };
            let key_path = join(path, &key);
            let Some(field) = spec.fields.iter().find(|f| f.key == key) else {
                self.unknown_field(key_node.line, &key_path, &key, spec);
                // A misspelt field is reported once, not also as missing.
                if let Some(meant) = diag::closest(&key, spec.fields.iter().map(|f| f.key)) {
                    object.written.push(meant);
                }
                continue;
            };
            if value.is_null() {
                continue;
            }
            object.written.push(field.key);
            if let Some(value) = self.value(value, &field.kind, &key_path, field.key) {
                object.fields.push(Field {
                    key: field.key,
                    optional: field.optional,
                    line: key_node.line,
                    value,
                });
            }
        }
        object
    }

    fn unknown_field(&mut self, line: u64, path: &str, key: &str, spec: &ObjectSpec) {
        let known = spec.fields.iter().map(|f| f.key);
        let hint = diag::did_you_mean(key, known.clone());
        if spec.rust_type == LAYER.rust_type {
            if EXTENSION_SECTIONS.contains(&key) {
                self.error(
                    line,
                    path,
                    format_args!(
                        "section \"{key}\" is a Pebble extension that charm_runtime::layer::Layer \
                         does not model; define it in a layer file of the workload image"
                    ),
                );
            } else {
                self.error(
                    line,
                    path,
                    format_args!(
                        "unknown section \"{key}\"{hint} (a layer has: {})",
                        diag::list(known)
                    ),
                );
            }
        } else {
            self.error(
                line,
                path,
                format_args!(
                    "unknown field \"{key}\" in {} {}{hint} ({} {} has: {})",
                    article(spec.what),
                    spec.what,
                    article(spec.what),
                    spec.what,
                    diag::list(known)
                ),
            );
        }
    }

    /// The entries of a mapping node, or an error.
    fn mapping<'n>(
        &mut self,
        node: &'n Node,
        path: &str,
        what: &str,
    ) -> Option<&'n [(Node, Node)]> {
        match &node.value {
            Yaml::Map(entries) => Some(entries),
            _ => {
                self.error(
                    node.line,
                    path,
                    format_args!(
                        "expected a mapping (the {what}'s fields), found {}",
                        node.kind_name()
                    ),
                );
                None
            }
        }
    }

    /// A scalar written literally (a name, a key): no placeholders.
    fn literal(&mut self, node: &Node, path: &str) -> Option<String> {
        let Some(text) = node.as_str() else {
            self.error(
                node.line,
                path,
                format_args!("expected a name, found {}", node.kind_name()),
            );
            return None;
        };
        if text.contains("${") {
            self.placeholder_errors = true;
            self.error(
                node.line,
                path,
                format_args!(
                    "placeholders are only substituted in text values (command, summary, \
                     environment values, ...), numbers, durations, `startup` and check `level`, \
                     not in \"{text}\"; write this value literally"
                ),
            );
            return None;
        }
        Some(text.to_owned())
    }

    fn value(&mut self, node: &Node, kind: &Kind, path: &str, key: &str) -> Option<Value> {
        if let Some(placeholder) = self.scalar_placeholder(node, kind, path, key) {
            return placeholder;
        }
        match kind {
            Kind::Text => self.text(node, path).map(Value::Text),
            Kind::Command => {
                let pieces = self.text(node, path)?;
                let template = node.as_str().unwrap_or_default();
                if let Err(reason) = command::check(template) {
                    self.error(node.line, path, format_args!("invalid command: {reason}"));
                    return None;
                }
                Some(Value::Text(pieces))
            }
            Kind::Name => {
                let name = self.literal(node, path)?;
                Some(Value::Text(vec![Piece::Lit(name)]))
            }
            Kind::Enum(spec) => self.enumeration(node, spec, path),
            Kind::Duration(non_zero) => self.duration(node, *non_zero, path, key),
            Kind::Factor => self.factor(node, path),
            Kind::Int(max) => self.int(node, *max, path),
            Kind::Port => {
                let port = self.int(node, u16::MAX.into(), path)?;
                if port == Value::Int(0) {
                    self.error(
                        node.line,
                        path,
                        "port must not be zero; write the port to connect to",
                    );
                    return None;
                }
                Some(port)
            }
            Kind::Names => self.names(node, path).map(Value::List),
            Kind::TextMap => self.text_map(node, path, false),
            Kind::Labels => self.text_map(node, path, true),
            Kind::CheckActions => {
                let entries = self.mapping(node, path, "on-check-failure")?;
                let mut map = Vec::new();
                for (k, v) in entries {
                    let Some(name) = self.literal(k, path) else {
                        continue;
                    };
                    let entry_path = join(path, &name);
                    if let Some(action) = self.enumeration(v, &ON_CHECK_FAILURE, &entry_path) {
                        map.push((Item { name, line: k.line }, action));
                    }
                }
                Some(Value::Map(map))
            }
            Kind::Probe(spec) => Some(Value::Object(self.object(node, spec, path))),
            Kind::Section(spec) => {
                let entries = self.mapping(node, path, key)?;
                let mut map = Vec::new();
                for (k, v) in entries {
                    let Some(name) = self.literal(k, path) else {
                        continue;
                    };
                    let entry_path = join(path, &name);
                    if v.is_null() {
                        self.error(
                            k.line,
                            &entry_path,
                            format_args!(
                                "{} object cannot be null; give it fields (at least `override`) or \
                                 remove it",
                                spec.what
                            ),
                        );
                        continue;
                    }
                    let object = self.object(v, spec, &entry_path);
                    map.push((Item { name, line: k.line }, Value::Object(object)));
                }
                Some(Value::Map(map))
            }
        }
    }

    /// A placeholder in a non-text scalar field (number, duration, enum): `None` when the
    /// value holds none, so that it is read as written; otherwise the parameter, or `Some(None)`
    /// after an error. The placeholder must be the whole value, and enum fields other than
    /// `startup` and `level` take none.
    fn scalar_placeholder(
        &mut self,
        node: &Node,
        kind: &Kind,
        path: &str,
        key: &str,
    ) -> Option<Option<Value>> {
        let param_kind = match kind {
            Kind::Port => ParamKind::Port,
            Kind::Int(_) => ParamKind::Int,
            Kind::Factor => ParamKind::Factor,
            Kind::Duration(_) => ParamKind::Duration,
            Kind::Enum(spec) if std::ptr::eq(*spec, &STARTUP) => ParamKind::Startup,
            Kind::Enum(spec) if std::ptr::eq(*spec, &LEVEL) => ParamKind::Level,
            // Other enums are read as names: `literal` reports their placeholders.
            _ => return None,
        };
        let text = node.as_str().filter(|text| text.contains("${"))?;
        let pieces = match parse::placeholders(text) {
            Ok(pieces) => pieces,
            Err(message) => {
                self.placeholder_errors = true;
                self.error(node.line, path, message);
                return Some(None);
            }
        };
        let first = pieces.iter().find_map(|piece| match piece {
            Piece::Param(name) => Some(name.clone()),
            Piece::Lit(_) => None,
        })?;
        if pieces.len() > 1 {
            self.placeholder_errors = true;
            self.error(
                node.line,
                path,
                format_args!(
                    "a placeholder in {key} must be the whole value, not part of \"{text}\"; \
                     write `{key}: ${{{first}}}` and compute the whole value in the parameter"
                ),
            );
            return Some(None);
        }
        if !self.known_placeholder(&first, node.line, path) {
            return Some(None);
        }
        Some(Some(Value::Param(param_kind, first)))
    }

    /// Whether placeholder `name` names a parameter (or parameters cannot be checked); reports
    /// it otherwise.
    fn known_placeholder(&mut self, name: &str, line: u64, path: &str) -> bool {
        let params = &self.function.params;
        if !self.function.all_params_named {
            // A parameter that is a pattern was already reported; placeholders cannot be
            // checked against the parameters.
            self.placeholder_errors = true;
            return true;
        }
        if params.iter().any(|p| p.ident == name) {
            self.used.insert(name.to_owned());
            return true;
        }
        self.placeholder_errors = true;
        let names: Vec<String> = params.iter().map(|p| p.ident.to_string()).collect();
        let hint = diag::closest(name, names.iter().map(String::as_str))
            .map(|best| format!("; did you mean ${{{best}}}?"))
            .unwrap_or_default();
        self.error(
            line,
            path,
            format_args!(
                "unknown placeholder ${{{name}}}{hint} (placeholders name parameters of the \
                 function; parameters: {}); add a parameter `{name}`, or write `$${{{name}}}` \
                 for a literal `${{{name}}}`",
                diag::list(names.iter().map(String::as_str))
            ),
        );
        false
    }

    /// A text value: any scalar, split at placeholders that must name parameters.
    fn text(&mut self, node: &Node, path: &str) -> Option<Vec<Piece>> {
        let Some(text) = node.as_str() else {
            self.error(
                node.line,
                path,
                format_args!("expected a string, found {}", node.kind_name()),
            );
            return None;
        };
        let pieces = match parse::placeholders(text) {
            Ok(pieces) => pieces,
            Err(message) => {
                self.placeholder_errors = true;
                self.error(node.line, path, message);
                return None;
            }
        };
        let mut ok = true;
        for piece in &pieces {
            if let Piece::Param(name) = piece {
                ok &= self.known_placeholder(name, node.line, path);
            }
        }
        ok.then_some(pieces)
    }

    fn enumeration(&mut self, node: &Node, spec: &EnumSpec, path: &str) -> Option<Value> {
        let text = self.literal(node, path)?;
        let allowed: Vec<&str> = spec.values.iter().map(|(yaml, _)| *yaml).collect();
        if let Some((_, variant)) = spec.values.iter().find(|(yaml, _)| *yaml == text) {
            return Some(Value::Enum(spec.rust_type, variant));
        }
        self.error(
            node.line,
            path,
            format_args!(
                "\"{text}\" is not a valid {} (expected {}){}",
                spec.what,
                diag::one_of(&allowed),
                diag::did_you_mean(&text, allowed.iter().copied())
            ),
        );
        None
    }

    fn duration(&mut self, node: &Node, non_zero: bool, path: &str, key: &str) -> Option<Value> {
        let text = match &node.value {
            Yaml::Scalar(s) => s.text.clone(),
            _ => {
                self.error(
                    node.line,
                    path,
                    format_args!(
                        "expected a duration such as \"10s\", found {}",
                        node.kind_name()
                    ),
                );
                return None;
            }
        };
        match duration::parse(&text) {
            Ok(d) if non_zero && d.is_zero() => {
                self.error(
                    node.line,
                    path,
                    format_args!(
                        "{key} must not be zero; write a positive duration such as \"10s\""
                    ),
                );
                None
            }
            Ok(d) => Some(Value::Duration(d)),
            Err(reason) => {
                self.error(
                    node.line,
                    path,
                    format_args!(
                        "\"{text}\" is not a valid duration ({reason}); write a Go duration such as \
                         \"500ms\", \"10s\" or \"1m30s\""
                    ),
                );
                None
            }
        }
    }

    fn factor(&mut self, node: &Node, path: &str) -> Option<Value> {
        let number = match node.as_scalar().map(|s| (s.kind, s.text.as_str())) {
            Some((ScalarKind::Int(i), _)) => i as f64,
            Some((ScalarKind::Float(f), _)) => f,
            Some((_, text)) => match text.trim().parse::<f64>() {
                Ok(f) if f.is_finite() => f,
                _ => {
                    self.error(
                        node.line,
                        path,
                        format_args!("backoff-factor must be a number such as 2.0, not \"{text}\""),
                    );
                    return None;
                }
            },
            None => {
                self.error(
                    node.line,
                    path,
                    format_args!(
                        "backoff-factor must be a number such as 2.0, found {}",
                        node.kind_name()
                    ),
                );
                return None;
            }
        };
        if !(number >= 1.0 && number.is_finite()) {
            self.error(
                node.line,
                path,
                format_args!(
                    "backoff-factor must be 1.0 or greater, not {number}; use 1.0 for a constant \
                     delay"
                ),
            );
            return None;
        }
        Some(Value::Float(number))
    }

    fn int(&mut self, node: &Node, max: u64, path: &str) -> Option<Value> {
        if let Some(ScalarKind::Int(i)) = node.as_scalar().map(|s| s.kind)
            && let Ok(n) = u64::try_from(i)
            && n <= max
        {
            return Some(Value::Int(n));
        }
        let found = node
            .as_str()
            .map_or_else(|| node.kind_name().to_owned(), |t| format!("\"{t}\""));
        self.error(
            node.line,
            path,
            format_args!("expected a whole number from 0 to {max}, found {found}"),
        );
        None
    }

    fn names(&mut self, node: &Node, path: &str) -> Option<Vec<Item>> {
        let Yaml::Seq(items) = &node.value else {
            self.error(
                node.line,
                path,
                format_args!(
                    "expected a list of names like [web, db], found {}",
                    node.kind_name()
                ),
            );
            return None;
        };
        let mut names = Vec::new();
        for item in items {
            if let Some(name) = self.literal(item, path) {
                names.push(Item {
                    name,
                    line: item.line,
                });
            }
        }
        Some(names)
    }

    fn text_map(&mut self, node: &Node, path: &str, labels: bool) -> Option<Value> {
        let entries = self.mapping(node, path, path.rsplit('.').next().unwrap_or(path))?;
        let mut map = Vec::new();
        for (k, v) in entries {
            let Some(name) = self.literal(k, path) else {
                continue;
            };
            let entry_path = join(path, &name);
            if labels && name.starts_with("pebble_") {
                self.error(
                    k.line,
                    &entry_path,
                    format_args!(
                        "label \"{name}\" uses the reserved prefix \"pebble_\"; rename the label"
                    ),
                );
                continue;
            }
            let pieces = if v.is_null() {
                Some(vec![Piece::Lit(String::new())])
            } else {
                self.text(v, &entry_path)
            };
            if let Some(pieces) = pieces {
                map.push((Item { name, line: k.line }, Value::Text(pieces)));
            }
        }
        Some(Value::Map(map))
    }
}

/// The rules that need the whole layer.
struct Rules<'a> {
    function: &'a LayerFn,
    args: &'a Args,
    diag: &'a mut Diagnostics,
}

/// The named objects of a section (`services`, `checks`, `log-targets`).
fn section<'l>(layer: &'l Object, key: &str) -> Vec<(&'l Item, &'l Object)> {
    let Some(Field {
        value: Value::Map(entries),
        ..
    }) = layer.get(key)
    else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|(item, value)| match value {
            Value::Object(object) => Some((item, object)),
            _ => None,
        })
        .collect()
}

/// The objects of a section whose fields could be read (a malformed one is reported once).
fn readable<'l>(layer: &'l Object, key: &str) -> Vec<(&'l Item, &'l Object)> {
    let mut objects = section(layer, key);
    objects.retain(|(_, object)| !object.malformed);
    objects
}

fn is_replace(object: &Object) -> bool {
    matches!(
        object.get("override"),
        Some(Field {
            value: Value::Enum(_, "Replace"),
            ..
        })
    )
}

fn names_in(field: Option<&Field>) -> &[Item] {
    match field {
        Some(Field {
            value: Value::List(items),
            ..
        }) => items,
        _ => &[],
    }
}

impl Rules<'_> {
    fn error(&mut self, line: u64, path: &str, message: impl std::fmt::Display) {
        let at = self.function.source.line(line);
        self.diag.error(
            self.function.source.span(),
            format_args!("{path} ({at}): {message}"),
        );
    }

    /// Service names: not empty, not `pebble`, no leading `-`; check and log target names
    /// not empty.
    fn names(&mut self, layer: &Object) {
        for (item, _) in section(layer, "services") {
            let path = join("services", &item.name);
            if item.name.is_empty() {
                self.error(
                    item.line,
                    &path,
                    "cannot use an empty string as a service name",
                );
            } else if item.name == "pebble" {
                self.error(
                    item.line,
                    &path,
                    "cannot use reserved service name \"pebble\"; choose another name",
                );
            } else if item.name.starts_with('-') {
                self.error(
                    item.line,
                    &path,
                    format_args!(
                        "cannot use service name \"{}\": names starting with \"-\" are not allowed \
                         (log targets use \"-name\" to exclude a service); remove the \"-\"",
                        item.name
                    ),
                );
            }
        }
        for (key, what) in [("checks", "check"), ("log-targets", "log target")] {
            for (item, _) in section(layer, key) {
                if item.name.is_empty() {
                    self.error(
                        item.line,
                        &join(key, ""),
                        format_args!("cannot use an empty string as a {what} name"),
                    );
                }
            }
        }
    }

    /// Every object says how it combines with lower layers.
    fn overrides(&mut self, layer: &Object) {
        for (key, what) in [
            ("services", "service"),
            ("checks", "check"),
            ("log-targets", "log target"),
        ] {
            for (item, object) in readable(layer, key) {
                if !object.has("override") {
                    self.error(
                        item.line,
                        &join(key, &item.name),
                        format_args!(
                            "missing \"override\"; add `override: replace` to define the whole \
                             {what}, or `override: merge` to change fields of a {what} from a \
                             lower layer"
                        ),
                    );
                }
            }
        }
    }

    /// A `replace` service defines the command (it replaces any lower definition).
    fn replace_services_have_command(&mut self, layer: &Object) {
        for (item, service) in readable(layer, "services") {
            if is_replace(service) && !service.has("command") {
                self.error(
                    item.line,
                    &join("services", &item.name),
                    "a service with `override: replace` must define \"command\"; add `command: \
                     /path/to/program args`, or use `override: merge` to change a service that \
                     another layer defines",
                );
            }
        }
    }

    /// A service in a workload takes its user and group from the workload.
    fn workload_services_have_no_user(&mut self, layer: &Object) {
        for (item, service) in readable(layer, "services") {
            if !service.has("workload") {
                continue;
            }
            let mut set: Vec<&str> = ["user", "user-id", "group", "group-id"]
                .into_iter()
                .filter(|key| service.has(key))
                .collect();
            if !set.is_empty() {
                set.push("workload");
                self.error(
                    item.line,
                    &join("services", &item.name),
                    format_args!(
                        "a service cannot have user information and a workload at the same time \
                         (found {}); set the user and group in the workload, or \
                         remove \"workload\"",
                        diag::one_of(&set).replace(" or ", " and ")
                    ),
                );
            }
        }
    }

    /// A check has exactly one probe (at most one in a `merge` check), and a `replace`
    /// check's probe has its required field.
    fn checks_have_one_probe(&mut self, layer: &Object) {
        const PROBES: [(&str, &str, &str); 3] = [
            ("http", "url", "url: http://localhost:8080/health"),
            ("tcp", "port", "port: 8080"),
            ("exec", "command", "command: /bin/check --quiet"),
        ];
        for (item, check) in readable(layer, "checks") {
            let path = join("checks", &item.name);
            let present: Vec<&str> = PROBES
                .iter()
                .filter(|(key, _, _)| check.has(key))
                .map(|(key, _, _)| *key)
                .collect();
            if present.len() > 1 {
                self.error(
                    item.line,
                    &path,
                    format_args!(
                        "a check must have exactly one of \"http\", \"tcp\" or \"exec\", found {}; \
                         keep one, or split it into several checks",
                        diag::one_of(&present).replace(" or ", " and ")
                    ),
                );
                continue;
            }
            if !is_replace(check) {
                continue;
            }
            let Some(probe) = present.first() else {
                self.error(
                    item.line,
                    &path,
                    "a check with `override: replace` must have one of \"http\", \"tcp\" or \
                     \"exec\"; add for example `http: {url: http://localhost:8080/health}`",
                );
                continue;
            };
            for (key, required, example) in PROBES {
                if key != *probe {
                    continue;
                }
                let Some(Field {
                    value: Value::Object(object),
                    line,
                    ..
                }) = check.get(key)
                else {
                    continue;
                };
                if !object.malformed && !object.has(required) {
                    self.error(
                        *line,
                        &join(&path, key),
                        format_args!(
                            "{} {key} check must set \"{required}\"; add `{example}`",
                            article(key)
                        ),
                    );
                }
            }
        }
    }

    /// A `replace` log target says where and how to send logs.
    fn replace_log_targets_are_complete(&mut self, layer: &Object) {
        for (item, target) in readable(layer, "log-targets") {
            if !is_replace(target) {
                continue;
            }
            let path = join("log-targets", &item.name);
            if !target.has("type") {
                self.error(
                    item.line,
                    &path,
                    "a log target with `override: replace` must define \"type\"; add `type: loki`, \
                     `type: opentelemetry` or `type: syslog`",
                );
            }
            if !target.has("location") {
                self.error(
                    item.line,
                    &path,
                    "a log target with `override: replace` must define \"location\"; add the URL \
                     to send logs to, e.g. `location: http://loki:3100/loki/api/v1/push`",
                );
            }
        }
    }

    /// Names of services and checks used by other objects exist in this layer or are listed
    /// in `external(...)`.
    fn references(&mut self, layer: &Object) {
        let services: Vec<String> = section(layer, "services")
            .iter()
            .map(|(i, _)| i.name.clone())
            .collect();
        let checks: Vec<String> = section(layer, "checks")
            .iter()
            .map(|(i, _)| i.name.clone())
            .collect();
        let external_services: Vec<String> = self
            .args
            .external_services
            .iter()
            .map(syn::LitStr::value)
            .collect();
        let external_checks: Vec<String> = self
            .args
            .external_checks
            .iter()
            .map(syn::LitStr::value)
            .collect();
        let known_services = (&services, &external_services, "service", "services");
        let known_checks = (&checks, &external_checks, "check", "checks");
        for (item, service) in section(layer, "services") {
            let path = join("services", &item.name);
            for key in ["after", "before", "requires"] {
                for name in names_in(service.get(key)) {
                    self.reference(&join(&path, key), name, known_services);
                }
            }
            if let Some(Field {
                value: Value::Map(actions),
                ..
            }) = service.get("on-check-failure")
            {
                for (name, _) in actions {
                    self.reference(&join(&path, "on-check-failure"), name, known_checks);
                }
            }
        }
        for (item, check) in section(layer, "checks") {
            let Some(Field {
                value: Value::Object(exec),
                ..
            }) = check.get("exec")
            else {
                continue;
            };
            if let Some(Field {
                value: Value::Text(pieces),
                line,
                ..
            }) = exec.get("service-context")
            {
                let name = pieces.iter().map(|p| match p {
                    Piece::Lit(s) | Piece::Param(s) => s.as_str(),
                });
                let item_name = Item {
                    name: name.collect(),
                    line: *line,
                };
                let path = join(
                    &join(&join("checks", &item.name), "exec"),
                    "service-context",
                );
                self.reference(&path, &item_name, known_services);
            }
        }
        for (item, target) in section(layer, "log-targets") {
            let path = join(&join("log-targets", &item.name), "services");
            for entry in names_in(target.get("services")) {
                let name = entry.name.strip_prefix('-').unwrap_or(&entry.name);
                if name == "all" {
                    continue;
                }
                let stripped = Item {
                    name: name.to_owned(),
                    line: entry.line,
                };
                self.reference(&path, &stripped, known_services);
            }
        }
    }

    fn reference(
        &mut self,
        path: &str,
        name: &Item,
        (defined, external, what, list): (&Vec<String>, &Vec<String>, &str, &str),
    ) {
        if defined.contains(&name.name) || external.contains(&name.name) {
            return;
        }
        let candidates = defined.iter().chain(external).map(String::as_str);
        let hint = diag::did_you_mean(&name.name, candidates);
        self.error(
            name.line,
            path,
            format_args!(
                "no {what} \"{}\" in this layer (defined: {}){hint}; if another layer defines it, \
                 add #[layer(external({list} = [\"{}\"]))]",
                name.name,
                diag::list(defined.iter().map(String::as_str)),
                name.name
            ),
        );
    }

    /// `after`/`before` among this layer's services do not form a loop.
    fn before_after_loops(&mut self, layer: &Object) {
        let services = section(layer, "services");
        let defined: BTreeSet<&str> = services.iter().map(|(i, _)| i.name.as_str()).collect();
        // An edge a -> b means a starts before b.
        let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        let mut first_line: BTreeMap<&str, u64> = BTreeMap::new();
        for (item, service) in &services {
            let me = item.name.as_str();
            for (key, forward) in [("after", false), ("before", true)] {
                for other in names_in(service.get(key)) {
                    let other = other.name.as_str();
                    if !defined.contains(other) {
                        continue;
                    }
                    let (from, to) = if forward { (me, other) } else { (other, me) };
                    edges.entry(from).or_default().insert(to);
                    if let Some(field) = service.get(key) {
                        first_line.entry(me).or_insert(field.line);
                    }
                }
            }
        }
        for cycle in strongly_connected(&defined, &edges) {
            let line = cycle
                .iter()
                .filter_map(|name| first_line.get(name))
                .min()
                .copied()
                .unwrap_or(0);
            let first = cycle.first().copied().unwrap_or_default();
            self.error(
                line,
                &join("services", first),
                format_args!(
                    "services in before/after loop: {}; remove one of the `after`/`before` entries",
                    cycle.join(", ")
                ),
            );
        }
    }

    /// Every parameter is used by a placeholder.
    fn parameters_are_used(&mut self, used: &BTreeSet<String>) {
        for param in &self.function.params {
            let name = param.ident.to_string();
            if !used.contains(&name) {
                self.diag.error(
                    param.ident.span(),
                    format_args!(
                        "parameter `{name}` is not used in the layer; write ${{{name}}} in a text \
                         value (command, environment value, ...) or remove the parameter"
                    ),
                );
            }
        }
    }
}

/// The loops of a directed graph: strongly connected components with more than one node, or
/// one node with an edge to itself; names sorted inside each loop.
fn strongly_connected<'a>(
    nodes: &BTreeSet<&'a str>,
    edges: &BTreeMap<&'a str, BTreeSet<&'a str>>,
) -> Vec<Vec<&'a str>> {
    // Kosaraju: order by finish time, then walk the reversed graph.
    let mut order = Vec::new();
    let mut seen = BTreeSet::new();
    for &start in nodes {
        if seen.contains(start) {
            continue;
        }
        let mut stack = vec![(start, false)];
        while let Some((node, done)) = stack.pop() {
            if done {
                order.push(node);
                continue;
            }
            if !seen.insert(node) {
                continue;
            }
            stack.push((node, true));
            for &next in edges.get(node).into_iter().flatten() {
                if !seen.contains(next) {
                    stack.push((next, false));
                }
            }
        }
    }
    let mut reversed: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (&from, tos) in edges {
        for &to in tos {
            reversed.entry(to).or_default().push(from);
        }
    }
    let mut assigned = BTreeSet::new();
    let mut loops = Vec::new();
    for &start in order.iter().rev() {
        if assigned.contains(start) {
            continue;
        }
        let mut component = Vec::new();
        let mut stack = vec![start];
        assigned.insert(start);
        while let Some(node) = stack.pop() {
            component.push(node);
            for &prev in reversed.get(node).into_iter().flatten() {
                if assigned.insert(prev) {
                    stack.push(prev);
                }
            }
        }
        let self_loop = edges.get(start).is_some_and(|tos| tos.contains(start));
        if component.len() > 1 || self_loop {
            component.sort_unstable();
            loops.push(component);
        }
    }
    loops.sort();
    loops
}
