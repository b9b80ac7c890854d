//! The Juju releases a charm targets, from its `assumes`, and the oldest Pebble among them.

use super::{OLDEST_SUPPORTED, Releases};
use crate::charmcraft::{Assumption, Located, Op};
use crate::version::{JujuVersion, PebbleVersion};

/// What a charm may run on: the supported Juju releases its `assumes` admits, and the oldest
/// Pebble they ship (the one every Pebble feature the charm uses must be in).
///
/// `assumes` is read as Juju checks it: the top-level list is `all-of`; a `juju` feature with
/// `>=` or `<` bounds the Juju version; other features (`k8s-api`, ...) leave it open. A charm
/// without `assumes` (or without a `juju` entry) may run on any supported Juju, so its
/// target is the oldest, [`OLDEST_SUPPORTED`] (Pebble v1.16.0).
///
/// # Examples
///
/// ```
/// use charm_spec::charmcraft::Charmcraft;
/// use charm_spec::juju::Target;
/// use charm_spec::version::PebbleVersion;
///
/// let assumes = Charmcraft::read_assumes("assumes:\n  - k8s-api\n  - juju >= 3.6.4\n").unwrap();
/// let target = Target::from_assumes(&assumes).unwrap();
/// assert_eq!(target.pebble, PebbleVersion::new(1, 19, 0));
/// assert_eq!(target.juju_line, Some(3));
/// assert!(target.lacks(PebbleVersion::new(1, 20, 0)));
/// assert!(!target.lacks(PebbleVersion::new(1, 19, 0)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The supported releases `assumes` admits.
    pub releases: Releases,
    /// The oldest Pebble those releases ship.
    pub pebble: PebbleVersion,
    /// The first of those releases that ships [`Self::pebble`].
    pub juju: JujuVersion,
    /// The line of the first `juju` feature of `assumes` (the one to change), if any.
    pub juju_line: Option<u64>,
    /// The line of the first `assumes` entry, if there is one (where to add a `juju` entry).
    pub assumes_line: Option<u64>,
}

/// An `assumes` that admits no Juju release charm-rs supports.
///
/// # Examples
///
/// ```
/// use charm_spec::charmcraft::Charmcraft;
/// use charm_spec::juju::Target;
///
/// let assumes = Charmcraft::read_assumes("assumes: [juju < 3.6]\n").unwrap();
/// let err = Target::from_assumes(&assumes).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "`assumes` admits Juju < 3.6.0, none of which charm-rs supports (3.6.0 and later)"
/// );
/// assert_eq!(err.line, 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`assumes` admits Juju {admitted}, none of which charm-rs supports ({OLDEST_SUPPORTED} and later)"
)]
pub struct TargetError {
    /// What `assumes` admits.
    pub admitted: Releases,
    /// The line of its first `juju` feature (or first entry).
    pub line: u64,
}

impl Target {
    /// The target of a charm without `assumes`: [`OLDEST_SUPPORTED`] and later.
    ///
    /// # Examples
    ///
    /// ```
    /// let target = charm_spec::juju::Target::oldest_supported();
    /// assert_eq!((target.juju.to_string(), target.pebble.to_string()), ("3.6.0".into(), "v1.16.0".into()));
    /// ```
    pub fn oldest_supported() -> Self {
        let releases = Releases::supported();
        // SHIPS covers the supported range (a test checks it); were it not to, Pebble 0.0.0
        // would make every newer feature refused, never wrongly allowed.
        let (pebble, juju) = releases
            .oldest_pebble()
            .unwrap_or((PebbleVersion::new(0, 0, 0), OLDEST_SUPPORTED));
        Self {
            releases,
            pebble,
            juju,
            juju_line: None,
            assumes_line: None,
        }
    }

    /// The target of a charm with these `assumes` entries.
    ///
    /// # Errors
    ///
    /// [`TargetError`] when they admit no supported Juju release (`juju < 3.6`).
    ///
    /// # Examples
    ///
    /// See [`Target`].
    pub fn from_assumes(assumes: &[Located<Assumption>]) -> Result<Self, TargetError> {
        let admitted = all_of(assumes);
        let juju_line = assumes.iter().find_map(juju_line);
        let assumes_line = assumes.first().map(|entry| entry.line);
        let supported = admitted.intersect(&Releases::supported());
        Self::within(supported, juju_line, assumes_line).ok_or(TargetError {
            admitted,
            line: juju_line.or(assumes_line).unwrap_or_default(),
        })
    }

    /// The target for `releases` (supported ones), `None` when there are none.
    fn within(
        releases: Releases,
        juju_line: Option<u64>,
        assumes_line: Option<u64>,
    ) -> Option<Self> {
        let (pebble, juju) = releases.oldest_pebble()?;
        Some(Self {
            releases,
            pebble,
            juju,
            juju_line,
            assumes_line,
        })
    }

    /// Whether a feature added in Pebble `since` may be missing on a targeted Juju.
    ///
    /// # Examples
    ///
    /// See [`Target`].
    pub fn lacks(&self, since: PebbleVersion) -> bool {
        since > self.pebble
    }

