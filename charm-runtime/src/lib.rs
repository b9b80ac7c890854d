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
//! - [`interface`]: the [`Interface`](interface::Interface) trait of relation-interface
//!   libraries, and the [`Mounted`](interface::Mounted) library a handler receives;
//! - the attribute macros [`charm`](macro@charm), [`on`](macro@on) and [`layer`](macro@layer);
//! - with the `testing` feature, `testing`: a fake Pebble, in-memory and fake hook tools, and
//!   a state-in/state-out harness for unit tests.

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
pub mod container;
pub mod dispatch;
pub mod error;
pub mod event;
pub mod handler;
pub mod hook_tools;
mod ids;
pub mod interface;
pub mod layer;
pub mod logging;
#[cfg(test)]
mod no_panic;
pub mod pebble;
mod request;
pub mod status;
#[cfg(feature = "testing")]
pub mod testing;
pub mod yaml;

pub use charm_macros::{charm, layer, on};
pub use container::Container;
pub use dispatch::HookContext;
pub use error::{Context, Error, Result};
/// The `tracing` crate, so that a charm can log (to `juju-log`) without depending on it:
/// `charm_runtime::tracing::info!("backup done")`.
pub use tracing;
