//! Pull: `GET /v1/files?action=read`, answered with a `multipart/form-data` body that is
//! streamed to the caller as it arrives.

use std::fmt;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::{Stream, stream};
use multer::{Constraints, Field, Multipart, SizeLimit};
use tokio::io::{AsyncRead, AsyncReadExt, ReadBuf};
use tokio_util::io::StreamReader;

use super::{PathResult, multipart, single_result, with_path};
use crate::pebble::transport::{self, RawResponse};
use crate::pebble::wire::{ApiRequest, decode_envelope};
use crate::pebble::{Client, Error, Result};
use crate::request::into_future;

/// The `response` part and error envelopes are small; refuse anything bigger than this.
const MAX_RESPONSE_PART: usize = 1 << 20;

type ChunkStream = Pin<Box<dyn Stream<Item = io::Result<Bytes>> + Send + 'static>>;

/// The content of a file being pulled from the workload, read as it arrives.
///
/// Returned by [`Client::pull`]. It implements [`AsyncRead`], so it can be read with
/// [`AsyncReadExt`] or copied with [`tokio::io::copy`]. When the content ends the reader
/// checks Pebble's closing `response` part, so a read that reaches the end without an error
/// got the whole file.
///
/// Read errors are [`io::Error`]s wrapping a [`pebble::Error`](crate::pebble::Error) (get it
/// back with [`io::Error::into_inner`] and `downcast`).
///
/// # Examples
///
/// ```no_run
/// use tokio::io::AsyncBufReadExt;
///
/// # async fn f(client: charm_runtime::pebble::Client) -> Result<(), Box<dyn std::error::Error>> {
/// let reader = client.pull("/var/log/app.log").await?;
/// let mut lines = tokio::io::BufReader::new(reader).lines();
/// while let Some(line) = lines.next_line().await? {
///     if line.contains("ERROR") {
///         println!("{line}");
///     }
/// }
/// # Ok(())
/// # }
/// ```
pub struct FileReader {
    path: String,
    inner: StreamReader<ChunkStream, Bytes>,
}

impl fmt::Debug for FileReader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileReader")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl FileReader {
    /// The workload path this reader reads.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let reader = client.pull("/etc/hostname").await?;
    /// assert_eq!(reader.path(), "/etc/hostname");
    /// # Ok(())
    /// # }
    /// ```
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Reads the head of a pull answer for `path`, up to the start of the file's content.
    pub(crate) async fn open(path: &str, response: RawResponse) -> Result<Self> {
        let content_type = response.content_type.clone().unwrap_or_default();
        if !content_type
            .get(..19)
            .is_some_and(|t| t.eq_ignore_ascii_case("multipart/form-data"))
        {
            // Precondition failures are plain envelopes.
            let body = transport::collect(response.body, MAX_RESPONSE_PART).await?;
            decode_envelope(response.status, &body).map_err(|e| with_path(path, e))?;
            return Err(Error::protocol(format!(
                "expected a multipart answer when pulling {path}, got {content_type:?}"
            )));
        }
        let boundary = multer::parse_boundary(&content_type)
            .map_err(|e| Error::protocol_with(format!("bad pull answer for {path}"), e))?;
        let constraints = Constraints::new()
            .size_limit(SizeLimit::new().for_field("response", MAX_RESPONSE_PART as u64));
        let mut parts = Multipart::with_constraints(response.body, boundary, constraints);
        let first = parts
            .next_field()
            .await
            .map_err(multipart_error)?
            .ok_or_else(|| Error::protocol(format!("pebble sent no parts when pulling {path}")))?;
        match disposition(&first, "name").as_deref() {
            Some("response") => {
                // A failed path has no files part: the response comes first and says why.
                let body = first.bytes().await.map_err(multipart_error)?;
                check_response(path, &body)?;
                Err(Error::protocol(format!(
                    "pebble sent no content for {path}"
                )))
            }
            Some("files") => {
                let filename = disposition(&first, "filename");
                if filename.as_deref() != Some(path) {
                    return Err(Error::protocol(format!(
                        "pebble sent {filename:?} when pulling {path}"
                    )));
                }
                Ok(Self::streaming(path.to_owned(), parts, first))
            }
            other => Err(Error::protocol(format!(
                "unexpected part {other:?} when pulling {path}"
            ))),
        }
    }

    /// A reader of `field`'s content that checks the closing `response` part at the end.
    fn streaming(path: String, parts: Multipart<'static>, field: Field<'static>) -> Self {
        /// What is left to read; `None` once the stream has ended or failed.
        struct Reading {
            parts: Multipart<'static>,
            field: Field<'static>,
            path: String,
        }
        let start = Reading {
            parts,
            field,
            path: path.clone(),
        };
        let chunks = stream::unfold(Some(Box::new(start)), |state| async move {
            let mut reading = state?;
            match reading.field.chunk().await {
                Ok(Some(chunk)) => Some((Ok(chunk), Some(reading))),
                Ok(None) => {
                    let Reading {
                        mut parts,
                        field,
                        path,
                    } = *reading;
                    drop(field);
                    match finish(&mut parts, &path).await {
                        Ok(()) => None,
                        Err(e) => Some((Err(transport::io_error(e)), None)),
                    }
                }
                Err(e) => Some((Err(transport::io_error(multipart_error(e))), None)),
            }
        });
        let chunks: ChunkStream = Box::pin(chunks);
        Self {
            path,
            inner: StreamReader::new(chunks),
        }
    }
}

