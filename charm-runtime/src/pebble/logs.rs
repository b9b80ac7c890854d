//! Service logs: `GET /v1/logs`.
//!
//! Pebble keeps the last 100 KiB of each service's output (stdout and stderr, one entry per
//! line). Awaiting [`Client::logs`] returns what is buffered; [`LogQuery::follow`] streams new
//! lines as they come. Both read Pebble's newline-delimited JSON one line at a time, and
//! refuse a line longer than [`MAX_LINE`] rather than buffering without bound.
//!
//! # Examples
//!
//! ```no_run
//! # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
//! for entry in client.logs().services(["web"]).n(10).await? {
//!     println!("{} [{}] {}", entry.time, entry.service, entry.message);
//! }
//! # Ok(())
//! # }
//! ```

use std::pin::Pin;

use bytes::{Bytes, BytesMut};
use futures_util::{Stream, StreamExt, TryStreamExt, stream};
use serde::Deserialize;

use super::transport::BodyStream;
use super::wire::ApiRequest;
use super::{Client, Error, Result, Timestamp};
use crate::request::into_future;

/// A stream of decoded log entries.
/// The most text [`Client::logs`] collects: 64 MiB of messages.
pub const MAX_ENTRIES_BYTES: usize = 64 << 20;

type EntryStream = Pin<Box<dyn Stream<Item = Result<LogEntry>> + Send + 'static>>;

/// The longest log line (as JSON) the client accepts: 1 MiB.
pub const MAX_LINE: usize = 1 << 20;

/// The log lines of services, sent when awaited ([`Client::logs`]), or followed as a stream
/// ([`follow`](Self::follow)). Without a setter: every service of the plan, Pebble's default
/// number of lines.
///
/// # Examples
///
/// ```no_run
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// let last = client.logs().services(["web", "worker"]).n(50).await?;
/// let everything = client.logs().all().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[must_use = "a Pebble request does nothing until it is awaited or followed"]
pub struct LogQuery<'a> {
    client: &'a Client,
    services: Vec<String>,
    n: Option<i64>,
}

impl LogQuery<'_> {
    /// Only the logs of these services (unknown names are skipped).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let web = client.logs().services(["web"]).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn services<I, S>(mut self, services: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.services = services.into_iter().map(Into::into).collect();
        self
    }

    /// The last `n` buffered lines, across all services (Pebble's default: 30, or 0 when
    /// following).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let last = client.logs().n(10).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn n(mut self, n: u32) -> Self {
        self.n = Some(i64::from(n));
        self
    }

    /// Every buffered line.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let everything = client.logs().all().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn all(mut self) -> Self {
        self.n = Some(-1);
        self
    }

    /// Streams the selected services' log lines as they are written, until the stream is
    /// dropped.
    ///
    /// The request is sent when the stream is first polled; it first yields the last
    /// [`n`](Self::n) buffered lines (none by default). The client's timeout bounds opening
    /// the stream and then each wait for more: when no bytes arrive for the timeout, the
    /// stream yields [`Error::Timeout`] (a daemon that stopped, or a service that stayed
    /// quiet). Follow with [`Client::with_timeout`] to wait longer between lines.
    ///
    /// # Errors
    ///
    /// The stream yields one error and ends: the errors of [`Client::logs`], and
    /// [`Error::Timeout`] after the timeout without progress.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use futures_util::StreamExt;
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let mut lines = Box::pin(client.logs().services(["web"]).follow());
    /// while let Some(entry) = lines.next().await {
    ///     let entry = entry?;
    ///     if entry.message.contains("listening") {
    ///         break;
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn follow(self) -> impl Stream<Item = Result<LogEntry>> + Send + 'static {
        let client = self.client.clone();
        let req = self.request(true);
        stream::once(async move {
            client
                .timed("logs", async { client.open_logs(req).await })
                .await
        })
        .try_flatten()
    }

    fn request(&self, follow: bool) -> ApiRequest {
        let mut req = ApiRequest::get("/v1/logs").query_list("services", &self.services);
        if let Some(n) = self.n {
            req = req.query("n", &n.to_string());
        }
        if follow {
            req = req.query("follow", "true");
        }
        req
    }

    async fn send(self) -> Result<Vec<LogEntry>> {
        let req = self.request(false);
        self.client
            .timed("logs", async {
                let mut stream = self.client.open_logs(req).await?;
                let mut entries = Vec::new();
                let mut total = 0;
                while let Some(entry) = stream.try_next().await? {
                    total += entry.message.len() + entry.service.len();
                    if total > MAX_ENTRIES_BYTES {
                        return Err(Error::TooLarge {
                            what: "the buffered log entries".into(),
                            limit: MAX_ENTRIES_BYTES as u64,
                        });
                    }
                    entries.push(entry);
                }
                Ok(entries)
            })
            .await
    }
}

