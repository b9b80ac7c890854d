//! Parsing `#[charm(...)]` and its impl block into a [`Charm`].

use proc_macro2::{Span, TokenStream};
use syn::spanned::Spanned;
use syn::{FnArg, Ident, ImplItem, LitStr, Type};

use super::mount::{self, Mount};
use crate::diag::Diagnostics;
use crate::on::parse::On;
use crate::on::{self, is_on_attr};
use crate::paths::{RuntimePath, parse_crate_option};
use crate::spanned::Sp;

/// The options of `#[charm(...)]`.
#[derive(Debug, Default)]
pub(crate) struct Args {
    /// `crate = path`: where the runtime is.
    pub krate: Option<RuntimePath>,
    /// `metadata = "path"`: the charmcraft.yaml to check against.
    pub metadata: Option<LitStr>,
    /// `remember_status = false`: set every collected status, even one equal to the last.
    pub remember_status: Option<syn::LitBool>,
}

/// The charm: its impl block (with our helper attributes removed) and its handlers.
#[derive(Debug)]
pub(crate) struct Charm {
    /// The impl block as the compiler must see it: no `#[on]`, `#[config]`, `#[param]` or
    /// `#[container]` left.
    pub item: syn::ItemImpl,
    /// The charm type.
    pub self_ty: Type,
    /// Methods with at least one `#[on]`, in source order.
    pub handlers: Vec<Handler>,
    /// The `#[interface]` functions, in source order.
    pub mounts: Vec<Mount>,
    /// The distinct paths the `#[on]` attributes were written with (`on`,
    /// `charm_runtime::on`), so the expansion can use them and the user's import of `on`
    /// does not look unused.
    pub on_paths: Vec<syn::Path>,
}

/// A method with one or more `#[on]`.
#[derive(Debug)]
pub(crate) struct Handler {
    /// Its name.
    pub ident: Ident,
    /// Its events, in source order.
    pub ons: Vec<On>,
    /// How it takes the charm, if it does, at `self`.
    pub receiver: Option<Sp<Receiver>>,
    /// Whether it is `async`.
    pub is_async: bool,
    /// Its arguments after the receiver.
    pub args: Vec<Arg>,
    /// Its return type (`None` when it returns `()` implicitly).
    pub output: Option<Type>,
    /// The span of generic parameters, when it has some.
    pub generics: Option<Span>,
}

/// How a handler takes `self`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Receiver {
    /// `&self`.
    Shared,
    /// `&mut self`.
    Exclusive,
    /// `self`, `mut self` or `self: Type`.
    Owned,
}

/// One handler argument.
#[derive(Debug)]
pub(crate) struct Arg {
    /// Its name, when the pattern is a plain identifier.
    pub name: Option<Ident>,
    /// The span of its pattern.
    pub pat_span: Span,
    /// Its type as written.
    pub ty: Type,
    /// Where its value comes from, as the user marked it.
    pub source: Source,
}

/// Where an argument's value comes from.
#[derive(Debug, Clone)]
pub(crate) enum Source {
    /// The runtime's `FromContext` impl for the type.
    Extract,
    /// A `Container`: named with `#[container = "..."]`, or `None` to be resolved.
    Container(Option<LitStr>),
    /// `#[config]` (the name from the argument) or `#[config = "name"]`, at `config`.
    Config(Sp<Option<LitStr>>),
    /// `#[param]` or `#[param = "name"]`, at `param`.
    Param(Sp<Option<LitStr>>),
    /// `#[state]` or `#[state = "key"]`, at `state`.
    State(Sp<Option<LitStr>>),
}

/// Parses the attribute's arguments.
pub(crate) fn parse_args(attr: TokenStream, diag: &mut Diagnostics) -> Args {
    let mut args = Args::default();
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident("crate") {
            parse_crate_option(&meta, &mut args.krate)
        } else if meta.path.is_ident("metadata") {
            let value: LitStr = meta.value()?.parse()?;
            if args.metadata.is_some() {
                return Err(meta.error("duplicate `metadata` option; give it once"));
            }
            args.metadata = Some(value);
            Ok(())
        } else if meta.path.is_ident("remember_status") {
            let value: syn::LitBool = meta.value()?.parse()?;
            if args.remember_status.is_some() {
                return Err(meta.error("duplicate `remember_status` option; give it once"));
            }
            args.remember_status = Some(value);
            Ok(())
        } else {
            Err(meta.error(
                "unknown #[charm] option; expected `metadata = \"path\"`, `crate = path` or \
                 `remember_status = false`",
            ))
        }
    });
    if let Err(err) = syn::parse::Parser::parse2(parser, attr) {
        diag.push(err);
    }
    args
}

