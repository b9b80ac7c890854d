//! Rules for a `#[charm]` impl block: its handlers, their events and their arguments, checked
//! against each other and against `charmcraft.yaml`. One small function per rule.

use std::collections::HashMap;

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{LitStr, Type};

use super::mount::{self, Endpoint};
use super::parse::{Arg, Charm, Handler, Receiver, Source, last_ident, option_inner};
use crate::diag::{Diagnostics, closest, list};
use charm_spec::charmcraft::{Entry, FILE_NAME, Section};

use crate::metadata::{Lookup, Metadata};
use crate::on::parse::On;
use crate::on::{self, EventKind, Payload, Target, Trigger};
use crate::spanned::Sp;

/// Where each argument of a valid handler gets its value, as `expand` prints it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Resolved {
    /// Through the runtime's `FromContext`.
    Extract,
    /// The library mounted by the `#[interface]` function with this name.
    Mount(syn::Ident),
    /// The container with this name.
    Container(String),
    /// The container of the (workload) event being handled.
    EventContainer,
    /// The config option with this name.
    Config(String),
    /// The action parameter with this name.
    Param(String),
    /// The value kept in the unit's state under `key`, lent as `mode` says; `inner` is the
    /// value's type (the argument's type without its reference).
    State {
        /// The state key.
        key: String,
        /// How the handler takes it.
        mode: StateMode,
        /// The value's type.
        inner: Box<Type>,
    },
}

/// How a `#[state]` argument takes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StateMode {
    /// `memo: Memo`: a copy; not saved.
    Owned,
    /// `memo: &Memo`: read only; not saved.
    Shared,
    /// `memo: &mut Memo`: saved after the handler returned `Ok`, if changed.
    Exclusive,
}

/// What `expand` prints from: where each handler argument comes from (outer index: handler,
/// inner: argument), and the endpoint of each `#[interface]` function.
#[derive(Debug)]
pub(crate) struct Checked {
    /// Per handler, per argument.
    pub args: Vec<Vec<Resolved>>,
    /// Per mount, its endpoint (`None` when it is not declared, an error recorded).
    pub endpoints: Vec<Option<Endpoint>>,
}

/// Checks `charm` and says where each handler argument comes from and what each mount serves.
pub(crate) fn validate(charm: &Charm, metadata: &Metadata, diag: &mut Diagnostics) -> Checked {
    impl_is_inherent(charm, diag);
    impl_is_not_generic(charm, diag);
    one_handler_per_event(charm, diag);
    let endpoints = mount::validate(&charm.mounts, metadata, diag);
    let args = charm
        .handlers
        .iter()
        .map(|handler| {
            receiver_is_a_reference(handler, diag);
            handler_is_not_generic(handler, diag);
            collect_status_alone(handler, diag);
            triggers_do_not_overlap(handler, diag);
            for on in &handler.ons {
                on::validate::validate(on, metadata, diag);
                interface_is_mounted(on, &charm.mounts, &endpoints, diag);
            }
            state_keys_differ(handler, diag);
            handler
                .args
                .iter()
                .map(|arg| resolve(charm, handler, arg, metadata, diag))
                .collect()
        })
        .collect();
    Checked { args, endpoints }
}

/// `#[on(interface = "endpoint")]` names an endpoint an `#[interface]` function mounts a
/// library on.
fn interface_is_mounted(
    on: &On,
    mounts: &[mount::Mount],
    endpoints: &[Option<Endpoint>],
    diag: &mut Diagnostics,
) {
    let (Trigger::Interface, Some(target)) = (*on.trigger, &on.target) else {
        return;
    };
    let endpoint = target.value();
    let mounted = |(mount, found): (&mount::Mount, &Option<Endpoint>)| match found {
        Some(found) => found.name == endpoint,
        // Its own error says what is wrong with it.
        None => mount.written_endpoint() == endpoint,
    };
    if mounts.iter().zip(endpoints).any(mounted) {
        return;
    }
    let mounted = list(endpoints.iter().flatten().map(|e| e.name.as_str()));
    diag.error(
        target.span(),
        format!(
            "no library is mounted on endpoint \"{endpoint}\" (mounted on: {mounted}); mount \
             one with an #[interface] function in this impl block: \
             `#[interface = \"{endpoint}\"] fn name(endpoint: &'static str) -> Library`"
        ),
    );
}

