//! The only module that touches hyper, hyperlocal and the Unix socket.

use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::{Stream, StreamExt, TryStreamExt};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyDataStream, BodyExt, Empty, Full, Limited, StreamBody};
use hyper::body::Frame;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::rt::TokioExecutor;
use hyperlocal::UnixConnector;

use super::error::{BoxError, Error, Result};
use super::wire::{self, ApiRequest, Envelope, Method, RequestBody};

type Body = UnsyncBoxBody<Bytes, BoxError>;

/// JSON bodies larger than this are refused: Pebble's JSON answers are small.
const MAX_JSON_BODY: usize = 64 << 20;

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
}

/// HTTP/1.1 over Pebble's Unix socket, with a pool of kept-alive connections.
#[derive(Clone)]
pub(crate) struct Transport {
    socket: Arc<Path>,
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
        let http = HyperClient::builder(TokioExecutor::new()).build(UnixConnector);
        Self {
            socket: Arc::from(socket),
            http,
        }
    }

    pub(crate) fn socket(&self) -> &Path {
        &self.socket
    }

    /// Sends a request and returns the response with its body unread.
    pub(crate) async fn send(&self, mut req: ApiRequest) -> Result<RawResponse> {
        let uri: hyper::Uri = hyperlocal::Uri::new(&*self.socket, &req.path_and_query()).into();
        let mut builder = hyper::Request::builder().uri(uri).method(match req.method {
            Method::Get => hyper::Method::GET,
            Method::Post => hyper::Method::POST,
        });
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
        let response = self
            .http
            .request(request)
            .await
            .map_err(|e| self.map_error(e))?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(hyper::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = BodyDataStream::new(response.into_body())
            .map(|chunk| chunk.map_err(|e| Error::protocol_with("cannot read response body", e)));
        Ok(RawResponse {
            status,
            content_type,
            body: Box::pin(body),
        })
    }

    /// Sends a request and decodes the JSON envelope of the answer.
    pub(crate) async fn envelope(&self, req: ApiRequest) -> Result<Envelope> {
        self.send(req).await?.envelope().await
    }

    fn map_error(&self, error: hyper_util::client::legacy::Error) -> Error {
        if error.is_connect() {
            Error::Connection {
                socket: self.socket.to_path_buf(),
                source: Box::new(error),
            }
        } else {
            Error::protocol_with("request to pebble failed", error)
        }
    }
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
