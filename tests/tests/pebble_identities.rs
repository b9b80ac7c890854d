//! Identities: replace, list and remove against a real Pebble.

// Test helpers fail loudly, like the tests that call them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use charm_runtime::pebble::Error;
use charm_runtime::pebble::identities::{Access, Identity, LocalIdentity};
use charm_runtime::testing::PebbleFeature;
use charm_tests::pebble_or_skip;
use charm_tests::versions::assert_lacks;

// A string in SHA-512-crypt form; Pebble stores it as given and masks it when listing.
const HASH: &str = "$6$saltsalt$8sCZpAiL7XxH7T7hUQz3A8SBmcvzT5Y1XHuN6JX3Jtsd5Gf8fXEnY/YMhXx4vrsKO3j3cVb9ufBKpPf2KeDkI/";

#[tokio::test(flavor = "current_thread")]
async fn identities_are_replaced_listed_and_removed() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    assert!(client.identities().await.unwrap().is_empty());

    let alice = (
        "alice".to_owned(),
        Some(Identity::local(Access::Read, 1000)),
    );
    let scraper = (
        "scraper".to_owned(),
        Some(Identity::new(Access::Metrics).with_basic(HASH)),
    );
    let version = pebble.pebble_version();
    if !version.has(PebbleFeature::IdentityAccessMetrics) {
        // A metrics identity is refused whole, alice with it; alice alone is stored.
        let both = BTreeMap::from([alice.clone(), scraper]);
        let refused = client.replace_identities(&both).await;
        assert_lacks(refused, PebbleFeature::IdentityAccessMetrics, version);
        assert!(client.identities().await.unwrap().is_empty());
        client
            .replace_identities(&BTreeMap::from([alice]))
            .await
            .unwrap();
        let listed = client.identities().await.unwrap();
        assert_eq!(listed.keys().collect::<Vec<_>>(), ["alice"]);
        assert_eq!(listed["alice"].local, Some(LocalIdentity { user_id: 1000 }));
        client.remove_identities(&["alice"]).await.unwrap();
        assert!(client.identities().await.unwrap().is_empty());
        return;
    }
    client
        .replace_identities(&BTreeMap::from([alice, scraper]))
        .await
        .unwrap();

    let listed = client.identities().await.unwrap();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert_eq!(listed["alice"].access, Access::Read);
    assert_eq!(listed["alice"].local, Some(LocalIdentity { user_id: 1000 }));
    assert_eq!(listed["scraper"].access, Access::Metrics);
    assert_eq!(
        listed["scraper"].basic.as_ref().unwrap().password,
        "*****",
        "secrets are masked"
    );

    // Replace upserts, and None removes.
    let changes = BTreeMap::from([
        (
            "alice".to_owned(),
            Some(Identity::local(Access::Admin, 1000)),
        ),
        ("scraper".to_owned(), None),
    ]);
    client.replace_identities(&changes).await.unwrap();
    let listed = client.identities().await.unwrap();
    assert_eq!(listed.keys().collect::<Vec<_>>(), ["alice"]);
    assert_eq!(listed["alice"].access, Access::Admin);

    client.remove_identities(&["alice"]).await.unwrap();
    assert!(client.identities().await.unwrap().is_empty());

    let err = client.remove_identities(&["alice"]).await.unwrap_err();
    assert!(
        matches!(&err, Error::Api { status: 400, message, .. } if message.contains("alice")),
        "{err:?}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn invalid_identities_are_refused_whole() {
    let pebble = pebble_or_skip!();
    let client = pebble.client();
    let changes = BTreeMap::from([
        ("ok".to_owned(), Some(Identity::local(Access::Read, 1000))),
        ("nocreds".to_owned(), Some(Identity::new(Access::Read))),
    ]);
    let err = client.replace_identities(&changes).await.unwrap_err();
    assert!(matches!(err, Error::Api { status: 400, .. }), "{err:?}");
    assert!(client.identities().await.unwrap().is_empty());
}
