//! Relation-interface libraries: the [`Interface`] trait a library implements, and the
//! [`Mounted`] library a charm's handlers receive.
//!
//! A library serves one side of one relation interface on one endpoint: it writes its side of
//! the relation, reads the other side and reports what happened. A charm mounts it with an
//! `#[interface]` function in its `#[charm]` impl block; `#[charm]` checks at compile time that
//! `charmcraft.yaml` declares the endpoint in the library's section (`requires`, `provides`
//! or `peers`) with one of the interface names it serves. Then every dispatch lets each
//! mounted library [`observe`](Interface::observe) the event before the charm's handlers run
//! (phase 0 of a dispatch, [`Charm::mount`](crate::handler::Charm::mount)), in source order,
//! and a handler takes it by the mount's name, as a [`Mounted`] library with the events it
//! reported in this hook (`database: &Mounted<DatabaseRequirer>`) or as the library alone
//! (`database: &DatabaseRequirer`); `#[on(interface = "database")]` runs a handler when the
//! library reported something. A library that is not mounted still works: a handler builds
//! it and calls [`Interface::observe`] itself.
//!
//! How to mount and use a library, with a tested example, is `docs/howto/interfaces.md` in
//! the repository.
//!
//! `charm-interfaces` holds the libraries (`tls-certificates`, the `database` interfaces);
//! `docs/interfaces/libraries.md` explains the design and how to write one.

use std::future::Future;
use std::ops::Deref;

use crate::dispatch::HookContext;

/// Which side of a relation an interface library serves, as `charmcraft.yaml` names it.
///
/// # Examples
///
/// ```
/// use charm_runtime::interface::Role;
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
    /// assert_eq!(charm_runtime::interface::Role::Provider.section(), "provides");
    /// ```
    pub const fn section(self) -> &'static str {
        match self {
            Self::Requirer => "requires",
            Self::Provider => "provides",
            Self::Peer => "peers",
        }
    }
}

/// A relation-interface library: one side of one interface, on one endpoint.
///
/// A value is built for one endpoint (several values serve several endpoints). The
/// dispatcher, for a mounted library, or the charm gives it every event with
/// [`observe`](Self::observe); it acts on the events of its endpoint and the secret events it
/// owns, ignores the rest, and returns what happened for the charm to react to. Query methods
/// of each library (a certificate, credentials) read the current state from any handler.
///
/// The associated constants say what `charmcraft.yaml` must declare for the endpoint:
/// `#[charm]` compares them with it when the library is mounted.
///
/// # Examples
///
/// ```
/// use charm_runtime::HookContext;
/// use charm_runtime::interface::{Interface, Role};
///
/// /// Counts the relation-changed events of its endpoint.
/// struct Counter {
///     endpoint: String,
/// }
///
/// impl Interface for Counter {
///     const INTERFACES: &'static [&'static str] = &["counter"];
///     const ROLE: Role = Role::Requirer;
///     type Event = String;
///     type Error = charm_runtime::Error;
///
///     fn endpoint(&self) -> &str {
///         &self.endpoint
///     }
///
///     async fn observe(&self, ctx: &HookContext) -> charm_runtime::Result<Vec<String>> {
///         Ok(match &ctx.event {
///             charm_runtime::event::Event::RelationChanged(r) if r.endpoint == self.endpoint => {
///                 vec![format!("{} changed", r.remote_app)]
///             }
///             _ => Vec::new(),
///         })
///     }
/// }
/// ```
pub trait Interface: Send + Sync + 'static {
    /// The Juju interface names the endpoint may declare (`tls-certificates`): one protocol
    /// can travel under several names (`postgresql_client`, `mysql_client`).
    const INTERFACES: &'static [&'static str];
    /// Which side this library serves.
    const ROLE: Role;
    /// What [`observe`](Self::observe) reports to the charm.
    type Event: Send + Sync + 'static;
    /// What [`observe`](Self::observe) fails with; a handler's `?` converts it (in generic
    /// code, `.map_err(Into::into)`).
    type Error: std::error::Error + Into<crate::Error> + Send + Sync + 'static;

    /// The endpoint this value serves.
    fn endpoint(&self) -> &str;

    /// Does the library's work for the event in `ctx`, if it concerns this endpoint or a
    /// secret the library owns or reads, and returns what happened (often nothing).
    ///
    /// A mounted library is observed by the dispatch before the charm's handlers; a library
    /// that is not mounted is called from the charm's handlers, before they look at the
    /// relation.
    ///
    /// # Errors
    ///
    /// The library's: a hook tool that failed, data from the other side that cannot be read.
    fn observe(
        &self,
        ctx: &HookContext,
    ) -> impl Future<Output = Result<Vec<Self::Event>, Self::Error>> + Send;
}