/// Every event a handler runs on, with the `#[on]` it comes from.
fn events_of(handler: &Handler) -> impl Iterator<Item = (EventKind, &On)> {
    handler
        .ons
        .iter()
        .flat_map(|on| on.trigger.members().into_iter().map(move |kind| (kind, on)))
}

/// How a handler's event reads in messages: `` `install` ``, or with the group it comes from.
fn runs_on(kind: EventKind, on: &On) -> String {
    match *on.trigger {
        Trigger::Event(_) => format!("`{}`", kind.keyword),
        Trigger::Group(group) => format!("`{}` (in `{}`)", kind.keyword, group.keyword),
        Trigger::CollectStatus => format!(
            "`{}` (`collect_status` runs after every event)",
            kind.keyword
        ),
        Trigger::Interface => format!("`{}` (a library may report on any event)", kind.keyword),
    }
}

/// `collect_status` runs after the handlers of every event: a handler with it needs no other
/// `#[on]`, and would run twice for some events with one.
fn collect_status_alone(handler: &Handler, diag: &mut Diagnostics) {
    if !handler
        .ons
        .iter()
        .any(|on| *on.trigger == Trigger::CollectStatus)
    {
        return;
    }
    for on in handler
        .ons
        .iter()
        .filter(|on| *on.trigger != Trigger::CollectStatus)
    {
        diag.error(
            on.trigger.span(),
            format!(
                "`collect_status` runs after the handlers of every event, so this handler needs \
                 no other #[on]; move #[on({})] to another handler",
                on.describe()
            ),
        );
    }
}

/// Whether group `group` (narrowed to `target`, if it is about a named thing) includes the
/// event `kind` narrowed to `kind_target`.
fn group_includes(
    group: on::Group,
    target: Option<&LitStr>,
    kind: EventKind,
    kind_target: Option<&LitStr>,
) -> bool {
    group.members.contains(&kind.keyword)
        && match (target, kind_target) {
            (Some(a), Some(b)) => a.value() == b.value(),
            _ => true,
        }
}

/// A handler runs once per event: none of its `#[on]`s may include another's events.
fn triggers_do_not_overlap(handler: &Handler, diag: &mut Diagnostics) {
    for (i, later) in handler.ons.iter().enumerate() {
        for earlier in &handler.ons[..i] {
            let message = match (*earlier.trigger, *later.trigger) {
                (Trigger::Group(group), Trigger::Event(kind))
                | (Trigger::Event(kind), Trigger::Group(group)) => {
                    let (group_on, event_on) = if matches!(*earlier.trigger, Trigger::Group(_)) {
                        (earlier, later)
                    } else {
                        (later, earlier)
                    };
                    if !group_includes(
                        group,
                        group_on.target.as_ref(),
                        kind,
                        event_on.target.as_ref(),
                    ) {
                        continue;
                    }
                    format!(
                        "`{}` is already in #[on({})] on this handler, which runs it once per \
                         event; remove #[on({})]",
                        kind.keyword,
                        group_on.describe(),
                        event_on.describe()
                    )
                }
                (Trigger::Group(first), Trigger::Group(second)) => {
                    let Some(shared) = second.members.iter().find(|member| {
                        on::event_kind(member).is_some_and(|kind| {
                            group_includes(
                                first,
                                earlier.target.as_ref(),
                                kind,
                                later.target.as_ref(),
                            )
                        })
                    }) else {
                        continue;
                    };
                    format!(
                        "#[on({})] and #[on({})] on this handler both include `{shared}`; a \
                         handler runs once per event: keep one of them, or split the handler",
                        earlier.describe(),
                        later.describe()
                    )
                }
                _ => continue,
            };
            diag.error(later.trigger.span(), message);
        }
    }
}

