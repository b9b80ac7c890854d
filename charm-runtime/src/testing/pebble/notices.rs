//! Notices: record custom ones, list with filters and long-poll, get one.

use std::time::SystemTime;

use hyper::Response;
use serde_json::{Map, Value, json};

use super::server::{Body, Call, error, parse_timeout, sync};
use super::state::{NoticeRec, Shared, parse_rfc3339};

/// Notice types Pebble knows.
const TYPES: [&str; 3] = ["change-update", "custom", "warning"];

/// Whether `key` is a valid custom notice key: `domain.tld/path`, lower case.
pub(crate) fn valid_key(key: &str) -> bool {
    fn word(part: &str) -> bool {
        !part.is_empty()
            && part.split('-').all(|w| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    }
    let Some((domain, path)) = key.split_once('/') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    key.len() <= 256
        && labels.len() >= 2
        && labels.iter().all(|l| word(l))
        && path.split('/').all(word)
}

/// The filters of one `GET /v1/notices`.
struct Filter {
    types: Option<Vec<String>>,
    keys: Vec<String>,
    after: Option<SystemTime>,
    /// `None`: all users; `Some(uid)`: that user's and public notices.
    user: Option<Option<u32>>,
}

impl Filter {
    fn matches(&self, n: &NoticeRec) -> bool {
        self.types.as_ref().is_none_or(|t| t.contains(&n.kind))
            && (self.keys.is_empty() || self.keys.contains(&n.key))
            && self.after.is_none_or(|after| n.repeated > after)
            && self
                .user
                .is_none_or(|uid| n.user_id.is_none() || n.user_id == uid)
    }
}

pub(crate) async fn list_notices(shared: &Shared, call: &Call) -> Response<Body> {
    let types = call.list("types");
    let types = if types.is_empty() {
        None
    } else {
        Some(
            types
                .into_iter()
                .filter(|t| TYPES.contains(&t.as_str()))
                .collect(),
        )
    };
    let after = match call.param("after") {
        None => None,
        Some(text) => match parse_rfc3339(text) {
            Some(t) => Some(t),
            None => return error(400, &format!("invalid \"after\" timestamp {text:?}"), None),
        },
    };
    let user = if call.param("users") == Some("all") {
        None
    } else if let Some(uid) = call.param("user-id") {
        match uid.parse::<u32>() {
            Ok(uid) => Some(Some(uid)),
            Err(_) => return error(400, &format!("invalid \"user-id\" filter {uid:?}"), None),
        }
    } else {
        Some(call.uid)
    };
    let timeout = match call.param("timeout") {
        None => None,
        Some(text) => match parse_timeout(text) {
            Ok(t) => Some(t),
            Err(response) => return response,
        },
    };
    let filter = Filter {
        types,
        keys: call.list("keys"),
        after,
        user,
    };
    let find = |s: &super::state::State| {
        let mut found: Vec<&NoticeRec> = s.notices.iter().filter(|n| filter.matches(n)).collect();
        found.sort_by_key(|n| n.repeated);
        let found: Vec<Value> = found.into_iter().map(NoticeRec::to_json).collect();
        (!found.is_empty()).then_some(found)
    };
    let found = match timeout {
        Some(after) if !after.is_zero() => shared.wait_for(Some(after), find).await,
        _ => shared.read(find),
    };
    sync(Value::Array(found.unwrap_or_default()))
}

pub(crate) fn get_notice(shared: &Shared, id: &str) -> Response<Body> {
    shared.read(|s| {
        s.notices
            .iter()
            .find(|n| n.id.to_string() == id)
            .map_or_else(
                || error(404, &format!("cannot find notice with ID {id:?}"), None),
                |n| sync(n.to_json()),
            )
    })
}

pub(crate) async fn post_notice(shared: &Shared, call: Call) -> Response<Body> {
    let uid = call.uid;
    let body = match call.json().await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let action = body["action"].as_str().unwrap_or_default();
    if action != "add" {
        return error(400, &format!("invalid action {action:?}"), None);
    }
    let kind = body["type"].as_str().unwrap_or_default();
    if kind != "custom" {
        return error(
            400,
            &format!("invalid type {kind:?} (can only add \"custom\" notices)"),
            None,
        );
    }
    let key = body["key"].as_str().unwrap_or_default();
    if !valid_key(key) {
        return error(
            400,
            &format!("key must be in the format \"domain.com/key\", got {key:?}"),
            None,
        );
    }
    let data = match &body["data"] {
        Value::Null => Map::new(),
        Value::Object(map) if map.values().all(Value::is_string) => map.clone(),
        _ => {
            return error(
                400,
                "cannot decode notice data: values must be strings",
                None,
            );
        }
    };
    let repeat_after = match body["repeat-after"].as_str().filter(|t| !t.is_empty()) {
        None => None,
        Some(text) => match text.parse::<crate::layer::GoDuration>() {
            Ok(d) => Some(d.0),
            Err(e) => return error(400, &format!("invalid repeat-after: {e}"), None),
        },
    };
    let id = shared.write(|s| s.record_notice(uid, "custom", key, data, repeat_after));
    sync(json!({"id": id.to_string()}))
}

#[cfg(test)]
mod tests {
    use super::valid_key;

    #[test]
    fn keys_need_a_domain_and_a_path() {
        assert!(valid_key("example.com/db/backup-done"));
        assert!(valid_key("canonical.com/postgresql/backup"));
        assert!(!valid_key("example/db"));
        assert!(!valid_key("example.com"));
        assert!(!valid_key("Example.com/db"));
        assert!(!valid_key("example.com/db--x"));
    }
}
