//! Which Pebble release added each feature charm-rs uses, and which Juju first ships it.
//!
//! A charm talks to the Pebble its Juju injects, never to the one charm-rs pins for its
//! tests. This table says, for every call, option, layer field, answer field, behaviour and
//! event (its feature id, as in the project's `docs/pebble-features.tsv`, which a test keeps
//! identical), the first Pebble release that has it; which Juju releases ship such a Pebble
//! comes from [`crate::juju`]. The runtime uses it to refuse a call the connected Pebble lacks with an
//! error that names both; the `#[layer]` checks use its layer rows.
//!
//! # Examples
//!
//! ```
//! use charm_spec::pebble::feature;
//! use charm_spec::version::PebbleVersion;
//!
//! let refresh = feature("checks-refresh").unwrap();
//! assert_eq!(refresh.pebble.to_string(), "v1.20.0");
//! assert_eq!(refresh.juju().unwrap().to_string(), "3.6.13");
//! let running: PebbleVersion = "v1.19.2".parse().unwrap();
//! assert!(!refresh.available_in(running));
//! ```

use crate::juju::{self, Releases};
use crate::version::{JujuVersion, PebbleVersion};

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
}

impl Feature {
    /// A feature `id` of kind `kind` that Pebble `pebble` added: for a table of one's own
    /// (the rows of [`FEATURES`] are the ones charm-rs uses).
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::pebble::{Feature, FeatureKind};
    /// use charm_spec::version::PebbleVersion;
    ///
    /// let later = Feature::new("teleport", FeatureKind::Endpoint, PebbleVersion::new(9, 0, 0));
    /// assert!(!PebbleVersion::LATEST.has(later));
    /// ```
    pub const fn new(id: &'static str, kind: FeatureKind, pebble: PebbleVersion) -> Self {
        Self { id, kind, pebble }
    }

    /// Whether a daemon of release `running` has this feature.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::pebble::feature;
    /// use charm_spec::version::PebbleVersion;
    ///
    /// let metrics = feature("metrics").unwrap();
    /// assert!(metrics.available_in(PebbleVersion::new(1, 19, 0)));
    /// assert!(!metrics.available_in(PebbleVersion::new(1, 16, 0)));
    /// ```
    pub fn available_in(&self, running: PebbleVersion) -> bool {
        running >= self.pebble
    }

    /// Whether every Pebble that a supported Juju ships has it, so that no call needs to
    /// ask the daemon's version first.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::pebble::feature;
    ///
    /// assert!(feature("exec").unwrap().in_every_supported_pebble());
    /// assert!(!feature("metrics").unwrap().in_every_supported_pebble());
    /// ```
    pub fn in_every_supported_pebble(&self) -> bool {
        juju::pebble_of(juju::OLDEST_SUPPORTED).is_some_and(|oldest| self.pebble <= oldest)
    }

    /// The first Juju release whose Pebble surely has it; `None` when no Juju ships such a
    /// Pebble yet.
    ///
    /// # Examples
    ///
    /// ```
    /// let metrics = charm_spec::pebble::feature("metrics").unwrap();
    /// assert_eq!(metrics.juju().unwrap().to_string(), "3.6.4");
    /// ```
    pub fn juju(&self) -> Option<JujuVersion> {
        juju::first_shipping(self.pebble)
    }

    /// Where the feature is, for messages, such as
    /// `Pebble v1.20.0 (Juju >= 3.6.13 and < 4.0.0, or >= 4.0.1)` or
    /// `Pebble v1.27.0 (no Juju release ships it yet)`.
    ///
    /// # Examples
    ///
    /// ```
    /// let refresh = charm_spec::pebble::feature("checks-refresh").unwrap();
    /// assert_eq!(
    ///     refresh.requirement(),
    ///     "Pebble v1.20.0 (Juju >= 3.6.13 and < 4.0.0, or >= 4.0.1)"
    /// );
    /// ```
    pub fn requirement(&self) -> String {
        let releases = Releases::shipping(self.pebble);
        if releases.is_empty() {
            format!("Pebble {} (no Juju release ships it yet)", self.pebble)
        } else {
            format!("Pebble {} (Juju {releases})", self.pebble)
        }
    }
}