/// Two `#[state]` arguments of one handler under one key would each save over the other.
fn state_keys_differ(handler: &Handler, diag: &mut Diagnostics) {
    let mut seen: Vec<String> = Vec::new();
    for arg in &handler.args {
        let Source::State(attr) = &arg.source else {
            continue;
        };
        let Ok(key) = option_name(arg, attr, "state") else {
            continue; // reported when the argument is resolved
        };
        if seen.contains(&key) {
            diag.error(
                key.span(),
                format!(
                    "another argument of this handler already keeps state \"{}\"; take it once",
                    &*key
                ),
            );
        } else {
            seen.push((*key).clone());
        }
    }
}

/// `#[charm]` implements the runtime's trait for the type: it needs an inherent impl block.
fn impl_is_inherent(charm: &Charm, diag: &mut Diagnostics) {
    if let Some((path, _)) = &charm.item.trait_ {
        diag.error(
            path.span(),
            "#[charm] goes on the inherent impl block (`impl MyCharm { ... }`), not a trait impl",
        );
    }
}

/// The dispatch code names the type without parameters.
fn impl_is_not_generic(charm: &Charm, diag: &mut Diagnostics) {
    if !charm.item.generics.params.is_empty() {
        diag.error(
            charm.item.generics.params.span(),
            "a charm type cannot be generic: #[charm] needs one concrete type to dispatch to",
        );
    }
}

/// Two handlers for one event would leave the order to chance: share one handler instead.
/// (Handlers of groups and `collect_status` run in source order, after the event's own.)
fn one_handler_per_event(charm: &Charm, diag: &mut Diagnostics) {
    let mut seen: HashMap<_, &syn::Ident> = HashMap::new();
    for handler in &charm.handlers {
        for on in &handler.ons {
            if !matches!(*on.trigger, Trigger::Event(_)) {
                continue;
            }
            if let Some(first) = seen.get(&on.identity()) {
                let what = if first == &&handler.ident {
                    "this handler already has".to_owned()
                } else {
                    format!("`{first}` already handles")
                };
                diag.error(
                    on.trigger.span(),
                    format!(
                        "{what} #[on({})]; an event has one handler of its own (call shared \
                         code from it, or give it to a group: #[on(reconcile)])",
                        on.describe()
                    ),
                );
            } else {
                seen.insert(on.identity(), &handler.ident);
            }
        }
    }
}

/// The charm is built fresh for each event and lent to the handler.
fn receiver_is_a_reference(handler: &Handler, diag: &mut Diagnostics) {
    if let Some(receiver) = handler.receiver
        && *receiver == Receiver::Owned
    {
        diag.error(
            receiver.span(),
            "a handler takes `&self` or `&mut self`, not `self` by value or a typed `self`",
        );
    }
}

/// Arguments are found by type, so a handler's types must be concrete.
fn handler_is_not_generic(handler: &Handler, diag: &mut Diagnostics) {
    if let Some(span) = handler.generics {
        diag.error(
            span,
            "a handler cannot be generic: each argument's type says what it receives",
        );
    }
}

/// Says where `arg` comes from, checking it against the handler's events and the metadata.
fn resolve(
    charm: &Charm,
    handler: &Handler,
    arg: &Arg,
    metadata: &Metadata,
    diag: &mut Diagnostics,
) -> Resolved {
    match &arg.source {
        Source::Extract if let Some(mount) = mounted(charm, arg) => Resolved::Mount(mount.clone()),
        Source::Container(explicit) => container(handler, arg, explicit.as_ref(), metadata, diag),
        Source::Config(attr) => config(arg, attr, metadata, diag),
        Source::Param(attr) => param(handler, arg, attr, metadata, diag),
        Source::State(attr) => state(arg, attr, diag),
        Source::Extract => {
            payload_fits_events(handler, arg, diag);
            params_only_in_actions(handler, arg, diag);
            Resolved::Extract
        }
    }
}

