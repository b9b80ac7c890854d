//! Push and pull of single files against a real Pebble: content, modes, owners, errors.

// Test helpers: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use charm_runtime::pebble::Error;
use charm_runtime::pebble::files::FileType;
use charm_tests::pebble_or_skip;
use tokio::io::{AsyncRead, AsyncReadExt, ReadBuf};

fn path_error(err: &Error) -> (&str, Option<&str>, &str) {
    match err {
        Error::Path {
            path,
            kind,
            message,
        } => (path, kind.as_deref(), message),
        other => panic!("expected a path error, got {other:?}"),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn text_and_bytes_round_trip() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let dir = pebble.scratch();
    let conf = format!("{}/postgresql.conf", dir.display());
    let config = "port = 7777\nmax_connections = 1000\n";

    client.push(&conf, config).await.unwrap();
    assert_eq!(client.pull_string(&conf).await.unwrap(), config);
    assert_eq!(std::fs::read_to_string(&conf).unwrap(), config);

    let raw = format!("{}/raw.bin", dir.display());
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    client.push(&raw, &bytes).await.unwrap();
    let mut reader = client.pull(&raw).await.unwrap();
    assert_eq!(reader.path(), raw);
    let mut back = Vec::new();
    reader.read_to_end(&mut back).await.unwrap();
    assert_eq!(back, bytes);

    // A second push replaces the content, and an empty file is a file.
    client.push(&conf, "").await.unwrap();
    assert_eq!(client.pull_bytes(&conf).await.unwrap(), b"");
}

#[tokio::test(flavor = "current_thread")]
async fn names_with_quotes_and_backslashes_survive_the_multipart_headers() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let path = format!(r#"{}/a "quoted"\name; x=1.txt"#, pebble.scratch().display());
    client.push(&path, "tricky").await.unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "tricky");
    let reader = client.pull(&path).await.unwrap();
    assert_eq!(reader.path(), path);
    assert_eq!(client.pull_string(&path).await.unwrap(), "tricky");
}

#[tokio::test(flavor = "current_thread")]
async fn mode_and_owner_are_applied_and_listed() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let path = format!("{}/secret", pebble.scratch().display());
    client
        .push(&path, "s3cret")
        .permissions(0o600)
        .user_id(65534)
        .group_id(65534)
        .await
        .unwrap();
    let info = client.list_files(&path).itself(true).await.unwrap();
    assert_eq!(info.len(), 1);
    let info = &info[0];
    assert_eq!(info.path, path);
    assert_eq!(info.name, "secret");
    assert_eq!(info.file_type, FileType::File);
    assert_eq!(info.size, Some(6));
    assert_eq!(info.permissions, 0o600);
    assert_eq!(info.user_id, Some(65534));
    assert_eq!(info.user, "nobody");
    assert_eq!(info.group_id, Some(65534));
    let age = charm_runtime::pebble::Timestamp::now().duration_since(info.last_modified);
    assert!(age.abs() < jiff::SignedDuration::from_secs(600), "{age:?}");

    // By name, the group defaults to the user's primary group.
    let named = format!("{}/named", pebble.scratch().display());
    client.push(&named, "x").user("nobody").await.unwrap();
    let info = client.list_files(&named).itself(true).await.unwrap();
    assert_eq!(info[0].user_id, Some(65534));
    assert_eq!(info[0].group_id, Some(65534));
    assert_eq!(info[0].permissions, 0o644);
}

#[tokio::test(flavor = "current_thread")]
async fn bad_owner_is_a_path_error() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let path = format!("{}/owned", pebble.scratch().display());
    let err = client.push(&path, "x").group("nogroup").await.unwrap_err();
    let (p, _, message) = path_error(&err);
    assert_eq!(p, path);
    assert!(message.contains("must specify user"), "{message}");
    assert!(!std::path::Path::new(&path).exists());
}

#[tokio::test(flavor = "current_thread")]
async fn pulling_a_missing_file_is_not_found() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let path = format!("{}/nope", pebble.scratch().display());
    let err = client.pull(&path).await.unwrap_err();
    let (p, kind, message) = path_error(&err);
    assert_eq!(p, path);
    assert_eq!(kind, Some("not-found"));
    assert!(message.contains("no such file"), "{message}");
    assert!(err.is_not_found());
    assert!(client.pull_string(&path).await.unwrap_err().is_not_found());
}

#[tokio::test(flavor = "current_thread")]
async fn pulling_a_directory_is_a_generic_file_error() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let dir = pebble.scratch().display().to_string();
    let err = client.pull(&dir).await.unwrap_err();
    let (p, kind, message) = path_error(&err);
    assert_eq!(p, dir);
    assert_eq!(kind, Some("generic-file-error"));
    assert!(message.contains("regular file"), "{message}");
}

#[tokio::test(flavor = "current_thread")]
async fn relative_paths_are_refused() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let err = client
        .push("relative/file", "x")
        .make_dirs(true)
        .await
        .unwrap_err();
    let (p, kind, message) = path_error(&err);
    assert_eq!(p, "relative/file");
    assert_eq!(kind, Some("generic-file-error"));
    assert!(message.contains("must be absolute"), "{message}");
    let err = client.pull("relative/file").await.unwrap_err();
    let (p, kind, message) = path_error(&err);
    assert_eq!(p, "relative/file");
    assert_eq!(kind, Some("generic-file-error"));
    assert!(message.contains("must be absolute"), "{message}");
}

#[tokio::test(flavor = "current_thread")]
async fn missing_parent_needs_make_dirs() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let path = format!("{}/a/b/c.txt", pebble.scratch().display());
    let err = client.push(&path, "x").await.unwrap_err();
    let (p, kind, _) = path_error(&err);
    assert_eq!(p, path);
    assert_eq!(kind, Some("not-found"));

    client.push(&path, "x").make_dirs(true).await.unwrap();
    assert_eq!(client.pull_string(&path).await.unwrap(), "x");
    let parent = format!("{}/a/b", pebble.scratch().display());
    assert!(client.is_dir(&parent).await.unwrap());
}

/// Yields some bytes, then fails.
struct Failing {
    sent: bool,
}

impl AsyncRead for Failing {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.sent {
            Poll::Ready(Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "source went away",
            )))
        } else {
            self.sent = true;
            buf.put_slice(b"partial");
            Poll::Ready(Ok(()))
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_failing_reader_aborts_the_push_and_keeps_the_old_file() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let path = format!("{}/kept", pebble.scratch().display());
    client.push(&path, "old").await.unwrap();

    let err = client
        .push_reader(&path, Failing { sent: false })
        .await
        .unwrap_err();
    match &err {
        Error::PushContent { path: p, source } => {
            assert_eq!(p, &path);
            assert_eq!(source.kind(), io::ErrorKind::BrokenPipe);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(client.pull_string(&path).await.unwrap(), "old");
}

#[tokio::test(flavor = "current_thread")]
async fn push_reader_streams_a_local_file() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let local = pebble.scratch().join("local.txt");
    std::fs::write(&local, "from disk\n").unwrap();
    let remote = format!("{}/copy/of/local.txt", pebble.scratch().display());
    let file = tokio::fs::File::open(&local).await.unwrap();
    client
        .push_reader(&remote, file)
        .make_dirs(true)
        .await
        .unwrap();
    assert_eq!(client.pull_string(&remote).await.unwrap(), "from disk\n");
}
