//! The only module that touches hyper, hyperlocal, tungstenite and the Unix socket.

use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::{Sink, Stream, StreamExt, TryStreamExt};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyDataStream, BodyExt, Empty, Full, Limited, StreamBody};
use hyper::body::Frame;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::rt::TokioExecutor;
use hyperlocal::UnixConnector;
use tokio::net::UnixStream;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::{self, Message};

use super::error::{BoxError, Error, Result};
use super::progress::{IdleStream, Progress};
use super::wire::{self, ApiRequest, Envelope, Method, RequestBody};
use super::within;

type Body = UnsyncBoxBody<Bytes, BoxError>;

/// JSON bodies larger than this are refused: Pebble's JSON answers are small (a listing of
/// a large directory, the changes of a busy daemon). Every JSON answer is bounded by it.
pub(crate) const MAX_JSON_BODY: usize = 64 << 20;

/// A streamed response body.
pub(crate) type BodyStream = Pin<Box<dyn Stream<Item = Result<Bytes>> + Send + 'static>>;

/// A response whose body has not been read yet.
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) content_type: Option<String>,
    pub(crate) body: BodyStream,
}

impl RawResponse {
    /// Reads the whole body (bounded) and decodes it as an envelope.
    pub(crate) async fn envelope(self) -> Result<Envelope> {
        let status = self.status;
        let bytes = collect(self.body, MAX_JSON_BODY).await?;
        wire::decode_envelope(status, &bytes)
    }

    /// Passes on a successful answer that is not JSON, such as a log stream or metrics text.
    ///
    /// Pebble answers such endpoints with a JSON envelope when they fail, so a JSON answer or
    /// another status than 200 is read as an envelope: an error envelope gives its typed
    /// error, anything else a protocol error saying `expected {expected}`.
    pub(crate) async fn not_json(self, expected: &str) -> Result<Self> {
        let json = self
            .content_type
            .as_deref()
            .is_some_and(|t| t.starts_with("application/json"));
        if self.status == 200 && !json {
            return Ok(self);
        }
        self.envelope().await?;
        Err(Error::protocol(format!(
            "expected {expected}, got a JSON answer"
        )))
    }
}

/// HTTP/1.1 over Pebble's Unix socket, with a pool of kept-alive connections.
#[derive(Clone)]
pub(crate) struct Transport {
    socket: Arc<Path>,
    /// The URI authority that names the socket for hyperlocal's connector (hex of the path),
    /// computed once rather than on every request.
    authority: Arc<str>,
    http: HyperClient<UnixConnector, Body>,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("socket", &self.socket)
            .finish()
    }
}

impl Transport {
    pub(crate) fn new(socket: PathBuf) -> Self {
        let http = HyperClient::builder(TokioExecutor::new())
            .set_host(false)
            .build(UnixConnector);
        // hyperlocal's connector reads the socket path back from the hex-encoded host.
        let hex: String = socket
            .to_string_lossy()
            .bytes()
            .map(|b| format!("{b:02x}"))
            .collect();
        Self {
            socket: Arc::from(socket),
            authority: Arc::from(format!("{hex}:0")),
            http,
        }
    }

    pub(crate) fn socket(&self) -> &Path {
        &self.socket
    }

