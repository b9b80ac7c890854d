//! Files: push, pull, list, make directories, remove, and the per-path errors.

use charm_runtime::pebble::Error;
use charm_runtime::pebble::files::FileType;
use tokio::io::AsyncReadExt;

use super::{Backend, path_error};

/// Asserts that `err` is the per-path error of `path` with `kind` and `message`, where
/// `<random>` stands for the random part of the temporary file Pebble writes first
/// (`/dir/file.2707707715~`).
#[track_caller]
fn assert_path_error(err: &Error, path: &str, kind: &str, message: &str) {
    let (got_path, got_kind, got_message) = path_error(err);
    let got_message = without_random_suffix(got_message);
    assert_eq!(
        (got_path, got_kind, got_message.as_str()),
        (path, Some(kind), message),
        "{err:?}"
    );
}

/// `message` with the random part of a temporary file name (`.<letters and digits>~`)
/// replaced by `<random>`.
fn without_random_suffix(message: &str) -> String {
    let Some(tilde) = message.find("~:") else {
        return message.to_owned();
    };
    let Some(dot) = message[..tilde].rfind('.') else {
        return message.to_owned();
    };
    let random = &message[dot + 1..tilde];
    if random.is_empty() || !random.chars().all(|c| c.is_ascii_alphanumeric()) {
        return message.to_owned();
    }
    format!("{}.<random>{}", &message[..dot], &message[tilde..])
}

/// Push, pull back, list with a pattern.
pub async fn files_push_pull_list(b: &impl Backend) {
    let client = b.client();
    let dir = b.scratch();
    client
        .push(&format!("{dir}/conf/app.yaml"), "port: 80\n")
        .make_dirs(true)
        .permissions(0o600)
        .await
        .unwrap();
    client
        .push(&format!("{dir}/conf/notes.txt"), "hello")
        .await
        .unwrap();
    assert_eq!(
        client
            .pull_string(&format!("{dir}/conf/app.yaml"))
            .await
            .unwrap(),
        "port: 80\n"
    );

    let listed = client.list_files(&format!("{dir}/conf")).await.unwrap();
    let names: Vec<&str> = listed.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["app.yaml", "notes.txt"]);
    assert_eq!(listed[0].path, format!("{dir}/conf/app.yaml"));
    assert_eq!(listed[0].size, Some(9));
    assert_eq!(listed[0].permissions, 0o600);
    let yaml_only = client
        .list_files(&format!("{dir}/conf"))
        .pattern("*.yaml")
        .await
        .unwrap();
    assert_eq!(yaml_only.len(), 1);
    let itself = client
        .list_files(&format!("{dir}/conf"))
        .itself(true)
        .await
        .unwrap();
    assert_eq!(itself.len(), 1);
    assert_eq!(itself[0].name, "conf");
    assert!(client.is_dir(&format!("{dir}/conf")).await.unwrap());

    // Pushing without make_dirs into a missing directory fails per path.
    let missing = format!("{dir}/missing/x");
    let err = client.push(&missing, "x").await.unwrap_err();
    assert_path_error(
        &err,
        &missing,
        "not-found",
        &format!("open {missing}.<random>~: no such file or directory"),
    );
}

