//! Notices: `GET /v1/notices`, `GET /v1/notices/{id}`, `POST /v1/notices`.
//!
//! A notice is an aggregated event: recording the same (type, key) again bumps its
//! `occurrences` and `last-occurred`. The workload records `custom` notices (with
//! `pebble notify` or [`Client::notify`]); Pebble records `change-update` and `warning`
//! notices itself. Juju turns custom notices into `<container>-pebble-custom-notice` events.
//!
//! # Examples
//!
//! ```no_run
//! use charm_runtime::pebble::notices::NoticeType;
//!
//! # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
//! let backups = client
//!     .notices()
//!     .types([NoticeType::Custom])
//!     .keys(["example.com/backup"])
//!     .await?;
//! # Ok(())
//! # }
//! ```

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::plan::format_duration;
use super::wire::{ApiRequest, check_id};
use tokio::time::Instant;

use super::progress::Backoff;
use super::{Client, Error, Result, Timestamp};
use crate::layer::GoDuration;
use crate::request::into_future;

/// Extra time the client gives a long-poll on top of the server-side timeout.
const WAIT_MARGIN: Duration = Duration::from_secs(1);

pub use crate::ids::NoticeId;

/// The type of a notice.
///
/// # Examples
///
/// ```
/// use charm_runtime::pebble::notices::NoticeType;
///
/// assert_eq!(NoticeType::ChangeUpdate.as_str(), "change-update");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum NoticeType {
    /// Recorded by a client; the key is a domain and path, like `example.com/db/backup-done`.
    Custom,
    /// Recorded by Pebble when a change is created or changes status; the key is the change ID.
    ChangeUpdate,
    /// Recorded by Pebble for a warning; the key is the message.
    Warning,
    /// A type this client does not know.
    #[serde(untagged)]
    Other(String),
}

impl NoticeType {
    /// The type as Pebble writes it.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::pebble::notices::NoticeType;
    ///
    /// assert_eq!(NoticeType::Custom.as_str(), "custom");
    /// ```
    pub fn as_str(&self) -> &str {
        match self {
            Self::Custom => "custom",
            Self::ChangeUpdate => "change-update",
            Self::Warning => "warning",
            Self::Other(other) => other,
        }
    }
}

/// One notice.
///
/// Timestamps are kept as Pebble sent them (RFC 3339 with up to nanoseconds), so that
/// [`last_repeated`](Self::last_repeated) can be passed back verbatim to
/// [`NoticeQuery::after`].
///
/// # Examples
///
/// ```no_run
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// let notice = client.notice(&"12".into()).await?;
/// println!("{} {} x{}: {:?}", notice.r#type.as_str(), notice.key, notice.occurrences, notice.last_data);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct Notice {
    /// The notice ID.
    pub id: NoticeId,
    /// The user the notice belongs to; `None` for public notices.
    #[serde(default)]
    pub user_id: Option<u32>,
    /// The type.
    pub r#type: NoticeType,
    /// The key, unique per type (and user).
    pub key: String,
    /// When it first occurred.
    pub first_occurred: Timestamp,
    /// When it last occurred.
    pub last_occurred: Timestamp,
    /// When it last repeated (occurred after its `repeat-after` had elapsed); notices are
    /// sorted and filtered by this time.
    pub last_repeated: Timestamp,
    /// How many times it occurred.
    pub occurrences: u64,
    /// The data of the last occurrence.
    #[serde(default)]
    pub last_data: BTreeMap<String, String>,
    /// Occurrences within this time of the last repeat do not count as repeats.
    #[serde(default)]
    pub repeat_after: Option<GoDuration>,
    /// How long after its last occurrence the notice is dropped.
    #[serde(default)]
    pub expire_after: Option<GoDuration>,
}

