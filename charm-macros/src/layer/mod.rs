//! `#[layer]`: a Pebble layer written as YAML, checked at compile time, built as typed values.
//!
//! [`parse`] reads the attribute and the function, [`decode`] reads the YAML into the
//! [`Object`] model below following the tables of `charm_spec::layer` (where Pebble's layer
//! format is declared once), [`validate`] checks the rules that need the whole layer, and
//! [`expand`](mod@expand) prints the model as a `charm_runtime::layer::Layer` struct expression.

mod decode;
mod expand;
mod parse;
mod target;
mod validate;

use charm_spec::layer::{FieldSpec, ObjectSpec};

use proc_macro2::TokenStream;
use quote::quote;
use syn::ItemFn;

use crate::diag::Diagnostics;
use crate::metadata::Ctx;

pub(crate) use parse::Piece;
use target::LayerTarget;

/// A layer object (the layer itself, a service, a check, a probe or a log target), holding
/// only the fields the YAML sets.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Object {
    /// What it is: its runtime type (re-exported from `__private`) and all its fields.
    pub spec: &'static ObjectSpec,
    /// The fields set, in document order.
    pub fields: Vec<Field>,
    /// The keys written with a non-null value, valid or not (so that a wrong value is not
    /// also reported as missing).
    pub written: Vec<&'static str>,
    /// Whether the object was not a mapping (already reported).
    pub malformed: bool,
}

/// One field of an [`Object`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    /// Which field: its YAML key, Rust name, kind.
    pub spec: &'static FieldSpec,
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
    /// A non-text field whose whole value is the placeholder of a parameter, converted by the
    /// runtime helper of the field's kind.
    Param(ParamKind, String),
}

/// The kind of a non-text field a placeholder fills: which `__private` trait converts the
/// parameter (and so which types it accepts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParamKind {
    /// A tcp check's `port` (`LayerPort`).
    Port,
    /// `user-id`, `group-id`, `threshold` (`LayerInt`).
    Int,
    /// `backoff-factor` (`LayerFactor`).
    Factor,
    /// A duration field (`LayerDuration`).
    Duration,
    /// `startup` (`LayerStartup`).
    Startup,
    /// A check's `level` (`LayerLevel`).
    Level,
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
    /// An object of type `spec` with no field set yet.
    pub(crate) fn new(spec: &'static ObjectSpec) -> Self {
        Self {
            spec,
            fields: Vec::new(),
            written: Vec::new(),
            malformed: false,
        }
    }

    /// The value of the field with YAML key `key`, if set.
    pub(crate) fn get(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.spec.key == key)
    }

    /// Whether the YAML writes the field, even with a value that was rejected.
    pub(crate) fn has(&self, key: &str) -> bool {
        self.written.contains(&key)
    }
}

/// Expands `#[layer(attr)] item`, invoked from where `ctx` says: the function building the
/// layer, or on error [`fallback`].
pub(crate) fn expand(attr: TokenStream, item: TokenStream, ctx: &Ctx) -> TokenStream {
    match try_expand(attr, item.clone(), ctx) {
        Ok(expanded) => expanded,
        Err(error) => fallback(item, &error),
    }
}

/// The function with a body that builds the layer, checked for the Pebble of the Juju the
/// charm's `charmcraft.yaml` targets.
///
/// # Errors
///
/// Every problem found in the attribute, `charmcraft.yaml`'s `assumes`, the function and the
/// layer, combined.
fn try_expand(attr: TokenStream, item: TokenStream, ctx: &Ctx) -> syn::Result<TokenStream> {
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
    let metadata = args.as_ref().and_then(|args| args.metadata.as_ref());
    let span = metadata.map_or_else(proc_macro2::Span::call_site, syn::LitStr::span);
    let target = match LayerTarget::resolve(ctx, metadata, span) {
        Ok(target) => Some(target),
        Err(error) => {
            diag.push(error);
            None
        }
    };
    let layer = validate::layer(&function, args.as_ref(), target.as_ref(), &mut diag);
    diag.finish()?;
    let krate = args.map(|a| a.krate).unwrap_or_default();
    let track = target.map(|target| target.track).unwrap_or_default();
    Ok(expand::function(&function, &layer, &krate, &track))
}

