//! The Pebble release a fake plays, and the release that added each behaviour it varies.
//!
//! Juju injects its own Pebble into workload containers, so a charm meets several releases
//! (`docs/pebble-versions.md`). A [`FakePebble`](super::FakePebble) answers as the release
//! chosen with [`FakePebbleBuilder::pebble_version`](super::FakePebbleBuilder::pebble_version)
//! does, for the differences listed in [`PebbleFeature`]: each variant names its row of
//! `docs/pebble-features.tsv` (a test keeps the two equal), so the fake and the documentation
//! read the same facts.

use std::fmt;
use std::str::FromStr;

/// A Pebble release, `vMAJOR.MINOR.PATCH`.
///
/// # Examples
///
/// ```
/// use charm_runtime::testing::{PebbleFeature, PebbleVersion};
///
/// let juju_3_6_0: PebbleVersion = "v1.16.0".parse().unwrap();
/// assert_eq!(juju_3_6_0, PebbleVersion::V1_16_0);
/// assert!(!juju_3_6_0.has(PebbleFeature::ChecksStartStop));
/// assert!(PebbleVersion::V1_19_2.has(PebbleFeature::ChecksStartStop));
/// assert_eq!(PebbleVersion::V1_26_0.to_string(), "v1.26.0");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PebbleVersion {
    major: u16,
    minor: u16,
    patch: u16,
}

impl PebbleVersion {
    /// The Pebble of Juju 3.6.0 (and maybe 3.6.1 to 3.6.3): the oldest supported.
    pub const V1_16_0: Self = Self::new(1, 16, 0);
    /// The Pebble of Juju 3.6.4 to 3.6.12.
    pub const V1_19_2: Self = Self::new(1, 19, 2);
    /// The Pebble of Juju 3.6.13 and later, and of Juju 4.0.
    pub const V1_26_0: Self = Self::new(1, 26, 0);
    /// The release the fake follows by default, pinned for the project's own tests (no Juju
    /// ships it yet).
    pub const V1_32_1: Self = Self::new(1, 32, 1);
    /// What a fake plays unless told otherwise.
    pub const LATEST: Self = Self::V1_32_1;

    /// `vMAJOR.MINOR.PATCH`.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::testing::PebbleVersion;
    /// assert_eq!(PebbleVersion::new(1, 19, 2), PebbleVersion::V1_19_2);
    /// ```
    pub const fn new(major: u16, minor: u16, patch: u16) -> Self {
        Self {
            major,
            minor,
            patch,
        }
    }

    /// Whether this release has `feature`.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::testing::{PebbleFeature, PebbleVersion};
    /// assert!(PebbleVersion::V1_26_0.has(PebbleFeature::ChecksRefresh));
    /// assert!(!PebbleVersion::V1_19_2.has(PebbleFeature::ChecksRefresh));
    /// ```
    pub fn has(self, feature: PebbleFeature) -> bool {
        self >= feature.since()
    }
}

impl Default for PebbleVersion {
    fn default() -> Self {
        Self::LATEST
    }
}

impl fmt::Display for PebbleVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// Text that is not a Pebble release tag such as `v1.26.0`.
///
/// # Examples
///
/// ```
/// let err = "1.26".parse::<charm_runtime::testing::PebbleVersion>().unwrap_err();
/// assert_eq!(err.to_string(), "\"1.26\" is not a Pebble release tag such as v1.26.0");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a Pebble release tag such as v1.26.0")]
pub struct ParseVersionError {
    text: String,
}

impl FromStr for PebbleVersion {
    type Err = ParseVersionError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || ParseVersionError {
            text: text.to_owned(),
        };
        let digits = text.trim().strip_prefix('v').ok_or_else(error)?;
        let mut parts = digits.split('.').map(|part| {
            // Plain digits only: `+1` and `-1` are not parts of a tag.
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(error());
            }
            part.parse::<u16>().map_err(|_| error())
        });
        let (Some(major), Some(minor), Some(patch), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(error());
        };
        Ok(Self::new(major?, minor?, patch?))
    }
}

