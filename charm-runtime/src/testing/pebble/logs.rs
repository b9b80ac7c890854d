//! Logs: the test's entries as Pebble's NDJSON, with `n` and `follow`.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use futures_util::StreamExt;
use http_body_util::{BodyExt, StreamBody};
use hyper::Response;
use hyper::body::Frame;
use serde_json::json;

use super::server::{Body, Call, error};
use super::state::{LogRec, Shared, rfc3339};

/// One NDJSON line of `entry`, with a millisecond timestamp as Pebble writes.
fn line(entry: &LogRec) -> Bytes {
    let since = entry.time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let millis = UNIX_EPOCH + Duration::from_millis(u64::try_from(since.as_millis()).unwrap_or(0));
    let mut text = json!({
        "time": rfc3339(millis),
        "service": entry.service,
        "message": entry.message,
    })
    .to_string();
    text.push('\n');
    Bytes::from(text)
}

pub(crate) fn get_logs(shared: &Arc<Shared>, call: &Call) -> Response<Body> {
    let follow = match call.param("follow") {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            return error(
                400,
                &format!("follow must be \"true\" or \"false\", got {other:?}"),
                None,
            );
        }
    };
    let n: i64 = match call.param("n") {
        None => {
            if follow {
                0
            } else {
                30
            }
        }
        Some(text) => match text.parse::<i64>() {
            Ok(n) if n >= -1 => n,
            _ => return error(400, "n must be -1, 0, or a positive integer", None),
        },
    };
    let services = call.list("services");
    let wanted = move |e: &LogRec| services.is_empty() || services.contains(&e.service);
    let (first, seen) = shared.read(|s| {
        let mut selected: Vec<&LogRec> = s.logs.iter().filter(|e| wanted(e)).collect();
        selected.sort_by_key(|e| e.time);
        let skip = match usize::try_from(n) {
            Ok(n) => selected.len().saturating_sub(n),
            Err(_) => 0,
        };
        let lines: Vec<Bytes> = selected[skip..].iter().map(|e| line(e)).collect();
        (lines, s.logs.len())
    });
    let head = futures_util::stream::iter(first);
    let body: Body = if follow {
        let shared = shared.clone();
        let rx = shared.subscribe();
        let tail = futures_util::stream::unfold(
            (shared, rx, seen, wanted),
            |(shared, mut rx, mut seen, wanted)| async move {
                loop {
                    let new: Vec<Bytes> = shared.read(|s| {
                        let lines = s.logs[seen.min(s.logs.len())..]
                            .iter()
                            .filter(|e| wanted(e))
                            .map(line)
                            .collect();
                        seen = s.logs.len();
                        lines
                    });
                    if !new.is_empty() {
                        return Some((futures_util::stream::iter(new), (shared, rx, seen, wanted)));
                    }
                    rx.changed().await.ok()?;
                }
            },
        )
        .flatten();
        let stream = head
            .chain(tail)
            .map(|b| Ok::<_, crate::pebble::BoxError>(Frame::data(b)));
        BodyExt::boxed_unsync(StreamBody::new(stream))
    } else {
        let stream = head.map(|b| Ok::<_, crate::pebble::BoxError>(Frame::data(b)));
        BodyExt::boxed_unsync(StreamBody::new(stream))
    };
    let mut response = Response::new(body);
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/x-ndjson"),
    );
    response
}

/// Adds a log entry of `service` now.
pub(crate) fn add(shared: &Shared, service: &str, message: &str) {
    shared.write(|s| {
        s.logs.push(LogRec {
            time: SystemTime::now(),
            service: service.to_owned(),
            message: message.to_owned(),
        });
    });
}
