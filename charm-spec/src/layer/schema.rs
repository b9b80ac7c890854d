//! The description of Pebble's layer format as data: objects, their fields, what each field
//! holds, whether it is required and how layers combine it.
//!
//! The tables are generated with the serde types from one declaration per object
//! (`objects.rs`), so the types and the tables cannot disagree. Readers: the `#[layer]` macro
//! (decoding and checking YAML at compile time), the test harness's fake Pebble (its strict
//! decoding and plan checks), and tools that explain layers.

use crate::duration::Rule;
use crate::version::PebbleVersion;

/// A layer object (the layer, a service, a check, a check's probe, a log target) and its
/// fields, in the order Pebble documents them.
///
/// # Examples
///
/// ```
/// use charm_spec::layer::{Kind, Service};
///
/// let spec = &Service::SPEC;
/// assert_eq!(spec.what, "service");
/// assert!(matches!(spec.field("kill-delay").map(|f| &f.kind), Some(Kind::Duration(_))));
/// assert!(spec.field("colour").is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ObjectSpec {
    /// What it is, for messages: `service`, `http check`.
    pub what: &'static str,
    /// The Rust type that holds it (in [`crate::layer`]): `Service`.
    pub rust_type: &'static str,
    /// The Go type Pebble decodes it into, which Pebble's messages name: `plan.Service`.
    pub pebble_type: &'static str,
    /// Its fields, in declaration order.
    pub fields: &'static [FieldSpec],
}

impl ObjectSpec {
    /// The field written `key` in YAML.
    ///
    /// # Examples
    ///
    /// ```
    /// let field = charm_spec::layer::Check::SPEC.field("period").unwrap();
    /// assert_eq!(field.rust_name, "period");
    /// ```
    pub fn field(&self, key: &str) -> Option<&'static FieldSpec> {
        self.fields.iter().find(|field| field.key == key)
    }

    /// The YAML keys of the fields, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// let keys: Vec<_> = charm_spec::layer::TcpCheck::SPEC.keys().collect();
    /// assert_eq!(keys, ["port", "host"]);
    /// ```
    pub fn keys(&self) -> impl Iterator<Item = &'static str> + Clone + use<> {
        self.fields.iter().map(|field| field.key)
    }

    /// The fields that must be set as `required` says (`Required::InPlan`: what the combined
    /// plan needs).
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::layer::{LogTarget, Required};
    ///
    /// let keys: Vec<_> = LogTarget::SPEC.required(Required::InPlan).map(|f| f.key).collect();
    /// assert_eq!(keys, ["type", "location"]);
    /// ```
    pub fn required(
        &self,
        required: Required,
    ) -> impl Iterator<Item = &'static FieldSpec> + Clone + use<> {
        self.fields
            .iter()
            .filter(move |field| field.required == required)
    }

    /// The fields that hold objects, with their tables: a layer's sections, a check's probes.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::layer::{Check, Layer};
    ///
    /// let probes: Vec<_> = Check::SPEC.nested().map(|(key, _)| key).collect();
    /// assert_eq!(probes, ["http", "tcp", "exec"]);
    /// let sections: Vec<_> = Layer::SPEC.nested().map(|(_, spec)| spec.what).collect();
    /// assert_eq!(sections, ["service", "check", "log target"]);
    /// ```
    pub fn nested(
        &self,
    ) -> impl Iterator<Item = (&'static str, &'static ObjectSpec)> + Clone + use<> {
        self.fields.iter().filter_map(|field| match field.kind {
            Kind::Section(spec) | Kind::Probe(spec) => Some((field.key, spec)),
            _ => None,
        })
    }
}

/// One field of a layer object.
///
/// # Examples
///
/// ```
/// use charm_spec::layer::{Merge, Required, Service};
///
/// let command = Service::SPEC.field("command").unwrap();
/// assert_eq!(command.required, Required::InPlan);
/// assert_eq!(command.merge, Merge::IfNotEmpty);
/// assert!(!command.is_optional());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldSpec {
    /// The YAML key: `backoff-delay`.
    pub key: &'static str,
    /// The Rust field that holds it: `backoff_delay`, `r#override`.
    pub rust_name: &'static str,
    /// What the value is and what values are allowed.
    pub kind: Kind,
    /// Whether a layer or the combined plan must set it.
    pub required: Required,
    /// How a `merge` layer changes it.
    pub merge: Merge,
    /// The Pebble release that added the field, when it is newer than Pebble v1.1.1 (Juju
    /// 2.9's). Fields of a section are in Pebble since the section's field (the layer's
    /// `log-targets`) is.
    pub since: Option<PebbleVersion>,
    /// A typical value, to suggest in messages (`8080` for a tcp check's port); empty when
    /// none is needed.
    pub example: &'static str,
}

impl FieldSpec {
    /// The defaults of the optional columns, for declarations to start from.
    pub(crate) const BASE: Self = Self {
        key: "",
        rust_name: "",
        kind: Kind::Text,
        required: Required::No,
        merge: Merge::Keep,
        since: None,
        example: "",
    };

    /// Whether the Rust field is an `Option` (`None` when the YAML does not set it). Exactly
    /// the fields that a merge replaces "if set" are.
    ///
    /// # Examples
    ///
    /// ```
    /// let spec = &charm_spec::layer::Check::SPEC;
    /// assert!(spec.field("threshold").unwrap().is_optional());
    /// assert!(!spec.field("override").unwrap().is_optional());
    /// ```
    pub fn is_optional(&self) -> bool {
        matches!(self.merge, Merge::IfSet | Merge::IfNotZero | Merge::Nested)
    }
}