/// A listing of notices, sent when awaited: [`Client::notices`]. All filters must match; by
/// default it returns every notice of the caller's user and every public one, at once, or,
/// with [`wait`](Self::wait), as soon as one matches.
///
/// # Examples
///
/// ```no_run
/// use charm_runtime::pebble::notices::NoticeType;
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// let notices = client
///     .notices()
///     .types([NoticeType::Custom])
///     .keys(["example.com/a", "example.com/b"])
///     .after("2026-07-01T00:00:00.123456789Z".parse().expect("a timestamp"))
///     .await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[must_use = "a Pebble request does nothing until it is awaited"]
pub struct NoticeQuery<'a> {
    client: &'a Client,
    types: Vec<NoticeType>,
    keys: Vec<String>,
    user_id: Option<u32>,
    all_users: bool,
    after: Option<Timestamp>,
    wait: Option<Duration>,
}

impl NoticeQuery<'_> {
    /// Only notices of these types.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::pebble::notices::NoticeType;
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let notices = client.notices().types([NoticeType::Custom, NoticeType::Warning]).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn types(mut self, types: impl IntoIterator<Item = NoticeType>) -> Self {
        self.types = types.into_iter().collect();
        self
    }

    /// Only notices with these keys.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let notices = client.notices().keys(["example.com/a"]).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn keys<I, S>(mut self, keys: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.keys = keys.into_iter().map(Into::into).collect();
        self
    }

    /// Only notices of user `user_id` (and public ones; needs admin access).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let notices = client.notices().user_id(1000).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn user_id(mut self, user_id: u32) -> Self {
        self.user_id = Some(user_id);
        self
    }

    /// Notices of all users (needs admin access; not with [`user_id`](Self::user_id)).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let notices = client.notices().all_users(true).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn all_users(mut self, all_users: bool) -> Self {
        self.all_users = all_users;
        self
    }

    /// Only notices that repeated strictly after `after`, such as the
    /// [`last_repeated`](Notice::last_repeated) of the newest notice already seen (sent with
    /// its nanoseconds).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let seen: charm_runtime::pebble::Timestamp = "2026-07-01T00:05:00.123456789Z".parse().unwrap();
    /// let newer = client.notices().after(seen).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn after(mut self, after: Timestamp) -> Self {
        self.after = Some(after);
        self
    }

    /// Waits up to `timeout` for a matching notice (Pebble's long poll) instead of answering
    /// at once.
    ///
    /// Matching notices that already exist are returned at once, so pass
    /// [`after`](Self::after) with the `last_repeated` of the newest notice already seen.
    /// When nothing matches in time the result is empty (not an error). Pebble is asked in
    /// periods no longer than the client's timeout (each given a second more to answer), so
    /// a daemon that stops answering is noticed within one period.
    ///
    /// # Errors
    ///
    /// As [`Client::notices`]; [`Error::Timeout`] only when Pebble stops answering.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use charm_runtime::pebble::notices::NoticeType;
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let mut after = None;
    /// loop {
    ///     let mut query = client.notices().types([NoticeType::Custom]);
    ///     if let Some(after) = after.take() {
    ///         query = query.after(after);
    ///     }
    ///     let notices = query.wait(Duration::from_secs(10)).await?;
    ///     match notices.last() {
    ///         Some(last) => after = Some(last.last_repeated),
    ///         None => break,
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn wait(mut self, timeout: Duration) -> Self {
        self.wait = Some(timeout);
        self
    }

    fn request(&self, wait: Option<Duration>) -> ApiRequest {
        let types: Vec<&str> = self.types.iter().map(NoticeType::as_str).collect();
        let mut req = ApiRequest::get("/v1/notices")
            .query_list("types", &types)
            .query_list("keys", &self.keys);
        if let Some(user_id) = self.user_id {
            req = req.query("user-id", &user_id.to_string());
        }
        if self.all_users {
            req = req.query("users", "all");
        }
        if let Some(after) = &self.after {
            req = req.query("after", &after.to_string());
        }
        if let Some(timeout) = wait {
            req = req.query("timeout", &format_duration(timeout));
        }
        req
    }

    async fn send(self) -> Result<Vec<Notice>> {
        let req = self.request(None);
        let Some(timeout) = self.wait else {
            let notices: Option<Vec<Notice>> = self.client.sync("notices", req).await?;
            return Ok(notices.unwrap_or_default());
        };
        // Wait in periods no longer than the client's timeout, so that a daemon that stops
        // answering is noticed within one period.
        let start = Instant::now();
        let deadline = start + timeout;
        let mut backoff = Backoff::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let period = left
                .min(self.client.timeout())
                .max(Duration::from_millis(1));
            let asked = Instant::now();
            let req = self.request(Some(period));
            let answer = tokio::time::timeout(period + WAIT_MARGIN, async {
                self.client
                    .transport
                    .envelope(req)
                    .await?
                    .result::<Option<Vec<Notice>>>()
            })
            .await
            .map_err(|_| Error::timeout_since("notices (pebble stopped answering)", start))?;
            let notices: Vec<Notice> = answer?.unwrap_or_default();
            if !notices.is_empty() || Instant::now() >= deadline {
                return Ok(notices);
            }
            if asked.elapsed() < period {
                backoff.pause(deadline).await;
            }
        }
    }
}

