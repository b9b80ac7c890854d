//! Release numbers of Pebble and Juju, read and compared as each project does.
//!
//! A [`PebbleVersion`] is a Pebble release tag (`v1.19.2`), as `GET /v1/system-info` and
//! `pebble version` report it. A [`JujuVersion`] is a Juju *release* (`3.6.4`); it reads the
//! version syntax of `assumes` (`3.6`, `3.6.4`, `4.0-beta6`, `3.6.4.1`), where a pre-release
//! or a build number stands for the first release after it, since charms run on releases.
//!
//! # Examples
//!
//! ```
//! use charm_spec::version::{JujuVersion, PebbleVersion};
//!
//! let pebble: PebbleVersion = "v1.19.2".parse().unwrap();
//! assert!(pebble >= PebbleVersion::new(1, 19, 0));
//! assert_eq!(pebble.to_string(), "v1.19.2");
//! assert_eq!("3.6".parse::<JujuVersion>().unwrap(), JujuVersion::new(3, 6, 0));
//! ```

use std::fmt;
use std::str::FromStr;

/// A Pebble release: `v1.19.2`.
///
/// # Examples
///
/// ```
/// use charm_spec::version::PebbleVersion;
///
/// assert!(PebbleVersion::new(1, 26, 0) > PebbleVersion::new(1, 19, 2));
/// assert_eq!("1.16".parse::<PebbleVersion>().unwrap(), PebbleVersion::new(1, 16, 0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PebbleVersion {
    /// The major number.
    pub major: u32,
    /// The minor number.
    pub minor: u32,
    /// The patch number.
    pub patch: u32,
}

impl PebbleVersion {
    /// The Pebble of Juju 3.6.0 (and maybe 3.6.1 to 3.6.3): the oldest supported.
    pub const V1_16_0: Self = Self::new(1, 16, 0);
    /// The Pebble of Juju 3.6.4 to 3.6.12, and of Juju 4.0.0.
    pub const V1_19_2: Self = Self::new(1, 19, 2);
    /// The Pebble of Juju 3.6.13 and later, and of Juju 4.0.1 and later.
    pub const V1_26_0: Self = Self::new(1, 26, 0);
    /// The release charm-rs pins for its own tests (no Juju ships it yet).
    pub const V1_32_1: Self = Self::new(1, 32, 1);
    /// The newest release [`crate::pebble::FEATURES`] describes: what the test fake plays
    /// unless told otherwise.
    pub const LATEST: Self = Self::V1_32_1;

    /// `vMAJOR.MINOR.PATCH`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_spec::version::PebbleVersion::new(1, 24, 0).minor, 24);
    /// ```
    pub const fn new(major: u32, minor: u32, patch: u32) -> Self {
        Self {
            major,
            minor,
            patch,
        }
    }

    /// Whether this release has `feature`, a row of [`crate::pebble::FEATURES`].
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::pebble::feature;
    /// use charm_spec::version::PebbleVersion;
    ///
    /// let start_stop = feature("checks-start-stop").unwrap();
    /// assert!(!PebbleVersion::V1_16_0.has(start_stop));
    /// assert!(PebbleVersion::V1_19_2.has(start_stop));
    /// ```
    pub fn has(self, feature: impl AsRef<crate::pebble::Feature>) -> bool {
        self >= feature.as_ref().pebble
    }
}

impl Default for PebbleVersion {
    /// [`PebbleVersion::LATEST`].
    fn default() -> Self {
        Self::LATEST
    }
}

impl fmt::Display for PebbleVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl FromStr for PebbleVersion {
    type Err = ParseVersionError;

    /// Reads `v1.19.2`, `1.19.2` or `v1.19` (patch 0). A suffix after `-` or `+` (a
    /// development build, such as `v1.32.1-dirty`) is ignored: it is that release's code.
    ///
    /// # Errors
    ///
    /// [`ParseVersionError`] when the text is not such a version.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || ParseVersionError::new("Pebble", text);
        let mut rest = text.strip_prefix('v').unwrap_or(text);
        let major = digits(&mut rest).ok_or_else(error)?;
        if !eat(&mut rest, '.') {
            return Err(error());
        }
        let minor = digits(&mut rest).ok_or_else(error)?;
        let patch = if eat(&mut rest, '.') {
            digits(&mut rest).ok_or_else(error)?
        } else {
            0
        };
        if rest.is_empty() || rest.starts_with(['-', '+']) {
            Ok(Self::new(major, minor, patch))
        } else {
            Err(error())
        }
    }
}

/// A Juju release: `3.6.4`.
///
/// # Examples
///
/// ```
/// use charm_spec::version::JujuVersion;
///
/// let first_4 = JujuVersion::new(4, 0, 0);
/// assert!(JujuVersion::new(3, 6, 13) < first_4);
/// assert_eq!(first_4.to_string(), "4.0.0");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JujuVersion {
    /// The major number.
    pub major: u32,
    /// The minor number.
    pub minor: u32,
    /// The patch number.
    pub patch: u32,
}

impl JujuVersion {
    /// `MAJOR.MINOR.PATCH`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_spec::version::JujuVersion::new(3, 6, 4).patch, 4);
    /// ```
    pub const fn new(major: u32, minor: u32, patch: u32) -> Self {
        Self {
            major,
            minor,
            patch,
        }
    }
}

impl fmt::Display for JujuVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl FromStr for JujuVersion {
    type Err = ParseVersionError;

