//! `#[interface]` functions: the relation-interface libraries a charm mounts.
//!
//! ```text
//! #[interface]                      // the endpoint named after the function
//! fn database(endpoint: &'static str) -> DatabaseRequirer { ... }
//! #[interface = "peer-certificates"] // or named explicitly
//! fn peer_tls(endpoint: &'static str) -> TlsRequirer { ... }
//! ```
//!
//! Parsed from the impl block ([`parse`]), checked against `charmcraft.yaml` ([`validate`]:
//! the endpoint is declared, once), then printed ([`expand`]): a struct holding every mounted
//! library, `Charm::mount` building and observing them, and constant assertions that the
//! library's `Interface::ROLE` and `Interface::INTERFACES` fit the endpoint's section and
//! interface name, which only the compiler can evaluate.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, LitStr, Type};

use super::validate::{matching, type_text};
use crate::diag::{Diagnostics, did_you_mean, list};
use crate::metadata::Metadata;
use crate::on::parse::On;
use crate::on::validate::endpoint_declared;
use charm_spec::charmcraft::FILE_NAME;

/// One `#[interface]` function.
#[derive(Debug)]
pub(crate) struct Mount {
    /// The function's name: the name of the handler arguments that take the library.
    pub ident: Ident,
    /// `#[interface = "endpoint"]`, when the endpoint is not named after the function.
    pub explicit: Option<LitStr>,
    /// The library's type: what the function returns.
    pub ty: Type,
}

impl Mount {
    /// The endpoint it names: `#[interface = "..."]`, or the function's name with `_` as `-`.
    pub(crate) fn written_endpoint(&self) -> String {
        self.explicit
            .as_ref()
            .map_or_else(|| self.ident.to_string().replace('_', "-"), LitStr::value)
    }
}

/// A mount whose endpoint `charmcraft.yaml` declares.
#[derive(Debug)]
pub(crate) struct Endpoint {
    /// The endpoint's name.
    pub name: String,
    /// Its section: `requires`, `provides` or `peers`.
    pub section: &'static str,
    /// Its `interface:` name.
    pub interface: String,
    /// The line that declares it.
    pub line: u64,
}

/// Whether `attr` is `#[interface]` or `#[interface = "..."]`.
pub(crate) fn is_interface_attr(attr: &syn::Attribute) -> bool {
    attr.path().is_ident("interface")
}

/// Parses an `#[interface]` function (`attrs` are its `#[interface]` attributes), recording
/// what is wrong with its signature. `None` when it has no return type to mount.
pub(crate) fn parse(
    sig: &syn::Signature,
    attrs: &[syn::Attribute],
    diag: &mut Diagnostics,
) -> Option<Mount> {
    let mut explicit = None;
    for (index, attr) in attrs.iter().enumerate() {
        if index > 0 {
            diag.error(
                attr.path().span(),
                "a function mounts one library on one endpoint: remove this #[interface]",
            );
            continue;
        }
        match &attr.meta {
            syn::Meta::Path(_) => {}
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => explicit = Some(s.clone()),
                other => diag.error(
                    other.span(),
                    "expected a string: #[interface = \"endpoint\"]",
                ),
            },
            syn::Meta::List(list) => diag.error(
                list.delimiter.span().join(),
                "write #[interface] (the endpoint named after the function) or \
                 #[interface = \"endpoint\"]",
            ),
        }
    }
    let usage = format!("`fn {}(endpoint: &'static str) -> Library`", sig.ident);
    if let Some(receiver) = sig.receiver() {
        diag.error(
            receiver.self_token.span,
            format!("an #[interface] function builds the library without the charm: remove `self` ({usage})"),
        );
    }
    if let Some(asyncness) = sig.asyncness {
        diag.error(
            asyncness.span,
            format!("an #[interface] function is not async: it only builds the library ({usage})"),
        );
    }
    if !sig.generics.params.is_empty() {
        diag.error(
            sig.generics.params.span(),
            "an #[interface] function cannot be generic: its return type is the library it mounts",
        );
    }
    let typed = sig
        .inputs
        .iter()
        .filter(|input| matches!(input, syn::FnArg::Typed(_)))
        .count();
    if typed != 1 {
        let span = if sig.inputs.is_empty() {
            sig.paren_token.span.join()
        } else {
            sig.inputs.span()
        };
        diag.error(
            span,
            format!(
                "an #[interface] function takes the endpoint's name, checked against \
                 {FILE_NAME}, as its one argument: {usage}"
            ),
        );
    }
    let syn::ReturnType::Type(_, ty) = &sig.output else {
        diag.error(
            sig.ident.span(),
            format!("an #[interface] function returns the library it mounts: {usage}"),
        );
        return None;
    };
    Some(Mount {
        ident: sig.ident.clone(),
        explicit,
        ty: (**ty).clone(),
    })
}

