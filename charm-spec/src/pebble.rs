//! Which Pebble release added each feature charm-rs uses, and which Juju first ships it.
//!
//! A charm talks to the Pebble its Juju injects, never to the one charm-rs pins for its
//! tests. This table says, for every call, option, layer field, answer field, behaviour and
//! event (its feature id, as in the project's `docs/pebble-features.tsv`, which a test keeps
//! identical), the first Pebble release that has it and the first Juju release whose Pebble
//! surely has it. The runtime uses it to refuse a call the connected Pebble lacks with an
//! error that names both; the `#[layer]` checks use its layer rows.
//!
//! # Examples
//!
//! ```
//! use charm_spec::pebble::{feature, PebbleVersion};
//!
//! let refresh = feature("checks-refresh").unwrap();
//! assert_eq!(refresh.pebble.to_string(), "v1.20.0");
//! assert_eq!(refresh.juju.unwrap().to_string(), "3.6.13");
//! let running = PebbleVersion::parse("v1.19.2").unwrap();
//! assert!(!refresh.available_in(running));
//! ```

use std::fmt;

/// What a feature is.
///
/// # Examples
///
/// ```
/// use charm_spec::pebble::{feature, FeatureKind};
///
/// assert_eq!(feature("metrics").unwrap().kind, FeatureKind::Endpoint);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FeatureKind {
    /// An API endpoint or method (`POST /v1/checks`).
    Endpoint,
    /// A request option (a JSON field or query parameter).
    Option,
    /// A layer section, field or value.
    Layer,
    /// A field or value in an answer.
    Answer,
    /// Something the daemon does.
    Behaviour,
    /// A Juju event about the workload.
    Event,
}

impl FeatureKind {
    /// The kind as the table writes it: `endpoint`, `option`, ...
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_spec::pebble::FeatureKind::Layer.as_str(), "layer");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Endpoint => "endpoint",
            Self::Option => "option",
            Self::Layer => "layer",
            Self::Answer => "answer",
            Self::Behaviour => "behaviour",
            Self::Event => "event",
        }
    }
}

/// A Pebble release: `v1.19.2`.
///
/// # Examples
///
/// ```
/// use charm_spec::pebble::PebbleVersion;
///
/// assert!(PebbleVersion::new(1, 19, 2) > PebbleVersion::new(1, 16, 0));
/// assert_eq!(PebbleVersion::new(1, 26, 0).to_string(), "v1.26.0");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PebbleVersion {
    /// The major version.
    pub major: u16,
    /// The minor version.
    pub minor: u16,
    /// The patch version.
    pub patch: u16,
}

impl PebbleVersion {
    /// `vMAJOR.MINOR.PATCH`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_spec::pebble::PebbleVersion::new(1, 16, 0).minor, 16);
    /// ```
    pub const fn new(major: u16, minor: u16, patch: u16) -> Self {
        Self {
            major,
            minor,
            patch,
        }
    }

    /// Reads the version a daemon reports in `GET /v1/system-info` (`v1.19.2`), ignoring a
    /// pre-release or build suffix (`v1.27.0-dev`, `v1.26.0+git1`); `None` when it does not
    /// start with three numbers.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::pebble::PebbleVersion;
    ///
    /// assert_eq!(PebbleVersion::parse("v1.19.2"), Some(PebbleVersion::new(1, 19, 2)));
    /// assert_eq!(PebbleVersion::parse("1.27.0-dev"), Some(PebbleVersion::new(1, 27, 0)));
    /// assert_eq!(PebbleVersion::parse("unknown"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.strip_prefix('v').unwrap_or(text);
        let end = text
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(text.len());
        let mut numbers = text[..end].split('.').map(str::parse::<u16>);
        let version = Self::new(
            numbers.next()?.ok()?,
            numbers.next()?.ok()?,
            numbers.next()?.ok()?,
        );
        numbers.next().is_none().then_some(version)
    }
}

impl fmt::Display for PebbleVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// A Juju release, `3.6.4`, or a series, `2.9` (any of its releases).
///
/// # Examples
///
/// ```
/// use charm_spec::pebble::JujuVersion;
///
/// assert_eq!(JujuVersion::new(3, 6, Some(13)).to_string(), "3.6.13");
/// assert_eq!(JujuVersion::new(2, 9, None).to_string(), "2.9");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JujuVersion {
    /// The major version.
    pub major: u16,
    /// The minor version.
    pub minor: u16,
    /// The patch release, or `None` for the whole series.
    pub patch: Option<u16>,
}