/// What a field holds, and the values Pebble (or this crate, on its behalf) allows.
///
/// # Examples
///
/// ```
/// use charm_spec::layer::{Kind, LogTarget};
///
/// let Some(Kind::Enum(types)) = LogTarget::SPEC.field("type").map(|f| f.kind) else {
///     unreachable!()
/// };
/// assert!(types.allowed().any(|value| value.yaml == "loki"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// Free text.
    Text,
    /// A command line, split like a shell would, with an optional final `[ ... ]` group of
    /// default arguments (see [`crate::layer::command`]).
    Command,
    /// One name, which may refer to another object.
    Name(Refers),
    /// One of an enumeration's values.
    Enum(&'static EnumSpec),
    /// A Go duration obeying the rules listed.
    Duration(&'static [Rule]),
    /// A number of at least 1.0 (`backoff-factor`).
    Factor,
    /// A whole number from 0 to the maximum.
    Int(u64),
    /// A port number, not zero.
    Port,
    /// A list of names, which may refer to other objects.
    Names(Refers),
    /// A map from names to free text (`environment`, `headers`).
    TextMap,
    /// Log target labels: a map from names to text whose names must not start with `pebble_`.
    Labels,
    /// A map from check names to the action taken when the check fails.
    CheckActions(&'static EnumSpec),
    /// A nested object: a check's probe.
    Probe(&'static ObjectSpec),
    /// A section of the layer: named objects.
    Section(&'static ObjectSpec),
}

/// What a name in a field refers to.
///
/// # Examples
///
/// ```
/// use charm_spec::layer::{Kind, Refers, Service};
///
/// let after = Service::SPEC.field("after").unwrap();
/// assert_eq!(after.kind, Kind::Names(Refers::Services));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refers {
    /// Services of the plan.
    Services,
    /// Services of the plan, `all`, or either with a leading `-` to exclude it (a log
    /// target's `services`).
    ServiceSelection,
    /// A workload of the `workloads` section (which layers added through the API cannot
    /// define).
    Workload,
}

/// Whether a field must be set.
///
/// # Examples
///
/// ```
/// use charm_spec::layer::{HttpCheck, Required};
///
/// assert_eq!(HttpCheck::SPEC.field("url").unwrap().required, Required::InPlan);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    /// It may be left out.
    No,
    /// Every layer that has the object sets it (`override`).
    InEveryLayer,
    /// The combined plan must have it, so an object with `override: replace` sets it.
    InPlan,
}

/// How a layer with `override: merge` changes a field of the same-named object below it.
///
/// With `override: replace`, the upper object replaces the lower one whole.
///
/// # Examples
///
/// ```
/// use charm_spec::layer::{Merge, Service};
///
/// assert_eq!(Service::SPEC.field("after").unwrap().merge, Merge::Append);
/// assert_eq!(Service::SPEC.field("environment").unwrap().merge, Merge::ByKey);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    /// Not changed: the object keeps the lower layer's value (`override`).
    Keep,
    /// Replaced when the upper value is not empty.
    IfNotEmpty,
    /// Replaced when the upper layer sets it.
    IfSet,
    /// Replaced when the upper layer sets it to something other than zero.
    IfNotZero,
    /// Lists: the upper entries are appended.
    Append,
    /// Maps: merged key by key, the upper value winning.
    ByKey,
    /// A nested object: merged field by field when both layers have it, else taken.
    Nested,
    /// A section: each named object is replaced or merged according to its `override`.
    ByName,
}

/// The values of an enumeration field.
///
/// # Examples
///
/// ```
/// use charm_spec::layer::Startup;
///
/// let values: Vec<_> = Startup::SPEC.allowed().map(|v| v.yaml).collect();
/// assert_eq!(values, ["enabled", "disabled"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EnumSpec {
    /// What a value is, for messages: `startup`, `on-success action`.
    pub what: &'static str,
    /// The Rust enum (in [`crate::layer`]): `Startup`.
    pub rust_type: &'static str,
    /// Every value of the enum.
    pub values: &'static [EnumValue],
    /// Values of the enum that this field does not allow.
    pub excluded: &'static [&'static str],
}

impl EnumSpec {
    /// The values this field allows, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::layer::ON_SUCCESS;
    ///
    /// assert!(!ON_SUCCESS.allowed().any(|v| v.yaml == "success-shutdown"));
    /// ```
    pub fn allowed(&self) -> impl Iterator<Item = &'static EnumValue> + use<> {
        let excluded = self.excluded;
        self.values
            .iter()
            .filter(move |value| !excluded.contains(&value.yaml))
    }

    /// The same enumeration for a field that allows all values but `excluded`.
    pub(crate) const fn without(
        self,
        what: &'static str,
        excluded: &'static [&'static str],
    ) -> Self {
        Self {
            what,
            excluded,
            ..self
        }
    }
}

/// One value of an enumeration.
///
/// # Examples
///
/// ```
/// let first = &charm_spec::layer::CheckLevel::SPEC.values[0];
/// assert_eq!((first.yaml, first.variant), ("alive", "Alive"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnumValue {
    /// As written in YAML: `failure-shutdown`.
    pub yaml: &'static str,
    /// The Rust variant: `FailureShutdown`.
    pub variant: &'static str,
    /// The Pebble release that added the value, when it is newer than the field (see
    /// [`FieldSpec::since`]).
    pub since: Option<PebbleVersion>,
}
