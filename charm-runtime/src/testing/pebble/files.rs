//! Files: a temporary directory stands for the container's `/`.

use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use futures_util::{StreamExt, TryStreamExt};
use http_body_util::{BodyDataStream, BodyExt, StreamBody};
use hyper::Response;
use hyper::body::Frame;
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;

use super::server::{Body, Call, envelope, error, sync};
use super::state::Shared;
use crate::pebble::BoxError;

/// Maps container path `path` (absolute) into `root`; `..` cannot leave `root`.
pub(crate) fn host_path(root: &Path, path: &str) -> Option<PathBuf> {
    if !path.starts_with('/') {
        return None;
    }
    let mut out = root.to_path_buf();
    let mut depth = 0usize;
    for component in Path::new(path).components() {
        match component {
            Component::Normal(part) => {
                out.push(part);
                depth += 1;
            }
            Component::ParentDir if depth > 0 => {
                out.pop();
                depth -= 1;
            }
            _ => {}
        }
    }
    Some(out)
}

/// A per-path error object as Pebble writes it: `<op> <path>: <reason>` and its kind.
fn file_error(op: &str, path: &str, e: &io::Error) -> Value {
    let (kind, reason) = match e.kind() {
        io::ErrorKind::NotFound => ("not-found", "no such file or directory".to_owned()),
        io::ErrorKind::PermissionDenied => ("permission-denied", "permission denied".to_owned()),
        io::ErrorKind::AlreadyExists => ("generic-file-error", "file exists".to_owned()),
        io::ErrorKind::DirectoryNotEmpty => {
            ("generic-file-error", "directory not empty".to_owned())
        }
        io::ErrorKind::NotADirectory => ("generic-file-error", "not a directory".to_owned()),
        io::ErrorKind::IsADirectory => ("generic-file-error", "is a directory".to_owned()),
        _ => ("generic-file-error", e.to_string()),
    };
    json!({"message": format!("{op} {path}: {reason}"), "kind": kind})
}

fn generic(message: String) -> Value {
    json!({"message": message, "kind": "generic-file-error"})
}

/// The HTTP status Pebble uses for a listing error of `kind`.
fn status_of(kind: &str) -> u16 {
    match kind {
        "not-found" => 404,
        "permission-denied" => 403,
        _ => 400,
    }
}

/// An error object as a whole-request error response.
fn error_response(e: &Value) -> Response<Body> {
    let kind = e["kind"].as_str().unwrap_or("generic-file-error");
    error(
        status_of(kind),
        e["message"].as_str().unwrap_or_default(),
        Some(kind),
    )
}

pub(crate) async fn get_files(shared: &Shared, call: &Call) -> Response<Body> {
    match call.param("action").unwrap_or_default() {
        "list" => list(shared, call).await,
        "read" => read(shared, call).await,
        other => error(400, &format!("invalid action {other:?}"), None),
    }
}

/// User and group names by ID, from the host's files.
async fn names(file: &str) -> Vec<(u32, String)> {
    let text = tokio::fs::read_to_string(file).await.unwrap_or_default();
    text.lines()
        .filter_map(|line| {
            let mut fields = line.split(':');
            let name = fields.next()?;
            let id = fields.nth(1)?.parse().ok()?;
            Some((id, name.to_owned()))
        })
        .collect()
}

fn name_of(names: &[(u32, String)], id: u32) -> &str {
    names
        .iter()
        .find(|(i, _)| *i == id)
        .map_or("", |(_, n)| n.as_str())
}

/// The listing entry of `path` (a container path) from its metadata.
fn entry(
    path: &str,
    meta: &std::fs::Metadata,
    users: &[(u32, String)],
    groups: &[(u32, String)],
) -> Value {
    let ft = meta.file_type();
    let kind = if ft.is_symlink() {
        "symlink"
    } else if ft.is_dir() {
        "directory"
    } else if ft.is_file() {
        "file"
    } else {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_socket() {
            "socket"
        } else if ft.is_fifo() {
            "named-pipe"
        } else if ft.is_block_device() || ft.is_char_device() {
            "device"
        } else {
            "unknown"
        }
    };
    let name = Path::new(path)
        .file_name()
        .map_or_else(|| "/".to_owned(), |n| n.to_string_lossy().into_owned());
    let modified = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
    let mut v = json!({"path": path, "name": name, "type": kind});
    if ft.is_file() {
        v["size"] = json!(meta.len());
    }
    v["permissions"] = json!(format!("{:03o}", meta.mode() & 0o777));
    v["last-modified"] = json!(super::state::rfc3339_secs(modified).replace('Z', "+00:00"));
    v["user-id"] = json!(meta.uid());
    v["user"] = json!(name_of(users, meta.uid()));
    v["group-id"] = json!(meta.gid());
    v["group"] = json!(name_of(groups, meta.gid()));
    v
}

