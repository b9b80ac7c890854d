//! [`Scope`]: what a handler's arguments are taken from during one dispatch.

use std::any::Any;
use std::fmt;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use tokio::sync::OnceCell;

use crate::container::Container;
use crate::dispatch::HookContext;
use crate::event::Event;
use crate::hook_tools::{self, Juju};
use crate::status::Statuses;
use crate::{Error, Result};

/// What a handler's arguments are taken from: the hook context of the event, the config and
/// action parameters (read once, on first use, and shared by the arguments that need them),
/// the statuses collected so far, and the interface libraries the charm mounted. One scope
/// serves every phase of a dispatch.
pub struct Scope<'a> {
    context: &'a HookContext,
    config: OnceCell<Map<String, Value>>,
    params: OnceCell<Map<String, Value>>,
    statuses: Statuses,
    /// The charm's mounted libraries, after they observed the event: a struct `#[charm]`
    /// generates, set once by `Charm::mount`.
    mounts: OnceLock<Box<dyn Any + Send + Sync>>,
}

impl fmt::Debug for Scope<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scope")
            .field("context", &self.context)
            .field("config", &self.config)
            .field("params", &self.params)
            .field("statuses", &self.statuses)
            .field("mounted", &self.mounts.get().is_some())
            .finish()
    }
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
            statuses: Statuses::new(),
            mounts: OnceLock::new(),
        }
    }

    /// Keeps the charm's mounted libraries (`#[interface]`) for its handlers.
    ///
    /// # Errors
    ///
    /// [`Error::Charm`] when they were kept already in this dispatch.
    pub(crate) fn set_mounts<M: Any + Send + Sync>(&self, mounts: M) -> Result<()> {
        self.mounts
            .set(Box::new(mounts))
            .map_err(|_| Error::msg("the charm's interface libraries were mounted twice"))
    }

    /// The charm's mounted libraries, as kept by [`Self::set_mounts`].
    ///
    /// # Errors
    ///
    /// [`Error::Charm`] when none of type `M` were kept: the charm's `handle` ran without
    /// its `mount` (a hand-written dispatch that skipped [`super::dispatch_to`]).
    pub(crate) fn mounts<M: Any>(&self) -> Result<&M> {
        self.mounts
            .get()
            .and_then(|mounts| mounts.downcast_ref::<M>())
            .ok_or_else(|| {
                Error::msg(
                    "the charm's interface libraries are not mounted: run the charm with \
                     handler::dispatch_to, which mounts them before its handlers",
                )
            })
    }

    /// The statuses handlers added during this dispatch (a `&Statuses` argument).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::hook_tools::Status;
    /// # fn handle(scope: &charm_runtime::handler::Scope<'_>) {
    /// scope.statuses().add_unit(Status::active(""));
    /// # }
    /// ```
    pub fn statuses(&self) -> &Statuses {
        &self.statuses
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