/// The `#[interface]` function an argument is named after: the argument takes its library.
fn mounted<'a>(charm: &'a Charm, arg: &Arg) -> Option<&'a syn::Ident> {
    let name = arg.name.as_ref()?;
    charm.mounts.iter().map(|m| &m.ident).find(|m| *m == name)
}

/// A name as written in Rust (`log_level`) against a name in the metadata (`log-level`).
pub(crate) fn matching<'a>(
    rust_name: &str,
    names: impl Iterator<Item = &'a str> + Clone,
) -> Option<&'a str> {
    let dashed = rust_name.replace('_', "-");
    names
        .clone()
        .find(|n| *n == rust_name)
        .or_else(|| names.clone().find(|n| *n == dashed))
}

/// A `Container` argument: `#[container = "x"]`, named after a container, or the container
/// of the workload event the handler runs on.
fn container(
    handler: &Handler,
    arg: &Arg,
    explicit: Option<&LitStr>,
    metadata: &Metadata,
    diag: &mut Diagnostics,
) -> Resolved {
    if let Some(explicit) = explicit {
        if let Err(err) = metadata.containers.lookup(&explicit.into()) {
            diag.push(err);
        }
        return Resolved::Container(explicit.value());
    }
    let by_name = arg
        .name
        .as_ref()
        .and_then(|name| matching(&name.to_string(), metadata.containers.names()));
    if let Some(name) = by_name {
        return Resolved::Container(name.to_owned());
    }
    if let Some((kind, on)) = events_of(handler).find(|(kind, _)| kind.target != Target::Container)
    {
        let shown = arg
            .name
            .as_ref()
            .map_or_else(|| "this container".to_owned(), |n| format!("`{n}`"));
        let hint = arg
            .name
            .as_ref()
            .and_then(|n| closest(&n.to_string(), metadata.containers.names()))
            .map(|c| format!("; did you mean `{}`?", c.replace('-', "_")))
            .unwrap_or_default();
        diag.error(
            arg.pat_span,
            format!(
                "cannot tell which container {shown} is, since this handler also runs on {}: \
                 name the argument after a container (declared: {}) or add \
                 #[container = \"name\"]{hint}",
                runs_on(kind, on),
                list(metadata.containers.names())
            ),
        );
        return Resolved::Extract;
    }
    Resolved::EventContainer
}

/// An event payload argument (`RelationEvent`, ...) needs every event of the handler to carry
/// that payload.
fn payload_fits_events(handler: &Handler, arg: &Arg, diag: &mut Diagnostics) {
    let Some(payload) = last_ident(&arg.ty).and_then(|i| Payload::from_type_name(&i.to_string()))
    else {
        return;
    };
    if let Some((kind, on)) = events_of(handler).find(|(kind, _)| kind.payload != payload) {
        let ty = payload.type_name().unwrap_or_default();
        let givers: Vec<&str> = on::EVENTS
            .iter()
            .filter(|e| e.payload == payload)
            .map(|e| e.keyword)
            .collect();
        diag.error(
            arg.ty.span(),
            format!(
                "`{ty}` comes with {} events only, and this handler also runs on {}; take \
                 `&Event` and match on it",
                givers.join("/"),
                runs_on(kind, on)
            ),
        );
    }
}

/// `Params<T>` exists for actions only.
fn params_only_in_actions(handler: &Handler, arg: &Arg, diag: &mut Diagnostics) {
    if last_ident(&arg.ty).is_some_and(|i| i == "Params") {
        not_action(handler, arg.ty.span(), "`Params`", diag);
    }
}

/// Records an error when one of the handler's events is not an action.
fn not_action(handler: &Handler, span: Span, what: &str, diag: &mut Diagnostics) -> bool {
    if let Some((kind, on)) = events_of(handler).find(|(kind, _)| kind.target != Target::Action) {
        diag.error(
            span,
            format!(
                "{what} is only given to actions, and this handler also runs on {}",
                runs_on(kind, on)
            ),
        );
        true
    } else {
        false
    }
}

