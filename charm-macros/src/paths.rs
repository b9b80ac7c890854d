//! Where the runtime crate lives, as generated code names it.
//!
//! Generated code names the runtime once, by absolute path (`::charm_runtime`) so a user's
//! own `charm_runtime` module or a renamed dependency cannot capture it: `use
//! ::charm_runtime::__private as __charm;` at the top of the generated block ([`RuntimePath::alias`]),
//! then everything through `__charm::` (serde's `_serde`). A crate that re-exports
//! `charm_runtime` under another name passes `crate = path` to the attribute.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

/// The path of the runtime crate: `::charm_runtime` unless the user gave `crate = path`.
#[derive(Debug, Clone)]
pub(crate) struct RuntimePath {
    path: Option<syn::Path>,
}

impl RuntimePath {
    /// `::charm_runtime`.
    pub(crate) fn new() -> Self {
        Self { path: None }
    }

    /// The path the user gave with `crate = path`.
    pub(crate) fn with_override(path: syn::Path) -> Self {
        Self { path: Some(path) }
    }

    /// The doc-hidden module with the items generated code uses: `<runtime>::__private`.
    pub(crate) fn private(&self) -> TokenStream {
        quote!(#self::__private)
    }

    /// `use <runtime>::__private as __charm;`: the one place generated code names the
    /// runtime; everything else goes through `__charm::`.
    pub(crate) fn alias(&self) -> TokenStream {
        let private = self.private();
        quote!(use #private as __charm;)
    }
}

impl Default for RuntimePath {
    fn default() -> Self {
        Self::new()
    }
}

impl ToTokens for RuntimePath {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match &self.path {
            Some(path) => path.to_tokens(tokens),
            None => tokens.extend(quote!(::charm_runtime)),
        }
    }
}

/// Parses the value of a `crate = path` option inside `parse_nested_meta`, rejecting a second
/// occurrence (`slot` holds the first).
///
/// # Errors
///
/// When the option was already given or the value is not a path.
pub(crate) fn parse_crate_option(
    meta: &syn::meta::ParseNestedMeta<'_>,
    slot: &mut Option<RuntimePath>,
) -> syn::Result<()> {
    if slot.is_some() {
        return Err(meta.error("duplicate `crate` option; give it once"));
    }
    let path: syn::Path = meta.value()?.parse()?;
    *slot = Some(RuntimePath::with_override(path));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_absolute() {
        assert_eq!(
            RuntimePath::new().to_token_stream().to_string(),
            ":: charm_runtime"
        );
        assert_eq!(
            RuntimePath::new().private().to_string(),
            ":: charm_runtime :: __private"
        );
    }

    #[test]
    fn override_replaces_the_path() {
        let path = RuntimePath::with_override(syn::parse_quote!(my::rt));
        assert_eq!(path.private().to_string(), "my :: rt :: __private");
        assert_eq!(
            path.alias().to_string(),
            "use my :: rt :: __private as __charm ;"
        );
    }

    #[test]
    fn crate_option_is_parsed_once() {
        let mut slot = None;
        let parser = syn::meta::parser(|meta| {
            if meta.path.is_ident("crate") {
                parse_crate_option(&meta, &mut slot)
            } else {
                Err(meta.error("unexpected"))
            }
        });
        let err = syn::parse::Parser::parse2(parser, quote!(crate = a::b, crate = c)).unwrap_err();
        assert_eq!(err.to_string(), "duplicate `crate` option; give it once");
    }
}
