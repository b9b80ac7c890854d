//! The fake daemon's in-memory state: layers, services, changes, notices, checks, logs.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value, json};
use tokio::sync::watch;

use super::exec::{ExecCall, ExecHandler, ExecResult, Session};
use super::{PebbleFeature, PebbleVersion, RecordedRequest};
use crate::layer::Layer;

/// The state shared by the server tasks and the test's [`FakePebble`](super::FakePebble).
#[derive(Debug)]
pub(crate) struct Shared {
    state: Mutex<State>,
    /// Bumped after every change of `state`: waiters (change wait, notices long-poll, log
    /// follow) subscribe and re-check.
    generation: watch::Sender<u64>,
    /// The directory that stands for the container's `/`.
    pub(crate) root: std::path::PathBuf,
    /// The Pebble release the fake plays.
    pub(crate) version: PebbleVersion,
}

impl Shared {
    pub(crate) fn new(root: std::path::PathBuf, version: PebbleVersion) -> Arc<Self> {
        Arc::new(Self {
            state: Mutex::new(State {
                version,
                ..State::default()
            }),
            generation: watch::Sender::new(0),
            root,
            version,
        })
    }

    /// Reads the state.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&State) -> T) -> T {
        f(&self.lock())
    }

    /// Changes the state and wakes every waiter.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        let out = f(&mut self.lock());
        self.generation.send_modify(|v| *v = v.wrapping_add(1));
        out
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking test thread must not hide the state from the others.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until `check` returns `Some`, re-checking after every state change, for at most
    /// `timeout` (`None`: forever). Returns `None` on timeout.
    pub(crate) async fn wait_for<T>(
        &self,
        timeout: Option<Duration>,
        mut check: impl FnMut(&State) -> Option<T>,
    ) -> Option<T> {
        let mut rx = self.generation.subscribe();
        let wait = async {
            loop {
                rx.borrow_and_update();
                if let Some(found) = self.read(&mut check) {
                    return Some(found);
                }
                if rx.changed().await.is_err() {
                    return None;
                }
            }
        };
        match timeout {
            Some(after) => tokio::time::timeout(after, wait).await.ok().flatten(),
            None => wait.await,
        }
    }

    /// A receiver that wakes after every state change.
    pub(crate) fn subscribe(&self) -> watch::Receiver<u64> {
        self.generation.subscribe()
    }
}

/// Everything the fake daemon knows.
#[derive(Debug, Default)]
pub(crate) struct State {
    /// The Pebble release the fake plays (the same as [`Shared::version`]).
    pub(crate) version: PebbleVersion,
    /// Layers in order, lowest first.
    pub(crate) layers: Vec<(String, Layer)>,
    /// What happened to each service (services not in the plan may linger here).
    pub(crate) services: BTreeMap<String, ServiceRuntime>,
    pub(crate) changes: BTreeMap<u64, ChangeRec>,
    last_change: u64,
    last_task: u64,
    last_notice: u64,
    pub(crate) notices: Vec<NoticeRec>,
    /// Check statuses the test set (`up` unless set).
    pub(crate) check_status: BTreeMap<String, CheckState>,
    pub(crate) logs: Vec<LogRec>,
    pub(crate) identities: BTreeMap<String, Value>,
    pub(crate) exec_handlers: Vec<ExecHandler>,
    pub(crate) exec_calls: Vec<ExecCall>,
    /// Services that exit at once when started, and how (the test's
    /// [`FakePebble::service_exits_at_once`](super::FakePebble::service_exits_at_once)).
    pub(crate) quick_exits: BTreeMap<String, ExecResult>,
    pub(crate) exec_sessions: HashMap<String, Session>,
    pub(crate) requests: Vec<RecordedRequest>,
}

/// One service's run state.
#[derive(Debug, Clone)]
pub(crate) struct ServiceRuntime {
    /// `active`, `inactive`, `backoff` or `error`.
    pub(crate) current: &'static str,
    pub(crate) since: SystemTime,
    /// The service's configuration when it was last started (for `replan`).
    pub(crate) started_with: Option<crate::layer::Service>,
    pub(crate) starts: u64,
}

