//! Write Juju charms in Rust.
//!
//! `charm-runtime` is the one crate a charm depends on. It holds:
//!
//! - [`event`]: the event Juju is running, decoded from `JUJU_*` environment variables;
//! - [`hook_tools`]: typed calls to Juju's hook tools (`status-set`, `config-get`, ...);
//! - [`pebble`]: an async client for the Pebble API of a workload container;
//! - [`layer`](mod@layer): typed Pebble layers and plans, read from and written as YAML
//!   (failing with a [`yaml::Error`]);
//! - [`dispatch`]: the entry point that runs one handler per process and sets the exit code,
//!   and the [`HookContext`] a handler gets;
//! - [`container`]: a workload [`Container`] and where its Pebble socket is;
//! - [`handler`]: what `#[charm]` builds on: the arguments a handler can take, and
//!   [`main!`] / [`handler::dispatch_to`] to run a charm;
//! - the attribute macros [`charm`](macro@charm), [`on`](macro@on) and [`layer`](macro@layer);
//! - with the `testing` feature, `testing`: a fake Pebble, in-memory and fake hook tools, and
//!   a state-in/state-out harness for unit tests.

pub mod container;
pub mod dispatch;
pub mod error;
pub mod event;
pub mod handler;
pub mod hook_tools;
pub mod layer;
pub mod logging;
pub mod pebble;
mod request;
#[cfg(feature = "testing")]
pub mod testing;
pub mod yaml;