impl AsRef<Feature> for Feature {
    fn as_ref(&self) -> &Feature {
        self
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

/// The Pebble release that added feature `id`, for tables evaluated at compile time: the
/// layer schema's `since` columns name a row of [`FEATURES`] rather than repeat its release.
///
/// # Panics
///
/// When no row has that id; in a constant, that is a compile error.
///
/// # Examples
///
/// ```
/// use charm_spec::pebble::added_in;
/// use charm_spec::version::PebbleVersion;
///
/// const STARTUP: PebbleVersion = added_in("check-startup");
/// assert_eq!(STARTUP, PebbleVersion::new(1, 19, 0));
/// ```
#[expect(
    clippy::panic,
    reason = "called in constants with a literal id: a wrong id fails the build, not a hook"
)]
pub const fn added_in(id: &str) -> PebbleVersion {
    let mut i = 0;
    while i < FEATURES.len() {
        if same(FEATURES[i].id, id) {
            return FEATURES[i].pebble;
        }
        i += 1;
    }
    panic!("no such row in charm_spec::pebble::FEATURES")
}

/// String equality, usable in constants.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn row(id: &'static str, kind: FeatureKind, pebble: (u32, u32, u32)) -> Feature {
    Feature::new(id, kind, PebbleVersion::new(pebble.0, pebble.1, pebble.2))
}

