//! Identifiers that cross the line between Juju and Pebble, written once for both.
//!
//! Juju names a Pebble notice in `JUJU_NOTICE_ID` and the Pebble client takes the same id
//! back, so [`NoticeId`] lives here, below `event` and `pebble`, which use nothing of each
//! other: `pebble::notices::NoticeId` and `event::NoticeId` are this type.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The ID of a Pebble notice, such as `"12"`: what `JUJU_NOTICE_ID` holds and what
/// [`Client::notice`](crate::pebble::Client::notice) takes.
///
/// # Examples
///
/// ```
/// use charm_runtime::pebble::notices::NoticeId;
///
/// let id = NoticeId::from("12");
/// assert_eq!(id.as_str(), "12");
/// assert_eq!(id.to_string(), "12");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NoticeId(String);

impl NoticeId {
    /// The ID as Pebble writes it.
    ///
    /// # Examples
    ///
    /// See [`NoticeId`].
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for NoticeId {
    fn from(id: String) -> Self {
        Self(id)
    }
}

impl From<&str> for NoticeId {
    fn from(id: &str) -> Self {
        Self(id.to_owned())
    }
}

impl fmt::Display for NoticeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
