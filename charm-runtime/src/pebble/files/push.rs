//! Push: `POST /v1/files` with a `multipart/form-data` body whose content is streamed.

use std::fmt;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;
use futures_util::{StreamExt, future, stream};
use serde::Serialize;
use tokio::io::AsyncRead;
use tokio_util::io::ReaderStream;

use super::{Ownership, PathResult, check_header_safe, multipart, single_result};
use crate::pebble::owner::owner_setters;
use crate::pebble::progress::{Progress, until_stalled};
use crate::pebble::wire::{ApiRequest, ByteStream};
use crate::pebble::{Client, Error, Owner, Result};
use crate::request::into_future;

/// How many bytes of a reader are read and sent at a time.
const CHUNK: usize = 64 * 1024;

/// A file to write in the workload, written when awaited: [`Client::push`] (content in
/// memory) or [`Client::push_reader`] (content streamed from a reader).
///
/// By default Pebble writes the file with mode `0644`, owned by the user Pebble runs as, and
/// fails when the parent directory is missing.
///
/// # Examples
///
/// ```no_run
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// client
///     .push("/etc/pg/secret.conf", "password = x\n")
///     .make_dirs(true)
///     .permissions(0o600)
///     .user("postgres")
///     .group("postgres")
///     .await?;
/// # Ok(())
/// # }
/// ```
#[must_use = "a Pebble request does nothing until it is awaited"]
pub struct Push<'a> {
    client: &'a Client,
    path: &'a str,
    content: Content,
    make_dirs: bool,
    permissions: Option<u32>,
    owner: Owner,
}

/// What a [`Push`] writes.
enum Content {
    /// Bytes in memory.
    Bytes(Bytes),
    /// Everything a reader yields.
    Reader(Pin<Box<dyn AsyncRead + Send>>),
}

impl fmt::Debug for Push<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Push")
            .field("path", &self.path)
            .field("make_dirs", &self.make_dirs)
            .field("permissions", &self.permissions)
            .field("owner", &self.owner)
            .finish_non_exhaustive()
    }
}

impl<'a> Push<'a> {
    fn new(client: &'a Client, path: &'a str, content: Content) -> Self {
        Self {
            client,
            path,
            content,
            make_dirs: false,
            permissions: None,
            owner: Owner::default(),
        }
    }

    /// Creates missing parent directories (mode `0755`, with the file's owner), like `mkdir -p`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// client.push("/etc/app/conf.d/port.conf", "port = 80\n").make_dirs(true).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn make_dirs(mut self, make_dirs: bool) -> Self {
        self.make_dirs = make_dirs;
        self
    }

    /// Sets the mode of the file, such as `0o600` (the nine permission bits; the umask is
    /// ignored). Pebble refuses modes above `0o777`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// client.push("/etc/app/secret", "x").permissions(0o640).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn permissions(mut self, mode: u32) -> Self {
        self.permissions = Some(mode);
        self
    }

    owner_setters!(
        role = "that owns the file",
        call = "client.push(\"/etc/pg/pg.conf\", \"port = 5432\\n\")",
    );

    /// The mode and owner as Pebble wants them.
    fn ownership(&self) -> Ownership<'_> {
        Ownership {
            permissions: self.permissions,
            owner: &self.owner,
        }
    }

    async fn send(self) -> Result<()> {
        let (client, path) = (self.client, self.path);
        let metadata = metadata(path, self.make_dirs, self.ownership())?;
        match self.content {
            Content::Bytes(bytes) => {
                let content = stream::once(future::ready(Ok(bytes)));
                client.push_stream(path, Box::pin(content), metadata).await
            }
            Content::Reader(reader) => {
                client
                    .push_from_reader(path, reader, metadata, |source| Error::PushContent {
                        path: path.to_owned(),
                        source,
                    })
                    .await
            }
        }
    }
}

