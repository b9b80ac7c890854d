//! `GET /v1/files?action=list`, and the `exists`/`is_dir` checks built on it.

use serde::Deserialize;

use super::with_path;
use crate::pebble::wire::ApiRequest;
use crate::pebble::{Client, Error, Result, Timestamp};
use crate::request::into_future;

/// What kind of file an entry is.
///
/// # Examples
///
/// ```
/// use charm_runtime::pebble::files::FileType;
///
/// assert_ne!(FileType::File, FileType::Directory);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FileType {
    /// A regular file.
    File,
    /// A directory.
    Directory,
    /// A symbolic link.
    Symlink,
    /// A Unix socket.
    Socket,
    /// A named pipe (FIFO).
    NamedPipe,
    /// A device.
    Device,
    /// Anything else, including types this client does not know.
    #[serde(other)]
    Unknown,
}

/// What Pebble reports about one file, as [`Client::list_files`] returns it.
///
/// # Examples
///
/// ```no_run
/// use charm_runtime::pebble::files::FileType;
///
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// for info in client.list_files("/etc").await? {
///     if info.file_type == FileType::File {
///         println!("{} {:o} {}:{}", info.path, info.permissions, info.user, info.group);
///     }
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FileInfo {
    /// The absolute path.
    pub path: String,
    /// The last component of the path.
    pub name: String,
    /// The kind of file.
    pub file_type: FileType,
    /// The size in bytes; only regular files have one.
    pub size: Option<u64>,
    /// The nine permission bits, such as `0o644`.
    pub permissions: u32,
    /// When the file was last modified (Pebble sends whole seconds).
    pub last_modified: Timestamp,
    /// The owner's user ID, when Pebble knows it.
    pub user_id: Option<u32>,
    /// The owner's user name, or `""` when the ID has no name.
    pub user: String,
    /// The group ID, when Pebble knows it.
    pub group_id: Option<u32>,
    /// The group name, or `""` when the ID has no name.
    pub group: String,
}

/// An entry as Pebble sends it.
#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct WireFileInfo {
    path: String,
    name: String,
    #[serde(rename = "type")]
    file_type: FileType,
    #[serde(default)]
    size: Option<u64>,
    permissions: String,
    #[serde(default)]
    last_modified: Timestamp,
    #[serde(default)]
    user_id: Option<u32>,
    #[serde(default)]
    user: String,
    #[serde(default)]
    group_id: Option<u32>,
    #[serde(default)]
    group: String,
}

impl WireFileInfo {
    fn into_info(self) -> Result<FileInfo> {
        let permissions = u32::from_str_radix(&self.permissions, 8).map_err(|e| {
            Error::protocol_with(
                format!(
                    "bad permissions {:?} for {} in list answer",
                    self.permissions, self.path
                ),
                e,
            )
        })?;
        Ok(FileInfo {
            path: self.path,
            name: self.name,
            file_type: self.file_type,
            size: self.size,
            permissions,
            last_modified: self.last_modified,
            user_id: self.user_id,
            user: self.user,
            group_id: self.group_id,
            group: self.group,
        })
    }
}

/// A listing of a workload directory (or one file), sent when awaited:
/// [`Client::list_files`]. By default every entry of a directory, or the file itself.
///
/// # Examples
///
/// ```no_run
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// let confs = client.list_files("/etc").pattern("*.conf").await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[must_use = "a Pebble request does nothing until it is awaited"]
pub struct ListFiles<'a> {
    client: &'a Client,
    path: &'a str,
    pattern: Option<String>,
    itself: bool,
}

impl ListFiles<'_> {
    /// Keeps only entries whose name matches the glob `pattern` (`*`, `?`, `[...]`, `\`
    /// escapes), such as `*.conf`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let logs = client.list_files("/var/log").pattern("*.log").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn pattern(mut self, pattern: impl Into<String>) -> Self {
        self.pattern = Some(pattern.into());
        self
    }

    /// With `true`, a directory is listed as one entry for itself.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let etc = client.list_files("/etc").itself(true).await?;
    /// assert_eq!(etc.len(), 1);
    /// # Ok(())
    /// # }
    /// ```
    pub fn itself(mut self, itself: bool) -> Self {
        self.itself = itself;
        self
    }

    async fn send(self) -> Result<Vec<FileInfo>> {
        let path = self.path;
        let mut request = ApiRequest::get("/v1/files")
            .query("action", "list")
            .query("path", path);
        if let Some(pattern) = &self.pattern {
            request = request.query("pattern", pattern);
        }
        if self.itself {
            request = request.query("itself", "true");
        }
        let entries: Vec<WireFileInfo> = self
            .client
            .sync(&format!("list {path}"), request)
            .await
            .map_err(|e| with_path(path, e))?;
        entries.into_iter().map(WireFileInfo::into_info).collect()
    }
}

