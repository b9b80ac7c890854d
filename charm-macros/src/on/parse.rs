//! Parsing one `#[on(...)]` attribute into an [`On`].

use syn::LitStr;
use syn::spanned::Spanned;

use super::{EVENTS, GROUPS, Trigger, keywords, trigger};
use crate::diag::{Diagnostics, did_you_mean};
use crate::spanned::Sp;

/// One `#[on(...)]`, with the span of everything the user wrote.
#[derive(Debug, Clone)]
pub(crate) struct On {
    /// The event, group or phase, at its keyword.
    pub trigger: Sp<Trigger>,
    /// `= "name"`: the container, endpoint, storage or action.
    pub target: Option<LitStr>,
    /// `key = "..."` (custom notices), at `key`.
    pub key: Option<Sp<LitStr>>,
    /// `check = "..."` (check events), at `check`.
    pub check: Option<Sp<LitStr>>,
}

impl On {
    /// What makes two `#[on]`s the same: keyword, target, key and check.
    pub(crate) fn identity(&self) -> (&'static str, String, Option<String>, Option<String>) {
        (
            self.trigger.keyword(),
            self.target.as_ref().map(LitStr::value).unwrap_or_default(),
            self.key.as_ref().map(|k| k.value()),
            self.check.as_ref().map(|c| c.value()),
        )
    }

    /// How the event reads in messages: `pebble_ready = "myapp"`.
    pub(crate) fn describe(&self) -> String {
        let mut text = self.trigger.keyword().to_owned();
        if let Some(target) = &self.target {
            text.push_str(&format!(" = \"{}\"", target.value()));
        }
        if let Some(key) = &self.key {
            text.push_str(&format!(", key = \"{}\"", key.value()));
        }
        if let Some(check) = &self.check {
            text.push_str(&format!(", check = \"{}\"", check.value()));
        }
        text
    }
}

/// Parses `attr`, recording every mistake in `diag`. Returns `None` when no event could be
/// read.
pub(crate) fn parse(attr: &syn::Attribute, diag: &mut Diagnostics) -> Option<On> {
    let mut kind: Option<Sp<Trigger>> = None;
    let mut target = None;
    let mut key: Option<Sp<LitStr>> = None;
    let mut check: Option<Sp<LitStr>> = None;
    let mut saw_unknown = false;
    let result = attr.parse_nested_meta(|meta| {
        let span = meta.path.span();
        let name = meta
            .path
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_default();
        match name.as_str() {
            "key" | "check" => {
                let slot = if name == "key" { &mut key } else { &mut check };
                let value: LitStr = meta.value()?.parse()?;
                if slot.is_some() {
                    diag.error(span, format!("duplicate `{name}`; give it once"));
                } else {
                    *slot = Some(Sp::new(value, span));
                }
            }
            _ => match trigger(&name) {
                Some(found) => {
                    let value = if meta.input.peek(syn::Token![=]) {
                        Some(meta.value()?.parse::<LitStr>()?)
                    } else {
                        None
                    };
                    if let Some(first) = &kind {
                        diag.error(
                            span,
                            format!(
                                "one event per #[on]; this one already names `{}`: write a \
                                 second #[on({name})] on the handler",
                                first.keyword()
                            ),
                        );
                    } else {
                        kind = Some(Sp::new(found, span));
                        target = value;
                    }
                }
                None => {
                    saw_unknown = true;
                    let hint = did_you_mean(&name, keywords());
                    let events: Vec<&str> = EVENTS.iter().map(|e| e.keyword).collect();
                    let groups: Vec<&str> = GROUPS.iter().map(|g| g.keyword).collect();
                    diag.error(
                        span,
                        format!(
                            "unknown event `{}`{hint} (events: {}; groups of events: {}; and \
                             collect_status, interface)",
                            path_text(&meta.path),
                            events.join(", "),
                            groups.join(", ")
                        ),
                    );
                    if meta.input.peek(syn::Token![=]) {
                        let _: syn::Expr = meta.value()?.parse()?;
                    }
                }
            },
        }
        Ok(())
    });
    if let Err(err) = result {
        diag.push(err);
        return None;
    }
    let Some(kind) = kind else {
        if !saw_unknown {
            let span = match &attr.meta {
                syn::Meta::List(list) => list.delimiter.span().join(),
                other => other.span(),
            };
            diag.error(
                span,
                "#[on] needs an event, for example #[on(install)] or #[on(pebble_ready = \"myapp\")]",
            );
        }
        return None;
    };
    Some(On {
        trigger: kind,
        target,
        key,
        check,
    })
}

/// A path as the user wrote it (`on`, `charm_runtime::on`), for messages.
fn path_text(path: &syn::Path) -> String {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    segments.join("::")
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    fn parse_one(attr: syn::Attribute) -> (Option<On>, Vec<String>) {
        let mut diag = Diagnostics::new();
        let on = parse(&attr, &mut diag);
        let errors = diag
            .finish()
            .err()
            .map(|e| e.into_iter().map(|e| e.to_string()).collect())
            .unwrap_or_default();
        (on, errors)
    }

    #[test]
    fn parses_each_form() {
        let (on, errors) = parse_one(parse_quote!(#[on(install)]));
        assert!(errors.is_empty());
        assert_eq!(on.unwrap().describe(), "install");
        let (on, _) = parse_one(parse_quote!(#[on(pebble_custom_notice = "db", key = "a.com/b")]));
        assert_eq!(
            on.unwrap().describe(),
            "pebble_custom_notice = \"db\", key = \"a.com/b\""
        );
        let (on, _) = parse_one(parse_quote!(#[on(pebble_check_failed = "db", check = "up")]));
        assert_eq!(on.unwrap().identity().3.as_deref(), Some("up"));
        let (on, errors) = parse_one(parse_quote!(#[on(relation = "db")]));
        assert!(errors.is_empty());
        assert!(matches!(*on.unwrap().trigger, Trigger::Group(g) if g.keyword == "relation"));
        let (on, _) = parse_one(parse_quote!(#[on(collect_status)]));
        assert_eq!(*on.unwrap().trigger, Trigger::CollectStatus);
    }

    #[test]
    fn reports_unknown_events_with_a_hint() {
        let (on, errors) = parse_one(parse_quote!(#[on(instal)]));
        assert!(on.is_none());
        assert!(
            errors[0].starts_with(
                "unknown event `instal`; did you mean \"install\"? (events: install, start,"
            ),
            "{errors:?}"
        );
        assert!(
            errors[0].ends_with(
                "groups of events: reconcile, relation, workload, storage, secret, leadership; \
                 and collect_status, interface)"
            ),
            "{errors:?}"
        );
        let (_, errors) = parse_one(parse_quote!(#[on(reconcle)]));
        assert!(errors[0].starts_with("unknown event `reconcle`; did you mean \"reconcile\"?"));
    }

    #[test]
    fn rejects_duplicates_and_two_events() {
        let (_, errors) =
            parse_one(parse_quote!(#[on(pebble_custom_notice = "db", key = "a", key = "b")]));
        assert_eq!(errors, ["duplicate `key`; give it once"]);
        let (_, errors) = parse_one(parse_quote!(#[on(install, start)]));
        assert_eq!(
            errors,
            [
                "one event per #[on]; this one already names `install`: write a second #[on(start)] on the handler"
            ]
        );
        let (_, errors) = parse_one(parse_quote!(#[on]));
        assert_eq!(errors.len(), 1);
    }
}
