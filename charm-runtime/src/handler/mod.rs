//! What `#[charm]` builds on: the [`Charm`] trait, the [`Scope`] a handler's arguments come
//! from, and [`dispatch_to`], which runs a charm for one event.
//!
//! # One dispatch
//!
//! [`dispatch_to`] runs the phases of one event in a fixed order, each after the previous one
//! succeeded:
//!
//! 0. the interface libraries the charm mounts ([`Charm::mount`], `#[interface]`) observe the
//!    event, in source order ([`crate::interface`]);
//! 1. the handlers of the event ([`Charm::handle`]): the `#[on]` handler of that event (the
//!    narrowest one, when a notice key or check name narrows it), then each handler of a
//!    group of events that includes it (`#[on(reconcile)]`, `#[on(relation = "db")]`, ...),
//!    in source order. A handler runs at most once per event;
//! 2. the `#[on(collect_status)]` handlers ([`Charm::collect_status`]), in source order;
//! 3. the statuses the handlers added to [`Statuses`] are settled: the winner is set once,
//!    unless it is the one this unit set last ([`crate::status`]).
//!
//! Phases 2 and 3 are skipped for `collect-metrics` and for hooks the runtime does not
//! know. All phases share one [`Scope`], so the config is read once per event, and a status
//! added in phase 1 competes with those added in phase 2.
//!
//! # Handler arguments
//!
//! `#[charm]` implements [`Charm`] for the charm type: it gets each handler argument from the
//! [`Scope`] and calls the handler. An argument is one of:
//!
//! | Argument | What it receives |
//! |---|---|
//! | `&Juju` or `Juju` | the hook tools ([`Juju`]) |
//! | `&Event` or `Event` | the event being handled |
//! | `&HookContext` | the [hook context](crate::dispatch::HookContext): event, hook tools, unit, application and model names |
//! | `&Statuses` | the [statuses](crate::status) collected in this dispatch, to add one |
//! | `Container` named after a container (`myapp: Container`), or with `#[container = "name"]` | that container's Pebble ([`HookContext::container`]) |
//! | `Container` in a handler that runs only on workload events | the event's container |
//! | `WorkloadEvent`, `NoticeEvent`, `CheckEvent`, `RelationEvent`, `StorageEvent`, `SecretEvent`, `ActionEvent`, `SeriesUpgrade` | the event's payload (checked: every event of the handler carries it) |
//! | `#[config] port: i64` or `#[config = "log-level"] level: Option<String>` | one config option (checked against `charmcraft.yaml`) |
//! | `#[param] target: String` | one action parameter (checked against `charmcraft.yaml`) |
//! | `&Mounted<L>` or `&L` named after an `#[interface]` function (`database: &Mounted<DatabaseRequirer>`) | that [mounted library](crate::interface::Mounted) and what it reported for this event |
//! | `#[state] memo: &mut Memo`, `&Memo` or `Memo` (or `#[state = "key"]`) | a serde value kept in the unit's state under the argument's name; `&mut` saves it when the handler returns `Ok` and changed it |
//! | [`Config<T>`] / [`Params<T>`] | all of the config / action parameters, deserialised into `T` |
//!
//! Any other type is a compile error that lists these. A charm binary's `main` is
//! [`main!`](crate::main!)`(MyCharm)`, which runs
//! [`dispatch::run`]`(handler::dispatch_to::<MyCharm>)`. Tests run one event with the
//! `testing::harness` (feature `testing`: fake Pebbles and in-memory hook tools), or
//! with [`dispatch::run_with`] and hook tools and containers of their own.
//!
//! # Examples
//!
//! ```no_run
//! use std::sync::Arc;
//! use charm_runtime::container::CONTAINERS_DIR_VAR;
//! use charm_runtime::{dispatch, handler};
//! use charm_runtime::testing::MemoryTools;
//! # struct MyCharm;
//! # impl charm_runtime::handler::Charm for MyCharm {
//! #     async fn handle(_: &charm_runtime::handler::Scope<'_>) -> charm_runtime::Result<()> { Ok(()) }
//! # }
//!
//! // A Pebble listens on /tmp/containers/myapp/pebble.socket.
//! let vars = |name: &str| match name {
//!     "JUJU_DISPATCH_PATH" => Some("hooks/myapp-pebble-ready".to_owned()),
//!     "JUJU_WORKLOAD_NAME" => Some("myapp".to_owned()),
//!     "JUJU_UNIT_NAME" => Some("demo/0".to_owned()),
//!     n if n == CONTAINERS_DIR_VAR => Some("/tmp/containers".to_owned()),
//!     _ => None,
//! };
//! let tools = Arc::new(MemoryTools::new());
//! let code = dispatch::run_with(&vars, tools, handler::dispatch_to::<MyCharm>);
//! assert_eq!(code, 0);
//! ```

