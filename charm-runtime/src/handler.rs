//! What `#[charm]` builds on: the [`Charm`] trait, the [`Scope`] a handler's arguments come
//! from, and [`dispatch_to`], which runs a charm for one event.
//!
//! `#[charm]` implements [`Charm`] for the charm type: [`Charm::handle`] matches the event
//! against the `#[on]` handlers, gets each handler argument from the [`Scope`] and calls the
//! handler. An argument is one of:
//!
//! | Argument | What it receives |
//! |---|---|
//! | `&Juju` or `Juju` | the hook tools ([`Juju`]) |
//! | `&Event` or `Event` | the event being handled |
//! | `&HookContext` | the [hook context](crate::dispatch::HookContext): event, hook tools, unit, application and model names |
//! | `Container` named after a container (`myapp: Container`), or with `#[container = "name"]` | that container's Pebble ([`HookContext::container`]) |
//! | `Container` in a handler that runs only on workload events | the event's container |
//! | `WorkloadEvent`, `NoticeEvent`, `CheckEvent`, `RelationEvent`, `StorageEvent`, `SecretEvent`, `ActionEvent`, `SeriesUpgrade` | the event's payload (checked: every event of the handler carries it) |
//! | `#[config] port: i64` or `#[config = "log-level"] level: Option<String>` | one config option (checked against `charmcraft.yaml`) |
//! | `#[param] target: String` | one action parameter (checked against `charmcraft.yaml`) |
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

use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use tokio::sync::OnceCell;

use crate::container::Container;
#[cfg(doc)]
use crate::dispatch;
use crate::dispatch::HookContext;
use crate::event::{
    ActionEvent, CheckEvent, Event, NoticeEvent, RelationEvent, SecretEvent, SeriesUpgrade,
    StorageEvent, WorkloadEvent,
};
use crate::hook_tools::{self, Juju};
use crate::{Error, Result};

/// A charm: a type whose events are dispatched to its handlers.
///
/// Implemented by `#[charm]`; write it by hand only for a charm without the macro.
pub trait Charm {
    /// Runs the handler for the event in `scope`; `Ok(())` when the charm has none (for an
    /// action without a handler, an error, as Juju expects).
    ///
    /// # Errors
    ///
    /// Whatever the handler returns, or an error getting one of its arguments.
    fn handle(scope: &Scope<'_>) -> impl Future<Output = Result<()>>;
}

/// Runs `C`'s handler for the event of `ctx`: a charm as a handler of
/// [`dispatch::run`] and [`dispatch::run_with`].
///
/// [`main!`](crate::main!)`(C)` is `dispatch::run(dispatch_to::<C>)`.
///
/// # Errors
///
/// As [`Charm::handle`].
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
pub async fn dispatch_to<C: Charm>(ctx: HookContext) -> Result<()> {
    let scope = Scope::new(&ctx);
    C::handle(&scope).await
}

/// What a handler's arguments are taken from: the hook context of the event, and the config
/// and action parameters, read once, on first use, and shared by the arguments that need
/// them.
#[derive(Debug)]
pub struct Scope<'a> {
    context: &'a HookContext,
    config: OnceCell<Map<String, Value>>,
    params: OnceCell<Map<String, Value>>,
}

impl<'a> Scope<'a> {
    /// The scope of the event in `context`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    ///
    /// use charm_runtime::dispatch::HookContext;
    /// use charm_runtime::event::Event;
    /// use charm_runtime::handler::Scope;
    /// use charm_runtime::testing::MemoryTools;
    ///
    /// let vars = |name: &str| match name {
    ///     "JUJU_DISPATCH_PATH" => Some("hooks/install".to_owned()),
    ///     "JUJU_UNIT_NAME" => Some("demo/0".to_owned()),
    ///     _ => None,
    /// };
    /// let context = HookContext::from_vars(&vars, Arc::new(MemoryTools::new())).unwrap();
    /// let scope = Scope::new(&context);
    /// assert_eq!(scope.event(), &Event::Install);
    /// assert_eq!(scope.context().app_name, "demo");
    /// ```
    pub fn new(context: &'a HookContext) -> Self {
        Self {
            context,
            config: OnceCell::new(),
            params: OnceCell::new(),
        }
    }