into_future!(['a] NoticeQuery<'a> => Result<Vec<Notice>>);

/// An occurrence of a custom notice, recorded when awaited: [`Client::notify`].
///
/// # Examples
///
/// ```no_run
/// use std::time::Duration;
/// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
/// let id = client
///     .notify("example.com/db/backup-done")
///     .data("path", "/backups/1")
///     .repeat_after(Duration::from_secs(600))
///     .await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[must_use = "a Pebble request does nothing until it is awaited"]
pub struct Notify<'a> {
    client: &'a Client,
    key: &'a str,
    data: BTreeMap<String, String>,
    repeat_after: Option<Duration>,
}

impl Notify<'_> {
    /// Adds one entry to the data of this occurrence (at most 4 KiB as JSON).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// client.notify("example.com/db/backup-done").data("path", "/b/1").data("size", "42").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn data(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.data.insert(key.into(), value.into());
        self
    }

    /// Occurrences within `repeat_after` of the last repeat do not count as repeats (they do
    /// not wake waiters). Without it every occurrence repeats.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// client.notify("example.com/db/alive").repeat_after(Duration::from_secs(3600)).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn repeat_after(mut self, repeat_after: Duration) -> Self {
        self.repeat_after = Some(repeat_after);
        self
    }

    async fn send(self) -> Result<NoticeId> {
        let body = AddNotice {
            action: "add",
            r#type: "custom",
            key: self.key,
            data: &self.data,
            repeat_after: self.repeat_after.map(format_duration),
        };
        let added: Added = self
            .client
            .sync("notify", ApiRequest::post_json("/v1/notices", &body)?)
            .await?;
        Ok(added.id)
    }
}

into_future!(['a] Notify<'a> => Result<NoticeId>);

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct AddNotice<'a> {
    action: &'static str,
    r#type: &'static str,
    key: &'a str,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    data: &'a BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    repeat_after: Option<String>,
}

#[derive(Deserialize)]
struct Added {
    id: NoticeId,
}

