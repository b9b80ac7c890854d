//! Which secret a call is about, and the options of secret calls.

use serde::Deserialize;

use crate::event::SecretId;

/// Which secret a call is about: by URI or by this unit's label for it.
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::SecretRef;
///
/// let by_label = SecretRef::label("db-password");
/// let by_id = SecretRef::id("secret:cs8r7t0nbp1s7fh0uomg");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretRef {
    /// The secret's URI.
    Id(SecretId),
    /// This unit's label for the secret.
    Label(String),
}

impl SecretRef {
    /// A reference by URI.
    ///
    /// # Examples
    ///
    /// ```
    /// let r = charm_runtime::hook_tools::SecretRef::id("secret:abc");
    /// ```
    pub fn id(uri: impl Into<String>) -> Self {
        Self::Id(SecretId::new(uri))
    }

    /// A reference by label.
    ///
    /// # Examples
    ///
    /// ```
    /// let r = charm_runtime::hook_tools::SecretRef::label("tls");
    /// ```
    ///
    /// # Examples
    ///
    /// ```
    /// let options = charm_runtime::hook_tools::AddSecretOptions::default().label("db-password");
    /// ```
    pub fn label(label: impl Into<String>) -> Self {
        Self::Label(label.into())
    }

    pub(super) fn args(&self) -> Vec<String> {
        match self {
            Self::Id(id) => vec![id.to_string()],
            Self::Label(label) => vec!["--label".to_owned(), label.clone()],
        }
    }
}

impl From<SecretId> for SecretRef {
    fn from(id: SecretId) -> Self {
        Self::Id(id)
    }
}

impl From<&SecretId> for SecretRef {
    fn from(id: &SecretId) -> Self {
        Self::Id(id.clone())
    }
}

/// How often Juju asks the owner to rotate a secret.
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::{AddSecretOptions, Rotate};
/// let options = AddSecretOptions::default().rotate(Rotate::Weekly);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rotate {
    /// Never.
    Never,
    /// Every hour.
    Hourly,
    /// Every day.
    Daily,
    /// Every week.
    Weekly,
    /// Every month.
    Monthly,
    /// Every quarter.
    Quarterly,
    /// Every year.
    Yearly,
}

impl Rotate {
    fn as_str(self) -> &'static str {
        match self {
            Self::Never => "never",
            Self::Hourly => "hourly",
            Self::Daily => "daily",
            Self::Weekly => "weekly",
            Self::Monthly => "monthly",
            Self::Quarterly => "quarterly",
            Self::Yearly => "yearly",
        }
    }
}

/// Who owns a new secret.
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::{AddSecretOptions, SecretOwner};
/// let options = AddSecretOptions::default().owner(SecretOwner::Unit);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretOwner {
    /// The application (the default): any leader can manage it.
    Application,
    /// This unit only.
    Unit,
}

/// Options of [`Juju::secret_add`](crate::hook_tools::Juju::secret_add) and [`Juju::secret_set`](crate::hook_tools::Juju::secret_set).
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::{AddSecretOptions, Rotate, SecretOwner};
///
/// let options = AddSecretOptions::default()
///     .label("db-password")
///     .description("the admin password")
///     .rotate(Rotate::Monthly)
///     .owner(SecretOwner::Unit);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddSecretOptions {
    label: Option<String>,
    description: Option<String>,
    expire: Option<String>,
    rotate: Option<Rotate>,
    owner: Option<SecretOwner>,
}

impl AddSecretOptions {
    /// This unit's label for the secret.
    ///
    /// # Examples
    ///
    /// ```
    /// let options = charm_runtime::hook_tools::GetSecretOptions::default().label("db-password");
    /// ```
    #[must_use]
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// A description shown to operators.
    ///
    /// # Examples
    ///
    /// ```
    /// let options = charm_runtime::hook_tools::AddSecretOptions::default().description("the admin password");
    /// ```
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// When the revision expires: an RFC 3339 time or a Go duration such as `24h`.
    ///
    /// # Examples
    ///
    /// ```
    /// let options = charm_runtime::hook_tools::AddSecretOptions::default().expire("2026-12-31T00:00:00Z");
    /// ```
    #[must_use]
    pub fn expire(mut self, expire: impl Into<String>) -> Self {
        self.expire = Some(expire.into());
        self
    }

