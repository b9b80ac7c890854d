//! Rules for one `#[on(...)]`, on its own and against `charmcraft.yaml`.

use syn::LitStr;

use super::Target;
use super::parse::On;
use crate::diag::{Diagnostics, did_you_mean, list};
use charm_spec::charmcraft::FILE_NAME;

use crate::metadata::{Lookup, Metadata};

/// Checks `on`, recording every mistake in `diag`.
pub(crate) fn validate(on: &On, metadata: &Metadata, diag: &mut Diagnostics) {
    target_given(on, metadata, diag);
    key_only_on_notices(on, diag);
    check_only_on_checks(on, diag);
    target_declared(on, metadata, diag);
}

/// Events about a container, endpoint, storage or action name it; the others do not.
fn target_given(on: &On, metadata: &Metadata, diag: &mut Diagnostics) {
    let keyword = on.trigger.keyword();
    match (on.trigger.target(), &on.target) {
        (Target::None, Some(value)) => diag.error(
            value.span(),
            format!("`{keyword}` is not about a named thing; write #[on({keyword})]"),
        ),
        (Target::None, None) | (_, Some(_)) => {}
        (target, None) => {
            let declared = match target {
                Target::Container => list(metadata.containers.names()),
                Target::Relation => list(metadata.endpoints()),
                Target::Storage => list(metadata.storage.names()),
                Target::Action | Target::None => list(metadata.actions.names()),
            };
            let noun = target.noun();
            diag.error(
                on.trigger.span(),
                format!(
                    "`{keyword}` needs the {noun} it is about: #[on({keyword} = \"...\")] \
                     (declared: {declared})"
                ),
            );
        }
    }
}

/// `key = "..."` narrows custom notices only.
fn key_only_on_notices(on: &On, diag: &mut Diagnostics) {
    if let Some(key) = &on.key
        && !on.trigger.takes_key()
    {
        diag.error(
            key.span(),
            format!(
                "`key` only applies to `pebble_custom_notice`, not `{}`",
                on.trigger.keyword()
            ),
        );
    }
}

/// `check = "..."` narrows check events only.
fn check_only_on_checks(on: &On, diag: &mut Diagnostics) {
    if let Some(check) = &on.check
        && !on.trigger.takes_check()
    {
        diag.error(
            check.span(),
            format!(
                "`check` only applies to `pebble_check_failed` and `pebble_check_recovered`, \
                 not `{}`",
                on.trigger.keyword()
            ),
        );
    }
}

/// The named container, endpoint, storage or action is declared in `charmcraft.yaml`.
fn target_declared(on: &On, metadata: &Metadata, diag: &mut Diagnostics) {
    let Some(value) = &on.target else {
        return;
    };
    let found = match on.trigger.target() {
        Target::None => Ok(()),
        Target::Container => metadata.containers.lookup(&value.into()).map(drop),
        Target::Relation => endpoint_declared(value, metadata),
        Target::Storage => metadata.storage.lookup(&value.into()).map(drop),
        Target::Action => metadata.actions.lookup(&value.into()).map(drop),
    };
    if let Err(err) = found {
        diag.push(err);
    }
}

/// A relation endpoint is declared under `requires`, `provides` or `peers`.
pub(crate) fn endpoint_declared(value: &LitStr, metadata: &Metadata) -> syn::Result<()> {
    let name = value.value();
    if metadata.relation(&name).is_some() {
        return Ok(());
    }
    let line = [&metadata.requires, &metadata.provides, &metadata.peers]
        .into_iter()
        .map(|s| s.line)
        .find(|line| *line > 0);
    let message = match line {
        Some(line) => format!(
            "no relation endpoint \"{name}\" in {FILE_NAME}:{line} (declared: {}){}",
            list(metadata.endpoints()),
            did_you_mean(&name, metadata.endpoints())
        ),
        None => format!(
            "no relation endpoint \"{name}\": {FILE_NAME} has no `requires`, `provides` or \
             `peers` section; declare it there"
        ),
    };
    Err(syn::Error::new(value.span(), message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::on::parse::parse;
    use syn::parse_quote;

    fn errors(attr: syn::Attribute) -> Vec<String> {
        let metadata = Metadata::parse(
            "name: x\ncontainers:\n  myapp: {}\n  sidecar: {}\nrequires:\n  database: {interface: pg}\n",
            "charmcraft.yaml".into(),
            proc_macro2::Span::call_site(),
        )
        .unwrap();
        let mut diag = Diagnostics::new();
        let on = parse(&attr, &mut diag).unwrap();
        validate(&on, &metadata, &mut diag);
        diag.finish()
            .err()
            .map(|e| e.into_iter().map(|e| e.to_string()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn unknown_names_get_a_hint_and_the_list() {
        assert_eq!(
            errors(parse_quote!(#[on(pebble_ready = "mypp")])),
            [
                r#"no container "mypp" in charmcraft.yaml:2 (declared: myapp, sidecar); did you mean "myapp"?"#
            ]
        );
        assert_eq!(
            errors(parse_quote!(#[on(storage_attached = "data")])),
            ["no storage \"data\": charmcraft.yaml has no `storage` section; declare it there"]
        );
    }

    #[test]
    fn options_fit_the_event() {
        assert_eq!(
            errors(parse_quote!(#[on(pebble_ready = "myapp", key = "a")])),
            ["`key` only applies to `pebble_custom_notice`, not `pebble_ready`"]
        );
        assert_eq!(
            errors(parse_quote!(#[on(relation_changed = "database", check = "a")])),
            [
                "`check` only applies to `pebble_check_failed` and `pebble_check_recovered`, not `relation_changed`"
            ]
        );
        assert_eq!(
            errors(parse_quote!(#[on(pebble_ready)])),
            [
                "`pebble_ready` needs the container it is about: #[on(pebble_ready = \"...\")] (declared: myapp, sidecar)"
            ]
        );
        assert_eq!(
            errors(parse_quote!(#[on(install = "x")])),
            ["`install` is not about a named thing; write #[on(install)]"]
        );
        assert!(
            errors(parse_quote!(#[on(pebble_check_failed = "sidecar", check = "up")])).is_empty()
        );
    }

    #[test]
    fn groups_name_what_their_events_are_about() {
        assert!(errors(parse_quote!(#[on(reconcile)])).is_empty());
        assert!(errors(parse_quote!(#[on(workload = "sidecar")])).is_empty());
        assert_eq!(
            errors(parse_quote!(#[on(relation)])),
            [
                "`relation` needs the relation endpoint it is about: #[on(relation = \"...\")] (declared: database)"
            ]
        );
        assert_eq!(
            errors(parse_quote!(#[on(reconcile = "database")])),
            ["`reconcile` is not about a named thing; write #[on(reconcile)]"]
        );
        assert_eq!(
            errors(parse_quote!(#[on(workload = "web", key = "k")])),
            [
                "`key` only applies to `pebble_custom_notice`, not `workload`",
                "no container \"web\" in charmcraft.yaml:2 (declared: myapp, sidecar)"
            ]
        );
    }
}