/// Parses the item under `#[charm]`, recording mistakes in its `#[on]`s and arguments.
///
/// # Errors
///
/// When the item is not an impl block: nothing more can be checked.
pub(crate) fn parse_item(item: TokenStream, diag: &mut Diagnostics) -> syn::Result<Charm> {
    let item: syn::Item = syn::parse2(item)?;
    let syn::Item::Impl(mut item) = item else {
        return Err(syn::Error::new(
            item_keyword_span(&item),
            "#[charm] goes on the `impl` block of the charm type: `#[charm] impl MyCharm { ... }`",
        ));
    };
    let mut handlers = Vec::new();
    let mut mounts = Vec::new();
    let mut on_paths: Vec<syn::Path> = Vec::new();
    for impl_item in &mut item.items {
        let ImplItem::Fn(method) = impl_item else {
            continue;
        };
        let (interface_attrs, others): (Vec<_>, Vec<_>) =
            method.attrs.drain(..).partition(mount::is_interface_attr);
        let (on_attrs, others): (Vec<_>, Vec<_>) = others.into_iter().partition(is_on_attr);
        method.attrs = others;
        if !interface_attrs.is_empty() {
            for attr in &on_attrs {
                diag.error(
                    attr.path().span(),
                    "an #[interface] function mounts a library and is not a handler: move \
                     #[on] to a handler that takes the library as an argument",
                );
            }
            mounts.extend(mount::parse(&method.sig, &interface_attrs, diag));
            continue;
        }
        let mut arg_sources = Vec::new();
        for input in &mut method.sig.inputs {
            if let FnArg::Typed(pat_type) = input {
                arg_sources.push(take_source(&mut pat_type.attrs, &pat_type.ty, diag));
            }
        }
        if on_attrs.is_empty() {
            helpers_only_in_handlers(&method.sig.ident, &arg_sources, diag);
            continue;
        }
        for attr in &on_attrs {
            if !on_paths.contains(attr.path()) {
                on_paths.push(attr.path().clone());
            }
        }
        let ons: Vec<On> = on_attrs
            .iter()
            .filter_map(|attr| on::parse::parse(attr, diag))
            .collect();
        handlers.push(handler(&method.sig, ons, arg_sources));
    }
    let self_ty = (*item.self_ty).clone();
    Ok(Charm {
        item,
        self_ty,
        handlers,
        mounts,
        on_paths,
    })
}

/// `#[config]`, `#[param]`, `#[state]` and `#[container]` mean something only on a handler's
/// arguments.
fn helpers_only_in_handlers(method: &Ident, sources: &[Source], diag: &mut Diagnostics) {
    for source in sources {
        let (span, which) = match source {
            Source::Config(attr) => (attr.span(), "config"),
            Source::Param(attr) => (attr.span(), "param"),
            Source::State(attr) => (attr.span(), "state"),
            Source::Container(Some(name)) => (name.span(), "container"),
            Source::Container(None) | Source::Extract => continue,
        };
        diag.error(
            span,
            format!(
                "#[{which}] only works on an argument of a handler; add #[on(...)] to `{method}` \
                 or remove #[{which}]"
            ),
        );
    }
}

/// The span of the keyword that starts `item` (`struct`, `fn`, ...).
fn item_keyword_span(item: &syn::Item) -> Span {
    match item {
        syn::Item::Struct(s) => s.struct_token.span,
        syn::Item::Enum(e) => e.enum_token.span,
        syn::Item::Fn(f) => f.sig.fn_token.span,
        syn::Item::Mod(m) => m.mod_token.span,
        syn::Item::Trait(t) => t.trait_token.span,
        other => other.span(),
    }
}

/// Builds a handler from a method signature.
fn handler(sig: &syn::Signature, ons: Vec<On>, sources: Vec<Source>) -> Handler {
    let receiver = sig.receiver().map(|r| {
        let receiver = match &r.kind {
            syn::ReceiverKind::Reference(_, _, None) => Receiver::Shared,
            syn::ReceiverKind::Reference(_, _, Some(_)) => Receiver::Exclusive,
            _ => Receiver::Owned,
        };
        Sp::new(receiver, r.self_token.span)
    });
    let args = sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            FnArg::Typed(pat_type) => Some(pat_type),
            FnArg::Receiver(_) => None,
        })
        .zip(sources)
        .map(|(pat_type, source)| Arg {
            name: match &*pat_type.pat {
                syn::Pat::Ident(p) => Some(p.ident.clone()),
                _ => None,
            },
            pat_span: pat_type.pat.span(),
            ty: (*pat_type.ty).clone(),
            source,
        })
        .collect();
    let generics = (!sig.generics.params.is_empty()).then(|| sig.generics.params.span());
    Handler {
        ident: sig.ident.clone(),
        ons,
        receiver,
        is_async: sig.asyncness.is_some(),
        args,
        output: match &sig.output {
            syn::ReturnType::Default => None,
            syn::ReturnType::Type(_, ty) => Some((**ty).clone()),
        },
        generics,
    }
}

