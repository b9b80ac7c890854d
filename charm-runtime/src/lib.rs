//! Write Juju charms in Rust.
//!
//! `charm-runtime` is the one crate a charm depends on. It holds:
//!
//! - [`event`]: the event Juju is running, decoded from `JUJU_*` environment variables;
//! - [`hook_tools`]: typed calls to Juju's hook tools (`status-set`, `config-get`, ...);
//! - [`pebble`]: an async client for the Pebble API of a workload container;
//! - [`layer`](mod@layer): typed Pebble layers and plans;
//! - [`dispatch`]: the entry point that runs one handler per process and sets the exit code;
//! - [`handler`]: what `#[charm]` builds on: the arguments a handler can take, and
//!   [`main!`] / [`handler::run_with`] to run a charm for real or in a test;
//! - the attribute macros [`charm`](macro@charm), [`on`](macro@on) and [`layer`](macro@layer);
//! - with the `testing` feature, [`testing`]: a fake Pebble and fake hook tools for unit tests.

pub mod container;
pub mod dispatch;
pub mod error;
pub mod event;
pub mod handler;
pub mod hook_tools;
pub mod layer;
pub mod logging;
pub mod pebble;
#[cfg(feature = "testing")]
pub mod testing;
mod yaml;

pub use charm_macros::{charm, layer, on};
pub use container::Container;
pub use error::{Error, Result};

/// Items used by the code that the macros generate. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use core::default::Default;
    pub use core::option::Option::Some;
    pub use std::collections::BTreeMap;
    pub use std::string::String;
    pub use std::time::Duration;
    pub use std::vec::Vec;

    pub use crate::error::Result;
    pub use crate::event::Event;
    pub use crate::handler::{Charm, FromContext, HandlerResult, Scope, unhandled_action};

    /// A fresh charm for a handler that takes `&self` or `&mut self`.
    pub fn new_charm<C: Default>() -> C {
        C::default()
    }

    /// The container `name` (a handler argument resolved at compile time).
    pub fn container(scope: &Scope<'_>, name: &str) -> crate::Container {
        scope.container(name)
    }

    /// The container of the workload event being handled.
    ///
    /// # Errors
    ///
    /// When the event is not a workload event (`#[charm]` makes sure it is).
    pub fn event_container(scope: &Scope<'_>) -> Result<crate::Container> {
        scope.event_container()
    }

    /// The config option `name` (a `#[config]` argument).
    ///
    /// The future is boxed so that a `T` serde cannot build is one error, at the argument.
    ///
    /// # Errors
    ///
    /// When `config-get` fails or the value is not a `T`.
    pub fn config_option<'a, T: serde::de::DeserializeOwned + 'a>(
        scope: &'a Scope<'a>,
        name: &'a str,
    ) -> crate::handler::Extracting<'a, T> {
        Box::pin(scope.config_option(name))
    }

    /// The action parameter `name` (a `#[param]` argument).
    ///
    /// The future is boxed so that a `T` serde cannot build is one error, at the argument.
    ///
    /// # Errors
    ///
    /// When `action-get` fails or the value is not a `T`.
    pub fn action_param<'a, T: serde::de::DeserializeOwned + 'a>(
        scope: &'a Scope<'a>,
        name: &'a str,
    ) -> crate::handler::Extracting<'a, T> {
        Box::pin(scope.action_param(name))
    }

    pub use crate::layer::{
        Check, CheckLevel, ExecCheck, GoDuration, HttpCheck, Layer, LogTarget, LogTargetType,
        Override, Service, ServiceAction, Startup, TcpCheck,
    };

    /// A value a `#[layer]` function can substitute into a `${name}` placeholder.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot be written into a layer",
        label = "this parameter's type does not implement `std::fmt::Display`",
        note = "a `${{name}}` placeholder is replaced with the parameter's `Display` text; pass a \
                `&str`, a `String`, a number, or a type that implements `Display`"
    )]
    pub trait LayerValue {
        /// The text substituted for the placeholder.
        fn layer_text(&self) -> String;
    }

    impl<T: std::fmt::Display + ?Sized> LayerValue for T {
        fn layer_text(&self) -> String {
            self.to_string()
        }
    }

    /// The text of a `#[layer]` parameter, converted once per call.
    pub fn layer_value<T: LayerValue + ?Sized>(value: &T) -> String {
        value.layer_text()
    }
}
