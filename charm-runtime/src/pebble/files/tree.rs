//! Recursive copies: [`Client::push_path`] (local to workload) and [`Client::pull_path`]
//! (workload to local).
//!
//! Source rules, the same both ways: `/src/dir` copies to `dest/dir/...`, `/src/dir/*`
//! copies the entries of `dir` into `dest/...`, and a file `/src/file` copies to
//! `dest/file`. A trailing `/*` is the only pattern. Entries are copied one at a time,
//! each streamed, depth first in name order; a failing entry is reported at the end and
//! does not stop the others.

use std::ffi::OsStr;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use tokio::io::AsyncWriteExt;

use super::destination::{check_local_links, local_target, remote_target};
use super::list::{FileInfo, FileType};
use super::pull::pebble_error;
use super::{Ownership, multipart, push};
use crate::pebble::{Client, CopyFailure, Error, Owner, Result};

fn local_io(path: &Path) -> impl FnOnce(io::Error) -> Error + '_ {
    move |source| Error::LocalIo {
        path: path.to_path_buf(),
        source,
    }
}

/// The last component of a workload path (`None` for `/`).
fn remote_name(path: &str) -> Option<String> {
    let name = path.trim_end_matches('/').rsplit('/').next()?;
    (!name.is_empty()).then(|| name.to_owned())
}

/// A local file name as UTF-8, which workload paths must be.
fn utf8_name(name: &OsStr, path: &Path) -> Result<String> {
    name.to_str()
        .map(str::to_owned)
        .ok_or_else(|| Error::LocalIo {
            path: path.to_path_buf(),
            source: io::Error::new(io::ErrorKind::InvalidData, "file name is not valid utf-8"),
        })
}

/// The entries of a local directory, sorted by name.
async fn local_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut entries = Vec::new();
    let mut read = tokio::fs::read_dir(dir).await.map_err(local_io(dir))?;
    while let Some(entry) = read.next_entry().await.map_err(local_io(dir))? {
        entries.push(entry.path());
    }
    entries.sort();
    Ok(entries)
}

/// One entry waiting to be pushed: where it is, and the names leading to it.
/// The entries of a recursive copy that failed so far.
#[derive(Default)]
struct Failures(Vec<CopyFailure>);

impl Failures {
    /// Records a failed entry and goes on, unless Pebble is gone: then nothing else can work.
    fn add(&mut self, path: String, error: Error) -> Result<()> {
        tracing::debug!(%path, %error, "an entry of a recursive copy failed");
        if error.is_connection() {
            return Err(error);
        }
        self.0.push(CopyFailure { path, error });
        Ok(())
    }

    /// `Ok` when nothing failed, the error itself for one failure, else
    /// [`Error::CopyFailed`] with all of them.
    fn into_result(mut self) -> Result<()> {
        match self.0.len() {
            0 => Ok(()),
            1 => Err(self.0.remove(0).error),
            _ => Err(Error::CopyFailed { failures: self.0 }),
        }
    }
}

struct LocalEntry {
    path: PathBuf,
    names: Vec<String>,
    /// Sources named by the caller follow symbolic links; entries found inside do not.
    top: bool,
}

/// One entry waiting to be pulled.
struct RemoteEntry {
    info: FileInfo,
    names: Vec<String>,
}

impl Client {
    /// Copies local files and directories into the workload directory `dest`, recursively.
    ///
    /// Each source is a local path: `/src/dir` lands in `dest/dir/...`, `/src/dir/*` puts
    /// the entries of `dir` in `dest/...`, and a file `/src/file` lands in `dest/file`.
    /// Directories are created as needed (with `make_parents`) and files keep their
    /// permission bits; contents stream, so memory stays bounded. A source named by the
    /// caller may be a symbolic link; links found inside a tree are skipped with a warning
    /// (Pebble cannot create links, and following them could copy data from outside the
    /// tree), as are sockets, pipes and devices. The copy stops at the first error; what was
    /// copied before stays. Each entry is one call under the client's timeout: for large
    /// files use a client made with [`Client::with_timeout`].
    ///
    /// # Errors
    ///
    /// [`Error::LocalIo`] naming the local path when reading it fails (or its name is not
    /// UTF-8); [`Error::PathOutsideDestination`] when an entry would land outside `dest`
    /// (nothing is written for it); the errors of [`Client::push_reader`] and
    /// [`Client::make_dir`] for each entry, naming the workload path.
    ///
    /// A failing entry does not stop the copy: every other entry is still copied (a
    /// directory that cannot be made is skipped with what it holds), and the call then
    /// returns the one error, or [`Error::CopyFailed`] listing them all. A connection error
    /// stops it at once.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// // /srv/site/... lands in /var/www/site/...
    /// client.push_path(&["/srv/site"], "/var/www").await?;
    /// // /srv/site/... lands in /var/www/...
    /// client.push_path(&["/srv/site/*"], "/var/www").await?;
    /// // A file lands under its own name.
    /// client.push_path(&["/srv/robots.txt"], "/var/www").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn push_path(&self, sources: &[impl AsRef<Path>], dest: &str) -> Result<()> {
        let mut failures = Failures::default();
        for source in sources {
            let source = source.as_ref();
            let stack = match local_roots(source).await {
                Ok(stack) => stack,
                Err(error) => {
                    failures.add(source.display().to_string(), error)?;
                    continue;
                }
            };
            let mut stack = stack;
            while let Some(entry) = stack.pop() {
                let path = entry.path.display().to_string();
                if let Err(error) = self.push_entry(entry, dest, &mut stack).await {
                    failures.add(path, error)?;
                }
            }
        }
        failures.into_result()
    }
}