mod extract;
mod scope;
pub(crate) mod state;
#[cfg(test)]
mod tests;

use std::future::Future;

#[cfg(doc)]
use crate::dispatch;
use crate::dispatch::HookContext;
#[cfg(doc)]
use crate::hook_tools::Juju;
use crate::status;
#[cfg(doc)]
use crate::status::Statuses;
use crate::{Error, Result};

pub use extract::{Config, Extracting, FromContext, Params};
pub use scope::Scope;

/// A charm: a type whose events are dispatched to its handlers.
///
/// Implemented by `#[charm]`; write it by hand only for a charm without the macro (then
/// `handle` is the only item you must write).
///
/// # Examples
///
/// ```
/// use charm_runtime::handler::{Charm, Scope};
/// use charm_runtime::hook_tools::Status;
///
/// struct Hello;
///
/// impl Charm for Hello {
///     async fn handle(scope: &Scope<'_>) -> charm_runtime::Result<()> {
///         scope.statuses().add_unit(Status::active("hello"));
///         Ok(())
///     }
/// }
/// ```
pub trait Charm {
    /// The charm's `charmcraft.yaml` as `#[charm]` read it at compile time (empty for a
    /// charm written without the macro): the harness applies its defaults and checks test
    /// states against it.
    const CHARMCRAFT: &'static str = "";

    /// Whether the statuses this unit sets are remembered in the charm directory, so that a
    /// collected status equal to the last one is not set again ([`crate::status`]);
    /// `#[charm(remember_status = false)]` turns it off.
    const REMEMBER_STATUS: bool = true;

