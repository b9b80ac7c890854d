//! Answers from a newer Pebble decode: unknown fields at every level are ignored, and
//! unknown enum values are kept (or, for the two closed enums, read as absent).

use serde_json::json;

use super::identities::{Access, Identity};
use super::notices::{Notice, NoticeType};
use super::{
    Change, ChangeStatus, CheckInfo, CheckStatus, LogEntry, ServiceInfo, ServiceStatus, SystemInfo,
};

fn decode<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).unwrap()
}

#[test]
fn changes_and_tasks() {
    let change: Change = decode(json!({
        "id": "1", "kind": "exec", "summary": "s", "status": "Teleporting", "ready": true,
        "spawn-time": "2026-07-01T00:00:00.5Z", "ready-time": "2026-07-01T00:00:01Z",
        "future": {"a": 1},
        "tasks": [{"id": "2", "kind": "exec", "status": "Done", "future": [1],
                   "progress": {"label": "", "done": 1, "total": 1, "future": true},
                   "spawn-time": "2026-07-01T00:00:00Z", "data": {"exit-code": 0}}]
    }));
    assert_eq!(change.status, ChangeStatus::Other("Teleporting".into()));
    assert!(change.spawn_time < change.ready_time.unwrap());
    assert_eq!(change.tasks[0].status, ChangeStatus::Done);
}

#[test]
fn checks_services_system_info_and_logs() {
    let check: CheckInfo = decode(json!({
        "name": "up", "level": "critical", "startup": "sometimes", "status": "flapping",
        "failures": 1, "threshold": 3, "future": {"x": 1}
    }));
    assert_eq!(check.level, None);
    assert_eq!(check.status, CheckStatus::Other("flapping".into()));
    let service: ServiceInfo = decode(json!({
        "name": "web", "startup": "enabled", "current": "paused", "future": 1,
        "current-since": "2026-07-01T00:00:00+02:00"
    }));
    assert_eq!(service.current, ServiceStatus::Other("paused".into()));
    assert_eq!(
        service.current_since.unwrap().to_string(),
        "2026-06-30T22:00:00Z"
    );
    let info: SystemInfo = decode(json!({"version": "v9.0.0", "boot-id": "b", "future": {}}));
    assert_eq!(info.version, "v9.0.0");
    let entry: LogEntry = decode(json!({
        "time": "2026-07-01T00:00:00.123Z", "service": "web", "message": "hi", "level": "info"
    }));
    assert_eq!(entry.message, "hi");
}

#[test]
fn notices_and_identities() {
    let notice: Notice = decode(json!({
        "id": "1", "type": "teleported", "key": "k", "occurrences": 1,
        "first-occurred": "2026-07-01T00:00:00Z", "last-occurred": "2026-07-01T00:00:00Z",
        "last-repeated": "2026-07-01T00:00:00Z", "future": [1, 2]
    }));
    assert_eq!(notice.r#type, NoticeType::Other("teleported".into()));
    let identity: Identity = decode(json!({
        "access": "superuser", "local": {"user-id": 1, "future": 1}, "oauth": {"issuer": "x"}
    }));
    assert_eq!(identity.access, Access::Other("superuser".into()));
    assert_eq!(identity.local.unwrap().user_id, 1);
}
