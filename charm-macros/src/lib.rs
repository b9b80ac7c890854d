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

/// Defines a Pebble layer written in YAML, checked at compile time, built as typed values.
///
/// Put it on a function whose body is one string literal holding the layer. The function
/// returns a [`charm_runtime::layer::Layer`](../charm_runtime/layer/struct.Layer.html) built
/// directly from struct values: no YAML is parsed when the charm runs, and a layer Pebble would
/// reject does not compile.
///
/// ```
/// use charm_runtime::layer;
/// use charm_runtime::layer::{Layer, Startup};
///
/// #[layer]
/// fn pause_layer() -> Layer {
///     r#"
///     summary: pause layer
///     description: pebble config layer for google/pause
///     services:
///       pause:
///         override: replace
///         summary: pause service
///         command: /pause
///         startup: enabled
///     "#
/// }
///
/// #[layer]
/// fn timeout_overlay(timeout: &str) -> Layer {
///     r#"
///     services:
///       pause:
///         override: merge
///         environment:
///           TIMEOUT: ${timeout}
///     "#
/// }
///
/// let layer = pause_layer();
/// assert_eq!(layer.services["pause"].startup, Some(Startup::Enabled));
/// let overlay = timeout_overlay("30s");
/// assert_eq!(overlay.services["pause"].environment["TIMEOUT"], "30s");
/// ```
///
/// # Parameters and placeholders
///
/// The function's parameters are values known when the charm runs. `${name}` in a text value
/// (`summary`, `description`, `command`, `user`, `group`, `working-dir`, environment values,
/// `http.url`, header values, `tcp.host`, `location`, label values) is replaced by the
/// parameter's [`Display`](std::fmt::Display) text, so a parameter can be a `&str`, a
/// `String`, a number, an address or any type that implements `Display`. Each placeholder must
/// name a parameter and each parameter must be used. Names, enum values, durations and numbers
/// cannot hold placeholders: they are checked at compile time. Write `$${` for a literal `${`;
/// `$NAME` without braces is left as written. A value substituted into `command` is split
/// into words when Pebble runs it, like the rest of the command.
///
/// # What is checked
///
/// Every rule of Pebble's layer format that does not need the running daemon, all reported at
/// once, each with the line, the key path and how to fix it:
///
/// - sections (`summary`, `description`, `services`, `checks`, `log-targets`) and the fields
///   of each object; unknown ones are errors, with the closest known name suggested;
/// - `override` (`merge` or `replace`) on every object; object values that are null;
/// - enum values: service and check `startup` (`enabled` or `disabled`, which Pebble does not
///   check itself), `on-success`, `on-failure` and `on-check-failure` actions, check `level`,
///   log target `type`;
/// - durations in Go syntax (`500ms`, `1m30s`), non-zero check `period` and `timeout`; a
///   numeric `backoff-factor` of at least 1.0; whole numbers for ids, `threshold` and `port`;
/// - service names (not empty, not `pebble`, not starting with `-`), check and log target
///   names (not empty), log target labels (not starting with `pebble_`);
/// - command syntax: shell quoting and the final `[ ... ]` group of default arguments;
/// - for `override: replace` objects, what the combined plan requires: a service's `command`,
///   exactly one of `http`, `tcp`, `exec` per check with its `url`, `port` or `command`, a
///   log target's `type` and `location`; `override: merge` objects may be partial, but a check
///   never has two probes;
/// - references: `after`, `before`, `requires`, `on-check-failure` keys, an exec check's
///   `service-context` and a log target's `services` (without the `-`, except `all`) name
///   services or checks of this layer, or ones listed in `external(...)`;
/// - `after`/`before` loops among the layer's services.
///
/// Sections Pebble reads only from layer files of the image (`workloads`, `pairing`) are not
/// part of [`Layer`](../charm_runtime/layer/struct.Layer.html) and are rejected.
///
/// # Option `external(services = [...], checks = [...])`
///
/// Names of services and checks that other layers define (often the layers of the workload
/// image), so this layer may reference them. Either list may be left out.
///
/// ```
/// use charm_runtime::layer;
/// use charm_runtime::layer::Layer;
///
/// #[layer(external(services = ["base"], checks = ["base-up"]))]
/// fn sidecar_layer() -> Layer {
///     r#"
///     services:
///       sidecar:
///         override: replace
///         command: /bin/sidecar
///         after: [base]
///         on-check-failure:
///           base-up: restart
///     "#
/// }
///
/// assert_eq!(sidecar_layer().services["sidecar"].after, ["base"]);
/// ```
///
/// # Option `crate = path`
///
/// Where `charm_runtime` is, for a crate that re-exports it under another name. Generated
/// code otherwise names `::charm_runtime`.
///
/// ```
/// mod framework {
///     pub use charm_runtime as runtime;
/// }
///
/// #[charm_runtime::layer(crate = framework::runtime)]
/// fn empty_layer() -> charm_runtime::layer::Layer {
///     ""
/// }
///
/// assert_eq!(empty_layer(), charm_runtime::layer::Layer::default());
/// ```
///
/// # Errors
///
/// A layer that breaks a rule does not compile:
///
/// ```compile_fail
/// use charm_runtime::layer;
/// use charm_runtime::layer::Layer;
///
/// #[layer]
/// fn bad() -> Layer {
///     r#"
///     services:
///       pause:
///         override: replace
///         command: /pause
///         startup: enable
///     "#
/// }
/// ```
///
/// ```text
/// error: services.pause.startup (line 11): "enable" is not a valid startup (expected "enabled" or "disabled"); did you mean "enabled"?
///   --> src/lib.rs:6:5
/// ```
///
/// Stable Rust cannot point inside a string literal, so the message points at the literal
/// and names the source line and the key. When there are errors, the function keeps its
/// signature and returns an empty layer, so that its callers still compile and each mistake
/// gives one message.
///
/// # What it generates
///
/// Parameters are turned into text once, then the layer is one struct expression of
/// `charm_runtime::layer` types (through `charm_runtime::__private`, which is not a public
/// API). For the `pause_layer` above:
///
/// ```
/// # use charm_runtime::layer::Layer;
#[doc = include_str!("../snapshots/layer-pause.expanded.rs")]
/// # assert_eq!(pause_layer().services["pause"].command, "/pause");
/// ```
///
/// With placeholders:
///
/// ```
/// # use charm_runtime::layer::Layer;
#[doc = include_str!("../snapshots/layer-placeholders.expanded.rs")]
/// # let layer = app_layer(8080, "debug");
/// # assert_eq!(layer.services["app"].command, "/bin/app --port 8080 [ --log-level debug ]");
/// ```
#[proc_macro_attribute]
pub fn layer(attr: TokenStream, item: TokenStream) -> TokenStream {
    let ctx = metadata::Ctx::from_call_site();
    let item = proc_macro2::TokenStream::from(item);
    layer::expand(attr.into(), item.clone(), &ctx)
        .unwrap_or_else(|error| layer::fallback(item, &error))
        .into()
}
