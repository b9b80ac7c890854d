//! `#[on(...)]`: which event a handler method runs on.
//!
//! `#[on]` does its work inside `#[charm]`, which reads every `#[on]` of the impl block,
//! checks it and removes it. An `#[on]` that reaches the compiler on its own is outside a
//! `#[charm]` impl block; [`expand()`] reports that.

pub(crate) mod expand;
pub(crate) mod parse;
pub(crate) mod validate;

use proc_macro2::TokenStream;

/// What an event needs to be named: nothing, or the container, endpoint, storage or action
/// it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// The event is unique (`install`).
    None,
    /// A workload container (`pebble_ready = "myapp"`).
    Container,
    /// A relation endpoint (`relation_changed = "database"`).
    Relation,
    /// A storage (`storage_attached = "data"`).
    Storage,
    /// An action (`action = "backup"`).
    Action,
}

impl Target {
    /// The noun used in messages.
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Self::None => "name",
            Self::Container => "container",
            Self::Relation => "relation endpoint",
            Self::Storage => "storage",
            Self::Action => "action",
        }
    }
}

/// What payload a kind of event carries, for handler arguments that take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Payload {
    /// Nothing.
    None,
    /// `SeriesUpgrade`.
    SeriesUpgrade,
    /// `RelationEvent`.
    Relation,
    /// `StorageEvent`.
    Storage,
    /// `SecretEvent`.
    Secret,
    /// `WorkloadEvent`.
    Workload,
    /// `NoticeEvent`.
    Notice,
    /// `CheckEvent`.
    Check,
    /// `ActionEvent`.
    Action,
}

impl Payload {
    /// The runtime type's name (in `charm_runtime::event`).
    pub(crate) fn type_name(self) -> Option<&'static str> {
        Some(match self {
            Self::None => return None,
            Self::SeriesUpgrade => "SeriesUpgrade",
            Self::Relation => "RelationEvent",
            Self::Storage => "StorageEvent",
            Self::Secret => "SecretEvent",
            Self::Workload => "WorkloadEvent",
            Self::Notice => "NoticeEvent",
            Self::Check => "CheckEvent",
            Self::Action => "ActionEvent",
        })
    }

    /// The payload whose type is named `name`.
    pub(crate) fn from_type_name(name: &str) -> Option<Self> {
        [
            Self::SeriesUpgrade,
            Self::Relation,
            Self::Storage,
            Self::Secret,
            Self::Workload,
            Self::Notice,
            Self::Check,
            Self::Action,
        ]
        .into_iter()
        .find(|p| p.type_name() == Some(name))
    }
}

/// One kind of event `#[on]` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EventKind {
    /// The keyword in `#[on(...)]`: `config_changed`.
    pub keyword: &'static str,
    /// The `Event` variant: `ConfigChanged`.
    pub variant: &'static str,
    /// What the event must be narrowed to.
    pub target: Target,
    /// What it carries.
    pub payload: Payload,
}

impl EventKind {
    /// Whether `key = "..."` applies (custom notices).
    pub(crate) fn takes_key(self) -> bool {
        self.payload == Payload::Notice
    }

    /// Whether `check = "..."` applies (check failed/recovered).
    pub(crate) fn takes_check(self) -> bool {
        self.payload == Payload::Check
    }
}

