//! Which Pebble each Juju release ships, and which Juju releases a charm targets.
//!
//! Juju injects its own Pebble into every workload container, so what a charm may use
//! depends on the Juju it runs on. [`SHIPS`] says which Pebble each Juju release ships
//! (researched in `docs/pebble-versions.md`; a test checks the feature table there against
//! it); [`Releases`] is a set of Juju releases; [`Target`] is what a charm's `assumes` in
//! `charmcraft.yaml` admits, and so the oldest Pebble the charm may meet.
//!
//! # Examples
//!
//! ```
//! use charm_spec::juju::{self, OLDEST_SUPPORTED};
//! use charm_spec::version::{JujuVersion, PebbleVersion};
//!
//! assert_eq!(juju::pebble_of(OLDEST_SUPPORTED), Some(PebbleVersion::new(1, 16, 0)));
//! let first = juju::first_shipping(PebbleVersion::new(1, 19, 0));
//! assert_eq!(first, Some(JujuVersion::new(3, 6, 4)));
//! ```

mod releases;
mod target;

pub use releases::Releases;
pub use target::{Target, TargetError};

use crate::version::{JujuVersion, PebbleVersion};

/// The oldest Juju release charm-rs supports: Juju 3.6.0, the first of the 3.6 LTS series
/// (Pebble v1.16.0). A charm without `assumes` is checked against it.
///
/// # Examples
///
/// ```
/// assert_eq!(charm_spec::juju::OLDEST_SUPPORTED.to_string(), "3.6.0");
/// ```
pub const OLDEST_SUPPORTED: JujuVersion = JujuVersion::new(3, 6, 0);

/// From which Juju release on which Pebble is shipped: each entry holds until the next
/// one's `juju`.
///
/// # Examples
///
/// ```
/// let first = &charm_spec::juju::SHIPS[0];
/// assert_eq!((first.juju.to_string(), first.pebble.to_string()), ("2.9.0".into(), "v1.1.1".into()));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ships {
    /// The first Juju release of the entry.
    pub juju: JujuVersion,
    /// The oldest Pebble a release of the entry ships.
    pub pebble: PebbleVersion,
    /// How we know, and what is not certain.
    pub source: &'static str,
}

/// Which Pebble the Juju releases ship, oldest Juju first (Juju 3.0 is left out: its Pebble
/// is not known here, and it is long out of support).
///
/// Where a range of releases may ship one of two Pebbles, the entry holds the older one, so
/// that a charm is never told a feature is there when it may not be.
///
/// # Examples
///
/// ```
/// use charm_spec::juju::SHIPS;
///
/// assert!(SHIPS.windows(2).all(|pair| pair[0].juju < pair[1].juju));
/// ```
pub const SHIPS: &[Ships] = &[
    ships(
        2,
        9,
        0,
        (1, 1, 1),
        "juju/juju 2.9 go.mod; ops' versions page",
    ),
    ships(3, 1, 0, (1, 4, 2), "ops' versions page"),
    ships(3, 2, 0, (1, 4, 0), "ops' versions page"),
    ships(3, 3, 0, (1, 4, 2), "ops' versions page"),
    ships(3, 4, 0, (1, 7, 4), "ops' versions page"),
    ships(3, 5, 0, (1, 10, 2), "ops' versions page"),
    ships(
        3,
        6,
        0,
        (1, 16, 0),
        "juju/juju pull request 17991; 3.6.1 to 3.6.3 may ship v1.17.0 (pull request 18462)",
    ),
    ships(
        3,
        6,
        4,
        (1, 19, 0),
        "juju/juju pull request 19037 (v1.19 before 3.6.4); v1.19.2 by 3.6.12",
    ),
    ships(3, 6, 13, (1, 26, 0), "juju/juju pull request 21335"),
    ships(
        4,
        0,
        0,
        (1, 19, 2),
        "released 2025-11-14, when the 4.0 branch still had v1.19.2",
    ),
    ships(
        4,
        0,
        1,
        (1, 26, 0),
        "ops' versions page; juju/juju issue 22903; not confirmed from a release tag",
    ),
];

/// One entry of [`SHIPS`].
const fn ships(
    major: u32,
    minor: u32,
    patch: u32,
    pebble: (u32, u32, u32),
    source: &'static str,
) -> Ships {
    Ships {
        juju: JujuVersion::new(major, minor, patch),
        pebble: PebbleVersion::new(pebble.0, pebble.1, pebble.2),
        source,
    }
}

