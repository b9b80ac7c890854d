//! The data-platform `database` interfaces (`postgresql_client`, `mysql_client`, ...), as
//! `dpcharmlibs-interfaces` (v1) and the classic Charmhub library (v0) write them: the
//! requirer side, [`DatabaseRequirer`].
//!
//! The protocol (who writes what, in which bag, when) is described in the project's
//! `docs/interfaces/database.md`.

mod event;
mod model;
mod requirer;

pub use event::{Connection, Credentials, DatabaseEvent};
pub use model::{
    DATABASE_KEY, EXTRA_USER_ROLES_KEY, REQUESTED_SECRETS, REQUESTED_SECRETS_KEY, REQUESTS_KEY,
    Request, Response, VERSION_KEY,
};
pub use requirer::{DatabaseRequirer, Protocol};