into_future!(['a] Push<'a> => Result<()>);

/// Content for [`Client::push`], already in memory: text or bytes.
///
/// Made with `.into()` from `&str`, `String`, `&[u8]`, `Vec<u8>`, byte arrays and
/// [`Bytes`]. For content that is large or comes from a file, use [`Client::push_reader`].
///
/// # Examples
///
/// ```
/// use charm_runtime::pebble::files::PushSource;
///
/// let text: PushSource = "port = 7777\n".into();
/// let raw: PushSource = vec![0u8, 1, 2].into();
/// assert_eq!(text.len(), 12);
/// assert_eq!(raw.len(), 3);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushSource(Bytes);

impl PushSource {
    /// The number of bytes to write.
    ///
    /// # Examples
    ///
    /// ```
    /// # use charm_runtime::pebble::files::PushSource;
    /// assert_eq!(PushSource::from("abc").len(), 3);
    /// ```
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the file will be empty.
    ///
    /// # Examples
    ///
    /// ```
    /// # use charm_runtime::pebble::files::PushSource;
    /// assert!(PushSource::from("").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Bytes> for PushSource {
    fn from(bytes: Bytes) -> Self {
        Self(bytes)
    }
}

impl From<Vec<u8>> for PushSource {
    fn from(bytes: Vec<u8>) -> Self {
        Self(Bytes::from(bytes))
    }
}

impl From<String> for PushSource {
    fn from(text: String) -> Self {
        Self(Bytes::from(text))
    }
}

impl From<&str> for PushSource {
    fn from(text: &str) -> Self {
        Self(Bytes::copy_from_slice(text.as_bytes()))
    }
}

impl From<&String> for PushSource {
    fn from(text: &String) -> Self {
        Self::from(text.as_str())
    }
}

impl From<&[u8]> for PushSource {
    fn from(bytes: &[u8]) -> Self {
        Self(Bytes::copy_from_slice(bytes))
    }
}

impl From<&Vec<u8>> for PushSource {
    fn from(bytes: &Vec<u8>) -> Self {
        Self::from(bytes.as_slice())
    }
}

impl<const N: usize> From<[u8; N]> for PushSource {
    fn from(bytes: [u8; N]) -> Self {
        Self(Bytes::copy_from_slice(&bytes))
    }
}

impl<const N: usize> From<&[u8; N]> for PushSource {
    fn from(bytes: &[u8; N]) -> Self {
        Self(Bytes::copy_from_slice(bytes))
    }
}

/// The JSON metadata part of a push.
#[derive(Serialize)]
struct WriteRequest<'a> {
    action: &'static str,
    files: [WriteItem<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct WriteItem<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    make_dirs: bool,
    #[serde(flatten)]
    owner: Ownership<'a>,
}

/// The metadata JSON of a one-file push.
pub(super) fn metadata(path: &str, make_dirs: bool, owner: Ownership<'_>) -> Result<Vec<u8>> {
    let request = WriteRequest {
        action: "write",
        files: [WriteItem {
            path,
            make_dirs,
            owner,
        }],
    };
    serde_json::to_vec(&request).map_err(|e| Error::protocol_with("cannot encode push metadata", e))
}

impl Client {
    /// Writes `source` (text or bytes already in memory) to the file `path` in the workload;
    /// [`Push`] sets parent directories, mode and owner.
    ///
    /// The file is replaced atomically (Pebble writes a temporary file and renames it).
    ///
    /// # Errors
    ///
    /// [`Error::Path`] with Pebble's kind when the file cannot be written: `not-found` when
    /// the parent directory is missing and [`Push::make_dirs`] is not set,
    /// `generic-file-error` for a relative path, a bad owner or mode, `permission-denied`.
    /// [`Error::Timeout`] when nothing moves for the client's timeout (no bytes taken by
    /// Pebble, or no answer once all were sent); connection and protocol errors as for any
    /// call.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let config = "port = 7777\nmax_connections = 1000\n";
    /// client.push("/etc/pg/postgresql.conf", config).make_dirs(true).await?;
    /// client.push("/etc/pg/secret", vec![1u8, 2, 3]).permissions(0o600).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn push<'a>(&'a self, path: &'a str, source: impl Into<PushSource>) -> Push<'a> {
        let PushSource(bytes) = source.into();
        Push::new(self, path, Content::Bytes(bytes))
    }

    /// Writes everything `reader` yields to the file `path` in the workload, streaming it;
    /// [`Push`] sets parent directories, mode and owner.
    ///
    /// The content is read and sent in chunks of 64 KiB as Pebble takes them, so memory stays
    /// bounded whatever the size. The client's timeout bounds how long nothing may move, not
    /// the whole transfer: a large file that flows steadily takes as long as it takes, and a
    /// peer (or a local reader) that stalls for the timeout fails the call.
    ///
    /// # Errors
    ///
    /// As [`Client::push`], plus [`Error::PushContent`] when reading from `reader` fails (the
    /// upload is then aborted and Pebble keeps the old file).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use std::time::Duration;
    ///
    /// # async fn f(client: charm_runtime::pebble::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let backup = tokio::fs::File::open("/var/backups/db.sql").await?;
    /// client
    ///     .with_timeout(Duration::from_secs(60))
    ///     .push_reader("/restore/db.sql", backup)
    ///     .make_dirs(true)
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn push_reader<'a>(
        &'a self,
        path: &'a str,
        reader: impl AsyncRead + Send + 'static,
    ) -> Push<'a> {
        Push::new(self, path, Content::Reader(Box::pin(reader)))
    }

    /// Streams `reader` to `path`; a read failure becomes `on_read_error(cause)`.
    pub(super) async fn push_from_reader(
        &self,
        path: &str,
        reader: impl AsyncRead + Send + 'static,
        metadata: Vec<u8>,
        on_read_error: impl FnOnce(io::Error) -> Error,
    ) -> Result<()> {
        // The body stream hands hyper a copy of a read error; the original is kept here so
        // the caller gets a typed error rather than hyper's "body write aborted".
        let failure: Arc<Mutex<Option<io::Error>>> = Arc::default();
        let slot = Arc::clone(&failure);
        let content = ReaderStream::with_capacity(reader, CHUNK).map(move |chunk| {
            chunk.map_err(|e| {
                let copy = io::Error::new(e.kind(), e.to_string());
                *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(e);
                copy
            })
        });
        let result = self.push_stream(path, Box::pin(content), metadata).await;
        let read_error = failure
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        match read_error {
            Some(cause) => Err(on_read_error(cause)),
            None => result,
        }
    }

    /// Sends one file: the `metadata` part, then `content` as the file part.
    async fn push_stream(&self, path: &str, content: ByteStream, metadata: Vec<u8>) -> Result<()> {
        check_header_safe(path)?;
        let boundary = multipart::boundary();
        let head = multipart::push_head(&boundary, &metadata, path);
        let tail = multipart::push_tail(&boundary);
        // Each chunk hyper takes means the previous one was written: that is progress.
        let progress = Progress::new();
        let moved = progress.clone();
        let body = stream::once(future::ready(Ok(head)))
            .chain(content)
            .chain(stream::once(future::ready(Ok(tail))))
            .inspect(move |_| moved.touch());
        let request = ApiRequest::post_stream(
            "/v1/files",
            multipart::content_type(&boundary),
            Box::pin(body),
        );
        let what = format!("push {path} to make progress");
        let results: Vec<PathResult> = until_stalled(self.timeout(), &what, &progress, async {
            self.transport.envelope(request).await?.result()
        })
        .await?;
        single_result(path, results)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_names_every_option() {
        let client = Client::new("/tmp/unused.socket");
        let push = client
            .push("/x/y", "")
            .make_dirs(true)
            .permissions(0o600)
            .user("u")
            .user_id(1000)
            .group("g")
            .group_id(1001);
        let json: serde_json::Value =
            serde_json::from_slice(&metadata(push.path, push.make_dirs, push.ownership()).unwrap())
                .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"action": "write", "files": [{
                "path": "/x/y", "make-dirs": true, "permissions": "600",
                "user-id": 1000, "user": "u", "group-id": 1001, "group": "g"
            }]})
        );
    }

    #[test]
    fn default_metadata_is_just_the_path() {
        let client = Client::new("/tmp/unused.socket");
        let push = client.push("/x", "");
        let json: serde_json::Value =
            serde_json::from_slice(&metadata(push.path, push.make_dirs, push.ownership()).unwrap())
                .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"action": "write", "files": [{"path": "/x"}]})
        );
    }

    #[test]
    fn sources_convert_from_text_and_bytes() {
        let owned = String::from("abc");
        assert_eq!(PushSource::from(&owned).0, Bytes::from_static(b"abc"));
        assert_eq!(PushSource::from(*b"ab").len(), 2);
        assert_eq!(PushSource::from(&[1u8, 2, 3][..]).len(), 3);
        assert!(PushSource::from(Vec::new()).is_empty());
    }
}
