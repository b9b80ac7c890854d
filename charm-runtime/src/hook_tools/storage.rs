//! Storage: `storage-get`, `storage-list`, `storage-add`.

use std::path::PathBuf;

use serde::Deserialize;

use super::{Error, Juju, ToolCall};
use crate::event::StorageKind;

/// Where a storage instance is and what it is (`storage-get`).
///
/// # Examples
///
/// ```
/// let info: charm_runtime::hook_tools::StorageInfo =
///     serde_json::from_str(r#"{"kind": "block", "location": "/dev/sdb"}"#).unwrap();
/// assert_eq!(info.location, std::path::Path::new("/dev/sdb"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct StorageInfo {
    /// Filesystem or block device.
    pub kind: StorageKind,
    /// Its mount point or device path.
    pub location: PathBuf,
}

impl Juju {
    /// A storage instance's kind and location (`storage-get --format=json -s <id>`), or,
    /// with `None`, the instance of the current storage event.
    ///
    /// `id` is `<storage-name>/<index>`, as [`Juju::storage_list`] returns.
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails, [`Error::Output`] on unexpected output.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let data = juju.storage_get(Some("data/0")).await?;
    /// println!("mounted at {}", data.location.display());
    /// # Ok(()) }
    /// ```
    pub async fn storage_get(&self, id: Option<&str>) -> Result<StorageInfo, Error> {
        let mut args = vec!["--format=json".to_owned()];
        if let Some(id) = id {
            args.extend(["-s".to_owned(), id.to_owned()]);
        }
        self.run_json(ToolCall::new("storage-get", args)).await
    }

    /// The attached storage instances, all or of one storage `name`
    /// (`storage-list --format=json [<name>]`), as `<name>/<index>` ids.
    ///
    /// # Errors
    ///
    /// As [`Juju::storage_get`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let ids = juju.storage_list(Some("data")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn storage_list(&self, name: Option<&str>) -> Result<Vec<String>, Error> {
        let mut args = vec!["--format=json".to_owned()];
        args.extend(name.map(str::to_owned));
        let raw: Option<Vec<String>> = self.run_json(ToolCall::new("storage-list", args)).await?;
        Ok(raw.unwrap_or_default())
    }

    /// Asks for `count` more instances of storage `name` (`storage-add <name>=<count>`).
    /// Applied only if the hook succeeds.
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// juju.storage_add("data", 1).await?;
    /// # Ok(()) }
    /// ```
    pub async fn storage_add(&self, name: &str, count: u32) -> Result<(), Error> {
        self.run(ToolCall::new("storage-add", [format!("{name}={count}")]))
            .await
            .map(drop)
    }
}