/// The name a `#[config]` or `#[param]` argument (`attr`) stands for, where it is written.
///
/// # Errors
///
/// When it is not named in the attribute and the argument is not a plain name.
fn option_name(arg: &Arg, attr: &Sp<Option<LitStr>>, what: &str) -> syn::Result<Sp<String>> {
    match (attr.as_ref(), &arg.name) {
        (Some(name), _) => Ok(name.into()),
        (None, Some(ident)) => Ok(Sp::new(ident.to_string(), ident.span())),
        (None, None) => Err(syn::Error::new(
            attr.span(),
            format!("this argument is not a plain name: write #[{what} = \"name\"]"),
        )),
    }
}

/// A `#[state]` argument: kept under its name (or the key given), lent as its type says.
fn state(arg: &Arg, attr: &Sp<Option<LitStr>>, diag: &mut Diagnostics) -> Resolved {
    let key = match option_name(arg, attr, "state") {
        Ok(key) => key,
        Err(err) => {
            diag.push(err);
            return Resolved::Extract;
        }
    };
    let (mode, inner) = match &arg.ty {
        Type::Reference(reference) if reference.mutability.is_some() => {
            (StateMode::Exclusive, (*reference.elem).clone())
        }
        Type::Reference(reference) => (StateMode::Shared, (*reference.elem).clone()),
        other => (StateMode::Owned, other.clone()),
    };
    Resolved::State {
        key: (*key).clone(),
        mode,
        inner: Box::new(inner),
    }
}

/// A `#[config]` argument: a declared option, of a Rust type that fits its type, optional
/// unless the option has a default.
fn config(
    arg: &Arg,
    attr: &Sp<Option<LitStr>>,
    metadata: &Metadata,
    diag: &mut Diagnostics,
) -> Resolved {
    let name = match option_name(arg, attr, "config") {
        Ok(found) => found,
        Err(err) => {
            diag.push(err);
            return Resolved::Extract;
        }
    };
    let Some(option) = find(&metadata.config, &name, attr.is_some()) else {
        diag.push(metadata.config.missing(&name));
        return Resolved::Extract;
    };
    let (inner, optional) = match option_inner(&arg.ty) {
        Some(inner) => (inner, true),
        None => (&arg.ty, false),
    };
    let ty = option.value.kind.as_str();
    let expected = match ty {
        "string" => RustType::String,
        "secret" => RustType::Secret,
        "int" => RustType::Int,
        "float" => RustType::Float,
        "boolean" => RustType::Bool,
        _ => RustType::Any,
    };
    if !expected.accepts(inner) {
        diag.error(
            inner.span(),
            format!(
                "config option \"{}\" is {} {} (charmcraft.yaml:{}), so this argument cannot be \
                 `{}`; use {}",
                option.name,
                article(ty),
                ty,
                option.line,
                type_text(inner),
                expected.suggestion()
            ),
        );
    } else if !optional && option.value.default.is_none() {
        diag.error(
            arg.ty.span(),
            format!(
                "config option \"{}\" has no default (charmcraft.yaml:{}), so it can be unset: \
                 take `Option<{}>`",
                option.name,
                option.line,
                type_text(inner)
            ),
        );
    }
    Resolved::Config(option.name.clone())
}