/// The entries a push of `source` starts from.
async fn local_roots(source: &Path) -> Result<Vec<LocalEntry>> {
    let mut stack = Vec::new();
    if let Some(dir) = source.as_os_str().as_bytes().strip_suffix(b"/*") {
        let dir = if dir.is_empty() {
            Path::new("/")
        } else {
            Path::new(OsStr::from_bytes(dir))
        };
        for path in local_entries(dir).await?.into_iter().rev() {
            let name = utf8_name(path.file_name().unwrap_or_default(), &path)?;
            stack.push(LocalEntry {
                path,
                names: vec![name],
                top: false,
            });
        }
    } else {
        let canonical = tokio::fs::canonicalize(source)
            .await
            .map_err(local_io(source))?;
        let names = match canonical.file_name() {
            Some(name) => vec![utf8_name(name, source)?],
            None => Vec::new(),
        };
        stack.push(LocalEntry {
            path: source.to_path_buf(),
            names,
            top: true,
        });
    }
    Ok(stack)
}

impl Client {
    /// Pushes one local entry; a directory's entries go on `stack`.
    async fn push_entry(
        &self,
        entry: LocalEntry,
        dest: &str,
        stack: &mut Vec<LocalEntry>,
    ) -> Result<()> {
        let LocalEntry { path, names, top } = entry;
        let meta = if top {
            tokio::fs::metadata(&path).await
        } else {
            tokio::fs::symlink_metadata(&path).await
        }
        .map_err(local_io(&path))?;
        let target = remote_target(dest, &names, &path)?;
        let mode = meta.permissions().mode() & 0o777;
        if meta.is_dir() {
            if !names.is_empty() {
                self.make_dir(&target)
                    .make_parents(true)
                    .permissions(mode)
                    .await?;
            }
            for child in local_entries(&path).await?.into_iter().rev() {
                let name = utf8_name(child.file_name().unwrap_or_default(), &child)?;
                let mut child_names = names.clone();
                child_names.push(name);
                stack.push(LocalEntry {
                    path: child,
                    names: child_names,
                    top: false,
                });
            }
        } else if meta.is_file() {
            let file = tokio::fs::File::open(&path)
                .await
                .map_err(local_io(&path))?;
            let owner = Owner::default();
            let ownership = Ownership {
                permissions: Some(mode),
                owner: &owner,
            };
            let metadata = push::metadata(&target, true, ownership)?;
            self.push_from_reader(&target, file, metadata, |source| Error::LocalIo {
                path: path.clone(),
                source,
            })
            .await?;
        } else {
            tracing::warn!(path = %path.display(), "push_path skips a link or special file");
        }
        Ok(())
    }

