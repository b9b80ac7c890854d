//! What `#[charm]` builds on: the [`Charm`] trait, the [`Scope`] a handler's arguments come
//! from, and the entry points [`run`] and [`run_with`].
//!
//! `#[charm]` implements [`Charm`] for the charm type: [`Charm::handle`] matches the event
//! against the `#[on]` handlers, gets each handler argument from the [`Scope`] and calls the
//! handler. An argument is one of:
//!
//! | Argument | What it receives |
//! |---|---|
//! | `&Juju` or `Juju` | the hook tools ([`Juju`]) |
//! | `&Event` or `Event` | the event being handled |
//! | `&Context` | the [dispatch context](crate::dispatch::Context): event, hook tools, unit, application and model names |
//! | `Container` named after a container (`myapp: Container`), or with `#[container = "name"]` | that container's Pebble |
//! | `Container` in a handler that runs only on workload events | the event's container |
//! | `WorkloadEvent`, `NoticeEvent`, `CheckEvent`, `RelationEvent`, `StorageEvent`, `SecretEvent`, `ActionEvent`, `SeriesUpgrade` | the event's payload (checked: every event of the handler carries it) |
//! | `#[config] port: i64` or `#[config = "log-level"] level: Option<String>` | one config option (checked against `charmcraft.yaml`) |
//! | `#[param] target: String` | one action parameter (checked against `charmcraft.yaml`) |
//! | [`Config<T>`] / [`Params<T>`] | all of the config / action parameters, deserialised into `T` |
//!
//! Any other type is a compile error that lists these. A charm binary's `main` is
//! [`main!`](crate::main!)`(MyCharm)`, which calls [`run`]; tests call [`run_with`] with
//! in-memory hook tools and a [`Containers`] that points at a test Pebble.
//!
//! # Examples
//!
//! ```no_run
//! use charm_runtime::handler::{self, Containers};
//! use charm_runtime::testing::MemoryTools;
//! use charm_runtime::pebble::Client;
//! # struct MyCharm;
//! # impl charm_runtime::handler::Charm for MyCharm {
//! #     async fn handle(_: &charm_runtime::handler::Scope<'_>) -> charm_runtime::Result<()> { Ok(()) }
//! # }
//!
//! let vars = |name: &str| match name {
//!     "JUJU_DISPATCH_PATH" => Some("hooks/myapp-pebble-ready".to_owned()),
//!     "JUJU_WORKLOAD_NAME" => Some("myapp".to_owned()),
//!     "JUJU_UNIT_NAME" => Some("demo/0".to_owned()),
//!     _ => None,
//! };
//! let containers = Containers::new().with_client("myapp", Client::new("/tmp/pebble.socket"));
//! let code = handler::run_with::<MyCharm>(&vars, std::sync::Arc::new(MemoryTools::new()), containers);
//! assert_eq!(code, 0);
//! ```

use std::collections::BTreeMap;
use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;
use std::process::ExitCode;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use tokio::sync::OnceCell;

use crate::container::Container;
use crate::dispatch::{self, Context};
use crate::event::{
    ActionEvent, CheckEvent, Event, NoticeEvent, RelationEvent, SecretEvent, SeriesUpgrade,
    StorageEvent, WorkloadEvent,
};
use crate::hook_tools::{self, HookTools, Juju};
use crate::pebble::Client;
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

/// Runs the charm `C` for the event Juju started this process for: the body of
/// [`main!`](crate::main!).
///
/// Decodes the event, runs `C`'s handler with the real hook tools and the containers' Pebble
/// sockets under `/charm/containers` (or `$CHARM_CONTAINERS_DIR`), and turns the outcome into the exit code as
/// [`dispatch::run`] does.
///
/// # Examples
///
/// ```no_run
/// # struct MyCharm;
/// # impl charm_runtime::handler::Charm for MyCharm {
/// #     async fn handle(_: &charm_runtime::handler::Scope<'_>) -> charm_runtime::Result<()> { Ok(()) }
/// # }
/// fn main() -> std::process::ExitCode {
///     charm_runtime::handler::run::<MyCharm>()
/// }
/// ```
pub fn run<C: Charm>() -> ExitCode {
    dispatch::run(|ctx: Context| async move { dispatch_to::<C>(&ctx, &Containers::new()).await })
}

