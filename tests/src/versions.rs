//! What a test expects from a Pebble release that lacks a feature.
//!
//! CI runs the real-Pebble suites against the Pebble of each supported Juju
//! (`docs/pebble-versions.md`). A test of a newer feature asks
//! [`PebbleVersion::has`](charm_runtime::testing::PebbleVersion::has) and, on an older
//! release, asserts the failure through [`assert_lacks`]: the one place that says what the
//! client makes of a Pebble without the feature (a typed error that names it).

// Test helpers fail loudly, like the tests that call them.
#![allow(clippy::panic)]

use std::fmt::Debug;

use charm_runtime::pebble::Error;
use charm_runtime::testing::PebbleVersion;
use charm_spec::pebble::Feature;

/// Asserts that `result` is how a call of `feature` fails on release `version`, which lacks
/// it: the client refuses it with [`Error::NeedsNewerPebble`] naming the feature, the release
/// that added it, the first Juju that ships that release and the release running, whether
/// the old Pebble answered a bare 404 or 405 (an endpoint it lacks) or would have ignored the
/// option (an identity field it lacks).
///
/// `feature` is a row of `charm_spec::pebble::FEATURES`, or the fake's `PebbleFeature` that
/// names one.
///
/// # Panics
///
/// When `version` has `feature`, or when `result` is not that error.
pub fn assert_lacks<T: Debug>(
    result: Result<T, Error>,
    feature: impl AsRef<Feature>,
    version: PebbleVersion,
) {
    let feature = feature.as_ref();
    assert!(
        !version.has(feature),
        "{version} has {} (since {}): the call should work",
        feature.id,
        feature.pebble
    );
    let err = match result {
        Err(err) => err,
        Ok(answer) => panic!(
            "{version} lacks {}, yet the call succeeded: {answer:?}",
            feature.id
        ),
    };
    assert_eq!(
        err.needs_newer_pebble().map(|f| f.id),
        Some(feature.id),
        "expected a typed 'needs a newer Pebble' error for {} on {version}, got {err:?}",
        feature.id
    );
    let message = err.to_string();
    let juju = feature.juju().map(|juju| format!("Juju >= {juju}"));
    for part in [
        Some(feature.pebble.to_string()),
        juju,
        Some(version.to_string()),
    ]
    .into_iter()
    .flatten()
    {
        assert!(message.contains(&part), "{message:?} does not name {part}");
    }
}