/// A library mounted by the charm, after it observed the event of this dispatch: what a
/// handler argument named after the mount receives (`database: &Mounted<DatabaseRequirer>`,
/// or `database: &DatabaseRequirer` for the library alone).
///
/// It dereferences to the library, so its query methods are at hand, and holds the
/// [`events`](Self::events) the library reported for this event.
///
/// # Examples
///
/// ```
/// use charm_runtime::HookContext;
/// use charm_runtime::interface::{Interface, Mounted, Role};
///
/// # struct Counter;
/// # impl Interface for Counter {
/// #     const INTERFACES: &'static [&'static str] = &["counter"];
/// #     const ROLE: Role = Role::Requirer;
/// #     type Event = String;
/// #     type Error = charm_runtime::Error;
/// #     fn endpoint(&self) -> &str { "counter" }
/// #     async fn observe(&self, _: &HookContext) -> charm_runtime::Result<Vec<String>> { Ok(vec![]) }
/// # }
/// fn report(counter: &Mounted<Counter>) -> String {
///     format!("{} reported {} events", counter.endpoint(), counter.events().len())
/// }
/// ```
#[derive(Debug)]
pub struct Mounted<L: Interface> {
    library: L,
    events: Vec<L::Event>,
}

impl<L: Interface> Mounted<L> {
    /// `library` after it observed the event in `ctx`.
    ///
    /// # Errors
    ///
    /// What [`Interface::observe`] fails with.
    pub async fn observe(library: L, ctx: &HookContext) -> crate::Result<Self> {
        let events = library.observe(ctx).await.map_err(Into::into)?;
        Ok(Self { library, events })
    }

    /// What the library reported for the event of this dispatch, in order (often nothing).
    pub fn events(&self) -> &[L::Event] {
        &self.events
    }

    /// The library.
    pub fn library(&self) -> &L {
        &self.library
    }
}

impl<L: Interface> Deref for Mounted<L> {
    type Target = L;

    fn deref(&self) -> &L {
        &self.library
    }
}

/// What the code `#[charm]` generates for `#[interface]` calls, re-exported by `__private`.
pub(crate) mod generated {
    use super::{Interface, Mounted};

    /// What a handler argument named after a mount can be: the library `L` mounted under
    /// that name, as `&Mounted<L>` or `&L`. Any other type is reported at the argument.
    #[diagnostic::on_unimplemented(
        message = "the library mounted under this argument's name is a `{L}`, not `{Self}`",
        label = "take it as `&{L}` or `&Mounted<{L}>`",
        note = "an argument named after an `#[interface]` function is that library; rename \
                the argument if it means something else"
    )]
    pub trait FromMounted<'a, L: Interface> {
        /// The argument, from the mounted library.
        fn from_mounted(mounted: &'a Mounted<L>) -> Self;
    }

    impl<'a, L: Interface> FromMounted<'a, L> for &'a Mounted<L> {
        fn from_mounted(mounted: &'a Mounted<L>) -> Self {
            mounted
        }
    }

    impl<'a, L: Interface> FromMounted<'a, L> for &'a L {
        fn from_mounted(mounted: &'a Mounted<L>) -> Self {
            mounted.library()
        }
    }

    /// Whether `L` serves the side of a relation that `section` of `charmcraft.yaml` declares.
    pub const fn serves_section<L: Interface>(section: &str) -> bool {
        same(L::ROLE.section(), section)
    }

    /// Whether `L` serves the Juju interface `name`.
    pub const fn serves_interface<L: Interface>(name: &str) -> bool {
        let mut i = 0;
        while i < L::INTERFACES.len() {
            if same(L::INTERFACES[i], name) {
                return true;
            }
            i += 1;
        }
        false
    }

    /// String equality, usable in constants.
    const fn same(a: &str, b: &str) -> bool {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        let mut i = 0;
        while i < a.len() {
            if a[i] != b[i] {
                return false;
            }
            i += 1;
        }
        true
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::HookContext;
        use crate::interface::Role;

        struct Pg;

        impl Interface for Pg {
            const INTERFACES: &'static [&'static str] = &["postgresql_client", "mysql_client"];
            const ROLE: Role = Role::Requirer;
            type Event = ();
            type Error = crate::Error;
            fn endpoint(&self) -> &str {
                "database"
            }
            async fn observe(&self, _: &HookContext) -> crate::Result<Vec<()>> {
                Ok(Vec::new())
            }
        }

        #[test]
        fn compares_section_and_interface_names() {
            assert!(serves_section::<Pg>("requires"));
            assert!(!serves_section::<Pg>("provides"));
            assert!(!serves_section::<Pg>("require"));
            assert!(serves_interface::<Pg>("mysql_client"));
            assert!(serves_interface::<Pg>("postgresql_client"));
            assert!(!serves_interface::<Pg>("postgresql"));
            assert!(!serves_interface::<Pg>(""));
            // What `#[charm]` generates: evaluated by the compiler.
            const { assert!(serves_interface::<Pg>("mysql_client")) };
        }
    }
}
