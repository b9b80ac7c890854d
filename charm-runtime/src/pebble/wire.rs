//! Sans-IO half of the client: describes requests and decodes Pebble's response envelope.
//!
//! Nothing here performs I/O, so the same code serves the real and the fake Pebble.

use std::pin::Pin;

use bytes::Bytes;
use futures_util::Stream;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::error::{Error, Result};

/// A streamed request body.
pub(crate) type ByteStream = Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send + 'static>>;

/// The HTTP method of a Pebble call (Pebble only uses these two).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
}

/// The body of a request.
pub(crate) enum RequestBody {
    Empty,
    Json(Bytes),
    Stream {
        content_type: String,
        body: ByteStream,
    },
}

/// One call to the Pebble API, before it is sent.
pub(crate) struct ApiRequest {
    pub(crate) method: Method,
    pub(crate) path: String,
    /// The encoded query string, kept as text so that requests (and the futures holding them)
    /// are `Send`.
    query: Option<String>,
    pub(crate) accept: Option<&'static str>,
    pub(crate) body: RequestBody,
}

impl ApiRequest {
    /// A `GET` of `path` (which starts with `/v1/`).
    pub(crate) fn get(path: impl Into<String>) -> Self {
        Self {
            method: Method::Get,
            path: path.into(),
            query: None,
            accept: None,
            body: RequestBody::Empty,
        }
    }

    /// A `POST` of `body` as JSON to `path`.
    pub(crate) fn post_json<T: Serialize + ?Sized>(
        path: impl Into<String>,
        body: &T,
    ) -> Result<Self> {
        let json = serde_json::to_vec(body)
            .map_err(|e| Error::protocol_with("cannot encode request body", e))?;
        Ok(Self {
            method: Method::Post,
            path: path.into(),
            query: None,
            accept: None,
            body: RequestBody::Json(Bytes::from(json)),
        })
    }

    /// A `POST` of a streamed body with the given content type.
    pub(crate) fn post_stream(
        path: impl Into<String>,
        content_type: String,
        body: ByteStream,
    ) -> Self {
        Self {
            method: Method::Post,
            path: path.into(),
            query: None,
            accept: None,
            body: RequestBody::Stream { content_type, body },
        }
    }

    /// Adds a query parameter.
    #[must_use]
    pub(crate) fn query(mut self, key: &str, value: &str) -> Self {
        let query = self.query.take().unwrap_or_default();
        self.query = Some(
            form_urlencoded::Serializer::new(query)
                .append_pair(key, value)
                .finish(),
        );
        self
    }

    /// Adds a query parameter holding a comma-separated list, unless the list is empty.
    #[must_use]
    pub(crate) fn query_list<S: AsRef<str>>(self, key: &str, values: &[S]) -> Self {
        if values.is_empty() {
            return self;
        }
        let joined = values
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<_>>()
            .join(",");
        self.query(key, &joined)
    }

    /// Sets the `Accept` header.
    #[must_use]
    pub(crate) fn accept(mut self, media_type: &'static str) -> Self {
        self.accept = Some(media_type);
        self
    }

    /// `GET /v1/files`, for messages.
    pub(crate) fn describe(&self) -> String {
        let method = match self.method {
            Method::Get => "GET",
            Method::Post => "POST",
        };
        format!("{method} {}", self.path)
    }

    /// The path and query string, as sent on the request line.
    pub(crate) fn path_and_query(&mut self) -> String {
        match &self.query {
            Some(q) => format!("{}?{}", self.path, q),
            None => self.path.clone(),
        }
    }
}

/// Pebble's JSON response envelope.
#[derive(Debug, Deserialize)]
pub(crate) struct Envelope {
    #[serde(rename = "type")]
    pub(crate) kind: String,
    #[serde(rename = "status-code", default)]
    pub(crate) status_code: u16,
    #[serde(default)]
    pub(crate) change: Option<String>,
    #[serde(default)]
    pub(crate) result: Option<Box<RawValue>>,
}

#[derive(Deserialize)]
struct ErrorResult {
    #[serde(default)]
    message: String,
    #[serde(default)]
    kind: Option<String>,
}

impl Envelope {
    /// Decodes the `result` as `T`; an absent result decodes like `null`.
    pub(crate) fn result<T: DeserializeOwned>(&self) -> Result<T> {
        let raw = self.result.as_deref().map_or("null", RawValue::get);
        serde_json::from_str(raw)
            .map_err(|e| Error::protocol_with(format!("cannot decode result {}", preview(raw)), e))
    }