/// Make directories, remove, and the per-path error kinds.
pub async fn files_manage_and_errors(b: &impl Backend) {
    let client = b.client();
    let dir = b.scratch();
    client
        .make_dir(&format!("{dir}/a/b"))
        .make_parents(true)
        .await
        .unwrap();
    assert!(client.is_dir(&format!("{dir}/a/b")).await.unwrap());
    let a = format!("{dir}/a");
    let err = client.make_dir(&a).await.unwrap_err();
    assert_path_error(
        &err,
        &a,
        "generic-file-error",
        &format!("mkdir {a}: file exists"),
    );
    let xy = format!("{dir}/x/y");
    let err = client.make_dir(&xy).await.unwrap_err();
    assert_path_error(
        &err,
        &xy,
        "not-found",
        &format!("mkdir {xy}.mkdir-new: no such file or directory"),
    );

    let err = client.remove_path(&a).await.unwrap_err();
    assert_path_error(
        &err,
        &a,
        "generic-file-error",
        &format!("remove {a}: directory not empty"),
    );
    client
        .remove_path(&format!("{dir}/a"))
        .recursive(true)
        .await
        .unwrap();
    assert!(!client.exists(&format!("{dir}/a")).await.unwrap());
    let err = client.remove_path(&a).await.unwrap_err();
    assert_path_error(
        &err,
        &a,
        "not-found",
        &format!("remove {a}: no such file or directory"),
    );
    // Recursive removal of a missing path succeeds.
    client
        .remove_path(&format!("{dir}/a"))
        .recursive(true)
        .await
        .unwrap();

    let nope = format!("{dir}/nope");
    let err = client.pull_bytes(&nope).await.unwrap_err();
    assert_path_error(
        &err,
        &nope,
        "not-found",
        &format!("stat {nope}: no such file or directory"),
    );
    let err = client.pull_bytes(&dir).await.unwrap_err();
    assert_path_error(
        &err,
        &dir,
        "generic-file-error",
        &format!("can only read a regular file: {dir:?}"),
    );
    let err = client.list_files(&nope).await.unwrap_err();
    assert_path_error(
        &err,
        &nope,
        "not-found",
        &format!("stat {nope}: no such file or directory"),
    );
}

/// ops: `test_push_and_pull_bytes`, `test_push_and_pull_non_utf8_data`,
/// `test_push_bytes_ignore_encoding`, `test_push_bytesio_ignore_encoding` and
/// `test_push_pull`. Bytes (NULs, Shift JIS text) and text go in and come back unchanged, from
/// memory and from a reader.
pub async fn push_and_pull_bytes_text_and_readers(b: &impl Backend) {
    let client = b.client();
    let path = format!("{}/test", b.scratch());
    // "日本語" in Shift JIS: not UTF-8.
    let sjis: &[u8] = &[0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea];
    for data in [
        &b"\x00\x01\x02\x03\x04"[..],
        sjis,
        b"\x00\x01",
        b"foo\nbar\nbaz-42",
    ] {
        client.push(&path, data.to_vec()).await.unwrap();
        assert_eq!(client.pull_bytes(&path).await.unwrap(), data);
        client
            .push_reader(&path, std::io::Cursor::new(data.to_vec()))
            .await
            .unwrap();
        let mut pulled = Vec::new();
        client
            .pull(&path)
            .await
            .unwrap()
            .read_to_end(&mut pulled)
            .await
            .unwrap();
        assert_eq!(pulled, data);
    }
    assert_eq!(client.pull_string(&path).await.unwrap(), "foo\nbar\nbaz-42");
    client.push(&path, sjis.to_vec()).await.unwrap();
    let err = client.pull_string(&path).await.unwrap_err();
    assert_eq!(
        path_error(&err),
        (
            path.as_str(),
            None,
            "content is not valid utf-8: invalid utf-8 sequence of 1 bytes from index 0"
        )
    );
}