impl AsyncRead for FileReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

/// Reads the parts after the file's content: exactly one `response` part saying it went well.
async fn finish(parts: &mut Multipart<'static>, path: &str) -> Result<()> {
    let field = parts
        .next_field()
        .await
        .map_err(multipart_error)?
        .ok_or_else(|| Error::protocol(format!("pull answer for {path} has no response part")))?;
    match disposition(&field, "name").as_deref() {
        Some("response") => {
            let body = field.bytes().await.map_err(multipart_error)?;
            check_response(path, &body)
        }
        other => Err(Error::protocol(format!(
            "unexpected part {other:?} after the content of {path}"
        ))),
    }
}

/// Decodes the `response` part: a sync envelope with one result, which may be a path error.
fn check_response(path: &str, body: &[u8]) -> Result<()> {
    let envelope = decode_envelope(200, body).map_err(|e| with_path(path, e))?;
    if envelope.kind != "sync" {
        return Err(Error::protocol(format!(
            "pull response for {path} has type {:?}",
            envelope.kind
        )));
    }
    let results: Vec<PathResult> = envelope.result()?;
    single_result(path, results)
}

/// A raw `Content-Disposition` parameter of a part (never multer's own file name handling).
fn disposition(field: &Field<'_>, param: &str) -> Option<String> {
    let header = field.headers().get(http::header::CONTENT_DISPOSITION)?;
    multipart::disposition_param(header.as_bytes(), param)
}

/// Maps a multipart parse failure, keeping a transport error that caused it.
fn multipart_error(error: multer::Error) -> Error {
    match error {
        multer::Error::StreamReadFailed(cause) => match cause.downcast::<Error>() {
            Ok(inner) => *inner,
            Err(other) => Error::protocol_with("cannot read pull answer", other),
        },
        other => Error::protocol_with("malformed multipart answer from pebble", other),
    }
}

/// Splits an I/O error from a [`FileReader`] into the Pebble error it carries, if any.
pub(super) fn pebble_error(error: io::Error) -> std::result::Result<Error, io::Error> {
    if error.get_ref().is_some_and(|e| e.is::<Error>()) {
        match error.into_inner().map(|e| e.downcast::<Error>()) {
            Some(Ok(inner)) => Ok(*inner),
            Some(Err(other)) => Err(io::Error::other(other)),
            None => Err(io::Error::other("unknown read error")),
        }
    } else {
        Err(error)
    }
}

/// How much [`Client::pull_bytes`] and [`Client::pull_string`] read by default: 16 MiB.
pub const DEFAULT_PULL_LIMIT: u64 = 16 << 20;

/// A read of a whole file into memory, sent when awaited: [`Client::pull_bytes`].
///
/// # Examples
///
/// ```no_run
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// let small = client.pull_bytes("/etc/hostname").limit(4096).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[must_use = "a Pebble request does nothing until it is awaited"]
pub struct PullBytes<'a> {
    client: &'a Client,
    path: &'a str,
    limit: u64,
}

impl PullBytes<'_> {
    /// Fails with [`Error::TooLarge`] rather than read more than `limit` bytes (default
    /// [`DEFAULT_PULL_LIMIT`]).
    ///
    /// # Examples
    ///
    /// See [`PullBytes`].
    pub fn limit(mut self, limit: u64) -> Self {
        self.limit = limit;
        self
    }

    async fn send(self) -> Result<Vec<u8>> {
        let path = self.path;
        let reader = self.client.pull(path).await?;
        let mut content = Vec::new();
        reader
            .take(self.limit.saturating_add(1))
            .read_to_end(&mut content)
            .await
            .map_err(|e| match pebble_error(e) {
                Ok(error) => error,
                Err(other) => Error::protocol_with(format!("cannot read {path}"), other),
            })?;
        if content.len() as u64 > self.limit {
            return Err(Error::TooLarge {
                what: format!("the content of {path}"),
                limit: self.limit,
            });
        }
        Ok(content)
    }
}

