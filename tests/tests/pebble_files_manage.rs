//! Listing, making directories, removing, and existence checks against a real Pebble.

// Test helpers: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use charm_runtime::pebble::Error;
use charm_runtime::pebble::files::FileType;
use charm_tests::pebble_or_skip;

fn kind_of(err: &Error) -> Option<&str> {
    match err {
        Error::Path { kind, .. } => kind.as_deref(),
        other => panic!("expected a path error, got {other:?}"),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn list_sorts_filters_and_lists_itself() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let dir = format!("{}/etc", pebble.scratch().display());
    for name in ["b.conf", "a.conf", "notes.txt"] {
        client
            .push(&format!("{dir}/{name}"), name)
            .make_dirs(true)
            .await
            .unwrap();
    }
    client.make_dir(&format!("{dir}/sub.conf")).await.unwrap();

    let all = client.list_files(&dir).await.unwrap();
    let names: Vec<&str> = all.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["a.conf", "b.conf", "notes.txt", "sub.conf"]);
    assert_eq!(all[0].path, format!("{dir}/a.conf"));
    assert_eq!(all[0].size, Some(6));
    assert_eq!(all[3].file_type, FileType::Directory);
    assert_eq!(all[3].size, None);

    let confs = client.list_files(&dir).pattern("*.conf").await.unwrap();
    let names: Vec<&str> = confs.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["a.conf", "b.conf", "sub.conf"]);

    let itself = client.list_files(&dir).itself(true).await.unwrap();
    assert_eq!(itself.len(), 1);
    assert_eq!(itself[0].path, dir);
    assert_eq!(itself[0].name, "etc");
    assert_eq!(itself[0].file_type, FileType::Directory);

    let empty = client.list_files(&format!("{dir}/sub.conf")).await.unwrap();
    assert!(empty.is_empty());
}

#[tokio::test(flavor = "current_thread")]
async fn list_errors_name_the_path() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let missing = format!("{}/missing", pebble.scratch().display());
    let err = client.list_files(&missing).await.unwrap_err();
    match &err {
        Error::Path { path, kind, .. } => {
            assert_eq!(path, &missing);
            assert_eq!(kind.as_deref(), Some("not-found"));
        }
        other => panic!("unexpected {other:?}"),
    }
    // A bad pattern is only noticed when there is an entry to match.
    let dir = pebble.scratch().display().to_string();
    client.push(&format!("{dir}/entry"), "x").await.unwrap();
    let err = client.list_files(&dir).pattern("[bad").await.unwrap_err();
    assert_eq!(kind_of(&err), Some("generic-file-error"));
}

#[tokio::test(flavor = "current_thread")]
async fn make_dir_applies_mode_and_owner() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let dir = format!("{}/data", pebble.scratch().display());
    client
        .make_dir(&dir)
        .permissions(0o750)
        .user_id(65534)
        .group_id(65534)
        .await
        .unwrap();
    let info = &client.list_files(&dir).itself(true).await.unwrap()[0];
    assert_eq!(info.file_type, FileType::Directory);
    assert_eq!(info.permissions, 0o750);
    assert_eq!(info.user_id, Some(65534));
    assert_eq!(info.group_id, Some(65534));

    // Existing directory: an error without make_parents, left alone with it.
    let err = client.make_dir(&dir).await.unwrap_err();
    assert_eq!(kind_of(&err), Some("generic-file-error"));
    client
        .make_dir(&dir)
        .make_parents(true)
        .permissions(0o700)
        .await
        .unwrap();
    let info = &client.list_files(&dir).itself(true).await.unwrap()[0];
    assert_eq!(info.permissions, 0o750);

    // Missing parents need make_parents.
    let nested = format!("{dir}/x/y/z");
    let err = client.make_dir(&nested).await.unwrap_err();
    assert_eq!(kind_of(&err), Some("not-found"));
    client.make_dir(&nested).make_parents(true).await.unwrap();
    assert!(client.is_dir(&nested).await.unwrap());
}

#[tokio::test(flavor = "current_thread")]
async fn remove_needs_recursive_for_a_full_directory() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let dir = format!("{}/tree", pebble.scratch().display());
    let file = format!("{dir}/sub/file");
    client.push(&file, "x").make_dirs(true).await.unwrap();

    let err = client.remove_path(&dir).await.unwrap_err();
    match &err {
        Error::Path {
            path,
            kind,
            message,
        } => {
            assert_eq!(path, &dir);
            assert_eq!(kind.as_deref(), Some("generic-file-error"));
            assert!(message.contains("not empty"), "{message}");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(client.exists(&file).await.unwrap());

    client.remove_path(&file).await.unwrap();
    assert!(!client.exists(&file).await.unwrap());
    client.remove_path(&dir).recursive(true).await.unwrap();
    assert!(!client.exists(&dir).await.unwrap());

    // Missing: not-found without recursive, fine with it.
    let err = client.remove_path(&dir).await.unwrap_err();
    assert_eq!(kind_of(&err), Some("not-found"));
    client.remove_path(&dir).recursive(true).await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn exists_and_is_dir() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let dir = format!("{}/d", pebble.scratch().display());
    let file = format!("{dir}/f");
    client.push(&file, "x").make_dirs(true).await.unwrap();

    assert!(client.exists(&file).await.unwrap());
    assert!(!client.is_dir(&file).await.unwrap());
    assert!(client.exists(&dir).await.unwrap());
    assert!(client.is_dir(&dir).await.unwrap());
    let missing = format!("{dir}/missing");
    assert!(!client.exists(&missing).await.unwrap());
    assert!(!client.is_dir(&missing).await.unwrap());

    // Errors other than not-found are errors, not `false`.
    let err = client.is_dir("relative").await.unwrap_err();
    assert!(err.to_string().contains("absolute"), "{err}");
    assert!(client.exists("relative").await.is_err());
}