/// ops: `test_push_and_pull_larger_file`. 1 MiB of varied bytes, sent and received in
/// several chunks.
pub async fn push_and_pull_a_larger_file(b: &impl Backend) {
    let client = b.client();
    let path = format!("{}/large", b.scratch());
    let data: Vec<u8> = (0..1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    client.push(&path, data.clone()).await.unwrap();
    let pulled = client.pull_bytes(&path).await.unwrap();
    assert!(pulled == data, "1 MiB came back different");
}

/// ops: `test_push_to_non_existent_subdir`, `test_push_as_child_of_file_raises_error`,
/// `test_push_with_permission_mask`, `test_push_file_with_relative_path_fails`.
pub async fn push_errors(b: &impl Backend) {
    let client = b.client();
    let dir = b.scratch();
    let nested = format!("{dir}/nonexistent_dir/test");
    let err = client.push(&nested, "data").await.unwrap_err();
    assert_path_error(
        &err,
        &nested,
        "not-found",
        &format!("open {nested}.<random>~: no such file or directory"),
    );
    client.push(&nested, "data").make_dirs(true).await.unwrap();
    assert_eq!(client.pull_string(&nested).await.unwrap(), "data");

    let file = format!("{dir}/file");
    client.push(&file, "data").await.unwrap();
    let child = format!("{file}/file");
    let err = client.push(&child, "data").await.unwrap_err();
    assert_path_error(
        &err,
        &child,
        "generic-file-error",
        &format!("open {child}.<random>~: not a directory"),
    );

    client.push(&file, "data").permissions(0o600).await.unwrap();
    client.push(&file, "data").permissions(0o777).await.unwrap();
    let err = client
        .push(&file, "data")
        .permissions(0o1000)
        .await
        .unwrap_err();
    assert_path_error(
        &err,
        &file,
        "generic-file-error",
        "permissions must be a 3-digit octal string, got \"1000\"",
    );

    let err = client.push("file", "").await.unwrap_err();
    assert_path_error(
        &err,
        "file",
        "generic-file-error",
        "paths must be absolute, got \"file\"",
    );
}

/// ops: `test_push_files_and_list`, `test_push_and_list_file`,
/// `test_push_files_and_list_by_pattern`. Listing gives each file's name, type, size and
/// permissions; a pattern filters names.
pub async fn push_and_list_details(b: &impl Backend) {
    let client = b.client();
    let dir = b.scratch();
    client
        .push(&format!("{dir}/file1"), "data")
        .permissions(0o620)
        .await
        .unwrap();
    client.push(&format!("{dir}/file2"), "data").await.unwrap();
    client.push(&format!("{dir}/file3"), "data").await.unwrap();
    let files = client.list_files(&format!("{dir}/")).await.unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            format!("{dir}/file1"),
            format!("{dir}/file2"),
            format!("{dir}/file3")
        ]
    );
    let first = &files[0];
    assert_eq!(
        (
            first.name.as_str(),
            &first.file_type,
            first.size,
            first.permissions
        ),
        ("file1", &FileType::File, Some(4), 0o620)
    );
    assert!(first.last_modified > charm_runtime::pebble::Timestamp::UNIX_EPOCH);
    assert_eq!(files[1].permissions, 0o644, "the default");

    for name in [
        "file1.gz",
        "file2.tar.gz",
        "file3.tar.bz2",
        "backup_file.gz",
    ] {
        client.push(&format!("{dir}/{name}"), "data").await.unwrap();
    }
    let gz = client
        .list_files(&format!("{dir}/"))
        .pattern("file*.gz")
        .await
        .unwrap();
    let paths: Vec<&str> = gz.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [format!("{dir}/file1.gz"), format!("{dir}/file2.tar.gz")]
    );
}

/// ops: `test_pull_not_found`, `test_pull_directory`, `test_list_files_not_found_raises`.
pub async fn pull_and_list_errors(b: &impl Backend) {
    let client = b.client();
    let err = client.pull("/not/found").await.unwrap_err();
    assert_path_error(
        &err,
        "/not/found",
        "not-found",
        "stat /not/found: no such file or directory",
    );
    let subdir = format!("{}/subdir", b.scratch());
    client.make_dir(&subdir).await.unwrap();
    let err = client.pull(&subdir).await.unwrap_err();
    assert_path_error(
        &err,
        &subdir,
        "generic-file-error",
        &format!("can only read a regular file: {subdir:?}"),
    );
    let err = client.list_files("/not/existing/file/").await.unwrap_err();
    assert_path_error(
        &err,
        "/not/existing/file/",
        "not-found",
        "stat /not/existing/file/: no such file or directory",
    );
}

/// ops: `test_list_directory_object_itself`. `/` itself is named `/`; a directory itself is
/// listed by its name.
pub async fn list_a_directory_itself(b: &impl Backend) {
    let client = b.client();
    let root = client.list_files("/").itself(true).await.unwrap();
    assert_eq!(root.len(), 1);
    assert_eq!(
        (
            root[0].path.as_str(),
            root[0].name.as_str(),
            &root[0].file_type
        ),
        ("/", "/", &FileType::Directory)
    );
    let subdir = format!("{}/subdir", b.scratch());
    client.make_dir(&subdir).await.unwrap();
    let listed = client.list_files(&subdir).itself(true).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (
            listed[0].path.as_str(),
            listed[0].name.as_str(),
            &listed[0].file_type
        ),
        (subdir.as_str(), "subdir", &FileType::Directory)
    );
}

