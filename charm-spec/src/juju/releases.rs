//! Sets of Juju releases, as `assumes` constraints describe them.

use std::fmt;

use super::{OLDEST_SUPPORTED, SHIPS};
use crate::version::{JujuVersion, PebbleVersion};

/// A set of Juju releases: sorted, disjoint ranges `from..below` (`below` `None`: no upper
/// bound).
///
/// It is what an `assumes` entry admits: `juju >= 3.6.4` is [`Releases::at_least`], `juju <
/// 4` is [`Releases::below`], `all-of` intersects and `any-of` unites.
///
/// # Examples
///
/// ```
/// use charm_spec::juju::Releases;
/// use charm_spec::version::JujuVersion;
///
/// let lts = Releases::at_least(JujuVersion::new(3, 6, 0)).intersect(&Releases::below(JujuVersion::new(4, 0, 0)));
/// assert!(lts.contains(JujuVersion::new(3, 6, 13)));
/// assert!(!lts.contains(JujuVersion::new(4, 0, 1)));
/// assert_eq!(lts.to_string(), ">= 3.6.0 and < 4.0.0");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Releases {
    ranges: Vec<(JujuVersion, Option<JujuVersion>)>,
}

const ZERO: JujuVersion = JujuVersion::new(0, 0, 0);

impl Releases {
    /// Every release.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(charm_spec::juju::Releases::all().contains(charm_spec::version::JujuVersion::new(2, 9, 0)));
    /// ```
    pub fn all() -> Self {
        Self::at_least(ZERO)
    }

    /// No release.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(charm_spec::juju::Releases::none().is_empty());
    /// ```
    pub fn none() -> Self {
        Self { ranges: Vec::new() }
    }

    /// The releases `from` and later.
    ///
    /// # Examples
    ///
    /// See [`Releases`].
    pub fn at_least(from: JujuVersion) -> Self {
        Self {
            ranges: vec![(from, None)],
        }
    }

    /// The releases before `below`.
    ///
    /// # Examples
    ///
    /// See [`Releases`].
    pub fn below(below: JujuVersion) -> Self {
        Self::range(ZERO, Some(below))
    }

    /// The releases `from` and later, before `below` (if given).
    fn range(from: JujuVersion, below: Option<JujuVersion>) -> Self {
        if below.is_some_and(|below| below <= from) {
            Self::none()
        } else {
            Self {
                ranges: vec![(from, below)],
            }
        }
    }

    /// The releases charm-rs supports: [`OLDEST_SUPPORTED`] and later.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_spec::juju::Releases::supported().to_string(), ">= 3.6.0");
    /// ```
    pub fn supported() -> Self {
        Self::at_least(OLDEST_SUPPORTED)
    }

    /// The supported releases that ship `pebble` or a newer one (per [`SHIPS`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::juju::Releases;
    /// use charm_spec::version::PebbleVersion;
    ///
    /// let otel = Releases::shipping(PebbleVersion::new(1, 24, 0));
    /// assert_eq!(otel.to_string(), ">= 3.6.13 and < 4.0.0, or >= 4.0.1");
    /// assert!(Releases::shipping(PebbleVersion::new(1, 27, 0)).is_empty());
    /// ```
    pub fn shipping(pebble: PebbleVersion) -> Self {
        let mut releases = Self::none();
        for (index, entry) in SHIPS.iter().enumerate() {
            if entry.pebble >= pebble {
                let below = SHIPS.get(index + 1).map(|next| next.juju);
                releases = releases.union(&Self::range(entry.juju, below));
            }
        }
        releases.intersect(&Self::supported())
    }

    /// Whether the set is empty.
    ///
    /// # Examples
    ///
    /// See [`Releases::none`].
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Whether `release` is in the set.
    ///
    /// # Examples
    ///
    /// See [`Releases`].
    pub fn contains(&self, release: JujuVersion) -> bool {
        self.ranges
            .iter()
            .any(|(from, below)| *from <= release && below.is_none_or(|below| release < below))
    }

