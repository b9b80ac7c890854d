//! push_path and pull_path against a real Pebble: the source rules, nested trees, modes,
//! and refusal of entries that would land outside the destination.

// Test helpers: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use charm_runtime::pebble::Error;
use charm_tests::pebble_or_skip;

/// Makes `root/dir/{a.txt, sub/b.bin, sub/deeper/c.txt, empty/}`.
fn local_tree(root: &Path) {
    let dir = root.join("dir");
    std::fs::create_dir_all(dir.join("sub/deeper")).unwrap();
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    std::fs::write(dir.join("a.txt"), "alpha").unwrap();
    std::fs::set_permissions(dir.join("a.txt"), std::fs::Permissions::from_mode(0o640)).unwrap();
    std::fs::write(dir.join("sub/b.bin"), [0u8, 1, 2, 255]).unwrap();
    std::fs::write(dir.join("sub/deeper/c.txt"), "gamma").unwrap();
}

/// Every path under `root`, relative, sorted, directories marked with a trailing `/`.
fn walk(root: &Path) -> Vec<String> {
    fn go(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(root).unwrap().display().to_string();
            if path.is_dir() {
                out.push(format!("{rel}/"));
                go(root, &path, out);
            } else {
                out.push(rel);
            }
        }
    }
    let mut out = Vec::new();
    go(root, root, &mut out);
    out.sort();
    out
}

#[tokio::test(flavor = "current_thread")]
async fn push_path_copies_a_directory_under_its_name() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let local = tempfile::tempdir().unwrap();
    local_tree(local.path());
    let dest = format!("{}/remote", pebble.scratch().display());

    client
        .push_path(&[local.path().join("dir")], &dest)
        .await
        .unwrap();

    // Pebble runs on this machine, so its files are ours to inspect.
    assert_eq!(
        walk(Path::new(&dest)),
        [
            "dir/",
            "dir/a.txt",
            "dir/empty/",
            "dir/sub/",
            "dir/sub/b.bin",
            "dir/sub/deeper/",
            "dir/sub/deeper/c.txt"
        ]
    );
    assert_eq!(
        client
            .pull_string(&format!("{dest}/dir/a.txt"))
            .await
            .unwrap(),
        "alpha"
    );
    assert_eq!(
        client
            .pull_bytes(&format!("{dest}/dir/sub/b.bin"))
            .await
            .unwrap(),
        [0u8, 1, 2, 255]
    );
    let info = client
        .list_files(&format!("{dest}/dir/a.txt"))
        .itself(true)
        .await
        .unwrap();
    assert_eq!(info[0].permissions, 0o640);
}