/// Finds the endpoint of each mount in `charmcraft.yaml` (`None` where it is not declared or
/// is mounted twice, with the error recorded).
pub(crate) fn validate(
    mounts: &[Mount],
    metadata: &Metadata,
    diag: &mut Diagnostics,
) -> Vec<Option<Endpoint>> {
    let mut seen: Vec<(String, &Ident)> = Vec::new();
    mounts
        .iter()
        .map(|mount| {
            let (name, span) = endpoint_name(mount, metadata, diag)?;
            if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
                diag.error(
                    span,
                    format!(
                        "`{first}` already mounts a library on endpoint \"{name}\"; one library \
                         serves one endpoint: remove one, or give each its own endpoint"
                    ),
                );
                return None;
            }
            seen.push((name.clone(), &mount.ident));
            let sections = [&metadata.requires, &metadata.provides, &metadata.peers];
            sections.into_iter().find_map(|section| {
                section.get(&name).map(|entry| Endpoint {
                    name: name.clone(),
                    section: section.key,
                    interface: entry.value.interface.clone(),
                    line: entry.line,
                })
            })
        })
        .collect()
}

/// The endpoint a mount serves and where it is named, if `charmcraft.yaml` declares it.
fn endpoint_name(
    mount: &Mount,
    metadata: &Metadata,
    diag: &mut Diagnostics,
) -> Option<(String, Span)> {
    if let Some(explicit) = &mount.explicit {
        return match endpoint_declared(explicit, metadata) {
            Ok(()) => Some((explicit.value(), explicit.span())),
            Err(err) => {
                diag.push(err);
                None
            }
        };
    }
    let rust_name = mount.ident.to_string();
    if let Some(found) = matching(&rust_name, metadata.endpoints()) {
        return Some((found.to_owned(), mount.ident.span()));
    }
    let dashed = rust_name.replace('_', "-");
    diag.error(
        mount.ident.span(),
        format!(
            "no relation endpoint \"{dashed}\" in {FILE_NAME} (declared: {}): name the function \
             after the endpoint it mounts on, or write #[interface = \"endpoint\"]{}",
            list(metadata.endpoints()),
            did_you_mean(&dashed, metadata.endpoints())
        ),
    );
    None
}

/// The name of the struct that holds a charm's mounted libraries.
pub(crate) fn mounts_struct() -> Ident {
    format_ident!("__CharmMounts")
}

/// The mounted library a handler argument takes (`&Mounted<L>` or `&L`, through
/// `FromMounted`), spanned at the argument's type so a type that does not fit is reported
/// there.
pub(crate) fn argument(name: &Ident, ty: &Type) -> TokenStream {
    let mounts = mounts_struct();
    // The field spanned at the type too, so that a wrong type is reported there alone.
    let name = Ident::new(&name.to_string(), ty.span());
    quote_spanned! {ty.span()=>
        __charm::FromMounted::from_mounted(
            &__charm::mounts::<#mounts>(__charm_scope)?.#name
        )
    }
}

/// Whether the library mounted on the endpoint of `on` (`#[on(interface = "...")]`) reported
/// events for this dispatch. `validate` made sure one is mounted there.
pub(crate) fn reported(mounts: &[Mount], endpoints: &[&Endpoint], on: &On) -> TokenStream {
    let endpoint = on.target.as_ref().map(LitStr::value);
    let mounted = mounts
        .iter()
        .zip(endpoints)
        .find(|(_, e)| Some(&e.name) == endpoint.as_ref());
    let Some((mount, _)) = mounted else {
        return quote!(false);
    };
    let (mounts, name) = (mounts_struct(), &mount.ident);
    quote! {
        !__charm::mounts::<#mounts>(__charm_scope)?.#name.events().is_empty()
    }
}

