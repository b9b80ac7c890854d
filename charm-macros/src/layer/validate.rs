//! Pebble's layer rules that need the whole layer: what `replace` objects must define,
//! references, before/after loops, unused parameters. One small function per rule; the
//! model comes from `decode`, which follows the tables of `charm_spec::layer`.

use std::collections::{BTreeMap, BTreeSet};

use charm_spec::layer::{Check, EnumSpec, FieldSpec, Kind, Layer, ObjectSpec, Refers, Required};
use charm_spec::yaml::Value as Yaml;

use super::decode::{Decoder, article, join};
use super::parse::{Args, LayerFn, Piece};
use super::target::LayerTarget;
use super::{Field, Item, Object, Value};
use crate::diag::{self, Diagnostics};

/// Checks the layer of `function` for the Pebble of `target` and builds its model. Problems
/// go to `diag`; the model is only meaningful when there are none. Without `args` (the
/// attribute did not parse), references are not checked, since `external(...)` is unknown;
/// without `target` (`charmcraft.yaml` could not be read), versions are not.
pub(crate) fn layer(
    function: &LayerFn,
    args: Option<&Args>,
    target: Option<&LayerTarget>,
    diag: &mut Diagnostics,
) -> Object {
    let empty = Object::new(&Layer::SPEC);
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
        Yaml::Map(_) => decoder.object(&root, &Layer::SPEC, ""),
        _ => {
            decoder.error(
                root.line,
                "the layer",
                format_args!(
                    "expected a mapping of sections ({}), found {}",
                    diag::list(Layer::SPEC.keys()),
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
    if let Some(target) = target {
        rules.fields_in_target(&layer, "", target);
    }
    rules.names(&layer);
    rules.overrides(&layer);
    rules.replace_objects_are_complete(&layer);
    rules.workload_services_have_no_user(&layer);
    rules.checks_have_one_probe(&layer);
    if args.is_some() {
        rules.references(&layer);
    }
    rules.before_after_loops(&layer);
    if !decoder.placeholder_errors {
        rules.parameters_are_used(&decoder.used);
    }
    layer
}

/// Names a reference may use: defined in this layer, listed in `external(...)`, what they
/// are and the `external(...)` list that takes them.
type Names<'a> = (&'a [String], &'a [String], &'static str, &'static str);

/// The services, checks and workloads references may name.
struct Known<'a> {
    services: Names<'a>,
    checks: Names<'a>,
    workloads: &'a [String],
}

/// The rules that need the whole layer.
struct Rules<'a> {
    function: &'a LayerFn,
    args: &'a Args,
    diag: &'a mut Diagnostics,
}

/// What to add for a required field: `` `port: 8080` ``, or each allowed value.
fn example(field: &FieldSpec) -> String {
    match field.kind {
        Kind::Enum(values) => {
            let options: Vec<String> = values
                .allowed()
                .map(|value| format!("`{}: {}`", field.key, value.yaml))
                .collect();
            match options.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
                _ => options.concat(),
            }
        }
        _ => format!("`{}: {}`", field.key, field.example),
    }
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

    /// Every field and value is in the Pebble of the target (the oldest Pebble the charm's
    /// `assumes` admits), for `object` at `path` and the objects in it.
    fn fields_in_target(&mut self, object: &Object, path: &str, target: &LayerTarget) {
        for field in &object.fields {
            let spec = field.spec;
            let field_path = join(path, spec.key);
            if let Some(since) = spec.since.filter(|since| target.target.lacks(*since)) {
                let what = if object.spec.rust_type == Layer::SPEC.rust_type {
                    format!("section \"{}\"", spec.key)
                } else {
                    format!("{} field \"{}\"", object.spec.what, spec.key)
                };
                let remove = format!("remove \"{}\"", spec.key);
                let message = target.too_new(&what, since, &remove);
                self.error(field.line, &field_path, message);
                continue;
            }
            match (spec.kind, &field.value) {
                (Kind::Enum(values), Value::Enum(_, variant)) => {
                    self.value_in_target(values, variant, field.line, &field_path, target);
                }
                (Kind::CheckActions(values), Value::Map(entries)) => {
                    for (item, value) in entries {
                        if let Value::Enum(_, variant) = value {
                            let entry_path = join(&field_path, &item.name);
                            self.value_in_target(values, variant, item.line, &entry_path, target);
                        }
                    }
                }
                (Kind::Probe(_), Value::Object(probe)) => {
                    self.fields_in_target(probe, &field_path, target);
                }
                (Kind::Section(_), Value::Map(entries)) => {
                    for (item, value) in entries {
                        if let Value::Object(entry) = value {
                            self.fields_in_target(entry, &join(&field_path, &item.name), target);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// The enum value `variant` of `values` is in the Pebble of the target.
    fn value_in_target(
        &mut self,
        values: &EnumSpec,
        variant: &str,
        line: u64,
        path: &str,
        target: &LayerTarget,
    ) {
        let Some(value) = values.values.iter().find(|value| value.variant == variant) else {
            return;
        };
        let Some(since) = value.since.filter(|since| target.target.lacks(*since)) else {
            return;
        };
        let there: Vec<&str> = values
            .allowed()
            .filter(|other| other.since.is_none_or(|since| !target.target.lacks(since)))
            .map(|other| other.yaml)
            .collect();
        let what = format!("{} \"{}\"", values.what, value.yaml);
        let instead = format!("use {} instead", diag::one_of(&there));
        let message = target.too_new(&what, since, &instead);
        self.error(line, path, message);
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
        for (key, spec) in Layer::SPEC.nested().filter(|(key, _)| *key != "services") {
            for (item, _) in section(layer, key) {
                if item.name.is_empty() {
                    self.error(
                        item.line,
                        &join(key, ""),
                        format_args!("cannot use an empty string as a {} name", spec.what),
                    );
                }
            }
        }
    }

    /// Every object says how it combines with lower layers.
    fn overrides(&mut self, layer: &Object) {
        for (key, spec) in Layer::SPEC.nested() {
            let what = spec.what;
            for field in spec.required(Required::InEveryLayer) {
                for (item, object) in readable(layer, key) {
                    if !object.has(field.key) {
                        self.error(
                            item.line,
                            &join(key, &item.name),
                            format_args!(
                                "missing \"{0}\"; add `{0}: replace` to define the whole {what}, \
                                 or `{0}: merge` to change fields of a {what} from a lower layer",
                                field.key
                            ),
                        );
                    }
                }
            }
        }
    }

    /// A `replace` object defines what the combined plan requires (it replaces any lower
    /// definition): a service's command, a log target's type and location. (What a check
    /// requires, one probe, is [`Self::checks_have_one_probe`].)
    fn replace_objects_are_complete(&mut self, layer: &Object) {
        for (key, spec) in Layer::SPEC.nested() {
            let what = spec.what;
            for (item, object) in readable(layer, key) {
                if !is_replace(object) {
                    continue;
                }
                for field in spec
                    .required(Required::InPlan)
                    .filter(|f| !object.has(f.key))
                {
                    let add = example(field);
                    let or_merge = if matches!(field.kind, Kind::Enum(_)) {
                        String::new()
                    } else {
                        format!(
                            ", or use `override: merge` to change {} {what} that another layer \
                             defines",
                            article(what)
                        )
                    };
                    self.error(
                        item.line,
                        &join(key, &item.name),
                        format_args!(
                            "{} {what} with `override: replace` must define \"{}\"; add \
                             {add}{or_merge}",
                            article(what),
                            field.key
                        ),
                    );
                }
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
        let keys: Vec<&str> = Check::SPEC.nested().map(|(key, _)| key).collect();
        for (item, check) in readable(layer, "checks") {
            let path = join("checks", &item.name);
            let present: Vec<(&str, &ObjectSpec)> = Check::SPEC
                .nested()
                .filter(|(key, _)| check.has(key))
                .collect();
            if present.len() > 1 {
                let found: Vec<&str> = present.iter().map(|(key, _)| *key).collect();
                self.error(
                    item.line,
                    &path,
                    format_args!(
                        "a check must have exactly one of {}, found {}; keep one, or split it \
                         into several checks",
                        diag::one_of(&keys),
                        diag::one_of(&found).replace(" or ", " and ")
                    ),
                );
                continue;
            }
            if !is_replace(check) {
                continue;
            }
            let Some((key, spec)) = present.first() else {
                let suggestion = Check::SPEC
                    .nested()
                    .find_map(|(key, spec)| {
                        let field = spec.required(Required::InPlan).next()?;
                        Some(format!("`{key}: {{{}: {}}}`", field.key, field.example))
                    })
                    .unwrap_or_default();
                self.error(
                    item.line,
                    &path,
                    format_args!(
                        "a check with `override: replace` must have one of {}; add for example \
                         {suggestion}",
                        diag::one_of(&keys)
                    ),
                );
                continue;
            };
            let Some(Field {
                value: Value::Object(probe),
                line,
                ..
            }) = check.get(key)
            else {
                continue;
            };
            if probe.malformed {
                continue;
            }
            for field in spec
                .required(Required::InPlan)
                .filter(|f| !probe.has(f.key))
            {
                self.error(
                    *line,
                    &join(&path, key),
                    format_args!(
                        "{} {} must set \"{}\"; add {}",
                        article(spec.what),
                        spec.what,
                        field.key,
                        example(field)
                    ),
                );
            }
        }
    }

    /// Names of services and checks used by other objects exist in this layer or are listed
    /// in `external(...)`: every field that refers to them, in table order.
    fn references(&mut self, layer: &Object) {
        let names = |key| -> Vec<String> {
            section(layer, key)
                .iter()
                .map(|(i, _)| i.name.clone())
                .collect()
        };
        let external = |names: &[syn::LitStr]| -> Vec<String> {
            names.iter().map(syn::LitStr::value).collect()
        };
        let services = names("services");
        let checks = names("checks");
        let external_services = external(&self.args.external_services);
        let external_checks = external(&self.args.external_checks);
        let workloads = external(&self.args.external_workloads);
        let known = Known {
            services: (&services, &external_services, "service", "services"),
            checks: (&checks, &external_checks, "check", "checks"),
            workloads: &workloads,
        };
        for (key, _) in Layer::SPEC.nested() {
            for (item, object) in section(layer, key) {
                self.references_in(&join(key, &item.name), object, &known);
            }
        }
    }

    /// The references in the fields of `object` (and of its probes).
    fn references_in(&mut self, path: &str, object: &Object, known: &Known<'_>) {
        for spec in object.spec.fields {
            let Some(field) = object.get(spec.key) else {
                continue;
            };
            let path = join(path, spec.key);
            match (spec.kind, &field.value) {
                (Kind::Names(Refers::Services), Value::List(items)) => {
                    for name in items {
                        self.reference(&path, name, known.services);
                    }
                }
                (Kind::Names(Refers::ServiceSelection), Value::List(items)) => {
                    for entry in items {
                        let name = entry.name.strip_prefix('-').unwrap_or(&entry.name);
                        if name != "all" {
                            let name = Item {
                                name: name.to_owned(),
                                line: entry.line,
                            };
                            self.reference(&path, &name, known.services);
                        }
                    }
                }
                (Kind::Name(Refers::Services), Value::Text(pieces)) => {
                    let name = Item {
                        name: pieces
                            .iter()
                            .map(|p| match p {
                                Piece::Lit(s) | Piece::Param(s) => s.as_str(),
                            })
                            .collect(),
                        line: field.line,
                    };
                    self.reference(&path, &name, known.services);
                }
                (Kind::Name(Refers::Workload), Value::Text(pieces)) => {
                    let name: String = pieces
                        .iter()
                        .map(|p| match p {
                            Piece::Lit(s) | Piece::Param(s) => s.as_str(),
                        })
                        .collect();
                    self.workload(&path, &name, field.line, known.workloads);
                }
                (Kind::CheckActions(_), Value::Map(actions)) => {
                    for (name, _) in actions {
                        self.reference(&path, name, known.checks);
                    }
                }
                (Kind::Probe(_), Value::Object(probe)) => {
                    self.references_in(&path, probe, known);
                }
                _ => {}
            }
        }
    }

    fn reference(&mut self, path: &str, name: &Item, names: Names<'_>) {
        let (defined, external, what, list) = names;
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

    /// A workload a service names is listed in `external(workloads = [...])`: layers added
    /// through the API cannot define workloads, the layer files of the workload image do.
    fn workload(&mut self, path: &str, name: &str, line: u64, external: &[String]) {
        if external.iter().any(|known| known == name) {
            return;
        }
        let hint = diag::did_you_mean(name, external.iter().map(String::as_str));
        self.error(
            line,
            path,
            format_args!(
                "no workload \"{name}\" in `external(workloads = [...])`{hint}; a #[layer] cannot \
                 define workloads (the layer files of the workload image do), so if the image \
                 defines it, add #[layer(external(workloads = [\"{name}\"]))]"
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