/// What the attribute emits on error: the errors, and the function with its signature
/// unchanged and a body returning the default value, so that callers still type-check and
/// each mistake gives one message.
fn fallback(item: TokenStream, error: &syn::Error) -> TokenStream {
    let errors = error.to_compile_error();
    let Ok(mut function) = syn::parse2::<ItemFn>(item.clone()) else {
        return quote!(#errors #item);
    };
    *function.block = syn::parse_quote!({ ::core::default::Default::default() });
    function
        .attrs
        .push(syn::parse_quote!(#[allow(unused_variables)]));
    quote!(#errors #function)
}

#[cfg(test)]
mod tests {
    use expect_test::{ExpectFile, expect_file};
    use quote::quote;

    use super::*;

    /// The invoking file of layers checked with no charmcraft.yaml in reach: for the oldest
    /// supported Juju.
    fn nowhere() -> Ctx {
        Ctx::for_file(
            std::env::temp_dir()
                .join("charm-macros-no-charmcraft")
                .join("lib.rs"),
        )
    }

    fn expand_nowhere(attr: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
        try_expand(attr, item, &nowhere())
    }

    /// A charm directory holding `charmcraft` (unique per call), and a context for its
    /// `src/lib.rs`.
    fn charm_dir(charmcraft: &str) -> (std::path::PathBuf, Ctx) {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("charm-macros-layer-{}-{n}", std::process::id()));
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("charmcraft.yaml"), charmcraft).unwrap();
        let ctx = Ctx::for_file(dir.join("src").join("lib.rs"));
        (dir, ctx)
    }

    /// The errors' messages for `yaml` in a charm with `charmcraft`.
    fn errors_in_charm(charmcraft: &str, attr: TokenStream, yaml: &str) -> Vec<String> {
        let (dir, ctx) = charm_dir(charmcraft);
        let found = match try_expand(attr, quote!(fn l() -> Layer { #yaml }), &ctx) {
            Ok(_) => Vec::new(),
            Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
        };
        std::fs::remove_dir_all(dir).unwrap();
        found
    }

    /// Expands and returns the errors' messages (empty when it expanded).
    fn errors(attr: TokenStream, item: TokenStream) -> Vec<String> {
        match expand_nowhere(attr, item) {
            Ok(_) => Vec::new(),
            Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
        }
    }

    /// The errors for a layer function without parameters holding `yaml`.
    fn yaml_errors(yaml: &str) -> Vec<String> {
        errors(quote!(), quote!(fn l() -> Layer { #yaml }))
    }

    fn assert_one(yaml: &str, expected: &str) {
        let errors = yaml_errors(yaml);
        assert_eq!(errors, [expected], "for {yaml}");
    }

    fn snapshot(attr: TokenStream, item: TokenStream, file: ExpectFile) {
        let tokens = expand_nowhere(attr, item).unwrap();
        let formatted = prettyplease::unparse(&syn::parse2(tokens).unwrap());
        file.assert_eq(&formatted);
    }

    /// As [`snapshot`], in a charm whose charmcraft.yaml has `assumes` (the file's directory
    /// written `/path/to/charm`).
    fn snapshot_in_charm(assumes: &str, attr: TokenStream, item: TokenStream, file: ExpectFile) {
        let (dir, ctx) = charm_dir(&format!("name: demo\nassumes: [{assumes}]\n"));
        let tokens = try_expand(attr, item, &ctx).unwrap().to_string();
        let tokens = tokens.replace(&dir.display().to_string(), "/path/to/charm");
        let formatted = prettyplease::unparse(&syn::parse_str(&tokens).unwrap());
        std::fs::remove_dir_all(dir).unwrap();
        file.assert_eq(&formatted);
    }

    #[test]
    fn expands_the_pause_layer() {
        snapshot(
            quote!(),
            quote! {
                /// The layer that runs google/pause.
                fn pause_layer() -> Layer {
                    r#"
                    summary: pause layer
                    description: pebble config layer for google/pause
                    services:
                      pause:
                        override: replace
                        summary: pause service
                        command: /pause
                        startup: enabled
                    "#
                }
            },
            expect_file!["../../snapshots/layer-pause.expanded.rs"],
        );
    }

    #[test]
    fn expands_placeholders() {
        snapshot(
            quote!(),
            quote! {
                pub fn app_layer(port: u16, log_level: &str) -> Layer {
                    r#"
                    services:
                      app:
                        override: merge
                        command: /bin/app --port ${port} [ --log-level ${log_level} ]
                        environment:
                          PORT: ${port}
                          NOT_A_PLACEHOLDER: $${HOME}
                    "#
                }
            },
            expect_file!["../../snapshots/layer-placeholders.expanded.rs"],
        );
    }

    #[test]
    fn expands_checks_and_log_targets() {
        snapshot_in_charm(
            "juju >= 3.6.4",
            quote!(external(services = ["base"]), crate = ::my_runtime),
            quote! {
                fn checks_layer() -> Layer {
                    r#"
                    checks:
                      up:
                        override: replace
                        level: alive
                        period: 30s
                        timeout: 1.5s
                        threshold: 5
                        http:
                          url: http://localhost:8080/health
                          headers: {X-Probe: pebble}
                      port:
                        override: replace
                        level: ready
                        startup: disabled
                        tcp: {port: 8080, host: 127.0.0.1}
                      script:
                        override: replace
                        exec:
                          command: /bin/check --quiet
                          service-context: base
                    log-targets:
                      loki:
                        override: replace
                        type: loki
                        location: http://loki:3100/loki/api/v1/push
                        services: [all, -base]
                        labels: {app: web}
                    services:
                      web:
                        override: replace
                        command: /bin/web
                        after: [base]
                        on-check-failure: {up: restart}
                        backoff-factor: 1.5
                        backoff-delay: 250ms
                        user-id: 1000
                    "#
                }
            },
            expect_file!["../../snapshots/layer-checks.expanded.rs"],
        );
    }

    #[test]
    fn expands_typed_placeholders() {
        snapshot(
            quote!(),
            quote! {
                pub fn typed_layer(
                    port: NonZeroU16,
                    uid: u32,
                    factor: NonZeroU8,
                    period: Duration,
                    kill: GoDuration,
                    startup: Startup,
                    level: CheckLevel,
                ) -> Layer {
                    r#"
                    services:
                      web:
                        override: replace
                        command: /bin/web --port ${port}
                        startup: ${startup}
                        user-id: ${uid}
                        backoff-factor: ${factor}
                        kill-delay: ${kill}
                    checks:
                      up:
                        override: replace
                        level: ${level}
                        period: ${period}
                        timeout: ${period}
                        threshold: ${uid}
                        tcp:
                          port: ${port}
                    "#
                }
            },
            expect_file!["../../snapshots/layer-typed-placeholders.expanded.rs"],
        );
    }

    #[test]
    fn typed_placeholders_need_no_display() {
        let tokens = expand_nowhere(
            quote!(),
            quote!(
                fn l(delay: Duration) -> Layer {
                    "services: {a: {override: merge, backoff-delay: \"${delay}\"}}"
                }
            ),
        )
        .unwrap()
        .to_string();
        assert!(!tokens.contains("LayerValue"), "{tokens}");
        assert!(
            tokens.contains(
                "backoff_delay : __charm :: Some (__charm :: LayerDuration :: fill (& delay))"
            ),
            "{tokens}"
        );
    }

    #[test]
    fn typed_placeholders_are_whole_known_values() {
        let found = errors(
            quote!(),
            quote!(
                fn l(x: u16, o: &str) -> Layer {
                    r#"
                    services: {a: {override: "${o}", user-id: "1${x}"}}
                    checks: {c: {override: merge, period: "${x}s", tcp: {port: "${prt}"}}}
                    log-targets: {l: {override: merge, type: "${o}"}}
                    "#
                }
            ),
        );
        assert_eq!(
            found,
            [
                "services.a.override (line 2): placeholders are only substituted in text \
                 values (command, summary, environment values, ...), numbers, durations, \
                 `startup` and check `level`, not in \"${o}\"; write this value literally",
                "services.a.user-id (line 2): a placeholder in user-id must be the whole \
                 value, not part of \"1${x}\"; write `user-id: ${x}` and compute the whole value \
                 in the parameter",
                "checks.c.period (line 3): a placeholder in period must be the whole \
                 value, not part of \"${x}s\"; write `period: ${x}` and compute the whole value \
                 in the parameter",
                "checks.c.tcp.port (line 3): unknown placeholder ${prt} (placeholders name \
                 parameters of the function; parameters: x, o); add a parameter `prt`, or write `$${prt}` for a literal `${prt}`",
                "log-targets.l.type (line 4): placeholders are only substituted in text \
                 values (command, summary, environment values, ...), numbers, durations, \
                 `startup` and check `level`, not in \"${o}\"; write this value literally",
            ]
        );
    }

    #[test]
    fn typed_placeholders_count_as_written() {
        // A replace check whose port is a placeholder has its port; a lone placeholder
        // parameter is used.
        assert_eq!(
            errors(
                quote!(),
                quote!(
                    fn l(port: NonZeroU16) -> Layer {
                        "checks: {c: {override: replace, tcp: {port: \"${port}\"}}}"
                    }
                )
            ),
            Vec::<String>::new()
        );
        // Static values next to placeholders are still checked.
        assert_eq!(
            errors(
                quote!(),
                quote!(
                    fn l(port: NonZeroU16) -> Layer {
                        "checks: {c: {override: replace, period: 0s, tcp: {port: \"${port}\"}}}"
                    }
                )
            ),
            [
                "checks.c.period (layer line 1): period must not be zero; write a positive \
              duration such as \"10s\""
            ]
        );
    }

    #[test]
    fn empty_layer_is_the_default_layer() {
        let tokens = expand_nowhere(
            quote!(),
            quote!(
                fn l() -> Layer {
                    ""
                }
            ),
        )
        .unwrap();
        let text = tokens.to_string();
        assert!(
            text.contains("__charm :: Layer { .. __charm :: Default :: default () }"),
            "{text}"
        );
    }

    #[test]
    fn reports_every_error_at_once() {
        let errors = yaml_errors(
            "services:\n  a:\n    override: replace\n    startup: enable\n    comand: /a\n",
        );
        assert_eq!(
            errors,
            [
                "services.a.startup (layer line 4): \"enable\" is not a valid startup (expected \
                 \"enabled\" or \"disabled\"); did you mean \"enabled\"?",
                "services.a.comand (layer line 5): unknown field \"comand\" in a service; did you \
                 mean \"command\"? (a service has: override, summary, description, command, \
                 startup, after, before, requires, workload, environment, user, user-id, group, \
                 group-id, working-dir, on-success, on-failure, on-check-failure, backoff-delay, \
                 backoff-factor, backoff-limit, kill-delay)",
            ]
        );
    }

    #[test]
    fn malformed_objects_are_reported_once() {
        assert_one(
            "checks: {c: {override: replace, http: 5}}",
            "checks.c.http (line 1): expected a mapping (the http check's fields), found an integer",
        );
        assert_one(
            "services: {web: /bin/web}",
            "services.web (line 1): expected a mapping (the service's fields), found a string",
        );
    }

    #[test]
    fn requires_override_on_every_object() {
        let errors = yaml_errors(
            "services: {a: {command: /a}}\nchecks: {c: {tcp: {port: 1}}}\nlog-targets: {l: {type: loki}}\n",
        );
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(
            errors.iter().all(|e| e.contains("missing \"override\"")),
            "{errors:?}"
        );
    }

    #[test]
    fn durations_go_accepts_compile() {
        assert_eq!(
            yaml_errors(
                "services: {a: {override: merge, kill-delay: -0s, backoff-limit: 2562047h}}"
            ),
            Vec::<String>::new()
        );
    }

    #[test]
    fn merge_objects_may_be_partial() {
        assert_eq!(
            yaml_errors(
                "services: {a: {override: merge, environment: {A: b}}}\n\
                 checks: {c: {override: merge, period: 5s}, d: {override: merge, http: {headers: {A: b}}}}\n\
                 log-targets: {l: {override: merge, labels: {a: b}}}\n"
            ),
            Vec::<String>::new()
        );
    }

    #[test]
    fn checks_need_exactly_one_probe() {
        assert_one(
            "checks:\n  c:\n    override: merge\n    http: {url: x}\n    exec: {command: y}\n",
            "checks.c (layer line 2): a check must have exactly one of \"http\", \"tcp\" or \
             \"exec\", found \"http\" and \"exec\"; keep one, or split it into several checks",
        );
        assert_one(
            "checks:\n  c:\n    override: replace\n    tcp: {host: db}\n",
            "checks.c.tcp (layer line 4): a tcp check must set \"port\"; add `port: 8080`",
        );
    }

    #[test]
    fn references_must_exist_or_be_external() {
        let yaml = "services:\n  web:\n    override: merge\n    after: [db, base]\n    \
                    on-check-failure: {up: restart}\n";
        assert_eq!(
            errors(
                quote!(external(services = ["db", "base"], checks = ["up"])),
                quote!(fn l() -> Layer { #yaml })
            ),
            Vec::<String>::new()
        );
        let errors = yaml_errors(yaml);
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert_eq!(
            errors[0],
            "services.web.after (layer line 4): no service \"db\" in this layer (defined: web); \
             if another layer defines it, add #[layer(external(services = [\"db\"]))]"
        );
        assert!(
            errors[2].contains("no check \"up\" in this layer (defined: none)"),
            "{errors:?}"
        );
    }

    #[test]
    fn log_target_services_accept_all_and_exclusions() {
        assert_one(
            "services: {web: {override: merge}}\n\
             log-targets: {l: {override: merge, services: [all, -all, web, -web, -weeb]}}\n",
            "log-targets.l.services (layer line 2): no service \"weeb\" in this layer (defined: \
             web); did you mean \"web\"?; if another layer defines it, add \
             #[layer(external(services = [\"weeb\"]))]",
        );
    }

    #[test]
    fn finds_before_after_loops() {
        let errors = yaml_errors(
            "services:\n  a: {override: merge, after: [b]}\n  b: {override: merge, after: [c]}\n  \
             c: {override: merge, after: [b]}\n  d: {override: merge, after: [d]}\n",
        );
        assert_eq!(
            errors,
            [
                "services.b (layer line 3): services in before/after loop: b, c; remove one of \
                 the `after`/`before` entries",
                "services.d (layer line 5): services in before/after loop: d; remove one of the \
                 `after`/`before` entries",
            ]
        );
    }

    #[test]
    fn placeholders_name_parameters() {
        let found = errors(
            quote!(),
            quote!(
                fn l(timeout: &str, unused: u8) -> Layer {
                    "summary: ${timout}\ndescription: ${timeout}\n"
                }
            ),
        );
        assert_eq!(
            found,
            [
                "summary (layer line 1): unknown placeholder ${timout}; did you mean ${timeout}? \
                 (placeholders name parameters of the function; parameters: timeout, unused); add \
                 a parameter `timout`, or write `$${timout}` for a literal `${timout}`",
            ]
        );
        assert_eq!(
            errors(
                quote!(),
                quote!(
                    fn l(used: &str, unused: u8) -> Layer {
                        "summary: ${used}"
                    }
                )
            ),
            [
                "parameter `unused` is not used in the layer; write ${unused} in a text value \
                 (command, environment value, ...) or remove the parameter"
            ]
        );
        let found = errors_for_param_in_name();
        assert!(
            found[0].starts_with(
                "services (layer line 2): placeholders are only substituted in text values"
            ),
            "{found:?}"
        );
    }

    fn errors_for_param_in_name() -> Vec<String> {
        errors(
            quote!(),
            quote!(
                fn l(name: &str) -> Layer {
                    "services:\n  ${name}:\n    override: merge\n"
                }
            ),
        )
    }

    #[test]
    fn checks_values() {
        let cases = [
            (
                "checks: {c: {override: merge, period: 0s}}",
                "checks.c.period (line 1): period must not be zero; write a positive duration such as \"10s\"",
            ),
            (
                "checks: {c: {override: merge, timeout: 10}}",
                "checks.c.timeout (line 1): \"10\" is not a valid duration (missing unit); write a Go duration such as \"500ms\", \"10s\" or \"1m30s\"",
            ),
            (
                "services: {a: {override: merge, kill-delay: 3000000h}}",
                "services.a.kill-delay (line 1): \"3000000h\" is not a valid duration (out of range (at most 2562047h47m16.854775807s)); write a Go duration such as \"500ms\", \"10s\" or \"1m30s\"",
            ),
            (
                "services: {a: {override: merge, backoff-delay: -1s}}",
                "services.a.backoff-delay (line 1): \"-1s\" is not a valid duration (negative durations are not allowed); write a Go duration such as \"500ms\", \"10s\" or \"1m30s\"",
            ),
            (
                "services: {a: {override: merge, backoff-delay: -00}}",
                "services.a.backoff-delay (line 1): \"-00\" is not a valid duration (missing unit); write a Go duration such as \"500ms\", \"10s\" or \"1m30s\"",
            ),
            (
                "services: {a: {override: merge, backoff-factor: 0.5}}",
                "services.a.backoff-factor (line 1): backoff-factor must be 1.0 or greater, not 0.5; use 1.0 for a constant delay",
            ),
            (
                "services: {a: {override: merge, backoff-factor: fast}}",
                "services.a.backoff-factor (line 1): backoff-factor must be a number such as 2.0, not \"fast\"",
            ),
            (
                "services: {a: {override: merge, user-id: -1}}",
                "services.a.user-id (line 1): expected a whole number from 0 to 4294967295, found \"-1\"",
            ),
            (
                "checks: {c: {override: merge, tcp: {port: 0}}}",
                "checks.c.tcp.port (line 1): port must not be zero; write the port to connect to",
            ),
            (
                "services: {a: {override: merge, after: web}}",
                "services.a.after (line 1): expected a list of names like [web, db], found a string",
            ),
            (
                "services: {a: {override: merge, on-success: success-shutdown}}",
                "services.a.on-success (line 1): \"success-shutdown\" is not a valid on-success action (expected \"restart\", \"shutdown\", \"failure-shutdown\" or \"ignore\")",
            ),
            (
                "log-targets: {l: {override: merge, labels: {pebble_x: y}}}",
                "log-targets.l.labels.pebble_x (line 1): label \"pebble_x\" uses the reserved prefix \"pebble_\"; rename the label",
            ),
            (
                "services: {a: {override: merge, command: \"/a [ b\"}}",
                "services.a.command (layer line 1): invalid command: the [ ... ] group is not closed; add a standalone `]` at the end",
            ),
            (
                "services:\n  a:\n",
                "services.a (layer line 2): service object cannot be null; give it fields (at least `override`) or remove it",
            ),
            (
                "workloads: {}",
                "workloads (line 1): section \"workloads\" is a Pebble extension that charm_runtime::layer::Layer does not model; define it in a layer file of the workload image; a service of this layer can name one with `workload: name` and #[layer(external(workloads = [\"name\"]))]",
            ),
            (
                "service: {}",
                "service (line 1): unknown section \"service\"; did you mean \"services\"? (a layer has: summary, description, services, checks, log-targets)",
            ),
            (
                "- a",
                "the layer (line 1): expected a mapping of sections (summary, description, services, checks, log-targets), found a list",
            ),
            (
                "services: {pebble: {override: merge}, -x: {override: merge}}",
                "services.pebble (line 1): cannot use reserved service name \"pebble\"; choose another name",
            ),
        ];
        for (yaml, expected) in cases {
            let errors = yaml_errors(yaml);
            assert_eq!(
                errors.first().map(String::as_str),
                Some(expected),
                "for {yaml}: {errors:?}"
            );
        }
    }

    #[test]
    fn refuses_what_the_targets_pebble_lacks() {
        let startup = "checks:\n  up:\n    override: merge\n    startup: disabled\n";
        let errors = yaml_errors(startup);
        assert_eq!(
            errors,
            [
                "checks.up.startup (layer line 4): check field \"startup\" needs Pebble v1.19.0, \
                 but no charmcraft.yaml was found, so the layer is checked for the oldest Juju \
                 charm-rs supports, Juju 3.6.0, whose Pebble is v1.16.0; put the charm's \
                 charmcraft.yaml with `assumes: [juju >= 3.6.4]` in this crate or a parent \
                 directory, or give its path with #[layer(metadata = \"path/to/charmcraft.yaml\")], \
                 or remove \"startup\""
            ]
        );
        let newer = "name: c\nassumes:\n  - juju >= 3.6.4\n";
        assert_eq!(
            errors_in_charm(newer, quote!(), startup),
            Vec::<String>::new()
        );
        let older = "name: c\nassumes:\n  - k8s-api\n  - juju >= 3.6\n";
        assert_eq!(
            errors_in_charm(older, quote!(), startup),
            [
                "checks.up.startup (layer line 4): check field \"startup\" needs Pebble v1.19.0, \
                 but `assumes` (charmcraft.yaml:4) admits Juju 3.6.0, whose Pebble is v1.16.0; \
                 change charmcraft.yaml:4 to `juju >= 3.6.4`, or remove \"startup\""
            ]
        );
    }

    #[test]
    fn refuses_values_the_targets_pebble_lacks() {
        let otel = "log-targets:\n  t:\n    override: merge\n    type: opentelemetry\n";
        let juju_4 = "assumes: [juju >= 4.0]\n";
        assert_eq!(
            errors_in_charm(juju_4, quote!(), otel),
            [
                "log-targets.t.type (layer line 4): log target type \"opentelemetry\" needs Pebble \
                 v1.24.0, but `assumes` (charmcraft.yaml:1) admits Juju 4.0.0, whose Pebble is \
                 v1.19.2; change charmcraft.yaml:1 to `juju >= 4.0.1`, or use \"loki\" instead"
            ]
        );
        let no_juju = "name: c\nassumes: [k8s-api]\n";
        assert_eq!(
            errors_in_charm(no_juju, quote!(), otel),
            [
                "log-targets.t.type (layer line 4): log target type \"opentelemetry\" needs Pebble \
                 v1.24.0, but charmcraft.yaml has no `juju` entry in `assumes`, so the charm may \
                 run on Juju 3.6.0, whose Pebble is v1.16.0; add `- juju >= 4.0.1` (or \
                 `any-of: [{all-of: [juju >= 3.6.13, juju < 4.0.0]}, juju >= 4.0.1]`, which keeps \
                 the other releases that ship it) to `assumes` (charmcraft.yaml:2), or use \
                 \"loki\" instead"
            ]
        );
        let lts_tail = "assumes:\n  - all-of: [juju >= 3.6.13, juju < 4]\n";
        assert_eq!(
            errors_in_charm(lts_tail, quote!(), otel),
            Vec::<String>::new()
        );
        let syslog = "log-targets:\n  t:\n    override: merge\n    type: syslog\n";
        assert_eq!(
            errors_in_charm("assumes: [juju >= 4.0.1]\n", quote!(), syslog),
            [
                "log-targets.t.type (layer line 4): log target type \"syslog\" needs Pebble \
                 v1.27.0, which no Juju release ships yet; use \"loki\" or \"opentelemetry\" \
                 instead"
            ]
        );
    }

    #[test]
    fn workloads_are_external_and_need_their_pebble() {
        let yaml = "services:\n  web:\n    override: merge\n    workload: app\n";
        let juju = "assumes: [juju >= 4.0.1]\n";
        assert_eq!(
            errors_in_charm(juju, quote!(external(workloads = ["app"])), yaml),
            Vec::<String>::new()
        );
        assert_eq!(
            errors_in_charm(juju, quote!(external(workloads = ["api"])), yaml),
            [
                "services.web.workload (layer line 4): no workload \"app\" in \
                 `external(workloads = [...])`; did you mean \"api\"?; a #[layer] cannot define \
                 workloads (the layer files of the workload image do), so if the image defines \
                 it, add #[layer(external(workloads = [\"app\"]))]"
            ]
        );
        let errors = errors(
            quote!(external(workloads = ["app"])),
            quote!(fn l() -> Layer { #yaml }),
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with(
                "services.web.workload (layer line 4): service field \"workload\" needs Pebble \
                 v1.20.0, but no charmcraft.yaml"
            ),
            "{errors:?}"
        );
    }

    #[test]
    fn charmcraft_yaml_problems_are_errors() {
        let yaml = "summary: x";
        assert_eq!(
            errors_in_charm("assumes:\n  - juju >= 3.x\n", quote!(), yaml),
            [
                "charmcraft.yaml:2: `assumes` feature \"juju >= 3.x\": \"3.x\" is not a version \
              (such as 3.6 or 3.6.4)"
            ]
        );
        assert_eq!(
            errors_in_charm("assumes:\n  - juju < 3.6\n", quote!(), yaml),
            [
                "charmcraft.yaml:2: `assumes` admits Juju < 3.6.0, none of which charm-rs supports \
              (3.6.0 and later); require a supported Juju, such as `juju >= 3.6`"
            ]
        );
        // Other keys are #[charm]'s to report.
        assert_eq!(
            errors_in_charm("containers: [a]\n", quote!(), yaml),
            Vec::<String>::new()
        );
        let (dir, ctx) = charm_dir("name: c\n");
        std::fs::write(
            dir.join("src").join("new.yaml"),
            "assumes: [juju >= 3.6.4]\n",
        )
        .unwrap();
        let item = quote!(
            fn l() -> Layer {
                "checks: {c: {override: merge, startup: enabled}}"
            }
        );
        assert!(try_expand(quote!(), item.clone(), &ctx).is_err());
        let expanded = try_expand(quote!(metadata = "new.yaml"), item.clone(), &ctx)
            .unwrap()
            .to_string();
        assert!(expanded.contains("include_bytes !"), "{expanded}");
        assert!(expanded.contains("new.yaml"), "{expanded}");
        let missing = try_expand(quote!(metadata = "gone.yaml"), item, &ctx).unwrap_err();
        assert!(missing.to_string().starts_with("no file at "), "{missing}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn fallback_keeps_the_signature() {
        let item = quote!(
            fn l(timeout: &str) -> Layer {
                "summary: ${x}"
            }
        );
        let error = expand_nowhere(quote!(), item.clone()).unwrap_err();
        let text = fallback(item, &error).to_string();
        assert!(text.contains("compile_error"), "{text}");
        assert!(
            text.contains(
                "fn l (timeout : & str) -> Layer { :: core :: default :: Default :: default () }"
            ),
            "{text}"
        );
    }
}