/// Something a Pebble release added, which a fake playing an older release does not do (or
/// does differently).
///
/// Each variant is the row of `docs/pebble-features.tsv` named by [`id`](Self::id), where the
/// documentation says what an older Pebble does instead.
///
/// # Examples
///
/// ```
/// use charm_runtime::testing::{PebbleFeature, PebbleVersion};
///
/// let feature = PebbleFeature::CheckStartup;
/// assert_eq!(feature.id(), "check-startup");
/// assert_eq!(feature.since(), PebbleVersion::new(1, 19, 0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PebbleFeature {
    /// `POST /v1/checks` (start and stop checks); older: 405 `method "POST" not allowed`.
    ChecksStartStop,
    /// `POST /v1/checks/refresh`; older: 404 `invalid API endpoint requested`.
    ChecksRefresh,
    /// `GET /v1/metrics`; older: 404 `invalid API endpoint requested`.
    Metrics,
    /// Labels `dir/name` put layers in sub-directories: a layer added to a sub-directory that
    /// has higher layers after it goes in only with `inner`, and below them; older: labels
    /// are plain, and a new layer always goes on top.
    LayersInner,
    /// A layer is decoded section by section, so a mistake names its section and counts
    /// lines from the section's start; older: decoded whole, an unknown section is a field
    /// not found in `plan.Layer`.
    LayerSections,
    /// Identities with `metrics` access; older: refused as an invalid access value.
    IdentityAccessMetrics,
    /// Basic identities; older: ignored next to `local`, refused alone.
    IdentityBasic,
    /// Basic identities with any access; older (from [`IdentityBasic`](Self::IdentityBasic)):
    /// `metrics` access only.
    IdentityBasicAnyAccess,
    /// Certificate identities; older: ignored next to another type, refused alone.
    IdentityCert,
    /// An invalid identity is named in the error (`invalid identity for "x": ...`); older:
    /// `cannot decode request body: ...`.
    IdentityErrorsNamed,
    /// A service's `workload` field and the `workloads` section; older: an unknown field and
    /// an unknown section.
    ServiceWorkload,
    /// The `pairing` section; older: an unknown section.
    LayerPairing,
    /// A check's `startup` field; older: an unknown field.
    CheckStartup,
    /// Log targets of type `opentelemetry`; older: an unsupported type.
    LogTargetOpentelemetry,
    /// Log targets of type `syslog` that forward; from
    /// [`LogTargetSyslogRemoved`](Self::LogTargetSyslogRemoved) until this, refused.
    LogTargetSyslog,
    /// The release that dropped the old, never-working `syslog` type (refused until
    /// [`LogTargetSyslog`](Self::LogTargetSyslog)); older: accepted, forwarding nothing.
    LogTargetSyslogRemoved,
    /// A check's `startup` in `GET /v1/checks`; older: absent.
    CheckInfoStartup,
    /// Checks that are `inactive` (stopped or not started); older: every check runs.
    CheckStatusInactive,
    /// A check's `successes` in `GET /v1/checks`; older: absent.
    CheckInfoSuccesses,
    /// A check's `prev-change-id` in `GET /v1/checks`; older: absent.
    CheckInfoPrevChangeId,
    /// `POST /v1/checks` answers `"changed": []` when nothing changed; older: `null`.
    ChecksChangedList,
    /// A service that exits within the okay delay goes to `backoff` (or `error` with
    /// `on-failure: ignore`); older: it stays `inactive`.
    ServiceQuickExitRestart,
    /// `replan` starts enabled checks that are not running; older: checks always run.
    ChecksReplanStarts,
}

impl PebbleFeature {
    /// Every feature, in the order of `docs/pebble-features.tsv`'s kinds.
    pub const ALL: [Self; 23] = [
        Self::ChecksStartStop,
        Self::ChecksRefresh,
        Self::Metrics,
        Self::LayersInner,
        Self::IdentityAccessMetrics,
        Self::IdentityBasic,
        Self::IdentityBasicAnyAccess,
        Self::IdentityCert,
        Self::ServiceWorkload,
        Self::LayerPairing,
        Self::CheckStartup,
        Self::LogTargetOpentelemetry,
        Self::LogTargetSyslog,
        Self::LogTargetSyslogRemoved,
        Self::CheckInfoStartup,
        Self::CheckStatusInactive,
        Self::CheckInfoSuccesses,
        Self::CheckInfoPrevChangeId,
        Self::ChecksChangedList,
        Self::LayerSections,
        Self::IdentityErrorsNamed,
        Self::ServiceQuickExitRestart,
        Self::ChecksReplanStarts,
    ];