    /// The hook context: the event, the hook tools, the unit and model names, the containers.
    ///
    /// # Examples
    ///
    /// See [`Scope::new`].
    pub fn context(&self) -> &'a HookContext {
        self.context
    }

    /// The event being handled.
    ///
    /// # Examples
    ///
    /// See [`Scope::new`].
    pub fn event(&self) -> &'a Event {
        &self.context.event
    }

    /// The hook tools.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::hook_tools::Status;
    /// # async fn handle(scope: &charm_runtime::handler::Scope<'_>) -> charm_runtime::Result<()> {
    /// scope.juju().set_unit_status(Status::active("")).await?;
    /// # Ok(()) }
    /// ```
    pub fn juju(&self) -> &'a Juju {
        &self.context.juju
    }

    /// The container `name` (a `Container` argument named after it).
    pub(crate) fn container(&self, name: &str) -> Container {
        self.context.container(name)
    }

    /// The container of a workload event (`pebble-ready`, custom notice, check failed or
    /// recovered): a `Container` argument of a handler of workload events only.
    ///
    /// # Errors
    ///
    /// [`Error::Charm`] for any other event.
    pub(crate) fn event_container(&self) -> Result<Container> {
        let name = match self.event() {
            Event::PebbleReady(e) => &e.container,
            Event::PebbleCustomNotice(e) => &e.container,
            Event::PebbleCheckFailed(e) | Event::PebbleCheckRecovered(e) => &e.container,
            other => {
                return Err(Error::msg(format!(
                    "{other} is not about a container, so it has no event container"
                )));
            }
        };
        Ok(self.container(name))
    }

    /// The config option `name` as a `T` (`Option<T>` for an unset option).
    ///
    /// # Errors
    ///
    /// [`hook_tools::Error`] when `config-get` fails or the value is not a `T`.
    pub async fn config_option<T: DeserializeOwned>(&self, name: &str) -> Result<T> {
        let map = self
            .config
            .get_or_try_init(|| self.juju().config_map())
            .await?;
        convert(map, name, "config option")
    }

    /// The action parameter `name` as a `T` (`Option<T>` when absent).
    ///
    /// # Errors
    ///
    /// [`hook_tools::Error`] when `action-get` fails or the value is not a `T`.
    pub async fn action_param<T: DeserializeOwned>(&self, name: &str) -> Result<T> {
        let map = self
            .params
            .get_or_try_init(|| self.juju().action_params_map())
            .await?;
        convert(map, name, "action parameter")
    }
}

/// The value of `name` in `map` (null when missing) as a `T`.
fn convert<T: DeserializeOwned>(map: &Map<String, Value>, name: &str, what: &str) -> Result<T> {
    let value = map.get(name).cloned().unwrap_or(Value::Null);
    serde_json::from_value(value).map_err(|source| {
        Error::from(hook_tools::Error::Convert {
            what: format!("{what} {name}"),
            source,
        })
    })
}

/// A type a handler can take as an argument.
///
/// `#[charm]` gets each argument with `from_context`; the impls cover the argument kinds in
/// the [module docs](self).
#[diagnostic::on_unimplemented(
    message = "a handler cannot take `{Self}`",
    label = "not something a handler can receive",
    note = "a handler can take `&Juju`, `Juju`, `&Event`, `Event`, `&HookContext`, `Container`, an event payload \
            (`RelationEvent`, `StorageEvent`, `SecretEvent`, `WorkloadEvent`, `NoticeEvent`, \
            `CheckEvent`, `ActionEvent`, `SeriesUpgrade`), `Config<T>`, `Params<T>`, or a value \
            marked #[config] or #[param]"
)]
pub trait FromContext<'a>: Sized {
    /// Gets the value from `scope`.
    ///
    /// The future is boxed so that its type does not depend on the impl: a type that is not
    /// an argument then gives one error, at the argument.
    ///
    /// # Errors
    ///
    /// When the value cannot be read (a hook tool fails) or the event does not carry it.
    fn from_context(scope: &'a Scope<'a>) -> Extracting<'a, Self>;
}

