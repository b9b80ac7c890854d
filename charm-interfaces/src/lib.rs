//! Relation-interface libraries for Rust charms, byte-compatible with the Python libraries
//! charms use today.
//!
//! Each interface is a module with one library type per side, implementing [`Interface`]:
//!
//! - [`tls`]: `tls-certificates` v4, as `charmlibs-interfaces-tls-certificates` writes it;
//! - [`database`]: the data-platform `database` interfaces (`postgresql_client`, ...), as
//!   `dpcharmlibs-interfaces` writes them.
//!
//! A library value serves one endpoint. The charm calls [`Interface::observe`] with every
//! event (from its relation and secret handlers, until the dispatcher does it itself), and
//! reacts to what it returns; query methods read the current state from any handler.
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
mod secrets;
mod tokens;

pub mod database;
pub mod tls;

pub use charm_runtime::interface::{Interface, Mounted, Role};
pub use error::{Error, Result};