#[tokio::test(flavor = "current_thread")]
async fn push_path_star_copies_contents_and_files_keep_their_name() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let local = tempfile::tempdir().unwrap();
    local_tree(local.path());
    let dest = format!("{}/remote", pebble.scratch().display());

    let star = format!("{}/dir/*", local.path().display());
    client.push_path(&[star.as_str()], &dest).await.unwrap();
    assert_eq!(
        walk(Path::new(&dest)),
        [
            "a.txt",
            "empty/",
            "sub/",
            "sub/b.bin",
            "sub/deeper/",
            "sub/deeper/c.txt"
        ]
    );

    let files = format!("{}/files", pebble.scratch().display());
    client
        .push_path(
            &[
                local.path().join("dir/a.txt"),
                local.path().join("dir/sub/deeper/c.txt"),
            ],
            &files,
        )
        .await
        .unwrap();
    assert_eq!(walk(Path::new(&files)), ["a.txt", "c.txt"]);
    assert_eq!(
        client.pull_string(&format!("{files}/c.txt")).await.unwrap(),
        "gamma"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn push_path_errors_name_the_local_path() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let missing = pebble.scratch().join("no-such-dir");
    let err = client
        .push_path(&[&missing], "/tmp/unused")
        .await
        .unwrap_err();
    match err {
        Error::LocalIo { path, source } => {
            assert_eq!(path, missing);
            assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn pull_path_copies_trees_contents_and_files() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let remote = format!("{}/src", pebble.scratch().display());
    for (name, content) in [
        ("dir/a.txt", "alpha"),
        ("dir/sub/b.txt", "beta"),
        ("dir/sub/deeper/c.txt", "gamma"),
        ("top.txt", "top"),
    ] {
        client
            .push(&format!("{remote}/{name}"), content)
            .make_dirs(true)
            .permissions(0o600)
            .await
            .unwrap();
    }
    client
        .make_dir(&format!("{remote}/dir/empty"))
        .await
        .unwrap();

    let tree = tempfile::tempdir().unwrap();
    let dest = tree.path().join("not/yet/there");
    client
        .pull_path(&[&format!("{remote}/dir")], &dest)
        .await
        .unwrap();
    assert_eq!(
        walk(&dest),
        [
            "dir/",
            "dir/a.txt",
            "dir/empty/",
            "dir/sub/",
            "dir/sub/b.txt",
            "dir/sub/deeper/",
            "dir/sub/deeper/c.txt"
        ]
    );
    assert_eq!(
        std::fs::read_to_string(dest.join("dir/sub/deeper/c.txt")).unwrap(),
        "gamma"
    );
    let mode = std::fs::metadata(dest.join("dir/a.txt"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);

    let contents = tempfile::tempdir().unwrap();
    client
        .pull_path(
            &[&format!("{remote}/dir/*"), &format!("{remote}/top.txt")],
            contents.path(),
        )
        .await
        .unwrap();
    assert_eq!(
        walk(contents.path()),
        [
            "a.txt",
            "empty/",
            "sub/",
            "sub/b.txt",
            "sub/deeper/",
            "sub/deeper/c.txt",
            "top.txt"
        ]
    );
    assert_eq!(
        std::fs::read_to_string(contents.path().join("top.txt")).unwrap(),
        "top"
    );

    // Pulling again overwrites in place.
    client
        .push(&format!("{remote}/top.txt"), "top v2")
        .await
        .unwrap();
    client
        .pull_path(&[&format!("{remote}/top.txt")], contents.path())
        .await
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(contents.path().join("top.txt")).unwrap(),
        "top v2"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn pull_path_of_a_missing_source_is_not_found() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let dest = tempfile::tempdir().unwrap();
    let missing = format!("{}/missing", pebble.scratch().display());
    let err = client
        .pull_path(&[&missing], dest.path())
        .await
        .unwrap_err();
    match &err {
        Error::Path { path, kind, .. } => {
            assert_eq!(path, &missing);
            assert_eq!(kind.as_deref(), Some("not-found"));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(walk(dest.path()).is_empty());
}

#[tokio::test(flavor = "current_thread")]
async fn pull_path_refuses_a_local_link_leading_outside() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let remote = format!("{}/src", pebble.scratch().display());
    client
        .push(&format!("{remote}/dir/secret.txt"), "must not escape")
        .make_dirs(true)
        .await
        .unwrap();

    let local = tempfile::tempdir().unwrap();
    let dest = local.path().join("dest");
    let outside = local.path().join("outside");
    std::fs::create_dir_all(&dest).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    // dest/dir is a link out of dest: writing dest/dir/secret.txt would land in outside/.
    std::os::unix::fs::symlink(&outside, dest.join("dir")).unwrap();

    let err = client
        .pull_path(&[&format!("{remote}/dir")], &dest)
        .await
        .unwrap_err();
    match &err {
        Error::PathOutsideDestination { path, destination } => {
            assert_eq!(path, Path::new(&format!("{remote}/dir")));
            assert_eq!(destination, &dest);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(walk(&outside).is_empty(), "{:?}", walk(&outside));

    // A link that stays inside the destination is followed.
    std::fs::remove_file(dest.join("dir")).unwrap();
    std::fs::create_dir_all(dest.join("real")).unwrap();
    std::os::unix::fs::symlink(dest.join("real"), dest.join("dir")).unwrap();
    client
        .pull_path(&[&format!("{remote}/dir")], &dest)
        .await
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(dest.join("real/secret.txt")).unwrap(),
        "must not escape"
    );
}
