//! [`Owner`]: the user and group that own a file Pebble writes or a command Pebble runs.

use serde::Serialize;

/// A user and a group, by name or by ID: who owns a file or directory that Pebble creates,
/// or who a command runs as.
///
/// [`Push`](crate::pebble::files::Push), [`MakeDir`](crate::pebble::files::MakeDir) and
/// [`Exec`](crate::pebble::exec::Exec) requests hold one and have the same setters, which fill
/// it in. Pebble applies one set of rules to these four fields:
///
/// - nothing set: the user and group Pebble runs as;
/// - a name and an ID for the same thing must name the same user (or group);
/// - a user alone also sets the group, to the user's primary group;
/// - a group without a user is refused (`must specify user, not just group`).
///
/// Names are looked up on the workload's side when the call runs; Pebble must run as root to
/// use another user.
///
/// # Examples
///
/// ```no_run
/// use charm_runtime::pebble::Owner;
///
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// let postgres = Owner::new().user("postgres").group("postgres");
/// client.make_dir("/etc/pg").owner(postgres.clone()).await?;
/// client.push("/etc/pg/pg.conf", "port = 5432\n").owner(postgres).await?;
/// // The same, field by field:
/// client.push("/etc/pg/pg.conf", "port = 5432\n").user("postgres").group("postgres").await?;
///
/// // The fields are public, so a struct literal works too.
/// let nobody = Owner { user_id: Some(65534), group_id: Some(65534), ..Owner::default() };
/// assert_eq!(nobody, Owner::new().user_id(65534).group_id(65534));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[must_use]
pub struct Owner {
    /// The user by name; alone, it also sets the group to the user's primary group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// The user by ID; with `user` too, both must name the same user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<u32>,
    /// The group by name; Pebble refuses a group without a user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The group by ID; with `group` too, both must name the same group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_id: Option<u32>,
}

impl Owner {
    /// No user or group: Pebble's own.
    ///
    /// # Examples
    ///
    /// ```
    /// # use charm_runtime::pebble::Owner;
    /// assert_eq!(Owner::new(), Owner::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the user by name. Alone, it also sets the group to the user's primary group.
    ///
    /// # Examples
    ///
    /// ```
    /// # use charm_runtime::pebble::Owner;
    /// let owner = Owner::new().user("postgres");
    /// assert_eq!(owner.user.as_deref(), Some("postgres"));
    /// ```
    pub fn user(mut self, user: impl Into<String>) -> Self {
        self.user = Some(user.into());
        self
    }

    /// Sets the user by ID. With [`user`](Self::user) too, both must name the same user.
    ///
    /// # Examples
    ///
    /// ```
    /// # use charm_runtime::pebble::Owner;
    /// let owner = Owner::new().user_id(65534);
    /// assert_eq!(owner.user_id, Some(65534));
    /// ```
    pub fn user_id(mut self, uid: u32) -> Self {
        self.user_id = Some(uid);
        self
    }

    /// Sets the group by name. Pebble refuses a group without a user.
    ///
    /// # Examples
    ///
    /// ```
    /// # use charm_runtime::pebble::Owner;
    /// let owner = Owner::new().user("www-data").group("www-data");
    /// assert_eq!(owner.group.as_deref(), Some("www-data"));
    /// ```
    pub fn group(mut self, group: impl Into<String>) -> Self {
        self.group = Some(group.into());
        self
    }

    /// Sets the group by ID. With [`group`](Self::group) too, both must name the same group.
    ///
    /// # Examples
    ///
    /// ```
    /// # use charm_runtime::pebble::Owner;
    /// let owner = Owner::new().user_id(1000).group_id(1000);
    /// assert_eq!(owner.group_id, Some(1000));
    /// ```
    pub fn group_id(mut self, gid: u32) -> Self {
        self.group_id = Some(gid);
        self
    }
}