/// A `#[param]` argument: the handler runs on actions that all declare the parameter, with a
/// fitting type, optional unless required or defaulted.
fn param(
    handler: &Handler,
    arg: &Arg,
    attr: &Sp<Option<LitStr>>,
    metadata: &Metadata,
    diag: &mut Diagnostics,
) -> Resolved {
    if not_action(handler, attr.span(), "#[param]", diag) {
        return Resolved::Extract;
    }
    let name = match option_name(arg, attr, "param") {
        Ok(found) => found,
        Err(err) => {
            diag.push(err);
            return Resolved::Extract;
        }
    };
    let mut resolved = None;
    for on in &handler.ons {
        let Some(action) = on
            .target
            .as_ref()
            .and_then(|t| metadata.actions.get(&t.value()))
        else {
            continue; // reported by the #[on] rules
        };
        let Some(param) = find(&action.value.params, &name, attr.is_some()) else {
            let err = action.value.params.missing(&name);
            let message = err.to_string().replacen(
                &format!(" in {FILE_NAME}"),
                &format!(" of action \"{}\" in {FILE_NAME}", action.name),
                1,
            );
            diag.error(name.span(), message);
            continue;
        };
        let (inner, optional) = match option_inner(&arg.ty) {
            Some(inner) => (inner, true),
            None => (&arg.ty, false),
        };
        let ty = param.value.kind.as_deref().unwrap_or("object");
        let expected = match ty {
            "string" => RustType::String,
            "integer" => RustType::Int,
            "number" => RustType::Float,
            "boolean" => RustType::Bool,
            "array" => RustType::Array,
            _ => RustType::Any,
        };
        if !expected.accepts(inner) {
            diag.error(
                inner.span(),
                format!(
                    "parameter \"{}\" of action \"{}\" is {} {} (charmcraft.yaml:{}), so this \
                     argument cannot be `{}`; use {}",
                    param.name,
                    action.name,
                    article(ty),
                    ty,
                    param.line,
                    type_text(inner),
                    expected.suggestion()
                ),
            );
        } else if !optional && !param.value.required && param.value.default.is_none() {
            diag.error(
                arg.ty.span(),
                format!(
                    "parameter \"{}\" of action \"{}\" is neither required nor defaulted \
                     (charmcraft.yaml:{}), so it can be absent: take `Option<{}>` or list it \
                     under `required:`",
                    param.name,
                    action.name,
                    param.line,
                    type_text(inner)
                ),
            );
        }
        resolved = Some(param.name.clone());
    }
    resolved.map_or(Resolved::Extract, Resolved::Param)
}

/// The entry a Rust name stands for: exactly `name` when it was given explicitly, otherwise
/// `name` or `name` with `_` written as `-` (`log_level` for `log-level`).
fn find<'a, T>(section: &'a Section<T>, name: &str, explicit: bool) -> Option<&'a Entry<T>> {
    let found = if explicit {
        section.get(name).map(|e| e.name.as_str())
    } else {
        matching(name, section.names())
    };
    found.and_then(|n| section.get(n))
}

/// "a" or "an".
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// A type as the user wrote it, compactly.
pub(crate) fn type_text(ty: &Type) -> String {
    quote::ToTokens::to_token_stream(ty)
        .to_string()
        .replace(" < ", "<")
        .replace(" >", ">")
        .replace("& ", "&")
        .replace(" :: ", "::")
}

/// The Rust types that can hold a value of a metadata type.
#[derive(Debug, Clone, Copy)]
enum RustType {
    String,
    Secret,
    Int,
    Float,
    Bool,
    Array,
    Any,
}

/// Names of the scalar types this check knows; other types are left to serde at run time.
const SCALARS: &[&str] = &[
    "String", "str", "bool", "char", "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16",
    "u32", "u64", "u128", "usize", "f32", "f64", "Vec",
];
const INTS: &[&str] = &[
    "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
];

impl RustType {
    /// Whether `ty` can hold the value. Types this check does not know are accepted (serde
    /// decides at run time), so a newtype or alias still works.
    fn accepts(self, ty: &Type) -> bool {
        let Some(ident) = last_ident(ty).map(ToString::to_string) else {
            return true;
        };
        if !SCALARS.contains(&ident.as_str()) {
            return true;
        }
        if matches!(ty, Type::Reference(_)) {
            return false;
        }
        match self {
            Self::String => ident == "String",
            Self::Secret => ident == "String",
            Self::Int => INTS.contains(&ident.as_str()),
            Self::Float => ident == "f64" || ident == "f32",
            Self::Bool => ident == "bool",
            Self::Array => ident == "Vec",
            Self::Any => true,
        }
    }

