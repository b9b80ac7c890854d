//! Calls and options that need a newer Pebble than the one under test (`PEBBLE_BIN`) fail
//! with `Error::NeedsNewerPebble` naming the feature and the releases that have it; on a
//! Pebble that has them they work. Run against each supported release:
//! `scripts/test.sh --pebble v1.16.0 --real-pebble`.

// Test code: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeMap;

use charm_runtime::layer::Layer;
use charm_runtime::pebble::identities::{Access, Identity};
use charm_runtime::pebble::{Client, Error, PebbleVersion};
use charm_spec::pebble::feature;
use charm_tests::versions::assert_lacks;
use charm_tests::{RealPebble, pebble_or_skip};

const CHECK_LAYER: &str =
    "checks:\n  up:\n    override: replace\n    period: 10s\n    exec:\n      command: \"true\"\n";

fn running(pebble: &RealPebble) -> PebbleVersion {
    pebble.version().parse::<PebbleVersion>().unwrap()
}

/// Asserts `result` is the typed error for feature `id` when the daemon lacks it
/// ([`assert_lacks`]), and not that error when it has it (the call may still fail for its own
/// reasons then).
fn check<T: std::fmt::Debug>(id: &str, version: PebbleVersion, result: Result<T, Error>) {
    let feature = feature(id).unwrap();
    if !version.has(feature) {
        assert_lacks(result, feature, version);
    } else if let Err(err) = &result {
        assert!(
            err.needs_newer_pebble().is_none(),
            "{id} on {version}: {err:?}"
        );
    }
}

async fn with_check(client: &Client) {
    client.add_layer_yaml("base", CHECK_LAYER).await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn missing_endpoints_are_typed_errors() {
    let pebble = pebble_or_skip!();
    let version = running(&pebble);
    let client = pebble.client();
    with_check(&client).await;
    check(
        "checks-start-stop",
        version,
        client.stop_checks(&["up"]).await,
    );
    check(
        "checks-start-stop",
        version,
        client.start_checks(&["up"]).await,
    );
    check("checks-refresh", version, client.refresh_check("up").await);
    check("metrics", version, client.metrics().await);
    // A missing object on an existing endpoint is not mistaken for a missing endpoint.
    let err = client.change(&"999".into()).await.unwrap_err();
    assert!(err.needs_newer_pebble().is_none(), "{err:?}");
    assert!(err.is_not_found(), "{err:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn options_an_old_pebble_would_ignore_are_refused_before_sending() {
    let pebble = pebble_or_skip!();
    let version = running(&pebble);
    let client = pebble.client();
    // AddLayer::inner: an old Pebble would add "base.d/web" as a plain label.
    let layer = Layer::from_yaml("summary: inner\n").unwrap();
    let result = client.add_layer("base.d/web", &layer).inner(true).await;
    check("layers-inner", version, result);
    if !feature("layers-inner").unwrap().available_in(version) {
        let layers = std::fs::read_dir(pebble.pebble_dir().join("layers"));
        assert!(
            layers.is_err() || layers.unwrap().count() == 0,
            "nothing added"
        );
    }
    // Identities: basic next to local would be dropped silently by v1.16.
    let basic = BTreeMap::from([(
        "web".to_owned(),
        Some(
            Identity::new(Access::Read)
                .with_local(4242)
                .with_basic("$6$salt$hash"),
        ),
    )]);
    // The first requirement the daemon misses is the one named.
    let needed = if !feature("identity-basic").unwrap().available_in(version) {
        "identity-basic"
    } else {
        "identity-basic-any-access"
    };
    check(needed, version, client.replace_identities(&basic).await);
    let identities = client.identities().await.unwrap();
    if !feature("identity-basic-any-access")
        .unwrap()
        .available_in(version)
    {
        assert!(
            !identities.contains_key("web"),
            "nothing was stored: {identities:?}"
        );
    }
}

#[tokio::test(flavor = "current_thread")]
async fn layer_fields_an_old_pebble_lacks_are_typed_errors() {
    let pebble = pebble_or_skip!();
    let version = running(&pebble);
    let client = pebble.client();
    let layer = Layer::from_yaml(
        "checks:\n  up:\n    override: replace\n    startup: enabled\n    exec:\n      command: \"true\"\n",
    )
    .unwrap();
    check(
        "check-startup",
        version,
        client.add_layer("startup", &layer).await,
    );
}

#[tokio::test(flavor = "current_thread")]
async fn the_version_is_asked_once_and_only_when_needed() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    assert!(client.has_feature("plan").await.unwrap());
    let version = client.pebble_version().await.unwrap().unwrap();
    assert_eq!(version, running(&pebble));
    assert_eq!(
        client.has_feature("checks-refresh").await.unwrap(),
        feature("checks-refresh").unwrap().available_in(version)
    );
    assert!(client.has_feature("teleport").await.is_err());
}
