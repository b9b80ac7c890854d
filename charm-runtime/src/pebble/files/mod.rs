//! The files area: push, pull, list, make directories, remove, and recursive copies.
//!
//! Every path on the workload side must be absolute. Contents are streamed both ways, so a
//! file of any size is copied with bounded memory: [`Client::push_reader`](super::Client::push_reader) sends from any
//! [`AsyncRead`](tokio::io::AsyncRead), and [`Client::pull`](super::Client::pull) returns a [`FileReader`].
//!
//! Errors about one path (a missing file, a permission problem) are
//! [`Error::Path`] with Pebble's kind: `not-found`, `permission-denied` or
//! `generic-file-error`; [`Error::is_not_found`] tests for the first.
//!
//! # Examples
//!
//! ```no_run
//! use charm_runtime::pebble::Client;
//!
//! # async fn f(client: Client) -> charm_runtime::pebble::Result<()> {
//! let config = "port = 7777\nmax_connections = 1000\n";
//! client.push("/etc/pg/postgresql.conf", config).make_dirs(true).await?;
//! let mut text = client.pull_string("/etc/pg/postgresql.conf").await?;
//! if !text.contains("port =") {
//!     text.push_str("\nport = 8888\n");
//!     client.push("/etc/pg/postgresql.conf", text).await?;
//! }
//! # Ok(())
//! # }
//! ```

use serde::{Deserialize, Serialize};

use super::{Error, Owner, Result};

mod destination;
mod dirs;
mod list;
pub(crate) mod multipart;
mod pull;
mod push;
mod tree;

pub use dirs::{MakeDir, RemovePath};
pub use list::{FileInfo, FileType, ListFiles};
pub use pull::{DEFAULT_PULL_LIMIT, FileReader, PullBytes, PullString};
pub use push::{Push, PushSource};

/// The mode and owner of a file or directory that Pebble creates, as Pebble's fields.
///
/// A borrowed view of the mode and owner of a [`Push`] or a [`MakeDir`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
struct Ownership<'a> {
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "octal")]
    permissions: Option<u32>,
    #[serde(flatten)]
    owner: &'a Owner,
}

/// Writes a mode as Pebble wants it: three octal digits, such as `"644"`.
fn octal<S: serde::Serializer>(mode: &Option<u32>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match mode {
        Some(mode) => s.serialize_str(&format!("{mode:03o}")),
        None => s.serialize_none(),
    }
}

/// One item of the result list of write, make-dirs and remove.
#[derive(Debug, Deserialize)]
struct PathResult {
    path: String,
    #[serde(default)]
    error: Option<PathErrorBody>,
}

/// A per-path error, as Pebble sends it.
#[derive(Debug, Deserialize)]
struct PathErrorBody {
    #[serde(default)]
    message: String,
    #[serde(default)]
    kind: Option<String>,
}

impl PathErrorBody {
    fn into_error(self, path: String) -> Error {
        Error::Path {
            path,
            kind: self.kind.filter(|k| !k.is_empty()),
            message: self.message,
        }
    }
}

/// Checks the result list of a one-path call: exactly one item, for `path`, without error.
fn single_result(path: &str, results: Vec<PathResult>) -> Result<()> {
    let mut results = results.into_iter();
    match (results.next(), results.next()) {
        (Some(item), None) => match item.error {
            Some(error) => Err(error.into_error(item.path)),
            None => Ok(()),
        },
        (first, _) => Err(Error::protocol(format!(
            "expected one result for {path}, got {}",
            if first.is_none() { "none" } else { "several" }
        ))),
    }
}

/// Whether `kind` is one of the file error kinds Pebble reports per path.
fn is_file_kind(kind: Option<&str>) -> bool {
    matches!(
        kind,
        Some("not-found" | "permission-denied" | "generic-file-error")
    )
}

/// Turns an API error with a file kind into a path error about `path`.
fn with_path(path: &str, error: Error) -> Error {
    match error {
        Error::Api { kind, message, .. } if is_file_kind(kind.as_deref()) => Error::Path {
            path: path.to_owned(),
            kind,
            message,
        },
        other => other,
    }
}

/// Refuses a path that cannot be sent in a multipart header (line breaks, NUL).
fn check_header_safe(path: &str) -> Result<()> {
    if multipart::header_safe(path) {
        Ok(())
    } else {
        Err(Error::Path {
            path: path.to_owned(),
            kind: None,
            message: "path contains a line break or NUL".to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ownership_serialises_as_pebble_fields() {
        let owner = Owner::new().user_id(1000).user("u").group("g");
        let ownership = Ownership {
            permissions: Some(0o600),
            owner: &owner,
        };
        assert_eq!(
            serde_json::to_value(ownership).unwrap(),
            serde_json::json!({"permissions": "600", "user-id": 1000, "user": "u", "group": "g"})
        );
        let nothing = Ownership {
            permissions: None,
            owner: &Owner::default(),
        };
        assert_eq!(
            serde_json::to_value(nothing).unwrap(),
            serde_json::json!({})
        );
        let small = Ownership {
            permissions: Some(0o7),
            owner: &Owner::default(),
        };
        assert_eq!(serde_json::to_value(small).unwrap()["permissions"], "007");
    }

    #[test]
    fn single_result_maps_the_error_with_its_kind() {
        let results: Vec<PathResult> = serde_json::from_str(
            r#"[{"path":"/x","error":{"message":"mkdir /x: file exists","kind":"generic-file-error"}}]"#,
        )
        .unwrap();
        match single_result("/x", results).unwrap_err() {
            Error::Path {
                path,
                kind,
                message,
            } => {
                assert_eq!(path, "/x");
                assert_eq!(kind.as_deref(), Some("generic-file-error"));
                assert_eq!(message, "mkdir /x: file exists");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn single_result_wants_exactly_one_item() {
        assert!(single_result("/x", vec![]).is_err());
        let ok: Vec<PathResult> = serde_json::from_str(r#"[{"path":"/x"}]"#).unwrap();
        single_result("/x", ok).unwrap();
    }

    #[test]
    fn api_errors_with_file_kinds_become_path_errors() {
        let api = Error::Api {
            status: 404,
            kind: Some("not-found".into()),
            message: "stat /x: no such file or directory".into(),
        };
        assert!(matches!(with_path("/x", api), Error::Path { ref path, .. } if path == "/x"));
        let other = Error::Api {
            status: 400,
            kind: None,
            message: "path must be absolute".into(),
        };
        assert!(matches!(with_path("x", other), Error::Api { .. }));
    }
}