impl JujuVersion {
    /// `MAJOR.MINOR[.PATCH]`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_spec::pebble::JujuVersion::new(3, 6, Some(4)).patch, Some(4));
    /// ```
    pub const fn new(major: u16, minor: u16, patch: Option<u16>) -> Self {
        Self {
            major,
            minor,
            patch,
        }
    }
}

impl fmt::Display for JujuVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.patch {
            Some(patch) => write!(f, "{}.{}.{patch}", self.major, self.minor),
            None => write!(f, "{}.{}", self.major, self.minor),
        }
    }
}

/// One row of the table.
///
/// # Examples
///
/// ```
/// let startup = charm_spec::pebble::feature("check-startup").unwrap();
/// assert_eq!(startup.pebble.to_string(), "v1.19.0");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Feature {
    /// The feature id: `checks-refresh`, `check-startup`.
    pub id: &'static str,
    /// What it is.
    pub kind: FeatureKind,
    /// The first Pebble release that has it.
    pub pebble: PebbleVersion,
    /// The first Juju release whose Pebble surely has it; `None` when no Juju ships such a
    /// Pebble yet.
    pub juju: Option<JujuVersion>,
}

impl Feature {
    /// Whether a daemon of release `running` has this feature.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::pebble::{feature, PebbleVersion};
    ///
    /// let metrics = feature("metrics").unwrap();
    /// assert!(metrics.available_in(PebbleVersion::new(1, 19, 0)));
    /// assert!(!metrics.available_in(PebbleVersion::new(1, 16, 0)));
    /// ```
    pub fn available_in(&self, running: PebbleVersion) -> bool {
        running >= self.pebble
    }

    /// Where the feature is, for messages: `Pebble v1.20.0 (Juju 3.6.13 and later)`, or
    /// `Pebble v1.27.0 (no Juju release ships it yet)`.
    ///
    /// # Examples
    ///
    /// ```
    /// let refresh = charm_spec::pebble::feature("checks-refresh").unwrap();
    /// assert_eq!(refresh.requirement(), "Pebble v1.20.0 (Juju 3.6.13 and later)");
    /// ```
    pub fn requirement(&self) -> String {
        match self.juju {
            Some(juju) => format!("Pebble {} (Juju {juju} and later)", self.pebble),
            None => format!("Pebble {} (no Juju release ships it yet)", self.pebble),
        }
    }
}

/// The feature with id `id`.
///
/// # Examples
///
/// ```
/// assert!(charm_spec::pebble::feature("identities").is_some());
/// assert!(charm_spec::pebble::feature("teleport").is_none());
/// ```
pub fn feature(id: &str) -> Option<&'static Feature> {
    FEATURES.iter().find(|f| f.id == id)
}

/// The oldest Pebble charm-rs supports: the one Juju 3.6.0 ships.
///
/// # Examples
///
/// ```
/// assert_eq!(charm_spec::pebble::OLDEST_SUPPORTED.to_string(), "v1.16.0");
/// ```
pub const OLDEST_SUPPORTED: PebbleVersion = PebbleVersion::new(1, 16, 0);

const fn row(
    id: &'static str,
    kind: FeatureKind,
    pebble: PebbleVersion,
    juju: Option<JujuVersion>,
) -> Feature {
    Feature {
        id,
        kind,
        pebble,
        juju,
    }
}