/// The struct of mounted libraries and the checks of each against its endpoint (items of the
/// generated `const _` block), and the `Charm::mount` that builds them (an item of the
/// `Charm` impl). Nothing when the charm mounts no library.
pub(crate) fn expand(
    mounts: &[Mount],
    endpoints: &[&Endpoint],
    self_ty: &Type,
) -> (TokenStream, TokenStream) {
    if mounts.is_empty() {
        return (TokenStream::new(), TokenStream::new());
    }
    let name = mounts_struct();
    let idents: Vec<&Ident> = mounts.iter().map(|m| &m.ident).collect();
    let types: Vec<&Type> = mounts.iter().map(|m| &m.ty).collect();
    let builds = mounts.iter().zip(endpoints).map(|(mount, endpoint)| {
        let ident = &mount.ident;
        let endpoint = &endpoint.name;
        quote! {
            #ident: __charm::Mounted::observe(
                <#self_ty>::#ident(#endpoint),
                __charm_scope.context(),
            )
            .await?
        }
    });
    let checks = mounts
        .iter()
        .zip(endpoints)
        .map(|(mount, endpoint)| fits(mount, endpoint));
    let items = quote! {
        struct #name {
            #(#idents: __charm::Mounted<#types>,)*
        }

        #(#checks)*
    };
    let mount_fn = quote! {
        async fn mount(__charm_scope: &__charm::Scope<'_>) -> __charm::Result<()> {
            let __charm_mounts = #name {
                #(#builds,)*
            };
            __charm::set_mounts(__charm_scope, __charm_mounts)
        }
    };
    (items, mount_fn)
}

/// Constant assertions, at the library's type, that it serves the endpoint's section and
/// interface name: a library that does not is a compile error saying which and how to fix it.
fn fits(mount: &Mount, endpoint: &Endpoint) -> TokenStream {
    let ty = &mount.ty;
    let shown = type_text(ty);
    let Endpoint {
        name,
        section,
        interface,
        line,
    } = endpoint;
    let wrong_side = format!(
        "`{shown}` cannot serve endpoint \"{name}\": {FILE_NAME}:{line} declares it under \
         `{section}`, and `{shown}` serves another side of the relation (its Interface::ROLE); \
         mount a library for `{section}` endpoints, or move the endpoint to the section of the \
         library's role"
    );
    let wrong_interface = format!(
        "`{shown}` cannot serve endpoint \"{name}\": {FILE_NAME}:{line} declares `interface: \
         {interface}`, which is not one of the interfaces `{shown}` speaks (its \
         Interface::INTERFACES); mount a library for `{interface}`, or fix the endpoint's \
         interface"
    );
    quote_spanned! {ty.span()=>
        const _: () = ::core::assert!(
            __charm::serves_section::<#ty>(#section),
            #wrong_side
        );
        const _: () = ::core::assert!(
            __charm::serves_interface::<#ty>(#interface),
            #wrong_interface
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charm::parse::parse_item;
    use quote::quote;

    const YAML: &str = "\
requires:
  peer-certificates: {interface: tls-certificates}
provides:
  metrics: {interface: prometheus_scrape}
peers:
  cluster: {interface: cluster}
";

    /// An endpoint found: its name, section and interface.
    type Found = Option<(String, &'static str, String)>;

    /// The endpoints the mounts of `item` serve, and the messages.
    fn endpoints(item: TokenStream) -> (Vec<Found>, Vec<String>) {
        let metadata = Metadata::parse(YAML, "charmcraft.yaml".into(), Span::call_site()).unwrap();
        let mut diag = Diagnostics::new();
        let charm = parse_item(item, &mut diag).unwrap();
        let found = validate(&charm.mounts, &metadata, &mut diag)
            .into_iter()
            .map(|e| e.map(|e| (e.name, e.section, e.interface)))
            .collect();
        let errors = diag
            .finish()
            .err()
            .map(|e| e.into_iter().map(|e| e.to_string()).collect())
            .unwrap_or_default();
        (found, errors)
    }

    #[test]
    fn finds_each_endpoint_by_name_with_dashes_or_explicitly() {
        let (found, errors) = endpoints(quote! {
            impl C {
                #[interface]
                fn peer_certificates(endpoint: &'static str) -> Tls { Tls }
                #[interface = "metrics"]
                fn scrape(endpoint: &'static str) -> Scrape { Scrape }
                #[interface]
                fn cluster(endpoint: &'static str) -> Peers { Peers }
            }
        });
        assert!(errors.is_empty(), "{errors:?}");
        let expected = [
            ("peer-certificates", "requires", "tls-certificates"),
            ("metrics", "provides", "prometheus_scrape"),
            ("cluster", "peers", "cluster"),
        ];
        let expected: Vec<_> = expected
            .iter()
            .map(|(n, s, i)| Some(((*n).to_owned(), *s, (*i).to_owned())))
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn an_explicit_name_is_taken_as_written() {
        let (found, errors) = endpoints(quote! {
            impl C {
                #[interface = "peer_certificates"]
                fn tls(endpoint: &'static str) -> Tls { Tls }
            }
        });
        assert_eq!(found, [None]);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("no relation endpoint \"peer_certificates\""),
            "{errors:?}"
        );
    }
}