async fn list(shared: &Shared, call: &Call) -> Response<Body> {
    let Some(path) = call.param("path").filter(|p| !p.is_empty()) else {
        return error(400, "must specify path", None);
    };
    let Some(host) = host_path(&shared.root, path) else {
        return error(400, &format!("path must be absolute, got {path:?}"), None);
    };
    let itself = match call.param("itself") {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            return error(
                400,
                &format!("itself parameter must be \"true\" or \"false\", got {other:?}"),
                None,
            );
        }
    };
    let pattern = call.param("pattern").unwrap_or_default();
    let meta = match tokio::fs::metadata(&host).await {
        Ok(meta) => meta,
        Err(e) => return error_response(&file_error("stat", path, &e)),
    };
    let users = names("/etc/passwd").await;
    let groups = names("/etc/group").await;
    let name = Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !meta.is_dir() || itself {
        return match glob_match(pattern, &name) {
            Err(()) => error_response(&generic("syntax error in pattern".to_owned())),
            Ok(false) => sync(json!([])),
            Ok(true) => sync(json!([entry(path, &meta, &users, &groups)])),
        };
    }
    let mut dir = match tokio::fs::read_dir(&host).await {
        Ok(dir) => dir,
        Err(e) => return error_response(&file_error("open", path, &e)),
    };
    let mut entries = Vec::new();
    loop {
        match dir.next_entry().await {
            Ok(Some(item)) => {
                let name = item.file_name().to_string_lossy().into_owned();
                match glob_match(pattern, &name) {
                    Err(()) => {
                        return error_response(&generic("syntax error in pattern".to_owned()));
                    }
                    Ok(false) => continue,
                    Ok(true) => {}
                }
                if let Ok(meta) = tokio::fs::symlink_metadata(item.path()).await {
                    let child = format!("{}/{name}", path.trim_end_matches('/'));
                    entries.push((name, entry(&child, &meta, &users, &groups)));
                }
            }
            Ok(None) => break,
            Err(e) => return error_response(&file_error("readdir", path, &e)),
        }
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    sync(Value::Array(entries.into_iter().map(|(_, v)| v).collect()))
}

/// Go's `path.Match` on one name: `*`, `?`, `[...]` (with `^` negation and ranges), `\`.
/// An empty pattern matches everything. `Err` for a malformed pattern.
pub(crate) fn glob_match(pattern: &str, name: &str) -> Result<bool, ()> {
    if pattern.is_empty() {
        return Ok(true);
    }
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    glob_at(&p, &n)
}

fn glob_at(p: &[char], n: &[char]) -> Result<bool, ()> {
    match p.first() {
        None => Ok(n.is_empty()),
        Some('*') => {
            for skip in 0..=n.len() {
                if n[..skip].contains(&'/') {
                    break;
                }
                if glob_at(&p[1..], &n[skip..])? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Some('?') => Ok(!n.is_empty() && n[0] != '/' && glob_at(&p[1..], &n[1..])?),
        Some('[') => {
            let mut i = 1;
            let negate = p.get(1) == Some(&'^');
            if negate {
                i += 1;
            }
            let mut matched = false;
            let c = n.first().copied();
            loop {
                let Some(&lo) = p.get(i) else { return Err(()) };
                if lo == ']' && i > 1 + usize::from(negate) {
                    i += 1;
                    break;
                }
                let (lo, next) = if lo == '\\' {
                    (*p.get(i + 1).ok_or(())?, i + 2)
                } else {
                    (lo, i + 1)
                };
                let (hi, next) = if p.get(next) == Some(&'-') && p.get(next + 1) != Some(&']') {
                    let hi = *p.get(next + 1).ok_or(())?;
                    (hi, next + 2)
                } else {
                    (lo, next)
                };
                if c.is_some_and(|c| lo <= c && c <= hi) {
                    matched = true;
                }
                i = next;
            }
            match c {
                Some(c) if c != '/' && matched != negate => glob_at(&p[i..], &n[1..]),
                _ => Ok(false),
            }
        }
        Some('\\') => {
            let lit = *p.get(1).ok_or(())?;
            Ok(n.first() == Some(&lit) && glob_at(&p[2..], &n[1..])?)
        }
        Some(&lit) => Ok(n.first() == Some(&lit) && glob_at(&p[1..], &n[1..])?),
    }
}

/// A fresh boundary of 60 hex digits.
fn boundary() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(1);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    format!(
        "{:030x}{:030x}",
        nanos,
        u128::from(n) ^ u128::from(std::process::id())
    )
}

/// Twelve letters and digits that differ between calls, for temporary file names.
fn random_suffix() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    let count = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut n = nanos ^ (u128::from(count) << 64) ^ u128::from(std::process::id());
    (0..12)
        .map(|_| {
            let c = ALPHABET[usize::try_from(n % 62).unwrap_or(0)];
            n = n / 62 + 0x9e37_79b9_7f4a_7c15;
            char::from(c)
        })
        .collect()
}

