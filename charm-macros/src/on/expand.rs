//! The pattern that selects the events of one `#[on(...)]`: a `match` arm for an event, a
//! `matches!` pattern for a group.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::parse::On;
use super::{EventKind, Group, Target, Trigger, event_kind};

/// `Event::PebbleReady(__charm_event) if __charm_event.container == "myapp"` for an `on` of
/// an event, with `event` the path of the runtime's `Event` enum.
pub(crate) fn pattern(on: &On, event: &TokenStream) -> TokenStream {
    match *on.trigger {
        Trigger::Event(kind) => event_pattern(kind, on, event),
        Trigger::Group(group) => {
            let patterns = group_patterns(group, on, event);
            quote!(#(#patterns)|*)
        }
        Trigger::CollectStatus | Trigger::Interface => quote!(_),
    }
}

/// The patterns that together match the events of a group: one or-pattern,
/// `Event::Install | Event::RelationChanged(_) | ...`, or for a group about a named thing one
/// pattern per event (the payload types differ, so one guard cannot serve them all),
/// `Event::PebbleReady(__charm_event) if __charm_event.container == "db"`, ...
pub(crate) fn group_patterns(group: Group, on: &On, event: &TokenStream) -> Vec<TokenStream> {
    let members: Vec<EventKind> = group.members.iter().filter_map(|k| event_kind(k)).collect();
    match target_field(group.target).zip(on.target.as_ref()) {
        Some((field, target)) => members
            .iter()
            .map(|kind| {
                let variant = format_ident!("{}", kind.variant);
                quote!(#event::#variant(__charm_event) if __charm_event.#field == #target)
            })
            .collect(),
        None => {
            let alternatives = members.iter().map(|kind| {
                let variant = format_ident!("{}", kind.variant);
                if kind.payload.type_name().is_some() {
                    quote!(#event::#variant(_))
                } else {
                    quote!(#event::#variant)
                }
            });
            vec![quote!(#(#alternatives)|*)]
        }
    }
}

/// The payload field that holds what `target` names.
fn target_field(target: Target) -> Option<TokenStream> {
    match target {
        Target::None => None,
        Target::Container => Some(quote!(container)),
        Target::Relation => Some(quote!(endpoint)),
        Target::Storage | Target::Action => Some(quote!(name)),
    }
}

fn event_pattern(kind: EventKind, on: &On, event: &TokenStream) -> TokenStream {
    let variant = format_ident!("{}", kind.variant);
    let payload = kind.payload.type_name().is_some();
    let binding = quote!(__charm_event);
    let mut guards = Vec::new();
    if let (Some(field), Some(target)) = (target_field(kind.target), &on.target) {
        guards.push(quote!(#binding.#field == #target));
    }
    if let Some(key) = &on.key {
        let key = &**key;
        guards.push(quote!(#binding.key == #key));
    }
    if let Some(check) = &on.check {
        let check = &**check;
        guards.push(quote!(#binding.check == #check));
    }
    let head = if !payload {
        quote!(#event::#variant)
    } else if guards.is_empty() {
        quote!(#event::#variant(_))
    } else {
        quote!(#event::#variant(#binding))
    };
    if guards.is_empty() {
        head
    } else {
        quote!(#head if #(#guards)&&*)
    }
}

/// Whether the pattern has a guard narrower than another `#[on]` of the same kind and target
/// (a key or a check), so its arm must come first.
pub(crate) fn is_narrowed(on: &On) -> bool {
    on.key.is_some() || on.check.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use syn::parse_quote;

    fn arm(attr: syn::Attribute) -> String {
        let on = crate::on::parse::parse(&attr, &mut Diagnostics::new()).unwrap();
        pattern(&on, &quote!(E)).to_string()
    }

    #[test]
    fn patterns_narrow_by_name_key_and_check() {
        assert_eq!(arm(parse_quote!(#[on(install)])), "E :: Install");
        assert_eq!(
            arm(parse_quote!(#[on(secret_changed)])),
            "E :: SecretChanged (_)"
        );
        assert_eq!(
            arm(parse_quote!(#[on(relation_changed = "db")])),
            "E :: RelationChanged (__charm_event) if __charm_event . endpoint == \"db\""
        );
        assert_eq!(
            arm(parse_quote!(#[on(pebble_custom_notice = "db", key = "k")])),
            "E :: PebbleCustomNotice (__charm_event) if __charm_event . container == \"db\" && __charm_event . key == \"k\""
        );
    }

    fn group(attr: syn::Attribute) -> Vec<String> {
        let on = crate::on::parse::parse(&attr, &mut Diagnostics::new()).unwrap();
        let Trigger::Group(g) = *on.trigger else {
            panic!("not a group");
        };
        group_patterns(g, &on, &quote!(E))
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn groups_match_each_member_once() {
        assert_eq!(
            group(parse_quote!(#[on(workload = "db")]))[..2],
            [
                "E :: PebbleReady (__charm_event) if __charm_event . container == \"db\"",
                "E :: PebbleCustomNotice (__charm_event) if __charm_event . container == \"db\""
            ]
        );
        assert_eq!(
            arm(parse_quote!(#[on(leadership)])),
            "E :: LeaderElected | E :: LeaderSettingsChanged | E :: LeaderDeposed"
        );
        let reconcile = arm(parse_quote!(#[on(reconcile)]));
        assert!(
            reconcile.starts_with("E :: Install | E :: Start |"),
            "{reconcile}"
        );
        assert!(reconcile.contains("E :: PebbleReady (_)"), "{reconcile}");
        assert!(!reconcile.contains("Action"), "{reconcile}");
        assert_eq!(arm(parse_quote!(#[on(collect_status)])), "_");
    }
}
