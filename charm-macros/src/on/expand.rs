//! The match arm pattern that selects the event of one `#[on(...)]`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Target;
use super::parse::On;

/// `Event::PebbleReady(__charm_event) if __charm_event.container == "myapp"` for `on`, with
/// `event` the path of the runtime's `Event` enum.
pub(crate) fn pattern(on: &On, event: &TokenStream) -> TokenStream {
    let variant = format_ident!("{}", on.kind.variant);
    let payload = on.kind.payload.type_name().is_some();
    let binding = quote!(__charm_event);
    let field = match on.kind.target {
        Target::None => None,
        Target::Container => Some(quote!(container)),
        Target::Relation => Some(quote!(endpoint)),
        Target::Storage | Target::Action => Some(quote!(name)),
    };
    let mut guards = Vec::new();
    if let (Some(field), Some(target)) = (field, &on.target) {
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
}
