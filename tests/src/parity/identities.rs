//! Identities: replace, list, remove, and the types and accesses each release knows.

use std::collections::BTreeMap;

use charm_runtime::pebble::identities::{Access, Identity};
use charm_runtime::testing::PebbleFeature;

use super::{Backend, api_error};
use crate::versions::assert_lacks;

/// A self-signed certificate (P-256, valid until 2126), for certificate identities.
const CERT: &str = "-----BEGIN CERTIFICATE-----
MIIBgzCCASmgAwIBAgIUJ4bXCev73sXefdmlVutuS13fy1cwCgYIKoZIzj0EAwIw
FjEUMBIGA1UEAwwLcGFyaXR5LXRlc3QwIBcNMjYxMjAxMDMyNzM4WhgPMjEyNjEx
MDcwMzI3MzhaMBYxFDASBgNVBAMMC3Bhcml0eS10ZXN0MFkwEwYHKoZIzj0CAQYI
KoZIzj0DAQcDQgAEsiPEeM3o7/Y1bKpEImLWu8m+I3NK7NIJzrglBMg1Y4pV/bkS
49WxOv+KfvmDw/5v3Zh+RsY7j7v394RETTI2MqNTMFEwHQYDVR0OBBYEFPzLYGvz
x/qvqztcJKfX4SdE8zz/MB8GA1UdIwQYMBaAFPzLYGvzx/qvqztcJKfX4SdE8zz/
MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIgC0Ue/c6pg0tXFq2U
YarX/y3Lbdw1ZquqKlFCtUE1kOcCIQCYQ8sO1NPlmrKg8sUMdK17pmDEiN++GhWn
Fl+rlGbaqA==
-----END CERTIFICATE-----
";

/// A SHA-512 crypt hash, as ops' test uses.
const PASSWORD_HASH: &str = "$6$et3kBQywmQQ./htQ$MuUHB8DyxOzZT//NXas0aT.P0j0DJA8fCWvpOJ9kn9O0HIlAvEcAJVGQ6OVr23ndtK9kiNgCnMs2NJtDe/nhC1";

fn identities(entries: &[(&str, Option<Identity>)]) -> BTreeMap<String, Option<Identity>> {
    entries
        .iter()
        .map(|(name, identity)| ((*name).to_owned(), identity.clone()))
        .collect()
}

/// Identities: replace adds, get masks nothing for local ones, remove deletes.
pub async fn identities_replace_get_remove(b: &impl Backend) {
    let client = b.client();
    let mut wanted = BTreeMap::new();
    wanted.insert(
        "alice".to_owned(),
        Some(Identity::local(Access::Read, 1000)),
    );
    client.replace_identities(&wanted).await.unwrap();
    let got = client.identities().await.unwrap();
    let alice = &got["alice"];
    assert_eq!(alice.access, Access::Read);
    assert_eq!(alice.local.as_ref().map(|l| l.user_id), Some(1000));

    client.remove_identities(&["alice"]).await.unwrap();
    assert!(!client.identities().await.unwrap().contains_key("alice"));
    let err = client.remove_identities(&["alice"]).await.unwrap_err();
    assert_eq!(
        api_error(&err),
        (400, None, "identities do not exist: alice")
    );
}

/// ops: `test_identities`. A basic identity with `metrics` access (v1.19.0) and a local one
/// are stored, the password masked; a replace updates; a remove empties. Then the types and
/// accesses each release refuses.
pub async fn identities_of_each_type(b: &impl Backend) {
    let client = b.client();
    let version = b.version();
    assert!(client.identities().await.unwrap().is_empty());
    let web = Identity::new(Access::Metrics).with_basic(PASSWORD_HASH);
    let alice = Identity::new(Access::Admin).with_local(42);
    let both = identities(&[("web", Some(web)), ("alice", Some(alice.clone()))]);
    let replaced = client.replace_identities(&both).await;
    let mut stored = BTreeMap::new();
    if version.has(PebbleFeature::IdentityAccessMetrics) {
        replaced.unwrap();
        stored.insert(
            "web".to_owned(),
            Identity::new(Access::Metrics).with_basic("*****"),
        );
    } else {
        assert_lacks(replaced, PebbleFeature::IdentityAccessMetrics, version);
        assert!(
            client.identities().await.unwrap().is_empty(),
            "nothing stored"
        );
        client
            .replace_identities(&identities(&[("alice", Some(alice))]))
            .await
            .unwrap();
    }
    stored.insert("alice".to_owned(), Identity::local(Access::Admin, 42));
    assert_eq!(client.identities().await.unwrap(), stored);

    let moved = identities(&[("alice", Some(Identity::local(Access::Admin, 1000)))]);
    client.replace_identities(&moved).await.unwrap();
    stored.insert("alice".to_owned(), Identity::local(Access::Admin, 1000));
    assert_eq!(client.identities().await.unwrap(), stored);
    let names: Vec<&str> = stored.keys().map(String::as_str).collect();
    client.remove_identities(&names).await.unwrap();
    assert!(client.identities().await.unwrap().is_empty());

    // A basic identity alone, with `read` access.
    let reader = identities(&[(
        "reader",
        Some(Identity::new(Access::Read).with_basic(PASSWORD_HASH)),
    )]);
    let added = client.replace_identities(&reader).await;
    if !version.has(PebbleFeature::IdentityBasic) {
        assert_lacks(added, PebbleFeature::IdentityBasic, version);
    } else if !version.has(PebbleFeature::IdentityBasicAnyAccess) {
        assert_lacks(added, PebbleFeature::IdentityBasicAnyAccess, version);
    } else {
        added.unwrap();
        let got = client.identities().await.unwrap();
        assert_eq!(
            got["reader"],
            Identity::new(Access::Read).with_basic("*****")
        );
    }

    // A certificate identity alone.
    let certified = identities(&[("certy", Some(Identity::new(Access::Read).with_cert(CERT)))]);
    let added = client.replace_identities(&certified).await;
    if version.has(PebbleFeature::IdentityCert) {
        added.unwrap();
        let got = client.identities().await.unwrap();
        assert_eq!(
            got["certy"],
            Identity::new(Access::Read).with_cert("*****"),
            "masked"
        );
    } else {
        assert_lacks(added, PebbleFeature::IdentityCert, version);
    }

    // An identity of no type names the types of the release.
    let mut types = vec!["\"local\""];
    if version.has(PebbleFeature::IdentityBasic) {
        types.push("\"basic\"");
    }
    if version.has(PebbleFeature::IdentityCert) {
        types.push("\"cert\"");
    }
    let types = match types.as_slice() {
        [one] => (*one).to_owned(),
        [a, b] => format!("{a} or {b}"),
        [a, b, c] => format!("{a}, {b}, or {c}"),
        other => panic!("{other:?}"),
    };
    let reason = format!("identity must have at least one type ({types})");
    let expected = if version.has(PebbleFeature::IdentityErrorsNamed) {
        format!("invalid identity for \"nobody\": {reason}")
    } else {
        format!("cannot decode request body: {reason}")
    };
    let err = client
        .replace_identities(&identities(&[(
            "nobody",
            Some(Identity::new(Access::Read)),
        )]))
        .await
        .unwrap_err();
    assert_eq!(api_error(&err), (400, None, expected.as_str()));
}
