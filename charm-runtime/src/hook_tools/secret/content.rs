//! The content of a secret, whose `Debug` output hides the values.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

use crate::hook_tools::Error;

/// The key/value content of a secret. `Debug` shows the keys only.
///
/// Keys must be at least 3 characters of lowercase letters, digits and `-`, start with a
/// letter and not end with `-`; there must be at least one key.
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::SecretContent;
///
/// let content = SecretContent::new().with("password", "hunter2");
/// assert_eq!(content.get("password"), Some("hunter2"));
/// assert!(!format!("{content:?}").contains("hunter2"));
/// ```
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct SecretContent(pub(super) BTreeMap<String, String>);

impl SecretContent {
    /// Empty content.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(charm_runtime::hook_tools::SecretContent::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The same content with `key` set to `value`.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = charm_runtime::hook_tools::SecretContent::new().with("token", "abc");
    /// assert_eq!(c.len(), 1);
    /// ```
    #[must_use]
    pub fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.0.insert(key.into(), value.into());
        self
    }

    /// Sets `key` to `value`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut c = charm_runtime::hook_tools::SecretContent::new();
    /// c.insert("token", "abc");
    /// c.insert("token", "def");
    /// assert_eq!((c.get("token"), c.len()), (Some("def"), 1));
    /// ```
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.0.insert(key.into(), value.into());
    }

    /// The value of `key`.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = charm_runtime::hook_tools::SecretContent::new().with("token", "abc");
    /// assert_eq!(c.get("token"), Some("abc"));
    /// ```
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// The keys, sorted.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = charm_runtime::hook_tools::SecretContent::new().with("token", "abc");
    /// assert_eq!(c.keys().collect::<Vec<_>>(), ["token"]);
    /// ```
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// How many keys there are.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_runtime::hook_tools::SecretContent::new().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no key.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(charm_runtime::hook_tools::SecretContent::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Checks the content against Juju's rules.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] when there is no key or a key breaks the naming rule.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::hook_tools::SecretContent;
    /// assert!(SecretContent::new().with("password", "x").validate().is_ok());
    /// assert!(SecretContent::new().with("pw", "x").validate().is_err());
    /// assert!(SecretContent::new().validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<(), Error> {
        if self.0.is_empty() {
            return Err(Error::Invalid {
                what: "secret content",
                value: String::new(),
                reason: "a secret needs at least one key".to_owned(),
            });
        }
        self.0.keys().try_for_each(|key| check_key(key))
    }
}

impl fmt::Debug for SecretContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.keys().map(|k| (k, "<redacted>")))
            .finish()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for SecretContent {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Self(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

fn check_key(key: &str) -> Result<(), Error> {
    let ok = key.len() >= 3
        && key.starts_with(|c: char| c.is_ascii_lowercase())
        && !key.ends_with('-')
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(Error::Invalid {
            what: "secret content key",
            value: key.to_owned(),
            reason: "use 3 or more lowercase letters, digits and -, starting with a letter and not ending with -"
                .to_owned(),
        })
    }
}
