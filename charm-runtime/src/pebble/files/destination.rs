//! Where the entries of a recursive copy land, and the checks that keep them inside the
//! destination.
//!
//! An entry's place is the destination joined with the names on its way down the source
//! tree. Every name must be a plain name: not empty, not `.` or `..`, without `/` or NUL. On
//! the local side no existing component may be a symbolic link leading out of the
//! destination.

use std::io;
use std::path::{Path, PathBuf};

use crate::pebble::{Error, Result};

/// Whether `name` is one plain path component.
pub(super) fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\0'])
}

fn outside(entry: impl Into<PathBuf>, destination: impl Into<PathBuf>) -> Error {
    Error::PathOutsideDestination {
        path: entry.into(),
        destination: destination.into(),
    }
}

/// The local path of the entry `entry` (named for errors) reached by `names` under `root`.
///
/// # Errors
///
/// [`Error::PathOutsideDestination`] when a name is not a plain name.
pub(super) fn local_target(root: &Path, names: &[String], entry: &str) -> Result<PathBuf> {
    if !names.iter().all(|n| is_plain_name(n)) {
        return Err(outside(entry, root));
    }
    Ok(names
        .iter()
        .fold(root.to_path_buf(), |path, name| path.join(name)))
}

/// The workload path of the local entry `entry` reached by `names` under the workload `root`.
///
/// # Errors
///
/// [`Error::PathOutsideDestination`] when a name is not a plain name.
pub(super) fn remote_target(root: &str, names: &[String], entry: &Path) -> Result<String> {
    if !names.iter().all(|n| is_plain_name(n)) {
        return Err(outside(entry, root));
    }
    let mut path = root.trim_end_matches('/').to_owned();
    for name in names {
        path.push('/');
        path.push_str(name);
    }
    if path.is_empty() {
        path.push('/');
    }
    Ok(path)
}

/// Checks that no existing component of `root/names...` is a symbolic link leading outside
/// `root` (whose canonical form is `canonical_root`), so writing there stays inside.
///
/// # Errors
///
/// [`Error::PathOutsideDestination`] for a link leading outside (or nowhere),
/// [`Error::LocalIo`] when a component cannot be inspected.
pub(super) async fn check_local_links(
    root: &Path,
    canonical_root: &Path,
    names: &[String],
    entry: &str,
) -> Result<()> {
    let mut path = root.to_path_buf();
    for name in names {
        path.push(name);
        match tokio::fs::symlink_metadata(&path).await {
            Ok(meta) if meta.file_type().is_symlink() => {
                match tokio::fs::canonicalize(&path).await {
                    Ok(real) if real.starts_with(canonical_root) => {}
                    _ => return Err(outside(entry, root)),
                }
            }
            Ok(_) => {}
            // Nothing exists from here down: nothing can lead outside.
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(source) => return Err(Error::LocalIo { path, source }),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn plain_names_join_under_the_root() {
        let root = Path::new("/dest");
        assert_eq!(
            local_target(root, &names(&["dir", "a.txt"]), "/src/dir/a.txt").unwrap(),
            Path::new("/dest/dir/a.txt")
        );
        assert_eq!(local_target(root, &[], "/").unwrap(), Path::new("/dest"));
        assert_eq!(
            remote_target("/dest/", &names(&["dir", "a"]), Path::new("x")).unwrap(),
            "/dest/dir/a"
        );
        assert_eq!(
            remote_target("/", &names(&["a"]), Path::new("x")).unwrap(),
            "/a"
        );
        assert_eq!(remote_target("/", &[], Path::new("x")).unwrap(), "/");
    }

    #[test]
    fn names_that_climb_or_nest_are_refused_with_the_entry() {
        for bad in ["..", ".", "", "a/b", "../etc", "/abs", "nul\0"] {
            let err = local_target(Path::new("/dest"), &names(&["dir", bad]), "/src/dir/evil")
                .unwrap_err();
            match err {
                Error::PathOutsideDestination { path, destination } => {
                    assert_eq!(path, Path::new("/src/dir/evil"), "{bad:?}");
                    assert_eq!(destination, Path::new("/dest"));
                }
                other => panic!("{bad:?}: unexpected {other:?}"),
            }
            assert!(
                matches!(
                    remote_target("/dest", &names(&[bad]), Path::new("/local/evil")),
                    Err(Error::PathOutsideDestination { .. })
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn dotted_names_that_are_plain_are_allowed() {
        for ok in ["...", ".hidden", "a..b", "..x"] {
            assert!(is_plain_name(ok), "{ok:?}");
        }
    }

    #[tokio::test(flavor = "current_thread")]
    async fn links_leading_outside_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("dest");
        let outside_dir = tmp.path().join("outside");
        std::fs::create_dir_all(root.join("real")).unwrap();
        std::fs::create_dir_all(&outside_dir).unwrap();
        std::os::unix::fs::symlink(&outside_dir, root.join("escape")).unwrap();
        std::os::unix::fs::symlink(root.join("real"), root.join("inside")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("nowhere"), root.join("dangling")).unwrap();
        let canonical = std::fs::canonicalize(&root).unwrap();

        let err = check_local_links(&root, &canonical, &names(&["escape", "f"]), "/src/escape/f")
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::PathOutsideDestination { ref path, .. } if path == Path::new("/src/escape/f")),
            "{err:?}"
        );
        assert!(
            check_local_links(&root, &canonical, &names(&["dangling"]), "/src/dangling")
                .await
                .is_err()
        );
        check_local_links(&root, &canonical, &names(&["inside", "f"]), "/src/inside/f")
            .await
            .unwrap();
        check_local_links(
            &root,
            &canonical,
            &names(&["new", "deeper", "f"]),
            "/src/new",
        )
        .await
        .unwrap();
    }
}