/// ops: `test_make_directory`, `test_make_directory_recursively`,
/// `test_make_directory_with_relative_path_fails`, `test_make_subdir_of_file_fails`,
/// `test_make_dir_with_permission_mask`.
pub async fn make_directories(b: &impl Backend) {
    let client = b.client();
    let dir = b.scratch();
    let subdir = format!("{dir}/subdir");
    client.make_dir(&subdir).await.unwrap();
    let listed = client
        .list_files(&format!("{dir}/"))
        .pattern("subdir")
        .await
        .unwrap();
    assert_eq!(listed[0].path, subdir);
    let nested = format!("{subdir}/subdir");
    client.make_dir(&nested).await.unwrap();
    let listed = client.list_files(&subdir).pattern("subdir").await.unwrap();
    assert_eq!(listed[0].path, nested);

    let deep = format!("{dir}/deep/subdir");
    let err = client.make_dir(&deep).await.unwrap_err();
    assert_path_error(
        &err,
        &deep,
        "not-found",
        &format!("mkdir {deep}.mkdir-new: no such file or directory"),
    );
    client.make_dir(&deep).make_parents(true).await.unwrap();
    assert!(client.is_dir(&deep).await.unwrap());

    let err = client.make_dir("dir").await.unwrap_err();
    assert_path_error(
        &err,
        "dir",
        "generic-file-error",
        "paths must be absolute, got \"dir\"",
    );

    let file = format!("{dir}/file");
    client.push(&file, "data").await.unwrap();
    let under_file = format!("{file}/subdir");
    let err = client.make_dir(&under_file).await.unwrap_err();
    assert_path_error(
        &err,
        &under_file,
        "generic-file-error",
        &format!("mkdir {under_file}.mkdir-new: not a directory"),
    );
    let deeper = format!("{file}/subdir/subdir");
    let err = client
        .make_dir(&deeper)
        .make_parents(true)
        .await
        .unwrap_err();
    assert_path_error(
        &err,
        &deeper,
        "generic-file-error",
        &format!("mkdir {file}: not a directory"),
    );

    client
        .make_dir(&format!("{dir}/dir1"))
        .permissions(0o700)
        .await
        .unwrap();
    client
        .make_dir(&format!("{dir}/dir2"))
        .permissions(0o777)
        .await
        .unwrap();
    let listed = client
        .list_files(&format!("{dir}/"))
        .pattern("dir*")
        .await
        .unwrap();
    let modes: Vec<(&str, u32)> = listed
        .iter()
        .map(|f| (f.name.as_str(), f.permissions))
        .collect();
    assert_eq!(modes, [("dir1", 0o700), ("dir2", 0o777)]);
    let dir3 = format!("{dir}/dir3");
    let err = client
        .make_dir(&dir3)
        .permissions(0o1000)
        .await
        .unwrap_err();
    assert_path_error(
        &err,
        &dir3,
        "generic-file-error",
        "permissions must be a 3-digit octal string, got \"1000\"",
    );
}

/// ops: `test_remove_path`. Files and empty directories go; a non-empty directory only
/// recursively; a missing path is not found, unless removing recursively.
pub async fn remove_paths(b: &impl Backend) {
    let client = b.client();
    let dir = b.scratch();
    client.push(&format!("{dir}/file"), "").await.unwrap();
    client
        .make_dir(&format!("{dir}/dir/subdir"))
        .make_parents(true)
        .await
        .unwrap();
    for name in ["file1", "file2", "file3"] {
        client
            .push(&format!("{dir}/dir/subdir/{name}"), "")
            .await
            .unwrap();
    }
    client.make_dir(&format!("{dir}/empty_dir")).await.unwrap();

    client.remove_path(&format!("{dir}/file")).await.unwrap();
    client
        .remove_path(&format!("{dir}/empty_dir"))
        .await
        .unwrap();
    let full = format!("{dir}/dir");
    let err = client.remove_path(&full).await.unwrap_err();
    assert_path_error(
        &err,
        &full,
        "generic-file-error",
        &format!("remove {full}: directory not empty"),
    );
    client.remove_path(&full).recursive(true).await.unwrap();
    assert!(
        client
            .list_files(&format!("{dir}/"))
            .await
            .unwrap()
            .is_empty()
    );

    let missing = format!("{dir}/dir/does/not/exist/asdf");
    let err = client.remove_path(&missing).await.unwrap_err();
    assert_path_error(
        &err,
        &missing,
        "not-found",
        &format!("remove {missing}: no such file or directory"),
    );
    client.remove_path(&missing).recursive(true).await.unwrap();
}