    /// The rotation policy.
    ///
    /// # Examples
    ///
    /// ```
    /// let options = charm_runtime::hook_tools::AddSecretOptions::default().rotate(charm_runtime::hook_tools::Rotate::Daily);
    /// ```
    #[must_use]
    pub fn rotate(mut self, rotate: Rotate) -> Self {
        self.rotate = Some(rotate);
        self
    }

    /// Who owns the secret (only for `secret-add`).
    ///
    /// # Examples
    ///
    /// ```
    /// let options = charm_runtime::hook_tools::AddSecretOptions::default().owner(charm_runtime::hook_tools::SecretOwner::Application);
    /// ```
    #[must_use]
    pub fn owner(mut self, owner: SecretOwner) -> Self {
        self.owner = Some(owner);
        self
    }

    pub(super) fn args(&self, adding: bool) -> Vec<String> {
        let mut args = Vec::new();
        let mut flag = |name: &str, value: Option<&str>| {
            if let Some(value) = value {
                args.push(format!("--{name}"));
                args.push(value.to_owned());
            }
        };
        flag("label", self.label.as_deref());
        flag("description", self.description.as_deref());
        flag("expire", self.expire.as_deref());
        flag("rotate", self.rotate.map(Rotate::as_str));
        if adding {
            flag(
                "owner",
                self.owner.map(|o| match o {
                    SecretOwner::Application => "application",
                    SecretOwner::Unit => "unit",
                }),
            );
        }
        args
    }
}

/// Options of [`Juju::secret_get`](crate::hook_tools::Juju::secret_get).
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::GetSecretOptions;
///
/// let latest_and_track = GetSecretOptions::default().refresh();
/// let latest_only = GetSecretOptions::default().peek();
/// let bind = GetSecretOptions::default().label("db-password");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GetSecretOptions {
    pub(super) peek: bool,
    pub(super) refresh: bool,
    pub(super) label: Option<String>,
}

impl GetSecretOptions {
    /// Read the latest revision without starting to track it (`--peek`).
    ///
    /// # Examples
    ///
    /// ```
    /// let options = charm_runtime::hook_tools::GetSecretOptions::default().peek();
    /// ```
    #[must_use]
    pub fn peek(mut self) -> Self {
        self.peek = true;
        self.refresh = false;
        self
    }

    /// Read the latest revision and track it from now on (`--refresh`).
    ///
    /// # Examples
    ///
    /// ```
    /// let options = charm_runtime::hook_tools::GetSecretOptions::default().refresh();
    /// ```
    #[must_use]
    pub fn refresh(mut self) -> Self {
        self.refresh = true;
        self.peek = false;
        self
    }

    /// When getting by id, bind this label to the secret for this unit (`--label`).
    #[must_use]
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
}

/// What the owner knows about a secret (`secret-info-get`).
///
/// # Examples
///
/// ```
/// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
/// let info = juju.secret_info(&charm_runtime::hook_tools::SecretRef::label("admin")).await?;
/// if let Some(expiry) = &info.expiry {
///     println!("revision {} expires at {expiry}", info.revision);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretInfo {
    /// The secret's URI.
    pub id: SecretId,
    /// The current revision.
    pub revision: u64,
    /// This unit's label, if any.
    pub label: Option<String>,
    /// `application` or `unit`.
    pub owner: Option<String>,
    /// The description, if any.
    pub description: Option<String>,
    /// When the current revision expires (RFC 3339), if it does.
    pub expiry: Option<String>,
    /// The rotation policy, if any.
    pub rotation: Option<String>,
    /// When the next rotation is due (RFC 3339), if any.
    pub rotates: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct RawInfo {
    pub(super) revision: u64,
    #[serde(default)]
    pub(super) label: Option<String>,
    #[serde(default)]
    pub(super) owner: Option<String>,
    #[serde(default)]
    pub(super) description: Option<String>,
    #[serde(default)]
    pub(super) expiry: Option<String>,
    #[serde(default)]
    pub(super) rotation: Option<String>,
    #[serde(default)]
    pub(super) rotates: Option<String>,
}
