//! Durations as Pebble reads and writes them: Go's syntax, plus the rules a layer adds.
//!
//! Pebble parses every duration (layer fields, API timeouts) with Go's `time.ParseDuration`
//! and writes them with `Duration.String`. [`parse`] is that parser, exactly: it agrees with Go
//! on what is accepted and on the nanoseconds, which a differential test checks against Go
//! itself. What this crate asks of a duration on top of Go's syntax is a [`Rule`], kept apart
//! and named: [`GoDuration`] holds the non-negative durations a layer can carry.
//!
//! # Examples
//!
//! ```
//! use std::time::Duration;
//! use charm_spec::duration::{GoDuration, Rule};
//!
//! let period: GoDuration = "1m30s".parse().unwrap();
//! assert_eq!(period.0, Duration::from_secs(90));
//! assert_eq!(period.to_string(), "1m30s");
//! assert!("-1s".parse::<GoDuration>().is_err());
//! assert!(GoDuration::parse_with("0s", &[Rule::NotZero]).is_err());
//! ```

mod go;

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use go::{SyntaxError, parse};

/// A rule a duration field obeys on top of Go's syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// At least zero. Go accepts `-1s`; Pebble does not say what a negative delay or period
    /// means and `std::time::Duration` cannot hold one, so every layer duration obeys this.
    NotNegative,
    /// Not zero: Pebble rejects a check's `period` or `timeout` of zero (`period must not be
    /// zero`).
    NotZero,
}

impl Rule {
    /// Whether `nanos` (as [`parse`] returns it) obeys the rule.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::duration::Rule;
    ///
    /// assert!(Rule::NotNegative.allows(0));
    /// assert!(!Rule::NotZero.allows(0));
    /// ```
    pub fn allows(self, nanos: i64) -> bool {
        match self {
            Self::NotNegative => nanos >= 0,
            Self::NotZero => nanos != 0,
        }
    }

    /// What the rule asks, for messages: `negative durations are not allowed`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_spec::duration::Rule::NotZero.describe(), "must not be zero");
    /// ```
    pub fn describe(self) -> &'static str {
        match self {
            Self::NotNegative => "negative durations are not allowed",
            Self::NotZero => "must not be zero",
        }
    }
}

/// A non-negative duration written the way Go writes it (`1h0m0s`, `500ms`).
///
/// It parses with [`parse`] and the rule [`Rule::NotNegative`], and prints like Go's
/// `Duration.String`, so what Pebble writes reads back unchanged.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use charm_spec::duration::GoDuration;
///
/// let d: GoDuration = "1m30s".parse().unwrap();
/// assert_eq!(d.0, Duration::from_secs(90));
/// assert_eq!(d.to_string(), "1m30s");
/// assert_eq!(GoDuration(Duration::from_millis(1500)).to_string(), "1.5s");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct GoDuration(pub Duration);

/// Text that is not a duration a layer accepts.
///
/// # Examples
///
/// ```
/// use charm_spec::duration::{GoDuration, Reason, SyntaxError};
///
/// let err = "10".parse::<GoDuration>().unwrap_err();
/// assert_eq!(err.reason(), &Reason::Syntax(SyntaxError::MissingUnit));
/// assert_eq!(err.to_string(), "invalid duration \"10\": missing unit");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid duration {text:?}: {reason}")]
pub struct ParseDurationError {
    text: String,
    reason: Reason,
}

/// Why a duration was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Reason {
    /// Go's `time.ParseDuration` refuses the text.
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
    /// Go accepts it, but the field's rule does not.
    #[error("{}", .0.describe())]
    Rule(Rule),
}

impl ParseDurationError {
    /// The text that was refused.
    ///
    /// # Examples
    ///
    /// ```
    /// let err = "5".parse::<charm_spec::duration::GoDuration>().unwrap_err();
    /// assert_eq!(err.text(), "5");
    /// ```
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Why.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::duration::{GoDuration, Reason, Rule};
    ///
    /// let err = "-1s".parse::<GoDuration>().unwrap_err();
    /// assert_eq!(err.reason(), &Reason::Rule(Rule::NotNegative));
    /// ```
    pub fn reason(&self) -> &Reason {
        &self.reason
    }
}

impl GoDuration {
    /// Parses `text` in Go's syntax and checks it against `rules` (and [`Rule::NotNegative`],
    /// which every `GoDuration` obeys).
    ///
    /// # Errors
    ///
    /// [`ParseDurationError`] with the syntax problem or the first rule broken.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::duration::{GoDuration, Reason, Rule};
    ///
    /// let err = GoDuration::parse_with("0s", &[Rule::NotZero]).unwrap_err();
    /// assert_eq!(err.reason(), &Reason::Rule(Rule::NotZero));
    /// assert!(GoDuration::parse_with("10s", &[Rule::NotZero]).is_ok());
    /// ```
    pub fn parse_with(text: &str, rules: &[Rule]) -> Result<Self, ParseDurationError> {
        let refuse = |reason| ParseDurationError {
            text: text.to_owned(),
            reason,
        };
        let nanos = parse(text).map_err(|e| refuse(Reason::Syntax(e)))?;
        if let Some(rule) = std::iter::once(&Rule::NotNegative)
            .chain(rules)
            .find(|rule| !rule.allows(nanos))
        {
            return Err(refuse(Reason::Rule(*rule)));
        }
        Ok(Self(Duration::from_nanos(nanos.unsigned_abs())))
    }
}

impl FromStr for GoDuration {
    type Err = ParseDurationError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse_with(text, &[])
    }
}

impl fmt::Display for GoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        go::write(f, self.0.as_nanos())
    }
}

impl From<Duration> for GoDuration {
    fn from(d: Duration) -> Self {
        Self(d)
    }
}

impl Serialize for GoDuration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for GoDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_it_writes() {
        for text in [
            "0s", "500ms", "1.5µs", "2m30s", "1h0m0s", "168h0m0s", "1h0m1s",
        ] {
            let d: GoDuration = text.parse().unwrap();
            assert_eq!(d.to_string(), text);
        }
        assert_eq!("4.000s".parse::<GoDuration>().unwrap().to_string(), "4s");
    }

    #[test]
    fn every_layer_duration_is_non_negative() {
        assert_eq!("-0s".parse::<GoDuration>(), Ok(GoDuration::default()));
        let err = "-1ns".parse::<GoDuration>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid duration \"-1ns\": negative durations are not allowed"
        );
    }
}