/// Adds to a request type with a field `owner: Owner` the setters `owner`, `user`,
/// `user_id`, `group` and `group_id`, each delegating to [`Owner`]'s.
///
/// Invoked inside the type's `impl` block. `role` completes "Sets the user …" in the docs
/// ("that owns the file"); `call` is an expression on a `client` that makes one, for the doc
/// examples.
macro_rules! owner_setters {
    (role = $role:literal, call = $call:literal $(,)?) => {
        /// Sets the user and group, by name or ID, all at once from an
        /// [`Owner`](crate::pebble::Owner), which says the rules Pebble applies to them.
        ///
        /// # Examples
        ///
        /// ```no_run
        /// use charm_runtime::pebble::Owner;
        /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
        /// let postgres = Owner::new().user("postgres").group("postgres");
        #[doc = concat!($call, ".owner(postgres).await?;")]
        /// # Ok(()) }
        /// ```
        pub fn owner(mut self, owner: $crate::pebble::Owner) -> Self {
            self.owner = owner;
            self
        }

        #[doc = concat!("Sets the user ", $role, ", by name.")]
        ///
        /// Alone, it also sets the group to the user's primary group; see
        /// [`Owner::user`](crate::pebble::Owner::user).
        ///
        /// # Examples
        ///
        /// ```no_run
        /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
        #[doc = concat!($call, ".user(\"postgres\").await?;")]
        /// # Ok(()) }
        /// ```
        pub fn user(mut self, user: impl Into<String>) -> Self {
            self.owner = self.owner.user(user);
            self
        }

        #[doc = concat!("Sets the user ", $role, ", by ID.")]
        ///
        /// With `user` too, both must name the same user; see
        /// [`Owner::user_id`](crate::pebble::Owner::user_id).
        ///
        /// # Examples
        ///
        /// ```no_run
        /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
        #[doc = concat!($call, ".user_id(65534).group_id(65534).await?;")]
        /// # Ok(()) }
        /// ```
        pub fn user_id(mut self, uid: u32) -> Self {
            self.owner = self.owner.user_id(uid);
            self
        }

        #[doc = concat!("Sets the group ", $role, ", by name.")]
        ///
        /// Pebble refuses a group without a user; see
        /// [`Owner::group`](crate::pebble::Owner::group).
        ///
        /// # Examples
        ///
        /// ```no_run
        /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
        #[doc = concat!($call, ".user(\"www-data\").group(\"www-data\").await?;")]
        /// # Ok(()) }
        /// ```
        pub fn group(mut self, group: impl Into<String>) -> Self {
            self.owner = self.owner.group(group);
            self
        }

        #[doc = concat!("Sets the group ", $role, ", by ID.")]
        ///
        /// With `group` too, both must name the same group; see
        /// [`Owner::group_id`](crate::pebble::Owner::group_id).
        ///
        /// # Examples
        ///
        /// ```no_run
        /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
        #[doc = concat!($call, ".user_id(1000).group_id(1000).await?;")]
        /// # Ok(()) }
        /// ```
        pub fn group_id(mut self, gid: u32) -> Self {
            self.owner = self.owner.group_id(gid);
            self
        }
    };
}

pub(crate) use owner_setters;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_pebble_fields_and_omits_unset_ones() {
        let owner = Owner::new().user("u").user_id(1000).group("g");
        assert_eq!(
            serde_json::to_value(&owner).unwrap(),
            serde_json::json!({"user-id": 1000, "user": "u", "group": "g"})
        );
        assert_eq!(
            serde_json::to_value(Owner::default()).unwrap(),
            serde_json::json!({})
        );
    }

    #[test]
    fn setters_fill_each_field() {
        let owner = Owner::new().user("u").user_id(1).group("g").group_id(2);
        assert_eq!(
            owner,
            Owner {
                user: Some("u".into()),
                user_id: Some(1),
                group: Some("g".into()),
                group_id: Some(2),
            }
        );
    }
}