async fn read(shared: &Shared, call: &Call) -> Response<Body> {
    if call.header(hyper::header::ACCEPT) != Some("multipart/form-data") {
        return error(400, "must accept multipart/form-data", None);
    }
    let paths = call.all("path");
    if paths.is_empty() {
        return error(400, "must specify one or more paths", None);
    }
    let boundary = boundary();
    let mut parts: Vec<futures_util::stream::BoxStream<'static, Result<Bytes, BoxError>>> =
        Vec::new();
    let mut results = Vec::new();
    for path in paths {
        let opened = match host_path(&shared.root, &path) {
            None => Err(generic(format!("paths must be absolute, got {path:?}"))),
            Some(host) => match tokio::fs::metadata(&host).await {
                Err(e) => Err(file_error("stat", &path, &e)),
                Ok(meta) if !meta.is_file() => {
                    Err(generic(format!("can only read a regular file: {path:?}")))
                }
                Ok(_) => tokio::fs::File::open(&host)
                    .await
                    .map_err(|e| file_error("open", &path, &e)),
            },
        };
        match opened {
            Ok(file) => {
                let escaped = path.replace('\\', "\\\\").replace('"', "\\\"");
                let head = format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{escaped}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                );
                let body = tokio_util::io::ReaderStream::new(file).map_err(BoxError::from);
                parts.push(
                    futures_util::stream::once(async move { Ok(Bytes::from(head)) })
                        .chain(body)
                        .chain(futures_util::stream::once(async {
                            Ok(Bytes::from_static(b"\r\n"))
                        }))
                        .boxed(),
                );
                results.push(json!({"path": path}));
            }
            Err(e) => results.push(json!({"path": path, "error": e})),
        }
    }
    let mut response_json = envelope(200, Some(Value::Array(results))).to_string();
    response_json.push('\n');
    let tail = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"response\"\r\nContent-Type: application/json\r\n\r\n{response_json}\r\n--{boundary}--\r\n"
    );
    parts.push(futures_util::stream::once(async move { Ok(Bytes::from(tail)) }).boxed());
    let stream = futures_util::stream::iter(parts)
        .flatten()
        .map_ok(Frame::data);
    let mut response = Response::new(StreamBody::new(stream).boxed_unsync());
    if let Ok(value) =
        hyper::header::HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}"))
    {
        response
            .headers_mut()
            .insert(hyper::header::CONTENT_TYPE, value);
    }
    response
}

/// Parses a permissions string of exactly three octal digits.
fn permissions(value: &Value, default: u32) -> Result<u32, Value> {
    match value.as_str().filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(text) if text.len() == 3 => u32::from_str_radix(text, 8).map_err(|_| {
            generic(format!(
                "permissions must be a 3-digit octal string, got {text:?}"
            ))
        }),
        Some(text) => Err(generic(format!(
            "permissions must be a 3-digit octal string, got {text:?}"
        ))),
    }
}

pub(crate) async fn post_files(shared: &Shared, call: Call) -> Response<Body> {
    let content_type = call
        .header(hyper::header::CONTENT_TYPE)
        .unwrap_or_default()
        .to_owned();
    let media = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match media.as_str() {
        "multipart/form-data" => write(shared, call, &content_type).await,
        "application/json" => {
            let body = match call.json().await {
                Ok(body) => body,
                Err(response) => return response,
            };
            match body["action"].as_str().unwrap_or_default() {
                "make-dirs" => make_dirs(shared, &body["dirs"]).await,
                "remove" => remove(shared, &body["paths"]).await,
                "write" => error(400, "must use multipart with \"write\" action", None),
                other => error(400, &format!("invalid action {other:?}"), None),
            }
        }
        _ => error(400, &format!("invalid media type {media:?}"), None),
    }
}

