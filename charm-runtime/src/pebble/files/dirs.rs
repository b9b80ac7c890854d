//! `POST /v1/files` with the `make-dirs` and `remove` actions.

use serde::Serialize;

use super::{Ownership, PathResult, single_result};
use crate::pebble::owner::owner_setters;
use crate::pebble::wire::ApiRequest;
use crate::pebble::{Client, Owner, Result};
use crate::request::into_future;

/// A directory to create in the workload, created when awaited: [`Client::make_dir`].
///
/// By default Pebble creates one directory with mode `0755`, owned by the user Pebble runs
/// as, and fails when it exists or its parent is missing.
///
/// # Examples
///
/// ```no_run
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// client
///     .make_dir("/var/lib/pg/data")
///     .make_parents(true)
///     .permissions(0o750)
///     .user("postgres")
///     .group("postgres")
///     .await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[must_use = "a Pebble request does nothing until it is awaited"]
pub struct MakeDir<'a> {
    client: &'a Client,
    path: &'a str,
    make_parents: bool,
    permissions: Option<u32>,
    owner: Owner,
}

impl MakeDir<'_> {
    /// Like `mkdir -p`: creates missing parents, and an existing directory is not an error.
    ///
    /// Only the directories created get the mode and owner; existing ones are left alone.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// client.make_dir("/some/nested/dir").make_parents(true).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn make_parents(mut self, make_parents: bool) -> Self {
        self.make_parents = make_parents;
        self
    }

    /// Sets the mode, such as `0o750` (the nine permission bits; the umask is ignored).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// client.make_dir("/srv/private").permissions(0o700).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn permissions(mut self, mode: u32) -> Self {
        self.permissions = Some(mode);
        self
    }

    owner_setters!(
        role = "that owns the directories created",
        call = "client.make_dir(\"/etc/pg\")",
    );

    fn body(&self) -> MakeDirsRequest<'_> {
        MakeDirsRequest {
            action: "make-dirs",
            dirs: [MakeDirItem {
                path: self.path,
                make_parents: self.make_parents,
                owner: Ownership {
                    permissions: self.permissions,
                    owner: &self.owner,
                },
            }],
        }
    }

    async fn send(self) -> Result<()> {
        let path = self.path;
        let request = ApiRequest::post_json("/v1/files", &self.body())?;
        let results: Vec<PathResult> = self
            .client
            .sync(&format!("make dir {path}"), request)
            .await?;
        single_result(path, results)
    }
}

into_future!(['a] MakeDir<'a> => Result<()>);

/// A workload path to remove, removed when awaited: [`Client::remove_path`]. By default a
/// directory must be empty.
///
/// # Examples
///
/// ```no_run
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// client.remove_path("/tmp/scratch").recursive(true).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[must_use = "a Pebble request does nothing until it is awaited"]
pub struct RemovePath<'a> {
    client: &'a Client,
    path: &'a str,
    recursive: bool,
}

impl RemovePath<'_> {
    /// With `true`, removes a directory with everything in it, like `rm -r`, and a missing
    /// path is not an error.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// client.remove_path("/tmp/mysubdir").recursive(true).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn recursive(mut self, recursive: bool) -> Self {
        self.recursive = recursive;
        self
    }

    async fn send(self) -> Result<()> {
        let path = self.path;
        let body = RemoveRequest {
            action: "remove",
            paths: [RemoveItem {
                path,
                recursive: self.recursive,
            }],
        };
        let request = ApiRequest::post_json("/v1/files", &body)?;
        let results: Vec<PathResult> = self.client.sync(&format!("remove {path}"), request).await?;
        single_result(path, results)
    }
}

into_future!(['a] RemovePath<'a> => Result<()>);

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
    /// Creates the directory `path` in the workload; [`MakeDir`] sets parents, mode and
    /// owner.
    ///
    /// # Errors
    ///
    /// [`Error::Path`](crate::pebble::Error::Path) with Pebble's kind: `generic-file-error`
    /// when it exists (without [`MakeDir::make_parents`]), when a non-directory is in the
    /// way, for a relative path or a bad owner; `not-found` when the parent is missing;
    /// `permission-denied`. Timeout, connection and protocol errors as for any call.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// client.make_dir("/etc/pg").user("postgres").group("postgres").await?;
    /// client.make_dir("/some/other/nested/dir").make_parents(true).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn make_dir<'a>(&'a self, path: &'a str) -> MakeDir<'a> {
        MakeDir {
            client: self,
            path,
            make_parents: false,
            permissions: None,
            owner: Owner::default(),
        }
    }

    /// Removes the file or directory `path` in the workload.
    ///
    /// By default a directory must be empty; with [`RemovePath::recursive`] the whole tree
    /// goes, like `rm -r`, and a missing path is not an error.
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
    /// client.remove_path("/var/log/apache/access.log").await?;
    /// client.remove_path("/tmp/mysubdir").recursive(true).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn remove_path<'a>(&'a self, path: &'a str) -> RemovePath<'a> {
        RemovePath {
            client: self,
            path,
            recursive: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn make_dirs_body_names_every_option() {
        let client = Client::new("/tmp/unused.socket");
        let make_dir = client
            .make_dir("/d")
            .make_parents(true)
            .permissions(0o750)
            .user_id(65534)
            .group_id(65534);
        assert_eq!(
            serde_json::to_value(make_dir.body()).unwrap(),
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