/// A check's state as the test set it.
#[derive(Debug, Clone, Default)]
pub(crate) struct CheckState {
    pub(crate) down: bool,
    /// Failures in a row a test gave with `set_check_failures` (`None`: as many as the
    /// threshold when down, none when up).
    pub(crate) failures: Option<u32>,
    pub(crate) stopped: bool,
    pub(crate) change: Option<u64>,
    /// The change before `change` (a `perform-check` before its `recover-check`).
    pub(crate) prev_change: Option<u64>,
}

/// One log line of a service.
#[derive(Debug, Clone)]
pub(crate) struct LogRec {
    pub(crate) time: SystemTime,
    pub(crate) service: String,
    pub(crate) message: String,
}

/// One recorded notice.
#[derive(Debug, Clone)]
pub(crate) struct NoticeRec {
    pub(crate) id: u64,
    pub(crate) user_id: Option<u32>,
    pub(crate) kind: String,
    pub(crate) key: String,
    pub(crate) first: SystemTime,
    pub(crate) last: SystemTime,
    pub(crate) repeated: SystemTime,
    pub(crate) occurrences: u64,
    pub(crate) data: Map<String, Value>,
    pub(crate) repeat_after: Option<Duration>,
}

impl NoticeRec {
    pub(crate) fn to_json(&self) -> Value {
        let mut v = json!({
            "id": self.id.to_string(),
            "user-id": self.user_id,
            "type": self.kind,
            "key": self.key,
            "first-occurred": rfc3339(self.first),
            "last-occurred": rfc3339(self.last),
            "last-repeated": rfc3339(self.repeated),
            "occurrences": self.occurrences,
        });
        if !self.data.is_empty() {
            v["last-data"] = Value::Object(self.data.clone());
        }
        if let Some(after) = self.repeat_after {
            v["repeat-after"] = json!(crate::layer::GoDuration::from(after).to_string());
        }
        v["expire-after"] = json!("168h0m0s");
        v
    }
}

/// One change.
#[derive(Debug, Clone)]
pub(crate) struct ChangeRec {
    pub(crate) id: u64,
    pub(crate) kind: String,
    pub(crate) summary: String,
    pub(crate) tasks: Vec<TaskRec>,
    pub(crate) err: Option<String>,
    pub(crate) spawn: SystemTime,
    pub(crate) ready: Option<SystemTime>,
    /// Services this change acted on (for `for=`).
    pub(crate) services: Vec<String>,
    /// The status of a change without tasks.
    pub(crate) empty_status: &'static str,
}

/// One task of a change.
#[derive(Debug, Clone)]
pub(crate) struct TaskRec {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) summary: String,
    pub(crate) status: &'static str,
    pub(crate) log: Vec<String>,
    pub(crate) data: Option<Value>,
    pub(crate) spawn: SystemTime,
    pub(crate) ready: Option<SystemTime>,
}

impl TaskRec {
    fn to_json(&self) -> Value {
        let done = u8::from(self.status != "Do" && self.status != "Doing");
        let mut v = json!({
            "id": self.id,
            "kind": self.kind,
            "summary": self.summary,
            "status": self.status,
            "progress": {"label": "", "done": done, "total": 1},
            "spawn-time": rfc3339(self.spawn),
        });
        if !self.log.is_empty() {
            v["log"] = json!(self.log);
        }
        if let Some(ready) = self.ready {
            v["ready-time"] = json!(rfc3339(ready));
        }
        if let Some(data) = &self.data {
            v["data"] = data.clone();
        }
        v
    }
}

/// Ready (terminal) task statuses.
pub(crate) fn is_ready_status(status: &str) -> bool {
    matches!(status, "Done" | "Undone" | "Hold" | "Error")
}