    /// What to write instead.
    fn suggestion(self) -> &'static str {
        match self {
            Self::String => "`String`",
            Self::Secret => "`String` (the secret's id)",
            Self::Int => "`i64` (or another integer type)",
            Self::Float => "`f64`",
            Self::Bool => "`bool`",
            Self::Array => "`Vec<T>`",
            Self::Any => "`serde_json::Value`",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charm::parse::parse_item;
    use quote::quote;

    const YAML: &str = "\
containers:
  myapp: {}
  sidecar: {}
requires:
  database: {interface: pg}
actions:
  backup:
    params:
      target: {type: string}
      level: {type: integer, default: 3}
      note: {type: string}
    required: [target]
config:
  options:
    port: {type: int, default: 8080}
    log-level: {type: string}
";

    fn check(item: proc_macro2::TokenStream) -> (Vec<Vec<Resolved>>, Vec<String>) {
        let metadata = Metadata::parse(YAML, "charmcraft.yaml".into(), Span::call_site()).unwrap();
        let mut diag = Diagnostics::new();
        let charm = parse_item(item, &mut diag).unwrap();
        let resolved = validate(&charm, &metadata, &mut diag);
        let errors = diag
            .finish()
            .err()
            .map(|e| e.into_iter().map(|e| e.to_string()).collect())
            .unwrap_or_default();
        (resolved.args, errors)
    }

    #[test]
    fn resolves_containers_config_and_params() {
        let (resolved, errors) = check(quote! {
            impl C {
                #[on(pebble_ready = "myapp")]
                async fn ready(&self, c: Container) -> Result<()> { Ok(()) }
                #[on(config_changed)]
                async fn cfg(sidecar: Container, #[config] port: u16, #[config] log_level: Option<String>) -> Result<()> { Ok(()) }
                #[on(action = "backup")]
                fn backup(#[param] target: String, #[param] level: i64, #[param = "note"] n: Option<String>, #[container = "myapp"] c: Container) -> Result<()> { Ok(()) }
            }
        });
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(resolved[0], [Resolved::EventContainer]);
        assert_eq!(
            resolved[1],
            [
                Resolved::Container("sidecar".into()),
                Resolved::Config("port".into()),
                Resolved::Config("log-level".into())
            ]
        );
        assert_eq!(
            resolved[2],
            [
                Resolved::Param("target".into()),
                Resolved::Param("level".into()),
                Resolved::Param("note".into()),
                Resolved::Container("myapp".into())
            ]
        );
    }

    #[test]
    fn reports_every_mistake() {
        let (_, errors) = check(quote! {
            impl C {
                #[on(install)]
                fn a(self, c: Container, #[config] prot: i64, #[config] port: String, #[config] log_level: String) -> Result<()> { Ok(()) }
                #[on(install)]
                #[on(action = "backup")]
                fn b(#[param] target: String, r: RelationEvent) -> Result<()> { Ok(()) }
                #[on(action = "backup")]
                fn c(#[param] nope: String, #[param] note: String, #[param] level: bool) -> Result<()> { Ok(()) }
            }
        });
        let expected = [
            "`a` already handles #[on(install)]; an event has one handler of its own (call shared code from it, or give it to a group: #[on(reconcile)])",
            "`b` already handles #[on(action = \"backup\")]; an event has one handler of its own (call shared code from it, or give it to a group: #[on(reconcile)])",
            "a handler takes `&self` or `&mut self`, not `self` by value or a typed `self`",
            "cannot tell which container `c` is, since this handler also runs on `install`: name the argument after a container (declared: myapp, sidecar) or add #[container = \"name\"]",
            "no config option \"prot\" in charmcraft.yaml:14 (declared: port, log-level)",
            "config option \"port\" is an int (charmcraft.yaml:15), so this argument cannot be `String`; use `i64` (or another integer type)",
            "config option \"log-level\" has no default (charmcraft.yaml:16), so it can be unset: take `Option<String>`",
            "#[param] is only given to actions, and this handler also runs on `install`",
            "`RelationEvent` comes with relation_created/relation_joined/relation_changed/relation_departed/relation_broken events only, and this handler also runs on `install`; take `&Event` and match on it",
            "no parameter \"nope\" of action \"backup\" in charmcraft.yaml:8 (declared: target, level, note); did you mean \"note\"?",
            "parameter \"note\" of action \"backup\" is neither required nor defaulted (charmcraft.yaml:11), so it can be absent: take `Option<String>` or list it under `required:`",
            "parameter \"level\" of action \"backup\" is an integer (charmcraft.yaml:10), so this argument cannot be `bool`; use `i64` (or another integer type)",
        ];
        assert_eq!(errors, expected);
    }

    #[test]
    fn groups_collect_status_and_state_follow_their_rules() {
        let (resolved, errors) = check(quote! {
            impl C {
                #[on(reconcile)]
                async fn reconcile(myapp: Container, #[config] port: u16, #[state] memo: &mut Memo) -> Result<()> { Ok(()) }
                #[on(workload = "sidecar")]
                fn sidecar(c: Container, #[state = "seen"] seen: u64) -> Result<()> { Ok(()) }
                #[on(collect_status)]
                fn status(myapp: Container, #[state] memo: &Memo) -> Result<()> { Ok(()) }
                #[on(collect_status)]
                fn another(statuses: &Statuses) -> Result<()> { Ok(()) }
                #[on(config_changed)]
                fn also_on_config(e: &Event) -> Result<()> { Ok(()) }
            }
        });
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(resolved[0][0], Resolved::Container("myapp".into()));
        assert!(matches!(
            &resolved[0][2],
            Resolved::State { key, mode: StateMode::Exclusive, .. } if key == "memo"
        ));
        assert_eq!(resolved[1][0], Resolved::EventContainer);
        assert!(matches!(
            &resolved[1][1],
            Resolved::State { key, mode: StateMode::Owned, .. } if key == "seen"
        ));
        assert!(matches!(
            &resolved[2][1],
            Resolved::State {
                mode: StateMode::Shared,
                ..
            }
        ));

        let (_, errors) = check(quote! {
            impl C {
                #[on(reconcile)]
                #[on(config_changed)]
                fn a(c: Container, r: RelationEvent, #[param] target: String) -> Result<()> { Ok(()) }
                #[on(relation = "database")]
                #[on(reconcile)]
                fn b(#[state] memo: Memo, #[state = "memo"] again: Memo) -> Result<()> { Ok(()) }
                #[on(collect_status)]
                #[on(install)]
                fn c(notice: NoticeEvent) -> Result<()> { Ok(()) }
            }
        });
        let expected = [
            "`config_changed` is already in #[on(reconcile)] on this handler, which runs it once per event; remove #[on(config_changed)]",
            "cannot tell which container `c` is, since this handler also runs on `install` (in `reconcile`): name the argument after a container (declared: myapp, sidecar) or add #[container = \"name\"]",
            "`RelationEvent` comes with relation_created/relation_joined/relation_changed/relation_departed/relation_broken events only, and this handler also runs on `install` (in `reconcile`); take `&Event` and match on it",
            "#[param] is only given to actions, and this handler also runs on `install` (in `reconcile`)",
            "#[on(relation = \"database\")] and #[on(reconcile)] on this handler both include `relation_created`; a handler runs once per event: keep one of them, or split the handler",
            "another argument of this handler already keeps state \"memo\"; take it once",
            "`collect_status` runs after the handlers of every event, so this handler needs no other #[on]; move #[on(install)] to another handler",
            "`NoticeEvent` comes with pebble_custom_notice events only, and this handler also runs on `install` (`collect_status` runs after every event); take `&Event` and match on it",
        ];
        assert_eq!(errors, expected);
    }
}
