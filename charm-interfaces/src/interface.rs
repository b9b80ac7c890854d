//! The [`Interface`] trait every relation-interface library implements.

use std::future::Future;

use charm_runtime::dispatch::HookContext;

use crate::Result;

/// Which side of a relation an interface library serves, as `charmcraft.yaml` names it.
///
/// # Examples
///
/// ```
/// use charm_interfaces::Role;
/// assert_eq!(Role::Requirer.section(), "requires");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The endpoint is under `requires:`.
    Requirer,
    /// The endpoint is under `provides:`.
    Provider,
    /// The endpoint is under `peers:`.
    Peer,
}

impl Role {
    /// The `charmcraft.yaml` section that declares endpoints of this role.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_interfaces::Role::Provider.section(), "provides");
    /// ```
    pub fn section(self) -> &'static str {
        match self {
            Self::Requirer => "requires",
            Self::Provider => "provides",
            Self::Peer => "peers",
        }
    }
}

/// A relation-interface library: one side of one interface, on one endpoint.
///
/// A value is built for one endpoint (several values serve several endpoints). The charm,
/// or later the dispatcher, gives it every event with [`observe`](Self::observe); it acts on
/// the events of its endpoint and the secret events it owns, ignores the rest, and returns
/// what happened for the charm to react to. Query methods of each library (a certificate,
/// credentials) read the current state from any handler.
///
/// The associated constants say what `charmcraft.yaml` must declare for the endpoint, so a
/// check can compare them: the endpoint under the role's section, with one of the
/// interface names.
///
/// # Examples
///
/// ```
/// use charm_interfaces::{Interface, Role};
/// use charm_interfaces::tls::TlsRequirer;
///
/// fn declared<I: Interface>(library: &I) -> String {
///     format!("{}: {} (interface {})", I::ROLE.section(), library.endpoint(), I::INTERFACES.join(" or "))
/// }
/// let tls = TlsRequirer::new("certificates", "web.example.com");
/// assert_eq!(declared(&tls), "requires: certificates (interface tls-certificates)");
/// ```
pub trait Interface {
    /// The Juju interface names the endpoint may declare (`tls-certificates`): one protocol
    /// can travel under several names (`postgresql_client`, `mysql_client`).
    const INTERFACES: &'static [&'static str];
    /// Which side this library serves.
    const ROLE: Role;
    /// What [`observe`](Self::observe) reports to the charm.
    type Event;

    /// The endpoint this value serves.
    fn endpoint(&self) -> &str;

    /// Does the library's work for the event in `ctx`, if it concerns this endpoint or a
    /// secret the library owns or reads, and returns what happened (often nothing).
    ///
    /// Call it for every event before the charm's own handlers look at the relation.
    ///
    /// # Errors
    ///
    /// [`Error::HookTool`](crate::Error::HookTool) when a hook tool fails,
    /// [`Error::Databag`](crate::Error::Databag) when the peer's data cannot be read,
    /// [`Error::Crypto`](crate::Error::Crypto) for keys and certificates.
    fn observe(&self, ctx: &HookContext) -> impl Future<Output = Result<Vec<Self::Event>>> + Send;
}
