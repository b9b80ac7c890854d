//! Printing a checked layer as the body of the function: parameters used in text turned into
//! strings once, then one struct expression of `charm_runtime::layer` types, where a
//! placeholder filling a number, duration or enum field is converted by the `__private` trait
//! of that kind of field (which checks the parameter's type). Cannot fail.

use std::collections::BTreeSet;
use std::time::Duration;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::Type;
use syn::spanned::Spanned;

use crate::paths::RuntimePath;

use super::parse::{LayerFn, Param};
use super::{Object, ParamKind, Piece, Value};

/// The function with its body replaced by code that builds `layer`, after `track` (the item
/// that rebuilds the crate when `charmcraft.yaml` changes, or nothing).
pub(crate) fn function(
    function: &LayerFn,
    layer: &Object,
    krate: &RuntimePath,
    track: &TokenStream,
) -> TokenStream {
    let alias = krate.alias();
    let mut in_text = BTreeSet::new();
    for field in &layer.fields {
        text_params(&field.value, &mut in_text);
    }
    // Only parameters written into text are turned into strings (and so need `Display`).
    let conversions = function
        .params
        .iter()
        .filter(|param| in_text.contains(&param.ident.to_string()))
        .map(|param| {
            let var = variable(&param.ident.to_string());
            let call = converted(param, "LayerValue");
            quote!(let #var: __charm::String = #call;)
        });
    let printer = Printer {
        params: &function.params,
    };
    let layer = printer.object(layer);
    let mut item = function.item.clone();
    *item.block = syn::parse_quote!({
        #track
        #alias
        #(#conversions)*
        #layer
    });
    item.to_token_stream()
}

/// `__charm::Kind::fill(&param)`, spanned at the parameter's type, so that a type the trait
/// of that kind of field does not accept is reported at the type, with the trait's message.
/// The span is the first token of the type under any references (`str` in `&str`): a span
/// cannot cover several tokens on stable Rust, and the referenced type is what the message
/// names.
fn converted(param: &Param, kind: &str) -> TokenStream {
    let mut ty = &param.ty;
    while let Type::Reference(reference) = ty {
        ty = &reference.elem;
    }
    let span = ty.span();
    let arg = Ident::new(&param.ident.to_string(), span);
    let kind = Ident::new(kind, span);
    quote_spanned!(span=> __charm::#kind::fill(&#arg))
}

/// The names of parameters used by placeholders in text values.
fn text_params(value: &Value, found: &mut BTreeSet<String>) {
    match value {
        Value::Text(pieces) => {
            for piece in pieces {
                if let Piece::Param(name) = piece {
                    found.insert(name.clone());
                }
            }
        }
        Value::Map(entries) => {
            for (_, entry) in entries {
                text_params(entry, found);
            }
        }
        Value::Object(object) => {
            for field in &object.fields {
                text_params(&field.value, found);
            }
        }
        Value::Enum(..)
        | Value::Duration(_)
        | Value::Float(_)
        | Value::Int(_)
        | Value::List(_)
        | Value::Param(..) => {}
    }
}

/// The local variable holding a parameter's text.
fn variable(name: &str) -> Ident {
    format_ident!("__charm_{}", name)
}

/// Prints values; knows the parameters, for the placeholders of non-text fields.
struct Printer<'a> {
    params: &'a [Param],
}

impl Printer<'_> {
    fn object(&self, object: &Object) -> TokenStream {
        let ty = Ident::new(object.spec.rust_type, Span::call_site());
        let fields = object.fields.iter().map(|field| {
            let name = rust_ident(field.spec.rust_name);
            let value = self.value(&field.value);
            if field.spec.is_optional() {
                quote!(#name: __charm::Some(#value))
            } else {
                quote!(#name: #value)
            }
        });
        let rest = (object.fields.len() < object.spec.fields.len())
            .then(|| quote!(..__charm::Default::default()));
        quote!(__charm::#ty { #(#fields,)* #rest })
    }

    fn value(&self, v: &Value) -> TokenStream {
        match v {
            Value::Text(pieces) => text(pieces),
            Value::Enum(ty, variant) => {
                let ty = Ident::new(ty, Span::call_site());
                let variant = Ident::new(variant, Span::call_site());
                quote!(__charm::#ty::#variant)
            }
            Value::Duration(d) => {
                let d = duration(*d);
                quote!(__charm::GoDuration(#d))
            }
            Value::Float(f) => Literal::f64_unsuffixed(*f).into_token_stream(),
            Value::Int(i) => Literal::u64_unsuffixed(*i).into_token_stream(),
            Value::List(items) => {
                let items = items.iter().map(|item| string(&item.name));
                quote!(__charm::Vec::from([#(#items),*]))
            }
            Value::Map(entries) => {
                let entries = entries.iter().map(|(key, entry)| {
                    let key = string(&key.name);
                    let entry = self.value(entry);
                    quote!((#key, #entry))
                });
                quote!(__charm::BTreeMap::from([#(#entries),*]))
            }
            Value::Object(o) => self.object(o),
            Value::Param(kind, name) => {
                let kind = match kind {
                    ParamKind::Port => "LayerPort",
                    ParamKind::Int => "LayerInt",
                    ParamKind::Factor => "LayerFactor",
                    ParamKind::Duration => "LayerDuration",
                    ParamKind::Startup => "LayerStartup",
                    ParamKind::Level => "LayerLevel",
                };
                // Validation made sure the placeholder names a parameter.
                match self.params.iter().find(|p| p.ident == name) {
                    Some(param) => converted(param, kind),
                    None => quote!(::core::compile_error!("unknown placeholder")),
                }
            }
        }
    }
}

fn string(text: &str) -> TokenStream {
    quote!(__charm::String::from(#text))
}

fn text(pieces: &[Piece]) -> TokenStream {
    match pieces {
        [] => string(""),
        [Piece::Lit(text)] => string(text),
        [Piece::Param(name)] => {
            let var = variable(name);
            quote!(#var.clone())
        }
        _ => {
            let parts = pieces.iter().map(|piece| match piece {
                Piece::Lit(text) => quote!(#text),
                Piece::Param(name) => {
                    let var = variable(name);
                    quote!(#var.as_str())
                }
            });
            quote!([#(#parts),*].concat())
        }
    }
}

/// The shortest `Duration` constructor that states the value exactly.
fn duration(d: Duration) -> TokenStream {
    let nanos = d.as_nanos();
    let (ctor, amount) = if nanos.is_multiple_of(1_000_000_000) {
        ("from_secs", nanos / 1_000_000_000)
    } else if nanos.is_multiple_of(1_000_000) {
        ("from_millis", nanos / 1_000_000)
    } else if nanos.is_multiple_of(1_000) {
        ("from_micros", nanos / 1_000)
    } else {
        ("from_nanos", nanos)
    };
    match u64::try_from(amount) {
        Ok(amount) => {
            let ctor = Ident::new(ctor, Span::call_site());
            let amount = Literal::u64_unsuffixed(amount);
            quote!(__charm::Duration::#ctor(#amount))
        }
        Err(_) => {
            let secs = Literal::u64_unsuffixed(d.as_secs());
            let sub = Literal::u32_unsuffixed(d.subsec_nanos());
            quote!(__charm::Duration::new(#secs, #sub))
        }
    }
}

/// The identifier of a Rust field as the layer tables write it: `backoff_delay`,
/// `r#override`.
fn rust_ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}