    /// The change ID of an async response.
    pub(crate) fn change_id(&self) -> Result<String> {
        match (&*self.kind, &self.change) {
            ("async", Some(id)) if !id.is_empty() => Ok(id.clone()),
            _ => Err(Error::protocol(format!(
                "expected an async response with a change id, got type {:?}",
                self.kind
            ))),
        }
    }
}

/// Decodes a JSON envelope and maps error envelopes (and unexpected statuses) to [`Error::Api`].
///
/// A `sync` envelope is a success whatever the HTTP status: `GET /v1/health` answers 502 with
/// `type: sync` when a check is down.
pub(crate) fn decode_envelope(status: u16, body: &[u8]) -> Result<Envelope> {
    let envelope: Envelope = serde_json::from_slice(body).map_err(|e| {
        Error::protocol_with(
            format!(
                "cannot decode response envelope (HTTP {status}): {}",
                preview(&String::from_utf8_lossy(body))
            ),
            e,
        )
    })?;
    match envelope.kind.as_str() {
        "sync" | "async" if status < 400 || envelope.kind == "sync" => Ok(envelope),
        _ => {
            let raw = envelope.result.as_deref().map_or("null", RawValue::get);
            let (message, kind) = match serde_json::from_str::<ErrorResult>(raw) {
                Ok(e) => (e.message, e.kind),
                Err(_) => (String::new(), None),
            };
            let status = if envelope.status_code != 0 {
                envelope.status_code
            } else {
                status
            };
            let message = if message.is_empty() {
                format!("server error: HTTP {status}")
            } else {
                message
            };
            Err(Error::Api {
                status,
                kind: kind.filter(|k| !k.is_empty()),
                message,
            })
        }
    }
}

/// The first part of `text`, for error messages.
fn preview(text: &str) -> String {
    const MAX: usize = 200;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_owned(),
    }
}

/// Checks an ID before it is put in a URL path, as Pebble's own client does.
pub(crate) fn check_id(what: &str, id: &str) -> Result<()> {
    if !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        Ok(())
    } else {
        Err(Error::protocol(format!("invalid {what} id {id:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_envelope_decodes_result() {
        let env = decode_envelope(
            200,
            br#"{"type":"sync","status-code":200,"status":"OK","result":{"version":"v1"}}"#,
        )
        .unwrap();
        let v: serde_json::Value = env.result().unwrap();
        assert_eq!(v["version"], "v1");
    }

    #[test]
    fn health_502_sync_is_a_result() {
        let env = decode_envelope(502, br#"{"type":"sync","status-code":502,"status":"Bad Gateway","result":{"healthy":false}}"#).unwrap();
        let v: serde_json::Value = env.result().unwrap();
        assert_eq!(v["healthy"], false);
    }

    #[test]
    fn error_envelope_maps_to_api_error_with_kind() {
        let err = decode_envelope(404, br#"{"type":"error","status-code":404,"status":"Not Found","result":{"message":"stat /x: no such file","kind":"not-found"}}"#).unwrap_err();
        match err {
            Error::Api {
                status,
                kind,
                message,
            } => {
                assert_eq!(status, 404);
                assert_eq!(kind.as_deref(), Some("not-found"));
                assert_eq!(message, "stat /x: no such file");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn empty_error_message_names_the_status() {
        let err =
            decode_envelope(500, br#"{"type":"error","status-code":500,"result":{}}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "pebble api error 500: server error: HTTP 500"
        );
    }

    #[test]
    fn garbage_is_a_protocol_error() {
        let err = decode_envelope(200, b"<html>").unwrap_err();
        assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
    }

    #[test]
    fn absent_result_decodes_as_unit() {
        let env =
            decode_envelope(200, br#"{"type":"sync","status-code":200,"status":"OK"}"#).unwrap();
        env.result::<()>().unwrap();
    }

    #[test]
    fn async_envelope_has_change_id() {
        let env = decode_envelope(202, br#"{"type":"async","status-code":202,"status":"Accepted","change":"17","result":null}"#).unwrap();
        assert_eq!(env.change_id().unwrap(), "17");
    }

    #[test]
    fn query_is_encoded() {
        let mut req = ApiRequest::get("/v1/files")
            .query("action", "list")
            .query("path", "/a b&c");
        assert_eq!(
            req.path_and_query(),
            "/v1/files?action=list&path=%2Fa+b%26c"
        );
    }

    #[test]
    fn ids_are_checked() {
        assert!(check_id("change", "17").is_ok());
        assert!(check_id("change", "../x").is_err());
        assert!(check_id("change", "").is_err());
    }
}