    /// The ranges of the set, oldest first: `(from, below)`, `below` `None` when unbounded.
    ///
    /// # Examples
    ///
    /// ```
    /// let all: Vec<_> = charm_spec::juju::Releases::supported().ranges().collect();
    /// assert_eq!(all, [(charm_spec::juju::OLDEST_SUPPORTED, None)]);
    /// ```
    pub fn ranges(&self) -> impl Iterator<Item = (JujuVersion, Option<JujuVersion>)> + '_ {
        self.ranges.iter().copied()
    }

    /// The releases in both sets.
    ///
    /// # Examples
    ///
    /// See [`Releases`].
    #[must_use]
    pub fn intersect(&self, other: &Self) -> Self {
        let mut ranges = Vec::new();
        for &(a_from, a_below) in &self.ranges {
            for &(b_from, b_below) in &other.ranges {
                let from = a_from.max(b_from);
                let below = match (a_below, b_below) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (bound, None) | (None, bound) => bound,
                };
                if below.is_none_or(|below| from < below) {
                    ranges.push((from, below));
                }
            }
        }
        Self::normalised(ranges)
    }

    /// The releases in either set.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::juju::Releases;
    /// use charm_spec::version::JujuVersion;
    ///
    /// let v = |minor| JujuVersion::new(3, minor, 0);
    /// let set = Releases::below(v(1)).union(&Releases::at_least(v(5))).union(&Releases::at_least(v(6)));
    /// assert_eq!(set.to_string(), "< 3.1.0, or >= 3.5.0");
    /// ```
    #[must_use]
    pub fn union(&self, other: &Self) -> Self {
        let ranges = self.ranges.iter().chain(&other.ranges).copied().collect();
        Self::normalised(ranges)
    }

    /// Sorts `ranges` and merges those that overlap or touch.
    fn normalised(mut ranges: Vec<(JujuVersion, Option<JujuVersion>)>) -> Self {
        ranges.sort_by_key(|(from, _)| *from);
        let mut merged: Vec<(JujuVersion, Option<JujuVersion>)> = Vec::new();
        for (from, below) in ranges {
            match merged.last_mut() {
                Some((_, last_below)) if last_below.is_none_or(|last| from <= last) => {
                    *last_below = match (*last_below, below) {
                        (Some(a), Some(b)) => Some(a.max(b)),
                        _ => None,
                    };
                }
                _ => merged.push((from, below)),
            }
        }
        Self { ranges: merged }
    }

    /// The oldest Pebble a release of the set ships, with the first release that ships it;
    /// `None` for an empty set or one of releases older than any in [`SHIPS`].
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::juju::Releases;
    /// use charm_spec::version::{JujuVersion, PebbleVersion};
    ///
    /// let juju_4 = Releases::at_least(JujuVersion::new(4, 0, 0));
    /// assert_eq!(juju_4.oldest_pebble(), Some((PebbleVersion::new(1, 19, 2), JujuVersion::new(4, 0, 0))));
    /// ```
    pub fn oldest_pebble(&self) -> Option<(PebbleVersion, JujuVersion)> {
        let mut oldest: Option<(PebbleVersion, JujuVersion)> = None;
        for (index, entry) in SHIPS.iter().enumerate() {
            let below = SHIPS.get(index + 1).map(|next| next.juju);
            let first = Self::range(entry.juju, below)
                .intersect(self)
                .ranges
                .first()
                .map(|(from, _)| *from);
            if let Some(first) = first
                && oldest.is_none_or(|(pebble, _)| entry.pebble < pebble)
            {
                oldest = Some((entry.pebble, first));
            }
        }
        oldest
    }

    /// The set as one `assumes` entry, in flow style: `juju >= 3.6.4`,
    /// `all-of: [juju >= 3.6.13, juju < 4.0.0]`, `any-of: [...]`; `None` for an empty set.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::juju::Releases;
    /// use charm_spec::version::PebbleVersion;
    ///
    /// let entry = Releases::shipping(PebbleVersion::new(1, 24, 0)).to_assumes().unwrap();
    /// assert_eq!(entry, "any-of: [{all-of: [juju >= 3.6.13, juju < 4.0.0]}, juju >= 4.0.1]");
    /// ```
    pub fn to_assumes(&self) -> Option<String> {
        let one = |(from, below): (JujuVersion, Option<JujuVersion>)| match (from, below) {
            (ZERO, Some(below)) => format!("juju < {below}"),
            (from, None) => format!("juju >= {from}"),
            (from, Some(below)) => format!("all-of: [juju >= {from}, juju < {below}]"),
        };
        match self.ranges.as_slice() {
            [] => None,
            [range] => Some(one(*range)),
            ranges => {
                let items: Vec<String> = ranges
                    .iter()
                    .map(|range| match one(*range) {
                        group if group.starts_with("all-of") => format!("{{{group}}}"),
                        feature => feature,
                    })
                    .collect();
                Some(format!("any-of: [{}]", items.join(", ")))
            }
        }
    }
}