impl Client {
    /// Lists notices, oldest `last-repeated` first: every notice of the caller's user and
    /// every public one, or those the [`NoticeQuery`] selects, at once or, with
    /// [`NoticeQuery::wait`], as soon as one matches.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] with status 403 when the caller has no user ID (or asks
    /// for other users without admin access), and the connection errors of every call.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// for notice in client.notices().await? {
    ///     println!("{} {}", notice.id, notice.key);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn notices(&self) -> NoticeQuery<'_> {
        NoticeQuery {
            client: self,
            types: Vec::new(),
            keys: Vec::new(),
            user_id: None,
            all_users: false,
            after: None,
            wait: None,
        }
    }

    /// Gets one notice by ID.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] with status 404 for an unknown ID, 403 for a notice of
    /// another user; [`Error::Protocol`] for an ID that is not
    /// lowercase letters and digits.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let notice = client.notice(&"12".into()).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn notice(&self, id: &NoticeId) -> Result<Notice> {
        check_id("notice", id.as_str())?;
        self.sync("notice", ApiRequest::get(format!("/v1/notices/{id}")))
            .await
    }

    /// Records an occurrence of the custom notice `key` and returns the notice's ID.
    ///
    /// `key` is a lowercase domain with a dot followed by a path, such as
    /// `example.com/db/backup-done`, at most 256 bytes. [`Notify`] adds data and a
    /// repeat-after time.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] with status 400 for an invalid key or data over 4 KiB.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let id = client
    ///     .notify("example.com/db/backup-done")
    ///     .data("path", "/backups/1")
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn notify<'a>(&'a self, key: &'a str) -> Notify<'a> {
        Notify {
            client: self,
            key,
            data: BTreeMap::new(),
            repeat_after: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notice_decodes_pebble_shape() {
        let notice: Notice = serde_json::from_str(
            r#"{"id":"12","user-id":null,"type":"custom","key":"example.com/db/backup-done",
               "first-occurred":"2026-07-01T00:00:00.5Z","last-occurred":"2026-07-01T00:05:00Z",
               "last-repeated":"2026-07-01T00:05:00.123456789Z","occurrences":3,
               "last-data":{"path":"/backups/1"},"repeat-after":"1h0m0s","expire-after":"168h0m0s"}"#,
        )
        .unwrap();
        assert_eq!(notice.id, NoticeId::from("12"));
        assert_eq!(notice.user_id, None);
        assert_eq!(notice.r#type, NoticeType::Custom);
        assert_eq!(
            notice.last_repeated.to_string(),
            "2026-07-01T00:05:00.123456789Z"
        );
        // Go drops trailing zeros, so only typed times order right.
        assert!(notice.first_occurred < notice.last_occurred);
        assert_eq!(notice.occurrences, 3);
        assert_eq!(notice.last_data["path"], "/backups/1");
        assert_eq!(
            notice.repeat_after,
            Some(GoDuration(Duration::from_secs(3600)))
        );
        assert_eq!(
            notice.expire_after,
            Some(GoDuration(Duration::from_secs(168 * 3600)))
        );
    }

    #[test]
    fn unknown_types_are_kept() {
        let t: NoticeType = serde_json::from_str(r#""mystery""#).unwrap();
        assert_eq!(t, NoticeType::Other("mystery".into()));
        let t: NoticeType = serde_json::from_str(r#""change-update""#).unwrap();
        assert_eq!(t, NoticeType::ChangeUpdate);
    }

    #[test]
    fn filters_become_query_parameters() {
        let client = Client::new("/tmp/unused.socket");
        let mut req = client
            .notices()
            .types([NoticeType::Custom, NoticeType::Warning])
            .keys(["example.com/a"])
            .user_id(1000)
            .after("2026-07-01T00:05:00.123456789Z".parse().unwrap())
            .request(None);
        assert_eq!(
            req.path_and_query(),
            "/v1/notices?types=custom%2Cwarning&keys=example.com%2Fa&user-id=1000&after=2026-07-01T00%3A05%3A00.123456789Z"
        );
        let mut req = client.notices().all_users(true).request(None);
        assert_eq!(req.path_and_query(), "/v1/notices?users=all");
        let mut req = client.notices().request(Some(Duration::from_secs(5)));
        assert_eq!(req.path_and_query(), "/v1/notices?timeout=5.000s");
    }

    #[test]
    fn notify_body_omits_empty_fields() {
        let data = BTreeMap::new();
        let body = AddNotice {
            action: "add",
            r#type: "custom",
            key: "example.com/x",
            data: &data,
            repeat_after: None,
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"action":"add","type":"custom","key":"example.com/x"})
        );
    }
}
