//! `#[on(...)]`: which event, group of events or phase of a dispatch a handler method runs
//! on.
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

/// A group of events one `#[on]` names: the handler runs on each member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Group {
    /// The keyword in `#[on(...)]`: `reconcile`.
    pub keyword: &'static str,
    /// What the group is narrowed to (`relation = "db"`): its members' target, or none.
    pub target: Target,
    /// The keywords of its events.
    pub members: &'static [&'static str],
}

/// The relation events of one endpoint.
const RELATION_EVENTS: &[&str] = &[
    "relation_created",
    "relation_joined",
    "relation_changed",
    "relation_departed",
    "relation_broken",
];

/// Every group, in the order the docs list them.
pub(crate) const GROUPS: &[Group] = &[
    Group {
        keyword: "reconcile",
        target: Target::None,
        // Every event after which the desired state of the workload may differ: the
        // unit's lifecycle, its config, leadership, its relations, storage and consumed
        // secrets, and what the workload's Pebble says. Not: stop and remove (tearing
        // down), update-status (a timer), actions (asked for), secret rotation, removal and
        // expiry (an owner's chores), metrics and series upgrades.
        members: &[
            "install",
            "start",
            "upgrade_charm",
            "config_changed",
            "leader_elected",
            "leader_settings_changed",
            "relation_created",
            "relation_joined",
            "relation_changed",
            "relation_departed",
            "relation_broken",
            "storage_attached",
            "storage_detaching",
            "secret_changed",
            "pebble_ready",
            "pebble_custom_notice",
            "pebble_check_failed",
            "pebble_check_recovered",
        ],
    },
    Group {
        keyword: "relation",
        target: Target::Relation,
        members: RELATION_EVENTS,
    },
    Group {
        keyword: "workload",
        target: Target::Container,
        members: &[
            "pebble_ready",
            "pebble_custom_notice",
            "pebble_check_failed",
            "pebble_check_recovered",
        ],
    },
    Group {
        keyword: "storage",
        target: Target::Storage,
        members: &["storage_attached", "storage_detaching"],
    },
    Group {
        keyword: "secret",
        target: Target::None,
        members: &[
            "secret_changed",
            "secret_rotate",
            "secret_remove",
            "secret_expired",
        ],
    },
    Group {
        keyword: "leadership",
        target: Target::None,
        members: &[
            "leader_elected",
            "leader_settings_changed",
            "leader_deposed",
        ],
    },
];

/// The keyword of the handlers that run at the end of every dispatch.
pub(crate) const COLLECT_STATUS: &str = "collect_status";

/// The keyword of the handlers that run when a mounted interface library reported events.
pub(crate) const INTERFACE: &str = "interface";

/// What one `#[on]` names: an event, a group of events, or the end of every dispatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Trigger {
    /// One kind of event (`install`, `pebble_ready = "c"`).
    Event(EventKind),
    /// A group of events (`reconcile`, `relation = "db"`).
    Group(Group),
    /// `collect_status`: after the handlers of every event, to add statuses.
    CollectStatus,
    /// `interface = "endpoint"`: when the library mounted on the endpoint (`#[interface]`)
    /// reported events; a library may report on any event.
    Interface,
}

impl Trigger {
    /// The keyword the user wrote.
    pub(crate) fn keyword(self) -> &'static str {
        match self {
            Self::Event(kind) => kind.keyword,
            Self::Group(group) => group.keyword,
            Self::CollectStatus => COLLECT_STATUS,
            Self::Interface => INTERFACE,
        }
    }

    /// What it must be narrowed to.
    pub(crate) fn target(self) -> Target {
        match self {
            Self::Event(kind) => kind.target,
            Self::Group(group) => group.target,
            Self::CollectStatus => Target::None,
            Self::Interface => Target::Relation,
        }
    }

    /// The events the handler runs on (`collect_status` and `interface`: every event).
    pub(crate) fn members(self) -> Vec<EventKind> {
        match self {
            Self::Event(kind) => vec![kind],
            Self::Group(group) => group.members.iter().filter_map(|k| event_kind(k)).collect(),
            Self::CollectStatus | Self::Interface => EVENTS.to_vec(),
        }
    }

    /// Whether `key = "..."` applies (custom notices).
    pub(crate) fn takes_key(self) -> bool {
        matches!(self, Self::Event(kind) if kind.takes_key())
    }

    /// Whether `check = "..."` applies (check failed/recovered).
    pub(crate) fn takes_check(self) -> bool {
        matches!(self, Self::Event(kind) if kind.takes_check())
    }
}

/// What `keyword` names in `#[on(...)]`.
pub(crate) fn trigger(keyword: &str) -> Option<Trigger> {
    if keyword == COLLECT_STATUS {
        return Some(Trigger::CollectStatus);
    }
    if keyword == INTERFACE {
        return Some(Trigger::Interface);
    }
    event_kind(keyword).map(Trigger::Event).or_else(|| {
        GROUPS
            .iter()
            .copied()
            .find(|g| g.keyword == keyword)
            .map(Trigger::Group)
    })
}

/// Every keyword `#[on(...)]` accepts: events, groups, then `collect_status` and
/// `interface`.
pub(crate) fn keywords() -> impl Iterator<Item = &'static str> + Clone {
    EVENTS
        .iter()
        .map(|e| e.keyword)
        .chain(GROUPS.iter().map(|g| g.keyword))
        .chain([COLLECT_STATUS, INTERFACE])
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
