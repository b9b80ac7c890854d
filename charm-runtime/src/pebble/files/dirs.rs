//! `POST /v1/files` with the `make-dirs` and `remove` actions.

use serde::Serialize;

use super::{Ownership, PathResult, single_result};
use crate::pebble::owner::owner_setters;
use crate::pebble::wire::ApiRequest;
use crate::pebble::{Client, Owner, Result};

/// How [`Client::make_dir`] creates a directory.
///
/// Without options Pebble creates one directory with mode `0755`, owned by the user Pebble
/// runs as, and fails when it exists or its parent is missing.
///
/// # Examples
///
/// ```
/// use charm_runtime::pebble::Owner;
/// use charm_runtime::pebble::files::MakeDirOptions;
///
/// let options = MakeDirOptions::new()
///     .make_parents(true)
///     .permissions(0o750)
///     .user("postgres")
///     .group("postgres");
///
/// // The fields are public, so a struct literal works too.
/// let same = MakeDirOptions {
///     make_parents: true,
///     permissions: Some(0o750),
///     owner: Owner::new().user("postgres").group("postgres"),
///     ..MakeDirOptions::default()
/// };
/// assert_eq!(options, same);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct MakeDirOptions {
    /// Create missing parents, and accept an existing directory, like `mkdir -p`.
    pub make_parents: bool,
    /// The mode, such as `0o600`: the nine permission bits; the umask is ignored.
    pub permissions: Option<u32>,
    /// The user and group that own the directories created (none set: Pebble's own).
    pub owner: Owner,
}

impl MakeDirOptions {
    /// Options that create one directory with Pebble's defaults.
    ///
    /// # Examples
    ///
    /// ```
    /// # use charm_runtime::pebble::files::MakeDirOptions;
    /// assert_eq!(MakeDirOptions::new(), MakeDirOptions::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Like `mkdir -p`: creates missing parents, and an existing directory is not an error.
    ///
    /// Only the directories created get the mode and owner; existing ones are left alone.
    ///
    /// # Examples
    ///
    /// ```
    /// # use charm_runtime::pebble::files::MakeDirOptions;
    /// let options = MakeDirOptions::new().make_parents(true);
    /// # let _ = options;
    /// ```
    pub fn make_parents(mut self, make_parents: bool) -> Self {
        self.make_parents = make_parents;
        self
    }

    /// Sets the mode, such as `0o750` (the nine permission bits; the umask is ignored).
    ///
    /// # Examples
    ///
    /// ```
    /// # use charm_runtime::pebble::files::MakeDirOptions;
    /// let options = MakeDirOptions::new().permissions(0o700);
    /// # let _ = options;
    /// ```
    pub fn permissions(mut self, mode: u32) -> Self {
        self.permissions = Some(mode);
        self
    }

    owner_setters!(
        role = "that owns the directories created",
        import = "charm_runtime::pebble::files::MakeDirOptions",
        new = "MakeDirOptions::new()",
    );

    /// The mode and owner as Pebble wants them.
    fn ownership(&self) -> Ownership<'_> {
        Ownership {
            permissions: self.permissions,
            owner: &self.owner,
        }
    }
}

#[derive(Serialize)]
struct MakeDirsRequest<'a> {
    action: &'static str,
    dirs: [MakeDirItem<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct MakeDirItem<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    make_parents: bool,
    #[serde(flatten)]
    owner: Ownership<'a>,
}

#[derive(Serialize)]
struct RemoveRequest<'a> {
    action: &'static str,
    paths: [RemoveItem<'a>; 1],
}

#[derive(Serialize)]
struct RemoveItem<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    recursive: bool,
}

impl Client {
    /// Creates the directory `path` in the workload.
    ///
    /// # Errors
    ///
    /// [`Error::Path`](crate::pebble::Error::Path) with Pebble's kind: `generic-file-error`
    /// when it exists (without [`MakeDirOptions::make_parents`]), when a non-directory is in
    /// the way, for a relative path or a bad owner; `not-found` when the parent is missing;
    /// `permission-denied`. Timeout, connection and protocol errors as for any call.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::pebble::files::MakeDirOptions;
    ///
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// client
    ///     .make_dir("/etc/pg", MakeDirOptions::new().user("postgres").group("postgres"))
    ///     .await?;
    /// client
    ///     .make_dir("/some/other/nested/dir", MakeDirOptions::new().make_parents(true))
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn make_dir(&self, path: &str, options: MakeDirOptions) -> Result<()> {
        let body = MakeDirsRequest {
            action: "make-dirs",
            dirs: [MakeDirItem {
                path,
                make_parents: options.make_parents,
                owner: options.ownership(),
            }],
        };
        let request = ApiRequest::post_json("/v1/files", &body)?;
        let results: Vec<PathResult> = self.sync(&format!("make dir {path}"), request).await?;
        single_result(path, results)
    }

    /// Removes the file or directory `path` in the workload.
    ///
    /// Without `recursive` a directory must be empty. With it the whole tree goes, like
    /// `rm -r`, and a missing path is not an error.
    ///
    /// # Errors
    ///
    /// [`Error::Path`](crate::pebble::Error::Path) with Pebble's kind: `not-found` for a
    /// missing path (not recursive), `generic-file-error` for a non-empty directory (not
    /// recursive) or a relative path, `permission-denied`. Timeout, connection and protocol
    /// errors as for any call.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// client.remove_path("/var/log/apache/access.log", false).await?;
    /// client.remove_path("/tmp/mysubdir", true).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn remove_path(&self, path: &str, recursive: bool) -> Result<()> {
        let body = RemoveRequest {
            action: "remove",
            paths: [RemoveItem { path, recursive }],
        };
        let request = ApiRequest::post_json("/v1/files", &body)?;
        let results: Vec<PathResult> = self.sync(&format!("remove {path}"), request).await?;
        single_result(path, results)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn make_dirs_body_names_every_option() {
        let options = MakeDirOptions::new()
            .make_parents(true)
            .permissions(0o750)
            .user_id(65534)
            .group_id(65534);
        let body = MakeDirsRequest {
            action: "make-dirs",
            dirs: [MakeDirItem {
                path: "/d",
                make_parents: options.make_parents,
                owner: options.ownership(),
            }],
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"action": "make-dirs", "dirs": [{
                "path": "/d", "make-parents": true, "permissions": "750",
                "user-id": 65534, "group-id": 65534
            }]})
        );
    }

    #[test]
    fn remove_body_omits_false_recursive() {
        let body = RemoveRequest {
            action: "remove",
            paths: [RemoveItem {
                path: "/x",
                recursive: false,
            }],
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"action": "remove", "paths": [{"path": "/x"}]})
        );
    }
}
