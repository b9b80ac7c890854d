//! Attribute macros of `charm-runtime`. Use them through `charm_runtime`, not directly.

use proc_macro::TokenStream;

mod diag;
mod layer;
#[allow(
    dead_code,
    reason = "the charmcraft.yaml reader serves #[charm] and #[on], which are not written yet"
)]
mod metadata;
mod paths;
mod yaml;

/// Marks the `impl` block of a charm. See `charm_runtime::charm`.
#[proc_macro_attribute]
pub fn charm(_attr: TokenStream, item: TokenStream) -> TokenStream {
    item
}

/// Marks an event handler. See `charm_runtime::on`.
#[proc_macro_attribute]
pub fn on(_attr: TokenStream, item: TokenStream) -> TokenStream {
    item
}

/// Defines a Pebble layer checked at compile time. See `charm_runtime::layer`.
#[proc_macro_attribute]
pub fn layer(attr: TokenStream, item: TokenStream) -> TokenStream {
    let ctx = metadata::Ctx::from_call_site();
    let item = proc_macro2::TokenStream::from(item);
    layer::expand(attr.into(), item.clone(), &ctx)
        .unwrap_or_else(|error| layer::fallback(item, &error))
        .into()
}
