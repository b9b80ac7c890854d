//! Which secret a call is about, and the requests of the secret calls that have options.

use std::marker::PhantomData;

use serde::Deserialize;

use super::{ContentFiles, SecretContent};
use crate::event::SecretId;
use crate::hook_tools::{Error, Juju, ToolCall};
use crate::request::into_future;

/// Which secret a call is about: by URI or by this unit's label for it.
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::SecretRef;
///
/// let by_label = SecretRef::label("db-password");
/// let by_id = SecretRef::id("secret:cs8r7t0nbp1s7fh0uomg");
/// assert!(matches!(by_label, SecretRef::Label(label) if label == "db-password"));
/// assert!(matches!(by_id, SecretRef::Id(_)));
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
    /// use charm_runtime::hook_tools::SecretRef;
    /// assert!(matches!(SecretRef::id("secret:abc"), SecretRef::Id(_)));
    /// ```
    pub fn id(uri: impl Into<String>) -> Self {
        Self::Id(SecretId::new(uri))
    }

    /// A reference by label.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::hook_tools::SecretRef;
    /// assert_eq!(SecretRef::label("tls"), SecretRef::Label("tls".to_owned()));
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
/// ```no_run
/// use charm_runtime::hook_tools::{Rotate, SecretContent};
/// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
/// let content = SecretContent::new().with("key", "k3y");
/// juju.secret_add(&content).rotate(Rotate::Weekly).await?;
/// # Ok(()) }
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
/// ```no_run
/// use charm_runtime::hook_tools::{SecretContent, SecretOwner};
/// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
/// let content = SecretContent::new().with("token", "t0ken");
/// juju.secret_add(&content).owner(SecretOwner::Unit).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretOwner {
    /// The application (the default): any leader can manage it.
    Application,
    /// This unit only.
    Unit,
}

/// A new secret or a new revision of one, written when awaited: [`Juju::secret_add`] (`T`
/// is the new secret's [`SecretId`]) or [`Juju::secret_set`] (`T` is `()`).
///
/// # Examples
///
/// ```no_run
/// use charm_runtime::hook_tools::{Rotate, SecretContent, SecretOwner};
/// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
/// let content = SecretContent::new().with("password", "s3cret!");
/// let id = juju
///     .secret_add(&content)
///     .label("db-password")
///     .description("the admin password")
///     .rotate(Rotate::Monthly)
///     .owner(SecretOwner::Unit)
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[must_use = "a hook-tool request does nothing until it is awaited"]
pub struct SecretWrite<'a, T> {
    juju: &'a Juju,
    secret: Option<&'a SecretRef>,
    content: &'a SecretContent,
    label: Option<String>,
    description: Option<String>,
    expire: Option<String>,
    rotate: Option<Rotate>,
    owner: Option<SecretOwner>,
    output: PhantomData<fn() -> T>,
}

impl<'a, T> SecretWrite<'a, T> {
    pub(super) fn new(
        juju: &'a Juju,
        secret: Option<&'a SecretRef>,
        content: &'a SecretContent,
    ) -> Self {
        Self {
            juju,
            secret,
            content,
            label: None,
            description: None,
            expire: None,
            rotate: None,
            owner: None,
            output: PhantomData,
        }
    }

    /// This unit's label for the secret.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # use charm_runtime::hook_tools::SecretContent;
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju, content: SecretContent) -> Result<(), charm_runtime::hook_tools::Error> {
    /// juju.secret_add(&content).label("db-password").await?;
    /// # Ok(()) }
    /// ```
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// A description shown to operators.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # use charm_runtime::hook_tools::SecretContent;
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju, content: SecretContent) -> Result<(), charm_runtime::hook_tools::Error> {
    /// juju.secret_add(&content).description("the admin password").await?;
    /// # Ok(()) }
    /// ```
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// When the revision expires: an RFC 3339 time or a Go duration such as `24h`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # use charm_runtime::hook_tools::SecretContent;
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju, content: SecretContent) -> Result<(), charm_runtime::hook_tools::Error> {
    /// juju.secret_add(&content).expire("2026-12-31T00:00:00Z").await?;
    /// # Ok(()) }
    /// ```
    pub fn expire(mut self, expire: impl Into<String>) -> Self {
        self.expire = Some(expire.into());
        self
    }

    /// The rotation policy.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::hook_tools::{Rotate, SecretContent, SecretRef};
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju, content: SecretContent) -> Result<(), charm_runtime::hook_tools::Error> {
    /// juju.secret_set(&SecretRef::label("tls"), &content).rotate(Rotate::Daily).await?;
    /// # Ok(()) }
    /// ```
    pub fn rotate(mut self, rotate: Rotate) -> Self {
        self.rotate = Some(rotate);
        self
    }

    /// The tool's arguments: the options, then one `key#file=<path>` per value.
    fn args(&self, files: &ContentFiles) -> Vec<String> {
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
        flag(
            "owner",
            self.owner.map(|o| match o {
                SecretOwner::Application => "application",
                SecretOwner::Unit => "unit",
            }),
        );
        args.extend(files.args.iter().cloned());
        args
    }
}

