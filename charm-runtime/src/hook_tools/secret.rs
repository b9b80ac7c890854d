//! Secrets: `secret-add`, `secret-get`, `secret-info-get`, `secret-set`, `secret-grant`,
//! `secret-revoke`, `secret-remove`, `secret-ids`.
//!
//! Secret values are never put on a command line (where `ps` would show them): each value is
//! written to a file readable only by this user, in a fresh private temporary directory, and
//! passed as `key#file=<path>`; the directory is removed when the call returns.
//! [`SecretContent`]'s `Debug` output hides the values.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Deserialize;

use super::{Error, Juju, ToolCall};
use crate::event::{RelationId, SecretId};

/// The key/value content of a secret. `Debug` shows the keys only.
///
/// Keys must be at least 3 characters of lowercase letters, digits and `-`, start with a
/// letter and not end with `-`; there must be at least one key.
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::SecretContent;
///
/// let content = SecretContent::new().with("password", "hunter2");
/// assert_eq!(content.get("password"), Some("hunter2"));
/// assert!(!format!("{content:?}").contains("hunter2"));
/// ```
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct SecretContent(BTreeMap<String, String>);

impl SecretContent {
    /// Empty content.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(charm_runtime::hook_tools::SecretContent::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The same content with `key` set to `value`.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = charm_runtime::hook_tools::SecretContent::new().with("token", "abc");
    /// assert_eq!(c.len(), 1);
    /// ```
    #[must_use]
    pub fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.0.insert(key.into(), value.into());
        self
    }

    /// Sets `key` to `value`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut c = charm_runtime::hook_tools::SecretContent::new();
    /// c.insert("token", "abc");
    /// ```
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.0.insert(key.into(), value.into());
    }

    /// The value of `key`.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = charm_runtime::hook_tools::SecretContent::new().with("token", "abc");
    /// assert_eq!(c.get("token"), Some("abc"));
    /// ```
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// The keys, sorted.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = charm_runtime::hook_tools::SecretContent::new().with("token", "abc");
    /// assert_eq!(c.keys().collect::<Vec<_>>(), ["token"]);
    /// ```
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// How many keys there are.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_runtime::hook_tools::SecretContent::new().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no key.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(charm_runtime::hook_tools::SecretContent::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Checks the content against Juju's rules.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] when there is no key or a key breaks the naming rule.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::hook_tools::SecretContent;
    /// assert!(SecretContent::new().with("password", "x").validate().is_ok());
    /// assert!(SecretContent::new().with("pw", "x").validate().is_err());
    /// assert!(SecretContent::new().validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<(), Error> {
        if self.0.is_empty() {
            return Err(Error::Invalid {
                what: "secret content",
                value: String::new(),
                reason: "a secret needs at least one key".to_owned(),
            });
        }
        self.0.keys().try_for_each(|key| check_key(key))
    }
}

