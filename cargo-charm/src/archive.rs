//! The `.charm` zip, written as charmcraft's `build_zip` writes it: deflated entries, no
//! directory entries, Unix permissions in the external attributes (`create_system` Unix, a
//! `0o100755` `dispatch`), each entry dated by its file's modification time.
//!
//! The archive is written beside its final path and renamed into place, so a failure never
//! leaves a partial `.charm`.

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use time::OffsetDateTime;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// What an entry holds.
#[derive(Debug, Clone, Copy)]
pub enum Content<'a> {
    /// A file, streamed into the archive.
    File(&'a Path),
    /// Generated text.
    Text(&'a str),
}

/// One file of the archive.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    /// Its path in the archive (`dispatch`, `metadata.yaml`).
    pub name: &'a str,
    /// What it holds.
    pub content: Content<'a>,
    /// Its permission bits (`0o755`, `0o644`).
    pub mode: u32,
}

/// Why the archive cannot be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot {what} {}", path.display())]
pub struct Error {
    /// What failed.
    what: &'static str,
    /// On which file.
    path: PathBuf,
    /// Why.
    #[source]
    source: io::Error,
}

impl Error {
    fn new(what: &'static str, path: &Path) -> impl FnOnce(io::Error) -> Self {
        let path = path.to_path_buf();
        move |source| Self { what, path, source }
    }
}

/// Writes `entries`, in order, to the zip at `path`; `now` dates the generated entries.
pub fn write(path: &Path, entries: &[Entry<'_>], now: SystemTime) -> Result<(), Error> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(Error::new("create the directory", dir))?;
    }
    let partial = path.with_extension("charm.partial");
    let result = write_to(&partial, entries, now).and_then(|()| {
        std::fs::rename(&partial, path).map_err(Error::new("move into place", path))
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

fn write_to(path: &Path, entries: &[Entry<'_>], now: SystemTime) -> Result<(), Error> {
    let file = File::create(path).map_err(Error::new("create", path))?;
    let mut zip = ZipWriter::new(BufWriter::new(file));
    let zip_error = |e: zip::result::ZipError| Error::new("write", path)(io::Error::other(e));
    for entry in entries {
        let mut options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .unix_permissions(entry.mode);
        match entry.content {
            Content::File(source) => {
                let mut input = File::open(source).map_err(Error::new("open", source))?;
                let modified = input
                    .metadata()
                    .and_then(|m| m.modified())
                    .map_err(Error::new("read the time of", source))?;
                options = options.last_modified_time(zip_time(modified));
                zip.start_file(entry.name, options).map_err(zip_error)?;
                io::copy(&mut input, &mut zip).map_err(Error::new("write", path))?;
            }
            Content::Text(text) => {
                options = options.last_modified_time(zip_time(now));
                zip.start_file(entry.name, options).map_err(zip_error)?;
                io::Write::write_all(&mut zip, text.as_bytes())
                    .map_err(Error::new("write", path))?;
            }
        }
    }
    let mut out = zip.finish().map_err(zip_error)?;
    io::Write::flush(&mut out).map_err(Error::new("write", path))?;
    Ok(())
}

/// A zip timestamp (UTC; zip has no time zone and Python writes local time, which is UTC
/// on build machines), or the zip epoch for times zip cannot hold.
fn zip_time(at: SystemTime) -> DateTime {
    DateTime::try_from(OffsetDateTime::from(at)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::io::Read;
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn entries_keep_their_order_modes_and_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let binary = dir.path().join("bin");
        std::fs::write(&binary, b"\x7fELF...").unwrap();
        std::fs::set_permissions(&binary, std::fs::Permissions::from_mode(0o700)).unwrap();
        let charm = dir.path().join("web_amd64.charm");
        let entries = [
            Entry {
                name: "dispatch",
                content: Content::File(&binary),
                mode: 0o755,
            },
            Entry {
                name: "metadata.yaml",
                content: Content::Text("name: web\n"),
                mode: 0o644,
            },
        ];
        write(&charm, &entries, SystemTime::now()).unwrap();

        let mut zip = zip::ZipArchive::new(File::open(&charm).unwrap()).unwrap();
        assert_eq!(zip.file_names().count(), 2);
        let mut dispatch = zip.by_index(0).unwrap();
        assert_eq!(dispatch.name(), "dispatch");
        assert_eq!(dispatch.unix_mode(), Some(0o100_755));
        assert_eq!(dispatch.compression(), CompressionMethod::Deflated);
        let mut bytes = Vec::new();
        dispatch.read_to_end(&mut bytes).unwrap();
        assert_eq!(bytes, b"\x7fELF...");
        drop(dispatch);
        assert_eq!(zip.by_index(1).unwrap().unix_mode(), Some(0o100_644));
        assert!(!dir.path().join("web_amd64.charm.partial").exists());
    }

    #[test]
    fn a_missing_input_leaves_no_archive() {
        let dir = tempfile::tempdir().unwrap();
        let charm = dir.path().join("web_amd64.charm");
        let missing = dir.path().join("nope");
        let entries = [Entry {
            name: "dispatch",
            content: Content::File(&missing),
            mode: 0o755,
        }];
        let error = write(&charm, &entries, SystemTime::now()).unwrap_err();
        assert!(error.to_string().starts_with("cannot open"), "{error}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