/// Runs the charm `C` for the event described by `vars`, with `tools` as hook tools and
/// `containers` for Pebble: what tests use. Returns the exit code [`run`] would exit with.
///
/// # Examples
///
/// See the [module docs](self).
pub fn run_with<C: Charm>(
    vars: &impl Fn(&str) -> Option<String>,
    tools: Arc<dyn HookTools>,
    containers: Containers,
) -> u8 {
    dispatch::run_with(vars, tools, |ctx: Context| async move {
        dispatch_to::<C>(&ctx, &containers).await
    })
}

/// Runs `C`'s handler for the event of `ctx`.
///
/// # Errors
///
/// As [`Charm::handle`].
///
/// # Examples
///
/// ```no_run
/// use charm_runtime::dispatch::{self, Context};
/// use charm_runtime::handler::{self, Containers};
/// # struct MyCharm;
/// # impl charm_runtime::handler::Charm for MyCharm {
/// #     async fn handle(_: &charm_runtime::handler::Scope<'_>) -> charm_runtime::Result<()> { Ok(()) }
/// # }
///
/// fn main() -> std::process::ExitCode {
///     dispatch::run(|ctx: Context| async move {
///         // Work before the charm's own handler goes here.
///         handler::dispatch_to::<MyCharm>(&ctx, &Containers::new()).await
///     })
/// }
/// ```
pub async fn dispatch_to<C: Charm>(ctx: &Context, containers: &Containers) -> Result<()> {
    let scope = Scope::new(ctx, containers);
    C::handle(&scope).await
}

/// Where the handlers find each container's Pebble.
///
/// By default container `c` is reached at `/charm/containers/c/pebble.socket`, as in a
/// Kubernetes sidecar charm; [`with_client`](Self::with_client) points one container at
/// another client (a test Pebble).
///
/// # Examples
///
/// ```
/// use charm_runtime::handler::Containers;
/// use charm_runtime::pebble::Client;
///
/// let containers = Containers::new().with_client("myapp", Client::new("/tmp/p.socket"));
/// assert_eq!(containers.get("myapp").socket(), std::path::Path::new("/tmp/p.socket"));
/// assert_eq!(
///     containers.get("db").socket(),
///     std::path::Path::new("/charm/containers/db/pebble.socket"),
/// );
/// ```
#[derive(Debug, Clone, Default)]
pub struct Containers {
    clients: BTreeMap<String, Client>,
}

impl Containers {
    /// Every container at its default socket.
    pub fn new() -> Self {
        Self::default()
    }

    /// The same, with container `name` reached through `client`.
    #[must_use]
    pub fn with_client(mut self, name: impl Into<String>, client: Client) -> Self {
        self.clients.insert(name.into(), client);
        self
    }

    /// The container `name`.
    pub fn get(&self, name: &str) -> Container {
        match self.clients.get(name) {
            Some(client) => Container::with_client(name, client.clone()),
            None => Container::new(name),
        }
    }
}

