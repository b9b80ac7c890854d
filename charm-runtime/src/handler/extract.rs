//! [`FromContext`]: how a handler argument is taken by type, and the whole-set arguments
//! [`Config`] and [`Params`].

use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;

use serde::de::DeserializeOwned;

use super::Scope;
use crate::container::Container;
use crate::dispatch::HookContext;
use crate::event::{
    ActionEvent, CheckEvent, Event, NoticeEvent, RelationEvent, SecretEvent, SeriesUpgrade,
    StorageEvent, WorkloadEvent,
};
use crate::hook_tools::Juju;
use crate::status::Statuses;
use crate::{Error, Result};

/// A type a handler can take as an argument.
///
/// `#[charm]` gets each argument with `from_context`; the impls cover the argument kinds in
/// the [`handler` module docs](crate::handler).
#[diagnostic::on_unimplemented(
    message = "a handler cannot take `{Self}`",
    label = "not something a handler can receive",
    note = "a handler can take `&Juju`, `Juju`, `&Event`, `Event`, `&HookContext`, `&Statuses`, `Container`, an event payload \
            (`RelationEvent`, `StorageEvent`, `SecretEvent`, `WorkloadEvent`, `NoticeEvent`, \
            `CheckEvent`, `ActionEvent`, `SeriesUpgrade`), `Config<T>`, `Params<T>`, or a value \
            marked #[config], #[param] or #[state]"
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

impl<'a> FromContext<'a> for &'a Statuses {
    fn from_context(scope: &'a Scope<'a>) -> Extracting<'a, Self> {
        Box::pin(async move { Ok(scope.statuses()) })
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