    /// Reads a version as Juju's `assumes` does: `MAJOR`, `MAJOR.MINOR`, `MAJOR.MINOR.PATCH`,
    /// `MAJOR.MINOR-TAG`, `MAJOR.MINOR-TAGPATCH`, each with an optional `.BUILD`. Missing
    /// numbers are 0. The result is the first release at or after the version written: a
    /// pre-release (`4.0-beta6`) comes before the release `4.0.0`, so it reads as `4.0.0`; a
    /// build (`3.6.4.1`) comes after `3.6.4`, so it reads as `3.6.5`. On releases,
    /// `juju >= V` and `juju < V` then mean the same with the result as with `V`.
    ///
    /// # Errors
    ///
    /// [`ParseVersionError`] when the text does not follow that syntax.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::version::JujuVersion;
    ///
    /// let read = |text: &str| text.parse::<JujuVersion>().map(|v| v.to_string());
    /// assert_eq!(read("4").unwrap(), "4.0.0");
    /// assert_eq!(read("4.0-beta6").unwrap(), "4.0.0");
    /// assert_eq!(read("3.6.4.1").unwrap(), "3.6.5");
    /// assert!(read("3.six").is_err());
    /// ```
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || ParseVersionError::new("Juju", text);
        let mut rest = text;
        let major = digits(&mut rest).ok_or_else(error)?;
        let mut version = Self::new(major, 0, 0);
        if eat(&mut rest, '.') {
            version.minor = digits(&mut rest).ok_or_else(error)?;
            if eat(&mut rest, '-') {
                // A pre-release tag, `beta` or `beta6`: before the release MAJOR.MINOR.0.
                let letters = rest.len()
                    - rest
                        .trim_start_matches(|c: char| c.is_ascii_lowercase())
                        .len();
                if letters == 0 {
                    return Err(error());
                }
                rest = &rest[letters..];
                let _ = digits(&mut rest);
                if eat(&mut rest, '.') {
                    digits(&mut rest).ok_or_else(error)?;
                }
            } else {
                let mut build = None;
                if eat(&mut rest, '.') {
                    version.patch = digits(&mut rest).ok_or_else(error)?;
                    if eat(&mut rest, '.') {
                        build = Some(digits(&mut rest).ok_or_else(error)?);
                    }
                }
                if build.is_some_and(|build| build > 0) {
                    version.patch = version.patch.checked_add(1).ok_or_else(error)?;
                }
            }
        }
        if rest.is_empty() {
            Ok(version)
        } else {
            Err(error())
        }
    }
}

/// Takes 1 to 9 decimal digits (as Juju reads a version number) from the start of `rest`.
fn digits(rest: &mut &str) -> Option<u32> {
    let len = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if !(1..=9).contains(&len) {
        return None;
    }
    let (number, after) = rest.split_at(len);
    *rest = after;
    number.parse().ok()
}

/// Takes `c` from the start of `rest`, if it is there.
fn eat(rest: &mut &str, c: char) -> bool {
    match rest.strip_prefix(c) {
        Some(after) => {
            *rest = after;
            true
        }
        None => false,
    }
}

/// Text that is not a version.
///
/// # Examples
///
/// ```
/// let err = "three".parse::<charm_spec::version::JujuVersion>().unwrap_err();
/// assert_eq!(err.to_string(), "\"three\" is not a Juju version (such as 3.6 or 3.6.4)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a {what} version ({example})")]
pub struct ParseVersionError {
    what: &'static str,
    example: &'static str,
    text: String,
}

impl ParseVersionError {
    fn new(what: &'static str, text: &str) -> Self {
        let example = if what == "Pebble" {
            "such as v1.19.2"
        } else {
            "such as 3.6 or 3.6.4"
        };
        Self {
            what,
            example,
            text: text.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn juju(text: &str) -> Result<String, ParseVersionError> {
        text.parse::<JujuVersion>().map(|v| v.to_string())
    }

    #[test]
    fn reads_juju_versions_as_juju_does() {
        for (text, release) in [
            ("3", "3.0.0"),
            ("3.6", "3.6.0"),
            ("3.6.4", "3.6.4"),
            ("3.6.4.0", "3.6.4"),
            ("3.6.4.2", "3.6.5"),
            ("4.0-beta6", "4.0.0"),
            ("4.0-rc", "4.0.0"),
            ("4.0-beta6.1", "4.0.0"),
            ("004.01", "4.1.0"),
        ] {
            assert_eq!(juju(text).unwrap(), release, "{text}");
        }
        for bad in [
            "",
            "v3.6",
            "3.",
            ".6",
            "3.6.4.1.1",
            "3-beta",
            "3.6-",
            "3.6-1",
            "3.6-beta6.",
            "3.6-Beta",
            "1234567890",
            "3.6 ",
            "3,6",
        ] {
            assert!(juju(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn reads_pebble_tags() {
        let read = |text: &str| text.parse::<PebbleVersion>();
        assert_eq!(read("v1.19.2").unwrap(), PebbleVersion::new(1, 19, 2));
        assert_eq!(read("1.26.0").unwrap(), PebbleVersion::new(1, 26, 0));
        assert_eq!(read("v1.32.1-dirty").unwrap(), PebbleVersion::new(1, 32, 1));
        assert_eq!(read("v1.10").unwrap(), PebbleVersion::new(1, 10, 0));
        for bad in ["", "v", "v1", "v1.2.3.4", "vx.1.2", "latest"] {
            assert!(read(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            read("latest").unwrap_err().to_string(),
            "\"latest\" is not a Pebble version (such as v1.19.2)"
        );
    }

    #[test]
    fn orders_by_numbers() {
        assert!(PebbleVersion::new(1, 9, 9) < PebbleVersion::new(1, 10, 0));
        assert!(JujuVersion::new(3, 6, 13) > JujuVersion::new(3, 6, 4));
    }
}