    /// Copies workload files and directories into the local directory `dest`, recursively.
    ///
    /// Each source is an absolute workload path: `/src/dir` lands in `dest/dir/...`,
    /// `/src/dir/*` puts the entries of `dir` in `dest/...`, and a file `/src/file` lands
    /// in `dest/file`. `dest` and the directories below it are created as needed; each file
    /// streams into a temporary file beside its target and is renamed into place, with the
    /// permission bits Pebble reports. Symbolic links in the workload are copied as the file
    /// they point to; links to directories, sockets, pipes and devices are skipped. The copy
    /// stops at the first error; what was copied before stays.
    ///
    /// An entry whose place would be outside `dest` (a name that is `..` or holds a `/`, or
    /// a symbolic link in `dest` that leads outside it) is refused before anything is written
    /// for it.
    ///
    /// # Errors
    ///
    /// [`Error::PathOutsideDestination`] naming the workload entry, as above;
    /// [`Error::LocalIo`] naming the local path when writing fails; the errors of
    /// [`Client::list_files`] and [`Client::pull`] for each entry (a missing source is
    /// [`Error::Path`] with kind `not-found`).
    ///
    /// A failing entry does not stop the copy, as for [`Client::push_path`]: the call
    /// returns the one error, or [`Error::CopyFailed`] listing them all.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// // /var/log/app/... lands in /tmp/logs/app/...
    /// client.pull_path(&["/var/log/app"], "/tmp/logs").await?;
    /// // /var/log/app/... lands in /tmp/logs/...
    /// client.pull_path(&["/var/log/app/*"], "/tmp/logs").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn pull_path(&self, sources: &[&str], dest: impl AsRef<Path>) -> Result<()> {
        let dest = dest.as_ref();
        tokio::fs::create_dir_all(dest)
            .await
            .map_err(local_io(dest))?;
        let canonical_dest = tokio::fs::canonicalize(dest)
            .await
            .map_err(local_io(dest))?;
        let mut failures = Failures::default();
        for source in sources {
            let mut stack = match self.remote_roots(source).await {
                Ok(stack) => stack,
                Err(error) => {
                    failures.add((*source).to_owned(), error)?;
                    continue;
                }
            };
            while let Some(entry) = stack.pop() {
                let path = entry.info.path.clone();
                if let Err(error) = self
                    .pull_entry(entry, dest, &canonical_dest, &mut stack)
                    .await
                {
                    failures.add(path, error)?;
                }
            }
        }
        failures.into_result()
    }

    /// The entries a pull of `source` starts from.
    async fn remote_roots(&self, source: &str) -> Result<Vec<RemoteEntry>> {
        let mut stack = Vec::new();
        if let Some(dir) = source.strip_suffix("/*") {
            let dir = if dir.is_empty() { "/" } else { dir };
            for info in self.list_files(dir).await?.into_iter().rev() {
                let names = vec![info.name.clone()];
                stack.push(RemoteEntry { info, names });
            }
        } else {
            let mut infos = self.list_files(source).itself(true).await?;
            let info = infos
                .pop()
                .ok_or_else(|| Error::protocol(format!("pebble listed nothing for {source}")))?;
            let names = remote_name(source).into_iter().collect();
            stack.push(RemoteEntry { info, names });
        }
        Ok(stack)
    }

    /// Pulls one workload entry; a directory's entries go on `stack`.
    async fn pull_entry(
        &self,
        entry: RemoteEntry,
        dest: &Path,
        canonical_dest: &Path,
        stack: &mut Vec<RemoteEntry>,
    ) -> Result<()> {
        let RemoteEntry { info, names } = entry;
        let target = local_target(dest, &names, &info.path)?;
        check_local_links(dest, canonical_dest, &names, &info.path).await?;
        let file_type = match info.file_type {
            // Copy what the link points to, when that is a file.
            FileType::Symlink => self.stat(&info.path).await?.map(|real| real.file_type),
            other => Some(other),
        };
        match file_type {
            Some(FileType::Directory) if info.file_type == FileType::Directory => {
                if let Err(source) = tokio::fs::create_dir(&target).await {
                    let is_dir = source.kind() == io::ErrorKind::AlreadyExists
                        && tokio::fs::metadata(&target)
                            .await
                            .is_ok_and(|meta| meta.is_dir());
                    if !is_dir {
                        return Err(Error::LocalIo {
                            path: target,
                            source,
                        });
                    }
                }
                let children = self.list_files(&info.path).await?;
                for child in children.into_iter().rev() {
                    let mut child_names = names.clone();
                    child_names.push(child.name.clone());
                    stack.push(RemoteEntry {
                        info: child,
                        names: child_names,
                    });
                }
            }
            Some(FileType::File) => self.pull_file(&info, &target).await?,
            _ => tracing::debug!(path = %info.path, "pull_path skips a link or special file"),
        }
        Ok(())
    }

    /// Streams the workload file `info` into a temporary file, then renames it to `target`.
    async fn pull_file(&self, info: &FileInfo, target: &Path) -> Result<()> {
        let mut reader = self.pull(&info.path).await?;
        let Some(parent) = target.parent() else {
            return Err(Error::PathOutsideDestination {
                path: PathBuf::from(&info.path),
                destination: target.to_path_buf(),
            });
        };
        // Not derived from the target's name, which may already be as long as names get.
        let temp = parent.join(format!(".charm-pull-{}.part", &multipart::boundary()[..16]));
        let result = async {
            let mut file = tokio::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temp)
                .await
                .map_err(local_io(&temp))?;
            tokio::io::copy(&mut reader, &mut file)
                .await
                .map_err(|e| match pebble_error(e) {
                    Ok(pebble) => pebble,
                    Err(source) => Error::LocalIo {
                        path: temp.clone(),
                        source,
                    },
                })?;
            file.flush().await.map_err(local_io(&temp))?;
            drop(file);
            tokio::fs::set_permissions(&temp, std::fs::Permissions::from_mode(info.permissions))
                .await
                .map_err(local_io(&temp))?;
            tokio::fs::rename(&temp, target)
                .await
                .map_err(local_io(target))
        }
        .await;
        if result.is_err() {
            let _ = tokio::fs::remove_file(&temp).await;
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::UnixListener;

    use super::*;

    /// Serves `answer(request_line)` as a JSON envelope per connection, recording requests.
    fn scripted_pebble(socket: &Path, answer: fn(&str) -> String) -> Arc<Mutex<Vec<String>>> {
        let listener = UnixListener::bind(socket).unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    if stream.read(&mut byte).await.unwrap_or(0) == 0 {
                        break;
                    }
                    head.push(byte[0]);
                }
                let text = String::from_utf8_lossy(&head).into_owned();
                let line = text.lines().next().unwrap_or_default().to_owned();
                log.lock().unwrap().push(line.clone());
                let body = format!(
                    r#"{{"type":"sync","status-code":200,"status":"OK","result":{}}}"#,
                    answer(&line)
                );
                let response = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(response.as_bytes()).await;
                let _ = stream.shutdown().await;
            }
        });
        seen
    }

    fn entry(path: &str, name: &str, kind: &str) -> String {
        format!(
            r#"{{"path":"{path}","name":"{name}","type":"{kind}","permissions":"644","last-modified":"2026-01-01T00:00:00Z"}}"#
        )
    }

    #[tokio::test(flavor = "current_thread")]
    async fn pull_path_refuses_a_climbing_name_before_reading_or_writing() {
        let tmp = tempfile::tempdir().unwrap();
        let socket = tmp.path().join("pebble.socket");
        let seen = scripted_pebble(&socket, |line| {
            if line.contains("itself=true") {
                format!("[{}]", entry("/src/dir", "dir", "directory"))
            } else {
                format!("[{}]", entry("/src/dir/../escape", "../escape", "file"))
            }
        });
        let dest = tmp.path().join("dest");
        let err = Client::new(&socket)
            .pull_path(&["/src/dir"], &dest)
            .await
            .unwrap_err();
        match err {
            Error::PathOutsideDestination { path, destination } => {
                assert_eq!(path, Path::new("/src/dir/../escape"));
                assert_eq!(destination, dest);
            }
            other => panic!("unexpected {other:?}"),
        }
        let requests = seen.lock().unwrap().clone();
        assert!(
            requests.iter().all(|r| !r.contains("action=read")),
            "{requests:?}"
        );
        assert!(!tmp.path().join("escape").exists());
        // Only the directory itself was created.
        let mut names: Vec<_> = std::fs::read_dir(&dest)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        assert_eq!(names, ["dir"]);
        assert_eq!(std::fs::read_dir(dest.join("dir")).unwrap().count(), 0);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn pull_path_refuses_a_name_holding_a_slash() {
        let tmp = tempfile::tempdir().unwrap();
        let socket = tmp.path().join("pebble.socket");
        let _seen = scripted_pebble(&socket, |line| {
            if line.contains("itself=true") {
                format!("[{}]", entry("/src/dir", "dir", "directory"))
            } else {
                format!("[{}]", entry("/etc/passwd", "/etc/passwd", "file"))
            }
        });
        let dest = tmp.path().join("dest");
        let err = Client::new(&socket)
            .pull_path(&["/src/dir/*"], &dest)
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::PathOutsideDestination { ref path, .. } if path == Path::new("/etc/passwd")),
            "{err:?}"
        );
        assert_eq!(std::fs::read_dir(&dest).unwrap().count(), 0);
    }

    #[test]
    fn remote_names_are_last_components() {
        assert_eq!(remote_name("/src/dir").as_deref(), Some("dir"));
        assert_eq!(remote_name("/src/dir/").as_deref(), Some("dir"));
        assert_eq!(remote_name("/src/..").as_deref(), Some(".."));
        assert_eq!(remote_name("/"), None);
    }
}