    /// Sends a request and returns the response with its body unread; reading the body
    /// fails with [`Error::Timeout`] once no bytes arrive for `idle`.
    pub(crate) async fn send(&self, req: ApiRequest, idle: Duration) -> Result<RawResponse> {
        let what = req.describe();
        let response = self.request(req).await?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(hyper::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let socket = Arc::clone(&self.socket);
        let reading = what.clone();
        let body = BodyDataStream::new(response.into_body())
            .map(move |chunk| chunk.map_err(|e| body_error(&socket, &reading, e)));
        let body = IdleStream::new(
            body,
            idle,
            format!("more of the answer to {what}"),
            Progress::new(),
        );
        Ok(RawResponse {
            status,
            content_type,
            body: Box::pin(body),
        })
    }

    /// Sends a request and decodes the JSON envelope of the answer.
    pub(crate) async fn envelope(&self, req: ApiRequest) -> Result<Envelope> {
        let what = req.describe();
        let response = self.request(req).await?;
        let status = response.status().as_u16();
        let bytes = Limited::new(response.into_body(), MAX_JSON_BODY)
            .collect()
            .await
            .map_err(|e| {
                if e.is::<http_body_util::LengthLimitError>() {
                    Error::TooLarge {
                        what: format!("the answer to {what}"),
                        limit: MAX_JSON_BODY as u64,
                    }
                } else {
                    body_error(&self.socket, &what, e)
                }
            })?
            .to_bytes();
        wire::decode_envelope(status, &bytes)
    }

    async fn request(&self, mut req: ApiRequest) -> Result<hyper::Response<hyper::body::Incoming>> {
        let what = req.describe();
        let uri = hyper::Uri::builder()
            .scheme("unix")
            .authority(&*self.authority)
            .path_and_query(req.path_and_query())
            .build()
            .map_err(|e| Error::protocol_with("cannot build request uri", e))?;
        let mut builder = hyper::Request::builder().uri(uri).method(match req.method {
            Method::Get => hyper::Method::GET,
            Method::Post => hyper::Method::POST,
        });
        // The URI's authority only names the socket for the connector; Pebble ignores Host.
        builder = builder.header(hyper::header::HOST, "localhost");
        if let Some(accept) = req.accept {
            builder = builder.header(hyper::header::ACCEPT, accept);
        }
        let body: Body = match req.body {
            RequestBody::Empty => Empty::new().map_err(|never| match never {}).boxed_unsync(),
            RequestBody::Json(bytes) => {
                builder = builder.header(hyper::header::CONTENT_TYPE, "application/json");
                Full::new(bytes)
                    .map_err(|never| match never {})
                    .boxed_unsync()
            }
            RequestBody::Stream { content_type, body } => {
                builder = builder.header(hyper::header::CONTENT_TYPE, content_type);
                StreamBody::new(body.map_ok(Frame::data).map_err(BoxError::from)).boxed_unsync()
            }
        };
        let request = builder
            .body(body)
            .map_err(|e| Error::protocol_with("cannot build request", e))?;
        self.http
            .request(request)
            .await
            .map_err(|e| self.map_error(&what, e))
    }

    fn map_error(&self, what: &str, error: hyper_util::client::legacy::Error) -> Error {
        if error.is_connect() {
            Error::Connection {
                socket: self.socket.to_path_buf(),
                source: Box::new(error),
            }
        } else if is_connection_lost(&error) {
            Error::ConnectionLost {
                socket: self.socket.to_path_buf(),
                what: what.to_owned(),
                source: Box::new(error),
            }
        } else {
            Error::protocol_with("request to pebble failed", error)
        }
    }
}

/// The error for a response body that could not be read.
fn body_error(socket: &Path, what: &str, error: impl Into<BoxError>) -> Error {
    let error = error.into();
    // A typed error from a lower layer (a request body's timeout) is passed on.
    let error = match error.downcast::<Error>() {
        Ok(inner) => return *inner,
        Err(other) => other,
    };
    if is_connection_lost(&*error) {
        Error::ConnectionLost {
            socket: socket.to_path_buf(),
            what: what.to_owned(),
            source: error,
        }
    } else {
        Error::protocol_with("cannot read response body", error)
    }
}

/// Whether `error` (or one of its causes) says the connection went away mid-call: the peer
/// closed it before the answer was complete, or reset it.
pub(crate) fn is_connection_lost(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(error) = cause {
        if let Some(hyper) = error.downcast_ref::<hyper::Error>()
            && (hyper.is_incomplete_message() || hyper.is_closed() || hyper.is_canceled())
        {
            return true;
        }
        if let Some(io) = error.downcast_ref::<io::Error>()
            && matches!(
                io.kind(),
                io::ErrorKind::UnexpectedEof
                    | io::ErrorKind::BrokenPipe
                    | io::ErrorKind::ConnectionReset
                    | io::ErrorKind::ConnectionAborted
                    | io::ErrorKind::NotConnected
            )
        {
            return true;
        }
        if let Some(ws) = error.downcast_ref::<tungstenite::Error>()
            && matches!(
                ws,
                tungstenite::Error::ConnectionClosed
                    | tungstenite::Error::AlreadyClosed
                    | tungstenite::Error::Protocol(
                        tungstenite::error::ProtocolError::ResetWithoutClosingHandshake
                    )
            )
        {
            return true;
        }
        cause = error.source();
    }
    false
}

/// Reads a body stream into memory, refusing more than `limit` bytes.
pub(crate) async fn collect(body: BodyStream, limit: usize) -> Result<Bytes> {
    let limited = Limited::new(StreamBody::new(body.map_ok(Frame::data)), limit);
    limited
        .collect()
        .await
        .map(http_body_util::Collected::to_bytes)
        .map_err(|e| match e.downcast::<Error>() {
            Ok(inner) => *inner,
            Err(other) => {
                Error::protocol_with(format!("response body larger than {limit} bytes"), other)
            }
        })
}

/// An I/O error for a body stream that failed.
pub(crate) fn io_error(error: Error) -> io::Error {
    io::Error::other(error)
}

/// How long a websocket handshake may take (Pebble's own limit).
const WS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(5);

/// One frame received on a websocket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WsFrame {
    /// A binary frame: raw bytes.
    Binary(Bytes),
    /// A text frame: a JSON command.
    Text(String),
    /// The peer sent a close frame.
    Close,
}

