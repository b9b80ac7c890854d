//! Relation-interface libraries for Rust charms, byte-compatible with the Python libraries
//! charms use today.
//!
//! Each interface is a module with one library type per side, implementing [`Interface`]
//! (defined in `charm_runtime::interface` and re-exported here with [`Role`] and [`Mounted`]):
//!
//! - [`tls`]: `tls-certificates` v4, as `charmlibs-interfaces-tls-certificates` writes it;
//! - [`database`]: the data-platform `database` interfaces (`postgresql_client`, ...), as
//!   `dpcharmlibs-interfaces` writes them;
//! - [`tracing`]: `tracing` v2, as `charmlibs-interfaces-tracing` writes it.
//!
//! A library value serves one endpoint. A charm mounts it with an `#[interface]` function
//! in its `#[charm]` impl block (`#[interface] fn database(endpoint: &'static str) ->
//! DatabaseRequirer`), checked at compile time against `charmcraft.yaml`. Then the dispatch
//! lets it [`observe`](Interface::observe) every event before the handlers, which take it
//! by the function's name (`database: &Mounted<DatabaseRequirer>`, with what it reported in
//! this hook, or `&DatabaseRequirer`); query methods read the current state from any
//! handler. How to: `docs/howto/interfaces.md` in the repository. A library that is not
//! mounted is observed by hand:
//!
//! # Examples
//!
//! ```no_run
//! use charm_interfaces::Interface;
//! use charm_interfaces::database::{DatabaseEvent, DatabaseRequirer};
//! # async fn handler(ctx: charm_runtime::HookContext) -> charm_runtime::Result<()> {
//! let db = DatabaseRequirer::new("database", "mydb");
//! for event in db.observe(&ctx).await? {
//!     if let DatabaseEvent::CredentialsReady(connection) = event {
//!         println!("connect to {}", connection.endpoints);
//!     }
//! }
//! # Ok(()) }
//! ```

mod error;
mod python_json;
mod relations;
mod secrets;
mod tokens;

pub mod database;
pub mod tls;
pub mod tracing;

pub use charm_runtime::interface::{Interface, Mounted, Role};
pub use error::{Error, Result};
