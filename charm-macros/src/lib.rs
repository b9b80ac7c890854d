//! Attribute macros of `charm-runtime`. Use them through `charm_runtime`, not directly.
//!
//! Every macro enters the same way: its module's `expand` calls `try_expand`, which parses,
//! validates (recording every mistake) and prints; on error, `fallback` prints the user's item
//! (with stubs where generated items are expected) and every error.

use proc_macro::TokenStream;

mod charm;
mod diag;
mod layer;
mod metadata;
mod on;
mod paths;
mod spanned;

/// Makes an `impl` block a charm: dispatches each event Juju runs to the method marked
/// [`#[on(...)]`](macro@on) for it, checked at compile time against `charmcraft.yaml`.
///
/// `#[charm]` reads the `#[on]` methods of the block, finds the charm's `charmcraft.yaml`, checks
/// every container, relation endpoint, storage, action, action parameter and config option the
/// handlers name, and implements `charm_runtime::handler::Charm` for the type. The binary's
/// `main` is then `charm_runtime::main!(MyCharm);`; tests run it with
/// `charm_runtime::testing::harness::Context::run::<MyCharm>(..)`.
///
/// A handler is an associated function or a `&self`/`&mut self` method (then the type must
/// implement `Default`: the charm is built for each event), `async` or not, returning
/// `charm_runtime::Result<()>` (or `Result<(), E>` with `E: Into<charm_runtime::Error>`). Its
/// arguments are taken by type: `&Juju`, `&Event`, `&HookContext`, `&Statuses`, a `Container`,
/// the event's payload (`RelationEvent`, `NoticeEvent`, ...), `Config<T>`, `Params<T>`, or one
/// config option, action parameter or stored value marked `#[config]` / `#[param]` /
/// `#[state]` (see [`macro@on`]).
///
/// For each event, the event's own handler runs first (one per event; the narrowest when a
/// notice key or check name narrows it), then the handlers of groups of events that include
/// it (`#[on(reconcile)]`, ...) in source order, then the `#[on(collect_status)]` handlers;
/// then the statuses they added are set, once ([`charm_runtime::status`]). An event without a
/// handler is a no-op; an action without one fails, as Juju expects.
///
/// An `#[interface]` function in the block mounts a relation-interface library (a
/// `charm_runtime::interface::Interface`, such as `charm_interfaces::database::DatabaseRequirer`)
/// on the endpoint named after the function (`_` read as `-`) or by `#[interface = "name"]`:
/// `fn database(endpoint: &'static str) -> DatabaseRequirer`, no `self`, not async, the
/// endpoint's name as its one argument. `#[charm]` checks that `charmcraft.yaml` declares the
/// endpoint, once, in the section of the library's `Interface::ROLE` with an interface its
/// `Interface::INTERFACES` lists (a constant assertion, reported at the return type). Before
/// any handler, every mounted library observes the event, in source order; a handler argument
/// named after the function takes it (`&Mounted<L>` with the events it reported, or `&L`),
/// and `#[on(interface = "database")]` runs a handler when the library reported something.
/// How to use it: `docs/howto/interfaces.md` in the repository.
///
/// [`charm_runtime::status`]: ../charm_runtime/status/index.html
///
/// # Example
///
/// With this `charmcraft.yaml` next to the source (or in a parent directory):
///
/// ```yaml
#[doc = include_str!("../charmcraft.yaml")]
/// ```
///
/// ```
/// use charm_runtime::hook_tools::{Juju, Status};
/// use charm_runtime::testing::harness::{Context, State, TestEvent};
/// use charm_runtime::{Container, Result, charm, on};
///
/// #[derive(Default)]
/// struct Demo;
///
/// #[charm]
/// impl Demo {
///     #[on(install)]
///     async fn install(juju: &Juju) -> Result<()> {
///         juju.set_unit_status(Status::maintenance("installing")).await?;
///         Ok(())
///     }
///
///     #[on(pebble_ready = "myapp")]
///     #[on(config_changed)]
///     async fn reconcile(juju: &Juju, myapp: Container, #[config] port: i64) -> Result<()> {
///         assert_eq!(myapp.name(), "myapp"); // a real charm calls myapp.ensure_layer(..)
///         juju.set_unit_status(Status::active(format!("serving on {port}"))).await?;
///         Ok(())
///     }
/// }
///
/// // In src/main.rs: `charm_runtime::main!(Demo);`. In a test, one event with the harness:
/// let out = Context::new().run::<Demo>(TestEvent::install(), State::new()).unwrap();
/// assert_eq!(out.exit_code, 0);
/// assert_eq!(out.juju.unit_status.message, "installing");
/// ```
///
/// A name `charmcraft.yaml` does not declare is an error at that name, with the declared names
/// and the likely fix:
///
/// ```compile_fail
/// use charm_runtime::{Container, Result, charm, on};
///
/// struct Demo;
///
/// #[charm]
/// impl Demo {
///     #[on(pebble_ready = "mypp")]
///     async fn ready(container: Container) -> Result<()> {
///         let _ = container;
///         Ok(())
///     }
/// }
/// ```
///
/// ```text
/// error: no container "mypp" in charmcraft.yaml:3 (declared: myapp, db); did you mean "myapp"?
///  --> src/main.rs:7:25
///   |
/// 7 |     #[on(pebble_ready = "mypp")]
///   |                         ^^^^^^
/// ```
///
/// Every mistake in the block is reported at once. The impl block is still emitted, so one
/// mistake gives one message.
///
/// # Options
///
/// ## `metadata = "path"`
///
/// The `charmcraft.yaml` to check against, relative to the directory of the source file that
/// holds the `#[charm]`. Without it the file is looked for in that directory, then in each
/// parent directory. Cargo rebuilds the charm when the file changes.
///
/// ```
/// # use charm_runtime::{Result, charm, on};
/// # struct Demo;
/// #[charm(metadata = "../charmcraft.yaml")]
/// impl Demo {
///     #[on(install)]
///     fn install() -> Result<()> {
///         Ok(())
///     }
/// }
/// ```
///
/// ## `remember_status = false`
///
/// Sets every collected status with `status-set`, even one equal to the status this unit set
/// last. By default the runtime remembers that status in the charm directory and skips the
/// call (see `charm_runtime::status` for why that is safe).
///
/// ```
/// # use charm_runtime::{Result, charm, on};
/// # struct Demo;
/// #[charm(remember_status = false)]
/// impl Demo {
///     #[on(install)]
///     fn install() -> Result<()> {
///         Ok(())
///     }
/// }
/// ```
///
/// ## `crate = path`
///
/// Where the runtime is, for a crate that re-exports `charm_runtime` under another name
/// (generated code names `::charm_runtime` by default).
///
/// ```
/// # use charm_runtime::{Result, on};
/// use ::charm_runtime as rt;
/// # struct Demo;
///
/// #[rt::charm(crate = rt)]
/// impl Demo {
///     #[on(install)]
///     fn install() -> Result<()> {
///         Ok(())
///     }
/// }
/// ```
///
/// # What it generates
///
/// For the charm in `docs/macros.md` (`charm-macros/snapshots/charm-demo.rs`), this expansion
/// (the snapshot file a unit test keeps current):
///
/// ```text
#[doc = include_str!("../snapshots/charm-demo.expanded.rs")]
/// ```
#[proc_macro_attribute]
pub fn charm(attr: TokenStream, item: TokenStream) -> TokenStream {
    let ctx = metadata::Ctx::from_call_site();
    charm::expand(attr.into(), item.into(), &ctx).into()
}