into_future!(['a] LogQuery<'a> => Result<Vec<LogEntry>>);

/// One line of a service's output.
///
/// # Examples
///
/// ```no_run
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// let errors = client
///     .logs()
///     .all()
///     .await?
///     .into_iter()
///     .filter(|entry| entry.message.contains("ERROR"))
///     .count();
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct LogEntry {
    /// When the line was written (RFC 3339 UTC with milliseconds, as Pebble sent it).
    pub time: Timestamp,
    /// The service that wrote it.
    pub service: String,
    /// The line, without its newline.
    pub message: String,
}

impl Client {
    /// The buffered log lines of services, oldest first: awaiting the [`LogQuery`] returns
    /// them, [`LogQuery::follow`] streams new ones.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] (400) for an invalid `n`; [`Error::Protocol`] when a line is not a log
    /// entry or is longer than [`MAX_LINE`]; [`Error::TooLarge`] when the entries add up to
    /// more than [`MAX_ENTRIES_BYTES`] (Pebble keeps 100 KiB per service, so only a broken
    /// peer gets there); [`Error::Timeout`] when reading takes longer than the call timeout.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let last = client.logs().services(["web"]).n(1).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn logs(&self) -> LogQuery<'_> {
        LogQuery {
            client: self,
            services: Vec::new(),
            n: None,
        }
    }

    /// Sends a logs request and returns its entries as a stream.
    async fn open_logs(&self, req: ApiRequest) -> Result<EntryStream> {
        let response = self
            .transport
            .send(req, self.timeout())
            .await?
            .not_json("a stream of log entries")
            .await?;
        Ok(Box::pin(entries(response.body)))
    }
}

/// Decodes a body of newline-delimited JSON log entries.
fn entries(body: BodyStream) -> impl Stream<Item = Result<LogEntry>> + Send + 'static {
    lines(body, MAX_LINE).map(|line| {
        let line = line?;
        serde_json::from_slice(&line).map_err(|e| {
            Error::protocol_with(
                format!(
                    "cannot decode log entry {:?}",
                    String::from_utf8_lossy(&line[..line.len().min(200)])
                ),
                e,
            )
        })
    })
}

/// Splits a body into its non-blank lines, refusing lines longer than `max` bytes.
///
/// The stream ends after the first error.
fn lines(body: BodyStream, max: usize) -> impl Stream<Item = Result<Bytes>> + Send + 'static {
    let reader = LineReader {
        body,
        buf: BytesMut::new(),
        scanned: 0,
        eof: false,
        max,
    };
    stream::unfold(Some(reader), |state| async move {
        let mut reader = state?;
        match reader.next_line().await {
            Some(Ok(line)) => Some((Ok(line), Some(reader))),
            Some(Err(e)) => Some((Err(e), None)),
            None => None,
        }
    })
}

struct LineReader {
    body: BodyStream,
    buf: BytesMut,
    /// Bytes of `buf` already known to hold no newline.
    scanned: usize,
    eof: bool,
    max: usize,
}

impl LineReader {
    async fn next_line(&mut self) -> Option<Result<Bytes>> {
        loop {
            if let Some(pos) = self.buf[self.scanned..].iter().position(|&b| b == b'\n') {
                let end = self.scanned + pos;
                let mut line = self.buf.split_to(end + 1).freeze();
                self.scanned = 0;
                line.truncate(end);
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                return Some(Ok(line));
            }
            self.scanned = self.buf.len();
            if self.buf.len() > self.max {
                return Some(Err(Error::protocol(format!(
                    "log line longer than {} bytes",
                    self.max
                ))));
            }
            if self.eof {
                let rest = self.buf.split().freeze();
                self.scanned = 0;
                return (!rest.iter().all(u8::is_ascii_whitespace)).then_some(Ok(rest));
            }
            match self.body.next().await {
                Some(Ok(chunk)) => self.buf.extend_from_slice(&chunk),
                Some(Err(e)) => return Some(Err(e)),
                None => self.eof = true,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(chunks: &[&'static [u8]]) -> BodyStream {
        let chunks: Vec<Result<Bytes>> = chunks.iter().map(|c| Ok(Bytes::from(*c))).collect();
        Box::pin(stream::iter(chunks))
    }

    async fn collect_lines(chunks: &[&'static [u8]], max: usize) -> Vec<Result<Bytes>> {
        lines(body(chunks), max).collect().await
    }

    #[tokio::test(flavor = "current_thread")]
    async fn lines_split_across_chunks_are_joined() {
        let got = collect_lines(&[b"ab", b"c\nd", b"e\n\n", b"f"], 100).await;
        let got: Vec<Bytes> = got.into_iter().map(Result::unwrap).collect();
        assert_eq!(got, [&b"abc"[..], b"de", b"f"]);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn long_line_is_a_protocol_error_and_ends_the_stream() {
        let got = collect_lines(&[b"ok\n", b"0123456789", b"0123456789", b"\nmore\n"], 15).await;
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].as_ref().unwrap(), &b"ok"[..]);
        let err = got[1].as_ref().unwrap_err();
        assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
        assert!(err.to_string().contains("longer than 15 bytes"), "{err}");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn entries_are_decoded() {
        let got: Vec<LogEntry> = entries(body(&[
            br#"{"time":"2026-07-22T01:02:03.456Z","service":"web","message":"hi"}"#,
            b"\n",
            br#"{"time":"2026-07-22T01:02:03.457Z","service":"web","message":"there"}"#,
            b"\n",
        ]))
        .try_collect()
        .await
        .unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].message, "hi");
        assert_eq!(got[1].time.to_string(), "2026-07-22T01:02:03.457Z");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn garbage_line_is_a_protocol_error() {
        let got: Vec<Result<LogEntry>> = entries(body(&[b"not json\n"])).collect().await;
        assert!(matches!(got[0], Err(Error::Protocol { .. })), "{got:?}");
    }

    #[test]
    fn options_become_query_parameters() {
        let client = Client::new("/tmp/unused.socket");
        let mut req = client.logs().services(["a", "b"]).n(5).request(true);
        assert_eq!(
            req.path_and_query(),
            "/v1/logs?services=a%2Cb&n=5&follow=true"
        );
        let mut req = client.logs().all().request(false);
        assert_eq!(req.path_and_query(), "/v1/logs?n=-1");
    }
}