/// The future [`FromContext::from_context`] returns.
pub type Extracting<'a, T> = Pin<Box<dyn Future<Output = Result<T>> + 'a>>;

impl<'a> FromContext<'a> for &'a Juju {
    fn from_context(scope: &'a Scope<'a>) -> Extracting<'a, Self> {
        Box::pin(async move { Ok(scope.juju()) })
    }
}

impl<'a> FromContext<'a> for Juju {
    fn from_context(scope: &'a Scope<'a>) -> Extracting<'a, Self> {
        Box::pin(async move { Ok(scope.juju().clone()) })
    }
}

impl<'a> FromContext<'a> for &'a Event {
    fn from_context(scope: &'a Scope<'a>) -> Extracting<'a, Self> {
        Box::pin(async move { Ok(scope.event()) })
    }
}

impl<'a> FromContext<'a> for &'a HookContext {
    fn from_context(scope: &'a Scope<'a>) -> Extracting<'a, Self> {
        Box::pin(async move { Ok(scope.context()) })
    }
}

impl<'a> FromContext<'a> for Event {
    fn from_context(scope: &'a Scope<'a>) -> Extracting<'a, Self> {
        Box::pin(async move { Ok(scope.event().clone()) })
    }
}

impl<'a> FromContext<'a> for Container {
    fn from_context(scope: &'a Scope<'a>) -> Extracting<'a, Self> {
        Box::pin(async move { scope.event_container() })
    }
}

/// `FromContext` for an event payload: the variants that carry it.
macro_rules! payload {
    ($ty:ty, $what:literal, $($variant:ident)|+) => {
        impl<'a> FromContext<'a> for $ty {
            fn from_context(scope: &'a Scope<'a>) -> Extracting<'a, Self> {
                Box::pin(async move {
                    match scope.event() {
                        $(Event::$variant(payload))|+ => Ok(payload.clone()),
                        other => Err(Error::msg(format!(
                            concat!("{} carries no ", $what),
                            other
                        ))),
                    }
                })
            }
        }
    };
}

payload!(WorkloadEvent, "workload", PebbleReady);
payload!(NoticeEvent, "notice", PebbleCustomNotice);
payload!(
    CheckEvent,
    "check",
    PebbleCheckFailed | PebbleCheckRecovered
);
payload!(
    RelationEvent,
    "relation",
    RelationCreated | RelationJoined | RelationChanged | RelationDeparted | RelationBroken
);
payload!(StorageEvent, "storage", StorageAttached | StorageDetaching);
payload!(
    SecretEvent,
    "secret",
    SecretChanged | SecretRotate | SecretRemove | SecretExpired
);
payload!(ActionEvent, "action", Action);
payload!(
    SeriesUpgrade,
    "series upgrade",
    PreSeriesUpgrade | PostSeriesUpgrade
);

/// The whole config, deserialised into `T` at run time (not checked against
/// `charmcraft.yaml`; use `#[config]` arguments for that).
///
/// # Examples
///
/// ```no_run
/// use charm_runtime::handler::Config;
///
/// #[derive(serde::Deserialize)]
/// struct Settings {
///     port: i64,
///     #[serde(rename = "log-level")]
///     log_level: Option<String>,
/// }
///
/// fn reconcile(config: Config<Settings>) {
///     println!("port {}", config.port);
/// }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Config<T>(pub T);

/// The action's parameters, deserialised into `T` at run time (not checked against
/// `charmcraft.yaml`; use `#[param]` arguments for that).
///
/// # Examples
///
/// ```no_run
/// use charm_runtime::handler::Params;
///
/// #[derive(serde::Deserialize)]
/// struct Backup {
///     target: String,
/// }
///
/// fn backup(params: Params<Backup>) {
///     println!("backing up to {}", params.target);
/// }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Params<T>(pub T);