/// Every feature, in the order of the project's feature table.
///
/// # Examples
///
/// ```
/// let layer_rows = charm_spec::pebble::FEATURES.iter().filter(|f| f.kind == charm_spec::pebble::FeatureKind::Layer);
/// assert!(layer_rows.count() > 5);
/// ```
#[rustfmt::skip]
pub const FEATURES: &[Feature] = &[
    row("system-info", FeatureKind::Endpoint, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("plan", FeatureKind::Endpoint, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("layers-add", FeatureKind::Endpoint, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("services-list", FeatureKind::Endpoint, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("services-action", FeatureKind::Endpoint, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("signals", FeatureKind::Endpoint, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("changes", FeatureKind::Endpoint, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("checks-list", FeatureKind::Endpoint, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("checks-start-stop", FeatureKind::Endpoint, PebbleVersion::new(1, 19, 0), Some(JujuVersion::new(3, 6, Some(4)))),
    row("checks-refresh", FeatureKind::Endpoint, PebbleVersion::new(1, 20, 0), Some(JujuVersion::new(3, 6, Some(13)))),
    row("health", FeatureKind::Endpoint, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("files", FeatureKind::Endpoint, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("exec", FeatureKind::Endpoint, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("logs", FeatureKind::Endpoint, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("notices", FeatureKind::Endpoint, PebbleVersion::new(1, 5, 0), Some(JujuVersion::new(3, 4, None))),
    row("notice", FeatureKind::Endpoint, PebbleVersion::new(1, 5, 0), Some(JujuVersion::new(3, 4, None))),
    row("notify", FeatureKind::Endpoint, PebbleVersion::new(1, 5, 0), Some(JujuVersion::new(3, 4, None))),
    row("identities", FeatureKind::Endpoint, PebbleVersion::new(1, 15, 0), Some(JujuVersion::new(3, 6, Some(0)))),
    row("metrics", FeatureKind::Endpoint, PebbleVersion::new(1, 19, 0), Some(JujuVersion::new(3, 6, Some(4)))),
    row("exec-service-context", FeatureKind::Option, PebbleVersion::new(1, 3, 0), Some(JujuVersion::new(3, 1, None))),
    row("exec-basics", FeatureKind::Option, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("layers-inner", FeatureKind::Option, PebbleVersion::new(1, 17, 0), Some(JujuVersion::new(3, 6, Some(4)))),
    row("notices-user-id", FeatureKind::Option, PebbleVersion::new(1, 7, 0), Some(JujuVersion::new(3, 4, None))),
    row("notices-users-all", FeatureKind::Option, PebbleVersion::new(1, 7, 2), Some(JujuVersion::new(3, 4, None))),
    row("identity-local", FeatureKind::Option, PebbleVersion::new(1, 15, 0), Some(JujuVersion::new(3, 6, Some(0)))),
    row("identity-access-metrics", FeatureKind::Option, PebbleVersion::new(1, 19, 0), Some(JujuVersion::new(3, 6, Some(4)))),
    row("identity-basic", FeatureKind::Option, PebbleVersion::new(1, 19, 0), Some(JujuVersion::new(3, 6, Some(4)))),
    row("identity-basic-any-access", FeatureKind::Option, PebbleVersion::new(1, 22, 0), Some(JujuVersion::new(3, 6, Some(13)))),
    row("identity-cert", FeatureKind::Option, PebbleVersion::new(1, 25, 0), Some(JujuVersion::new(3, 6, Some(13)))),
    row("files-options", FeatureKind::Option, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("query-filters", FeatureKind::Option, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("layer-base", FeatureKind::Layer, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("service-fields", FeatureKind::Layer, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("service-working-dir", FeatureKind::Layer, PebbleVersion::new(1, 3, 0), Some(JujuVersion::new(3, 1, None))),
    row("service-workload", FeatureKind::Layer, PebbleVersion::new(1, 20, 0), Some(JujuVersion::new(3, 6, Some(13)))),
    row("service-action-restart-shutdown-ignore", FeatureKind::Layer, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("service-action-success-failure-shutdown", FeatureKind::Layer, PebbleVersion::new(1, 6, 0), Some(JujuVersion::new(3, 4, None))),
    row("check-fields", FeatureKind::Layer, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("check-exec-service-context", FeatureKind::Layer, PebbleVersion::new(1, 3, 0), Some(JujuVersion::new(3, 1, None))),
    row("check-startup", FeatureKind::Layer, PebbleVersion::new(1, 19, 0), Some(JujuVersion::new(3, 6, Some(4)))),
    row("log-targets", FeatureKind::Layer, PebbleVersion::new(1, 2, 0), Some(JujuVersion::new(3, 1, None))),
    row("log-target-services", FeatureKind::Layer, PebbleVersion::new(1, 3, 0), Some(JujuVersion::new(3, 1, None))),
    row("log-target-labels", FeatureKind::Layer, PebbleVersion::new(1, 6, 0), Some(JujuVersion::new(3, 4, None))),
    row("log-target-loki", FeatureKind::Layer, PebbleVersion::new(1, 2, 0), Some(JujuVersion::new(3, 1, None))),
    row("log-target-opentelemetry", FeatureKind::Layer, PebbleVersion::new(1, 24, 0), Some(JujuVersion::new(3, 6, Some(13)))),
    row("log-target-syslog", FeatureKind::Layer, PebbleVersion::new(1, 27, 0), None),
    row("plan-threshold-default", FeatureKind::Answer, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("system-info-version-boot-id", FeatureKind::Answer, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("system-info-http-address", FeatureKind::Answer, PebbleVersion::new(1, 21, 0), Some(JujuVersion::new(3, 6, Some(13)))),
    row("system-info-https-address", FeatureKind::Answer, PebbleVersion::new(1, 22, 0), Some(JujuVersion::new(3, 6, Some(13)))),
    row("service-info", FeatureKind::Answer, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("check-info-base", FeatureKind::Answer, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("check-info-change-id", FeatureKind::Answer, PebbleVersion::new(1, 11, 0), Some(JujuVersion::new(3, 6, Some(0)))),
    row("check-info-startup", FeatureKind::Answer, PebbleVersion::new(1, 19, 0), Some(JujuVersion::new(3, 6, Some(4)))),
    row("check-status-inactive", FeatureKind::Answer, PebbleVersion::new(1, 19, 0), Some(JujuVersion::new(3, 6, Some(4)))),
    row("check-info-successes", FeatureKind::Answer, PebbleVersion::new(1, 23, 0), Some(JujuVersion::new(3, 6, Some(13)))),
    row("check-info-prev-change-id", FeatureKind::Answer, PebbleVersion::new(1, 29, 0), None),
    row("check-refresh-answer", FeatureKind::Answer, PebbleVersion::new(1, 20, 0), Some(JujuVersion::new(3, 6, Some(13)))),
    row("checks-changed-list", FeatureKind::Answer, PebbleVersion::new(1, 28, 0), None),
    row("change-info", FeatureKind::Answer, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("notice-info", FeatureKind::Answer, PebbleVersion::new(1, 5, 0), Some(JujuVersion::new(3, 4, None))),
    row("notice-user-id", FeatureKind::Answer, PebbleVersion::new(1, 7, 0), Some(JujuVersion::new(3, 4, None))),
    row("notice-types", FeatureKind::Answer, PebbleVersion::new(1, 5, 0), Some(JujuVersion::new(3, 4, None))),
    row("file-info", FeatureKind::Answer, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("identity-info-local", FeatureKind::Answer, PebbleVersion::new(1, 15, 0), Some(JujuVersion::new(3, 6, Some(0)))),
    row("identity-info-basic", FeatureKind::Answer, PebbleVersion::new(1, 19, 0), Some(JujuVersion::new(3, 6, Some(4)))),
    row("identity-info-cert", FeatureKind::Answer, PebbleVersion::new(1, 25, 0), Some(JujuVersion::new(3, 6, Some(13)))),
    row("metrics-names", FeatureKind::Answer, PebbleVersion::new(1, 19, 0), Some(JujuVersion::new(3, 6, Some(4)))),
    row("log-entry", FeatureKind::Answer, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("unknown-request-fields", FeatureKind::Behaviour, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("unknown-layer-fields", FeatureKind::Behaviour, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("missing-endpoint-answer", FeatureKind::Behaviour, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("service-quick-exit-restart", FeatureKind::Behaviour, PebbleVersion::new(1, 17, 0), Some(JujuVersion::new(3, 6, Some(4)))),
    row("checks-replan-starts", FeatureKind::Behaviour, PebbleVersion::new(1, 19, 0), Some(JujuVersion::new(3, 6, Some(4)))),
    row("persist-never", FeatureKind::Behaviour, PebbleVersion::new(1, 23, 0), Some(JujuVersion::new(3, 6, Some(13)))),
    row("pebble-ready", FeatureKind::Event, PebbleVersion::new(1, 1, 1), Some(JujuVersion::new(2, 9, None))),
    row("pebble-custom-notice", FeatureKind::Event, PebbleVersion::new(1, 5, 0), Some(JujuVersion::new(3, 4, None))),
    row("pebble-check-failed-recovered", FeatureKind::Event, PebbleVersion::new(1, 11, 0), Some(JujuVersion::new(3, 6, Some(0)))),
];