/// Marks a method of a [`#[charm]`](macro@charm) impl block as the handler of an event, of a
/// group of events, or of the end of every dispatch.
///
/// `#[on]` only has a meaning inside `#[charm]`, which reads and removes it; on its own it is
/// an error. A handler may carry several `#[on]`s; it runs at most once per event. One event
/// has at most one handler of its own, and any number of group and `collect_status`
/// handlers.
///
/// # Events
///
/// | `#[on(...)]` | Juju event | Payload argument |
/// |---|---|---|
/// | `install`, `start`, `stop`, `remove`, `upgrade_charm`, `config_changed`, `update_status`, `leader_elected`, `leader_settings_changed`, `leader_deposed`, `collect_metrics` | the hook of that name | none |
/// | `pre_series_upgrade`, `post_series_upgrade` | the hook of that name | `SeriesUpgrade` |
/// | `relation_created = "ep"`, `relation_joined`, `relation_changed`, `relation_departed`, `relation_broken` | `<ep>-relation-*` | `RelationEvent` |
/// | `storage_attached = "s"`, `storage_detaching` | `<s>-storage-*` | `StorageEvent` |
/// | `secret_changed`, `secret_rotate`, `secret_remove`, `secret_expired` | the hook of that name | `SecretEvent` |
/// | `pebble_ready = "c"` | `<c>-pebble-ready` | `WorkloadEvent` |
/// | `pebble_custom_notice = "c"` | `<c>-pebble-custom-notice` | `NoticeEvent` |
/// | `pebble_check_failed = "c"`, `pebble_check_recovered = "c"` | `<c>-pebble-check-*` | `CheckEvent` |
/// | `action = "a"` | action `a` | `ActionEvent` |
///
/// Every name (`"ep"`, `"s"`, `"c"`, `"a"`) must be declared in `charmcraft.yaml`.
///
/// # Groups of events
///
/// One `#[on]` can name a group: the handler runs on every event of the group, after the
/// event's own handler, so one reconcile handler need not list the events it reacts to.
///
/// | `#[on(...)]` | The handler runs on |
/// |---|---|
/// | `reconcile` | every event after which the workload's desired state may differ: `install`, `start`, `upgrade_charm`, `config_changed`, `leader_elected`, `leader_settings_changed`, the relation events of every endpoint, `storage_attached`, `storage_detaching`, `secret_changed`, and the Pebble events of every container (`pebble_ready`, `pebble_custom_notice`, `pebble_check_failed`, `pebble_check_recovered`) |
/// | `relation = "ep"` | the five relation events of endpoint `ep` |
/// | `workload = "c"` | the four Pebble events of container `c` |
/// | `storage = "s"` | `storage_attached` and `storage_detaching` of `s` |
/// | `secret` | the four secret events |
/// | `leadership` | `leader_elected`, `leader_settings_changed`, `leader_deposed` |
/// | `collect_status` | after the handlers of every event (not `collect_metrics` or unknown hooks), to add statuses; alone on its handler |
///
/// Not in `reconcile`: `stop` and `remove` (the unit is going), `update_status` (a timer;
/// add `#[on(update_status)]` to the reconcile handler if it should run there too), actions,
/// the secret owner's `secret_rotate`/`secret_remove`/`secret_expired`, `collect_metrics` and
/// series upgrades. A handler's arguments are checked against every event it may run on: an
/// event payload such as `RelationEvent` is refused in a `reconcile` handler (take `&Event`),
/// and a `Container` must be named after a container.
///
/// ```
/// use charm_runtime::hook_tools::Status;
/// use charm_runtime::status::Statuses;
/// use charm_runtime::{Container, Result, charm, on};
///
/// struct Demo;
///
/// #[charm]
/// impl Demo {
///     #[on(reconcile)]
///     async fn reconcile(myapp: Container, #[config] port: i64, statuses: &Statuses) -> Result<()> {
///         if !myapp.can_connect().await {
///             statuses.add_unit(Status::waiting("waiting for Pebble"));
///             return Ok(());
///         }
///         statuses.add_unit(Status::active(format!("serving on {port}")));
///         Ok(())
///     }
///
///     #[on(collect_status)]
///     fn check_config(#[config = "log-level"] level: Option<String>, statuses: &Statuses) -> Result<()> {
///         if level.is_none() {
///             statuses.add_unit(Status::blocked("set log-level"));
///         }
///         Ok(())
///     }
/// }
/// ```
///
/// An event payload in a group handler is an error at the argument:
///
/// ```compile_fail
/// use charm_runtime::event::RelationEvent;
/// use charm_runtime::{Result, charm, on};
///
/// struct Demo;
///
/// #[charm]
/// impl Demo {
///     #[on(reconcile)]
///     fn reconcile(relation: RelationEvent) -> Result<()> {
///         let _ = relation;
///         Ok(())
///     }
/// }
/// ```
///
/// ```text
/// error: `RelationEvent` comes with relation_created/relation_joined/relation_changed/relation_departed/relation_broken events only, and this handler also runs on `install` (in `reconcile`); take `&Event` and match on it
///  --> src/main.rs:9:28
///   |
/// 9 |     fn reconcile(relation: RelationEvent) -> Result<()> {
///   |                            ^^^^^^^^^^^^^
/// ```
///
/// # Options
///
/// ## `key = "..."`
///
/// Only for `pebble_custom_notice`: the handler runs for notices with this key only. A handler
/// for the same container without `key` gets the other keys.
///
/// ## `check = "..."`
///
/// Only for `pebble_check_failed` and `pebble_check_recovered`: the handler runs for this
/// check only.
///
/// # Arguments
///
/// - `&Juju` / `Juju`, `&Event` / `Event`, `&HookContext` (unit, application and model names),
///   and the payload types in the table above (a payload
///   argument requires every event of the handler to carry it);
/// - `Container`: named after a declared container (`db: Container`), or marked
///   `#[container = "db"]`, it is that container; otherwise, in a handler that runs only on
///   workload events, it is the event's container;
/// - `#[config] port: i64` (or `#[config = "log-level"] level: Option<String>`): one config
///   option. The Rust type must fit the declared type (`int`: any integer, `float`: `f64`,
///   `boolean`: `bool`, `string`: `String`, `secret`: `String`); an option without a default
///   must be an `Option`;
/// - `#[param] target: String` (or `#[param = "name"]`): one action parameter, in a handler
///   that runs only on actions; optional unless it is `required` or has a default;
/// - `#[state] memo: &mut Memo` (or `&Memo`, `Memo`, `#[state = "key"]`): a serde value kept
///   in the unit's state on the controller (`state-get`/`state-set`, so it survives the pod
///   being replaced), under the argument's name; `T::default()` when unset. A `&mut` value
///   is saved after the handler returns `Ok`, only if it changed;
/// - `&Statuses`: the statuses of this dispatch, to add the unit's or application's;
/// - `Config<T>` / `Params<T>`: all options / parameters deserialised into your own `T` at run
///   time (not checked at compile time).
///
/// A name written in Rust (`log_level`) matches a declared name with dashes (`log-level`).
///
/// ```
/// use std::collections::BTreeMap;
///
/// use charm_runtime::event::NoticeEvent;
/// use charm_runtime::hook_tools::Juju;
/// use charm_runtime::{Container, Result, charm, on};
///
/// struct Demo;
///
/// #[charm]
/// impl Demo {
///     #[on(pebble_custom_notice = "db", key = "example.com/backup-done")]
///     async fn backup_done(juju: &Juju, notice: NoticeEvent, db: Container) -> Result<()> {
///         juju.action_log(&format!("notice {} from {}", notice.id, db.name())).await.ok();
///         Ok(())
///     }
///
///     #[on(pebble_check_failed = "db", check = "alive")]
///     fn db_down(#[config = "log-level"] level: Option<String>) -> Result<()> {
///         let _ = level;
///         Ok(())
///     }
///
///     #[on(action = "backup")]
///     async fn backup(juju: &Juju, #[param] target: String, #[param] compress: bool) -> Result<()> {
///         let results = BTreeMap::from([("target", target), ("compress", compress.to_string())]);
///         juju.action_set(&results).await?;
///         Ok(())
///     }
/// }
/// ```
///
/// An option that does not fit the event is an error at the option:
///
/// ```compile_fail
/// use charm_runtime::{Result, charm, on};
///
/// struct Demo;
///
/// #[charm]
/// impl Demo {
///     #[on(pebble_ready = "myapp", key = "example.com/done")]
///     fn ready() -> Result<()> {
///         Ok(())
///     }
/// }
/// ```
///
/// ```text
/// error: `key` only applies to `pebble_custom_notice`, not `pebble_ready`
///  --> src/main.rs:7:34
///   |
/// 7 |     #[on(pebble_ready = "myapp", key = "example.com/done")]
///   |                                  ^^^
/// ```
///
/// # What it generates
///
/// Nothing by itself: `#[charm]` turns each `#[on]` of an event into a `match` arm narrowed by
/// the container, endpoint, storage, action, notice key or check name, each group into a
/// `matches!` test after the `match`, each `collect_status` into a call in
/// `Charm::collect_status`, and each handler into a function that gets its arguments (and
/// saves its `&mut` state). For one handler of each form (the snapshot
/// `charm-macros/snapshots/charm-events.expanded.rs`, with `#[charm(crate = my_runtime)]`):
///
/// ```text
#[doc = include_str!("../snapshots/charm-events.expanded.rs")]
/// ```
#[proc_macro_attribute]
pub fn on(attr: TokenStream, item: TokenStream) -> TokenStream {
    on::expand(attr.into(), item.into()).into()
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
/// name a parameter and each parameter must be used. Write `$${` for a literal `${`; `$NAME`
/// without braces is left as written. A value substituted into `command` is split into words
/// when Pebble runs it, like the rest of the command.
///
/// A placeholder can also be the *whole* value of a number, duration or `startup`/`level`
/// field (`port: ${port}`, not `port: 80${x}`). There the parameter's value is used as is, not
/// its text, and its type is checked at compile time against the field, with an error at the
/// parameter's type when it does not fit:
///
/// | field | parameter type |
/// |---|---|
/// | tcp check `port` | `NonZeroU16` |
/// | `user-id`, `group-id`, check `threshold` | `u8`, `u16`, `u32`, or their `NonZero` |
/// | `backoff-factor` | `NonZeroU8`, `NonZeroU16`, `NonZeroU32` (a whole factor) |
/// | `period`, `timeout`, `backoff-delay`, `backoff-limit`, `kill-delay` | [`Duration`](std::time::Duration), `GoDuration` |
/// | service and check `startup` | `Startup` |
/// | check `level` | `CheckLevel` |
///
/// The function still returns a plain `Layer`: the types are chosen so that no value the
/// parameter can hold would be dropped silently. Pebble ignores port 0 in a merge layer, so a
/// port is a `NonZeroU16` (serde and `#[config]` reject 0 for it); a float factor could be
/// below 1.0 or NaN (which would be sent as null), so a factor placeholder takes a whole
/// number of at least 1 and a fractional factor is written literally. A zero `Duration` in
/// `period` or `timeout` is the one value the types let through: Pebble rejects it when the
/// layer is added (`period must not be zero`), so `ensure_layer` returns that error.
///
/// Names, keys, `override`, actions and log target `type` take no placeholder: the layer's
/// other rules depend on them. Literal values next to placeholders are checked as usual.
/// Inside a flow collection (`{...}`, `[...]`), YAML needs the placeholder quoted:
/// `tcp: {port: "${port}"}`.
///
/// ```
/// use std::num::NonZeroU16;
/// use std::time::Duration;
///
/// use charm_runtime::layer;
/// use charm_runtime::layer::{GoDuration, Layer};
///
/// #[layer]
/// fn web_layer(port: NonZeroU16, period: Duration) -> Layer {
///     r#"
///     services:
///       web:
///         override: replace
///         command: /bin/web --port ${port}
///     checks:
///       listening:
///         override: replace
///         period: ${period}
///         tcp:
///           port: ${port}
///     "#
/// }
///
/// let layer = web_layer(NonZeroU16::new(8080).unwrap(), Duration::from_secs(5));
/// let check = &layer.checks["listening"];
/// assert_eq!(check.tcp.as_ref().and_then(|tcp| tcp.port), Some(8080));
/// assert_eq!(check.period, Some(GoDuration(Duration::from_secs(5))));
/// assert_eq!(layer.services["web"].command, "/bin/web --port 8080");
/// ```
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
/// - `after`/`before` loops among the layer's services;
/// - fields, sections and values that the Pebble of the Juju the charm targets does not have
///   (see below).
///
/// Sections Pebble reads only from layer files of the image (`workloads`, `pairing`) are not
/// part of [`Layer`](../charm_runtime/layer/struct.Layer.html) and are rejected; a service's
/// `workload` names a workload of the image, listed in `external(workloads = [...])`.
///
/// # The Juju it targets (`assumes`)
///
/// Juju runs its own Pebble in each workload container, and a Pebble rejects a layer with a
/// field it does not know. So `#[layer]` reads the `assumes` of the charm's `charmcraft.yaml`
/// (found as [`#[charm]`](macro@charm) finds it: next to the invoking file or in a parent
/// directory, or at `metadata = "path"`) and rejects what the oldest Pebble among the Juju
/// releases it admits lacks, naming the Pebble version that added it and the `assumes` entry
/// that would allow it. `assumes` is read with Juju's rules (`juju >= 3.6`, `juju < 4`,
/// nested `any-of`/`all-of`, other features such as `k8s-api`). Without `charmcraft.yaml`,
/// or without a `juju` entry in `assumes`, the layer is checked for Juju 3.6.0 (Pebble
/// v1.16.0), the oldest charm-rs supports.
///
/// | `assumes` | oldest Pebble | what it adds over Juju 3.6.0 |
/// |---|---|---|
/// | none, `juju >= 3.6` | v1.16.0 | |
/// | `juju >= 3.6.4` | v1.19.0 | a check's `startup` |
/// | `juju >= 4.0` | v1.19.2 | (Juju 4.0.0 ships v1.19.2) |
/// | `juju >= 4.0.1`, or `all-of: [juju >= 3.6.13, juju < 4]` | v1.26.0 | a service's `workload`, log target type `opentelemetry` |
///
/// Log target type `syslog` is always rejected: Pebble forwards to syslog from v1.27.0,
/// which no Juju ships; v1.23.0 to v1.26.0 reject it, and older releases accept it and
/// forward nothing. `docs/pebble-versions.md` lists every feature with its Pebble and Juju
/// versions.
///
/// ```compile_fail
/// use charm_runtime::layer;
/// use charm_runtime::layer::Layer;
///
/// #[layer]
/// fn checks_layer() -> Layer {
///     r#"
///     checks:
///       up:
///         override: replace
///         startup: disabled
///         tcp: {port: 8080}
///     "#
/// }
/// ```
///
/// ```text
/// error: checks.up.startup (line 10): check field "startup" needs Pebble v1.19.0, but charmcraft.yaml has no `assumes`, so the charm may run on Juju 3.6.0, whose Pebble is v1.16.0; add `assumes: [juju >= 3.6.4]` to charmcraft.yaml, or remove "startup"
///  --> src/lib.rs:6:5
/// ```
///
/// Calls of the Pebble client that need a newer Pebble (such as `refresh_check`, Pebble
/// v1.20.0) are not checked at compile time: the macros do not see the types of the calls
/// in a handler, or the helper functions it calls. Their documentation names the Pebble
/// version, and the call returns an error on an older one.
///
/// # Option `metadata = "path"`
///
/// The `charmcraft.yaml` whose `assumes` sets the target, relative to the directory of the
/// source file that holds the `#[layer]`, as in `#[charm(metadata = "...")]`.
///
/// # Option `external(services = [...], checks = [...], workloads = [...])`
///
/// Names of services and checks that other layers define (often the layers of the workload
/// image), so this layer may reference them, and the workloads of the image its services
/// belong to (a layer added by the charm cannot define workloads). Any list may be left out.
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
    layer::expand(attr.into(), item.into(), &ctx).into()
}
