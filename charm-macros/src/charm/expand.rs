//! Printing a valid charm: the impl block, the dispatch and one call function per handler.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use super::mount;
use super::parse::{Charm, Handler, Receiver};
use super::validate::{Checked, Resolved, StateMode};
use crate::on::{self, Trigger};
use crate::paths::RuntimePath;

/// The options of `#[charm]` the expansion prints.
pub(crate) struct Options<'a> {
    /// Where the runtime is.
    pub runtime: &'a RuntimePath,
    /// `::core::include_str!` of `charmcraft.yaml`: the charm carries it, and editing the
    /// file recompiles the charm.
    pub charmcraft: &'a TokenStream,
    /// `remember_status = ...`, when given.
    pub remember_status: Option<bool>,
}

/// The impl block, then a `const _` block implementing the runtime's `Charm` trait.
pub(crate) fn expand(charm: &Charm, checked: &Checked, options: &Options<'_>) -> TokenStream {
    let alias = options.runtime.alias();
    let item = &charm.item;
    let self_ty = &charm.self_ty;
    let event = quote!(__charm::Event);
    // Every mount's endpoint is declared once `validate` found no error.
    let endpoints: Vec<_> = checked.endpoints.iter().flatten().collect();

    // The event's own handlers: one arm per #[on] of an event.
    let mut arms: Vec<(bool, TokenStream)> = Vec::new();
    // Then the handlers of groups, in source order.
    let mut groups = Vec::new();
    // Then, in the next phase, the collect_status handlers.
    let mut collectors = Vec::new();
    // Flags of the handlers that both have arms and run on a library's report: set by their
    // arm, so that they run once per event.
    let mut flags = Vec::new();
    for handler in &charm.handlers {
        let call = format_ident!("__charm_handle_{}", handler.ident);
        let ran = format_ident!("__charm_ran_{}", handler.ident);
        let reports = handler
            .ons
            .iter()
            .any(|on| *on.trigger == Trigger::Interface);
        let has_arms = handler
            .ons
            .iter()
            .any(|on| matches!(*on.trigger, Trigger::Event(_)));
        let flagged = reports && has_arms;
        if flagged {
            flags.push(quote!(let mut #ran = false;));
        }
        let mut tests = Vec::new();
        for on in &handler.ons {
            match *on.trigger {
                Trigger::Event(_) => {
                    let pattern = on::expand::pattern(on, &event);
                    let run = if flagged {
                        quote!({ #ran = true; #call(__charm_scope).await? })
                    } else {
                        quote!(#call(__charm_scope).await?,)
                    };
                    arms.push((on::expand::is_narrowed(on), quote!(#pattern => #run)));
                }
                Trigger::Group(group) => {
                    for pattern in on::expand::group_patterns(group, on, &event) {
                        tests.push(quote!(::core::matches!(__charm_scope.event(), #pattern)));
                    }
                }
                Trigger::Interface => {
                    let not_ran = flagged.then(|| quote!(!#ran &&));
                    let reported = mount::reported(&charm.mounts, &endpoints, on);
                    tests.push(quote!(#not_ran #reported));
                }
                Trigger::CollectStatus => collectors.push(quote!(#call(__charm_scope).await?;)),
            }
        }
        if !tests.is_empty() {
            groups.push(quote! {
                if #(#tests)||* {
                    #call(__charm_scope).await?;
                }
            });
        }
    }
    // Arms narrowed by a notice key or a check name go before the ones for any key or check.
    arms.sort_by_key(|(narrowed, _)| !narrowed);
    let arms = arms.into_iter().map(|(_, arm)| arm);
    let collect_status = (!collectors.is_empty()).then(|| {
        quote! {
            async fn collect_status(
                __charm_scope: &__charm::Scope<'_>,
            ) -> __charm::Result<()> {
                #(#collectors)*
                ::core::result::Result::Ok(())
            }
        }
    });
    let remember_status = options
        .remember_status
        .map(|remember| quote!(const REMEMBER_STATUS: bool = #remember;));
    let charmcraft = options.charmcraft;

    let calls = charm
        .handlers
        .iter()
        .zip(&checked.args)
        .map(|(handler, resolved)| call_fn(handler, resolved, self_ty));
    let on_paths = &charm.on_paths;
    let (mount_items, mount_fn) = mount::expand(&charm.mounts, &endpoints, self_ty);

    quote! {
        #item

        #[doc(hidden)]
        #[allow(non_snake_case, clippy::all, clippy::pedantic)]
        const _: () = {
            #alias
            #(#[allow(unused_imports)] use #on_paths as _;)*

            #[automatically_derived]
            impl __charm::Charm for #self_ty {
                const CHARMCRAFT: &'static str = #charmcraft;
                #remember_status

                #mount_fn

                async fn handle(
                    __charm_scope: &__charm::Scope<'_>,
                ) -> __charm::Result<()> {
                    #(#flags)*
                    match __charm_scope.event() {
                        #(#arms)*
                        #event::Action(__charm_event) => {
                            return __charm::unhandled_action(__charm_event);
                        }
                        _ => {}
                    }
                    #(#groups)*
                    ::core::result::Result::Ok(())
                }

                #collect_status
            }

            #mount_items

            #(#calls)*
        };
    }
}

/// `async fn __charm_handle_<name>(scope) -> Result<()>`: gets each argument, builds the charm
/// when the handler takes `self`, calls the handler, converts its output and saves the
/// `#[state]` values it may have changed.
fn call_fn(handler: &Handler, resolved: &[Resolved], self_ty: &syn::Type) -> TokenStream {
    let name = &handler.ident;
    let call = format_ident!("__charm_handle_{}", handler.ident);
    let mut lets = Vec::new();
    let mut values = Vec::new();
    let mut saves = Vec::new();
    for (index, (arg, resolved)) in handler.args.iter().zip(resolved).enumerate() {
        let var = format_ident!("__charm_arg{}", index);
        let ty = &arg.ty;
        let value = match resolved {
            Resolved::Extract => quote_spanned! {ty.span()=>
                <#ty as __charm::FromContext<'_>>::from_context(__charm_scope).await?
            },
            Resolved::Mount(name) => mount::argument(name, ty),
            Resolved::Container(container) => {
                quote!(__charm::container(__charm_scope, #container))
            }
            Resolved::EventContainer => quote!(__charm::event_container(__charm_scope)?),
            // Spanned at the type: a type serde cannot build is reported at the argument.
            Resolved::Config(option) => {
                let call = quote_spanned!(ty.span()=> __charm::config_option::<#ty>);
                quote!(#call(__charm_scope, #option).await?)
            }
            Resolved::Param(param) => {
                let call = quote_spanned!(ty.span()=> __charm::action_param::<#ty>);
                quote!(#call(__charm_scope, #param).await?)
            }
            Resolved::State { key, mode, inner } => {
                let slot = format_ident!("__charm_state{}", index);
                // Spanned at the value's type: a type that cannot be kept is reported there.
                let load = quote_spanned!(inner.span()=> __charm::StateSlot::<#inner>::load);
                let binding = match mode {
                    StateMode::Exclusive => quote!(mut #slot),
                    StateMode::Owned | StateMode::Shared => quote!(#slot),
                };
                lets.push(quote!(let #binding = #load(__charm_scope, #key).await?;));
                match mode {
                    StateMode::Owned => quote!(#slot.into_value()),
                    StateMode::Shared => quote!(#slot.value()),
                    StateMode::Exclusive => {
                        saves.push(quote!(#slot.save(__charm_scope).await?;));
                        quote!(#slot.value_mut())
                    }
                }
            }
        };
        lets.push(quote!(let #var: #ty = #value;));
        values.push(var);
    }
    let (receiver, build) = match handler.receiver {
        None => (None, None),
        Some(receiver) => {
            let new = quote_spanned!(receiver.span()=> __charm::new_charm());
            let (borrow, binding) = match *receiver {
                Receiver::Shared => (quote!(&), quote!(__charm_self)),
                Receiver::Exclusive | Receiver::Owned => (quote!(&mut), quote!(mut __charm_self)),
            };
            (
                Some(quote!(#borrow __charm_self,)),
                Some(quote!(let #binding: #self_ty = #new;)),
            )
        }
    };
    let awaited = handler.is_async.then(|| quote!(.await));
    let output_span = handler
        .output
        .as_ref()
        .map_or_else(|| handler.ident.span(), Spanned::span);
    let convert = quote_spanned! {output_span=>
        __charm::HandlerResult::into_result(__charm_output)
    };
    let finish = if saves.is_empty() {
        convert
    } else {
        quote! {
            #convert?;
            #(#saves)*
            ::core::result::Result::Ok(())
        }
    };
    quote! {
        async fn #call(
            __charm_scope: &__charm::Scope<'_>,
        ) -> __charm::Result<()> {
            #(#lets)*
            #build
            let __charm_output = <#self_ty>::#name(#receiver #(#values),*)#awaited;
            #finish
        }
    }
}

/// What is emitted when the charm has errors: the item and a `Charm` impl that is never
/// called, so a `main!` or a test that names the charm gives no second error.
pub(crate) fn stub(charm: &Charm, runtime: &RuntimePath) -> TokenStream {
    let alias = runtime.alias();
    let item = &charm.item;
    let self_ty = &charm.self_ty;
    let on_paths = &charm.on_paths;
    if !charm.item.generics.params.is_empty() || charm.item.trait_.is_some() {
        return quote! {
            #item

            #[doc(hidden)]
            const _: () = {
                #(#[allow(unused_imports)] use #on_paths as _;)*
            };
        };
    }
    quote! {
        #item

        #[doc(hidden)]
        const _: () = {
            #alias
            #(#[allow(unused_imports)] use #on_paths as _;)*
            #[automatically_derived]
            impl __charm::Charm for #self_ty {
                async fn handle(
                    _: &__charm::Scope<'_>,
                ) -> __charm::Result<()> {
                    ::core::unreachable!()
                }
            }
        };
    }
}