/// What a handler's arguments are taken from: the event, the hook tools and the containers.
///
/// The config and the action parameters are read once, on first use, and shared by the
/// arguments that need them.
#[derive(Debug)]
pub struct Scope<'a> {
    context: &'a Context,
    containers: &'a Containers,
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
    /// use charm_runtime::dispatch::Context;
    /// use charm_runtime::event::Event;
    /// use charm_runtime::handler::{Containers, Scope};
    /// use charm_runtime::testing::MemoryTools;
    ///
    /// let vars = |name: &str| match name {
    ///     "JUJU_DISPATCH_PATH" => Some("hooks/install".to_owned()),
    ///     "JUJU_UNIT_NAME" => Some("demo/0".to_owned()),
    ///     _ => None,
    /// };
    /// let context = Context::from_vars(&vars, Arc::new(MemoryTools::new())).unwrap();
    /// let containers = Containers::new();
    /// let scope = Scope::new(&context, &containers);
    /// assert_eq!(scope.event(), &Event::Install);
    /// assert_eq!(scope.context().app_name, "demo");
    /// ```
    pub fn new(context: &'a Context, containers: &'a Containers) -> Self {
        Self {
            context,
            containers,
            config: OnceCell::new(),
            params: OnceCell::new(),
        }
    }

    /// The dispatch context: the event, the hook tools, the unit and model names.
    pub fn context(&self) -> &'a Context {
        self.context
    }

    /// The event being handled.
    pub fn event(&self) -> &'a Event {
        &self.context.event
    }

    /// The hook tools.
    pub fn juju(&self) -> &'a Juju {
        &self.context.juju
    }

    /// The container `name`: the client given in [`Containers`], else the socket of the
    /// context ([`Context::pebble_socket`], which honours `CHARM_CONTAINERS_DIR`).
    pub fn container(&self, name: &str) -> Container {
        match self.containers.clients.get(name) {
            Some(client) => Container::with_client(name, client.clone()),
            None => self.context.container(name),
        }
    }

    /// The container of a workload event (`pebble-ready`, custom notice, check failed or
    /// recovered).
    ///
    /// # Errors
    ///
    /// [`Error::Charm`] for any other event.
    pub fn event_container(&self) -> Result<Container> {
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
    note = "a handler can take `&Juju`, `Juju`, `&Event`, `Event`, `&Context`, `Container`, an event payload \
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

impl<'a> FromContext<'a> for &'a Context {
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

/// The outcome of an action the charm has no handler for: Juju fails such actions.
#[doc(hidden)]
pub fn unhandled_action(action: &ActionEvent) -> Result<()> {
    Err(Error::msg(format!(
        "this charm has no handler for action {}",
        action.name
    )))
}

/// Defines `fn main` for a charm binary: runs the `#[charm]` type for the event Juju started
/// the process for.
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
            $crate::handler::run::<$charm>()
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::MemoryTools;

    fn context_with(event: &[(&str, &str)], config: Value, params: Value) -> Context {
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
        Context::from_vars(&|name: &str| vars.get(name).cloned(), Arc::new(tools)).unwrap()
    }

    #[tokio::test(flavor = "current_thread")]
    async fn reads_config_options_and_params() {
        let context = context_with(
            &[("JUJU_DISPATCH_PATH", "hooks/config-changed")],
            serde_json::json!({"port": 8080, "name": "x"}),
            serde_json::json!({"target": "/b"}),
        );
        let containers = Containers::new();
        let scope = Scope::new(&context, &containers);
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
        let context = <&Context>::from_context(&scope).await.unwrap();
        assert_eq!(context.unit_name, "demo/0");
    }

    #[test]
    fn containers_without_a_client_use_the_context_socket() {
        let context = context_with(
            &[
                ("JUJU_DISPATCH_PATH", "hooks/web-pebble-ready"),
                ("JUJU_WORKLOAD_NAME", "web"),
                (crate::dispatch::CONTAINERS_DIR_VAR, "/tmp/t"),
            ],
            Value::Null,
            Value::Null,
        );
        let containers = Containers::new();
        let scope = Scope::new(&context, &containers);
        let expected = std::path::Path::new("/tmp/t/web/pebble.socket");
        assert_eq!(scope.container("web").socket(), expected);
        assert_eq!(scope.event_container().unwrap().socket(), expected);
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
        let containers = Containers::new().with_client("web", Client::new("/tmp/x.socket"));
        let scope = Scope::new(&ready, &containers);
        let container = Container::from_context(&scope).await.unwrap();
        assert_eq!(container.name(), "web");
        assert_eq!(container.socket(), std::path::Path::new("/tmp/x.socket"));
        assert!(WorkloadEvent::from_context(&scope).await.is_ok());
        let other = scope.container("db");
        assert_eq!(other.socket(), ready.pebble_socket("db"));
        let err = RelationEvent::from_context(&scope).await.unwrap_err();
        assert_eq!(err.to_string(), "hook web-pebble-ready carries no relation");
        let install = context_with(
            &[("JUJU_DISPATCH_PATH", "hooks/install")],
            Value::Null,
            Value::Null,
        );
        assert!(Scope::new(&install, &containers).event_container().is_err());
    }
}