/// The Pebble Juju release `juju` ships (the oldest it may ship), or `None` for a release
/// older than any in [`SHIPS`].
///
/// # Examples
///
/// ```
/// use charm_spec::juju::pebble_of;
/// use charm_spec::version::{JujuVersion, PebbleVersion};
///
/// assert_eq!(pebble_of(JujuVersion::new(3, 6, 12)), Some(PebbleVersion::new(1, 19, 0)));
/// assert_eq!(pebble_of(JujuVersion::new(4, 0, 0)), Some(PebbleVersion::new(1, 19, 2)));
/// assert_eq!(pebble_of(JujuVersion::new(2, 8, 0)), None);
/// ```
pub fn pebble_of(juju: JujuVersion) -> Option<PebbleVersion> {
    SHIPS
        .iter()
        .rev()
        .find(|entry| entry.juju <= juju)
        .map(|entry| entry.pebble)
}

/// The first Juju release that ships `pebble` or a newer one, or `None` when no Juju does
/// yet. (A later release may ship an older Pebble: Juju 4.0.0 ships v1.19.2 after 3.6.13
/// shipped v1.26.0; [`Releases::shipping`] gives every release that has it.)
///
/// # Examples
///
/// ```
/// use charm_spec::juju::first_shipping;
/// use charm_spec::version::PebbleVersion;
///
/// assert_eq!(first_shipping(PebbleVersion::new(1, 24, 0)).unwrap().to_string(), "3.6.13");
/// assert_eq!(first_shipping(PebbleVersion::new(1, 27, 0)), None);
/// ```
pub fn first_shipping(pebble: PebbleVersion) -> Option<JujuVersion> {
    SHIPS
        .iter()
        .find(|entry| entry.pebble >= pebble)
        .map(|entry| entry.juju)
}

/// The Pebble releases that supported Juju releases ship, oldest first: the versions a charm
/// may meet.
///
/// # Examples
///
/// ```
/// let shipped: Vec<String> = charm_spec::juju::supported_pebbles().iter().map(ToString::to_string).collect();
/// assert_eq!(shipped, ["v1.16.0", "v1.19.0", "v1.19.2", "v1.26.0"]);
/// ```
pub fn supported_pebbles() -> Vec<PebbleVersion> {
    let mut pebbles: Vec<PebbleVersion> = SHIPS
        .iter()
        .filter(|entry| entry.juju >= OLDEST_SUPPORTED)
        .map(|entry| entry.pebble)
        .collect();
    pebbles.sort_unstable();
    pebbles.dedup();
    pebbles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_starts_the_supported_range() {
        assert!(SHIPS.windows(2).all(|pair| pair[0].juju < pair[1].juju));
        assert!(SHIPS.iter().any(|entry| entry.juju == OLDEST_SUPPORTED));
    }

    #[test]
    fn every_release_maps_to_the_entry_below_it() {
        let pebble = |major, minor, patch| pebble_of(JujuVersion::new(major, minor, patch));
        assert_eq!(pebble(3, 6, 3), Some(PebbleVersion::new(1, 16, 0)));
        assert_eq!(pebble(3, 6, 4), Some(PebbleVersion::new(1, 19, 0)));
        assert_eq!(pebble(3, 6, 40), Some(PebbleVersion::new(1, 26, 0)));
        assert_eq!(pebble(4, 0, 1), Some(PebbleVersion::new(1, 26, 0)));
        assert_eq!(pebble(5, 2, 0), Some(PebbleVersion::new(1, 26, 0)));
        assert_eq!(pebble(3, 0, 5), Some(PebbleVersion::new(1, 1, 1)));
    }

    #[test]
    fn first_shipping_skips_older_pebbles() {
        let first = |minor| first_shipping(PebbleVersion::new(1, minor, 0)).map(|v| v.to_string());
        assert_eq!(first(1).as_deref(), Some("2.9.0"));
        assert_eq!(first(5).as_deref(), Some("3.4.0"));
        assert_eq!(first(15).as_deref(), Some("3.6.0"));
        assert_eq!(first(17).as_deref(), Some("3.6.4"));
        assert_eq!(first(20).as_deref(), Some("3.6.13"));
        assert_eq!(first(26).as_deref(), Some("3.6.13"));
        assert_eq!(first(27), None);
    }
}