async fn write(shared: &Shared, call: Call, content_type: &str) -> Response<Body> {
    let boundary = multer::parse_boundary(content_type).unwrap_or_default();
    if boundary.len() < 32 {
        return error(400, &format!("invalid boundary {boundary:?}"), None);
    }
    let body = BodyDataStream::new(call.request.into_body());
    let mut multipart = multer::Multipart::new(body, boundary);
    let request = match multipart.next_field().await {
        Ok(Some(field)) => {
            let name = field.name().unwrap_or_default().to_owned();
            if name != "request" {
                return error(
                    400,
                    &format!("metadata field name must be \"request\", got {name:?}"),
                    None,
                );
            }
            match field
                .bytes()
                .await
                .map(|b| serde_json::from_slice::<Value>(&b))
            {
                Ok(Ok(v)) => v,
                Ok(Err(e)) => {
                    return error(400, &format!("cannot decode request metadata: {e}"), None);
                }
                Err(e) => return error(400, &format!("cannot read request metadata: {e}"), None),
            }
        }
        Ok(None) => return error(400, "must specify one or more files", None),
        Err(e) => return error(400, &format!("cannot read multipart body: {e}"), None),
    };
    let action = request["action"].as_str().unwrap_or_default();
    if action != "write" {
        return error(
            400,
            &format!("multipart action must be \"write\", got {action:?}"),
            None,
        );
    }
    let files: Vec<Value> = request["files"].as_array().cloned().unwrap_or_default();
    if files.is_empty() {
        return error(400, "must specify one or more files", None);
    }
    let mut outcomes: Vec<Option<Value>> = vec![None; files.len()];
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return error(400, &format!("cannot read multipart body: {e}"), None),
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name != "files" {
            return error(
                400,
                &format!("field name must be \"files\", got {name:?}"),
                None,
            );
        }
        let path = field.file_name().unwrap_or_default().to_owned();
        let Some(index) = files
            .iter()
            .position(|f| f["path"].as_str() == Some(path.as_str()))
        else {
            return error(400, &format!("no metadata for path {path:?}"), None);
        };
        let meta = &files[index];
        let outcome = async {
            let host = host_path(&shared.root, &path)
                .ok_or_else(|| generic(format!("paths must be absolute, got {path:?}")))?;
            let mode = permissions(&meta["permissions"], 0o644)?;
            let parent = host.parent().unwrap_or(&shared.root).to_path_buf();
            if meta["make-dirs"].as_bool().unwrap_or(false) {
                tokio::fs::create_dir_all(&parent)
                    .await
                    .map_err(|e| file_error("mkdir", &path, &e))?;
            }
            // Written beside the target first, as `<path>.<random>~`.
            let suffix = random_suffix();
            let temp_name = format!("{path}.{suffix}~");
            let file_name = host
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let temp = parent.join(format!("{file_name}.{suffix}~"));
            let mut file = tokio::fs::File::create(&temp)
                .await
                .map_err(|e| file_error("open", &temp_name, &e))?;
            while let Some(chunk) = field
                .chunk()
                .await
                .map_err(|e| generic(format!("cannot read content of {path:?}: {e}")))?
            {
                file.write_all(&chunk)
                    .await
                    .map_err(|e| file_error("write", &path, &e))?;
            }
            file.flush()
                .await
                .map_err(|e| file_error("write", &path, &e))?;
            drop(file);
            tokio::fs::set_permissions(&temp, std::fs::Permissions::from_mode(mode))
                .await
                .map_err(|e| file_error("chmod", &path, &e))?;
            tokio::fs::rename(&temp, &host)
                .await
                .map_err(|e| file_error("rename", &path, &e))?;
            Ok::<(), Value>(())
        }
        .await;
        outcomes[index] = Some(match outcome {
            Ok(()) => json!({"path": path}),
            Err(e) => json!({"path": path, "error": e}),
        });
    }
    let results: Vec<Value> = files
        .iter()
        .zip(outcomes)
        .map(|(meta, outcome)| {
            let path = meta["path"].as_str().unwrap_or_default();
            outcome.unwrap_or_else(|| {
                json!({"path": path, "error": generic(format!("no file content for path {path:?}"))})
            })
        })
        .collect();
    sync(Value::Array(results))
}