pub use charm_macros::{charm, layer, on};
pub use container::Container;
pub use dispatch::HookContext;
pub use error::{Error, Result};
/// The `tracing` crate, so that a charm can log (to `juju-log`) without depending on it:
/// `charm_runtime::tracing::info!("backup done")`.
pub use tracing;

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
    pub use crate::handler::generated::unhandled_action;
    pub use crate::handler::{Charm, FromContext, HandlerResult, Scope};

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

    /// A value a `#[layer]` function can substitute into `port: ${name}` of a tcp check.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot be the port of a tcp check",
        label = "`port: ${{...}}` takes a `NonZeroU16`",
        note = "Pebble ignores port 0 in a merge layer, so a placeholder in `port` takes a \
                `std::num::NonZeroU16`; `#[config]` and serde reject 0 for it, and \
                `NonZeroU16::new(port)` converts a `u16`"
    )]
    pub trait LayerPort {
        /// The port.
        fn layer_port(&self) -> u16;
    }

    impl LayerPort for core::num::NonZeroU16 {
        fn layer_port(&self) -> u16 {
            self.get()
        }
    }

    /// The port of a `#[layer]` parameter.
    pub fn layer_port<T: LayerPort + ?Sized>(value: &T) -> u16 {
        value.layer_port()
    }

    /// A value a `#[layer]` function can substitute into `user-id`, `group-id` or `threshold`.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot be a user id, group id or threshold",
        label = "this field takes a whole number from 0 to 4294967295",
        note = "a placeholder in `user-id`, `group-id` or `threshold` takes a `u8`, `u16`, `u32` \
                or a `NonZero` of them; convert wider numbers with `u32::try_from`"
    )]
    pub trait LayerInt {
        /// The number.
        fn layer_int(&self) -> u32;
    }

    impl LayerInt for u8 {
        fn layer_int(&self) -> u32 {
            u32::from(*self)
        }
    }

    impl LayerInt for u16 {
        fn layer_int(&self) -> u32 {
            u32::from(*self)
        }
    }

    impl LayerInt for u32 {
        fn layer_int(&self) -> u32 {
            *self
        }
    }

    impl LayerInt for core::num::NonZeroU8 {
        fn layer_int(&self) -> u32 {
            u32::from(self.get())
        }
    }

    impl LayerInt for core::num::NonZeroU16 {
        fn layer_int(&self) -> u32 {
            u32::from(self.get())
        }
    }

    impl LayerInt for core::num::NonZeroU32 {
        fn layer_int(&self) -> u32 {
            self.get()
        }
    }

    /// The number of a `#[layer]` parameter.
    pub fn layer_int<T: LayerInt + ?Sized>(value: &T) -> u32 {
        value.layer_int()
    }

    /// A value a `#[layer]` function can substitute into `backoff-factor`.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot be a backoff factor",
        label = "`backoff-factor: ${{...}}` takes a `NonZeroU8`, `NonZeroU16` or `NonZeroU32`",
        note = "the factor must be 1.0 or greater and a float can be smaller (or NaN, which \
                Pebble would not see), so a placeholder in `backoff-factor` takes a whole number \
                of at least 1; write a fractional factor such as 1.5 literally"
    )]
    pub trait LayerFactor {
        /// The factor, at least 1.0.
        fn layer_factor(&self) -> f64;
    }

    impl LayerFactor for core::num::NonZeroU8 {
        fn layer_factor(&self) -> f64 {
            f64::from(self.get())
        }
    }

    impl LayerFactor for core::num::NonZeroU16 {
        fn layer_factor(&self) -> f64 {
            f64::from(self.get())
        }
    }

    impl LayerFactor for core::num::NonZeroU32 {
        fn layer_factor(&self) -> f64 {
            f64::from(self.get())
        }
    }

    /// The backoff factor of a `#[layer]` parameter.
    pub fn layer_factor<T: LayerFactor + ?Sized>(value: &T) -> f64 {
        value.layer_factor()
    }

    /// A value a `#[layer]` function can substitute into a duration field (`period`,
    /// `timeout`, `backoff-delay`, `backoff-limit`, `kill-delay`).
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot be a duration in a layer",
        label = "a duration field takes a `std::time::Duration` or a `GoDuration`",
        note = "a placeholder in `period`, `timeout`, `backoff-delay`, `backoff-limit` or \
                `kill-delay` takes a `std::time::Duration` or a \
                `charm_runtime::layer::GoDuration`; parse text with `str::parse::<GoDuration>`"
    )]
    pub trait LayerDuration {
        /// The duration.
        fn layer_duration(&self) -> GoDuration;
    }

    impl LayerDuration for std::time::Duration {
        fn layer_duration(&self) -> GoDuration {
            GoDuration(*self)
        }
    }

    impl LayerDuration for GoDuration {
        fn layer_duration(&self) -> GoDuration {
            *self
        }
    }

    /// The duration of a `#[layer]` parameter.
    pub fn layer_duration<T: LayerDuration + ?Sized>(value: &T) -> GoDuration {
        value.layer_duration()
    }

    /// A value a `#[layer]` function can substitute into `startup`.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot be the startup of a service or check",
        label = "`startup: ${{...}}` takes a `charm_runtime::layer::Startup`",
        note = "a placeholder in `startup` takes a `Startup` (`Startup::Enabled` or \
                `Startup::Disabled`)"
    )]
    pub trait LayerStartup {
        /// The startup.
        fn layer_startup(&self) -> Startup;
    }

    impl LayerStartup for Startup {
        fn layer_startup(&self) -> Startup {
            self.clone()
        }
    }

    /// The startup of a `#[layer]` parameter.
    pub fn layer_startup<T: LayerStartup + ?Sized>(value: &T) -> Startup {
        value.layer_startup()
    }

    /// A value a `#[layer]` function can substitute into a check's `level`.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot be the level of a check",
        label = "`level: ${{...}}` takes a `charm_runtime::layer::CheckLevel`",
        note = "a placeholder in `level` takes a `CheckLevel` (`CheckLevel::Alive` or \
                `CheckLevel::Ready`)"
    )]
    pub trait LayerLevel {
        /// The level.
        fn layer_level(&self) -> CheckLevel;
    }

    impl LayerLevel for CheckLevel {
        fn layer_level(&self) -> CheckLevel {
            *self
        }
    }

    /// The check level of a `#[layer]` parameter.
    pub fn layer_level<T: LayerLevel + ?Sized>(value: &T) -> CheckLevel {
        value.layer_level()
    }
}
