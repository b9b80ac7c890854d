//! What a test expects from a Pebble release that lacks a feature.
//!
//! CI runs the real-Pebble suites against the Pebble of each supported Juju
//! (`docs/pebble-versions.md`). A test of a newer feature asks
//! [`PebbleVersion::has`](charm_runtime::testing::PebbleVersion::has) and, on an older
//! release, asserts the failure through [`assert_lacks`]: the one place that says what the
//! client makes of a Pebble without the feature.

// Test helpers fail loudly, like the tests that call them.
#![allow(clippy::panic)]

use std::fmt::Debug;

use charm_runtime::pebble::Error;
use charm_runtime::testing::{PebbleFeature, PebbleVersion};

/// Asserts that `result` is how a call of `feature` fails on release `version`, which lacks
/// it.
///
/// Today the client passes the old Pebble's answer on: the measured 404 or 405 with no
/// `kind` (`docs/pebble-versions.md`, "What an older Pebble answers"). When the client
/// reports a missing feature as a typed error naming it and the release that added it, this
/// is the one function to change.
///
/// For identities, the request is the one the tests send: a `metrics` identity (for
/// [`PebbleFeature::IdentityAccessMetrics`]), a basic identity alone
/// ([`PebbleFeature::IdentityBasic`]), a basic identity with `read` access
/// ([`PebbleFeature::IdentityBasicAnyAccess`]), a certificate identity alone
/// ([`PebbleFeature::IdentityCert`]).
///
/// # Panics
///
/// When `version` has `feature`, when `result` is not that failure, or for a feature that is
/// not something a request needs (a layer field, an answer field: those tests compare what
/// the release answers).
pub fn assert_lacks<T: Debug>(
    result: Result<T, Error>,
    feature: PebbleFeature,
    version: PebbleVersion,
) {
    assert!(
        !version.has(feature),
        "{version} has {} (since {}): the call should work",
        feature.id(),
        feature.since()
    );
    let no_type = if version.has(PebbleFeature::IdentityBasic) {
        "cannot decode request body: identity must have at least one type (\"local\" or \"basic\")"
    } else {
        "cannot decode request body: identity must have at least one type (\"local\")"
    };
    let (status, message) = match feature {
        PebbleFeature::ChecksStartStop => (405, "method \"POST\" not allowed"),
        PebbleFeature::ChecksRefresh | PebbleFeature::Metrics => {
            (404, "invalid API endpoint requested")
        }
        // Identities the release cannot store (the tests send these ones).
        PebbleFeature::IdentityAccessMetrics => (
            400,
            "cannot decode request body: invalid access value \"metrics\", must be \"admin\", \
             \"read\", or \"untrusted\"",
        ),
        PebbleFeature::IdentityBasic | PebbleFeature::IdentityCert => (400, no_type),
        PebbleFeature::IdentityBasicAnyAccess => (
            400,
            "cannot decode request body: basic identity can only have \"metrics\" access, got \
             \"read\"",
        ),
        other => panic!("{} is not something a request can need", other.id()),
    };
    match result {
        Err(Error::Api {
            status: got,
            kind: None,
            message: text,
        }) if got == status && text == message => {}
        other => panic!(
            "expected {version}'s answer to a call of {} ({status} {message:?}), got {other:?}",
            feature.id()
        ),
    }
}
