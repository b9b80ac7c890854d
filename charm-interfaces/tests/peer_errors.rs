//! What a peer writes wrong becomes a typed error that names where it is, and the
//! requirer's own data stays as it was.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;

use charm_interfaces::Interface;
use charm_interfaces::database::{DatabaseRequirer, Protocol};
use charm_interfaces::tls::TlsRequirer;
use charm_runtime::testing::MemorySecret;
use charm_runtime::testing::harness::{Context, State, TestEvent};
use common::RustSide;

/// Runs `event` through `library` and returns the error message `observe` gave.
fn observe_error<L: Interface + Sync>(side: &RustSide, library: &L, event: TestEvent) -> String {
    let message = std::sync::Arc::new(std::sync::Mutex::new(None));
    let sink = message.clone();
    let mut state = State::default();
    state.juju = side.state.clone();
    let out = Context::new()
        .unit("web/0")
        .run_fn(event, state, |ctx| async move {
            if let Err(err) = library.observe(&ctx).await {
                *sink.lock().unwrap() = Some(err.to_string());
            }
            Ok(())
        })
        .unwrap();
    assert_eq!(out.exit_code, 0);
    message.lock().unwrap().take().expect("observe succeeded")
}

#[test]
fn a_provider_certificates_value_that_is_not_json_is_an_error_naming_it() {
    let tls = TlsRequirer::new("certificates", "web.example.com");
    let mut web = RustSide::new("tls-certificates", "certificates", 7, "ca");
    web.run(&tls, TestEvent::relation_created("certificates", 7, "ca"));
    let before = web.bag("web/0");
    web.state.relations.get_mut(&7).unwrap().data.insert(
        "ca".to_owned(),
        BTreeMap::from([("certificates".to_owned(), "[{\"ca\": ".to_owned())]),
    );
    let message = observe_error(
        &web,
        &tls,
        TestEvent::relation_changed("certificates", 7, "ca/0"),
    );
    assert!(
        message.starts_with("relation certificates:7: ca bag, key \"certificates\": "),
        "{message}"
    );
    assert_eq!(web.bag("web/0"), before);
}

#[test]
fn a_provider_requests_value_of_the_wrong_shape_is_an_error_naming_it() {
    let db = DatabaseRequirer::new("database", "mydb").protocol(Protocol::V1);
    let mut web = RustSide::new("database", "database", 3, "postgresql");
    web.run(
        &db,
        TestEvent::relation_created("database", 3, "postgresql"),
    );
    web.state.relations.get_mut(&3).unwrap().data.insert(
        "postgresql".to_owned(),
        BTreeMap::from([("requests".to_owned(), "{\"resource\": \"mydb\"}".to_owned())]),
    );
    let message = observe_error(
        &web,
        &db,
        TestEvent::relation_changed("database", 3, "postgresql/0"),
    );
    assert!(
        message.starts_with("relation database:3: postgresql bag, key \"requests\": "),
        "{message}"
    );
}

#[test]
fn a_credentials_secret_without_a_password_is_an_error_naming_the_secret() {
    let db = DatabaseRequirer::new("database", "mydb");
    let mut web = RustSide::new("database", "database", 4, "postgresql");
    web.state.relations.get_mut(&4).unwrap().data.insert(
        "postgresql".to_owned(),
        BTreeMap::from([
            ("endpoints".to_owned(), "pg:5432".to_owned()),
            ("secret-user".to_owned(), "secret:user".to_owned()),
        ]),
    );
    web.state.secrets.insert(
        "secret:user".to_owned(),
        MemorySecret {
            revision: 1,
            content: BTreeMap::from([("username".to_owned(), "relation_4".to_owned())]),
            ..Default::default()
        },
    );
    let message = observe_error(
        &web,
        &db,
        TestEvent::relation_changed("database", 4, "postgresql/0"),
    );
    assert_eq!(
        message,
        "secret \"database.4.user.secret\": no password field"
    );
}