into_future!(['a] PullBytes<'a> => Result<Vec<u8>>);

/// A read of a whole file as text, sent when awaited: [`Client::pull_string`].
///
/// # Examples
///
/// ```no_run
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// let config = client.pull_string("/etc/app.conf").limit(1 << 20).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[must_use = "a Pebble request does nothing until it is awaited"]
pub struct PullString<'a> {
    bytes: PullBytes<'a>,
}

impl PullString<'_> {
    /// Fails with [`Error::TooLarge`] rather than read more than `limit` bytes (default
    /// [`DEFAULT_PULL_LIMIT`]).
    ///
    /// # Examples
    ///
    /// See [`PullString`].
    pub fn limit(mut self, limit: u64) -> Self {
        self.bytes.limit = limit;
        self
    }

    async fn send(self) -> Result<String> {
        let path = self.bytes.path;
        let bytes = self.bytes.send().await?;
        String::from_utf8(bytes).map_err(|e| Error::Path {
            path: path.to_owned(),
            kind: None,
            message: format!("content is not valid utf-8: {e}"),
        })
    }
}

into_future!(['a] PullString<'a> => Result<String>);

impl Client {
    /// Opens the file `path` in the workload for reading; the content streams as it is read.
    ///
    /// The client's timeout bounds the wait for the answer, and then each wait for more
    /// content: a read fails with [`Error::Timeout`] once no bytes arrived for the timeout,
    /// however long the whole transfer takes while bytes flow.
    ///
    /// # Errors
    ///
    /// [`Error::Path`] with Pebble's kind: `not-found` for a missing file,
    /// `generic-file-error` for a directory or other non-regular file or a relative path,
    /// `permission-denied`. [`Error::Timeout`], connection and protocol errors as for any
    /// call.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use tokio::io::AsyncReadExt;
    ///
    /// # async fn f(client: charm_runtime::pebble::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let mut reader = client.pull("/var/backups/db.sql").await?;
    /// let mut local = tokio::fs::File::create("/tmp/db.sql").await?;
    /// tokio::io::copy(&mut reader, &mut local).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn pull(&self, path: &str) -> Result<FileReader> {
        self.timed(&format!("pull {path}"), self.open_file(path))
            .await
    }

    /// Reads the whole file `path` into memory, up to a limit ([`DEFAULT_PULL_LIMIT`],
    /// 16 MiB, unless [`PullBytes::limit`] says otherwise). Meant for small files such as
    /// configuration; stream larger ones with [`Client::pull`].
    ///
    /// As with [`Client::pull`], the client's timeout bounds the wait for the answer and each
    /// wait for more content, not the whole transfer.
    ///
    /// # Errors
    ///
    /// As [`Client::pull`], plus [`Error::TooLarge`] when the file is larger than the limit
    /// (reading stops there), and any error met while reading the content.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let key = client.pull_bytes("/etc/app/key.der").await?;
    /// let dump = client.pull_bytes("/var/lib/app/state.bin").limit(512 << 20).await?;
    /// println!("{} bytes", key.len());
    /// # Ok(())
    /// # }
    /// ```
    pub fn pull_bytes<'a>(&'a self, path: &'a str) -> PullBytes<'a> {
        PullBytes {
            client: self,
            path,
            limit: DEFAULT_PULL_LIMIT,
        }
    }

    /// Reads the whole file `path` as UTF-8 text, up to a limit ([`DEFAULT_PULL_LIMIT`]
    /// unless [`PullString::limit`] says otherwise). Meant for small files such as
    /// configuration.
    ///
    /// # Errors
    ///
    /// As [`Client::pull_bytes`], plus [`Error::Path`] without kind when the content is not
    /// valid UTF-8.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let mut config = client.pull_string("/etc/pg/postgresql.conf").await?;
    /// if !config.contains("port =") {
    ///     config.push_str("\nport = 8888\n");
    /// }
    /// client.push("/etc/pg/postgresql.conf", config).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn pull_string<'a>(&'a self, path: &'a str) -> PullString<'a> {
        PullString {
            bytes: self.pull_bytes(path),
        }
    }

    /// Sends the read request and parses the answer up to the content (not timed).
    pub(super) async fn open_file(&self, path: &str) -> Result<FileReader> {
        let request = ApiRequest::get("/v1/files")
            .query("action", "read")
            .query("path", path)
            .accept("multipart/form-data");
        let response = self.transport.send(request, self.timeout()).await?;
        FileReader::open(path, response).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const B: &str = "0123456789abcdef0123456789abcdef";

    /// A pull answer with `body`, delivered in chunks of `chunk` bytes.
    fn answer(body: &str, chunk: usize) -> RawResponse {
        let chunks: Vec<Result<Bytes>> = body
            .as_bytes()
            .chunks(chunk)
            .map(|c| Ok(Bytes::copy_from_slice(c)))
            .collect();
        RawResponse {
            status: 200,
            content_type: Some(format!("multipart/form-data; boundary={B}")),
            body: Box::pin(stream::iter(chunks)),
        }
    }

    fn files_part(filename_param: &str, content: &str) -> String {
        format!(
            "--{B}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{filename_param}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n{content}\r\n"
        )
    }

    fn response_part(result: &str) -> String {
        format!(
            "--{B}\r\nContent-Disposition: form-data; name=\"response\"\r\n\
             Content-Type: application/json\r\n\r\n\
             {{\"type\":\"sync\",\"status-code\":200,\"status\":\"OK\",\"result\":{result}}}\n\r\n--{B}--\r\n"
        )
    }

    async fn read_all(path: &str, response: RawResponse) -> Result<Vec<u8>> {
        let mut reader = FileReader::open(path, response).await?;
        let mut out = Vec::new();
        reader
            .read_to_end(&mut out)
            .await
            .map_err(|e| pebble_error(e).unwrap())?;
        Ok(out)
    }

    #[tokio::test(flavor = "current_thread")]
    async fn content_streams_and_response_is_checked() {
        let body = files_part("/etc/hostname", "line one\r\n--not-a-boundary\r\nend")
            + &response_part(r#"[{"path":"/etc/hostname"}]"#);
        for chunk in [1, 7, 4096] {
            let content = read_all("/etc/hostname", answer(&body, chunk))
                .await
                .unwrap();
            assert_eq!(
                content, b"line one\r\n--not-a-boundary\r\nend",
                "chunk {chunk}"
            );
        }
    }

    #[tokio::test(flavor = "current_thread")]
    async fn quoted_filename_is_the_full_unescaped_path() {
        let path = r#"/srv/a "quoted"\dir/name.txt"#;
        let body = files_part(r#"/srv/a \"quoted\"\\dir/name.txt"#, "x")
            + &response_part(r#"[{"path":"/srv/a \"quoted\"\\dir/name.txt"}]"#);
        let reader = FileReader::open(path, answer(&body, 5)).await.unwrap();
        assert_eq!(reader.path(), path);
        assert_eq!(read_all(path, answer(&body, 5)).await.unwrap(), b"x");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn basename_is_not_accepted_as_the_path() {
        let body = files_part("hostname", "x") + &response_part(r#"[{"path":"/etc/hostname"}]"#);
        let err = FileReader::open("/etc/hostname", answer(&body, 64))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn response_first_is_the_path_error() {
        let body = response_part(
            r#"[{"path":"/nope","error":{"message":"stat /nope: no such file or directory","kind":"not-found"}}]"#,
        );
        let err = FileReader::open("/nope", answer(&body, 3))
            .await
            .unwrap_err();
        match err {
            Error::Path {
                path,
                kind,
                message,
            } => {
                assert_eq!(path, "/nope");
                assert_eq!(kind.as_deref(), Some("not-found"));
                assert_eq!(message, "stat /nope: no such file or directory");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[tokio::test(flavor = "current_thread")]
    async fn response_first_without_error_is_a_protocol_error() {
        let body = response_part(r#"[{"path":"/x"}]"#);
        let err = FileReader::open("/x", answer(&body, 64)).await.unwrap_err();
        assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn missing_response_part_fails_the_read() {
        let body = files_part("/x", "abc") + &format!("--{B}--\r\n");
        let err = read_all("/x", answer(&body, 64)).await.unwrap_err();
        assert!(err.to_string().contains("no response part"), "{err}");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn truncated_answer_fails_the_read() {
        let body = files_part("/x", "abcdef");
        let truncated = &body[..body.len() - 4];
        let err = read_all("/x", answer(truncated, 64)).await.unwrap_err();
        assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn error_envelope_instead_of_multipart_is_an_api_error() {
        let body = r#"{"type":"error","status-code":400,"status":"Bad Request","result":{"message":"must accept multipart/form-data"}}"#;
        let response = RawResponse {
            status: 400,
            content_type: Some("application/json".into()),
            body: Box::pin(stream::iter([Ok(Bytes::from_static(body.as_bytes()))])),
        };
        let err = FileReader::open("/x", response).await.unwrap_err();
        assert!(
            matches!(err, Error::Api { status: 400, ref message, .. } if message == "must accept multipart/form-data"),
            "{err:?}"
        );
    }

    #[test]
    fn reader_is_send() {
        fn send<T: Send>() {}
        send::<FileReader>();
    }
}