    /// Runs the handlers for the event in `scope`: the event's own handler, then the
    /// handlers of the groups of events that include it, in source order. `Ok(())` when the
    /// charm has none (for an action without a handler, an error, as Juju expects).
    ///
    /// # Errors
    ///
    /// Whatever a handler returns, or an error getting one of its arguments; the handlers
    /// after it do not run.
    fn handle(scope: &Scope<'_>) -> impl Future<Output = Result<()>>;

    /// Builds the interface libraries the charm mounts (its `#[interface]` functions), lets
    /// each [observe](crate::interface::Interface::observe) the event, and keeps them in
    /// `scope` for the handlers; runs before [`handle`](Charm::handle) on every event.
    ///
    /// # Errors
    ///
    /// What a library's `observe` fails with; the handlers do not run.
    fn mount(scope: &Scope<'_>) -> impl Future<Output = Result<()>> {
        let _ = scope;
        std::future::ready(Ok(()))
    }

    /// Runs the `#[on(collect_status)]` handlers, after [`handle`](Charm::handle)
    /// succeeded, on every event but `collect-metrics` and unknown hooks.
    ///
    /// # Errors
    ///
    /// As [`handle`](Charm::handle).
    fn collect_status(scope: &Scope<'_>) -> impl Future<Output = Result<()>> {
        let _ = scope;
        std::future::ready(Ok(()))
    }
}

/// Runs `C` for the event of `ctx`, phase by phase (see the [module docs](self)): a charm as
/// a handler of [`dispatch::run`] and [`dispatch::run_with`].
///
/// [`main!`](crate::main!)`(C)` is `dispatch::run(dispatch_to::<C>)`. The charm's code gets
/// hook tools that notice a `status-set` it runs itself, so that status collection does not
/// trust a memory the charm made stale.
///
/// # Errors
///
/// As [`Charm::handle`] and [`Charm::collect_status`], and the errors of setting the
/// collected status.
///
/// # Examples
///
/// ```no_run
/// use charm_runtime::dispatch::{self, HookContext};
/// use charm_runtime::handler;
/// # struct MyCharm;
/// # impl charm_runtime::handler::Charm for MyCharm {
/// #     async fn handle(_: &charm_runtime::handler::Scope<'_>) -> charm_runtime::Result<()> { Ok(()) }
/// # }
///
/// fn main() -> std::process::ExitCode {
///     dispatch::run(|ctx: HookContext| async move {
///         // Work before the charm's own handler goes here.
///         handler::dispatch_to::<MyCharm>(ctx).await
///     })
/// }
/// ```
pub async fn dispatch_to<C: Charm>(mut ctx: HookContext) -> Result<()> {
    let memory = status::Memory::new(&ctx.charm_dir, C::REMEMBER_STATUS);
    if status::moves_leadership(&ctx.event) {
        memory.forget_app();
    }
    let runtime_juju = ctx.juju.clone();
    ctx.juju = status::watch(&ctx.juju, &memory);
    let scope = Scope::new(&ctx);
    C::mount(&scope).await?;
    C::handle(&scope).await?;
    if status::is_collected_after(&ctx.event) {
        C::collect_status(&scope).await?;
        status::settle(scope.statuses(), &runtime_juju, &memory).await?;
    }
    Ok(())
}

/// What a handler returns: `Result<(), E>` with an error that converts into [`Error`].
#[diagnostic::on_unimplemented(
    message = "a handler must return `charm_runtime::Result<()>`, not `{Self}`",
    label = "handlers return `Result<()>`",
    note = "return `Ok(())` on success; an `Err` fails the hook (Juju retries it) or the action"
)]
pub trait HandlerResult {
    /// The outcome as the runtime's `Result`.
    ///
    /// # Errors
    ///
    /// The handler's error, converted.
    fn into_result(self) -> Result<()>;
}

impl<E: Into<Error>> HandlerResult for std::result::Result<(), E> {
    fn into_result(self) -> Result<()> {
        self.map_err(Into::into)
    }
}

/// What the code `#[charm]` generates calls, re-exported by the hidden `__private` module
/// only.
pub(crate) mod generated {
    use super::{Error, Result};
    use crate::event::ActionEvent;

    /// The outcome of an action the charm has no handler for: Juju fails such actions.
    ///
    /// # Errors
    ///
    /// Always: the error names the action.
    pub fn unhandled_action(action: &ActionEvent) -> Result<()> {
        Err(Error::msg(format!(
            "this charm has no handler for action {}",
            action.name
        )))
    }
}

/// Defines `fn main` for a charm binary: runs the `#[charm]` type for the event Juju started
/// the process for, as [`dispatch::run`]`(`[`handler::dispatch_to::<C>`](dispatch_to)`)`.
///
/// # Examples
///
/// ```no_run
/// # struct MyCharm;
/// # impl charm_runtime::handler::Charm for MyCharm {
/// #     async fn handle(_: &charm_runtime::handler::Scope<'_>) -> charm_runtime::Result<()> { Ok(()) }
/// # }
/// charm_runtime::main!(MyCharm);
/// ```
#[macro_export]
macro_rules! main {
    ($charm:ty) => {
        fn main() -> ::std::process::ExitCode {
            $crate::dispatch::run($crate::handler::dispatch_to::<$charm>)
        }
    };
}
