//! The formats charm-rs reads and checks, each described once.
//!
//! The attribute macros check a charm at compile time, the runtime builds and sends what the
//! charm asks for, the test harness plays Pebble and Juju, and tools pack and run charms: all
//! of them need the same facts. This crate holds them, with no I/O and no async runtime:
//!
//! - [`charmcraft`]: `charmcraft.yaml`, read into a typed model that keeps lines;
//! - [`duration`]: Go's duration syntax, exactly as `time.ParseDuration` reads it, and the
//!   rules a layer adds on top;
//! - [`juju`]: which Pebble each Juju release ships, and which releases a charm's `assumes`
//!   targets;
//! - [`pebble`]: which Pebble release added each feature the runtime uses;
//! - [`layer`]: Pebble's layer format, declared once as serde types and as tables of fields,
//!   with the Pebble version that added each newer field and value;
//! - [`version`]: Pebble and Juju release numbers;
//! - [`yaml`]: YAML as a tree of nodes with their lines, for messages that cite them.

pub mod charmcraft;
pub mod duration;
pub mod juju;
pub mod layer;
pub mod pebble;
pub mod version;
pub mod yaml;