impl ChangeRec {
    /// The change's status, derived from its tasks as Pebble does.
    pub(crate) fn status(&self) -> &'static str {
        const ORDER: [&str; 10] = [
            "Abort", "Undoing", "Undo", "Doing", "Do", "Wait", "Error", "Undone", "Done", "Hold",
        ];
        if self.tasks.is_empty() {
            return self.empty_status;
        }
        ORDER
            .into_iter()
            .find(|s| self.tasks.iter().any(|t| t.status == *s))
            .unwrap_or("Hold")
    }

    pub(crate) fn is_ready(&self) -> bool {
        is_ready_status(self.status())
    }

    pub(crate) fn to_json(&self) -> Value {
        let mut v = json!({
            "id": self.id.to_string(),
            "kind": self.kind,
            "summary": self.summary,
            "status": self.status(),
        });
        if !self.tasks.is_empty() {
            v["tasks"] = Value::Array(self.tasks.iter().map(TaskRec::to_json).collect());
        }
        v["ready"] = json!(self.is_ready());
        if let Some(err) = &self.err {
            v["err"] = json!(err);
        }
        v["spawn-time"] = json!(rfc3339(self.spawn));
        if let Some(ready) = self.ready {
            v["ready-time"] = json!(rfc3339(ready));
        }
        v
    }
}

impl State {
    /// Whether the release the fake plays has `feature`.
    pub(crate) fn has(&self, feature: PebbleFeature) -> bool {
        self.version.has(feature)
    }