async fn make_dirs(shared: &Shared, dirs: &Value) -> Response<Body> {
    let mut results = Vec::new();
    for dir in dirs.as_array().cloned().unwrap_or_default() {
        let path = dir["path"].as_str().unwrap_or_default().to_owned();
        let parents = dir["make-parents"].as_bool().unwrap_or(false);
        let outcome = async {
            if host_path(&shared.root, &path).is_none() {
                return Err(generic(format!("paths must be absolute, got {path:?}")));
            }
            let mode = permissions(&dir["permissions"], 0o755)?;
            make_dir(&shared.root, &path, mode, parents).await
        }
        .await;
        results.push(match outcome {
            Ok(()) => json!({"path": path}),
            Err(e) => json!({"path": path, "error": e}),
        });
    }
    sync(Value::Array(results))
}

/// Makes directory `path` (absolute) as Pebble does: an existing path is an error; with
/// `parents`, the missing parents are made first, top down; each directory is made as
/// `<dir>.mkdir-new` with `mode` and renamed into place, so that is the name a failure
/// reports.
async fn make_dir(root: &Path, path: &str, mode: u32, parents: bool) -> Result<(), Value> {
    let host = |p: &str| host_path(root, p).unwrap_or_else(|| root.to_path_buf());
    if let Ok(meta) = tokio::fs::metadata(host(path)).await {
        let reason = if meta.is_dir() {
            "file exists"
        } else {
            "not a directory"
        };
        return Err(generic(format!("mkdir {path}: {reason}")));
    }
    let mut chain = vec![path.to_owned()];
    if parents {
        let mut parent = Path::new(path).parent();
        while let Some(dir) = parent.filter(|d| *d != Path::new("/")) {
            chain.push(dir.display().to_string());
            parent = dir.parent();
        }
    }
    for dir in chain.iter().rev() {
        match tokio::fs::metadata(host(dir)).await {
            Ok(meta) if meta.is_dir() => continue,
            Ok(_) => return Err(generic(format!("mkdir {dir}: not a directory"))),
            Err(_) => {}
        }
        let candidate = format!("{dir}.mkdir-new");
        let made = host(&candidate);
        match tokio::fs::create_dir(&made).await {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
                return Err(file_error("mkdir", &candidate, &e));
            }
            _ => {}
        }
        tokio::fs::set_permissions(&made, std::fs::Permissions::from_mode(mode))
            .await
            .map_err(|e| file_error("chmod", &candidate, &e))?;
        tokio::fs::rename(&made, host(dir))
            .await
            .map_err(|e| file_error("rename", &candidate, &e))?;
    }
    Ok(())
}

async fn remove(shared: &Shared, paths: &Value) -> Response<Body> {
    let mut results = Vec::new();
    for item in paths.as_array().cloned().unwrap_or_default() {
        let path = item["path"].as_str().unwrap_or_default().to_owned();
        let recursive = item["recursive"].as_bool().unwrap_or(false);
        let outcome = async {
            let host = host_path(&shared.root, &path)
                .ok_or_else(|| generic(format!("paths must be absolute, got {path:?}")))?;
            let meta = match tokio::fs::symlink_metadata(&host).await {
                Ok(meta) => meta,
                Err(e) if recursive && e.kind() == io::ErrorKind::NotFound => return Ok(()),
                Err(e) => return Err(file_error("remove", &path, &e)),
            };
            let removed = match (meta.is_dir(), recursive) {
                (true, true) => tokio::fs::remove_dir_all(&host).await,
                (true, false) => tokio::fs::remove_dir(&host).await,
                (false, _) => tokio::fs::remove_file(&host).await,
            };
            removed.map_err(|e| file_error("remove", &path, &e))
        }
        .await;
        results.push(match outcome {
            Ok(()) => json!({"path": path}),
            Err(e) => json!({"path": path, "error": e}),
        });
    }
    sync(Value::Array(results))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_paths_stay_inside_the_root() {
        let root = Path::new("/tmp/root");
        assert_eq!(
            host_path(root, "/etc/app.conf"),
            Some(root.join("etc/app.conf"))
        );
        assert_eq!(
            host_path(root, "/../../etc/passwd"),
            Some(root.join("etc/passwd"))
        );
        assert_eq!(host_path(root, "relative"), None);
    }

    #[test]
    fn globs_follow_go_path_match() {
        assert_eq!(glob_match("*.txt", "a.txt"), Ok(true));
        assert_eq!(glob_match("*.txt", "a.log"), Ok(false));
        assert_eq!(glob_match("a?c", "abc"), Ok(true));
        assert_eq!(glob_match("[a-c]x", "bx"), Ok(true));
        assert_eq!(glob_match("[^a-c]x", "bx"), Ok(false));
        assert_eq!(glob_match("\\*", "*"), Ok(true));
        assert_eq!(glob_match("[", "a"), Err(()));
    }
}