/// A websocket to one of a task's endpoints, over its own Unix socket connection.
///
/// Reads and writes are poll-based so that one task can interleave them; the read and write
/// halves keep separate wakers.
pub(crate) struct WsConn {
    ws: WebSocketStream<UnixStream>,
    socket: Arc<Path>,
}

impl std::fmt::Debug for WsConn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WsConn").finish_non_exhaustive()
    }
}

impl Transport {
    /// Connects the websocket `id` (`control`, `stdio`, `stderr`) of task `task_id`.
    ///
    /// The handshake is bounded by Pebble's own 5 s limit; an HTTP error answer is decoded
    /// as Pebble's error envelope.
    pub(crate) async fn websocket(&self, task_id: &str, id: &str) -> Result<WsConn> {
        let url = format!("ws://localhost/v1/tasks/{task_id}/websocket/{id}");
        within(WS_HANDSHAKE_TIMEOUT, &format!("{id} websocket"), async {
            let stream =
                UnixStream::connect(&*self.socket)
                    .await
                    .map_err(|e| Error::Connection {
                        socket: self.socket.to_path_buf(),
                        source: Box::new(e),
                    })?;
            let (ws, _response) = tokio_tungstenite::client_async(url, stream)
                .await
                .map_err(|e| handshake_error(id, e))?;
            Ok(WsConn {
                ws,
                socket: Arc::clone(&self.socket),
            })
        })
        .await
    }
}

/// Maps a failed handshake: an HTTP answer carries Pebble's error envelope.
fn handshake_error(id: &str, error: tungstenite::Error) -> Error {
    match error {
        tungstenite::Error::Http(response) => {
            let status = response.status().as_u16();
            let body = response.body().as_deref().unwrap_or_default();
            match wire::decode_envelope(status, body) {
                Err(api) => api,
                Ok(_) => Error::protocol(format!(
                    "{id} websocket handshake refused with HTTP {status}"
                )),
            }
        }
        other => Error::protocol_with(format!("{id} websocket handshake failed"), other),
    }
}

fn ws_error(socket: &Path, what: &str, error: tungstenite::Error) -> Error {
    if is_connection_lost(&error) {
        Error::ConnectionLost {
            socket: socket.to_path_buf(),
            what: format!("an exec websocket {what}"),
            source: Box::new(error),
        }
    } else {
        Error::protocol_with(format!("websocket {what} failed"), error)
    }
}

/// The frame a message carries; `None` for ping and pong, which tungstenite answers itself.
fn frame_of(message: Message) -> Option<WsFrame> {
    match message {
        Message::Binary(data) => Some(WsFrame::Binary(data)),
        Message::Text(text) => Some(WsFrame::Text(text.as_str().to_owned())),
        Message::Close(_) => Some(WsFrame::Close),
        Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => None,
    }
}

impl WsConn {
    /// Receives the next data or close frame; `None` when the connection has ended.
    ///
    /// Ping and pong frames are handled by tungstenite and skipped here.
    pub(crate) fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Result<Option<WsFrame>>> {
        loop {
            match std::task::ready!(self.ws.poll_next_unpin(cx)) {
                None => return Poll::Ready(Ok(None)),
                Some(Ok(message)) => {
                    if let Some(frame) = frame_of(message) {
                        return Poll::Ready(Ok(Some(frame)));
                    }
                }
                Some(Err(e)) => return Poll::Ready(Err(ws_error(&self.socket, "read", e))),
            }
        }
    }

    /// Waits until a frame can be queued; bounded by the write buffer.
    pub(crate) fn poll_send_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<()>> {
        Pin::new(&mut self.ws)
            .poll_ready(cx)
            .map_err(|e| ws_error(&self.socket, "write", e))
    }

    /// Queues a binary frame; call after [`WsConn::poll_send_ready`] returned ready.
    pub(crate) fn start_send_binary(&mut self, data: Bytes) -> Result<()> {
        Pin::new(&mut self.ws)
            .start_send(Message::Binary(data))
            .map_err(|e| ws_error(&self.socket, "write", e))
    }

    /// Queues a text frame; call after [`WsConn::poll_send_ready`] returned ready.
    pub(crate) fn start_send_text(&mut self, text: &str) -> Result<()> {
        Pin::new(&mut self.ws)
            .start_send(Message::text(text))
            .map_err(|e| ws_error(&self.socket, "write", e))
    }

