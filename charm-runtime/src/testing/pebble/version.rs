//! The Pebble release a fake plays, and the release that added each behaviour it varies.
//!
//! Juju injects its own Pebble into workload containers, so a charm meets several releases
//! (`docs/pebble-versions.md`). A [`FakePebble`](super::FakePebble) answers as the release
//! chosen with [`FakePebbleBuilder::pebble_version`](super::FakePebbleBuilder::pebble_version)
//! does, for the differences listed in [`PebbleFeature`]: each variant names its row of
//! `docs/pebble-features.tsv` and takes the release that added it from
//! [`charm_spec::pebble::FEATURES`], the table a test keeps equal to that file, so the fake,
//! the client and the documentation read the same facts.

use charm_spec::pebble::{Feature, FeatureKind, feature};

pub use charm_spec::version::{ParseVersionError, PebbleVersion};

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

    /// The feature's row in `docs/pebble-features.tsv`.
    const fn row(self) -> &'static str {
        match self {
            Self::ChecksStartStop => "checks-start-stop",
            Self::ChecksRefresh => "checks-refresh",
            Self::Metrics => "metrics",
            Self::LayersInner => "layers-inner",
            Self::LayerSections => "layer-sections",
            Self::IdentityAccessMetrics => "identity-access-metrics",
            Self::IdentityBasic => "identity-basic",
            Self::IdentityBasicAnyAccess => "identity-basic-any-access",
            Self::IdentityCert => "identity-cert",
            Self::IdentityErrorsNamed => "identity-errors-named",
            Self::ServiceWorkload => "service-workload",
            Self::LayerPairing => "layer-pairing",
            Self::CheckStartup => "check-startup",
            Self::LogTargetOpentelemetry => "log-target-opentelemetry",
            Self::LogTargetSyslog => "log-target-syslog",
            Self::LogTargetSyslogRemoved => "log-target-syslog-removed",
            Self::CheckInfoStartup => "check-info-startup",
            Self::CheckStatusInactive => "check-status-inactive",
            Self::CheckInfoSuccesses => "check-info-successes",
            Self::CheckInfoPrevChangeId => "check-info-prev-change-id",
            Self::ChecksChangedList => "checks-changed-list",
            Self::ServiceQuickExitRestart => "service-quick-exit-restart",
            Self::ChecksReplanStarts => "checks-replan-starts",
        }
    }

    /// The feature that added layer section `key`, for the sections `charm-spec` does not
    /// model (`workloads`, `pairing`); the fields it models say their release themselves
    /// (`FieldSpec::since`).
    pub(crate) fn of_extension_section(key: &str) -> Option<Self> {
        match key {
            "workloads" => Some(Self::ServiceWorkload),
            "pairing" => Some(Self::LayerPairing),
            _ => None,
        }
    }

    /// The feature's name in `docs/pebble-features.tsv`.
    ///
    /// # Examples
    ///
    /// See [`PebbleFeature`].
    pub const fn id(self) -> &'static str {
        self.row()
    }

    /// The Pebble release that added it.
    ///
    /// # Examples
    ///
    /// See [`PebbleFeature`].
    pub fn since(self) -> PebbleVersion {
        self.as_ref().pebble
    }
}

impl AsRef<Feature> for PebbleFeature {
    /// The feature's row of [`charm_spec::pebble::FEATURES`]. Every variant has one (a test
    /// checks); were one missing, the feature would count as in no release.
    fn as_ref(&self) -> &Feature {
        static NOWHERE: Feature = Feature::new(
            "unknown",
            FeatureKind::Behaviour,
            PebbleVersion::new(u32::MAX, 0, 0),
        );
        feature(self.id()).unwrap_or(&NOWHERE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_feature_is_a_row_of_the_spec_table() {
        use charm_spec::pebble::FEATURES;

        for f in PebbleFeature::ALL {
            assert!(FEATURES.iter().any(|row| row.id == f.id()), "{}", f.id());
        }
    }

    #[test]
    fn every_feature_is_listed_once() {
        let mut ids: Vec<&str> = PebbleFeature::ALL.iter().map(|f| f.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), PebbleFeature::ALL.len());
    }
}