/// Every event kind, in the order of the runtime's `Event` enum.
pub(crate) const EVENTS: &[EventKind] = &[
    simple("install", "Install"),
    simple("start", "Start"),
    simple("stop", "Stop"),
    simple("remove", "Remove"),
    simple("upgrade_charm", "UpgradeCharm"),
    simple("config_changed", "ConfigChanged"),
    simple("update_status", "UpdateStatus"),
    simple("leader_elected", "LeaderElected"),
    simple("leader_settings_changed", "LeaderSettingsChanged"),
    simple("leader_deposed", "LeaderDeposed"),
    kind(
        "pre_series_upgrade",
        "PreSeriesUpgrade",
        Target::None,
        Payload::SeriesUpgrade,
    ),
    kind(
        "post_series_upgrade",
        "PostSeriesUpgrade",
        Target::None,
        Payload::SeriesUpgrade,
    ),
    simple("collect_metrics", "CollectMetrics"),
    kind(
        "relation_created",
        "RelationCreated",
        Target::Relation,
        Payload::Relation,
    ),
    kind(
        "relation_joined",
        "RelationJoined",
        Target::Relation,
        Payload::Relation,
    ),
    kind(
        "relation_changed",
        "RelationChanged",
        Target::Relation,
        Payload::Relation,
    ),
    kind(
        "relation_departed",
        "RelationDeparted",
        Target::Relation,
        Payload::Relation,
    ),
    kind(
        "relation_broken",
        "RelationBroken",
        Target::Relation,
        Payload::Relation,
    ),
    kind(
        "storage_attached",
        "StorageAttached",
        Target::Storage,
        Payload::Storage,
    ),
    kind(
        "storage_detaching",
        "StorageDetaching",
        Target::Storage,
        Payload::Storage,
    ),
    kind(
        "secret_changed",
        "SecretChanged",
        Target::None,
        Payload::Secret,
    ),
    kind(
        "secret_rotate",
        "SecretRotate",
        Target::None,
        Payload::Secret,
    ),
    kind(
        "secret_remove",
        "SecretRemove",
        Target::None,
        Payload::Secret,
    ),
    kind(
        "secret_expired",
        "SecretExpired",
        Target::None,
        Payload::Secret,
    ),
    kind(
        "pebble_ready",
        "PebbleReady",
        Target::Container,
        Payload::Workload,
    ),
    kind(
        "pebble_custom_notice",
        "PebbleCustomNotice",
        Target::Container,
        Payload::Notice,
    ),
    kind(
        "pebble_check_failed",
        "PebbleCheckFailed",
        Target::Container,
        Payload::Check,
    ),
    kind(
        "pebble_check_recovered",
        "PebbleCheckRecovered",
        Target::Container,
        Payload::Check,
    ),
    kind("action", "Action", Target::Action, Payload::Action),
];

const fn simple(keyword: &'static str, variant: &'static str) -> EventKind {
    kind(keyword, variant, Target::None, Payload::None)
}

const fn kind(
    keyword: &'static str,
    variant: &'static str,
    target: Target,
    payload: Payload,
) -> EventKind {
    EventKind {
        keyword,
        variant,
        target,
        payload,
    }
}

/// The event kind written `keyword`.
pub(crate) fn event_kind(keyword: &str) -> Option<EventKind> {
    EVENTS.iter().copied().find(|e| e.keyword == keyword)
}

/// Whether `attr` is an `#[on(...)]` (or `#[charm_runtime::on(...)]`) attribute.
pub(crate) fn is_on_attr(attr: &syn::Attribute) -> bool {
    attr.path().segments.last().is_some_and(|s| s.ident == "on")
}

/// Expands `#[on(attr)] item` reaching the compiler on its own, outside a `#[charm]` impl
/// block (which reads and removes every `#[on]`).
pub(crate) fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    match try_expand(&attr) {
        Ok(expanded) => expanded,
        Err(error) => fallback(item, &error),
    }
}

/// Only `#[charm]` gives `#[on]` a meaning: on its own it is an error, at the event.
fn try_expand(attr: &TokenStream) -> syn::Result<TokenStream> {
    let span = attr
        .clone()
        .into_iter()
        .next()
        .map_or_else(proc_macro2::Span::call_site, |t| t.span());
    Err(syn::Error::new(
        span,
        "#[on] only works on a method of an `impl` block marked #[charm]; add #[charm] to the \
         impl block",
    ))
}

/// The item unchanged, and the error.
fn fallback(item: TokenStream, error: &syn::Error) -> TokenStream {
    let mut out = item;
    out.extend(error.to_compile_error());
    out
}
