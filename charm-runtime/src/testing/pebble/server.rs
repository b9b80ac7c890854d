//! The HTTP side of the fake: the accept loop, routing and Pebble's response envelope.

use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::UnixListener;
use tokio::task::JoinSet;

use super::state::Shared;
use super::{PebbleFeature, RecordedRequest};
use super::{checks, exec, files, identities, logs, notices, services};
use crate::pebble::BoxError;

/// The body of every response.
pub(crate) type Body = UnsyncBoxBody<Bytes, BoxError>;

/// JSON request bodies larger than this are refused.
const MAX_JSON_BODY: usize = 16 << 20;

/// Accepts connections until the task is aborted; aborting also ends every connection.
pub(crate) async fn serve(listener: UnixListener, shared: Arc<Shared>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let uid = stream.peer_cred().ok().map(|c| c.uid());
                let shared = shared.clone();
                connections.spawn(async move {
                    let service = service_fn(move |req| {
                        let shared = shared.clone();
                        async move { Ok::<_, Infallible>(route(shared, uid, req).await) }
                    });
                    // A client that goes away mid-request is not the fake's problem.
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .with_upgrades()
                        .await;
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// One request, decoded enough to route it.
pub(crate) struct Call {
    pub(crate) query: Vec<(String, String)>,
    /// The caller's user ID (from the socket's peer credentials).
    pub(crate) uid: Option<u32>,
    pub(crate) request: Request<Incoming>,
}

impl Call {
    /// The last value of query parameter `name`.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// All values of list parameter `name`, split on commas, trimmed, empty ones dropped.
    pub(crate) fn list(&self, name: &str) -> Vec<String> {
        self.query
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// All values of parameter `name`, not split.
    pub(crate) fn all(&self, name: &str) -> Vec<String> {
        self.query
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// A request header as text.
    pub(crate) fn header(&self, name: hyper::header::HeaderName) -> Option<&str> {
        self.request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
    }

    /// Reads the body as JSON, answering Pebble's 400 when it cannot.
    pub(crate) async fn json(self) -> Result<Value, Response<Body>> {
        let bytes = Limited::new(self.request.into_body(), MAX_JSON_BODY)
            .collect()
            .await
            .map_err(|e| error(400, &format!("cannot read request body: {e}"), None))?
            .to_bytes();
        if bytes.is_empty() {
            return Err(error(400, "cannot decode request body: EOF", None));
        }
        serde_json::from_slice(&bytes)
            .map_err(|e| error(400, &format!("cannot decode request body: {e}"), None))
    }
}

/// Answers one request.
async fn route(
    shared: Arc<Shared>,
    uid: Option<u32>,
    request: Request<Incoming>,
) -> Response<Body> {
    let path = request.uri().path().to_owned();
    let query: Vec<(String, String)> = request
        .uri()
        .query()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    let method = request.method().clone();
    shared.write(|s| {
        s.requests.push(RecordedRequest {
            method: method.to_string(),
            path: path.clone(),
            query: request.uri().query().unwrap_or_default().to_owned(),
        });
    });
    let call = Call {
        query,
        uid,
        request,
    };
    let segments: Vec<&str> = path.split('/').collect();
    let get = method == hyper::Method::GET;
    let post = method == hyper::Method::POST;
    let has = |feature| shared.version.has(feature);
    let id = |i: usize| segments.get(i).map(|s| (*s).to_owned()).unwrap_or_default();
    match segments.as_slice() {
        ["", "v1", "system-info"] if get => sync(json!({
            "boot-id": "00000000-0000-4000-8000-000000000000",
            "version": shared.version.to_string(),
        })),
        ["", "v1", "health"] if get => checks::health(&shared, &call),
        ["", "v1", "changes"] if get => services::list_changes(&shared, &call),
        ["", "v1", "changes", _] if get => services::get_change(&shared, &id(3)),
        ["", "v1", "changes", _] if post => services::abort_change(&shared, &id(3), call).await,
        ["", "v1", "changes", _, "wait"] if get => {
            services::wait_change(&shared, &id(3), &call).await
        }
        ["", "v1", "services"] if get => services::list_services(&shared, &call),
        ["", "v1", "services"] if post => services::post_services(&shared, call).await,
        ["", "v1", "services", _] if get || post => error(400, "not implemented", None),
        ["", "v1", "plan"] if get => services::get_plan(&shared, &call),
        ["", "v1", "layers"] if post => services::post_layers(&shared, call).await,
        ["", "v1", "signals"] if post => services::post_signals(&shared, call).await,
        ["", "v1", "files"] if get => files::get_files(&shared, &call).await,
        ["", "v1", "files"] if post => files::post_files(&shared, call).await,
        ["", "v1", "logs"] if get => logs::get_logs(&shared, &call),
        ["", "v1", "exec"] if post => exec::post_exec(&shared, call).await,
        ["", "v1", "tasks", _, "websocket", _] if get => {
            exec::websocket(&shared, &id(3), &id(5), call)
        }
        ["", "v1", "checks"] if get => checks::list_checks(&shared, &call),
        ["", "v1", "checks"] if post && has(PebbleFeature::ChecksStartStop) => {
            checks::post_checks(&shared, call).await
        }
        ["", "v1", "checks", "refresh"] if post && has(PebbleFeature::ChecksRefresh) => {
            checks::refresh_check(&shared, call).await
        }
        ["", "v1", "notices"] if get => notices::list_notices(&shared, &call).await,
        ["", "v1", "notices"] if post => notices::post_notice(&shared, call).await,
        ["", "v1", "notices", _] if get => notices::get_notice(&shared, &id(3)),
        ["", "v1", "identities"] if get => identities::get_identities(&shared),
        ["", "v1", "identities"] if post => identities::post_identities(&shared, call).await,
        ["", "v1", "metrics"] if get && has(PebbleFeature::Metrics) => services::metrics(&shared),
        [
            "",
            "v1",
            "system-info" | "health" | "changes" | "services" | "plan" | "layers" | "signals"
            | "files" | "logs" | "exec" | "checks" | "notices" | "identities",
        ]
        | ["", "v1", "changes" | "services" | "notices", _]
        | ["", "v1", "changes", _, "wait"]
        | ["", "v1", "tasks", _, "websocket", _] => not_allowed(&method),
        ["", "v1", "checks", "refresh"] if has(PebbleFeature::ChecksRefresh) => {
            not_allowed(&method)
        }
        ["", "v1", "metrics"] if has(PebbleFeature::Metrics) => not_allowed(&method),
        _ => error(404, "invalid API endpoint requested", None),
    }
}

/// Pebble's 405 for an endpoint that does not take `method`.
fn not_allowed(method: &hyper::Method) -> Response<Body> {
    error(
        405,
        &format!("method {:?} not allowed", method.as_str()),
        None,
    )
}

/// A JSON response with `status`.
fn json_response(status: u16, value: &Value) -> Response<Body> {
    let body = serde_json::to_vec(value).unwrap_or_default();
    let mut response = Response::new(full(body));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    response
}

/// A body holding `bytes`.
pub(crate) fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into())
        .map_err(|never| match never {})
        .boxed_unsync()
}

/// Pebble's reason phrase for `status`.
fn status_text(status: u16) -> &'static str {
    StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Unknown")
}

/// The envelope of a sync answer with HTTP `status`.
pub(crate) fn envelope(status: u16, result: Option<Value>) -> Value {
    let mut v = json!({"type": "sync", "status-code": status, "status": status_text(status)});
    if let Some(result) = result {
        v["result"] = result;
    }
    v
}

/// A 200 sync answer.
pub(crate) fn sync(result: Value) -> Response<Body> {
    json_response(200, &envelope(200, Some(result)))
}

/// A sync answer with another status (health's 502).
pub(crate) fn sync_status(status: u16, result: Value) -> Response<Body> {
    json_response(status, &envelope(status, Some(result)))
}

/// A 200 sync answer without a `result` key.
pub(crate) fn sync_empty() -> Response<Body> {
    json_response(200, &envelope(200, None))
}

/// A 202 async answer for change `change`.
pub(crate) fn accepted(change: u64, result: Value) -> Response<Body> {
    json_response(
        202,
        &json!({
            "type": "async",
            "status-code": 202,
            "status": status_text(202),
            "change": change.to_string(),
            "result": result,
        }),
    )
}

/// An error envelope.
pub(crate) fn error(status: u16, message: &str, kind: Option<&str>) -> Response<Body> {
    let mut result = json!({"message": message});
    if let Some(kind) = kind {
        result["kind"] = json!(kind);
    }
    json_response(
        status,
        &json!({
            "type": "error",
            "status-code": status,
            "status": status_text(status),
            "result": result,
        }),
    )
}

/// Parses a Go duration from a request, with Pebble's message.
pub(crate) fn parse_timeout(text: &str) -> Result<std::time::Duration, Response<Body>> {
    text.parse::<crate::layer::GoDuration>()
        .map(|d| d.0)
        .map_err(|e| error(400, &format!("invalid timeout: {e}"), None))
}