    /// The `assumes` entries that would make a feature added in Pebble `since` safe to use:
    /// the targeted releases that ship it, as one entry, preceded by the simplest entry
    /// (`juju >= X`) when that one differs; empty when no Juju release ships it yet.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::juju::Target;
    /// use charm_spec::version::PebbleVersion;
    ///
    /// let target = Target::oldest_supported();
    /// assert_eq!(target.fixes(PebbleVersion::new(1, 19, 0)), ["juju >= 3.6.4"]);
    /// assert_eq!(
    ///     target.fixes(PebbleVersion::new(1, 24, 0)),
    ///     ["juju >= 4.0.1", "any-of: [{all-of: [juju >= 3.6.13, juju < 4.0.0]}, juju >= 4.0.1]"]
    /// );
    /// assert!(target.fixes(PebbleVersion::new(1, 27, 0)).is_empty());
    /// ```
    pub fn fixes(&self, since: PebbleVersion) -> Vec<String> {
        let shipping = Releases::shipping(since);
        let mut fix = self.releases.intersect(&shipping);
        if fix.is_empty() {
            fix = shipping;
        }
        let Some(exact) = fix.to_assumes() else {
            return Vec::new();
        };
        let simplest = fix
            .ranges()
            .last()
            .filter(|(_, below)| below.is_none())
            .and_then(|(from, _)| Releases::at_least(from).to_assumes());
        match simplest {
            Some(simplest) if simplest != exact => vec![simplest, exact],
            _ => vec![exact],
        }
    }
}

/// The releases every entry admits.
fn all_of(entries: &[Located<Assumption>]) -> Releases {
    entries.iter().fold(Releases::all(), |releases, entry| {
        releases.intersect(&admitted(&entry.value))
    })
}

/// The releases one entry admits.
fn admitted(assumption: &Assumption) -> Releases {
    match assumption {
        Assumption::Feature { name, constraint } if name == "juju" => {
            let Some(constraint) = constraint else {
                return Releases::all();
            };
            // The reader checked the version; an unreadable one constrains nothing.
            let Ok(version) = constraint.version.parse::<JujuVersion>() else {
                return Releases::all();
            };
            match constraint.op {
                Op::AtLeast => Releases::at_least(version),
                Op::Below => Releases::below(version),
            }
        }
        Assumption::Feature { .. } => Releases::all(),
        Assumption::AllOf(entries) => all_of(entries),
        Assumption::AnyOf(entries) => entries.iter().fold(Releases::none(), |releases, entry| {
            releases.union(&admitted(&entry.value))
        }),
    }
}

/// The line of the first `juju` feature in `entry`, depth first.
fn juju_line(entry: &Located<Assumption>) -> Option<u64> {
    match &entry.value {
        Assumption::Feature { name, .. } => (name == "juju").then_some(entry.line),
        Assumption::AllOf(entries) | Assumption::AnyOf(entries) => {
            entries.iter().find_map(juju_line)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charmcraft::Charmcraft;

    fn target(assumes: &str) -> Result<Target, TargetError> {
        let text = format!("name: x\nassumes:\n{assumes}");
        Target::from_assumes(&Charmcraft::read_assumes(&text).unwrap())
    }

    fn pebble(assumes: &str) -> String {
        target(assumes).unwrap().pebble.to_string()
    }

    #[test]
    fn juju_bounds_set_the_oldest_pebble() {
        assert_eq!(pebble("  - juju >= 3.6\n"), "v1.16.0");
        assert_eq!(pebble("  - juju >= 3.6.4\n"), "v1.19.0");
        assert_eq!(pebble("  - juju >= 3.6.13\n"), "v1.19.2");
        assert_eq!(pebble("  - juju >= 4.0\n"), "v1.19.2");
        assert_eq!(pebble("  - juju >= 4.0.1\n"), "v1.26.0");
        assert_eq!(pebble("  - juju >= 3.6.13\n  - juju < 4\n"), "v1.26.0");
        assert_eq!(pebble("  - juju >= 2.9\n"), "v1.16.0");
        assert_eq!(pebble("  - k8s-api\n"), "v1.16.0");
    }

    #[test]
    fn groups_combine_as_juju_reads_them() {
        let lts_or_new =
            "  - any-of:\n      - all-of: [juju >= 3.6.13, juju < 4]\n      - juju >= 4.0.1\n";
        assert_eq!(pebble(lts_or_new), "v1.26.0");
        let either = "  - any-of: [juju >= 4.0.1, k8s-api]\n";
        assert_eq!(pebble(either), "v1.16.0");
        let nested =
            "  - all-of:\n      - k8s-api\n      - any-of: [juju >= 3.6.4, juju >= 4.0.1]\n";
        let nested = target(nested).unwrap();
        assert_eq!(nested.pebble.to_string(), "v1.19.0");
        assert_eq!(nested.juju_line, Some(5));
        assert_eq!(nested.assumes_line, Some(3));
    }

    #[test]
    fn an_assumes_without_supported_juju_is_an_error() {
        let err = target("  - k8s-api\n  - juju < 3.6\n").unwrap_err();
        assert_eq!(err.line, 4);
        assert_eq!(err.admitted.to_string(), "< 3.6.0");
        let empty_any = target("  - any-of: []\n").unwrap_err();
        assert_eq!(empty_any.admitted.to_string(), "none");
        assert_eq!(empty_any.line, 3);
    }

    #[test]
    fn fixes_narrow_the_target() {
        let lts = target("  - juju >= 3.6\n  - juju < 4\n").unwrap();
        assert_eq!(
            lts.fixes(PebbleVersion::new(1, 24, 0)),
            ["all-of: [juju >= 3.6.13, juju < 4.0.0]"]
        );
        let below = target("  - juju < 3.6.4\n").unwrap();
        assert_eq!(below.fixes(PebbleVersion::new(1, 19, 0)), ["juju >= 3.6.4"]);
    }
}