impl SecretWrite<'_, SecretId> {
    /// Who owns the new secret (default: the application).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::hook_tools::{SecretContent, SecretOwner};
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju, content: SecretContent) -> Result<(), charm_runtime::hook_tools::Error> {
    /// juju.secret_add(&content).owner(SecretOwner::Unit).await?;
    /// # Ok(()) }
    /// ```
    pub fn owner(mut self, owner: SecretOwner) -> Self {
        self.owner = Some(owner);
        self
    }

    async fn send(self) -> Result<SecretId, Error> {
        self.content.validate()?;
        let files = ContentFiles::write("secret-add", self.content).await?;
        let out = self
            .juju
            .run(ToolCall::new("secret-add", self.args(&files)))
            .await?;
        drop(files);
        let id = String::from_utf8_lossy(&out).trim().to_owned();
        if id.is_empty() {
            return Err(Error::Invalid {
                what: "secret-add output",
                value: id,
                reason: "expected the new secret's URI".to_owned(),
            });
        }
        Ok(SecretId::new(id))
    }
}

impl SecretWrite<'_, ()> {
    async fn send(self) -> Result<(), Error> {
        self.content.validate()?;
        let Some(secret) = self.secret else {
            return Err(Error::Invalid {
                what: "secret-set call",
                value: String::new(),
                reason: "no secret to set".to_owned(),
            });
        };
        let id = self.juju.secret_uri(secret).await?;
        let files = ContentFiles::write("secret-set", self.content).await?;
        let mut args = vec![id.to_string()];
        args.extend(self.args(&files));
        self.juju.run(ToolCall::new("secret-set", args)).await?;
        drop(files);
        Ok(())
    }
}

into_future!(['a] SecretWrite<'a, SecretId> => Result<SecretId, Error>);
into_future!(['a] SecretWrite<'a, ()> => Result<(), Error>);

/// A secret's content, read when awaited: [`Juju::secret_get`]. By default Juju answers the
/// revision this unit tracks.
///
/// # Examples
///
/// ```no_run
/// use charm_runtime::hook_tools::SecretRef;
/// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
/// let latest_and_track = juju.secret_get(&SecretRef::label("tls")).refresh().await?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[must_use = "a hook-tool request does nothing until it is awaited"]
pub struct GetSecret<'a> {
    juju: &'a Juju,
    secret: &'a SecretRef,
    peek: bool,
    refresh: bool,
    label: Option<String>,
}

impl<'a> GetSecret<'a> {
    pub(super) fn new(juju: &'a Juju, secret: &'a SecretRef) -> Self {
        Self {
            juju,
            secret,
            peek: false,
            refresh: false,
            label: None,
        }
    }

    /// Read the latest revision without starting to track it (`--peek`).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::hook_tools::SecretRef;
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let latest = juju.secret_get(&SecretRef::label("tls")).peek().await?;
    /// # Ok(()) }
    /// ```
    pub fn peek(mut self) -> Self {
        self.peek = true;
        self.refresh = false;
        self
    }

    /// Read the latest revision and track it from now on (`--refresh`).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::hook_tools::SecretRef;
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let latest = juju.secret_get(&SecretRef::label("tls")).refresh().await?;
    /// # Ok(()) }
    /// ```
    pub fn refresh(mut self) -> Self {
        self.refresh = true;
        self.peek = false;
        self
    }

    /// When getting by id, bind this label to the secret for this unit (`--label`).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::hook_tools::SecretRef;
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let content = juju.secret_get(&SecretRef::id("secret:abc")).label("db-password").await?;
    /// # Ok(()) }
    /// ```
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    async fn send(self) -> Result<SecretContent, Error> {
        let mut args = vec!["--format=json".to_owned()];
        args.extend(self.secret.args());
        if let (SecretRef::Id(_), Some(label)) = (self.secret, &self.label) {
            args.extend(["--label".to_owned(), label.clone()]);
        }
        if self.peek {
            args.push("--peek".to_owned());
        }
        if self.refresh {
            args.push("--refresh".to_owned());
        }
        self.juju.run_json(ToolCall::new("secret-get", args)).await
    }
}

into_future!(['a] GetSecret<'a> => Result<SecretContent, Error>);

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