impl fmt::Display for Releases {
    /// `>= 3.6.13 and < 4.0.0, or >= 4.0.1`; `none` for an empty set.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ranges.is_empty() {
            return f.write_str("none");
        }
        for (index, (from, below)) in self.ranges.iter().enumerate() {
            if index > 0 {
                f.write_str(", or ")?;
            }
            match (*from, below) {
                (ZERO, Some(below)) => write!(f, "< {below}")?,
                (from, None) => write!(f, ">= {from}")?,
                (from, Some(below)) => write!(f, ">= {from} and < {below}")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(major: u32, minor: u32, patch: u32) -> JujuVersion {
        JujuVersion::new(major, minor, patch)
    }

    #[test]
    fn intersections_and_unions_normalise() {
        let a = Releases::at_least(v(3, 6, 0)).intersect(&Releases::below(v(3, 6, 4)));
        let b = Releases::at_least(v(3, 6, 4)).intersect(&Releases::below(v(4, 0, 0)));
        assert_eq!(a.union(&b).to_string(), ">= 3.6.0 and < 4.0.0");
        assert!(a.intersect(&b).is_empty());
        assert!(
            Releases::below(v(3, 6, 0))
                .intersect(&Releases::supported())
                .is_empty()
        );
        assert_eq!(Releases::all().union(&Releases::none()), Releases::all());
        assert_eq!(Releases::none().to_string(), "none");
    }

    #[test]
    fn shipping_follows_the_table() {
        let shipping = |minor| Releases::shipping(PebbleVersion::new(1, minor, 0)).to_string();
        assert_eq!(shipping(16), ">= 3.6.0");
        assert_eq!(shipping(19), ">= 3.6.4");
        assert_eq!(shipping(20), ">= 3.6.13 and < 4.0.0, or >= 4.0.1");
    }

    #[test]
    fn oldest_pebble_of_a_range() {
        let lts_tail = Releases::at_least(v(3, 6, 13)).intersect(&Releases::below(v(4, 0, 0)));
        assert_eq!(
            lts_tail.oldest_pebble(),
            Some((PebbleVersion::new(1, 26, 0), v(3, 6, 13)))
        );
        let from_3_6_13 = Releases::at_least(v(3, 6, 13));
        assert_eq!(
            from_3_6_13.oldest_pebble(),
            Some((PebbleVersion::new(1, 19, 2), v(4, 0, 0)))
        );
        assert_eq!(
            Releases::supported().oldest_pebble(),
            Some((PebbleVersion::new(1, 16, 0), v(3, 6, 0)))
        );
        assert_eq!(Releases::below(v(2, 0, 0)).oldest_pebble(), None);
    }

    #[test]
    fn renders_assumes_entries() {
        let entry = |set: Releases| set.to_assumes().unwrap();
        assert_eq!(entry(Releases::at_least(v(3, 6, 4))), "juju >= 3.6.4");
        assert_eq!(entry(Releases::below(v(4, 0, 0))), "juju < 4.0.0");
        let lts = Releases::at_least(v(3, 6, 13)).intersect(&Releases::below(v(4, 0, 0)));
        assert_eq!(entry(lts), "all-of: [juju >= 3.6.13, juju < 4.0.0]");
        assert_eq!(Releases::none().to_assumes(), None);
    }
}
