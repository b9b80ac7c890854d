//! Reading the layer's YAML into the [`Object`] model, following the tables of
//! `charm_spec::layer`: unknown sections and fields, value shapes, enum values, durations,
//! numbers and placeholders. Every problem is recorded; rules that need the whole layer are in
//! `validate`.

use std::collections::BTreeSet;

use charm_spec::duration::{GoDuration, Reason, Rule};
use charm_spec::layer::{
    CheckLevel, EXTENSION_SECTIONS, EnumSpec, Kind, Layer, ObjectSpec, Startup,
};
use charm_spec::yaml::{Node, ScalarKind, Value as Yaml};

use super::parse::{self, LayerFn, Piece};
use super::{Field, Item, Object, ParamKind, Value};
use crate::diag::{self, Diagnostics};

/// Reads YAML nodes according to the tables.
pub(super) struct Decoder<'a> {
    pub(super) function: &'a LayerFn,
    /// Parameters named by placeholders so far.
    pub(super) used: BTreeSet<String>,
    /// Whether a placeholder was rejected (then unused parameters are not reported: the
    /// placeholder was probably meant to use them).
    pub(super) placeholder_errors: bool,
    pub(super) diag: &'a mut Diagnostics,
}

/// `a` or `an` before `word` as spoken (`an http check`).
pub(super) fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) || word.starts_with("http") {
        "an"
    } else {
        "a"
    }
}

/// `path.key`, quoting a key that holds a `.` or a space (or is empty).
pub(super) fn join(path: &str, key: &str) -> String {
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
    pub(super) fn error(&mut self, line: u64, path: &str, message: impl std::fmt::Display) {
        let at = self.function.source.line(line);
        self.diag.error(
            self.function.source.span(),
            format_args!("{path} ({at}): {message}"),
        );
    }

    pub(super) fn object(&mut self, node: &Node, spec: &'static ObjectSpec, path: &str) -> Object {
        let mut object = Object::new(spec);
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
            let Some(field) = spec.field(&key) else {
                self.unknown_field(key_node.line, &key_path, &key, spec);
                // A misspelt field is reported once, not also as missing.
                if let Some(meant) = diag::closest(&key, spec.keys()) {
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
                    spec: field,
                    line: key_node.line,
                    value,
                });
            }
        }
        object
    }

    fn unknown_field(&mut self, line: u64, path: &str, key: &str, spec: &ObjectSpec) {
        let known = spec.keys();
        let hint = diag::did_you_mean(key, known.clone());
        if spec.rust_type == Layer::SPEC.rust_type {
            if EXTENSION_SECTIONS.contains(&key) {
                let services = if key == "workloads" {
                    "; a service of this layer can name one with `workload: name` and \
                     #[layer(external(workloads = [\"name\"]))]"
                } else {
                    ""
                };
                self.error(
                    line,
                    path,
                    format_args!(
                        "section \"{key}\" is a Pebble extension that charm_runtime::layer::Layer \
                         does not model; define it in a layer file of the workload image{services}"
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
                if let Err(reason) = charm_spec::layer::command::check(template) {
                    self.error(node.line, path, format_args!("invalid command: {reason}"));
                    return None;
                }
                Some(Value::Text(pieces))
            }
            Kind::Name(_) => {
                let name = self.literal(node, path)?;
                Some(Value::Text(vec![Piece::Lit(name)]))
            }
            Kind::Enum(spec) => self.enumeration(node, spec, path),
            Kind::Duration(rules) => self.duration(node, rules, path, key),
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
            Kind::Names(_) => self.names(node, path).map(Value::List),
            Kind::TextMap => self.text_map(node, path, false),
            Kind::Labels => self.text_map(node, path, true),
            Kind::CheckActions(actions) => {
                let entries = self.mapping(node, path, "on-check-failure")?;
                let mut map = Vec::new();
                for (k, v) in entries {
                    let Some(name) = self.literal(k, path) else {
                        continue;
                    };
                    let entry_path = join(path, &name);
                    if let Some(action) = self.enumeration(v, actions, &entry_path) {
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
            Kind::Enum(spec) if spec.rust_type == Startup::SPEC.rust_type => ParamKind::Startup,
            Kind::Enum(spec) if spec.rust_type == CheckLevel::SPEC.rust_type => ParamKind::Level,
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
        let allowed: Vec<&str> = spec.allowed().map(|value| value.yaml).collect();
        if let Some(value) = spec.allowed().find(|value| value.yaml == text) {
            return Some(Value::Enum(spec.rust_type, value.variant));
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

    /// A Go duration that obeys the field's `rules`.
    fn duration(&mut self, node: &Node, rules: &[Rule], path: &str, key: &str) -> Option<Value> {
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
        let error = match GoDuration::parse_with(&text, rules) {
            Ok(duration) => return Some(Value::Duration(duration.0)),
            Err(error) => error,
        };
        let message = match error.reason() {
            Reason::Rule(Rule::NotZero) => {
                format!("{key} must not be zero; write a positive duration such as \"10s\"")
            }
            reason => format!(
                "\"{text}\" is not a valid duration ({reason}); write a Go duration such as \
                 \"500ms\", \"10s\" or \"1m30s\""
            ),
        };
        self.error(node.line, path, message);
        None
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
