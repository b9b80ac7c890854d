//! Write Juju charms in Rust.
//!
//! `charm-runtime` is the one crate a charm depends on. It holds:
//!
//! - [`event`]: the event Juju is running, decoded from `JUJU_*` environment variables;
//! - [`hook_tools`]: typed calls to Juju's hook tools (`status-set`, `config-get`, ...);
//! - [`pebble`]: an async client for the Pebble API of a workload container;
//! - [`layer`](mod@layer): typed Pebble layers and plans;
//! - [`dispatch`]: the entry point that runs one handler per process and sets the exit code;
//! - the attribute macros [`charm`](macro@charm), [`on`](macro@on) and [`layer`](macro@layer);
//! - with the `testing` feature, [`testing`]: a fake Pebble and fake hook tools for unit tests.

pub mod container;
pub mod dispatch;
pub mod error;
pub mod event;
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
pub mod __private {}
