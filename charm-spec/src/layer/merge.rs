//! How layers combine: each [`Merge`](super::Merge) rule applied to the Rust type of its
//! fields, and the traits the declared objects implement.
//!
//! A rule is a unit type with the name of its `Merge` variant, implemented for the field
//! types it applies to, so a declaration that gives a field a rule that does not fit its type
//! does not compile. (`Merge::Keep` has none: only `override` keeps the lower value, and the
//! declaration of section entries adds it outside the merged fields.)

use std::collections::BTreeMap;

use super::{ObjectSpec, Override};

/// A layer object: its table and Pebble's merge of an upper object into it.
///
/// # Examples
///
/// ```
/// use charm_spec::layer::{Object, Service};
///
/// let mut lower = Service { command: "/bin/web".into(), after: vec!["db".into()], ..Service::default() };
/// let upper = Service { after: vec!["cache".into()], ..Service::default() };
/// lower.merge(&upper);
/// assert_eq!(lower.command, "/bin/web");
/// assert_eq!(lower.after, ["db", "cache"]);
/// assert_eq!(Service::spec().what, "service");
/// ```
pub trait Object: Clone {
    /// The object's fields.
    fn spec() -> &'static ObjectSpec;

    /// Changes `self` as a layer with `override: merge` changes the object below it: each
    /// field by its [`Merge`](super::Merge) rule.
    fn merge(&mut self, upper: &Self);
}

/// An object of a layer section (a service, a check, a log target): it says how it combines
/// with the same-named object of lower layers.
///
/// # Examples
///
/// ```
/// use charm_spec::layer::{Check, Entry, Override};
///
/// let check = Check { r#override: Override::Merge, ..Check::default() };
/// assert_eq!(check.override_mode(), Override::Merge);
/// ```
pub trait Entry: Object {
    /// Its `override`.
    fn override_mode(&self) -> Override;
}

/// One merge rule, for one field type.
pub(crate) trait Rule<T> {
    /// Changes `into` (the lower layer's value) by `from` (the upper layer's).
    fn apply(into: &mut T, from: &T);
}

/// [`Merge::IfNotEmpty`](super::Merge::IfNotEmpty).
pub(crate) struct IfNotEmpty;
/// [`Merge::IfSet`](super::Merge::IfSet).
pub(crate) struct IfSet;
/// [`Merge::IfNotZero`](super::Merge::IfNotZero).
pub(crate) struct IfNotZero;
/// [`Merge::Append`](super::Merge::Append).
pub(crate) struct Append;
/// [`Merge::ByKey`](super::Merge::ByKey).
pub(crate) struct ByKey;
/// [`Merge::Nested`](super::Merge::Nested).
pub(crate) struct Nested;
/// [`Merge::ByName`](super::Merge::ByName).
pub(crate) struct ByName;

impl Rule<String> for IfNotEmpty {
    fn apply(into: &mut String, from: &String) {
        if !from.is_empty() {
            into.clone_from(from);
        }
    }
}

impl<T: Clone> Rule<Option<T>> for IfSet {
    fn apply(into: &mut Option<T>, from: &Option<T>) {
        if from.is_some() {
            into.clone_from(from);
        }
    }
}

impl Rule<Option<u32>> for IfNotZero {
    fn apply(into: &mut Option<u32>, from: &Option<u32>) {
        if from.is_some_and(|value| value != 0) {
            *into = *from;
        }
    }
}

impl<T: Clone> Rule<Vec<T>> for Append {
    fn apply(into: &mut Vec<T>, from: &Vec<T>) {
        into.extend(from.iter().cloned());
    }
}

impl<V: Clone> Rule<BTreeMap<String, V>> for ByKey {
    fn apply(into: &mut BTreeMap<String, V>, from: &BTreeMap<String, V>) {
        into.extend(from.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
}

impl<T: Object> Rule<Option<T>> for Nested {
    fn apply(into: &mut Option<T>, from: &Option<T>) {
        match (into.as_mut(), from) {
            (Some(lower), Some(upper)) => lower.merge(upper),
            (None, Some(upper)) => *into = Some(upper.clone()),
            (_, None) => {}
        }
    }
}

impl<T: Entry> Rule<BTreeMap<String, T>> for ByName {
    fn apply(into: &mut BTreeMap<String, T>, from: &BTreeMap<String, T>) {
        for (name, upper) in from {
            match into.get_mut(name) {
                Some(lower) if upper.override_mode() == Override::Merge => lower.merge(upper),
                _ => {
                    into.insert(name.clone(), upper.clone());
                }
            }
        }
    }
}

/// Whether a field holds nothing, so that it is not written (a partial `merge` layer stays
/// partial).
pub(crate) trait Empty {
    fn is_empty(&self) -> bool;
}

impl Empty for String {
    fn is_empty(&self) -> bool {
        String::is_empty(self)
    }
}

impl<T> Empty for Vec<T> {
    fn is_empty(&self) -> bool {
        Vec::is_empty(self)
    }
}

impl<K, V> Empty for BTreeMap<K, V> {
    fn is_empty(&self) -> bool {
        BTreeMap::is_empty(self)
    }
}

impl<T> Empty for Option<T> {
    fn is_empty(&self) -> bool {
        self.is_none()
    }
}

/// `skip_serializing_if` of the declared fields.
pub(crate) fn is_empty<T: Empty>(value: &T) -> bool {
    value.is_empty()
}