    /// The feature's row in `docs/pebble-features.tsv` and the release that added it.
    const fn row(self) -> (&'static str, PebbleVersion) {
        let v = PebbleVersion::new;
        match self {
            Self::ChecksStartStop => ("checks-start-stop", v(1, 19, 0)),
            Self::ChecksRefresh => ("checks-refresh", v(1, 20, 0)),
            Self::Metrics => ("metrics", v(1, 19, 0)),
            Self::LayersInner => ("layers-inner", v(1, 17, 0)),
            Self::LayerSections => ("layer-sections", v(1, 17, 0)),
            Self::IdentityAccessMetrics => ("identity-access-metrics", v(1, 19, 0)),
            Self::IdentityBasic => ("identity-basic", v(1, 19, 0)),
            Self::IdentityBasicAnyAccess => ("identity-basic-any-access", v(1, 22, 0)),
            Self::IdentityCert => ("identity-cert", v(1, 25, 0)),
            Self::IdentityErrorsNamed => ("identity-errors-named", v(1, 28, 0)),
            Self::ServiceWorkload => ("service-workload", v(1, 20, 0)),
            Self::LayerPairing => ("layer-pairing", v(1, 26, 0)),
            Self::CheckStartup => ("check-startup", v(1, 19, 0)),
            Self::LogTargetOpentelemetry => ("log-target-opentelemetry", v(1, 24, 0)),
            Self::LogTargetSyslog => ("log-target-syslog", v(1, 27, 0)),
            Self::LogTargetSyslogRemoved => ("log-target-syslog-removed", v(1, 23, 0)),
            Self::CheckInfoStartup => ("check-info-startup", v(1, 19, 0)),
            Self::CheckStatusInactive => ("check-status-inactive", v(1, 19, 0)),
            Self::CheckInfoSuccesses => ("check-info-successes", v(1, 23, 0)),
            Self::CheckInfoPrevChangeId => ("check-info-prev-change-id", v(1, 29, 0)),
            Self::ChecksChangedList => ("checks-changed-list", v(1, 28, 0)),
            Self::ServiceQuickExitRestart => ("service-quick-exit-restart", v(1, 17, 0)),
            Self::ChecksReplanStarts => ("checks-replan-starts", v(1, 19, 0)),
        }
    }

    /// The feature that added field `key` of the layer object Pebble decodes into
    /// `pebble_type` (`plan.Check`), or section `key` of a layer (`pebble_type` `plan.Layer`),
    /// when a supported release lacks it.
    pub(crate) fn of_layer_key(pebble_type: &str, key: &str) -> Option<Self> {
        match (pebble_type, key) {
            ("plan.Service", "workload") | ("plan.Layer", "workloads") => {
                Some(Self::ServiceWorkload)
            }
            ("plan.Layer", "pairing") => Some(Self::LayerPairing),
            ("plan.Check", "startup") => Some(Self::CheckStartup),
            _ => None,
        }
    }

    /// The feature's name in `docs/pebble-features.tsv`.
    ///
    /// # Examples
    ///
    /// See [`PebbleFeature`].
    pub const fn id(self) -> &'static str {
        self.row().0
    }

    /// The Pebble release that added it.
    ///
    /// # Examples
    ///
    /// See [`PebbleFeature`].
    pub const fn since(self) -> PebbleVersion {
        self.row().1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_parse_and_print_back() {
        for tag in ["v1.16.0", "v1.19.2", "v1.26.0", "v1.32.1", "v2.0.10"] {
            assert_eq!(tag.parse::<PebbleVersion>().unwrap().to_string(), tag);
        }
        for bad in [
            "",
            "v",
            "1.16.0",
            "v1.16",
            "v1.16.0.1",
            "v1.x.0",
            "v1.+1.0",
            "v1..0",
        ] {
            assert!(bad.parse::<PebbleVersion>().is_err(), "{bad:?}");
        }
        assert!(PebbleVersion::V1_19_2 < PebbleVersion::new(1, 20, 0));
        assert!(PebbleVersion::new(1, 9, 9) < PebbleVersion::V1_16_0);
    }

    #[test]
    fn every_feature_is_listed_once() {
        let mut ids: Vec<&str> = PebbleFeature::ALL.iter().map(|f| f.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), PebbleFeature::ALL.len());
    }
}
