//! `#[layer]`: a Pebble layer written as YAML, checked at compile time, built as typed values.
//!
//! [`parse`] reads the attribute and the function, [`validate`] checks the YAML against
//! Pebble's layer rules and turns it into the [`Object`] model below, [`expand`] prints the
//! model as a `charm_runtime::layer::Layer` struct expression.

mod command;
mod duration;
mod expand;
mod parse;
mod validate;

use proc_macro2::TokenStream;
use quote::quote;
use syn::ItemFn;

use crate::diag::Diagnostics;
use crate::metadata::Ctx;

pub(crate) use parse::Piece;

/// A layer object (the layer itself, a service, a check, a probe or a log target), holding
/// only the fields the YAML sets.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Object {
    /// The runtime type, re-exported from `__private` (`Service`, `HttpCheck`, ...).
    pub rust_type: &'static str,
    /// The fields set, in document order.
    pub fields: Vec<Field>,
}

/// One field of an [`Object`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    /// The YAML key (`backoff-delay`).
    pub key: &'static str,
    /// Whether the runtime field is an `Option`.
    pub optional: bool,
    /// Line of the key in the layer text.
    pub line: u64,
    /// The value.
    pub value: Value,
}

/// A checked value, ready to print.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// A string, possibly with placeholders.
    Text(Vec<Piece>),
    /// An enum variant: runtime type and variant name.
    Enum(&'static str, &'static str),
    /// A duration.
    Duration(std::time::Duration),
    /// A floating-point number.
    Float(f64),
    /// A non-negative integer (range already checked for the runtime type).
    Int(u64),
    /// A list of names.
    List(Vec<Item>),
    /// A map from names to values.
    Map(Vec<(Item, Value)>),
    /// A nested object.
    Object(Object),
}

/// A name written in the layer, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    /// The name.
    pub name: String,
    /// Line in the layer text.
    pub line: u64,
}

impl Object {
    /// The value of the field with YAML key `key`, if set.
    pub(crate) fn get(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// Expands `#[layer(attr)] item`.
///
/// # Errors
///
/// Every problem found in the attribute, the function and the layer, combined.
pub(crate) fn expand(attr: TokenStream, item: TokenStream, _ctx: &Ctx) -> syn::Result<TokenStream> {
    let item: ItemFn = syn::parse2(item)?;
    let mut diag = Diagnostics::new();
    let args = match parse::args(attr) {
        Ok(args) => Some(args),
        Err(e) => {
            diag.push(e);
            None
        }
    };
    let Some(function) = parse::function(item, &mut diag) else {
        return diag.finish().and(Err(syn::Error::new(
            proc_macro2::Span::call_site(),
            "invalid #[layer] function",
        )));
    };
    let default_args = parse::Args::default();
    let layer = validate::layer(&function, args.as_ref().unwrap_or(&default_args), &mut diag);
    diag.finish()?;
    let krate = args.map(|a| a.krate).unwrap_or_default();
    Ok(expand::function(&function, &layer, &krate))
}

/// What the attribute emits on error: the errors, and the function with its signature
/// unchanged and a body returning the default value, so that callers still type-check and
/// each mistake gives one message.
pub(crate) fn fallback(item: TokenStream, error: &syn::Error) -> TokenStream {
    let errors = error.to_compile_error();
    let Ok(mut function) = syn::parse2::<ItemFn>(item.clone()) else {
        return quote!(#errors #item);
    };
    function.block = Box::new(syn::parse_quote!({ ::core::default::Default::default() }));
    function
        .attrs
        .push(syn::parse_quote!(#[allow(unused_variables)]));
    quote!(#errors #function)
}
