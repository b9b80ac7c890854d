//! Secrets: `secret-add`, `secret-get`, `secret-info-get`, `secret-set`, `secret-grant`,
//! `secret-revoke`, `secret-remove`, `secret-ids`.
//!
//! Secret values are never put on a command line (where `ps` would show them) nor left on
//! disk: each value is written to an unnamed temporary file that only this process holds
//! open, and passed as `key#file=/proc/<pid>/fd/<n>`. The file has no name to find, and the
//! kernel frees it when the call returns or the charm dies, however it dies.
//! [`SecretContent`]'s `Debug` output hides the values.

use std::collections::BTreeMap;

use super::{Error, Juju, ToolCall};
use crate::event::{RelationId, SecretId};

mod content;
mod options;

pub use content::SecretContent;
use options::RawInfo;
pub use options::{GetSecret, Rotate, SecretInfo, SecretOwner, SecretRef, SecretWrite};

/// The secret values, each in an unnamed temporary file that only this process holds open.
///
/// A file made with `O_TMPFILE` (or removed at once where the file system lacks it) has no
/// name: the hook tool reads it through this process's descriptor,
/// `/proc/<pid>/fd/<n>`, while the call runs, and the kernel frees it when the descriptor is
/// closed, which happens even when the charm is killed (SIGKILL included). No plaintext file
/// outlives the process.
struct ContentFiles {
    /// Held open until the tool has run.
    _files: Vec<tokio::fs::File>,
    args: Vec<String>,
}

impl ContentFiles {
    async fn write(tool: &str, content: &SecretContent) -> Result<Self, Error> {
        let io = |source| Error::TempFile {
            tool: tool.to_owned(),
            source,
        };
        let mut files = Vec::with_capacity(content.len());
        let mut args = Vec::with_capacity(content.len());
        for (key, value) in &content.0 {
            let file = tokio::task::spawn_blocking(tempfile::tempfile)
                .await
                .map_err(|e| io(std::io::Error::other(e)))?
                .map_err(io)?;
            let fd = std::os::fd::AsRawFd::as_raw_fd(&file);
            let mut file = tokio::fs::File::from_std(file);
            tokio::io::AsyncWriteExt::write_all(&mut file, value.as_bytes())
                .await
                .map_err(io)?;
            tokio::io::AsyncWriteExt::flush(&mut file)
                .await
                .map_err(io)?;
            args.push(format!("{key}#file=/proc/{}/fd/{fd}", std::process::id()));
            files.push(file);
        }
        Ok(Self {
            _files: files,
            args,
        })
    }
}

impl Juju {
    /// Creates a secret owned by this application (or unit) and returns its URI
    /// (`secret-add [options] key#file=<path> ...`); [`SecretWrite`] sets the label,
    /// description, expiry, rotation and owner. Applied only if the hook succeeds.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] when the content breaks Juju's rules, [`Error::TempFile`] when the
    /// value files cannot be written, [`Error::Failed`] when the tool fails.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::hook_tools::SecretContent;
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let content = SecretContent::new().with("password", "s3cret!");
    /// let id = juju.secret_add(&content).label("admin").await?;
    /// # Ok(()) }
    /// ```
    pub fn secret_add<'a>(&'a self, content: &'a SecretContent) -> SecretWrite<'a, SecretId> {
        SecretWrite::new(self, None, content)
    }

    /// A secret's content (`secret-get --format=json (<id> | --label L) [--peek|--refresh]`);
    /// [`GetSecret`] chooses the revision.
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails (`not found`, `permission denied`),
    /// [`Error::Output`] on unexpected output.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::hook_tools::SecretRef;
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let content = juju.secret_get(&SecretRef::label("admin")).refresh().await?;
    /// let password = content.get("password");
    /// # Ok(()) }
    /// ```
    pub fn secret_get<'a>(&'a self, secret: &'a SecretRef) -> GetSecret<'a> {
        GetSecret::new(self, secret)
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
    pub(super) async fn secret_uri(&self, secret: &SecretRef) -> Result<SecretId, Error> {
        match secret {
            SecretRef::Id(id) => Ok(id.clone()),
            SecretRef::Label(_) => Ok(self.secret_info(secret).await?.id),
        }
    }

    /// Publishes a new revision of an owned secret (`secret-set <id> [options] key#file=...`);
    /// [`SecretWrite`] changes the label, description, expiry and rotation.
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
    /// use charm_runtime::hook_tools::{SecretContent, SecretRef};
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let content = SecretContent::new().with("password", "n3w");
    /// juju.secret_set(&SecretRef::label("admin"), &content).await?;
    /// # Ok(()) }
    /// ```
    pub fn secret_set<'a>(
        &'a self,
        secret: &'a SecretRef,
        content: &'a SecretContent,
    ) -> SecretWrite<'a, ()> {
        SecretWrite::new(self, Some(secret), content)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "current_thread")]
    async fn values_live_in_unnamed_files_only_while_held() {
        let content: SecretContent = [("password", "hunter2")].into_iter().collect();
        let files = ContentFiles::write("secret-add", &content).await.unwrap();
        let arg = files.args[0].clone();
        let (key, path) = arg.split_once("#file=").unwrap();
        assert_eq!(key, "password");
        assert_eq!(std::fs::read_to_string(path).unwrap(), "hunter2");
        // The descriptor points at a file that has no name in any directory.
        let target = std::fs::read_link(path).unwrap();
        assert!(
            target.to_string_lossy().ends_with("(deleted)"),
            "{target:?}"
        );
        drop(files);
        assert!(std::fs::read_to_string(path).is_err());
    }
}