impl<T> Deref for Config<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> Deref for Params<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<'a, T: DeserializeOwned + 'a> FromContext<'a> for Config<T> {
    fn from_context(scope: &'a Scope<'a>) -> Extracting<'a, Self> {
        Box::pin(async move { Ok(Self(scope.juju().config().await?)) })
    }
}

impl<'a, T: DeserializeOwned + 'a> FromContext<'a> for Params<T> {
    fn from_context(scope: &'a Scope<'a>) -> Extracting<'a, Self> {
        Box::pin(async move { Ok(Self(scope.juju().action_params().await?)) })
    }
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
    use super::{ActionEvent, Error, Result};

    /// The outcome of an action the charm has no handler for: Juju fails such actions.
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::container::CONTAINERS_DIR_VAR;
    use crate::testing::MemoryTools;

    fn context_with(event: &[(&str, &str)], config: Value, params: Value) -> HookContext {
        let tools = MemoryTools::new();
        tools.update(|state| {
            state.config = config.as_object().cloned().unwrap_or_default();
            state.action_params = params.as_object().cloned().unwrap_or_default();
        });
        let vars: BTreeMap<String, String> = event
            .iter()
            .chain(&[("JUJU_UNIT_NAME", "demo/0")])
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        HookContext::from_vars(&|name: &str| vars.get(name).cloned(), Arc::new(tools)).unwrap()
    }

    #[tokio::test(flavor = "current_thread")]
    async fn reads_config_options_and_params() {
        let context = context_with(
            &[("JUJU_DISPATCH_PATH", "hooks/config-changed")],
            serde_json::json!({"port": 8080, "name": "x"}),
            serde_json::json!({"target": "/b"}),
        );
        let scope = Scope::new(&context);
        assert_eq!(scope.config_option::<i64>("port").await.unwrap(), 8080);
        assert_eq!(
            scope
                .config_option::<Option<String>>("unset")
                .await
                .unwrap(),
            None
        );
        assert!(scope.config_option::<bool>("name").await.is_err());
        assert_eq!(scope.action_param::<String>("target").await.unwrap(), "/b");
        let context = <&HookContext>::from_context(&scope).await.unwrap();
        assert_eq!(context.unit_name, "demo/0");
    }

    #[test]
    fn containers_follow_the_containers_dir_of_the_context() {
        let context = context_with(
            &[
                ("JUJU_DISPATCH_PATH", "hooks/web-pebble-ready"),
                ("JUJU_WORKLOAD_NAME", "web"),
                (CONTAINERS_DIR_VAR, "/tmp/t"),
            ],
            Value::Null,
            Value::Null,
        );
        let scope = Scope::new(&context);
        let expected = Path::new("/tmp/t/web/pebble.socket");
        assert_eq!(scope.container("web").socket(), expected);
        assert_eq!(scope.event_container().unwrap().socket(), expected);
        assert_eq!(context.container("web").socket(), expected);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn payloads_come_from_their_events_only() {
        let ready = context_with(
            &[
                ("JUJU_DISPATCH_PATH", "hooks/web-pebble-ready"),
                ("JUJU_WORKLOAD_NAME", "web"),
            ],
            Value::Null,
            Value::Null,
        );
        let scope = Scope::new(&ready);
        let container = Container::from_context(&scope).await.unwrap();
        assert_eq!(container.name(), "web");
        assert_eq!(
            container.socket(),
            Path::new("/charm/containers/web/pebble.socket")
        );
        assert!(WorkloadEvent::from_context(&scope).await.is_ok());
        let other = scope.container("db");
        assert_eq!(
            other.socket(),
            Path::new("/charm/containers/db/pebble.socket")
        );
        let err = RelationEvent::from_context(&scope).await.unwrap_err();
        assert_eq!(err.to_string(), "hook web-pebble-ready carries no relation");
        let install = context_with(
            &[("JUJU_DISPATCH_PATH", "hooks/install")],
            Value::Null,
            Value::Null,
        );
        assert!(Scope::new(&install).event_container().is_err());
    }
}