/// Every feature, in the order of the project's feature table.
///
/// # Examples
///
/// ```
/// use charm_spec::pebble::{FeatureKind, FEATURES};
///
/// let layer_rows = FEATURES.iter().filter(|f| f.kind == FeatureKind::Layer);
/// assert!(layer_rows.count() > 5);
/// ```
#[rustfmt::skip]
pub const FEATURES: &[Feature] = &[
    row("system-info", FeatureKind::Endpoint, (1, 1, 1)),
    row("plan", FeatureKind::Endpoint, (1, 1, 1)),
    row("layers-add", FeatureKind::Endpoint, (1, 1, 1)),
    row("services-list", FeatureKind::Endpoint, (1, 1, 1)),
    row("services-action", FeatureKind::Endpoint, (1, 1, 1)),
    row("signals", FeatureKind::Endpoint, (1, 1, 1)),
    row("changes", FeatureKind::Endpoint, (1, 1, 1)),
    row("checks-list", FeatureKind::Endpoint, (1, 1, 1)),
    row("checks-start-stop", FeatureKind::Endpoint, (1, 19, 0)),
    row("checks-refresh", FeatureKind::Endpoint, (1, 20, 0)),
    row("health", FeatureKind::Endpoint, (1, 1, 1)),
    row("files", FeatureKind::Endpoint, (1, 1, 1)),
    row("exec", FeatureKind::Endpoint, (1, 1, 1)),
    row("logs", FeatureKind::Endpoint, (1, 1, 1)),
    row("notices", FeatureKind::Endpoint, (1, 5, 0)),
    row("notice", FeatureKind::Endpoint, (1, 5, 0)),
    row("notify", FeatureKind::Endpoint, (1, 5, 0)),
    row("identities", FeatureKind::Endpoint, (1, 15, 0)),
    row("metrics", FeatureKind::Endpoint, (1, 19, 0)),
    row("exec-service-context", FeatureKind::Option, (1, 3, 0)),
    row("exec-basics", FeatureKind::Option, (1, 1, 1)),
    row("layers-inner", FeatureKind::Option, (1, 17, 0)),
    row("notices-user-id", FeatureKind::Option, (1, 7, 0)),
    row("notices-users-all", FeatureKind::Option, (1, 7, 2)),
    row("identity-local", FeatureKind::Option, (1, 15, 0)),
    row("identity-access-metrics", FeatureKind::Option, (1, 19, 0)),
    row("identity-basic", FeatureKind::Option, (1, 19, 0)),
    row("identity-basic-any-access", FeatureKind::Option, (1, 22, 0)),
    row("identity-cert", FeatureKind::Option, (1, 25, 0)),
    row("files-options", FeatureKind::Option, (1, 1, 1)),
    row("query-filters", FeatureKind::Option, (1, 1, 1)),
    row("layer-base", FeatureKind::Layer, (1, 1, 1)),
    row("service-fields", FeatureKind::Layer, (1, 1, 1)),
    row("service-working-dir", FeatureKind::Layer, (1, 3, 0)),
    row("service-workload", FeatureKind::Layer, (1, 20, 0)),
    row("layer-pairing", FeatureKind::Behaviour, (1, 26, 0)),
    row("service-action-restart-shutdown-ignore", FeatureKind::Layer, (1, 1, 1)),
    row("service-action-success-failure-shutdown", FeatureKind::Layer, (1, 6, 0)),
    row("check-fields", FeatureKind::Layer, (1, 1, 1)),
    row("check-exec-service-context", FeatureKind::Layer, (1, 3, 0)),
    row("check-startup", FeatureKind::Layer, (1, 19, 0)),
    row("log-targets", FeatureKind::Layer, (1, 2, 0)),
    row("log-target-services", FeatureKind::Layer, (1, 3, 0)),
    row("log-target-labels", FeatureKind::Layer, (1, 6, 0)),
    row("log-target-loki", FeatureKind::Layer, (1, 2, 0)),
    row("log-target-opentelemetry", FeatureKind::Layer, (1, 24, 0)),
    row("log-target-syslog", FeatureKind::Layer, (1, 27, 0)),
    row("log-target-syslog-removed", FeatureKind::Behaviour, (1, 23, 0)),
    row("plan-threshold-default", FeatureKind::Answer, (1, 1, 1)),
    row("system-info-version-boot-id", FeatureKind::Answer, (1, 1, 1)),
    row("system-info-http-address", FeatureKind::Answer, (1, 21, 0)),
    row("system-info-https-address", FeatureKind::Answer, (1, 22, 0)),
    row("service-info", FeatureKind::Answer, (1, 1, 1)),
    row("check-info-base", FeatureKind::Answer, (1, 1, 1)),
    row("check-info-change-id", FeatureKind::Answer, (1, 11, 0)),
    row("check-info-startup", FeatureKind::Answer, (1, 19, 0)),
    row("check-status-inactive", FeatureKind::Answer, (1, 19, 0)),
    row("check-info-successes", FeatureKind::Answer, (1, 23, 0)),
    row("check-info-prev-change-id", FeatureKind::Answer, (1, 29, 0)),
    row("check-refresh-answer", FeatureKind::Answer, (1, 20, 0)),
    row("checks-changed-list", FeatureKind::Answer, (1, 28, 0)),
    row("change-info", FeatureKind::Answer, (1, 1, 1)),
    row("notice-info", FeatureKind::Answer, (1, 5, 0)),
    row("notice-user-id", FeatureKind::Answer, (1, 7, 0)),
    row("notice-types", FeatureKind::Answer, (1, 5, 0)),
    row("file-info", FeatureKind::Answer, (1, 1, 1)),
    row("identity-info-local", FeatureKind::Answer, (1, 15, 0)),
    row("identity-info-basic", FeatureKind::Answer, (1, 19, 0)),
    row("identity-info-cert", FeatureKind::Answer, (1, 25, 0)),
    row("metrics-names", FeatureKind::Answer, (1, 19, 0)),
    row("log-entry", FeatureKind::Answer, (1, 1, 1)),
    row("unknown-request-fields", FeatureKind::Behaviour, (1, 1, 1)),
    row("unknown-layer-fields", FeatureKind::Behaviour, (1, 1, 1)),
    row("layer-sections", FeatureKind::Behaviour, (1, 17, 0)),
    row("identity-errors-named", FeatureKind::Behaviour, (1, 28, 0)),
    row("missing-endpoint-answer", FeatureKind::Behaviour, (1, 1, 1)),
    row("service-quick-exit-restart", FeatureKind::Behaviour, (1, 17, 0)),
    row("checks-replan-starts", FeatureKind::Behaviour, (1, 19, 0)),
    row("persist-never", FeatureKind::Behaviour, (1, 23, 0)),
    row("pebble-ready", FeatureKind::Event, (1, 1, 1)),
    row("pebble-custom-notice", FeatureKind::Event, (1, 5, 0)),
    row("pebble-check-failed-recovered", FeatureKind::Event, (1, 11, 0)),
];