/// Removes `#[config]`, `#[param]`, `#[state]` and `#[container]` from an argument's
/// attributes and says where its value comes from.
fn take_source(attrs: &mut Vec<syn::Attribute>, ty: &Type, diag: &mut Diagnostics) -> Source {
    let mut source: Option<Source> = None;
    let mut kept = Vec::new();
    for attr in attrs.drain(..) {
        let Some(which) = ["config", "param", "state", "container"]
            .into_iter()
            .find(|w| attr.path().is_ident(w))
        else {
            kept.push(attr);
            continue;
        };
        let span = attr.path().span();
        let name = match &attr.meta {
            syn::Meta::Path(_) => None,
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.clone()),
                other => {
                    diag.error(
                        other.span(),
                        format!("expected a string: #[{which} = \"name\"]"),
                    );
                    continue;
                }
            },
            syn::Meta::List(list) => {
                diag.error(
                    list.delimiter.span().join(),
                    format!("write #[{which}] or #[{which} = \"name\"]"),
                );
                continue;
            }
        };
        if source.is_some() {
            diag.error(
                span,
                format!(
                    "an argument takes one of #[config], #[param], #[state] or #[container]; \
                     remove #[{which}]"
                ),
            );
            continue;
        }
        source = Some(match which {
            "config" => Source::Config(Sp::new(name, span)),
            "param" => Source::Param(Sp::new(name, span)),
            "state" => Source::State(Sp::new(name, span)),
            _ => match name {
                Some(name) => Source::Container(Some(name)),
                None => {
                    diag.error(span, "name the container: #[container = \"name\"]");
                    // Taken by type from here on, so this mistake gives one message.
                    Source::Extract
                }
            },
        });
    }
    *attrs = kept;
    source.unwrap_or_else(|| {
        // Only an owned `Container`: `&Container` goes to the trait, whose error lists what a
        // handler can take.
        if matches!(ty, Type::Path(_)) && last_ident(ty).is_some_and(|i| i == "Container") {
            Source::Container(None)
        } else {
            Source::Extract
        }
    })
}

/// The last identifier of a path type (`Container` in `charm_runtime::Container`), through
/// one reference.
pub(crate) fn last_ident(ty: &Type) -> Option<&Ident> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last().map(|s| &s.ident),
        Type::Reference(r) => last_ident(&r.elem),
        Type::Group(g) => last_ident(&g.elem),
        Type::Paren(p) => last_ident(&p.elem),
        _ => None,
    }
}

/// `T` when `ty` is `Option<T>`.
pub(crate) fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else {
        return None;
    };
    let last = p.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn parses_handlers_and_strips_helper_attributes() {
        let mut diag = Diagnostics::new();
        let charm = parse_item(
            quote! {
                impl MyCharm {
                    #[on(install)]
                    #[on(config_changed)]
                    async fn setup(&self, juju: &Juju, #[config] port: i64, web: Container) -> Result<()> { Ok(()) }
                    fn helper(&self) {}
                }
            },
            &mut diag,
        )
        .unwrap();
        assert!(diag.finish().is_ok());
        assert_eq!(charm.handlers.len(), 1);
        let handler = &charm.handlers[0];
        assert_eq!(handler.ons.len(), 2);
        assert!(handler.is_async);
        assert_eq!(handler.receiver.as_deref(), Some(&Receiver::Shared));
        assert!(matches!(handler.args[0].source, Source::Extract));
        assert!(matches!(&handler.args[1].source, Source::Config(name) if name.is_none()));
        assert!(matches!(handler.args[2].source, Source::Container(None)));
        let printed = quote::ToTokens::to_token_stream(&charm.item).to_string();
        assert!(!printed.contains("on ("), "{printed}");
        assert!(!printed.contains("config"), "{printed}");
    }

    #[test]
    fn rejects_non_impl_items() {
        let mut diag = Diagnostics::new();
        let err = parse_item(
            quote!(
                struct MyCharm;
            ),
            &mut diag,
        )
        .unwrap_err();
        assert!(diag.finish().is_ok());
        assert!(
            err.to_string()
                .starts_with("#[charm] goes on the `impl` block")
        );
    }

    #[test]
    fn parses_options() {
        let mut diag = Diagnostics::new();
        let args = parse_args(
            quote!(metadata = "../charmcraft.yaml", crate = my::rt),
            &mut diag,
        );
        assert!(diag.finish().is_ok());
        assert_eq!(args.metadata.unwrap().value(), "../charmcraft.yaml");
        assert!(args.krate.is_some());
        let mut diag = Diagnostics::new();
        parse_args(quote!(metadata = "a", metadata = "b"), &mut diag);
        assert_eq!(
            diag.finish().unwrap_err().to_string(),
            "duplicate `metadata` option; give it once"
        );
        let mut diag = Diagnostics::new();
        let args = parse_args(quote!(remember_status = false), &mut diag);
        assert!(diag.finish().is_ok());
        assert!(!args.remember_status.unwrap().value);
    }
}