    /// Adds a change whose tasks are given as `(kind, summary, status, log)`, each log line
    /// starting with its level (`INFO ...`); returns its ID. A task in `Error` makes the
    /// change's `err` list it, with the last line of its log as the reason.
    pub(crate) fn add_change(
        &mut self,
        kind: &str,
        summary: String,
        tasks: Vec<(String, String, &'static str, Vec<String>)>,
        services: Vec<String>,
    ) -> u64 {
        self.last_change += 1;
        let id = self.last_change;
        let now = SystemTime::now();
        let tasks = tasks
            .into_iter()
            .map(|(kind, summary, status, log)| {
                self.last_task += 1;
                TaskRec {
                    id: self.last_task.to_string(),
                    kind,
                    summary,
                    status,
                    log: log
                        .into_iter()
                        .map(|l| format!("{} {l}", rfc3339_secs(now)))
                        .collect(),
                    data: None,
                    spawn: now,
                    ready: is_ready_status(status).then_some(now),
                }
            })
            .collect();
        let mut change = ChangeRec {
            id,
            kind: kind.to_owned(),
            summary,
            tasks,
            err: None,
            spawn: now,
            ready: None,
            services,
            empty_status: "Done",
        };
        if change.is_ready() {
            change.ready = Some(now);
        }
        let failed: Vec<String> = change
            .tasks
            .iter()
            .filter(|t| t.status == "Error")
            .map(|t| {
                let last = t.log.last().map_or("", String::as_str);
                let reason = last.split_once(" ERROR ").map_or(last, |(_, r)| r);
                format!("\n- {} ({reason})", t.summary)
            })
            .collect();
        if !failed.is_empty() {
            change.err = Some(format!(
                "cannot perform the following tasks:{}",
                failed.concat()
            ));
        }
        self.changes.insert(id, change);
        self.change_notice(id, kind);
        id
    }

    /// Marks change `id` ready after its tasks were updated.
    pub(crate) fn change_updated(&mut self, id: u64) {
        let Some(change) = self.changes.get_mut(&id) else {
            return;
        };
        if change.is_ready() && change.ready.is_none() {
            change.ready = Some(SystemTime::now());
            let kind = change.kind.clone();
            self.change_notice(id, &kind);
        }
    }

    /// Records the `change-update` notice of change `id`.
    fn change_notice(&mut self, id: u64, kind: &str) {
        let mut data = Map::new();
        data.insert("kind".to_owned(), json!(kind));
        self.record_notice(None, "change-update", &id.to_string(), data, None);
    }

    /// Records an occurrence of a notice; returns its ID.
    pub(crate) fn record_notice(
        &mut self,
        user_id: Option<u32>,
        kind: &str,
        key: &str,
        data: Map<String, Value>,
        repeat_after: Option<Duration>,
    ) -> u64 {
        let now = SystemTime::now();
        if let Some(n) = self
            .notices
            .iter_mut()
            .find(|n| n.user_id == user_id && n.kind == kind && n.key == key)
        {
            n.occurrences += 1;
            n.last = now;
            n.data = data;
            n.repeat_after = repeat_after;
            let elapsed = now.duration_since(n.repeated).unwrap_or_default();
            if repeat_after.is_none_or(|after| after.is_zero() || elapsed >= after) {
                n.repeated = now;
            }
            let id = n.id;
            self.notices.sort_by_key(|n| n.repeated);
            return id;
        }
        self.last_notice += 1;
        self.notices.push(NoticeRec {
            id: self.last_notice,
            user_id,
            kind: kind.to_owned(),
            key: key.to_owned(),
            first: now,
            last: now,
            repeated: now,
            occurrences: 1,
            data,
            repeat_after,
        });
        self.last_notice
    }
}

/// `t` as Go's RFC 3339 with nanoseconds, trailing zeros trimmed, in UTC.
pub(crate) fn rfc3339(t: SystemTime) -> String {
    let since = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let nanos = since.subsec_nanos();
    let mut text = rfc3339_secs(t);
    text.pop(); // the `Z`
    if nanos != 0 {
        let frac = format!("{nanos:09}");
        text.push('.');
        text.push_str(frac.trim_end_matches('0'));
    }
    text.push('Z');
    text
}

/// `t` as RFC 3339 in UTC, whole seconds.
pub(crate) fn rfc3339_secs(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Parses the RFC 3339 UTC times this fake writes (also with a numeric offset).
pub(crate) fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    let (date, time) = text.split_once('T')?;
    let mut date = date.splitn(3, '-').map(str::parse::<u64>);
    let (y, m, d) = (date.next()?.ok()?, date.next()?.ok()?, date.next()?.ok()?);
    let (clock, offset_secs) = if let Some(clock) = time.strip_suffix('Z') {
        (clock, 0i64)
    } else {
        let at = time.rfind(['+', '-'])?;
        let (clock, offset) = time.split_at(at);
        let sign = if offset.starts_with('-') { -1 } else { 1 };
        let (h, mi) = offset[1..].split_once(':')?;
        (
            clock,
            sign * (h.parse::<i64>().ok()? * 3600 + mi.parse::<i64>().ok()? * 60),
        )
    };
    let (whole, frac) = clock.split_once('.').unwrap_or((clock, ""));
    let mut hms = whole.splitn(3, ':').map(str::parse::<u64>);
    let (h, mi, s) = (hms.next()?.ok()?, hms.next()?.ok()?, hms.next()?.ok()?);
    let nanos: u32 = if frac.is_empty() {
        0
    } else {
        format!("{:0<9}", &frac[..frac.len().min(9)]).parse().ok()?
    };
    let days = days_from_civil(y, m, d);
    let secs = i64::try_from(days * 86_400 + h * 3600 + mi * 60 + s).ok()? - offset_secs;
    Some(UNIX_EPOCH + Duration::new(u64::try_from(secs).ok()?, nanos))
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (y, m, d)
}

/// (year, month, day) to days since 1970-01-01.
fn days_from_civil(y: u64, m: u64, d: u64) -> u64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y / 400;
    let yoe = y % 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe).saturating_sub(719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip_and_trim_zeros() {
        let t = UNIX_EPOCH + Duration::new(1_784_682_123, 450_000_000);
        let text = rfc3339(t);
        assert_eq!(text, "2026-07-22T01:02:03.45Z");
        assert_eq!(parse_rfc3339(&text), Some(t));
        assert_eq!(
            parse_rfc3339("2026-07-22T03:02:03.45+02:00"),
            Some(t),
            "offsets are applied"
        );
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn change_status_follows_task_priority() {
        let mut state = State::default();
        let id = state.add_change(
            "start",
            "Start service \"a\"".into(),
            vec![
                ("start".into(), "a".into(), "Done", vec![]),
                (
                    "start".into(),
                    "b".into(),
                    "Doing",
                    vec!["INFO waiting".into()],
                ),
            ],
            vec![],
        );
        let change = &state.changes[&id];
        assert_eq!(change.status(), "Doing");
        assert!(!change.is_ready());
        assert_eq!(change.to_json()["ready"], json!(false));
    }
}