impl fmt::Debug for SecretContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.keys().map(|k| (k, "<redacted>")))
            .finish()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for SecretContent {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Self(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

fn check_key(key: &str) -> Result<(), Error> {
    let ok = key.len() >= 3
        && key.starts_with(|c: char| c.is_ascii_lowercase())
        && !key.ends_with('-')
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(Error::Invalid {
            what: "secret content key",
            value: key.to_owned(),
            reason: "use 3 or more lowercase letters, digits and -, starting with a letter and not ending with -"
                .to_owned(),
        })
    }
}

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

    fn args(&self) -> Vec<String> {
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

/// Options of [`Juju::secret_add`] and [`Juju::secret_set`].
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

    fn args(&self, adding: bool) -> Vec<String> {
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

/// Options of [`Juju::secret_get`].
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
    peek: bool,
    refresh: bool,
    label: Option<String>,
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
struct RawInfo {
    revision: u64,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    expiry: Option<String>,
    #[serde(default)]
    rotation: Option<String>,
    #[serde(default)]
    rotates: Option<String>,
}

/// A private temporary directory holding one file per secret value.
struct ContentFiles {
    dir: PathBuf,
    args: Vec<String>,
}

impl ContentFiles {
    async fn write(tool: &str, content: &SecretContent) -> Result<Self, Error> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let io = |source| Error::TempFile {
            tool: tool.to_owned(),
            source,
        };
        let dir = std::env::temp_dir().join(format!(
            "charm-secret-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let mut builder = tokio::fs::DirBuilder::new();
        builder.mode(0o700);
        builder.create(&dir).await.map_err(io)?;
        let mut files = Self {
            dir,
            args: Vec::with_capacity(content.len()),
        };
        for (index, (key, value)) in content.0.iter().enumerate() {
            let path = files.dir.join(index.to_string());
            let mut options = tokio::fs::OpenOptions::new();
            options.write(true).create_new(true).mode(0o600);
            let mut file = options.open(&path).await.map_err(io)?;
            tokio::io::AsyncWriteExt::write_all(&mut file, value.as_bytes())
                .await
                .map_err(io)?;
            tokio::io::AsyncWriteExt::flush(&mut file)
                .await
                .map_err(io)?;
            files.args.push(format!("{key}#file={}", path.display()));
        }
        Ok(files)
    }
}

impl Drop for ContentFiles {
    fn drop(&mut self) {
        // Best effort: the directory is private, and removing a few small files is quick.
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Juju {
    /// Creates a secret owned by this application (or unit) and returns its URI
    /// (`secret-add [options] key#file=<path> ...`). Applied only if the hook succeeds.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] when the content breaks Juju's rules, [`Error::TempFile`] when the
    /// value files cannot be written, [`Error::Failed`] when the tool fails.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::hook_tools::{AddSecretOptions, SecretContent};
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let content = SecretContent::new().with("password", "s3cret!");
    /// let id = juju.secret_add(&content, AddSecretOptions::default().label("admin")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn secret_add(
        &self,
        content: &SecretContent,
        options: AddSecretOptions,
    ) -> Result<SecretId, Error> {
        content.validate()?;
        let files = ContentFiles::write("secret-add", content).await?;
        let mut args = options.args(true);
        args.extend(files.args.iter().cloned());
        let out = self.run(ToolCall::new("secret-add", args)).await?;
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

    /// A secret's content (`secret-get --format=json (<id> | --label L) [--peek|--refresh]`).
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails (`not found`, `permission denied`),
    /// [`Error::Output`] on unexpected output.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::hook_tools::{GetSecretOptions, SecretRef};
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let content = juju
    ///     .secret_get(&SecretRef::label("admin"), GetSecretOptions::default().refresh())
    ///     .await?;
    /// let password = content.get("password");
    /// # Ok(()) }
    /// ```
    pub async fn secret_get(
        &self,
        secret: &SecretRef,
        options: GetSecretOptions,
    ) -> Result<SecretContent, Error> {
        let mut args = vec!["--format=json".to_owned()];
        args.extend(secret.args());
        if let (SecretRef::Id(_), Some(label)) = (secret, &options.label) {
            args.extend(["--label".to_owned(), label.clone()]);
        }
        if options.peek {
            args.push("--peek".to_owned());
        }
        if options.refresh {
            args.push("--refresh".to_owned());
        }
        self.run_json(ToolCall::new("secret-get", args)).await
    }

    /// What the owner knows about a secret (`secret-info-get --format=json`).
    ///
    /// # Errors
    ///
    /// As [`Juju::secret_get`]; only the owner may ask.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::hook_tools::SecretRef;
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let info = juju.secret_info(&SecretRef::label("admin")).await?;
    /// println!("{} is at revision {}", info.id, info.revision);
    /// # Ok(()) }
    /// ```
    pub async fn secret_info(&self, secret: &SecretRef) -> Result<SecretInfo, Error> {
        let mut args = vec!["--format=json".to_owned()];
        args.extend(secret.args());
        let raw: BTreeMap<String, RawInfo> = self
            .run_json(ToolCall::new("secret-info-get", args))
            .await?;
        let Some((id, info)) = raw.into_iter().next() else {
            return Err(Error::Invalid {
                what: "secret-info-get output",
                value: String::new(),
                reason: "no secret in the answer".to_owned(),
            });
        };
        Ok(SecretInfo {
            id: SecretId::new(id),
            revision: info.revision,
            label: info.label.filter(|l| !l.is_empty()),
            owner: info.owner,
            description: info.description.filter(|d| !d.is_empty()),
            expiry: info.expiry,
            rotation: info.rotation,
            rotates: info.rotates,
        })
    }

    /// The URI of `secret`: itself, or looked up with `secret-info-get` for a label.
    async fn secret_uri(&self, secret: &SecretRef) -> Result<SecretId, Error> {
        match secret {
            SecretRef::Id(id) => Ok(id.clone()),
            SecretRef::Label(_) => Ok(self.secret_info(secret).await?.id),
        }
    }

    /// Publishes a new revision of an owned secret (`secret-set <id> [options] key#file=...`).
    ///
    /// A label is resolved to the URI with `secret-info-get` first.
    ///
    /// # Errors
    ///
    /// As [`Juju::secret_add`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::hook_tools::{AddSecretOptions, SecretContent, SecretRef};
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let content = SecretContent::new().with("password", "n3w");
    /// juju.secret_set(&SecretRef::label("admin"), &content, AddSecretOptions::default()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn secret_set(
        &self,
        secret: &SecretRef,
        content: &SecretContent,
        options: AddSecretOptions,
    ) -> Result<(), Error> {
        content.validate()?;
        let id = self.secret_uri(secret).await?;
        let files = ContentFiles::write("secret-set", content).await?;
        let mut args = vec![id.to_string()];
        args.extend(options.args(false));
        args.extend(files.args.iter().cloned());
        self.run(ToolCall::new("secret-set", args)).await?;
        drop(files);
        Ok(())
    }

    /// Lets the other side of `relation` (or only its `unit`) read a secret
    /// (`secret-grant --relation <n> [--unit <u>] <id>`).
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::hook_tools::SecretRef;
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju, rel: charm_runtime::event::RelationId) -> Result<(), charm_runtime::hook_tools::Error> {
    /// juju.secret_grant(&SecretRef::label("admin"), &rel, None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn secret_grant(
        &self,
        secret: &SecretRef,
        relation: &RelationId,
        unit: Option<&str>,
    ) -> Result<(), Error> {
        self.secret_access("secret-grant", secret, relation, unit)
            .await
    }

    /// Takes back access granted with [`Juju::secret_grant`]
    /// (`secret-revoke --relation <n> [--unit <u>] <id>`).
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::hook_tools::SecretRef;
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju, rel: charm_runtime::event::RelationId) -> Result<(), charm_runtime::hook_tools::Error> {
    /// juju.secret_revoke(&SecretRef::label("admin"), &rel, Some("app/1")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn secret_revoke(
        &self,
        secret: &SecretRef,
        relation: &RelationId,
        unit: Option<&str>,
    ) -> Result<(), Error> {
        self.secret_access("secret-revoke", secret, relation, unit)
            .await
    }

    async fn secret_access(
        &self,
        tool: &str,
        secret: &SecretRef,
        relation: &RelationId,
        unit: Option<&str>,
    ) -> Result<(), Error> {
        let id = self.secret_uri(secret).await?;
        let mut args = vec!["--relation".to_owned(), relation.as_u64().to_string()];
        if let Some(unit) = unit {
            args.extend(["--unit".to_owned(), unit.to_owned()]);
        }
        args.push(id.to_string());
        self.run(ToolCall::new(tool, args)).await.map(drop)
    }

    /// Removes an owned secret, or one `revision` of it (`secret-remove <id> [--revision N]`).
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju, event: charm_runtime::event::SecretEvent) -> Result<(), charm_runtime::hook_tools::Error> {
    /// juju.secret_remove(&(&event.id).into(), event.revision).await?;
    /// # Ok(()) }
    /// ```
    pub async fn secret_remove(
        &self,
        secret: &SecretRef,
        revision: Option<u64>,
    ) -> Result<(), Error> {
        let id = self.secret_uri(secret).await?;
        let mut args = vec![id.to_string()];
        if let Some(revision) = revision {
            args.extend(["--revision".to_owned(), revision.to_string()]);
        }
        self.run(ToolCall::new("secret-remove", args))
            .await
            .map(drop)
    }

    /// The secrets this unit (or application) owns (`secret-ids --format=json`).
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails, [`Error::Output`] on unexpected output.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let owned = juju.secret_ids().await?;
    /// # Ok(()) }
    /// ```
    pub async fn secret_ids(&self) -> Result<Vec<SecretId>, Error> {
        let raw: Option<Vec<String>> = self
            .run_json(ToolCall::new("secret-ids", ["--format=json"]))
            .await?;
        Ok(raw
            .unwrap_or_default()
            .into_iter()
            .map(SecretId::new)
            .collect())
    }
}
