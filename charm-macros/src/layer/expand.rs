//! Printing a checked layer as the body of the function: parameters turned into strings
//! once, then one struct expression of `charm_runtime::layer` types. Cannot fail.

use std::time::Duration;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use crate::paths::RuntimePath;

use super::parse::LayerFn;
use super::{Object, Piece, Value};

/// The function with its body replaced by code that builds `layer`.
pub(crate) fn function(function: &LayerFn, layer: &Object, krate: &RuntimePath) -> TokenStream {
    let private = krate.private();
    let conversions = function.params.iter().map(|param| {
        let var = variable(&param.ident.to_string());
        // The call carries the parameter type's span, so a type that cannot be written into
        // the layer is reported at the type.
        let span = param.ty.span();
        let arg = Ident::new(&param.ident.to_string(), span);
        let call = quote_spanned!(span=> __charm::layer_value(&#arg));
        quote!(let #var: __charm::String = #call;)
    });
    let layer = object(layer);
    let mut item = function.item.clone();
    *item.block = syn::parse_quote!({
        use #private as __charm;
        #(#conversions)*
        #layer
    });
    item.to_token_stream()
}

/// The local variable holding a parameter's text.
fn variable(name: &str) -> Ident {
    format_ident!("__charm_{}", name)
}

fn object(object: &Object) -> TokenStream {
    let ty = Ident::new(object.rust_type, Span::call_site());
    let fields = object.fields.iter().map(|field| {
        let name = field_ident(field.key);
        let value = value(&field.value);
        if field.optional {
            quote!(#name: __charm::Some(#value))
        } else {
            quote!(#name: #value)
        }
    });
    let rest =
        (object.fields.len() < object.field_count).then(|| quote!(..__charm::Default::default()));
    quote!(__charm::#ty { #(#fields,)* #rest })
}

/// `backoff-delay` → `backoff_delay`, `override` → `r#override`.
fn field_ident(key: &str) -> Ident {
    match key {
        "override" | "type" => Ident::new_raw(key, Span::call_site()),
        _ => Ident::new(&key.replace('-', "_"), Span::call_site()),
    }
}

fn value(v: &Value) -> TokenStream {
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
                let entry = value(entry);
                quote!((#key, #entry))
            });
            quote!(__charm::BTreeMap::from([#(#entries),*]))
        }
        Value::Object(o) => object(o),
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
