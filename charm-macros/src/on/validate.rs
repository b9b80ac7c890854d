//! Rules for one `#[on(...)]`, on its own and against `charmcraft.yaml`.

use syn::LitStr;

use super::Target;
use super::parse::On;
use crate::diag::{Diagnostics, did_you_mean, list};
use crate::metadata::{HasName, Metadata, Section};

/// Checks `on`, recording every mistake in `diag`.
pub(crate) fn validate(on: &On, metadata: &Metadata, diag: &mut Diagnostics) {
    target_given(on, metadata, diag);
    key_only_on_notices(on, diag);
    check_only_on_checks(on, diag);
    target_declared(on, metadata, diag);
}

/// Events about a container, endpoint, storage or action name it; the others do not.
fn target_given(on: &On, metadata: &Metadata, diag: &mut Diagnostics) {
    let keyword = on.kind.keyword;
    match (on.kind.target, &on.target) {
        (Target::None, Some(value)) => diag.error(
            value.span(),
            format!("`{keyword}` is not about a named thing; write #[on({keyword})]"),
        ),
        (Target::None, None) | (_, Some(_)) => {}
        (target, None) => {
            let declared = match target {
                Target::Container => list(metadata.containers.names()),
                Target::Relation => list(metadata.relations.names()),
                Target::Storage => list(metadata.storages.names()),
                Target::Action | Target::None => list(metadata.actions.names()),
            };
            let noun = target.noun();
            diag.error(
                on.kind_span,
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
    if let Some((span, _)) = &on.key
        && !on.kind.takes_key()
    {
        diag.error(
            *span,
            format!(
                "`key` only applies to `pebble_custom_notice`, not `{}`",
                on.kind.keyword
            ),
        );
    }
}

/// `check = "..."` narrows check events only.
fn check_only_on_checks(on: &On, diag: &mut Diagnostics) {
    if let Some((span, _)) = &on.check
        && !on.kind.takes_check()
    {
        diag.error(
            *span,
            format!(
                "`check` only applies to `pebble_check_failed` and `pebble_check_recovered`, \
                 not `{}`",
                on.kind.keyword
            ),
        );
    }
}

/// The named container, endpoint, storage or action is declared in `charmcraft.yaml`.
fn target_declared(on: &On, metadata: &Metadata, diag: &mut Diagnostics) {
    let Some(value) = &on.target else {
        return;
    };
    match on.kind.target {
        Target::None => {}
        Target::Container => declared(value, "container", "containers", &metadata.containers, diag),
        Target::Relation => declared(
            value,
            "relation endpoint",
            "requires/provides/peers",
            &metadata.relations,
            diag,
        ),
        Target::Storage => declared(value, "storage", "storage", &metadata.storages, diag),
        Target::Action => declared(value, "action", "actions", &metadata.actions, diag),
    }
}

/// Records an error unless `section` declares the name in `value`.
pub(crate) fn declared<T: HasName>(
    value: &LitStr,
    noun: &str,
    section_name: &str,
    section: &Section<T>,
    diag: &mut Diagnostics,
) {
    let name = value.value();
    if section.get(&name).is_some() {
        return;
    }
    diag.error(
        value.span(),
        not_declared(&name, noun, section_name, section),
    );
}

/// `no container "mypp" in charmcraft.yaml:9 (declared: myapp, sidecar); did you mean "myapp"?`
pub(crate) fn not_declared<T: HasName>(
    name: &str,
    noun: &str,
    section_name: &str,
    section: &Section<T>,
) -> String {
    let place = if section.line > 0 {
        format!("charmcraft.yaml:{}", section.line)
    } else {
        format!("charmcraft.yaml (it has no `{section_name}` section)")
    };
    format!(
        "no {noun} \"{name}\" in {place} (declared: {}){}",
        list(section.names()),
        did_you_mean(name, section.names())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::on::parse::parse;
    use std::path::Path;
    use syn::parse_quote;

    fn errors(attr: syn::Attribute) -> Vec<String> {
        let metadata = crate::metadata::parse(
            Path::new("charmcraft.yaml"),
            "name: x\ncontainers:\n  myapp: {}\n  sidecar: {}\nrequires:\n  database: {}\n",
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
            [
                "no storage \"data\" in charmcraft.yaml (it has no `storage` section) (declared: none)"
            ]
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
}