into_future!(['a] ListFiles<'a> => Result<Vec<FileInfo>>);

impl Client {
    /// Lists the entries of the directory `path` (sorted by name), or the file `path` itself.
    ///
    /// # Errors
    ///
    /// [`Error::Path`] with Pebble's kind: `not-found` when `path` does not exist,
    /// `permission-denied`, `generic-file-error` (a bad pattern, for one).
    /// [`Error::Api`] for a relative path. [`Error::Timeout`], connection and protocol errors
    /// as for any call.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let confs = client.list_files("/etc").pattern("*.conf").await?;
    /// let total: u64 = confs.iter().filter_map(|f| f.size).sum();
    /// println!("{} config files, {total} bytes", confs.len());
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_files<'a>(&'a self, path: &'a str) -> ListFiles<'a> {
        ListFiles {
            client: self,
            path,
            pattern: None,
            itself: false,
        }
    }

    /// Whether `path` exists in the workload (a file, a directory, anything).
    ///
    /// # Errors
    ///
    /// Any error but not-found from [`Client::list_files`], such as `permission-denied`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// if !client.exists("/var/lib/app/initialised").await? {
    ///     // first start
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn exists(&self, path: &str) -> Result<bool> {
        Ok(self.stat(path).await?.is_some())
    }

    /// Whether `path` exists in the workload and is a directory (symlinks are followed).
    ///
    /// # Errors
    ///
    /// Any error but not-found from [`Client::list_files`], such as `permission-denied`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// if !client.is_dir("/srv/data").await? {
    ///     client.make_dir("/srv/data").make_parents(true).await?;
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn is_dir(&self, path: &str) -> Result<bool> {
        Ok(self
            .stat(path)
            .await?
            .is_some_and(|info| info.file_type == FileType::Directory))
    }

    /// The entry of `path` itself, or `None` when it does not exist.
    pub(super) async fn stat(&self, path: &str) -> Result<Option<FileInfo>> {
        match self.list_files(path).itself(true).await {
            Ok(infos) => match <[FileInfo; 1]>::try_from(infos) {
                Ok([info]) => Ok(Some(info)),
                Err(infos) => Err(Error::protocol(format!(
                    "expected one entry for {path}, got {}",
                    infos.len()
                ))),
            },
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_decode_with_octal_permissions_and_types() {
        let json = r#"[
          {"path":"/etc/hosts","name":"hosts","type":"file","size":220,"permissions":"644",
           "last-modified":"2026-07-01T10:00:00+00:00","user-id":0,"user":"root","group-id":0,"group":"root"},
          {"path":"/etc/ssl","name":"ssl","type":"directory","permissions":"755",
           "last-modified":"2026-07-01T10:00:00Z","user-id":65534,"user":"","group-id":65534,"group":""},
          {"path":"/etc/x","name":"x","type":"whiteout","permissions":"000","last-modified":"2026-07-01T10:00:00Z"}
        ]"#;
        let entries: Vec<WireFileInfo> = serde_json::from_str(json).unwrap();
        let infos: Vec<FileInfo> = entries
            .into_iter()
            .map(|e| e.into_info().unwrap())
            .collect();
        assert_eq!(infos[0].file_type, FileType::File);
        assert_eq!(infos[0].size, Some(220));
        assert_eq!(infos[0].permissions, 0o644);
        assert_eq!(infos[0].user_id, Some(0));
        assert_eq!(infos[1].file_type, FileType::Directory);
        assert_eq!(infos[1].size, None);
        assert_eq!(infos[1].permissions, 0o755);
        assert_eq!(infos[1].group_id, Some(65534));
        assert_eq!(infos[2].file_type, FileType::Unknown);
        assert_eq!(infos[2].user_id, None);
    }

    #[test]
    fn named_pipe_type_decodes() {
        let t: FileType = serde_json::from_str(r#""named-pipe""#).unwrap();
        assert_eq!(t, FileType::NamedPipe);
    }

    #[test]
    fn bad_permissions_are_a_protocol_error() {
        let entry: WireFileInfo =
            serde_json::from_str(r#"{"path":"/x","name":"x","type":"file","permissions":"rw-"}"#)
                .unwrap();
        assert!(matches!(entry.into_info(), Err(Error::Protocol { .. })));
    }
}