    /// Writes out every queued frame.
    pub(crate) fn poll_flush(&mut self, cx: &mut Context<'_>) -> Poll<Result<()>> {
        Pin::new(&mut self.ws)
            .poll_flush(cx)
            .map_err(|e| ws_error(&self.socket, "write", e))
    }

    /// Sends one text frame and flushes it.
    pub(crate) async fn send_text(&mut self, text: &str) -> Result<()> {
        std::future::poll_fn(|cx| self.poll_send_ready(cx)).await?;
        self.start_send_text(text)?;
        std::future::poll_fn(|cx| self.poll_flush(cx)).await
    }
}

/// The server end of a websocket, for unit tests of code that uses [`WsConn`].
#[cfg(test)]
pub(crate) struct TestWsServer {
    ws: WebSocketStream<UnixStream>,
    _dir: tempfile::TempDir,
}

#[cfg(test)]
impl TestWsServer {
    /// A connected pair: a [`WsConn`] made by [`Transport::websocket`] and its server end.
    pub(crate) async fn pair() -> (WsConn, Self) {
        let dir = tempfile::tempdir().expect("tempdir");
        let socket = dir.path().join("ws.socket");
        let listener = tokio::net::UnixListener::bind(&socket).expect("bind");
        let transport = Transport::new(socket);
        let (client, server) = tokio::join!(transport.websocket("1", "stdio"), async {
            let (stream, _) = listener.accept().await.expect("accept");
            tokio_tungstenite::accept_async(stream)
                .await
                .expect("handshake")
        });
        (
            client.expect("connect"),
            Self {
                ws: server,
                _dir: dir,
            },
        )
    }

    /// Sends a binary frame.
    pub(crate) async fn send_binary(&mut self, data: &[u8]) {
        self.send(Message::Binary(Bytes::copy_from_slice(data)))
            .await;
    }

    /// Sends a text frame.
    pub(crate) async fn send_text(&mut self, text: &str) {
        self.send(Message::text(text)).await;
    }

    /// Sends a close frame.
    pub(crate) async fn send_close(&mut self) {
        self.send(Message::Close(None)).await;
    }

    async fn send(&mut self, message: Message) {
        use futures_util::SinkExt;
        self.ws.send(message).await.expect("test server send");
    }

    /// Receives the next data or close frame, `None` once the client is gone.
    pub(crate) async fn recv(&mut self) -> Option<WsFrame> {
        loop {
            match self.ws.next().await {
                Some(Ok(message)) => {
                    if let Some(frame) = frame_of(message) {
                        return Some(frame);
                    }
                }
                _ => return None,
            }
        }
    }
}

/// A minimal HTTP/1.1 server on a Unix socket answering each request with canned JSON, for
/// unit tests of flows that cannot be provoked on a real Pebble.
#[cfg(test)]
pub(crate) struct TestHttpServer {
    socket: PathBuf,
    task: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
}

#[cfg(test)]
impl TestHttpServer {
    /// Starts serving: `answer` maps a request line (`POST /v1/exec HTTP/1.1`) to a status
    /// and a JSON body.
    pub(crate) fn start(answer: fn(&str) -> (u16, String)) -> Self {
        use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

        let dir = tempfile::tempdir().expect("tempdir");
        let socket = dir.path().join("http.socket");
        let listener = tokio::net::UnixListener::bind(&socket).expect("bind");
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut stream = BufReader::new(stream);
                    loop {
                        let mut request_line = String::new();
                        if stream.read_line(&mut request_line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        let mut length = 0;
                        loop {
                            let mut header = String::new();
                            stream.read_line(&mut header).await.expect("header");
                            let header = header.trim_end();
                            if header.is_empty() {
                                break;
                            }
                            if let Some((name, value)) = header.split_once(':')
                                && name.eq_ignore_ascii_case("content-length")
                            {
                                length = value.trim().parse().expect("content-length");
                            }
                        }
                        let mut body = vec![0; length];
                        stream.read_exact(&mut body).await.expect("body");
                        let (status, json) = answer(request_line.trim_end());
                        let response = format!(
                            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{json}",
                            json.len()
                        );
                        stream
                            .get_mut()
                            .write_all(response.as_bytes())
                            .await
                            .expect("write");
                    }
                });
            }
        });
        Self {
            socket,
            task,
            _dir: dir,
        }
    }

    /// The socket to point a client at.
    pub(crate) fn socket(&self) -> &Path {
        &self.socket
    }
}

#[cfg(test)]
impl Drop for TestHttpServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
